/* crash_child.c - saves route-store generations in a loop, for the kill -9 test
 * (tests/admin/store_crash.sh), and checks what a store directory loads.
 *
 *   crash_child save DIR N   saves generations forever: generation k holds N - k % 3 routes
 *                            10.x.y.z/32 with metric k % 15 + 1 and the marker k in updated_ns
 *   crash_child check DIR N  loads DIR and prints the marker k of the set it holds (0 = none);
 *                            exit 1 when the set is not exactly generation k's content
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/status.h>

#include "src/admin/store.h"

static void gen_table(struct as_rtable *t, unsigned n, uint32_t metric)
{
	as_rtable_clear(t);
	for (unsigned i = 0; i < n; i++) {
		struct as_route r = {.family = AS_RT_IPV4, .plen = 32, .metric = metric};
		uint32_t a = 0x0a000000u + i;
		r.prefix[0] = (uint8_t)(a >> 24), r.prefix[1] = (uint8_t)(a >> 16);
		r.prefix[2] = (uint8_t)(a >> 8), r.prefix[3] = (uint8_t)a;
		if (as_rtable_put(t, &r) == AS_RT_NOMEM) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 4 || (strcmp(argv[1], "save") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: crash_child save|check DIR N\n");
		return 2;
	}
	unsigned n = (unsigned)strtoul(argv[3], NULL, 10);
	struct as_store *s;
	char err[512];
	if (as_store_open(argv[2], &s, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (s->corrupt)
		fprintf(stderr, "crash_child: %s\n", s->err);
	const struct as_store_set *st = as_store_find(s, "eth0", AS_PID_IP);
	uint64_t k = st ? st->updated_ns : 0;
	if (!strcmp(argv[1], "check")) {
		int rc = 0;
		if (st) {
			uint32_t metric = (uint32_t)(k % 15 + 1);
			size_t want = n - k % 3;
			if (st->routes.n != want) {
				fprintf(stderr, "generation %llu: %zu routes, want %zu\n",
				        (unsigned long long)k, st->routes.n, want);
				rc = 1;
			}
			for (size_t i = 0; i < st->routes.n && !rc; i++) {
				const struct as_route *r = &st->routes.r[i];
				uint32_t a = 0x0a000000u + (uint32_t)i;
				if (r->metric != metric || r->prefix[2] != (uint8_t)(a >> 8) ||
				    r->prefix[3] != (uint8_t)a ||
				    r->prefix[1] != (uint8_t)(a >> 16)) {
					fprintf(stderr,
					        "generation %llu: route %zu is not its own\n",
					        (unsigned long long)k, i);
					rc = 1;
				}
			}
		}
		printf("%llu\n", (unsigned long long)k);
		as_store_close(s);
		return rc;
	}
	struct as_rtable t;
	as_rtable_init(&t);
	/* The script starts its random delay here, after the load, so that the kills land in
	 * the saves. */
	printf("saving\n");
	fflush(stdout);
	for (;;) {
		k++;
		gen_table(&t, n - (unsigned)(k % 3), (uint32_t)(k % 15 + 1));
		if (as_store_replace(s, "eth0", AS_PID_IP, &t, NULL, k, false)) {
			fprintf(stderr, "save %llu: %s\n", (unsigned long long)k, s->err);
			return 1;
		}
	}
}
