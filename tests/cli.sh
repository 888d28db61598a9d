#!/bin/sh
# cli.sh - autostatic decode as a user meets it: exit statuses, one-line errors, numbering
# under a filter, -c, the summary.
set -u
bin="$top_builddir/src/cli/autostatic"
pc="$top_srcdir/pcaps"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0

check() { # NAME EXPECTED-STATUS PATTERN-IN-OUTPUT CMD...
	name=$1 want=$2 pat=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $name: exit $got, want $want"; cat "$tmp/err"; fails=$((fails + 1)); return
	fi
	if [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/out" "$tmp/err"; then
		echo "FAIL $name: no '$pat' in output"; cat "$tmp/out" "$tmp/err"; fails=$((fails + 1)); return
	fi
	echo "ok   $name"; passes=$((passes + 1))
}

check "help" 0 "Usage: autostatic decode" "$bin" decode --help
check "top-level help lists decode" 0 "decode" "$bin" --help
check "version" 0 "autostatic 0" "$bin" --version
check "unknown command" 2 "unknown command" "$bin" frobnicate
check "no source" 2 "exactly one of -r FILE or -i IFACE" "$bin" decode
check "both sources" 2 "exactly one of" "$bin" decode -r x -i y
check "bad count" 2 "positive count" "$bin" decode -r "$pc/tcpdump/ripv1v2.pcap" -c 0
check "bad key id" 2 "out of range" "$bin" decode -r "$pc/tcpdump/ripv1v2.pcap" -k md5:300:x
check "missing file" 1 "cannot read '$tmp/nope.pcap'" "$bin" decode -r "$tmp/nope.pcap"
printf 'this is not a capture\n' >"$tmp/text.pcap"
check "not a capture" 1 "cannot read" "$bin" decode -r "$tmp/text.pcap"
# A pcap of link type 147 (USER0), one 4-byte frame.
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\223\000\000\000\000\000\000\000\000\000\000\000\004\000\000\000\004\000\000\000abcd' >"$tmp/user0.pcap"
check "unsupported link type" 1 "unsupported link type 147" "$bin" decode -r "$tmp/user0.pcap"
check "bad filter" 1 "bad filter" "$bin" decode -r "$pc/tcpdump/ripv1v2.pcap" udp port banana

# Numbering counts every frame, also those a filter rejects: frame 4 stays frame 4.
check "filter keeps numbering" 0 '"n":4,' "$bin" decode --json -r "$pc/tcpdump/ripv1v2.pcap" dst host 224.0.0.9
[ "$(wc -l <"$tmp/out")" -eq 2 ] && echo "ok   filter selects 2 of 4" && passes=$((passes + 1)) ||
	{ echo "FAIL filter selects 2 of 4"; fails=$((fails + 1)); }
check "count" 0 "2 frames" "$bin" decode -c 2 -r "$pc/tcpdump/ripv1v2.pcap"
[ "$(grep -c RIPv "$tmp/out")" -eq 2 ] && echo "ok   -c 2 prints 2" && passes=$((passes + 1)) ||
	{ echo "FAIL -c 2 prints 2"; fails=$((fails + 1)); }
check "quiet prints only the summary" 0 "12 verified" "$bin" decode -q -r "$pc/tcpdump/ripv2_auth.pcap" -k abcdefghijklmnop -k abcdefghijklmnopqrstuvwxyz
[ ! -s "$tmp/out" ] && echo "ok   quiet stdout empty" && passes=$((passes + 1)) ||
	{ echo "FAIL quiet stdout empty"; fails=$((fails + 1)); }
check "wrong key fails verification" 0 '"verified":false' "$bin" decode --json -r "$pc/tcpdump/ripv2_auth.pcap" -k md5:45:wrong
check "wrong key counted" 0 '"rip-auth-failed":2' "$bin" decode --json -r "$pc/tcpdump/ripv2_auth.pcap" -k md5:45:wrong
check "stdin" 0 "4 frames" sh -c "\"$bin\" decode -r - < \"$pc/tcpdump/ripv1v2.pcap\""
check "other protocols counted" 0 "27 other" "$bin" decode -r "$pc/tcpdump/ipx.pcap"

check "options after the filter" 0 '"n":1,"ts":1795263483.372220,"proto":"ripng"' "$bin" decode -r "$pc/bird/bird-demand-circuit.pcap" ip6 -c 1 --json
check "ripng and ipx decoded" 0 "20 RIPng" "$bin" decode -q -r "$pc/isa-rip/ripng.pcap"
check "ipx framings" 0 '"framing":"snap"' "$bin" decode --json -r "$pc/wireshark-wiki/test1.pcap"
check "crash capture: ripng in ipv4, version 48" 0 '"ripng-bad-version"' "$bin" decode --json -r "$pc/tcpdump/hoobr_ripng_print.pcap"
check "crash capture: ipx length 29" 0 '"error":"ipx-length-short"' "$bin" decode --json -r "$pc/tcpdump/ipx-invalid-length.pcap"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
