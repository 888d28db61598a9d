/* control.c - the server side of autostaticd's control socket (doc/control-protocol.md): an
 * AF_UNIX SOCK_SEQPACKET socket whose peers are admitted by their credentials (SO_PEERCRED: root,
 * the daemon's own user, or a member of the admin group; anyone else gets ERROR_ACCESS_DENIED),
 * and whose requests become admin calls on the daemon's in-process router. Updates never block
 * the daemon: each runs with an eventfd of ours, and a synchronous caller gets its reply when
 * that eventfd is signalled.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "src/daemon/ctlproto.h"
#include "src/daemon/daemon.h"

#define MAX_CONNS   64
#define MAX_PENDING 256

/* data.u64 index space under AS_EP_CONTROL */
#define IDX_LISTEN  0u
#define IDX_CONN    1u    /* 1 .. MAX_CONNS */
#define IDX_PENDING 1000u /* 1000 .. 1000 + MAX_PENDING */

struct conn {
	int fd;
	uint64_t gen;
	bool admitted;
	uid_t uid;
	pid_t pid;
};

struct pending {
	int efd;
	as_ifhandle ifh;
	int pid;
	int conn;     /* -1: asynchronous, nobody waits */
	uint64_t gen; /* of the waiting connection */
};

struct as_control {
	int lfd, epfd;
	char path[108];
	gid_t gid;
	as_server *srv;
	uint64_t next_gen;
	struct conn conns[MAX_CONNS];
	struct pending pend[MAX_PENDING];
	uint8_t in[AS_CTL_MAX_MSG];
	uint8_t out[AS_CTL_MAX_MSG];
	union {
		struct as_interface_0 ifs[AS_CTL_MAX_IFS];
		struct as_admin_route routes[AS_CTL_MAX_ROUTES];
		struct as_admin_service services[AS_CTL_MAX_SERVICES];
	} e;
};

static uint64_t tag(uint32_t idx)
{
	return (uint64_t)AS_EP_CONTROL << 32 | idx;
}

struct as_control *as_control_open(const char *path, gid_t admin_gid, int epfd, char *err,
                                   size_t errlen)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof sa.sun_path) {
		snprintf(err, errlen, "%s: path too long", path);
		return NULL;
	}
	struct as_control *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	memcpy(c->path, path, strlen(path) + 1);
	c->gid = admin_gid;
	c->epfd = epfd;
	for (int i = 0; i < MAX_CONNS; i++)
		c->conns[i].fd = -1;
	for (int i = 0; i < MAX_PENDING; i++)
		c->pend[i].efd = -1;
	c->lfd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->lfd < 0)
		goto fail;
	/* Replace a stale socket, never another kind of file. */
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			errno = EEXIST;
			goto fail;
		}
		unlink(path);
	}
	if (bind(c->lfd, (struct sockaddr *)&sa, sizeof sa) < 0)
		goto fail;
	/* Everyone may connect and be told ACCESS_DENIED by name; the credentials decide. */
	if (chmod(path, 0666) < 0 || listen(c->lfd, 16) < 0)
		goto fail;
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = tag(IDX_LISTEN)};
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->lfd, &ev) < 0)
		goto fail;
	return c;
fail:
	snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
	if (c->lfd >= 0)
		close(c->lfd);
	free(c);
	return NULL;
}

void as_control_set_server(struct as_control *c, as_server *srv)
{
	c->srv = srv;
}

/* The peer's groups as the kernel saw them at connect() (SO_PEERGROUPS, Linux 4.13): its
 * primary group or any supplementary one; the group database is not consulted, so a process
 * that dropped the group (setgroups) is not admitted by a stale entry. */
static bool in_group(int fd, gid_t pgid, gid_t want)
{
	if (pgid == want)
		return true;
	gid_t groups[256];
	socklen_t len = sizeof groups;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) < 0)
		return false;
	for (size_t i = 0; i < len / sizeof groups[0]; i++)
		if (groups[i] == want)
			return true;
	return false;
}

static void drop_conn(struct as_control *c, int i)
{
	if (c->conns[i].fd < 0)
		return;
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, c->conns[i].fd, NULL);
	close(c->conns[i].fd);
	c->conns[i].fd = -1;
}

static void send_reply(struct as_control *c, int i, size_t len)
{
	if (send(c->conns[i].fd, c->out, len, MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)len)
		drop_conn(c, i);
}

static void accept_conn(struct as_control *c)
{
	for (int k = 0; k < 16; k++) {
		int fd = accept4(c->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			return;
		int i;
		for (i = 0; i < MAX_CONNS && c->conns[i].fd >= 0; i++)
			;
		struct ucred cred;
		socklen_t clen = sizeof cred;
		if (i == MAX_CONNS || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0) {
			as_log(LOG_WARNING, "control: connection refused (%s)",
			       i == MAX_CONNS ? "too many clients" : strerror(errno));
			close(fd);
			continue;
		}
		struct conn *cn = &c->conns[i];
		cn->fd = fd;
		cn->gen = ++c->next_gen;
		cn->uid = cred.uid;
		cn->pid = cred.pid;
		cn->admitted = cred.uid == 0 || cred.uid == geteuid() ||
		               (c->gid != (gid_t)-1 && in_group(fd, cred.gid, c->gid));
		struct epoll_event ev = {.events = EPOLLIN,
		                         .data.u64 = tag(IDX_CONN + (uint32_t)i)};
		if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
			drop_conn(c, i);
	}
}

/* Starts an update with an eventfd of ours. Returns the status to reply now, or -1 when the
 * reply waits for the completion. */
static int start_update(struct as_control *c, int ci, const struct as_ctl_msg *m)
{
	int p;
	for (p = 0; p < MAX_PENDING && c->pend[p].efd >= 0; p++)
		;
	if (p == MAX_PENDING)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (efd < 0)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	int st = as_interface_update_routes(c->srv, m->ifh, (int)m->pid, efd);
	if (st != AS_PENDING) {
		close(efd);
		return st;
	}
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = tag(IDX_PENDING + (uint32_t)p)};
	epoll_ctl(c->epfd, EPOLL_CTL_ADD, efd, &ev);
	bool async = m->flags & AS_CTL_UPDATE_ASYNC;
	c->pend[p] = (struct pending){.efd = efd,
	                              .ifh = m->ifh,
	                              .pid = (int)m->pid,
	                              .conn = async ? -1 : ci,
	                              .gen = c->conns[ci].gen};
	as_log(LOG_INFO, "update of interface %u pid 0x%02x started (uid %u)", m->ifh, m->pid,
	       (unsigned)c->conns[ci].uid);
	return async ? AS_PENDING : -1;
}

static void finish_update(struct as_control *c, int p)
{
	struct pending *pd = &c->pend[p];
	int result = AS_ERROR_CAN_NOT_COMPLETE;
	int st = as_interface_query_update_result(c->srv, pd->ifh, pd->pid, &result);
	/* A disconnect cancels the update and forgets its result: the update could not complete. */
	int outcome = st == AS_NO_ERROR ? result : AS_ERROR_CAN_NOT_COMPLETE;
	if (outcome == AS_PENDING)
		return; /* not yet: spurious wake-up */
	as_log(outcome == AS_NO_ERROR ? LOG_INFO : LOG_WARNING,
	       "update of interface %u pid 0x%02x: %s", pd->ifh, pd->pid, as_strerror(outcome));
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, pd->efd, NULL);
	close(pd->efd);
	pd->efd = -1;
	int ci = pd->conn;
	if (ci >= 0 && c->conns[ci].fd >= 0 && c->conns[ci].gen == pd->gen) {
		size_t len =
		    as_ctl_enc_status(c->out, sizeof c->out, AS_CTL_UPDATE, (uint32_t)outcome);
		send_reply(c, ci, len);
	}
}

static size_t handle(struct as_control *c, int ci, const struct as_ctl_msg *m)
{
	uint8_t *o = c->out;
	size_t cap = sizeof c->out;
	as_server *s = c->srv;
	int st;
	size_t count = 0, total = 0;
	uint32_t resume = m->resume;
	switch (m->type) {
	case AS_CTL_IF_CREATE: {
		as_ifhandle h = 0;
		st = as_interface_create(s, &m->if0, &h);
		return as_ctl_enc_handle_reply(o, cap, m->type, (uint32_t)st, h);
	}
	case AS_CTL_IF_DELETE:
		return as_ctl_enc_status(o, cap, m->type, (uint32_t)as_interface_delete(s, m->ifh));
	case AS_CTL_IF_GET_HANDLE: {
		as_ifhandle h = 0;
		st = as_interface_get_handle(s, m->name, &h);
		return as_ctl_enc_handle_reply(o, cap, m->type, (uint32_t)st, h);
	}
	case AS_CTL_IF_GET_INFO: {
		struct as_interface_0 i0;
		st = as_interface_get_info(s, m->ifh, &i0);
		return st ? as_ctl_enc_status(o, cap, m->type, (uint32_t)st)
		          : as_ctl_enc_info_reply(o, cap, &i0);
	}
	case AS_CTL_IF_ENUM: {
		size_t max = m->max > AS_CTL_MAX_IFS ? AS_CTL_MAX_IFS : m->max;
		st = as_interface_enum(s, c->e.ifs, max, &count, &total, &resume);
		return as_ctl_enc_if_enum_reply(o, cap, (uint32_t)st, (uint32_t)total, resume,
		                                c->e.ifs, (uint32_t)count);
	}
	case AS_CTL_IF_CONNECT:
		return as_ctl_enc_status(o, cap, m->type,
		                         (uint32_t)as_interface_connect(s, m->ifh));
	case AS_CTL_IF_DISCONNECT:
		return as_ctl_enc_status(o, cap, m->type,
		                         (uint32_t)as_interface_disconnect(s, m->ifh));
	case AS_CTL_TRANSPORT_ADD:
		st = as_interface_transport_add(s, m->ifh, (int)m->pid,
		                                m->have_cfg ? &m->cfg : NULL);
		return as_ctl_enc_status(o, cap, m->type, (uint32_t)st);
	case AS_CTL_TRANSPORT_REMOVE:
		st = as_interface_transport_remove(s, m->ifh, (int)m->pid);
		return as_ctl_enc_status(o, cap, m->type, (uint32_t)st);
	case AS_CTL_UPDATE:
		st = start_update(c, ci, m);
		return st < 0 ? 0 : as_ctl_enc_status(o, cap, m->type, (uint32_t)st);
	case AS_CTL_QUERY_RESULT: {
		int result = 0;
		st = as_interface_query_update_result(s, m->ifh, (int)m->pid, &result);
		return as_ctl_enc_result_reply(o, cap, (uint32_t)st, result);
	}
	case AS_CTL_SET_INFO: {
		struct as_admin_set_info si;
		st = as_interface_set_info(s, m->ifh, (int)m->pid, &si);
		return st ? as_ctl_enc_status(o, cap, m->type, (uint32_t)st)
		          : as_ctl_enc_setinfo_reply(o, cap, &si);
	}
	case AS_CTL_ROUTES_ENUM: {
		size_t max = m->max > AS_CTL_MAX_ROUTES ? AS_CTL_MAX_ROUTES : m->max;
		st = as_interface_routes_enum(s, m->ifh, (int)m->pid, c->e.routes, max, &count,
		                              &total, &resume);
		return as_ctl_enc_routes_reply(o, cap, (uint32_t)st, (uint32_t)total, resume,
		                               c->e.routes, (uint32_t)count);
	}
	case AS_CTL_SERVICES_ENUM: {
		size_t max = m->max > AS_CTL_MAX_SERVICES ? AS_CTL_MAX_SERVICES : m->max;
		st = as_interface_services_enum(s, m->ifh, (int)m->pid, c->e.services, max, &count,
		                                &total, &resume);
		return as_ctl_enc_services_reply(o, cap, (uint32_t)st, (uint32_t)total, resume,
		                                 c->e.services, (uint32_t)count);
	}
	case AS_CTL_ROUTES_CLEAR:
		st = as_interface_routes_clear(s, m->ifh, (int)m->pid);
		return as_ctl_enc_status(o, cap, m->type, (uint32_t)st);
	default: return as_ctl_enc_status(o, cap, m->type & 0x7fffu, AS_ERROR_NOT_SUPPORTED);
	}
}

static void read_conn(struct as_control *c, int i)
{
	struct conn *cn = &c->conns[i];
	ssize_t n = recv(cn->fd, c->in, sizeof c->in, MSG_DONTWAIT | MSG_TRUNC);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop_conn(c, i);
		return;
	}
	struct as_ctl_msg m;
	if ((size_t)n > sizeof c->in || as_ctl_parse(c->in, (size_t)n, &m) < 0 ||
	    (m.type & AS_CTL_REPLY)) {
		/* Sizes are checked exactly; a peer that sends anything else is not ours to guess.
		 */
		as_log(LOG_WARNING, "control: malformed message from uid %u pid %d: closed",
		       (unsigned)cn->uid, (int)cn->pid);
		drop_conn(c, i);
		return;
	}
	if (m.type == AS_CTL_HELLO) {
		uint32_t st = !cn->admitted                 ? AS_ERROR_ACCESS_DENIED
		              : m.version != AS_CTL_VERSION ? AS_ERROR_NOT_SUPPORTED
		                                            : AS_NO_ERROR;
		if (st == AS_ERROR_ACCESS_DENIED)
			as_log(LOG_NOTICE,
			       "control: uid %u pid %d is neither root nor in the admin "
			       "group: ERROR_ACCESS_DENIED",
			       (unsigned)cn->uid, (int)cn->pid);
		send_reply(c, i, as_ctl_enc_status(c->out, sizeof c->out, AS_CTL_HELLO, st));
		if (st != AS_NO_ERROR)
			drop_conn(c, i);
		return;
	}
	if (!cn->admitted || !c->srv) {
		send_reply(c, i,
		           as_ctl_enc_status(c->out, sizeof c->out, m.type,
		                             cn->admitted ? AS_ERROR_ROUTER_STOPPED
		                                          : AS_ERROR_ACCESS_DENIED));
		return;
	}
	size_t len = handle(c, i, &m);
	if (!len && m.type == AS_CTL_UPDATE)
		return; /* the reply waits for the update's eventfd */
	if (!len)       /* an encoder refused: a bug of ours; tell the client rather than hang it */
		len = as_ctl_enc_status(c->out, sizeof c->out, m.type, AS_ERROR_CAN_NOT_COMPLETE);
	send_reply(c, i, len);
}

void as_control_event(struct as_control *c, uint64_t data, uint32_t events)
{
	uint32_t idx = (uint32_t)data;
	(void)events;
	if (idx == IDX_LISTEN)
		accept_conn(c);
	else if (idx >= IDX_PENDING && idx < IDX_PENDING + MAX_PENDING) {
		int p = (int)(idx - IDX_PENDING);
		uint64_t v;
		if (c->pend[p].efd >= 0 && read(c->pend[p].efd, &v, sizeof v) == (ssize_t)sizeof v)
			finish_update(c, p);
	} else if (idx >= IDX_CONN && idx < IDX_CONN + MAX_CONNS) {
		read_conn(c, (int)(idx - IDX_CONN));
	}
}

void as_control_close(struct as_control *c)
{
	if (!c)
		return;
	for (int i = 0; i < MAX_CONNS; i++)
		drop_conn(c, i);
	for (int p = 0; p < MAX_PENDING; p++)
		if (c->pend[p].efd >= 0)
			close(c->pend[p].efd);
	close(c->lfd);
	unlink(c->path);
	free(c);
}
