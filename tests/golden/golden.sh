#!/bin/sh
# golden.sh - golden decodes of every capture under pcaps/ (see tests/golden/README.md).
#
#   golden.sh            compare `autostatic decode` (text and --json, stdout and the summary on
#                        stderr) with tests/golden/expected/; print a unified diff per mismatch
#   golden.sh --regen    rewrite tests/golden/expected/ (make regen-golden)
#
# Environment (set by `make check`): top_srcdir, top_builddir; AUTOSTATIC overrides the binary.
# Exit status: 0 all equal (or regenerated), 1 a mismatch, 77 skipped, 99 hard error.
set -u

mode=check
case "${1:-}" in
--regen) mode=regen ;;
'') ;;
*)
	echo "usage: $0 [--regen]" >&2
	exit 99
	;;
esac

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
bin=${AUTOSTATIC:-$top_builddir/src/cli/autostatic}
pcaps=$top_srcdir/pcaps
expected=$top_srcdir/tests/golden/expected
keys=$top_srcdir/tests/golden/keys.txt

if [ ! -x "$bin" ]; then
	echo "golden: $bin is not built (run make first)" >&2
	exit 99
fi
if [ ! -d "$pcaps" ]; then
	echo "SKIP: golden: no captures at $pcaps"
	exit 77
fi
if [ ! -r "$keys" ]; then
	echo "golden: missing $keys" >&2
	exit 99
fi

TZ=UTC
LC_ALL=C
export TZ LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' INT TERM HUP

# Every key from pcaps/MANIFEST.md, each as "-k KEY" (a key without algorithm or key id serves
# any packet); kept in keys.txt so that tshark_diff.py passes the same ones.
set --
while IFS= read -r k || [ -n "$k" ]; do
	case $k in '' | '#'*) continue ;; esac
	set -- "$@" -k "$k"
done <"$keys"

find "$pcaps" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) |
	LC_ALL=C sort >"$tmp/captures"
if [ ! -s "$tmp/captures" ]; then
	echo "SKIP: golden: no captures under $pcaps"
	exit 77
fi

mkdir "$tmp/out" || exit 99
fail=0
n=0
while IFS= read -r cap; do
	rel=${cap#"$pcaps"/}
	name=$(printf '%s\n' "$rel" | sed 's,/,__,g')
	n=$((n + 1))
	"$bin" decode -r "$cap" "$@" </dev/null >"$tmp/out/$name.txt" 2>"$tmp/out/$name.summary.txt"
	echo "exit status: $?" >>"$tmp/out/$name.summary.txt"
	"$bin" decode --json -r "$cap" "$@" </dev/null >"$tmp/out/$name.jsonl" 2>"$tmp/out/$name.summary.json"
	echo "exit status: $?" >>"$tmp/out/$name.summary.json"
	printf '%s\n' "$name.txt" "$name.summary.txt" "$name.jsonl" "$name.summary.json" >>"$tmp/produced"
done <"$tmp/captures"

if [ "$mode" = regen ]; then
	mkdir -p "$expected" || exit 99
	changed=0
	while IFS= read -r f; do
		if [ ! -f "$expected/$f" ]; then
			echo "new:     $f"
		elif cmp -s "$tmp/out/$f" "$expected/$f"; then
			continue
		else
			echo "updated: $f"
		fi
		cp "$tmp/out/$f" "$expected/$f" || exit 99
		changed=$((changed + 1))
	done <"$tmp/produced"
	for f in "$expected"/*; do
		[ -f "$f" ] || continue
		b=${f##*/}
		if ! grep -qxF "$b" "$tmp/produced"; then
			echo "removed: $b (its capture is gone)"
			rm -f "$f"
			changed=$((changed + 1))
		fi
	done
	echo "golden: $n captures, $changed files written or removed in $expected"
	echo "Review the changes (git diff tests/golden/expected) before committing them."
	exit 0
fi

while IFS= read -r f; do
	if [ ! -f "$expected/$f" ]; then
		echo "FAIL: $f: no expected output (new capture? run 'make regen-golden' and review)"
		fail=1
	elif ! cmp -s "$expected/$f" "$tmp/out/$f"; then
		echo "FAIL: $f differs from the expected output:"
		diff -u --label "expected/$f" --label "actual/$f" "$expected/$f" "$tmp/out/$f"
		fail=1
	fi
done <"$tmp/produced"
for f in "$expected"/*; do
	[ -f "$f" ] || continue
	b=${f##*/}
	if ! grep -qxF "$b" "$tmp/produced"; then
		echo "FAIL: $b: expected output of a capture that no longer exists (run 'make regen-golden')"
		fail=1
	fi
done
if [ "$fail" -ne 0 ]; then
	echo "golden: mismatches found; if the change is intended, run 'make regen-golden' and review"
	exit 1
fi
echo "golden: $n captures, text and JSON output and summaries all as expected"
exit 0
