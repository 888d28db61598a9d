/* frame.h - link, network and transport decapsulation of captured frames.
 *
 * RFC 894 (Ethernet II), IEEE 802.1Q (stacked tags), RFC 1042 (LLC/SNAP), Novell raw 802.3,
 * Linux cooked captures (SLL, SLL2), raw IPv4/IPv6, BSD loopback (DLT_NULL, DLT_LOOP);
 * RFC 791 IPv4 with options, RFC 8200 IPv6 with extension headers, RFC 768 UDP.
 *
 * The decoder is pure: it reads caller-owned bytes and fills a caller-owned struct. It never
 * drops a frame silently: every outcome, including a bad or uncheckable checksum, is reported
 * in the result for the caller to count.
 */
#ifndef AUTOSTATIC_FRAME_H
#define AUTOSTATIC_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <autostatic/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Link types, numbered as the pcap LINKTYPE_ registry numbers them. */
enum as_link {
	AS_LINK_NULL = 0,      /**< BSD loopback, address family in host byte order */
	AS_LINK_ETHERNET = 1,  /**< Ethernet II / 802.3 */
	AS_LINK_RAW = 101,     /**< raw IPv4 or IPv6, version nibble decides */
	AS_LINK_LOOP = 108,    /**< OpenBSD loopback, address family in network byte order */
	AS_LINK_LINUX_SLL = 113,
	AS_LINK_IPV4 = 228,
	AS_LINK_IPV6 = 229,
	AS_LINK_LINUX_SLL2 = 276,
};

/** What the network layer turned out to be. */
enum as_l3 {
	AS_L3_NONE = 0, /**< not IP or IPX (ARP, LLDP, ...): not ours */
	AS_L3_IPV4,
	AS_L3_IPV6,
	AS_L3_IPX,
};

/** Novell IPX Ethernet framings (PROTOCOLS.md 5.3). */
enum as_ipx_framing {
	AS_IPX_FRAME_NONE = 0,
	AS_IPX_FRAME_ETHERNET_II, /**< EtherType 0x8137 */
	AS_IPX_FRAME_8023,        /**< raw 802.3, IPX checksum FFFF right after the length */
	AS_IPX_FRAME_8022,        /**< 802.2 LLC, DSAP = SSAP = 0xE0 */
	AS_IPX_FRAME_SNAP,        /**< LLC/SNAP, OUI 000000, type 0x8137 */
};

/** Status of a checksum as read from a capture. */
enum as_csum {
	AS_CSUM_GOOD = 0,
	AS_CSUM_BAD,        /**< present, wrong, and not the offload signature */
	AS_CSUM_NONE,       /**< zero: no checksum sent (allowed for UDP over IPv4 only) */
	AS_CSUM_OFFLOAD,    /**< holds only the pseudo-header sum: the sender's NIC was to finish it */
	AS_CSUM_TRUNCATED,  /**< not checkable: the capture holds less than the datagram */
	AS_CSUM_FRAGMENT,   /**< not checkable: the datagram is an IP fragment */
};

/** Frame-level outcome. Anything but AS_FRAME_OK means the payload must not be trusted. */
enum as_frame_err {
	AS_FRAME_OK = 0,
	AS_FRAME_NOT_IP,          /**< no IP/IPX inside: not a frame for us (not an error) */
	AS_FRAME_LINK_TRUNCATED,  /**< link header cut short */
	AS_FRAME_UNSUPPORTED_LINK,
	AS_FRAME_IP_TRUNCATED,    /**< IP header cut short in the capture */
	AS_FRAME_IP_BAD_HEADER,   /**< version, IHL, total length or extension headers nonsensical */
	AS_FRAME_IP_BAD_CHECKSUM, /**< IPv4 header checksum wrong */
	AS_FRAME_IP_FRAGMENT,     /**< a fragment; reported, never reassembled */
	AS_FRAME_NOT_UDP,         /**< IP but not UDP: not ours (not an error) */
	AS_FRAME_UDP_TRUNCATED,   /**< UDP header cut short */
	AS_FRAME_UDP_BAD_LENGTH,  /**< UDP length < 8 or beyond the IP payload */
	AS_FRAME_UDP_BAD_CHECKSUM,
	AS_FRAME_UDP_ZERO_CHECKSUM_V6, /**< RFC 8200 8.1: zero checksum over IPv6 must be dropped */
	AS_FRAME_PAYLOAD_TRUNCATED,    /**< the capture holds less than the UDP/IPX length says */
	AS_FRAME_IPX_BAD_LLC,          /**< 802.3 length frame whose LLC/SNAP is not IPX */
	AS_FRAME_ERR_COUNT
};

/** A decapsulated frame. Pointers point into the caller's buffer. */
struct as_frame {
	enum as_frame_err err;
	enum as_l3 l3;
	uint16_t ethertype;        /**< EtherType, SLL protocol, or 0 for 802.3 length frames */
	uint8_t vlan_count;        /**< 802.1Q/802.1ad tags seen */
	uint16_t vlan_id[4];       /**< outermost first; at most 4 kept */
	enum as_ipx_framing ipx_framing;

	/* IPv4 / IPv6 */
	uint8_t src[16], dst[16]; /**< IPv4 in the first 4 bytes */
	uint8_t ttl;               /**< TTL or hop limit */
	uint8_t tos;               /**< TOS or traffic class */
	bool ip_options;           /**< IPv4 options or IPv6 extension headers present */
	bool fragment;
	bool first_fragment;       /**< offset 0 with more-fragments set: UDP header readable */
	enum as_csum ip_csum;      /**< IPv4 header checksum (GOOD for IPv6) */

	/* UDP */
	uint16_t sport, dport;
	uint16_t udp_len;          /**< from the UDP header */
	enum as_csum udp_csum;

	/* Payload: UDP payload for IP, the IPX packet (from its header) for IPX. */
	const uint8_t *payload;
	size_t payload_len;        /**< bytes present in the capture, never more than the length field */
	size_t payload_wire_len;   /**< bytes the length field promises */
};

/**
 * Decapsulates one frame.
 * @param link     link type of the capture
 * @param p        captured bytes
 * @param caplen   bytes captured
 * @param f        result, always fully written
 * @return f->err; AS_FRAME_NOT_IP and AS_FRAME_NOT_UDP mean "not ours", others are errors.
 */
AS_EXPORT enum as_frame_err as_frame_decode(enum as_link link, const uint8_t *p, size_t caplen,
					    struct as_frame *f);

/** A stable kebab-case name for an error ("udp-bad-checksum"). Never NULL. */
AS_EXPORT const char *as_frame_err_str(enum as_frame_err e);
/** A stable name for a checksum status ("good", "bad", "none", "offload", ...). */
AS_EXPORT const char *as_csum_str(enum as_csum c);
/** A stable name for an IPX framing ("ethernet_ii", "802.3", "802.2", "snap"). */
AS_EXPORT const char *as_ipx_framing_str(enum as_ipx_framing f);

/** RFC 1071 one's-complement sum of len bytes added to sum (not folded, not inverted). */
AS_EXPORT uint32_t as_csum_add(uint32_t sum, const uint8_t *p, size_t len);
/** Folds a 32-bit partial sum to 16 bits (not inverted). */
AS_EXPORT uint16_t as_csum_fold(uint32_t sum);
/** UDP checksum over IPv4 or IPv6 (family 4 or 6): the value to put in the header (0 → 0xFFFF). */
AS_EXPORT uint16_t as_udp_csum(int family, const uint8_t *src, const uint8_t *dst,
			       const uint8_t *udp, size_t udp_len);

#ifdef __cplusplus
}
#endif
#endif
