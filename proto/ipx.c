/* ipx.c - IPX header, IPX RIP and IPX SAP decode, validation and encode.
 *
 * Novell IPX, RIP and SAP as restated in PROTOCOLS.md section 5 (no Novell specification was
 * available; the facts rest on RFC 1552/1553/1634, Linux, FreeBSD IPXrouted, vendor manuals
 * and captures), and RFC 2091 sections 5.4 and 5.5 for the triggered operations 9, 10 and 11.
 *
 * Each decoder is one gate: operation, optional RFC 2091 update header, then fixed-stride
 * entries (8 bytes for RIP, 64 for SAP). Packet-level violations reject the whole packet;
 * entries a receiver must ignore (hops above 16, a SAP name that is not a string) are kept and
 * marked.
 */
#include "config.h"

#include <autostatic/ipx.h>

#include "proto/cursor.h"

/* ------------------------------------------------------------------------------------------ */
/* Names */

static const char *const ipx_err_names[AS_IPX_ERR_COUNT] = {
	[AS_IPX_OK] = "ok",
	[AS_IPX_ERR_HDR_TRUNCATED] = "ipx-header-truncated",
	[AS_IPX_ERR_LENGTH_SHORT] = "ipx-length-short",
	[AS_IPX_ERR_TRUNCATED] = "ipx-truncated",
};

static const char *const ipxrip_err_names[AS_IPXRIP_ERR_COUNT] = {
	[AS_IPXRIP_OK] = "ok",
	[AS_IPXRIP_ERR_SHORT] = "ipxrip-short",
	[AS_IPXRIP_ERR_BAD_OPERATION] = "ipxrip-bad-operation",
	[AS_IPXRIP_ERR_BAD_LENGTH] = "ipxrip-bad-length",
	[AS_IPXRIP_ERR_TOO_MANY_ENTRIES] = "ipxrip-too-many-entries",
	[AS_IPXRIP_ERR_UPD_SHORT] = "ipxrip-update-header-short",
	[AS_IPXRIP_ERR_UPD_VERSION] = "ipxrip-update-bad-version",
	[AS_IPXRIP_ERR_UPD_FLUSH] = "ipxrip-update-bad-flush",
	[AS_IPXRIP_ERR_UPD_MBZ] = "ipxrip-update-request-mbz",
	[AS_IPXRIP_ERR_ACK_HAS_ROUTES] = "ipxrip-ack-has-routes",
};

static const char *const ipxrip_skip_names[AS_IPXRIP_SKIP_COUNT] = {
	[AS_IPXRIP_SKIP_NONE] = "none",
	[AS_IPXRIP_SKIP_HOPS] = "hops",
};

static const char *const sap_err_names[AS_SAP_ERR_COUNT] = {
	[AS_SAP_OK] = "ok",
	[AS_SAP_ERR_SHORT] = "ipxsap-short",
	[AS_SAP_ERR_BAD_OPERATION] = "ipxsap-bad-operation",
	[AS_SAP_ERR_QUERY_LENGTH] = "ipxsap-bad-query-length",
	[AS_SAP_ERR_BAD_LENGTH] = "ipxsap-bad-length",
	[AS_SAP_ERR_TOO_MANY_ENTRIES] = "ipxsap-too-many-entries",
	[AS_SAP_ERR_NEAREST_COUNT] = "ipxsap-nearest-not-one-entry",
	[AS_SAP_ERR_UPD_SHORT] = "ipxsap-update-header-short",
	[AS_SAP_ERR_UPD_VERSION] = "ipxsap-update-bad-version",
	[AS_SAP_ERR_UPD_FLUSH] = "ipxsap-update-bad-flush",
	[AS_SAP_ERR_UPD_MBZ] = "ipxsap-update-request-mbz",
	[AS_SAP_ERR_UPD_HAS_ENTRIES] = "ipxsap-update-has-entries",
};

static const char *const sap_skip_names[AS_SAP_SKIP_COUNT] = {
	[AS_SAP_SKIP_NONE] = "none",
	[AS_SAP_SKIP_HOPS] = "hops",
	[AS_SAP_SKIP_NAME] = "name",
};

const char *as_ipx_err_str(enum as_ipx_err e)
{
	if ((unsigned)e < AS_IPX_ERR_COUNT)
		return ipx_err_names[e];
	return "ipx-unknown-error";
}

const char *as_ipxrip_err_str(enum as_ipxrip_err e)
{
	if ((unsigned)e < AS_IPXRIP_ERR_COUNT)
		return ipxrip_err_names[e];
	return "ipxrip-unknown-error";
}

const char *as_ipxrip_skip_str(enum as_ipxrip_skip s)
{
	if ((unsigned)s < AS_IPXRIP_SKIP_COUNT)
		return ipxrip_skip_names[s];
	return "unknown";
}

const char *as_sap_err_str(enum as_sap_err e)
{
	if ((unsigned)e < AS_SAP_ERR_COUNT)
		return sap_err_names[e];
	return "ipxsap-unknown-error";
}

const char *as_sap_skip_str(enum as_sap_skip s)
{
	if ((unsigned)s < AS_SAP_SKIP_COUNT)
		return sap_skip_names[s];
	return "unknown";
}

/* The RFC 2091 names are shared by RIP and SAP. */
static const char *triggered_op_str(unsigned op)
{
	switch (op) {
	case 9: return "update-request";
	case 10: return "update-response";
	case 11: return "update-ack";
	default: return "unknown";
	}
}

const char *as_ipxrip_op_str(unsigned op)
{
	switch (op) {
	case AS_IPXRIP_REQUEST: return "request";
	case AS_IPXRIP_RESPONSE: return "response";
	default: return triggered_op_str(op);
	}
}

const char *as_sap_op_str(unsigned op)
{
	switch (op) {
	case AS_SAP_GENERAL_QUERY: return "general-query";
	case AS_SAP_GENERAL_RESPONSE: return "general-response";
	case AS_SAP_NEAREST_QUERY: return "nearest-query";
	case AS_SAP_NEAREST_RESPONSE: return "nearest-response";
	default: return triggered_op_str(op);
	}
}

const char *as_ipx_type_str(unsigned type)
{
	switch (type) {
	case AS_IPX_TYPE_RIP: return "rip";
	case AS_IPX_TYPE_ECHO: return "echo";
	case AS_IPX_TYPE_ERROR: return "error";
	case AS_IPX_TYPE_PEP: return "pep";
	case AS_IPX_TYPE_SPX: return "spx";
	case AS_IPX_TYPE_NCP: return "ncp";
	case AS_IPX_TYPE_NETBIOS: return "netbios";
	default: return "unknown";
	}
}

enum as_ipx_kind as_ipx_socket_kind(uint16_t dst_socket)
{
	switch (dst_socket) {
	case AS_IPX_SOCKET_RIP: return AS_IPX_KIND_RIP;
	case AS_IPX_SOCKET_SAP: return AS_IPX_KIND_SAP;
	default: return AS_IPX_KIND_OTHER;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* IPX header */

static void rd_addr(struct as_rd *r, struct as_ipx_addr *a)
{
	a->net = as_rd_be32(r);
	as_rd_bytes(r, a->node, sizeof a->node);
	a->socket = as_rd_be16(r);
}

static void wr_addr(struct as_wr *w, const struct as_ipx_addr *a)
{
	as_wr_be32(w, a->net);
	as_wr_bytes(w, a->node, sizeof a->node);
	as_wr_be16(w, a->socket);
}

ssize_t as_ipx_decode(const uint8_t *buf, size_t len, struct as_ipx_hdr *h)
{
	struct as_rd r;

	/* A cut header still yields what it holds, zeros after (the cursor fills them), so that a
	 * printer can show the length field of a truncated packet. */
	memset(h, 0, sizeof *h);
	as_rd_init(&r, buf, len);
	h->checksum = as_rd_be16(&r);
	h->length = as_rd_be16(&r);
	h->tc = as_rd_u8(&r);
	h->type = as_rd_u8(&r);
	rd_addr(&r, &h->dst);
	rd_addr(&r, &h->src);

	/* Linux drops packets whose length field is below 30 or beyond the data received; the
	 * first is nonsense whatever the capture holds, so it is reported before truncation. */
	if (len >= 4 && h->length < AS_IPX_HDR_LEN)
		return -AS_IPX_ERR_LENGTH_SHORT;
	if (len < AS_IPX_HDR_LEN)
		return -AS_IPX_ERR_HDR_TRUNCATED;
	if (h->length > len)
		return -AS_IPX_ERR_TRUNCATED;
	return h->length;
}

ssize_t as_ipx_encode_hdr(const struct as_ipx_hdr *h, uint8_t *buf, size_t cap)
{
	struct as_wr w;

	if (cap < AS_IPX_HDR_LEN)
		return -1;
	as_wr_init(&w, buf, cap);
	as_wr_be16(&w, h->checksum);
	as_wr_be16(&w, h->length);
	as_wr_u8(&w, h->tc);
	as_wr_u8(&w, h->type);
	wr_addr(&w, &h->dst);
	wr_addr(&w, &h->src);
	if (w.err)
		return -1;
	return (ssize_t)w.off;
}

/* ------------------------------------------------------------------------------------------ */
/* RFC 2091 update header, shared by IPX RIP and SAP (section 5.1):
 *
 *   Update Request (9):            | Version (1) | must be zero (3)              |
 *   Update Response (10), Ack (11) | Version (1) | Flush (1) | Sequence Number (2) |
 */

enum upd_status { UPD_OK, UPD_SHORT, UPD_VERSION, UPD_FLUSH, UPD_MBZ };

static enum upd_status rd_upd(struct as_rd *r, unsigned op, uint8_t *version, uint8_t *flush,
			      uint16_t *seq)
{
	enum upd_status st = UPD_OK;

	if (as_rd_left(r) < AS_IPX_UPD_HDR_LEN)
		return UPD_SHORT;
	*version = as_rd_u8(r);
	*flush = as_rd_u8(r);
	*seq = as_rd_be16(r);
	if (op == 9) {
		if (*flush || *seq)
			st = UPD_MBZ;
	} else if (*flush > 1) {
		st = UPD_FLUSH;
	}
	if (*version != 1) /* the most basic of the three: reported first */
		st = UPD_VERSION;
	return st;
}

/* ------------------------------------------------------------------------------------------ */
/* IPX RIP */

static enum as_ipxrip_err ipxrip_upd_err(enum upd_status st)
{
	switch (st) {
	case UPD_OK: return AS_IPXRIP_OK;
	case UPD_SHORT: return AS_IPXRIP_ERR_UPD_SHORT;
	case UPD_VERSION: return AS_IPXRIP_ERR_UPD_VERSION;
	case UPD_FLUSH: return AS_IPXRIP_ERR_UPD_FLUSH;
	case UPD_MBZ: return AS_IPXRIP_ERR_UPD_MBZ;
	}
	return AS_IPXRIP_ERR_UPD_SHORT;
}

ssize_t as_ipxrip_decode(const uint8_t *data, size_t len, struct as_ipxrip_msg *m)
{
	struct as_rd r;
	enum as_ipxrip_err err = AS_IPXRIP_OK;

	memset(m, 0, offsetof(struct as_ipxrip_msg, e));
	as_rd_init(&r, data, len);
	if (len < AS_IPX_OP_LEN)
		return -AS_IPXRIP_ERR_SHORT;
	m->op = as_rd_be16(&r);
	switch (m->op) {
	case AS_IPXRIP_REQUEST:
	case AS_IPXRIP_RESPONSE:
		break;
	case AS_IPXRIP_UPDATE_REQUEST:
	case AS_IPXRIP_UPDATE_RESPONSE:
	case AS_IPXRIP_UPDATE_ACK: {
		enum upd_status st = rd_upd(&r, m->op, &m->upd_version, &m->flush, &m->seq);
		if (st == UPD_SHORT)
			return -AS_IPXRIP_ERR_UPD_SHORT;
		err = ipxrip_upd_err(st);
		break;
	}
	default:
		return -AS_IPXRIP_ERR_BAD_OPERATION;
	}

	/* Entries that fit are read even when the packet is then rejected, for printing. */
	size_t body = as_rd_left(&r);
	size_t n = body / AS_IPXRIP_ENTRY_LEN;
	if (body % AS_IPXRIP_ENTRY_LEN && !err)
		err = AS_IPXRIP_ERR_BAD_LENGTH;
	if (n > AS_IPXRIP_MAX_ENTRIES) {
		n = AS_IPXRIP_MAX_ENTRIES;
		if (!err)
			err = AS_IPXRIP_ERR_TOO_MANY_ENTRIES;
	}
	/* One bounds check for the whole block, then a fixed-stride walk. */
	const uint8_t *q = as_rd_ptr(&r);
	as_rd_skip(&r, n * AS_IPXRIP_ENTRY_LEN);
	for (size_t i = 0; i < n && !r.err; i++, q += AS_IPXRIP_ENTRY_LEN) {
		struct as_ipxrip_entry *e = &m->e[i];
		e->net = as_load_be32(q);
		e->hops = as_load_be16(q + 4);
		e->ticks = as_load_be16(q + 6);
		e->skip = AS_IPXRIP_SKIP_NONE;
	}
	m->n_entries = (uint8_t)n;
	if (r.err && !err) /* cannot happen: every length was checked above */
		err = AS_IPXRIP_ERR_BAD_LENGTH;

	/* PROTOCOLS.md 5.4: senders put different hops/ticks in a general request (Cisco 0/0,
	 * IPXrouted 16/FFFF), so only the network decides. */
	bool is_req = m->op == AS_IPXRIP_REQUEST || m->op == AS_IPXRIP_UPDATE_REQUEST;
	if (is_req && n == 1 && m->e[0].net == AS_IPXRIP_NET_ALL)
		m->general = true;
	else if (m->op == AS_IPXRIP_UPDATE_REQUEST && n == 0 && !err)
		m->general = true; /* RFC 2091 defines no entries for it */
	if (m->op == AS_IPXRIP_UPDATE_ACK && n > 0 && !err)
		err = AS_IPXRIP_ERR_ACK_HAS_ROUTES;

	if (m->op == AS_IPXRIP_RESPONSE || m->op == AS_IPXRIP_UPDATE_RESPONSE) {
		for (size_t i = 0; i < n; i++) {
			/* 16 is "unreachable", a withdrawal the receiver must see. */
			if (m->e[i].hops > AS_IPX_HOPS_INFINITY) {
				m->e[i].skip = AS_IPXRIP_SKIP_HOPS;
				m->n_skipped++;
			}
		}
	}
	if (err)
		return -(ssize_t)err; /* the enum is unsigned: widen before negating */
	return (ssize_t)len;
}

ssize_t as_ipxrip_encode(const struct as_ipxrip_msg *m, uint8_t *buf, size_t cap)
{
	struct as_wr w;

	if (m->n_entries > AS_IPXRIP_MAX_ENTRIES)
		return -1;
	as_wr_init(&w, buf, cap);
	as_wr_be16(&w, m->op);
	if (as_ipx_op_is_triggered(m->op)) {
		as_wr_u8(&w, m->upd_version);
		as_wr_u8(&w, m->flush);
		as_wr_be16(&w, m->seq);
	}
	for (size_t i = 0; i < m->n_entries; i++) {
		as_wr_be32(&w, m->e[i].net);
		as_wr_be16(&w, m->e[i].hops);
		as_wr_be16(&w, m->e[i].ticks);
	}
	if (w.err)
		return -1;
	return (ssize_t)w.off;
}

/* ------------------------------------------------------------------------------------------ */
/* IPX SAP */

static enum as_sap_err sap_upd_err(enum upd_status st)
{
	switch (st) {
	case UPD_OK: return AS_SAP_OK;
	case UPD_SHORT: return AS_SAP_ERR_UPD_SHORT;
	case UPD_VERSION: return AS_SAP_ERR_UPD_VERSION;
	case UPD_FLUSH: return AS_SAP_ERR_UPD_FLUSH;
	case UPD_MBZ: return AS_SAP_ERR_UPD_MBZ;
	}
	return AS_SAP_ERR_UPD_SHORT;
}

/* The name is a zero-padded string of printable characters. The padding after the NUL is not
 * checked: nothing reads it, and a sender reusing a buffer is harmless. */
static uint8_t sap_name_check(const struct as_sap_entry *e)
{
	if (e->name_len == sizeof e->name)
		return AS_SAP_SKIP_NAME;
	for (size_t i = 0; i < e->name_len; i++)
		if (e->name[i] < 0x20 || e->name[i] > 0x7E)
			return AS_SAP_SKIP_NAME;
	return AS_SAP_SKIP_NONE;
}

/* Reads one 64-byte server entry from bytes already bounds-checked by the caller. */
static void load_sap_entry(const uint8_t *q, struct as_sap_entry *e)
{
	e->type = as_load_be16(q);
	memcpy(e->name, q + 2, sizeof e->name);
	const void *nul = memchr(e->name, 0, sizeof e->name);
	e->name_len = (uint8_t)(nul ? (size_t)((const uint8_t *)nul - e->name) : sizeof e->name);
	e->net = as_load_be32(q + 50);
	memcpy(e->node, q + 54, sizeof e->node);
	e->socket = as_load_be16(q + 60);
	e->hops = as_load_be16(q + 62);
	e->skip = AS_SAP_SKIP_NONE;
}

ssize_t as_sap_decode(const uint8_t *data, size_t len, struct as_sap_msg *m)
{
	struct as_rd r;
	enum as_sap_err err = AS_SAP_OK;
	size_t max = AS_SAP_MAX_ENTRIES_GENERAL;

	memset(m, 0, offsetof(struct as_sap_msg, e));
	as_rd_init(&r, data, len);
	if (len < AS_IPX_OP_LEN)
		return -AS_SAP_ERR_SHORT;
	m->op = as_rd_be16(&r);
	switch (m->op) {
	case AS_SAP_GENERAL_QUERY:
	case AS_SAP_NEAREST_QUERY:
		/* Queries are exactly operation + service type: a 34-byte IPX packet. */
		if (len >= AS_IPX_OP_LEN + 2)
			m->service_type = as_rd_be16(&r);
		if (len != AS_IPX_OP_LEN + 2)
			return -AS_SAP_ERR_QUERY_LENGTH;
		return (ssize_t)len;
	case AS_SAP_GENERAL_RESPONSE:
		break;
	case AS_SAP_NEAREST_RESPONSE:
		max = 1;
		break;
	case AS_SAP_UPDATE_REQUEST:
	case AS_SAP_UPDATE_RESPONSE:
	case AS_SAP_UPDATE_ACK: {
		enum upd_status st = rd_upd(&r, m->op, &m->upd_version, &m->flush, &m->seq);
		if (st == UPD_SHORT)
			return -AS_SAP_ERR_UPD_SHORT;
		err = sap_upd_err(st);
		if (m->op == AS_SAP_UPDATE_RESPONSE) {
			max = AS_SAP_MAX_ENTRIES; /* RFC 2091 5.5 */
		} else {
			/* RFC 2091 defines no data for them; SAP has no whole-table entry form. */
			max = 0;
			if (as_rd_left(&r) && !err)
				err = AS_SAP_ERR_UPD_HAS_ENTRIES;
		}
		break;
	}
	default:
		return -AS_SAP_ERR_BAD_OPERATION;
	}

	/* Entries that fit are read even when the packet is then rejected, for printing. */
	size_t body = as_rd_left(&r);
	size_t n = body / AS_SAP_ENTRY_LEN;
	if (body % AS_SAP_ENTRY_LEN && !err)
		err = AS_SAP_ERR_BAD_LENGTH;
	if (m->op == AS_SAP_NEAREST_RESPONSE && n != 1 && !err)
		err = AS_SAP_ERR_NEAREST_COUNT;
	if (n > max) {
		n = max;
		if (!err)
			err = AS_SAP_ERR_TOO_MANY_ENTRIES;
	}
	/* One bounds check for the whole block, then a fixed-stride walk. */
	const uint8_t *q = as_rd_ptr(&r);
	as_rd_skip(&r, n * AS_SAP_ENTRY_LEN);
	for (size_t i = 0; i < n && !r.err; i++, q += AS_SAP_ENTRY_LEN)
		load_sap_entry(q, &m->e[i]);
	m->n_entries = (uint8_t)n;
	if (r.err && !err) /* cannot happen: every length was checked above */
		err = AS_SAP_ERR_BAD_LENGTH;

	for (size_t i = 0; i < n; i++) {
		struct as_sap_entry *e = &m->e[i];
		/* 16 is "going down": the receiver must see it */
		if (e->hops > AS_IPX_HOPS_INFINITY)
			e->skip = AS_SAP_SKIP_HOPS;
		else
			e->skip = sap_name_check(e);
		if (e->skip)
			m->n_skipped++;
	}
	if (err)
		return -(ssize_t)err;
	return (ssize_t)len;
}

ssize_t as_sap_encode(const struct as_sap_msg *m, uint8_t *buf, size_t cap)
{
	struct as_wr w;

	if (m->n_entries > AS_SAP_MAX_ENTRIES)
		return -1;
	as_wr_init(&w, buf, cap);
	as_wr_be16(&w, m->op);
	if (as_sap_op_is_query(m->op)) {
		as_wr_be16(&w, m->service_type);
	} else {
		if (as_ipx_op_is_triggered(m->op)) {
			as_wr_u8(&w, m->upd_version);
			as_wr_u8(&w, m->flush);
			as_wr_be16(&w, m->seq);
		}
		for (size_t i = 0; i < m->n_entries; i++) {
			const struct as_sap_entry *e = &m->e[i];
			as_wr_be16(&w, e->type);
			as_wr_bytes(&w, e->name, sizeof e->name);
			as_wr_be32(&w, e->net);
			as_wr_bytes(&w, e->node, sizeof e->node);
			as_wr_be16(&w, e->socket);
			as_wr_be16(&w, e->hops);
		}
	}
	if (w.err)
		return -1;
	return (ssize_t)w.off;
}

int as_sap_set_name(struct as_sap_entry *e, const char *name)
{
	size_t n = strnlen(name, AS_SAP_NAME_LEN);
	if (n > AS_SAP_NAME_MAX)
		return -1;
	memset(e->name, 0, sizeof e->name);
	memcpy(e->name, name, n);
	e->name_len = (uint8_t)n;
	return 0;
}
