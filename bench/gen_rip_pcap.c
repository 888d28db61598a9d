/* gen_rip_pcap.c - writes a benchmark capture of N full routing updates of one protocol, built
 * by the project's own encoders, so that the capture is what autostatic itself would send.
 *
 * Usage: gen_rip_pcap [-p PROTO] [-f FRAMING] [-t ROUTES] FRAMES FILE   ("-": standard output)
 *
 *   -p rip     (default) Ethernet/IPv4/UDP 192.0.2.1:520 -> 224.0.0.9:520, TTL 1, RIPv2
 *              Responses of 25 entries (consecutive /24s of 10.0.0.0/8, metrics 1-15), valid
 *              IPv4 and UDP checksums; 546 bytes a frame.
 *   -p ripng   Ethernet/IPv6/UDP fe80::ff:fe00:1.521 -> ff02::9.521, hop limit 255, RIPng
 *              Responses of 72 entries (the most an MTU of 1500 carries): prefixes /48../64 of
 *              2001:db8::/32 with no host bits, metrics 1-15, a route tag on every fourth route;
 *              valid UDP checksum; 1506 bytes a frame.
 *   -p ipxrip  IPX RIP Responses of 50 entries (networks from 00010000 up, hops 1-15, ticks
 *              hops + 1): IPX checksum FFFF, packet type 1, socket 0453 -> 0453, from
 *              00000001.02:00:00:00:00:01 to node ff:ff:ff:ff:ff:ff; 432-byte IPX packets.
 *   -p ipxsap  IPX SAP General Responses of 7 entries (file servers BENCH-SERVER-nnnnnnnnn,
 *              hops 1-15), packet type 4, socket 0452 -> 0452; 480-byte IPX packets.
 *   -f FRAMING the Ethernet framing of IPX: ethii (default, EtherType 0x8137), 8022 (802.3
 *              length + LLC E0 E0 03), 8023 (raw 802.3) or snap (LLC/SNAP 000000 8137).
 *   -t ROUTES  distinct routes (1..2^24, default 65536): entry k of the stream is route
 *              k mod ROUTES, so the capture repeats a table of ROUTES routes as a router does.
 *              RIP has at most 65536 distinct /24s (larger values repeat them), RIPng 17 * 65536.
 *              tcpdump's speed depends on it (bench/README.md); autostatic's does not.
 *
 * Payloads come from as_rip_encode, as_ripng_encode, as_ipx_encode_hdr, as_ipxrip_encode and
 * as_sap_encode, UDP checksums from as_udp_csum; it links proto/libasproto.la. Deterministic:
 * the same arguments always give the same bytes, a smaller FRAMES gives a prefix of a larger
 * file, and `gen_rip_pcap N FILE` writes what it always has.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include <autostatic/frame.h>
#include <autostatic/ipx.h>
#include <autostatic/rip.h>
#include <autostatic/ripng.h>

#define ETH_LEN 14
#define IP_LEN 20
#define IP6_LEN 40
#define UDP_LEN 8
#define LLC_LEN 3
#define SNAP_LEN 8 /* LLC AA AA 03, OUI 00 00 00, type 81 37 */
#define FRAME_MAX 2048
#define TABLE_DEFAULT 65536ul
#define TABLE_MAX (1ul << 24)

enum proto { P_RIP, P_RIPNG, P_IPXRIP, P_IPXSAP };
enum framing { F_ETHII, F_8022, F_8023, F_SNAP };

static const uint8_t src_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fail(const char *what)
{
	fprintf(stderr, "gen_rip_pcap: %s failed\n", what);
	exit(1);
}

/* Frame i of RIPv2: returns the frame length. *route is the running /24 counter. */
static size_t make_rip(uint8_t *pkt, unsigned long long i, uint64_t *route, uint32_t table)
{
	static const uint8_t eth[ETH_LEN] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x09, /* 224.0.0.9 */
					     0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00};
	static const uint8_t src[4] = {192, 0, 2, 1}, dst[4] = {224, 0, 0, 9};
	static struct as_rip_msg m;

	memset(&m, 0, sizeof m);
	m.command = AS_RIP_RESPONSE;
	m.version = 2;
	m.n_entries = AS_RIP_MAX_ENTRIES;
	for (unsigned k = 0; k < AS_RIP_MAX_ENTRIES; k++, (*route)++) {
		struct as_rip_entry *e = &m.e[k];
		e->afi = AS_RIP_AFI_INET;
		uint32_t r = (uint32_t)(*route % table);
		e->addr = 0x0A000000u | ((r & 0xFFFFu) << 8);
		e->mask = 0xFFFFFF00u;
		e->prefix_len = 24;
		e->metric = 1 + r % 15;
	}
	uint8_t *ip = pkt + ETH_LEN, *udp = ip + IP_LEN, *rip = udp + UDP_LEN;
	ssize_t rlen = as_rip_encode(&m, NULL, rip, AS_RIP_MAX_LEN);
	if (rlen < 0)
		fail("as_rip_encode");
	size_t ulen = UDP_LEN + (size_t)rlen, iplen = IP_LEN + ulen;

	memcpy(pkt, eth, ETH_LEN);
	memset(ip, 0, IP_LEN);
	ip[0] = 0x45;
	ip[1] = 0xC0; /* precedence internetwork control, as routers send RIP */
	put16(ip + 2, (unsigned)iplen);
	put16(ip + 4, (unsigned)(i & 0xFFFF));
	ip[8] = 1;  /* TTL */
	ip[9] = 17; /* UDP */
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	put16(ip + 10, (unsigned)(uint16_t)~as_csum_fold(as_csum_add(0, ip, IP_LEN)));

	put16(udp, AS_RIP_PORT);
	put16(udp + 2, AS_RIP_PORT);
	put16(udp + 4, (unsigned)ulen);
	put16(udp + 6, 0);
	put16(udp + 6, as_udp_csum(4, src, dst, udp, ulen));
	return ETH_LEN + iplen;
}

/* Frame of RIPng: 72 routes from 2001:db8::/32; *route is the running route counter. */
static size_t make_ripng(uint8_t *pkt, uint64_t *route, uint32_t table)
{
	static const uint8_t eth[ETH_LEN] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x09, /* ff02::9 */
					     0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xDD};
	/* fe80::ff:fe00:1, the EUI-64 link-local address of 02:00:00:00:00:01 */
	static const uint8_t src[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0,
					0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01};
	static const uint8_t dst[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09};
	static struct as_ripng_msg m;
	const size_t n = as_ripng_max_entries(1500); /* 72 */

	memset(&m, 0, sizeof m);
	m.command = AS_RIPNG_RESPONSE;
	m.version = 1;
	m.n_entries = (uint16_t)n;
	for (size_t k = 0; k < n; k++, (*route)++) {
		struct as_ripng_entry *e = &m.e[k];
		uint32_t r = (uint32_t)(*route % table);
		unsigned plen = 48 + r % 17; /* 48..64 */
		/* bits 32..plen-1 carry the route number, the rest is zero (no host bits) */
		uint32_t net = (uint32_t)(((uint64_t)(r / 17) << (64 - plen)) & 0xFFFFFFFFu);
		e->prefix[0] = 0x20;
		e->prefix[1] = 0x01;
		e->prefix[2] = 0x0d;
		e->prefix[3] = 0xb8;
		put32(e->prefix + 4, net);
		e->prefix_len = (uint8_t)plen;
		e->metric = (uint8_t)(1 + r % 15);
		e->tag = r % 4 == 0 ? (uint16_t)(r % 65521) : 0;
	}
	uint8_t *ip6 = pkt + ETH_LEN, *udp = ip6 + IP6_LEN, *body = udp + UDP_LEN;
	ssize_t rlen = as_ripng_encode(&m, body, FRAME_MAX - ETH_LEN - IP6_LEN - UDP_LEN);
	if (rlen < 0)
		fail("as_ripng_encode");
	size_t ulen = UDP_LEN + (size_t)rlen;

	memcpy(pkt, eth, ETH_LEN);
	memset(ip6, 0, IP6_LEN);
	ip6[0] = 0x6E; /* version 6, traffic class 0xE0 (network control) */
	put16(ip6 + 4, (unsigned)ulen);
	ip6[6] = 17; /* UDP */
	ip6[7] = AS_RIPNG_HOP_LIMIT;
	memcpy(ip6 + 8, src, 16);
	memcpy(ip6 + 24, dst, 16);

	put16(udp, AS_RIPNG_PORT);
	put16(udp + 2, AS_RIPNG_PORT);
	put16(udp + 4, (unsigned)ulen);
	put16(udp + 6, 0);
	put16(udp + 6, as_udp_csum(6, src, dst, udp, ulen));
	return ETH_LEN + IP6_LEN + ulen;
}

/* Writes the Ethernet header and the framing of an IPX packet of ipx_len bytes; returns the
 * offset of the IPX header. */
static size_t ipx_framing(uint8_t *pkt, enum framing f, size_t ipx_len)
{
	memset(pkt, 0xFF, 6); /* broadcast */
	memcpy(pkt + 6, src_mac, 6);
	switch (f) {
	case F_ETHII:
		put16(pkt + 12, 0x8137);
		return ETH_LEN;
	case F_8023:
		put16(pkt + 12, (unsigned)ipx_len);
		return ETH_LEN;
	case F_8022:
		put16(pkt + 12, (unsigned)(LLC_LEN + ipx_len));
		pkt[14] = 0xE0;
		pkt[15] = 0xE0;
		pkt[16] = 0x03;
		return ETH_LEN + LLC_LEN;
	case F_SNAP:
		put16(pkt + 12, (unsigned)(SNAP_LEN + ipx_len));
		memcpy(pkt + 14, (const uint8_t[SNAP_LEN]){0xAA, 0xAA, 0x03, 0, 0, 0, 0x81, 0x37},
		       SNAP_LEN);
		return ETH_LEN + SNAP_LEN;
	}
	return ETH_LEN;
}

static size_t ipx_hdr_len(enum framing f)
{
	return f == F_8022 ? ETH_LEN + LLC_LEN : f == F_SNAP ? ETH_LEN + SNAP_LEN : ETH_LEN;
}

/* The IPX header from 00000001.02:00:00:00:00:01 to 00000001.ff:ff:ff:ff:ff:ff, same socket. */
static void ipx_hdr(uint8_t *ipx, unsigned type, uint16_t socket, size_t len)
{
	struct as_ipx_hdr h;
	memset(&h, 0, sizeof h);
	h.checksum = AS_IPX_CSUM_NONE;
	h.length = (uint16_t)len;
	h.tc = 0;
	h.type = (uint8_t)type;
	h.dst.net = 1;
	memset(h.dst.node, 0xFF, AS_IPX_NODE_LEN);
	h.dst.socket = socket;
	h.src.net = 1;
	memcpy(h.src.node, src_mac, AS_IPX_NODE_LEN);
	h.src.socket = socket;
	if (as_ipx_encode_hdr(&h, ipx, AS_IPX_HDR_LEN) != AS_IPX_HDR_LEN)
		fail("as_ipx_encode_hdr");
}

static size_t make_ipxrip(uint8_t *pkt, enum framing f, uint64_t *route, uint32_t table)
{
	static struct as_ipxrip_msg m;

	memset(&m, 0, sizeof m);
	m.op = AS_IPXRIP_RESPONSE;
	m.n_entries = AS_IPXRIP_MAX_ENTRIES;
	for (unsigned k = 0; k < AS_IPXRIP_MAX_ENTRIES; k++, (*route)++) {
		struct as_ipxrip_entry *e = &m.e[k];
		uint32_t r = (uint32_t)(*route % table);
		e->net = 0x00010000u + r; /* never 0 (local) nor FFFFFFFF (all) */
		e->hops = (uint16_t)(1 + r % 15);
		e->ticks = (uint16_t)(e->hops + 1);
	}
	uint8_t *ipx = pkt + ipx_hdr_len(f);
	ssize_t plen = as_ipxrip_encode(&m, ipx + AS_IPX_HDR_LEN, AS_IPX_MAX_LEN - AS_IPX_HDR_LEN);
	if (plen < 0)
		fail("as_ipxrip_encode");
	size_t len = AS_IPX_HDR_LEN + (size_t)plen;
	ipx_framing(pkt, f, len);
	ipx_hdr(ipx, AS_IPX_TYPE_RIP, AS_IPX_SOCKET_RIP, len);
	return ipx_hdr_len(f) + len;
}

static size_t make_ipxsap(uint8_t *pkt, enum framing f, uint64_t *route, uint32_t table)
{
	static struct as_sap_msg m;

	memset(&m, 0, sizeof m);
	m.op = AS_SAP_GENERAL_RESPONSE;
	m.n_entries = AS_SAP_MAX_ENTRIES_GENERAL;
	for (unsigned k = 0; k < AS_SAP_MAX_ENTRIES_GENERAL; k++, (*route)++) {
		struct as_sap_entry *e = &m.e[k];
		uint32_t r = (uint32_t)(*route % table);
		char name[AS_SAP_NAME_LEN];
		snprintf(name, sizeof name, "BENCH-SERVER-%09" PRIu32, r);
		e->type = AS_SAP_TYPE_FILE_SERVER;
		if (as_sap_set_name(e, name) != 0)
			fail("as_sap_set_name");
		e->net = 0x00010000u + r;
		e->node[5] = 1;
		e->socket = AS_IPX_SOCKET_NCP;
		e->hops = (uint16_t)(1 + r % 15);
	}
	uint8_t *ipx = pkt + ipx_hdr_len(f);
	ssize_t plen = as_sap_encode(&m, ipx + AS_IPX_HDR_LEN, AS_IPX_MAX_LEN - AS_IPX_HDR_LEN);
	if (plen < 0)
		fail("as_sap_encode");
	size_t len = AS_IPX_HDR_LEN + (size_t)plen;
	ipx_framing(pkt, f, len);
	ipx_hdr(ipx, AS_IPX_TYPE_PEP, AS_IPX_SOCKET_SAP, len);
	return ipx_hdr_len(f) + len;
}

static void usage(FILE *o, const char *argv0)
{
	fprintf(o,
		"usage: %s [-p rip|ripng|ipxrip|ipxsap] [-f ethii|8022|8023|snap] [-t ROUTES]\n"
		"       FRAMES FILE\n",
		argv0);
}

int main(int argc, char **argv)
{
	enum proto proto = P_RIP;
	enum framing framing = F_ETHII;
	unsigned long table = 0;
	int c;
	char *end;
	while ((c = getopt(argc, argv, "p:f:t:h")) != -1) {
		switch (c) {
		case 'p':
			if (!strcmp(optarg, "rip"))
				proto = P_RIP;
			else if (!strcmp(optarg, "ripng"))
				proto = P_RIPNG;
			else if (!strcmp(optarg, "ipxrip"))
				proto = P_IPXRIP;
			else if (!strcmp(optarg, "ipxsap"))
				proto = P_IPXSAP;
			else {
				fprintf(stderr, "gen_rip_pcap: unknown protocol '%s'\n", optarg);
				return 2;
			}
			break;
		case 'f':
			if (!strcmp(optarg, "ethii"))
				framing = F_ETHII;
			else if (!strcmp(optarg, "8022"))
				framing = F_8022;
			else if (!strcmp(optarg, "8023"))
				framing = F_8023;
			else if (!strcmp(optarg, "snap"))
				framing = F_SNAP;
			else {
				fprintf(stderr, "gen_rip_pcap: unknown IPX framing '%s'\n", optarg);
				return 2;
			}
			break;
		case 't':
			errno = 0;
			table = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' || table == 0 ||
			    table > TABLE_MAX) {
				fprintf(stderr, "gen_rip_pcap: bad table size '%s' (1..%lu)\n", optarg,
					(unsigned long)TABLE_MAX);
				return 2;
			}
			break;
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr, argv[0]);
		return 2;
	}
	const char *count = argv[optind], *file = argv[optind + 1];
	errno = 0;
	unsigned long long frames = strtoull(count, &end, 10);
	if (errno || *end || !*count || count[0] == '-') {
		fprintf(stderr, "gen_rip_pcap: bad frame count '%s'\n", count);
		return 2;
	}

	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (!dead) {
		fputs("gen_rip_pcap: pcap_open_dead failed\n", stderr);
		return 1;
	}
	pcap_dumper_t *d = pcap_dump_open(dead, file);
	if (!d) {
		fprintf(stderr, "gen_rip_pcap: %s\n", pcap_geterr(dead));
		pcap_close(dead);
		return 1;
	}

	static uint8_t pkt[FRAME_MAX];
	uint64_t route = 0; /* running entry counter */
	if (!table)
		table = TABLE_DEFAULT;
	for (unsigned long long i = 0; i < frames; i++) {
		size_t len = 0;
		switch (proto) {
		case P_RIP: len = make_rip(pkt, i, &route, table); break;
		case P_RIPNG: len = make_ripng(pkt, &route, table); break;
		case P_IPXRIP: len = make_ipxrip(pkt, framing, &route, table); break;
		case P_IPXSAP: len = make_ipxsap(pkt, framing, &route, table); break;
		}
		struct pcap_pkthdr h;
		memset(&h, 0, sizeof h);
		h.ts.tv_sec = (time_t)(1700000000 + i / 1000);
		h.ts.tv_usec = (suseconds_t)((i % 1000) * 1000);
		h.caplen = h.len = (bpf_u_int32)len;
		pcap_dump((u_char *)d, &h, pkt);
	}
	if (pcap_dump_flush(d) != 0) {
		fprintf(stderr, "gen_rip_pcap: writing %s failed\n", file);
		pcap_dump_close(d);
		pcap_close(dead);
		return 1;
	}
	pcap_dump_close(d);
	pcap_close(dead);
	return 0;
}
