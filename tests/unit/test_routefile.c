/* test_routefile.c - the route file (autostatic-routes(5)): good files of each family, and
 * every error with the line it names. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "src/core/routefile.h"

/* Reads text as a route file named "t.routes"; returns the result and leaves t filled. */
static int read_text(const char *text, int family, struct as_rtable *t, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	as_rtable_init(t);
	err[0] = 0;
	int rc = as_routefile_read(f, "t.routes", family, t, err, errlen);
	fclose(f);
	return rc;
}

static void test_good_v4(void **state)
{
	(void)state;
	struct as_rtable t;
	char err[256];
	const char *text = "# served to the tester\n"
	                   "\n"
	                   "198.18.0.0/26\n"
	                   "   198.18.0.64/26   7   # trailing comment\n"
	                   "\t198.18.1.1\r\n"
	                   "0.0.0.0/0 15\n"
	                   "198.18.2.0/24 3";
	assert_int_equal(read_text(text, AS_RT_IPV4, &t, err, sizeof err), 0);
	assert_int_equal(t.n, 5);
	char b[64];
	assert_string_equal(as_route_prefix_str(&t.r[0], b, sizeof b), "198.18.0.0/26");
	assert_int_equal(t.r[0].metric, 1); /* default */
	assert_string_equal(as_route_prefix_str(&t.r[1], b, sizeof b), "198.18.0.64/26");
	assert_int_equal(t.r[1].metric, 7);
	assert_string_equal(as_route_prefix_str(&t.r[2], b, sizeof b), "198.18.1.1/32");
	assert_string_equal(as_route_prefix_str(&t.r[3], b, sizeof b), "0.0.0.0/0");
	assert_int_equal(t.r[3].metric, 15);
	assert_string_equal(as_route_prefix_str(&t.r[4], b, sizeof b), "198.18.2.0/24");
	assert_int_equal(t.r[4].metric, 3);
	as_rtable_free(&t);
	/* The last line without a newline still counts. */
	assert_int_equal(read_text("198.18.0.0/15 2", AS_RT_IPV4, &t, err, sizeof err), 0);
	assert_int_equal(t.n, 1);
	as_rtable_free(&t);
}

static void test_good_v6_ipx(void **state)
{
	(void)state;
	struct as_rtable t;
	char err[256], b[64];
	assert_int_equal(
	    read_text("2001:db8:1::/64 2\n2001:db8::1\n::/0\n", AS_RT_IPV6, &t, err, sizeof err),
	    0);
	assert_int_equal(t.n, 3);
	assert_string_equal(as_route_prefix_str(&t.r[0], b, sizeof b), "2001:db8:1::/64");
	assert_int_equal(t.r[0].metric, 2);
	assert_string_equal(as_route_prefix_str(&t.r[1], b, sizeof b), "2001:db8::1/128");
	as_rtable_free(&t);

	assert_int_equal(read_text("abcd 3\n0x1\n0XDEADBEEF # upper\nc0a80001\n", AS_RT_IPX, &t,
	                           err, sizeof err),
	                 0);
	assert_int_equal(t.n, 4);
	assert_string_equal(as_route_prefix_str(&t.r[0], b, sizeof b), "0000abcd");
	assert_int_equal(t.r[0].metric, 3);
	assert_string_equal(as_route_prefix_str(&t.r[1], b, sizeof b), "00000001");
	assert_string_equal(as_route_prefix_str(&t.r[2], b, sizeof b), "deadbeef");
	assert_int_equal(t.r[2].metric, 1);
	as_rtable_free(&t);
}

static void test_via(void **state)
{
	(void)state;
	struct as_rtable t;
	char err[256], b[64];
	assert_int_equal(read_text("198.18.0.0/24 3 via 192.0.2.9\n"
	                           "198.18.1.0/24 via 192.0.2.10 # default metric\n"
	                           "198.18.2.0/24\n",
	                           AS_RT_IPV4, &t, err, sizeof err),
	                 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.r[0].metric, 3);
	assert_string_equal(as_route_nexthop_str(&t.r[0], b, sizeof b), "192.0.2.9");
	assert_int_equal(t.r[1].metric, 1);
	assert_string_equal(as_route_nexthop_str(&t.r[1], b, sizeof b), "192.0.2.10");
	assert_memory_equal(t.r[2].next_hop, "\0\0\0\0", 4); /* none: through us */
	as_rtable_free(&t);
	assert_int_equal(read_text("2001:db8:1::/64 2 via fe80::9\n2001:db8:2::/64 via fe80::a\n",
	                           AS_RT_IPV6, &t, err, sizeof err),
	                 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.r[0].metric, 2);
	assert_string_equal(as_route_nexthop_str(&t.r[0], b, sizeof b), "fe80::9");
	assert_string_equal(as_route_nexthop_str(&t.r[1], b, sizeof b), "fe80::a");
	as_rtable_free(&t);
}

struct bad {
	int family;
	const char *text;
	const char *err; /* exact message */
};

static void test_errors(void **state)
{
	(void)state;
	static const struct bad cases[] = {
	    {AS_RT_IPV4, "198.18.0.0/24\n198.18.0.1/24\n",
	     "t.routes:2: host bits set beyond the prefix length: '198.18.0.1/24'"},
	    {AS_RT_IPV4, "# c\n\n198.18.0.0/24\n198.18.0.0/24 3\n",
	     "t.routes:4: duplicate prefix '198.18.0.0/24'"},
	    {AS_RT_IPV4, "198.18.0.0/33\n", "t.routes:1: prefix length above 32: '198.18.0.0/33'"},
	    {AS_RT_IPV4, "198.18.0.0/\n", "t.routes:1: bad prefix length: '198.18.0.0/'"},
	    {AS_RT_IPV4, "198.18.0.0/2x\n", "t.routes:1: bad prefix length: '198.18.0.0/2x'"},
	    {AS_RT_IPV4, "198.18.0\n", "t.routes:1: not an IPv4 prefix: '198.18.0'"},
	    {AS_RT_IPV4, "2001:db8::/32\n", "t.routes:1: not an IPv4 prefix: '2001:db8::/32'"},
	    {AS_RT_IPV4, "\n\n198.18.0.0/24 0\n", "t.routes:3: metric must be 1 to 15, not '0'"},
	    {AS_RT_IPV4, "198.18.0.0/24 16\n", "t.routes:1: metric must be 1 to 15, not '16'"},
	    {AS_RT_IPV4, "198.18.0.0/24 1x\n", "t.routes:1: metric must be 1 to 15, not '1x'"},
	    {AS_RT_IPV4, "198.18.0.0/24 1 2\n", "t.routes:1: trailing text '2'"},
	    {AS_RT_IPV6, "2001:db8::/129\n",
	     "t.routes:1: prefix length above 128: '2001:db8::/129'"},
	    {AS_RT_IPV6, "2001:db8::1/64\n",
	     "t.routes:1: host bits set beyond the prefix length: '2001:db8::1/64'"},
	    {AS_RT_IPV6, "198.18.0.0/24\n", "t.routes:1: not an IPv6 prefix: '198.18.0.0/24'"},
	    {AS_RT_IPV6, "2001:db8::/32\n2001:db8::/32\n",
	     "t.routes:2: duplicate prefix '2001:db8::/32'"},
	    {AS_RT_IPX, "123456789\n",
	     "t.routes:1: IPX network must be 1 to 8 hex digits: '123456789'"},
	    {AS_RT_IPX, "12g4\n", "t.routes:1: IPX network must be 1 to 8 hex digits: '12g4'"},
	    {AS_RT_IPX, "0x\n", "t.routes:1: IPX network must be 1 to 8 hex digits: '0x'"},
	    {AS_RT_IPX, "0\n", "t.routes:1: IPX network 0 and FFFFFFFF are reserved: '0'"},
	    {AS_RT_IPX, "ffffffff\n",
	     "t.routes:1: IPX network 0 and FFFFFFFF are reserved: 'ffffffff'"},
	    {AS_RT_IPX, "ab\n0xAB\n", "t.routes:2: duplicate prefix '0xAB'"},
	    {AS_RT_IPX, "ab 99\n", "t.routes:1: metric must be 1 to 15, not '99'"},
	    {AS_RT_IPV4, "198.18.0.0/24 2 via\n", "t.routes:1: 'via' needs an address"},
	    {AS_RT_IPV4, "198.18.0.0/24 via\n", "t.routes:1: 'via' needs an address"},
	    {AS_RT_IPV4, "198.18.0.0/24 via fe80::1\n",
	     "t.routes:1: not an IPv4 address after 'via': 'fe80::1'"},
	    {AS_RT_IPV6, "2001:db8::/32 via 192.0.2.1\n",
	     "t.routes:1: not an IPv6 address after 'via': '192.0.2.1'"},
	    {AS_RT_IPV4, "198.18.0.0/24 2 by 192.0.2.1\n", "t.routes:1: trailing text 'by'"},
	    {AS_RT_IPV4, "198.18.0.0/24 via 192.0.2.1 3\n", "t.routes:1: trailing text '3'"},
	    {AS_RT_IPX, "ab 2 via 1\n", "t.routes:1: 'via' applies to IPv4 and IPv6 routes only"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct as_rtable t;
		char err[256];
		int rc = read_text(cases[i].text, cases[i].family, &t, err, sizeof err);
		if (rc != -1 || strcmp(err, cases[i].err) != 0)
			fail_msg("case %zu: rc %d, got \"%s\", want \"%s\"", i, rc, err,
			         cases[i].err);
		as_rtable_free(&t);
	}
}

static void test_long_line_and_load(void **state)
{
	(void)state;
	char text[2100];
	memset(text, ' ', sizeof text);
	memcpy(text + 1500, "198.18.0.0/24\n", 15);
	struct as_rtable t;
	char err[256];
	assert_int_equal(read_text(text, AS_RT_IPV4, &t, err, sizeof err), -1);
	assert_string_equal(err, "t.routes:1: line longer than 1024 characters");
	as_rtable_free(&t);

	as_rtable_init(&t);
	assert_int_equal(
	    as_routefile_load("/nonexistent/x.routes", AS_RT_IPV4, &t, err, sizeof err), -1);
	assert_string_equal(err, "/nonexistent/x.routes: No such file or directory");
	char path[] = "/tmp/test_routefile.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("198.18.0.0/24 2\n198.18.1.0/24 x\n", f);
	fclose(f);
	assert_int_equal(as_routefile_load(path, AS_RT_IPV4, &t, err, sizeof err), -1);
	char want[300];
	snprintf(want, sizeof want, "%s:2: metric must be 1 to 15, not 'x'", path);
	assert_string_equal(err, want);
	remove(path);
	as_rtable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_v4),
	    cmocka_unit_test(test_good_v6_ipx),
	    cmocka_unit_test(test_via),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_long_line_and_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
