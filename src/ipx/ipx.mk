# src/ipx/ipx.mk - the IPX RIP / SAP protocol module (requester and responder), the service
# table and the IPX route and service files.
src_libascore_la_SOURCES += \
	src/core/svctable.c \
	src/ipx/ipx_mod.h \
	src/ipx/ipx_ops.c \
	src/ipx/ipx_update.c \
	src/ipx/ipx_respond.c \
	src/ipx/ipx_files.h \
	src/ipx/ipx_files.c

if HAVE_CMOCKA
IPX_UNIT_TESTS = tests/unit/test_svctable tests/unit/test_ipx_files tests/unit/test_ipx_update
check_PROGRAMS += $(IPX_UNIT_TESTS)
TESTS += $(IPX_UNIT_TESTS)
IPX_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_svctable_SOURCES = tests/unit/test_svctable.c
tests_unit_test_svctable_CFLAGS = $(IPX_UNIT_CFLAGS)
tests_unit_test_svctable_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
tests_unit_test_ipx_files_SOURCES = tests/unit/test_ipx_files.c
tests_unit_test_ipx_files_CFLAGS = $(IPX_UNIT_CFLAGS)
tests_unit_test_ipx_files_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
tests_unit_test_ipx_update_SOURCES = tests/unit/test_ipx_update.c $(CAPWRITER_SOURCES)
tests_unit_test_ipx_update_CFLAGS = $(IPX_UNIT_CFLAGS)
tests_unit_test_ipx_update_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
endif
