#!/bin/sh
# smoke.sh - a short libFuzzer run of every harness (CI): SECONDS each (default 15), seeded from
# a scratch copy of fuzz/corpus/<target> so that the source tree is never written. Any crash,
# leak or sanitizer report fails the run; the reproducer is left in the scratch directory and
# its path printed, for fuzz/regress/<target>/.
#   fuzz/smoke.sh BUILD_DIR [SECONDS]    BUILD_DIR configured with --enable-fuzzing=libfuzzer
set -u
build=${1:?usage: $0 BUILD_DIR [SECONDS]}
secs=${2:-15}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/asfuzz.XXXXXX")
status=0
for t in rip ripng ipx frame rip_auth engine_rx routefile ctl conf; do
	bin=$build/fuzz/fuzz_${t}_libfuzzer
	[ -x "$bin" ] || { echo "smoke: $bin not built"; exit 1; }
	mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
	cp "$here/corpus/$t/"* "$work/$t/corpus/"
	if "$bin" -max_total_time="$secs" -dict="$here/dict/$t.dict" -print_final_stats=1 \
		-artifact_prefix="$work/$t/artifacts/" "$work/$t/corpus" >"$work/$t/log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log")
		cov=$(grep -o 'cov: [0-9]*' "$work/$t/log" | tail -1)
		echo "smoke: $t: ${execs:-?} execs in ${secs}s, ${cov:-cov: ?}, no crash"
	else
		echo "smoke: $t FAILED; reproducer(s): $(ls "$work/$t/artifacts")"
		tail -40 "$work/$t/log"
		status=1
	fi
done
[ "$status" -eq 0 ] && rm -rf "$work"
exit "$status"
