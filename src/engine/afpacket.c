/* afpacket.c - the AF_PACKET backend: per channel one packet socket with a kernel BPF filter, a
 * memory-mapped receive ring (TPACKET_V3, or TPACKET_V2 for low-latency channels) and batched
 * transmit with sendmmsg (packet(7), Linux Documentation/networking/packet_mmap.rst). Frames
 * are Ethernet (RFC 894 / IEEE 802.3).
 *
 * Ring versions (measured; see bench/README.md)
 * ---------------------------------------------
 * TPACKET_V3 packs frames of any size into large blocks and hands user space a whole block at
 * a time: one wake-up and one status word per block, the cheapest way to take a flood (a
 * whole-table dump of 40 000 Responses). But the kernel wakes the reader only when a block is
 * retired, full or after tp_retire_blk_tov, whose unit and smallest useful value is 1 ms
 * (tpacket_rcv() calls sk_data_ready per frame for V1/V2 only; for V3 only prb_close_block()
 * does). User space cannot safely read the block being filled (its status stays
 * TP_STATUS_KERNEL and num_pkts is not published in order). So every exchange that waits for
 * one frame (a responder's Request, each RFC 2091 Update Response and Acknowledge) waited ~1 ms
 * on V3, where a raw ping-pong takes ~4 us. Busy-polling the open block, a shorter timer or
 * poll() on the ring do not help: there is no sub-millisecond V3 timer and no per-frame V3
 * wake-up. TPACKET_V2 has fixed-size frame slots, a status word per frame and a wake-up per
 * frame. Hence a per-channel choice: as_chan_spec.low_latency selects V2 (responders,
 * triggered requesters), the default stays V3 (request-mode requesters, which receive floods).
 * Both rings are ring_mb MiB: V3 in 256 KiB blocks (see AF_V3_BLOCK_SIZE), V2 in 1 MiB blocks of
 * slots that fit the interface MTU.
 *
 * Kernel drops. A full ring drops frames in the kernel; they never reach us. When that happened
 * the kernel marks the next frame (V2) or block (V3) it hands over with TP_STATUS_LOSING until
 * PACKET_STATISTICS is read (which resets the count): on that mark, and when the channel
 * closes, the drops are read and counted on the channel and the engine as "rx-ring-drops" (V3:
 * the times the ring was full, "rx-ring-frozen"). The counter exists, at 0, from the channel's
 * opening, so that a report shows "no drop" rather than nothing.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <pcap/pcap.h>

#include "src/engine/engine_impl.h"

#define AF_BLOCK_SIZE     (1u << 20) /* V2 blocks; ring_mb counts MiB */
#define AF_FRAME_SIZE     2048u
#define AF_DEFAULT_MB     32u
/* V3 blocks: a block is handed to us when full or after AF_RETIRE_MS (the kernel's smallest),
 * whichever comes first, and a block retired part-full wastes the rest of its space. A flood of
 * 500-byte RIP Responses at ~500 000 frames/s fills 256 KiB (~400 frames) in under a
 * millisecond, so blocks leave full and the whole ring holds frames; 1 MiB blocks left after
 * 1 ms about half empty, which shrank a 32 MiB ring to the room of ~16 000 frames. */
#define AF_V3_BLOCK_SIZE (1u << 18)
#define AF_RETIRE_MS     1u

struct af_chan {
	uint8_t *ring;
	size_t ring_len;
	int version;              /* TPACKET_V2 or TPACKET_V3 */
	unsigned block_size, n_blocks;
	/* V3 */
	unsigned blk;             /* the block we read next */
	unsigned blk_left;        /* frames still to read in it (when in_blk) */
	struct tpacket3_hdr *pkt; /* next frame in it */
	bool in_blk;
	/* V2 */
	unsigned n_frames, frame_size, frames_per_block;
	unsigned slot; /* the frame we read next */
	bool ignore_outgoing; /* PACKET_IGNORE_OUTGOING took */
};

static int priv_error(struct as_engine *e, const char *ifname, const char *what, int err)
{
	if (err == EPERM || err == EACCES) {
		as_engine_seterr(e, "%s: %s: %s (needs CAP_NET_RAW)", ifname, what, strerror(err));
		return AS_ERROR_ACCESS_DENIED;
	}
	as_engine_seterr(e, "%s: %s: %s", ifname, what, strerror(err));
	return AS_ERROR_CAN_NOT_COMPLETE;
}

/* Compiles a pcap expression for Ethernet and attaches it as a classic BPF socket filter; the
 * kernel then drops everything else before it reaches the ring. */
static int attach_filter(struct as_engine *e, int fd, const char *ifname, const char *expr)
{
	if (!expr || !*expr)
		return AS_NO_ERROR;
	pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
	if (!p)
		return as_engine_seterr(e, "%s: pcap_open_dead failed", ifname);
	struct bpf_program prog;
	if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		as_engine_seterr(e, "%s: filter \"%s\": %s", ifname, expr, pcap_geterr(p));
		pcap_close(p);
		return AS_ERROR_INVALID_PARAMETER;
	}
	/* struct bpf_insn and struct sock_filter have the same layout: {u16 code, u8 jt, u8 jf,
	 * u32 k}. Copy rather than cast so the types stay honest. */
	struct sock_filter *ins = calloc(prog.bf_len, sizeof *ins);
	int rc = AS_NO_ERROR;
	if (!ins) {
		rc = as_engine_seterr(e, "%s: out of memory", ifname);
	} else {
		for (unsigned i = 0; i < prog.bf_len; i++) {
			ins[i].code = prog.bf_insns[i].code;
			ins[i].jt = prog.bf_insns[i].jt;
			ins[i].jf = prog.bf_insns[i].jf;
			ins[i].k = prog.bf_insns[i].k;
		}
		struct sock_fprog fp = {.len = (unsigned short)prog.bf_len, .filter = ins};
		if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp) < 0)
			rc = priv_error(e, ifname, "SO_ATTACH_FILTER", errno);
		free(ins);
	}
	pcap_freecode(&prog);
	pcap_close(p);
	return rc;
}

static void af_release(struct as_chan *c, struct af_chan *a)
{
	if (a->ring && a->ring != MAP_FAILED)
		munmap(a->ring, a->ring_len);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(a);
	c->bk = NULL;
}

static int af_chan_open(struct as_engine *e, struct as_chan *c)
{
	const struct as_engine_cfg *cfg = as_engine_config(e);
	struct af_chan *a = calloc(1, sizeof *a);
	if (!a)
		return as_engine_seterr(e, "%s: out of memory", c->ifname);
	c->bk = a;
	/* Protocol 0: the socket receives nothing until bind(), by which time the filter is on.
	 * Opening with the real protocol would queue unfiltered frames in between. */
	c->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		int rc = priv_error(e, c->ifname, "AF_PACKET socket", errno);
		af_release(c, a);
		return rc;
	}
	int rc = attach_filter(e, c->fd, c->ifname, c->spec.filter);
	if (rc != AS_NO_ERROR)
		goto fail;

	int one = 1;
	a->ignore_outgoing =
	    setsockopt(c->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) == 0;
	/* Straight to the driver: lower latency, and a test instrument wants its frames on the
	 * wire as built, not reshaped by a qdisc. Old kernels lack it; then the qdisc stays. */
	(void)setsockopt(c->fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);

	a->version = c->spec.low_latency ? TPACKET_V2 : TPACKET_V3;
	if (setsockopt(c->fd, SOL_PACKET, PACKET_VERSION, &a->version, sizeof a->version) < 0) {
		rc = priv_error(e, c->ifname,
		                a->version == TPACKET_V2 ? "PACKET_VERSION TPACKET_V2"
		                                         : "PACKET_VERSION TPACKET_V3",
		                errno);
		goto fail;
	}
	unsigned mb = cfg && cfg->ring_mb ? cfg->ring_mb : AF_DEFAULT_MB;
	int ringerr;
	if (a->version == TPACKET_V3) {
		a->block_size = AF_V3_BLOCK_SIZE;
		a->n_blocks = mb * (AF_BLOCK_SIZE / AF_V3_BLOCK_SIZE);
		struct tpacket_req3 req;
		memset(&req, 0, sizeof req);
		req.tp_block_size = a->block_size;
		req.tp_block_nr = a->n_blocks;
		req.tp_frame_size = AF_FRAME_SIZE;
		req.tp_frame_nr = (a->block_size / AF_FRAME_SIZE) * a->n_blocks;
		req.tp_retire_blk_tov = AF_RETIRE_MS;
		ringerr = setsockopt(c->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
	} else {
		/* A slot holds the V2 header, the link-layer address, the alignment pad the kernel
		 * puts before the network header, and the largest frame of the link (VLAN tag
		 * included): a power of two, so that slots never straddle a block. */
		unsigned need = (unsigned)TPACKET_ALIGN(TPACKET2_HDRLEN + 16) + 14 + 4 +
		                (c->ifi.mtu ? c->ifi.mtu : 1500);
		a->frame_size = AF_FRAME_SIZE;
		while (a->frame_size < need && a->frame_size < AF_BLOCK_SIZE)
			a->frame_size <<= 1;
		a->block_size = AF_BLOCK_SIZE;
		a->n_blocks = mb;
		a->frames_per_block = AF_BLOCK_SIZE / a->frame_size;
		a->n_frames = a->frames_per_block * a->n_blocks;
		struct tpacket_req req;
		memset(&req, 0, sizeof req);
		req.tp_block_size = AF_BLOCK_SIZE;
		req.tp_block_nr = a->n_blocks;
		req.tp_frame_size = a->frame_size;
		req.tp_frame_nr = a->n_frames;
		ringerr = setsockopt(c->fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req);
	}
	if (ringerr < 0) {
		rc = priv_error(e, c->ifname, "PACKET_RX_RING", errno);
		goto fail;
	}
	a->ring_len = (size_t)a->block_size * a->n_blocks;
	a->ring =
	    mmap(NULL, a->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_LOCKED, c->fd, 0);
	if (a->ring == MAP_FAILED) /* MAP_LOCKED can exceed RLIMIT_MEMLOCK: try unlocked */
		a->ring = mmap(NULL, a->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (a->ring == MAP_FAILED) {
		a->ring = NULL;
		rc = priv_error(e, c->ifname, "mmap of the receive ring", errno);
		goto fail;
	}

	struct sockaddr_ll sll;
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = c->ifi.ifindex;
	sll.sll_protocol = htons(c->spec.protocol);
	if (bind(c->fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
		int err = errno;
		if (err == ENODEV || err == ENETDOWN) {
			as_engine_seterr(e, "interface %s is not connected: %s", c->ifname,
			                 strerror(err));
			rc = AS_ERROR_INTERFACE_NOT_CONNECTED;
		} else {
			rc = priv_error(e, c->ifname, "bind", err);
		}
		goto fail;
	}
	/* Anything that reached the ordinary queue before the ring and filter were in place is
	 * not ours to trust: drop it. (With protocol 0 at socket() this is normally nothing.) */
	uint8_t junk[64];
	for (unsigned i = 0; i < 4096; i++)
		if (recv(c->fd, junk, sizeof junk, MSG_DONTWAIT | MSG_TRUNC) < 0)
			break;
	/* Present at 0 from the start: a report then says "no drop", not nothing. */
	as_engine_count(c, "rx-ring-drops", 0);
	return AS_NO_ERROR;
fail:
	af_release(c, a);
	return rc;
}

/* Reads (and so resets) the kernel's counts of frames it dropped for want of ring space. */
static void read_drops(struct as_chan *c, const struct af_chan *a)
{
	union tpacket_stats_u st;
	memset(&st, 0, sizeof st);
	socklen_t len = a->version == TPACKET_V3 ? sizeof st.stats3 : sizeof st.stats1;
	if (getsockopt(c->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) < 0)
		return;
	if (st.stats1.tp_drops)
		as_engine_count(c, "rx-ring-drops", st.stats1.tp_drops);
	if (a->version == TPACKET_V3 && st.stats3.tp_freeze_q_cnt)
		as_engine_count(c, "rx-ring-frozen", st.stats3.tp_freeze_q_cnt);
}

static void af_chan_close(struct as_chan *c)
{
	if (c->bk) {
		if (c->fd >= 0)
			read_drops(c, c->bk);
		af_release(c, c->bk);
	} else if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

static struct tpacket_block_desc *block_at(struct af_chan *a, unsigned i)
{
	return (struct tpacket_block_desc *)(void *)(a->ring + (size_t)i * a->block_size);
}

/* Hands one ring frame to the engine. base: its header; mac: offset of the Ethernet header. */
static bool deliver_one(struct as_chan *c, const uint8_t *base, const struct sockaddr_ll *sll,
                        uint32_t status, unsigned mac, unsigned snaplen, unsigned len)
{
	/* Without PACKET_IGNORE_OUTGOING our own frames come back: skip them. */
	if (sll->sll_pkttype == PACKET_OUTGOING) {
		as_count(&c->ctr, "rx-own-frame", 1);
		return false;
	}
	/* A tag the NIC stripped: the frame belongs to a VLAN, another link than the one this
	 * channel speaks on. */
	if (status & TP_STATUS_VLAN_VALID) {
		as_count(&c->ctr, "rx-vlan-tagged", 1);
		return false;
	}
	struct as_rx rx;
	memset(&rx, 0, sizeof rx);
	rx.chan = c;
	rx.ts = as_engine_now(c->e);
	rx.link = AS_LINK_ETHERNET;
	rx.frame = base + mac;
	rx.caplen = snaplen;
	rx.wire_len = len;
	rx.csum_notready = (status & TP_STATUS_CSUMNOTREADY) != 0;
	if (rx.caplen >= 12) {
		memcpy(rx.dst_mac, rx.frame, 6);
		memcpy(rx.src_mac, rx.frame + 6, 6);
	}
	as_engine_deliver(c, &rx);
	return true;
}

static unsigned recv_v3(struct as_chan *c, struct af_chan *a, unsigned budget)
{
	unsigned got = 0;
	/* Every block is visited at most once per call, so a busy ring cannot hold us here. */
	for (unsigned visited = 0; got < budget && visited <= a->n_blocks;) {
		struct tpacket_block_desc *bd = block_at(a, a->blk);
		if (!a->in_blk) {
			uint32_t bs = __atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE);
			if (!(bs & TP_STATUS_USER))
				break;
			if (bs & TP_STATUS_LOSING)
				read_drops(c, a);
			a->in_blk = true;
			a->blk_left = bd->hdr.bh1.num_pkts;
			a->pkt = (struct tpacket3_hdr *)(void *)((uint8_t *)bd +
			                                         bd->hdr.bh1.offset_to_first_pkt);
		}
		while (a->blk_left && got < budget) {
			struct tpacket3_hdr *h = a->pkt;
			const struct sockaddr_ll *sll =
			    (const void *)((uint8_t *)h + TPACKET_ALIGN(sizeof *h));
			a->blk_left--;
			a->pkt = (struct tpacket3_hdr *)(void *)((uint8_t *)h + h->tp_next_offset);
			if (deliver_one(c, (const uint8_t *)h, sll, h->tp_status, h->tp_mac,
			                h->tp_snaplen, h->tp_len))
				got++;
		}
		if (a->blk_left)
			break; /* budget spent inside the block: keep it for the next call */
		a->in_blk = false;
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		a->blk = (a->blk + 1) % a->n_blocks;
		visited++;
	}
	return got;
}

static unsigned recv_v2(struct as_chan *c, struct af_chan *a, unsigned budget)
{
	unsigned got = 0;
	/* At most one lap of the ring per call. */
	for (unsigned seen = 0; got < budget && seen < a->n_frames; seen++) {
		uint8_t *f = a->ring + (size_t)(a->slot / a->frames_per_block) * AF_BLOCK_SIZE +
		             (size_t)(a->slot % a->frames_per_block) * a->frame_size;
		struct tpacket2_hdr *h = (struct tpacket2_hdr *)(void *)f;
		uint32_t st = __atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE);
		if (!(st & TP_STATUS_USER))
			break;
		if (st & TP_STATUS_LOSING)
			read_drops(c, a);
		const struct sockaddr_ll *sll = (const void *)(f + TPACKET_ALIGN(sizeof *h));
		/* The frame is handed over in place and only given back afterwards: an endpoint
		 * reads it during the call. */
		if (deliver_one(c, f, sll, st, h->tp_mac, h->tp_snaplen, h->tp_len))
			got++;
		__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		a->slot = a->slot + 1 == a->n_frames ? 0 : a->slot + 1;
	}
	return got;
}

static unsigned af_chan_recv(struct as_chan *c, unsigned budget)
{
	struct af_chan *a = c->bk;
	if (!a)
		return 0;
	/* An endpoint may close the channel from its callback: hold it so the ring stays mapped
	 * until the walk is over. */
	c->refs++;
	unsigned got = a->version == TPACKET_V2 ? recv_v2(c, a, budget) : recv_v3(c, a, budget);
	if (--c->refs == 0) { /* closed meanwhile: finish the close now */
		c->refs = 1;
		as_chan_close(c);
	}
	return got;
}

static int af_chan_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	struct mmsghdr msgs[AS_TX_BATCH];
	struct iovec vec[AS_TX_BATCH];
	unsigned done = 0;
	while (done < n) {
		unsigned k = n - done < AS_TX_BATCH ? n - done : AS_TX_BATCH;
		memset(msgs, 0, sizeof msgs[0] * k);
		for (unsigned i = 0; i < k; i++) {
			vec[i] = iov[done + i];
			msgs[i].msg_hdr.msg_iov = &vec[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		/* The socket is bound to (ifindex, protocol): no address needed per frame. */
		int r = sendmmsg(c->fd, msgs, k, MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return done ? (int)done : -1;
		}
		done += (unsigned)r;
		if ((unsigned)r < k)
			break; /* the kernel stopped part-way (ENOBUFS/EAGAIN): report what went */
	}
	return (int)done;
}

static int af_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	char err[256];
	int rc = as_live_iface_query(name, out, err, sizeof err);
	if (rc != AS_NO_ERROR)
		as_engine_seterr(e, "%s", err);
	return rc;
}

const struct as_backend_ops as_backend_afpacket = {
    .name = "afpacket",
    .iface_query = af_iface_query,
    .chan_open = af_chan_open,
    .chan_close = af_chan_close,
    .chan_recv = af_chan_recv,
    .chan_send = af_chan_send,
    .neigh_resolve = as_live_neigh_resolve,
};
