/* admin_impl.h - inside the admin API: the server vtable that separates the public calls
 * (server.c) from the in-process router (router.c) and the remote client of the daemon's control
 * socket (remote.c), and the hooks tests use.
 */
#ifndef AUTOSTATIC_ADMIN_IMPL_H
#define AUTOSTATIC_ADMIN_IMPL_H

#include <autostatic/admin.h>

/**
 * One implementation of a server connection. server.c has already checked srv != NULL and the
 * NULL-pointer parameters listed as INVALID_PARAMETER in admin.h for arguments that come before
 * every other check (out pointers are checked by the implementation where admin.h orders them
 * after the interface checks). Every member is required.
 */
struct as_server_ops {
	void (*disconnect)(as_server *srv);
	int (*interface_create)(as_server *srv, const struct as_interface_0 *if0, as_ifhandle *out);
	int (*interface_delete)(as_server *srv, as_ifhandle ifh);
	int (*interface_get_handle)(as_server *srv, const char *name, as_ifhandle *out);
	int (*interface_get_info)(as_server *srv, as_ifhandle ifh, struct as_interface_0 *out);
	int (*interface_enum)(as_server *srv, struct as_interface_0 *out, size_t max, size_t *count,
	                      size_t *total, uint32_t *resume);
	int (*interface_connect)(as_server *srv, as_ifhandle ifh);
	int (*interface_disconnect)(as_server *srv, as_ifhandle ifh);
	int (*transport_add)(as_server *srv, as_ifhandle ifh, int pid,
	                     const struct as_transport_cfg *cfg);
	int (*transport_remove)(as_server *srv, as_ifhandle ifh, int pid);
	int (*update_routes)(as_server *srv, as_ifhandle ifh, int pid, int event_fd);
	int (*query_update_result)(as_server *srv, as_ifhandle ifh, int pid, int *result);
	int (*set_info)(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_set_info *out);
	int (*routes_enum)(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_route *out,
	                   size_t max, size_t *count, size_t *total, uint32_t *resume);
	int (*services_enum)(as_server *srv, as_ifhandle ifh, int pid, struct as_admin_service *out,
	                     size_t max, size_t *count, size_t *total, uint32_t *resume);
	int (*routes_clear)(as_server *srv, as_ifhandle ifh, int pid);
};

/** A connection. impl belongs to the implementation. */
struct as_server {
	const struct as_server_ops *ops;
	void *impl;
	bool remote;
	char err[256];
};

/** Allocates a connection (zeroed err); NULL when out of memory. Freed with free(). */
as_server *as_server_alloc(const struct as_server_ops *ops, void *impl, bool remote);

/**
 * The remote client (src/admin/remote.c, the daemon helper's): connects to the control socket at
 * path (the part after "unix:"), with the statuses of as_server_connect(). Until remote.c is
 * linked in, a weak definition in server.c answers AS_ERROR_NOT_SUPPORTED.
 */
int as_remote_connect(const char *path, as_server **out);

/** In-process router (router.c). */
int as_router_connect(const struct as_server_opts *opts, as_server **out, char *err, size_t errlen);
/** The process's shared router for as_server_connect(NULL): one more connection to it. */
int as_router_connect_shared(as_server **out, char *err, size_t errlen);
/** Copies the router's last error message into srv->err. */
void as_router_error(as_server *srv);
/** Whether srv is a connection to an in-process router. */
bool as_router_is_local(const as_server *srv);

/* Routing-protocol layer (rtrmgr side of router.c). srv is local (checked by the caller). */
int as_router_rp_do_update(as_server *srv, int pid, uint32_t ifindex, unsigned what);
int as_router_rp_get_event(as_server *srv, int pid, int *event, struct as_update_complete_msg *msg);
int as_router_rp_fd(as_server *srv, int pid);

/**
 * Tests: while held the router thread starts sessions but does not run the engine, so an update
 * stays in progress deterministically; releasing lets it run. Local servers only.
 */
void as_router_test_hold(as_server *srv, bool hold);
/** Tests: the Linux ifindex (replay: the handle) the routing-protocol layer names ifh by. */
uint32_t as_router_test_ifindex(as_server *srv, as_ifhandle ifh);

#endif
