#!/bin/bash
# decode_bench.sh - decode speed of `autostatic decode` against the bare libpcap read loop,
# tcpdump and tshark, all measured in one run on the same generated capture (see bench/README.md).
#
# Environment:
#   BENCH_FRAMES       frames in the capture (default 1000000)
#   BENCH_SLOW_FRAMES  frames given to tcpdump and tshark, a prefix of the same capture
#                      (default 100000; their frames/s is computed on that count)
#   BENCH_REPS         runs per measurement, the best counts (default 3; tcpdump/tshark: 1,
#                      BENCH_SLOW_REPS to change)
#   BENCH_TMPDIR       where the capture is written (default $TMPDIR or /tmp; ~550 MB at 1M frames)
#   BENCH_STRICT=1     exit 1 when a target ratio is missed
#   top_builddir, top_srcdir, TCPDUMP, TSHARK   (set by `make bench`)
set -eu -o pipefail
export LC_ALL=C TZ=UTC

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
frames=${BENCH_FRAMES:-1000000}
slow=${BENCH_SLOW_FRAMES:-100000}
reps=${BENCH_REPS:-3}
slow_reps=${BENCH_SLOW_REPS:-1}
if ((slow > frames)); then slow=$frames; fi
TCPDUMP=${TCPDUMP:-$(command -v tcpdump || true)}
TSHARK=${TSHARK:-$(command -v tshark || true)}

gen=$top_builddir/bench/gen_rip_pcap
loop=$top_builddir/bench/pcap_loop
as=$top_builddir/src/cli/autostatic
for b in "$gen" "$loop" "$as"; do
	if [[ ! -x $b ]]; then
		echo "decode_bench: $b is not built (run 'make bench')" >&2
		exit 2
	fi
done

work=$(mktemp -d "${BENCH_TMPDIR:-${TMPDIR:-/tmp}}/asbench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$gen" "$frames" "$work/big.pcap"
"$gen" "$slow" "$work/small.pcap"
cat "$work/big.pcap" "$work/small.pcap" >/dev/null # into the page cache
frame_len=$(( ($(stat -c %s "$work/big.pcap") - 24) / frames - 16 ))

# One run: the elapsed seconds on stdout; the command's stdout to $2, its stderr kept.
run_once() {
	local out=$1
	shift
	local t0=$EPOCHREALTIME
	if ! "$@" >"$out" 2>"$work/stderr"; then
		echo "decode_bench: failed: $*" >&2
		cat "$work/stderr" >&2
		exit 1
	fi
	local t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
}

# Best of N runs.
best_of() {
	local n=$1 out=$2 best=
	shift 2
	for ((i = 0; i < n; i++)); do
		local t
		t=$(run_once "$out" "$@")
		if [[ -z $best ]] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}

rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { printf '  %-40s %10s frames/s  %8.3f s  (%s frames)\n' "$1" "$2" "$3" "$4"; }

echo "decode benchmark: $frames frames of $frame_len bytes (Ethernet/IPv4/UDP RIPv2 Response, 25 entries)"
echo "best of $reps for the fast ones, $slow_reps for tcpdump/tshark on the first $slow frames"
echo

t_bare=$(best_of "$reps" "$work/out" "$loop" "$work/big.pcap")
if [[ $(cat "$work/out") != "$frames frames,"* ]]; then
	echo "decode_bench: pcap_loop read '$(cat "$work/out")', expected $frames frames" >&2
	exit 1
fi
r_bare=$(rate "$frames" "$t_bare")
row "bare pcap_next_ex loop" "$r_bare" "$t_bare" "$frames"

t_val=$(best_of "$reps" /dev/null "$as" decode -q -r "$work/big.pcap")
# Every frame must have been decoded as a valid packet, or the figure means nothing.
if ! grep -q "\<$frames valid\>" "$work/stderr" || ! grep -q "\<0 invalid\>" "$work/stderr"; then
	echo "decode_bench: unexpected summary from autostatic decode -q:" >&2
	cat "$work/stderr" >&2
	exit 1
fi
r_val=$(rate "$frames" "$t_val")
row "autostatic decode -q (validation)" "$r_val" "$t_val" "$frames"

t_json=$(best_of "$reps" /dev/null "$as" decode --json -r "$work/big.pcap")
r_json=$(rate "$frames" "$t_json")
row "autostatic decode --json >/dev/null" "$r_json" "$t_json" "$frames"

t_text=$(best_of "$reps" /dev/null "$as" decode -r "$work/big.pcap")
r_text=$(rate "$frames" "$t_text")
row "autostatic decode (text) >/dev/null" "$r_text" "$t_text" "$frames"

r_tcpdump= r_tshark=
if [[ -n $TCPDUMP && -x $TCPDUMP ]]; then
	t_tcpdump=$(best_of "$slow_reps" /dev/null "$TCPDUMP" -nn -v -r "$work/small.pcap")
	r_tcpdump=$(rate "$slow" "$t_tcpdump")
	row "tcpdump -nn -v -r >/dev/null" "$r_tcpdump" "$t_tcpdump" "$slow"
else
	echo "  tcpdump: not found, skipped"
fi
if [[ -n $TSHARK && -x $TSHARK ]]; then
	t_tshark=$(best_of "$slow_reps" /dev/null "$TSHARK" -r "$work/small.pcap")
	r_tshark=$(rate "$slow" "$t_tshark")
	row "tshark -r >/dev/null" "$r_tshark" "$t_tshark" "$slow"
else
	echo "  tshark: not found, skipped"
fi

echo
missed=0
check() { # name value target
	local s=ok
	if ! awk -v v="$2" -v t="$3" 'BEGIN { exit !(v >= t) }'; then
		s=MISSED
		missed=1
	fi
	printf '  %-28s %8s   (target >= %-3s)  %s\n' "$1" "$2" "$3" "$s"
}
check "validation / bare loop" "$(ratio "$r_val" "$r_bare")" 0.5
if [[ -n $r_tcpdump ]]; then
	check "JSON / tcpdump -v" "$(ratio "$r_json" "$r_tcpdump")" 5
	printf '  %-28s %8s\n' "text / tcpdump -v" "$(ratio "$r_text" "$r_tcpdump")"
fi
if [[ -n $r_tshark ]]; then
	printf '  %-28s %8s\n' "JSON / tshark" "$(ratio "$r_json" "$r_tshark")"
fi
printf '  %-28s %8s\n' "JSON / validation" "$(ratio "$r_json" "$r_val")"
echo
echo "Identical runs vary by 15-20 %: compare the ratios of one run, not absolute figures."
if [[ ${BENCH_STRICT:-0} != 0 && $missed != 0 ]]; then
	exit 1
fi
exit 0
