/* ripng_mod.h - the RIPng protocol module's internals (RFC 2080, RFC 2091 applied to RIPng).
 * The module's objects start with the bases of src/core/module.h.
 */
#ifndef AUTOSTATIC_RIPNG_MOD_H
#define AUTOSTATIC_RIPNG_MOD_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <autostatic/ripng.h>

#include "src/core/module.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

/* ------------------------------------------------------------------------------------------ */
/* RIPng module entry points (called by update.c for AS_PID_IPV6) */

int as_ripng_update_start(struct as_engine *e, const struct as_update_cfg *cfg,
                          as_update_done_fn done, void *arg, struct as_update **out);
int as_ripng_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                             struct as_responder **out);

/* ------------------------------------------------------------------------------------------ */
/* Shared by the requester and the responder (ripng_ops.c) */

/** ff02::9, all RIP routers (RFC 2080 2.5.1). */
extern const uint8_t as_ripng_group[16];

/** The channel spec of RIPng: IPv6, "udp dst port 521", classify() = the command byte. */
extern const struct as_chan_spec as_ripng_chan_spec;

static inline bool as_ip6_is_link_local(const uint8_t *a)
{
	return a[0] == 0xFE && (a[1] & 0xC0) == 0x80;
}

static inline bool as_ip6_is_multicast(const uint8_t *a)
{
	return a[0] == 0xFF;
}

static inline bool as_ip6_is_zero(const uint8_t *a)
{
	static const uint8_t z[16];
	return memcmp(a, z, 16) == 0;
}

/** RTEs a message may carry on a link of this MTU (RFC 2080 2.1; RFC 2091's header costs 4
 *  more bytes): at least 1, so that a tiny MTU still makes progress (the send then fails and
 *  is counted). */
unsigned as_ripng_room(unsigned cmd, unsigned mtu);

/** Rejects configurations RIPng cannot honour: a key (RFC 2080 has no authentication; it relies
 *  on IPsec). Returns AS_NO_ERROR or AS_ERROR_INVALID_PARAMETER with the message set. */
int as_ripng_check_key(const struct as_rip_key *key);

#endif
