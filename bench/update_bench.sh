#!/bin/bash
# update_bench.sh - how fast `autostatic update` pulls a 1 000 000-route RIPv2 table (RFC 2453
# whole-table Request, and RFC 2091 triggered Update Request/Response/Acknowledge) served by
# `autostatic respond` over veth, against the raw floor measured in the same run by raw_pair
# (AF_PACKET flood of the same frames, and a raw ping-pong for the acknowledged mode), and what
# a route costs in memory. Needs root (network namespaces); exits 77 without it. See
# bench/README.md.
#
# Environment:
#   BENCH_UPDATE_ROUTES  routes served (default 1000000; /28s of 10.0.0.0/8, gen_routes.sh)
#   BENCH_UPDATE_MODES   the modes, in order (default "request triggered")
#   BENCH_QUIET_MS       update --quiet-ms (default 2000, the command's default)
#   BENCH_REPS           raw_pair runs per measurement, the best counts (default 3)
#   BENCH_PINGPONG       ping-pong rounds (default 20000)
#   BENCH_MEMORY=0       skip the memory runs (a text-mode update, the 1-route updates)
#   BENCH_STRICT=1       exit 1 when a target is missed
#   BENCH_UPDATE_PROTOS  the protocols (default "ip ipv6 ipx"): ip is the IPv4 run above; ipv6 and
#                        ipx pull a RIPng / IPX RIP table the same way, against the same raw floor
#   BENCH_UPDATE_ROUTES6 RIPng routes served (default 100000; /64s of 2001:db8::/32)
#   BENCH_UPDATE_IPX     IPX networks served (default 100000; --what routes, Ethernet II)
#   top_builddir, top_srcdir   (set by `make bench`)
set -eu -o pipefail
export LC_ALL=C TZ=UTC

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
# shellcheck source=bench/netns.sh source-path=SCRIPTDIR/..
source "$top_srcdir/bench/netns.sh"

bn_need_root update_bench
# Debian's python3 first: another one may come first on PATH (PEERS.md).
PY=/usr/bin/python3
[[ -x $PY ]] || PY=$(command -v python3 || true)
if [[ -z $PY ]]; then
	echo "update_bench: SKIP: python3 not found (reads the update's JSON)"
	exit 77
fi
routes=${BENCH_UPDATE_ROUTES:-1000000}
protos=${BENCH_UPDATE_PROTOS:-ip ipv6 ipx}
routes6=${BENCH_UPDATE_ROUTES6:-100000}
routesx=${BENCH_UPDATE_IPX:-100000}
modes=${BENCH_UPDATE_MODES:-request triggered}
quiet=${BENCH_QUIET_MS:-2000}
reps=${BENCH_REPS:-3}
pp_rounds=${BENCH_PINGPONG:-20000}
for v in "$routes" "$quiet" "$reps" "$pp_rounds" "$routes6" "$routesx"; do
	if [[ ! $v =~ ^[1-9][0-9]*$ ]]; then
		echo "update_bench: counts must be positive integers, not '$v'" >&2
		exit 2
	fi
done
for m in $modes; do
	if [[ $m != request && $m != triggered ]]; then
		echo "update_bench: unknown mode '$m' in BENCH_UPDATE_MODES (request triggered)" >&2
		exit 2
	fi
done

raw=$top_builddir/bench/raw_pair
dc=$top_builddir/bench/dump_client
for b in "$raw" "$dc" "$top_builddir/src/cli/autostatic"; do
	if [[ ! -x $b ]]; then
		echo "update_bench: $b is not built (run 'make bench')" >&2
		exit 2
	fi
done
bn_real_binary "$top_builddir"
for c in update respond; do
	if ! "${BN_AS[@]}" "$c" --help >/dev/null 2>&1; then
		echo "update_bench: SKIP: this autostatic has no '$c' command"
		exit 77
	fi
done

BN_WORK=$(mktemp -d "${TMPDIR:-/tmp}/asupd.XXXXXX")
work=$BN_WORK
bn_pair

"$top_srcdir/bench/gen_routes.sh" "$routes" "$work/routes"
"$top_srcdir/bench/gen_routes.sh" 1 "$work/one"
# RIPv2 carries 25 entries a packet (RFC 2453 §4, RFC 2091 §5.3): the response count of a dump.
frames=$(((routes + 24) / 25))
echo "update benchmark: $routes routes ($frames responses of 25 entries), modes: $modes;"
echo "quiet period $quiet ms; raw figures best of $reps; $(nproc)-CPU machine, veth between two namespaces"

f() { awk -v v="$1" 'BEGIN { if (v == "" || v == "null") print "-"; else printf "%.1f", v }'; }
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || a == "null" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}
# key=value from a raw_pair / dump_client line
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2" | head -1; }

# Best (smallest elapsed_ms) of $reps raw_pair runs; prints that run's line.
raw_best() {
	local best='' line t i
	for ((i = 0; i < reps; i++)); do
		if ! line=$("$raw" "$@" -a "$BN_A" -i va -b "$BN_B" -j vb -t 60); then
			echo "update_bench: raw_pair $* did not complete: $line" >&2
			exit 1
		fi
		t=$(kv elapsed_ms "$line")
		if [[ -z $best ]] || awk -v t="$t" -v b="$(kv elapsed_ms "$best")" 'BEGIN { exit !(t < b) }'; then
			best=$line
		fi
	done
	echo "$best"
}

# start_responder MODE FILE COUNT: starts the responder in ns A and waits until it has served one
# whole dump of COUNT entries to a plain request from ns B, so that it is loaded and idle when
# the update is timed.
start_responder() {
	ip netns exec "$BN_A" "${BN_AS[@]}" respond -i va -p ip --routes "$2" --mode "$1" \
		>"$work/respond.out" 2>"$work/respond.err" &
	resp_pid=$!
	bn_track "$resp_pid"
	sleep 0.2
	bn_alive "$resp_pid" "autostatic respond" "$work/respond.err" || exit 1
	local probe
	if ! probe=$(ip netns exec "$BN_B" "$dc" -s 192.0.2.1 -a 192.0.2.2 -n "$3" -d 120 -c 1 \
		-w 60000 | tail -1); then
		echo "update_bench: the responder did not serve a whole table of $3 routes within 120 s:" >&2
		echo "$probe" >&2
		cat "$work/respond.err" >&2
		exit 1
	fi
}

stop_responder() {
	bn_stop "$resp_pid"
}

# update MODE: one update from ns B; the JSON's figures into U_* (the routes array is counted,
# not kept).
run_update() {
	local st=0
	ip netns exec "$BN_B" "${BN_AS[@]}" update -i vb -p ip -n 192.0.2.1 --mode "$1" \
		--timeout 5 --retries 3 --quiet-ms "$quiet" --json >"$work/update.json" \
		2>"$work/update.err" || st=$?
	if [[ ! -s $work/update.json ]]; then
		echo "update_bench: autostatic update --mode $1 printed no JSON (exit $st):" >&2
		cat "$work/update.err" >&2
		exit 1
	fi
	# jq 1.6 needs nearly a minute for a million routes; Python's json a second or two.
	local t
	t=$("$PY" - "$work/update.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
t = d.get("timing") or {}
m = d.get("memory") or {}
v = [d.get("status"), len(d.get("routes") or []), d.get("elapsed_ms"), t.get("first_reply_ms"),
     t.get("last_route_ms"), t.get("done_ms"), m.get("rtable_bytes"), m.get("bytes_per_route"),
     m.get("max_rss_kb"), d.get("requests_sent"), (d.get("counters") or {}).get("packets-accepted"),
     json.dumps(d.get("counters"), separators=(",", ":"))]
print("\t".join("null" if x is None else str(x) for x in v))
PYEOF
	)
	IFS=$'\t' read -r U_STATUS U_ROUTES U_ELAPSED U_FIRST U_LAST U_DONE U_RTBYTES U_BPR U_RSS \
		U_REQS U_PACKETS U_COUNTERS <<<"$t"
	U_EXIT=$st
}

declare -A S
missed=0

ip_modes=$modes
[[ " $protos " == *" ip "* ]] || ip_modes=""
for m in $ip_modes; do
	echo
	start_responder "$m" "$work/routes" "$routes"
	run_update "$m"
	stop_responder
	loss=$((routes - U_ROUTES))
	if [[ $m == request ]]; then
		# The floor: the responses served, 504 bytes of UDP payload (4 + 25 × 20), flooded.
		nf=$frames pl=504
	else
		# As many frames as Update Responses were accepted (one in flight, none lost: that is
		# what the responder sent), of its size: 4 + the RFC 2091 header 4 + 20 an entry.
		nf=$frames
		[[ $U_PACKETS =~ ^[1-9][0-9]*$ ]] && nf=$U_PACKETS
		pl=$((8 + 20 * ((U_ROUTES + nf - 1) / nf)))
	fi
	rawl=$(raw_best flood -n "$nf" -s "$pl")
	raw_ms=$(kv elapsed_ms "$rawl")
	echo "== $m mode: autostatic update <- autostatic respond, $routes routes"
	echo "  status $U_STATUS (exit $U_EXIT), routes received $U_ROUTES, lost $loss, requests sent $U_REQS"
	echo "  first reply $(f "$U_FIRST") ms, last route $(f "$U_LAST") ms, done $(f "$U_DONE") ms, elapsed $(f "$U_ELAPSED") ms"
	echo "  counters $U_COUNTERS"
	echo "  raw flood of $nf frames ($(kv frame_bytes "$rawl") bytes, sendmmsg(64) + QDISC_BYPASS -> TPACKET_V3): $(f "$raw_ms") ms ($(kv pps "$rawl") frames/s)"
	r=$(ratio "$U_LAST" "$raw_ms")
	ok=ok
	if [[ $m == triggered ]]; then
		if ((U_ROUTES != routes)); then
			echo "  triggered mode must deliver every route: $U_ROUTES of $routes MISSED"
			missed=1
		fi
		# One Update Response in flight (RFC 2091): the time to the last route is one round
		# trip a response, so the raw reference is nf raw ping-pongs of the same frames, and
		# "<= 2 x raw" applies to the round trip.
		per=$(awk -v t="$U_LAST" -v n="$nf" 'BEGIN { if (t == "null") print "-"; else printf "%.2f", t * 1000 / n }')
		ppl=$(raw_best pingpong -n "$pp_rounds" -s "$pl" -e 12)
		rtt=$(kv rtt_us "$ppl")
		pr=$(ratio "$per" "$rtt")
		raw_ref=$(awk -v r="$rtt" -v n="$nf" 'BEGIN { printf "%.1f", r * n / 1000 }')
		if [[ $pr == - ]] || ! awk -v r="$pr" 'BEGIN { exit !(r <= 2) }'; then
			ok=MISSED
			missed=1
		fi
		echo "  last route / raw flood = $r (for information: the flood has no acknowledgements)"
		echo "  per response (last route / $nf responses): $per us; raw ping-pong $pl B -> 12 B, $pp_rounds rounds: $rtt us"
		echo "  per-response round trip / raw ping-pong = $pr (target <= 2: $ok)"
		S[$m.per]=$per S[$m.rtt]=$rtt S[$m.rttratio]="$pr $ok" S[$m.ratio]="$r (information)"
	else
		raw_ref=$raw_ms
		if [[ $r == - ]] || ! awk -v r="$r" 'BEGIN { exit !(r <= 2) }'; then
			ok=MISSED
			missed=1
		fi
		echo "  last route / raw = $r (target <= 2: $ok)"
		S[$m.ratio]="$r $ok"
	fi
	target=$(awk -v r="$raw_ref" -v q="$quiet" 'BEGIN { printf "%.1f", 2 * r + q }')
	done_ok=ok
	if [[ $U_DONE == null ]] || ! awk -v d="$U_DONE" -v t="$target" 'BEGIN { exit !(d <= t) }'; then
		done_ok=MISSED
		missed=1
	fi
	echo "  done $(f "$U_DONE") ms against 2 x raw + quiet = $target ms ($done_ok; raw = $raw_ref ms$([[ $m == triggered ]] && echo ", $nf ping-pongs"))"
	S[$m.last]=$(f "$U_LAST") S[$m.done]=$(f "$U_DONE") S[$m.raw]=$(f "$raw_ms")
	S[$m.routes]=$U_ROUTES S[$m.loss]=$loss S[$m.target]=$target S[$m.done_ok]=$done_ok
	# Memory figures from the request-mode update (fast to repeat for the text-mode figure;
	# per route received, so a loss does not bias them), else the first mode's.
	if [[ -z ${S[mem.mode]:-} || $m == request ]]; then
		S[mem.rtbytes]=$U_RTBYTES S[mem.bpr]=$U_BPR S[mem.rss]=$U_RSS S[mem.routes]=$U_ROUTES
		S[mem.mode]=$m
	fi
done

mem=0
# text_rss MODE: max RSS (kB, /usr/bin/time) of an update printing text to a file, and the
# routes it reports, into T_RSS / T_ROUTES: the table without the JSON tree.
text_rss() {
	T_RSS=- T_ROUTES=-
	[[ -x /usr/bin/time ]] || return 0
	ip netns exec "$BN_B" /usr/bin/time -o "$work/time" -f '%M' "${BN_AS[@]}" update -i vb \
		-p ip -n 192.0.2.1 --mode "$1" --timeout 5 --retries 3 --quiet-ms "$quiet" \
		>"$work/update.txt" 2>"$work/update.err" || true
	T_RSS=$(tail -1 "$work/time")
	T_ROUTES=$(sed -n 's/^update .*: [A-Z_]*, \([0-9]*\) routes in .*/\1/p' "$work/update.txt" | head -1)
	[[ -n $T_ROUTES ]] || T_ROUTES=-
}
per_route() {
	awk -v a="$1" -v b="$2" -v n="$3" \
		'BEGIN { if (a == "-" || b == "-" || n == "-" || n <= 1) print "-"; else printf "%.1f", (a - b) * 1024 / (n - 1) }'
}
# ---- RIPng and IPX: the same ratios (time to the last route against a raw flood of as many frames
# of the same size, measured now; triggered mode: per-response round trip against a raw ping-pong).
# raw_pair sends IPv4/UDP frames: its payload is chosen so that each frame has the bytes of ours
# (IPv6 header 20 bytes longer than IPv4; IPX header 30 bytes against IPv4 + UDP 28).
"$PY" - "$routes6" "$work/routes6" "$routesx" "$work/routesx" <<'PYEOF'
import sys
n6, p6, nx, px = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(p6, "w") as f:
    for k in range(n6):
        f.write("2001:db8:%x:%x::/64 %d\n" % (k >> 16, k & 0xFFFF, 1 + k % 14))
with open(px, "w") as f:
    for k in range(nx):
        f.write("%x %d\n" % (0x10000 + k, 1 + k % 15))
PYEOF
ll_a=fe80::ff:fe00:1   # bn_pair: va has 02:00:00:00:00:01
declare -A X
xp_done=""
for p in ipv6 ipx; do
	[[ " $protos " == *" $p "* ]] || continue
	if [[ $p == ipv6 ]]; then
		n=$routes6 rfile=$work/routes6 nbr=$ll_a extra=()
	else
		n=$routesx rfile=$work/routesx nbr=00001234.02:00:00:00:00:01
		extra=(--what routes --ipx-frame ethernet_ii)
	fi
	for m in $modes; do
		echo
		ropt=()
		[[ $p == ipx ]] && ropt=(--ipx-network 1234)
		ip netns exec "$BN_A" "${BN_AS[@]}" respond -i va -p "$p" --routes "$rfile" --mode "$m" \
			"${ropt[@]}" >"$work/respond.out" 2>"$work/respond.err" &
		resp_pid=$!
		bn_track "$resp_pid"
		sleep 0.3
		bn_alive "$resp_pid" "autostatic respond -p $p" "$work/respond.err" || exit 1
		# Warm up (the responder builds its packets on the first dump), then time one update.
		ip netns exec "$BN_B" "${BN_AS[@]}" update -i vb -p "$p" -n "$nbr" "${extra[@]}" \
			--quiet-ms 200 --timeout 5 -q >/dev/null 2>&1 || true
		st=0
		ip netns exec "$BN_B" "${BN_AS[@]}" update -i vb -p "$p" -n "$nbr" "${extra[@]}" \
			--mode "$m" --timeout 5 --retries 3 --quiet-ms "$quiet" --json >"$work/update.json" \
			2>"$work/update.err" || st=$?
		stop_responder
		t=$("$PY" - "$work/update.json" <<'PYEOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception:
    print("null\t0\tnull\tnull\tnull"); sys.exit(0)
t = d.get("timing") or {}
v = [d.get("status"), len(d.get("routes") or []), t.get("last_route_ms"), t.get("done_ms"),
     (d.get("counters") or {}).get("packets-accepted")]
print("\t".join("null" if x is None else str(x) for x in v))
PYEOF
		)
		IFS=$'\t' read -r U_STATUS U_ROUTES U_LAST U_DONE U_PACKETS <<<"$t"
		nf=1
		[[ $U_PACKETS =~ ^[1-9][0-9]*$ ]] && nf=$U_PACKETS
		per=$(((n + nf - 1) / nf))
		if [[ $p == ipv6 ]]; then
			body=$((4 + 20 * per)) pl=$((4 + 20 * per + 20))
			[[ $m == triggered ]] && pl=$((pl + 4))
		else
			body=$((2 + 8 * per)) pl=$((2 + 8 * per + 2))
			[[ $m == triggered ]] && pl=$((pl + 4))
		fi
		rawl=$(raw_best flood -n "$nf" -s "$pl")
		raw_ms=$(kv elapsed_ms "$rawl")
		echo "== $p $m mode: autostatic update <- autostatic respond, $n routes"
		echo "  status $U_STATUS (exit $st), routes received $U_ROUTES, $nf responses of ~$per entries"
		echo "  last route $(f "$U_LAST") ms, done $(f "$U_DONE") ms"
		echo "  raw flood of $nf frames of the same size ($(kv frame_bytes "$rawl") bytes): $(f "$raw_ms") ms"
		ok=ok
		if [[ $m == triggered ]]; then
			pr_per=$(awk -v t="$U_LAST" -v n="$nf" 'BEGIN { if (t == "null") print "-"; else printf "%.2f", t * 1000 / n }')
			ppl=$(raw_best pingpong -n "$pp_rounds" -s "$pl" -e 12)
			rtt=$(kv rtt_us "$ppl")
			r=$(ratio "$pr_per" "$rtt")
			echo "  per response $pr_per us; raw ping-pong $pl B -> 12 B: $rtt us"
			what="round trip / raw ping-pong"
		else
			r=$(ratio "$U_LAST" "$raw_ms")
			what="last route / raw"
		fi
		if [[ $r == - ]] || ! awk -v r="$r" 'BEGIN { exit !(r <= 2) }' || ((U_ROUTES != n)); then
			ok=MISSED
			missed=1
		fi
		echo "  $what = $r (target <= 2, every route: $ok)"
		X[$p.$m]="$U_ROUTES/$n routes, last route $(f "$U_LAST") ms, $what $r $ok"
		xp_done="$xp_done $p.$m"
	done
done

if [[ ${BENCH_MEMORY:-1} != 0 && -n ${S[mem.rss]:-} ]]; then
	echo
	mm=${S[mem.mode]}
	start_responder "$mm" "$work/routes" "$routes"
	text_rss "$mm"
	stop_responder
	S[mem.trss]=$T_RSS S[mem.troutes]=$T_ROUTES
	start_responder "$mm" "$work/one" 1
	run_update "$mm"
	text_rss "$mm"
	stop_responder
	mem=1
	S[mem.rss1]=$U_RSS S[mem.trss1]=$T_RSS
	S[mem.delta]=$(per_route "${S[mem.rss]}" "$U_RSS" "${S[mem.routes]}")
	S[mem.tdelta]=$(per_route "${S[mem.trss]}" "$T_RSS" "${S[mem.troutes]}")
	echo "== memory: update of ${S[mem.routes]} routes ($mm mode) against an update of 1 route"
	echo "  rtable_bytes ${S[mem.rtbytes]} = ${S[mem.bpr]} bytes/route"
	echo "  --json: max RSS ${S[mem.rss]} kB against $U_RSS kB: ${S[mem.delta]} bytes/route (the JSON tree included)"
	echo "  text:   max RSS ${S[mem.trss]} kB (${S[mem.troutes]} routes) against ${S[mem.trss1]} kB: ${S[mem.tdelta]} bytes/route"
fi

echo
echo "== summary ($routes routes; quiet period $quiet ms; targets: last route <= 2 x raw, done <= 2 x raw + quiet;"
echo "   triggered: raw = one raw ping-pong a response)"
for m in $ip_modes; do
	printf '  %-9s %-34s %s\n' "$m" "routes received / lost" "${S[$m.routes]} / ${S[$m.loss]}"
	printf '  %-9s %-34s %s ms\n' "$m" "time to last route" "${S[$m.last]}"
	printf '  %-9s %-34s %s ms (target <= %s ms: %s)\n' "$m" "time to done" "${S[$m.done]}" \
		"${S[$m.target]}" "${S[$m.done_ok]}"
	printf '  %-9s %-34s %s ms\n' "$m" "raw flood, same frames" "${S[$m.raw]}"
	printf '  %-9s %-34s %s\n' "$m" "last route / raw" "${S[$m.ratio]}"
	if [[ $m == triggered ]]; then
		printf '  %-9s %-34s %s us\n' "$m" "per-response round trip" "${S[$m.per]}"
		printf '  %-9s %-34s %s us\n' "$m" "raw ping-pong round trip" "${S[$m.rtt]}"
		printf '  %-9s %-34s %s\n' "$m" "round trip / raw ping-pong" "${S[$m.rttratio]}"
	fi
done
if ((mem)); then
	printf '  %-9s %-34s %s\n' memory "rtable bytes/route" "${S[mem.bpr]}"
	printf '  %-9s %-34s %s\n' memory "max RSS delta bytes/route, JSON" "${S[mem.delta]} (${S[mem.rss]} kB - ${S[mem.rss1]} kB)"
	printf '  %-9s %-34s %s\n' memory "max RSS delta bytes/route, text" "${S[mem.tdelta]} (${S[mem.trss]} kB - ${S[mem.trss1]} kB)"
fi
for k in $xp_done; do
	printf '  %-19s %s\n' "$k" "${X[$k]}"
done
echo
echo "Identical runs vary by 15-20 %: compare the ratios of one run, not absolute figures."
if [[ ${BENCH_STRICT:-0} != 0 && $missed != 0 ]]; then
	exit 1
fi
exit 0
