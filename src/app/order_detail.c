#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/order_detail.h"
#include "app/session.h"
#include "app/timeline.h"
#include "core/clock.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "util/i18n.h"

static void time_field(struct detail *d, const char *label, int64_t t)
{
    if (!t)
        return;
    char buf[32];
    time_format_local(t, buf);
    detail_field(d, label, TONE_NORMAL, "%s", buf);
}

int order_detail(struct session *s, int64_t order_id, struct detail *d, struct sd_err *err)
{
    struct order o;
    int rc = store_order_get(s->st, order_id, &o, err);
    if (rc)
        return rc;
    struct order_line *lines = NULL;
    size_t nl = 0;
    if ((rc = store_order_lines(s->st, order_id, &lines, &nl, err))) {
        order_clear(&o);
        return rc;
    }
    const struct currency *cur = currency_find(o.currency);
    if (!cur)
        cur = s->set.currency;
    char m1[48], m2[48];
    /* L10N: title of an order's detail view: "Order #1001 · shopify" */
    detail_title(d, _("Order %s \xc2\xb7 %s"), o.number, o.platform);

    detail_heading(d, _("Status"));
    detail_field(d, _("Status"), o.status == ORDER_CANCELLED ? TONE_DIM : TONE_NORMAL, "%s%s",
                 order_status_label(o.status), o.gift ? _(" (gift order)") : "");
    time_field(d, _("Created"), o.created_at);
    time_field(d, _("Paid"), o.paid_at);
    time_field(d, _("Picked"), o.picked_at);
    time_field(d, _("Packed"), o.packed_at);
    time_field(d, _("Shipped"), o.shipped_at);
    if (o.paid_at && o.shipped_at) {
        char dur[32];
        duration_format(o.shipped_at - o.paid_at, dur);
        detail_field(d, _("Ship time"), o.shipped_at - o.paid_at <= 30 * 60 ? TONE_OK : TONE_NORMAL,
                     "%s", dur);
    }
    if (o.promise_by) {
        /* the delivery promise it was paid under, and whether it was kept */
        char by[32];
        time_format_local(o.promise_by, by);
        int64_t now = clock_now();
        bool kept = o.shipped_at && o.shipped_at <= o.promise_by;
        bool missed = (o.shipped_at && o.shipped_at > o.promise_by) ||
                      (!o.shipped_at && o.status != ORDER_CANCELLED && now >= o.promise_by);
        detail_field(d, _("Ship by"), kept ? TONE_OK : missed ? TONE_ALARM : TONE_NORMAL, "%s%s",
                     by, kept ? _(" (kept)") : missed ? _(" (missed)") : "");
    }
    time_field(d, _("Delivered"), o.delivered_at);
    time_field(d, _("Cancelled"), o.cancelled_at);
    if (o.cancel_reason[0])
        detail_field(d, _("Reason"), TONE_NORMAL, "%s", o.cancel_reason);
    if (o.courier[0] || o.tracking[0])
        detail_field(d, _("Courier"), TONE_NORMAL, "%s %s", o.courier, o.tracking);
    if (o.wave_id)
        detail_field(d, _("Wave"), TONE_NORMAL, "%lld", (long long)o.wave_id);

    detail_heading(d, _("Buyer"));
    detail_field(d, _("Buyer"), TONE_NORMAL, "%s", o.buyer);
    bool contact = perm_allowed(s->roles, SD_PERM_CONTACT_VIEW);
    char masked[256];
    detail_field(d, _("Receiver"), TONE_NORMAL, "%s", o.receiver);
    if (o.phone[0]) {
        if (!contact)
            mask_phone(o.phone, masked, sizeof masked);
        detail_field(d, _("Phone"), TONE_NORMAL, "%s", contact ? o.phone : masked);
    }
    if (o.address[0]) {
        if (!contact)
            mask_address(o.address, masked, sizeof masked);
        detail_field(d, _("Address"), TONE_NORMAL, "%s", contact ? o.address : masked);
    }
    if (o.member_id) {
        struct member m;
        if (store_member_get(s->st, o.member_id, &m, NULL) == SD_OK) {
            detail_field(d, _("Member"), TONE_NORMAL, _("%s (#%lld), tier %d"),
                         m.name[0] ? m.name : m.buyer_id, (long long)m.id, m.tier);
            member_clear(&m);
        }
    }

    detail_heading(d, _("Items"));
    for (size_t i = 0; i < nl; i++) {
        money_format(lines[i].total, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1);
        detail_text(d, TONE_NORMAL, "  %-12s %s \xc3\x97 %lld  %s", lines[i].sku, lines[i].title,
                    (long long)lines[i].qty, m1);
    }
    money_format(o.goods, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1);
    detail_field(d, _("Goods"), TONE_NORMAL, "%s", m1);
    money_format(o.shipping, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1);
    detail_field(d, _("Shipping"), TONE_NORMAL, "%s", m1);
    money_format(o.total, cur, MONEY_SYMBOL | MONEY_GROUP, m1, sizeof m1);
    detail_field(d, _("Paid"), TONE_MONEY_IN, "%s", m1);
    if (o.platform_refunded) {
        money_format(o.platform_refunded, cur, MONEY_SYMBOL | MONEY_GROUP, m2, sizeof m2);
        detail_field(d, _("Refunded on the platform"), TONE_MONEY_OUT, "%s", m2);
    }

    struct refund_row rr[16];
    int nr = store_refunds_of_order(s->st, order_id, rr, 16, NULL);
    if (nr > 0) {
        detail_heading(d, _("Refunds"));
        for (int i = 0; i < nr; i++) {
            money_format(rr[i].amount + rr[i].shipping_amount, cur, MONEY_SYMBOL | MONEY_GROUP,
                         m1, sizeof m1);
            detail_text(d, rr[i].status == REFUND_PAID ? TONE_MONEY_OUT : TONE_NORMAL,
                        "  #%-5lld %-16s %12s  %s", (long long)rr[i].id,
                        refund_kind_label(rr[i].kind), m1, refund_status_label(rr[i].status));
        }
    }
    detail_heading(d, _("Timeline"));
    rc = timeline_add(s, order_id, d, err);
    order_lines_free(lines, nl);
    order_clear(&o);
    return rc;
}
