#!/bin/sh
# replay.sh - `make check`: runs every fuzz harness over its whole seed corpus
# (fuzz/corpus/<target>/) and over its regression inputs (fuzz/regress/<target>/: every crash
# or hang ever found, kept forever). The harnesses are built with the build's own flags, so
# under --enable-sanitizers this replays everything with ASan and UBSan.
#
# Exit status: 0 all inputs passed, 1 a harness failed (crash, sanitizer report, broken
# invariant) or a corpus is missing, 77 (skip) only when run outside make without the build.
set -u

srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}
targets="rip ripng ipx frame rip_auth engine_rx routefile ctl conf"

if [ ! -d "$srcdir/fuzz/corpus" ]; then
	echo "replay.sh: no corpus under $srcdir/fuzz/corpus" >&2
	exit 1
fi
found=0
for t in $targets; do
	[ -x "$builddir/fuzz/fuzz_$t" ] && found=1
done
if [ "$found" = 0 ]; then
	echo "replay.sh: no harness built under $builddir/fuzz (run it through make check)" >&2
	exit 77
fi

# Sanitizers: stop at the first report and say where; leaks count as failures.
ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

status=0
for t in $targets; do
	bin="$builddir/fuzz/fuzz_$t"
	corpus="$srcdir/fuzz/corpus/$t"
	regress="$srcdir/fuzz/regress/$t"
	if [ ! -x "$bin" ]; then
		echo "FAIL: $t: $bin was not built" >&2
		status=1
		continue
	fi
	if [ ! -d "$corpus" ] || [ -z "$(ls "$corpus")" ]; then
		echo "FAIL: $t: empty or missing corpus $corpus" >&2
		status=1
		continue
	fi
	n_corpus=$(ls "$corpus" | wc -l)
	n_regress=0
	set -- "$corpus"
	if [ -d "$regress" ]; then
		n_regress=$(ls "$regress" | wc -l)
		set -- "$corpus" "$regress"
	fi
	if "$bin" "$@"; then
		echo "PASS: $t ($n_corpus corpus + $n_regress regression inputs)"
	else
		rc=$?
		echo "FAIL: $t: $bin exited with status $rc" \
			"(rerun it with FUZZ_VERBOSE=1 to see which input)" >&2
		status=1
	fi
done
exit $status
