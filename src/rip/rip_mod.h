/* rip_mod.h - the RIP protocol module's internals (RFC 1058, RFC 2453, RFC 2091, RFC 2082,
 * RFC 4822). The module's objects start with the bases of src/core/module.h.
 */
#ifndef AUTOSTATIC_RIP_MOD_H
#define AUTOSTATIC_RIP_MOD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <autostatic/rip.h>

#include "src/core/module.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

/* ------------------------------------------------------------------------------------------ */
/* RIP module entry points (called by update.c for AS_PID_IP) */

int as_rip_update_start(struct as_engine *e, const struct as_update_cfg *cfg,
                        as_update_done_fn done, void *arg, struct as_update **out);
int as_rip_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                           struct as_responder **out);

/* ------------------------------------------------------------------------------------------ */
/* Shared by the requester and the responder (rip_ops.c) */

#define AS_RIP_MCAST_GROUP  0xE0000009u /* 224.0.0.9, RFC 2453 4.5 */
#define AS_RIP_TTL          1           /* requests: the peer is directly connected */
#define AS_RIP_RESPONSE_TTL 64          /* unicast answers may go to a diagnostic querier */

/** The channel spec of RIP: IPv4, "udp dst port 520", classify() = the command byte. */
extern const struct as_chan_spec as_rip_chan_spec;

/** Crypto sequence and key for what we send. */
struct as_rip_signer {
	struct as_rip_key key;
	uint32_t seq;
};

/** Starts the crypto sequence at the wall clock's seconds (RFC 4822 3.2.2 wants it to keep
 *  increasing across restarts). */
void as_rip_signer_init(struct as_rip_signer *s, const struct as_rip_key *key, struct as_engine *e);

/** Encodes msg signed as the key says (auth.type set here). Returns length or -1. */
ssize_t as_rip_sign_encode(struct as_rip_signer *s, struct as_rip_msg *msg, uint8_t *buf,
                           size_t cap);

/** Route entries a message of this command can carry with this key (25/24 plain, 24/23
 *  RFC 2091, minus what a digest trailer costs in 512 bytes). */
unsigned as_rip_room(unsigned cmd, const struct as_rip_key *key);

/**
 * Checks the authentication of a decoded packet against the key (alg NONE = none expected).
 * Returns NULL when acceptable, or the drop reason: "auth-unexpected", "auth-missing",
 * "auth-wrong-type", "auth-failed".
 */
const char *as_rip_auth_check(const uint8_t *buf, size_t len, const struct as_rip_msg *m,
                              const struct as_rip_key *key);

/** Whether the key is a cryptographic one (sequence numbers apply). */
bool as_rip_key_is_crypto(const struct as_rip_key *key);

static inline uint32_t as_ip4_load(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void as_ip4_store(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t as_ip4_mask(unsigned plen)
{
	return plen == 0 ? 0 : plen >= 32 ? 0xFFFFFFFFu : ~(0xFFFFFFFFu >> plen);
}

#endif
