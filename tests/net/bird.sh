#!/bin/sh
# bird.sh - autostatic update against BIRD 2 (RFC 2453 whole-table request; RFC 2091 demand
# circuit for the triggered mode) serving 1000 static routes, in two network namespaces.
#
# The table received must equal what BIRD serves: each static route with its rip_metric, received
# with metric + 1 and BIRD's address as next hop. The independent probe (lib.sh net_probe) must
# see the same table first, so a failure here is ours, not the harness's. The triggered run starts
# right after BIRD is up, while BIRD's own start-up multicast session is still running (PEERS.md):
# the requester must acknowledge those multicast Update Responses and still get its table.
# Checksum offload stays on on BIRD's side: our receiver sees offloaded UDP checksums.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init bird bird birdc

A=asBirdA$$ B=asBirdB$$
net_pair "$A" "$B" A
routes=$net_tmp/routes.txt
net_routes "$routes" 1000

for mode in multicast demand; do
	conf=$net_tmp/bird-$mode.conf
	net_bird_conf "$conf" "$routes" vb "$mode"
	net_bird "$B" "$conf" || continue
	if [ "$mode" = demand ]; then
		# At once: BIRD is busy with its start-up multicast session now.
		net_update "$A" "$net_tmp/bird-triggered" -i va -p ip -n 192.0.2.2 --mode triggered \
			--timeout 2 --retries 3 --retransmit 1 --quiet-ms 1000
		name=bird-triggered
	else
		n=$(net_probe "$A" 192.0.2.1 192.0.2.2 request "$net_tmp/probe.txt")
		if cmp -s "$net_tmp/probe.txt" "$routes.exp"; then
			net_ok "probe: BIRD serves the expected $n routes"
		else
			net_failed "probe: BIRD serves $n routes, not the expected table"
		fi
		net_update "$A" "$net_tmp/bird-request" -i va -p ip -n 192.0.2.2 --mode request \
			--timeout 1 --retries 3 --quiet-ms 300
		name=bird-request
	fi
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$name: exit $net_rc ($(cat "$net_tmp/$name.err"))"
		head -c 800 "$net_tmp/$name.json"; echo
		echo "counters: $(net_counters "$net_tmp/$name.json")"
	else
		net_compare "$name (${net_ms} ms)" "$routes.exp" "$net_tmp/$name.json" 192.0.2.2
	fi
	# What BIRD itself holds must be what it was given (so "equal to BIRD's table" holds).
	birdc -s "$net_bird_ctl" show route count | grep -q '^1000 of 1000 routes' ||
		net_failed "BIRD does not hold 1000 routes"
	if [ "$mode" = demand ]; then
		# Then once more, after the start-up session: a plain triggered exchange.
		net_update "$A" "$net_tmp/bird-triggered2" -i va -p ip -n 192.0.2.2 --mode triggered \
			--timeout 2 --retries 3 --retransmit 1 --quiet-ms 1000
		if [ "$net_rc" -ne 0 ]; then
			net_failed "bird-triggered again: exit $net_rc ($(cat "$net_tmp/bird-triggered2.err"))"
		else
			net_compare "bird-triggered again (${net_ms} ms)" "$routes.exp" \
				"$net_tmp/bird-triggered2.json" 192.0.2.2
		fi
		# Demand circuit: a plain request is dropped by BIRD, so request mode must fail cleanly.
		net_update "$A" "$net_tmp/bird-plain" -i va -p ip -n 192.0.2.2 --mode request \
			--timeout 0.3 --retries 2 --quiet-ms 200
		if [ "$net_rc" -eq "$(net_exit_of 1003)" ]; then
			net_ok "plain request to a demand circuit: $(net_name_of 1003)"
		else
			net_failed "plain request to a demand circuit: exit $net_rc ($(cat "$net_tmp/bird-plain.err"))"
		fi
	fi
	net_bird_stop
	[ "$net_fail" -eq 0 ] || tail -5 "$net_tmp/bird.log"
done

net_done
