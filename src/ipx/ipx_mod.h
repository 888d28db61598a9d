/* ipx_mod.h - the IPX RIP / SAP protocol module's internals (Novell IPX RIP and SAP as restated
 * in PROTOCOLS.md section 5; RFC 2091 sections 5.4 and 5.5 for the triggered operations). The
 * module's objects start with the bases of src/core/module.h.
 */
#ifndef AUTOSTATIC_IPX_MOD_H
#define AUTOSTATIC_IPX_MOD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <autostatic/frame.h>
#include <autostatic/ipx.h>

#include "src/core/module.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

/* ------------------------------------------------------------------------------------------ */
/* Entry points (update.c dispatches AS_PID_IPX here through as_module_ipx) */

int as_ipx_update_start(struct as_engine *e, const struct as_update_cfg *cfg,
                        as_update_done_fn done, void *arg, struct as_update **out);
int as_ipx_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                           struct as_responder **out);

/* ------------------------------------------------------------------------------------------ */
/* Shared by the requester and the responder (ipx_ops.c) */

/** Reply classes: the destination socket's codec in the high byte, the operation below, so
 *  that RIP and SAP endpoints of one channel never collide. */
#define AS_IPX_CLS(kind, op) ((int)(kind) << 8 | (int)(op))
#define AS_IPX_CLS_RIP(op)   AS_IPX_CLS(AS_IPX_KIND_RIP, op)
#define AS_IPX_CLS_SAP(op)   AS_IPX_CLS(AS_IPX_KIND_SAP, op)

/** Channels: 0 Ethernet II (ETH_P_IPX), 1 raw 802.3 (ETH_P_802_3), 2 802.2 LLC and SNAP
 *  (ETH_P_802_2): how Linux hands the four framings to packet sockets. */
#define AS_IPX_NCHAN 3
extern const struct as_chan_spec as_ipx_chan_specs[AS_IPX_NCHAN];

/** The channel spec a framing arrives on (framing 0 = Ethernet II). */
const struct as_chan_spec *as_ipx_chan_spec(int framing);

/** Whether framing is one of the four (or 0, the default). */
bool as_ipx_framing_ok(int framing);

/** The framing to use for a configured value (0 = Ethernet II). */
enum as_ipx_framing as_ipx_framing_of(int framing);

/** A link template for a framing towards dst_mac. */
int as_ipx_tmpl(struct as_chan *c, enum as_ipx_framing fr, const uint8_t dst_mac[6],
                struct as_tmpl **out);

/** Writes the IPX header (checksum FFFF, tc 0) in front of datalen bytes already at buf + 30.
 *  Returns the packet length, or -1 when it exceeds cap or 576 bytes. */
ssize_t as_ipx_put_hdr(uint8_t *buf, size_t cap, size_t datalen, uint8_t ptype,
                       const struct as_ipx_addr *dst, const struct as_ipx_addr *src);

/** Encodes a whole IPX RIP / SAP packet into buf. Returns its length or -1. */
ssize_t as_ipx_pack_rip(uint8_t *buf, size_t cap, const struct as_ipxrip_msg *m,
                        const struct as_ipx_addr *dst, const struct as_ipx_addr *src);
ssize_t as_ipx_pack_sap(uint8_t *buf, size_t cap, const struct as_sap_msg *m,
                        const struct as_ipx_addr *dst, const struct as_ipx_addr *src);

/** The IPX header of a received frame (already decoded once by classify(), so it is valid). */
void as_ipx_rx_hdr(const struct as_rx *rx, struct as_ipx_hdr *h, const uint8_t **data, size_t *len);

static inline uint32_t as_ipx_net_load(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void as_ipx_net_store(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/** Copies a SAP wire entry into a service (name up to the first NUL). */
void as_ipx_sap_to_service(const struct as_sap_entry *e, struct as_service *s);
/** Fills a SAP wire entry from a service. */
void as_ipx_service_to_sap(const struct as_service *s, struct as_sap_entry *e);

#endif
