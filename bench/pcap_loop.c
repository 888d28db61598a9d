/* pcap_loop.c - the reference for decode speed: read a capture with pcap_next_ex and count
 * frames and bytes, nothing else. `autostatic decode` can never be faster than this.
 *
 * Usage: pcap_loop FILE   prints "FRAMES frames, BYTES bytes"
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include <pcap/pcap.h>

int main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	pcap_t *p = pcap_open_offline(argv[1], errbuf);
	if (!p) {
		fprintf(stderr, "pcap_loop: %s\n", errbuf);
		return 1;
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t frames = 0, bytes = 0;
	int r;
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		frames++;
		bytes += h->caplen;
	}
	if (r == PCAP_ERROR) {
		fprintf(stderr, "pcap_loop: %s\n", pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	printf("%" PRIu64 " frames, %" PRIu64 " bytes\n", frames, bytes);
	return 0;
}
