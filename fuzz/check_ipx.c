/* check_ipx.c - IPX header, IPX RIP and SAP checks for the fuzz harnesses: decode invariants,
 * printers, and decode -> encode -> decode with field and byte comparison. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <autostatic/ipx.h>
#include <autostatic/print.h>

#include "fuzz/common.h"

/* ------------------------------------------------------------------------------------------ */
/* IPX RIP */

struct ipxrip_print_ctx {
	const struct as_ipxrip_msg *m;
	int err;
	size_t len;
};

static void ipxrip_text(struct as_sb *sb, const void *ctx)
{
	const struct ipxrip_print_ctx *c = ctx;
	as_ipxrip_print_text(sb, c->m, c->err, c->len);
}

static void ipxrip_json(struct as_sb *sb, const void *ctx)
{
	const struct ipxrip_print_ctx *c = ctx;
	as_ipxrip_print_json(sb, c->m, c->err);
}

static void ipxrip_eq(const struct as_ipxrip_msg *a, const struct as_ipxrip_msg *b)
{
	FUZZ_CHECK(a->op == b->op);
	FUZZ_CHECK(a->upd_version == b->upd_version);
	FUZZ_CHECK(a->flush == b->flush);
	FUZZ_CHECK(a->seq == b->seq);
	FUZZ_CHECK(a->n_entries == b->n_entries);
	FUZZ_CHECK(a->n_skipped == b->n_skipped);
	FUZZ_CHECK(a->general == b->general);
	for (size_t i = 0; i < a->n_entries; i++) {
		FUZZ_CHECK(a->e[i].net == b->e[i].net);
		FUZZ_CHECK(a->e[i].hops == b->e[i].hops);
		FUZZ_CHECK(a->e[i].ticks == b->e[i].ticks);
		FUZZ_CHECK(a->e[i].skip == b->e[i].skip);
	}
}

void fuzz_ipxrip_payload(const uint8_t *data, size_t size, uint8_t variant)
{
	struct as_ipxrip_msg m, m2;
	uint8_t buf[AS_IPX_OP_LEN + AS_IPX_UPD_HDR_LEN + AS_IPXRIP_MAX_ENTRIES * AS_IPXRIP_ENTRY_LEN];
	(void)variant;

	ssize_t r = as_ipxrip_decode(data, size, &m);
	FUZZ_CHECK(r == (ssize_t)size || (r < 0 && -r < AS_IPXRIP_ERR_COUNT));
	FUZZ_CHECK(m.n_entries <= AS_IPXRIP_MAX_ENTRIES);
	FUZZ_CHECK(m.n_skipped <= m.n_entries);
	FUZZ_CHECK(as_ipxrip_err_str((enum as_ipxrip_err)(r < 0 ? -r : 0)) != NULL);
	unsigned skipped = 0;
	for (size_t i = 0; i < m.n_entries; i++) {
		FUZZ_CHECK(m.e[i].skip < AS_IPXRIP_SKIP_COUNT);
		skipped += m.e[i].skip != 0;
	}
	FUZZ_CHECK(skipped == m.n_skipped);

	struct ipxrip_print_ctx pc = {&m, r < 0 ? (int)-r : 0, size};
	fuzz_check_printer(ipxrip_text, &pc, false);
	fuzz_check_printer(ipxrip_json, &pc, true);
	if (r < 0)
		return;
	size_t hdr = AS_IPX_OP_LEN + (as_ipx_op_is_triggered(m.op) ? AS_IPX_UPD_HDR_LEN : 0);
	FUZZ_CHECK(size == hdr + (size_t)m.n_entries * AS_IPXRIP_ENTRY_LEN);
	FUZZ_CHECK(m.op != AS_IPXRIP_UPDATE_ACK || m.n_entries == 0);

	ssize_t n = as_ipxrip_encode(&m, buf, sizeof buf);
	FUZZ_CHECK(n == (ssize_t)size);
	FUZZ_CHECK(memcmp(buf, data, size) == 0);
	uint8_t *small = malloc((size_t)n - 1);
	FUZZ_CHECK(small != NULL || n == 1);
	FUZZ_CHECK(as_ipxrip_encode(&m, small, (size_t)n - 1) == -1);
	free(small);

	uint8_t *copy = fuzz_dup(buf, (size_t)n);
	FUZZ_CHECK(as_ipxrip_decode(copy, (size_t)n, &m2) == n);
	ipxrip_eq(&m, &m2);
	free(copy);
}

/* ------------------------------------------------------------------------------------------ */
/* IPX SAP */

struct sap_print_ctx {
	const struct as_sap_msg *m;
	int err;
	size_t len;
};

static void sap_text(struct as_sb *sb, const void *ctx)
{
	const struct sap_print_ctx *c = ctx;
	as_sap_print_text(sb, c->m, c->err, c->len);
}

static void sap_json(struct as_sb *sb, const void *ctx)
{
	const struct sap_print_ctx *c = ctx;
	as_sap_print_json(sb, c->m, c->err);
}

static void sap_eq(const struct as_sap_msg *a, const struct as_sap_msg *b)
{
	FUZZ_CHECK(a->op == b->op);
	FUZZ_CHECK(a->service_type == b->service_type);
	FUZZ_CHECK(a->upd_version == b->upd_version);
	FUZZ_CHECK(a->flush == b->flush);
	FUZZ_CHECK(a->seq == b->seq);
	FUZZ_CHECK(a->n_entries == b->n_entries);
	FUZZ_CHECK(a->n_skipped == b->n_skipped);
	for (size_t i = 0; i < a->n_entries; i++) {
		const struct as_sap_entry *x = &a->e[i], *y = &b->e[i];
		FUZZ_CHECK(x->type == y->type);
		FUZZ_CHECK(memcmp(x->name, y->name, sizeof x->name) == 0);
		FUZZ_CHECK(x->name_len == y->name_len);
		FUZZ_CHECK(x->net == y->net);
		FUZZ_CHECK(memcmp(x->node, y->node, sizeof x->node) == 0);
		FUZZ_CHECK(x->socket == y->socket);
		FUZZ_CHECK(x->hops == y->hops);
		FUZZ_CHECK(x->skip == y->skip);
	}
}

void fuzz_sap_payload(const uint8_t *data, size_t size, uint8_t variant)
{
	struct as_sap_msg m, m2;
	uint8_t buf[AS_IPX_OP_LEN + AS_IPX_UPD_HDR_LEN + AS_SAP_MAX_ENTRIES * AS_SAP_ENTRY_LEN];
	(void)variant;

	ssize_t r = as_sap_decode(data, size, &m);
	FUZZ_CHECK(r == (ssize_t)size || (r < 0 && -r < AS_SAP_ERR_COUNT));
	FUZZ_CHECK(m.n_entries <= AS_SAP_MAX_ENTRIES);
	FUZZ_CHECK(m.n_skipped <= m.n_entries);
	FUZZ_CHECK(as_sap_err_str((enum as_sap_err)(r < 0 ? -r : 0)) != NULL);
	unsigned skipped = 0;
	for (size_t i = 0; i < m.n_entries; i++) {
		const struct as_sap_entry *e = &m.e[i];
		FUZZ_CHECK(e->skip < AS_SAP_SKIP_COUNT);
		FUZZ_CHECK(e->name_len <= AS_SAP_NAME_LEN);
		FUZZ_CHECK(e->name_len == AS_SAP_NAME_LEN || e->name[e->name_len] == 0);
		FUZZ_CHECK(memchr(e->name, 0, e->name_len) == NULL);
		skipped += e->skip != 0;
	}
	FUZZ_CHECK(skipped == m.n_skipped);

	struct sap_print_ctx pc = {&m, r < 0 ? (int)-r : 0, size};
	fuzz_check_printer(sap_text, &pc, false);
	fuzz_check_printer(sap_json, &pc, true);
	if (r < 0)
		return;
	if (as_sap_op_is_query(m.op)) {
		FUZZ_CHECK(size == AS_IPX_OP_LEN + 2 && m.n_entries == 0);
	} else {
		size_t hdr = AS_IPX_OP_LEN + (as_ipx_op_is_triggered(m.op) ? AS_IPX_UPD_HDR_LEN : 0);
		FUZZ_CHECK(size == hdr + (size_t)m.n_entries * AS_SAP_ENTRY_LEN);
	}
	FUZZ_CHECK(m.op != AS_SAP_NEAREST_RESPONSE || m.n_entries == 1);
	FUZZ_CHECK(m.op != AS_SAP_GENERAL_RESPONSE || m.n_entries <= AS_SAP_MAX_ENTRIES_GENERAL);

	ssize_t n = as_sap_encode(&m, buf, sizeof buf);
	FUZZ_CHECK(n == (ssize_t)size);
	FUZZ_CHECK(memcmp(buf, data, size) == 0);
	uint8_t *small = malloc((size_t)n - 1);
	FUZZ_CHECK(small != NULL || n == 1);
	FUZZ_CHECK(as_sap_encode(&m, small, (size_t)n - 1) == -1);
	free(small);

	uint8_t *copy = fuzz_dup(buf, (size_t)n);
	FUZZ_CHECK(as_sap_decode(copy, (size_t)n, &m2) == n);
	sap_eq(&m, &m2);
	free(copy);

	/* as_sap_set_name on a decoded name: a name that fits is set back unchanged. */
	for (size_t i = 0; i < m.n_entries; i++) {
		char name[AS_SAP_NAME_LEN + 1];
		struct as_sap_entry e = m.e[i];
		memcpy(name, m.e[i].name, AS_SAP_NAME_LEN);
		name[AS_SAP_NAME_LEN] = '\0';
		int rc = as_sap_set_name(&e, name);
		if (m.e[i].name_len <= AS_SAP_NAME_MAX) {
			FUZZ_CHECK(rc == 0 && e.name_len == m.e[i].name_len);
			FUZZ_CHECK(memcmp(e.name, m.e[i].name, e.name_len) == 0);
		} else {
			FUZZ_CHECK(rc == -1);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* IPX header, then RIP or SAP by socket */

struct hdr_print_ctx {
	const struct as_ipx_hdr *h;
};

static void hdr_text(struct as_sb *sb, const void *ctx)
{
	const struct hdr_print_ctx *c = ctx;
	as_ipx_print_hdr_text(sb, c->h);
}

void fuzz_ipx_packet(const uint8_t *data, size_t size, uint8_t variant)
{
	struct as_ipx_hdr h, h2;
	uint8_t hbuf[AS_IPX_HDR_LEN];

	ssize_t r = as_ipx_decode(data, size, &h);
	if (r >= 0)
		FUZZ_CHECK(r >= AS_IPX_HDR_LEN && (size_t)r <= size && r == h.length);
	else
		FUZZ_CHECK(-r < AS_IPX_ERR_COUNT);
	FUZZ_CHECK(as_ipx_err_str((enum as_ipx_err)(r < 0 ? -r : 0)) != NULL);
	struct hdr_print_ctx pc = {&h};
	fuzz_check_printer(hdr_text, &pc, false);

	/* The header round-trips byte for byte whenever 30 bytes are there. */
	FUZZ_CHECK(as_ipx_encode_hdr(&h, hbuf, sizeof hbuf - 1) == -1);
	if (size >= AS_IPX_HDR_LEN) {
		FUZZ_CHECK(as_ipx_encode_hdr(&h, hbuf, sizeof hbuf) == AS_IPX_HDR_LEN);
		FUZZ_CHECK(memcmp(hbuf, data, AS_IPX_HDR_LEN) == 0);
		ssize_t r2 = as_ipx_decode(hbuf, sizeof hbuf, &h2);
		FUZZ_CHECK(h2.length == h.length && h2.checksum == h.checksum && h2.tc == h.tc &&
			   h2.type == h.type && h2.dst.net == h.dst.net &&
			   h2.src.net == h.src.net && h2.dst.socket == h.dst.socket &&
			   h2.src.socket == h.src.socket &&
			   !memcmp(h2.dst.node, h.dst.node, AS_IPX_NODE_LEN) &&
			   !memcmp(h2.src.node, h.src.node, AS_IPX_NODE_LEN));
		FUZZ_CHECK(r2 == (h.length < AS_IPX_HDR_LEN    ? -AS_IPX_ERR_LENGTH_SHORT
				  : h.length > AS_IPX_HDR_LEN ? -AS_IPX_ERR_TRUNCATED
							       : AS_IPX_HDR_LEN));
	}

	/* The payload: to Packet Length when the header is good; otherwise what follows the
	 * header, as `autostatic decode` shows a broken packet. */
	size_t off = size < AS_IPX_HDR_LEN ? size : AS_IPX_HDR_LEN;
	size_t plen = r >= 0 ? (size_t)r - AS_IPX_HDR_LEN : size - off;
	enum as_ipx_kind kind = as_ipx_socket_kind(h.dst.socket);
	if (kind == AS_IPX_KIND_OTHER) /* a reply to a client socket: from the service's socket */
		kind = as_ipx_socket_kind(h.src.socket);
	if (kind == AS_IPX_KIND_OTHER)
		kind = (variant & 1) ? AS_IPX_KIND_SAP : AS_IPX_KIND_RIP;
	uint8_t *payload = fuzz_dup(data + off, plen);
	if (kind == AS_IPX_KIND_SAP)
		fuzz_sap_payload(payload, plen, variant);
	else
		fuzz_ipxrip_payload(payload, plen, variant);
	free(payload);
}
