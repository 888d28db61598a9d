/* print_util.h - pieces shared by the protocol printers (internal to proto/). */
#ifndef AS_PROTO_PRINT_UTIL_H
#define AS_PROTO_PRINT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <autostatic/print.h>

/* RFC 2091 Update Response (10) and Update Acknowledge (11) carry a sequence and a flush flag,
 * with the same numbers in RIP, RIPng and IPX RIP/SAP. */
static inline int as_pr_has_seq(unsigned cmd)
{
	return cmd == 10 || cmd == 11;
}

/* Text: " seq N[ flush]" for commands that carry them. */
void as_pr_upd_text(struct as_sb *sb, unsigned cmd, uint8_t flush, uint16_t seq);
/* Text: ", length L, N entries[ (S skipped)]". */
void as_pr_counts_text(struct as_sb *sb, size_t len, unsigned n, unsigned skipped);
/* Text: " [invalid: NAME]" and " [skipped: NAME]". */
void as_pr_invalid_text(struct as_sb *sb, const char *name);
void as_pr_skip_text(struct as_sb *sb, const char *name);
/* JSON: ,"seq":N,"flush":F for commands that carry them; ,"skip":"NAME". */
void as_pr_upd_json(struct as_sb *sb, unsigned cmd, uint8_t flush, uint16_t seq);
void as_pr_skip_json(struct as_sb *sb, const char *name);

#endif
