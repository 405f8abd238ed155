#include "config.h"

#include <locale.h>

#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/width.h"
#include "unit.h"

static char *fit(const char *s, int cols, enum width_align al)
{
    static char out[256];
    struct strbuf sb = STRBUF_INIT;
    width_fit(&sb, s, cols, al);
    snprintf(out, sizeof out, "%s", sb_str(&sb));
    sb_free(&sb);
    return out;
}

static void run_widths(void)
{
    assert_int_equal(width_str("abc"), 3);
    assert_int_equal(width_str("张三"), 4);
    assert_int_equal(width_str("张三 Li"), 7);
    assert_int_equal(width_str("ｱ"), 1);              /* halfwidth katakana */
    assert_int_equal(width_str("Ａ"), 2);             /* fullwidth A */
    assert_int_equal(width_str("e\xcc\x81"), 1);      /* e + combining acute */
    assert_int_equal(width_str("\xf0\x9f\x8e\x81"), 2); /* 🎁 */
    assert_int_equal(width_str("a\xffz"), 6);         /* an invalid byte shows as \xff */
}

static void test_width_internal(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    width_init();
    run_widths();
}

static void test_width_libc(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        skip();
    width_init();
    run_widths();
    setlocale(LC_ALL, "C");
    width_init();
}

static void test_fit_pads_exactly(void **state)
{
    (void)state;
    width_init();
    for (int cols = 1; cols <= 12; cols++) {
        const char *samples[] = {"", "ab", "张三丰", "Anna 李", "🎁 gift 礼物", "ｱｲｳ"};
        for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
            const char *r = fit(samples[i], cols, WIDTH_LEFT);
            if (width_str(r) != cols)
                fail_msg("'%s' at %d columns gave '%s' (%d columns)", samples[i], cols, r,
                         width_str(r));
            r = fit(samples[i], cols, WIDTH_RIGHT);
            assert_int_equal(width_str(r), cols);
            assert_true(utf8_valid(r, strlen(r), NULL));
        }
    }
}

static void test_fit_never_splits_wide(void **state)
{
    (void)state;
    width_init();
    /* 张三丰 is 6 columns; in 4 columns: 张 + a space for the half of 三 + … */
    assert_string_equal(fit("张三丰", 4, WIDTH_LEFT), "张 \xe2\x80\xa6");
    assert_string_equal(fit("张三丰", 5, WIDTH_LEFT), "张三\xe2\x80\xa6");
    assert_string_equal(fit("张三丰", 6, WIDTH_LEFT), "张三丰");
    assert_string_equal(fit("张三丰", 8, WIDTH_RIGHT), "  张三丰");
    assert_string_equal(fit("abcdef", 4, WIDTH_LEFT), "abc\xe2\x80\xa6");
    assert_string_equal(fit("张", 1, WIDTH_LEFT), "\xe2\x80\xa6");
}

static void test_fit_controls(void **state)
{
    (void)state;
    width_init();
    /* a name with a newline or an escape sequence must not move the cursor: each control is
     * shown as an escape, and an escape is never cut */
    assert_string_equal(fit("a\nb", 6, WIDTH_LEFT), "a\\x0ab");
    assert_string_equal(fit("\x1b[2J", 7, WIDTH_LEFT), "\\x1b[2J");
    assert_string_equal(fit("x\xff", 6, WIDTH_LEFT), "x\\xff ");
    assert_string_equal(fit("a\x1b]0;x\x07", 4, WIDTH_LEFT), "a  \xe2\x80\xa6");
    assert_string_equal(fit("\xc2\x9b" "2J", 8, WIDTH_LEFT), "\\u009b2J"); /* C1 CSI */
    assert_int_equal(width_str("\x1b]52;c;SGVsbG8=\x07"), 4 + 14 + 4);
    /* bidi overrides and zero-width characters pass in CLI text, not in the console */
    assert_string_equal(fit("ab\xe2\x80\xae" "cd", 4, WIDTH_LEFT), "ab\xe2\x80\xae" "cd");
    width_set_console(true);
    assert_string_equal(fit("ab\xe2\x80\xae" "cd", 10, WIDTH_LEFT), "ab\\u202ecd");
    assert_string_equal(fit("1\xe2\x80\x8b" "2", 8, WIDTH_LEFT), "1\\u200b2");
    assert_string_equal(fit("x\xef\xbb\xbf", 7, WIDTH_LEFT), "x\\ufeff");
    width_set_console(false);
}

static void test_ascii_mode(void **state)
{
    (void)state;
    width_set_ascii(true);
    assert_string_equal(fit("abcdef", 4, WIDTH_LEFT), "abc~");
    width_set_ascii(false);
}

static void test_utf8(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(utf8_decode("张", 3, &cp), 3);
    assert_int_equal(cp, 0x5f20);
    assert_int_equal(utf8_decode("\xc0\x80", 2, &cp), -1);     /* overlong */
    assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), -1); /* surrogate */
    assert_int_equal(utf8_decode("\xe5\xbc", 2, &cp), -1);     /* truncated */
    size_t bad;
    assert_false(utf8_valid("ok\xe5\xbcz", 6, &bad));
    assert_int_equal(bad, 2);
    assert_int_equal(utf8_length("张三 ab"), 5);
    char small[5];
    utf8_copy(small, sizeof small, "张三丰");
    assert_string_equal(small, "张");
    const char *s = "a张b";
    assert_int_equal(utf8_prev(s, 4), 1);
    char enc[4];
    assert_int_equal(utf8_encode(0x1f381, enc), 4);
    assert_memory_equal(enc, "\xf0\x9f\x8e\x81", 4);
}

/* the pieces the one- and two-character index holds */
static void test_cjk_grams(void **state)
{
    (void)state;
    char out[256];
    utf8_cjk_grams("李娜买", out, sizeof out);
    assert_string_equal(out, "李 李娜 娜 娜买 买");
    /* runs apart: no piece across a space, a letter or a digit; kana and hangul count */
    utf8_cjk_grams("#1001 李娜 T恤 カタ 김", out, sizeof out);
    assert_string_equal(out, "李 李娜 娜 恤 カ カタ タ 김");
    utf8_cjk_grams("abc 123", out, sizeof out);
    assert_string_equal(out, "");
    utf8_cjk_grams("\xe6\x9d\x8e\xff\xe5\xa8\x9c", out, sizeof out); /* 李, a bad byte, 娜 */
    assert_string_equal(out, "李 娜");
    /* 4 * strlen + 1 always holds them; a smaller buffer stops before a piece that does not fit */
    const char *s = "一二三四五六七八九十";
    char fit[4 * 30 + 1];
    utf8_cjk_grams(s, fit, sizeof fit);
    assert_int_equal(strlen(fit), 10 * 3 + 9 * 6 + 18);
    char tiny[12];
    utf8_cjk_grams(s, tiny, sizeof tiny);
    assert_string_equal(tiny, "一"); /* the next pair and its character need 11 more */
    assert_true(utf8_all_cjk("李娜"));
    assert_false(utf8_all_cjk("T恤"));
    assert_false(utf8_all_cjk(""));
}

RUN_TESTS(
    cmocka_unit_test(test_cjk_grams),
    cmocka_unit_test(test_width_internal),
    cmocka_unit_test(test_width_libc),
    cmocka_unit_test(test_fit_pads_exactly),
    cmocka_unit_test(test_fit_never_splits_wide),
    cmocka_unit_test(test_fit_controls),
    cmocka_unit_test(test_ascii_mode),
    cmocka_unit_test(test_utf8),
)
