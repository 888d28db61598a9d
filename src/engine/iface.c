/* iface.c - the state of a live interface: index, flags, MAC, MTU, first IPv4 address and the
 * IPv6 link-local address (RFC 4291 2.5.6), read with ioctl(2) and getifaddrs(3).
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "src/engine/engine_impl.h"

static unsigned prefix_len(const uint8_t *mask, size_t n)
{
	unsigned len = 0;
	for (size_t i = 0; i < n; i++)
		len += (unsigned)__builtin_popcount(mask[i]);
	return len;
}

/* Addresses come from getifaddrs: ioctl(SIOCGIFADDR) knows IPv4 only and only one alias. */
static void read_addresses(const char *name, struct as_iface_info *out)
{
	struct ifaddrs *list;
	if (getifaddrs(&list) < 0)
		return;
	for (struct ifaddrs *a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || strcmp(a->ifa_name, name) != 0)
			continue;
		if (a->ifa_addr->sa_family == AF_INET && !out->has_ip4) {
			struct sockaddr_in sin, mask;
			memcpy(&sin, a->ifa_addr, sizeof sin);
			memcpy(out->ip4, &sin.sin_addr, 4);
			if (a->ifa_netmask) {
				memcpy(&mask, a->ifa_netmask, sizeof mask);
				out->ip4_plen =
				    (uint8_t)prefix_len((const uint8_t *)&mask.sin_addr, 4);
			}
			out->has_ip4 = true;
		} else if (a->ifa_addr->sa_family == AF_INET6 && !out->has_ll6) {
			struct sockaddr_in6 sin6;
			memcpy(&sin6, a->ifa_addr, sizeof sin6);
			const uint8_t *b = sin6.sin6_addr.s6_addr;
			if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) {
				memcpy(out->ll6, b, 16);
				out->has_ll6 = true;
			}
		}
	}
	freeifaddrs(list);
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
	read_addresses(name, out);
	return AS_NO_ERROR;
}
