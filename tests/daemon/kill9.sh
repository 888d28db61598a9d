#!/bin/sh
# kill9.sh - crash safety of the route store through the daemon (DESIGN.md): updates of 100,000
# routes (10.0.0.0/8, advertised only) are interrupted by kill -9 at random moments, 50 times;
# after each restart the store holds exactly the old set or the new one, never a mix. Two
# responders' tables alternate (A, B) so that every update replaces one whole set by another.
. "${top_srcdir:-.}/tests/daemon/lib.sh"
dmn_init daemon-kill9 python3
A=askA$$ B=askB$$
KILLS=${KILLS:-50}
N=${N:-100000}
net_pair "$A" "$B"
"$net_py" - "$net_tmp" "$N" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
# Table A: /28s from 10.0.0.0 metric 1; table B: the same count shifted by half, metric 2.
for name, off, m in (("a", 0, 1), ("b", n // 2, 2)):
    with open(f"{d}/{name}.txt", "w") as f, open(f"{d}/{name}.exp", "w") as e:
        rows = []
        for i in range(off, off + n):
            a = 0x0A000000 + i * 16
            p = f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}/28"
            f.write(f"{p} {m}\n")
            rows.append(f"{p} {m + 1}")
        e.write("\n".join(sorted(rows)) + "\n")
PY
DMN_TIMEOUT=3 DMN_TRANSPORTS=ip dmn_conf_write "ip.quiet-ms = 300"
net_responder "$A" va "$net_tmp/a.txt" "$net_tmp/resp.log" || net_done
dmn_start "$B"
t0=$(date +%s.%N)
dmn_expect "first update of $N routes (table A)" 0 "$B" update vb ip
t1=$(date +%s.%N)
dur=$("$net_py" -c "print(max(0.2, min(5.0, $t1 - $t0)))")
echo "one update of $N routes: $("$net_py" -c "print(round($t1 - $t0, 2))") s"
dmn_routes_sorted "$net_tmp/s" && cmp -s "$net_tmp/s" "$net_tmp/a.exp" &&
	net_ok "store holds table A" || net_failed "store after the first update is not table A"
cur=a
old_n=0 new_n=0 bad=0 start=$(date +%s)
for i in $(seq 1 "$KILLS"); do
	# The other table is served; the update replaces cur by it, unless killed first.
	nxt=b
	[ "$cur" = b ] && nxt=a
	net_stop "$net_resp"
	net_responder "$A" va "$net_tmp/$nxt.txt" "$net_tmp/resp.log" || net_done
	ip netns exec "$B" "$net_bin" -s "$dmn_s" update vb ip --async >/dev/null 2>&1
	delay=$("$net_py" -c "import random; print(round(random.uniform(0, $dur * 1.2), 3))")
	sleep "$delay"
	kill -9 "$dmn_pid"
	wait "$dmn_pid" 2>/dev/null
	net_pids=$(echo "$net_pids" | tr ' ' '\n' | grep -v "^$dmn_pid\$" | tr '\n' ' ')
	dmn_start "$B"
	dmn_routes_sorted "$net_tmp/s" || { bad=$((bad + 1)); echo "kill $i: store unreadable"; continue; }
	if cmp -s "$net_tmp/s" "$net_tmp/$cur.exp"; then
		old_n=$((old_n + 1))
	elif cmp -s "$net_tmp/s" "$net_tmp/$nxt.exp"; then
		new_n=$((new_n + 1))
		cur=$nxt
	else
		bad=$((bad + 1))
		echo "kill $i after ${delay}s: the store holds $(wc -l <"$net_tmp/s") routes, neither set"
	fi
	[ $(($(date +%s) - start)) -gt 600 ] && { echo "time bound reached after $i kills"; break; }
done
echo "kills: old set $old_n, new set $new_n, mixed/unreadable $bad, in $(($(date +%s) - start)) s"
[ "$bad" -eq 0 ] && net_ok "after every kill -9 the store held exactly the old or the new set" ||
	net_failed "$bad restarts found a store that is neither set"
[ "$old_n" -gt 0 ] && [ "$new_n" -gt 0 ] && net_ok "kills landed both before and after the commit" ||
	echo "note: all kills landed on one side of the commit (old $old_n, new $new_n)"
net_done
