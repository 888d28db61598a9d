/* ipx_files.h - the IPX route and service files a responder serves (autostatic-routes(5));
 * Novell IPX RIP / SAP value ranges (PROTOCOLS.md 5.4-5.6), no RFC.
 *
 * Routes: one a line, `NETWORK [HOPS [TICKS]]` — NETWORK 1 to 8 hex digits (0x optional; 0 and
 * FFFFFFFF are reserved), HOPS 1..15 (default 1), TICKS 1..65535 (default HOPS + 1: a LAN hop
 * costs one tick and the advertised value includes the link to us, as Cisco IOS advertises an
 * attached network with hops 1, ticks 2). Stored as family AS_RT_IPX, plen 32, metric = hops,
 * tag = ticks. Services: see as_svcfile_load() in svctable.h. '#' starts a comment; blank lines
 * are ignored; errors name "FILE:LINE: reason".
 */
#ifndef AUTOSTATIC_IPX_FILES_H
#define AUTOSTATIC_IPX_FILES_H

#include <stddef.h>
#include <stdio.h>

#include "src/core/rtable.h"
#include "src/core/svctable.h"

/** Reads IPX routes from f (name is used in messages). Returns 0, or -1 with err set. */
int as_ipx_routefile_read(FILE *f, const char *name, struct as_rtable *t, char *err, size_t errlen);
/** Opens and reads path ("-" = stdin). Same returns. */
int as_ipx_routefile_load(const char *path, struct as_rtable *t, char *err, size_t errlen);

/** Reads services from f (svctable.h format). Returns 0, or -1 with err set. */
int as_svcfile_read(FILE *f, const char *name, struct as_svctable *t, char *err, size_t errlen);

#endif
