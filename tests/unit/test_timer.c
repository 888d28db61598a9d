/* test_timer.c - the engine's timer heap against a reference model (no RFC): random arm, re-arm
 * and cancel sequences over thousands of timers, the heap and heap_idx invariants, and the
 * firing order of a run loop whose callbacks re-arm and cancel other timers.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/engine/core_priv.h"

/* A backend with a capture that holds nothing: the run loop is then driven by timers alone. */
static bool no_frame(struct as_engine *e, uint64_t *ts)
{
	(void)e;
	(void)ts;
	return false;
}

static void nothing(struct as_engine *e)
{
	(void)e;
}

static const struct as_backend_ops fake_ops = {
	.name = "fake", .next_ts = no_frame, .deliver_next = nothing};

static struct as_engine *new_engine(void)
{
	struct as_engine_cfg cfg = {.backend = AS_BACKEND_REPLAY};
	struct as_engine *e = NULL;
	char err[128];
	assert_int_equal(as_engine_new_ops(&fake_ops, &cfg, &e, err, sizeof err), AS_NO_ERROR);
	assert_non_null(e);
	return e;
}

/* The reference: for each timer, armed or not, its instant and the order it was armed in. */
struct model {
	bool armed;
	uint64_t when;
	uint64_t seq;
};

static uint64_t rng_state = 0x853C49E6748FEA9Bull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void check_heap(const struct as_engine *e, const struct as_timer *ts, size_t n)
{
	size_t armed = 0;
	for (size_t i = 0; i < n; i++)
		if (as_timer_armed(&ts[i])) {
			armed++;
			assert_true(ts[i].heap_idx < e->heap_n);
			assert_ptr_equal(e->heap[ts[i].heap_idx].t, &ts[i]);
			assert_true(e->heap[ts[i].heap_idx].when == ts[i].when);
		}
	assert_int_equal(armed, e->heap_n);
	for (size_t i = 1; i < e->heap_n; i++) {
		const struct as_heap_ent *p = &e->heap[(i - 1) / 2], *c = &e->heap[i];
		assert_true(p->when < c->when || (p->when == c->when && p->seq < c->seq));
	}
}

static size_t model_first(const struct model *m, size_t n)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (!m[i].armed)
			continue;
		if (best == SIZE_MAX || m[i].when < m[best].when ||
		    (m[i].when == m[best].when && m[i].seq < m[best].seq))
			best = i;
	}
	return best;
}

static void cb_none(struct as_timer *t, void *arg)
{
	(void)t;
	(void)arg;
}

static void test_random_against_model(void **state)
{
	(void)state;
	enum { N = 3000, OPS = 60000 };
	struct as_engine *e = new_engine();
	struct as_timer *ts = calloc(N, sizeof *ts);
	struct model *m = calloc(N, sizeof *m);
	assert_non_null(ts);
	assert_non_null(m);
	for (size_t i = 0; i < N; i++)
		as_timer_init(&ts[i], cb_none, NULL);
	uint64_t seq = 0;
	for (unsigned op = 0; op < OPS; op++) {
		size_t i = rnd() % N;
		unsigned kind = (unsigned)(rnd() % 10);
		/* A narrow range of instants makes ties frequent. */
		uint64_t when = rnd() % 500;
		if (kind < 6) {
			as_timer_arm(e, &ts[i], when);
			m[i] = (struct model){.armed = true, .when = when, .seq = seq++};
		} else if (kind < 8) {
			as_timer_cancel(e, &ts[i]);
			m[i].armed = false;
		} else {
			/* pop the first, as the loop does before firing */
			size_t want = model_first(m, N);
			struct as_timer *got = as_timers_first(e);
			if (want == SIZE_MAX) {
				assert_null(got);
				continue;
			}
			assert_ptr_equal(got, &ts[want]);
			as_timer_cancel(e, got);
			m[want].armed = false;
		}
		assert_true(as_timer_armed(&ts[i]) == m[i].armed);
		if (op % 997 == 0)
			check_heap(e, ts, N);
	}
	check_heap(e, ts, N);
	/* Drain: strictly the model's order. */
	for (;;) {
		size_t want = model_first(m, N);
		struct as_timer *got = as_timers_first(e);
		if (want == SIZE_MAX) {
			assert_null(got);
			break;
		}
		assert_ptr_equal(got, &ts[want]);
		as_timer_cancel(e, got);
		assert_false(as_timer_armed(got));
		m[want].armed = false;
	}
	as_engine_free(e);
	free(ts);
	free(m);
}

/* Run-loop firing: callbacks log themselves and act on the others. */
struct fire_ctx {
	struct as_engine *e;
	struct as_timer t[8];
	int log[32];
	uint64_t at[32];
	unsigned n;
};

static void cb_log(struct as_timer *t, void *arg)
{
	struct fire_ctx *x = arg;
	int id = (int)(t - x->t);
	assert_false(as_timer_armed(t)); /* disarmed before its callback */
	assert_true(x->n < 32);
	x->at[x->n] = as_engine_now(x->e);
	x->log[x->n++] = id;
	switch (id) {
	case 0: as_timer_cancel(x->e, &x->t[1]); break;              /* 1 never fires */
	case 2: /* fires once more, later */
		if (as_engine_now(x->e) < 500)
			as_timer_arm(x->e, &x->t[2], 500);
		break;
	case 3: as_timer_arm(x->e, &x->t[4], 50); break;             /* in the past: next */
	case 5: as_engine_stop(x->e); break;
	default: break;
	}
}

static void test_run_order(void **state)
{
	(void)state;
	struct fire_ctx x = {.e = new_engine()};
	for (int i = 0; i < 8; i++)
		as_timer_init(&x.t[i], cb_log, &x);
	as_timer_arm(x.e, &x.t[0], 100);
	as_timer_arm(x.e, &x.t[1], 150);
	as_timer_arm(x.e, &x.t[2], 200);
	as_timer_arm(x.e, &x.t[3], 300);
	as_timer_arm(x.e, &x.t[4], 900);
	as_timer_arm(x.e, &x.t[5], 1000);
	as_timer_arm(x.e, &x.t[6], 1000); /* tie with 5, armed after it: after the stop */
	assert_int_equal(as_engine_run(x.e, 0), AS_NO_ERROR);
	int want[] = {0, 2, 3, 4, 2, 5};
	uint64_t want_at[] = {100, 200, 300, 300, 500, 1000};
	assert_int_equal(x.n, 6);
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(x.log[i], want[i]);
		assert_true(x.at[i] == want_at[i]);
	}
	assert_true(as_timer_armed(&x.t[6]));
	/* The stop flag resets: the next run fires the rest and returns when nothing is left. */
	assert_int_equal(as_engine_run(x.e, 0), AS_NO_ERROR);
	assert_int_equal(x.n, 7);
	assert_int_equal(x.log[6], 6);
	assert_null(as_timers_first(x.e));
	as_engine_free(x.e);
}

static void test_deadline(void **state)
{
	(void)state;
	struct fire_ctx x = {.e = new_engine()};
	for (int i = 0; i < 8; i++)
		as_timer_init(&x.t[i], cb_log, &x);
	as_timer_arm(x.e, &x.t[7], 5000);
	assert_int_equal(as_engine_run(x.e, 2000), AS_NO_ERROR);
	assert_int_equal(x.n, 0);
	assert_true(as_engine_now(x.e) == 2000);
	assert_true(as_timer_armed(&x.t[7]));
	assert_int_equal(as_engine_run(x.e, 5000), AS_NO_ERROR); /* due exactly at the deadline */
	assert_int_equal(x.n, 1);
	as_engine_free(x.e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_run_order),
		cmocka_unit_test(test_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
