# Tests: cmocka unit tests, golden decodes of the bundled captures, the tshark differential.
if HAVE_CMOCKA
UNIT_TESTS = \
	tests/unit/test_cursor \
	tests/unit/test_rip \
	tests/unit/test_rip_auth \
	tests/unit/test_frame \
	tests/unit/test_strbuf
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(CRYPTO_CFLAGS) $(PCAP_CFLAGS)
UNIT_LDADD = proto/libasproto.la $(CMOCKA_LIBS) $(CRYPTO_LIBS) $(PCAP_LIBS)
tests_unit_test_cursor_SOURCES = tests/unit/test_cursor.c
tests_unit_test_cursor_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cursor_LDADD = $(UNIT_LDADD)
tests_unit_test_rip_SOURCES = tests/unit/test_rip.c tests/unit/pcapfile.h tests/unit/pcapfile.c
tests_unit_test_rip_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rip_LDADD = $(UNIT_LDADD)
tests_unit_test_rip_auth_SOURCES = tests/unit/test_rip_auth.c tests/unit/pcapfile.h tests/unit/pcapfile.c
tests_unit_test_rip_auth_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rip_auth_LDADD = $(UNIT_LDADD)
tests_unit_test_frame_SOURCES = tests/unit/test_frame.c tests/unit/pcapfile.h tests/unit/pcapfile.c
tests_unit_test_frame_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_frame_LDADD = $(UNIT_LDADD)
tests_unit_test_strbuf_SOURCES = tests/unit/test_strbuf.c
tests_unit_test_strbuf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_strbuf_LDADD = $(UNIT_LDADD)
endif

# The program as a user meets it, and live capture in network namespaces (root only).
SHELL_TESTS = tests/cli.sh tests/live_decode.sh
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS)
