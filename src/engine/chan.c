/* chan.c - channels (one interface, one link protocol, one filter, shared by reference count)
 * and link-address resolution: RFC 1112 6.4 (IPv4 multicast → 01:00:5e), RFC 2464 7 (IPv6
 * multicast → 33:33), RFC 919/922 broadcasts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/epoll.h>

#include "src/engine/core_priv.h"

#define ETHP_IPV4 0x0800
#define ETHP_IPV6 0x86DD

int as_chan_family(const struct as_chan *c)
{
	return c->spec.protocol == ETHP_IPV4 ? 4 : c->spec.protocol == ETHP_IPV6 ? 6 : 0;
}

int as_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	memset(out, 0, sizeof *out);
	if (!name || !*name || strlen(name) >= IF_NAMESIZE) {
		as_engine_seterr(e, "interface %s does not exist", name ? name : "(none)");
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	}
	e->err[0] = 0;
	int rc = e->ops->iface_query(e, name, out);
	if (rc == AS_ERROR_INTERFACE_NOT_CONNECTED)
		as_engine_seterr(e, "interface %s does not exist", name);
	else if (rc != AS_NO_ERROR && !e->err[0])
		as_engine_seterr(e, "interface %s: cannot read its state", name);
	return rc;
}

static bool same_filter(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static struct as_chan *find_shared(struct as_engine *e, const char *ifname,
				   const struct as_chan_spec *spec)
{
	for (struct as_chan *c = e->chans; c; c = c->next)
		if (strcmp(c->ifname, ifname) == 0 && c->spec.protocol == spec->protocol &&
		    c->spec.ops == spec->ops && c->spec.udp_port == spec->udp_port &&
		    c->spec.low_latency == spec->low_latency && same_filter(c->filter, spec->filter))
			return c;
	return NULL;
}

static void chan_free_mem(struct as_chan *c)
{
	free(c->tx_buf);
	free(c->filter);
	free(c);
}

int as_chan_open(struct as_engine *e, const char *ifname, const struct as_chan_spec *spec,
		 struct as_chan **out)
{
	*out = NULL;
	struct as_chan *c = find_shared(e, ifname, spec);
	if (c) {
		c->refs++;
		*out = c;
		return AS_NO_ERROR;
	}
	struct as_iface_info ifi;
	int rc = as_iface_query(e, ifname, &ifi);
	if (rc != AS_NO_ERROR)
		return rc;
	if (!e->replay && !ifi.up) {
		as_engine_seterr(e, "interface %s is down", ifname);
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	}
	if (!e->replay && !ifi.running) {
		as_engine_seterr(e, "interface %s has no carrier", ifname);
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	}

	c = calloc(1, sizeof *c);
	if (!c)
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	c->e = e;
	c->refs = 1;
	c->fd = -1;
	c->sink_fd = -1;
	snprintf(c->ifname, sizeof c->ifname, "%s", ifname);
	c->spec = *spec;
	c->ifi = ifi;
	if (spec->filter && !(c->filter = strdup(spec->filter))) {
		chan_free_mem(c);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}
	c->spec.filter = c->filter;
	/* A slot holds the largest frame the interface carries plus link headers and tags, rounded
	 * to a cache line so that consecutive frames do not share one. */
	unsigned mtu = ifi.mtu ? ifi.mtu : 1500;
	c->tx_slot = ((size_t)mtu + 64 + 63) & ~(size_t)63;
	c->tx_buf = malloc(c->tx_slot * AS_TX_BATCH);
	if (!c->tx_buf) {
		chan_free_mem(c);
		return AS_ERROR_NOT_ENOUGH_MEMORY;
	}

	e->err[0] = 0;
	rc = e->ops->chan_open(e, c);
	if (rc != AS_NO_ERROR) {
		if (!e->err[0])
			as_engine_seterr(e, "interface %s: cannot open a %s channel", ifname,
					 e->ops->name);
		chan_free_mem(c);
		return rc;
	}
	if (c->fd >= 0) {
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
		if (epoll_ctl(e->epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
			as_engine_seterr(e, "interface %s: epoll_ctl failed", ifname);
			if (e->ops->chan_close)
				e->ops->chan_close(c);
			chan_free_mem(c);
			return AS_ERROR_CAN_NOT_COMPLETE;
		}
	}
	int family = as_chan_family(c);
	if (!e->replay && spec->udp_port && family)
		c->sink_fd = as_sink_open(family, spec->udp_port, ifname);

	c->next = e->chans;
	e->chans = c;
	*out = c;
	return AS_NO_ERROR;
}

void as_chan_destroy(struct as_chan *c)
{
	struct as_engine *e = c->e;
	as_chan_flush(c);
	for (struct as_chan **pp = &e->txq; *pp; pp = &(*pp)->tx_next)
		if (*pp == c) {
			*pp = c->tx_next;
			break;
		}
	for (struct as_chan **pp = &e->chans; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->fd >= 0)
		epoll_ctl(e->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (e->ops && e->ops->chan_close)
		e->ops->chan_close(c);
	if (c->sink_fd >= 0)
		close(c->sink_fd);
	chan_free_mem(c);
}

void as_chan_close(struct as_chan *c)
{
	if (!c || --c->refs > 0)
		return;
	as_chan_destroy(c);
}

const struct as_iface_info *as_chan_iface(const struct as_chan *c)
{
	return &c->ifi;
}

struct as_engine *as_chan_engine(const struct as_chan *c)
{
	return c->e;
}

const struct as_counters *as_chan_counters(const struct as_chan *c)
{
	return &c->ctr;
}

/* ---------------------------------------------------------------------------------------- */

/* Link addresses known without asking anyone: broadcasts and multicast mappings. */
static bool map_static(const struct as_chan *c, int family, const uint8_t *a, uint8_t mac[6])
{
	if (family == 4) {
		static const uint8_t bcast[4] = {255, 255, 255, 255};
		bool is_bcast = memcmp(a, bcast, 4) == 0;
		if (!is_bcast && c->ifi.has_ip4 && c->ifi.ip4_plen < 31) {
			uint32_t ip = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
				      (uint32_t)a[2] << 8 | a[3];
			uint32_t me = (uint32_t)c->ifi.ip4[0] << 24 | (uint32_t)c->ifi.ip4[1] << 16 |
				      (uint32_t)c->ifi.ip4[2] << 8 | c->ifi.ip4[3];
			uint32_t host = c->ifi.ip4_plen ? 0xFFFFFFFFu >> c->ifi.ip4_plen : 0xFFFFFFFFu;
			is_bcast = (ip & ~host) == (me & ~host) && (ip & host) == host;
		}
		if (is_bcast) {
			memset(mac, 0xFF, 6);
			return true;
		}
		if ((a[0] & 0xF0) == 0xE0) {
			const uint8_t m[6] = {0x01, 0x00, 0x5E, (uint8_t)(a[1] & 0x7F), a[2], a[3]};
			memcpy(mac, m, 6);
			return true;
		}
		return false;
	}
	if (a[0] == 0xFF) {
		const uint8_t m[6] = {0x33, 0x33, a[12], a[13], a[14], a[15]};
		memcpy(mac, m, 6);
		return true;
	}
	return false;
}

static void cache_put(struct as_chan *c, int family, const uint8_t *addr, const uint8_t mac[6])
{
	if (c->n_neigh == AS_NEIGH_CACHE) {
		/* Full: the oldest answer goes. */
		memmove(&c->neigh[0], &c->neigh[1], (AS_NEIGH_CACHE - 1) * sizeof c->neigh[0]);
		c->n_neigh--;
	}
	struct as_neigh_entry *n = &c->neigh[c->n_neigh++];
	memset(n, 0, sizeof *n);
	n->family = family;
	memcpy(n->addr, addr, family == 4 ? 4 : 16);
	memcpy(n->mac, mac, 6);
}

int as_neigh_resolve(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
		     uint8_t mac_out[6])
{
	if (family != 4 && family != 6)
		return AS_ERROR_INVALID_PARAMETER;
	if (map_static(c, family, addr, mac_out))
		return AS_NO_ERROR;
	size_t alen = family == 4 ? 4 : 16;
	for (unsigned i = 0; i < c->n_neigh; i++)
		if (c->neigh[i].family == family && memcmp(c->neigh[i].addr, addr, alen) == 0) {
			memcpy(mac_out, c->neigh[i].mac, 6);
			return AS_NO_ERROR;
		}
	struct as_engine *e = c->e;
	if (!e->ops->neigh_resolve) {
		memset(mac_out, 0, 6);
		return AS_NO_ERROR;
	}
	int rc = e->ops->neigh_resolve(c, family, addr, timeout_ms, mac_out);
	if (rc == AS_NO_ERROR)
		cache_put(c, family, addr, mac_out);
	return rc;
}
