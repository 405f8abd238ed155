/* Member tiers and gift rules (src/core/tier.c, src/core/gift.c) and their settings: every
 * bound of a rule at, just below and just above its edge; the grace period; what a gift rule
 * gives on which day; what shop.yaml accepts and refuses, with the line. */
#include "config.h"

#include "conf/settings.h"
#include "core/gift.h"
#include "core/money.h"
#include "core/tier.h"
#include "core/tz.h"
#include "unit.h"

#define DAY 86400
#define GE "\xe2\x89\xa5" /* ≥ */
#define LE "\xe2\x89\xa4" /* ≤ */

/* The shipped tiers: Newcomer; Regular F>=2 (keep F>=1); Silver F>=4, M>=800 (keep F>=2);
 * Gold F>=8, M>=2000, R<=90 (keep F>=4, M>=1000). */
static struct settings shop;

static int setup(void **state)
{
    (void)state;
    settings_defaults(&shop);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    settings_clear(&shop);
    return 0;
}

static int decide(int r, int64_t f, int64_t m, int current, int64_t below, int64_t now,
                  struct tier_decision *d)
{
    struct rfm x = {r, f, m};
    tier_decide(&shop.tiers, shop.currency, &x, current, below, now, d);
    return d->tier;
}

static void test_entry_boundaries(void **state)
{
    (void)state;
    struct tier_decision d;
    int64_t now = 1800000000;
    /* no paid order at all */
    assert_int_equal(decide(-1, 0, 0, 0, 0, now, &d), 0);
    assert_false(d.changed);
    /* Regular: F 2 and not F 1 */
    assert_int_equal(decide(3, 1, 99900, 0, 0, now, &d), 0);
    assert_int_equal(decide(3, 2, 100, 0, 0, now, &d), 1);
    assert_true(d.changed);
    assert_string_equal(d.reason, "F 2 \xe2\x89\xa5 2");
    /* Silver: F 4 and M 800.00, each at its edge */
    assert_int_equal(decide(3, 4, 79999, 0, 0, now, &d), 1);
    assert_int_equal(decide(3, 3, 80000, 0, 0, now, &d), 1);
    assert_int_equal(decide(3, 4, 80000, 0, 0, now, &d), 2);
    assert_string_equal(d.reason, "F 4 " GE " 4 and M \xc2\xa5" "800.00 " GE " \xc2\xa5" "800.00");
    /* Gold: R 90 holds, R 91 does not; M 1,999.99 does not */
    assert_int_equal(decide(90, 8, 200000, 0, 0, now, &d), 3);
    assert_string_equal(d.reason, "F 8 " GE " 8 and M \xc2\xa5" "2,000.00 " GE " \xc2\xa5" "2,000.00 and R 90 " LE " 90");
    assert_int_equal(decide(91, 8, 200000, 0, 0, now, &d), 2);
    assert_int_equal(decide(10, 8, 199999, 0, 0, now, &d), 2);
    assert_int_equal(decide(-1, 8, 200000, 0, 0, now, &d), 2);
    /* a jump over tiers goes straight to the highest entered */
    assert_int_equal(decide(1, 40, 1000000, 0, 0, now, &d), 3);
    assert_true(d.changed);
}

static void test_keep_and_grace(void **state)
{
    (void)state;
    struct tier_decision d;
    int64_t now = 1800000000;
    /* Gold no longer entered (R 200) but kept (F 4, M 1,000.00): stays Gold, no grace */
    assert_int_equal(decide(200, 4, 100000, 3, 0, now, &d), 3);
    assert_false(d.changed);
    assert_int_equal(d.below_since, 0);
    /* below the keep rule: the grace period starts now, the tier stays */
    assert_int_equal(decide(200, 3, 100000, 3, 0, now, &d), 3);
    assert_false(d.changed);
    assert_int_equal(d.below_since, now);
    /* 29 days on: still Gold, the start kept */
    assert_int_equal(decide(200, 3, 100000, 3, now, now + 29 * DAY, &d), 3);
    assert_int_equal(d.below_since, now);
    /* 30 days: down to the best tier still kept (Silver keeps F >= 2) */
    assert_int_equal(decide(200, 3, 100000, 3, now, now + 30 * DAY, &d), 2);
    assert_true(d.changed);
    assert_int_equal(d.below_since, 0);
    assert_string_equal(d.reason, "below the keep rule of Gold for 30 days: F 3 < 4");
    /* back above the keep rule within the grace period: the clock stops */
    assert_int_equal(decide(5, 4, 100000, 3, now, now + 10 * DAY, &d), 3);
    assert_int_equal(d.below_since, 0);
    /* nothing kept at all: down to the first tier */
    assert_int_equal(decide(-1, 0, 0, 2, now, now + 31 * DAY, &d), 0);
    assert_string_equal(d.reason, "below the keep rule of Silver for 30 days: F 0 < 2");
    /* no grace period at all: down at once */
    shop.tiers.grace_days = 0;
    assert_int_equal(decide(-1, 0, 0, 1, 0, now, &d), 0);
    assert_true(d.changed);
    shop.tiers.grace_days = 30;
    /* a tier above the ones the shop has is treated as its highest */
    assert_int_equal(decide(5, 9, 300000, 7, 0, now, &d), 3);
}

static void test_rule_text(void **state)
{
    (void)state;
    char buf[160];
    tier_rule_text(&shop.tiers.tiers[3].enter, shop.currency, buf, sizeof buf);
    assert_string_equal(buf, "F " GE " 8, M " GE " \xc2\xa5" "2,000.00, R " LE " 90");
    tier_rule_text(&shop.tiers.tiers[0].enter, shop.currency, buf, sizeof buf);
    assert_string_equal(buf, "-");
}

static void test_recency(void **state)
{
    (void)state;
    tz_use("Asia/Shanghai");
    /* 2026-11-20 23:30 and 2026-11-21 00:30 in Shanghai are different shop days */
    int64_t late = 1763652600, after_midnight = late + 3600;
    assert_int_equal(recency_days(late, after_midnight), 1);
    assert_int_equal(recency_days(late, late + 60), 0);
    assert_int_equal(recency_days(0, late), -1);
    assert_int_equal(recency_days(late + DAY, late), 0); /* a clock behind: never negative */
    tz_use("UTC");
}

static struct gift_rule rule(enum gift_when w)
{
    struct gift_rule r = {0};
    r.name = (char *)"r";
    r.when = w;
    r.tier = 2;
    r.within_days = 7;
    r.day = 18;
    r.order_status = -1;
    return r;
}

static void test_gift_periods(void **state)
{
    (void)state;
    char p[16];
    struct gift_rule t = rule(GIFT_TIER), b = rule(GIFT_BIRTHDAY), m = rule(GIFT_MONTHLY),
                     g = rule(GIFT_GOODWILL);
    struct sd_date nov21 = {2026, 11, 21};
    assert_true(gift_period(&t, nov21, "", p, sizeof p));
    assert_string_equal(p, "tier-2");
    assert_true(gift_period(&g, nov21, "", p, sizeof p));
    assert_string_equal(p, "once");
    /* birthdays: within 7 days ahead, today included */
    assert_true(gift_period(&b, nov21, "11-21", p, sizeof p));
    assert_string_equal(p, "2026");
    assert_true(gift_period(&b, nov21, "1990-11-28", p, sizeof p));
    assert_string_equal(p, "2026");
    assert_false(gift_period(&b, nov21, "11-29", p, sizeof p));
    assert_false(gift_period(&b, nov21, "11-20", p, sizeof p)); /* passed: next year's */
    assert_false(gift_period(&b, nov21, "", p, sizeof p));
    assert_false(gift_period(&b, nov21, "13-01", p, sizeof p));
    /* over the new year the gift is for the birthday's year */
    assert_true(gift_period(&b, (struct sd_date){2026, 12, 28}, "01-03", p, sizeof p));
    assert_string_equal(p, "2027");
    /* 29 February in a common year falls on the 28th */
    assert_true(gift_period(&b, (struct sd_date){2027, 2, 25}, "02-29", p, sizeof p));
    assert_string_equal(p, "2027");
    assert_false(gift_period(&b, (struct sd_date){2027, 3, 1}, "02-29", p, sizeof p));
    /* the VIP day: from the 18th to the month's end, one period a month */
    assert_false(gift_period(&m, (struct sd_date){2026, 11, 17}, "", p, sizeof p));
    assert_true(gift_period(&m, (struct sd_date){2026, 11, 18}, "", p, sizeof p));
    assert_string_equal(p, "2026-11");
    assert_true(gift_period(&m, (struct sd_date){2026, 11, 30}, "", p, sizeof p));
    assert_string_equal(p, "2026-11");
    /* the 31st in a 30-day month is its last day */
    m.day = 31;
    assert_true(gift_period(&m, (struct sd_date){2026, 11, 30}, "", p, sizeof p));
    assert_false(gift_period(&m, (struct sd_date){2026, 12, 30}, "", p, sizeof p));
    assert_true(gift_period(&m, (struct sd_date){2027, 2, 28}, "", p, sizeof p));
}

static void test_birthday_valid(void **state)
{
    (void)state;
    assert_true(birthday_valid("11-28"));
    assert_true(birthday_valid("02-29"));
    assert_true(birthday_valid("1990-02-28"));
    assert_true(birthday_valid("2000-02-29"));
    assert_false(birthday_valid("1999-02-29"));
    assert_false(birthday_valid("02-30"));
    assert_false(birthday_valid("13-01"));
    assert_false(birthday_valid("1-5"));
    assert_false(birthday_valid("11/28"));
    assert_false(birthday_valid("11-28x"));
    assert_false(birthday_valid(""));
    assert_false(birthday_valid("1800-01-01"));
}

/* shop.yaml's members and gifts sections */
static void parse_fails(const char *text, const char *msg)
{
    struct settings s;
    struct sd_err err = {0};
    int rc = settings_parse("shop.yaml", text, strlen(text), &s, &err);
    if (rc != SD_INPUT || !strstr(err.msg, msg))
        fail_msg("%s\n  wanted %s\n  got %d %s", text, msg, rc, err.msg);
    settings_clear(&s);
}

static void test_settings(void **state)
{
    (void)state;
    const char *good = "shop: {currency: USD}\n"
                       "members:\n"
                       "  window_days: 180\n"
                       "  grace_days: 0\n"
                       "  tiers:\n"
                       "    - name: Basic\n"
                       "    - name: Plus\n"
                       "      enter: {min_spent: 99.50}\n"
                       "      benefits: {shipping_rebate: 2.5, refund_priority_minutes: 2}\n"
                       "gifts:\n"
                       "  budget_per_month: none\n"
                       "  rules:\n"
                       "    - {name: hello, when: tier_reached, tier: 1, sku: G1}\n"
                       "    - name: sorry\n"
                       "      when: goodwill\n"
                       "      orders: {sku: PRE-1, status: paid, to: 2026-11-15}\n"
                       "      sku: G2\n"
                       "      cost: 3\n";
    struct settings s;
    struct sd_err err = {0};
    if (settings_parse("shop.yaml", good, strlen(good), &s, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(s.tiers.n, 2);
    assert_int_equal(s.tiers.window_days, 180);
    assert_int_equal(s.tiers.grace_days, 0);
    assert_int_equal(s.tiers.tiers[1].enter.min_monetary, 9950);
    assert_int_equal(s.tiers.tiers[1].enter.min_frequency, -1);
    /* no keep rule: the enter rule keeps the tier */
    assert_int_equal(s.tiers.tiers[1].keep.min_monetary, 9950);
    assert_int_equal(s.tiers.tiers[1].benefits.shipping_rebate, 250);
    assert_int_equal(s.tiers.tiers[1].benefits.queue_priority_minutes, 2);
    assert_int_equal(s.gifts.budget_per_month, -1);
    assert_int_equal(s.gifts.n, 2);
    assert_string_equal(s.gifts.rules[0].title, "G1"); /* the SKU when no title */
    assert_int_equal(s.gifts.rules[1].order_status, 1);
    assert_int_equal(s.gifts.rules[1].ordered_to.d, 15);
    assert_int_equal(s.gifts.rules[1].cost, 300);
    settings_clear(&s);
    /* two tiers and no gifts section: the shipped rules for tiers 2 and 3 go */
    const char *two = "members: {tiers: [{name: A}, {name: B, enter: {min_orders: 3}}]}\n";
    assert_int_equal(settings_parse("shop.yaml", two, strlen(two), &s, &err), SD_OK);
    for (size_t i = 0; i < s.gifts.n; i++)
        assert_true(s.gifts.rules[i].tier < 2);
    settings_clear(&s);

    parse_fails("members:\n  tiers:\n    - name: A\n      enter: {min_orders: 1}\n",
                "shop.yaml:4:14: the first tier is everyone's");
    parse_fails("members:\n  tiers:\n    - name: A\n    - name: B\n", "shop.yaml:4:7: tier B needs an enter rule");
    parse_fails("members:\n  tiers:\n    - name: A\n    - name: B\n      enter: {}\n",
                "shop.yaml:5:14: enter needs min_orders, min_spent or max_days_since_order");
    parse_fails("members:\n  tiers:\n    - name: A\n    - {name: A, enter: {min_orders: 2}}\n",
                "shop.yaml:4:14: there is already a tier called A");
    parse_fails("members:\n  tiers:\n    - name: A\n    - {name: B, enter: {min_order: 2}}\n",
                "shop.yaml:4:25:");
    parse_fails("members:\n  tiers: []\n", "shop.yaml:2:10: tiers needs between 1 and 10 tiers");
    parse_fails("members:\n  window_days: 0\n", "shop.yaml:2:16:");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: tier_reached, tier: 4, sku: X}\n",
                "shop.yaml:3:43: 4 is out of range (1 to 3)");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: someday, sku: X}\n",
                "shop.yaml:3:23: when must be tier_reached, birthday, monthly or goodwill");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: birthday, sku: X}\n"
                "    - {name: a, when: monthly, sku: Y}\n",
                "shop.yaml:4:14: there is already a gift rule called a");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: goodwill, sku: X}\n",
                "shop.yaml:3:7: a goodwill rule needs orders");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: birthday, day: 3, sku: X}\n",
                "shop.yaml:3:38: day does not apply to a birthday rule");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: goodwill, sku: X, orders: {to: 2026-13-01}}\n",
                "shop.yaml:3:54: to must be a date");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: monthly, day: 32, sku: X}\n",
                "shop.yaml:3:37:");
    parse_fails("gifts:\n  rules:\n    - {name: a, when: monthly}\n", "shop.yaml:3:7:");
}

RUN_TESTS(cmocka_unit_test_setup_teardown(test_entry_boundaries, setup, teardown),
          cmocka_unit_test_setup_teardown(test_keep_and_grace, setup, teardown),
          cmocka_unit_test_setup_teardown(test_rule_text, setup, teardown),
          cmocka_unit_test(test_recency), cmocka_unit_test(test_gift_periods),
          cmocka_unit_test(test_birthday_valid), cmocka_unit_test(test_settings))
