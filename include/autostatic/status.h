/* status.h - status codes with the numbers of the Windows RRAS calls (MPR.md), and their names.
 *
 * The values are those of the public headers winerror.h, raserror.h and mprerror.h, so that code
 * written against MprAdminInterfaceUpdateRoutes / DoUpdateRoutes ports over unchanged. The
 * command-line programs map each code to its own small exit status (as_status_exit()).
 */
#ifndef AUTOSTATIC_STATUS_H
#define AUTOSTATIC_STATUS_H

#include <autostatic/common.h>

#ifdef __cplusplus
extern "C" {
#endif

enum as_status {
	AS_NO_ERROR = 0,
	AS_ERROR_ACCESS_DENIED = 5,
	AS_ERROR_INVALID_HANDLE = 6,
	AS_ERROR_NOT_ENOUGH_MEMORY = 8,
	AS_ERROR_NOT_SUPPORTED = 50,
	AS_ERROR_INVALID_PARAMETER = 87,
	AS_ERROR_MORE_DATA = 234,
	AS_ERROR_NO_MORE_ITEMS = 259,
	AS_PENDING = 600,
	AS_ERROR_ROUTER_STOPPED = 900,
	AS_ERROR_UNKNOWN_PROTOCOL_ID = 902,
	AS_ERROR_INTERFACE_ALREADY_EXISTS = 904,
	AS_ERROR_NO_SUCH_INTERFACE = 905,
	AS_ERROR_INTERFACE_NOT_CONNECTED = 906,
	AS_ERROR_UPDATE_IN_PROGRESS = 911,
	AS_ERROR_CAN_NOT_COMPLETE = 1003,
};

/** Transport identifiers (dwProtocolId). */
enum as_pid {
	AS_PID_IP = 0x21,
	AS_PID_ATALK = 0x29,
	AS_PID_IPX = 0x2B,
	AS_PID_NBF = 0x3F,
	AS_PID_IPV6 = 0x57,
};

/** The Windows name of a status ("ERROR_CAN_NOT_COMPLETE"); "UNKNOWN_STATUS" for others. */
AS_EXPORT const char *as_status_name(int status);

/**
 * The exit status the autostatic programs use for a status code: 0 for NO_ERROR, a distinct
 * small number (3..15) for each MPR code, 1 for anything else. 2 is kept for usage errors.
 * The table is documented in autostatic(1) under EXIT STATUS.
 */
AS_EXPORT int as_status_exit(int status);

#ifdef __cplusplus
}
#endif
#endif
