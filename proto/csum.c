/* csum.c - Internet checksum (RFC 1071) and the UDP checksum over IPv4 (RFC 768) and IPv6
 * (RFC 8200 8.1). */
#include "config.h"

#include <string.h>

#include <autostatic/frame.h>

#include "proto/csum.h"
#include "proto/cursor.h"

/* 16 bytes as eight native-order 16-bit lanes widened into four 32-bit sums (GCC and clang
 * vector extensions: SSE2/NEON where present, plain code elsewhere). */
typedef uint32_t v4u32 __attribute__((vector_size(16)));

uint32_t as_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	/* RFC 1071 2(B): the one's-complement sum does not depend on byte order. The 16-bit
	 * words are summed in native order, folded, and swapped into network order once. Each
	 * 32-bit lane gains at most 2 x 0xFFFF per block, so a lane cannot overflow within
	 * 16384 blocks; longer inputs are summed in runs of that size. */
	uint64_t native = 0;
	size_t i = 0;
	while (len - i >= 16) {
		/* Two independent accumulators, 32 bytes a step, keep both vector units busy. */
		v4u32 acc = {0, 0, 0, 0}, acc2 = {0, 0, 0, 0};
		size_t run_end = len - i > 16384 * 16 ? i + 16384 * 16 : len;
		for (; i + 32 <= run_end; i += 32) {
			v4u32 w, w2;
			memcpy(&w, p + i, sizeof w);
			memcpy(&w2, p + i + 16, sizeof w2);
			acc += (w & 0xFFFF) + (w >> 16);
			acc2 += (w2 & 0xFFFF) + (w2 >> 16);
		}
		for (; i + 16 <= run_end; i += 16) {
			v4u32 w;
			memcpy(&w, p + i, sizeof w);
			acc += (w & 0xFFFF) + (w >> 16);
		}
		acc += acc2; /* each lane below 2 x 16384 x 0xFFFF: no overflow */
		native += (uint64_t)acc[0] + acc[1] + acc[2] + acc[3];
	}
	for (; i + 2 <= len; i += 2) {
		uint16_t w;
		memcpy(&w, p + i, sizeof w);
		native += w;
	}
	while (native >> 16)
		native = (native & 0xFFFFu) + (native >> 16);
	uint32_t t = (uint32_t)native;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	t = (uint32_t)__builtin_bswap16((uint16_t)t);
#endif
	uint64_t acc = (uint64_t)sum + t;
	if (i < len)
		acc += (uint32_t)p[i] << 8; /* odd length: pad with a zero byte */
	while (acc >> 32)
		acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t as_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFFu) + (sum >> 16);
	return (uint16_t)sum;
}

/* The pseudo-header sum (RFC 768, RFC 8200 8.1), not folded: big-endian 32-bit words of the
 * addresses plus protocol and length, which fold to the same 16-bit sum. */
static uint64_t pseudo_sum(int family, const uint8_t *src, const uint8_t *dst, size_t udp_len)
{
	uint64_t s = 17 + (uint64_t)udp_len; /* next header / protocol: UDP */
	size_t words = family == 6 ? 4 : 1;
	for (size_t i = 0; i < words; i++)
		s += (uint64_t)as_load_be32(src + 4 * i) + as_load_be32(dst + 4 * i);
	return s;
}

static uint32_t fold32(uint64_t s)
{
	while (s >> 32)
		s = (s & 0xFFFFFFFFu) + (s >> 32);
	return (uint32_t)s;
}

uint16_t as_udp_csum(int family, const uint8_t *src, const uint8_t *dst, const uint8_t *udp,
		     size_t udp_len)
{
	uint32_t s = fold32(pseudo_sum(family, src, dst, udp_len));
	s = as_csum_add(s, udp, 6); /* ports and length; the checksum field counts as zero */
	if (udp_len > 8)
		s = as_csum_add(s, udp + 8, udp_len - 8);
	uint16_t c = (uint16_t)~as_csum_fold(s);
	return c ? c : 0xFFFF;
}

bool as_udp_csum_ok(int family, const uint8_t *src, const uint8_t *dst, const uint8_t *udp,
		    size_t udp_len)
{
	/* Summed with the checksum field in, a correct datagram folds to all ones (RFC 1071). */
	uint32_t s = as_csum_add(fold32(pseudo_sum(family, src, dst, udp_len)), udp, udp_len);
	return as_csum_fold(s) == 0xFFFF;
}

/* The folded pseudo-header sum (see csum.h). */
uint16_t as_udp_partial_csum(int family, const uint8_t *src, const uint8_t *dst, size_t udp_len)
{
	return as_csum_fold(fold32(pseudo_sum(family, src, dst, udp_len)));
}
