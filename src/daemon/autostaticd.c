/* autostaticd.c - the autostatic daemon: one in-process router (admin.h) configured from
 * autostatic.conf(5), served on a control socket (doc/control-protocol.md), with interface
 * connection state following the links (rtnetlink), SIGHUP reloading the configuration without
 * losing routes and SIGTERM stopping cleanly. See autostaticd(8).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/daemon/conf.h"
#include "src/daemon/daemon.h"

struct daemon {
	const char *conf_path;
	struct as_config *conf;
	as_server *srv;
	struct as_control *ctl;
};

static void usage(FILE *out)
{
	fputs("Usage: autostaticd -c CONFIG [-f]\n"
	      "  -c, --config FILE  the configuration (autostatic.conf(5))\n"
	      "  -f, --foreground   stay in the foreground (log to stderr unless log = syslog)\n"
	      "  -t, --test         check the configuration and its key files, then exit\n"
	      "  -h, --help         this help;  -V, --version  the version\n",
	      out);
}

static as_ifhandle handle_of(as_server *srv, const char *name)
{
	as_ifhandle h = 0;
	if (as_interface_get_handle(srv, name, &h) != AS_NO_ERROR)
		return 0;
	return h;
}

/* The connection state follows the link: up with carrier = connected. */
static void follow_link(as_server *srv, as_ifhandle h, const char *name, bool up)
{
	struct as_interface_0 i0;
	if (as_interface_get_info(srv, h, &i0) != AS_NO_ERROR)
		return;
	bool connected = i0.state == AS_IF_CONNECTED;
	if (up && !connected) {
		int st = as_interface_connect(srv, h);
		as_log(st ? LOG_WARNING : LOG_NOTICE, "interface %s: link up: %s", name,
		       as_strerror(st));
	} else if (!up && connected) {
		int st = as_interface_disconnect(srv, h);
		as_log(LOG_NOTICE, "interface %s: link down: disconnected (%s)", name,
		       as_status_name(st));
	}
}

static void link_cb(void *ctx, const char *ifname, bool up)
{
	struct daemon *d = ctx;
	as_ifhandle h = handle_of(d->srv, ifname);
	if (h)
		follow_link(d->srv, h, ifname, up);
}

/* Makes the router's interfaces what the configuration says. Interfaces that left the
 * configuration lose their transports but keep their routes (autostatic routes are static). */
static void apply(struct daemon *d)
{
	struct as_config *c = d->conf;
	for (size_t i = 0; i < c->n_ifaces; i++) {
		struct as_conf_iface *f = &c->ifaces[i];
		as_ifhandle h = handle_of(d->srv, f->name);
		if (!h) {
			struct as_interface_0 i0;
			memset(&i0, 0, sizeof i0);
			memcpy(i0.name, f->name, strlen(f->name) + 1);
			i0.enabled = true;
			i0.type = AS_IF_TYPE_DEDICATED;
			int st = as_interface_create(d->srv, &i0, &h);
			if (st) {
				as_log(LOG_ERR, "interface %s: %s", f->name, as_strerror(st));
				continue;
			}
		}
		for (int t = 0; t < AS_CONF_NT; t++) {
			int pid = as_config_pid(t);
			int st = f->enabled[t]
			             ? as_interface_transport_add(d->srv, h, pid, &f->cfg[t])
			             : as_interface_transport_remove(d->srv, h, pid);
			if (st && !(st == AS_ERROR_NO_SUCH_INTERFACE && !f->enabled[t]))
				as_log(LOG_ERR, "interface %s transport %s: %s", f->name,
				       as_config_slot_name(t), as_strerror(st));
		}
		follow_link(d->srv, h, f->name, as_link_is_up(f->name));
	}
	struct as_interface_0 ifs[64];
	uint32_t resume = 0;
	for (int round = 0; round < 1024; round++) {
		size_t n = 0;
		int st = as_interface_enum(d->srv, ifs, 64, &n, NULL, &resume);
		for (size_t k = 0; k < n; k++) {
			bool kept = false;
			for (size_t i = 0; i < c->n_ifaces; i++)
				kept |= !strcmp(c->ifaces[i].name, ifs[k].name);
			if (kept)
				continue;
			for (int t = 0; t < AS_CONF_NT; t++)
				as_interface_transport_remove(d->srv, ifs[k].handle,
				                              as_config_pid(t));
			as_log(LOG_NOTICE,
			       "interface %s left the configuration: transports removed, "
			       "routes kept",
			       ifs[k].name);
		}
		if (st != AS_ERROR_MORE_DATA)
			break;
	}
}

static struct as_config *load(const char *path, bool quiet)
{
	struct as_config *c = malloc(sizeof *c);
	char err[512];
	if (!c) {
		as_log(LOG_ERR, "out of memory");
		return NULL;
	}
	if (as_config_parse_file(path, c, err, sizeof err) < 0 ||
	    as_config_load_keys(c, path, err, sizeof err) < 0) {
		if (quiet)
			fprintf(stderr, "autostaticd: %s\n", err);
		else
			as_log(LOG_ERR, "%s", err);
		free(c);
		return NULL;
	}
	return c;
}

static void reload(struct daemon *d)
{
	struct as_config *c = load(d->conf_path, false);
	if (!c) {
		as_log(LOG_ERR, "reload refused: the running configuration stays");
		return;
	}
	if (strcmp(c->state_dir, d->conf->state_dir) || strcmp(c->control, d->conf->control) ||
	    strcmp(c->user, d->conf->user) || strcmp(c->admin_group, d->conf->admin_group))
		as_log(LOG_WARNING, "reload: state-dir, control, user and admin-group take effect "
		                    "at the next start");
	explicit_bzero(d->conf, sizeof *d->conf);
	free(d->conf);
	d->conf = c;
	apply(d);
	as_log(LOG_NOTICE, "configuration reloaded (%zu interfaces)", c->n_ifaces);
}

static int prepare_state_dir(const char *dir, const struct passwd *pw)
{
	char tmp[AS_CONF_PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0750) < 0 && errno != EEXIST)
		return -1;
	if (pw && chown(tmp, pw->pw_uid, pw->pw_gid) < 0)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
	    {"config", required_argument, NULL, 'c'}, {"foreground", no_argument, NULL, 'f'},
	    {"test", no_argument, NULL, 't'},         {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
	};
	struct daemon d = {0};
	bool fg = false, test = false;
	int o;
	while ((o = getopt_long(argc, argv, "c:fthV", lo, NULL)) != -1) {
		switch (o) {
		case 'c': d.conf_path = optarg; break;
		case 'f': fg = true; break;
		case 't': test = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("autostaticd %s\n", PACKAGE_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!d.conf_path || optind != argc) {
		usage(stderr);
		return 2;
	}
	d.conf = load(d.conf_path, true);
	if (!d.conf)
		return 1;
	if (test) {
		printf("%s: OK (%zu interfaces)\n", d.conf_path, d.conf->n_ifaces);
		return 0;
	}
	struct as_config *c = d.conf;
	as_log_init(c->syslog || !fg, c->log_rate);

	gid_t gid = (gid_t)-1;
	if (c->admin_group[0]) {
		struct group *gr = getgrnam(c->admin_group);
		if (!gr) {
			as_log(LOG_ERR, "admin-group %s: no such group", c->admin_group);
			return 1;
		}
		gid = gr->gr_gid;
	}
	bool drop = geteuid() == 0 && strcmp(c->user, "root");
	struct passwd pwcopy, *pw = NULL;
	if (drop) {
		struct passwd *p = getpwnam(c->user);
		if (!p) {
			as_log(LOG_ERR, "user %s: no such user (set user = root to keep root)",
			       c->user);
			return 1;
		}
		pwcopy = *p;
		pw = &pwcopy;
	}
	if (prepare_state_dir(c->state_dir, pw) < 0) {
		as_log(LOG_ERR, "state-dir %s: %s", c->state_dir, strerror(errno));
		return 1;
	}
	if (!fg && daemon(0, 0) < 0) {
		as_log(LOG_ERR, "daemon: %s", strerror(errno));
		return 1;
	}

	/* Signals arrive through a signalfd; block them before any thread exists. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	int epfd = epoll_create1(EPOLL_CLOEXEC);
	int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	int lfd = as_linkwatch_open();
	char err[512];
	if (epfd < 0 || sfd < 0 || lfd < 0) {
		as_log(LOG_ERR, "epoll, signalfd or rtnetlink: %s", strerror(errno));
		return 1;
	}
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)AS_EP_SIGNAL << 32};
	epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev);
	ev.data.u64 = (uint64_t)AS_EP_LINK << 32;
	epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
	d.ctl = as_control_open(c->control, gid, epfd, err, sizeof err);
	if (!d.ctl) {
		as_log(LOG_ERR, "%s", err);
		return 1;
	}
	/* Sockets are open: from here on only CAP_NET_RAW and CAP_NET_ADMIN are needed. The router
	 * thread starts after the drop and inherits exactly these. */
	if (drop && as_privdrop(c->user, err, sizeof err) < 0) {
		as_log(LOG_ERR, "%s", err);
		as_control_close(d.ctl);
		return 1;
	}
	bool install = false;
	for (size_t i = 0; i < c->n_ifaces; i++)
		install |= c->ifaces[i].install;
	struct as_server_opts so = {.state_dir = c->state_dir,
	                            .install = install,
	                            .rt_protocol = c->rt_protocol,
	                            .rt_table = c->rt_table,
	                            .backend = AS_SERVER_BACKEND_AFPACKET};
	int st = as_server_connect_opts(&so, &d.srv);
	if (st) {
		as_log(LOG_ERR, "router: %s: %s", as_strerror(st), as_server_error(NULL));
		as_control_close(d.ctl);
		return 1;
	}
	as_control_set_server(d.ctl, d.srv);
	apply(&d);
	as_log(LOG_NOTICE, "started: %zu interfaces, control %s%s", c->n_ifaces, c->control,
	       drop ? ", privileges dropped" : "");

	bool running = true;
	while (running) {
		struct epoll_event evs[32];
		int n = epoll_wait(epfd, evs, 32, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			as_log(LOG_ERR, "epoll_wait: %s", strerror(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			uint32_t kind = (uint32_t)(evs[i].data.u64 >> 32);
			if (kind == AS_EP_SIGNAL) {
				struct signalfd_siginfo si;
				while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
					if (si.ssi_signo == SIGHUP)
						reload(&d);
					else
						running = false;
				}
			} else if (kind == AS_EP_LINK) {
				if (as_linkwatch_read(link_cb, &d) < 0)
					as_log(LOG_WARNING, "rtnetlink: %s", strerror(errno));
			} else if (kind == AS_EP_CONTROL) {
				as_control_event(d.ctl, evs[i].data.u64, evs[i].events);
			}
		}
	}
	as_log(LOG_NOTICE, "stopping");
	as_control_close(d.ctl);
	/* Running updates are cancelled; the store is already on disk. */
	as_server_disconnect(d.srv);
	as_linkwatch_close();
	explicit_bzero(d.conf, sizeof *d.conf);
	free(d.conf);
	return 0;
}
