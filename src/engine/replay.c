/* replay.c - the replay backend: frames come from a capture file (pcap or pcapng), the engine
 * clock follows the capture's timestamps, and whatever is sent goes nowhere. Deterministic and
 * unprivileged: the same capture always gives the same run.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "src/engine/engine_impl.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

/* sll_protocol values the kernel gives 802.3 frames (linux/if_ether.h). */
#define RP_ETH_P_802_3 0x0001
#define RP_ETH_P_ALL   0x0003
#define RP_ETH_P_802_2 0x0004
#define RP_ETH_P_IP    0x0800
#define RP_ETH_P_IPV6  0x86DD
#define RP_ETH_P_IPX   0x8137

struct rp_engine {
	pcap_t *p;
	int dlt;
	enum as_link link;
	/* The next frame, read ahead so next_ts() can tell its time. Valid until the next read. */
	bool have;
	struct pcap_pkthdr hdr;
	const u_char *data;
	uint64_t ts;
};

struct rp_chan {
	bool has_prog;
	struct bpf_program prog;
};

static bool link_of(int dlt, enum as_link *out)
{
	switch (dlt) {
	case DLT_EN10MB: *out = AS_LINK_ETHERNET; return true;
	case DLT_RAW: *out = AS_LINK_RAW; return true;
	case DLT_NULL: *out = AS_LINK_NULL; return true;
	case DLT_LOOP: *out = AS_LINK_LOOP; return true;
	case DLT_LINUX_SLL: *out = AS_LINK_LINUX_SLL; return true;
	case DLT_LINUX_SLL2: *out = AS_LINK_LINUX_SLL2; return true;
#ifdef DLT_IPV4
	case DLT_IPV4: *out = AS_LINK_IPV4; return true;
#endif
#ifdef DLT_IPV6
	case DLT_IPV6: *out = AS_LINK_IPV6; return true;
#endif
	default: return false;
	}
}

static struct rp_engine *rp_of(struct as_engine *e)
{
	return *as_engine_backend_priv(e);
}

/* Reads ahead one frame; frames the capture holds in error end the replay like its end does. */
static void read_next(struct rp_engine *r)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	r->have = false;
	if (pcap_next_ex(r->p, &h, &d) != 1)
		return;
	r->hdr = *h;
	r->data = d;
	/* Opened with nanosecond precision: tv_usec holds nanoseconds. */
	r->ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
	r->have = true;
}

static int rp_init(struct as_engine *e, const struct as_engine_cfg *cfg)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	if (!cfg || !cfg->replay_path || !*cfg->replay_path) {
		as_engine_seterr(e, "replay: no capture file given");
		return AS_ERROR_INVALID_PARAMETER;
	}
	struct rp_engine *r = calloc(1, sizeof *r);
	if (!r)
		return as_engine_seterr(e, "replay: out of memory");
	r->p = pcap_open_offline_with_tstamp_precision(cfg->replay_path, PCAP_TSTAMP_PRECISION_NANO,
	                                               errbuf);
	if (!r->p) {
		free(r);
		return as_engine_seterr(e, "cannot replay %s: %s", cfg->replay_path, errbuf);
	}
	r->dlt = pcap_datalink(r->p);
	if (!link_of(r->dlt, &r->link)) {
		const char *n = pcap_datalink_val_to_name(r->dlt);
		as_engine_seterr(e, "cannot replay %s: link type %s (%d) is not supported",
		                 cfg->replay_path, n ? n : "unknown", r->dlt);
		pcap_close(r->p);
		free(r);
		return AS_ERROR_NOT_SUPPORTED;
	}
	*as_engine_backend_priv(e) = r;
	read_next(r);
	if (r->have)
		as_engine_set_now(e, r->ts, r->ts);
	return AS_NO_ERROR;
}

static void rp_fini(struct as_engine *e)
{
	struct rp_engine *r = rp_of(e);
	if (!r)
		return;
	pcap_close(r->p);
	free(r);
	*as_engine_backend_priv(e) = NULL;
}

/* A synthetic interface: the capture says nothing about the one it was taken on. */
static int rp_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	(void)e;
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", name ? name : "");
	out->ifindex = 1;
	out->mac[0] = 0x02;
	out->mtu = 1500;
	out->up = true;
	out->running = true;
	return AS_NO_ERROR;
}

static void rp_chan_close(struct as_chan *c)
{
	struct rp_chan *rc = c->bk;
	if (rc) {
		if (rc->has_prog)
			pcap_freecode(&rc->prog);
		free(rc);
	}
	c->bk = NULL;
	c->fd = -1;
}

static int rp_chan_open(struct as_engine *e, struct as_chan *c)
{
	struct rp_engine *r = rp_of(e);
	c->fd = -1;
	if (!r)
		return as_engine_seterr(e, "%s: replay backend not initialised", c->ifname);
	struct rp_chan *rc = calloc(1, sizeof *rc);
	if (!rc)
		return as_engine_seterr(e, "%s: out of memory", c->ifname);
	c->bk = rc;
	if (c->spec.filter && *c->spec.filter) {
		/* Compiled for the capture's own link type: an SLL capture needs SLL offsets. */
		pcap_t *d = pcap_open_dead(r->dlt, 262144);
		if (!d) {
			rp_chan_close(c);
			return as_engine_seterr(e, "%s: pcap_open_dead failed", c->ifname);
		}
		if (pcap_compile(d, &rc->prog, c->spec.filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			as_engine_seterr(e, "%s: filter \"%s\": %s", c->ifname, c->spec.filter,
			                 pcap_geterr(d));
			pcap_close(d);
			rp_chan_close(c);
			return AS_ERROR_INVALID_PARAMETER;
		}
		pcap_close(d);
		rc->has_prog = true;
	}
	return AS_NO_ERROR;
}

/* Whether a frame would reach a packet socket bound to this protocol on Linux. Truncated or
 * broken IP still goes to the IP channel (by its EtherType), where the core counts the reason. */
static bool protocol_fits(uint16_t proto, const struct as_frame *f)
{
	switch (proto) {
	case 0:
	case RP_ETH_P_ALL: return true;
	case RP_ETH_P_IP: return f->l3 == AS_L3_IPV4 || f->ethertype == RP_ETH_P_IP;
	case RP_ETH_P_IPV6: return f->l3 == AS_L3_IPV6 || f->ethertype == RP_ETH_P_IPV6;
	case RP_ETH_P_IPX: return f->ipx_framing == AS_IPX_FRAME_ETHERNET_II;
	case RP_ETH_P_802_2:
		return f->ipx_framing == AS_IPX_FRAME_8022 || f->ipx_framing == AS_IPX_FRAME_SNAP;
	case RP_ETH_P_802_3: return f->ipx_framing == AS_IPX_FRAME_8023;
	default: return f->ethertype == proto;
	}
}

static bool rp_next_ts(struct as_engine *e, uint64_t *ts)
{
	struct rp_engine *r = rp_of(e);
	if (!r || !r->have)
		return false;
	*ts = r->ts;
	return true;
}

static void rp_deliver_next(struct as_engine *e)
{
	struct rp_engine *r = rp_of(e);
	if (!r || !r->have)
		return;
	struct as_frame f;
	as_frame_decode(r->link, r->data, r->hdr.caplen, &f);
	for (struct as_chan *c = as_engine_channels(e), *next; c; c = next) {
		const struct rp_chan *rc = c->bk;
		if (!rc || !protocol_fits(c->spec.protocol, &f) ||
		    (rc->has_prog && !pcap_offline_filter(&rc->prog, &r->hdr, r->data))) {
			next = c->next;
			continue;
		}
		struct as_rx rx;
		memset(&rx, 0, sizeof rx);
		rx.chan = c;
		rx.ts = as_engine_now(e);
		rx.link = r->link;
		rx.frame = r->data;
		rx.caplen = r->hdr.caplen;
		rx.wire_len = r->hdr.len;
		if (r->link == AS_LINK_ETHERNET && rx.caplen >= 12) {
			memcpy(rx.dst_mac, r->data, 6);
			memcpy(rx.src_mac, r->data + 6, 6);
		}
		/* Endpoints may open and close channels from their callbacks: hold this one, and
		 * take its successor only afterwards, from the list as it then is. */
		c->refs++;
		as_engine_deliver(c, &rx);
		next = c->next;
		if (--c->refs == 0) {
			c->refs = 1;
			as_chan_close(c);
		}
	}
	read_next(r);
}

/* Sent frames go nowhere; the core has already recorded and counted them. */
static int rp_chan_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	(void)c;
	(void)iov;
	return (int)n;
}

static unsigned rp_chan_recv(struct as_chan *c, unsigned budget)
{
	(void)c;
	(void)budget;
	return 0; /* frames arrive through deliver_next(), in capture order across channels */
}

const struct as_backend_ops as_backend_replay = {
    .name = "replay",
    .init = rp_init,
    .fini = rp_fini,
    .iface_query = rp_iface_query,
    .chan_open = rp_chan_open,
    .chan_close = rp_chan_close,
    .chan_recv = rp_chan_recv,
    .chan_send = rp_chan_send,
    .next_ts = rp_next_ts,
    .deliver_next = rp_deliver_next,
    .neigh_resolve = NULL,
};
