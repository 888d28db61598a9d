#!/bin/bash
# dumps_bench.sh - whole-table dumps per second served (RFC 2453 §3.9.1 whole-table Requests
# answered with Responses), `autostatic respond` against BIRD 2 serving the same table, measured
# in the same run by the same client (dump_client) over veth. Needs root and bird; exits 77
# without them. See bench/README.md.
#
# Environment:
#   BENCH_DUMP_ROUTES   routes served (default 1000; /26s of 198.18.0.0/15, gen_routes.sh)
#   BENCH_DUMP_SECONDS  seconds per measurement (default 5)
#   BENCH_DUMP_K        concurrent requesters (default 4)
#   BENCH_DUMP_WAIT_MS  a dump not complete this long after its request is incomplete (200)
#   BENCH_STRICT=1      exit 1 when ours / BIRD < 5
#   top_builddir, top_srcdir   (set by `make bench`)
set -eu -o pipefail
export LC_ALL=C TZ=UTC

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
# shellcheck source=bench/netns.sh source-path=SCRIPTDIR/..
source "$top_srcdir/bench/netns.sh"

bn_need_root dumps_bench bird birdc ss
routes=${BENCH_DUMP_ROUTES:-1000}
secs=${BENCH_DUMP_SECONDS:-5}
k=${BENCH_DUMP_K:-4}
wait_ms=${BENCH_DUMP_WAIT_MS:-200}
for v in "$routes" "$secs" "$k" "$wait_ms"; do
	if [[ ! $v =~ ^[1-9][0-9]*$ ]]; then
		echo "dumps_bench: settings must be positive integers, not '$v'" >&2
		exit 2
	fi
done
if ((routes > 2048 || k > 200)); then
	echo "dumps_bench: at most 2048 routes (198.18.0.0/15) and 200 requesters" >&2
	exit 2
fi

dc=$top_builddir/bench/dump_client
for b in "$dc" "$top_builddir/src/cli/autostatic"; do
	if [[ ! -x $b ]]; then
		echo "dumps_bench: $b is not built (run 'make bench')" >&2
		exit 2
	fi
done
bn_real_binary "$top_builddir"
if ! "${BN_AS[@]}" respond --help >/dev/null 2>&1; then
	echo "dumps_bench: SKIP: this autostatic has no 'respond' command"
	exit 77
fi

BN_WORK=$(mktemp -d "${TMPDIR:-/tmp}/asdump.XXXXXX")
work=$BN_WORK
bn_pair
# Requesters i = 0..K-1 at 192.0.2.10+i when they need distinct addresses (BIRD: port 520 only).
bn_add_addrs "$BN_A" va 10 "$k"

"$top_srcdir/bench/gen_routes.sh" "$routes" "$work/routes"
"$top_srcdir/bench/gen_routes.sh" -f bird "$routes" "$work/routes.bird"

kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2" | head -1; }

# wait_served: one complete dump from ns A (the server is up, loaded and idle afterwards).
wait_served() {
	if ! ip netns exec "$BN_A" "$dc" -s 192.0.2.2 -a 192.0.2.1 -n "$routes" -d 60 -c 1 \
		-w 5000 >"$work/probe" 2>&1; then
		echo "dumps_bench: $1 did not serve a whole table of $routes routes within 60 s" >&2
		cat "$work/probe" >&2
		exit 1
	fi
}

# measure LABEL DUMP_CLIENT_OPTIONS...: one run; the total line into T_LINE.
measure() {
	local label=$1
	shift
	ip netns exec "$BN_A" "$dc" -s 192.0.2.2 -n "$routes" -d "$secs" -w "$wait_ms" "$@" \
		>"$work/dc.out"
	T_LINE=$(grep '^total ' "$work/dc.out")
	printf '  %-40s %8s dumps/s  (%s dumps, %s incomplete; request to first reply %s us,\n' \
		"$label" "$(kv dumps_per_s "$T_LINE")" "$(kv dumps "$T_LINE")" \
		"$(kv incomplete "$T_LINE")" "$(kv first_us "$T_LINE")"
	printf '  %-40s %8s           to last entry %s us; client CPU %s)\n' "" "" \
		"$(kv dump_us "$T_LINE")" "$(kv cpu "$T_LINE")"
}

echo "dumps benchmark: $routes routes, ${secs} s per measurement, $k concurrent requesters;"
echo "incomplete after $wait_ms ms; client dump_client in one namespace, server in the other"

declare -A R

# --- ours
echo
echo "== autostatic respond"
ip netns exec "$BN_B" "${BN_AS[@]}" respond -i vb -p ip --routes "$work/routes" \
	>"$work/respond.out" 2>"$work/respond.err" &
ours=$!
bn_track "$ours"
sleep 0.2
bn_alive "$ours" "autostatic respond" "$work/respond.err" || exit 1
wait_served "autostatic respond"
measure "1 requester, 192.0.2.1:520" -a 192.0.2.1
R[ours1]=$(kv dumps_per_s "$T_LINE") R[ours1i]=$(kv incomplete "$T_LINE")
measure "$k requesters, 192.0.2.1 ports 5200+i" -a 192.0.2.1 -k "$k" -p 5200 -P
R[oursKp]=$(kv dumps_per_s "$T_LINE") R[oursKpi]=$(kv incomplete "$T_LINE")
measure "$k requesters, 192.0.2.10+i port 520" -a 192.0.2.10 -A -k "$k"
R[oursKa]=$(kv dumps_per_s "$T_LINE") R[oursKai]=$(kv incomplete "$T_LINE")
bn_stop "$ours"
sed -n '/requests\|dumps/p' "$work/respond.err" | head -5 | sed 's/^/  respond: /'

# --- BIRD
echo
echo "== BIRD $(bird --version 2>&1 | sed -n 's/.*version //p' | head -1)"
{
	echo "router id 192.0.2.2;"
	echo "protocol device { scan time 10; }"
	echo "protocol static s4 { ipv4;"
	cat "$work/routes.bird"
	echo "}"
	# Periodic updates every 10 minutes: none during the run, whose dumps they would delay.
	echo 'protocol rip rip4 { ipv4 { import none; export all; };'
	echo '	interface "vb" { version 2; mode multicast; update time 600; }; }'
} >"$work/bird.conf"
ip netns exec "$BN_B" bird -f -c "$work/bird.conf" -s "$work/bird.ctl" -P "$work/bird.pid" \
	>"$work/bird.out" 2>&1 &
bird_pid=$!
bn_track "$bird_pid"
sleep 0.2
bn_alive "$bird_pid" bird "$work/bird.out" || exit 1
for ((i = 0; i < 100; i++)); do
	if birdc -s "$work/bird.ctl" show route count 2>/dev/null | grep -q "$routes of $routes routes"; then
		break
	fi
	sleep 0.1
done
# Its start-up multicast update runs first; one served dump shows it is done.
sleep 1
wait_served BIRD
measure "1 requester, 192.0.2.1:520" -a 192.0.2.1
R[bird1]=$(kv dumps_per_s "$T_LINE") R[bird1i]=$(kv incomplete "$T_LINE")
echo "  $k requesters on distinct ports: not measured (BIRD answers only requests from port 520)"
measure "$k requesters, 192.0.2.10+i port 520" -a 192.0.2.10 -A -k "$k"
R[birdKa]=$(kv dumps_per_s "$T_LINE") R[birdKai]=$(kv incomplete "$T_LINE")
birdc -s "$work/bird.ctl" down >/dev/null 2>&1 || true

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
missed=0
# verdict RATIO: "ok" or "MISSED" in $v (not through a subshell: missed must stick).
verdict() {
	v=ok
	if [[ $1 == - ]] || ! awk -v r="$1" 'BEGIN { exit !(r >= 5) }'; then
		v=MISSED
		missed=1
	fi
}
r1=$(ratio "${R[ours1]}" "${R[bird1]}")
verdict "$r1"
v1=$v
rk=$(ratio "${R[oursKa]}" "${R[birdKa]}")
verdict "$rk"
vk=$v
echo
echo "== summary ($routes routes, dumps/s over $secs s; target ours / BIRD >= 5)"
printf '  %-46s %10s dumps/s (%s incomplete)\n' "ours, 1 requester" "${R[ours1]}" "${R[ours1i]}"
printf '  %-46s %10s dumps/s (%s incomplete)\n' "ours, $k requesters (distinct ports)" "${R[oursKp]}" "${R[oursKpi]}"
printf '  %-46s %10s dumps/s (%s incomplete)\n' "ours, $k requesters (distinct addresses, 520)" "${R[oursKa]}" "${R[oursKai]}"
printf '  %-46s %10s dumps/s (%s incomplete)\n' "BIRD, 1 requester" "${R[bird1]}" "${R[bird1i]}"
printf '  %-46s %10s dumps/s (%s incomplete)\n' "BIRD, $k requesters (distinct addresses, 520)" "${R[birdKa]}" "${R[birdKai]}"
printf '  %-46s %10s (target >= 5: %s)\n' "ours / BIRD, 1 requester" "$r1" "$v1"
printf '  %-46s %10s (target >= 5: %s)\n' "ours / BIRD, $k requesters" "$rk" "$vk"
echo
echo "Identical runs vary by 15-20 %: compare the ratios of one run, not absolute figures."
if [[ ${BENCH_STRICT:-0} != 0 && $missed != 0 ]]; then
	exit 1
fi
exit 0
