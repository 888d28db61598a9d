/* admin.h - the admin API: servers, interfaces, autostatic updates and their results, with the
 * semantics and status numbers of the Windows RRAS calls (MprAdminServerConnect,
 * MprAdminInterfaceCreate/GetHandle/Enum/Connect/Disconnect/TransportAdd,
 * MprAdminInterfaceUpdateRoutes, MprAdminInterfaceQueryUpdateResult; MPR.md), and the
 * routing-protocol entry points below it (DoUpdateRoutes, DoUpdateServices, GetEventMessage).
 *
 * A server is either the in-process router (as_server_connect(NULL) or as_server_connect_opts())
 * - a thread owning one packet engine and one router manager per transport - or a remote one,
 * the daemon's control socket ("unix:PATH"). Both answer the same calls with the same statuses.
 *
 * Every call returns an enum as_status (status.h). Calls on one server may be made from any
 * thread; they are serialised by the server.
 *
 * Error precedence of the interface calls (DESIGN.md "Admin API semantics"), first match wins:
 *   1. NULL server, or a handle that names no interface  -> AS_ERROR_INVALID_HANDLE
 *   2. pid that is not IP, IPv6 or IPX                     -> AS_ERROR_UNKNOWN_PROTOCOL_ID
 *   3. transport not enabled on the interface             -> AS_ERROR_NO_SUCH_INTERFACE
 *   4. interface not connected (or its link is down)      -> AS_ERROR_INTERFACE_NOT_CONNECTED
 *   5. an update already running on (interface, pid)      -> AS_ERROR_UPDATE_IN_PROGRESS
 */
#ifndef AUTOSTATIC_ADMIN_H
#define AUTOSTATIC_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <autostatic/common.h>
#include <autostatic/rip.h>
#include <autostatic/status.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/* Servers */

/** An admin connection to a router (opaque). */
typedef struct as_server as_server;

/** Interface handle: never 0 for a valid interface; unique for the server's lifetime. */
typedef uint32_t as_ifhandle;
#define AS_IFHANDLE_INVALID 0u

/** I/O backend of an in-process router (values of the engine's backends). */
enum as_server_backend {
	AS_SERVER_BACKEND_AFPACKET = 0, /**< AF_PACKET rings (needs CAP_NET_RAW) */
	AS_SERVER_BACKEND_PCAP = 1,     /**< libpcap live */
	AS_SERVER_BACKEND_REPLAY = 2, /**< frames from replay_path; nothing is sent; no privilege */
};

/** The route protocol number (rtm_protocol) of autostatic routes in the kernel by default.
 *  Unused by the kernel (<= 99) and by FRR (186..198); see doc/store-format.md. */
#define AS_RTPROT_AUTOSTATIC 157

/** Options of an in-process router. Zero-initialise, then set what differs. */
struct as_server_opts {
	const char *state_dir; /**< route store directory (NULL = routes are kept in memory only) */
	bool install;          /**< install IPv4/IPv6 autostatic routes in the kernel (rtnetlink) */
	int rt_protocol;       /**< rtm_protocol of installed routes (0 = AS_RTPROT_AUTOSTATIC) */
	uint32_t rt_table;     /**< kernel table (0 = main, 254) */
	int backend;           /**< enum as_server_backend */
	const char *replay_path; /**< REPLAY: the capture every update reads */
	const char *write_path;  /**< non-NULL: record every frame sent and received (pcap) */
};

/**
 * Connects to a router. name NULL (or "") is the process's own in-process router, created on the
 * first connect with default options (AF_PACKET, no store, no kernel installation; the
 * environment variable AUTOSTATIC_STATE_DIR, when set, names a store directory) and shared by
 * every later NULL connect; it stops when the last connection goes. "unix:PATH" is the control
 * socket of autostaticd.
 * @return AS_NO_ERROR (*out set);
 *         AS_ERROR_INVALID_PARAMETER   out is NULL, or name is neither NULL nor "unix:PATH";
 *         AS_ERROR_ACCESS_DENIED       the daemon refused our peer credentials (or the socket's
 *                                      permissions did);
 *         AS_ERROR_ROUTER_STOPPED      no daemon listens on PATH;
 *         AS_ERROR_NOT_SUPPORTED       remote servers are not built into this library;
 *         AS_ERROR_NOT_ENOUGH_MEMORY;
 *         AS_ERROR_CAN_NOT_COMPLETE    the router could not start (state directory unusable,
 *                                      engine failure; as_server_error() says why).
 */
AS_EXPORT int as_server_connect(const char *name, as_server **out);

/**
 * Creates a new, private in-process router with the given options (the daemon and tests use
 * this; it is never shared with as_server_connect(NULL)). The store under state_dir is loaded.
 * @return AS_NO_ERROR; AS_ERROR_INVALID_PARAMETER (out or opts NULL, unknown backend, REPLAY
 *         without replay_path, rt_protocol outside 0..255); AS_ERROR_NOT_ENOUGH_MEMORY;
 *         AS_ERROR_CAN_NOT_COMPLETE (state directory or engine failure; the message is in
 *         as_server_error(NULL)).
 */
AS_EXPORT int as_server_connect_opts(const struct as_server_opts *opts, as_server **out);

/** Closes the connection (NULL is ignored). The last connection to an in-process router stops
 *  it: running updates are cancelled; the store is already on disk. */
AS_EXPORT void as_server_disconnect(as_server *srv);

/** The last error message of the connection ("" when none); NULL srv: the last failed connect of
 *  this thread. For logs; the status is what programs test. */
AS_EXPORT const char *as_server_error(const as_server *srv);

/** Whether the connection is to a remote server (the daemon). */
AS_EXPORT bool as_server_is_remote(const as_server *srv);

/* ------------------------------------------------------------------------------------------ */
/* Interfaces */

/** ROUTER_CONNECTION_STATE */
enum as_if_state {
	AS_IF_UNREACHABLE = 0,
	AS_IF_DISCONNECTED = 1,
	AS_IF_CONNECTING = 2,
	AS_IF_CONNECTED = 3,
};

/** ROUTER_INTERFACE_TYPE */
enum as_if_type {
	AS_IF_TYPE_CLIENT = 0,
	AS_IF_TYPE_HOME_ROUTER = 1,
	AS_IF_TYPE_FULL_ROUTER = 2,
	AS_IF_TYPE_DEDICATED = 3,
	AS_IF_TYPE_INTERNAL = 4,
	AS_IF_TYPE_LOOPBACK = 5,
	AS_IF_TYPE_TUNNEL1 = 6,
	AS_IF_TYPE_DIALOUT = 7,
};

/** Unreachability reasons (fUnReachabilityReasons bits, mprapi.h MPR_INTERFACE_*). */
#define AS_IF_UNREACH_ADMIN_DISABLED     0x00000002u /**< MPR_INTERFACE_ADMIN_DISABLED */
#define AS_IF_UNREACH_CONNECTION_FAILURE 0x00000004u /**< MPR_INTERFACE_CONNECTION_FAILURE */
#define AS_IF_UNREACH_NO_MEDIA_SENSE     0x00000020u /**< MPR_INTERFACE_NO_MEDIA_SENSE: no carrier */

#define AS_IF_NAME_MAX 256 /**< wszInterfaceName holds 256 characters and a NUL */

/** MPR_INTERFACE_0. The name is the Linux interface name (at most 15 bytes are usable). */
struct as_interface_0 {
	char name[AS_IF_NAME_MAX + 1];
	as_ifhandle handle;
	bool enabled;
	int type;                /**< enum as_if_type */
	int state;               /**< enum as_if_state */
	uint32_t unreachability; /**< AS_IF_UNREACH_* bits, 0 when reachable */
	uint32_t last_error;     /**< status of the last failed connect, else 0 */
};

/**
 * Adds an interface (MprAdminInterfaceCreate, level 0). Only name, enabled and type are read;
 * the new interface is DISCONNECTED with no transport enabled.
 * @return AS_NO_ERROR (*out set, may be NULL);
 *         AS_ERROR_INVALID_HANDLE            srv is NULL;
 *         AS_ERROR_INVALID_PARAMETER         if0 NULL, name empty or not a valid Linux
 *                                            interface name (longer than 15 bytes, '/', blanks),
 *                                            type not an enum as_if_type;
 *         AS_ERROR_INTERFACE_ALREADY_EXISTS  an interface with that name exists;
 *         AS_ERROR_ACCESS_DENIED             (remote) the caller may only read;
 *         AS_ERROR_NOT_ENOUGH_MEMORY; AS_ERROR_ROUTER_STOPPED (remote: the daemon went away).
 */
AS_EXPORT int as_interface_create(as_server *srv, const struct as_interface_0 *if0,
                                  as_ifhandle *out);

/**
 * Removes an interface (MprAdminInterfaceDelete): a running update is cancelled, and its
 * autostatic routes are removed from the store and from the kernel.
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE (srv NULL or no such handle);
 *         AS_ERROR_ACCESS_DENIED (remote); AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_delete(as_server *srv, as_ifhandle ifh);

/**
 * The handle of the interface called name (MprAdminInterfaceGetHandle).
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE (srv NULL);
 *         AS_ERROR_INVALID_PARAMETER (name or out NULL);
 *         AS_ERROR_NO_SUCH_INTERFACE (no interface with that name);
 *         AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_get_handle(as_server *srv, const char *name, as_ifhandle *out);

/**
 * One interface's MPR_INTERFACE_0 (MprAdminInterfaceGetInfo, level 0).
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE; AS_ERROR_INVALID_PARAMETER (out NULL);
 *         AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_get_info(as_server *srv, as_ifhandle ifh, struct as_interface_0 *out);

/**
 * Lists interfaces in creation order (MprAdminInterfaceEnum). *resume is 0 on the first call;
 * the call fills at most max entries, sets *count to how many it wrote, *total to how many
 * interfaces remain from *resume on (before this call), and advances *resume past them.
 * @return AS_NO_ERROR           every remaining interface was written (possibly none);
 *         AS_ERROR_MORE_DATA    entries were written but more remain: call again with *resume;
 *         AS_ERROR_INVALID_HANDLE (srv NULL);
 *         AS_ERROR_INVALID_PARAMETER (out NULL with max > 0, count or resume NULL);
 *         AS_ERROR_ROUTER_STOPPED (remote).
 * total may be NULL.
 */
AS_EXPORT int as_interface_enum(as_server *srv, struct as_interface_0 *out, size_t max,
                                size_t *count, size_t *total, uint32_t *resume);

/**
 * Connects the interface (MprAdminInterfaceConnect, synchronous): the state becomes CONNECTED
 * when its link exists, is up and has carrier (the replay backend always has one); otherwise it
 * becomes UNREACHABLE with the reasons set.
 * @return AS_NO_ERROR (also when already connected); AS_ERROR_INVALID_HANDLE;
 *         AS_ERROR_INTERFACE_NOT_CONNECTED (link missing, down or without carrier);
 *         AS_ERROR_ACCESS_DENIED (remote); AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_connect(as_server *srv, as_ifhandle ifh);

/**
 * Disconnects the interface (MprAdminInterfaceDisconnect): running updates on it are cancelled
 * (their event fds are signalled, their result is lost) and every update result of the
 * interface is forgotten. The autostatic routes stay (they are static routes).
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE;
 *         AS_ERROR_INTERFACE_NOT_CONNECTED (it was not connected);
 *         AS_ERROR_ACCESS_DENIED (remote); AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_disconnect(as_server *srv, as_ifhandle ifh);

/** Per-transport settings of an interface: how its router manager asks the neighbour. */
struct as_transport_cfg {
	int mode;              /**< 0 = request (whole-table Request), 1 = triggered (RFC 2091) */
	int rip_version;       /**< IP: 1 or 2 (0 = 2) */
	bool have_neighbour;   /**< else the multicast / broadcast address of the transport */
	uint8_t neighbour[16]; /**< IPv4 in the first 4 bytes (network order), or IPv6 link-local */
	struct as_rip_key key; /**< IP authentication; alg 0 = none */
	double timeout;        /**< seconds per attempt (0 = 2) */
	unsigned retries;      /**< attempts (0 = 3) */
	double retransmit;     /**< triggered: Update Request retransmission (0 = 5 s) */
	unsigned quiet_ms;     /**< upper bound of the quiet period (0 = 2000) */
	int ipx_frame;         /**< IPX: enum as_ipx_framing (0 = Ethernet II) */
	bool have_ipx_network;
	uint32_t ipx_network; /**< IPX: our network number */
	bool install;         /**< IP/IPv6: install this interface's routes in the kernel (only
	                       *   when the server was made with install as well) */
};

/** Fills a transport configuration with the defaults (zero then the defaults above). */
AS_EXPORT void as_transport_cfg_defaults(struct as_transport_cfg *cfg);

/**
 * Enables a transport on an interface (MprAdminInterfaceTransportAdd), or replaces its settings
 * when it is enabled already (MprAdminInterfaceTransportSetInfo). cfg NULL = defaults.
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE; AS_ERROR_UNKNOWN_PROTOCOL_ID (pid not IP, IPv6,
 *         IPX: AppleTalk and NetBEUI included); AS_ERROR_INVALID_PARAMETER (mode, version,
 *         framing or key out of range); AS_ERROR_UPDATE_IN_PROGRESS (an update of that transport
 *         runs on the interface: settings cannot change under it); AS_ERROR_ACCESS_DENIED
 *         (remote); AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_transport_add(as_server *srv, as_ifhandle ifh, int pid,
                                         const struct as_transport_cfg *cfg);

/**
 * Disables a transport on an interface (MprAdminInterfaceTransportRemove). Its autostatic routes
 * stay in the store (they survive the protocol being disabled, as in RRAS).
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE; AS_ERROR_UNKNOWN_PROTOCOL_ID;
 *         AS_ERROR_NO_SUCH_INTERFACE (not enabled); AS_ERROR_UPDATE_IN_PROGRESS;
 *         AS_ERROR_ACCESS_DENIED (remote); AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_transport_remove(as_server *srv, as_ifhandle ifh, int pid);

/* ------------------------------------------------------------------------------------------ */
/* Updates */

/**
 * Asks the router manager of pid for an autostatic update on the interface
 * (MprAdminInterfaceUpdateRoutes). For IPX both the routes and the services are asked for.
 * event_fd < 0: synchronous, returns the update's own status once it is done. event_fd >= 0 (an
 * eventfd, or any descriptor a write of an 8-byte 1 suits): returns AS_PENDING at once and the
 * descriptor is written when the update ends (also when it is cancelled by a disconnect); then
 * call as_interface_query_update_result(). The descriptor must stay open until then.
 * On success the interface's autostatic set for the transport is replaced atomically and
 * persisted (and installed in the kernel when asked); on failure the previous set stays.
 * @return AS_NO_ERROR (synchronous, success); AS_PENDING (asynchronous, started);
 *         AS_ERROR_INVALID_HANDLE (srv NULL or no such interface);
 *         AS_ERROR_UNKNOWN_PROTOCOL_ID (not IP, IPv6 or IPX);
 *         AS_ERROR_NO_SUCH_INTERFACE (transport not enabled on the interface);
 *         AS_ERROR_INTERFACE_NOT_CONNECTED (not connected, or the link went down);
 *         AS_ERROR_UPDATE_IN_PROGRESS (an update runs on this interface and transport);
 *         AS_ERROR_INVALID_PARAMETER (remote server and event_fd >= 0);
 *         AS_ERROR_CAN_NOT_COMPLETE (synchronous: no valid reply within the retry budget, the
 *         update could not start, or the store could not be written; also when a disconnect
 *         cancelled it); AS_ERROR_ACCESS_DENIED (remote, or no privilege to open the link);
 *         AS_ERROR_NOT_ENOUGH_MEMORY; AS_ERROR_ROUTER_STOPPED (the router stopped meanwhile);
 *         AS_ERROR_NOT_SUPPORTED (no protocol module for this transport in this build).
 * A failure to install the routes in the kernel does not change the status (the store holds
 * them and they go in again at the next connect); as_server_error() reports it.
 */
AS_EXPORT int as_interface_update_routes(as_server *srv, as_ifhandle ifh, int pid, int event_fd);

/**
 * The status of the last update of (interface, pid) (MprAdminInterfaceQueryUpdateResult):
 * *result = AS_NO_ERROR or AS_ERROR_CAN_NOT_COMPLETE, or AS_PENDING while it still runs.
 * The result is gone once the interface disconnects.
 * @return AS_NO_ERROR (*result set); AS_ERROR_INVALID_HANDLE; AS_ERROR_UNKNOWN_PROTOCOL_ID;
 *         AS_ERROR_NO_SUCH_INTERFACE (transport not enabled);
 *         AS_ERROR_INTERFACE_NOT_CONNECTED (not connected: no result is kept);
 *         AS_ERROR_INVALID_PARAMETER (result NULL);
 *         AS_ERROR_NO_MORE_ITEMS (connected but no update was asked since it connected);
 *         AS_ERROR_ACCESS_DENIED (remote); AS_ERROR_ROUTER_STOPPED (remote).
 * The checks run in the order listed (result NULL after the interface checks, as in RRAS).
 */
AS_EXPORT int as_interface_query_update_result(as_server *srv, as_ifhandle ifh, int pid,
                                               int *result);

/* ------------------------------------------------------------------------------------------ */
/* Autostatic routes and services (from the store) */

/** One autostatic route. family 4, 6, or 11 (IPX: prefix holds the 4-byte network, plen 32,
 *  tag holds the ticks, metric the hops). */
struct as_admin_route {
	uint8_t family;
	uint8_t plen;
	uint16_t tag;
	uint32_t metric;
	uint8_t prefix[16];
	uint8_t next_hop[16];
};

/** One autostatic IPX service (SAP). */
struct as_admin_service {
	uint16_t type;
	uint16_t hops;
	char name[49];
	uint32_t network;
	uint8_t node[6];
	uint16_t socket;
};

/** What the store holds for (interface, pid). */
struct as_admin_set_info {
	size_t routes;
	size_t services;
	uint64_t generation; /**< store generation that last replaced this set (0 = never) */
	uint64_t updated_ns; /**< wall clock of that replacement, ns since the epoch */
	bool installed;      /**< the routes are (meant to be) in the kernel */
};

/**
 * How many autostatic routes and services the store holds for (interface, pid).
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE; AS_ERROR_UNKNOWN_PROTOCOL_ID;
 *         AS_ERROR_INVALID_PARAMETER (out NULL); AS_ERROR_ROUTER_STOPPED (remote).
 * The transport need not be enabled: the routes outlive it.
 */
AS_EXPORT int as_interface_set_info(as_server *srv, as_ifhandle ifh, int pid,
                                    struct as_admin_set_info *out);

/**
 * Lists the autostatic routes of (interface, pid) in the order they were learned, resumable as
 * as_interface_enum(): at most max entries, *count written, *total remaining from *resume.
 * @return AS_NO_ERROR (all remaining written); AS_ERROR_MORE_DATA (call again);
 *         AS_ERROR_INVALID_HANDLE; AS_ERROR_UNKNOWN_PROTOCOL_ID;
 *         AS_ERROR_INVALID_PARAMETER (out NULL with max > 0, count or resume NULL);
 *         AS_ERROR_ROUTER_STOPPED (remote).
 */
AS_EXPORT int as_interface_routes_enum(as_server *srv, as_ifhandle ifh, int pid,
                                       struct as_admin_route *out, size_t max, size_t *count,
                                       size_t *total, uint32_t *resume);

/**
 * Lists the autostatic IPX services of an interface (pid is AS_PID_IPX), as
 * as_interface_routes_enum().
 * @return the same statuses; AS_ERROR_UNKNOWN_PROTOCOL_ID for a pid other than IPX.
 */
AS_EXPORT int as_interface_services_enum(as_server *srv, as_ifhandle ifh, int pid,
                                         struct as_admin_service *out, size_t max, size_t *count,
                                         size_t *total, uint32_t *resume);

/**
 * Removes the autostatic routes (and services) of (interface, pid) from the store and from the
 * kernel: the administrator's way to drop them.
 * @return AS_NO_ERROR; AS_ERROR_INVALID_HANDLE; AS_ERROR_UNKNOWN_PROTOCOL_ID;
 *         AS_ERROR_UPDATE_IN_PROGRESS; AS_ERROR_CAN_NOT_COMPLETE (the store could not be
 *         written: the set stays); AS_ERROR_ACCESS_DENIED (remote); AS_ERROR_ROUTER_STOPPED.
 */
AS_EXPORT int as_interface_routes_clear(as_server *srv, as_ifhandle ifh, int pid);

/* ------------------------------------------------------------------------------------------ */
/* Status names */

/** "ERROR_UPDATE_IN_PROGRESS (911): an update is already running on this interface and
 *  transport" - the Windows name, the number, and one sentence. Static storage. */
AS_EXPORT const char *as_strerror(int status);

/* ------------------------------------------------------------------------------------------ */
/* The routing-protocol layer (routprot.h): what the router managers offer, per transport, inside
 * an in-process router. Interfaces are named here by their Linux ifindex, as RRAS names them by
 * InterfaceIndex. A daemon or test drives these directly; the admin calls above use them. */

/** ROUTING_PROTOCOL_EVENTS */
enum as_rp_event {
	AS_RP_ROUTER_STOPPED = 0,
	AS_RP_SAVE_GLOBAL_CONFIG_INFO = 1,
	AS_RP_SAVE_INTERFACE_CONFIG_INFO = 2,
	AS_RP_UPDATE_COMPLETE = 3,
};

#define AS_RF_DEMAND_UPDATE_ROUTES 0x4u /**< UpdateType: routes */
#define AS_DEMAND_UPDATE_SERVICES  0x8u /**< UpdateType: services (IPX SAP) */

/** UPDATE_COMPLETE_MESSAGE */
struct as_update_complete_msg {
	uint32_t ifindex;
	uint32_t update_type;   /**< AS_RF_DEMAND_UPDATE_ROUTES or AS_DEMAND_UPDATE_SERVICES */
	uint32_t update_status; /**< AS_NO_ERROR or AS_ERROR_CAN_NOT_COMPLETE */
};

/**
 * DoUpdateRoutes: starts an autostatic route update on the interface with Linux index ifindex,
 * whose transport pid must be enabled and connected. Completion is an UPDATE_COMPLETE message.
 * @return AS_NO_ERROR (started); AS_ERROR_INVALID_PARAMETER (no interface of the server has that
 *         index with pid enabled); AS_ERROR_CAN_NOT_COMPLETE (cannot be done: not connected, an
 *         update of this kind already runs, the start failed); AS_ERROR_INVALID_HANDLE (srv NULL
 *         or remote); AS_ERROR_UNKNOWN_PROTOCOL_ID (pid).
 */
AS_EXPORT int as_rp_do_update_routes(as_server *srv, int pid, uint32_t ifindex);

/**
 * DoUpdateServices: the same for IPX SAP services (pid is AS_PID_IPX).
 * @return as as_rp_do_update_routes(); AS_ERROR_UNKNOWN_PROTOCOL_ID for another pid.
 */
AS_EXPORT int as_rp_do_update_services(as_server *srv, int pid, uint32_t ifindex);

/**
 * GetEventMessage: takes the oldest event of the router manager of pid.
 * @return AS_NO_ERROR (*event and, for UPDATE_COMPLETE, *msg set; msg may be NULL);
 *         AS_ERROR_NO_MORE_ITEMS (queue empty); AS_ERROR_INVALID_PARAMETER (event NULL);
 *         AS_ERROR_INVALID_HANDLE (srv NULL or remote); AS_ERROR_UNKNOWN_PROTOCOL_ID.
 */
AS_EXPORT int as_rp_get_event_message(as_server *srv, int pid, int *event,
                                      struct as_update_complete_msg *msg);

/**
 * The notification descriptor of the router manager of pid: an eventfd readable while an event
 * waits (read it to clear it, then drain with as_rp_get_event_message()). Owned by the server.
 * @return the descriptor, or -1 (srv NULL or remote, unknown pid).
 */
AS_EXPORT int as_rp_notification_fd(as_server *srv, int pid);

#ifdef __cplusplus
}
#endif
#endif
