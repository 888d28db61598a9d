#!/bin/bash
# campaign.sh - builds the fuzzers in their own build directories and runs a time-boxed
# campaign per target, then prints a summary and copies every crash and hang into
# fuzz/regress/<target>/ for triage.
#
#   fuzz/campaign.sh [-e afl|libfuzzer] [-t SECONDS] [-j N] [-T TARGET]... [-o DIR] [-n]
#
#   -e ENGINE   afl (default) or libfuzzer
#   -t SECONDS  wall-clock time per target (default 600)
#   -j N        parallel instances per target (default 2): AFL++ runs one main (-M, built with
#               ASan + UBSan) and N-1 secondaries (-S; the first with a CmpLog binary, -c);
#               libFuzzer runs -fork=N
#   -T TARGET   rip, ripng, ipx, frame, rip_auth, engine_rx, routefile, ctl or conf; repeatable; default all, one after another
#   -o DIR      campaign output (default _build-fuzz-out/<engine>-<date>, git-ignored)
#   -n          do not (re)build; use the existing build directories
#
# AFL++ builds (CC=afl-clang-fast ./configure --enable-fuzzing=afl): _build-afl (plain),
# _build-afl-asan (AFL_USE_ASAN=1 AFL_USE_UBSAN=1), _build-afl-cmplog (AFL_LLVM_CMPLOG=1).
# libFuzzer build (CC=clang ./configure --enable-fuzzing=libfuzzer): _build-libfuzzer.
# Each run starts from fuzz/corpus/<target>/ and fuzz/regress/<target>/ with
# fuzz/dict/<target>.dict. Exit status: 0, or 3 when something crashed or hung.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
all_targets="rip ripng ipx frame rip_auth engine_rx routefile ctl conf"
engine=afl
secs=600
jobs=2
targets=""
out=""
build=1

usage() {
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while getopts "e:t:j:T:o:nh" opt; do
	case $opt in
	e) engine=$OPTARG ;;
	t) secs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	T) targets="$targets $OPTARG" ;;
	o) out=$OPTARG ;;
	n) build=0 ;;
	*) usage ;;
	esac
done
targets=${targets:-$all_targets}
for t in $targets; do
	case " $all_targets " in *" $t "*) ;; *) echo "campaign: unknown target $t" >&2; exit 2 ;; esac
done
case $engine in afl | libfuzzer) ;; *) usage ;; esac
[ "$jobs" -ge 1 ] || usage
stamp=$(date -u +%Y%m%d-%H%M%S)
out=${out:-$top/_build-fuzz-out/$engine-$stamp}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# ---------------------------------------------------------------------------------------------
# Builds

# build DIR CC CONFIGURE_ARG [VAR=VALUE...]: configure once, then make the harnesses.
build_dir() {
	local dir=$1 cc=$2 arg=$3
	shift 3
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		echo "campaign: configuring $dir"
		(cd "$dir" && CC=$cc "$top/configure" "$arg" >configure.out 2>&1) ||
			{ echo "campaign: configure failed, see $dir/configure.out" >&2; exit 1; }
	fi
	echo "campaign: building $dir ${*:-}"
	(cd "$dir" && env "$@" make -j"$(nproc)" fuzz-build >make.out 2>&1) ||
		{ echo "campaign: build failed, see $dir/make.out" >&2; exit 1; }
}

if [ "$engine" = afl ]; then
	command -v afl-fuzz >/dev/null && command -v afl-clang-fast >/dev/null ||
		{ echo "campaign: AFL++ not found (apt-get install afl++)" >&2; exit 1; }
	if [ "$build" = 1 ]; then
		build_dir "$top/_build-afl" afl-clang-fast --enable-fuzzing=afl AFL_QUIET=1
		build_dir "$top/_build-afl-asan" afl-clang-fast --enable-fuzzing=afl AFL_QUIET=1 \
			AFL_USE_ASAN=1 AFL_USE_UBSAN=1
		build_dir "$top/_build-afl-cmplog" afl-clang-fast --enable-fuzzing=afl AFL_QUIET=1 \
			AFL_LLVM_CMPLOG=1
	fi
else
	command -v clang >/dev/null || { echo "campaign: clang not found" >&2; exit 1; }
	[ "$build" = 1 ] && build_dir "$top/_build-libfuzzer" clang --enable-fuzzing=libfuzzer
fi

# ---------------------------------------------------------------------------------------------
# Runs

export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=${AFL_NO_AFFINITY:-1} # share the machine; set 0 to bind cores
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:symbolize=0:detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

# Seeds: the corpus and every regression input (they must not crash any more).
seeds() {
	local t=$1 dir=$2
	mkdir -p "$dir"
	cp "$top/fuzz/corpus/$t"/* "$dir"/
	find "$top/fuzz/regress/$t" -type f ! -name '.*' -exec cp {} "$dir"/ \; 2>/dev/null || true
}

run_afl() {
	local t=$1 o=$out/$t
	local plain=$top/_build-afl/fuzz/fuzz_$t asan=$top/_build-afl-asan/fuzz/fuzz_$t
	local cmplog=$top/_build-afl-cmplog/fuzz/fuzz_$t
	seeds "$t" "$o/seeds"
	local common=(-i "$o/seeds" -o "$o/sync" -x "$here/dict/$t.dict" -V "$secs")
	echo "campaign: $t: afl-fuzz x$jobs for ${secs}s -> $o"
	afl-fuzz "${common[@]}" -M main -m none -t 1000 -- "$asan" >"$o/main.log" 2>&1 &
	local pids=($!)
	for ((i = 1; i < jobs; i++)); do
		local extra=()
		[ "$i" = 1 ] && extra=(-c "$cmplog" -l 2AT)
		sleep 1
		afl-fuzz "${common[@]}" -S "s$i" "${extra[@]}" -t 1000 -- "$plain" \
			>"$o/s$i.log" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}" || true
}

run_libfuzzer() {
	local t=$1 o=$out/$t
	local bin=$top/_build-libfuzzer/fuzz/fuzz_${t}_libfuzzer
	seeds "$t" "$o/seeds"
	mkdir -p "$o/corpus" "$o/artifacts"
	echo "campaign: $t: libFuzzer -fork=$jobs for ${secs}s -> $o"
	(cd "$o" && "$bin" -fork="$jobs" -max_total_time="$secs" -dict="$here/dict/$t.dict" \
		-artifact_prefix="$o/artifacts/" -ignore_crashes=1 -ignore_timeouts=1 \
		-ignore_ooms=1 -print_final_stats=1 "$o/corpus" "$o/seeds" >"$o/libfuzzer.log" 2>&1) ||
		true
}

# Copies crashes and hangs to fuzz/regress/<target>/ as crash-untriaged-<...>: minimize,
# find the cause, then rename them crash-<what>-<date> (see fuzz/README.md).
keep() {
	local t=$1 kind=$2 src=$3 tag=$4
	local dst
	dst="$top/fuzz/regress/$t/$kind-untriaged-$tag-$(date -u +%Y%m%d)-$(sha1sum <"$src" | cut -c1-12)"
	[ -e "$dst" ] || cp "$src" "$dst"
	found=$((found + 1))
}

stat_of() { sed -n "s/^$2 *: *//p" "$1" 2>/dev/null | head -1; }

summary_afl() {
	local t=$1 o=$out/$t/sync
	local execs=0 eps=0 crashes=0 hangs=0 corpus=0 cvg="" edges="" total="" run=0
	for s in "$o"/*/fuzzer_stats; do
		[ -f "$s" ] || continue
		local c
		c=$(stat_of "$s" execs_done)
		execs=$((execs + ${c:-0}))
		eps=$(awk -v a="$eps" -v b="$(stat_of "$s" execs_per_sec)" 'BEGIN { print a + b }')
		c=$(stat_of "$s" saved_crashes)
		[ -n "$c" ] || c=$(stat_of "$s" unique_crashes)
		crashes=$((crashes + ${c:-0}))
		c=$(stat_of "$s" saved_hangs)
		[ -n "$c" ] || c=$(stat_of "$s" unique_hangs)
		hangs=$((hangs + ${c:-0}))
		c=$(stat_of "$s" corpus_count)
		[ "${c:-0}" -gt "$corpus" ] && corpus=$c
		c=$(stat_of "$s" run_time)
		[ "${c:-0}" -gt "$run" ] && run=$c
		if [ "$(basename "$(dirname "$s")")" = main ]; then
			cvg=$(stat_of "$s" bitmap_cvg)
			edges=$(stat_of "$s" edges_found)
			total=$(stat_of "$s" total_edges)
		fi
	done
	printf '%-9s %8ss %12s execs %9s/s  corpus %5s  edges %s/%s (%s)  crashes %s  hangs %s\n' \
		"$t" "$run" "$execs" "$eps" "$corpus" "${edges:-?}" "${total:-?}" "${cvg:-?}" \
		"$crashes" "$hangs" | tee -a "$out/summary.txt"
	for f in "$o"/*/crashes/id:* "$o"/*/hangs/id:*; do
		[ -f "$f" ] || continue
		local inst kind
		inst=$(basename "$(dirname "$(dirname "$f")")")
		kind=crash
		case $f in */hangs/*) kind=hang ;; esac
		keep "$t" "$kind" "$f" "$inst"
	done
}

summary_libfuzzer() {
	local t=$1 o=$out/$t
	local log=$o/libfuzzer.log
	local last execs eps cov
	last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
	execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
	eps=$(echo "$last" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	local crashes hangs
	crashes=$(find "$o/artifacts" -name 'crash-*' -o -name 'oom-*' -o -name 'leak-*' | wc -l)
	hangs=$(find "$o/artifacts" -name 'timeout-*' | wc -l)
	printf '%-9s %8ss %12s execs %9s/s  corpus %5s  cov %s  crashes %s  hangs %s\n' "$t" \
		"$secs" "${execs:-?}" "${eps:-?}" "$(ls "$o/corpus" | wc -l)" "${cov:-?}" \
		"$crashes" "$hangs" | tee -a "$out/summary.txt"
	for f in "$o"/artifacts/*; do
		[ -f "$f" ] || continue
		case $(basename "$f") in timeout-*) keep "$t" hang "$f" libfuzzer ;;
		*) keep "$t" crash "$f" libfuzzer ;; esac
	done
}

for t in $targets; do
	"run_$engine" "$t"
done

found=0
echo
echo "campaign summary ($engine, $jobs instance(s) per target, output in $out)"
for t in $targets; do
	"summary_$engine" "$t"
done
if [ "$found" -gt 0 ]; then
	echo "campaign: $found crash/hang input(s) copied to fuzz/regress/<target>/ as" \
		"*-untriaged-*: minimize, find the cause, rename (fuzz/README.md)"
	exit 3
fi
