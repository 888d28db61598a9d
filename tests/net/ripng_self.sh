#!/bin/sh
# ripng_self.sh - autostatic update -p ipv6 against autostatic respond -p ipv6 (RFC 2080 whole-table
# Request and Response; RFC 2091 triggered updates over RIPng) over a veth pair between namespaces.
#
# 1000 routes from 2001:db8::/32 (lengths /48 to /128) with metrics 1..15 are served; in request
# and triggered mode the table received must equal the file: the same prefixes, metric + 1, the
# metric-15 routes (16 on arrival) left out, next hop the responder's link-local address. Routes
# served "via" another link-local router come with a next-hop entry (RFC 2080 2.1.1) and must be
# received with that next hop. A global neighbour address is a usage error (exit 2), and a
# neighbour that does not answer ends with ERROR_CAN_NOT_COMPLETE. Checksum offload stays on on
# both sides.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init ripng_self

A=asR6SelfA$$ B=asR6SelfB$$
net_pair "$A" "$B" on
routes=$net_tmp/routes6.txt
net_routes6 "$routes" 1000
fast="--timeout 1 --retries 3 --quiet-ms 250 --retransmit 0.3"

# check NAME MODE EXPECTED: one update against the running responder.
check() {
	# shellcheck disable=SC2086
	net_update "$A" "$net_tmp/$1" -i va -p ipv6 -n "$net_ll_b" --mode "$2" $fast
	if [ "$net_rc" -ne 0 ]; then
		net_failed "$1: exit $net_rc ($(cat "$net_tmp/$1.err"))"
		head -c 800 "$net_tmp/$1.json"; echo
		return 1
	fi
	net_compare "$1 (${net_ms} ms)" "$3" "$net_tmp/$1.json" "$net_ll_b"
}

log=$net_tmp/resp.log
if net_responder6 "$B" vb "$routes" "$log" --mode triggered --retransmit 0.3 -v; then
	check ripng-request request "$routes.exp"
	# The metric-15 routes are counted as unreachable, not silently lost.
	n15=$(grep -c ' 15$' "$routes")
	nun=$(net_counter_match "$net_tmp/ripng-request.json" '^unreachable$')
	if [ "$nun" -eq "$n15" ]; then
		net_ok "ripng-request: $nun metric-15 routes counted unreachable and left out"
	else
		net_failed "ripng-request: unreachable counter $nun, served $n15 routes of metric 15"
	fi
	check ripng-triggered triggered "$routes.exp"
	net_stop "$net_resp"
	grep 'done:' "$log"
fi

# Next-hop entries: routes through other link-local routers are received with that next hop.
via=$net_tmp/via6.txt
{
	echo "2001:db8:aa::/48 3"
	echo "2001:db8:ab::/64 1 via fe80::9"
	echo "2001:db8:ac::/56 2 via fe80::9"
	echo "2001:db8:ad::/64 4 via fe80::a"
	echo "2001:db8:ae::/64 15 via fe80::a"
} >"$via"
printf '%s\n' "2001:db8:aa::/48 4 $net_ll_b" "2001:db8:ab::/64 2 fe80::9" \
	"2001:db8:ac::/56 3 fe80::9" "2001:db8:ad::/64 5 fe80::a" | sort >"$via.exp"
if net_responder6 "$B" vb "$via" "$net_tmp/resp-via.log" --mode request; then
	# shellcheck disable=SC2086
	net_update "$A" "$net_tmp/ripng-via" -i va -p ipv6 -n "$net_ll_b" $fast
	"$net_py" - "$net_tmp/ripng-via.json" >"$net_tmp/ripng-via.got" <<'PY'
import sys, json
for r in sorted("%s %s %s" % (r["prefix"], r["metric"], r["next_hop"])
                for r in json.load(open(sys.argv[1])).get("routes", [])):
    print(r)
PY
	if [ "$net_rc" -eq 0 ] && cmp -s "$via.exp" "$net_tmp/ripng-via.got"; then
		net_ok "ripng next-hop entries: $(wc -l <"$via.exp") routes with their next hops"
	else
		net_failed "ripng next-hop entries: exit $net_rc"
		diff "$via.exp" "$net_tmp/ripng-via.got"
	fi
	net_stop "$net_resp"
fi

# A global neighbour is a usage error: RIPng Responses come only from link-local sources.
net_update "$A" "$net_tmp/global" -i va -p ipv6 -n 2001:db8::2 --timeout 0.3 --retries 1
if [ "$net_rc" -eq 2 ]; then
	net_ok "global neighbour address: usage error ($(head -1 "$net_tmp/global.err"))"
else
	net_failed "global neighbour address: exit $net_rc, want 2"
fi

# Nobody answering (no responder any more): ERROR_CAN_NOT_COMPLETE.
net_update "$A" "$net_tmp/silent" -i va -p ipv6 -n "$net_ll_b" --timeout 0.3 --retries 2 \
	--quiet-ms 100
if [ "$net_rc" -eq "$(net_exit_of 1003)" ] &&
	[ "$(net_json_get "$net_tmp/silent.json" code)" = 1003 ]; then
	net_ok "silent neighbour: $(net_name_of 1003) after ${net_ms} ms"
else
	net_failed "silent neighbour: exit $net_rc ($(cat "$net_tmp/silent.err"))"
fi

net_done
