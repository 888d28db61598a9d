#!/bin/sh
# make_corpus.sh - regenerates the seed corpora fuzz/corpus/<target>/ from the bundled captures
# (pcaps/) and hand-made edge cases (every RFC 2091 command, every authentication type, every
# framing; see fuzz/pcap2corpus.c). Run it through `make fuzz-corpus`, which builds the tool:
#
#   fuzz/make_corpus.sh BUILDDIR/fuzz/pcap2corpus
#
# The generated seeds are replaced (synth-*, pcap-*); review `git status fuzz/corpus` and commit the result. Seeds are
# named <origin>-<content hash>, so an unchanged input keeps its name. Crash inputs never live
# here: they go to fuzz/regress/<target>/ and stay there.
set -eu

tool=${1:?usage: make_corpus.sh PATH/TO/pcap2corpus}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out="$here/corpus"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Captures in a stable order; pcapng files too (libpcap reads both).
find "$top/pcaps" -type f \( -name '*.pcap' -o -name '*.cap' -o -name '*.pcapng' \) |
	LC_ALL=C sort >"$tmp/list"
# shellcheck disable=SC2046 # one argument per capture; the paths hold no spaces
"$tool" "$tmp" $(cat "$tmp/list")

# Generated seeds are replaced; inputs merged from campaigns (afl-*, fuzz/merge_queue.sh) stay.
for t in rip ripng ipx frame rip_auth; do
	mkdir -p "$out/$t"
	find "$out/$t" -type f \( -name 'synth-*' -o -name 'pcap-*' \) -delete
	cp "$tmp/$t"/* "$out/$t"/
done
echo "corpus written to $out"
