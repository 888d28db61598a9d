# Benchmarks (not tests): see bench/README.md. `make bench` builds the programs below (they are
# not built by `make` or `make check`) and runs bench/decode_bench.sh, then the network benches
# (update_bench.sh, dumps_bench.sh, replay_bench.sh, scale_bench.sh), which need root and skip (status 77) without it.
EXTRA_PROGRAMS = bench/gen_rip_pcap bench/pcap_loop bench/raw_pair bench/dump_client
bench_gen_rip_pcap_SOURCES = bench/gen_rip_pcap.c
bench_gen_rip_pcap_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_gen_rip_pcap_LDADD = proto/libasproto.la $(CRYPTO_LIBS) $(PCAP_LIBS)
bench_pcap_loop_SOURCES = bench/pcap_loop.c
bench_pcap_loop_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_pcap_loop_LDADD = $(PCAP_LIBS)
bench_raw_pair_SOURCES = bench/raw_pair.c
bench_raw_pair_LDADD = -lpthread
bench_dump_client_SOURCES = bench/dump_client.c
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/decode_bench.sh bench/update_bench.sh bench/dumps_bench.sh \
	bench/gen_routes.sh bench/netns.sh bench/README.md bench/scale_bench.sh

BENCH_ENV = top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	TCPDUMP='$(TCPDUMP)' TSHARK='$(TSHARK)'
BENCH_DEPS = src/cli/autostatic$(EXEEXT) bench/gen_rip_pcap$(EXEEXT) \
	bench/pcap_loop$(EXEEXT) bench/raw_pair$(EXEEXT) bench/dump_client$(EXEEXT)

# One after the other (two would disturb each other's figures); a network bench that skips (77,
# not root or a tool missing) does not fail `make bench`; a failing one fails it at the end.
.PHONY: bench bench-decode bench-update bench-dumps bench-replay bench-scale
bench: $(BENCH_DEPS)
	@fail=0; for b in decode_bench.sh update_bench.sh dumps_bench.sh replay_bench.sh scale_bench.sh; do \
		st=0; $(BENCH_ENV) bash "$(abs_top_srcdir)/bench/$$b" || st=$$?; \
		if test $$st = 77; then echo "$$b: skipped"; \
		elif test $$st != 0; then echo "$$b: FAILED ($$st)"; fail=1; fi; \
	done; exit $$fail
bench-scale: $(BENCH_DEPS)
	$(BENCH_ENV) bash '$(abs_top_srcdir)/bench/scale_bench.sh'
bench-replay: $(BENCH_DEPS)
	$(BENCH_ENV) bash '$(abs_top_srcdir)/bench/replay_bench.sh'
bench-decode: $(BENCH_DEPS)
	$(BENCH_ENV) bash '$(abs_top_srcdir)/bench/decode_bench.sh'
bench-update: $(BENCH_DEPS)
	$(BENCH_ENV) bash '$(abs_top_srcdir)/bench/update_bench.sh'
bench-dumps: $(BENCH_DEPS)
	$(BENCH_ENV) bash '$(abs_top_srcdir)/bench/dumps_bench.sh'
