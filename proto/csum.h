/* csum.h - internal checksum helpers shared inside proto/. */
#ifndef AS_PROTO_CSUM_H
#define AS_PROTO_CSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The folded pseudo-header sum: what a sender that offloads the UDP checksum to its NIC leaves
 * in the checksum field (Linux CHECKSUM_PARTIAL), and what captures on such hosts show. */
uint16_t as_udp_partial_csum(int family, const uint8_t *src, const uint8_t *dst, size_t udp_len);

/* Whether a received UDP datagram (checksum field non-zero) carries a correct checksum: one
 * pass over the datagram, checksum field included. */
bool as_udp_csum_ok(int family, const uint8_t *src, const uint8_t *dst, const uint8_t *udp,
		    size_t udp_len);

#endif
