/* update.h - one autostatic update (the requester) and one responder, whatever the protocol.
 *
 * The protocol modules (src/rip/ now; src/ripng/, src/ipx/ later) implement these on top of the
 * packet engine. An update asks one neighbour on one interface for its whole table and collects
 * what comes back (DESIGN.md "Wire behaviour of an autostatic update"); a responder serves a
 * route table to every requester on an interface until stopped.
 *
 * Status values are enum as_status (status.h): as_update_start() returns
 *   AS_NO_ERROR                      started; the done callback will be called exactly once
 *   AS_ERROR_INTERFACE_NOT_CONNECTED the interface does not exist, is down or has no carrier
 *   AS_ERROR_INVALID_PARAMETER       the configuration is unusable (message says why)
 *   AS_ERROR_NOT_SUPPORTED           no module for this transport yet
 *   AS_ERROR_UNKNOWN_PROTOCOL_ID     pid is not IP, IPv6 or IPX
 *   AS_ERROR_ACCESS_DENIED           no privilege to open the interface
 *   AS_ERROR_UPDATE_IN_PROGRESS      an update already runs on this interface and transport
 *   AS_ERROR_CAN_NOT_COMPLETE        any other failure to start
 * and the result's status is AS_NO_ERROR (at least one valid reply from the neighbour; an empty
 * table is a valid result) or AS_ERROR_CAN_NOT_COMPLETE (no valid reply within the budget).
 */
#ifndef AUTOSTATIC_UPDATE_H
#define AUTOSTATIC_UPDATE_H

#include <stdbool.h>
#include <stdint.h>

#include <autostatic/rip.h>
#include <autostatic/status.h>

#include "src/core/rtable.h"
#include "src/core/svctable.h"
#include "src/engine/engine.h"

enum as_update_mode {
	AS_MODE_REQUEST = 0, /**< whole-table Request, collect until quiet */
	AS_MODE_TRIGGERED,   /**< RFC 2091 Update Request / Response / Acknowledge */
};

struct as_update_cfg {
	const char *ifname;
	int pid;                  /**< AS_PID_IP, AS_PID_IPV6, AS_PID_IPX */
	enum as_update_mode mode;
	int rip_version;          /**< 1 or 2 (IP only; default 2) */
	bool have_neighbour;
	uint8_t neighbour[16];    /**< IPv4 in the first 4 bytes, network order */
	struct as_rip_key key;    /**< alg AS_RIP_ALG_NONE = no authentication */
	double timeout;           /**< seconds to wait for a first valid reply per attempt */
	unsigned retries;         /**< attempts; the budget for a first valid reply is timeout × retries */
	double retransmit;        /**< triggered mode: Update Request retransmission interval */
	unsigned quiet_ms;        /**< upper bound of the adaptive quiet period */
	/* IPX (PID_IPX) */
	unsigned what;            /**< AS_UPDATE_ROUTES | AS_UPDATE_SERVICES (0 = both; IPX only) */
	int ipx_frame;            /**< enum as_ipx_framing (frame.h); 0 = Ethernet II */
	bool have_ipx_network;
	uint32_t ipx_network;     /**< our network number; else learned from the replies (0 meanwhile) */
	/* IPv6 (PID_IPV6): neighbour holds the link-local address; strict_hop_limit false accepts
	 * replies with a hop limit below 255 (FRR ripngd) as the documented exception, counted. */
};

/** What an update asks for (the MPR UpdateType bits: RF_DEMAND_UPDATE_ROUTES 0x4,
 *  DEMAND_UPDATE_SERVICES 0x8). */
#define AS_UPDATE_ROUTES 0x4u
#define AS_UPDATE_SERVICES 0x8u

/** Defaults: request mode, RIPv2, timeout 2 s, retries 3, retransmit 5 s, quiet_ms 2000. */
void as_update_cfg_defaults(struct as_update_cfg *cfg);

struct as_update_result {
	int status;               /**< AS_NO_ERROR or AS_ERROR_CAN_NOT_COMPLETE */
	char message[256];        /**< for a failure: one line naming the cause */
	int family;               /**< 4, 6, or AS_RT_IPX */
	bool have_neighbour;
	uint8_t neighbour[16];    /**< the neighbour that answered (or was asked) */
	struct as_rtable routes;  /**< metric < 16, next hop resolved, one best entry per prefix */
	struct as_svctable services; /**< IPX SAP: hops < 16, one best entry per (type, name) */
	unsigned what;            /**< AS_UPDATE_ROUTES / AS_UPDATE_SERVICES: what was asked */
	struct as_counters counters; /**< this session's: sent, received, accepted, drops by reason */
	uint64_t t_start, t_first_reply, t_last_route, t_done; /**< engine clock, ns */
	unsigned requests_sent;   /**< requests including retransmissions */
};

struct as_update;
typedef void (*as_update_done_fn)(struct as_update *u, void *arg);

int as_update_start(struct as_engine *e, const struct as_update_cfg *cfg, as_update_done_fn done,
		    void *arg, struct as_update **out);
/** The result; complete once the done callback ran. */
const struct as_update_result *as_update_result(const struct as_update *u);
/** Cancels a running update (no callback) and frees it. */
void as_update_free(struct as_update *u);
/** The message explaining why as_update_start() failed (thread-unsafe, static buffer). */
const char *as_update_start_error(void);

/* ------------------------------------------------------------------------------------------ */

struct as_responder_cfg {
	const char *ifname;
	int pid;
	enum as_update_mode mode; /**< triggered: serve RFC 2091 Update Requests (and plain ones) */
	int rip_version;          /**< version of the responses (IP; default 2) */
	struct as_rip_key key;    /**< sign responses and require requests to verify */
	double retransmit;        /**< triggered: unacknowledged response resent after this (s) */
	const struct as_rtable *routes; /**< served as given (metric as in the table); not copied */
	const struct as_svctable *services; /**< IPX SAP: served services (NULL = none); not copied */
	int ipx_frame;            /**< IPX: framing of what we send (replies use the request's) */
	bool have_ipx_network;
	uint32_t ipx_network;     /**< IPX: our network number (default: the routes' first one... see module) */
};

struct as_responder_stats {
	uint64_t requests;        /**< whole-table requests (plain and triggered) accepted */
	uint64_t dumps_done;      /**< whole tables sent (plain) or fully acknowledged (triggered) */
	uint64_t responses_sent;  /**< packets, retransmissions included */
	uint64_t retransmissions;
	uint64_t acks;
	unsigned active;          /**< requesters being served now */
};

struct as_responder;

int as_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
		       struct as_responder **out);
void as_responder_stats(const struct as_responder *r, struct as_responder_stats *out);
const struct as_counters *as_responder_counters(const struct as_responder *r);
void as_responder_free(struct as_responder *r);

#endif
