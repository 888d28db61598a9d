/* dump_client.c - whole-table dumps per second a RIPv2 server serves (RFC 2453 §3.9.1 requests).
 *
 *   dump_client -s SERVER -n ENTRIES -d SECONDS [-k K] [-a SRC] [-A] [-p PORT] [-P] [-w MS]
 *               [-c DUMPS]
 *
 * K requesters (default 1), each a UDP socket bound to SRC:PORT (default 0.0.0.0:520); -P gives
 * requester i port PORT+i, -A address SRC+i (BIRD answers only requests from port 520, so
 * concurrent requesters towards BIRD need distinct addresses). Each sends a whole-table Request
 * (`01 02 00 00`, one entry AFI 0, metric 16) to SERVER:520 and counts the entries of the RIPv2
 * Responses that come back to its socket from SERVER:520; a dump is complete when ENTRIES
 * entries arrived, and the requester asks again at once. A dump not complete MS (default 200)
 * milliseconds after its request is counted incomplete and requested again. After SECONDS the
 * client prints one key=value line per requester and a total line (-c: it stops as soon as
 * DUMPS dumps are complete, and exits 3 if SECONDS passed first; the benches use it to wait
 * until a server is up):
 *   total k=K seconds=S dumps=N incomplete=I dumps_per_s=R entries=E cpu=C
 * (cpu: the client's own CPU time / wall time, to tell a saturated client from a slow server;
 * first_us / dump_us: mean time from a request to its first reply / to its last entry; the first
 * includes the replies to incomplete dumps, the mean is over complete ones).
 * One thread, epoll and recvmmsg: the same client measures every server.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_K 256
#define BATCH 64

struct requester {
	int fd;
	struct sockaddr_in local;
	uint64_t t_req;             /* when the dump under way was requested */
	uint64_t count;             /* entries of that dump so far */
	bool answered;              /* a response of that dump arrived */
	uint64_t first_ns, dump_ns; /* sums over complete dumps: request to first reply, to last */
	uint64_t dumps, incomplete, entries, packets, requests;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "dump_client: %s: %s\n", what, strerror(errno));
	exit(1);
}

static const uint8_t request[24] = {1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16};

static struct sockaddr_in server;

static void ask(struct requester *r)
{
	r->count = 0;
	r->answered = false;
	r->t_req = now_ns();
	r->requests++;
	/* A full socket buffer only delays the request: the timeout asks again. */
	(void)sendto(r->fd, request, sizeof(request), 0, (struct sockaddr *)&server,
	             sizeof(server));
}

/* Entries of one datagram if it is a RIPv2 Response from the server, else 0. */
static unsigned entries(const uint8_t *p, size_t len, const struct sockaddr_in *from)
{
	if (from->sin_addr.s_addr != server.sin_addr.s_addr || from->sin_port != server.sin_port)
		return 0;
	if (len < 4 || p[0] != 2 || p[1] != 2 || (len - 4) % 20 != 0)
		return 0;
	unsigned n = 0;
	for (size_t off = 4; off + 20 <= len; off += 20)
		if (!(p[off] == 0xff &&
		      p[off + 1] == 0xff)) /* an authentication entry is no route */
			n++;
	return n;
}

static unsigned long num(const char *s, unsigned long lo, unsigned long hi)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi) {
		fprintf(stderr, "dump_client: '%s' is not a number in %lu..%lu\n", s, lo, hi);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fputs("usage: dump_client -s SERVER -n ENTRIES -d SECONDS [-k K] [-a SRC] [-A] [-p PORT] "
	      "[-P] [-w MS] [-c DUMPS]\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *srv = NULL, *src = "0.0.0.0";
	unsigned long want = 0, secs = 0, k = 1, port = 520, wait_ms = 200, stop_after = 0;
	bool step_addr = false, step_port = false;
	int c;
	while ((c = getopt(argc, argv, "s:n:d:k:a:Ap:Pw:c:")) != -1) {
		switch (c) {
		case 's': srv = optarg; break;
		case 'n': want = num(optarg, 1, 100000000); break;
		case 'd': secs = num(optarg, 1, 3600); break;
		case 'k': k = num(optarg, 1, MAX_K); break;
		case 'a': src = optarg; break;
		case 'A': step_addr = true; break;
		case 'p': port = num(optarg, 1, 65535); break;
		case 'P': step_port = true; break;
		case 'w': wait_ms = num(optarg, 1, 60000); break;
		case 'c': stop_after = num(optarg, 1, 1000000000); break;
		default: usage();
		}
	}
	if (!srv || !want || !secs || optind != argc || (step_port && port + k - 1 > 65535))
		usage();
	server.sin_family = AF_INET;
	server.sin_port = htons(520);
	struct in_addr base;
	if (inet_pton(AF_INET, srv, &server.sin_addr) != 1 || inet_pton(AF_INET, src, &base) != 1)
		usage();

	static struct requester rq[MAX_K];
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1");
	for (unsigned long i = 0; i < k; i++) {
		struct requester *r = &rq[i];
		r->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (r->fd < 0)
			die("socket");
		/* A whole dump may arrive faster than it is read: room for it (beyond rmem_max when
		 * root may, SO_RCVBUFFORCE). */
		int buf = 32 << 20;
		if (setsockopt(r->fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) < 0)
			setsockopt(r->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
		r->local.sin_family = AF_INET;
		r->local.sin_addr.s_addr =
		    step_addr ? htonl(ntohl(base.s_addr) + (uint32_t)i) : base.s_addr;
		r->local.sin_port = htons((uint16_t)(step_port ? port + i : port));
		if (bind(r->fd, (struct sockaddr *)&r->local, sizeof(r->local)) < 0)
			die("bind");
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
		if (epoll_ctl(ep, EPOLL_CTL_ADD, r->fd, &ev) < 0)
			die("epoll_ctl");
	}

	static uint8_t bufs[BATCH][1500];
	static struct sockaddr_in from[BATCH];
	static struct iovec iov[BATCH];
	static struct mmsghdr msgs[BATCH];
	uint64_t t0 = now_ns(), t_end = t0 + (uint64_t)secs * 1000000000u;
	uint64_t wait_ns = (uint64_t)wait_ms * 1000000u;
	for (unsigned long i = 0; i < k; i++)
		ask(&rq[i]);
	uint64_t total = 0;
	for (uint64_t now = now_ns(); now < t_end && !(stop_after && total >= stop_after);
	     now = now_ns()) {
		/* The next deadline: a dump's timeout or the end of the run. */
		uint64_t next = t_end;
		for (unsigned long i = 0; i < k; i++)
			if (rq[i].t_req + wait_ns < next)
				next = rq[i].t_req + wait_ns;
		int ms = next > now ? (int)((next - now + 999999) / 1000000) : 0;
		struct epoll_event evs[MAX_K];
		int n = epoll_wait(ep, evs, MAX_K, ms);
		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		for (int e = 0; e < n; e++) {
			struct requester *r = &rq[evs[e].data.u32];
			for (int loops = 0; loops < 64; loops++) {
				for (int j = 0; j < BATCH; j++) {
					iov[j] = (struct iovec){bufs[j], sizeof(bufs[j])};
					msgs[j].msg_hdr =
					    (struct msghdr){.msg_name = &from[j],
					                    .msg_namelen = sizeof(from[j]),
					                    .msg_iov = &iov[j],
					                    .msg_iovlen = 1};
				}
				int got = recvmmsg(r->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
				if (got <= 0)
					break;
				uint64_t t_rx = now_ns();
				if (!r->answered) {
					r->answered = true;
					r->first_ns += t_rx - r->t_req;
				}
				for (int j = 0; j < got; j++) {
					unsigned en = entries(bufs[j], msgs[j].msg_len, &from[j]);
					r->packets++;
					r->entries += en;
					r->count += en;
				}
				if (r->count >= want) {
					r->dumps++;
					r->dump_ns += t_rx - r->t_req;
					total++;
					if (stop_after && total >= stop_after)
						break; /* a new request would start a dump nobody
						          reads */
					ask(r);
				}
				if (got < BATCH)
					break;
			}
		}
		now = now_ns();
		for (unsigned long i = 0; i < k; i++) {
			if (now >= rq[i].t_req + wait_ns && now < t_end &&
			    !(stop_after && total >= stop_after)) {
				rq[i].incomplete++;
				ask(&rq[i]);
			}
		}
	}
	double s = (double)(now_ns() - t0) / 1e9;
	uint64_t dumps = 0, inc = 0, ent = 0, first = 0, whole = 0;
	for (unsigned long i = 0; i < k; i++) {
		char a[INET_ADDRSTRLEN];
		inet_ntop(AF_INET, &rq[i].local.sin_addr, a, sizeof(a));
		printf("requester src=%s:%u requests=%llu dumps=%llu incomplete=%llu packets=%llu "
		       "entries=%llu\n",
		       a, ntohs(rq[i].local.sin_port), (unsigned long long)rq[i].requests,
		       (unsigned long long)rq[i].dumps, (unsigned long long)rq[i].incomplete,
		       (unsigned long long)rq[i].packets, (unsigned long long)rq[i].entries);
		dumps += rq[i].dumps;
		inc += rq[i].incomplete;
		ent += rq[i].entries;
		first += rq[i].first_ns;
		whole += rq[i].dump_ns;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	             (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	printf("total k=%lu seconds=%.3f dumps=%llu incomplete=%llu dumps_per_s=%.1f entries=%llu "
	       "cpu=%.2f first_us=%.1f dump_us=%.1f\n",
	       k, s, (unsigned long long)dumps, (unsigned long long)inc, (double)dumps / s,
	       (unsigned long long)ent, cpu / s, dumps ? (double)first / (double)dumps / 1e3 : 0.0,
	       dumps ? (double)whole / (double)dumps / 1e3 : 0.0);
	return stop_after && total < stop_after ? 3 : 0;
}
