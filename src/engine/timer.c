/* timer.c - the engine's timers: one binary min-heap on the firing instant, each timer knowing
 * its own slot (heap_idx) so that re-arming and cancelling are O(log n) without a search.
 * No RFC.
 *
 * Ties: entries order by (when, arming sequence number), a total order that does not depend on
 * addresses, so timers due at the same instant fire in the order they were (re-)armed, and a
 * replay fires them the same way on every run.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "src/engine/core_priv.h"

static bool before(const struct as_heap_ent *a, const struct as_heap_ent *b)
{
	return a->when != b->when ? a->when < b->when : a->seq < b->seq;
}

static void place(struct as_engine *e, size_t i, struct as_heap_ent ent)
{
	e->heap[i] = ent;
	ent.t->heap_idx = i;
}

static void sift_up(struct as_engine *e, size_t i)
{
	struct as_heap_ent ent = e->heap[i];
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!before(&ent, &e->heap[p]))
			break;
		place(e, i, e->heap[p]);
		i = p;
	}
	place(e, i, ent);
}

static void sift_down(struct as_engine *e, size_t i)
{
	struct as_heap_ent ent = e->heap[i];
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		const struct as_heap_ent *best = &ent;
		if (l < e->heap_n && before(&e->heap[l], best)) {
			m = l;
			best = &e->heap[l];
		}
		if (l + 1 < e->heap_n && before(&e->heap[l + 1], best))
			m = l + 1;
		if (m == i)
			break;
		place(e, i, e->heap[m]);
		i = m;
	}
	place(e, i, ent);
}

/* Puts the entry at slot i where it belongs, up or down. */
static void fix(struct as_engine *e, size_t i)
{
	if (i > 0 && before(&e->heap[i], &e->heap[(i - 1) / 2]))
		sift_up(e, i);
	else
		sift_down(e, i);
}

void as_timer_init(struct as_timer *t, as_timer_fn fn, void *arg)
{
	t->when = 0;
	t->heap_idx = SIZE_MAX;
	t->fn = fn;
	t->arg = arg;
}

bool as_timer_armed(const struct as_timer *t)
{
	return t->heap_idx != SIZE_MAX;
}

void as_timer_arm(struct as_engine *e, struct as_timer *t, uint64_t when_ns)
{
	t->when = when_ns;
	struct as_heap_ent ent = {.when = when_ns, .seq = e->timer_seq++, .t = t};
	if (as_timer_armed(t)) {
		e->heap[t->heap_idx] = ent;
		fix(e, t->heap_idx);
		return;
	}
	if (e->heap_n == e->heap_cap) {
		size_t cap = e->heap_cap ? e->heap_cap * 2 : 64;
		struct as_heap_ent *h = realloc(e->heap, cap * sizeof *h);
		if (!h)
			abort(); /* a lost timer would hang its session forever: fail loudly */
		e->heap = h;
		e->heap_cap = cap;
	}
	place(e, e->heap_n++, ent);
	sift_up(e, t->heap_idx);
}

void as_timer_cancel(struct as_engine *e, struct as_timer *t)
{
	if (!as_timer_armed(t))
		return;
	size_t i = t->heap_idx;
	t->heap_idx = SIZE_MAX;
	e->heap_n--;
	if (i == e->heap_n)
		return;
	place(e, i, e->heap[e->heap_n]);
	fix(e, i);
}

struct as_timer *as_timers_first(const struct as_engine *e)
{
	return e->heap_n ? e->heap[0].t : NULL;
}

void as_timers_free(struct as_engine *e)
{
	for (size_t i = 0; i < e->heap_n; i++)
		e->heap[i].t->heap_idx = SIZE_MAX;
	free(e->heap);
	e->heap = NULL;
	e->heap_n = e->heap_cap = 0;
}
