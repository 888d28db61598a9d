/* conf.h - autostatic.conf(5), the daemon's INI configuration: a pure parser (for fuzzing and
 * tests) and the loading of key files, which is not pure.
 * (Named conf.h, not config.h: "config.h" is autoconf's, and a quoted include finds the file
 * beside the includer first.)
 */
#ifndef AS_DAEMON_CONF_H
#define AS_DAEMON_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <autostatic/admin.h>

#define AS_CONF_MAX_IFACES 64
#define AS_CONF_PATH_MAX   256

/* Transport slots of an interface. */
enum { AS_CONF_IP = 0, AS_CONF_IPV6 = 1, AS_CONF_IPX = 2, AS_CONF_NT = 3 };

struct as_conf_iface {
	char name[16];
	int line;                 /* of the [interface NAME] header */
	bool enabled[AS_CONF_NT]; /* transports = ... */
	bool install;
	struct as_transport_cfg cfg[AS_CONF_NT];
	/* ip.auth = ALG:KEYID:FILE (or simple:FILE): the key is read by as_config_load_keys() */
	char auth_file[AS_CONF_PATH_MAX];
	int auth_line;
};

struct as_config {
	char state_dir[AS_CONF_PATH_MAX];
	char control[108];    /* sun_path */
	char admin_group[64]; /* "" = root only */
	char user[64];        /* drop to this user; "root" = stay */
	bool syslog;          /* log = syslog | stderr */
	unsigned log_rate;    /* messages per second per kind (0 = unlimited) */
	int rt_protocol;      /* kernel route protocol (0 = AS_RTPROT_AUTOSTATIC) */
	uint32_t rt_table;
	size_t n_ifaces;
	struct as_conf_iface ifaces[AS_CONF_MAX_IFACES];
};

/** The defaults of every setting (autostatic.conf(5)). */
void as_config_defaults(struct as_config *c);

/**
 * Parses a configuration held in memory (pure: no files, no allocation beyond inih's line
 * buffer on the stack). name is used in messages only.
 * @return 0, or -1 with "NAME:LINE: message" in err.
 */
int as_config_parse_buf(const char *buf, size_t len, const char *name, struct as_config *out,
                        char *err, size_t errlen);

/** Reads FILE and parses it. 0 or -1 with "FILE:LINE: message" (LINE 0 when unreadable). */
int as_config_parse_file(const char *path, struct as_config *out, char *err, size_t errlen);

/**
 * Reads each interface's key file into its IP transport settings. A key file must be a regular
 * file that is not readable by others (it holds a secret); its first line is the secret.
 * @return 0, or -1 with "CONFIG:LINE: message" in err.
 */
int as_config_load_keys(struct as_config *c, const char *name, char *err, size_t errlen);

/** Transport slot -> pid, and the config names ("ip", "ipv6", "ipx"). */
int as_config_pid(int slot);
const char *as_config_slot_name(int slot);

#endif
