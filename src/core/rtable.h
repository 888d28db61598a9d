/* rtable.h - a learned route set: one best entry per prefix, kept in arrival order.
 *
 * Used by update sessions for what a neighbour sent (IPv4, IPv6, IPX networks) and by
 * responders for what they serve. Hash of (family, prefix, length) → index into an array, so
 * iteration is in first-arrival order and a million routes cost a few dozen bytes each.
 * "Best" is the lowest metric; on a tie the entry already held stays.
 */
#ifndef AUTOSTATIC_RTABLE_H
#define AUTOSTATIC_RTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum as_rt_family {
	AS_RT_IPV4 = 4,
	AS_RT_IPV6 = 6,
	AS_RT_IPX = 11, /**< prefix holds the 4-byte network number; plen 32 */
};

struct as_route {
	uint8_t family;   /**< enum as_rt_family */
	uint8_t plen;
	uint16_t tag;     /**< route tag (RIPv2, RIPng); IPX: ticks */
	uint32_t metric;  /**< RIP metric or IPX hops */
	uint8_t prefix[16]; /**< network byte order; host bits zero */
	uint8_t next_hop[16];
};

struct as_rtable {
	struct as_route *r; /**< n entries, arrival order */
	size_t n, cap;
	uint64_t *slot;     /**< open addressing: hash tag << 32 | (index + 1); 0 = empty */
	size_t nslots;      /**< power of two */
};

void as_rtable_init(struct as_rtable *t);
void as_rtable_free(struct as_rtable *t);
/** Empties the table, keeping its memory. */
void as_rtable_clear(struct as_rtable *t);

enum as_rt_put {
	AS_RT_ADDED = 0,
	AS_RT_REPLACED, /**< better metric than the entry held */
	AS_RT_KEPT,     /**< not better: the entry held stays */
	AS_RT_NOMEM = -1,
};
/** Puts a route (copied) in; the best per (family, prefix, plen) is kept. */
enum as_rt_put as_rtable_put(struct as_rtable *t, const struct as_route *r);
/**
 * Hints that r is about to be put: starts loading its hash slot into the cache. Calling it for
 * every entry of a received packet before putting them overlaps the cache misses of a large
 * table (a route per ~100 ns instead of ~1 µs at a million routes).
 */
void as_rtable_prefetch(const struct as_rtable *t, const struct as_route *r);
/** The entry for (family, prefix, plen), or NULL. */
const struct as_route *as_rtable_get(const struct as_rtable *t, int family, const uint8_t *prefix,
				     unsigned plen);
/** Bytes of heap the table holds (for the memory-per-route figure). */
size_t as_rtable_bytes(const struct as_rtable *t);

/** Formats the prefix: "198.18.0.0/26", "2001:db8::/64", "0000abcd" (IPX). Returns buf. */
const char *as_route_prefix_str(const struct as_route *r, char *buf, size_t len);
/** Formats the next hop: "192.0.2.2", "fe80::1", "" when unset. Returns buf. */
const char *as_route_nexthop_str(const struct as_route *r, char *buf, size_t len);

#endif
