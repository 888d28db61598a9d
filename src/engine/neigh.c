/* neigh.c - link addresses of neighbours on live channels: multicast/broadcast by mapping
 * (RFC 1112 6.4, RFC 2464 7), then the kernel neighbour table (rtnetlink RTM_GETNEIGH for the one
 * address), then our own ARP request (RFC 826) or Neighbour Solicitation (RFC 4861 7.2.2)
 * re-sent every 200 ms.
 *
 * Scale: thousands of sessions resolve thousands of neighbours. The kernel is asked for one
 * entry (a get, not a dump of the whole table), and the questions on the wire go through one
 * packet socket per interface and family that stays open: closing a packet socket waits for an
 * RCU grace period (~12 ms), twice per resolution before. That socket hears every ARP reply or
 * Neighbour Advertisement on the link, and each is kept a while, so that answers to questions
 * whose wait ran out, or to questions sent with no wait (timeout 0: ask and return), serve the
 * next call for that address: many sessions resolve concurrently.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
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
/* Answers heard on the wire serve later calls this long: well inside the kernel's own
 * reachable time (base_reachable_time 30 s, randomised from 15 s, RFC 4861 6.3.2). */
#define NEIGH_HEARD_MS 15000u
/* An asker (socket) unused this long is closed at the next call on any interface. */
#define NEIGH_IDLE_MS   30000u
#define NEIGH_HEARD_MAX 65536u /* answers kept per asker: the oldest go first */
/* The wait, whatever the caller asked, for a neighbour that did not answer its last question,
 * and for any on a link that left one unanswered in the last NEIGH_SILENT_LINK_MS: the wait
 * holds the engine's loop, hence every other session, and a late answer is not lost (the table
 * keeps it for the caller's next try). Without it, each of n dead neighbours cost every
 * session the whole wait (300 ms at a RIP session's start), and live sessions timed out. */
#define NEIGH_SILENT_WAIT_MS 5u
#define NEIGH_SILENT_LINK_MS 1000u
/* Entries whose link address the kernel itself would use (rtnetlink(7) NUD_ states). */
#define NEIGH_USABLE (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP)

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

/* The old way, for kernels without RTM_GETNEIGH for one address (before 4.20). */
static bool kernel_dump(struct mnl_socket *nl, struct kq *q, char *buf, size_t blen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	unsigned seq = (unsigned)time(NULL) + 1u;
	nlh->nlmsg_seq = seq;
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof *nd);
	nd->ndm_family = (uint8_t)q->family;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return false;
	unsigned portid = mnl_socket_get_portid(nl);
	/* A dump ends with NLMSG_DONE (callback returns STOP); the count bounds a confused one. */
	for (unsigned i = 0; i < 100000; i++) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, blen);
		if (n <= 0)
			break;
		if (mnl_cb_run(buf, (size_t)n, seq, portid, neigh_cb, q) <= MNL_CB_STOP)
			break;
	}
	return q->found;
}

/* One entry by address (the kernel's hash lookup): a dump of the whole table per session made
 * starting n sessions cost n squared once the table held their n neighbours. */
static bool kernel_lookup(int family, int ifindex, const uint8_t *addr, uint8_t mac[6])
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return false;
	_Alignas(struct nlmsghdr) char buf[32768]; /* dump messages are at most a page each */
	struct kq q = {
	    .family = family == 4 ? AF_INET : AF_INET6, .ifindex = ifindex, .addr = addr};
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	unsigned seq = (unsigned)time(NULL);
	nlh->nlmsg_seq = seq;
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof *nd);
	nd->ndm_family = (uint8_t)q.family;
	nd->ndm_ifindex = ifindex;
	mnl_attr_put(nlh, NDA_DST, family == 4 ? 4 : 16, addr);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto out;
	ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof buf);
	if (n <= 0)
		goto out;
	errno = 0;
	int r = mnl_cb_run(buf, (size_t)n, seq, mnl_socket_get_portid(nl), neigh_cb, &q);
	/* ENOENT: no entry. EINVAL / EOPNOTSUPP: a kernel without the get; ask the whole table. */
	if (r < 0 && (errno == EINVAL || errno == EOPNOTSUPP))
		kernel_dump(nl, &q, buf, sizeof buf);
out:
	mnl_socket_close(nl);
	if (q.found)
		memcpy(mac, q.mac, 6);
	return q.found;
}

/* ------------------------------------------------------------------------------------------ */
/* Asking on the wire */

/* One asker per interface and family: a packet socket hearing every ARP reply (or ICMPv6
 * Neighbour Advertisement, type 136) on the link, and the answers it heard. The rest of an
 * answer is checked by heard_from(). */
struct heard {
	uint8_t addr[16];
	uint8_t mac[6];
	bool used;
	bool answered; /* false: asked, and no answer came within the wait */
	uint64_t t;    /* mono_ms() when heard, or when the wait ran out */
};

struct asker {
	struct asker *next;
	int family; /* 4 or 6 */
	int ifindex;
	int fd;
	uint64_t last_used;
	uint64_t last_silent; /* mono_ms() of the last wait that ran out, 0 for none */
	size_t n, cap;        /* open addressing, cap a power of two */
	struct heard *tab;
};

/* The engine is single-threaded, but the admin API runs engines in threads of one process. */
static pthread_mutex_t askers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct asker *askers;

static uint32_t addr_hash(const uint8_t *a, size_t alen)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < alen; i++)
		h = (h ^ a[i]) * 16777619u;
	return h;
}

static struct heard *heard_slot(struct asker *k, const uint8_t *addr)
{
	size_t alen = k->family == 4 ? 4 : 16;
	size_t i = addr_hash(addr, alen) & (k->cap - 1);
	for (size_t probes = 0; probes < k->cap; probes++, i = (i + 1) & (k->cap - 1))
		if (!k->tab[i].used || memcmp(k->tab[i].addr, addr, alen) == 0)
			return &k->tab[i];
	return NULL;
}

/* Grows the table at half load; at NEIGH_HEARD_MAX entries only the fresh ones are kept.
 * mac NULL records a question left unanswered (an answer already heard stays). */
static void heard_put(struct asker *k, const uint8_t *addr, const uint8_t *mac, uint64_t now)
{
	if (k->n + 1 > k->cap / 2) {
		size_t ncap = k->cap ? k->cap : 256;
		if (k->n + 1 > ncap / 2 && ncap < 2 * NEIGH_HEARD_MAX)
			ncap *= 2;
		struct heard *old = k->tab, *nt = calloc(ncap, sizeof *nt);
		if (!nt)
			return;
		size_t ocap = k->cap;
		k->tab = nt;
		k->cap = ncap;
		k->n = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].used && now - old[i].t < NEIGH_HEARD_MS &&
			    k->n + 1 <= ncap / 2) {
				*heard_slot(k, old[i].addr) = old[i];
				k->n++;
			}
		free(old);
		if (k->n + 1 > k->cap / 2)
			return; /* full of fresh entries: this one is dropped */
	}
	struct heard *h = heard_slot(k, addr);
	if (!h)
		return;
	if (!h->used) {
		k->n++;
		h->used = true;
		memcpy(h->addr, addr, k->family == 4 ? 4 : 16);
	}
	if (!mac && h->answered && now - h->t < NEIGH_HEARD_MS)
		return;
	if (mac)
		memcpy(h->mac, mac, 6);
	h->answered = mac != NULL;
	h->t = now;
}

static bool heard_get(struct asker *k, const uint8_t *addr, uint64_t now, uint8_t mac[6])
{
	if (!k->cap)
		return false;
	struct heard *h = heard_slot(k, addr);
	if (!h || !h->used || !h->answered || now - h->t >= NEIGH_HEARD_MS)
		return false;
	memcpy(mac, h->mac, 6);
	return true;
}

/* Whether the last question for addr went unanswered (recently). */
static bool heard_silent(struct asker *k, const uint8_t *addr, uint64_t now)
{
	if (!k->cap)
		return false;
	const struct heard *h = heard_slot(k, addr);
	return h && h->used && !h->answered && now - h->t < NEIGH_HEARD_MS;
}

static int open_listener(int family, int ifindex)
{
	struct sock_filter arp[] = {
	    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20), /* ARP operation */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, 65535),
	    BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_filter na[] = {
	    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20), /* IPv6 next header */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 3),
	    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 54), /* ICMPv6 type */
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 136, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, 65535),
	    BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = family == 4 ? (struct sock_fprog){.len = 4, .filter = arp}
	                                     : (struct sock_fprog){.len = 6, .filter = na};
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
	/* Room for the answers to thousands of questions asked without waiting. */
	int rcvbuf = 4 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
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

static void asker_free(struct asker *k)
{
	close(k->fd);
	free(k->tab);
	free(k);
}

/* Closes the askers nobody used for a while (the interface gone, or its sessions done). */
static void askers_sweep(uint64_t now)
{
	for (struct asker **pp = &askers; *pp;) {
		struct asker *k = *pp;
		if (now - k->last_used > NEIGH_IDLE_MS) {
			*pp = k->next;
			asker_free(k);
		} else {
			pp = &k->next;
		}
	}
}

static struct asker *asker_get(int family, int ifindex, uint64_t now)
{
	for (struct asker *k = askers; k; k = k->next)
		if (k->family == family && k->ifindex == ifindex) {
			k->last_used = now;
			return k;
		}
	struct asker *k = calloc(1, sizeof *k);
	if (!k) {
		errno = ENOMEM;
		return NULL;
	}
	k->fd = open_listener(family, ifindex);
	if (k->fd < 0) {
		int e = errno;
		free(k);
		errno = e;
		return NULL;
	}
	k->family = family;
	k->ifindex = ifindex;
	k->last_used = now;
	k->next = askers;
	askers = k;
	return k;
}

/* The address a frame the listener passed answers for, and its link address. */
static bool heard_from(int family, const uint8_t *p, size_t n, const uint8_t **addr, uint8_t mac[6])
{
	if (family == 4) {
		if (n < 42 || p[12] != 0x08 || p[13] != 0x06 || p[20] != 0 || p[21] != 2 ||
		    p[18] != 6 || p[19] != 4)
			return false;
		*addr = p + 28;
		memcpy(mac, p + 22, 6);
		return true;
	}
	/* RFC 4861 7.1.2: hop limit 255, ICMPv6 code 0, length >= 24. */
	if (n < 78 || p[12] != 0x86 || p[13] != 0xdd || p[20] != IPPROTO_ICMPV6 || p[21] != 255 ||
	    p[54] != 136 || p[55] != 0)
		return false;
	size_t plen = (size_t)p[18] << 8 | p[19];
	size_t end = 54 + plen < n ? 54 + plen : n;
	*addr = p + 62;
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

/* Reads what the socket holds (bounded), keeping every answer. */
static void drain(struct asker *k)
{
	uint8_t buf[2048];
	uint64_t now = mono_ms();
	for (unsigned i = 0; i < 65536; i++) {
		ssize_t n = recv(k->fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n < 0)
			break;
		const uint8_t *addr;
		uint8_t mac[6];
		if (heard_from(k->family, buf, (size_t)n, &addr, mac))
			heard_put(k, addr, mac, now);
	}
}

/* Builds the question with libnet (no injection: the asker's socket sends it) into frame. */
static size_t build_question(const struct as_chan *c, int family, const uint8_t *addr,
                             uint8_t *frame, size_t cap, char *err, size_t errlen)
{
	char lerr[LIBNET_ERRBUF_SIZE] = "";
	libnet_t *l = libnet_init(LIBNET_NONE, NULL, lerr);
	if (!l) {
		snprintf(err, errlen, "libnet: %.150s", lerr);
		return 0;
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
		ok = libnet_build_arp(ARPHRD_ETHER, ETHERTYPE_IP, 6, 4, ARPOP_REQUEST, src_mac, spa,
		                      zero, tpa, NULL, 0, l, 0) != -1 &&
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
	size_t len = 0;
	uint8_t *pkt = NULL;
	uint32_t n = 0;
	/* Coalescing also fills in the ICMPv6 checksum. */
	if (ok && libnet_pblock_coalesce(l, &pkt, &n) >= 0 && n <= cap) {
		memcpy(frame, pkt, n);
		len = n;
	}
	if (pkt)
		libnet_adv_free_packet(l, pkt);
	if (!len)
		snprintf(err, errlen, "libnet: %.150s",
		         ok ? "frame too large" : libnet_geterror(l));
	libnet_destroy(l);
	return len;
}

/* Asks once per 200 ms until timeout_ms; timeout 0 asks once and returns, the answer heard by
 * a later call. Called with askers_lock held. */
static bool ask_on_wire(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
                        uint8_t mac[6], char *err, size_t errlen)
{
	uint64_t start = mono_ms(), deadline = start + timeout_ms;
	askers_sweep(start);
	struct asker *k = asker_get(family, c->ifi.ifindex, start);
	if (!k) {
		snprintf(err, errlen, "packet socket: %s%s", strerror(errno),
		         errno == EPERM ? " (needs CAP_NET_RAW)" : "");
		return false;
	}
	drain(k);
	if (heard_get(k, addr, start, mac))
		return true;
	bool link_silent = k->last_silent && start - k->last_silent < NEIGH_SILENT_LINK_MS;
	if (timeout_ms > NEIGH_SILENT_WAIT_MS && (link_silent || heard_silent(k, addr, start))) {
		timeout_ms = NEIGH_SILENT_WAIT_MS;
		deadline = start + timeout_ms;
	}
	uint8_t frame[256];
	size_t flen = build_question(c, family, addr, frame, sizeof frame, err, errlen);
	if (!flen)
		return false;
	struct sockaddr_ll to = {.sll_family = AF_PACKET,
	                         .sll_protocol = htons(family == 4 ? ETH_P_ARP : ETH_P_IPV6),
	                         .sll_ifindex = c->ifi.ifindex,
	                         .sll_halen = 6};
	memcpy(to.sll_addr, frame, 6);
	bool found = false;
	/* One question per 200 ms; the count bound holds even if the clock misbehaves. */
	unsigned rounds = timeout_ms / NEIGH_RESEND_MS + 1;
	for (unsigned r = 0; r < rounds && !found; r++) {
		if (sendto(k->fd, frame, flen, 0, (struct sockaddr *)&to, sizeof to) < 0) {
			snprintf(err, errlen, "sending the question: %s", strerror(errno));
			break;
		}
		uint64_t round_end = start + (uint64_t)(r + 1) * NEIGH_RESEND_MS;
		if (round_end > deadline)
			round_end = deadline;
		for (unsigned polls = 0; polls < 64 && !found; polls++) {
			uint64_t now = mono_ms();
			if (now >= round_end)
				break;
			struct pollfd pfd = {.fd = k->fd, .events = POLLIN};
			if (poll(&pfd, 1, (int)(round_end - now)) <= 0)
				continue;
			drain(k);
			found = heard_get(k, addr, mono_ms(), mac);
		}
	}
	if (!found) {
		drain(k);
		found = heard_get(k, addr, mono_ms(), mac);
	}
	if (!found) {
		uint64_t now = mono_ms();
		heard_put(k, addr, NULL, now);
		if (timeout_ms)
			k->last_silent = now;
	}
	if (!found && !err[0])
		snprintf(err, errlen, timeout_ms ? "no answer within %u ms" : "asked, %u ms wait",
		         timeout_ms);
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
	pthread_mutex_lock(&askers_lock);
	bool found = ask_on_wire(c, family, addr, timeout_ms, mac_out, err, sizeof err);
	pthread_mutex_unlock(&askers_lock);
	if (found)
		return AS_NO_ERROR;
	char a[INET6_ADDRSTRLEN] = "?";
	inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, a, sizeof a);
	as_engine_seterr(c->e, "%s: link address of %s unresolved: %s", c->ifname, a, err);
	return AS_ERROR_CAN_NOT_COMPLETE;
}
