/* ripng.h - RIPng codec: RFC 2080 (RIPng for IPv6) and RFC 2091 (triggered RIPng).
 *
 * Pure functions over caller-owned memory. as_ripng_decode() validates at one gate: a packet
 * that breaks a rule is rejected whole with a named reason (as_ripng_err); an entry the RFC
 * says to ignore is kept in the result but marked skipped with its own named reason
 * (as_ripng_skip), so that printers show it and receivers leave it out. Checks that need the
 * IPv6/UDP envelope (source address, port, hop limit) are a separate pure function,
 * as_ripng_check_context().
 *
 * Wire layout (RFC 2080 section 2.1; RFC 2091 section 5 applied to RIPng the way it is applied
 * to RIP, as BIRD does):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +---------------+---------------+-------------------------------+
 *   |  command (1)  |  version (1)  |       must be zero (2)        |
 *   +---------------+---------------+-------------------------------+
 *   | [commands 10, 11: version (1) | flush (1) | sequence (2)]     |
 *   | [command 9:       version (1) | must be zero (3)]             |
 *   +---------------------------------------------------------------+
 *   |                      IPv6 prefix (16)                         |
 *   +-------------------------------+---------------+---------------+
 *   |         route tag (2)         | prefix len (1)|  metric (1)   |
 *   +-------------------------------+---------------+---------------+
 *      ... more 20-byte RTEs; metric 0xFF marks a next-hop RTE whose prefix field is the
 *      next-hop address for the RTEs that follow it (RFC 2080 2.1.1)
 */
#ifndef AUTOSTATIC_RIPNG_H
#define AUTOSTATIC_RIPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <autostatic/common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AS_RIPNG_PORT 521
#define AS_RIPNG_HDR_LEN 4
#define AS_RIPNG_UPD_HDR_LEN 4      /**< RFC 2091 update header */
#define AS_RIPNG_RTE_LEN 20
#define AS_RIPNG_METRIC_INFINITY 16
#define AS_RIPNG_METRIC_NEXT_HOP 0xFF
#define AS_RIPNG_HOP_LIMIT 255       /**< RFC 2080 2.4.2 */
#define AS_RIPNG_IP6_UDP_OVERHEAD 48 /**< IPv6 header (40) + UDP header (8) */
/**
 * Entries per message. RFC 2080 bounds a message by the MTU only. A 9000-byte jumbo frame
 * holds (9000 - 40 - 8 - 4) / 20 = 447 RTEs, so 512 covers every MTU in practical use while
 * keeping struct as_ripng_msg small enough for the stack; the 65535-byte UDP limit would allow
 * 3276, which no link carries. Longer messages are rejected (AS_RIPNG_ERR_TOO_MANY_ENTRIES).
 */
#define AS_RIPNG_MAX_ENTRIES 512
#define AS_RIPNG_MAX_LEN (AS_RIPNG_HDR_LEN + AS_RIPNG_UPD_HDR_LEN + \
			  AS_RIPNG_MAX_ENTRIES * AS_RIPNG_RTE_LEN)

enum as_ripng_cmd {
	AS_RIPNG_REQUEST = 1,
	AS_RIPNG_RESPONSE = 2,
	AS_RIPNG_UPDATE_REQUEST = 9,   /**< RFC 2091 */
	AS_RIPNG_UPDATE_RESPONSE = 10, /**< RFC 2091 */
	AS_RIPNG_UPDATE_ACK = 11,      /**< RFC 2091 */
};

/** Packet-level rejections: the whole packet is dropped. */
enum as_ripng_err {
	AS_RIPNG_OK = 0,
	AS_RIPNG_ERR_SHORT,            /**< "ripng-short": shorter than the 4-byte header */
	AS_RIPNG_ERR_BAD_VERSION,      /**< "ripng-bad-version": version not 1 */
	AS_RIPNG_ERR_BAD_COMMAND,      /**< "ripng-bad-command": not 1, 2, 9, 10 or 11 */
	AS_RIPNG_ERR_BAD_LENGTH,       /**< "ripng-bad-length": body not whole 20-byte RTEs */
	AS_RIPNG_ERR_TOO_MANY_ENTRIES, /**< "ripng-too-many-entries": above AS_RIPNG_MAX_ENTRIES */
	AS_RIPNG_ERR_UPD_SHORT,        /**< "ripng-update-header-short" */
	AS_RIPNG_ERR_UPD_VERSION,      /**< "ripng-update-bad-version": update version not 1 */
	AS_RIPNG_ERR_UPD_FLUSH,        /**< "ripng-update-bad-flush": flush not 0 or 1 */
	AS_RIPNG_ERR_UPD_MBZ,          /**< "ripng-update-request-mbz": Update Request bytes 1-3 */
	AS_RIPNG_ERR_ACK_HAS_ROUTES,   /**< "ripng-ack-has-routes": Update Acknowledge with RTEs */
	/* as_ripng_check_context() only: */
	AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL, /**< "ripng-source-not-link-local" (RFC 2080 2.4.2) */
	AS_RIPNG_ERR_SOURCE_PORT,        /**< "ripng-source-port-not-521" (RFC 2080 2.4.2) */
	AS_RIPNG_ERR_HOP_LIMIT,          /**< "ripng-hop-limit-not-255" (RFC 2080 2.4.2) */
	AS_RIPNG_ERR_COUNT
};

/** Entry-level reasons: the entry is ignored, the rest of the packet is processed. */
enum as_ripng_skip {
	AS_RIPNG_SKIP_NONE = 0,
	AS_RIPNG_SKIP_PREFIX_LEN,  /**< "prefix-len": above 128 */
	AS_RIPNG_SKIP_METRIC,      /**< "metric": 0 or 17..254 in a response */
	AS_RIPNG_SKIP_HOST_BITS,   /**< "host-bits": bits set beyond the prefix length */
	AS_RIPNG_SKIP_MULTICAST,   /**< "multicast": prefix in ff00::/8 */
	AS_RIPNG_SKIP_LINK_LOCAL,  /**< "link-local": prefix in fe80::/10 */
	/** "next-hop-not-link-local": a next-hop RTE whose address is not link-local; it is
	 * treated as :: (the sender), as RFC 2080 2.1.1 says. A notice: the routes that follow
	 * are still used. */
	AS_RIPNG_SKIP_NEXT_HOP,
	AS_RIPNG_SKIP_COUNT
};

/** One RTE as decoded, in wire order; next-hop RTEs are entries too. */
struct as_ripng_entry {
	uint8_t prefix[16];   /**< the prefix; for a next-hop RTE the next-hop address */
	uint16_t tag;         /**< route tag (ignored in a next-hop RTE) */
	uint8_t prefix_len;   /**< as on the wire (ignored in a next-hop RTE) */
	uint8_t metric;       /**< as on the wire; 0xFF for a next-hop RTE */
	bool is_next_hop;     /**< metric 0xFF: a next-hop RTE, not a route */
	uint8_t skip;         /**< enum as_ripng_skip */
	/** Route entries: the next hop in force for this route, :: meaning the sender (set by
	 * decode from the preceding next-hop RTE; ignored by encode). */
	uint8_t next_hop[16];
};

/** A decoded or to-be-encoded RIPng message. */
struct as_ripng_msg {
	uint8_t command;     /**< enum as_ripng_cmd */
	uint8_t version;     /**< 1 */
	uint16_t mbz;        /**< header bytes 2-3 as received (RFC 2080 sets no receiver rule) */
	/* RFC 2091 update header (commands 9, 10, 11). For an Update Request, flush and seq hold
	 * its three must-be-zero bytes as received, and are sent as given, so that a test tool can
	 * craft a bad one. */
	uint8_t upd_version; /**< 1 */
	uint8_t flush;       /**< 0 or 1 */
	uint16_t seq;
	uint16_t n_entries;  /**< RTEs in e[], next-hop RTEs included */
	uint16_t n_skipped;  /**< entries with skip != 0 */
	bool whole_table;    /**< a (Update) Request in the whole-table form (RFC 2080 2.4.1) */
	struct as_ripng_entry e[AS_RIPNG_MAX_ENTRIES];
};

/** Whether a command carries the RFC 2091 update header. */
static inline bool as_ripng_cmd_is_triggered(unsigned cmd)
{
	return cmd >= AS_RIPNG_UPDATE_REQUEST && cmd <= AS_RIPNG_UPDATE_ACK;
}

/**
 * Decodes and validates one RIPng message (the UDP payload).
 *
 * The whole-table form (RFC 2080 2.4.1) is one RTE ::/0 with metric 16 in a Request or an
 * Update Request; an Update Request with no RTE counts as whole-table too (RFC 2091 defines
 * none; BIRD sends the one RTE). Entry checks: in Responses and Update Responses, every reason
 * of enum as_ripng_skip; in Requests only prefix-len (the entry cannot be looked up).
 *
 * @return the number of bytes used (len) on success, or -(enum as_ripng_err) when the packet
 *         is rejected; out is then filled as far as the packet could be read, for printing
 *         (the whole RTEs that fit, with their skip reasons).
 */
AS_EXPORT ssize_t as_ripng_decode(const uint8_t *buf, size_t len, struct as_ripng_msg *out);

/**
 * Checks a decoded message against its IPv6/UDP envelope (RFC 2080 2.4.2). Responses and all
 * RFC 2091 packets (exchanged only between routers, port 521 to port 521) must come from a
 * link-local source, from port 521, with hop limit 255. Requests are not checked: monitoring
 * tools may query from any port and a global address, and RFC 2080 does not require their hop
 * limit to be 255.
 * @return AS_RIPNG_OK, AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL, AS_RIPNG_ERR_SOURCE_PORT or
 *         AS_RIPNG_ERR_HOP_LIMIT (checked in that order).
 */
AS_EXPORT enum as_ripng_err as_ripng_check_context(const struct as_ripng_msg *m,
						   const uint8_t src[16], uint16_t sport,
						   uint8_t hop_limit);

/**
 * Encodes a message. Fields are written as given (a test tool may craft bad packets); the
 * update header is written for commands 9, 10 and 11; next-hop entries are written with tag 0,
 * prefix length 0 and metric 0xFF as RFC 2080 2.1.1 requires.
 * @return bytes written, or -1 when cap is too small or there are more than
 *         AS_RIPNG_MAX_ENTRIES entries; nothing past cap is ever written.
 */
AS_EXPORT ssize_t as_ripng_encode(const struct as_ripng_msg *m, uint8_t *buf, size_t cap);

/**
 * RTEs that fit one RFC 2080 message on a link: floor((mtu - 40 - 8 - 4) / 20) (RFC 2080
 * 2.1), next-hop RTEs included; 72 for an MTU of 1500. Never more than AS_RIPNG_MAX_ENTRIES;
 * 0 when the MTU cannot carry even the header.
 */
AS_EXPORT size_t as_ripng_max_entries(size_t mtu);
/** The same for an RFC 2091 message, which also carries the 4-byte update header:
 * floor((mtu - 40 - 8 - 4 - 4) / 20), still 72 at an MTU of 1500, 61 at 1280. */
AS_EXPORT size_t as_ripng_max_entries_triggered(size_t mtu);

/* Printers (proto/print_ripng.c), shaped like the RIP ones in print.h; struct as_sb is
 * declared there. */
struct as_sb;

/**
 * RIPng text, tcpdump -v style: a summary line after the caller's prefix, then one line per
 * entry, each starting with "\n\t". err is 0 or an enum as_ripng_err; len the payload length.
 */
AS_EXPORT void as_ripng_print_text(struct as_sb *sb, const struct as_ripng_msg *m, int err,
				   size_t len);
/**
 * RIPng JSON members (doc/decode-json.md), without braces: "command", "version",
 * ["seq", "flush"], ["whole_table"], "entries": [{"prefix", "tag", "metric"} or
 * {"next_hop"}, each with "skip" when skipped]. The caller writes "error" from err.
 */
AS_EXPORT void as_ripng_print_json(struct as_sb *sb, const struct as_ripng_msg *m, int err);

/** Stable kebab-case names ("ripng-bad-length", "host-bits", "update-response"). Never NULL. */
AS_EXPORT const char *as_ripng_err_str(enum as_ripng_err e);
AS_EXPORT const char *as_ripng_skip_str(enum as_ripng_skip s);
AS_EXPORT const char *as_ripng_cmd_str(unsigned cmd);

#ifdef __cplusplus
}
#endif
#endif
