# src/admin/admin.mk - the admin API (public, in libautostatic), the in-process router with its
# router managers, the route store and kernel installation; their tests.
src_libautostatic_la_SOURCES += \
	src/admin/admin_impl.h \
	src/admin/server.c \
	src/admin/router.c \
	src/admin/store.h \
	src/admin/store.c \
	src/admin/kinstall.h \
	src/admin/kinstall.c
src_libautostatic_la_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS) $(MNL_CFLAGS) $(CRYPTO_CFLAGS)
src_libautostatic_la_LIBADD += src/libascore.la $(PCAP_LIBS) $(MNL_LIBS) $(NET_LIBS) -lpthread
pkginclude_HEADERS += include/autostatic/admin.h
dist_doc_DATA += doc/store-format.md

if HAVE_CMOCKA
# The tests compile the admin sources in: they reach the router's test hooks, which the shared
# library keeps hidden.
ADMIN_UNIT_TESTS = tests/unit/test_admin tests/unit/test_store
check_PROGRAMS += $(ADMIN_UNIT_TESTS)
TESTS += $(ADMIN_UNIT_TESTS)
ADMIN_SRC = src/admin/server.c src/admin/router.c src/admin/store.c src/admin/kinstall.c
ADMIN_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS) $(MNL_CFLAGS)
ADMIN_UNIT_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS) -lpthread
tests_unit_test_admin_SOURCES = tests/unit/test_admin.c tests/unit/admin_cap.h \
	tests/unit/admin_cap.c $(ADMIN_SRC)
tests_unit_test_admin_CFLAGS = $(ADMIN_UNIT_CFLAGS)
tests_unit_test_admin_LDADD = $(ADMIN_UNIT_LDADD)
tests_unit_test_store_SOURCES = tests/unit/test_store.c src/admin/store.c
tests_unit_test_store_CFLAGS = $(ADMIN_UNIT_CFLAGS)
tests_unit_test_store_LDADD = $(ADMIN_UNIT_LDADD)
endif

# The kill -9 test of the store and the kernel installation test (root, namespaces).
check_PROGRAMS += tests/admin/crash_child tests/admin/admin_update
tests_admin_crash_child_SOURCES = tests/admin/crash_child.c src/admin/store.c
tests_admin_crash_child_LDADD = $(CORE_LDADD)
tests_admin_admin_update_SOURCES = tests/admin/admin_update.c
tests_admin_admin_update_LDADD = src/libautostatic.la
ADMIN_SHELL_TESTS = tests/admin/store_crash.sh tests/admin/kinstall.sh
TESTS += $(ADMIN_SHELL_TESTS)
EXTRA_DIST += $(ADMIN_SHELL_TESTS)
