/* test_strbuf.c - the printers' string buffer: exact text, RFC 5952 IPv6, JSON escaping, and
 * never a byte past the caller's buffer, whatever its size. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <autostatic/print.h>

static void fill_all(struct as_sb *sb)
{
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	static const uint8_t mac[6] = {0x02, 0, 0, 0xab, 0xcd, 0xef};
	static const uint8_t raw[] = {'a', '"', '\\', 0x01, 0xff, 'z'};
	as_sb_puts(sb, "x=");
	as_sb_u64(sb, 18446744073709551615u);
	as_sb_putc(sb, ' ');
	as_sb_hex(sb, 0xbeef, 6);
	as_sb_putc(sb, ' ');
	as_sb_ipv4(sb, 0xC0000201);
	as_sb_putc(sb, ' ');
	as_sb_ipv6(sb, v6);
	as_sb_putc(sb, ' ');
	as_sb_mac(sb, mac);
	as_sb_putc(sb, ' ');
	as_sb_json_str(sb, raw, sizeof raw);
	as_sb_putc(sb, ' ');
	as_sb_text_str(sb, raw, sizeof raw);
}

static const char want_all[] = "x=18446744073709551615 00beef 192.0.2.1 2001:db8::1 "
			       "02:00:00:ab:cd:ef \"a\\\"\\\\\\u0001\\u00ffz\" a\"\\x5c\\x01\\xffz";

static void test_exact_text(void **state)
{
	(void)state;
	char buf[256];
	struct as_sb sb;
	as_sb_init(&sb, buf, sizeof buf);
	fill_all(&sb);
	assert_false(sb.trunc);
	assert_string_equal(buf, want_all);
	assert_int_equal(sb.len, strlen(want_all));
}

/* Every capacity below what is needed: a NUL-terminated prefix, the truncation flag, and the
 * guard bytes after the capacity untouched. */
static void test_every_capacity(void **state)
{
	(void)state;
	for (size_t cap = 0; cap <= sizeof want_all; cap++) {
		char buf[sizeof want_all + 8];
		memset(buf, '#', sizeof buf);
		struct as_sb sb;
		as_sb_init(&sb, buf, cap);
		fill_all(&sb);
		for (size_t i = cap; i < sizeof buf; i++)
			assert_int_equal(buf[i], '#');
		if (cap == 0) {
			assert_true(sb.trunc);
			continue;
		}
		assert_int_equal(sb.trunc, cap < sizeof want_all);
		assert_int_equal(strlen(buf), sb.len);
		assert_memory_equal(buf, want_all, sb.len);
	}
}

static void test_ipv6_rfc5952(void **state)
{
	(void)state;
	static const struct {
		uint8_t a[16];
		const char *want;
	} cases[] = {
		{{0}, "::"},
		{{[15] = 1}, "::1"},
		{{0xfe, 0x80, [15] = 1}, "fe80::1"},
		{{0xff, 0x02, [15] = 9}, "ff02::9"},
		/* the longest zero run wins; the first on a tie; a single zero group stays */
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, "2001:db8:0:1::1"},
		{{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, "2001:db8::1:0:0:1"},
		{{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0}, "2001:db8:1:1:1:1:1:0"},
		{{[10] = 0xff, 0xff, 192, 0, 2, 1}, "::ffff:192.0.2.1"},
		{{0x3f, 0xfe, 0x05, 0x01, 0x04, 0x04, 0x01, 0x00}, "3ffe:501:404:100::"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[64];
		struct as_sb sb;
		as_sb_init(&sb, buf, sizeof buf);
		as_sb_ipv6(&sb, cases[i].a);
		assert_string_equal(buf, cases[i].want);
	}
}

static void test_numbers(void **state)
{
	(void)state;
	static const uint64_t v[] = {0, 9, 10, 99, 100, 255, 256, 1000, 65535, 4294967296u};
	static const char *want[] = {"0", "9", "10", "99", "100", "255", "256", "1000", "65535",
				     "4294967296"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		char buf[32];
		struct as_sb sb;
		as_sb_init(&sb, buf, sizeof buf);
		as_sb_u64(&sb, v[i]);
		assert_string_equal(buf, want[i]);
	}
	for (uint32_t a = 0; a < 256; a++) {
		char buf[32], want_ip[32];
		struct as_sb sb;
		as_sb_init(&sb, buf, sizeof buf);
		as_sb_ipv4(&sb, a << 24 | (255 - a) << 16 | a << 8 | 7);
		snprintf(want_ip, sizeof want_ip, "%u.%u.%u.7", a, 255 - a, a);
		assert_string_equal(buf, want_ip);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_text),
		cmocka_unit_test(test_every_capacity),
		cmocka_unit_test(test_ipv6_rfc5952),
		cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
