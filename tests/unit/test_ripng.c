/* test_ripng.c - unit tests of the RIPng codec and printers (RFC 2080, RFC 2091). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <autostatic/print.h>
#include <autostatic/ripng.h>

/* The message structs are large (512 entries): keep them off the stack. */
static struct as_ripng_msg m, m2;

/* ------------------------------------------------------------------------------------------ */
/* Known-answer vectors */

/* PROTOCOLS.md 6.5: whole-table request fe80::1:521 -> ff02::9:521 (also the Cisco IOS capture
 * rip_pcap/rip_ng_init.pcapng, and frame 4 of isa-rip/ripng.pcap). */
static const uint8_t whole_table_req[] = {
	0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10,
};

/* shared/pcaps/bird/bird-demand-circuit.pcap frame 1: BIRD 2.0.12 Update Request, UDP payload,
 * with the whole-table RTE BIRD puts in it. */
static const uint8_t bird_update_request[] = {
	0x09, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x10,
};

/* Same capture, frame 454: Update Acknowledge, flush 1, seq 63. */
static const uint8_t bird_ack[] = {
	0x0b, 0x01, 0x00, 0x00, 0x01, 0x01, 0x00, 0x3f,
};

/* Same capture, frame 481: BIRD's Update Response, flush 0, seq 77, six routes. */
static const uint8_t bird_update_response[] = {
	0x0a, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x4d, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x01, 0x01, 0x6a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x40, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x6b,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x02, 0x68, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x01, 0x03, 0x69, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x40, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x6a,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x01, 0x6b, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x01,
};

/* Same capture, frame 682: BIRD's empty flush Update Response at shutdown, seq 104. */
static const uint8_t bird_flush[] = {
	0x0a, 0x01, 0x00, 0x00, 0x01, 0x01, 0x00, 0x68,
};

/* shared/pcaps/isa-rip/ripng.pcap frame 3 (= wireshark-wiki ipv6-ripng): a 1999 Response with
 * 41 RTEs, the last five with route tag 0x0410. UDP payload. */
static const uint8_t isa_response[] = {
	0x02, 0x01, 0x00, 0x00, 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x0c, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x09,
	0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x52, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x08, 0x20, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x2c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x80, 0x07, 0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x2c, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x07,
	0x3f, 0xfe, 0x05, 0x07, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x04, 0x3f, 0xfe, 0x05, 0x01,
	0x00, 0x00, 0x14, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x80, 0x08, 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x14, 0xff,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x07,
	0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x14, 0xff, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x80, 0x08, 0x20, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x14, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x80, 0x07, 0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x14, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x07,
	0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x07, 0x3f, 0xfe, 0x05, 0x01,
	0x00, 0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x40, 0x08, 0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x14, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x08,
	0x3f, 0xfe, 0x05, 0x01, 0x18, 0x32, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x05, 0x20, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x40, 0x08, 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x30, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x09,
	0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x08, 0x3f, 0xfe, 0x05, 0x01,
	0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x28, 0x08, 0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x0e,
	0x3f, 0xfe, 0x05, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x0e, 0x3f, 0xfe, 0x05, 0x01,
	0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x40, 0x0e, 0x3f, 0xfe, 0x05, 0x01, 0x14, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x07,
	0x3f, 0xfe, 0x05, 0x07, 0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x04, 0x3f, 0xfe, 0x05, 0x01,
	0x18, 0x2e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x30, 0x05, 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x0c, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x09,
	0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x10, 0x2b, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x07, 0x3f, 0xfe, 0x05, 0x01,
	0x00, 0x00, 0x10, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x80, 0x07, 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x10, 0x2b,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x07,
	0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x10, 0x2b, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x80, 0x07, 0x20, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x80, 0x07, 0x3f, 0xfe, 0x05, 0x01, 0x48, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x07,
	0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x48, 0x00, 0x00, 0x51, 0x37, 0x39,
	0x61, 0x74, 0x00, 0x01, 0x00, 0x00, 0x80, 0x07, 0x3f, 0xfe, 0x05, 0x01,
	0x00, 0x00, 0x48, 0x00, 0x00, 0x21, 0x6a, 0x39, 0x61, 0x74, 0x00, 0x03,
	0x00, 0x00, 0x80, 0x07, 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x07,
	0x20, 0x01, 0x02, 0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x51, 0x37, 0x39,
	0x61, 0x74, 0x00, 0x01, 0x00, 0x00, 0x80, 0x07, 0x20, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x48, 0x00, 0x00, 0x21, 0x6a, 0x39, 0x61, 0x74, 0x00, 0x03,
	0x00, 0x00, 0x80, 0x07, 0x3f, 0xfe, 0x80, 0x20, 0x10, 0xff, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x10, 0x30, 0x01,
	0x3f, 0xfe, 0x05, 0x01, 0x04, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x10, 0x30, 0x01, 0x3f, 0xfe, 0x05, 0x01,
	0x04, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x10, 0x40, 0x01, 0x3f, 0xfe, 0x05, 0x07, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x10, 0x40, 0x01,
	0x3f, 0xfe, 0x80, 0x20, 0x10, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x10, 0x40, 0x01,
};
static const uint8_t isa_metrics[41] = {
	9, 8, 7, 7, 4, 8, 7, 8, 7, 7, 7, 8, 8, 5, 8, 9, 8, 8, 14, 14, 14,
	7, 4, 5, 9, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 1, 1, 1, 1, 1,
};

/* shared/pcaps/tcpdump/hoobr_ripng_print.pcap (CVE-2017-12992 fuzz case): the 6 bytes after
 * the UDP header, version 48. */
static const uint8_t hoobr[] = { 0x01, 0x30, 0x30, 0x30, 0x30, 0x30 };

static void parse_ip6(const char *s, uint8_t out[16]);

static void test_whole_table_request(void **state)
{
	(void)state;
	assert_int_equal(as_ripng_decode(whole_table_req, sizeof whole_table_req, &m),
			 sizeof whole_table_req);
	assert_int_equal(m.command, AS_RIPNG_REQUEST);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.n_entries, 1);
	assert_int_equal(m.n_skipped, 0);
	assert_true(m.whole_table);
	assert_int_equal(m.e[0].metric, 16);
	assert_int_equal(m.e[0].prefix_len, 0);

	/* Same bytes out of the encoder. */
	uint8_t buf[64];
	memset(&m2, 0, sizeof m2);
	m2.command = AS_RIPNG_REQUEST;
	m2.version = 1;
	m2.n_entries = 1;
	m2.e[0].metric = AS_RIPNG_METRIC_INFINITY;
	assert_int_equal(as_ripng_encode(&m2, buf, sizeof buf), sizeof whole_table_req);
	assert_memory_equal(buf, whole_table_req, sizeof whole_table_req);

	/* A specific request is not whole-table. */
	uint8_t spec[sizeof whole_table_req];
	memcpy(spec, whole_table_req, sizeof spec);
	spec[23] = 1;
	assert_int_equal(as_ripng_decode(spec, sizeof spec, &m), sizeof spec);
	assert_false(m.whole_table);
	spec[23] = 16;
	spec[22] = 1; /* ::/1 metric 16 */
	assert_int_equal(as_ripng_decode(spec, sizeof spec, &m), sizeof spec);
	assert_false(m.whole_table);
}

static void test_bird(void **state)
{
	(void)state;
	assert_int_equal(as_ripng_decode(bird_update_request, sizeof bird_update_request, &m),
			 sizeof bird_update_request);
	assert_int_equal(m.command, AS_RIPNG_UPDATE_REQUEST);
	assert_int_equal(m.upd_version, 1);
	assert_true(m.whole_table);
	assert_int_equal(m.n_entries, 1);

	assert_int_equal(as_ripng_decode(bird_ack, sizeof bird_ack, &m), sizeof bird_ack);
	assert_int_equal(m.command, AS_RIPNG_UPDATE_ACK);
	assert_int_equal(m.flush, 1);
	assert_int_equal(m.seq, 63);
	assert_int_equal(m.n_entries, 0);

	assert_int_equal(as_ripng_decode(bird_flush, sizeof bird_flush, &m), sizeof bird_flush);
	assert_int_equal(m.command, AS_RIPNG_UPDATE_RESPONSE);
	assert_int_equal(m.flush, 1);
	assert_int_equal(m.seq, 104);
	assert_int_equal(m.n_entries, 0);

	assert_int_equal(as_ripng_decode(bird_update_response, sizeof bird_update_response, &m),
			 sizeof bird_update_response);
	assert_int_equal(m.command, AS_RIPNG_UPDATE_RESPONSE);
	assert_int_equal(m.flush, 0);
	assert_int_equal(m.seq, 77);
	assert_int_equal(m.n_entries, 6);
	assert_int_equal(m.n_skipped, 0);
	uint8_t p[16];
	parse_ip6("2001:db8:1:369::", p);
	assert_memory_equal(m.e[3].prefix, p, 16);
	assert_int_equal(m.e[3].prefix_len, 64);
	assert_int_equal(m.e[3].metric, 1);

	/* Encoding the decoded message gives the captured bytes back. */
	uint8_t buf[256];
	assert_int_equal(as_ripng_encode(&m, buf, sizeof buf), sizeof bird_update_response);
	assert_memory_equal(buf, bird_update_response, sizeof bird_update_response);
}

static void test_isa_capture(void **state)
{
	(void)state;
	assert_int_equal(sizeof isa_response, 4 + 41 * 20);
	assert_int_equal(as_ripng_decode(isa_response, sizeof isa_response, &m),
			 sizeof isa_response);
	assert_int_equal(m.command, AS_RIPNG_RESPONSE);
	assert_int_equal(m.n_entries, 41);
	assert_int_equal(m.n_skipped, 0);
	for (size_t i = 0; i < 41; i++) {
		assert_int_equal(m.e[i].metric, isa_metrics[i]);
		assert_int_equal(m.e[i].tag, i >= 36 ? 0x0410 : 0);
		assert_false(m.e[i].is_next_hop);
	}
	uint8_t p[16];
	parse_ip6("3ffe:501:0:c01::", p);
	assert_memory_equal(m.e[0].prefix, p, 16);
	assert_int_equal(m.e[0].prefix_len, 64);
	parse_ip6("3ffe:8020:10ff::", p);
	assert_memory_equal(m.e[40].prefix, p, 16);

	uint8_t buf[1024];
	assert_int_equal(as_ripng_encode(&m, buf, sizeof buf), sizeof isa_response);
	assert_memory_equal(buf, isa_response, sizeof isa_response);
}

static void test_hoobr(void **state)
{
	(void)state;
	assert_int_equal(as_ripng_decode(hoobr, sizeof hoobr, &m), -AS_RIPNG_ERR_BAD_VERSION);
	assert_int_equal(m.version, 48);
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers to build messages */

/* A small IPv6 text parser for the tests (full and :: forms, no dotted tail). */
static void parse_ip6(const char *s, uint8_t out[16])
{
	uint16_t head[8], tail[8];
	size_t nh = 0, nt = 0;
	bool dbl = false;
	const char *p = s;
	memset(out, 0, 16);
	if (p[0] == ':' && p[1] == ':') {
		dbl = true;
		p += 2;
	}
	while (*p) {
		unsigned long v = strtoul(p, (char **)&p, 16);
		if (dbl)
			tail[nt++] = (uint16_t)v;
		else
			head[nh++] = (uint16_t)v;
		if (*p == ':') {
			p++;
			if (*p == ':') {
				dbl = true;
				p++;
			}
		}
	}
	for (size_t i = 0; i < nh; i++) {
		out[2 * i] = (uint8_t)(head[i] >> 8);
		out[2 * i + 1] = (uint8_t)head[i];
	}
	for (size_t i = 0; i < nt; i++) {
		size_t k = 8 - nt + i;
		out[2 * k] = (uint8_t)(tail[i] >> 8);
		out[2 * k + 1] = (uint8_t)tail[i];
	}
}

static void init_msg(struct as_ripng_msg *msg, uint8_t cmd)
{
	memset(msg, 0, sizeof *msg);
	msg->command = cmd;
	msg->version = 1;
	if (as_ripng_cmd_is_triggered(cmd))
		msg->upd_version = 1;
}

static void add_route(struct as_ripng_msg *msg, const char *prefix, uint8_t len, uint8_t metric,
		      uint16_t tag)
{
	struct as_ripng_entry *e = &msg->e[msg->n_entries++];
	parse_ip6(prefix, e->prefix);
	e->prefix_len = len;
	e->metric = metric;
	e->tag = tag;
}

static void add_next_hop(struct as_ripng_msg *msg, const char *addr)
{
	struct as_ripng_entry *e = &msg->e[msg->n_entries++];
	parse_ip6(addr, e->prefix);
	e->metric = AS_RIPNG_METRIC_NEXT_HOP;
	e->is_next_hop = true;
}

/* Equality of everything the wire carries. */
static void assert_msg_equal(const struct as_ripng_msg *a, const struct as_ripng_msg *b)
{
	assert_int_equal(a->command, b->command);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->mbz, b->mbz);
	if (as_ripng_cmd_is_triggered(a->command)) {
		assert_int_equal(a->upd_version, b->upd_version);
		assert_int_equal(a->flush, b->flush);
		assert_int_equal(a->seq, b->seq);
	}
	assert_int_equal(a->n_entries, b->n_entries);
	for (size_t i = 0; i < a->n_entries; i++) {
		assert_memory_equal(a->e[i].prefix, b->e[i].prefix, 16);
		assert_int_equal(a->e[i].is_next_hop, b->e[i].is_next_hop);
		assert_int_equal(a->e[i].metric, b->e[i].metric);
		if (!a->e[i].is_next_hop) {
			assert_int_equal(a->e[i].tag, b->e[i].tag);
			assert_int_equal(a->e[i].prefix_len, b->e[i].prefix_len);
		}
	}
}

/* One sample message per command, filled into msg. */
static void sample(struct as_ripng_msg *msg, unsigned which)
{
	switch (which) {
	case 0: /* whole-table request */
		init_msg(msg, AS_RIPNG_REQUEST);
		add_route(msg, "::", 0, 16, 0);
		break;
	case 1: /* specific request */
		init_msg(msg, AS_RIPNG_REQUEST);
		add_route(msg, "2001:db8::", 32, 0, 0);
		add_route(msg, "2001:db8:1::", 48, 0, 0);
		break;
	case 2: /* response with next hops */
		init_msg(msg, AS_RIPNG_RESPONSE);
		add_route(msg, "2001:db8::", 32, 1, 0);
		add_next_hop(msg, "fe80::1");
		add_route(msg, "2001:db8:1::", 48, 2, 7);
		add_route(msg, "::", 0, 16, 0xffff);
		add_next_hop(msg, "::");
		add_route(msg, "2001:db8:2::1", 128, 15, 0);
		break;
	case 3: /* update request, empty */
		init_msg(msg, AS_RIPNG_UPDATE_REQUEST);
		break;
	case 4: /* update request with the whole-table RTE, as BIRD sends it */
		init_msg(msg, AS_RIPNG_UPDATE_REQUEST);
		add_route(msg, "::", 0, 16, 0);
		break;
	case 5: /* update response, flush */
		init_msg(msg, AS_RIPNG_UPDATE_RESPONSE);
		msg->flush = 1;
		msg->seq = 65535;
		add_route(msg, "2001:db8:ff00::", 40, 3, 0x0410);
		add_next_hop(msg, "fe80::ff:fe00:1");
		add_route(msg, "2001:db8:ff01::", 48, 16, 0);
		break;
	case 6: /* empty update response */
		init_msg(msg, AS_RIPNG_UPDATE_RESPONSE);
		msg->seq = 1;
		break;
	case 7: /* update ack */
		init_msg(msg, AS_RIPNG_UPDATE_ACK);
		msg->flush = 1;
		msg->seq = 12345;
		break;
	default: /* a response as full as the array allows */
		init_msg(msg, AS_RIPNG_RESPONSE);
		for (unsigned i = 0; i < AS_RIPNG_MAX_ENTRIES; i++) {
			struct as_ripng_entry *e = &msg->e[msg->n_entries++];
			e->prefix[0] = 0x20;
			e->prefix[1] = 0x01;
			e->prefix[2] = 0x0d;
			e->prefix[3] = 0xb8;
			e->prefix[4] = (uint8_t)(i >> 8);
			e->prefix[5] = (uint8_t)i;
			e->prefix_len = 48;
			e->metric = (uint8_t)(1 + i % 16);
		}
		break;
	}
}

#define N_SAMPLES 9

/* ------------------------------------------------------------------------------------------ */
/* Round trips */

static void test_round_trips(void **state)
{
	static uint8_t buf[AS_RIPNG_MAX_LEN];
	(void)state;
	for (unsigned k = 0; k < N_SAMPLES; k++) {
		sample(&m, k);
		ssize_t n = as_ripng_encode(&m, buf, sizeof buf);
		assert_true(n >= AS_RIPNG_HDR_LEN);
		assert_int_equal(as_ripng_decode(buf, (size_t)n, &m2), n);
		assert_msg_equal(&m, &m2);
		assert_int_equal(m2.n_skipped, 0);
	}
}

static void test_next_hops(void **state)
{
	uint8_t buf[512], a[16];
	(void)state;
	init_msg(&m, AS_RIPNG_RESPONSE);
	add_route(&m, "2001:db8:a::", 48, 1, 0);  /* 0: next hop :: (none yet) */
	add_next_hop(&m, "fe80::1");               /* 1 */
	add_route(&m, "2001:db8:b::", 48, 1, 0);  /* 2: fe80::1 */
	add_route(&m, "2001:db8:c::", 48, 1, 0);  /* 3: fe80::1 */
	add_next_hop(&m, "2001:db8::1");           /* 4: not link-local: treated as :: */
	add_route(&m, "2001:db8:d::", 48, 1, 0);  /* 5: :: */
	add_next_hop(&m, "fe80::2");               /* 6 */
	add_route(&m, "2001:db8:e::", 48, 1, 0);  /* 7: fe80::2 */
	add_next_hop(&m, "::");                    /* 8: back to the sender */
	add_route(&m, "2001:db8:f::", 48, 1, 0);  /* 9: :: */
	ssize_t n = as_ripng_encode(&m, buf, sizeof buf);
	assert_int_equal(n, 4 + 10 * 20);
	/* The next-hop RTE goes out with tag 0, prefix length 0, metric 0xFF. */
	assert_int_equal(buf[4 + 20 + 16], 0);
	assert_int_equal(buf[4 + 20 + 17], 0);
	assert_int_equal(buf[4 + 20 + 18], 0);
	assert_int_equal(buf[4 + 20 + 19], 0xFF);

	/* Tag and prefix length of a received next-hop RTE are ignored. */
	buf[4 + 20 + 16] = 0x12;
	buf[4 + 20 + 18] = 99;
	assert_int_equal(as_ripng_decode(buf, (size_t)n, &m2), n);
	assert_int_equal(m2.n_entries, 10);
	assert_int_equal(m2.n_skipped, 1);
	assert_true(m2.e[1].is_next_hop);
	assert_int_equal(m2.e[1].skip, AS_RIPNG_SKIP_NONE);
	assert_int_equal(m2.e[4].skip, AS_RIPNG_SKIP_NEXT_HOP);
	memset(a, 0, 16);
	assert_memory_equal(m2.e[0].next_hop, a, 16);
	assert_memory_equal(m2.e[5].next_hop, a, 16);
	assert_memory_equal(m2.e[9].next_hop, a, 16);
	parse_ip6("fe80::1", a);
	assert_memory_equal(m2.e[2].next_hop, a, 16);
	assert_memory_equal(m2.e[3].next_hop, a, 16);
	parse_ip6("fe80::2", a);
	assert_memory_equal(m2.e[7].next_hop, a, 16);
	for (size_t i = 0; i < 10; i++)
		if (i != 4)
			assert_int_equal(m2.e[i].skip, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Entry skip reasons */

struct skip_case {
	uint8_t cmd;
	const char *prefix;
	uint8_t len;
	uint8_t metric;
	enum as_ripng_skip want;
};

static const struct skip_case skip_cases[] = {
	{ 2, "2001:db8::", 32, 1, AS_RIPNG_SKIP_NONE },
	{ 2, "::", 0, 16, AS_RIPNG_SKIP_NONE },              /* default route, unreachable */
	{ 2, "2001:db8::1", 128, 15, AS_RIPNG_SKIP_NONE },
	{ 2, "2001:db8::", 129, 1, AS_RIPNG_SKIP_PREFIX_LEN },
	{ 2, "2001:db8::", 255, 1, AS_RIPNG_SKIP_PREFIX_LEN },
	{ 2, "2001:db8::", 32, 0, AS_RIPNG_SKIP_METRIC },
	{ 2, "2001:db8::", 32, 17, AS_RIPNG_SKIP_METRIC },
	{ 2, "2001:db8::", 32, 254, AS_RIPNG_SKIP_METRIC },
	{ 10, "2001:db8::", 32, 0, AS_RIPNG_SKIP_METRIC },
	{ 2, "2001:db8::1", 32, 1, AS_RIPNG_SKIP_HOST_BITS },
	{ 2, "2001:db8:8000::", 32, 1, AS_RIPNG_SKIP_HOST_BITS },
	{ 2, "2001:db8:8000::", 33, 1, AS_RIPNG_SKIP_NONE },
	{ 2, "2001:db8:4000::", 33, 1, AS_RIPNG_SKIP_HOST_BITS },
	{ 2, "2001:db9::", 31, 1, AS_RIPNG_SKIP_HOST_BITS },
	{ 2, "8000::", 0, 1, AS_RIPNG_SKIP_HOST_BITS },
	{ 2, "ff02::9", 128, 1, AS_RIPNG_SKIP_MULTICAST },
	{ 2, "ff00::", 8, 1, AS_RIPNG_SKIP_MULTICAST },
	{ 2, "fe80::", 10, 1, AS_RIPNG_SKIP_LINK_LOCAL },
	{ 2, "febf::", 16, 1, AS_RIPNG_SKIP_LINK_LOCAL },
	{ 2, "fec0::", 10, 1, AS_RIPNG_SKIP_NONE },          /* site-local is not link-local */
	/* Requests: only the prefix length is checked. */
	{ 1, "2001:db8::", 32, 0, AS_RIPNG_SKIP_NONE },
	{ 1, "ff02::9", 128, 200, AS_RIPNG_SKIP_NONE },
	{ 1, "2001:db8::1", 32, 1, AS_RIPNG_SKIP_NONE },
	{ 1, "2001:db8::", 129, 1, AS_RIPNG_SKIP_PREFIX_LEN },
};

static void test_skips(void **state)
{
	uint8_t buf[64];
	(void)state;
	for (size_t i = 0; i < sizeof skip_cases / sizeof skip_cases[0]; i++) {
		const struct skip_case *c = &skip_cases[i];
		init_msg(&m, c->cmd);
		/* two entries, so that a request is never in the whole-table form */
		add_route(&m, "2001:db8::", 32, 1, 0);
		add_route(&m, c->prefix, c->len, c->metric, 0);
		ssize_t n = as_ripng_encode(&m, buf, sizeof buf);
		assert_true(n > 0);
		assert_int_equal(as_ripng_decode(buf, (size_t)n, &m2), n);
		if (m2.e[1].skip != c->want)
			fail_msg("case %zu (%s/%u metric %u): skip %s, want %s", i, c->prefix,
				 c->len, c->metric,
				 as_ripng_skip_str((enum as_ripng_skip)m2.e[1].skip),
				 as_ripng_skip_str(c->want));
		assert_int_equal(m2.n_skipped, c->want ? 1 : 0);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Packet errors */

struct err_case {
	const char *what;
	uint8_t bytes[48];
	size_t len;
	enum as_ripng_err want;
};

static const struct err_case err_cases[] = {
	{ "empty", { 0 }, 0, AS_RIPNG_ERR_SHORT },
	{ "3 bytes", { 1, 1, 0 }, 3, AS_RIPNG_ERR_SHORT },
	{ "version 0", { 2, 0, 0, 0 }, 4, AS_RIPNG_ERR_BAD_VERSION },
	{ "version 2", { 2, 2, 0, 0 }, 4, AS_RIPNG_ERR_BAD_VERSION },
	{ "command 0", { 0, 1, 0, 0 }, 4, AS_RIPNG_ERR_BAD_COMMAND },
	{ "command 3", { 3, 1, 0, 0 }, 4, AS_RIPNG_ERR_BAD_COMMAND },
	{ "command 7 (RFC 1582)", { 7, 1, 0, 0 }, 4, AS_RIPNG_ERR_BAD_COMMAND },
	{ "command 12", { 12, 1, 0, 0 }, 4, AS_RIPNG_ERR_BAD_COMMAND },
	{ "half RTE", { 2, 1, 0, 0, 0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0 }, 14,
	  AS_RIPNG_ERR_BAD_LENGTH },
	{ "RTE plus one", { 2, 1 }, 25, AS_RIPNG_ERR_BAD_LENGTH },
	{ "update header cut", { 10, 1, 0, 0, 1, 0, 0 }, 7, AS_RIPNG_ERR_UPD_SHORT },
	{ "update request no header", { 9, 1, 0, 0 }, 4, AS_RIPNG_ERR_UPD_SHORT },
	{ "update version 0", { 10, 1, 0, 0, 0, 0, 0, 1 }, 8, AS_RIPNG_ERR_UPD_VERSION },
	{ "update version 2", { 11, 1, 0, 0, 2, 0, 0, 1 }, 8, AS_RIPNG_ERR_UPD_VERSION },
	{ "flush 2", { 10, 1, 0, 0, 1, 2, 0, 1 }, 8, AS_RIPNG_ERR_UPD_FLUSH },
	{ "ack flush 255", { 11, 1, 0, 0, 1, 255, 0, 1 }, 8, AS_RIPNG_ERR_UPD_FLUSH },
	{ "update request mbz 1", { 9, 1, 0, 0, 1, 1, 0, 0 }, 8, AS_RIPNG_ERR_UPD_MBZ },
	{ "update request mbz 3", { 9, 1, 0, 0, 1, 0, 0, 1 }, 8, AS_RIPNG_ERR_UPD_MBZ },
	{ "update version wins", { 9, 1, 0, 0, 2, 0, 0, 1 }, 8, AS_RIPNG_ERR_UPD_VERSION },
	{ "update bad length", { 10, 1, 0, 0, 1, 0, 0, 1, 0 }, 9, AS_RIPNG_ERR_BAD_LENGTH },
	{ "bad update header before length", { 10, 1, 0, 0, 1, 2, 0, 1, 0 }, 9,
	  AS_RIPNG_ERR_UPD_FLUSH },
	{ "ack with a route", { 11, 1, 0, 0, 1, 0, 0, 1, 0x20, 1, 0xd, 0xb8, [27] = 1 }, 28,
	  AS_RIPNG_ERR_ACK_HAS_ROUTES },
};

static void test_errors(void **state)
{
	(void)state;
	/* Whole entries before a bad tail are still read, for printing. */
	uint8_t tail[4 + 20 + 3];
	memcpy(tail, whole_table_req, sizeof whole_table_req);
	memset(tail + 24, 0, 3);
	tail[0] = AS_RIPNG_RESPONSE;
	assert_int_equal(as_ripng_decode(tail, sizeof tail, &m), -AS_RIPNG_ERR_BAD_LENGTH);
	assert_int_equal(m.n_entries, 1);
	assert_int_equal(m.e[0].metric, 16);

	for (size_t i = 0; i < sizeof err_cases / sizeof err_cases[0]; i++) {
		const struct err_case *c = &err_cases[i];
		/* exact-size copy, so that ASan sees any read past len */
		uint8_t *p = malloc(c->len ? c->len : 1);
		assert_non_null(p);
		memcpy(p, c->bytes, c->len);
		ssize_t r = as_ripng_decode(p, c->len, &m);
		free(p);
		if (r != -(ssize_t)c->want)
			fail_msg("%s: got %zd (%s), want %s", c->what, r,
				 r < 0 ? as_ripng_err_str((enum as_ripng_err)-r) : "ok",
				 as_ripng_err_str(c->want));
	}
}

static void test_too_many(void **state)
{
	static uint8_t buf[AS_RIPNG_HDR_LEN + (AS_RIPNG_MAX_ENTRIES + 1) * AS_RIPNG_RTE_LEN];
	(void)state;
	sample(&m, N_SAMPLES - 1);
	assert_int_equal(m.n_entries, AS_RIPNG_MAX_ENTRIES);
	ssize_t n = as_ripng_encode(&m, buf, sizeof buf);
	assert_int_equal(n, AS_RIPNG_HDR_LEN + AS_RIPNG_MAX_ENTRIES * AS_RIPNG_RTE_LEN);
	assert_int_equal(as_ripng_decode(buf, (size_t)n, &m2), n);
	/* one RTE more */
	memcpy(buf + n, buf + 4, AS_RIPNG_RTE_LEN);
	assert_int_equal(as_ripng_decode(buf, sizeof buf, &m2), -AS_RIPNG_ERR_TOO_MANY_ENTRIES);
	assert_int_equal(m2.n_entries, AS_RIPNG_MAX_ENTRIES); /* kept for printing */
	/* and the encoder refuses more than the array holds */
	m.n_entries = AS_RIPNG_MAX_ENTRIES + 1;
	assert_int_equal(as_ripng_encode(&m, buf, sizeof buf), -1);
}

/* ------------------------------------------------------------------------------------------ */
/* Adversarial lengths: every sample cut at every length. Each cut is decoded from an exact-size
 * heap copy, so ASan reports any read past len; the result must be what the layout implies. */

static ssize_t expected(const uint8_t *full, size_t cut)
{
	if (cut < AS_RIPNG_HDR_LEN)
		return -AS_RIPNG_ERR_SHORT;
	size_t hdr = AS_RIPNG_HDR_LEN;
	if (as_ripng_cmd_is_triggered(full[0])) {
		if (cut < AS_RIPNG_HDR_LEN + AS_RIPNG_UPD_HDR_LEN)
			return -AS_RIPNG_ERR_UPD_SHORT;
		hdr += AS_RIPNG_UPD_HDR_LEN;
	}
	if ((cut - hdr) % AS_RIPNG_RTE_LEN)
		return -AS_RIPNG_ERR_BAD_LENGTH;
	if (full[0] == AS_RIPNG_UPDATE_ACK && cut > hdr)
		return -AS_RIPNG_ERR_ACK_HAS_ROUTES;
	return (ssize_t)cut;
}

static void test_cut_lengths(void **state)
{
	static uint8_t full[AS_RIPNG_MAX_LEN + 40];
	(void)state;
	for (unsigned k = 0; k < N_SAMPLES; k++) {
		sample(&m, k);
		ssize_t n = as_ripng_encode(&m, full, sizeof full);
		assert_true(n > 0);
		/* a few bytes past the end too: trailing garbage is a length error */
		for (size_t extra = 0; extra < 3; extra++)
			full[(size_t)n + extra] = 0xEE;
		for (size_t cut = 0; cut <= (size_t)n + 2; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);
			assert_non_null(p);
			memcpy(p, full, cut);
			ssize_t r = as_ripng_decode(p, cut, &m2);
			free(p);
			if (r != expected(full, cut))
				fail_msg("sample %u cut %zu: got %zd want %zd", k, cut, r,
					 expected(full, cut));
			size_t hdr = as_ripng_cmd_is_triggered(full[0]) ? 8 : 4;
			if (r >= 0)
				assert_int_equal(m2.n_entries, (cut - hdr) / 20);
		}
	}
}

/* Every cap below the encoded size fails, and nothing is written at or past cap. */
static void test_encode_small_caps(void **state)
{
	static uint8_t ref[AS_RIPNG_MAX_LEN];
	(void)state;
	for (unsigned k = 0; k < N_SAMPLES; k++) {
		sample(&m, k);
		ssize_t n = as_ripng_encode(&m, ref, sizeof ref);
		assert_true(n > 0);
		for (size_t cap = 0; cap <= (size_t)n; cap++) {
			uint8_t *p = malloc(cap + 1);
			assert_non_null(p);
			memset(p, 0xA5, cap + 1);
			ssize_t r = as_ripng_encode(&m, p, cap);
			if (cap < (size_t)n)
				assert_int_equal(r, -1);
			else
				assert_int_equal(r, n);
			assert_int_equal(p[cap], 0xA5);
			free(p);
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Context checks and sizes */

static void test_context(void **state)
{
	uint8_t ll[16], global[16];
	(void)state;
	parse_ip6("fe80::ff:fe00:1", ll);
	parse_ip6("2001:db8::1", global);

	init_msg(&m, AS_RIPNG_RESPONSE);
	assert_int_equal(as_ripng_check_context(&m, ll, 521, 255), AS_RIPNG_OK);
	assert_int_equal(as_ripng_check_context(&m, global, 521, 255),
			 AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL);
	assert_int_equal(as_ripng_check_context(&m, ll, 52539, 255), AS_RIPNG_ERR_SOURCE_PORT);
	assert_int_equal(as_ripng_check_context(&m, ll, 521, 64), AS_RIPNG_ERR_HOP_LIMIT);
	assert_int_equal(as_ripng_check_context(&m, ll, 521, 1), AS_RIPNG_ERR_HOP_LIMIT);
	/* first failing rule wins */
	assert_int_equal(as_ripng_check_context(&m, global, 520, 1),
			 AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL);
	assert_int_equal(as_ripng_check_context(&m, ll, 520, 1), AS_RIPNG_ERR_SOURCE_PORT);

	/* RFC 2091 packets: the same rules */
	for (uint8_t cmd = 9; cmd <= 11; cmd++) {
		init_msg(&m, cmd);
		assert_int_equal(as_ripng_check_context(&m, ll, 521, 255), AS_RIPNG_OK);
		assert_int_equal(as_ripng_check_context(&m, ll, 521, 254), AS_RIPNG_ERR_HOP_LIMIT);
		assert_int_equal(as_ripng_check_context(&m, ll, 1000, 255),
				 AS_RIPNG_ERR_SOURCE_PORT);
	}

	/* Requests: from anywhere (isa-rip/ripng.pcap frame 4 has hop limit 1, port 52539) */
	init_msg(&m, AS_RIPNG_REQUEST);
	assert_int_equal(as_ripng_check_context(&m, global, 52539, 1), AS_RIPNG_OK);
}

static void test_max_entries(void **state)
{
	(void)state;
	assert_int_equal(as_ripng_max_entries(1500), 72);
	assert_int_equal(as_ripng_max_entries(1280), 61);
	assert_int_equal(as_ripng_max_entries(9000), 447);
	assert_int_equal(as_ripng_max_entries(72), 1);
	assert_int_equal(as_ripng_max_entries(71), 0);
	assert_int_equal(as_ripng_max_entries(52), 0);
	assert_int_equal(as_ripng_max_entries(10), 0);
	assert_int_equal(as_ripng_max_entries(0), 0);
	assert_int_equal(as_ripng_max_entries(65535), AS_RIPNG_MAX_ENTRIES);
	assert_int_equal(as_ripng_max_entries_triggered(1500), 72);
	assert_int_equal(as_ripng_max_entries_triggered(1280), 61);
	assert_int_equal(as_ripng_max_entries_triggered(1503), 72);
	assert_int_equal(as_ripng_max_entries_triggered(76), 1);
	assert_int_equal(as_ripng_max_entries_triggered(75), 0);
	assert_int_equal(as_ripng_max_entries_triggered(55), 0);
	assert_int_equal(as_ripng_max_entries_triggered(1000000), AS_RIPNG_MAX_ENTRIES);
	/* a full message of max_entries fits the MTU exactly */
	assert_true(48 + 4 + 20 * as_ripng_max_entries(1500) <= 1500);
	assert_true(48 + 4 + 20 * (as_ripng_max_entries(1500) + 1) > 1500);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(as_ripng_err_str(AS_RIPNG_ERR_BAD_LENGTH), "ripng-bad-length");
	assert_string_equal(as_ripng_err_str(AS_RIPNG_ERR_HOP_LIMIT), "ripng-hop-limit-not-255");
	assert_string_equal(as_ripng_err_str(AS_RIPNG_ERR_COUNT), "ripng-unknown-error");
	assert_string_equal(as_ripng_skip_str(AS_RIPNG_SKIP_HOST_BITS), "host-bits");
	assert_string_equal(as_ripng_skip_str(AS_RIPNG_SKIP_COUNT), "unknown");
	assert_string_equal(as_ripng_cmd_str(10), "update-response");
	assert_string_equal(as_ripng_cmd_str(3), "unknown");
	for (int e = 0; e < AS_RIPNG_ERR_COUNT; e++)
		assert_non_null(as_ripng_err_str((enum as_ripng_err)e));
	for (int s = 0; s < AS_RIPNG_SKIP_COUNT; s++)
		assert_non_null(as_ripng_skip_str((enum as_ripng_skip)s));
}

/* ------------------------------------------------------------------------------------------ */
/* Printers */

static void test_print(void **state)
{
	char out[2048];
	struct as_sb sb;
	uint8_t buf[256];
	(void)state;

	assert_int_equal(as_ripng_decode(whole_table_req, sizeof whole_table_req, &m), 24);
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_text(&sb, &m, 0, 24);
	assert_string_equal(out, "RIPng v1 request, length 24, 1 entry, whole table"
				 "\n\t::/0 metric 16 tag 0x0000");
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_json(&sb, &m, 0);
	assert_string_equal(out, "\"command\":\"request\",\"version\":1,\"whole_table\":true,"
				 "\"entries\":[{\"prefix\":\"::/0\",\"tag\":0,\"metric\":16}]");

	assert_int_equal(as_ripng_decode(bird_ack, sizeof bird_ack, &m), 8);
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_json(&sb, &m, 0);
	assert_string_equal(out, "\"command\":\"update-ack\",\"version\":1,\"seq\":63,"
				 "\"flush\":1,\"entries\":[]");
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_text(&sb, &m, 0, 8);
	assert_string_equal(out, "RIPng v1 update-ack seq 63 flush, length 8, 0 entries");

	init_msg(&m, AS_RIPNG_RESPONSE);
	add_route(&m, "2001:db8::", 32, 1, 0);
	add_next_hop(&m, "fe80::1");
	add_route(&m, "2001:db8:1::1", 48, 2, 0x410);
	add_next_hop(&m, "2001:db8::1");
	ssize_t n = as_ripng_encode(&m, buf, sizeof buf);
	assert_int_equal(as_ripng_decode(buf, (size_t)n, &m2), n);
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_json(&sb, &m2, 0);
	assert_string_equal(out,
			    "\"command\":\"response\",\"version\":1,\"entries\":["
			    "{\"prefix\":\"2001:db8::/32\",\"tag\":0,\"metric\":1},"
			    "{\"next_hop\":\"fe80::1\"},"
			    "{\"prefix\":\"2001:db8:1::1/48\",\"tag\":1040,\"metric\":2,"
			    "\"skip\":\"host-bits\"},"
			    "{\"next_hop\":\"2001:db8::1\",\"skip\":\"next-hop-not-link-local\"}]");
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_text(&sb, &m2, 0, (size_t)n);
	assert_string_equal(out, "RIPng v1 response, length 84, 4 entries (2 skipped)"
				 "\n\t2001:db8::/32 metric 1 tag 0x0000"
				 "\n\tnext-hop fe80::1"
				 "\n\t2001:db8:1::1/48 metric 2 tag 0x0410 [skipped: host-bits]"
				 "\n\tnext-hop 2001:db8::1 [skipped: next-hop-not-link-local]");

	/* a rejected packet prints its header and the reason */
	assert_int_equal(as_ripng_decode(hoobr, sizeof hoobr, &m), -AS_RIPNG_ERR_BAD_VERSION);
	as_sb_init(&sb, out, sizeof out);
	as_ripng_print_text(&sb, &m, AS_RIPNG_ERR_BAD_VERSION, sizeof hoobr);
	assert_string_equal(out, "RIPng v48 request, length 6, 0 entries "
				 "[invalid: ripng-bad-version]");

	/* a buffer too small truncates, never overflows */
	char tiny[16];
	as_sb_init(&sb, tiny, sizeof tiny);
	as_ripng_print_text(&sb, &m2, 0, (size_t)n);
	assert_true(sb.trunc);
	assert_int_equal(strlen(tiny), sizeof tiny - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_table_request),
		cmocka_unit_test(test_bird),
		cmocka_unit_test(test_isa_capture),
		cmocka_unit_test(test_hoobr),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_next_hops),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_cut_lengths),
		cmocka_unit_test(test_encode_small_caps),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_max_entries),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
