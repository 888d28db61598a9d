/* capwriter.c - test helper for the requester tests (RIP RFC 2453, RIPng RFC 2080, IPX RIP/SAP):
 * see capwriter.h.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include <autostatic/frame.h>

#include "src/core/update.h"
#include "src/engine/engine_impl.h"
#include "tests/unit/capwriter.h"

void cap_open(struct cap *c, const char *name)
{
	snprintf(c->path, sizeof c->path, "/tmp/%s.%d.XXXXXX", name, (int)getpid());
	int fd = mkstemp(c->path);
	assert_true(fd >= 0);
	close(fd);
	c->p = pcap_open_dead(DLT_EN10MB, 65535);
	assert_non_null(c->p);
	c->d = pcap_dump_open(c->p, c->path);
	assert_non_null(c->d);
	c->t0_us = 1700000000ull * 1000000u;
}

void cap_close(struct cap *c)
{
	pcap_dump_close(c->d);
	pcap_close(c->p);
}

void cap_raw(struct cap *c, unsigned t_ms, const uint8_t *f, size_t len)
{
	struct pcap_pkthdr ph;
	uint64_t us = c->t0_us + (uint64_t)t_ms * 1000u;
	ph.ts.tv_sec = (time_t)(us / 1000000u);
	ph.ts.tv_usec = (suseconds_t)(us % 1000000u);
	ph.caplen = ph.len = (bpf_u_int32)len;
	pcap_dump((u_char *)c->d, &ph, f);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static const uint8_t dmac[6] = {0x02, 0, 0, 0, 0, 0x02}, smac[6] = {0x02, 0, 0, 0, 0, 0x01};

void cap_udp(struct cap *c, unsigned t_ms, uint32_t src, uint16_t sport, uint32_t dst,
             uint16_t dport, const uint8_t *pl, size_t len)
{
	uint8_t f[1600];
	memset(f, 0, 42);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	uint8_t *h = f + 14;
	size_t tot = 20 + 8 + len;
	h[0] = 0x45;
	h[2] = (uint8_t)(tot >> 8), h[3] = (uint8_t)tot;
	h[8] = 1;
	h[9] = 17;
	put32(h + 12, src);
	put32(h + 16, dst);
	uint16_t cs = (uint16_t)~as_csum_fold(as_csum_add(0, h, 20));
	h[10] = (uint8_t)(cs >> 8), h[11] = (uint8_t)cs;
	uint8_t *u = h + 20;
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((8 + len) >> 8), u[5] = (uint8_t)(8 + len);
	memcpy(u + 8, pl, len);
	cap_raw(c, t_ms, f, 14 + tot);
}

void cap_udp6(struct cap *c, unsigned t_ms, const char *src, uint16_t sport, const char *dst,
              uint16_t dport, uint8_t hlim, const uint8_t *pl, size_t len)
{
	static uint8_t f[9100], ps[9100];
	assert_true(len + 62 <= sizeof f);
	memset(f, 0, 62);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x86, f[13] = 0xDD;
	uint8_t *h = f + 14;
	size_t ulen = 8 + len;
	h[0] = 0x60;
	h[4] = (uint8_t)(ulen >> 8), h[5] = (uint8_t)ulen;
	h[6] = 17;
	h[7] = hlim;
	assert_int_equal(inet_pton(AF_INET6, src, h + 8), 1);
	assert_int_equal(inet_pton(AF_INET6, dst, h + 24), 1);
	uint8_t *u = h + 40;
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)(ulen >> 8), u[5] = (uint8_t)ulen;
	memcpy(u + 8, pl, len);
	/* Pseudo-header (RFC 8200 8.1) and the datagram in one buffer, summed once. */
	memset(ps, 0, 40);
	memcpy(ps, h + 8, 32);
	ps[34] = (uint8_t)(ulen >> 8), ps[35] = (uint8_t)ulen;
	ps[39] = 17;
	memcpy(ps + 40, u, ulen);
	uint16_t cs = (uint16_t)~as_csum_fold(as_csum_add(0, ps, 40 + ulen));
	if (cs == 0)
		cs = 0xFFFF;
	u[6] = (uint8_t)(cs >> 8), u[7] = (uint8_t)cs;
	cap_raw(c, t_ms, f, 14 + 40 + ulen);
}

void on_done(struct as_update *u, void *arg)
{
	struct run *r = arg;
	if (r) {
		assert_ptr_equal(u, r->u);
		r->done_calls++;
	}
}

void run_free(struct run *r)
{
	as_update_free(r->u);
	as_engine_free(r->e);
}

uint64_t ctr(const struct as_update_result *res, const char *name)
{
	return as_counter_get(&res->counters, name);
}

char *pcap_path(const char *rel)
{
	static char buf[1024];
	const char *top = getenv("top_srcdir");
	snprintf(buf, sizeof buf, "%s/pcaps/%s", top ? top : ".", rel);
	return buf;
}
