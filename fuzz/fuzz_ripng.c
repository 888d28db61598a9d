/* fuzz_ripng.c - fuzz target: one RIPng message (the UDP payload of port 521).
 *
 * as_ripng_decode -> invariants (next hops resolved, skip counts) -> printers ->
 * as_ripng_check_context -> for an accepted packet as_ripng_encode -> byte comparison (next-hop
 * RTEs are normalised to tag 0, prefix length 0) -> as_ripng_decode -> field comparison.
 */
#include "config.h"

#include "fuzz/common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t variant = (uint8_t)(size ? data[size - 1] ^ size : 0);
	fuzz_ripng_payload(data, size, variant);
	return 0;
}
