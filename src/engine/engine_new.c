/* engine_new.c - as_engine_new(): the backend chosen by the configuration. Kept apart from loop.c
 * so that programs and tests that bring their own backend (as_engine_new_ops) do not pull in
 * the real ones. No RFC.
 */
#include "config.h"

#include <stdio.h>

#include "src/engine/core_priv.h"

int as_engine_new(const struct as_engine_cfg *cfg, struct as_engine **out, char *errbuf,
		  size_t errlen)
{
	const struct as_backend_ops *ops;
	switch (cfg->backend) {
	case AS_BACKEND_AFPACKET: ops = &as_backend_afpacket; break;
	case AS_BACKEND_PCAP: ops = &as_backend_pcap; break;
	case AS_BACKEND_REPLAY: ops = &as_backend_replay; break;
	default:
		*out = NULL;
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "unknown packet backend %d", (int)cfg->backend);
		return AS_ERROR_INVALID_PARAMETER;
	}
	if (cfg->backend == AS_BACKEND_REPLAY && !cfg->replay_path) {
		*out = NULL;
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "replay needs a capture file");
		return AS_ERROR_INVALID_PARAMETER;
	}
	return as_engine_new_ops(ops, cfg, out, errbuf, errlen);
}
