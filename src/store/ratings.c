#include "config.h"

#include <string.h>

#include "store/ratings.h"
#include "store/store_int.h"
#include "util/i18n.h"
#include "util/utf8.h"

#define RATING_COLS                                                                                \
    "SELECT id, platform, number, coalesce(order_id, 0), rating, comment, rated_at, reply, "      \
    "coalesce(replied_by, ''), coalesce(replied_at, 0), coalesce(handled_by, ''), "              \
    "coalesce(handled_at, 0) FROM ratings "

static void read_rating(struct db_stmt *s, struct rating *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    utf8_copy(r->platform, sizeof r->platform, db_col_text(s, 1));
    utf8_copy(r->number, sizeof r->number, db_col_text(s, 2));
    r->order_id = db_col_int(s, 3);
    r->rating = (int)db_col_int(s, 4);
    utf8_copy(r->comment, sizeof r->comment, db_col_text(s, 5));
    r->rated_at = db_col_int(s, 6);
    utf8_copy(r->reply, sizeof r->reply, db_col_text(s, 7));
    utf8_copy(r->replied_by, sizeof r->replied_by, db_col_text(s, 8));
    r->replied_at = db_col_int(s, 9);
    utf8_copy(r->handled_by, sizeof r->handled_by, db_col_text(s, 10));
    r->handled_at = db_col_int(s, 11);
}

int store_rating_put(struct store *st, const struct rating *r, int64_t now,
                     enum rating_change *change, struct sd_err *err)
{
    db_require_write(st, "store_rating_put");
    struct db_stmt *s = db_prep(st, "SELECT rating, comment, rated_at, coalesce(order_id, 0) FROM "
                                  "ratings WHERE platform = :p AND number = :n");
    db_bind_text(s, ":p", r->platform);
    db_bind_text(s, ":n", r->number);
    int rc = db_step(st, s, err);
    bool had = rc == DB_ROW;
    bool same = had && db_col_int(s, 0) == r->rating && !strcmp(db_col_text(s, 1), r->comment) &&
                db_col_int(s, 2) == r->rated_at && db_col_int(s, 3) == r->order_id;
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    if (same) {
        *change = RATING_UNCHANGED;
        return SD_OK;
    }
    s = db_prep(st, "INSERT INTO ratings (platform, number, order_id, rating, comment, rated_at, "
                    "imported_at) VALUES (:p, :n, :o, :r, :c, :at, :now) ON CONFLICT (platform, "
                    "number) DO UPDATE SET order_id = excluded.order_id, rating = "
                    "excluded.rating, comment = excluded.comment, rated_at = excluded.rated_at");
    db_bind_text(s, ":p", r->platform);
    db_bind_text(s, ":n", r->number);
    db_bind_int_or_null(s, ":o", r->order_id);
    db_bind_int(s, ":r", r->rating);
    db_bind_text(s, ":c", r->comment);
    db_bind_int(s, ":at", r->rated_at);
    db_bind_int(s, ":now", now);
    *change = had ? RATING_UPDATED : RATING_NEW;
    return db_exec_stmt(st, s, err);
}

int store_rating_find(struct store *st, const char *platform, const char *number,
                      struct rating *out, struct sd_err *err)
{
    bool any = !platform || !*platform;
    struct db_stmt *s = db_prep(st, RATING_COLS "WHERE number = :n AND (:any = 1 OR platform = :p) "
                                             "ORDER BY id LIMIT 2");
    db_bind_text(s, ":n", number);
    db_bind_int(s, ":any", any);
    db_bind_text(s, ":p", any ? "" : platform);
    int found = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (found++ == 0)
            read_rating(s, out);
    }
    db_reset(s);
    if (rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    if (!found)
        return sd_fail(err, SD_NOT_FOUND, _("no rating of order %s"), number);
    if (found > 1)
        return sd_fail(err, SD_INPUT,
                       _("orders on several platforms have the number %s: say which, as "
                         "PLATFORM:NUMBER"),
                       number);
    return SD_OK;
}

int store_rating_reply(struct store *st, int64_t id, const char *text, const char *login,
                       int64_t at, struct sd_err *err)
{
    db_require_write(st, "store_rating_reply");
    struct db_stmt *s = db_prep(st, "UPDATE ratings SET reply = :t, replied_by = :by, replied_at = "
                                  ":at WHERE id = :id");
    db_bind_text(s, ":t", text);
    db_bind_text(s, ":by", login);
    db_bind_int(s, ":at", at);
    db_bind_int(s, ":id", id);
    return db_exec_stmt(st, s, err);
}

int store_rating_handle(struct store *st, int64_t id, const char *login, int64_t at,
                        struct sd_err *err)
{
    db_require_write(st, "store_rating_handle");
    struct db_stmt *s = db_prep(st, "UPDATE ratings SET handled_by = :by, handled_at = :at WHERE "
                                  "id = :id");
    db_bind_text(s, ":by", login);
    db_bind_int(s, ":at", at);
    db_bind_int(s, ":id", id);
    return db_exec_stmt(st, s, err);
}

int store_ratings_list(struct store *st, bool low, bool open, struct rating *out, int n,
                       struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, RATING_COLS "WHERE (:low = 0 OR rating <= 2) AND (:open = 0 OR "
                                             "(replied_at IS NULL AND handled_at IS NULL)) ORDER "
                                             "BY rated_at DESC, id DESC LIMIT :n");
    db_bind_int(s, ":low", low);
    db_bind_int(s, ":open", open);
    db_bind_int(s, ":n", n);
    int k = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n)
        read_rating(s, &out[k++]);
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}

int store_ratings_to_answer(struct store *st, struct rating *out, int n, int64_t *total,
                            struct sd_err *err)
{
    struct db_stmt *c = db_prep(st, "SELECT count(*) FROM ratings WHERE replied_at IS NULL AND "
                                  "handled_at IS NULL");
    int rc = db_step(st, c, err);
    *total = rc == DB_ROW ? db_col_int(c, 0) : 0;
    db_reset(c);
    if (rc != DB_ROW)
        return -1;
    struct db_stmt *s = db_prep(st, RATING_COLS "WHERE replied_at IS NULL AND handled_at IS NULL "
                                             "ORDER BY rating, rated_at, id LIMIT :n");
    db_bind_int(s, ":n", n);
    int k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW && k < n)
        read_rating(s, &out[k++]);
    db_reset(s);
    return rc == DB_DONE || rc == DB_ROW ? k : -1;
}
