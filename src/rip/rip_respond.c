/* rip_respond.c - the RIP responder: serves a route table to every requester on an interface
 * (RFC 2453 3.9.1 Request processing, RFC 2091 Update Request / Response / Acknowledge,
 * RFC 2082 / RFC 4822 authentication).
 *
 * Design
 *   One state per requester, keyed by (address, UDP port, our address it asked), in a small
 *   hash; a new request from a requester already being served restarts its dump
 *   ("dump-restarted"). Each is answered from the address it was sent to, so that sessions to
 *   secondary addresses get answers their requesters accept (the interface's first address
 *   answers requests to the group or a broadcast).
 *
 *   Plain whole-table Request (1): Responses (2) of 25 entries (24 with authentication)
 *   unicast to the requester's address and port, from our port 520, TTL 64 (a querier on
 *   another port may be a diagnostic tool behind a router: RFC 2453 3.9.1), version per cfg.
 *   Big tables go out in slices of SLICE packets per loop turn (a timer one nanosecond ahead),
 *   so many requesters are served side by side and the loop never stalls. An empty table is
 *   answered with one empty Response, so that the requester learns we are there.
 *   A specific Request (a list of entries) gets the same entries back with our metrics, 16 for
 *   the prefixes we do not have, in one Response.
 *
 *   Triggered mode (cfg.mode == AS_MODE_TRIGGERED), RFC 2091 4.2: a whole-table Update Request
 *   (9) starts a sequence of Update Responses (10) of 24 entries (23 with authentication), the
 *   first with flush=1; one in flight until the Update Acknowledge (11) with its sequence
 *   arrives, resent every cfg.retransmit seconds with the same sequence number (RFC 2091 4.2;
 *   BIRD uses a new one), the next sent on the acknowledgement. Sequence numbers start from the
 *   wall clock and increase per response. An empty table is one empty flush response. A stale
 *   or unknown acknowledgement is counted ("ack-stale", "ack-unknown") and ignored. A requester
 *   silent for max(30 s, 20 x retransmit) is forgotten ("requester-gone"): under heavy loss
 *   many exchanges in a row fail, and forgetting sooner would leave it a partial table.
 *   Plain Requests are answered in triggered mode too.
 *
 *   Authentication: requests must verify with cfg.key (or carry none when there is none):
 *   drops counted as "auth-unexpected", "auth-missing", "auth-wrong-type", "auth-failed",
 *   "auth-seq-replay" (per requester, while its state lives); responses are signed, the crypto
 *   sequence number increasing per packet.
 *
 *   Next hop (RIPv2): a route's next hop (the route file's `via`) goes in the RTE's next-hop
 *   field when it is on the interface's subnet and not our own address (RFC 2453 4.4), else
 *   0.0.0.0.
 *
 *   Also counted: decoder reasons (as_rip_err_str), "requests", "update-requests",
 *   "specific-requests", "acks", "responses-sent", "retransmissions", "bad-source",
 *   "update-request-not-whole-table".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/core/session.h"
#include "src/rip/rip_mod.h"

#define SLICE    256 /* packets per requester per loop turn */
#define NBUCKETS 256

struct rip_resp;

struct client {
	struct client *hnext;
	struct client *prev, *next; /* every client, for freeing */
	struct rip_resp *r;
	uint32_t local; /* the address the requester asked, which answers it */
	uint32_t addr;
	uint16_t port;
	struct as_tmpl *tmpl;
	bool triggered;
	bool sent_any; /* plain: at least one response of this dump went out */
	size_t pos;    /* next route to send */
	uint64_t last_heard;
	struct as_timer t; /* plain: next slice; triggered: retransmission */
	bool have_crypto_seq;
	uint32_t crypto_seq;
	struct as_tdump d; /* triggered */
};

struct rip_resp {
	struct as_responder base;
	struct as_engine *e;
	struct as_chan *ch;
	struct as_responder_cfg cfg;
	uint32_t our_ip;
	uint32_t if_mask; /* 0 when the subnet is unknown */
	struct as_endpoint ep[3];
	bool ep_added[3];
	struct as_rip_signer signer;
	struct client *bucket[NBUCKETS];
	struct client *all;
	uint16_t seq0;
};

static unsigned bucket_of(uint32_t addr, uint16_t port, uint32_t local)
{
	uint32_t k = addr ^ ((uint32_t)port << 16) ^ (local * 0x9E3779B1u);
	return (unsigned)((k * 2654435761u) >> 24) % NBUCKETS;
}

/* A requester's unicast goes to one of our addresses, perhaps a secondary one; it accepts
 * answers only from the address it asked (RFC 2453 3.9.2 keys on the neighbour's address), so
 * that address answers. Group and broadcast requests get the interface's primary address. */
static uint32_t local_of(const struct rip_resp *r, const struct as_frame *f)
{
	uint32_t d = as_ip4_load(f->dst);
	if (d == 0 || d >= 0xE0000000u)
		return r->our_ip;
	if (r->if_mask && (d & r->if_mask) == (r->our_ip & r->if_mask) && (d | r->if_mask) == ~0u)
		return r->our_ip; /* our subnet's directed broadcast */
	return d;
}

/* Keyed by the address asked too: one requester may run sessions to many of ours at once. */
static struct client *client_find(struct rip_resp *r, uint32_t addr, uint16_t port, uint32_t local)
{
	for (struct client *c = r->bucket[bucket_of(addr, port, local)]; c; c = c->hnext)
		if (c->addr == addr && c->port == port && c->local == local)
			return c;
	return NULL;
}

static void client_free(struct client *c)
{
	struct rip_resp *r = c->r;
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

static int make_tmpl(struct rip_resp *r, const struct as_rx *rx, struct as_tmpl **out)
{
	uint8_t src[4];
	as_ip4_store(src, local_of(r, &rx->f));
	struct as_udp_tmpl_spec s = {
	    .family = 4,
	    .src = src,
	    .dst = rx->f.src,
	    .dst_mac = rx->src_mac,
	    .sport = AS_RIP_PORT,
	    .dport = rx->f.sport,
	    .ttl = AS_RIP_RESPONSE_TTL,
	};
	return as_tmpl_udp(r->ch, &s, out);
}

/* The route file's `via`: advertised only where RFC 2453 4.4 lets a receiver use it, a router on
 * the interface's subnet other than us (when the subnet is unknown, as in replay, as given);
 * anything else is 0.0.0.0, "through the sender". */
static uint32_t next_hop_of(const struct rip_resp *r, const struct as_route *rt)
{
	uint32_t nh = as_ip4_load(rt->next_hop);
	if (nh == 0 || nh == r->our_ip)
		return 0;
	if (r->if_mask && (nh & r->if_mask) != (r->our_ip & r->if_mask))
		return 0;
	return nh;
}

static void fill_entry(const struct rip_resp *r, const struct as_route *rt, struct as_rip_entry *e)
{
	bool v2 = r->cfg.rip_version != 1;
	memset(e, 0, sizeof *e);
	e->afi = AS_RIP_AFI_INET;
	e->addr = as_ip4_load(rt->prefix);
	if (v2) {
		e->tag = rt->tag;
		e->mask = as_ip4_mask(rt->plen);
		e->next_hop = next_hop_of(r, rt);
	}
	e->metric = rt->metric < AS_RIP_METRIC_INFINITY ? rt->metric : AS_RIP_METRIC_INFINITY;
}

/* Fills up to room entries from route index *pos on; returns how many. */
static unsigned fill_from(const struct rip_resp *r, size_t *pos, unsigned room,
                          struct as_rip_msg *m)
{
	const struct as_rtable *t = r->cfg.routes;
	unsigned k = 0;
	while (k < room && *pos < t->n) {
		const struct as_route *rt = &t->r[(*pos)++];
		if (rt->family != AS_RT_IPV4)
			continue;
		fill_entry(r, rt, &m->e[k++]);
	}
	m->n_entries = (uint8_t)k;
	return k;
}

static bool rsend(struct rip_resp *r, struct as_tmpl *t, struct as_rip_msg *m)
{
	uint8_t buf[AS_RIP_MAX_LEN];
	ssize_t n = as_rip_sign_encode(&r->signer, m, buf, sizeof buf);
	if (n < 0) {
		as_resp_count(&r->base, "encode-error");
		return false;
	}
	if (as_send(t, buf, (size_t)n) < 0) {
		as_resp_count(&r->base, "tx-error");
		return false;
	}
	r->base.stats.responses_sent++;
	as_resp_count(&r->base, "responses-sent");
	return true;
}

/* ---- plain dumps ---- */

static void plain_slice(struct as_timer *t, void *arg)
{
	(void)t;
	struct client *c = arg;
	struct rip_resp *r = c->r;
	const struct as_rtable *rt = r->cfg.routes;
	unsigned room = as_rip_room(AS_RIP_RESPONSE, &r->cfg.key);
	for (unsigned i = 0; i < SLICE; i++) {
		struct as_rip_msg m;
		memset(&m, 0, sizeof m);
		m.command = AS_RIP_RESPONSE;
		m.version = (uint8_t)r->cfg.rip_version;
		unsigned k = fill_from(r, &c->pos, room, &m);
		/* An empty table still gets one (empty) response. */
		if (k > 0 || !c->sent_any) {
			rsend(r, c->tmpl, &m);
			c->sent_any = true;
		}
		if (c->pos >= rt->n) {
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
	struct rip_resp *r = c->r;
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = AS_RIP_UPDATE_RESPONSE;
	m.version = (uint8_t)r->cfg.rip_version;
	m.upd_version = 1;
	m.flush = c->d.inflight_pos == 0;
	m.seq = c->d.seq;
	size_t pos = c->d.inflight_pos;
	fill_from(r, &pos, as_rip_room(AS_RIP_UPDATE_RESPONSE, &r->cfg.key), &m);
	c->d.inflight_n = pos - c->d.inflight_pos;
	c->d.inflight_last = pos >= r->cfg.routes->n;
	c->d.inflight = true;
	if (rsend(r, c->tmpl, &m) && retransmission) {
		r->base.stats.retransmissions++;
		as_resp_count(&r->base, "retransmissions");
	}
	as_timer_arm(r->e, &c->t, as_engine_now(r->e) + as_sec_ns(r->cfg.retransmit));
}

static void trig_retx(struct as_timer *t, void *arg)
{
	(void)t;
	struct client *c = arg;
	struct rip_resp *r = c->r;
	uint64_t now = as_engine_now(r->e);
	if (as_resp_requester_gone(now, c->last_heard, r->cfg.retransmit)) {
		as_resp_count(&r->base, "requester-gone");
		client_free(c);
		return;
	}
	trig_send(c, true);
}

static void on_ack(struct rip_resp *r, struct client *c, const struct as_rip_msg *m)
{
	switch (as_tdump_ack(&r->base, &c->d, m->seq)) {
	case AS_TDUMP_STALE: break;
	case AS_TDUMP_DONE: client_free(c); break;
	case AS_TDUMP_NEXT: trig_send(c, false); break;
	}
}

/* ---- requests ---- */

static struct client *client_start(struct rip_resp *r, const struct as_rx *rx, bool trig)
{
	uint32_t addr = as_ip4_load(rx->f.src);
	uint16_t port = rx->f.sport;
	uint32_t local = local_of(r, &rx->f);
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
		c->addr = addr;
		c->port = port;
		c->local = local;
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

static unsigned lookup_plen(const struct rip_resp *r, const struct as_rip_entry *e,
                            const struct as_route **found)
{
	uint8_t p[4];
	as_ip4_store(p, e->addr);
	if (e->mask) {
		*found = as_rtable_get(r->cfg.routes, AS_RT_IPV4, p, e->prefix_len);
		return e->prefix_len;
	}
	/* RIPv1 carries no mask: the longest prefix we hold that covers the address. */
	for (int l = 32; l >= 0; l--) {
		uint8_t q[4];
		as_ip4_store(q, e->addr & as_ip4_mask((unsigned)l));
		*found = as_rtable_get(r->cfg.routes, AS_RT_IPV4, q, (unsigned)l);
		if (*found)
			return (unsigned)l;
	}
	return 32;
}

static void answer_specific(struct rip_resp *r, const struct as_rx *rx, const struct as_rip_msg *q)
{
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = AS_RIP_RESPONSE;
	m.version = (uint8_t)r->cfg.rip_version;
	unsigned room = as_rip_room(AS_RIP_RESPONSE, &r->cfg.key), k = 0;
	for (unsigned i = 0; i < q->n_entries && k < room; i++) {
		const struct as_rip_entry *e = &q->e[i];
		struct as_rip_entry *o = &m.e[k++];
		*o = *e;
		o->skip = 0;
		const struct as_route *found = NULL;
		if (e->afi == AS_RIP_AFI_INET)
			lookup_plen(r, e, &found);
		o->metric = found && found->metric < AS_RIP_METRIC_INFINITY
		                ? found->metric
		                : AS_RIP_METRIC_INFINITY;
		if (r->cfg.rip_version == 1)
			o->tag = o->mask = o->next_hop = 0;
	}
	m.n_entries = (uint8_t)k;
	struct as_tmpl *t;
	if (make_tmpl(r, rx, &t) != AS_NO_ERROR) {
		as_resp_count(&r->base, "template-error");
		return;
	}
	rsend(r, t, &m);
	as_tmpl_free(t);
}

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct rip_resp *r = ep->owner;
	const struct as_frame *f = &rx->f;
	uint32_t src = as_ip4_load(f->src);
	if (src == 0 || src >= 0xE0000000u)
		return as_resp_drop(&r->base, reason, "bad-source");
	struct as_rip_msg m;
	ssize_t n = as_rip_decode(f->payload, f->payload_len, &m);
	if (n < 0)
		return as_resp_drop(&r->base, reason, as_rip_err_str((enum as_rip_err) - n));
	const char *why = as_rip_auth_check(f->payload, f->payload_len, &m, &r->cfg.key);
	if (why)
		return as_resp_drop(&r->base, reason, why);
	struct client *c = client_find(r, src, f->sport, local_of(r, f));
	if (m.auth.type == AS_RIP_AUTH_CRYPTO && c) {
		if (c->have_crypto_seq && m.auth.seq < c->crypto_seq)
			return as_resp_drop(&r->base, reason, "auth-seq-replay");
	}
	switch (m.command) {
	case AS_RIP_REQUEST:
		if (!m.whole_table) {
			as_resp_count(&r->base, "specific-requests");
			answer_specific(r, rx, &m);
			return 0;
		}
		as_resp_count(&r->base, "requests");
		r->base.stats.requests++;
		c = client_start(r, rx, false);
		break;
	case AS_RIP_UPDATE_REQUEST:
		if (r->cfg.mode != AS_MODE_TRIGGERED)
			return as_resp_drop(&r->base, reason, "triggered-not-enabled");
		if (!m.whole_table)
			return as_resp_drop(&r->base, reason, "update-request-not-whole-table");
		as_resp_count(&r->base, "update-requests");
		r->base.stats.requests++;
		c = client_start(r, rx, true);
		break;
	case AS_RIP_UPDATE_ACK:
		if (!c || !c->triggered)
			return as_resp_drop(&r->base, reason, "ack-unknown");
		c->last_heard = rx->ts;
		if (m.auth.type == AS_RIP_AUTH_CRYPTO) {
			c->have_crypto_seq = true;
			c->crypto_seq = m.auth.seq;
		}
		on_ack(r, c, &m); /* may free c */
		return 0;
	default: return as_resp_drop(&r->base, reason, "unexpected-command");
	}
	if (c) {
		c->last_heard = rx->ts;
		if (m.auth.type == AS_RIP_AUTH_CRYPTO) {
			c->have_crypto_seq = true;
			c->crypto_seq = m.auth.seq;
		}
	}
	return 0;
}

static void resp_free(struct as_responder *base)
{
	struct rip_resp *r = (struct rip_resp *)base;
	while (r->all)
		client_free(r->all);
	as_resp_close(r->e, r->ch, r->ep, r->ep_added, 3);
	free(r);
}

int as_rip_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                           struct as_responder **out)
{
	struct as_iface_info ifi;
	if (cfg->rip_version != 1 && cfg->rip_version != 2) {
		as_update_seterr("RIP version must be 1 or 2, not %d", cfg->rip_version);
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (cfg->rip_version == 1 && cfg->key.alg != AS_RIP_ALG_NONE) {
		as_update_seterr("RIPv1 has no authentication: use RIP version 2 with a key");
		return AS_ERROR_INVALID_PARAMETER;
	}
	int rc = as_resp_check_timing(cfg);
	if (rc)
		return rc;
	rc = as_sess_iface(e, cfg->ifname, 4, &ifi);
	if (rc)
		return rc;
	struct rip_resp *r = calloc(1, sizeof *r);
	if (!r) {
		as_update_seterr("out of memory");
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	r->base.free = resp_free;
	r->e = e;
	r->cfg = *cfg;
	r->our_ip = ifi.has_ip4 ? as_ip4_load(ifi.ip4) : 0;
	if (r->our_ip && ifi.ip4_plen > 0 && ifi.ip4_plen < 32)
		r->if_mask = as_ip4_mask(ifi.ip4_plen);
	as_rip_signer_init(&r->signer, &cfg->key, e);
	r->seq0 = (uint16_t)(as_engine_wall(e) / 1000000000ull);
	rc = as_resp_open(e, cfg->ifname, &as_rip_chan_spec, &r->ch);
	if (rc) {
		resp_free(&r->base);
		return rc;
	}
	static const int cls[3] = {AS_RIP_REQUEST, AS_RIP_UPDATE_REQUEST, AS_RIP_UPDATE_ACK};
	for (int i = 0; i < 3; i++) {
		struct as_endpoint *ep = &r->ep[i];
		ep->chan = r->ch;
		ep->family = 4;
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
