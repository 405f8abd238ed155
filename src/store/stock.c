#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/stock.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char *const condition_keys[] = {"new", "open_box", "defective"};
static const char *const kind_keys[] = {"received", "picked", "gift", "returned", "adjusted"};

const char *stock_condition_key(enum stock_condition c)
{
    return c >= 0 && c < STOCK_CONDITIONS ? condition_keys[c] : "?";
}

int stock_condition_parse(const char *s)
{
    if (!s)
        return -1;
    if (!strcmp(s, "open-box"))
        return STOCK_OPEN_BOX;
    for (int i = 0; i < STOCK_CONDITIONS; i++)
        if (!strcmp(s, condition_keys[i]))
            return i;
    return -1;
}

const char *stock_kind_key(enum stock_kind k)
{
    return k >= 0 && k <= STOCK_ADJUSTED ? kind_keys[k] : "?";
}

int stock_kind_parse(const char *s)
{
    for (int i = 0; s && i <= STOCK_ADJUSTED; i++)
        if (!strcmp(s, kind_keys[i]))
            return i;
    return -1;
}

int store_stock_move(struct store *st, struct stock_move *m, struct sd_err *err)
{
    db_require_write(st, "store_stock_move");
    /* the order by a subquery: on a server the orders an import is sending by COPY go
     * before a statement that names their table */
    struct db_stmt *s = db_prep(st, "INSERT INTO stock_moves (at, sku, condition, delta, kind, "
                                  "order_id, refund_id, reason, login) VALUES (:at, :sku, "
                                  ":cond, :delta, :kind, (SELECT id FROM orders WHERE id = "
                                  ":order), :refund, :reason, :login) RETURNING id");
    db_bind_int(s, ":at", m->at);
    db_bind_text(s, ":sku", m->sku);
    db_bind_text(s, ":cond", stock_condition_key(m->condition));
    db_bind_int(s, ":delta", m->delta);
    db_bind_text(s, ":kind", stock_kind_key(m->kind));
    db_bind_int_or_null(s, ":order", m->order_id);
    db_bind_int_or_null(s, ":refund", m->refund_id);
    db_bind_text(s, ":reason", m->reason);
    db_bind_text(s, ":login", m->login);
    int rc = db_insert_id(st, s, &m->id, err);
    if (rc == SD_REFUSED && err && strstr(err->msg, "qty_")) /* a count's CHECK: >= 0 */
        return sd_fail(err, SD_REFUSED, _("the %s stock of %s cannot go below 0"),
                       stock_condition_key(m->condition), m->sku);
    return rc;
}

int store_stock_known(struct store *st, const char *sku, struct sd_err *err)
{
    db_require_write(st, "store_stock_known");
    struct db_stmt *s =
        db_prep(st, "INSERT INTO stock (sku) VALUES (:sku) ON CONFLICT (sku) DO NOTHING");
    db_bind_text(s, ":sku", sku);
    return db_exec_stmt(st, s, err);
}

static void read_row(struct db_stmt *s, struct stock_row *r)
{
    utf8_copy(r->sku, sizeof r->sku, db_col_text(s, 0));
    for (int c = 0; c < STOCK_CONDITIONS; c++)
        r->qty[c] = db_col_int(s, 1 + c);
}

int store_stock_get(struct store *st, const char *sku, struct stock_row *out, bool *known,
                    struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    utf8_copy(out->sku, sizeof out->sku, sku);
    struct db_stmt *s = db_prep(st, "SELECT sku, qty_new, qty_open_box, qty_defective FROM "
                                  "stock WHERE sku = :sku");
    db_bind_text(s, ":sku", sku);
    int rc = db_step(st, s, err);
    *known = rc == DB_ROW;
    if (*known)
        read_row(s, out);
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_stock_page(struct store *st, const char *after, const char *sku_like,
                     struct stock_row *out, int n, struct sd_err *err)
{
    bool like = sku_like && *sku_like;
    struct db_stmt *s =
        like ? db_prep(st, "SELECT sku, qty_new, qty_open_box, qty_defective FROM stock WHERE "
                           "sku > :after AND instr(lower(sku), lower(:like)) > 0 ORDER BY sku "
                           "LIMIT :n")
             : db_prep(st, "SELECT sku, qty_new, qty_open_box, qty_defective FROM stock WHERE "
                           "sku > :after ORDER BY sku LIMIT :n");
    db_bind_text(s, ":after", after ? after : "");
    if (like)
        db_bind_text(s, ":like", sku_like);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_row(s, &out[k++]);
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

static void read_move(struct db_stmt *s, struct stock_move *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_col_int(s, 0);
    m->at = db_col_int(s, 1);
    utf8_copy(m->sku, sizeof m->sku, db_col_text(s, 2));
    int c = stock_condition_parse(db_col_text(s, 3));
    m->condition = c < 0 ? STOCK_NEW : (enum stock_condition)c;
    m->delta = db_col_int(s, 4);
    int k = stock_kind_parse(db_col_text(s, 5));
    m->kind = k < 0 ? STOCK_ADJUSTED : (enum stock_kind)k;
    m->order_id = db_col_int(s, 6);
    m->refund_id = db_col_int(s, 7);
    utf8_copy(m->reason, sizeof m->reason, db_col_text(s, 8));
    utf8_copy(m->login, sizeof m->login, db_col_text(s, 9));
}

#define MOVE_COLS                                                                                  \
    "SELECT id, at, sku, condition, delta, kind, coalesce(order_id, 0), coalesce(refund_id, 0), " \
    "reason, login FROM stock_moves "

static int moves(struct store *st, struct db_stmt *s, struct stock_move *out, int n,
                 struct sd_err *err)
{
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_move(s, &out[k++]);
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_stock_moves(struct store *st, const char *sku, struct stock_move *out, int n,
                      struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, MOVE_COLS "WHERE sku = :sku ORDER BY id DESC LIMIT :n");
    db_bind_text(s, ":sku", sku);
    return moves(st, s, out, n, err);
}

int store_stock_moves_of_refund(struct store *st, int64_t refund_id, struct stock_move *out,
                                int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, MOVE_COLS "WHERE refund_id = :r ORDER BY id LIMIT :n");
    db_bind_int(s, ":r", refund_id);
    return moves(st, s, out, n, err);
}

int store_stock_order_balance(struct store *st, int64_t order_id, enum stock_kind kind,
                              struct stock_move *out, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT sku, condition, sum(delta) FROM stock_moves WHERE "
                                  "order_id = :o AND kind = :kind GROUP BY sku, condition "
                                  "HAVING sum(delta) <> 0 ORDER BY sku, condition");
    db_bind_int(s, ":o", order_id);
    db_bind_text(s, ":kind", stock_kind_key(kind));
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct stock_move *m = &out[k++];
        memset(m, 0, sizeof *m);
        utf8_copy(m->sku, sizeof m->sku, db_col_text(s, 0));
        int c = stock_condition_parse(db_col_text(s, 1));
        m->condition = c < 0 ? STOCK_NEW : (enum stock_condition)c;
        m->delta = db_col_int(s, 2);
        m->kind = kind;
        m->order_id = order_id;
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_stock_order_ever(struct store *st, int64_t order_id, enum stock_kind kind, bool *ever,
                           struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT 1 FROM stock_moves WHERE order_id = :o AND kind = "
                                  ":kind LIMIT 1");
    db_bind_int(s, ":o", order_id);
    db_bind_text(s, ":kind", stock_kind_key(kind));
    int rc = db_step(st, s, err);
    *ever = rc == DB_ROW;
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_order_open_box(struct store *st, int64_t order_id, bool *on, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT open_box FROM orders WHERE id = :id");
    db_bind_int(s, ":id", order_id);
    int rc = db_step(st, s, err);
    *on = rc == DB_ROW && db_col_int(s, 0) != 0;
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_order_set_open_box(struct store *st, int64_t order_id, bool on, struct sd_err *err)
{
    db_require_write(st, "store_order_set_open_box");
    struct db_stmt *s = db_prep(st, "UPDATE orders SET open_box = :on WHERE id = :id");
    db_bind_int(s, ":on", on ? 1 : 0);
    db_bind_int(s, ":id", order_id);
    return db_exec_stmt(st, s, err);
}

#define DEFECTIVE_RETURNS                                                                          \
    "FROM stock_moves m WHERE m.kind = 'returned' AND m.condition = 'defective' AND m.at >= "   \
    ":from AND m.at < :to "

int store_defects_by_sku(struct store *st, int64_t from, int64_t to, struct defect_row *out,
                         int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT m.sku, sum(m.delta), count(DISTINCT m.refund_id) "
                                  DEFECTIVE_RETURNS "GROUP BY m.sku ORDER BY sum(m.delta) DESC, "
                                  "m.sku LIMIT :n");
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct defect_row *d = &out[k++];
        utf8_copy(d->sku, sizeof d->sku, db_col_text(s, 0));
        d->units = db_col_int(s, 1);
        d->refunds = db_col_int(s, 2);
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_defects_reasons(struct store *st, const char *sku, int64_t from, int64_t to,
                          char keys[][24], int64_t *units, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT coalesce(r.reason, ''), sum(m.delta) FROM stock_moves "
                                  "m LEFT JOIN refunds r ON r.id = m.refund_id WHERE m.sku = :sku "
                                  "AND m.kind = 'returned' AND m.condition = 'defective' AND "
                                  "m.at >= :from AND m.at < :to GROUP BY coalesce(r.reason, '') "
                                  "ORDER BY sum(m.delta) DESC, coalesce(r.reason, '') LIMIT :n");
    db_bind_text(s, ":sku", sku);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        utf8_copy(keys[k], 24, db_col_text(s, 0));
        units[k++] = db_col_int(s, 1);
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_units_sold(struct store *st, const char *sku, int64_t from, int64_t to, int64_t *units,
                     struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT coalesce(sum(l.qty), 0) FROM order_lines l JOIN "
                                  "orders o ON o.id = l.order_id WHERE l.sku = :sku AND "
                                  "o.paid_at >= :from AND o.paid_at < :to AND o.status <> "
                                  "'cancelled' AND o.gift = 0");
    db_bind_text(s, ":sku", sku);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    int rc = db_step(st, s, err);
    *units = rc == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_defects_weekly(struct store *st, const char *sku, int64_t to, int64_t *weeks, int n,
                         struct sd_err *err)
{
    for (int i = 0; i < n; i++)
        weeks[i] = 0;
    struct db_stmt *s = db_prep(st, "SELECT (:to - 1 - m.at) / 604800, sum(m.delta) "
                                  DEFECTIVE_RETURNS "AND m.sku = :sku GROUP BY 1");
    db_bind_text(s, ":sku", sku);
    db_bind_int(s, ":from", to - (int64_t)n * 604800);
    db_bind_int(s, ":to", to);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        int64_t w = db_col_int(s, 0);
        if (w >= 0 && w < n)
            weeks[w] = db_col_int(s, 1);
    }
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_defects_comments(struct store *st, const char *sku, int64_t from, int64_t to,
                           char **out, int n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT r.note FROM stock_moves m JOIN refunds r ON r.id = "
                                  "m.refund_id WHERE m.sku = :sku AND m.kind = 'returned' AND "
                                  "m.condition = 'defective' AND m.at >= :from AND m.at < :to "
                                  "AND r.note <> '' ORDER BY m.at DESC, m.id DESC LIMIT :n");
    db_bind_text(s, ":sku", sku);
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW)
        out[k++] = xstrdup(db_col_text(s, 0));
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    if (rc != DB_DONE) {
        while (k > 0)
            free(out[--k]);
        return -1;
    }
    return k;
}

int store_stock_verify(struct store *st, struct strbuf *out, struct sd_err *err)
{
    struct db_stmt *s = db_prep_once(
        st, "SELECT s.sku, s.qty_new, s.qty_open_box, s.qty_defective, coalesce(m.n, 0), "
            "coalesce(m.o, 0), coalesce(m.d, 0) FROM stock s LEFT JOIN (SELECT sku, "
            "sum(CASE WHEN condition = 'new' THEN delta ELSE 0 END) AS n, sum(CASE WHEN "
            "condition = 'open_box' THEN delta ELSE 0 END) AS o, sum(CASE WHEN condition = "
            "'defective' THEN delta ELSE 0 END) AS d FROM stock_moves GROUP BY sku) m ON m.sku "
            "= s.sku WHERE s.qty_new <> coalesce(m.n, 0) OR s.qty_open_box <> coalesce(m.o, 0) "
            "OR s.qty_defective <> coalesce(m.d, 0) ORDER BY s.sku");
    int rc, k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        k++;
        sb_addf(out,
                _("stock of %s is %lld new, %lld open-box, %lld defective, but its movements "
                  "add up to %lld, %lld, %lld: changed outside shopdesk\n"),
                db_col_text(s, 0), (long long)db_col_int(s, 1), (long long)db_col_int(s, 2),
                (long long)db_col_int(s, 3), (long long)db_col_int(s, 4),
                (long long)db_col_int(s, 5), (long long)db_col_int(s, 6));
    }
    db_finalize(s);
    return rc == DB_DONE ? k : -1;
}
