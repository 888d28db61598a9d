#!/bin/sh
# responder.sh - autostaticd against our own responder in two namespaces: a synchronous update
# through the control socket; PID_ATALK -> 902; a transport not enabled -> 905; an asynchronous
# update (PENDING, signalled on the daemon's eventfd, then the result); a second update while one
# runs -> 911; a uid outside the admin group -> 5 and one inside it -> admitted; kernel routes
# installed and then replaced; an IPv6 (RIPng) update; SIGHUP keeps the routes; the routes survive a daemon restart;
# link down -> 906 and link up reconnects.
. "${top_srcdir:-.}/tests/daemon/lib.sh"
dmn_init daemon-resp setpriv python3
A=asdA$$ B=asdB$$
net_pair "$A" "$B"
net_routes "$net_tmp/r1.txt" 40
net_routes "$net_tmp/r2.txt" 60 fixed:5
net_responder "$A" va "$net_tmp/r1.txt" "$net_tmp/resp1.log" || net_done
getent group asdgrp$$ >/dev/null && groupdel asdgrp$$
groupadd asdgrp$$ || net_skip "groupadd failed"
grp_gid=$(getent group asdgrp$$ | cut -d: -f3)
trap 'groupdel asdgrp$$ 2>/dev/null; net_cleanup' EXIT
DMN_GROUP=asdgrp$$ DMN_TRANSPORTS="ip ipv6" dmn_conf_write "install = yes"
dmn_start "$B"

# The privileges the daemon kept: CAP_NET_RAW and CAP_NET_ADMIN only, as user nobody.
caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/"$dmn_pid"/status)
user=$(ps -o user= -p "$dmn_pid" | tr -d ' ')
[ "$caps" = "0000000000003000" ] && [ "$user" = nobody ] &&
	net_ok "privileges dropped to nobody with CAP_NET_RAW+CAP_NET_ADMIN" ||
	net_failed "daemon runs as $user with CapEff $caps"

dmn_expect "update vb ip" 0 "$B" update vb ip
dmn_routes_sorted "$net_tmp/got1" && cmp -s "$net_tmp/got1" "$net_tmp/r1.txt.exp" &&
	net_ok "the store holds the 40 routes" || net_failed "routes differ: $(diff "$net_tmp/got1" "$net_tmp/r1.txt.exp" | head -5)"
k=$(ip -n "$B" route show proto 157 | wc -l)
[ "$k" -eq 40 ] && net_ok "40 kernel routes (proto 157)" || net_failed "$k kernel routes, want 40"
dmn_expect "result vb ip" 0 "$B" result vb ip
dmn_expect "update vb atalk" 902 "$B" update vb atalk
dmn_expect "update vb nbf" 902 "$B" update vb 0x3f
dmn_expect "update vb ipx (not enabled)" 905 "$B" update vb ipx
dmn_expect "update of an unknown interface" 905 "$B" update nosuch ip

# Outside the admin group: ERROR_ACCESS_DENIED (5); inside it: admitted.
out=$(setpriv --reuid=65532 --regid=65532 --clear-groups "$net_bin" -s "$dmn_s" interfaces 2>&1)
rc=$?
[ "$rc" -eq "$(net_exit_of 5)" ] && printf '%s' "$out" | grep -q 'ERROR_ACCESS_DENIED (5)' &&
	net_ok "uid outside the admin group: ERROR_ACCESS_DENIED (5)" ||
	net_failed "uid outside the group: exit $rc: $out"
out=$(setpriv --reuid=65533 --regid=65533 --groups="$grp_gid" "$net_bin" -s "$dmn_s" interfaces 2>&1)
rc=$?
[ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q '^vb ' &&
	net_ok "uid in the admin group is admitted" || net_failed "uid in the group: exit $rc: $out"

# Asynchronous: PENDING at once, the daemon's eventfd completes it. The RIPng neighbour never
# answers (no responder for it), so the update runs timeout x retries and a second one meets it.
dmn_expect "update vb ipv6 --async" 600 "$B" update vb ipv6 --async
dmn_expect "second update while one runs" 911 "$B" update vb ipv6
dmn_expect "result while it runs" 600 "$B" result vb ipv6
for _ in $(seq 1 100); do
	dmn_cli "$B" result vb ipv6
	[ "$dmn_rc" -ne "$(net_exit_of 600)" ] && break
	sleep 0.1
done
dmn_expect "result after the eventfd fired" 1003 "$B" result vb ipv6
grep -q 'update of interface 1 pid 0x57: ERROR_CAN_NOT_COMPLETE' "$net_tmp/daemon.log" &&
	net_ok "the daemon saw the completion on its eventfd" ||
	net_failed "no completion in the daemon log"

# IPv6: a RIPng responder appears; the same interface's ipv6 transport now completes.
resp4=$net_resp
printf '2001:db8:%x::/48 %d\n' 1 1 2 2 3 3 4 4 5 5 >"$net_tmp/r6.txt"
net_responder6 "$A" va "$net_tmp/r6.txt" "$net_tmp/resp6.log" || net_done
dmn_expect "update vb ipv6" 0 "$B" update vb ipv6
n6=$("$net_bin" -s "$dmn_s" routes vb --json | "$net_py" -c '
import sys, json
print(sum(1 for r in json.load(sys.stdin)["routes"] if r["transport"] == "ipv6"))')
[ "$n6" -eq 5 ] && net_ok "the store holds the 5 RIPng routes" || net_failed "$n6 ipv6 routes, want 5"
net_stop "$net_resp"
net_resp=$resp4

# Replace: the neighbour now serves another table; the store and the kernel follow exactly.
net_stop "$net_resp"
net_responder "$A" va "$net_tmp/r2.txt" "$net_tmp/resp2.log" || net_done
dmn_expect "update vb ip (new table)" 0 "$B" update vb ip
dmn_routes_sorted "$net_tmp/got2" && cmp -s "$net_tmp/got2" "$net_tmp/r2.txt.exp" &&
	net_ok "the store holds exactly the 60 new routes" || net_failed "store after replace differs"
ip -n "$B" route show proto 157 |
	awk '{p = $1; if (p !~ /\//) p = p "/32"; for (i = 1; i < NF; i++) if ($i == "metric") m = $(i + 1); print p, m}' |
	sort >"$net_tmp/k2"
awk '{print $1, $2}' "$net_tmp/r2.txt.exp" | sort >"$net_tmp/k2.exp"
cmp -s "$net_tmp/k2" "$net_tmp/k2.exp" && net_ok "kernel routes replaced exactly (60, metric 6)" ||
	net_failed "kernel routes after replace: $(diff "$net_tmp/k2" "$net_tmp/k2.exp" | head -4)"

# SIGHUP: reload (ipx added) without losing routes.
DMN_GROUP=asdgrp$$ DMN_TRANSPORTS="ip ipv6 ipx" dmn_conf_write "install = yes"
kill -HUP "$dmn_pid"
for _ in $(seq 1 50); do grep -q 'configuration reloaded' "$net_tmp/daemon.log" && break; sleep 0.1; done
dmn_routes_sorted "$net_tmp/got3" && cmp -s "$net_tmp/got3" "$net_tmp/r2.txt.exp" &&
	net_ok "SIGHUP reloaded and kept the routes" || net_failed "routes lost on SIGHUP"
dmn_cli "$B" update vb ipx
[ "$dmn_rc" -ne "$(net_exit_of 905)" ] && net_ok "ipx enabled by the reload (update: exit $dmn_rc)" ||
	net_failed "ipx still not enabled after SIGHUP"

# Restart: SIGTERM stops cleanly, the new daemon loads the store.
net_stop "$dmn_pid"
grep -q stopping "$net_tmp/daemon.log" && net_ok "SIGTERM stopped the daemon cleanly" ||
	net_failed "no clean stop"
dmn_start "$B"
dmn_routes_sorted "$net_tmp/got4" && cmp -s "$net_tmp/got4" "$net_tmp/r2.txt.exp" &&
	net_ok "the routes survived a daemon restart" || net_failed "routes lost across a restart"

# Link down: the interface disconnects (netlink) and updates fail with 906.
ip -n "$B" link set vb down
for _ in $(seq 1 50); do
	"$net_bin" -s "$dmn_s" interfaces 2>/dev/null | grep -q '^vb .*connected' &&
		! "$net_bin" -s "$dmn_s" interfaces | grep -q ' connected' && break
	"$net_bin" -s "$dmn_s" interfaces 2>/dev/null | grep -qv ' connected ' && break
	sleep 0.1
done
dmn_expect "update with the link down" 906 "$B" update vb ip
dmn_expect "result with the link down" 906 "$B" result vb ip
ip -n "$B" link set vb up
net_wait_ll "$B" vb
for _ in $(seq 1 50); do
	"$net_bin" -s "$dmn_s" interfaces 2>/dev/null | grep -q ' connected ' && break
	sleep 0.1
done
dmn_expect "update after the link came back" 0 "$B" update vb ip
net_done
