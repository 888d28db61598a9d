/* mutate.c - structure-aware packet mutations for `autostatic fuzz`: RIP (RFC 1058, RFC 2453,
 * RFC 2082, RFC 4822, RFC 2091), RIPng (RFC 2080), IPX RIP and SAP (IPX Router Specification).
 *
 * A base packet is made valid first (RIP through the codec, as_rip_encode(), so that it is
 * signed right; RIPng and IPX laid out here, their layouts being fixed-stride and simple), and
 * its layout is remembered (where the entries, the authentication entry and the trailer are).
 * Mutations then hit named fields at those offsets, with values chosen at the edges the RFCs
 * define (metric 0/15/16/17, prefix length 128/129, 25/26 entries, hops 15/16, ...), or whole
 * bytes. A RIP packet whose crypto trailer survived is re-signed half the time, so that the
 * target's checks past authentication are reached too.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <autostatic/frame.h>

#include "src/fuzzwire/mutate.h"

/* ---------------------------------------------------------------------------------------- */
/* PRNG: splitmix64 to seed, xoshiro256** to draw (public-domain algorithms by Vigna et al.). */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void as_fz_seed(struct as_fz_rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t v, int k)
{
	return (v << k) | (v >> (64 - k));
}

uint64_t as_fz_next(struct as_fz_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint32_t as_fz_below(struct as_fz_rng *r, uint32_t n)
{
	if (n == 0)
		return 0;
	/* Lemire's multiply-shift; the tiny bias does not matter for fuzzing. */
	return (uint32_t)(((as_fz_next(r) >> 32) * (uint64_t)n) >> 32);
}

static bool chance(struct as_fz_rng *r, uint32_t one_in)
{
	return as_fz_below(r, one_in) == 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Helpers */

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

__attribute__((format(printf, 2, 3))) static void note(struct as_fz_pkt *p, const char *fmt, ...)
{
	size_t n = strlen(p->what);
	if (n + 1 >= sizeof p->what)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->what + n, sizeof p->what - n, fmt, ap);
	va_end(ap);
}

/* An edge value of a field of the given width, or a random one. */
static uint32_t edge(struct as_fz_rng *r, const uint32_t *edges, size_t n, uint32_t mask)
{
	if (chance(r, 4))
		return (uint32_t)as_fz_next(r) & mask;
	return edges[as_fz_below(r, (uint32_t)n)] & mask;
}

/* Byte-level mutations shared by every protocol. Returns false when none applied. */
static bool mutate_bytes(struct as_fz_rng *r, struct as_fz_pkt *p, size_t min_keep)
{
	switch (as_fz_below(r, 4)) {
	case 0: { /* truncation, often inside an entry or a header */
		if (p->len <= min_keep)
			return false;
		size_t to = min_keep + as_fz_below(r, (uint32_t)(p->len - min_keep));
		note(p, " trunc=%zu", to);
		p->len = to;
		return true;
	}
	case 1: { /* trailing bytes */
		size_t add = 1 + as_fz_below(r, 40);
		if (p->len + add > AS_FZ_MAX)
			return false;
		for (size_t i = 0; i < add; i++)
			p->buf[p->len + i] = (uint8_t)as_fz_next(r);
		if (chance(r, 2))
			memset(p->buf + p->len, 0, add);
		note(p, " trail=%zu", add);
		p->len += add;
		return true;
	}
	case 2: { /* random bytes */
		if (!p->len)
			return false;
		unsigned n = 1 + as_fz_below(r, 4);
		for (unsigned i = 0; i < n; i++) {
			size_t at = as_fz_below(r, (uint32_t)p->len);
			p->buf[at] = (uint8_t)as_fz_next(r);
		}
		note(p, " bytes*%u", n);
		return true;
	}
	default: { /* bit flip */
		if (!p->len)
			return false;
		size_t at = as_fz_below(r, (uint32_t)p->len);
		unsigned bit = as_fz_below(r, 8);
		p->buf[at] ^= (uint8_t)(1u << bit);
		note(p, " flip=%zu.%u", at, bit);
		return true;
	}
	}
}

/* ---------------------------------------------------------------------------------------- */
/* RIP */

struct rip_layout {
	size_t ent;     /* offset of the first route entry (after any authentication entry) */
	unsigned n;     /* route entries */
	bool triggered; /* RFC 2091 update header at offset 4 */
	bool auth;      /* authentication entry at ent - 20 */
	bool crypto;
	size_t trailer; /* crypto: offset of FFFF 0001 */
	size_t dlen;    /* crypto: digest bytes */
};

static const char *const rip_kinds[] = {"request",        "specific-request", "response",
                                        "update-request", "update-response",  "update-ack"};

static uint32_t rnd_prefix(struct as_fz_rng *r, uint8_t *plen)
{
	unsigned len = 8 + as_fz_below(r, 25);
	uint32_t a = 0xC6120000u | ((uint32_t)as_fz_next(r) & 0x1FFFFu); /* 198.18.0.0/15 */
	uint32_t mask = len ? 0xFFFFFFFFu << (32 - len) : 0;
	*plen = (uint8_t)len;
	return a & mask;
}

static void rip_base(struct as_fz_rng *r, const struct as_fz_cfg *cfg, struct as_fz_pkt *p,
                     struct rip_layout *lay)
{
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	unsigned kind = as_fz_below(r, 6);
	bool keyed = cfg->key.alg != AS_RIP_ALG_NONE;
	m.version = (!keyed && chance(r, 4)) ? 1 : 2;
	static const uint8_t cmds[] = {AS_RIP_REQUEST,         AS_RIP_REQUEST,
	                               AS_RIP_RESPONSE,        AS_RIP_UPDATE_REQUEST,
	                               AS_RIP_UPDATE_RESPONSE, AS_RIP_UPDATE_ACK};
	m.command = cmds[kind];
	if (as_rip_cmd_is_triggered(m.command)) {
		m.upd_version = 1;
		m.flush = (uint8_t)as_fz_below(r, 2);
		m.seq = (uint16_t)as_fz_next(r);
		if (m.command == AS_RIP_UPDATE_REQUEST)
			m.flush = 0, m.seq = 0;
	}
	unsigned maxn = keyed && m.version == 2 ? AS_RIP_MAX_ENTRIES - 1 : AS_RIP_MAX_ENTRIES;
	unsigned n = 0;
	switch (kind) {
	case 0:
	case 3: /* whole table: one entry, AFI 0, metric 16 (RFC 2453 3.9.1) */
		n = 1;
		m.e[0].afi = 0;
		m.e[0].metric = 16;
		break;
	case 1: n = 1 + as_fz_below(r, 5); break;
	case 2: n = as_fz_below(r, maxn + 1); break;
	case 4: n = 1 + as_fz_below(r, maxn); break;
	default: n = 0; break;
	}
	if (kind != 0 && kind != 3) {
		for (unsigned i = 0; i < n; i++) {
			struct as_rip_entry *e = &m.e[i];
			e->afi = AS_RIP_AFI_INET;
			e->addr = rnd_prefix(r, &e->prefix_len);
			if (m.version == 2) {
				e->mask = 0xFFFFFFFFu << (32 - e->prefix_len);
				e->tag = chance(r, 4) ? (uint16_t)as_fz_next(r) : 0;
			} else {
				e->addr &= 0xFFFFFF00u;
			}
			e->metric = kind == 1 ? 16 : 1 + as_fz_below(r, 16);
		}
	}
	m.n_entries = (uint8_t)n;
	if (keyed && m.version == 2) {
		m.auth.type =
		    cfg->key.alg == AS_RIP_ALG_SIMPLE ? AS_RIP_AUTH_SIMPLE : AS_RIP_AUTH_CRYPTO;
		m.auth.seq = cfg->auth_seq;
		m.auth.key_id = cfg->key.key_id;
	}
	ssize_t len =
	    as_rip_encode(&m, keyed && m.version == 2 ? &cfg->key : NULL, p->buf, sizeof p->buf);
	if (len < 0) { /* cannot happen with the limits above; keep a well-formed fallback */
		memset(&m, 0, sizeof m);
		m.command = AS_RIP_REQUEST;
		m.version = 2;
		m.n_entries = 1;
		m.e[0].metric = 16;
		len = as_rip_encode(&m, NULL, p->buf, sizeof p->buf);
		n = 1;
	}
	p->len = len > 0 ? (size_t)len : 0;
	memset(lay, 0, sizeof *lay);
	lay->triggered = as_rip_cmd_is_triggered(m.command);
	lay->ent = 4 + (lay->triggered ? 4 : 0);
	lay->n = n;
	if (m.auth.type != AS_RIP_AUTH_NONE) {
		lay->auth = true;
		lay->ent += 20;
		if (m.auth.type == AS_RIP_AUTH_CRYPTO) {
			lay->crypto = true;
			lay->dlen = as_rip_alg_digest_len((enum as_rip_alg)cfg->key.alg);
			lay->trailer = p->len - 4 - lay->dlen;
		}
	}
	snprintf(p->what, sizeof p->what, "rip v%u %s n=%u%s", m.version, rip_kinds[kind], n,
	         !lay->auth    ? ""
	         : lay->crypto ? " crypto"
	                       : " simple");
}

static bool rip_field(struct as_fz_rng *r, const struct as_fz_cfg *cfg, struct as_fz_pkt *p,
                      struct rip_layout *lay)
{
	static const uint32_t metrics[] = {0, 1, 15, 16, 17, 255, 0xFFFFFFFFu, 0x80000001u};
	static const uint32_t afis[] = {0, 2, 1, 3, 0xFFFF, 0x0200};
	static const uint32_t addrs[] = {0xE0000009u, 0x7F000001u, 0,          0xFFFFFFFFu,
	                                 0xC0000201u, 0xF0000000u, 0xC6120001u};
	static const uint32_t masks[] = {0,           0xFFFFFFFFu, 0xFF00FF00u,
	                                 0x00FFFFFFu, 0xFFFFFFFEu, 0x80000000u};
	unsigned e = lay->n ? as_fz_below(r, lay->n) : 0;
	size_t eo = lay->ent + 20u * e;
	bool have_e = lay->n && eo + 20 <= p->len;
	switch (as_fz_below(r, 16)) {
	case 0: {
		static const uint32_t cmds[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 255};
		uint32_t v = edge(r, cmds, 14, 0xFF);
		p->buf[0] = (uint8_t)v;
		note(p, " cmd=%u", v);
		return true;
	}
	case 1: {
		static const uint32_t vers[] = {0, 1, 2, 3, 255};
		uint32_t v = edge(r, vers, 5, 0xFF);
		p->buf[1] = (uint8_t)v;
		note(p, " version=%u", v);
		return true;
	}
	case 2:
		put16(p->buf + 2, 1 + as_fz_below(r, 0xFFFF));
		note(p, " mbz");
		return true;
	case 3:
		if (!have_e)
			return false;
		put16(p->buf + eo, edge(r, afis, 6, 0xFFFF));
		note(p, " afi[%u]", e);
		return true;
	case 4: {
		if (!have_e)
			return false;
		uint32_t v = edge(r, metrics, 8, 0xFFFFFFFFu);
		put32(p->buf + eo + 16, v);
		note(p, " metric[%u]=%u", e, v);
		return true;
	}
	case 5:
		if (!have_e)
			return false;
		put32(p->buf + eo + 8, edge(r, masks, 6, 0xFFFFFFFFu));
		note(p, " mask[%u]", e);
		return true;
	case 6:
		if (!have_e)
			return false;
		put32(p->buf + eo + 4, edge(r, addrs, 7, 0xFFFFFFFFu));
		note(p, " addr[%u]", e);
		return true;
	case 7:
		if (!have_e)
			return false;
		put32(p->buf + eo + 12, edge(r, addrs, 7, 0xFFFFFFFFu));
		note(p, " nexthop[%u]", e);
		return true;
	case 8: { /* entry count past the limit: copies of the last entry (or zeros) */
		unsigned add = 1 + as_fz_below(r, 8);
		size_t at = lay->crypto && lay->trailer <= p->len ? lay->trailer : p->len;
		if (p->len + 20u * add > AS_FZ_MAX)
			return false;
		memmove(p->buf + at + 20u * add, p->buf + at, p->len - at);
		for (unsigned i = 0; i < add; i++) {
			if (have_e)
				memcpy(p->buf + at + 20u * i, p->buf + eo, 20);
			else
				memset(p->buf + at + 20u * i, 0, 20);
		}
		p->len += 20u * add;
		if (lay->crypto) {
			/* The Packet Length field follows, so that the packet can still verify. */
			lay->trailer += 20u * add;
			put16(p->buf + lay->ent - 20 + 4, (uint32_t)lay->trailer);
		}
		lay->n += add;
		note(p, " entries+%u", add);
		return true;
	}
	case 9:
		if (!lay->triggered)
			return false;
		switch (as_fz_below(r, 3)) {
		case 0:
			p->buf[4] = (uint8_t)as_fz_below(r, 4);
			note(p, " upd-version=%u", p->buf[4]);
			break;
		case 1:
			p->buf[5] = (uint8_t)as_fz_below(r, 3);
			note(p, " flush=%u", p->buf[5]);
			break;
		default:
			put16(p->buf + 6, (uint32_t)as_fz_next(r));
			note(p, " upd-seq");
			break;
		}
		return true;
	default: break;
	}
	/* Authentication fields. */
	if (!lay->auth || lay->ent > p->len)
		return false; /* no authentication entry, or truncated inside it */
	size_t ao = lay->ent - 20;
	switch (as_fz_below(r, 7)) {
	case 0: {
		static const uint32_t types[] = {0, 1, 2, 3, 4, 0xFFFF};
		uint32_t v = edge(r, types, 6, 0xFFFF);
		put16(p->buf + ao + 2, v);
		note(p, " auth-type=%u", v);
		return true;
	}
	case 1: {
		if (!lay->crypto)
			return false;
		uint32_t pl = (uint32_t)lay->trailer;
		static const int32_t d[] = {-20, -1, 1, 20, -4, 4};
		uint32_t v = chance(r, 3) ? (uint32_t)as_fz_below(r, 0x10000)
		                          : (uint32_t)((int32_t)pl + d[as_fz_below(r, 6)]);
		put16(p->buf + ao + 4, v);
		note(p, " auth-pktlen=%u", v & 0xFFFF);
		return true;
	}
	case 2:
		if (!lay->crypto)
			return false;
		p->buf[ao + 6] = (uint8_t)as_fz_next(r);
		note(p, " key-id=%u", p->buf[ao + 6]);
		return true;
	case 3: {
		if (!lay->crypto)
			return false;
		static const uint32_t lens[] = {0, 16, 20, 32, 48, 64, 255};
		uint32_t v = edge(r, lens, 7, 0xFF);
		p->buf[ao + 7] = (uint8_t)v;
		note(p, " auth-len=%u", v);
		return true;
	}
	case 4: {
		if (!lay->crypto)
			return false;
		static const uint32_t seqs[] = {0, 1, 0xFFFFFFFFu, 0x7FFFFFFFu};
		uint32_t v = chance(r, 2) ? cfg->auth_seq - 1 - as_fz_below(r, 100)
		                          : edge(r, seqs, 4, 0xFFFFFFFFu);
		put32(p->buf + ao + 8, v);
		note(p, " auth-seq=%u", v);
		return true;
	}
	case 5:
		if (!lay->crypto || lay->trailer + 4 + lay->dlen > p->len)
			return false;
		p->buf[lay->trailer + 4 + as_fz_below(r, (uint32_t)lay->dlen)] ^=
		    (uint8_t)(1 + as_fz_below(r, 255));
		lay->crypto = false; /* a broken digest stays broken: no re-signing */
		note(p, " digest");
		return true;
	default:
		if (lay->crypto) {
			if (lay->trailer + 4 > p->len)
				return false;
			put16(p->buf + lay->trailer + as_fz_below(r, 2) * 2,
			      (uint32_t)as_fz_next(r));
			lay->crypto = false;
			note(p, " trailer");
		} else {
			p->buf[ao + 4 + as_fz_below(r, 16)] = (uint8_t)as_fz_next(r);
			note(p, " password");
		}
		return true;
	}
}

static void rip_make(struct as_fz_rng *r, const struct as_fz_cfg *cfg, struct as_fz_pkt *p)
{
	struct rip_layout lay;
	rip_base(r, cfg, p, &lay);
	unsigned n = 1 + as_fz_below(r, 3);
	for (unsigned i = 0, tries = 0; i < n && tries < 16; tries++) {
		bool done = chance(r, 4) ? mutate_bytes(r, p, 0) : rip_field(r, cfg, p, &lay);
		if (done)
			i++;
		/* A truncation through the trailer leaves nothing to re-sign or to move. */
		if (lay.crypto && lay.trailer + 4 + lay.dlen > p->len)
			lay.crypto = false;
	}
	/* Re-sign half the time: mutations of authenticated fields must then pass the digest. */
	if (lay.crypto && lay.trailer + 4 + lay.dlen <= p->len && chance(r, 2) &&
	    as_rip_auth_sign(p->buf, lay.trailer, lay.dlen, &cfg->key) == 0)
		note(p, " resigned");
}

/* ---------------------------------------------------------------------------------------- */
/* RIPng: header (4), then 20-byte RTEs: prefix (16), tag (2), prefix length, metric. */

#define RIPNG_MAX_RTE ((AS_FZ_MAX - 4) / 20)

static void ripng_rte(uint8_t *p, const uint8_t *prefix, uint16_t tag, uint8_t plen, uint8_t metric)
{
	memcpy(p, prefix, 16);
	put16(p + 16, tag);
	p[18] = plen;
	p[19] = metric;
}

static void ripng_make(struct as_fz_rng *r, struct as_fz_pkt *p)
{
	unsigned kind = as_fz_below(r, 3);
	unsigned n;
	p->buf[0] = kind == 2 ? 2 : 1;
	p->buf[1] = 1;
	p->buf[2] = p->buf[3] = 0;
	uint8_t pfx[16] = {0};
	if (kind == 0) {
		n = 1;
		ripng_rte(p->buf + 4, pfx, 0, 0, 16);
	} else {
		n = kind == 1 ? 1 + as_fz_below(r, 5) : as_fz_below(r, 72);
		for (unsigned i = 0; i < n; i++) {
			uint8_t *q = p->buf + 4 + 20u * i;
			if (kind == 2 && i == 0 &&
			    chance(r, 3)) { /* next-hop RTE (RFC 2080 2.1.1) */
				uint8_t nh[16] = {0xfe, 0x80};
				nh[15] = (uint8_t)as_fz_next(r);
				ripng_rte(q, nh, 0, 0, 0xFF);
				continue;
			}
			memset(pfx, 0, sizeof pfx);
			pfx[0] = 0x20, pfx[1] = 0x01, pfx[2] = 0x0d, pfx[3] = 0xb8;
			uint8_t plen = (uint8_t)(32 + as_fz_below(r, 97));
			for (unsigned b = 4; b < 16; b++)
				pfx[b] = (uint8_t)as_fz_next(r);
			for (unsigned bit = plen; bit < 128; bit++)
				pfx[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
			ripng_rte(q, pfx, chance(r, 4) ? (uint16_t)as_fz_next(r) : 0, plen,
			          kind == 1 ? 16 : (uint8_t)(1 + as_fz_below(r, 16)));
		}
	}
	p->len = 4 + 20u * n;
	static const char *const kinds[] = {"request", "specific-request", "response"};
	snprintf(p->what, sizeof p->what, "ripng %s n=%u", kinds[kind], n);

	unsigned muts = 1 + as_fz_below(r, 3);
	for (unsigned i = 0, tries = 0; i < muts && tries < 16; tries++) {
		unsigned e = n ? as_fz_below(r, n) : 0;
		uint8_t *q = p->buf + 4 + 20u * e;
		bool have_e = n && 4 + 20u * (e + 1) <= p->len;
		bool ok = true;
		switch (as_fz_below(r, 10)) {
		case 0:
			p->buf[0] = (uint8_t)as_fz_below(r, 256);
			note(p, " cmd=%u", p->buf[0]);
			break;
		case 1:
			p->buf[1] = (uint8_t)as_fz_below(r, 4);
			note(p, " version=%u", p->buf[1]);
			break;
		case 2:
			put16(p->buf + 2, 1 + as_fz_below(r, 0xFFFF));
			note(p, " mbz");
			break;
		case 3: {
			static const uint32_t plens[] = {0, 1, 64, 128, 129, 255};
			if (!have_e) {
				ok = false;
				break;
			}
			q[18] = (uint8_t)edge(r, plens, 6, 0xFF);
			note(p, " plen[%u]=%u", e, q[18]);
			break;
		}
		case 4: {
			static const uint32_t ms[] = {0, 1, 15, 16, 17, 0xFE, 0xFF};
			if (!have_e) {
				ok = false;
				break;
			}
			q[19] = (uint8_t)edge(r, ms, 7, 0xFF);
			note(p, " metric[%u]=%u", e, q[19]);
			break;
		}
		case 5: {
			static const uint8_t odd[][2] = {
			    {0xff, 0x02}, {0xfe, 0x80}, {0, 0}, {0, 0}};
			if (!have_e) {
				ok = false;
				break;
			}
			unsigned k = as_fz_below(r, 4);
			memset(q, 0, 16);
			q[0] = odd[k][0], q[1] = odd[k][1];
			if (k == 3)
				q[15] = 1; /* ::1 */
			note(p, " prefix[%u]", e);
			break;
		}
		case 6: { /* more RTEs than fit one MTU-sized packet */
			unsigned add = 1 + as_fz_below(r, 8);
			if (p->len + 20u * add > AS_FZ_MAX) {
				ok = false;
				break;
			}
			for (unsigned k = 0; k < add; k++)
				ripng_rte(p->buf + p->len + 20u * k, pfx, 0, 64, 1);
			p->len += 20u * add;
			n += add;
			note(p, " entries+%u", add);
			break;
		}
		default: ok = mutate_bytes(r, p, 0); break;
		}
		if (ok)
			i++;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* IPX: the 30-byte header, then IPX RIP (operation, 8-byte entries, at most 50) or SAP
 * (operation, 64-byte entries, at most 7). */

#define IPX_RIP_SOCKET 0x0453
#define IPX_SAP_SOCKET 0x0452

static void ipx_header(const struct as_fz_cfg *cfg, uint8_t *h, size_t len, uint8_t type,
                       uint16_t socket)
{
	put16(h, 0xFFFF);
	put16(h + 2, (uint32_t)len);
	h[4] = 0;
	h[5] = type;
	put32(h + 6, cfg->ipx_dst_network);
	memcpy(h + 10, cfg->ipx_dst_node, 6);
	put16(h + 16, socket);
	put32(h + 18, cfg->ipx_network);
	memcpy(h + 22, cfg->ipx_node, 6);
	put16(h + 28, socket);
}

static void ipx_make(struct as_fz_rng *r, const struct as_fz_cfg *cfg, struct as_fz_pkt *p)
{
	static const int framings[] = {AS_IPX_FRAME_ETHERNET_II, AS_IPX_FRAME_8023,
	                               AS_IPX_FRAME_8022, AS_IPX_FRAME_SNAP};
	p->ipx_framing = framings[as_fz_below(r, 4)];
	bool sap = chance(r, 2);
	unsigned kind = as_fz_below(r, 3); /* general query, response, specific query (nearest) */
	uint8_t *b = p->buf + 30;
	unsigned n = 0;
	size_t stride = sap ? 64 : 8;
	if (!sap) {
		put16(b, kind == 1 ? 2 : 1);
		if (kind == 0) {
			n = 1;
			put32(b + 2, 0xFFFFFFFFu);
			put16(b + 6, 0xFFFF);
			put16(b + 8, 0xFFFF);
		} else {
			n = kind == 1 ? as_fz_below(r, 51) : 1 + as_fz_below(r, 4);
			for (unsigned i = 0; i < n; i++) {
				uint8_t *q = b + 2 + 8u * i;
				put32(q, (uint32_t)as_fz_next(r) | 1u);
				put16(q + 4, kind == 1 ? 1 + as_fz_below(r, 16) : 0xFFFF);
				put16(q + 6, kind == 1 ? 1 + as_fz_below(r, 100) : 0xFFFF);
			}
		}
	} else {
		put16(b, kind == 0 ? 1 : kind == 1 ? 2 : 3);
		if (kind != 1) {
			put16(b + 2, chance(r, 2) ? 0xFFFF : 4);
			n = 0;
			stride = 2;
		} else {
			n = as_fz_below(r, 8);
			for (unsigned i = 0; i < n; i++) {
				uint8_t *q = b + 2 + 64u * i;
				memset(q, 0, 64);
				put16(q, 4);
				snprintf((char *)q + 2, 48, "FZ-%08X", (unsigned)as_fz_next(r));
				put32(q + 50, (uint32_t)as_fz_next(r) | 1u);
				for (unsigned k = 0; k < 6; k++)
					q[54 + k] = (uint8_t)as_fz_next(r);
				put16(q + 60, 0x0451);
				put16(q + 62, 1 + as_fz_below(r, 16));
			}
		}
	}
	size_t body = 2 + (sap && kind != 1 ? 2 : stride * n);
	p->len = 30 + body;
	ipx_header(cfg, p->buf, p->len, sap ? 4 : 1, sap ? IPX_SAP_SOCKET : IPX_RIP_SOCKET);
	static const char *const fr[] = {"", "ethernet_ii", "802.3", "802.2", "snap"};
	static const char *const rk[] = {"request", "response", "specific-request"};
	static const char *const sk[] = {"general-query", "general-response", "nearest-query"};
	snprintf(p->what, sizeof p->what, "ipx %s %s %s n=%u", fr[p->ipx_framing],
	         sap ? "sap" : "rip", sap ? sk[kind] : rk[kind], n);

	unsigned muts = 1 + as_fz_below(r, 3);
	for (unsigned i = 0, tries = 0; i < muts && tries < 16; tries++) {
		bool ok = true;
		unsigned e = n ? as_fz_below(r, n) : 0;
		uint8_t *q = b + 2 + stride * e;
		bool have_e = n && 30 + 2 + stride * (e + 1) <= p->len;
		switch (as_fz_below(r, 12)) {
		case 0: {
			static const uint32_t lens[] = {0, 29, 30, 31, 0xFFFF, 576};
			uint32_t v = chance(r, 2) ? (uint32_t)p->len + as_fz_below(r, 3) - 1
			                          : edge(r, lens, 6, 0xFFFF);
			put16(p->buf + 2, v);
			note(p, " ipx-len=%u", v & 0xFFFF);
			break;
		}
		case 1:
			put16(p->buf, (uint32_t)as_fz_next(r));
			note(p, " ipx-csum");
			break;
		case 2:
			p->buf[4] = (uint8_t)(chance(r, 2) ? 16 : as_fz_next(r));
			note(p, " tc=%u", p->buf[4]);
			break;
		case 3:
			p->buf[5] = (uint8_t)as_fz_below(r, 32);
			note(p, " type=%u", p->buf[5]);
			break;
		case 4: {
			static const uint32_t socks[] = {IPX_RIP_SOCKET, IPX_SAP_SOCKET, 0, 0xFFFF,
			                                 0x0451};
			uint32_t v = edge(r, socks, 5, 0xFFFF);
			put16(p->buf + (chance(r, 2) ? 16 : 28), v);
			note(p, " socket=%04x", v);
			break;
		}
		case 5: {
			static const uint32_t ops[] = {0, 1, 2, 3, 4, 0xFFFF};
			uint32_t v = edge(r, ops, 6, 0xFFFF);
			put16(b, v);
			note(p, " op=%u", v);
			break;
		}
		case 6:
			if (!have_e) {
				ok = false;
				break;
			}
			if (sap) {
				put16(q + 62, chance(r, 2) ? 16 : as_fz_below(r, 0x10000));
				note(p, " sap-hops[%u]", e);
			} else {
				put16(q + 4, chance(r, 2) ? 16 : as_fz_below(r, 0x10000));
				note(p, " hops[%u]", e);
			}
			break;
		case 7:
			if (!have_e) {
				ok = false;
				break;
			}
			if (sap) {
				/* A name without its NUL, or with control bytes. */
				for (unsigned k = 0; k < 48; k++)
					q[2 + k] = (uint8_t)(chance(r, 2) ? 'A' : as_fz_next(r));
				note(p, " sap-name[%u]", e);
			} else {
				put32(q, chance(r, 2) ? 0 : 0xFFFFFFFFu);
				note(p, " net[%u]", e);
			}
			break;
		case 8: { /* past the entry limit (50 RIP, 7 SAP) */
			unsigned add = 1 + as_fz_below(r, 6);
			if (p->len + stride * add > AS_FZ_MAX || stride < 8) {
				ok = false;
				break;
			}
			for (unsigned k = 0; k < add; k++)
				/* memmove: without a whole entry, b + 2 may reach past the end */
				memmove(p->buf + p->len + stride * k, have_e ? q : b + 2, stride);
			p->len += stride * add;
			n += add;
			if (chance(r, 2))
				put16(p->buf + 2, (uint32_t)p->len);
			note(p, " entries+%u", add);
			break;
		}
		case 9: /* keep the header length in step with a truncation or trailing bytes */
			ok = mutate_bytes(r, p, 0);
			if (ok && chance(r, 2) && p->len >= 4)
				put16(p->buf + 2, (uint32_t)p->len);
			break;
		default: ok = mutate_bytes(r, p, 0); break;
		}
		if (ok)
			i++;
	}
}

/* ---------------------------------------------------------------------------------------- */

void as_fz_make(struct as_fz_rng *r, const struct as_fz_cfg *cfg, struct as_fz_pkt *out)
{
	out->len = 0;
	out->ipx_framing = AS_IPX_FRAME_NONE;
	out->what[0] = 0;
	switch (cfg->proto) {
	case AS_FZ_RIPNG: ripng_make(r, out); break;
	case AS_FZ_IPX: ipx_make(r, cfg, out); break;
	default: rip_make(r, cfg, out); break;
	}
}

size_t as_fz_probe(const struct as_fz_cfg *cfg, uint8_t *buf, size_t cap)
{
	if (cfg->proto == AS_FZ_RIPNG) {
		if (cap < 24)
			return 0;
		memset(buf, 0, 24);
		buf[0] = 1;
		buf[1] = 1;
		buf[23] = 16;
		return 24;
	}
	if (cfg->proto == AS_FZ_IPX) {
		if (cap < 40)
			return 0;
		put16(buf + 30, 1);
		put32(buf + 32, 0xFFFFFFFFu);
		put16(buf + 36, 0xFFFF);
		put16(buf + 38, 0xFFFF);
		ipx_header(cfg, buf, 40, 1, IPX_RIP_SOCKET);
		return 40;
	}
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = AS_RIP_REQUEST;
	m.version = 2;
	m.n_entries = 1;
	m.e[0].metric = 16;
	bool keyed = cfg->key.alg != AS_RIP_ALG_NONE;
	if (keyed) {
		m.auth.type =
		    cfg->key.alg == AS_RIP_ALG_SIMPLE ? AS_RIP_AUTH_SIMPLE : AS_RIP_AUTH_CRYPTO;
		m.auth.seq = cfg->auth_seq;
		m.auth.key_id = cfg->key.key_id;
	}
	ssize_t n = as_rip_encode(&m, keyed ? &cfg->key : NULL, buf, cap);
	return n > 0 ? (size_t)n : 0;
}
