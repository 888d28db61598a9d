/* check_ripng.c - RIPng payload checks for the fuzz harnesses (RFC 2080, RFC 2091): decode
 * invariants, printers, the envelope check, and decode -> encode -> decode. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <autostatic/print.h>
#include <autostatic/ripng.h>

#include "fuzz/common.h"

struct ripng_print_ctx {
	const struct as_ripng_msg *m;
	int err;
	size_t len;
};

static void print_text(struct as_sb *sb, const void *ctx)
{
	const struct ripng_print_ctx *c = ctx;
	as_ripng_print_text(sb, c->m, c->err, c->len);
}

static void print_json(struct as_sb *sb, const void *ctx)
{
	const struct ripng_print_ctx *c = ctx;
	as_ripng_print_json(sb, c->m, c->err);
}

/* Encode writes next-hop RTEs with tag 0 and prefix length 0 (RFC 2080 2.1.1), so those two
 * fields of a next-hop entry are the only ones allowed to change in a round trip. */
static bool entry_eq(const struct as_ripng_entry *a, const struct as_ripng_entry *b)
{
	if (memcmp(a->prefix, b->prefix, sizeof a->prefix) != 0 || a->metric != b->metric ||
	    a->is_next_hop != b->is_next_hop || a->skip != b->skip ||
	    memcmp(a->next_hop, b->next_hop, sizeof a->next_hop) != 0)
		return false;
	return a->is_next_hop || (a->tag == b->tag && a->prefix_len == b->prefix_len);
}

static void check_msg_eq(const struct as_ripng_msg *a, const struct as_ripng_msg *b)
{
	FUZZ_CHECK(a->command == b->command);
	FUZZ_CHECK(a->version == b->version);
	FUZZ_CHECK(a->mbz == b->mbz);
	FUZZ_CHECK(a->upd_version == b->upd_version);
	FUZZ_CHECK(a->flush == b->flush);
	FUZZ_CHECK(a->seq == b->seq);
	FUZZ_CHECK(a->n_entries == b->n_entries);
	FUZZ_CHECK(a->n_skipped == b->n_skipped);
	FUZZ_CHECK(a->whole_table == b->whole_table);
	for (size_t i = 0; i < a->n_entries; i++)
		FUZZ_CHECK(entry_eq(&a->e[i], &b->e[i]));
}

static bool link_local(const uint8_t a[16])
{
	return a[0] == 0xFE && (a[1] & 0xC0) == 0x80;
}

static void check_decoded(const struct as_ripng_msg *m, ssize_t r, size_t size)
{
	FUZZ_CHECK(r == (ssize_t)size || (r < 0 && -r < AS_RIPNG_ERR_COUNT));
	FUZZ_CHECK(m->n_entries <= AS_RIPNG_MAX_ENTRIES);
	FUZZ_CHECK(m->n_skipped <= m->n_entries);
	FUZZ_CHECK(as_ripng_err_str((enum as_ripng_err)(r < 0 ? -r : 0)) != NULL);
	unsigned skipped = 0;
	static const uint8_t zero[16];
	const uint8_t *nh = zero;
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct as_ripng_entry *e = &m->e[i];
		FUZZ_CHECK(e->skip < AS_RIPNG_SKIP_COUNT);
		FUZZ_CHECK(e->is_next_hop == (e->metric == AS_RIPNG_METRIC_NEXT_HOP));
		skipped += e->skip != 0;
		/* The resolved next hop is the last usable next-hop RTE's address, or :: */
		if (e->is_next_hop) {
			nh = e->skip ? zero : e->prefix;
			FUZZ_CHECK(e->skip || !memcmp(e->prefix, zero, 16) || link_local(e->prefix));
		} else {
			FUZZ_CHECK(memcmp(e->next_hop, nh, 16) == 0);
		}
	}
	FUZZ_CHECK(skipped == m->n_skipped);
	if (r < 0)
		return;
	FUZZ_CHECK(m->version == 1);
	FUZZ_CHECK(m->command == AS_RIPNG_REQUEST || m->command == AS_RIPNG_RESPONSE ||
		   as_ripng_cmd_is_triggered(m->command));
	FUZZ_CHECK(m->command != AS_RIPNG_UPDATE_ACK || m->n_entries == 0);
	size_t hdr = AS_RIPNG_HDR_LEN +
		     (as_ripng_cmd_is_triggered(m->command) ? AS_RIPNG_UPD_HDR_LEN : 0);
	FUZZ_CHECK(size == hdr + (size_t)m->n_entries * AS_RIPNG_RTE_LEN);
	if (as_ripng_cmd_is_triggered(m->command))
		FUZZ_CHECK(m->upd_version == 1 && m->flush <= 1);
}

static void check_context(const struct as_ripng_msg *m, uint8_t variant)
{
	uint8_t src[16] = {0};
	if (variant & 1) {
		src[0] = 0xFE;
		src[1] = 0x80;
	} else {
		src[0] = 0x20;
		src[1] = 0x01;
	}
	src[15] = 1;
	uint16_t sport = (variant & 2) ? AS_RIPNG_PORT : 1024;
	uint8_t hops = (variant & 4) ? AS_RIPNG_HOP_LIMIT : 1;
	enum as_ripng_err e = as_ripng_check_context(m, src, sport, hops);
	enum as_ripng_err want = AS_RIPNG_OK;
	if (m->command == AS_RIPNG_REQUEST)
		want = AS_RIPNG_OK;
	else if (!(variant & 1))
		want = AS_RIPNG_ERR_SRC_NOT_LINK_LOCAL;
	else if (!(variant & 2))
		want = AS_RIPNG_ERR_SOURCE_PORT;
	else if (!(variant & 4))
		want = AS_RIPNG_ERR_HOP_LIMIT;
	FUZZ_CHECK(e == want);
}

void fuzz_ripng_payload(const uint8_t *data, size_t size, uint8_t variant)
{
	/* About 20 KiB each: kept off the stack. */
	static struct as_ripng_msg m, m2;
	static uint8_t buf[AS_RIPNG_MAX_LEN];

	ssize_t r = as_ripng_decode(data, size, &m);
	check_decoded(&m, r, size);
	struct ripng_print_ctx pc = {&m, r < 0 ? (int)-r : 0, size};
	fuzz_check_printer(print_text, &pc, false);
	fuzz_check_printer(print_json, &pc, true);
	check_context(&m, variant);

	size_t mtu = size + AS_RIPNG_IP6_UDP_OVERHEAD;
	size_t fit = as_ripng_max_entries(mtu), fit_t = as_ripng_max_entries_triggered(mtu);
	FUZZ_CHECK(fit <= AS_RIPNG_MAX_ENTRIES && fit_t <= fit);
	if (r < 0)
		return;
	/* A message that decoded fits the MTU it arrived on. */
	if (m.n_entries < AS_RIPNG_MAX_ENTRIES)
		FUZZ_CHECK(m.n_entries <= (as_ripng_cmd_is_triggered(m.command) ? fit_t : fit));

	ssize_t n = as_ripng_encode(&m, buf, sizeof buf);
	FUZZ_CHECK(n == (ssize_t)size);
	/* Byte for byte, but for the tag and prefix length of next-hop RTEs. */
	size_t hdr = (size_t)n - (size_t)m.n_entries * AS_RIPNG_RTE_LEN;
	FUZZ_CHECK(memcmp(buf, data, hdr) == 0);
	for (size_t i = 0; i < m.n_entries; i++) {
		const uint8_t *a = buf + hdr + i * AS_RIPNG_RTE_LEN;
		const uint8_t *b = data + hdr + i * AS_RIPNG_RTE_LEN;
		size_t cmp = m.e[i].is_next_hop ? 16 : AS_RIPNG_RTE_LEN;
		FUZZ_CHECK(memcmp(a, b, cmp) == 0);
		if (m.e[i].is_next_hop)
			FUZZ_CHECK(a[16] == 0 && a[17] == 0 && a[18] == 0 && a[19] == 0xFF);
	}
	if (n > 0) {
		uint8_t *small = malloc((size_t)n - 1);
		FUZZ_CHECK(small != NULL || n == 1);
		FUZZ_CHECK(as_ripng_encode(&m, small, (size_t)n - 1) == -1);
		free(small);
	}

	uint8_t *copy = fuzz_dup(buf, (size_t)n);
	ssize_t r2 = as_ripng_decode(copy, (size_t)n, &m2);
	FUZZ_CHECK(r2 == n);
	check_msg_eq(&m, &m2);
	free(copy);
}
