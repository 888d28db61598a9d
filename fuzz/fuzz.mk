# Fuzz harnesses, the corpus replay test and the fuzzers (see fuzz/README.md).
#
# Every target fuzz/fuzz_<t>.c defines LLVMFuzzerTestOneInput and links proto/ only. Linked with
# fuzz/afl_driver.c it is fuzz/fuzz_<t>: always built by `make check`, where fuzz/replay.sh
# runs it over fuzz/corpus/<t>/ and fuzz/regress/<t>/ (with the build's flags, so sanitized
# under --enable-sanitizers); built with CC=afl-clang-fast (--enable-fuzzing=afl) the same
# program is the AFL++ persistent-mode fuzzer. With --enable-fuzzing=libfuzzer, `make` also
# builds fuzz/fuzz_<t>_libfuzzer, linked with -fsanitize=fuzzer.

FUZZ_TARGETS = rip ripng ipx frame rip_auth
FUZZ_HARNESSES = fuzz/fuzz_rip fuzz/fuzz_ripng fuzz/fuzz_ipx fuzz/fuzz_frame fuzz/fuzz_rip_auth

FUZZ_COMMON = \
	fuzz/common.h \
	fuzz/common.c \
	fuzz/check_rip.c \
	fuzz/check_ripng.c \
	fuzz/check_ipx.c
FUZZ_LDADD = proto/libasproto.la $(CRYPTO_LIBS)

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

TESTS += fuzz/replay.sh

if FUZZ_LIBFUZZER
FUZZ_LF_BINS = \
	fuzz/fuzz_rip_libfuzzer \
	fuzz/fuzz_ripng_libfuzzer \
	fuzz/fuzz_ipx_libfuzzer \
	fuzz/fuzz_frame_libfuzzer \
	fuzz/fuzz_rip_auth_libfuzzer
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
fuzz-corpus: fuzz/pcap2corpus$(EXEEXT)
	$(SHELL) '$(abs_top_srcdir)/fuzz/make_corpus.sh' '$(abs_top_builddir)/fuzz/pcap2corpus$(EXEEXT)'

EXTRA_DIST += \
	fuzz/README.md \
	fuzz/smoke.sh \
	fuzz/replay.sh \
	fuzz/make_corpus.sh \
	fuzz/merge_queue.sh \
	fuzz/campaign.sh \
	fuzz/oss-fuzz \
	fuzz/dict \
	fuzz/corpus \
	fuzz/regress
