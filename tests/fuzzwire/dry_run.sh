#!/bin/sh
# dry_run.sh - `autostatic fuzz --dry-run` without privileges: for RIP, RIPng and IPX the same
# seed gives byte-identical packets, another seed different ones, and the pcap holds every packet
# the run reports (fuzz packets + probes, counted by `autostatic decode -r`); authenticated
# bases re-signed by the mutator verify (RFC 4822); usage errors exit 2.
set -u
bin=${top_builddir:-.}/src/cli/autostatic
[ -x "$bin" ] || { echo "SKIP: $bin not built"; exit 77; }
command -v tcpdump >/dev/null 2>&1 || { echo "SKIP: tcpdump not installed (compares packet bytes)"; exit 77; }
tmp=$(mktemp -d /tmp/asfuzz-dry.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
failed() { echo "FAIL: $*"; fail=$((fail + 1)); }

# The packet bytes of a capture, one packet per line, without timestamps.
bytes() { tcpdump -nn -t -xx -r "$1" 2>/dev/null; }

for p in ip ipv6 ipx; do
	case $p in
	ip) n=192.0.2.1 ;;
	ipv6) n=fe80::1 ;;
	ipx) n=0000abcd.02:00:00:00:00:01 ;;
	esac
	for run in a b; do
		timeout 60 "$bin" fuzz -i asfz-none0 -p "$p" -n "$n" --seed 1234 --count 1500 \
			--probe-every 100 --dry-run -q --write "$tmp/$p-$run.pcap" >"$tmp/$p-$run.out" \
			2>"$tmp/$p-$run.err" || failed "$p run $run: exit $? ($(cat "$tmp/$p-$run.err"))"
	done
	timeout 60 "$bin" fuzz -i asfz-none0 -p "$p" -n "$n" --seed 1235 --count 1500 --dry-run -q \
		--write "$tmp/$p-c.pcap" >/dev/null 2>&1 || failed "$p seed 1235: exit $?"
	bytes "$tmp/$p-a.pcap" >"$tmp/$p-a.hex"
	bytes "$tmp/$p-b.pcap" >"$tmp/$p-b.hex"
	bytes "$tmp/$p-c.pcap" >"$tmp/$p-c.hex"
	if [ -s "$tmp/$p-a.hex" ] && cmp -s "$tmp/$p-a.hex" "$tmp/$p-b.hex"; then
		echo "ok: $p: seed 1234 twice gives byte-identical packets"
	else
		failed "$p: seed 1234 twice gives different packets"
	fi
	cmp -s "$tmp/$p-a.hex" "$tmp/$p-c.hex" && failed "$p: seeds 1234 and 1235 give the same packets"
	# 1500 fuzz packets; a first probe, one after every 100 fuzz packets (14 more) and a final
	# one: 1516 packets.
	grep -q ': dry run: 1500 fuzz packets, 16 probes' "$tmp/$p-a.out" ||
		failed "$p: summary: $(cat "$tmp/$p-a.out")"
	"$bin" decode -q -r "$tmp/$p-a.pcap" >/dev/null 2>"$tmp/$p.dec"
	frames=$(sed -n 's/^\([0-9][0-9]*\) frames:.*/\1/p' "$tmp/$p.dec")
	if [ "$frames" = 1516 ]; then
		echo "ok: $p: the pcap holds all 1516 packets sent"
	else
		failed "$p: the pcap holds ${frames:-?} frames, not 1516: $(head -3 "$tmp/$p.dec")"
	fi
	# Structure-aware: most packets are still recognised as the protocol, many are invalid.
	valid=$(sed -n 's/^[0-9]* frames: \([0-9]*\) valid, \([0-9]*\) invalid.*/\1 \2/p' "$tmp/$p.dec")
	set -- $valid
	if [ "${1:-0}" -ge 150 ] && [ "${2:-0}" -ge 150 ]; then
		echo "ok: $p: $1 valid and $2 invalid packets"
	else
		failed "$p: valid/invalid mix ${valid:-?}: $(head -3 "$tmp/$p.dec")"
	fi
done

# Authenticated bases: re-signed packets verify with the key, broken ones do not. Seed 9 with
# 20000 packets once made the mutator move a trailer it had truncated (a negative memmove under
# ASan): it stays as a regression run.
timeout 120 "$bin" fuzz -i asfz-none0 -p ip -n 192.0.2.1 --auth sha256:3:secret --seed 9 \
	--count 20000 --dry-run -q --write "$tmp/auth.pcap" >/dev/null 2>"$tmp/auth.err" ||
	failed "auth run: exit $? ($(head -5 "$tmp/auth.err"))"
"$bin" decode -q -r "$tmp/auth.pcap" -k sha256:3:secret >/dev/null 2>"$tmp/auth.dec"
set -- $(sed -n 's/^ *authentication: \([0-9]*\) verified, \([0-9]*\) failed.*/\1 \2/p' "$tmp/auth.dec")
if [ "${1:-0}" -ge 1000 ] && [ "${2:-0}" -ge 1000 ]; then
	echo "ok: auth: $1 packets verify with the key, $2 fail"
else
	failed "auth: verified/failed ${1:-?} ${2:-?}: $(head -4 "$tmp/auth.dec")"
fi

# Usage errors.
for args in "-p ip --dry-run --write $tmp/x.pcap" "-i x -p ip --dry-run" "-i x -p atalk --dry-run --write $tmp/x.pcap" \
	"-i x -p ip --seed nope --dry-run --write $tmp/x.pcap" "-i x -p ipv6 -n 2001:db8::1 --dry-run --write $tmp/x.pcap"; do
	# shellcheck disable=SC2086
	"$bin" fuzz $args >/dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] || failed "fuzz $args: exit $rc, not 2"
done

[ "$fail" -eq 0 ] && echo "PASS: dry_run.sh"
[ "$fail" -eq 0 ]
