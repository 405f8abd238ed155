#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/member_detail.h"
#include "app/member_ops.h"
#include "app/session.h"
#include "app/tiers.h"
#include "core/clock.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/refund.h"
#include "core/tier.h"
#include "core/tz.h"
#include "store/gifts.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "util/i18n.h"

static void money(const struct session *s, int64_t v, char *buf, size_t n)
{
    money_format(v, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, buf, n);
}

/* The rules of the member's tier and the next one, and how the member stands. */
static void tier_rules(struct session *s, const struct member *m, struct detail *d)
{
    const struct tier_config *c = &s->set.tiers;
    struct rfm r = {m->recency_days, m->frequency, m->monetary};
    char text[160], day[11], until[11];
    if (m->tier > 0 && m->tier < c->n) {
        const struct tier_def *t = &c->tiers[m->tier];
        tier_rule_text(&t->enter, s->set.currency, text, sizeof text);
        bool in = tier_rule_holds(&t->enter, &r);
        /* L10N: a tier's enter rule and whether it holds: "F ≥ 4, M ≥ ¥800.00 — holds" */
        detail_field(d, _("Enter rule"), in ? TONE_OK : TONE_DIM, "%s \xe2\x80\x94 %s", text,
                     in ? _("holds") : _("does not hold"));
        tier_rule_text(&t->keep, s->set.currency, text, sizeof text);
        bool kept = tier_rule_holds(&t->keep, &r);
        detail_field(d, _("Keep rule"), kept ? TONE_OK : TONE_WARNING, "%s \xe2\x80\x94 %s", text,
                     kept ? _("holds") : _("does not hold"));
        if (m->below_since) {
            date_format(date_of(m->below_since), day);
            date_format(date_add(date_of(m->below_since), c->grace_days), until);
            detail_field(d, _("Grace"), TONE_WARNING,
                         _("below the keep rule since %s: moves down after %s"), day, until);
        }
    }
    if (m->tier + 1 < c->n) {
        const struct tier_def *t = &c->tiers[m->tier + 1];
        tier_rule_text(&t->enter, s->set.currency, text, sizeof text);
        /* L10N: the next tier and what it takes: "Gold: F ≥ 8, M ≥ ¥2,000.00, R ≤ 90" */
        detail_field(d, _("Next tier"), TONE_DIM, "%s: %s", t->name, text);
    }
    if (m->tier >= 0 && m->tier < c->n) {
        const struct tier_benefits *b = &c->tiers[m->tier].benefits;
        char a[48];
        if (b->queue_priority_minutes)
            detail_field(d, _("Refund priority"), TONE_NORMAL, _("queued %d min earlier"),
                         b->queue_priority_minutes);
        if (b->auto_approve_up_to) {
            money(s, b->auto_approve_up_to, a, sizeof a);
            detail_field(d, _("Auto-approve"), TONE_NORMAL, _("requests up to %s"), a);
        }
        if (b->shipping_rebate) {
            money(s, b->shipping_rebate, a, sizeof a);
            detail_field(d, _("Shipping rebate"), TONE_NORMAL,
                         _("%s off orders entered by hand"), a);
        }
    }
}

int member_detail(struct session *s, int64_t member_id, struct detail *d, struct sd_err *err)
{
    struct member m;
    int rc = store_member_get(s->st, member_id, &m, err);
    if (rc)
        return rc;
    char buf[256], tn[16], tn2[16];
    int64_t now = clock_now();
    /* L10N: title of a member's detail view: "Member 张三 · #12" */
    detail_title(d, _("Member %s \xc2\xb7 #%lld"), m.name[0] ? m.name : m.buyer_id,
                 (long long)m.id);
    detail_heading(d, _("Member"));
    detail_field(d, _("Name"), TONE_NORMAL, "%s", m.name);
    detail_field(d, _("Buyer id"), TONE_NORMAL, "%s (%s)", m.buyer_id, m.platform);
    bool contact = perm_allowed(s->roles, SD_PERM_CONTACT_VIEW);
    if (m.phone[0]) {
        if (!contact)
            mask_phone(m.phone, buf, sizeof buf);
        detail_field(d, _("Phone"), TONE_NORMAL, "%s", contact ? m.phone : buf);
    }
    if (m.birthday[0])
        detail_field(d, _("Birthday"), TONE_NORMAL, "%s", m.birthday);
    if (m.tags[0])
        detail_field(d, _("Tags"), TONE_NORMAL, "%s", m.tags);
    if (m.notes[0])
        detail_field(d, _("Notes"), TONE_NORMAL, "%s", m.notes);
    if (m.merged_into)
        detail_field(d, _("Merged"), TONE_WARNING, _("into member #%lld"),
                     (long long)m.merged_into);
    time_format_local(m.created_at, buf);
    detail_field(d, _("Member since"), TONE_DIM, "%s", buf);

    detail_heading(d, _("Tier and RFM"));
    if (m.tier_since) {
        char day[11];
        date_format(date_of(m.tier_since), day);
        /* L10N: "Silver (tier 2) since 2026-11-02" */
        detail_field(d, _("Tier"), TONE_NORMAL, _("%s (tier %d) since %s"),
                     member_tier_name(s, m.tier, tn), m.tier, day);
    } else {
        detail_field(d, _("Tier"), TONE_NORMAL, _("%s (tier %d)"), member_tier_name(s, m.tier, tn),
                     m.tier);
    }
    if (m.recency_days >= 0) {
        time_format_local(m.last_order_at, buf);
        /* L10N: R: days since the last paid order, and when it was */
        detail_field(d, _("R (recency)"), TONE_NORMAL,
                     P_("%d day (last paid order %s)", "%d days (last paid order %s)",
                        (unsigned long)m.recency_days),
                     m.recency_days, buf);
    } else {
        detail_field(d, _("R (recency)"), TONE_DIM, "%s", _("no paid order"));
    }
    detail_field(d, _("F (frequency)"), TONE_NORMAL, _("%lld paid orders in %d days"),
                 (long long)m.frequency, s->set.tiers.window_days);
    money(s, m.monetary, buf, sizeof buf);
    detail_field(d, _("M (money)"), TONE_MONEY_IN, _("%s paid, less refunds, in %d days"), buf,
                 s->set.tiers.window_days);
    /* M is in the shop's currency; what the member paid in others is shown as it is, never
     * added to it unless shop.yaml gives a rate */
    char codes[8][4];
    int64_t spent[8];
    int64_t window_from = tiers_window_from(&s->set.tiers, now);
    int nspent = store_member_spent(s->st, m.id, window_from, now, codes, spent, 8, NULL);
    for (int i = 0; i < nspent; i++) {
        const struct currency *cur = currency_find(codes[i]);
        int64_t micro;
        if (!cur || cur == s->set.currency)
            continue;
        money_format(spent[i], cur, MONEY_SYMBOL | MONEY_GROUP, buf, sizeof buf);
        if (settings_rate(&s->set, cur, now, &micro))
            detail_field(d, _("In other currencies"), TONE_NORMAL,
                         _("%s, in M at shop.yaml's rate"), buf);
        else
            detail_field(d, _("In other currencies"), TONE_DIM,
                         _("%s, not in M: shop.yaml gives no rate for %s"), buf, cur->code);
    }
    tier_rules(s, &m, d);

    struct member_row same[8];
    int nsame = 0;
    if (store_members_same_phone(s->st, m.id, same, 8, &nsame, err) == SD_OK && nsame) {
        detail_heading(d, _("Same phone: perhaps the same buyer"));
        for (int i = 0; i < nsame; i++)
            detail_text(d, TONE_WARNING, "  #%-7lld %s (%s)  %s", (long long)same[i].id,
                        same[i].buyer_id, same[i].platform, same[i].name);
    }

    detail_heading(d, _("Tier history"));
    struct tier_change h[12];
    int nh = 0;
    if ((rc = store_tier_history(s->st, m.id, h, 12, &nh, err)))
        goto out;
    for (int i = 0; i < nh; i++) {
        time_format_local(h[i].at, buf);
        detail_text(d, h[i].to > h[i].from ? TONE_OK : TONE_WARNING, "  %s  %s \xe2\x86\x92 %s",
                    buf, member_tier_name(s, h[i].from, tn), member_tier_name(s, h[i].to, tn2));
        detail_text(d, TONE_DIM, "      %s", h[i].reason);
    }
    if (nh == 0)
        detail_text(d, TONE_DIM, "  %s", _("no tier changes yet"));

    detail_heading(d, _("Gifts"));
    struct gift g[12];
    int ng = 0;
    if ((rc = store_gifts_list(s->st, m.id, 0, 0, g, 12, &ng, err)))
        goto out;
    for (int i = 0; i < ng; i++) {
        time_format_local(g[i].created_at, buf);
        detail_text(d, TONE_GIFT, "  %s  %-18s %s  %s", buf, g[i].order_number, g[i].sku,
                    g[i].rule);
    }
    if (ng == 0)
        detail_text(d, TONE_DIM, "  %s", _("no gifts"));

    detail_heading(d, _("Refunds"));
    struct refund_row rr[12];
    int nr = store_refunds_of_member(s->st, m.id, rr, 12, err);
    if (nr < 0) {
        rc = err ? err->code : SD_STORE;
        goto out;
    }
    for (int i = 0; i < nr; i++) {
        char t[32], amount[48];
        time_format_short(rr[i].requested_at, now, t);
        const struct currency *cur = currency_find(rr[i].currency);
        money_format(rr[i].amount + rr[i].shipping_amount, cur ? cur : s->set.currency,
                     MONEY_SYMBOL | MONEY_GROUP, amount, sizeof amount);
        detail_text(d, rr[i].status == REFUND_PAID ? TONE_MONEY_OUT : TONE_NORMAL,
                    "  #%-6lld %-20s %s  %12s  %s", (long long)rr[i].id, rr[i].number, t, amount,
                    refund_status_label(rr[i].status));
    }
    if (nr == 0)
        detail_text(d, TONE_DIM, "  %s", _("no refunds"));

    detail_heading(d, _("Recent orders"));
    struct order_row rows[20];
    int n = store_orders_page_member(s->st, member_id, rows, 20, err);
    for (int i = 0; i < n; i++) {
        char t[32], amount[48];
        time_format_short(rows[i].created_at, now, t);
        const struct currency *cur = currency_find(rows[i].currency);
        money_format(rows[i].total, cur ? cur : s->set.currency, MONEY_SYMBOL | MONEY_GROUP,
                     amount, sizeof amount);
        detail_text(d, rows[i].gift ? TONE_GIFT : TONE_NORMAL, "  %-20s %s  %12s  %s%s",
                    rows[i].number, t, amount,
                    rows[i].status >= 0 ? order_status_label(rows[i].status) : "",
                    rows[i].gift ? _("  (gift)") : "");
    }
    if (n == 0)
        detail_text(d, TONE_DIM, "  %s", _("no orders"));
    if (n < 0)
        rc = err ? err->code : SD_STORE;
out:
    member_clear(&m);
    return rc;
}
