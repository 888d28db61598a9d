/* status.c - names and exit statuses of the MPR status codes (MPR.md). */
#include "config.h"

#include <stddef.h>

#include <autostatic/status.h>

static const struct {
	int code;
	const char *name;
	int exit;
} table[] = {
	{AS_NO_ERROR, "NO_ERROR", 0},
	{AS_ERROR_CAN_NOT_COMPLETE, "ERROR_CAN_NOT_COMPLETE", 3},
	{AS_ERROR_INTERFACE_NOT_CONNECTED, "ERROR_INTERFACE_NOT_CONNECTED", 4},
	{AS_ERROR_NO_SUCH_INTERFACE, "ERROR_NO_SUCH_INTERFACE", 5},
	{AS_ERROR_UNKNOWN_PROTOCOL_ID, "ERROR_UNKNOWN_PROTOCOL_ID", 6},
	{AS_ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", 7},
	{AS_ERROR_UPDATE_IN_PROGRESS, "ERROR_UPDATE_IN_PROGRESS", 8},
	{AS_ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE", 9},
	{AS_ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER", 10},
	{AS_ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY", 11},
	{AS_ERROR_ROUTER_STOPPED, "ERROR_ROUTER_STOPPED", 12},
	{AS_ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED", 13},
	{AS_ERROR_INTERFACE_ALREADY_EXISTS, "ERROR_INTERFACE_ALREADY_EXISTS", 14},
	{AS_ERROR_NO_MORE_ITEMS, "ERROR_NO_MORE_ITEMS", 15},
	{AS_ERROR_MORE_DATA, "ERROR_MORE_DATA", 1},
	{AS_PENDING, "PENDING", 1},
};

const char *as_status_name(int status)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == status)
			return table[i].name;
	return "UNKNOWN_STATUS";
}

int as_status_exit(int status)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == status)
			return table[i].exit;
	return 1;
}
