/* common.c - shared fuzz helpers: failure reporting, printer contract checks, a JSON checker. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/common.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
	abort();
}

uint8_t *fuzz_dup(const uint8_t *data, size_t size)
{
	/* malloc(0) is a valid, zero-byte allocation under ASan and glibc. */
	uint8_t *p = malloc(size);
	if (!p && size) {
		fprintf(stderr, "fuzz: out of memory\n");
		abort();
	}
	if (size)
		memcpy(p, data, size);
	return p;
}

enum as_verified fuzz_pick_verified(uint8_t b)
{
	switch (b % 3) {
	case 0: return AS_VERIFIED_NULL;
	case 1: return AS_VERIFIED_FALSE;
	default: return AS_VERIFIED_TRUE;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* JSON syntax (RFC 8259), recursive descent with a depth limit. */

struct js {
	const char *p;
	size_t len, off;
	int depth;
};

static void js_ws(struct js *j)
{
	while (j->off < j->len && (j->p[j->off] == ' ' || j->p[j->off] == '\t' ||
				   j->p[j->off] == '\n' || j->p[j->off] == '\r'))
		j->off++;
}

static bool js_lit(struct js *j, const char *lit)
{
	size_t n = strlen(lit);
	if (j->len - j->off < n || memcmp(j->p + j->off, lit, n) != 0)
		return false;
	j->off += n;
	return true;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool js_string(struct js *j)
{
	if (j->off >= j->len || j->p[j->off] != '"')
		return false;
	j->off++;
	while (j->off < j->len) {
		unsigned char c = (unsigned char)j->p[j->off++];
		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		if (j->off >= j->len)
			return false;
		c = (unsigned char)j->p[j->off++];
		if (c == 'u') {
			if (j->len - j->off < 4)
				return false;
			for (int i = 0; i < 4; i++)
				if (!is_hex(j->p[j->off + (size_t)i]))
					return false;
			j->off += 4;
		} else if (!strchr("\"\\/bfnrt", c)) {
			return false;
		}
	}
	return false;
}

static bool js_digits(struct js *j)
{
	size_t start = j->off;
	while (j->off < j->len && j->p[j->off] >= '0' && j->p[j->off] <= '9')
		j->off++;
	return j->off > start;
}

static bool js_number(struct js *j)
{
	if (j->off < j->len && j->p[j->off] == '-')
		j->off++;
	if (j->off < j->len && j->p[j->off] == '0') {
		j->off++;
	} else if (!js_digits(j)) {
		return false;
	}
	if (j->off < j->len && j->p[j->off] == '.') {
		j->off++;
		if (!js_digits(j))
			return false;
	}
	if (j->off < j->len && (j->p[j->off] == 'e' || j->p[j->off] == 'E')) {
		j->off++;
		if (j->off < j->len && (j->p[j->off] == '+' || j->p[j->off] == '-'))
			j->off++;
		if (!js_digits(j))
			return false;
	}
	return true;
}

static bool js_value(struct js *j);

static bool js_object(struct js *j)
{
	j->off++; /* { */
	js_ws(j);
	if (j->off < j->len && j->p[j->off] == '}') {
		j->off++;
		return true;
	}
	for (;;) {
		js_ws(j);
		if (!js_string(j))
			return false;
		js_ws(j);
		if (j->off >= j->len || j->p[j->off] != ':')
			return false;
		j->off++;
		if (!js_value(j))
			return false;
		js_ws(j);
		if (j->off >= j->len)
			return false;
		char c = j->p[j->off++];
		if (c == '}')
			return true;
		if (c != ',')
			return false;
	}
}

static bool js_array(struct js *j)
{
	j->off++; /* [ */
	js_ws(j);
	if (j->off < j->len && j->p[j->off] == ']') {
		j->off++;
		return true;
	}
	for (;;) {
		if (!js_value(j))
			return false;
		js_ws(j);
		if (j->off >= j->len)
			return false;
		char c = j->p[j->off++];
		if (c == ']')
			return true;
		if (c != ',')
			return false;
	}
}

static bool js_value(struct js *j)
{
	bool ok;
	js_ws(j);
	if (j->off >= j->len || j->depth > 64)
		return false;
	j->depth++;
	switch (j->p[j->off]) {
	case '{': ok = js_object(j); break;
	case '[': ok = js_array(j); break;
	case '"': ok = js_string(j); break;
	case 't': ok = js_lit(j, "true"); break;
	case 'f': ok = js_lit(j, "false"); break;
	case 'n': ok = js_lit(j, "null"); break;
	default: ok = js_number(j); break;
	}
	j->depth--;
	return ok;
}

bool fuzz_json_valid(const char *s, size_t len)
{
	struct js j = {s, len, 0, 0};
	if (!js_value(&j))
		return false;
	js_ws(&j);
	return j.off == len;
}

/* ------------------------------------------------------------------------------------------ */
/* Printers */

#define BIG_CAP (1u << 17) /* 128 KiB: far more than 512 RIPng entries need */

static void run_printer(fuzz_print_fn fn, const void *ctx, bool json, struct as_sb *sb)
{
	if (json)
		as_sb_putc(sb, '{');
	fn(sb, ctx);
	if (json)
		as_sb_putc(sb, '}');
}

void fuzz_check_printer(fuzz_print_fn fn, const void *ctx, bool json)
{
	static char big[BIG_CAP];
	static const size_t small_caps[] = {0, 1, 7, 64};
	struct as_sb sb;

	as_sb_init(&sb, big, sizeof big);
	run_printer(fn, ctx, json, &sb);
	FUZZ_CHECK(!sb.trunc);
	FUZZ_CHECK(sb.len < sizeof big);
	FUZZ_CHECK(big[sb.len] == '\0');
	FUZZ_CHECK(strlen(big) == sb.len);
	size_t full = sb.len;
	if (json) {
		FUZZ_CHECK(fuzz_json_valid(big, full));
	} else {
		for (size_t i = 0; i < full; i++) {
			unsigned char c = (unsigned char)big[i];
			FUZZ_CHECK((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t');
		}
	}

	for (size_t k = 0; k < sizeof small_caps / sizeof small_caps[0]; k++) {
		size_t cap = small_caps[k];
		/* Exact size, 0 included: ASan reports any byte written past cap. */
		char *p = malloc(cap);
		FUZZ_CHECK(p != NULL || cap == 0);
		as_sb_init(&sb, p, cap);
		run_printer(fn, ctx, json, &sb);
		if (cap == 0) {
			FUZZ_CHECK(sb.len == 0 && sb.trunc);
		} else {
			size_t want = full < cap - 1 ? full : cap - 1;
			FUZZ_CHECK(sb.len == want);
			FUZZ_CHECK(p[sb.len] == '\0');
			FUZZ_CHECK(memcmp(p, big, sb.len) == 0);
			FUZZ_CHECK(sb.trunc == (full > cap - 1));
		}
		free(p);
	}
}
