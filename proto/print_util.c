/* print_util.c - pieces shared by the RIP, RIPng and IPX printers. */
#include "config.h"

#include "proto/print_util.h"

void as_pr_upd_text(struct as_sb *sb, unsigned cmd, uint8_t flush, uint16_t seq)
{
	if (!as_pr_has_seq(cmd))
		return;
	as_sb_puts(sb, " seq ");
	as_sb_u64(sb, seq);
	if (flush)
		as_sb_puts(sb, flush == 1 ? " flush" : " flush?");
}

void as_pr_counts_text(struct as_sb *sb, size_t len, unsigned n, unsigned skipped)
{
	as_sb_puts(sb, ", length ");
	as_sb_u64(sb, len);
	as_sb_puts(sb, ", ");
	as_sb_u64(sb, n);
	as_sb_puts(sb, n == 1 ? " entry" : " entries");
	if (skipped) {
		as_sb_puts(sb, " (");
		as_sb_u64(sb, skipped);
		as_sb_puts(sb, " skipped)");
	}
}

void as_pr_invalid_text(struct as_sb *sb, const char *name)
{
	as_sb_puts(sb, " [invalid: ");
	as_sb_puts(sb, name);
	as_sb_putc(sb, ']');
}

void as_pr_skip_text(struct as_sb *sb, const char *name)
{
	as_sb_puts(sb, " [skipped: ");
	as_sb_puts(sb, name);
	as_sb_putc(sb, ']');
}

void as_pr_upd_json(struct as_sb *sb, unsigned cmd, uint8_t flush, uint16_t seq)
{
	if (!as_pr_has_seq(cmd))
		return;
	as_sb_puts(sb, ",\"seq\":");
	as_sb_u64(sb, seq);
	as_sb_puts(sb, ",\"flush\":");
	as_sb_u64(sb, flush);
}

void as_pr_skip_json(struct as_sb *sb, const char *name)
{
	as_sb_puts(sb, ",\"skip\":\"");
	as_sb_puts(sb, name);
	as_sb_putc(sb, '"');
}
