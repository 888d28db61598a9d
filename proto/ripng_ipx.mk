# RIPng and IPX codecs (issue 3): sources and tests are listed here.

proto_libasproto_la_SOURCES += \
	proto/ripng.c \
	proto/print_ripng.c \
	proto/ipx.c \
	proto/print_ipx.c

pkginclude_HEADERS += \
	include/autostatic/ripng.h \
	include/autostatic/ipx.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_ripng tests/unit/test_ipx
TESTS += tests/unit/test_ripng tests/unit/test_ipx
tests_unit_test_ripng_SOURCES = tests/unit/test_ripng.c
tests_unit_test_ripng_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ripng_LDADD = proto/libasproto.la $(CMOCKA_LIBS)
tests_unit_test_ipx_SOURCES = tests/unit/test_ipx.c
tests_unit_test_ipx_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_ipx_LDADD = proto/libasproto.la $(CMOCKA_LIBS)
endif
