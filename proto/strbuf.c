/* strbuf.c - bounded string building for the printers; never writes past the caller's buffer. */
#include "config.h"

#include <string.h>

#include <autostatic/print.h>

void as_sb_init(struct as_sb *sb, char *p, size_t cap)
{
	sb->p = p;
	sb->cap = cap;
	sb->len = 0;
	sb->trunc = cap == 0;
	if (cap)
		p[0] = '\0';
}

void as_sb_putn(struct as_sb *sb, const char *s, size_t n)
{
	if (sb->cap == 0)
		return;
	size_t room = sb->cap - 1 - sb->len;
	if (n > room) {
		n = room;
		sb->trunc = true;
	}
	memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
}

void as_sb_putc(struct as_sb *sb, char c)
{
	if (sb->cap == 0 || sb->len + 1 >= sb->cap) {
		sb->trunc = true;
		return;
	}
	sb->p[sb->len++] = c;
	sb->p[sb->len] = '\0';
}

void as_sb_puts(struct as_sb *sb, const char *s)
{
	as_sb_putn(sb, s, strlen(s));
}

void as_sb_u64(struct as_sb *sb, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	as_sb_putn(sb, tmp + i, sizeof tmp - i);
}

static const char hexdig[] = "0123456789abcdef";

void as_sb_hex(struct as_sb *sb, uint64_t v, unsigned digits)
{
	char tmp[16];
	if (digits > 16)
		digits = 16;
	for (unsigned i = 0; i < digits; i++)
		tmp[digits - 1 - i] = hexdig[(v >> (4 * i)) & 0xF];
	as_sb_putn(sb, tmp, digits);
}

void as_sb_ipv4(struct as_sb *sb, uint32_t a)
{
	char tmp[16];
	size_t n = 0;
	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned o = (a >> shift) & 0xFF;
		if (o >= 100)
			tmp[n++] = (char)('0' + o / 100);
		if (o >= 10)
			tmp[n++] = (char)('0' + o / 10 % 10);
		tmp[n++] = (char)('0' + o % 10);
		if (shift)
			tmp[n++] = '.';
	}
	as_sb_putn(sb, tmp, n);
}

void as_sb_ipv6(struct as_sb *sb, const uint8_t a[16])
{
	uint16_t w[8];
	int best = -1, best_len = 0;
	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
	/* RFC 5952 4.2: the longest run of two or more zero groups, the first on a tie. */
	for (int i = 0; i < 8;) {
		if (w[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !w[j])
			j++;
		if (j - i > best_len && j - i >= 2) {
			best = i;
			best_len = j - i;
		}
		i = j;
	}
	/* IPv4-mapped addresses keep their dotted tail (RFC 5952 5). */
	bool mapped = best == 0 && best_len == 5 && w[5] == 0xFFFF;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			as_sb_puts(sb, "::");
			i += best_len - 1;
			continue;
		}
		if (mapped && i == 6) {
			as_sb_putc(sb, ':');
			as_sb_ipv4(sb, (uint32_t)w[6] << 16 | w[7]);
			break;
		}
		if (i && i != best + best_len)
			as_sb_putc(sb, ':');
		char tmp[4];
		int n = 0;
		for (int s = 12; s >= 0; s -= 4)
			if ((w[i] >> s) || s == 0 || n)
				tmp[n++] = hexdig[(w[i] >> s) & 0xF];
		as_sb_putn(sb, tmp, (size_t)n);
	}
}

void as_sb_mac(struct as_sb *sb, const uint8_t mac[6])
{
	char tmp[17];
	for (int i = 0; i < 6; i++) {
		tmp[3 * i] = hexdig[mac[i] >> 4];
		tmp[3 * i + 1] = hexdig[mac[i] & 0xF];
		if (i < 5)
			tmp[3 * i + 2] = ':';
	}
	as_sb_putn(sb, tmp, sizeof tmp);
}

void as_sb_json_str(struct as_sb *sb, const uint8_t *s, size_t n)
{
	as_sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c == '"' || c == '\\') {
			as_sb_putc(sb, '\\');
			as_sb_putc(sb, (char)c);
		} else if (c >= 0x20 && c < 0x7F) {
			as_sb_putc(sb, (char)c);
		} else {
			/* Bytes, not text: each one becomes a code point U+0000..U+00FF. */
			as_sb_puts(sb, "\\u00");
			as_sb_hex(sb, c, 2);
		}
	}
	as_sb_putc(sb, '"');
}

void as_sb_text_str(struct as_sb *sb, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		uint8_t c = s[i];
		if (c >= 0x20 && c < 0x7F && c != '\\') {
			as_sb_putc(sb, (char)c);
		} else {
			as_sb_puts(sb, "\\x");
			as_sb_hex(sb, c, 2);
		}
	}
}
