/* session.h - the requester machinery the RIP, RIPng and IPX modules share (RFC 1058, RFC 2453,
 * RFC 2080, RFC 2091): timers, channel, templates, endpoints, counters and gap tracking of one
 * update session. A module's session struct begins with a struct as_sess, so one pointer is
 * both (and the struct as_update the caller holds: it is the first member here).
 */
#ifndef AUTOSTATIC_SESSION_H
#define AUTOSTATIC_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "src/core/module.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

enum { AS_SESS_MAX_EP = 4 };

struct as_sess {
	struct as_update base; /* first: the caller's handle */
	struct as_engine *e;
	struct as_chan *ch;
	struct as_update_cfg cfg;
	as_update_done_fn done;
	void *arg;

	struct as_tmpl *tmpl_req; /* requests (and acks when it is the neighbour's unicast) */
	struct as_tmpl *tmpl_ack; /* acks to a neighbour learned from its first reply */
	struct as_endpoint ep[AS_SESS_MAX_EP];
	bool ep_added[AS_SESS_MAX_EP];
	struct as_timer t_retx, t_budget, t_quiet;

	bool got_reply, finished;
	uint64_t last_valid, max_gap;
};

/* Allocates a zeroed session of size bytes (the module's struct), its result of the family
 * given with status CAN_NOT_COMPLETE until finished; the timers call back with the session.
 * NULL (error set) when out of memory. */
void *as_sess_new(size_t size, struct as_engine *e, const struct as_update_cfg *cfg,
                  as_update_done_fn done, void *arg, int family,
                  void (*free_fn)(struct as_update *), as_timer_fn on_retx, as_timer_fn on_budget,
                  as_timer_fn on_quiet);

/* The checks of the timing and mode every module makes, error set on failure. */
int as_sess_check_timing(const struct as_update_cfg *c);

/* Queries interface ifname; it must be up with a carrier and, outside replay, have an IPv4
 * address (need 4) or an IPv6 link-local one (need 6); need 0: no address. Error set on failure.
 * Requesters and responders alike. */
int as_sess_iface(struct as_engine *e, const char *ifname, int need, struct as_iface_info *ifi);

/* Opens the session's channel: low latency in triggered mode. Error set on failure. */
int as_sess_open(struct as_sess *s, const struct as_chan_spec *spec);

/* Registers the endpoints of an IP session (family 4 or 6) for the n reply classes cls, keyed by
 * the configured neighbour (any when none) and any source port: a wrong one is counted by rx,
 * not lost. Error set on failure. */
int as_sess_listen(struct as_sess *s, int family, const int *cls, int n, as_rx_fn rx);

/* Cancels the timers, removes the endpoints, frees the templates and closes the channel. */
void as_sess_teardown(struct as_sess *s);

/* Tears down (unless finished), frees the routes and the session: an update's destructor and a
 * failed start's clean-up. */
void as_sess_free(struct as_update *base);

/* Ends the session with status and runs the done callback, which may free it. Timers only. */
void as_sess_finish(struct as_sess *s, int status);

bool as_sess_triggered(const struct as_sess *s);
void as_sess_count(struct as_sess *s, const char *name);

/* Puts n routes of one received packet into the result: their hash slots are prefetched first,
 * so that in a large table the cache misses overlap (most of the cost of a million-route
 * update). Counts "routes-received" (n) and "no-memory", and moves t_last_route to now when a
 * route was added or replaced. */
void as_sess_put_routes(struct as_sess *s, const struct as_route *rt, unsigned n, uint64_t now);
/* Counts why, stores it in *reason and returns -1: a receive handler's drop. */
int as_sess_drop(struct as_sess *s, const char **reason, const char *why);
/* Sends n bytes (n < 0: encoding failed) through t, counted under ctr or the failure's name. */
void as_sess_send(struct as_sess *s, struct as_tmpl *t, const uint8_t *buf, ssize_t n,
                  const char *ctr);

/* A valid packet at now: notes the first reply (cancelling the budget) or the largest gap
 * between valid packets, counts "packets-accepted". True for the first. */
bool as_sess_accept(struct as_sess *s, uint64_t now);
/* The quiet period after the last valid packet, from the largest gap seen. */
uint64_t as_sess_quiet_ns(const struct as_sess *s);
/* The interval between requests: cfg.retransmit in triggered mode, else cfg.timeout. */
double as_sess_retx_ival(const struct as_sess *s);
/* Whether the budget for a first reply has run out at now. */
bool as_sess_budget_spent(const struct as_sess *s, uint64_t now);
/* Whether a single-request session (RIP, RIPng) retransmits at now: no reply yet, requests
 * left (request mode: cfg.retries in all; triggered: as many as fit) and budget left. */
bool as_sess_retx_due(const struct as_sess *s, uint64_t now);
/* Arms the retransmission and the budget timers from now. */
void as_sess_arm(struct as_sess *s, uint64_t now);

/* ---- responders (the requester's counterpart in each module) ---- */

/* The retransmission interval must be positive in triggered mode. Error set on failure. */
int as_resp_check_timing(const struct as_responder_cfg *c);
/* Opens a responder's channel on ifname, low latency: it waits for single Requests and
 * Acknowledges, and each must reach it at once. *ch is NULL and the error set on failure. */
int as_resp_open(struct as_engine *e, const char *ifname, const struct as_chan_spec *spec,
                 struct as_chan **ch);
/* Removes the n endpoints added, flushes what is queued and closes ch (when open). */
void as_resp_close(struct as_engine *e, struct as_chan *ch, struct as_endpoint *ep,
                   const bool *ep_added, int n);
void as_resp_count(struct as_responder *r, const char *name);

/* A triggered dump (RFC 2091 4.2): one Update Response in flight at a time, sent again until
 * acknowledged; the acknowledgement moves on to the next slice of the table. */
struct as_tdump {
	uint16_t seq;        /* of the response in flight */
	bool inflight;       /* a response waits for its acknowledgement */
	bool inflight_last;  /* ... and it holds the end of the table */
	size_t inflight_pos; /* where in the table the response in flight starts */
	size_t inflight_n;   /* ... and how far it goes */
};

enum as_tdump_ack {
	AS_TDUMP_STALE, /* not the response in flight: counted as "ack-stale" and ignored */
	AS_TDUMP_DONE,  /* the last response acknowledged: the dump is done (counted) */
	AS_TDUMP_NEXT,  /* send the next slice, from inflight_pos under seq */
};

/* An Update Acknowledge with sequence seq for dump d: counts "acks" (and the responder's
 * statistics) and says what comes next. */
enum as_tdump_ack as_tdump_ack(struct as_responder *r, struct as_tdump *d, uint16_t seq);
/* Counts why, stores it in *reason and returns -1: a receive handler's drop. */
int as_resp_drop(struct as_responder *r, const char **reason, const char *why);

/**
 * Whether a requester silent since last_heard is gone: max(30 s, 20 x retransmit). Under heavy
 * loss many exchanges fail in a row (30 % each way: half of them), and a responder that forgot
 * a requester sooner left it a partial table reported as complete.
 */
bool as_resp_requester_gone(uint64_t now, uint64_t last_heard, double retransmit);

#endif
