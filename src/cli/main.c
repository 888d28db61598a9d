/* main.c - the autostatic program: subcommand dispatch. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <autostatic/autostatic.h>

#include "src/cli/cli.h"

static void usage(FILE *out)
{
	fputs("Usage: autostatic COMMAND [OPTIONS]\n"
	      "       autostatic [-s unix:PATH] ADMIN-COMMAND ...\n"
	      "\n"
	      "Commands:\n"
	      "  update   ask a neighbouring router for its whole routing table and print it\n"
	      "  respond  serve a route file to every router that asks, until stopped\n"
	      "  decode   decode and validate RIP traffic from a capture file or an interface\n"
	      "  replay   send the frames of a capture onto an interface\n"
	      "  fuzz     send structure-aware malformed packets to a router under test\n"
	      "\n"
	      "Admin commands (through autostaticd's control socket, default /run/autostatic.sock):\n"
	      "  interfaces [--json]                 list interfaces and their transports\n"
	      "  update IFACE PROTO [--async]        update an interface's autostatic routes\n"
	      "  result IFACE PROTO                  the result of the last update\n"
	      "  routes [IFACE] [--json]             the stored autostatic routes\n"
	      "  services [IFACE] [--json]           the stored IPX services\n"
	      "\n"
	      "Run 'autostatic COMMAND --help' for the options of a command, and see autostatic(1).\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help     show this help\n"
	      "  -V, --version  show the version\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return AS_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return AS_EXIT_OK;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("autostatic %s (library %s)\n", PACKAGE_VERSION, as_version());
		return AS_EXIT_OK;
	}
	/* Admin commands: `-s unix:PATH ...`, interfaces/result/routes/services, and the admin form of
	 * update (`update IFACE PROTO`); `update -i IFACE -p PROTO` is the one-shot update. */
	if (!strcmp(cmd, "-s") || !strncmp(cmd, "--socket=", 9) || !strcmp(cmd, "interfaces") ||
	    !strcmp(cmd, "result") || !strcmp(cmd, "routes") || !strcmp(cmd, "services") ||
	    (!strcmp(cmd, "update") && argc > 2 && argv[2][0] != '-'))
		return as_cmd_admin(argc - 1, argv + 1);
	if (!strcmp(cmd, "decode"))
		return as_cmd_decode(argc - 1, argv + 1);
	if (!strcmp(cmd, "update"))
		return as_cmd_update(argc - 1, argv + 1);
	if (!strcmp(cmd, "respond"))
		return as_cmd_respond(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return as_cmd_replay(argc - 1, argv + 1);
	if (!strcmp(cmd, "fuzz"))
		return as_cmd_fuzz(argc - 1, argv + 1);
	fprintf(stderr, "autostatic: unknown command '%s'; run 'autostatic --help'\n", cmd);
	return AS_EXIT_USAGE;
}
