/* tmpl.c - frame templates and the transmit batches: Ethernet II (RFC 894) / IEEE 802.3 length
 * frames, IPv4 (RFC 791, header checksum RFC 1071) or IPv6 (RFC 8200) and UDP (RFC 768, checksum
 * over the pseudo-header, RFC 8200 8.1), built once and patched per packet.
 *
 * The UDP headers are laid out by libnet 1.2, once per template, with no interface and no
 * privilege: libnet_init(LIBNET_NONE, NULL, err), then libnet_build_udp, libnet_build_ipv4 or
 * libnet_build_ipv6, libnet_build_ethernet (innermost first, as libnet requires), and the bytes
 * are taken with libnet_pblock_coalesce() and released with libnet_adv_free_packet().
 * libnet_adv_cull_packet() does not work here: it refuses any context that is not
 * LIBNET_LINK_ADV ("advanced link mode not enabled"), and that mode opens a link socket, which
 * needs CAP_NET_RAW and an interface.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <libnet.h>

#include "src/engine/core_priv.h"

#define TMPL_HDR_MAX 96

enum tmpl_kind { TMPL_UDP4, TMPL_UDP6, TMPL_ETH2, TMPL_8023 };

struct as_tmpl {
	struct as_chan *c;
	enum tmpl_kind kind;
	uint8_t hdr[TMPL_HDR_MAX];
	size_t hlen;      /**< bytes of headers before the payload */
	size_t l3_off;    /**< IP header (UDP) */
	size_t l4_off;    /**< UDP header (UDP) */
	uint32_t partial; /**< pseudo-header addresses + protocol + UDP ports, not folded */
	uint16_t ip_id;   /**< IPv4 identification, one counter per template */
	size_t l3_max;    /**< largest L3 packet (IP: MTU; link: MTU for the 802.3 body) */
};

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static int build_udp(struct as_tmpl *t, const struct as_udp_tmpl_spec *s, const uint8_t src_mac[6],
		     char *err, size_t errlen)
{
	char ebuf[LIBNET_ERRBUF_SIZE] = "";
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, ebuf);
	if (!l) {
		snprintf(err, errlen, "libnet_init: %s", ebuf);
		return -1;
	}
	int rc = -1;
	const char *what = "libnet_build_udp";
	if (libnet_build_udp(s->sport, s->dport, LIBNET_UDP_H, 0, NULL, 0, l, 0) < 0)
		goto out;
	if (s->family == 4) {
		uint32_t src, dst; /* network order, as libnet wants them */
		memcpy(&src, s->src, 4);
		memcpy(&dst, s->dst, 4);
		what = "libnet_build_ipv4";
		if (libnet_build_ipv4(LIBNET_IPV4_H + LIBNET_UDP_H, s->tos, 0, 0 /* DF clear */,
				      s->ttl, IPPROTO_UDP, 0, src, dst, NULL, 0, l, 0) < 0)
			goto out;
	} else {
		struct libnet_in6_addr src, dst;
		memcpy(&src, s->src, 16);
		memcpy(&dst, s->dst, 16);
		what = "libnet_build_ipv6";
		if (libnet_build_ipv6(s->tos, 0, LIBNET_UDP_H, IPPROTO_UDP, s->ttl, src, dst, NULL, 0,
				      l, 0) < 0)
			goto out;
	}
	what = "libnet_build_ethernet";
	if (libnet_build_ethernet(s->dst_mac, src_mac,
				  s->family == 4 ? ETHERTYPE_IP : ETHERTYPE_IPV6, NULL, 0, l, 0) < 0)
		goto out;
	uint8_t *pkt = NULL;
	uint32_t n = 0;
	what = "libnet_pblock_coalesce";
	if (libnet_pblock_coalesce(l, &pkt, &n) < 0)
		goto out;
	size_t want = 14 + (s->family == 4 ? 20u : 40u) + 8;
	if (n == want) {
		memcpy(t->hdr, pkt, n);
		t->hlen = n;
		rc = 0;
	} else {
		snprintf(err, errlen, "libnet built %u header bytes, expected %zu", n, want);
	}
	libnet_adv_free_packet(l, pkt);
	libnet_destroy(l);
	return rc;
out:
	snprintf(err, errlen, "%s: %s", what, libnet_geterror(l));
	libnet_destroy(l);
	return -1;
}

int as_tmpl_udp(struct as_chan *c, const struct as_udp_tmpl_spec *spec, struct as_tmpl **out)
{
	*out = NULL;
	if ((spec->family != 4 && spec->family != 6) || !spec->src || !spec->dst || !spec->dst_mac)
		return AS_ERROR_INVALID_PARAMETER;
	struct as_tmpl *t = calloc(1, sizeof *t);
	if (!t)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	char err[LIBNET_ERRBUF_SIZE + 64];
	if (build_udp(t, spec, c->ifi.mac, err, sizeof err) != 0) {
		free(t);
		return as_engine_seterr(c->e, "interface %s: %s", c->ifname, err);
	}
	t->c = c;
	t->kind = spec->family == 4 ? TMPL_UDP4 : TMPL_UDP6;
	t->l3_off = 14;
	t->l4_off = 14 + (spec->family == 4 ? 20u : 40u);
	t->l3_max = c->ifi.mtu ? c->ifi.mtu : 1500;
	/* The pseudo-header's addresses and protocol and the UDP ports do not change between
	 * packets: only the two length fields and the payload are summed per send. */
	uint32_t sum = IPPROTO_UDP;
	size_t alen = spec->family == 4 ? 4 : 16;
	sum = as_csum_add(sum, spec->src, alen);
	sum = as_csum_add(sum, spec->dst, alen);
	sum = as_csum_add(sum, t->hdr + t->l4_off, 4);
	t->partial = sum;
	*out = t;
	return AS_NO_ERROR;
}

int as_tmpl_link(struct as_chan *c, const uint8_t dst_mac[6], uint16_t ethertype,
		 const uint8_t *llc, size_t llc_len, struct as_tmpl **out)
{
	*out = NULL;
	if (14 + llc_len > TMPL_HDR_MAX || (llc_len && !llc) || (ethertype && ethertype < 0x0600))
		return AS_ERROR_INVALID_PARAMETER;
	struct as_tmpl *t = calloc(1, sizeof *t);
	if (!t)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	t->c = c;
	memcpy(t->hdr, dst_mac, 6);
	memcpy(t->hdr + 6, c->ifi.mac, 6);
	put16(t->hdr + 12, ethertype);
	if (ethertype) {
		t->kind = TMPL_ETH2;
		t->hlen = 14;
	} else {
		t->kind = TMPL_8023;
		if (llc_len)
			memcpy(t->hdr + 14, llc, llc_len);
		t->hlen = 14 + llc_len;
	}
	t->l3_max = c->ifi.mtu ? c->ifi.mtu : 1500;
	if (t->kind == TMPL_8023 && t->l3_max > 1500)
		t->l3_max = 1500; /* an 802.3 length cannot say more: 0x0600 up is an EtherType */
	*out = t;
	return AS_NO_ERROR;
}

void as_tmpl_free(struct as_tmpl *t)
{
	free(t);
}

int as_send(struct as_tmpl *t, const uint8_t *payload, size_t len)
{
	struct as_chan *c = t->c;
	struct as_engine *e = c->e;
	size_t l3 = t->hlen - 14 + len;
	if (l3 > t->l3_max || t->hlen + len > c->tx_slot) {
		as_count2(e, c, "tx-too-big", 1);
		return -1;
	}
	if (c->tx_n == AS_TX_BATCH && as_chan_flush(c) != 0 && c->tx_n == AS_TX_BATCH)
		return -1;
	uint8_t *f = c->tx_buf + (size_t)c->tx_n * c->tx_slot;
	memcpy(f, t->hdr, t->hlen);
	if (len)
		memcpy(f + t->hlen, payload, len);

	if (t->kind == TMPL_UDP4) {
		uint8_t *ip = f + t->l3_off;
		put16(ip + 2, (uint16_t)l3);
		put16(ip + 4, t->ip_id++);
		put16(ip + 10, 0);
		put16(ip + 10, (uint16_t)~as_csum_fold(as_csum_add(0, ip, 20)));
	}
	if (t->kind == TMPL_UDP4 || t->kind == TMPL_UDP6) {
		uint8_t *udp = f + t->l4_off;
		uint16_t ulen = (uint16_t)(8 + len);
		if (t->kind == TMPL_UDP6)
			put16(f + t->l3_off + 4, ulen);
		put16(udp + 4, ulen);
		/* Pseudo-header length and UDP length field: the same value counted twice. */
		uint32_t sum = as_csum_add(t->partial + 2u * ulen, payload, len);
		uint16_t ck = (uint16_t)~as_csum_fold(sum);
		put16(udp + 6, ck ? ck : 0xFFFF);
	} else if (t->kind == TMPL_8023) {
		put16(f + 12, (uint16_t)l3);
	}

	c->tx_iov[c->tx_n].iov_base = f;
	c->tx_iov[c->tx_n].iov_len = t->hlen + len;
	c->tx_n++;
	if (!c->tx_queued) {
		c->tx_queued = true;
		c->tx_next = e->txq;
		e->txq = c;
	}
	if (c->tx_n == AS_TX_BATCH)
		return as_chan_flush(c);
	return 0;
}

int as_send_frame(struct as_chan *c, const uint8_t *frame, size_t len)
{
	struct as_engine *e = c->e;
	size_t mtu = c->ifi.mtu ? c->ifi.mtu : 1500;
	if (len < 14 || len > mtu + 14 || len > c->tx_slot) {
		as_count2(e, c, "tx-too-big", 1);
		return -1;
	}
	if (c->tx_n == AS_TX_BATCH && as_chan_flush(c) != 0 && c->tx_n == AS_TX_BATCH)
		return -1;
	uint8_t *f = c->tx_buf + (size_t)c->tx_n * c->tx_slot;
	memcpy(f, frame, len);
	c->tx_iov[c->tx_n].iov_base = f;
	c->tx_iov[c->tx_n].iov_len = len;
	c->tx_n++;
	if (!c->tx_queued) {
		c->tx_queued = true;
		c->tx_next = e->txq;
		e->txq = c;
	}
	if (c->tx_n == AS_TX_BATCH)
		return as_chan_flush(c);
	return 0;
}

static void record(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	struct as_engine *e = c->e;
	if (!e->rec)
		return;
	uint64_t wall = as_engine_wall(e);
	for (unsigned i = 0; i < n; i++)
		as_rec_write(e->rec, wall, iov[i].iov_base, iov[i].iov_len, iov[i].iov_len);
}

int as_chan_flush(struct as_chan *c)
{
	struct as_engine *e = c->e;
	unsigned n = c->tx_n, done = 0;
	bool retried = false;
	int result = 0;
	while (done < n) {
		int r = e->ops->chan_send ? e->ops->chan_send(c, c->tx_iov + done, n - done) : -1;
		if (r > 0) {
			unsigned k = (unsigned)r > n - done ? n - done : (unsigned)r;
			record(c, c->tx_iov + done, k);
			as_count2(e, c, "tx-frames", k);
			done += k;
			continue;
		}
		/* A full queue empties quickly: wait once, briefly, for room, then give up on the
		 * rest rather than stall every session of the loop. */
		if (!retried && (r == 0 || errno == ENOBUFS || errno == EAGAIN || errno == EWOULDBLOCK)) {
			retried = true;
			if (c->fd >= 0) {
				struct pollfd p = {.fd = c->fd, .events = POLLOUT};
				poll(&p, 1, 10);
			}
			continue;
		}
		as_count2(e, c, "tx-error", n - done);
		result = -1;
		break;
	}
	c->tx_n = 0;
	return result;
}

void as_engine_flush(struct as_engine *e)
{
	while (e->txq) {
		struct as_chan *c = e->txq;
		e->txq = c->tx_next;
		c->tx_next = NULL;
		c->tx_queued = false;
		as_chan_flush(c);
	}
}
