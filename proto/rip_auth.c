/* rip_auth.c - RIPv2 authentication: simple password (RFC 2453 4.1), keyed MD5 (RFC 2082) and
 * HMAC-SHA-1/256/384/512 (RFC 4822), computed with OpenSSL libcrypto.
 *
 * Keyed MD5: MD5(packet through the trailer's FFFF 0001 || key zero-padded/truncated to 16).
 * HMAC-SHA: the digest field is filled with Apad (0x878FE1F3 repeated), then a standard
 * RFC 2104 HMAC runs over the packet through the end of that field. A key longer than the
 * digest but not longer than the hash block is used as is, as BIRD and the implementation in
 * tcpdump's ripv2_auth.pcap do (PROTOCOLS.md 2.4; RFC 4822's literal text would hash it).
 *
 * Lengths are checked before any digest work; digests are compared in constant time; keys are
 * passed in. Sequence-number policy belongs to the caller, which knows the neighbour.
 */
#include "config.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <autostatic/rip.h>

#include "proto/cursor.h"

#define APAD 0x878FE1F3u
#define MD5_KEY_LEN 16

static const EVP_MD *alg_md(enum as_rip_alg alg)
{
	switch (alg) {
	case AS_RIP_ALG_MD5: return EVP_md5();
	case AS_RIP_ALG_SHA1: return EVP_sha1();
	case AS_RIP_ALG_SHA256: return EVP_sha256();
	case AS_RIP_ALG_SHA384: return EVP_sha384();
	case AS_RIP_ALG_SHA512: return EVP_sha512();
	case AS_RIP_ALG_NONE:
	case AS_RIP_ALG_SIMPLE:
		break;
	}
	return NULL;
}

/* Computes the digest of pkt[0..tr+4+dlen) whose digest field holds anything; pkt is a
 * writable copy. out receives dlen bytes. */
static int compute(uint8_t *pkt, size_t tr, size_t dlen, const struct as_rip_key *key,
		   uint8_t *out)
{
	const EVP_MD *md = alg_md((enum as_rip_alg)key->alg);
	uint8_t *field = pkt + tr + AS_RIP_TRAILER_HDR_LEN;
	size_t total = tr + AS_RIP_TRAILER_HDR_LEN + dlen;

	if (!md || (size_t)EVP_MD_get_size(md) != dlen)
		return -1;
	if (key->alg == AS_RIP_ALG_MD5) {
		memset(field, 0, MD5_KEY_LEN);
		memcpy(field, key->secret, key->len < MD5_KEY_LEN ? key->len : MD5_KEY_LEN);
		unsigned int olen = 0;
		if (!EVP_Digest(pkt, total, out, &olen, md, NULL) || olen != dlen)
			return -1;
		return 0;
	}
	for (size_t i = 0; i < dlen; i += 4) {
		field[i] = (uint8_t)(APAD >> 24);
		field[i + 1] = (uint8_t)(APAD >> 16);
		field[i + 2] = (uint8_t)(APAD >> 8);
		field[i + 3] = (uint8_t)APAD;
	}
	unsigned int olen = 0;
	if (!HMAC(md, key->secret, (int)key->len, pkt, total, out, &olen) || olen != dlen)
		return -1;
	return 0;
}

int as_rip_auth_sign(uint8_t *buf, size_t trailer_off, size_t digest_len,
		     const struct as_rip_key *key)
{
	uint8_t digest[AS_RIP_MAX_DIGEST];

	if (!key || digest_len > AS_RIP_MAX_DIGEST ||
	    digest_len != as_rip_alg_digest_len((enum as_rip_alg)key->alg))
		return -1;
	if (compute(buf, trailer_off, digest_len, key, digest) < 0)
		return -1;
	memcpy(buf + trailer_off + AS_RIP_TRAILER_HDR_LEN, digest, digest_len);
	return 0;
}

enum as_rip_err as_rip_auth_verify(const uint8_t *buf, size_t len, const struct as_rip_msg *m,
				   const struct as_rip_key *key)
{
	const struct as_rip_auth *a = &m->auth;

	if (!key)
		return AS_RIP_ERR_AUTH_NO_KEY;
	if (a->type == AS_RIP_AUTH_SIMPLE) {
		uint8_t pw[16] = {0};
		if (key->alg != AS_RIP_ALG_SIMPLE)
			return AS_RIP_ERR_AUTH_NO_KEY;
		memcpy(pw, key->secret, key->len < sizeof pw ? key->len : sizeof pw);
		/* A password longer than 16 bytes can never have been sent whole. */
		if (key->len > sizeof pw)
			return AS_RIP_ERR_AUTH_FAILED;
		return CRYPTO_memcmp(pw, a->password, sizeof pw) ? AS_RIP_ERR_AUTH_FAILED : AS_RIP_OK;
	}
	if (a->type != AS_RIP_AUTH_CRYPTO)
		return AS_RIP_ERR_AUTH_NO_KEY;
	if (key->alg != a->alg || (!key->any_key_id && key->key_id != a->key_id))
		return AS_RIP_ERR_AUTH_NO_KEY;

	/* Lengths first: the decoder vouched for them, but this is a public entry point. */
	size_t dlen = a->digest_len, tr = a->trailer_off;
	size_t total = tr + AS_RIP_TRAILER_HDR_LEN + dlen;
	if (dlen == 0 || dlen > AS_RIP_MAX_DIGEST || total != len || total > AS_RIP_MAX_LEN ||
	    dlen != as_rip_alg_digest_len((enum as_rip_alg)a->alg))
		return AS_RIP_ERR_AUTH_FAILED;

	uint8_t copy[AS_RIP_MAX_LEN], digest[AS_RIP_MAX_DIGEST];
	memcpy(copy, buf, total);
	if (compute(copy, tr, dlen, key, digest) < 0)
		return AS_RIP_ERR_AUTH_FAILED;
	return CRYPTO_memcmp(digest, buf + tr + AS_RIP_TRAILER_HDR_LEN, dlen) ? AS_RIP_ERR_AUTH_FAILED
										 : AS_RIP_OK;
}
