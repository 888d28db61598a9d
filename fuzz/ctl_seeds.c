/* ctl_seeds.c - writes the seed corpus of fuzz_ctl: one message of every type, request and reply,
 * made by the control protocol's own encoders (src/daemon/ctlproto.h), plus enumeration replies
 * with 0, 1 and several entries. No RFC: the protocol is ours.
 *
 *   fuzz/ctl_seeds OUTDIR      (make fuzz-corpus-ctl writes fuzz/corpus/ctl/synth-<hash>)
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <autostatic/status.h>

#include "src/daemon/ctlproto.h"

static const char *outdir;
static unsigned written;

static void save(const uint8_t *buf, size_t n)
{
	if (!n) {
		fprintf(stderr, "ctl_seeds: an encoder refused seed %u\n", written);
		exit(1);
	}
	uint64_t h = 1469598103934665603ull; /* FNV-1a: stable names for unchanged seeds */
	for (size_t i = 0; i < n; i++)
		h = (h ^ buf[i]) * 1099511628211ull;
	char path[4096];
	snprintf(path, sizeof path, "%s/synth-%016llx", outdir, (unsigned long long)h);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
	written++;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: ctl_seeds OUTDIR\n", stderr);
		return 2;
	}
	outdir = argv[1];
	static uint8_t b[AS_CTL_MAX_MSG];
	const size_t cap = sizeof b;

	save(b, as_ctl_enc_hello(b, cap));
	static const uint32_t simple[] = {
	    AS_CTL_IF_DELETE,     AS_CTL_IF_GET_INFO,      AS_CTL_IF_CONNECT,
	    AS_CTL_IF_DISCONNECT, AS_CTL_TRANSPORT_REMOVE, AS_CTL_UPDATE,
	    AS_CTL_QUERY_RESULT,  AS_CTL_SET_INFO,         AS_CTL_ROUTES_CLEAR};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		save(b, as_ctl_enc_simple(b, cap, simple[i], 7, AS_PID_IP,
		                          simple[i] == AS_CTL_UPDATE ? AS_CTL_UPDATE_ASYNC : 0));
	save(b, as_ctl_enc_name(b, cap, AS_CTL_IF_GET_HANDLE, "va"));
	struct as_interface_0 if0;
	memset(&if0, 0, sizeof if0);
	snprintf(if0.name, sizeof if0.name, "va");
	if0.handle = 7;
	if0.enabled = true;
	save(b, as_ctl_enc_if_create(b, cap, &if0));
	struct as_transport_cfg tc;
	as_transport_cfg_defaults(&tc);
	save(b, as_ctl_enc_transport_add(b, cap, 7, AS_PID_IP, &tc));
	save(b, as_ctl_enc_transport_add(b, cap, 7, AS_PID_IPX, &tc));
	save(b, as_ctl_enc_enum(b, cap, AS_CTL_IF_ENUM, 0, 0, 0, 64));
	save(b, as_ctl_enc_enum(b, cap, AS_CTL_ROUTES_ENUM, 7, AS_PID_IP, 0, 1024));
	save(b, as_ctl_enc_enum(b, cap, AS_CTL_SERVICES_ENUM, 7, AS_PID_IPX, 5, 10));

	save(b, as_ctl_enc_status(b, cap, AS_CTL_UPDATE, AS_ERROR_CAN_NOT_COMPLETE));
	save(b, as_ctl_enc_status(b, cap, AS_CTL_HELLO, AS_NO_ERROR));
	save(b, as_ctl_enc_handle_reply(b, cap, AS_CTL_IF_CREATE, AS_NO_ERROR, 7));
	save(b, as_ctl_enc_info_reply(b, cap, &if0));
	save(b, as_ctl_enc_result_reply(b, cap, AS_NO_ERROR, AS_ERROR_CAN_NOT_COMPLETE));
	struct as_admin_set_info si = {.routes = 1000, .services = 3, .generation = 9};
	save(b, as_ctl_enc_setinfo_reply(b, cap, &si));

	static struct as_interface_0 ifs[3];
	static struct as_admin_route rts[5];
	static struct as_admin_service svs[3];
	for (unsigned i = 0; i < 3; i++) {
		snprintf(ifs[i].name, sizeof ifs[i].name, "veth%u", i);
		ifs[i].handle = i + 1;
		svs[i].type = 4;
		svs[i].hops = (uint16_t)(i + 1);
		snprintf(svs[i].name, sizeof svs[i].name, "FS%u", i);
	}
	for (unsigned i = 0; i < 5; i++) {
		rts[i].family = 4;
		rts[i].plen = 24;
		rts[i].tag = (uint16_t)i;
	}
	for (uint32_t n = 0; n <= 3; n += 1) {
		save(b, as_ctl_enc_if_enum_reply(b, cap, AS_NO_ERROR, 3, 0, ifs, n));
		save(b, as_ctl_enc_services_reply(b, cap, AS_NO_ERROR, 3, 0, svs, n));
	}
	save(b, as_ctl_enc_routes_reply(b, cap, AS_NO_ERROR, 5, 0, rts, 0));
	save(b, as_ctl_enc_routes_reply(b, cap, AS_ERROR_MORE_DATA, 5, 2, rts, 2));
	save(b, as_ctl_enc_routes_reply(b, cap, AS_NO_ERROR, 5, 0, rts, 5));
	printf("ctl_seeds: %u seeds in %s\n", written, outdir);
	return 0;
}
