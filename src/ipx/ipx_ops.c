/* ipx_ops.c - what the IPX RIP / SAP requester and responder share: the three channels the four
 * Ethernet framings arrive on, the classifier, link templates and packet building (Novell IPX as
 * restated in PROTOCOLS.md 5.1-5.5; RFC 1042 SNAP; RFC 2091 5.4 / 5.5 operation numbers).
 */
#include "config.h"

#include <string.h>

#include "src/ipx/ipx_mod.h"

/* sll_protocol values (linux/if_ether.h): eth_type_trans() gives 802.3 length frames whose
 * payload starts FF FF the protocol ETH_P_802_3 and other length frames ETH_P_802_2. */
#define IPX_ETH_P_IPX   0x8137
#define IPX_ETH_P_802_3 0x0001
#define IPX_ETH_P_802_2 0x0004

/* The class is (codec of the destination socket, operation). The header and the operation are
 * read through the codecs; a packet they reject whole before the operation is known is dropped
 * here under the codec's reason, anything later is left to the endpoint, which decodes again
 * and counts the reason in its own session. */
static int ipx_classify(const struct as_rx *rx, const char **reason)
{
	struct as_ipx_hdr h;
	ssize_t n = as_ipx_decode(rx->f.payload, rx->f.payload_len, &h);
	if (n < 0) {
		*reason = as_ipx_err_str((enum as_ipx_err) - n);
		return -1;
	}
	const uint8_t *data = rx->f.payload + AS_IPX_HDR_LEN;
	size_t len = (size_t)n - AS_IPX_HDR_LEN;
	enum as_ipx_kind k = as_ipx_socket_kind(h.dst.socket);
	unsigned op;
	if (k == AS_IPX_KIND_RIP) {
		struct as_ipxrip_msg m;
		ssize_t r = as_ipxrip_decode(data, len, &m);
		if (r == -AS_IPXRIP_ERR_SHORT || r == -AS_IPXRIP_ERR_BAD_OPERATION) {
			*reason = as_ipxrip_err_str((enum as_ipxrip_err) - r);
			return -1;
		}
		op = m.op;
	} else if (k == AS_IPX_KIND_SAP) {
		struct as_sap_msg m;
		ssize_t r = as_sap_decode(data, len, &m);
		if (r == -AS_SAP_ERR_SHORT || r == -AS_SAP_ERR_BAD_OPERATION) {
			*reason = as_sap_err_str((enum as_sap_err) - r);
			return -1;
		}
		op = m.op;
	} else {
		*reason = "ipx-other-socket";
		return -1;
	}
	if (op > 0xFF) {
		*reason = k == AS_IPX_KIND_RIP ? "ipxrip-bad-operation" : "ipxsap-bad-operation";
		return -1;
	}
	return AS_IPX_CLS(k, op);
}

static const struct as_proto_ops ipx_ops = {
    .name = "ipx",
    .classify = ipx_classify,
};

/* libpcap's "ipx" primitive matches all four framings (EtherType 0x8137, raw 802.3 with FF FF,
 * LLC E0 E0, SNAP 00 00 00 81 37); the bound protocol narrows each channel further. */
const struct as_chan_spec as_ipx_chan_specs[AS_IPX_NCHAN] = {
    {.protocol = IPX_ETH_P_IPX, .filter = "ipx", .ops = &ipx_ops, .udp_port = 0},
    {.protocol = IPX_ETH_P_802_3, .filter = "ipx", .ops = &ipx_ops, .udp_port = 0},
    {.protocol = IPX_ETH_P_802_2, .filter = "ipx", .ops = &ipx_ops, .udp_port = 0},
};

bool as_ipx_framing_ok(int framing)
{
	return framing >= AS_IPX_FRAME_NONE && framing <= AS_IPX_FRAME_SNAP;
}

enum as_ipx_framing as_ipx_framing_of(int framing)
{
	return framing == AS_IPX_FRAME_NONE ? AS_IPX_FRAME_ETHERNET_II
	                                    : (enum as_ipx_framing)framing;
}

const struct as_chan_spec *as_ipx_chan_spec(int framing)
{
	switch (as_ipx_framing_of(framing)) {
	case AS_IPX_FRAME_8023: return &as_ipx_chan_specs[1];
	case AS_IPX_FRAME_8022:
	case AS_IPX_FRAME_SNAP: return &as_ipx_chan_specs[2];
	default: return &as_ipx_chan_specs[0];
	}
}

int as_ipx_tmpl(struct as_chan *c, enum as_ipx_framing fr, const uint8_t dst_mac[6],
                struct as_tmpl **out)
{
	static const uint8_t llc[3] = {0xE0, 0xE0, 0x03};
	static const uint8_t snap[8] = {0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x81, 0x37};
	switch (fr) {
	case AS_IPX_FRAME_8023: return as_tmpl_link(c, dst_mac, 0, NULL, 0, out);
	case AS_IPX_FRAME_8022: return as_tmpl_link(c, dst_mac, 0, llc, sizeof llc, out);
	case AS_IPX_FRAME_SNAP: return as_tmpl_link(c, dst_mac, 0, snap, sizeof snap, out);
	default: return as_tmpl_link(c, dst_mac, IPX_ETH_P_IPX, NULL, 0, out);
	}
}

ssize_t as_ipx_put_hdr(uint8_t *buf, size_t cap, size_t datalen, uint8_t ptype,
                       const struct as_ipx_addr *dst, const struct as_ipx_addr *src)
{
	size_t total = AS_IPX_HDR_LEN + datalen;
	if (total > cap || total > AS_IPX_MAX_LEN)
		return -1;
	struct as_ipx_hdr h;
	memset(&h, 0, sizeof h);
	h.checksum = AS_IPX_CSUM_NONE; /* raw 802.3 receivers recognise the framing by it */
	h.length = (uint16_t)total;
	h.type = ptype;
	h.dst = *dst;
	h.src = *src;
	if (as_ipx_encode_hdr(&h, buf, cap) < 0)
		return -1;
	return (ssize_t)total;
}

ssize_t as_ipx_pack_rip(uint8_t *buf, size_t cap, const struct as_ipxrip_msg *m,
                        const struct as_ipx_addr *dst, const struct as_ipx_addr *src)
{
	if (cap < AS_IPX_HDR_LEN)
		return -1;
	ssize_t n = as_ipxrip_encode(m, buf + AS_IPX_HDR_LEN, cap - AS_IPX_HDR_LEN);
	if (n < 0)
		return -1;
	return as_ipx_put_hdr(buf, cap, (size_t)n, AS_IPX_TYPE_RIP, dst, src);
}

ssize_t as_ipx_pack_sap(uint8_t *buf, size_t cap, const struct as_sap_msg *m,
                        const struct as_ipx_addr *dst, const struct as_ipx_addr *src)
{
	if (cap < AS_IPX_HDR_LEN)
		return -1;
	ssize_t n = as_sap_encode(m, buf + AS_IPX_HDR_LEN, cap - AS_IPX_HDR_LEN);
	if (n < 0)
		return -1;
	return as_ipx_put_hdr(buf, cap, (size_t)n, AS_IPX_TYPE_PEP, dst, src);
}

void as_ipx_rx_hdr(const struct as_rx *rx, struct as_ipx_hdr *h, const uint8_t **data, size_t *len)
{
	ssize_t n = as_ipx_decode(rx->f.payload, rx->f.payload_len, h);
	if (n < AS_IPX_HDR_LEN)
		n = AS_IPX_HDR_LEN; /* not reached: classify() let only valid headers through */
	*data = rx->f.payload + AS_IPX_HDR_LEN;
	*len = (size_t)n - AS_IPX_HDR_LEN;
}

void as_ipx_sap_to_service(const struct as_sap_entry *e, struct as_service *s)
{
	memset(s, 0, sizeof *s);
	s->type = e->type;
	size_t n = e->name_len < AS_SAP_NAME_MAX ? e->name_len : AS_SAP_NAME_MAX;
	memcpy(s->name, e->name, n);
	s->network = e->net;
	memcpy(s->node, e->node, 6);
	s->socket = e->socket;
	s->hops = e->hops;
}

void as_ipx_service_to_sap(const struct as_service *s, struct as_sap_entry *e)
{
	memset(e, 0, sizeof *e);
	e->type = s->type;
	char name[AS_SAP_NAME_MAX + 1];
	size_t n = strnlen(s->name, AS_SAP_NAME_MAX); /* a longer name is cut, never refused */
	memcpy(name, s->name, n);
	name[n] = 0;
	as_sap_set_name(e, name);
	e->net = s->network;
	memcpy(e->node, s->node, 6);
	e->socket = s->socket;
	e->hops = s->hops;
}

const struct as_module as_module_ipx = {
    .pid = AS_PID_IPX,
    .name = "ipx",
    .update_start = as_ipx_update_start,
    .responder_start = as_ipx_responder_start,
};
