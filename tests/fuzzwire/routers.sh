#!/bin/sh
# routers.sh - `autostatic fuzz` against live routers in network namespaces: BIRD 2 (RIP and
# RIPng) and FRR ripd (RFC 2453, RFC 2080) each take 2000 structure-aware malformed packets at
# 2000 packets/s with a liveness probe every 100; the run must complete, every probe wait must
# end with an answer, and the pcap must hold every packet sent (autostatic decode -r, our
# address only). Then a target killed mid-run: the fuzzer must stop with "target stopped
# answering", the exit status of ERROR_CAN_NOT_COMPLETE and the last packets sent.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init fuzzwire bird birdc

A=asFzA$$ B=asFzB$$
net_pair "$A" "$B" off
routes=$net_tmp/routes.txt
net_routes "$routes" 30

# fuzz_run NAME args...: autostatic fuzz in A, bounded; $fz_rc, NAME.out / .err / .pcap.
fuzz_run() {
	_n=$1
	shift
	ip netns exec "$A" timeout 120 "$net_bin" fuzz -i va -p ip -n 192.0.2.2 -q \
		--write "$net_tmp/$_n.pcap" "$@" >"$net_tmp/$_n.out" 2>"$net_tmp/$_n.err"
	fz_rc=$?
}

# check_complete NAME COUNT: the run completed and its pcap holds every packet it sent.
check_complete() {
	_n=$1 _count=$2
	_out=$(cat "$net_tmp/$_n.out")
	if [ "$fz_rc" -ne 0 ]; then
		net_failed "$_n: exit $fz_rc: $_out $(head -15 "$net_tmp/$_n.err")"
		return
	fi
	# "fuzz va ip: done: N fuzz packets, P probes (Q answered), R responses, ..."
	set -- $(echo "$_out" | sed -n 's/.*: done: \([0-9]*\) fuzz packets, \([0-9]*\) probes (\([0-9]*\) answered).*/\1 \2 \3/p')
	if [ "${1:-}" != "$_count" ]; then
		net_failed "$_n: summary: $_out"
		return
	fi
	_fuzz=$1 _probes=$2 _answered=$3
	# A probe wait ends answered (the next batch goes out) or with another probe; 22 waits
	# (a first probe, one per 100 packets, a final one) must all have ended answered.
	_waits=$((_count / 100 + 1))
	if [ "$_answered" -ge "$_waits" ]; then
		net_ok "$_n: $_fuzz packets, every liveness probe wait answered ($_answered of $_probes probes)"
	else
		net_failed "$_n: only $_answered of $_waits probe waits answered: $_out"
	fi
	"$net_bin" decode -q -r "$net_tmp/$_n.pcap" 'src host 192.0.2.1' >/dev/null 2>"$net_tmp/$_n.dec"
	# "F frames: V valid, I invalid (N RIP), 0 other, R rejected by the filter"
	_frames=$(sed -n 's/^[0-9]* frames:.* (\([0-9]*\) RIP).*/\1/p' "$net_tmp/$_n.dec")
	if [ "$_frames" = $((_fuzz + _probes)) ]; then
		net_ok "$_n: the pcap holds all $_frames packets sent"
	else
		net_failed "$_n: the pcap holds ${_frames:-?} packets from us, sent $((_fuzz + _probes))"
	fi
}

# BIRD 2
conf=$net_tmp/bird.conf
net_bird_conf "$conf" "$routes" vb multicast
if net_bird "$B" "$conf"; then
	fuzz_run bird --seed 11 --count 2000 --rate 2000 --probe-every 100 --probe-timeout 1
	check_complete bird 2000
	kill -0 "$net_bird_pid" 2>/dev/null || net_failed "BIRD died under the fuzz run"
	# Killed mid-run: stop BIRD once the run is under way.
	ip netns exec "$A" timeout 120 "$net_bin" fuzz -i va -p ip -n 192.0.2.2 -q --seed 12 \
		--count 1000000 --rate 1000 --probe-every 50 --probe-timeout 0.3 \
		--write "$net_tmp/kill.pcap" >"$net_tmp/kill.out" 2>"$net_tmp/kill.err" &
	fz_pid=$!
	net_pids="$net_pids $fz_pid"
	sleep 1.5
	net_bird_stop
	for _ in $(seq 1 100); do kill -0 "$fz_pid" 2>/dev/null || break; sleep 0.1; done
	wait "$fz_pid"
	fz_rc=$?
	net_pids=$(echo "$net_pids" | tr ' ' '\n' | grep -v "^$fz_pid\$" | tr '\n' ' ')
	want=$(net_exit_of 1003)
	if [ "$fz_rc" -eq "$want" ] && grep -q 'target stopped answering' "$net_tmp/kill.err" &&
		grep -q 'the last 10 packets sent' "$net_tmp/kill.err" &&
		[ "$(grep -c '^  #[0-9]* [0-9]* bytes ' "$net_tmp/kill.err")" -eq 10 ]; then
		net_ok "killed target: stopped with exit $fz_rc, $(head -1 "$net_tmp/kill.err" | cut -c1-100)"
	else
		net_failed "killed target: exit $fz_rc (want $want): $(cat "$net_tmp/kill.out") $(head -14 "$net_tmp/kill.err")"
	fi
fi

# BIRD 2 RIPng (RFC 2080): the same against its link-local address, hop limit 255.
conf6=$net_tmp/bird6.conf
cat >"$conf6" <<EOC
router id 192.0.2.2;
protocol device { scan time 10; }
protocol static s6 { ipv6; route 2001:db8:1::/64 blackhole; route 2001:db8:2::/64 blackhole; }
protocol rip ng rip6 { ipv6 { import none; export all; }; interface "vb" { }; }
EOC
net_bg "$B" "$net_tmp/bird6.log" bird -f -c "$conf6" -s "$net_tmp/bird6.ctl" -P "$net_tmp/bird6.pid"
bird6_pid=$net_last
for _ in $(seq 1 100); do
	birdc -s "$net_tmp/bird6.ctl" show protocols rip6 2>/dev/null | grep -q 'rip6.*up' && break
	sleep 0.1
done
ll=$(ip -n "$B" -6 addr show dev vb scope link | sed -n 's/.*inet6 \(fe80[^/]*\).*/\1/p')
ip netns exec "$A" timeout 120 "$net_bin" fuzz -i va -p ipv6 -n "$ll" -q --seed 31 --count 2000 \
	--rate 2000 --probe-every 100 --write "$net_tmp/bird6.pcap" >"$net_tmp/bird6.out" \
	2>"$net_tmp/bird6.err"
fz_rc=$?
if [ "$fz_rc" -eq 0 ] && grep -q ': done: 2000 fuzz packets, 21 probes (21 answered)' "$net_tmp/bird6.out"; then
	net_ok "bird ripng: 2000 packets, every probe answered"
else
	net_failed "bird ripng: exit $fz_rc: $(cat "$net_tmp/bird6.out") $(head -14 "$net_tmp/bird6.err")"
fi
"$net_bin" decode -q -r "$net_tmp/bird6.pcap" 'src host fe80::ff:fe00:5e01' \
	>/dev/null 2>"$net_tmp/bird6.dec"
n6=$(sed -n 's/^[0-9]* frames:.* (\([0-9]*\) RIPng).*/\1/p' "$net_tmp/bird6.dec")
[ "$n6" = 2021 ] && net_ok "bird ripng: the pcap holds all 2021 packets sent" ||
	net_failed "bird ripng: the pcap holds ${n6:-?} packets from us, not 2021: $(head -2 "$net_tmp/bird6.dec")"
kill -0 "$bird6_pid" 2>/dev/null || net_failed "BIRD (RIPng) died under the fuzz run"
net_stop "$bird6_pid"

# FRR ripd
net_frr "$B" "$routes" vb
fuzz_run frr --seed 21 --count 2000 --rate 2000 --probe-every 100 --probe-timeout 1
check_complete frr 2000
kill -0 "$net_ripd_pid" 2>/dev/null || net_failed "ripd died under the fuzz run"
net_frr_stop

net_done
