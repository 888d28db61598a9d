#!/bin/sh
# errors.sh - autostatic update's failures on a real interface (DESIGN.md "Admin API semantics",
# MPR.md): link down, no carrier, missing interface → ERROR_INTERFACE_NOT_CONNECTED; nobody
# answering → ERROR_CAN_NOT_COMPLETE within the retry budget, in both modes (RFC 2453, RFC 2091).
#
# Exit statuses come from the programs' own table (src/status.c, via lib.sh) and each message
# must name the status with its number, e.g. "ERROR_INTERFACE_NOT_CONNECTED (906)".
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init errors

A=asErrA$$ B=asErrB$$
net_pair "$A" "$B" on
e_nc=$(net_exit_of 906)
n_nc="$(net_name_of 906) (906)"
e_cnc=$(net_exit_of 1003)
n_cnc="$(net_name_of 1003) (1003)"

# expect NAME EXIT TEXT: the last update's exit status and that its output names TEXT.
expect() {
	if [ "$net_rc" -eq "$2" ] && cat "$net_tmp/$1.err" "$net_tmp/$1.json" | grep -qF "$3"; then
		net_ok "$1: exit $net_rc, \"$3\" ($(head -1 "$net_tmp/$1.err"))"
		return 0
	fi
	net_failed "$1: exit $net_rc (want $2), message must name $3"
	cat "$net_tmp/$1.err"
	head -c 600 "$net_tmp/$1.json"; echo
	return 1
}

# Nothing runs in B: no reply ever. The failure must come after the whole budget (timeout ×
# retries), not much later, and the request must have been retransmitted.
timeout=0.5 retries=3
budget_ms=1500 slack_ms=1000
for mode in request triggered; do
	net_update "$A" "$net_tmp/silent-$mode" -i va -p ip -n 192.0.2.2 --mode "$mode" \
		--timeout $timeout --retries $retries --retransmit 0.25 --quiet-ms 200
	expect "silent-$mode" "$e_cnc" "$n_cnc" || continue
	sent=$(net_json_get "$net_tmp/silent-$mode.json" requests_sent)
	if [ "$net_ms" -le $((budget_ms + slack_ms)) ] && [ "$net_ms" -ge $((budget_ms * 9 / 10)) ]; then
		net_ok "silent-$mode: gave up after $net_ms ms (budget $budget_ms ms), $sent requests sent"
	else
		net_failed "silent-$mode: gave up after $net_ms ms, budget $budget_ms ms (+$slack_ms)"
	fi
	[ "${sent:-0}" -ge $retries ] ||
		net_failed "silent-$mode: $sent requests sent, want at least $retries"
done

# The same without a neighbour: asked on 224.0.0.9, nobody answers either.
net_update "$A" "$net_tmp/silent-mcast" -i va -p ip --timeout 0.3 --retries 2 --quiet-ms 200
expect silent-mcast "$e_cnc" "$n_cnc"

# No carrier: the far end is down.
ip -n "$B" link set vb down
for _ in $(seq 1 30); do
	ip -n "$A" link show va | grep -q 'NO-CARRIER' && break
	sleep 0.1
done
net_update "$A" "$net_tmp/nocarrier" -i va -p ip -n 192.0.2.2 --timeout 0.3 --retries 1
expect nocarrier "$e_nc" "$n_nc"
ip -n "$B" link set vb up

# Link down here (administratively).
ip -n "$A" link set va down
for mode in request triggered; do
	net_update "$A" "$net_tmp/down-$mode" -i va -p ip -n 192.0.2.2 --mode "$mode" \
		--timeout 0.3 --retries 1
	expect "down-$mode" "$e_nc" "$n_nc"
done

# An interface that does not exist.
net_update "$A" "$net_tmp/missing" -i asnone0 -p ip -n 192.0.2.2 --timeout 0.3 --retries 1
expect missing "$e_nc" "$n_nc"

# A usage error is not an MPR status.
net_update "$A" "$net_tmp/usage" -i va -p ip --mode sideways
if [ "$net_rc" -eq 2 ]; then
	net_ok "usage: exit 2"
else
	net_failed "usage: --mode sideways exits $net_rc, want 2"
fi

net_done
