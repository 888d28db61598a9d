/* fuzz_rip.c - fuzz target: one RIP message (the UDP payload of port 520).
 *
 * as_rip_decode -> invariants -> text and JSON printers (large and tiny buffers) ->
 * as_rip_auth_verify with a fixed key of every algorithm -> for an accepted packet
 * as_rip_encode (crypto packets signed again with the fixed key of the decoded algorithm and
 * key ID) -> byte comparison -> as_rip_decode -> field comparison (the digest aside).
 */
#include "config.h"

#include "fuzz/common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t variant = (uint8_t)(size ? data[size - 1] ^ size : 0);
	fuzz_rip_payload(data, size, variant);
	return 0;
}
