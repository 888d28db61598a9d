/* csum.c - Internet checksum (RFC 1071) and the UDP checksum over IPv4 (RFC 768) and IPv6
 * (RFC 8200 8.1). */
#include "config.h"

#include <autostatic/frame.h>

#include "proto/csum.h"
#include "proto/cursor.h"

uint32_t as_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	/* Big-endian 32-bit words into a 64-bit accumulator: the one's-complement sum of the
	 * 16-bit words is the same after folding (RFC 1071 2(B), "parallel summation"). */
	uint64_t s = sum;
	size_t i = 0;
	for (; i + 4 <= len; i += 4)
		s += as_load_be32(p + i);
	for (; i + 1 < len; i += 2)
		s += as_load_be16(p + i);
	if (i < len)
		s += (uint32_t)p[i] << 8; /* odd length: pad with a zero byte */
	while (s >> 32)
		s = (s & 0xFFFFFFFFu) + (s >> 32);
	return (uint32_t)s;
}

uint16_t as_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFFu) + (sum >> 16);
	return (uint16_t)sum;
}

/* The pseudo-header sum (RFC 768, RFC 8200 8.1), not folded. */
static uint32_t pseudo_sum(int family, const uint8_t *src, const uint8_t *dst, size_t udp_len)
{
	size_t alen = family == 6 ? 16 : 4;
	uint32_t s = as_csum_add(0, src, alen);
	s = as_csum_add(s, dst, alen);
	s += 17; /* next header / protocol: UDP */
	s += (uint32_t)(udp_len & 0xFFFF) + (uint32_t)(udp_len >> 16);
	return s;
}

uint16_t as_udp_csum(int family, const uint8_t *src, const uint8_t *dst, const uint8_t *udp,
		     size_t udp_len)
{
	uint32_t s = pseudo_sum(family, src, dst, udp_len);
	s = as_csum_add(s, udp, 6); /* ports and length; the checksum field counts as zero */
	if (udp_len > 8)
		s = as_csum_add(s, udp + 8, udp_len - 8);
	uint16_t c = (uint16_t)~as_csum_fold(s);
	return c ? c : 0xFFFF;
}

/* The folded pseudo-header sum (see csum.h). */
uint16_t as_udp_partial_csum(int family, const uint8_t *src, const uint8_t *dst, size_t udp_len)
{
	return as_csum_fold(pseudo_sum(family, src, dst, udp_len));
}
