# src/ripng/ripng.mk - the RIPng protocol module (requester and responder; RFC 2080, RFC 2091).
src_libascore_la_SOURCES += \
	src/ripng/ripng_mod.h \
	src/ripng/ripng_ops.c \
	src/ripng/ripng_update.c \
	src/ripng/ripng_respond.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ripng_update
TESTS += tests/unit/test_ripng_update
tests_unit_test_ripng_update_SOURCES = tests/unit/test_ripng_update.c $(CAPWRITER_SOURCES)
tests_unit_test_ripng_update_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_ripng_update_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
endif
