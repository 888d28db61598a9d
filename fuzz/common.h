/* common.h - helpers shared by the fuzz harnesses: checks that abort, printer invariants, and
 * the per-codec round-trip checks that both the protocol harnesses and fuzz_frame run.
 *
 * The harnesses link proto/ (libasproto) and nothing else above it (DESIGN.md, "Layers").
 */
#ifndef AS_FUZZ_COMMON_H
#define AS_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <autostatic/frame.h>
#include <autostatic/print.h>

/* The libFuzzer entry point; every harness defines it, afl_driver.c and libFuzzer call it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, naming the broken invariant, when cond is false. Used instead of assert() so that
 * the checks stay on in builds with NDEBUG. */
#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* Runs a printer into a large buffer and into tiny exact-size heap buffers (0, 1, 7 and 64
 * bytes), and checks the string-buffer contract: never truncated in the large buffer, always
 * NUL-terminated, a truncated output is exactly the prefix of the full one, and the full output
 * is valid JSON (json: wrapped in braces) or printable text with only \n and \t as controls. */
typedef void (*fuzz_print_fn)(struct as_sb *sb, const void *ctx);
void fuzz_check_printer(fuzz_print_fn fn, const void *ctx, bool json);

/* A strict RFC 8259 syntax check of s[0..len). */
bool fuzz_json_valid(const char *s, size_t len);

/* Makes an exact-size heap copy of data so that AddressSanitizer sees any read past size;
 * free it with free(). Never returns NULL (aborts instead). */
uint8_t *fuzz_dup(const uint8_t *data, size_t size);

/* A printer's "verified" argument picked from one input byte. */
enum as_verified fuzz_pick_verified(uint8_t b);

/* fuzz_frame: the link type is FUZZ_LINKS[first byte % FUZZ_N_LINKS] - the eight of enum
 * as_link, then one the decoder does not support (LINKTYPE_USER0). fuzz/pcap2corpus.c writes
 * seeds with the same table. */
#define FUZZ_LINKS                                                                              \
	{AS_LINK_NULL, AS_LINK_ETHERNET, AS_LINK_RAW, AS_LINK_LOOP, AS_LINK_LINUX_SLL,            \
	 AS_LINK_IPV4, AS_LINK_IPV6, AS_LINK_LINUX_SLL2, (enum as_link)147}
#define FUZZ_N_LINKS 9

/* The fixed keys: the ones the bundled captures use (pcaps/MANIFEST.md), so that corpus
 * entries taken from them verify and the success path is fuzzed too. */
#define FUZZ_SIMPLE_PASSWORD "abcdefghijklmnop"
#define FUZZ_CRYPTO_SECRET "abcdefghijklmnopqrstuvwxyz"

/* The fixed key of an algorithm (FUZZ_SIMPLE_PASSWORD or FUZZ_CRYPTO_SECRET) with a key ID: the
 * one the harnesses verify with and the seeds are signed with. */
static inline struct as_rip_key fuzz_fixed_key(enum as_rip_alg alg, uint8_t key_id)
{
	struct as_rip_key k;
	memset(&k, 0, sizeof k);
	k.alg = (uint8_t)alg;
	k.key_id = key_id;
	const char *s = alg == AS_RIP_ALG_SIMPLE ? FUZZ_SIMPLE_PASSWORD : FUZZ_CRYPTO_SECRET;
	k.len = (uint16_t)strlen(s);
	memcpy(k.secret, s, k.len);
	return k;
}

/* Per-codec checks: decode, invariants of the result, printers, and for a packet that
 * decodes cleanly encode -> byte compare -> decode -> field compare. variant picks printer
 * arguments and context values; it comes from input bytes the codec does not see. */
void fuzz_rip_payload(const uint8_t *data, size_t size, uint8_t variant);
void fuzz_ripng_payload(const uint8_t *data, size_t size, uint8_t variant);
void fuzz_ipx_packet(const uint8_t *data, size_t size, uint8_t variant);
void fuzz_ipxrip_payload(const uint8_t *data, size_t size, uint8_t variant);
void fuzz_sap_payload(const uint8_t *data, size_t size, uint8_t variant);

#endif
