#!/bin/sh
# ipx.sh - autostaticd's IPX transport against our IPX RIP/SAP responder: one update asks for the
# routes and the services (Novell IPX RIP general request, SAP general query), and the store then
# holds exactly the responder's networks and services, read back with `routes` and `services`;
# a SIGHUP to another framing (802.2) and the update again.
. "${top_srcdir:-.}/tests/daemon/lib.sh"
dmn_init daemon-ipx python3
A=asdxA$$ B=asdxB$$
net_pair "$A" "$B" off
routes=$net_tmp/ipx-routes.txt
services=$net_tmp/ipx-services.txt
net_ipx_routes "$routes" 200 "$services" 40
net_responder_ipx "$A" va "$net_tmp/resp.log" --routes "$routes" --services "$services" \
	--ipx-network 1234 || net_done
for frame in ethernet_ii 802.2; do
	DMN_TRANSPORTS=ipx dmn_conf_write "ipx.frame = $frame" "ipx.timeout = 1" "ipx.quiet-ms = 300"
	if [ "$frame" = ethernet_ii ]; then
		dmn_start "$B"
	else
		kill -HUP "$dmn_pid"
		for _ in $(seq 1 50); do
			grep -q 'configuration reloaded' "$net_tmp/daemon.log" && break
			sleep 0.1
		done
	fi
	dmn_expect "update vb ipx ($frame)" 0 "$B" update vb ipx
	"$net_bin" -s "$dmn_s" routes vb --json | "$net_py" -c '
import sys, json
rows = ["%s %d %d" % (r["network"], r["hops"], r["ticks"])
        for r in json.load(sys.stdin)["routes"] if r["transport"] == "ipx"]
print("\n".join(sorted(rows)))' >"$net_tmp/r.got"
	cmp -s "$net_tmp/r.got" "$routes.exp" && net_ok "$frame: the store holds the 200 IPX networks" ||
		net_failed "$frame: IPX routes differ: $(diff "$net_tmp/r.got" "$routes.exp" | head -4)"
	"$net_bin" -s "$dmn_s" services vb --json | "$net_py" -c '
import sys, json
rows = ["%04x %s %s %s %04x %d" % (s["type"], s["name"], s["network"], s["node"], s["socket"],
                                   s["hops"]) for s in json.load(sys.stdin)["services"]]
print("\n".join(sorted(rows)))' >"$net_tmp/s.got"
	cmp -s "$net_tmp/s.got" "$services.exp" && net_ok "$frame: the store holds the 40 services" ||
		net_failed "$frame: services differ: $(diff "$net_tmp/s.got" "$services.exp" | head -4)"
done
net_done
