/* fuzz_routefile.c - the route file parser (src/core/routefile.h, autostatic-routes(5)) over
 * arbitrary text read through fmemopen. No RFC: the file format is ours.
 *
 * Input: byte 0 picks the family (IPv4, IPv6, IPX); the rest is the file.
 * Checks: the parser returns 0 or -1; a failure message is "fuzz.routes:LINE: reason" (LINE a
 * positive number), NUL-terminated, and also fits a 16-byte buffer (cut, still terminated); a
 * success gives routes of that family with a metric 1..15, a length in range and no host bits,
 * each found again by its own key; printing them back as a route file ("PREFIX METRIC" lines)
 * and reading that gives the same table in the same order.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/common.h"
#include "src/core/rtable.h"
#include "src/core/routefile.h"

static const int families[3] = {AS_RT_IPV4, AS_RT_IPV6, AS_RT_IPX};

static int read_mem(const uint8_t *p, size_t n, int family, struct as_rtable *t, char *err,
                    size_t errlen)
{
	/* fmemopen refuses a zero-sized buffer in some C libraries: give it one byte and no data.
	 */
	static const char empty[1] = "";
	FILE *f = n ? fmemopen((void *)(uintptr_t)p, n, "r") : fmemopen((void *)empty, 1, "r");
	FUZZ_CHECK(f != NULL);
	if (!n)
		(void)fgetc(f);
	int rc = as_routefile_read(f, "fuzz.routes", family, t, err, errlen);
	fclose(f);
	return rc;
}

static void check_route(const struct as_rtable *t, const struct as_route *rt, int family)
{
	FUZZ_CHECK(rt->family == family);
	FUZZ_CHECK(rt->metric >= 1 && rt->metric <= 15);
	unsigned bytes = family == AS_RT_IPV6 ? 16 : 4;
	unsigned maxlen = bytes * 8;
	FUZZ_CHECK(rt->plen <= maxlen);
	if (family == AS_RT_IPX)
		FUZZ_CHECK(rt->plen == 32);
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit0 = i * 8;
		uint8_t keep = bit0 >= rt->plen       ? 0
		               : bit0 + 8 <= rt->plen ? 0xFF
		                                      : (uint8_t)(0xFF << (8 - (rt->plen - bit0)));
		if (i >= bytes)
			keep = 0;
		FUZZ_CHECK((rt->prefix[i] & (uint8_t)~keep) == 0);
	}
	FUZZ_CHECK(as_rtable_get(t, family, rt->prefix, rt->plen) == rt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int family = families[data[0] % 3];
	struct as_rtable t;
	as_rtable_init(&t);
	char err[256];
	memset(err, 'x', sizeof err);
	int rc = read_mem(data + 1, size - 1, family, &t, err, sizeof err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL);
		FUZZ_CHECK(strncmp(err, "fuzz.routes:", 12) == 0);
		char *end;
		long line = strtol(err + 12, &end, 10);
		FUZZ_CHECK(end != err + 12 && line > 0 && *end == ':');
		/* The same failure into a small buffer: cut, terminated, never overrun. */
		char *small = malloc(16);
		FUZZ_CHECK(small != NULL);
		struct as_rtable t2;
		as_rtable_init(&t2);
		FUZZ_CHECK(read_mem(data + 1, size - 1, family, &t2, small, 16) == -1);
		FUZZ_CHECK(memchr(small, 0, 16) != NULL);
		FUZZ_CHECK(strncmp(small, err, strlen(small)) == 0);
		free(small);
		as_rtable_free(&t2);
		as_rtable_free(&t);
		return 0;
	}
	for (size_t i = 0; i < t.n; i++)
		check_route(&t, &t.r[i], family);

	/* Print back and re-read: the same routes in the same order. */
	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	FUZZ_CHECK(out != NULL);
	for (size_t i = 0; i < t.n; i++) {
		char p[64];
		as_route_prefix_str(&t.r[i], p, sizeof p);
		fprintf(out, "%s %u\n", p, (unsigned)t.r[i].metric);
	}
	FUZZ_CHECK(fclose(out) == 0);
	struct as_rtable t2;
	as_rtable_init(&t2);
	rc = read_mem((const uint8_t *)text, text_len, family, &t2, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "re-read failed: %s\n%s", err, text);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(t2.n == t.n);
	for (size_t i = 0; i < t.n; i++) {
		FUZZ_CHECK(t2.r[i].family == t.r[i].family);
		FUZZ_CHECK(t2.r[i].plen == t.r[i].plen);
		FUZZ_CHECK(t2.r[i].metric == t.r[i].metric);
		FUZZ_CHECK(memcmp(t2.r[i].prefix, t.r[i].prefix, 16) == 0);
	}
	free(text);
	as_rtable_free(&t2);
	as_rtable_free(&t);
	return 0;
}
