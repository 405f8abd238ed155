#include "config.h"

#include "core/clock.h"
#include "core/tz.h"
#include "unit.h"

static int64_t parse(const char *s)
{
    int64_t t = 0;
    struct sd_err err = {0};
    if (time_parse(s, &t, &err) != SD_OK)
        fail_msg("'%s' rejected: %s", s, err.msg);
    return t;
}

static void test_parse_forms(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    /* 2026-11-22 10:05:07 +08:00 = 02:05:07 UTC */
    int64_t want = 1795313107;
    assert_int_equal(parse("2026-11-22T10:05:07+08:00"), want);
    assert_int_equal(parse("2026-11-22T02:05:07Z"), want);
    assert_int_equal(parse("2026-11-22 10:05:07"), want);    /* shop local */
    assert_int_equal(parse("2026/11/22 10:05:07"), want);    /* Taobao */
    assert_int_equal(parse("2026-11-21 21:05:07 -0500"), want); /* Shopify */
    assert_int_equal(parse("2026-11-22 10:05:07 +0800"), want);
    assert_int_equal(parse("2026-11-22T10:05:07.250+08:00"), want);
    assert_int_equal(parse("2026-11-22 10:05"), want - 7);
    assert_int_equal(parse("2026-11-22"), want - (10 * 3600 + 5 * 60 + 7));
}

static void test_parse_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"", "yesterday", "2026-13-01", "2026-02-30", "2026-11-22 25:00",
                         "2026-11-22 10:61", "2026-11-22T10:05:07+25:00", "2026-11-22 10:05 x",
                         "26-11-22", "2026-11-22Z", "1969-12-31", NULL};
    for (int i = 0; bad[i]; i++) {
        int64_t t = 5;
        struct sd_err err = {0};
        if (time_parse(bad[i], &t, &err) == SD_OK)
            fail_msg("'%s' accepted as %lld", bad[i], (long long)t);
        assert_int_equal(t, 5);
        assert_non_null(strstr(err.msg, bad[i]));
    }
}

static void test_local_day(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    /* 23:59 and 00:01 shop time fall on different shop days, though both are the same UTC
     * day (15:59 and 16:01 UTC) */
    struct sd_date a = date_of(parse("2026-11-21 23:59"));
    struct sd_date b = date_of(parse("2026-11-22 00:01"));
    assert_int_equal(a.d, 21);
    assert_int_equal(b.d, 22);
    int64_t start = date_start((struct sd_date){2026, 11, 22});
    assert_int_equal(start, parse("2026-11-21T16:00:00Z"));
    assert_true(parse("2026-11-22 00:01") >= start);
    assert_true(parse("2026-11-21 23:59") < start);
}

static void test_dst_day(void **state)
{
    (void)state;
    /* a shop in New York: the day DST ends has 25 hours */
    tz_use("America/New_York");
    int64_t s1 = date_start((struct sd_date){2026, 11, 1});
    int64_t s2 = date_start((struct sd_date){2026, 11, 2});
    assert_int_equal(s2 - s1, 25 * 3600);
    s1 = date_start((struct sd_date){2026, 3, 8});
    s2 = date_start((struct sd_date){2026, 3, 9});
    assert_int_equal(s2 - s1, 23 * 3600);
    tz_use("UTC");
}

static void test_dates(void **state)
{
    (void)state;
    struct sd_date d;
    struct sd_err err = {0};
    assert_int_equal(date_parse("2024-02-29", &d, &err), SD_OK);
    assert_int_equal(date_parse("2025-02-29", &d, &err), SD_INPUT);
    assert_int_equal(date_parse("2026-1-5", &d, &err), SD_OK);
    assert_int_equal(d.m, 1);
    struct sd_date x = date_add((struct sd_date){2026, 12, 31}, 1);
    assert_int_equal(x.y, 2027);
    assert_int_equal(x.m, 1);
    assert_int_equal(x.d, 1);
    x = date_add((struct sd_date){2024, 3, 1}, -1);
    assert_int_equal(x.d, 29);
    assert_int_equal(date_diff((struct sd_date){2026, 1, 1}, (struct sd_date){2027, 1, 1}), 365);
    assert_int_equal(date_weekday((struct sd_date){2026, 11, 23}), 1); /* a Monday */
    char buf[11];
    date_format((struct sd_date){2026, 3, 7}, buf);
    assert_string_equal(buf, "2026-03-07");
}

static void test_formats(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    char buf[32];
    time_format_iso(parse("2026-11-22T02:05:07Z"), buf);
    assert_string_equal(buf, "2026-11-22T10:05:07+08:00");
    time_format_local(parse("2026-11-22T02:05:07Z"), buf);
    assert_string_equal(buf, "2026-11-22 10:05");
    countdown_format(299, buf);
    assert_string_equal(buf, "4:59");
    countdown_format(-65, buf);
    assert_string_equal(buf, "-1:05");
    duration_format(19 * 60 + 33, buf);
    assert_string_equal(buf, "19m");
    duration_format(2 * 3600 + 5 * 60, buf);
    assert_string_equal(buf, "2h 05m");
    duration_format(3 * 86400 + 4 * 3600, buf);
    assert_string_equal(buf, "3d 4h");
    tz_use("UTC");
}

static void test_clock_seam(void **state)
{
    (void)state;
    clock_set(1795313107, false);
    assert_int_equal(clock_now(), 1795313107);
    assert_int_equal(clock_now(), 1795313107);
    clock_set(1795313107, true);
    assert_true(clock_now() >= 1795313107 && clock_now() < 1795313107 + 5);
    clock_set(0, false);
    assert_true(clock_now() > 1700000000);
}

RUN_TESTS(
    cmocka_unit_test(test_parse_forms),
    cmocka_unit_test(test_parse_rejects),
    cmocka_unit_test(test_local_day),
    cmocka_unit_test(test_dst_day),
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_formats),
    cmocka_unit_test(test_clock_seam),
)
