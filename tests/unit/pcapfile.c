/* pcapfile.c - test helper: load one frame of a bundled capture with libpcap. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "tests/unit/pcapfile.h"

size_t tp_frame(const char *rel, unsigned n, uint8_t *buf, size_t cap, enum as_link *link)
{
	char path[4096], err[PCAP_ERRBUF_SIZE];
	const char *top = getenv("top_srcdir");
	snprintf(path, sizeof path, "%s/pcaps/%s", top ? top : ".", rel);
	pcap_t *p = pcap_open_offline(path, err);
	if (!p) {
		fprintf(stderr, "cannot open %s: %s\n", path, err);
		abort();
	}
	struct pcap_pkthdr *h;
	const u_char *d;
	for (unsigned i = 1;; i++) {
		if (pcap_next_ex(p, &h, &d) != 1) {
			fprintf(stderr, "%s has no frame %u\n", path, n);
			abort();
		}
		if (i == n)
			break;
	}
	size_t len = h->caplen < cap ? h->caplen : cap;
	memcpy(buf, d, len);
	int dlt = pcap_datalink(p);
	*link = dlt == DLT_LINUX_SLL ? AS_LINK_LINUX_SLL : dlt == DLT_EN10MB ? AS_LINK_ETHERNET
										: (enum as_link)dlt;
	pcap_close(p);
	return len;
}

size_t tp_payload(const char *rel, unsigned n, uint8_t *buf, size_t cap)
{
	uint8_t frame[65536];
	enum as_link link;
	struct as_frame f;
	size_t len = tp_frame(rel, n, frame, sizeof frame, &link);
	as_frame_decode(link, frame, len, &f);
	if (!f.payload || f.payload_len > cap) {
		fprintf(stderr, "%s frame %u has no usable payload (%s)\n", rel, n,
			as_frame_err_str(f.err));
		abort();
	}
	memcpy(buf, f.payload, f.payload_len);
	return f.payload_len;
}
