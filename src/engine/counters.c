/* counters.c - named event counters of the engine, its channels and the sessions. No RFC. */
#include "config.h"

#include <string.h>

#include "src/engine/core_priv.h"

static int find(const struct as_counters *cs, const char *name)
{
	/* Names are literals, so the pointer usually matches; the same text from another
	 * translation unit may sit elsewhere, hence the fallback to strcmp. */
	for (unsigned i = 0; i < cs->n; i++)
		if (cs->c[i].name == name)
			return (int)i;
	for (unsigned i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].name, name) == 0)
			return (int)i;
	return -1;
}

void as_count(struct as_counters *cs, const char *name, uint64_t n)
{
	int i = find(cs, name);
	if (i >= 0) {
		cs->c[i].v += n;
		return;
	}
	if (cs->n >= AS_COUNTERS_MAX)
		return;
	cs->c[cs->n].name = name;
	cs->c[cs->n].v = n;
	cs->n++;
}

uint64_t as_counter_get(const struct as_counters *cs, const char *name)
{
	int i = find(cs, name);
	return i < 0 ? 0 : cs->c[i].v;
}

void as_counters_merge(struct as_counters *dst, const struct as_counters *src)
{
	for (unsigned i = 0; i < src->n; i++)
		as_count(dst, src->c[i].name, src->c[i].v);
}

void as_count2(struct as_engine *e, struct as_chan *c, const char *name, uint64_t n)
{
	as_count(&e->ctr, name, n);
	if (c)
		as_count(&c->ctr, name, n);
}
