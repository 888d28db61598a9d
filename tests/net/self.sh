#!/bin/sh
# self.sh - autostatic update against autostatic respond (RFC 2453 whole-table requests, RFC 2091
# triggered updates, RFC 2082 / RFC 4822 authentication) over a veth pair between namespaces.
#
# 1000 routes with metrics 1..14 are served; for each authentication (none, simple, md5, sha1,
# sha256, sha384, sha512) and each mode the received table must equal the file: the same prefixes,
# metric + 1, next hop the responder's address. A wrong key must fail with ERROR_CAN_NOT_COMPLETE
# and be counted as an authentication failure. Transmit checksum offload stays on on both sides:
# every received UDP checksum is left to offload (TP_STATUS_CSUMNOTREADY).
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init self

A=asSelfA$$ B=asSelfB$$
net_pair "$A" "$B" on
routes=$net_tmp/routes.txt
net_routes "$routes" 1000
e_cnc=$(net_exit_of 1003)
fast="--timeout 1 --retries 3 --quiet-ms 250 --retransmit 0.3"

# check NAME MODE AUTH: one update against the running responder.
check() {
	# shellcheck disable=SC2086
	net_update "$A" "$net_tmp/$1" -i va -p ip -n 192.0.2.2 --mode "$2" --auth "$3" $fast
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$1: exit $net_rc ($(cat "$net_tmp/$1.err"))"
		head -c 800 "$net_tmp/$1.json"; echo
		return
	fi
	net_compare "$1 (${net_ms} ms)" "$routes.exp" "$net_tmp/$1.json" 192.0.2.2
}

# A responder in request mode only answers plain whole-table requests.
net_responder "$B" vb "$routes" "$net_tmp/resp-plain.log" --mode request -v &&
	check plain-request request none
net_stop "$net_resp"

for auth in none simple:hnet-pass md5:7:hnet-md5-key sha1:11:hnet-sha1-key \
	sha256:3:hnet-sha256-key sha384:200:hnet-sha384-key sha512:255:hnet-sha512-key; do
	alg=${auth%%:*}
	log=$net_tmp/resp-$alg.log
	if ! net_responder "$B" vb "$routes" "$log" --mode triggered --auth "$auth" \
		--retransmit 0.3 -v; then
		cat "$log"
		continue
	fi
	check "$alg-request" request "$auth"
	check "$alg-triggered" triggered "$auth"
	net_stop "$net_resp"
	grep 'done:' "$log"
done

# Wrong key, ours against ours: the responder refuses the request (and counts it), the update
# gets no valid reply within its budget.
log=$net_tmp/resp-wrong.log
if net_responder "$B" vb "$routes" "$log" --mode triggered --auth md5:7:right-key -v; then
	for mode in request triggered; do
		net_update "$A" "$net_tmp/wrong-$mode" -i va -p ip -n 192.0.2.2 --mode "$mode" \
			--auth md5:7:wrong-key --timeout 0.4 --retries 2 --retransmit 0.2 --quiet-ms 200
		if [ "$net_rc" -eq "$e_cnc" ] && grep -q "$(net_name_of 1003)" "$net_tmp/wrong-$mode.err" &&
			[ "$(net_json_get "$net_tmp/wrong-$mode.json" code)" = 1003 ]; then
			net_ok "wrong md5 key, $mode: exit $net_rc, $(net_name_of 1003)"
		else
			net_failed "wrong md5 key, $mode: exit $net_rc, want $e_cnc: $(cat "$net_tmp/wrong-$mode.err")"
		fi
	done
	net_stop "$net_resp"
	# Its counters (-v) must show the failed verifications.
	if grep -i 'auth' "$log" | grep -q '[1-9]'; then
		net_ok "responder counted the failed verifications: $(grep -i auth "$log" | tr -s ' ' | tr '\n' ';')"
	else
		net_failed "responder counted no authentication failure"
		cat "$log"
	fi
fi

# Wrong key, the other way round: a responder that signs with another password (a crafted one:
# ours would not answer a request it cannot verify). The update must drop each response, count
# it as an authentication failure, and end with ERROR_CAN_NOT_COMPLETE.
cat >"$net_tmp/crafted.py" <<'PY'
import socket, struct, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 520))
s.settimeout(0.2)
auth = struct.pack("!HH16s", 0xFFFF, 2, b"right-pass")
rte = struct.pack("!HHIIII", 2, 0, 0xC6120000, 0xFFFFFF00, 0, 1)
end = time.time() + 30
while time.time() < end:
    try:
        data, peer = s.recvfrom(2048)
    except socket.timeout:
        continue
    if len(data) >= 4 and data[0] in (1, 9):
        cmd = 2 if data[0] == 1 else 10
        hdr = struct.pack("!BBH", cmd, 2, 0) + (struct.pack("!BBH", 1, 1, 1) if cmd == 10 else b"")
        s.sendto(hdr + auth + rte, peer)
PY
net_bg "$B" "$net_tmp/crafted.log" "$net_py" "$net_tmp/crafted.py"
crafted=$net_last
sleep 0.3
net_update "$A" "$net_tmp/badsig" -i va -p ip -n 192.0.2.2 --auth simple:wrong-pass \
	--timeout 0.4 --retries 2 --quiet-ms 200
nauth=$(net_counter_match "$net_tmp/badsig.json" '(?i)auth')
if [ "$net_rc" -eq "$e_cnc" ] && [ "$nauth" -gt 0 ]; then
	net_ok "response signed with another password: exit $net_rc, $nauth auth counter(s): $(net_counters "$net_tmp/badsig.json")"
else
	net_failed "response signed with another password: exit $net_rc (want $e_cnc), auth counters $nauth"
	cat "$net_tmp/badsig.err"
	head -c 1000 "$net_tmp/badsig.json"; echo
fi
net_stop "$crafted"

net_done
