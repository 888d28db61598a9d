#!/bin/sh
# merge_queue.sh - adds to fuzz/corpus/<target>/ the few campaign inputs that reach edges the
# corpus does not, so that `make check` replays them too (under the sanitizers in CI).
#
#   fuzz/merge_queue.sh TARGET AFL_BINARY MAX_NEW QUEUE_DIR...
#
# AFL_BINARY is fuzz/fuzz_<target> from an AFL++ build (_build-afl). Each input's edges come
# from afl-showmap; a greedy set cover then picks, while it gains edges and at most MAX_NEW
# times, the queue input adding the most edges not yet covered (the shorter on a tie). Picked
# inputs are copied as afl-<content hash>. Keep a target at 200 files or fewer.
set -eu

t=${1:?usage: merge_queue.sh TARGET AFL_BINARY MAX_NEW QUEUE_DIR...}
bin=${2:?}
max=${3:?}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
corpus="$here/corpus/$t"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/queue"
for q in "$@"; do
	find "$q" -maxdepth 1 -type f -name 'id:*' -exec cp {} "$tmp/queue"/ \;
done
AFL_QUIET=1 afl-showmap -q -i "$corpus" -o "$tmp/corpus.maps" -- "$bin" >/dev/null 2>&1 || true
AFL_QUIET=1 afl-showmap -q -i "$tmp/queue" -o "$tmp/queue.maps" -- "$bin" >/dev/null 2>&1 || true

"${PYTHON3:-python3}" - "$tmp" "$corpus" "$max" <<'PY'
import hashlib, os, shutil, sys
tmp, corpus, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
def edges(d):
    out = {}
    for f in os.listdir(d):
        with open(os.path.join(d, f)) as fp:
            out[f] = {line.split(':')[0] for line in fp if line.strip()}
    return out
have = set().union(*edges(os.path.join(tmp, 'corpus.maps')).values())
queue = edges(os.path.join(tmp, 'queue.maps'))
size = {f: os.path.getsize(os.path.join(tmp, 'queue', f)) for f in queue}
picked = 0
while picked < limit:
    best = max(queue, key=lambda f: (len(queue[f] - have), -size[f]), default=None)
    if best is None or not queue[best] - have:
        break
    have |= queue.pop(best)
    data = open(os.path.join(tmp, 'queue', best), 'rb').read()
    name = 'afl-' + hashlib.sha1(data).hexdigest()[:16]
    shutil.copy(os.path.join(tmp, 'queue', best), os.path.join(corpus, name))
    picked += 1
print(f'{os.path.basename(corpus)}: {picked} input(s) added, {len(have)} edges covered')
PY
