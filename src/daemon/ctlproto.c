/* ctlproto.c - encoding and exact-size decoding of autostaticd's control messages
 * (doc/control-protocol.md). Pure: no allocation, no globals, no I/O; fuzzed through
 * as_ctl_parse().
 */
#include "config.h"

#include <string.h>

#include "src/daemon/ctlproto.h"

/* ---- big-endian writer and reader over caller memory ---- */

struct wr {
	uint8_t *p;
	size_t cap, off;
	bool err;
};

static void put_bytes(struct wr *w, const void *src, size_t n)
{
	if (w->err || n > w->cap - w->off) {
		w->err = true;
		return;
	}
	memcpy(w->p + w->off, src, n);
	w->off += n;
}

static void put8(struct wr *w, uint8_t v)
{
	put_bytes(w, &v, 1);
}

static void put16(struct wr *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	put_bytes(w, b, 2);
}

static void put32(struct wr *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	put_bytes(w, b, 4);
}

static void put64(struct wr *w, uint64_t v)
{
	put32(w, (uint32_t)(v >> 32));
	put32(w, (uint32_t)v);
}

struct rd {
	const uint8_t *p;
	size_t len, off;
	bool err;
};

static void get_bytes(struct rd *r, void *dst, size_t n)
{
	if (r->err || n > r->len - r->off) {
		r->err = true;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, r->p + r->off, n);
	r->off += n;
}

static uint8_t get8(struct rd *r)
{
	uint8_t b = 0;
	get_bytes(r, &b, 1);
	return b;
}

static uint16_t get16(struct rd *r)
{
	uint8_t b[2];
	get_bytes(r, b, 2);
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t get32(struct rd *r)
{
	uint8_t b[4];
	get_bytes(r, b, 4);
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t get64(struct rd *r)
{
	uint64_t hi = get32(r);
	return hi << 32 | get32(r);
}

/* ---- the message header: filled in last, when the length is known ---- */

static void begin(struct wr *w, uint8_t *buf, size_t cap, uint32_t type)
{
	*w = (struct wr){.p = buf, .cap = cap};
	put32(w, type);
	put32(w, 0);
}

static size_t finish(struct wr *w)
{
	if (w->err || w->off > AS_CTL_MAX_MSG)
		return 0;
	uint32_t len = (uint32_t)w->off;
	w->p[4] = (uint8_t)(len >> 24);
	w->p[5] = (uint8_t)(len >> 16);
	w->p[6] = (uint8_t)(len >> 8);
	w->p[7] = (uint8_t)len;
	return w->off;
}

/* ---- fixed-size parts ---- */

static bool put_name(struct wr *w, const char *name)
{
	size_t n = strnlen(name, AS_CTL_NAME_SIZE);
	if (n >= AS_CTL_NAME_SIZE)
		return false;
	uint8_t b[AS_CTL_NAME_SIZE] = {0};
	memcpy(b, name, n);
	put_bytes(w, b, sizeof b);
	return true;
}

/* A name field must hold a NUL and nothing but NULs after it, so that one string has one
 * encoding and nothing hides behind the terminator. */
static void get_name(struct rd *r, char *out, size_t outlen)
{
	uint8_t b[AS_CTL_NAME_SIZE];
	get_bytes(r, b, sizeof b);
	size_t n = strnlen((const char *)b, sizeof b);
	if (n == sizeof b) {
		r->err = true;
		n = 0;
	}
	for (size_t i = n; i < sizeof b; i++)
		if (b[i])
			r->err = true;
	if (n >= outlen)
		n = 0;
	memcpy(out, b, n);
	out[n] = 0;
}

static bool put_if0(struct wr *w, const struct as_interface_0 *e)
{
	if (!put_name(w, e->name))
		return false;
	put32(w, e->handle);
	put32(w, e->enabled ? 1u : 0u);
	put32(w, (uint32_t)e->type);
	put32(w, (uint32_t)e->state);
	put32(w, e->unreachability);
	put32(w, e->last_error);
	return true;
}

static void get_if0(struct rd *r, struct as_interface_0 *e)
{
	memset(e, 0, sizeof *e);
	get_name(r, e->name, sizeof e->name);
	e->handle = get32(r);
	uint32_t en = get32(r);
	if (en > 1)
		r->err = true;
	e->enabled = en == 1;
	uint32_t type = get32(r), state = get32(r);
	if (type > AS_IF_TYPE_DIALOUT || state > AS_IF_CONNECTED)
		r->err = true;
	e->type = (int)type;
	e->state = (int)state;
	e->unreachability = get32(r);
	e->last_error = get32(r);
}

/* Seconds travel as milliseconds: the settings are human-sized. */
static uint32_t to_ms(double s)
{
	if (!(s >= 0))
		return 0;
	if (s > 4000000.0)
		return 4000000000u;
	return (uint32_t)(s * 1000.0 + 0.5);
}

static void put_cfg(struct wr *w, const struct as_transport_cfg *c)
{
	put32(w, (uint32_t)c->mode);
	put32(w, (uint32_t)c->rip_version);
	put32(w, c->have_neighbour ? 1u : 0u);
	put_bytes(w, c->neighbour, 16);
	put8(w, c->key.alg);
	put8(w, c->key.key_id);
	put8(w, c->key.any_key_id ? 1 : 0);
	put8(w, 0);
	put16(w, c->key.len);
	put16(w, 0);
	put_bytes(w, c->key.secret, sizeof c->key.secret);
	put32(w, to_ms(c->timeout));
	put32(w, c->retries);
	put32(w, to_ms(c->retransmit));
	put32(w, c->quiet_ms);
	put32(w, (uint32_t)c->ipx_frame);
	put32(w, c->have_ipx_network ? 1u : 0u);
	put32(w, c->ipx_network);
	put32(w, c->install ? 1u : 0u);
}

static bool get_bool(struct rd *r)
{
	uint32_t v = get32(r);
	if (v > 1)
		r->err = true;
	return v == 1;
}

static void get_cfg(struct rd *r, struct as_transport_cfg *c)
{
	memset(c, 0, sizeof *c);
	uint32_t mode = get32(r), ver = get32(r);
	if (mode > 1 || ver > 2)
		r->err = true;
	c->mode = (int)mode;
	c->rip_version = (int)ver;
	c->have_neighbour = get_bool(r);
	get_bytes(r, c->neighbour, 16);
	c->key.alg = get8(r);
	c->key.key_id = get8(r);
	uint8_t any = get8(r);
	if (any > 1 || get8(r))
		r->err = true;
	c->key.any_key_id = any == 1;
	c->key.len = get16(r);
	if (get16(r) || c->key.len > sizeof c->key.secret)
		r->err = true;
	get_bytes(r, c->key.secret, sizeof c->key.secret);
	c->timeout = get32(r) / 1000.0;
	c->retries = get32(r);
	c->retransmit = get32(r) / 1000.0;
	c->quiet_ms = get32(r);
	uint32_t frame = get32(r);
	if (frame > 16)
		r->err = true;
	c->ipx_frame = (int)frame;
	c->have_ipx_network = get_bool(r);
	c->ipx_network = get32(r);
	c->install = get_bool(r);
}

static void put_route(struct wr *w, const struct as_admin_route *e)
{
	put8(w, e->family);
	put8(w, e->plen);
	put16(w, e->tag);
	put32(w, e->metric);
	put_bytes(w, e->prefix, 16);
	put_bytes(w, e->next_hop, 16);
}

static void put_service(struct wr *w, const struct as_admin_service *e)
{
	uint8_t name[48] = {0};
	memcpy(name, e->name, strnlen(e->name, sizeof name));
	put16(w, e->type);
	put16(w, e->hops);
	put_bytes(w, name, sizeof name);
	put32(w, e->network);
	put_bytes(w, e->node, 6);
	put16(w, e->socket);
}

/* ---- encoders ---- */

size_t as_ctl_enc_hello(uint8_t *buf, size_t cap)
{
	struct wr w;
	begin(&w, buf, cap, AS_CTL_HELLO);
	put32(&w, AS_CTL_VERSION);
	return finish(&w);
}

size_t as_ctl_enc_simple(uint8_t *buf, size_t cap, uint32_t type, uint32_t ifh, uint32_t pid,
                         uint32_t flags)
{
	struct wr w;
	begin(&w, buf, cap, type);
	switch (type) {
	case AS_CTL_IF_DELETE:
	case AS_CTL_IF_GET_INFO:
	case AS_CTL_IF_CONNECT:
	case AS_CTL_IF_DISCONNECT: put32(&w, ifh); break;
	case AS_CTL_TRANSPORT_REMOVE:
	case AS_CTL_QUERY_RESULT:
	case AS_CTL_SET_INFO:
	case AS_CTL_ROUTES_CLEAR:
		put32(&w, ifh);
		put32(&w, pid);
		break;
	case AS_CTL_UPDATE:
		put32(&w, ifh);
		put32(&w, pid);
		put32(&w, flags);
		break;
	default: return 0;
	}
	return finish(&w);
}

size_t as_ctl_enc_name(uint8_t *buf, size_t cap, uint32_t type, const char *name)
{
	struct wr w;
	if (type != AS_CTL_IF_GET_HANDLE)
		return 0;
	begin(&w, buf, cap, type);
	if (!put_name(&w, name))
		return 0;
	return finish(&w);
}

size_t as_ctl_enc_if_create(uint8_t *buf, size_t cap, const struct as_interface_0 *if0)
{
	struct wr w;
	begin(&w, buf, cap, AS_CTL_IF_CREATE);
	if (!put_if0(&w, if0))
		return 0;
	return finish(&w);
}

size_t as_ctl_enc_transport_add(uint8_t *buf, size_t cap, uint32_t ifh, uint32_t pid,
                                const struct as_transport_cfg *cfg)
{
	struct wr w;
	struct as_transport_cfg zero;
	memset(&zero, 0, sizeof zero);
	begin(&w, buf, cap, AS_CTL_TRANSPORT_ADD);
	put32(&w, ifh);
	put32(&w, pid);
	put32(&w, cfg ? 1u : 0u);
	put_cfg(&w, cfg ? cfg : &zero);
	return finish(&w);
}

size_t as_ctl_enc_enum(uint8_t *buf, size_t cap, uint32_t type, uint32_t ifh, uint32_t pid,
                       uint32_t resume, uint32_t max)
{
	struct wr w;
	begin(&w, buf, cap, type);
	if (type == AS_CTL_ROUTES_ENUM || type == AS_CTL_SERVICES_ENUM) {
		put32(&w, ifh);
		put32(&w, pid);
	} else if (type != AS_CTL_IF_ENUM) {
		return 0;
	}
	put32(&w, resume);
	put32(&w, max);
	return finish(&w);
}

size_t as_ctl_enc_status(uint8_t *buf, size_t cap, uint32_t type, uint32_t status)
{
	struct wr w;
	begin(&w, buf, cap, type | AS_CTL_REPLY);
	put32(&w, status);
	return finish(&w);
}

size_t as_ctl_enc_handle_reply(uint8_t *buf, size_t cap, uint32_t type, uint32_t status,
                               uint32_t ifh)
{
	if (status != AS_NO_ERROR)
		return as_ctl_enc_status(buf, cap, type, status);
	struct wr w;
	begin(&w, buf, cap, type | AS_CTL_REPLY);
	put32(&w, status);
	put32(&w, ifh);
	return finish(&w);
}

size_t as_ctl_enc_info_reply(uint8_t *buf, size_t cap, const struct as_interface_0 *if0)
{
	struct wr w;
	begin(&w, buf, cap, AS_CTL_IF_GET_INFO | AS_CTL_REPLY);
	put32(&w, AS_NO_ERROR);
	if (!put_if0(&w, if0))
		return 0;
	return finish(&w);
}

size_t as_ctl_enc_result_reply(uint8_t *buf, size_t cap, uint32_t status, int32_t result)
{
	if (status != AS_NO_ERROR)
		return as_ctl_enc_status(buf, cap, AS_CTL_QUERY_RESULT, status);
	struct wr w;
	begin(&w, buf, cap, AS_CTL_QUERY_RESULT | AS_CTL_REPLY);
	put32(&w, status);
	put32(&w, (uint32_t)result);
	return finish(&w);
}

size_t as_ctl_enc_setinfo_reply(uint8_t *buf, size_t cap, const struct as_admin_set_info *si)
{
	struct wr w;
	begin(&w, buf, cap, AS_CTL_SET_INFO | AS_CTL_REPLY);
	put32(&w, AS_NO_ERROR);
	put64(&w, si->routes);
	put64(&w, si->services);
	put64(&w, si->generation);
	put64(&w, si->updated_ns);
	put8(&w, si->installed ? 1 : 0);
	return finish(&w);
}

static bool enum_status(uint32_t status)
{
	return status == AS_NO_ERROR || status == AS_ERROR_MORE_DATA;
}

static void begin_enum(struct wr *w, uint8_t *buf, size_t cap, uint32_t type, uint32_t status,
                       uint32_t count, uint32_t total, uint32_t resume)
{
	begin(w, buf, cap, type | AS_CTL_REPLY);
	put32(w, status);
	put32(w, count);
	put32(w, total);
	put32(w, resume);
}

size_t as_ctl_enc_if_enum_reply(uint8_t *buf, size_t cap, uint32_t status, uint32_t total,
                                uint32_t resume, const struct as_interface_0 *e, uint32_t count)
{
	if (!enum_status(status))
		return as_ctl_enc_status(buf, cap, AS_CTL_IF_ENUM, status);
	if (count > AS_CTL_MAX_IFS)
		return 0;
	struct wr w;
	begin_enum(&w, buf, cap, AS_CTL_IF_ENUM, status, count, total, resume);
	for (uint32_t i = 0; i < count; i++)
		if (!put_if0(&w, &e[i]))
			return 0;
	return finish(&w);
}

size_t as_ctl_enc_routes_reply(uint8_t *buf, size_t cap, uint32_t status, uint32_t total,
                               uint32_t resume, const struct as_admin_route *e, uint32_t count)
{
	if (!enum_status(status))
		return as_ctl_enc_status(buf, cap, AS_CTL_ROUTES_ENUM, status);
	if (count > AS_CTL_MAX_ROUTES)
		return 0;
	struct wr w;
	begin_enum(&w, buf, cap, AS_CTL_ROUTES_ENUM, status, count, total, resume);
	for (uint32_t i = 0; i < count; i++)
		put_route(&w, &e[i]);
	return finish(&w);
}

size_t as_ctl_enc_services_reply(uint8_t *buf, size_t cap, uint32_t status, uint32_t total,
                                 uint32_t resume, const struct as_admin_service *e, uint32_t count)
{
	if (!enum_status(status))
		return as_ctl_enc_status(buf, cap, AS_CTL_SERVICES_ENUM, status);
	if (count > AS_CTL_MAX_SERVICES)
		return 0;
	struct wr w;
	begin_enum(&w, buf, cap, AS_CTL_SERVICES_ENUM, status, count, total, resume);
	for (uint32_t i = 0; i < count; i++)
		put_service(&w, &e[i]);
	return finish(&w);
}

/* ---- the parser ---- */

static int parse_request(struct rd *r, struct as_ctl_msg *m)
{
	switch (m->type) {
	case AS_CTL_HELLO: m->version = get32(r); break;
	case AS_CTL_IF_CREATE:
		get_if0(r, &m->if0);
		if (!m->if0.name[0])
			r->err = true;
		break;
	case AS_CTL_IF_GET_HANDLE: get_name(r, m->name, sizeof m->name); break;
	case AS_CTL_IF_DELETE:
	case AS_CTL_IF_GET_INFO:
	case AS_CTL_IF_CONNECT:
	case AS_CTL_IF_DISCONNECT: m->ifh = get32(r); break;
	case AS_CTL_TRANSPORT_REMOVE:
	case AS_CTL_QUERY_RESULT:
	case AS_CTL_SET_INFO:
	case AS_CTL_ROUTES_CLEAR:
		m->ifh = get32(r);
		m->pid = get32(r);
		break;
	case AS_CTL_UPDATE:
		m->ifh = get32(r);
		m->pid = get32(r);
		m->flags = get32(r);
		if (m->flags & ~AS_CTL_UPDATE_ASYNC)
			r->err = true;
		break;
	case AS_CTL_TRANSPORT_ADD:
		m->ifh = get32(r);
		m->pid = get32(r);
		m->have_cfg = get_bool(r);
		get_cfg(r, &m->cfg);
		break;
	case AS_CTL_ROUTES_ENUM:
	case AS_CTL_SERVICES_ENUM:
		m->ifh = get32(r);
		m->pid = get32(r);
		__attribute__((fallthrough));
	case AS_CTL_IF_ENUM:
		m->resume = get32(r);
		m->max = get32(r);
		break;
	default: return -1;
	}
	return 0;
}

static bool payload_status(uint32_t type, uint32_t status)
{
	switch (type) {
	case AS_CTL_IF_CREATE:
	case AS_CTL_IF_GET_HANDLE:
	case AS_CTL_IF_GET_INFO:
	case AS_CTL_QUERY_RESULT:
	case AS_CTL_SET_INFO: return status == AS_NO_ERROR;
	case AS_CTL_IF_ENUM:
	case AS_CTL_ROUTES_ENUM:
	case AS_CTL_SERVICES_ENUM: return enum_status(status);
	default: return false;
	}
}

static int parse_reply(struct rd *r, struct as_ctl_msg *m)
{
	uint32_t type = m->type & ~AS_CTL_REPLY;
	if (type < AS_CTL_HELLO || type > AS_CTL_TYPE_MAX)
		return -1;
	m->status = get32(r);
	if (!payload_status(type, m->status))
		return 0;
	size_t esize = 0, emax = 0;
	switch (type) {
	case AS_CTL_IF_CREATE:
	case AS_CTL_IF_GET_HANDLE: m->ifh = get32(r); return 0;
	case AS_CTL_IF_GET_INFO: get_if0(r, &m->if0); return 0;
	case AS_CTL_QUERY_RESULT: m->result = (int32_t)get32(r); return 0;
	case AS_CTL_SET_INFO: {
		m->setinfo.routes = (size_t)get64(r);
		m->setinfo.services = (size_t)get64(r);
		m->setinfo.generation = get64(r);
		m->setinfo.updated_ns = get64(r);
		uint8_t inst = get8(r);
		if (inst > 1)
			r->err = true;
		m->setinfo.installed = inst == 1;
		return 0;
	}
	case AS_CTL_IF_ENUM:
		esize = AS_CTL_IF0_SIZE;
		emax = AS_CTL_MAX_IFS;
		break;
	case AS_CTL_ROUTES_ENUM:
		esize = AS_CTL_ROUTE_SIZE;
		emax = AS_CTL_MAX_ROUTES;
		break;
	default:
		esize = AS_CTL_SERVICE_SIZE;
		emax = AS_CTL_MAX_SERVICES;
		break;
	}
	m->count = get32(r);
	m->total = get32(r);
	m->resume = get32(r);
	if (r->err || m->count > emax || m->count > m->total || r->len - r->off != m->count * esize)
		return -1;
	m->entries = r->p + r->off;
	/* Interface entries carry names and enums that must be valid too. */
	for (uint32_t i = 0; i < m->count && type == AS_CTL_IF_ENUM; i++) {
		struct as_interface_0 e;
		get_if0(r, &e);
	}
	r->off = r->len;
	return 0;
}

int as_ctl_parse(const uint8_t *buf, size_t len, struct as_ctl_msg *out)
{
	memset(out, 0, sizeof *out);
	if (!buf || len < AS_CTL_HDR || len > AS_CTL_MAX_MSG)
		return -1;
	struct rd r = {.p = buf, .len = len};
	out->type = get32(&r);
	out->len = get32(&r);
	if (out->len != len)
		return -1;
	int rc = (out->type & AS_CTL_REPLY) ? parse_reply(&r, out) : parse_request(&r, out);
	if (rc < 0 || r.err || r.off != r.len)
		return -1;
	return 0;
}

/* ---- entries of a parsed enumeration reply ---- */

void as_ctl_if0_at(const struct as_ctl_msg *m, size_t i, struct as_interface_0 *out)
{
	struct rd r = {.p = m->entries + i * AS_CTL_IF0_SIZE, .len = AS_CTL_IF0_SIZE};
	get_if0(&r, out);
}

void as_ctl_route_at(const struct as_ctl_msg *m, size_t i, struct as_admin_route *out)
{
	struct rd r = {.p = m->entries + i * AS_CTL_ROUTE_SIZE, .len = AS_CTL_ROUTE_SIZE};
	memset(out, 0, sizeof *out);
	out->family = get8(&r);
	out->plen = get8(&r);
	out->tag = get16(&r);
	out->metric = get32(&r);
	get_bytes(&r, out->prefix, 16);
	get_bytes(&r, out->next_hop, 16);
}

void as_ctl_service_at(const struct as_ctl_msg *m, size_t i, struct as_admin_service *out)
{
	struct rd r = {.p = m->entries + i * AS_CTL_SERVICE_SIZE, .len = AS_CTL_SERVICE_SIZE};
	memset(out, 0, sizeof *out);
	out->type = get16(&r);
	out->hops = get16(&r);
	get_bytes(&r, out->name, 48);
	out->name[48] = 0;
	out->network = get32(&r);
	get_bytes(&r, out->node, 6);
	out->socket = get16(&r);
}
