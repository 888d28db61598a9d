/* ipx.h - Novell IPX header, IPX RIP and IPX SAP codecs, with RFC 2091 triggered RIP/SAP.
 *
 * Sources: Novell's formats as restated in PROTOCOLS.md section 5 (RFC 1552, RFC 1553, RFC 1634,
 * Linux af_ipx, FreeBSD IPXrouted, Microsoft and vendor manuals, captures) and RFC 2091
 * sections 5.4 and 5.5. Pure functions over caller-owned memory. Each decoder validates at one
 * gate: a packet that breaks a rule is rejected whole with a named reason (as_ipx_err,
 * as_ipxrip_err, as_sap_err); an entry a receiver must ignore is kept but marked skipped with
 * its own reason (as_ipxrip_skip, as_sap_skip).
 *
 * Frame decapsulation (the four Ethernet framings) lives in frame.h; these functions take the
 * IPX packet from its 30-byte header. Which codec reads the payload is chosen by destination
 * socket (as_ipx_socket_kind), not by packet type: SAP is sent with packet type 4 or 0, and
 * from sockets other than 0x0452 (PROTOCOLS.md 5.2).
 */
#ifndef AUTOSTATIC_IPX_H
#define AUTOSTATIC_IPX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <autostatic/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* IPX header
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-------------------------------+-------------------------------+
 *   |        Checksum (2)           |      Packet Length (2)        |  off 0
 *   +---------------+---------------+-------------------------------+
 *   | Transport Ctl | Packet Type   |  Destination Network (4) ...  |  off 4
 *   +---------------+---------------+-------------------------------+
 *   |  ... Dest Network (cont)      |  Destination Node (6) ...     |  off 8
 *   +-------------------------------+-------------------------------+
 *   |               ... Destination Node (cont)                     |  off 12
 *   +-------------------------------+-------------------------------+
 *   |     Destination Socket (2)    |  Source Network (4) ...       |  off 16
 *   +-------------------------------+-------------------------------+
 *   |  ... Source Network (cont)    |  Source Node (6) ...          |  off 20
 *   +-------------------------------+-------------------------------+
 *   |               ... Source Node (cont)                          |  off 24
 *   +-------------------------------+-------------------------------+
 *   |     Source Socket (2)         |  data ...                        off 28
 *   +-------------------------------+
 */

#define AS_IPX_HDR_LEN 30
#define AS_IPX_MAX_LEN 576          /**< largest IPX packet across routers by default */
#define AS_IPX_CSUM_NONE 0xFFFF     /**< "no checksum", the normal value */
#define AS_IPX_NODE_LEN 6
#define AS_IPX_NET_LOCAL 0x00000000u /**< "this network" */
#define AS_IPX_HOPS_INFINITY 16     /**< RIP and SAP: unreachable / going down */

/** Well-known sockets (PROTOCOLS.md 5.2). */
enum as_ipx_socket {
	AS_IPX_SOCKET_NCP = 0x0451,
	AS_IPX_SOCKET_SAP = 0x0452,
	AS_IPX_SOCKET_RIP = 0x0453,
	AS_IPX_SOCKET_NETBIOS = 0x0455,
	AS_IPX_SOCKET_DIAG = 0x0456,
};

/** Packet types (PROTOCOLS.md 5.1). Receivers must not rely on them for RIP and SAP. */
enum as_ipx_ptype {
	AS_IPX_TYPE_UNKNOWN = 0,
	AS_IPX_TYPE_RIP = 1,
	AS_IPX_TYPE_ECHO = 2,
	AS_IPX_TYPE_ERROR = 3,
	AS_IPX_TYPE_PEP = 4,      /**< also used for SAP */
	AS_IPX_TYPE_SPX = 5,
	AS_IPX_TYPE_NCP = 17,
	AS_IPX_TYPE_NETBIOS = 20, /**< propagated broadcast */
};

/** Which codec reads a packet, from its destination socket. */
enum as_ipx_kind {
	AS_IPX_KIND_OTHER = 0,
	AS_IPX_KIND_RIP, /**< socket 0x0453: as_ipxrip_decode */
	AS_IPX_KIND_SAP, /**< socket 0x0452: as_sap_decode */
};

/** An IPX address: network.node:socket. */
struct as_ipx_addr {
	uint32_t net;
	uint8_t node[AS_IPX_NODE_LEN];
	uint16_t socket;
};

/** The IPX header, fields as on the wire (host byte order). */
struct as_ipx_hdr {
	uint16_t checksum;   /**< 0xFFFF = none; any other value is reported, never checked
				  (Novell's algorithm is not confirmed: PROTOCOLS.md 7.4) */
	uint16_t length;     /**< whole IPX packet, header included */
	uint8_t tc;          /**< transport control: routers crossed */
	uint8_t type;        /**< enum as_ipx_ptype */
	struct as_ipx_addr dst;
	struct as_ipx_addr src;
};

/** IPX header rejections. Truncated (the capture holds less) is told apart from invalid. */
enum as_ipx_err {
	AS_IPX_OK = 0,
	AS_IPX_ERR_HDR_TRUNCATED, /**< "ipx-header-truncated": fewer than 30 bytes present */
	AS_IPX_ERR_LENGTH_SHORT,  /**< "ipx-length-short": Packet Length below 30 (invalid) */
	AS_IPX_ERR_TRUNCATED,     /**< "ipx-truncated": Packet Length beyond the bytes present */
	AS_IPX_ERR_COUNT
};

/**
 * Decodes the 30-byte IPX header. Bytes past Packet Length are link padding and are ignored.
 * An invalid length field is reported as such even when the header is also cut short.
 * @return the Packet Length (the payload is buf[30 .. ret)), or -(enum as_ipx_err); out is
 *         filled as far as the bytes go.
 */
AS_EXPORT ssize_t as_ipx_decode(const uint8_t *buf, size_t len, struct as_ipx_hdr *out);

/**
 * Encodes the 30-byte IPX header as given; set length to 30 + the payload length (or encode
 * the payload at buf + 30 first and the header after it).
 * @return 30, or -1 when cap is below 30 (nothing is written then).
 */
AS_EXPORT ssize_t as_ipx_encode_hdr(const struct as_ipx_hdr *h, uint8_t *buf, size_t cap);

/** The codec for a destination socket. */
AS_EXPORT enum as_ipx_kind as_ipx_socket_kind(uint16_t dst_socket);

AS_EXPORT const char *as_ipx_err_str(enum as_ipx_err e);
/** "rip", "echo", "error", "pep", "spx", "ncp", "netbios", or "unknown" for other values. */
AS_EXPORT const char *as_ipx_type_str(unsigned type);

/* ------------------------------------------------------------------------------------------ */
/* IPX RIP (socket 0x0453)
 *
 *   off 0 | Operation (2): 1 request, 2 response; RFC 2091: 9, 10, 11
 *   [RFC 2091 5.4, operations 9/10/11: Version (1) | Flush (1) | Sequence (2);
 *    for 9: Version (1) | must be zero (3)]
 *         | entries, 8 bytes each, at most 50:
 *         |   Network Number (4) | Hops (2) | Ticks (2)
 */

#define AS_IPXRIP_ENTRY_LEN 8
#define AS_IPXRIP_MAX_ENTRIES 50      /**< 30 + 2 + 4 + 50 * 8 = 436 <= 576 */
#define AS_IPXRIP_NET_ALL 0xFFFFFFFFu /**< network of a general request */
#define AS_IPX_OP_LEN 2
#define AS_IPX_UPD_HDR_LEN 4          /**< RFC 2091 update header */

enum as_ipxrip_op {
	AS_IPXRIP_REQUEST = 1,
	AS_IPXRIP_RESPONSE = 2,
	AS_IPXRIP_UPDATE_REQUEST = 9,   /**< RFC 2091 */
	AS_IPXRIP_UPDATE_RESPONSE = 10, /**< RFC 2091 */
	AS_IPXRIP_UPDATE_ACK = 11,      /**< RFC 2091 */
};

enum as_ipxrip_err {
	AS_IPXRIP_OK = 0,
	AS_IPXRIP_ERR_SHORT,            /**< "ipxrip-short": no 2-byte operation */
	AS_IPXRIP_ERR_BAD_OPERATION,    /**< "ipxrip-bad-operation" */
	AS_IPXRIP_ERR_BAD_LENGTH,       /**< "ipxrip-bad-length": body not whole 8-byte entries */
	AS_IPXRIP_ERR_TOO_MANY_ENTRIES, /**< "ipxrip-too-many-entries": more than 50 */
	AS_IPXRIP_ERR_UPD_SHORT,        /**< "ipxrip-update-header-short" */
	AS_IPXRIP_ERR_UPD_VERSION,      /**< "ipxrip-update-bad-version" */
	AS_IPXRIP_ERR_UPD_FLUSH,        /**< "ipxrip-update-bad-flush" */
	AS_IPXRIP_ERR_UPD_MBZ,          /**< "ipxrip-update-request-mbz" */
	AS_IPXRIP_ERR_ACK_HAS_ROUTES,   /**< "ipxrip-ack-has-routes" */
	AS_IPXRIP_ERR_COUNT
};

enum as_ipxrip_skip {
	AS_IPXRIP_SKIP_NONE = 0,
	AS_IPXRIP_SKIP_HOPS, /**< "hops": above 16 in a response (16 itself means unreachable) */
	AS_IPXRIP_SKIP_COUNT
};

struct as_ipxrip_entry {
	uint32_t net;
	uint16_t hops;
	uint16_t ticks; /**< 1/18 s */
	uint8_t skip;   /**< enum as_ipxrip_skip */
};

struct as_ipxrip_msg {
	uint16_t op;         /**< enum as_ipxrip_op */
	/* RFC 2091 update header (operations 9, 10, 11). For an Update Request, flush and seq hold
	 * its three must-be-zero bytes, as received and as sent. */
	uint8_t upd_version; /**< 1 */
	uint8_t flush;       /**< 0 or 1 */
	uint16_t seq;
	uint8_t n_entries;
	uint8_t n_skipped;
	/** A general request: one entry with network FFFFFFFF (hops and ticks are not checked:
	 * senders differ), or an Update Request with no entry. */
	bool general;
	struct as_ipxrip_entry e[AS_IPXRIP_MAX_ENTRIES];
};

/** Whether an IPX RIP or SAP operation carries the RFC 2091 update header. */
static inline bool as_ipx_op_is_triggered(unsigned op)
{
	return op >= 9 && op <= 11;
}

/**
 * Decodes and validates an IPX RIP packet: data is the IPX payload (after the 30-byte header,
 * up to Packet Length). Entries are checked in responses only.
 * @return len on success, or -(enum as_ipxrip_err); out is filled as far as could be read.
 */
AS_EXPORT ssize_t as_ipxrip_decode(const uint8_t *data, size_t len, struct as_ipxrip_msg *out);

/**
 * Encodes an IPX RIP payload; fields are written as given.
 * @return bytes written, or -1 when cap is too small or there are more than 50 entries;
 *         nothing past cap is ever written.
 */
AS_EXPORT ssize_t as_ipxrip_encode(const struct as_ipxrip_msg *m, uint8_t *buf, size_t cap);

AS_EXPORT const char *as_ipxrip_err_str(enum as_ipxrip_err e);
AS_EXPORT const char *as_ipxrip_skip_str(enum as_ipxrip_skip s);
/** "request", "response", "update-request", "update-response", "update-ack", "unknown". */
AS_EXPORT const char *as_ipxrip_op_str(unsigned op);

/* ------------------------------------------------------------------------------------------ */
/* IPX SAP (socket 0x0452)
 *
 *   off 0 | Operation (2): 1 general query, 2 general response, 3 nearest query,
 *         |                4 nearest response; RFC 2091: 9, 10, 11
 *   queries (1, 3):      | Service Type (2), FFFF = all
 *   RFC 2091 (9/10/11):  | Version (1) | Flush (1) | Sequence (2)  (9: Version | 3 zero bytes)
 *   responses (2, 4, 10): server entries, 64 bytes each; at most 7 in a general response,
 *                         8 in an Update Response (RFC 2091 5.5), exactly 1 in a nearest one:
 *     off 0  | Service Type (2)
 *     off 2  | Service Name (48), zero-padded
 *     off 50 | Network (4)
 *     off 54 | Node (6)
 *     off 60 | Socket (2)
 *     off 62 | Hops (2)
 */

#define AS_SAP_ENTRY_LEN 64
#define AS_SAP_NAME_LEN 48
#define AS_SAP_NAME_MAX 47             /**< characters, leaving room for the NUL */
#define AS_SAP_MAX_ENTRIES_GENERAL 7   /**< Novell: 2 + 7 * 64 = 450 → 480-byte IPX packet */
#define AS_SAP_MAX_ENTRIES 8           /**< RFC 2091 5.5 Update Response: 30+2+4+8*64 = 548 */
#define AS_SAP_TYPE_ALL 0xFFFF         /**< wildcard service type, queries only */
#define AS_SAP_TYPE_FILE_SERVER 0x0004

enum as_sap_op {
	AS_SAP_GENERAL_QUERY = 1,
	AS_SAP_GENERAL_RESPONSE = 2, /**< also the periodic advertisement */
	AS_SAP_NEAREST_QUERY = 3,    /**< GetNearestServer */
	AS_SAP_NEAREST_RESPONSE = 4,
	AS_SAP_UPDATE_REQUEST = 9,   /**< RFC 2091 */
	AS_SAP_UPDATE_RESPONSE = 10, /**< RFC 2091 */
	AS_SAP_UPDATE_ACK = 11,      /**< RFC 2091 */
};

enum as_sap_err {
	AS_SAP_OK = 0,
	AS_SAP_ERR_SHORT,            /**< "ipxsap-short": no 2-byte operation */
	AS_SAP_ERR_BAD_OPERATION,    /**< "ipxsap-bad-operation" */
	AS_SAP_ERR_QUERY_LENGTH,     /**< "ipxsap-bad-query-length": a query is not op + type */
	AS_SAP_ERR_BAD_LENGTH,       /**< "ipxsap-bad-length": body not whole 64-byte entries */
	AS_SAP_ERR_TOO_MANY_ENTRIES, /**< "ipxsap-too-many-entries": above 7 (op 2) or 8 (op 10) */
	AS_SAP_ERR_NEAREST_COUNT,    /**< "ipxsap-nearest-not-one-entry" */
	AS_SAP_ERR_UPD_SHORT,        /**< "ipxsap-update-header-short" */
	AS_SAP_ERR_UPD_VERSION,      /**< "ipxsap-update-bad-version" */
	AS_SAP_ERR_UPD_FLUSH,        /**< "ipxsap-update-bad-flush" */
	AS_SAP_ERR_UPD_MBZ,          /**< "ipxsap-update-request-mbz" */
	AS_SAP_ERR_UPD_HAS_ENTRIES,  /**< "ipxsap-update-has-entries": data after the update
					  header of an Update Request or Acknowledge */
	AS_SAP_ERR_COUNT
};

enum as_sap_skip {
	AS_SAP_SKIP_NONE = 0,
	AS_SAP_SKIP_HOPS, /**< "hops": above 16 (16 itself means going down) */
	AS_SAP_SKIP_NAME, /**< "name": no NUL within 48 bytes, or a byte outside printable ASCII */
	AS_SAP_SKIP_COUNT
};

struct as_sap_entry {
	uint16_t type;
	uint8_t name[AS_SAP_NAME_LEN]; /**< raw bytes as on the wire (zero-padded) */
	uint8_t name_len;              /**< bytes before the first NUL; 48 when there is none */
	uint32_t net;
	uint8_t node[AS_IPX_NODE_LEN];
	uint16_t socket;
	uint16_t hops;
	uint8_t skip;                  /**< enum as_sap_skip */
};

struct as_sap_msg {
	uint16_t op;           /**< enum as_sap_op */
	uint16_t service_type; /**< queries (1, 3) */
	/* RFC 2091 update header (operations 9, 10, 11); for 9 flush and seq hold the three
	 * must-be-zero bytes, as received and as sent. */
	uint8_t upd_version;
	uint8_t flush;
	uint16_t seq;
	uint8_t n_entries;
	uint8_t n_skipped;
	struct as_sap_entry e[AS_SAP_MAX_ENTRIES];
};

/** Whether a SAP operation is a query (1, 3), which carries a service type and no entries. */
static inline bool as_sap_op_is_query(unsigned op)
{
	return op == AS_SAP_GENERAL_QUERY || op == AS_SAP_NEAREST_QUERY;
}

/**
 * Decodes and validates an IPX SAP packet: data is the IPX payload. Entries are checked in
 * responses (2, 4, 10).
 * @return len on success, or -(enum as_sap_err); out is filled as far as could be read.
 */
AS_EXPORT ssize_t as_sap_decode(const uint8_t *data, size_t len, struct as_sap_msg *out);

/**
 * Encodes an IPX SAP payload; fields are written as given: the service type for queries, the
 * update header for 9, 10 and 11, n_entries entries for every other operation, names as their
 * 48 raw bytes.
 * @return bytes written, or -1 when cap is too small or there are more than 8 entries;
 *         nothing past cap is ever written.
 */
AS_EXPORT ssize_t as_sap_encode(const struct as_sap_msg *m, uint8_t *buf, size_t cap);

/**
 * Sets an entry's name: copies name, zero-pads the 48-byte field, sets name_len.
 * @return 0, or -1 (entry unchanged) when name is longer than 47 characters.
 */
AS_EXPORT int as_sap_set_name(struct as_sap_entry *e, const char *name);

AS_EXPORT const char *as_sap_err_str(enum as_sap_err e);
AS_EXPORT const char *as_sap_skip_str(enum as_sap_skip s);
/** "general-query", "general-response", "nearest-query", "nearest-response",
 * "update-request", "update-response", "update-ack", "unknown". */
AS_EXPORT const char *as_sap_op_str(unsigned op);

/* ------------------------------------------------------------------------------------------ */
/* Printers (proto/print_ipx.c), shaped like the RIP ones in print.h; struct as_sb is declared
 * there. Text printers write a summary line after the caller's prefix, then one line per entry,
 * each starting with "\n\t"; err is 0 or the codec's error, len the IPX payload length. JSON
 * printers write members without braces (doc/decode-json.md), beginning with "command" and
 * ending with "entries"; the caller writes "error" from err. */
struct as_sb;

/** An IPX address as network.node:socket, e.g. 0000abcd.02:00:00:00:00:01:0453. */
AS_EXPORT void as_ipx_print_addr(struct as_sb *sb, uint32_t net, const uint8_t node[6],
				 uint16_t socket);
/** The IPX header: "IPX src > dst: type rip (1), tc 0, length 40[, checksum 0x1234]". */
AS_EXPORT void as_ipx_print_hdr_text(struct as_sb *sb, const struct as_ipx_hdr *h);

AS_EXPORT void as_ipxrip_print_text(struct as_sb *sb, const struct as_ipxrip_msg *m, int err,
				    size_t len);
/** "command", ["seq", "flush"], ["whole_table": a general request], "entries":
 * [{"network", "hops", "ticks"}]. */
AS_EXPORT void as_ipxrip_print_json(struct as_sb *sb, const struct as_ipxrip_msg *m, int err);

AS_EXPORT void as_sap_print_text(struct as_sb *sb, const struct as_sap_msg *m, int err,
				 size_t len);
/** "command", ["service_type"] (queries), ["seq", "flush"], "entries": [{"type", "name",
 * "network", "node", "socket", "hops"}]. */
AS_EXPORT void as_sap_print_json(struct as_sb *sb, const struct as_sap_msg *m, int err);

#ifdef __cplusplus
}
#endif
#endif
