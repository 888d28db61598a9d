/* admin.c - the autostatic admin commands, through autostaticd's control socket (admin.h):
 * interfaces, update IFACE PROTO [--async], result IFACE PROTO, routes [IFACE], services [IFACE].
 * Every status is printed by its Windows name and number (MPR.md) and ends the program with its
 * own exit status (as_status_exit()).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <autostatic/admin.h>

#include "src/cli/cli.h"
#include "src/daemon/ctlproto.h"

#define DEFAULT_SOCKET "unix:/run/autostatic.sock"

static const struct {
	const char *name;
	int pid;
} pids[] = {
    {"ip", AS_PID_IP},       {"ipv6", AS_PID_IPV6}, {"ipx", AS_PID_IPX},
    {"atalk", AS_PID_ATALK}, {"nbf", AS_PID_NBF},
};

static const char *pid_name(int pid)
{
	for (size_t i = 0; i < sizeof pids / sizeof pids[0]; i++)
		if (pids[i].pid == pid)
			return pids[i].name;
	return "?";
}

/* ip|ipv6|ipx|atalk|nbf|0xNN|NN: every transport id passes through to the router, which answers
 * ERROR_UNKNOWN_PROTOCOL_ID for those it has no router manager for. */
static int parse_pid(const char *s)
{
	for (size_t i = 0; i < sizeof pids / sizeof pids[0]; i++)
		if (!strcasecmp(s, pids[i].name))
			return pids[i].pid;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 0);
	if (!*s || *end || errno || v < 0 || v > 0x7fffffff)
		return -1;
	return (int)v;
}

static void admin_usage(FILE *out)
{
	fputs("Usage: autostatic [-s unix:PATH] COMMAND\n"
	      "  interfaces [--json]                the daemon's interfaces and their state\n"
	      "  update IFACE PROTO [--async]       ask the neighbour now (PROTO: ip, ipv6, ipx,\n"
	      "                                     atalk, nbf or a number such as 0x21)\n"
	      "  result IFACE PROTO                 the result of the last update\n"
	      "  routes [IFACE] [--json]            the autostatic routes in the store\n"
	      "  services [IFACE] [--json]          the autostatic IPX services in the store\n"
	      "The socket defaults to $AUTOSTATIC_SOCKET, else " DEFAULT_SOCKET ".\n",
	      out);
}

static int fail_status(const char *what, int st, as_server *srv)
{
	const char *why = as_server_error(srv);
	fprintf(stderr, "autostatic: %s: %s%s%s\n", what, as_strerror(st), why && *why ? ": " : "",
	        why ? why : "");
	return as_status_exit(st);
}

static const char *state_name(int s)
{
	static const char *const n[] = {"unreachable", "disconnected", "connecting", "connected"};
	return s >= 0 && s <= 3 ? n[s] : "?";
}

static int cmd_interfaces(as_server *srv, bool json)
{
	struct as_interface_0 ifs[64];
	uint32_t resume = 0;
	json_t *arr = json ? json_array() : NULL;
	int st;
	do {
		size_t n = 0;
		st = as_interface_enum(srv, ifs, 64, &n, NULL, &resume);
		if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA) {
			json_decref(arr);
			return fail_status("interfaces", st, NULL);
		}
		for (size_t i = 0; i < n; i++) {
			const struct as_interface_0 *e = &ifs[i];
			if (json)
				json_array_append_new(
				    arr, json_pack("{s:s, s:I, s:b, s:i, s:s, s:I, s:I}", "name",
				                   e->name, "handle", (json_int_t)e->handle,
				                   "enabled", e->enabled, "type", e->type, "state",
				                   state_name(e->state), "unreachability",
				                   (json_int_t)e->unreachability, "last_error",
				                   (json_int_t)e->last_error));
			else
				printf("%-15s handle %u %s %s%s\n", e->name, e->handle,
				       state_name(e->state), e->enabled ? "enabled" : "disabled",
				       e->unreachability ? " (unreachable)" : "");
		}
	} while (st == AS_ERROR_MORE_DATA);
	if (json) {
		json_t *o = json_pack("{s:o}", "interfaces", arr);
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
	}
	return 0;
}

static void addr_str(const struct as_admin_route *r, char *buf, size_t len, const uint8_t *a)
{
	if (r->family == 4)
		inet_ntop(AF_INET, a, buf, (socklen_t)len);
	else if (r->family == 6)
		inet_ntop(AF_INET6, a, buf, (socklen_t)len);
	else
		snprintf(buf, len, "%02x%02x%02x%02x", a[0], a[1], a[2], a[3]);
}

/* "a.b.c.d" -> "a.b.c.d/len", in place (the buffer has room). */
static const char *plen_str(char *pfx, unsigned plen)
{
	size_t n = strlen(pfx);
	snprintf(pfx + n, 8, "/%u", plen);
	return pfx;
}

/* The interfaces to list: the one named, or all. */
static int for_interfaces(as_server *srv, const char *only, struct as_interface_0 **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (only) {
		as_ifhandle h;
		int st = as_interface_get_handle(srv, only, &h);
		if (st)
			return st;
		*out = calloc(1, sizeof **out);
		if (!*out)
			return AS_ERROR_NOT_ENOUGH_MEMORY;
		snprintf((*out)->name, sizeof(*out)->name, "%s", only);
		(*out)->handle = h;
		*n = 1;
		return 0;
	}
	uint32_t resume = 0;
	int st;
	size_t cap = 0;
	do {
		if (cap - *n < 64) {
			cap += 64;
			struct as_interface_0 *nb = realloc(*out, cap * sizeof **out);
			if (!nb)
				return AS_ERROR_NOT_ENOUGH_MEMORY;
			*out = nb;
		}
		size_t got = 0;
		st = as_interface_enum(srv, *out + *n, 64, &got, NULL, &resume);
		if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA)
			return st;
		*n += got;
	} while (st == AS_ERROR_MORE_DATA && *n < 100000);
	return 0;
}

static int cmd_routes(as_server *srv, const char *only, bool json)
{
	struct as_interface_0 *ifs;
	size_t nifs;
	int st = for_interfaces(srv, only, &ifs, &nifs);
	if (st) {
		free(ifs);
		return fail_status("routes", st, srv);
	}
	static struct as_admin_route rs[1024];
	json_t *arr = json ? json_array() : NULL;
	static const int tp[] = {AS_PID_IP, AS_PID_IPV6, AS_PID_IPX};
	for (size_t i = 0; i < nifs; i++) {
		for (size_t t = 0; t < 3; t++) {
			uint32_t resume = 0;
			do {
				size_t n = 0;
				st = as_interface_routes_enum(srv, ifs[i].handle, tp[t], rs, 1024,
				                              &n, NULL, &resume);
				if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA) {
					free(ifs);
					json_decref(arr);
					return fail_status("routes", st, srv);
				}
				for (size_t k = 0; k < n; k++) {
					char pfx[64], nh[64];
					addr_str(&rs[k], pfx, sizeof pfx, rs[k].prefix);
					addr_str(&rs[k], nh, sizeof nh, rs[k].next_hop);
					if (json && rs[k].family == 11)
						json_array_append_new(
						    arr,
						    json_pack("{s:s, s:s, s:s, s:I, s:I}",
						              "interface", ifs[i].name, "transport",
						              pid_name(tp[t]), "network", pfx,
						              "hops", (json_int_t)rs[k].metric,
						              "ticks", (json_int_t)rs[k].tag));
					else if (json)
						json_array_append_new(
						    arr, json_pack(
						             "{s:s, s:s, s:s, s:s, s:I, s:I}",
						             "interface", ifs[i].name, "transport",
						             pid_name(tp[t]), "prefix",
						             plen_str(pfx, rs[k].plen), "next_hop",
						             nh, "metric", (json_int_t)rs[k].metric,
						             "tag", (json_int_t)rs[k].tag));
					else if (rs[k].family == 11)
						printf("%s ipx %s hops %u ticks %u\n", ifs[i].name,
						       pfx, rs[k].metric, rs[k].tag);
					else
						printf("%s %s %s/%u via %s metric %u tag %u\n",
						       ifs[i].name, pid_name(tp[t]), pfx,
						       rs[k].plen, nh, rs[k].metric, rs[k].tag);
				}
			} while (st == AS_ERROR_MORE_DATA);
		}
	}
	free(ifs);
	if (json) {
		json_t *o = json_pack("{s:o}", "routes", arr);
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
	}
	return 0;
}

static int cmd_services(as_server *srv, const char *only, bool json)
{
	struct as_interface_0 *ifs;
	size_t nifs;
	int st = for_interfaces(srv, only, &ifs, &nifs);
	if (st) {
		free(ifs);
		return fail_status("services", st, srv);
	}
	static struct as_admin_service ss[512];
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < nifs; i++) {
		uint32_t resume = 0;
		do {
			size_t n = 0;
			st = as_interface_services_enum(srv, ifs[i].handle, AS_PID_IPX, ss, 512, &n,
			                                NULL, &resume);
			if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA) {
				free(ifs);
				json_decref(arr);
				return fail_status("services", st, srv);
			}
			for (size_t k = 0; k < n; k++) {
				const struct as_admin_service *s = &ss[k];
				char node[18];
				snprintf(node, sizeof node, "%02x:%02x:%02x:%02x:%02x:%02x",
				         s->node[0], s->node[1], s->node[2], s->node[3], s->node[4],
				         s->node[5]);
				char net[9];
				snprintf(net, sizeof net, "%08x", s->network);
				if (json)
					json_array_append_new(
					    arr, json_pack("{s:s, s:I, s:s, s:s, s:s, s:I, s:I}",
					                   "interface", ifs[i].name, "type",
					                   (json_int_t)s->type, "name", s->name,
					                   "network", net, "node", node, "socket",
					                   (json_int_t)s->socket, "hops",
					                   (json_int_t)s->hops));
				else
					printf("%s type 0x%04x %s %s.%s:%04x hops %u\n",
					       ifs[i].name, s->type, s->name, net, node, s->socket,
					       s->hops);
			}
		} while (st == AS_ERROR_MORE_DATA);
	}
	free(ifs);
	if (json) {
		json_t *o = json_pack("{s:o}", "services", arr);
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
	}
	return 0;
}

/* --async: the admin API refuses an event fd on a remote server (MPR.md), so the request with
 * the asynchronous flag goes out on a connection of our own; the daemon answers PENDING. */
static int async_update(const char *sock, as_ifhandle ifh, int pid)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	const char *path = sock + 5;
	if (strlen(path) >= sizeof sa.sun_path)
		return AS_ERROR_INVALID_PARAMETER;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return AS_ERROR_CAN_NOT_COMPLETE;
	static uint8_t buf[AS_CTL_MAX_MSG];
	struct as_ctl_msg m;
	int st = AS_ERROR_ROUTER_STOPPED;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		goto out;
	for (int step = 0; step < 2; step++) {
		size_t len = step == 0 ? as_ctl_enc_hello(buf, sizeof buf)
		                       : as_ctl_enc_simple(buf, sizeof buf, AS_CTL_UPDATE, ifh,
		                                           (uint32_t)pid, AS_CTL_UPDATE_ASYNC);
		uint32_t type = step == 0 ? AS_CTL_HELLO : AS_CTL_UPDATE;
		if (send(fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
			goto out;
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n <= 0 || as_ctl_parse(buf, (size_t)n, &m) < 0 ||
		    m.type != (type | AS_CTL_REPLY)) {
			st = AS_ERROR_ROUTER_STOPPED;
			goto out;
		}
		st = (int)m.status;
		if (step == 0 && st != AS_NO_ERROR)
			goto out;
	}
out:
	close(fd);
	return st;
}

int as_cmd_admin(int argc, char **argv);
int as_cmd_admin(int argc, char **argv)
{
	const char *sock = getenv("AUTOSTATIC_SOCKET");
	if (!sock || !*sock)
		sock = DEFAULT_SOCKET;
	int i = 0;
	if (i < argc && !strcmp(argv[i], "-s")) {
		if (i + 1 >= argc) {
			admin_usage(stderr);
			return AS_EXIT_USAGE;
		}
		sock = argv[i + 1];
		i += 2;
	} else if (i < argc && !strncmp(argv[i], "--socket=", 9)) {
		sock = argv[i] + 9;
		i++;
	}
	if (i >= argc) {
		admin_usage(stderr);
		return AS_EXIT_USAGE;
	}
	const char *cmd = argv[i++];
	bool json = false, async = false;
	const char *pos[2] = {NULL, NULL};
	size_t npos = 0;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--async"))
			async = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			admin_usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' || npos == 2) {
			fprintf(stderr, "autostatic %s: unexpected argument '%s'\n", cmd, argv[i]);
			return AS_EXIT_USAGE;
		} else
			pos[npos++] = argv[i];
	}
	bool is_update = !strcmp(cmd, "update"), is_result = !strcmp(cmd, "result");
	bool ok = (!strcmp(cmd, "interfaces") && npos == 0 && !async) ||
	          ((is_update || is_result) && npos == 2 && !json && (is_update || !async)) ||
	          ((!strcmp(cmd, "routes") || !strcmp(cmd, "services")) && npos <= 1 && !async);
	if (!ok) {
		admin_usage(stderr);
		return AS_EXIT_USAGE;
	}
	if (strncmp(sock, "unix:", 5)) {
		fprintf(stderr, "autostatic: -s wants unix:PATH, not '%s'\n", sock);
		return AS_EXIT_USAGE;
	}
	int pid = 0;
	if (is_update || is_result) {
		pid = parse_pid(pos[1]);
		if (pid < 0) {
			fprintf(stderr,
			        "autostatic %s: PROTO must be ip, ipv6, ipx, atalk, nbf or a "
			        "number, not '%s'\n",
			        cmd, pos[1]);
			return AS_EXIT_USAGE;
		}
	}
	as_server *srv = NULL;
	int st = as_server_connect(sock, &srv);
	if (st) {
		char what[160];
		snprintf(what, sizeof what, "%s", sock);
		return fail_status(what, st, NULL);
	}
	int rc;
	if (!strcmp(cmd, "interfaces")) {
		rc = cmd_interfaces(srv, json);
	} else if (!strcmp(cmd, "routes")) {
		rc = cmd_routes(srv, pos[0], json);
	} else if (!strcmp(cmd, "services")) {
		rc = cmd_services(srv, pos[0], json);
	} else {
		char what[96];
		snprintf(what, sizeof what, "%s %s %s", cmd, pos[0], pos[1]);
		as_ifhandle h = 0;
		st = as_interface_get_handle(srv, pos[0], &h);
		if (st == AS_NO_ERROR && is_update)
			st = async ? async_update(sock, h, pid)
			           : as_interface_update_routes(srv, h, pid, -1);
		int result = 0;
		if (st == AS_NO_ERROR && is_result) {
			st = as_interface_query_update_result(srv, h, pid, &result);
			if (st == AS_NO_ERROR)
				st = result;
		}
		if (st == AS_NO_ERROR || st == AS_PENDING) {
			printf("%s: %s\n", what, as_strerror(st));
			rc = as_status_exit(st);
		} else {
			rc = fail_status(what, st, srv);
		}
	}
	as_server_disconnect(srv);
	return rc;
}
