/* core_priv.h - the engine object and the helpers the engine core files (loop, timer, chan,
 * match, tmpl, counters) share. Backends do not see it: they use engine_impl.h.
 */
#ifndef AUTOSTATIC_ENGINE_CORE_PRIV_H
#define AUTOSTATIC_ENGINE_CORE_PRIV_H

#include "src/engine/engine_impl.h"

struct as_heap_ent {
	uint64_t when;
	uint64_t seq; /**< arming order: ties fire first-armed first */
	struct as_timer *t;
};

struct as_engine {
	const struct as_backend_ops *ops;
	struct as_engine_cfg cfg; /**< paths point at the copies below */
	char *replay_path;
	char *write_path;
	void *bk_priv;
	struct as_rec *rec;
	int epfd;
	bool replay;   /**< the backend feeds frames by timestamp (has next_ts) */
	bool stopped;
	uint64_t now;  /**< replay clock */
	int64_t wall_off; /**< replay: wall - now, from the last as_engine_set_now() */
	char err[256];
	struct as_counters ctr;

	struct as_chan *chans;
	struct as_chan *txq; /**< channels with queued frames, through tx_next */

	/* timers: binary min-heap on (when, arming sequence) */
	struct as_heap_ent *heap;
	size_t heap_n, heap_cap;
	uint64_t timer_seq;

	/* endpoints: chained hash table, power-of-two buckets */
	struct as_endpoint **ht;
	size_t ht_cap, ht_n;
};

/* Counts on the engine and on the channel alike. */
void as_count2(struct as_engine *e, struct as_chan *c, const char *name, uint64_t n);

/* timer.c */
/** The earliest armed timer, or NULL. */
struct as_timer *as_timers_first(const struct as_engine *e);
void as_timers_free(struct as_engine *e);

/* match.c */
/** The endpoint for a frame by the engine.h lookup order, or NULL. */
struct as_endpoint *as_endpoint_lookup(struct as_engine *e, struct as_chan *c, int family,
				       const uint8_t *peer, uint16_t port, int cls);
void as_endpoints_free(struct as_engine *e);

/* chan.c */
/** The address family a channel carries: 4, 6, or 0 (IPX and other non-IP). */
int as_chan_family(const struct as_chan *c);
/** Closes a channel whatever its reference count (engine teardown). */
void as_chan_destroy(struct as_chan *c);

/* tmpl.c */
/** Sends the channel's queued batch. Returns 0, or -1 when frames were refused (counted). */
int as_chan_flush(struct as_chan *c);

#endif
