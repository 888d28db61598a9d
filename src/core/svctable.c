/* svctable.c - sets of IPX SAP services: one best entry per (type, name), the fewest hops
 * winning (Novell SAP as restated in PROTOCOLS.md 5.5; no RFC).
 *
 * Same shape as rtable.c: entries in one array in first-arrival order, a hash of 32-bit
 * indexes (index + 1, 0 = empty) at a load factor of at most 1/2.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/core/rtable.h"
#include "src/core/svctable.h"

/* FNV-1a over the type and the name: names are short and often share long prefixes. */
static uint64_t hash_key(uint16_t type, const char *name)
{
	uint64_t h = 0xCBF29CE484222325ull ^ type;
	h *= 0x100000001B3ull;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001B3ull;
	}
	h ^= h >> 32;
	return h;
}

static bool same_key(const struct as_service *s, uint16_t type, const char *name)
{
	return s->type == type && strcmp(s->name, name) == 0;
}

void as_svctable_init(struct as_svctable *t)
{
	memset(t, 0, sizeof *t);
}

void as_svctable_free(struct as_svctable *t)
{
	free(t->s);
	free(t->slot);
	as_svctable_init(t);
}

void as_svctable_clear(struct as_svctable *t)
{
	t->n = 0;
	if (t->slot)
		memset(t->slot, 0, t->nslots * sizeof *t->slot);
}

static size_t probe(const struct as_svctable *t, uint16_t type, const char *name)
{
	size_t m = t->nslots - 1;
	size_t i = (size_t)hash_key(type, name) & m;
	while (t->slot[i] && !same_key(&t->s[t->slot[i] - 1], type, name))
		i = (i + 1) & m;
	return i;
}

static int rehash(struct as_svctable *t, size_t nslots)
{
	uint32_t *s = calloc(nslots, sizeof *s);
	if (!s)
		return -1;
	free(t->slot);
	t->slot = s;
	t->nslots = nslots;
	for (size_t k = 0; k < t->n; k++)
		t->slot[probe(t, t->s[k].type, t->s[k].name)] = (uint32_t)(k + 1);
	return 0;
}

int as_svctable_put(struct as_svctable *t, const struct as_service *in)
{
	/* The name is copied bounded and terminated: callers may fill all 49 bytes. */
	struct as_service v = *in;
	v.name[AS_SVC_NAME_MAX] = 0;
	if (t->nslots == 0 || (t->n + 1) * 2 > t->nslots) {
		if (t->n >= UINT32_MAX - 1 || rehash(t, t->nslots ? t->nslots * 2 : 32) < 0)
			return AS_RT_NOMEM;
	}
	size_t i = probe(t, v.type, v.name);
	if (t->slot[i]) {
		struct as_service *old = &t->s[t->slot[i] - 1];
		if (v.hops >= old->hops)
			return AS_RT_KEPT;
		*old = v;
		return AS_RT_REPLACED;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct as_service *s = realloc(t->s, cap * sizeof *s);
		if (!s)
			return AS_RT_NOMEM;
		t->s = s;
		t->cap = cap;
	}
	t->s[t->n] = v;
	t->slot[i] = (uint32_t)(++t->n);
	return AS_RT_ADDED;
}

const struct as_service *as_svctable_get(const struct as_svctable *t, uint16_t type,
                                         const char *name)
{
	if (!t->nslots || !name)
		return NULL;
	size_t i = probe(t, type, name);
	return t->slot[i] ? &t->s[t->slot[i] - 1] : NULL;
}

size_t as_svctable_bytes(const struct as_svctable *t)
{
	return t->cap * sizeof *t->s + t->nslots * sizeof *t->slot;
}
