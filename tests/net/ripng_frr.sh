#!/bin/sh
# ripng_frr.sh - autostatic update -p ipv6 against FRR ripngd (RFC 2080 whole-table Request)
# serving 1000 routes (zebra + ripngd as user frr, "route" lines, advertised with metric 1).
#
# ripngd answers with hop limit 64, not the 255 RFC 2080 2.4.2 asks of Responses. Our decision
# (src/ripng/ripng_update.c): a Response unicast to our link-local address from the asked
# neighbour's link-local address is accepted anyway and counted as "hop-limit-not-255". So the
# table must arrive whole (metric 1 -> 2, ripngd's link-local next hop) and that counter must count
# every packet. The independent requester (net_probe6) must see the same table first. Checksum
# offload is off on ripngd's side only.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init ripng_frr vtysh

A=asR6FrrA$$ B=asR6FrrB$$
net_pair "$A" "$B" B
routes=$net_tmp/routes6.txt
net_routes6 "$routes" 1000 fixed:1

if net_frr6 "$B" "$routes" vb; then
	n=$(net_probe6 "$A" va "$net_ll_a" "$net_ll_b" "$net_tmp/probe6.txt")
	if cmp -s "$net_tmp/probe6.txt" "$routes.exp"; then
		net_ok "probe: ripngd serves the expected $n routes"
	else
		net_failed "probe: ripngd serves $n routes, not the expected table"
		diff "$routes.exp" "$net_tmp/probe6.txt" | head -5
	fi
	net_update "$A" "$net_tmp/frr6" -i va -p ipv6 -n "$net_ll_b" --timeout 1 --retries 3 \
		--quiet-ms 500
	if [ "$net_rc" -ne 0 ]; then
		net_failed "frr6: exit $net_rc ($(cat "$net_tmp/frr6.err"))"
		echo "counters: $(net_counters "$net_tmp/frr6.json")"
	else
		net_compare "frr6 (${net_ms} ms)" "$routes.exp" "$net_tmp/frr6.json" "$net_ll_b"
		nh=$(net_counter_match "$net_tmp/frr6.json" '^hop-limit-not-255$')
		np=$(net_counter_match "$net_tmp/frr6.json" '^packets-accepted$')
		if [ "$np" -gt 0 ] && [ "$nh" -eq "$np" ]; then
			net_ok "frr6: all $np accepted packets counted hop-limit-not-255"
		else
			net_failed "frr6: hop-limit-not-255 = $nh, packets-accepted = $np"
		fi
	fi
	net_frr6_stop
fi

net_done
