#!/bin/sh
# ripng_ipx_loss.sh - RFC 2091 triggered updates over RIPng and over IPX RIP/SAP under 30 % random
# loss in both directions: from our responder, the whole table must still arrive exactly.
#
# Loss is an nftables netdev ingress rule on each veth end (PEERS.md: no netem in this kernel):
# Update Requests, Update Responses, acknowledgements and neighbour discovery are all lost at
# random, so the table arrives only if both sides retransmit correctly. RIPng: 1000 routes; IPX:
# 1000 networks and 200 services (Ethernet II). Prints the retransmissions and drops it took.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init ripng_ipx_loss

A=asR6IpxLossA$$ B=asR6IpxLossB$$
net_pair "$A" "$B" on
routes6=$net_tmp/routes6.txt
net_routes6 "$routes6" 1000
routes=$net_tmp/ipx-routes.txt
services=$net_tmp/ipx-services.txt
net_ipx_routes "$routes" 1000 "$services" 200
net_loss "$A" va 30
net_loss "$B" vb 30
slow="--mode triggered --retransmit 0.2 --timeout 1 --retries 10 --quiet-ms 3000"

# figures NAME LOG: retransmissions of both sides; a responder that never resent cannot have
# delivered the table through 30 % loss.
figures() {
	echo "  $1: requests sent $(net_json_get "$net_tmp/$1.json" requests_sent)," \
		"requester retransmission/duplicate counters $(net_counter_match "$net_tmp/$1.json" '(?i)retrans|resent|dup')," \
		"dropped so far: $(net_loss_count "$A") into A, $(net_loss_count "$B") into B"
	echo "  responder: $(grep 'done:' "$2")"
	resent=$(sed -n 's/.* \([0-9][0-9]*\) retransmissions.*/\1/p' "$2" | tail -1)
	[ "${resent:-0}" -gt 0 ] || net_failed "$1: the responder reports no retransmission"
}

log=$net_tmp/resp6.log
if net_responder6 "$B" vb "$routes6" "$log" --mode triggered --retransmit 0.1 -v; then
	# shellcheck disable=SC2086
	net_update "$A" "$net_tmp/ripng-loss" -i va -p ipv6 -n "$net_ll_b" $slow
	if [ "$net_rc" -eq 0 ]; then
		net_compare "ripng-loss (${net_ms} ms)" "$routes6.exp" "$net_tmp/ripng-loss.json" "$net_ll_b"
	else
		net_failed "ripng-loss: exit $net_rc ($(cat "$net_tmp/ripng-loss.err"))"
		echo "counters: $(net_counters "$net_tmp/ripng-loss.json")"
	fi
	net_stop "$net_resp"
	figures ripng-loss "$log"
fi

log=$net_tmp/respx.log
if net_responder_ipx "$B" vb "$log" --routes "$routes" --services "$services" \
	--ipx-network 1234 --mode triggered --retransmit 0.1 -v; then
	# shellcheck disable=SC2086
	net_update "$A" "$net_tmp/ipx-loss" -i va -p ipx -n 00001234.02:00:00:00:5e:02 $slow
	if [ "$net_rc" -eq 0 ]; then
		net_ipx_compare "ipx-loss (${net_ms} ms)" "$routes.exp" "$services.exp" \
			"$net_tmp/ipx-loss.json"
	else
		net_failed "ipx-loss: exit $net_rc ($(cat "$net_tmp/ipx-loss.err"))"
		echo "counters: $(net_counters "$net_tmp/ipx-loss.json")"
	fi
	net_stop "$net_resp"
	figures ipx-loss "$log"
fi
[ "$(($(net_loss_count "$A") + $(net_loss_count "$B")))" -gt 0 ] ||
	net_failed "the loss rules dropped nothing"

net_done
