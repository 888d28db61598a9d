/* fuzz_engine_rx.c - the engine's receive path fed from a byte stream: a fake I/O backend hands
 * the input's frames, one at a time on a virtual clock, to an engine running the RIP requester
 * (src/core/update.h) and, when asked, the RIP responder on the same interface (RFC 2453,
 * RFC 2091 triggered updates, RFC 2082 / RFC 4822 authentication and sequence numbers).
 *
 * Input: a 4-byte set-up block, then frames.
 *   byte 0  bit 0 requester mode triggered; bit 1 RIPv1 (else v2); bits 2-4 the algorithm of the
 *           fixed key (enum as_rip_alg, 7 = none; IP only); bit 5 no neighbour configured
 *           (multicast / broadcast); bit 6 also run a responder; bit 7 the responder serves
 *           triggered updates
 *   byte 1  key ID of the fixed key
 *   byte 2  bits 0-1 retries - 1; bits 2-7 quiet period in 20 ms units (+ 20 ms)
 *   byte 3  bits 0-1 the transport: 0 IP (RIP), 1 IPv6 (RIPng), 2 IPX (IPX RIP and SAP), 3 IP;
 *           bits 2-3 IPX framing of the requester (Ethernet II, 802.3, 802.2, SNAP); bits 4-5
 *           IPX: what (0 both, 1 routes, 2 services, 3 both); bit 6 IPX: our network given
 *   frame   flags, dt, length (2 bytes, big-endian), then length bytes
 *     flags bit 0: the bytes are a whole Ethernet frame; otherwise they are a UDP payload
 *                  (IP, IPv6) the harness wraps in Ethernet + IP + UDP to port 520 / 521, or an
 *                  IPX packet (from its 30-byte header) it wraps in an Ethernet framing:
 *           bits 1-2: source 192.0.2.1 / fe80::1 (the neighbour), 192.0.2.7 / fe80::7,
 *                     198.51.100.1 / 2001:db8::1, 192.0.2.2 / our fe80:: (us);
 *                     IPX: the framing (Ethernet II, 802.3, 802.2, SNAP)
 *           bit 3: source port 5200 instead of 520 / 521; bit 4: to 224.0.0.9 / ff02::9 (IPX:
 *           broadcast) instead of us; bit 5: UDP checksum wrong; bit 6: a crypto-authenticated
 *           RIP payload is re-signed with the fixed key first, so the fuzzer reaches the
 *           sequence-number checks; bit 7: TTL 1 instead of 64 / hop limit 64 instead of 255
 *     dt: the frame arrives dt × 10 ms after the previous one (the timers run in between)
 *
 * A transport whose module is not there yet (as_update_start() says ERROR_NOT_SUPPORTED) just
 * runs the engine without a session: the harness builds and runs whatever has landed.
 *
 * Checks: nothing the engine, the module or the codecs do may crash, leak or read out of
 * bounds; the session ends (done called exactly once) within an hour of virtual time after the
 * last frame; its status is NO_ERROR or CAN_NOT_COMPLETE; every route kept is of the session's
 * family with a metric 1..15, a length in range and no host bits, found again by its key; the
 * engine counted every frame delivered.
 * Links libascore (engine, modules) and proto/, unlike the codec harnesses.
 */
#include "config.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>
#include <autostatic/status.h>

#include "fuzz/common.h"
#include "src/core/rtable.h"
#include "src/core/update.h"
#include "src/engine/engine_impl.h"

#define FRAME_MAX 2048
#define HDR       4                      /* the set-up block */
#define T0_NS     1000000000000ull       /* virtual monotonic start */
#define WALL0_NS  1767225600000000000ull /* 2026-01-01, the wall clock the sequence numbers use */
#define DRAIN_NS  3600000000000ull       /* one hour of virtual time after the last frame */

static const uint8_t our_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t nb_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t our_ip[4] = {192, 0, 2, 2};
static const uint8_t sources[4][4] = {
    {192, 0, 2, 1}, {192, 0, 2, 7}, {198, 51, 100, 1}, {192, 0, 2, 2}};
static const uint8_t sources6[4][16] = {{0xfe, 0x80, [15] = 1},
                                        {0xfe, 0x80, [15] = 7},
                                        {0x20, 0x01, 0x0d, 0xb8, [15] = 1},
                                        {0xfe, 0x80, [11] = 0xff, [12] = 0xfe, [15] = 2}};
static const uint8_t our_ll6[16] = {0xfe, 0x80, [11] = 0xff, [12] = 0xfe, [15] = 2};
#define IPX_NET 0x0000abcdu

enum { T_IP, T_IPV6, T_IPX };

struct fake {
	const uint8_t *p; /* the frames not yet delivered */
	size_t len;
	uint64_t now, wall;
	bool have; /* the next frame is parsed into the fields below */
	uint8_t flags;
	const uint8_t *body;
	size_t body_len;
	uint64_t delivered;
	struct as_rip_key key;
	int transport;
};

/* The fake backend finds its state here: the harness runs one input at a time. */
static struct fake *cur;

/* sll_protocol values (linux/if_ether.h) */
#define P_802_3 0x0001
#define P_ALL   0x0003
#define P_802_2 0x0004
#define P_IP    0x0800
#define P_IPV6  0x86DD
#define P_IPX   0x8137

struct fake_chan {
	bool has_prog;
	struct bpf_program prog;
};

static void parse_next(struct fake *f)
{
	f->have = false;
	if (f->len < 4)
		return;
	f->flags = f->p[0];
	uint64_t dt = (uint64_t)f->p[1] * 10000000ull;
	size_t n = (size_t)f->p[2] << 8 | f->p[3];
	if (n > f->len - 4)
		n = f->len - 4;
	f->body = f->p + 4;
	f->body_len = n;
	f->p += 4 + n;
	f->len -= 4 + n;
	f->now += dt;
	f->wall += dt;
	f->have = true;
}

static int fk_init(struct as_engine *e, const struct as_engine_cfg *cfg)
{
	(void)cfg;
	*as_engine_backend_priv(e) = cur;
	as_engine_set_now(e, T0_NS, WALL0_NS);
	return AS_NO_ERROR;
}

static int fk_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	(void)e;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name ? name : "");
	out->ifindex = 2;
	memcpy(out->mac, our_mac, 6);
	out->mtu = 1500;
	out->up = out->running = true;
	out->has_ip4 = true;
	memcpy(out->ip4, our_ip, 4);
	out->ip4_plen = 24;
	out->has_ll6 = true;
	memcpy(out->ll6, our_ll6, 16);
	return AS_NO_ERROR;
}

static void fk_chan_close(struct as_chan *c)
{
	struct fake_chan *fc = c->bk;
	if (fc) {
		if (fc->has_prog)
			pcap_freecode(&fc->prog);
		free(fc);
	}
	c->bk = NULL;
}

/* The channel's filter runs as the kernel's would: the modules may rely on it. */
static int fk_chan_open(struct as_engine *e, struct as_chan *c)
{
	c->fd = -1;
	struct fake_chan *fc = calloc(1, sizeof *fc);
	if (!fc)
		return as_engine_seterr(e, "out of memory");
	c->bk = fc;
	if (c->spec.filter && *c->spec.filter) {
		pcap_t *d = pcap_open_dead(DLT_EN10MB, 65535);
		FUZZ_CHECK(d != NULL);
		int rc = pcap_compile(d, &fc->prog, c->spec.filter, 1, PCAP_NETMASK_UNKNOWN);
		pcap_close(d);
		FUZZ_CHECK(rc == 0); /* the modules' filters are constants */
		fc->has_prog = true;
	}
	return AS_NO_ERROR;
}

static unsigned fk_chan_recv(struct as_chan *c, unsigned budget)
{
	(void)c;
	(void)budget;
	return 0;
}

static int fk_chan_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	(void)c;
	for (unsigned i = 0; i < n; i++)
		FUZZ_CHECK(iov[i].iov_len >= 14 && iov[i].iov_len <= 1514);
	return (int)n;
}

static bool fk_next_ts(struct as_engine *e, uint64_t *ts)
{
	struct fake *f = *as_engine_backend_priv(e);
	if (!f->have)
		return false;
	*ts = f->now;
	return true;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Whether a packet socket bound to proto would see the frame (as the replay backend decides). */
static bool protocol_fits(uint16_t proto, const struct as_frame *f)
{
	switch (proto) {
	case 0:
	case P_ALL: return true;
	case P_IP: return f->l3 == AS_L3_IPV4 || f->ethertype == P_IP;
	case P_IPV6: return f->l3 == AS_L3_IPV6 || f->ethertype == P_IPV6;
	case P_IPX: return f->ipx_framing == AS_IPX_FRAME_ETHERNET_II;
	case P_802_2:
		return f->ipx_framing == AS_IPX_FRAME_8022 || f->ipx_framing == AS_IPX_FRAME_SNAP;
	case P_802_3: return f->ipx_framing == AS_IPX_FRAME_8023;
	default: return f->ethertype == proto;
	}
}

/* Re-signs a crypto-authenticated RIP payload with the fixed key, in place. */
static void resign(uint8_t *pl, size_t n, const struct as_rip_key *key)
{
	struct as_rip_msg m;
	if (key->alg < AS_RIP_ALG_MD5)
		return;
	/* The decoder tells where the trailer is even when the digest does not verify. */
	if (as_rip_decode(pl, n, &m) < 0 || m.auth.type != AS_RIP_AUTH_CRYPTO)
		return;
	if ((size_t)m.auth.trailer_off + 4 + m.auth.digest_len > n)
		return;
	if (m.auth.alg != key->alg)
		return;
	(void)as_rip_auth_sign(pl, m.auth.trailer_off, m.auth.digest_len, key);
}

static size_t build_ipv6(const struct fake *f, uint8_t *buf)
{
	size_t pl = f->body_len > FRAME_MAX - 62 ? FRAME_MAX - 62 : f->body_len;
	const uint8_t *src = sources6[(f->flags >> 1) & 3];
	static const uint8_t mcast[16] = {0xff, 0x02, [15] = 9};
	static const uint8_t mcast_mac[6] = {0x33, 0x33, 0, 0, 0, 0x09};
	bool mc = f->flags & 0x10;
	const uint8_t *dst = mc ? mcast : our_ll6;
	memcpy(buf, mc ? mcast_mac : our_mac, 6);
	memcpy(buf + 6, nb_mac, 6);
	put16(buf + 12, P_IPV6);
	uint8_t *ip = buf + 14;
	memset(ip, 0, 40);
	ip[0] = 0x60;
	put16(ip + 4, (unsigned)(8 + pl));
	ip[6] = 17;
	ip[7] = (f->flags & 0x80) ? 64 : 255;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	uint8_t *udp = ip + 40;
	put16(udp, (f->flags & 0x08) ? 5200 : 521);
	put16(udp + 2, 521);
	put16(udp + 4, (unsigned)(8 + pl));
	put16(udp + 6, 0);
	memcpy(udp + 8, f->body, pl);
	uint16_t cs = as_udp_csum(6, src, dst, udp, 8 + pl);
	if (f->flags & 0x20)
		cs = (uint16_t)(cs == 0x1234 ? 0x4321 : 0x1234);
	put16(udp + 6, cs);
	return 62 + pl;
}

/* An IPX packet in one of the four Ethernet framings. */
static size_t build_ipx(const struct fake *f, uint8_t *buf)
{
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	memcpy(buf, (f->flags & 0x10) ? bcast : our_mac, 6);
	memcpy(buf + 6, nb_mac, 6);
	size_t hdr;
	switch ((f->flags >> 1) & 3) {
	case 0:
		put16(buf + 12, P_IPX);
		hdr = 14;
		break;
	case 1: hdr = 14; break; /* raw 802.3: the IPX checksum FFFF follows the length */
	case 2:
		buf[14] = 0xE0, buf[15] = 0xE0, buf[16] = 0x03;
		hdr = 17;
		break;
	default:
		memcpy(buf + 14, "\xAA\xAA\x03\x00\x00\x00\x81\x37", 8);
		hdr = 22;
		break;
	}
	size_t pl = f->body_len > FRAME_MAX - hdr ? FRAME_MAX - hdr : f->body_len;
	if (((f->flags >> 1) & 3) != 0)
		put16(buf + 12, (unsigned)(hdr - 14 + pl)); /* the 802.3 length */
	memcpy(buf + hdr, f->body, pl);
	return hdr + pl;
}

/* Builds the frame on the wire from the input's frame record. Returns its length. */
static size_t build_frame(const struct fake *f, uint8_t *buf)
{
	if (f->flags & 1) {
		size_t n = f->body_len > FRAME_MAX ? FRAME_MAX : f->body_len;
		memcpy(buf, f->body, n);
		return n;
	}
	if (f->transport == T_IPV6)
		return build_ipv6(f, buf);
	if (f->transport == T_IPX)
		return build_ipx(f, buf);
	size_t pl = f->body_len > FRAME_MAX - 42 ? FRAME_MAX - 42 : f->body_len;
	const uint8_t *src = sources[(f->flags >> 1) & 3];
	static const uint8_t mcast_ip[4] = {224, 0, 0, 9};
	static const uint8_t mcast_mac[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x09};
	bool mcast = f->flags & 0x10;
	const uint8_t *dst = mcast ? mcast_ip : our_ip;

	memcpy(buf, mcast ? mcast_mac : our_mac, 6);
	memcpy(buf + 6, nb_mac, 6);
	put16(buf + 12, 0x0800);
	uint8_t *ip = buf + 14;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(20 + 8 + pl));
	ip[8] = (f->flags & 0x80) ? 1 : 64;
	ip[9] = 17;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	put16(ip + 10, (unsigned)(uint16_t)~as_csum_fold(as_csum_add(0, ip, 20)));
	uint8_t *udp = ip + 20;
	put16(udp, (f->flags & 0x08) ? 5200 : 520);
	put16(udp + 2, 520);
	put16(udp + 4, (unsigned)(8 + pl));
	put16(udp + 6, 0);
	memcpy(udp + 8, f->body, pl);
	if (f->flags & 0x40)
		resign(udp + 8, pl, &f->key);
	uint16_t cs = as_udp_csum(4, src, dst, udp, 8 + pl);
	if (f->flags & 0x20)
		cs = (uint16_t)(cs == 0x1234 ? 0x4321 : 0x1234);
	put16(udp + 6, cs);
	return 42 + pl;
}

static void fk_deliver_next(struct as_engine *e)
{
	struct fake *f = *as_engine_backend_priv(e);
	if (!f->have)
		return;
	static uint8_t buf[FRAME_MAX];
	size_t n = build_frame(f, buf);
	uint8_t *frame = fuzz_dup(buf, n); /* exact size: ASan sees any over-read */
	struct pcap_pkthdr h = {.caplen = (bpf_u_int32)n, .len = (bpf_u_int32)n};
	struct as_frame fr;
	as_frame_decode(AS_LINK_ETHERNET, frame, n, &fr);
	for (struct as_chan *c = as_engine_channels(e), *next; c; c = next) {
		const struct fake_chan *fc = c->bk;
		if (!protocol_fits(c->spec.protocol, &fr) ||
		    (fc && fc->has_prog && !pcap_offline_filter(&fc->prog, &h, frame))) {
			next = c->next;
			continue;
		}
		struct as_rx rx;
		memset(&rx, 0, sizeof rx);
		rx.chan = c;
		rx.ts = as_engine_now(e);
		rx.link = AS_LINK_ETHERNET;
		rx.frame = frame;
		rx.caplen = n;
		rx.wire_len = n;
		if (n >= 12) {
			memcpy(rx.dst_mac, frame, 6);
			memcpy(rx.src_mac, frame + 6, 6);
		}
		c->refs++;
		as_engine_deliver(c, &rx);
		f->delivered++;
		next = c->next;
		if (--c->refs == 0) {
			c->refs = 1;
			as_chan_close(c);
		}
	}
	free(frame);
	parse_next(f);
}

static const struct as_backend_ops fake_ops = {
    .name = "fuzz",
    .init = fk_init,
    .iface_query = fk_iface_query,
    .chan_open = fk_chan_open,
    .chan_close = fk_chan_close,
    .chan_recv = fk_chan_recv,
    .chan_send = fk_chan_send,
    .next_ts = fk_next_ts,
    .deliver_next = fk_deliver_next,
};

struct run {
	struct as_engine *e;
	struct as_update *u;
	int done_calls;
};

static void on_done(struct as_update *u, void *arg)
{
	struct run *r = arg;
	FUZZ_CHECK(u == r->u);
	r->done_calls++;
}

/* The responder's table: 80 routes of the transport's family, more than one packet's worth. */
static const struct as_rtable *served_routes(int transport)
{
	static struct as_rtable t[3];
	static bool made[3];
	if (made[transport])
		return &t[transport];
	as_rtable_init(&t[transport]);
	for (unsigned i = 0; i < 80; i++) {
		struct as_route r;
		memset(&r, 0, sizeof r);
		r.metric = 1 + i % 15;
		if (transport == T_IPV6) {
			r.family = AS_RT_IPV6;
			r.plen = 64;
			memcpy(r.prefix, "\x20\x01\x0d\xb8", 4);
			r.prefix[6] = (uint8_t)i;
		} else if (transport == T_IPX) {
			r.family = AS_RT_IPX;
			r.plen = 32;
			r.prefix[2] = 0x10;
			r.prefix[3] = (uint8_t)(i + 1);
			r.tag = (uint16_t)(1 + i % 7);
		} else {
			r.family = AS_RT_IPV4;
			r.plen = 26;
			r.prefix[0] = 198;
			r.prefix[1] = 18;
			r.prefix[2] = (uint8_t)(i / 4);
			r.prefix[3] = (uint8_t)((i % 4) * 64);
		}
		FUZZ_CHECK(as_rtable_put(&t[transport], &r) == AS_RT_ADDED);
	}
	made[transport] = true;
	return &t[transport];
}

static void check_result(const struct as_update_result *res, int transport)
{
	static const int fams[3] = {AS_RT_IPV4, AS_RT_IPV6, AS_RT_IPX};
	int fam = fams[transport];
	unsigned bits = fam == AS_RT_IPV6 ? 128 : 32;
	FUZZ_CHECK(res->status == AS_NO_ERROR || res->status == AS_ERROR_CAN_NOT_COMPLETE);
	FUZZ_CHECK(memchr(res->message, 0, sizeof res->message) != NULL);
	FUZZ_CHECK(res->requests_sent >= 1);
	for (size_t i = 0; i < res->routes.n; i++) {
		const struct as_route *rt = &res->routes.r[i];
		FUZZ_CHECK(rt->family == fam);
		FUZZ_CHECK(rt->plen <= bits);
		if (fam == AS_RT_IPX)
			FUZZ_CHECK(rt->plen == 32 && rt->metric <= 15);
		else
			FUZZ_CHECK(rt->metric >= 1 && rt->metric <= 15);
		for (unsigned k = 0; k < 16; k++) {
			unsigned b0 = k * 8;
			uint8_t keep = b0 >= rt->plen ? 0
			               : b0 + 8 <= rt->plen
			                   ? 0xFF
			                   : (uint8_t)(0xFF << (8 - (rt->plen - b0)));
			FUZZ_CHECK((rt->prefix[k] & (uint8_t)~keep) == 0);
		}
		FUZZ_CHECK(as_rtable_get(&res->routes, fam, rt->prefix, rt->plen) == rt);
	}
	if (fam == AS_RT_IPX) {
		for (size_t i = 0; i < res->services.n; i++)
			FUZZ_CHECK(res->services.s[i].hops <= 15 &&
			           memchr(res->services.s[i].name, 0, AS_SVC_NAME_MAX + 1) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < HDR)
		return 0;
	uint8_t b0 = data[0], b1 = data[1], b2 = data[2], b3 = data[3];
	struct fake f;
	memset(&f, 0, sizeof f);
	f.p = data + HDR;
	f.len = size - HDR;
	f.transport = (b3 & 3) == 3 ? T_IP : b3 & 3;
	f.now = T0_NS;
	f.wall = WALL0_NS;
	unsigned alg = (b0 >> 2) & 7;
	if (alg <= AS_RIP_ALG_SHA512 && !(b0 & 2) && f.transport == T_IP)
		f.key = fuzz_fixed_key((enum as_rip_alg)alg, b1);
	/* The virtual instant of the last frame bounds the run. */
	uint64_t t_last = T0_NS;
	for (size_t off = 0; size - HDR - off >= 4;) {
		const uint8_t *p = data + HDR + off;
		t_last += (uint64_t)p[1] * 10000000ull;
		off += 4 + ((size_t)p[2] << 8 | p[3]);
		if (off > size - HDR)
			break;
	}
	parse_next(&f);
	cur = &f;

	struct as_engine_cfg ec = {.backend = AS_BACKEND_REPLAY};
	struct run r;
	memset(&r, 0, sizeof r);
	char err[256];
	int rc = as_engine_new_ops(&fake_ops, &ec, &r.e, err, sizeof err);
	FUZZ_CHECK(rc == AS_NO_ERROR);

	static const int pids[3] = {AS_PID_IP, AS_PID_IPV6, AS_PID_IPX};
	int pid = pids[f.transport];
	int ipx_frame = AS_IPX_FRAME_ETHERNET_II + ((b3 >> 2) & 3);
	struct as_responder *resp = NULL;
	if (b0 & 0x40) {
		struct as_responder_cfg rcfg;
		memset(&rcfg, 0, sizeof rcfg);
		rcfg.ifname = "fz0";
		rcfg.pid = pid;
		rcfg.mode = (b0 & 0x80) ? AS_MODE_TRIGGERED : AS_MODE_REQUEST;
		rcfg.rip_version = (b0 & 2) ? 1 : 2;
		rcfg.key = f.key;
		rcfg.retransmit = 1.0;
		rcfg.routes = served_routes(f.transport);
		rcfg.ipx_frame = ipx_frame;
		rcfg.have_ipx_network = true;
		rcfg.ipx_network = IPX_NET;
		rc = as_responder_start(r.e, &rcfg, &resp);
		/* A module not there yet; a mode it does not serve (RFC 2091 over IPX). */
		FUZZ_CHECK(rc == AS_NO_ERROR || rc == AS_ERROR_NOT_SUPPORTED ||
		           rc == AS_ERROR_INVALID_PARAMETER);
		if (rc != AS_NO_ERROR)
			resp = NULL;
	}

	struct as_update_cfg cfg;
	as_update_cfg_defaults(&cfg);
	cfg.ifname = "fz0";
	cfg.pid = pid;
	cfg.mode = (b0 & 1) ? AS_MODE_TRIGGERED : AS_MODE_REQUEST;
	cfg.rip_version = (b0 & 2) ? 1 : 2;
	cfg.key = f.key;
	if (!(b0 & 0x20)) {
		cfg.have_neighbour = true;
		if (f.transport == T_IP) {
			memcpy(cfg.neighbour, sources[0], 4);
		} else if (f.transport == T_IPV6) {
			memcpy(cfg.neighbour, sources6[0], 16);
		} else {
			put16(cfg.neighbour, IPX_NET >> 16);
			put16(cfg.neighbour + 2, IPX_NET & 0xFFFF);
			memcpy(cfg.neighbour + 4, nb_mac, 6);
		}
	}
	cfg.timeout = 0.5;
	cfg.retries = 1 + (b2 & 3);
	cfg.retransmit = 1.0;
	cfg.quiet_ms = 20 + 20u * (b2 >> 2);
	cfg.ipx_frame = ipx_frame;
	static const unsigned whats[4] = {0, AS_UPDATE_ROUTES, AS_UPDATE_SERVICES,
	                                  AS_UPDATE_ROUTES | AS_UPDATE_SERVICES};
	cfg.what = f.transport == T_IPX ? whats[(b3 >> 4) & 3] : 0;
	if (f.transport == T_IPX && (b3 & 0x40)) {
		cfg.have_ipx_network = true;
		cfg.ipx_network = IPX_NET;
	}
	rc = as_update_start(r.e, &cfg, on_done, &r, &r.u);
	/* RIPv1 with a key, triggered RIPv1 or IPX, may be refused as a configuration error; a
	 * module may not be there yet. */
	FUZZ_CHECK(rc == AS_NO_ERROR || rc == AS_ERROR_INVALID_PARAMETER ||
	           rc == AS_ERROR_NOT_SUPPORTED);
	if (rc != AS_NO_ERROR)
		r.u = NULL;
	FUZZ_CHECK(r.done_calls == 0);

	/* Frames and timers until the input is exhausted, then the timers alone, bounded: the
	 * done callback does not stop the loop, so every frame must have been delivered. */
	FUZZ_CHECK(as_engine_run(r.e, t_last + DRAIN_NS) == AS_NO_ERROR);
	FUZZ_CHECK(!f.have);
	const struct as_counters *ec_ctr = as_engine_counters(r.e);
	if (getenv("FUZZ_VERBOSE")) {
		/* What the input reached, to judge seeds by. */
		if (r.u) {
			const struct as_update_result *res = as_update_result(r.u);
			fprintf(stderr, "  update: %s, %zu routes, %u requests\n",
			        as_status_name(res->status), res->routes.n, res->requests_sent);
			for (unsigned i = 0; i < res->counters.n; i++)
				fprintf(stderr, "    %s %llu\n", res->counters.c[i].name,
				        (unsigned long long)res->counters.c[i].v);
		}
		for (unsigned i = 0; i < ec_ctr->n; i++)
			fprintf(stderr, "  engine %s %llu\n", ec_ctr->c[i].name,
			        (unsigned long long)ec_ctr->c[i].v);
		if (resp) {
			const struct as_counters *rc_ctr = as_responder_counters(resp);
			for (unsigned i = 0; i < rc_ctr->n; i++)
				fprintf(stderr, "  responder %s %llu\n", rc_ctr->c[i].name,
				        (unsigned long long)rc_ctr->c[i].v);
		}
	}
	if (r.u) {
		FUZZ_CHECK(r.done_calls == 1);
		check_result(as_update_result(r.u), f.transport);
	}
	FUZZ_CHECK(as_counter_get(ec_ctr, "rx-frames") == f.delivered);
	if (resp) {
		struct as_responder_stats st;
		as_responder_stats(resp, &st);
		FUZZ_CHECK(st.dumps_done <= st.requests);
		as_responder_free(resp);
	}
	as_update_free(r.u);
	as_engine_free(r.e);
	cur = NULL;
	return 0;
}
