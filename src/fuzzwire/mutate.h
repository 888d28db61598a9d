/* mutate.h - structure-aware mutations of RIP (RFC 1058, RFC 2453, RFC 2082, RFC 4822,
 * RFC 2091), RIPng (RFC 2080) and IPX RIP/SAP (Novell IPX router specification) packets for
 * `autostatic fuzz`.
 *
 * Pure: no I/O, no clock, no globals. Every choice comes from one seeded PRNG (xoshiro256**
 * seeded through splitmix64), so the same seed gives the same packets on every machine. A packet
 * is a valid base (requests, responses, RFC 2091 update packets, authenticated or not; IPX RIP
 * and SAP queries and responses in every framing), then one to four field- or byte-level
 * mutations: lengths, entry counts, AFI, metrics, prefixes and masks, authentication type,
 * length, key ID, sequence number and digest, RFC 2091 version, flush and sequence, IPX header
 * length, checksum, packet type and sockets, truncation, trailing bytes, random bytes.
 */
#ifndef AS_FUZZWIRE_MUTATE_H
#define AS_FUZZWIRE_MUTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <autostatic/rip.h>

/** The largest payload made: a RIPng packet filling a 1500-byte MTU. */
#define AS_FZ_MAX 1452

struct as_fz_rng {
	uint64_t s[4];
};

/** Seeds the generator (splitmix64 expands the seed into the xoshiro256** state). */
void as_fz_seed(struct as_fz_rng *r, uint64_t seed);
/** The next 64 random bits. */
uint64_t as_fz_next(struct as_fz_rng *r);
/** A uniform number in [0, n) (n > 0; 0 when n is 0). */
uint32_t as_fz_below(struct as_fz_rng *r, uint32_t n);

enum as_fz_proto {
	AS_FZ_RIP = 0, /**< UDP payload for port 520 */
	AS_FZ_RIPNG,   /**< UDP payload for port 521 */
	AS_FZ_IPX,     /**< an IPX packet from its 30-byte header (socket 0x453 RIP or 0x452 SAP) */
};

struct as_fz_cfg {
	enum as_fz_proto proto;
	struct as_rip_key key; /**< RIP: bases are signed with it when alg != NONE */
	uint32_t auth_seq;     /**< RIP crypto sequence number of the next base (the caller
	                        *   increases it per packet, as a real sender would) */
	uint32_t ipx_network;  /**< IPX: our network number (source of the packets) */
	uint8_t ipx_node[6];   /**< IPX: our node (MAC) */
	uint32_t ipx_dst_network;
	uint8_t ipx_dst_node[6]; /**< IPX: the target's node, or ff:ff:ff:ff:ff:ff */
};

struct as_fz_pkt {
	uint8_t buf[AS_FZ_MAX];
	size_t len;
	int ipx_framing; /**< IPX: enum as_ipx_framing to send it with (frame.h) */
	char what[160];  /**< the base and the mutations applied, for reports */
};

/** Makes the next fuzz packet from the generator. */
void as_fz_make(struct as_fz_rng *r, const struct as_fz_cfg *cfg, struct as_fz_pkt *out);

/**
 * The liveness probe: a valid whole-table request (RIP Request AFI 0 metric 16, signed when
 * cfg->key is set; RIPng Request ::/0 metric 16; IPX RIP general request for FFFFFFFF).
 * Returns its length, 0 when cap is too small.
 */
size_t as_fz_probe(const struct as_fz_cfg *cfg, uint8_t *buf, size_t cap);

#endif
