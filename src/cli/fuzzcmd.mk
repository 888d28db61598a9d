# src/cli/fuzzcmd.mk
src_cli_autostatic_SOURCES += src/cli/fuzz.c
