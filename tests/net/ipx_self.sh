#!/bin/sh
# ipx_self.sh - autostatic update -p ipx against autostatic respond -p ipx (Novell IPX RIP and SAP
# general requests, and their RFC 2091 triggered form) in the four Ethernet framings.
#
# 1000 networks (hops 1..15, ticks varied) and 200 services are served; in each framing (Ethernet
# II, raw 802.3, 802.2 LLC, SNAP) and each mode (request, triggered) the routes and services
# received must equal the files exactly: IPX hops and ticks are kept as advertised (no + 1). Also
# once without -n (the broadcast request; the responder is learned), and against a crafted
# responder whose hops-16 (unreachable) network and service must be left out. Checksum offload
# is irrelevant to IPX (no checksums); it stays on.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init ipx_self

A=asIpxSelfA$$ B=asIpxSelfB$$
net_pair "$A" "$B" on
routes=$net_tmp/ipx-routes.txt
services=$net_tmp/ipx-services.txt
net_ipx_routes "$routes" 1000 "$services" 200
nb=00001234.02:00:00:00:5e:02
fast="--timeout 1 --retries 3 --quiet-ms 250 --retransmit 0.3"

log=$net_tmp/resp.log
if net_responder_ipx "$B" vb "$log" --routes "$routes" --services "$services" \
	--ipx-network 1234 --mode triggered --retransmit 0.3 -v; then
	for frame in ethernet_ii 802.3 802.2 snap; do
		for mode in request triggered; do
			name=ipx-$frame-$mode
			# shellcheck disable=SC2086
			net_update "$A" "$net_tmp/$name" -i va -p ipx -n "$nb" --ipx-frame "$frame" \
				--mode "$mode" $fast
			if [ "$net_rc" -ne 0 ]; then
				net_failed "$name: exit $net_rc ($(cat "$net_tmp/$name.err"))"
				continue
			fi
			net_ipx_compare "$name (${net_ms} ms)" "$routes.exp" "$services.exp" \
				"$net_tmp/$name.json"
			[ "$(net_json_get "$net_tmp/$name.json" ipx_frame)" = "$frame" ] ||
				net_failed "$name: JSON ipx_frame is not $frame"
		done
	done
	# No -n: the general request is broadcast and the answering router becomes the neighbour.
	# shellcheck disable=SC2086
	net_update "$A" "$net_tmp/ipx-bcast" -i va -p ipx --what routes $fast
	if [ "$net_rc" -eq 0 ] && [ "$(net_json_get "$net_tmp/ipx-bcast.json" neighbour)" = "$nb" ]; then
		net_ipx_compare "ipx broadcast, --what routes" "$routes.exp" /dev/null "$net_tmp/ipx-bcast.json"
	else
		net_failed "ipx broadcast: exit $net_rc, neighbour $(net_json_get "$net_tmp/ipx-bcast.json" neighbour)"
	fi
	net_stop "$net_resp"
	grep 'done:' "$log"
fi

# Hops 16 means unreachable: a crafted responder (our file format refuses hops 16) answers with
# one reachable and one unreachable network, and one reachable and one unreachable service.
cat >"$net_tmp/crafted.py" <<'PY'
import socket, struct, time
ETH_IPX = 0x8137
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_IPX))
s.bind(("vb", ETH_IPX))
s.settimeout(0.2)
me = bytes.fromhex("020000005e02")
net = 0x1234

def ipx(dnet, dnode, dsock, ssock, data):
    # Checksum FFFF (none), length, transport control 0, packet type 4 (PEP); IPX header 30 bytes.
    return (struct.pack("!HHBB", 0xFFFF, 30 + len(data), 0, 4) + struct.pack("!I", dnet) + dnode +
            struct.pack("!H", dsock) + struct.pack("!I", net) + me + struct.pack("!H", ssock) + data)

end = time.time() + 30
while time.time() < end:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    if len(f) < 14 + 30 or f[6:12] == me:
        continue
    p = f[14:]
    snet, snode, ssock = struct.unpack("!I", p[18:22])[0], p[22:28], struct.unpack("!H", p[28:30])[0]
    dsock, body = struct.unpack("!H", p[16:18])[0], p[30:]
    if dsock == 0x453 and body[:2] == b"\x00\x01":
        data = struct.pack("!H", 2) + struct.pack("!IHH", 0xAAA1, 2, 3) + struct.pack("!IHH", 0xAAA2, 16, 5)
        s.send(f[6:12] + me + struct.pack("!H", ETH_IPX) + ipx(snet, snode, ssock, 0x453, data))
    elif dsock == 0x452 and body[:2] == b"\x00\x01":
        def svc(name, hops):
            return (struct.pack("!H", 4) + name.ljust(48, b"\0") + struct.pack("!I", 0xAAA1) +
                    bytes.fromhex("020000000007") + struct.pack("!HH", 0x451, hops))
        data = struct.pack("!H", 2) + svc(b"REACH", 3) + svc(b"GONE", 16)
        s.send(f[6:12] + me + struct.pack("!H", ETH_IPX) + ipx(snet, snode, ssock, 0x452, data))
PY
net_bg "$B" "$net_tmp/crafted.log" "$net_py" "$net_tmp/crafted.py"
crafted=$net_last
sleep 0.5
# shellcheck disable=SC2086
net_update "$A" "$net_tmp/ipx-hops16" -i va -p ipx -n "$nb" $fast
echo "0000aaa1 2 3" >"$net_tmp/h16.r.exp"
echo "0004 REACH 0000aaa1 02:00:00:00:00:07 0451 3" >"$net_tmp/h16.s.exp"
if [ "$net_rc" -eq 0 ]; then
	net_ipx_compare "hops 16 left out" "$net_tmp/h16.r.exp" "$net_tmp/h16.s.exp" \
		"$net_tmp/ipx-hops16.json"
else
	net_failed "hops 16: exit $net_rc ($(cat "$net_tmp/ipx-hops16.err")); crafted: $(cat "$net_tmp/crafted.log")"
fi
net_stop "$crafted"

net_done
