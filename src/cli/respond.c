/* respond.c - `autostatic respond`: serve a route file to every requester on one interface
 * (RIPv1/RIPv2 whole-table Requests, RFC 1058 / RFC 2453; RFC 2091 Update Requests answered
 * with acknowledged Update Responses; RIPng, RFC 2080; IPX RIP general requests and SAP general
 * queries with a services file, Novell IPX RIP/SAP) until a duration passes or SIGINT/SIGTERM.
 *
 * Signals only set a flag: a periodic engine timer reads it and stops the loop, so the
 * responder and engine are always torn down from the loop's own context, and the closing
 * summary (requests, dumps, responses, retransmissions, acknowledgements) is always printed.
 */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/status.h>

#include "src/cli/cli.h"
#include "src/cli/opts.h"
#include "src/core/routefile.h"
#include "src/core/rtable.h"
#include "src/core/svctable.h"
#include "src/core/update.h"
#include "src/engine/engine.h"
#include "src/ipx/ipx_files.h"

/* How often the stop flag is read: short enough that an interrupt feels immediate. */
#define TICK_NS 100000000ull
/* Replay with no --duration: the capture's clock, not the wall's; a day of capture time is a
 * bound that only a responder stuck in retransmission would reach. */
#define REPLAY_BOUND_S 86400.0

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct resp_ctx {
	const struct as_opts *o;
	struct as_engine *e;
	struct as_responder *r;
	struct as_timer tick;
	uint64_t t0, last_line;
	struct as_responder_stats last;
};

static void respond_usage(FILE *out)
{
	fputs("Usage: autostatic respond -i IFACE -p ip|ipv6|ipx --routes FILE\n"
	      "         [--services FILE] [--ipx-frame FRAME] [--ipx-network HEX]\n"
	      "         [--mode request|triggered] [--rip-version 1|2] [--auth SPEC]\n"
	      "         [--retransmit SEC] [--duration SEC] [--write FILE] [--replay FILE]\n"
	      "         [--backend afpacket|pcap] [-v]\n"
	      "\n"
	      "Serve the routes of FILE (autostatic-routes(5)) to every requester on IFACE.\n"
	      "\n"
	      "  -i, --interface IFACE  the interface (with --replay a label, default 'replay')\n"
	      "  -p, --protocol PROTO   ip, ipv6 or ipx, or a protocol id (0x21 is ip)\n"
	      "      --routes FILE      the routes, 'PREFIX [METRIC] [via ADDR]' a line\n"
	      "                         ('-': stdin);\n"
	      "                         -p ipx: 'NETWORK [HOPS [TICKS]]'\n"
	      "      --services FILE    -p ipx: SAP services, 'TYPE NAME NETWORK NODE SOCKET\n"
	      "                         [HOPS]' a line (--routes or --services is required)\n"
	      "      --ipx-frame FRAME  ethernet_ii (default), 802.3, 802.2 or snap (-p ipx)\n"
	      "      --ipx-network HEX  our IPX network number (default: the module's choice)\n"
	      "      --mode MODE        request (default) or triggered: also serve RFC 2091\n"
	      "                         Update Requests with acknowledged Update Responses\n"
	      "      --rip-version V    version of the responses, 1 or 2 (default 2)\n"
	      "      --auth SPEC        none, simple:SECRET, md5:KEYID:SECRET,\n"
	      "                         sha1|sha256|sha384|sha512:KEYID:SECRET (RIPv2 only):\n"
	      "                         sign responses, require requests to verify\n"
	      "      --retransmit SEC   triggered: resend an unacknowledged response after SEC\n"
	      "      --duration SEC     stop after SEC (default 0: until SIGINT or SIGTERM)\n"
	      "      --write FILE       record every frame sent and received in a pcap\n"
	      "      --replay FILE      frames from a capture instead (no privileges needed)\n"
	      "      --backend NAME     afpacket (default) or pcap\n"
	      "  -v, --verbose          progress once a second and counters on standard error\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "The summary goes to standard error. Exit status: 0 done, 1 unreadable route\n"
	      "file, 2 usage error, otherwise the status of the MPR code (autostatic(1)).\n",
	      out);
}

static void print_stats_line(const struct resp_ctx *c, const char *what,
			     const struct as_responder_stats *s)
{
	char proto[16];
	const char *name = as_pid_name(c->o->pid);
	snprintf(proto, sizeof proto, "%s", name ? name : "?");
	fprintf(stderr,
		"autostatic respond: %s %s %s: %" PRIu64 " requests, %" PRIu64 " dumps, %" PRIu64
		" responses, %" PRIu64 " retransmissions, %" PRIu64 " acks, %u active\n",
		what, c->o->ifname, proto, s->requests, s->dumps_done, s->responses_sent,
		s->retransmissions, s->acks, s->active);
}

static void on_tick(struct as_timer *t, void *arg)
{
	struct resp_ctx *c = arg;
	uint64_t now = as_engine_now(c->e);
	if (stop_requested) {
		as_engine_stop(c->e);
		return;
	}
	if (c->o->verbose && now - c->last_line >= 1000000000ull) {
		struct as_responder_stats s;
		as_responder_stats(c->r, &s);
		if (memcmp(&s, &c->last, sizeof s)) {
			print_stats_line(c, "serving", &s);
			c->last = s;
		}
		c->last_line = now;
	}
	as_timer_arm(c->e, t, now + TICK_NS);
}

static int fail(const char *what, int status, const char *message)
{
	fprintf(stderr, "autostatic respond: %s%s (%d): %s\n", what, as_status_name(status), status,
		message);
	return as_status_exit(status);
}

static void free_services(struct as_svctable *t, bool have)
{
	if (have)
		as_svctable_free(t);
}

/* The route file in the transport's format, and for IPX the services file. Returns AS_EXIT_OK,
 * or AS_EXIT_FAILURE after a "FILE:LINE: reason" line. */
static int load_tables(const struct as_opts *o, int family, struct as_rtable *routes,
		       struct as_svctable *services, bool *have_services)
{
	char err[512] = "";
	*have_services = false;
	if (o->pid != AS_PID_IPX) {
		if (as_routefile_load(o->routes_path, family, routes, err, sizeof err) < 0) {
			fprintf(stderr, "autostatic respond: %s\n", err[0] ? err : o->routes_path);
			return AS_EXIT_FAILURE;
		}
		return AS_EXIT_OK;
	}
	if (o->routes_path && as_ipx_routefile_load(o->routes_path, routes, err, sizeof err) < 0) {
		fprintf(stderr, "autostatic respond: %s\n", err[0] ? err : o->routes_path);
		return AS_EXIT_FAILURE;
	}
	if (o->services_path) {
		as_svctable_init(services);
		*have_services = true;
		if (as_svcfile_load(o->services_path, services, err, sizeof err) < 0) {
			fprintf(stderr, "autostatic respond: %s\n",
			        err[0] ? err : o->services_path);
			as_svctable_free(services);
			*have_services = false;
			return AS_EXIT_FAILURE;
		}
	}
	return AS_EXIT_OK;
}

int as_cmd_respond(int argc, char **argv)
{
	struct as_opts o;
	int rc = as_opts_parse(&o, "respond", AS_OPT_ROUTES | AS_OPT_DURATION | AS_OPT_SERVICES,
			       argc, argv, respond_usage);
	if (rc)
		return rc > 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
	/* respond takes no -n: nothing was allocated that needs keeping. */
	as_opts_free(&o);

	char err[512];
	int family = as_pid_family(o.pid);
	if (!family) {
		snprintf(err, sizeof err, "no router manager for protocol id %s (0x%x)", o.pid_arg,
			 (unsigned)o.pid);
		return fail("", AS_ERROR_UNKNOWN_PROTOCOL_ID, err);
	}

	struct as_rtable routes;
	struct as_svctable services;
	as_rtable_init(&routes);
	bool have_services = false;
	rc = load_tables(&o, family, &routes, &services, &have_services);
	if (rc != AS_EXIT_OK) {
		as_rtable_free(&routes);
		return rc;
	}

	struct resp_ctx c = {.o = &o};
	struct as_engine_cfg ecfg = {
		.backend = o.replay_path ? AS_BACKEND_REPLAY : o.backend,
		.replay_path = o.replay_path,
		.write_path = o.write_path,
	};
	err[0] = 0;
	rc = as_engine_new(&ecfg, &c.e, err, sizeof err);
	if (rc != AS_NO_ERROR || !c.e) {
		as_rtable_free(&routes);
		free_services(&services, have_services);
		return fail("", rc != AS_NO_ERROR ? rc : AS_ERROR_CAN_NOT_COMPLETE, err);
	}

	struct as_update_cfg defaults;
	as_update_cfg_defaults(&defaults);
	struct as_responder_cfg rcfg = {
		.ifname = o.ifname,
		.pid = o.pid,
		.mode = o.mode,
		.rip_version = o.rip_version,
		.key = o.key,
		.retransmit = o.have_retransmit ? o.retransmit : defaults.retransmit,
		.routes = &routes,
		.services = have_services ? &services : NULL,
		.ipx_frame = o.ipx_frame,
		.have_ipx_network = o.have_ipx_network,
		.ipx_network = o.ipx_network,
	};
	rc = as_responder_start(c.e, &rcfg, &c.r);
	if (rc != AS_NO_ERROR) {
		snprintf(err, sizeof err, "%s", as_engine_error(c.e));
		if (!err[0])
			snprintf(err, sizeof err, "%s", as_update_start_error());
		rc = fail("", rc, err);
		as_engine_free(c.e);
		as_rtable_free(&routes);
		free_services(&services, have_services);
		return rc;
	}

	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	c.t0 = as_engine_now(c.e);
	c.last_line = c.t0;
	if (o.verbose && have_services)
		fprintf(stderr, "autostatic respond: serving %zu routes and %zu services on %s\n",
			routes.n, services.n, o.ifname);
	else if (o.verbose)
		fprintf(stderr, "autostatic respond: serving %zu routes on %s\n", routes.n,
			o.ifname);
	as_timer_init(&c.tick, on_tick, &c);
	/* In replay a periodic timer would keep the capture's clock running forever after the
	 * last frame; the loop ends by itself there when nothing is left to happen. */
	bool replay = as_engine_is_replay(c.e);
	if (!replay || o.duration > 0)
		as_timer_arm(c.e, &c.tick, c.t0 + TICK_NS);
	uint64_t deadline = o.duration > 0 ? c.t0 + as_sec_ns(o.duration)
			    : replay       ? c.t0 + as_sec_ns(REPLAY_BOUND_S)
					   : 0;
	int run = as_engine_run(c.e, deadline);
	as_timer_cancel(c.e, &c.tick);

	struct as_responder_stats s;
	as_responder_stats(c.r, &s);
	print_stats_line(&c, "done:", &s);
	if (o.verbose) {
		struct as_counters merged = {0};
		as_counters_merge(&merged, as_responder_counters(c.r));
		as_counters_merge(&merged, as_engine_counters(c.e));
		for (unsigned i = 0; i < merged.n; i++)
			fprintf(stderr, "  %-32s %" PRIu64 "\n", merged.c[i].name, merged.c[i].v);
	}
	rc = AS_EXIT_OK;
	if (run != AS_NO_ERROR)
		rc = fail("", run, as_engine_error(c.e));
	as_responder_free(c.r);
	as_engine_free(c.e);
	as_rtable_free(&routes);
	free_services(&services, have_services);
	return rc;
}
