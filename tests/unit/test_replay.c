/* test_replay.c - the replay backend and the recording tee: capture timestamps drive the engine
 * clock, filters and link protocols choose the frames each channel sees, Linux cooked (SLL)
 * captures replay, bad inputs fail with a message, and recordings read back byte for byte.
 * Expected frame counts were taken with tshark from the fixtures in pcaps/.
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

#include <cmocka.h>
#include <pcap/pcap.h>

#include "src/engine/engine_impl.h"

#define MAX_TS 64

static char fixture[4096];

static const char *pcap_path(const char *rel)
{
	const char *top = getenv("top_srcdir");
	snprintf(fixture, sizeof fixture, "%s/pcaps/%s", top ? top : ".", rel);
	return fixture;
}

/* Nanosecond timestamps of a capture's frames, read with libpcap directly. */
static size_t file_ts(const char *path, uint64_t *ts, size_t max)
{
	char eb[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, eb);
	assert_non_null(p);
	struct pcap_pkthdr *h;
	const u_char *d;
	size_t n = 0;
	while (n < max && pcap_next_ex(p, &h, &d) == 1)
		ts[n++] = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
	pcap_close(p);
	return n;
}

struct seen {
	struct as_endpoint ep;
	struct as_engine *e;
	size_t n;
	uint64_t ts[MAX_TS];
	uint64_t now[MAX_TS];
	enum as_link link;
};

static int on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct seen *s = ep->owner;
	(void)reason;
	if (s->n < MAX_TS) {
		s->ts[s->n] = rx->ts;
		s->now[s->n] = as_engine_now(s->e);
	}
	s->link = rx->link;
	s->n++;
	return 0;
}

static struct as_engine *replay_engine(const char *rel)
{
	struct as_engine_cfg cfg = {.backend = AS_BACKEND_REPLAY, .replay_path = pcap_path(rel)};
	struct as_engine *e = NULL;
	char err[256] = "";
	int rc = as_engine_new(&cfg, &e, err, sizeof err);
	if (rc != AS_NO_ERROR)
		print_error("as_engine_new(%s): %s\n", rel, err);
	assert_int_equal(rc, AS_NO_ERROR);
	assert_non_null(e);
	return e;
}

static struct as_chan *open_chan(struct as_engine *e, uint16_t proto, const char *filter)
{
	struct as_chan_spec spec = {.protocol = proto, .filter = filter};
	struct as_chan *c = NULL;
	assert_int_equal(as_chan_open(e, "rp0", &spec, &c), AS_NO_ERROR);
	assert_non_null(c);
	return c;
}

static void listen_on(struct seen *s, struct as_engine *e, struct as_chan *c, int family)
{
	memset(s, 0, sizeof *s);
	s->e = e;
	s->ep.chan = c;
	s->ep.family = family;
	s->ep.cls = 0;
	s->ep.rx = on_rx;
	s->ep.owner = s;
	assert_int_equal(as_endpoint_add(e, &s->ep), AS_NO_ERROR);
}

static void test_timestamps_drive_clock(void **state)
{
	(void)state;
	uint64_t want[MAX_TS];
	size_t n = file_ts(pcap_path("isa-rip/ripv2.pcap"), want, MAX_TS);
	assert_int_equal(n, 17);
	struct as_engine *e = replay_engine("isa-rip/ripv2.pcap");
	assert_true(as_engine_is_replay(e));
	/* Before anything runs, the clock already stands at the first frame. */
	assert_int_equal(as_engine_now(e), want[0]);
	assert_int_equal(as_engine_wall(e), want[0]);
	struct as_chan *c = open_chan(e, 0x0800, "udp port 520");
	struct seen s;
	listen_on(&s, e, c, 4);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	assert_int_equal(s.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s.ts[i], want[i]);
		assert_int_equal(s.now[i], want[i]);
	}
	assert_int_equal(s.link, AS_LINK_ETHERNET);
	assert_int_equal(as_counter_get(as_chan_counters(c), "rx-frames"), n);
	as_endpoint_del(e, &s.ep);
	as_chan_close(c);
	as_engine_free(e);
}

/* A deadline inside the capture stops the replay there; the rest follows on the next run. */
static void test_deadline_splits_capture(void **state)
{
	(void)state;
	uint64_t want[MAX_TS];
	size_t n = file_ts(pcap_path("isa-rip/ripv2.pcap"), want, MAX_TS);
	struct as_engine *e = replay_engine("isa-rip/ripv2.pcap");
	struct as_chan *c = open_chan(e, 0x0800, NULL);
	struct seen s;
	listen_on(&s, e, c, 4);
	assert_int_equal(as_engine_run(e, want[4]), AS_NO_ERROR);
	assert_int_equal(s.n, 5);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	assert_int_equal(s.n, n);
	as_endpoint_del(e, &s.ep);
	as_chan_close(c);
	as_engine_free(e);
}

static void test_filter_and_protocol_select(void **state)
{
	(void)state;
	struct as_engine *e = replay_engine("wireshark-wiki/ipv6-ripng.pcap");
	struct as_chan *v6 = open_chan(e, 0x86DD, "udp dst port 521");
	struct as_chan *v6_all = open_chan(e, 0x86DD, NULL);
	struct as_chan *v4 = open_chan(e, 0x0800, "udp");
	struct as_chan *none = open_chan(e, 0x86DD, "udp port 9");
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	assert_int_equal(as_counter_get(as_chan_counters(v6), "rx-frames"), 8);
	assert_int_equal(as_counter_get(as_chan_counters(v6_all), "rx-frames"), 20);
	assert_int_equal(as_counter_get(as_chan_counters(v4), "rx-frames"), 0);
	assert_int_equal(as_counter_get(as_chan_counters(none), "rx-frames"), 0);
	as_chan_close(v6);
	as_chan_close(v6_all);
	as_chan_close(v4);
	as_chan_close(none);
	as_engine_free(e);
}

/* IPX in 802.2 LLC frames reaches an ETH_P_802_2 channel, not an Ethernet II IPX one. */
static void test_ipx_framing_selects(void **state)
{
	(void)state;
	struct as_engine *e = replay_engine("tcpdump/ipx.pcap");
	struct as_chan *llc = open_chan(e, 0x0004, NULL);
	struct as_chan *eth2 = open_chan(e, 0x8137, NULL);
	struct as_chan *ip = open_chan(e, 0x0800, NULL);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	assert_int_equal(as_counter_get(as_chan_counters(llc), "rx-frames"), 64);
	assert_int_equal(as_counter_get(as_chan_counters(eth2), "rx-frames"), 0);
	assert_int_equal(as_counter_get(as_chan_counters(ip), "rx-frames"), 0);
	as_chan_close(llc);
	as_chan_close(eth2);
	as_chan_close(ip);
	as_engine_free(e);
}

/* Linux cooked capture: the filter is compiled for SLL offsets and frames keep their link. */
static void test_sll_capture(void **state)
{
	(void)state;
	uint64_t first[1];
	assert_int_equal(file_ts(pcap_path("wireshark-wiki/Obsolete_Packets.pcap"), first, 1), 1);
	struct as_engine *e = replay_engine("wireshark-wiki/Obsolete_Packets.pcap");
	assert_int_equal(as_engine_now(e), first[0]);
	struct as_chan *nbns = open_chan(e, 0x0800, "udp port 137");
	struct as_chan *v6 = open_chan(e, 0x86DD, "ip6");
	struct seen s;
	listen_on(&s, e, nbns, 4);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	assert_int_equal(as_counter_get(as_chan_counters(nbns), "rx-frames"), 1254);
	assert_int_equal(as_counter_get(as_chan_counters(v6), "rx-frames"), 18);
	assert_true(s.n > 0);
	assert_int_equal(s.link, AS_LINK_LINUX_SLL);
	as_endpoint_del(e, &s.ep);
	as_chan_close(nbns);
	as_chan_close(v6);
	as_engine_free(e);
}

static void test_synthetic_interface(void **state)
{
	(void)state;
	struct as_engine *e = replay_engine("isa-rip/ripv2.pcap");
	struct as_iface_info ifi;
	assert_int_equal(as_iface_query(e, "eth7", &ifi), AS_NO_ERROR);
	assert_string_equal(ifi.name, "eth7");
	assert_int_equal(ifi.ifindex, 1);
	const uint8_t mac[6] = {2, 0, 0, 0, 0, 0};
	assert_memory_equal(ifi.mac, mac, 6);
	assert_int_equal(ifi.mtu, 1500);
	assert_true(ifi.up);
	assert_true(ifi.running);
	assert_false(ifi.has_ip4);
	assert_false(ifi.has_ll6);
	as_engine_free(e);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	struct as_engine *e = (struct as_engine *)&e;
	char err[256] = "";
	struct as_engine_cfg cfg = {.backend = AS_BACKEND_REPLAY,
	                            .replay_path = "/nonexistent/autostatic-none.pcap"};
	assert_int_not_equal(as_engine_new(&cfg, &e, err, sizeof err), AS_NO_ERROR);
	assert_null(e);
	assert_non_null(strstr(err, "/nonexistent/autostatic-none.pcap"));
	assert_non_null(strstr(err, "No such file"));

	err[0] = 0;
	cfg.replay_path = pcap_path("MANIFEST.md"); /* text, not a capture */
	assert_int_not_equal(as_engine_new(&cfg, &e, err, sizeof err), AS_NO_ERROR);
	assert_null(e);
	assert_non_null(strstr(err, "MANIFEST.md"));

	/* A filter that does not compile is refused when the channel opens. */
	e = replay_engine("isa-rip/ripv2.pcap");
	struct as_chan_spec spec = {.protocol = 0x0800, .filter = "udp port nonsense+"};
	struct as_chan *c = NULL;
	assert_int_not_equal(as_chan_open(e, "rp0", &spec, &c), AS_NO_ERROR);
	assert_true(strlen(as_engine_error(e)) > 0);
	as_engine_free(e);
}

static void test_rec_round_trip(void **state)
{
	(void)state;
	char path[] = "/tmp/test_replay_recXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct as_rec *r = NULL;
	char err[256] = "";
	assert_int_equal(as_rec_open(path, &r, err, sizeof err), AS_NO_ERROR);
	uint8_t f[3][80];
	const uint64_t ts[3] = {1700000000123456789ull, 1700000000123456790ull,
	                        1700000001000000001ull};
	const size_t len[3] = {60, 80, 14};
	for (int i = 0; i < 3; i++) {
		for (size_t k = 0; k < sizeof f[i]; k++)
			f[i][k] = (uint8_t)(i * 31 + (int)k);
		as_rec_write(r, ts[i], f[i], len[i], len[i] + (size_t)i);
	}
	as_rec_close(r);

	char eb[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, eb);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	struct pcap_pkthdr *h;
	const u_char *d;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pcap_next_ex(p, &h, &d), 1);
		assert_int_equal(h->caplen, len[i]);
		assert_int_equal(h->len, len[i] + (size_t)i);
		assert_int_equal((uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec,
		                 ts[i]);
		assert_memory_equal(d, f[i], len[i]);
	}
	assert_int_not_equal(pcap_next_ex(p, &h, &d), 1);
	pcap_close(p);
	unlink(path);

	/* An unwritable place: an error that names the path, no handle. */
	r = (struct as_rec *)&r;
	err[0] = 0;
	assert_int_not_equal(as_rec_open("/nonexistent/dir/x.pcap", &r, err, sizeof err),
	                     AS_NO_ERROR);
	assert_null(r);
	assert_non_null(strstr(err, "/nonexistent/dir/x.pcap"));
}

/* The tee around replay: every frame received lands in the recording at its capture time. */
static void test_replay_recorded(void **state)
{
	(void)state;
	uint64_t want[MAX_TS];
	size_t n = file_ts(pcap_path("isa-rip/ripv2.pcap"), want, MAX_TS);
	char path[] = "/tmp/test_replay_teeXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct as_engine_cfg cfg = {.backend = AS_BACKEND_REPLAY,
	                            .replay_path = pcap_path("isa-rip/ripv2.pcap"),
	                            .write_path = path};
	struct as_engine *e = NULL;
	char err[256] = "";
	assert_int_equal(as_engine_new(&cfg, &e, err, sizeof err), AS_NO_ERROR);
	struct as_chan *c = open_chan(e, 0x0800, NULL);
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	as_chan_close(c);
	as_engine_free(e);
	uint64_t got[MAX_TS];
	assert_int_equal(file_ts(path, got, MAX_TS), n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
	unlink(path);
}

static int close_on_rx(struct as_endpoint *ep, const struct as_rx *rx, const char **reason)
{
	struct seen *s = ep->owner;
	(void)rx;
	(void)reason;
	s->n++;
	as_endpoint_del(s->e, ep);
	as_chan_close(ep->chan); /* the last reference, from inside the delivery */
	return 0;
}

/* A session that ends on its first reply closes its channel from the callback; the replay goes
 * on with the channels that are left. */
static void test_close_in_callback(void **state)
{
	(void)state;
	struct as_engine *e = replay_engine("isa-rip/ripv2.pcap");
	struct as_chan *first = open_chan(e, 0x0800, "udp port 520");
	struct as_chan *other = open_chan(e, 0x0800, NULL);
	struct seen s;
	listen_on(&s, e, first, 4);
	s.ep.rx = close_on_rx;
	assert_int_equal(as_engine_run(e, 0), AS_NO_ERROR);
	assert_int_equal(s.n, 1);
	assert_int_equal(as_counter_get(as_chan_counters(other), "rx-frames"), 17);
	as_chan_close(other);
	as_engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_timestamps_drive_clock),
	    cmocka_unit_test(test_deadline_splits_capture),
	    cmocka_unit_test(test_filter_and_protocol_select),
	    cmocka_unit_test(test_ipx_framing_selects),
	    cmocka_unit_test(test_sll_capture),
	    cmocka_unit_test(test_synthetic_interface),
	    cmocka_unit_test(test_bad_inputs),
	    cmocka_unit_test(test_rec_round_trip),
	    cmocka_unit_test(test_replay_recorded),
	    cmocka_unit_test(test_close_in_callback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
