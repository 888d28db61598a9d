/* admin_cap.c - test helper: captures of RIPv2 (RFC 2453) responses for the replay backend. */
#include "config.h"

#include <pcap/pcap.h>
#include <stdint.h>
#include <string.h>

#include "tests/unit/admin_cap.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void udp_frame(pcap_dumper_t *d, uint64_t us, uint16_t sport, uint16_t dport,
                      const uint8_t *pl, size_t len)
{
	uint8_t f[1600] = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00};
	uint8_t *h = f + 14;
	size_t tot = 20 + 8 + len;
	memset(h, 0, 28);
	h[0] = 0x45;
	h[2] = (uint8_t)(tot >> 8), h[3] = (uint8_t)tot;
	h[8] = 1;
	h[9] = 17;
	put32(h + 12, 0xc0000201); /* 192.0.2.1 */
	put32(h + 16, 0xc0000202); /* 192.0.2.2 */
	uint32_t sum = 0;
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)(h[i] << 8 | h[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	h[10] = (uint8_t)(~sum >> 8), h[11] = (uint8_t)~sum;
	uint8_t *u = h + 20;
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((8 + len) >> 8), u[5] = (uint8_t)(8 + len); /* checksum 0: none */
	memcpy(u + 8, pl, len);
	struct pcap_pkthdr ph = {.caplen = (bpf_u_int32)(14 + tot), .len = (bpf_u_int32)(14 + tot)};
	ph.ts.tv_sec = (time_t)(us / 1000000u);
	ph.ts.tv_usec = (suseconds_t)(us % 1000000u);
	pcap_dump((u_char *)d, &ph, f);
}

int tc_write_rip(const char *path, unsigned nroutes, unsigned base, unsigned metric)
{
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d = p ? pcap_dump_open(p, path) : NULL;
	if (!d)
		return -1;
	uint64_t t0 = 1700000000ull * 1000000u;
	uint8_t junk[4] = {0};
	udp_frame(d, t0, 9, 9, junk, sizeof junk);
	/* Routes 10.B.x.y/32 where B = base and x.y counts: 25 a packet. */
	for (unsigned i = 0; i < nroutes; i += 25) {
		uint8_t pl[4 + 25 * 20] = {2, 2, 0, 0};
		unsigned n = nroutes - i < 25 ? nroutes - i : 25;
		for (unsigned k = 0; k < n; k++) {
			uint8_t *e = pl + 4 + 20 * k;
			memset(e, 0, 20);
			e[1] = 2; /* AFI_INET */
			put32(e + 4, 0x0a000000u | (base & 0xffu) << 16 | ((i + k) & 0xffffu));
			put32(e + 8, 0xffffffffu);
			put32(e + 16, metric);
		}
		udp_frame(d, t0 + 20000 + i, 520, 520, pl, 4 + 20 * n);
	}
	pcap_dump_close(d);
	pcap_close(p);
	return 0;
}
