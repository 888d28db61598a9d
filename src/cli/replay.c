/* replay.c - `autostatic replay`: sends the frames of a capture (pcap, pcapng) onto an interface
 * with the packet engine's batched transmit (AF_PACKET sendmmsg + PACKET_QDISC_BYPASS, or
 * libpcap's pcap_inject), optionally only one protocol's, paced or as fast as possible, and
 * reports what went out (doc/replay.md).
 *
 * Ethernet frames (RFC 894 / IEEE 802.3) go out byte for byte. Frames of other link types
 * (Linux cooked SLL/SLL2, raw IP, BSD loopback) are given an Ethernet header: the interface's
 * MAC as source; as destination the RFC 1112 6.4 (01:00:5e) or RFC 2464 7 (33:33) mapping of
 * an IP multicast destination, the IPX header's destination node for IPX, and the broadcast
 * address otherwise (a unicast peer's MAC is not in the capture, and broadcast reaches every
 * receiver on the link, which is what a replay is for).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>
#include <autostatic/ripng.h>
#include <autostatic/status.h>

#include "src/cli/cli.h"
#include "src/cli/progress.h"
#include "src/engine/engine.h"
/* AS_TX_BATCH: the engine sends a channel's batch when it holds that many frames; replay
 * accounts for every batch at that moment, so it needs the same number. */
#include "src/engine/engine_impl.h"

/* Captures up to this size are read into memory once (and looped from there); bigger ones are
 * read again from the file on every loop. */
#define REPLAY_MEM_MAX ((off_t)512 << 20)
#define MAX_ERRNOS 8

enum want { WANT_ALL, WANT_IP, WANT_IPV6, WANT_IPX };

/* Why a frame of the capture is not sent. */
enum verdict { V_SEND, V_FILTERED, V_TOO_BIG, V_UNCONVERTIBLE };

struct frame_ref {
	size_t off;
	uint32_t len;
};

struct replay {
	/* options */
	const char *path, *ifname;
	enum want want;
	uint64_t pps; /* 0 = top speed */
	uint64_t loops;
	enum as_backend backend;
	bool json, quiet;

	/* the capture */
	pcap_t *p;
	enum as_link link;
	int dlt;
	bool mem;
	uint8_t *buf; /* mem: the frames to send, converted, back to back */
	size_t buf_len, buf_cap;
	struct frame_ref *fr;
	size_t n_fr, fr_cap;
	uint64_t per_loop_read; /* frames in the capture (mem) */
	uint64_t skip_filtered, skip_too_big, skip_unconv; /* per loop (mem) or all (stream) */

	/* the interface */
	struct as_engine *e;
	struct as_chan *c;
	uint8_t mac[6];
	size_t max_len;
	uint8_t scratch[65536 + 14];

	/* accounting */
	uint64_t queued, sent, bytes, failed;
	uint64_t ctr_sent, ctr_err; /* the channel's counters at the last accounting */
	uint32_t shadow[AS_TX_BATCH]; /* lengths of the frames in the engine's batch */
	unsigned n_shadow;
	unsigned n_errnos;
	struct {
		int err;
		uint64_t n;
	} errnos[MAX_ERRNOS];
	uint64_t t_start, t_end;
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fputs("Usage: autostatic replay -r FILE -i IFACE [--pps N | --topspeed] [--loop N]\n"
	      "                         [--proto ip|ipv6|ipx] [--backend afpacket|pcap] [--json] [-q]\n"
	      "\n"
	      "Send the frames of a pcap/pcapng capture onto an interface (needs CAP_NET_RAW).\n"
	      "\n"
	      "  -r, --read FILE        the capture to send\n"
	      "  -i, --interface IFACE  the interface to send it on\n"
	      "      --pps N            pace at N frames per second\n"
	      "      --topspeed         as fast as the interface takes them (the default)\n"
	      "      --loop N           send the capture N times (default 1)\n"
	      "      --proto PROTO      only RIP (ip: UDP 520 over IPv4), RIPng (ipv6: UDP 521) or\n"
	      "                         IPX RIP/SAP (ipx: sockets 0x0453/0x0452) frames\n"
	      "      --backend NAME     afpacket (sendmmsg, default) or pcap (pcap_inject)\n"
	      "  -j, --json             the result as one JSON object\n"
	      "  -q, --quiet            no progress line\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "Frames longer than the interface MTU + 14 are counted and skipped. Non-Ethernet\n"
	      "captures get an Ethernet header (doc/replay.md). Exit status: 0 done, 1 unreadable\n"
	      "capture or nothing could be sent, 2 usage error; a missing interface and a lack of\n"
	      "privilege have their MPR statuses (autostatic(1)).\n",
	      out);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("autostatic replay: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; see 'autostatic replay --help'\n", stderr);
	return AS_EXIT_USAGE;
}

static int parse_count(const char *arg, uint64_t max, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);
	if (errno || *end || !*arg || arg[0] == '-' || arg[0] == '+' || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

enum { OPT_PPS = 256, OPT_TOPSPEED, OPT_LOOP, OPT_PROTO, OPT_BACKEND };

static int parse_args(struct replay *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{"read", required_argument, NULL, 'r'},
		{"interface", required_argument, NULL, 'i'},
		{"pps", required_argument, NULL, OPT_PPS},
		{"topspeed", no_argument, NULL, OPT_TOPSPEED},
		{"loop", required_argument, NULL, OPT_LOOP},
		{"proto", required_argument, NULL, OPT_PROTO},
		{"backend", required_argument, NULL, OPT_BACKEND},
		{"json", no_argument, NULL, 'j'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool topspeed = false;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":r:i:jqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': r->path = optarg; break;
		case 'i': r->ifname = optarg; break;
		case 'j': r->json = true; break;
		case 'q': r->quiet = true; break;
		case 'h': usage(stdout); return 1;
		case OPT_TOPSPEED: topspeed = true; break;
		case OPT_PPS:
			if (parse_count(optarg, 100000000, &r->pps) < 0)
				return -usage_error("--pps needs a rate of 1 to 100000000, not '%s'",
						    optarg);
			break;
		case OPT_LOOP:
			if (parse_count(optarg, UINT32_MAX, &r->loops) < 0)
				return -usage_error("--loop needs a positive count, not '%s'", optarg);
			break;
		case OPT_PROTO:
			if (!strcmp(optarg, "ip"))
				r->want = WANT_IP;
			else if (!strcmp(optarg, "ipv6"))
				r->want = WANT_IPV6;
			else if (!strcmp(optarg, "ipx"))
				r->want = WANT_IPX;
			else
				return -usage_error("--proto needs ip, ipv6 or ipx, not '%s'", optarg);
			break;
		case OPT_BACKEND:
			if (!strcmp(optarg, "afpacket"))
				r->backend = AS_BACKEND_AFPACKET;
			else if (!strcmp(optarg, "pcap"))
				r->backend = AS_BACKEND_PCAP;
			else
				return -usage_error("--backend needs afpacket or pcap, not '%s'",
						    optarg);
			break;
		case ':':
			return -usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			return -usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return -usage_error("unexpected argument '%s'", argv[optind]);
	if (!r->path)
		return -usage_error("%s", "-r FILE is required");
	if (!r->ifname)
		return -usage_error("%s", "-i IFACE is required");
	if (topspeed && r->pps)
		return -usage_error("%s", "--pps and --topspeed exclude each other");
	return 0;
}

static int map_link(int dlt, enum as_link *out)
{
	switch (dlt) {
	case DLT_EN10MB: *out = AS_LINK_ETHERNET; return 0;
	case DLT_LINUX_SLL: *out = AS_LINK_LINUX_SLL; return 0;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2: *out = AS_LINK_LINUX_SLL2; return 0;
#endif
	case DLT_RAW: *out = AS_LINK_RAW; return 0;
#ifdef DLT_IPV4
	case DLT_IPV4: *out = AS_LINK_IPV4; return 0;
	case DLT_IPV6: *out = AS_LINK_IPV6; return 0;
#endif
	case DLT_NULL: *out = AS_LINK_NULL; return 0;
	case DLT_LOOP: *out = AS_LINK_LOOP; return 0;
	default: return -1;
	}
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* --proto: RIP and RIPng by UDP port, IPX RIP/SAP by socket (either end, as decode does). */
static bool wanted(const struct replay *r, const struct as_frame *f)
{
	switch (r->want) {
	case WANT_ALL: return true;
	case WANT_IP:
		return f->l3 == AS_L3_IPV4 && f->payload &&
		       (f->sport == AS_RIP_PORT || f->dport == AS_RIP_PORT);
	case WANT_IPV6:
		return f->l3 == AS_L3_IPV6 && f->payload &&
		       (f->sport == AS_RIPNG_PORT || f->dport == AS_RIPNG_PORT);
	case WANT_IPX:
		if (f->l3 != AS_L3_IPX || !f->payload || f->payload_len < 30)
			return false;
		/* IPX header: destination socket at 16, source socket at 28 */
		for (unsigned off = 16; off <= 28; off += 12) {
			uint16_t s = be16(f->payload + off);
			if (s == 0x0452 || s == 0x0453)
				return true;
		}
		return false;
	}
	return false;
}

/*
 * Decides about one frame of the capture and gives the bytes to send: the frame itself
 * (Ethernet) or an Ethernet version of it built in r->scratch.
 */
static enum verdict prepare(struct replay *r, const uint8_t *p, size_t len, const uint8_t **out,
			    size_t *out_len)
{
	struct as_frame f;
	bool decoded = false;
	if (r->want != WANT_ALL || r->link != AS_LINK_ETHERNET) {
		as_frame_decode(r->link, p, len, &f);
		decoded = true;
		if (!wanted(r, &f))
			return V_FILTERED;
	}
	if (r->link == AS_LINK_ETHERNET) {
		if (len < 14)
			return V_UNCONVERTIBLE;
		if (len > r->max_len)
			return V_TOO_BIG;
		*out = p;
		*out_len = len;
		return V_SEND;
	}
	if (!decoded)
		as_frame_decode(r->link, p, len, &f);
	size_t l3off;
	uint16_t proto;
	switch (r->link) {
	case AS_LINK_LINUX_SLL:
		if (len < 16)
			return V_UNCONVERTIBLE;
		proto = be16(p + 14);
		l3off = 16;
		break;
	case AS_LINK_LINUX_SLL2:
		if (len < 20)
			return V_UNCONVERTIBLE;
		proto = be16(p);
		l3off = 20;
		break;
	default:
		/* raw IP and loopback: the decapsulator has told IPv4 from IPv6 */
		if (f.l3 != AS_L3_IPV4 && f.l3 != AS_L3_IPV6)
			return V_UNCONVERTIBLE;
		proto = f.l3 == AS_L3_IPV4 ? 0x0800 : 0x86DD;
		l3off = r->link == AS_LINK_NULL || r->link == AS_LINK_LOOP ? 4 : 0;
		break;
	}
	if (len < l3off)
		return V_UNCONVERTIBLE;
	size_t body = len - l3off;
	/* SLL protocols below 0x0600 are Linux's pseudo ones: 0x0001 raw 802.3 (Novell's IPX
	 * framing) and 0x0004 802.2 LLC go out as 802.3 length frames; the rest cannot. */
	bool len_frame = proto < 0x0600;
	if (len_frame && proto != 0x0001 && proto != 0x0004)
		return V_UNCONVERTIBLE;
	if (14 + body > r->max_len || (len_frame && body > 1500))
		return V_TOO_BIG;
	uint8_t *q = r->scratch;
	memset(q, 0xFF, 6);
	if (f.l3 == AS_L3_IPV4 && f.dst[0] >= 224 && f.dst[0] < 240) {
		const uint8_t m[6] = {0x01, 0x00, 0x5E, (uint8_t)(f.dst[1] & 0x7F), f.dst[2],
				      f.dst[3]};
		memcpy(q, m, 6);
	} else if (f.l3 == AS_L3_IPV6 && f.dst[0] == 0xFF) {
		q[0] = q[1] = 0x33;
		memcpy(q + 2, f.dst + 12, 4);
	} else if (f.l3 == AS_L3_IPX && f.payload && f.payload_len >= 16) {
		memcpy(q, f.payload + 10, 6);
	}
	memcpy(q + 6, r->mac, 6);
	uint16_t type = len_frame ? (uint16_t)body : proto;
	q[12] = (uint8_t)(type >> 8);
	q[13] = (uint8_t)type;
	memcpy(q + 14, p + l3off, body);
	*out = q;
	*out_len = 14 + body;
	return V_SEND;
}

static void count_skip(struct replay *r, enum verdict v)
{
	if (v == V_FILTERED)
		r->skip_filtered++;
	else if (v == V_TOO_BIG)
		r->skip_too_big++;
	else if (v == V_UNCONVERTIBLE)
		r->skip_unconv++;
}

/* Reads the whole capture into memory, converted and filtered once for every loop. */
static int load(struct replay *r)
{
	struct pcap_pkthdr *h;
	const u_char *bytes;
	int rc;
	while ((rc = pcap_next_ex(r->p, &h, &bytes)) == 1) {
		r->per_loop_read++;
		const uint8_t *out;
		size_t len;
		enum verdict v = prepare(r, bytes, h->caplen, &out, &len);
		if (v != V_SEND) {
			count_skip(r, v);
			continue;
		}
		if (r->buf_len + len > r->buf_cap) {
			size_t cap = r->buf_cap ? r->buf_cap * 2 : 1 << 20;
			while (cap < r->buf_len + len)
				cap *= 2;
			uint8_t *nb = realloc(r->buf, cap);
			if (!nb)
				return -1;
			r->buf = nb;
			r->buf_cap = cap;
		}
		if (r->n_fr == r->fr_cap) {
			size_t cap = r->fr_cap ? r->fr_cap * 2 : 4096;
			struct frame_ref *nf = realloc(r->fr, cap * sizeof *nf);
			if (!nf)
				return -1;
			r->fr = nf;
			r->fr_cap = cap;
		}
		memcpy(r->buf + r->buf_len, out, len);
		r->fr[r->n_fr++] = (struct frame_ref){r->buf_len, (uint32_t)len};
		r->buf_len += len;
	}
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "autostatic replay: reading '%s': %s\n", r->path, pcap_geterr(r->p));
		return -1;
	}
	return 0;
}

static void count_errno(struct replay *r, int err, uint64_t n)
{
	for (unsigned i = 0; i < r->n_errnos; i++)
		if (r->errnos[i].err == err) {
			r->errnos[i].n += n;
			return;
		}
	if (r->n_errnos < MAX_ERRNOS) {
		r->errnos[r->n_errnos].err = err;
		r->errnos[r->n_errnos++].n = n;
	} else {
		r->errnos[MAX_ERRNOS - 1].n += n; /* the last slot takes the rest */
	}
}

static const char *errno_name(int err)
{
	switch (err) {
	case 0: return "unknown";
	case ENOBUFS: return "ENOBUFS";
	case EAGAIN: return "EAGAIN";
	case ENETDOWN: return "ENETDOWN";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EMSGSIZE: return "EMSGSIZE";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EIO: return "EIO";
	default: return "other";
	}
}

/* The engine has just sent (or failed to send) the batch: the first k frames of it went out,
 * in order, and the rest were refused with errno err. */
static void account(struct replay *r, int err)
{
	const struct as_counters *cs = as_chan_counters(r->c);
	uint64_t s = as_counter_get(cs, "tx-frames"), x = as_counter_get(cs, "tx-error");
	uint64_t k = s - r->ctr_sent, bad = x - r->ctr_err;
	r->ctr_sent = s;
	r->ctr_err = x;
	for (unsigned i = 0; i < r->n_shadow && i < k; i++)
		r->bytes += r->shadow[i];
	r->sent += k;
	if (bad) {
		r->failed += bad;
		count_errno(r, err, bad);
	}
	r->n_shadow = 0;
	as_progress_update(r->sent + r->failed);
}

static void flush(struct replay *r)
{
	if (!r->n_shadow)
		return;
	errno = 0;
	as_engine_flush(r->e);
	account(r, errno);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Queues one frame, waiting first for its turn when paced. */
static void send_one(struct replay *r, const uint8_t *p, size_t len)
{
	if (r->pps) {
		/* Frame k's instant is t_start + k / pps, from the start (no drift): when it is
		 * ahead, what is queued goes out and we sleep until then; frames whose instant
		 * has passed are queued together, so a late wake-up catches up in one batch. */
		uint64_t k = r->queued;
		uint64_t due = r->t_start + k / r->pps * 1000000000ull +
			       (k % r->pps) * 1000000000ull / r->pps;
		if (mono_ns() < due) {
			flush(r);
			struct timespec ts = {.tv_sec = (time_t)(due / 1000000000ull),
					      .tv_nsec = (long)(due % 1000000000ull)};
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR &&
			       !stop_requested)
				;
		}
	}
	r->shadow[r->n_shadow++] = (uint32_t)len;
	r->queued++;
	errno = 0;
	as_send_frame(r->c, p, len);
	int err = errno;
	if (r->n_shadow == AS_TX_BATCH)
		account(r, err); /* as_send_frame() sent the full batch */
}

static void run_mem(struct replay *r)
{
	for (uint64_t l = 0; l < r->loops && !stop_requested; l++)
		for (size_t i = 0; i < r->n_fr && !stop_requested; i++)
			send_one(r, r->buf + r->fr[i].off, r->fr[i].len);
	flush(r);
}

static int run_stream(struct replay *r, char *errbuf)
{
	for (uint64_t l = 0; l < r->loops && !stop_requested; l++) {
		if (l) {
			pcap_close(r->p);
			r->p = pcap_open_offline(r->path, errbuf);
			if (!r->p) {
				fprintf(stderr, "autostatic replay: cannot read '%s' again: %s\n",
					r->path, errbuf);
				return -1;
			}
		}
		struct pcap_pkthdr *h;
		const u_char *bytes;
		int rc = 0;
		while (!stop_requested && (rc = pcap_next_ex(r->p, &h, &bytes)) == 1) {
			r->per_loop_read++;
			const uint8_t *out;
			size_t len;
			enum verdict v = prepare(r, bytes, h->caplen, &out, &len);
			if (v == V_SEND)
				send_one(r, out, len);
			else
				count_skip(r, v);
		}
		if (!stop_requested && rc == PCAP_ERROR) {
			fprintf(stderr, "autostatic replay: reading '%s': %s\n", r->path,
				pcap_geterr(r->p));
			flush(r);
			return -1;
		}
	}
	flush(r);
	return 0;
}

static void report(const struct replay *r, uint64_t loops_done)
{
	double el = (double)(r->t_end - r->t_start) / 1e9;
	double pps = el > 0 ? (double)r->sent / el : 0;
	double mbps = el > 0 ? (double)r->bytes * 8 / el / 1e6 : 0;
	/* In memory the skips were counted once, for one pass. */
	uint64_t mult = r->mem ? loops_done : 1;
	uint64_t read = r->mem ? r->per_loop_read * loops_done : r->per_loop_read;
	uint64_t f = r->skip_filtered * mult, tb = r->skip_too_big * mult,
		 uc = r->skip_unconv * mult;
	if (r->json) {
		json_t *errs = json_object();
		for (unsigned i = 0; i < r->n_errnos; i++) {
			const char *n = errno_name(r->errnos[i].err);
			json_t *old = json_object_get(errs, n);
			json_object_set_new(errs, n,
					    json_integer((json_int_t)(r->errnos[i].n +
								      (old ? (uint64_t)json_integer_value(old) : 0))));
		}
		json_t *o = json_pack(
		    "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:{s:I, s:I, s:I}, s:I, s:o}",
		    "interface", r->ifname, "file", r->path, "loops", (json_int_t)loops_done,
		    "frames_read", (json_int_t)read, "frames_sent", (json_int_t)r->sent,
		    "bytes_sent", (json_int_t)r->bytes, "frames_failed", (json_int_t)r->failed,
		    "elapsed", el, "pps", pps, "mbps", mbps, "skipped", "too_big", (json_int_t)tb,
		    "other_protocol", (json_int_t)f, "not_convertible", (json_int_t)uc, "pps_target",
		    (json_int_t)r->pps, "errors", errs);
		if (o) {
			char *s = json_dumps(o, JSON_COMPACT);
			if (s)
				puts(s);
			free(s);
			json_decref(o);
		}
		return;
	}
	printf("replay: %s onto %s, %" PRIu64 " loop%s\n", r->path, r->ifname, loops_done,
	       loops_done == 1 ? "" : "s");
	printf("  frames read   %" PRIu64 "\n", read);
	printf("  frames sent   %" PRIu64 "\n", r->sent);
	printf("  bytes sent    %" PRIu64 "\n", r->bytes);
	printf("  elapsed       %.6f s\n", el);
	printf("  rate          %.0f pps, %.1f Mbit/s", pps, mbps);
	if (r->pps)
		printf(" (asked %" PRIu64 " pps)", r->pps);
	putchar('\n');
	printf("  skipped       %" PRIu64 " (too big %" PRIu64 ", other protocol %" PRIu64
	       ", not convertible %" PRIu64 ")\n",
	       f + tb + uc, tb, f, uc);
	printf("  errors        %" PRIu64, r->failed);
	for (unsigned i = 0; i < r->n_errnos; i++)
		printf("%s%s %" PRIu64, i ? ", " : " (", errno_name(r->errnos[i].err), r->errnos[i].n);
	puts(r->n_errnos ? ")" : "");
}

int as_cmd_replay(int argc, char **argv)
{
	struct replay *r = calloc(1, sizeof *r);
	if (!r) {
		perror("autostatic replay");
		return AS_EXIT_FAILURE;
	}
	r->loops = 1;
	int rc = parse_args(r, argc, argv);
	if (rc != 0) {
		free(r);
		return rc > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
	}
	rc = AS_EXIT_FAILURE;
	char errbuf[PCAP_ERRBUF_SIZE];
	errbuf[0] = '\0';

	/* The capture first: an unreadable file is the user's first problem. */
	r->p = pcap_open_offline(r->path, errbuf);
	if (!r->p) {
		fprintf(stderr, "autostatic replay: cannot read '%s': %s\n", r->path, errbuf);
		goto out;
	}
	r->dlt = pcap_datalink(r->p);
	if (map_link(r->dlt, &r->link) < 0) {
		const char *name = pcap_datalink_val_to_name(r->dlt);
		fprintf(stderr, "autostatic replay: '%s': link type %d (%s) cannot be replayed\n",
			r->path, r->dlt, name ? name : "unknown");
		goto out;
	}
	struct stat st;
	r->mem = strcmp(r->path, "-") && stat(r->path, &st) == 0 && st.st_size <= REPLAY_MEM_MAX;
	if (!r->mem && r->loops > 1 && !strcmp(r->path, "-")) {
		fputs("autostatic replay: --loop needs a file, not standard input\n", stderr);
		rc = AS_EXIT_USAGE;
		goto out;
	}

	struct as_engine_cfg cfg = {.backend = r->backend, .ring_mb = 1};
	int st_rc = as_engine_new(&cfg, &r->e, errbuf, sizeof errbuf);
	if (st_rc != AS_NO_ERROR) {
		fprintf(stderr, "autostatic replay: %s\n", errbuf);
		rc = as_status_exit(st_rc);
		goto out;
	}
	/* A send-only channel: protocol 0 receives nothing on AF_PACKET, and the filter (no
	 * frame is that short) keeps libpcap's buffer empty too. */
	static const struct as_proto_ops ops = {.name = "replay"};
	struct as_chan_spec spec = {.protocol = 0, .filter = "less 1", .ops = &ops};
	st_rc = as_chan_open(r->e, r->ifname, &spec, &r->c);
	if (st_rc != AS_NO_ERROR) {
		fprintf(stderr, "autostatic replay: %s (%s (%d))\n", as_engine_error(r->e),
			as_status_name(st_rc), st_rc);
		rc = as_status_exit(st_rc);
		goto out;
	}
	const struct as_iface_info *ifi = as_chan_iface(r->c);
	memcpy(r->mac, ifi->mac, 6);
	r->max_len = (ifi->mtu ? ifi->mtu : 1500) + 14u;

	as_progress_quiet(r->quiet || r->json);
	as_progress_label("replay");
	if (r->mem) {
		if (load(r) < 0) {
			fprintf(stderr, "autostatic replay: cannot load '%s'\n", r->path);
			goto out;
		}
		as_progress_start((uint64_t)r->n_fr * r->loops, "frames");
	} else {
		as_progress_start(0, "frames");
	}

	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Pacing needs wake-ups within microseconds, not the default 50 us of slack. */
	if (r->pps)
		(void)prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);

	r->t_start = mono_ns();
	int run_rc = 0;
	if (r->mem)
		run_mem(r);
	else
		run_rc = run_stream(r, errbuf);
	r->t_end = mono_ns();
	as_progress_end();

	uint64_t loops_done = r->loops;
	if (stop_requested && r->mem && r->n_fr)
		loops_done = (r->queued + r->n_fr - 1) / r->n_fr;
	report(r, loops_done);
	fflush(stdout);
	if (run_rc < 0)
		rc = AS_EXIT_FAILURE;
	else if (r->failed && !r->sent)
		rc = AS_EXIT_FAILURE; /* nothing went out at all */
	else
		rc = AS_EXIT_OK;
out:
	if (r->c)
		as_chan_close(r->c);
	if (r->e)
		as_engine_free(r->e);
	if (r->p)
		pcap_close(r->p);
	free(r->buf);
	free(r->fr);
	free(r);
	return rc;
}
