/* kinstall.c - autostatic routes in the kernel through rtnetlink (RFC 3549; rtnetlink(7)),
 * tagged with our own rtm_protocol so that a dump filtered on (protocol, oif) finds exactly our
 * routes on one interface: those are the only ones ever deleted or added here.
 *
 * A replacement is a diff: dump our routes of the family on the interface, delete those not in
 * the new set, add the new ones missing (NLM_F_CREATE | NLM_F_EXCL: a route another protocol
 * holds under the same key is left alone and counted as failed, never replaced). The RIP metric
 * becomes the route priority. Requests go out in batches, each acknowledged.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "src/admin/kinstall.h"

#define KBUF 32768 /* receive and batch buffers (MNL_SOCKET_BUFFER_SIZE is not a constant) */

struct as_kinstall {
	struct mnl_socket *nl;
	unsigned portid;
	uint32_t seq;
	int proto;
	uint32_t table;
};

struct kroute {
	uint8_t plen;
	bool has_gw;
	uint32_t prio;
	uint8_t dst[16];
	uint8_t gw[16];
	bool keep;
};

int as_kinstall_open(int proto, uint32_t table, struct as_kinstall **out, char *err, size_t errlen)
{
	*out = NULL;
	if (proto < 1 || proto > 255) {
		snprintf(err, errlen, "route protocol %d outside 1..255", proto);
		return -1;
	}
	struct as_kinstall *k = calloc(1, sizeof *k);
	if (!k) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	k->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!k->nl || mnl_socket_bind(k->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "rtnetlink: %s", strerror(errno));
		as_kinstall_close(k);
		return -1;
	}
	k->portid = mnl_socket_get_portid(k->nl);
	k->seq = (uint32_t)time(NULL);
	k->proto = proto;
	k->table = table ? table : RT_TABLE_MAIN;
	*out = k;
	return 0;
}

void as_kinstall_close(struct as_kinstall *k)
{
	if (!k)
		return;
	if (k->nl)
		mnl_socket_close(k->nl);
	free(k);
}

/* ---- dump ---- */

struct dump {
	struct as_kinstall *k;
	int ifindex, family;
	struct kroute *r;
	size_t n, cap;
	bool nomem;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);
	if (mnl_attr_type_valid(a, RTA_MAX) > 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	const struct rtmsg *rm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	mnl_attr_parse(nlh, sizeof *rm, attr_cb, tb);
	uint32_t table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rm->rtm_table;
	if (rm->rtm_protocol != d->k->proto || table != d->k->table || !tb[RTA_OIF] ||
	    (int)mnl_attr_get_u32(tb[RTA_OIF]) != d->ifindex || rm->rtm_type != RTN_UNICAST)
		return MNL_CB_OK;
	size_t alen = d->family == AF_INET ? 4 : 16;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		struct kroute *n = realloc(d->r, cap * sizeof *n);
		if (!n) {
			d->nomem = true;
			return MNL_CB_ERROR;
		}
		d->r = n;
		d->cap = cap;
	}
	struct kroute *kr = &d->r[d->n++];
	memset(kr, 0, sizeof *kr);
	kr->plen = rm->rtm_dst_len;
	if (tb[RTA_DST] && mnl_attr_get_payload_len(tb[RTA_DST]) == alen)
		memcpy(kr->dst, mnl_attr_get_payload(tb[RTA_DST]), alen);
	if (tb[RTA_GATEWAY] && mnl_attr_get_payload_len(tb[RTA_GATEWAY]) == alen) {
		kr->has_gw = true;
		memcpy(kr->gw, mnl_attr_get_payload(tb[RTA_GATEWAY]), alen);
	}
	if (tb[RTA_PRIORITY])
		kr->prio = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	return MNL_CB_OK;
}

static int dump_ours(struct as_kinstall *k, int ifindex, int family, struct dump *d)
{
	char buf[KBUF];
	memset(d, 0, sizeof *d);
	d->k = k, d->ifindex = ifindex, d->family = family;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++k->seq;
	struct rtmsg *rm = mnl_nlmsg_put_extra_header(nlh, sizeof *rm);
	rm->rtm_family = (uint8_t)family;
	if (mnl_socket_sendto(k->nl, nlh, nlh->nlmsg_len) < 0)
		return -1;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(k->nl, buf, sizeof buf);
		if (n <= 0)
			return -1;
		int rc = mnl_cb_run(buf, (size_t)n, k->seq, k->portid, dump_cb, d);
		if (rc == MNL_CB_STOP)
			return 0;
		if (rc < 0)
			return -1;
	}
}

/* ---- changes ---- */

struct batch {
	struct as_kinstall *k;
	char *buf;
	struct mnl_nlmsg_batch *b;
	uint32_t first_seq;
	unsigned pending;
	size_t failed;
	char *err;
	size_t errlen;
};

static void flush(struct batch *bt)
{
	if (!bt->pending)
		return;
	struct as_kinstall *k = bt->k;
	if (mnl_socket_sendto(k->nl, mnl_nlmsg_batch_head(bt->b), mnl_nlmsg_batch_size(bt->b)) <
	    0) {
		bt->failed += bt->pending;
		snprintf(bt->err, bt->errlen, "rtnetlink send: %s", strerror(errno));
		goto out;
	}
	char rbuf[KBUF];
	unsigned acked = 0;
	while (acked < bt->pending) {
		ssize_t n = mnl_socket_recvfrom(k->nl, rbuf, sizeof rbuf);
		if (n <= 0) {
			bt->failed += bt->pending - acked;
			break;
		}
		/* Each request gets one ack (an NLMSG_ERROR, error 0 on success). */
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)rbuf;
		     mnl_nlmsg_ok(h, (int)n); h = mnl_nlmsg_next(h, (int *)&n)) {
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			acked++;
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
			if (e->error) {
				bt->failed++;
				if (!bt->err[0])
					snprintf(bt->err, bt->errlen, "%s", strerror(-e->error));
			}
		}
	}
out:
	mnl_nlmsg_batch_reset(bt->b);
	bt->pending = 0;
}

static void put_route(struct batch *bt, int type, int family, const uint8_t *dst, unsigned plen,
                      const uint8_t *gw, uint32_t prio, int ifindex)
{
	struct as_kinstall *k = bt->k;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(mnl_nlmsg_batch_current(bt->b));
	nlh->nlmsg_type = (uint16_t)type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (type == RTM_NEWROUTE)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = ++k->seq;
	struct rtmsg *rm = mnl_nlmsg_put_extra_header(nlh, sizeof *rm);
	rm->rtm_family = (uint8_t)family;
	rm->rtm_dst_len = (uint8_t)plen;
	rm->rtm_table = k->table < 256 ? (uint8_t)k->table : RT_TABLE_UNSPEC;
	rm->rtm_protocol = (uint8_t)k->proto;
	rm->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rm->rtm_type = RTN_UNICAST;
	size_t alen = family == AF_INET ? 4 : 16;
	mnl_attr_put_u32(nlh, RTA_TABLE, k->table);
	mnl_attr_put(nlh, RTA_DST, alen, dst);
	if (gw)
		mnl_attr_put(nlh, RTA_GATEWAY, alen, gw);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, prio);
	bt->pending++;
	if (!mnl_nlmsg_batch_next(bt->b))
		flush(bt);
}

static bool zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

int as_kinstall_replace(struct as_kinstall *k, int ifindex, int family, const struct as_rtable *t,
                        struct as_kinstall_stats *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof *st);
	err[0] = 0;
	int af = family == 4 ? AF_INET : AF_INET6;
	size_t alen = family == 4 ? 4 : 16;
	struct dump d;
	if (dump_ours(k, ifindex, af, &d)) {
		snprintf(err, errlen, "%s", d.nomem ? "out of memory" : "rtnetlink dump failed");
		free(d.r);
		return -1;
	}
	/* Mark kernel routes equal to a wanted one; the rest goes. */
	bool *have = NULL;
	if (t && t->n && !(have = calloc(t->n, sizeof *have))) {
		free(d.r);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; t && i < t->n; i++) {
		const struct as_route *r = &t->r[i];
		if (r->family != family)
			continue;
		bool gw = !zero(r->next_hop, alen);
		for (size_t j = 0; j < d.n; j++) {
			struct kroute *kr = &d.r[j];
			if (!kr->keep && kr->plen == r->plen && !memcmp(kr->dst, r->prefix, alen) &&
			    kr->has_gw == gw && (!gw || !memcmp(kr->gw, r->next_hop, alen)) &&
			    kr->prio == r->metric) {
				kr->keep = true;
				have[i] = true;
				st->kept++;
				break;
			}
		}
	}
	size_t bufsz = KBUF * 2;
	struct batch bt = {.k = k, .buf = malloc(bufsz), .err = err, .errlen = errlen};
	if (!bt.buf || !(bt.b = mnl_nlmsg_batch_start(bt.buf, KBUF))) {
		free(bt.buf);
		free(have);
		free(d.r);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t j = 0; j < d.n; j++) {
		if (d.r[j].keep)
			continue;
		put_route(&bt, RTM_DELROUTE, af, d.r[j].dst, d.r[j].plen,
		          d.r[j].has_gw ? d.r[j].gw : NULL, d.r[j].prio, ifindex);
		st->removed++;
	}
	flush(&bt);
	size_t del_failed = bt.failed;
	for (size_t i = 0; t && i < t->n; i++) {
		const struct as_route *r = &t->r[i];
		if (r->family != family || have[i])
			continue;
		put_route(&bt, RTM_NEWROUTE, af, r->prefix, r->plen,
		          zero(r->next_hop, alen) ? NULL : r->next_hop, r->metric, ifindex);
		st->added++;
	}
	flush(&bt);
	st->failed = bt.failed;
	st->removed -= del_failed < st->removed ? del_failed : st->removed;
	st->added -= bt.failed - del_failed < st->added ? bt.failed - del_failed : st->added;
	mnl_nlmsg_batch_stop(bt.b);
	free(bt.buf);
	free(have);
	free(d.r);
	return st->failed ? -1 : 0;
}
