#!/bin/sh
# test-all.sh - install what the tests need, then build and pass the whole test suite twice:
# a -Werror build with `make distcheck` (which runs `make check` from the release tarball),
# and an ASan + UBSan build running `make check` (every fuzz corpus is replayed there too);
# then a short libFuzzer run of every fuzz harness.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
tools/deps.sh test
autoreconf -fi
jobs=$(nproc)

echo "== -Werror build, make check and make distcheck"
rm -rf _build && mkdir _build && cd _build
"$top/configure" --quiet --enable-werror
make -j"$jobs" --quiet
make -j"$jobs" check || { cat test-suite.log; exit 1; }
# The daemon's kill -9 test (50 kills during updates of 100,000 routes) ran in full above; the
# two later passes rerun it with 10 kills, which is enough to catch a build-specific fault.
KILLS=10 make -j"$jobs" distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror
cd "$top"

echo "== ASan + UBSan build, make check"
rm -rf _build-san && mkdir _build-san && cd _build-san
"$top/configure" --quiet --enable-werror --enable-sanitizers
make -j"$jobs" --quiet
KILLS=10 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -j"$jobs" check || { cat test-suite.log; exit 1; }
count() { sed -n "s/^# $1: *//p" test-suite.log; }
summary="tests: $(count PASS) passed, $(($(count FAIL) + $(count ERROR))) failed, $(count SKIP) skipped"
cd "$top"

echo "== libFuzzer smoke: every harness, 15 s each (clang, ASan + UBSan)"
rm -rf _build-fuzz && mkdir _build-fuzz && cd _build-fuzz
CC=clang "$top/configure" --quiet --enable-werror --enable-fuzzing=libfuzzer
make -j"$jobs" --quiet fuzz-build
sh "$top/fuzz/smoke.sh" "$(pwd)" 15
echo "== all tests passed (-Werror build, distcheck, sanitizer build, fuzz smoke)"
echo "$summary"
