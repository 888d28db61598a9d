/* test_svctable.c - the IPX SAP service table: one best entry per (type, name), the fewest hops
 * winning, arrival order kept (Novell SAP, PROTOCOLS.md 5.5). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "src/core/rtable.h"
#include "src/core/svctable.h"

static struct as_service svc(uint16_t type, const char *name, uint16_t hops, uint32_t net)
{
	struct as_service s;
	memset(&s, 0, sizeof s);
	s.type = type;
	snprintf(s.name, sizeof s.name, "%s", name);
	s.hops = hops;
	s.network = net;
	s.node[5] = 1;
	s.socket = 0x0451;
	return s;
}

static void test_put_get_best(void **state)
{
	(void)state;
	struct as_svctable t;
	as_svctable_init(&t);
	struct as_service a = svc(4, "FS1", 3, 0x10);
	assert_int_equal(as_svctable_put(&t, &a), AS_RT_ADDED);
	/* Same name, another type: another service. */
	struct as_service b = svc(7, "FS1", 5, 0x11);
	assert_int_equal(as_svctable_put(&t, &b), AS_RT_ADDED);
	/* More hops: kept; equal hops: kept (the held one stays); fewer: replaced. */
	struct as_service worse = svc(4, "FS1", 4, 0x20);
	assert_int_equal(as_svctable_put(&t, &worse), AS_RT_KEPT);
	struct as_service tie = svc(4, "FS1", 3, 0x21);
	assert_int_equal(as_svctable_put(&t, &tie), AS_RT_KEPT);
	assert_int_equal(as_svctable_get(&t, 4, "FS1")->network, 0x10);
	struct as_service better = svc(4, "FS1", 2, 0x22);
	assert_int_equal(as_svctable_put(&t, &better), AS_RT_REPLACED);
	assert_int_equal(t.n, 2);
	const struct as_service *g = as_svctable_get(&t, 4, "FS1");
	assert_non_null(g);
	assert_int_equal(g->hops, 2);
	assert_int_equal(g->network, 0x22);
	assert_ptr_equal(g, &t.s[0]); /* arrival order: the replaced entry keeps its place */
	assert_int_equal(as_svctable_get(&t, 7, "FS1")->hops, 5);
	assert_null(as_svctable_get(&t, 4, "FS"));
	assert_null(as_svctable_get(&t, 4, "FS12"));
	assert_null(as_svctable_get(&t, 5, "FS1"));
	assert_true(as_svctable_bytes(&t) > 0);
	as_svctable_clear(&t);
	assert_int_equal(t.n, 0);
	assert_null(as_svctable_get(&t, 4, "FS1"));
	assert_int_equal(as_svctable_put(&t, &b), AS_RT_ADDED);
	assert_int_equal(t.n, 1);
	as_svctable_free(&t);
	assert_null(as_svctable_get(&t, 7, "FS1"));
}

/* Many services: growth and rehashing keep every one findable, in arrival order. */
static void test_many(void **state)
{
	(void)state;
	struct as_svctable t;
	as_svctable_init(&t);
	for (unsigned i = 0; i < 5000; i++) {
		char name[32];
		snprintf(name, sizeof name, "SERVER-%u", i);
		struct as_service s = svc((uint16_t)(i % 3 + 4), name, (uint16_t)(1 + i % 15), i);
		assert_int_equal(as_svctable_put(&t, &s), AS_RT_ADDED);
	}
	assert_int_equal(t.n, 5000);
	for (unsigned i = 0; i < 5000; i++) {
		char name[32];
		snprintf(name, sizeof name, "SERVER-%u", i);
		const struct as_service *s = as_svctable_get(&t, (uint16_t)(i % 3 + 4), name);
		assert_non_null(s);
		assert_int_equal(s->network, i);
		assert_ptr_equal(s, &t.s[i]);
		assert_null(as_svctable_get(&t, (uint16_t)((i + 1) % 3 + 4), name));
	}
	as_svctable_free(&t);
}

/* A name filling all 49 bytes is cut to 48 and stays findable. */
static void test_long_name(void **state)
{
	(void)state;
	struct as_svctable t;
	as_svctable_init(&t);
	struct as_service s;
	memset(&s, 'A', sizeof s);
	s.type = 4;
	s.hops = 1;
	assert_int_equal(as_svctable_put(&t, &s), AS_RT_ADDED);
	char name[AS_SVC_NAME_MAX + 1];
	memset(name, 'A', AS_SVC_NAME_MAX);
	name[AS_SVC_NAME_MAX] = 0;
	assert_non_null(as_svctable_get(&t, 4, name));
	assert_int_equal(strlen(t.s[0].name), AS_SVC_NAME_MAX);
	as_svctable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get_best),
	    cmocka_unit_test(test_many),
	    cmocka_unit_test(test_long_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
