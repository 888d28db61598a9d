# lib.sh - shared harness of the daemon tests: tests/net/lib.sh (namespaces, peers, cleanup)
# plus starting autostaticd in a namespace with a generated autostatic.conf(5) and talking to it
# through `autostatic -s unix:PATH`. Everything started is recorded by PID and stopped by PID.

. "${top_srcdir:-.}/tests/net/lib.sh"

dmn_bin=${top_builddir:-.}/src/daemon/autostaticd
# AS_CLI lets a developer point at another build of the CLI.
net_bin=${AS_CLI:-$net_bin}

# dmn_init NAME [tool...]: net_init, then the daemon's own checks.
dmn_init() {
	net_init "$@"
	[ -x "$dmn_bin" ] || net_skip "$dmn_bin not built"
	"$net_bin" interfaces --help >/dev/null 2>&1 ||
		net_skip "this autostatic has no admin commands yet (src/cli/main.c dispatch)"
	chmod 755 "$net_tmp"
	dmn_sock=$net_tmp/ctl.sock
	dmn_s=unix:$dmn_sock
	dmn_conf=$net_tmp/autostatic.conf
	dmn_state=$net_tmp/state
}

# dmn_conf_write [EXTRA interface lines...]: [global] + [interface vb] with ip (neighbour
# 192.0.2.1) and ipv6; extra lines are appended to the interface section.
dmn_conf_write() {
	{
		echo "[global]"
		echo "state-dir = $dmn_state"
		echo "control = $dmn_sock"
		echo "user = ${DMN_USER:-nobody}"
		[ -n "${DMN_GROUP:-}" ] && echo "admin-group = $DMN_GROUP"
		echo "[interface vb]"
		echo "transports = ${DMN_TRANSPORTS:-ip ipv6}"
		echo "ip.neighbour = 192.0.2.1"
		echo "ip.timeout = ${DMN_TIMEOUT:-1}"
		echo "ip.retries = ${DMN_RETRIES:-2}"
		echo "ipv6.timeout = ${DMN_TIMEOUT:-1}"
		echo "ipv6.retries = ${DMN_RETRIES:-2}"
		for l in "$@"; do echo "$l"; done
	} >"$dmn_conf"
}

# dmn_start NS: starts autostaticd -f in NS (PID in dmn_pid); ready when the control socket
# answers (bounded: 10 s).
dmn_start() {
	rm -f "$dmn_sock"
	net_bg "$1" "$net_tmp/daemon.log" "$dmn_bin" -f -c "$dmn_conf"
	dmn_pid=$net_last
	for _ in $(seq 1 100); do
		kill -0 "$dmn_pid" 2>/dev/null || break
		if [ -S "$dmn_sock" ] && "$net_bin" -s "$dmn_s" interfaces >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
	done
	net_failed "autostaticd did not start: $(tail -5 "$net_tmp/daemon.log")"
	net_done
}

# dmn_cli NS args...: the CLI through the daemon, run inside NS; sets dmn_rc and dmn_out.
dmn_cli() {
	_ns=$1
	shift
	dmn_out=$(ip netns exec "$_ns" "$net_bin" -s "$dmn_s" "$@" 2>&1)
	dmn_rc=$?
}

# dmn_expect WHAT STATUS NS args...: the command ends with STATUS's exit status and names it.
dmn_expect() {
	_what=$1 _st=$2
	shift 2
	dmn_cli "$@"
	_want=$(net_exit_of "$_st")
	_name=$(net_name_of "$_st")
	if [ "$dmn_rc" -eq "$_want" ] && printf '%s' "$dmn_out" | grep -q "$_name ($_st)"; then
		net_ok "$_what: $_name ($_st), exit $_want"
	else
		net_failed "$_what: want $_name ($_st) exit $_want, got exit $dmn_rc: $dmn_out"
	fi
}

# dmn_routes_sorted FILE: "prefix metric" lines of `routes --json` (sorted) into FILE.
dmn_routes_sorted() {
	"$net_bin" -s "$dmn_s" routes --json >"$1.json" 2>"$1.err" || return 1
	"$net_py" - "$1.json" >"$1" <<'PY' || return 1
import sys, json
d = json.load(open(sys.argv[1]))
for r in sorted((r["prefix"], r["metric"]) for r in d["routes"] if r["transport"] == "ip"):
    print(r[0], r[1])
PY
}
