/* ipx_respond.c - the IPX responder: serves IPX RIP routes and SAP services to every requester
 * on an interface (Novell IPX RIP / SAP as restated in PROTOCOLS.md 5.4, 5.5; RFC 2091 5.4 and
 * 5.5 Update Request / Response / Acknowledge).
 *
 * Design
 *   The three channels of the four framings are all opened: a request is answered in the
 *   framing it came in (802.2 and SNAP told apart by the frame), unicast to the requester's
 *   node and socket, from the well-known socket it was sent to (0x0453 RIP, 0x0452 SAP), packet
 *   type 1 (RIP) or 4 (SAP), transport control 0. Our network: cfg.ipx_network, else the
 *   requester's source network (it is on our segment), else the request's destination
 *   network, else 0.
 *
 *   One state per requester, keyed by (framing, node, socket, RIP or SAP): not by network, which
 *   a requester learns from our first response (its acknowledgements then carry it); a new
 *   request from one being served restarts its dump ("dump-restarted").
 *
 *   RIP general request (network FFFFFFFF): responses of 50 entries, hops and ticks as served
 *   (route metric and tag; ticks 0 in the table means hops + 1). A specific request gets the
 *   networks we know of those asked, in one response (none when we know none). SAP general
 *   query: responses of 7 services of the type asked (FFFF: all). Nearest query: one nearest
 *   response with the service of that type with the fewest hops (none when there is none).
 *   An empty table is answered with one empty response so the requester learns we are there.
 *   Big tables go out in slices of SLICE packets per loop turn.
 *
 *   Triggered mode (cfg.mode == AS_MODE_TRIGGERED): an Update Request (9) starts a sequence of
 *   Update Responses (10) of 50 routes or 7 services, the first with flush=1; one in flight
 *   until the Update Acknowledge (11) with its sequence arrives, resent every cfg.retransmit
 *   with the same sequence (RFC 2091 4.2); sequences start from the wall clock. "ack-stale" and
 *   "ack-unknown" acknowledgements are counted and ignored; a requester silent for
 *   max(30 s, 20 x retransmit) is forgotten ("requester-gone"). General requests are answered too.
 *
 *   Also counted: the codecs' reasons, "requests", "update-requests", "specific-requests",
 *   "nearest-queries", "acks", "responses-sent", "retransmissions", "triggered-not-enabled",
 *   "unexpected-command".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/core/session.h"
#include "src/ipx/ipx_mod.h"

#define SLICE    256
#define NBUCKETS 256
#define NCLS     7

enum { K_RIP = 0, K_SAP = 1 };

struct ipx_resp;

struct client {
	struct client *hnext;
	struct client *prev, *next;
	struct ipx_resp *r;
	enum as_ipx_framing fr;
	struct as_ipx_addr peer; /* requester: network, node, socket */
	struct as_ipx_addr us;   /* our address in what we send it */
	int kind;                /* K_RIP or K_SAP */
	uint16_t svc_type;       /* SAP: the type asked (FFFF = all) */
	struct as_tmpl *tmpl;
	bool triggered;
	bool sent_any;
	size_t pos;
	uint64_t last_heard;
	struct as_timer t;
	struct as_tdump d; /* triggered */
};

struct ipx_resp {
	struct as_responder base;
	struct as_engine *e;
	struct as_chan *ch[AS_IPX_NCHAN];
	struct as_responder_cfg cfg;
	struct as_svctable none; /* served when cfg.services is NULL */
	const struct as_svctable *svcs;
	struct as_endpoint ep[AS_IPX_NCHAN][NCLS];
	bool ep_added[AS_IPX_NCHAN][NCLS];
	struct client *bucket[NBUCKETS];
	struct client *all;
	uint16_t seq0;
};

static unsigned bucket_of(enum as_ipx_framing fr, const struct as_ipx_addr *a, int kind)
{
	uint64_t h = 0xCBF29CE484222325ull ^ (uint64_t)(fr * 2 + kind);
	uint8_t k[8];
	memcpy(k, a->node, 6);
	k[6] = (uint8_t)(a->socket >> 8);
	k[7] = (uint8_t)a->socket;
	for (int i = 0; i < 8; i++)
		h = (h ^ k[i]) * 0x100000001B3ull;
	return (unsigned)(h >> 40) % NBUCKETS;
}

static bool same_peer(const struct client *c, enum as_ipx_framing fr, const struct as_ipx_addr *a,
                      int kind)
{
	return c->fr == fr && c->kind == kind && c->peer.socket == a->socket &&
	       memcmp(c->peer.node, a->node, 6) == 0;
}

static struct client *client_find(struct ipx_resp *r, enum as_ipx_framing fr,
                                  const struct as_ipx_addr *a, int kind)
{
	for (struct client *c = r->bucket[bucket_of(fr, a, kind)]; c; c = c->hnext)
		if (same_peer(c, fr, a, kind))
			return c;
	return NULL;
}

static void client_free(struct client *c)
{
	struct ipx_resp *r = c->r;
	if (as_timer_armed(&c->t))
		as_timer_cancel(r->e, &c->t);
	struct client **pp = &r->bucket[bucket_of(c->fr, &c->peer, c->kind)];
	while (*pp != c)
		pp = &(*pp)->hnext;
	*pp = c->hnext;
	if (c->prev)
		c->prev->next = c->next;
	else
		r->all = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (c->tmpl)
		as_tmpl_free(c->tmpl);
	r->base.stats.active--;
	free(c);
}

/* Our address towards a requester (see the design note). */
static void our_addr(const struct ipx_resp *r, const struct as_ipx_hdr *h, struct as_ipx_addr *us,
                     const uint8_t mac[6])
{
	us->net = r->cfg.have_ipx_network     ? r->cfg.ipx_network
	          : h->src.net                ? h->src.net
	          : h->dst.net != 0xFFFFFFFFu ? h->dst.net
	                                      : 0;
	memcpy(us->node, mac, 6);
	us->socket = h->dst.socket;
}

static uint16_t ticks_of(const struct as_route *rt)
{
	return rt->tag ? rt->tag : (uint16_t)(rt->metric + 1);
}

static uint16_t hops_of(uint32_t metric)
{
	return metric < AS_IPX_HOPS_INFINITY ? (uint16_t)metric : AS_IPX_HOPS_INFINITY;
}

/* Fills up to AS_IPXRIP_MAX_ENTRIES routes from *pos on; returns how many. */
static unsigned fill_rip(const struct ipx_resp *r, size_t *pos, struct as_ipxrip_msg *m)
{
	const struct as_rtable *t = r->cfg.routes;
	unsigned k = 0;
	while (k < AS_IPXRIP_MAX_ENTRIES && *pos < t->n) {
		const struct as_route *rt = &t->r[(*pos)++];
		if (rt->family != AS_RT_IPX)
			continue;
		struct as_ipxrip_entry *e = &m->e[k++];
		memset(e, 0, sizeof *e);
		e->net = as_ipx_net_load(rt->prefix);
		e->hops = hops_of(rt->metric);
		e->ticks = ticks_of(rt);
	}
	m->n_entries = (uint8_t)k;
	return k;
}

static unsigned fill_sap(const struct ipx_resp *r, const struct client *c, size_t *pos,
                         struct as_sap_msg *m)
{
	const struct as_svctable *t = r->svcs;
	unsigned k = 0;
	while (k < AS_SAP_MAX_ENTRIES_GENERAL && *pos < t->n) {
		const struct as_service *s = &t->s[(*pos)++];
		if (c->svc_type != AS_SAP_TYPE_ALL && s->type != c->svc_type)
			continue;
		as_ipx_service_to_sap(s, &m->e[k]);
		m->e[k].hops = hops_of(s->hops);
		k++;
	}
	m->n_entries = (uint8_t)k;
	return k;
}

static size_t table_len(const struct ipx_resp *r, int kind)
{
	return kind == K_RIP ? r->cfg.routes->n : r->svcs->n;
}

static bool rsend(struct ipx_resp *r, struct client *c, const void *msg)
{
	uint8_t buf[AS_IPX_MAX_LEN];
	ssize_t n = c->kind == K_RIP ? as_ipx_pack_rip(buf, sizeof buf, msg, &c->peer, &c->us)
	                             : as_ipx_pack_sap(buf, sizeof buf, msg, &c->peer, &c->us);
	if (n < 0) {
		as_resp_count(&r->base, "encode-error");
		return false;
	}
	if (as_send(c->tmpl, buf, (size_t)n) < 0) {
		as_resp_count(&r->base, "tx-error");
		return false;
	}
	r->base.stats.responses_sent++;
	as_resp_count(&r->base, "responses-sent");
	return true;
}

/* Builds the next packet of c's dump from *pos: op is the operation to send. Returns the
 * number of entries it holds. */
static unsigned build(struct ipx_resp *r, struct client *c, size_t *pos, unsigned op,
                      struct as_ipxrip_msg *rm, struct as_sap_msg *sm)
{
	if (c->kind == K_RIP) {
		memset(rm, 0, sizeof *rm);
		rm->op = (uint16_t)op;
		return fill_rip(r, pos, rm);
	}
	memset(sm, 0, sizeof *sm);
	sm->op = (uint16_t)op;
	return fill_sap(r, c, pos, sm);
}

/* ---- plain dumps ---- */

static void plain_slice(struct as_timer *t, void *arg)
{
	(void)t;
	struct client *c = arg;
	struct ipx_resp *r = c->r;
	for (unsigned i = 0; i < SLICE; i++) {
		struct as_ipxrip_msg rm;
		struct as_sap_msg sm;
		unsigned k = build(r, c, &c->pos, 2, &rm, &sm); /* response: 2 for RIP and SAP */
		if (k > 0 || !c->sent_any) {
			rsend(r, c, c->kind == K_RIP ? (const void *)&rm : (const void *)&sm);
			c->sent_any = true;
		}
		if (c->pos >= table_len(r, c->kind)) {
			r->base.stats.dumps_done++;
			client_free(c);
			return;
		}
	}
	as_timer_arm(r->e, &c->t, as_engine_now(r->e) + 1);
}

/* ---- triggered dumps ---- */

static void trig_send(struct client *c, bool retransmission)
{
	struct ipx_resp *r = c->r;
	struct as_ipxrip_msg rm;
	struct as_sap_msg sm;
	size_t pos = c->d.inflight_pos;
	build(r, c, &pos, 10, &rm, &sm);
	uint8_t flush = c->d.inflight_pos == 0;
	if (c->kind == K_RIP) {
		rm.upd_version = 1, rm.flush = flush, rm.seq = c->d.seq;
	} else {
		sm.upd_version = 1, sm.flush = flush, sm.seq = c->d.seq;
	}
	c->d.inflight_n = pos - c->d.inflight_pos;
	c->d.inflight_last = pos >= table_len(r, c->kind);
	c->d.inflight = true;
	if (rsend(r, c, c->kind == K_RIP ? (const void *)&rm : (const void *)&sm) &&
	    retransmission) {
		r->base.stats.retransmissions++;
		as_resp_count(&r->base, "retransmissions");
	}
	as_timer_arm(r->e, &c->t, as_engine_now(r->e) + as_sec_ns(r->cfg.retransmit));
}

static void trig_retx(struct as_timer *t, void *arg)
{
	(void)t;
	struct client *c = arg;
	struct ipx_resp *r = c->r;
	if (as_resp_requester_gone(as_engine_now(r->e), c->last_heard, r->cfg.retransmit)) {
		as_resp_count(&r->base, "requester-gone");
		client_free(c);
		return;
	}
	trig_send(c, true);
}

static void on_ack(struct ipx_resp *r, struct client *c, uint16_t seq)
{
	switch (as_tdump_ack(&r->base, &c->d, seq)) {
	case AS_TDUMP_STALE: break;
	case AS_TDUMP_DONE: client_free(c); break;
	case AS_TDUMP_NEXT: trig_send(c, false); break;
	}
}

/* ---- requests ---- */

static struct client *client_start(struct ipx_resp *r, const struct as_rx *rx,
                                   const struct as_ipx_hdr *h, int kind, bool trig,
                                   uint16_t svc_type)
{
	enum as_ipx_framing fr = rx->f.ipx_framing;
	struct client *c = client_find(r, fr, &h->src, kind);
	if (c) {
		as_resp_count(&r->base, "dump-restarted");
		if (as_timer_armed(&c->t))
			as_timer_cancel(r->e, &c->t);
	} else {
		c = calloc(1, sizeof *c);
		if (!c) {
			as_resp_count(&r->base, "no-memory");
			return NULL;
		}
		c->r = r;
		c->fr = fr;
		c->peer = h->src;
		c->kind = kind;
		if (as_ipx_tmpl(rx->chan, fr, rx->src_mac, &c->tmpl) != AS_NO_ERROR) {
			as_resp_count(&r->base, "template-error");
			free(c);
			return NULL;
		}
		unsigned b = bucket_of(fr, &c->peer, kind);
		c->hnext = r->bucket[b];
		r->bucket[b] = c;
		c->next = r->all;
		if (r->all)
			r->all->prev = c;
		r->all = c;
		r->base.stats.active++;
		c->d.seq = r->seq0;
	}
	our_addr(r, h, &c->us, as_chan_iface(rx->chan)->mac);
	c->svc_type = svc_type;
	c->triggered = trig;
	c->sent_any = false;
	c->pos = 0;
	c->d.inflight = false;
	c->d.inflight_pos = 0;
	c->last_heard = rx->ts;
	if (trig) {
		c->d.seq++;
		as_timer_init(&c->t, trig_retx, c);
		trig_send(c, false);
	} else {
		as_timer_init(&c->t, plain_slice, c);
		as_timer_arm(r->e, &c->t, as_engine_now(r->e) + 1);
	}
	return c;
}

/* One packet to the sender of rx, outside any dump (specific and nearest answers). */
static void answer_once(struct ipx_resp *r, const struct as_rx *rx, const struct as_ipx_hdr *h,
                        int kind, const void *msg)
{
	struct client c;
	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.peer = h->src;
	our_addr(r, h, &c.us, as_chan_iface(rx->chan)->mac);
	if (as_ipx_tmpl(rx->chan, rx->f.ipx_framing, rx->src_mac, &c.tmpl) != AS_NO_ERROR) {
		as_resp_count(&r->base, "template-error");
		return;
	}
	rsend(r, &c, msg);
	as_tmpl_free(c.tmpl);
}

static void answer_specific(struct ipx_resp *r, const struct as_rx *rx, const struct as_ipx_hdr *h,
                            const struct as_ipxrip_msg *q)
{
	struct as_ipxrip_msg m;
	memset(&m, 0, sizeof m);
	m.op = AS_IPXRIP_RESPONSE;
	unsigned k = 0;
	for (unsigned i = 0; i < q->n_entries; i++) {
		uint8_t p[4];
		as_ipx_net_store(p, q->e[i].net);
		const struct as_route *rt = as_rtable_get(r->cfg.routes, AS_RT_IPX, p, 32);
		if (!rt || rt->metric >= AS_IPX_HOPS_INFINITY)
			continue;
		m.e[k].net = q->e[i].net;
		m.e[k].hops = hops_of(rt->metric);
		m.e[k].ticks = ticks_of(rt);
		k++;
	}
	m.n_entries = (uint8_t)k;
	if (k)
		answer_once(r, rx, h, K_RIP, &m);
}

static void answer_nearest(struct ipx_resp *r, const struct as_rx *rx, const struct as_ipx_hdr *h,
                           uint16_t type)
{
	const struct as_service *best = NULL;
	for (size_t i = 0; i < r->svcs->n; i++) {
		const struct as_service *s = &r->svcs->s[i];
		if ((type == AS_SAP_TYPE_ALL || s->type == type) &&
		    s->hops < AS_IPX_HOPS_INFINITY && (!best || s->hops < best->hops))
			best = s;
	}
	if (!best)
		return;
	struct as_sap_msg m;
	memset(&m, 0, sizeof m);
	m.op = AS_SAP_NEAREST_RESPONSE;
	as_ipx_service_to_sap(best, &m.e[0]);
	m.n_entries = 1;
	answer_once(r, rx, h, K_SAP, &m);
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct ipx_resp *r = ep->owner;
	struct as_ipx_hdr h;
	const uint8_t *data;
	size_t len;
	as_ipx_rx_hdr(rx, &h, &data, &len);
	static const uint8_t zero[6];
	if (memcmp(h.src.node, zero, 6) == 0 || (h.src.node[0] & 1))
		return as_resp_drop(&r->base, reason, "bad-source");
	int kind = as_ipx_socket_kind(h.dst.socket) == AS_IPX_KIND_RIP ? K_RIP : K_SAP;
	unsigned op;
	uint16_t seq = 0, svc_type = AS_SAP_TYPE_ALL;
	struct as_ipxrip_msg rm;
	if (kind == K_RIP) {
		ssize_t n = as_ipxrip_decode(data, len, &rm);
		if (n < 0)
			return as_resp_drop(&r->base, reason,
			                    as_ipxrip_err_str((enum as_ipxrip_err) - n));
		op = rm.op, seq = rm.seq;
	} else {
		struct as_sap_msg sm;
		ssize_t n = as_sap_decode(data, len, &sm);
		if (n < 0)
			return as_resp_drop(&r->base, reason,
			                    as_sap_err_str((enum as_sap_err) - n));
		op = sm.op, seq = sm.seq, svc_type = sm.service_type;
	}
	struct client *c = client_find(r, rx->f.ipx_framing, &h.src, kind);
	switch (op) {
	case 1: /* RIP request, SAP general query */
		if (kind == K_RIP && !rm.general) {
			as_resp_count(&r->base, "specific-requests");
			answer_specific(r, rx, &h, &rm);
			return 0;
		}
		as_resp_count(&r->base, "requests");
		r->base.stats.requests++;
		client_start(r, rx, &h, kind, false, svc_type);
		return 0;
	case 3: /* SAP nearest query (RIP 3 never gets here: the codec refuses it) */
		as_resp_count(&r->base, "nearest-queries");
		answer_nearest(r, rx, &h, svc_type);
		return 0;
	case 9:
		if (r->cfg.mode != AS_MODE_TRIGGERED)
			return as_resp_drop(&r->base, reason, "triggered-not-enabled");
		as_resp_count(&r->base, "update-requests");
		r->base.stats.requests++;
		client_start(r, rx, &h, kind, true, AS_SAP_TYPE_ALL);
		return 0;
	case 11:
		if (!c || !c->triggered)
			return as_resp_drop(&r->base, reason, "ack-unknown");
		c->last_heard = rx->ts;
		if (h.src.net)
			c->peer.net = h.src.net; /* it learned its network from our response */
		on_ack(r, c, seq);               /* may free c */
		return 0;
	default: return as_resp_drop(&r->base, reason, "unexpected-command");
	}
}

static void resp_free(struct as_responder *base)
{
	struct ipx_resp *r = (struct ipx_resp *)base;
	while (r->all)
		client_free(r->all);
	for (int i = 0; i < AS_IPX_NCHAN; i++)
		for (int j = 0; j < NCLS; j++)
			if (r->ep_added[i][j])
				as_endpoint_del(r->e, &r->ep[i][j]);
	as_engine_flush(r->e);
	for (int i = 0; i < AS_IPX_NCHAN; i++)
		if (r->ch[i])
			as_chan_close(r->ch[i]);
	as_svctable_free(&r->none);
	free(r);
}

int as_ipx_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                           struct as_responder **out)
{
	struct as_iface_info ifi;
	if (!as_ipx_framing_ok(cfg->ipx_frame)) {
		as_update_seterr("unknown IPX framing %d", cfg->ipx_frame);
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (cfg->key.alg != AS_RIP_ALG_NONE) {
		as_update_seterr("IPX RIP and SAP have no authentication");
		return AS_ERROR_INVALID_PARAMETER;
	}
	int rc = as_resp_check_timing(cfg);
	if (rc)
		return rc;
	if (cfg->have_ipx_network && (cfg->ipx_network == 0 || cfg->ipx_network == 0xFFFFFFFFu)) {
		as_update_seterr("IPX network 0 and FFFFFFFF are reserved");
		return AS_ERROR_INVALID_PARAMETER;
	}
	rc = as_sess_iface(e, cfg->ifname, 0, &ifi);
	if (rc)
		return rc;
	struct ipx_resp *r = calloc(1, sizeof *r);
	if (!r) {
		as_update_seterr("out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	r->base.free = resp_free;
	r->e = e;
	r->cfg = *cfg;
	as_svctable_init(&r->none);
	r->svcs = cfg->services ? cfg->services : &r->none;
	r->seq0 = (uint16_t)(as_engine_wall(e) / 1000000000ull);
	static const struct {
		int kind;
		unsigned op;
	} cls[NCLS] = {{AS_IPX_KIND_RIP, 1}, {AS_IPX_KIND_RIP, 9}, {AS_IPX_KIND_RIP, 11},
	               {AS_IPX_KIND_SAP, 1}, {AS_IPX_KIND_SAP, 3}, {AS_IPX_KIND_SAP, 9},
	               {AS_IPX_KIND_SAP, 11}};
	for (int i = 0; i < AS_IPX_NCHAN; i++) {
		rc = as_resp_open(e, cfg->ifname, &as_ipx_chan_specs[i], &r->ch[i]);
		if (rc) {
			resp_free(&r->base);
			return rc;
		}
		for (int j = 0; j < NCLS; j++) {
			struct as_endpoint *ep = &r->ep[i][j];
			ep->chan = r->ch[i];
			ep->family = 0;
			ep->cls = AS_IPX_CLS(cls[j].kind, cls[j].op);
			ep->rx = on_rx;
			ep->owner = r;
			rc = as_endpoint_add(e, ep);
			if (rc) {
				as_update_seterr("an IPX responder already runs on %s",
				                 cfg->ifname);
				resp_free(&r->base);
				return rc;
			}
			r->ep_added[i][j] = true;
		}
	}
	*out = &r->base;
	return AS_NO_ERROR;
}
