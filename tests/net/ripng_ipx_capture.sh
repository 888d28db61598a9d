#!/bin/sh
# ripng_ipx_capture.sh - tshark decodes every RIPng (RFC 2080) and IPX RIP/SAP frame that autostatic
# sends, requester and responder, in request and RFC 2091 triggered mode, in the four IPX framings.
#
# Both ends are ours and both record (update --write, respond --write), so every frame in the
# captures was sent by autostatic. tshark must see each as RIPng, IPX RIP or IPX SAP with its UDP
# checksum verified good (RIPng; offload is off on both sides so the frames carry complete
# checksums) and:
#  - plain requests and responses (RIPng commands 1, 2; IPX RIP 1, 2; SAP 1..4): no expert item at
#    all, no malformed mark;
#  - RFC 2091 frames (commands 9, 10, 11): tshark 3.x/4.0 has no dissector for these bodies
#    (/work/shared/pcaps/MANIFEST.md): it names the unknown command and stops with exactly one
#    "Malformed Packet (Exception occurred)" on the RIPng / IPX RIP / SAP layer. What is checked
#    there is everything below that layer (Ethernet, 802.2/SNAP, IPv6, UDP length and checksum, the
#    IPX header and its length) with no expert item, and the command number; the bodies themselves
#    are checked by `autostatic decode` (valid, not skipped) as the next best.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init ripng_ipx_capture
tshark=${TSHARK:-tshark}
command -v "$tshark" >/dev/null 2>&1 || net_skip "tshark is not installed"

A=asR6IpxCapA$$ B=asR6IpxCapB$$
net_pair "$A" "$B" off
routes6=$net_tmp/routes6.txt
net_routes6 "$routes6" 300
routes=$net_tmp/ipx-routes.txt
services=$net_tmp/ipx-services.txt
net_ipx_routes "$routes" 300 "$services" 60
fast="--timeout 1 --retries 3 --quiet-ms 200 --retransmit 0.3"

# check_pcap NAME PCAP: the tshark and decode checks above on one capture.
check_pcap() {
	"$tshark" -o udp.check_checksum:TRUE -r "$2" -T fields -E occurrence=a -E aggregator=';' \
		-e frame.number -e frame.protocols -e ripng.cmd -e ipxrip.packet_type \
		-e ipxsap.packet_type -e udp.checksum.status -e _ws.expert.message -e _ws.malformed \
		>"$2.fields" 2>"$2.tserr"
	trc=$?
	if [ "$trc" -ne 0 ] || grep -v '^Running as user' "$2.tserr" | grep -q .; then
		net_failed "$1: tshark exits $trc: $(cat "$2.tserr")"
		return
	fi
	if "$net_py" - "$2.fields" >"$2.chk" 2>&1 <<'PY'
import sys
MALF = "Malformed Packet (Exception occurred)"
n = plain = trig = 0
bad = []
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    f += [""] * (8 - len(f))
    num, protos, rcmd, ripc, sapc, csum, expert, malformed = f[:8]
    n += 1
    layers = protos.split(":")
    cmd = rcmd or ripc or sapc
    if not cmd:
        bad.append("%s: not RIPng / IPX RIP / SAP (%s)" % (num, protos)); continue
    cmd = int(cmd.split(";")[0], 0)
    if rcmd and csum != "1":
        bad.append("%s: UDP checksum status %s, not good" % (num, csum or "missing"))
    msgs = [m for m in expert.split(";") if m]
    if cmd in (9, 10, 11):
        trig += 1
        # Only tshark giving up at the RFC 2091 body it does not know; nothing below it.
        if msgs and msgs != [MALF]:
            bad.append("%s: command %d: %s" % (num, cmd, msgs))
    else:
        plain += 1
        if msgs or malformed:
            bad.append("%s: command %d: %s %s" % (num, cmd, msgs, malformed))
print("%d frames: %d plain, all clean; %d RFC 2091 (bodies not decodable by tshark), layers "
      "below clean" % (n, plain, trig))
for b in bad[:5]:
    print("  " + b)
sys.exit(1 if bad or n == 0 else 0)
PY
	then
		net_ok "$1: tshark: $(cat "$2.chk")"
	else
		net_failed "$1: tshark: $(cat "$2.chk")"
	fi
	# Our own decoder on the same capture (it knows RFC 2091): every packet valid.
	"$net_bin" decode -q -r "$2" 2>"$2.sum" >/dev/null
	# The summary line: "N frames: N valid, 0 invalid (...), 0 other".
	sum=$(grep -E '^[0-9]+ frames: ' "$2.sum" | tail -1)
	nf=$(echo "$sum" | sed -n -E 's/^([0-9]+) frames: .*/\1/p')
	nv=$(echo "$sum" | sed -n -E 's/^[0-9]+ frames: ([0-9]+) valid, .*/\1/p')
	if [ -n "$nf" ] && [ "$nf" -gt 0 ] && [ "$nf" = "$nv" ] &&
		echo "$sum" | grep -q ' 0 invalid .* 0 other$'; then
		net_ok "$1: autostatic decode: $sum"
	else
		net_failed "$1: autostatic decode: $(tail -3 "$2.sum")"
	fi
}

# RIPng: one responder capture, one requester capture per mode.
if net_responder6 "$B" vb "$routes6" "$net_tmp/resp6.log" --mode triggered --retransmit 0.3 \
	--write "$net_tmp/resp6.pcap"; then
	for mode in request triggered; do
		# shellcheck disable=SC2086
		net_update "$A" "$net_tmp/ripng-$mode" -i va -p ipv6 -n "$net_ll_b" --mode "$mode" \
			--write "$net_tmp/ripng-$mode.pcap" $fast
		if [ "$net_rc" -eq 0 ]; then
			net_compare "ripng-$mode live" "$routes6.exp" "$net_tmp/ripng-$mode.json" "$net_ll_b"
			check_pcap "ripng-$mode requester" "$net_tmp/ripng-$mode.pcap"
		else
			net_failed "ripng-$mode: exit $net_rc ($(cat "$net_tmp/ripng-$mode.err"))"
		fi
	done
	net_stop "$net_resp"
	check_pcap "ripng responder" "$net_tmp/resp6.pcap"
fi

# IPX: the four framings, both modes; the responder answers in the framing of each request.
if net_responder_ipx "$B" vb "$net_tmp/respx.log" --routes "$routes" --services "$services" \
	--ipx-network 1234 --mode triggered --retransmit 0.3 --write "$net_tmp/respx.pcap"; then
	for frame in ethernet_ii 802.3 802.2 snap; do
		for mode in request triggered; do
			name=ipx-$frame-$mode
			# shellcheck disable=SC2086
			net_update "$A" "$net_tmp/$name" -i va -p ipx -n 00001234.02:00:00:00:5e:02 \
				--ipx-frame "$frame" --mode "$mode" --write "$net_tmp/$name.pcap" $fast
			if [ "$net_rc" -eq 0 ]; then
				check_pcap "$name requester" "$net_tmp/$name.pcap"
			else
				net_failed "$name: exit $net_rc ($(cat "$net_tmp/$name.err"))"
			fi
		done
	done
	net_stop "$net_resp"
	check_pcap "ipx responder (all framings)" "$net_tmp/respx.pcap"
fi

net_done
