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

#include "src/core/session.h"
#include "src/ripng/ripng_mod.h"

struct ripng_upd {
	struct as_sess s; /* first: the session is its struct as_update */

	bool have_ll6;
	uint8_t our_ll6[16];
	uint8_t dst[16]; /* where requests go */

	uint8_t neigh[16]; /* valid when s.got_reply or cfg.have_neighbour */
	bool have_upd_seq;
	uint16_t upd_seq;
};

/* Messages are large (up to 512 RTEs, 20 KB): one received and one to send, kept off the stack
 * and out of the sessions (10,000 sessions would carry 400 MB of them). Only used within one
 * callback, and an engine runs in one thread. */
static _Thread_local struct as_ripng_msg scratch_in, scratch_out;

static const char *ip6_str(const uint8_t *a, char *buf, size_t len)
{
	inet_ntop(AF_INET6, a, buf, (socklen_t)len);
	return buf;
}

/* Called from timers only: the callback may free u. */
static void finish(struct ripng_upd *u, int status)
{
	if (u->s.got_reply) {
		u->s.base.res.have_neighbour = true;
		memcpy(u->s.base.res.neighbour, u->neigh, 16);
	}
	as_sess_finish(&u->s, status);
}

static void send_msg(struct ripng_upd *u, struct as_tmpl *t, const struct as_ripng_msg *m,
                     const char *ctr)
{
	/* Our messages carry at most one RTE. */
	uint8_t buf[AS_RIPNG_HDR_LEN + AS_RIPNG_UPD_HDR_LEN + AS_RIPNG_RTE_LEN];
	ssize_t n = as_ripng_encode(m, buf, sizeof buf);
	as_sess_send(&u->s, t, buf, n, ctr);
}

static void send_request(struct ripng_upd *u)
{
	struct as_ripng_msg *m = &scratch_out;
	memset(m, 0, offsetof(struct as_ripng_msg, e) + sizeof m->e[0]);
	m->command = as_sess_triggered(&u->s) ? AS_RIPNG_UPDATE_REQUEST : AS_RIPNG_REQUEST;
	m->version = 1;
	m->upd_version = 1;
	m->n_entries = 1;
	m->e[0].metric = AS_RIPNG_METRIC_INFINITY; /* ::/0, RFC 2080 2.4.1 */
	send_msg(u, u->s.tmpl_req, m, "requests-sent");
	u->s.base.res.requests_sent++;
}

static void on_budget(struct as_timer *t, void *arg)
{
	(void)t;
	struct ripng_upd *u = arg;
	char a[INET6_ADDRSTRLEN];
	const char *who =
	    u->s.cfg.have_neighbour ? ip6_str(u->dst, a, sizeof a) : "any neighbour (ff02::9)";
	snprintf(u->s.base.res.message, sizeof u->s.base.res.message,
	         "no valid reply from %s on %s within %g s (%u requests)", who, u->s.cfg.ifname,
	         u->s.cfg.timeout * u->s.cfg.retries, u->s.base.res.requests_sent);
	finish(u, AS_ERROR_CAN_NOT_COMPLETE);
}

static void on_retx(struct as_timer *t, void *arg)
{
	struct ripng_upd *u = arg;
	uint64_t now = as_engine_now(u->s.e);
	if (!as_sess_retx_due(&u->s, now))
		return;
	send_request(u);
	as_timer_arm(u->s.e, t, now + as_sec_ns(as_sess_retx_ival(&u->s)));
}

static void on_quiet(struct as_timer *t, void *arg)
{
	(void)t;
	finish(arg, AS_NO_ERROR);
}

static void apply_entries(struct ripng_upd *u, const struct as_ripng_msg *m, const uint8_t *src,
                          uint64_t now)
{
	struct as_route rt[32]; /* put in chunks, each prefetched first (as_sess_put_routes) */
	unsigned n = 0;
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_ripng_entry *e = &m->e[i];
		if (e->skip)
			as_sess_count(&u->s, as_ripng_skip_str((enum as_ripng_skip)e->skip));
		if (e->is_next_hop) {
			/* The decoder already resolved which next hop each route gets. */
			as_sess_count(&u->s, "next-hop-entries");
			continue;
		}
		if (e->skip)
			continue;
		uint32_t metric = (uint32_t)e->metric + 1;
		if (metric >= AS_RIPNG_METRIC_INFINITY) {
			as_sess_count(&u->s, "unreachable");
			continue;
		}
		struct as_route *r = &rt[n++];
		memset(r, 0, sizeof *r);
		r->family = AS_RT_IPV6;
		r->plen = e->prefix_len;
		r->tag = e->tag;
		r->metric = metric;
		memcpy(r->prefix, e->prefix, 16);
		memcpy(r->next_hop, as_ip6_is_zero(e->next_hop) ? src : e->next_hop, 16);
		if (n == sizeof rt / sizeof rt[0]) {
			as_sess_put_routes(&u->s, rt, n, now);
			n = 0;
		}
	}
	as_sess_put_routes(&u->s, rt, n, now);
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
	if (u->s.cfg.have_neighbour)
		return u->s.tmpl_req;
	if (!u->s.tmpl_ack) {
		struct as_udp_tmpl_spec s = {
		    .family = 6,
		    .src = u->our_ll6,
		    .dst = u->neigh,
		    .dst_mac = rx->src_mac,
		    .sport = AS_RIPNG_PORT,
		    .dport = AS_RIPNG_PORT,
		    .ttl = AS_RIPNG_HOP_LIMIT,
		};
		if (as_tmpl_udp(u->s.ch, &s, &u->s.tmpl_ack) != AS_NO_ERROR)
			u->s.tmpl_ack = NULL;
	}
	return u->s.tmpl_ack;
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

	if (u->s.finished)
		return as_sess_drop(&u->s, reason, "session-done");
	as_sess_count(&u->s, "packets-received");
	if (f->sport != AS_RIPNG_PORT)
		return as_sess_drop(&u->s, reason, "bad-source-port");
	if (!as_ip6_is_link_local(f->src))
		return as_sess_drop(&u->s, reason, "source-not-link-local");
	if ((u->s.cfg.have_neighbour || u->s.got_reply) && memcmp(f->src, u->neigh, 16) != 0)
		return as_sess_drop(&u->s, reason, "other-neighbour");
	bool unicast = to_us(u, f->dst);
	if (!unicast && memcmp(f->dst, as_ripng_group, 16) != 0)
		return as_sess_drop(&u->s, reason, "wrong-destination");

	struct as_ripng_msg *m = &scratch_in;
	ssize_t n = as_ripng_decode(f->payload, f->payload_len, m);
	if (n < 0)
		return as_sess_drop(&u->s, reason, as_ripng_err_str((enum as_ripng_err) - n));
	if (f->ttl != AS_RIPNG_HOP_LIMIT && !unicast)
		return as_sess_drop(&u->s, reason, "bad-hop-limit");
	unsigned want = as_sess_triggered(&u->s) ? AS_RIPNG_UPDATE_RESPONSE : AS_RIPNG_RESPONSE;
	if (m->command != want)
		return as_sess_drop(&u->s, reason, "unexpected-command");

	/* Accepted. */
	if (f->ttl != AS_RIPNG_HOP_LIMIT)
		as_sess_count(&u->s, "hop-limit-not-255"); /* FRR ripngd: see the file's top */
	if (as_sess_accept(&u->s, now)) {
		memcpy(u->neigh, f->src, 16);
		as_timer_cancel(u->s.e, &u->s.t_retx);
	}

	if (as_sess_triggered(&u->s)) {
		struct as_tmpl *t = ack_tmpl(u, rx);
		if (t)
			send_ack(u, t, m);
		else
			as_sess_count(&u->s, "ack-no-template");
		if (u->have_upd_seq && m->seq == u->upd_seq) {
			as_sess_count(&u->s, "duplicates");
			as_timer_arm(u->s.e, &u->s.t_quiet, now + as_sess_quiet_ns(&u->s));
			return 0;
		}
		if (m->flush) {
			as_rtable_clear(&u->s.base.res.routes);
			as_sess_count(&u->s, "flushes");
		}
		u->have_upd_seq = true;
		u->upd_seq = m->seq;
	}
	apply_entries(u, m, f->src, now);
	as_timer_arm(u->s.e, &u->s.t_quiet, now + as_sess_quiet_ns(&u->s));
	return 0;
}

static int check_cfg(const struct as_update_cfg *c)
{
	int rc = as_ripng_check_key(&c->key);
	if (rc)
		return rc;
	rc = as_sess_check_timing(c);
	if (rc)
		return rc;
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
	rc = as_sess_iface(e, cfg->ifname, 6, &ifi);
	if (rc)
		return rc;

	struct ripng_upd *u = as_sess_new(sizeof *u, e, cfg, done, arg, AS_RT_IPV6, as_sess_free,
	                                  on_retx, on_budget, on_quiet);
	if (!u)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	if (ifi.has_ll6) {
		u->have_ll6 = true;
		memcpy(u->our_ll6, ifi.ll6, 16);
	}
	if (cfg->have_neighbour) {
		memcpy(u->neigh, cfg->neighbour, 16);
		memcpy(u->dst, cfg->neighbour, 16);
		u->s.base.res.have_neighbour = true;
		memcpy(u->s.base.res.neighbour, cfg->neighbour, 16);
	} else {
		memcpy(u->dst, as_ripng_group, 16);
	}

	rc = as_sess_open(&u->s, &as_ripng_chan_spec);
	if (rc)
		goto fail;
	uint8_t mac[6];
	unsigned rto = cfg->timeout * 1000 < 1000 ? (unsigned)(cfg->timeout * 1000) : 1000;
	rc = as_neigh_resolve(u->s.ch, 6, u->dst, rto, mac);
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
	rc = as_tmpl_udp(u->s.ch, &s, &u->s.tmpl_req);
	if (rc) {
		u->s.tmpl_req = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	static const int cls[2] = {AS_RIPNG_RESPONSE, AS_RIPNG_UPDATE_RESPONSE};
	rc = as_sess_listen(&u->s, 6, cls, 2, on_rx);
	if (rc)
		goto fail;

	uint64_t now = as_engine_now(e);
	u->s.base.res.t_start = now;
	send_request(u);
	as_sess_arm(&u->s, now);
	*out = &u->s.base;
	return AS_NO_ERROR;
fail:
	as_sess_free(&u->s.base);
	return rc;
}
