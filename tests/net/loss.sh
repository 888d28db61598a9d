#!/bin/sh
# loss.sh - RFC 2091 triggered updates under 30 % random loss in both directions: against our
# responder and against BIRD 2's demand circuit, the whole table must still arrive.
#
# Loss is an nftables netdev ingress rule on each veth end (PEERS.md: no netem in this kernel).
# Update Requests, Update Responses and acknowledgements are all lost at random, so the table
# arrives only if both sides retransmit correctly; the test prints how many retransmissions and
# drops it took. Checksum offload is on on both sides.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init loss bird birdc

A=asLossA$$ B=asLossB$$
net_pair "$A" "$B" on
routes=$net_tmp/routes.txt
net_routes "$routes" 1000
# ARP is lost too: the requester retries the neighbour's link address before each attempt.
net_loss "$A" va 30
net_loss "$B" vb 30

# BIRD resends an unacknowledged Update Response only once a second (fixed in 2.0.12) and keeps one
# in flight, and half the exchanges fail at 30 % loss each way: a smaller table keeps the run
# short (48 routes: two Update Responses). Silence comes only from failed exchanges (a response
# or its acknowledgement lost, each way 30 %: 0.51 per exchange), one a second: --quiet-ms 8000
# ends early only after eight failed exchanges in a row (0.51^8, about 1 in 200 per exchange).
net_routes "$net_tmp/bird-routes.txt" 48

# report NAME EXPECTED: one result and its retransmission figures.
report() {
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$1: exit $net_rc ($(cat "$net_tmp/$1.err"))"
		head -c 800 "$net_tmp/$1.json"; echo
		echo "counters: $(net_counters "$net_tmp/$1.json")"
		return
	fi
	net_compare "$1 (${net_ms} ms)" "$2" "$net_tmp/$1.json" 192.0.2.2
	echo "  $1: requests sent $(net_json_get "$net_tmp/$1.json" requests_sent)," \
		"retransmission counters $(net_counter_match "$net_tmp/$1.json" '(?i)retrans|resent|dup')," \
		"frames dropped by the loss rules so far: $(net_loss_count "$A") into A, $(net_loss_count "$B") into B"
}

loss_before=$(($(net_loss_count "$A") + $(net_loss_count "$B")))
log=$net_tmp/resp.log
# The responder resends every 0.1 s: about half of its 42 exchanges fail at this loss rate.
if net_responder "$B" vb "$routes" "$log" --mode triggered --retransmit 0.1 -v; then
	net_update "$A" "$net_tmp/self-loss" -i va -p ip -n 192.0.2.2 --mode triggered \
		--retransmit 0.2 --timeout 1 --retries 10 --quiet-ms 3000
	report self-loss "$routes.exp"
	net_stop "$net_resp"
	echo "  responder: $(grep 'done:' "$log")"
	resent=$(sed -n 's/.* \([0-9][0-9]*\) retransmissions.*/\1/p' "$log" | tail -1)
	# 30 % of ~40 responses and their acks lost: a responder that never resent cannot have
	# delivered the table.
	[ "${resent:-0}" -gt 0 ] || net_failed "self-loss: the responder reports no retransmission"
fi
loss_after=$(($(net_loss_count "$A") + $(net_loss_count "$B")))
[ "$loss_after" -gt "$loss_before" ] || net_failed "the loss rules dropped nothing"

conf=$net_tmp/bird.conf
net_bird_conf "$conf" "$net_tmp/bird-routes.txt" vb demand
if net_bird "$B" "$conf"; then
	net_update "$A" "$net_tmp/bird-loss" -i va -p ip -n 192.0.2.2 --mode triggered \
		--retransmit 1 --timeout 2 --retries 10 --quiet-ms 8000
	report bird-loss "$net_tmp/bird-routes.txt.exp"
	net_bird_stop
fi

net_done
