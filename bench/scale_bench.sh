#!/bin/bash
# scale_bench.sh - what one `autostatic update` run costs against the number of sessions it
# drives (1, 100, 1000, 10,000): RIPng (RFC 2080) to N link-local addresses on one veth, and
# RIP (RFC 2453) to 250 addresses on each of N/250 veths (one responder namespace each), in
# whole-table request and RFC 2091 triggered mode; the engine resolves every neighbour itself
# (ARP / ND). Reports the start time (all sessions started), total time, time per session, max
# RSS and memory per session, and how each grows per decade. Nothing is asserted about speed;
# a run where a session fails or misses routes fails the bench. Needs root; exits 77 without.
# Set-up is tests/scale/scale.sh's (SCALE_LIB=1). See bench/README.md, "Scale".
#
# Environment:
#   BENCH_SCALE_N       session counts (default "1 100 1000 10000")
#   BENCH_SCALE_MODES   modes (default "request triggered")
#   BENCH_SCALE_SERIES  "ripng-one-link rip-many-links" (default both)
#   BENCH_SCALE_ROUTES  routes each responder serves (default 20)
#   BENCH_SCALE_KNOWN=1 the neighbours are in the requester's kernel table (no ARP / ND: the
#                       responder kernel's per-address work on each question drops out)
#   top_builddir, top_srcdir   (set by `make bench`)
set -u
export LC_ALL=C TZ=UTC

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
top_builddir=${top_builddir:-$(pwd)}
export top_builddir
PYTHON3=/usr/bin/python3
[[ -x $PYTHON3 ]] || PYTHON3=$(command -v python3 || true)
[[ -n $PYTHON3 ]] || { echo "scale_bench: SKIP: python3 not found"; exit 77; }
[[ -x /usr/bin/time ]] || { echo "scale_bench: SKIP: /usr/bin/time not found (max RSS)"; exit 77; }
export PYTHON3
export SCALE_LIB=1
# shellcheck source=tests/scale/scale.sh source-path=SCRIPTDIR/..
. "$top_srcdir/tests/scale/scale.sh"
sc_check_env
trap sc_cleanup EXIT
trap 'exit 1' INT TERM

counts=${BENCH_SCALE_N:-1 100 1000 10000}
modes=${BENCH_SCALE_MODES:-request triggered}
series=${BENCH_SCALE_SERIES:-ripng-one-link rip-many-links}
routes=${BENCH_SCALE_ROUTES:-20}
res=$(mktemp)
fail=0

for s in $series; do
	for mode in $modes; do
		for n in $counts; do
			if [[ $s == ripng-one-link ]]; then
				fam=6 links=1 per=$n
			else
				fam=4 links=$(((n + 249) / 250)) per=$(((n + links - 1) / links))
			fi
			total=$((links * per))
			if ! sc_setup "$fam" "$links" "$per" "$routes" "$mode"; then
				echo "scale_bench: $s $mode $n: set-up failed"
				fail=1
				sc_cleanup
				continue
			fi
			[[ ${BENCH_SCALE_KNOWN:-0} == 1 ]] && sc_known "$fam"
			out="$sc_tmp/out.json"
			sc_run "$fam" "$mode" "$out" --timeout 2 --retries 5
			if ! msg=$(sc_verify "$out" "$total"); then
				echo "scale_bench: $s $mode $n: $msg"
				fail=1
			fi
			"$PYTHON3" - "$out" "$out.time" "$s" "$mode" "$total" "$links" >>"$res" <<'PY'
import json, re, sys
out, tf, s, mode, n, links = sys.argv[1:7]
d = json.load(open(out))
t = open(tf).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
print(s, mode, n, links, d.get("ok"), "%.1f" % d["start_ms"], "%.1f" % d["elapsed_ms"], rss)
PY
			sc_cleanup
		done
	done
done

how="engine ARP/ND"
[[ ${BENCH_SCALE_KNOWN:-0} == 1 ]] && how="neighbours in the kernel table"
echo "scale_bench: one update run, N sessions ($how; $routes routes each)"
"$PYTHON3" - "$res" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
hdr = "%-15s %-9s %6s %5s %6s %9s %9s %10s %9s %8s %9s" % (
    "series", "mode", "N", "links", "ok", "start_ms", "total_ms", "us/sess", "start_us",
    "rss_MB", "KB/sess")
print(hdr)
by = {}
for s, mode, n, links, ok, st, el, rss in rows:
    n, links, ok, st, el, rss = int(n), int(links), int(ok), float(st), float(el), int(rss)
    by.setdefault((s, mode), []).append((n, links, ok, st, el, rss))
for (s, mode), rs in by.items():
    rs.sort()
    base_rss = rs[0][5]
    for n, links, ok, st, el, rss in rs:
        kb = (rss - base_rss) / (n - rs[0][0]) if n > rs[0][0] else float("nan")
        print("%-15s %-9s %6d %5d %6d %9.1f %9.1f %10.1f %9.1f %8.1f %9.2f" % (
            s, mode, n, links, ok, st, el, el * 1e3 / n, st * 1e3 / n, rss / 1024, kb))
    # Growth per decade: total time (and start time) ratio between successive counts, and the
    # exponent k of time ~ N^k between them (1 = linear).
    for a, b in zip(rs, rs[1:]):
        if a[0] < 10 or b[0] <= a[0]:
            continue
        dec = math.log10(b[0] / a[0])
        k = math.log(b[4] / a[4]) / math.log(b[0] / a[0]) if a[4] > 0 else float("nan")
        ks = math.log(b[3] / a[3]) / math.log(b[0] / a[0]) if a[3] > 0 else float("nan")
        print("  %s %s N %d -> %d: total x%.1f (N^%.2f), start x%.1f (N^%.2f), per %.1f decade" % (
            s, mode, a[0], b[0], b[4] / a[4], k, b[3] / a[3], ks, dec))
PY
rm -f "$res"
exit $fail
