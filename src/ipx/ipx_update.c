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

#include "src/core/session.h"
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
	struct as_sess s; /* first: the session is its struct as_update */

	enum as_ipx_framing fr;
	uint8_t our_node[6];
	uint32_t our_net;
	bool net_known;
	uint32_t neigh_net;
	uint8_t neigh_node[6];
	bool neigh_known; /* configured, or learned from the first valid reply */

	uint8_t ack_mac[6];
	struct sub sub[NSUB];
};

static const uint8_t bcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

static void store_neighbour(uint8_t out[16], uint32_t net, const uint8_t node[6])
{
	memset(out, 0, 16);
	as_ipx_net_store(out, net);
	memcpy(out + 4, node, 6);
}

/* Called from timers only: the callback may free u. */
static void finish(struct ipx_upd *u, int status)
{
	if (u->neigh_known) {
		u->s.base.res.have_neighbour = true;
		store_neighbour(u->s.base.res.neighbour, u->neigh_net, u->neigh_node);
	}
	as_sess_finish(&u->s, status);
}

static void our_addr(const struct ipx_upd *u, struct as_ipx_addr *a, uint16_t socket)
{
	a->net = u->net_known ? u->our_net : 0;
	memcpy(a->node, u->our_node, 6);
	a->socket = socket;
}

static void send_request(struct ipx_upd *u, int k)
{
	uint8_t buf[AS_IPX_MAX_LEN];
	struct as_ipx_addr src, dst;
	uint16_t sock = k == SUB_RIP ? AS_IPX_SOCKET_RIP : AS_IPX_SOCKET_SAP;
	our_addr(u, &src, sock);
	dst.net = u->s.cfg.have_neighbour ? u->neigh_net : src.net;
	memcpy(dst.node, u->s.cfg.have_neighbour ? u->neigh_node : bcast, 6);
	dst.socket = sock;
	ssize_t n;
	if (k == SUB_RIP) {
		struct as_ipxrip_msg m;
		memset(&m, 0, sizeof m);
		if (as_sess_triggered(&u->s)) {
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
		if (as_sess_triggered(&u->s)) {
			m.op = AS_SAP_UPDATE_REQUEST;
			m.upd_version = 1;
		} else {
			m.op = AS_SAP_GENERAL_QUERY;
			m.service_type = AS_SAP_TYPE_ALL;
		}
		n = as_ipx_pack_sap(buf, sizeof buf, &m, &dst, &src);
	}
	as_sess_send(&u->s, u->s.tmpl_req, buf, n, "requests-sent");
	u->sub[k].sent++;
	u->s.base.res.requests_sent++;
}

/* Sends the requests still due; returns whether any was. */
static bool send_due(struct ipx_upd *u)
{
	bool any = false;
	for (int k = 0; k < NSUB; k++) {
		struct sub *s = &u->sub[k];
		if (!s->want || s->got)
			continue;
		if (!as_sess_triggered(&u->s) && s->sent >= u->s.cfg.retries)
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
	if (u->s.cfg.have_neighbour)
		snprintf(who, sizeof who, "%08x.%02x:%02x:%02x:%02x:%02x:%02x", u->neigh_net,
		         u->neigh_node[0], u->neigh_node[1], u->neigh_node[2], u->neigh_node[3],
		         u->neigh_node[4], u->neigh_node[5]);
	else
		snprintf(who, sizeof who, "any neighbour (broadcast)");
	snprintf(u->s.base.res.message, sizeof u->s.base.res.message,
	         "no valid IPX reply from %s on %s (%s) within %g s (%u requests)", who,
	         u->s.cfg.ifname, as_ipx_framing_str(u->fr), u->s.cfg.timeout * u->s.cfg.retries,
	         u->s.base.res.requests_sent);
	finish(u, AS_ERROR_CAN_NOT_COMPLETE);
}

static void on_retx(struct as_timer *t, void *arg)
{
	struct ipx_upd *u = arg;
	uint64_t now = as_engine_now(u->s.e);
	if (!u->s.got_reply && as_sess_budget_spent(&u->s, now))
		return;
	if (send_due(u))
		as_timer_arm(u->s.e, t, now + as_sec_ns(as_sess_retx_ival(&u->s)));
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
			return as_update_quiet_ns(as_sess_triggered(&u->s), UINT64_MAX / 4,
			                          u->s.cfg.quiet_ms);
	return as_sess_quiet_ns(&u->s);
}

static void apply_rip(struct ipx_upd *u, const struct as_ipxrip_msg *m, const uint8_t *node,
                      uint64_t now)
{
	struct as_rtable *t = &u->s.base.res.routes;
	/* Start loading every entry's hash slot first: in a large table the misses overlap. */
	for (unsigned i = 0; i < m->n_entries; i++) {
		struct as_route k = {.family = AS_RT_IPX, .plen = 32};
		as_ipx_net_store(k.prefix, m->e[i].net);
		as_rtable_prefetch(t, &k);
	}
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_ipxrip_entry *e = &m->e[i];
		if (e->skip) {
			as_sess_count(&u->s, as_ipxrip_skip_str((enum as_ipxrip_skip)e->skip));
			continue;
		}
		if (e->hops >= AS_IPX_HOPS_INFINITY) {
			as_sess_count(&u->s, "unreachable");
			continue;
		}
		if (e->net == 0 || e->net == AS_IPXRIP_NET_ALL) {
			as_sess_count(&u->s, "reserved-network");
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
		as_sess_count(&u->s, "routes-received");
		const struct as_route *old = as_rtable_get(t, AS_RT_IPX, r.prefix, 32);
		if (old) {
			/* Novell's choice: fewer ticks first, then fewer hops. */
			if (r.tag < old->tag || (r.tag == old->tag && r.metric < old->metric)) {
				t->r[old - t->r] = r;
				u->s.base.res.t_last_route = now;
			}
			continue;
		}
		enum as_rt_put p = as_rtable_put(t, &r);
		if (p == AS_RT_ADDED)
			u->s.base.res.t_last_route = now;
		else if (p == AS_RT_NOMEM)
			as_sess_count(&u->s, "no-memory");
	}
}

static void apply_sap(struct ipx_upd *u, const struct as_sap_msg *m, uint64_t now)
{
	for (unsigned i = 0; i < m->n_entries; i++) {
		const struct as_sap_entry *e = &m->e[i];
		if (e->skip) {
			as_sess_count(&u->s, as_sap_skip_str((enum as_sap_skip)e->skip));
			continue;
		}
		if (e->hops >= AS_IPX_HOPS_INFINITY) {
			as_sess_count(&u->s, "unreachable");
			continue;
		}
		struct as_service s;
		as_ipx_sap_to_service(e, &s);
		as_sess_count(&u->s, "services-received");
		int p = as_svctable_put(&u->s.base.res.services, &s);
		if (p == AS_RT_ADDED || p == AS_RT_REPLACED)
			u->s.base.res.t_last_route = now;
		else if (p == AS_RT_NOMEM)
			as_sess_count(&u->s, "no-memory");
	}
}

/* Acks go through the request template when it already targets the neighbour's node, else
 * through one built from the neighbour's first reply (its source MAC needs no resolution). */
static struct as_tmpl *ack_tmpl(struct ipx_upd *u, const struct as_rx *rx)
{
	if (u->s.cfg.have_neighbour && memcmp(u->neigh_node, rx->src_mac, 6) == 0)
		return u->s.tmpl_req;
	if (u->s.tmpl_ack && memcmp(u->ack_mac, rx->src_mac, 6) != 0) {
		as_tmpl_free(u->s.tmpl_ack);
		u->s.tmpl_ack = NULL;
	}
	if (!u->s.tmpl_ack) {
		if (as_ipx_tmpl(u->s.ch, u->fr, rx->src_mac, &u->s.tmpl_ack) != AS_NO_ERROR)
			u->s.tmpl_ack = NULL;
		else
			memcpy(u->ack_mac, rx->src_mac, 6);
	}
	return u->s.tmpl_ack;
}

static void send_ack(struct ipx_upd *u, const struct as_rx *rx, const struct as_ipx_hdr *h, int k,
                     uint8_t flush, uint16_t seq)
{
	struct as_tmpl *t = ack_tmpl(u, rx);
	if (!t) {
		as_sess_count(&u->s, "ack-no-template");
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
	as_sess_send(&u->s, t, buf, n, "acks-sent");
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct ipx_upd *u = ep->owner;
	uint64_t now = rx->ts;
	if (u->s.finished)
		return as_sess_drop(&u->s, reason, "session-done");
	as_sess_count(&u->s, "packets-received");
	if (rx->f.ipx_framing != u->fr)
		return as_sess_drop(&u->s, reason, "wrong-framing");
	struct as_ipx_hdr h;
	const uint8_t *data;
	size_t len;
	as_ipx_rx_hdr(rx, &h, &data, &len);
	if (u->neigh_known && (memcmp(h.src.node, u->neigh_node, 6) != 0 ||
	                       (u->neigh_net && h.src.net && h.src.net != u->neigh_net)))
		return as_sess_drop(&u->s, reason, "other-neighbour");
	static const uint8_t zero[6];
	if ((memcmp(u->our_node, zero, 6) != 0 && memcmp(h.dst.node, u->our_node, 6) != 0 &&
	     memcmp(h.dst.node, bcast, 6) != 0) ||
	    (u->net_known && h.dst.net && h.dst.net != u->our_net))
		return as_sess_drop(&u->s, reason, "wrong-destination");
	if (h.tc != 0)
		return as_sess_drop(&u->s, reason, "not-directly-connected");

	int k = as_ipx_socket_kind(h.dst.socket) == AS_IPX_KIND_RIP ? SUB_RIP : SUB_SAP;
	unsigned want_op = as_sess_triggered(&u->s) ? 10 : 2; /* the same numbers for RIP and SAP */
	struct as_ipxrip_msg rm;
	struct as_sap_msg sm;
	unsigned op;
	uint8_t flush;
	uint16_t seq;
	if (k == SUB_RIP) {
		ssize_t n = as_ipxrip_decode(data, len, &rm);
		if (n < 0)
			return as_sess_drop(&u->s, reason,
			                    as_ipxrip_err_str((enum as_ipxrip_err) - n));
		op = rm.op, flush = rm.flush, seq = rm.seq;
	} else {
		ssize_t n = as_sap_decode(data, len, &sm);
		if (n < 0)
			return as_sess_drop(&u->s, reason, as_sap_err_str((enum as_sap_err) - n));
		op = sm.op, flush = sm.flush, seq = sm.seq;
	}
	if (op != want_op || !u->sub[k].want)
		return as_sess_drop(&u->s, reason, "unexpected-command");

	/* Accepted. */
	if (!u->net_known && h.src.net != 0) {
		u->net_known = true;
		u->our_net = h.src.net;
		as_sess_count(&u->s, "network-learned");
	}
	as_sess_accept(&u->s, now);
	if (!u->neigh_known) {
		u->neigh_known = true;
		u->neigh_net = h.src.net;
		memcpy(u->neigh_node, h.src.node, 6);
	} else if (!u->neigh_net && h.src.net) {
		u->neigh_net = h.src.net;
	}
	u->sub[k].got = true;

	if (as_sess_triggered(&u->s)) {
		send_ack(u, rx, &h, k, flush, seq);
		struct sub *s = &u->sub[k];
		if (s->have_seq && seq == s->seq) {
			as_sess_count(&u->s, "duplicates");
			as_timer_arm(u->s.e, &u->s.t_quiet, now + quiet_ns(u));
			return 0;
		}
		if (flush) {
			if (k == SUB_RIP)
				as_rtable_clear(&u->s.base.res.routes);
			else
				as_svctable_clear(&u->s.base.res.services);
			as_sess_count(&u->s, "flushes");
		}
		s->have_seq = true;
		s->seq = seq;
	}
	if (k == SUB_RIP)
		apply_rip(u, &rm, h.src.node, now);
	else
		apply_sap(u, &sm, now);
	as_timer_arm(u->s.e, &u->s.t_quiet, now + quiet_ns(u));
	return 0;
}

static void ipx_upd_free(struct as_update *base)
{
	as_svctable_free(&base->res.services);
	as_sess_free(base);
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
	int rc = as_sess_check_timing(c);
	if (rc)
		return rc;
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
	rc = as_sess_iface(e, cfg->ifname, 0, &ifi);
	if (rc)
		return rc;

	struct ipx_upd *u = as_sess_new(sizeof *u, e, cfg, done, arg, AS_RT_IPX, ipx_upd_free,
	                                on_retx, on_budget, on_quiet);
	if (!u)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	as_svctable_init(&u->s.base.res.services);
	unsigned what = cfg->what ? cfg->what : AS_UPDATE_ROUTES | AS_UPDATE_SERVICES;
	u->s.base.res.what = what;
	u->sub[SUB_RIP].want = (what & AS_UPDATE_ROUTES) != 0;
	u->sub[SUB_SAP].want = (what & AS_UPDATE_SERVICES) != 0;
	u->fr = as_ipx_framing_of(cfg->ipx_frame);
	memcpy(u->our_node, ifi.mac, 6);
	u->net_known = cfg->have_ipx_network;
	u->our_net = cfg->have_ipx_network ? cfg->ipx_network : 0;
	if (cfg->have_neighbour) {
		u->neigh_known = true;
		u->neigh_net = as_ipx_net_load(cfg->neighbour);
		memcpy(u->neigh_node, cfg->neighbour + 4, 6);
		u->s.base.res.have_neighbour = true;
		store_neighbour(u->s.base.res.neighbour, u->neigh_net, u->neigh_node);
	}

	rc = as_sess_open(&u->s, as_ipx_chan_spec(u->fr));
	if (rc)
		goto fail;
	/* An IPX node is the station's MAC on Ethernet: nothing to resolve. */
	rc = as_ipx_tmpl(u->s.ch, u->fr, cfg->have_neighbour ? u->neigh_node : bcast,
	                 &u->s.tmpl_req);
	if (rc) {
		u->s.tmpl_req = NULL;
		as_update_seterr("%s", as_engine_error(e));
		goto fail;
	}
	int nep = 0;
	for (int k = 0; k < NSUB; k++) {
		if (!u->sub[k].want)
			continue;
		for (int j = 0; j < 2; j++) {
			struct as_endpoint *ep = &u->s.ep[nep];
			unsigned op = j == 0 ? 2 : 10;
			ep->chan = u->s.ch;
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
			u->s.ep_added[nep++] = true;
		}
	}

	uint64_t now = as_engine_now(e);
	u->s.base.res.t_start = now;
	send_due(u);
	as_sess_arm(&u->s, now);
	*out = &u->s.base;
	return AS_NO_ERROR;
fail:
	ipx_upd_free(&u->s.base);
	return rc;
}
