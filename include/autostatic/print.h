/* print.h - text and JSON printing of decoded packets into caller-owned buffers.
 *
 * Printers never allocate and never write past the buffer: a string buffer that runs out of
 * room is marked truncated and keeps what fitted. The JSON printers write the protocol part of
 * the one-object-per-packet schema (doc/decode-json.md): a comma-separated run of members with
 * no surrounding braces, so that the caller can put the frame's own members around them.
 */
#ifndef AUTOSTATIC_PRINT_H
#define AUTOSTATIC_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <autostatic/common.h>
#include <autostatic/rip.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A string buffer over caller memory. p is always NUL-terminated when cap > 0. */
struct as_sb {
	char *p;
	size_t cap;
	size_t len;
	bool trunc; /**< something did not fit */
};

AS_EXPORT void as_sb_init(struct as_sb *sb, char *p, size_t cap);
/** The out-of-line part of as_sb_putn(): copies what fits and marks the buffer truncated. */
AS_EXPORT void as_sb_putn_slow(struct as_sb *sb, const char *s, size_t n);

/** Appends n bytes. Inline because printers call it for every field of every entry. */
static inline void as_sb_putn(struct as_sb *sb, const char *s, size_t n)
{
	if (sb->len + n < sb->cap) {
		memcpy(sb->p + sb->len, s, n);
		sb->len += n;
		sb->p[sb->len] = '\0';
	} else {
		as_sb_putn_slow(sb, s, n);
	}
}

/** Appends one character. */
static inline void as_sb_putc(struct as_sb *sb, char c)
{
	if (sb->len + 1 < sb->cap) {
		sb->p[sb->len++] = c;
		sb->p[sb->len] = '\0';
	} else {
		as_sb_putn_slow(sb, &c, 1);
	}
}

/** Appends a NUL-terminated string (a literal's length is known at compile time). */
static inline void as_sb_puts(struct as_sb *sb, const char *s)
{
	as_sb_putn(sb, s, strlen(s));
}
AS_EXPORT void as_sb_u64(struct as_sb *sb, uint64_t v);
AS_EXPORT void as_sb_hex(struct as_sb *sb, uint64_t v, unsigned digits); /**< lowercase, zero-padded */
AS_EXPORT void as_sb_ipv4(struct as_sb *sb, uint32_t addr);            /**< host order */
AS_EXPORT void as_sb_ipv6(struct as_sb *sb, const uint8_t addr[16]);   /**< RFC 5952 form */
AS_EXPORT void as_sb_mac(struct as_sb *sb, const uint8_t mac[6]);      /**< xx:xx:xx:xx:xx:xx */
/** A JSON string literal, quotes included, with every byte outside printable ASCII escaped. */
AS_EXPORT void as_sb_json_str(struct as_sb *sb, const uint8_t *s, size_t n);
/** Printable text: bytes outside printable ASCII as \xNN; stops at the first NUL. */
AS_EXPORT void as_sb_text_str(struct as_sb *sb, const uint8_t *s, size_t n);

/** Verification outcome passed to printers: not attempted, failed, passed. */
enum as_verified { AS_VERIFIED_NULL = -1, AS_VERIFIED_FALSE = 0, AS_VERIFIED_TRUE = 1 };

/**
 * RIP text, tcpdump -v style: a summary line after the caller's prefix, then one indented
 * line per entry (each starting with "\n\t"). err is 0 or an enum as_rip_err.
 */
AS_EXPORT void as_rip_print_text(struct as_sb *sb, const struct as_rip_msg *m, int err,
				 size_t len, enum as_verified verified);
/** RIP JSON members: "command", "version", ["seq", "flush"], ["auth"], "entries". */
AS_EXPORT void as_rip_print_json(struct as_sb *sb, const struct as_rip_msg *m, int err,
				 enum as_verified verified);

#ifdef __cplusplus
}
#endif
#endif
