/* ripng.c - RIPng decode, validation and encode: RFC 2080, RFC 2091 (triggered RIPng).
 *
 * One receive gate (as_ripng_decode): header, optional RFC 2091 update header, then fixed-stride
 * 20-byte RTEs. Packet-level violations reject the whole packet (as_ripng_err); entries RFC 2080
 * tells receivers to ignore are kept and marked (as_ripng_skip). Next-hop RTEs (RFC 2080 2.1.1)
 * stay in the entry list in wire order, and decode resolves for every route the next hop in
 * force, so that consumers need not track it. The IPv6/UDP envelope rules are checked apart,
 * by as_ripng_check_context(), because the codec sees only the UDP payload.
 */
#include "config.h"

#include <autostatic/ripng.h>

#include "proto/cursor.h"

static const char *const err_names[AS_RIPNG_ERR_COUNT] = {
	[AS_RIPNG_OK] = "ok",
	[AS_RIPNG_ERR_SHORT] = "ripng-short",
	[AS_RIPNG_ERR_BAD_VERSION] = "ripng-bad-version",
	[AS_RIPNG_ERR_BAD_COMMAND] = "ripng-bad-command",
	[AS_RIPNG_ERR_BAD_LENGTH] = "ripng-bad-length",
	[AS_RIPNG_ERR_TOO_MANY_ENTRIES] = "ripng-too-many-entries",
	[AS_RIPNG_ERR_UPD_SHORT] = "ripng-update-header-short",
	[AS_RIPNG_ERR_UPD_VERSION] = "ripng-update-bad-version",
	[AS_RIPNG_ERR_UPD_FLUSH] = "ripng-update-bad-flush",
	[AS_RIPNG_ERR_UPD_MBZ] = "ripng-update-request-mbz",
	[AS_RIPNG_ERR_ACK_HAS_ROUTES] = "ripng-ack-has-routes",
	[AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL] = "ripng-source-not-link-local",
	[AS_RIPNG_ERR_SOURCE_PORT] = "ripng-source-port-not-521",
	[AS_RIPNG_ERR_HOP_LIMIT] = "ripng-hop-limit-not-255",
};

static const char *const skip_names[AS_RIPNG_SKIP_COUNT] = {
	[AS_RIPNG_SKIP_NONE] = "none",
	[AS_RIPNG_SKIP_PREFIX_LEN] = "prefix-len",
	[AS_RIPNG_SKIP_METRIC] = "metric",
	[AS_RIPNG_SKIP_HOST_BITS] = "host-bits",
	[AS_RIPNG_SKIP_MULTICAST] = "multicast",
	[AS_RIPNG_SKIP_LINK_LOCAL] = "link-local",
	[AS_RIPNG_SKIP_NEXT_HOP] = "next-hop-not-link-local",
};

const char *as_ripng_err_str(enum as_ripng_err e)
{
	if ((unsigned)e < AS_RIPNG_ERR_COUNT)
		return err_names[e];
	return "ripng-unknown-error";
}

const char *as_ripng_skip_str(enum as_ripng_skip s)
{
	if ((unsigned)s < AS_RIPNG_SKIP_COUNT)
		return skip_names[s];
	return "unknown";
}

const char *as_ripng_cmd_str(unsigned cmd)
{
	switch (cmd) {
	case AS_RIPNG_REQUEST: return "request";
	case AS_RIPNG_RESPONSE: return "response";
	case AS_RIPNG_UPDATE_REQUEST: return "update-request";
	case AS_RIPNG_UPDATE_RESPONSE: return "update-response";
	case AS_RIPNG_UPDATE_ACK: return "update-ack";
	default: return "unknown";
	}
}

static bool is_link_local(const uint8_t a[16])
{
	return a[0] == 0xFE && (a[1] & 0xC0) == 0x80;
}

static bool is_unspecified(const uint8_t a[16])
{
	for (size_t i = 0; i < 16; i++)
		if (a[i])
			return false;
	return true;
}

/* True when a has a bit set at or beyond position len (len <= 128): the address as two
 * big-endian 64-bit halves against the complement of the prefix mask. */
static bool has_host_bits(const uint8_t a[16], unsigned len)
{
	uint64_t hi = as_load_be64(a), lo = as_load_be64(a + 8);
	uint64_t host_hi = len >= 64 ? 0 : UINT64_MAX >> len;
	uint64_t host_lo = len >= 128 ? 0 : len <= 64 ? UINT64_MAX : UINT64_MAX >> (len - 64);
	return (hi & host_hi) | (lo & host_lo);
}

static bool is_response(unsigned cmd)
{
	return cmd == AS_RIPNG_RESPONSE || cmd == AS_RIPNG_UPDATE_RESPONSE;
}

/* RFC 2080 2.4.2 (entry level). A request names prefixes to look up: only a length that cannot
 * be a prefix makes its entry meaningless there. */
static inline uint8_t check_entry(uint8_t command, const struct as_ripng_entry *e)
{
	if (e->is_next_hop) { /* 2.1.1: :: is "the sender"; other non-link-local is treated as :: */
		if (is_unspecified(e->prefix) || is_link_local(e->prefix))
			return AS_RIPNG_SKIP_NONE;
		return AS_RIPNG_SKIP_NEXT_HOP;
	}
	if (e->prefix_len > 128)
		return AS_RIPNG_SKIP_PREFIX_LEN;
	if (!is_response(command))
		return AS_RIPNG_SKIP_NONE;
	if (e->metric == 0 || e->metric > AS_RIPNG_METRIC_INFINITY)
		return AS_RIPNG_SKIP_METRIC;
	if (e->prefix[0] == 0xFF)
		return AS_RIPNG_SKIP_MULTICAST;
	if (is_link_local(e->prefix)) /* 2.5.2: link-local prefixes are never advertised */
		return AS_RIPNG_SKIP_LINK_LOCAL;
	if (has_host_bits(e->prefix, e->prefix_len))
		return AS_RIPNG_SKIP_HOST_BITS;
	return AS_RIPNG_SKIP_NONE;
}

ssize_t as_ripng_decode(const uint8_t *buf, size_t len, struct as_ripng_msg *m)
{
	struct as_rd r;
	enum as_ripng_err err = AS_RIPNG_OK;

	/* The entry array is large and fully rewritten for the entries present: clear only the
	 * header part. */
	memset(m, 0, offsetof(struct as_ripng_msg, e));
	as_rd_init(&r, buf, len);
	if (len < AS_RIPNG_HDR_LEN)
		return -AS_RIPNG_ERR_SHORT;
	m->command = as_rd_u8(&r);
	m->version = as_rd_u8(&r);
	m->mbz = as_rd_be16(&r);

	/* RFC 2080 names only version 1 and says nothing of others; a later version could change
	 * the layout, so anything else is rejected, as FRR does (PROTOCOLS.md 4.5). */
	if (m->version != 1)
		return -AS_RIPNG_ERR_BAD_VERSION;
	switch (m->command) {
	case AS_RIPNG_REQUEST:
	case AS_RIPNG_RESPONSE:
	case AS_RIPNG_UPDATE_REQUEST:
	case AS_RIPNG_UPDATE_RESPONSE:
	case AS_RIPNG_UPDATE_ACK:
		break;
	default:
		return -AS_RIPNG_ERR_BAD_COMMAND;
	}

	if (as_ripng_cmd_is_triggered(m->command)) {
		if (len < AS_RIPNG_HDR_LEN + AS_RIPNG_UPD_HDR_LEN)
			return -AS_RIPNG_ERR_UPD_SHORT;
		/* RFC 2091 5.1: bad version or flush → discard. Kept raw for printing. */
		m->upd_version = as_rd_u8(&r);
		m->flush = as_rd_u8(&r);
		m->seq = as_rd_be16(&r);
		if (m->command == AS_RIPNG_UPDATE_REQUEST) {
			if (m->flush || m->seq)
				err = AS_RIPNG_ERR_UPD_MBZ;
		} else if (m->flush > 1) {
			err = AS_RIPNG_ERR_UPD_FLUSH;
		}
		if (m->upd_version != 1)
			err = AS_RIPNG_ERR_UPD_VERSION;
	}

	/* Entries that fit are read even when the packet is then rejected, so that printers can
	 * show an analyst what the packet held. */
	size_t body = as_rd_left(&r);
	size_t n = body / AS_RIPNG_RTE_LEN;
	if (body % AS_RIPNG_RTE_LEN && !err)
		err = AS_RIPNG_ERR_BAD_LENGTH;
	if (n > AS_RIPNG_MAX_ENTRIES) {
		n = AS_RIPNG_MAX_ENTRIES;
		if (!err)
			err = AS_RIPNG_ERR_TOO_MANY_ENTRIES;
	}
	/* One bounds check for the whole block, then a fixed-stride walk. */
	const uint8_t *q = as_rd_ptr(&r);
	as_rd_skip(&r, n * AS_RIPNG_RTE_LEN);
	if (r.err) /* cannot happen: every length was checked above */
		return -(ssize_t)(err ? err : AS_RIPNG_ERR_BAD_LENGTH);

	/* The whole-table form is told by the first RTE alone (RFC 2080 2.4.1). */
	bool is_req = m->command == AS_RIPNG_REQUEST || m->command == AS_RIPNG_UPDATE_REQUEST;
	static const uint8_t unspecified[16];
	if (is_req && n == 1 && !memcmp(q, unspecified, 16) && q[18] == 0 &&
	    q[19] == AS_RIPNG_METRIC_INFINITY)
		m->whole_table = true;
	else if (m->command == AS_RIPNG_UPDATE_REQUEST && n == 0 && !err)
		m->whole_table = true; /* RFC 2091 defines no entries for it; BIRD sends one */
	if (m->command == AS_RIPNG_UPDATE_ACK && n > 0 && !err)
		err = AS_RIPNG_ERR_ACK_HAS_ROUTES;

	/* One pass: read, judge, and give each route the next hop in force, which starts as ::
	 * (the sender) and changes at every next-hop RTE. The judgement reads only the entry, so
	 * the message header is copied to locals first (uint8_t stores alias everything). */
	const bool judge = !m->whole_table;
	const uint8_t command = m->command;
	const uint8_t *nh = NULL;
	unsigned skipped = 0;
	for (size_t i = 0; i < n; i++, q += AS_RIPNG_RTE_LEN) {
		struct as_ripng_entry *e = &m->e[i];
		memcpy(e->prefix, q, sizeof e->prefix);
		e->tag = as_load_be16(q + 16);
		e->prefix_len = q[18];
		e->metric = q[19];
		e->is_next_hop = q[19] == AS_RIPNG_METRIC_NEXT_HOP;
		uint8_t skip = judge ? check_entry(command, e) : AS_RIPNG_SKIP_NONE;
		e->skip = skip;
		skipped += skip != AS_RIPNG_SKIP_NONE;
		if (e->is_next_hop) {
			memset(e->next_hop, 0, sizeof e->next_hop);
			nh = skip == AS_RIPNG_SKIP_NEXT_HOP ? NULL : q;
		} else if (nh) {
			memcpy(e->next_hop, nh, sizeof e->next_hop);
		} else {
			memset(e->next_hop, 0, sizeof e->next_hop);
		}
	}
	m->n_entries = (uint16_t)n;
	m->n_skipped = (uint16_t)skipped;
	if (err)
		return -(ssize_t)err; /* the enum is unsigned: widen before negating */
	return (ssize_t)len;
}

enum as_ripng_err as_ripng_check_context(const struct as_ripng_msg *m, const uint8_t src[16],
					 uint16_t sport, uint8_t hop_limit)
{
	/* RFC 2080 2.4.2 applies these to Responses. RFC 2091 packets travel only between routers,
	 * port 521 to port 521, and BIRD (the one implementation) sends and expects them with hop
	 * limit 255 like Responses. Requests may come from anywhere (2.4.1). */
	if (m->command == AS_RIPNG_REQUEST)
		return AS_RIPNG_OK;
	if (!is_link_local(src))
		return AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL;
	if (sport != AS_RIPNG_PORT)
		return AS_RIPNG_ERR_SOURCE_PORT;
	if (hop_limit != AS_RIPNG_HOP_LIMIT)
		return AS_RIPNG_ERR_HOP_LIMIT;
	return AS_RIPNG_OK;
}

ssize_t as_ripng_encode(const struct as_ripng_msg *m, uint8_t *buf, size_t cap)
{
	struct as_wr w;

	if (m->n_entries > AS_RIPNG_MAX_ENTRIES)
		return -1;
	as_wr_init(&w, buf, cap);
	as_wr_u8(&w, m->command);
	as_wr_u8(&w, m->version);
	as_wr_be16(&w, m->mbz);
	if (as_ripng_cmd_is_triggered(m->command)) {
		as_wr_u8(&w, m->upd_version);
		as_wr_u8(&w, m->flush);
		as_wr_be16(&w, m->seq);
	}
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_ripng_entry *e = &m->e[i];
		as_wr_bytes(&w, e->prefix, sizeof e->prefix);
		if (e->is_next_hop) {
			as_wr_zero(&w, 3); /* RFC 2080 2.1.1: tag and prefix length must be zero */
			as_wr_u8(&w, AS_RIPNG_METRIC_NEXT_HOP);
		} else {
			as_wr_be16(&w, e->tag);
			as_wr_u8(&w, e->prefix_len);
			as_wr_u8(&w, e->metric);
		}
	}
	if (w.err)
		return -1;
	return (ssize_t)w.off;
}

static size_t fit(size_t mtu, size_t overhead)
{
	if (mtu < overhead)
		return 0;
	size_t n = (mtu - overhead) / AS_RIPNG_RTE_LEN;
	return n < AS_RIPNG_MAX_ENTRIES ? n : AS_RIPNG_MAX_ENTRIES;
}

size_t as_ripng_max_entries(size_t mtu)
{
	return fit(mtu, AS_RIPNG_IP6_UDP_OVERHEAD + AS_RIPNG_HDR_LEN);
}

size_t as_ripng_max_entries_triggered(size_t mtu)
{
	return fit(mtu, AS_RIPNG_IP6_UDP_OVERHEAD + AS_RIPNG_HDR_LEN + AS_RIPNG_UPD_HDR_LEN);
}
