# Benchmarks (not tests): see bench/README.md. `make bench` builds the programs below (they are
# not built by `make` or `make check`) and runs bench/decode_bench.sh.
EXTRA_PROGRAMS = bench/gen_rip_pcap bench/pcap_loop
bench_gen_rip_pcap_SOURCES = bench/gen_rip_pcap.c
bench_gen_rip_pcap_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_gen_rip_pcap_LDADD = proto/libasproto.la $(CRYPTO_LIBS) $(PCAP_LIBS)
bench_pcap_loop_SOURCES = bench/pcap_loop.c
bench_pcap_loop_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
bench_pcap_loop_LDADD = $(PCAP_LIBS)
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/decode_bench.sh bench/README.md

.PHONY: bench
bench: src/cli/autostatic$(EXEEXT) bench/gen_rip_pcap$(EXEEXT) bench/pcap_loop$(EXEEXT)
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	TCPDUMP='$(TCPDUMP)' TSHARK='$(TSHARK)' \
		bash '$(abs_top_srcdir)/bench/decode_bench.sh'
