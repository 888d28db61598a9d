/* admin_update.c - drives the public admin API once, for the namespace tests
 * (tests/admin/kinstall.sh): an in-process router with a route store and, optionally, kernel
 * installation; one interface with the IP transport; one synchronous update, a clear, or nothing.
 *
 *   admin_update -s STATE -i IFACE [-n NEIGHBOUR] [-P PROTO] [--install] [--clear] [--no-update]
 *
 * Prints "status NAME", then "routes N" and one "PREFIX/LEN METRIC" line per stored route.
 * Exit 0 when the call returned NO_ERROR, 1 otherwise, 2 on usage errors.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/admin.h>

int main(int argc, char **argv)
{
	struct as_server_opts o = {.backend = AS_SERVER_BACKEND_AFPACKET};
	const char *ifname = NULL, *neigh = NULL;
	bool clear = false, update = true;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-s") && v)
			o.state_dir = v, i++;
		else if (!strcmp(a, "-i") && v)
			ifname = v, i++;
		else if (!strcmp(a, "-n") && v)
			neigh = v, i++;
		else if (!strcmp(a, "-P") && v)
			o.rt_protocol = atoi(v), i++;
		else if (!strcmp(a, "--install"))
			o.install = true;
		else if (!strcmp(a, "--clear"))
			clear = true, update = false;
		else if (!strcmp(a, "--no-update"))
			update = false;
		else {
			fprintf(stderr,
			        "usage: admin_update -s STATE -i IFACE [-n NEIGHBOUR] [-P PROTO] "
			        "[--install] [--clear] [--no-update]\n");
			return 2;
		}
	}
	if (!ifname || !o.state_dir)
		return 2;
	as_server *s;
	int rc = as_server_connect_opts(&o, &s);
	if (rc != AS_NO_ERROR) {
		printf("status %s\n%s\n", as_status_name(rc), as_server_error(NULL));
		return 1;
	}
	struct as_interface_0 if0 = {.enabled = true, .type = AS_IF_TYPE_DEDICATED};
	snprintf(if0.name, sizeof if0.name, "%s", ifname);
	as_ifhandle h;
	struct as_transport_cfg c;
	as_transport_cfg_defaults(&c);
	c.timeout = 1;
	c.retries = 3;
	c.quiet_ms = 300;
	c.install = o.install;
	if (neigh) {
		c.have_neighbour = true;
		if (inet_pton(AF_INET, neigh, c.neighbour) != 1)
			return 2;
	}
	if ((rc = as_interface_create(s, &if0, &h)) == AS_NO_ERROR &&
	    (rc = as_interface_transport_add(s, h, AS_PID_IP, &c)) == AS_NO_ERROR &&
	    (rc = as_interface_connect(s, h)) == AS_NO_ERROR) {
		if (update)
			rc = as_interface_update_routes(s, h, AS_PID_IP, -1);
		else if (clear)
			rc = as_interface_routes_clear(s, h, AS_PID_IP);
	}
	printf("status %s\n", as_status_name(rc));
	if (rc != AS_NO_ERROR && as_server_error(s)[0])
		printf("error %s\n", as_server_error(s));
	struct as_admin_set_info si;
	if (as_interface_set_info(s, h, AS_PID_IP, &si) == AS_NO_ERROR)
		printf("routes %zu\n", si.routes);
	struct as_admin_route rt[256];
	size_t n;
	uint32_t resume = 0;
	int erc;
	do {
		erc = as_interface_routes_enum(s, h, AS_PID_IP, rt, 256, &n, NULL, &resume);
		for (size_t i = 0; i < n && (erc == AS_NO_ERROR || erc == AS_ERROR_MORE_DATA);
		     i++) {
			char buf[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, rt[i].prefix, buf, sizeof buf);
			printf("%s/%u %u\n", buf, rt[i].plen, (unsigned)rt[i].metric);
		}
	} while (erc == AS_ERROR_MORE_DATA);
	as_server_disconnect(s);
	return rc == AS_NO_ERROR ? 0 : 1;
}
