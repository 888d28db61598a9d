#!/bin/sh
# capture.sh - autostatic update --write records a valid capture of the exchange (RFC 2453,
# RFC 2091), and --replay of that capture reproduces exactly the live run's route table.
#
# Live runs against our responder (request and triggered mode) and against BIRD 2's demand
# circuit. For each capture: `autostatic decode -r` finds every RIP packet valid; tshark reads
# it without errors and, for plain RIP (tshark cannot decode RFC 2091 bodies, see
# /work/shared/pcaps/MANIFEST.md), without malformed packets; `update --replay` with the same
# options and no network gives the same routes (prefix, metric, next hop, tag) as the live run.
# Checksum offload is off on the peer's side only, so the capture holds complete checksums from it.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init capture bird birdc
tshark=${TSHARK:-tshark}
command -v "$tshark" >/dev/null 2>&1 || net_skip "tshark is not installed"

A=asCapA$$ B=asCapB$$
net_pair "$A" "$B" B
routes=$net_tmp/routes.txt
net_routes "$routes" 1000

# routes_of JSON: the full route list, sorted, one "prefix metric next_hop tag" a line.
routes_of() {
	"$net_py" - "$1" <<'PY'
import sys, json
d = json.load(open(sys.argv[1]))
for l in sorted("%s %s %s %s" % (r["prefix"], r["metric"], r["next_hop"], r["tag"])
                for r in d.get("routes", [])):
    print(l)
PY
}

# check NAME MODE ARGS...: live update with --write, then the three checks on its capture.
check() {
	name=$1 mode=$2
	shift 2
	pcap=$net_tmp/$name.pcap
	net_update "$A" "$net_tmp/$name" -i va -p ip -n 192.0.2.2 --mode "$mode" --write "$pcap" "$@"
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$name: live update exits $net_rc ($(cat "$net_tmp/$name.err"))"
		return
	fi
	net_compare "$name live" "$routes.exp" "$net_tmp/$name.json" 192.0.2.2

	# Our decoder: every frame decoded, every RIP packet valid.
	"$net_bin" decode -r "$pcap" --json >"$net_tmp/$name.dec" 2>"$net_tmp/$name.sum"
	drc=$?
	"$net_py" - "$net_tmp/$name.dec" "$net_tmp/$name.sum" >"$net_tmp/$name.decchk" 2>&1 <<'PY'
import sys, json
pk = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
s = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])["summary"]
bad = [p for p in pk if not p.get("valid")]
print("%d packets, %d frames, %d valid, %d invalid, %d other" %
      (len(pk), s["frames"], s["valid"], s["invalid"], s["other"]))
for p in bad[:3]:
    print("invalid frame %s: %s" % (p.get("n"), p.get("error")))
ok = pk and not bad and s["invalid"] == 0 and s["rip"] == len(pk) and s["valid"] == len(pk)
sys.exit(0 if ok else 1)
PY
	pyrc=$?
	if [ "$drc" -eq 0 ] && [ "$pyrc" -eq 0 ]; then
		net_ok "$name: decode -r: $(cat "$net_tmp/$name.decchk")"
	else
		net_failed "$name: decode -r exits $drc: $(cat "$net_tmp/$name.decchk")"
		tail -3 "$net_tmp/$name.sum"
	fi

	# tshark reads the file; for plain RIP it finds nothing malformed and sees every packet.
	# (tshark warns on standard error when run as root; that line is not a reading error)
	"$tshark" -r "$pcap" >"$net_tmp/$name.tshark" 2>"$net_tmp/$name.tshark.err"
	trc=$?
	terr=$(grep -v '^Running as user' "$net_tmp/$name.tshark.err")
	if [ "$trc" -ne 0 ] || [ -n "$terr" ]; then
		net_failed "$name: tshark exits $trc reading the capture: $terr"
	elif [ "$mode" = request ]; then
		nbad=$("$tshark" -r "$pcap" -Y '_ws.malformed || _ws.expert.severity >= "error"' \
			2>/dev/null | wc -l)
		nrip=$("$tshark" -r "$pcap" -Y rip 2>/dev/null | wc -l)
		nours=$(wc -l <"$net_tmp/$name.dec")
		if [ "$nbad" -eq 0 ] && [ "$nrip" -eq "$nours" ]; then
			net_ok "$name: tshark: $nrip RIP packets, none malformed"
		else
			net_failed "$name: tshark: $nbad malformed/error, $nrip RIP packets (decode: $nours)"
		fi
	else
		net_ok "$name: tshark reads $(wc -l <"$net_tmp/$name.tshark") frames (RFC 2091 bodies not decoded)"
	fi

	# Offline, same options: the same table.
	net_update - "$net_tmp/$name-replay" -i va -p ip -n 192.0.2.2 --mode "$mode" --replay "$pcap" "$@"
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$name: replay exits $net_rc ($(cat "$net_tmp/$name-replay.err"))"
		return
	fi
	routes_of "$net_tmp/$name.json" >"$net_tmp/$name.live.rt"
	routes_of "$net_tmp/$name-replay.json" >"$net_tmp/$name.replay.rt"
	if cmp -s "$net_tmp/$name.live.rt" "$net_tmp/$name.replay.rt"; then
		net_ok "$name: replay gives the live table ($(wc -l <"$net_tmp/$name.replay.rt") routes)"
	else
		net_failed "$name: replay differs from the live run"
		diff "$net_tmp/$name.live.rt" "$net_tmp/$name.replay.rt" | head -6
		echo "replay counters: $(net_counters "$net_tmp/$name-replay.json")"
	fi
}

if net_responder "$B" vb "$routes" "$net_tmp/resp.log" --mode triggered --retransmit 0.3; then
	check self-request request --timeout 1 --retries 3 --quiet-ms 300
	check self-triggered triggered --timeout 1 --retries 3 --retransmit 0.3 --quiet-ms 300
	net_stop "$net_resp"
fi

conf=$net_tmp/bird.conf
net_bird_conf "$conf" "$routes" vb demand
if net_bird "$B" "$conf"; then
	check bird-triggered triggered --timeout 2 --retries 3 --retransmit 1 --quiet-ms 1000
	net_bird_stop
fi

net_done
