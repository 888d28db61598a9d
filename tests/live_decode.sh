#!/bin/sh
# live_decode.sh - `autostatic decode -i` on a live interface: a veth pair between two network
# namespaces made here (documentation addresses only), a RIPv2 response sent across, decoded.
set -u
bin="$top_builddir/src/cli/autostatic"
py=${PYTHON3:-/usr/bin/python3}
if [ "$(id -u)" -ne 0 ]; then echo "SKIP: live capture needs root (CI runs as root)"; exit 77; fi
command -v ip >/dev/null || { echo "SKIP: iproute2 missing"; exit 77; }
[ -x "$py" ] || py=python3

a=asdecA$$ b=asdecB$$ tmp=$(mktemp -d)
cleanup() {
	[ -n "${dec:-}" ] && kill "$dec" 2>/dev/null
	ip netns del "$a" 2>/dev/null
	ip netns del "$b" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ip netns add "$a" && ip netns add "$b" || { echo "SKIP: cannot create namespaces"; exit 77; }
ip -n "$a" link add va type veth peer name vb netns "$b" || { echo "FAIL: veth"; exit 1; }
ip -n "$a" addr add 192.0.2.1/24 dev va && ip -n "$b" addr add 192.0.2.2/24 dev vb
ip -n "$a" link set va up && ip -n "$b" link set vb up
ip -n "$a" link set lo up && ip -n "$b" link set lo up

ip netns exec "$b" timeout 20 "$bin" decode -i vb -c 1 --json udp port 520 >"$tmp/out" 2>"$tmp/err" &
dec=$!
# Send until the decoder has its packet: at most 40 tries, 0.25 s apart.
ip netns exec "$a" "$py" - "$dec" <<'PY'
import os, socket, struct, sys, time
pid = int(sys.argv[1])
rte = struct.pack("!HHIIII", 2, 7, 0xC6120000, 0xFFFFFF00, 0, 3)  # 198.18.0.0/24 tag 7 metric 3
pkt = struct.pack("!BBH", 2, 2, 0) + rte
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.1", 520))
for _ in range(40):
    s.sendto(pkt, ("192.0.2.2", 520))
    time.sleep(0.25)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        break
PY
wait "$dec"
rc=$?
dec=""
cat "$tmp/err"
if [ "$rc" -ne 0 ]; then echo "FAIL: decode -i exited $rc"; cat "$tmp/out"; exit 1; fi
out=$(cat "$tmp/out")
echo "$out"
for want in '"proto":"rip"' '"src":"192.0.2.1"' '"valid":true' '"command":"response"' \
	'"prefix":"198.18.0.0/24"' '"tag":7' '"metric":3'; do
	case $out in *"$want"*) ;; *) echo "FAIL: no $want"; exit 1 ;; esac
done
case $out in *'"udp_checksum":"good"'* | *'"udp_checksum":"offload"'*) ;;
*) echo "FAIL: checksum status"; exit 1 ;; esac
echo "1 passed, 0 failed"
