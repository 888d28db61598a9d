/* loop.c - the packet engine's core: the engine object, its clock, the event loop and the receive
 * gate every frame passes (RFC 768 UDP checksum rules, RFC 1122 4.1.3.4, RFC 8200 8.1).
 *
 * Design
 * ------
 * - One engine owns one epoll descriptor, the channels (chan.c), one timer heap (timer.c), one
 *   endpoint hash table (match.c) and engine-wide counters (counters.c). Templates and the
 *   transmit batches are in tmpl.c. A backend (engine_impl.h) does the I/O and nothing else.
 * - Clock. Live: CLOCK_MONOTONIC in ns, read on every as_engine_now(); as_engine_wall() is
 *   CLOCK_REALTIME. Replay (the backend has next_ts): a virtual clock that only the loop and the
 *   backend move (as_engine_set_now), never backwards; wall time keeps the offset the backend
 *   gave last, so the recording carries the capture's own times.
 * - Live loop, one turn: wait in epoll_pwait2 (ns timeout, for benchmark-grade timer
 *   precision; epoll_wait with the timeout rounded up to a whole ms where the kernel lacks it)
 *   until the next timer or the deadline (not at all when one is due); drain each readable
 *   channel in bursts of 256 frames (ops->chan_recv) until a burst comes back short, at most
 *   64 bursts a turn so that timers are not starved; then fire the due timers (a callback may
 *   arm or cancel any timer, free its session or stop the engine) and flush every channel's
 *   transmit batch. Frames are read before timers fire, so that replies which arrived while a
 *   callback ran long are not taken for timeouts.
 *   The loop returns when stopped, when the deadline has passed, or when no timer is armed and
 *   no deadline is given: with nothing armed nothing could ever end the wait, and every
 *   session keeps a timer (its timeout) while it runs.
 * - Replay loop: repeatedly take the earlier of the next timer and the next captured frame
 *   (the frame first on a tie, since a reply that arrives exactly at a timeout counts), move
 *   the clock there, deliver or fire, flush. It returns when stopped, when the next event lies
 *   beyond the deadline (the clock is then moved to the deadline), or when neither a timer nor
 *   a frame is left. The same capture therefore yields the same run every time.
 * - Receive gate (as_engine_deliver): record in the tee, count, decapsulate, check the UDP
 *   checksum, check the family, classify, look up the endpoint (most specific key first), let
 *   the endpoint re-check the content. Every outcome is counted on the engine and the channel
 *   under one name: "accepted", or the reason the frame went nowhere.
 * - Single-threaded: nothing here locks.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/epoll.h>

#include "src/engine/core_priv.h"

#define RX_BUDGET 256u
#define RX_BURSTS_PER_TURN 64u
#define TIMERS_PER_TURN 4096u

/* ---------------------------------------------------------------------------------------- */
/* The engine object */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void copy_err(char *errbuf, size_t errlen, const char *msg)
{
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", msg);
}

int as_engine_new_ops(const struct as_backend_ops *ops, const struct as_engine_cfg *cfg,
		      struct as_engine **out, char *errbuf, size_t errlen)
{
	*out = NULL;
	struct as_engine *e = calloc(1, sizeof *e);
	if (!e) {
		copy_err(errbuf, errlen, "out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	e->ops = ops;
	e->cfg = *cfg;
	e->replay_path = dup_or_null(cfg->replay_path);
	e->write_path = dup_or_null(cfg->write_path);
	e->cfg.replay_path = e->replay_path;
	e->cfg.write_path = e->write_path;
	e->replay = ops->next_ts != NULL;
	e->epfd = -1;
	if ((cfg->replay_path && !e->replay_path) || (cfg->write_path && !e->write_path)) {
		copy_err(errbuf, errlen, "out of memory");
		as_engine_free(e);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	e->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (e->epfd < 0) {
		snprintf(errbuf, errlen, "epoll_create1: %s", strerror(errno));
		as_engine_free(e);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	if (ops->init) {
		int rc = ops->init(e, &e->cfg);
		if (rc != AS_NO_ERROR) {
			copy_err(errbuf, errlen,
				 e->err[0] ? e->err : "the packet backend could not start");
			e->ops = NULL; /* a failed init cleans up after itself: no fini */
			as_engine_free(e);
			return rc;
		}
	}
	if (e->write_path) {
		char err[256] = "";
		int rc = as_rec_open(e->write_path, &e->rec, err, sizeof err);
		if (rc != AS_NO_ERROR) {
			copy_err(errbuf, errlen, err[0] ? err : "cannot open the recording");
			as_engine_free(e);
			return rc;
		}
	}
	*out = e;
	return AS_NO_ERROR;
}

void as_engine_free(struct as_engine *e)
{
	if (!e)
		return;
	as_engine_flush(e);
	while (e->chans)
		as_chan_destroy(e->chans);
	if (e->ops && e->ops->fini)
		e->ops->fini(e);
	if (e->rec)
		as_rec_close(e->rec);
	if (e->epfd >= 0)
		close(e->epfd);
	as_timers_free(e);
	as_endpoints_free(e);
	free(e->replay_path);
	free(e->write_path);
	free(e);
}

const char *as_engine_error(const struct as_engine *e)
{
	return e->err;
}

void as_engine_count(struct as_chan *c, const char *name, uint64_t n)
{
	as_count2(c->e, c, name, n);
}

int as_engine_seterr(struct as_engine *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->err, sizeof e->err, fmt, ap);
	va_end(ap);
	return AS_ERROR_CAN_NOT_COMPLETE;
}

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t as_engine_now(const struct as_engine *e)
{
	return e->replay ? e->now : clock_ns(CLOCK_MONOTONIC);
}

uint64_t as_engine_wall(const struct as_engine *e)
{
	return e->replay ? (uint64_t)((int64_t)e->now + e->wall_off) : clock_ns(CLOCK_REALTIME);
}

void as_engine_set_now(struct as_engine *e, uint64_t now_ns, uint64_t wall_ns)
{
	if (now_ns < e->now)
		return;
	e->now = now_ns;
	e->wall_off = (int64_t)(wall_ns - now_ns);
}

/* Moves the replay clock keeping the wall offset. */
static void advance(struct as_engine *e, uint64_t now_ns)
{
	if (now_ns > e->now)
		e->now = now_ns;
}

bool as_engine_is_replay(const struct as_engine *e)
{
	return e->replay;
}

const struct as_counters *as_engine_counters(const struct as_engine *e)
{
	return &e->ctr;
}

void **as_engine_backend_priv(struct as_engine *e)
{
	return &e->bk_priv;
}

struct as_chan *as_engine_channels(struct as_engine *e)
{
	return e->chans;
}

const struct as_engine_cfg *as_engine_config(const struct as_engine *e)
{
	return &e->cfg;
}

void as_engine_stop(struct as_engine *e)
{
	e->stopped = true;
}

/* ---------------------------------------------------------------------------------------- */
/* The loops */

static void fire(struct as_timer *t)
{
	/* Disarmed before the call, so that the callback may re-arm or free it. */
	t->fn(t, t->arg);
}

static int run_replay(struct as_engine *e, uint64_t deadline)
{
	for (;;) {
		if (e->stopped)
			return AS_NO_ERROR;
		struct as_timer *t = as_timers_first(e);
		uint64_t fts = 0;
		bool have_f = e->ops->next_ts(e, &fts);
		if (!t && !have_f)
			return AS_NO_ERROR;
		bool frame = have_f && (!t || fts <= t->when);
		uint64_t at = frame ? fts : t->when;
		if (at < e->now)
			at = e->now; /* a capture out of order, or a timer armed in the past */
		if (deadline && at > deadline) {
			advance(e, deadline);
			return AS_NO_ERROR;
		}
		advance(e, at);
		if (frame) {
			e->ops->deliver_next(e);
		} else {
			as_timer_cancel(e, t);
			fire(t);
		}
		as_engine_flush(e);
	}
}

static int fire_due(struct as_engine *e)
{
	uint64_t now = as_engine_now(e);
	for (unsigned i = 0; i < TIMERS_PER_TURN && !e->stopped; i++) {
		struct as_timer *t = as_timers_first(e);
		if (!t || t->when > now)
			return 0;
		as_timer_cancel(e, t);
		fire(t);
	}
	return e->stopped ? 0 : 1; /* 1: more may be due, do not sleep */
}

static int wait_events(struct as_engine *e, struct epoll_event *ev, int max, uint64_t wait_ns)
{
	static bool no_pwait2;
	if (!no_pwait2) {
		struct timespec ts = {.tv_sec = (time_t)(wait_ns / 1000000000u),
				      .tv_nsec = (long)(wait_ns % 1000000000u)};
		int n = epoll_pwait2(e->epfd, ev, max, wait_ns == UINT64_MAX ? NULL : &ts, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n;
		no_pwait2 = true;
	}
	int ms = -1;
	if (wait_ns != UINT64_MAX) {
		uint64_t m = (wait_ns + 999999u) / 1000000u; /* round up: never wake early */
		ms = m > 86400000u ? 86400000 : (int)m;
	}
	return epoll_wait(e->epfd, ev, max, ms);
}

static int run_live(struct as_engine *e, uint64_t deadline)
{
	struct epoll_event ev[64];
	int more = 0;
	for (;;) {
		if (e->stopped)
			return AS_NO_ERROR;
		uint64_t now = as_engine_now(e);
		if (deadline && now >= deadline)
			return AS_NO_ERROR;
		struct as_timer *t = as_timers_first(e);
		if (!t && !deadline)
			return AS_NO_ERROR;
		uint64_t until = UINT64_MAX;
		if (t)
			until = t->when;
		if (deadline && deadline < until)
			until = deadline;
		/* Frames first, timers after: when a callback ran long, the replies that arrived
		 * meanwhile must be read before the timeouts they answer are taken as expired. */
		uint64_t wait_ns = more ? 0 : until > now ? until - now : 0;
		/* What was queued outside the loop (a session's first request) goes out before any
		 * wait. */
		as_engine_flush(e);
		int n = wait_events(e, ev, (int)(sizeof ev / sizeof ev[0]), wait_ns);
		if (n < 0) {
			if (errno != EINTR) {
				as_engine_seterr(e, "epoll_wait: %s", strerror(errno));
				return AS_ERROR_CAN_NOT_COMPLETE;
			}
			n = 0;
		}
		/* An endpoint may close any channel, its own included, while frames are delivered:
		 * hold every channel of this batch until the batch is done. */
		for (int i = 0; i < n; i++)
			((struct as_chan *)ev[i].data.ptr)->refs++;
		for (int i = 0; i < n && !e->stopped; i++) {
			struct as_chan *c = ev[i].data.ptr;
			for (unsigned b = 0; b < RX_BURSTS_PER_TURN && !e->stopped; b++)
				if (c->refs < 2 || e->ops->chan_recv(c, RX_BUDGET) < RX_BUDGET)
					break;
		}
		for (int i = 0; i < n; i++)
			as_chan_close(ev[i].data.ptr);
		more = e->stopped ? 0 : fire_due(e);
		as_engine_flush(e);
	}
}

int as_engine_run(struct as_engine *e, uint64_t deadline_ns)
{
	e->stopped = false;
	return e->replay ? run_replay(e, deadline_ns) : run_live(e, deadline_ns);
}

/* ---------------------------------------------------------------------------------------- */
/* The receive gate */

static int frame_family(const struct as_frame *f)
{
	switch (f->l3) {
	case AS_L3_IPV4: return 4;
	case AS_L3_IPV6: return 6;
	default: return 0;
	}
}

void as_engine_deliver(struct as_chan *c, struct as_rx *rx)
{
	struct as_engine *e = c->e;
	rx->chan = c;
	if (e->rec)
		as_rec_write(e->rec, as_engine_wall(e), rx->frame, rx->caplen, rx->wire_len);
	as_count2(e, c, "rx-frames", 1);

	struct as_frame *f = &rx->f;
	enum as_frame_err err = as_frame_decode(rx->link, rx->frame, rx->caplen, f);
	if (err == AS_FRAME_NOT_IP) {
		as_count2(e, c, "not-ip", 1);
		return;
	}
	if (err == AS_FRAME_NOT_UDP) {
		as_count2(e, c, "not-udp", 1);
		return;
	}
	if (c->spec.udp_port != 0 && (err == AS_FRAME_OK || err == AS_FRAME_UDP_BAD_CHECKSUM)) {
		/* The kernel marks frames whose checksum a NIC was to finish (TP_STATUS_CSUMNOTREADY);
		 * their field is not the checksum, so it can neither pass nor fail. */
		if (f->udp_csum == AS_CSUM_OFFLOAD ||
		    (f->udp_csum == AS_CSUM_BAD && rx->csum_notready)) {
			as_count2(e, c, "udp-csum-offload", 1);
			err = AS_FRAME_OK;
		} else if (f->udp_csum == AS_CSUM_BAD) {
			as_count2(e, c, "udp-bad-checksum", 1);
			return;
		}
	}
	if (err != AS_FRAME_OK) {
		as_count2(e, c, as_frame_err_str(err), 1);
		return;
	}
	int family = frame_family(f);
	if (family != as_chan_family(c) || (family == 0 && f->l3 != AS_L3_IPX)) {
		as_count2(e, c, "wrong-family", 1);
		return;
	}

	int cls = 0;
	if (c->spec.ops && c->spec.ops->classify) {
		const char *reason = NULL;
		cls = c->spec.ops->classify(rx, &reason);
		if (cls < 0) {
			as_count2(e, c, reason ? reason : "unclassified", 1);
			return;
		}
	}

	uint8_t peer[16] = {0};
	uint16_t port;
	if (family == 4) {
		memcpy(peer, f->src, 4);
		port = f->sport;
	} else if (family == 6) {
		memcpy(peer, f->src, 16);
		port = f->sport;
	} else {
		/* IPX header: source network (4) and node (6) at offset 18, source socket at 28. */
		if (f->payload_len < 30) {
			as_count2(e, c, "ipx-truncated", 1);
			return;
		}
		memcpy(peer, f->payload + 18, 10);
		port = (uint16_t)(f->payload[28] << 8 | f->payload[29]);
	}
	struct as_endpoint *ep = as_endpoint_lookup(e, c, family, peer, port, cls);
	if (!ep) {
		as_count2(e, c, "no-endpoint", 1);
		return;
	}
	const char *reason = NULL;
	if (ep->rx(ep, rx, &reason) == 0)
		as_count2(e, c, "accepted", 1);
	else
		as_count2(e, c, reason ? reason : "rejected", 1);
}
