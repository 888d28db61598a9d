/* io_probe.c - drives the engine's live I/O for tests/engine/live_io.sh: receive and count, send
 * through a UDP template, resolve a neighbour, open a channel, hold a port sink. One action per
 * run; results as "name=value" lines on stdout. RFC 768 (UDP), RFC 826 (ARP), RFC 4861 (ND).
 *
 *   -l: the channels are low-latency ones (as_chan_spec.low_latency: AF_PACKET TPACKET_V2 ring)
 *   io_probe [-b afpacket|pcap] [-l] recv IFACE PORT COUNT TIMEOUT_MS [all]
 *   io_probe [-b afpacket|pcap] send IFACE SRC DST PORT COUNT [LISTEN_MS]
 *   io_probe neigh IFACE ADDR TIMEOUT_MS
 *   io_probe open IFACE
 *   io_probe sink IFACE PORT SECONDS
 */
#include "config.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/engine/engine_impl.h"

#define ETH_P_IP_   0x0800
#define ETH_P_IPV6_ 0x86DD

static enum as_backend backend = AS_BACKEND_AFPACKET;
static bool low_latency;

struct probe {
	struct as_endpoint ep;
	struct as_engine *e;
	unsigned long want, got;
};

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct probe *p = ep->owner;
	(void)rx;
	(void)reason;
	if (++p->got >= p->want && p->want)
		as_engine_stop(p->e);
	return 0;
}

static void print_counters(const char *prefix, const struct as_counters *cs)
{
	for (unsigned i = 0; i < cs->n; i++)
		printf("%s%s=%llu\n", prefix, cs->c[i].name, (unsigned long long)cs->c[i].v);
}

static int fail(const char *what, int rc, const char *msg)
{
	printf("status=%d\nstatus_name=%s\n", rc, as_status_name(rc));
	fprintf(stderr, "io_probe: %s: %s (%d): %s\n", what, as_status_name(rc), rc, msg);
	return 1;
}

static struct as_engine *engine(void)
{
	struct as_engine_cfg cfg = {.backend = backend, .ring_mb = 0};
	struct as_engine *e = NULL;
	char err[256] = "";
	int rc = as_engine_new(&cfg, &e, err, sizeof err);
	if (rc != AS_NO_ERROR) {
		fail("engine", rc, err);
		exit(1);
	}
	return e;
}

static int parse_addr(const char *s, uint8_t *out)
{
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, out) == 1)
		return 6;
	return 0;
}

/* ETH_P_ALL: the only binding that sees outgoing frames at all (dev_queue_xmit_nit). */
static bool all_protocols;

static struct as_chan *open_udp(struct as_engine *e, const char *ifname, int family, uint16_t port,
                                int *rc)
{
	static char filter[64];
	snprintf(filter, sizeof filter, "%s and udp port %u", family == 6 ? "ip6" : "ip", port);
	struct as_chan_spec spec = {.protocol = all_protocols ? 0x0003
	                                        : family == 6 ? ETH_P_IPV6_
	                                                      : ETH_P_IP_,
	                            .filter = filter,
	                            .udp_port = port,
	                            .low_latency = low_latency};
	struct as_chan *c = NULL;
	*rc = as_chan_open(e, ifname, &spec, &c);
	return c;
}

static int listen_for(struct as_engine *e, struct as_chan *c, int family, unsigned long count,
                      unsigned ms, struct probe *p)
{
	memset(p, 0, sizeof *p);
	p->e = e;
	p->want = count;
	p->ep.chan = c;
	p->ep.family = family;
	p->ep.rx = on_rx;
	p->ep.owner = p;
	int rc = as_endpoint_add(e, &p->ep);
	if (rc != AS_NO_ERROR)
		return rc;
	rc = as_engine_run(e, as_engine_now(e) + (uint64_t)ms * 1000000u);
	as_endpoint_del(e, &p->ep);
	return rc;
}

static int cmd_recv(char **av)
{
	uint16_t port = (uint16_t)atoi(av[1]);
	unsigned long count = strtoul(av[2], NULL, 10);
	unsigned ms = (unsigned)atoi(av[3]);
	all_protocols = av[4] && strcmp(av[4], "all") == 0;
	struct as_engine *e = engine();
	int rc;
	struct as_chan *c = open_udp(e, av[0], 4, port, &rc);
	if (!c)
		return fail("open", rc, as_engine_error(e));
	printf("ready=1\n");
	fflush(stdout);
	struct probe p;
	rc = listen_for(e, c, 4, count, ms, &p);
	printf("status=%d\nreceived=%lu\n", rc, p.got);
	print_counters("chan.", as_chan_counters(c));
	as_chan_close(c);
	as_engine_free(e);
	return 0;
}

static int cmd_send(char **av, int ac)
{
	uint8_t src[16], dst[16];
	int fam = parse_addr(av[1], src);
	if (!fam || parse_addr(av[2], dst) != fam) {
		fprintf(stderr, "io_probe: bad addresses\n");
		return 2;
	}
	uint16_t port = (uint16_t)atoi(av[3]);
	unsigned long count = strtoul(av[4], NULL, 10);
	unsigned listen_ms = ac > 5 ? (unsigned)atoi(av[5]) : 300;
	struct as_engine *e = engine();
	int rc;
	struct as_chan *c = open_udp(e, av[0], fam, port, &rc);
	if (!c)
		return fail("open", rc, as_engine_error(e));
	uint8_t mac[6];
	rc = as_neigh_resolve(c, fam, dst, 2000, mac);
	if (rc != AS_NO_ERROR)
		return fail("neigh", rc, as_engine_error(e));
	struct as_udp_tmpl_spec ts = {.family = fam,
	                              .src = src,
	                              .dst = dst,
	                              .dst_mac = mac,
	                              .sport = port,
	                              .dport = port,
	                              .ttl = 64};
	struct as_tmpl *t = NULL;
	rc = as_tmpl_udp(c, &ts, &t);
	if (rc != AS_NO_ERROR)
		return fail("template", rc, as_engine_error(e));
	unsigned long sent = 0;
	for (unsigned long i = 0; i < count; i++) {
		uint8_t payload[24] = {2, 2, 0, 0};
		payload[4] = (uint8_t)(i >> 24);
		payload[5] = (uint8_t)(i >> 16);
		payload[6] = (uint8_t)(i >> 8);
		payload[7] = (uint8_t)i;
		if (as_send(t, payload, sizeof payload) == 0)
			sent++;
		if (i % 32 == 31) {
			as_engine_flush(e);
			usleep(200); /* a veth queue holds 1000 frames: do not outrun the peer */
		}
	}
	as_engine_flush(e);
	printf("sent=%lu\n", sent);
	/* Our own frames must not come back to us on this channel. */
	struct probe p;
	rc = listen_for(e, c, fam, 0, listen_ms, &p);
	printf("own=%lu\n", p.got);
	print_counters("chan.", as_chan_counters(c));
	as_tmpl_free(t);
	as_chan_close(c);
	as_engine_free(e);
	return 0;
}

static int cmd_neigh(char **av)
{
	uint8_t addr[16];
	int fam = parse_addr(av[1], addr);
	if (!fam)
		return 2;
	struct as_engine *e = engine();
	int rc;
	/* A channel of the right family only to have something to resolve on. */
	struct as_chan *c = open_udp(e, av[0], fam, 5599, &rc);
	if (!c)
		return fail("open", rc, as_engine_error(e));
	uint8_t mac[6] = {0};
	rc = as_neigh_resolve(c, fam, addr, (unsigned)atoi(av[2]), mac);
	printf("status=%d\nstatus_name=%s\n", rc, as_status_name(rc));
	if (rc == AS_NO_ERROR)
		printf("mac=%02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1], mac[2], mac[3],
		       mac[4], mac[5]);
	else
		printf("error=%s\n", as_engine_error(e));
	as_chan_close(c);
	as_engine_free(e);
	return 0;
}

static int cmd_open(char **av)
{
	struct as_engine *e = engine();
	int rc;
	struct as_chan *c = open_udp(e, av[0], 4, 5598, &rc);
	printf("status=%d\nstatus_name=%s\nerror=%s\n", rc, as_status_name(rc),
	       rc ? as_engine_error(e) : "");
	if (c)
		as_chan_close(c);
	as_engine_free(e);
	return 0;
}

static int cmd_sink(char **av)
{
	int fd = as_sink_open(4, (uint16_t)atoi(av[1]), av[0]);
	printf("sink=%d\n", fd >= 0 ? 1 : -1);
	fflush(stdout);
	if (fd >= 0)
		sleep((unsigned)atoi(av[2]));
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;
	if (argc > 2 && strcmp(argv[1], "-b") == 0) {
		backend = strcmp(argv[2], "pcap") == 0 ? AS_BACKEND_PCAP : AS_BACKEND_AFPACKET;
		i = 3;
	}
	if (i < argc && strcmp(argv[i], "-l") == 0) {
		low_latency = true;
		i++;
	}
	signal(SIGPIPE, SIG_IGN);
	int ac = argc - i - 1;
	const char *cmd = i < argc ? argv[i] : "";
	char **av = argv + i + 1;
	if (strcmp(cmd, "recv") == 0 && ac >= 4)
		return cmd_recv(av);
	if (strcmp(cmd, "send") == 0 && ac >= 5)
		return cmd_send(av, ac);
	if (strcmp(cmd, "neigh") == 0 && ac >= 3)
		return cmd_neigh(av);
	if (strcmp(cmd, "open") == 0 && ac >= 1)
		return cmd_open(av);
	if (strcmp(cmd, "sink") == 0 && ac >= 3)
		return cmd_sink(av);
	fprintf(stderr, "usage: io_probe [-b afpacket|pcap] [-l] recv|send|neigh|open|sink ...\n");
	return 2;
}
