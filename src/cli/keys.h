/* keys.h - authentication keys given on the command line: --auth-key [ALG:][KEYID:]SECRET. */
#ifndef AS_CLI_KEYS_H
#define AS_CLI_KEYS_H

#include <autostatic/rip.h>

#define AS_CLI_MAX_KEYS 16

struct as_keyring {
	size_t n;
	struct as_rip_key k[AS_CLI_MAX_KEYS];
};

/* Parses one --auth-key argument into the ring. Returns 0, or -1 with a message in err. */
int as_keyring_add(struct as_keyring *ring, const char *spec, char *err, size_t errlen);

/* Verifies a decoded packet's authentication with the ring: AS_VERIFIED_* as an int. */
int as_keyring_verify(const struct as_keyring *ring, const uint8_t *buf, size_t len,
		      const struct as_rip_msg *m);

#endif
