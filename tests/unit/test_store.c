/* test_store.c - the autostatic route store (doc/store-format.md): atomic replacement per
 * (interface, transport), old set kept when a save fails, load after restart, a corrupt newest
 * generation reported and the last good one loaded, truncated files and stray temporaries, and
 * the time to save and load 1,000,000 routes (printed, not asserted).
 */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <autostatic/status.h>

#include "src/admin/store.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_store.%d.XXXXXX", (int)getpid());
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void sub(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* n routes 10.x.y.z/32 starting at base, metric m. */
static void fill(struct as_rtable *t, unsigned n, unsigned base, unsigned m)
{
	as_rtable_init(t);
	for (unsigned i = 0; i < n; i++) {
		struct as_route r = {.family = AS_RT_IPV4, .plen = 32, .metric = m};
		uint32_t a = 0x0a000000u + base + i;
		r.prefix[0] = (uint8_t)(a >> 24), r.prefix[1] = (uint8_t)(a >> 16);
		r.prefix[2] = (uint8_t)(a >> 8), r.prefix[3] = (uint8_t)a;
		r.next_hop[0] = 192, r.next_hop[2] = 2, r.next_hop[3] = 1;
		assert_int_equal(as_rtable_put(t, &r), AS_RT_ADDED);
	}
}

static struct as_store *open_ok(const char *d)
{
	struct as_store *s;
	char err[256];
	assert_int_equal(as_store_open(d, &s, err, sizeof err), 0);
	return s;
}

static void test_replace_and_reload(void **state)
{
	(void)state;
	char d[128];
	sub(d, sizeof d, "a");
	struct as_store *s = open_ok(d);
	assert_int_equal(s->gen, 0);
	struct as_rtable t1, t2;
	fill(&t1, 100, 0, 2);
	fill(&t2, 3, 500, 5);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t1, NULL, 1, false), 0);
	assert_int_equal(as_store_replace(s, "eth1", AS_PID_IP, &t1, NULL, 2, true), 0);
	/* Replacing is not merging: the new set is exactly t2. */
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t2, NULL, 3, false), 0);
	const struct as_store_set *st = as_store_find(s, "eth0", AS_PID_IP);
	assert_non_null(st);
	assert_int_equal(st->routes.n, 3);
	assert_int_equal(st->gen, 3);
	assert_null(as_store_find(s, "eth0", AS_PID_IPV6));
	as_store_close(s);

	/* Services with IPX, kept when only routes are replaced. */
	s = open_ok(d);
	assert_int_equal(s->gen, 3);
	assert_int_equal(as_store_find(s, "eth0", AS_PID_IP)->routes.n, 3);
	assert_int_equal(as_store_find(s, "eth1", AS_PID_IP)->routes.n, 100);
	assert_true(as_store_find(s, "eth1", AS_PID_IP)->installed);
	const struct as_route *r = &as_store_find(s, "eth0", AS_PID_IP)->routes.r[2];
	assert_memory_equal(r->prefix, "\x0a\x00\x01\xf6", 4);
	assert_int_equal(r->metric, 5);
	struct as_svctable sv;
	as_svctable_init(&sv);
	struct as_service one = {.type = 4,
	                         .hops = 2,
	                         .name = "FS1",
	                         .network = 0xabcd,
	                         .node = {1, 2, 3, 4, 5, 6},
	                         .socket = 0x451};
	assert_int_equal(as_svctable_put(&sv, &one), AS_RT_ADDED);
	assert_int_equal(as_store_replace(s, "ipx0", AS_PID_IPX, NULL, &sv, 4, false), 0);
	assert_int_equal(as_store_replace(s, "ipx0", AS_PID_IPX, &t2, NULL, 5, false), 0);
	as_store_close(s);
	s = open_ok(d);
	st = as_store_find(s, "ipx0", AS_PID_IPX);
	assert_int_equal(st->services.n, 1);
	assert_int_equal(st->routes.n, 3);
	assert_string_equal(st->services.s[0].name, "FS1");
	assert_int_equal(st->services.s[0].socket, 0x451);
	assert_memory_equal(st->services.s[0].node, one.node, 6);
	assert_int_equal(as_store_remove(s, "ipx0", AS_PID_IPX), 0);
	assert_null(as_store_find(s, "ipx0", AS_PID_IPX));
	as_store_close(s);
	s = open_ok(d);
	assert_null(as_store_find(s, "ipx0", AS_PID_IPX));
	as_store_close(s);
	as_svctable_free(&sv);
	as_rtable_free(&t1);
	as_rtable_free(&t2);
}

static void test_failed_save_keeps_old_set(void **state)
{
	(void)state;
	char d[128];
	sub(d, sizeof d, "b");
	struct as_store *s = open_ok(d);
	struct as_rtable t1, t2;
	fill(&t1, 10, 0, 1);
	fill(&t2, 20, 100, 1);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t1, NULL, 1, false), 0);
	/* The next generation's temporary name is taken by a directory (a read-only directory
	 * would not stop root): the save fails. */
	char blocker[200];
	snprintf(blocker, sizeof blocker, "%s/store-%016llx.tmp", d,
	         (unsigned long long)(s->gen + 1));
	assert_int_equal(mkdir(blocker, 0700), 0);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t2, NULL, 2, false), -1);
	assert_true(strlen(s->err) > 0);
	assert_int_equal(as_store_find(s, "eth0", AS_PID_IP)->routes.n, 10);
	assert_int_equal(as_store_replace(s, "eth9", AS_PID_IP, &t2, NULL, 2, false), -1);
	assert_null(as_store_find(s, "eth9", AS_PID_IP));
	assert_int_equal(rmdir(blocker), 0);
	as_store_close(s);
	s = open_ok(d);
	assert_int_equal(as_store_find(s, "eth0", AS_PID_IP)->routes.n, 10);
	as_store_close(s);
	as_rtable_free(&t1);
	as_rtable_free(&t2);
}

static void flip_byte(const char *path, long off)
{
	int fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	struct stat sb;
	assert_int_equal(fstat(fd, &sb), 0);
	if (off < 0)
		off += sb.st_size;
	uint8_t b;
	assert_int_equal(pread(fd, &b, 1, off), 1);
	b ^= 0x10;
	assert_int_equal(pwrite(fd, &b, 1, off), 1);
	close(fd);
}

static void test_corrupt_newest_falls_back(void **state)
{
	(void)state;
	char d[128], p[200];
	sub(d, sizeof d, "c");
	struct as_store *s = open_ok(d);
	struct as_rtable t1, t2;
	fill(&t1, 10, 0, 1);
	fill(&t2, 20, 100, 1);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t1, NULL, 1, false), 0);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t2, NULL, 2, false), 0);
	uint64_t g2 = s->gen;
	as_store_close(s);
	/* One bit in a route of the newest generation. */
	snprintf(p, sizeof p, "%s/store-%016llx", d, (unsigned long long)g2);
	flip_byte(p, 64 + 64 + 40 * 3 + 9);
	s = open_ok(d);
	assert_int_equal(s->corrupt, 1);
	assert_non_null(strstr(s->err, "checksum"));
	assert_int_equal(s->gen, g2 - 1);
	assert_int_equal(as_store_find(s, "eth0", AS_PID_IP)->routes.n, 10);
	/* The next save does not reuse the corrupt file's number, and it is set aside. */
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t2, NULL, 3, false), 0);
	assert_int_equal(s->gen, g2 + 1);
	char bad[220];
	snprintf(bad, sizeof bad, "%s.corrupt", p);
	assert_int_equal(access(bad, F_OK), 0);
	as_store_close(s);

	/* A truncated newest file and a stray temporary: the older one loads, the .tmp goes. */
	snprintf(p, sizeof p, "%s/store-%016llx", d, (unsigned long long)(g2 + 1));
	assert_int_equal(truncate(p, 100), 0);
	char tmp[220];
	snprintf(tmp, sizeof tmp, "%s/store-%016llx.tmp", d, (unsigned long long)(g2 + 2));
	int fd = open(tmp, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "partial", 7), 7);
	close(fd);
	s = open_ok(d);
	assert_int_equal(s->corrupt, 1);
	assert_non_null(strstr(s->err, "truncated"));
	assert_int_equal(s->gen, g2 - 1);
	assert_int_equal(access(tmp, F_OK), -1);
	as_store_close(s);

	/* Every file corrupt: an empty store, each reported. */
	sub(d, sizeof d, "c2");
	s = open_ok(d);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t1, NULL, 1, false), 0);
	snprintf(p, sizeof p, "%s/store-%016llx", d, (unsigned long long)s->gen);
	as_store_close(s);
	flip_byte(p, -1);
	s = open_ok(d);
	assert_int_equal(s->corrupt, 1);
	assert_int_equal(s->gen, 0);
	assert_int_equal(s->n, 0);
	as_store_close(s);
	as_rtable_free(&t1);
	as_rtable_free(&t2);
}

static void test_memory_only_and_sum(void **state)
{
	(void)state;
	struct as_store *s = open_ok(NULL);
	struct as_rtable t;
	fill(&t, 5, 0, 1);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IPV6, &t, NULL, 1, false), 0);
	assert_int_equal(as_store_find(s, "eth0", AS_PID_IPV6)->routes.n, 5);
	as_store_close(s);
	as_rtable_free(&t);
	/* The checksum sees a change in any byte, the tail included, and the length. */
	uint8_t b[21] = {0};
	uint64_t h0 = as_store_sum(b, sizeof b);
	for (size_t i = 0; i < sizeof b; i++) {
		b[i] = 1;
		assert_true(as_store_sum(b, sizeof b) != h0);
		b[i] = 0;
	}
	assert_true(as_store_sum(b, 20) != h0);
}

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void test_million_routes(void **state)
{
	(void)state;
	char d[128];
	sub(d, sizeof d, "m");
	struct as_store *s = open_ok(d);
	struct as_rtable t;
	fill(&t, 1000000, 0, 3);
	struct timespec t0, t1, t2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(as_store_replace(s, "eth0", AS_PID_IP, &t, NULL, 1, false), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	as_store_close(s);
	s = open_ok(d);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	assert_int_equal(as_store_find(s, "eth0", AS_PID_IP)->routes.n, 1000000);
	assert_memory_equal(as_store_find(s, "eth0", AS_PID_IP)->routes.r[999999].prefix,
	                    "\x0a\x0f\x42\x3f", 4);
	printf("# store: 1000000 routes saved (fsync included) in %.3f s, loaded in %.3f s\n",
	       secs(&t0, &t1), secs(&t1, &t2));
	as_store_close(s);
	as_rtable_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replace_and_reload),
	    cmocka_unit_test(test_failed_save_keeps_old_set),
	    cmocka_unit_test(test_corrupt_newest_falls_back),
	    cmocka_unit_test(test_memory_only_and_sum),
	    cmocka_unit_test(test_million_routes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
