/* frame.c - decapsulation of captured frames down to the UDP payload or the IPX packet.
 *
 * Link layers: Ethernet II and IEEE 802.3 with 802.2 LLC / SNAP (RFC 894, RFC 1042), Novell raw
 * 802.3, 802.1Q/802.1ad tags (stacked), Linux cooked SLL and SLL2, raw IP, BSD/OpenBSD loopback.
 * Network: IPv4 with options (RFC 791; fragments reported, not reassembled), IPv6 with extension
 * headers (RFC 8200). Transport: UDP (RFC 768) with checksum status (RFC 1122 4.1.3.4, RFC 8200
 * 8.1). IPX framings are told apart as Linux and tcpdump do (PROTOCOLS.md 5.3).
 *
 * The first problem found is kept in f->err; decoding goes on as far as the bytes allow so that
 * printers can still show what the frame held.
 */
#include "config.h"

#include <string.h>

#include <autostatic/frame.h>

#include "proto/csum.h"
#include "proto/cursor.h"

#define ETH_P_IPV4 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_IPX 0x8137
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define ETH_P_QINQ_OLD 0x9100
#define SLL_P_8023 0x0001 /* Linux cooked: Novell raw 802.3 frame follows */
#define SLL_P_8022 0x0004 /* Linux cooked: 802.2 LLC frame follows */
#define IPPROTO_UDP_ 17
#define MAX_EXT_HEADERS 16

static const char *const err_names[AS_FRAME_ERR_COUNT] = {
	[AS_FRAME_OK] = "ok",
	[AS_FRAME_NOT_IP] = "not-ip",
	[AS_FRAME_LINK_TRUNCATED] = "link-truncated",
	[AS_FRAME_UNSUPPORTED_LINK] = "unsupported-link-type",
	[AS_FRAME_IP_TRUNCATED] = "ip-truncated",
	[AS_FRAME_IP_BAD_HEADER] = "ip-bad-header",
	[AS_FRAME_IP_BAD_CHECKSUM] = "ip-bad-checksum",
	[AS_FRAME_IP_FRAGMENT] = "ip-fragment",
	[AS_FRAME_NOT_UDP] = "not-udp",
	[AS_FRAME_UDP_TRUNCATED] = "udp-truncated",
	[AS_FRAME_UDP_BAD_LENGTH] = "udp-bad-length",
	[AS_FRAME_UDP_BAD_CHECKSUM] = "udp-bad-checksum",
	[AS_FRAME_UDP_ZERO_CHECKSUM_V6] = "udp-zero-checksum-ipv6",
	[AS_FRAME_PAYLOAD_TRUNCATED] = "truncated",
	[AS_FRAME_IPX_BAD_LLC] = "ipx-bad-llc",
};

const char *as_frame_err_str(enum as_frame_err e)
{
	if ((unsigned)e < AS_FRAME_ERR_COUNT)
		return err_names[e];
	return "unknown";
}

const char *as_csum_str(enum as_csum c)
{
	switch (c) {
	case AS_CSUM_GOOD: return "good";
	case AS_CSUM_BAD: return "bad";
	case AS_CSUM_NONE: return "none";
	case AS_CSUM_OFFLOAD: return "offload";
	case AS_CSUM_TRUNCATED: return "truncated";
	case AS_CSUM_FRAGMENT: return "fragment";
	}
	return "unknown";
}

const char *as_ipx_framing_str(enum as_ipx_framing fr)
{
	switch (fr) {
	case AS_IPX_FRAME_ETHERNET_II: return "ethernet_ii";
	case AS_IPX_FRAME_8023: return "802.3";
	case AS_IPX_FRAME_8022: return "802.2";
	case AS_IPX_FRAME_SNAP: return "snap";
	case AS_IPX_FRAME_NONE: break;
	}
	return "none";
}

static void set_err(struct as_frame *f, enum as_frame_err e)
{
	if (f->err == AS_FRAME_OK)
		f->err = e;
}

static enum as_frame_err decode_udp(struct as_frame *f, const uint8_t *udp, size_t avail,
				    size_t ip_payload_len, int family)
{
	struct as_rd r;
	as_rd_init(&r, udp, avail);
	if (avail < 8) {
		set_err(f, AS_FRAME_UDP_TRUNCATED);
		return f->err;
	}
	f->sport = as_rd_be16(&r);
	f->dport = as_rd_be16(&r);
	f->udp_len = as_rd_be16(&r);
	uint16_t csum = as_rd_be16(&r);

	/* A first fragment holds only the start of the datagram its UDP length describes. */
	if (f->fragment && f->udp_len >= 8) {
		f->udp_csum = AS_CSUM_FRAGMENT;
		f->payload = udp + 8;
		f->payload_wire_len = f->udp_len - 8u;
		f->payload_len = avail - 8 < f->payload_wire_len ? avail - 8 : f->payload_wire_len;
		return f->err;
	}
	if (f->udp_len < 8 || f->udp_len > ip_payload_len) {
		set_err(f, AS_FRAME_UDP_BAD_LENGTH);
		f->udp_csum = AS_CSUM_TRUNCATED;
		/* Show what is there: the payload up to the IP payload's end. */
		f->payload = udp + 8;
		f->payload_wire_len = ip_payload_len > 8 ? ip_payload_len - 8 : 0;
		f->payload_len = avail - 8 < f->payload_wire_len ? avail - 8 : f->payload_wire_len;
		return f->err;
	}
	f->payload = udp + 8;
	f->payload_wire_len = f->udp_len - 8u;
	f->payload_len = avail - 8 < f->payload_wire_len ? avail - 8 : f->payload_wire_len;

	if (avail < f->udp_len) {
		f->udp_csum = AS_CSUM_TRUNCATED;
		set_err(f, AS_FRAME_PAYLOAD_TRUNCATED);
	} else if (csum == 0) {
		f->udp_csum = AS_CSUM_NONE;
		if (family == 6)
			set_err(f, AS_FRAME_UDP_ZERO_CHECKSUM_V6);
	} else if (as_udp_csum_ok(family, f->src, f->dst, udp, f->udp_len)) {
		f->udp_csum = AS_CSUM_GOOD;
	} else if (csum == as_udp_partial_csum(family, f->src, f->dst, f->udp_len)) {
		f->udp_csum = AS_CSUM_OFFLOAD;
	} else {
		f->udp_csum = AS_CSUM_BAD;
		set_err(f, AS_FRAME_UDP_BAD_CHECKSUM);
	}
	return f->err;
}

static enum as_frame_err decode_ipv4(struct as_frame *f, const uint8_t *p, size_t caplen)
{
	struct as_rd r;
	as_rd_init(&r, p, caplen);
	f->l3 = AS_L3_IPV4;
	if (caplen < 20) {
		set_err(f, AS_FRAME_IP_TRUNCATED);
		return f->err;
	}
	uint8_t vihl = as_rd_u8(&r);
	size_t ihl = (size_t)(vihl & 0x0F) * 4;
	f->tos = as_rd_u8(&r);
	uint16_t total = as_rd_be16(&r);
	as_rd_skip(&r, 2); /* identification */
	uint16_t frag = as_rd_be16(&r);
	f->ttl = as_rd_u8(&r);
	uint8_t proto = as_rd_u8(&r);
	as_rd_skip(&r, 2); /* header checksum, verified over the whole header below */
	as_rd_bytes(&r, f->src, 4);
	as_rd_bytes(&r, f->dst, 4);

	if ((vihl >> 4) != 4 || ihl < 20 || total < ihl) {
		set_err(f, AS_FRAME_IP_BAD_HEADER);
		return f->err;
	}
	if (caplen < ihl) {
		set_err(f, AS_FRAME_IP_TRUNCATED);
		return f->err;
	}
	f->ip_options = ihl > 20;
	f->ip_csum = as_csum_fold(as_csum_add(0, p, ihl)) == 0xFFFF ? AS_CSUM_GOOD : AS_CSUM_BAD;
	if (f->ip_csum == AS_CSUM_BAD)
		set_err(f, AS_FRAME_IP_BAD_CHECKSUM);

	bool mf = frag & 0x2000;
	uint16_t off = frag & 0x1FFF;
	if (mf || off) {
		f->fragment = true;
		f->first_fragment = off == 0;
		set_err(f, AS_FRAME_IP_FRAGMENT);
	}
	if (proto != IPPROTO_UDP_) {
		set_err(f, AS_FRAME_NOT_UDP);
		return f->err;
	}
	if (off) /* no transport header in this fragment */
		return f->err;
	/* Ethernet pads short frames: the IP total length, not the capture, ends the datagram. */
	size_t avail = (caplen < total ? caplen : total) - ihl;
	return decode_udp(f, p + ihl, avail, total - ihl, 4);
}

static enum as_frame_err decode_ipv6(struct as_frame *f, const uint8_t *p, size_t caplen)
{
	struct as_rd r;
	as_rd_init(&r, p, caplen);
	f->l3 = AS_L3_IPV6;
	f->ip_csum = AS_CSUM_GOOD; /* IPv6 has no header checksum */
	if (caplen < 40) {
		set_err(f, AS_FRAME_IP_TRUNCATED);
		return f->err;
	}
	uint32_t vtf = as_rd_be32(&r);
	uint16_t plen = as_rd_be16(&r);
	uint8_t nh = as_rd_u8(&r);
	f->ttl = as_rd_u8(&r);
	as_rd_bytes(&r, f->src, 16);
	as_rd_bytes(&r, f->dst, 16);
	f->tos = (uint8_t)(vtf >> 20);
	if ((vtf >> 28) != 6 || plen == 0) { /* plen 0 = jumbogram: never RIPng */
		set_err(f, AS_FRAME_IP_BAD_HEADER);
		return f->err;
	}
	/* r now covers the payload only, bounded by the payload length. */
	size_t avail = caplen - 40 < plen ? caplen - 40 : plen;
	as_rd_init(&r, p + 40, avail);

	for (int i = 0; i < MAX_EXT_HEADERS; i++) {
		size_t hlen;
		switch (nh) {
		case IPPROTO_UDP_:
			return decode_udp(f, p + 40 + r.off, avail - r.off, plen - r.off, 6);
		case 0:  /* hop-by-hop */
		case 43: /* routing */
		case 60: /* destination options */
			f->ip_options = true;
			if (as_rd_left(&r) < 2)
				goto truncated;
			nh = r.p[r.off];
			hlen = ((size_t)r.p[r.off + 1] + 1) * 8;
			break;
		case 51: /* authentication header */
			f->ip_options = true;
			if (as_rd_left(&r) < 2)
				goto truncated;
			nh = r.p[r.off];
			hlen = ((size_t)r.p[r.off + 1] + 2) * 4;
			break;
		case 44: { /* fragment */
			f->ip_options = true;
			if (as_rd_left(&r) < 8)
				goto truncated;
			nh = r.p[r.off];
			uint16_t fo = as_load_be16(r.p + r.off + 2);
			hlen = 8;
			if (fo & 0xFFF9) { /* offset or more-fragments */
				f->fragment = true;
				f->first_fragment = (fo >> 3) == 0;
				set_err(f, AS_FRAME_IP_FRAGMENT);
				if (!f->first_fragment)
					return f->err;
			}
			break;
		}
		default:
			set_err(f, AS_FRAME_NOT_UDP);
			return f->err;
		}
		if (hlen > plen - r.off) {
			set_err(f, AS_FRAME_IP_BAD_HEADER);
			return f->err;
		}
		as_rd_skip(&r, hlen);
		if (r.err)
			goto truncated;
	}
	set_err(f, AS_FRAME_IP_BAD_HEADER); /* an extension header chain longer than sane */
	return f->err;
truncated:
	set_err(f, AS_FRAME_IP_TRUNCATED);
	return f->err;
}

static enum as_frame_err decode_ipx(struct as_frame *f, enum as_ipx_framing fr, const uint8_t *p,
				    size_t avail)
{
	f->l3 = AS_L3_IPX;
	f->ipx_framing = fr;
	f->payload = p;
	f->payload_len = avail;
	f->payload_wire_len = avail >= 4 ? as_load_be16(p + 2) : 0;
	return f->err;
}

/* The part after the link header, by EtherType (or 802.3 length). */
static enum as_frame_err decode_ethertype(struct as_frame *f, uint16_t type, const uint8_t *p,
					  size_t avail, bool sll)
{
	struct as_rd r;
	as_rd_init(&r, p, avail);

	while (type == ETH_P_8021Q || type == ETH_P_8021AD || type == ETH_P_QINQ_OLD) {
		if (as_rd_left(&r) < 4) {
			set_err(f, AS_FRAME_LINK_TRUNCATED);
			return f->err;
		}
		uint16_t tci = as_rd_be16(&r);
		if (f->vlan_count < 4)
			f->vlan_id[f->vlan_count] = tci & 0x0FFF;
		if (f->vlan_count < UINT8_MAX)
			f->vlan_count++;
		type = as_rd_be16(&r);
	}
	f->ethertype = type;
	const uint8_t *q = as_rd_ptr(&r);
	size_t left = as_rd_left(&r);

	if (sll && type == SLL_P_8023)
		return decode_ipx(f, AS_IPX_FRAME_8023, q, left);
	if (sll && type == SLL_P_8022)
		goto llc;
	if (type >= 0x0600) {
		switch (type) {
		case ETH_P_IPV4: return decode_ipv4(f, q, left);
		case ETH_P_IPV6: return decode_ipv6(f, q, left);
		case ETH_P_IPX: return decode_ipx(f, AS_IPX_FRAME_ETHERNET_II, q, left);
		default: set_err(f, AS_FRAME_NOT_IP); return f->err;
		}
	}
	if (type > 1500) { /* 1501..1535: neither a length nor an EtherType */
		set_err(f, AS_FRAME_NOT_IP);
		return f->err;
	}
	/* IEEE 802.3 length frame: the length trims the Ethernet padding. */
	f->ethertype = 0;
	if (type < left)
		left = type;
	if (left >= 2 && q[0] == 0xFF && q[1] == 0xFF)
		return decode_ipx(f, AS_IPX_FRAME_8023, q, left);
llc:
	f->ethertype = 0;
	if (left < 3) {
		set_err(f, AS_FRAME_NOT_IP);
		return f->err;
	}
	if (q[0] == 0xE0 && q[1] == 0xE0 && q[2] == 0x03)
		return decode_ipx(f, AS_IPX_FRAME_8022, q + 3, left - 3);
	if (q[0] == 0xAA && q[1] == 0xAA && q[2] == 0x03) {
		if (left < 8) {
			set_err(f, AS_FRAME_LINK_TRUNCATED);
			return f->err;
		}
		uint16_t snap_type = as_load_be16(q + 6);
		if (q[3] || q[4] || q[5]) { /* an organisation's own protocol */
			set_err(f, AS_FRAME_NOT_IP);
			return f->err;
		}
		f->ethertype = snap_type;
		switch (snap_type) {
		case ETH_P_IPX: return decode_ipx(f, AS_IPX_FRAME_SNAP, q + 8, left - 8);
		case ETH_P_IPV4: return decode_ipv4(f, q + 8, left - 8);
		case ETH_P_IPV6: return decode_ipv6(f, q + 8, left - 8);
		default: break;
		}
	}
	set_err(f, AS_FRAME_NOT_IP);
	return f->err;
}

static enum as_frame_err decode_ip_by_version(struct as_frame *f, const uint8_t *p, size_t len)
{
	if (len < 1) {
		set_err(f, AS_FRAME_IP_TRUNCATED);
		return f->err;
	}
	switch (p[0] >> 4) {
	case 4: return decode_ipv4(f, p, len);
	case 6: return decode_ipv6(f, p, len);
	default: set_err(f, AS_FRAME_NOT_IP); return f->err;
	}
}

/* BSD address families for IPv6 differ per system (Linux 10, BSDs 24/28/30). */
static enum as_frame_err decode_loop_af(struct as_frame *f, uint32_t af, const uint8_t *p,
					size_t len)
{
	switch (af) {
	case 2: return decode_ipv4(f, p, len);
	case 10:
	case 24:
	case 28:
	case 30: return decode_ipv6(f, p, len);
	default: set_err(f, AS_FRAME_NOT_IP); return f->err;
	}
}

enum as_frame_err as_frame_decode(enum as_link link, const uint8_t *p, size_t caplen,
				  struct as_frame *f)
{
	memset(f, 0, sizeof *f);
	switch (link) {
	case AS_LINK_ETHERNET:
		if (caplen < 14)
			break;
		return decode_ethertype(f, as_load_be16(p + 12), p + 14, caplen - 14, false);
	case AS_LINK_LINUX_SLL:
		if (caplen < 16)
			break;
		return decode_ethertype(f, as_load_be16(p + 14), p + 16, caplen - 16, true);
	case AS_LINK_LINUX_SLL2:
		if (caplen < 20)
			break;
		return decode_ethertype(f, as_load_be16(p), p + 20, caplen - 20, true);
	case AS_LINK_RAW:
		return decode_ip_by_version(f, p, caplen);
	case AS_LINK_IPV4:
		return decode_ipv4(f, p, caplen);
	case AS_LINK_IPV6:
		return decode_ipv6(f, p, caplen);
	case AS_LINK_NULL: {
		if (caplen < 4)
			break;
		/* Host byte order of the capturing machine: a small value in either order. */
		uint32_t be = as_load_be32(p);
		uint32_t le = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			      (uint32_t)p[3] << 24;
		return decode_loop_af(f, be < le ? be : le, p + 4, caplen - 4);
	}
	case AS_LINK_LOOP:
		if (caplen < 4)
			break;
		return decode_loop_af(f, as_load_be32(p), p + 4, caplen - 4);
	default:
		f->err = AS_FRAME_UNSUPPORTED_LINK;
		return f->err;
	}
	f->err = AS_FRAME_LINK_TRUNCATED;
	return f->err;
}
