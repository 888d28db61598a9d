/* kinstall.h - autostatic routes in the kernel table through rtnetlink (RFC 3549), under our own
 * route protocol number, so that only our routes on one interface are ever replaced or removed.
 */
#ifndef AUTOSTATIC_ADMIN_KINSTALL_H
#define AUTOSTATIC_ADMIN_KINSTALL_H

#include <stddef.h>
#include <stdint.h>

#include "src/core/rtable.h"

struct as_kinstall;

struct as_kinstall_stats {
	size_t added, removed, kept;
	size_t failed; /**< routes the kernel refused (e.g. a foreign route holds the same key) */
};

/** Opens a NETLINK_ROUTE socket. proto: rtm_protocol (1..255); table: 0 = main. 0 or -1. */
int as_kinstall_open(int proto, uint32_t table, struct as_kinstall **out, char *err, size_t errlen);
void as_kinstall_close(struct as_kinstall *k);

/**
 * Makes the kernel's routes of our protocol on ifindex for family (4 or 6) exactly the routes
 * of that family in t (NULL = none): stale ones deleted, missing ones added, equal ones kept.
 * Routes of other protocols, or on other interfaces, are never touched. Returns 0 when every
 * change was made, -1 otherwise (stats say how many failed; err the first reason).
 */
int as_kinstall_replace(struct as_kinstall *k, int ifindex, int family, const struct as_rtable *t,
                        struct as_kinstall_stats *st, char *err, size_t errlen);

#endif
