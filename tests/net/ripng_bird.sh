#!/bin/sh
# ripng_bird.sh - autostatic update -p ipv6 against BIRD 2's RIPng (RFC 2080 whole-table Request;
# RFC 2091 demand circuit for the triggered mode) serving 1000 static IPv6 routes.
#
# The table received must equal what BIRD serves: each static route with its rip_metric (1..15),
# received with metric + 1 (the metric-15 ones reach 16 and are left out) and BIRD's link-local
# address as next hop. An independent requester (lib.sh net_probe6) sees the same table first, so
# a failure is ours, not the harness's. The triggered run starts at once, while BIRD's start-up
# multicast session on ff02::9 may still run (PEERS.md), then once more afterwards. Checksum
# offload stays on on BIRD's side.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init ripng_bird bird birdc

A=asR6BirdA$$ B=asR6BirdB$$
net_pair "$A" "$B" A
routes=$net_tmp/routes6.txt
net_routes6 "$routes" 1000
net_bird_proto=rip6
nall=$(grep -vc '^#' "$routes")

# result NAME: the comparison of one update against BIRD.
result() {
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$1: exit $net_rc ($(cat "$net_tmp/$1.err"))"
		head -c 800 "$net_tmp/$1.json"; echo
		echo "counters: $(net_counters "$net_tmp/$1.json")"
		return
	fi
	net_compare "$1 (${net_ms} ms)" "$routes.exp" "$net_tmp/$1.json" "$net_ll_b"
	# BIRD sends hop limit 255: nothing may have needed the FRR exception.
	nh=$(net_counter_match "$net_tmp/$1.json" '^hop-limit-not-255$')
	[ "$nh" -eq 0 ] || net_failed "$1: $nh packets counted hop-limit-not-255 from BIRD"
}

for mode in multicast demand; do
	conf=$net_tmp/bird6-$mode.conf
	net_bird_conf6 "$conf" "$routes" vb "$mode"
	net_bird "$B" "$conf" || continue
	if [ "$mode" = demand ]; then
		net_update "$A" "$net_tmp/bird6-triggered" -i va -p ipv6 -n "$net_ll_b" \
			--mode triggered --timeout 2 --retries 3 --retransmit 1 --quiet-ms 1000
		result bird6-triggered
		net_update "$A" "$net_tmp/bird6-triggered2" -i va -p ipv6 -n "$net_ll_b" \
			--mode triggered --timeout 2 --retries 3 --retransmit 1 --quiet-ms 1000
		result bird6-triggered2
	else
		n=$(net_probe6 "$A" va "$net_ll_a" "$net_ll_b" "$net_tmp/probe6.txt")
		if cmp -s "$net_tmp/probe6.txt" "$routes.exp"; then
			net_ok "probe: BIRD serves the expected table ($n entries)"
		else
			net_failed "probe: BIRD serves $n routes, not the expected table"
			diff "$routes.exp" "$net_tmp/probe6.txt" | head -5
		fi
		net_update "$A" "$net_tmp/bird6-request" -i va -p ipv6 -n "$net_ll_b" --mode request \
			--timeout 1 --retries 3 --quiet-ms 300
		result bird6-request
	fi
	birdc -s "$net_bird_ctl" show route count | grep -q "^$nall of $nall routes" ||
		net_failed "BIRD does not hold $nall routes"
	net_bird_stop
	[ "$net_fail" -eq 0 ] || tail -5 "$net_tmp/bird.log"
done

net_done
