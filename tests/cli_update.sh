#!/bin/sh
# cli_update.sh - autostatic update and respond as a user meets them, without privileges: usage
# errors (exit 2, the option named), MPR statuses as exit statuses, an RFC 2091 update replayed
# from BIRD's capture as text and JSON, a replay with no answer, respond on a replayed request;
# IPv6 and IPX options; many sessions in one run (-n repeated, --neighbours) as text and JSON;
# the progress line (absent when stderr is no terminal; as root, shown under a pseudo-terminal).
set -u
bin="$top_builddir/src/cli/autostatic"
pc="$top_srcdir/pcaps"
py=${PYTHON3:-python3}
[ -n "$py" ] || py=python3
command -v "$py" >/dev/null 2>&1 || { echo "SKIP: $py not found (checks the JSON)"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "SKIP: timeout(1) not found"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
# Every run is bounded: a replay takes milliseconds; a hang is a failure, not a stuck suite.
limit="timeout 120"

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

# A usage error: exit 2, exactly one line on stderr, "autostatic CMD:" and the option named.
usage() { # NAME OPTION-WORD CMD...
	name=$1 word=$2
	shift 2
	check "$name" 2 "$word" "$@"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "^autostatic [a-z]*: .*$word" "$tmp/err" ||
		{ bad "$name: not one line naming $word"; cat "$tmp/err"; }
	[ -s "$tmp/out" ] && bad "$name: stdout not empty"
	return 0
}

# Exit statuses of the MPR codes (autostatic(1), EXIT STATUS).
st_can_not_complete=3 st_unknown_pid=6 st_access_denied=7

bird="$pc/bird/bird-demand-circuit.pcap"

check "top-level help lists update" 0 "update " "$bin" --help
check "top-level help lists respond" 0 "respond " "$bin" --help
check "update help" 0 "Usage: autostatic update" "$bin" update --help
check "respond help" 0 "Usage: autostatic respond" "$bin" respond --help
# The help lists every option the command takes.
for o in --interface --protocol --neighbour --mode --rip-version --auth --timeout --retries \
	--retransmit --quiet-ms --write --replay --backend --json --verbose --neighbours --summary \
	--quiet --ipx-frame --ipx-network --what; do
	"$bin" update --help | grep -q -- "$o" || bad "update help lists $o"
done
for o in --interface --protocol --routes --mode --rip-version --auth --retransmit --duration \
	--write --replay --backend --verbose --services --ipx-frame --ipx-network; do
	"$bin" respond --help | grep -q -- "$o" || bad "respond help lists $o"
done

usage "bad mode" --mode "$bin" update --replay "$bird" -p ip --mode fast
usage "bad rip version" --rip-version "$bin" update --replay "$bird" -p ip --rip-version 3
usage "auth: unknown algorithm" --auth "$bin" update --replay "$bird" -p ip --auth rot13:1:x
usage "auth: md5 without key id" --auth "$bin" update --replay "$bird" -p ip --auth md5:secret
usage "auth: key id 256" --auth "$bin" update --replay "$bird" -p ip --auth md5:256:secret
usage "auth: key id not a number" --auth "$bin" update --replay "$bird" -p ip --auth sha256:x1:secret
usage "auth: empty secret" --auth "$bin" update --replay "$bird" -p ip --auth sha1:1:
usage "auth: simple password of 17 bytes" --auth "$bin" update --replay "$bird" -p ip --auth simple:12345678901234567
usage "auth: md5 secret of 17 bytes" --auth "$bin" update --replay "$bird" -p ip --auth md5:1:12345678901234567
long129=$(printf '%0129d' 0)
usage "auth: sha512 secret of 129 bytes" --auth "$bin" update --replay "$bird" -p ip --auth "sha512:1:$long129"
usage "auth: bare algorithm" --auth "$bin" update --replay "$bird" -p ip --auth sha256
usage "auth with RIPv1" --auth "$bin" update --replay "$bird" -p ip --rip-version 1 --auth simple:pw
usage "auth with RIPv1 (respond)" --auth "$bin" respond --replay "$bird" -p ip --routes /dev/null --rip-version 1 --auth md5:1:pw
usage "negative timeout" --timeout "$bin" update --replay "$bird" -p ip --timeout -1
usage "zero timeout" --timeout "$bin" update --replay "$bird" -p ip --timeout 0
usage "garbage timeout" --timeout "$bin" update --replay "$bird" -p ip --timeout 2s
usage "inf timeout" --timeout "$bin" update --replay "$bird" -p ip --timeout inf
usage "garbage retransmit" --retransmit "$bin" update --replay "$bird" -p ip --retransmit 0x10
usage "retries 0" --retries "$bin" update --replay "$bird" -p ip --retries 0
usage "retries 1001" --retries "$bin" update --replay "$bird" -p ip --retries 1001
usage "quiet-ms 9" --quiet-ms "$bin" update --replay "$bird" -p ip --quiet-ms 9
usage "quiet-ms 600001" --quiet-ms "$bin" update --replay "$bird" -p ip --quiet-ms 600001
usage "negative duration" --duration "$bin" respond --replay "$bird" -p ip --routes /dev/null --duration -1
usage "missing -i without --replay" -i "$bin" update -p ip -n 192.0.2.1
usage "missing -p" -p "$bin" update --replay "$bird" -i va
usage "unknown -p word" -p "$bin" update --replay "$bird" -p banana
usage "neighbour not IPv4" -n "$bin" update --replay "$bird" -p ip -n 2001:db8::1
usage "neighbour garbage" -n "$bin" update --replay "$bird" -p ip -n 192.0.2
usage "bad backend" --backend "$bin" update -i lo -p ip --backend netmap
usage "unknown option" --frobnicate "$bin" update --replay "$bird" -p ip --frobnicate
usage "option of the other command" --json "$bin" respond --replay "$bird" -p ip --routes /dev/null --json
usage "missing argument" --timeout "$bin" update --replay "$bird" -p ip --timeout
usage "stray argument" stray "$bin" update --replay "$bird" -p ip stray
usage "respond without --routes" --routes "$bin" respond --replay "$bird" -p ip

# Known transports without a router manager, and unknown ids: ERROR_UNKNOWN_PROTOCOL_ID.
check "pid atalk (0x29)" $st_unknown_pid "ERROR_UNKNOWN_PROTOCOL_ID (902)" "$bin" update --replay "$bird" -p 0x29
check "pid nbf (63)" $st_unknown_pid "ERROR_UNKNOWN_PROTOCOL_ID (902)" "$bin" update --replay "$bird" -p 63
check "pid 0x99" $st_unknown_pid "ERROR_UNKNOWN_PROTOCOL_ID (902)" "$bin" update --replay "$bird" -p 0x99 --json
"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["status"]=="ERROR_UNKNOWN_PROTOCOL_ID" and o["code"]==902 and o["message"], o' \
	"$tmp/out" && ok "pid 0x99 as JSON" || bad "pid 0x99 as JSON"
check "respond pid atalk" $st_unknown_pid "ERROR_UNKNOWN_PROTOCOL_ID" "$bin" respond --replay "$bird" -p atalk --routes /dev/null
check "respond: missing route file" 1 "$tmp/nope.routes" "$bin" respond --replay "$bird" -p ip --routes "$tmp/nope.routes"

# RFC 2091 against BIRD's capture: the Update Responses to 192.0.2.2 carry 1000 routes.
check "triggered replay, JSON" 0 '"status":"NO_ERROR"' "$bin" update --replay "$bird" -i va -p ip -n 192.0.2.1 --mode triggered --json
cp "$tmp/out" "$tmp/trig.json"
"$py" - "$tmp/trig.json" <<'EOF' && ok "triggered replay: 1000 routes, schema" || bad "triggered replay: 1000 routes, schema"
import ipaddress, json, sys
text = open(sys.argv[1]).read()
assert text.endswith("}\n") and text.count("\n") == 1, "one object, one line"
o = json.loads(text)
assert o["status"] == "NO_ERROR" and o["code"] == 0 and o["message"] is None, o["status"]
assert (o["interface"], o["protocol"], o["mode"], o["neighbour"]) == ("va", "ip", "triggered", "192.0.2.1")
r = o["routes"]
assert len(r) == 1000, len(r)
net = ipaddress.ip_network("198.18.0.0/15")
assert len({x["prefix"] for x in r}) == 1000, "one entry per prefix"
for x in r:
    assert set(x) == {"prefix", "metric", "next_hop", "tag"}, x
    assert ipaddress.ip_network(x["prefix"]).subnet_of(net), x
    assert 1 <= x["metric"] <= 15, x
assert o["requests_sent"] >= 1
t = o["timing"]
assert t["first_reply_ms"] is not None and t["done_ms"] is not None
assert 0 <= t["first_reply_ms"] <= t["last_route_ms"] <= t["done_ms"], t
assert o["elapsed_ms"] >= t["last_route_ms"]
m = o["memory"]
assert m["rtable_bytes"] > 0 and m["bytes_per_route"] > 0 and m["max_rss_kb"] > 0, m
assert isinstance(o["counters"], dict) and all(isinstance(v, int) for v in o["counters"].values())
EOF
check "triggered replay, text" 0 "^update va ip neighbour 192.0.2.1: NO_ERROR, 1000 routes in [0-9.]* ms$" \
	"$bin" update --replay "$bird" -i va -p ip -n 192.0.2.1 --mode triggered
[ "$(grep -c '^198\.1[89]\.[0-9]*\.[0-9]*/[0-9]* metric [0-9]* next-hop [0-9.]* tag [0-9]*$' "$tmp/out")" -eq 1000 ] &&
	[ "$(wc -l <"$tmp/out")" -eq 1001 ] && ok "text: 1000 route lines" || bad "text: 1000 route lines"
# The text and the JSON name the same routes.
sed 1d "$tmp/out" | cut -d' ' -f1 | sort >"$tmp/text.prefixes"
"$py" -c 'import json,sys; print("\n".join(sorted(r["prefix"] for r in json.load(open(sys.argv[1]))["routes"])))' \
	"$tmp/trig.json" >"$tmp/json.prefixes"
cmp -s "$tmp/text.prefixes" "$tmp/json.prefixes" && ok "text and JSON agree" || bad "text and JSON agree"
check "triggered replay, -v progress" 0 "first reply" "$bin" update --replay "$bird" -i va -p ip -n 192.0.2.1 --mode triggered -v
grep -q "request sent" "$tmp/err" && grep -q "done: NO_ERROR, 1000 routes" "$tmp/err" &&
	ok "-v: request sent, done" || bad "-v: request sent, done"
check "-i is optional with --replay" 0 "^update replay ip neighbour 192.0.2.1: NO_ERROR" "$bin" update --replay "$bird" -p 0x21 -n 192.0.2.1 --mode triggered
check "--write records the exchange" 0 "NO_ERROR" "$bin" update --replay "$bird" -i va -p ip -n 192.0.2.1 --mode triggered --write "$tmp/rec.pcap"
check "the recording decodes" 0 "update-ack" "$bin" decode -r "$tmp/rec.pcap"

# A capture with no RIP in it: no valid reply within the retry budget.
start=$(date +%s)
check "no answer: ERROR_CAN_NOT_COMPLETE" $st_can_not_complete "^autostatic update: ERROR_CAN_NOT_COMPLETE (1003): " \
	"$bin" update --replay "$pc/tcpdump/ipx.pcap" -i va -p ip -n 192.0.2.1 --timeout 0.2 --retries 2
[ $(($(date +%s) - start)) -le 30 ] && ok "no answer: bounded time" || bad "no answer: bounded time"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "no answer: one line on stderr" || bad "no answer: one line on stderr"
grep -q "^update va ip neighbour 192.0.2.1: ERROR_CAN_NOT_COMPLETE (1003): " "$tmp/out" &&
	ok "no answer: text result" || bad "no answer: text result"
check "no answer, JSON" $st_can_not_complete "" \
	"$bin" update --replay "$pc/tcpdump/ipx.pcap" -i va -p ip -n 192.0.2.1 --timeout 0.2 --retries 2 --json
"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["status"]=="ERROR_CAN_NOT_COMPLETE" and o["code"]==1003 and o["message"] and o["routes"]==[] and o["requests_sent"]==2, o' \
	"$tmp/out" && ok "no answer as JSON: two requests" || bad "no answer as JSON: two requests"
check "missing capture" $st_can_not_complete "^autostatic update: ERROR_CAN_NOT_COMPLETE (1003): .*nope.pcap" \
	"$bin" update --replay "$tmp/nope.pcap" -p ip
[ "$(wc -l <"$tmp/err")" -eq 1 ] && ok "missing capture: one line" || bad "missing capture: one line"

# respond on a replayed capture: two whole-table Requests, answered (into the recording).
printf '# two routes\n198.18.0.0/24 1\n198.18.1.0/24 3\n' >"$tmp/r.routes"
check "respond replay" 0 "2 requests" "$bin" respond --replay "$pc/isa-rip/ripv2.pcap" -p ip --routes "$tmp/r.routes" --write "$tmp/resp.pcap"
check "respond's answers recorded" 0 "198.18.1.0/24 metric 3" "$bin" decode -r "$tmp/resp.pcap"
printf '198.18.0.0/24\n198.18.0.1/24\n' >"$tmp/r2.routes"
check "respond: route file error names the line" 1 "r2.routes:2" \
	"$bin" respond --replay "$bird" -p ip --routes "$tmp/r2.routes"

# IPv6: a RIPng neighbour is link-local (RFC 2080 2.4.2); RIPv2-only options are refused.
usage "ipv6: global neighbour" "RFC 2080" "$bin" update --replay "$bird" -p ipv6 -n 2001:db8::1
usage "ipv6: IPv4 neighbour" -n "$bin" update --replay "$bird" -p ipv6 -n 192.0.2.1
usage "ipv6: --auth" --auth "$bin" update --replay "$bird" -p ipv6 -n fe80::1 --auth md5:1:pw
usage "ipv6: --rip-version" --rip-version "$bin" update --replay "$bird" -p ipv6 --rip-version 2
printf 'va fe80::1\n2001:db8::2\n' >"$tmp/v6.nb"
usage "ipv6: global in --neighbours" "v6.nb:2: neighbour .*RFC 2080" "$bin" update --replay "$bird" -p ipv6 --neighbours "$tmp/v6.nb"
# IPX: framing, network number and what to ask; IPX options with another transport.
usage "ipx: bad frame" --ipx-frame "$bin" update --replay "$bird" -p ipx --ipx-frame ethernet
usage "ipx: network 0" --ipx-network "$bin" update --replay "$bird" -p ipx --ipx-network 0
usage "ipx: network ffffffff" --ipx-network "$bin" update --replay "$bird" -p ipx --ipx-network ffffffff
usage "ipx: network of 9 digits" --ipx-network "$bin" update --replay "$bird" -p ipx --ipx-network 123456789
usage "ipx: network not hex" --ipx-network "$bin" update --replay "$bird" -p ipx --ipx-network 12g4
usage "ipx: bad --what" --what "$bin" update --replay "$bird" -p ipx --what everything
usage "ipx: bad neighbour" -n "$bin" update --replay "$bird" -p ipx -n 0000abcd.02:00:00:00:00
usage "--ipx-frame with -p ip" --ipx-frame "$bin" update --replay "$bird" -p ip --ipx-frame snap
usage "--ipx-network with -p ipv6" --ipx-network "$bin" update --replay "$bird" -p ipv6 --ipx-network abcd
usage "--what with -p ip" --what "$bin" update --replay "$bird" -p ip --what routes
usage "--what is not a respond option" --what "$bin" respond --replay "$bird" -p ipx --services /dev/null --what routes
usage "--services with -p ip" --services "$bin" respond --replay "$bird" -p ip --routes /dev/null --services /dev/null
usage "--services is not an update option" --services "$bin" update --replay "$bird" -p ipx --services /dev/null
usage "respond ipx without files" "--routes FILE or --services FILE" "$bin" respond --replay "$bird" -p ipx
usage "respond: bad --ipx-frame" --ipx-frame "$bin" respond --replay "$bird" -p ipx --routes /dev/null --ipx-frame 802.5
# respond -p ipx reads IPX route and service files; a wrong line is named (exit 1).
printf 'abcd 2\n12345 3 7\nzz\n' >"$tmp/x.routes"
check "respond ipx: route file error names the line" 1 "x.routes:3: " \
	"$bin" respond --replay "$pc/tcpdump/ipx.pcap" -p ipx --routes "$tmp/x.routes"
printf '4 FS1 abcd 02:00:00:00:00:05 451 2\n4 FS2 abcd 02:00:00:00:00:05\n' >"$tmp/x.svc"
check "respond ipx: service file error names the line" 1 "x.svc:2: " \
	"$bin" respond --replay "$pc/tcpdump/ipx.pcap" -p ipx --services "$tmp/x.svc"
check "respond ipx: missing service file" 1 "nope.svc" \
	"$bin" respond --replay "$pc/tcpdump/ipx.pcap" -p ipx --services "$tmp/nope.svc"
# Several sessions: the new options' own errors.
usage "-i twice" "-i given twice" "$bin" update --replay "$bird" -p ip -i va -i vb
usage "--summary with --json" --summary "$bin" update --replay "$bird" -p ip -n 192.0.2.1 -n 192.0.2.2 --json --summary
usage "--summary is not a respond option" --summary "$bin" respond --replay "$bird" -p ip --routes /dev/null --summary
usage "-q is not a respond option" -q "$bin" respond --replay "$bird" -p ip --routes /dev/null -q
usage "--neighbours twice" --neighbours "$bin" update --replay "$bird" -p ip --neighbours /dev/null --neighbours /dev/null
usage "--neighbours missing file" "none.nb" "$bin" update --replay "$bird" -p ip --neighbours "$tmp/none.nb"
usage "second -n not IPv4" -n "$bin" update --replay "$bird" -p ip -n 192.0.2.1 -n 192.0.2.x
# --neighbours errors name the file and the line.
printf '# two good lines, then a bad one\n192.0.2.1\nva 192.0.2.7\n\nva 192.0.2.300\n' >"$tmp/bad1.nb"
usage "--neighbours: bad address, line 5" "bad1.nb:5: neighbour" "$bin" update --replay "$bird" -p ip --neighbours "$tmp/bad1.nb"
printf '192.0.2.1\nva 192.0.2.7 vb\n' >"$tmp/bad2.nb"
usage "--neighbours: three words, line 2" "bad2.nb:2: unexpected 'vb'" "$bin" update --replay "$bird" -p ip --neighbours "$tmp/bad2.nb"
printf 'interface-name-x 192.0.2.1\n' >"$tmp/bad3.nb"
usage "--neighbours: long interface, line 1" "bad3.nb:1: interface name" "$bin" update --replay "$bird" -p ip --neighbours "$tmp/bad3.nb"
printf '# only a comment\n\n' >"$tmp/empty.nb"
usage "--neighbours: no neighbour" "names no neighbour" "$bin" update --replay "$bird" -p ip --neighbours "$tmp/empty.nb"
printf '# BIRD\nva 192.0.2.1\n' >"$tmp/one.nb"
# Without -i (and without --replay) every line names its interface.
printf 'va 192.0.2.1\n192.0.2.7\n' >"$tmp/noif.nb"
usage "--neighbours without -i: line without IFACE" "noif.nb:2: no interface" "$bin" update -p ip --neighbours "$tmp/noif.nb"
usage "--neighbours without -i, with -n" "-i IFACE is required" "$bin" update -p ip --neighbours "$tmp/one.nb" -n 192.0.2.1
printf '0000abcd.02:00:00:00:00:01\n0000abcd.02:00:00:00:00:0g\n' >"$tmp/bad4.nb"
usage "--neighbours: bad IPX node, line 2" "bad4.nb:2: neighbour needs NETWORK.NODE" "$bin" update --replay "$bird" -p ipx --neighbours "$tmp/bad4.nb"

# Transports whose module is not registered yet answer ERROR_NOT_SUPPORTED (exit 13); once it
# is, the same commands run (this capture holds no reply to us: ERROR_CAN_NOT_COMPLETE).
st_not_supported=13
for p6 in "ipv6 -n fe80::1" "ipx -n 0000abcd.02:00:00:00:00:01 --ipx-frame 802.2 --what services"; do
	# shellcheck disable=SC2086 # the transport and its options are words
	$limit "$bin" update --replay "$pc/tcpdump/ripv1v2.pcap" -i va -p $p6 --timeout 0.2 --retries 1 --json >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ $got -eq $st_not_supported ] || [ $got -eq $st_can_not_complete ]; then
		"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["code"] in (50, 1003) and o["routes"]==[] and o["neighbour"] in ("fe80::1", "0000abcd.02:00:00:00:00:01"), o' \
			"$tmp/out" && ok "-p ${p6%% *}: exit $got, neighbour in JSON" || bad "-p ${p6%% *}: JSON"
	else
		bad "-p ${p6%% *}: exit $got"; head -3 "$tmp/err"
	fi
done
grep -q '"what":"services"' "$tmp/out" && grep -q '"ipx_frame":"802.2"' "$tmp/out" && grep -q '"services":\[\]' "$tmp/out" &&
	ok "ipx JSON: what, ipx_frame, services" || bad "ipx JSON: what, ipx_frame, services"

# Many sessions against BIRD's capture: the neighbour that answered succeeds, the others fail
# with ERROR_CAN_NOT_COMPLETE, results in input order, exit status the first failure's.
check "three sessions, JSON" $st_can_not_complete "" "$bin" update --replay "$bird" -i va -p ip --mode triggered \
	-n 192.0.2.7 -n 192.0.2.1 -n 192.0.2.9 --json
cat >"$tmp/many.py" <<'PYEOF'
import json, sys
text = open(sys.argv[1]).read()
assert text.endswith("}\n") and text.count("\n") == 1, "one object, one line"
o = json.loads(text)
assert (o["sessions"], o["ok"], o["failed"], o["routes"]) == (3, 1, 2, 1000), o
u = o["updates"]
assert [x["neighbour"] for x in u] == ["192.0.2.7", "192.0.2.1", "192.0.2.9"], "input order"
assert [x["code"] for x in u] == [1003, 0, 1003], [x["code"] for x in u]
assert len(u[1]["routes"]) == 1000 and u[0]["routes"] == [] and u[2]["message"]
for x in u:
    assert x["interface"] == "va" and x["protocol"] == "ip" and x["mode"] == "triggered"
    assert x["requests_sent"] >= 1 and isinstance(x["counters"], dict)
# Engine counters belong to the run, not to a session.
assert "rx-frames" in o["counters"] and all("rx-frames" not in x["counters"] for x in u)
assert o["elapsed_ms"] >= u[1]["elapsed_ms"] > 0 and o["start_ms"] >= 0
m = o["memory"]
assert m["rtable_bytes"] > 0 and m["bytes_per_route"] > 0 and m["max_rss_kb"] > 0, m
PYEOF
"$py" "$tmp/many.py" "$tmp/out" && ok "three sessions: JSON shape" || bad "three sessions: JSON shape"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "^autostatic update: 2 of 3 sessions failed; the first, va 192.0.2.7: ERROR_CAN_NOT_COMPLETE (1003)" "$tmp/err" &&
	ok "three sessions: one line on stderr" || { bad "three sessions: one line on stderr"; cat "$tmp/err"; }
check "three sessions, --summary" $st_can_not_complete "^updates: 3 sessions, 1 ok, 2 failed, 1000 routes in" \
	"$bin" update --replay "$bird" -i va -p ip --mode triggered -n 192.0.2.1 -n 192.0.2.7 -n 192.0.2.9 --summary
[ "$(wc -l <"$tmp/out")" -eq 4 ] &&
	sed -n 1p "$tmp/out" | grep -q "^update va ip neighbour 192.0.2.1: NO_ERROR, 1000 routes in" &&
	sed -n 2p "$tmp/out" | grep -q "^update va ip neighbour 192.0.2.7: ERROR_CAN_NOT_COMPLETE (1003): " &&
	sed -n 3p "$tmp/out" | grep -q "^update va ip neighbour 192.0.2.9: ERROR_CAN_NOT_COMPLETE (1003): " &&
	ok "--summary: status lines only" || { bad "--summary: status lines only"; head -5 "$tmp/out"; }
# All succeeded: exit 0 (one session from a file is still the many-session output).
printf '# BIRD\nva 192.0.2.1\n' >"$tmp/one.nb"
check "--neighbours with one line, text" 0 "^updates: 1 sessions, 1 ok, 0 failed, 1000 routes" \
	"$bin" update --replay "$bird" -p ip --mode triggered --neighbours "$tmp/one.nb"
[ "$(wc -l <"$tmp/out")" -eq 1002 ] && [ "$(grep -c ' metric ' "$tmp/out")" -eq 1000 ] &&
	ok "--neighbours: header, 1000 routes, total" || bad "--neighbours: header, 1000 routes, total"
# Lines without IFACE take -i; named interfaces are kept per line; '-' reads standard input.
printf '192.0.2.1\nvb 192.0.2.1\n' | $limit "$bin" update --replay "$bird" -i va -p ip --mode triggered \
	--neighbours - --json >"$tmp/out" 2>"$tmp/err"
"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert [(u["interface"], u["neighbour"]) for u in o["updates"]]==[("va","192.0.2.1"),("vb","192.0.2.1")], o["updates"]' \
	"$tmp/out" && ok "--neighbours -: IFACE per line" || bad "--neighbours -: IFACE per line"
# The same neighbour twice on one interface: the second cannot start (one update per
# neighbour and interface at a time) and says so; the first is unaffected.
check "duplicate neighbour" 8 "" "$bin" update --replay "$bird" -i va -p ip --mode triggered -n 192.0.2.1 -n 192.0.2.1 --json
"$py" -c 'import json,sys; o=json.load(open(sys.argv[1])); assert [u["status"] for u in o["updates"]]==["NO_ERROR","ERROR_UPDATE_IN_PROGRESS"], [u["status"] for u in o["updates"]]' \
	"$tmp/out" && ok "duplicate neighbour: ERROR_UPDATE_IN_PROGRESS" || bad "duplicate neighbour: ERROR_UPDATE_IN_PROGRESS"

# The progress line: never when standard error is not a terminal (here a file).
check "no progress line off a terminal" 0 "" "$bin" update --replay "$bird" -i va -p ip -n 192.0.2.1 --mode triggered
[ ! -s "$tmp/err" ] && ok "no progress: stderr empty" || { bad "no progress: stderr empty"; od -c "$tmp/err" | head -3; }
check "no progress line, many sessions" $st_can_not_complete "" "$bin" update --replay "$bird" -i va -p ip -n 192.0.2.1 -n 192.0.2.7 --mode triggered --summary
cr=$(printf '\r')
! grep -q "$cr" "$tmp/err" "$tmp/out" && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	ok "no progress: no carriage return" || bad "no progress: no carriage return"
# Under a pseudo-terminal (script(1)) a run longer than the first redraw (0.2 s) shows it, and
# -q turns it off. A replay runs capture time far faster than that, so this needs a live
# interface: root, a namespace of our own, neighbours that never answer.
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null 2>&1 && command -v script >/dev/null 2>&1; then
	ns="ascli-pty-$$"
	if ip netns add "$ns" 2>/dev/null; then
		trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
		ip -n "$ns" link add va type veth peer name vb
		ip -n "$ns" addr add 192.0.2.1/24 dev va
		ip -n "$ns" link set va up
		ip -n "$ns" link set vb up
		# Permanent neighbour entries: the requests leave at once, no ARP wait.
		ip -n "$ns" neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev va nud permanent
		ip -n "$ns" neigh add 192.0.2.3 lladdr 02:00:00:00:00:03 dev va nud permanent
		for q in "" -q; do
			$limit script -qec "ip netns exec $ns $bin update -i va -p ip -n 192.0.2.2 -n 192.0.2.3 --timeout 0.5 --retries 2 --summary $q" \
				"$tmp/typescript" >/dev/null 2>&1
			if [ -z "$q" ]; then
				grep -q "autostatic update: [0-9]*/2 sessions" "$tmp/typescript" && grep -q "$cr" "$tmp/typescript" &&
					ok "progress line under a terminal" || { bad "progress line under a terminal"; head -c 600 "$tmp/typescript"; }
			else
				grep -q "updates: 2 sessions" "$tmp/typescript" && ! grep -q "/2 sessions" "$tmp/typescript" &&
					ok "-q: no progress line under a terminal" || { bad "-q: no progress line under a terminal"; head -c 600 "$tmp/typescript"; }
			fi
		done
		ip netns del "$ns"
		trap 'rm -rf "$tmp"' EXIT
	else
		echo "skip progress under a terminal: cannot create a namespace"
	fi
else
	echo "skip progress under a terminal: needs root, ip and script"
fi

# Without privileges a live interface is refused with ERROR_ACCESS_DENIED. As root, drop to
# nobody when setpriv can; otherwise this case cannot be observed here.
if [ "$(id -u)" -ne 0 ]; then
	check "no privilege: ERROR_ACCESS_DENIED" $st_access_denied "ERROR_ACCESS_DENIED (5)" "$bin" update -i lo -p ip -n 127.0.0.1 --timeout 0.2 --retries 1
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$bin"; then
	check "no privilege (as nobody): ERROR_ACCESS_DENIED" $st_access_denied "ERROR_ACCESS_DENIED (5)" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$bin" update -i lo -p ip -n 127.0.0.1 --timeout 0.2 --retries 1
else
	echo "skip no privilege: root and no setpriv"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
