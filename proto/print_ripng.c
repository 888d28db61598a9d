/* print_ripng.c - RIPng (RFC 2080, RFC 2091) text (tcpdump -v style) and JSON printers. */
#include "config.h"

#include <autostatic/print.h>
#include <autostatic/ripng.h>

#include "proto/print_util.h"

static bool is_unspecified(const uint8_t a[16])
{
	for (size_t i = 0; i < 16; i++)
		if (a[i])
			return false;
	return true;
}

static void skip_text(struct as_sb *sb, uint8_t skip)
{
	if (skip)
		as_pr_skip_text(sb, as_ripng_skip_str((enum as_ripng_skip)skip));
}

static void text_entry(struct as_sb *sb, const struct as_ripng_entry *e)
{
	as_sb_puts(sb, "\n\t");
	if (e->is_next_hop) {
		/* :: means "the sender of this message" (RFC 2080 2.1.1) */
		as_sb_puts(sb, "next-hop ");
		if (is_unspecified(e->prefix))
			as_sb_puts(sb, "self");
		else
			as_sb_ipv6(sb, e->prefix);
	} else {
		as_sb_ipv6(sb, e->prefix);
		as_sb_putc(sb, '/');
		as_sb_u64(sb, e->prefix_len);
		as_sb_puts(sb, " metric ");
		as_sb_u64(sb, e->metric);
		as_sb_puts(sb, " tag 0x");
		as_sb_hex(sb, e->tag, 4);
	}
	skip_text(sb, e->skip);
}

void as_ripng_print_text(struct as_sb *sb, const struct as_ripng_msg *m, int err, size_t len)
{
	as_sb_puts(sb, "RIPng v");
	as_sb_u64(sb, m->version);
	as_sb_putc(sb, ' ');
	as_sb_puts(sb, as_ripng_cmd_str(m->command));
	as_pr_upd_text(sb, m->command, m->flush, m->seq);
	as_pr_counts_text(sb, len, m->n_entries, m->n_skipped);
	if (m->whole_table)
		as_sb_puts(sb, ", whole table");
	if (err)
		as_pr_invalid_text(sb, as_ripng_err_str((enum as_ripng_err)err));
	for (size_t i = 0; i < m->n_entries; i++)
		text_entry(sb, &m->e[i]);
}

static void json_skip(struct as_sb *sb, uint8_t skip)
{
	if (skip)
		as_pr_skip_json(sb, as_ripng_skip_str((enum as_ripng_skip)skip));
}

static void json_entry(struct as_sb *sb, const struct as_ripng_entry *e)
{
	if (e->is_next_hop) {
		as_sb_puts(sb, "{\"next_hop\":\"");
		as_sb_ipv6(sb, e->prefix);
		as_sb_putc(sb, '"');
	} else {
		as_sb_puts(sb, "{\"prefix\":\"");
		as_sb_ipv6(sb, e->prefix);
		as_sb_putc(sb, '/');
		as_sb_u64(sb, e->prefix_len);
		as_sb_puts(sb, "\",\"tag\":");
		as_sb_u64(sb, e->tag);
		as_sb_puts(sb, ",\"metric\":");
		as_sb_u64(sb, e->metric);
	}
	json_skip(sb, e->skip);
	as_sb_putc(sb, '}');
}

void as_ripng_print_json(struct as_sb *sb, const struct as_ripng_msg *m, int err)
{
	(void)err; /* the caller writes "valid" and "error" with the frame's members */

	as_sb_puts(sb, "\"command\":\"");
	as_sb_puts(sb, as_ripng_cmd_str(m->command));
	as_sb_puts(sb, "\",\"version\":");
	as_sb_u64(sb, m->version);
	as_pr_upd_json(sb, m->command, m->flush, m->seq);
	if (m->whole_table)
		as_sb_puts(sb, ",\"whole_table\":true");
	as_sb_puts(sb, ",\"entries\":[");
	for (size_t i = 0; i < m->n_entries; i++) {
		if (i)
			as_sb_putc(sb, ',');
		json_entry(sb, &m->e[i]);
	}
	as_sb_putc(sb, ']');
}
