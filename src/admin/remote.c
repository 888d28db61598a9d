/* remote.c - the remote admin server: the client side of autostaticd's control socket
 * (doc/control-protocol.md) behind struct as_server_ops, with the statuses of the local router.
 * A remote server refuses an event fd (MprAdminInterfaceUpdateRoutes requires a NULL event for a
 * remote server; MPR.md), so every update through it is synchronous.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "src/admin/admin_impl.h"
#include "src/daemon/ctlproto.h"

struct remote {
	int fd;
	pthread_mutex_t lock;
	uint8_t buf[AS_CTL_MAX_MSG];
};

static struct remote *R(as_server *srv)
{
	return srv->impl;
}

/* One request, one reply; the reply must answer the request's type. Called with the lock held. */
static int exchange(as_server *srv, size_t len, struct as_ctl_msg *reply)
{
	struct remote *r = R(srv);
	uint32_t type = (uint32_t)r->buf[0] << 24 | (uint32_t)r->buf[1] << 16 |
	                (uint32_t)r->buf[2] << 8 | r->buf[3];
	if (r->fd < 0) {
		snprintf(srv->err, sizeof srv->err, "the daemon closed the connection");
		return AS_ERROR_ROUTER_STOPPED;
	}
	ssize_t n;
	do
		n = send(r->fd, r->buf, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
		goto gone;
	do
		n = recv(r->fd, r->buf, sizeof r->buf, MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		goto gone;
	if ((size_t)n > sizeof r->buf || as_ctl_parse(r->buf, (size_t)n, reply) < 0 ||
	    reply->type != (type | AS_CTL_REPLY)) {
		snprintf(srv->err, sizeof srv->err, "malformed reply from the daemon");
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	srv->err[0] = 0;
	return (int)reply->status;
gone:
	snprintf(srv->err, sizeof srv->err, "the daemon went away: %s",
	         n < 0 ? strerror(errno) : "connection closed");
	close(r->fd);
	r->fd = -1;
	return AS_ERROR_ROUTER_STOPPED;
}

/* Encodes under the lock into the connection's buffer, then exchanges and unlocks. */
static uint8_t *call_begin(as_server *srv)
{
	pthread_mutex_lock(&R(srv)->lock);
	return R(srv)->buf;
}

static int call_end(as_server *srv, size_t len, struct as_ctl_msg *reply)
{
	int st = len ? exchange(srv, len, reply) : AS_ERROR_INVALID_PARAMETER;
	pthread_mutex_unlock(&R(srv)->lock);
	return st;
}

#define CALL(srv, enc_expr, reply) call_end(srv, (buf = call_begin(srv), (enc_expr)), reply)
#define cap                        ((size_t)AS_CTL_MAX_MSG)

static void r_disconnect(as_server *srv)
{
	struct remote *r = R(srv);
	if (r->fd >= 0)
		close(r->fd);
	pthread_mutex_destroy(&r->lock);
	free(r);
	free(srv);
}

static int r_if_create(as_server *srv, const struct as_interface_0 *if0, as_ifhandle *out)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	int st = CALL(srv, as_ctl_enc_if_create(buf, cap, if0), &m);
	if (st == AS_NO_ERROR && out)
		*out = m.ifh;
	return st;
}

static int r_if_delete(as_server *srv, as_ifhandle ifh)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	return CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_IF_DELETE, ifh, 0, 0), &m);
}

static int r_if_get_handle(as_server *srv, const char *name, as_ifhandle *out)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	/* A name no Linux interface can have names no interface of the daemon either. */
	if (strnlen(name, AS_CTL_NAME_SIZE) >= AS_CTL_NAME_SIZE)
		return AS_ERROR_NO_SUCH_INTERFACE;
	int st = CALL(srv, as_ctl_enc_name(buf, cap, AS_CTL_IF_GET_HANDLE, name), &m);
	if (st == AS_NO_ERROR)
		*out = m.ifh;
	return st;
}

static int r_if_get_info(as_server *srv, as_ifhandle ifh, struct as_interface_0 *out)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	int st = CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_IF_GET_INFO, ifh, 0, 0), &m);
	if (st == AS_NO_ERROR)
		*out = m.if0;
	return st;
}

static int r_if_enum(as_server *srv, struct as_interface_0 *out, size_t max, size_t *count,
                     size_t *total, uint32_t *resume)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	uint32_t want = max > AS_CTL_MAX_IFS ? AS_CTL_MAX_IFS : (uint32_t)max;
	int st = CALL(srv, as_ctl_enc_enum(buf, cap, AS_CTL_IF_ENUM, 0, 0, *resume, want), &m);
	*count = 0;
	if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA)
		return st;
	if (m.count > want)
		return AS_ERROR_CAN_NOT_COMPLETE;
	for (uint32_t i = 0; i < m.count; i++)
		as_ctl_if0_at(&m, i, &out[i]);
	*count = m.count;
	if (total)
		*total = m.total;
	*resume = m.resume;
	return st;
}

static int r_if_connect(as_server *srv, as_ifhandle ifh)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	return CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_IF_CONNECT, ifh, 0, 0), &m);
}

static int r_if_disconnect(as_server *srv, as_ifhandle ifh)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	return CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_IF_DISCONNECT, ifh, 0, 0), &m);
}

static int r_transport_add(as_server *srv, as_ifhandle ifh, int pid,
                           const struct as_transport_cfg *cfg)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	return CALL(srv, as_ctl_enc_transport_add(buf, cap, ifh, (uint32_t)pid, cfg), &m);
}

static int r_transport_remove(as_server *srv, as_ifhandle ifh, int pid)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	return CALL(
	    srv, as_ctl_enc_simple(buf, cap, AS_CTL_TRANSPORT_REMOVE, ifh, (uint32_t)pid, 0), &m);
}

static int r_update_routes(as_server *srv, as_ifhandle ifh, int pid, int event_fd)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	if (event_fd >= 0) {
		snprintf(srv->err, sizeof srv->err, "a remote server takes no event descriptor");
		return AS_ERROR_INVALID_PARAMETER;
	}
	return CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_UPDATE, ifh, (uint32_t)pid, 0), &m);
}

static int r_query_update_result(as_server *srv, as_ifhandle ifh, int pid, int *result)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	int st =
	    CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_QUERY_RESULT, ifh, (uint32_t)pid, 0), &m);
	/* The daemon checks the interface first, as RRAS does; a NULL result is ours to refuse. */
	if (st == AS_NO_ERROR) {
		if (!result)
			return AS_ERROR_INVALID_PARAMETER;
		*result = m.result;
	}
	return st;
}

static int r_set_info(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_set_info *out)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	int st = CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_SET_INFO, ifh, (uint32_t)pid, 0), &m);
	if (st == AS_NO_ERROR) {
		if (!out)
			return AS_ERROR_INVALID_PARAMETER;
		*out = m.setinfo;
	}
	return st;
}

static int r_routes_enum(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_route *out,
                         size_t max, size_t *count, size_t *total, uint32_t *resume)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	if ((!out && max) || !count || !resume)
		return AS_ERROR_INVALID_PARAMETER;
	uint32_t want = max > AS_CTL_MAX_ROUTES ? AS_CTL_MAX_ROUTES : (uint32_t)max;
	int st = CALL(
	    srv, as_ctl_enc_enum(buf, cap, AS_CTL_ROUTES_ENUM, ifh, (uint32_t)pid, *resume, want),
	    &m);
	*count = 0;
	if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA)
		return st;
	if (m.count > want)
		return AS_ERROR_CAN_NOT_COMPLETE;
	for (uint32_t i = 0; i < m.count; i++)
		as_ctl_route_at(&m, i, &out[i]);
	*count = m.count;
	if (total)
		*total = m.total;
	*resume = m.resume;
	return st;
}

static int r_services_enum(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_service *out,
                           size_t max, size_t *count, size_t *total, uint32_t *resume)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	if ((!out && max) || !count || !resume)
		return AS_ERROR_INVALID_PARAMETER;
	uint32_t want = max > AS_CTL_MAX_SERVICES ? AS_CTL_MAX_SERVICES : (uint32_t)max;
	int st = CALL(
	    srv, as_ctl_enc_enum(buf, cap, AS_CTL_SERVICES_ENUM, ifh, (uint32_t)pid, *resume, want),
	    &m);
	*count = 0;
	if (st != AS_NO_ERROR && st != AS_ERROR_MORE_DATA)
		return st;
	if (m.count > want)
		return AS_ERROR_CAN_NOT_COMPLETE;
	for (uint32_t i = 0; i < m.count; i++)
		as_ctl_service_at(&m, i, &out[i]);
	*count = m.count;
	if (total)
		*total = m.total;
	*resume = m.resume;
	return st;
}

static int r_routes_clear(as_server *srv, as_ifhandle ifh, int pid)
{
	struct as_ctl_msg m;
	uint8_t *buf;
	return CALL(srv, as_ctl_enc_simple(buf, cap, AS_CTL_ROUTES_CLEAR, ifh, (uint32_t)pid, 0),
	            &m);
}

static const struct as_server_ops remote_ops = {
    .disconnect = r_disconnect,
    .interface_create = r_if_create,
    .interface_delete = r_if_delete,
    .interface_get_handle = r_if_get_handle,
    .interface_get_info = r_if_get_info,
    .interface_enum = r_if_enum,
    .interface_connect = r_if_connect,
    .interface_disconnect = r_if_disconnect,
    .transport_add = r_transport_add,
    .transport_remove = r_transport_remove,
    .update_routes = r_update_routes,
    .query_update_result = r_query_update_result,
    .set_info = r_set_info,
    .routes_enum = r_routes_enum,
    .services_enum = r_services_enum,
    .routes_clear = r_routes_clear,
};

int as_remote_connect(const char *path, as_server **out)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	*out = NULL;
	if (strlen(path) >= sizeof sa.sun_path)
		return AS_ERROR_INVALID_PARAMETER;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	struct remote *r = calloc(1, sizeof *r);
	if (!r)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	pthread_mutex_init(&r->lock, NULL);
	r->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (r->fd < 0) {
		int e = errno;
		free(r);
		return e == ENOMEM || e == ENOBUFS ? AS_ERROR_NOT_ENOUGH_MEMORY
		                                   : AS_ERROR_CAN_NOT_COMPLETE;
	}
	if (connect(r->fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		close(r->fd);
		free(r);
		return e == EACCES || e == EPERM ? AS_ERROR_ACCESS_DENIED : AS_ERROR_ROUTER_STOPPED;
	}
	as_server *srv = as_server_alloc(&remote_ops, r, true);
	if (!srv) {
		close(r->fd);
		free(r);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	/* The daemon decides on our peer credentials and answers the hello with the verdict. */
	struct as_ctl_msg m;
	uint8_t *buf;
	int st = CALL(srv, as_ctl_enc_hello(buf, cap), &m);
	if (st != AS_NO_ERROR) {
		r_disconnect(srv);
		return st == AS_ERROR_ACCESS_DENIED ? st : AS_ERROR_ROUTER_STOPPED;
	}
	*out = srv;
	return AS_NO_ERROR;
}
