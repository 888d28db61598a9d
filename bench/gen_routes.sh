#!/bin/bash
# gen_routes.sh - writes N distinct IPv4 routes for the benchmarks, as an autostatic route file
# (autostatic-routes(5): "PREFIX METRIC" a line) or as BIRD 2 static routes.
#
#   gen_routes.sh [-f routes|bird] N [FILE]      (FILE defaults to standard output)
#
# Up to 2048 routes: /26s of 198.18.0.0/15 (the benchmark range, PEERS.md). More: /28s of
# 10.0.0.0/8 (up to 1 048 576), then /32s (up to 16 777 216), advertised only, never installed.
# Route k has metric 1 + k mod 14: still below 16 (unreachable) once a receiver adds the cost of
# its link (RFC 2453 §3.9.2). The output is deterministic; N routes are a prefix of N+1 when
# both use the same prefix length.
set -eu -o pipefail
export LC_ALL=C

fmt=routes
if [[ ${1:-} == -f ]]; then
	fmt=${2:-}
	shift 2
fi
n=${1:-}
out=${2:--}
if [[ ! $n =~ ^[1-9][0-9]*$ || ($fmt != routes && $fmt != bird) ]]; then
	echo "usage: gen_routes.sh [-f routes|bird] N [FILE]" >&2
	exit 2
fi
if ((n > 16777216)); then
	echo "gen_routes.sh: at most 16777216 routes" >&2
	exit 2
fi
if [[ $out != - ]]; then
	exec >"$out"
fi

awk -v n="$n" -v fmt="$fmt" 'BEGIN {
	for (k = 0; k < n; k++) {
		if (n <= 2048) {
			a = k * 64	# /26 steps inside 198.18.0.0/15
			p = sprintf("198.%d.%d.%d/26", 18 + int(a / 65536), int(a / 256) % 256, a % 256)
		} else if (n <= 1048576) {
			a = k * 16
			p = sprintf("10.%d.%d.%d/28", int(a / 65536), int(a / 256) % 256, a % 256)
		} else {
			p = sprintf("10.%d.%d.%d/32", int(k / 65536), int(k / 256) % 256, k % 256)
		}
		if (fmt == "bird")
			printf "\troute %s blackhole;\n", p
		else
			printf "%s %d\n", p, 1 + k % 14
	}
}'
