/* engine_impl.h - what the engine core (loop, channels, matcher, templates) and the I/O backends
 * share. Not for protocol modules: they use engine.h only.
 */
#ifndef AUTOSTATIC_ENGINE_IMPL_H
#define AUTOSTATIC_ENGINE_IMPL_H

#include <stdarg.h>
#include <sys/uio.h>

#include "src/engine/engine.h"

#define AS_TX_BATCH 64       /**< frames per sendmmsg */
#define AS_NEIGH_CACHE 64    /**< resolved link addresses kept per channel */

struct as_neigh_entry {
	int family;
	uint8_t addr[16];
	uint8_t mac[6];
};

struct as_chan {
	struct as_engine *e;
	struct as_chan *next; /**< the engine's list of channels */
	unsigned refs;
	char ifname[IF_NAMESIZE];
	struct as_chan_spec spec; /**< spec.filter points at filter below */
	char *filter;
	struct as_iface_info ifi;
	struct as_counters ctr;

	int fd;       /**< backend descriptor watched by epoll, -1 for none */
	int sink_fd;  /**< UDP socket keeping the kernel from sending port unreachable, or -1 */
	void *bk;     /**< backend-private state */

	/* transmit batch: AS_TX_BATCH slots of tx_slot bytes */
	unsigned tx_n;
	size_t tx_slot;
	uint8_t *tx_buf;
	struct iovec tx_iov[AS_TX_BATCH];
	bool tx_queued; /**< on the engine's flush list */
	struct as_chan *tx_next;

	unsigned n_neigh;
	struct as_neigh_entry neigh[AS_NEIGH_CACHE];
};

/** What an I/O backend provides. Engine-wide hooks may be NULL when unused. */
struct as_backend_ops {
	const char *name;
	/** Engine-wide set-up (replay: opens the capture). */
	int (*init)(struct as_engine *e, const struct as_engine_cfg *cfg);
	void (*fini)(struct as_engine *e);
	int (*iface_query)(struct as_engine *e, const char *name, struct as_iface_info *out);
	/** Opens the channel's I/O: sets c->fd (or -1) and c->bk. c->ifi is already filled. */
	int (*chan_open)(struct as_engine *e, struct as_chan *c);
	void (*chan_close)(struct as_chan *c);
	/** Reads up to budget frames, handing each to as_engine_deliver(). Returns frames read. */
	unsigned (*chan_recv)(struct as_chan *c, unsigned budget);
	/** Sends n frames; returns how many went out, or -1 with errno set. */
	int (*chan_send)(struct as_chan *c, const struct iovec *iov, unsigned n);
	/** Replay: the timestamp (engine clock) of the next frame, false when the capture is done. */
	bool (*next_ts)(struct as_engine *e, uint64_t *ts);
	/** Replay: hands the next frame to every channel that wants it, the clock already moved. */
	void (*deliver_next)(struct as_engine *e);
	/** Link address resolution (live backends); NULL = zero address (replay). */
	int (*neigh_resolve)(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
			     uint8_t mac_out[6]);
};

extern const struct as_backend_ops as_backend_afpacket;
extern const struct as_backend_ops as_backend_pcap;
extern const struct as_backend_ops as_backend_replay;

/* Provided by the engine core for backends. */

/** as_engine_new() with a given backend (tests use a fake one). */
int as_engine_new_ops(const struct as_backend_ops *ops, const struct as_engine_cfg *cfg,
		      struct as_engine **out, char *errbuf, size_t errlen);

/** Decapsulates, records, checksums, classifies, matches and counts one received frame. */
void as_engine_deliver(struct as_chan *c, struct as_rx *rx);
/** Counts on the channel and on its engine alike (backends: ring drops and the like). */
void as_engine_count(struct as_chan *c, const char *name, uint64_t n);
/** Sets the one-line error message. Returns AS_ERROR_CAN_NOT_COMPLETE for convenience. */
int as_engine_seterr(struct as_engine *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** Replay: moves the engine clock (never backwards). */
void as_engine_set_now(struct as_engine *e, uint64_t now_ns, uint64_t wall_ns);
/** The backend's engine-wide private pointer. */
void **as_engine_backend_priv(struct as_engine *e);
/** The channels of the engine (replay delivers to each that wants a frame). */
struct as_chan *as_engine_channels(struct as_engine *e);
/** The configuration the engine was made with. */
const struct as_engine_cfg *as_engine_config(const struct as_engine *e);

/* The recording tee (rec.c): a pcap (DLT_EN10MB) of everything sent and received. */
struct as_rec;
int as_rec_open(const char *path, struct as_rec **out, char *err, size_t errlen);
void as_rec_write(struct as_rec *r, uint64_t wall_ns, const uint8_t *frame, size_t caplen,
		  size_t wire_len);
void as_rec_close(struct as_rec *r);

/* Live helpers (iface.c, sink.c, neigh.c). */
int as_live_iface_query(const char *name, struct as_iface_info *out, char *err, size_t errlen);
/** Binds a UDP socket on port (family 4 or 6) that drops everything, so no port unreachable goes
 * out; -1 when the port is taken by someone else (then they answer) or on error. */
int as_sink_open(int family, uint16_t port, const char *ifname);
int as_live_neigh_resolve(struct as_chan *c, int family, const uint8_t *addr, unsigned timeout_ms,
			  uint8_t mac_out[6]);

#endif
