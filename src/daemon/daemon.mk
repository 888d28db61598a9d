# src/daemon/daemon.mk - autostaticd (the daemon), its control protocol, the remote admin client
# in libautostatic, the admin commands of the CLI (src/cli/admin.mk), and their tests.
src_libautostatic_la_SOURCES += \
	src/admin/remote.c \
	src/daemon/ctlproto.h \
	src/daemon/ctlproto.c

# The daemon.
sbin_PROGRAMS = src/daemon/autostaticd
src_daemon_autostaticd_SOURCES = \
	src/daemon/autostaticd.c \
	src/daemon/daemon.h \
	src/daemon/conf.h \
	src/daemon/conf.c \
	src/daemon/control.c \
	src/daemon/ctlproto.h \
	src/daemon/ctlproto.c \
	src/daemon/privdrop.c \
	src/daemon/log.c \
	src/daemon/linkwatch.c
src_daemon_autostaticd_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS) $(MNL_CFLAGS)
src_daemon_autostaticd_LDADD = src/libautostatic.la $(INIH_LIBS) $(MNL_LIBS)

dist_man_MANS += doc/autostaticd.8 doc/autostatic.conf.5
dist_doc_DATA += doc/control-protocol.md
EXTRA_DIST += contrib/autostaticd.service

# Pure parts, unit-tested without privileges: the control protocol and the configuration.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ctlproto tests/unit/test_conf
TESTS += tests/unit/test_ctlproto tests/unit/test_conf
tests_unit_test_ctlproto_SOURCES = tests/unit/test_ctlproto.c src/daemon/ctlproto.c \
	src/daemon/ctlproto.h
tests_unit_test_ctlproto_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ctlproto_LDADD = src/libautostatic.la $(CMOCKA_LIBS)
tests_unit_test_conf_SOURCES = tests/unit/test_conf.c src/daemon/conf.c src/daemon/conf.h
tests_unit_test_conf_CFLAGS = $(AM_CFLAGS) $(INIH_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_conf_LDADD = src/libautostatic.la $(INIH_LIBS) $(CMOCKA_LIBS)
endif

# Integration in network namespaces (root; SKIP otherwise): the daemon against our responder
# and BIRD, IPX RIP/SAP, and kill -9 during updates of 100,000 routes.
DAEMON_TESTS = tests/daemon/responder.sh tests/daemon/bird.sh tests/daemon/ipx.sh \
	tests/daemon/kill9.sh
TESTS += $(DAEMON_TESTS)
EXTRA_DIST += $(DAEMON_TESTS) tests/daemon/lib.sh
