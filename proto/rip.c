/* rip.c - RIPv1/RIPv2 decode, validation and encode: RFC 1058, RFC 2453, RFC 2091, RFC 2082/4822.
 *
 * One receive gate (as_rip_decode): header, optional RFC 2091 update header, optional RIPv2
 * authentication entry and trailer, then fixed-stride route entries. Packet-level violations
 * reject the whole packet (as_rip_err); entries the RFCs tell receivers to ignore are kept and
 * marked (as_rip_skip). Digest work lives in rip_auth.c.
 */
#include "config.h"

#include <autostatic/rip.h>

#include "proto/cursor.h"

static const char *const err_names[AS_RIP_ERR_COUNT] = {
	[AS_RIP_OK] = "ok",
	[AS_RIP_ERR_SHORT] = "rip-short",
	[AS_RIP_ERR_VERSION_0] = "rip-version-0",
	[AS_RIP_ERR_BAD_VERSION] = "rip-bad-version",
	[AS_RIP_ERR_BAD_COMMAND] = "rip-bad-command",
	[AS_RIP_ERR_OBSOLETE_COMMAND] = "rip-obsolete-command",
	[AS_RIP_ERR_DEMAND_RIP] = "rip-rfc1582-unsupported",
	[AS_RIP_ERR_MBZ_HEADER] = "rip-v1-header-mbz",
	[AS_RIP_ERR_BAD_LENGTH] = "rip-bad-length",
	[AS_RIP_ERR_TOO_MANY_ENTRIES] = "rip-too-many-entries",
	[AS_RIP_ERR_UPD_SHORT] = "rip-update-header-short",
	[AS_RIP_ERR_UPD_VERSION] = "rip-update-bad-version",
	[AS_RIP_ERR_UPD_FLUSH] = "rip-update-bad-flush",
	[AS_RIP_ERR_UPD_MBZ] = "rip-update-request-mbz",
	[AS_RIP_ERR_ACK_HAS_ROUTES] = "rip-ack-has-routes",
	[AS_RIP_ERR_AUTH_NOT_FIRST] = "rip-auth-not-first",
	[AS_RIP_ERR_AUTH_TYPE] = "rip-auth-bad-type",
	[AS_RIP_ERR_AUTH_LENGTH] = "rip-auth-bad-packet-length",
	[AS_RIP_ERR_AUTH_TRAILER] = "rip-auth-bad-trailer",
	[AS_RIP_ERR_AUTH_DIGEST_LEN] = "rip-auth-bad-digest-length",
	[AS_RIP_ERR_AUTH_MBZ] = "rip-auth-mbz",
	[AS_RIP_ERR_AUTH_FAILED] = "rip-auth-failed",
	[AS_RIP_ERR_AUTH_NO_KEY] = "rip-auth-no-key",
};

static const char *const skip_names[AS_RIP_SKIP_COUNT] = {
	[AS_RIP_SKIP_NONE] = "none",
	[AS_RIP_SKIP_AFI] = "afi",
	[AS_RIP_SKIP_METRIC] = "metric",
	[AS_RIP_SKIP_V1_MBZ] = "v1-mbz",
	[AS_RIP_SKIP_NOT_UNICAST] = "not-unicast",
	[AS_RIP_SKIP_MASK] = "mask",
	[AS_RIP_SKIP_HOST_BITS] = "host-bits",
	[AS_RIP_SKIP_NEXT_HOP] = "next-hop",
};

const char *as_rip_err_str(enum as_rip_err e)
{
	if ((unsigned)e < AS_RIP_ERR_COUNT)
		return err_names[e];
	return "rip-unknown-error";
}

const char *as_rip_skip_str(enum as_rip_skip s)
{
	if ((unsigned)s < AS_RIP_SKIP_COUNT)
		return skip_names[s];
	return "unknown";
}

const char *as_rip_cmd_str(unsigned cmd)
{
	switch (cmd) {
	case AS_RIP_REQUEST: return "request";
	case AS_RIP_RESPONSE: return "response";
	case AS_RIP_TRACEON: return "traceon";
	case AS_RIP_TRACEOFF: return "traceoff";
	case AS_RIP_SUN_RESERVED: return "sun-reserved";
	case 6: return "triggered-request";
	case 7: return "triggered-response";
	case 8: return "triggered-ack";
	case AS_RIP_UPDATE_REQUEST: return "update-request";
	case AS_RIP_UPDATE_RESPONSE: return "update-response";
	case AS_RIP_UPDATE_ACK: return "update-ack";
	default: return "unknown";
	}
}

const char *as_rip_alg_str(enum as_rip_alg alg)
{
	switch (alg) {
	case AS_RIP_ALG_NONE: return "none";
	case AS_RIP_ALG_SIMPLE: return "simple";
	case AS_RIP_ALG_MD5: return "md5";
	case AS_RIP_ALG_SHA1: return "sha1";
	case AS_RIP_ALG_SHA256: return "sha256";
	case AS_RIP_ALG_SHA384: return "sha384";
	case AS_RIP_ALG_SHA512: return "sha512";
	}
	return "unknown";
}

size_t as_rip_alg_digest_len(enum as_rip_alg alg)
{
	switch (alg) {
	case AS_RIP_ALG_MD5: return 16;
	case AS_RIP_ALG_SHA1: return 20;
	case AS_RIP_ALG_SHA256: return 32;
	case AS_RIP_ALG_SHA384: return 48;
	case AS_RIP_ALG_SHA512: return 64;
	case AS_RIP_ALG_NONE:
	case AS_RIP_ALG_SIMPLE:
		break;
	}
	return 0;
}

/* Contiguous when the complement plus one is a power of two (or zero, for /32); the length
 * is then the count of trailing zeros from the top. */
static inline int mask_len(uint32_t mask)
{
	uint32_t inv = ~mask; /* 2^(32 - len) - 1 when contiguous */
	if (inv & (inv + 1))
		return -1;
	return inv ? __builtin_clz(inv) : 32;
}

int as_ipv4_mask_len(uint32_t mask)
{
	return mask_len(mask);
}

/* RFC 1058 3.4.2, RFC 2453 3.9.2: only unicast destinations are routes. 0.0.0.0 is the default
 * route; the rest of net 0, net 127, class D and E are not. */
static inline bool top_octet_bad(uint32_t a)
{
	uint32_t top = a >> 24;
	return top == 127 || top - 1 >= 223; /* net 0 (wraps), net 127, class D and E */
}

static inline bool ipv4_dest_ok(uint32_t a)
{
	return a == 0 || !top_octet_bad(a);
}

/* A next hop we can never forward to; RFC 2453 4.4 lets a receiver fall back to the sender for
 * an unusable next hop, but an address like these means a broken or hostile sender. */
static inline bool ipv4_next_hop_bad(uint32_t nh)
{
	return nh != 0 && top_octet_bad(nh);
}

/* RFC 1058 3.2 / RFC 2453 4.3: without a mask (RIPv1, or a RIPv2 mask of 0) the receiver infers
 * the length: the default route, the classful network, or a host when host bits are set. */
static uint8_t implied_len(uint32_t a)
{
	uint8_t cl;
	if (a == 0)
		return 0;
	if (!(a & 0x80000000u))
		cl = 8;
	else if (!(a & 0x40000000u))
		cl = 16;
	else
		cl = 24;
	return (a & (0xFFFFFFFFu >> cl)) ? 32 : cl;
}

/* Judges one entry from values held in registers: writing a uint8_t through a pointer may
 * alias anything, so reading the message header through one here would force reloads. */
static inline uint8_t judge_entry(unsigned version, bool response, uint16_t afi, uint16_t tag,
				  uint32_t addr, uint32_t mask, uint32_t next_hop, uint32_t metric,
				  int plen)
{
	if (version == 1 && (tag | mask | next_hop))
		return AS_RIP_SKIP_V1_MBZ;
	if (afi != AS_RIP_AFI_INET)
		return AS_RIP_SKIP_AFI;
	if (!response)
		return AS_RIP_SKIP_NONE; /* specific requests: only the AFI is meaningful */
	if (metric - 1 >= AS_RIP_METRIC_INFINITY) /* 0 or above 16 */
		return AS_RIP_SKIP_METRIC;
	if (!ipv4_dest_ok(addr))
		return AS_RIP_SKIP_NOT_UNICAST;
	if (version >= 2 && mask != 0) {
		if (plen < 0)
			return AS_RIP_SKIP_MASK;
		if (addr & ~mask)
			return AS_RIP_SKIP_HOST_BITS;
	}
	if (version >= 2 && ipv4_next_hop_bad(next_hop))
		return AS_RIP_SKIP_NEXT_HOP;
	return AS_RIP_SKIP_NONE;
}

/* Reads and judges n entries at q into e; returns how many are skipped. Always inlined so
 * that callers passing constants get a loop specialised for them. */
static inline __attribute__((always_inline)) unsigned
walk_entries(struct as_rip_entry *e, const uint8_t *q, size_t n, unsigned version, bool response,
	     bool judge, bool *auth_entry)
{
	unsigned skipped = 0;
	bool auth = false;
	for (size_t i = 0; i < n; i++, q += AS_RIP_RTE_LEN) {
		/* 20 bytes as two big-endian 64-bit words and one 32-bit word. */
		uint64_t w0 = as_load_be64(q), w1 = as_load_be64(q + 8);
		uint16_t afi = (uint16_t)(w0 >> 48), tag = (uint16_t)(w0 >> 32);
		uint32_t addr = (uint32_t)w0, mask = (uint32_t)(w1 >> 32);
		uint32_t next_hop = (uint32_t)w1, metric = as_load_be32(q + 16);
		int pl = mask_len(mask);
		uint8_t skip = judge ? judge_entry(version, response, afi, tag, addr, mask, next_hop,
						   metric, pl)
				     : AS_RIP_SKIP_NONE;
		uint8_t plen = pl < 0 ? 32 : mask == 0 ? implied_len(addr) : (uint8_t)pl;
		e[i] = (struct as_rip_entry){.afi = afi, .tag = tag, .addr = addr, .mask = mask,
					    .next_hop = next_hop, .metric = metric,
					    .prefix_len = plen, .skip = skip};
		skipped += skip != AS_RIP_SKIP_NONE;
		auth |= afi == AS_RIP_AFI_AUTH;
	}
	*auth_entry = auth;
	return skipped;
}

static enum as_rip_err decode_auth_entry(struct as_rd *r, struct as_rip_msg *m, size_t msg_len,
					 size_t *body_end)
{
	struct as_rip_auth *a = &m->auth;
	size_t entry_off = r->off - 2; /* the FFFF already read */

	a->type = as_rd_be16(r);
	if (a->type == AS_RIP_AUTH_SIMPLE) {
		a->alg = AS_RIP_ALG_SIMPLE;
		as_rd_bytes(r, a->password, sizeof a->password);
		return AS_RIP_OK;
	}
	if (a->type != AS_RIP_AUTH_CRYPTO) {
		as_rd_skip(r, 16);
		return AS_RIP_ERR_AUTH_TYPE;
	}
	a->pkt_len = as_rd_be16(r);
	a->key_id = as_rd_u8(r);
	a->auth_len = as_rd_u8(r);
	a->seq = as_rd_be32(r);
	uint32_t mbz1 = as_rd_be32(r), mbz2 = as_rd_be32(r);

	/* The trailer starts at Packet Length and must hold FFFF 0001 and a digest. */
	size_t tr = a->pkt_len;
	if (tr < entry_off + AS_RIP_RTE_LEN || tr + AS_RIP_TRAILER_HDR_LEN > msg_len ||
	    (tr - entry_off) % AS_RIP_RTE_LEN != 0)
		return AS_RIP_ERR_AUTH_LENGTH;
	if (as_load_be16(r->p + tr) != AS_RIP_AFI_AUTH ||
	    as_load_be16(r->p + tr + 2) != AS_RIP_AUTH_TRAILER)
		return AS_RIP_ERR_AUTH_TRAILER;
	size_t dlen = msg_len - tr - AS_RIP_TRAILER_HDR_LEN;
	switch (dlen) {
	case 16: a->alg = AS_RIP_ALG_MD5; break;
	case 20: a->alg = AS_RIP_ALG_SHA1; break;
	case 32: a->alg = AS_RIP_ALG_SHA256; break;
	case 48: a->alg = AS_RIP_ALG_SHA384; break;
	case 64: a->alg = AS_RIP_ALG_SHA512; break;
	default: return AS_RIP_ERR_AUTH_DIGEST_LEN;
	}
	/* PROTOCOLS.md 2.5: senders disagree whether Auth Data Len counts the 4-byte trailer
	 * header; both readings are accepted, anything else is not. */
	if (a->auth_len != dlen && a->auth_len != dlen + AS_RIP_TRAILER_HDR_LEN)
		return AS_RIP_ERR_AUTH_DIGEST_LEN;
	a->digest_len = (uint8_t)dlen;
	a->trailer_off = (uint16_t)tr;
	memcpy(a->digest, r->p + tr + AS_RIP_TRAILER_HDR_LEN, dlen);
	*body_end = tr;
	if (mbz1 || mbz2)
		return AS_RIP_ERR_AUTH_MBZ;
	return AS_RIP_OK;
}

ssize_t as_rip_decode(const uint8_t *buf, size_t len, struct as_rip_msg *m)
{
	struct as_rd r;
	enum as_rip_err err = AS_RIP_OK;

	memset(m, 0, offsetof(struct as_rip_msg, e));
	as_rd_init(&r, buf, len);
	if (len < AS_RIP_HDR_LEN)
		return -AS_RIP_ERR_SHORT;
	m->command = as_rd_u8(&r);
	m->version = as_rd_u8(&r);
	m->mbz = as_rd_be16(&r);

	if (m->version == 0)
		return -AS_RIP_ERR_VERSION_0;
	if (m->version > 2)
		return -AS_RIP_ERR_BAD_VERSION;
	switch (m->command) {
	case AS_RIP_REQUEST:
	case AS_RIP_RESPONSE:
	case AS_RIP_UPDATE_REQUEST:
	case AS_RIP_UPDATE_RESPONSE:
	case AS_RIP_UPDATE_ACK:
		break;
	case AS_RIP_TRACEON:
	case AS_RIP_TRACEOFF:
	case AS_RIP_SUN_RESERVED:
		return -AS_RIP_ERR_OBSOLETE_COMMAND;
	case 6:
	case 7:
	case 8:
		return -AS_RIP_ERR_DEMAND_RIP;
	default:
		return -AS_RIP_ERR_BAD_COMMAND;
	}
	if (m->version == 1 && m->mbz != 0)
		err = AS_RIP_ERR_MBZ_HEADER; /* reported after the entries are read, for printing */

	if (as_rip_cmd_is_triggered(m->command)) {
		if (len < AS_RIP_HDR_LEN + AS_RIP_UPD_HDR_LEN)
			return -AS_RIP_ERR_UPD_SHORT;
		m->upd_version = as_rd_u8(&r);
		if (m->command == AS_RIP_UPDATE_REQUEST) {
			uint8_t z1 = as_rd_u8(&r);
			uint16_t z2 = as_rd_be16(&r);
			if ((z1 || z2) && !err)
				err = AS_RIP_ERR_UPD_MBZ;
		} else {
			m->flush = as_rd_u8(&r);
			m->seq = as_rd_be16(&r);
			if (m->flush > 1 && !err)
				err = AS_RIP_ERR_UPD_FLUSH;
		}
		if (m->upd_version != 1)
			err = AS_RIP_ERR_UPD_VERSION;
	}

	size_t body_end = len;
	/* RIPv2 authentication: only the first entry may be one (RFC 2453 4.1). Peek its AFI. */
	if (m->version >= 2 && as_rd_left(&r) >= AS_RIP_RTE_LEN &&
	    as_load_be16(as_rd_ptr(&r)) == AS_RIP_AFI_AUTH) {
		as_rd_skip(&r, 2);
		enum as_rip_err aerr = decode_auth_entry(&r, m, len, &body_end);
		if (aerr)
			return -(ssize_t)aerr;
	}

	/* Entries that fit are read even when the packet is then rejected, so that printers can
	 * show an analyst what the packet held. */
	size_t body = body_end - r.off;
	size_t n = body / AS_RIP_RTE_LEN;
	size_t room = AS_RIP_MAX_ENTRIES - (m->auth.type ? 1u : 0u);
	if (body % AS_RIP_RTE_LEN && !err)
		err = AS_RIP_ERR_BAD_LENGTH;
	if (n > room) {
		n = room;
		if (!err)
			err = AS_RIP_ERR_TOO_MANY_ENTRIES;
	}
	/* The whole-table form is told by the first entry alone (RFC 2453 3.9.1). */
	const uint8_t *q = as_rd_ptr(&r);
	bool is_req = m->command == AS_RIP_REQUEST || m->command == AS_RIP_UPDATE_REQUEST;
	if (is_req && n == 1 && as_rd_left(&r) >= AS_RIP_RTE_LEN && as_load_be16(q) == 0 &&
	    as_load_be32(q + 16) == AS_RIP_METRIC_INFINITY)
		m->whole_table = true;
	else if (m->command == AS_RIP_UPDATE_REQUEST && n == 0 && !err)
		m->whole_table = true; /* RFC 2091 defines no entries for it; BIRD sends one */
	if (m->command == AS_RIP_UPDATE_ACK && n > 0 && !err)
		err = AS_RIP_ERR_ACK_HAS_ROUTES;

	/* One bounds check for the whole block, then a single fixed-stride pass that reads and
	 * judges each entry. */
	as_rd_skip(&r, n * AS_RIP_RTE_LEN);
	if (r.err) /* cannot happen: every length was checked above */
		return -(ssize_t)(err ? err : AS_RIP_ERR_BAD_LENGTH);
	const bool judge = !m->whole_table;
	const unsigned version = m->version;
	const bool response = m->command == AS_RIP_RESPONSE || m->command == AS_RIP_UPDATE_RESPONSE;
	bool auth_entry = false;
	unsigned skipped;
	/* The common case, a RIPv2 response, gets a walk specialised for it. */
	if (judge && response && version == 2)
		skipped = walk_entries(m->e, q, n, 2, true, true, &auth_entry);
	else
		skipped = walk_entries(m->e, q, n, version, response, judge, &auth_entry);
	m->n_skipped = (uint8_t)skipped;
	if (auth_entry && version >= 2 && !err)
		err = AS_RIP_ERR_AUTH_NOT_FIRST;
	m->n_entries = (uint8_t)n;
	if (err)
		return -(ssize_t)err;
	return (ssize_t)len;
}

ssize_t as_rip_encode(const struct as_rip_msg *m, const struct as_rip_key *key, uint8_t *buf,
		      size_t cap)
{
	struct as_wr w;
	size_t auth_entry_off = 0, digest_len = 0;

	if (m->n_entries + (m->auth.type ? 1u : 0u) > AS_RIP_MAX_ENTRIES)
		return -1;
	if (m->auth.type == AS_RIP_AUTH_CRYPTO) {
		if (!key)
			return -1;
		digest_len = as_rip_alg_digest_len(key->alg);
		if (!digest_len)
			return -1;
	}
	as_wr_init(&w, buf, cap);
	as_wr_u8(&w, m->command);
	as_wr_u8(&w, m->version);
	as_wr_be16(&w, m->mbz);
	if (as_rip_cmd_is_triggered(m->command)) {
		as_wr_u8(&w, m->upd_version);
		if (m->command == AS_RIP_UPDATE_REQUEST) {
			as_wr_zero(&w, 3);
		} else {
			as_wr_u8(&w, m->flush);
			as_wr_be16(&w, m->seq);
		}
	}
	if (m->auth.type == AS_RIP_AUTH_SIMPLE) {
		as_wr_be16(&w, AS_RIP_AFI_AUTH);
		as_wr_be16(&w, AS_RIP_AUTH_SIMPLE);
		if (key) {
			/* A longer password could never be verified as given (as_rip_auth_verify). */
			uint8_t pw[16] = {0};
			if (key->len > sizeof pw)
				return -1;
			memcpy(pw, key->secret, key->len);
			as_wr_bytes(&w, pw, sizeof pw);
		} else {
			as_wr_bytes(&w, m->auth.password, sizeof m->auth.password);
		}
	} else if (m->auth.type == AS_RIP_AUTH_CRYPTO) {
		auth_entry_off = w.off;
		as_wr_be16(&w, AS_RIP_AFI_AUTH);
		as_wr_be16(&w, AS_RIP_AUTH_CRYPTO);
		as_wr_be16(&w, 0); /* Packet Length, patched below */
		as_wr_u8(&w, key->key_id);
		as_wr_u8(&w, m->auth.auth_len ? m->auth.auth_len : (uint8_t)digest_len);
		as_wr_be32(&w, m->auth.seq);
		as_wr_zero(&w, 8);
	} else if (m->auth.type != AS_RIP_AUTH_NONE) {
		return -1;
	}
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_rip_entry *e = &m->e[i];
		as_wr_be16(&w, e->afi);
		as_wr_be16(&w, e->tag);
		as_wr_be32(&w, e->addr);
		as_wr_be32(&w, e->mask);
		as_wr_be32(&w, e->next_hop);
		as_wr_be32(&w, e->metric);
	}
	if (m->auth.type == AS_RIP_AUTH_CRYPTO) {
		size_t tr = w.off;
		as_wr_be16(&w, AS_RIP_AFI_AUTH);
		as_wr_be16(&w, AS_RIP_AUTH_TRAILER);
		as_wr_zero(&w, digest_len);
		if (w.err)
			return -1;
		as_store_be16(buf + auth_entry_off + 4, (uint16_t)tr);
		if (as_rip_auth_sign(buf, tr, digest_len, key) < 0)
			return -1;
	}
	if (w.err)
		return -1;
	return (ssize_t)w.off;
}
