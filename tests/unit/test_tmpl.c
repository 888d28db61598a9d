/* test_tmpl.c - frame templates: IPv4/IPv6 + UDP frames built with libnet and patched per packet
 * decode back (as_frame_decode) with the right addresses, ports, TTL, lengths and correct
 * IPv4 header and UDP checksums (RFC 791, RFC 768, RFC 8200 8.1); the MTU is enforced; the
 * 802.3 length of link templates is patched (IEEE 802.3 3.2.6).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/engine/core_priv.h"

/* A fake backend: one synthetic interface, and sent frames land in a buffer. */
static uint8_t sent[AS_TX_BATCH * 2][1600];
static size_t sent_len[AS_TX_BATCH * 2];
static unsigned n_sent, n_send_calls;

static int fake_iface(struct as_engine *e, const char *name, struct as_iface_info *out)
{
	(void)e;
	snprintf(out->name, sizeof out->name, "%s", name);
	out->ifindex = 7;
	memcpy(out->mac, (uint8_t[]){0x02, 0, 0, 0, 0, 0x01}, 6);
	out->mtu = 1500;
	out->up = out->running = true;
	return AS_NO_ERROR;
}

static int fake_open(struct as_engine *e, struct as_chan *c)
{
	(void)e;
	c->fd = -1;
	return AS_NO_ERROR;
}

static int fake_send(struct as_chan *c, const struct iovec *iov, unsigned n)
{
	(void)c;
	n_send_calls++;
	for (unsigned i = 0; i < n; i++) {
		assert_true(n_sent < AS_TX_BATCH * 2);
		assert_true(iov[i].iov_len <= sizeof sent[0]);
		memcpy(sent[n_sent], iov[i].iov_base, iov[i].iov_len);
		sent_len[n_sent++] = iov[i].iov_len;
	}
	return (int)n;
}

static bool no_frame(struct as_engine *e, uint64_t *ts)
{
	(void)e;
	(void)ts;
	return false;
}

static void nothing(struct as_engine *e)
{
	(void)e;
}

static const struct as_backend_ops fake_ops = {.name = "fake",
					       .iface_query = fake_iface,
					       .chan_open = fake_open,
					       .chan_send = fake_send,
					       .next_ts = no_frame,
					       .deliver_next = nothing};

struct fx {
	struct as_engine *e;
	struct as_chan *c4, *c6, *cx;
};

static int setup(void **state)
{
	static struct fx f;
	struct as_engine_cfg cfg = {.backend = AS_BACKEND_REPLAY};
	char err[128];
	assert_int_equal(as_engine_new_ops(&fake_ops, &cfg, &f.e, err, sizeof err), AS_NO_ERROR);
	struct as_chan_spec s4 = {.protocol = 0x0800, .filter = "udp port 520", .udp_port = 520};
	struct as_chan_spec s6 = {.protocol = 0x86DD, .filter = "udp port 521", .udp_port = 521};
	struct as_chan_spec sx = {.protocol = 0x8137};
	assert_int_equal(as_chan_open(f.e, "veth0", &s4, &f.c4), AS_NO_ERROR);
	assert_int_equal(as_chan_open(f.e, "veth0", &s6, &f.c6), AS_NO_ERROR);
	assert_int_equal(as_chan_open(f.e, "veth0", &sx, &f.cx), AS_NO_ERROR);
	n_sent = n_send_calls = 0;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	as_engine_free(f->e);
	return 0;
}

static const uint8_t src4[4] = {192, 0, 2, 1}, dst4[4] = {224, 0, 0, 9};
static const uint8_t src6[16] = {0xfe, 0x80, [15] = 1}, dst6[16] = {0xff, 0x02, [15] = 9};
static const uint8_t dmac[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x09};

static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed * 13 + (i >> 3));
}

static void check_frame(int family, const uint8_t *frame, size_t flen, const uint8_t *payload,
			size_t len, uint8_t ttl, uint8_t tos)
{
	struct as_frame f;
	assert_int_equal(as_frame_decode(AS_LINK_ETHERNET, frame, flen, &f), AS_FRAME_OK);
	assert_int_equal(f.l3, family == 4 ? AS_L3_IPV4 : AS_L3_IPV6);
	assert_memory_equal(frame, dmac, 6);
	assert_memory_equal(frame + 6, ((uint8_t[]){0x02, 0, 0, 0, 0, 0x01}), 6);
	if (family == 4) {
		assert_memory_equal(f.src, src4, 4);
		assert_memory_equal(f.dst, dst4, 4);
		assert_int_equal(f.ip_csum, AS_CSUM_GOOD);
		assert_int_equal(frame[20] & 0x40, 0); /* DF clear */
		assert_int_equal(frame[23], 17);
		assert_int_equal(flen, 14 + 20 + 8 + len);
	} else {
		assert_memory_equal(f.src, src6, 16);
		assert_memory_equal(f.dst, dst6, 16);
		assert_int_equal(frame[20], 17);
		assert_int_equal(flen, 14 + 40 + 8 + len);
	}
	assert_false(f.ip_options);
	assert_int_equal(f.ttl, ttl);
	assert_int_equal(f.tos, tos);
	assert_int_equal(f.sport, 520);
	assert_int_equal(f.dport, family == 4 ? 520 : 521);
	assert_int_equal(f.udp_len, 8 + len);
	assert_int_equal(f.udp_csum, AS_CSUM_GOOD);
	assert_int_equal(f.payload_len, len);
	if (len)
		assert_memory_equal(f.payload, payload, len);
}

static void sweep(struct fx *fx, int family)
{
	struct as_udp_tmpl_spec s = {.family = family,
				     .src = family == 4 ? src4 : src6,
				     .dst = family == 4 ? dst4 : dst6,
				     .dst_mac = dmac,
				     .sport = 520,
				     .dport = family == 4 ? 520 : 521,
				     .ttl = family == 4 ? 1 : 255,
				     .tos = 0xC0};
	struct as_tmpl *t;
	struct as_chan *c = family == 4 ? fx->c4 : fx->c6;
	assert_int_equal(as_tmpl_udp(c, &s, &t), AS_NO_ERROR);
	size_t max = family == 4 ? 1472 : 1452;
	static uint8_t pl[1600];
	unsigned seed = 0;
	for (size_t len = 0; len <= max; len += (len < 40 ? 1 : 37)) {
		/* 0..40 one by one, then every 37th: odd and even lengths both */
		fill(pl, len, ++seed);
		n_sent = 0;
		assert_int_equal(as_send(t, pl, len), 0);
		as_engine_flush(fx->e);
		assert_int_equal(n_sent, 1);
		check_frame(family, sent[0], sent_len[0], pl, len, s.ttl, s.tos);
	}
	fill(pl, max, 99);
	n_sent = 0;
	assert_int_equal(as_send(t, pl, max), 0);
	as_engine_flush(fx->e);
	check_frame(family, sent[0], sent_len[0], pl, max, s.ttl, s.tos);

	/* One byte over the MTU: refused and counted, nothing queued. */
	uint64_t before = as_counter_get(as_chan_counters(c), "tx-too-big");
	n_sent = 0;
	assert_int_equal(as_send(t, pl, max + 1), -1);
	as_engine_flush(fx->e);
	assert_int_equal(n_sent, 0);
	assert_true(as_counter_get(as_chan_counters(c), "tx-too-big") == before + 1);
	as_tmpl_free(t);
}

static void test_udp4(void **state)
{
	sweep(*state, 4);
}

static void test_udp6(void **state)
{
	sweep(*state, 6);
}

static void test_ipv4_id_and_batch(void **state)
{
	struct fx *fx = *state;
	struct as_udp_tmpl_spec s = {.family = 4, .src = src4, .dst = dst4, .dst_mac = dmac,
				     .sport = 520, .dport = 520, .ttl = 64};
	struct as_tmpl *t;
	assert_int_equal(as_tmpl_udp(fx->c4, &s, &t), AS_NO_ERROR);
	uint8_t pl[24] = {2, 2};
	n_sent = n_send_calls = 0;
	/* A full batch goes out at once, without waiting for the end of the turn. */
	for (unsigned i = 0; i < AS_TX_BATCH; i++)
		assert_int_equal(as_send(t, pl, sizeof pl), 0);
	assert_int_equal(n_send_calls, 1);
	assert_int_equal(n_sent, AS_TX_BATCH);
	assert_int_equal(as_send(t, pl, sizeof pl), 0);
	assert_int_equal(n_sent, AS_TX_BATCH);
	as_engine_flush(fx->e);
	assert_int_equal(n_sent, AS_TX_BATCH + 1);
	for (unsigned i = 0; i < n_sent; i++) {
		check_frame(4, sent[i], sent_len[i], pl, sizeof pl, 64, 0);
		/* identification counts up per packet */
		assert_int_equal(sent[i][18] << 8 | sent[i][19], i);
	}
	assert_true(as_counter_get(as_engine_counters(fx->e), "tx-frames") >= AS_TX_BATCH + 1);
	as_tmpl_free(t);
}

/* A payload whose UDP checksum computes to 0 must carry 0xFFFF (RFC 768). */
static void test_zero_checksum_sent_as_ffff(void **state)
{
	struct fx *fx = *state;
	struct as_udp_tmpl_spec s = {.family = 4, .src = src4, .dst = dst4, .dst_mac = dmac,
				     .sport = 520, .dport = 520, .ttl = 1};
	struct as_tmpl *t;
	assert_int_equal(as_tmpl_udp(fx->c4, &s, &t), AS_NO_ERROR);
	uint8_t pl[4] = {1, 2, 0, 0};
	n_sent = 0;
	assert_int_equal(as_send(t, pl, sizeof pl), 0);
	as_engine_flush(fx->e);
	/* Choose the last word so that the whole sum is 0xFFFF: checksum 0. */
	uint16_t ck = (uint16_t)(sent[0][40] << 8 | sent[0][41]);
	uint16_t w = ck; /* sum without the word was ~ck; adding ck gives 0xFFFF */
	pl[2] = (uint8_t)(w >> 8);
	pl[3] = (uint8_t)w;
	n_sent = 0;
	assert_int_equal(as_send(t, pl, sizeof pl), 0);
	as_engine_flush(fx->e);
	assert_int_equal(sent[0][40], 0xFF);
	assert_int_equal(sent[0][41], 0xFF);
	check_frame(4, sent[0], sent_len[0], pl, sizeof pl, 1, 0);
	as_tmpl_free(t);
}

static void test_link_8023(void **state)
{
	struct fx *fx = *state;
	const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	const uint8_t llc[3] = {0xE0, 0xE0, 0x03};
	struct as_tmpl *t;
	assert_int_equal(as_tmpl_link(fx->cx, bc, 0, llc, sizeof llc, &t), AS_NO_ERROR);
	static uint8_t pl[1600];
	size_t lens[] = {0, 1, 30, 31, 576, 1497};
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		fill(pl, lens[i], (unsigned)i);
		n_sent = 0;
		assert_int_equal(as_send(t, pl, lens[i]), 0);
		as_engine_flush(fx->e);
		assert_int_equal(sent_len[0], 14 + 3 + lens[i]);
		assert_memory_equal(sent[0], bc, 6);
		assert_int_equal(sent[0][12] << 8 | sent[0][13], 3 + lens[i]);
		assert_memory_equal(sent[0] + 14, llc, 3);
		if (lens[i])
			assert_memory_equal(sent[0] + 17, pl, lens[i]);
	}
	assert_int_equal(as_send(t, pl, 1498), -1); /* 3 + 1498 > 1500 */
	as_tmpl_free(t);

	assert_int_equal(as_tmpl_link(fx->cx, bc, 0x8137, NULL, 0, &t), AS_NO_ERROR);
	n_sent = 0;
	assert_int_equal(as_send(t, pl, 100), 0);
	as_engine_flush(fx->e);
	assert_int_equal(sent_len[0], 114);
	assert_int_equal(sent[0][12] << 8 | sent[0][13], 0x8137);
	as_tmpl_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_udp4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_id_and_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zero_checksum_sent_as_ffff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_8023, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
