/* update.c - `autostatic update`: ask one neighbour on one interface for its whole routing table
 * (RIPv1/RIPv2 whole-table Request, RFC 1058 / RFC 2453, or RFC 2091 triggered Update Request)
 * and print what came back, as text or one JSON object (doc/update-json.md).
 *
 * The command is a thin driver of the update session (src/core/update.h): it builds the
 * configuration from the options, runs the engine until the session's done callback stops it,
 * and maps the result's MPR status to the exit status (as_status_exit(), autostatic(1)).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <jansson.h>

#include <autostatic/status.h>

#include "src/cli/cli.h"
#include "src/cli/opts.h"
#include "src/core/rtable.h"
#include "src/core/update.h"
#include "src/engine/engine.h"

/* Progress lines (-v) are checked this often; the session itself reports nothing until done. */
#define PROGRESS_NS 100000000ull
/* What the deadline adds to timeout × retries: a safety net for a session that never ends
 * (a neighbour that keeps sending, a module bug), never the normal way out. */
#define DEADLINE_SLACK_S 600.0

struct upd_ctx {
	const struct as_opts *o;
	struct as_engine *e;
	struct as_update *u;
	bool done;
	struct as_timer tick;
	uint64_t t0;
	unsigned requests_seen;
	bool first_seen;
	size_t routes_seen;
	uint64_t last_line;
};

static void update_usage(FILE *out)
{
	fputs("Usage: autostatic update -i IFACE -p ip|ipv6|ipx [-n NEIGHBOUR]\n"
	      "         [--mode request|triggered] [--rip-version 1|2] [--auth SPEC]\n"
	      "         [--timeout SEC] [--retries N] [--retransmit SEC] [--quiet-ms MS]\n"
	      "         [--write FILE] [--replay FILE] [--backend afpacket|pcap] [--json] [-v]\n"
	      "\n"
	      "Ask the neighbour on IFACE for its whole routing table; print the routes it sends.\n"
	      "\n"
	      "  -i, --interface IFACE  the interface (with --replay a label, default 'replay')\n"
	      "  -p, --protocol PROTO   ip, ipv6 or ipx, or a protocol id (0x21 is ip)\n"
	      "  -n, --neighbour ADDR   the router to ask (default: 224.0.0.9 / broadcast)\n"
	      "      --mode MODE        request (whole-table Request, default) or\n"
	      "                         triggered (RFC 2091 Update Request)\n"
	      "      --rip-version V    1 or 2 (default 2)\n"
	      "      --auth SPEC        none, simple:SECRET, md5:KEYID:SECRET,\n"
	      "                         sha1|sha256|sha384|sha512:KEYID:SECRET (RIPv2 only)\n"
	      "      --timeout SEC      wait for a first valid reply per attempt (default 2)\n"
	      "      --retries N        attempts, 1..1000 (default 3)\n"
	      "      --retransmit SEC   triggered: Update Request resent after SEC (default 5)\n"
	      "      --quiet-ms MS      longest quiet period ending collection, 10..600000\n"
	      "                         (default 2000)\n"
	      "      --write FILE       record every frame sent and received in a pcap\n"
	      "      --replay FILE      frames from a capture instead (no privileges needed)\n"
	      "      --backend NAME     afpacket (default) or pcap\n"
	      "      --json             one JSON object (doc/update-json.md)\n"
	      "  -v, --verbose          progress and counters on standard error\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "SEC takes fractions (0.2). Exit status: 0 done, 2 usage error, otherwise the\n"
	      "status of the MPR code (autostatic(1), EXIT STATUS).\n",
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

static long max_rss_kb(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* Progress for -v: requests, the first reply, the route count once a second while it grows. */
static void on_tick(struct as_timer *t, void *arg)
{
	struct upd_ctx *c = arg;
	if (c->done || !c->u)
		return;
	const struct as_update_result *r = as_update_result(c->u);
	uint64_t now = as_engine_now(c->e);
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
	as_timer_arm(c->e, t, now + PROGRESS_NS);
}

static void on_done(struct as_update *u, void *arg)
{
	struct upd_ctx *c = arg;
	c->u = u;
	c->done = true;
	as_engine_stop(c->e);
}

static void route_line(FILE *out, const struct as_route *rt)
{
	char p[64], nh[64];
	as_route_prefix_str(rt, p, sizeof p);
	as_route_nexthop_str(rt, nh, sizeof nh);
	if (rt->family == AS_RT_IPX) {
		fprintf(out, "%s hops %" PRIu32 " ticks %u\n", p, rt->metric, (unsigned)rt->tag);
		return;
	}
	fprintf(out, "%s metric %" PRIu32, p, rt->metric);
	if (nh[0])
		fprintf(out, " next-hop %s", nh);
	fprintf(out, " tag %u\n", (unsigned)rt->tag);
}

struct outcome {
	int status;
	const char *message; /* NULL on success */
	const struct as_update_result *r; /* NULL when the session never started */
	double elapsed_ms;
};

static void print_text(const struct upd_ctx *c, const struct outcome *oc)
{
	const struct as_opts *o = c->o;
	char proto[16], nb[96] = "";
	protocol_str(o->pid, proto, sizeof proto);
	const uint8_t *addr = NULL;
	if (oc->r && oc->r->have_neighbour)
		addr = oc->r->neighbour;
	else if (o->have_neighbour)
		addr = o->neighbour;
	if (addr) {
		char a[64];
		as_neighbour_str(o->pid, addr, a, sizeof a);
		snprintf(nb, sizeof nb, " neighbour %s", a);
	}
	if (oc->status == AS_NO_ERROR && oc->r) {
		printf("update %s %s%s: %s, %zu routes in %.1f ms\n", o->ifname, proto, nb,
		       as_status_name(oc->status), oc->r->routes.n, oc->elapsed_ms);
		for (size_t i = 0; i < oc->r->routes.n; i++)
			route_line(stdout, &oc->r->routes.r[i]);
	} else {
		printf("update %s %s%s: %s (%d): %s\n", o->ifname, proto, nb,
		       as_status_name(oc->status), oc->status, oc->message ? oc->message : "");
	}
}

static json_t *ms_or_null(uint64_t from, uint64_t to)
{
	return to ? json_real(ns_ms(from, to)) : json_null();
}

static int print_json(const struct upd_ctx *c, const struct outcome *oc)
{
	const struct as_opts *o = c->o;
	const struct as_update_result *r = oc->r;
	char proto[16], a[64];
	protocol_str(o->pid, proto, sizeof proto);

	json_t *root = json_object();
	json_object_set_new(root, "status", json_string(as_status_name(oc->status)));
	json_object_set_new(root, "code", json_integer(oc->status));
	json_object_set_new(root, "message", oc->message ? json_string(oc->message) : json_null());
	json_object_set_new(root, "interface", json_string(o->ifname));
	json_object_set_new(root, "protocol", json_string(proto));
	json_object_set_new(root, "mode", json_string(as_mode_name(o->mode)));
	if (o->pid == AS_PID_IP)
		json_object_set_new(root, "rip_version", json_integer(o->rip_version));
	const uint8_t *addr = r && r->have_neighbour ? r->neighbour
			      : o->have_neighbour    ? o->neighbour
						     : NULL;
	json_object_set_new(root, "neighbour",
			    addr ? json_string(as_neighbour_str(o->pid, addr, a, sizeof a))
				 : json_null());
	json_object_set_new(root, "replay", json_boolean(o->replay_path != NULL));

	json_t *routes = json_array();
	if (r && oc->status == AS_NO_ERROR) {
		for (size_t i = 0; i < r->routes.n; i++) {
			const struct as_route *rt = &r->routes.r[i];
			char p[64], nh[64];
			as_route_prefix_str(rt, p, sizeof p);
			as_route_nexthop_str(rt, nh, sizeof nh);
			json_t *j = json_object();
			json_object_set_new(j, "prefix", json_string(p));
			json_object_set_new(j, "metric", json_integer(rt->metric));
			json_object_set_new(j, "next_hop", nh[0] ? json_string(nh) : json_null());
			json_object_set_new(j, "tag", json_integer(rt->tag));
			json_array_append_new(routes, j);
		}
	}
	json_object_set_new(root, "routes", routes);

	struct as_counters merged = {0};
	if (r)
		as_counters_merge(&merged, &r->counters);
	if (c->e)
		as_counters_merge(&merged, as_engine_counters(c->e));
	json_t *cj = json_object();
	for (unsigned i = 0; i < merged.n; i++)
		json_object_set_new(cj, merged.c[i].name, json_integer((json_int_t)merged.c[i].v));
	json_object_set_new(root, "counters", cj);

	json_object_set_new(root, "elapsed_ms", json_real(oc->elapsed_ms));
	json_t *tj = json_object();
	json_object_set_new(tj, "first_reply_ms",
			    r ? ms_or_null(r->t_start, r->t_first_reply) : json_null());
	json_object_set_new(tj, "last_route_ms",
			    r ? ms_or_null(r->t_start, r->t_last_route) : json_null());
	json_object_set_new(tj, "done_ms", r ? ms_or_null(r->t_start, r->t_done) : json_null());
	json_object_set_new(root, "timing", tj);
	json_object_set_new(root, "requests_sent", json_integer(r ? r->requests_sent : 0));

	size_t bytes = r ? as_rtable_bytes(&r->routes) : 0;
	size_t n = r && oc->status == AS_NO_ERROR ? r->routes.n : 0;
	json_t *mj = json_object();
	json_object_set_new(mj, "rtable_bytes", json_integer((json_int_t)bytes));
	json_object_set_new(mj, "bytes_per_route",
			    n ? json_real((double)((bytes * 10 + n / 2) / n) / 10) : json_null());
	json_object_set_new(mj, "max_rss_kb", json_integer(max_rss_kb()));
	json_object_set_new(root, "memory", mj);

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

static int finish(struct upd_ctx *c, struct outcome *oc)
{
	if (oc->status != AS_NO_ERROR)
		fprintf(stderr, "autostatic update: %s (%d): %s\n", as_status_name(oc->status),
			oc->status, oc->message ? oc->message : "");
	if (c->o->json)
		print_json(c, oc);
	else
		print_text(c, oc);
	if (c->o->verbose) {
		fprintf(stderr, "autostatic update: done: %s, %zu routes, %u requests, %.1f ms\n",
			as_status_name(oc->status),
			oc->r && oc->status == AS_NO_ERROR ? oc->r->routes.n : 0,
			oc->r ? oc->r->requests_sent : 0, oc->elapsed_ms);
		print_counters(c, oc->r);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("autostatic update: writing output");
		return AS_EXIT_FAILURE;
	}
	return as_status_exit(oc->status);
}

int as_cmd_update(int argc, char **argv)
{
	struct as_opts o;
	const unsigned allowed =
		AS_OPT_NEIGHBOUR | AS_OPT_TIMEOUT | AS_OPT_RETRIES | AS_OPT_QUIET_MS | AS_OPT_JSON;
	int rc = as_opts_parse(&o, "update", allowed, argc, argv, update_usage);
	if (rc)
		return rc > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;

	struct upd_ctx c = {.o = &o};
	struct outcome oc = {0};
	char errbuf[256], msg[320];
	as_timer_init(&c.tick, on_tick, &c);

	if (!as_pid_family(o.pid)) {
		/* AppleTalk and NetBEUI are known ids without a router manager, as in RRAS. */
		snprintf(msg, sizeof msg, "no router manager for protocol id %s (0x%x)", o.pid_arg,
			 (unsigned)o.pid);
		oc.status = AS_ERROR_UNKNOWN_PROTOCOL_ID;
		oc.message = msg;
		return finish(&c, &oc);
	}

	struct as_engine_cfg ecfg = {
		.backend = o.replay_path ? AS_BACKEND_REPLAY : o.backend,
		.replay_path = o.replay_path,
		.write_path = o.write_path,
	};
	errbuf[0] = 0;
	rc = as_engine_new(&ecfg, &c.e, errbuf, sizeof errbuf);
	if (rc != AS_NO_ERROR || !c.e) {
		oc.status = rc != AS_NO_ERROR ? rc : AS_ERROR_CAN_NOT_COMPLETE;
		oc.message = errbuf;
		c.e = NULL;
		return finish(&c, &oc);
	}

	struct as_update_cfg cfg;
	as_update_cfg_defaults(&cfg);
	cfg.ifname = o.ifname;
	cfg.pid = o.pid;
	cfg.mode = o.mode;
	cfg.rip_version = o.rip_version;
	cfg.have_neighbour = o.have_neighbour;
	memcpy(cfg.neighbour, o.neighbour, sizeof cfg.neighbour);
	cfg.key = o.key;
	if (o.have_timeout)
		cfg.timeout = o.timeout;
	if (o.have_retries)
		cfg.retries = o.retries;
	if (o.have_retransmit)
		cfg.retransmit = o.retransmit;
	if (o.have_quiet_ms)
		cfg.quiet_ms = o.quiet_ms;

	c.t0 = as_engine_now(c.e);
	c.last_line = c.t0;
	rc = as_update_start(c.e, &cfg, on_done, &c, &c.u);
	if (rc != AS_NO_ERROR) {
		snprintf(msg, sizeof msg, "%s", as_update_start_error());
		if (!msg[0])
			snprintf(msg, sizeof msg, "%s", as_engine_error(c.e));
		oc.status = rc;
		oc.message = msg;
		oc.elapsed_ms = ns_ms(c.t0, as_engine_now(c.e));
		c.u = NULL;
		rc = finish(&c, &oc);
		as_engine_free(c.e);
		return rc;
	}
	if (o.verbose) {
		/* The first request leaves within as_update_start(); say so at once. */
		unsigned sent = as_update_result(c.u)->requests_sent;
		if (sent) {
			c.requests_seen = sent;
			fprintf(stderr, "autostatic update: 0.0 ms: request sent\n");
		}
		as_timer_arm(c.e, &c.tick, c.t0 + PROGRESS_NS);
	}

	/* The session ends itself (done callback); the deadline catches one that never does. */
	double budget = cfg.timeout * (double)cfg.retries + cfg.retransmit + DEADLINE_SLACK_S;
	uint64_t deadline = c.t0 + as_sec_ns(budget);
	int run = AS_NO_ERROR;
	if (!c.done)
		run = as_engine_run(c.e, deadline);
	as_timer_cancel(c.e, &c.tick);

	const struct as_update_result *r = as_update_result(c.u);
	oc.r = r;
	if (c.done) {
		oc.status = r->status;
		oc.message = oc.status == AS_NO_ERROR ? NULL : r->message;
		oc.elapsed_ms = ns_ms(r->t_start, r->t_done);
	} else {
		/* The loop returned before the session ended: an I/O failure, or the safety net. */
		if (run != AS_NO_ERROR)
			snprintf(msg, sizeof msg, "%s", as_engine_error(c.e));
		else
			snprintf(msg, sizeof msg,
				 "no result from the update session before the deadline (%.1f s)",
				 (double)(deadline - c.t0) / 1e9);
		oc.status = AS_ERROR_CAN_NOT_COMPLETE;
		oc.message = msg;
		oc.elapsed_ms = ns_ms(c.t0, as_engine_now(c.e));
	}
	rc = finish(&c, &oc);
	as_update_free(c.u);
	as_engine_free(c.e);
	return rc;
}
