/* opts.h - the options `autostatic update` and `autostatic respond` share, parsed strictly. */
#ifndef AS_CLI_OPTS_H
#define AS_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <autostatic/rip.h>

#include "src/core/update.h"
#include "src/engine/engine.h"

/* Which options a command takes (bits of as_opts_parse()'s allowed). */
enum as_opt_bit {
	AS_OPT_NEIGHBOUR = 1u << 0,
	AS_OPT_TIMEOUT = 1u << 1,
	AS_OPT_RETRIES = 1u << 2,
	AS_OPT_QUIET_MS = 1u << 3,
	AS_OPT_JSON = 1u << 4,
	AS_OPT_ROUTES = 1u << 5,
	AS_OPT_DURATION = 1u << 6,
	AS_OPT_MANY = 1u << 7,     /* -n repeated, --neighbours, --summary (update) */
	AS_OPT_WHAT = 1u << 8,     /* --what (update, IPX) */
	AS_OPT_SERVICES = 1u << 9, /* --services (respond, IPX) */
	AS_OPT_QUIET = 1u << 10,   /* -q: no progress line */
};

/* One update session to run: an interface and, optionally, the neighbour to ask. */
struct as_target {
	const char *ifname;
	bool have_addr;
	uint8_t addr[16];
};

struct as_opts {
	const char *cmd; /* "update", "respond": the prefix of every message */
	unsigned allowed; /* enum as_opt_bit: what this command takes */
	const char *ifname;
	bool have_ifname;
	int pid;
	const char *pid_arg; /* as given, for messages */
	enum as_update_mode mode;
	int rip_version;
	bool have_rip_version;
	struct as_rip_key key;
	bool have_auth;
	bool have_neighbour;
	const char *neighbour_arg;
	uint8_t neighbour[16];
	double timeout, retransmit, duration;
	unsigned retries, quiet_ms;
	bool have_timeout, have_retries, have_retransmit, have_quiet_ms;
	const char *write_path, *replay_path, *routes_path;
	enum as_backend backend;
	bool json, verbose, quiet, summary;
	/* IPX */
	int ipx_frame; /* enum as_ipx_framing; Ethernet II unless --ipx-frame */
	bool have_ipx_frame, have_ipx_network, have_what;
	uint32_t ipx_network;
	unsigned what; /* AS_UPDATE_ROUTES | AS_UPDATE_SERVICES */
	const char *services_path;
	/* Sessions (update): every -n in order, then every --neighbours line. With no -n and no
	 * file, one target: -i without a neighbour. Freed by as_opts_free(). */
	const char **neighbour_args;
	size_t n_neighbour_args;
	const char *neighbours_path;
	struct as_target *targets;
	size_t n_targets;
	bool many; /* more than one session, or --neighbours: the multi-session output */
};

/*
 * Parses argv (argv[0] is the command name) into o. usage prints the command's help.
 * Returns 0 to go on, 1 when --help was shown (exit 0), -1 after a one-line usage error on
 * stderr (exit AS_EXIT_USAGE).
 */
int as_opts_parse(struct as_opts *o, const char *cmd, unsigned allowed, int argc, char **argv,
		  void (*usage)(FILE *out));
/* Frees what as_opts_parse() allocated (the targets). */
void as_opts_free(struct as_opts *o);

/*
 * Reads a neighbours file (`[IFACE] NEIGHBOUR` a line, '#' comments, blank lines ignored) for
 * transport pid, appending to *t / *n (realloc'd). Lines without IFACE use def_ifname (NULL:
 * such a line is an error). Returns 0, or -1 with "FILE:LINE: reason" in err.
 */
int as_neighbours_read(FILE *f, const char *name, int pid, const char *def_ifname,
		       struct as_target **t, size_t *n, char *err, size_t errlen);
/* Parses one neighbour of transport pid into out[16]; on failure returns -1 and a reason in
 * err ("needs an IPv4 address", the RFC 2080 link-local rule, ...). */
int as_neighbour_parse(int pid, const char *arg, uint8_t out[16], char *err, size_t errlen);
/* --ipx-frame words: ethernet_ii, 802.3, 802.2, snap → enum as_ipx_framing; -1 otherwise. */
int as_ipx_frame_parse(const char *arg);
/* --ipx-network: 1..8 hex digits (0x optional), not 0 and not FFFFFFFF. Returns 0 or -1. */
int as_ipx_network_parse(const char *arg, uint32_t *out);

/* Seconds, fractions allowed, finite and > 0. Returns 0 or -1 (message printed). */
int as_opt_sec(const char *cmd, const char *opt, const char *arg, double *out);
/* A transport: ip, ipv6, ipx, atalk, nbf, or a number (0x21, 33). Returns 0 or -1. */
int as_opt_pid(const char *cmd, const char *arg, int *out);
/* --auth SPEC into key (alg NONE for "none"). Returns 0 or -1 (message printed). */
int as_opt_auth(const char *cmd, const char *arg, struct as_rip_key *key);

/* "ip", "ipv6", "ipx", "atalk", "nbf", or NULL for other ids. */
const char *as_pid_name(int pid);
/* The route family of a transport (AS_RT_*), 0 for ids without one. */
int as_pid_family(int pid);
/* Formats the neighbour of a transport (IPv4, IPv6, IPX network.node) into buf. */
const char *as_neighbour_str(int pid, const uint8_t *addr, char *buf, size_t len);
const char *as_mode_name(enum as_update_mode m);

#endif
