# Fuzz harnesses, the corpus replay test and the fuzzers (see fuzz/README.md).
#
# Every target fuzz/fuzz_<t>.c defines LLVMFuzzerTestOneInput; the codec targets link proto/
# only, the others what they test (below). Linked with
# fuzz/afl_driver.c it is fuzz/fuzz_<t>: always built by `make check`, where fuzz/replay.sh
# runs it over fuzz/corpus/<t>/ and fuzz/regress/<t>/ (with the build's flags, so sanitized
# under --enable-sanitizers); built with CC=afl-clang-fast (--enable-fuzzing=afl) the same
# program is the AFL++ persistent-mode fuzzer. With --enable-fuzzing=libfuzzer, `make` also
# builds fuzz/fuzz_<t>_libfuzzer, linked with -fsanitize=fuzzer.
#
# fuzz_engine_rx and fuzz_routefile exercise code above proto/ (the engine's receive path with
# the protocol modules, the route file parser): they link libascore as well. fuzz_ctl and
# fuzz_conf compile the daemon's pure parsers (src/daemon/ctlproto.c, conf.c) in: libautostatic
# keeps as_ctl_parse hidden, and conf.c belongs to autostaticd.

FUZZ_TARGETS = rip ripng ipx frame rip_auth engine_rx routefile ctl conf
FUZZ_HARNESSES = fuzz/fuzz_rip fuzz/fuzz_ripng fuzz/fuzz_ipx fuzz/fuzz_frame fuzz/fuzz_rip_auth \
	fuzz/fuzz_engine_rx fuzz/fuzz_routefile fuzz/fuzz_ctl fuzz/fuzz_conf

FUZZ_COMMON = \
	fuzz/common.h \
	fuzz/common.c \
	fuzz/check_rip.c \
	fuzz/check_ripng.c \
	fuzz/check_ipx.c
FUZZ_LDADD = proto/libasproto.la $(CRYPTO_LIBS)
FUZZ_CORE_CF = $(AM_CFLAGS) $(PCAP_CFLAGS)
FUZZ_CORE_LIBS = $(CORE_LDADD) proto/libasproto.la
# libautostatic is a shared library: -no-install links the harness against it in the build tree
# (rpath) instead of leaving a libtool wrapper script, which afl-fuzz could not run.
FUZZ_CORE_LINK = -no-install

check_PROGRAMS += $(FUZZ_HARNESSES)
fuzz_fuzz_rip_SOURCES = fuzz/fuzz_rip.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_rip_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_ripng_SOURCES = fuzz/fuzz_ripng.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_ripng_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_ipx_SOURCES = fuzz/fuzz_ipx.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_ipx_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_frame_SOURCES = fuzz/fuzz_frame.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_frame_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_rip_auth_SOURCES = fuzz/fuzz_rip_auth.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_rip_auth_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_engine_rx_SOURCES = fuzz/fuzz_engine_rx.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_engine_rx_CFLAGS = $(FUZZ_CORE_CF)
fuzz_fuzz_engine_rx_LDADD = $(FUZZ_CORE_LIBS)
fuzz_fuzz_engine_rx_LDFLAGS = $(FUZZ_CORE_LINK)
fuzz_fuzz_routefile_SOURCES = fuzz/fuzz_routefile.c fuzz/afl_driver.c $(FUZZ_COMMON)
fuzz_fuzz_routefile_CFLAGS = $(FUZZ_CORE_CF)
fuzz_fuzz_routefile_LDADD = $(FUZZ_CORE_LIBS)
fuzz_fuzz_routefile_LDFLAGS = $(FUZZ_CORE_LINK)
fuzz_fuzz_ctl_SOURCES = fuzz/fuzz_ctl.c fuzz/afl_driver.c src/daemon/ctlproto.c $(FUZZ_COMMON)
fuzz_fuzz_ctl_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_conf_SOURCES = fuzz/fuzz_conf.c fuzz/afl_driver.c src/daemon/conf.c $(FUZZ_COMMON)
fuzz_fuzz_conf_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS)
fuzz_fuzz_conf_LDADD = src/libautostatic.la $(FUZZ_LDADD) $(INIH_LIBS)
fuzz_fuzz_conf_LDFLAGS = $(FUZZ_CORE_LINK)

TESTS += fuzz/replay.sh

if FUZZ_LIBFUZZER
FUZZ_LF_BINS = \
	fuzz/fuzz_rip_libfuzzer \
	fuzz/fuzz_ripng_libfuzzer \
	fuzz/fuzz_ipx_libfuzzer \
	fuzz/fuzz_frame_libfuzzer \
	fuzz/fuzz_rip_auth_libfuzzer \
	fuzz/fuzz_engine_rx_libfuzzer \
	fuzz/fuzz_routefile_libfuzzer \
	fuzz/fuzz_ctl_libfuzzer \
	fuzz/fuzz_conf_libfuzzer
noinst_PROGRAMS += $(FUZZ_LF_BINS)
fuzz_fuzz_rip_libfuzzer_SOURCES = fuzz/fuzz_rip.c $(FUZZ_COMMON)
fuzz_fuzz_rip_libfuzzer_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_rip_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS)
fuzz_fuzz_ripng_libfuzzer_SOURCES = fuzz/fuzz_ripng.c $(FUZZ_COMMON)
fuzz_fuzz_ripng_libfuzzer_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_ripng_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS)
fuzz_fuzz_ipx_libfuzzer_SOURCES = fuzz/fuzz_ipx.c $(FUZZ_COMMON)
fuzz_fuzz_ipx_libfuzzer_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_ipx_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS)
fuzz_fuzz_frame_libfuzzer_SOURCES = fuzz/fuzz_frame.c $(FUZZ_COMMON)
fuzz_fuzz_frame_libfuzzer_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_frame_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS)
fuzz_fuzz_rip_auth_libfuzzer_SOURCES = fuzz/fuzz_rip_auth.c $(FUZZ_COMMON)
fuzz_fuzz_rip_auth_libfuzzer_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_rip_auth_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS)
fuzz_fuzz_engine_rx_libfuzzer_SOURCES = fuzz/fuzz_engine_rx.c $(FUZZ_COMMON)
fuzz_fuzz_engine_rx_libfuzzer_CFLAGS = $(FUZZ_CORE_CF)
fuzz_fuzz_engine_rx_libfuzzer_LDADD = $(FUZZ_CORE_LIBS)
fuzz_fuzz_engine_rx_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS) $(FUZZ_CORE_LINK)
fuzz_fuzz_routefile_libfuzzer_SOURCES = fuzz/fuzz_routefile.c $(FUZZ_COMMON)
fuzz_fuzz_routefile_libfuzzer_CFLAGS = $(FUZZ_CORE_CF)
fuzz_fuzz_routefile_libfuzzer_LDADD = $(FUZZ_CORE_LIBS)
fuzz_fuzz_routefile_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS) $(FUZZ_CORE_LINK)
fuzz_fuzz_ctl_libfuzzer_SOURCES = fuzz/fuzz_ctl.c src/daemon/ctlproto.c $(FUZZ_COMMON)
fuzz_fuzz_ctl_libfuzzer_LDADD = $(FUZZ_LDADD)
fuzz_fuzz_ctl_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS)
fuzz_fuzz_conf_libfuzzer_SOURCES = fuzz/fuzz_conf.c src/daemon/conf.c $(FUZZ_COMMON)
fuzz_fuzz_conf_libfuzzer_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS)
fuzz_fuzz_conf_libfuzzer_LDADD = src/libautostatic.la $(FUZZ_LDADD) $(INIH_LIBS)
fuzz_fuzz_conf_libfuzzer_LDFLAGS = $(FUZZ_ENGINE_FLAGS) $(FUZZ_CORE_LINK)
else
FUZZ_LF_BINS =
endif
# With --enable-fuzzing=afl (CC=afl-clang-fast) nothing more is needed: the check programs
# above are then the AFL++ persistent-mode fuzzers; `make fuzz-build` builds them alone.

.PHONY: fuzz-build fuzz-corpus
fuzz-build: $(FUZZ_HARNESSES:=$(EXEEXT)) $(FUZZ_LF_BINS:=$(EXEEXT))

# Regenerates fuzz/corpus/ from pcaps/ and the hand-made seeds (see fuzz/make_corpus.sh).
EXTRA_PROGRAMS += fuzz/pcap2corpus
fuzz_pcap2corpus_SOURCES = fuzz/pcap2corpus.c
fuzz_pcap2corpus_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
fuzz_pcap2corpus_LDADD = proto/libasproto.la $(CRYPTO_LIBS) $(PCAP_LIBS)
# fuzz/corpus/ctl/ comes from the control protocol's encoders; the engine_rx, routefile and conf
# corpora from fuzz/make_corpus_core.py (no build needed).
EXTRA_PROGRAMS += fuzz/ctl_seeds
fuzz_ctl_seeds_SOURCES = fuzz/ctl_seeds.c src/daemon/ctlproto.c
fuzz_ctl_seeds_LDADD = src/libautostatic.la
fuzz_ctl_seeds_LDFLAGS = $(FUZZ_CORE_LINK)
.PHONY: fuzz-corpus-ctl
fuzz-corpus-ctl: fuzz/ctl_seeds$(EXEEXT)
	mkdir -p '$(abs_top_srcdir)/fuzz/corpus/ctl'
	rm -f '$(abs_top_srcdir)'/fuzz/corpus/ctl/synth-*
	./fuzz/ctl_seeds$(EXEEXT) '$(abs_top_srcdir)/fuzz/corpus/ctl'

fuzz-corpus: fuzz/pcap2corpus$(EXEEXT)
	$(SHELL) '$(abs_top_srcdir)/fuzz/make_corpus.sh' '$(abs_top_builddir)/fuzz/pcap2corpus$(EXEEXT)'

EXTRA_DIST += \
	fuzz/README.md \
	fuzz/make_corpus_core.py \
	fuzz/smoke.sh \
	fuzz/replay.sh \
	fuzz/make_corpus.sh \
	fuzz/merge_queue.sh \
	fuzz/campaign.sh \
	fuzz/oss-fuzz \
	fuzz/dict \
	fuzz/corpus \
	fuzz/regress
