/* test_rip_auth.c - RIPv2 authentication: known answers (PROTOCOLS.md 2.7), the real digests of
 * the bundled captures with the keys of pcaps/MANIFEST.md, tampering, key selection. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <autostatic/rip.h>

#include "tests/unit/pcapfile.h"

static struct as_rip_key key_of(enum as_rip_alg alg, int key_id, const char *secret)
{
	struct as_rip_key k = {.alg = (uint8_t)alg};
	k.any_key_id = key_id < 0;
	k.key_id = (uint8_t)(key_id < 0 ? 0 : key_id);
	k.len = (uint16_t)strlen(secret);
	memcpy(k.secret, secret, k.len);
	return k;
}

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	while (*h) {
		if (*h == ' ') {
			h++;
			continue;
		}
		unsigned v;
		sscanf(h, "%2x", &v);
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

/* Decodes, then verifies with key; returns the verification result. */
static enum as_rip_err verify_hex(const char *hex, const struct as_rip_key *k)
{
	uint8_t pkt[AS_RIP_MAX_LEN];
	struct as_rip_msg m;
	size_t len = unhex(hex, pkt);
	ssize_t r = as_rip_decode(pkt, len, &m);
	if (r < 0)
		fail_msg("decode: %s", as_rip_err_str((enum as_rip_err)-r));
	return as_rip_auth_verify(pkt, len, &m, k);
}

/* PROTOCOLS.md 2.7: keyed MD5 of a one-route response, Auth Data Len 16 and 20. */
static const char md5_16[] =
	"02020000ffff0003002c011000000001000000000000000000020000 0a000000ff00000000000000"
	"00000001ffff0001e67ff9615ab47e79785524d6f520cf31";
static const char md5_20[] =
	"02020000ffff0003002c011400000001000000000000000000020000 0a000000ff00000000000000"
	"00000001ffff000150eab90c92fc147971a79672dbcbdd5c";

static void test_md5_known_answers(void **state)
{
	(void)state;
	struct as_rip_key k = key_of(AS_RIP_ALG_MD5, 1, "rip-test-key");
	assert_int_equal(verify_hex(md5_16, &k), AS_RIP_OK);
	assert_int_equal(verify_hex(md5_20, &k), AS_RIP_OK);
	struct as_rip_key wrong = key_of(AS_RIP_ALG_MD5, 1, "rip-test-kez");
	assert_int_equal(verify_hex(md5_16, &wrong), AS_RIP_ERR_AUTH_FAILED);
}

/* Our encoder reproduces the known answers byte for byte. */
static void test_md5_sign_matches(void **state)
{
	(void)state;
	struct as_rip_msg m;
	memset(&m, 0, sizeof m);
	m.command = AS_RIP_RESPONSE;
	m.version = 2;
	m.auth.type = AS_RIP_AUTH_CRYPTO;
	m.auth.seq = 1;
	m.n_entries = 1;
	m.e[0] = (struct as_rip_entry){.afi = 2, .addr = 0x0A000000, .mask = 0xFF000000, .metric = 1};
	struct as_rip_key k = key_of(AS_RIP_ALG_MD5, 1, "rip-test-key");
	uint8_t want[AS_RIP_MAX_LEN], got[AS_RIP_MAX_LEN];
	for (int al = 16; al <= 20; al += 4) {
		size_t wlen = unhex(al == 16 ? md5_16 : md5_20, want);
		m.auth.auth_len = (uint8_t)al;
		assert_int_equal(as_rip_encode(&m, &k, got, sizeof got), wlen);
		assert_memory_equal(got, want, wlen);
	}
	/* HMAC-SHA-1 and -256 digests from the same sheet. */
	static const char *sha[] = {"d68ad4365e5c478141d2079fcf391635ce5034cf",
				    "6f183697e5063cf213103856aa72ddb3acd3900c436c6d7fa56d755314fe6525"};
	enum as_rip_alg algs[] = {AS_RIP_ALG_SHA1, AS_RIP_ALG_SHA256};
	for (int i = 0; i < 2; i++) {
		struct as_rip_key hk = key_of(algs[i], 1, "rip-test-key");
		m.auth.auth_len = 0;
		ssize_t len = as_rip_encode(&m, &hk, got, sizeof got);
		size_t dl = unhex(sha[i], want);
		assert_int_equal(len, 44 + 4 + dl);
		assert_int_equal(got[11], dl); /* Auth Data Len = digest length (RFC 4822) */
		assert_memory_equal(got + 48, want, dl);
	}
}

/* Real packets quoted in PROTOCOLS.md 2.7: Cisco IOS and tcpdump's test capture. */
static void test_real_packets(void **state)
{
	(void)state;
	struct as_rip_key cisco = key_of(AS_RIP_ALG_MD5, 1, "RIPAUTH1");
	assert_int_equal(verify_hex("01020000ffff0003002c01140000000000000000000000000000000000000000"
				    "000000000000000000000010ffff00018f49e48b2d50e73f629db733e1f84148",
				    &cisco),
			 AS_RIP_OK);
	/* A 26-byte key: keyed MD5 uses its first 16 bytes. */
	struct as_rip_key md5 = key_of(AS_RIP_ALG_MD5, 45, "abcdefghijklmnopqrstuvwxyz");
	assert_int_equal(verify_hex("01020000ffff0003002c2d104fd6133800000000000000000000000000000000"
				    "000000000000000000000010ffff0001a2fec865f120880823261369d6c23593",
				    &md5),
			 AS_RIP_OK);
	/* HMAC-SHA-1 with the same 26-byte key used as is (RFC 2104 key handling). */
	struct as_rip_key sha1 = key_of(AS_RIP_ALG_SHA1, 45, "abcdefghijklmnopqrstuvwxyz");
	assert_int_equal(verify_hex("01020000ffff0003002c2d144fd6135100000000000000000000000000000000"
				    "000000000000000000000010ffff0001728c5b169a1b39130021a73f7a73bc1b"
				    "eee0e6a2",
				    &sha1),
			 AS_RIP_OK);
}

/* Every authenticated frame of the bundled captures verifies with the MANIFEST.md keys. */
static void check_capture(const char *file, const unsigned *frames, size_t n,
			  const struct as_rip_key *k, enum as_rip_alg want_alg)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t p[AS_RIP_MAX_LEN];
		struct as_rip_msg m;
		size_t len = tp_payload(file, frames[i], p, sizeof p);
		ssize_t r = as_rip_decode(p, len, &m);
		if (r < 0)
			fail_msg("%s frame %u: %s", file, frames[i], as_rip_err_str((enum as_rip_err)-r));
		assert_int_equal(m.auth.alg, want_alg);
		if (as_rip_auth_verify(p, len, &m, k) != AS_RIP_OK)
			fail_msg("%s frame %u does not verify", file, frames[i]);
		/* Any single flipped bit anywhere breaks the digest or the password. */
		for (size_t b = 0; b < len; b += 7) {
			if (m.auth.type == AS_RIP_AUTH_SIMPLE && (b < 8 || b >= 24))
				continue; /* only the password is covered by simple authentication */
			p[b] ^= 0x01;
			struct as_rip_msg t;
			if (as_rip_decode(p, len, &t) >= 0 &&
			    as_rip_auth_verify(p, len, &t, k) == AS_RIP_OK)
				fail_msg("%s frame %u: flipped byte %zu still verifies", file, frames[i], b);
			p[b] ^= 0x01;
		}
	}
}

static void test_tcpdump_capture(void **state)
{
	(void)state;
	static const unsigned simple[] = {1, 2}, md5[] = {3, 4}, sha1[] = {5, 6}, sha256[] = {7, 8},
			      sha384[] = {9, 10}, sha512[] = {11, 12};
	const char *f = "tcpdump/ripv2_auth.pcap", *k26 = "abcdefghijklmnopqrstuvwxyz";
	struct as_rip_key k;
	k = key_of(AS_RIP_ALG_SIMPLE, -1, "abcdefghijklmnop");
	check_capture(f, simple, 2, &k, AS_RIP_ALG_SIMPLE);
	k = key_of(AS_RIP_ALG_MD5, 45, "abcdefghijklmnop");
	check_capture(f, md5, 2, &k, AS_RIP_ALG_MD5);
	k = key_of(AS_RIP_ALG_SHA1, 45, k26);
	check_capture(f, sha1, 2, &k, AS_RIP_ALG_SHA1);
	k = key_of(AS_RIP_ALG_SHA256, 45, k26);
	check_capture(f, sha256, 2, &k, AS_RIP_ALG_SHA256);
	k = key_of(AS_RIP_ALG_SHA384, 45, k26);
	check_capture(f, sha384, 2, &k, AS_RIP_ALG_SHA384);
	k = key_of(AS_RIP_ALG_SHA512, 45, k26);
	check_capture(f, sha512, 2, &k, AS_RIP_ALG_SHA512);
}

static void test_cisco_capture(void **state)
{
	(void)state;
	static const unsigned md5[] = {6, 18, 43, 104, 114, 126, 137, 148, 157, 169, 181};
	struct as_rip_key k = key_of(AS_RIP_ALG_MD5, 1, "cisco");
	check_capture("isa-rip/rip-md5.pcapng", md5, sizeof md5 / sizeof md5[0], &k,
		      AS_RIP_ALG_MD5);
	static const unsigned pw1[] = {3, 7, 17}, pw2[] = {22, 26};
	k = key_of(AS_RIP_ALG_SIMPLE, -1, "ISA>28314708612");
	check_capture("isa-rip/onlyrip-isa.pcapng", pw1, 3, &k, AS_RIP_ALG_SIMPLE);
	k = key_of(AS_RIP_ALG_SIMPLE, -1, "ISA>296176d8cfe");
	check_capture("isa-rip/onlyrip-isa.pcapng", pw2, 2, &k, AS_RIP_ALG_SIMPLE);
}

/* A key for another key ID or algorithm is "no key", not "failed" (RFC 4822 3.2: the key
 * is chosen by key ID, never by trying). */
static void test_key_selection(void **state)
{
	(void)state;
	struct as_rip_key other_id = key_of(AS_RIP_ALG_MD5, 2, "rip-test-key");
	assert_int_equal(verify_hex(md5_16, &other_id), AS_RIP_ERR_AUTH_NO_KEY);
	struct as_rip_key other_alg = key_of(AS_RIP_ALG_SHA1, 1, "rip-test-key");
	assert_int_equal(verify_hex(md5_16, &other_alg), AS_RIP_ERR_AUTH_NO_KEY);
	struct as_rip_key any_id = key_of(AS_RIP_ALG_MD5, -1, "rip-test-key");
	assert_int_equal(verify_hex(md5_16, &any_id), AS_RIP_OK);
	assert_int_equal(verify_hex(md5_16, NULL), AS_RIP_ERR_AUTH_NO_KEY);
	/* A password longer than the 16 bytes on the wire cannot match. */
	uint8_t pkt[64];
	struct as_rip_msg m;
	size_t len = tp_payload("tcpdump/ripv2_auth.pcap", 1, pkt, sizeof pkt);
	assert_true(as_rip_decode(pkt, len, &m) > 0);
	struct as_rip_key longer = key_of(AS_RIP_ALG_SIMPLE, -1, "abcdefghijklmnopq");
	assert_int_equal(as_rip_auth_verify(pkt, len, &m, &longer), AS_RIP_ERR_AUTH_FAILED);
}

/* The digest must match the trailer length exactly; a truncated trailer is rejected by the
 * decoder before any digest work. */
static void test_trailer_lengths(void **state)
{
	(void)state;
	uint8_t pkt[AS_RIP_MAX_LEN];
	size_t len = unhex(md5_16, pkt);
	struct as_rip_msg m;
	for (size_t cut = 1; cut <= 16; cut++)
		assert_int_equal(as_rip_decode(pkt, len - cut, &m), -AS_RIP_ERR_AUTH_DIGEST_LEN);
	/* Auth Data Len 16 with a 20-byte digest (HMAC-SHA-1 size) is neither reading. */
	uint8_t big[AS_RIP_MAX_LEN];
	memcpy(big, pkt, len);
	memset(big + len, 0, 4);
	assert_int_equal(as_rip_decode(big, len + 4, &m), -AS_RIP_ERR_AUTH_DIGEST_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md5_known_answers),
		cmocka_unit_test(test_md5_sign_matches),
		cmocka_unit_test(test_real_packets),
		cmocka_unit_test(test_tcpdump_capture),
		cmocka_unit_test(test_cisco_capture),
		cmocka_unit_test(test_key_selection),
		cmocka_unit_test(test_trailer_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
