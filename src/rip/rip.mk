# src/rip/rip.mk - the RIP protocol module (requester and responder) and the route table, route
# file and update dispatch it shares with the other modules (src/core/).
src_libascore_la_SOURCES += \
	src/core/rtable.c \
	src/core/linereader.c \
	src/core/linereader.h \
	src/core/routefile.c \
	src/core/update.c \
	src/core/session.c \
	src/core/session.h \
	src/rip/rip_mod.h \
	src/rip/rip_ops.c \
	src/rip/rip_update.c \
	src/rip/rip_respond.c

if HAVE_CMOCKA
# Capture writing and update running, shared by the RIP, RIPng and IPX requester tests.
CAPWRITER_SOURCES = tests/unit/capwriter.c tests/unit/capwriter.h
RIP_UNIT_TESTS = tests/unit/test_rtable tests/unit/test_routefile tests/unit/test_rip_update
check_PROGRAMS += $(RIP_UNIT_TESTS)
TESTS += $(RIP_UNIT_TESTS)
RIP_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_rtable_SOURCES = tests/unit/test_rtable.c
tests_unit_test_rtable_CFLAGS = $(RIP_UNIT_CFLAGS)
tests_unit_test_rtable_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
tests_unit_test_routefile_SOURCES = tests/unit/test_routefile.c
tests_unit_test_routefile_CFLAGS = $(RIP_UNIT_CFLAGS)
tests_unit_test_routefile_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
tests_unit_test_rip_update_SOURCES = tests/unit/test_rip_update.c $(CAPWRITER_SOURCES)
tests_unit_test_rip_update_CFLAGS = $(RIP_UNIT_CFLAGS)
tests_unit_test_rip_update_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
endif

# The route file a responder serves.
dist_man_MANS += doc/autostatic-routes.5
