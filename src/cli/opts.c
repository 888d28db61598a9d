/* opts.c - strict parsing of the options `autostatic update` and `autostatic respond` share:
 * transports, modes, RFC 2082 / RFC 4822 authentication specs, fractional seconds.
 *
 * Every bad argument is one line "autostatic CMD: ..." on standard error that names the option,
 * and the command exits with status 2: scripts drive these commands, and a value silently
 * clamped or half-parsed would make a router test measure something else than asked.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/frame.h>
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
	OPT_IPX_FRAME,
	OPT_IPX_NETWORK,
	OPT_WHAT,
	OPT_SERVICES,
	OPT_NEIGHBOURS,
	OPT_SUMMARY,
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
	{"ipx-frame", required_argument, NULL, OPT_IPX_FRAME},
	{"ipx-network", required_argument, NULL, OPT_IPX_NETWORK},
	{"what", required_argument, NULL, OPT_WHAT},
	{"services", required_argument, NULL, OPT_SERVICES},
	{"neighbours", required_argument, NULL, OPT_NEIGHBOURS},
	{"neighbors", required_argument, NULL, OPT_NEIGHBOURS},
	{"summary", no_argument, NULL, OPT_SUMMARY},
	{"quiet", no_argument, NULL, 'q'},
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
	case OPT_NEIGHBOURS:
	case OPT_SUMMARY: return AS_OPT_MANY;
	case OPT_WHAT: return AS_OPT_WHAT;
	case OPT_SERVICES: return AS_OPT_SERVICES;
	case 'q': return AS_OPT_QUIET;
	default: return 0; /* shared by every command */
	}
}

static int parse_one(struct as_opts *o, int opt, const char *arg)
{
	const char *cmd = o->cmd;
	unsigned long v;

	switch (opt) {
	case 'i':
		if (o->have_ifname) {
			usage_error(cmd,
			            "-i given twice: one -i is the default interface; name the "
			            "others on --neighbours lines");
			return -1;
		}
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
	case 'n':
		if (o->n_neighbour_args && !(o->allowed & AS_OPT_MANY)) {
			usage_error(cmd, "-n given twice");
			return -1;
		}
		o->neighbour_arg = arg;
		o->neighbour_args[o->n_neighbour_args++] = arg;
		return 0;
	case OPT_IPX_FRAME:
		if ((o->ipx_frame = as_ipx_frame_parse(arg)) < 0) {
			usage_error(cmd,
			            "--ipx-frame needs ethernet_ii, 802.3, 802.2 or snap, not '%s'",
			            arg);
			return -1;
		}
		o->have_ipx_frame = true;
		return 0;
	case OPT_IPX_NETWORK:
		if (as_ipx_network_parse(arg, &o->ipx_network) < 0) {
			usage_error(
			    cmd,
			    "--ipx-network needs a network number of 1..8 hex digits, not 0 "
			    "or FFFFFFFF, not '%s'",
			    arg);
			return -1;
		}
		o->have_ipx_network = true;
		return 0;
	case OPT_WHAT:
		if (!strcmp(arg, "routes"))
			o->what = AS_UPDATE_ROUTES;
		else if (!strcmp(arg, "services"))
			o->what = AS_UPDATE_SERVICES;
		else if (!strcmp(arg, "both"))
			o->what = AS_UPDATE_ROUTES | AS_UPDATE_SERVICES;
		else {
			usage_error(cmd, "--what needs routes, services or both, not '%s'", arg);
			return -1;
		}
		o->have_what = true;
		return 0;
	case OPT_SERVICES: o->services_path = arg; return 0;
	case OPT_NEIGHBOURS:
		if (o->neighbours_path) {
			usage_error(cmd, "--neighbours given twice");
			return -1;
		}
		o->neighbours_path = arg;
		return 0;
	case OPT_SUMMARY: o->summary = true; return 0;
	case 'q': o->quiet = true; return 0;
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

/* RFC 2080 2.4.2: RIPng Responses are accepted only from link-local sources, so a neighbour
 * named by any other address could never answer an update. */
static bool ip6_link_local(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

int as_neighbour_parse(int pid, const char *arg, uint8_t out[16], char *err, size_t errlen)
{
	uint8_t a[16] = {0};
	switch (pid) {
	case AS_PID_IP:
		if (inet_pton(AF_INET, arg, a) != 1) {
			snprintf(err, errlen, "needs an IPv4 address with -p ip, not '%s'", arg);
			return -1;
		}
		break;
	case AS_PID_IPV6:
		if (inet_pton(AF_INET6, arg, a) != 1) {
			snprintf(err, errlen,
			         "needs an IPv6 link-local address (fe80::1) with -p ipv6, "
			         "not '%s'",
			         arg);
			return -1;
		}
		if (!ip6_link_local(a)) {
			snprintf(
			    err, errlen,
			    "needs an IPv6 link-local address (fe80::/10), not '%s': RIPng "
			    "neighbours answer from link-local addresses only (RFC 2080 2.4.2)",
			    arg);
			return -1;
		}
		break;
	case AS_PID_IPX:
		if (parse_ipx_addr(arg, a) < 0) {
			snprintf(
			    err, errlen,
			    "needs NETWORK.NODE (0000abcd.02:00:00:00:00:01) with -p ipx, not '%s'",
			    arg);
			return -1;
		}
		break;
	default:
		/* No address family to read it in: the unknown transport is reported instead. */
		break;
	}
	memcpy(out, a, 16);
	return 0;
}

int as_ipx_frame_parse(const char *arg)
{
	static const struct {
		const char *name;
		int f;
	} frames[] = {
		{"ethernet_ii", AS_IPX_FRAME_ETHERNET_II},
		{"802.3", AS_IPX_FRAME_8023},
		{"802.2", AS_IPX_FRAME_8022},
		{"snap", AS_IPX_FRAME_SNAP},
	};
	for (size_t i = 0; i < sizeof frames / sizeof frames[0]; i++)
		if (!strcmp(arg, frames[i].name))
			return frames[i].f;
	return -1;
}

int as_ipx_network_parse(const char *arg, uint32_t *out)
{
	const char *p = arg;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	size_t n = strlen(p);
	if (n == 0 || n > 8 || strspn(p, "0123456789abcdefABCDEF") != n)
		return -1;
	uint32_t v = (uint32_t)strtoul(p, NULL, 16);
	/* 0 is "this network" and FFFFFFFF "all networks" (the general request): never ours. */
	if (v == 0 || v == 0xffffffffu)
		return -1;
	*out = v;
	return 0;
}

/* Grows the target array geometrically: appending 10,000 neighbours stays linear. */
static struct as_target *target_push(struct as_target **t, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		struct as_target *nt = realloc(*t, nc * sizeof nt[0]);
		if (!nt)
			return NULL;
		*t = nt;
		*cap = nc;
	}
	struct as_target *x = &(*t)[(*n)++];
	memset(x, 0, sizeof *x);
	return x;
}

/* Interface names from a neighbours file live as long as the targets: one block each. */
struct name_block {
	struct name_block *next;
	char name[IF_NAMESIZE];
};
static struct name_block *name_blocks;

static const char *keep_name(const char *s, size_t len)
{
	struct name_block *b = malloc(sizeof *b);
	if (!b)
		return NULL;
	memcpy(b->name, s, len);
	b->name[len] = 0;
	b->next = name_blocks;
	name_blocks = b;
	return b->name;
}

int as_neighbours_read(FILE *f, const char *name, int pid, const char *def_ifname,
		       struct as_target **t, size_t *n, char *err, size_t errlen)
{
	char line[512], why[256];
	unsigned lineno = 0;
	size_t cap = *n;
	/* The last interface name kept: consecutive lines naming it share one copy. */
	const char *last_if = NULL;

	while (fgets(line, sizeof line, f)) {
		lineno++;
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line longer than %zu bytes", name, lineno,
				 sizeof line - 2);
			return -1;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *w[3];
		int nw = 0;
		for (char *p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
			if (nw == 2) {
				snprintf(err, errlen,
				         "%s:%u: unexpected '%s' (a line is [IFACE] NEIGHBOUR)",
				         name, lineno, p);
				return -1;
			}
			w[nw++] = p;
		}
		if (nw == 0)
			continue;
		const char *ifn = def_ifname, *addr = w[nw - 1];
		if (nw == 2) {
			size_t il = strlen(w[0]);
			if (il >= IF_NAMESIZE) {
				snprintf(err, errlen,
				         "%s:%u: interface name '%s' longer than %d characters",
				         name, lineno, w[0], IF_NAMESIZE - 1);
				return -1;
			}
			if (!last_if || strcmp(last_if, w[0]))
				last_if = keep_name(w[0], il);
			if (!last_if) {
				snprintf(err, errlen, "%s:%u: out of memory", name, lineno);
				return -1;
			}
			ifn = last_if;
		} else if (!ifn) {
			snprintf(err, errlen,
			         "%s:%u: no interface for '%s' (give -i or IFACE first)", name,
			         lineno, addr);
			return -1;
		}
		struct as_target *x = target_push(t, n, &cap);
		if (!x) {
			snprintf(err, errlen, "%s:%u: out of memory", name, lineno);
			return -1;
		}
		x->ifname = ifn;
		if (as_neighbour_parse(pid, addr, x->addr, why, sizeof why) < 0) {
			(*n)--;
			snprintf(err, errlen, "%s:%u: neighbour %s", name, lineno, why);
			return -1;
		}
		x->have_addr = true;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

void as_opts_free(struct as_opts *o)
{
	free(o->targets);
	free(o->neighbour_args);
	o->targets = NULL;
	o->neighbour_args = NULL;
	o->n_targets = o->n_neighbour_args = 0;
	while (name_blocks) {
		struct name_block *b = name_blocks;
		name_blocks = b->next;
		free(b);
	}
}

/* Every -n, then every --neighbours line, becomes a session; none of them: one session on -i
 * asking the default group. */
static int build_targets(struct as_opts *o)
{
	char why[300];
	size_t cap = 0;
	for (size_t i = 0; i < o->n_neighbour_args; i++) {
		struct as_target *x = target_push(&o->targets, &o->n_targets, &cap);
		if (!x) {
			usage_error(o->cmd, "out of memory");
			return -1;
		}
		x->ifname = o->ifname;
		if (as_neighbour_parse(o->pid, o->neighbour_args[i], x->addr, why, sizeof why) <
		    0) {
			usage_error(o->cmd, "-n %s", why);
			return -1;
		}
		x->have_addr = as_pid_family(o->pid) != 0;
	}
	if (o->neighbours_path) {
		FILE *f = strcmp(o->neighbours_path, "-") ? fopen(o->neighbours_path, "r") : stdin;
		if (!f) {
			usage_error(o->cmd, "--neighbours %s: %s", o->neighbours_path,
			            strerror(errno));
			return -1;
		}
		int rc = as_neighbours_read(f, o->neighbours_path, o->pid,
					    o->have_ifname || o->replay_path ? o->ifname : NULL,
					    &o->targets, &o->n_targets, why, sizeof why);
		if (f != stdin)
			fclose(f);
		if (rc < 0) {
			usage_error(o->cmd, "--neighbours %s", why);
			return -1;
		}
		if (o->n_targets == 0) {
			usage_error(o->cmd, "--neighbours %s names no neighbour",
			            o->neighbours_path);
			return -1;
		}
	}
	if (o->n_targets == 0) {
		struct as_target *x = target_push(&o->targets, &o->n_targets, &cap);
		if (!x) {
			usage_error(o->cmd, "out of memory");
			return -1;
		}
		x->ifname = o->ifname;
	}
	o->many = o->n_targets > 1 || o->neighbours_path != NULL;
	/* The single-session fields keep their meaning for one session. */
	o->have_neighbour = o->targets[0].have_addr;
	memcpy(o->neighbour, o->targets[0].addr, sizeof o->neighbour);
	return 0;
}

/* Checks the options against each other once all are read; each failure is one usage line. */
static int cross_check(struct as_opts *o)
{
	const char *cmd = o->cmd;
	bool ipx = o->pid == AS_PID_IPX;
	if (o->pid < 0) {
		usage_error(cmd, "-p ip|ipv6|ipx is required");
		return -1;
	}
	if (!o->have_ifname) {
		/* A neighbours file may name every interface itself; -n lines then need -i. */
		if (!o->replay_path && (!o->neighbours_path || o->n_neighbour_args)) {
			usage_error(cmd, "-i IFACE is required (optional only with --replay, or "
					 "with --neighbours lines naming theirs)");
			return -1;
		}
		o->ifname = o->replay_path ? "replay" : NULL;
	}
	if ((o->allowed & AS_OPT_ROUTES) && !o->routes_path && !(ipx && o->services_path)) {
		usage_error(cmd, ipx ? "--routes FILE or --services FILE is required"
				     : "--routes FILE is required");
		return -1;
	}
	if (o->pid == AS_PID_IP && o->have_auth && o->rip_version == 1) {
		usage_error(cmd, "--auth needs RIPv2: RIPv1 has no authentication");
		return -1;
	}
	if ((o->pid == AS_PID_IPV6 || ipx) && o->have_auth) {
		usage_error(cmd, "--auth applies to -p ip only (RIPng and IPX RIP carry none)");
		return -1;
	}
	if ((o->pid == AS_PID_IPV6 || ipx) && o->have_rip_version) {
		usage_error(cmd, "--rip-version applies to -p ip only");
		return -1;
	}
	if (!ipx) {
		const char *w = o->have_ipx_frame     ? "--ipx-frame"
				: o->have_ipx_network ? "--ipx-network"
				: o->have_what	      ? "--what"
				: o->services_path    ? "--services"
						      : NULL;
		if (w) {
			usage_error(cmd, "%s applies to -p ipx only", w);
			return -1;
		}
	}
	if (o->summary && o->json) {
		usage_error(cmd, "--summary applies to the text output, not --json");
		return -1;
	}
	return 0;
}

int as_opts_parse(struct as_opts *o, const char *cmd, unsigned allowed, int argc, char **argv,
		  void (*usage)(FILE *out))
{
	int opt, idx;

	memset(o, 0, sizeof o[0]);
	o->cmd = cmd;
	o->allowed = allowed;
	o->pid = -1;
	o->rip_version = 2;
	o->backend = AS_BACKEND_AFPACKET;
	o->key.alg = AS_RIP_ALG_NONE;
	o->ipx_frame = AS_IPX_FRAME_ETHERNET_II;
	o->what = AS_UPDATE_ROUTES | AS_UPDATE_SERVICES;
	/* At most one -n per argument: the array never grows. */
	o->neighbour_args = calloc((size_t)(argc > 0 ? argc : 1), sizeof o->neighbour_args[0]);
	if (!o->neighbour_args) {
		usage_error(cmd, "out of memory");
		return -1;
	}

	opterr = 0;
	optind = 1;
	idx = -1;
	while ((opt = getopt_long(argc, argv, ":i:p:n:qvh", long_opts, &idx)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			as_opts_free(o);
			return 1;
		}
		if (opt == ':') {
			usage_error(cmd, "option '%s' needs an argument", argv[optind - 1]);
			goto fail;
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
			goto fail;
		}
		if (bit && !(allowed & bit)) {
			if (opt == 'n' || opt == 'q')
				usage_error(cmd, "-%c is not an option of this command", opt);
			else
				usage_error(cmd, "--%s is not an option of this command",
					    idx >= 0 ? long_opts[idx].name : "?");
			goto fail;
		}
		if (parse_one(o, opt, optarg) < 0)
			goto fail;
		idx = -1;
	}
	if (optind < argc) {
		usage_error(cmd, "unexpected argument '%s'", argv[optind]);
		goto fail;
	}
	if (cross_check(o) < 0)
		goto fail;
	if ((allowed & AS_OPT_NEIGHBOUR) && build_targets(o) < 0)
		goto fail;
	return 0;
fail:
	as_opts_free(o);
	return -1;
}
