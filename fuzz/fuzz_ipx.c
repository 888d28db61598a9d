/* fuzz_ipx.c - fuzz target: one IPX packet from its 30-byte header.
 *
 * as_ipx_decode -> header round trip -> the payload (to Packet Length) by destination socket,
 * else source socket: 0x0453 IPX RIP, 0x0452 SAP -> decode, printers, encode -> byte
 * comparison -> decode -> field comparison. Packets for other sockets and packets with a
 * broken header are decoded too, as RIP or SAP (picked from the last input byte).
 */
#include "config.h"

#include "fuzz/common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t variant = (uint8_t)(size ? data[size - 1] ^ size : 0);
	fuzz_ipx_packet(data, size, variant);
	return 0;
}
