#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/member_detail.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/mask.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/members.h"
#include "store/orders.h"
#include "util/i18n.h"

int member_detail(struct session *s, int64_t member_id, struct detail *d, struct sd_err *err)
{
    struct member m;
    int rc = store_member_get(s->st, member_id, &m, err);
    if (rc)
        return rc;
    char buf[256];
    /* L10N: title of a member's detail view: "Member 张三 · #12" */
    detail_title(d, _("Member %s \xc2\xb7 #%lld"), m.name[0] ? m.name : m.buyer_id,
                 (long long)m.id);
    detail_heading(d, _("Member"));
    detail_field(d, _("Name"), TONE_NORMAL, "%s", m.name);
    detail_field(d, _("Buyer id"), TONE_NORMAL, "%s (%s)", m.buyer_id, m.platform);
    if (m.phone[0]) {
        bool contact = perm_allowed(s->roles, SD_PERM_CONTACT_VIEW);
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

    detail_heading(d, _("Tier and RFM"));
    detail_field(d, _("Tier"), TONE_NORMAL, "%d", m.tier);
    if (m.recency_days >= 0)
        detail_field(d, _("R (days)"), TONE_NORMAL, "%d", m.recency_days);
    detail_field(d, _("F (orders)"), TONE_NORMAL, "%lld", (long long)m.frequency);
    money_format(m.monetary, s->set.currency, MONEY_SYMBOL | MONEY_GROUP, buf, sizeof buf);
    detail_field(d, _("M (net paid)"), TONE_MONEY_IN, "%s", buf);

    detail_heading(d, _("Recent orders"));
    struct order_row rows[20];
    int n = store_orders_page_member(s->st, member_id, rows, 20, err);
    int64_t now = clock_now();
    for (int i = 0; i < n; i++) {
        char t[32], amount[48];
        time_format_short(rows[i].created_at, now, t);
        const struct currency *cur = currency_find(rows[i].currency);
        money_format(rows[i].total, cur ? cur : s->set.currency, MONEY_SYMBOL | MONEY_GROUP,
                     amount, sizeof amount);
        detail_text(d, rows[i].gift ? TONE_GIFT : TONE_NORMAL, "  %-20s %s  %12s  %s",
                    rows[i].number, t, amount,
                    rows[i].status >= 0 ? order_status_label(rows[i].status) : "");
    }
    if (n == 0)
        detail_text(d, TONE_DIM, "  %s", _("no orders"));
    member_clear(&m);
    return n < 0 ? (err ? err->code : SD_STORE) : SD_OK;
}
