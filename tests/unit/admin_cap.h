/* admin_cap.h - test helper: writes captures of RIPv2 responses for the replay backend. */
#ifndef AS_TEST_ADMIN_CAP_H
#define AS_TEST_ADMIN_CAP_H

#include <stdbool.h>

/**
 * Writes to path a capture that starts the replay clock with a junk frame at t=0 and, when
 * nroutes > 0, holds RIPv2 Responses from 192.0.2.1:520 to 192.0.2.2:520 at t=20 ms carrying
 * routes 10.BASE.x.y/32 (i = x * 256 + y) with the given metric. Returns 0, or -1.
 */
int tc_write_rip(const char *path, unsigned nroutes, unsigned base, unsigned metric);

#endif
