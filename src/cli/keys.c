/* keys.c - the decode tool's key ring.
 *
 * A key without an algorithm serves every algorithm: as the simple password and as a keyed-MD5
 * or HMAC secret. A key without a key ID serves every key ID. A packet counts as verified when
 * one of the keys that fit it (algorithm and key ID) verifies it. A router must not try every
 * key (RFC 4822 3.2, a denial-of-service risk); an analyst decoding a capture with a handful of
 * candidate keys needs exactly that, and the ring is bounded (AS_CLI_MAX_KEYS).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/print.h>

#include "src/cli/keys.h"

static const struct {
	const char *name;
	enum as_rip_alg alg;
} algs[] = {
	{"simple", AS_RIP_ALG_SIMPLE}, {"md5", AS_RIP_ALG_MD5},	      {"sha1", AS_RIP_ALG_SHA1},
	{"sha256", AS_RIP_ALG_SHA256}, {"sha384", AS_RIP_ALG_SHA384}, {"sha512", AS_RIP_ALG_SHA512},
};

int as_keyring_add(struct as_keyring *ring, const char *spec, char *err, size_t errlen)
{
	struct as_rip_key k = {.alg = AS_RIP_ALG_NONE, .any_key_id = true};
	const char *s = spec;

	if (ring->n >= AS_CLI_MAX_KEYS) {
		snprintf(err, errlen, "too many keys (at most %d)", AS_CLI_MAX_KEYS);
		return -1;
	}
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		size_t n = strlen(algs[i].name);
		if (!strncmp(s, algs[i].name, n) && s[n] == ':') {
			k.alg = (uint8_t)algs[i].alg;
			s += n + 1;
			break;
		}
	}
	/* KEYID: a decimal 0..255 followed by a colon. A secret may itself contain colons. */
	const char *colon = strchr(s, ':');
	if (colon && colon > s && colon - s <= 3 && strspn(s, "0123456789") == (size_t)(colon - s)) {
		long id = strtol(s, NULL, 10);
		if (id > 255) {
			snprintf(err, errlen, "key ID %ld out of range 0..255 in '%s'", id, spec);
			return -1;
		}
		k.key_id = (uint8_t)id;
		k.any_key_id = false;
		s = colon + 1;
	}
	size_t len = strlen(s);
	if (len == 0 || len > sizeof k.secret) {
		snprintf(err, errlen, "key secret must be 1..%zu bytes in '%s'", sizeof k.secret, spec);
		return -1;
	}
	memcpy(k.secret, s, len);
	k.len = (uint16_t)len;
	ring->k[ring->n++] = k;
	return 0;
}

int as_keyring_verify(const struct as_keyring *ring, const uint8_t *buf, size_t len,
		      const struct as_rip_msg *m)
{
	if (m->auth.type != AS_RIP_AUTH_SIMPLE && m->auth.type != AS_RIP_AUTH_CRYPTO)
		return AS_VERIFIED_NULL;
	int result = AS_VERIFIED_NULL;
	for (size_t i = 0; i < ring->n; i++) {
		struct as_rip_key k = ring->k[i];
		if (k.alg == AS_RIP_ALG_NONE)
			k.alg = m->auth.alg; /* an algorithm-free key serves every algorithm */
		enum as_rip_err e = as_rip_auth_verify(buf, len, m, &k);
		if (e == AS_RIP_OK)
			return AS_VERIFIED_TRUE;
		if (e != AS_RIP_ERR_AUTH_NO_KEY)
			result = AS_VERIFIED_FALSE;
	}
	return result;
}
