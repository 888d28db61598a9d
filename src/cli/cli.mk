# src/cli/cli.mk - the autostatic program.
bin_PROGRAMS += src/cli/autostatic
src_cli_autostatic_SOURCES = \
	src/cli/main.c \
	src/cli/cli.h \
	src/cli/decode.c \
	src/cli/keys.c \
	src/cli/keys.h \
	src/cli/opts.c \
	src/cli/opts.h \
	src/cli/update.c \
	src/cli/respond.c
src_cli_autostatic_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(JANSSON_CFLAGS)
src_cli_autostatic_LDADD = $(CORE_LDADD) $(JANSSON_LIBS)

# update and respond as a user meets them, without privileges (replayed captures).
TESTS += tests/cli_update.sh
EXTRA_DIST += tests/cli_update.sh
dist_doc_DATA += doc/update-json.md
