/* ipx_update.c - the IPX requester: one autostatic update over Novell IPX RIP and SAP
 * (PROTOCOLS.md 5.4, 5.5) with the RFC 2091 triggered operations (sections 5.4, 5.5).
 *
 * Design
 *   States as in the RIP requester: WAITING -> COLLECTING -> DONE; the done callback always
 *   runs from a timer. cfg.what chooses RIP (AS_UPDATE_ROUTES), SAP (AS_UPDATE_SERVICES) or
 *   both (0); each has its own sub-session (asked, answered, RFC 2091 sequence).
 *
 *   Request mode: an IPX RIP general request (operation 1, one entry network FFFFFFFF, hops 16,
 *   ticks FFFF as FreeBSD IPXrouted sends it: receivers must not check these fields, and
 *   IPXrouted itself only answers hops 16) from socket 0x0453 to socket 0x0453, and a SAP
 *   general query (operation 1, service type FFFF) from 0x0452 to 0x0452, packet types 1 and 4,
 *   in the configured framing, to the neighbour's node (cfg.neighbour = network + node) or
 *   broadcast. Our node is the interface MAC; our network is cfg.ipx_network, else 0 until a
 *   reply's source network teaches it ("network-learned"). Retransmitted every cfg.timeout for
 *   each protocol not answered yet, cfg.retries requests per protocol in all; without any
 *   valid reply within timeout x retries, ERROR_CAN_NOT_COMPLETE.
 *
 *   Triggered mode: Update Requests (9) for RIP and/or SAP, retransmitted every cfg.retransmit
 *   until answered; every Update Response (10) is acknowledged (11, flush and sequence echoed)
 *   unicast to its source address and socket, duplicates included; a duplicate (the sequence
 *   last applied for that protocol) is not applied again; flush=1 on a new sequence discards
 *   what that protocol brought so far.
 *
 *   End of collection: the RIP requester's quiet rules (clamp(8 x gap, 50 ms, quiet_ms); in
 *   triggered mode clamp(2 x gap, quiet_ms, 2 x quiet_ms)), except that while a
 *   protocol asked has not answered yet the quiet period is its upper bound: a router without
 *   services may never answer the SAP query, a slow one answers late.
 *
 *   Without a neighbour, the first valid responder becomes the neighbour.
 *
 *   Metrics: IPX advertisements already include the advertising router's hop and link delay
 *   (PROTOCOLS.md 5.4: attached networks go out as hops 1, ticks 2; IPXrouted sends stored + 1),
 *   unlike IP RIP where the receiver adds the cost. So routes and services are kept with the
 *   hops and ticks the neighbour advertised, which is what reaching them through it costs;
 *   hops 16 (unreachable, going down) are left out. Best per network: the fewest ticks, then
 *   the fewest hops (Novell's route choice); per (type, name): the fewest hops.
 *
 * Receive gate, in order, each drop counted under its name: "wrong-framing" (802.2 and SNAP
 * share a channel), "other-neighbour" (node, and network when both are known), "wrong-
 * destination" (not our node nor broadcast, or another network than ours), "not-directly-
 * connected" (transport control above 0: a router forwarded it), the codec's reason
 * (as_ipxrip_err_str / as_sap_err_str), "unexpected-command". Entries: the codec's skip reason,
 * "unreachable" (hops 16), "reserved-network" (0 or FFFFFFFF). Also counted: "packets-received",
 * "packets-accepted", "routes-received", "services-received", "requests-sent", "acks-sent",
 * "duplicates", "flushes", "network-learned".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/ipx/ipx_mod.h"

enum { SUB_RIP = 0, SUB_SAP = 1, NSUB = 2 };

struct sub {
	bool want;     /* asked for */
	bool got;      /* answered at least once */
	unsigned sent; /* requests sent */
	bool have_seq;
	uint16_t seq; /* RFC 2091: the sequence last applied */
};

struct ipx_upd {
	struct as_update base;
	struct as_engine *e;
	struct as_chan *ch;
	struct as_update_cfg cfg;
	as_update_done_fn done;
	void *arg;

	enum as_ipx_framing fr;
	uint8_t our_node[6];
	uint32_t our_net;
	bool net_known;
	uint32_t neigh_net;
	uint8_t neigh_node[6];
	bool neigh_known; /* configured, or learned from the first valid reply */

	struct as_tmpl *tmpl_req;
	struct as_tmpl *tmpl_ack;
	uint8_t ack_mac[6];
	struct as_endpoint ep[4];
	bool ep_added[4];
	struct as_timer t_retx, t_budget, t_quiet;

	bool got_reply, finished;
	uint64_t last_valid, max_gap;
	struct sub sub[NSUB];
};

static const uint8_t bcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

static void upd_count(struct ipx_upd *u, const char *name)
{
	as_count(&u->base.res.counters, name, 1);
}

static int drop(struct ipx_upd *u, const char **reason, const char *why)
{
	upd_count(u, why);
	*reason = why;
	return -1;
}

static bool triggered(const struct ipx_upd *u)
{
	return u->cfg.mode == AS_MODE_TRIGGERED;
}

static void teardown(struct ipx_upd *u)
{
	struct as_engine *e = u->e;
	struct as_timer *ts[3] = {&u->t_retx, &u->t_budget, &u->t_quiet};
	for (int i = 0; i < 3; i++)
		if (as_timer_armed(ts[i]))
			as_timer_cancel(e, ts[i]);
	for (int i = 0; i < 4; i++)
		if (u->ep_added[i]) {
			as_endpoint_del(e, &u->ep[i]);
			u->ep_added[i] = false;
		}
	if (u->ch)
		as_engine_flush(e); /* the last ack goes out before the channel closes */
	if (u->tmpl_ack)
		as_tmpl_free(u->tmpl_ack);
	if (u->tmpl_req)
		as_tmpl_free(u->tmpl_req);
	u->tmpl_ack = u->tmpl_req = NULL;
	if (u->ch)
		as_chan_close(u->ch);
	u->ch = NULL;
}

static void store_neighbour(uint8_t out[16], uint32_t net, const uint8_t node[6])
{
	memset(out, 0, 16);
	as_ipx_net_store(out, net);
	memcpy(out + 4, node, 6);
}

/* Called from timers only: the callback may free u. */
static void finish(struct ipx_upd *u, int status)
{
	struct as_update_result *res = &u->base.res;
	teardown(u);
	u->finished = true;
	res->status = status;
	res->t_done = as_engine_now(u->e);
	if (u->neigh_known) {
		res->have_neighbour = true;
		store_neighbour(res->neighbour, u->neigh_net, u->neigh_node);
	}
	u->done(&u->base, u->arg);
}

static void our_addr(const struct ipx_upd *u, struct as_ipx_addr *a, uint16_t socket)
{
	a->net = u->net_known ? u->our_net : 0;
	memcpy(a->node, u->our_node, 6);
	a->socket = socket;
}

static void send_pkt(struct ipx_upd *u, struct as_tmpl *t, const uint8_t *buf, ssize_t n,
                     const char *ctr)
{
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

static void send_request(struct ipx_upd *u, int k)
{
	uint8_t buf[AS_IPX_MAX_LEN];
	struct as_ipx_addr src, dst;
	uint16_t sock = k == SUB_RIP ? AS_IPX_SOCKET_RIP : AS_IPX_SOCKET_SAP;
	our_addr(u, &src, sock);
	dst.net = u->cfg.have_neighbour ? u->neigh_net : src.net;
	memcpy(dst.node, u->cfg.have_neighbour ? u->neigh_node : bcast, 6);
	dst.socket = sock;
	ssize_t n;
	if (k == SUB_RIP) {
		struct as_ipxrip_msg m;
		memset(&m, 0, sizeof m);
		if (triggered(u)) {
			m.op = AS_IPXRIP_UPDATE_REQUEST;
			m.upd_version = 1;
		} else {
			m.op = AS_IPXRIP_REQUEST;
			m.n_entries = 1;
			m.e[0].net = AS_IPXRIP_NET_ALL;
			m.e[0].hops = AS_IPX_HOPS_INFINITY;
			m.e[0].ticks = 0xFFFF;
		}
		n = as_ipx_pack_rip(buf, sizeof buf, &m, &dst, &src);
	} else {
		struct as_sap_msg m;
		memset(&m, 0, sizeof m);
		if (triggered(u)) {
			m.op = AS_SAP_UPDATE_REQUEST;
			m.upd_version = 1;
		} else {
			m.op = AS_SAP_GENERAL_QUERY;
			m.service_type = AS_SAP_TYPE_ALL;
		}
		n = as_ipx_pack_sap(buf, sizeof buf, &m, &dst, &src);
	}
	send_pkt(u, u->tmpl_req, buf, n, "requests-sent");
	u->sub[k].sent++;
	u->base.res.requests_sent++;
}

/* Sends the requests still due; returns whether any was. */
static bool send_due(struct ipx_upd *u)
{
	bool any = false;
	for (int k = 0; k < NSUB; k++) {
		struct sub *s = &u->sub[k];
		if (!s->want || s->got)
			continue;
		if (!triggered(u) && s->sent >= u->cfg.retries)
			continue;
		send_request(u, k);
		any = true;
	}
	return any;
}

static void on_budget(struct as_timer *t, void *arg)
{
	(void)t;
	struct ipx_upd *u = arg;
	char who[64];
	if (u->cfg.have_neighbour)
		snprintf(who, sizeof who, "%08x.%02x:%02x:%02x:%02x:%02x:%02x", u->neigh_net,
		         u->neigh_node[0], u->neigh_node[1], u->neigh_node[2], u->neigh_node[3],
		         u->neigh_node[4], u->neigh_node[5]);
	else
		snprintf(who, sizeof who, "any neighbour (broadcast)");
	snprintf(u->base.res.message, sizeof u->base.res.message,
	         "no valid IPX reply from %s on %s (%s) within %g s (%u requests)", who,
	         u->cfg.ifname, as_ipx_framing_str(u->fr), u->cfg.timeout * u->cfg.retries,
	         u->base.res.requests_sent);
	finish(u, AS_ERROR_CAN_NOT_COMPLETE);
}

static void on_retx(struct as_timer *t, void *arg)
{
	struct ipx_upd *u = arg;
	uint64_t now = as_engine_now(u->e);
	if (!u->got_reply && as_timer_armed(&u->t_budget) && now >= u->t_budget.when)
		return;
	if (send_due(u))
		as_timer_arm(u->e, t,
		             now + as_sec_ns(triggered(u) ? u->cfg.retransmit : u->cfg.timeout));
}

static void on_quiet(struct as_timer *t, void *arg)
{
	(void)t;
	finish(arg, AS_NO_ERROR);
}

static uint64_t quiet_ns(const struct ipx_upd *u)
{
	/* While a protocol asked has not answered, wait the whole upper bound: a router without
	 * services may never answer the SAP query, and a slow one still gets its time. */
	for (int k = 0; k < NSUB; k++)
		if (u->sub[k].want && !u->sub[k].got)
			return as_update_quiet_ns(triggered(u), UINT64_MAX / 4, u->cfg.quiet_ms);
	return as_update_quiet_ns(triggered(u), u->max_gap, u->cfg.quiet_ms);
}

static void apply_rip(struct ipx_upd *u, const struct as_ipxrip_msg *m, const uint8_t *node,
                      uint64_t now)
{
	struct as_rtable *t = &u->base.res.routes;
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_ipxrip_entry *e = &m->e[i];
		if (e->skip) {
			upd_count(u, as_ipxrip_skip_str((enum as_ipxrip_skip)e->skip));
			continue;
		}
		if (e->hops >= AS_IPX_HOPS_INFINITY) {
			upd_count(u, "unreachable");
			continue;
		}
		if (e->net == 0 || e->net == AS_IPXRIP_NET_ALL) {
			upd_count(u, "reserved-network");
			continue;
		}
		struct as_route r;
		memset(&r, 0, sizeof r);
		r.family = AS_RT_IPX;
		r.plen = 32;
		as_ipx_net_store(r.prefix, e->net);
		r.metric = e->hops;
		r.tag = e->ticks;
		memcpy(r.next_hop, node, 6);
		upd_count(u, "routes-received");
		const struct as_route *old = as_rtable_get(t, AS_RT_IPX, r.prefix, 32);
		if (old) {
			/* Novell's choice: fewer ticks first, then fewer hops. */
			if (r.tag < old->tag || (r.tag == old->tag && r.metric < old->metric)) {
				t->r[old - t->r] = r;
				u->base.res.t_last_route = now;
			}
			continue;
		}
		enum as_rt_put p = as_rtable_put(t, &r);
		if (p == AS_RT_ADDED)
			u->base.res.t_last_route = now;
		else if (p == AS_RT_NOMEM)
			upd_count(u, "no-memory");
	}
}

static void apply_sap(struct ipx_upd *u, const struct as_sap_msg *m, uint64_t now)
{
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_sap_entry *e = &m->e[i];
		if (e->skip) {
			upd_count(u, as_sap_skip_str((enum as_sap_skip)e->skip));
			continue;
		}
		if (e->hops >= AS_IPX_HOPS_INFINITY) {
			upd_count(u, "unreachable");
			continue;
		}
		struct as_service s;
		as_ipx_sap_to_service(e, &s);
		upd_count(u, "services-received");
		int p = as_svctable_put(&u->base.res.services, &s);
		if (p == AS_RT_ADDED || p == AS_RT_REPLACED)
			u->base.res.t_last_route = now;
		else if (p == AS_RT_NOMEM)
			upd_count(u, "no-memory");
	}
}

/* Acks go through the request template when it already targets the neighbour's node, else
 * through one built from the neighbour's first reply (its source MAC needs no resolution). */
static struct as_tmpl *ack_tmpl(struct ipx_upd *u, const struct as_rx *rx)
{
	if (u->cfg.have_neighbour && memcmp(u->neigh_node, rx->src_mac, 6) == 0)
		return u->tmpl_req;
	if (u->tmpl_ack && memcmp(u->ack_mac, rx->src_mac, 6) != 0) {
		as_tmpl_free(u->tmpl_ack);
		u->tmpl_ack = NULL;
	}
	if (!u->tmpl_ack) {
		if (as_ipx_tmpl(u->ch, u->fr, rx->src_mac, &u->tmpl_ack) != AS_NO_ERROR)
			u->tmpl_ack = NULL;
		else
			memcpy(u->ack_mac, rx->src_mac, 6);
	}
	return u->tmpl_ack;
}

static void send_ack(struct ipx_upd *u, const struct as_rx *rx, const struct as_ipx_hdr *h, int k,
                     uint8_t flush, uint16_t seq)
{
	struct as_tmpl *t = ack_tmpl(u, rx);
	if (!t) {
		upd_count(u, "ack-no-template");
		return;
	}
	uint8_t buf[AS_IPX_MAX_LEN];
	struct as_ipx_addr src;
	our_addr(u, &src, h->dst.socket);
	ssize_t n;
	if (k == SUB_RIP) {
		struct as_ipxrip_msg a;
		memset(&a, 0, sizeof a);
		a.op = AS_IPXRIP_UPDATE_ACK;
		a.upd_version = 1;
		a.flush = flush;
		a.seq = seq;
		n = as_ipx_pack_rip(buf, sizeof buf, &a, &h->src, &src);
	} else {
		struct as_sap_msg a;
		memset(&a, 0, sizeof a);
		a.op = AS_SAP_UPDATE_ACK;
		a.upd_version = 1;
		a.flush = flush;
		a.seq = seq;
		n = as_ipx_pack_sap(buf, sizeof buf, &a, &h->src, &src);
	}
	send_pkt(u, t, buf, n, "acks-sent");
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct ipx_upd *u = ep->owner;
	uint64_t now = rx->ts;
	if (u->finished)
		return drop(u, reason, "session-done");
	upd_count(u, "packets-received");
	if (rx->f.ipx_framing != u->fr)
		return drop(u, reason, "wrong-framing");
	struct as_ipx_hdr h;
	const uint8_t *data;
	size_t len;
	as_ipx_rx_hdr(rx, &h, &data, &len);
	if (u->neigh_known && (memcmp(h.src.node, u->neigh_node, 6) != 0 ||
	                       (u->neigh_net && h.src.net && h.src.net != u->neigh_net)))
		return drop(u, reason, "other-neighbour");
	static const uint8_t zero[6];
	if ((memcmp(u->our_node, zero, 6) != 0 && memcmp(h.dst.node, u->our_node, 6) != 0 &&
	     memcmp(h.dst.node, bcast, 6) != 0) ||
	    (u->net_known && h.dst.net && h.dst.net != u->our_net))
		return drop(u, reason, "wrong-destination");
	if (h.tc != 0)
		return drop(u, reason, "not-directly-connected");

	int k = as_ipx_socket_kind(h.dst.socket) == AS_IPX_KIND_RIP ? SUB_RIP : SUB_SAP;
	unsigned want_op = triggered(u) ? 10 : 2; /* the same numbers for RIP and SAP */
	struct as_ipxrip_msg rm;
	struct as_sap_msg sm;
	unsigned op;
	uint8_t flush;
	uint16_t seq;
	if (k == SUB_RIP) {
		ssize_t n = as_ipxrip_decode(data, len, &rm);
		if (n < 0)
			return drop(u, reason, as_ipxrip_err_str((enum as_ipxrip_err) - n));
		op = rm.op, flush = rm.flush, seq = rm.seq;
	} else {
		ssize_t n = as_sap_decode(data, len, &sm);
		if (n < 0)
			return drop(u, reason, as_sap_err_str((enum as_sap_err) - n));
		op = sm.op, flush = sm.flush, seq = sm.seq;
	}
	if (op != want_op || !u->sub[k].want)
		return drop(u, reason, "unexpected-command");

	/* Accepted. */
	if (!u->net_known && h.src.net != 0) {
		u->net_known = true;
		u->our_net = h.src.net;
		upd_count(u, "network-learned");
	}
	if (!u->got_reply) {
		u->got_reply = true;
		u->base.res.t_first_reply = now;
		as_timer_cancel(u->e, &u->t_budget);
	} else if (now > u->last_valid && now - u->last_valid > u->max_gap) {
		u->max_gap = now - u->last_valid;
	}
	if (!u->neigh_known) {
		u->neigh_known = true;
		u->neigh_net = h.src.net;
		memcpy(u->neigh_node, h.src.node, 6);
	} else if (!u->neigh_net && h.src.net) {
		u->neigh_net = h.src.net;
	}
	u->sub[k].got = true;
	u->last_valid = now;
	upd_count(u, "packets-accepted");

	if (triggered(u)) {
		send_ack(u, rx, &h, k, flush, seq);
		struct sub *s = &u->sub[k];
		if (s->have_seq && seq == s->seq) {
			upd_count(u, "duplicates");
			as_timer_arm(u->e, &u->t_quiet, now + quiet_ns(u));
			return 0;
		}
		if (flush) {
			if (k == SUB_RIP)
				as_rtable_clear(&u->base.res.routes);
			else
				as_svctable_clear(&u->base.res.services);
			upd_count(u, "flushes");
		}
		s->have_seq = true;
		s->seq = seq;
	}
	if (k == SUB_RIP)
		apply_rip(u, &rm, h.src.node, now);
	else
		apply_sap(u, &sm, now);
	as_timer_arm(u->e, &u->t_quiet, now + quiet_ns(u));
	return 0;
}

static void ipx_upd_free(struct as_update *base)
{
	struct ipx_upd *u = (struct ipx_upd *)base;
	if (!u->finished)
		teardown(u);
	as_rtable_free(&u->base.res.routes);
	as_svctable_free(&u->base.res.services);
	free(u);
}

static int check_cfg(const struct as_update_cfg *c)
{
	if (!as_ipx_framing_ok(c->ipx_frame)) {
		as_update_seterr("unknown IPX framing %d", c->ipx_frame);
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (c->what & ~(AS_UPDATE_ROUTES | AS_UPDATE_SERVICES)) {
		as_update_seterr("IPX updates ask for routes (0x4) and/or services (0x8), not 0x%x",
		                 c->what);
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (c->key.alg != AS_RIP_ALG_NONE) {
		as_update_seterr("IPX RIP and SAP have no authentication");
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
	if (c->have_ipx_network && (c->ipx_network == 0 || c->ipx_network == 0xFFFFFFFFu)) {
		as_update_seterr("IPX network 0 and FFFFFFFF are reserved");
		return AS_ERROR_INVALID_PARAMETER;
	}
	return AS_NO_ERROR;
}

int as_ipx_update_start(struct as_engine *e, const struct as_update_cfg *cfg,
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

	struct ipx_upd *u = calloc(1, sizeof *u);
	if (!u) {
		as_update_seterr("out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	u->base.free = ipx_upd_free;
	u->e = e;
	u->cfg = *cfg;
	u->done = done;
	u->arg = arg;
	as_rtable_init(&u->base.res.routes);
	as_svctable_init(&u->base.res.services);
	u->base.res.family = AS_RT_IPX;
	u->base.res.status = AS_ERROR_CAN_NOT_COMPLETE;
	unsigned what = cfg->what ? cfg->what : AS_UPDATE_ROUTES | AS_UPDATE_SERVICES;
	u->base.res.what = what;
	u->sub[SUB_RIP].want = (what & AS_UPDATE_ROUTES) != 0;
	u->sub[SUB_SAP].want = (what & AS_UPDATE_SERVICES) != 0;
	as_timer_init(&u->t_retx, on_retx, u);
	as_timer_init(&u->t_budget, on_budget, u);
	as_timer_init(&u->t_quiet, on_quiet, u);
	u->fr = as_ipx_framing_of(cfg->ipx_frame);
	memcpy(u->our_node, ifi.mac, 6);
	u->net_known = cfg->have_ipx_network;
	u->our_net = cfg->have_ipx_network ? cfg->ipx_network : 0;
	if (cfg->have_neighbour) {
		u->neigh_known = true;
		u->neigh_net = as_ipx_net_load(cfg->neighbour);
		memcpy(u->neigh_node, cfg->neighbour + 4, 6);
		u->base.res.have_neighbour = true;
		store_neighbour(u->base.res.neighbour, u->neigh_net, u->neigh_node);
	}

	/* Triggered mode is acknowledgement-bound: a TPACKET_V2 ring wakes us per response. */
	struct as_chan_spec spec = *as_ipx_chan_spec(u->fr);
	spec.low_latency = triggered(u);
	rc = as_chan_open(e, cfg->ifname, &spec, &u->ch);
	if (rc) {
		u->ch = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	/* An IPX node is the station's MAC on Ethernet: nothing to resolve. */
	rc = as_ipx_tmpl(u->ch, u->fr, cfg->have_neighbour ? u->neigh_node : bcast, &u->tmpl_req);
	if (rc) {
		u->tmpl_req = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	int nep = 0;
	for (int k = 0; k < NSUB; k++) {
		if (!u->sub[k].want)
			continue;
		for (int j = 0; j < 2; j++) {
			struct as_endpoint *ep = &u->ep[nep];
			unsigned op = j == 0 ? 2 : 10;
			ep->chan = u->ch;
			ep->family = 0;
			/* Keyed by the neighbour when its network is known; otherwise the network
			 * of its replies is not, and on_rx checks the node. */
			if (cfg->have_neighbour && u->neigh_net)
				store_neighbour(ep->peer, u->neigh_net, u->neigh_node);
			ep->peer_port = 0;
			ep->cls = k == SUB_RIP ? AS_IPX_CLS_RIP(op) : AS_IPX_CLS_SAP(op);
			ep->rx = on_rx;
			ep->owner = u;
			rc = as_endpoint_add(e, ep);
			if (rc) {
				as_update_seterr("an IPX update already runs on %s (%s)",
				                 cfg->ifname, as_ipx_framing_str(u->fr));
				goto fail;
			}
			u->ep_added[nep++] = true;
		}
	}

	uint64_t now = as_engine_now(e);
	u->base.res.t_start = now;
	send_due(u);
	as_timer_arm(e, &u->t_retx, now + as_sec_ns(triggered(u) ? cfg->retransmit : cfg->timeout));
	as_timer_arm(e, &u->t_budget, now + as_sec_ns(cfg->timeout * cfg->retries));
	*out = &u->base;
	return AS_NO_ERROR;
fail:
	teardown(u);
	as_rtable_free(&u->base.res.routes);
	as_svctable_free(&u->base.res.services);
	free(u);
	return rc;
}
