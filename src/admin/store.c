/* store.c - the autostatic route store: atomic replacement per (interface, transport) and
 * crash-safe persistence (doc/store-format.md). Windows keeps autostatic routes as static routes
 * of protocol PROTO_IP_NT_AUTOSTATIC that survive restarts (MPR.md); this is our equivalent.
 *
 * Crash safety: a generation is written whole to "store-G.tmp", fsynced, renamed to "store-G"
 * and the directory fsynced; only then is the previous-but-one generation deleted. After a kill
 * at any instant the directory holds the old generation, possibly the new one complete, and
 * possibly a partial .tmp that loading ignores and removes. The trailing checksum catches what
 * the disk or a person did to a file since; loading then falls back to the next older one.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/admin/store.h"

#define HDR_LEN        64
#define SET_LEN        64
#define ROUTE_LEN      40
#define SVC_LEN        64
#define TRAILER_LEN    16
#define FORMAT_VERSION 1
static const char MAGIC[8] = {'A', 'S', 'S', 'T', 'O', 'R', 'E', '1'};
static const char END_MAGIC[8] = {'A', 'S', 'S', 'T', 'E', 'N', 'D', '1'};

/* ---- little-endian helpers ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

uint64_t as_store_sum(const uint8_t *p, size_t len)
{
	/* FNV-1a over 64-bit words, the length folded in, then a final avalanche (splitmix64):
	 * one multiply per 8 bytes keeps a 40 MB store well under the one-second budget, and any
	 * change of one word changes the sum. */
	const uint64_t prime = 0x100000001b3ull;
	uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8)
		h = (h ^ get64(p + i)) * prime;
	if (i < len) {
		uint8_t tail[8] = {0};
		memcpy(tail, p + i, len - i);
		h = (h ^ get64(tail)) * prime;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

/* ---- sets ---- */

static void set_free(struct as_store_set *st)
{
	as_rtable_free(&st->routes);
	as_svctable_free(&st->services);
}

static int rtable_copy(struct as_rtable *dst, const struct as_rtable *src)
{
	as_rtable_init(dst);
	if (!src->n)
		return 0;
	dst->r = malloc(src->n * sizeof *dst->r);
	dst->slot = malloc(src->nslots * sizeof *dst->slot);
	if (!dst->r || !dst->slot) {
		as_rtable_free(dst);
		return -1;
	}
	memcpy(dst->r, src->r, src->n * sizeof *dst->r);
	memcpy(dst->slot, src->slot, src->nslots * sizeof *dst->slot);
	dst->n = dst->cap = src->n;
	dst->nslots = src->nslots;
	return 0;
}

static int svctable_copy(struct as_svctable *dst, const struct as_svctable *src)
{
	as_svctable_init(dst);
	if (!src->n)
		return 0;
	dst->s = malloc(src->n * sizeof *dst->s);
	dst->slot = malloc(src->nslots * sizeof *dst->slot);
	if (!dst->s || !dst->slot) {
		as_svctable_free(dst);
		return -1;
	}
	memcpy(dst->s, src->s, src->n * sizeof *dst->s);
	memcpy(dst->slot, src->slot, src->nslots * sizeof *dst->slot);
	dst->n = dst->cap = src->n;
	dst->nslots = src->nslots;
	return 0;
}

static ssize_t find_idx(const struct as_store *s, const char *ifname, int pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->sets[i].pid == pid && !strncmp(s->sets[i].ifname, ifname, IF_NAMESIZE))
			return (ssize_t)i;
	return -1;
}

const struct as_store_set *as_store_find(const struct as_store *s, const char *ifname, int pid)
{
	ssize_t i = find_idx(s, ifname, pid);
	return i < 0 ? NULL : &s->sets[i];
}

static int grow(struct as_store *s)
{
	if (s->n < s->cap)
		return 0;
	size_t cap = s->cap ? s->cap * 2 : 8;
	struct as_store_set *n = realloc(s->sets, cap * sizeof *n);
	if (!n)
		return -1;
	s->sets = n;
	s->cap = cap;
	return 0;
}

/* ---- encoding ---- */

/* The set at index `over` is replaced by *alt (over == n: appended; alt NULL: none; skip: the
 * set at that index is left out). */
struct view {
	const struct as_store *s;
	const struct as_store_set *alt;
	size_t over;
	ssize_t skip;
};

static size_t view_n(const struct view *v)
{
	size_t n = v->s->n + (v->alt && v->over == v->s->n ? 1 : 0);
	return v->skip >= 0 ? n - 1 : n;
}

static const struct as_store_set *view_get(const struct view *v, size_t i)
{
	if (v->skip >= 0 && i >= (size_t)v->skip)
		i++;
	if (v->alt && i == v->over)
		return v->alt;
	return &v->s->sets[i];
}

static uint8_t *encode(const struct view *v, uint64_t gen, size_t *len_out)
{
	size_t n = view_n(v), len = HDR_LEN + TRAILER_LEN;
	for (size_t i = 0; i < n; i++) {
		const struct as_store_set *st = view_get(v, i);
		len += SET_LEN + st->routes.n * ROUTE_LEN + st->services.n * SVC_LEN;
	}
	uint8_t *buf = malloc(len), *p = buf;
	if (!buf)
		return NULL;
	memset(p, 0, HDR_LEN);
	memcpy(p, MAGIC, 8);
	put32(p + 8, FORMAT_VERSION);
	put32(p + 12, HDR_LEN);
	put64(p + 16, gen);
	put32(p + 24, (uint32_t)n);
	put64(p + 32, (uint64_t)len);
	p += HDR_LEN;
	for (size_t i = 0; i < n; i++) {
		const struct as_store_set *st = view_get(v, i);
		memset(p, 0, SET_LEN);
		memcpy(p, st->ifname, strnlen(st->ifname, IF_NAMESIZE));
		put32(p + 16, (uint32_t)st->pid);
		put32(p + 20, st->installed ? 1u : 0u);
		put64(p + 24, st->routes.n);
		put64(p + 32, st->services.n);
		put64(p + 40, st->gen);
		put64(p + 48, st->updated_ns);
		p += SET_LEN;
		for (size_t k = 0; k < st->routes.n; k++, p += ROUTE_LEN) {
			const struct as_route *r = &st->routes.r[k];
			p[0] = r->family;
			p[1] = r->plen;
			put16(p + 2, r->tag);
			put32(p + 4, r->metric);
			memcpy(p + 8, r->prefix, 16);
			memcpy(p + 24, r->next_hop, 16);
		}
		for (size_t k = 0; k < st->services.n; k++, p += SVC_LEN) {
			const struct as_service *sv = &st->services.s[k];
			memset(p, 0, SVC_LEN);
			put16(p, sv->type);
			put16(p + 2, sv->hops);
			put32(p + 4, sv->network);
			memcpy(p + 8, sv->node, 6);
			put16(p + 14, sv->socket);
			memcpy(p + 16, sv->name, strnlen(sv->name, AS_SVC_NAME_MAX));
		}
	}
	memcpy(p, END_MAGIC, 8);
	put64(p + 8, as_store_sum(buf, len - 8));
	*len_out = len;
	return buf;
}

/* Decodes a whole file into sets. Returns 0 or -1 with why. */
static int decode(const uint8_t *buf, size_t len, struct as_store *into, uint64_t *gen, char *why,
                  size_t whylen)
{
	if (len < HDR_LEN + TRAILER_LEN || memcmp(buf, MAGIC, 8)) {
		snprintf(why, whylen, "not a store file (magic)");
		return -1;
	}
	if (memcmp(buf + len - TRAILER_LEN, END_MAGIC, 8) || get64(buf + 32) != len) {
		snprintf(why, whylen, "truncated (%zu bytes, header says %" PRIu64 ")", len,
		         get64(buf + 32));
		return -1;
	}
	if (as_store_sum(buf, len - 8) != get64(buf + len - 8)) {
		snprintf(why, whylen, "checksum mismatch");
		return -1;
	}
	if (get32(buf + 8) != FORMAT_VERSION || get32(buf + 12) != HDR_LEN) {
		snprintf(why, whylen, "unsupported version %u", (unsigned)get32(buf + 8));
		return -1;
	}
	*gen = get64(buf + 16);
	uint32_t n = get32(buf + 24);
	const uint8_t *p = buf + HDR_LEN, *end = buf + len - TRAILER_LEN;
	for (uint32_t i = 0; i < n; i++) {
		if ((size_t)(end - p) < SET_LEN)
			goto bad;
		uint64_t nr = get64(p + 24), ns = get64(p + 32);
		if (nr > (size_t)(end - p) / ROUTE_LEN || ns > (size_t)(end - p) / SVC_LEN ||
		    (size_t)(end - p) - SET_LEN < nr * ROUTE_LEN + ns * SVC_LEN)
			goto bad;
		if (grow(into)) {
			snprintf(why, whylen, "out of memory");
			return -1;
		}
		struct as_store_set *st = &into->sets[into->n++];
		memset(st, 0, sizeof *st);
		as_rtable_init(&st->routes);
		as_svctable_init(&st->services);
		memcpy(st->ifname, p, IF_NAMESIZE - 1);
		st->pid = (int)get32(p + 16);
		st->installed = get32(p + 20) & 1u;
		st->gen = get64(p + 40);
		st->updated_ns = get64(p + 48);
		p += SET_LEN;
		for (uint64_t k = 0; k < nr; k++, p += ROUTE_LEN) {
			struct as_route r = {.family = p[0], .plen = p[1]};
			r.tag = get16(p + 2);
			r.metric = get32(p + 4);
			memcpy(r.prefix, p + 8, 16);
			memcpy(r.next_hop, p + 24, 16);
			if (as_rtable_put(&st->routes, &r) == AS_RT_NOMEM) {
				snprintf(why, whylen, "out of memory");
				return -1;
			}
		}
		for (uint64_t k = 0; k < ns; k++, p += SVC_LEN) {
			struct as_service sv = {.type = get16(p), .hops = get16(p + 2)};
			sv.network = get32(p + 4);
			memcpy(sv.node, p + 8, 6);
			sv.socket = get16(p + 14);
			memcpy(sv.name, p + 16, AS_SVC_NAME_MAX);
			sv.name[AS_SVC_NAME_MAX] = 0;
			if (as_svctable_put(&st->services, &sv) < 0) {
				snprintf(why, whylen, "out of memory");
				return -1;
			}
		}
	}
	if (p != end)
		goto bad;
	return 0;
bad:
	snprintf(why, whylen, "inconsistent set lengths");
	return -1;
}

/* ---- files ---- */

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) || sb.st_size < 0) {
		close(fd);
		return -1;
	}
	size_t n = (size_t)sb.st_size, got = 0;
	uint8_t *b = malloc(n ? n : 1);
	while (b && got < n) {
		ssize_t r = read(fd, b + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!b || got != n) {
		free(b);
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

static bool parse_name(const char *name, uint64_t *gen, bool *tmp)
{
	if (strncmp(name, "store-", 6))
		return false;
	const char *h = name + 6;
	for (int i = 0; i < 16; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	if (h[16] && strcmp(h + 16, ".tmp"))
		return false;
	*tmp = h[16] != 0;
	*gen = strtoull(h, NULL, 16);
	return true;
}

static void gen_path(const struct as_store *s, uint64_t gen, const char *suffix, char *buf,
                     size_t len)
{
	snprintf(buf, len, "%s/store-%016" PRIx64 "%s", s->dir, gen, suffix);
}

static int cmp_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* Removes every generation file other than keep_a and keep_b (best effort). */
static void prune(struct as_store *s, uint64_t keep_a, uint64_t keep_b)
{
	DIR *d = opendir(s->dir);
	if (!d)
		return;
	struct dirent *de;
	char path[4096];
	while ((de = readdir(d))) {
		uint64_t g;
		bool tmp;
		if (!parse_name(de->d_name, &g, &tmp) || tmp || g == keep_a || g == keep_b)
			continue;
		snprintf(path, sizeof path, "%s/%s", s->dir, de->d_name);
		unlink(path);
	}
	closedir(d);
}

static int load(struct as_store *s)
{
	DIR *d = opendir(s->dir);
	if (!d) {
		snprintf(s->err, sizeof s->err, "%s: %s", s->dir, strerror(errno));
		return -1;
	}
	uint64_t *gens = NULL;
	size_t ng = 0, capg = 0;
	struct dirent *de;
	char path[4096];
	while ((de = readdir(d))) {
		uint64_t g;
		bool tmp;
		if (!parse_name(de->d_name, &g, &tmp))
			continue;
		if (g > s->max_gen)
			s->max_gen = g;
		if (tmp) {
			/* A save that was interrupted: never renamed, so never the store. */
			snprintf(path, sizeof path, "%s/%s", s->dir, de->d_name);
			unlink(path);
			continue;
		}
		if (ng == capg) {
			capg = capg ? capg * 2 : 8;
			uint64_t *n = realloc(gens, capg * sizeof *n);
			if (!n) {
				free(gens);
				closedir(d);
				snprintf(s->err, sizeof s->err, "out of memory");
				return -1;
			}
			gens = n;
		}
		gens[ng++] = g;
	}
	closedir(d);
	if (ng)
		qsort(gens, ng, sizeof *gens, cmp_desc);
	s->err[0] = 0;
	for (size_t i = 0; i < ng; i++) {
		gen_path(s, gens[i], "", path, sizeof path);
		uint8_t *buf;
		size_t len;
		char why[160] = "unreadable";
		uint64_t g = 0;
		if (!read_file(path, &buf, &len)) {
			int rc = decode(buf, len, s, &g, why, sizeof why);
			free(buf);
			if (!rc && g == gens[i]) {
				s->gen = g;
				break;
			}
			if (!rc)
				snprintf(why, sizeof why, "generation %" PRIu64 " inside", g);
		}
		for (size_t k = 0; k < s->n; k++)
			set_free(&s->sets[k]);
		s->n = 0;
		s->corrupt++;
		size_t used = strlen(s->err);
		snprintf(s->err + used, sizeof s->err - used, "%s%s: corrupt (%s)",
		         used ? "; " : "", path, why);
		/* Kept for inspection, out of the way of the generations. */
		char bad[4200];
		snprintf(bad, sizeof bad, "%s.corrupt", path);
		rename(path, bad);
	}
	free(gens);
	if (s->corrupt && s->gen) {
		size_t used = strlen(s->err);
		snprintf(s->err + used, sizeof s->err - used, "; generation %" PRIu64 " loaded",
		         s->gen);
	}
	return 0;
}

int as_store_open(const char *dir, struct as_store **out, char *err, size_t errlen)
{
	*out = NULL;
	struct as_store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (dir) {
		s->dir = strdup(dir);
		if (!s->dir || (mkdir(dir, 0700) && errno != EEXIST) || load(s)) {
			snprintf(err, errlen, "route store %s: %s", dir,
			         s->err[0] ? s->err : strerror(errno));
			as_store_close(s);
			return -1;
		}
	}
	*out = s;
	return 0;
}

void as_store_close(struct as_store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		set_free(&s->sets[i]);
	free(s->sets);
	free(s->dir);
	free(s);
}

/* Writes the view as generation s->max_gen + 1. 0 or -1 (s->err). */
static int save_view(struct as_store *s, const struct view *v, uint64_t *gen_out)
{
	uint64_t gen = (s->max_gen > s->gen ? s->max_gen : s->gen) + 1;
	*gen_out = gen;
	if (!s->dir)
		return 0;
	size_t len;
	uint8_t *buf = encode(v, gen, &len);
	if (!buf) {
		snprintf(s->err, sizeof s->err, "out of memory");
		return -1;
	}
	char tmp[4096], fin[4096];
	gen_path(s, gen, ".tmp", tmp, sizeof tmp);
	gen_path(s, gen, "", fin, sizeof fin);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(s->err, sizeof s->err, "%.300s: %s", tmp, strerror(errno));
		free(buf);
		return -1;
	}
	int rc = write_all(fd, buf, len);
	free(buf);
	if (!rc)
		rc = fsync(fd);
	int e = errno;
	if (close(fd) && !rc)
		rc = -1, e = errno;
	if (!rc && rename(tmp, fin))
		rc = -1, e = errno;
	if (rc) {
		unlink(tmp);
		snprintf(s->err, sizeof s->err, "%.300s: %s", fin, strerror(e));
		return -1;
	}
	if (fsync_dir(s->dir)) {
		/* The rename may not be durable, and the caller will report a failure: take the new
		 * generation back so that a restart cannot find what we said was not saved. */
		int fe = errno;
		unlink(fin);
		fsync_dir(s->dir);
		snprintf(s->err, sizeof s->err, "%.300s: fsync: %s", s->dir, strerror(fe));
		s->max_gen = gen;
		return -1;
	}
	s->max_gen = gen;
	prune(s, gen, s->gen);
	return 0;
}

int as_store_save(struct as_store *s)
{
	struct view v = {.s = s, .skip = -1};
	uint64_t gen;
	if (save_view(s, &v, &gen))
		return -1;
	s->gen = gen;
	return 0;
}

int as_store_replace(struct as_store *s, const char *ifname, int pid,
                     const struct as_rtable *routes, const struct as_svctable *services,
                     uint64_t wall_ns, bool installed)
{
	ssize_t i = find_idx(s, ifname, pid);
	struct as_store_set ns = {.pid = pid, .updated_ns = wall_ns, .installed = installed};
	snprintf(ns.ifname, sizeof ns.ifname, "%s", ifname);
	const struct as_store_set *old = i >= 0 ? &s->sets[i] : NULL;
	static const struct as_rtable no_routes;
	static const struct as_svctable no_services;
	const struct as_rtable *r = routes ? routes : old ? &old->routes : &no_routes;
	const struct as_svctable *sv = services ? services : old ? &old->services : &no_services;
	if (rtable_copy(&ns.routes, r) || svctable_copy(&ns.services, sv)) {
		set_free(&ns);
		snprintf(s->err, sizeof s->err, "out of memory");
		return -1;
	}
	if (i < 0 && grow(s)) {
		set_free(&ns);
		snprintf(s->err, sizeof s->err, "out of memory");
		return -1;
	}
	struct view v = {.s = s, .alt = &ns, .over = i >= 0 ? (size_t)i : s->n, .skip = -1};
	uint64_t gen;
	ns.gen = (s->max_gen > s->gen ? s->max_gen : s->gen) + 1;
	if (save_view(s, &v, &gen)) {
		set_free(&ns);
		return -1;
	}
	ns.gen = gen;
	s->gen = gen;
	if (i >= 0) {
		set_free(&s->sets[i]);
		s->sets[i] = ns;
	} else {
		s->sets[s->n++] = ns;
	}
	return 0;
}

int as_store_remove(struct as_store *s, const char *ifname, int pid)
{
	ssize_t i = find_idx(s, ifname, pid);
	if (i < 0)
		return 0;
	struct view v = {.s = s, .skip = i};
	uint64_t gen;
	if (save_view(s, &v, &gen))
		return -1;
	s->gen = gen;
	set_free(&s->sets[i]);
	memmove(&s->sets[i], &s->sets[i + 1], (s->n - (size_t)i - 1) * sizeof *s->sets);
	s->n--;
	return 0;
}
