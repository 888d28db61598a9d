/* test_admin.c - the admin API through the in-process router on the replay backend: every status
 * of every call, the precedence between them (DESIGN.md "Admin API semantics"; MPR.md), async
 * updates signalled through an eventfd, results gone after a disconnect, the routing-protocol
 * layer (DoUpdateRoutes / GetEventMessage), and routes that survive a restart.
 */
#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cmocka.h>

#include <autostatic/admin.h>

#include "src/admin/admin_impl.h"
#include "tests/unit/admin_cap.h"

static char dir[64], cap_ok[96], cap_ok2[96], cap_none[96];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_admin.%d.XXXXXX", (int)getpid());
	assert_non_null(mkdtemp(dir));
	snprintf(cap_ok, sizeof cap_ok, "%s/ok.pcap", dir);
	snprintf(cap_ok2, sizeof cap_ok2, "%s/ok2.pcap", dir);
	snprintf(cap_none, sizeof cap_none, "%s/none.pcap", dir);
	assert_int_equal(tc_write_rip(cap_ok, 60, 1, 1), 0);
	assert_int_equal(tc_write_rip(cap_ok2, 7, 2, 3), 0);
	assert_int_equal(tc_write_rip(cap_none, 0, 0, 0), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static as_server *replay_server(const char *cap, const char *state_dir)
{
	struct as_server_opts o = {
	    .backend = AS_SERVER_BACKEND_REPLAY, .replay_path = cap, .state_dir = state_dir};
	as_server *s = NULL;
	assert_int_equal(as_server_connect_opts(&o, &s), AS_NO_ERROR);
	assert_non_null(s);
	return s;
}

static as_ifhandle mkif(as_server *s, const char *name)
{
	struct as_interface_0 i = {.enabled = true, .type = AS_IF_TYPE_DEDICATED};
	snprintf(i.name, sizeof i.name, "%s", name);
	as_ifhandle h = 0;
	assert_int_equal(as_interface_create(s, &i, &h), AS_NO_ERROR);
	assert_int_not_equal(h, AS_IFHANDLE_INVALID);
	return h;
}

static void fast_ip(as_server *s, as_ifhandle h)
{
	struct as_transport_cfg c;
	as_transport_cfg_defaults(&c);
	c.timeout = 0.2;
	c.retries = 2;
	c.quiet_ms = 200;
	assert_int_equal(as_interface_transport_add(s, h, AS_PID_IP, &c), AS_NO_ERROR);
}

static size_t stored(as_server *s, as_ifhandle h, int pid)
{
	struct as_admin_set_info si;
	assert_int_equal(as_interface_set_info(s, h, pid, &si), AS_NO_ERROR);
	return si.routes;
}

static void wait_fd(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	assert_int_equal(poll(&p, 1, 10000), 1);
	uint64_t v;
	assert_int_equal(read(fd, &v, sizeof v), (ssize_t)sizeof v);
	assert_true(v >= 1);
}

/* ---- interfaces ---- */

static void test_interfaces(void **state)
{
	(void)state;
	as_server *s = replay_server(cap_ok, NULL);
	struct as_interface_0 i = {.enabled = true, .type = AS_IF_TYPE_DEDICATED};
	as_ifhandle h;
	assert_int_equal(as_interface_create(NULL, &i, &h), AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_create(s, NULL, &h), AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_interface_create(s, &i, &h), AS_ERROR_INVALID_PARAMETER); /* empty */
	snprintf(i.name, sizeof i.name, "a-name-of-16-chr");
	assert_int_equal(as_interface_create(s, &i, &h), AS_ERROR_INVALID_PARAMETER);
	snprintf(i.name, sizeof i.name, "bad/name");
	assert_int_equal(as_interface_create(s, &i, &h), AS_ERROR_INVALID_PARAMETER);
	snprintf(i.name, sizeof i.name, "eth0");
	i.type = 8;
	assert_int_equal(as_interface_create(s, &i, &h), AS_ERROR_INVALID_PARAMETER);
	i.type = AS_IF_TYPE_FULL_ROUTER;
	as_ifhandle h0 = mkif(s, "eth0");
	assert_int_equal(as_interface_create(s, &i, &h), AS_ERROR_INTERFACE_ALREADY_EXISTS);
	as_ifhandle h1 = mkif(s, "eth1"), h2 = mkif(s, "eth2");
	assert_true(h0 != h1 && h1 != h2);

	assert_int_equal(as_interface_get_handle(s, "eth1", &h), AS_NO_ERROR);
	assert_int_equal(h, h1);
	assert_int_equal(as_interface_get_handle(s, "eth9", &h), AS_ERROR_NO_SUCH_INTERFACE);
	assert_int_equal(as_interface_get_handle(s, NULL, &h), AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_interface_get_handle(NULL, "eth1", &h), AS_ERROR_INVALID_HANDLE);

	struct as_interface_0 info;
	assert_int_equal(as_interface_get_info(s, h2, &info), AS_NO_ERROR);
	assert_string_equal(info.name, "eth2");
	assert_int_equal(info.state, AS_IF_DISCONNECTED);
	assert_int_equal(info.type, AS_IF_TYPE_DEDICATED);
	assert_int_equal(as_interface_get_info(s, 777, &info), AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_get_info(s, h2, NULL), AS_ERROR_INVALID_PARAMETER);

	/* Resumable enumeration: 2 + 1 entries, MORE_DATA first. */
	struct as_interface_0 e[2];
	size_t n, total;
	uint32_t resume = 0;
	assert_int_equal(as_interface_enum(s, e, 2, &n, &total, &resume), AS_ERROR_MORE_DATA);
	assert_int_equal(n, 2);
	assert_int_equal(total, 3);
	assert_string_equal(e[0].name, "eth0");
	assert_string_equal(e[1].name, "eth1");
	assert_int_equal(as_interface_enum(s, e, 2, &n, &total, &resume), AS_NO_ERROR);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_string_equal(e[0].name, "eth2");
	assert_int_equal(as_interface_enum(s, e, 2, &n, &total, &resume), AS_NO_ERROR);
	assert_int_equal(n, 0);
	assert_int_equal(as_interface_enum(s, NULL, 2, &n, &total, &resume),
	                 AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_interface_enum(NULL, e, 2, &n, &total, &resume),
	                 AS_ERROR_INVALID_HANDLE);

	/* Connect / disconnect. */
	assert_int_equal(as_interface_disconnect(s, h0), AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_connect(s, 999), AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_connect(s, h0), AS_NO_ERROR);
	assert_int_equal(as_interface_get_info(s, h0, &info), AS_NO_ERROR);
	assert_int_equal(info.state, AS_IF_CONNECTED);
	assert_int_equal(as_interface_disconnect(s, h0), AS_NO_ERROR);
	assert_int_equal(as_interface_disconnect(s, 999), AS_ERROR_INVALID_HANDLE);

	/* Transports. */
	assert_int_equal(as_interface_transport_add(s, 999, AS_PID_IP, NULL),
	                 AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_transport_add(s, h0, AS_PID_ATALK, NULL),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_transport_add(s, h0, AS_PID_NBF, NULL),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	struct as_transport_cfg c;
	as_transport_cfg_defaults(&c);
	c.rip_version = 3;
	assert_int_equal(as_interface_transport_add(s, h0, AS_PID_IP, &c),
	                 AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_interface_transport_remove(s, h0, AS_PID_IP),
	                 AS_ERROR_NO_SUCH_INTERFACE);
	assert_int_equal(as_interface_transport_add(s, h0, AS_PID_IP, NULL), AS_NO_ERROR);
	assert_int_equal(as_interface_transport_remove(s, h0, AS_PID_IP), AS_NO_ERROR);

	assert_int_equal(as_interface_delete(s, h1), AS_NO_ERROR);
	assert_int_equal(as_interface_delete(s, h1), AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_get_handle(s, "eth1", &h), AS_ERROR_NO_SUCH_INTERFACE);
	as_server_disconnect(s);
}

/* ---- update_routes precedence, async, in progress, results ---- */

static void test_update_precedence_async(void **state)
{
	(void)state;
	as_server *s = replay_server(cap_ok, NULL);
	as_ifhandle h = mkif(s, "veth-a");
	int efd = eventfd(0, EFD_CLOEXEC);
	assert_true(efd >= 0);

	/* 1. bad handle beats everything, unknown pid included. */
	assert_int_equal(as_interface_update_routes(NULL, h, AS_PID_IP, -1),
	                 AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_update_routes(s, 999, AS_PID_ATALK, -1),
	                 AS_ERROR_INVALID_HANDLE);
	/* 2. unknown pid beats transport-not-enabled and not-connected. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_ATALK, -1),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_NBF, -1),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_update_routes(s, h, 0x1234, efd),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	/* 3. transport not enabled beats not connected. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_NO_SUCH_INTERFACE);
	fast_ip(s, h);
	/* 4. not connected. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, efd),
	                 AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);

	/* 5. in progress: held, the first update stays running. */
	as_router_test_hold(s, true);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, efd), AS_PENDING);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, efd),
	                 AS_ERROR_UPDATE_IN_PROGRESS);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_UPDATE_IN_PROGRESS);
	/* The other checks still come first while it runs. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_ATALK, -1),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IPV6, -1),
	                 AS_ERROR_NO_SUCH_INTERFACE);
	assert_int_equal(as_interface_transport_add(s, h, AS_PID_IP, NULL),
	                 AS_ERROR_UPDATE_IN_PROGRESS);
	int res = -1;
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res), AS_NO_ERROR);
	assert_int_equal(res, AS_PENDING);
	assert_int_equal(as_interface_routes_clear(s, h, AS_PID_IP), AS_ERROR_UPDATE_IN_PROGRESS);

	/* Released, it completes and the eventfd is written. */
	as_router_test_hold(s, false);
	wait_fd(efd);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res), AS_NO_ERROR);
	assert_int_equal(res, AS_NO_ERROR);
	assert_int_equal(stored(s, h, AS_PID_IP), 60);

	/* Routes enumeration, resumable. */
	struct as_admin_route rt[50];
	size_t n, total;
	uint32_t resume = 0;
	assert_int_equal(as_interface_routes_enum(s, h, AS_PID_IP, rt, 50, &n, &total, &resume),
	                 AS_ERROR_MORE_DATA);
	assert_int_equal(n, 50);
	assert_int_equal(total, 60);
	assert_int_equal(rt[0].family, 4);
	assert_int_equal(rt[0].plen, 32);
	assert_memory_equal(rt[0].prefix, "\x0a\x01\x00\x00", 4);
	assert_int_equal(rt[0].metric, 2); /* 1 + the link's cost */
	assert_int_equal(as_interface_routes_enum(s, h, AS_PID_IP, rt, 50, &n, &total, &resume),
	                 AS_NO_ERROR);
	assert_int_equal(n, 10);
	assert_memory_equal(rt[9].prefix, "\x0a\x01\x00\x3b", 4);
	assert_int_equal(as_interface_routes_enum(s, h, AS_PID_ATALK, rt, 50, &n, &total, &resume),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_services_enum(s, h, AS_PID_IP, NULL, 0, &n, &total, &resume),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);

	/* The result is gone once the interface disconnects. */
	assert_int_equal(as_interface_disconnect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res),
	                 AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res),
	                 AS_ERROR_NO_MORE_ITEMS);
	/* ... but the routes stay: they are static routes. */
	assert_int_equal(stored(s, h, AS_PID_IP), 60);

	/* The capture is used up: this update fails, the old set stays. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res), AS_NO_ERROR);
	assert_int_equal(res, AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(stored(s, h, AS_PID_IP), 60);

	/* An admin clear drops them. */
	assert_int_equal(as_interface_routes_clear(s, h, AS_PID_IP), AS_NO_ERROR);
	assert_int_equal(stored(s, h, AS_PID_IP), 0);
	close(efd);
	as_server_disconnect(s);
}

static void test_query_precedence(void **state)
{
	(void)state;
	as_server *s = replay_server(cap_ok, NULL);
	as_ifhandle h = mkif(s, "veth-q");
	int res;
	assert_int_equal(as_interface_query_update_result(NULL, h, AS_PID_IP, &res),
	                 AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_query_update_result(s, 999, AS_PID_NBF, NULL),
	                 AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_NBF, NULL),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, NULL),
	                 AS_ERROR_NO_SUCH_INTERFACE);
	fast_ip(s, h);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, NULL),
	                 AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, NULL),
	                 AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res),
	                 AS_ERROR_NO_MORE_ITEMS);
	/* Synchronous success. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1), AS_NO_ERROR);
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res), AS_NO_ERROR);
	assert_int_equal(res, AS_NO_ERROR);
	as_server_disconnect(s);
}

/* A disconnect cancels a running update: its eventfd is written, no result is kept, and the
 * old set stays. */
static void test_disconnect_cancels(void **state)
{
	(void)state;
	as_server *s = replay_server(cap_ok, NULL);
	as_ifhandle h = mkif(s, "veth-c");
	fast_ip(s, h);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	int efd = eventfd(0, EFD_CLOEXEC);
	as_router_test_hold(s, true);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, efd), AS_PENDING);
	assert_int_equal(as_interface_disconnect(s, h), AS_NO_ERROR);
	wait_fd(efd);
	as_router_test_hold(s, false);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	int res;
	assert_int_equal(as_interface_query_update_result(s, h, AS_PID_IP, &res),
	                 AS_ERROR_NO_MORE_ITEMS);
	assert_int_equal(stored(s, h, AS_PID_IP), 0);
	close(efd);
	as_server_disconnect(s);
}

/* ---- routing-protocol layer ---- */

static void test_rp_layer(void **state)
{
	(void)state;
	as_server *s = replay_server(cap_ok, NULL);
	as_ifhandle h = mkif(s, "veth-r");
	fast_ip(s, h);
	int ev;
	struct as_update_complete_msg m;
	assert_int_equal(as_rp_get_event_message(s, AS_PID_IP, &ev, &m), AS_ERROR_NO_MORE_ITEMS);
	assert_int_equal(as_rp_get_event_message(s, AS_PID_ATALK, &ev, &m),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_rp_get_event_message(s, AS_PID_IP, NULL, &m),
	                 AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_rp_get_event_message(NULL, AS_PID_IP, &ev, &m),
	                 AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_rp_notification_fd(s, AS_PID_NBF), -1);
	int nfd = as_rp_notification_fd(s, AS_PID_IP);
	assert_true(nfd >= 0);

	assert_int_equal(as_rp_do_update_routes(s, AS_PID_IP, 12345), AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_rp_do_update_routes(s, AS_PID_NBF, 1), AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_rp_do_update_services(s, AS_PID_IP, 1), AS_ERROR_UNKNOWN_PROTOCOL_ID);
	/* Not connected: no index known yet, so no such interface for the protocol. */
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	uint32_t ifindex = as_router_test_ifindex(s, h);
	assert_true(ifindex != 0);
	as_router_test_hold(s, true);
	assert_int_equal(as_rp_do_update_routes(s, AS_PID_IP, ifindex), AS_NO_ERROR);
	assert_int_equal(as_rp_do_update_routes(s, AS_PID_IP, ifindex), AS_ERROR_CAN_NOT_COMPLETE);
	/* The admin layer sees the same update in progress. */
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_UPDATE_IN_PROGRESS);
	as_router_test_hold(s, false);
	wait_fd(nfd);
	assert_int_equal(as_rp_get_event_message(s, AS_PID_IP, &ev, &m), AS_NO_ERROR);
	assert_int_equal(ev, AS_RP_UPDATE_COMPLETE);
	assert_int_equal(m.ifindex, ifindex);
	assert_int_equal(m.update_type, AS_RF_DEMAND_UPDATE_ROUTES);
	assert_int_equal(m.update_status, AS_NO_ERROR);
	assert_int_equal(as_rp_get_event_message(s, AS_PID_IP, &ev, &m), AS_ERROR_NO_MORE_ITEMS);
	assert_int_equal(stored(s, h, AS_PID_IP), 60);

	/* A failed one (capture used up) is reported too. */
	assert_int_equal(as_rp_do_update_routes(s, AS_PID_IP, ifindex), AS_NO_ERROR);
	wait_fd(nfd);
	assert_int_equal(as_rp_get_event_message(s, AS_PID_IP, &ev, &m), AS_NO_ERROR);
	assert_int_equal(m.update_status, AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(stored(s, h, AS_PID_IP), 60);
	/* Disconnected: cannot be done. */
	assert_int_equal(as_interface_disconnect(s, h), AS_NO_ERROR);
	assert_int_equal(as_rp_do_update_routes(s, AS_PID_IP, ifindex), AS_ERROR_CAN_NOT_COMPLETE);
	as_server_disconnect(s);
}

/* ---- persistence: replaced on success, kept on failure, across restarts ---- */

static void test_store_across_restarts(void **state)
{
	(void)state;
	char sd[96];
	snprintf(sd, sizeof sd, "%s/state", dir);
	as_server *s = replay_server(cap_ok, sd);
	as_ifhandle h = mkif(s, "veth-p");
	fast_ip(s, h);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1), AS_NO_ERROR);
	as_server_disconnect(s);

	/* Restart: the set is back, before any update. */
	s = replay_server(cap_none, sd);
	h = mkif(s, "veth-p");
	assert_int_equal(stored(s, h, AS_PID_IP), 60);
	fast_ip(s, h);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_CAN_NOT_COMPLETE);
	assert_int_equal(stored(s, h, AS_PID_IP), 60);
	as_server_disconnect(s);

	/* Another success replaces the whole set (no merge). */
	s = replay_server(cap_ok2, sd);
	h = mkif(s, "veth-p");
	fast_ip(s, h);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1), AS_NO_ERROR);
	assert_int_equal(stored(s, h, AS_PID_IP), 7);
	as_server_disconnect(s);

	s = replay_server(cap_none, sd);
	h = mkif(s, "veth-p");
	struct as_admin_route rt[10];
	size_t n;
	uint32_t resume = 0;
	assert_int_equal(as_interface_routes_enum(s, h, AS_PID_IP, rt, 10, &n, NULL, &resume),
	                 AS_NO_ERROR);
	assert_int_equal(n, 7);
	assert_memory_equal(rt[6].prefix, "\x0a\x02\x00\x06", 4);
	assert_int_equal(rt[6].metric, 4);
	as_server_disconnect(s);
}

/* A live router: an interface whose link does not exist cannot connect; it is UNREACHABLE with
 * the reason and the last error set, and updates say it is not connected. Deleting an interface
 * removes its stored set. */
static void test_unreachable_and_delete(void **state)
{
	(void)state;
	struct as_server_opts o = {.backend = AS_SERVER_BACKEND_AFPACKET};
	as_server *s;
	assert_int_equal(as_server_connect_opts(&o, &s), AS_NO_ERROR);
	as_ifhandle h = mkif(s, "asnolink0");
	fast_ip(s, h);
	assert_int_equal(as_interface_connect(s, h), AS_ERROR_INTERFACE_NOT_CONNECTED);
	struct as_interface_0 info;
	assert_int_equal(as_interface_get_info(s, h, &info), AS_NO_ERROR);
	assert_int_equal(info.state, AS_IF_UNREACHABLE);
	assert_true(info.unreachability & AS_IF_UNREACH_CONNECTION_FAILURE);
	assert_int_equal(info.last_error, AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1),
	                 AS_ERROR_INTERFACE_NOT_CONNECTED);
	assert_int_equal(as_interface_disconnect(s, h), AS_ERROR_INTERFACE_NOT_CONNECTED);
	as_server_disconnect(s);

	char sd[96];
	snprintf(sd, sizeof sd, "%s/state-del", dir);
	s = replay_server(cap_ok, sd);
	h = mkif(s, "veth-d");
	fast_ip(s, h);
	assert_int_equal(as_interface_transport_add(s, h, AS_PID_IPX, NULL), AS_NO_ERROR);
	assert_int_equal(as_interface_connect(s, h), AS_NO_ERROR);
	assert_int_equal(as_interface_update_routes(s, h, AS_PID_IP, -1), AS_NO_ERROR);
	/* IPX has its own (empty) set: services list fine, and IP's is untouched. */
	size_t n, total;
	uint32_t resume = 0;
	struct as_admin_service sv[4];
	assert_int_equal(as_interface_services_enum(s, h, AS_PID_IPX, sv, 4, &n, &total, &resume),
	                 AS_NO_ERROR);
	assert_int_equal(n, 0);
	assert_int_equal(as_interface_services_enum(s, h, AS_PID_IPX, sv, 4, NULL, &total, &resume),
	                 AS_ERROR_INVALID_PARAMETER);
	struct as_admin_set_info si;
	assert_int_equal(as_interface_set_info(s, h, AS_PID_IP, &si), AS_NO_ERROR);
	assert_int_equal(si.routes, 60);
	assert_true(si.generation > 0);
	assert_true(si.updated_ns > 0);
	assert_false(si.installed);
	assert_int_equal(as_interface_set_info(s, h, AS_PID_IP, NULL), AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_interface_set_info(s, h, AS_PID_NBF, &si),
	                 AS_ERROR_UNKNOWN_PROTOCOL_ID);
	assert_int_equal(as_interface_set_info(s, 999, AS_PID_IP, &si), AS_ERROR_INVALID_HANDLE);
	assert_int_equal(as_interface_delete(s, h), AS_NO_ERROR);
	h = mkif(s, "veth-d");
	assert_int_equal(stored(s, h, AS_PID_IP), 0);
	as_server_disconnect(s);
	s = replay_server(cap_none, sd);
	h = mkif(s, "veth-d");
	assert_int_equal(stored(s, h, AS_PID_IP), 0);
	as_server_disconnect(s);
}

/* ---- servers and names ---- */

static void test_servers(void **state)
{
	(void)state;
	as_server *s;
	assert_int_equal(as_server_connect("tcp:1.2.3.4", &s), AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_server_connect("unix:", &s), AS_ERROR_INVALID_PARAMETER);
	assert_int_equal(as_server_connect(NULL, NULL), AS_ERROR_INVALID_PARAMETER);
	char path[128];
	snprintf(path, sizeof path, "unix:%s/no-daemon.sock", dir);
	int rc = as_server_connect(path, &s);
	/* Without remote.c linked in: not supported; with it: nobody listens there. */
	assert_true(rc == AS_ERROR_NOT_SUPPORTED || rc == AS_ERROR_ROUTER_STOPPED);
	assert_null(s);
	struct as_server_opts o = {.backend = AS_SERVER_BACKEND_REPLAY};
	assert_int_equal(as_server_connect_opts(&o, &s), AS_ERROR_INVALID_PARAMETER);
	o.replay_path = cap_ok;
	o.rt_protocol = 256;
	assert_int_equal(as_server_connect_opts(&o, &s), AS_ERROR_INVALID_PARAMETER);
	o.rt_protocol = 0;
	o.backend = 7;
	assert_int_equal(as_server_connect_opts(&o, &s), AS_ERROR_INVALID_PARAMETER);

	/* The shared in-process router: two connections see the same interfaces. */
	unsetenv("AUTOSTATIC_STATE_DIR");
	as_server *a, *b;
	assert_int_equal(as_server_connect(NULL, &a), AS_NO_ERROR);
	assert_int_equal(as_server_connect("", &b), AS_NO_ERROR);
	assert_false(as_server_is_remote(a));
	as_ifhandle h = mkif(a, "shared0"), h2;
	assert_int_equal(as_interface_get_handle(b, "shared0", &h2), AS_NO_ERROR);
	assert_int_equal(h, h2);
	as_server_disconnect(a);
	assert_int_equal(as_interface_get_handle(b, "shared0", &h2), AS_NO_ERROR);
	as_server_disconnect(b);
	/* The last one stopped it: a new one starts empty. */
	assert_int_equal(as_server_connect(NULL, &a), AS_NO_ERROR);
	assert_int_equal(as_interface_get_handle(a, "shared0", &h2), AS_ERROR_NO_SUCH_INTERFACE);
	as_server_disconnect(a);
	as_server_disconnect(NULL);

	static const int codes[] = {0,   5,   6,   8,   50,  87,  234, 259,
	                            600, 900, 902, 904, 905, 906, 911, 1003};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		const char *m = as_strerror(codes[i]);
		char num[16];
		snprintf(num, sizeof num, "(%d)", codes[i]);
		assert_non_null(strstr(m, as_status_name(codes[i])));
		assert_non_null(strstr(m, num));
	}
	assert_non_null(strstr(as_strerror(4242), "UNKNOWN"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_interfaces),
	    cmocka_unit_test(test_update_precedence_async),
	    cmocka_unit_test(test_query_precedence),
	    cmocka_unit_test(test_disconnect_cancels),
	    cmocka_unit_test(test_rp_layer),
	    cmocka_unit_test(test_store_across_restarts),
	    cmocka_unit_test(test_unreachable_and_delete),
	    cmocka_unit_test(test_servers),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
