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

#include "src/core/session.h"
#include "src/rip/rip_mod.h"

struct rip_upd {
	struct as_sess s; /* first: the session is its struct as_update */

	uint32_t our_ip;
	bool subnet_known;
	uint32_t if_net, if_mask;
	unsigned if_plen;

	uint32_t dst_ip; /* where requests go */
	int tmpl_err;    /* building the request template failed: not a resolution issue */
	struct as_rip_signer signer;

	uint32_t neigh; /* valid when s.got_reply or cfg.have_neighbour */
	bool have_crypto_seq;
	uint32_t crypto_seq;
	bool have_upd_seq;
	uint16_t upd_seq;
};

static const char *ip_str(uint32_t a, char *buf, size_t len)
{
	uint8_t b[4];
	as_ip4_store(b, a);
	inet_ntop(AF_INET, b, buf, (socklen_t)len);
	return buf;
}

/* Called from timers only: the callback may free u. */
static void finish(struct rip_upd *u, int status)
{
	if (u->s.got_reply) {
		u->s.base.res.have_neighbour = true;
		as_ip4_store(u->s.base.res.neighbour, u->neigh);
	}
	as_sess_finish(&u->s, status);
}

static void send_msg(struct rip_upd *u, struct as_tmpl *t, struct as_rip_msg *m, const char *ctr)
{
	uint8_t buf[AS_RIP_MAX_LEN];
	ssize_t n = as_rip_sign_encode(&u->signer, m, buf, sizeof buf);
	as_sess_send(&u->s, t, buf, n, ctr);
}

static bool ensure_request_tmpl(struct rip_upd *u, unsigned wait_ms);
static bool ensure_request_tmpl_mac(struct rip_upd *u, unsigned wait_ms, const uint8_t *known);

static void send_request(struct rip_upd *u)
{
	if (!ensure_request_tmpl(u, 100)) {
		as_sess_count(&u->s, "neighbour-unresolved");
		return;
	}
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = as_sess_triggered(&u->s) ? AS_RIP_UPDATE_REQUEST : AS_RIP_REQUEST;
	m.version = (uint8_t)u->s.cfg.rip_version;
	m.upd_version = 1;
	m.n_entries = 1;
	m.e[0].afi = 0;
	m.e[0].metric = AS_RIP_METRIC_INFINITY;
	send_msg(u, u->s.tmpl_req, &m, "requests-sent");
	u->s.base.res.requests_sent++;
}

static void on_budget(struct as_timer *t, void *arg)
{
	(void)t;
	struct rip_upd *u = arg;
	char a[INET_ADDRSTRLEN];
	const char *who = u->s.cfg.have_neighbour     ? ip_str(u->dst_ip, a, sizeof a)
	                  : u->s.cfg.rip_version == 1 ? "any neighbour (broadcast)"
	                                            : "any neighbour (224.0.0.9)";
	if (!u->s.tmpl_req && u->s.base.res.message[0]) {
		/* never sent anything: say why (the message names the unresolved address) */
	} else {
		snprintf(u->s.base.res.message, sizeof u->s.base.res.message,
		         "no valid reply from %s on %s within %g s (%u requests)", who,
		         u->s.cfg.ifname, u->s.cfg.timeout * u->s.cfg.retries,
		         u->s.base.res.requests_sent);
	}
	finish(u, AS_ERROR_CAN_NOT_COMPLETE);
}

static void on_retx(struct as_timer *t, void *arg)
{
	struct rip_upd *u = arg;
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
	struct as_route rt[AS_RIP_MAX_ENTRIES];
	unsigned n = 0;
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_rip_entry *e = &m->e[i];
		if (e->skip) {
			as_sess_count(&u->s, as_rip_skip_str((enum as_rip_skip)e->skip));
			continue;
		}
		if (e->afi != AS_RIP_AFI_INET) {
			as_sess_count(&u->s, as_rip_skip_str(AS_RIP_SKIP_AFI));
			continue;
		}
		uint32_t metric = e->metric + 1;
		if (metric >= AS_RIP_METRIC_INFINITY) {
			as_sess_count(&u->s, "unreachable");
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
	}
	as_sess_put_routes(&u->s, rt, n, now);
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
	if (u->s.cfg.have_neighbour) {
		/* The neighbour's unicast template; when its ARP was lost, the frame we are about to
		 * acknowledge came from the neighbour itself and tells its link address. Without an
		 * acknowledgement a peer (BIRD's start-up session) resends forever. */
		if (!u->s.tmpl_req && !is_zero_mac(rx->src_mac))
			ensure_request_tmpl_mac(u, 0, rx->src_mac);
		return u->s.tmpl_req;
	}
	if (!u->s.tmpl_ack) {
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
		if (as_tmpl_udp(u->s.ch, &s, &u->s.tmpl_ack) != AS_NO_ERROR)
			u->s.tmpl_ack = NULL;
	}
	return u->s.tmpl_ack;
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct rip_upd *u = ep->owner;
	const struct as_frame *f = &rx->f;
	uint64_t now = rx->ts;
	uint32_t src = as_ip4_load(f->src), dst = as_ip4_load(f->dst);

	if (u->s.finished)
		return as_sess_drop(&u->s, reason, "session-done");
	as_sess_count(&u->s, "packets-received");
	if (f->sport != AS_RIP_PORT)
		return as_sess_drop(&u->s, reason, "bad-source-port");
	if ((u->s.cfg.have_neighbour || u->s.got_reply) && src != u->neigh)
		return as_sess_drop(&u->s, reason, "other-neighbour");
	if (u->our_ip && dst != u->our_ip && dst != AS_RIP_MCAST_GROUP && dst != 0xFFFFFFFFu &&
	    !(u->subnet_known && dst == (u->if_net | ~u->if_mask)))
		return as_sess_drop(&u->s, reason, "wrong-destination");
	if (u->subnet_known && (src & u->if_mask) != u->if_net)
		return as_sess_drop(&u->s, reason, "not-directly-connected");

	struct as_rip_msg m;
	ssize_t n = as_rip_decode(f->payload, f->payload_len, &m);
	if (n < 0)
		return as_sess_drop(&u->s, reason, as_rip_err_str((enum as_rip_err) - n));
	if (u->s.cfg.rip_version == 2 && m.version != 2)
		return as_sess_drop(&u->s, reason, "wrong-version");
	const char *why = as_rip_auth_check(f->payload, f->payload_len, &m, &u->s.cfg.key);
	if (why)
		return as_sess_drop(&u->s, reason, why);
	if (m.auth.type == AS_RIP_AUTH_CRYPTO && u->have_crypto_seq && m.auth.seq < u->crypto_seq)
		return as_sess_drop(&u->s, reason, "auth-seq-replay");
	unsigned want = as_sess_triggered(&u->s) ? AS_RIP_UPDATE_RESPONSE : AS_RIP_RESPONSE;
	if (m.command != want)
		return as_sess_drop(&u->s, reason, "unexpected-command");

	/* Accepted. */
	if (m.auth.type == AS_RIP_AUTH_CRYPTO) {
		u->have_crypto_seq = true;
		u->crypto_seq = m.auth.seq;
	}
	if (as_sess_accept(&u->s, now)) {
		u->neigh = src;
		as_timer_cancel(u->s.e, &u->s.t_retx);
	}

	if (as_sess_triggered(&u->s)) {
		struct as_tmpl *t = ack_tmpl(u, rx);
		if (t)
			send_ack(u, t, &m);
		else
			as_sess_count(&u->s, "ack-no-template");
		if (u->have_upd_seq && m.seq == u->upd_seq) {
			as_sess_count(&u->s, "duplicates");
			as_timer_arm(u->s.e, &u->s.t_quiet, now + as_sess_quiet_ns(&u->s));
			return 0;
		}
		if (m.flush) {
			as_rtable_clear(&u->s.base.res.routes);
			as_sess_count(&u->s, "flushes");
		}
		u->have_upd_seq = true;
		u->upd_seq = m.seq;
	}
	apply_entries(u, &m, src, now);
	as_timer_arm(u->s.e, &u->s.t_quiet, now + as_sess_quiet_ns(&u->s));
	return 0;
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
	return as_sess_check_timing(c);
}

/* The request template, built once the neighbour's (or the group's) link address is known.
 * Returns false while it is unresolved; u->tmpl_err is set when building failed otherwise. */
static bool ensure_request_tmpl_mac(struct rip_upd *u, unsigned wait_ms, const uint8_t *known)
{
	if (u->s.tmpl_req)
		return true;
	uint8_t src[4], dst[4], mac[6];
	as_ip4_store(src, u->our_ip);
	as_ip4_store(dst, u->dst_ip);
	if (known)
		memcpy(mac, known, 6);
	else if (as_neigh_resolve(u->s.ch, 4, dst, wait_ms, mac) != AS_NO_ERROR) {
		char a[INET_ADDRSTRLEN];
		snprintf(u->s.base.res.message, sizeof u->s.base.res.message,
			 "the link address of %s on %s is unresolved (no ARP reply)",
			 ip_str(u->dst_ip, a, sizeof a), u->s.cfg.ifname);
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
	int rc = as_tmpl_udp(u->s.ch, &s, &u->s.tmpl_req);
	if (rc) {
		u->s.tmpl_req = NULL;
		u->tmpl_err = rc;
		return false;
	}
	u->s.base.res.message[0] = 0;
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
	rc = as_sess_iface(e, cfg->ifname, 4, &ifi);
	if (rc)
		return rc;

	struct rip_upd *u = as_sess_new(sizeof *u, e, cfg, done, arg, AS_RT_IPV4, as_sess_free,
	                                on_retx, on_budget, on_quiet);
	if (!u)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
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
		u->s.base.res.have_neighbour = true;
		memcpy(u->s.base.res.neighbour, cfg->neighbour, 4);
	} else {
		u->dst_ip = cfg->rip_version == 1 ? 0xFFFFFFFFu : AS_RIP_MCAST_GROUP;
	}

	rc = as_sess_open(&u->s, &as_rip_chan_spec);
	if (rc)
		goto fail;
	unsigned rto = cfg->timeout * 1000 < 300 ? (unsigned)(cfg->timeout * 1000) : 300;
	if (!ensure_request_tmpl(u, rto) && u->tmpl_err) {
		rc = u->tmpl_err;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	static const int cls[2] = {AS_RIP_RESPONSE, AS_RIP_UPDATE_RESPONSE};
	rc = as_sess_listen(&u->s, 4, cls, 2, on_rx);
	if (rc)
		goto fail;

	as_rip_signer_init(&u->signer, &cfg->key, e);
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
