#!/bin/sh
# store_crash.sh - the route store after kill -9 at 50 random moments while generations of
# 100,000 routes are being saved: every time the store must load exactly one generation whole
# (an old one or a new one, never a mix), and never an older one than it loaded before.
set -u
bin=${top_builddir:-.}/tests/admin/crash_child
[ -x "$bin" ] || { echo "SKIP: $bin not built"; exit 77; }
dir=$(mktemp -d /tmp/asstore-crash.XXXXXX)
child=""
cleanup() {
	[ -n "$child" ] && kill -9 "$child" 2>/dev/null && wait "$child" 2>/dev/null
	rm -rf "$dir" "$dir.err" "$dir.out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
N=100000
last=0
fail=0
inside=0
for i in $(seq 1 50); do
	"$bin" save "$dir" "$N" >"$dir.out" 2>"$dir.err" &
	child=$!
	# Wait (5 s at most) until it has loaded the store and saves, then a random moment within
	# the next 0.2 s, the time of a few saves.
	for _ in $(seq 1 500); do
		grep -q saving "$dir.out" 2>/dev/null && break
		kill -0 "$child" 2>/dev/null || break
		sleep 0.01
	done
	ms=$(( $(od -An -N2 -tu2 /dev/urandom) % 200 ))
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$child" 2>/dev/null
	wait "$child" 2>/dev/null
	child=""
	# A temporary file left behind: the kill landed inside a save.
	mid=""
	for f in "$dir"/*.tmp; do [ -e "$f" ] && mid=" (inside a save)" && inside=$((inside + 1)); done
	if ! k=$("$bin" check "$dir" "$N"); then
		echo "FAIL: kill $i after ${ms} ms: the store holds a mixed or broken set (gen $k)"
		fail=1
		break
	fi
	if [ "$k" -lt "$last" ]; then
		echo "FAIL: kill $i: generation $k loaded after $last"
		fail=1
		break
	fi
	echo "ok $i: killed after ${ms} ms$mid, generation $k loaded"
	last=$k
done
rm -f "$dir.err" "$dir.out"
echo "$inside of 50 kills landed inside a save"
[ "$fail" -eq 0 ] && [ "$last" -gt 0 ] && exit 0
[ "$last" -eq 0 ] && echo "FAIL: no generation was ever saved"
exit 1
