/* rtable.c - learned route sets: open addressing over an arrival-ordered array (no RFC; the
 * "one best entry per prefix" rule is RFC 2453 3.9.2's, the lowest metric winning).
 *
 * The entries live in one array in first-arrival order (40 bytes each); the hash holds 64-bit
 * slots (32 bits of the key's hash above the index + 1; 0 = empty) at a load factor of at most
 * 1/2, so a million routes cost about 40 + 16..32 bytes each. The hash bits in the slot let a
 * probe skip other keys without reading their entries: putting a new route touches its slot
 * and the end of the array only, and as_rtable_prefetch() lets a caller overlap those misses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "src/core/rtable.h"

static size_t key_len(int family)
{
	return family == AS_RT_IPV6 ? 16 : 4;
}

/* Zeroes the bits beyond plen so that equal prefixes compare equal whatever the caller sent. */
static void mask_prefix(uint8_t out[16], const uint8_t *in, int family, unsigned plen)
{
	size_t n = key_len(family);
	memset(out, 0, 16);
	memcpy(out, in, n);
	if (family == AS_RT_IPX)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned bits = i * 8 >= plen ? 0 : (plen - i * 8 >= 8 ? 8 : plen - i * 8);
		out[i] &= (uint8_t)(0xFF00u >> bits);
	}
}

static uint64_t hash_key(int family, const uint8_t p[16], unsigned plen)
{
	uint64_t a, b;
	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	/* A multiply-xorshift mix: cheap, and sequential prefixes spread over the whole table. */
	uint64_t h = a * 0x9E3779B97F4A7C15ull ^ (b + ((uint64_t)plen << 8 | (uint64_t)family));
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	return h;
}

static bool same_key(const struct as_route *r, int family, const uint8_t p[16], unsigned plen)
{
	return r->family == family && r->plen == plen && memcmp(r->prefix, p, 16) == 0;
}

void as_rtable_init(struct as_rtable *t)
{
	memset(t, 0, sizeof *t);
}

void as_rtable_free(struct as_rtable *t)
{
	free(t->r);
	free(t->slot);
	as_rtable_init(t);
}

void as_rtable_clear(struct as_rtable *t)
{
	t->n = 0;
	if (t->slot)
		memset(t->slot, 0, t->nslots * sizeof *t->slot);
}

#define SLOT_IDX(s) ((uint32_t)(s))
#define SLOT_TAG(h) ((uint64_t)((h) >> 32) << 32)

/* Where (family, p, plen) sits or would go. */
static size_t probe(const struct as_rtable *t, int family, const uint8_t p[16], unsigned plen)
{
	size_t m = t->nslots - 1;
	uint64_t h = hash_key(family, p, plen);
	uint64_t tag = SLOT_TAG(h);
	size_t i = (size_t)h & m;
	for (uint64_t s; (s = t->slot[i]) != 0; i = (i + 1) & m)
		if ((s & ~0xFFFFFFFFull) == tag && same_key(&t->r[SLOT_IDX(s) - 1], family, p, plen))
			break;
	return i;
}

void as_rtable_prefetch(const struct as_rtable *t, const struct as_route *r)
{
	if (!t->nslots)
		return;
	uint8_t p[16];
	mask_prefix(p, r->prefix, r->family, r->plen);
	__builtin_prefetch(&t->slot[(size_t)hash_key(r->family, p, r->plen) & (t->nslots - 1)], 1);
}

#define REHASH_BATCH 16u

/* Rebuilds the slots. The keys are distinct, so each only needs a free slot: no key compare
 * (which would read routes at random). The hashes of a batch are computed and their slots
 * prefetched first, so that the cache misses of a batch overlap: a table of a million routes
 * grows while a flood of Responses is arriving, and a long stall here overflows the receive
 * ring. */
static int rehash(struct as_rtable *t, size_t nslots)
{
	uint64_t *s = calloc(nslots, sizeof *s);
	if (!s)
		return -1;
	free(t->slot);
	t->slot = s;
	t->nslots = nslots;
	size_t m = nslots - 1;
	uint64_t h[REHASH_BATCH];
	for (size_t k = 0; k < t->n; k += REHASH_BATCH) {
		size_t nb = t->n - k < REHASH_BATCH ? t->n - k : REHASH_BATCH;
		for (size_t j = 0; j < nb; j++) {
			const struct as_route *r = &t->r[k + j];
			h[j] = hash_key(r->family, r->prefix, r->plen);
			__builtin_prefetch(&s[(size_t)h[j] & m], 1);
		}
		for (size_t j = 0; j < nb; j++) {
			size_t i = (size_t)h[j] & m;
			while (s[i])
				i = (i + 1) & m;
			s[i] = SLOT_TAG(h[j]) | (uint32_t)(k + j + 1);
		}
	}
	return 0;
}

enum as_rt_put as_rtable_put(struct as_rtable *t, const struct as_route *in)
{
	uint8_t p[16];
	mask_prefix(p, in->prefix, in->family, in->plen);
	if (t->nslots == 0 || (t->n + 1) * 2 > t->nslots) {
		if (t->n >= UINT32_MAX - 1 || rehash(t, t->nslots ? t->nslots * 2 : 64) < 0)
			return AS_RT_NOMEM;
	}
	size_t i = probe(t, in->family, p, in->plen);
	if (t->slot[i]) {
		struct as_route *old = &t->r[SLOT_IDX(t->slot[i]) - 1];
		if (in->metric >= old->metric)
			return AS_RT_KEPT;
		*old = *in;
		memcpy(old->prefix, p, 16);
		return AS_RT_REPLACED;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct as_route *r = realloc(t->r, cap * sizeof *r);
		if (!r)
			return AS_RT_NOMEM;
		t->r = r;
		t->cap = cap;
	}
	struct as_route *r = &t->r[t->n];
	*r = *in;
	memcpy(r->prefix, p, 16);
	t->slot[i] = SLOT_TAG(hash_key(in->family, p, in->plen)) | (uint32_t)(++t->n);
	return AS_RT_ADDED;
}

const struct as_route *as_rtable_get(const struct as_rtable *t, int family, const uint8_t *prefix,
                                     unsigned plen)
{
	if (!t->nslots)
		return NULL;
	uint8_t p[16];
	mask_prefix(p, prefix, family, plen);
	size_t i = probe(t, family, p, plen);
	return t->slot[i] ? &t->r[SLOT_IDX(t->slot[i]) - 1] : NULL;
}

size_t as_rtable_bytes(const struct as_rtable *t)
{
	return t->cap * sizeof *t->r + t->nslots * sizeof *t->slot;
}

const char *as_route_prefix_str(const struct as_route *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	if (!len)
		return buf;
	switch (r->family) {
	case AS_RT_IPV4:
		inet_ntop(AF_INET, r->prefix, a, sizeof a);
		snprintf(buf, len, "%s/%u", a, r->plen);
		break;
	case AS_RT_IPV6:
		inet_ntop(AF_INET6, r->prefix, a, sizeof a);
		snprintf(buf, len, "%s/%u", a, r->plen);
		break;
	case AS_RT_IPX:
		snprintf(buf, len, "%02x%02x%02x%02x", r->prefix[0], r->prefix[1], r->prefix[2],
		         r->prefix[3]);
		break;
	default: snprintf(buf, len, "?");
	}
	return buf;
}

const char *as_route_nexthop_str(const struct as_route *r, char *buf, size_t len)
{
	static const uint8_t zero[16];
	if (!len)
		return buf;
	buf[0] = 0;
	if (r->family == AS_RT_IPV4 && memcmp(r->next_hop, zero, 4))
		inet_ntop(AF_INET, r->next_hop, buf, (socklen_t)len);
	else if (r->family == AS_RT_IPV6 && memcmp(r->next_hop, zero, 16))
		inet_ntop(AF_INET6, r->next_hop, buf, (socklen_t)len);
	else if (r->family == AS_RT_IPX && memcmp(r->next_hop, zero, 6))
		/* IPX: the node (MAC) of the router that told us, as decode prints nodes. */
		snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", r->next_hop[0], r->next_hop[1],
		         r->next_hop[2], r->next_hop[3], r->next_hop[4], r->next_hop[5]);
	return buf;
}
