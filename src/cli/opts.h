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
};

struct as_opts {
	const char *cmd; /* "update", "respond": the prefix of every message */
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
	bool json, verbose;
};

/*
 * Parses argv (argv[0] is the command name) into o. usage prints the command's help.
 * Returns 0 to go on, 1 when --help was shown (exit 0), -1 after a one-line usage error on
 * stderr (exit AS_EXIT_USAGE).
 */
int as_opts_parse(struct as_opts *o, const char *cmd, unsigned allowed, int argc, char **argv,
		  void (*usage)(FILE *out));

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
