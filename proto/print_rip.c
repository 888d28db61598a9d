/* print_rip.c - RIP text (tcpdump -v style) and JSON (doc/decode-json.md) printers. */
#include "config.h"

#include <string.h>

#include <autostatic/print.h>
#include <autostatic/rip.h>

#include "proto/print_util.h"

static const char *verified_text(enum as_verified v)
{
	switch (v) {
	case AS_VERIFIED_TRUE: return "verified";
	case AS_VERIFIED_FALSE: return "NOT VERIFIED";
	case AS_VERIFIED_NULL: break;
	}
	return "not checked: no key";
}

static void text_entry(struct as_sb *sb, const struct as_rip_msg *m, const struct as_rip_entry *e)
{
	as_sb_puts(sb, "\n\t");
	if (e->afi != AS_RIP_AFI_INET) {
		as_sb_puts(sb, "AFI ");
		as_sb_u64(sb, e->afi);
		as_sb_putc(sb, ' ');
	}
	as_sb_ipv4(sb, e->addr);
	if (m->version >= 2) {
		as_sb_putc(sb, '/');
		as_sb_u64(sb, e->prefix_len);
	}
	as_sb_puts(sb, " metric ");
	as_sb_u64(sb, e->metric);
	if (m->version >= 2) {
		as_sb_puts(sb, " next-hop ");
		if (e->next_hop)
			as_sb_ipv4(sb, e->next_hop);
		else
			as_sb_puts(sb, "self");
		as_sb_puts(sb, " tag 0x");
		as_sb_hex(sb, e->tag, 4);
		if (e->mask && e->prefix_len == 32 && as_ipv4_mask_len(e->mask) < 0) {
			as_sb_puts(sb, " mask ");
			as_sb_ipv4(sb, e->mask);
		}
	} else if (e->tag || e->mask || e->next_hop) {
		as_sb_puts(sb, " mbz 0x");
		as_sb_hex(sb, e->tag, 4);
		as_sb_puts(sb, " 0x");
		as_sb_hex(sb, e->mask, 8);
		as_sb_puts(sb, " 0x");
		as_sb_hex(sb, e->next_hop, 8);
	}
	if (e->skip)
		as_pr_skip_text(sb, as_rip_skip_str((enum as_rip_skip)e->skip));
}

void as_rip_print_text(struct as_sb *sb, const struct as_rip_msg *m, int err, size_t len,
		       enum as_verified verified)
{
	const struct as_rip_auth *a = &m->auth;

	as_sb_puts(sb, "RIPv");
	as_sb_u64(sb, m->version);
	as_sb_putc(sb, ' ');
	as_sb_puts(sb, as_rip_cmd_str(m->command));
	if (!strcmp(as_rip_cmd_str(m->command), "unknown")) {
		as_sb_puts(sb, " (");
		as_sb_u64(sb, m->command);
		as_sb_putc(sb, ')');
	}
	as_pr_upd_text(sb, m->command, m->flush, m->seq);
	as_pr_counts_text(sb, len, m->n_entries, m->n_skipped);
	if (m->whole_table)
		as_sb_puts(sb, ", whole table");
	if (err)
		as_pr_invalid_text(sb, as_rip_err_str((enum as_rip_err)err));
	if (a->type == AS_RIP_AUTH_SIMPLE) {
		as_sb_puts(sb, "\n\tauth simple password \"");
		as_sb_text_str(sb, a->password, sizeof a->password);
		as_sb_puts(sb, "\" [");
		as_sb_puts(sb, verified_text(verified));
		as_sb_putc(sb, ']');
	} else if (a->type == AS_RIP_AUTH_CRYPTO) {
		as_sb_puts(sb, "\n\tauth ");
		as_sb_puts(sb, as_rip_alg_str((enum as_rip_alg)a->alg));
		as_sb_puts(sb, " key-id ");
		as_sb_u64(sb, a->key_id);
		as_sb_puts(sb, " seq ");
		as_sb_u64(sb, a->seq);
		as_sb_puts(sb, " packet-len ");
		as_sb_u64(sb, a->pkt_len);
		as_sb_puts(sb, " auth-len ");
		as_sb_u64(sb, a->auth_len);
		if (a->digest_len) {
			as_sb_puts(sb, " [");
			as_sb_puts(sb, verified_text(verified));
			as_sb_puts(sb, "]\n\tdigest ");
			for (size_t i = 0; i < a->digest_len; i++)
				as_sb_hex(sb, a->digest[i], 2);
		}
	} else if (a->type != AS_RIP_AUTH_NONE) {
		as_sb_puts(sb, "\n\tauth type ");
		as_sb_u64(sb, a->type);
	}
	for (size_t i = 0; i < m->n_entries; i++)
		text_entry(sb, m, &m->e[i]);
}

static void json_key(struct as_sb *sb, const char *k)
{
	as_sb_putc(sb, '"');
	as_sb_puts(sb, k);
	as_sb_puts(sb, "\":");
}

static void json_ipv4(struct as_sb *sb, uint32_t a)
{
	as_sb_putc(sb, '"');
	as_sb_ipv4(sb, a);
	as_sb_putc(sb, '"');
}

static void json_verified(struct as_sb *sb, enum as_verified v)
{
	json_key(sb, "verified");
	as_sb_puts(sb, v == AS_VERIFIED_NULL ? "null" : v == AS_VERIFIED_TRUE ? "true" : "false");
}

static void json_entry(struct as_sb *sb, const struct as_rip_msg *m, const struct as_rip_entry *e)
{
	as_sb_puts(sb, "{\"afi\":");
	as_sb_u64(sb, e->afi);
	if (m->version >= 2) {
		as_sb_puts(sb, ",\"tag\":");
		as_sb_u64(sb, e->tag);
		as_sb_puts(sb, ",\"prefix\":\"");
		as_sb_ipv4(sb, e->addr);
		as_sb_putc(sb, '/');
		as_sb_u64(sb, e->prefix_len);
		as_sb_puts(sb, "\",\"mask\":");
		json_ipv4(sb, e->mask);
		as_sb_puts(sb, ",\"next_hop\":");
		json_ipv4(sb, e->next_hop);
	} else {
		as_sb_puts(sb, ",\"address\":");
		json_ipv4(sb, e->addr);
	}
	as_sb_puts(sb, ",\"metric\":");
	as_sb_u64(sb, e->metric);
	if (e->skip)
		as_pr_skip_json(sb, as_rip_skip_str((enum as_rip_skip)e->skip));
	as_sb_putc(sb, '}');
}

void as_rip_print_json(struct as_sb *sb, const struct as_rip_msg *m, int err,
		       enum as_verified verified)
{
	const struct as_rip_auth *a = &m->auth;
	(void)err;

	as_sb_puts(sb, "\"command\":\"");
	as_sb_puts(sb, as_rip_cmd_str(m->command));
	as_sb_putc(sb, '"');
	if (!strcmp(as_rip_cmd_str(m->command), "unknown")) {
		as_sb_puts(sb, ",\"command_code\":");
		as_sb_u64(sb, m->command);
	}
	as_sb_puts(sb, ",\"version\":");
	as_sb_u64(sb, m->version);
	as_pr_upd_json(sb, m->command, m->flush, m->seq);
	if (m->whole_table)
		as_sb_puts(sb, ",\"whole_table\":true");
	if (a->type == AS_RIP_AUTH_SIMPLE) {
		as_sb_puts(sb, ",\"auth\":{\"type\":\"simple\",\"password\":");
		size_t n = 0;
		while (n < sizeof a->password && a->password[n])
			n++;
		as_sb_json_str(sb, a->password, n);
		as_sb_putc(sb, ',');
		json_verified(sb, verified);
		as_sb_putc(sb, '}');
	} else if (a->type == AS_RIP_AUTH_CRYPTO) {
		as_sb_puts(sb, ",\"auth\":{\"type\":\"");
		as_sb_puts(sb, as_rip_alg_str((enum as_rip_alg)a->alg));
		as_sb_puts(sb, "\",\"key_id\":");
		as_sb_u64(sb, a->key_id);
		as_sb_puts(sb, ",\"seq\":");
		as_sb_u64(sb, a->seq);
		as_sb_puts(sb, ",\"packet_len\":");
		as_sb_u64(sb, a->pkt_len);
		as_sb_puts(sb, ",\"auth_len\":");
		as_sb_u64(sb, a->auth_len);
		as_sb_puts(sb, ",\"digest\":\"");
		for (size_t i = 0; i < a->digest_len; i++)
			as_sb_hex(sb, a->digest[i], 2);
		as_sb_puts(sb, "\",");
		json_verified(sb, verified);
		as_sb_putc(sb, '}');
	} else if (a->type != AS_RIP_AUTH_NONE) {
		as_sb_puts(sb, ",\"auth\":{\"type\":");
		as_sb_u64(sb, a->type);
		as_sb_puts(sb, ",\"verified\":null}");
	}
	as_sb_puts(sb, ",\"entries\":[");
	for (size_t i = 0; i < m->n_entries; i++) {
		if (i)
			as_sb_putc(sb, ',');
		json_entry(sb, m, &m->e[i]);
	}
	as_sb_putc(sb, ']');
}
