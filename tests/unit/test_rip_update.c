/* test_rip_update.c - the RIP requester (RFC 2453, RFC 2091, RFC 2082 / RFC 4822) driven through
 * the replay backend: BIRD's demand-circuit capture, and captures written here frame by frame. */
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
#include <autostatic/rip.h>

#include "src/core/update.h"
#include "src/engine/engine_impl.h"
#include "tests/unit/capwriter.h"

/* ---- writing captures ---- */

static uint32_t ip(const char *s)
{
	struct in_addr a;
	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return ntohl(a.s_addr);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Adds a RIP message from src:sport to dst:520. */
static void cap_rip(struct cap *c, unsigned t_ms, const char *src, uint16_t sport, const char *dst,
                    const struct as_rip_msg *m, const struct as_rip_key *key)
{
	uint8_t buf[AS_RIP_MAX_LEN];
	ssize_t n = as_rip_encode(m, key, buf, sizeof buf);
	assert_true(n > 0);
	cap_udp(c, t_ms, ip(src), sport, ip(dst), AS_RIP_PORT, buf, (size_t)n);
}

/* A Response (or Update Response when seq >= 0) with n routes 198.18.base+i.0/24. */
static struct as_rip_msg resp(int version, int seq, int flush, unsigned base, unsigned n,
                              uint32_t metric)
{
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = seq >= 0 ? AS_RIP_UPDATE_RESPONSE : AS_RIP_RESPONSE;
	m.version = (uint8_t)version;
	if (seq >= 0) {
		m.upd_version = 1;
		m.seq = (uint16_t)seq;
		m.flush = (uint8_t)flush;
	}
	for (unsigned i = 0; i < n; i++) {
		struct as_rip_entry *e = &m.e[i];
		e->afi = AS_RIP_AFI_INET;
		e->addr = 0xC6120000u | ((base + i) & 0xFFFF) << 8;
		e->metric = metric;
		if (version == 2)
			e->mask = 0xFFFFFF00u;
	}
	m.n_entries = (uint8_t)n;
	return m;
}

/* ---- running an update ---- */

/* Replay with the interface the capture says nothing about (no address) ... */
static int run_update_w(struct run *r, const char *pcap, const struct as_update_cfg *cfg,
                        const struct as_backend_ops *ops, const char *write_path)
{
	struct as_engine_cfg ec = {
	    .backend = AS_BACKEND_REPLAY, .replay_path = pcap, .write_path = write_path};
	char err[256];
	memset(r, 0, sizeof *r);
	int rc = ops ? as_engine_new_ops(ops, &ec, &r->e, err, sizeof err)
	             : as_engine_new(&ec, &r->e, err, sizeof err);
	if (rc)
		fail_msg("engine: %s", err);
	rc = as_update_start(r->e, cfg, on_done, r, &r->u);
	if (rc)
		return rc;
	assert_int_equal(r->done_calls, 0); /* never from inside as_update_start */
	assert_int_equal(as_engine_run(r->e, 0), AS_NO_ERROR);
	assert_int_equal(r->done_calls, 1);
	r->res = as_update_result(r->u);
	return 0;
}

static int run_update(struct run *r, const char *pcap, const struct as_update_cfg *cfg,
                      const struct as_backend_ops *ops)
{
	return run_update_w(r, pcap, cfg, ops, NULL);
}

/* ... and with one that has 192.0.2.2/iface_plen, to exercise the subnet rules. */
static uint8_t iface_plen = 24;

static int addr_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	int rc = as_backend_replay.iface_query(e, name, out);
	out->has_ip4 = true;
	put32(out->ip4, 0xC0000202u);
	out->ip4_plen = iface_plen;
	return rc;
}

static struct as_backend_ops replay_with_addr;

static const struct as_route *get4(const struct as_update_result *res, const char *a, unsigned plen)
{
	uint8_t p[4];
	put32(p, ip(a));
	return as_rtable_get(&res->routes, AS_RT_IPV4, p, plen);
}

static void base_cfg(struct as_update_cfg *cfg, const char *neigh)
{
	as_update_cfg_defaults(cfg);
	cfg->ifname = "veth-test";
	cfg->pid = AS_PID_IP;
	if (neigh) {
		cfg->have_neighbour = true;
		put32(cfg->neighbour, ip(neigh));
	}
}

/* ---- tests ---- */

static void test_bird_demand_circuit(void **state)
{
	(void)state;
	struct as_update_cfg cfg;
	base_cfg(&cfg, "192.0.2.1");
	cfg.mode = AS_MODE_TRIGGERED;
	struct run r;
	assert_int_equal(run_update(&r, pcap_path("bird/bird-demand-circuit.pcap"), &cfg, NULL), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	/* BIRD's start-up multicast session (224.0.0.9) is acknowledged and collected: it resends
	 * its unacknowledged first response every second with a new sequence and flush=1 (each
	 * one discards the previous), then serves the 1000 routes of its table. */
	assert_int_equal(res->routes.n, 1000);
	for (size_t i = 0; i < res->routes.n; i++) {
		const struct as_route *rt = &res->routes.r[i];
		assert_int_equal(rt->family, AS_RT_IPV4);
		assert_int_equal(rt->plen, 26);
		assert_int_equal(rt->prefix[0], 198);
		assert_int_equal(rt->prefix[1], 18);
		assert_int_equal(rt->metric, 2); /* BIRD's 1 + 1 */
		assert_memory_equal(rt->next_hop, "\xc0\x00\x02\x01", 4);
	}
	assert_non_null(get4(res, "198.18.75.128", 26)); /* first of the table's dump */
	assert_true(res->have_neighbour);
	assert_memory_equal(res->neighbour, "\xc0\x00\x02\x01", 4);
	assert_int_equal(res->requests_sent, 1);
	uint64_t acc = ctr(res, "packets-accepted");
	assert_true(acc >= 42);
	assert_int_equal(ctr(res, "acks-sent"), acc); /* every Update Response acknowledged */
	assert_true(ctr(res, "flushes") >= 2);
	assert_int_equal(ctr(res, "duplicates"), 0); /* BIRD never repeats a sequence number */
	assert_true(res->t_first_reply > res->t_start);
	assert_true(res->t_last_route >= res->t_first_reply);
	/* Triggered quiet period: at least 1.2 s after the last packet. */
	assert_true(res->t_done >= res->t_last_route + 1200000000ull);
	run_free(&r);
}

static void test_request_mode_any_neighbour(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_rip_update");
	uint8_t junk[4] = {0};
	cap_udp(&c, 0, ip("192.0.2.1"), 9, ip("192.0.2.2"), 9, junk, 4); /* starts the clock */
	struct as_rip_msg m = resp(2, -1, 0, 100, 2, 1);
	cap_rip(&c, 10, "192.0.2.1", 521, "192.0.2.2", &m, NULL); /* bad source port */
	m = resp(2, -1, 0, 0, 4, 1);
	m.e[1].next_hop = ip("192.0.2.9");
	m.e[2].metric = 3;
	m.e[3].metric = 15; /* 15 + 1 = unreachable */
	cap_rip(&c, 20, "192.0.2.1", 520, "192.0.2.2", &m, NULL);
	m = resp(2, -1, 0, 50, 2, 1);
	cap_rip(&c, 30, "192.0.2.7", 520, "192.0.2.2", &m, NULL); /* another router */
	m = resp(2, -1, 0, 10, 1, 1);
	m.e[0].metric = 4;
	cap_rip(&c, 40, "192.0.2.1", 520, "224.0.0.9", &m, NULL);
	m = resp(1, -1, 0, 60, 1, 1);
	cap_rip(&c, 45, "192.0.2.1", 520, "192.0.2.2", &m, NULL); /* v1 to a v2 request */
	uint8_t bad[4 + 20 + 3];
	memset(bad, 0, sizeof bad);
	bad[0] = 2, bad[1] = 2;
	cap_udp(&c, 50, ip("192.0.2.1"), 520, ip("192.0.2.2"), 520, bad, sizeof bad);
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, NULL);
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, NULL), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 4);
	const struct as_route *rt = get4(res, "198.18.0.0", 24);
	assert_non_null(rt);
	assert_int_equal(rt->metric, 2);
	assert_memory_equal(rt->next_hop, "\xc0\x00\x02\x01", 4); /* 0.0.0.0: the sender */
	rt = get4(res, "198.18.1.0", 24);
	assert_non_null(rt);
	assert_memory_equal(rt->next_hop, "\xc0\x00\x02\x09", 4); /* subnet unknown: as given */
	rt = get4(res, "198.18.2.0", 24);
	assert_non_null(rt);
	assert_int_equal(rt->metric, 4);
	assert_null(get4(res, "198.18.3.0", 24));
	assert_non_null(get4(res, "198.18.10.0", 24));
	assert_int_equal(get4(res, "198.18.10.0", 24)->metric, 5);
	assert_null(get4(res, "198.18.100.0", 24));
	assert_null(get4(res, "198.18.50.0", 24));
	assert_null(get4(res, "198.18.60.0", 24));
	/* The arrival order is kept. */
	assert_int_equal(res->routes.r[0].prefix[2], 0);
	assert_int_equal(res->routes.r[3].prefix[2], 10);
	assert_int_equal(ctr(res, "bad-source-port"), 1);
	assert_int_equal(ctr(res, "other-neighbour"), 1);
	assert_int_equal(ctr(res, "unreachable"), 1);
	assert_int_equal(ctr(res, "wrong-version"), 1);
	assert_int_equal(ctr(res, as_rip_err_str(AS_RIP_ERR_BAD_LENGTH)), 1);
	assert_int_equal(ctr(res, "packets-accepted"), 2);
	assert_int_equal(ctr(res, "routes-received"), 4);
	assert_int_equal(res->requests_sent, 1);
	assert_true(res->have_neighbour);
	assert_memory_equal(res->neighbour, "\xc0\x00\x02\x01", 4);
	/* Times: the capture's. Quiet = clamp(8 x 20 ms, 50 ms, 2 s) after the last valid one. */
	const uint64_t ms = 1000000;
	assert_int_equal(res->t_first_reply - res->t_start, 20 * ms);
	assert_int_equal(res->t_last_route - res->t_start, 40 * ms);
	assert_int_equal(res->t_done - res->t_start, 200 * ms);
	run_free(&r);
	remove(c.path);
}

static const struct as_rip_key md5 = {
    .alg = AS_RIP_ALG_MD5, .key_id = 1, .len = 6, .secret = "secret"};

static void test_auth_and_subnet(void **state)
{
	(void)state;
	struct as_rip_key wrong = md5;
	memcpy(wrong.secret, "secreT", 6);
	struct as_rip_key simple = {.alg = AS_RIP_ALG_SIMPLE, .len = 6, .secret = "secret"};
	struct cap c;
	cap_open(&c, "test_rip_update");
	uint8_t junk[4] = {0};
	cap_udp(&c, 0, ip("192.0.2.1"), 9, ip("192.0.2.2"), 9, junk, 4);
	struct as_rip_msg m = resp(2, -1, 0, 100, 1, 1);
	cap_rip(&c, 10, "192.0.2.1", 520, "192.0.2.2", &m, NULL); /* unsigned */
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.auth.seq = 50;
	cap_rip(&c, 20, "192.0.2.1", 520, "192.0.2.2", &m, &wrong);
	m.auth.type = AS_RIP_AUTH_SIMPLE;
	cap_rip(&c, 30, "192.0.2.1", 520, "192.0.2.2", &m, &simple);
	m = resp(2, -1, 0, 0, 1, 1);
	m.e[0].next_hop = ip("192.0.2.9"); /* on the subnet: kept */
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.auth.seq = 100;
	cap_rip(&c, 40, "192.0.2.1", 520, "192.0.2.2", &m, &md5);
	m = resp(2, -1, 0, 1, 1, 1);
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.auth.seq = 99;
	cap_rip(&c, 50, "192.0.2.1", 520, "192.0.2.2", &m, &md5); /* replayed */
	m = resp(2, -1, 0, 2, 1, 1);
	m.e[0].next_hop = ip("198.51.100.9"); /* off the subnet: the sender */
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.auth.seq = 100; /* equal is allowed: non-decreasing */
	cap_rip(&c, 60, "192.0.2.1", 520, "192.0.2.2", &m, &md5);
	m = resp(2, -1, 0, 3, 1, 1);
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.auth.seq = 101;
	cap_rip(&c, 70, "192.0.2.1", 520, "192.0.2.3", &m, &md5); /* not for us */
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, "192.0.2.1");
	cfg.key = md5;
	struct run r;
	iface_plen = 24;
	assert_int_equal(run_update(&r, c.path, &cfg, &replay_with_addr), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 2);
	const struct as_route *rt = get4(res, "198.18.0.0", 24);
	assert_non_null(rt);
	assert_memory_equal(rt->next_hop, "\xc0\x00\x02\x09", 4);
	rt = get4(res, "198.18.2.0", 24);
	assert_non_null(rt);
	assert_memory_equal(rt->next_hop, "\xc0\x00\x02\x01", 4);
	assert_int_equal(ctr(res, "auth-missing"), 1);
	assert_int_equal(ctr(res, "auth-failed"), 1);
	assert_int_equal(ctr(res, "auth-wrong-type"), 1);
	assert_int_equal(ctr(res, "auth-seq-replay"), 1);
	assert_int_equal(ctr(res, "wrong-destination"), 1);
	assert_int_equal(ctr(res, "packets-accepted"), 2);
	run_free(&r);

	/* The same capture without a key: every signed packet is unexpected. */
	base_cfg(&cfg, "192.0.2.1");
	assert_int_equal(run_update(&r, c.path, &cfg, &replay_with_addr), 0);
	res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 1); /* only the unsigned one */
	assert_non_null(get4(res, "198.18.100.0", 24));
	assert_int_equal(ctr(res, "auth-unexpected"), 5);
	run_free(&r);
	remove(c.path);
}

static void test_ripv1_prefixes(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_rip_update");
	uint8_t junk[4] = {0};
	cap_udp(&c, 0, ip("192.0.2.1"), 9, ip("192.0.2.2"), 9, junk, 4);
	struct as_rip_msg m = resp(2, -1, 0, 0, 1, 1);
	cap_rip(&c, 5, "198.51.100.1", 520, "192.0.2.2", &m, NULL); /* not directly connected */
	static const char *addrs[] = {"10.0.0.0", "172.16.0.0", "198.18.1.0", "198.18.1.5",
	                              "10.1.0.0", "192.0.2.64", "192.0.2.65", "0.0.0.0"};
	static const unsigned plens[] = {8, 16, 24, 32, 32, 26, 32, 0};
	memset(&m, 0, sizeof m);
	m.command = AS_RIP_RESPONSE;
	m.version = 1;
	for (unsigned i = 0; i < 8; i++) {
		m.e[i].afi = AS_RIP_AFI_INET;
		m.e[i].addr = ip(addrs[i]);
		m.e[i].metric = 1;
	}
	m.n_entries = 8;
	cap_rip(&c, 10, "192.0.2.1", 520, "255.255.255.255", &m, NULL);
	m = resp(2, -1, 0, 0, 1, 1);
	m.e[0].addr = ip("172.17.0.0");
	m.e[0].mask = 0; /* RIPv2 without a mask: inferred like RIPv1 */
	cap_rip(&c, 20, "192.0.2.1", 520, "192.0.2.2", &m, NULL);
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, NULL);
	cfg.rip_version = 1; /* a v1 request takes v1 and v2 answers */
	iface_plen = 26;
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, &replay_with_addr), 0);
	iface_plen = 24;
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(ctr(res, "not-directly-connected"), 1);
	assert_int_equal(res->routes.n, 9);
	char b[64];
	for (unsigned i = 0; i < 8; i++) {
		const struct as_route *rt = get4(res, addrs[i], plens[i]);
		if (!rt)
			fail_msg("%s/%u missing (got %s)", addrs[i], plens[i],
			         as_route_prefix_str(&res->routes.r[i], b, sizeof b));
		assert_memory_equal(rt->next_hop, "\xc0\x00\x02\x01", 4);
	}
	assert_non_null(get4(res, "172.17.0.0", 16));
	run_free(&r);
	remove(c.path);
}

/* Reads back what the session sent (the recording) as RIP messages from 0.0.0.0. */
static unsigned sent_msgs(const char *path, struct as_rip_msg *out, unsigned max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	assert_non_null(p);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;
	while (n < max && pcap_next_ex(p, &h, &d) == 1) {
		struct as_frame f;
		if (as_frame_decode(AS_LINK_ETHERNET, d, h->caplen, &f) != AS_FRAME_OK)
			continue;
		if (memcmp(f.src, "\0\0\0\0", 4) != 0) /* received frames are recorded too */
			continue;
		assert_int_equal(f.sport, 520);
		assert_int_equal(f.dport, 520);
		assert_true(as_rip_decode(f.payload, f.payload_len, &out[n]) > 0);
		n++;
	}
	pcap_close(p);
	return n;
}

static void test_triggered_duplicates_flush(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_rip_update");
	uint8_t junk[4] = {0};
	cap_udp(&c, 0, ip("192.0.2.1"), 9, ip("192.0.2.2"), 9, junk, 4);
	struct as_rip_msg m = resp(2, 5, 1, 0, 2, 1);
	cap_rip(&c, 10, "192.0.2.1", 520, "192.0.2.2", &m, NULL);
	cap_rip(&c, 20, "192.0.2.1", 520, "192.0.2.2", &m, NULL); /* resent: a duplicate */
	m = resp(2, 6, 0, 2, 1, 1);
	cap_rip(&c, 30, "192.0.2.1", 520, "192.0.2.2", &m, NULL);
	m = resp(2, -1, 0, 20, 1, 1);
	cap_rip(&c, 40, "192.0.2.1", 520, "192.0.2.2", &m, NULL); /* plain Response */
	m = resp(2, 7, 1, 10, 1, 1);
	cap_rip(&c, 50, "192.0.2.1", 520, "192.0.2.2", &m, NULL); /* flush: a new table */
	m = resp(2, 8, 0, 11, 1, 1);
	cap_rip(&c, 60, "192.0.2.1", 520, "224.0.0.9", &m, NULL);
	cap_close(&c);
	char rec[80];
	snprintf(rec, sizeof rec, "%s.rec", c.path);

	struct as_update_cfg cfg;
	base_cfg(&cfg, "192.0.2.1");
	cfg.mode = AS_MODE_TRIGGERED;
	struct run r;
	assert_int_equal(run_update_w(&r, c.path, &cfg, NULL, rec), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 2);
	assert_non_null(get4(res, "198.18.10.0", 24));
	assert_non_null(get4(res, "198.18.11.0", 24));
	assert_int_equal(ctr(res, "duplicates"), 1);
	assert_int_equal(ctr(res, "flushes"), 2);
	assert_int_equal(ctr(res, "acks-sent"), 5);
	assert_int_equal(ctr(res, "unexpected-command"), 1);
	const uint64_t ms = 1000000;
	assert_int_equal(res->t_done - res->t_start, 2060 * ms); /* 60 ms + quiet_ms (2 s) */
	assert_int_equal(res->t_last_route - res->t_start, 60 * ms);
	run_free(&r);

	/* On the wire: the Update Request (AFI 0, metric 16, as BIRD wants), then one
	 * acknowledgement per Update Response with its flush and sequence. */
	struct as_rip_msg s[8];
	assert_int_equal(sent_msgs(rec, s, 8), 6);
	assert_int_equal(s[0].command, AS_RIP_UPDATE_REQUEST);
	assert_int_equal(s[0].n_entries, 1);
	assert_true(s[0].whole_table);
	assert_int_equal(s[0].e[0].afi, 0);
	assert_int_equal(s[0].e[0].metric, 16);
	static const uint16_t seqs[5] = {5, 5, 6, 7, 8};
	static const uint8_t flush[5] = {1, 1, 0, 1, 0};
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(s[1 + i].command, AS_RIP_UPDATE_ACK);
		assert_int_equal(s[1 + i].seq, seqs[i]);
		assert_int_equal(s[1 + i].flush, flush[i]);
		assert_int_equal(s[1 + i].n_entries, 0);
	}
	remove(rec);
	remove(c.path);
}

static void test_no_reply(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_rip_update");
	uint8_t junk[4] = {0};
	cap_udp(&c, 0, ip("192.0.2.1"), 9, ip("192.0.2.2"), 9, junk, 4);
	struct as_rip_msg m = resp(2, -1, 0, 0, 1, 1);
	cap_rip(&c, 500, "192.0.2.1", 521, "192.0.2.2", &m, NULL); /* not a valid reply */
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, "192.0.2.1");
	cfg.timeout = 1;
	cfg.retries = 3;
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, NULL), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(res->requests_sent, 3);
	assert_int_equal(res->routes.n, 0);
	assert_int_equal(res->t_done - res->t_start, 3000000000ull); /* capture time */
	assert_non_null(strstr(res->message, "no valid reply from 192.0.2.1"));
	assert_non_null(strstr(res->message, "3 requests"));
	assert_int_equal(ctr(res, "bad-source-port"), 1);
	run_free(&r);

	/* Triggered: retransmit every 1 s within a budget of 2 s x 2. */
	cfg.mode = AS_MODE_TRIGGERED;
	cfg.timeout = 2;
	cfg.retries = 2;
	cfg.retransmit = 1;
	assert_int_equal(run_update(&r, c.path, &cfg, NULL), 0);
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
	struct as_update *u = (struct as_update *)1;
	static const struct {
		int pid, status;
		const char *msg;
	} cases[] = {
	    {AS_PID_ATALK, AS_ERROR_UNKNOWN_PROTOCOL_ID, "unknown protocol"},
	    {AS_PID_NBF, AS_ERROR_UNKNOWN_PROTOCOL_ID, "unknown protocol"},
	    {0x1234, AS_ERROR_UNKNOWN_PROTOCOL_ID, "unknown protocol"},
	};
	for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cfg.pid = cases[i].pid;
		assert_int_equal(as_update_start(e, &cfg, on_done, NULL, &u), cases[i].status);
		assert_null(u);
		assert_non_null(strstr(as_update_start_error(), cases[i].msg));
		struct as_rtable t;
		as_rtable_init(&t);
		struct as_responder_cfg rc = {
		    .ifname = "x", .pid = cases[i].pid, .rip_version = 2, .routes = &t};
		struct as_responder *resp_out;
		assert_int_equal(as_responder_start(e, &rc, &resp_out), cases[i].status);
	}
	cfg.pid = AS_PID_IP;
	cfg.rip_version = 3;
	assert_int_equal(as_update_start(e, &cfg, on_done, NULL, &u), AS_ERROR_INVALID_PARAMETER);
	cfg.rip_version = 1;
	cfg.key = md5;
	assert_int_equal(as_update_start(e, &cfg, on_done, NULL, &u), AS_ERROR_INVALID_PARAMETER);
	/* Two sessions for the same neighbour on one interface. */
	base_cfg(&cfg, "192.0.2.1");
	struct as_update *u1, *u2;
	assert_int_equal(as_update_start(e, &cfg, on_done, NULL, &u1), AS_NO_ERROR);
	assert_int_equal(as_update_start(e, &cfg, on_done, NULL, &u2), AS_ERROR_UPDATE_IN_PROGRESS);
	as_update_free(u1); /* cancels: no callback */
	assert_int_equal(as_update_start(e, &cfg, on_done, NULL, &u2), AS_NO_ERROR);
	as_update_free(u2);
	as_engine_free(e);
}

/* Frames the recording holds from src, decoded as RIP, with their destination port. */
static unsigned sent_from(const char *path, uint32_t src, struct as_rip_msg *out, uint16_t *dport,
                          unsigned max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	assert_non_null(p);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;
	uint8_t a[4];
	put32(a, src);
	while (n < max && pcap_next_ex(p, &h, &d) == 1) {
		struct as_frame f;
		if (as_frame_decode(AS_LINK_ETHERNET, d, h->caplen, &f) != AS_FRAME_OK ||
		    memcmp(f.src, a, 4) != 0)
			continue;
		assert_int_equal(f.sport, 520);
		dport[n] = f.dport;
		assert_true(as_rip_decode(f.payload, f.payload_len, &out[n]) > 0);
		n++;
	}
	pcap_close(p);
	return n;
}

static void test_responder_replay(void **state)
{
	(void)state;
	const uint16_t S = (uint16_t)(1700000000u + 1); /* sequences start at the wall clock */
	struct cap c;
	cap_open(&c, "test_rip_update");
	uint8_t junk[4] = {0};
	cap_udp(&c, 0, ip("192.0.2.1"), 9, ip("192.0.2.2"), 9, junk, 4);
	struct as_rip_msg q;
	memset(&q, 0, sizeof q);
	q.command = AS_RIP_REQUEST;
	q.version = 2;
	q.n_entries = 1;
	q.e[0].metric = 16;
	cap_rip(&c, 10, "192.0.2.1", 520, "224.0.0.9", &q, NULL);
	q.n_entries = 2; /* a specific request */
	q.e[0] = (struct as_rip_entry){.afi = 2, .addr = ip("198.18.3.0"), .mask = 0xFFFFFF00u};
	q.e[1] = (struct as_rip_entry){.afi = 2, .addr = ip("198.18.200.0"), .mask = 0xFFFFFF00u};
	cap_rip(&c, 20, "192.0.2.1", 5000, "192.0.2.2", &q, NULL);
	memset(&q, 0, sizeof q);
	q.command = AS_RIP_UPDATE_REQUEST;
	q.version = 2;
	q.upd_version = 1;
	q.n_entries = 1;
	q.e[0].metric = 16;
	cap_rip(&c, 30, "192.0.2.5", 520, "192.0.2.2", &q, NULL);
	struct as_rip_msg a;
	memset(&a, 0, sizeof a);
	a.command = AS_RIP_UPDATE_ACK;
	a.version = 2;
	a.upd_version = 1;
	a.flush = 1;
	a.seq = S;
	cap_rip(&c, 40, "192.0.2.5", 520, "192.0.2.2", &a, NULL);
	cap_rip(&c, 50, "192.0.2.5", 520, "192.0.2.2", &a, NULL); /* stale */
	a.flush = 0;
	a.seq = (uint16_t)(S + 1);
	cap_rip(&c, 1100, "192.0.2.5", 520, "192.0.2.2", &a, NULL); /* after one resend */
	a.seq = (uint16_t)(S + 2);
	cap_rip(&c, 1110, "192.0.2.5", 520, "192.0.2.2", &a, NULL);
	cap_rip(&c, 1120, "192.0.2.9", 520, "192.0.2.2", &a, NULL); /* nobody we serve */
	cap_close(&c);

	struct as_rtable routes;
	as_rtable_init(&routes);
	for (unsigned i = 0; i < 60; i++) {
		struct as_route rt;
		memset(&rt, 0, sizeof rt);
		rt.family = AS_RT_IPV4;
		rt.plen = 24;
		rt.metric = 1 + i % 15;
		put32(rt.prefix, 0xC6120000u | i << 8);
		assert_int_equal(as_rtable_put(&routes, &rt), AS_RT_ADDED);
	}
	char rec[80];
	snprintf(rec, sizeof rec, "%s.rec", c.path);
	struct as_engine_cfg ec = {
	    .backend = AS_BACKEND_REPLAY, .replay_path = c.path, .write_path = rec};
	struct as_engine *e;
	char err[256];
	assert_int_equal(as_engine_new_ops(&replay_with_addr, &ec, &e, err, sizeof err), 0);
	struct as_responder_cfg rc = {.ifname = "veth-test",
	                              .pid = AS_PID_IP,
	                              .mode = AS_MODE_TRIGGERED,
	                              .rip_version = 2,
	                              .retransmit = 1,
	                              .routes = &routes};
	struct as_responder *resp_h;
	iface_plen = 24;
	assert_int_equal(as_responder_start(e, &rc, &resp_h), AS_NO_ERROR);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	struct as_responder_stats st;
	as_responder_stats(resp_h, &st);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.dumps_done, 2);
	assert_int_equal(st.responses_sent, 3 + 1 + 4);
	assert_int_equal(st.retransmissions, 1);
	assert_int_equal(st.acks, 3);
	assert_int_equal(st.active, 0);
	const struct as_counters *cs = as_responder_counters(resp_h);
	assert_int_equal(as_counter_get(cs, "ack-stale"), 1);
	assert_int_equal(as_counter_get(cs, "ack-unknown"), 1);
	assert_int_equal(as_counter_get(cs, "specific-requests"), 1);
	as_responder_free(resp_h);
	as_engine_free(e);

	struct as_rip_msg s[16];
	uint16_t dp[16];
	assert_int_equal(sent_from(rec, ip("192.0.2.2"), s, dp, 16), 8);
	/* The plain dump: 25 + 25 + 10 in table order, metrics as served. */
	static const unsigned counts[3] = {25, 25, 10};
	unsigned k = 0;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(s[i].command, AS_RIP_RESPONSE);
		assert_int_equal(dp[i], 520);
		assert_int_equal(s[i].n_entries, counts[i]);
		for (unsigned j = 0; j < s[i].n_entries; j++, k++) {
			assert_int_equal(s[i].e[j].addr, 0xC6120000u | k << 8);
			assert_int_equal(s[i].e[j].mask, 0xFFFFFF00u);
			assert_int_equal(s[i].e[j].metric, 1 + k % 15);
		}
	}
	/* The specific request, answered to its port: ours 4, unknown 16. */
	assert_int_equal(s[3].command, AS_RIP_RESPONSE);
	assert_int_equal(dp[3], 5000);
	assert_int_equal(s[3].n_entries, 2);
	assert_int_equal(s[3].e[0].metric, 4);
	assert_int_equal(s[3].e[1].metric, 16);
	/* Triggered: S flush (24), S+1 (24) twice, S+2 (12). */
	static const uint16_t seqs[4] = {0, 1, 1, 2};
	static const unsigned n[4] = {24, 24, 24, 12};
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(s[4 + i].command, AS_RIP_UPDATE_RESPONSE);
		assert_int_equal(s[4 + i].seq, (uint16_t)(S + seqs[i]));
		assert_int_equal(s[4 + i].flush, i == 0);
		assert_int_equal(s[4 + i].n_entries, n[i]);
	}
	assert_int_equal(s[7].e[11].addr, 0xC6120000u | 59u << 8);
	as_rtable_free(&routes);
	remove(rec);
	remove(c.path);
}

int main(void)
{
	replay_with_addr = as_backend_replay;
	replay_with_addr.iface_query = addr_iface_query;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bird_demand_circuit),
	    cmocka_unit_test(test_request_mode_any_neighbour),
	    cmocka_unit_test(test_auth_and_subnet),
	    cmocka_unit_test(test_ripv1_prefixes),
	    cmocka_unit_test(test_triggered_duplicates_flush),
	    cmocka_unit_test(test_no_reply),
	    cmocka_unit_test(test_start_errors),
	    cmocka_unit_test(test_responder_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
