#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app/scan.h"
#include "app/session.h"
#include "core/order.h"
#include "core/refund.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"

int scan_lookup(struct session *s, const char *code, struct scan_result *r, struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    int64_t ids[4];
    int found = 0;
    int rc = store_order_lookup(s->st, code, ids, 4, &found, err);
    if (rc)
        return rc;
    if (found == 0) {
        r->loud = true;
        snprintf(r->text, sizeof r->text, _("UNKNOWN CODE: no order has this number or "
                                            "tracking number"));
        return SD_OK;
    }
    struct strbuf sb = STRBUF_INIT;
    if (found > 1)
        sb_addf(&sb, _("%d orders match; "), found);
    struct order o;
    if ((rc = store_order_get(s->st, ids[0], &o, err))) {
        sb_free(&sb);
        return rc;
    }
    sb_addf(&sb, _("order %s (%s)"), o.number, order_status_label(o.status));
    struct refund_row rr[8];
    int n = store_refunds_of_order(s->st, o.id, rr, 8, err);
    if (n <= 0) {
        r->loud = true;
        sb_adds(&sb, _(": NO RETURN REQUEST for this order"));
    } else {
        bool awaiting = false;
        for (int i = 0; i < n; i++) {
            sb_addf(&sb, "; #%lld %s %s", (long long)rr[i].id, refund_kind_label(rr[i].kind),
                    refund_status_label(rr[i].status));
            if (rr[i].status == REFUND_AWAITING_RETURN)
                awaiting = true;
        }
        r->loud = !awaiting;
    }
    utf8_copy(r->text, sizeof r->text, sb_str(&sb));
    sb_free(&sb);
    order_clear(&o);
    return SD_OK;
}
