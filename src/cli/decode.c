/* decode.c - `autostatic decode`: decode and validate RIP, RIPng and IPX RIP/SAP traffic from a
 * capture file (pcap, pcapng) or a live interface, as text or JSON lines (doc/decode-json.md),
 * with digest verification and a closing summary.
 *
 * Every frame is numbered as tshark numbers it (1-based, every frame counted, filtered or not
 * ours); frames of other protocols are counted and skipped. RIP and RIPng are told by UDP port
 * (520, 521), IPX RIP and SAP by destination socket (0x0453, 0x0452), never by packet type.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include <pcap/pcap.h>

#include <autostatic/autostatic.h>

#include "src/cli/cli.h"
#include "src/cli/keys.h"
#include "src/cli/progress.h"

#define LINE_CAP (256 * 1024)
#define MAX_REASONS 64

struct reason_count {
	const char *name;
	uint64_t n;
};

struct decode_ctx {
	bool json, quiet, live;
	uint64_t max_count; /* 0 = no limit */
	struct as_keyring keys;
	enum as_link link;

	uint64_t frames, filtered, shown, valid, invalid, not_ours, fragments, skipped_entries;
	uint64_t rip, ripng, ipxrip, ipxsap, ipx_bad;
	uint64_t csum_offload, csum_none, auth_verified, auth_failed, auth_unchecked;
	size_t n_reasons;
	struct reason_count reasons[MAX_REASONS];

	time_t ts_sec_cached;
	char ts_text[32];
	struct as_sb sb;
	char *line;
	bool has_filter;
	struct bpf_program filter;
};

/* The capture an interrupt stops; pcap_breakloop() is safe to call from a signal handler. */
static pcap_t *active_pcap;

static void on_signal(int sig)
{
	(void)sig;
	if (active_pcap)
		pcap_breakloop(active_pcap);
}

static void count_reason(struct decode_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->n_reasons; i++) {
		if (c->reasons[i].name == name || !strcmp(c->reasons[i].name, name)) {
			c->reasons[i].n++;
			return;
		}
	}
	if (c->n_reasons < MAX_REASONS)
		c->reasons[c->n_reasons++] = (struct reason_count){name, 1};
}

static int map_link(int dlt, enum as_link *out)
{
	switch (dlt) {
	case DLT_EN10MB: *out = AS_LINK_ETHERNET; return 0;
	case DLT_LINUX_SLL: *out = AS_LINK_LINUX_SLL; return 0;
#ifdef DLT_LINUX_SLL2
	case DLT_LINUX_SLL2: *out = AS_LINK_LINUX_SLL2; return 0;
#endif
	case DLT_RAW: *out = AS_LINK_RAW; return 0;
#ifdef DLT_IPV4
	case DLT_IPV4: *out = AS_LINK_IPV4; return 0;
	case DLT_IPV6: *out = AS_LINK_IPV6; return 0;
#endif
	case DLT_NULL: *out = AS_LINK_NULL; return 0;
	case DLT_LOOP: *out = AS_LINK_LOOP; return 0;
	default: return -1;
	}
}

/* Six digits of microseconds, zero-padded. */
static void put_usec(struct as_sb *sb, long usec)
{
	char us[6];
	unsigned long v = (unsigned long)usec % 1000000;
	for (int i = 5; i >= 0; i--, v /= 10)
		us[i] = (char)('0' + v % 10);
	as_sb_putn(sb, us, sizeof us);
}

/* The frame's own members: n, ts, proto, addresses, ports. */
static void put_ts(struct decode_ctx *c, const struct timeval *tv)
{
	if (c->json) {
		as_sb_u64(&c->sb, (uint64_t)tv->tv_sec);
		as_sb_putc(&c->sb, '.');
		put_usec(&c->sb, tv->tv_usec);
		return;
	}
	if (tv->tv_sec != c->ts_sec_cached || !c->ts_text[0]) {
		struct tm tm;
		time_t t = tv->tv_sec;
		gmtime_r(&t, &tm);
		strftime(c->ts_text, sizeof c->ts_text, "%Y-%m-%d %H:%M:%S", &tm);
		c->ts_sec_cached = tv->tv_sec;
	}
	as_sb_puts(&c->sb, c->ts_text);
	as_sb_putc(&c->sb, '.');
	put_usec(&c->sb, tv->tv_usec);
}

static void put_addr(struct as_sb *sb, const struct as_frame *f, const uint8_t *a)
{
	if (f->l3 == AS_L3_IPX) {
		/* a points at the IPX address in the header: network(4) node(6) socket(2) */
		as_ipx_print_addr(sb, (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
					      (uint32_t)a[2] << 8 | a[3],
				  a + 4, (uint16_t)(a[10] << 8 | a[11]));
		return;
	}
	if (f->l3 == AS_L3_IPV4)
		as_sb_ipv4(sb, (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3]);
	else
		as_sb_ipv6(sb, a);
}

/* Every reason a packet is invalid, first (the one counted) first. */
struct errors {
	size_t n;
	const char *e[4];
};

static void add_error(struct errors *er, const char *e)
{
	if (er->n < sizeof er->e / sizeof er->e[0])
		er->e[er->n++] = e;
}

/* The frame's own problems: the first one the decapsulator met, and a fragment also when
 * something else (a bad header checksum) was met first. */
static void add_frame_errors(struct errors *er, const struct as_frame *f)
{
	if (f->err != AS_FRAME_OK)
		add_error(er, as_frame_err_str(f->err));
	if (f->fragment && f->err != AS_FRAME_IP_FRAGMENT)
		add_error(er, as_frame_err_str(AS_FRAME_IP_FRAGMENT));
}

/* ipx_src/ipx_dst: the IPX header's addresses for IPX packets, NULL for IP. */
static void begin_packet_addr(struct decode_ctx *c, const struct pcap_pkthdr *h,
			      const struct as_frame *f, const char *proto,
			      const struct errors *er, const uint8_t *ipx_src,
			      const uint8_t *ipx_dst)
{
	const char *error = er->n ? er->e[0] : NULL;
	struct as_sb *sb = &c->sb;
	as_sb_init(sb, c->line, LINE_CAP);
	if (c->json) {
		as_sb_puts(sb, "{\"n\":");
		as_sb_u64(sb, c->frames);
		as_sb_puts(sb, ",\"ts\":");
		put_ts(c, &h->ts);
		as_sb_puts(sb, ",\"proto\":\"");
		as_sb_puts(sb, proto);
		as_sb_puts(sb, "\",\"src\":\"");
		put_addr(sb, f, ipx_src ? ipx_src : f->src);
		as_sb_puts(sb, "\",\"dst\":\"");
		put_addr(sb, f, ipx_dst ? ipx_dst : f->dst);
		as_sb_puts(sb, "\",\"sport\":");
		as_sb_u64(sb, f->sport);
		as_sb_puts(sb, ",\"dport\":");
		as_sb_u64(sb, f->dport);
		if (f->l3 == AS_L3_IPX) {
			as_sb_puts(sb, ",\"framing\":\"");
			as_sb_puts(sb, as_ipx_framing_str(f->ipx_framing));
			as_sb_putc(sb, '"');
		} else {
			as_sb_puts(sb, ",\"ttl\":");
			as_sb_u64(sb, f->ttl);
		}
		if (f->vlan_count) {
			as_sb_puts(sb, ",\"vlan\":[");
			for (unsigned i = 0; i < f->vlan_count && i < 4; i++) {
				if (i)
					as_sb_putc(sb, ',');
				as_sb_u64(sb, f->vlan_id[i]);
			}
			as_sb_putc(sb, ']');
		}
		if (f->l3 != AS_L3_IPX) {
			as_sb_puts(sb, ",\"udp_checksum\":\"");
			as_sb_puts(sb, as_csum_str(f->udp_csum));
			as_sb_putc(sb, '"');
		}
		as_sb_puts(sb, ",\"valid\":");
		as_sb_puts(sb, error ? "false" : "true");
		as_sb_puts(sb, ",\"error\":");
		if (error) {
			as_sb_putc(sb, '"');
			as_sb_puts(sb, error);
			as_sb_putc(sb, '"');
		} else {
			as_sb_puts(sb, "null");
		}
		if (er->n > 1) {
			as_sb_puts(sb, ",\"errors\":[");
			for (size_t i = 0; i < er->n; i++) {
				as_sb_puts(sb, i ? ",\"" : "\"");
				as_sb_puts(sb, er->e[i]);
				as_sb_putc(sb, '"');
			}
			as_sb_putc(sb, ']');
		}
		as_sb_putc(sb, ',');
		return;
	}
	char num[24];
	snprintf(num, sizeof num, "%5" PRIu64 "  ", c->frames);
	as_sb_puts(sb, num);
	put_ts(c, &h->ts);
	if (f->l3 == AS_L3_IPX) {
		as_sb_puts(sb, " IPX ");
		put_addr(sb, f, ipx_src);
		as_sb_puts(sb, " > ");
		put_addr(sb, f, ipx_dst);
		as_sb_puts(sb, " (");
		as_sb_puts(sb, as_ipx_framing_str(f->ipx_framing));
	} else {
		as_sb_puts(sb, f->l3 == AS_L3_IPV6 ? " IP6 " : " IP ");
		put_addr(sb, f, f->src);
		as_sb_putc(sb, '.');
		as_sb_u64(sb, f->sport);
		as_sb_puts(sb, " > ");
		put_addr(sb, f, f->dst);
		as_sb_putc(sb, '.');
		as_sb_u64(sb, f->dport);
		as_sb_puts(sb, f->l3 == AS_L3_IPV6 ? " (hlim " : " (ttl ");
		as_sb_u64(sb, f->ttl);
	}
	if (f->vlan_count) {
		as_sb_puts(sb, ", vlan ");
		as_sb_u64(sb, f->vlan_id[0]);
	}
	if (f->l3 != AS_L3_IPX) {
		as_sb_puts(sb, ", udp checksum ");
		as_sb_puts(sb, as_csum_str(f->udp_csum));
	}
	as_sb_puts(sb, "): ");
	if (er->n) {
		as_sb_puts(sb, "[invalid: ");
		for (size_t i = 0; i < er->n; i++) {
			if (i)
				as_sb_puts(sb, ", ");
			as_sb_puts(sb, er->e[i]);
		}
		as_sb_puts(sb, "] ");
	}
}

static void begin_packet(struct decode_ctx *c, const struct pcap_pkthdr *h,
			 const struct as_frame *f, const char *proto, const struct errors *er)
{
	begin_packet_addr(c, h, f, proto, er, NULL, NULL);
}

static void end_packet(struct decode_ctx *c)
{
	struct as_sb *sb = &c->sb;
	if (c->json)
		as_sb_putc(sb, '}');
	/* The line buffer holds any RIP packet many times over; if it ever filled, say so. */
	if (sb->trunc)
		fputs("autostatic: output line truncated\n", stderr);
	sb->p[sb->len] = '\n';
	fwrite(sb->p, 1, sb->len + 1, stdout);
	if (c->live)
		fflush(stdout);
}

/* The length to show: what the UDP header promises, except in a fragment, where it describes
 * a datagram this frame holds only the start of. */
static size_t wire_len(const struct as_frame *f)
{
	return f->fragment ? f->payload_len : f->payload_wire_len;
}

/* Checksums accepted without being verified: left to offload, or not sent (IPv4). */
static void count_csum(struct decode_ctx *c, const struct as_frame *f)
{
	if (f->udp_csum == AS_CSUM_OFFLOAD)
		c->csum_offload++;
	else if (f->udp_csum == AS_CSUM_NONE)
		c->csum_none++;
}

/* Counts a packet valid or invalid; false when nothing is to be printed. */
static bool tally(struct decode_ctx *c, const struct errors *er)
{
	if (er->n) {
		c->invalid++;
		count_reason(c, er->e[0]);
	} else {
		c->valid++;
	}
	return !c->quiet;
}

static void handle_rip(struct decode_ctx *c, const struct pcap_pkthdr *h, const struct as_frame *f)
{
	struct as_rip_msg m;
	struct errors er = {0};
	enum as_verified verified = AS_VERIFIED_NULL;

	c->rip++;
	count_csum(c, f);
	/* The frame's own problems come first: a bad checksum means the bytes are not the
	 * sender's, truncation means they are not all here. */
	add_frame_errors(&er, f);

	ssize_t r = as_rip_decode(f->payload, f->payload_len, &m);
	if (r < 0) {
		add_error(&er, as_rip_err_str((enum as_rip_err)-r));
	} else {
		c->skipped_entries += m.n_skipped;
		if (m.auth.type == AS_RIP_AUTH_SIMPLE || m.auth.type == AS_RIP_AUTH_CRYPTO) {
			verified = (enum as_verified)as_keyring_verify(&c->keys, f->payload,
								       f->payload_len, &m);
			if (verified == AS_VERIFIED_TRUE)
				c->auth_verified++;
			else if (verified == AS_VERIFIED_FALSE)
				c->auth_failed++;
			else
				c->auth_unchecked++;
			if (verified == AS_VERIFIED_FALSE)
				add_error(&er, as_rip_err_str(AS_RIP_ERR_AUTH_FAILED));
		}
	}
	if (!tally(c, &er))
		return;
	begin_packet(c, h, f, "rip", &er);
	if (c->json)
		as_rip_print_json(&c->sb, &m, r < 0 ? (int)-r : 0, verified);
	else
		as_rip_print_text(&c->sb, &m, 0, wire_len(f), verified);
	end_packet(c);
}

/* RFC 2080 2.4.2: responses come from port 521 and a link-local source; only multicast ones
 * must carry hop limit 255 (unicast replies to our requests need not, and FRR's ripngd sends
 * 64), so the hop limit is checked on multicast packets only. */
static void handle_ripng(struct decode_ctx *c, const struct pcap_pkthdr *h,
			 const struct as_frame *f)
{
	static struct as_ripng_msg m; /* 20 KB: kept off the stack */
	struct errors er = {0};

	c->ripng++;
	count_csum(c, f);
	add_frame_errors(&er, f);
	/* RFC 2080 2.1: RIPng is carried over IPv6 only (the tcpdump crash capture has it in
	 * IPv4). */
	if (f->l3 != AS_L3_IPV6)
		add_error(&er, "ripng-not-ipv6");
	ssize_t r = as_ripng_decode(f->payload, f->payload_len, &m);
	if (r < 0) {
		add_error(&er, as_ripng_err_str((enum as_ripng_err)-r));
	} else {
		c->skipped_entries += m.n_skipped;
		bool multicast = f->l3 == AS_L3_IPV6 && f->dst[0] == 0xFF;
		enum as_ripng_err ce =
			as_ripng_check_context(&m, f->src, f->sport, multicast ? f->ttl : 255);
		if (ce != AS_RIPNG_OK)
			add_error(&er, as_ripng_err_str(ce));
	}
	if (!tally(c, &er))
		return;
	begin_packet(c, h, f, "ripng", &er);
	if (c->json)
		as_ripng_print_json(&c->sb, &m, r < 0 ? (int)-r : 0);
	else
		as_ripng_print_text(&c->sb, &m, 0, wire_len(f));
	end_packet(c);
}

/* IPX: the header first, then RIP or SAP by destination socket (PROTOCOLS.md 5.2). */
static void handle_ipx(struct decode_ctx *c, const struct pcap_pkthdr *h, struct as_frame *f)
{
	struct as_ipx_hdr ih;
	struct errors er = {0};
	ssize_t hl = as_ipx_decode(f->payload, f->payload_len, &ih);
	/* Addresses as they sit in the header, for the printers (zeros when cut short). */
	uint8_t src[12] = {0}, dst[12] = {0};
	if (f->payload_len >= 30) {
		memcpy(dst, f->payload + 6, 12);
		memcpy(src, f->payload + 18, 12);
	}
	f->sport = (uint16_t)(src[10] << 8 | src[11]);
	f->dport = (uint16_t)(dst[10] << 8 | dst[11]);
	enum as_ipx_kind kind = as_ipx_socket_kind(f->dport);
	if (hl < 0) {
		/* A broken IPX header: nothing after it can be trusted, whatever its socket says.
		 * Shown as an "ipx" packet with its header fields and the reason. */
		c->ipx_bad++;
		add_error(&er, as_ipx_err_str((enum as_ipx_err)-hl));
		if (!tally(c, &er))
			return;
		begin_packet_addr(c, h, f, "ipx", &er, src, dst);
		if (c->json) {
			as_sb_puts(&c->sb, "\"packet_type\":");
			as_sb_u64(&c->sb, ih.type);
			as_sb_puts(&c->sb, ",\"length\":");
			as_sb_u64(&c->sb, ih.length);
		} else {
			as_sb_puts(&c->sb, "IPX type ");
			as_sb_puts(&c->sb, as_ipx_type_str(ih.type));
			as_sb_puts(&c->sb, ", length ");
			as_sb_u64(&c->sb, ih.length);
		}
		end_packet(c);
		return;
	}
	if (kind == AS_IPX_KIND_OTHER) {
		c->not_ours++;
		return;
	}
	const uint8_t *data = f->payload + 30;
	size_t dlen = (size_t)hl - 30;
	if (kind == AS_IPX_KIND_SAP) {
		struct as_sap_msg m;
		c->ipxsap++;
		ssize_t r = as_sap_decode(data, dlen, &m);
		if (r < 0)
			add_error(&er, as_sap_err_str((enum as_sap_err)-r));
		else
			c->skipped_entries += m.n_skipped;
		if (!tally(c, &er))
			return;
		begin_packet_addr(c, h, f, "ipxsap", &er, src, dst);
		if (c->json)
			as_sap_print_json(&c->sb, &m, r < 0 ? (int)-r : 0);
		else
			as_sap_print_text(&c->sb, &m, 0, dlen);
	} else {
		struct as_ipxrip_msg m;
		c->ipxrip++;
		ssize_t r = as_ipxrip_decode(data, dlen, &m);
		if (r < 0)
			add_error(&er, as_ipxrip_err_str((enum as_ipxrip_err)-r));
		else
			c->skipped_entries += m.n_skipped;
		if (!tally(c, &er))
			return;
		begin_packet_addr(c, h, f, "ipxrip", &er, src, dst);
		if (c->json)
			as_ipxrip_print_json(&c->sb, &m, r < 0 ? (int)-r : 0);
		else
			as_ipxrip_print_text(&c->sb, &m, 0, dlen);
	}
	end_packet(c);
}

static void on_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct decode_ctx *c = (void *)user; /* the pointer pcap_dispatch() was given */
	struct as_frame f;

	c->frames++;
	if (c->has_filter && !pcap_offline_filter(&c->filter, h, bytes)) {
		c->filtered++;
		return;
	}
	as_frame_decode(c->link, bytes, h->caplen, &f);
	uint64_t before = c->rip + c->ripng + c->ipxrip + c->ipxsap + c->ipx_bad;
	bool udp_known = f.payload != NULL && (f.l3 == AS_L3_IPV4 || f.l3 == AS_L3_IPV6);
	if (udp_known && f.l3 == AS_L3_IPV4 && (f.sport == AS_RIP_PORT || f.dport == AS_RIP_PORT)) {
		handle_rip(c, h, &f);
	} else if (udp_known && (f.sport == AS_RIPNG_PORT || f.dport == AS_RIPNG_PORT)) {
		handle_ripng(c, h, &f);
	} else if (f.l3 == AS_L3_IPX) {
		handle_ipx(c, h, &f);
	} else {
		if (f.fragment && !f.first_fragment)
			c->fragments++;
		c->not_ours++;
	}
	if (c->rip + c->ripng + c->ipxrip + c->ipxsap + c->ipx_bad != before)
		c->shown++;
	if (c->max_count && c->shown >= c->max_count && active_pcap)
		pcap_breakloop(active_pcap);
	/* ftell() is a system call: only when the line is due. */
	if (as_progress_due() && active_pcap) {
		FILE *fp = pcap_file(active_pcap);
		long pos = fp ? ftell(fp) : -1;
		as_progress_items(c->frames, "frames");
		as_progress_update(pos > 0 ? (uint64_t)pos : 0);
	}
}

static void summary(const struct decode_ctx *c)
{
	FILE *o = stderr;
	if (c->json) {
		fprintf(o,
			"{\"summary\":{\"frames\":%" PRIu64 ",\"filtered\":%" PRIu64
			",\"rip\":%" PRIu64 ",\"ripng\":%" PRIu64 ",\"ipxrip\":%" PRIu64
			",\"ipxsap\":%" PRIu64 ",\"ipx_invalid_header\":%" PRIu64 ",\"valid\":%" PRIu64 ",\"invalid\":%" PRIu64
			",\"other\":%" PRIu64 ",\"skipped_entries\":%" PRIu64
			",\"auth_verified\":%" PRIu64 ",\"auth_failed\":%" PRIu64
			",\"auth_unchecked\":%" PRIu64 ",\"checksum_offload\":%" PRIu64
			",\"checksum_none\":%" PRIu64 ",\"invalid_by_reason\":{",
			c->frames, c->filtered, c->rip, c->ripng, c->ipxrip, c->ipxsap, c->ipx_bad,
			c->valid,
			c->invalid, c->not_ours, c->skipped_entries, c->auth_verified, c->auth_failed,
			c->auth_unchecked, c->csum_offload, c->csum_none);
		for (size_t i = 0; i < c->n_reasons; i++)
			fprintf(o, "%s\"%s\":%" PRIu64, i ? "," : "", c->reasons[i].name,
				c->reasons[i].n);
		fputs("}}}\n", o);
		return;
	}
	fprintf(o, "%" PRIu64 " frames: %" PRIu64 " valid, %" PRIu64 " invalid (", c->frames,
		c->valid, c->invalid);
	const char *sep = "";
	const struct {
		const char *name;
		uint64_t n;
	} per[] = {{"RIP", c->rip},	     {"RIPng", c->ripng}, {"IPX RIP", c->ipxrip},
		   {"SAP", c->ipxsap}, {"broken IPX", c->ipx_bad}};
	for (size_t i = 0; i < sizeof per / sizeof per[0]; i++) {
		if (!per[i].n)
			continue;
		fprintf(o, "%s%" PRIu64 " %s", sep, per[i].n, per[i].name);
		sep = ", ";
	}
	fprintf(o, "%s), %" PRIu64 " other", *sep ? "" : "none", c->not_ours);
	if (c->fragments)
		fprintf(o, " (%" PRIu64 " IP fragments not reassembled)", c->fragments);
	if (c->filtered)
		fprintf(o, ", %" PRIu64 " rejected by the filter", c->filtered);
	fputc('\n', o);
	if (c->skipped_entries)
		fprintf(o, "  %" PRIu64 " entries skipped\n", c->skipped_entries);
	if (c->auth_verified || c->auth_failed || c->auth_unchecked)
		fprintf(o, "  authentication: %" PRIu64 " verified, %" PRIu64 " failed, %" PRIu64
			   " not checked (no key)\n",
			c->auth_verified, c->auth_failed, c->auth_unchecked);
	if (c->csum_offload)
		fprintf(o, "  %" PRIu64 " UDP checksums left to offload (accepted)\n", c->csum_offload);
	if (c->csum_none)
		fprintf(o, "  %" PRIu64 " UDP checksums not sent (0, allowed over IPv4)\n", c->csum_none);
	for (size_t i = 0; i < c->n_reasons; i++)
		fprintf(o, "  invalid: %-28s %" PRIu64 "\n", c->reasons[i].name, c->reasons[i].n);
}

static void decode_usage(FILE *out)
{
	fputs("Usage: autostatic decode (-r FILE | -i IFACE) [--json] [-c COUNT] [-q]\n"
	      "                         [--auth-key [ALG:][KEYID:]SECRET]... [BPF FILTER]\n"
	      "\n"
	      "Decode and validate RIP, RIPng and IPX RIP/SAP packets from a pcap/pcapng capture\n"
	      "or a live interface.\n"
	      "\n"
	      "  -r, --read FILE        read a capture file ('-' for standard input)\n"
	      "  -i, --interface IFACE  capture live on IFACE (needs CAP_NET_RAW)\n"
	      "  -j, --json             one JSON object per packet (doc/decode-json.md)\n"
	      "  -c, --count COUNT      stop after COUNT decoded packets\n"
	      "  -q, --quiet            validate only: print the summary, no packets (and no\n"
	      "                         progress line)\n"
	      "  -k, --auth-key SPEC    key for digest/password verification, repeatable;\n"
	      "                         ALG is simple|md5|sha1|sha256|sha384|sha512 (default: any),\n"
	      "                         KEYID 0..255 (default: any)\n"
	      "  -h, --help             show this help\n"
	      "\n"
	      "Every frame is counted and numbered; frames of other protocols are skipped. The\n"
	      "summary (frames, packets per protocol, valid, invalid by reason) goes to\n"
	      "standard error. Reading a file with standard error on a terminal and the packets\n"
	      "going elsewhere (a file, a pipe), a progress line shows how far it has got.\n"
	      "Exit status: 0 done, 1 capture error, 2 usage error.\n",
	      out);
}

int as_cmd_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{"read", required_argument, NULL, 'r'},	    {"interface", required_argument, NULL, 'i'},
		{"json", no_argument, NULL, 'j'},	    {"count", required_argument, NULL, 'c'},
		{"quiet", no_argument, NULL, 'q'},	    {"auth-key", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},	    {NULL, 0, NULL, 0},
	};
	struct decode_ctx *c = calloc(1, sizeof *c);
	const char *file = NULL, *iface = NULL;
	char errbuf[PCAP_ERRBUF_SIZE > 256 ? PCAP_ERRBUF_SIZE : 256];
	int rc = AS_EXIT_FAILURE, opt;

	if (!c) {
		perror("autostatic decode");
		return AS_EXIT_FAILURE;
	}
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:i:jc:qk:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'r': file = optarg; break;
		case 'i': iface = optarg; break;
		case 'j': c->json = true; break;
		case 'q': c->quiet = true; break;
		case 'c': {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-' || v == 0) {
				fprintf(stderr, "autostatic decode: -c needs a positive count, not '%s'\n",
					optarg);
				free(c);
				return AS_EXIT_USAGE;
			}
			c->max_count = v;
			break;
		}
		case 'k':
			if (as_keyring_add(&c->keys, optarg, errbuf, sizeof errbuf) < 0) {
				fprintf(stderr, "autostatic decode: --auth-key: %s\n", errbuf);
				free(c);
				return AS_EXIT_USAGE;
			}
			break;
		case 'h':
			decode_usage(stdout);
			free(c);
			return AS_EXIT_OK;
		default:
			decode_usage(stderr);
			free(c);
			return AS_EXIT_USAGE;
		}
	}
	if (!file == !iface) {
		fputs("autostatic decode: give exactly one of -r FILE or -i IFACE\n", stderr);
		decode_usage(stderr);
		free(c);
		return AS_EXIT_USAGE;
	}

	/* The rest of the command line is a BPF filter, as for tcpdump. */
	char *filter = NULL;
	size_t flen = 0;
	for (int i = optind; i < argc; i++)
		flen += strlen(argv[i]) + 1;
	if (flen) {
		filter = malloc(flen);
		if (!filter) {
			perror("autostatic decode");
			free(c);
			return AS_EXIT_FAILURE;
		}
		filter[0] = '\0';
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				strcat(filter, " ");
			strcat(filter, argv[i]);
		}
	}

	pcap_t *p = NULL;
	errbuf[0] = '\0';
	if (file) {
		p = pcap_open_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
		if (!p) {
			fprintf(stderr, "autostatic decode: cannot read '%s': %s\n", file, errbuf);
			goto out;
		}
	} else {
		c->live = true;
		p = pcap_create(iface, errbuf);
		if (!p || pcap_set_snaplen(p, 65535) || pcap_set_immediate_mode(p, 1) ||
		    pcap_set_timeout(p, 100)) {
			fprintf(stderr, "autostatic decode: cannot open '%s': %s\n", iface,
				p ? pcap_geterr(p) : errbuf);
			goto out;
		}
		int act = pcap_activate(p);
		if (act < 0) {
			fprintf(stderr, "autostatic decode: cannot capture on '%s': %s (%s)\n", iface,
				pcap_statustostr(act), pcap_geterr(p));
			goto out;
		}
	}
	int dlt = pcap_datalink(p);
	if (map_link(dlt, &c->link) < 0) {
		const char *name = pcap_datalink_val_to_name(dlt);
		fprintf(stderr, "autostatic decode: unsupported link type %d (%s)\n", dlt,
			name ? name : "unknown");
		goto out;
	}
	/* The filter runs here, not in the kernel or libpcap, so that frames it rejects are
	 * still counted and every frame keeps its position (tshark's numbering). */
	if (filter) {
		if (pcap_compile(p, &c->filter, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			fprintf(stderr, "autostatic decode: bad filter '%s': %s\n", filter,
				pcap_geterr(p));
			goto out;
		}
		c->has_filter = true;
	}
	c->line = malloc(LINE_CAP);
	if (!c->line) {
		perror("autostatic decode");
		goto out;
	}
	static char outbuf[1 << 20];
	if (!c->live)
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A progress line only where it cannot mix with packet lines on the same terminal. */
	if (file && strcmp(file, "-") != 0 && pcap_file(p)) {
		struct stat st;
		uint64_t size = fstat(fileno(pcap_file(p)), &st) == 0 && st.st_size > 0
				    ? (uint64_t)st.st_size
				    : 0;
		as_progress_quiet(c->quiet || isatty(STDOUT_FILENO));
		as_progress_label("decode");
		as_progress_start(size, "bytes");
	}
	active_pcap = p;
	int lr = pcap_loop(p, -1, on_frame, (u_char *)c);
	active_pcap = NULL;
	as_progress_end();
	if (lr == PCAP_ERROR) {
		fprintf(stderr, "autostatic decode: %s\n", pcap_geterr(p));
		fflush(stdout);
		summary(c);
		goto out;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "autostatic decode: writing output: %s\n", strerror(errno));
		goto out;
	}
	summary(c);
	rc = AS_EXIT_OK;
out:
	if (c->has_filter)
		pcap_freecode(&c->filter);
	if (p)
		pcap_close(p);
	fflush(stdout);
	free(filter);
	free(c->line);
	free(c);
	return rc;
}
