/* test_cursor.c - the bounds-checked reader/writer: values, sticky errors, no overrun. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "proto/cursor.h"

static void test_read_values(void **state)
{
	(void)state;
	static const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
	struct as_rd r;
	as_rd_init(&r, b, sizeof b);
	assert_int_equal(as_rd_u8(&r), 0x01);
	assert_int_equal(as_rd_be16(&r), 0x0203);
	assert_int_equal(as_rd_be32(&r), 0x04050607);
	assert_false(r.err);
	assert_int_equal(as_rd_left(&r), 0);
}

static void test_read_overrun_is_sticky(void **state)
{
	(void)state;
	static const uint8_t b[] = {0xAA, 0xBB, 0xCC};
	struct as_rd r;
	as_rd_init(&r, b, sizeof b);
	assert_int_equal(as_rd_be16(&r), 0xAABB);
	assert_int_equal(as_rd_be16(&r), 0); /* one byte left: fails, yields zero */
	assert_true(r.err);
	assert_int_equal(r.off, 2); /* nothing consumed by the failed read */
	assert_int_equal(as_rd_u8(&r), 0); /* sticky: even a read that would fit fails now */
	assert_int_equal(as_rd_left(&r), 0);
	uint8_t dst[4] = {1, 2, 3, 4};
	as_rd_bytes(&r, dst, sizeof dst);
	assert_int_equal(dst[0] | dst[1] | dst[2] | dst[3], 0);
}

static void test_read_every_length(void **state)
{
	(void)state;
	static const uint8_t b[8] = {0};
	for (size_t len = 0; len <= sizeof b; len++) {
		struct as_rd r;
		as_rd_init(&r, b, len);
		as_rd_be32(&r);
		as_rd_be32(&r);
		assert_int_equal(r.err, len < 8);
	}
}

static void test_write_refuses_overflow(void **state)
{
	(void)state;
	uint8_t buf[8];
	for (size_t cap = 0; cap < 7; cap++) {
		memset(buf, 0xEE, sizeof buf);
		struct as_wr w;
		as_wr_init(&w, buf, cap);
		as_wr_u8(&w, 1);
		as_wr_be16(&w, 0x0203);
		as_wr_be32(&w, 0x04050607);
		assert_true(w.err);
		for (size_t i = w.off; i < sizeof buf; i++)
			assert_int_equal(buf[i], 0xEE); /* nothing past what fitted */
		assert_true(w.off <= cap);
	}
	struct as_wr w;
	as_wr_init(&w, buf, 7);
	as_wr_u8(&w, 1);
	as_wr_be16(&w, 0x0203);
	as_wr_be32(&w, 0x04050607);
	assert_false(w.err);
	static const uint8_t want[] = {1, 2, 3, 4, 5, 6, 7};
	assert_memory_equal(buf, want, sizeof want);
}

static void test_write_zero_and_bytes(void **state)
{
	(void)state;
	uint8_t buf[6] = {9, 9, 9, 9, 9, 9};
	struct as_wr w;
	as_wr_init(&w, buf, sizeof buf);
	as_wr_zero(&w, 2);
	as_wr_bytes(&w, "ab", 2);
	as_wr_zero(&w, 3); /* does not fit: nothing written */
	assert_true(w.err);
	static const uint8_t want[] = {0, 0, 'a', 'b', 9, 9};
	assert_memory_equal(buf, want, sizeof want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_values),
		cmocka_unit_test(test_read_overrun_is_sticky),
		cmocka_unit_test(test_read_every_length),
		cmocka_unit_test(test_write_refuses_overflow),
		cmocka_unit_test(test_write_zero_and_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
