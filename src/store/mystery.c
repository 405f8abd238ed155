#include "config.h"

#include <string.h>

#include "store/mystery.h"
#include "store/store_int.h"
#include "util/strbuf.h"
#include "util/utf8.h"

int store_mystery_page(struct store *st, const struct mystery_viewer *v,
                       const struct mystery_row *from, bool forward, bool inclusive, int n,
                       struct mystery_row *out, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT id, visited_at, coalesce(score, -1), critical_failed, shopper, "
                  "target_kind, target, scorecard, status FROM mystery_reports WHERE ");
    if (v->owner)
        sb_adds(&sql, "1");
    else
        sb_adds(&sql, "((shopper = :login) OR (target_kind = 'staff' AND target = :login AND "
                      "status IN ('released', 'locked') AND released_at IS NOT NULL))");
    if (from)
        sb_addf(&sql, " AND (visited_at, id) %s (:c, :i)",
                forward ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">"));
    sb_addf(&sql, " ORDER BY visited_at %s, id %s LIMIT :n", forward ? "DESC" : "ASC",
            forward ? "DESC" : "ASC");
    sqlite3_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    if (!v->owner)
        db_bind_text(s, ":login", v->login);
    if (from) {
        db_bind_int(s, ":c", from->visited_at);
        db_bind_int(s, ":i", from->id);
    }
    db_bind_int(s, ":n", n);
    int count = 0, rc = SQLITE_DONE;
    while (count < n && (rc = db_step(st, s, err)) == SQLITE_ROW) {
        struct mystery_row *r = &out[count++];
        memset(r, 0, sizeof *r);
        r->id = db_col_int(s, 0);
        r->visited_at = db_col_int(s, 1);
        r->score = (int)db_col_int(s, 2);
        r->critical_failed = db_col_int(s, 3) != 0;
        const char *shopper = db_col_text(s, 4);
        /* a target reading released feedback never learns who the shopper was */
        r->shopper_hidden = !v->owner && strcmp(shopper, v->login) != 0;
        utf8_copy(r->shopper, sizeof r->shopper, r->shopper_hidden ? "" : shopper);
        utf8_copy(r->target_kind, sizeof r->target_kind, db_col_text(s, 5));
        utf8_copy(r->target, sizeof r->target, db_col_text(s, 6));
        utf8_copy(r->scorecard, sizeof r->scorecard, db_col_text(s, 7));
        utf8_copy(r->status, sizeof r->status, db_col_text(s, 8));
    }
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? count : -1;
}
