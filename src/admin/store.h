/* store.h - the autostatic route store: per (interface, transport) the set of routes and IPX
 * services learned by the last successful update, replaced atomically and persisted crash-safe
 * (doc/store-format.md).
 *
 * On disk one file per generation, "store-GGGGGGGGGGGGGGGG" (16 hex digits) in the state
 * directory, written to a temporary file, fsynced, renamed and the directory fsynced, ending in a
 * checksum. Loading takes the newest file that verifies; a corrupt one is reported, renamed to
 * "*.corrupt" and the last good generation kept. Not thread-safe: the router thread owns it.
 */
#ifndef AUTOSTATIC_ADMIN_STORE_H
#define AUTOSTATIC_ADMIN_STORE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "src/core/rtable.h"
#include "src/core/svctable.h"

struct as_store_set {
	char ifname[IF_NAMESIZE];
	int pid;
	struct as_rtable routes;
	struct as_svctable services;
	uint64_t gen;        /**< generation that last replaced this set */
	uint64_t updated_ns; /**< wall clock of that replacement */
	bool installed;      /**< the routes are meant to be in the kernel */
};

struct as_store {
	char *dir;        /**< NULL: memory only */
	uint64_t gen;     /**< generation held (0 = nothing saved yet) */
	uint64_t max_gen; /**< highest generation number seen on disk (corrupt ones included) */
	struct as_store_set *sets;
	size_t n, cap;
	unsigned corrupt; /**< files found corrupt when loading */
	char err[512];    /**< last error, or the corruption report of the load */
};

/**
 * Opens the store of dir (created if missing; NULL = memory only) and loads the newest good
 * generation. Returns 0, or -1 with the reason in err (directory unusable, out of memory).
 * Corrupt files are not an error: (*out)->corrupt counts them and (*out)->err names them.
 */
int as_store_open(const char *dir, struct as_store **out, char *err, size_t errlen);
void as_store_close(struct as_store *s);

/** The set of (ifname, pid), or NULL. */
const struct as_store_set *as_store_find(const struct as_store *s, const char *ifname, int pid);

/**
 * Replaces the routes (routes non-NULL) and/or the services (services non-NULL) of
 * (ifname, pid) and saves a new generation. The tables are copied. On failure nothing changes,
 * in memory or on disk. Returns 0, or -1 with s->err set.
 */
int as_store_replace(struct as_store *s, const char *ifname, int pid,
                     const struct as_rtable *routes, const struct as_svctable *services,
                     uint64_t wall_ns, bool installed);

/** Removes the set of (ifname, pid) and saves (nothing to do when absent). 0 or -1. */
int as_store_remove(struct as_store *s, const char *ifname, int pid);

/** Writes the current sets as a new generation (the crash test's loop). 0 or -1. */
int as_store_save(struct as_store *s);

/** The checksum of the format (doc/store-format.md): 64-bit, over 8-byte little-endian words. */
uint64_t as_store_sum(const uint8_t *p, size_t len);

#endif
