/* fuzz.c - `autostatic fuzz`: structure-aware malformed RIP (RFC 2453, RFC 2082, RFC 4822,
 * RFC 2091), RIPng (RFC 2080) or IPX RIP/SAP packets sent to a live router under test, with a
 * liveness probe, every packet recorded in a pcap, and runs reproducible from their seed.
 *
 * The packets come from src/fuzzwire/mutate.c (pure, seeded); this file sends them through the
 * packet engine (a UDP template from port 520/521 to the target, or IPX link templates, one per
 * framing), paces them (--rate), and every --probe-every packets sends a valid whole-table
 * request and waits up to --probe-timeout for any valid response from the target. Three probes
 * missed in a row stop the run: the target stopped answering; the last packets sent are
 * reported and the exit status is ERROR_CAN_NOT_COMPLETE's (as_status_exit()).
 *
 * --dry-run sends nothing: an engine with a backend of its own that drops every frame (the
 * recording tee still writes them), no pacing and no waiting for probes. The frames are built
 * by the same templates as a live run's, so two dry runs with one seed give the same bytes.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>
#include <autostatic/ripng.h>
#include <autostatic/status.h>

#include "src/cli/cli.h"
#include "src/cli/opts.h"
#include "src/cli/progress.h"
#include "src/engine/engine.h"
#include "src/engine/engine_impl.h"
#include "src/fuzzwire/mutate.h"

#define LAST_N     10         /* packets kept for the report when the target stops answering */
#define LAST_BYTES 48         /* bytes of each shown in hex */
#define MISSED_MAX 3          /* probes missed in a row that stop the run */
#define TICK_NS    1000000ull /* pacing granularity */
#define BURST      64         /* packets per loop turn at most */

#define ETH_P_IP_   0x0800
#define ETH_P_IPV6_ 0x86DD
#define ETH_P_IPX_  0x8137

struct last {
	uint64_t n; /* 1-based packet number (probes included) */
	size_t len;
	uint8_t head[LAST_BYTES];
	char what[160];
};

struct fz {
	/* options */
	const char *ifname, *target_arg, *write_path;
	int pid;
	uint64_t seed, count;
	double rate;
	unsigned probe_every;
	double probe_timeout;
	bool dry_run, verbose, quiet;
	bool have_target;
	uint8_t target[16];
	/* run */
	struct as_engine *e;
	struct as_chan *ch;
	struct as_tmpl *tmpl[5]; /* UDP: [0]; IPX: by enum as_ipx_framing */
	struct as_endpoint ep;
	struct as_timer tick, probe_t;
	struct as_fz_rng rng;
	struct as_fz_cfg cfg;
	uint64_t sent, fuzz_sent, probes, probes_answered, responses, send_errors;
	uint64_t since_probe, phase_start, phase_sent;
	unsigned missed;
	bool waiting, final_probe, finished, dead;
	struct last last[LAST_N];
	uint64_t t0;
};

static void fuzz_usage(FILE *out)
{
	fputs(
	    "Usage: autostatic fuzz -i IFACE -p ip|ipv6|ipx [-n TARGET] [--seed S] [--count N]\n"
	    "         [--rate PPS] [--write FILE] [--probe-every K] [--probe-timeout SEC]\n"
	    "         [--auth SPEC] [--dry-run] [-q] [-v]\n"
	    "\n"
	    "Send structure-aware malformed packets to a router under test, checking that it\n"
	    "still answers a valid whole-table request every K packets.\n"
	    "\n"
	    "  -i, --interface IFACE   the interface facing the target\n"
	    "  -p, --protocol PROTO    ip (RIP), ipv6 (RIPng) or ipx (IPX RIP and SAP)\n"
	    "  -n, --target ADDR       the router under test: IPv4, IPv6 link-local, or\n"
	    "                          NETWORK.NODE for IPX (default: 224.0.0.9 / ff02::9 /\n"
	    "                          broadcast; probes are then answered by anyone)\n"
	    "      --seed S            the PRNG seed (default: from the clock, printed)\n"
	    "      --count N           fuzz packets to send (default 1000)\n"
	    "      --rate PPS          packets per second, 0 = as fast as possible (default 100)\n"
	    "      --write FILE        record every frame sent and received in a pcap\n"
	    "      --probe-every K     a liveness probe after every K packets (default 100)\n"
	    "      --probe-timeout SEC wait for an answer to a probe (default 1)\n"
	    "      --auth SPEC         sign RIP bases (none, simple:PW, md5:ID:SECRET, "
	    "sha256:...)\n"
	    "      --dry-run           build and record the packets, send nothing (no privileges;\n"
	    "                          needs --write)\n"
	    "  -q, --quiet             no progress line\n"
	    "  -v, --verbose           every packet's description on standard error\n"
	    "  -h, --help              show this help\n"
	    "\n"
	    "Exit status: 0 the run completed and the target answered the last probe; 2 usage\n"
	    "error; ERROR_CAN_NOT_COMPLETE's status when the target stopped answering; other MPR\n"
	    "statuses when the interface cannot be used (autostatic(1), EXIT STATUS).\n",
	    out);
}

static __attribute__((format(printf, 1, 2))) int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("autostatic fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see autostatic fuzz --help)\n", stderr);
	return AS_EXIT_USAGE;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* The dry-run backend: no socket, every frame sent goes nowhere (the recording tee keeps it). */

static int dry_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	(void)e;
	char err[128];
	/* The real interface when there is one, so that a dry run shows the live run's frames. */
	if (as_live_iface_query(name, out, err, sizeof err) == AS_NO_ERROR) {
		out->up = out->running = true;
		return AS_NO_ERROR;
	}
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name);
	out->ifindex = 1;
	memcpy(out->mac, "\x02\x00\x00\x00\x00\x02", 6);
	out->mtu = 1500;
	out->up = out->running = true;
	out->has_ip4 = true;
	memcpy(out->ip4, "\xc0\x00\x02\x02", 4);
	out->ip4_plen = 24;
	out->has_ll6 = true;
	memcpy(out->ll6, "\xfe\x80\0\0\0\0\0\0\x00\x00\x00\xff\xfe\x00\x00\x02", 16);
	return AS_NO_ERROR;
}

static int dry_chan_open(struct as_engine *e, struct as_chan *c)
{
	(void)e;
	c->fd = -1;
	c->bk = NULL;
	return AS_NO_ERROR;
}

static void dry_chan_close(struct as_chan *c)
{
	(void)c;
}

static unsigned dry_chan_recv(struct as_chan *c, unsigned budget)
{
	(void)c;
	(void)budget;
	return 0;
}

static int dry_chan_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	(void)c;
	(void)iov;
	return (int)n;
}

static const struct as_backend_ops dry_backend = {
    .name = "dry-run",
    .iface_query = dry_iface_query,
    .chan_open = dry_chan_open,
    .chan_close = dry_chan_close,
    .chan_recv = dry_chan_recv,
    .chan_send = dry_chan_send,
};

/* ---------------------------------------------------------------------------------------- */
/* Receiving: any valid response from the target answers the probe. */

static int fz_classify(const struct as_rx *rx, const char **reason)
{
	const struct as_frame *f = &rx->f;
	if (f->l3 == AS_L3_IPX) {
		/* The IPX RIP / SAP operation, sockets folded in: 0x453xxxx RIP, 0x452xxxx SAP. */
		if (f->payload_len < 32) {
			*reason = "fuzz-ipx-short";
			return -1;
		}
		unsigned sock = (unsigned)(f->payload[16] << 8 | f->payload[17]);
		unsigned op = (unsigned)(f->payload[30] << 8 | f->payload[31]);
		return (int)((sock & 0xFFFF) << 16 | op);
	}
	if (f->payload_len < 4) {
		*reason = "fuzz-short";
		return -1;
	}
	return f->payload[0];
}

static const struct as_proto_ops fz_ops = {.name = "fuzz", .classify = fz_classify};

static void on_answer(struct fz *z);

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct fz *z = ep->owner;
	const struct as_frame *f = &rx->f;
	bool ok = false;
	if (z->pid == AS_PID_IP) {
		struct as_rip_msg m;
		ok = as_rip_decode(f->payload, f->payload_len, &m) >= 0 &&
		     m.command == AS_RIP_RESPONSE;
	} else if (z->pid == AS_PID_IPV6) {
		struct as_ripng_msg m;
		ok = as_ripng_decode(f->payload, f->payload_len, &m) >= 0 &&
		     m.command == AS_RIPNG_RESPONSE;
	} else {
		ok = true; /* the class already says: RIP response to our socket */
	}
	if (!ok) {
		*reason = "fuzz-invalid-response";
		return -1;
	}
	z->responses++;
	on_answer(z);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Sending */

static void remember(struct fz *z, const uint8_t *p, size_t len, const char *what)
{
	struct last *l = &z->last[z->sent % LAST_N];
	l->n = z->sent + 1;
	l->len = len;
	memset(l->head, 0, sizeof l->head);
	memcpy(l->head, p, len < LAST_BYTES ? len : LAST_BYTES);
	snprintf(l->what, sizeof l->what, "%s", what);
}

static void send_one(struct fz *z, const uint8_t *p, size_t len, int framing, const char *what)
{
	struct as_tmpl *t = z->tmpl[0];
	if (z->pid == AS_PID_IPX)
		t = z->tmpl[framing >= 1 && framing <= 4 ? framing : AS_IPX_FRAME_ETHERNET_II];
	remember(z, p, len, what);
	z->sent++;
	if (as_send(t, p, len) < 0)
		z->send_errors++;
	if (z->verbose)
		fprintf(stderr, "autostatic fuzz: #%" PRIu64 " %zu bytes: %s\n", z->sent, len,
		        what);
}

static void send_probe(struct fz *z)
{
	uint8_t buf[AS_FZ_MAX];
	z->cfg.auth_seq++;
	size_t n = as_fz_probe(&z->cfg, buf, sizeof buf);
	send_one(z, buf, n, AS_IPX_FRAME_ETHERNET_II, "probe: whole-table request");
	z->probes++;
	z->since_probe = 0;
}

static void send_fuzz(struct fz *z)
{
	struct as_fz_pkt pkt;
	z->cfg.auth_seq++;
	as_fz_make(&z->rng, &z->cfg, &pkt);
	send_one(z, pkt.buf, pkt.len, pkt.ipx_framing, pkt.what);
	z->fuzz_sent++;
	z->since_probe++;
}

static void start_probe(struct fz *z)
{
	send_probe(z);
	as_engine_flush(z->e);
	z->waiting = true;
	as_timer_arm(z->e, &z->probe_t, as_engine_now(z->e) + as_sec_ns(z->probe_timeout));
}

static void finish(struct fz *z)
{
	z->finished = true;
	as_timer_cancel(z->e, &z->tick);
	as_timer_cancel(z->e, &z->probe_t);
	as_engine_stop(z->e);
}

static void on_tick(struct as_timer *t, void *arg)
{
	(void)t;
	struct fz *z = arg;
	if (z->waiting || z->finished)
		return;
	uint64_t now = as_engine_now(z->e);
	uint64_t due = BURST;
	if (z->rate > 0) {
		double want = (double)(now - z->phase_start) * z->rate / 1e9 + 1;
		uint64_t w = (uint64_t)want;
		due = w > z->phase_sent ? w - z->phase_sent : 0;
		if (due > BURST)
			due = BURST;
	}
	for (uint64_t i = 0; i < due; i++) {
		if (z->fuzz_sent >= z->count) {
			z->final_probe = true;
			start_probe(z);
			return;
		}
		if (z->probe_every && z->since_probe >= z->probe_every) {
			start_probe(z);
			return;
		}
		send_fuzz(z);
		z->phase_sent++;
	}
	as_progress_update(z->fuzz_sent);
	as_timer_arm(z->e, &z->tick, z->rate > 0 ? now + TICK_NS : now);
}

static void resume(struct fz *z)
{
	z->phase_start = as_engine_now(z->e);
	z->phase_sent = 0;
	as_timer_arm(z->e, &z->tick, z->phase_start);
}

static void on_answer(struct fz *z)
{
	if (!z->waiting)
		return;
	z->waiting = false;
	z->probes_answered++;
	z->missed = 0;
	as_timer_cancel(z->e, &z->probe_t);
	if (z->final_probe) {
		finish(z);
		return;
	}
	resume(z);
}

static void on_probe_timeout(struct as_timer *t, void *arg)
{
	(void)t;
	struct fz *z = arg;
	if (!z->waiting)
		return;
	z->missed++;
	if (z->missed >= MISSED_MAX) {
		z->dead = true;
		finish(z);
		return;
	}
	start_probe(z); /* probe again: one lost answer is not a dead router */
}

/* ---------------------------------------------------------------------------------------- */
/* Set-up */

static int open_io(struct fz *z, char *msg, size_t msglen)
{
	struct as_chan_spec spec = {.ops = &fz_ops};
	if (z->pid == AS_PID_IP) {
		spec.protocol = ETH_P_IP_;
		spec.filter = "udp dst port 520";
		spec.udp_port = 520;
	} else if (z->pid == AS_PID_IPV6) {
		spec.protocol = ETH_P_IPV6_;
		spec.filter = "udp dst port 521";
		spec.udp_port = 521;
	} else {
		spec.protocol = ETH_P_IPX_;
		spec.filter = NULL;
	}
	int rc = as_chan_open(z->e, z->ifname, &spec, &z->ch);
	if (rc != AS_NO_ERROR) {
		snprintf(msg, msglen, "%s", as_engine_error(z->e));
		return rc;
	}
	const struct as_iface_info *ifi = as_chan_iface(z->ch);
	uint8_t mac[6];
	if (z->pid == AS_PID_IPX) {
		static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
		const uint8_t *dst = z->have_target ? z->target + 4 : bcast;
		static const uint8_t llc_8022[3] = {0xE0, 0xE0, 0x03};
		static const uint8_t llc_snap[8] = {0xAA, 0xAA, 0x03, 0, 0, 0, 0x81, 0x37};
		rc = as_tmpl_link(z->ch, dst, ETH_P_IPX_, NULL, 0,
		                  &z->tmpl[AS_IPX_FRAME_ETHERNET_II]);
		if (rc == AS_NO_ERROR)
			rc = as_tmpl_link(z->ch, dst, 0, NULL, 0, &z->tmpl[AS_IPX_FRAME_8023]);
		if (rc == AS_NO_ERROR)
			rc = as_tmpl_link(z->ch, dst, 0, llc_8022, 3, &z->tmpl[AS_IPX_FRAME_8022]);
		if (rc == AS_NO_ERROR)
			rc = as_tmpl_link(z->ch, dst, 0, llc_snap, 8, &z->tmpl[AS_IPX_FRAME_SNAP]);
		if (rc != AS_NO_ERROR) {
			snprintf(msg, msglen, "%s", as_engine_error(z->e));
			return rc;
		}
		memcpy(z->cfg.ipx_node, ifi->mac, 6);
		if (z->have_target) {
			z->cfg.ipx_dst_network = (uint32_t)z->target[0] << 24 |
			                         (uint32_t)z->target[1] << 16 |
			                         (uint32_t)z->target[2] << 8 | z->target[3];
			memcpy(z->cfg.ipx_dst_node, z->target + 4, 6);
			z->cfg.ipx_network = z->cfg.ipx_dst_network;
		} else {
			memset(z->cfg.ipx_dst_node, 0xff, 6);
		}
	} else {
		int fam = z->pid == AS_PID_IP ? 4 : 6;
		uint8_t dst[16] = {0};
		if (z->have_target)
			memcpy(dst, z->target, 16);
		else if (fam == 4)
			memcpy(dst, "\xe0\x00\x00\x09", 4);
		else
			memcpy(dst, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\x09", 16);
		if (fam == 4 && !ifi->has_ip4) {
			snprintf(msg, msglen, "%s has no IPv4 address", z->ifname);
			return AS_ERROR_INTERFACE_NOT_CONNECTED;
		}
		if (fam == 6 && !ifi->has_ll6) {
			snprintf(msg, msglen, "%s has no IPv6 link-local address", z->ifname);
			return AS_ERROR_INTERFACE_NOT_CONNECTED;
		}
		rc = as_neigh_resolve(z->ch, fam, dst, 1000, mac);
		if (rc != AS_NO_ERROR) {
			snprintf(msg, msglen, "%s: cannot resolve the link address of %s",
			         z->ifname, z->target_arg ? z->target_arg : "the group");
			return rc;
		}
		struct as_udp_tmpl_spec s = {
		    .family = fam,
		    .src = fam == 4 ? ifi->ip4 : ifi->ll6,
		    .dst = dst,
		    .dst_mac = mac,
		    .sport = fam == 4 ? 520 : 521,
		    .dport = fam == 4 ? 520 : 521,
		    /* RIPng receivers check hop limit 255 (RFC 2080 2.4.2); RIP ones TTL (BIRD: 1).
		     */
		    .ttl = fam == 4 ? 1 : 255,
		};
		rc = as_tmpl_udp(z->ch, &s, &z->tmpl[0]);
		if (rc != AS_NO_ERROR) {
			snprintf(msg, msglen, "%s", as_engine_error(z->e));
			return rc;
		}
	}
	/* Answers: from the target (any port) when there is one, else from anyone. */
	z->ep.chan = z->ch;
	z->ep.family = z->pid == AS_PID_IP ? 4 : z->pid == AS_PID_IPV6 ? 6 : 0;
	if (z->have_target)
		memcpy(z->ep.peer, z->target, 16);
	if (z->pid == AS_PID_IPX)
		memset(z->ep.peer, 0,
		       sizeof z->ep.peer); /* the answer comes from its own network */
	z->ep.cls = z->pid == AS_PID_IPX ? (0x0453 << 16 | 2) : AS_RIP_RESPONSE;
	z->ep.rx = on_rx;
	z->ep.owner = z;
	rc = as_endpoint_add(z->e, &z->ep);
	if (rc != AS_NO_ERROR) {
		snprintf(msg, msglen, "cannot register for the target's answers");
		return rc;
	}
	return AS_NO_ERROR;
}

static void hex(FILE *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
}

static void report_last(const struct fz *z)
{
	uint64_t first = z->sent > LAST_N ? z->sent - LAST_N : 0;
	fprintf(stderr, "autostatic fuzz: the last %" PRIu64 " packets sent:\n", z->sent - first);
	for (uint64_t i = first; i < z->sent; i++) {
		const struct last *l = &z->last[i % LAST_N];
		fprintf(stderr, "  #%" PRIu64 " %zu bytes %s: ", l->n, l->len, l->what);
		hex(stderr, l->head, l->len < LAST_BYTES ? l->len : LAST_BYTES);
		fputs(l->len > LAST_BYTES ? "...\n" : "\n", stderr);
	}
}

static void cleanup(struct fz *z)
{
	if (!z->e)
		return;
	if (z->ep.linked)
		as_endpoint_del(z->e, &z->ep);
	as_timer_cancel(z->e, &z->tick);
	as_timer_cancel(z->e, &z->probe_t);
	for (unsigned i = 0; i < 5; i++)
		if (z->tmpl[i])
			as_tmpl_free(z->tmpl[i]);
	if (z->ch)
		as_chan_close(z->ch);
	as_engine_free(z->e);
	z->e = NULL;
}

enum {
	OPT_SEED = 256,
	OPT_COUNT,
	OPT_RATE,
	OPT_WRITE,
	OPT_PROBE_EVERY,
	OPT_PROBE_TIMEOUT,
	OPT_AUTH,
	OPT_DRY_RUN
};

static const struct option long_opts[] = {
    {"interface", required_argument, NULL, 'i'},
    {"protocol", required_argument, NULL, 'p'},
    {"target", required_argument, NULL, 'n'},
    {"neighbour", required_argument, NULL, 'n'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"count", required_argument, NULL, OPT_COUNT},
    {"rate", required_argument, NULL, OPT_RATE},
    {"write", required_argument, NULL, OPT_WRITE},
    {"probe-every", required_argument, NULL, OPT_PROBE_EVERY},
    {"probe-timeout", required_argument, NULL, OPT_PROBE_TIMEOUT},
    {"auth", required_argument, NULL, OPT_AUTH},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int parse_args(struct fz *z, int argc, char **argv)
{
	bool have_seed = false, have_proto = false;
	const char *auth = NULL;
	z->count = 1000;
	z->rate = 100;
	z->probe_every = 100;
	z->probe_timeout = 1.0;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":i:p:n:qvh", long_opts, NULL)) != -1) {
		uint64_t v;
		switch (c) {
		case 'i': z->ifname = optarg; break;
		case 'p':
			if (as_opt_pid("fuzz", optarg, &z->pid) < 0)
				return AS_EXIT_USAGE;
			have_proto = true;
			break;
		case 'n': z->target_arg = optarg; break;
		case OPT_SEED:
			if (parse_u64(optarg, UINT64_MAX, &z->seed) < 0)
				return usage_error("--seed needs a number, not '%s'", optarg);
			have_seed = true;
			break;
		case OPT_COUNT:
			if (parse_u64(optarg, 1000000000000ull, &z->count) < 0)
				return usage_error("--count needs a number, not '%s'", optarg);
			break;
		case OPT_RATE: {
			char *end;
			errno = 0;
			double r = strtod(optarg, &end);
			if (errno || *end || !(r >= 0) || r > 1e8)
				return usage_error(
				    "--rate needs packets per second (0 = no limit), not "
				    "'%s'",
				    optarg);
			z->rate = r;
			break;
		}
		case OPT_WRITE: z->write_path = optarg; break;
		case OPT_PROBE_EVERY:
			if (parse_u64(optarg, 1000000000u, &v) < 0)
				return usage_error(
				    "--probe-every needs a number (0 = never), not '%s'", optarg);
			z->probe_every = (unsigned)v;
			break;
		case OPT_PROBE_TIMEOUT:
			if (as_opt_sec("fuzz", "--probe-timeout", optarg, &z->probe_timeout) < 0)
				return AS_EXIT_USAGE;
			break;
		case OPT_AUTH: auth = optarg; break;
		case OPT_DRY_RUN: z->dry_run = true; break;
		case 'q': z->quiet = true; break;
		case 'v': z->verbose = true; break;
		case 'h': fuzz_usage(stdout); return -1;
		case ':': return usage_error("%s needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!z->ifname)
		return usage_error("-i IFACE is required");
	if (!have_proto)
		return usage_error("-p ip|ipv6|ipx is required");
	if (z->pid != AS_PID_IP && z->pid != AS_PID_IPV6 && z->pid != AS_PID_IPX)
		return usage_error("-p needs ip, ipv6 or ipx, not '%s'",
		                   as_pid_name(z->pid) ? as_pid_name(z->pid) : "?");
	if (z->target_arg) {
		char err[200];
		if (as_neighbour_parse(z->pid, z->target_arg, z->target, err, sizeof err) < 0)
			return usage_error("-n %s", err);
		z->have_target = true;
	}
	if (auth) {
		if (z->pid != AS_PID_IP)
			return usage_error("--auth is for RIP (-p ip) only");
		if (as_opt_auth("fuzz", auth, &z->cfg.key) < 0)
			return AS_EXIT_USAGE;
	}
	if (z->dry_run && !z->write_path)
		return usage_error("--dry-run needs --write FILE (it sends nothing)");
	if (!have_seed) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		z->seed = ((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec) ^
		          (uint64_t)getpid() << 32;
	}
	return 0;
}

int as_cmd_fuzz(int argc, char **argv)
{
	struct fz *z = calloc(1, sizeof *z);
	if (!z) {
		fputs("autostatic fuzz: out of memory\n", stderr);
		return AS_EXIT_FAILURE;
	}
	int rc = parse_args(z, argc, argv);
	if (rc) {
		free(z);
		return rc < 0 ? AS_EXIT_OK : rc;
	}
	z->cfg.proto = z->pid == AS_PID_IP     ? AS_FZ_RIP
	               : z->pid == AS_PID_IPV6 ? AS_FZ_RIPNG
	                                       : AS_FZ_IPX;
	/* Crypto sequence numbers start from the seed, so that runs are reproducible and a target
	 * that remembers the last one from an earlier run sees them go up most of the time. */
	z->cfg.auth_seq = (uint32_t)(z->seed >> 8) | 1u;
	as_fz_seed(&z->rng, z->seed);
	as_timer_init(&z->tick, on_tick, z);
	as_timer_init(&z->probe_t, on_probe_timeout, z);

	char msg[320] = "";
	struct as_engine_cfg ecfg = {.backend = AS_BACKEND_AFPACKET, .write_path = z->write_path};
	rc = z->dry_run ? as_engine_new_ops(&dry_backend, &ecfg, &z->e, msg, sizeof msg)
	                : as_engine_new(&ecfg, &z->e, msg, sizeof msg);
	if (rc == AS_NO_ERROR)
		rc = open_io(z, msg, sizeof msg);
	if (rc != AS_NO_ERROR) {
		fprintf(stderr, "autostatic fuzz: %s (%d): %s\n", as_status_name(rc), rc, msg);
		cleanup(z);
		free(z);
		return as_status_exit(rc);
	}

	char proto[16];
	snprintf(proto, sizeof proto, "%s", as_pid_name(z->pid));
	if (!z->quiet)
		fprintf(stderr,
		        "autostatic fuzz: %s %s target %s: seed %" PRIu64 ", %" PRIu64
		        " packets%s\n",
		        z->ifname, proto, z->target_arg ? z->target_arg : "(group)", z->seed,
		        z->count, z->dry_run ? ", dry run" : "");
	as_progress_quiet(z->quiet || z->verbose);
	as_progress_label("fuzz");
	as_progress_start(z->count, "packets");
	z->t0 = as_engine_now(z->e);

	int run = AS_NO_ERROR;
	if (z->dry_run) {
		/* The live run's packet sequence: a first probe, fuzz packets with a probe every K,
		 * a final probe. */
		send_probe(z);
		while (z->fuzz_sent < z->count) {
			if (z->probe_every && z->since_probe >= z->probe_every)
				send_probe(z);
			send_fuzz(z);
			if (z->sent % BURST == 0) {
				as_engine_flush(z->e);
				as_progress_update(z->fuzz_sent);
			}
		}
		send_probe(z);
		as_engine_flush(z->e);
		z->finished = true;
	} else {
		start_probe(z); /* the target must answer before fuzzing starts */
		run = as_engine_run(z->e, 0);
	}
	as_progress_end();
	double secs = (double)(as_engine_now(z->e) - z->t0) / 1e9;
	const struct as_counters *cc = as_chan_counters(z->ch);
	uint64_t tx_err = as_counter_get(cc, "tx-error") + as_counter_get(cc, "tx-too-big");

	int status = AS_NO_ERROR;
	if (run != AS_NO_ERROR) {
		fprintf(stderr, "autostatic fuzz: %s\n", as_engine_error(z->e));
		status = run;
	} else if (z->dead) {
		fprintf(stderr,
		        "autostatic fuzz: target stopped answering: %u probes in a row unanswered "
		        "after %" PRIu64 " fuzz packets (seed %" PRIu64 ")\n",
		        MISSED_MAX, z->fuzz_sent, z->seed);
		report_last(z);
		status = AS_ERROR_CAN_NOT_COMPLETE;
	}
	printf("fuzz %s %s: %s: %" PRIu64 " fuzz packets, %" PRIu64 " probes (%" PRIu64
	       " answered), %" PRIu64 " responses, %" PRIu64 " send errors, %.2f s, seed %" PRIu64
	       "\n",
	       z->ifname, proto,
	       z->dry_run ? "dry run"
	       : z->dead  ? "target stopped answering"
	                  : "done",
	       z->fuzz_sent, z->probes, z->probes_answered, z->responses, tx_err + z->send_errors,
	       secs, z->seed);
	fflush(stdout);
	cleanup(z);
	free(z);
	return status == AS_NO_ERROR ? AS_EXIT_OK : as_status_exit(status);
}
