/* routefile.h - the route file a responder serves (autostatic-routes(5)).
 *
 * One route a line: PREFIX [METRIC] [via ADDR]. PREFIX is an IPv4 prefix (198.18.0.0/26; a bare address
 * is a /32), an IPv6 prefix (2001:db8:1::/64; bare = /128) or, for IPX, a network number of
 * 1 to 8 hex digits (optionally 0x-prefixed). METRIC is 1..15 (RIP/RIPng; default 1) or the
 * IPX hop count 1..15 (default 1). '#' starts a comment; blank lines are ignored. Host bits set
 * beyond the length, a duplicate prefix, a bad metric or trailing junk are errors naming the
 * file and line.
 */
#ifndef AUTOSTATIC_ROUTEFILE_H
#define AUTOSTATIC_ROUTEFILE_H

#include <stdio.h>

#include "src/core/rtable.h"

/**
 * Reads routes of one family (AS_RT_IPV4, AS_RT_IPV6 or AS_RT_IPX) into t.
 * Returns 0, or -1 with a one-line message "FILE:LINE: reason" in err.
 */
int as_routefile_read(FILE *f, const char *name, int family, struct as_rtable *t, char *err,
		      size_t errlen);
/** Opens and reads path ("-" = stdin). Same returns. */
int as_routefile_load(const char *path, int family, struct as_rtable *t, char *err, size_t errlen);

#endif
