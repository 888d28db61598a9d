/* test_ipx_update.c - the IPX RIP / SAP requester and responder (Novell IPX RIP and SAP,
 * PROTOCOLS.md 5.3-5.5; RFC 2091 5.4 / 5.5 triggered operations) driven through the replay
 * backend, with captures written here frame by frame in the four Ethernet framings. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include <autostatic/frame.h>
#include <autostatic/ipx.h>

#include "src/core/update.h"
#include "src/engine/engine_impl.h"
#include "tests/unit/capwriter.h"
#include "src/ipx/ipx_mod.h"

static const uint8_t OUR_MAC[6] = {0x02, 0, 0, 0, 0, 0}; /* the replay backend's interface */
static const uint8_t NEIGH[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t OTHER[6] = {0x02, 0, 0, 0, 0, 0x03};
static const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
#define NET 0x00001200u

/* ---- writing captures ---- */

/* Something that is not IPX, to start the clock at t = 0. */
static void cap_clock(struct cap *c)
{
	uint8_t f[60] = {0};
	memcpy(f, BCAST, 6);
	memcpy(f + 6, OTHER, 6);
	f[12] = 0x08, f[13] = 0x06; /* ARP */
	cap_raw(c, 0, f, sizeof f);
}

/* An IPX packet in one of the four framings, padded to the 60-byte minimum. */
static void cap_ipx(struct cap *c, unsigned t_ms, enum as_ipx_framing fr, const uint8_t smac[6],
                    const uint8_t dmac[6], const uint8_t *ipx, size_t len)
{
	uint8_t f[1600];
	memset(f, 0, sizeof f);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	size_t h = 14;
	static const uint8_t llc[3] = {0xE0, 0xE0, 0x03};
	static const uint8_t snap[8] = {0xAA, 0xAA, 0x03, 0, 0, 0, 0x81, 0x37};
	switch (fr) {
	case AS_IPX_FRAME_8023: f[12] = (uint8_t)(len >> 8), f[13] = (uint8_t)len; break;
	case AS_IPX_FRAME_8022:
		memcpy(f + 14, llc, 3);
		h += 3;
		f[12] = (uint8_t)((len + 3) >> 8), f[13] = (uint8_t)(len + 3);
		break;
	case AS_IPX_FRAME_SNAP:
		memcpy(f + 14, snap, 8);
		h += 8;
		f[12] = (uint8_t)((len + 8) >> 8), f[13] = (uint8_t)(len + 8);
		break;
	default: f[12] = 0x81, f[13] = 0x37;
	}
	memcpy(f + h, ipx, len);
	size_t total = h + len < 60 ? 60 : h + len;
	cap_raw(c, t_ms, f, total);
}

static struct as_ipx_addr addr(uint32_t net, const uint8_t node[6], uint16_t socket)
{
	struct as_ipx_addr a;
	a.net = net;
	memcpy(a.node, node, 6);
	a.socket = socket;
	return a;
}

/* IPX header + data: the header through the codec. */
static size_t ipx_pkt(uint8_t *buf, const uint8_t *data, size_t dlen, uint8_t type, uint8_t tc,
                      struct as_ipx_addr src, struct as_ipx_addr dst)
{
	struct as_ipx_hdr h;
	memset(&h, 0, sizeof h);
	h.checksum = 0xFFFF;
	h.length = (uint16_t)(30 + dlen);
	h.tc = tc;
	h.type = type;
	h.src = src;
	h.dst = dst;
	assert_int_equal(as_ipx_encode_hdr(&h, buf, 30), 30);
	memcpy(buf + 30, data, dlen);
	return 30 + dlen;
}

struct pkt_opts {
	enum as_ipx_framing fr;
	const uint8_t *smac;
	uint32_t snet;
	const uint8_t *dmac; /* NULL: our MAC */
	uint32_t dnet;
	uint8_t tc;
};

static void cap_rip(struct cap *c, unsigned t_ms, struct pkt_opts o, const struct as_ipxrip_msg *m)
{
	uint8_t d[600], b[700];
	ssize_t n = as_ipxrip_encode(m, d, sizeof d);
	assert_true(n > 0);
	const uint8_t *dm = o.dmac ? o.dmac : OUR_MAC;
	size_t l = ipx_pkt(b, d, (size_t)n, 1, o.tc, addr(o.snet, o.smac, 0x0453),
	                   addr(o.dnet, dm, 0x0453));
	cap_ipx(c, t_ms, o.fr, o.smac, dm, b, l);
}

static void cap_sap(struct cap *c, unsigned t_ms, struct pkt_opts o, const struct as_sap_msg *m)
{
	uint8_t d[600], b[700];
	ssize_t n = as_sap_encode(m, d, sizeof d);
	assert_true(n > 0);
	const uint8_t *dm = o.dmac ? o.dmac : OUR_MAC;
	size_t l = ipx_pkt(b, d, (size_t)n, 4, o.tc, addr(o.snet, o.smac, 0x0452),
	                   addr(o.dnet, dm, 0x0452));
	cap_ipx(c, t_ms, o.fr, o.smac, dm, b, l);
}

/* A RIP response (op 2, or op 10 with seq/flush when seq >= 0) of n networks base + i. */
static struct as_ipxrip_msg rip_resp(int seq, int flush, uint32_t base, unsigned n, uint16_t hops)
{
	struct as_ipxrip_msg m;
	memset(&m, 0, sizeof m);
	m.op = seq >= 0 ? AS_IPXRIP_UPDATE_RESPONSE : AS_IPXRIP_RESPONSE;
	if (seq >= 0) {
		m.upd_version = 1;
		m.seq = (uint16_t)seq;
		m.flush = (uint8_t)flush;
	}
	for (unsigned i = 0; i < n; i++) {
		m.e[i].net = base + i;
		m.e[i].hops = hops;
		m.e[i].ticks = (uint16_t)(hops + 1);
	}
	m.n_entries = (uint8_t)n;
	return m;
}

static struct as_sap_msg sap_resp(int seq, int flush, const char *prefix, unsigned n, uint16_t hops)
{
	struct as_sap_msg m;
	memset(&m, 0, sizeof m);
	m.op = seq >= 0 ? AS_SAP_UPDATE_RESPONSE : AS_SAP_GENERAL_RESPONSE;
	if (seq >= 0) {
		m.upd_version = 1;
		m.seq = (uint16_t)seq;
		m.flush = (uint8_t)flush;
	}
	for (unsigned i = 0; i < n; i++) {
		char name[48];
		snprintf(name, sizeof name, "%s%u", prefix, i);
		m.e[i].type = 4;
		assert_int_equal(as_sap_set_name(&m.e[i], name), 0);
		m.e[i].net = 0xABCD0000u + i;
		m.e[i].node[5] = (uint8_t)(0x10 + i);
		m.e[i].socket = 0x0451;
		m.e[i].hops = hops;
	}
	m.n_entries = (uint8_t)n;
	return m;
}

/* ---- running ---- */

static int run_update(struct run *r, const char *pcap, const struct as_update_cfg *cfg,
                      const char *write_path)
{
	struct as_engine_cfg ec = {
	    .backend = AS_BACKEND_REPLAY, .replay_path = pcap, .write_path = write_path};
	char err[256];
	memset(r, 0, sizeof *r);
	if (as_engine_new(&ec, &r->e, err, sizeof err))
		fail_msg("engine: %s", err);
	int rc = as_ipx_update_start(r->e, cfg, on_done, r, &r->u);
	if (rc)
		return rc;
	assert_int_equal(r->done_calls, 0);
	assert_int_equal(as_engine_run(r->e, 0), AS_NO_ERROR);
	assert_int_equal(r->done_calls, 1);
	r->res = as_update_result(r->u);
	return 0;
}

static void base_cfg(struct as_update_cfg *cfg, bool neighbour, int framing)
{
	as_update_cfg_defaults(cfg);
	cfg->ifname = "veth-test";
	cfg->pid = AS_PID_IPX;
	cfg->ipx_frame = framing;
	if (neighbour) {
		cfg->have_neighbour = true;
		cfg->neighbour[0] = (uint8_t)(NET >> 24), cfg->neighbour[1] = (uint8_t)(NET >> 16);
		cfg->neighbour[2] = (uint8_t)(NET >> 8), cfg->neighbour[3] = (uint8_t)NET;
		memcpy(cfg->neighbour + 4, NEIGH, 6);
	}
}

static const struct as_route *get_net(const struct as_rtable *t, uint32_t n)
{
	uint8_t p[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
	return as_rtable_get(t, AS_RT_IPX, p, 32);
}

/* What we sent, read back from the recording. */
struct sent {
	enum as_ipx_framing fr;
	uint8_t dmac[6];
	struct as_ipx_hdr h;
	struct as_ipxrip_msg rip;
	struct as_sap_msg sap;
	bool is_sap;
};

static unsigned read_sent(const char *path, struct sent *out, unsigned max)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline(path, err);
	assert_non_null(p);
	struct pcap_pkthdr *h;
	const u_char *d;
	unsigned n = 0;
	while (n < max && pcap_next_ex(p, &h, &d) == 1) {
		struct as_frame f;
		if (h->caplen < 14 || memcmp(d + 6, OUR_MAC, 6) != 0)
			continue;
		assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, d, h->caplen, &f), AS_FRAME_OK);
		assert_int_equal(f.l3, AS_L3_IPX);
		struct sent *s = &out[n++];
		memset(s, 0, sizeof *s);
		s->fr = f.ipx_framing;
		memcpy(s->dmac, d, 6);
		ssize_t l = as_ipx_decode(f.payload, f.payload_len, &s->h);
		assert_true(l >= 30);
		assert_int_equal(s->h.checksum, 0xFFFF);
		assert_int_equal(s->h.tc, 0);
		s->is_sap = as_ipx_socket_kind(s->h.dst.socket) == AS_IPX_KIND_SAP;
		if (s->is_sap) {
			assert_int_equal(s->h.type, 4);
			assert_true(as_sap_decode(f.payload + 30, (size_t)l - 30, &s->sap) >= 0);
		} else {
			assert_int_equal(s->h.type, 1);
			assert_true(as_ipxrip_decode(f.payload + 30, (size_t)l - 30, &s->rip) >= 0);
		}
	}
	pcap_close(p);
	return n;
}

/* ---- requester ---- */

/* General responses in each framing: the neighbour's, another router's, bad packets, frames in
 * a framing the session does not use, hops 16, a bad SAP name, a routed packet. */
static void general_in(enum as_ipx_framing fr)
{
	enum as_ipx_framing wrong = fr == AS_IPX_FRAME_8022   ? AS_IPX_FRAME_SNAP
	                            : fr == AS_IPX_FRAME_SNAP ? AS_IPX_FRAME_8022
	                                                      : AS_IPX_FRAME_ETHERNET_II;
	if (fr == AS_IPX_FRAME_ETHERNET_II)
		wrong = AS_IPX_FRAME_8023;
	struct cap c;
	cap_open(&c, "test_ipx_update");
	cap_clock(&c);
	struct pkt_opts nb = {.fr = fr, .smac = NEIGH, .snet = NET};
	struct pkt_opts other = {.fr = fr, .smac = OTHER, .snet = NET};
	struct as_ipxrip_msg m = rip_resp(-1, 0, 0x100, 4, 1);
	m.e[1].hops = 3, m.e[1].ticks = 9;
	m.e[2].hops = 16; /* unreachable */
	m.e[3].net = 0;   /* reserved */
	cap_rip(&c, 10, nb, &m);
	struct as_ipxrip_msg m2 = rip_resp(-1, 0, 0x900, 2, 1);
	cap_rip(&c, 12, other, &m2); /* another router */
	struct pkt_opts nb_wrong = nb;
	nb_wrong.fr = wrong;
	cap_rip(&c, 13, nb_wrong, &m2); /* right router, another framing */
	struct pkt_opts routed = nb;
	routed.tc = 1;
	cap_rip(&c, 14, routed, &m2);
	struct pkt_opts elsewhere = nb;
	elsewhere.dmac = OTHER;
	cap_rip(&c, 15, elsewhere, &m2); /* to another station */
	/* Bad: a RIP body that is not whole entries. */
	uint8_t bad[3] = {0, 2, 0};
	uint8_t b[64];
	size_t l =
	    ipx_pkt(b, bad, sizeof bad, 1, 0, addr(NET, NEIGH, 0x0453), addr(NET, OUR_MAC, 0x0453));
	cap_ipx(&c, 16, fr, NEIGH, OUR_MAC, b, l);
	/* A better route for 0x101 (fewer ticks), a worse one for 0x100. */
	struct as_ipxrip_msg m3 = rip_resp(-1, 0, 0x100, 2, 2);
	m3.e[0].ticks = 50;
	m3.e[1].hops = 4, m3.e[1].ticks = 5;
	struct pkt_opts bc = nb;
	bc.dmac = BCAST;
	bc.dnet = 0;
	cap_rip(&c, 20, bc, &m3); /* broadcast is for us too */
	struct as_sap_msg s = sap_resp(-1, 0, "FS", 3, 1);
	s.e[1].hops = 16;
	s.e[2].name[0] = 0x01; /* not printable: skipped by the codec */
	cap_sap(&c, 25, nb, &s);
	struct as_sap_msg s2 = sap_resp(-1, 0, "PRN", 1, 2);
	s2.e[0].type = 7;
	cap_sap(&c, 30, nb, &s2);
	cap_sap(&c, 31, other, &s2);
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, true, fr);
	char rec[96];
	snprintf(rec, sizeof rec, "%s.rec", c.path);
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, rec), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->family, AS_RT_IPX);
	assert_int_equal(res->what, AS_UPDATE_ROUTES | AS_UPDATE_SERVICES);
	assert_int_equal(res->routes.n, 2);
	const struct as_route *rt = get_net(&res->routes, 0x100);
	assert_non_null(rt);
	assert_int_equal(rt->family, AS_RT_IPX);
	assert_int_equal(rt->plen, 32);
	assert_int_equal(rt->metric, 1); /* as advertised */
	assert_int_equal(rt->tag, 2);
	assert_memory_equal(rt->next_hop, NEIGH, 6);
	rt = get_net(&res->routes, 0x101);
	assert_non_null(rt);
	assert_int_equal(rt->metric, 4); /* fewer ticks beat fewer hops */
	assert_int_equal(rt->tag, 5);
	assert_null(get_net(&res->routes, 0x102));
	assert_null(get_net(&res->routes, 0x900));
	assert_int_equal(res->services.n, 2);
	const struct as_service *sv = as_svctable_get(&res->services, 4, "FS0");
	assert_non_null(sv);
	assert_int_equal(sv->hops, 1);
	assert_int_equal(sv->network, 0xABCD0000u);
	assert_int_equal(sv->node[5], 0x10);
	assert_int_equal(sv->socket, 0x0451);
	assert_null(as_svctable_get(&res->services, 4, "FS1"));
	sv = as_svctable_get(&res->services, 7, "PRN0");
	assert_non_null(sv);
	assert_int_equal(sv->hops, 2);
	/* Keyed by the neighbour: other routers' frames find no endpoint (counted by the engine).
	 */
	assert_int_equal(ctr(res, "other-neighbour"), 0);
	assert_int_equal(as_counter_get(as_engine_counters(r.e), "no-endpoint"), 2);
	assert_int_equal(ctr(res, "not-directly-connected"), 1);
	assert_int_equal(ctr(res, "wrong-destination"), 1);
	assert_int_equal(ctr(res, as_ipxrip_err_str(AS_IPXRIP_ERR_BAD_LENGTH)), 1);
	assert_int_equal(ctr(res, "unreachable"), 2);
	assert_int_equal(ctr(res, "reserved-network"), 1);
	assert_int_equal(ctr(res, as_sap_skip_str(AS_SAP_SKIP_NAME)), 1);
	assert_int_equal(ctr(res, "packets-accepted"), 4);
	assert_int_equal(ctr(res, "routes-received"), 4);
	assert_int_equal(ctr(res, "services-received"), 2);
	/* 802.2 and SNAP share a channel: the other one reaches the session and is refused;
	 * Ethernet II / raw 802.3 frames of the other framing never reach it. */
	bool shared = fr == AS_IPX_FRAME_8022 || fr == AS_IPX_FRAME_SNAP;
	assert_int_equal(ctr(res, "wrong-framing"), shared ? 1 : 0);
	assert_true(res->have_neighbour);
	assert_memory_equal(res->neighbour, "\x00\x00\x12\x00\x02\x00\x00\x00\x00\x01", 10);
	const uint64_t ms = 1000000;
	assert_int_equal(res->t_first_reply - res->t_start, 10 * ms);
	/* Both answered at 25 ms; the largest gap is 10 ms: quiet 80 ms after the last, 30 ms. */
	assert_int_equal(res->t_done - res->t_start, 110 * ms);
	assert_int_equal(res->requests_sent, 2);
	run_free(&r);

	struct sent s_out[8];
	assert_int_equal(read_sent(rec, s_out, 8), 2);
	for (unsigned i = 0; i < 2; i++) {
		const struct sent *q = &s_out[i];
		assert_int_equal(q->fr, fr);
		assert_memory_equal(q->dmac, NEIGH, 6);
		assert_int_equal(q->h.dst.net, NET);
		assert_memory_equal(q->h.dst.node, NEIGH, 6);
		assert_int_equal(q->h.src.net, 0); /* not known yet */
		assert_memory_equal(q->h.src.node, OUR_MAC, 6);
		if (q->is_sap) {
			assert_int_equal(q->h.dst.socket, 0x0452);
			assert_int_equal(q->h.src.socket, 0x0452);
			assert_int_equal(q->sap.op, AS_SAP_GENERAL_QUERY);
			assert_int_equal(q->sap.service_type, 0xFFFF);
		} else {
			assert_int_equal(q->h.dst.socket, 0x0453);
			assert_int_equal(q->h.src.socket, 0x0453);
			assert_int_equal(q->rip.op, AS_IPXRIP_REQUEST);
			assert_true(q->rip.general);
		}
	}
	assert_true(s_out[0].is_sap != s_out[1].is_sap);
	remove(rec);
	remove(c.path);
}

static void test_general_ethernet_ii(void **state)
{
	(void)state;
	general_in(AS_IPX_FRAME_ETHERNET_II);
}

static void test_general_8023(void **state)
{
	(void)state;
	general_in(AS_IPX_FRAME_8023);
}

static void test_general_8022(void **state)
{
	(void)state;
	general_in(AS_IPX_FRAME_8022);
}

static void test_general_snap(void **state)
{
	(void)state;
	general_in(AS_IPX_FRAME_SNAP);
}

/* Routes only, any neighbour, network unknown: the first responder becomes the neighbour, its
 * network ours; the retransmitted request carries it; the quiet upper bound applies while a
 * protocol asked has not answered (here: none, RIP only). */
static void test_any_neighbour_learned_network(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_ipx_update");
	cap_clock(&c);
	struct as_ipxrip_msg m = rip_resp(-1, 0, 0x300, 1, 2);
	struct pkt_opts nb = {.fr = AS_IPX_FRAME_ETHERNET_II, .smac = NEIGH, .snet = 0x4242};
	struct pkt_opts other = {.fr = AS_IPX_FRAME_ETHERNET_II, .smac = OTHER, .snet = 0x4242};
	cap_rip(&c, 10, nb, &m);
	cap_rip(&c, 20, other, &m);
	cap_close(&c);
	struct as_update_cfg cfg;
	base_cfg(&cfg, false, 0);
	cfg.what = AS_UPDATE_ROUTES;
	char rec[96];
	snprintf(rec, sizeof rec, "%s.rec", c.path);
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, rec), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->what, AS_UPDATE_ROUTES);
	assert_int_equal(res->routes.n, 1);
	assert_int_equal(res->services.n, 0);
	assert_int_equal(ctr(res, "network-learned"), 1);
	assert_int_equal(ctr(res, "other-neighbour"), 1);
	assert_memory_equal(res->neighbour, "\x00\x00\x42\x42\x02\x00\x00\x00\x00\x01", 10);
	assert_int_equal(res->requests_sent, 1);                   /* no SAP query */
	assert_int_equal(res->t_done - res->t_start, 60000000ull); /* 50 ms after the reply */
	run_free(&r);
	struct sent s[4];
	assert_int_equal(read_sent(rec, s, 4), 1);
	assert_false(s[0].is_sap);
	assert_memory_equal(s[0].dmac, BCAST, 6);
	assert_memory_equal(s[0].h.dst.node, BCAST, 6);
	assert_int_equal(s[0].h.dst.net, 0);
	remove(rec);

	/* Both asked, SAP never answers: the quiet period is quiet_ms, and SAP queries keep
	 * going out every timeout, retries in all. */
	base_cfg(&cfg, false, 0);
	cfg.timeout = 0.5;
	cfg.retries = 3;
	cfg.quiet_ms = 1500;
	assert_int_equal(run_update(&r, c.path, &cfg, rec), 0);
	res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->t_done - res->t_start, 1510000000ull);
	assert_int_equal(res->requests_sent, 4); /* RIP once, SAP three times */
	run_free(&r);
	assert_int_equal(read_sent(rec, s, 4), 4);
	assert_false(s[0].is_sap || !s[1].is_sap);
	assert_true(s[2].is_sap && s[3].is_sap);
	assert_int_equal(s[1].h.src.net, 0);
	assert_int_equal(s[2].h.src.net, 0x4242); /* learned from the reply at 10 ms */
	remove(rec);
	remove(c.path);
}

/* RFC 2091: Update Responses acknowledged (duplicates too), flush discards one protocol's
 * collection, duplicates are not applied again; acks carry our learned network. */
static void test_triggered_duplicates_flush(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_ipx_update");
	cap_clock(&c);
	struct pkt_opts nb = {.fr = AS_IPX_FRAME_ETHERNET_II, .smac = NEIGH, .snet = NET};
	struct as_ipxrip_msg m = rip_resp(5, 1, 0x100, 2, 1);
	cap_rip(&c, 100, nb, &m);
	cap_rip(&c, 200, nb, &m); /* duplicate */
	m = rip_resp(6, 0, 0x200, 1, 1);
	cap_rip(&c, 300, nb, &m);
	struct as_sap_msg s = sap_resp(100, 1, "FS", 2, 1);
	cap_sap(&c, 400, nb, &s);
	m = rip_resp(7, 1, 0x300, 1, 3); /* flush: 0x100, 0x101, 0x200 go */
	cap_rip(&c, 500, nb, &m);
	s = sap_resp(101, 0, "PS", 1, 2);
	cap_sap(&c, 600, nb, &s);
	m = rip_resp(-1, 0, 0x400, 1, 1); /* a plain response in triggered mode */
	cap_rip(&c, 700, nb, &m);
	cap_close(&c);

	struct as_update_cfg cfg;
	base_cfg(&cfg, true, 0);
	cfg.neighbour[0] = cfg.neighbour[1] = cfg.neighbour[2] = cfg.neighbour[3] = 0;
	cfg.mode = AS_MODE_TRIGGERED;
	cfg.retransmit = 1;
	char rec[96];
	snprintf(rec, sizeof rec, "%s.rec", c.path);
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, rec), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_NO_ERROR);
	assert_int_equal(res->routes.n, 1);
	assert_non_null(get_net(&res->routes, 0x300));
	assert_int_equal(get_net(&res->routes, 0x300)->metric, 3);
	assert_int_equal(res->services.n, 3);
	assert_non_null(as_svctable_get(&res->services, 4, "PS0"));
	assert_int_equal(ctr(res, "packets-accepted"), 6);
	assert_int_equal(ctr(res, "acks-sent"), 6);
	assert_int_equal(ctr(res, "duplicates"), 1);
	assert_int_equal(ctr(res, "flushes"), 3);
	assert_int_equal(ctr(res, "unexpected-command"), 1);
	assert_int_equal(ctr(res, "network-learned"), 1);
	/* The neighbour's network was learned too. */
	assert_memory_equal(res->neighbour, "\x00\x00\x12\x00\x02\x00\x00\x00\x00\x01", 10);
	assert_int_equal(res->requests_sent, 2);
	/* Triggered quiet period: quiet_ms (2 s) at least after the last valid packet (600 ms). */
	assert_int_equal(res->t_done - res->t_start, 2600000000ull);
	run_free(&r);

	struct sent o[12];
	assert_int_equal(read_sent(rec, o, 12), 8);
	/* Update Requests first, no entries, version 1. */
	for (unsigned i = 0; i < 2; i++) {
		if (o[i].is_sap) {
			assert_int_equal(o[i].sap.op, AS_SAP_UPDATE_REQUEST);
			assert_int_equal(o[i].sap.upd_version, 1);
		} else {
			assert_int_equal(o[i].rip.op, AS_IPXRIP_UPDATE_REQUEST);
			assert_int_equal(o[i].rip.n_entries, 0);
		}
		assert_int_equal(o[i].h.dst.net, 0);
	}
	static const struct {
		bool sap;
		uint16_t seq;
		uint8_t flush;
	} acks[6] = {{false, 5, 1},  {false, 5, 1}, {false, 6, 0},
	             {true, 100, 1}, {false, 7, 1}, {true, 101, 0}};
	for (unsigned i = 0; i < 6; i++) {
		const struct sent *a = &o[2 + i];
		assert_int_equal(a->is_sap, acks[i].sap);
		assert_memory_equal(a->dmac, NEIGH, 6);
		assert_int_equal(a->h.dst.net, NET);
		assert_int_equal(a->h.src.net, NET); /* learned */
		assert_int_equal(a->h.dst.socket, acks[i].sap ? 0x0452 : 0x0453);
		if (a->is_sap) {
			assert_int_equal(a->sap.op, AS_SAP_UPDATE_ACK);
			assert_int_equal(a->sap.seq, acks[i].seq);
			assert_int_equal(a->sap.flush, acks[i].flush);
		} else {
			assert_int_equal(a->rip.op, AS_IPXRIP_UPDATE_ACK);
			assert_int_equal(a->rip.seq, acks[i].seq);
			assert_int_equal(a->rip.flush, acks[i].flush);
		}
	}
	remove(rec);
	remove(c.path);
}

static void test_no_reply(void **state)
{
	(void)state;
	struct cap c;
	cap_open(&c, "test_ipx_update");
	cap_clock(&c);
	struct as_ipxrip_msg m = rip_resp(-1, 0, 0x100, 1, 1);
	struct pkt_opts other = {.fr = AS_IPX_FRAME_ETHERNET_II, .smac = OTHER, .snet = NET};
	cap_rip(&c, 500, other, &m);
	cap_close(&c);
	struct as_update_cfg cfg;
	base_cfg(&cfg, true, 0);
	cfg.timeout = 1;
	cfg.retries = 3;
	struct run r;
	assert_int_equal(run_update(&r, c.path, &cfg, NULL), 0);
	const struct as_update_result *res = r.res;
	assert_int_equal(res->status, AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(res->requests_sent, 6);
	assert_int_equal(res->t_done - res->t_start, 3000000000ull);
	assert_non_null(strstr(res->message, "no valid IPX reply from 00001200.02:00:00:00:00:01"));
	assert_non_null(strstr(res->message, "ethernet_ii"));
	assert_int_equal(as_counter_get(as_engine_counters(r.e), "no-endpoint"), 1);
	run_free(&r);

	cfg.mode = AS_MODE_TRIGGERED;
	cfg.what = AS_UPDATE_SERVICES;
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
	struct cap c;
	cap_open(&c, "test_ipx_update");
	cap_clock(&c);
	cap_close(&c);
	struct as_engine_cfg ec = {.backend = AS_BACKEND_REPLAY, .replay_path = c.path};
	struct as_engine *e;
	char err[256];
	assert_int_equal(as_engine_new(&ec, &e, err, sizeof err), 0);
	struct as_update_cfg cfg;
	struct as_update *u = NULL;
	base_cfg(&cfg, true, 5);
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u),
	                 AS_ERROR_INVALID_PARAMETER);
	assert_non_null(strstr(as_update_start_error(), "framing"));
	base_cfg(&cfg, true, 0);
	cfg.what = 0x10;
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u),
	                 AS_ERROR_INVALID_PARAMETER);
	base_cfg(&cfg, true, 0);
	cfg.key.alg = AS_RIP_ALG_SIMPLE;
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u),
	                 AS_ERROR_INVALID_PARAMETER);
	base_cfg(&cfg, true, 0);
	cfg.have_ipx_network = true;
	cfg.ipx_network = 0xFFFFFFFFu;
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u),
	                 AS_ERROR_INVALID_PARAMETER);
	/* Two sessions with one neighbour in one framing; another framing is independent. */
	base_cfg(&cfg, true, AS_IPX_FRAME_SNAP);
	struct as_update *u1, *u2, *u3;
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u1), AS_NO_ERROR);
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u2),
	                 AS_ERROR_UPDATE_IN_PROGRESS);
	base_cfg(&cfg, true, AS_IPX_FRAME_8023);
	assert_int_equal(as_ipx_update_start(e, &cfg, on_done, NULL, &u3), AS_NO_ERROR);
	as_update_free(u1);
	as_update_free(u3);
	struct as_rtable t;
	as_rtable_init(&t);
	struct as_responder_cfg rc = {
	    .ifname = "x", .pid = AS_PID_IPX, .routes = &t, .ipx_frame = 9};
	struct as_responder *rs;
	assert_int_equal(as_ipx_responder_start(e, &rc, &rs), AS_ERROR_INVALID_PARAMETER);
	rc.ipx_frame = 0;
	rc.mode = AS_MODE_TRIGGERED;
	assert_int_equal(as_ipx_responder_start(e, &rc, &rs), AS_ERROR_INVALID_PARAMETER);
	as_engine_free(e);
	remove(c.path);
}

/* ---- responder ---- */

static void test_responder_replay(void **state)
{
	(void)state;
	const uint16_t S = (uint16_t)(1700000000u + 1); /* sequences start at the wall clock */
	struct cap c;
	cap_open(&c, "test_ipx_update");
	cap_clock(&c);
	static const uint8_t R1[6] = {0x02, 0, 0, 0, 0, 0x11}, R2[6] = {0x02, 0, 0, 0, 0, 0x12},
	                     R3[6] = {0x02, 0, 0, 0, 0, 0x13};
	uint8_t d[64], b[128];
	/* 802.2: a RIP general request from a dynamic socket, network unknown, broadcast. */
	struct as_ipxrip_msg q;
	memset(&q, 0, sizeof q);
	q.op = AS_IPXRIP_REQUEST;
	q.n_entries = 1;
	q.e[0].net = 0xFFFFFFFFu;
	ssize_t n = as_ipxrip_encode(&q, d, sizeof d);
	size_t l = ipx_pkt(b, d, (size_t)n, 1, 0, addr(0, R1, 0x4001), addr(0, BCAST, 0x0453));
	cap_ipx(&c, 10, AS_IPX_FRAME_8022, R1, BCAST, b, l);
	/* SNAP: a SAP general query for type 4 only. */
	struct as_sap_msg sq;
	memset(&sq, 0, sizeof sq);
	sq.op = AS_SAP_GENERAL_QUERY;
	sq.service_type = 4;
	n = as_sap_encode(&sq, d, sizeof d);
	l = ipx_pkt(b, d, (size_t)n, 4, 0, addr(0x77, R2, 0x0452), addr(0, BCAST, 0x0452));
	cap_ipx(&c, 20, AS_IPX_FRAME_SNAP, R2, BCAST, b, l);
	/* Ethernet II: a specific RIP request for a network we have and one we do not. */
	q.n_entries = 2;
	q.e[0].net = 0x1005;
	q.e[1].net = 0x9999;
	n = as_ipxrip_encode(&q, d, sizeof d);
	l = ipx_pkt(b, d, (size_t)n, 1, 0, addr(0x77, R2, 0x0453), addr(0x77, OUR_MAC, 0x0453));
	cap_ipx(&c, 25, AS_IPX_FRAME_ETHERNET_II, R2, OUR_MAC, b, l);
	/* Raw 802.3: a triggered SAP Update Request, acked twice (once stale), resent once. */
	sq.op = AS_SAP_UPDATE_REQUEST;
	sq.upd_version = 1;
	n = as_sap_encode(&sq, d, sizeof d);
	/* Network unknown when it asks; its acknowledgements carry the one it learned. */
	l = ipx_pkt(b, d, (size_t)n, 4, 0, addr(0, R3, 0x0452), addr(0, OUR_MAC, 0x0452));
	cap_ipx(&c, 30, AS_IPX_FRAME_8023, R3, OUR_MAC, b, l);
	struct as_sap_msg a;
	memset(&a, 0, sizeof a);
	a.op = AS_SAP_UPDATE_ACK;
	a.upd_version = 1;
	a.flush = 1;
	a.seq = S;
	n = as_sap_encode(&a, d, sizeof d);
	l = ipx_pkt(b, d, (size_t)n, 4, 0, addr(0x88, R3, 0x0452), addr(0x88, OUR_MAC, 0x0452));
	cap_ipx(&c, 40, AS_IPX_FRAME_8023, R3, OUR_MAC, b, l);
	cap_ipx(&c, 50, AS_IPX_FRAME_8023, R3, OUR_MAC, b, l); /* stale */
	a.flush = 0;
	a.seq = (uint16_t)(S + 1);
	n = as_sap_encode(&a, d, sizeof d);
	l = ipx_pkt(b, d, (size_t)n, 4, 0, addr(0x88, R3, 0x0452), addr(0x88, OUR_MAC, 0x0452));
	cap_ipx(&c, 1100, AS_IPX_FRAME_8023, R3, OUR_MAC, b, l); /* after one resend */
	a.seq = (uint16_t)(S + 2);
	n = as_sap_encode(&a, d, sizeof d);
	l = ipx_pkt(b, d, (size_t)n, 4, 0, addr(0x88, R3, 0x0452), addr(0x88, OUR_MAC, 0x0452));
	cap_ipx(&c, 1110, AS_IPX_FRAME_8023, R3, OUR_MAC, b, l);
	l = ipx_pkt(b, d, (size_t)n, 4, 0, addr(0x88, OTHER, 0x0452), addr(0x88, OUR_MAC, 0x0452));
	cap_ipx(&c, 1120, AS_IPX_FRAME_8023, OTHER, OUR_MAC, b, l); /* nobody we serve */
	cap_close(&c);

	struct as_rtable routes;
	as_rtable_init(&routes);
	for (unsigned i = 0; i < 120; i++) {
		struct as_route rt;
		memset(&rt, 0, sizeof rt);
		rt.family = AS_RT_IPX;
		rt.plen = 32;
		rt.metric = 1 + i % 15;
		rt.tag = (uint16_t)(i % 2 ? 0 : 100 + i); /* 0: hops + 1 */
		rt.prefix[2] = (uint8_t)(0x10 + i / 256), rt.prefix[3] = (uint8_t)i;
		assert_int_equal(as_rtable_put(&routes, &rt), AS_RT_ADDED);
	}
	struct as_svctable svcs;
	as_svctable_init(&svcs);
	for (unsigned i = 0; i < 16; i++) {
		struct as_service s;
		memset(&s, 0, sizeof s);
		s.type = i < 15 ? 4 : 7; /* 15 of type 4 */
		snprintf(s.name, sizeof s.name, "SRV%u", i);
		s.network = 0x1000 + i;
		s.node[5] = (uint8_t)i;
		s.socket = 0x0451;
		s.hops = (uint16_t)(1 + i % 3);
		assert_int_equal(as_svctable_put(&svcs, &s), AS_RT_ADDED);
	}
	char rec[96];
	snprintf(rec, sizeof rec, "%s.rec", c.path);
	struct as_engine_cfg ec = {
	    .backend = AS_BACKEND_REPLAY, .replay_path = c.path, .write_path = rec};
	struct as_engine *e;
	char err[256];
	assert_int_equal(as_engine_new(&ec, &e, err, sizeof err), 0);
	struct as_responder_cfg rc = {.ifname = "veth-test",
	                              .pid = AS_PID_IPX,
	                              .mode = AS_MODE_TRIGGERED,
	                              .retransmit = 1,
	                              .routes = &routes,
	                              .services = &svcs};
	struct as_responder *rh;
	assert_int_equal(as_ipx_responder_start(e, &rc, &rh), AS_NO_ERROR);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	struct as_responder_stats st;
	as_responder_stats(rh, &st);
	assert_int_equal(st.requests, 3);
	assert_int_equal(st.dumps_done, 3);
	assert_int_equal(st.responses_sent, 3 + 3 + 1 + 4);
	assert_int_equal(st.retransmissions, 1);
	assert_int_equal(st.acks, 3);
	assert_int_equal(st.active, 0);
	const struct as_counters *cs = as_responder_counters(rh);
	assert_int_equal(as_counter_get(cs, "ack-stale"), 1);
	assert_int_equal(as_counter_get(cs, "ack-unknown"), 1);
	assert_int_equal(as_counter_get(cs, "specific-requests"), 1);
	as_responder_free(rh);
	as_engine_free(e);

	struct sent s[16];
	assert_int_equal(read_sent(rec, s, 16), 11);
	/* RIP dump in 802.2 to R1's dynamic socket: 50 + 50 + 20, in table order. */
	static const unsigned counts[3] = {50, 50, 20};
	unsigned k = 0;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(s[i].fr, AS_IPX_FRAME_8022);
		assert_false(s[i].is_sap);
		assert_memory_equal(s[i].dmac, R1, 6);
		assert_memory_equal(s[i].h.dst.node, R1, 6);
		assert_int_equal(s[i].h.dst.socket, 0x4001);
		assert_int_equal(s[i].h.src.socket, 0x0453);
		assert_int_equal(s[i].h.src.net, 0);
		assert_int_equal(s[i].rip.op, AS_IPXRIP_RESPONSE);
		assert_int_equal(s[i].rip.n_entries, counts[i]);
		for (unsigned j = 0; j < s[i].rip.n_entries; j++, k++) {
			assert_int_equal(s[i].rip.e[j].net, 0x1000u + k);
			assert_int_equal(s[i].rip.e[j].hops, 1 + k % 15);
			assert_int_equal(s[i].rip.e[j].ticks, k % 2 ? 2 + k % 15 : 100 + k);
		}
	}
	/* SAP type 4 in SNAP: 7 + 7 + 1, our network = the requester's. */
	static const unsigned scounts[3] = {7, 7, 1};
	k = 0;
	for (unsigned i = 3; i < 6; i++) {
		assert_int_equal(s[i].fr, AS_IPX_FRAME_SNAP);
		assert_true(s[i].is_sap);
		assert_int_equal(s[i].sap.op, AS_SAP_GENERAL_RESPONSE);
		assert_int_equal(s[i].sap.n_entries, scounts[i - 3]);
		assert_int_equal(s[i].h.src.net, 0x77);
		assert_int_equal(s[i].h.dst.net, 0x77);
		assert_int_equal(s[i].h.dst.socket, 0x0452);
		for (unsigned j = 0; j < s[i].sap.n_entries; j++, k++) {
			char name[16];
			snprintf(name, sizeof name, "SRV%u", k);
			assert_int_equal(s[i].sap.e[j].type, 4);
			assert_string_equal((const char *)s[i].sap.e[j].name, name);
			assert_int_equal(s[i].sap.e[j].hops, 1 + k % 3);
			assert_int_equal(s[i].sap.e[j].net, 0x1000 + k);
		}
	}
	/* The specific request: only the network we have, in Ethernet II. */
	assert_int_equal(s[6].fr, AS_IPX_FRAME_ETHERNET_II);
	assert_int_equal(s[6].rip.op, AS_IPXRIP_RESPONSE);
	assert_int_equal(s[6].rip.n_entries, 1);
	assert_int_equal(s[6].rip.e[0].net, 0x1005);
	assert_int_equal(s[6].rip.e[0].hops, 6);
	/* Triggered SAP in raw 802.3: S flush (7), S+1 (7) twice, S+2 (2). */
	static const uint16_t seqs[4] = {0, 1, 1, 2};
	static const unsigned tn[4] = {7, 7, 7, 2};
	for (unsigned i = 0; i < 4; i++) {
		const struct sent *t = &s[7 + i];
		assert_int_equal(t->fr, AS_IPX_FRAME_8023);
		assert_true(t->is_sap);
		assert_memory_equal(t->dmac, R3, 6);
		assert_int_equal(t->sap.op, AS_SAP_UPDATE_RESPONSE);
		assert_int_equal(t->sap.seq, (uint16_t)(S + seqs[i]));
		assert_int_equal(t->sap.flush, i == 0);
		assert_int_equal(t->sap.n_entries, tn[i]);
		assert_int_equal(t->h.dst.net, i == 0 ? 0 : 0x88);
	}
	assert_string_equal((const char *)s[10].sap.e[1].name, "SRV15");
	as_rtable_free(&routes);
	as_svctable_free(&svcs);
	remove(rec);
	remove(c.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_general_ethernet_ii),
	    cmocka_unit_test(test_general_8023),
	    cmocka_unit_test(test_general_8022),
	    cmocka_unit_test(test_general_snap),
	    cmocka_unit_test(test_any_neighbour_learned_network),
	    cmocka_unit_test(test_triggered_duplicates_flush),
	    cmocka_unit_test(test_no_reply),
	    cmocka_unit_test(test_start_errors),
	    cmocka_unit_test(test_responder_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
