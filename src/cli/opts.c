/* opts.c - strict parsing of the options `autostatic update` and `autostatic respond` share:
 * transports, modes, RFC 2082 / RFC 4822 authentication specs, fractional seconds.
 *
 * Every bad argument is one line "autostatic CMD: ..." on standard error that names the option,
 * and the command exits with status 2: scripts drive these commands, and a value silently
 * clamped or half-parsed would make a router test measure something else than asked.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/status.h>

#include "src/cli/opts.h"
#include "src/core/rtable.h"

__attribute__((format(printf, 2, 3))) static void usage_error(const char *cmd, const char *fmt,
							       ...)
{
	va_list ap;
	fprintf(stderr, "autostatic %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* strtod accepts "inf", "nan" and hex floats; a duration must be a plain finite number. */
static int parse_seconds(const char *arg, double *out)
{
	char *end;
	if (!*arg || strspn(arg, "0123456789.") != strlen(arg))
		return -1;
	errno = 0;
	double v = strtod(arg, &end);
	if (errno || *end || end == arg || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* The longest wait any SEC option accepts: one day. Larger values are typing mistakes and
 * would overflow the nanosecond clock arithmetic long before they were useful. */
#define AS_SEC_MAX 86400.0

int as_opt_sec(const char *cmd, const char *opt, const char *arg, double *out)
{
	double v;
	if (parse_seconds(arg, &v) < 0 || v <= 0 || v > AS_SEC_MAX) {
		usage_error(cmd, "%s needs seconds > 0 and <= %g (fractions allowed), not '%s'",
			    opt, AS_SEC_MAX, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static int opt_ulong(const char *cmd, const char *opt, const char *arg, unsigned long min,
		     unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 10);
	if (!*arg || strspn(arg, "0123456789") != strlen(arg) || errno || *end || v < min ||
	    v > max) {
		usage_error(cmd, "%s needs a whole number %lu..%lu, not '%s'", opt, min, max, arg);
		return -1;
	}
	*out = v;
	return 0;
}

static const struct {
	const char *name;
	int pid;
} pids[] = {
	{"ip", AS_PID_IP},	 {"ipv6", AS_PID_IPV6}, {"ipx", AS_PID_IPX},
	{"atalk", AS_PID_ATALK}, {"nbf", AS_PID_NBF},
};

int as_opt_pid(const char *cmd, const char *arg, int *out)
{
	for (size_t i = 0; i < sizeof pids / sizeof pids[0]; i++) {
		if (!strcmp(arg, pids[i].name)) {
			*out = pids[i].pid;
			return 0;
		}
	}
	/* A numeric dwProtocolId, as the RRAS calls take it: decimal or 0x-hex. */
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 0);
	if (*arg >= '0' && *arg <= '9' && !errno && !*end && v <= 0xffffffffUL) {
		*out = (int)(v > 0x7fffffffUL ? 0x7fffffffUL : v);
		return 0;
	}
	usage_error(cmd, "-p needs ip, ipv6, ipx or a protocol id (0x21), not '%s'", arg);
	return -1;
}

const char *as_pid_name(int pid)
{
	for (size_t i = 0; i < sizeof pids / sizeof pids[0]; i++)
		if (pids[i].pid == pid)
			return pids[i].name;
	return NULL;
}

int as_pid_family(int pid)
{
	switch (pid) {
	case AS_PID_IP: return AS_RT_IPV4;
	case AS_PID_IPV6: return AS_RT_IPV6;
	case AS_PID_IPX: return AS_RT_IPX;
	default: return 0;
	}
}

const char *as_mode_name(enum as_update_mode m)
{
	return m == AS_MODE_TRIGGERED ? "triggered" : "request";
}

static const struct {
	const char *name;
	enum as_rip_alg alg;
	size_t max; /* longest secret: the wire's 16 bytes, or the key structure's capacity */
} auth_algs[] = {
	{"simple", AS_RIP_ALG_SIMPLE, 16},
	{"md5", AS_RIP_ALG_MD5, 16},
	{"sha1", AS_RIP_ALG_SHA1, sizeof(((struct as_rip_key *)0)->secret)},
	{"sha256", AS_RIP_ALG_SHA256, sizeof(((struct as_rip_key *)0)->secret)},
	{"sha384", AS_RIP_ALG_SHA384, sizeof(((struct as_rip_key *)0)->secret)},
	{"sha512", AS_RIP_ALG_SHA512, sizeof(((struct as_rip_key *)0)->secret)},
};

int as_opt_auth(const char *cmd, const char *arg, struct as_rip_key *key)
{
	memset(key, 0, sizeof *key);
	key->alg = AS_RIP_ALG_NONE;
	if (!strcmp(arg, "none"))
		return 0;
	const char *colon = strchr(arg, ':');
	size_t i, n = sizeof auth_algs / sizeof auth_algs[0];
	for (i = 0; colon && i < n; i++)
		if (strlen(auth_algs[i].name) == (size_t)(colon - arg) &&
		    !strncmp(arg, auth_algs[i].name, (size_t)(colon - arg)))
			break;
	if (!colon || i == n) {
		usage_error(cmd,
			    "--auth needs none, simple:SECRET or md5|sha1|sha256|sha384|sha512:"
			    "KEYID:SECRET, not '%s'",
			    arg);
		return -1;
	}
	const char *s = colon + 1;
	if (auth_algs[i].alg != AS_RIP_ALG_SIMPLE) {
		/* KEYID is decimal 0..255; the secret after it may itself hold colons. */
		const char *c2 = strchr(s, ':');
		size_t dl = c2 ? (size_t)(c2 - s) : 0;
		if (!c2 || dl == 0 || dl > 3 || strspn(s, "0123456789") != dl) {
			usage_error(cmd, "--auth %s needs KEYID:SECRET with KEYID 0..255, in '%s'",
				    auth_algs[i].name, arg);
			return -1;
		}
		unsigned long id = strtoul(s, NULL, 10);
		if (id > 255) {
			usage_error(cmd, "--auth key ID %lu out of range 0..255 in '%s'", id, arg);
			return -1;
		}
		key->key_id = (uint8_t)id;
		s = c2 + 1;
	}
	size_t len = strlen(s);
	if (len == 0 || len > auth_algs[i].max) {
		usage_error(cmd, "--auth %s secret must be 1..%zu bytes, not %zu",
			    auth_algs[i].name, auth_algs[i].max, len);
		return -1;
	}
	key->alg = (uint8_t)auth_algs[i].alg;
	memcpy(key->secret, s, len);
	key->len = (uint16_t)len;
	return 0;
}

/* IPX: NETWORK.NODE, 1..8 hex digits then 12 hex digits, colons between octets optional. */
static int parse_ipx_addr(const char *arg, uint8_t out[16])
{
	const char *dot = strchr(arg, '.');
	if (!dot || dot == arg || dot - arg > 8)
		return -1;
	uint32_t net = 0;
	for (const char *p = arg; p < dot; p++) {
		int d = (*p >= '0' && *p <= '9')   ? *p - '0'
			: (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
			: (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10
						   : -1;
		if (d < 0)
			return -1;
		net = net << 4 | (uint32_t)d;
	}
	uint8_t node[6];
	const char *p = dot + 1;
	for (int i = 0; i < 6; i++) {
		unsigned v;
		int used;
		if (i > 0 && *p == ':')
			p++;
		if (sscanf(p, "%2x%n", &v, &used) != 1 || used != 2)
			return -1;
		node[i] = (uint8_t)v;
		p += 2;
	}
	if (*p)
		return -1;
	memset(out, 0, 16);
	out[0] = (uint8_t)(net >> 24);
	out[1] = (uint8_t)(net >> 16);
	out[2] = (uint8_t)(net >> 8);
	out[3] = (uint8_t)net;
	memcpy(out + 4, node, 6);
	return 0;
}

const char *as_neighbour_str(int pid, const uint8_t *a, char *buf, size_t len)
{
	if (pid == AS_PID_IPX) {
		snprintf(buf, len, "%02x%02x%02x%02x.%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1],
			 a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
		return buf;
	}
	if (!inet_ntop(pid == AS_PID_IPV6 ? AF_INET6 : AF_INET, a, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

enum {
	OPT_MODE = 256,
	OPT_RIP_VERSION,
	OPT_AUTH,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_RETRANSMIT,
	OPT_QUIET_MS,
	OPT_WRITE,
	OPT_REPLAY,
	OPT_JSON,
	OPT_BACKEND,
	OPT_ROUTES,
	OPT_DURATION,
};

static const struct option long_opts[] = {
	{"interface", required_argument, NULL, 'i'},
	{"protocol", required_argument, NULL, 'p'},
	{"neighbour", required_argument, NULL, 'n'},
	{"neighbor", required_argument, NULL, 'n'},
	{"mode", required_argument, NULL, OPT_MODE},
	{"rip-version", required_argument, NULL, OPT_RIP_VERSION},
	{"auth", required_argument, NULL, OPT_AUTH},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"retries", required_argument, NULL, OPT_RETRIES},
	{"retransmit", required_argument, NULL, OPT_RETRANSMIT},
	{"quiet-ms", required_argument, NULL, OPT_QUIET_MS},
	{"write", required_argument, NULL, OPT_WRITE},
	{"replay", required_argument, NULL, OPT_REPLAY},
	{"json", no_argument, NULL, OPT_JSON},
	{"backend", required_argument, NULL, OPT_BACKEND},
	{"routes", required_argument, NULL, OPT_ROUTES},
	{"duration", required_argument, NULL, OPT_DURATION},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static unsigned opt_bit(int opt)
{
	switch (opt) {
	case 'n': return AS_OPT_NEIGHBOUR;
	case OPT_TIMEOUT: return AS_OPT_TIMEOUT;
	case OPT_RETRIES: return AS_OPT_RETRIES;
	case OPT_QUIET_MS: return AS_OPT_QUIET_MS;
	case OPT_JSON: return AS_OPT_JSON;
	case OPT_ROUTES: return AS_OPT_ROUTES;
	case OPT_DURATION: return AS_OPT_DURATION;
	default: return 0; /* shared by every command */
	}
}

static int parse_one(struct as_opts *o, int opt, const char *arg)
{
	const char *cmd = o->cmd;
	unsigned long v;

	switch (opt) {
	case 'i':
		if (!*arg || strlen(arg) >= IF_NAMESIZE) {
			usage_error(cmd, "-i needs an interface name of 1..%d characters, not '%s'",
				    IF_NAMESIZE - 1, arg);
			return -1;
		}
		o->ifname = arg;
		o->have_ifname = true;
		return 0;
	case 'p':
		o->pid_arg = arg;
		return as_opt_pid(cmd, arg, &o->pid);
	case 'n': o->neighbour_arg = arg; return 0;
	case OPT_MODE:
		if (!strcmp(arg, "request"))
			o->mode = AS_MODE_REQUEST;
		else if (!strcmp(arg, "triggered"))
			o->mode = AS_MODE_TRIGGERED;
		else {
			usage_error(cmd, "--mode needs request or triggered, not '%s'", arg);
			return -1;
		}
		return 0;
	case OPT_RIP_VERSION:
		if (strcmp(arg, "1") && strcmp(arg, "2")) {
			usage_error(cmd, "--rip-version needs 1 or 2, not '%s'", arg);
			return -1;
		}
		o->rip_version = arg[0] - '0';
		o->have_rip_version = true;
		return 0;
	case OPT_AUTH:
		if (as_opt_auth(cmd, arg, &o->key) < 0)
			return -1;
		o->have_auth = o->key.alg != AS_RIP_ALG_NONE;
		return 0;
	case OPT_TIMEOUT:
		o->have_timeout = true;
		return as_opt_sec(cmd, "--timeout", arg, &o->timeout);
	case OPT_RETRANSMIT:
		o->have_retransmit = true;
		return as_opt_sec(cmd, "--retransmit", arg, &o->retransmit);
	case OPT_DURATION:
		/* 0 is allowed here: it means "until interrupted". */
		if (parse_seconds(arg, &o->duration) < 0 || o->duration > AS_SEC_MAX) {
			usage_error(cmd, "--duration needs seconds 0..%g (fractions allowed), "
					 "not '%s'",
				    AS_SEC_MAX, arg);
			return -1;
		}
		return 0;
	case OPT_RETRIES:
		if (opt_ulong(cmd, "--retries", arg, 1, 1000, &v) < 0)
			return -1;
		o->retries = (unsigned)v;
		o->have_retries = true;
		return 0;
	case OPT_QUIET_MS:
		if (opt_ulong(cmd, "--quiet-ms", arg, 10, 600000, &v) < 0)
			return -1;
		o->quiet_ms = (unsigned)v;
		o->have_quiet_ms = true;
		return 0;
	case OPT_WRITE: o->write_path = arg; return 0;
	case OPT_REPLAY: o->replay_path = arg; return 0;
	case OPT_ROUTES: o->routes_path = arg; return 0;
	case OPT_JSON: o->json = true; return 0;
	case 'v': o->verbose = true; return 0;
	case OPT_BACKEND:
		if (!strcmp(arg, "afpacket"))
			o->backend = AS_BACKEND_AFPACKET;
		else if (!strcmp(arg, "pcap"))
			o->backend = AS_BACKEND_PCAP;
		else {
			usage_error(cmd, "--backend needs afpacket or pcap, not '%s'", arg);
			return -1;
		}
		return 0;
	default: return -1;
	}
}

/* The neighbour, once -p says which family it is. */
static int parse_neighbour(struct as_opts *o)
{
	const char *arg = o->neighbour_arg;
	int ok;
	switch (o->pid) {
	case AS_PID_IP:
		ok = inet_pton(AF_INET, arg, o->neighbour) == 1;
		if (!ok)
			usage_error(o->cmd, "-n needs an IPv4 address with -p ip, not '%s'", arg);
		break;
	case AS_PID_IPV6:
		ok = inet_pton(AF_INET6, arg, o->neighbour) == 1;
		if (!ok)
			usage_error(o->cmd, "-n needs an IPv6 address with -p ipv6, not '%s'", arg);
		break;
	case AS_PID_IPX:
		ok = parse_ipx_addr(arg, o->neighbour) == 0;
		if (!ok)
			usage_error(o->cmd,
				    "-n needs NETWORK.NODE (0000abcd.02:00:00:00:00:01) "
				    "with -p ipx, not '%s'",
				    arg);
		break;
	default:
		/* No address family to read it in: the unknown transport is reported instead. */
		return 0;
	}
	if (!ok)
		return -1;
	o->have_neighbour = true;
	return 0;
}

int as_opts_parse(struct as_opts *o, const char *cmd, unsigned allowed, int argc, char **argv,
		  void (*usage)(FILE *out))
{
	int opt, idx;

	memset(o, 0, sizeof o[0]);
	o->cmd = cmd;
	o->pid = -1;
	o->rip_version = 2;
	o->backend = AS_BACKEND_AFPACKET;
	o->key.alg = AS_RIP_ALG_NONE;

	opterr = 0;
	optind = 1;
	idx = -1;
	while ((opt = getopt_long(argc, argv, ":i:p:n:vh", long_opts, &idx)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return 1;
		}
		if (opt == ':') {
			usage_error(cmd, "option '%s' needs an argument", argv[optind - 1]);
			return -1;
		}
		unsigned bit = opt_bit(opt);
		if (opt == '?') {
			/* optopt is 0 for unknown long options; the word is at optind - 1 then. */
			if (optopt && optopt < 256)
				usage_error(cmd, "unknown option '-%c'; see 'autostatic %s --help'",
					    optopt, cmd);
			else
				usage_error(cmd, "unknown option '%s'; see 'autostatic %s --help'",
					    argv[optind - 1], cmd);
			return -1;
		}
		if (bit && !(allowed & bit)) {
			if (opt == 'n')
				usage_error(cmd, "-n is not an option of this command");
			else
				usage_error(cmd, "--%s is not an option of this command",
					    idx >= 0 ? long_opts[idx].name : "?");
			return -1;
		}
		if (parse_one(o, opt, optarg) < 0)
			return -1;
		idx = -1;
	}
	if (optind < argc) {
		usage_error(cmd, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->pid < 0) {
		usage_error(cmd, "-p ip|ipv6|ipx is required");
		return -1;
	}
	if (!o->have_ifname) {
		if (!o->replay_path) {
			usage_error(cmd, "-i IFACE is required (optional only with --replay)");
			return -1;
		}
		o->ifname = "replay";
	}
	if ((allowed & AS_OPT_ROUTES) && !o->routes_path) {
		usage_error(cmd, "--routes FILE is required");
		return -1;
	}
	if (o->pid == AS_PID_IP && o->have_auth && o->rip_version == 1) {
		usage_error(cmd, "--auth needs RIPv2: RIPv1 has no authentication");
		return -1;
	}
	if ((o->pid == AS_PID_IPV6 || o->pid == AS_PID_IPX) && o->have_auth) {
		usage_error(cmd, "--auth applies to -p ip only (RIPng and IPX RIP carry none)");
		return -1;
	}
	if ((o->pid == AS_PID_IPV6 || o->pid == AS_PID_IPX) && o->have_rip_version) {
		usage_error(cmd, "--rip-version applies to -p ip only");
		return -1;
	}
	if (o->neighbour_arg && parse_neighbour(o) < 0)
		return -1;
	return 0;
}
