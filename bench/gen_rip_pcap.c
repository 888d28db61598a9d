/* gen_rip_pcap.c - writes a benchmark capture: N Ethernet/IPv4/UDP 520->520 frames, each a RIPv2
 * Response of 25 entries (10.0.0.0/8 prefixes, /24 each), with valid IPv4 and UDP checksums.
 *
 * Usage: gen_rip_pcap FRAMES FILE   (FILE "-" is standard output)
 *
 * The RIP payload is built by the project's encoder (as_rip_encode) and the UDP checksum by
 * as_udp_csum, so the capture is what autostatic itself would send. Deterministic: the same
 * FRAMES always give the same bytes, and a smaller FRAMES gives a prefix of a larger file.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>

#define ETH_LEN 14
#define IP_LEN 20
#define UDP_LEN 8

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s FRAMES FILE\n", argv[0]);
		return 2;
	}
	char *end;
	errno = 0;
	unsigned long long frames = strtoull(argv[1], &end, 10);
	if (errno || *end || !*argv[1] || argv[1][0] == '-') {
		fprintf(stderr, "gen_rip_pcap: bad frame count '%s'\n", argv[1]);
		return 2;
	}

	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	if (!dead) {
		fputs("gen_rip_pcap: pcap_open_dead failed\n", stderr);
		return 1;
	}
	pcap_dumper_t *d = pcap_dump_open(dead, argv[2]);
	if (!d) {
		fprintf(stderr, "gen_rip_pcap: %s\n", pcap_geterr(dead));
		pcap_close(dead);
		return 1;
	}

	static const uint8_t eth[ETH_LEN] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x09, /* 224.0.0.9 */
					     0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00};
	static const uint8_t src[4] = {192, 0, 2, 1}, dst[4] = {224, 0, 0, 9};
	uint8_t pkt[ETH_LEN + IP_LEN + UDP_LEN + AS_RIP_MAX_LEN];
	struct as_rip_msg m;
	uint32_t route = 0; /* the n-th /24 in 10.0.0.0/8 */

	for (unsigned long long i = 0; i < frames; i++) {
		memset(&m, 0, sizeof m);
		m.command = AS_RIP_RESPONSE;
		m.version = 2;
		m.n_entries = AS_RIP_MAX_ENTRIES;
		for (unsigned k = 0; k < AS_RIP_MAX_ENTRIES; k++, route++) {
			struct as_rip_entry *e = &m.e[k];
			e->afi = AS_RIP_AFI_INET;
			e->addr = 0x0A000000u | ((route & 0xFFFFu) << 8);
			e->mask = 0xFFFFFF00u;
			e->prefix_len = 24;
			e->metric = 1 + route % 15;
		}
		uint8_t *ip = pkt + ETH_LEN, *udp = ip + IP_LEN, *rip = udp + UDP_LEN;
		ssize_t rlen = as_rip_encode(&m, NULL, rip, AS_RIP_MAX_LEN);
		if (rlen < 0) {
			fputs("gen_rip_pcap: as_rip_encode failed\n", stderr);
			return 1;
		}
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

		struct pcap_pkthdr h;
		memset(&h, 0, sizeof h);
		h.ts.tv_sec = (time_t)(1700000000 + i / 1000);
		h.ts.tv_usec = (suseconds_t)((i % 1000) * 1000);
		h.caplen = h.len = (bpf_u_int32)(ETH_LEN + iplen);
		pcap_dump((u_char *)d, &h, pkt);
	}
	if (pcap_dump_flush(d) != 0) {
		fprintf(stderr, "gen_rip_pcap: writing %s failed\n", argv[2]);
		pcap_dump_close(d);
		pcap_close(dead);
		return 1;
	}
	pcap_dump_close(d);
	pcap_close(dead);
	return 0;
}
