/* svctable.h - a learned or served set of IPX SAP services: one best entry per (type, name),
 * kept in arrival order (Novell SAP; PROTOCOLS.md section 5). "Best" is the fewest hops; on a
 * tie the entry held stays.
 */
#ifndef AUTOSTATIC_SVCTABLE_H
#define AUTOSTATIC_SVCTABLE_H

#include <stddef.h>
#include <stdint.h>

#define AS_SVC_NAME_MAX 48 /**< SAP server name field, NUL-padded on the wire */

struct as_service {
	uint16_t type;
	uint16_t hops;
	char name[AS_SVC_NAME_MAX + 1]; /**< NUL-terminated */
	uint32_t network;
	uint8_t node[6];
	uint16_t socket;
};

struct as_svctable {
	struct as_service *s; /**< n entries, arrival order */
	size_t n, cap;
	uint32_t *slot;       /**< open addressing: index + 1, 0 = empty */
	size_t nslots;
};

void as_svctable_init(struct as_svctable *t);
void as_svctable_free(struct as_svctable *t);
void as_svctable_clear(struct as_svctable *t);
/** Same returns as as_rtable_put (enum as_rt_put). */
int as_svctable_put(struct as_svctable *t, const struct as_service *s);
const struct as_service *as_svctable_get(const struct as_svctable *t, uint16_t type,
					 const char *name);
size_t as_svctable_bytes(const struct as_svctable *t);

/**
 * Reads a services file (autostatic-routes(5)): one service a line,
 * `TYPE NAME NETWORK NODE SOCKET [HOPS]` — TYPE and SOCKET hex (0x optional), NAME without
 * blanks (at most 47 bytes), NETWORK 1-8 hex digits, NODE xx:xx:xx:xx:xx:xx, HOPS 1..15
 * (default 1); '#' comments. Returns 0, or -1 with "FILE:LINE: reason" in err.
 */
int as_svcfile_load(const char *path, struct as_svctable *t, char *err, size_t errlen);

#endif
