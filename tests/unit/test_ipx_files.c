/* test_ipx_files.c - the IPX route file (`NETWORK [HOPS [TICKS]]`) and the SAP service file
 * (`TYPE NAME NETWORK NODE SOCKET [HOPS]`) of autostatic-routes(5): values, defaults, and
 * errors naming the file and line. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "src/ipx/ipx_files.h"

static FILE *text(const char *s)
{
	FILE *f = fmemopen((void *)(uintptr_t)s, strlen(s), "r");
	assert_non_null(f);
	return f;
}

static int routes(const char *s, struct as_rtable *t, char *err, size_t len)
{
	FILE *f = text(s);
	int rc = as_ipx_routefile_read(f, "r.conf", t, err, len);
	fclose(f);
	return rc;
}

static int services(const char *s, struct as_svctable *t, char *err, size_t len)
{
	FILE *f = text(s);
	int rc = as_svcfile_read(f, "s.conf", t, err, len);
	fclose(f);
	return rc;
}

static const struct as_route *net(const struct as_rtable *t, uint32_t n)
{
	uint8_t p[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
	return as_rtable_get(t, AS_RT_IPX, p, 32);
}

static void test_routes_ok(void **state)
{
	(void)state;
	struct as_rtable t;
	as_rtable_init(&t);
	char err[256] = "";
	assert_int_equal(routes("# IPX networks\n"
	                        "abcd\n"
	                        "0x00001200 3   # comment\n"
	                        "\n"
	                        "  DEADBEEF\t15 65535\n"
	                        "1 2 7\n",
	                        &t, err, sizeof err),
	                 0);
	assert_int_equal(t.n, 4);
	const struct as_route *r = net(&t, 0xABCD);
	assert_non_null(r);
	assert_int_equal(r->family, AS_RT_IPX);
	assert_int_equal(r->plen, 32);
	assert_int_equal(r->metric, 1);
	assert_int_equal(r->tag, 2); /* default ticks: hops + 1 */
	assert_int_equal(net(&t, 0x1200)->metric, 3);
	assert_int_equal(net(&t, 0x1200)->tag, 4);
	assert_int_equal(net(&t, 0xDEADBEEF)->metric, 15);
	assert_int_equal(net(&t, 0xDEADBEEF)->tag, 65535);
	assert_int_equal(net(&t, 1)->tag, 7);
	assert_memory_equal(t.r[0].prefix, "\x00\x00\xab\xcd", 4); /* file order */
	as_rtable_free(&t);
}

static void test_routes_errors(void **state)
{
	(void)state;
	static const struct {
		const char *in, *msg;
	} cases[] = {
	    {"abcd\n123456789\n", "r.conf:2: IPX network must be 1 to 8 hex digits: '123456789'"},
	    {"0\n", "r.conf:1: IPX network 0 and FFFFFFFF are reserved: '0'"},
	    {"ffffffff\n", "r.conf:1: IPX network 0 and FFFFFFFF are reserved: 'ffffffff'"},
	    {"12g4\n", "r.conf:1: IPX network must be 1 to 8 hex digits: '12g4'"},
	    {"0x\n", "r.conf:1: IPX network must be 1 to 8 hex digits: '0x'"},
	    {"\n\n10 16\n", "r.conf:3: hops must be 1 to 15, not '16'"},
	    {"10 0\n", "r.conf:1: hops must be 1 to 15, not '0'"},
	    {"10 -1\n", "r.conf:1: hops must be 1 to 15, not '-1'"},
	    {"10 1 0\n", "r.conf:1: ticks must be 1 to 65535, not '0'"},
	    {"10 1 65536\n", "r.conf:1: ticks must be 1 to 65535, not '65536'"},
	    {"10 1 2x\n", "r.conf:1: ticks must be 1 to 65535, not '2x'"},
	    {"10 1 2 3\n", "r.conf:1: trailing text '3'"},
	    {"10\n# x\n0x10 2\n", "r.conf:3: duplicate network '00000010'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct as_rtable t;
		as_rtable_init(&t);
		char err[256] = "";
		assert_int_equal(routes(cases[i].in, &t, err, sizeof err), -1);
		assert_string_equal(err, cases[i].msg);
		as_rtable_free(&t);
	}
	struct as_rtable t;
	as_rtable_init(&t);
	char err[256] = "";
	assert_int_equal(as_ipx_routefile_load("/nonexistent/ipx.routes", &t, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/ipx.routes: "));
	as_rtable_free(&t);
}

static void test_services_ok(void **state)
{
	(void)state;
	struct as_svctable t;
	as_svctable_init(&t);
	char err[256] = "";
	assert_int_equal(services("# type name network node socket [hops]\n"
	                          "4 FS1 abcd 02:00:00:00:00:01 451\n"
	                          "0x0007 PRINTQ_2 0x1200 02:aa:BB:cc:00:02 0x8060 3 # printer\n"
	                          "278 TREE_________________________________________47 1 "
	                          "00:00:00:00:00:01 5 15\n",
	                          &t, err, sizeof err),
	                 0);
	assert_int_equal(t.n, 3);
	const struct as_service *s = as_svctable_get(&t, 4, "FS1");
	assert_non_null(s);
	assert_int_equal(s->network, 0xABCD);
	assert_memory_equal(s->node, "\x02\x00\x00\x00\x00\x01", 6);
	assert_int_equal(s->socket, 0x0451);
	assert_int_equal(s->hops, 1);
	s = as_svctable_get(&t, 7, "PRINTQ_2");
	assert_non_null(s);
	assert_int_equal(s->network, 0x1200);
	assert_memory_equal(s->node, "\x02\xaa\xbb\xcc\x00\x02", 6);
	assert_int_equal(s->socket, 0x8060);
	assert_int_equal(s->hops, 3);
	s = &t.s[2];
	assert_int_equal(s->type, 0x0278);
	assert_int_equal(strlen(s->name), 47);
	assert_int_equal(s->hops, 15);
	as_svctable_free(&t);
}

static void test_services_errors(void **state)
{
	(void)state;
	static const struct {
		const char *in, *msg;
	} cases[] = {
	    {"4 FS1 abcd 02:00:00:00:00:01\n",
	     "s.conf:1: expected TYPE NAME NETWORK NODE SOCKET [HOPS], got 4 fields"},
	    {"\n4 FS1 abcd 02:00:00:00:00:01 451 1 x\n", "s.conf:2: trailing text 'x'"},
	    {"ffff FS1 abcd 02:00:00:00:00:01 451\n",
	     "s.conf:1: service type FFFF is the wildcard of queries"},
	    {"12345 FS1 abcd 02:00:00:00:00:01 451\n",
	     "s.conf:1: service type must be 1 to 4 hex digits: '12345'"},
	    {"4 TREE__________________________________________48 abcd 02:00:00:00:00:01 451\n",
	     "s.conf:1: service name longer than 47 characters"},
	    {"4 F\x01S abcd 02:00:00:00:00:01 451\n",
	     "s.conf:1: service name must be printable ASCII without blanks"},
	    {"4 FS1 0 02:00:00:00:00:01 451\n",
	     "s.conf:1: IPX network 0 and FFFFFFFF are reserved: '0'"},
	    {"4 FS1 abcd 02:00:00:00:00 451\n",
	     "s.conf:1: node must be xx:xx:xx:xx:xx:xx, not '02:00:00:00:00'"},
	    {"4 FS1 abcd 02:00:00:00:00:011 451\n",
	     "s.conf:1: node must be xx:xx:xx:xx:xx:xx, not '02:00:00:00:00:011'"},
	    {"4 FS1 abcd 02-00-00-00-00-01 451\n",
	     "s.conf:1: node must be xx:xx:xx:xx:xx:xx, not '02-00-00-00-00-01'"},
	    {"4 FS1 abcd 02:00:00:00:00:01 0\n",
	     "s.conf:1: socket must be 1 to 4 hex digits, not 0: '0'"},
	    {"4 FS1 abcd 02:00:00:00:00:01 451 16\n", "s.conf:1: hops must be 1 to 15, not '16'"},
	    {"4 FS1 abcd 02:00:00:00:00:01 451\n7 FS1 abcd 02:00:00:00:00:01 451\n"
	     "4 FS1 1 02:00:00:00:00:02 452 2\n",
	     "s.conf:3: duplicate service 0004 'FS1'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct as_svctable t;
		as_svctable_init(&t);
		char err[256] = "";
		assert_int_equal(services(cases[i].in, &t, err, sizeof err), -1);
		assert_string_equal(err, cases[i].msg);
		as_svctable_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_routes_ok),
	    cmocka_unit_test(test_routes_errors),
	    cmocka_unit_test(test_services_ok),
	    cmocka_unit_test(test_services_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
