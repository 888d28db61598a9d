/* fuzz_conf.c - autostaticd's configuration parser (src/daemon/conf.h, autostatic.conf(5)) over
 * arbitrary text, through its pure entry point as_config_parse_buf. No RFC: the format is ours.
 *
 * Input: the file.
 * Checks: the parser returns 0 or -1; a failure message is "fuzz.conf:LINE: reason" (LINE a
 * number), NUL-terminated, and cut safely into a 16-byte buffer (a prefix of the full one); a
 * success gives at most AS_CONF_MAX_IFACES interfaces with NUL-terminated names and paths, and
 * parsing again gives the same configuration byte for byte (no hidden state between calls).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz/common.h"
#include "src/daemon/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Large: the configuration holds 64 interfaces. */
	struct as_config *c = calloc(2, sizeof *c);
	FUZZ_CHECK(c != NULL);
	char err[256];
	memset(err, 'x', sizeof err);
	int rc = as_config_parse_buf((const char *)data, size, "fuzz.conf", &c[0], err, sizeof err);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL);
		FUZZ_CHECK(strncmp(err, "fuzz.conf:", 10) == 0);
		FUZZ_CHECK(err[10] >= '0' && err[10] <= '9');
		char *small = malloc(16);
		FUZZ_CHECK(small != NULL);
		FUZZ_CHECK(as_config_parse_buf((const char *)data, size, "fuzz.conf", &c[1], small,
		                               16) == -1);
		FUZZ_CHECK(memchr(small, 0, 16) != NULL);
		FUZZ_CHECK(strncmp(small, err, strlen(small)) == 0);
		free(small);
		free(c);
		return 0;
	}
	FUZZ_CHECK(c[0].n_ifaces <= AS_CONF_MAX_IFACES);
	FUZZ_CHECK(memchr(c[0].state_dir, 0, sizeof c[0].state_dir) != NULL);
	FUZZ_CHECK(memchr(c[0].control, 0, sizeof c[0].control) != NULL);
	FUZZ_CHECK(memchr(c[0].admin_group, 0, sizeof c[0].admin_group) != NULL);
	FUZZ_CHECK(memchr(c[0].user, 0, sizeof c[0].user) != NULL);
	for (size_t i = 0; i < c[0].n_ifaces; i++) {
		const struct as_conf_iface *f = &c[0].ifaces[i];
		FUZZ_CHECK(memchr(f->name, 0, sizeof f->name) != NULL && f->name[0] != 0);
		FUZZ_CHECK(memchr(f->auth_file, 0, sizeof f->auth_file) != NULL);
		for (size_t k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(c[0].ifaces[k].name, f->name) !=
			           0); /* one section each */
	}
	FUZZ_CHECK(as_config_parse_buf((const char *)data, size, "fuzz.conf", &c[1], err,
	                               sizeof err) == 0);
	FUZZ_CHECK(c[1].n_ifaces == c[0].n_ifaces);
	FUZZ_CHECK(strcmp(c[1].state_dir, c[0].state_dir) == 0 &&
	           strcmp(c[1].control, c[0].control) == 0 && strcmp(c[1].user, c[0].user) == 0);
	for (size_t i = 0; i < c[0].n_ifaces; i++)
		FUZZ_CHECK(strcmp(c[1].ifaces[i].name, c[0].ifaces[i].name) == 0 &&
		           c[1].ifaces[i].install == c[0].ifaces[i].install &&
		           memcmp(c[1].ifaces[i].enabled, c[0].ifaces[i].enabled,
		                  sizeof c[0].ifaces[i].enabled) == 0);
	free(c);
	return 0;
}
