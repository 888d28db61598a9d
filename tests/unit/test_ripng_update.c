/* test_ripng_update.c - the RIPng requester and responder (RFC 2080, RFC 2091) driven through the
 * replay backend: BIRD's RIPng demand-circuit capture, and captures written here frame by frame.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <pcap/pcap.h>

#include <autostatic/frame.h>
#include <autostatic/ripng.h>

#include "src/core/module.h"
#include "src/core/update.h"
#include "src/engine/engine_impl.h"
#include "tests/unit/capwriter.h"

/* The module is called directly: the dispatch table of src/core/update.c is not ours. */
static const struct as_module *const mod = &as_module_ripng;

static const char *const BIRD = "fe80::ff:fe00:1"; /* the neighbour in every capture */
static const char *const US = "fe80::ff:fe00:2";

/* ---- writing captures ---- */

static void ip6(const char *s, uint8_t out[16])
{
	assert_int_equal(inet_pton(AF_INET6, s, out), 1);
}

static void cap_ripng(struct cap *c, unsigned t_ms, const char *src, uint16_t sport,
                      const char *dst, uint8_t hlim, const struct as_ripng_msg *m)
{
	static uint8_t buf[AS_RIPNG_MAX_LEN];
	ssize_t n = as_ripng_encode(m, buf, sizeof buf);
	assert_true(n > 0);
	cap_udp6(c, t_ms, src, sport, dst, AS_RIPNG_PORT, hlim, buf, (size_t)n);
}

/* Something outside the filter at t=0: the capture's clock starts there. */
static void cap_start(struct cap *c)
{
	uint8_t junk[4] = {0};
	cap_udp6(c, 0, BIRD, 9, US, 9, 255, junk, sizeof junk);
}

/* Messages are large: tests build them here. */
static struct as_ripng_msg msg;

static void msg_init(unsigned cmd, int seq, int flush)
{
	memset(&msg, 0, sizeof msg);
	msg.command = (uint8_t)cmd;
	msg.version = 1;
	if (as_ripng_cmd_is_triggered(cmd)) {
		msg.upd_version = 1;
		msg.seq = (uint16_t)(seq < 0 ? 0 : seq);
		msg.flush = (uint8_t)flush;
	}
}

/* The route 2001:db8:B:I::/64. */
static void route_prefix(unsigned b, unsigned i, uint8_t p[16])
{
	memset(p, 0, 16);
	p[0] = 0x20, p[1] = 0x01, p[2] = 0x0d, p[3] = 0xb8;
	p[4] = (uint8_t)(b >> 8), p[5] = (uint8_t)b, p[6] = (uint8_t)(i >> 8), p[7] = (uint8_t)i;
}

static struct as_ripng_entry *add_route(unsigned b, unsigned i, uint8_t metric)
{
	struct as_ripng_entry *e = &msg.e[msg.n_entries++];
	memset(e, 0, sizeof *e);
	route_prefix(b, i, e->prefix);
	e->prefix_len = 64;
	e->metric = metric;
	return e;
}

static void add_next_hop(const char *a)
{
	struct as_ripng_entry *e = &msg.e[msg.n_entries++];
	memset(e, 0, sizeof *e);
	ip6(a, e->prefix);
	e->metric = AS_RIPNG_METRIC_NEXT_HOP;
	e->is_next_hop = true;
}

/* ---- running an update ---- */

/* The replay interface, with our link-local address (and an MTU) when ll6 is set. */
static bool with_ll6;
static unsigned test_mtu = 1500;

static int ll6_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	int rc = as_backend_replay.iface_query(e, name, out);
	if (with_ll6) {
		out->has_ll6 = true;
		ip6(US, out->ll6);
	}
	out->mtu = test_mtu;
	return rc;
}

static struct as_backend_ops replay_ll6;

static void run_update(struct run *r, const char *pcap, const struct as_update_cfg *cfg,
                       const char *write_path)
{
	struct as_engine_cfg ec = {
	    .backend = AS_BACKEND_REPLAY, .replay_path = pcap, .write_path = write_path};
	char err[256];
	memset(r, 0, sizeof *r);
	if (as_engine_new_ops(&replay_ll6, &ec, &r->e, err, sizeof err))
		fail_msg("engine: %s", err);
	int rc = mod->update_start(r->e, cfg, on_done, r, &r->u);
	if (rc)
		fail_msg("start: %d %s", rc, as_update_start_error());
	assert_int_equal(r->done_calls, 0); /* never from inside the start */
	assert_int_equal(as_engine_run(r->e, 0), AS_NO_ERROR);
	assert_int_equal(r->done_calls, 1);
	r->res = as_update_result(r->u);
}

static void base_cfg(struct as_update_cfg *cfg, const char *neigh)
{
	as_update_cfg_defaults(cfg);
	cfg->ifname = "veth-test";
	cfg->pid = AS_PID_IPV6;
	if (neigh) {
		cfg->have_neighbour = true;
		ip6(neigh, cfg->neighbour);
	}
}

static const struct as_route *get6(const struct as_update_result *res, unsigned b, unsigned i)
{
	uint8_t p[16];
	route_prefix(b, i, p);
	return as_rtable_get(&res->routes, AS_RT_IPV6, p, 64);
}

static void assert_addr(const uint8_t *got, const char *want)
{
	uint8_t w[16];
	ip6(want, w);
	if (memcmp(got, w, 16) != 0) {
		char b[INET6_ADDRSTRLEN];
		fail_msg("address %s, want %s", inet_ntop(AF_INET6, got, b, sizeof b), want);
	}
}

/* What the recording holds from src: messages decoded into out[] (a static array), with the
 * envelope of each. */
struct sent {
	uint8_t dst[16];
	uint16_t sport, dport;
	uint8_t hlim;
	size_t len;
	struct as_ripng_msg m;
};

static unsigned sent_from(const char *path, const char *src, struct sent *out, unsigned max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	assert_non_null(p);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;
	uint8_t a[16];
	ip6(src, a);
	while (n < max && pcap_next_ex(p, &h, &d) == 1) {
		struct as_frame f;
		if (as_frame_decode(AS_LINK_ETHERNET, d, h->caplen, &f) != AS_FRAME_OK ||
		    f.l3 != AS_L3_IPV6 || memcmp(f.src, a, 16) != 0 || f.dport == 9)
			continue;
		memcpy(out[n].dst, f.dst, 16);
		out[n].sport = f.sport;
		out[n].dport = f.dport;
		out[n].hlim = f.ttl;
		out[n].len = f.payload_len;
		assert_true(as_ripng_decode(f.payload, f.payload_len, &out[n].m) > 0);
		n++;
	}
	pcap_close(p);
	return n;
}

static struct sent sent[16];

/* ---- tests ---- */

static void test_bird_demand_circuit(void **state)
{
	(void)state;
	struct as_update_cfg cfg;
	base_cfg(&cfg, BIRD);
	cfg.mode = AS_MODE_TRIGGERED;
	with_ll6 = false;
	struct run r;
	run_update(&r, pcap_path("bird/bird-demand-circuit.pcap"), &cfg, NULL);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->family, AS_RT_IPV6);
	/* BIRD's start-up multicast session (ff02::9) is acknowledged and collected: it resends
	 * its unacknowledged first response every second with a new sequence and flush=1 (each
	 * discarding the one before), then serves its 1000 routes (1744 RTEs in 26 responses). */
	assert_int_equal(res->routes.n, 1000);
	for (size_t i = 0; i < res->routes.n; i++) {
		const struct as_route *rt = &res->routes.r[i];
		assert_int_equal(rt->family, AS_RT_IPV6);
		assert_int_equal(rt->plen, 64);
		assert_memory_equal(rt->prefix, "\x20\x01\x0d\xb8\x00\x01", 6);
		assert_int_equal(rt->metric, 2); /* BIRD's 1 + 1 */
		assert_addr(rt->next_hop, BIRD);
	}
	assert_true(res->have_neighbour);
	assert_addr(res->neighbour, BIRD);
	assert_int_equal(res->requests_sent, 1);
	uint64_t acc = ctr(res, "packets-accepted");
	assert_true(acc >= 62 + 26);
	assert_int_equal(ctr(res, "acks-sent"), acc); /* every Update Response acknowledged */
	assert_true(ctr(res, "flushes") >= 62);
	assert_int_equal(ctr(res, "duplicates"), 0); /* BIRD never repeats a sequence number */
	assert_int_equal(ctr(res, "routes-received"), 1744 + 71 * 62);
	assert_true(res->t_first_reply > res->t_start);
	assert_true(res->t_done >= res->t_last_route + 1200000000ull);
	run_free(&r);
}

static void test_request_mode(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_ripng_update");
	cap_start(&c);
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(9, 0, 1);
	cap_ripng(&c, 10, BIRD, 522, US, 255, &msg);           /* wrong source port */
	cap_ripng(&c, 12, "2001:db8::1", 521, US, 255, &msg);  /* not link-local */
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(1, 0, 1);
	add_route(1, 1, 3);
	add_route(1, 2, 15); /* 15 + 1: unreachable */
	add_route(1, 7, 0);  /* metric 0: skipped */
	add_route(1, 8, 1)->prefix[15] = 1; /* host bits */
	add_next_hop("fe80::9");
	add_route(1, 3, 1);
	add_next_hop("2001:db8::9"); /* not link-local: the sender */
	add_route(1, 4, 1);
	add_next_hop("::");
	add_route(1, 5, 1);
	cap_ripng(&c, 20, BIRD, 521, "ff02::9", 255, &msg);
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(1, 50, 1);
	cap_ripng(&c, 30, "fe80::7", 521, US, 255, &msg); /* another router */
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(1, 0, 4); /* worse: the held entry stays */
	add_route(1, 10, 1);
	cap_ripng(&c, 40, BIRD, 521, US, 255, &msg);
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(1, 30, 1);
	cap_ripng(&c, 45, BIRD, 521, "ff02::9", 64, &msg); /* multicast, hop limit 64: dropped */
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(1, 20, 1);
	add_route(1, 1, 1); /* better: replaces */
	cap_ripng(&c, 50, BIRD, 521, US, 64, &msg); /* unicast, hop limit 64 (FRR): accepted */
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(1, 40, 1);
	cap_ripng(&c, 55, BIRD, 521, "fe80::99", 255, &msg); /* not to us */
	uint8_t bad[4 + 20 + 3] = {2, 1};
	cap_udp6(&c, 60, BIRD, 521, US, 521, 255, bad, sizeof bad);
	msg_init(AS_RIPNG_UPDATE_RESPONSE, 1, 1);
	add_route(1, 41, 1);
	cap_ripng(&c, 65, BIRD, 521, US, 255, &msg); /* not in request mode */
	cap_close(&c);
	char rec[80];
	snprintf(rec, sizeof rec, "%s.rec", c.path);

	struct as_update_cfg cfg;
	base_cfg(&cfg, NULL);
	with_ll6 = true;
	struct run r;
	run_update(&r, c.path, &cfg, rec);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 7);
	const struct as_route *rt = get6(res, 1, 0);
	assert_non_null(rt);
	assert_int_equal(rt->metric, 2);
	assert_addr(rt->next_hop, BIRD);
	assert_int_equal(get6(res, 1, 1)->metric, 2); /* 4, then 2 from the later packet */
	assert_null(get6(res, 1, 2));
	assert_null(get6(res, 1, 7));
	assert_addr(get6(res, 1, 3)->next_hop, "fe80::9");
	assert_addr(get6(res, 1, 4)->next_hop, BIRD);
	assert_addr(get6(res, 1, 5)->next_hop, BIRD);
	assert_non_null(get6(res, 1, 10));
	assert_non_null(get6(res, 1, 20));
	assert_null(get6(res, 1, 30));
	assert_null(get6(res, 1, 40));
	assert_null(get6(res, 1, 41));
	assert_null(get6(res, 1, 50));
	assert_null(get6(res, 9, 0));
	/* The arrival order is kept. */
	assert_int_equal(res->routes.r[0].prefix[7], 0);
	assert_int_equal(res->routes.r[6].prefix[7], 20);
	assert_int_equal(ctr(res, "bad-source-port"), 1);
	assert_int_equal(ctr(res, "source-not-link-local"), 1);
	assert_int_equal(ctr(res, "other-neighbour"), 1);
	assert_int_equal(ctr(res, "bad-hop-limit"), 1);
	assert_int_equal(ctr(res, "hop-limit-not-255"), 1);
	assert_int_equal(ctr(res, "wrong-destination"), 1);
	assert_int_equal(ctr(res, "unexpected-command"), 1);
	assert_int_equal(ctr(res, as_ripng_err_str(AS_RIPNG_ERR_BAD_LENGTH)), 1);
	assert_int_equal(ctr(res, "unreachable"), 1);
	assert_int_equal(ctr(res, as_ripng_skip_str(AS_RIPNG_SKIP_METRIC)), 1);
	assert_int_equal(ctr(res, as_ripng_skip_str(AS_RIPNG_SKIP_HOST_BITS)), 1);
	assert_int_equal(ctr(res, as_ripng_skip_str(AS_RIPNG_SKIP_NEXT_HOP)), 1);
	assert_int_equal(ctr(res, "next-hop-entries"), 3);
	assert_int_equal(ctr(res, "packets-accepted"), 3);
	assert_int_equal(res->requests_sent, 1);
	assert_true(res->have_neighbour);
	assert_addr(res->neighbour, BIRD);
	/* Quiet = clamp(8 x 20 ms, 50 ms, 2 s) after the last valid packet (50 ms). */
	const uint64_t ms = 1000000;
	assert_int_equal(res->t_first_reply - res->t_start, 20 * ms);
	assert_int_equal(res->t_last_route - res->t_start, 50 * ms);
	assert_int_equal(res->t_done - res->t_start, 210 * ms);
	run_free(&r);

	/* On the wire: one whole-table Request from our link-local address, port 521, hop limit
	 * 255, to ff02::9 port 521. */
	assert_int_equal(sent_from(rec, US, sent, 16), 1);
	assert_addr(sent[0].dst, "ff02::9");
	assert_int_equal(sent[0].sport, 521);
	assert_int_equal(sent[0].dport, 521);
	assert_int_equal(sent[0].hlim, 255);
	assert_int_equal(sent[0].m.command, AS_RIPNG_REQUEST);
	assert_true(sent[0].m.whole_table);
	assert_int_equal(sent[0].len, 24);
	remove(rec);

	/* With the neighbour given, the same capture: the other router is refused earlier. */
	base_cfg(&cfg, BIRD);
	run_update(&r, c.path, &cfg, rec);
	assert_int_equal(r.res->status, AS_NO_ERROR);
	assert_int_equal(r.res->routes.n, 7);
	run_free(&r);
	assert_int_equal(sent_from(rec, US, sent, 16), 1);
	assert_addr(sent[0].dst, BIRD);
	remove(rec);
	remove(c.path);
}

static void test_triggered_duplicates_flush(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_ripng_update");
	cap_start(&c);
	msg_init(AS_RIPNG_UPDATE_RESPONSE, 5, 1);
	add_route(2, 0, 1);
	add_route(2, 1, 1);
	cap_ripng(&c, 10, BIRD, 521, US, 255, &msg);
	cap_ripng(&c, 20, BIRD, 521, US, 255, &msg); /* resent: a duplicate */
	msg_init(AS_RIPNG_UPDATE_RESPONSE, 6, 0);
	add_route(2, 2, 1);
	cap_ripng(&c, 30, BIRD, 521, US, 255, &msg);
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(2, 20, 1);
	cap_ripng(&c, 40, BIRD, 521, US, 255, &msg); /* plain Response */
	msg_init(AS_RIPNG_UPDATE_RESPONSE, 7, 1);
	add_route(2, 10, 1);
	cap_ripng(&c, 50, BIRD, 521, "ff02::9", 255, &msg); /* flush: a new table */
	msg_init(AS_RIPNG_UPDATE_RESPONSE, 8, 0);
	add_route(2, 11, 1);
	cap_ripng(&c, 60, BIRD, 521, US, 255, &msg);
	cap_close(&c);
	char rec[80];
	snprintf(rec, sizeof rec, "%s.rec", c.path);

	struct as_update_cfg cfg;
	base_cfg(&cfg, BIRD);
	cfg.mode = AS_MODE_TRIGGERED;
	with_ll6 = true;
	struct run r;
	run_update(&r, c.path, &cfg, rec);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 2);
	assert_non_null(get6(res, 2, 10));
	assert_non_null(get6(res, 2, 11));
	assert_int_equal(ctr(res, "duplicates"), 1);
	assert_int_equal(ctr(res, "flushes"), 2);
	assert_int_equal(ctr(res, "acks-sent"), 5);
	assert_int_equal(ctr(res, "unexpected-command"), 1);
	const uint64_t ms = 1000000;
	assert_int_equal(res->t_done - res->t_start, 2060 * ms); /* 60 ms + quiet_ms (2 s) */
	run_free(&r);

	/* The Update Request (one RTE ::/0 metric 16, as BIRD wants), then one acknowledgement
	 * per Update Response with its flush and sequence, all to BIRD from port 521, hop 255. */
	assert_int_equal(sent_from(rec, US, sent, 16), 6);
	assert_int_equal(sent[0].m.command, AS_RIPNG_UPDATE_REQUEST);
	assert_int_equal(sent[0].m.n_entries, 1);
	assert_true(sent[0].m.whole_table);
	assert_int_equal(sent[0].m.e[0].metric, 16);
	assert_int_equal(sent[0].m.e[0].prefix_len, 0);
	static const uint16_t seqs[5] = {5, 5, 6, 7, 8};
	static const uint8_t flush[5] = {1, 1, 0, 1, 0};
	for (unsigned i = 0; i < 6; i++) {
		assert_addr(sent[i].dst, BIRD);
		assert_int_equal(sent[i].sport, 521);
		assert_int_equal(sent[i].dport, 521);
		assert_int_equal(sent[i].hlim, 255);
		if (i == 0)
			continue;
		assert_int_equal(sent[i].m.command, AS_RIPNG_UPDATE_ACK);
		assert_int_equal(sent[i].m.seq, seqs[i - 1]);
		assert_int_equal(sent[i].m.flush, flush[i - 1]);
		assert_int_equal(sent[i].m.n_entries, 0);
	}
	remove(rec);
	remove(c.path);
}

static void test_no_reply(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_ripng_update");
	cap_start(&c);
	msg_init(AS_RIPNG_RESPONSE, -1, 0);
	add_route(3, 0, 1);
	cap_ripng(&c, 500, BIRD, 520, US, 255, &msg);          /* not a valid reply */
	cap_ripng(&c, 600, BIRD, 521, "ff02::9", 1, &msg);     /* nor this */
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, BIRD);
	cfg.timeout = 1;
	cfg.retries = 3;
	with_ll6 = true;
	struct run r;
	run_update(&r, c.path, &cfg, NULL);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(res->status, 1003);
	assert_int_equal(res->requests_sent, 3);
	assert_int_equal(res->routes.n, 0);
	assert_int_equal(res->t_done - res->t_start, 3000000000ull); /* capture time */
	assert_non_null(strstr(res->message, "no valid reply from fe80::ff:fe00:1"));
	assert_non_null(strstr(res->message, "3 requests"));
	assert_int_equal(ctr(res, "bad-source-port"), 1);
	assert_int_equal(ctr(res, "bad-hop-limit"), 1);
	run_free(&r);

	/* Triggered: an Update Request every second within a budget of 2 s x 2. */
	cfg.mode = AS_MODE_TRIGGERED;
	cfg.timeout = 2;
	cfg.retries = 2;
	cfg.retransmit = 1;
	run_update(&r, c.path, &cfg, NULL);
	res = r.res;
	assert_int_equal(res->status, AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(res->requests_sent, 4);
	assert_int_equal(res->t_done - res->t_start, 4000000000ull);
	run_free(&r);
	remove(c.path);
}

static void test_start_errors(void **state)
{
	(void)state;
	struct as_engine_cfg ec = {.backend = AS_BACKEND_REPLAY,
	                           .replay_path = pcap_path("bird/bird-demand-circuit.pcap")};
	struct as_engine *e;
	char err[256];
	assert_int_equal(as_engine_new(&ec, &e, err, sizeof err), 0);
	struct as_update_cfg cfg;
	base_cfg(&cfg, NULL);
	cfg.key.alg = AS_RIP_ALG_MD5;
	struct as_update *u = NULL;
	assert_int_equal(mod->update_start(e, &cfg, on_done, NULL, &u), AS_ERROR_INVALID_PARAMETER);
	assert_non_null(strstr(as_update_start_error(), "RIPng has no authentication"));
	struct as_rtable t;
	as_rtable_init(&t);
	struct as_responder_cfg rc = {.ifname = "x", .pid = AS_PID_IPV6, .routes = &t};
	rc.key.alg = AS_RIP_ALG_SIMPLE;
	struct as_responder *resp_h;
	assert_int_equal(mod->responder_start(e, &rc, &resp_h), AS_ERROR_INVALID_PARAMETER);
	assert_non_null(strstr(as_update_start_error(), "RIPng has no authentication"));
	base_cfg(&cfg, "2001:db8::1");
	assert_int_equal(mod->update_start(e, &cfg, on_done, NULL, &u), AS_ERROR_INVALID_PARAMETER);
	assert_non_null(strstr(as_update_start_error(), "link-local"));
	/* Two sessions for the same neighbour on one interface. */
	base_cfg(&cfg, BIRD);
	struct as_update *u1, *u2;
	assert_int_equal(mod->update_start(e, &cfg, on_done, NULL, &u1), AS_NO_ERROR);
	assert_int_equal(mod->update_start(e, &cfg, on_done, NULL, &u2),
	                 AS_ERROR_UPDATE_IN_PROGRESS);
	as_update_free(u1); /* cancels: no callback */
	assert_int_equal(mod->update_start(e, &cfg, on_done, NULL, &u2), AS_NO_ERROR);
	as_update_free(u2);
	as_engine_free(e);
}

static void test_responder_replay(void **state)
{
	(void)state;
	const uint16_t S = (uint16_t)(1700000000u + 1); /* sequences start at the wall clock */
	struct cap c;
	cap_open(&c, "test_ripng_update");
	cap_start(&c);
	msg_init(AS_RIPNG_REQUEST, -1, 0);
	add_route(0, 0, 16)->prefix_len = 0;
	msg.e[0].prefix[0] = msg.e[0].prefix[1] = msg.e[0].prefix[2] = msg.e[0].prefix[3] = 0;
	cap_ripng(&c, 10, BIRD, 521, "ff02::9", 255, &msg); /* whole table */
	msg_init(AS_RIPNG_REQUEST, -1, 0);
	add_route(1, 3, 0);
	add_route(1, 200, 0);
	cap_ripng(&c, 20, "2001:db8::5", 5000, US, 64, &msg); /* specific, from a tool */
	msg_init(AS_RIPNG_UPDATE_REQUEST, 0, 0);
	add_route(0, 0, 16)->prefix_len = 0;
	memset(msg.e[0].prefix, 0, 16);
	cap_ripng(&c, 25, BIRD, 521, US, 64, &msg); /* router-to-router with hop limit 64 */
	cap_ripng(&c, 30, BIRD, 521, US, 255, &msg);
	msg_init(AS_RIPNG_UPDATE_ACK, S, 1);
	cap_ripng(&c, 40, BIRD, 521, US, 255, &msg);
	cap_ripng(&c, 50, BIRD, 521, US, 255, &msg); /* stale */
	msg_init(AS_RIPNG_UPDATE_ACK, (uint16_t)(S + 1), 0);
	cap_ripng(&c, 1100, BIRD, 521, US, 255, &msg); /* after one resend */
	cap_ripng(&c, 1120, "fe80::7", 521, US, 255, &msg); /* nobody we serve */
	cap_close(&c);

	/* 100 routes; every tenth from 3 on through fe80::9, one through us (no next-hop RTE),
	 * one through a global address (not allowed as a RIPng next hop: through us), and one
	 * IPv4 route, not served. */
	struct as_rtable routes;
	as_rtable_init(&routes);
	for (unsigned i = 0; i < 100; i++) {
		struct as_route rt;
		memset(&rt, 0, sizeof rt);
		rt.family = AS_RT_IPV6;
		rt.plen = 64;
		rt.metric = 1 + i % 15;
		route_prefix(1, i, rt.prefix);
		if (i % 10 == 3)
			ip6("fe80::9", rt.next_hop);
		else if (i == 7)
			ip6(US, rt.next_hop);
		else if (i == 8)
			ip6("2001:db8::1", rt.next_hop);
		assert_int_equal(as_rtable_put(&routes, &rt), AS_RT_ADDED);
	}
	struct as_route r4 = {.family = AS_RT_IPV4, .plen = 24, .metric = 1, .prefix = {198, 18}};
	assert_int_equal(as_rtable_put(&routes, &r4), AS_RT_ADDED);

	char rec[80];
	snprintf(rec, sizeof rec, "%s.rec", c.path);
	struct as_engine_cfg ec = {
	    .backend = AS_BACKEND_REPLAY, .replay_path = c.path, .write_path = rec};
	struct as_engine *e;
	char err[256];
	with_ll6 = true;
	assert_int_equal(as_engine_new_ops(&replay_ll6, &ec, &e, err, sizeof err), 0);
	struct as_responder_cfg rc = {.ifname = "veth-test",
	                              .pid = AS_PID_IPV6,
	                              .mode = AS_MODE_TRIGGERED,
	                              .retransmit = 1,
	                              .routes = &routes};
	struct as_responder *resp_h;
	assert_int_equal(mod->responder_start(e, &rc, &resp_h), AS_NO_ERROR);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	struct as_responder_stats st;
	as_responder_stats(resp_h, &st);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.dumps_done, 2);
	assert_int_equal(st.responses_sent, 2 + 1 + 3);
	assert_int_equal(st.retransmissions, 1);
	assert_int_equal(st.acks, 2);
	assert_int_equal(st.active, 0);
	const struct as_counters *cs = as_responder_counters(resp_h);
	assert_int_equal(as_counter_get(cs, "ack-stale"), 1);
	assert_int_equal(as_counter_get(cs, "ack-unknown"), 1);
	assert_int_equal(as_counter_get(cs, "specific-requests"), 1);
	assert_int_equal(as_counter_get(cs, as_ripng_err_str(AS_RIPNG_ERR_HOP_LIMIT)), 1);
	as_responder_free(resp_h);
	as_engine_free(e);

	assert_int_equal(sent_from(rec, US, sent, 16), 6);
	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(sent[i].sport, 521);
		assert_int_equal(sent[i].hlim, 255);
		assert_int_equal(sent[i].dport, i == 2 ? 5000 : 521);
		assert_addr(sent[i].dst, i == 2 ? "2001:db8::5" : BIRD);
	}
	/* The plain dump, MTU-sized: (1500 - 40 - 8 - 4) / 20 = 72 RTEs in the first message
	 * (1444 bytes), then the 18 routes left through us, one next-hop RTE fe80::9 and its 10
	 * routes. */
	struct as_ripng_msg *m = &sent[0].m;
	assert_int_equal(m->command, AS_RIPNG_RESPONSE);
	assert_int_equal(m->n_entries, 72);
	assert_int_equal(sent[0].len, 4 + 72 * 20);
	unsigned want = 0;
	for (unsigned j = 0; j < 72; j++, want++) {
		if (want % 10 == 3)
			want++;
		uint8_t p[16];
		route_prefix(1, want, p);
		assert_memory_equal(m->e[j].prefix, p, 16);
		assert_false(m->e[j].is_next_hop);
		assert_int_equal(m->e[j].metric, 1 + want % 15);
	}
	m = &sent[1].m;
	assert_int_equal(m->n_entries, 18 + 1 + 10);
	assert_true(m->e[18].is_next_hop);
	assert_addr(m->e[18].prefix, "fe80::9");
	for (unsigned j = 19; j < 29; j++) {
		assert_false(m->e[j].is_next_hop);
		assert_int_equal(m->e[j].prefix[7] % 10, 3);
		assert_addr(m->e[j].next_hop, "fe80::9");
	}
	/* The specific request: ours with its metric (1 + 3), the unknown one 16. */
	m = &sent[2].m;
	assert_int_equal(m->command, AS_RIPNG_RESPONSE);
	assert_int_equal(m->n_entries, 2);
	assert_int_equal(m->e[0].metric, 4);
	assert_int_equal(m->e[1].metric, 16);
	/* Triggered: S flush (72, (1500 - 56) / 20), then S+1 (29) twice, same sequence. */
	static const uint16_t seqs[3] = {0, 1, 1};
	static const unsigned n[3] = {72, 29, 29};
	for (unsigned i = 0; i < 3; i++) {
		m = &sent[3 + i].m;
		assert_int_equal(m->command, AS_RIPNG_UPDATE_RESPONSE);
		assert_int_equal(m->seq, (uint16_t)(S + seqs[i]));
		assert_int_equal(m->flush, i == 0);
		assert_int_equal(m->n_entries, n[i]);
	}
	assert_true(sent[5].m.e[18].is_next_hop);
	as_rtable_free(&routes);
	remove(rec);

	/* A smaller MTU: smaller messages. 1280 carries (1280 - 52) / 20 = 61 RTEs. */
	test_mtu = 1280;
	assert_int_equal(as_engine_new_ops(&replay_ll6, &ec, &e, err, sizeof err), 0);
	as_rtable_init(&routes);
	for (unsigned i = 0; i < 100; i++) {
		struct as_route rt = {.family = AS_RT_IPV6, .plen = 64, .metric = 1};
		route_prefix(1, i, rt.prefix);
		assert_int_equal(as_rtable_put(&routes, &rt), AS_RT_ADDED);
	}
	rc.mode = AS_MODE_REQUEST;
	assert_int_equal(mod->responder_start(e, &rc, &resp_h), AS_NO_ERROR);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	as_responder_free(resp_h);
	as_engine_free(e);
	test_mtu = 1500;
	assert_int_equal(sent_from(rec, US, sent, 16), 3);
	assert_int_equal(sent[0].m.n_entries, 61);
	assert_int_equal(sent[1].m.n_entries, 39);
	as_rtable_free(&routes);
	remove(rec);
	remove(c.path);
}

int main(void)
{
	replay_ll6 = as_backend_replay;
	replay_ll6.iface_query = ll6_iface_query;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bird_demand_circuit),
	    cmocka_unit_test(test_request_mode),
	    cmocka_unit_test(test_triggered_duplicates_flush),
	    cmocka_unit_test(test_no_reply),
	    cmocka_unit_test(test_start_errors),
	    cmocka_unit_test(test_responder_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
