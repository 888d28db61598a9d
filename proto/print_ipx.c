/* print_ipx.c - IPX header, IPX RIP and IPX SAP text (tcpdump -v style) and JSON printers. */
#include "config.h"

#include <autostatic/ipx.h>
#include <autostatic/print.h>

#include "proto/print_util.h"

void as_ipx_print_addr(struct as_sb *sb, uint32_t net, const uint8_t node[6], uint16_t socket)
{
	as_sb_hex(sb, net, 8);
	as_sb_putc(sb, '.');
	as_sb_mac(sb, node);
	as_sb_putc(sb, ':');
	as_sb_hex(sb, socket, 4);
}

void as_ipx_print_hdr_text(struct as_sb *sb, const struct as_ipx_hdr *h)
{
	as_sb_puts(sb, "IPX ");
	as_ipx_print_addr(sb, h->src.net, h->src.node, h->src.socket);
	as_sb_puts(sb, " > ");
	as_ipx_print_addr(sb, h->dst.net, h->dst.node, h->dst.socket);
	as_sb_puts(sb, ": type ");
	as_sb_puts(sb, as_ipx_type_str(h->type));
	as_sb_puts(sb, " (");
	as_sb_u64(sb, h->type);
	as_sb_puts(sb, "), tc ");
	as_sb_u64(sb, h->tc);
	as_sb_puts(sb, ", length ");
	as_sb_u64(sb, h->length);
	if (h->checksum != AS_IPX_CSUM_NONE) { /* reported, not verified */
		as_sb_puts(sb, ", checksum 0x");
		as_sb_hex(sb, h->checksum, 4);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* IPX RIP */

void as_ipxrip_print_text(struct as_sb *sb, const struct as_ipxrip_msg *m, int err, size_t len)
{
	as_sb_puts(sb, "IPX RIP ");
	as_sb_puts(sb, as_ipxrip_op_str(m->op));
	as_pr_upd_text(sb, m->op, m->flush, m->seq);
	as_pr_counts_text(sb, len, m->n_entries, m->n_skipped);
	if (m->general)
		as_sb_puts(sb, ", whole table");
	if (err)
		as_pr_invalid_text(sb, as_ipxrip_err_str((enum as_ipxrip_err)err));
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_ipxrip_entry *e = &m->e[i];
		as_sb_puts(sb, "\n\t");
		as_sb_hex(sb, e->net, 8);
		as_sb_puts(sb, " hops ");
		as_sb_u64(sb, e->hops);
		as_sb_puts(sb, " ticks ");
		as_sb_u64(sb, e->ticks);
		if (e->skip)
			as_pr_skip_text(sb, as_ipxrip_skip_str((enum as_ipxrip_skip)e->skip));
	}
}

void as_ipxrip_print_json(struct as_sb *sb, const struct as_ipxrip_msg *m, int err)
{
	(void)err; /* the caller writes "valid" and "error" with the frame's members */

	as_sb_puts(sb, "\"command\":\"");
	as_sb_puts(sb, as_ipxrip_op_str(m->op));
	as_sb_putc(sb, '"');
	as_pr_upd_json(sb, m->op, m->flush, m->seq);
	if (m->general)
		as_sb_puts(sb, ",\"whole_table\":true");
	as_sb_puts(sb, ",\"entries\":[");
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_ipxrip_entry *e = &m->e[i];
		if (i)
			as_sb_putc(sb, ',');
		as_sb_puts(sb, "{\"network\":\"");
		as_sb_hex(sb, e->net, 8);
		as_sb_puts(sb, "\",\"hops\":");
		as_sb_u64(sb, e->hops);
		as_sb_puts(sb, ",\"ticks\":");
		as_sb_u64(sb, e->ticks);
		if (e->skip)
			as_pr_skip_json(sb, as_ipxrip_skip_str((enum as_ipxrip_skip)e->skip));
		as_sb_putc(sb, '}');
	}
	as_sb_putc(sb, ']');
}

/* ------------------------------------------------------------------------------------------ */
/* IPX SAP */

void as_sap_print_text(struct as_sb *sb, const struct as_sap_msg *m, int err, size_t len)
{
	as_sb_puts(sb, "IPX SAP ");
	as_sb_puts(sb, as_sap_op_str(m->op));
	if (as_sap_op_is_query(m->op)) {
		as_sb_puts(sb, " type 0x");
		as_sb_hex(sb, m->service_type, 4);
		if (m->service_type == AS_SAP_TYPE_ALL)
			as_sb_puts(sb, " (all)");
		as_sb_puts(sb, ", length ");
		as_sb_u64(sb, len);
	} else {
		as_pr_upd_text(sb, m->op, m->flush, m->seq);
		as_pr_counts_text(sb, len, m->n_entries, m->n_skipped);
	}
	if (err)
		as_pr_invalid_text(sb, as_sap_err_str((enum as_sap_err)err));
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_sap_entry *e = &m->e[i];
		as_sb_puts(sb, "\n\ttype 0x");
		as_sb_hex(sb, e->type, 4);
		as_sb_puts(sb, " '");
		/* stops at the NUL, escapes the rest */
		as_sb_text_str(sb, e->name, sizeof e->name);
		as_sb_puts(sb, "' ");
		as_ipx_print_addr(sb, e->net, e->node, e->socket);
		as_sb_puts(sb, " hops ");
		as_sb_u64(sb, e->hops);
		if (e->skip)
			as_pr_skip_text(sb, as_sap_skip_str((enum as_sap_skip)e->skip));
	}
}

void as_sap_print_json(struct as_sb *sb, const struct as_sap_msg *m, int err)
{
	(void)err; /* the caller writes "valid" and "error" with the frame's members */

	as_sb_puts(sb, "\"command\":\"");
	as_sb_puts(sb, as_sap_op_str(m->op));
	as_sb_putc(sb, '"');
	if (as_sap_op_is_query(m->op)) {
		as_sb_puts(sb, ",\"service_type\":");
		as_sb_u64(sb, m->service_type);
	}
	as_pr_upd_json(sb, m->op, m->flush, m->seq);
	as_sb_puts(sb, ",\"entries\":[");
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_sap_entry *e = &m->e[i];
		/* Counted here rather than taken from name_len, so that a message built by hand
		 * without as_sap_set_name() prints right too. */
		size_t nlen = 0;
		while (nlen < sizeof e->name && e->name[nlen])
			nlen++;
		if (i)
			as_sb_putc(sb, ',');
		as_sb_puts(sb, "{\"type\":");
		as_sb_u64(sb, e->type);
		as_sb_puts(sb, ",\"name\":");
		as_sb_json_str(sb, e->name, nlen);
		as_sb_puts(sb, ",\"network\":\"");
		as_sb_hex(sb, e->net, 8);
		as_sb_puts(sb, "\",\"node\":\"");
		as_sb_mac(sb, e->node);
		as_sb_puts(sb, "\",\"socket\":");
		as_sb_u64(sb, e->socket);
		as_sb_puts(sb, ",\"hops\":");
		as_sb_u64(sb, e->hops);
		if (e->skip)
			as_pr_skip_json(sb, as_sap_skip_str((enum as_sap_skip)e->skip));
		as_sb_putc(sb, '}');
	}
	as_sb_putc(sb, ']');
}
