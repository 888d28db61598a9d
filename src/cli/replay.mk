# src/cli/replay.mk
src_cli_autostatic_SOURCES += src/cli/replay.c
