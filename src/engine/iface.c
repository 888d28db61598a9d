/* iface.c - the state of a live interface: index, flags, MAC, MTU, first IPv4 address and the
 * IPv6 link-local address (RFC 4291 2.5.6), read with ioctl(2) and an rtnetlink address dump
 * (RTM_GETADDR, rtnetlink(7)) restricted to the one interface.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "src/engine/engine_impl.h"

struct addr_q {
	int ifindex;
	struct as_iface_info *out;
};

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	if (mnl_attr_type_valid(a, IFA_MAX) > 0)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

/* The dump comes in the kernel's order, the primary address of each family first; like
 * getifaddrs(3), IFA_LOCAL is the address itself (IFA_ADDRESS is the peer on point-to-point). */
static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_q *q = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	if ((int)ifa->ifa_index != q->ifindex)
		return MNL_CB_OK;
	const struct nlattr *tb[IFA_MAX + 1] = {0};
	mnl_attr_parse(nlh, sizeof *ifa, addr_attr_cb, tb);
	const struct nlattr *at = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!at)
		return MNL_CB_OK;
	const uint8_t *b = mnl_attr_get_payload(at);
	struct as_iface_info *out = q->out;
	if (ifa->ifa_family == AF_INET && mnl_attr_get_payload_len(at) == 4 && !out->has_ip4) {
		memcpy(out->ip4, b, 4);
		out->ip4_plen = ifa->ifa_prefixlen;
		out->has_ip4 = true;
	} else if (ifa->ifa_family == AF_INET6 && mnl_attr_get_payload_len(at) == 16 &&
	           !out->has_ll6 && b[0] == 0xfe && (b[1] & 0xc0) == 0x80) {
		memcpy(out->ll6, b, 16);
		out->has_ll6 = true;
	}
	return MNL_CB_OK;
}

/* getifaddrs(3) dumped every link and every address of the namespace on each call: with
 * thousands of addresses or interfaces, starting thousands of sessions cost their square.
 * With NETLINK_GET_STRICT_CHK the kernel (4.20+) dumps only the interface asked for; an older
 * one ignores the filter and the callback's own check keeps the answer right. */
static void read_addresses(int ifindex, struct as_iface_info *out)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return;
	int one = 1;
	(void)mnl_socket_setsockopt(nl, NETLINK_GET_STRICT_CHK, &one, sizeof one);
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	unsigned portid = mnl_socket_get_portid(nl);
	_Alignas(struct nlmsghdr) char buf[32768]; /* dump messages are at most a page each */
	static const int families[2] = {AF_INET, AF_INET6};
	for (int f = 0; f < 2; f++) {
		struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETADDR;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		unsigned seq = (unsigned)time(NULL) + (unsigned)f;
		nlh->nlmsg_seq = seq;
		struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
		ifa->ifa_family = (uint8_t)families[f];
		ifa->ifa_index = (unsigned)ifindex;
		if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
			break;
		struct addr_q q = {.ifindex = ifindex, .out = out};
		/* A dump ends with NLMSG_DONE (MNL_CB_STOP); the count bounds a confused one. */
		for (unsigned i = 0; i < 100000; i++) {
			ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
			if (n <= 0)
				break;
			if (mnl_cb_run(buf, (size_t)n, seq, portid, addr_cb, &q) <= MNL_CB_STOP)
				break;
		}
	}
out:
	mnl_socket_close(nl);
}

int as_live_iface_query(const char *name, struct as_iface_info *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (!name || !*name || strlen(name) >= IF_NAMESIZE) {
		snprintf(err, errlen, "interface %s does not exist", name ? name : "(null)");
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	}
	snprintf(out->name, sizeof out->name, "%s", name);

	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "%s: socket: %s", name, strerror(errno));
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
		int e = errno;
		close(fd);
		if (e == ENODEV || e == ENXIO) {
			snprintf(err, errlen, "interface %s does not exist", name);
			return AS_ERROR_INTERFACE_NOT_CONNECTED;
		}
		snprintf(err, errlen, "%s: SIOCGIFINDEX: %s", name, strerror(e));
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	out->ifindex = ifr.ifr_ifindex;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		out->up = (ifr.ifr_flags & IFF_UP) != 0;
		out->running = (ifr.ifr_flags & IFF_RUNNING) != 0;
	}
	if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
		out->mtu = (unsigned)ifr.ifr_mtu;
	/* Loopback and tunnels have no 6-byte address: leave the MAC zero for them. */
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 && ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER)
		memcpy(out->mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);
	read_addresses(out->ifindex, out);
	return AS_NO_ERROR;
}
