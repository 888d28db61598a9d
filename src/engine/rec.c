/* rec.c - the recording tee: every frame the engine sends and receives, written to a pcap
 * (LINKTYPE_ETHERNET, nanosecond timestamps) with the wall-clock time it passed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "src/engine/engine_impl.h"

/* Frames up to the largest jumbo frame Linux builds are kept whole. */
#define AS_REC_SNAPLEN 262144

struct as_rec {
	pcap_t *p;
	pcap_dumper_t *d;
};

int as_rec_open(const char *path, struct as_rec **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!path || !*path) {
		snprintf(err, errlen, "recording: no file name");
		return AS_ERROR_INVALID_PARAMETER;
	}
	struct as_rec *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "recording %s: out of memory", path);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	r->p = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, AS_REC_SNAPLEN,
	                                            PCAP_TSTAMP_PRECISION_NANO);
	if (!r->p) {
		free(r);
		snprintf(err, errlen, "recording %s: pcap_open_dead failed", path);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	r->d = pcap_dump_open(r->p, path);
	if (!r->d) {
		snprintf(err, errlen, "recording %s: %s", path, pcap_geterr(r->p));
		pcap_close(r->p);
		free(r);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	*out = r;
	return AS_NO_ERROR;
}

void as_rec_write(struct as_rec *r, uint64_t wall_ns, const uint8_t *frame, size_t caplen,
                  size_t wire_len)
{
	if (!r || !frame)
		return;
	if (caplen > AS_REC_SNAPLEN)
		caplen = AS_REC_SNAPLEN;
	if (wire_len < caplen)
		wire_len = caplen;
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof h);
	h.ts.tv_sec = (time_t)(wall_ns / 1000000000u);
	/* With nanosecond precision, libpcap reads tv_usec as nanoseconds. */
	h.ts.tv_usec = (suseconds_t)(wall_ns % 1000000000u);
	h.caplen = (bpf_u_int32)caplen;
	h.len = (bpf_u_int32)(wire_len > UINT32_MAX ? UINT32_MAX : wire_len);
	pcap_dump((u_char *)r->d, &h, frame);
}

void as_rec_close(struct as_rec *r)
{
	if (!r)
		return;
	pcap_dump_flush(r->d);
	pcap_dump_close(r->d);
	pcap_close(r->p);
	free(r);
}
