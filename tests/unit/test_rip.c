/* test_rip.c - RIP codec: round trips of every command, known answers, packet and entry
 * rejections, and every packet kind cut at every length. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <autostatic/rip.h>

#include "tests/unit/pcapfile.h"

static const struct as_rip_key md5_key = {
	.alg = AS_RIP_ALG_MD5, .key_id = 7, .len = 8, .secret = "rip-test"};

static struct as_rip_msg make_msg(uint8_t cmd, uint8_t version, size_t n)
{
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = cmd;
	m.version = version;
	if (as_rip_cmd_is_triggered(cmd)) {
		m.upd_version = 1;
		if (cmd != AS_RIP_UPDATE_REQUEST) {
			m.flush = 1;
			m.seq = 4242;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct as_rip_entry *e = &m.e[i];
		e->afi = AS_RIP_AFI_INET;
		e->addr = 0xC6120000u | (uint32_t)(i << 8); /* 198.18.i.0 */
		e->metric = (uint32_t)(1 + i % 15);
		if (version >= 2) {
			e->mask = 0xFFFFFF00u;
			e->tag = (uint16_t)(0x100 + i);
			e->next_hop = i % 3 ? 0 : 0xC0000201u; /* 192.0.2.1 */
		}
	}
	m.n_entries = (uint8_t)n;
	return m;
}

static void assert_same(const struct as_rip_msg *a, const struct as_rip_msg *b)
{
	assert_int_equal(a->command, b->command);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->n_entries, b->n_entries);
	if (as_rip_cmd_is_triggered(a->command)) {
		assert_int_equal(b->upd_version, 1);
		if (a->command != AS_RIP_UPDATE_REQUEST) {
			assert_int_equal(a->flush, b->flush);
			assert_int_equal(a->seq, b->seq);
		}
	}
	for (size_t i = 0; i < a->n_entries; i++) {
		assert_int_equal(a->e[i].afi, b->e[i].afi);
		assert_int_equal(a->e[i].tag, b->e[i].tag);
		assert_int_equal(a->e[i].addr, b->e[i].addr);
		assert_int_equal(a->e[i].mask, b->e[i].mask);
		assert_int_equal(a->e[i].next_hop, b->e[i].next_hop);
		assert_int_equal(a->e[i].metric, b->e[i].metric);
		assert_int_equal(b->e[i].skip, AS_RIP_SKIP_NONE);
	}
}

/* Every command x version x authentication: encode, decode, compare. */
static void test_round_trip_all(void **state)
{
	(void)state;
	static const uint8_t cmds[] = {AS_RIP_REQUEST, AS_RIP_RESPONSE, AS_RIP_UPDATE_REQUEST,
				       AS_RIP_UPDATE_RESPONSE, AS_RIP_UPDATE_ACK};
	static const uint8_t algs[] = {AS_RIP_ALG_NONE,	  AS_RIP_ALG_SIMPLE, AS_RIP_ALG_MD5,
				       AS_RIP_ALG_SHA1,	  AS_RIP_ALG_SHA256, AS_RIP_ALG_SHA384,
				       AS_RIP_ALG_SHA512};
	for (size_t c = 0; c < sizeof cmds; c++) {
		for (uint8_t v = 1; v <= 2; v++) {
			for (size_t a = 0; a < sizeof algs; a++) {
				if (v == 1 && algs[a] != AS_RIP_ALG_NONE)
					continue; /* authentication is RIPv2 only */
				size_t room = algs[a] == AS_RIP_ALG_NONE ? 25 : 24;
				size_t n = cmds[c] == AS_RIP_UPDATE_ACK ? 0
					   : cmds[c] == AS_RIP_REQUEST ? 3 : room;
				struct as_rip_msg m = make_msg(cmds[c], v, n);
				struct as_rip_key key = {.alg = algs[a], .key_id = 9, .len = 11,
							 .secret = "secret-1234"};
				if (algs[a] == AS_RIP_ALG_SIMPLE)
					m.auth.type = AS_RIP_AUTH_SIMPLE;
				else if (algs[a] != AS_RIP_ALG_NONE)
					m.auth.type = AS_RIP_AUTH_CRYPTO;
				m.auth.seq = 77;
				uint8_t buf[AS_RIP_MAX_LEN];
				ssize_t len = as_rip_encode(&m, algs[a] ? &key : NULL, buf, sizeof buf);
				assert_true(len > 0);
				struct as_rip_msg d;
				ssize_t r = as_rip_decode(buf, (size_t)len, &d);
				if (r < 0)
					fail_msg("cmd %u v%u alg %u: %s", cmds[c], v, algs[a],
						 as_rip_err_str((enum as_rip_err)-r));
				assert_int_equal(r, len);
				assert_same(&m, &d);
				if (algs[a] != AS_RIP_ALG_NONE) {
					assert_int_equal(d.auth.alg, algs[a]);
					assert_int_equal(as_rip_auth_verify(buf, (size_t)len, &d, &key),
							 AS_RIP_OK);
				}
				if (algs[a] >= AS_RIP_ALG_MD5) {
					assert_int_equal(d.auth.key_id, 9);
					assert_int_equal(d.auth.seq, 77);
					assert_int_equal(d.auth.digest_len,
							 as_rip_alg_digest_len(algs[a]));
				}
			}
		}
	}
}

/* PROTOCOLS.md 6.5: the RIPv2 whole-table request, byte for byte. */
static void test_whole_table_request_bytes(void **state)
{
	(void)state;
	static const uint8_t want[] = {0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				       0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
	struct as_rip_msg m = make_msg(AS_RIP_REQUEST, 2, 1);
	memset(&m.e[0], 0, sizeof m.e[0]);
	m.e[0].metric = 16;
	uint8_t buf[64];
	assert_int_equal(as_rip_encode(&m, NULL, buf, sizeof buf), sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	struct as_rip_msg d;
	assert_int_equal(as_rip_decode(want, sizeof want, &d), sizeof want);
	assert_true(d.whole_table);
	assert_int_equal(d.n_skipped, 0);
}

/* BIRD's Update Request (PEERS.md): 09 02 00 00 | 01 00 00 00 | AFI 0 ... metric 16. */
static void test_update_request_bird_form(void **state)
{
	(void)state;
	uint8_t pkt[28] = {0x09, 0x02, 0, 0, 0x01, 0, 0, 0};
	pkt[27] = 0x10;
	struct as_rip_msg d;
	assert_int_equal(as_rip_decode(pkt, sizeof pkt, &d), sizeof pkt);
	assert_int_equal(d.command, AS_RIP_UPDATE_REQUEST);
	assert_true(d.whole_table);
	/* And without the entry, as RFC 2091 draws it. */
	assert_int_equal(as_rip_decode(pkt, 8, &d), 8);
	assert_true(d.whole_table);
}

/* BIRD's real Update Response and our Acknowledge from the demand-circuit capture. */
static void test_bird_capture_triggered(void **state)
{
	(void)state;
	uint8_t p[600];
	struct as_rip_msg d;
	size_t len = tp_payload("bird/bird-demand-circuit.pcap", 4, p, sizeof p);
	assert_int_equal(as_rip_decode(p, len, &d), (ssize_t)len);
	assert_int_equal(d.command, AS_RIP_UPDATE_RESPONSE);
	assert_int_equal(d.flush, 1);
	assert_int_equal(d.seq, 1);
	assert_int_equal(d.n_entries, 24);
	assert_int_equal(d.n_skipped, 0);
	assert_int_equal(d.e[0].addr, 0xC6124B80u); /* 198.18.75.128/26 */
	assert_int_equal(d.e[0].prefix_len, 26);
}

struct bad_case {
	const char *what;
	uint8_t bytes[48];
	size_t len;
	enum as_rip_err want;
};

static void test_packet_rejections(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
		{"empty", {0}, 0, AS_RIP_ERR_SHORT},
		{"3 bytes", {2, 2, 0}, 3, AS_RIP_ERR_SHORT},
		{"version 0", {2, 0, 0, 0}, 4, AS_RIP_ERR_VERSION_0},
		{"version 3", {2, 3, 0, 0}, 4, AS_RIP_ERR_BAD_VERSION},
		{"command 0", {0, 2, 0, 0}, 4, AS_RIP_ERR_BAD_COMMAND},
		{"command 12", {12, 2, 0, 0}, 4, AS_RIP_ERR_BAD_COMMAND},
		{"traceon", {3, 1, 0, 0}, 4, AS_RIP_ERR_OBSOLETE_COMMAND},
		{"sun reserved", {5, 1, 0, 0}, 4, AS_RIP_ERR_OBSOLETE_COMMAND},
		{"rfc 1582 triggered response", {7, 2, 0, 0}, 4, AS_RIP_ERR_DEMAND_RIP},
		{"v1 header mbz", {2, 1, 0, 1}, 4, AS_RIP_ERR_MBZ_HEADER},
		{"half entry", {2, 2, 0, 0, 0, 2}, 14, AS_RIP_ERR_BAD_LENGTH},
		{"update response without header", {10, 2, 0, 0, 1, 0}, 6, AS_RIP_ERR_UPD_SHORT},
		{"update version 2", {10, 2, 0, 0, 2, 0, 0, 1}, 8, AS_RIP_ERR_UPD_VERSION},
		{"flush 2", {10, 2, 0, 0, 1, 2, 0, 1}, 8, AS_RIP_ERR_UPD_FLUSH},
		{"update request mbz", {9, 2, 0, 0, 1, 0, 0, 1}, 8, AS_RIP_ERR_UPD_MBZ},
		{"ack with a route",
		 {11, 2, 0, 0, 1, 0, 0, 1, 0, 2, 0, 0, 10, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		  1},
		 28, AS_RIP_ERR_ACK_HAS_ROUTES},
		{"auth type 26725", {1, 2, 0, 0, 0xFF, 0xFF, 0x68, 0x65}, 24, AS_RIP_ERR_AUTH_TYPE},
		{"auth entry second",
		 {2, 2, 0, 0, 0, 2, 0, 0, 10, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF,
		  0xFF, 0, 2},
		 44, AS_RIP_ERR_AUTH_NOT_FIRST},
		{"crypto packet length past the end",
		 {2, 2, 0, 0, 0xFF, 0xFF, 0, 3, 0, 200, 1, 16}, 44, AS_RIP_ERR_AUTH_LENGTH},
		{"crypto packet length inside the auth entry",
		 {2, 2, 0, 0, 0xFF, 0xFF, 0, 3, 0, 8, 1, 16}, 44, AS_RIP_ERR_AUTH_LENGTH},
		{"crypto trailer missing",
		 {2, 2, 0, 0, 0xFF, 0xFF, 0, 3, 0, 24, 1, 16}, 44, AS_RIP_ERR_AUTH_TRAILER},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct as_rip_msg d;
		ssize_t r = as_rip_decode(cases[i].bytes, cases[i].len, &d);
		if (r != -(ssize_t)cases[i].want)
			fail_msg("%s: got %zd (%s), want %s", cases[i].what, r,
				 r < 0 ? as_rip_err_str((enum as_rip_err)-r) : "ok",
				 as_rip_err_str(cases[i].want));
	}
}

static void test_too_many_entries(void **state)
{
	(void)state;
	uint8_t buf[4 + 26 * 20] = {2, 2, 0, 0};
	for (size_t i = 0; i < 26; i++) {
		buf[4 + i * 20 + 1] = 2;
		buf[4 + i * 20 + 4] = 10;
		buf[4 + i * 20 + 8] = 255;
		buf[4 + i * 20 + 19] = 1;
	}
	struct as_rip_msg d;
	assert_int_equal(as_rip_decode(buf, 4 + 25 * 20, &d), 4 + 25 * 20);
	assert_int_equal(as_rip_decode(buf, sizeof buf, &d), -AS_RIP_ERR_TOO_MANY_ENTRIES);
	assert_int_equal(d.n_entries, 25); /* what fits is still shown */
}

/* Both readings of the keyed-MD5 Auth Data Len (16 and 20) are accepted; 18 is not. */
static void test_md5_auth_len_readings(void **state)
{
	(void)state;
	for (int al = 16; al <= 20; al += 2) {
		struct as_rip_msg m = make_msg(AS_RIP_RESPONSE, 2, 2);
		m.auth.type = AS_RIP_AUTH_CRYPTO;
		m.auth.auth_len = (uint8_t)al;
		uint8_t buf[AS_RIP_MAX_LEN];
		ssize_t len = as_rip_encode(&m, &md5_key, buf, sizeof buf);
		assert_true(len > 0);
		struct as_rip_msg d;
		ssize_t r = as_rip_decode(buf, (size_t)len, &d);
		if (al == 18) {
			assert_int_equal(r, -AS_RIP_ERR_AUTH_DIGEST_LEN);
		} else {
			assert_int_equal(r, len);
			assert_int_equal(d.auth.auth_len, al);
			assert_int_equal(as_rip_auth_verify(buf, (size_t)len, &d, &md5_key), AS_RIP_OK);
		}
	}
}

struct skip_case {
	const char *what;
	uint8_t version;
	uint16_t afi, tag;
	uint32_t addr, mask, next_hop, metric;
	enum as_rip_skip want;
};

static void test_entry_skips(void **state)
{
	(void)state;
	static const struct skip_case cases[] = {
		{"good", 2, 2, 0, 0xC6120000, 0xFFFF0000, 0, 1, AS_RIP_SKIP_NONE},
		{"default route", 2, 2, 0, 0, 0, 0, 1, AS_RIP_SKIP_NONE},
		{"infinity is a route", 2, 2, 0, 0xC6120000, 0xFFFF0000, 0, 16, AS_RIP_SKIP_NONE},
		{"afi 7", 2, 7, 0, 0xC6120000, 0xFFFF0000, 0, 1, AS_RIP_SKIP_AFI},
		{"metric 0", 2, 2, 0, 0xC6120000, 0xFFFF0000, 0, 0, AS_RIP_SKIP_METRIC},
		{"metric 17", 2, 2, 0, 0xC6120000, 0xFFFF0000, 0, 17, AS_RIP_SKIP_METRIC},
		{"metric huge", 2, 2, 0, 0xC6120000, 0xFFFF0000, 0, 268435457, AS_RIP_SKIP_METRIC},
		{"loopback", 2, 2, 0, 0x7F000000, 0xFF000000, 0, 1, AS_RIP_SKIP_NOT_UNICAST},
		{"multicast", 2, 2, 0, 0xE0000000, 0xF0000000, 0, 1, AS_RIP_SKIP_NOT_UNICAST},
		{"class E", 2, 2, 0, 0xF0000000, 0xF0000000, 0, 1, AS_RIP_SKIP_NOT_UNICAST},
		{"net 0 host", 2, 2, 0, 0x00000005, 0xFFFFFFFF, 0, 1, AS_RIP_SKIP_NOT_UNICAST},
		{"mask with a hole", 2, 2, 0, 0xC6120000, 0xFF00FF00, 0, 1, AS_RIP_SKIP_MASK},
		{"host bits", 2, 2, 0, 0xC6120001, 0xFFFF0000, 0, 1, AS_RIP_SKIP_HOST_BITS},
		{"next hop multicast", 2, 2, 0, 0xC6120000, 0xFFFF0000, 0xE0000009, 1,
		 AS_RIP_SKIP_NEXT_HOP},
		{"v1 tag", 1, 2, 5, 0xC6120000, 0, 0, 1, AS_RIP_SKIP_V1_MBZ},
		{"v1 mask", 1, 2, 0, 0xC6120000, 0xFFFF0000, 0, 1, AS_RIP_SKIP_V1_MBZ},
		{"v1 good", 1, 2, 0, 0xC6120000, 0, 0, 1, AS_RIP_SKIP_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct skip_case *c = &cases[i];
		struct as_rip_msg m = make_msg(AS_RIP_RESPONSE, c->version, 2);
		m.e[1] = (struct as_rip_entry){.afi = c->afi, .tag = c->tag, .addr = c->addr,
					       .mask = c->mask, .next_hop = c->next_hop,
					       .metric = c->metric};
		uint8_t buf[AS_RIP_MAX_LEN];
		ssize_t len = as_rip_encode(&m, NULL, buf, sizeof buf);
		struct as_rip_msg d;
		assert_int_equal(as_rip_decode(buf, (size_t)len, &d), len);
		if (d.e[1].skip != c->want)
			fail_msg("%s: skip %s, want %s", c->what,
				 as_rip_skip_str((enum as_rip_skip)d.e[1].skip), as_rip_skip_str(c->want));
		assert_int_equal(d.e[0].skip, AS_RIP_SKIP_NONE); /* the neighbour is untouched */
		assert_int_equal(d.n_skipped, c->want ? 1 : 0);
	}
}

/* Every packet kind cut at every length: the decoder never reads past the end (ASan checks
 * that) and never accepts a cut authenticated packet. */
static void test_every_truncation(void **state)
{
	(void)state;
	static const uint8_t cmds[] = {AS_RIP_REQUEST, AS_RIP_RESPONSE, AS_RIP_UPDATE_REQUEST,
				       AS_RIP_UPDATE_RESPONSE, AS_RIP_UPDATE_ACK};
	static const uint8_t algs[] = {AS_RIP_ALG_NONE, AS_RIP_ALG_SIMPLE, AS_RIP_ALG_MD5,
				       AS_RIP_ALG_SHA512};
	for (size_t c = 0; c < sizeof cmds; c++) {
		for (size_t a = 0; a < sizeof algs; a++) {
			size_t n = cmds[c] == AS_RIP_UPDATE_ACK ? 0 : 3;
			struct as_rip_msg m = make_msg(cmds[c], 2, n);
			struct as_rip_key key = {.alg = algs[a], .key_id = 1, .len = 3, .secret = "key"};
			m.auth.type = algs[a] == AS_RIP_ALG_NONE     ? AS_RIP_AUTH_NONE
				      : algs[a] == AS_RIP_ALG_SIMPLE ? AS_RIP_AUTH_SIMPLE
								     : AS_RIP_AUTH_CRYPTO;
			uint8_t full[AS_RIP_MAX_LEN];
			ssize_t len = as_rip_encode(&m, algs[a] ? &key : NULL, full, sizeof full);
			assert_true(len > 0);
			for (size_t cut = 0; cut < (size_t)len; cut++) {
				/* An exact-size heap copy: ASan flags any read past it. */
				uint8_t *p = test_malloc(cut ? cut : 1);
				memcpy(p, full, cut);
				struct as_rip_msg d;
				ssize_t r = as_rip_decode(p, cut, &d);
				/* A cut can leave a shorter whole packet (the header alone is an
				 * empty request), but never one that still claims a digest. */
				if (m.auth.type == AS_RIP_AUTH_CRYPTO && r >= 0 &&
				    d.auth.type != AS_RIP_AUTH_NONE)
					fail_msg("cmd %u alg %u cut %zu accepted", cmds[c], algs[a], cut);
				if (r >= 0) /* a shorter packet that is whole in its own right */
					assert_int_equal((cut - 4 - (as_rip_cmd_is_triggered(cmds[c]) ? 4 : 0)) % 20, 0);
				test_free(p);
			}
		}
	}
}

/* Encode into every too-small buffer: -1, and nothing written past the capacity. */
static void test_encode_every_capacity(void **state)
{
	(void)state;
	struct as_rip_msg m = make_msg(AS_RIP_UPDATE_RESPONSE, 2, 24);
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	struct as_rip_key key = {.alg = AS_RIP_ALG_SHA256, .key_id = 3, .len = 4, .secret = "abcd"};
	uint8_t full[AS_RIP_MAX_LEN];
	ssize_t len = as_rip_encode(&m, &key, full, sizeof full);
	assert_int_equal(len, 8 + 20 + 24 * 20 + 4 + 32);
	for (size_t cap = 0; cap < (size_t)len; cap++) {
		uint8_t buf[AS_RIP_MAX_LEN + 1];
		memset(buf, 0xA5, sizeof buf);
		assert_int_equal(as_rip_encode(&m, &key, buf, cap), -1);
		for (size_t i = cap; i < sizeof buf; i++)
			assert_int_equal(buf[i], 0xA5);
	}
	/* Limits: 25 entries plus an authentication entry do not fit a RIP message. */
	m.n_entries = 25;
	assert_int_equal(as_rip_encode(&m, &key, full, sizeof full), -1);
	m.auth.type = AS_RIP_AUTH_NONE;
	assert_true(as_rip_encode(&m, NULL, full, sizeof full) > 0);
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.n_entries = 1;
	assert_int_equal(as_rip_encode(&m, NULL, full, sizeof full), -1); /* crypto needs a key */
	/* A simple password has 16 bytes on the wire: a longer one is refused, not cut. */
	m.auth.type = AS_RIP_AUTH_SIMPLE;
	struct as_rip_key pw = {.alg = AS_RIP_ALG_SIMPLE, .len = 17, .secret = "abcdefghijklmnopq"};
	assert_int_equal(as_rip_encode(&m, &pw, full, sizeof full), -1);
	pw.len = 16;
	assert_true(as_rip_encode(&m, &pw, full, sizeof full) > 0);
}

static void test_names(void **state)
{
	(void)state;
	for (int e = 0; e < AS_RIP_ERR_COUNT; e++) {
		const char *s = as_rip_err_str((enum as_rip_err)e);
		assert_non_null(s);
		assert_true(strlen(s) > 1);
		for (int f = 0; f < e; f++)
			assert_string_not_equal(s, as_rip_err_str((enum as_rip_err)f));
	}
	for (int s = 0; s < AS_RIP_SKIP_COUNT; s++)
		assert_string_not_equal(as_rip_skip_str((enum as_rip_skip)s), "unknown");
	assert_string_equal(as_rip_cmd_str(AS_RIP_UPDATE_ACK), "update-ack");
	assert_string_equal(as_rip_err_str((enum as_rip_err)999), "rip-unknown-error");
	assert_int_equal(as_ipv4_mask_len(0xFFFFFF00u), 24);
	assert_int_equal(as_ipv4_mask_len(0), 0);
	assert_int_equal(as_ipv4_mask_len(0xFFFFFFFFu), 32);
	assert_int_equal(as_ipv4_mask_len(0xFF00FF00u), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_all),
		cmocka_unit_test(test_whole_table_request_bytes),
		cmocka_unit_test(test_update_request_bird_form),
		cmocka_unit_test(test_bird_capture_triggered),
		cmocka_unit_test(test_packet_rejections),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_md5_auth_len_readings),
		cmocka_unit_test(test_entry_skips),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_encode_every_capacity),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
