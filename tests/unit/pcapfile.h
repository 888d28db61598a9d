/* pcapfile.h - test helper: load one frame of a bundled capture. */
#ifndef AS_TEST_PCAPFILE_H
#define AS_TEST_PCAPFILE_H

#include <stddef.h>
#include <stdint.h>

#include <autostatic/frame.h>

/* Loads frame n (1-based) of $top_srcdir/pcaps/REL into buf. Returns its captured length and
 * the capture's link type; aborts the test program when the file or frame is missing. */
size_t tp_frame(const char *rel, unsigned n, uint8_t *buf, size_t cap, enum as_link *link);

/* Decapsulates frame n and copies its UDP payload into buf; returns the payload length. */
size_t tp_payload(const char *rel, unsigned n, uint8_t *buf, size_t cap);

#endif
