/* sink.c - a bound UDP socket that drops everything, so the kernel does not answer our peers with
 * ICMP Port Unreachable (RFC 1122 3.2.2.1, RFC 4443 3.1) for a port the engine serves through a
 * raw channel.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "src/engine/engine_impl.h"

int as_sink_open(int family, uint16_t port, const char *ifname)
{
	int af = family == 6 ? AF_INET6 : AF_INET;
	if ((family != 4 && family != 6) || port == 0)
		return -1;
	int fd = socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* The filter goes on before bind so that not one datagram is ever queued: the channel
	 * reads the same traffic from its raw socket. */
	static struct sock_filter drop_all[] = {BPF_STMT(BPF_RET | BPF_K, 0)};
	struct sock_fprog prog = {.len = 1, .filter = drop_all};
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0)
		goto fail;
	int small = 1; /* the kernel rounds up to its minimum */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	if (af == AF_INET6) {
		int one = 1;
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) < 0)
			goto fail;
	}
	/* Bound to the device, the sink covers only our interface and leaves the port free on the
	 * others; without the privilege it covers all of them, which is still correct. */
	if (ifname && *ifname)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		                 (socklen_t)strnlen(ifname, IF_NAMESIZE));
	int rc;
	if (af == AF_INET6) {
		struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
		sa.sin6_addr = in6addr_any;
		rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	} else {
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
		sa.sin_addr.s_addr = htonl(INADDR_ANY);
		rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	}
	if (rc < 0)
		goto fail; /* EADDRINUSE: the owner of the port answers, no sink needed */
	return fd;
fail:;
	int e = errno;
	close(fd);
	errno = e;
	return -1;
}
