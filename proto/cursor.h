/* cursor.h - bounds-checked big-endian reader and writer over caller-owned bytes.
 *
 * Every codec in proto/ reads and writes packets only through these two cursors; no struct is
 * ever laid over packet bytes. An access past the end sets a sticky error flag and yields zero
 * (reader) or writes nothing (writer); the codec checks the flag once where it decides, which
 * keeps the hot path free of per-field branches on the caller's side.
 */
#ifndef AS_PROTO_CURSOR_H
#define AS_PROTO_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/** Reader: p[0..len) is readable, off is the next byte, err is sticky. */
struct as_rd {
	const uint8_t *p;
	size_t len;
	size_t off;
	bool err;
};

/** Writer: p[0..cap) is writable, off is the next byte, err is sticky. */
struct as_wr {
	uint8_t *p;
	size_t cap;
	size_t off;
	bool err;
};

/* Big-endian loads for code that has already checked its bounds through a cursor: memcpy and
 * a byte swap compile to one load (and one bswap/movbe) on every target. */
static inline uint16_t as_load_be16(const uint8_t *q)
{
	uint16_t v;
	memcpy(&v, q, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap16(v);
#endif
	return v;
}

static inline uint32_t as_load_be32(const uint8_t *q)
{
	uint32_t v;
	memcpy(&v, q, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t as_load_be64(const uint8_t *q)
{
	uint64_t v;
	memcpy(&v, q, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void as_store_be16(uint8_t *q, uint16_t v)
{
	q[0] = (uint8_t)(v >> 8);
	q[1] = (uint8_t)v;
}

static inline void as_rd_init(struct as_rd *r, const void *p, size_t len)
{
	r->p = (const uint8_t *)p;
	r->len = len;
	r->off = 0;
	r->err = false;
}

static inline size_t as_rd_left(const struct as_rd *r)
{
	return r->err ? 0 : r->len - r->off;
}

/* True when n more bytes can be read; otherwise marks the cursor failed. */
static inline bool as_rd_need(struct as_rd *r, size_t n)
{
	if (r->err || r->len - r->off < n) {
		r->err = true;
		return false;
	}
	return true;
}

static inline const uint8_t *as_rd_ptr(const struct as_rd *r)
{
	return r->p + r->off;
}

static inline uint8_t as_rd_u8(struct as_rd *r)
{
	if (!as_rd_need(r, 1))
		return 0;
	return r->p[r->off++];
}

static inline uint16_t as_rd_be16(struct as_rd *r)
{
	if (!as_rd_need(r, 2))
		return 0;
	const uint8_t *q = r->p + r->off;
	r->off += 2;
	return as_load_be16(q);
}

static inline uint32_t as_rd_be32(struct as_rd *r)
{
	if (!as_rd_need(r, 4))
		return 0;
	const uint8_t *q = r->p + r->off;
	r->off += 4;
	return as_load_be32(q);
}

static inline void as_rd_bytes(struct as_rd *r, void *dst, size_t n)
{
	if (!as_rd_need(r, n)) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, r->p + r->off, n);
	r->off += n;
}

static inline void as_rd_skip(struct as_rd *r, size_t n)
{
	if (as_rd_need(r, n))
		r->off += n;
}

static inline void as_wr_init(struct as_wr *w, void *p, size_t cap)
{
	w->p = (uint8_t *)p;
	w->cap = cap;
	w->off = 0;
	w->err = false;
}

static inline bool as_wr_need(struct as_wr *w, size_t n)
{
	if (w->err || w->cap - w->off < n) {
		w->err = true;
		return false;
	}
	return true;
}

static inline void as_wr_u8(struct as_wr *w, uint8_t v)
{
	if (as_wr_need(w, 1))
		w->p[w->off++] = v;
}

static inline void as_wr_be16(struct as_wr *w, uint16_t v)
{
	if (!as_wr_need(w, 2))
		return;
	w->p[w->off] = (uint8_t)(v >> 8);
	w->p[w->off + 1] = (uint8_t)v;
	w->off += 2;
}

static inline void as_wr_be32(struct as_wr *w, uint32_t v)
{
	if (!as_wr_need(w, 4))
		return;
	w->p[w->off] = (uint8_t)(v >> 24);
	w->p[w->off + 1] = (uint8_t)(v >> 16);
	w->p[w->off + 2] = (uint8_t)(v >> 8);
	w->p[w->off + 3] = (uint8_t)v;
	w->off += 4;
}

static inline void as_wr_bytes(struct as_wr *w, const void *src, size_t n)
{
	if (!as_wr_need(w, n))
		return;
	memcpy(w->p + w->off, src, n);
	w->off += n;
}

static inline void as_wr_zero(struct as_wr *w, size_t n)
{
	if (!as_wr_need(w, n))
		return;
	memset(w->p + w->off, 0, n);
	w->off += n;
}

#endif
