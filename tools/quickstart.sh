#!/bin/sh
# quickstart.sh - install the build dependencies, build autostatic (in _build-quick/), and run
# its main job on the embedded default: a real autostatic update over RIPv2.
#
# As root (or with password-less sudo) it makes two network namespaces joined by a veth pair,
# starts `autostatic respond` in one serving the bundled table doc/examples/routes.txt
# (1000 routes), and runs `autostatic update` in the other, first in RFC 2091 triggered mode,
# then in plain request mode. Without those privileges it replays the bundled capture of BIRD 2
# answering an RFC 2091 update (pcaps/bird/bird-demand-circuit.pcap) instead: same code, time
# and replies taken from the capture.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
tools/deps.sh build
[ -x configure ] || autoreconf -fi
mkdir -p _build-quick
cd _build-quick
[ -f Makefile ] || "$top/configure" --quiet
make -j"$(nproc)" --quiet src/cli/autostatic
as=$(pwd)/src/cli/autostatic

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo -n"
else
	echo "== not root and no password-less sudo: replaying BIRD's answer from a capture"
	echo "== autostatic update -p ip -n 192.0.2.1 --mode triggered --replay pcaps/bird/bird-demand-circuit.pcap"
	exec "$as" update -i va -p ip -n 192.0.2.1 --mode triggered \
		--replay "$top/pcaps/bird/bird-demand-circuit.pcap"
fi

a=asq-a-$$ b=asq-b-$$ rpid=""
cleanup() {
	[ -n "$rpid" ] && $sudo kill "$rpid" 2>/dev/null || true
	$sudo ip netns del "$a" 2>/dev/null || true
	$sudo ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
$sudo ip netns add "$a"
$sudo ip netns add "$b"
$sudo ip link add qa-$$ type veth peer name qb-$$
$sudo ip link set qa-$$ netns "$a" name va
$sudo ip link set qb-$$ netns "$b" name vb
$sudo ip -n "$a" link set va address 02:00:00:00:00:01
$sudo ip -n "$b" link set vb address 02:00:00:00:00:02
$sudo ip -n "$a" addr add 192.0.2.1/24 dev va
$sudo ip -n "$b" addr add 192.0.2.2/24 dev vb
for ns in "$a" "$b"; do $sudo ip -n "$ns" link set lo up; done
$sudo ip -n "$a" link set va up
$sudo ip -n "$b" link set vb up

echo "== namespace $b (192.0.2.2): autostatic respond -i vb -p ip --routes doc/examples/routes.txt --mode triggered"
$sudo ip netns exec "$b" "$as" respond -i vb -p ip --routes "$top/doc/examples/routes.txt" \
	--mode triggered --retransmit 0.5 --duration 60 &
rpid=$!
sleep 0.3

echo "== namespace $a (192.0.2.1): autostatic update -i va -p ip -n 192.0.2.2 --mode triggered"
$sudo ip netns exec "$a" "$as" update -i va -p ip -n 192.0.2.2 --mode triggered >update.txt
head -n 6 update.txt
echo "   ... ($(($(wc -l <update.txt) - 1)) routes in all, in _build-quick/update.txt)"

echo "== the same neighbour, plain whole-table request (RFC 2453), as JSON (first 300 bytes)"
$sudo ip netns exec "$a" "$as" update -i va -p ip -n 192.0.2.2 --mode request --json |
	head -c 300
echo " ..."
