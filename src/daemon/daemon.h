/* daemon.h - the parts of autostaticd: logging, privilege drop, the link watcher and the control
 * socket, around one in-process router (admin.h).
 */
#ifndef AS_DAEMON_H
#define AS_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <syslog.h>

#include <autostatic/admin.h>

/* ---- log.c: stderr or syslog, each message format limited to `rate` lines per second ---- */
void as_log_init(bool use_syslog, unsigned rate);
__attribute__((format(printf, 2, 3))) void as_log(int prio, const char *fmt, ...);

/* ---- privdrop.c ---- */
/**
 * Becomes user (its uid, gid and no supplementary groups) keeping only CAP_NET_RAW and
 * CAP_NET_ADMIN, permitted and effective; sets no_new_privs. Must run before any thread starts:
 * capabilities are per thread. 0, or -1 with a message.
 */
int as_privdrop(const char *user, char *err, size_t errlen);

/* ---- linkwatch.c: rtnetlink RTMGRP_LINK ---- */
typedef void (*as_link_cb)(void *ctx, const char *ifname, bool up);
/** Opens the netlink socket; returns its descriptor (to poll), or -1. */
int as_linkwatch_open(void);
/** Reads what is pending and calls cb for each link message. 0, or -1 on a socket error. */
int as_linkwatch_read(as_link_cb cb, void *ctx);
/** Whether a link exists, is up and has carrier now (for start-up and reloads). */
bool as_link_is_up(const char *ifname);
void as_linkwatch_close(void);

/* ---- control.c: the control socket (doc/control-protocol.md) ---- */
struct as_control;
/**
 * Binds path (a stale socket is replaced), mode 0666: the peer credentials decide. admin_gid
 * (or (gid_t)-1 for none) and root may use it; so may the daemon's own uid.
 */
struct as_control *as_control_open(const char *path, gid_t admin_gid, int epfd, char *err,
                                   size_t errlen);
/** The server the requests act on (set once the router exists). */
void as_control_set_server(struct as_control *c, as_server *srv);
/** Handles an epoll event whose data.u64 was given by the control (tag AS_EP_CONTROL). */
void as_control_event(struct as_control *c, uint64_t data, uint32_t events);
void as_control_close(struct as_control *c);

/* epoll data.u64 = tag << 32 | index */
enum { AS_EP_SIGNAL = 1, AS_EP_LINK = 2, AS_EP_CONTROL = 3 };

#endif
