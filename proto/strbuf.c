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

void as_sb_putn_slow(struct as_sb *sb, const char *s, size_t n)
{
	if (sb->cap == 0) {
		sb->trunc = true;
		return;
	}
	size_t room = sb->cap - 1 - sb->len;
	if (n > room) {
		n = room;
		sb->trunc = true;
	}
	memcpy(sb->p + sb->len, s, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
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

/* The decimal text of every octet: dotted quads are most of a RIP decode's output. */
static const struct {
	char d[4];
	uint8_t n;
} octets[256] = {
	{"0", 1}, {"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}, {"6", 1}, {"7", 1}, {"8", 1},
	{"9", 1}, {"10", 2}, {"11", 2}, {"12", 2}, {"13", 2}, {"14", 2}, {"15", 2}, {"16", 2},
	{"17", 2}, {"18", 2}, {"19", 2}, {"20", 2}, {"21", 2}, {"22", 2}, {"23", 2}, {"24", 2},
	{"25", 2}, {"26", 2}, {"27", 2}, {"28", 2}, {"29", 2}, {"30", 2}, {"31", 2}, {"32", 2},
	{"33", 2}, {"34", 2}, {"35", 2}, {"36", 2}, {"37", 2}, {"38", 2}, {"39", 2}, {"40", 2},
	{"41", 2}, {"42", 2}, {"43", 2}, {"44", 2}, {"45", 2}, {"46", 2}, {"47", 2}, {"48", 2},
	{"49", 2}, {"50", 2}, {"51", 2}, {"52", 2}, {"53", 2}, {"54", 2}, {"55", 2}, {"56", 2},
	{"57", 2}, {"58", 2}, {"59", 2}, {"60", 2}, {"61", 2}, {"62", 2}, {"63", 2}, {"64", 2},
	{"65", 2}, {"66", 2}, {"67", 2}, {"68", 2}, {"69", 2}, {"70", 2}, {"71", 2}, {"72", 2},
	{"73", 2}, {"74", 2}, {"75", 2}, {"76", 2}, {"77", 2}, {"78", 2}, {"79", 2}, {"80", 2},
	{"81", 2}, {"82", 2}, {"83", 2}, {"84", 2}, {"85", 2}, {"86", 2}, {"87", 2}, {"88", 2},
	{"89", 2}, {"90", 2}, {"91", 2}, {"92", 2}, {"93", 2}, {"94", 2}, {"95", 2}, {"96", 2},
	{"97", 2}, {"98", 2}, {"99", 2}, {"100", 3}, {"101", 3}, {"102", 3}, {"103", 3},
	{"104", 3}, {"105", 3}, {"106", 3}, {"107", 3}, {"108", 3}, {"109", 3}, {"110", 3},
	{"111", 3}, {"112", 3}, {"113", 3}, {"114", 3}, {"115", 3}, {"116", 3}, {"117", 3},
	{"118", 3}, {"119", 3}, {"120", 3}, {"121", 3}, {"122", 3}, {"123", 3}, {"124", 3},
	{"125", 3}, {"126", 3}, {"127", 3}, {"128", 3}, {"129", 3}, {"130", 3}, {"131", 3},
	{"132", 3}, {"133", 3}, {"134", 3}, {"135", 3}, {"136", 3}, {"137", 3}, {"138", 3},
	{"139", 3}, {"140", 3}, {"141", 3}, {"142", 3}, {"143", 3}, {"144", 3}, {"145", 3},
	{"146", 3}, {"147", 3}, {"148", 3}, {"149", 3}, {"150", 3}, {"151", 3}, {"152", 3},
	{"153", 3}, {"154", 3}, {"155", 3}, {"156", 3}, {"157", 3}, {"158", 3}, {"159", 3},
	{"160", 3}, {"161", 3}, {"162", 3}, {"163", 3}, {"164", 3}, {"165", 3}, {"166", 3},
	{"167", 3}, {"168", 3}, {"169", 3}, {"170", 3}, {"171", 3}, {"172", 3}, {"173", 3},
	{"174", 3}, {"175", 3}, {"176", 3}, {"177", 3}, {"178", 3}, {"179", 3}, {"180", 3},
	{"181", 3}, {"182", 3}, {"183", 3}, {"184", 3}, {"185", 3}, {"186", 3}, {"187", 3},
	{"188", 3}, {"189", 3}, {"190", 3}, {"191", 3}, {"192", 3}, {"193", 3}, {"194", 3},
	{"195", 3}, {"196", 3}, {"197", 3}, {"198", 3}, {"199", 3}, {"200", 3}, {"201", 3},
	{"202", 3}, {"203", 3}, {"204", 3}, {"205", 3}, {"206", 3}, {"207", 3}, {"208", 3},
	{"209", 3}, {"210", 3}, {"211", 3}, {"212", 3}, {"213", 3}, {"214", 3}, {"215", 3},
	{"216", 3}, {"217", 3}, {"218", 3}, {"219", 3}, {"220", 3}, {"221", 3}, {"222", 3},
	{"223", 3}, {"224", 3}, {"225", 3}, {"226", 3}, {"227", 3}, {"228", 3}, {"229", 3},
	{"230", 3}, {"231", 3}, {"232", 3}, {"233", 3}, {"234", 3}, {"235", 3}, {"236", 3},
	{"237", 3}, {"238", 3}, {"239", 3}, {"240", 3}, {"241", 3}, {"242", 3}, {"243", 3},
	{"244", 3}, {"245", 3}, {"246", 3}, {"247", 3}, {"248", 3}, {"249", 3}, {"250", 3},
	{"251", 3}, {"252", 3}, {"253", 3}, {"254", 3}, {"255", 3},
};

void as_sb_u64(struct as_sb *sb, uint64_t v)
{
	if (v < 256) { /* most fields of most packets: metrics, lengths, tags, versions */
		as_sb_putn(sb, octets[v].d, octets[v].n);
		return;
	}
	char tmp[20];
	size_t i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	as_sb_putn(sb, tmp + i, sizeof tmp - i);
}

void as_sb_ipv4(struct as_sb *sb, uint32_t a)
{
	char tmp[20];
	size_t n = 0;
	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned o = (a >> shift) & 0xFF;
		memcpy(tmp + n, octets[o].d, 4); /* fixed-size copy; tmp has room for the spare */
		n += octets[o].n;
		tmp[n++] = '.';
	}
	as_sb_putn(sb, tmp, n - 1);
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
