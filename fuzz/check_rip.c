/* check_rip.c - RIP payload checks for the fuzz harnesses (RFC 1058, 2453, 2082, 4822, 2091):
 * decode invariants, printers, verification with every algorithm, and the round trip
 * decode -> encode -> decode with a field-by-field and byte-by-byte comparison. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <autostatic/print.h>
#include <autostatic/rip.h>

#include "fuzz/common.h"

struct rip_print_ctx {
	const struct as_rip_msg *m;
	int err;
	size_t len;
	enum as_verified verified;
};

static void print_text(struct as_sb *sb, const void *ctx)
{
	const struct rip_print_ctx *c = ctx;
	as_rip_print_text(sb, c->m, c->err, c->len, c->verified);
}

static void print_json(struct as_sb *sb, const void *ctx)
{
	const struct rip_print_ctx *c = ctx;
	as_rip_print_json(sb, c->m, c->err, c->verified);
}

static bool entry_eq(const struct as_rip_entry *a, const struct as_rip_entry *b)
{
	return a->afi == b->afi && a->tag == b->tag && a->addr == b->addr && a->mask == b->mask &&
	       a->next_hop == b->next_hop && a->metric == b->metric &&
	       a->prefix_len == b->prefix_len && a->skip == b->skip;
}

/* Everything but the digest bytes, which depend on the key. */
static bool auth_eq(const struct as_rip_auth *a, const struct as_rip_auth *b)
{
	return a->type == b->type && memcmp(a->password, b->password, sizeof a->password) == 0 &&
	       a->pkt_len == b->pkt_len && a->key_id == b->key_id && a->auth_len == b->auth_len &&
	       a->seq == b->seq && a->alg == b->alg && a->digest_len == b->digest_len &&
	       a->trailer_off == b->trailer_off;
}

static void check_msg_eq(const struct as_rip_msg *a, const struct as_rip_msg *b)
{
	FUZZ_CHECK(a->command == b->command);
	FUZZ_CHECK(a->version == b->version);
	FUZZ_CHECK(a->mbz == b->mbz);
	FUZZ_CHECK(a->upd_version == b->upd_version);
	FUZZ_CHECK(a->flush == b->flush);
	FUZZ_CHECK(a->seq == b->seq);
	FUZZ_CHECK(auth_eq(&a->auth, &b->auth));
	FUZZ_CHECK(a->n_entries == b->n_entries);
	FUZZ_CHECK(a->n_skipped == b->n_skipped);
	FUZZ_CHECK(a->whole_table == b->whole_table);
	for (size_t i = 0; i < a->n_entries; i++)
		FUZZ_CHECK(entry_eq(&a->e[i], &b->e[i]));
}

/* Invariants of any decode result, accepted or rejected. */
static void check_decoded(const struct as_rip_msg *m, ssize_t r, size_t size)
{
	FUZZ_CHECK(r == (ssize_t)size || (r < 0 && -r < AS_RIP_ERR_COUNT));
	FUZZ_CHECK(m->n_entries + (m->auth.type ? 1u : 0u) <= AS_RIP_MAX_ENTRIES);
	FUZZ_CHECK(m->n_skipped <= m->n_entries);
	FUZZ_CHECK(m->auth.digest_len <= AS_RIP_MAX_DIGEST);
	FUZZ_CHECK(m->auth.trailer_off <= size);
	unsigned skipped = 0;
	for (size_t i = 0; i < m->n_entries; i++) {
		FUZZ_CHECK(m->e[i].skip < AS_RIP_SKIP_COUNT);
		FUZZ_CHECK(m->e[i].prefix_len <= 32);
		skipped += m->e[i].skip != 0;
	}
	FUZZ_CHECK(as_rip_err_str((enum as_rip_err)(r < 0 ? -r : 0)) != NULL);
	if (r < 0)
		return;
	/* Accepted: the header and every length agree with the RFCs. */
	FUZZ_CHECK(m->version == 1 || m->version == 2);
	FUZZ_CHECK(m->command == AS_RIP_REQUEST || m->command == AS_RIP_RESPONSE ||
		   as_rip_cmd_is_triggered(m->command));
	FUZZ_CHECK(skipped == m->n_skipped);
	FUZZ_CHECK(m->command != AS_RIP_UPDATE_ACK || m->n_entries == 0);
	if (as_rip_cmd_is_triggered(m->command))
		FUZZ_CHECK(m->upd_version == 1 && m->flush <= 1);
	size_t hdr = AS_RIP_HDR_LEN + (as_rip_cmd_is_triggered(m->command) ? AS_RIP_UPD_HDR_LEN : 0);
	size_t body = (size_t)m->n_entries * AS_RIP_RTE_LEN;
	switch (m->auth.type) {
	case AS_RIP_AUTH_NONE:
		FUZZ_CHECK(size == hdr + body);
		break;
	case AS_RIP_AUTH_SIMPLE:
		FUZZ_CHECK(m->version == 2 && m->auth.alg == AS_RIP_ALG_SIMPLE);
		FUZZ_CHECK(size == hdr + AS_RIP_RTE_LEN + body);
		break;
	case AS_RIP_AUTH_CRYPTO:
		FUZZ_CHECK(m->version == 2);
		FUZZ_CHECK(m->auth.digest_len == as_rip_alg_digest_len((enum as_rip_alg)m->auth.alg));
		FUZZ_CHECK(m->auth.trailer_off == m->auth.pkt_len);
		FUZZ_CHECK(m->auth.trailer_off == hdr + AS_RIP_RTE_LEN + body);
		FUZZ_CHECK(size == (size_t)m->auth.trailer_off + AS_RIP_TRAILER_HDR_LEN +
					   m->auth.digest_len);
		FUZZ_CHECK(m->auth.auth_len == m->auth.digest_len ||
			   m->auth.auth_len == m->auth.digest_len + AS_RIP_TRAILER_HDR_LEN);
		break;
	default:
		FUZZ_CHECK(!"accepted packet with an unknown authentication type");
	}
	for (size_t i = 0; i < m->n_entries; i++)
		FUZZ_CHECK(m->version == 1 || m->e[i].afi != AS_RIP_AFI_AUTH);
}

/* Verification with a key of every algorithm, the decoded key ID and another one. */
static void check_verify(const uint8_t *data, size_t size, const struct as_rip_msg *m)
{
	static const enum as_rip_alg algs[] = {AS_RIP_ALG_SIMPLE, AS_RIP_ALG_MD5, AS_RIP_ALG_SHA1,
					       AS_RIP_ALG_SHA256, AS_RIP_ALG_SHA384,
					       AS_RIP_ALG_SHA512};
	FUZZ_CHECK(as_rip_auth_verify(data, size, m, NULL) == AS_RIP_ERR_AUTH_NO_KEY);
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		for (int other_id = 0; other_id < 2; other_id++) {
			struct as_rip_key k = fuzz_fixed_key(algs[i], (uint8_t)(m->auth.key_id + other_id));
			enum as_rip_err v = as_rip_auth_verify(data, size, m, &k);
			FUZZ_CHECK(v == AS_RIP_OK || v == AS_RIP_ERR_AUTH_FAILED ||
				   v == AS_RIP_ERR_AUTH_NO_KEY);
			if (v == AS_RIP_OK) {
				FUZZ_CHECK(m->auth.type == AS_RIP_AUTH_SIMPLE ||
					   m->auth.type == AS_RIP_AUTH_CRYPTO);
				FUZZ_CHECK(k.alg == m->auth.alg);
				FUZZ_CHECK(m->auth.type == AS_RIP_AUTH_SIMPLE || !other_id);
			}
			k.any_key_id = true;
			v = as_rip_auth_verify(data, size, m, &k);
			FUZZ_CHECK(v == AS_RIP_OK || v == AS_RIP_ERR_AUTH_FAILED ||
				   v == AS_RIP_ERR_AUTH_NO_KEY);
		}
	}
}

void fuzz_rip_payload(const uint8_t *data, size_t size, uint8_t variant)
{
	struct as_rip_msg m, m2;
	uint8_t buf[AS_RIP_MAX_LEN];

	ssize_t r = as_rip_decode(data, size, &m);
	check_decoded(&m, r, size);

	struct rip_print_ctx pc = {&m, r < 0 ? (int)-r : 0, size, fuzz_pick_verified(variant)};
	fuzz_check_printer(print_text, &pc, false);
	fuzz_check_printer(print_json, &pc, true);
	check_verify(data, size, &m);
	if (r < 0)
		return;

	/* Round trip. Crypto packets are signed again with the fixed key of the decoded
	 * algorithm and key ID; everything before the digest must come out byte for byte. */
	struct as_rip_key key = fuzz_fixed_key((enum as_rip_alg)m.auth.alg, m.auth.key_id);
	const struct as_rip_key *kp = m.auth.type == AS_RIP_AUTH_CRYPTO ? &key : NULL;
	bool signed_ok = kp && as_rip_auth_verify(data, size, &m, kp) == AS_RIP_OK;

	ssize_t n = as_rip_encode(&m, kp, buf, sizeof buf);
	FUZZ_CHECK(n == (ssize_t)size);
	size_t same = m.auth.type == AS_RIP_AUTH_CRYPTO
			      ? (size_t)m.auth.trailer_off + AS_RIP_TRAILER_HDR_LEN
			      : size;
	FUZZ_CHECK(memcmp(buf, data, same) == 0);
	if (signed_ok) /* the original was signed with our key: the digest must match too */
		FUZZ_CHECK(memcmp(buf, data, size) == 0);

	/* Too small a buffer is refused, never overrun (exact-size heap copy for ASan). */
	if (n > 0) {
		uint8_t *small = malloc((size_t)n - 1);
		FUZZ_CHECK(small != NULL || n == 1);
		FUZZ_CHECK(as_rip_encode(&m, kp, small, (size_t)n - 1) == -1);
		free(small);
	}

	uint8_t *copy = fuzz_dup(buf, (size_t)n);
	ssize_t r2 = as_rip_decode(copy, (size_t)n, &m2);
	FUZZ_CHECK(r2 == n);
	check_msg_eq(&m, &m2);
	if (kp)
		FUZZ_CHECK(as_rip_auth_verify(copy, (size_t)n, &m2, kp) == AS_RIP_OK);
	free(copy);
}
