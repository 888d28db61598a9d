/* test_ctlproto.c - the control protocol of autostaticd (doc/control-protocol.md): every message
 * round-trips, and a size that is not exactly the type's is refused (truncations, extra bytes,
 * payload on an error reply, names without their NUL, out-of-range booleans and enums).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "src/daemon/ctlproto.h"

static uint8_t buf[AS_CTL_MAX_MSG];

/* Every proper prefix and every one-byte extension of a valid message must be refused. */
static void assert_exact(const uint8_t *msg, size_t len)
{
	static uint8_t tmp[AS_CTL_MAX_MSG + 1];
	struct as_ctl_msg m;
	assert_int_equal(as_ctl_parse(msg, len, &m), 0);
	for (size_t l = 0; l < len; l++)
		assert_int_equal(as_ctl_parse(msg, l, &m), -1);
	memcpy(tmp, msg, len);
	tmp[len] = 0;
	assert_int_equal(as_ctl_parse(tmp, len + 1, &m), -1);
	/* The same bytes with the length field saying one more are refused too. */
	tmp[7]++;
	assert_int_equal(as_ctl_parse(tmp, len + 1, &m), -1);
}

static void test_requests(void **state)
{
	(void)state;
	struct as_ctl_msg m;
	size_t n = as_ctl_enc_hello(buf, sizeof buf);
	assert_int_equal(n, AS_CTL_HDR + 4);
	assert_exact(buf, n);
	assert_int_equal(as_ctl_parse(buf, n, &m), 0);
	assert_int_equal(m.type, AS_CTL_HELLO);
	assert_int_equal(m.version, AS_CTL_VERSION);

	n = as_ctl_enc_simple(buf, sizeof buf, AS_CTL_UPDATE, 7, AS_PID_IPV6, AS_CTL_UPDATE_ASYNC);
	assert_int_equal(n, AS_CTL_HDR + 12);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.ifh, 7);
	assert_int_equal(m.pid, AS_PID_IPV6);
	assert_int_equal(m.flags, AS_CTL_UPDATE_ASYNC);
	buf[n - 1] = 2; /* an unknown flag */
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);

	n = as_ctl_enc_simple(buf, sizeof buf, AS_CTL_QUERY_RESULT, 3, 0x29, 0);
	assert_int_equal(n, AS_CTL_HDR + 8);
	assert_exact(buf, n);
	assert_int_equal(as_ctl_enc_simple(buf, sizeof buf, AS_CTL_HELLO, 0, 0, 0), 0);

	n = as_ctl_enc_name(buf, sizeof buf, AS_CTL_IF_GET_HANDLE, "vb");
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_string_equal(m.name, "vb");
	assert_int_equal(as_ctl_enc_name(buf, sizeof buf, AS_CTL_IF_GET_HANDLE, "sixteen-bytes-xx"),
	                 0);
	n = as_ctl_enc_name(buf, sizeof buf, AS_CTL_IF_GET_HANDLE, "vb");
	memset(buf + AS_CTL_HDR, 'x', AS_CTL_NAME_SIZE); /* no NUL */
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);
	n = as_ctl_enc_name(buf, sizeof buf, AS_CTL_IF_GET_HANDLE, "vb");
	buf[AS_CTL_HDR + 5] = 'z'; /* a byte hidden behind the NUL */
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);

	struct as_interface_0 i0 = {.handle = 0, .enabled = true, .type = AS_IF_TYPE_DEDICATED};
	strcpy(i0.name, "eth0");
	n = as_ctl_enc_if_create(buf, sizeof buf, &i0);
	assert_int_equal(n, AS_CTL_HDR + AS_CTL_IF0_SIZE);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_string_equal(m.if0.name, "eth0");
	assert_true(m.if0.enabled);
	assert_int_equal(m.if0.type, AS_IF_TYPE_DEDICATED);
	buf[AS_CTL_HDR + AS_CTL_NAME_SIZE + 4 + 3] = 2; /* enabled = 2 */
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);

	struct as_transport_cfg cfg;
	as_transport_cfg_defaults(&cfg);
	cfg.mode = 1;
	cfg.have_neighbour = true;
	cfg.neighbour[0] = 192;
	cfg.key.alg = 2;
	cfg.key.key_id = 9;
	cfg.key.len = 6;
	memcpy(cfg.key.secret, "secret", 6);
	cfg.timeout = 1.5;
	cfg.install = true;
	n = as_ctl_enc_transport_add(buf, sizeof buf, 4, AS_PID_IP, &cfg);
	assert_int_equal(n, AS_CTL_HDR + 12 + AS_CTL_CFG_SIZE);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_true(m.have_cfg);
	assert_int_equal(m.cfg.mode, 1);
	assert_int_equal(m.cfg.neighbour[0], 192);
	assert_int_equal(m.cfg.key.len, 6);
	assert_memory_equal(m.cfg.key.secret, "secret", 6);
	assert_true(m.cfg.timeout > 1.49 && m.cfg.timeout < 1.51);
	assert_int_equal(m.cfg.retries, 3);
	assert_true(m.cfg.install);
	n = as_ctl_enc_transport_add(buf, sizeof buf, 4, AS_PID_IP, NULL);
	as_ctl_parse(buf, n, &m);
	assert_false(m.have_cfg);

	n = as_ctl_enc_enum(buf, sizeof buf, AS_CTL_ROUTES_ENUM, 1, AS_PID_IP, 5, 100);
	assert_int_equal(n, AS_CTL_HDR + 16);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.resume, 5);
	assert_int_equal(m.max, 100);
	/* An unknown request type. */
	buf[3] = 99;
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);
}

static void test_replies(void **state)
{
	(void)state;
	struct as_ctl_msg m;
	size_t n = as_ctl_enc_status(buf, sizeof buf, AS_CTL_UPDATE, AS_ERROR_UPDATE_IN_PROGRESS);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.type, AS_CTL_UPDATE | AS_CTL_REPLY);
	assert_int_equal(m.status, AS_ERROR_UPDATE_IN_PROGRESS);

	n = as_ctl_enc_handle_reply(buf, sizeof buf, AS_CTL_IF_GET_HANDLE, AS_NO_ERROR, 42);
	assert_int_equal(n, AS_CTL_HDR + 8);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.ifh, 42);
	/* An error reply carries nothing but its status. */
	n = as_ctl_enc_handle_reply(buf, sizeof buf, AS_CTL_IF_GET_HANDLE,
	                            AS_ERROR_NO_SUCH_INTERFACE, 42);
	assert_int_equal(n, AS_CTL_HDR + 4);
	assert_exact(buf, n);

	n = as_ctl_enc_result_reply(buf, sizeof buf, AS_NO_ERROR, AS_ERROR_CAN_NOT_COMPLETE);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.result, AS_ERROR_CAN_NOT_COMPLETE);

	struct as_admin_set_info si = {.routes = 100000, .generation = 7, .installed = true};
	n = as_ctl_enc_setinfo_reply(buf, sizeof buf, &si);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.setinfo.routes, 100000);
	assert_int_equal(m.setinfo.generation, 7);
	assert_true(m.setinfo.installed);

	struct as_admin_route r[3] = {{.family = 4, .plen = 24, .metric = 2, .prefix = {198, 18}},
	                              {.family = 6, .plen = 64, .tag = 9, .prefix = {0x20, 0x01}},
	                              {.family = 11, .plen = 32, .metric = 1, .tag = 3}};
	n = as_ctl_enc_routes_reply(buf, sizeof buf, AS_ERROR_MORE_DATA, 10, 3, r, 3);
	assert_int_equal(n, AS_CTL_HDR + 16 + 3 * AS_CTL_ROUTE_SIZE);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	assert_int_equal(m.status, AS_ERROR_MORE_DATA);
	assert_int_equal(m.count, 3);
	assert_int_equal(m.total, 10);
	for (size_t i = 0; i < 3; i++) {
		struct as_admin_route g;
		as_ctl_route_at(&m, i, &g);
		assert_memory_equal(&g, &r[i], sizeof g);
	}
	/* count larger than total is a lie */
	n = as_ctl_enc_routes_reply(buf, sizeof buf, AS_NO_ERROR, 2, 3, r, 3);
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);

	struct as_admin_service sv = {.type = 4, .hops = 1, .network = 0xabcd, .socket = 0x451};
	strcpy(sv.name, "FILESERVER");
	n = as_ctl_enc_services_reply(buf, sizeof buf, AS_NO_ERROR, 1, 1, &sv, 1);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	struct as_admin_service gs;
	as_ctl_service_at(&m, 0, &gs);
	assert_string_equal(gs.name, "FILESERVER");
	assert_int_equal(gs.socket, 0x451);

	struct as_interface_0 i0 = {.handle = 1, .state = AS_IF_CONNECTED};
	strcpy(i0.name, "vb");
	n = as_ctl_enc_if_enum_reply(buf, sizeof buf, AS_NO_ERROR, 1, 1, &i0, 1);
	assert_exact(buf, n);
	as_ctl_parse(buf, n, &m);
	struct as_interface_0 g0;
	as_ctl_if0_at(&m, 0, &g0);
	assert_string_equal(g0.name, "vb");
	assert_int_equal(g0.state, AS_IF_CONNECTED);
	buf[AS_CTL_HDR + 16 + AS_CTL_NAME_SIZE + 4 + 4 + 4 + 3] = 9; /* state 9 */
	assert_int_equal(as_ctl_parse(buf, n, &m), -1);
	/* Too many entries for one reply. */
	assert_int_equal(as_ctl_enc_routes_reply(buf, sizeof buf, AS_NO_ERROR, 2000, 0, r,
	                                         AS_CTL_MAX_ROUTES + 1),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_requests),
	    cmocka_unit_test(test_replies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
