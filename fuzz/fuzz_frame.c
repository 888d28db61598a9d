/* fuzz_frame.c - fuzz target: one captured frame; the first input byte picks the link type.
 *
 * Byte 0 modulo 9 indexes FUZZ_LINKS (common.h: the eight link types of enum as_link, then one
 * the decoder does not support); the rest is the frame. as_frame_decode -> invariants (the payload
 * lies inside the input, never longer than the bytes left nor, for IP, than the length field
 * promises; an accepted datagram's UDP checksum really is good) -> the payload, copied to an
 * exact-size buffer, goes to the codec its ports or socket name: RIP, RIPng, or IPX.
 */
#include "config.h"

#include <stdlib.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>
#include <autostatic/ripng.h>

#include "fuzz/common.h"

static const enum as_link links[FUZZ_N_LINKS] = FUZZ_LINKS;
#define N_LINKS FUZZ_N_LINKS

static void check_frame(const struct as_frame *f, enum as_frame_err e, const uint8_t *p,
			size_t n)
{
	FUZZ_CHECK(e == f->err);
	FUZZ_CHECK((unsigned)e < AS_FRAME_ERR_COUNT);
	FUZZ_CHECK(as_frame_err_str(e) != NULL);
	FUZZ_CHECK(as_csum_str(f->ip_csum) != NULL && as_csum_str(f->udp_csum) != NULL);
	FUZZ_CHECK(as_ipx_framing_str(f->ipx_framing) != NULL);
	FUZZ_CHECK(f->l3 == AS_L3_NONE || f->l3 == AS_L3_IPV4 || f->l3 == AS_L3_IPV6 ||
		   f->l3 == AS_L3_IPX);
	FUZZ_CHECK((f->l3 == AS_L3_IPX) == (f->ipx_framing != AS_IPX_FRAME_NONE));
	if (f->payload) {
		FUZZ_CHECK(f->payload >= p && f->payload <= p + n);
		FUZZ_CHECK(f->payload_len <= (size_t)(p + n - f->payload));
	} else {
		FUZZ_CHECK(f->payload_len == 0);
	}
	if (f->l3 == AS_L3_IPV4 || f->l3 == AS_L3_IPV6)
		FUZZ_CHECK(f->payload_len <= f->payload_wire_len);
	if (e != AS_FRAME_OK)
		return;
	FUZZ_CHECK(f->l3 != AS_L3_NONE && f->payload != NULL);
	if (f->l3 == AS_L3_IPX)
		return;
	/* An accepted UDP datagram: whole, unfragmented, checksum good, absent (IPv4) or left
	 * to the NIC. */
	FUZZ_CHECK(!f->fragment && f->ip_csum == AS_CSUM_GOOD);
	FUZZ_CHECK(f->udp_len >= 8 && f->payload_wire_len == f->udp_len - 8u);
	FUZZ_CHECK(f->payload_len == f->payload_wire_len);
	FUZZ_CHECK(f->payload - p >= 8);
	FUZZ_CHECK(f->udp_csum == AS_CSUM_GOOD || f->udp_csum == AS_CSUM_OFFLOAD ||
		   (f->udp_csum == AS_CSUM_NONE && f->l3 == AS_L3_IPV4));
	const uint8_t *udp = f->payload - 8;
	uint16_t sent = (uint16_t)(udp[6] << 8 | udp[7]);
	int family = f->l3 == AS_L3_IPV4 ? 4 : 6;
	if (f->udp_csum == AS_CSUM_GOOD)
		FUZZ_CHECK(as_udp_csum(family, f->src, f->dst, udp, f->udp_len) == sent);
	if (f->udp_csum == AS_CSUM_NONE)
		FUZZ_CHECK(sent == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct as_frame f;

	if (size < 1)
		return 0;
	enum as_link link = links[data[0] % N_LINKS];
	uint8_t variant = (uint8_t)(data[0] / N_LINKS);
	/* The frame itself in an exact-size buffer, so that a read past its end is caught. */
	uint8_t *p = fuzz_dup(data + 1, size - 1);
	size_t n = size - 1;

	enum as_frame_err e = as_frame_decode(link, p, n, &f);
	check_frame(&f, e, p, n);

	if (f.payload && (f.l3 == AS_L3_IPV4 || f.l3 == AS_L3_IPV6 || f.l3 == AS_L3_IPX)) {
		uint8_t *q = fuzz_dup(f.payload, f.payload_len);
		if (f.l3 == AS_L3_IPX)
			fuzz_ipx_packet(q, f.payload_len, variant);
		else if (f.sport == AS_RIPNG_PORT || f.dport == AS_RIPNG_PORT ||
			 (f.l3 == AS_L3_IPV6 && f.sport != AS_RIP_PORT && f.dport != AS_RIP_PORT))
			fuzz_ripng_payload(q, f.payload_len, variant);
		else
			fuzz_rip_payload(q, f.payload_len, variant);
		free(q);
	}
	free(p);
	return 0;
}
