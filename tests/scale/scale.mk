# tests/scale/scale.mk - engine scale (root only; SKIP otherwise): one `autostatic update` run of
# a thousand sessions against our responders in network namespaces, RIP on 8 links and RIPng on
# one link of 1000 link-local addresses, request and triggered mode, nothing lost. Speed is
# reported by bench/scale_bench.sh, never asserted here.
TESTS += tests/scale/scale.sh
EXTRA_DIST += tests/scale/scale.sh
