/* module.h - what every protocol module provides, and the bases its objects start with.
 *
 * update.c dispatches as_update_start() / as_responder_start() on the transport through the
 * table of modules (as_modules[]); each module's update and responder objects begin with the
 * base structs below, so the generic calls (result, free, stats) need no knowledge of it.
 */
#ifndef AUTOSTATIC_MODULE_H
#define AUTOSTATIC_MODULE_H

#include "src/core/update.h"
#include "src/engine/engine.h"

struct as_update {
	void (*free)(struct as_update *u); /**< the module's destructor */
	struct as_update_result res;
};

struct as_responder {
	void (*free)(struct as_responder *r);
	struct as_responder_stats stats;
	struct as_counters ctr;
};

struct as_module {
	int pid;             /**< AS_PID_IP, AS_PID_IPV6, AS_PID_IPX */
	const char *name;    /**< "rip", "ripng", "ipx" */
	int (*update_start)(struct as_engine *e, const struct as_update_cfg *cfg,
			    as_update_done_fn done, void *arg, struct as_update **out);
	int (*responder_start)(struct as_engine *e, const struct as_responder_cfg *cfg,
			       struct as_responder **out);
};

extern const struct as_module as_module_rip;   /* src/rip/ */
extern const struct as_module as_module_ripng; /* src/ripng/ */
extern const struct as_module as_module_ipx;   /* src/ipx/ */

/**
 * The quiet period that ends an update after its last valid packet (DESIGN.md: neither RFC
 * 2453 nor RFC 2091 marks the end of a table), from the largest gap seen between valid packets:
 * request mode clamp(8 x gap, 50 ms, quiet_ms); triggered mode clamp(2 x gap, quiet_ms,
 * 2 x quiet_ms), since a peer resends an unacknowledged response only after its own interval
 * (BIRD 1 s, RFC 2091 5 s) and a triggered update must outlast the losses in a row it tolerates.
 */
uint64_t as_update_quiet_ns(bool triggered, uint64_t max_gap_ns, unsigned quiet_ms);

/** Sets the message as_update_start_error() returns. */
void as_update_seterr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
