#!/bin/sh
# kinstall.sh - autostatic routes in the kernel (rtnetlink, our route protocol number): an update
# installs the learned routes on the interface, the next one replaces them exactly, a failed one
# leaves them, a clear removes them; a static route of another protocol on the same interface and
# a route of our protocol on another interface are never touched. Also: the store survives the
# router's restart. Runs our responder and the admin API (admin_update) in two namespaces.
. "${top_srcdir:-.}/tests/net/lib.sh"
net_init kinstall
drv=${top_builddir:-.}/tests/admin/admin_update
[ -x "$drv" ] || net_skip "$drv not built"

A=asKinA$$ B=asKinB$$
net_pair "$A" "$B"
P=157
state=$net_tmp/state
r1=$net_tmp/r1.txt r2=$net_tmp/r2.txt
net_routes "$r1" 30 fixed:1
# The second table: 10 of the first with metric 3, and 5 new ones.
"$net_py" - "$r1" "$r2" <<'PY'
import sys
lines = [l.split()[0] for l in open(sys.argv[1]) if not l.startswith('#')]
with open(sys.argv[2], 'w') as f:
    for p in lines[:10]:
        f.write(f"{p} 3\n")
    for i in range(5):
        f.write(f"198.19.{i}.0/24 2\n")
PY

# Someone else's routes that must survive: a static one on va, ours on another interface.
# (no dummy driver in every kernel: a second veth pair inside A serves as the other interface)
ip -n "$A" link add d0 type veth peer name d1 || { echo "FAIL: veth d0"; exit 1; }
ip -n "$A" link set d0 up && ip -n "$A" link set d1 up
ip -n "$A" route add 198.18.100.0/24 via 192.0.2.2 dev va proto static
ip -n "$A" route add 198.19.200.0/24 dev d0 proto $P

# "PREFIX METRIC" of our kernel routes on va, sorted.
ours() {
	ip -n "$A" -4 route show proto $P dev va | awk '{m=""; for (i=1;i<=NF;i++) if ($i=="metric") m=$(i+1); print $1, m}' |
		sed 's/^\([0-9.]*\) /\1\/32 /; s/\(\/[0-9]*\)\/32 /\1 /' | sort
}
# "PREFIX METRIC+1" wanted from a route file.
want() {
	grep -v '^#' "$1" | awk '{print $1, $2 + 1}' | sort
}
foreign_intact() {
	ip -n "$A" route show 198.18.100.0/24 proto static dev va | grep -q . &&
		ip -n "$A" route show 198.19.200.0/24 proto $P dev d0 | grep -q .
}
run() {
	ip netns exec "$A" "$drv" -s "$state" -i va -n 192.0.2.2 -P $P "$@" >"$net_tmp/out" 2>&1
	run_rc=$?
}

net_responder "$B" vb "$r1" "$net_tmp/resp1.log" || exit 1
run --install
if [ "$run_rc" -eq 0 ] && [ "$(ours)" = "$(want "$r1")" ]; then
	net_ok "update installed $(ours | wc -l) routes under protocol $P"
else
	net_failed "install: rc $run_rc; $(head -3 "$net_tmp/out"); kernel has $(ours | wc -l)"
fi
foreign_intact && net_ok "foreign routes untouched" || net_failed "a foreign route went away"
net_stop "$net_resp"

net_responder "$B" vb "$r2" "$net_tmp/resp2.log" || exit 1
run --install
if [ "$run_rc" -eq 0 ] && [ "$(ours)" = "$(want "$r2")" ]; then
	net_ok "second update replaced them exactly ($(ours | wc -l) routes)"
else
	net_failed "replace: rc $run_rc; kernel: $(ours | tr '\n' ';')"
fi
foreign_intact && net_ok "foreign routes untouched" || net_failed "a foreign route went away"
net_stop "$net_resp"

# Nobody answers: the update fails, the kernel and the store keep the second table.
run --install
if [ "$run_rc" -ne 0 ] && grep -q 'status ERROR_CAN_NOT_COMPLETE' "$net_tmp/out" &&
	[ "$(ours)" = "$(want "$r2")" ] && grep -q '^routes 15$' "$net_tmp/out"; then
	net_ok "failed update kept the old set (kernel and store)"
else
	net_failed "failed update: $(head -3 "$net_tmp/out"); kernel $(ours | wc -l)"
fi

# Restart with installation: the stored routes go back after someone deleted them.
ip -n "$A" route flush proto $P dev va
run --install --no-update
if [ "$(ours)" = "$(want "$r2")" ]; then
	net_ok "stored routes reinstalled when the router restarts and connects"
else
	net_failed "reinstall: kernel $(ours | wc -l)"
fi

run --install --clear
if [ "$run_rc" -eq 0 ] && [ -z "$(ours)" ] && grep -q '^routes 0$' "$net_tmp/out"; then
	net_ok "clear removed our routes from the kernel and the store"
else
	net_failed "clear: $(head -3 "$net_tmp/out"); kernel $(ours | wc -l)"
fi
foreign_intact && net_ok "foreign routes untouched" || net_failed "a foreign route went away"
net_done
