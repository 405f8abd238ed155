#include "config.h"

#include <string.h>

#include "core/money.h"
#include "unit.h"

static const struct currency *cny(void)
{
    return currency_find("CNY");
}

static int64_t parse_ok(const char *s, const struct currency *c, int flags)
{
    int64_t v = -12345;
    struct sd_err err = {0};
    int rc = money_parse(s, c, flags, &v, &err);
    if (rc != SD_OK)
        fail_msg("'%s' rejected: %s", s, err.msg);
    return v;
}

static void parse_rejects(const char *s, const struct currency *c, const char *why)
{
    int64_t v = 777;
    struct sd_err err = {0};
    int rc = money_parse(s, c, 0, &v, &err);
    if (rc != SD_INPUT)
        fail_msg("'%s' accepted as %lld", s, (long long)v);
    assert_int_equal(v, 777); /* nothing written on failure */
    if (why && !strstr(err.msg, why))
        fail_msg("'%s': message '%s' lacks '%s'", s, err.msg, why);
}

static void test_parse_plain(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("1280", cny(), 0), 128000);
    assert_int_equal(parse_ok("12.5", cny(), 0), 1250);
    assert_int_equal(parse_ok("12.50", cny(), 0), 1250);
    assert_int_equal(parse_ok("0.01", cny(), 0), 1);
    assert_int_equal(parse_ok(".5", cny(), 0), 50);
    assert_int_equal(parse_ok("  7 ", cny(), 0), 700);
    assert_int_equal(parse_ok("0", cny(), 0), 0);
}

static void test_parse_symbols_and_groups(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("¥1,280.00", cny(), 0), 128000);
    assert_int_equal(parse_ok("￥99", cny(), 0), 9900);
    assert_int_equal(parse_ok("CNY 12.50", cny(), 0), 1250);
    assert_int_equal(parse_ok("12.50 CNY", cny(), 0), 1250);
    assert_int_equal(parse_ok("1,234,567.89", cny(), 0), 123456789);
    assert_int_equal(parse_ok("$3.20", currency_find("USD"), 0), 320);
}

static void test_parse_exactness(void **state)
{
    (void)state;
    /* never rounded silently */
    parse_rejects("12.345", cny(), "3 decimal places; CNY allows 2");
    parse_rejects("0.001", cny(), "CNY allows 2");
    /* trailing zeros are exact, not rounding */
    assert_int_equal(parse_ok("12.340", cny(), 0), 1234);
    /* yen has no minor unit */
    assert_int_equal(parse_ok("1200", currency_find("JPY"), 0), 1200);
    parse_rejects("12.5", currency_find("JPY"), "no minor unit");
    assert_int_equal(parse_ok("1.250", currency_find("KWD"), 0), 1250);
}

static void test_parse_garbage(void **state)
{
    (void)state;
    parse_rejects("", cny(), "not an amount");
    parse_rejects("abc", cny(), "not an amount");
    parse_rejects("1e3", cny(), NULL);
    parse_rejects("0x10", cny(), NULL);
    parse_rejects("1.2.3", cny(), NULL);
    parse_rejects("12,34", cny(), NULL);    /* a European decimal comma is not guessed */
    parse_rejects("1,2345", cny(), NULL);
    parse_rejects(",100", cny(), NULL);
    parse_rejects("12 34", cny(), NULL);
    parse_rejects("--5", cny(), NULL);
    parse_rejects("$5", cny(), NULL);       /* another currency's symbol */
    parse_rejects("99999999999999999999", cny(), "too large");
    parse_rejects("10000000000000", cny(), "too large");
}

static void test_parse_negative(void **state)
{
    (void)state;
    parse_rejects("-3.20", cny(), "negative");
    assert_int_equal(parse_ok("-3.20", cny(), MONEY_ALLOW_NEGATIVE), -320);
    assert_int_equal(parse_ok("-¥3.20", cny(), MONEY_ALLOW_NEGATIVE), -320);
    assert_int_equal(parse_ok("¥-3.20", cny(), MONEY_ALLOW_NEGATIVE), -320);
    /* minus zero is zero, allowed everywhere */
    assert_int_equal(parse_ok("-0", cny(), 0), 0);
}

static void test_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(money_format(128000, cny(), MONEY_SYMBOL | MONEY_GROUP, buf, sizeof buf),
                        "¥1,280.00");
    assert_string_equal(money_format(128000, cny(), MONEY_PLAIN, buf, sizeof buf), "1280.00");
    assert_string_equal(money_format(5, cny(), MONEY_PLAIN, buf, sizeof buf), "0.05");
    assert_string_equal(money_format(-320, cny(), MONEY_SYMBOL, buf, sizeof buf), "-¥3.20");
    assert_string_equal(money_format(0, cny(), MONEY_SYMBOL, buf, sizeof buf), "¥0.00");
    assert_string_equal(money_format(123456789, cny(), MONEY_GROUP, buf, sizeof buf),
                        "1,234,567.89");
    assert_string_equal(money_format(1200, currency_find("JPY"), MONEY_SYMBOL, buf, sizeof buf),
                        "¥1200");
    assert_string_equal(money_format(1250, currency_find("KWD"), MONEY_PLAIN, buf, sizeof buf),
                        "1.250");
    assert_string_equal(money_format(MONEY_MAX, cny(), MONEY_PLAIN, buf, sizeof buf),
                        "9999999999999.99");
}

static void test_round_trip(void **state)
{
    (void)state;
    /* every formatted value parses back to itself, with and without decoration */
    const struct currency *cs[] = {cny(), currency_find("JPY"), currency_find("KWD")};
    for (int c = 0; c < 3; c++) {
        for (int64_t v = -2000; v <= 200000; v += 37) {
            char buf[64];
            money_format(v, cs[c], MONEY_SYMBOL | MONEY_GROUP, buf, sizeof buf);
            assert_int_equal(parse_ok(buf, cs[c], MONEY_ALLOW_NEGATIVE), v);
            money_format(v, cs[c], MONEY_PLAIN, buf, sizeof buf);
            assert_int_equal(parse_ok(buf, cs[c], MONEY_ALLOW_NEGATIVE), v);
        }
    }
}

static void test_arithmetic(void **state)
{
    (void)state;
    int64_t r;
    assert_true(money_add(100, 250, &r));
    assert_int_equal(r, 350);
    assert_false(money_add(MONEY_MAX, 1, &r));
    assert_true(money_mul(1999, 3, &r));
    assert_int_equal(r, 5997);
    assert_false(money_mul(MONEY_MAX / 2, 3, &r));
    assert_false(money_mul(INT64_MAX, 2, &r));
}

static void test_currency_lookup(void **state)
{
    (void)state;
    assert_non_null(currency_find("cny"));
    assert_int_equal(currency_find("USD")->decimals, 2);
    assert_int_equal(currency_find("JPY")->decimals, 0);
    assert_null(currency_find("XXX"));
    assert_null(currency_find(NULL));
}

/* Every active ISO 4217 currency, from ICU: the ones real Shopify exports came in too. */
static void test_every_currency(void **state)
{
    (void)state;
    assert_true(currency_table_size >= 150);
    const char *issue[] = {"INR", "PKR", "EGP", "ARS", "ZAR", "AED", "TRY", "BDT"};
    for (size_t i = 0; i < sizeof issue / sizeof issue[0]; i++) {
        const struct currency *c = currency_find(issue[i]);
        if (!c)
            fail_msg("%s is unknown", issue[i]);
        assert_int_equal(c->decimals, 2);
    }
    assert_int_equal(currency_find("KWD")->decimals, 3);
    assert_int_equal(currency_find("BHD")->decimals, 3);
    assert_int_equal(currency_find("KRW")->decimals, 0);
    /* sorted, no duplicates: the lookup is a binary search */
    for (size_t i = 1; i < currency_table_size; i++)
        assert_true(strcmp(currency_table[i - 1].code, currency_table[i].code) < 0);
    for (size_t i = 0; i < currency_table_size; i++)
        assert_ptr_equal(currency_find(currency_table[i].code), &currency_table[i]);
}

/* The shop's currency by its symbol, every other by its code: no two read alike. */
static void test_format_home(void **state)
{
    (void)state;
    char buf[64];
    money_home(cny());
    assert_string_equal(
        money_format(17156, currency_find("CAD"), MONEY_SYMBOL | MONEY_GROUP, buf, sizeof buf),
        "CAD 171.56");
    assert_string_equal(money_format(100000, currency_find("JPY"), MONEY_SYMBOL | MONEY_GROUP, buf,
                                     sizeof buf),
                        "JPY 100,000");
    assert_string_equal(money_format(12800, cny(), MONEY_SYMBOL | MONEY_GROUP, buf, sizeof buf),
                        "\xc2\xa5" "128.00");
    assert_string_equal(money_format(-1234, currency_find("KWD"), MONEY_SYMBOL, buf, sizeof buf),
                        "-KWD 1.234");
    money_home(currency_find("USD"));
    assert_string_equal(money_format(350, currency_find("USD"), MONEY_SYMBOL, buf, sizeof buf),
                        "$3.50");
    assert_string_equal(money_format(350, cny(), MONEY_SYMBOL, buf, sizeof buf), "CNY 3.50");
    money_home(NULL);
}

/* Amounts as people and platforms write them in a known currency: its code or any of its
 * symbols, before or after; never another currency's. */
static void test_parse_currency_marks(void **state)
{
    (void)state;
    const struct currency *cad = currency_find("CAD"), *inr = currency_find("INR");
    assert_int_equal(parse_ok("CA$12.50", cad, 0), 1250);
    assert_int_equal(parse_ok("$12.50", cad, 0), 1250);
    assert_int_equal(parse_ok("12.50 CAD", cad, 0), 1250);
    assert_int_equal(parse_ok("cad 12.50", cad, 0), 1250);
    assert_int_equal(parse_ok("\xe2\x82\xb9" "1,500.00", inr, 0), 150000);
    assert_int_equal(parse_ok("1,500.00 INR", inr, 0), 150000);
    assert_int_equal(parse_ok("\xef\xbf\xa5" "12", cny(), 0), 1200); /* fullwidth yen */
    parse_rejects("\xe2\x82\xac" "5", cad, "in CAD");                  /* € */
    parse_rejects("CNY 5", cad, "in CAD");
    parse_rejects("CADX 5", cad, NULL);
    assert_int_equal(parse_ok("kr 12", currency_find("SEK"), 0), 1200);
    parse_rejects("krone 12", currency_find("SEK"), NULL);
}

static void test_convert(void **state)
{
    (void)state;
    int64_t micro, out;
    struct sd_err err = {0};
    assert_int_equal(money_rate_parse("5.2", &micro, &err), SD_OK);
    assert_int_equal(micro, 5200000);
    assert_int_equal(money_rate_parse("0.000001", &micro, &err), SD_OK);
    assert_int_equal(micro, 1);
    assert_int_equal(money_rate_parse("1.0000001", &micro, &err), SD_INPUT);
    assert_int_equal(money_rate_parse("0", &micro, &err), SD_INPUT);
    assert_int_equal(money_rate_parse("-1", &micro, &err), SD_INPUT);
    assert_int_equal(money_rate_parse("", &micro, &err), SD_INPUT);
    /* CAD 171.56 at 5.2 is CNY 892.112: 892.11 */
    assert_true(money_convert(17156, currency_find("CAD"), cny(), 5200000, &out));
    assert_int_equal(out, 89211);
    /* half away from zero: JPY 1 at 0.05 CNY is 0.05 */
    assert_true(money_convert(1, currency_find("JPY"), cny(), 50000, &out));
    assert_int_equal(out, 5);
    assert_true(money_convert(-1, currency_find("JPY"), cny(), 45000, &out));
    assert_int_equal(out, -5);
    /* KWD 1.234 at 23.5 CNY: 28.999 -> 29.00 */
    assert_true(money_convert(1234, currency_find("KWD"), cny(), 23500000, &out));
    assert_int_equal(out, 2900);
    assert_false(money_convert(MONEY_MAX, cny(), cny(), 2000000, &out));
}

static int64_t style_ok(const char *s, const char *code, char decimal)
{
    int64_t v = -1;
    struct sd_err err = {0};
    if (money_parse_style(s, currency_find(code), decimal, 0, &v, &err))
        fail_msg("'%s' rejected: %s", s, err.msg);
    return v;
}

/* Amounts as spreadsheets and foreign exports write them. */
static void test_parse_style(void **state)
{
    (void)state;
    assert_int_equal(style_ok("1.234,56", "EUR", ','), 123456);
    assert_int_equal(style_ok("15,00\xe2\x82\xac", "EUR", ','), 1500); /* 15,00€ */
    assert_int_equal(style_ok("1 234,56", "EUR", ','), 123456);
    assert_int_equal(style_ok("1\xc2\xa0" "234,5", "EUR", ','), 123450); /* no-break space */
    assert_int_equal(style_ok("1'234.56", "CHF", '.'), 123456);
    assert_int_equal(style_ok("$35.00", "USD", '.'), 3500);
    assert_int_equal(style_ok("\xc2\xa5" "1,234.00", "CNY", '.'), 123400);
    assert_int_equal(style_ok("1,234,567.89", "USD", '.'), 123456789);
    assert_int_equal(style_ok("EUR 7,5", "EUR", ','), 750);
    int64_t v;
    struct sd_err err = {0};
    assert_int_equal(money_parse_style("12,345", currency_find("EUR"), ',', 0, &v, &err),
                     SD_INPUT);
    assert_non_null(strstr(err.msg, "'12,345'")); /* the text as written */
    assert_int_equal(money_parse_style("1,5,0", currency_find("EUR"), ',', 0, &v, &err),
                     SD_INPUT);
}

static void test_amount_evidence(void **state)
{
    (void)state;
    struct amount_evidence e = {0};
    char d;
    struct sd_err err = {0};
    amount_observe(&e, "1,234", 2); /* either reading: says nothing */
    assert_int_equal(amount_decide(&e, &d, &err), SD_OK);
    assert_int_equal(d, '.');
    amount_observe(&e, "15,00", 3);
    assert_int_equal(amount_decide(&e, &d, &err), SD_OK);
    assert_int_equal(d, ',');
    amount_observe(&e, "1.234,50", 4);
    assert_int_equal(amount_decide(&e, &d, &err), SD_OK);
    assert_int_equal(d, ',');
    amount_observe(&e, "9.99", 7);
    assert_int_equal(amount_decide(&e, &d, &err), SD_INPUT);
    assert_non_null(strstr(err.msg, "line 3"));
    assert_non_null(strstr(err.msg, "line 7"));
}

RUN_TESTS(
    cmocka_unit_test(test_parse_style),
    cmocka_unit_test(test_amount_evidence),
    cmocka_unit_test(test_every_currency),
    cmocka_unit_test(test_format_home),
    cmocka_unit_test(test_parse_currency_marks),
    cmocka_unit_test(test_convert),
    cmocka_unit_test(test_parse_plain),
    cmocka_unit_test(test_parse_symbols_and_groups),
    cmocka_unit_test(test_parse_exactness),
    cmocka_unit_test(test_parse_garbage),
    cmocka_unit_test(test_parse_negative),
    cmocka_unit_test(test_format),
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_arithmetic),
    cmocka_unit_test(test_currency_lookup),
)
