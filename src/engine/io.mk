# src/engine/io.mk - the engine's I/O backends (AF_PACKET, libpcap live, pcap replay), the
# recording tee and the live helpers (interface state, port sink, neighbour resolution), with
# their tests. The engine core is listed in core.mk.
src_libascore_la_SOURCES += \
	src/engine/afpacket.c \
	src/engine/pcaplive.c \
	src/engine/replay.c \
	src/engine/rec.c \
	src/engine/iface.c \
	src/engine/sink.c \
	src/engine/neigh.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_replay
TESTS += tests/unit/test_replay
tests_unit_test_replay_SOURCES = tests/unit/test_replay.c
tests_unit_test_replay_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS)
tests_unit_test_replay_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
endif

# Live I/O between two network namespaces (root only; SKIP otherwise).
check_PROGRAMS += tests/engine/io_probe
tests_engine_io_probe_SOURCES = tests/engine/io_probe.c
tests_engine_io_probe_CFLAGS = $(AM_CFLAGS) $(PCAP_CFLAGS)
tests_engine_io_probe_LDADD = $(CORE_LDADD)
TESTS += tests/engine/live_io.sh
EXTRA_DIST += tests/engine/live_io.sh tests/engine/README.md
