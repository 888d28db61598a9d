/* capwriter.h - test helper for the requester tests (RIP RFC 2453, RIPng RFC 2080, IPX RIP/SAP):
 * writing replay captures frame by frame, and running one update over a capture.
 */
#ifndef AS_TEST_CAPWRITER_H
#define AS_TEST_CAPWRITER_H

#include <stddef.h>
#include <stdint.h>

#include <pcap/pcap.h>

struct as_engine;
struct as_update;
struct as_update_result;

/* ---- writing captures ---- */

struct cap {
	char path[64];
	pcap_t *p;
	pcap_dumper_t *d;
	uint64_t t0_us;
};

/* Opens a new Ethernet capture in /tmp named after the test program name. */
void cap_open(struct cap *c, const char *name);
void cap_close(struct cap *c);
/* Adds a whole frame of len bytes at t_ms after the capture's epoch. */
void cap_raw(struct cap *c, unsigned t_ms, const uint8_t *f, size_t len);
/* Adds an Ethernet + IPv4 + UDP frame (UDP checksum 0: none, allowed over IPv4) at t_ms;
 * addresses in host order. */
void cap_udp(struct cap *c, unsigned t_ms, uint32_t src, uint16_t sport, uint32_t dst,
             uint16_t dport, const uint8_t *pl, size_t len);
/* Adds an Ethernet + IPv6 + UDP frame (checksum computed: RFC 8200 forbids a zero one). */
void cap_udp6(struct cap *c, unsigned t_ms, const char *src, uint16_t sport, const char *dst,
              uint16_t dport, uint8_t hlim, const uint8_t *pl, size_t len);

/* ---- running an update ---- */

struct run {
	struct as_engine *e;
	struct as_update *u;
	int done_calls;
	const struct as_update_result *res;
};

/* The done callback: arg is the struct run (or NULL, for sessions no run tracks). */
void on_done(struct as_update *u, void *arg);
void run_free(struct run *r);
uint64_t ctr(const struct as_update_result *res, const char *name);
/* $top_srcdir/pcaps/REL, in a static buffer. */
char *pcap_path(const char *rel);

#endif
