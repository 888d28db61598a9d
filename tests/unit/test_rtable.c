/* test_rtable.c - the learned route set: best-entry rules, arrival order, growth to a million
 * routes, memory per route, and prefix / next-hop formatting for IPv4, IPv6 and IPX. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "src/core/rtable.h"

static struct as_route v4(const char *a, unsigned plen, uint32_t metric)
{
	struct as_route r;
	memset(&r, 0, sizeof r);
	r.family = AS_RT_IPV4;
	r.plen = (uint8_t)plen;
	r.metric = metric;
	assert_int_equal(inet_pton(AF_INET, a, r.prefix), 1);
	return r;
}

static void test_put_get_rules(void **state)
{
	(void)state;
	struct as_rtable t;
	as_rtable_init(&t);
	struct as_route a = v4("198.18.0.0", 24, 5);
	a.next_hop[0] = 192, a.next_hop[3] = 1;
	assert_int_equal(as_rtable_put(&t, &a), AS_RT_ADDED);
	/* Same prefix, another length: a different route. */
	struct as_route b = v4("198.18.0.0", 25, 7);
	assert_int_equal(as_rtable_put(&t, &b), AS_RT_ADDED);
	assert_int_equal(t.n, 2);
	/* Equal metric: the entry held stays (its next hop too). */
	struct as_route a2 = v4("198.18.0.0", 24, 5);
	a2.next_hop[0] = 192, a2.next_hop[3] = 9;
	assert_int_equal(as_rtable_put(&t, &a2), AS_RT_KEPT);
	const struct as_route *g = as_rtable_get(&t, AS_RT_IPV4, a.prefix, 24);
	assert_non_null(g);
	assert_int_equal(g->next_hop[3], 1);
	/* Worse: kept. Better: replaced in place (arrival position unchanged). */
	a2.metric = 9;
	assert_int_equal(as_rtable_put(&t, &a2), AS_RT_KEPT);
	a2.metric = 2;
	assert_int_equal(as_rtable_put(&t, &a2), AS_RT_REPLACED);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.r[0].metric, 2);
	assert_int_equal(t.r[0].next_hop[3], 9);
	assert_int_equal(t.r[0].plen, 24);
	/* Host bits are not part of the key. */
	uint8_t p[4] = {198, 18, 0, 77};
	assert_ptr_equal(as_rtable_get(&t, AS_RT_IPV4, p, 24), &t.r[0]);
	/* Absent: other length, other family with the same bytes. */
	assert_null(as_rtable_get(&t, AS_RT_IPV4, a.prefix, 23));
	assert_null(as_rtable_get(&t, AS_RT_IPX, a.prefix, 32));
	as_rtable_clear(&t);
	assert_int_equal(t.n, 0);
	assert_null(as_rtable_get(&t, AS_RT_IPV4, a.prefix, 24));
	assert_int_equal(as_rtable_put(&t, &a), AS_RT_ADDED);
	as_rtable_free(&t);
	assert_null(as_rtable_get(&t, AS_RT_IPV4, a.prefix, 24));
}

static void test_arrival_order(void **state)
{
	(void)state;
	struct as_rtable t;
	as_rtable_init(&t);
	/* Inserted in a scrambled order; iteration must give the same order back. */
	for (unsigned i = 0; i < 500; i++) {
		unsigned k = (i * 7919u) % 500u;
		struct as_route r = v4("10.0.0.0", 24, 1 + k % 15);
		r.prefix[1] = (uint8_t)(k >> 8);
		r.prefix[2] = (uint8_t)k;
		assert_int_equal(as_rtable_put(&t, &r), AS_RT_ADDED);
	}
	for (unsigned i = 0; i < 500; i++) {
		unsigned k = (i * 7919u) % 500u;
		assert_int_equal(t.r[i].prefix[1], (uint8_t)(k >> 8));
		assert_int_equal(t.r[i].prefix[2], (uint8_t)k);
	}
	as_rtable_free(&t);
}

static void test_million(void **state)
{
	(void)state;
	enum { N = 1000000 };
	struct as_rtable t;
	as_rtable_init(&t);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (uint32_t i = 0; i < N; i++) {
		struct as_route r;
		memset(&r, 0, sizeof r);
		r.family = AS_RT_IPV4;
		r.plen = 32;
		uint32_t a = 0x0A000000u + i; /* 10.0.0.0 + i */
		r.prefix[0] = (uint8_t)(a >> 24), r.prefix[1] = (uint8_t)(a >> 16);
		r.prefix[2] = (uint8_t)(a >> 8), r.prefix[3] = (uint8_t)a;
		r.metric = 1 + i % 15;
		assert_int_equal(as_rtable_put(&t, &r), AS_RT_ADDED);
	}
	assert_int_equal(t.n, N);
	for (uint32_t i = 0; i < N; i++) {
		uint32_t a = 0x0A000000u + i;
		uint8_t p[4] = {(uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8),
		                (uint8_t)a};
		const struct as_route *r = as_rtable_get(&t, AS_RT_IPV4, p, 32);
		assert_non_null(r);
		assert_int_equal(r->metric, 1 + i % 15);
		assert_ptr_equal(r, &t.r[i]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double per = (double)as_rtable_bytes(&t) / N;
	printf("# 1,000,000 routes put and got in %.3f s, %.1f bytes/route (entry %zu)\n", s, per,
	       sizeof(struct as_route));
	assert_true(per < 64.0);
	as_rtable_free(&t);
}

static void test_format(void **state)
{
	(void)state;
	char b[64];
	struct as_route r = v4("198.18.0.0", 26, 1);
	assert_string_equal(as_route_prefix_str(&r, b, sizeof b), "198.18.0.0/26");
	assert_string_equal(as_route_nexthop_str(&r, b, sizeof b), "");
	r.next_hop[0] = 192, r.next_hop[1] = 0, r.next_hop[2] = 2, r.next_hop[3] = 2;
	assert_string_equal(as_route_nexthop_str(&r, b, sizeof b), "192.0.2.2");

	struct as_route s;
	memset(&s, 0, sizeof s);
	s.family = AS_RT_IPV6;
	s.plen = 64;
	inet_pton(AF_INET6, "2001:db8:1::", s.prefix);
	assert_string_equal(as_route_prefix_str(&s, b, sizeof b), "2001:db8:1::/64");
	inet_pton(AF_INET6, "fe80::1", s.next_hop);
	assert_string_equal(as_route_nexthop_str(&s, b, sizeof b), "fe80::1");

	struct as_route x;
	memset(&x, 0, sizeof x);
	x.family = AS_RT_IPX;
	x.plen = 32;
	x.prefix[2] = 0xAB, x.prefix[3] = 0xCD;
	assert_string_equal(as_route_prefix_str(&x, b, sizeof b), "0000abcd");
	assert_string_equal(as_route_nexthop_str(&x, b, sizeof b), "");
	/* Truncation never overruns. */
	char small[5];
	as_route_prefix_str(&r, small, sizeof small);
	assert_string_equal(small, "198.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_put_get_rules),
	    cmocka_unit_test(test_arrival_order),
	    cmocka_unit_test(test_million),
	    cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
