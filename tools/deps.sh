#!/bin/sh
# deps.sh - install the Debian 12 packages autostatic needs.
#   tools/deps.sh build   to build and run autostatic
#   tools/deps.sh test    to build and run the whole test suite (adds tshark, tcpdump, ...)
#   tools/deps.sh bench   to run the benchmarks too (adds tcpreplay)
set -eu
build_pkgs="build-essential autoconf automake autoconf-archive libtool pkg-config
	libpcap-dev libssl-dev libnet1-dev libmnl-dev libjansson-dev libinih-dev"
test_pkgs="$build_pkgs libcmocka-dev tshark tcpdump python3 clang libclang-rt-14-dev
	iproute2 nftables ethtool bird2 frr util-linux"
bench_pkgs="$test_pkgs tcpreplay"

case "${1:-}" in
build) pkgs=$build_pkgs ;;
test) pkgs=$test_pkgs ;;
bench) pkgs=$bench_pkgs ;;
*) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
# Install only what is missing, so that a machine that has everything needs no network.
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps.sh: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing
fi
