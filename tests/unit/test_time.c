#include "config.h"

#include <string.h>

#include "core/clock.h"
#include "core/datefmt.h"
#include "core/dispute.h"
#include "core/promise.h"
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

static int64_t dt(const char *s, enum date_order o, const char *pattern, const char *lang)
{
    struct date_format f = {"", ""};
    if (pattern) {
        snprintf(f.pattern, sizeof f.pattern, "%s", pattern);
        snprintf(f.lang, sizeof f.lang, "%s", lang);
    }
    int64_t t = 0;
    struct sd_err err = {0};
    if (datetime_parse(s, o, &f, &t, &err) != SD_OK)
        fail_msg("'%s' rejected: %s", s, err.msg);
    return t;
}

static void dt_rejects(const char *s, enum date_order o, const char *why)
{
    int64_t t = 0;
    struct sd_err err = {0};
    if (datetime_parse(s, o, NULL, &t, &err) == SD_OK)
        fail_msg("'%s' accepted", s);
    if (why && !strstr(err.msg, why))
        fail_msg("'%s': '%s' lacks '%s'", s, err.msg, why);
}

/* What exports and spreadsheets write: the instant 2026-11-22 10:05 in Shanghai. */
static void test_tolerant_forms(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    int64_t want = 1795313100; /* 2026-11-22 10:05:00 +08:00 */
    enum date_order a = DATE_ORDER_AUTO;
    assert_int_equal(dt("2026-11-22 10:05:00 +0800", a, NULL, NULL), want);
    assert_int_equal(dt("2026-11-22T02:05:00Z", a, NULL, NULL), want);
    assert_int_equal(dt("2026-11-22 02:05 UTC", a, NULL, NULL), want);
    assert_int_equal(dt("2026/11/22 10:05", a, NULL, NULL), want);
    assert_int_equal(dt("2026.11.22 10:05", a, NULL, NULL), want);
    assert_int_equal(dt("2026\xe5\xb9\xb4" "11\xe6\x9c\x88" "22\xe6\x97\xa5 10:05", a, NULL, NULL),
                     want);
    assert_int_equal(dt("22/11/2026 10:05", a, NULL, NULL), want);  /* a day above 12 */
    assert_int_equal(dt("11/22/26 10:05 AM", a, NULL, NULL), want); /* a month first */
    assert_int_equal(dt("11/22/2026 10:05:00 a.m.", a, NULL, NULL), want);
    assert_int_equal(dt("22.11.2026 10:05", a, NULL, NULL), want);
    assert_int_equal(dt("22-11-2026 10:05", a, NULL, NULL), want);
    assert_int_equal(dt("11/22/2026 22:05", a, NULL, NULL), want + 12 * 3600);
    assert_int_equal(dt("11/22/2026 10:05 PM", a, NULL, NULL), want + 12 * 3600);
    assert_int_equal(dt("11/22/2026 12:05 AM", a, NULL, NULL), want - 10 * 3600);
    assert_int_equal(dt("2026-11-22 \xe4\xb8\x8b\xe5\x8d\x88" "10:05", a, NULL, NULL),
                     want + 12 * 3600); /* 下午 */
    /* day and month that both fit: the order decides, and without one it is refused with
     * both readings named */
    assert_int_equal(dt("03/04/2026 10:05", DATE_ORDER_DMY, NULL, NULL),
                     dt("2026-04-03 10:05", a, NULL, NULL));
    assert_int_equal(dt("03/04/2026 10:05", DATE_ORDER_MDY, NULL, NULL),
                     dt("2026-03-04 10:05", a, NULL, NULL));
    dt_rejects("03/04/2026 10:05", a, "2026-04-03 day first or 2026-03-04 month first");
    assert_int_equal(dt("04/04/2026", a, NULL, NULL), dt("2026-04-04", a, NULL, NULL));
    /* a mapping's format, with month names in a language */
    assert_int_equal(dt("22. Nov. 2026, 10:05 Uhr", a, "%d. %b %Y, %H:%M Uhr", "de"), want);
    assert_int_equal(dt("10. Dez. 2025, 02:20 Uhr", a, "%d. %b %Y, %H:%M Uhr", "de"),
                     dt("2025-12-10 02:20", a, NULL, NULL));
    assert_int_equal(dt("22 d\xc3\xa9""c. 2026 10:05", a, "%d %b %Y %H:%M", "fr"),
                     dt("2026-12-22 10:05", a, NULL, NULL));
    assert_int_equal(dt("Nov 22, 2026 10:05 AM", a, "%b %d, %Y %I:%M %p", "en"), want);
    assert_int_equal(dt("12/31/2023", a, "%m/%d/%Y", "en"), dt("2023-12-31", a, NULL, NULL));
    dt_rejects("31/31/2026", a, "not a date");
    dt_rejects("2026-02-30 10:00", a, NULL);
    dt_rejects("11/22/2026 25:00", a, NULL);
    dt_rejects("yesterday", a, NULL);
    struct date_format bad = {"%d %q %Y", "en"};
    struct sd_err err = {0};
    assert_int_equal(date_format_check(&bad, &err), SD_INPUT);
    struct date_format noyear = {"%d %b", "en"};
    assert_int_equal(date_format_check(&noyear, &err), SD_INPUT);
    struct date_format klingon = {"%d %b %Y", "tlh"};
    assert_int_equal(date_format_check(&klingon, &err), SD_INPUT);
}

/* Day first or month first is decided by the whole column. */
static void test_date_order_evidence(void **state)
{
    (void)state;
    struct date_evidence e = {0};
    enum date_order o;
    struct sd_err err = {0};
    date_observe(&e, "03/04/2026 10:00", 2);
    date_observe(&e, "05/06/2026 10:00", 3);
    assert_int_equal(date_decide(&e, &o, &err), SD_INPUT);
    assert_int_equal(e.either_line, 2); /* the caller names the line: FILE:2 */
    assert_non_null(strstr(err.msg, "2026-04-03 day first or 2026-03-04 month first"));
    assert_non_null(strstr(err.msg, "--date-order"));
    date_observe(&e, "25/06/2026 10:00", 9);
    assert_int_equal(date_decide(&e, &o, &err), SD_OK);
    assert_int_equal(o, DATE_ORDER_DMY);
    date_observe(&e, "06/25/2026 10:00", 12);
    assert_int_equal(date_decide(&e, &o, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "line 9 has the day first, line 12 the month first"));
    struct date_evidence iso = {0};
    date_observe(&iso, "2026-06-05 10:00", 2);
    date_observe(&iso, "07/07/2026", 3);
    assert_int_equal(date_decide(&iso, &o, &err), SD_OK);
    assert_int_equal(o, DATE_ORDER_AUTO);
}

/* Delivery promises: paid before the cut-off, shipped by the end of that shop day; at or
 * after it, by the end of the next; across midnight; with more days; on a day whose clocks
 * jump, the cut-off is the time on the wall. */
static void test_promise_clock(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    struct promise_rule r = {11 * 60, 0, NULL, NULL, NULL};
    int64_t end20 = parse("2026-11-21T00:00:00+08:00"), end21 = parse("2026-11-22T00:00:00+08:00");
    assert_int_equal(promise_deadline(&r, parse("2026-11-20T10:59:59+08:00")), end20);
    assert_int_equal(promise_deadline(&r, parse("2026-11-20T11:00:00+08:00")), end21);
    assert_int_equal(promise_deadline(&r, parse("2026-11-20T00:00:00+08:00")), end20);
    /* a minute before midnight: after the cut-off, so the end of the next day */
    assert_int_equal(promise_deadline(&r, parse("2026-11-20T23:59:00+08:00")), end21);
    /* paid at 02:00 Shanghai is the day before in UTC: the shop's day counts */
    assert_int_equal(promise_deadline(&r, parse("2026-11-19T18:00:00Z")), end20);
    r.days = 2;
    assert_int_equal(promise_deadline(&r, parse("2026-11-20T10:00:00+08:00")),
                     parse("2026-11-23T00:00:00+08:00"));
    /* through the clock seam, as an order paid "now" is: 30 s before midnight is after the
     * cut-off; 30 s after it, a new day before the cut-off */
    r.days = 0;
    struct clock_saved saved;
    clock_save(&saved);
    clock_set(parse("2026-11-20T23:59:30+08:00"), false);
    assert_int_equal(promise_deadline(&r, clock_now()), end21);
    clock_set(parse("2026-11-21T00:00:30+08:00"), false);
    assert_int_equal(promise_deadline(&r, clock_now()), end21);
    clock_restore(&saved);
    /* Berlin, 2026-03-29: the clocks go from 02:00 to 03:00. At 10:30 on the wall (9.5 h
     * after midnight) a 10:00 cut-off has passed. */
    tz_use("Europe/Berlin");
    struct promise_rule b = {10 * 60, 0, NULL, NULL, NULL};
    assert_int_equal(promise_deadline(&b, parse("2026-03-29T10:30:00+02:00")),
                     parse("2026-03-31T00:00:00+02:00"));
    assert_int_equal(promise_deadline(&b, parse("2026-03-29T09:59:00+02:00")),
                     parse("2026-03-30T00:00:00+02:00"));
    tz_use("UTC");
}

/* A dispute's deadline is so many hours after it was opened, an instant: across midnight, in
 * whatever zone the shop reads it, and over a night whose clocks jump. An answer on the
 * second of the deadline is in time; one a second later is not; none is never in time. */
static void test_dispute_deadline(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    int64_t opened = parse("2026-11-20T23:30:00+08:00");
    int64_t due = dispute_deadline(opened, 48);
    assert_int_equal(due, parse("2026-11-22T23:30:00+08:00"));
    assert_int_equal(due, parse("2026-11-22T15:30:00Z")); /* the same instant in UTC */
    char buf[32];
    time_format_local(due, buf);
    assert_string_equal(buf, "2026-11-22 23:30");
    /* 24 h from a minute before midnight: a minute before the next midnight */
    assert_int_equal(dispute_deadline(parse("2026-11-20T23:59:00+08:00"), 24),
                     parse("2026-11-21T23:59:00+08:00"));
    assert_true(dispute_in_time(due, due));
    assert_false(dispute_in_time(due + 1, due));
    assert_false(dispute_in_time(0, due));
    /* New York, 2026-11-01: clocks go back at 02:00; 24 h from 00:30 is 23:30 on the wall */
    tz_use("America/New_York");
    time_format_local(dispute_deadline(parse("2026-11-01T00:30:00-04:00"), 24), buf);
    assert_string_equal(buf, "2026-11-01 23:30");
    tz_use("UTC");
}

/* The first rule that fits: region (in the address), courier, a line's SKU prefix. */
static void test_promise_match(void **state)
{
    (void)state;
    struct promise_rule rules[] = {
        {12 * 60, 0, NULL, NULL, "3C-"},
        {10 * 60, 1, "新疆", NULL, NULL},
        {16 * 60, 0, NULL, "顺丰速运", NULL},
        {11 * 60, 0, NULL, NULL, NULL},
    };
    const char *phone[] = {"TS-001", "3C-PHONE-9"}, *shirt[] = {"TS-001"};
    assert_ptr_equal(promise_match(rules, 4, "上海市", "", phone, 2), &rules[0]);
    assert_ptr_equal(promise_match(rules, 4, "新疆乌鲁木齐市", "", shirt, 1), &rules[1]);
    assert_ptr_equal(promise_match(rules, 4, "上海市", "顺丰速运", shirt, 1), &rules[2]);
    assert_ptr_equal(promise_match(rules, 4, "上海市", "", shirt, 1), &rules[3]);
    assert_null(promise_match(rules, 3, "上海市", "", shirt, 1));
    assert_null(promise_match(rules, 0, "上海市", "", shirt, 1));
}

RUN_TESTS(
    cmocka_unit_test(test_dispute_deadline),
    cmocka_unit_test(test_tolerant_forms),
    cmocka_unit_test(test_date_order_evidence),
    cmocka_unit_test(test_parse_forms),
    cmocka_unit_test(test_parse_rejects),
    cmocka_unit_test(test_local_day),
    cmocka_unit_test(test_dst_day),
    cmocka_unit_test(test_dates),
    cmocka_unit_test(test_formats),
    cmocka_unit_test(test_clock_seam),
    cmocka_unit_test(test_promise_clock),
    cmocka_unit_test(test_promise_match),
)
