#!/bin/sh
# replay_live.sh - `autostatic replay` onto a live interface: a veth pair between two network
# namespaces made here; what arrives on the far end is counted by an nftables ingress counter
# and must equal what replay says it sent: --loop, --proto filtering, --pps pacing, both backends.
# Needs root (skips with 77 otherwise).
set -u
bin="$top_builddir/src/cli/autostatic"
pc="$top_srcdir/pcaps"
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: replay onto a veth needs root (CI runs as root)"; exit 77; fi
for t in ip nft mergecap timeout; do
	command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t not found"; exit 77; }
done

a=asrpA$$ b=asrpB$$ tmp=$(mktemp -d)
cleanup() {
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fails=0 passes=0
ok() { echo "ok   $1"; passes=$((passes + 1)); }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

ip netns add "$a" && ip netns add "$b" || { echo "SKIP: cannot create namespaces"; exit 77; }
# No IPv6 on the pair: the kernel's own ND and MLD frames would be counted with ours.
ip netns exec "$a" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec "$b" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$a" link add va type veth peer name vb netns "$b" || { echo "FAIL: veth"; exit 1; }
ip -n "$a" link set va up && ip -n "$b" link set vb up
ip netns exec "$b" nft -f - <<'NFT' || { echo "FAIL: nft"; exit 1; }
table netdev rp {
	counter rx { }
	chain in { type filter hook ingress device "vb" priority 0; policy accept; counter name rx; }
}
NFT
rx() { ip netns exec "$b" nft list counter netdev rp rx | sed -n 's/.*packets \([0-9]*\).*/\1/p'; }
reset() { ip netns exec "$b" nft reset counter netdev rp rx >/dev/null; }
field() { sed -n "s/.*\"$1\":\([0-9.eE+-]*\).*/\1/p" "$tmp/out"; }

# One capture of three protocols: 12 RIPv2, 20 RIPng, 64 IPX frames of which 37 RIP/SAP.
mix="$tmp/mix.pcap"
mergecap -F pcap -a -w "$mix" "$pc/packetlife/RIPv2.cap" "$pc/wireshark-wiki/ipv6-ripng.pcap" \
	"$pc/tcpdump/ipx.pcap" || { echo "FAIL: mergecap"; exit 1; }
total=$("$bin" decode -q -r "$mix" 2>&1 | sed -n '1s/^\([0-9]*\) frames.*/\1/p')
[ "$total" = 96 ] || { echo "FAIL: the merged capture has '$total' frames, not 96"; exit 1; }

# run NAME WANT-SENT ARGS...: replays onto va, compares replay's count and the receiver's.
run() {
	name=$1 want=$2
	shift 2
	reset
	if ! ip netns exec "$a" timeout 60 "$bin" replay -q --json -i va "$@" >"$tmp/out" 2>"$tmp/err"; then
		bad "$name: replay failed"; cat "$tmp/err"; return 1
	fi
	sent=$(field frames_sent) got=$(rx)
	if [ "$sent" != "$want" ] || [ "$got" != "$want" ]; then
		bad "$name: sent $sent, received $got, want $want"; cat "$tmp/out"; return 1
	fi
	ok "$name: $sent sent, $got received"
}

run "whole capture, --loop 3" 288 -r "$mix" --loop 3
run "--proto ip" 12 -r "$mix" --proto ip
run "--proto ipv6, --loop 2" 40 -r "$mix" --proto ipv6 --loop 2
run "--proto ipx" 37 -r "$mix" --proto ipx
run "--backend pcap" 96 -r "$mix" --backend pcap
if run "--pps 1000, 204 frames" 204 -r "$pc/packetlife/RIPv2.cap" --loop 17 --pps 1000; then
	el=$(field elapsed)
	echo "     204 frames at --pps 1000 took $el s (ideal 0.203 s)"
	if awk -v e="$el" 'BEGIN { exit !(e >= 0.1) }'; then ok "pacing: $el s >= 0.1 s"
	else bad "pacing: $el s, 204 frames at 1000 pps cannot take under 0.1 s"; fi
fi

# A frame over MTU + 14 is counted and skipped: shrink va's MTU under the RIPng frames' size.
ip -n "$a" link set va mtu 100
reset
ip netns exec "$a" timeout 60 "$bin" replay -q --json -i va -r "$mix" --proto ipv6 >"$tmp/out" 2>&1
big=$(sed -n 's/.*"too_big":\([0-9]*\).*/\1/p' "$tmp/out") sent=$(field frames_sent) got=$(rx)
# Some RIPng frames of the capture fit 100 + 14 bytes, most do not: every one is either sent
# (and arrives) or counted too big.
if [ -n "$big" ] && [ "$big" -gt 0 ] && [ $((big + sent)) -eq 20 ] && [ "$got" = "$sent" ]; then
	ok "oversized frames skipped: $big too big, $sent sent, $got received"
else
	bad "oversized: too_big $big, sent $sent, received $got"; cat "$tmp/out"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
