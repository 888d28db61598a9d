/* version.c - the library's version string. */
#include "config.h"

#include <autostatic/autostatic.h>

const char *as_version(void)
{
	return PACKAGE_VERSION;
}
