/* routefile.c - reads the route file a responder serves (autostatic-routes(5)); no RFC, the
 * metric range is RIP's (RFC 2453 3.6, RFC 2080) and IPX's hop limit (15 hops); the optional
 * `via` next hop is what RIPv2 (RFC 2453 4.4) and RIPng (RFC 2080 2.1.1) can advertise.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "src/core/linereader.h"
#include "src/core/routefile.h"

static bool host_bits_clear(const uint8_t *a, size_t n, unsigned plen)
{
	for (size_t i = 0; i < n; i++) {
		unsigned bits = i * 8 >= plen ? 0 : (plen - i * 8 >= 8 ? 8 : plen - i * 8);
		if (a[i] & (uint8_t) ~(0xFF00u >> bits))
			return false;
	}
	return true;
}

/* Parses PREFIX of the given family into r. Returns NULL, or a reason. */
static const char *parse_prefix(char *tok, int family, struct as_route *r)
{
	memset(r, 0, sizeof *r);
	r->family = (uint8_t)family;
	if (family == AS_RT_IPX) {
		const char *h = tok;
		if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
			h += 2;
		size_t n = strlen(h);
		if (n == 0 || n > 8)
			return "IPX network must be 1 to 8 hex digits";
		for (size_t i = 0; i < n; i++)
			if (!isxdigit((unsigned char)h[i]))
				return "IPX network must be 1 to 8 hex digits";
		unsigned long v = strtoul(h, NULL, 16);
		if (v == 0 || v == 0xFFFFFFFFul)
			return "IPX network 0 and FFFFFFFF are reserved";
		r->prefix[0] = (uint8_t)(v >> 24);
		r->prefix[1] = (uint8_t)(v >> 16);
		r->prefix[2] = (uint8_t)(v >> 8);
		r->prefix[3] = (uint8_t)v;
		r->plen = 32;
		return NULL;
	}
	unsigned maxlen = family == AS_RT_IPV6 ? 128 : 32;
	unsigned plen = maxlen;
	char *slash = strchr(tok, '/');
	if (slash) {
		*slash = 0;
		const char *l = slash + 1;
		if (!*l || strlen(l) > 3)
			return "bad prefix length";
		for (const char *c = l; *c; c++)
			if (!isdigit((unsigned char)*c))
				return "bad prefix length";
		plen = (unsigned)atoi(l);
		if (plen > maxlen)
			return family == AS_RT_IPV6 ? "prefix length above 128"
			                            : "prefix length above 32";
	}
	if (inet_pton(family == AS_RT_IPV6 ? AF_INET6 : AF_INET, tok, r->prefix) != 1)
		return family == AS_RT_IPV6 ? "not an IPv6 prefix" : "not an IPv4 prefix";
	if (!host_bits_clear(r->prefix, family == AS_RT_IPV6 ? 16 : 4, plen))
		return "host bits set beyond the prefix length";
	r->plen = (uint8_t)plen;
	return NULL;
}

struct rf_ctx {
	int family;
	struct as_rtable *t;
};

static int route_line(char *buf, const char *name, unsigned line, void *arg, char *err,
                      size_t errlen)
{
	const struct rf_ctx *ctx = arg;
	int family = ctx->family;
	struct as_rtable *t = ctx->t;
	char *hash = strchr(buf, '#');
	if (hash)
		*hash = 0;
	char *save = NULL;
	char *tok = strtok_r(buf, " \t\r\n", &save);
	if (!tok)
		return 0;
	char *mtok = strtok_r(NULL, " \t\r\n", &save);
	char *vtok = NULL, *atok = NULL;
	if (mtok && strcmp(mtok, "via") == 0) {
		vtok = mtok;
		mtok = NULL;
	} else if (mtok) {
		vtok = strtok_r(NULL, " \t\r\n", &save);
	}
	if (vtok) {
		if (strcmp(vtok, "via") != 0)
			return as_lr_fail(err, errlen, name, line, "trailing text '%s'", vtok);
		atok = strtok_r(NULL, " \t\r\n", &save);
		if (!atok)
			return as_lr_fail(err, errlen, name, line, "'via' needs an address");
	}
	char *junk = strtok_r(NULL, " \t\r\n", &save);
	if (junk)
		return as_lr_fail(err, errlen, name, line, "trailing text '%s'", junk);
	char shown[64];
	snprintf(shown, sizeof shown, "%s", tok);
	struct as_route r;
	const char *why = parse_prefix(tok, family, &r);
	if (why)
		return as_lr_fail(err, errlen, name, line, "%s: '%s'", why, shown);
	r.metric = 1;
	if (mtok) {
		char *end;
		errno = 0;
		long m = strtol(mtok, &end, 10);
		if (*end || errno || m < 1 || m > 15)
			return as_lr_fail(err, errlen, name, line,
			                  "metric must be 1 to 15, not '%s'", mtok);
		r.metric = (uint32_t)m;
	}
	if (atok) {
		if (family == AS_RT_IPX)
			return as_lr_fail(err, errlen, name, line,
			                  "'via' applies to IPv4 and IPv6 routes only");
		bool v6 = family == AS_RT_IPV6;
		if (inet_pton(v6 ? AF_INET6 : AF_INET, atok, r.next_hop) != 1)
			return as_lr_fail(err, errlen, name, line,
			                  "not an %s address after 'via': '%s'",
			                  v6 ? "IPv6" : "IPv4", atok);
	}
	if (as_rtable_get(t, family, r.prefix, r.plen))
		return as_lr_fail(err, errlen, name, line, "duplicate prefix '%s'", shown);
	if (as_rtable_put(t, &r) == AS_RT_NOMEM)
		return as_lr_fail(err, errlen, name, line, "out of memory");
	return 0;
}

int as_routefile_read(FILE *f, const char *name, int family, struct as_rtable *t, char *err,
                      size_t errlen)
{
	if (family != AS_RT_IPV4 && family != AS_RT_IPV6 && family != AS_RT_IPX)
		return as_lr_fail(err, errlen, name, 0, "unknown address family %d", family);
	struct rf_ctx ctx = {family, t};
	return as_lr_read(f, name, route_line, &ctx, err, errlen);
}

int as_routefile_load(const char *path, int family, struct as_rtable *t, char *err, size_t errlen)
{
	const char *name;
	FILE *f = as_lr_open(path, &name, err, errlen);
	if (!f)
		return -1;
	int rc = as_routefile_read(f, name, family, t, err, errlen);
	as_lr_close(f);
	return rc;
}
