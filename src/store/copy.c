/* Moving a shop from one engine to the other: every table copied row by row, in one write
 * transaction of the new database, then verified against the old one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/copy.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The tables, each after those it refers to; the chain's head follows the audit log by
 * trigger, and a search index is the new engine's own. */
static const char *const tables[] = {
    "kv", "staff", "audit", "drafts", "imports", "members", "waves", "orders", "order_lines",
    "refunds", "refund_lines", "payments", "compensation_batches", "compensations",
    "mystery_reports", "mystery_scores", "mystery_evidence", "mystery_actions",
    "tier_history", "gifts", "gift_failures", "ratings", "review_signoffs", "import_undo",
    "stock", "stock_moves", "sku_prices", "price_offers", "disputes", "dispute_evidence", "staff_accounts", "chat_stats",
    "performance_sheets", NULL,
};

/* the tables whose ids PostgreSQL numbers */
static const char *const identity[] = {
    "imports", "members", "waves", "orders", "order_lines", "refunds", "payments",
    "compensation_batches", "mystery_reports", "mystery_actions", "tier_history", "gifts",
    "ratings", "stock_moves", "sku_prices", "price_offers", "disputes", NULL,
};

/* A column that refers to its own table's rows, possibly later ones: copied as NULL, then
 * set once every row is in. NULL: the table has none. */
static const char *self_ref(const char *table)
{
    if (!strcmp(table, "members"))
        return "merged_into";
    if (!strcmp(table, "refunds"))
        return "duplicate_of";
    return NULL;
}

/* What must agree between the two: per table, its rows; then sums of money. */
static const char *const sums[] = {
    "SELECT coalesce(sum(total), 0) FROM orders",
    "SELECT coalesce(sum(refunded), 0) FROM orders",
    "SELECT coalesce(sum(amount), 0) FROM refunds",
    "SELECT coalesce(sum(amount), 0) FROM payments",
    "SELECT coalesce(sum(amount), 0) FROM compensations",
    "SELECT coalesce(sum(monetary), 0) FROM members",
    NULL,
};

/* PostgreSQL's own columns (the order reports' rows came in; the session user of an audit
 * row), which a file has not */
static bool pg_only(const char *col)
{
    return !strcmp(col, "seq") || !strcmp(col, "session_user_name");
}

static int64_t count_rows(struct store *st, const char *table)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT count(*) FROM ");
    sb_adds(&sql, table);
    int64_t n = db_query_int(st, sb_str(&sql));
    sb_free(&sql);
    return n;
}

static int copy_table(struct store *from, struct store *to, const char *table,
                      struct copy_report *rep, void (*tick)(void *, int64_t, int64_t),
                      void *arg, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT * FROM ");
    sb_adds(&sql, table);
    struct db_stmt *s = db_prep_once(from, sb_str(&sql));
    struct db_stmt *ins = NULL, *fix = NULL;
    const char *self = self_ref(table);
    int rc, ncol = 0;
    int64_t n = 0;
    while ((rc = db_step(from, s, err)) == DB_ROW) {
        if (!ins) {
            ncol = db_col_count(s);
            sb_reset(&sql);
            sb_adds(&sql, "INSERT INTO ");
            sb_adds(&sql, table);
            sb_adds(&sql, " (");
            bool first = true;
            for (int i = 0; i < ncol; i++) {
                if (!DB_PG(to) && pg_only(db_col_name(s, i)))
                    continue;
                sb_adds(&sql, first ? "\"" : ", \"");
                sb_adds(&sql, db_col_name(s, i));
                sb_adds(&sql, "\"");
                first = false;
            }
            sb_adds(&sql, ") VALUES (");
            first = true;
            for (int i = 0; i < ncol; i++) {
                if (!DB_PG(to) && pg_only(db_col_name(s, i)))
                    continue;
                sb_addf(&sql, first ? ":c%d" : ", :c%d", i);
                first = false;
            }
            sb_adds(&sql, ")");
            ins = db_prep_once(to, sb_str(&sql));
        }
        for (int i = 0; i < ncol; i++) {
            if (!DB_PG(to) && pg_only(db_col_name(s, i)))
                continue;
            char name[16];
            snprintf(name, sizeof name, ":c%d", i);
            if (db_col_null(s, i) || (self && !strcmp(self, db_col_name(s, i))))
                db_bind_null(ins, name);
            else if (db_col_is_int(s, i))
                db_bind_int(ins, name, db_col_int(s, i));
            else
                db_bind_text(ins, name, db_col_text(s, i));
        }
        if ((rc = db_exec_later(to, ins, err)))
            goto out;
        if (++n % 1000 == 0 && tick)
            tick(arg, rep->rows + n, rep->total);
    }
    if (rc != DB_DONE) {
        rc = err ? (int)err->code : SD_STORE;
        goto out;
    }
    rc = SD_OK;
    /* the references to rows of the same table, now that they are all there */
    if (self) {
        const char *col = self;
        db_finalize(s);
        sb_reset(&sql);
        sb_addf(&sql, "SELECT id, %s FROM %s WHERE %s IS NOT NULL", col, table, col);
        s = db_prep_once(from, sb_str(&sql));
        sb_reset(&sql);
        sb_addf(&sql, "UPDATE %s SET %s = :v WHERE id = :id", table, col);
        fix = db_prep_once(to, sb_str(&sql));
        int step;
        while ((step = db_step(from, s, err)) == DB_ROW) {
            db_bind_int(fix, ":v", db_col_int(s, 1));
            db_bind_int(fix, ":id", db_col_int(s, 0));
            if ((rc = db_exec_later(to, fix, err)))
                goto out;
        }
        if (step != DB_DONE) {
            rc = err ? (int)err->code : SD_STORE;
            goto out;
        }
    }
    rep->rows += n;
out:
    db_finalize(s);
    db_finalize(ins);
    db_finalize(fix);
    sb_free(&sql);
    return rc;
}

int store_copy_shop(struct store *from, struct store *to, struct copy_report *rep,
                    void (*tick)(void *, int64_t, int64_t), void *arg, struct sd_err *err)
{
    memset(rep, 0, sizeof *rep);
    if (DB_PG(to) == DB_PG(from))
        return sd_fail(err, SD_USAGE, _("a shop moves between a file and PostgreSQL"));
    char *made = store_kv_get(to, "created_at");
    if (made) {
        free(made);
        return sd_fail(err, SD_CONFLICT, _("%s already holds a shop; nothing was changed"),
                       store_label(to));
    }
    int rc;
    /* what the old shop holds, read in one snapshot */
    if ((rc = store_begin_read(from, err)))
        return rc;
    for (int i = 0; tables[i]; i++)
        rep->total += count_rows(from, tables[i]);
    if ((rc = store_begin(to, err))) {
        store_rollback(from);
        return rc;
    }
    /* the rows as they are: the triggers that check and derive (what was refunded, the
     * chain's head) stay off while they come in, and are on again before the commit (SQLite
     * cannot turn a trigger off: there they are dropped and made again from their text) */
    struct trigger_list trg = {0};
    if (DB_PG(to)) {
        for (int i = 0; tables[i] && rc == SD_OK; i++) {
            struct strbuf sql = STRBUF_INIT;
            sb_addf(&sql, "ALTER TABLE %s DISABLE TRIGGER USER", tables[i]);
            rc = db_exec(to, sb_str(&sql), err);
            sb_free(&sql);
        }
    } else if ((rc = db_engine_triggers(to, &trg, err)) == SD_OK) {
        for (size_t i = 0; i < trg.n && rc == SD_OK; i++) {
            struct strbuf sql = STRBUF_INIT;
            sb_addf(&sql, "DROP TRIGGER \"%s\"", trg.name[i]);
            rc = db_exec(to, sb_str(&sql), err);
            sb_free(&sql);
        }
    }
    /* to a server, the rows go many to a round trip */
    store_batch_writes(to, true);
    for (int i = 0; tables[i] && rc == SD_OK; i++)
        rc = copy_table(from, to, tables[i], rep, tick, arg, err);
    store_batch_writes(to, false);
    if (rc == SD_OK) /* the chain's head, as the trigger would have left it */
        rc = db_exec(to, "INSERT INTO audit_head (one, id, hash) SELECT 1, id, hash FROM audit "
                         "ORDER BY id DESC LIMIT 1",
                     err);
    for (int i = 0; DB_PG(to) && tables[i] && rc == SD_OK; i++) {
        struct strbuf sql = STRBUF_INIT;
        sb_addf(&sql, "ALTER TABLE %s ENABLE TRIGGER USER", tables[i]);
        rc = db_exec(to, sb_str(&sql), err);
        sb_free(&sql);
    }
    for (size_t i = 0; i < trg.n && rc == SD_OK; i++)
        rc = db_exec(to, trg.sql[i], err);
    for (size_t i = 0; i < trg.n; i++) {
        free(trg.name[i]);
        free(trg.sql[i]);
    }
    free(trg.name);
    free(trg.sql);
    if (rc == SD_OK && !DB_PG(to)) /* SQLite's search indexes, from the orders */
        rc = db_search_index_rebuild(to, err);
    /* new rows number on from the copied ones */
    for (int i = 0; DB_PG(to) && identity[i] && rc == SD_OK; i++) {
        struct strbuf sql = STRBUF_INIT;
        sb_addf(&sql, "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s "
                      "HAVING max(id) IS NOT NULL",
                identity[i], identity[i]);
        rc = db_exec(to, sb_str(&sql), err);
        sb_free(&sql);
    }
    /* the same rows, the same money, the same chain */
    for (int i = 0; tables[i] && rc == SD_OK; i++) {
        int64_t a = count_rows(from, tables[i]), b = count_rows(to, tables[i]);
        if (a != b)
            rc = sd_fail(err, SD_STORE, _("%s: %lld rows copied of %lld; nothing was changed"),
                         tables[i], (long long)b, (long long)a);
    }
    for (int i = 0; sums[i] && rc == SD_OK; i++) {
        int64_t a = db_query_int(from, sums[i]), b = db_query_int(to, sums[i]);
        if (a != b)
            rc = sd_fail(err, SD_STORE, _("the copy does not add up (%s: %lld, not %lld); "
                                          "nothing was changed"),
                         sums[i], (long long)b, (long long)a);
        rep->sums_checked++;
    }
    if (rc == SD_OK) {
        int64_t bad = 0, rows = 0;
        struct audit_seal a = {0}, b = {0};
        if ((rc = store_audit_verify(to, &bad, &rows, err)) == SD_OK &&
            (rc = store_audit_head(from, &a, err)) == SD_OK &&
            (rc = store_audit_head(to, &b, err)) == SD_OK &&
            (a.id != b.id || strcmp(a.hash, b.hash) != 0))
            rc = sd_fail(err, SD_STORE, _("the audit log's head differs after the copy; "
                                          "nothing was changed"));
        rep->audit_rows = rows;
    }
    store_rollback(from);
    if (rc) {
        store_rollback(to);
        return rc;
    }
    return store_commit(to, err);
}
