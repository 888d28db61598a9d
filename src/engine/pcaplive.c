/* pcaplive.c - the libpcap live backend: capture with pcap_create/pcap_dispatch, send with
 * pcap_inject (pcap(3PCAP)). Slower than AF_PACKET rings but portable across capture devices.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "src/engine/engine_impl.h"

struct pl_chan {
	pcap_t *p;
	enum as_link link;
};

static enum as_link link_of(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB: return AS_LINK_ETHERNET;
	case DLT_RAW: return AS_LINK_RAW;
	case DLT_LINUX_SLL: return AS_LINK_LINUX_SLL;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2: return AS_LINK_LINUX_SLL2;
#endif
	case DLT_NULL: return AS_LINK_NULL;
	default: return (enum as_link)dlt;
	}
}

static int activate_error(struct as_engine *e, const char *ifname, pcap_t *p, int rc)
{
	const char *why = pcap_geterr(p);
	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
		as_engine_seterr(e, "%s: %s (needs CAP_NET_RAW)", ifname, why);
		return AS_ERROR_ACCESS_DENIED;
	case PCAP_ERROR_NO_SUCH_DEVICE:
		as_engine_seterr(e, "interface %s does not exist", ifname);
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	case PCAP_ERROR_IFACE_NOT_UP:
		as_engine_seterr(e, "interface %s is down", ifname);
		return AS_ERROR_INTERFACE_NOT_CONNECTED;
	default:
		as_engine_seterr(e, "%s: pcap_activate: %s", ifname,
		                 why && *why ? why : pcap_statustostr(rc));
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
}

static void pl_chan_close(struct as_chan *c)
{
	struct pl_chan *pl = c->bk;
	if (pl) {
		if (pl->p)
			pcap_close(pl->p);
		free(pl);
	}
	c->bk = NULL;
	c->fd = -1; /* the descriptor belonged to the pcap_t */
}

static int pl_chan_open(struct as_engine *e, struct as_chan *c)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pl_chan *pl = calloc(1, sizeof *pl);
	if (!pl)
		return as_engine_seterr(e, "%s: out of memory", c->ifname);
	c->bk = pl;
	c->fd = -1;
	pl->p = pcap_create(c->ifname, errbuf);
	if (!pl->p) {
		as_engine_seterr(e, "%s: pcap_create: %s", c->ifname, errbuf);
		pl_chan_close(c);
		return AS_ERROR_CAN_NOT_COMPLETE;
	}
	int rc = AS_NO_ERROR;
	/* Immediate mode: a reply must not wait for a capture buffer to fill. */
	/* In immediate mode libpcap uses fixed slots of about the snap length: its default 2 MiB
	 * buffer then holds some 30 frames and a burst overflows it. Size it like the AF_PACKET
	 * ring. */
	const struct as_engine_cfg *cfg = as_engine_config(e);
	unsigned mb = cfg && cfg->ring_mb ? cfg->ring_mb : 32;
	if (pcap_set_snaplen(pl->p, 65535) != 0 || pcap_set_immediate_mode(pl->p, 1) != 0 ||
	    pcap_set_promisc(pl->p, 0) != 0 ||
	    pcap_set_buffer_size(pl->p, (int)(mb > 1024 ? 1024 : mb) << 20) != 0) {
		rc = as_engine_seterr(e, "%s: pcap options refused", c->ifname);
		goto fail;
	}
	int act = pcap_activate(pl->p);
	if (act < 0) {
		rc = activate_error(e, c->ifname, pl->p, act);
		goto fail;
	}
	pl->link = link_of(pcap_datalink(pl->p));
	/* Only what arrives: our own frames would otherwise come back to us. */
	if (pcap_setdirection(pl->p, PCAP_D_IN) != 0) {
		rc =
		    as_engine_seterr(e, "%s: pcap_setdirection: %s", c->ifname, pcap_geterr(pl->p));
		goto fail;
	}
	if (c->spec.filter && *c->spec.filter) {
		struct bpf_program prog;
		if (pcap_compile(pl->p, &prog, c->spec.filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			as_engine_seterr(e, "%s: filter \"%s\": %s", c->ifname, c->spec.filter,
			                 pcap_geterr(pl->p));
			rc = AS_ERROR_INVALID_PARAMETER;
			goto fail;
		}
		int s = pcap_setfilter(pl->p, &prog);
		pcap_freecode(&prog);
		if (s != 0) {
			rc = as_engine_seterr(e, "%s: pcap_setfilter: %s", c->ifname,
			                      pcap_geterr(pl->p));
			goto fail;
		}
	}
	if (pcap_setnonblock(pl->p, 1, errbuf) != 0) {
		rc = as_engine_seterr(e, "%s: pcap_setnonblock: %s", c->ifname, errbuf);
		goto fail;
	}
	c->fd = pcap_get_selectable_fd(pl->p);
	if (c->fd < 0) {
		rc = as_engine_seterr(e, "%s: no selectable descriptor", c->ifname);
		goto fail;
	}
	return AS_NO_ERROR;
fail:
	pl_chan_close(c);
	return rc;
}

struct pl_ctx {
	struct as_chan *c;
	enum as_link link;
};

static void pl_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	const struct pl_ctx *ctx = (const struct pl_ctx *)(void *)user;
	struct as_rx rx;
	memset(&rx, 0, sizeof rx);
	rx.chan = ctx->c;
	rx.ts = as_engine_now(ctx->c->e);
	rx.link = ctx->link;
	rx.frame = bytes;
	rx.caplen = h->caplen;
	rx.wire_len = h->len;
	/* libpcap does not pass TP_STATUS_CSUMNOTREADY on; the core still recognises the offload
	 * signature in the checksum itself. */
	if (ctx->link == AS_LINK_ETHERNET && rx.caplen >= 12) {
		memcpy(rx.dst_mac, bytes, 6);
		memcpy(rx.src_mac, bytes + 6, 6);
	}
	as_engine_deliver(ctx->c, &rx);
}

static unsigned pl_chan_recv(struct as_chan *c, unsigned budget)
{
	struct pl_chan *pl = c->bk;
	if (!pl || !budget)
		return 0;
	struct pl_ctx ctx = {c, pl->link};
	/* pcap_close() inside pcap_dispatch()'s callback would pull the buffer from under it: hold
	 * the channel while frames are handed out. */
	c->refs++;
	int n = pcap_dispatch(pl->p, budget > (unsigned)INT32_MAX ? INT32_MAX : (int)budget,
	                      pl_frame, (u_char *)&ctx);
	if (--c->refs == 0) {
		c->refs = 1;
		as_chan_close(c);
	}
	if (n < 0) {
		as_count(&c->ctr, "rx-error", 1);
		return 0;
	}
	return (unsigned)n;
}

static int pl_chan_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	struct pl_chan *pl = c->bk;
	if (!pl) {
		errno = EBADF;
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		errno = 0;
		if (pcap_inject(pl->p, iov[i].iov_base, iov[i].iov_len) < 0) {
			if (errno == 0)
				errno = EIO;
			return i ? (int)i : -1;
		}
	}
	return (int)n;
}

static int pl_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	char err[256];
	int rc = as_live_iface_query(name, out, err, sizeof err);
	if (rc != AS_NO_ERROR)
		as_engine_seterr(e, "%s", err);
	return rc;
}

const struct as_backend_ops as_backend_pcap = {
    .name = "pcap",
    .iface_query = pl_iface_query,
    .chan_open = pl_chan_open,
    .chan_close = pl_chan_close,
    .chan_recv = pl_chan_recv,
    .chan_send = pl_chan_send,
    .neigh_resolve = as_live_neigh_resolve,
};
