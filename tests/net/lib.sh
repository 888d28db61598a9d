# lib.sh - shared harness of the network-namespace tests (RFC 2453, RFC 2091 peers in veth pairs).
#
# Sourced by every tests/net/*.sh. It makes two namespaces joined by a veth pair (documentation
# addresses only), starts and stops the peers (our responder, BIRD 2, FRR ripd) with bounded
# readiness polls, adds loss rules, and compares route tables. Everything it starts is recorded
# by PID and every namespace it makes is deleted by the EXIT trap, also when a test fails.
# Each script runs alone (make check -j): names carry the test name and $$.

set -u

net_bin=${top_builddir:-.}/src/cli/autostatic
net_src=${top_srcdir:-.}
net_py=${PYTHON3:-/usr/bin/python3}
[ -x "$net_py" ] || net_py=python3
net_pids=""
net_nss=""
net_tmp=""
net_fail=0
net_pass=0

net_log() { printf '%s\n' "$*"; }
net_skip() { echo "SKIP: $*"; exit 77; }

# Reason recorded, test goes on; net_done decides the exit status.
net_failed() {
	echo "FAIL: $*"
	net_fail=$((net_fail + 1))
}
net_ok() {
	echo "ok: $*"
	net_pass=$((net_pass + 1))
}

net_cleanup() {
	for p in $net_pids; do
		kill "$p" 2>/dev/null
	done
	# Give them a moment (bounded), then make sure.
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		alive=""
		for p in $net_pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	for p in $net_pids; do kill -9 "$p" 2>/dev/null; done
	for p in $net_pids; do wait "$p" 2>/dev/null; done
	for ns in $net_nss; do ip netns del "$ns" 2>/dev/null; done
	[ -n "$net_tmp" ] && [ -z "${NET_KEEP:-}" ] && rm -rf "$net_tmp"
	[ -n "$net_tmp" ] && [ -n "${NET_KEEP:-}" ] && echo "kept $net_tmp"
	return 0
}

# net_init NAME [tool...]: root and tool checks (exit 77), the trap, a private temp dir.
net_init() {
	net_name=$1
	shift
	[ "$(id -u)" -eq 0 ] || net_skip "network namespaces need root (CI runs as root)"
	for t in ip nft ethtool "$@"; do
		command -v "$t" >/dev/null 2>&1 || net_skip "$t is not installed"
	done
	[ -x "$net_bin" ] || net_skip "$net_bin not built"
	"$net_py" -c 'import json' 2>/dev/null || net_skip "python3 missing"
	trap net_cleanup EXIT
	trap 'exit 1' INT TERM
	net_tmp=$(mktemp -d "/tmp/asnet-$net_name.XXXXXX")
}

# The exit status of an MPR status code, read from the one table the programs use (src/status.c)
# so that the tests follow it.
net_exit_of() {
	_sym=$(sed -n -E "s/^[[:space:]]*(AS_[A-Z_]+) = $1,.*/\\1/p" \
		"$net_src/include/autostatic/status.h" | head -1)
	_e=$(sed -n -E "s/.*\\{$_sym, \"[A-Z_]+\", ([0-9]+)\\}.*/\\1/p" "$net_src/src/status.c" | head -1)
	if [ -z "$_sym" ] || [ -z "$_e" ]; then
		echo "lib.sh: no exit status for $1" >&2
		echo 255
		return
	fi
	echo "$_e"
}
# The name of an MPR status code (ERROR_CAN_NOT_COMPLETE), as messages print it.
net_name_of() {
	sed -n -E "s/^[[:space:]]*AS_([A-Z_]+) = $1,.*/\\1/p" "$net_src/include/autostatic/status.h" |
		head -1
}

# net_pair A B [offload]: namespaces $A and $B joined by va (A, 192.0.2.1) and vb (B, 192.0.2.2).
# MACs are set before link up (the link-local address follows them). offload: "on" keeps veth
# transmit checksum offload on both sides (UDP checksums arrive unfinished, TP_STATUS_CSUMNOTREADY);
# "A" or "B" turns it off on that side only; "off" on both.
net_pair() {
	_a=$1 _b=$2 _off=${3:-off}
	ip netns add "$_a" || net_skip "cannot create namespace $_a"
	net_nss="$net_nss $_a"
	ip netns add "$_b" || net_skip "cannot create namespace $_b"
	net_nss="$net_nss $_b"
	ip -n "$_a" link add va type veth peer name vb netns "$_b" || { echo "FAIL: veth"; exit 1; }
	ip -n "$_a" link set va address 02:00:00:00:5e:01
	ip -n "$_b" link set vb address 02:00:00:00:5e:02
	ip -n "$_a" addr add 192.0.2.1/24 dev va
	ip -n "$_b" addr add 192.0.2.2/24 dev vb
	ip -n "$_a" link set lo up
	ip -n "$_b" link set lo up
	ip -n "$_a" link set va up
	ip -n "$_b" link set vb up
	case $_off in
	off) ip netns exec "$_a" ethtool -K va tx off >/dev/null 2>&1
	     ip netns exec "$_b" ethtool -K vb tx off >/dev/null 2>&1 ;;
	A) ip netns exec "$_a" ethtool -K va tx off >/dev/null 2>&1 ;;
	B) ip netns exec "$_b" ethtool -K vb tx off >/dev/null 2>&1 ;;
	on) ;;
	esac
	net_wait_ll "$_a" va && net_wait_ll "$_b" vb
}

# Bounded wait for the interface to be usable (carrier, link-local address out of DAD).
net_wait_ll() {
	for _ in $(seq 1 50); do
		if ip -n "$1" -6 addr show dev "$2" scope link 2>/dev/null | grep -q 'fe80' &&
			! ip -n "$1" -6 addr show dev "$2" 2>/dev/null | grep -q tentative &&
			ip -n "$1" link show dev "$2" 2>/dev/null | grep -q 'LOWER_UP'; then
			return 0
		fi
		sleep 0.1
	done
	echo "FAIL: $2 in $1 did not come up"
	exit 1
}

# net_loss NS DEV PERCENT: random loss on DEV's ingress (PEERS.md: no netem in this kernel).
net_loss() {
	printf 'table netdev asloss {\n chain in {\n  type filter hook ingress device "%s" priority 0; policy accept;\n  numgen random mod 100 < %s counter drop\n }\n}\n' \
		"$2" "$3" | ip netns exec "$1" nft -f - || { echo "FAIL: nft loss rule on $2"; exit 1; }
}
# Frames the loss rule dropped so far.
net_loss_count() {
	ip netns exec "$1" nft list table netdev asloss 2>/dev/null |
		sed -n 's/.*counter packets \([0-9]*\).*/\1/p' | head -1
}

# net_bg NS LOG cmd...: runs cmd in NS in the background, remembers its PID in $net_last.
net_bg() {
	_ns=$1 _log=$2
	shift 2
	ip netns exec "$_ns" "$@" >"$_log" 2>&1 &
	net_last=$!
	net_pids="$net_pids $net_last"
}

# net_stop PID: stops one process we started (bounded), and forgets it.
net_stop() {
	kill "$1" 2>/dev/null
	for _ in $(seq 1 30); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	net_pids=$(echo "$net_pids" | tr ' ' '\n' | grep -v "^$1\$" | tr '\n' ' ')
	return 0
}

# ---------------------------------------------------------------------------------------------
# Route lists

# net_routes FILE N [METRICS]: N distinct prefixes from 198.18.0.0/15 in the route-file format,
# lengths /25 to /32 mixed, metrics cycling 1..14 (METRICS=fixed:M for one metric).
# A second column "exp" file (FILE.exp) holds "prefix metric+1" as the requester must see them.
net_routes() {
	"$net_py" - "$1" "$2" "${3:-cycle}" <<'PY'
import sys, ipaddress
path, n, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = int(ipaddress.IPv4Address("198.18.0.0"))
lens = (26, 25, 28, 32, 26, 27, 30)
if n > 1024:
    sys.exit("net_routes: at most 1024 routes fit in 198.18.0.0/15 this way")
out, exp = [], []
for i in range(n):
    # One /25 slot per route keeps every prefix distinct whatever its length.
    plen = lens[i % len(lens)]
    net = ipaddress.IPv4Network((base + i * 128, plen))
    m = (1 + i % 14) if how == "cycle" else int(how.split(":")[1])
    out.append(f"{net} {m}")
    exp.append(f"{net} {m + 1}")
with open(path, "w") as f:
    f.write("# %d routes from 198.18.0.0/15 (documentation benchmark range)\n" % n)
    f.write("\n".join(out) + "\n")
with open(path + ".exp", "w") as f:
    f.write("\n".join(sorted(exp)) + "\n")
PY
}

# net_table JSONFILE [NEXTHOP]: "prefix metric" lines of an update --json result, sorted; fails
# (prints why) when the JSON is unusable or a next hop is not NEXTHOP.
net_table() {
	"$net_py" - "$1" "${2:-}" <<'PY'
import sys, json
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("unparsable JSON: %s" % e, file=sys.stderr); sys.exit(1)
nh = sys.argv[2]
bad = 0
lines = []
for r in d.get("routes", []):
    if nh and r.get("next_hop") != nh:
        bad += 1
        if bad <= 3:
            print("next hop %s for %s, expected %s" % (r.get("next_hop"), r.get("prefix"), nh),
                  file=sys.stderr)
    lines.append("%s %s" % (r["prefix"], r["metric"]))
for l in sorted(lines):
    print(l)
sys.exit(1 if bad else 0)
PY
}

# net_json_get JSONFILE KEY...: one value of the JSON (nested keys), "" when absent.
net_json_get() {
	"$net_py" - "$@" <<'PY'
import sys, json
try:
    v = json.load(open(sys.argv[1]))
    for k in sys.argv[2:]:
        v = v[k]
    print(json.dumps(v) if isinstance(v, (dict, list)) else v)
except Exception:
    print("")
PY
}

# net_counters JSONFILE: the counters object on one line (for logs).
net_counters() {
	"$net_py" - "$1" <<'PY'
import sys, json
try:
    d = json.load(open(sys.argv[1]))
    c = d.get("counters", {})
    print(" ".join("%s=%s" % (k, c[k]) for k in sorted(c)), "| requests_sent=%s elapsed_ms=%s"
          % (d.get("requests_sent", "?"), d.get("elapsed_ms", "?")))
except Exception as e:
    print("(no counters: %s)" % e)
PY
}

# net_counter_match JSONFILE REGEX: sum of the counters whose name matches REGEX.
net_counter_match() {
	"$net_py" - "$1" "$2" <<'PY'
import sys, json, re
try:
    c = json.load(open(sys.argv[1])).get("counters", {})
except Exception:
    print(0); sys.exit(0)
def flat(o, p=""):
    if isinstance(o, dict):
        for k, v in o.items():
            yield from flat(v, p + k + ".")
    elif isinstance(o, (int, float)):
        yield p[:-1], o
print(int(sum(v for k, v in flat(c) if re.search(sys.argv[2], k))))
PY
}

# net_compare NAME EXPECTED JSONFILE NEXTHOP: the received table equals EXPECTED ("prefix metric"
# sorted). Prints a short diff and the counters on failure.
net_compare() {
	_n=$1 _exp=$2 _json=$3 _nh=$4
	if ! net_table "$_json" "$_nh" >"$_json.got"; then
		net_failed "$_n: bad next hops or JSON"
		head -c 2000 "$_json"; echo
		return 1
	fi
	if cmp -s "$_exp" "$_json.got"; then
		net_ok "$_n: $(wc -l <"$_json.got") routes equal ($(net_counters "$_json"))"
		return 0
	fi
	net_failed "$_n: table differs: expected $(wc -l <"$_exp"), got $(wc -l <"$_json.got")"
	diff "$_exp" "$_json.got" | head -10
	echo "counters: $(net_counters "$_json")"
	head -c 600 "$_json"; echo
	return 1
}

# net_update NS OUT args...: runs autostatic update --json in NS, stdout to OUT.json, stderr to
# OUT.err, exit status in $net_rc, wall time in $net_ms. Bounded by timeout(1).
net_update() {
	_ns=$1 _out=$2
	shift 2
	_t0=$(date +%s%N)
	if [ "$_ns" = - ]; then
		timeout 60 "$net_bin" update "$@" --json >"$_out.json" 2>"$_out.err"
	else
		ip netns exec "$_ns" timeout 60 "$net_bin" update "$@" --json >"$_out.json" 2>"$_out.err"
	fi
	net_rc=$?
	net_ms=$((($(date +%s%N) - _t0) / 1000000))
}

# net_probe NS SRC DST [request|triggered [OUT]]: an independent requester (python3, UDP port 520) that
# asks DST for its whole table (RIPv2, no authentication) and prints the number of route entries
# received, acknowledging RFC 2091 Update Responses; OUT gets "prefix metric+1" lines, sorted, as
# a requester must see them. Proves a peer answers without our code.
net_probe() {
	ip netns exec "$1" timeout 20 "$net_py" - "$2" "$3" "${4:-request}" "${5:-}" <<'PY'
import ipaddress, socket, struct, sys, time
src, dst, mode, out = sys.argv[1:5]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if mode == "triggered":
    # BIRD's start-up session multicasts Update Responses: join 224.0.0.9 and acknowledge them.
    s.bind(("0.0.0.0", 520))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 socket.inet_aton("224.0.0.9") + socket.inet_aton(src))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(src))
else:
    s.bind((src, 520))
s.settimeout(0.5)
whole = struct.pack("!HHIIII", 0, 0, 0, 0, 0, 16)
cmd = 9 if mode == "triggered" else 1
req = struct.pack("!BBH", cmd, 2, 0) + (struct.pack("!BBH", 1, 0, 0) if cmd == 9 else b"") + whole
prefixes = {}
for attempt in range(3):
    s.sendto(req, (dst, 520))
    end = time.time() + 3
    got = False
    while time.time() < end:
        try:
            data, peer = s.recvfrom(2048)
        except socket.timeout:
            if got:
                break
            continue
        if peer[0] != dst or len(data) < 4:
            continue
        body = data[4:]
        if data[0] == 10:
            flush, seq = body[1], struct.unpack("!H", body[2:4])[0]
            s.sendto(struct.pack("!BBHBBH", 11, 2, 0, 1, flush, seq), peer)
            body = body[4:]
        elif data[0] != 2:
            continue
        got = True
        for i in range(0, len(body) - 19, 20):
            afi, tag, addr, mask, nh, metric = struct.unpack("!HHIIII", body[i:i + 20])
            if afi == 2 and metric < 16:
                plen = bin(mask).count("1")
                prefixes[ipaddress.IPv4Network((addr, plen))] = min(metric + 1, 16)
    if got:
        break
if out:
    with open(out, "w") as f:
        f.write("".join(sorted("%s %d\n" % (p, m) for p, m in prefixes.items() if m < 16)))
print(len(prefixes))
PY
}

# ---------------------------------------------------------------------------------------------
# Our responder

# net_responder NS IFACE ROUTES LOG args...: starts autostatic respond (PID in net_resp); ready
# once it holds its socket (bounded poll on /proc/PID/fd).
net_responder() {
	_ns=$1 _if=$2 _routes=$3 _log=$4
	shift 4
	net_bg "$_ns" "$_log" "$net_bin" respond -i "$_if" -p ip --routes "$_routes" "$@"
	net_resp=$net_last
	# Ready when the process has its socket: poll /proc for a packet/UDP socket, 5 s at most.
	for _ in $(seq 1 50); do
		kill -0 "$net_resp" 2>/dev/null || { net_failed "respond exited: $(cat "$_log")"; return 1; }
		for fd in /proc/"$net_resp"/fd/*; do
			case $(readlink "$fd" 2>/dev/null) in socket:*) sleep 0.1; return 0 ;; esac
		done
		sleep 0.1
	done
	net_failed "respond has no socket after 5 s"
	return 1
}

# ---------------------------------------------------------------------------------------------
# BIRD 2

# net_bird_conf FILE ROUTES IFACE MODE: a config serving ROUTES (route-file format) as static
# routes with their metric (rip_metric) over RIPv2 on IFACE; MODE "multicast" (request mode) or
# "demand" (RFC 2091 demand circuit).
net_bird_conf() {
	{
		echo "router id 192.0.2.2;"
		echo "protocol device { scan time 10; }"
		echo "protocol static s4 { ipv4;"
		grep -v '^#' "$2" | while read -r p m; do
			[ -n "$p" ] && echo " route $p blackhole { rip_metric = ${m:-1}; };"
		done
		echo "}"
		echo "protocol rip rip4 { ipv4 { import none; export all; };"
		if [ "$4" = demand ]; then
			echo " interface \"$3\" { version 2; mode multicast; demand circuit yes; };"
		else
			echo " interface \"$3\" { version 2; mode multicast; };"
		fi
		echo "}"
	} >"$1"
}

# net_bird NS CONF: starts BIRD in NS (control socket and logs under net_tmp); ready when rip4 (or
# $net_bird_proto, rip6 for RIPng) is up and the static routes are in the table (bounded poll).
net_bird() {
	_ns=$1 _conf=$2
	net_bird_ctl=$net_tmp/bird.ctl
	bird -p -c "$_conf" >"$net_tmp/bird.parse" 2>&1 || {
		net_failed "bird rejects its config: $(cat "$net_tmp/bird.parse")"
		return 1
	}
	net_bg "$_ns" "$net_tmp/bird.log" bird -f -c "$_conf" -s "$net_bird_ctl" -P "$net_tmp/bird.pid"
	net_bird_pid=$net_last
	_want=$(grep -c ' route ' "$_conf")
	_proto=${net_bird_proto:-rip4}
	for _ in $(seq 1 100); do
		if birdc -s "$net_bird_ctl" show protocols "$_proto" 2>/dev/null | grep -q "$_proto.*up" &&
			birdc -s "$net_bird_ctl" show route count 2>/dev/null |
			grep -q "^$_want of $_want routes"; then
			return 0
		fi
		kill -0 "$net_bird_pid" 2>/dev/null || break
		sleep 0.1
	done
	net_failed "BIRD not ready in 10 s: $(cat "$net_tmp/bird.log")"
	birdc -s "$net_bird_ctl" show protocols 2>&1 | head -5
	return 1
}

# Orderly stop through the control socket, then the PID.
net_bird_stop() {
	birdc -s "$net_bird_ctl" down >/dev/null 2>&1
	net_stop "$net_bird_pid"
}

# ---------------------------------------------------------------------------------------------
# FRR zebra + ripd

# net_frr NS ROUTES IFACE: zebra and ripd as user frr serving ROUTES (ripd's "route" lines; ripd
# advertises them with metric 1). Ready when ripd lists all routes and has turned the interface
# on (bounded poll: parsing 1000 "route" lines takes seconds).
net_frr() {
	_ns=$1 _routes=$2 _if=$3
	id frr >/dev/null 2>&1 || net_skip "no user frr"
	if [ ! -x /usr/lib/frr/zebra ] || [ ! -x /usr/lib/frr/ripd ]; then
		net_skip "FRR zebra/ripd missing"
	fi
	net_frr_dir=$net_tmp/frr
	mkdir -p "$net_frr_dir"
	: >"$net_frr_dir/zebra.conf"
	{
		echo "router rip"
		echo " version 2"
		echo " network $_if"
		grep -v '^#' "$_routes" | while read -r p _m; do [ -n "$p" ] && echo " route $p"; done
	} >"$net_frr_dir/ripd.conf"
	chown -R frr:frr "$net_frr_dir"
	chmod 755 "$net_tmp"
	_common="-z $net_frr_dir/zserv.api --vty_socket $net_frr_dir -u frr -g frr"
	# shellcheck disable=SC2086
	net_bg "$_ns" "$net_frr_dir/zebra.log" /usr/lib/frr/zebra -f "$net_frr_dir/zebra.conf" \
		-i "$net_frr_dir/zebra.pid" $_common -P 0 --log stdout
	net_zebra_pid=$net_last
	for _ in $(seq 1 50); do
		[ -S "$net_frr_dir/zserv.api" ] && break
		sleep 0.1
	done
	# shellcheck disable=SC2086
	net_bg "$_ns" "$net_frr_dir/ripd.log" /usr/lib/frr/ripd -f "$net_frr_dir/ripd.conf" \
		-i "$net_frr_dir/ripd.pid" $_common -P 0 --log stdout
	net_ripd_pid=$net_last
	_want=$(grep -c '^ route ' "$net_frr_dir/ripd.conf")
	_have=0
	for _ in $(seq 1 300); do
		_have=$(net_vtysh 'show ip rip' 2>/dev/null | grep -c '^R(s)')
		# ripd joins 224.0.0.9 when it turns the interface on; before that it answers nothing.
		[ "$_have" -ge "$_want" ] &&
			ip -n "$_ns" maddr show dev "$_if" 2>/dev/null | grep -q 'inet  *224\.0\.0\.9' &&
			return 0
		kill -0 "$net_ripd_pid" 2>/dev/null || break
		sleep 0.1
	done
	net_failed "ripd not ready in 30 s ($_have of $_want routes)"
	tail -20 "$net_frr_dir/ripd.log"
	return 1
}
net_vtysh() { vtysh --vty_socket "$net_frr_dir" -d ripd -c "$1"; }
net_frr_stop() {
	net_stop "$net_ripd_pid"
	net_stop "$net_zebra_pid"
}

# ---------------------------------------------------------------------------------------------
# RIPng (RFC 2080) and IPX RIP/SAP

# Link-local addresses of the two ends: the MACs of net_pair (EUI-64, fe80::ff:fe00:5e0X).
net_ll_a=fe80::ff:fe00:5e01
net_ll_b=fe80::ff:fe00:5e02

# net_routes6 FILE N [METRICS]: N distinct prefixes from 2001:db8::/32 in the route-file format,
# one /48 slot a route, lengths /48 to /128 mixed, metrics cycling 1..15 (METRICS=fixed:M for one
# metric). FILE.exp holds "prefix metric+1" as a requester must see them: the metric-15 routes
# reach 16 there and are left out (RFC 2080 2.4.2).
net_routes6() {
	"$net_py" - "$1" "$2" "${3:-cycle}" <<'PY'
import sys, ipaddress
path, n, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if n > 65536:
    sys.exit("net_routes6: at most 65536 routes (one /48 of 2001:db8::/32 each)")
base = int(ipaddress.IPv6Address("2001:db8::"))
lens = (64, 48, 56, 128, 60, 64, 52)
out, exp = [], []
for i in range(n):
    plen = lens[i % len(lens)]
    # Inside slot i, a nonzero subnet below the /48 (in the prefix's own bits) keeps longer
    # prefixes distinct from /48s and their host bits clear.
    addr = base + (i << 80)
    if plen > 48:
        addr += (1 + i % min(15, (1 << (plen - 48)) - 1)) << (128 - plen)
    net = ipaddress.IPv6Network((addr, plen))
    m = (1 + i % 15) if how == "cycle" else int(how.split(":")[1])
    out.append(f"{net} {m}")
    if m + 1 < 16:
        exp.append(f"{net} {m + 1}")
with open(path, "w") as f:
    f.write("# %d routes from 2001:db8::/32 (documentation range)\n" % n)
    f.write("\n".join(out) + "\n")
with open(path + ".exp", "w") as f:
    f.write("\n".join(sorted(exp)) + "\n")
PY
}

# net_ipx_routes FILE N SERVICES NSERV: N IPX networks (hops cycling 1..15, ticks varied) and NSERV
# SAP services (types 4, 7, 0x278 and others; hops 1..15) in the autostatic-routes(5) formats.
# FILE.exp and SERVICES.exp hold what a requester must keep: everything as advertised (IPX hops
# and ticks are not incremented), "network hops ticks" and "type name network node socket hops"
# lines, sorted.
net_ipx_routes() {
	"$net_py" - "$1" "$2" "$3" "$4" <<'PY'
import sys
rpath, n, spath, ns = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rout, rexp, sout, sexp = [], [], [], []
for i in range(n):
    net = 0x10000 + i * 7 + 1
    hops = 1 + i % 15
    ticks = hops + 1 + (i * 37) % 500
    # Every third network written without leading zeros and with 0x: both forms parse the same.
    txt = ("0x%x" % net) if i % 3 == 0 else ("%08x" % net)
    rout.append("%s %d %d" % (txt, hops, ticks))
    rexp.append("%08x %d %d" % (net, hops, ticks))
types = (0x4, 0x7, 0x278, 0x26b, 0x640, 0x3)
for i in range(ns):
    t = types[i % len(types)]
    name = "AS-SRV_%04d.%s" % (i, "X" * (i % 30))
    net = 0x10000 + (i % max(n, 1)) * 7 + 1
    node = "02:00:00:%02x:%02x:%02x" % ((i >> 16) & 255, (i >> 8) & 255, i & 255)
    sock = 0x451 + i % 64
    hops = 1 + i % 15
    sout.append("%x %s %08x %s %x %d" % (t, name, net, node, sock, hops))
    sexp.append("%04x %s %08x %s %04x %d" % (t, name, net, node, sock, hops))
with open(rpath, "w") as f:
    f.write("# %d IPX networks\n" % n + "\n".join(rout) + "\n")
with open(rpath + ".exp", "w") as f:
    f.write("\n".join(sorted(rexp)) + "\n")
with open(spath, "w") as f:
    f.write("# %d SAP services\n" % ns + "\n".join(sout) + "\n")
with open(spath + ".exp", "w") as f:
    f.write("\n".join(sorted(sexp)) + "\n")
PY
}

# net_ipx_compare NAME ROUTES.exp SERVICES.exp JSONFILE: the IPX routes and services of an update
# --json result equal the expected lists ("-" skips one); prints a short diff on failure.
net_ipx_compare() {
	_n=$1
	if ! "$net_py" - "$4" "$4.rgot" "$4.sgot" >"$4.cmp" 2>&1 <<'PY'
import sys, json
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    sys.exit("unparsable JSON: %s" % e)
r = sorted("%s %d %d" % (x["network"], x["hops"], x["ticks"]) for x in d.get("routes", []))
s = sorted("%04x %s %s %s %04x %d" % (x["type"], x["name"], x["network"], x["node"], x["socket"],
                                      x["hops"]) for x in d.get("services", []))
open(sys.argv[2], "w").write("".join(l + "\n" for l in r))
open(sys.argv[3], "w").write("".join(l + "\n" for l in s))
PY
	then
		net_failed "$_n: $(cat "$4.cmp")"
		return 1
	fi
	_bad=""
	if [ "$2" != - ] && ! cmp -s "$2" "$4.rgot"; then
		_bad="routes: expected $(wc -l <"$2"), got $(wc -l <"$4.rgot")"
		diff "$2" "$4.rgot" | head -6
	fi
	if [ "$3" != - ] && ! cmp -s "$3" "$4.sgot"; then
		_bad="$_bad services: expected $(wc -l <"$3"), got $(wc -l <"$4.sgot")"
		diff "$3" "$4.sgot" | head -6
	fi
	if [ -n "$_bad" ]; then
		net_failed "$_n: $_bad"
		echo "counters: $(net_counters "$4")"
		return 1
	fi
	net_ok "$_n: $(wc -l <"$4.rgot") routes, $(wc -l <"$4.sgot") services equal ($(net_counters "$4"))"
}

# net_responder6 NS IFACE ROUTES LOG args...: autostatic respond -p ipv6 (PID in net_resp).
# net_responder_ipx NS IFACE LOG args...: autostatic respond -p ipx (give --routes/--services).
net_responder6() {
	_r6_ns=$1 _r6_if=$2 _r6_routes=$3 _r6_log=$4
	shift 4
	net_responder_any "$_r6_ns" "$_r6_log" -i "$_r6_if" -p ipv6 --routes "$_r6_routes" "$@"
}
net_responder_ipx() {
	_rx_ns=$1 _rx_if=$2 _rx_log=$3
	shift 3
	net_responder_any "$_rx_ns" "$_rx_log" -i "$_rx_if" -p ipx "$@"
}
# net_responder_any NS LOG respond-args...: as net_responder, any protocol.
net_responder_any() {
	_ra_ns=$1 _ra_log=$2
	shift 2
	net_bg "$_ra_ns" "$_ra_log" "$net_bin" respond "$@"
	net_resp=$net_last
	for _ in $(seq 1 50); do
		kill -0 "$net_resp" 2>/dev/null || { net_failed "respond exited: $(cat "$_ra_log")"; return 1; }
		for fd in /proc/"$net_resp"/fd/*; do
			case $(readlink "$fd" 2>/dev/null) in socket:*) sleep 0.1; return 0 ;; esac
		done
		sleep 0.1
	done
	net_failed "respond has no socket after 5 s"
	return 1
}

# net_bird_conf6 FILE ROUTES IFACE MODE: a BIRD config serving ROUTES (IPv6 route file) as static
# routes with their rip_metric over RIPng (protocol rip6) on IFACE; MODE "multicast" (request
# mode) or "demand" (RFC 2091 demand circuit). Use with net_bird_proto=rip6.
net_bird_conf6() {
	{
		echo "router id 192.0.2.2;"
		echo "protocol device { scan time 10; }"
		echo "protocol static s6 { ipv6;"
		grep -v '^#' "$2" | while read -r p m; do
			[ -n "$p" ] && echo " route $p blackhole { rip_metric = ${m:-1}; };"
		done
		echo "}"
		echo "protocol rip ng rip6 { ipv6 { import none; export all; };"
		if [ "$4" = demand ]; then
			echo " interface \"$3\" { demand circuit yes; };"
		else
			echo " interface \"$3\" { };"
		fi
		echo "}"
	} >"$1"
}

# net_frr6 NS ROUTES IFACE: zebra and ripngd as user frr serving ROUTES (ripngd's "route" lines,
# advertised with metric 1). Ready when ripngd lists all routes and has joined ff02::9 on the
# interface (it answers nothing before). Stop with net_frr6_stop.
net_frr6() {
	_ns=$1 _routes=$2 _if=$3
	id frr >/dev/null 2>&1 || net_skip "no user frr"
	if [ ! -x /usr/lib/frr/zebra ] || [ ! -x /usr/lib/frr/ripngd ]; then
		net_skip "FRR zebra/ripngd missing"
	fi
	net_frr_dir=$net_tmp/frr6
	mkdir -p "$net_frr_dir"
	: >"$net_frr_dir/zebra.conf"
	{
		echo "router ripng"
		echo " network $_if"
		grep -v '^#' "$_routes" | while read -r p _m; do [ -n "$p" ] && echo " route $p"; done
	} >"$net_frr_dir/ripngd.conf"
	chown -R frr:frr "$net_frr_dir"
	chmod 755 "$net_tmp"
	_common="-z $net_frr_dir/zserv.api --vty_socket $net_frr_dir -u frr -g frr"
	# shellcheck disable=SC2086
	net_bg "$_ns" "$net_frr_dir/zebra.log" /usr/lib/frr/zebra -f "$net_frr_dir/zebra.conf" \
		-i "$net_frr_dir/zebra.pid" $_common -P 0 --log stdout
	net_zebra_pid=$net_last
	for _ in $(seq 1 50); do
		[ -S "$net_frr_dir/zserv.api" ] && break
		sleep 0.1
	done
	# shellcheck disable=SC2086
	net_bg "$_ns" "$net_frr_dir/ripngd.log" /usr/lib/frr/ripngd -f "$net_frr_dir/ripngd.conf" \
		-i "$net_frr_dir/ripngd.pid" $_common -P 0 --log stdout
	net_ripngd_pid=$net_last
	_want=$(grep -c '^ route ' "$net_frr_dir/ripngd.conf")
	_have=0
	for _ in $(seq 1 300); do
		_have=$(vtysh --vty_socket "$net_frr_dir" -d ripngd -c 'show ipv6 ripng' 2>/dev/null |
			grep -c '^R(s)')
		[ "$_have" -ge "$_want" ] &&
			ip -n "$_ns" maddr show dev "$_if" 2>/dev/null | grep -q 'inet6 *ff02::9' &&
			return 0
		kill -0 "$net_ripngd_pid" 2>/dev/null || break
		sleep 0.1
	done
	net_failed "ripngd not ready in 30 s ($_have of $_want routes)"
	tail -20 "$net_frr_dir/ripngd.log"
	return 1
}
net_frr6_stop() {
	net_stop "$net_ripngd_pid"
	net_stop "$net_zebra_pid"
}

# net_probe6 NS IFACE SRC DST [OUT]: an independent RIPng requester (python3, UDP port 521 from
# link-local SRC, hop limit 255) asking DST for its whole table; prints the number of route
# entries received; OUT gets "prefix metric+1" lines (16 left out), sorted. Proves a peer
# answers without our code.
net_probe6() {
	ip netns exec "$1" timeout 20 "$net_py" - "$2" "$3" "$4" "${5:-}" <<'PY'
import ipaddress, socket, struct, sys, time
ifname, src, dst, out = sys.argv[1:5]
idx = socket.if_nametoindex(ifname)
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((src, 521, 0, idx))
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
s.settimeout(0.5)
req = struct.pack("!BBH", 1, 1, 0) + b"\0" * 16 + struct.pack("!HBB", 0, 0, 16)
prefixes = {}
for attempt in range(3):
    s.sendto(req, (dst, 521, 0, idx))
    end = time.time() + 3
    got = False
    while time.time() < end:
        try:
            data, peer = s.recvfrom(65535)
        except socket.timeout:
            if got:
                break
            continue
        if peer[0].split("%")[0] != dst or len(data) < 4 or data[0] != 2:
            continue
        got = True
        for i in range(4, len(data) - 19, 20):
            addr, tag, plen, metric = struct.unpack("!16sHBB", data[i:i + 20])
            if metric == 0xFF:
                continue
            if metric < 16:
                net = ipaddress.IPv6Network((int.from_bytes(addr, "big"), plen))
                prefixes[net] = min(metric + 1, 16)
    if got:
        break
if out:
    with open(out, "w") as f:
        f.write("".join(sorted("%s %d\n" % (p, m) for p, m in prefixes.items() if m < 16)))
print(len(prefixes))
PY
}

# net_done: the closing line and the exit status.
net_done() {
	echo "$net_pass passed, $net_fail failed"
	[ "$net_fail" -eq 0 ]
	exit $?
}
