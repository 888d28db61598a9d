/* fuzz_rip_auth.c - fuzz target: RIPv2 authentication (RFC 2453 4.1, RFC 2082, RFC 4822).
 *
 * The input describes a valid RIPv2 message rather than being one:
 *
 *   byte 0      command (response, request, update response/request/ack) and flush
 *   byte 1      bit 0: send Auth Data Len as digest length + 4 (the Cisco reading)
 *   byte 2      key ID
 *   byte 3      key length (0..128; at most 16 for the simple password)
 *   byte 4      first key byte (the rest follows from it)
 *   bytes 5-6   header must-be-zero field (RIPv2 ignores it)
 *   bytes 7-8   RFC 2091 sequence number
 *   bytes 9-12  cryptographic sequence number
 *   bytes 13-14 which bit to flip
 *   then        route entries, 20 bytes each, at most 24 (AFI FFFF turned into 2)
 *
 * For each of simple password, keyed MD5 and HMAC-SHA-1/256/384/512 the message is signed
 * with as_rip_encode, decoded, and must verify; keys of another algorithm or key ID must be
 * refused (no-key) and a changed secret must fail. Then one bit of the signed packet is
 * flipped: if the packet still decodes, it must not verify unless the bit lies outside what
 * the scheme authenticates (for the simple password, everything but the password). Finally
 * the raw input is decoded as a packet and verified with every key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <autostatic/rip.h>

#include "fuzz/common.h"

#define PARAM_LEN 15

static const uint8_t commands[] = {AS_RIP_RESPONSE, AS_RIP_REQUEST, AS_RIP_UPDATE_RESPONSE,
				   AS_RIP_UPDATE_REQUEST, AS_RIP_UPDATE_ACK};

static const enum as_rip_alg algs[] = {AS_RIP_ALG_SIMPLE, AS_RIP_ALG_MD5, AS_RIP_ALG_SHA1,
				       AS_RIP_ALG_SHA256, AS_RIP_ALG_SHA384, AS_RIP_ALG_SHA512};
#define N_ALGS (sizeof algs / sizeof algs[0])

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static struct as_rip_key make_key(enum as_rip_alg alg, uint8_t key_id, size_t len, uint8_t first)
{
	struct as_rip_key k;
	memset(&k, 0, sizeof k);
	k.alg = (uint8_t)alg;
	k.key_id = key_id;
	if (alg == AS_RIP_ALG_SIMPLE && len > 16)
		len = 16; /* a longer password cannot be sent whole */
	k.len = (uint16_t)len;
	for (size_t i = 0; i < len; i++)
		k.secret[i] = (uint8_t)(first + 7 * i);
	return k;
}

static void build(const uint8_t *data, size_t size, struct as_rip_msg *m)
{
	memset(m, 0, sizeof *m);
	m->command = commands[data[0] % sizeof commands];
	m->version = 2;
	m->mbz = be16(data + 5);
	if (as_rip_cmd_is_triggered(m->command)) {
		m->upd_version = 1;
		if (m->command != AS_RIP_UPDATE_REQUEST) {
			m->flush = (data[0] / sizeof commands) & 1;
			m->seq = be16(data + 7);
		}
	}
	m->auth.seq = be32(data + 9);
	size_t n = (size - PARAM_LEN) / AS_RIP_RTE_LEN;
	if (n > AS_RIP_MAX_ENTRIES - 1)
		n = AS_RIP_MAX_ENTRIES - 1;
	if (m->command == AS_RIP_UPDATE_ACK)
		n = 0; /* an acknowledgement carries no routes */
	const uint8_t *q = data + PARAM_LEN;
	for (size_t i = 0; i < n; i++, q += AS_RIP_RTE_LEN) {
		struct as_rip_entry *e = &m->e[i];
		e->afi = be16(q);
		if (e->afi == AS_RIP_AFI_AUTH) /* only the first entry may authenticate */
			e->afi = AS_RIP_AFI_INET;
		e->tag = be16(q + 2);
		e->addr = be32(q + 4);
		e->mask = be32(q + 8);
		e->next_hop = be32(q + 12);
		e->metric = be32(q + 16);
	}
	m->n_entries = (uint8_t)n;
}

static void check_same_routes(const struct as_rip_msg *want, const struct as_rip_msg *got)
{
	FUZZ_CHECK(got->command == want->command && got->version == 2);
	FUZZ_CHECK(got->mbz == want->mbz && got->seq == want->seq && got->flush == want->flush);
	FUZZ_CHECK(got->n_entries == want->n_entries);
	for (size_t i = 0; i < want->n_entries; i++) {
		const struct as_rip_entry *a = &want->e[i], *b = &got->e[i];
		FUZZ_CHECK(a->afi == b->afi && a->tag == b->tag && a->addr == b->addr &&
			   a->mask == b->mask && a->next_hop == b->next_hop &&
			   a->metric == b->metric);
	}
}

/* Signs msg with key, checks the packet, flips one bit. */
static void sign_and_check(const struct as_rip_msg *built, const struct as_rip_key *key,
			   bool long_auth_len, uint16_t flip)
{
	struct as_rip_msg m = *built, d, d2;
	uint8_t buf[AS_RIP_MAX_LEN];
	bool simple = key->alg == AS_RIP_ALG_SIMPLE;
	size_t dlen = as_rip_alg_digest_len((enum as_rip_alg)key->alg);

	m.auth.type = simple ? AS_RIP_AUTH_SIMPLE : AS_RIP_AUTH_CRYPTO;
	m.auth.auth_len = (uint8_t)(!simple && long_auth_len ? dlen + AS_RIP_TRAILER_HDR_LEN : 0);
	ssize_t n = as_rip_encode(&m, simple ? key : NULL, buf, sizeof buf);
	if (simple)
		FUZZ_CHECK(as_rip_encode(&m, NULL, buf, sizeof buf) == n); /* msg's password */
	else
		FUZZ_CHECK(as_rip_encode(&m, NULL, buf, sizeof buf) == -1); /* key required */
	n = as_rip_encode(&m, key, buf, sizeof buf);
	FUZZ_CHECK(n > 0);

	uint8_t *pkt = fuzz_dup(buf, (size_t)n);
	FUZZ_CHECK(as_rip_decode(pkt, (size_t)n, &d) == n);
	check_same_routes(&m, &d);
	FUZZ_CHECK(d.auth.type == m.auth.type && d.auth.alg == key->alg);
	if (!simple) {
		FUZZ_CHECK(d.auth.key_id == key->key_id && d.auth.seq == m.auth.seq);
		FUZZ_CHECK(d.auth.digest_len == dlen);
		FUZZ_CHECK(d.auth.auth_len == (long_auth_len ? dlen + AS_RIP_TRAILER_HDR_LEN : dlen));
		FUZZ_CHECK((size_t)n == (size_t)d.auth.trailer_off + AS_RIP_TRAILER_HDR_LEN + dlen);
	}
	FUZZ_CHECK(as_rip_auth_verify(pkt, (size_t)n, &d, key) == AS_RIP_OK);

	/* Other keys: another algorithm or key ID is "no key", another secret fails. */
	struct as_rip_key k2 = *key;
	k2.alg = (uint8_t)(simple ? AS_RIP_ALG_MD5 : AS_RIP_ALG_SIMPLE);
	FUZZ_CHECK(as_rip_auth_verify(pkt, (size_t)n, &d, &k2) == AS_RIP_ERR_AUTH_NO_KEY);
	if (!simple) {
		k2 = *key;
		k2.alg = (uint8_t)(key->alg == AS_RIP_ALG_SHA512 ? AS_RIP_ALG_MD5 : key->alg + 1);
		FUZZ_CHECK(as_rip_auth_verify(pkt, (size_t)n, &d, &k2) == AS_RIP_ERR_AUTH_NO_KEY);
		k2 = *key;
		k2.key_id++;
		FUZZ_CHECK(as_rip_auth_verify(pkt, (size_t)n, &d, &k2) == AS_RIP_ERR_AUTH_NO_KEY);
		k2.any_key_id = true;
		FUZZ_CHECK(as_rip_auth_verify(pkt, (size_t)n, &d, &k2) == AS_RIP_OK);
	}
	if (key->len > 0) {
		k2 = *key;
		k2.secret[0] ^= 0x01;
		FUZZ_CHECK(as_rip_auth_verify(pkt, (size_t)n, &d, &k2) == AS_RIP_ERR_AUTH_FAILED);
	}

	/* Signing refuses a digest length that is not the algorithm's, and writes nothing. */
	if (!simple) {
		uint8_t before[AS_RIP_MAX_LEN];
		memcpy(before, buf, (size_t)n);
		FUZZ_CHECK(as_rip_auth_sign(buf, d.auth.trailer_off, dlen == 16 ? 20 : 16, key) == -1);
		FUZZ_CHECK(memcmp(before, buf, (size_t)n) == 0);
	}

	/* One flipped bit. */
	size_t bit = flip % ((size_t)n * 8);
	pkt[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	if (as_rip_decode(pkt, (size_t)n, &d2) == n) {
		enum as_rip_err v = as_rip_auth_verify(pkt, (size_t)n, &d2, key);
		if (v == AS_RIP_OK) {
			/* Only the simple password leaves bytes unauthenticated: all but the
			 * password field of the authentication entry. */
			size_t auth_off = AS_RIP_HDR_LEN +
					  (as_rip_cmd_is_triggered(m.command) ? AS_RIP_UPD_HDR_LEN : 0);
			size_t lo = auth_off + 4, hi = auth_off + AS_RIP_RTE_LEN;
			FUZZ_CHECK(simple && (bit / 8 < lo || bit / 8 >= hi));
		}
	}
	free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct as_rip_msg m, raw;

	if (size < PARAM_LEN)
		return 0;
	build(data, size, &m);
	bool long_auth_len = data[1] & 1;
	uint8_t key_id = data[2];
	size_t key_len = data[3] % 129;
	uint16_t flip = be16(data + 13);
	for (size_t i = 0; i < N_ALGS; i++) {
		struct as_rip_key key = make_key(algs[i], key_id, key_len, data[4]);
		sign_and_check(&m, &key, long_auth_len, flip);
	}

	/* The input itself as a packet: verification must hold up whatever it says. */
	uint8_t *pkt = fuzz_dup(data, size);
	ssize_t r = as_rip_decode(pkt, size, &raw);
	for (size_t i = 0; i < N_ALGS; i++) {
		struct as_rip_key key = make_key(algs[i], key_id, key_len, data[4]);
		for (int any = 0; any < 2; any++) {
			key.any_key_id = any;
			enum as_rip_err v = as_rip_auth_verify(pkt, size, &raw, &key);
			FUZZ_CHECK(v == AS_RIP_OK || v == AS_RIP_ERR_AUTH_FAILED ||
				   v == AS_RIP_ERR_AUTH_NO_KEY);
			if (v == AS_RIP_OK && r >= 0)
				FUZZ_CHECK(raw.auth.alg == key.alg);
		}
	}
	free(pkt);
	return 0;
}
