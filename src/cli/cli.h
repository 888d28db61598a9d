/* cli.h - the autostatic program's subcommands and exit statuses. */
#ifndef AS_CLI_H
#define AS_CLI_H

/* Exit statuses shared by every subcommand (documented in autostatic(1)). */
#define AS_EXIT_OK 0
#define AS_EXIT_FAILURE 1 /* a runtime error: unreadable file, capture failure */
#define AS_EXIT_USAGE 2   /* bad arguments */

int as_cmd_decode(int argc, char **argv);
int as_cmd_update(int argc, char **argv);
int as_cmd_respond(int argc, char **argv);
int as_cmd_replay(int argc, char **argv);
int as_cmd_fuzz(int argc, char **argv);
/* The admin commands, through the daemon's control socket (or the in-process router). */
int as_cmd_admin(int argc, char **argv);

#endif
