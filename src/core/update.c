/* update.c - update sessions and responders, dispatched to the protocol module of a transport
 * (DESIGN.md "Wire behaviour of an autostatic update"; status codes as MPR.md gives them).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "src/core/update.h"
#include "src/core/module.h"

static char start_err[256];

void as_update_seterr(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(start_err, sizeof start_err, fmt, ap);
	va_end(ap);
}

const char *as_update_start_error(void)
{
	return start_err;
}

static uint64_t clamp_u64(uint64_t x, uint64_t lo, uint64_t hi)
{
	if (hi < lo)
		hi = lo;
	return x < lo ? lo : x > hi ? hi : x;
}

uint64_t as_update_quiet_ns(bool triggered, uint64_t max_gap_ns, unsigned quiet_ms)
{
	const uint64_t ms = 1000000ull;
	const uint64_t q = (uint64_t)quiet_ms * ms;
	if (triggered)
		return clamp_u64(2 * max_gap_ns, q, 2 * q);
	return clamp_u64(8 * max_gap_ns, 50 * ms, q);
}

void as_update_cfg_defaults(struct as_update_cfg *cfg)
{
	*cfg = (struct as_update_cfg){
	    .pid = AS_PID_IP,
	    .mode = AS_MODE_REQUEST,
	    .rip_version = 2,
	    .timeout = 2.0,
	    .retries = 3,
	    .retransmit = 5.0,
	    .quiet_ms = 2000,
	};
}

/* The transports with a module. The other known ones (PID_ATALK, PID_NBF) and any other number
 * have no router manager: ERROR_UNKNOWN_PROTOCOL_ID. */
static const struct as_module *const modules[] = {
	&as_module_rip,
	&as_module_ripng,
	&as_module_ipx,
};

static const struct as_module *find_module(int pid, const char *what, int *rc)
{
	for (size_t i = 0; i < sizeof modules / sizeof modules[0]; i++)
		if (modules[i]->pid == pid) {
			*rc = AS_NO_ERROR;
			return modules[i];
		}
	switch (pid) {
	case AS_PID_IPV6:
		as_update_seterr("%s over IPv6 (RIPng) is not yet supported", what);
		*rc = AS_ERROR_NOT_SUPPORTED;
		break;
	case AS_PID_IPX:
		as_update_seterr("%s over IPX (IPX RIP/SAP) is not yet supported", what);
		*rc = AS_ERROR_NOT_SUPPORTED;
		break;
	default:
		as_update_seterr("unknown protocol id 0x%X: no router manager for it", (unsigned)pid);
		*rc = AS_ERROR_UNKNOWN_PROTOCOL_ID;
	}
	return NULL;
}

int as_update_start(struct as_engine *e, const struct as_update_cfg *cfg, as_update_done_fn done,
                    void *arg, struct as_update **out)
{
	*out = NULL;
	start_err[0] = 0;
	if (!cfg || !cfg->ifname || !done) {
		as_update_seterr("update: no interface or no completion callback");
		return AS_ERROR_INVALID_PARAMETER;
	}
	int rc;
	const struct as_module *m = find_module(cfg->pid, "an update", &rc);
	return m ? m->update_start(e, cfg, done, arg, out) : rc;
}

const struct as_update_result *as_update_result(const struct as_update *u)
{
	return &u->res;
}

void as_update_free(struct as_update *u)
{
	if (u)
		u->free(u);
}

int as_responder_start(struct as_engine *e, const struct as_responder_cfg *cfg,
                       struct as_responder **out)
{
	*out = NULL;
	start_err[0] = 0;
	if (!cfg || !cfg->ifname || !cfg->routes) {
		as_update_seterr("responder: no interface or no route table");
		return AS_ERROR_INVALID_PARAMETER;
	}
	int rc;
	const struct as_module *m = find_module(cfg->pid, "a responder", &rc);
	return m ? m->responder_start(e, cfg, out) : rc;
}

void as_responder_stats(const struct as_responder *r, struct as_responder_stats *out)
{
	*out = r->stats;
}

const struct as_counters *as_responder_counters(const struct as_responder *r)
{
	return &r->ctr;
}

void as_responder_free(struct as_responder *r)
{
	if (r)
		r->free(r);
}
