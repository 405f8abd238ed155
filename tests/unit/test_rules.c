#include "config.h"

#include <string.h>

#include "core/chat.h"
#include "core/dispute.h"
#include "core/region.h"
#include "core/order.h"
#include "core/review.h"
#include "core/protect.h"
#include "core/refund.h"
#include "core/stats.h"
#include "unit.h"

/* Every step from every status of every kind: exactly these are allowed. */
static void test_refund_steps(void **state)
{
    (void)state;
    struct {
        enum refund_kind kind;
        enum refund_status from;
        enum refund_step step;
    } allowed[] = {
        {KIND_REFUND, REFUND_REQUESTED, STEP_APPROVE},
        {KIND_RETURN, REFUND_REQUESTED, STEP_APPROVE},
        {KIND_EXCHANGE, REFUND_REQUESTED, STEP_APPROVE},
        {KIND_REFUND, REFUND_REQUESTED, STEP_REJECT},
        {KIND_RETURN, REFUND_REQUESTED, STEP_REJECT},
        {KIND_EXCHANGE, REFUND_REQUESTED, STEP_REJECT},
        {KIND_REFUND, REFUND_AWAITING_RETURN, STEP_RECEIVE},
        {KIND_RETURN, REFUND_AWAITING_RETURN, STEP_RECEIVE},
        {KIND_EXCHANGE, REFUND_AWAITING_RETURN, STEP_RECEIVE},
        {KIND_REFUND, REFUND_APPROVED, STEP_PAY},
        {KIND_REFUND, REFUND_RECEIVED, STEP_PAY},
        {KIND_RETURN, REFUND_RECEIVED, STEP_PAY},
        {KIND_EXCHANGE, REFUND_RECEIVED, STEP_EXCHANGE},
    };
    int steps[] = {STEP_APPROVE, STEP_REJECT, STEP_RECEIVE, STEP_PAY, STEP_EXCHANGE};
    for (int k = 0; k < REFUND_KIND_COUNT; k++)
        for (int st = 0; st < REFUND_STATUS_COUNT; st++)
            for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
                bool want = false;
                for (size_t a = 0; a < sizeof allowed / sizeof allowed[0]; a++)
                    if ((int)allowed[a].kind == k && (int)allowed[a].from == st &&
                        (int)allowed[a].step == steps[s])
                        want = true;
                bool got = refund_step_allowed((enum refund_kind)k, (enum refund_status)st,
                                               (enum refund_step)steps[s]);
                if (got != want)
                    fail_msg("kind %s from %s step %d: %s", refund_kind_key(k),
                             refund_status_key(st), steps[s], got ? "allowed" : "refused");
            }
    /* withdraw while still open, never after */
    for (int st = 0; st < REFUND_STATUS_COUNT; st++) {
        bool want = st == REFUND_REQUESTED || st == REFUND_APPROVED || st == REFUND_AWAITING_RETURN;
        assert_int_equal(refund_step_allowed(KIND_RETURN, st, STEP_WITHDRAW), want);
    }
    /* approval: money only is ready at once; goods first come back */
    assert_int_equal(refund_step_result(KIND_REFUND, STEP_APPROVE), REFUND_APPROVED);
    assert_int_equal(refund_step_result(KIND_RETURN, STEP_APPROVE), REFUND_AWAITING_RETURN);
    assert_int_equal(refund_step_result(KIND_EXCHANGE, STEP_APPROVE), REFUND_AWAITING_RETURN);
    assert_int_equal(refund_step_result(KIND_RETURN, STEP_PAY), REFUND_PAID);
}

static void test_auto_rules(void **state)
{
    (void)state;
    struct auto_rule rules[] = {
        {"small", KIND_REFUND, 3000, 0, 20, 0},
        {"vip", -1, 20000, 2, 30, 0},
        {"lost parcels", -1, 50000, 0, -1, 1u << REASON_NOT_RECEIVED},
    };
    struct refund_facts f = {KIND_REFUND, 3000, 0, 0, REASON_DAMAGED, false};
    assert_string_equal(refund_auto_match(rules, 3, &f)->name, "small");
    f.amount = 3001; /* the boundary is inclusive */
    assert_null(refund_auto_match(rules, 3, &f));
    f.tier = 2;
    assert_string_equal(refund_auto_match(rules, 3, &f)->name, "vip");
    f.refund_rate = 31;
    assert_null(refund_auto_match(rules, 3, &f));
    f.reason = REASON_NOT_RECEIVED;
    assert_string_equal(refund_auto_match(rules, 3, &f)->name, "lost parcels");
    f.flagged = true; /* risk flags: never by a rule */
    assert_null(refund_auto_match(rules, 3, &f));
    f = (struct refund_facts){KIND_RETURN, 100, 0, 0, REASON_SIZE, false};
    assert_null(refund_auto_match(rules, 3, &f)); /* "small" is money only */
}

static struct order mk(enum order_status st, int64_t paid, const char *tracking)
{
    struct order o = {0};
    o.platform = "p";
    o.number = "n";
    o.status = st;
    o.paid_at = paid;
    o.tracking = (char *)tracking;
    o.total = 100;
    return o;
}

static void test_import_merge(void **state)
{
    (void)state;
    struct order have = mk(ORDER_PACKED, 10, ""), in = mk(ORDER_PAID, 10, ""), out;
    /* an older export never moves an order back */
    assert_int_equal(order_merge_import(&have, &in, &out), 0);
    assert_int_equal(out.status, ORDER_PACKED);
    order_clear(&out);
    in = mk(ORDER_SHIPPED, 10, "SF1");
    in.shipped_at = 20;
    unsigned ch = order_merge_import(&have, &in, &out);
    assert_true(ch & CH_STATUS);
    assert_true(ch & CH_TRACKING);
    assert_true(ch & CH_SHIPPED_AT);
    assert_string_equal(out.tracking, "SF1");
    order_clear(&out);
    /* a close after shipping is a refund, not a cancellation */
    have = mk(ORDER_SHIPPED, 10, "SF1");
    in = mk(ORDER_CANCELLED, 10, "");
    assert_false(order_merge_import(&have, &in, &out) & CH_STATUS);
    assert_int_equal(out.status, ORDER_SHIPPED);
    order_clear(&out);
    have = mk(ORDER_PAID, 10, "");
    assert_true(order_merge_import(&have, &in, &out) & CH_CANCELLED);
    assert_int_equal(out.status, ORDER_CANCELLED);
    order_clear(&out);
    /* amounts change only while unpaid */
    have = mk(ORDER_PAID, 10, "");
    in = mk(ORDER_PAID, 10, "");
    in.total = 90;
    assert_false(order_merge_import(&have, &in, &out) & CH_AMOUNTS);
    order_clear(&out);
    have = mk(ORDER_PENDING, 0, "");
    assert_true(order_merge_import(&have, &in, &out) & CH_AMOUNTS);
    assert_int_equal(out.total, 90);
    order_clear(&out);
}

static void test_order_moves(void **state)
{
    (void)state;
    assert_true(order_can_move(ORDER_PAID, ORDER_PICKED));
    assert_true(order_can_move(ORDER_PAID, ORDER_SHIPPED));
    assert_true(order_can_move(ORDER_PACKED, ORDER_CANCELLED));
    assert_false(order_can_move(ORDER_SHIPPED, ORDER_CANCELLED));
    assert_false(order_can_move(ORDER_SHIPPED, ORDER_PICKED));
    assert_false(order_can_move(ORDER_PENDING, ORDER_SHIPPED));
    assert_false(order_can_move(ORDER_CANCELLED, ORDER_PAID));
}

static void test_ship_bands(void **state)
{
    (void)state;
    struct ship_bands b = {{30, 180, 360}};
    assert_int_equal(ship_band(&b, 30 * 60), 0);     /* exactly 30 minutes: within */
    assert_int_equal(ship_band(&b, 30 * 60 + 1), 1); /* a second more: the next band */
    assert_int_equal(ship_band(&b, 180 * 60), 1);
    assert_int_equal(ship_band(&b, 360 * 60), 2);
    assert_int_equal(ship_band(&b, 360 * 60 + 1), 3);
    assert_int_equal(ship_band(&b, 0), 0);
}

static void test_stats(void **state)
{
    (void)state;
    int64_t a[] = {50, 10, 40, 20, 30};
    assert_int_equal(stats_median(a, 5), 30);
    int64_t b[] = {4, 1, 3, 2};
    assert_int_equal(stats_median(b, 4), 2); /* (2 + 3) / 2, rounded down */
    int64_t c[10];
    for (int i = 0; i < 10; i++)
        c[i] = 10 - i; /* 10..1 */
    assert_int_equal(stats_percentile(c, 10, 90), 9);
    assert_int_equal(stats_percentile(c, 10, 100), 10);
    assert_int_equal(stats_percentile(c, 10, 10), 1);
    assert_int_equal(stats_median(NULL, 0), 0);
    int64_t one[] = {7};
    assert_int_equal(stats_percentile(one, 1, 90), 7);
}

/* Returned goods go where their grade says, never back to new. */
static void test_return_goods(void **state)
{
    (void)state;
    bool other = true;
    assert_int_equal(return_goods_of(1, &other), GOODS_OPEN_BOX);
    assert_false(other);
    assert_int_equal(return_goods_of(2, &other), GOODS_DEFECTIVE);
    assert_false(other);
    assert_int_equal(return_goods_of(3, &other), GOODS_OPEN_BOX);
    assert_true(other); /* the SKU that came back, not the one asked back */
    assert_int_equal(return_goods_of(4, &other), GOODS_NONE);
    assert_false(other);
    assert_int_equal(return_goods_of(0, &other), GOODS_NONE);
}

/* Price protection: the lowest price in the same currency after the payment and within the
 * days; the difference per unit below what is still protected, times the quantity. */
static void test_protect_offer(void **state)
{
    (void)state;
    const int64_t paid = 1000000, day = 86400;
    const struct protect_point pts[] = {
        {paid - 10, 30000, "CNY"},         /* before the payment: not a drop */
        {paid + 2 * day, 45000, "CNY"},    /* another order, 2 days on */
        {paid + 3 * day, 41000, "USD"},    /* another currency: not comparable */
        {paid + 5 * day, 42000, "CNY"},    /* the owner's price, 5 days on */
        {paid + 16 * day, 30000, "CNY"},   /* after 15 days */
    };
    int64_t protect, amount;
    const struct protect_point *low =
        protect_offer(paid, 15, 50000, 2, "CNY", false, 0, pts, 5, &protect, &amount);
    assert_ptr_equal(low, &pts[3]);
    assert_int_equal(protect, 50000);
    assert_int_equal(amount, 2 * 8000);
    /* offered down to 42000 already: nothing more until lower */
    assert_null(protect_offer(paid, 15, 50000, 2, "CNY", true, 42000, pts, 5, &protect, &amount));
    assert_int_equal(amount, 0);
    /* with 30 days the later drop counts, beyond what was offered: 2 x (42000 - 30000) */
    low = protect_offer(paid, 30, 50000, 2, "CNY", true, 42000, pts, 5, &protect, &amount);
    assert_ptr_equal(low, &pts[4]);
    assert_int_equal(protect, 42000);
    assert_int_equal(amount, 24000);
    /* the exact end of the days is within them; a second after is not */
    const struct protect_point edge[] = {{paid + 15 * day, 40000, "CNY"},
                                         {paid + 15 * day + 1, 10000, "CNY"}};
    low = protect_offer(paid, 15, 50000, 1, "CNY", false, 0, edge, 2, &protect, &amount);
    assert_ptr_equal(low, &edge[0]);
    assert_int_equal(amount, 10000);
    /* a price equal to the one paid is no drop */
    const struct protect_point same[] = {{paid + day, 50000, "CNY"}};
    assert_null(protect_offer(paid, 15, 50000, 1, "CNY", false, 0, same, 1, &protect, &amount));
}

/* The disputes line of the service score: of the disputes to measure, those answered in time
 * and not lost, rounded half up; no dispute and orders: 100; nothing at all: nothing to say.
 * The dispute rate is disputes over orders paid, in hundredths of a percent. */
static void test_dispute_line(void **state)
{
    (void)state;
    assert_int_equal(dispute_line(4, 3, 500), 7500);
    assert_int_equal(dispute_line(3, 2, 0), 6667);  /* 66.666… up */
    assert_int_equal(dispute_line(3, 1, 10), 3333); /* 33.333… down */
    assert_int_equal(dispute_line(0, 0, 120), 10000);
    assert_int_equal(dispute_line(0, 0, 0), -1);
    struct review_day d = {0};
    d.disputes_measured = 8;
    d.disputes_good = 6;
    d.orders_30d = 1200;
    d.ratings = 10;
    d.complaints = 10; /* ratings no longer stand in for disputes */
    assert_int_equal(review_service_line(&d, SERVICE_DISPUTES), 7500);
    /* 3 disputes over 1,200 orders paid: 0.25% */
    d.disputes_30d = 3;
    const struct review_figure *rate = NULL;
    for (size_t i = 0; i < review_figure_count; i++)
        if (!strcmp(review_figures[i].section, "disputes") &&
            !strcmp(review_figures[i].name, "rate_30_days_percent"))
            rate = &review_figures[i];
    assert_non_null(rate);
    assert_int_equal(rate->get(&d), 25);
    assert_int_equal(dispute_outcome_parse("卖家败诉"), DISPUTE_LOST);
    assert_int_equal(dispute_outcome_parse("withdrawn"), DISPUTE_WITHDRAWN);
    assert_int_equal(dispute_outcome_parse("maybe"), -1);
}

/* Chat figures summed over agents: the conversion of all inquiries, the first response
 * weighted by chats; the consultation line against the targets, on hand-worked numbers. */
static void test_chat_line(void **state)
{
    (void)state;
    struct chat_totals t = {0};
    chat_add(&t, 120, 40, 24, 12500, 30200, 9850);
    chat_add(&t, 80, 20, 8, 31000, 45000, 9500);
    chat_add(&t, 10, 0, 0, 5000, 20000, -1); /* no satisfaction given */
    assert_int_equal(chat_conversion(&t), 5333);     /* 32 / 60 */
    assert_int_equal(chat_first_response(&t), 19190); /* 4,030,000 / 210 */
    assert_int_equal(chat_satisfaction(&t), 9710);    /* (98.5 x 120 + 95 x 80) / 200 */
    /* response 15 / 19.19 = 78.17; conversion 53.33 against 50 is full: their mean */
    assert_int_equal(chat_line(&t, 15, 50), 8909);
    /* against 60%: 88.88; the mean 83.53 */
    assert_int_equal(chat_line(&t, 15, 60), 8353);
    /* within the target the response is full marks */
    assert_int_equal(chat_line(&t, 20, 50), 10000);
    /* only response times given: that alone; nothing given: nothing to say */
    struct chat_totals r = {0};
    chat_add(&r, 50, 0, 0, 30000, -1, -1);
    assert_int_equal(chat_conversion(&r), -1);
    assert_int_equal(chat_line(&r, 15, 50), 5000);
    struct chat_totals none = {0};
    assert_int_equal(chat_line(&none, 15, 50), -1);
}

/* The province of a Chinese address: in full, short, after 中国, or from a big city's name;
 * nothing for an address abroad. */
static void test_region(void **state)
{
    (void)state;
    assert_string_equal(region_province("广东省深圳市南山区科技园1号"), "广东");
    assert_string_equal(region_province("  中国 新疆维吾尔自治区乌鲁木齐市"), "新疆");
    assert_string_equal(region_province("北京市朝阳区建国路3号"), "北京");
    assert_string_equal(region_province("广州市天河区体育西路2号"), "广东");
    assert_string_equal(region_province("内蒙古呼和浩特市"), "内蒙古");
    assert_string_equal(region_province("Musterstraße 1, Berlin"), "");
    assert_string_equal(region_province(""), "");
}

RUN_TESTS(
    cmocka_unit_test(test_chat_line),
    cmocka_unit_test(test_region),
    cmocka_unit_test(test_dispute_line),
    cmocka_unit_test(test_refund_steps),
    cmocka_unit_test(test_auto_rules),
    cmocka_unit_test(test_import_merge),
    cmocka_unit_test(test_order_moves),
    cmocka_unit_test(test_ship_bands),
    cmocka_unit_test(test_stats),
    cmocka_unit_test(test_return_goods),
    cmocka_unit_test(test_protect_offer),
)
