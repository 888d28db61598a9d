/* test_engine.c - the engine core through a fake backend: the receive gate (RFC 768 / RFC 8200
 * 8.1 checksum rules, offload signature), endpoint lookup order and wildcards, every drop
 * reason counted, duplicate keys, the replay run loop (frames vs timers, stop, deadline),
 * channel sharing, interface errors, and the link-address mappings (RFC 1112 6.4, RFC 2464 7).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/engine/core_priv.h"

/* ---- fake backend ------------------------------------------------------------------------ */

static uint8_t sent[8][1600];
static size_t sent_len[8];
static unsigned n_sent, n_opens, n_closes, n_neigh_calls;

struct qframe {
	uint64_t ts;
	uint8_t buf[1600];
	size_t len;
};
static struct qframe q[16];
static unsigned q_n, q_i;
static struct as_chan *q_chan; /* where queued frames go */

static int fake_iface(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	(void)e;
	if (strcmp(name, "missing") == 0)
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	snprintf(out->name, sizeof out->name, "%s", name);
	memcpy(out->mac, (uint8_t[]){0x02, 0, 0, 0, 0, 0x01}, 6);
	out->mtu = 1500;
	out->up = strcmp(name, "down0") != 0;
	out->running = out->up && strcmp(name, "nocarrier0") != 0;
	out->has_ip4 = true;
	memcpy(out->ip4, (uint8_t[]){192, 0, 2, 1}, 4);
	out->ip4_plen = 24;
	return AS_NO_ERROR;
}

static int fake_open(struct as_engine *e, struct as_chan *c)
{
	if (strcmp(c->ifname, "denied0") == 0) {
		as_engine_seterr(e, "interface denied0: socket: Operation not permitted");
		return AS_ERROR_ACCESS_DENIED;
	}
	n_opens++;
	c->fd = -1;
	return AS_NO_ERROR;
}

static void fake_close(struct as_chan *c)
{
	(void)c;
	n_closes++;
}

static int fake_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	(void)c;
	for (unsigned i = 0; i < n; i++) {
		assert_true(n_sent < 8);
		memcpy(sent[n_sent], iov[i].iov_base, iov[i].iov_len);
		sent_len[n_sent++] = iov[i].iov_len;
	}
	return (int)n;
}

static bool fake_next_ts(struct as_engine *e, uint64_t *ts)
{
	(void)e;
	if (q_i >= q_n)
		return false;
	*ts = q[q_i].ts;
	return true;
}

static void deliver_buf(struct as_chan *c, const uint8_t *buf, size_t len, bool notready)
{
	struct as_rx rx = {.chan = c,
			   .ts = as_engine_now(c->e),
			   .link = AS_LINK_ETHERNET,
			   .frame = buf,
			   .caplen = len,
			   .wire_len = len,
			   .csum_notready = notready};
	as_engine_deliver(c, &rx);
}

static void fake_deliver_next(struct as_engine *e)
{
	assert_true(as_engine_now(e) == q[q_i].ts); /* the loop moved the clock first */
	struct qframe *f = &q[q_i++];
	deliver_buf(q_chan, f->buf, f->len, false);
}

static int fake_neigh(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
		      uint8_t mac_out[6])
{
	(void)c;
	(void)timeout_ms;
	n_neigh_calls++;
	if (family == 4 && addr[3] == 99)
		return AS_ERROR_CAN_NOT_COMPLETE;
	memcpy(mac_out, (uint8_t[]){0x02, 0xAA, 0, 0, 0, addr[family == 4 ? 3 : 15]}, 6);
	return AS_NO_ERROR;
}

static const struct as_backend_ops replay_ops = {.name = "fake-replay",
						 .iface_query = fake_iface,
						 .chan_open = fake_open,
						 .chan_close = fake_close,
						 .chan_send = fake_send,
						 .next_ts = fake_next_ts,
						 .deliver_next = fake_deliver_next};

static const struct as_backend_ops live_ops = {.name = "fake-live",
					       .iface_query = fake_iface,
					       .chan_open = fake_open,
					       .chan_close = fake_close,
					       .chan_send = fake_send,
					       .neigh_resolve = fake_neigh};

/* ---- protocol module and endpoints --------------------------------------------------------- */

/* Class = first payload byte; 0xEE is "not ours". */
static int classify(const struct as_rx *rx, const char **reason)
{
	if (rx->f.payload_len == 0 || rx->f.payload[0] == 0xEE) {
		*reason = "bad-command";
		return -1;
	}
	return rx->f.payload[0];
}

static const struct as_proto_ops proto = {.name = "test", .classify = classify};

static const char *last_ep;
static unsigned n_accepted;

static int ep_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	(void)rx;
	last_ep = ep->owner;
	if (strcmp(ep->owner, "rejecting") == 0) {
		*reason = "stale-seq";
		return -1;
	}
	n_accepted++;
	return 0;
}

/* ---- fixture ------------------------------------------------------------------------------ */

struct fx {
	struct as_engine *e;
	struct as_chan *c4, *c6;
};

static int setup_ops(void **state, const struct as_backend_ops *ops)
{
	static struct fx f;
	memset(&f, 0, sizeof f);
	n_sent = n_opens = n_closes = n_neigh_calls = n_accepted = 0;
	q_n = q_i = 0;
	last_ep = NULL;
	struct as_engine_cfg cfg = {.backend = AS_BACKEND_REPLAY};
	char err[128];
	assert_int_equal(as_engine_new_ops(ops, &cfg, &f.e, err, sizeof err), AS_NO_ERROR);
	struct as_chan_spec s4 = {.protocol = 0x0800, .filter = "udp", .ops = &proto, .udp_port = 520};
	struct as_chan_spec s6 = {.protocol = 0x86DD, .filter = "udp", .ops = &proto, .udp_port = 521};
	assert_int_equal(as_chan_open(f.e, "veth0", &s4, &f.c4), AS_NO_ERROR);
	assert_int_equal(as_chan_open(f.e, "veth0", &s6, &f.c6), AS_NO_ERROR);
	q_chan = f.c4;
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_ops(state, &replay_ops);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	as_chan_close(f->c4);
	as_chan_close(f->c6);
	as_engine_free(f->e);
	return 0;
}

static const uint8_t me4[4] = {192, 0, 2, 1};
static const uint8_t peer_a[4] = {192, 0, 2, 2}, peer_b[4] = {192, 0, 2, 3};
static const uint8_t me6[16] = {0xfe, 0x80, [15] = 1}, peer6[16] = {0xfe, 0x80, [15] = 2};
static const uint8_t mac0[6] = {0x02, 0, 0, 0, 0, 0x01};

/* Builds, through a template on the channel, a frame from (src, sport) to us; returns its length
 * and leaves it in buf. */
static size_t mk(struct as_chan *c, int family, const uint8_t *src, uint16_t sport,
		 const uint8_t *payload, size_t len, uint8_t *buf)
{
	struct as_udp_tmpl_spec s = {.family = family,
				     .src = src,
				     .dst = family == 4 ? me4 : me6,
				     .dst_mac = mac0,
				     .sport = sport,
				     .dport = family == 4 ? 520 : 521,
				     .ttl = family == 4 ? 1 : 255};
	struct as_tmpl *t;
	assert_int_equal(as_tmpl_udp(c, &s, &t), AS_NO_ERROR);
	n_sent = 0;
	assert_int_equal(as_send(t, payload, len), 0);
	as_engine_flush(c->e);
	assert_int_equal(n_sent, 1);
	memcpy(buf, sent[0], sent_len[0]);
	as_tmpl_free(t);
	return sent_len[0];
}

static uint64_t ctr(const struct as_chan *c, const char *name)
{
	return as_counter_get(as_chan_counters(c), name);
}

static uint64_t ectr(const struct as_engine *e, const char *name)
{
	return as_counter_get(as_engine_counters(e), name);
}

static void set_ep(struct as_endpoint *ep, struct as_chan *c, int family, const uint8_t *peer,
		   uint16_t port, int cls, const char *name)
{
	memset(ep, 0, sizeof *ep);
	ep->chan = c;
	ep->family = family;
	if (peer)
		memcpy(ep->peer, peer, family == 4 ? 4 : 16);
	ep->peer_port = port;
	ep->cls = cls;
	ep->rx = ep_rx;
	ep->owner = (void *)name;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_lookup_order(void **state)
{
	struct fx *f = *state;
	struct as_endpoint e1, e2, e3, e4;
	set_ep(&e1, f->c4, 4, peer_a, 520, 2, "addr-port");
	set_ep(&e2, f->c4, 4, peer_a, 0, 2, "addr-any");
	set_ep(&e3, f->c4, 4, NULL, 520, 2, "any-port");
	set_ep(&e4, f->c4, 4, NULL, 0, 2, "any-any");
	/* registered least specific first: the order of registration must not matter */
	assert_int_equal(as_endpoint_add(f->e, &e4), AS_NO_ERROR);
	assert_int_equal(as_endpoint_add(f->e, &e3), AS_NO_ERROR);
	assert_int_equal(as_endpoint_add(f->e, &e2), AS_NO_ERROR);
	assert_int_equal(as_endpoint_add(f->e, &e1), AS_NO_ERROR);
	uint8_t pl[24] = {2, 2}, buf[1600];
	size_t n;

	n = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "addr-port");
	n = mk(f->c4, 4, peer_a, 4000, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "addr-any");
	n = mk(f->c4, 4, peer_b, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "any-port");
	n = mk(f->c4, 4, peer_b, 4000, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "any-any");

	/* removing the most specific falls back to the next */
	as_endpoint_del(f->e, &e1);
	n = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "addr-any");
	as_endpoint_del(f->e, &e2);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "any-port");

	/* another class matches nothing */
	pl[0] = 1;
	last_ep = NULL;
	n = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_null(last_ep);
	assert_true(ctr(f->c4, "no-endpoint") == 1);
	assert_true(ctr(f->c4, "accepted") == 6);
	assert_true(ectr(f->e, "accepted") == 6);
	assert_true(ctr(f->c4, "rx-frames") == 7);

	/* IPv6 endpoints on the other channel, keyed on 16 bytes */
	struct as_endpoint e6;
	set_ep(&e6, f->c6, 6, peer6, 521, 2, "v6");
	assert_int_equal(as_endpoint_add(f->e, &e6), AS_NO_ERROR);
	pl[0] = 2;
	n = mk(f->c6, 6, peer6, 521, pl, sizeof pl, buf);
	deliver_buf(f->c6, buf, n, false);
	assert_string_equal(last_ep, "v6");
	/* an IPv6 frame on the IPv4 channel */
	deliver_buf(f->c4, buf, n, false);
	assert_true(ctr(f->c4, "wrong-family") == 1);
	as_endpoint_del(f->e, &e6);
	as_endpoint_del(f->e, &e3);
	as_endpoint_del(f->e, &e4);
}

static void test_drop_reasons(void **state)
{
	struct fx *f = *state;
	struct as_endpoint any, rej;
	set_ep(&any, f->c4, 4, NULL, 0, 2, "any");
	set_ep(&rej, f->c4, 4, peer_b, 0, 2, "rejecting");
	assert_int_equal(as_endpoint_add(f->e, &any), AS_NO_ERROR);
	assert_int_equal(as_endpoint_add(f->e, &rej), AS_NO_ERROR);
	uint8_t pl[24] = {2, 2, 0, 0, 5, 6, 7}, buf[1600];
	size_t n = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, buf);
	size_t udp = 14 + 20;

	/* bad UDP checksum: dropped */
	uint8_t bad[1600];
	memcpy(bad, buf, n);
	bad[n - 1] ^= 0x40;
	deliver_buf(f->c4, bad, n, false);
	assert_true(ctr(f->c4, "udp-bad-checksum") == 1);
	assert_int_equal(n_accepted, 0);
	/* the same frame marked "checksum not ready" by the kernel: accepted, counted */
	deliver_buf(f->c4, bad, n, true);
	assert_true(ctr(f->c4, "udp-csum-offload") == 1);
	assert_int_equal(n_accepted, 1);

	/* the offload signature (pseudo-header sum only, as Linux CHECKSUM_PARTIAL leaves it) */
	memcpy(bad, buf, n);
	uint32_t ps = 17 + (uint32_t)(n - udp);
	ps = as_csum_add(ps, bad + 26, 8);
	uint16_t partial = as_csum_fold(ps);
	bad[udp + 6] = (uint8_t)(partial >> 8);
	bad[udp + 7] = (uint8_t)partial;
	deliver_buf(f->c4, bad, n, false);
	assert_true(ctr(f->c4, "udp-csum-offload") == 2);
	assert_int_equal(n_accepted, 2);
	assert_true(ectr(f->e, "udp-csum-offload") == 2);

	/* no checksum over IPv4: allowed */
	memcpy(bad, buf, n);
	bad[udp + 6] = bad[udp + 7] = 0;
	deliver_buf(f->c4, bad, n, false);
	assert_int_equal(n_accepted, 3);

	/* not UDP: protocol 6, header checksum fixed */
	memcpy(bad, buf, n);
	bad[14 + 9] = 6;
	bad[14 + 10] = bad[14 + 11] = 0;
	uint16_t hc = (uint16_t)~as_csum_fold(as_csum_add(0, bad + 14, 20));
	bad[14 + 10] = (uint8_t)(hc >> 8);
	bad[14 + 11] = (uint8_t)hc;
	deliver_buf(f->c4, bad, n, false);
	assert_true(ctr(f->c4, "not-udp") == 1);

	/* not IP: ARP */
	memcpy(bad, buf, n);
	bad[12] = 0x08;
	bad[13] = 0x06;
	deliver_buf(f->c4, bad, n, false);
	assert_true(ctr(f->c4, "not-ip") == 1);

	/* IPv4 header checksum wrong: the decoder's name */
	memcpy(bad, buf, n);
	bad[14 + 8] ^= 1; /* TTL */
	deliver_buf(f->c4, bad, n, false);
	assert_true(ctr(f->c4, "ip-bad-checksum") == 1);

	/* classify refuses */
	pl[0] = 0xEE;
	n = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_true(ctr(f->c4, "bad-command") == 1);

	/* no endpoint for class 3 */
	pl[0] = 3;
	n = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_true(ctr(f->c4, "no-endpoint") == 1);

	/* the endpoint refuses with its own reason */
	pl[0] = 2;
	n = mk(f->c4, 4, peer_b, 520, pl, sizeof pl, buf);
	deliver_buf(f->c4, buf, n, false);
	assert_string_equal(last_ep, "rejecting");
	assert_true(ctr(f->c4, "stale-seq") == 1);
	assert_true(ectr(f->e, "stale-seq") == 1);

	assert_true(ctr(f->c4, "accepted") == 3);
	assert_true(ctr(f->c4, "rx-frames") == 10);
	assert_true(ectr(f->e, "rx-frames") == 10);
	assert_true(ctr(f->c6, "rx-frames") == 0);

	/* the same key twice */
	struct as_endpoint dup;
	set_ep(&dup, f->c4, 4, peer_b, 0, 2, "dup");
	assert_int_equal(as_endpoint_add(f->e, &dup), AS_ERROR_UPDATE_IN_PROGRESS);
	/* the same key on the other channel is another key */
	set_ep(&dup, f->c6, 4, peer_b, 0, 2, "dup");
	assert_int_equal(as_endpoint_add(f->e, &dup), AS_NO_ERROR);
	as_endpoint_del(f->e, &dup);
	as_endpoint_del(f->e, &any);
	as_endpoint_del(f->e, &rej);
}

static void test_many_endpoints(void **state)
{
	struct fx *f = *state;
	enum { N = 10000 };
	struct as_endpoint *eps = calloc(N, sizeof *eps);
	assert_non_null(eps);
	for (unsigned i = 0; i < N; i++) {
		uint8_t p[4] = {10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		set_ep(&eps[i], f->c4, 4, p, (uint16_t)(1000 + i % 7), (int)(i % 3), "many");
		assert_int_equal(as_endpoint_add(f->e, &eps[i]), AS_NO_ERROR);
	}
	for (unsigned i = 0; i < N; i++) {
		uint8_t p[4] = {10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		assert_ptr_equal(as_endpoint_lookup(f->e, f->c4, 4, p, (uint16_t)(1000 + i % 7),
						    (int)(i % 3)),
				 &eps[i]);
		assert_null(as_endpoint_lookup(f->e, f->c4, 4, p, (uint16_t)(1000 + i % 7),
					       (int)(i % 3) + 3));
	}
	/* chains stay short: the table grew with the load */
	assert_true(f->e->ht_cap >= N);
	for (unsigned i = 0; i < N; i += 2)
		as_endpoint_del(f->e, &eps[i]);
	for (unsigned i = 0; i < N; i++) {
		uint8_t p[4] = {10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		struct as_endpoint *got = as_endpoint_lookup(f->e, f->c4, 4, p,
							     (uint16_t)(1000 + i % 7), (int)(i % 3));
		if (i % 2)
			assert_ptr_equal(got, &eps[i]);
		else
			assert_null(got);
	}
	for (unsigned i = 1; i < N; i += 2)
		as_endpoint_del(f->e, &eps[i]);
	assert_int_equal(f->e->ht_n, 0);
	free(eps);
}

/* Replay loop: frames at 100, 200, 300 and timers at 150, 200 (tie: frame first), 250 (stops). */
struct runlog {
	struct as_engine *e;
	struct as_timer t[3];
	char log[64];
};
static struct runlog *cur;

static int ep_log(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	(void)ep;
	(void)reason;
	char s[16];
	snprintf(s, sizeof s, "f%u ", (unsigned)(as_engine_now(rx->chan->e)));
	strncat(cur->log, s, sizeof cur->log - strlen(cur->log) - 1);
	return 0;
}

static void tm_log(struct as_timer *t, void *arg)
{
	struct runlog *r = arg;
	char s[16];
	snprintf(s, sizeof s, "t%u ", (unsigned)as_engine_now(r->e));
	strncat(r->log, s, sizeof r->log - strlen(r->log) - 1);
	if (t == &r->t[2])
		as_engine_stop(r->e);
}

static void test_replay_order(void **state)
{
	struct fx *f = *state;
	static struct runlog r;
	memset(&r, 0, sizeof r);
	r.e = f->e;
	cur = &r;
	struct as_endpoint ep;
	set_ep(&ep, f->c4, 4, NULL, 0, 2, "log");
	ep.rx = ep_log;
	assert_int_equal(as_endpoint_add(f->e, &ep), AS_NO_ERROR);
	uint8_t pl[8] = {2};
	uint64_t ts[3] = {100, 200, 300};
	for (unsigned i = 0; i < 3; i++) {
		q[i].len = mk(f->c4, 4, peer_a, 520, pl, sizeof pl, q[i].buf);
		q[i].ts = ts[i];
	}
	q_n = 3;
	for (int i = 0; i < 3; i++)
		as_timer_init(&r.t[i], tm_log, &r);
	as_timer_arm(f->e, &r.t[0], 150);
	as_timer_arm(f->e, &r.t[1], 200);
	as_timer_arm(f->e, &r.t[2], 250);
	assert_int_equal(as_engine_run(f->e, 0), AS_NO_ERROR);
	assert_string_equal(r.log, "f100 t150 f200 t200 t250 ");
	/* stop resets; a deadline before the last frame holds it back */
	assert_int_equal(as_engine_run(f->e, 280), AS_NO_ERROR);
	assert_string_equal(r.log, "f100 t150 f200 t200 t250 ");
	assert_true(as_engine_now(f->e) == 280);
	/* then the capture runs out with no timer: the run ends by itself */
	assert_int_equal(as_engine_run(f->e, 0), AS_NO_ERROR);
	assert_string_equal(r.log, "f100 t150 f200 t200 t250 f300 ");
	assert_int_equal(q_i, 3);
	as_endpoint_del(f->e, &ep);
}

static void test_chan_sharing(void **state)
{
	struct fx *f = *state;
	unsigned opens = n_opens;
	struct as_chan_spec s = {.protocol = 0x0800, .filter = "udp", .ops = &proto, .udp_port = 520};
	struct as_chan *a, *b, *c;
	assert_int_equal(as_chan_open(f->e, "veth0", &s, &a), AS_NO_ERROR);
	assert_ptr_equal(a, f->c4); /* same interface, protocol, filter, ops, port */
	assert_int_equal(n_opens, opens);
	assert_int_equal(a->refs, 2);
	s.filter = "udp and src host 192.0.2.2";
	assert_int_equal(as_chan_open(f->e, "veth0", &s, &b), AS_NO_ERROR);
	assert_ptr_not_equal(b, f->c4);
	assert_int_equal(n_opens, opens + 1);
	s.filter = "udp";
	assert_int_equal(as_chan_open(f->e, "veth1", &s, &c), AS_NO_ERROR);
	assert_ptr_not_equal(c, f->c4);
	assert_int_equal(n_opens, opens + 2);
	/* A low-latency channel has another receive ring: never shared with a flood channel. */
	struct as_chan *d, *d2;
	s.low_latency = true;
	assert_int_equal(as_chan_open(f->e, "veth0", &s, &d), AS_NO_ERROR);
	assert_ptr_not_equal(d, f->c4);
	assert_true(d->spec.low_latency);
	assert_int_equal(n_opens, opens + 3);
	assert_int_equal(as_chan_open(f->e, "veth0", &s, &d2), AS_NO_ERROR);
	assert_ptr_equal(d2, d);
	assert_int_equal(n_opens, opens + 3);
	unsigned closes = n_closes;
	as_chan_close(a);
	assert_int_equal(n_closes, closes); /* the fixture still holds it */
	assert_int_equal(f->c4->refs, 1);
	as_chan_close(b);
	as_chan_close(c);
	as_chan_close(d2);
	as_chan_close(d);
	assert_int_equal(n_closes, closes + 3);
	assert_string_equal(as_chan_iface(f->c4)->name, "veth0");
	assert_ptr_equal(as_chan_engine(f->c4), f->e);
}

static void test_iface_errors(void **state)
{
	struct fx *f = *state; /* a live fake */
	struct as_chan_spec s = {.protocol = 0x0800, .filter = "udp", .ops = &proto};
	struct as_chan *c;
	assert_int_equal(as_chan_open(f->e, "missing", &s, &c), AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_null(c);
	assert_string_equal(as_engine_error(f->e), "interface missing does not exist");
	assert_int_equal(as_chan_open(f->e, "down0", &s, &c), AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_string_equal(as_engine_error(f->e), "interface down0 is down");
	assert_int_equal(as_chan_open(f->e, "nocarrier0", &s, &c),
			 AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_string_equal(as_engine_error(f->e), "interface nocarrier0 has no carrier");
	assert_int_equal(as_chan_open(f->e, "denied0", &s, &c), AS_ERROR_ACCESS_DENIED);
	assert_non_null(strstr(as_engine_error(f->e), "denied0"));
	assert_false(as_engine_is_replay(f->e));
}

static void test_neigh(void **state)
{
	struct fx *f = *state; /* a live fake: unicast goes to the backend */
	uint8_t mac[6];
	struct {
		int family;
		uint8_t addr[16];
		uint8_t mac[6];
	} cases[] = {
		{4, {224, 0, 0, 9}, {0x01, 0x00, 0x5e, 0x00, 0x00, 0x09}},
		{4, {239, 255, 1, 2}, {0x01, 0x00, 0x5e, 0x7f, 0x01, 0x02}},
		{4, {255, 255, 255, 255}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{4, {192, 0, 2, 255}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}, /* subnet broadcast */
		{6, {0xff, 0x02, [15] = 9}, {0x33, 0x33, 0, 0, 0, 9}},
		{6, {0xff, 0x02, [12] = 0xab, 0xcd, 0x12, 0x34}, {0x33, 0x33, 0xab, 0xcd, 0x12, 0x34}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct as_chan *c = cases[i].family == 4 ? f->c4 : f->c6;
		assert_int_equal(as_neigh_resolve(c, cases[i].family, cases[i].addr, 100, mac),
				 AS_NO_ERROR);
		assert_memory_equal(mac, cases[i].mac, 6);
	}
	assert_int_equal(n_neigh_calls, 0);
	/* unicast: asked once, then from the cache */
	const uint8_t u[4] = {192, 0, 2, 127};
	assert_int_equal(as_neigh_resolve(f->c4, 4, u, 100, mac), AS_NO_ERROR);
	assert_memory_equal(mac, ((uint8_t[]){0x02, 0xAA, 0, 0, 0, 127}), 6);
	assert_int_equal(as_neigh_resolve(f->c4, 4, u, 100, mac), AS_NO_ERROR);
	assert_int_equal(n_neigh_calls, 1);
	/* failures are not cached */
	const uint8_t x[4] = {192, 0, 2, 99};
	assert_int_equal(as_neigh_resolve(f->c4, 4, x, 100, mac), AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(as_neigh_resolve(f->c4, 4, x, 100, mac), AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(n_neigh_calls, 3);
}

static void test_neigh_replay_zero(void **state)
{
	struct fx *f = *state;
	uint8_t mac[6] = {1, 2, 3, 4, 5, 6};
	assert_int_equal(as_neigh_resolve(f->c4, 4, peer_a, 100, mac), AS_NO_ERROR);
	assert_memory_equal(mac, ((uint8_t[6]){0}), 6);
}

/* Live loop with no descriptors: returns at once when nothing is armed, fires a timer on the
 * monotonic clock, and honours a deadline. */
static void stop_cb(struct as_timer *t, void *arg)
{
	(void)t;
	*(int *)arg += 1;
}

static void test_live_loop(void **state)
{
	struct fx *f = *state;
	assert_int_equal(as_engine_run(f->e, 0), AS_NO_ERROR); /* nothing armed */
	int fired = 0;
	struct as_timer t;
	as_timer_init(&t, stop_cb, &fired);
	uint64_t t0 = as_engine_now(f->e);
	as_timer_arm(f->e, &t, t0 + 3000000); /* 3 ms */
	assert_int_equal(as_engine_run(f->e, 0), AS_NO_ERROR);
	uint64_t t1 = as_engine_now(f->e);
	assert_int_equal(fired, 1);
	assert_true(t1 - t0 >= 3000000);
	assert_true(t1 - t0 < 1000000000);
	/* a deadline with nothing armed waits for it */
	assert_int_equal(as_engine_run(f->e, t1 + 2000000), AS_NO_ERROR);
	assert_true(as_engine_now(f->e) >= t1 + 2000000);
}

static int setup_live(void **state)
{
	return setup_ops(state, &live_ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lookup_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_endpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replay_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chan_sharing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_neigh_replay_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iface_errors, setup_live, teardown),
		cmocka_unit_test_setup_teardown(test_neigh, setup_live, teardown),
		cmocka_unit_test_setup_teardown(test_live_loop, setup_live, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
