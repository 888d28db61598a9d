/* server.c - the public admin calls (admin.h): argument checks that come first, dispatch to the
 * in-process router or the remote client through struct as_server_ops, and as_strerror(). The
 * statuses are those of the Windows RRAS admin calls (MPR.md).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/admin/admin_impl.h"

static _Thread_local char connect_err[256];

as_server *as_server_alloc(const struct as_server_ops *ops, void *impl, bool remote)
{
	as_server *s = calloc(1, sizeof *s);
	if (s) {
		s->ops = ops;
		s->impl = impl;
		s->remote = remote;
	}
	return s;
}

/* The seam for the daemon helper's remote.c: its strong definition replaces this one. */
__attribute__((weak)) int as_remote_connect(const char *path, as_server **out)
{
	(void)path;
	*out = NULL;
	snprintf(connect_err, sizeof connect_err, "remote servers are not built in");
	return AS_ERROR_NOT_SUPPORTED;
}

AS_EXPORT int as_server_connect(const char *name, as_server **out)
{
	connect_err[0] = 0;
	if (!out)
		return AS_ERROR_INVALID_PARAMETER;
	*out = NULL;
	if (!name || !name[0])
		return as_router_connect_shared(out, connect_err, sizeof connect_err);
	if (strncmp(name, "unix:", 5) || !name[5]) {
		snprintf(connect_err, sizeof connect_err, "%s: not NULL or unix:PATH", name);
		return AS_ERROR_INVALID_PARAMETER;
	}
	return as_remote_connect(name + 5, out);
}

AS_EXPORT int as_server_connect_opts(const struct as_server_opts *opts, as_server **out)
{
	connect_err[0] = 0;
	if (!out || !opts)
		return AS_ERROR_INVALID_PARAMETER;
	*out = NULL;
	return as_router_connect(opts, out, connect_err, sizeof connect_err);
}

AS_EXPORT void as_server_disconnect(as_server *srv)
{
	if (srv)
		srv->ops->disconnect(srv);
}

AS_EXPORT const char *as_server_error(const as_server *srv)
{
	if (!srv)
		return connect_err;
	if (as_router_is_local(srv))
		as_router_error((as_server *)srv);
	return srv->err;
}

AS_EXPORT bool as_server_is_remote(const as_server *srv)
{
	return srv && srv->remote;
}

AS_EXPORT int as_interface_create(as_server *srv, const struct as_interface_0 *if0,
                                  as_ifhandle *out)
{
	if (!srv)
		return AS_ERROR_INVALID_HANDLE;
	if (!if0)
		return AS_ERROR_INVALID_PARAMETER;
	return srv->ops->interface_create(srv, if0, out);
}

AS_EXPORT int as_interface_delete(as_server *srv, as_ifhandle ifh)
{
	return srv ? srv->ops->interface_delete(srv, ifh) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_get_handle(as_server *srv, const char *name, as_ifhandle *out)
{
	if (!srv)
		return AS_ERROR_INVALID_HANDLE;
	if (!name || !out)
		return AS_ERROR_INVALID_PARAMETER;
	return srv->ops->interface_get_handle(srv, name, out);
}

AS_EXPORT int as_interface_get_info(as_server *srv, as_ifhandle ifh, struct as_interface_0 *out)
{
	if (!srv)
		return AS_ERROR_INVALID_HANDLE;
	if (!out)
		return AS_ERROR_INVALID_PARAMETER;
	return srv->ops->interface_get_info(srv, ifh, out);
}

AS_EXPORT int as_interface_enum(as_server *srv, struct as_interface_0 *out, size_t max,
                                size_t *count, size_t *total, uint32_t *resume)
{
	if (!srv)
		return AS_ERROR_INVALID_HANDLE;
	if ((!out && max) || !count || !resume)
		return AS_ERROR_INVALID_PARAMETER;
	return srv->ops->interface_enum(srv, out, max, count, total, resume);
}

AS_EXPORT int as_interface_connect(as_server *srv, as_ifhandle ifh)
{
	return srv ? srv->ops->interface_connect(srv, ifh) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_disconnect(as_server *srv, as_ifhandle ifh)
{
	return srv ? srv->ops->interface_disconnect(srv, ifh) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT void as_transport_cfg_defaults(struct as_transport_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->rip_version = 2;
	cfg->timeout = 2.0;
	cfg->retries = 3;
	cfg->retransmit = 5.0;
	cfg->quiet_ms = 2000;
}

AS_EXPORT int as_interface_transport_add(as_server *srv, as_ifhandle ifh, int pid,
                                         const struct as_transport_cfg *cfg)
{
	return srv ? srv->ops->transport_add(srv, ifh, pid, cfg) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_transport_remove(as_server *srv, as_ifhandle ifh, int pid)
{
	return srv ? srv->ops->transport_remove(srv, ifh, pid) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_update_routes(as_server *srv, as_ifhandle ifh, int pid, int event_fd)
{
	return srv ? srv->ops->update_routes(srv, ifh, pid, event_fd) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_query_update_result(as_server *srv, as_ifhandle ifh, int pid,
                                               int *result)
{
	return srv ? srv->ops->query_update_result(srv, ifh, pid, result) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_set_info(as_server *srv, as_ifhandle ifh, int pid,
                                    struct as_admin_set_info *out)
{
	return srv ? srv->ops->set_info(srv, ifh, pid, out) : AS_ERROR_INVALID_HANDLE;
}

AS_EXPORT int as_interface_routes_enum(as_server *srv, as_ifhandle ifh, int pid,
                                       struct as_admin_route *out, size_t max, size_t *count,
                                       size_t *total, uint32_t *resume)
{
	if (!srv)
		return AS_ERROR_INVALID_HANDLE;
	return srv->ops->routes_enum(srv, ifh, pid, out, max, count, total, resume);
}

AS_EXPORT int as_interface_services_enum(as_server *srv, as_ifhandle ifh, int pid,
                                         struct as_admin_service *out, size_t max, size_t *count,
                                         size_t *total, uint32_t *resume)
{
	if (!srv)
		return AS_ERROR_INVALID_HANDLE;
	return srv->ops->services_enum(srv, ifh, pid, out, max, count, total, resume);
}

AS_EXPORT int as_interface_routes_clear(as_server *srv, as_ifhandle ifh, int pid)
{
	return srv ? srv->ops->routes_clear(srv, ifh, pid) : AS_ERROR_INVALID_HANDLE;
}

/* ---- routing-protocol layer: in-process routers only ---- */

AS_EXPORT int as_rp_do_update_routes(as_server *srv, int pid, uint32_t ifindex)
{
	if (!as_router_is_local(srv))
		return AS_ERROR_INVALID_HANDLE;
	return as_router_rp_do_update(srv, pid, ifindex, 0x4u);
}

AS_EXPORT int as_rp_do_update_services(as_server *srv, int pid, uint32_t ifindex)
{
	if (!as_router_is_local(srv))
		return AS_ERROR_INVALID_HANDLE;
	if (pid != AS_PID_IPX)
		return AS_ERROR_UNKNOWN_PROTOCOL_ID;
	return as_router_rp_do_update(srv, pid, ifindex, 0x8u);
}

AS_EXPORT int as_rp_get_event_message(as_server *srv, int pid, int *event,
                                      struct as_update_complete_msg *msg)
{
	if (!as_router_is_local(srv))
		return AS_ERROR_INVALID_HANDLE;
	return as_router_rp_get_event(srv, pid, event, msg);
}

AS_EXPORT int as_rp_notification_fd(as_server *srv, int pid)
{
	return as_router_is_local(srv) ? as_router_rp_fd(srv, pid) : -1;
}

/* ---- names ---- */

AS_EXPORT const char *as_strerror(int status)
{
	switch (status) {
	case AS_NO_ERROR: return "NO_ERROR (0): the operation completed";
	case AS_ERROR_ACCESS_DENIED: return "ERROR_ACCESS_DENIED (5): access is denied";
	case AS_ERROR_INVALID_HANDLE:
		return "ERROR_INVALID_HANDLE (6): the server or interface handle is invalid";
	case AS_ERROR_NOT_ENOUGH_MEMORY: return "ERROR_NOT_ENOUGH_MEMORY (8): not enough memory";
	case AS_ERROR_NOT_SUPPORTED:
		return "ERROR_NOT_SUPPORTED (50): the request is not supported";
	case AS_ERROR_INVALID_PARAMETER:
		return "ERROR_INVALID_PARAMETER (87): a parameter is incorrect";
	case AS_ERROR_MORE_DATA: return "ERROR_MORE_DATA (234): more entries are available";
	case AS_ERROR_NO_MORE_ITEMS: return "ERROR_NO_MORE_ITEMS (259): no more items";
	case AS_PENDING: return "PENDING (600): the operation is pending";
	case AS_ERROR_ROUTER_STOPPED:
		return "ERROR_ROUTER_STOPPED (900): the router is not running";
	case AS_ERROR_UNKNOWN_PROTOCOL_ID:
		return "ERROR_UNKNOWN_PROTOCOL_ID (902): no router manager for this protocol id";
	case AS_ERROR_INTERFACE_ALREADY_EXISTS:
		return "ERROR_INTERFACE_ALREADY_EXISTS (904): the interface already exists";
	case AS_ERROR_NO_SUCH_INTERFACE:
		return "ERROR_NO_SUCH_INTERFACE (905): the transport is not running on the "
		       "interface";
	case AS_ERROR_INTERFACE_NOT_CONNECTED:
		return "ERROR_INTERFACE_NOT_CONNECTED (906): the interface is not connected";
	case AS_ERROR_UPDATE_IN_PROGRESS:
		return "ERROR_UPDATE_IN_PROGRESS (911): an update is already running on this "
		       "interface and transport";
	case AS_ERROR_CAN_NOT_COMPLETE:
		return "ERROR_CAN_NOT_COMPLETE (1003): the operation could not be completed";
	default: return "UNKNOWN_STATUS: not an autostatic status";
	}
}
