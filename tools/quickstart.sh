#!/bin/sh
# quickstart.sh - install the build dependencies, build autostatic (in _build-quick/), and run
# its main job on the embedded default: decode and validate a bundled capture of RIPv2 with
# every authentication type, verifying the digests with the capture's keys (pcaps/MANIFEST.md).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
tools/deps.sh build
[ -x configure ] || autoreconf -fi
mkdir -p _build-quick
cd _build-quick
[ -f Makefile ] || "$top/configure" --quiet
make -j"$(nproc)" --quiet src/cli/autostatic
echo "== autostatic decode -r pcaps/tcpdump/ripv2_auth.pcap (keys from pcaps/MANIFEST.md)"
exec ./src/cli/autostatic decode -r "$top/pcaps/tcpdump/ripv2_auth.pcap" \
	-k simple:abcdefghijklmnop -k md5:45:abcdefghijklmnop -k abcdefghijklmnopqrstuvwxyz
