/* replay.c - autostatic replay: being written (issue in progress); refuses to run until then. */
#include "config.h"

#include <stdio.h>

#include "src/cli/cli.h"

int as_cmd_replay(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("autostatic replay: not available in this build yet\n", stderr);
	return AS_EXIT_FAILURE;
}
