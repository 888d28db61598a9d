/* test_ipx.c - unit tests of the IPX header, IPX RIP and IPX SAP codecs and printers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <autostatic/ipx.h>
#include <autostatic/print.h>

static struct as_ipx_hdr h;
static struct as_ipxrip_msg rm, rm2;
static struct as_sap_msg sm, sm2;

/* ------------------------------------------------------------------------------------------ */
/* Known-answer vectors. Each is an IPX packet from its header; trailing bytes past the IPX
 * Packet Length are the link padding the capture holds. */

/* PROTOCOLS.md 6.5: IPX RIP general request, IPXrouted style (hops 16, ticks FFFF). */
static const uint8_t general_req_ipxrouted[] = {
	0xff, 0xff, 0x00, 0x28, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x04, 0x53,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x53,
	0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0x00, 0x10, 0xff, 0xff,
};

/* PROTOCOLS.md 6.5: the same request as Cisco IOS sends it (CAP-RUSSO
 * legacy_pcap/ipx_network_novell_init.pcapng, raw 802.3), hops 0, ticks 0, network 0x1200,
 * with the 6 zero bytes that pad the frame to 60. */
static const uint8_t general_req_cisco[] = {
	0xff, 0xff, 0x00, 0x28, 0x00, 0x01,
	0x00, 0x00, 0x12, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x04, 0x53,
	0x00, 0x00, 0x12, 0x00, 0xc2, 0x01, 0x50, 0xd1, 0x00, 0x20, 0x04, 0x53,
	0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* shared/pcaps/tcpdump/ipx.pcap frame 5 (802.2): RIP response a8f87967 hops 1 ticks 2, from
 * offset 17 of the frame (after the LLC header). */
static const uint8_t tcpd_rip_response[] = {
	0xff, 0xff, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x04, 0x53, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
	0x47, 0x1b, 0xc1, 0xa8, 0x04, 0x53, 0x00, 0x02, 0xa8, 0xf8, 0x79, 0x67,
	0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
};

/* shared/pcaps/tcpdump/ipx.pcap frame 6: SAP general response from an HP JetDirect, packet
 * type 0, one entry of type 0x030c. */
static const uint8_t tcpd_sap_jetdirect[] = {
	0xff, 0xff, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x04, 0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30,
	0xc1, 0xbf, 0x57, 0x55, 0x04, 0x52, 0x00, 0x02, 0x03, 0x0c, 0x30, 0x30,
	0x33, 0x30, 0x43, 0x31, 0x42, 0x46, 0x35, 0x37, 0x35, 0x35, 0x38, 0x30,
	0x44, 0x30, 0x4e, 0x50, 0x49, 0x42, 0x46, 0x35, 0x37, 0x35, 0x35, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x30, 0xc1, 0xbf, 0x57, 0x55, 0x40, 0x0c, 0x00, 0x01,
};

/* shared/pcaps/tcpdump/ipx.pcap frame 7: SAP general response from a Windows host, packet type
 * 4, source socket 0x4008, a 47-character name; one byte of padding after the packet. */
static const uint8_t tcpd_sap_windows[] = {
	0xff, 0xff, 0x00, 0x60, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x04, 0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14,
	0x85, 0xac, 0xcd, 0xad, 0x40, 0x08, 0x00, 0x02, 0x06, 0x4e, 0x45, 0x4b,
	0x54, 0x41, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21, 0x21,
	0x21, 0x41, 0x35, 0x35, 0x36, 0x39, 0x42, 0x32, 0x30, 0x41, 0x42, 0x45,
	0x35, 0x31, 0x31, 0x43, 0x45, 0x39, 0x43, 0x41, 0x34, 0x30, 0x30, 0x30,
	0x30, 0x34, 0x43, 0x37, 0x36, 0x32, 0x38, 0x33, 0x32, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x14, 0x85, 0xac, 0xcd, 0xad, 0x40, 0x00, 0x00, 0x01,
	0x6a,
};

/* shared/pcaps/wireshark-wiki/test1.pcap frame 3 (Ethernet II): SAP nearest query for type 4;
 * the frame's padding after the 34-byte packet is not zero. */
static const uint8_t ws_nearest_query[] = {
	0xff, 0xff, 0x00, 0x22, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x04, 0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0,
	0x02, 0xd0, 0xcd, 0x8a, 0x40, 0x13, 0x00, 0x03, 0x00, 0x04, 0x4d, 0x5f,
	0x33, 0x2e, 0x32, 0x39, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20,
};

/* Same capture, frame 4: SAP general query for type 4. */
static const uint8_t ws_general_query[] = {
	0xff, 0xff, 0x00, 0x22, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x04, 0x52, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0,
	0x02, 0xd0, 0xcd, 0x8a, 0x40, 0x13, 0x00, 0x01, 0x00, 0x04, 0xcd, 0x8a,
	0x40, 0x13, 0x00, 0x03, 0x00, 0x04, 0x20, 0x46, 0x43, 0x45,
};

/* shared/pcaps/tcpdump/ipx-invalid-length.pcap frame 1, from offset 17: Packet Length 29. */
static const uint8_t tcpd_invalid_length[] = {
	0xff, 0xff, 0x00, 0x1d, 0x00, 0x11, 0x8d, 0xc2, 0x3c, 0x00, 0x18, 0x00,
	0x3e, 0x2b, 0x68, 0x56, 0x40, 0x2b, 0x0a, 0x88, 0x08, 0xaa, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x04, 0x51, 0x33, 0x33, 0xc0, 0x3e, 0x01, 0x01,
	0xd5, 0x00, 0x1d, 0x00, 0x00, 0x00, 0x00,
};

/* shared/pcaps/wireshark-wiki/vlan.pcap frame 262 (802.1Q, Ethernet II), from offset 18: a
 * full RIP response of 50 entries, the first one unreachable (hops 16). */
static const uint8_t ws_rip_50[] = {
	0xff, 0xff, 0x01, 0xb0, 0x00, 0x01, 0x00, 0x05, 0x0a, 0x00, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x04, 0x53, 0x00, 0x05, 0x0a, 0x00, 0x00, 0xe0,
	0xf9, 0xcc, 0x18, 0x00, 0x04, 0x53, 0x00, 0x02, 0x00, 0x02, 0x00, 0x3b,
	0x00, 0x10, 0x00, 0xa7, 0x12, 0xef, 0x45, 0xef, 0x00, 0x07, 0x00, 0x9e,
	0x24, 0xc6, 0x5e, 0xc0, 0x00, 0x07, 0x00, 0xb1, 0x00, 0x00, 0x24, 0x75,
	0x00, 0x05, 0x00, 0x9c, 0x00, 0x17, 0x30, 0xb0, 0x00, 0x07, 0x00, 0x9e,
	0x00, 0x03, 0xfe, 0xf5, 0x00, 0x08, 0x00, 0x9f, 0x00, 0x03, 0x03, 0x60,
	0x00, 0x07, 0x00, 0x9d, 0x00, 0x03, 0x05, 0x30, 0x00, 0x08, 0x00, 0x9e,
	0x00, 0x03, 0x07, 0x20, 0x00, 0x07, 0x00, 0x9d, 0x07, 0xf7, 0x79, 0x67,
	0x00, 0x04, 0x01, 0x30, 0x50, 0x2a, 0x07, 0xfa, 0x00, 0x07, 0x00, 0x9e,
	0x34, 0xdb, 0x30, 0xac, 0x00, 0x08, 0x00, 0x9f, 0x18, 0x84, 0x56, 0x98,
	0x00, 0x07, 0x00, 0x9e, 0x83, 0x22, 0x00, 0x4a, 0x00, 0x07, 0x00, 0xb1,
	0x0c, 0xbc, 0x39, 0xc3, 0x00, 0x06, 0x00, 0x9d, 0x00, 0x03, 0xff, 0xfe,
	0x00, 0x07, 0x00, 0x9e, 0x00, 0x02, 0xee, 0x62, 0x00, 0x04, 0x00, 0x9a,
	0x7a, 0x18, 0xa6, 0x6d, 0x00, 0x07, 0x00, 0x9e, 0x00, 0x03, 0xcc, 0xce,
	0x00, 0x08, 0x00, 0x9f, 0x00, 0x00, 0xfa, 0xde, 0x00, 0x07, 0x00, 0x9e,
	0x00, 0x03, 0x90, 0x50, 0x00, 0x07, 0x00, 0x9e, 0x00, 0x00, 0x03, 0x65,
	0x00, 0x07, 0x00, 0x9e, 0x5a, 0x0b, 0x98, 0x12, 0x00, 0x07, 0x00, 0xb1,
	0xa3, 0x0f, 0x06, 0x4d, 0x00, 0x07, 0x00, 0x9e, 0xff, 0xde, 0xad, 0xff,
	0x00, 0x07, 0x00, 0x9e, 0x95, 0xe1, 0x12, 0x46, 0x00, 0x07, 0x00, 0xb1,
	0x00, 0x05, 0x64, 0x92, 0x00, 0x02, 0x00, 0x03, 0x1f, 0xfa, 0xb1, 0xa1,
	0x00, 0x06, 0x01, 0xc7, 0x00, 0x01, 0xba, 0xdf, 0x00, 0x04, 0x01, 0x30,
	0x00, 0x03, 0xff, 0x06, 0x00, 0x07, 0x00, 0x9e, 0x03, 0x3c, 0x06, 0xd6,
	0x00, 0x07, 0x00, 0x9e, 0x00, 0x03, 0xcc, 0xcd, 0x00, 0x07, 0x00, 0x9e,
	0x34, 0xd8, 0x7a, 0xe9, 0x00, 0x07, 0x00, 0x9e, 0x00, 0x12, 0x12, 0x34,
	0x00, 0x08, 0x00, 0x9f, 0x33, 0x2e, 0xf7, 0x2a, 0x00, 0x09, 0x00, 0xa1,
	0xa1, 0x82, 0xaa, 0x01, 0x00, 0x09, 0x00, 0xa1, 0x00, 0x10, 0x11, 0x01,
	0x00, 0x09, 0x00, 0xa1, 0x01, 0x07, 0x93, 0xe4, 0x00, 0x0b, 0x00, 0xa2,
	0x00, 0x03, 0x33, 0x33, 0x00, 0x07, 0x00, 0x9e, 0x00, 0x03, 0xff, 0x96,
	0x00, 0x07, 0x00, 0x9e, 0x00, 0x03, 0x90, 0x70, 0x00, 0x07, 0x00, 0x9e,
	0xff, 0xff, 0xfa, 0xce, 0x00, 0x07, 0x00, 0x9e, 0xb6, 0x00, 0x6c, 0xe6,
	0x00, 0x07, 0x00, 0xa1, 0x00, 0x03, 0xff, 0xf0, 0x00, 0x07, 0x00, 0x9e,
	0x00, 0x03, 0x90, 0x2a, 0x00, 0x07, 0x00, 0x9e, 0x21, 0x23, 0x12, 0x31,
	0x00, 0x07, 0x00, 0x9e, 0x33, 0xba, 0x4c, 0x27, 0x00, 0x07, 0x00, 0x9e,
	0x34, 0xd4, 0x6b, 0x39, 0x00, 0x07, 0x00, 0x9e, 0x36, 0xfb, 0xbb, 0xd0,
	0x00, 0x07, 0x00, 0x9e, 0x37, 0x37, 0x5a, 0xcb, 0x00, 0x07, 0x00, 0x9e,
};
static const uint8_t ws_rip_50_hops[50] = {
	16, 7, 7, 5, 7, 8, 7, 8, 7, 4, 7, 8, 7, 7, 6, 7, 4, 7, 8, 7, 7, 7, 7, 7, 7,
	7, 2, 6, 4, 7, 7, 7, 7, 8, 9, 9, 9, 11, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
};
static const uint16_t ws_rip_50_ticks[50] = {
	167, 158, 177, 156, 158, 159, 157, 158, 157, 304, 158, 159, 158, 177, 157, 158, 154,
	158, 159, 158, 158, 158, 177, 158, 158, 177, 3, 455, 304, 158, 158, 158, 158, 159,
	161, 161, 161, 162, 158, 158, 158, 158, 161, 158, 158, 158, 158, 158, 158, 158,
};

/* Decodes the header of a captured packet and returns its payload span. */
static const uint8_t *payload_of(const uint8_t *pkt, size_t len, size_t *plen)
{
	ssize_t n = as_ipx_decode(pkt, len, &h);
	assert_true(n >= AS_IPX_HDR_LEN);
	*plen = (size_t)n - AS_IPX_HDR_LEN;
	return pkt + AS_IPX_HDR_LEN;
}

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void test_ipx_header(void **state)
{
	const uint8_t node[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	(void)state;
	assert_int_equal(as_ipx_decode(general_req_ipxrouted, sizeof general_req_ipxrouted, &h),
			 40);
	assert_int_equal(h.checksum, 0xFFFF);
	assert_int_equal(h.length, 40);
	assert_int_equal(h.tc, 0);
	assert_int_equal(h.type, AS_IPX_TYPE_RIP);
	assert_int_equal(h.dst.net, 0);
	assert_memory_equal(h.dst.node, bcast, 6);
	assert_int_equal(h.dst.socket, AS_IPX_SOCKET_RIP);
	assert_int_equal(h.src.net, 0);
	assert_memory_equal(h.src.node, node, 6);
	assert_int_equal(h.src.socket, 0x0453);
	assert_int_equal(as_ipx_socket_kind(h.dst.socket), AS_IPX_KIND_RIP);

	/* padding after Packet Length is ignored */
	assert_int_equal(as_ipx_decode(general_req_cisco, sizeof general_req_cisco, &h), 40);
	assert_int_equal(h.dst.net, 0x1200);
	assert_int_equal(h.src.net, 0x1200);

	/* encode gives the same 30 bytes back */
	uint8_t buf[AS_IPX_HDR_LEN];
	assert_int_equal(as_ipx_decode(tcpd_sap_windows, sizeof tcpd_sap_windows, &h), 96);
	assert_int_equal(as_ipx_encode_hdr(&h, buf, sizeof buf), AS_IPX_HDR_LEN);
	assert_memory_equal(buf, tcpd_sap_windows, AS_IPX_HDR_LEN);
	assert_int_equal(h.src.socket, 0x4008);
	assert_int_equal(h.type, AS_IPX_TYPE_PEP);
	assert_int_equal(as_ipx_socket_kind(h.dst.socket), AS_IPX_KIND_SAP);
	assert_int_equal(as_ipx_socket_kind(h.src.socket), AS_IPX_KIND_OTHER);

	/* tcpdump's ipx-invalid-length.pcap: length 29 is invalid, not truncated */
	assert_int_equal(as_ipx_decode(tcpd_invalid_length, sizeof tcpd_invalid_length, &h),
			 -AS_IPX_ERR_LENGTH_SHORT);
	assert_int_equal(h.length, 29);
	assert_int_equal(h.type, AS_IPX_TYPE_NCP);

	/* a checksum other than FFFF is kept and reported, not an error */
	uint8_t ck[40];
	memcpy(ck, general_req_ipxrouted, sizeof ck);
	ck[0] = 0x12;
	ck[1] = 0x34;
	assert_int_equal(as_ipx_decode(ck, sizeof ck, &h), 40);
	assert_int_equal(h.checksum, 0x1234);
	/* length beyond the bytes present: truncated */
	assert_int_equal(as_ipx_decode(ck, 39, &h), -AS_IPX_ERR_TRUNCATED);
	assert_int_equal(as_ipx_decode(ck, 29, &h), -AS_IPX_ERR_HDR_TRUNCATED);
	assert_int_equal(as_ipx_encode_hdr(&h, buf, AS_IPX_HDR_LEN - 1), -1);
}

static void test_known_rip(void **state)
{
	size_t n;
	const uint8_t *p;
	(void)state;

	p = payload_of(general_req_ipxrouted, sizeof general_req_ipxrouted, &n);
	assert_int_equal(as_ipxrip_decode(p, n, &rm), 10);
	assert_int_equal(rm.op, AS_IPXRIP_REQUEST);
	assert_int_equal(rm.n_entries, 1);
	assert_true(rm.general);
	assert_int_equal(rm.e[0].net, AS_IPXRIP_NET_ALL);
	assert_int_equal(rm.e[0].hops, 16);
	assert_int_equal(rm.e[0].ticks, 0xFFFF);
	assert_int_equal(rm.n_skipped, 0);

	p = payload_of(general_req_cisco, sizeof general_req_cisco, &n);
	assert_int_equal(as_ipxrip_decode(p, n, &rm), 10);
	assert_true(rm.general);
	assert_int_equal(rm.e[0].hops, 0);
	assert_int_equal(rm.e[0].ticks, 0);

	p = payload_of(tcpd_rip_response, sizeof tcpd_rip_response, &n);
	assert_int_equal(as_ipxrip_decode(p, n, &rm), 10);
	assert_int_equal(rm.op, AS_IPXRIP_RESPONSE);
	assert_false(rm.general);
	assert_int_equal(rm.n_entries, 1);
	assert_int_equal(rm.e[0].net, 0xa8f87967);
	assert_int_equal(rm.e[0].hops, 1);
	assert_int_equal(rm.e[0].ticks, 2);

	p = payload_of(ws_rip_50, sizeof ws_rip_50, &n);
	assert_int_equal(as_ipxrip_decode(p, n, &rm), 402);
	assert_int_equal(rm.n_entries, 50);
	assert_int_equal(rm.n_skipped, 0); /* hops 16 is a withdrawal, not a bad entry */
	assert_int_equal(rm.e[0].net, 0x0002003b);
	assert_int_equal(rm.e[1].net, 0x12ef45ef);
	for (size_t i = 0; i < 50; i++) {
		assert_int_equal(rm.e[i].hops, ws_rip_50_hops[i]);
		assert_int_equal(rm.e[i].ticks, ws_rip_50_ticks[i]);
	}
	uint8_t buf[512];
	assert_int_equal(as_ipxrip_encode(&rm, buf, sizeof buf), 402);
	assert_memory_equal(buf, p, 402);
}

static void test_known_sap(void **state)
{
	size_t n;
	const uint8_t *p;
	uint8_t buf[128];
	(void)state;

	p = payload_of(tcpd_sap_jetdirect, sizeof tcpd_sap_jetdirect, &n);
	assert_int_equal(h.type, AS_IPX_TYPE_UNKNOWN); /* SAP with packet type 0 */
	assert_int_equal(as_sap_decode(p, n, &sm), 66);
	assert_int_equal(sm.op, AS_SAP_GENERAL_RESPONSE);
	assert_int_equal(sm.n_entries, 1);
	assert_int_equal(sm.n_skipped, 0);
	assert_int_equal(sm.e[0].type, 0x030c);
	assert_int_equal(sm.e[0].name_len, 25);
	assert_memory_equal(sm.e[0].name, "0030C1BF575580D0NPIBF5755", 25);
	assert_int_equal(sm.e[0].net, 0);
	const uint8_t jd[6] = { 0x00, 0x30, 0xc1, 0xbf, 0x57, 0x55 };
	assert_memory_equal(sm.e[0].node, jd, 6);
	assert_int_equal(sm.e[0].socket, 0x400c);
	assert_int_equal(sm.e[0].hops, 1);
	assert_int_equal(as_sap_encode(&sm, buf, sizeof buf), 66);
	assert_memory_equal(buf, p, 66);

	p = payload_of(tcpd_sap_windows, sizeof tcpd_sap_windows, &n);
	assert_int_equal(as_sap_decode(p, n, &sm), 66);
	assert_int_equal(sm.e[0].type, 0x064e);
	assert_int_equal(sm.e[0].name_len, 47);
	assert_memory_equal(sm.e[0].name, "EKTA!!!!!!!!!!!A5569B20ABE511CE9CA400004C762832", 47);
	assert_int_equal(sm.e[0].socket, 0x4000);
	assert_int_equal(sm.e[0].skip, 0);

	p = payload_of(ws_nearest_query, sizeof ws_nearest_query, &n);
	assert_int_equal(n, 4);
	assert_int_equal(as_sap_decode(p, n, &sm), 4);
	assert_int_equal(sm.op, AS_SAP_NEAREST_QUERY);
	assert_int_equal(sm.service_type, AS_SAP_TYPE_FILE_SERVER);
	assert_int_equal(sm.n_entries, 0);

	p = payload_of(ws_general_query, sizeof ws_general_query, &n);
	assert_int_equal(as_sap_decode(p, n, &sm), 4);
	assert_int_equal(sm.op, AS_SAP_GENERAL_QUERY);
	assert_int_equal(sm.service_type, 4);
	assert_int_equal(as_sap_encode(&sm, buf, sizeof buf), 4);
	assert_memory_equal(buf, p, 4);

	/* The Cisco general query of PROTOCOLS.md 5.5 */
	const uint8_t cisco_query[] = { 0x00, 0x01, 0xff, 0xff };
	assert_int_equal(as_sap_decode(cisco_query, sizeof cisco_query, &sm), 4);
	assert_int_equal(sm.service_type, AS_SAP_TYPE_ALL);
}

/* ------------------------------------------------------------------------------------------ */
/* Sample messages */

static void rip_init(struct as_ipxrip_msg *m, uint16_t op)
{
	memset(m, 0, sizeof *m);
	m->op = op;
	if (as_ipx_op_is_triggered(op))
		m->upd_version = 1;
}

static void rip_add(struct as_ipxrip_msg *m, uint32_t net, uint16_t hops, uint16_t ticks)
{
	struct as_ipxrip_entry *e = &m->e[m->n_entries++];
	e->net = net;
	e->hops = hops;
	e->ticks = ticks;
}

static void rip_sample(struct as_ipxrip_msg *m, unsigned k)
{
	switch (k) {
	case 0:
		rip_init(m, AS_IPXRIP_REQUEST);
		rip_add(m, AS_IPXRIP_NET_ALL, 0, 0);
		break;
	case 1:
		rip_init(m, AS_IPXRIP_REQUEST);
		rip_add(m, 0x00052582, 0xFFFF, 0xFFFF); /* vlan.pcap style specific request */
		rip_add(m, 0x00052581, 0xFFFF, 0xFFFF);
		break;
	case 2:
		rip_init(m, AS_IPXRIP_RESPONSE);
		rip_add(m, 0x0000abcd, 1, 2);
		rip_add(m, 0x00001200, 15, 900);
		rip_add(m, 0xdeadbeef, 16, 0xFFFF);
		break;
	case 3:
		rip_init(m, AS_IPXRIP_RESPONSE);
		for (uint32_t i = 0; i < AS_IPXRIP_MAX_ENTRIES; i++)
			rip_add(m, 0x10000 + i, (uint16_t)(1 + i % 16), (uint16_t)(2 + i));
		break;
	case 4:
		rip_init(m, AS_IPXRIP_UPDATE_REQUEST);
		break;
	case 5:
		rip_init(m, AS_IPXRIP_UPDATE_REQUEST);
		rip_add(m, AS_IPXRIP_NET_ALL, 16, 0xFFFF);
		break;
	case 6:
		rip_init(m, AS_IPXRIP_UPDATE_RESPONSE);
		m->flush = 1;
		m->seq = 7;
		rip_add(m, 0x0000abcd, 1, 2);
		rip_add(m, 0x0000abce, 3, 20);
		break;
	case 7:
		rip_init(m, AS_IPXRIP_UPDATE_RESPONSE);
		m->seq = 65535;
		break;
	default:
		rip_init(m, AS_IPXRIP_UPDATE_ACK);
		m->flush = 1;
		m->seq = 7;
		break;
	}
}
#define N_RIP_SAMPLES 9

static void sap_init(struct as_sap_msg *m, uint16_t op)
{
	memset(m, 0, sizeof *m);
	m->op = op;
	if (as_ipx_op_is_triggered(op))
		m->upd_version = 1;
}

static void sap_add(struct as_sap_msg *m, uint16_t type, const char *name, uint32_t net,
		    uint16_t socket, uint16_t hops)
{
	struct as_sap_entry *e = &m->e[m->n_entries];
	assert_int_equal(as_sap_set_name(e, name), 0);
	e->type = type;
	e->net = net;
	for (int i = 0; i < 6; i++)
		e->node[i] = (uint8_t)(0x10 * m->n_entries + i);
	e->socket = socket;
	e->hops = hops;
	m->n_entries++;
}

static void sap_sample(struct as_sap_msg *m, unsigned k)
{
	switch (k) {
	case 0:
		sap_init(m, AS_SAP_GENERAL_QUERY);
		m->service_type = AS_SAP_TYPE_ALL;
		break;
	case 1:
		sap_init(m, AS_SAP_NEAREST_QUERY);
		m->service_type = AS_SAP_TYPE_FILE_SERVER;
		break;
	case 2:
		sap_init(m, AS_SAP_GENERAL_RESPONSE);
		for (unsigned i = 0; i < AS_SAP_MAX_ENTRIES_GENERAL; i++)
			sap_add(m, (uint16_t)(4 + i), "SERVER", 0x1000 + i, 0x0451,
				(uint16_t)(1 + i));
		break;
	case 3:
		sap_init(m, AS_SAP_NEAREST_RESPONSE);
		sap_add(m, 4, "FS1", 0x0000abcd, 0x0451, 2);
		break;
	case 4:
		sap_init(m, AS_SAP_UPDATE_REQUEST);
		break;
	case 5:
		sap_init(m, AS_SAP_UPDATE_RESPONSE);
		m->flush = 1;
		m->seq = 300;
		for (unsigned i = 0; i < AS_SAP_MAX_ENTRIES; i++)
			sap_add(m, 0x0278, "12345678901234567890123456789012345678901234567",
				0x2000 + i, 0x4006, 16);
		break;
	case 6:
		sap_init(m, AS_SAP_UPDATE_RESPONSE);
		m->seq = 1;
		break;
	case 7:
		sap_init(m, AS_SAP_UPDATE_ACK);
		m->seq = 300;
		m->flush = 1;
		break;
	default:
		sap_init(m, AS_SAP_GENERAL_RESPONSE); /* empty: nothing to advertise */
		break;
	}
}
#define N_SAP_SAMPLES 9

static void assert_rip_equal(const struct as_ipxrip_msg *a, const struct as_ipxrip_msg *b)
{
	assert_int_equal(a->op, b->op);
	if (as_ipx_op_is_triggered(a->op)) {
		assert_int_equal(a->upd_version, b->upd_version);
		assert_int_equal(a->flush, b->flush);
		assert_int_equal(a->seq, b->seq);
	}
	assert_int_equal(a->n_entries, b->n_entries);
	for (size_t i = 0; i < a->n_entries; i++) {
		assert_int_equal(a->e[i].net, b->e[i].net);
		assert_int_equal(a->e[i].hops, b->e[i].hops);
		assert_int_equal(a->e[i].ticks, b->e[i].ticks);
	}
}

static void assert_sap_equal(const struct as_sap_msg *a, const struct as_sap_msg *b)
{
	assert_int_equal(a->op, b->op);
	if (as_sap_op_is_query(a->op))
		assert_int_equal(a->service_type, b->service_type);
	if (as_ipx_op_is_triggered(a->op)) {
		assert_int_equal(a->upd_version, b->upd_version);
		assert_int_equal(a->flush, b->flush);
		assert_int_equal(a->seq, b->seq);
	}
	assert_int_equal(a->n_entries, b->n_entries);
	for (size_t i = 0; i < a->n_entries; i++) {
		const struct as_sap_entry *x = &a->e[i], *y = &b->e[i];
		assert_int_equal(x->type, y->type);
		assert_memory_equal(x->name, y->name, AS_SAP_NAME_LEN);
		assert_int_equal(x->name_len, y->name_len);
		assert_int_equal(x->net, y->net);
		assert_memory_equal(x->node, y->node, 6);
		assert_int_equal(x->socket, y->socket);
		assert_int_equal(x->hops, y->hops);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Round trips, with a full IPX packet around them */

static void test_round_trips(void **state)
{
	uint8_t pkt[AS_IPX_MAX_LEN];
	(void)state;
	for (unsigned k = 0; k < N_RIP_SAMPLES; k++) {
		rip_sample(&rm, k);
		uint8_t *pl = pkt + AS_IPX_HDR_LEN;
		ssize_t n = as_ipxrip_encode(&rm, pl, sizeof pkt - AS_IPX_HDR_LEN);
		assert_true(n >= 2);
		struct as_ipx_hdr out = { .checksum = AS_IPX_CSUM_NONE, .type = AS_IPX_TYPE_RIP,
					  .length = (uint16_t)(AS_IPX_HDR_LEN + n),
					  .dst = { .net = 0, .socket = AS_IPX_SOCKET_RIP },
					  .src = { .net = 0x1200, .socket = AS_IPX_SOCKET_RIP } };
		memcpy(out.dst.node, bcast, 6);
		assert_int_equal(as_ipx_encode_hdr(&out, pkt, sizeof pkt), AS_IPX_HDR_LEN);
		size_t plen;
		const uint8_t *p = payload_of(pkt, AS_IPX_HDR_LEN + (size_t)n, &plen);
		uint8_t again[AS_IPX_HDR_LEN];
		assert_int_equal(as_ipx_encode_hdr(&h, again, sizeof again), AS_IPX_HDR_LEN);
		assert_memory_equal(again, pkt, AS_IPX_HDR_LEN);
		assert_int_equal(h.src.net, 0x1200);
		assert_int_equal(h.length, AS_IPX_HDR_LEN + n);
		assert_int_equal(as_ipxrip_decode(p, plen, &rm2), n);
		assert_rip_equal(&rm, &rm2);
		assert_int_equal(rm2.general, k == 0 || k == 4 || k == 5);
	}
	for (unsigned k = 0; k < N_SAP_SAMPLES; k++) {
		sap_sample(&sm, k);
		ssize_t n = as_sap_encode(&sm, pkt, sizeof pkt);
		assert_true(n >= 2);
		assert_true(AS_IPX_HDR_LEN + n <= AS_IPX_MAX_LEN);
		assert_int_equal(as_sap_decode(pkt, (size_t)n, &sm2), n);
		assert_sap_equal(&sm, &sm2);
		assert_int_equal(sm2.n_skipped, 0);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Errors and skips */

struct err_case {
	const char *what;
	uint8_t bytes[24];
	size_t len;
	int want;
};

static const struct err_case rip_errs[] = {
	{ "empty", { 0 }, 0, AS_IPXRIP_ERR_SHORT },
	{ "1 byte", { 0 }, 1, AS_IPXRIP_ERR_SHORT },
	{ "op 0", { 0, 0 }, 2, AS_IPXRIP_ERR_BAD_OPERATION },
	{ "op 3", { 0, 3 }, 2, AS_IPXRIP_ERR_BAD_OPERATION },
	{ "op 0x0101", { 1, 1 }, 2, AS_IPXRIP_ERR_BAD_OPERATION },
	{ "op 12", { 0, 12 }, 2, AS_IPXRIP_ERR_BAD_OPERATION },
	{ "7-byte entry", { 0, 2, 0, 0, 0xab, 0xcd, 0, 1, 0 }, 9, AS_IPXRIP_ERR_BAD_LENGTH },
	{ "9-byte body", { 0, 2 }, 11, AS_IPXRIP_ERR_BAD_LENGTH },
	{ "update header cut", { 0, 10, 1, 0, 0 }, 5, AS_IPXRIP_ERR_UPD_SHORT },
	{ "update version 0", { 0, 10, 0, 0, 0, 1 }, 6, AS_IPXRIP_ERR_UPD_VERSION },
	{ "flush 2", { 0, 10, 1, 2, 0, 1 }, 6, AS_IPXRIP_ERR_UPD_FLUSH },
	{ "ack flush 3", { 0, 11, 1, 3, 0, 1 }, 6, AS_IPXRIP_ERR_UPD_FLUSH },
	{ "update request mbz", { 0, 9, 1, 0, 1, 0 }, 6, AS_IPXRIP_ERR_UPD_MBZ },
	{ "ack with a route", { 0, 11, 1, 0, 0, 1, 0, 0, 0xab, 0xcd, 0, 1, 0, 2 }, 14,
	  AS_IPXRIP_ERR_ACK_HAS_ROUTES },
	{ "update bad length", { 0, 10, 1, 0, 0, 1, 0 }, 7, AS_IPXRIP_ERR_BAD_LENGTH },
};

static const struct err_case sap_errs[] = {
	{ "empty", { 0 }, 0, AS_SAP_ERR_SHORT },
	{ "1 byte", { 0 }, 1, AS_SAP_ERR_SHORT },
	{ "op 0", { 0, 0 }, 2, AS_SAP_ERR_BAD_OPERATION },
	{ "op 5", { 0, 5 }, 2, AS_SAP_ERR_BAD_OPERATION },
	{ "op 0x0201", { 2, 1 }, 2, AS_SAP_ERR_BAD_OPERATION },
	{ "query no type", { 0, 1 }, 2, AS_SAP_ERR_QUERY_LENGTH },
	{ "query 1-byte type", { 0, 1, 0xff }, 3, AS_SAP_ERR_QUERY_LENGTH },
	{ "query with extra", { 0, 3, 0, 4, 0 }, 5, AS_SAP_ERR_QUERY_LENGTH },
	{ "response 1 byte", { 0, 2, 0 }, 3, AS_SAP_ERR_BAD_LENGTH },
	{ "response 63 bytes", { 0, 2 }, 65, AS_SAP_ERR_BAD_LENGTH },
	{ "nearest response empty", { 0, 4 }, 2, AS_SAP_ERR_NEAREST_COUNT },
	{ "nearest response cut", { 0, 4 }, 60, AS_SAP_ERR_BAD_LENGTH },
	{ "update header cut", { 0, 10, 1, 0, 0 }, 5, AS_SAP_ERR_UPD_SHORT },
	{ "update version 2", { 0, 11, 2, 0, 0, 1 }, 6, AS_SAP_ERR_UPD_VERSION },
	{ "flush 9", { 0, 10, 1, 9, 0, 1 }, 6, AS_SAP_ERR_UPD_FLUSH },
	{ "update request mbz", { 0, 9, 1, 0, 0, 1 }, 6, AS_SAP_ERR_UPD_MBZ },
	{ "update request with data", { 0, 9, 1, 0, 0, 0, 0xff, 0xff }, 8,
	  AS_SAP_ERR_UPD_HAS_ENTRIES },
	{ "ack with data", { 0, 11, 1, 0, 0, 1 }, 70, AS_SAP_ERR_UPD_HAS_ENTRIES },
	{ "update response cut", { 0, 10, 1, 0, 0, 1 }, 69, AS_SAP_ERR_BAD_LENGTH },
};

static void run_errs(const struct err_case *cases, size_t n, bool sap)
{
	for (size_t i = 0; i < n; i++) {
		const struct err_case *c = &cases[i];
		uint8_t *p = calloc(1, c->len ? c->len : 1);
		assert_non_null(p);
		memcpy(p, c->bytes, c->len < sizeof c->bytes ? c->len : sizeof c->bytes);
		ssize_t r = sap ? as_sap_decode(p, c->len, &sm) : as_ipxrip_decode(p, c->len, &rm);
		free(p);
		if (r != -(ssize_t)c->want)
			fail_msg("%s: got %zd, want -%d", c->what, r, c->want);
	}
}

static void test_errors(void **state)
{
	uint8_t buf[1024];
	(void)state;
	run_errs(rip_errs, sizeof rip_errs / sizeof rip_errs[0], false);
	run_errs(sap_errs, sizeof sap_errs / sizeof sap_errs[0], true);

	/* entry limits: 50 RIP entries, 7 SAP entries in a general response, 8 in an Update
	 * Response, exactly 1 in a nearest response */
	rip_sample(&rm, 3);
	ssize_t n = as_ipxrip_encode(&rm, buf, sizeof buf);
	memcpy(buf + n, buf + 2, 8);
	assert_int_equal(as_ipxrip_decode(buf, (size_t)n + 8, &rm2),
			 -AS_IPXRIP_ERR_TOO_MANY_ENTRIES);
	rm.n_entries = AS_IPXRIP_MAX_ENTRIES + 1;
	assert_int_equal(as_ipxrip_encode(&rm, buf, sizeof buf), -1);

	sap_sample(&sm, 2);
	sap_add(&sm, 4, "EIGHTH", 1, 0x451, 1);
	n = as_sap_encode(&sm, buf, sizeof buf); /* the encoder lets a tester send 8 */
	assert_int_equal(n, 2 + 8 * 64);
	assert_int_equal(as_sap_decode(buf, (size_t)n, &sm2), -AS_SAP_ERR_TOO_MANY_ENTRIES);

	sap_sample(&sm, 5);
	n = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(n, 6 + 8 * 64);
	assert_int_equal(as_sap_decode(buf, (size_t)n, &sm2), n);
	memcpy(buf + n, buf + 6, 64);
	assert_int_equal(as_sap_decode(buf, (size_t)n + 64, &sm2), -AS_SAP_ERR_TOO_MANY_ENTRIES);
	sm.n_entries = AS_SAP_MAX_ENTRIES + 1;
	assert_int_equal(as_sap_encode(&sm, buf, sizeof buf), -1);

	sap_sample(&sm, 3);
	sap_add(&sm, 4, "FS2", 1, 0x451, 1);
	n = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(as_sap_decode(buf, (size_t)n, &sm2), -AS_SAP_ERR_NEAREST_COUNT);
	assert_int_equal(sm2.n_entries, 1); /* the first is kept for printing */
	assert_memory_equal(sm2.e[0].name, "FS1", 4);

	/* RIP entries before a cut one are kept for printing too */
	rip_sample(&rm, 2);
	n = as_ipxrip_encode(&rm, buf, sizeof buf);
	assert_int_equal(as_ipxrip_decode(buf, (size_t)n - 1, &rm2), -AS_IPXRIP_ERR_BAD_LENGTH);
	assert_int_equal(rm2.n_entries, 2);
	assert_int_equal(rm2.e[1].net, 0x00001200);
}

static void test_skips(void **state)
{
	uint8_t buf[1024];
	(void)state;

	/* RIP: hops above 16 in responses; requests are not checked */
	rip_init(&rm, AS_IPXRIP_RESPONSE);
	rip_add(&rm, 1, 15, 1);
	rip_add(&rm, 2, 16, 1);
	rip_add(&rm, 3, 17, 1);
	rip_add(&rm, 4, 0xFFFF, 1);
	rip_add(&rm, 5, 0, 0);
	ssize_t n = as_ipxrip_encode(&rm, buf, sizeof buf);
	assert_int_equal(as_ipxrip_decode(buf, (size_t)n, &rm2), n);
	assert_int_equal(rm2.n_skipped, 2);
	assert_int_equal(rm2.e[0].skip, 0);
	assert_int_equal(rm2.e[1].skip, 0);
	assert_int_equal(rm2.e[2].skip, AS_IPXRIP_SKIP_HOPS);
	assert_int_equal(rm2.e[3].skip, AS_IPXRIP_SKIP_HOPS);
	assert_int_equal(rm2.e[4].skip, 0);
	rm.op = AS_IPXRIP_UPDATE_RESPONSE;
	rm.upd_version = 1;
	n = as_ipxrip_encode(&rm, buf, sizeof buf);
	assert_int_equal(as_ipxrip_decode(buf, (size_t)n, &rm2), n);
	assert_int_equal(rm2.n_skipped, 2);
	rm.op = AS_IPXRIP_REQUEST;
	n = as_ipxrip_encode(&rm, buf, sizeof buf);
	assert_int_equal(as_ipxrip_decode(buf, (size_t)n, &rm2), n);
	assert_int_equal(rm2.n_skipped, 0);
	assert_false(rm2.general);

	/* SAP: hops above 16, names that are not strings */
	sap_init(&sm, AS_SAP_GENERAL_RESPONSE);
	sap_add(&sm, 4, "OK", 1, 0x451, 16);      /* 0: going down, kept */
	sap_add(&sm, 4, "HOPS", 1, 0x451, 17);    /* 1: hops */
	sap_add(&sm, 4, "", 1, 0x451, 1);         /* 2: empty name: allowed */
	sap_add(&sm, 4, "CTRL", 1, 0x451, 1);     /* 3: name with a control byte */
	sm.e[3].name[1] = 0x01;
	sap_add(&sm, 4, "FULL", 1, 0x451, 1);     /* 4: 48 bytes, no NUL */
	memset(sm.e[4].name, 'A', AS_SAP_NAME_LEN);
	sap_add(&sm, 4, "DEL", 1, 0x451, 1);      /* 5: DEL is not printable */
	sm.e[5].name[0] = 0x7F;
	sap_add(&sm, 4, "BOTH", 1, 0x451, 99);    /* 6: bad hops and bad name: hops wins */
	sm.e[6].name[0] = 0x80;
	n = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(as_sap_decode(buf, (size_t)n, &sm2), n);
	assert_int_equal(sm2.e[0].skip, 0);
	assert_int_equal(sm2.e[1].skip, AS_SAP_SKIP_HOPS);
	assert_int_equal(sm2.e[2].skip, 0);
	assert_int_equal(sm2.e[2].name_len, 0);
	assert_int_equal(sm2.e[3].skip, AS_SAP_SKIP_NAME);
	assert_int_equal(sm2.e[4].skip, AS_SAP_SKIP_NAME);
	assert_int_equal(sm2.e[4].name_len, AS_SAP_NAME_LEN);
	assert_int_equal(sm2.e[5].skip, AS_SAP_SKIP_NAME);
	assert_int_equal(sm2.e[6].skip, AS_SAP_SKIP_HOPS);
	assert_int_equal(sm2.n_skipped, 5);

	/* Garbage after the NUL is not checked */
	sap_init(&sm, AS_SAP_NEAREST_RESPONSE);
	sap_add(&sm, 4, "FS", 1, 0x451, 1);
	sm.e[0].name[40] = 0x01;
	n = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(as_sap_decode(buf, (size_t)n, &sm2), n);
	assert_int_equal(sm2.e[0].skip, 0);
	assert_int_equal(sm2.e[0].name_len, 2);
}

/* ------------------------------------------------------------------------------------------ */
/* Adversarial lengths: every sample cut at every length, decoded from an exact-size heap copy
 * so that ASan reports any read past len. */

static ssize_t rip_expected(const uint8_t *full, size_t cut)
{
	if (cut < 2)
		return -AS_IPXRIP_ERR_SHORT;
	unsigned op = (unsigned)full[0] << 8 | full[1];
	size_t hdr = 2;
	if (as_ipx_op_is_triggered(op)) {
		if (cut < 6)
			return -AS_IPXRIP_ERR_UPD_SHORT;
		hdr = 6;
	}
	if ((cut - hdr) % 8)
		return -AS_IPXRIP_ERR_BAD_LENGTH;
	if ((cut - hdr) / 8 > AS_IPXRIP_MAX_ENTRIES)
		return -AS_IPXRIP_ERR_TOO_MANY_ENTRIES;
	if (op == 11 && cut > hdr)
		return -AS_IPXRIP_ERR_ACK_HAS_ROUTES;
	return (ssize_t)cut;
}

static ssize_t sap_expected(const uint8_t *full, size_t cut)
{
	if (cut < 2)
		return -AS_SAP_ERR_SHORT;
	unsigned op = (unsigned)full[0] << 8 | full[1];
	if (as_sap_op_is_query(op))
		return cut == 4 ? (ssize_t)cut : -AS_SAP_ERR_QUERY_LENGTH;
	size_t hdr = 2, max = 7;
	if (as_ipx_op_is_triggered(op)) {
		if (cut < 6)
			return -AS_SAP_ERR_UPD_SHORT;
		hdr = 6;
		if (op != 10 && cut > hdr)
			return -AS_SAP_ERR_UPD_HAS_ENTRIES;
		max = 8;
	}
	if ((cut - hdr) % 64)
		return -AS_SAP_ERR_BAD_LENGTH;
	if (op == 4 && cut - hdr != 64)
		return -AS_SAP_ERR_NEAREST_COUNT;
	if ((cut - hdr) / 64 > max)
		return -AS_SAP_ERR_TOO_MANY_ENTRIES;
	return (ssize_t)cut;
}

static ssize_t ipx_expected(const uint8_t *full, size_t cut)
{
	unsigned length = (unsigned)full[2] << 8 | full[3];
	if (cut >= 4 && length < AS_IPX_HDR_LEN)
		return -AS_IPX_ERR_LENGTH_SHORT;
	if (cut < AS_IPX_HDR_LEN)
		return -AS_IPX_ERR_HDR_TRUNCATED;
	if (length > cut)
		return -AS_IPX_ERR_TRUNCATED;
	return length;
}

static void test_cut_lengths(void **state)
{
	uint8_t full[AS_IPX_MAX_LEN + 8];
	(void)state;
	for (unsigned k = 0; k < N_RIP_SAMPLES; k++) {
		rip_sample(&rm, k);
		ssize_t n = as_ipxrip_encode(&rm, full, sizeof full);
		memset(full + n, 0xEE, 8);
		for (size_t cut = 0; cut <= (size_t)n + 8; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);
			assert_non_null(p);
			memcpy(p, full, cut);
			ssize_t r = as_ipxrip_decode(p, cut, &rm2);
			free(p);
			if (r != rip_expected(full, cut))
				fail_msg("rip sample %u cut %zu: got %zd want %zd", k, cut, r,
					 rip_expected(full, cut));
		}
	}
	for (unsigned k = 0; k < N_SAP_SAMPLES; k++) {
		sap_sample(&sm, k);
		ssize_t n = as_sap_encode(&sm, full, sizeof full);
		memset(full + n, 0xEE, 8);
		for (size_t cut = 0; cut <= (size_t)n + 8 && cut <= sizeof full; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);
			assert_non_null(p);
			memcpy(p, full, cut);
			ssize_t r = as_sap_decode(p, cut, &sm2);
			free(p);
			if (r != sap_expected(full, cut))
				fail_msg("sap sample %u cut %zu: got %zd want %zd", k, cut, r,
					 sap_expected(full, cut));
		}
	}
	/* IPX headers of the captured packets, and a header whose length field is below 30 */
	const struct { const uint8_t *p; size_t len; } pkts[] = {
		{ general_req_ipxrouted, sizeof general_req_ipxrouted },
		{ general_req_cisco, sizeof general_req_cisco },
		{ tcpd_sap_windows, sizeof tcpd_sap_windows },
		{ ws_nearest_query, sizeof ws_nearest_query },
		{ tcpd_invalid_length, sizeof tcpd_invalid_length },
		{ ws_rip_50, sizeof ws_rip_50 },
	};
	for (size_t i = 0; i < sizeof pkts / sizeof pkts[0]; i++) {
		for (size_t cut = 0; cut <= pkts[i].len; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);
			assert_non_null(p);
			memcpy(p, pkts[i].p, cut);
			ssize_t r = as_ipx_decode(p, cut, &h);
			if (r != ipx_expected(pkts[i].p, cut))
				fail_msg("ipx packet %zu cut %zu: got %zd want %zd", i, cut, r,
					 ipx_expected(pkts[i].p, cut));
			/* and the payload, cut with it, through its codec */
			if (r >= AS_IPX_HDR_LEN) {
				const uint8_t *pl = p + AS_IPX_HDR_LEN;
				size_t plen = (size_t)r - AS_IPX_HDR_LEN;
				if (as_ipx_socket_kind(h.dst.socket) == AS_IPX_KIND_SAP)
					(void)as_sap_decode(pl, plen, &sm2);
				else
					(void)as_ipxrip_decode(pl, plen, &rm2);
			}
			free(p);
		}
	}
}

/* Every cap below the encoded size fails, and nothing is written at or past cap. */
static void test_encode_small_caps(void **state)
{
	uint8_t ref[AS_IPX_MAX_LEN];
	(void)state;
	for (unsigned k = 0; k < N_RIP_SAMPLES + N_SAP_SAMPLES + 1; k++) {
		ssize_t n;
		bool is_rip = k < N_RIP_SAMPLES;
		bool is_sap = !is_rip && k < N_RIP_SAMPLES + N_SAP_SAMPLES;
		if (is_rip) {
			rip_sample(&rm, k);
			n = as_ipxrip_encode(&rm, ref, sizeof ref);
		} else if (is_sap) {
			sap_sample(&sm, k - N_RIP_SAMPLES);
			n = as_sap_encode(&sm, ref, sizeof ref);
		} else {
			size_t wlen = sizeof tcpd_sap_windows;
			assert_int_equal(as_ipx_decode(tcpd_sap_windows, wlen, &h), 96);
			n = as_ipx_encode_hdr(&h, ref, sizeof ref);
		}
		assert_true(n > 0);
		for (size_t cap = 0; cap <= (size_t)n; cap++) {
			uint8_t *p = malloc(cap + 1);
			assert_non_null(p);
			memset(p, 0xA5, cap + 1);
			ssize_t r = is_rip ? as_ipxrip_encode(&rm, p, cap)
				    : is_sap ? as_sap_encode(&sm, p, cap)
					     : as_ipx_encode_hdr(&h, p, cap);
			assert_int_equal(r, cap < (size_t)n ? -1 : n);
			assert_int_equal(p[cap], 0xA5);
			if (r > 0)
				assert_memory_equal(p, ref, (size_t)n);
			free(p);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Names and helpers */

static void test_names(void **state)
{
	struct as_sap_entry e;
	(void)state;
	assert_string_equal(as_ipx_err_str(AS_IPX_ERR_LENGTH_SHORT), "ipx-length-short");
	assert_string_equal(as_ipx_err_str(AS_IPX_ERR_TRUNCATED), "ipx-truncated");
	assert_string_equal(as_ipx_err_str(AS_IPX_ERR_COUNT), "ipx-unknown-error");
	assert_string_equal(as_ipxrip_err_str(AS_IPXRIP_ERR_TOO_MANY_ENTRIES),
			    "ipxrip-too-many-entries");
	assert_string_equal(as_ipxrip_skip_str(AS_IPXRIP_SKIP_HOPS), "hops");
	assert_string_equal(as_sap_err_str(AS_SAP_ERR_NEAREST_COUNT),
			    "ipxsap-nearest-not-one-entry");
	assert_string_equal(as_sap_skip_str(AS_SAP_SKIP_NAME), "name");
	assert_string_equal(as_ipxrip_op_str(1), "request");
	assert_string_equal(as_ipxrip_op_str(11), "update-ack");
	assert_string_equal(as_ipxrip_op_str(3), "unknown");
	assert_string_equal(as_sap_op_str(3), "nearest-query");
	assert_string_equal(as_sap_op_str(10), "update-response");
	assert_string_equal(as_sap_op_str(0), "unknown");
	assert_string_equal(as_ipx_type_str(4), "pep");
	assert_string_equal(as_ipx_type_str(0), "unknown");
	for (int i = 0; i < AS_IPXRIP_ERR_COUNT; i++)
		assert_non_null(as_ipxrip_err_str((enum as_ipxrip_err)i));
	for (int i = 0; i < AS_SAP_ERR_COUNT; i++)
		assert_non_null(as_sap_err_str((enum as_sap_err)i));

	memset(&e, 0x55, sizeof e);
	assert_int_equal(as_sap_set_name(&e, "12345678901234567890123456789012345678901234567"),
			 0);
	assert_int_equal(e.name_len, 47);
	assert_int_equal(e.name[47], 0);
	assert_int_equal(as_sap_set_name(&e, "FS"), 0);
	assert_int_equal(e.name_len, 2);
	for (size_t i = 2; i < AS_SAP_NAME_LEN; i++)
		assert_int_equal(e.name[i], 0);
	assert_int_equal(as_sap_set_name(&e, "123456789012345678901234567890123456789012345678"),
			 -1);
	assert_int_equal(e.name_len, 2);
	assert_memory_equal(e.name, "FS", 3);
}

/* ------------------------------------------------------------------------------------------ */
/* Printers */

static void test_print(void **state)
{
	char out[4096];
	struct as_sb sb;
	size_t n;
	const uint8_t *p;
	const uint8_t node[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	(void)state;

	as_sb_init(&sb, out, sizeof out);
	as_ipx_print_addr(&sb, 0x0000abcd, node, 0x0453);
	assert_string_equal(out, "0000abcd.02:00:00:00:00:01:0453");

	p = payload_of(tcpd_sap_jetdirect, sizeof tcpd_sap_jetdirect, &n);
	as_sb_init(&sb, out, sizeof out);
	as_ipx_print_hdr_text(&sb, &h);
	assert_string_equal(out, "IPX 00000000.00:30:c1:bf:57:55:0452 > "
				 "00000000.ff:ff:ff:ff:ff:ff:0452: "
				 "type unknown (0), tc 0, length 96");
	assert_int_equal(as_sap_decode(p, n, &sm), 66);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_json(&sb, &sm, 0);
	assert_string_equal(out, "\"command\":\"general-response\",\"entries\":[{\"type\":780,"
				 "\"name\":\"0030C1BF575580D0NPIBF5755\",\"network\":\"00000000\","
				 "\"node\":\"00:30:c1:bf:57:55\",\"socket\":16396,\"hops\":1}]");

	p = payload_of(tcpd_sap_windows, sizeof tcpd_sap_windows, &n);
	assert_int_equal(as_sap_decode(p, n, &sm), 66);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_text(&sb, &sm, 0, n);
	assert_string_equal(out, "IPX SAP general-response, length 66, 1 entry\n\ttype 0x064e "
				 "'EKTA!!!!!!!!!!!A5569B20ABE511CE9CA400004C762832' "
				 "00000000.00:14:85:ac:cd:ad:4000 hops 1");

	p = payload_of(ws_nearest_query, sizeof ws_nearest_query, &n);
	assert_int_equal(as_sap_decode(p, n, &sm), 4);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_text(&sb, &sm, 0, n);
	assert_string_equal(out, "IPX SAP nearest-query type 0x0004, length 4");
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_json(&sb, &sm, 0);
	assert_string_equal(out, "\"command\":\"nearest-query\",\"service_type\":4,\"entries\":[]");
	const uint8_t all[] = { 0, 1, 0xff, 0xff };
	assert_int_equal(as_sap_decode(all, sizeof all, &sm), 4);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_text(&sb, &sm, 0, sizeof all);
	assert_string_equal(out, "IPX SAP general-query type 0xffff (all), length 4");
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_json(&sb, &sm, 0);
	assert_string_equal(out,
			    "\"command\":\"general-query\",\"service_type\":65535,\"entries\":[]");

	p = payload_of(tcpd_rip_response, sizeof tcpd_rip_response, &n);
	assert_int_equal(as_ipxrip_decode(p, n, &rm), 10);
	as_sb_init(&sb, out, sizeof out);
	as_ipxrip_print_text(&sb, &rm, 0, n);
	assert_string_equal(out, "IPX RIP response, length 10, 1 entry\n\ta8f87967 hops 1 ticks 2");
	as_sb_init(&sb, out, sizeof out);
	as_ipxrip_print_json(&sb, &rm, 0);
	assert_string_equal(out, "\"command\":\"response\",\"entries\":[{\"network\":\"a8f87967\","
				 "\"hops\":1,\"ticks\":2}]");

	p = payload_of(general_req_ipxrouted, sizeof general_req_ipxrouted, &n);
	assert_int_equal(as_ipxrip_decode(p, n, &rm), 10);
	as_sb_init(&sb, out, sizeof out);
	as_ipxrip_print_json(&sb, &rm, 0);
	assert_string_equal(out, "\"command\":\"request\",\"whole_table\":true,\"entries\":["
				 "{\"network\":\"ffffffff\",\"hops\":16,\"ticks\":65535}]");
	as_sb_init(&sb, out, sizeof out);
	as_ipxrip_print_text(&sb, &rm, 0, n);
	assert_string_equal(out, "IPX RIP request, length 10, 1 entry, whole table"
				 "\n\tffffffff hops 16 ticks 65535");

	/* RFC 2091 */
	uint8_t buf[600];
	rip_sample(&rm, 6);
	rm.e[1].hops = 17;
	ssize_t len = as_ipxrip_encode(&rm, buf, sizeof buf);
	assert_int_equal(as_ipxrip_decode(buf, (size_t)len, &rm2), len);
	as_sb_init(&sb, out, sizeof out);
	as_ipxrip_print_json(&sb, &rm2, 0);
	assert_string_equal(out, "\"command\":\"update-response\",\"seq\":7,\"flush\":1,"
				 "\"entries\":[{\"network\":\"0000abcd\",\"hops\":1,\"ticks\":2},"
				 "{\"network\":\"0000abce\",\"hops\":17,\"ticks\":20,"
				 "\"skip\":\"hops\"}]");
	as_sb_init(&sb, out, sizeof out);
	as_ipxrip_print_text(&sb, &rm2, 0, (size_t)len);
	assert_string_equal(out, "IPX RIP update-response seq 7 flush, length 22, 2 entries "
				 "(1 skipped)\n\t0000abcd hops 1 ticks 2"
				 "\n\t0000abce hops 17 ticks 20 [skipped: hops]");

	sap_sample(&sm, 7);
	len = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(as_sap_decode(buf, (size_t)len, &sm2), len);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_json(&sb, &sm2, 0);
	assert_string_equal(out, "\"command\":\"update-ack\",\"seq\":300,\"flush\":1,"
				 "\"entries\":[]");
	sap_sample(&sm, 4);
	len = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(as_sap_decode(buf, (size_t)len, &sm2), len);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_text(&sb, &sm2, 0, (size_t)len);
	assert_string_equal(out, "IPX SAP update-request, length 6, 0 entries");

	/* a name that is not a string: escaped in both forms */
	sap_init(&sm, AS_SAP_NEAREST_RESPONSE);
	sap_add(&sm, 4, "A\"B", 0x0000abcd, 0x451, 1);
	sm.e[0].name[1] = 0x01;
	len = as_sap_encode(&sm, buf, sizeof buf);
	assert_int_equal(as_sap_decode(buf, (size_t)len, &sm2), len);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_json(&sb, &sm2, 0);
	assert_string_equal(out, "\"command\":\"nearest-response\",\"entries\":[{\"type\":4,"
				 "\"name\":\"A\\u0001B\",\"network\":\"0000abcd\","
				 "\"node\":\"00:01:02:03:04:05\",\"socket\":1105,\"hops\":1,"
				 "\"skip\":\"name\"}]");
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_text(&sb, &sm2, 0, (size_t)len);
	assert_string_equal(out, "IPX SAP nearest-response, length 66, 1 entry (1 skipped)"
				 "\n\ttype 0x0004 'A\\x01B' 0000abcd.00:01:02:03:04:05:0451 hops 1"
				 " [skipped: name]");

	/* a rejected packet */
	const uint8_t bad[] = { 0, 2, 0 };
	assert_int_equal(as_sap_decode(bad, sizeof bad, &sm), -AS_SAP_ERR_BAD_LENGTH);
	as_sb_init(&sb, out, sizeof out);
	as_sap_print_text(&sb, &sm, AS_SAP_ERR_BAD_LENGTH, sizeof bad);
	assert_string_equal(out, "IPX SAP general-response, length 3, 0 entries "
				 "[invalid: ipxsap-bad-length]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipx_header),
		cmocka_unit_test(test_known_rip),
		cmocka_unit_test(test_known_sap),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_cut_lengths),
		cmocka_unit_test(test_encode_small_caps),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
