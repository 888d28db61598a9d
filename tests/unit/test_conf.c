/* test_conf.c - autostatic.conf(5): the documented example parses to the settings it names;
 * each kind of mistake is refused with NAME:LINE of the offending line; key files that others
 * can read are refused.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>

#include "src/daemon/conf.h"

static struct as_config cfg;
static char err[512];

static const char example[] = "[global]\n"
                              "state-dir = /var/lib/autostatic\n"
                              "control = /run/autostatic.sock\n"
                              "admin-group = autostatic\n"
                              "[interface vb]\n"
                              "transports = ip ipv6 ipx\n"
                              "ip.neighbour = 192.0.2.1\n"
                              "ip.mode = triggered\n"
                              "ip.auth = md5:1:/etc/autostatic/vb.key      # key files must not be "
                              "world-readable\n"
                              "ipx.frame = ethernet_ii\n"
                              "install = yes\n";

static int parse(const char *text)
{
	return as_config_parse_buf(text, strlen(text), "t.conf", &cfg, err, sizeof err);
}

static void test_example(void **state)
{
	(void)state;
	assert_int_equal(parse(example), 0);
	assert_string_equal(cfg.state_dir, "/var/lib/autostatic");
	assert_string_equal(cfg.control, "/run/autostatic.sock");
	assert_string_equal(cfg.admin_group, "autostatic");
	assert_int_equal(cfg.n_ifaces, 1);
	struct as_conf_iface *f = &cfg.ifaces[0];
	assert_string_equal(f->name, "vb");
	assert_true(f->enabled[AS_CONF_IP] && f->enabled[AS_CONF_IPV6] && f->enabled[AS_CONF_IPX]);
	assert_true(f->cfg[AS_CONF_IP].have_neighbour);
	assert_memory_equal(f->cfg[AS_CONF_IP].neighbour, "\xc0\x00\x02\x01", 4);
	assert_int_equal(f->cfg[AS_CONF_IP].mode, 1);
	assert_int_equal(f->cfg[AS_CONF_IP].key.alg, AS_RIP_ALG_MD5);
	assert_int_equal(f->cfg[AS_CONF_IP].key.key_id, 1);
	assert_string_equal(f->auth_file, "/etc/autostatic/vb.key");
	assert_int_equal(f->cfg[AS_CONF_IPX].ipx_frame, AS_IPX_FRAME_ETHERNET_II);
	assert_true(f->install && f->cfg[AS_CONF_IP].install && !f->cfg[AS_CONF_IPX].install);
	assert_int_equal(f->cfg[AS_CONF_IPV6].retries, 3); /* defaults where nothing is said */
}

/* Each bad line is reported with its own line number. */
static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
	    {"[global]\nbogus = 1\n", "t.conf:2: unknown key 'bogus' in [global]"},
	    {"[global]\nstate-dir = relative\n", "t.conf:2: state-dir must be an absolute"},
	    {"\n[interface vb]\ntransports = ip\nip.neighbour = 300.1.1.1\n",
	     "t.conf:4: ip.neighbour: not an address"},
	    {"[interface vb]\ntransports = ip ipv6\nipv6.neighbour = 2001:db8::1\n",
	     "t.conf:3: ipv6.neighbour must be link-local"},
	    {"[interface vb]\ntransports = ip atalk\n", "t.conf:2: transports: unknown transport"},
	    {"[interface vb]\ntransports = ip\nip.auth = md4:1:/k\n", "t.conf:3: ip.auth: unknown"},
	    {"[interface vb]\ntransports = ip\nip.auth = md5:300:/k\n",
	     "t.conf:3: ip.auth: key ID"},
	    {"[interface vb]\ntransports = ipx\nipx.frame = token_ring\n", "t.conf:3: ipx.frame"},
	    {"[interface vb]\ntransports = ip\n[interface vb]\ntransports = ip\n",
	     "t.conf:4: [interface vb] given twice"},
	    {"[interface has/slash]\ntransports = ip\n", "t.conf:2: [interface has/slash]"},
	    {"[routers]\nx = 1\n", "t.conf:2: unknown section [routers]"},
	    {"[interface vb]\ninstall = maybe\n", "t.conf:2: install must be yes or no"},
	    {"[interface vb]\nip.mode = triggered\n", "t.conf:1: [interface vb] enables no"},
	    {"[global]\nthis line has no equals sign\n", "t.conf:2: syntax error"},
	    {"[interface vb]\ntransports = ipv6\nipv6.mode = triggered\n", "t.conf:3: ipv6.mode"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (parse(cases[i].text) != -1 ||
		    strncmp(err, cases[i].want, strlen(cases[i].want))) {
			print_error("case %zu: got '%s' want '%s...'\n", i, err, cases[i].want);
			fail();
		}
	}
}

/* Bytes the reader must survive: NULs, no final newline, CR LF. */
static void test_odd_bytes(void **state)
{
	(void)state;
	static const char nul[] = "[interface vb]\ntransports = ip\0\nip.timeout = 2";
	assert_int_equal(as_config_parse_buf(nul, sizeof nul - 1, "t.conf", &cfg, err, sizeof err),
	                 0);
	assert_true(cfg.ifaces[0].cfg[AS_CONF_IP].timeout > 1.9);
	assert_int_equal(parse("[interface vb]\r\ntransports = ipv6\r\n"), 0);
	assert_true(cfg.ifaces[0].enabled[AS_CONF_IPV6]);
}

static void test_key_files(void **state)
{
	(void)state;
	char path[] = "/tmp/test_conf_keyXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "s3cret\n", 7), 7);
	close(fd);
	char text[256];
	snprintf(text, sizeof text, "[interface vb]\ntransports = ip\nip.auth = sha256:5:%s\n",
	         path);
	chmod(path, 0644);
	assert_int_equal(parse(text), 0);
	assert_int_equal(as_config_load_keys(&cfg, "t.conf", err, sizeof err), -1);
	assert_non_null(strstr(err, "t.conf:3: key file"));
	assert_non_null(strstr(err, "not readable by others"));
	chmod(path, 0600);
	assert_int_equal(parse(text), 0);
	assert_int_equal(as_config_load_keys(&cfg, "t.conf", err, sizeof err), 0);
	const struct as_rip_key *k = &cfg.ifaces[0].cfg[AS_CONF_IP].key;
	assert_int_equal(k->alg, AS_RIP_ALG_SHA256);
	assert_int_equal(k->key_id, 5);
	assert_int_equal(k->len, 6);
	assert_memory_equal(k->secret, "s3cret", 6);
	unlink(path);
	assert_int_equal(parse(text), 0);
	assert_int_equal(as_config_load_keys(&cfg, "t.conf", err, sizeof err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_example),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_odd_bytes),
	    cmocka_unit_test(test_key_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
