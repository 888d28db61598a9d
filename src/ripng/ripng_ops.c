/* ripng_ops.c - what the RIPng requester and responder share: the channel and its classifier,
 * the message size on a link (RFC 2080 2.1), and the module table entry (RFC 2080, RFC 2091).
 */
#include "config.h"

#include <net/ethernet.h>

#include "src/ripng/ripng_mod.h"

const uint8_t as_ripng_group[16] = {0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09};

/* The class of a RIPng payload is its command byte: the engine keys endpoints by it, and the
 * endpoint decodes and re-checks everything else. */
static int ripng_classify(const struct as_rx *rx, const char **reason)
{
	if (rx->f.payload_len < AS_RIPNG_HDR_LEN) {
		*reason = "ripng-short";
		return -1;
	}
	return rx->f.payload[0];
}

static const struct as_proto_ops ripng_ops = {
    .name = "ripng",
    .classify = ripng_classify,
};

/* pcap's "udp" matches only a UDP next header directly after the IPv6 header: a RIPng packet
 * behind extension headers is not seen. RFC 2080 packets are link-local, hop limit 255 and
 * MTU-sized, so a correct peer has no reason to add any (and fragments would need reassembly). */
const struct as_chan_spec as_ripng_chan_spec = {
    .protocol = ETHERTYPE_IPV6,
    .filter = "udp dst port 521",
    .ops = &ripng_ops,
    .udp_port = AS_RIPNG_PORT,
};

unsigned as_ripng_room(unsigned cmd, unsigned mtu)
{
	size_t n = as_ripng_cmd_is_triggered(cmd) ? as_ripng_max_entries_triggered(mtu)
	                                          : as_ripng_max_entries(mtu);
	return n ? (unsigned)n : 1;
}

int as_ripng_check_key(const struct as_rip_key *key)
{
	if (key->alg != AS_RIP_ALG_NONE) {
		as_update_seterr("RIPng has no authentication (RFC 2080 relies on IPsec)");
		return AS_ERROR_INVALID_PARAMETER;
	}
	return AS_NO_ERROR;
}

const struct as_module as_module_ripng = {
    .pid = AS_PID_IPV6,
    .name = "ripng",
    .update_start = as_ripng_update_start,
    .responder_start = as_ripng_responder_start,
};
