/* ripng_update.c - the RIPng requester: one autostatic update over RIPng (RFC 2080), with the
 * RFC 2091 triggered extensions applied to RIPng the way BIRD's demand circuits use them.
 *
 * Design (the RIP requester's, src/rip/rip_update.c, except where RFC 2080 differs)
 *   States: WAITING (requests out, no valid reply yet) -> COLLECTING (at least one valid reply)
 *   -> DONE (the done callback has run). The callback always runs from a timer.
 *
 *   Request mode: a whole-table Request (one RTE ::/0, prefix length 0, metric 16; RFC 2080
 *   2.4.1) from our link-local address, port 521, hop limit 255, to the neighbour's link-local
 *   address port 521, or to ff02::9 without one. Retransmitted every cfg.timeout until the first
 *   valid Response; cfg.retries requests in all, then ERROR_CAN_NOT_COMPLETE. The neighbour, when
 *   given, must be link-local: RFC 2080 2.4.2 takes Responses only from link-local sources, so
 *   any other address could never answer validly.
 *
 *   Triggered mode (RFC 2091 4.1): an Update Request (9) with one RTE ::/0 metric 16 (BIRD
 *   ignores one without it), retransmitted every cfg.retransmit until the first Update Response,
 *   within a budget of timeout x retries. Every Update Response (10) is acknowledged (11, flush
 *   and sequence echoed, no RTEs) unicast to the neighbour's port 521, duplicates included; a
 *   duplicate (the sequence last applied) is not applied again; flush=1 on a new sequence
 *   discards what the neighbour sent so far. Update Responses are accepted to our address or to
 *   ff02::9: BIRD's start-up session is multicast (and it answers our unicast Update Request
 *   there too while that session runs), and it serves nobody until that one is acknowledged.
 *
 *   End of collection: the RIP requester's adaptive quiet period: clamp(8 x gap, 50 ms,
 *   quiet_ms) in request mode, clamp(2 x gap, quiet_ms, 2 x quiet_ms) in triggered mode,
 *   gap being the largest seen between valid packets.
 *
 *   Without a neighbour, the first valid responder becomes the neighbour.
 *
 * Hop limit (RFC 2080 2.4.2 wants 255 on every Response) and FRR: ripngd answers a request
 * unicast with hop limit 64 (PEERS.md). Dropping that would lose every FRR table, so a Response
 * with a hop limit below 255 is accepted ONLY when it is unicast to our link-local address (any
 * unicast address in replay, where ours is unknown), from a link-local source and port 521 (both
 * checked before), and it is counted as "hop-limit-not-255". Such a packet can only have come
 * from a neighbour that answered us directly: an off-link sender cannot reach a link-local
 * destination. A multicast Response with a hop limit below 255 is dropped as "bad-hop-limit":
 * multicast is where an off-link forger would aim, and no peer we know sends that.
 *
 * Receive gate, in order, each drop counted under its name (session counters, and the channel's
 * through the engine): "bad-source-port", "source-not-link-local" (RFC 2080 2.4.2),
 * "other-neighbour", "wrong-destination", the decoder's reason (as_ripng_err_str),
 * "bad-hop-limit", "unexpected-command" (a plain Response in triggered mode or an Update
 * Response in request mode).
 * Entries: skipped ones under as_ripng_skip_str (a next-hop RTE with a non-link-local address is
 * counted as "next-hop-not-link-local" and means the sender, RFC 2080 2.1.1); metric =
 * min(metric + 1, 16) and 16 is left out as "unreachable". Also counted: "packets-received",
 * "packets-accepted", "routes-received", "next-hop-entries", "hop-limit-not-255",
 * "requests-sent", "acks-sent", "duplicates", "flushes".
 *
 * Next hop (RFC 2080 2.1.1): a next-hop RTE applies to the RTEs after it until the next one;
 * :: or a non-link-local address means the originator. The result's next hop is that link-local
 * next hop, else the neighbour's address.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "src/ripng/ripng_mod.h"

struct ripng_upd {
	struct as_update base;
	struct as_engine *e;
	struct as_chan *ch;
	struct as_update_cfg cfg;
	as_update_done_fn done;
	void *arg;

	bool have_ll6;
	uint8_t our_ll6[16];
	uint8_t dst[16];          /* where requests go */
	struct as_tmpl *tmpl_req; /* requests (and acks when it is the neighbour's unicast) */
	struct as_tmpl *tmpl_ack; /* acks to a neighbour learned from its first reply */
	struct as_endpoint ep[2]; /* classes Response and Update Response */
	bool ep_added[2];
	struct as_timer t_retx, t_budget, t_quiet;

	bool got_reply, finished;
	uint8_t neigh[16]; /* valid when got_reply or cfg.have_neighbour */
	uint64_t last_valid, max_gap;
	bool have_upd_seq;
	uint16_t upd_seq;
};

/* Messages are large (up to 512 RTEs, 20 KB): one received and one to send, kept off the stack
 * and out of the sessions (10,000 sessions would carry 400 MB of them). Only used within one
 * callback, and an engine runs in one thread. */
static _Thread_local struct as_ripng_msg scratch_in, scratch_out;

static void upd_count(struct ripng_upd *u, const char *name)
{
	as_count(&u->base.res.counters, name, 1);
}

static int drop(struct ripng_upd *u, const char **reason, const char *why)
{
	upd_count(u, why);
	*reason = why;
	return -1;
}

static const char *ip6_str(const uint8_t *a, char *buf, size_t len)
{
	inet_ntop(AF_INET6, a, buf, (socklen_t)len);
	return buf;
}

static bool triggered(const struct ripng_upd *u)
{
	return u->cfg.mode == AS_MODE_TRIGGERED;
}

static void teardown(struct ripng_upd *u)
{
	struct as_engine *e = u->e;
	struct as_timer *ts[3] = {&u->t_retx, &u->t_budget, &u->t_quiet};
	for (int i = 0; i < 3; i++)
		if (as_timer_armed(ts[i]))
			as_timer_cancel(e, ts[i]);
	for (int i = 0; i < 2; i++)
		if (u->ep_added[i]) {
			as_endpoint_del(e, &u->ep[i]);
			u->ep_added[i] = false;
		}
	if (u->ch)
		as_engine_flush(e); /* what we queued (the last ack) goes before the channel does */
	if (u->tmpl_ack)
		as_tmpl_free(u->tmpl_ack);
	if (u->tmpl_req)
		as_tmpl_free(u->tmpl_req);
	u->tmpl_ack = u->tmpl_req = NULL;
	if (u->ch)
		as_chan_close(u->ch);
	u->ch = NULL;
}

/* Called from timers only: the callback may free u. */
static void finish(struct ripng_upd *u, int status)
{
	struct as_update_result *res = &u->base.res;
	teardown(u);
	u->finished = true;
	res->status = status;
	res->t_done = as_engine_now(u->e);
	if (u->got_reply) {
		res->have_neighbour = true;
		memcpy(res->neighbour, u->neigh, 16);
	}
	u->done(&u->base, u->arg);
}

static void send_msg(struct ripng_upd *u, struct as_tmpl *t, const struct as_ripng_msg *m,
                     const char *ctr)
{
	/* Our messages carry at most one RTE. */
	uint8_t buf[AS_RIPNG_HDR_LEN + AS_RIPNG_UPD_HDR_LEN + AS_RIPNG_RTE_LEN];
	ssize_t n = as_ripng_encode(m, buf, sizeof buf);
	if (n < 0) {
		upd_count(u, "encode-error");
		return;
	}
	if (as_send(t, buf, (size_t)n) < 0) {
		upd_count(u, "tx-error");
		return;
	}
	upd_count(u, ctr);
}

static void send_request(struct ripng_upd *u)
{
	struct as_ripng_msg *m = &scratch_out;
	memset(m, 0, offsetof(struct as_ripng_msg, e) + sizeof m->e[0]);
	m->command = triggered(u) ? AS_RIPNG_UPDATE_REQUEST : AS_RIPNG_REQUEST;
	m->version = 1;
	m->upd_version = 1;
	m->n_entries = 1;
	m->e[0].metric = AS_RIPNG_METRIC_INFINITY; /* ::/0, RFC 2080 2.4.1 */
	send_msg(u, u->tmpl_req, m, "requests-sent");
	u->base.res.requests_sent++;
}

static void on_budget(struct as_timer *t, void *arg)
{
	(void)t;
	struct ripng_upd *u = arg;
	char a[INET6_ADDRSTRLEN];
	const char *who =
	    u->cfg.have_neighbour ? ip6_str(u->dst, a, sizeof a) : "any neighbour (ff02::9)";
	snprintf(u->base.res.message, sizeof u->base.res.message,
	         "no valid reply from %s on %s within %g s (%u requests)", who, u->cfg.ifname,
	         u->cfg.timeout * u->cfg.retries, u->base.res.requests_sent);
	finish(u, AS_ERROR_CAN_NOT_COMPLETE);
}

static void on_retx(struct as_timer *t, void *arg)
{
	struct ripng_upd *u = arg;
	if (u->got_reply)
		return;
	uint64_t now = as_engine_now(u->e);
	double ival = triggered(u) ? u->cfg.retransmit : u->cfg.timeout;
	/* Request mode: cfg.retries requests in all. Triggered: as many as fit in the budget. */
	if (!triggered(u) && u->base.res.requests_sent >= u->cfg.retries)
		return;
	if (as_timer_armed(&u->t_budget) && now >= u->t_budget.when)
		return;
	send_request(u);
	as_timer_arm(u->e, t, now + as_sec_ns(ival));
}

static void on_quiet(struct as_timer *t, void *arg)
{
	(void)t;
	finish(arg, AS_NO_ERROR);
}

static uint64_t quiet_ns(const struct ripng_upd *u)
{
	return as_update_quiet_ns(triggered(u), u->max_gap, u->cfg.quiet_ms);
}

static void apply_entries(struct ripng_upd *u, const struct as_ripng_msg *m, const uint8_t *src,
                          uint64_t now)
{
	struct as_update_result *res = &u->base.res;
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_ripng_entry *e = &m->e[i];
		if (e->skip)
			upd_count(u, as_ripng_skip_str((enum as_ripng_skip)e->skip));
		if (e->is_next_hop) {
			/* The decoder already resolved which next hop each route gets. */
			upd_count(u, "next-hop-entries");
			continue;
		}
		if (e->skip)
			continue;
		uint32_t metric = (uint32_t)e->metric + 1;
		if (metric >= AS_RIPNG_METRIC_INFINITY) {
			upd_count(u, "unreachable");
			continue;
		}
		struct as_route r;
		memset(&r, 0, sizeof r);
		r.family = AS_RT_IPV6;
		r.plen = e->prefix_len;
		r.tag = e->tag;
		r.metric = metric;
		memcpy(r.prefix, e->prefix, 16);
		memcpy(r.next_hop, as_ip6_is_zero(e->next_hop) ? src : e->next_hop, 16);
		upd_count(u, "routes-received");
		enum as_rt_put p = as_rtable_put(&res->routes, &r);
		if (p == AS_RT_ADDED || p == AS_RT_REPLACED)
			res->t_last_route = now;
		else if (p == AS_RT_NOMEM)
			upd_count(u, "no-memory");
	}
}

static void send_ack(struct ripng_upd *u, struct as_tmpl *t, const struct as_ripng_msg *m)
{
	struct as_ripng_msg *a = &scratch_out;
	memset(a, 0, offsetof(struct as_ripng_msg, e));
	a->command = AS_RIPNG_UPDATE_ACK;
	a->version = 1;
	a->upd_version = 1;
	a->flush = m->flush;
	a->seq = m->seq;
	send_msg(u, t, a, "acks-sent");
}

/* The template acks go through: the request template when it already targets the neighbour,
 * else one built from the neighbour's first reply (its source MAC needs no resolution). */
static struct as_tmpl *ack_tmpl(struct ripng_upd *u, const struct as_rx *rx)
{
	if (u->cfg.have_neighbour)
		return u->tmpl_req;
	if (!u->tmpl_ack) {
		struct as_udp_tmpl_spec s = {
		    .family = 6,
		    .src = u->our_ll6,
		    .dst = u->neigh,
		    .dst_mac = rx->src_mac,
		    .sport = AS_RIPNG_PORT,
		    .dport = AS_RIPNG_PORT,
		    .ttl = AS_RIPNG_HOP_LIMIT,
		};
		if (as_tmpl_udp(u->ch, &s, &u->tmpl_ack) != AS_NO_ERROR)
			u->tmpl_ack = NULL;
	}
	return u->tmpl_ack;
}

/* Our link-local address, or (replay, ours unknown) any unicast address. */
static bool to_us(const struct ripng_upd *u, const uint8_t *dst)
{
	if (as_ip6_is_multicast(dst))
		return false;
	return !u->have_ll6 || memcmp(dst, u->our_ll6, 16) == 0;
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct ripng_upd *u = ep->owner;
	const struct as_frame *f = &rx->f;
	uint64_t now = rx->ts;

	if (u->finished)
		return drop(u, reason, "session-done");
	upd_count(u, "packets-received");
	if (f->sport != AS_RIPNG_PORT)
		return drop(u, reason, "bad-source-port");
	if (!as_ip6_is_link_local(f->src))
		return drop(u, reason, "source-not-link-local");
	if ((u->cfg.have_neighbour || u->got_reply) && memcmp(f->src, u->neigh, 16) != 0)
		return drop(u, reason, "other-neighbour");
	bool unicast = to_us(u, f->dst);
	if (!unicast && memcmp(f->dst, as_ripng_group, 16) != 0)
		return drop(u, reason, "wrong-destination");

	struct as_ripng_msg *m = &scratch_in;
	ssize_t n = as_ripng_decode(f->payload, f->payload_len, m);
	if (n < 0)
		return drop(u, reason, as_ripng_err_str((enum as_ripng_err) - n));
	if (f->ttl != AS_RIPNG_HOP_LIMIT && !unicast)
		return drop(u, reason, "bad-hop-limit");
	unsigned want = triggered(u) ? AS_RIPNG_UPDATE_RESPONSE : AS_RIPNG_RESPONSE;
	if (m->command != want)
		return drop(u, reason, "unexpected-command");

	/* Accepted. */
	if (f->ttl != AS_RIPNG_HOP_LIMIT)
		upd_count(u, "hop-limit-not-255"); /* FRR ripngd: see the top of this file */
	if (!u->got_reply) {
		u->got_reply = true;
		u->base.res.t_first_reply = now;
		memcpy(u->neigh, f->src, 16);
		as_timer_cancel(u->e, &u->t_retx);
		as_timer_cancel(u->e, &u->t_budget);
	} else if (now > u->last_valid && now - u->last_valid > u->max_gap) {
		u->max_gap = now - u->last_valid;
	}
	u->last_valid = now;
	upd_count(u, "packets-accepted");

	if (triggered(u)) {
		struct as_tmpl *t = ack_tmpl(u, rx);
		if (t)
			send_ack(u, t, m);
		else
			upd_count(u, "ack-no-template");
		if (u->have_upd_seq && m->seq == u->upd_seq) {
			upd_count(u, "duplicates");
			as_timer_arm(u->e, &u->t_quiet, now + quiet_ns(u));
			return 0;
		}
		if (m->flush) {
			as_rtable_clear(&u->base.res.routes);
			upd_count(u, "flushes");
		}
		u->have_upd_seq = true;
		u->upd_seq = m->seq;
	}
	apply_entries(u, m, f->src, now);
	as_timer_arm(u->e, &u->t_quiet, now + quiet_ns(u));
	return 0;
}

static void ripng_upd_free(struct as_update *base)
{
	struct ripng_upd *u = (struct ripng_upd *)base;
	if (!u->finished)
		teardown(u);
	as_rtable_free(&u->base.res.routes);
	free(u);
}

static int check_cfg(const struct as_update_cfg *c)
{
	int rc = as_ripng_check_key(&c->key);
	if (rc)
		return rc;
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
	if (c->have_neighbour && !as_ip6_is_link_local(c->neighbour)) {
		char a[INET6_ADDRSTRLEN];
		as_update_seterr("the RIPng neighbour must be a link-local address (fe80::/10), "
		                 "not %s: RFC 2080 accepts Responses only from one",
		                 ip6_str(c->neighbour, a, sizeof a));
		return AS_ERROR_INVALID_PARAMETER;
	}
	return AS_NO_ERROR;
}

int as_ripng_update_start(struct as_engine *e, const struct as_update_cfg *cfg,
                          as_update_done_fn done, void *arg, struct as_update **out)
{
	struct as_iface_info ifi;
	int rc = check_cfg(cfg);
	if (rc)
		return rc;
	rc = as_iface_query(e, cfg->ifname, &ifi);
	if (rc) {
		as_update_seterr("%s", as_engine_error(e));
		return rc;
	}
	if (!ifi.up || !ifi.running) {
		as_update_seterr("interface %s is %s", cfg->ifname,
		                 ifi.up ? "without carrier" : "down");
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	}
	if (!ifi.has_ll6 && !as_engine_is_replay(e)) {
		as_update_seterr("interface %s has no IPv6 link-local address", cfg->ifname);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}

	struct ripng_upd *u = calloc(1, sizeof *u);
	if (!u) {
		as_update_seterr("out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	u->base.free = ripng_upd_free;
	u->e = e;
	u->cfg = *cfg;
	u->done = done;
	u->arg = arg;
	as_rtable_init(&u->base.res.routes);
	u->base.res.family = AS_RT_IPV6;
	u->base.res.status = AS_ERROR_CAN_NOT_COMPLETE;
	as_timer_init(&u->t_retx, on_retx, u);
	as_timer_init(&u->t_budget, on_budget, u);
	as_timer_init(&u->t_quiet, on_quiet, u);
	if (ifi.has_ll6) {
		u->have_ll6 = true;
		memcpy(u->our_ll6, ifi.ll6, 16);
	}
	if (cfg->have_neighbour) {
		memcpy(u->neigh, cfg->neighbour, 16);
		memcpy(u->dst, cfg->neighbour, 16);
		u->base.res.have_neighbour = true;
		memcpy(u->base.res.neighbour, cfg->neighbour, 16);
	} else {
		memcpy(u->dst, as_ripng_group, 16);
	}

	/* Triggered mode waits for one Update Response at a time (RFC 2091): each must reach us
	 * at once. A whole-table Request is answered by a flood: the block ring takes it best. */
	struct as_chan_spec spec = as_ripng_chan_spec;
	spec.low_latency = cfg->mode == AS_MODE_TRIGGERED;
	rc = as_chan_open(e, cfg->ifname, &spec, &u->ch);
	if (rc) {
		u->ch = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	uint8_t mac[6];
	unsigned rto = cfg->timeout * 1000 < 1000 ? (unsigned)(cfg->timeout * 1000) : 1000;
	rc = as_neigh_resolve(u->ch, 6, u->dst, rto, mac);
	if (rc) {
		char a[INET6_ADDRSTRLEN];
		as_update_seterr("%s: cannot resolve the link address of %s on %s",
		                 as_engine_error(e)[0] ? as_engine_error(e) : "no answer",
		                 ip6_str(u->dst, a, sizeof a), cfg->ifname);
		rc = AS_ERROR_CAN_NOT_COMPLETE;
		goto fail;
	}
	struct as_udp_tmpl_spec s = {
	    .family = 6,
	    .src = u->our_ll6,
	    .dst = u->dst,
	    .dst_mac = mac,
	    .sport = AS_RIPNG_PORT,
	    .dport = AS_RIPNG_PORT,
	    .ttl = AS_RIPNG_HOP_LIMIT,
	};
	rc = as_tmpl_udp(u->ch, &s, &u->tmpl_req);
	if (rc) {
		u->tmpl_req = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	static const int cls[2] = {AS_RIPNG_RESPONSE, AS_RIPNG_UPDATE_RESPONSE};
	for (int i = 0; i < 2; i++) {
		struct as_endpoint *ep = &u->ep[i];
		ep->chan = u->ch;
		ep->family = 6;
		if (cfg->have_neighbour)
			memcpy(ep->peer, cfg->neighbour, 16);
		ep->peer_port = 0; /* any: a wrong source port is counted here, not lost */
		ep->cls = cls[i];
		ep->rx = on_rx;
		ep->owner = u;
		rc = as_endpoint_add(e, ep);
		if (rc) {
			char a[INET6_ADDRSTRLEN];
			as_update_seterr("an update already runs on %s for %s", cfg->ifname,
			                 cfg->have_neighbour ? ip6_str(u->neigh, a, sizeof a)
			                                     : "any neighbour");
			goto fail;
		}
		u->ep_added[i] = true;
	}

	uint64_t now = as_engine_now(e);
	u->base.res.t_start = now;
	send_request(u);
	double ival = triggered(u) ? cfg->retransmit : cfg->timeout;
	as_timer_arm(e, &u->t_retx, now + as_sec_ns(ival));
	as_timer_arm(e, &u->t_budget, now + as_sec_ns(cfg->timeout * cfg->retries));
	*out = &u->base;
	return AS_NO_ERROR;
fail:
	teardown(u);
	as_rtable_free(&u->base.res.routes);
	free(u);
	return rc;
}
