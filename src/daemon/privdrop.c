/* privdrop.c - become an unprivileged user that keeps CAP_NET_RAW (AF_PACKET) and CAP_NET_ADMIN
 * (kernel routes) and nothing else: setgroups/setgid/setuid with PR_SET_KEEPCAPS, then capset(2)
 * called directly (libcap is not a dependency).
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "src/daemon/daemon.h"

int as_privdrop(const char *user, char *err, size_t errlen)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		snprintf(err, errlen, "user %s: no such user", user);
		return -1;
	}
	if (pw->pw_uid == 0) {
		snprintf(err, errlen, "user %s is root: nothing would be dropped", user);
		return -1;
	}
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups(1, &gid) < 0 || setgid(gid) < 0 ||
	    setuid(uid) < 0) {
		snprintf(err, errlen, "becoming %s: %s", user, strerror(errno));
		return -1;
	}
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	uint32_t keep = (1u << CAP_NET_RAW) | (1u << CAP_NET_ADMIN);
	data[0].permitted = keep;
	data[0].effective = keep;
	if (syscall(SYS_capset, &hdr, data) < 0) {
		snprintf(err, errlen, "capset: %s", strerror(errno));
		return -1;
	}
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	/* Nothing we exec may gain privileges; and a regained root would be a bug: check. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || setuid(0) == 0) {
		snprintf(err, errlen, "privileges could not be dropped for good");
		return -1;
	}
	return 0;
}
