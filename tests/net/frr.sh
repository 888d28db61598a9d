#!/bin/sh
# frr.sh - autostatic update against FRR ripd (RFC 2453 whole-table request; zebra + ripd as user
# frr) serving 1000 routes, in two network namespaces.
#
# ripd advertises its "route" lines with metric 1, so the table received must hold every prefix
# with metric 2 and ripd's address as next hop. The independent probe (lib.sh net_probe) must see
# the same table first. Checksum offload is off on ripd's side only: its checksums arrive complete
# while ours leave with offload on.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init frr vtysh

A=asFrrA$$ B=asFrrB$$
net_pair "$A" "$B" B
routes=$net_tmp/routes.txt
net_routes "$routes" 1000 fixed:1

t0=$(date +%s%N)
net_frr "$B" "$routes" vb || net_done
echo "ripd ready in $((($(date +%s%N) - t0) / 1000000)) ms"

n=$(net_probe "$A" 192.0.2.1 192.0.2.2 request "$net_tmp/probe.txt")
if cmp -s "$net_tmp/probe.txt" "$routes.exp"; then
	net_ok "probe: ripd serves the expected $n routes"
else
	net_failed "probe: ripd serves $n routes, not the expected table"
fi

net_update "$A" "$net_tmp/frr" -i va -p ip -n 192.0.2.2 --timeout 1 --retries 3 --quiet-ms 300
if [ "$net_rc" -ne 0 ]; then
	net_failed "frr-request: exit $net_rc ($(cat "$net_tmp/frr.err"))"
	head -c 800 "$net_tmp/frr.json"; echo
	echo "counters: $(net_counters "$net_tmp/frr.json")"
	tail -5 "$net_frr_dir/ripd.log"
else
	net_compare "frr-request (${net_ms} ms)" "$routes.exp" "$net_tmp/frr.json" 192.0.2.2
fi

# RIPv1 request: ripd (version 2 only) must not answer it, so the update ends with
# ERROR_CAN_NOT_COMPLETE rather than accepting anything else.
net_update "$A" "$net_tmp/frr-v1" -i va -p ip -n 192.0.2.2 --rip-version 1 --timeout 0.3 \
	--retries 2 --quiet-ms 200
rx=$(net_counter_match "$net_tmp/frr-v1.json" '^rx-frames$')
if [ "$net_rc" -eq "$(net_exit_of 1003)" ] && [ "$rx" -eq 0 ]; then
	net_ok "RIPv1 request to a version 2 ripd: no answer, $(net_name_of 1003)"
else
	net_failed "RIPv1 request to a version 2 ripd: exit $net_rc, $rx frames back ($(cat "$net_tmp/frr-v1.err"))"
	head -c 400 "$net_tmp/frr-v1.json"; echo
fi

net_frr_stop
net_done
