#!/bin/sh
# cli_replay.sh - `autostatic replay` as a user meets it: usage errors (exit 2, one line naming
# the problem), unreadable and non-capture files (exit 1), a missing interface and a lack of
# privilege (their MPR exit statuses, autostatic(1)), and the progress line: absent when
# standard error is not a terminal, present on a terminal (script(1)) unless --quiet.
set -u
bin="$top_builddir/src/cli/autostatic"
cap="$top_srcdir/pcaps/packetlife/RIPv2.cap"
command -v timeout >/dev/null 2>&1 || { echo "SKIP: timeout(1) not found"; exit 77; }
tmp=$(mktemp -d)
ns=""
cleanup() {
	[ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fails=0 passes=0
limit="timeout 60"
# Exit statuses of the MPR codes (autostatic(1), EXIT STATUS; src/status.c).
st_not_connected=4 st_access_denied=7

ok() { echo "ok   $1"; passes=$((passes + 1)); }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }

check() { # NAME EXPECTED-STATUS PATTERN-IN-OUTPUT CMD...
	name=$1 want=$2 pat=$3
	shift 3
	$limit "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "$name: exit $got, want $want"; cat "$tmp/out" "$tmp/err" | head -5; return
	fi
	if [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/out" "$tmp/err"; then
		bad "$name: no '$pat' in output"; cat "$tmp/out" "$tmp/err" | head -5; return
	fi
	ok "$name"
}

# usage: exit 2 and exactly one line on stderr
usage() { # NAME PATTERN ARGS...
	name=$1 pat=$2
	shift 2
	check "$name" 2 "$pat" "$bin" replay "$@"
	n=$(wc -l <"$tmp/err")
	[ "$n" -eq 1 ] || bad "$name: $n lines on stderr, want 1"
}
usage "no arguments" "-r FILE is required"
usage "no interface" "-i IFACE is required" -r "$cap"
usage "unknown option" "unknown option '--bogus'" -r "$cap" -i lo --bogus
usage "--pps not a number" "--pps needs a rate" -r "$cap" -i lo --pps fast
usage "--pps 0" "--pps needs a rate" -r "$cap" -i lo --pps 0
usage "--pps and --topspeed" "exclude each other" -r "$cap" -i lo --pps 10 --topspeed
usage "--loop -1" "--loop needs a positive count" -r "$cap" -i lo --loop -1
usage "--proto bad" "--proto needs ip, ipv6 or ipx" -r "$cap" -i lo --proto atalk
usage "--backend bad" "--backend needs afpacket or pcap" -r "$cap" -i lo --backend xdp
usage "stray argument" "unexpected argument 'extra'" -r "$cap" -i lo extra
check "--help" 0 "Usage: autostatic replay" "$bin" replay --help

check "missing file" 1 "cannot read '$tmp/none.pcap'" "$bin" replay -r "$tmp/none.pcap" -i lo
printf 'this is not a capture\n' >"$tmp/text.pcap"
check "not a capture" 1 "cannot read '$tmp/text.pcap'" "$bin" replay -r "$tmp/text.pcap" -i lo
check "missing interface" $st_not_connected "ERROR_INTERFACE_NOT_CONNECTED (906)" \
	"$bin" replay -r "$cap" -i nosuch$$

# Without CAP_NET_RAW on a real interface: as ourselves when not root, else as nobody.
if [ "$(id -u)" -ne 0 ]; then
	check "no privilege: ERROR_ACCESS_DENIED" $st_access_denied "ERROR_ACCESS_DENIED (5)" \
		"$bin" replay -r "$cap" -i lo
elif command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$bin" 2>/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$cap" 2>/dev/null; then
	check "no privilege (as nobody): ERROR_ACCESS_DENIED" $st_access_denied \
		"ERROR_ACCESS_DENIED (5)" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		--inh-caps=-all "$bin" replay -r "$cap" -i lo
else
	echo "skip no privilege: cannot run as nobody here"
fi

# The progress line needs a send that lasts (0.6 s: 600 frames at 1000/s) on an interface we
# own: the loopback of a namespace made here, so root only.
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null 2>&1 && ip netns add asrpc$$ 2>/dev/null; then
	ns=asrpc$$
	ip -n "$ns" link set lo up
	long="-r $cap -i lo --loop 50 --pps 1000"
	check "not a terminal: no progress" 0 "frames sent   600" \
		ip netns exec "$ns" "$bin" replay $long
	if grep -q "$(printf '\r')" "$tmp/err" || [ -s "$tmp/err" ]; then
		bad "progress written to a non-terminal stderr"; od -c "$tmp/err" | head -3
	else
		ok "stderr not a terminal: silent"
	fi
	if command -v script >/dev/null 2>&1; then
		check "terminal: progress" 0 "replay: .*frames" \
			script -qec "ip netns exec $ns $bin replay $long" /dev/null
		if grep -q "$(printf '\r')replay: " "$tmp/out"; then ok "terminal: line drawn with CR"
		else bad "terminal: no progress line"; od -c "$tmp/out" | head -5; fi
		check "terminal, --quiet: no progress" 0 "frames sent   600" \
			script -qec "ip netns exec $ns $bin replay -q $long" /dev/null
		if grep -q "$(printf '\r')replay: " "$tmp/out"; then bad "--quiet drew a progress line"
		else ok "terminal, --quiet: silent"; fi
	else
		echo "skip progress on a terminal: script(1) not found"
	fi
else
	echo "skip progress checks: need root for a namespace to send in"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
