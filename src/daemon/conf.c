/* conf.c - autostatic.conf(5): the INI configuration of autostaticd, parsed with inih; every
 * error is reported as FILE:LINE: message. The parse is pure (a cursor over caller memory feeds
 * inih line by line) so that it can be fuzzed; key files are read afterwards.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <autostatic/frame.h>
#include <autostatic/rip.h>

#include "src/daemon/conf.h"

static const char *const slot_names[AS_CONF_NT] = {"ip", "ipv6", "ipx"};
static const int slot_pids[AS_CONF_NT] = {AS_PID_IP, AS_PID_IPV6, AS_PID_IPX};

int as_config_pid(int slot)
{
	return slot >= 0 && slot < AS_CONF_NT ? slot_pids[slot] : -1;
}

const char *as_config_slot_name(int slot)
{
	return slot >= 0 && slot < AS_CONF_NT ? slot_names[slot] : "?";
}

void as_config_defaults(struct as_config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->state_dir, sizeof c->state_dir, "/var/lib/autostatic");
	snprintf(c->control, sizeof c->control, "/run/autostatic.sock");
	snprintf(c->user, sizeof c->user, "autostatic");
	c->log_rate = 10;
}

/* ---- the cursor inih reads lines from ---- */

struct cursor {
	const char *p;
	size_t len, off;
	int line;
	bool new_section; /* a [section] line was handed out since the last key */
	int section_line;
};

static char *reader(char *str, int num, void *stream)
{
	struct cursor *c = stream;
	if (c->off >= c->len || num < 2)
		return NULL;
	size_t n = 0, max = (size_t)num - 1;
	while (n < max && c->off < c->len) {
		char ch = c->p[c->off++];
		/* A NUL would end inih's string early and hide the rest of the line. */
		str[n++] = ch ? ch : ' ';
		if (ch == '\n')
			break;
	}
	str[n] = 0;
	/* inih tells the handler the section's name only, so a repeated [interface X] would look
	 * like the same section going on: note each header line here. */
	if (str[strspn(str, " \t")] == '[')
		c->new_section = true;
	if (n && str[n - 1] == '\n')
		c->line++;
	else if (c->off >= c->len)
		c->line++;
	if (c->new_section && !c->section_line)
		c->section_line = c->line;
	return str;
}

struct pstate {
	struct cursor cur;
	struct as_config *c;
	struct as_conf_iface *iface; /* current [interface NAME] section, NULL in [global] */
	bool in_global;
	char *err;
	size_t errlen;
	const char *name;
	bool failed;
	char section[64];
};

/* The line inih is at: the reader has counted the line just handed out. */
__attribute__((format(printf, 2, 3))) static int fail(struct pstate *s, const char *fmt, ...)
{
	if (!s->failed) {
		char msg[200];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		snprintf(s->err, s->errlen, "%s:%d: %s", s->name, s->cur.line, msg);
		s->failed = true;
	}
	return 0;
}

static bool parse_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1") ||
	    !strcasecmp(v, "on"))
		*out = true;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0") ||
	         !strcasecmp(v, "off"))
		*out = false;
	else
		return false;
	return true;
}

static bool parse_uint(const char *v, unsigned long max, unsigned long *out)
{
	char *end;
	if (!*v || strspn(v, "0123456789") != strlen(v))
		return false;
	errno = 0;
	unsigned long x = strtoul(v, &end, 10);
	if (errno || *end || x > max)
		return false;
	*out = x;
	return true;
}

static bool parse_seconds(const char *v, double *out)
{
	char *end;
	errno = 0;
	double d = strtod(v, &end);
	if (errno || end == v || *end || !(d > 0) || d > 3600)
		return false;
	*out = d;
	return true;
}

static bool copy(char *dst, size_t cap, const char *v)
{
	size_t n = strlen(v);
	if (n >= cap)
		return false;
	memcpy(dst, v, n + 1);
	return true;
}

static bool valid_ifname(const char *n)
{
	size_t len = strlen(n);
	if (!len || len > 15 || !strcmp(n, ".") || !strcmp(n, ".."))
		return false;
	for (size_t i = 0; i < len; i++)
		if (n[i] == '/' || n[i] == ':' || n[i] <= ' ' || n[i] == 0x7f)
			return false;
	return true;
}

static int global_key(struct pstate *s, const char *k, const char *v)
{
	struct as_config *c = s->c;
	unsigned long u;
	if (!strcmp(k, "state-dir")) {
		if (v[0] != '/' || !copy(c->state_dir, sizeof c->state_dir, v))
			return fail(
			    s, "state-dir must be an absolute path shorter than 256 bytes: '%s'",
			    v);
	} else if (!strcmp(k, "control")) {
		if (v[0] != '/' || !copy(c->control, sizeof c->control, v))
			return fail(
			    s, "control must be an absolute path shorter than 108 bytes: '%s'", v);
	} else if (!strcmp(k, "admin-group")) {
		if (!copy(c->admin_group, sizeof c->admin_group, v) || strchr(v, ' '))
			return fail(s, "admin-group: not a group name: '%s'", v);
	} else if (!strcmp(k, "user")) {
		if (!v[0] || !copy(c->user, sizeof c->user, v) || strchr(v, ' '))
			return fail(s, "user: not a user name: '%s'", v);
	} else if (!strcmp(k, "log")) {
		if (!strcmp(v, "syslog"))
			c->syslog = true;
		else if (!strcmp(v, "stderr"))
			c->syslog = false;
		else
			return fail(s, "log must be stderr or syslog, not '%s'", v);
	} else if (!strcmp(k, "log-rate")) {
		if (!parse_uint(v, 100000, &u))
			return fail(s, "log-rate must be 0..100000 messages per second: '%s'", v);
		c->log_rate = (unsigned)u;
	} else if (!strcmp(k, "route-protocol")) {
		if (!parse_uint(v, 255, &u) || u == 0)
			return fail(s, "route-protocol must be 1..255: '%s'", v);
		c->rt_protocol = (int)u;
	} else if (!strcmp(k, "route-table")) {
		if (!parse_uint(v, 0xffffffffUL, &u) || u == 0)
			return fail(s, "route-table must be 1..4294967295: '%s'", v);
		c->rt_table = (uint32_t)u;
	} else {
		return fail(s, "unknown key '%s' in [global]", k);
	}
	return 1;
}

static const struct {
	const char *name;
	int alg;
} algs[] = {
    {"simple", AS_RIP_ALG_SIMPLE}, {"md5", AS_RIP_ALG_MD5},       {"sha1", AS_RIP_ALG_SHA1},
    {"sha256", AS_RIP_ALG_SHA256}, {"sha384", AS_RIP_ALG_SHA384}, {"sha512", AS_RIP_ALG_SHA512},
};

/* ip.auth = none | simple:FILE | ALG:KEYID:FILE */
static int parse_auth(struct pstate *s, struct as_conf_iface *f, const char *v)
{
	struct as_rip_key *key = &f->cfg[AS_CONF_IP].key;
	memset(key, 0, sizeof *key);
	f->auth_file[0] = 0;
	if (!strcmp(v, "none"))
		return 1;
	const char *colon = strchr(v, ':');
	size_t alen = colon ? (size_t)(colon - v) : 0;
	int alg = -1;
	for (size_t i = 0; colon && i < sizeof algs / sizeof algs[0]; i++)
		if (strlen(algs[i].name) == alen && !strncmp(v, algs[i].name, alen))
			alg = algs[i].alg;
	if (alg < 0)
		return fail(s,
		            "ip.auth: unknown algorithm in '%s' (none, simple, md5, sha1, "
		            "sha256, sha384, sha512)",
		            v);
	const char *rest = colon + 1;
	if (alg != AS_RIP_ALG_SIMPLE) {
		const char *c2 = strchr(rest, ':');
		unsigned long id;
		char idbuf[8] = {0};
		if (!c2 || c2 == rest || (size_t)(c2 - rest) >= sizeof idbuf)
			return fail(s, "ip.auth: want ALG:KEYID:FILE, not '%s'", v);
		memcpy(idbuf, rest, (size_t)(c2 - rest));
		if (!parse_uint(idbuf, 255, &id))
			return fail(s, "ip.auth: key ID must be 0..255 in '%s'", v);
		key->key_id = (uint8_t)id;
		rest = c2 + 1;
	}
	if (rest[0] != '/' || !copy(f->auth_file, sizeof f->auth_file, rest))
		return fail(s, "ip.auth: the key file must be an absolute path: '%s'", v);
	key->alg = (uint8_t)alg;
	f->auth_line = s->cur.line;
	return 1;
}

static const struct {
	const char *name;
	int frame;
} frames[] = {
    {"ethernet_ii", AS_IPX_FRAME_ETHERNET_II},
    {"802.3", AS_IPX_FRAME_8023},
    {"802.2", AS_IPX_FRAME_8022},
    {"snap", AS_IPX_FRAME_SNAP},
};

static int transport_key(struct pstate *s, struct as_conf_iface *f, int slot, const char *k,
                         const char *v)
{
	struct as_transport_cfg *t = &f->cfg[slot];
	unsigned long u;
	if (!strcmp(k, "neighbour") || !strcmp(k, "neighbor")) {
		if (slot == AS_CONF_IPX)
			return fail(s, "ipx.neighbour: IPX asks by broadcast");
		int af = slot == AS_CONF_IP ? AF_INET : AF_INET6;
		memset(t->neighbour, 0, sizeof t->neighbour);
		if (inet_pton(af, v, t->neighbour) != 1)
			return fail(s, "%s.neighbour: not an address: '%s'", slot_names[slot], v);
		/* RIPng answers come from link-local sources only (RFC 2080 2.4.2). */
		if (slot == AS_CONF_IPV6 &&
		    !(t->neighbour[0] == 0xfe && (t->neighbour[1] & 0xc0) == 0x80))
			return fail(s, "ipv6.neighbour must be link-local (fe80::/10): '%s'", v);
		t->have_neighbour = true;
	} else if (!strcmp(k, "mode")) {
		if (!strcmp(v, "request"))
			t->mode = 0;
		else if (!strcmp(v, "triggered") && slot == AS_CONF_IP)
			t->mode = 1;
		else
			return fail(s, "%s.mode must be request%s", slot_names[slot],
			            slot == AS_CONF_IP ? " or triggered" : "");
	} else if (!strcmp(k, "version") && slot == AS_CONF_IP) {
		if (!parse_uint(v, 2, &u) || u == 0)
			return fail(s, "ip.version must be 1 or 2: '%s'", v);
		t->rip_version = (int)u;
	} else if (!strcmp(k, "auth") && slot == AS_CONF_IP) {
		return parse_auth(s, f, v);
	} else if (!strcmp(k, "timeout")) {
		if (!parse_seconds(v, &t->timeout))
			return fail(s, "%s.timeout must be seconds in (0, 3600]: '%s'",
			            slot_names[slot], v);
	} else if (!strcmp(k, "retransmit") && slot == AS_CONF_IP) {
		if (!parse_seconds(v, &t->retransmit))
			return fail(s, "ip.retransmit must be seconds in (0, 3600]: '%s'", v);
	} else if (!strcmp(k, "retries")) {
		if (!parse_uint(v, 100, &u) || u == 0)
			return fail(s, "%s.retries must be 1..100: '%s'", slot_names[slot], v);
		t->retries = (unsigned)u;
	} else if (!strcmp(k, "quiet-ms")) {
		if (!parse_uint(v, 600000, &u) || u == 0)
			return fail(s, "%s.quiet-ms must be 1..600000: '%s'", slot_names[slot], v);
		t->quiet_ms = (unsigned)u;
	} else if (!strcmp(k, "frame") && slot == AS_CONF_IPX) {
		size_t i;
		for (i = 0; i < sizeof frames / sizeof frames[0]; i++)
			if (!strcmp(v, frames[i].name))
				break;
		if (i == sizeof frames / sizeof frames[0])
			return fail(
			    s, "ipx.frame must be ethernet_ii, 802.3, 802.2 or snap, not '%s'", v);
		t->ipx_frame = frames[i].frame;
	} else if (!strcmp(k, "network") && slot == AS_CONF_IPX) {
		char *end;
		errno = 0;
		unsigned long n = strtoul(v, &end, 16);
		if (!*v || *end || errno || n == 0 || n >= 0xffffffffUL || strchr(v, '-') ||
		    strlen(v) > 10)
			return fail(s, "ipx.network must be 1..FFFFFFFE in hex: '%s'", v);
		t->ipx_network = (uint32_t)n;
		t->have_ipx_network = true;
	} else {
		char full[80];
		snprintf(full, sizeof full, "%s.%s", slot_names[slot], k);
		return fail(s, "unknown key '%s' in [interface %s]", full, f->name);
	}
	return 1;
}

static int iface_key(struct pstate *s, struct as_conf_iface *f, const char *k, const char *v)
{
	if (!strcmp(k, "transports")) {
		char tmp[128];
		if (!copy(tmp, sizeof tmp, v))
			return fail(s, "transports: too long");
		bool en[AS_CONF_NT] = {false};
		char *save = NULL;
		for (char *t = strtok_r(tmp, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
			int slot = -1;
			for (int i = 0; i < AS_CONF_NT; i++)
				if (!strcmp(t, slot_names[i]))
					slot = i;
			if (slot < 0)
				return fail(s, "transports: unknown transport '%s' (ip, ipv6, ipx)",
				            t);
			en[slot] = true;
		}
		memcpy(f->enabled, en, sizeof en);
		return 1;
	}
	if (!strcmp(k, "install")) {
		if (!parse_bool(v, &f->install))
			return fail(s, "install must be yes or no, not '%s'", v);
		return 1;
	}
	const char *dot = strchr(k, '.');
	if (dot) {
		size_t plen = (size_t)(dot - k);
		for (int i = 0; i < AS_CONF_NT; i++)
			if (strlen(slot_names[i]) == plen && !strncmp(k, slot_names[i], plen))
				return transport_key(s, f, i, dot + 1, v);
	}
	return fail(s, "unknown key '%s' in [interface %s]", k, f->name);
}

/* inih calls this once per name = value line. */
static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct pstate *s = user;
	if (s->failed)
		return 0;
	if (s->cur.new_section || strcmp(section, s->section)) {
		/* A new section begins. */
		s->cur.new_section = false;
		int hdr_line = s->cur.section_line ? s->cur.section_line : s->cur.line;
		s->cur.section_line = 0;
		if (!copy(s->section, sizeof s->section, section))
			return fail(s, "section name too long");
		s->iface = NULL;
		s->in_global = false;
		if (!strcmp(section, "global")) {
			s->in_global = true;
		} else if (!strncmp(section, "interface ", 10)) {
			const char *ifn = section + 10;
			while (*ifn == ' ')
				ifn++;
			if (!valid_ifname(ifn))
				return fail(s, "[interface %s]: not a Linux interface name", ifn);
			for (size_t i = 0; i < s->c->n_ifaces; i++)
				if (!strcmp(s->c->ifaces[i].name, ifn))
					return fail(s, "[interface %s] given twice", ifn);
			if (s->c->n_ifaces >= AS_CONF_MAX_IFACES)
				return fail(s, "too many interfaces (at most 64)");
			struct as_conf_iface *f = &s->c->ifaces[s->c->n_ifaces++];
			memset(f, 0, sizeof *f);
			copy(f->name, sizeof f->name, ifn);
			f->line = hdr_line;
			for (int i = 0; i < AS_CONF_NT; i++) {
				as_transport_cfg_defaults(&f->cfg[i]);
				if (i == AS_CONF_IPX)
					f->cfg[i].ipx_frame = AS_IPX_FRAME_ETHERNET_II;
			}
			s->iface = f;
		} else {
			return fail(s, "unknown section [%s] (global, interface NAME)", section);
		}
	}
	if (s->in_global)
		return global_key(s, name, value);
	if (s->iface)
		return iface_key(s, s->iface, name, value);
	return fail(s, "key '%s' outside a section", name);
}

int as_config_parse_buf(const char *buf, size_t len, const char *name, struct as_config *out,
                        char *err, size_t errlen)
{
	struct pstate s = {
	    .cur = {.p = buf, .len = len}, .c = out, .err = err, .errlen = errlen, .name = name};
	as_config_defaults(out);
	if (errlen)
		err[0] = 0;
	/* '#' starts a comment anywhere, as in the documented example; values never need one. */
	static char prefixes[] = ";#";
	ini_inline_comment_prefixes = prefixes;
	ini_allow_inline_comments = true;
	int rc = ini_parse_stream(reader, &s.cur, handler, &s);
	if (s.failed)
		return -1;
	if (rc != 0) {
		snprintf(err, errlen, "%s:%d: syntax error (want [section] or key = value)", name,
		         rc > 0 ? rc : 0);
		return -1;
	}
	for (size_t i = 0; i < out->n_ifaces; i++) {
		struct as_conf_iface *f = &out->ifaces[i];
		for (int t = 0; t < AS_CONF_NT; t++)
			f->cfg[t].install = f->install && t != AS_CONF_IPX;
		if (!f->enabled[0] && !f->enabled[1] && !f->enabled[2]) {
			snprintf(err, errlen,
			         "%s:%d: [interface %s] enables no transport (transports = "
			         "ip ipv6 ipx)",
			         name, f->line, f->name);
			return -1;
		}
	}
	return 0;
}

int as_config_parse_file(const char *path, struct as_config *out, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "re");
	if (!fp) {
		snprintf(err, errlen, "%s:0: %s", path, strerror(errno));
		return -1;
	}
	char *buf = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (cap - len < 4096) {
			if (cap > (1u << 24)) {
				snprintf(err, errlen, "%s:0: larger than 16 MiB", path);
				free(buf);
				fclose(fp);
				return -1;
			}
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(fp);
				snprintf(err, errlen, "%s:0: out of memory", path);
				return -1;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	bool bad = ferror(fp);
	fclose(fp);
	if (bad) {
		snprintf(err, errlen, "%s:0: read error", path);
		free(buf);
		return -1;
	}
	int rc = as_config_parse_buf(buf, len, path, out, err, errlen);
	free(buf);
	return rc;
}

int as_config_load_keys(struct as_config *c, const char *name, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->n_ifaces; i++) {
		struct as_conf_iface *f = &c->ifaces[i];
		if (!f->auth_file[0])
			continue;
		int fd = open(f->auth_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0) {
			snprintf(err, errlen, "%s:%d: key file %s: %s", name, f->auth_line,
			         f->auth_file, strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IROTH | S_IWOTH))) {
			snprintf(err, errlen,
			         "%s:%d: key file %s must be a regular file not readable by others "
			         "(chmod o-rw)",
			         name, f->auth_line, f->auth_file);
			close(fd);
			return -1;
		}
		char buf[256];
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n < 0)
			n = 0;
		buf[n] = 0;
		buf[strcspn(buf, "\r\n")] = 0;
		size_t len = strlen(buf);
		struct as_rip_key *k = &c->ifaces[i].cfg[AS_CONF_IP].key;
		size_t max = k->alg == AS_RIP_ALG_SIMPLE ? 16 : sizeof k->secret;
		if (!len || len > max) {
			snprintf(err, errlen, "%s:%d: key file %s: the secret must be 1..%zu bytes",
			         name, f->auth_line, f->auth_file, max);
			return -1;
		}
		memcpy(k->secret, buf, len);
		k->len = (uint16_t)len;
		explicit_bzero(buf, sizeof buf);
	}
	return 0;
}
