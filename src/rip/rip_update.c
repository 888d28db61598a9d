/* rip_update.c - the RIP requester: one autostatic update over RIPv1/RIPv2 (RFC 1058, RFC 2453),
 * RFC 2091 triggered extensions, RFC 2082 / RFC 4822 authentication.
 *
 * Design
 *   States: WAITING (requests out, no valid reply yet) -> COLLECTING (at least one valid reply)
 *   -> DONE (the done callback has run). The callback always runs from a timer.
 *
 *   Request mode: a whole-table Request (one entry, AFI 0, metric 16; RFC 2453 3.9.1) from port
 *   520 to the neighbour's port 520, or to 224.0.0.9 (v2) / 255.255.255.255 (v1) without one.
 *   TTL 1 always: the peer must be directly connected (BIRD checks the source address), and a
 *   request has no business leaving the link. Retransmitted every cfg.timeout until the first
 *   valid Response; cfg.retries requests in all, then ERROR_CAN_NOT_COMPLETE.
 *
 *   Triggered mode (RFC 2091 4.1): an Update Request (9) carrying one entry AFI 0 / metric 16
 *   (BIRD ignores one without it), retransmitted every cfg.retransmit until the first Update
 *   Response; the budget for that first reply is timeout x retries. Every Update Response (10)
 *   is acknowledged (11, flush and sequence echoed, no entries, our authentication) unicast to
 *   the neighbour's port 520, duplicates included; a duplicate (the sequence last applied) is
 *   not applied again; flush=1 on a new sequence discards what the neighbour sent so far.
 *   Responses are accepted to our address or to 224.0.0.9: BIRD's start-up session is
 *   multicast, and it serves nobody until that one is acknowledged.
 *
 *   End of collection: a quiet period after the last valid packet, adapted to the peer's pace
 *   from the largest gap seen between valid packets: clamp(8 x gap, 50 ms, quiet_ms) in request
 *   mode; clamp(2 x gap, quiet_ms, 2 x quiet_ms) in triggered mode: a peer resends an
 *   unacknowledged response only after its own interval (BIRD: 1 s, RFC 2091: 5 s), and RFC
 *   2091 has no end-of-table marker, so a triggered update waits at least quiet_ms, which must
 *   exceed the peer's retransmission interval times the losses in a row to be tolerated.
 *
 *   The neighbour's link address is looked up when the session starts (briefly) and again
 *   before every retransmission, so an unanswered ARP/ND costs attempts, not the session: it
 *   ends with ERROR_CAN_NOT_COMPLETE only when the whole budget passed unresolved.
 *
 *   Without a neighbour, the first valid responder becomes the neighbour.
 *
 * Receive gate, in order, each drop counted under its name (session counters, and the channel's
 * through the engine): "bad-source-port" (RFC 2453 3.9.2), "other-neighbour",
 * "wrong-destination", "not-directly-connected" (when the interface subnet is known), the
 * decoder's reason (as_rip_err_str), "wrong-version" (a v2 request takes v2 answers only; a v1
 * request takes v1 or v2, as RFC 2453 3.6 lets a v2 router answer), "auth-unexpected",
 * "auth-missing", "auth-wrong-type", "auth-failed", "auth-seq-replay" (the crypto sequence
 * number went down: RFC 2082 3.2.2, RFC 4822 3.2.2), "unexpected-command" (a plain Response in
 * triggered mode or an Update Response in request mode).
 * Entries: skipped ones under as_rip_skip_str; metric = min(metric + 1, 16) and 16 is left out
 * as "unreachable". Also counted: "packets-received", "packets-accepted", "routes-received",
 * "requests-sent", "acks-sent", "duplicates", "flushes".
 *
 * Routes: RIPv2 prefixes from the mask; RIPv1 (and v2 with a zero mask) by RFC 1058 3.3 /
 * RFC 1812 rules: the interface's mask inside the interface's classful network, the classful
 * mask elsewhere, /32 when host bits remain. Next hop: RIPv2's when on the interface subnet
 * (or when the subnet is unknown, in replay), else the sender (RFC 2453 4.4).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "src/rip/rip_mod.h"

struct rip_upd {
	struct as_update base;
	struct as_engine *e;
	struct as_chan *ch;
	struct as_update_cfg cfg;
	as_update_done_fn done;
	void *arg;

	uint32_t our_ip;
	bool subnet_known;
	uint32_t if_net, if_mask;
	unsigned if_plen;

	uint32_t dst_ip;          /* where requests go */
	struct as_tmpl *tmpl_req; /* requests (and acks when it is the neighbour's unicast) */
	struct as_tmpl *tmpl_ack; /* acks to a neighbour learned from its first reply */
	int tmpl_err;             /* building the request template failed: not a resolution issue */
	struct as_endpoint ep[2]; /* classes Response and Update Response */
	bool ep_added[2];
	struct as_timer t_retx, t_budget, t_quiet;
	struct as_rip_signer signer;

	bool got_reply, finished;
	uint32_t neigh; /* valid when got_reply or cfg.have_neighbour */
	uint64_t last_valid, max_gap;
	bool have_crypto_seq;
	uint32_t crypto_seq;
	bool have_upd_seq;
	uint16_t upd_seq;
};

static void upd_count(struct rip_upd *u, const char *name)
{
	as_count(&u->base.res.counters, name, 1);
}

static int drop(struct rip_upd *u, const char **reason, const char *why)
{
	upd_count(u, why);
	*reason = why;
	return -1;
}

static const char *ip_str(uint32_t a, char *buf, size_t len)
{
	uint8_t b[4];
	as_ip4_store(b, a);
	inet_ntop(AF_INET, b, buf, (socklen_t)len);
	return buf;
}

static bool triggered(const struct rip_upd *u)
{
	return u->cfg.mode == AS_MODE_TRIGGERED;
}

static void teardown(struct rip_upd *u)
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
static void finish(struct rip_upd *u, int status)
{
	struct as_update_result *res = &u->base.res;
	teardown(u);
	u->finished = true;
	res->status = status;
	res->t_done = as_engine_now(u->e);
	if (u->got_reply) {
		res->have_neighbour = true;
		as_ip4_store(res->neighbour, u->neigh);
	}
	u->done(&u->base, u->arg);
}

static void send_msg(struct rip_upd *u, struct as_tmpl *t, struct as_rip_msg *m, const char *ctr)
{
	uint8_t buf[AS_RIP_MAX_LEN];
	ssize_t n = as_rip_sign_encode(&u->signer, m, buf, sizeof buf);
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

static bool ensure_request_tmpl(struct rip_upd *u, unsigned wait_ms);
static bool ensure_request_tmpl_mac(struct rip_upd *u, unsigned wait_ms, const uint8_t *known);

static void send_request(struct rip_upd *u)
{
	if (!ensure_request_tmpl(u, 100)) {
		upd_count(u, "neighbour-unresolved");
		return;
	}
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = triggered(u) ? AS_RIP_UPDATE_REQUEST : AS_RIP_REQUEST;
	m.version = (uint8_t)u->cfg.rip_version;
	m.upd_version = 1;
	m.n_entries = 1;
	m.e[0].afi = 0;
	m.e[0].metric = AS_RIP_METRIC_INFINITY;
	send_msg(u, u->tmpl_req, &m, "requests-sent");
	u->base.res.requests_sent++;
}

static void on_budget(struct as_timer *t, void *arg)
{
	(void)t;
	struct rip_upd *u = arg;
	char a[INET_ADDRSTRLEN];
	const char *who = u->cfg.have_neighbour     ? ip_str(u->dst_ip, a, sizeof a)
	                  : u->cfg.rip_version == 1 ? "any neighbour (broadcast)"
	                                            : "any neighbour (224.0.0.9)";
	if (!u->tmpl_req && u->base.res.message[0]) {
		/* never sent anything: say why (the message names the unresolved address) */
	} else {
		snprintf(u->base.res.message, sizeof u->base.res.message,
		         "no valid reply from %s on %s within %g s (%u requests)", who,
		         u->cfg.ifname, u->cfg.timeout * u->cfg.retries,
		         u->base.res.requests_sent);
	}
	finish(u, AS_ERROR_CAN_NOT_COMPLETE);
}

static void on_retx(struct as_timer *t, void *arg)
{
	struct rip_upd *u = arg;
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

static uint64_t quiet_ns(const struct rip_upd *u)
{
	return as_update_quiet_ns(triggered(u), u->max_gap, u->cfg.quiet_ms);
}

/* RIPv1 prefix length (RFC 1058 3.3, RFC 1812 7.2.1). */
static unsigned infer_plen(const struct rip_upd *u, uint32_t addr)
{
	if (addr == 0)
		return 0;
	unsigned cl = (addr >> 31) == 0 ? 8 : (addr >> 30) == 2 ? 16 : (addr >> 29) == 6 ? 24 : 32;
	unsigned plen = cl;
	uint32_t cm = as_ip4_mask(cl);
	if (u->subnet_known && u->if_plen >= cl && (addr & cm) == (u->if_net & cm))
		plen = u->if_plen;
	if (addr & ~as_ip4_mask(plen))
		plen = 32;
	return plen;
}

static void apply_entries(struct rip_upd *u, const struct as_rip_msg *m, uint32_t src, uint64_t now)
{
	struct as_update_result *res = &u->base.res;
	struct as_route rt[AS_RIP_MAX_ENTRIES];
	unsigned n = 0;
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_rip_entry *e = &m->e[i];
		if (e->skip) {
			upd_count(u, as_rip_skip_str((enum as_rip_skip)e->skip));
			continue;
		}
		if (e->afi != AS_RIP_AFI_INET) {
			upd_count(u, as_rip_skip_str(AS_RIP_SKIP_AFI));
			continue;
		}
		uint32_t metric = e->metric + 1;
		if (metric >= AS_RIP_METRIC_INFINITY) {
			upd_count(u, "unreachable");
			continue;
		}
		bool v1 = m->version == 1;
		unsigned plen = v1 || e->mask == 0 ? infer_plen(u, e->addr) : e->prefix_len;
		uint32_t nh = v1 ? 0 : e->next_hop;
		if (nh == 0 || (u->subnet_known && (nh & u->if_mask) != u->if_net))
			nh = src;
		struct as_route *r = &rt[n++];
		memset(r, 0, sizeof *r);
		r->family = AS_RT_IPV4;
		r->plen = (uint8_t)plen;
		r->tag = v1 ? 0 : e->tag;
		r->metric = metric;
		as_ip4_store(r->prefix, e->addr & as_ip4_mask(plen));
		as_ip4_store(r->next_hop, nh);
		as_rtable_prefetch(&res->routes, r);
	}
	/* Put after prefetching the whole packet's slots: in a large table each put is a cache
	 * miss, and overlapping them is most of the cost of a million-route update. */
	if (n)
		as_count(&u->base.res.counters, "routes-received", n);
	for (unsigned i = 0; i < n; i++) {
		enum as_rt_put p = as_rtable_put(&res->routes, &rt[i]);
		if (p == AS_RT_ADDED || p == AS_RT_REPLACED)
			res->t_last_route = now;
		else if (p == AS_RT_NOMEM)
			upd_count(u, "no-memory");
	}
}

static void send_ack(struct rip_upd *u, struct as_tmpl *t, const struct as_rip_msg *m)
{
	struct as_rip_msg a;
	memset(&a, 0, sizeof a);
	a.command = AS_RIP_UPDATE_ACK;
	a.version = m->version;
	a.upd_version = 1;
	a.flush = m->flush;
	a.seq = m->seq;
	send_msg(u, t, &a, "acks-sent");
}

/* The template acks go through: the request template when it already targets the neighbour,
 * else one built from the neighbour's first reply (its source MAC needs no resolution). */
static bool is_zero_mac(const uint8_t m[6])
{
	return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

static struct as_tmpl *ack_tmpl(struct rip_upd *u, const struct as_rx *rx)
{
	if (u->cfg.have_neighbour) {
		/* The neighbour's unicast template; when its ARP was lost, the frame we are about to
		 * acknowledge came from the neighbour itself and tells its link address. Without an
		 * acknowledgement a peer (BIRD's start-up session) resends forever. */
		if (!u->tmpl_req && !is_zero_mac(rx->src_mac))
			ensure_request_tmpl_mac(u, 0, rx->src_mac);
		return u->tmpl_req;
	}
	if (!u->tmpl_ack) {
		uint8_t src[4], dst[4];
		as_ip4_store(src, u->our_ip);
		as_ip4_store(dst, u->neigh);
		struct as_udp_tmpl_spec s = {
		    .family = 4,
		    .src = src,
		    .dst = dst,
		    .dst_mac = rx->src_mac,
		    .sport = AS_RIP_PORT,
		    .dport = AS_RIP_PORT,
		    .ttl = AS_RIP_TTL,
		};
		if (as_tmpl_udp(u->ch, &s, &u->tmpl_ack) != AS_NO_ERROR)
			u->tmpl_ack = NULL;
	}
	return u->tmpl_ack;
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct rip_upd *u = ep->owner;
	const struct as_frame *f = &rx->f;
	uint64_t now = rx->ts;
	uint32_t src = as_ip4_load(f->src), dst = as_ip4_load(f->dst);

	if (u->finished)
		return drop(u, reason, "session-done");
	upd_count(u, "packets-received");
	if (f->sport != AS_RIP_PORT)
		return drop(u, reason, "bad-source-port");
	if ((u->cfg.have_neighbour || u->got_reply) && src != u->neigh)
		return drop(u, reason, "other-neighbour");
	if (u->our_ip && dst != u->our_ip && dst != AS_RIP_MCAST_GROUP && dst != 0xFFFFFFFFu &&
	    !(u->subnet_known && dst == (u->if_net | ~u->if_mask)))
		return drop(u, reason, "wrong-destination");
	if (u->subnet_known && (src & u->if_mask) != u->if_net)
		return drop(u, reason, "not-directly-connected");

	struct as_rip_msg m;
	ssize_t n = as_rip_decode(f->payload, f->payload_len, &m);
	if (n < 0)
		return drop(u, reason, as_rip_err_str((enum as_rip_err) - n));
	if (u->cfg.rip_version == 2 && m.version != 2)
		return drop(u, reason, "wrong-version");
	const char *why = as_rip_auth_check(f->payload, f->payload_len, &m, &u->cfg.key);
	if (why)
		return drop(u, reason, why);
	if (m.auth.type == AS_RIP_AUTH_CRYPTO && u->have_crypto_seq && m.auth.seq < u->crypto_seq)
		return drop(u, reason, "auth-seq-replay");
	unsigned want = triggered(u) ? AS_RIP_UPDATE_RESPONSE : AS_RIP_RESPONSE;
	if (m.command != want)
		return drop(u, reason, "unexpected-command");

	/* Accepted. */
	if (m.auth.type == AS_RIP_AUTH_CRYPTO) {
		u->have_crypto_seq = true;
		u->crypto_seq = m.auth.seq;
	}
	if (!u->got_reply) {
		u->got_reply = true;
		u->base.res.t_first_reply = now;
		u->neigh = src;
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
			send_ack(u, t, &m);
		else
			upd_count(u, "ack-no-template");
		if (u->have_upd_seq && m.seq == u->upd_seq) {
			upd_count(u, "duplicates");
			as_timer_arm(u->e, &u->t_quiet, now + quiet_ns(u));
			return 0;
		}
		if (m.flush) {
			as_rtable_clear(&u->base.res.routes);
			upd_count(u, "flushes");
		}
		u->have_upd_seq = true;
		u->upd_seq = m.seq;
	}
	apply_entries(u, &m, src, now);
	as_timer_arm(u->e, &u->t_quiet, now + quiet_ns(u));
	return 0;
}

static void rip_upd_free(struct as_update *base)
{
	struct rip_upd *u = (struct rip_upd *)base;
	if (!u->finished)
		teardown(u);
	as_rtable_free(&u->base.res.routes);
	free(u);
}

static int check_cfg(const struct as_update_cfg *c)
{
	if (c->rip_version != 1 && c->rip_version != 2) {
		as_update_seterr("RIP version must be 1 or 2, not %d", c->rip_version);
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (c->rip_version == 1 && c->key.alg != AS_RIP_ALG_NONE) {
		as_update_seterr("RIPv1 has no authentication: use RIP version 2 with a key");
		return AS_ERROR_INVALID_PARAMETER;
	}
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

/* The request template, built once the neighbour's (or the group's) link address is known.
 * Returns false while it is unresolved; u->tmpl_err is set when building failed otherwise. */
static bool ensure_request_tmpl_mac(struct rip_upd *u, unsigned wait_ms, const uint8_t *known)
{
	if (u->tmpl_req)
		return true;
	uint8_t src[4], dst[4], mac[6];
	as_ip4_store(src, u->our_ip);
	as_ip4_store(dst, u->dst_ip);
	if (known)
		memcpy(mac, known, 6);
	else if (as_neigh_resolve(u->ch, 4, dst, wait_ms, mac) != AS_NO_ERROR) {
		char a[INET_ADDRSTRLEN];
		snprintf(u->base.res.message, sizeof u->base.res.message,
			 "the link address of %s on %s is unresolved (no ARP reply)",
			 ip_str(u->dst_ip, a, sizeof a), u->cfg.ifname);
		return false;
	}
	struct as_udp_tmpl_spec s = {
	    .family = 4,
	    .src = src,
	    .dst = dst,
	    .dst_mac = mac,
	    .sport = AS_RIP_PORT,
	    .dport = AS_RIP_PORT,
	    .ttl = AS_RIP_TTL,
	};
	int rc = as_tmpl_udp(u->ch, &s, &u->tmpl_req);
	if (rc) {
		u->tmpl_req = NULL;
		u->tmpl_err = rc;
		return false;
	}
	u->base.res.message[0] = 0;
	return true;
}

static bool ensure_request_tmpl(struct rip_upd *u, unsigned wait_ms)
{
	return ensure_request_tmpl_mac(u, wait_ms, NULL);
}

int as_rip_update_start(struct as_engine *e, const struct as_update_cfg *cfg,
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
	if (!ifi.has_ip4 && !as_engine_is_replay(e)) {
		as_update_seterr("interface %s has no IPv4 address", cfg->ifname);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}

	struct rip_upd *u = calloc(1, sizeof *u);
	if (!u) {
		as_update_seterr("out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	u->base.free = rip_upd_free;
	u->e = e;
	u->cfg = *cfg;
	u->done = done;
	u->arg = arg;
	as_rtable_init(&u->base.res.routes);
	u->base.res.family = AS_RT_IPV4;
	u->base.res.status = AS_ERROR_CAN_NOT_COMPLETE;
	as_timer_init(&u->t_retx, on_retx, u);
	as_timer_init(&u->t_budget, on_budget, u);
	as_timer_init(&u->t_quiet, on_quiet, u);
	if (ifi.has_ip4) {
		u->our_ip = as_ip4_load(ifi.ip4);
		if (ifi.ip4_plen > 0 && ifi.ip4_plen < 32 && u->our_ip) {
			u->subnet_known = true;
			u->if_plen = ifi.ip4_plen;
			u->if_mask = as_ip4_mask(ifi.ip4_plen);
			u->if_net = u->our_ip & u->if_mask;
		}
	}
	if (cfg->have_neighbour) {
		u->neigh = as_ip4_load(cfg->neighbour);
		u->dst_ip = u->neigh;
		u->base.res.have_neighbour = true;
		memcpy(u->base.res.neighbour, cfg->neighbour, 4);
	} else {
		u->dst_ip = cfg->rip_version == 1 ? 0xFFFFFFFFu : AS_RIP_MCAST_GROUP;
	}

	/* Triggered mode waits for one Update Response at a time (RFC 2091): each must reach us
	 * at once. A whole-table Request is answered by a flood: the block ring takes it best. */
	struct as_chan_spec spec = as_rip_chan_spec;
	spec.low_latency = cfg->mode == AS_MODE_TRIGGERED;
	rc = as_chan_open(e, cfg->ifname, &spec, &u->ch);
	if (rc) {
		u->ch = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	unsigned rto = cfg->timeout * 1000 < 300 ? (unsigned)(cfg->timeout * 1000) : 300;
	if (!ensure_request_tmpl(u, rto) && u->tmpl_err) {
		rc = u->tmpl_err;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	static const int cls[2] = {AS_RIP_RESPONSE, AS_RIP_UPDATE_RESPONSE};
	for (int i = 0; i < 2; i++) {
		struct as_endpoint *ep = &u->ep[i];
		ep->chan = u->ch;
		ep->family = 4;
		if (cfg->have_neighbour)
			memcpy(ep->peer, cfg->neighbour, 4);
		ep->peer_port = 0; /* any: a wrong source port is counted here, not lost */
		ep->cls = cls[i];
		ep->rx = on_rx;
		ep->owner = u;
		rc = as_endpoint_add(e, ep);
		if (rc) {
			char a[INET_ADDRSTRLEN];
			as_update_seterr("an update already runs on %s for %s", cfg->ifname,
			                 cfg->have_neighbour ? ip_str(u->neigh, a, sizeof a)
			                                     : "any neighbour");
			goto fail;
		}
		u->ep_added[i] = true;
	}

	as_rip_signer_init(&u->signer, &cfg->key, e);
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
