#!/bin/sh
# live_io.sh - the engine's live I/O between two network namespaces over a veth pair
# (documentation addresses only): AF_PACKET (TPACKET_V3, and TPACKET_V2 for low-latency
# channels) and libpcap channels receive every frame, accept
# frames whose checksum was left to offload, never see their own frames; neighbours resolve
# through our own ARP and Neighbour Solicitation; the port sink stops ICMP port unreachable;
# a down or missing interface gives ERROR_INTERFACE_NOT_CONNECTED (906).
set -u
probe="${top_builddir:-.}/tests/engine/io_probe"
py=/usr/bin/python3
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: live I/O needs root (CI runs as root)"; exit 77; fi
for t in ip tcpdump ethtool nft; do
	command -v "$t" >/dev/null || { echo "SKIP: $t missing"; exit 77; }
done
[ -x "$py" ] || py=python3
command -v "$py" >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
[ -x "$probe" ] || { echo "FAIL: $probe not built"; exit 1; }

a=asioA$$ b=asioB$$ tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	if [ -n "${KEEP_TMP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT INT TERM
if ! ip netns add "$a" || ! ip netns add "$b"; then echo "SKIP: cannot create namespaces"; exit 77; fi
for ns in "$a" "$b"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
ip -n "$a" link add va type veth peer name vb netns "$b" || { echo "FAIL: veth"; exit 1; }
ip -n "$a" link set va address 02:00:00:00:00:01
ip -n "$b" link set vb address 02:00:00:00:00:02
ip -n "$a" addr add 192.0.2.1/24 dev va && ip -n "$b" addr add 192.0.2.2/24 dev vb
ip -n "$a" link set va up && ip -n "$b" link set vb up
ip -n "$a" link set lo up && ip -n "$b" link set lo up
# A keeps transmit checksum offload ON: its kernel's UDP datagrams reach B's packet sockets with
# the checksum unfinished (TP_STATUS_CSUMNOTREADY). B has it off.
ip netns exec "$a" ethtool -K va tx on >/dev/null 2>&1
ip netns exec "$b" ethtool -K vb tx off >/dev/null 2>&1
# Carrier (IFF_RUNNING) follows link-up a moment later: wait for it, at most 50 x 0.1 s.
i=0
while [ $i -lt 50 ] && ! { ip -n "$a" link show va | grep -q LOWER_UP &&
	ip -n "$b" link show vb | grep -q LOWER_UP; }; do
	sleep 0.1
	i=$((i + 1))
done
# A second pair that stays down, for the 906 case.
ip -n "$a" link add vdown type veth peer name vdown2

fails=0
check() { # check DESCRIPTION TEST-EXPRESSION...
	d=$1; shift
	if "$@"; then echo "ok   - $d"; else echo "FAIL - $d"; fails=$((fails + 1)); fi
}
val() { sed -n "s/^$1=//p" "$2" | head -n 1; }
# wait_for FILE PATTERN: at most 100 x 0.1 s
wait_for() {
	i=0
	while [ $i -lt 100 ] && ! grep -q "$2" "$1" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	grep -q "$2" "$1" 2>/dev/null
}
# kernel_udp NS DST PORT COUNT: datagrams from the kernel's own UDP stack
kernel_udp() {
	ip netns exec "$1" "$py" - "$2" "$3" "$4" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[3])):
    payload = b"\x02\x02\x00\x00" + i.to_bytes(4, "big") + bytes(16)
    s.sendto(payload, (sys.argv[1], int(sys.argv[2])))
    time.sleep(0.002)
PY
}
# capture NS IFACE FILE FILTER: tcpdump in the background until stop_capture
capture() {
	ip netns exec "$1" tcpdump -i "$2" -nn -U --immediate-mode -w "$3" "$4" 2>"$3.err" &
	cap=$!
	pids="$pids $cap"
	wait_for "$3.err" "listening on" || echo "warning: tcpdump slow to start"
}
stop_capture() { sleep 0.5; kill -INT "$cap" 2>/dev/null; wait "$cap" 2>/dev/null; }
count_pkts() { tcpdump -nn -r "$1" 2>/dev/null | grep -c "$2"; }

N=${IO_FRAMES:-500} K=20
# afpacket-ll: AF_PACKET with low-latency channels (TPACKET_V2 ring instead of TPACKET_V3).
for bkl in afpacket afpacket-ll pcap; do
	bk=${bkl%-ll}
	ll=
	[ "$bkl" = afpacket-ll ] && ll=-l
	echo "# backend $bkl"
	# --- B receives N template frames from A's engine and K kernel datagrams -------------
	ip netns exec "$b" timeout 30 "$probe" -b "$bk" $ll recv vb 5555 $((N + K)) 8000 \
		>"$tmp/recv" 2>"$tmp/recv.err" &
	rp=$!
	pids="$pids $rp"
	# A listens too, on every protocol (only ETH_P_ALL sockets are shown outgoing frames): its
	# own frames, the kernel's and the engine's, must never show up.
	ip netns exec "$a" timeout 30 "$probe" -b "$bk" $ll recv va 5555 0 3000 all \
		>"$tmp/self" 2>"$tmp/self.err" &
	sp=$!
	pids="$pids $sp"
	wait_for "$tmp/recv" "^ready=1" || { cat "$tmp/recv.err"; echo "FAIL: receiver"; exit 1; }
	wait_for "$tmp/self" "^ready=1" || { cat "$tmp/self.err"; echo "FAIL: listener"; exit 1; }
	kernel_udp "$a" 192.0.2.2 5555 $K
	ip -n "$a" neigh flush dev va
	ip netns exec "$a" timeout 30 "$probe" -b "$bk" $ll send va 192.0.2.1 192.0.2.2 5555 "$N" \
		>"$tmp/send" 2>"$tmp/send.err"
	wait "$rp"
	wait "$sp"
	cat "$tmp/send.err" "$tmp/recv.err" "$tmp/self.err"
	sed 's/^/  recv: /' "$tmp/recv"
	check "$bkl: engine sent $N" [ "$(val sent "$tmp/send")" = "$N" ]
	check "$bkl: all $((N + K)) frames received" [ "$(val received "$tmp/recv")" = "$((N + K))" ]
	if [ "$bk" = afpacket ]; then
		# Only AF_PACKET tells TP_STATUS_CSUMNOTREADY; the core counts those frames.
		check "$bkl: the $K offloaded-checksum frames accepted and counted" \
			[ "$(val chan.udp-csum-offload "$tmp/recv")" = "$K" ]
		# The kernel's ring drops are always reported, 0 when the ring kept up.
		check "$bkl: ring drops counted, none" [ "$(val chan.rx-ring-drops "$tmp/recv")" = 0 ]
	fi
	check "$bkl: nothing bad counted" [ -z "$(val chan.udp-bad-checksum "$tmp/recv")" ]
	check "$bkl: sender saw none of its own frames" [ "$(val own "$tmp/send")" = 0 ]
	check "$bkl: listener beside the sender ran" [ "$(val received "$tmp/self")" = 0 ]
	check "$bkl: listener beside the sender saw none of its frames" \
		[ -z "$(val chan.rx-frames "$tmp/self")" ]
done

# --- neighbour resolution through our own ARP and ND (kernel tables flushed) --------------
ip -n "$a" neigh flush all
ip -n "$b" neigh flush all
capture "$b" vb "$tmp/nd.pcap" "arp or icmp6"
ip netns exec "$a" "$probe" neigh va 192.0.2.2 2000 >"$tmp/n4" 2>&1
ll6b=fe80::ff:fe00:2
ip -n "$a" neigh flush all
ip netns exec "$a" "$probe" neigh va $ll6b 2000 >"$tmp/n6" 2>&1
stop_capture
sed 's/^/  neigh4: /' "$tmp/n4"
sed 's/^/  neigh6: /' "$tmp/n6"
check "ARP resolves 192.0.2.2" [ "$(val mac "$tmp/n4")" = 02:00:00:00:00:02 ]
check "our ARP request on the wire" \
	[ "$(count_pkts "$tmp/nd.pcap" "Request who-has 192.0.2.2")" -ge 1 ]
check "ND resolves $ll6b" [ "$(val mac "$tmp/n6")" = 02:00:00:00:00:02 ]
check "our Neighbour Solicitation on the wire" \
	[ "$(count_pkts "$tmp/nd.pcap" "neighbor solicitation, who has $ll6b")" -ge 1 ]
if command -v tshark >/dev/null; then
	good='icmpv6.type == 135 && icmpv6.checksum.status == 1 && ipv6.hlim == 255'
	good="$good && icmpv6.opt.linkaddr == 02:00:00:00:00:01"
	ns_ok=$(tshark -r "$tmp/nd.pcap" -Y "$good" 2>/dev/null | wc -l)
	check "NS: good checksum, hop limit 255, source link-layer option" [ "$ns_ok" -ge 1 ]
fi
# The kernel table is read first: with ARP dropped on B, a known neighbour still resolves.
kernel_udp "$a" 192.0.2.2 5557 1 # the kernel resolves B for its own datagram
sleep 0.2
ip -n "$a" neigh show 192.0.2.2 dev va | sed 's/^/  kernel neighbour: /'
ip netns exec "$b" nft -f - <<'NFT' 2>/dev/null
table netdev noarp {
	chain ing {
		type filter hook ingress device "vb" priority 0; policy accept;
		meta protocol arp drop
	}
}
NFT
check "ARP dropped on B (nft)" ip netns exec "$b" nft list table netdev noarp >/dev/null
ip netns exec "$a" "$probe" neigh va 192.0.2.2 500 >"$tmp/nk" 2>&1
check "kernel neighbour table used" [ "$(val mac "$tmp/nk")" = 02:00:00:00:00:02 ]
ip netns exec "$a" "$probe" neigh va 192.0.2.99 500 >"$tmp/nx" 2>&1
check "unanswered address: ERROR_CAN_NOT_COMPLETE" [ "$(val status "$tmp/nx")" = 1003 ]

# --- ICMP port unreachable: sent without the sink, not with it ----------------------------
capture "$a" va "$tmp/icmp1.pcap" "icmp"
kernel_udp "$a" 192.0.2.2 5556 3
stop_capture
ip netns exec "$b" "$probe" sink vb 5556 4 >"$tmp/sink" 2>&1 &
kp=$!
pids="$pids $kp"
wait_for "$tmp/sink" "^sink=" || true
capture "$a" va "$tmp/icmp2.pcap" "icmp"
sleep 1.1 # past the ICMP rate limit of the first round
kernel_udp "$a" 192.0.2.2 5556 3
stop_capture
check "without the sink the peer gets port unreachable" \
	[ "$(count_pkts "$tmp/icmp1.pcap" "udp port 5556 unreachable")" -ge 1 ]
check "sink bound" [ "$(val sink "$tmp/sink")" = 1 ]
check "with the sink no port unreachable" \
	[ "$(count_pkts "$tmp/icmp2.pcap" "unreachable")" = 0 ]
ip netns exec "$b" "$probe" sink vb 5556 0 >"$tmp/sink2" 2>&1
check "a port someone holds: no second sink (-1)" [ "$(val sink "$tmp/sink2")" = -1 ]
kill "$kp" 2>/dev/null
wait "$kp" 2>/dev/null

# --- interfaces that cannot carry traffic ---------------------------------------------------
ip netns exec "$a" "$probe" open vdown >"$tmp/down" 2>&1
sed 's/^/  down: /' "$tmp/down"
check "down interface: ERROR_INTERFACE_NOT_CONNECTED (906)" [ "$(val status "$tmp/down")" = 906 ]
ip netns exec "$a" "$probe" open nosuch0 >"$tmp/none" 2>&1
check "missing interface: 906" [ "$(val status "$tmp/none")" = 906 ]
check "missing interface: message names it" grep -q "interface nosuch0 does not exist" "$tmp/none"

# Without CAP_NET_RAW: ERROR_ACCESS_DENIED (5) naming the capability (when nobody may run the
# probe from this build tree at all).
if command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$probe" 2>/dev/null; then
	ip netns exec "$a" setpriv --reuid=65534 --regid=65534 --clear-groups "$probe" open va \
		>"$tmp/priv" 2>&1
	check "no CAP_NET_RAW: ERROR_ACCESS_DENIED (5)" [ "$(val status "$tmp/priv")" = 5 ]
	check "no CAP_NET_RAW: message names it" grep -q CAP_NET_RAW "$tmp/priv"
else
	echo "note: privilege check skipped (nobody cannot run $probe)"
fi

[ $fails -eq 0 ] || { echo "FAIL: $fails check(s)"; exit 1; }
echo "PASS"
