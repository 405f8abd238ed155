#include "config.h"

#include <time.h>

#include "conf/settings.h"
#include "conf/theme.h"
#include "conf/ydoc.h"
#include "util/strbuf.h"
#include "unit.h"

/* Parse text as settings; expect failure with msg containing want (FILE:LINE:COL first). */
static void settings_fail(const char *text, const char *want)
{
    struct settings s;
    struct sd_err err = {0};
    int rc = settings_parse("shop.yaml", text, strlen(text), &s, &err);
    if (rc != SD_INPUT)
        fail_msg("accepted: %s", text);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
    /* the defaults are in place after a failure */
    assert_int_equal(s.refunds.sla_minutes, 5);
    settings_clear(&s);
}

static void test_settings_good(void **state)
{
    (void)state;
    const char *text = "shop:\n  name: 小店\n  currency: USD\n  timezone: UTC\n"
                       "refunds:\n  sla_minutes: 10\n  separation_of_duties: false\n"
                       "  agent_ceiling: 99.50\n";
    struct settings s;
    struct sd_err err = {0};
    assert_int_equal(settings_parse("shop.yaml", text, strlen(text), &s, &err), SD_OK);
    assert_string_equal(s.name, "小店");
    assert_string_equal(s.currency->code, "USD");
    assert_int_equal(s.refunds.sla_minutes, 10);
    assert_false(s.refunds.separation_of_duties);
    assert_int_equal(s.refunds.agent_ceiling, 9950);
    settings_clear(&s);
}

static void test_settings_errors(void **state)
{
    (void)state;
    settings_fail("shop:\n  name: x\n  colour: red\n", "shop.yaml:3:3: unknown key 'colour'");
    settings_fail("shop:\n  currency: XYZ\n", "shop.yaml:2:13: unknown currency 'XYZ'");
    settings_fail("shop:\n  timezone: Mars/Olympus\n", "unknown time zone");
    settings_fail("refunds:\n  sla_minutes: soon\n", "shop.yaml:2:16: 'soon' is not a whole");
    settings_fail("refunds:\n  sla_minutes: 0\n", "out of range");
    settings_fail("refunds:\n  separation_of_duties: maybe\n", "true or false");
    settings_fail("refunds:\n  agent_ceiling: 12.345\n", "3 decimal places; CNY allows 2");
    settings_fail("shop:\n  name: a\n  name: b\n", "shop.yaml:3:3: duplicate key 'name'");
    settings_fail("shop: [1, 2]\n", "shop must be a mapping");
    settings_fail("", "empty");
    settings_fail("shop:\n  name: \"unterminated\n", "shop.yaml:");
    settings_fail("- a\n- b\n", "must be a mapping");
}

static void test_alias_bomb(void **state)
{
    (void)state;
    const char *text = "a: &a [x, x, x, x, x, x, x, x, x]\n"
                       "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
    struct ydoc *d = NULL;
    struct sd_err err = {0};
    assert_int_equal(ydoc_parse("bomb.yaml", text, strlen(text), &d, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "bomb.yaml:2:"));
    assert_non_null(strstr(err.msg, "aliases"));
    assert_null(d);
}

static double seconds_since(struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_deep_nesting(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 100000; i++)
        sb_addch(&sb, '[');
    for (int i = 0; i < 100000; i++)
        sb_addch(&sb, ']');
    struct ydoc *d = NULL;
    struct sd_err err = {0};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(ydoc_parse("deep.yaml", sb.buf, sb.len, &d, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "deep.yaml:1:"));
    assert_non_null(strstr(err.msg, "nested too deeply"));
    assert_true(seconds_since(&t0) < 0.5);
    sb_free(&sb);
}

static void test_huge_scalar_and_many_keys(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    sb_adds(&sb, "name: ");
    for (int i = 0; i < 100000; i++)
        sb_addch(&sb, 'x');
    struct ydoc *d = NULL;
    struct sd_err err = {0};
    assert_int_equal(ydoc_parse("big.yaml", sb.buf, sb.len, &d, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "big.yaml:1:7: value too long"));
    sb_reset(&sb);
    for (int i = 0; i < 50000; i++)
        sb_addf(&sb, "k%d: %d\n", i, i);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(ydoc_parse("keys.yaml", sb.buf, sb.len, &d, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "too many keys"));
    assert_true(seconds_since(&t0) < 0.5);
    sb_free(&sb);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    const char text[] = "shop:\n  name: caf\xe9\n";
    struct ydoc *d = NULL;
    struct sd_err err = {0};
    assert_int_equal(ydoc_parse("latin1.yaml", text, sizeof text - 1, &d, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "latin1.yaml:"));
}

static void test_theme(void **state)
{
    (void)state;
    struct theme t;
    struct sd_err err = {0};
    const char *good = "name: t\nslots:\n  overdue: {fg: bright-red, bg: 236, attrs: [bold], "
                       "mono: [reverse]}\n";
    assert_int_equal(theme_parse("t.yaml", good, strlen(good), &t, &err), SD_OK);
    assert_int_equal(t.slot[SLOT_OVERDUE].fg, 9);
    assert_int_equal(t.slot[SLOT_OVERDUE].bg, 236);
    assert_int_equal(t.slot[SLOT_OVERDUE].mono, TATTR_REVERSE);
    const char *bad = "slots:\n  overdue:\n    fg: purple-ish\n";
    assert_int_equal(theme_parse("bad.yaml", bad, strlen(bad), &t, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "bad.yaml:3:9: unknown colour 'purple-ish'"));
    struct theme def;
    theme_default(&def);
    assert_memory_equal(t.slot, def.slot, sizeof t.slot); /* the default is used */
    const char *slot = "slots:\n  blinking_lights: {fg: red}\n";
    assert_int_equal(theme_parse("s.yaml", slot, strlen(slot), &t, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "s.yaml:2:3: unknown slot"));
}

static void test_color_fallback(void **state)
{
    (void)state;
    bool bold;
    assert_int_equal(theme_color_fallback(196, 256, &bold), 196);
    assert_int_equal(theme_color_fallback(196, 16, &bold), 9); /* bright red */
    assert_false(bold);
    assert_int_equal(theme_color_fallback(196, 8, &bold), 1); /* red, bold */
    assert_true(bold);
    assert_int_equal(theme_color_fallback(12, 8, &bold), 4);
    assert_true(bold);
    assert_int_equal(theme_color_fallback(8, 8, &bold), THEME_COLOR_DEFAULT);
    assert_int_equal(theme_color_fallback(-1, 8, &bold), -1);
    assert_int_equal(theme_color_fallback(232, 16, &bold), 0);  /* near black */
    assert_int_equal(theme_color_fallback(255, 16, &bold), 7); /* light gray */
    assert_int_equal(theme_color_fallback(231, 16, &bold), 15); /* white */
}

RUN_TESTS(
    cmocka_unit_test(test_settings_good),
    cmocka_unit_test(test_settings_errors),
    cmocka_unit_test(test_alias_bomb),
    cmocka_unit_test(test_deep_nesting),
    cmocka_unit_test(test_huge_scalar_and_many_keys),
    cmocka_unit_test(test_invalid_utf8),
    cmocka_unit_test(test_theme),
    cmocka_unit_test(test_color_fallback),
)
