/* match.c - reply matching: endpoints keyed by (channel, family, peer, peer port, reply class)
 * in one chained hash table that doubles when its load passes 1, so that a frame finds its
 * session in O(1) with tens of thousands of sessions on one interface. No RFC.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/engine/core_priv.h"

/* Bytes of the peer address that make up the key: the rest of peer[] is ignored, so a caller
 * that leaves junk behind an IPv4 address still matches. */
static size_t peer_len(int family)
{
	return family == 4 ? 4 : family == 6 ? 16 : 10;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t key_hash(const struct as_chan *c, int family, const uint8_t *peer, uint16_t port,
			 int cls)
{
	uint64_t h = mix(0x243F6A8885A308D3ull, (uint64_t)(uintptr_t)c);
	h = mix(h, (uint64_t)(unsigned)family << 48 | (uint64_t)port << 32 | (uint32_t)cls);
	/* FNV-1a over the address, then a final avalanche (splitmix64). */
	uint64_t a = 0xCBF29CE484222325ull;
	for (size_t i = 0; i < peer_len(family); i++)
		a = (a ^ peer[i]) * 0x100000001B3ull;
	h = mix(h, a);
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 27;
	h *= 0x94D049BB133111EBull;
	h ^= h >> 31;
	return h;
}

static bool key_eq(const struct as_endpoint *ep, const struct as_chan *c, int family,
		   const uint8_t *peer, uint16_t port, int cls)
{
	return ep->chan == c && ep->family == family && ep->peer_port == port && ep->cls == cls &&
	       memcmp(ep->peer, peer, peer_len(family)) == 0;
}

static size_t slot_of(const struct as_engine *e, const struct as_endpoint *ep)
{
	return key_hash(ep->chan, ep->family, ep->peer, ep->peer_port, ep->cls) & (e->ht_cap - 1);
}

static int grow(struct as_engine *e)
{
	size_t cap = e->ht_cap ? e->ht_cap * 2 : 256;
	struct as_endpoint **old = e->ht;
	size_t old_cap = e->ht_cap;
	struct as_endpoint **ht = calloc(cap, sizeof *ht);
	if (!ht)
		return -1;
	e->ht = ht;
	e->ht_cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		struct as_endpoint *ep = old[i];
		while (ep) {
			struct as_endpoint *n = ep->hnext;
			size_t s = slot_of(e, ep);
			ep->hnext = ht[s];
			ht[s] = ep;
			ep = n;
		}
	}
	free(old);
	return 0;
}

static struct as_endpoint *find(const struct as_engine *e, const struct as_chan *c, int family,
				const uint8_t *peer, uint16_t port, int cls)
{
	if (!e->ht_cap)
		return NULL;
	size_t s = key_hash(c, family, peer, port, cls) & (e->ht_cap - 1);
	for (struct as_endpoint *ep = e->ht[s]; ep; ep = ep->hnext)
		if (key_eq(ep, c, family, peer, port, cls))
			return ep;
	return NULL;
}

int as_endpoint_add(struct as_engine *e, struct as_endpoint *ep)
{
	if (!ep->chan || !ep->rx || ep->linked)
		return AS_ERROR_INVALID_PARAMETER;
	if (find(e, ep->chan, ep->family, ep->peer, ep->peer_port, ep->cls))
		return AS_ERROR_UPDATE_IN_PROGRESS;
	if (e->ht_n + 1 > e->ht_cap && grow(e) != 0)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	size_t s = slot_of(e, ep);
	ep->hnext = e->ht[s];
	e->ht[s] = ep;
	ep->linked = true;
	e->ht_n++;
	return AS_NO_ERROR;
}

void as_endpoint_del(struct as_engine *e, struct as_endpoint *ep)
{
	if (!ep->linked || !e->ht_cap)
		return;
	for (struct as_endpoint **pp = &e->ht[slot_of(e, ep)]; *pp; pp = &(*pp)->hnext) {
		if (*pp == ep) {
			*pp = ep->hnext;
			ep->hnext = NULL;
			ep->linked = false;
			e->ht_n--;
			return;
		}
	}
}

struct as_endpoint *as_endpoint_lookup(struct as_engine *e, struct as_chan *c, int family,
				       const uint8_t *peer, uint16_t port, int cls)
{
	static const uint8_t any[16];
	struct as_endpoint *ep;
	if ((ep = find(e, c, family, peer, port, cls)) || (ep = find(e, c, family, peer, 0, cls)) ||
	    (ep = find(e, c, family, any, port, cls)) || (ep = find(e, c, family, any, 0, cls)))
		return ep;
	return NULL;
}

void as_endpoints_free(struct as_engine *e)
{
	free(e->ht);
	e->ht = NULL;
	e->ht_cap = e->ht_n = 0;
}
