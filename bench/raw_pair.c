/* raw_pair.c - the raw floor for the update benchmark: frames moved between two network
 * namespaces over veth with nothing but AF_PACKET (RFC 768 UDP in RFC 791 IPv4 frames).
 *
 * One process opens its sockets in both namespaces (setns), so one clock times both ends:
 *
 *   raw_pair flood    -a NS_A -i IF_A -b NS_B -j IF_B -n FRAMES -s PAYLOAD [-B BATCH] [-t SEC]
 *       ns A sends FRAMES frames with sendmmsg(BATCH, default 64) on an AF_PACKET socket with
 *       PACKET_QDISC_BYPASS; ns B counts them in a TPACKET_V3 ring until all arrived or SEC
 *       (default 30) passed. Prints the time from the first send to the last frame seen.
 *   raw_pair pingpong -a NS_A -i IF_A -b NS_B -j IF_B -n ROUNDS -s PAYLOAD [-e ECHO] [-t SEC]
 *       ns A sends one frame and waits for ns B's echo (ECHO bytes of UDP payload, default
 *       PAYLOAD), ROUNDS times; each side blocks in poll() as an event loop does. A round whose
 *       echo has not come back within 100 ms is sent again and counted as lost.
 *
 * The frames are Ethernet/IPv4/UDP 192.0.2.1:520 -> 192.0.2.2:520 (echoes the other way), TTL 1,
 * UDP checksum 0, the payload a RIPv2-looking header followed by a magic and a round number.
 * Output: one line of key=value pairs on stdout, for the scripts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAGIC       0x61735250u /* "asRP" */
#define ETH_HLEN_   14
#define IP_HLEN     20
#define UDP_HLEN    8
#define HDRS        (ETH_HLEN_ + IP_HLEN + UDP_HLEN)
#define MAX_PAYLOAD 1472
#define MAX_BATCH   1024

struct end {
	int ifindex;
	uint8_t mac[6];
	int tx;        /* AF_PACKET send socket */
	int rx;        /* AF_PACKET receive socket (ring in flood mode on B) */
	uint8_t *ring; /* TPACKET_V3 ring, flood receiver only */
	size_t ring_len;
	unsigned blocks, block_size;
};

static void die(const char *what)
{
	fprintf(stderr, "raw_pair: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *msg)
{
	fprintf(stderr, "raw_pair: %s\n", msg);
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void enter_ns(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "/var/run/netns/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(path);
	if (setns(fd, CLONE_NEWNET) < 0)
		die("setns");
	close(fd);
}

static int packet_socket(int ifindex)
{
	int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_IP));
	if (s < 0)
		die("socket(AF_PACKET)");
	int one = 1;
	/* Our own transmissions would otherwise come back to every packet socket of the host. */
	if (setsockopt(s, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0)
		die("PACKET_IGNORE_OUTGOING");
	struct sockaddr_ll sll = {
	    .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = ifindex};
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind(AF_PACKET)");
	return s;
}

/* Opens the interface's sockets inside the current namespace. */
static void open_end(struct end *e, const char *ifname)
{
	e->ifindex = (int)if_nametoindex(ifname);
	if (e->ifindex == 0)
		die(ifname);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		die("socket");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
		die("SIOCGIFHWADDR");
	memcpy(e->mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	e->tx = packet_socket(e->ifindex);
	int one = 1;
	/* The sender measured is the one the engine uses: straight to the driver, no qdisc. */
	if (setsockopt(e->tx, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)) < 0)
		die("PACKET_QDISC_BYPASS");
	e->rx = -1;
}

static void setup_ring(struct end *e, size_t frames, unsigned frame_len)
{
	/* Large enough to hold every frame of the run, so the ring never drops even if the reader
	 * falls behind: the frames themselves, plus one block for every millisecond the flood may
	 * last (at 250 000 frames/s or more), since the retire timer hands over a block partly
	 * filled every millisecond. */
	size_t need = frames * ((size_t)frame_len + 96);
	e->block_size = 1u << 17;
	e->blocks = (unsigned)((need + e->block_size - 1) / e->block_size + frames / 250 + 8);
	int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_IP));
	if (s < 0)
		die("socket(AF_PACKET)");
	int v = TPACKET_V3;
	if (setsockopt(s, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) < 0)
		die("PACKET_VERSION");
	struct tpacket_req3 req = {
	    .tp_block_size = e->block_size,
	    .tp_block_nr = e->blocks,
	    .tp_frame_size = 2048,
	    .tp_frame_nr = (e->block_size / 2048) * e->blocks,
	    .tp_retire_blk_tov = 1, /* ms: a partly filled block reaches us quickly */
	};
	if (setsockopt(s, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
		die("PACKET_RX_RING");
	e->ring_len = (size_t)e->block_size * e->blocks;
	e->ring = mmap(NULL, e->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, s, 0);
	if (e->ring == MAP_FAILED)
		die("mmap ring");
	struct sockaddr_ll sll = {
	    .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = e->ifindex};
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind(AF_PACKET ring)");
	e->rx = s;
}

static uint16_t ip_csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Builds one frame; returns its length. The round number sits at payload offset 8. */
static size_t build(uint8_t *f, const uint8_t *dmac, const uint8_t *smac, uint32_t sip,
                    uint32_t dip, size_t payload)
{
	memset(f, 0, HDRS + payload);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	put16(f + 12, ETHERTYPE_IP);
	uint8_t *ip = f + ETH_HLEN_;
	ip[0] = 0x45;
	put16(ip + 2, (unsigned)(IP_HLEN + UDP_HLEN + payload));
	ip[8] = 1;
	ip[9] = 17;
	put32(ip + 12, sip);
	put32(ip + 16, dip);
	put16(ip + 10, ip_csum(ip, IP_HLEN));
	uint8_t *udp = ip + IP_HLEN;
	put16(udp, 520);
	put16(udp + 2, 520);
	put16(udp + 4, (unsigned)(UDP_HLEN + payload));
	uint8_t *pl = udp + UDP_HLEN;
	pl[0] = 2;
	pl[1] = 2;
	if (payload >= 12)
		put32(pl + 4, MAGIC);
	return HDRS + payload;
}

/* The round number of one of our frames, or -1. */
static int64_t frame_round(const uint8_t *f, size_t len)
{
	if (len < HDRS + 12 || f[12] != 0x08 || f[13] != 0x00 || f[ETH_HLEN_ + 9] != 17)
		return -1;
	const uint8_t *pl = f + HDRS;
	if (get32(pl + 4) != MAGIC)
		return -1;
	return get32(pl + 8);
}

struct flood {
	struct end *a, *b;
	size_t frames, payload;
	unsigned batch;
	size_t sent;
	int err;
};

static void *flood_sender(void *arg)
{
	struct flood *fl = arg;
	static uint8_t bufs[MAX_BATCH][HDRS + MAX_PAYLOAD];
	static struct mmsghdr msgs[MAX_BATCH];
	static struct iovec iov[MAX_BATCH];
	struct sockaddr_ll to = {
	    .sll_family = AF_PACKET, .sll_ifindex = fl->a->ifindex, .sll_halen = 6};
	memcpy(to.sll_addr, fl->b->mac, 6);
	size_t len = 0;
	for (unsigned i = 0; i < fl->batch; i++) {
		len = build(bufs[i], fl->b->mac, fl->a->mac, 0xc0000201, 0xc0000202, fl->payload);
		iov[i] = (struct iovec){bufs[i], len};
		msgs[i].msg_hdr = (struct msghdr){.msg_name = &to,
		                                  .msg_namelen = sizeof(to),
		                                  .msg_iov = &iov[i],
		                                  .msg_iovlen = 1};
	}
	size_t n = 0;
	while (n < fl->frames) {
		unsigned k = fl->batch;
		if (fl->frames - n < k)
			k = (unsigned)(fl->frames - n);
		for (unsigned i = 0; i < k; i++)
			put32(bufs[i] + HDRS + 8, (uint32_t)(n + i));
		int r = sendmmsg(fl->a->tx, msgs, k, 0);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == ENOBUFS)
				continue;
			fl->err = errno;
			break;
		}
		n += (size_t)r;
	}
	fl->sent = n;
	return NULL;
}

static int cmd_flood(struct end *a, struct end *b, size_t frames, size_t payload, unsigned batch,
                     double timeout)
{
	setup_ring(b, frames, (unsigned)(HDRS + payload));
	struct flood fl = {.a = a, .b = b, .frames = frames, .payload = payload, .batch = batch};
	pthread_t th;
	uint64_t t0 = now_ns();
	if (pthread_create(&th, NULL, flood_sender, &fl) != 0)
		fail("pthread_create failed");
	uint64_t deadline = t0 + (uint64_t)(timeout * 1e9), t_last = t0;
	size_t got = 0;
	unsigned blk = 0;
	while (got < frames && now_ns() < deadline) {
		struct tpacket_block_desc *bd =
		    (struct tpacket_block_desc *)(void *)(b->ring + (size_t)blk * b->block_size);
		if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) &
		      TP_STATUS_USER)) {
			struct pollfd p = {.fd = b->rx, .events = POLLIN | POLLERR};
			poll(&p, 1, 10);
			continue;
		}
		uint8_t *pkt = (uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
		for (uint32_t i = 0; i < bd->hdr.bh1.num_pkts; i++) {
			struct tpacket3_hdr *h = (struct tpacket3_hdr *)(void *)pkt;
			if (frame_round(pkt + h->tp_mac, h->tp_snaplen) >= 0)
				got++;
			pkt += h->tp_next_offset;
		}
		t_last = now_ns();
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		blk = (blk + 1) % b->blocks;
	}
	pthread_join(th, NULL);
	if (fl.err) {
		errno = fl.err;
		die("sendmmsg");
	}
	struct tpacket_stats_v3 st;
	socklen_t sl = sizeof(st);
	memset(&st, 0, sizeof(st));
	getsockopt(b->rx, SOL_PACKET, PACKET_STATISTICS, &st, &sl);
	double ms = (double)(t_last - t0) / 1e6;
	printf("flood frames=%zu payload=%zu frame_bytes=%zu batch=%u sent=%zu received=%zu "
	       "ring_drops=%u elapsed_ms=%.3f pps=%.0f\n",
	       frames, payload, HDRS + payload, batch, fl.sent, got, st.tp_drops, ms,
	       ms > 0 ? (double)got / (ms / 1e3) : 0.0);
	return got == frames ? 0 : 3;
}

struct echo {
	struct end *a, *b;
	size_t payload;
	volatile bool stop;
	uint64_t echoed;
};

/* ns B: every frame of ours that arrives is answered with ECHO bytes carrying its round. */
static void *echo_thread(void *arg)
{
	struct echo *ec = arg;
	static uint8_t in[2048], out[HDRS + MAX_PAYLOAD];
	struct sockaddr_ll to = {
	    .sll_family = AF_PACKET, .sll_ifindex = ec->b->ifindex, .sll_halen = 6};
	memcpy(to.sll_addr, ec->a->mac, 6);
	size_t len = build(out, ec->a->mac, ec->b->mac, 0xc0000202, 0xc0000201, ec->payload);
	while (!ec->stop) {
		struct pollfd p = {.fd = ec->b->rx, .events = POLLIN};
		if (poll(&p, 1, 50) <= 0)
			continue;
		ssize_t n = recv(ec->b->rx, in, sizeof(in), MSG_DONTWAIT);
		if (n <= 0)
			continue;
		int64_t r = frame_round(in, (size_t)n);
		if (r < 0)
			continue;
		put32(out + HDRS + 8, (uint32_t)r);
		if (sendto(ec->b->tx, out, len, 0, (struct sockaddr *)&to, sizeof(to)) > 0)
			ec->echoed++;
	}
	return NULL;
}

static int cmd_pingpong(struct end *a, struct end *b, size_t rounds, size_t payload, size_t echo,
                        double timeout)
{
	a->rx = packet_socket(a->ifindex);
	b->rx = packet_socket(b->ifindex);
	struct echo ec = {.a = a, .b = b, .payload = echo};
	pthread_t th;
	if (pthread_create(&th, NULL, echo_thread, &ec) != 0)
		fail("pthread_create failed");
	static uint8_t out[HDRS + MAX_PAYLOAD], in[2048];
	struct sockaddr_ll to = {
	    .sll_family = AF_PACKET, .sll_ifindex = a->ifindex, .sll_halen = 6};
	memcpy(to.sll_addr, b->mac, 6);
	size_t len = build(out, b->mac, a->mac, 0xc0000201, 0xc0000202, payload);
	uint64_t t0 = now_ns(), deadline = t0 + (uint64_t)(timeout * 1e9);
	size_t done = 0, lost = 0;
	while (done < rounds && now_ns() < deadline) {
		put32(out + HDRS + 8, (uint32_t)done);
		if (sendto(a->tx, out, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
				continue;
			die("sendto");
		}
		uint64_t give_up = now_ns() + 100000000u;
		bool back = false;
		while (!back && now_ns() < give_up) {
			struct pollfd p = {.fd = a->rx, .events = POLLIN};
			if (poll(&p, 1, 100) <= 0)
				continue;
			ssize_t n = recv(a->rx, in, sizeof(in), MSG_DONTWAIT);
			if (n > 0 && frame_round(in, (size_t)n) == (int64_t)done)
				back = true;
		}
		if (back)
			done++;
		else
			lost++;
	}
	uint64_t t1 = now_ns();
	ec.stop = true;
	pthread_join(th, NULL);
	double ms = (double)(t1 - t0) / 1e6;
	printf("pingpong rounds=%zu payload=%zu echo=%zu done=%zu lost=%zu elapsed_ms=%.3f "
	       "rtt_us=%.2f\n",
	       rounds, payload, echo, done, lost, ms, done ? ms * 1e3 / (double)done : 0.0);
	return done == rounds ? 0 : 3;
}

static void usage(void)
{
	fputs("usage: raw_pair flood|pingpong -a NS_A -i IF_A -b NS_B -j IF_B -n COUNT -s PAYLOAD\n"
	      "                [-B BATCH] [-e ECHO_PAYLOAD] [-t TIMEOUT_SEC]\n",
	      stderr);
	exit(2);
}

static size_t num(const char *s, size_t lo, size_t hi)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi) {
		fprintf(stderr, "raw_pair: '%s' is not a number in %zu..%zu\n", s, lo, hi);
		exit(2);
	}
	return (size_t)v;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	const char *mode = argv[1];
	const char *nsa = NULL, *ifa = NULL, *nsb = NULL, *ifb = NULL;
	size_t count = 0, payload = 504, echo = 0;
	unsigned batch = 64;
	double timeout = 30;
	int c;
	optind = 2;
	while ((c = getopt(argc, argv, "a:i:b:j:n:s:B:e:t:")) != -1) {
		switch (c) {
		case 'a': nsa = optarg; break;
		case 'i': ifa = optarg; break;
		case 'b': nsb = optarg; break;
		case 'j': ifb = optarg; break;
		case 'n': count = num(optarg, 1, 100000000); break;
		case 's': payload = num(optarg, 12, MAX_PAYLOAD); break;
		case 'B': batch = (unsigned)num(optarg, 1, MAX_BATCH); break;
		case 'e': echo = num(optarg, 12, MAX_PAYLOAD); break;
		case 't': timeout = (double)num(optarg, 1, 3600); break;
		default: usage();
		}
	}
	if (!nsa || !ifa || !nsb || !ifb || !count || optind != argc)
		usage();
	if (!echo)
		echo = payload;
	struct end a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	enter_ns(nsa);
	open_end(&a, ifa);
	enter_ns(nsb);
	open_end(&b, ifb);
	if (strcmp(mode, "flood") == 0)
		return cmd_flood(&a, &b, count, payload, batch, timeout);
	if (strcmp(mode, "pingpong") == 0)
		return cmd_pingpong(&a, &b, count, payload, echo, timeout);
	usage();
}
