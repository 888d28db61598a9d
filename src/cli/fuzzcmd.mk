# src/cli/fuzzcmd.mk - `autostatic fuzz`, the structure-aware wire fuzzer for routers under test
# (doc/fuzz.md), and its tests: tests/fuzzwire/dry_run.sh (no root: same seed, same bytes;
# every packet in the pcap), tests/fuzzwire/routers.sh (namespaces: BIRD and FRR ripd targets,
# and a target killed mid-run).
src_cli_autostatic_SOURCES += \
	src/cli/fuzz.c \
	src/fuzzwire/mutate.h \
	src/fuzzwire/mutate.c

TESTS += tests/fuzzwire/dry_run.sh tests/fuzzwire/routers.sh
EXTRA_DIST += tests/fuzzwire/dry_run.sh tests/fuzzwire/routers.sh doc/fuzz.md
