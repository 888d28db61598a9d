/* rip.h - RIPv1/RIPv2 codec: RFC 1058, RFC 2453, RFC 2082, RFC 4822, RFC 2091.
 *
 * Pure functions over caller-owned memory. as_rip_decode() validates at one gate: a packet that
 * breaks a rule is rejected whole with a named reason (as_rip_err); an entry the RFCs say to
 * ignore is kept in the result but marked skipped with its own named reason (as_rip_skip), so
 * that printers show it and receivers leave it out.
 *
 * Wire layout (RFC 2453 section 4, RFC 2091 section 5.3, RFC 4822 section 2.1):
 *
 *   0        1        2        3
 *   command  version  must be zero (2)
 *   [RFC 2091 commands 9, 10, 11: version(1) flush(1) sequence(2); for 9: version + 3 zero]
 *   [RIPv2 authentication entry: FFFF, type, 16 bytes]
 *   route entries, 20 bytes each: AFI(2) tag(2) address(4) mask(4) next hop(4) metric(4)
 *   [keyed MD5 / HMAC-SHA trailer: FFFF 0001 digest]
 */
#ifndef AUTOSTATIC_RIP_H
#define AUTOSTATIC_RIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <autostatic/common.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AS_RIP_PORT 520
#define AS_RIP_MAX_ENTRIES 25     /**< RTEs per message, the authentication entry included */
#define AS_RIP_HDR_LEN 4
#define AS_RIP_UPD_HDR_LEN 4      /**< RFC 2091 update header */
#define AS_RIP_RTE_LEN 20
#define AS_RIP_MAX_DIGEST 64
#define AS_RIP_TRAILER_HDR_LEN 4  /**< FFFF 0001 in front of the digest */
#define AS_RIP_MAX_LEN (AS_RIP_HDR_LEN + AS_RIP_UPD_HDR_LEN + AS_RIP_MAX_ENTRIES * AS_RIP_RTE_LEN + \
			AS_RIP_TRAILER_HDR_LEN + AS_RIP_MAX_DIGEST)
#define AS_RIP_METRIC_INFINITY 16
#define AS_RIP_AFI_INET 2
#define AS_RIP_AFI_AUTH 0xFFFF

enum as_rip_cmd {
	AS_RIP_REQUEST = 1,
	AS_RIP_RESPONSE = 2,
	AS_RIP_TRACEON = 3,
	AS_RIP_TRACEOFF = 4,
	AS_RIP_SUN_RESERVED = 5,
	AS_RIP_UPDATE_REQUEST = 9,   /**< RFC 2091 */
	AS_RIP_UPDATE_RESPONSE = 10, /**< RFC 2091 */
	AS_RIP_UPDATE_ACK = 11,      /**< RFC 2091 */
};

/** Authentication types (RFC 2453 4.1, RFC 2082 3.1, RFC 4822 2.1). */
enum as_rip_auth_type {
	AS_RIP_AUTH_NONE = 0,   /**< no authentication entry */
	AS_RIP_AUTH_TRAILER = 1,
	AS_RIP_AUTH_SIMPLE = 2,
	AS_RIP_AUTH_CRYPTO = 3, /**< keyed MD5 or HMAC-SHA, told apart by the digest length */
};

/** Digest algorithms of the cryptographic authentication. */
enum as_rip_alg {
	AS_RIP_ALG_NONE = 0,
	AS_RIP_ALG_SIMPLE,   /**< simple password (type 2) */
	AS_RIP_ALG_MD5,      /**< keyed MD5, RFC 2082 */
	AS_RIP_ALG_SHA1,     /**< HMAC-SHA-1, RFC 4822 */
	AS_RIP_ALG_SHA256,
	AS_RIP_ALG_SHA384,
	AS_RIP_ALG_SHA512,
};

/** Packet-level rejections: the whole packet is dropped. */
enum as_rip_err {
	AS_RIP_OK = 0,
	AS_RIP_ERR_SHORT,            /**< shorter than the 4-byte header */
	AS_RIP_ERR_VERSION_0,        /**< version 0 must be ignored (RFC 1058 3.4) */
	AS_RIP_ERR_BAD_VERSION,      /**< version above 2 */
	AS_RIP_ERR_BAD_COMMAND,      /**< unknown command */
	AS_RIP_ERR_OBSOLETE_COMMAND, /**< traceon, traceoff, Sun reserved: obsolete, ignored */
	AS_RIP_ERR_DEMAND_RIP,       /**< RFC 1582 commands 6-8: not supported */
	AS_RIP_ERR_MBZ_HEADER,       /**< RIPv1 header bytes 2-3 not zero */
	AS_RIP_ERR_BAD_LENGTH,       /**< body not a whole number of 20-byte entries */
	AS_RIP_ERR_TOO_MANY_ENTRIES, /**< more than 25 entries */
	AS_RIP_ERR_UPD_SHORT,        /**< RFC 2091 packet without its update header */
	AS_RIP_ERR_UPD_VERSION,      /**< RFC 2091 update header version not 1 */
	AS_RIP_ERR_UPD_FLUSH,        /**< RFC 2091 flush not 0 or 1 */
	AS_RIP_ERR_UPD_MBZ,          /**< RFC 2091 Update Request bytes 1-3 not zero */
	AS_RIP_ERR_ACK_HAS_ROUTES,   /**< RFC 2091 Update Acknowledge carrying route entries */
	AS_RIP_ERR_AUTH_NOT_FIRST,   /**< an authentication entry that is not the first entry */
	AS_RIP_ERR_AUTH_TYPE,        /**< unknown authentication type */
	AS_RIP_ERR_AUTH_LENGTH,      /**< packet length field does not point at a trailer */
	AS_RIP_ERR_AUTH_TRAILER,     /**< trailer not FFFF 0001 */
	AS_RIP_ERR_AUTH_DIGEST_LEN,  /**< trailer length not 16/20/32/48/64, or not matching */
	AS_RIP_ERR_AUTH_MBZ,         /**< reserved bytes of the authentication entry not zero */
	AS_RIP_ERR_AUTH_FAILED,      /**< the digest or password does not verify with the key */
	AS_RIP_ERR_AUTH_NO_KEY,      /**< no key for this key ID (verification only) */
	AS_RIP_ERR_COUNT
};

/** Entry-level reasons: the entry is ignored, the rest of the packet is processed. */
enum as_rip_skip {
	AS_RIP_SKIP_NONE = 0,
	AS_RIP_SKIP_AFI,          /**< address family not IP (and not the whole-table form) */
	AS_RIP_SKIP_METRIC,       /**< metric 0 or above 16 */
	AS_RIP_SKIP_V1_MBZ,       /**< RIPv1 entry with non-zero must-be-zero bytes */
	AS_RIP_SKIP_NOT_UNICAST,  /**< class D/E, net 127, net 0 with host bits, limited broadcast */
	AS_RIP_SKIP_MASK,         /**< non-contiguous subnet mask */
	AS_RIP_SKIP_HOST_BITS,    /**< address has bits set beyond its mask */
	AS_RIP_SKIP_NEXT_HOP,     /**< next hop multicast/class E/loopback: unusable */
	AS_RIP_SKIP_COUNT
};

/** One route entry as decoded. Addresses in host byte order. */
struct as_rip_entry {
	uint16_t afi;
	uint16_t tag;       /**< RIPv2 route tag; RIPv1 must-be-zero bytes 2-3 */
	uint32_t addr;
	uint32_t mask;      /**< RIPv2 subnet mask; RIPv1 must-be-zero bytes 8-11 */
	uint32_t next_hop;  /**< RIPv2 next hop; RIPv1 must-be-zero bytes 12-15 */
	uint32_t metric;
	uint8_t prefix_len; /**< from the mask when contiguous, else 32 */
	uint8_t skip;       /**< enum as_rip_skip */
};

/** The authentication part of a RIPv2 packet. */
struct as_rip_auth {
	uint16_t type;         /**< enum as_rip_auth_type */
	uint8_t password[16];  /**< simple password, as on the wire */
	uint16_t pkt_len;      /**< crypto: offset of the trailer */
	uint8_t key_id;
	uint8_t auth_len;      /**< crypto: the Auth Data Len byte as sent (16/20 for MD5, ...) */
	uint32_t seq;          /**< crypto sequence number */
	uint8_t alg;           /**< enum as_rip_alg, deduced from the trailer length */
	uint8_t digest_len;    /**< bytes of digest in the trailer */
	uint16_t trailer_off;  /**< offset of FFFF 0001 in the packet */
	uint8_t digest[AS_RIP_MAX_DIGEST];
};

/** A decoded or to-be-encoded RIP message. */
struct as_rip_msg {
	uint8_t command;     /**< enum as_rip_cmd */
	uint8_t version;
	uint16_t mbz;        /**< header bytes 2-3 */
	/* RFC 2091 update header (commands 9, 10, 11) */
	uint8_t upd_version; /**< 1 */
	uint8_t flush;       /**< 0 or 1 (Update Response and Acknowledge) */
	uint16_t seq;        /**< sequence number (Update Response and Acknowledge) */
	struct as_rip_auth auth;
	uint8_t n_entries;   /**< route entries, authentication entry excluded */
	uint8_t n_skipped;
	bool whole_table;    /**< a Request / Update Request in the whole-table form */
	struct as_rip_entry e[AS_RIP_MAX_ENTRIES];
};

/** Whether a command carries the RFC 2091 update header. */
static inline bool as_rip_cmd_is_triggered(unsigned cmd)
{
	return cmd >= AS_RIP_UPDATE_REQUEST && cmd <= AS_RIP_UPDATE_ACK;
}

/**
 * Decodes and validates one RIP message (the UDP payload).
 * @return the number of bytes used (len) on success, or -(enum as_rip_err) when the packet is
 *         rejected; out is then filled as far as the packet could be read, for printing.
 */
AS_EXPORT ssize_t as_rip_decode(const uint8_t *buf, size_t len, struct as_rip_msg *out);

/** A key: the simple password, or a keyed-MD5/HMAC secret with its key ID. */
struct as_rip_key {
	uint8_t alg;       /**< enum as_rip_alg */
	uint8_t key_id;
	bool any_key_id;   /**< decode tools: use this key whatever the key ID */
	uint16_t len;
	uint8_t secret[128];
};

/**
 * Encodes a message. Authentication follows msg->auth.type: for AS_RIP_AUTH_SIMPLE the
 * password comes from key (msg->auth.password when key is NULL); for AS_RIP_AUTH_CRYPTO the
 * key (required) gives the algorithm, key ID and secret, msg->auth.seq the sequence number and
 * msg->auth.auth_len the Auth Data Len byte to send (0 = the digest length, as RFC 4822 says),
 * and the digest is computed and written.
 * @return bytes written, or -1 when cap is too small, the message breaks a limit (more than
 *         25 entries with the authentication entry), a key is missing, or a simple password is
 *         longer than the 16 bytes it has on the wire; nothing past cap is ever written.
 */
AS_EXPORT ssize_t as_rip_encode(const struct as_rip_msg *msg, const struct as_rip_key *key,
				uint8_t *buf, size_t cap);

/**
 * Verifies the authentication of a decoded packet with a key.
 * @return AS_RIP_OK, AS_RIP_ERR_AUTH_FAILED, or AS_RIP_ERR_AUTH_NO_KEY when the key does not
 *         fit the packet (another algorithm, another key ID).
 */
AS_EXPORT enum as_rip_err as_rip_auth_verify(const uint8_t *buf, size_t len,
					     const struct as_rip_msg *msg,
					     const struct as_rip_key *key);

/**
 * Computes the digest of a packet whose trailer is in place (FFFF 0001 at trailer_off, then
 * digest_len bytes) and writes it there. Used by as_rip_encode().
 * @return 0, or -1 when the algorithm and digest length disagree.
 */
AS_EXPORT int as_rip_auth_sign(uint8_t *buf, size_t trailer_off, size_t digest_len,
			       const struct as_rip_key *key);

/** Digest length of an algorithm (0 for none and simple). */
AS_EXPORT size_t as_rip_alg_digest_len(enum as_rip_alg alg);

/** Stable kebab-case names ("auth-failed", "metric", "update-response", "hmac-sha256"). */
AS_EXPORT const char *as_rip_err_str(enum as_rip_err e);
AS_EXPORT const char *as_rip_skip_str(enum as_rip_skip s);
AS_EXPORT const char *as_rip_cmd_str(unsigned cmd);
AS_EXPORT const char *as_rip_alg_str(enum as_rip_alg alg);

/** Prefix length of a contiguous mask, or -1. */
AS_EXPORT int as_ipv4_mask_len(uint32_t mask);

#ifdef __cplusplus
}
#endif
#endif
