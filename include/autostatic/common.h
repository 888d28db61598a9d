/* common.h - export macro and small shared definitions of the autostatic public API. */
#ifndef AUTOSTATIC_COMMON_H
#define AUTOSTATIC_COMMON_H

/* Symbols are hidden by default (-fvisibility=hidden); the public API is marked explicitly and
 * listed in the linker version script. */
#if defined(__GNUC__)
#define AS_EXPORT __attribute__((visibility("default")))
#else
#define AS_EXPORT
#endif

#endif
