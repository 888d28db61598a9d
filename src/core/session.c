/* session.c - the requester machinery the RIP, RIPng and IPX modules share (RFC 1058, RFC 2453,
 * RFC 2080, RFC 2091): see session.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "src/core/session.h"

void *as_sess_new(size_t size, struct as_engine *e, const struct as_update_cfg *cfg,
                  as_update_done_fn done, void *arg, int family,
                  void (*free_fn)(struct as_update *), as_timer_fn on_retx, as_timer_fn on_budget,
                  as_timer_fn on_quiet)
{
	struct as_sess *s = calloc(1, size);
	if (!s) {
		as_update_seterr("out of memory");
		return NULL;
	}
	s->base.free = free_fn;
	s->e = e;
	s->cfg = *cfg;
	s->done = done;
	s->arg = arg;
	as_rtable_init(&s->base.res.routes);
	s->base.res.family = family;
	s->base.res.status = AS_ERROR_CAN_NOT_COMPLETE;
	as_timer_init(&s->t_retx, on_retx, s);
	as_timer_init(&s->t_budget, on_budget, s);
	as_timer_init(&s->t_quiet, on_quiet, s);
	return s;
}

int as_sess_check_timing(const struct as_update_cfg *c)
{
	if (!(c->timeout > 0) || c->retries == 0) {
		as_update_seterr("timeout and retries must be positive");
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (c->mode == AS_MODE_TRIGGERED && !(c->retransmit > 0)) {
		as_update_seterr("the retransmission interval must be positive");
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (c->mode != AS_MODE_REQUEST && c->mode != AS_MODE_TRIGGERED) {
		as_update_seterr("unknown update mode %d", (int)c->mode);
		return AS_ERROR_INVALID_PARAMETER;
	}
	return AS_NO_ERROR;
}

int as_sess_iface(struct as_engine *e, const char *ifname, int need, struct as_iface_info *ifi)
{
	int rc = as_iface_query(e, ifname, ifi);
	if (rc) {
		as_update_seterr("%s", as_engine_error(e));
		return rc;
	}
	if (!ifi->up || !ifi->running) {
		as_update_seterr("interface %s is %s", ifname,
		                 ifi->up ? "without carrier" : "down");
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	}
	if (as_engine_is_replay(e))
		return AS_NO_ERROR;
	if (need == 4 && !ifi->has_ip4) {
		as_update_seterr("interface %s has no IPv4 address", ifname);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	if (need == 6 && !ifi->has_ll6) {
		as_update_seterr("interface %s has no IPv6 link-local address", ifname);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	return AS_NO_ERROR;
}

int as_sess_open(struct as_sess *s, const struct as_chan_spec *spec)
{
	/* Triggered mode waits for one Update Response at a time (RFC 2091): each must reach us
	 * at once. A whole-table Request is answered by a flood: the block ring takes it best. */
	struct as_chan_spec sp = *spec;
	sp.low_latency = as_sess_triggered(s);
	int rc = as_chan_open(s->e, s->cfg.ifname, &sp, &s->ch);
	if (rc) {
		s->ch = NULL;
		as_update_seterr("%s", as_engine_error(s->e));
	}
	return rc;
}

int as_sess_listen(struct as_sess *s, int family, const int *cls, int n, as_rx_fn rx)
{
	const struct as_update_cfg *cfg = &s->cfg;
	for (int i = 0; i < n; i++) {
		struct as_endpoint *ep = &s->ep[i];
		ep->chan = s->ch;
		ep->family = family;
		if (cfg->have_neighbour)
			memcpy(ep->peer, cfg->neighbour, family == 4 ? 4 : 16);
		ep->peer_port = 0;
		ep->cls = cls[i];
		ep->rx = rx;
		ep->owner = s;
		int rc = as_endpoint_add(s->e, ep);
		if (rc) {
			char a[INET6_ADDRSTRLEN] = "";
			if (cfg->have_neighbour)
				inet_ntop(family == 4 ? AF_INET : AF_INET6, cfg->neighbour, a,
				          sizeof a);
			as_update_seterr("an update already runs on %s for %s", cfg->ifname,
			                 cfg->have_neighbour ? a : "any neighbour");
			return rc;
		}
		s->ep_added[i] = true;
	}
	return AS_NO_ERROR;
}

void as_sess_teardown(struct as_sess *s)
{
	struct as_engine *e = s->e;
	struct as_timer *ts[3] = {&s->t_retx, &s->t_budget, &s->t_quiet};
	for (int i = 0; i < 3; i++)
		if (as_timer_armed(ts[i]))
			as_timer_cancel(e, ts[i]);
	for (int i = 0; i < AS_SESS_MAX_EP; i++)
		if (s->ep_added[i]) {
			as_endpoint_del(e, &s->ep[i]);
			s->ep_added[i] = false;
		}
	if (s->ch)
		as_engine_flush(e); /* what we queued (the last ack) goes before the channel does */
	if (s->tmpl_ack)
		as_tmpl_free(s->tmpl_ack);
	if (s->tmpl_req)
		as_tmpl_free(s->tmpl_req);
	s->tmpl_ack = s->tmpl_req = NULL;
	if (s->ch)
		as_chan_close(s->ch);
	s->ch = NULL;
}

void as_sess_free(struct as_update *base)
{
	struct as_sess *s = (struct as_sess *)base;
	if (!s->finished)
		as_sess_teardown(s);
	as_rtable_free(&s->base.res.routes);
	free(s);
}

void as_sess_finish(struct as_sess *s, int status)
{
	struct as_update_result *res = &s->base.res;
	as_sess_teardown(s);
	s->finished = true;
	res->status = status;
	res->t_done = as_engine_now(s->e);
	s->done(&s->base, s->arg);
}

bool as_sess_triggered(const struct as_sess *s)
{
	return s->cfg.mode == AS_MODE_TRIGGERED;
}

void as_sess_count(struct as_sess *s, const char *name)
{
	as_count(&s->base.res.counters, name, 1);
}

int as_sess_drop(struct as_sess *s, const char **reason, const char *why)
{
	as_sess_count(s, why);
	*reason = why;
	return -1;
}

void as_sess_send(struct as_sess *s, struct as_tmpl *t, const uint8_t *buf, ssize_t n,
                  const char *ctr)
{
	if (n < 0) {
		as_sess_count(s, "encode-error");
		return;
	}
	if (as_send(t, buf, (size_t)n) < 0) {
		as_sess_count(s, "tx-error");
		return;
	}
	as_sess_count(s, ctr);
}

bool as_sess_accept(struct as_sess *s, uint64_t now)
{
	bool first = !s->got_reply;
	if (first) {
		s->got_reply = true;
		s->base.res.t_first_reply = now;
		as_timer_cancel(s->e, &s->t_budget);
	} else if (now > s->last_valid && now - s->last_valid > s->max_gap) {
		s->max_gap = now - s->last_valid;
	}
	s->last_valid = now;
	as_sess_count(s, "packets-accepted");
	return first;
}

uint64_t as_sess_quiet_ns(const struct as_sess *s)
{
	return as_update_quiet_ns(as_sess_triggered(s), s->max_gap, s->cfg.quiet_ms);
}

double as_sess_retx_ival(const struct as_sess *s)
{
	return as_sess_triggered(s) ? s->cfg.retransmit : s->cfg.timeout;
}

bool as_sess_budget_spent(const struct as_sess *s, uint64_t now)
{
	return as_timer_armed(&s->t_budget) && now >= s->t_budget.when;
}

bool as_sess_retx_due(const struct as_sess *s, uint64_t now)
{
	if (s->got_reply)
		return false;
	if (!as_sess_triggered(s) && s->base.res.requests_sent >= s->cfg.retries)
		return false;
	return !as_sess_budget_spent(s, now);
}

void as_sess_arm(struct as_sess *s, uint64_t now)
{
	as_timer_arm(s->e, &s->t_retx, now + as_sec_ns(as_sess_retx_ival(s)));
	as_timer_arm(s->e, &s->t_budget, now + as_sec_ns(s->cfg.timeout * s->cfg.retries));
}

/* ---- responders ---- */

int as_resp_check_timing(const struct as_responder_cfg *c)
{
	if (c->mode == AS_MODE_TRIGGERED && !(c->retransmit > 0)) {
		as_update_seterr("the retransmission interval must be positive");
		return AS_ERROR_INVALID_PARAMETER;
	}
	return AS_NO_ERROR;
}

int as_resp_open(struct as_engine *e, const char *ifname, const struct as_chan_spec *spec,
                 struct as_chan **ch)
{
	struct as_chan_spec sp = *spec;
	sp.low_latency = true;
	int rc = as_chan_open(e, ifname, &sp, ch);
	if (rc) {
		*ch = NULL;
		as_update_seterr("%s", as_engine_error(e));
	}
	return rc;
}

void as_resp_close(struct as_engine *e, struct as_chan *ch, struct as_endpoint *ep,
                   const bool *ep_added, int n)
{
	for (int i = 0; i < n; i++)
		if (ep_added[i])
			as_endpoint_del(e, &ep[i]);
	if (ch) {
		as_engine_flush(e);
		as_chan_close(ch);
	}
}

void as_resp_count(struct as_responder *r, const char *name)
{
	as_count(&r->ctr, name, 1);
}

int as_resp_drop(struct as_responder *r, const char **reason, const char *why)
{
	as_resp_count(r, why);
	*reason = why;
	return -1;
}

enum as_tdump_ack as_tdump_ack(struct as_responder *r, struct as_tdump *d, uint16_t seq)
{
	if (!d->inflight || seq != d->seq) {
		as_resp_count(r, "ack-stale");
		return AS_TDUMP_STALE;
	}
	r->stats.acks++;
	as_resp_count(r, "acks");
	d->inflight = false;
	if (d->inflight_last) {
		r->stats.dumps_done++;
		return AS_TDUMP_DONE;
	}
	d->inflight_pos += d->inflight_n;
	d->seq++;
	return AS_TDUMP_NEXT;
}

bool as_resp_requester_gone(uint64_t now, uint64_t last_heard, double retransmit)
{
	uint64_t gone = 20 * as_sec_ns(retransmit);
	if (gone < as_sec_ns(30))
		gone = as_sec_ns(30);
	return now - last_heard >= gone;
}

void as_sess_put_routes(struct as_sess *s, const struct as_route *rt, unsigned n, uint64_t now)
{
	struct as_update_result *res = &s->base.res;
	if (!n)
		return;
	for (unsigned i = 0; i < n; i++)
		as_rtable_prefetch(&res->routes, &rt[i]);
	as_count(&res->counters, "routes-received", n);
	for (unsigned i = 0; i < n; i++) {
		enum as_rt_put p = as_rtable_put(&res->routes, &rt[i]);
		if (p == AS_RT_ADDED || p == AS_RT_REPLACED)
			res->t_last_route = now;
		else if (p == AS_RT_NOMEM)
			as_sess_count(s, "no-memory");
	}
}
