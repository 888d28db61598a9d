# src/engine/core.mk - the packet engine core: loop, clock, channels, reply matching, timers,
# counters, frame templates. The I/O backends are listed in io.mk.
src_libascore_la_SOURCES += \
	src/engine/core_priv.h \
	src/engine/loop.c \
	src/engine/engine_new.c \
	src/engine/timer.c \
	src/engine/counters.c \
	src/engine/match.c \
	src/engine/chan.c \
	src/engine/tmpl.c

if HAVE_CMOCKA
ENGINE_UNIT_TESTS = tests/unit/test_timer tests/unit/test_tmpl tests/unit/test_engine
check_PROGRAMS += $(ENGINE_UNIT_TESTS)
TESTS += $(ENGINE_UNIT_TESTS)
ENGINE_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCAP_CFLAGS)
ENGINE_UNIT_LDADD = $(CORE_LDADD) $(CMOCKA_LIBS)
tests_unit_test_timer_SOURCES = tests/unit/test_timer.c
tests_unit_test_timer_CFLAGS = $(ENGINE_UNIT_CFLAGS)
tests_unit_test_timer_LDADD = $(ENGINE_UNIT_LDADD)
tests_unit_test_tmpl_SOURCES = tests/unit/test_tmpl.c
tests_unit_test_tmpl_CFLAGS = $(ENGINE_UNIT_CFLAGS)
tests_unit_test_tmpl_LDADD = $(ENGINE_UNIT_LDADD)
tests_unit_test_engine_SOURCES = tests/unit/test_engine.c
tests_unit_test_engine_CFLAGS = $(ENGINE_UNIT_CFLAGS)
tests_unit_test_engine_LDADD = $(ENGINE_UNIT_LDADD)
endif
