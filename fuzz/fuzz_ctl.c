/* fuzz_ctl.c - the control-socket message parser of autostaticd (src/daemon/ctlproto.h,
 * doc/control-protocol.md): typed, length-prefixed messages whose sizes are checked exactly.
 * No RFC: the protocol is ours.
 *
 * Input: one message (the SOCK_SEQPACKET datagram).
 * Checks: as_ctl_parse returns 0 or -1; an accepted message has the total length it says, a
 * known type (the reply bit aside), NUL-terminated strings, and entry arrays inside the buffer,
 * each entry decoded by its _at() reader; the same bytes one byte shorter or longer are
 * refused (exact sizes); parsing is deterministic (the same input gives the same fields).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz/common.h"
#include "src/daemon/ctlproto.h"

static void check_entries(const struct as_ctl_msg *m, const uint8_t *buf, size_t len)
{
	uint32_t t = m->type & ~AS_CTL_REPLY;
	size_t esz = 0;
	if (!(m->type & AS_CTL_REPLY) || !m->entries)
		return;
	switch (t) {
	case AS_CTL_IF_ENUM: esz = AS_CTL_IF0_SIZE; break;
	case AS_CTL_ROUTES_ENUM: esz = AS_CTL_ROUTE_SIZE; break;
	case AS_CTL_SERVICES_ENUM: esz = AS_CTL_SERVICE_SIZE; break;
	default: FUZZ_CHECK(!"entries in a reply that has none"); return;
	}
	FUZZ_CHECK(m->entries >= buf && m->entries <= buf + len);
	FUZZ_CHECK((size_t)m->count <= (len - (size_t)(m->entries - buf)) / esz);
	for (size_t i = 0; i < m->count; i++) {
		if (t == AS_CTL_IF_ENUM) {
			struct as_interface_0 e;
			as_ctl_if0_at(m, i, &e);
			FUZZ_CHECK(memchr(e.name, 0, sizeof e.name) != NULL);
		} else if (t == AS_CTL_ROUTES_ENUM) {
			struct as_admin_route e;
			as_ctl_route_at(m, i, &e);
		} else {
			struct as_admin_service e;
			as_ctl_service_at(m, i, &e);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct as_ctl_msg m, m2;
	memset(&m, 0xA5, sizeof m);
	int rc = as_ctl_parse(data, size, &m);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0)
		return 0;
	FUZZ_CHECK(m.len == size);
	FUZZ_CHECK(size >= AS_CTL_HDR && size <= AS_CTL_MAX_MSG);
	uint32_t t = m.type & ~AS_CTL_REPLY;
	FUZZ_CHECK(t >= AS_CTL_HELLO && t <= AS_CTL_TYPE_MAX);
	FUZZ_CHECK(memchr(m.name, 0, sizeof m.name) != NULL);
	FUZZ_CHECK(memchr(m.if0.name, 0, sizeof m.if0.name) != NULL);
	check_entries(&m, data, size);

	/* Exact sizes: one byte less or more is another message, refused. */
	if (size > 0) {
		uint8_t *shorter = fuzz_dup(data, size - 1);
		FUZZ_CHECK(as_ctl_parse(shorter, size - 1, &m2) == -1);
		free(shorter);
	}
	uint8_t *longer = malloc(size + 1);
	FUZZ_CHECK(longer != NULL);
	memcpy(longer, data, size);
	longer[size] = 0;
	FUZZ_CHECK(as_ctl_parse(longer, size + 1, &m2) == -1);
	free(longer);

	/* Deterministic: the same bytes, the same message (entries point into the buffer). */
	memset(&m2, 0x5A, sizeof m2);
	FUZZ_CHECK(as_ctl_parse(data, size, &m2) == 0);
	FUZZ_CHECK(m2.type == m.type && m2.len == m.len && m2.status == m.status &&
	           m2.ifh == m.ifh && m2.pid == m.pid && m2.flags == m.flags &&
	           m2.count == m.count && m2.entries == m.entries);
	FUZZ_CHECK(strcmp(m2.name, m.name) == 0);
	return 0;
}
