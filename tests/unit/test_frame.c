/* test_frame.c - frame decapsulation: every link type, VLAN stacks, IPv4 options and
 * fragments, IPv6 extension headers, UDP checksum status, IPX framings, every truncation. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <autostatic/frame.h>

#include "tests/unit/pcapfile.h"

static const uint8_t payload[] = {2, 2, 0, 0, 0, 2, 0, 0, 198, 18, 0, 0,
				  255, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
static const uint8_t v4src[4] = {192, 0, 2, 1}, v4dst[4] = {224, 0, 0, 9};
static const uint8_t v6src[16] = {0xfe, 0x80, [15] = 1}, v6dst[16] = {0xff, 0x02, [15] = 9};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* UDP header + payload at p; returns its length. */
static size_t build_udp(uint8_t *p, int family, const uint8_t *src, const uint8_t *dst)
{
	size_t len = 8 + sizeof payload;
	put16(p, 520);
	put16(p + 2, 520);
	put16(p + 4, (uint16_t)len);
	put16(p + 6, 0);
	memcpy(p + 8, payload, sizeof payload);
	put16(p + 6, as_udp_csum(family, src, dst, p, len));
	return len;
}

/* IPv4 header (+ options words) + UDP at p. */
static size_t build_ipv4(uint8_t *p, unsigned opt_words, uint16_t frag)
{
	size_t ihl = 20 + 4 * opt_words;
	memset(p, 0, ihl);
	p[0] = (uint8_t)(0x40 | (ihl / 4));
	p[8] = 1;
	p[9] = 17;
	put16(p + 6, frag);
	memcpy(p + 12, v4src, 4);
	memcpy(p + 16, v4dst, 4);
	for (unsigned i = 0; i < opt_words; i++)
		p[20 + 4 * i] = 1; /* NOP options */
	size_t ulen = build_udp(p + ihl, 4, v4src, v4dst);
	put16(p + 2, (uint16_t)(ihl + ulen));
	put16(p + 10, (uint16_t)~as_csum_fold(as_csum_add(0, p, ihl)));
	return ihl + ulen;
}

/* IPv6 header, optionally a hop-by-hop header, then UDP. */
static size_t build_ipv6(uint8_t *p, bool hbh)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	p[6] = hbh ? 0 : 17;
	p[7] = 255;
	memcpy(p + 8, v6src, 16);
	memcpy(p + 24, v6dst, 16);
	size_t off = 40;
	if (hbh) {
		memset(p + 40, 0, 8);
		p[40] = 17; /* next header */
		p[42] = 1;  /* PadN option filling the 8 bytes */
		p[43] = 4;
		off = 48;
	}
	size_t ulen = build_udp(p + off, 6, v6src, v6dst);
	put16(p + 4, (uint16_t)(off - 40 + ulen));
	return off + ulen;
}

static size_t build_eth(uint8_t *p, uint16_t type)
{
	memset(p, 0, 12);
	p[0] = 0x01;
	p[11] = 0x02;
	put16(p + 12, type);
	return 14;
}

static void expect_payload(const struct as_frame *f)
{
	assert_non_null(f->payload);
	assert_int_equal(f->payload_len, sizeof payload);
	assert_memory_equal(f->payload, payload, sizeof payload);
	assert_int_equal(f->sport, 520);
	assert_int_equal(f->dport, 520);
}

static void test_ethernet_ipv4(void **state)
{
	(void)state;
	uint8_t b[128];
	struct as_frame f;
	size_t n = build_eth(b, 0x0800);
	n += build_ipv4(b + n, 0, 0);
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.l3, AS_L3_IPV4);
	assert_int_equal(f.udp_csum, AS_CSUM_GOOD);
	assert_int_equal(f.ip_csum, AS_CSUM_GOOD);
	assert_int_equal(f.ttl, 1);
	assert_memory_equal(f.src, v4src, 4);
	expect_payload(&f);

	/* Ethernet padding after the datagram is not payload. */
	memset(b + n, 0xEE, 10);
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n + 10, &f), AS_FRAME_OK);
	expect_payload(&f);

	/* A changed payload byte: a bad checksum, reported, payload still given. */
	b[n - 1] ^= 1;
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n, &f), AS_FRAME_UDP_BAD_CHECKSUM);
	assert_int_equal(f.udp_csum, AS_CSUM_BAD);
	assert_non_null(f.payload);
	b[n - 1] ^= 1;

	/* No checksum (0) is allowed over IPv4 (RFC 1812 F.2.2). */
	uint8_t *udp = b + 14 + 20;
	uint16_t good = (uint16_t)(udp[6] << 8 | udp[7]);
	put16(udp + 6, 0);
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.udp_csum, AS_CSUM_NONE);

	/* Checksum offload: the field holds only the folded pseudo-header sum. */
	uint32_t ps = as_csum_add(0, v4src, 4);
	ps = as_csum_add(ps, v4dst, 4);
	ps += 17 + 8 + sizeof payload;
	put16(udp + 6, as_csum_fold(ps));
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.udp_csum, AS_CSUM_OFFLOAD);
	put16(udp + 6, good);

	/* Cut short in the capture: truncated, never a checksum verdict. */
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n - 3, &f), AS_FRAME_PAYLOAD_TRUNCATED);
	assert_int_equal(f.udp_csum, AS_CSUM_TRUNCATED);
	assert_int_equal(f.payload_len, sizeof payload - 3);
	assert_int_equal(f.payload_wire_len, sizeof payload);

	/* A wrong IPv4 header checksum. */
	b[14 + 8] = 2; /* TTL changed, header checksum not */
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n, &f), AS_FRAME_IP_BAD_CHECKSUM);
	assert_int_equal(f.ip_csum, AS_CSUM_BAD);
}

static void test_vlan_stack(void **state)
{
	(void)state;
	uint8_t b[128];
	struct as_frame f;
	size_t n = build_eth(b, 0x88A8);
	put16(b + n, 0x0064); /* S-tag 100 */
	put16(b + n + 2, 0x8100);
	put16(b + n + 4, 0x20C8); /* C-tag 200, priority 1 */
	put16(b + n + 6, 0x0800);
	n += 8;
	n += build_ipv4(b + n, 0, 0);
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.vlan_count, 2);
	assert_int_equal(f.vlan_id[0], 100);
	assert_int_equal(f.vlan_id[1], 200);
	expect_payload(&f);
}

static void test_ipv4_options_and_fragments(void **state)
{
	(void)state;
	uint8_t b[128];
	struct as_frame f;
	size_t n = build_ipv4(b, 2, 0);
	assert_int_equal(as_frame_decode(AS_LINK_RAW, b, n, &f), AS_FRAME_OK);
	assert_true(f.ip_options);
	expect_payload(&f);

	n = build_ipv4(b, 0, 0x2000); /* more fragments, offset 0 */
	assert_int_equal(as_frame_decode(AS_LINK_IPV4, b, n, &f), AS_FRAME_IP_FRAGMENT);
	assert_true(f.fragment);
	assert_true(f.first_fragment);
	assert_int_equal(f.udp_csum, AS_CSUM_FRAGMENT);
	assert_int_equal(f.dport, 520);

	n = build_ipv4(b, 0, 0x0003); /* offset 24 bytes: no UDP header here */
	assert_int_equal(as_frame_decode(AS_LINK_IPV4, b, n, &f), AS_FRAME_IP_FRAGMENT);
	assert_false(f.first_fragment);
	assert_null(f.payload);

	n = build_ipv4(b, 0, 0);
	b[0] = 0x44; /* IHL 16 bytes */
	assert_int_equal(as_frame_decode(AS_LINK_IPV4, b, n, &f), AS_FRAME_IP_BAD_HEADER);
	b[0] = 0x45;
	b[9] = 6; /* TCP */
	b[10] = b[11] = 0;
	put16(b + 10, (uint16_t)~as_csum_fold(as_csum_add(0, b, 20)));
	assert_int_equal(as_frame_decode(AS_LINK_IPV4, b, n, &f), AS_FRAME_NOT_UDP);
}

static void test_ipv6(void **state)
{
	(void)state;
	uint8_t b[128];
	struct as_frame f;
	for (int hbh = 0; hbh <= 1; hbh++) {
		size_t n = build_ipv6(b, hbh);
		assert_int_equal(as_frame_decode(AS_LINK_IPV6, b, n, &f), AS_FRAME_OK);
		assert_int_equal(f.l3, AS_L3_IPV6);
		assert_int_equal(f.ttl, 255);
		assert_int_equal(f.ip_options, hbh);
		assert_int_equal(f.udp_csum, AS_CSUM_GOOD);
		expect_payload(&f);
		/* RFC 8200 8.1: a zero UDP checksum over IPv6 is an error. */
		size_t u = hbh ? 48 : 40;
		b[u + 6] = b[u + 7] = 0;
		assert_int_equal(as_frame_decode(AS_LINK_IPV6, b, n, &f),
				 AS_FRAME_UDP_ZERO_CHECKSUM_V6);
	}
	/* An extension header longer than the payload. */
	size_t n = build_ipv6(b, true);
	b[41] = 40;
	assert_int_equal(as_frame_decode(AS_LINK_IPV6, b, n, &f), AS_FRAME_IP_BAD_HEADER);
}

static void test_other_links(void **state)
{
	(void)state;
	uint8_t b[160];
	struct as_frame f;
	size_t n;

	/* Linux cooked SLL: 16 bytes, protocol at 14. */
	memset(b, 0, 16);
	put16(b + 14, 0x86DD);
	n = 16 + build_ipv6(b + 16, false);
	assert_int_equal(as_frame_decode(AS_LINK_LINUX_SLL, b, n, &f), AS_FRAME_OK);
	expect_payload(&f);

	/* SLL2: 20 bytes, protocol first. */
	memset(b, 0, 20);
	put16(b, 0x0800);
	n = 20 + build_ipv4(b + 20, 0, 0);
	assert_int_equal(as_frame_decode(AS_LINK_LINUX_SLL2, b, n, &f), AS_FRAME_OK);
	expect_payload(&f);

	/* BSD loopback in either byte order, and OpenBSD's in network order. */
	static const uint8_t af_le[4] = {2, 0, 0, 0}, af_be[4] = {0, 0, 0, 2},
			     af6_le[4] = {30, 0, 0, 0};
	memcpy(b, af_le, 4);
	n = 4 + build_ipv4(b + 4, 0, 0);
	assert_int_equal(as_frame_decode(AS_LINK_NULL, b, n, &f), AS_FRAME_OK);
	memcpy(b, af_be, 4);
	assert_int_equal(as_frame_decode(AS_LINK_NULL, b, n, &f), AS_FRAME_OK);
	assert_int_equal(as_frame_decode(AS_LINK_LOOP, b, n, &f), AS_FRAME_OK);
	memcpy(b, af6_le, 4);
	n = 4 + build_ipv6(b + 4, false);
	assert_int_equal(as_frame_decode(AS_LINK_NULL, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.l3, AS_L3_IPV6);

	/* Raw IP decides by the version nibble. */
	n = build_ipv6(b, false);
	assert_int_equal(as_frame_decode(AS_LINK_RAW, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.l3, AS_L3_IPV6);

	assert_int_equal(as_frame_decode((enum as_link)147, b, n, &f), AS_FRAME_UNSUPPORTED_LINK);
	build_eth(b, 0x0806); /* ARP */
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, 60, &f), AS_FRAME_NOT_IP);
}

/* The four IPX framings (PROTOCOLS.md 5.3), with the IPX packet found at the right place. */
static void test_ipx_framings(void **state)
{
	(void)state;
	uint8_t ipx[40] = {0xFF, 0xFF, 0x00, 0x28, 0x00, 0x01};
	struct {
		enum as_ipx_framing want;
		uint8_t hdr[24];
		size_t hlen;
	} cases[] = {
		{AS_IPX_FRAME_ETHERNET_II, {[12] = 0x81, 0x37}, 14},
		{AS_IPX_FRAME_8023, {[12] = 0x00, 0x28}, 14},
		{AS_IPX_FRAME_8022, {[12] = 0x00, 0x2c, 0xE0, 0xE0, 0x03}, 17}, /* one extra byte */
		{AS_IPX_FRAME_SNAP, {[12] = 0x00, 0x30, 0xAA, 0xAA, 0x03, 0, 0, 0, 0x81, 0x37}, 22},
	};
	for (size_t i = 0; i < 4; i++) {
		uint8_t b[128] = {0};
		memcpy(b, cases[i].hdr, cases[i].hlen);
		memcpy(b + cases[i].hlen, ipx, sizeof ipx);
		size_t n = cases[i].hlen + sizeof ipx;
		struct as_frame f;
		/* Padded to the Ethernet minimum: the padding must not count. */
		assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, b, n < 60 ? 60 : n, &f),
				 AS_FRAME_OK);
		assert_int_equal(f.l3, AS_L3_IPX);
		assert_int_equal(f.ipx_framing, cases[i].want);
		assert_ptr_equal(f.payload, b + cases[i].hlen);
		assert_int_equal(f.payload_wire_len, 40);
		if (cases[i].want != AS_IPX_FRAME_ETHERNET_II)
			assert_true(f.payload_len <= b[13] - (cases[i].hlen - 14));
	}
	/* An 802.3 frame whose LLC is neither IPX nor SNAP is not ours. */
	uint8_t nb[60] = {[12] = 0x00, 0x26, 0x42, 0x42, 0x03};
	struct as_frame f;
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, nb, sizeof nb, &f), AS_FRAME_NOT_IP);
	/* Linux cooked captures say "raw 802.3" and "802.2" through the protocol field. */
	uint8_t sll[16 + 43] = {[14] = 0x00, 0x04, 0xE0, 0xE0, 0x03};
	memcpy(sll + 19, ipx, sizeof ipx);
	assert_int_equal(as_frame_decode(AS_LINK_LINUX_SLL, sll, sizeof sll, &f), AS_FRAME_OK);
	assert_int_equal(f.ipx_framing, AS_IPX_FRAME_8022);
	sll[15] = 0x01;
	memcpy(sll + 16, ipx, sizeof ipx);
	assert_int_equal(as_frame_decode(AS_LINK_LINUX_SLL, sll, 56, &f), AS_FRAME_OK);
	assert_int_equal(f.ipx_framing, AS_IPX_FRAME_8023);
}

/* Every link type, every cut: no read past the end (ASan), and a cut frame never passes as a
 * whole good one. */
static void test_every_truncation(void **state)
{
	(void)state;
	uint8_t full[160];
	size_t n = build_eth(full, 0x8100);
	put16(full + n, 5);
	put16(full + n + 2, 0x86DD);
	n += 4;
	n += build_ipv6(full + n, true);
	for (size_t cut = 0; cut < n; cut++) {
		uint8_t *p = test_malloc(cut ? cut : 1);
		memcpy(p, full, cut);
		struct as_frame f;
		enum as_frame_err e = as_frame_decode(AS_LINK_ETHERNET, p, cut, &f);
		assert_int_not_equal(e, AS_FRAME_OK);
		test_free(p);
	}
	uint8_t *p = test_malloc(n);
	memcpy(p, full, n);
	struct as_frame f;
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, p, n, &f), AS_FRAME_OK);
	test_free(p);
}

/* Real captures: BIRD on a veth with offload on; a VLAN-tagged fuzzed RIPv2 packet. */
static void test_captures(void **state)
{
	(void)state;
	uint8_t b[2048];
	enum as_link link;
	struct as_frame f;
	size_t n = tp_frame("bird/bird-demand-circuit.pcap", 4, b, sizeof b, &link);
	assert_int_equal(as_frame_decode(link, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.udp_csum, AS_CSUM_OFFLOAD);
	n = tp_frame("tcpdump/ripv2-invalid-length.pcap", 1, b, sizeof b, &link);
	assert_int_equal(as_frame_decode(link, b, n, &f), AS_FRAME_UDP_BAD_CHECKSUM);
	assert_int_equal(f.vlan_count, 1);
	assert_int_equal(f.vlan_id[0], 1080);
	n = tp_frame("tcpdump/ripv1v2.pcap", 1, b, sizeof b, &link);
	assert_int_equal(as_frame_decode(link, b, n, &f), AS_FRAME_OK);
	assert_int_equal(f.udp_csum, AS_CSUM_GOOD);
}

/* The vectorised checksum against the RFC 1071 definition, 16-bit word by word: every length
 * and alignment, long runs, and the all-ones worst case for the lane accumulators. */
static uint16_t ref_csum(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	size_t i;
	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (i < n)
		s += (uint32_t)p[i] << 8;
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)s;
}

static void test_checksum_reference(void **state)
{
	(void)state;
	enum { BIG = 300000 };
	uint8_t *b = test_malloc(BIG);
	uint32_t x = 12345;
	for (size_t i = 0; i < BIG; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (uint8_t)(x >> 16);
	}
	for (size_t n = 0; n < 1600; n++)
		for (size_t off = 0; off < 3; off++)
			assert_int_equal(as_csum_fold(as_csum_add(0, b + off, n)), ref_csum(b + off, n));
	assert_int_equal(as_csum_fold(as_csum_add(0, b, BIG - 1)), ref_csum(b, BIG - 1));
	memset(b, 0xFF, BIG);
	assert_int_equal(as_csum_fold(as_csum_add(0, b, BIG)), ref_csum(b, BIG));
	/* A running sum carries over. */
	assert_int_equal(as_csum_fold(as_csum_add(as_csum_add(0, b, 10), b + 10, 7)),
			 ref_csum(b, 17));
	test_free(b);
}

static void test_names(void **state)
{
	(void)state;
	for (int e = 0; e < AS_FRAME_ERR_COUNT; e++)
		assert_string_not_equal(as_frame_err_str((enum as_frame_err)e), "unknown");
	assert_string_equal(as_csum_str(AS_CSUM_OFFLOAD), "offload");
	assert_string_equal(as_ipx_framing_str(AS_IPX_FRAME_SNAP), "snap");
	/* RFC 1071's example sums. */
	static const uint8_t ex[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	assert_int_equal(as_csum_fold(as_csum_add(0, ex, sizeof ex)), 0xddf2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ethernet_ipv4),
		cmocka_unit_test(test_vlan_stack),
		cmocka_unit_test(test_ipv4_options_and_fragments),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_other_links),
		cmocka_unit_test(test_ipx_framings),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_captures),
		cmocka_unit_test(test_checksum_reference),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
