#include "config.h"

#include <string.h>

#include "store/daybook.h"
#include "store/store_int.h"

int store_day_figures(struct store *st, int64_t start, int64_t end, struct day_figures *out,
                      struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = db_prep(
        st,
        "SELECT (SELECT count(*) FROM orders WHERE created_at >= :s AND created_at < :e), "
        "(SELECT count(*) FROM orders WHERE paid_at >= :s AND paid_at < :e AND gift = 0), "
        "(SELECT coalesce(sum(total), 0) FROM orders WHERE paid_at >= :s AND paid_at < :e), "
        "(SELECT count(*) FROM orders WHERE shipped_at >= :s AND shipped_at < :e), "
        "(SELECT count(*) FROM orders WHERE shipped_at >= :s AND shipped_at < :e "
        "  AND shipped_at - paid_at <= 1800), "
        "(SELECT count(*) FROM refunds WHERE requested_at >= :s AND requested_at < :e), "
        "(SELECT count(*) FROM payments WHERE kind = 'refund' AND at >= :s AND at < :e), "
        "(SELECT coalesce(sum(amount), 0) FROM payments WHERE at >= :s AND at < :e)");
    db_bind_int(s, ":s", start);
    db_bind_int(s, ":e", end);
    int rc = db_step(st, s, err);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return err ? (int)err->code : SD_STORE;
    }
    out->orders = db_col_int(s, 0);
    out->paid_orders = db_col_int(s, 1);
    out->revenue = db_col_int(s, 2);
    out->shipped = db_col_int(s, 3);
    out->shipped_30min = db_col_int(s, 4);
    out->refunds_requested = db_col_int(s, 5);
    out->refunds_paid = db_col_int(s, 6);
    out->refunded = db_col_int(s, 7);
    sqlite3_reset(s);
    return SD_OK;
}
