/* ctlproto.h - the control-socket protocol of autostaticd (doc/control-protocol.md): typed,
 * length-prefixed messages whose sizes are checked exactly, encoded and decoded by pure functions.
 *
 * Every message is one SOCK_SEQPACKET datagram: an 8-byte header (u32 type, u32 total length,
 * big-endian) and a body whose size follows from the type (and, for names, keys and entry arrays,
 * from a count inside the body). A reply has the request's type with AS_CTL_REPLY set and starts
 * with the u32 status.
 */
#ifndef AS_DAEMON_CTLPROTO_H
#define AS_DAEMON_CTLPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <autostatic/admin.h>

#define AS_CTL_VERSION 1u
#define AS_CTL_HDR     8u
#define AS_CTL_REPLY   0x8000u
/* Largest message either side sends: fits the default socket buffers with room to spare. */
#define AS_CTL_MAX_MSG 65536u
/* Entries per enumeration reply, so that a reply stays under AS_CTL_MAX_MSG. */
#define AS_CTL_MAX_IFS      64u
#define AS_CTL_MAX_ROUTES   1024u
#define AS_CTL_MAX_SERVICES 512u

enum as_ctl_type {
	AS_CTL_HELLO = 1,
	AS_CTL_IF_CREATE = 2,
	AS_CTL_IF_DELETE = 3,
	AS_CTL_IF_GET_HANDLE = 4,
	AS_CTL_IF_GET_INFO = 5,
	AS_CTL_IF_ENUM = 6,
	AS_CTL_IF_CONNECT = 7,
	AS_CTL_IF_DISCONNECT = 8,
	AS_CTL_TRANSPORT_ADD = 9,
	AS_CTL_TRANSPORT_REMOVE = 10,
	AS_CTL_UPDATE = 11,
	AS_CTL_QUERY_RESULT = 12,
	AS_CTL_SET_INFO = 13,
	AS_CTL_ROUTES_ENUM = 14,
	AS_CTL_SERVICES_ENUM = 15,
	AS_CTL_ROUTES_CLEAR = 16,
	AS_CTL_TYPE_MAX = 16,
};

/** AS_CTL_UPDATE flags */
#define AS_CTL_UPDATE_ASYNC 0x1u /* reply PENDING at once; the result is queried later */

/* Encoded sizes of the fixed parts. */
#define AS_CTL_NAME_SIZE    16u /* IF_NAMESIZE: Linux names, NUL-padded, NUL-terminated */
#define AS_CTL_IF0_SIZE     40u
#define AS_CTL_CFG_SIZE     196u
#define AS_CTL_ROUTE_SIZE   40u
#define AS_CTL_SERVICE_SIZE 64u
#define AS_CTL_SETINFO_SIZE 33u

/** One decoded message. Entry arrays stay in the buffer: read them with as_ctl_route() etc. */
struct as_ctl_msg {
	uint32_t type;   /* with AS_CTL_REPLY for replies */
	uint32_t len;    /* total length */
	uint32_t status; /* replies */
	/* requests */
	uint32_t version;
	uint32_t ifh;
	uint32_t pid;
	uint32_t flags;
	uint32_t resume;
	uint32_t max;
	char name[AS_IF_NAME_MAX + 1];
	struct as_interface_0 if0; /* IF_CREATE request, IF_GET_INFO reply */
	bool have_cfg;
	struct as_transport_cfg cfg;
	/* replies */
	int32_t result; /* QUERY_RESULT */
	struct as_admin_set_info setinfo;
	uint32_t count, total;  /* enumerations (resume above) */
	const uint8_t *entries; /* count entries of the type's size, inside the parsed buffer */
};

/**
 * Parses one message (pure: no allocation, no globals). The sizes must match the type exactly.
 * @return 0, or -1 when the message is malformed (unknown type, wrong length, bad string).
 */
int as_ctl_parse(const uint8_t *buf, size_t len, struct as_ctl_msg *out);

/** Decodes entry i of an enumeration reply parsed by as_ctl_parse(). */
void as_ctl_if0_at(const struct as_ctl_msg *m, size_t i, struct as_interface_0 *out);
void as_ctl_route_at(const struct as_ctl_msg *m, size_t i, struct as_admin_route *out);
void as_ctl_service_at(const struct as_ctl_msg *m, size_t i, struct as_admin_service *out);

/**
 * Encoders. Each writes one whole message into buf (cap bytes) and returns its length, or 0 when
 * it does not fit or an argument is out of range.
 */
size_t as_ctl_enc_hello(uint8_t *buf, size_t cap);
/* Requests carrying (ifh) or (ifh, pid) or (ifh, pid, flags) - pass 0 for what the type lacks. */
size_t as_ctl_enc_simple(uint8_t *buf, size_t cap, uint32_t type, uint32_t ifh, uint32_t pid,
                         uint32_t flags);
size_t as_ctl_enc_name(uint8_t *buf, size_t cap, uint32_t type, const char *name);
size_t as_ctl_enc_if_create(uint8_t *buf, size_t cap, const struct as_interface_0 *if0);
size_t as_ctl_enc_transport_add(uint8_t *buf, size_t cap, uint32_t ifh, uint32_t pid,
                                const struct as_transport_cfg *cfg);
/* IF_ENUM (ifh, pid ignored), ROUTES_ENUM, SERVICES_ENUM */
size_t as_ctl_enc_enum(uint8_t *buf, size_t cap, uint32_t type, uint32_t ifh, uint32_t pid,
                       uint32_t resume, uint32_t max);

/* Replies. The status-only reply fits every type when status is an error. */
size_t as_ctl_enc_status(uint8_t *buf, size_t cap, uint32_t type, uint32_t status);
size_t as_ctl_enc_handle_reply(uint8_t *buf, size_t cap, uint32_t type, uint32_t status,
                               uint32_t ifh);
size_t as_ctl_enc_info_reply(uint8_t *buf, size_t cap, const struct as_interface_0 *if0);
size_t as_ctl_enc_result_reply(uint8_t *buf, size_t cap, uint32_t status, int32_t result);
size_t as_ctl_enc_setinfo_reply(uint8_t *buf, size_t cap, const struct as_admin_set_info *si);
/* Enumeration replies: status NO_ERROR or MORE_DATA; count entries from the array. */
size_t as_ctl_enc_if_enum_reply(uint8_t *buf, size_t cap, uint32_t status, uint32_t total,
                                uint32_t resume, const struct as_interface_0 *e, uint32_t count);
size_t as_ctl_enc_routes_reply(uint8_t *buf, size_t cap, uint32_t status, uint32_t total,
                               uint32_t resume, const struct as_admin_route *e, uint32_t count);
size_t as_ctl_enc_services_reply(uint8_t *buf, size_t cap, uint32_t status, uint32_t total,
                                 uint32_t resume, const struct as_admin_service *e, uint32_t count);

#endif
