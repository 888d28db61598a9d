/* update.c - `autostatic update`: ask neighbours for their whole routing tables and print what
 * came back, as text or JSON (doc/update-json.md). RIPv1/RIPv2 whole-table Request (RFC 1058,
 * RFC 2453) or RFC 2091 triggered Update Request; RIPng (RFC 2080) from a link-local source;
 * IPX RIP general request and SAP general query (Novell IPX RIP/SAP).
 *
 * The command is a thin driver of update sessions (src/core/update.h): it builds one
 * configuration per target (-n, --neighbours lines), starts every session on one engine, runs
 * the engine until the last done callback stops it, and maps the results' MPR statuses to the
 * exit status (as_status_exit(), autostatic(1)). Thousands of sessions cost one pass to start
 * and one to print: the engine's endpoint hash matches replies, nothing here searches.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <jansson.h>

#include <autostatic/frame.h>
#include <autostatic/status.h>

#include "src/cli/cli.h"
#include "src/cli/opts.h"
#include "src/cli/progress.h"
#include "src/core/rtable.h"
#include "src/core/svctable.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

/* The tick that drives -v lines and the progress line, in engine time (the progress line
 * limits its redraws in wall time itself). */
#define TICK_NS 100000000ull
/* What the deadline adds to timeout × retries: a safety net for a session that never ends
 * (a neighbour that keeps sending, a module bug), never the normal way out. */
#define DEADLINE_SLACK_S 600.0

struct sess {
	const struct as_target *t;
	struct as_update *u; /* NULL when the session did not start */
	int start_rc;
	char *start_msg;     /* why it did not start (malloc'd) */
	bool done;
};

struct upd_ctx {
	const struct as_opts *o;
	struct as_engine *e;
	struct sess *s;
	size_t n, started, ndone;
	bool all_started;
	struct as_timer tick;
	uint64_t t0, t_end;
	double start_wall_ms; /* wall time spent starting every session */
	/* -v, one session */
	unsigned requests_seen;
	bool first_seen;
	size_t routes_seen;
	uint64_t last_line;
	bool progress; /* the progress line is shown */
};

static void update_usage(FILE *out)
{
	fputs("Usage: autostatic update -i IFACE -p ip|ipv6|ipx [-n NEIGHBOUR]...\n"
	      "         [--neighbours FILE] [--mode request|triggered] [--rip-version 1|2]\n"
	      "         [--auth SPEC] [--ipx-frame FRAME] [--ipx-network HEX] [--what WHAT]\n"
	      "         [--timeout SEC] [--retries N] [--retransmit SEC] [--quiet-ms MS]\n"
	      "         [--write FILE] [--replay FILE] [--backend afpacket|pcap] [--json]\n"
	      "         [--summary] [-q] [-v]\n"
	      "\n"
	      "Ask the neighbours on IFACE for their whole routing tables; print what they send.\n"
	      "\n"
	      "  -i, --interface IFACE  the interface (with --replay a label, default 'replay')\n"
	      "  -p, --protocol PROTO   ip, ipv6 or ipx, or a protocol id (0x21 is ip)\n"
	      "  -n, --neighbour ADDR   a router to ask; repeatable, one session each (default\n"
	      "                         224.0.0.9 / ff02::9 / broadcast). IPv4 192.0.2.1,\n"
	      "                         IPv6 link-local fe80::1, IPX 0000abcd.02:00:00:00:00:01\n"
	      "      --neighbours FILE  more sessions: '[IFACE] NEIGHBOUR' a line ('-': stdin)\n"
	      "      --mode MODE        request (whole-table Request, default) or\n"
	      "                         triggered (RFC 2091 Update Request)\n"
	      "      --rip-version V    1 or 2 (default 2; -p ip only)\n"
	      "      --auth SPEC        none, simple:SECRET, md5:KEYID:SECRET,\n"
	      "                         sha1|sha256|sha384|sha512:KEYID:SECRET (RIPv2 only)\n"
	      "      --ipx-frame FRAME  ethernet_ii (default), 802.3, 802.2 or snap (-p ipx)\n"
	      "      --ipx-network HEX  our IPX network number (default: learned from replies)\n"
	      "      --what WHAT        routes, services or both (default; -p ipx)\n"
	      "      --timeout SEC      wait for a first valid reply per attempt (default 2)\n"
	      "      --retries N        attempts, 1..1000 (default 3)\n"
	      "      --retransmit SEC   triggered: Update Request resent after SEC (default 5)\n"
	      "      --quiet-ms MS      longest quiet period ending collection, 10..600000\n"
	      "                         (default 2000)\n"
	      "      --write FILE       record every frame sent and received in a pcap\n"
	      "      --replay FILE      frames from a capture instead (no privileges needed)\n"
	      "      --backend NAME     afpacket (default) or pcap\n"
	      "      --json             JSON (doc/update-json.md)\n"
	      "      --summary          several sessions: print only each session's status line\n"
	      "  -q, --quiet            no progress line (shown only when stderr is a terminal)\n"
	      "  -v, --verbose          progress and counters on standard error\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "SEC takes fractions (0.2). Exit status: 0 when every session succeeded, 2 usage\n"
	      "error, otherwise the status of the first failure's MPR code (autostatic(1)).\n",
	      out);
}

static void protocol_str(int pid, char *buf, size_t len)
{
	const char *name = as_pid_name(pid);
	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "0x%x", (unsigned)pid);
}

/* Milliseconds to the microsecond: finer digits are clock noise, and they clutter the JSON. */
static double ns_ms(uint64_t from, uint64_t to)
{
	return to >= from ? (double)((to - from + 500) / 1000) / 1e3 : 0.0;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static long max_rss_kb(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* The progress line (progress.h): sessions done of all, routes (and services) received and
 * their rate. Summing over the sessions is linear, so it is done only when a redraw is due. */
static void progress_show(struct upd_ctx *c)
{
	if (!as_progress_due())
		return;
	size_t items = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (!c->s[i].u)
			continue;
		const struct as_update_result *r = as_update_result(c->s[i].u);
		items += r->routes.n + r->services.n;
	}
	as_progress_items(items, c->o->pid == AS_PID_IPX ? "routes+services" : "routes");
	as_progress_update(c->ndone + (c->n - c->started));
}

/* -v (one session): requests, the first reply, the route count once a second while it grows.
 * The progress line (several sessions or one) is refreshed here too. */
static void on_tick(struct as_timer *t, void *arg)
{
	struct upd_ctx *c = arg;
	uint64_t now = as_engine_now(c->e);
	if (c->progress)
		progress_show(c);
	if (c->o->verbose && !c->o->many && c->s[0].u && !c->s[0].done) {
		const struct as_update_result *r = as_update_result(c->s[0].u);
		if (r->requests_sent > c->requests_seen) {
			c->requests_seen = r->requests_sent;
			fprintf(stderr, "autostatic update: %.1f ms: request sent (%u so far)\n",
				ns_ms(c->t0, now), r->requests_sent);
		}
		if (r->t_first_reply && !c->first_seen) {
			c->first_seen = true;
			fprintf(stderr, "autostatic update: %.1f ms: first reply\n",
				ns_ms(c->t0, r->t_first_reply));
		}
		if (now - c->last_line >= 1000000000ull && r->routes.n != c->routes_seen) {
			c->routes_seen = r->routes.n;
			c->last_line = now;
			fprintf(stderr, "autostatic update: %.1f ms: %zu routes received\n",
				ns_ms(c->t0, now), r->routes.n);
		}
	}
	as_timer_arm(c->e, t, now + TICK_NS);
}

static void on_done(struct as_update *u, void *arg)
{
	struct sess *s = arg;
	(void)u;
	s->done = true;
}

/* The done callback only marks its session; this wrapper counts (one context for all). */
struct done_arg {
	struct upd_ctx *c;
	struct sess *s;
};

static void on_done_count(struct as_update *u, void *arg)
{
	struct done_arg *d = arg;
	on_done(u, d->s);
	d->c->ndone++;
	if (d->c->all_started && d->c->ndone == d->c->started) {
		d->c->t_end = as_engine_now(d->c->e);
		as_engine_stop(d->c->e);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Output */

struct outcome {
	int status;
	const char *message; /* NULL on success */
	const struct as_update_result *r; /* NULL when the session never started */
	double elapsed_ms;
	const struct as_target *t;
};

static void route_line(FILE *out, const struct as_route *rt)
{
	char p[64], nh[64];
	as_route_prefix_str(rt, p, sizeof p);
	if (rt->family == AS_RT_IPX) {
		fprintf(out, "%s hops %" PRIu32 " ticks %u\n", p, rt->metric, (unsigned)rt->tag);
		return;
	}
	as_route_nexthop_str(rt, nh, sizeof nh);
	fprintf(out, "%s metric %" PRIu32, p, rt->metric);
	if (nh[0])
		fprintf(out, " next-hop %s", nh);
	fprintf(out, " tag %u\n", (unsigned)rt->tag);
}

/* A SAP name as one word: blanks, backslashes and non-printable bytes as \xNN, so the line
 * always splits into the same five fields. */
static void name_word(char *buf, size_t len, const char *name)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && o + 5 < len; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '\\')
			buf[o++] = (char)*p;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", *p);
	}
	buf[o] = 0;
}

static void service_line(FILE *out, const struct as_service *sv)
{
	char name[4 * AS_SVC_NAME_MAX + 8];
	name_word(name, sizeof name, sv->name);
	fprintf(out, "%04x %s %08" PRIx32 ".%02x:%02x:%02x:%02x:%02x:%02x:%04x hops %u\n",
		(unsigned)sv->type, name, sv->network, sv->node[0], sv->node[1], sv->node[2],
		sv->node[3], sv->node[4], sv->node[5], (unsigned)sv->socket, (unsigned)sv->hops);
}

static const uint8_t *outcome_addr(const struct outcome *oc)
{
	if (oc->r && oc->r->have_neighbour)
		return oc->r->neighbour;
	return oc->t && oc->t->have_addr ? oc->t->addr : NULL;
}

/* "update IFACE PROTO[ neighbour ADDR]: STATUS..." - the first line of each session. */
static void header_line(const struct as_opts *o, const struct outcome *oc)
{
	char proto[16], nb[96] = "";
	protocol_str(o->pid, proto, sizeof proto);
	const uint8_t *addr = outcome_addr(oc);
	if (addr) {
		char a[64];
		as_neighbour_str(o->pid, addr, a, sizeof a);
		snprintf(nb, sizeof nb, " neighbour %s", a);
	}
	const char *ifn = oc->t ? oc->t->ifname : o->ifname;
	if (oc->status == AS_NO_ERROR && oc->r) {
		if (o->pid == AS_PID_IPX)
			printf("update %s %s%s: %s, %zu routes, %zu services in %.1f ms\n", ifn,
			       proto, nb, as_status_name(oc->status), oc->r->routes.n,
			       oc->r->services.n, oc->elapsed_ms);
		else
			printf("update %s %s%s: %s, %zu routes in %.1f ms\n", ifn, proto, nb,
			       as_status_name(oc->status), oc->r->routes.n, oc->elapsed_ms);
	} else {
		printf("update %s %s%s: %s (%d): %s\n", ifn, proto, nb, as_status_name(oc->status),
		       oc->status, oc->message ? oc->message : "");
	}
}

static void print_text(const struct as_opts *o, const struct outcome *oc, bool summary)
{
	header_line(o, oc);
	if (summary || oc->status != AS_NO_ERROR || !oc->r)
		return;
	for (size_t i = 0; i < oc->r->routes.n; i++)
		route_line(stdout, &oc->r->routes.r[i]);
	for (size_t i = 0; i < oc->r->services.n; i++)
		service_line(stdout, &oc->r->services.s[i]);
}

static json_t *ms_or_null(uint64_t from, uint64_t to)
{
	return to ? json_real(ns_ms(from, to)) : json_null();
}

static json_t *route_json(const struct as_route *rt)
{
	char p[64], nh[64];
	json_t *j = json_object();
	as_route_prefix_str(rt, p, sizeof p);
	if (rt->family == AS_RT_IPX) {
		/* The IPX keys of doc/decode-json.md: a route is a network, hops and ticks. */
		json_object_set_new(j, "network", json_string(p));
		json_object_set_new(j, "hops", json_integer(rt->metric));
		json_object_set_new(j, "ticks", json_integer(rt->tag));
		return j;
	}
	as_route_nexthop_str(rt, nh, sizeof nh);
	json_object_set_new(j, "prefix", json_string(p));
	json_object_set_new(j, "metric", json_integer(rt->metric));
	json_object_set_new(j, "next_hop", nh[0] ? json_string(nh) : json_null());
	json_object_set_new(j, "tag", json_integer(rt->tag));
	return j;
}

static json_t *service_json(const struct as_service *sv)
{
	char net[16], node[24];
	snprintf(net, sizeof net, "%08" PRIx32, sv->network);
	snprintf(node, sizeof node, "%02x:%02x:%02x:%02x:%02x:%02x", sv->node[0], sv->node[1],
		 sv->node[2], sv->node[3], sv->node[4], sv->node[5]);
	json_t *j = json_object();
	json_object_set_new(j, "type", json_integer(sv->type));
	/* jansson refuses invalid UTF-8; a name that is not is kept byte for byte as Latin-1. */
	json_t *nm = json_string(sv->name);
	if (!nm) {
		char buf[2 * AS_SVC_NAME_MAX + 1];
		size_t o = 0;
		for (const unsigned char *p = (const unsigned char *)sv->name; *p; p++) {
			if (*p < 0x80) {
				buf[o++] = (char)*p;
			} else {
				buf[o++] = (char)(0xc0 | *p >> 6);
				buf[o++] = (char)(0x80 | (*p & 0x3f));
			}
		}
		buf[o] = 0;
		nm = json_string(buf);
	}
	json_object_set_new(j, "name", nm ? nm : json_null());
	json_object_set_new(j, "network", json_string(net));
	json_object_set_new(j, "node", json_string(node));
	json_object_set_new(j, "socket", json_integer(sv->socket));
	json_object_set_new(j, "hops", json_integer(sv->hops));
	return j;
}

static json_t *counters_json(const struct as_counters *a, const struct as_counters *b)
{
	struct as_counters merged = {0};
	if (a)
		as_counters_merge(&merged, a);
	if (b)
		as_counters_merge(&merged, b);
	json_t *cj = json_object();
	for (unsigned i = 0; i < merged.n; i++)
		json_object_set_new(cj, merged.c[i].name, json_integer((json_int_t)merged.c[i].v));
	return cj;
}

static const char *what_name(unsigned what)
{
	if (what == AS_UPDATE_ROUTES)
		return "routes";
	if (what == AS_UPDATE_SERVICES)
		return "services";
	return "both";
}

static json_t *memory_json(size_t bytes, size_t n)
{
	json_t *mj = json_object();
	json_object_set_new(mj, "rtable_bytes", json_integer((json_int_t)bytes));
	json_object_set_new(mj, "bytes_per_route",
			    n ? json_real((double)((bytes * 10 + n / 2) / n) / 10) : json_null());
	json_object_set_new(mj, "max_rss_kb", json_integer(max_rss_kb()));
	return mj;
}

/* One session's object; engine counters are merged in only for a single session (with several,
 * they belong to the run and sit beside the array). */
static json_t *session_json(const struct upd_ctx *c, const struct outcome *oc, bool engine_ctr)
{
	const struct as_opts *o = c->o;
	const struct as_update_result *r = oc->r;
	char proto[16], a[64];
	protocol_str(o->pid, proto, sizeof proto);

	json_t *root = json_object();
	json_object_set_new(root, "status", json_string(as_status_name(oc->status)));
	json_object_set_new(root, "code", json_integer(oc->status));
	json_object_set_new(root, "message", oc->message ? json_string(oc->message) : json_null());
	json_object_set_new(root, "interface", json_string(oc->t ? oc->t->ifname : o->ifname));
	json_object_set_new(root, "protocol", json_string(proto));
	json_object_set_new(root, "mode", json_string(as_mode_name(o->mode)));
	if (o->pid == AS_PID_IP)
		json_object_set_new(root, "rip_version", json_integer(o->rip_version));
	if (o->pid == AS_PID_IPX) {
		json_object_set_new(root, "what", json_string(what_name(o->what)));
		json_object_set_new(root, "ipx_frame",
				    json_string(as_ipx_framing_str(o->ipx_frame)));
	}
	const uint8_t *addr = outcome_addr(oc);
	json_object_set_new(root, "neighbour",
			    addr ? json_string(as_neighbour_str(o->pid, addr, a, sizeof a))
				 : json_null());
	json_object_set_new(root, "replay", json_boolean(o->replay_path != NULL));

	json_t *routes = json_array();
	bool ok = r && oc->status == AS_NO_ERROR;
	for (size_t i = 0; ok && i < r->routes.n; i++)
		json_array_append_new(routes, route_json(&r->routes.r[i]));
	json_object_set_new(root, "routes", routes);
	if (o->pid == AS_PID_IPX) {
		json_t *sv = json_array();
		for (size_t i = 0; ok && i < r->services.n; i++)
			json_array_append_new(sv, service_json(&r->services.s[i]));
		json_object_set_new(root, "services", sv);
	}

	json_object_set_new(root, "counters",
			    counters_json(r ? &r->counters : NULL,
					  engine_ctr && c->e ? as_engine_counters(c->e) : NULL));
	json_object_set_new(root, "elapsed_ms", json_real(oc->elapsed_ms));
	json_t *tj = json_object();
	json_object_set_new(tj, "first_reply_ms",
			    r ? ms_or_null(r->t_start, r->t_first_reply) : json_null());
	json_object_set_new(tj, "last_route_ms",
			    r ? ms_or_null(r->t_start, r->t_last_route) : json_null());
	json_object_set_new(tj, "done_ms", r ? ms_or_null(r->t_start, r->t_done) : json_null());
	json_object_set_new(root, "timing", tj);
	json_object_set_new(root, "requests_sent", json_integer(r ? r->requests_sent : 0));
	json_object_set_new(root, "memory", memory_json(r ? as_rtable_bytes(&r->routes) : 0,
							ok ? r->routes.n : 0));
	return root;
}

static int dump_json(json_t *root)
{
	int rc = json_dumpf(root, stdout, JSON_COMPACT | JSON_REAL_PRECISION(9));
	fputc('\n', stdout);
	json_decref(root);
	return rc;
}

static void print_counters(const struct upd_ctx *c, const struct as_update_result *r)
{
	struct as_counters merged = {0};
	if (r)
		as_counters_merge(&merged, &r->counters);
	if (c->e)
		as_counters_merge(&merged, as_engine_counters(c->e));
	for (unsigned i = 0; i < merged.n; i++)
		fprintf(stderr, "  %-32s %" PRIu64 "\n", merged.c[i].name, merged.c[i].v);
}

static int flush_out(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("autostatic update: writing output");
		return -1;
	}
	return 0;
}

/* One session: the output of the single-neighbour command, unchanged. */
static int finish_one(struct upd_ctx *c, struct outcome *oc)
{
	if (oc->status != AS_NO_ERROR)
		fprintf(stderr, "autostatic update: %s (%d): %s\n", as_status_name(oc->status),
			oc->status, oc->message ? oc->message : "");
	if (c->o->json)
		dump_json(session_json(c, oc, true));
	else
		print_text(c->o, oc, false);
	if (c->o->verbose) {
		fprintf(stderr, "autostatic update: done: %s, %zu routes, %u requests, %.1f ms\n",
			as_status_name(oc->status),
			oc->r && oc->status == AS_NO_ERROR ? oc->r->routes.n : 0,
			oc->r ? oc->r->requests_sent : 0, oc->elapsed_ms);
		print_counters(c, oc->r);
	}
	if (flush_out() < 0)
		return AS_EXIT_FAILURE;
	return as_status_exit(oc->status);
}

/* Several sessions: a header per session (and its routes unless --summary) and a total line,
 * or one JSON object holding every session's. Exit status: the first failure in input order. */
static int finish_many(struct upd_ctx *c, struct outcome *ocs)
{
	const struct as_opts *o = c->o;
	size_t ok = 0, first_fail = c->n, nroutes = 0, bytes = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (ocs[i].status == AS_NO_ERROR) {
			ok++;
			nroutes += ocs[i].r ? ocs[i].r->routes.n : 0;
		} else if (first_fail == c->n) {
			first_fail = i;
		}
		bytes += ocs[i].r ? as_rtable_bytes(&ocs[i].r->routes) : 0;
	}
	double elapsed = c->e ? ns_ms(c->t0, c->t_end ? c->t_end : as_engine_now(c->e)) : 0.0;
	if (first_fail < c->n) {
		const struct outcome *f = &ocs[first_fail];
		char a[64] = "any neighbour";
		const uint8_t *addr = outcome_addr(f);
		if (addr)
			as_neighbour_str(o->pid, addr, a, sizeof a);
		fprintf(stderr,
			"autostatic update: %zu of %zu sessions failed; the first, %s %s: %s (%d): "
			"%s\n",
			c->n - ok, c->n, f->t->ifname, a, as_status_name(f->status), f->status,
			f->message ? f->message : "");
	}
	if (o->json) {
		json_t *root = json_object();
		json_t *arr = json_array();
		for (size_t i = 0; i < c->n; i++)
			json_array_append_new(arr, session_json(c, &ocs[i], false));
		json_object_set_new(root, "updates", arr);
		json_object_set_new(root, "sessions", json_integer((json_int_t)c->n));
		json_object_set_new(root, "ok", json_integer((json_int_t)ok));
		json_object_set_new(root, "failed", json_integer((json_int_t)(c->n - ok)));
		json_object_set_new(root, "routes", json_integer((json_int_t)nroutes));
		json_object_set_new(root, "elapsed_ms", json_real(elapsed));
		json_object_set_new(root, "start_ms", json_real(c->start_wall_ms));
		json_object_set_new(root, "counters",
				    counters_json(c->e ? as_engine_counters(c->e) : NULL, NULL));
		json_object_set_new(root, "memory", memory_json(bytes, nroutes));
		dump_json(root);
	} else {
		for (size_t i = 0; i < c->n; i++)
			print_text(o, &ocs[i], o->summary);
		printf("updates: %zu sessions, %zu ok, %zu failed, %zu routes in %.1f ms\n", c->n,
		       ok, c->n - ok, nroutes, elapsed);
	}
	if (o->verbose) {
		fprintf(stderr,
		        "autostatic update: started %zu sessions in %.1f ms (%.1f us each)\n",
		        c->started, c->start_wall_ms,
		        c->n ? c->start_wall_ms * 1e3 / (double)c->n : 0.0);
		print_counters(c, NULL);
	}
	if (flush_out() < 0)
		return AS_EXIT_FAILURE;
	return as_status_exit(first_fail < c->n ? ocs[first_fail].status : AS_NO_ERROR);
}

/* ------------------------------------------------------------------------------------------ */

static void fill_cfg(const struct as_opts *o, const struct as_target *t, struct as_update_cfg *cfg)
{
	as_update_cfg_defaults(cfg);
	cfg->ifname = t->ifname;
	cfg->pid = o->pid;
	cfg->mode = o->mode;
	cfg->rip_version = o->rip_version;
	cfg->have_neighbour = t->have_addr;
	memcpy(cfg->neighbour, t->addr, sizeof cfg->neighbour);
	cfg->key = o->key;
	if (o->have_timeout)
		cfg->timeout = o->timeout;
	if (o->have_retries)
		cfg->retries = o->retries;
	if (o->have_retransmit)
		cfg->retransmit = o->retransmit;
	if (o->have_quiet_ms)
		cfg->quiet_ms = o->quiet_ms;
	if (o->pid == AS_PID_IPX) {
		cfg->what = o->what;
		cfg->ipx_frame = o->ipx_frame;
		cfg->have_ipx_network = o->have_ipx_network;
		cfg->ipx_network = o->ipx_network;
	}
}

/* Sessions that never start still get an outcome: the same shape, their start error. */
/* Each interface's receive ring is locked memory: 32 MiB takes a million-route flood on one
 * interface, but many interfaces share a budget of 256 MiB (at least 4 MiB each). */
static unsigned ring_mb_for(const struct as_target *t, size_t n)
{
	const char *names[65];
	size_t ifaces = 0;
	for (size_t i = 0; i < n && ifaces < 65; i++) {
		bool seen = !t[i].ifname;
		for (size_t j = 0; j < ifaces && !seen; j++)
			seen = !strcmp(names[j], t[i].ifname);
		if (!seen)
			names[ifaces++] = t[i].ifname;
	}
	size_t mb = ifaces ? 256 / ifaces : 32;
	return (unsigned)(mb > 32 ? 32 : mb < 4 ? 4 : mb);
}

static int run_sessions(struct upd_ctx *c, struct as_update_cfg *cfg, struct done_arg *da)
{
	char msg[320];
	uint64_t w0 = wall_ns();
	c->t0 = as_engine_now(c->e);
	c->last_line = c->t0;
	for (size_t i = 0; i < c->n; i++) {
		struct sess *s = &c->s[i];
		fill_cfg(c->o, s->t, cfg);
		da[i] = (struct done_arg){.c = c, .s = s};
		int rc = as_update_start(c->e, cfg, on_done_count, &da[i], &s->u);
		if (rc != AS_NO_ERROR) {
			snprintf(msg, sizeof msg, "%s", as_update_start_error());
			if (!msg[0])
				snprintf(msg, sizeof msg, "%s", as_engine_error(c->e));
			s->u = NULL;
			s->start_rc = rc;
			s->start_msg = strdup(msg);
			continue;
		}
		c->started++;
	}
	c->all_started = true;
	c->start_wall_ms = (double)(wall_ns() - w0) / 1e6;
	return c->started > 0;
}

int as_cmd_update(int argc, char **argv)
{
	struct as_opts o;
	const unsigned allowed = AS_OPT_NEIGHBOUR | AS_OPT_TIMEOUT | AS_OPT_RETRIES |
				 AS_OPT_QUIET_MS | AS_OPT_JSON | AS_OPT_MANY | AS_OPT_WHAT |
				 AS_OPT_QUIET;
	int rc = as_opts_parse(&o, "update", allowed, argc, argv, update_usage);
	if (rc)
		return rc > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;

	struct upd_ctx c = {.o = &o, .n = o.n_targets};
	char errbuf[256], msg[320];
	as_timer_init(&c.tick, on_tick, &c);
	struct outcome *ocs = calloc(c.n, sizeof ocs[0]);
	c.s = calloc(c.n, sizeof c.s[0]);
	struct done_arg *da = calloc(c.n, sizeof da[0]);
	if (!ocs || !c.s || !da) {
		fprintf(stderr, "autostatic update: out of memory for %zu sessions\n", c.n);
		free(ocs);
		free(c.s);
		free(da);
		as_opts_free(&o);
		return AS_EXIT_FAILURE;
	}
	for (size_t i = 0; i < c.n; i++) {
		c.s[i].t = &o.targets[i];
		ocs[i].t = &o.targets[i];
	}

	/* A failure before any session exists is every session's outcome. */
	int early = AS_NO_ERROR;
	if (!as_pid_family(o.pid)) {
		/* AppleTalk and NetBEUI are known ids without a router manager, as in RRAS. */
		snprintf(msg, sizeof msg, "no router manager for protocol id %s (0x%x)", o.pid_arg,
			 (unsigned)o.pid);
		early = AS_ERROR_UNKNOWN_PROTOCOL_ID;
	} else {
		struct as_engine_cfg ecfg = {
			.backend = o.replay_path ? AS_BACKEND_REPLAY : o.backend,
			.replay_path = o.replay_path,
			.write_path = o.write_path,
			.ring_mb = ring_mb_for(o.targets, c.n),
		};
		errbuf[0] = 0;
		rc = as_engine_new(&ecfg, &c.e, errbuf, sizeof errbuf);
		if (rc != AS_NO_ERROR || !c.e) {
			early = rc != AS_NO_ERROR ? rc : AS_ERROR_CAN_NOT_COMPLETE;
			snprintf(msg, sizeof msg, "%s", errbuf);
			c.e = NULL;
		}
	}
	if (early != AS_NO_ERROR) {
		for (size_t i = 0; i < c.n; i++) {
			ocs[i].status = early;
			ocs[i].message = msg;
		}
		goto out;
	}

	/* -v prints its own lines, which a line rewritten in place would garble. */
	as_progress_quiet(o.quiet || o.verbose);
	as_progress_label("autostatic update");
	struct as_update_cfg cfg;
	if (run_sessions(&c, &cfg, da)) {
		as_progress_start(c.n, "sessions");
		c.progress = as_progress_shown();
		if (o.verbose && !o.many) {
			/* The first request leaves within as_update_start(); say so at once. */
			unsigned sent = as_update_result(c.s[0].u)->requests_sent;
			if (sent) {
				c.requests_seen = sent;
				fprintf(stderr, "autostatic update: 0.0 ms: request sent\n");
			}
		}
		if (c.progress || (o.verbose && !o.many))
			as_timer_arm(c.e, &c.tick, c.t0 + TICK_NS);
		/* Sessions end themselves (done callbacks); the deadline catches any that never
		 * does. Every session has the same budget, counted from the last start. */
		double budget =
		    cfg.timeout * (double)cfg.retries + cfg.retransmit + DEADLINE_SLACK_S;
		uint64_t deadline = as_engine_now(c.e) + as_sec_ns(budget);
		int run = AS_NO_ERROR;
		if (c.ndone < c.started)
			run = as_engine_run(c.e, deadline);
		as_timer_cancel(c.e, &c.tick);
		as_progress_end();
		if (run != AS_NO_ERROR)
			snprintf(msg, sizeof msg, "%s", as_engine_error(c.e));
		else
			snprintf(msg, sizeof msg,
				 "no result from the update session before the deadline (%.1f s)",
				 (double)(deadline - c.t0) / 1e9);
	}
	if (!c.t_end)
		c.t_end = as_engine_now(c.e);
	for (size_t i = 0; i < c.n; i++) {
		struct sess *s = &c.s[i];
		struct outcome *oc = &ocs[i];
		if (!s->u) {
			oc->status = s->start_rc;
			oc->message = s->start_msg ? s->start_msg : "out of memory";
			oc->elapsed_ms = 0;
			continue;
		}
		const struct as_update_result *r = as_update_result(s->u);
		oc->r = r;
		if (s->done) {
			oc->status = r->status;
			oc->message = oc->status == AS_NO_ERROR ? NULL : r->message;
			oc->elapsed_ms = ns_ms(r->t_start, r->t_done);
		} else {
			/* The loop returned before the session ended: an I/O failure, or the net.
			 */
			oc->status = AS_ERROR_CAN_NOT_COMPLETE;
			oc->message = msg;
			oc->elapsed_ms = ns_ms(r->t_start, c.t_end);
		}
	}
out:
	rc = o.many ? finish_many(&c, ocs) : finish_one(&c, &ocs[0]);
	for (size_t i = 0; i < c.n; i++) {
		as_update_free(c.s[i].u);
		free(c.s[i].start_msg);
	}
	if (c.e)
		as_engine_free(c.e);
	free(ocs);
	free(c.s);
	free(da);
	as_opts_free(&o);
	return rc;
}
