/* neigh.c - link addresses of neighbours on live channels: multicast/broadcast by mapping
 * (RFC 1112 6.4, RFC 2464 7), then the kernel neighbour table (rtnetlink RTM_GETNEIGH), then our
 * own ARP request (RFC 826) or Neighbour Solicitation (RFC 4861 7.2.2) re-sent every 200 ms.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <libnet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "src/engine/engine_impl.h"

#define NEIGH_RESEND_MS 200u
/* Entries whose link address the kernel itself would use (rtnetlink(7) NUD_ states). */
#define NEIGH_USABLE                                                                               \
	(NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP)

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Group and broadcast addresses need no question on the wire. */
static bool map_address(const struct as_chan *c, int family, const uint8_t *a, uint8_t mac[6])
{
	if (family == 4) {
		if (a[0] >= 224 && a[0] <= 239) {
			const uint8_t m[6] = {0x01, 0x00, 0x5e, a[1] & 0x7f, a[2], a[3]};
			memcpy(mac, m, 6);
			return true;
		}
		bool bcast = a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255;
		if (!bcast && c->ifi.has_ip4 && c->ifi.ip4_plen > 0 && c->ifi.ip4_plen < 31) {
			uint32_t addr = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
			                (uint32_t)a[2] << 8 | a[3];
			uint32_t own = (uint32_t)c->ifi.ip4[0] << 24 |
			               (uint32_t)c->ifi.ip4[1] << 16 |
			               (uint32_t)c->ifi.ip4[2] << 8 | c->ifi.ip4[3];
			uint32_t host = (1u << (32 - c->ifi.ip4_plen)) - 1;
			bcast = (addr & ~host) == (own & ~host) && (addr & host) == host;
		}
		if (bcast) {
			memset(mac, 0xff, 6);
			return true;
		}
		return false;
	}
	if (a[0] == 0xff) {
		const uint8_t m[6] = {0x33, 0x33, a[12], a[13], a[14], a[15]};
		memcpy(mac, m, 6);
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------------------------------ */
/* The kernel's table */

struct kq {
	int family; /* AF_INET / AF_INET6 */
	int ifindex;
	const uint8_t *addr;
	uint8_t mac[6];
	bool found;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);
	if (mnl_attr_type_valid(a, NDA_MAX) > 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct kq *q = data;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	if (nd->ndm_family != q->family || nd->ndm_ifindex != q->ifindex ||
	    !(nd->ndm_state & NEIGH_USABLE))
		return MNL_CB_OK;
	const struct nlattr *tb[NDA_MAX + 1] = {0};
	mnl_attr_parse(nlh, sizeof *nd, attr_cb, tb);
	size_t alen = q->family == AF_INET ? 4 : 16;
	if (!tb[NDA_DST] || !tb[NDA_LLADDR] || mnl_attr_get_payload_len(tb[NDA_DST]) != alen ||
	    mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6)
		return MNL_CB_OK;
	if (memcmp(mnl_attr_get_payload(tb[NDA_DST]), q->addr, alen) != 0)
		return MNL_CB_OK;
	memcpy(q->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);
	q->found = true;
	return MNL_CB_OK;
}

static bool kernel_lookup(int family, int ifindex, const uint8_t *addr, uint8_t mac[6])
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return false;
	bool ok = false;
	_Alignas(struct nlmsghdr) char buf[32768]; /* dump messages are at most a page each */
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	unsigned seq = (unsigned)time(NULL);
	nlh->nlmsg_seq = seq;
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof *nd);
	nd->ndm_family = (uint8_t)(family == 4 ? AF_INET : AF_INET6);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto out;
	struct kq q = {.family = nd->ndm_family, .ifindex = ifindex, .addr = addr};
	unsigned portid = mnl_socket_get_portid(nl);
	/* A dump ends with NLMSG_DONE (callback returns STOP); the count bounds a confused one. */
	for (unsigned i = 0; i < 100000; i++) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
		if (n <= 0)
			break;
		int r = mnl_cb_run(buf, (size_t)n, seq, portid, neigh_cb, &q);
		if (r <= MNL_CB_STOP)
			break;
	}
	if (q.found) {
		memcpy(mac, q.mac, 6);
		ok = true;
	}
out:
	mnl_socket_close(nl);
	return ok;
}

/* ------------------------------------------------------------------------------------------ */
/* Asking on the wire */

/* A packet socket seeing only the answer we wait for: ARP replies from addr, or ICMPv6
 * Neighbour Advertisements (type 136) whose target ends like addr; the rest is checked below. */
static int open_listener(int family, int ifindex, const uint8_t *addr)
{
	uint32_t tail = family == 4 ? (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 |
	                                  (uint32_t)addr[2] << 8 | addr[3]
	                            : (uint32_t)addr[12] << 24 | (uint32_t)addr[13] << 16 |
	                                  (uint32_t)addr[14] << 8 | addr[15];
	struct sock_filter arp[] = {
	    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20), /* ARP operation */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 28), /* sender protocol address */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, tail, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, 65535),
	    BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_filter na[] = {
	    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20), /* IPv6 next header */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 5),
	    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 54), /* ICMPv6 type */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 136, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 74), /* last word of the target */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, tail, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, 65535),
	    BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = family == 4 ? (struct sock_fprog){.len = 6, .filter = arp}
	                                     : (struct sock_fprog){.len = 8, .filter = na};
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
	                          .sll_protocol = htons(family == 4 ? ETH_P_ARP : ETH_P_IPV6),
	                          .sll_ifindex = ifindex};
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Builds the question once with libnet; libnet_write() sends it again each round. */
static libnet_t *build_question(const struct as_chan *c, int family, const uint8_t *addr, char *err,
                                size_t errlen)
{
	char lerr[LIBNET_ERRBUF_SIZE] = "";
	libnet_t *l = libnet_init(LIBNET_LINK_ADV, c->ifname, lerr);
	if (!l) {
		snprintf(err, errlen, "libnet: %.150s", lerr);
		return NULL;
	}
	uint8_t src_mac[6];
	memcpy(src_mac, c->ifi.mac, 6);
	bool ok;
	if (family == 4) {
		/* Without an address of our own, an ARP probe (RFC 5227 2.1.1): sender 0.0.0.0. */
		uint8_t spa[4] = {0}, tpa[4], zero[6] = {0};
		static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
		if (c->ifi.has_ip4)
			memcpy(spa, c->ifi.ip4, 4);
		memcpy(tpa, addr, 4);
		ok = libnet_autobuild_arp(ARPOP_REQUEST, src_mac, spa, zero, tpa, l) != -1 &&
		     libnet_build_ethernet(bcast, src_mac, ETHERTYPE_ARP, NULL, 0, l, 0) != -1;
	} else {
		/* To the solicited-node group ff02::1:ffXX:XXXX, hop limit 255 (RFC 4861 7.1). */
		struct libnet_in6_addr target, src, dst;
		memcpy(&target, addr, 16);
		memset(&src, 0, sizeof src);
		if (c->ifi.has_ll6)
			memcpy(&src, c->ifi.ll6, 16);
		const uint8_t sn[16] = {0xff,
		                        0x02,
		                        [11] = 0x01,
		                        [12] = 0xff,
		                        [13] = addr[13],
		                        [14] = addr[14],
		                        [15] = addr[15]};
		memcpy(&dst, sn, 16);
		const uint8_t dst_mac[6] = {0x33, 0x33, 0xff, addr[13], addr[14], addr[15]};
		uint32_t icmp_len = LIBNET_ICMPV6_NDP_NSOL_H;
		ok = true;
		/* The source link-layer option is forbidden from the unspecified address. */
		if (c->ifi.has_ll6) {
			ok = libnet_build_icmpv6_ndp_opt(ND_OPT_SOURCE_LINKADDR, src_mac, 6, l,
			                                 0) != -1;
			icmp_len += 8;
		}
		ok = ok &&
		     libnet_build_icmpv6_ndp_nsol(ND_NEIGHBOR_SOLICIT, 0, 0, target, NULL, 0, l,
		                                  0) != -1 &&
		     libnet_build_ipv6(0, 0, (uint16_t)icmp_len, IPPROTO_ICMPV6, 255, src, dst,
		                       NULL, 0, l, 0) != -1 &&
		     libnet_build_ethernet(dst_mac, src_mac, ETHERTYPE_IPV6, NULL, 0, l, 0) != -1;
	}
	if (!ok) {
		snprintf(err, errlen, "libnet: %.150s", libnet_geterror(l));
		libnet_destroy(l);
		return NULL;
	}
	return l;
}

/* Whether a frame the listener passed answers our question; the MAC goes to mac. */
static bool is_answer(int family, const uint8_t *addr, const uint8_t *p, size_t n, uint8_t mac[6])
{
	if (family == 4) {
		if (n < 42 || p[12] != 0x08 || p[13] != 0x06 || p[20] != 0 || p[21] != 2 ||
		    p[18] != 6 || p[19] != 4 || memcmp(p + 28, addr, 4) != 0)
			return false;
		memcpy(mac, p + 22, 6);
		return true;
	}
	/* RFC 4861 7.1.2: hop limit 255, ICMPv6 code 0, length >= 24. */
	if (n < 78 || p[12] != 0x86 || p[13] != 0xdd || p[20] != IPPROTO_ICMPV6 || p[21] != 255 ||
	    p[54] != 136 || p[55] != 0 || memcmp(p + 62, addr, 16) != 0)
		return false;
	size_t plen = (size_t)p[18] << 8 | p[19];
	size_t end = 54 + plen < n ? 54 + plen : n;
	memcpy(mac, p + 6, 6); /* no target link-layer option: the sender's own address */
	for (size_t o = 78; o + 2 <= end;) {
		size_t olen = (size_t)p[o + 1] * 8;
		if (olen == 0 || o + olen > end)
			break;
		if (p[o] == ND_OPT_TARGET_LINKADDR && olen >= 8)
			memcpy(mac, p + o + 2, 6);
		o += olen;
	}
	return true;
}

static bool ask_on_wire(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
                        uint8_t mac[6], char *err, size_t errlen)
{
	int fd = open_listener(family, c->ifi.ifindex, addr);
	if (fd < 0) {
		snprintf(err, errlen, "packet socket: %s%s", strerror(errno),
		         errno == EPERM ? " (needs CAP_NET_RAW)" : "");
		return false;
	}
	libnet_t *l = build_question(c, family, addr, err, errlen);
	if (!l) {
		close(fd);
		return false;
	}
	bool found = false;
	uint64_t start = mono_ms(), deadline = start + timeout_ms;
	/* One question per 200 ms; the count bound holds even if the clock misbehaves. */
	unsigned rounds = timeout_ms / NEIGH_RESEND_MS + 1;
	for (unsigned r = 0; r < rounds && !found; r++) {
		if (libnet_write(l) < 0) {
			snprintf(err, errlen, "sending the question: %s", libnet_geterror(l));
			break;
		}
		uint64_t round_end = start + (uint64_t)(r + 1) * NEIGH_RESEND_MS;
		if (round_end > deadline)
			round_end = deadline;
		for (unsigned polls = 0; polls < 64 && !found; polls++) {
			uint64_t now = mono_ms();
			if (now >= round_end)
				break;
			struct pollfd pfd = {.fd = fd, .events = POLLIN};
			if (poll(&pfd, 1, (int)(round_end - now)) <= 0)
				continue;
			uint8_t buf[2048];
			for (unsigned k = 0; k < 64 && !found; k++) {
				ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
				if (n < 0)
					break;
				found = is_answer(family, addr, buf, (size_t)n, mac);
			}
		}
	}
	libnet_destroy(l);
	close(fd);
	if (!found && !err[0])
		snprintf(err, errlen, "no answer within %u ms", timeout_ms);
	return found;
}

int as_live_neigh_resolve(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
                          uint8_t mac_out[6])
{
	if ((family != 4 && family != 6) || !addr)
		return AS_ERROR_INVALID_PARAMETER;
	if (map_address(c, family, addr, mac_out))
		return AS_NO_ERROR;
	if (kernel_lookup(family, c->ifi.ifindex, addr, mac_out))
		return AS_NO_ERROR;
	char err[200] = "";
	if (ask_on_wire(c, family, addr, timeout_ms, mac_out, err, sizeof err))
		return AS_NO_ERROR;
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, a, sizeof a);
	as_engine_seterr(c->e, "%s: link address of %s unresolved: %s", c->ifname, a, err);
	return AS_ERROR_CAN_NOT_COMPLETE;
}
