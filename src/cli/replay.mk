# src/cli/replay.mk - `autostatic replay` and the progress line long commands share.
src_cli_autostatic_SOURCES += src/cli/replay.c src/cli/progress.c src/cli/progress.h

# Usage and error statuses without privileges; the live replay over a veth pair (root).
TESTS += tests/cli_replay.sh tests/replay_live.sh
EXTRA_DIST += tests/cli_replay.sh tests/replay_live.sh bench/replay_bench.sh doc/replay.md
