/* linkwatch.c - follows link state through rtnetlink (RTMGRP_LINK, RFC 3549) so that interface
 * connection state follows the link: up with carrier = connected, anything else = not.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/daemon/daemon.h"

static struct mnl_socket *nl;

int as_linkwatch_open(void)
{
	nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!nl)
		return -1;
	if (mnl_socket_bind(nl, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		mnl_socket_close(nl);
		nl = NULL;
		return -1;
	}
	return mnl_socket_get_fd(nl);
}

struct cbctx {
	as_link_cb cb;
	void *ctx;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const char **name = data;
	if (mnl_attr_get_type(a) == IFLA_IFNAME && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
		*name = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct cbctx *c = data;
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct ifinfomsg)))
		return MNL_CB_OK;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const char *name = NULL;
	mnl_attr_parse(nlh, sizeof *ifi, attr_cb, &name);
	if (!name)
		return MNL_CB_OK;
	bool up = nlh->nlmsg_type == RTM_NEWLINK && (ifi->ifi_flags & IFF_UP) &&
	          (ifi->ifi_flags & IFF_LOWER_UP);
	c->cb(c->ctx, name, up);
	return MNL_CB_OK;
}

int as_linkwatch_read(as_link_cb cb, void *ctx)
{
	char buf[16384];
	struct cbctx c = {cb, ctx};
	for (int i = 0; i < 64; i++) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		if (mnl_cb_run(buf, (size_t)n, 0, 0, msg_cb, &c) < 0 && errno != ENOENT)
			return 0;
	}
	return 0;
}

bool as_link_is_up(const char *ifname)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	if (strlen(ifname) >= sizeof ifr.ifr_name)
		return false;
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	int rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
	close(fd);
	/* IFF_LOWER_UP does not fit the ioctl's 16 bits; IFF_RUNNING is the operational state. */
	return rc == 0 && (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}

void as_linkwatch_close(void)
{
	if (nl)
		mnl_socket_close(nl);
	nl = NULL;
}
