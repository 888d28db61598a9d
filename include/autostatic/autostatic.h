/* autostatic.h - umbrella header of libautostatic. */
#ifndef AUTOSTATIC_AUTOSTATIC_H
#define AUTOSTATIC_AUTOSTATIC_H

#include <autostatic/common.h>
#include <autostatic/frame.h>
#include <autostatic/print.h>
#include <autostatic/ipx.h>
#include <autostatic/rip.h>
#include <autostatic/status.h>
#include <autostatic/admin.h>
#include <autostatic/ripng.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The library's version, "MAJOR.MINOR.PATCH". */
AS_EXPORT const char *as_version(void);

#ifdef __cplusplus
}
#endif
#endif
