#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/chat.h"
#include "store/store_int.h"
#include "util/utf8.h"

static int64_t opt_col(struct db_stmt *s, int i)
{
    return db_col_null(s, i) ? -1 : db_col_int(s, i);
}

static void bind_opt(struct db_stmt *s, const char *name, int64_t v)
{
    if (v < 0)
        db_bind_null(s, name);
    else
        db_bind_int(s, name, v);
}

int store_chat_put(struct store *st, const struct chat_row *r, int64_t now, const char *login,
                   enum chat_change *ch, struct sd_err *err)
{
    db_require_write(st, "store_chat_put");
    struct db_stmt *s = db_prep(st, "SELECT consultations, inquiries, inquiry_orders, "
                                    "first_response_ms, avg_response_ms, satisfaction FROM "
                                    "chat_stats WHERE day = :day AND account = :account");
    db_bind_text(s, ":day", r->day);
    db_bind_text(s, ":account", r->account);
    int rc = db_step(st, s, err);
    bool there = rc == DB_ROW;
    bool same = there && db_col_int(s, 0) == r->consultations && db_col_int(s, 1) == r->inquiries &&
                db_col_int(s, 2) == r->orders && opt_col(s, 3) == r->first_ms &&
                opt_col(s, 4) == r->avg_ms && opt_col(s, 5) == r->satisfaction;
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    if (same) {
        *ch = CHAT_UNCHANGED;
        return SD_OK;
    }
    *ch = there ? CHAT_UPDATED : CHAT_NEW;
    s = db_prep(st, "INSERT INTO chat_stats (day, account, consultations, inquiries, "
                    "inquiry_orders, first_response_ms, avg_response_ms, satisfaction, "
                    "imported_at, login) VALUES (:day, :account, :c, :i, :o, :fr, :avg, :sat, "
                    ":now, :login) ON CONFLICT (day, account) DO UPDATE SET consultations = "
                    "excluded.consultations, inquiries = excluded.inquiries, inquiry_orders = "
                    "excluded.inquiry_orders, first_response_ms = excluded.first_response_ms, "
                    "avg_response_ms = excluded.avg_response_ms, satisfaction = "
                    "excluded.satisfaction, imported_at = excluded.imported_at, login = "
                    "excluded.login");
    db_bind_text(s, ":day", r->day);
    db_bind_text(s, ":account", r->account);
    db_bind_int(s, ":c", r->consultations);
    db_bind_int(s, ":i", r->inquiries);
    db_bind_int(s, ":o", r->orders);
    bind_opt(s, ":fr", r->first_ms);
    bind_opt(s, ":avg", r->avg_ms);
    bind_opt(s, ":sat", r->satisfaction);
    db_bind_int(s, ":now", now);
    db_bind_text(s, ":login", login);
    return db_exec_stmt(st, s, err);
}

int store_chat_rows(struct store *st, const char *from, const char *to, struct chat_row *out, int n,
                    struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT c.day, c.account, coalesce(a.login, ''), "
                                    "c.consultations, c.inquiries, c.inquiry_orders, "
                                    "c.first_response_ms, c.avg_response_ms, c.satisfaction FROM "
                                    "chat_stats c LEFT JOIN staff_accounts a ON a.account = "
                                    "c.account WHERE c.day >= :from AND c.day <= :to ORDER BY "
                                    "c.account, c.day LIMIT :n");
    db_bind_text(s, ":from", from);
    db_bind_text(s, ":to", to);
    db_bind_int(s, ":n", n);
    int rc, k = 0;
    while (k < n && (rc = db_step(st, s, err)) == DB_ROW) {
        struct chat_row *r = &out[k++];
        utf8_copy(r->day, sizeof r->day, db_col_text(s, 0));
        utf8_copy(r->account, sizeof r->account, db_col_text(s, 1));
        utf8_copy(r->login, sizeof r->login, db_col_text(s, 2));
        r->consultations = db_col_int(s, 3);
        r->inquiries = db_col_int(s, 4);
        r->orders = db_col_int(s, 5);
        r->first_ms = opt_col(s, 6);
        r->avg_ms = opt_col(s, 7);
        r->satisfaction = opt_col(s, 8);
    }
    if (k == n)
        rc = DB_DONE;
    db_reset(s);
    return rc == DB_DONE ? k : -1;
}

int store_chat_totals(struct store *st, const char *day, struct chat_totals *out,
                      struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *s = db_prep(st, "SELECT consultations, inquiries, inquiry_orders, "
                                    "first_response_ms, avg_response_ms, satisfaction FROM "
                                    "chat_stats WHERE day = :day");
    db_bind_text(s, ":day", day);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW)
        chat_add(out, db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2), opt_col(s, 3),
                 opt_col(s, 4), opt_col(s, 5));
    db_reset(s);
    return rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_account_login(struct store *st, const char *account, char *login, size_t n,
                        struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT login FROM staff_accounts WHERE account = :a");
    db_bind_text(s, ":a", account);
    int rc = db_step(st, s, err);
    utf8_copy(login, n, rc == DB_ROW ? db_col_text(s, 0) : "");
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_accounts_of(struct store *st, const char *login, char *out, size_t n, struct sd_err *err)
{
    struct db_stmt *s =
        db_prep(st, "SELECT account FROM staff_accounts WHERE login = :l ORDER BY account");
    db_bind_text(s, ":l", login);
    size_t at = 0;
    out[0] = '\0';
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && at < n)
        at += (size_t)snprintf(out + at, n - at, "%s%s", at ? "," : "", db_col_text(s, 0));
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? SD_OK : (err ? (int)err->code : SD_STORE);
}

int store_accounts_set(struct store *st, const char *login, char *const *accounts, int n,
                       struct sd_err *err)
{
    db_require_write(st, "store_accounts_set");
    struct db_stmt *s = db_prep(st, "DELETE FROM staff_accounts WHERE login = :l");
    db_bind_text(s, ":l", login);
    int rc = db_exec_stmt(st, s, err);
    for (int i = 0; i < n && !rc; i++) {
        s = db_prep(st, "INSERT INTO staff_accounts (account, login) VALUES (:a, :l)");
        db_bind_text(s, ":a", accounts[i]);
        db_bind_text(s, ":l", login);
        rc = db_exec_stmt(st, s, err);
    }
    return rc;
}
