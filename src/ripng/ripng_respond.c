/* ripng_respond.c - the RIPng responder: serves a route table to every requester on an interface
 * (RFC 2080 2.4.1 Request processing, 2.1 message size, 2.1.1 next-hop RTEs; RFC 2091 Update
 * Request / Response / Acknowledge applied to RIPng).
 *
 * Design (the RIP responder's, src/rip/rip_respond.c, except where RFC 2080 differs)
 *   One state per requester, keyed by (address, UDP port, our address it asked), in a small
 *   hash; a new request from a requester already being served restarts its dump
 *   ("dump-restarted").
 *
 *   Everything goes out from our link-local address, port 521, hop limit 255 (RFC 2080 2.4.2:
 *   receivers check all three), unicast to the requester's address and port: from the
 *   link-local address the request went to (the interface may hold several), else the first.
 *
 *   Message size (RFC 2080 2.1): as many RTEs as the interface MTU carries,
 *   (MTU - 40 - 8 - 4) / 20, next-hop RTEs included; the RFC 2091 header takes 4 bytes more.
 *
 *   Next hops (RFC 2080 2.1.1): a served route whose next hop (the route file's `via`) is
 *   link-local and not our own address gets a next-hop RTE before it; any other next hop is
 *   "through us" (RFC 2080 allows only link-local next hops). The table is served grouped by
 *   next hop (routes through us first, in table order within a group) so that one next-hop RTE
 *   covers a run of routes; every message starts with the next hop "us", so a route through
 *   another router that opens a message is preceded by its next-hop RTE again.
 *
 *   Plain whole-table Request (1): Responses (2), big tables in slices of SLICE packets per loop
 *   turn (a timer one nanosecond ahead), so many requesters are served side by side. An empty
 *   table is answered with one empty Response. A specific Request (a list of RTEs) gets the same
 *   RTEs back with our metrics, 16 for the prefixes we do not have, in one Response.
 *
 *   Triggered mode (cfg.mode == AS_MODE_TRIGGERED), RFC 2091 4.2: a whole-table Update Request
 *   (9) starts a sequence of Update Responses (10), the first with flush=1; one in flight until
 *   the Update Acknowledge (11) with its sequence arrives, resent every cfg.retransmit seconds
 *   with the same sequence number, the next sent on the acknowledgement. Sequence numbers start
 *   from the wall clock and increase per response. An empty table is one empty flush response.
 *   A stale or unknown acknowledgement is counted ("ack-stale", "ack-unknown") and ignored. A
 *   requester silent for max(30 s, 20 x retransmit) is forgotten ("requester-gone"). Plain
 *   Requests are answered in triggered mode too. Update Requests and Acknowledges are router-to-router
 *   packets: they must come from a link-local source, port 521, hop limit 255
 *   (as_ripng_check_context; drops under its reasons).
 *
 *   No authentication: RFC 2080 has none (it relies on IPsec); a key is refused at start.
 *
 *   Also counted: decoder reasons (as_ripng_err_str), "requests", "update-requests",
 *   "specific-requests", "acks", "responses-sent", "retransmissions", "bad-source",
 *   "triggered-not-enabled", "update-request-not-whole-table", "next-hop-entries-sent".
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "src/core/session.h"
#include "src/ripng/ripng_mod.h"

#define SLICE    256 /* packets per requester per loop turn */
#define NBUCKETS 256

struct ripng_resp;

struct client {
	struct client *hnext;
	struct client *prev, *next; /* every client, for freeing */
	struct ripng_resp *r;
	uint8_t local[16]; /* the address the requester asked, which answers it */
	uint8_t addr[16];
	uint16_t port;
	struct as_tmpl *tmpl;
	bool triggered;
	bool sent_any; /* plain: at least one response of this dump went out */
	size_t pos;    /* next index into the serving order */
	uint64_t last_heard;
	struct as_timer t; /* plain: next slice; triggered: retransmission */
	struct as_tdump d; /* triggered */
};

struct ripng_resp {
	struct as_responder base;
	struct as_engine *e;
	struct as_chan *ch;
	struct as_responder_cfg cfg;
	bool have_ll6;
	uint8_t our_ll6[16];
	unsigned mtu;
	struct as_endpoint ep[3];
	bool ep_added[3];
	struct client *bucket[NBUCKETS];
	struct client *all;
	uint16_t seq0;
	/* The IPv6 routes of the table in serving order (grouped by next hop), with the next hop
	 * each is advertised with (:: = through us). */
	size_t *order;
	size_t n_order;
	uint8_t (*nh)[16];
	/* Large (512 RTEs): kept off the stack. m is also where requests are decoded. */
	struct as_ripng_msg m;
	uint8_t buf[AS_RIPNG_MAX_LEN];
};

static unsigned bucket_of(const uint8_t *addr, uint16_t port, const uint8_t *local)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 16777619u;
	for (int i = 0; i < 16; i++)
		h = (h ^ local[i]) * 16777619u;
	h = (h ^ port) * 16777619u;
	return h % NBUCKETS;
}

/* A requester's unicast goes to one of our link-local addresses, perhaps not the first; it
 * accepts answers only from the address it asked, so that address answers. Requests to the
 * group (or to a global address: responses come from link-local, RFC 2080 2.4.2) get ours. */
static const uint8_t *local_of(const struct ripng_resp *r, const struct as_frame *f)
{
	return as_ip6_is_link_local(f->dst) ? f->dst : r->our_ll6;
}

/* Keyed by the address asked too: one requester may run sessions to many of ours at once. */
static struct client *client_find(struct ripng_resp *r, const uint8_t *addr, uint16_t port,
                                  const uint8_t *local)
{
	for (struct client *c = r->bucket[bucket_of(addr, port, local)]; c; c = c->hnext)
		if (c->port == port && memcmp(c->addr, addr, 16) == 0 &&
		    memcmp(c->local, local, 16) == 0)
			return c;
	return NULL;
}

static void client_free(struct client *c)
{
	struct ripng_resp *r = c->r;
	if (as_timer_armed(&c->t))
		as_timer_cancel(r->e, &c->t);
	struct client **pp = &r->bucket[bucket_of(c->addr, c->port, c->local)];
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

static int make_tmpl(struct ripng_resp *r, const struct as_rx *rx, struct as_tmpl **out)
{
	struct as_udp_tmpl_spec s = {
	    .family = 6,
	    .src = local_of(r, &rx->f),
	    .dst = rx->f.src,
	    .dst_mac = rx->src_mac,
	    .sport = AS_RIPNG_PORT,
	    .dport = rx->f.sport,
	    .ttl = AS_RIPNG_HOP_LIMIT,
	};
	return as_tmpl_udp(r->ch, &s, out);
}

/* ---- the serving order ---- */

struct order_key {
	uint8_t nh[16];
	size_t idx;
};

static int by_next_hop(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;
	int c = memcmp(x->nh, y->nh, 16);
	return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

/* Routes through us (next hop ::) sort first; ties keep table order. */
static int build_order(struct ripng_resp *r)
{
	const struct as_rtable *t = r->cfg.routes;
	size_t cap = t->n ? t->n : 1;
	struct order_key *keys = calloc(cap, sizeof *keys);
	r->order = calloc(cap, sizeof *r->order);
	r->nh = calloc(cap, sizeof *r->nh);
	if (!keys || !r->order || !r->nh) {
		free(keys);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct as_route *rt = &t->r[i];
		if (rt->family != AS_RT_IPV6)
			continue;
		if (as_ip6_is_link_local(rt->next_hop) &&
		    !(r->have_ll6 && memcmp(rt->next_hop, r->our_ll6, 16) == 0))
			memcpy(keys[k].nh, rt->next_hop, 16);
		keys[k++].idx = i;
	}
	qsort(keys, k, sizeof *keys, by_next_hop);
	for (size_t i = 0; i < k; i++) {
		r->order[i] = keys[i].idx;
		memcpy(r->nh[i], keys[i].nh, 16);
	}
	r->n_order = k;
	free(keys);
	return 0;
}

/* Fills up to room RTEs from serving position *pos on, next-hop RTEs included, into r->m.
 * Returns the number of routes put in. */
static unsigned fill_from(struct ripng_resp *r, size_t *pos, unsigned room)
{
	struct as_ripng_msg *m = &r->m;
	const struct as_rtable *t = r->cfg.routes;
	static const uint8_t us[16];
	const uint8_t *cur = us; /* every message starts with the next hop "us" */
	unsigned k = 0, routes = 0;
	while (k < room && *pos < r->n_order) {
		const uint8_t *want = r->nh[*pos];
		if (memcmp(want, cur, 16) != 0) {
			if (k + 2 > room)
				break; /* a next-hop RTE alone at the end would be wasted */
			struct as_ripng_entry *e = &m->e[k++];
			memset(e, 0, sizeof *e);
			memcpy(e->prefix, want, 16);
			e->metric = AS_RIPNG_METRIC_NEXT_HOP;
			e->is_next_hop = true;
			cur = want;
			as_resp_count(&r->base, "next-hop-entries-sent");
		}
		const struct as_route *rt = &t->r[r->order[(*pos)++]];
		struct as_ripng_entry *e = &m->e[k++];
		memset(e, 0, sizeof *e);
		memcpy(e->prefix, rt->prefix, 16);
		e->tag = rt->tag;
		e->prefix_len = rt->plen;
		e->metric = (uint8_t)(rt->metric < AS_RIPNG_METRIC_INFINITY ? rt->metric
		                                                           : AS_RIPNG_METRIC_INFINITY);
		routes++;
	}
	m->n_entries = (uint16_t)k;
	return routes;
}

static bool rsend(struct ripng_resp *r, struct as_tmpl *t)
{
	ssize_t n = as_ripng_encode(&r->m, r->buf, sizeof r->buf);
	if (n < 0) {
		as_resp_count(&r->base, "encode-error");
		return false;
	}
	if (as_send(t, r->buf, (size_t)n) < 0) {
		as_resp_count(&r->base, "tx-error");
		return false;
	}
	r->base.stats.responses_sent++;
	as_resp_count(&r->base, "responses-sent");
	return true;
}

static void msg_header(struct ripng_resp *r, unsigned cmd)
{
	memset(&r->m, 0, offsetof(struct as_ripng_msg, e));
	r->m.command = (uint8_t)cmd;
	r->m.version = 1;
	if (as_ripng_cmd_is_triggered(cmd))
		r->m.upd_version = 1;
}

/* ---- plain dumps ---- */

static void plain_slice(struct as_timer *t, void *arg)
{
	(void)t;
	struct client *c = arg;
	struct ripng_resp *r = c->r;
	unsigned room = as_ripng_room(AS_RIPNG_RESPONSE, r->mtu);
	for (unsigned i = 0; i < SLICE; i++) {
		msg_header(r, AS_RIPNG_RESPONSE);
		unsigned k = fill_from(r, &c->pos, room);
		/* An empty table still gets one (empty) response. */
		if (k > 0 || !c->sent_any) {
			rsend(r, c->tmpl);
			c->sent_any = true;
		}
		if (c->pos >= r->n_order) {
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
	struct ripng_resp *r = c->r;
	msg_header(r, AS_RIPNG_UPDATE_RESPONSE);
	r->m.flush = c->d.inflight_pos == 0;
	r->m.seq = c->d.seq;
	size_t pos = c->d.inflight_pos;
	fill_from(r, &pos, as_ripng_room(AS_RIPNG_UPDATE_RESPONSE, r->mtu));
	c->d.inflight_n = pos - c->d.inflight_pos;
	c->d.inflight_last = pos >= r->n_order;
	c->d.inflight = true;
	if (rsend(r, c->tmpl) && retransmission) {
		r->base.stats.retransmissions++;
		as_resp_count(&r->base, "retransmissions");
	}
	as_timer_arm(r->e, &c->t, as_engine_now(r->e) + as_sec_ns(r->cfg.retransmit));
}

static void trig_retx(struct as_timer *t, void *arg)
{
	(void)t;
	struct client *c = arg;
	struct ripng_resp *r = c->r;
	uint64_t now = as_engine_now(r->e);
	if (as_resp_requester_gone(now, c->last_heard, r->cfg.retransmit)) {
		as_resp_count(&r->base, "requester-gone");
		client_free(c);
		return;
	}
	trig_send(c, true);
}

static void on_ack(struct ripng_resp *r, struct client *c, const struct as_ripng_msg *m)
{
	switch (as_tdump_ack(&r->base, &c->d, m->seq)) {
	case AS_TDUMP_STALE: break;
	case AS_TDUMP_DONE: client_free(c); break;
	case AS_TDUMP_NEXT: trig_send(c, false); break;
	}
}

/* ---- requests ---- */

static struct client *client_start(struct ripng_resp *r, const struct as_rx *rx, bool trig)
{
	const uint8_t *addr = rx->f.src;
	uint16_t port = rx->f.sport;
	const uint8_t *local = local_of(r, &rx->f);
	struct client *c = client_find(r, addr, port, local);
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
		memcpy(c->addr, addr, 16);
		memcpy(c->local, local, 16);
		c->port = port;
		if (make_tmpl(r, rx, &c->tmpl) != AS_NO_ERROR) {
			as_resp_count(&r->base, "template-error");
			free(c);
			return NULL;
		}
		unsigned b = bucket_of(addr, port, local);
		c->hnext = r->bucket[b];
		r->bucket[b] = c;
		c->next = r->all;
		if (r->all)
			r->all->prev = c;
		r->all = c;
		r->base.stats.active++;
		c->d.seq = r->seq0;
	}
	c->triggered = trig;
	c->sent_any = false;
	c->pos = 0;
	c->d.inflight = false;
	c->d.inflight_pos = 0;
	c->last_heard = rx->ts;
	if (trig) {
		c->d.seq++; /* a new sequence for the new dump */
		as_timer_init(&c->t, trig_retx, c);
		trig_send(c, false);
	} else {
		as_timer_init(&c->t, plain_slice, c);
		as_timer_arm(r->e, &c->t, as_engine_now(r->e) + 1);
	}
	return c;
}

static void answer_specific(struct ripng_resp *r, const struct as_rx *rx,
                            const struct as_ripng_msg *q)
{
	/* q is r->m, where the request was decoded: the answer is built in place (RTE k is written
	 * only after RTE i >= k was read), which spares a second 20 KB message. */
	unsigned room = as_ripng_room(AS_RIPNG_RESPONSE, r->mtu), k = 0;
	struct as_ripng_msg *m = &r->m;
	for (unsigned i = 0; i < q->n_entries && k < room; i++) {
		struct as_ripng_entry e = q->e[i];
		if (e.is_next_hop)
			continue;
		const struct as_route *found = NULL;
		if (e.prefix_len <= 128)
			found = as_rtable_get(r->cfg.routes, AS_RT_IPV6, e.prefix, e.prefix_len);
		e.skip = 0;
		e.metric = (uint8_t)(found && found->metric < AS_RIPNG_METRIC_INFINITY
		                         ? found->metric
		                         : AS_RIPNG_METRIC_INFINITY);
		m->e[k++] = e;
	}
	m->command = AS_RIPNG_RESPONSE;
	m->version = 1;
	m->mbz = 0;
	m->n_entries = (uint16_t)k;
	struct as_tmpl *t;
	if (make_tmpl(r, rx, &t) != AS_NO_ERROR) {
		as_resp_count(&r->base, "template-error");
		return;
	}
	rsend(r, t);
	as_tmpl_free(t);
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct ripng_resp *r = ep->owner;
	const struct as_frame *f = &rx->f;
	if (as_ip6_is_zero(f->src) || as_ip6_is_multicast(f->src))
		return as_resp_drop(&r->base, reason, "bad-source");
	struct as_ripng_msg *m = &r->m;
	ssize_t n = as_ripng_decode(f->payload, f->payload_len, m);
	if (n < 0)
		return as_resp_drop(&r->base, reason, as_ripng_err_str((enum as_ripng_err) - n));
	enum as_ripng_err ce = as_ripng_check_context(m, f->src, f->sport, f->ttl);
	if (ce != AS_RIPNG_OK)
		return as_resp_drop(&r->base, reason, as_ripng_err_str(ce));
	struct client *c = client_find(r, f->src, f->sport, local_of(r, f));
	switch (m->command) {
	case AS_RIPNG_REQUEST:
		if (!m->whole_table) {
			as_resp_count(&r->base, "specific-requests");
			answer_specific(r, rx, m);
			return 0;
		}
		as_resp_count(&r->base, "requests");
		r->base.stats.requests++;
		client_start(r, rx, false);
		return 0;
	case AS_RIPNG_UPDATE_REQUEST:
		if (r->cfg.mode != AS_MODE_TRIGGERED)
			return as_resp_drop(&r->base, reason, "triggered-not-enabled");
		if (!m->whole_table)
			return as_resp_drop(&r->base, reason, "update-request-not-whole-table");
		as_resp_count(&r->base, "update-requests");
		r->base.stats.requests++;
		client_start(r, rx, true);
		return 0;
	case AS_RIPNG_UPDATE_ACK:
		if (!c || !c->triggered)
			return as_resp_drop(&r->base, reason, "ack-unknown");
		c->last_heard = rx->ts;
		on_ack(r, c, m); /* may free c */
		return 0;
	default: return as_resp_drop(&r->base, reason, "unexpected-command");
	}
}

static void resp_free(struct as_responder *base)
{
	struct ripng_resp *r = (struct ripng_resp *)base;
	while (r->all)
		client_free(r->all);
	as_resp_close(r->e, r->ch, r->ep, r->ep_added, 3);
	free(r->order);
	free(r->nh);
	free(r);
}

int as_ripng_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                             struct as_responder **out)
{
	struct as_iface_info ifi;
	int rc = as_ripng_check_key(&cfg->key);
	if (rc)
		return rc;
	rc = as_resp_check_timing(cfg);
	if (rc)
		return rc;
	rc = as_sess_iface(e, cfg->ifname, 6, &ifi);
	if (rc)
		return rc;
	struct ripng_resp *r = calloc(1, sizeof *r);
	if (!r) {
		as_update_seterr("out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	r->base.free = resp_free;
	r->e = e;
	r->cfg = *cfg;
	r->have_ll6 = ifi.has_ll6;
	if (ifi.has_ll6)
		memcpy(r->our_ll6, ifi.ll6, 16);
	r->mtu = ifi.mtu ? ifi.mtu : 1500;
	r->seq0 = (uint16_t)(as_engine_wall(e) / 1000000000ull);
	if (build_order(r) < 0) {
		as_update_seterr("out of memory");
		resp_free(&r->base);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	rc = as_resp_open(e, cfg->ifname, &as_ripng_chan_spec, &r->ch);
	if (rc) {
		resp_free(&r->base);
		return rc;
	}
	static const int cls[3] = {AS_RIPNG_REQUEST, AS_RIPNG_UPDATE_REQUEST, AS_RIPNG_UPDATE_ACK};
	for (int i = 0; i < 3; i++) {
		struct as_endpoint *ep = &r->ep[i];
		ep->chan = r->ch;
		ep->family = 6;
		ep->cls = cls[i];
		ep->rx = on_rx;
		ep->owner = r;
		rc = as_endpoint_add(e, ep);
		if (rc) {
			as_update_seterr("a responder already runs on %s", cfg->ifname);
			resp_free(&r->base);
			return rc;
		}
		r->ep_added[i] = true;
	}
	*out = &r->base;
	return AS_NO_ERROR;
}
