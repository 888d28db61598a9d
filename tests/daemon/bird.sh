#!/bin/sh
# bird.sh - autostaticd against BIRD 2 in two namespaces: the daemon asks BIRD for its 300 static
# routes with a whole-table Request (RFC 2453) and, after a SIGHUP to ip.mode = triggered, with an
# RFC 2091 Update Request to a demand circuit; each time the store holds exactly BIRD's table
# (metric + 1) and the kernel has it (proto 157).
. "${top_srcdir:-.}/tests/daemon/lib.sh"
dmn_init daemon-bird bird birdc python3
A=asdbA$$ B=asdbB$$
net_pair "$A" "$B" off
net_routes "$net_tmp/r.txt" 300
for mode in multicast demand; do
	conf=$net_tmp/bird-$mode.conf
	net_bird_conf "$conf" "$net_tmp/r.txt" va "$mode"
	net_bird "$A" "$conf" || net_done
	if [ "$mode" = multicast ]; then
		DMN_TRANSPORTS=ip DMN_TIMEOUT=2 DMN_RETRIES=3 dmn_conf_write "install = yes" \
			"ip.quiet-ms = 500"
		dmn_start "$B"
	else
		DMN_TRANSPORTS=ip DMN_TIMEOUT=2 DMN_RETRIES=3 dmn_conf_write "install = yes" \
			"ip.quiet-ms = 1000" "ip.mode = triggered" "ip.retransmit = 1"
		kill -HUP "$dmn_pid"
		for _ in $(seq 1 50); do
			grep -q 'configuration reloaded' "$net_tmp/daemon.log" && break
			sleep 0.1
		done
	fi
	dmn_expect "update from BIRD ($mode)" 0 "$B" update vb ip
	dmn_routes_sorted "$net_tmp/got-$mode" && cmp -s "$net_tmp/got-$mode" "$net_tmp/r.txt.exp" &&
		net_ok "$mode: the store holds BIRD's 300 routes" ||
		net_failed "$mode: store differs: $(diff "$net_tmp/got-$mode" "$net_tmp/r.txt.exp" | head -4)"
	k=$(ip -n "$B" route show proto 157 | wc -l)
	[ "$k" -eq 300 ] && net_ok "$mode: 300 kernel routes" || net_failed "$mode: $k kernel routes"
	net_stop "$net_bird_pid"
done
net_done
