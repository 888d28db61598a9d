/* pcap2corpus.c - writes the fuzz seed corpora (fuzz/corpus/<target>/): hand-made edge cases
 * built with the codecs' own encoders, then frames and payloads taken from captures.
 *
 *   pcap2corpus OUTDIR [CAPTURE...]
 *
 * Seeds are deduplicated by content, and capture packets also by shape (what the decoders
 * make of them: command, version, authentication, entry count, error, framing ...), so that a
 * capture of a thousand periodic updates gives a handful of seeds. At most MAX_PER_TARGET seeds
 * per target and MAX_PER_CAPTURE per capture and target; none longer than MAX_SEED bytes.
 * Names are <origin>-<64-bit FNV-1a of the content>, so a rerun rewrites the same files.
 * Used by fuzz/make_corpus.sh (`make fuzz-corpus`).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

#include <autostatic/frame.h>
#include <autostatic/ipx.h>
#include <autostatic/rip.h>
#include <autostatic/ripng.h>

#include "fuzz/common.h"
#include "proto/csum.h"

#define MAX_PER_TARGET 200
#define MAX_PER_CAPTURE 30
#define MAX_SEED 2048
#define MAX_SIGS 1024

enum target { T_RIP, T_RIPNG, T_IPX, T_FRAME, T_RIP_AUTH, T_COUNT };
static const char *const target_names[T_COUNT] = {"rip", "ripng", "ipx", "frame", "rip_auth"};

struct tstate {
	unsigned count, from_capture;
	size_t n_hashes, n_sigs;
	uint64_t hashes[MAX_PER_TARGET];
	char sigs[MAX_SIGS][96];
};

static struct tstate targets[T_COUNT];
static const char *outdir;
static const enum as_link frame_links[FUZZ_N_LINKS] = FUZZ_LINKS;

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Writes one seed unless it is a duplicate or a limit is reached. sig, when not NULL, is the
 * packet's shape: a second packet of the same shape is left out. */
static void put_seed(enum target t, const char *origin, const uint8_t *p, size_t n,
		     const char *sig)
{
	struct tstate *s = &targets[t];
	if (n > MAX_SEED || s->count >= MAX_PER_TARGET)
		return;
	if (sig && s->from_capture >= MAX_PER_CAPTURE)
		return;
	uint64_t h = fnv1a(p, n);
	for (size_t i = 0; i < s->n_hashes; i++)
		if (s->hashes[i] == h)
			return;
	if (sig) {
		for (size_t i = 0; i < s->n_sigs; i++)
			if (!strcmp(s->sigs[i], sig))
				return;
		if (s->n_sigs < MAX_SIGS)
			snprintf(s->sigs[s->n_sigs++], sizeof s->sigs[0], "%s", sig);
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/%s-%016llx", outdir, target_names[t], origin,
		 (unsigned long long)h);
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
		fprintf(stderr, "pcap2corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	s->hashes[s->n_hashes++] = h;
	s->count++;
	if (sig)
		s->from_capture++;
}

/* ------------------------------------------------------------------------------------------ */
/* Frame builders */

static void be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
	be16(p, (uint16_t)(v >> 16));
	be16(p + 2, (uint16_t)v);
}

enum csum_mode { CS_GOOD, CS_ZERO, CS_OFFLOAD, CS_BAD };

static void udp_hdr(uint8_t *u, int family, const uint8_t *src, const uint8_t *dst,
		    uint16_t sport, uint16_t dport, const uint8_t *pl, size_t plen,
		    enum csum_mode cs)
{
	size_t ulen = plen + 8;
	be16(u, sport);
	be16(u + 2, dport);
	be16(u + 4, (uint16_t)ulen);
	be16(u + 6, 0);
	memcpy(u + 8, pl, plen);
	uint16_t c = 0;
	switch (cs) {
	case CS_GOOD: c = as_udp_csum(family, src, dst, u, ulen); break;
	case CS_ZERO: c = 0; break;
	case CS_OFFLOAD: c = as_udp_partial_csum(family, src, dst, ulen); break;
	case CS_BAD: c = (uint16_t)(as_udp_csum(family, src, dst, u, ulen) ^ 0x5A5A); break;
	}
	be16(u + 6, c);
}

static const uint8_t v4_src[4] = {192, 0, 2, 1}, v4_dst[4] = {224, 0, 0, 9};
static const uint8_t v6_src[16] = {0xfe, 0x80, [11] = 0xff, [12] = 0xfe, [15] = 1};
static const uint8_t v6_dst[16] = {0xff, 0x02, [15] = 9};

/* IPv4 + UDP. opt_words: 32-bit words of IPv4 options; frag: flags + offset field. */
static size_t ipv4_udp(uint8_t *out, uint16_t port, const uint8_t *pl, size_t plen,
		       unsigned opt_words, uint16_t frag, uint8_t proto, enum csum_mode cs)
{
	size_t ihl = 20 + 4 * (size_t)opt_words;
	size_t total = ihl + 8 + plen;
	memset(out, 0, ihl);
	out[0] = (uint8_t)(0x40 | (ihl / 4));
	be16(out + 2, (uint16_t)total);
	be16(out + 4, 0x1234);
	be16(out + 6, frag);
	out[8] = 2;
	out[9] = proto;
	memcpy(out + 12, v4_src, 4);
	memcpy(out + 16, v4_dst, 4);
	for (size_t i = 20; i < ihl; i++)
		out[i] = 1; /* NOP options */
	be16(out + 10, (uint16_t)~as_csum_fold(as_csum_add(0, out, ihl)));
	udp_hdr(out + ihl, 4, v4_src, v4_dst, port, port, pl, plen, cs);
	return total;
}

/* IPv6 + UDP. ext: 0 none, 1 hop-by-hop + destination options, 2 a first fragment. */
static size_t ipv6_udp(uint8_t *out, uint16_t port, const uint8_t *pl, size_t plen, int ext,
		       enum csum_mode cs)
{
	size_t off = 40;
	memset(out, 0, 40);
	out[0] = 0x60;
	out[7] = 255;
	memcpy(out + 8, v6_src, 16);
	memcpy(out + 24, v6_dst, 16);
	if (ext == 1) {
		out[6] = 0; /* hop-by-hop */
		memset(out + off, 0, 16);
		out[off] = 60; /* then destination options */
		out[off + 2] = 1; /* PadN */
		out[off + 3] = 4;
		off += 8;
		out[off] = 17;
		out[off + 2] = 1;
		out[off + 3] = 4;
		off += 8;
	} else if (ext == 2) {
		out[6] = 44;
		memset(out + off, 0, 8);
		out[off] = 17;
		be16(out + off + 2, 0x0001); /* offset 0, more fragments */
		off += 8;
	} else {
		out[6] = 17;
	}
	udp_hdr(out + off, 6, v6_src, v6_dst, port, port, pl, plen, cs);
	be16(out + 4, (uint16_t)(off - 40 + 8 + plen));
	return off + 8 + plen;
}

static const uint8_t mac_dst[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x09};
static const uint8_t mac_src[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

/* Ethernet with optional tags: tags[] holds TPID/TCI pairs. */
static size_t ether(uint8_t *out, const uint16_t *tags, size_t n_tags, uint16_t type,
		    const uint8_t *l3, size_t len)
{
	size_t off = 12;
	memcpy(out, mac_dst, 6);
	memcpy(out + 6, mac_src, 6);
	for (size_t i = 0; i < n_tags; i++, off += 4) {
		be16(out + off, tags[2 * i]);
		be16(out + off + 2, tags[2 * i + 1]);
	}
	be16(out + off, type);
	memcpy(out + off + 2, l3, len);
	return off + 2 + len;
}

static size_t sll(uint8_t *out, uint16_t proto, const uint8_t *l3, size_t len)
{
	memset(out, 0, 16);
	be16(out + 2, 1); /* ARPHRD_ETHER */
	be16(out + 4, 6);
	memcpy(out + 6, mac_src, 6);
	be16(out + 14, proto);
	memcpy(out + 16, l3, len);
	return 16 + len;
}

static size_t sll2(uint8_t *out, uint16_t proto, const uint8_t *l3, size_t len)
{
	memset(out, 0, 20);
	be16(out, proto);
	be32(out + 4, 2); /* ifindex */
	be16(out + 8, 1);
	out[11] = 6;
	memcpy(out + 12, mac_src, 6);
	memcpy(out + 20, l3, len);
	return 20 + len;
}

static size_t loopback(uint8_t *out, uint32_t af, bool big_endian, const uint8_t *l3,
		       size_t len)
{
	if (big_endian) {
		be32(out, af);
	} else {
		out[0] = (uint8_t)af;
		out[1] = (uint8_t)(af >> 8);
		out[2] = (uint8_t)(af >> 16);
		out[3] = (uint8_t)(af >> 24);
	}
	memcpy(out + 4, l3, len);
	return 4 + len;
}

static int link_index(enum as_link link)
{
	for (int i = 0; i < FUZZ_N_LINKS; i++)
		if (frame_links[i] == link)
			return i;
	return FUZZ_N_LINKS - 1;
}

static void put_frame(enum as_link link, const char *origin, const uint8_t *p, size_t n,
		      const char *sig)
{
	static uint8_t buf[1 + 65536];
	if (n + 1 > sizeof buf)
		return;
	buf[0] = (uint8_t)link_index(link);
	memcpy(buf + 1, p, n);
	put_seed(T_FRAME, origin, buf, n + 1, sig);
}

/* ------------------------------------------------------------------------------------------ */
/* Hand-made RIP seeds */

static void rip_entry(struct as_rip_msg *m, uint32_t addr, uint32_t mask, uint32_t nh,
		      uint32_t metric)
{
	struct as_rip_entry *e = &m->e[m->n_entries++];
	memset(e, 0, sizeof *e);
	e->afi = AS_RIP_AFI_INET;
	e->addr = addr;
	if (m->version >= 2) {
		e->mask = mask;
		e->next_hop = nh;
		e->tag = 0x0410;
	}
	e->metric = metric;
}

static void rip_init(struct as_rip_msg *m, uint8_t cmd, uint8_t version)
{
	memset(m, 0, sizeof *m);
	m->command = cmd;
	m->version = version;
	if (as_rip_cmd_is_triggered(cmd))
		m->upd_version = 1;
}

static void rip_routes(struct as_rip_msg *m, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		rip_entry(m, 0x0A000000u | (i + 1) << 8, 0xFFFFFF00u, 0, 1 + i % 15);
}

static void rip_whole_table(struct as_rip_msg *m)
{
	struct as_rip_entry *e = &m->e[m->n_entries++];
	memset(e, 0, sizeof *e);
	e->metric = AS_RIP_METRIC_INFINITY;
}

/* Encodes m (signed with the fixed key for crypto) as a RIP seed and, for a few, a frame. */
static size_t rip_put(const char *name, const struct as_rip_msg *m, enum as_rip_alg alg,
		      uint8_t *out)
{
	struct as_rip_key k = fuzz_fixed_key(alg, 1);
	ssize_t n = as_rip_encode(m, alg ? &k : NULL, out, AS_RIP_MAX_LEN);
	if (n < 0) {
		fprintf(stderr, "pcap2corpus: cannot encode %s\n", name);
		exit(1);
	}
	put_seed(T_RIP, name, out, (size_t)n, NULL);
	return (size_t)n;
}

static void put_hex(enum target t, const char *name, const char *hex)
{
	uint8_t buf[MAX_SEED];
	size_t n = 0;
	for (const char *p = hex; p[0] && p[1] && n < sizeof buf;) {
		if (p[0] == ' ') {
			p++;
			continue;
		}
		unsigned v;
		if (sscanf(p, "%2x", &v) != 1)
			break;
		buf[n++] = (uint8_t)v;
		p += 2;
	}
	put_seed(t, name, buf, n, NULL);
}

static void synth_rip(void)
{
	struct as_rip_msg m;
	uint8_t b[AS_RIP_MAX_LEN];
	char name[64];

	rip_init(&m, AS_RIP_REQUEST, 1);
	rip_whole_table(&m);
	rip_put("synth-ripv1-request-whole-table", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_REQUEST, 2);
	rip_whole_table(&m);
	rip_put("synth-ripv2-request-whole-table", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_REQUEST, 2);
	rip_routes(&m, 2);
	rip_put("synth-ripv2-request-specific", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_RESPONSE, 1);
	rip_routes(&m, 3);
	rip_put("synth-ripv1-response", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_RESPONSE, 1);
	rip_routes(&m, 1);
	m.e[0].tag = 1;
	rip_put("synth-ripv1-entry-mbz", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_RESPONSE, 1);
	m.mbz = 0x0102;
	rip_routes(&m, 1);
	rip_put("synth-ripv1-header-mbz", &m, AS_RIP_ALG_NONE, b);

	/* One response holding an entry for every skip reason. */
	rip_init(&m, AS_RIP_RESPONSE, 2);
	rip_entry(&m, 0x0A010000u, 0xFFFF0000u, 0xC0000201u, 1);  /* good, next hop */
	rip_entry(&m, 0, 0, 0, 1);                                 /* default route */
	rip_entry(&m, 0x0A020000u, 0xFFFF0000u, 0, 0);             /* metric 0 */
	rip_entry(&m, 0x0A030000u, 0xFFFF0000u, 0, 17);            /* metric 17 */
	rip_entry(&m, 0xE0000009u, 0xFFFFFFFFu, 0, 1);             /* class D */
	rip_entry(&m, 0x7F000000u, 0xFF000000u, 0, 1);             /* net 127 */
	rip_entry(&m, 0x0A040001u, 0xFFFF0000u, 0, 1);             /* host bits */
	rip_entry(&m, 0x0A050000u, 0xFF00FF00u, 0, 1);             /* non-contiguous mask */
	rip_entry(&m, 0x0A060000u, 0xFFFF0000u, 0x7F000001u, 1);   /* next hop loopback */
	rip_entry(&m, 0x0A070000u, 0xFFFF0000u, 0, 16);            /* unreachable */
	rip_entry(&m, 0x0A080000u, 0, 0, 2);                       /* implied mask */
	m.e[m.n_entries - 1].afi = 0;
	rip_entry(&m, 0x0A090000u, 0xFFFF0000u, 0, 1);
	m.e[m.n_entries - 1].afi = 7; /* another family */
	rip_put("synth-ripv2-response-skips", &m, AS_RIP_ALG_NONE, b);

	rip_init(&m, AS_RIP_RESPONSE, 2);
	rip_routes(&m, 25);
	size_t n = rip_put("synth-ripv2-response-25", &m, AS_RIP_ALG_NONE, b);
	uint8_t big[AS_RIP_MAX_LEN + 20];
	memcpy(big, b, n);
	memcpy(big + n, b + n - 20, 20);
	put_seed(T_RIP, "synth-ripv2-response-26-too-many", big, n + 20, NULL);
	put_seed(T_RIP, "synth-ripv2-bad-length", b, 4 + 19, NULL);

	/* RFC 2091: every command, good and bad update headers. */
	rip_init(&m, AS_RIP_UPDATE_REQUEST, 2);
	rip_put("synth-rip-update-request-empty", &m, AS_RIP_ALG_NONE, b);
	rip_whole_table(&m);
	rip_put("synth-rip-update-request-whole-table", &m, AS_RIP_ALG_NONE, b);
	for (uint8_t flush = 0; flush < 3; flush++) {
		rip_init(&m, AS_RIP_UPDATE_RESPONSE, 2);
		m.flush = flush;
		m.seq = (uint16_t)(1000 + flush);
		rip_routes(&m, 3);
		snprintf(name, sizeof name, "synth-rip-update-response-flush%u", flush);
		rip_put(name, &m, AS_RIP_ALG_NONE, b);
	}
	rip_init(&m, AS_RIP_UPDATE_RESPONSE, 1);
	m.seq = 7;
	rip_routes(&m, 2);
	rip_put("synth-ripv1-update-response", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_UPDATE_ACK, 2);
	m.seq = 1000;
	rip_put("synth-rip-update-ack", &m, AS_RIP_ALG_NONE, b);
	rip_routes(&m, 1);
	rip_put("synth-rip-update-ack-with-routes", &m, AS_RIP_ALG_NONE, b);
	rip_init(&m, AS_RIP_UPDATE_ACK, 2);
	m.upd_version = 2;
	rip_put("synth-rip-update-bad-version", &m, AS_RIP_ALG_NONE, b);
	put_hex(T_RIP, "synth-rip-update-request-mbz", "09020000 01000001");
	put_hex(T_RIP, "synth-rip-update-short", "0a020000 0100");

	/* Every command byte, and versions 0 and 3. */
	for (unsigned cmd = 0; cmd <= 12; cmd++) {
		snprintf(name, sizeof name, "synth-rip-command-%u", cmd);
		uint8_t p[32] = {(uint8_t)cmd, 2, 0, 0, 1}; /* [update header: version 1] */
		size_t len = as_rip_cmd_is_triggered(cmd) ? 8 : 4;
		p[len + 19] = 16;
		put_seed(T_RIP, name, p, len + 20, NULL);
	}
	put_hex(T_RIP, "synth-rip-version-0", "01000000 0000000000000000000000000000000000000010");
	put_hex(T_RIP, "synth-rip-version-3", "01030000 0000000000000000000000000000000000000010");
	put_hex(T_RIP, "synth-rip-short", "0102");

	/* Authentication: simple password, keyed MD5 (both Auth Data Len readings), HMAC-SHA. */
	static const struct {
		enum as_rip_alg alg;
		const char *name;
	} auths[] = {
		{AS_RIP_ALG_SIMPLE, "simple"}, {AS_RIP_ALG_MD5, "md5"},
		{AS_RIP_ALG_SHA1, "sha1"},     {AS_RIP_ALG_SHA256, "sha256"},
		{AS_RIP_ALG_SHA384, "sha384"}, {AS_RIP_ALG_SHA512, "sha512"},
	};
	for (size_t i = 0; i < sizeof auths / sizeof auths[0]; i++) {
		enum as_rip_alg alg = auths[i].alg;
		uint8_t type = alg == AS_RIP_ALG_SIMPLE ? AS_RIP_AUTH_SIMPLE : AS_RIP_AUTH_CRYPTO;
		rip_init(&m, AS_RIP_RESPONSE, 2);
		m.auth.type = type;
		m.auth.seq = 42;
		if (type == AS_RIP_AUTH_SIMPLE)
			memcpy(m.auth.password, FUZZ_SIMPLE_PASSWORD, 16);
		rip_routes(&m, 3);
		snprintf(name, sizeof name, "synth-rip-auth-%s-response", auths[i].name);
		rip_put(name, &m, alg, b);
		rip_init(&m, AS_RIP_REQUEST, 2);
		m.auth.type = type;
		rip_whole_table(&m);
		snprintf(name, sizeof name, "synth-rip-auth-%s-request", auths[i].name);
		rip_put(name, &m, alg, b);
		rip_init(&m, AS_RIP_UPDATE_RESPONSE, 2);
		m.auth.type = type;
		m.seq = 5;
		m.flush = 1;
		rip_routes(&m, 24);
		snprintf(name, sizeof name, "synth-rip-auth-%s-update-response-24", auths[i].name);
		rip_put(name, &m, alg, b);
		if (type == AS_RIP_AUTH_CRYPTO) {
			rip_init(&m, AS_RIP_RESPONSE, 2);
			m.auth.type = type;
			m.auth.auth_len = (uint8_t)(as_rip_alg_digest_len(alg) + 4);
			rip_routes(&m, 1);
			snprintf(name, sizeof name, "synth-rip-auth-%s-auth-len-plus-4", auths[i].name);
			n = rip_put(name, &m, alg, b);
			/* Crypto seeds with one field broken each. */
			uint8_t bad[AS_RIP_MAX_LEN];
			memcpy(bad, b, n);
			bad[4 + 5]++;      /* Packet Length off by one */
			snprintf(name, sizeof name, "synth-rip-auth-%s-bad-packet-length", auths[i].name);
			put_seed(T_RIP, name, bad, n, NULL);
			memcpy(bad, b, n);
			bad[4 + 12] = 1;   /* reserved bytes */
			snprintf(name, sizeof name, "synth-rip-auth-%s-mbz", auths[i].name);
			put_seed(T_RIP, name, bad, n, NULL);
			memcpy(bad, b, n);
			bad[n - 1] ^= 1;   /* digest */
			snprintf(name, sizeof name, "synth-rip-auth-%s-bad-digest", auths[i].name);
			put_seed(T_RIP, name, bad, n, NULL);
			memcpy(bad, b, n);
			bad[4 + 20 + 20 + 3] = 2; /* trailer FFFF 0002 */
			snprintf(name, sizeof name, "synth-rip-auth-%s-bad-trailer", auths[i].name);
			put_seed(T_RIP, name, bad, n, NULL);
			snprintf(name, sizeof name, "synth-rip-auth-%s-short-digest", auths[i].name);
			put_seed(T_RIP, name, b, n - 1, NULL);
		}
	}
	/* Authentication entry of type 1 (trailer) first, of an unknown type, and not first. */
	put_hex(T_RIP, "synth-rip-auth-type-1-first",
		"02020000 ffff0001 00000000000000000000000000000000");
	put_hex(T_RIP, "synth-rip-auth-type-7",
		"02020000 ffff0007 00000000000000000000000000000000");
	put_hex(T_RIP, "synth-rip-auth-not-first",
		"02020000 00020000 0a000000 ffffff00 00000000 00000001"
		" ffff0002 6162636465666768696a6b6c6d6e6f70");
	put_hex(T_RIP, "synth-ripv1-afi-ffff",
		"02010000 ffff0002 6162636465666768696a6b6c6d6e6f70");
}

/* ------------------------------------------------------------------------------------------ */
/* Hand-made RIPng seeds */

static void ripng_rte(struct as_ripng_msg *m, const uint8_t prefix[16], uint8_t plen,
		      uint8_t metric)
{
	struct as_ripng_entry *e = &m->e[m->n_entries++];
	memset(e, 0, sizeof *e);
	memcpy(e->prefix, prefix, 16);
	e->prefix_len = plen;
	e->metric = metric;
	e->tag = 0x0410;
	e->is_next_hop = metric == AS_RIPNG_METRIC_NEXT_HOP;
}

static void ripng_put(const char *name, struct as_ripng_msg *m)
{
	static uint8_t b[AS_RIPNG_MAX_LEN];
	ssize_t n = as_ripng_encode(m, b, sizeof b);
	if (n < 0)
		exit(1);
	put_seed(T_RIPNG, name, b, (size_t)n, NULL);
}

static void ripng_init(struct as_ripng_msg *m, uint8_t cmd)
{
	memset(m, 0, sizeof *m);
	m->command = cmd;
	m->version = 1;
	if (as_ripng_cmd_is_triggered(cmd))
		m->upd_version = 1;
}

static void synth_ripng(void)
{
	static struct as_ripng_msg m;
	static const uint8_t zero[16];
	static const uint8_t p1[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
	static const uint8_t p2[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 1};
	static const uint8_t ll[16] = {0xfe, 0x80, [15] = 2};
	static const uint8_t mc[16] = {0xff, 0x02, [15] = 9};

	ripng_init(&m, AS_RIPNG_REQUEST);
	ripng_rte(&m, zero, 0, 16);
	ripng_put("synth-ripng-request-whole-table", &m);
	ripng_init(&m, AS_RIPNG_REQUEST);
	ripng_rte(&m, p1, 48, 0);
	ripng_rte(&m, p1, 200, 0);
	ripng_put("synth-ripng-request-specific", &m);

	ripng_init(&m, AS_RIPNG_RESPONSE);
	ripng_rte(&m, p1, 48, 1);
	ripng_rte(&m, ll, 0, AS_RIPNG_METRIC_NEXT_HOP);   /* link-local next hop */
	ripng_rte(&m, p1, 48, 2);
	ripng_rte(&m, p2, 48, 1);                         /* host bits */
	ripng_rte(&m, p2, 129, 1);                        /* prefix length */
	ripng_rte(&m, p1, 48, 0);                         /* metric 0 */
	ripng_rte(&m, p1, 48, 17);                        /* metric 17 */
	ripng_rte(&m, mc, 128, 1);                        /* multicast */
	ripng_rte(&m, ll, 64, 1);                         /* link-local prefix */
	ripng_rte(&m, p1, 32, AS_RIPNG_METRIC_NEXT_HOP);  /* global next hop: treated as :: */
	ripng_rte(&m, p1, 48, 16);
	ripng_rte(&m, zero, 0, AS_RIPNG_METRIC_NEXT_HOP); /* back to the sender */
	ripng_rte(&m, zero, 0, 1);                        /* default route */
	ripng_put("synth-ripng-response-skips-next-hops", &m);

	ripng_init(&m, AS_RIPNG_UPDATE_REQUEST);
	ripng_put("synth-ripng-update-request-empty", &m);
	ripng_rte(&m, zero, 0, 16);
	ripng_put("synth-ripng-update-request-whole-table", &m);
	for (uint8_t flush = 0; flush < 3; flush++) {
		char name[64];
		ripng_init(&m, AS_RIPNG_UPDATE_RESPONSE);
		m.flush = flush;
		m.seq = 300;
		ripng_rte(&m, p1, 48, 1);
		ripng_rte(&m, ll, 0, AS_RIPNG_METRIC_NEXT_HOP);
		ripng_rte(&m, p1, 64, 3);
		snprintf(name, sizeof name, "synth-ripng-update-response-flush%u", flush);
		ripng_put(name, &m);
	}
	ripng_init(&m, AS_RIPNG_UPDATE_ACK);
	m.seq = 300;
	ripng_put("synth-ripng-update-ack", &m);
	ripng_rte(&m, p1, 48, 1);
	ripng_put("synth-ripng-update-ack-with-routes", &m);
	ripng_init(&m, AS_RIPNG_UPDATE_ACK);
	m.upd_version = 0;
	ripng_put("synth-ripng-update-bad-version", &m);
	ripng_init(&m, AS_RIPNG_UPDATE_REQUEST);
	m.seq = 1;
	ripng_put("synth-ripng-update-request-mbz", &m);
	ripng_init(&m, AS_RIPNG_RESPONSE);
	for (unsigned i = 0; i < 72; i++) {
		uint8_t p[16] = {0x20, 0x01, 0x0d, 0xb8, (uint8_t)(i >> 8), (uint8_t)i};
		ripng_rte(&m, p, 48, (uint8_t)(1 + i % 15));
	}
	ripng_put("synth-ripng-response-72", &m);

	put_hex(T_RIPNG, "synth-ripng-version-2", "01020000 00000000000000000000000000000000 0000 00 10");
	put_hex(T_RIPNG, "synth-ripng-command-3", "03010000");
	put_hex(T_RIPNG, "synth-ripng-bad-length", "02010000 20010db8");
	put_hex(T_RIPNG, "synth-ripng-short", "020100");
	put_hex(T_RIPNG, "synth-ripng-update-short", "0a010000 01");
}

/* ------------------------------------------------------------------------------------------ */
/* Hand-made IPX seeds (the IPX packet from its header) */

static size_t ipx_wrap(uint8_t *out, uint16_t dsock, uint16_t ssock, uint8_t type,
		       const uint8_t *pl, size_t plen)
{
	struct as_ipx_hdr h;
	memset(&h, 0, sizeof h);
	h.checksum = AS_IPX_CSUM_NONE;
	h.length = (uint16_t)(AS_IPX_HDR_LEN + plen);
	h.type = type;
	h.dst.net = 0;
	memset(h.dst.node, 0xFF, 6);
	h.dst.socket = dsock;
	h.src.net = 0x0000ABCDu;
	memcpy(h.src.node, mac_src, 6);
	h.src.socket = ssock;
	as_ipx_encode_hdr(&h, out, AS_IPX_HDR_LEN);
	memcpy(out + AS_IPX_HDR_LEN, pl, plen);
	return AS_IPX_HDR_LEN + plen;
}

static size_t ipxrip_put(const char *name, const struct as_ipxrip_msg *m, uint8_t *out)
{
	uint8_t pl[512];
	ssize_t n = as_ipxrip_encode(m, pl, sizeof pl);
	if (n < 0)
		exit(1);
	size_t len = ipx_wrap(out, AS_IPX_SOCKET_RIP, AS_IPX_SOCKET_RIP, AS_IPX_TYPE_RIP, pl,
			      (size_t)n);
	put_seed(T_IPX, name, out, len, NULL);
	return len;
}

static size_t sap_put(const char *name, const struct as_sap_msg *m, uint8_t *out)
{
	uint8_t pl[600];
	ssize_t n = as_sap_encode(m, pl, sizeof pl);
	if (n < 0)
		exit(1);
	size_t len = ipx_wrap(out, AS_IPX_SOCKET_SAP, AS_IPX_SOCKET_SAP, AS_IPX_TYPE_PEP, pl,
			      (size_t)n);
	put_seed(T_IPX, name, out, len, NULL);
	return len;
}

static void sap_entry(struct as_sap_msg *m, const char *name, uint16_t hops)
{
	struct as_sap_entry *e = &m->e[m->n_entries++];
	memset(e, 0, sizeof *e);
	e->type = AS_SAP_TYPE_FILE_SERVER;
	as_sap_set_name(e, name);
	e->net = 0x0000ABCDu;
	memcpy(e->node, mac_src, 6);
	e->socket = AS_IPX_SOCKET_NCP;
	e->hops = hops;
}

/* Returns the IPX RIP general request (for the frame seeds) in req. */
static size_t synth_ipx(uint8_t *req)
{
	struct as_ipxrip_msg r;
	struct as_sap_msg s;
	uint8_t b[1024];
	char name[64];
	size_t req_len;

	memset(&r, 0, sizeof r);
	r.op = AS_IPXRIP_REQUEST;
	r.n_entries = 1;
	r.e[0].net = AS_IPXRIP_NET_ALL;
	req_len = ipxrip_put("synth-ipxrip-general-request-cisco", &r, req);
	r.e[0].hops = 16;
	r.e[0].ticks = 0xFFFF;
	ipxrip_put("synth-ipxrip-general-request-ipxrouted", &r, b);
	r.e[0].net = 0x0000ABCDu;
	ipxrip_put("synth-ipxrip-request-specific", &r, b);
	memset(&r, 0, sizeof r);
	r.op = AS_IPXRIP_RESPONSE;
	for (unsigned i = 0; i < 50; i++) {
		r.e[i].net = 0x1000u + i;
		r.e[i].hops = (uint16_t)(i % 18); /* 16 unreachable, 17 skipped */
		r.e[i].ticks = (uint16_t)(i + 1);
	}
	r.n_entries = 3;
	ipxrip_put("synth-ipxrip-response", &r, b);
	r.n_entries = 18;
	ipxrip_put("synth-ipxrip-response-hops-16-17", &r, b);
	r.n_entries = 50;
	size_t n = ipxrip_put("synth-ipxrip-response-50", &r, b);
	memcpy(b + n, b + n - 8, 8);
	be16(b + 2, (uint16_t)(n + 8));
	put_seed(T_IPX, "synth-ipxrip-response-51-too-many", b, n + 8, NULL);
	for (uint16_t op = 9; op <= 11; op++) {
		memset(&r, 0, sizeof r);
		r.op = op;
		r.upd_version = 1;
		if (op != 9) {
			r.seq = 77;
			r.flush = op == 10;
		}
		if (op == 10) {
			r.n_entries = 2;
			r.e[0].net = 0x2000;
			r.e[0].hops = 1;
			r.e[1].net = 0x2001;
			r.e[1].hops = 16;
		}
		snprintf(name, sizeof name, "synth-ipxrip-update-op%u", op);
		ipxrip_put(name, &r, b);
	}
	memset(&r, 0, sizeof r);
	r.op = 9;
	r.upd_version = 1;
	r.n_entries = 1;
	r.e[0].net = AS_IPXRIP_NET_ALL;
	ipxrip_put("synth-ipxrip-update-request-general", &r, b);
	memset(&r, 0, sizeof r);
	r.op = 11;
	r.upd_version = 1;
	r.n_entries = 1;
	ipxrip_put("synth-ipxrip-update-ack-with-routes", &r, b);
	r.op = 3;
	ipxrip_put("synth-ipxrip-bad-operation", &r, b);
	put_hex(T_IPX, "synth-ipxrip-bad-length",
		"ffff 0023 00 01 00000000 ffffffffffff 0453 0000abcd 020000000001 0453 0001 ffffff");
	put_hex(T_IPX, "synth-ipxrip-update-short",
		"ffff 0022 00 01 00000000 ffffffffffff 0453 0000abcd 020000000001 0453 000a 01 00");

	memset(&s, 0, sizeof s);
	s.op = AS_SAP_GENERAL_QUERY;
	s.service_type = AS_SAP_TYPE_ALL;
	sap_put("synth-sap-general-query-all", &s, b);
	s.op = AS_SAP_NEAREST_QUERY;
	s.service_type = AS_SAP_TYPE_FILE_SERVER;
	sap_put("synth-sap-nearest-query", &s, b);
	memset(&s, 0, sizeof s);
	s.op = AS_SAP_GENERAL_RESPONSE;
	sap_entry(&s, "FS1", 1);
	sap_entry(&s, "FS2-GOING-DOWN", 16);
	sap_entry(&s, "FS3-FAR", 17);
	sap_entry(&s, "FS4", 2);
	memset(s.e[3].name, 'A', AS_SAP_NAME_LEN); /* no NUL */
	s.e[3].name_len = AS_SAP_NAME_LEN;
	sap_entry(&s, "FS5\x01", 2);               /* control character */
	sap_put("synth-sap-general-response", &s, b);
	for (unsigned i = s.n_entries; i < 8; i++)
		sap_entry(&s, "FS", 1);
	sap_put("synth-sap-general-response-8-too-many", &s, b);
	memset(&s, 0, sizeof s);
	s.op = AS_SAP_NEAREST_RESPONSE;
	sap_entry(&s, "NEAREST", 1);
	sap_put("synth-sap-nearest-response", &s, b);
	sap_entry(&s, "SECOND", 1);
	sap_put("synth-sap-nearest-response-2", &s, b);
	for (uint16_t op = 9; op <= 11; op++) {
		memset(&s, 0, sizeof s);
		s.op = op;
		s.upd_version = 1;
		if (op != 9) {
			s.seq = 5;
			s.flush = op == 10;
		}
		if (op == 10)
			for (unsigned i = 0; i < 8; i++)
				sap_entry(&s, "TRIGGERED", (uint16_t)(i * 3));
		snprintf(name, sizeof name, "synth-sap-update-op%u", op);
		sap_put(name, &s, b);
	}
	memset(&s, 0, sizeof s);
	s.op = 11;
	s.upd_version = 1;
	s.n_entries = 1;
	sap_put("synth-sap-update-ack-with-entries", &s, b);
	s.op = 5;
	sap_put("synth-sap-bad-operation", &s, b);
	put_hex(T_IPX, "synth-sap-bad-query-length",
		"ffff 0023 00 04 00000000 ffffffffffff 0452 0000abcd 020000000001 0452 0001 ffff00");

	/* IPX headers: short length field, truncated, cut header, checksum, other sockets. */
	put_hex(T_IPX, "synth-ipx-length-29",
		"ffff 001d 00 01 00000000 ffffffffffff 0453 0000abcd 020000000001 0453");
	put_hex(T_IPX, "synth-ipx-truncated",
		"ffff 0040 00 01 00000000 ffffffffffff 0453 0000abcd 020000000001 0453 0001");
	put_hex(T_IPX, "synth-ipx-header-cut", "ffff 0028 00 01 00000000 ffffff");
	put_hex(T_IPX, "synth-ipx-checksum",
		"1234 0028 03 01 00000000 ffffffffffff 0453 0000abcd 020000000001 0453"
		" 0001 ffffffff 0000 0000");
	put_hex(T_IPX, "synth-ipx-netbios-socket",
		"ffff 0024 00 14 00000000 ffffffffffff 0455 0000abcd 020000000001 0455 0102 0304 0506");
	put_hex(T_IPX, "synth-ipxrip-response-to-client-socket",
		"ffff 0028 00 01 0000abcd 020000000002 4008 0000abcd 020000000001 0453"
		" 0002 00001000 0001 0002");
	put_hex(T_IPX, "synth-ipx-padding",
		"ffff 0028 00 01 00000000 ffffffffffff 0453 0000abcd 020000000001 0453"
		" 0001 ffffffff 0000 0000 0000 0000");
	return req_len;
}

/* ------------------------------------------------------------------------------------------ */
/* Hand-made frames */

static void synth_frames(const uint8_t *ipx_req, size_t ipx_len)
{
	uint8_t rip[AS_RIP_MAX_LEN], ripng[256], l3[2048], f[2300];
	struct as_rip_msg m;
	static struct as_ripng_msg mg;
	size_t rl, gl, n, fl;

	rip_init(&m, AS_RIP_RESPONSE, 2);
	rip_routes(&m, 2);
	rl = (size_t)as_rip_encode(&m, NULL, rip, sizeof rip);
	ripng_init(&mg, AS_RIPNG_RESPONSE);
	static const uint8_t p1[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
	ripng_rte(&mg, p1, 48, 1);
	gl = (size_t)as_ripng_encode(&mg, ripng, sizeof ripng);

	/* Ethernet II, IPv4, every checksum outcome, options, fragments, not UDP. */
	static const struct {
		const char *name;
		unsigned opts;
		uint16_t frag;
		uint8_t proto;
		enum csum_mode cs;
	} v4[] = {
		{"synth-frame-eth-ipv4-rip", 0, 0, 17, CS_GOOD},
		{"synth-frame-eth-ipv4-options", 2, 0, 17, CS_GOOD},
		{"synth-frame-eth-ipv4-udp-csum-zero", 0, 0, 17, CS_ZERO},
		{"synth-frame-eth-ipv4-udp-csum-offload", 0, 0, 17, CS_OFFLOAD},
		{"synth-frame-eth-ipv4-udp-csum-bad", 0, 0, 17, CS_BAD},
		{"synth-frame-eth-ipv4-first-fragment", 0, 0x2000, 17, CS_GOOD},
		{"synth-frame-eth-ipv4-later-fragment", 0, 0x0010, 17, CS_GOOD},
		{"synth-frame-eth-ipv4-tcp", 0, 0, 6, CS_GOOD},
	};
	for (size_t i = 0; i < sizeof v4 / sizeof v4[0]; i++) {
		n = ipv4_udp(l3, AS_RIP_PORT, rip, rl, v4[i].opts, v4[i].frag, v4[i].proto, v4[i].cs);
		fl = ether(f, NULL, 0, 0x0800, l3, n);
		put_frame(AS_LINK_ETHERNET, v4[i].name, f, fl, NULL);
	}
	n = ipv4_udp(l3, AS_RIP_PORT, rip, rl, 0, 0, 17, CS_GOOD);
	memset(l3 + n, 0, 18); /* Ethernet padding past the IP total length */
	fl = ether(f, NULL, 0, 0x0800, l3, n + 18);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv4-padded", f, fl, NULL);
	l3[10] ^= 0xFF; /* header checksum */
	fl = ether(f, NULL, 0, 0x0800, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv4-bad-ip-csum", f, fl, NULL);
	l3[10] ^= 0xFF;
	fl = ether(f, NULL, 0, 0x0800, l3, n - 10);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv4-cut", f, fl, NULL);
	be16(l3 + 24, 4); /* UDP length below 8 */
	fl = ether(f, NULL, 0, 0x0800, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv4-udp-bad-length", f, fl, NULL);
	fl = ether(f, NULL, 0, 0x0800, l3, 16);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv4-header-cut", f, fl, NULL);

	/* VLAN tags: 802.1Q, QinQ (88a8 + 8100), the old 9100, and five tags. */
	n = ipv4_udp(l3, AS_RIP_PORT, rip, rl, 0, 0, 17, CS_GOOD);
	static const uint16_t q1[] = {0x8100, 0x0064};
	static const uint16_t q2[] = {0x88A8, 0x00C8, 0x8100, 0x0064};
	static const uint16_t q3[] = {0x9100, 0x0001};
	static const uint16_t q5[] = {0x8100, 1, 0x8100, 2, 0x8100, 3, 0x8100, 4, 0x8100, 5};
	fl = ether(f, q1, 1, 0x0800, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-8021q-ipv4", f, fl, NULL);
	fl = ether(f, q2, 2, 0x0800, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-qinq-ipv4", f, fl, NULL);
	fl = ether(f, q3, 1, 0x0800, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-9100-ipv4", f, fl, NULL);
	fl = ether(f, q5, 5, 0x0800, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-5-tags", f, fl, NULL);

	/* IPv6: plain, extension headers, first fragment, zero checksum (an error over IPv6). */
	n = ipv6_udp(l3, AS_RIPNG_PORT, ripng, gl, 0, CS_GOOD);
	fl = ether(f, NULL, 0, 0x86DD, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv6-ripng", f, fl, NULL);
	fl = ether(f, q1, 1, 0x86DD, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-8021q-ipv6", f, fl, NULL);
	put_frame(AS_LINK_RAW, "synth-frame-raw-ipv6", l3, n, NULL);
	put_frame(AS_LINK_IPV6, "synth-frame-ipv6", l3, n, NULL);
	fl = sll2(f, 0x86DD, l3, n);
	put_frame(AS_LINK_LINUX_SLL2, "synth-frame-sll2-ipv6", f, fl, NULL);
	fl = loopback(f, 30, false, l3, n);
	put_frame(AS_LINK_NULL, "synth-frame-null-af30-ipv6", f, fl, NULL);
	fl = loopback(f, 24, true, l3, n);
	put_frame(AS_LINK_LOOP, "synth-frame-loop-af24-ipv6", f, fl, NULL);
	n = ipv6_udp(l3, AS_RIPNG_PORT, ripng, gl, 1, CS_GOOD);
	fl = ether(f, NULL, 0, 0x86DD, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv6-ext-headers", f, fl, NULL);
	n = ipv6_udp(l3, AS_RIPNG_PORT, ripng, gl, 2, CS_GOOD);
	fl = ether(f, NULL, 0, 0x86DD, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv6-fragment", f, fl, NULL);
	n = ipv6_udp(l3, AS_RIPNG_PORT, ripng, gl, 0, CS_ZERO);
	fl = ether(f, NULL, 0, 0x86DD, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv6-udp-csum-zero", f, fl, NULL);
	n = ipv6_udp(l3, AS_RIPNG_PORT, ripng, gl, 0, CS_OFFLOAD);
	fl = ether(f, NULL, 0, 0x86DD, l3, n);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-ipv6-udp-csum-offload", f, fl, NULL);

	/* IPv4 on the other link types. */
	n = ipv4_udp(l3, AS_RIP_PORT, rip, rl, 0, 0, 17, CS_GOOD);
	put_frame(AS_LINK_RAW, "synth-frame-raw-ipv4", l3, n, NULL);
	put_frame(AS_LINK_IPV4, "synth-frame-ipv4", l3, n, NULL);
	fl = sll(f, 0x0800, l3, n);
	put_frame(AS_LINK_LINUX_SLL, "synth-frame-sll-ipv4", f, fl, NULL);
	fl = sll2(f, 0x0800, l3, n);
	put_frame(AS_LINK_LINUX_SLL2, "synth-frame-sll2-ipv4", f, fl, NULL);
	fl = loopback(f, 2, false, l3, n);
	put_frame(AS_LINK_NULL, "synth-frame-null-af2-ipv4", f, fl, NULL);
	fl = loopback(f, 2, true, l3, n);
	put_frame(AS_LINK_LOOP, "synth-frame-loop-af2-ipv4", f, fl, NULL);
	put_frame((enum as_link)147, "synth-frame-unsupported-link", l3, n, NULL);
	put_frame(AS_LINK_ETHERNET, "synth-frame-eth-cut", mac_dst, 6, NULL);

	/* IPX in the four Ethernet framings, and in Linux cooked captures. */
	fl = ether(f, NULL, 0, 0x8137, ipx_req, ipx_len);
	put_frame(AS_LINK_ETHERNET, "synth-frame-ipx-ethernet-ii", f, fl, NULL);
	fl = ether(f, NULL, 0, (uint16_t)ipx_len, ipx_req, ipx_len);
	put_frame(AS_LINK_ETHERNET, "synth-frame-ipx-8023-raw", f, fl, NULL);
	memcpy(l3, "\xE0\xE0\x03", 3);
	memcpy(l3 + 3, ipx_req, ipx_len);
	fl = ether(f, NULL, 0, (uint16_t)(ipx_len + 3), l3, ipx_len + 3);
	put_frame(AS_LINK_ETHERNET, "synth-frame-ipx-8022-llc", f, fl, NULL);
	fl = sll(f, 0x0004, l3, ipx_len + 3);
	put_frame(AS_LINK_LINUX_SLL, "synth-frame-sll-ipx-8022", f, fl, NULL);
	memcpy(l3, "\xAA\xAA\x03\x00\x00\x00\x81\x37", 8);
	memcpy(l3 + 8, ipx_req, ipx_len);
	fl = ether(f, NULL, 0, (uint16_t)(ipx_len + 8), l3, ipx_len + 8);
	put_frame(AS_LINK_ETHERNET, "synth-frame-ipx-snap", f, fl, NULL);
	fl = sll(f, 0x0001, ipx_req, ipx_len);
	put_frame(AS_LINK_LINUX_SLL, "synth-frame-sll-ipx-8023", f, fl, NULL);
	fl = ether(f, q1, 1, 0x8137, ipx_req, ipx_len);
	put_frame(AS_LINK_ETHERNET, "synth-frame-8021q-ipx", f, fl, NULL);
	memcpy(l3, "\x42\x42\x03", 3); /* STP's LLC: not IPX */
	fl = ether(f, NULL, 0, 38, l3, 38);
	put_frame(AS_LINK_ETHERNET, "synth-frame-8023-llc-not-ipx", f, fl, NULL);
	n = ipv4_udp(l3 + 8, AS_RIP_PORT, rip, rl, 0, 0, 17, CS_GOOD);
	memcpy(l3, "\xAA\xAA\x03\x00\x00\x00\x08\x00", 8);
	fl = ether(f, NULL, 0, (uint16_t)(n + 8), l3, n + 8);
	put_frame(AS_LINK_ETHERNET, "synth-frame-snap-ipv4", f, fl, NULL);
	fl = ether(f, NULL, 0, 0x0806, l3, 28);
	put_frame(AS_LINK_ETHERNET, "synth-frame-arp", f, fl, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* fuzz_rip_auth seeds: its parameter block (see fuzz_rip_auth.c) and route entries. */

static void synth_rip_auth(void)
{
	static const uint8_t key_lens[] = {0, 5, 16, 26, 64, 65, 128};
	uint8_t b[15 + 24 * 20];
	char name[64];
	unsigned k = 0;

	for (uint8_t cmd = 0; cmd < 5; cmd++) {
		for (uint8_t longlen = 0; longlen < 2; longlen++) {
			uint8_t klen = key_lens[k++ % sizeof key_lens];
			memset(b, 0, sizeof b);
			b[0] = (uint8_t)(cmd + 5 * longlen); /* flush for the second */
			b[1] = longlen;
			b[2] = (uint8_t)(cmd * 17);
			b[3] = klen;
			b[4] = 'a';
			be16(b + 7, (uint16_t)(100 + cmd));
			be32(b + 9, 0x01020304u * cmd);
			be16(b + 13, (uint16_t)(cmd * 97 + longlen * 8 + 3));
			size_t n = cmd == 4 ? 0 : (size_t)(1 + cmd * 5);
			for (size_t i = 0; i < n; i++) {
				uint8_t *e = b + 15 + 20 * i;
				be16(e, 2);
				be32(e + 4, 0x0A000000u | (uint32_t)(i + 1) << 8);
				be32(e + 8, 0xFFFFFF00u);
				be32(e + 16, (uint32_t)(1 + i % 16));
			}
			snprintf(name, sizeof name, "synth-rip-auth-cmd%u-keylen%u", cmd, klen);
			put_seed(T_RIP_AUTH, name, b, 15 + 20 * n, NULL);
		}
	}
	/* Whole-table request, the longest message (24 entries), and a short input. */
	memset(b, 0, sizeof b);
	b[0] = 1;
	b[3] = 26;
	b[4] = 'a';
	be32(b + 15 + 16, 16);
	put_seed(T_RIP_AUTH, "synth-rip-auth-request-whole-table", b, 35, NULL);
	memset(b, 0, sizeof b);
	b[3] = 16;
	b[4] = 'a';
	for (size_t i = 0; i < 24; i++) {
		be16(b + 15 + 20 * i, 2);
		be32(b + 15 + 20 * i + 4, 0x0A000000u | (uint32_t)(i + 1) << 8);
		be32(b + 15 + 20 * i + 16, 1);
	}
	put_seed(T_RIP_AUTH, "synth-rip-auth-24-entries", b, sizeof b, NULL);
	put_seed(T_RIP_AUTH, "synth-rip-auth-no-entries", b, 15, NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Captures */

static int map_link(int dlt, enum as_link *out)
{
	switch (dlt) {
	case DLT_EN10MB: *out = AS_LINK_ETHERNET; return 0;
	case DLT_LINUX_SLL: *out = AS_LINK_LINUX_SLL; return 0;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2: *out = AS_LINK_LINUX_SLL2; return 0;
#endif
	case DLT_RAW:
	case 101: *out = AS_LINK_RAW; return 0;
#ifdef DLT_IPV4
	case DLT_IPV4: *out = AS_LINK_IPV4; return 0;
	case DLT_IPV6: *out = AS_LINK_IPV6; return 0;
#endif
	case DLT_NULL: *out = AS_LINK_NULL; return 0;
	case DLT_LOOP: *out = AS_LINK_LOOP; return 0;
	default: return -1;
	}
}

static unsigned bucket(unsigned n)
{
	return n <= 2 ? n : n <= 8 ? 8 : n <= 24 ? 24 : n <= 50 ? 50 : 99;
}

static void rip_sig(char *sig, size_t cap, const uint8_t *p, size_t n)
{
	struct as_rip_msg m;
	ssize_t r = as_rip_decode(p, n, &m);
	snprintf(sig, cap, "rip r%zd c%u v%u t%u a%u l%u n%u w%d s%d f%u", r < 0 ? r : 0,
		 m.command, m.version, m.auth.type, m.auth.alg, m.auth.auth_len,
		 bucket(m.n_entries), m.whole_table, m.n_skipped > 0, m.flush);
}

static void ripng_sig(char *sig, size_t cap, const uint8_t *p, size_t n)
{
	static struct as_ripng_msg m;
	ssize_t r = as_ripng_decode(p, n, &m);
	bool nh = false;
	for (size_t i = 0; i < m.n_entries; i++)
		nh |= m.e[i].is_next_hop;
	snprintf(sig, cap, "ripng r%zd c%u v%u n%u w%d s%d h%d f%u", r < 0 ? r : 0, m.command,
		 m.version, bucket(m.n_entries), m.whole_table, m.n_skipped > 0, nh, m.flush);
}

static void ipx_sig(char *sig, size_t cap, const uint8_t *p, size_t n)
{
	struct as_ipx_hdr h;
	ssize_t r = as_ipx_decode(p, n, &h);
	enum as_ipx_kind kind = as_ipx_socket_kind(h.dst.socket);
	if (kind == AS_IPX_KIND_OTHER)
		kind = as_ipx_socket_kind(h.src.socket);
	ssize_t r2 = 0;
	unsigned op = 0, ne = 0, sk = 0;
	if (r >= 0 && kind == AS_IPX_KIND_RIP) {
		struct as_ipxrip_msg m;
		r2 = as_ipxrip_decode(p + 30, (size_t)r - 30, &m);
		op = m.op, ne = m.n_entries, sk = m.n_skipped;
	} else if (r >= 0 && kind == AS_IPX_KIND_SAP) {
		struct as_sap_msg m;
		r2 = as_sap_decode(p + 30, (size_t)r - 30, &m);
		op = m.op, ne = m.n_entries, sk = m.n_skipped;
	}
	snprintf(sig, cap, "ipx r%zd k%d t%u r%zd o%u n%u s%d", r < 0 ? r : 0, kind, h.type,
		 r2 < 0 ? r2 : 0, op, bucket(ne), sk > 0);
}

static void do_capture(const char *path)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(path, errbuf);
	if (!pc) {
		fprintf(stderr, "pcap2corpus: %s: %s\n", errbuf, path);
		exit(1);
	}
	enum as_link link;
	if (map_link(pcap_datalink(pc), &link) < 0) {
		fprintf(stderr, "pcap2corpus: %s: link type %d not supported, skipped\n", path,
			pcap_datalink(pc));
		pcap_close(pc);
		return;
	}
	/* origin: pcap-<folder>-<file without extension>, in [A-Za-z0-9_-]. */
	char origin[128];
	const char *base = strrchr(path, '/');
	const char *dir = path;
	size_t dlen = 0;
	if (base) {
		const char *p = base;
		while (p > path && p[-1] != '/')
			p--;
		dir = p;
		dlen = (size_t)(base - p);
		base++;
	} else {
		base = path;
	}
	snprintf(origin, sizeof origin, "pcap-%.*s-%s", (int)dlen, dir, base);
	char *dot = strrchr(origin, '.');
	if (dot && dot > origin + 5)
		*dot = '\0';
	for (char *c = origin; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			*c = '_';
	for (int t = 0; t < T_COUNT; t++)
		targets[t].from_capture = 0;

	struct pcap_pkthdr *ph;
	const u_char *data;
	int rc;
	while ((rc = pcap_next_ex(pc, &ph, &data)) == 1) {
		struct as_frame f;
		char sig[96], fsig[160];
		as_frame_decode(link, data, ph->caplen, &f);
		sig[0] = '\0';
		const uint8_t *pl = f.payload;
		size_t plen = f.payload_len;
		if (pl && (f.l3 == AS_L3_IPV4 || f.l3 == AS_L3_IPV6)) {
			bool rip = f.sport == AS_RIP_PORT || f.dport == AS_RIP_PORT;
			bool ripng = f.sport == AS_RIPNG_PORT || f.dport == AS_RIPNG_PORT;
			if (rip) {
				rip_sig(sig, sizeof sig, pl, plen);
				put_seed(T_RIP, origin, pl, plen, sig);
			} else if (ripng) {
				ripng_sig(sig, sizeof sig, pl, plen);
				put_seed(T_RIPNG, origin, pl, plen, sig);
			}
		} else if (pl && f.l3 == AS_L3_IPX) {
			struct as_ipx_hdr h;
			ssize_t r = as_ipx_decode(pl, plen, &h);
			if (r > 0)
				plen = (size_t)r; /* cut the link padding */
			ipx_sig(sig, sizeof sig, pl, plen);
			put_seed(T_IPX, origin, pl, plen, sig);
		}
		bool ours = sig[0] != '\0';
		snprintf(fsig, sizeof fsig, "frame %d l%d x%d e%04x v%u err%d o%d %s", link, f.l3,
			 f.ipx_framing, f.ethertype, f.vlan_count, f.err, ours, sig);
		/* Only frames that are ours, or that fail on the way there. */
		if (ours || (f.err != AS_FRAME_OK && f.err != AS_FRAME_NOT_IP &&
			     f.err != AS_FRAME_NOT_UDP))
			put_frame(link, origin, data, ph->caplen, fsig);
	}
	pcap_close(pc);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pcap2corpus OUTDIR [CAPTURE...]\n");
		return 2;
	}
	outdir = argv[1];
	for (int t = 0; t < T_COUNT; t++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", outdir, target_names[t]);
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr, "pcap2corpus: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	uint8_t ipx_req[64];
	synth_rip();
	synth_ripng();
	size_t ipx_len = synth_ipx(ipx_req);
	synth_frames(ipx_req, ipx_len);
	synth_rip_auth();
	for (int i = 2; i < argc; i++)
		do_capture(argv[i]);
	for (int t = 0; t < T_COUNT; t++)
		printf("%-9s %u seeds\n", target_names[t], targets[t].count);
	return 0;
}
