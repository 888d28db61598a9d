#!/bin/sh
# scale.sh - one `autostatic update` run drives a thousand sessions (RFC 2453 RIP, RFC 2080 RIPng;
# whole-table Requests and RFC 2091 triggered updates) towards our responders in namespaces, and
# nothing is lost: every session ends ok with the whole table.
#
# IPv4: 8 veth links, each to its own responder namespace holding 125 addresses of
# 198.51.100.0/24 on its veth (a requester accepts RIP only from its own subnet, RFC 2453
# 3.9.2, so one /24 a link); the requester asks each address, one session each. IPv6: one
# veth whose responder holds 1000 link-local addresses (fe80::2:N). Both with the neighbours
# absent from the requester's kernel table (the engine asks ARP / ND itself) and, for IPv4, once
# more with them in it. The responder answers each session from the address it asked.
#
# As a library (SCALE_LIB=1, for bench/scale_bench.sh): defines sc_setup, sc_run, sc_cleanup.
# Bounded: every command under timeout(1), every poll counted; namespaces and processes go in
# the EXIT trap. Speed is never asserted here, only reported by bench/scale_bench.sh.
set -u

sc_bin=${top_builddir:-.}/src/cli/autostatic
# The responders' binary may differ (the bench compares requesters of two builds).
sc_rbin=${SCALE_RESP_BIN:-$sc_bin}
sc_py=${PYTHON3:-python3}
sc_tag="hscale$$"
sc_q="${sc_tag}q"
sc_nss=""
sc_pids=""
sc_tmp=""
sc_links=0

sc_cleanup() {
	for p in $sc_pids; do kill "$p" 2>/dev/null; done
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		alive=""
		for p in $sc_pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	for p in $sc_pids; do kill -9 "$p" 2>/dev/null; done
	for p in $sc_pids; do wait "$p" 2>/dev/null; done
	sc_pids=""
	for ns in $sc_nss; do ip netns del "$ns" 2>/dev/null; done
	sc_nss=""
	[ -n "$sc_tmp" ] && rm -rf "$sc_tmp"
	sc_tmp=""
	return 0
}

# sc_check_env: exit 77 with a reason when this cannot run here.
sc_check_env() {
	[ "$(id -u)" -eq 0 ] || { echo "SKIP: network namespaces need root"; exit 77; }
	for t in ip timeout "$sc_py"; do
		command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t is not installed"; exit 77; }
	done
	[ -x "$sc_bin" ] || { echo "SKIP: $sc_bin is not built"; exit 77; }
}

sc_proto() { if [ "$1" = 4 ]; then echo ip; else echo ipv6; fi; }

# sc_setup FAMILY LINKS PER_LINK ROUTES MODE: the requester namespace with LINKS veths (qI), one
# responder namespace per link holding PER_LINK addresses on rI and serving ROUTES routes in
# MODE; writes the neighbours file $sc_tmp/neighbours and the table $sc_tmp/routes.
sc_setup() {
	fam=$1 sc_links=$2 per=$3 nroutes=$4 mode=$5
	if [ "$fam" = 4 ] && [ "$per" -gt 253 ]; then
		echo "sc_setup: at most 253 IPv4 neighbours a link (one /24)" >&2
		return 1
	fi
	sc_tmp=$(mktemp -d)
	ip netns add "$sc_q" || return 1
	sc_nss="$sc_q"
	ip -n "$sc_q" link set lo up
	: >"$sc_tmp/routes"
	i=0
	while [ "$i" -lt "$nroutes" ]; do
		if [ "$fam" = 4 ]; then
			echo "198.18.$((i / 256)).$((i % 256))/32 $((i % 14 + 1))" >>"$sc_tmp/routes"
		else
			printf '2001:db8:%x::/48 %d\n' "$i" $((i % 14 + 1)) >>"$sc_tmp/routes"
		fi
		i=$((i + 1))
	done
	: >"$sc_tmp/neighbours"
	l=1
	while [ "$l" -le "$sc_links" ]; do
		r="${sc_tag}r$l"
		ip netns add "$r" || return 1
		sc_nss="$sc_nss $r"
		ip -n "$r" link set lo up
		ip -n "$sc_q" link add "q$l" type veth peer name "r$l" netns "$r" || return 1
		# The responder's addresses in one batch: thousands of `ip` runs would take seconds.
		if [ "$fam" = 4 ]; then
			ip -n "$sc_q" addr add 198.51.100.1/24 dev "q$l"
		else
			ip -n "$sc_q" addr add fe80::1/64 dev "q$l" nodad
		fi
		# One awk a link: a shell loop forking per address takes seconds at 10,000.
		awk -v fam="$fam" -v per="$per" -v l="$l" -v a="$sc_tmp/addrs$l" \
			-v nb="$sc_tmp/neighbours" 'BEGIN {
			for (n = 1; n <= per; n++) {
				if (fam == 4) {
					x = sprintf("198.51.100.%d", n + 1)
					printf "address add %s/24 dev r%d\n", x, l >a
				} else {
					x = sprintf("fe80::2:%x", n)
					printf "address add %s/64 dev r%d nodad\n", x, l >a
				}
				printf "q%d %s\n", l, x >>nb
			}
		}'
		ip -n "$r" -batch "$sc_tmp/addrs$l" || return 1
		ip -n "$r" link set "r$l" up
		ip -n "$sc_q" link set "q$l" up
		l=$((l + 1))
	done
	# Carrier and IPv6 link-local addresses come up asynchronously: wait (bounded) for both.
	for _ in $(seq 1 50); do
		st=$(ip -n "$sc_q" -o link show up | grep ': q[0-9]' | grep -c 'state UP')
		[ "$st" -ge "$sc_links" ] && break
		sleep 0.1
	done
	if [ "$fam" = 6 ]; then
		for _ in $(seq 1 50); do
			ip -n "$sc_q" -6 addr show tentative | grep -q inet6 || break
			sleep 0.1
		done
	fi
	l=1
	while [ "$l" -le "$sc_links" ]; do
		r="${sc_tag}r$l"
		ip netns exec "$r" timeout 600 "$sc_rbin" respond -i "r$l" -p "$(sc_proto "$fam")" \
			--routes "$sc_tmp/routes" --mode "$mode" >"$sc_tmp/resp$l.log" 2>&1 &
		sc_pids="$sc_pids $!"
		l=$((l + 1))
	done
	# Ready once each responder holds its sockets (bounded poll on /proc).
	for p in $sc_pids; do
		ready=0
		for _ in $(seq 1 50); do
			kill -0 "$p" 2>/dev/null || break
			# timeout(1) is the PID we hold; the responder is its child.
			for c in $(cat /proc/"$p"/task/*/children 2>/dev/null) "$p"; do
				for fd in /proc/"$c"/fd/*; do
					case $(readlink "$fd" 2>/dev/null) in socket:*) ready=1 ;; esac
				done
			done
			[ "$ready" = 1 ] && break
			sleep 0.1
		done
		[ "$ready" = 1 ] || { echo "responder $p not ready: $(cat "$sc_tmp"/resp*.log)" >&2; return 1; }
	done
	sleep 0.2
	return 0
}

# sc_known: the requester's kernel learns every neighbour's link address (ip neigh, one batch).
sc_known() { # FAMILY
	: >"$sc_tmp/neigh"
	l=1
	while [ "$l" -le "$sc_links" ]; do
		mac=$(ip -n "${sc_tag}r$l" -o link show "r$l" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
		grep "^q$l " "$sc_tmp/neighbours" | while read -r dev a; do
			echo "neigh replace $a lladdr $mac dev $dev nud permanent"
		done >>"$sc_tmp/neigh"
		l=$((l + 1))
	done
	ip -n "$sc_q" -"$1" -batch "$sc_tmp/neigh"
}

# sc_run FAMILY MODE OUT [update options...]: one update run over every neighbour, JSON in OUT,
# /usr/bin/time -v (when there) in OUT.time. Returns the update's exit status.
sc_run() {
	fam=$1 mode=$2 out=$3
	shift 3
	tv=""
	[ -x /usr/bin/time ] && tv="/usr/bin/time -v -o $out.time"
	# $tv is empty or several words: split on purpose.
	# shellcheck disable=SC2086
	ip netns exec "$sc_q" timeout 300 $tv "$sc_bin" update -p "$(sc_proto "$fam")" --mode "$mode" \
		--neighbours "$sc_tmp/neighbours" --json -q "$@" >"$out" 2>"$out.err"
}

# sc_verify OUT SESSIONS [DEAD]: every session of the neighbours file ok, each with exactly the
# whole table (every prefix, its metric one more, RFC 2453 3.9.2), through the neighbour it
# asked; those whose address is listed in the file DEAD (absent from the link) fail instead,
# CAN_NOT_COMPLETE.
sc_verify() {
	"$sc_py" - "$1" "$2" "$sc_tmp/routes" "$sc_tmp/neighbours" "${3:-}" <<'PY'
import ipaddress, json, sys
out, want_n, rfile, nfile, dfile = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
dead = {str(ipaddress.ip_address(l.strip())) for l in open(dfile)} if dfile else set()
table = {}
for line in open(rfile):
    p, m = line.split()
    table[str(ipaddress.ip_network(p))] = int(m) + 1
want_r = len(table)
asked = sorted((l.split()[0], str(ipaddress.ip_address(l.split()[1]))) for l in open(nfile))
try:
    d = json.load(open(out))
except Exception as e:
    print("no JSON: %s" % e)
    sys.exit(1)
ups = d.get("updates", [])
def whole(u):
    if str(ipaddress.ip_address(u.get("neighbour") or "::")) in dead:
        return u.get("status") == "ERROR_CAN_NOT_COMPLETE" and not u.get("routes")
    got = {str(ipaddress.ip_network(r["prefix"])): r["metric"] for r in u.get("routes", [])}
    return u.get("status") == "NO_ERROR" and got == table
bad = [u for u in ups if not whole(u)]
seen = sorted((u.get("interface"), str(ipaddress.ip_address(u.get("neighbour") or "::")))
              for u in ups)
if seen != asked:
    bad = bad or ups[:1]
if d.get("sessions") != want_n or len(ups) != want_n or d.get("ok") != want_n - len(dead) or bad:
    print("sessions %s ok %s failed %s; %d wrong, first: %s" % (
        d.get("sessions"), d.get("ok"), d.get("failed"), len(bad),
        json.dumps({k: bad[0].get(k) for k in ("neighbour", "interface", "status", "message")})
        if bad else "-"))
    sys.exit(1)
print("%d sessions ok, %d routes each%s, started in %.0f ms, done in %.0f ms" % (
    want_n - len(dead), want_r, ", %d dead ones failed" % len(dead) if dead else "",
    d.get("start_ms", 0), d.get("elapsed_ms", 0)))
PY
}

[ -n "${SCALE_LIB:-}" ] && return 0 2>/dev/null

sc_check_env
trap sc_cleanup EXIT
trap 'exit 1' INT TERM
fails=0
routes=20

one() { # NAME FAMILY LINKS PER MODE [known]
	name=$1 fam=$2 links=$3 per=$4 mode=$5 known=${6:-}
	if ! sc_setup "$fam" "$links" "$per" "$routes" "$mode"; then
		echo "FAIL $name: set-up"
		fails=$((fails + 1))
		sc_cleanup
		return
	fi
	[ -n "$known" ] && sc_known "$fam"
	n=$((links * per))
	sc_run "$fam" "$mode" "$sc_tmp/out.json" --timeout 2 --retries 5
	rc=$?
	if msg=$(sc_verify "$sc_tmp/out.json" "$n"); then
		echo "ok   $name: $msg"
	else
		echo "FAIL $name (exit $rc): $msg"
		head -c 600 "$sc_tmp/out.json.err"
		fails=$((fails + 1))
	fi
	sc_cleanup
}

# Neighbours that never answer ARP: each session's wait holds the loop, so a link that left a
# question unanswered waits briefly for the next (src/engine/neigh.c); the live sessions must
# not be lost behind the dead ones, which fail.
dead() { # NAME
	name=$1
	if ! sc_setup 4 1 200 "$routes" request; then
		echo "FAIL $name: set-up"
		fails=$((fails + 1))
		sc_cleanup
		return
	fi
	: >"$sc_tmp/dead"
	for i in $(seq 152 201); do
		echo "address del 198.51.100.$i/24 dev r1" >>"$sc_tmp/del"
		echo "198.51.100.$i" >>"$sc_tmp/dead"
	done
	ip -n "${sc_tag}r1" -batch "$sc_tmp/del"
	sc_run 4 request "$sc_tmp/out.json" --timeout 2 --retries 2
	rc=$?
	if [ "$rc" -ne 3 ]; then
		echo "FAIL $name: exit $rc, want 3 (CAN_NOT_COMPLETE)"
		fails=$((fails + 1))
	elif msg=$(sc_verify "$sc_tmp/out.json" 200 "$sc_tmp/dead"); then
		echo "ok   $name: $msg"
	else
		echo "FAIL $name: $msg"
		fails=$((fails + 1))
	fi
	sc_cleanup
}

dead "RIP request, 150 live and 50 dead neighbours on one link"
one "RIP request, 8 links x 125, ARP by the engine" 4 8 125 request
one "RIP triggered, 8 links x 125, ARP by the engine" 4 8 125 triggered
one "RIP request, 8 links x 125, neighbours in the kernel table" 4 8 125 request known
one "RIPng request, 1 link x 1000 link-local, ND by the engine" 6 1 1000 request
one "RIPng triggered, 1 link x 1000 link-local, ND by the engine" 6 1 1000 triggered
[ "$fails" -eq 0 ]
