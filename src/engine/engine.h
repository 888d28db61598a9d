/* engine.h - the packet engine: I/O backends, channels, frame templates, timers, reply matching
 * and counters, in one epoll loop. It knows no routing protocol.
 *
 * Shape (DESIGN.md "Packet engine"):
 *   - A channel is one interface and one link-level protocol (the AF_PACKET sll_protocol, e.g.
 *     ETH_P_IP) narrowed by a kernel BPF filter compiled from a pcap expression. Channels are
 *     shared: opening the same (interface, protocol, filter, ops) again returns the same channel
 *     with one more reference, so thousands of sessions on one interface use one socket.
 *   - A protocol module gives each channel an ops table; its classify() tells the reply class
 *     (the command) of a received payload. The engine decapsulates the frame (as_frame_decode),
 *     checks the UDP checksum (accepting the offload signature, counted), asks classify(), then
 *     looks up an endpoint by key (channel, peer address, peer port, class), most specific
 *     first, and hands the frame to that endpoint, which re-checks the content. Every frame that
 *     is not accepted is counted under a named reason; nothing is dropped silently.
 *   - Templates: the Ethernet + IPv4/IPv6 + UDP headers for one (channel, peer, ports) are built
 *     once with libnet; each send copies them, patches lengths and checksums, and queues the
 *     frame in the channel's transmit batch, flushed with sendmmsg at the end of each loop turn
 *     (or when the batch is full).
 *   - Time is the engine's clock, in nanoseconds: CLOCK_MONOTONIC live, the capture's
 *     timestamps in replay. Timers live in one binary heap.
 *
 * Backends (enum as_backend): AF_PACKET (TPACKET_V3 receive ring, or TPACKET_V2 for low-latency
 * channels; sendmmsg, PACKET_QDISC_BYPASS; kernel ring drops counted as "rx-ring-drops"),
 * libpcap live, and replay (frames come from a capture file; what is sent goes nowhere; time
 * comes from the capture; no privileges). Any of them can be wrapped by the recording tee
 * (write_path), which writes every frame sent and received to a pcap with real timestamps.
 *
 * Functions returning int return an enum as_status (status.h) unless said otherwise; on failure
 * as_engine_error() holds a one-line message that names the interface and the cause.
 */
#ifndef AUTOSTATIC_ENGINE_H
#define AUTOSTATIC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <net/if.h>

#include <autostatic/frame.h>
#include <autostatic/status.h>

struct as_engine;
struct as_chan;
struct as_tmpl;

/* ------------------------------------------------------------------------------------------ */
/* Counters: named event counts. Names are string literals (static storage), compared by value. */

#define AS_COUNTERS_MAX 64

struct as_counters {
	unsigned n;
	struct {
		const char *name;
		uint64_t v;
	} c[AS_COUNTERS_MAX];
};

/** Adds n to the counter called name (created at 0 on first use; silently capped at MAX names). */
void as_count(struct as_counters *cs, const char *name, uint64_t n);
/** The value of a counter, 0 when it was never counted. */
uint64_t as_counter_get(const struct as_counters *cs, const char *name);
/** Adds every counter of src into dst. */
void as_counters_merge(struct as_counters *dst, const struct as_counters *src);

/* ------------------------------------------------------------------------------------------ */
/* The engine */

enum as_backend {
	AS_BACKEND_AFPACKET = 0,
	AS_BACKEND_PCAP,   /**< libpcap live capture + pcap_inject */
	AS_BACKEND_REPLAY, /**< frames from cfg.replay_path; nothing is sent anywhere */
};

struct as_engine_cfg {
	enum as_backend backend;
	const char *replay_path; /**< AS_BACKEND_REPLAY: the capture to read (pcap or pcapng) */
	const char *write_path;  /**< non-NULL: record every frame sent and received here (pcap) */
	unsigned ring_mb;        /**< AF_PACKET receive ring per channel, MiB (0 = 32) */
};

/** Creates an engine. On failure *out is NULL and errbuf holds the reason. */
int as_engine_new(const struct as_engine_cfg *cfg, struct as_engine **out, char *errbuf,
		  size_t errlen);
/** Closes every channel, flushes and closes the recording. Endpoints and timers must be gone. */
void as_engine_free(struct as_engine *e);
/** The last error message ("" when none). */
const char *as_engine_error(const struct as_engine *e);
/** The engine's clock in nanoseconds (monotonic live, capture time in replay). */
uint64_t as_engine_now(const struct as_engine *e);
/** Wall-clock nanoseconds since the epoch matching as_engine_now() (capture time in replay). */
uint64_t as_engine_wall(const struct as_engine *e);
/** Whether the engine runs on a capture (replay backend). */
bool as_engine_is_replay(const struct as_engine *e);
/** Engine-level counters: frames received, sent, and every drop before an endpoint took it. */
const struct as_counters *as_engine_counters(const struct as_engine *e);

/**
 * Runs the loop until as_engine_stop() is called, or nothing can happen any more (no timer
 * armed and, in replay, the capture is exhausted), or the engine clock passes deadline_ns
 * (0 = no deadline). Returns AS_NO_ERROR, or an error when the I/O failed (message set).
 */
int as_engine_run(struct as_engine *e, uint64_t deadline_ns);
/** Makes as_engine_run() return after the current callback. */
void as_engine_stop(struct as_engine *e);

/* ------------------------------------------------------------------------------------------ */
/* Interfaces and channels */

struct as_iface_info {
	char name[IF_NAMESIZE];
	int ifindex;
	uint8_t mac[6];
	unsigned mtu;
	bool up;      /**< IFF_UP */
	bool running; /**< IFF_RUNNING: carrier */
	bool has_ip4;
	uint8_t ip4[4]; /**< first IPv4 address */
	uint8_t ip4_plen;
	bool has_ll6;
	uint8_t ll6[16]; /**< the fe80::/10 address */
};

/**
 * Reads an interface's state (live: netlink/ioctl; replay: a synthetic, up interface with
 * address 0.0.0.0 / fe80::). AS_ERROR_INTERFACE_NOT_CONNECTED when it does not exist.
 */
int as_iface_query(struct as_engine *e, const char *name, struct as_iface_info *out);

/** Information a backend gives with each received frame. */
struct as_rx {
	struct as_chan *chan;
	uint64_t ts;              /**< engine clock */
	enum as_link link;        /**< link type of frame (Ethernet live; the capture's in replay) */
	const uint8_t *frame;     /**< the whole frame, from the link header */
	size_t caplen;
	size_t wire_len;
	bool csum_notready;       /**< TP_STATUS_CSUMNOTREADY: checksum left to offload */
	uint8_t src_mac[6];       /**< Ethernet source (zero for other links) */
	uint8_t dst_mac[6];
	struct as_frame f;        /**< decapsulated: addresses, ports, payload */
};

/** A protocol module's view of a channel's traffic. */
struct as_proto_ops {
	const char *name; /**< "rip", "ripng", "ipx" */
	/**
	 * The reply class of a decapsulated frame whose payload is the module's (usually the command;
	 * IPX may fold the socket in). Returns >= 0, or -1 with *reason set to a static name when
	 * the frame cannot be the module's (it is then counted under that reason and dropped).
	 */
	int (*classify)(const struct as_rx *rx, const char **reason);
};

struct as_chan_spec {
	uint16_t protocol;  /**< sll_protocol in host order: ETH_P_IP, ETH_P_IPV6, ETH_P_IPX, ETH_P_802_2 */
	const char *filter; /**< pcap filter expression compiled into the kernel BPF ("udp dst port 520") */
	const struct as_proto_ops *ops;
	uint16_t udp_port;  /**< UDP: our port (0 = not UDP). The UDP checksum is checked on receive,
			     *   and live channels keep the kernel from answering it with ICMP port
			     *   unreachable (a bound UDP socket that drops everything). */
	/**
	 * The channel mostly waits for single frames (a responder's requests, a triggered
	 * requester's Update Responses, acknowledgements): each frame must reach the endpoint at
	 * once. Live AF_PACKET then uses a per-frame receive ring (TPACKET_V2) instead of the
	 * block ring (TPACKET_V3), which hands frames over only when a block fills or times out
	 * (1 ms). Leave it false for channels that receive floods (a whole-table Request's
	 * answers). Part of the sharing key. Other backends ignore it.
	 */
	bool low_latency;
};

/**
 * Opens (or shares) a channel. AS_ERROR_INTERFACE_NOT_CONNECTED when the interface is missing,
 * down or has no carrier; AS_ERROR_ACCESS_DENIED without CAP_NET_RAW; AS_ERROR_CAN_NOT_COMPLETE
 * for other failures.
 */
int as_chan_open(struct as_engine *e, const char *ifname, const struct as_chan_spec *spec,
		 struct as_chan **out);
/** Drops one reference; the last closes the socket. */
void as_chan_close(struct as_chan *c);
const struct as_iface_info *as_chan_iface(const struct as_chan *c);
struct as_engine *as_chan_engine(const struct as_chan *c);
/** Counters of this channel: frames in/out and drop reasons seen on it. */
const struct as_counters *as_chan_counters(const struct as_chan *c);

/* ------------------------------------------------------------------------------------------ */
/* Link addresses */

/**
 * The link address of an IPv4 (family 4) or IPv6 (family 6) destination on a channel:
 * multicast and broadcast by mapping; unicast from the kernel neighbour table, else by the
 * engine's own ARP / Neighbour Solicitation (up to timeout_ms, answers cached per channel).
 * Replay: always succeeds with the zero address. AS_ERROR_CAN_NOT_COMPLETE when unresolved.
 */
int as_neigh_resolve(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
		     uint8_t mac_out[6]);

/* ------------------------------------------------------------------------------------------ */
/* Templates and sending */

struct as_udp_tmpl_spec {
	int family;            /**< 4 or 6 */
	const uint8_t *src;    /**< 4 or 16 bytes */
	const uint8_t *dst;
	const uint8_t *dst_mac; /**< 6 bytes */
	uint16_t sport, dport;
	uint8_t ttl;           /**< TTL / hop limit */
	uint8_t tos;           /**< TOS / traffic class */
};

/** Builds (with libnet) the Ethernet + IP + UDP headers once. AS_ERROR_* on failure. */
int as_tmpl_udp(struct as_chan *c, const struct as_udp_tmpl_spec *spec, struct as_tmpl **out);

/**
 * A link-only template for non-IP protocols (IPX): Ethernet II with ethertype, or an 802.3
 * length frame followed by llc_len bytes of LLC/SNAP header (ethertype 0 then). The 802.3
 * length is patched per packet.
 */
int as_tmpl_link(struct as_chan *c, const uint8_t dst_mac[6], uint16_t ethertype,
		 const uint8_t *llc, size_t llc_len, struct as_tmpl **out);

void as_tmpl_free(struct as_tmpl *t);

/**
 * Queues one frame: template headers + payload, lengths and checksums patched. The batch goes
 * out with sendmmsg at the end of the loop turn, or now when full. Returns 0, or -1 when the
 * payload does not fit the interface MTU or the kernel refused the batch (counted on the
 * channel as "tx-error" / "tx-too-big").
 */
int as_send(struct as_tmpl *t, const uint8_t *payload, size_t len);
/**
 * Queues one whole link-layer frame exactly as given (a replayed capture's, Ethernet from its
 * destination address on), in the same transmit batch as as_send(): nothing is patched. Returns
 * 0, or -1 when it is shorter than an Ethernet header or longer than the interface MTU + 14
 * (counted "tx-too-big", not sent), or when the kernel refused the batch it completed (counted
 * "tx-error"; errno holds the send's error).
 */
int as_send_frame(struct as_chan *c, const uint8_t *frame, size_t len);
/** Sends every queued frame of every channel now. */
void as_engine_flush(struct as_engine *e);

/* ------------------------------------------------------------------------------------------ */
/* Endpoints: where received frames go */

struct as_endpoint;

/**
 * Called with a frame that matched the endpoint's key. Returns 0 when accepted, or -1 with
 * *reason set to a static name (counted on the channel under it).
 */
typedef int (*as_rx_fn)(struct as_endpoint *ep, const struct as_rx *rx, const char **reason);

struct as_endpoint {
	/* key; set before as_endpoint_add() */
	struct as_chan *chan;
	int family;            /**< 4 or 6; 0 for non-IP (IPX: peer holds network + node, 10 bytes) */
	uint8_t peer[16];      /**< all zero = any peer */
	uint16_t peer_port;    /**< 0 = any port */
	int cls;               /**< reply class, as classify() returns it */
	as_rx_fn rx;
	void *owner;
	/* engine-private */
	struct as_endpoint *hnext;
	bool linked;
};

/**
 * Registers an endpoint. AS_ERROR_UPDATE_IN_PROGRESS when another endpoint holds the same key.
 * Lookup order for a frame from (addr, port) with class k: (addr, port, k), (addr, any, k),
 * (any, port, k), (any, any, k).
 */
int as_endpoint_add(struct as_engine *e, struct as_endpoint *ep);
void as_endpoint_del(struct as_engine *e, struct as_endpoint *ep);

/* ------------------------------------------------------------------------------------------ */
/* Timers */

struct as_timer;
typedef void (*as_timer_fn)(struct as_timer *t, void *arg);

struct as_timer {
	uint64_t when;
	size_t heap_idx; /**< engine-private; SIZE_MAX when not armed */
	as_timer_fn fn;
	void *arg;
};

void as_timer_init(struct as_timer *t, as_timer_fn fn, void *arg);
/** Arms (or re-arms) a timer for the engine-clock instant when_ns. */
void as_timer_arm(struct as_engine *e, struct as_timer *t, uint64_t when_ns);
void as_timer_cancel(struct as_engine *e, struct as_timer *t);
bool as_timer_armed(const struct as_timer *t);

/** Seconds (fractions allowed) to nanoseconds. */
static inline uint64_t as_sec_ns(double s)
{
	return s <= 0 ? 0 : (uint64_t)(s * 1e9 + 0.5);
}

#endif
