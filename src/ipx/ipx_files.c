/* ipx_files.c - reads the IPX route file (`NETWORK [HOPS [TICKS]]`) and the SAP service file
 * (`TYPE NAME NETWORK NODE SOCKET [HOPS]`) a responder serves (autostatic-routes(5)). Value
 * ranges are Novell's as PROTOCOLS.md 5.4-5.6 restates them: 16 hops is unreachable, names at
 * most 47 characters, FFFF is the wildcard service type of queries. No RFC.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/core/linereader.h"
#include "src/ipx/ipx_files.h"

#define MAX_TOKENS   7

/* Hex of 1..maxdig digits, "0x" optional. */
static bool parse_hex(const char *s, unsigned maxdig, unsigned long *out)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t n = strlen(s);
	if (n == 0 || n > maxdig)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	*out = strtoul(s, NULL, 16);
	return true;
}

static bool parse_dec(const char *s, long lo, long hi, long *out)
{
	if (!*s || !isdigit((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static const char *parse_network(const char *s, uint32_t *out)
{
	unsigned long v;
	if (!parse_hex(s, 8, &v))
		return "IPX network must be 1 to 8 hex digits";
	if (v == 0 || v == 0xFFFFFFFFul)
		return "IPX network 0 and FFFFFFFF are reserved";
	*out = (uint32_t)v;
	return NULL;
}

static bool parse_node(const char *s, uint8_t node[6])
{
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
			return false;
		char b[3] = {s[0], s[1], 0};
		node[i] = (uint8_t)strtoul(b, NULL, 16);
		s += 2;
		if (i < 5 && *s++ != ':')
			return false;
	}
	return *s == 0;
}

/* Splits a line (comment removed) into at most MAX_TOKENS tokens; returns the count, or
 * MAX_TOKENS + 1 when there are more. */
static int tokens(char *buf, char *tok[MAX_TOKENS])
{
	char *hash = strchr(buf, '#');
	if (hash)
		*hash = 0;
	char *save = NULL;
	int n = 0;
	for (char *t = strtok_r(buf, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == MAX_TOKENS)
			return MAX_TOKENS + 1;
		tok[n++] = t;
	}
	return n;
}

/* Reads lines; calls fn for each non-empty one. */
typedef int (*line_fn)(char **tok, int n, const char *name, unsigned line, void *t, char *err,
                       size_t errlen);

struct lines {
	line_fn fn;
	void *t;
};

static int tokenized(char *buf, const char *name, unsigned line, void *arg, char *err,
                     size_t errlen)
{
	const struct lines *l = arg;
	char *tok[MAX_TOKENS];
	int n = tokens(buf, tok);
	if (n == 0)
		return 0;
	return l->fn(tok, n, name, line, l->t, err, errlen);
}

static int read_lines(FILE *f, const char *name, line_fn fn, void *t, char *err, size_t errlen)
{
	struct lines l = {fn, t};
	return as_lr_read(f, name, tokenized, &l, err, errlen);
}

static int open_and_read(const char *path, line_fn fn, void *t, char *err, size_t errlen)
{
	const char *name;
	FILE *f = as_lr_open(path, &name, err, errlen);
	if (!f)
		return -1;
	int rc = read_lines(f, name, fn, t, err, errlen);
	as_lr_close(f);
	return rc;
}

/* ---- routes ---- */

static int route_line(char **tok, int n, const char *name, unsigned line, void *arg, char *err,
                      size_t errlen)
{
	struct as_rtable *t = arg;
	if (n > 3)
		return as_lr_fail(err, errlen, name, line, "trailing text '%s'", tok[3]);
	uint32_t net;
	const char *why = parse_network(tok[0], &net);
	if (why)
		return as_lr_fail(err, errlen, name, line, "%s: '%.32s'", why, tok[0]);
	long hops = 1, ticks;
	if (n > 1 && !parse_dec(tok[1], 1, 15, &hops))
		return as_lr_fail(err, errlen, name, line, "hops must be 1 to 15, not '%.32s'",
		                  tok[1]);
	ticks = hops + 1;
	if (n > 2 && !parse_dec(tok[2], 1, 65535, &ticks))
		return as_lr_fail(err, errlen, name, line, "ticks must be 1 to 65535, not '%.32s'",
		                  tok[2]);
	struct as_route r;
	memset(&r, 0, sizeof r);
	r.family = AS_RT_IPX;
	r.plen = 32;
	r.prefix[0] = (uint8_t)(net >> 24);
	r.prefix[1] = (uint8_t)(net >> 16);
	r.prefix[2] = (uint8_t)(net >> 8);
	r.prefix[3] = (uint8_t)net;
	r.metric = (uint32_t)hops;
	r.tag = (uint16_t)ticks;
	if (as_rtable_get(t, AS_RT_IPX, r.prefix, 32))
		return as_lr_fail(err, errlen, name, line, "duplicate network '%08x'", net);
	if (as_rtable_put(t, &r) == AS_RT_NOMEM)
		return as_lr_fail(err, errlen, name, line, "out of memory");
	return 0;
}

int as_ipx_routefile_read(FILE *f, const char *name, struct as_rtable *t, char *err, size_t errlen)
{
	return read_lines(f, name, route_line, t, err, errlen);
}

int as_ipx_routefile_load(const char *path, struct as_rtable *t, char *err, size_t errlen)
{
	return open_and_read(path, route_line, t, err, errlen);
}

/* ---- services ---- */

static int svc_line(char **tok, int n, const char *name, unsigned line, void *arg, char *err,
                    size_t errlen)
{
	struct as_svctable *t = arg;
	if (n < 5)
		return as_lr_fail(err, errlen, name, line,
		                  "expected TYPE NAME NETWORK NODE SOCKET [HOPS], got %d field%s",
		                  n, n == 1 ? "" : "s");
	if (n > 6)
		return as_lr_fail(err, errlen, name, line, "trailing text '%.32s'", tok[6]);
	struct as_service s;
	memset(&s, 0, sizeof s);
	unsigned long v;
	if (!parse_hex(tok[0], 4, &v))
		return as_lr_fail(err, errlen, name, line,
		                  "service type must be 1 to 4 hex digits: '%.32s'", tok[0]);
	if (v == 0xFFFF)
		return as_lr_fail(err, errlen, name, line,
		                  "service type FFFF is the wildcard of queries");
	s.type = (uint16_t)v;
	size_t nl = strlen(tok[1]);
	if (nl > AS_SVC_NAME_MAX - 1)
		return as_lr_fail(err, errlen, name, line, "service name longer than %d characters",
		                  AS_SVC_NAME_MAX - 1);
	for (size_t i = 0; i < nl; i++)
		if (tok[1][i] < 0x21 || tok[1][i] > 0x7E)
			return as_lr_fail(err, errlen, name, line,
			                  "service name must be printable ASCII without blanks");
	memcpy(s.name, tok[1], nl + 1);
	const char *why = parse_network(tok[2], &s.network);
	if (why)
		return as_lr_fail(err, errlen, name, line, "%s: '%.32s'", why, tok[2]);
	if (!parse_node(tok[3], s.node))
		return as_lr_fail(err, errlen, name, line,
		                  "node must be xx:xx:xx:xx:xx:xx, not '%.32s'", tok[3]);
	if (!parse_hex(tok[4], 4, &v) || v == 0)
		return as_lr_fail(err, errlen, name, line,
		                  "socket must be 1 to 4 hex digits, not 0: '%.32s'", tok[4]);
	s.socket = (uint16_t)v;
	long hops = 1;
	if (n > 5 && !parse_dec(tok[5], 1, 15, &hops))
		return as_lr_fail(err, errlen, name, line, "hops must be 1 to 15, not '%.32s'",
		                  tok[5]);
	s.hops = (uint16_t)hops;
	if (as_svctable_get(t, s.type, s.name))
		return as_lr_fail(err, errlen, name, line, "duplicate service %04x '%s'", s.type,
		                  s.name);
	if (as_svctable_put(t, &s) < 0)
		return as_lr_fail(err, errlen, name, line, "out of memory");
	return 0;
}

int as_svcfile_read(FILE *f, const char *name, struct as_svctable *t, char *err, size_t errlen)
{
	return read_lines(f, name, svc_line, t, err, errlen);
}

int as_svcfile_load(const char *path, struct as_svctable *t, char *err, size_t errlen)
{
	return open_and_read(path, svc_line, t, err, errlen);
}
