#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/orders.h"
#include "store/store_int.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define ORDER_COLS                                                                                 \
    "SELECT id, platform, number, status, member_id, buyer, receiver, phone, address, "           \
    "currency, goods, shipping, total, platform_refunded, created_at, paid_at, picked_at, "       \
    "packed_at, shipped_at, delivered_at, cancelled_at, cancel_reason, courier, tracking, "       \
    "wave_id, gift, note, updated_at, shop_refunded, shop_via_platform, refunded, "             \
    "coalesce(promise_by, 0) FROM orders "

static void read_order(struct db_stmt *s, struct order *o)
{
    int i = 0;
    o->id = db_col_int(s, i++);
    o->platform = xstrdup(db_col_text(s, i++));
    o->number = xstrdup(db_col_text(s, i++));
    int st = order_status_parse(db_col_text(s, i++));
    o->status = st < 0 ? ORDER_PENDING : (enum order_status)st;
    o->member_id = db_col_int(s, i++);
    o->buyer = xstrdup(db_col_text(s, i++));
    o->receiver = xstrdup(db_col_text(s, i++));
    o->phone = xstrdup(db_col_text(s, i++));
    o->address = xstrdup(db_col_text(s, i++));
    o->currency = xstrdup(db_col_text(s, i++));
    o->goods = db_col_int(s, i++);
    o->shipping = db_col_int(s, i++);
    o->total = db_col_int(s, i++);
    o->platform_refunded = db_col_int(s, i++);
    o->created_at = db_col_int(s, i++);
    o->paid_at = db_col_int(s, i++);
    o->picked_at = db_col_int(s, i++);
    o->packed_at = db_col_int(s, i++);
    o->shipped_at = db_col_int(s, i++);
    o->delivered_at = db_col_int(s, i++);
    o->cancelled_at = db_col_int(s, i++);
    o->cancel_reason = xstrdup(db_col_text(s, i++));
    o->courier = xstrdup(db_col_text(s, i++));
    o->tracking = xstrdup(db_col_text(s, i++));
    o->wave_id = db_col_int(s, i++);
    o->gift = db_col_int(s, i++) != 0;
    o->note = xstrdup(db_col_text(s, i++));
    o->updated_at = db_col_int(s, i++);
    o->shop_refunded = db_col_int(s, i++);
    o->shop_via_platform = db_col_int(s, i++);
    o->refunded = db_col_int(s, i++);
    o->promise_by = db_col_int(s, i++);
}

static int get_one(struct store *st, struct db_stmt *s, struct order *o, struct sd_err *err)
{
    memset(o, 0, sizeof *o);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        read_order(s, o);
        db_reset(s);
        return SD_OK;
    }
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return err ? err->code : SD_STORE;
}

int store_order_get(struct store *st, int64_t id, struct order *o, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, ORDER_COLS "WHERE id = :id");
    db_bind_int(s, ":id", id);
    return get_one(st, s, o, err);
}

static const char find_sql[] = ORDER_COLS "WHERE platform = :platform AND number = :number";

void store_order_find_ahead(struct store *st, const char *platform, const char *number)
{
    free(st->find_ahead);
    st->find_ahead = xasprintf("%s\x1f%s", platform, number);
    struct db_stmt *s = db_prep(st, find_sql);
    /* an import looks each of its orders up once, before writing it: never one it kept */
    db_stmt_past_kept(s);
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":number", number);
    if (db_send(st, s, NULL)) {
        free(st->find_ahead);
        st->find_ahead = NULL;
    }
}

int store_order_find(struct store *st, const char *platform, const char *number,
                     struct order *o, struct sd_err *err)
{
    char *key = xasprintf("%s\x1f%s", platform, number);
    bool ahead = st->find_ahead && !strcmp(st->find_ahead, key);
    free(key);
    free(st->find_ahead);
    st->find_ahead = NULL;
    if (ahead) /* asked ahead: bound already, its rows on their way */
        return get_one(st, db_prep_kept(st, find_sql), o, err);
    struct db_stmt *s = db_prep(st, find_sql);
    db_stmt_past_kept(s);
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":number", number);
    return get_one(st, s, o, err);
}

int store_order_lookup(struct store *st, const char *code, int64_t *ids, int max, int *found,
                       struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT id FROM orders WHERE number = :code "
                                  "UNION SELECT id FROM orders WHERE tracking = :code "
                                  "AND tracking <> '' ORDER BY 1 LIMIT 16");
    db_bind_text(s, ":code", code);
    int n = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (n < max)
            ids[n] = db_col_int(s, 0);
        n++;
    }
    db_reset(s);
    if (rc != DB_DONE)
        return err ? err->code : SD_STORE;
    *found = n;
    return SD_OK;
}

int store_order_lines(struct store *st, int64_t order_id, struct order_line **lines, size_t *n,
                      struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT id, line_no, sku, title, qty, price, total FROM "
                                  "order_lines WHERE order_id = :id ORDER BY line_no");
    db_bind_int(s, ":id", order_id);
    size_t cap = 4, count = 0;
    struct order_line *l = xcalloc(cap, sizeof *l);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (count == cap) {
            cap *= 2;
            l = xrealloc(l, cap * sizeof *l);
        }
        struct order_line *x = &l[count++];
        x->id = db_col_int(s, 0);
        x->line_no = (int)db_col_int(s, 1);
        x->sku = xstrdup(db_col_text(s, 2));
        x->title = xstrdup(db_col_text(s, 3));
        x->qty = db_col_int(s, 4);
        x->price = db_col_int(s, 5);
        x->total = db_col_int(s, 6);
    }
    db_reset(s);
    if (rc != DB_DONE) {
        order_lines_free(l, count);
        return err ? err->code : SD_STORE;
    }
    *lines = l;
    *n = count;
    return SD_OK;
}

static char *search_text(const struct order *o, const struct order_line *lines, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s %s %s %s %s", o->number, o->buyer, o->receiver, o->phone, o->tracking);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, " %s %s", lines[i].sku, lines[i].title);
    return sb_detach(&sb);
}

static void bind_order(struct db_stmt *s, const struct order *o)
{
    db_bind_text(s, ":platform", o->platform);
    db_bind_text(s, ":number", o->number);
    db_bind_text(s, ":status", order_status_key(o->status));
    db_bind_int_or_null(s, ":member_id", o->member_id);
    db_bind_text(s, ":buyer", o->buyer ? o->buyer : "");
    db_bind_text(s, ":receiver", o->receiver ? o->receiver : "");
    db_bind_text(s, ":phone", o->phone ? o->phone : "");
    db_bind_text(s, ":address", o->address ? o->address : "");
    db_bind_text(s, ":currency", o->currency ? o->currency : "");
    db_bind_int(s, ":goods", o->goods);
    db_bind_int(s, ":shipping", o->shipping);
    db_bind_int(s, ":total", o->total);
    db_bind_int(s, ":platform_refunded", o->platform_refunded);
    db_bind_int(s, ":created_at", o->created_at);
    db_bind_int_or_null(s, ":paid_at", o->paid_at);
    db_bind_int_or_null(s, ":picked_at", o->picked_at);
    db_bind_int_or_null(s, ":packed_at", o->packed_at);
    db_bind_int_or_null(s, ":shipped_at", o->shipped_at);
    db_bind_int_or_null(s, ":delivered_at", o->delivered_at);
    db_bind_int_or_null(s, ":cancelled_at", o->cancelled_at);
    db_bind_text(s, ":cancel_reason", o->cancel_reason ? o->cancel_reason : "");
    db_bind_text(s, ":courier", o->courier ? o->courier : "");
    db_bind_text(s, ":tracking", o->tracking ? o->tracking : "");
    db_bind_int_or_null(s, ":wave_id", o->wave_id);
    db_bind_int(s, ":gift", o->gift ? 1 : 0);
    db_bind_text(s, ":note", o->note ? o->note : "");
    db_bind_int_or_null(s, ":promise_by", o->promise_by);
}

static int insert_lines(struct store *st, int64_t order_id, const struct order_line *lines,
                        size_t n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "INSERT INTO order_lines (order_id, line_no, sku, title, qty, "
                                  "price, total) VALUES (:order_id, :line_no, :sku, :title, "
                                  ":qty, :price, :total)");
    for (size_t i = 0; i < n; i++) {
        db_bind_int(s, ":order_id", order_id);
        db_bind_int(s, ":line_no", (int64_t)i + 1);
        db_bind_text(s, ":sku", lines[i].sku ? lines[i].sku : "");
        db_bind_text(s, ":title", lines[i].title ? lines[i].title : "");
        db_bind_int(s, ":qty", lines[i].qty);
        db_bind_int(s, ":price", lines[i].price);
        db_bind_int(s, ":total", lines[i].total);
        int rc = db_exec_copy(st, s, 1, err);
        if (rc)
            return rc;
    }
    return SD_OK;
}

/* The columns an inserted order gives, and their values; with the id or without. */
#define ORDER_INSERT_COLS                                                                          \
    "platform, number, status, member_id, buyer, receiver, phone, address, currency, goods, "     \
    "shipping, total, platform_refunded, created_at, paid_at, picked_at, packed_at, shipped_at, " \
    "delivered_at, cancelled_at, cancel_reason, courier, tracking, wave_id, gift, note, "         \
    "search_text, updated_at, refunded, import_id, promise_by"
#define ORDER_INSERT_VALUES                                                                        \
    ":platform, :number, :status, :member_id, :buyer, :receiver, :phone, :address, :currency, "  \
    ":goods, :shipping, :total, :platform_refunded, :created_at, :paid_at, :picked_at, "          \
    ":packed_at, :shipped_at, :delivered_at, :cancelled_at, :cancel_reason, :courier, "           \
    ":tracking, :wave_id, :gift, :note, :search_text, :now, :platform_refunded, :import_id, "     \
    ":promise_by"

int store_order_insert(struct store *st, struct order *o, const struct order_line *lines,
                       size_t n, struct sd_err *err)
{
    db_require_write(st, "store_order_insert");
    /* batching on a server, the id is taken ahead and the row goes with the next round trip */
    int64_t id;
    int rc = db_next_id(st, "orders", &id, err);
    if (rc)
        return rc;
    struct db_stmt *s =
        id ? db_prep(st, "INSERT INTO orders (id, " ORDER_INSERT_COLS ") VALUES (:id, "
                         ORDER_INSERT_VALUES ")")
           : db_prep(st, "INSERT INTO orders (" ORDER_INSERT_COLS ") VALUES ("
                         ORDER_INSERT_VALUES ") RETURNING id");
    bind_order(s, o);
    db_bind_int_or_null(s, ":import_id", st->import_id);
    char *text = search_text(o, lines, n);
    db_bind_text(s, ":search_text", text);
    free(text);
    db_bind_int(s, ":now", clock_now());
    if (id) {
        db_bind_int(s, ":id", id);
        o->id = id;
        rc = db_exec_copy(st, s, 0, err);
    } else {
        rc = db_insert_id(st, s, &o->id, err);
    }
    if (rc)
        return rc;
    if (!st->fts_from && !DB_PG(st)) /* SQLite's search index takes it at commit */
        st->fts_from = o->id;
    return insert_lines(st, o->id, lines, n, err);
}

int store_order_update(struct store *st, const struct order *o, const struct order_line *lines,
                       size_t n, struct sd_err *err)
{
    db_require_write(st, "store_order_update");
    struct order_line *have = NULL;
    size_t nhave = 0;
    int rc;
    if (!lines) {
        if ((rc = store_order_lines(st, o->id, &have, &nhave, err)))
            return rc;
    }
    struct db_stmt *s = db_prep(
        st, "UPDATE orders SET platform = :platform, number = :number, status = :status, "
            "member_id = :member_id, buyer = :buyer, receiver = :receiver, phone = :phone, "
            "address = :address, currency = :currency, goods = :goods, shipping = :shipping, "
            "total = :total, platform_refunded = :platform_refunded, refunded = shop_refunded - "
            "shop_via_platform + max(:platform_refunded, shop_via_platform), created_at = "
            ":created_at, "
            "paid_at = :paid_at, picked_at = :picked_at, packed_at = :packed_at, shipped_at = "
            ":shipped_at, delivered_at = :delivered_at, cancelled_at = :cancelled_at, "
            "cancel_reason = :cancel_reason, courier = :courier, tracking = :tracking, wave_id "
            "= :wave_id, gift = :gift, note = :note, search_text = :search_text, updated_at = "
            ":now, promise_by = :promise_by WHERE id = :id");
    bind_order(s, o);
    char *text = lines ? search_text(o, lines, n) : search_text(o, have, nhave);
    order_lines_free(have, nhave);
    db_bind_text(s, ":search_text", text);
    free(text);
    db_bind_int(s, ":now", clock_now());
    db_bind_int(s, ":id", o->id);
    if ((rc = db_exec_stmt(st, s, err)))
        return rc;
    if (lines) {
        struct db_stmt *d = db_prep(st, "DELETE FROM order_lines WHERE order_id = :id");
        db_bind_int(d, ":id", o->id);
        if ((rc = db_exec_stmt(st, d, err)))
            return rc;
        return insert_lines(st, o->id, lines, n, err);
    }
    return SD_OK;
}

void order_filter_init(struct order_filter *f)
{
    memset(f, 0, sizeof *f);
    f->status = -1;
    f->tier = -1;
    f->gift = -1;
}

/* LIKE pattern %term% with the term's own % and _ escaped. */
static char *like_pattern(const char *term)
{
    struct strbuf sb = STRBUF_INIT;
    sb_addch(&sb, '%');
    for (const char *p = term; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            sb_addch(&sb, '\\');
        sb_addch(&sb, *p);
    }
    sb_addch(&sb, '%');
    return sb_detach(&sb);
}

static void read_row(struct db_stmt *s, struct order_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    r->created_at = db_col_int(s, 1);
    r->paid_at = db_col_int(s, 2);
    r->shipped_at = db_col_int(s, 3);
    r->total = db_col_int(s, 4);
    r->status = order_status_parse(db_col_text(s, 5));
    r->gift = db_col_int(s, 6) != 0;
    utf8_copy(r->platform, sizeof r->platform, db_col_text(s, 7));
    utf8_copy(r->number, sizeof r->number, db_col_text(s, 8));
    utf8_copy(r->buyer, sizeof r->buyer, db_col_text(s, 9));
    utf8_copy(r->courier, sizeof r->courier, db_col_text(s, 10));
    utf8_copy(r->tracking, sizeof r->tracking, db_col_text(s, 11));
    utf8_copy(r->currency, sizeof r->currency, db_col_text(s, 12));
    r->tier = (int)db_col_int(s, 13);
    utf8_copy(r->receiver, sizeof r->receiver, db_col_text(s, 14));
    utf8_copy(r->phone, sizeof r->phone, db_col_text(s, 15));
    r->promise_by = db_col_int(s, 16);
}

#define ROW_COLS                                                                                   \
    "SELECT o.id, o.created_at, o.paid_at, o.shipped_at, o.total, o.status, o.gift, "             \
    "o.platform, o.number, o.buyer, o.courier, o.tracking, o.currency, coalesce(m.tier, -1), "    \
    "o.receiver, o.phone, coalesce(o.promise_by, 0) FROM orders o LEFT JOIN members m ON m.id = " \
    "o.member_id "

int store_orders_page_member(struct store *st, int64_t member_id, struct order_row *out, int n,
                             struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, ROW_COLS "WHERE o.member_id = :m "
                                           "ORDER BY o.created_at DESC, o.id DESC LIMIT :n");
    db_bind_int(s, ":m", member_id);
    db_bind_int(s, ":n", n);
    int count = 0, rc = DB_DONE;
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_row(s, &out[count++]);
    db_reset(s);
    return rc == DB_ROW || rc == DB_DONE ? count : -1;
}

/* The WHERE conditions of a filter (after "WHERE TRUE"); *pattern receives the LIKE pattern to
 * bind, if any. Values are bound by filter_bind, never written into the SQL. walk: the search
 * term filters each order read newest first, instead of the index naming every match. */
enum search_plan {
    SEARCH_INDEX, /* the subquery of an index names every match */
    SEARCH_WALK,  /* the term filters each order, read newest first */
    SEARCH_HITS,  /* a probe found every match: their ids, a JSON array, are bound */
};

/* One or two Chinese (Japanese, Korean) characters: found through the piece index, as the
 * one token the MATCH query is; *match receives it. */
static bool by_pieces(const char *term, char **match)
{
    if (utf8_length(term) >= 3 || !utf8_all_cjk(term))
        return false;
    *match = xasprintf("\"%s\"", term);
    return true;
}

/* term's bytes [from, to) as an FTS5 phrase after what sb holds ("a""b" for a"b) */
static void add_phrase(struct strbuf *sb, const char *term, size_t from, size_t to)
{
    sb_adds(sb, sb->len ? " \"" : "\"");
    for (size_t b = from; b < to; b++) {
        if (term[b] == '"')
            sb_addch(sb, '"');
        sb_addch(sb, term[b]);
    }
    sb_addch(sb, '"');
}

/* where each character of term starts (at most max); 0 when term is not UTF-8 */
static size_t char_starts(const char *term, size_t *starts, size_t max)
{
    size_t n = 0;
    if (!utf8_valid(term, strlen(term), NULL))
        return 0;
    for (const char *p = term; *p && n < max;) {
        starts[n++] = (size_t)(p - term);
        uint32_t cp;
        p += utf8_decode(p, strlen(p), &cp);
    }
    return n;
}

/* For a term of ten characters or more: the trigrams that cover it without overlapping
 * (at characters 0, 3, 6, ..., and the last three), as an FTS5 query ("SF1" "402" "938"
 * "475" "610"), or NULL for a shorter term. Every order that holds the term holds each of
 * them, so they find a superset of the matches, which LIKE then checks: for a tracking
 * number, a third of the doclists that the term's every trigram would read, and in a shop
 * of digits (order numbers, phones, tracking numbers) each doclist is long. A shorter term
 * (part of a phone) keeps its every trigram but the far commoner ones (rare_trigrams):
 * three digit trigrams anywhere in an order are common, and each false candidate costs a
 * read of its order. */
static char *cover_trigrams(const char *term)
{
    size_t starts[256];
    size_t n = char_starts(term, starts, sizeof starts / sizeof *starts);
    if (n < 10 || n == sizeof starts / sizeof *starts) /* a longer one: every trigram */
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t len = strlen(term);
    for (size_t i = 0;; i += 3) {
        if (i + 3 > n)
            i = n - 3;
        add_phrase(&sb, term, starts[i], i + 3 < n ? starts[i + 3] : len);
        if (i + 3 >= n)
            break;
    }
    return sb_detach(&sb);
}

/* Shops of fewer orders than this read every trigram of a term of four to nine characters
 * (each doclist is short); in a larger one, the trigrams' counts among the newest WINDOW
 * orders decide which are worth reading. Changed by the test build only. */
static int64_t sample_min_orders = 200000, sample_window = 20000;

void store_search_sampling(int64_t min_orders, int64_t window)
{
    sample_min_orders = min_orders;
    sample_window = window > 0 ? window : 1;
}

/* For a term of four to nine characters with a digit in a large shop: its trigrams but
 * those counted more than 8 times as often as the rarest among the newest orders, as an
 * FTS5 query, or NULL when none is left out (LIKE reads them all the same). Digits, because
 * order numbers, phones and tracking numbers make digit trigrams a shop's commonest; other
 * terms would pay for the counting (0.5 ms at M for seven trigrams) for nothing. In a shop of 10M
 * orders, "001" is in four orders of ten (order numbers, phones, tracking numbers) and reading its
 * doclist was half of the search for part of a phone, "1380013" (46 ms; 24 without it, the other
 * four trigrams letting 666 candidates through to LIKE for 57 matches). Counting a trigram
 * among the newest 20,000 orders reads a few thousand entries at most. */
static char *rare_trigrams(struct store *st, const char *term, int64_t orders)
{
    size_t starts[16];
    size_t n = char_starts(term, starts, sizeof starts / sizeof *starts);
    if (orders < sample_min_orders || n < 4 || n >= 10 || !strpbrk(term, "0123456789"))
        return NULL;
    size_t len = strlen(term), ntri = n - 2;
    int64_t counts[8], rarest = INT64_MAX;
    struct db_stmt *s = db_prep(st, "SELECT count(*) FROM order_search WHERE order_search "
                                    "MATCH :t AND rowid > :from");
    for (size_t i = 0; i < ntri; i++) {
        struct strbuf one = STRBUF_INIT;
        add_phrase(&one, term, starts[i], i + 3 < n ? starts[i + 3] : len);
        db_bind_text(s, ":t", sb_str(&one));
        db_bind_int(s, ":from", orders - sample_window);
        counts[i] = db_step(st, s, NULL) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        sb_free(&one);
        if (counts[i] < rarest)
            rarest = counts[i];
    }
    struct strbuf sb = STRBUF_INIT;
    size_t kept = 0;
    for (size_t i = 0; i < ntri; i++) {
        if (counts[i] + 1 > 8 * (rarest + 1))
            continue;
        add_phrase(&sb, term, starts[i], i + 3 < n ? starts[i + 3] : len);
        kept++;
    }
    if (kept == ntri) {
        sb_free(&sb);
        return NULL;
    }
    return sb_detach(&sb);
}

/* hits: with SEARCH_HITS, the ids as a JSON array (taken: bound as :pattern) */
static void filter_sql(struct store *st, struct strbuf *sql, const struct order_filter *f,
                       char **pattern, enum search_plan plan, char *hits)
{
    bool walk = plan == SEARCH_WALK;
    *pattern = NULL;
    if (f->search && *f->search && DB_PG(st)) {
        /* PostgreSQL plans the walk or the index itself: trigrams (ILIKE, the ASCII case
         * folded as SQLite's LIKE does) for three characters and more, the pieces for one or
         * two Chinese characters */
        char *match = NULL;
        if (by_pieces(f->search, &match)) {
            free(match);
            *pattern = xstrdup(f->search);
            sb_adds(sql, " AND sd_grams(o.search_text) @> ARRAY[lower(:pattern)] AND "
                         "strpos(lower(o.search_text), lower(:pattern)) > 0");
        } else {
            *pattern = like_pattern(f->search);
            sb_adds(sql, " AND o.search_text ILIKE :pattern ESCAPE '\\'");
        }
    } else if (f->search && *f->search && plan == SEARCH_HITS) {
        *pattern = hits;
        sb_adds(sql, " AND o.id IN (SELECT value FROM json_each(:pattern))");
    } else if (f->search && *f->search && !walk && by_pieces(f->search, pattern)) {
        sb_adds(sql, " AND o.id IN (SELECT rowid FROM order_grams WHERE order_grams MATCH "
                     ":pattern)");
    } else if (f->search && *f->search) {
        *pattern = like_pattern(f->search);
        /* The trigram index answers terms of three characters or more, but only a two-
         * argument LIKE: with an ESCAPE clause FTS5 reads every row. A term with its own
         * % _ or backslash (rare) needs the escape and so scans; so do other terms shorter than
         * three characters, and a walk, through the text column (cancellable by the store's
         * cancel callback). */
        bool plain = !strpbrk(f->search, "%_\\");
        if (utf8_length(f->search) >= 3 && !walk)
            sb_adds(sql, plain ? " AND o.id IN (SELECT rowid FROM order_search WHERE "
                                 "search_text LIKE :pattern)"
                               : " AND o.id IN (SELECT rowid FROM order_search WHERE "
                                 "search_text LIKE :pattern ESCAPE '\\')");
        else
            sb_adds(sql, " AND o.search_text LIKE :pattern ESCAPE '\\'");
    }
    if (f->status >= 0)
        sb_adds(sql, " AND o.status = :status");
    if (f->from)
        sb_adds(sql, " AND o.created_at >= :from");
    if (f->to)
        sb_adds(sql, " AND o.created_at < :to");
    if (f->platform && *f->platform)
        sb_adds(sql, " AND o.platform = :platform");
    if (f->courier && *f->courier)
        sb_adds(sql, " AND o.courier = :courier");
    if (f->tier >= 0)
        sb_adds(sql, " AND m.tier = :tier");
    if (f->gift >= 0)
        sb_adds(sql, " AND o.gift = :gift");
    if (f->wave_id)
        sb_adds(sql, " AND o.wave_id = :wave_id");
    if (f->sku && *f->sku)
        sb_adds(sql, " AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND "
                     "l.sku = :sku)");
    if (f->paid_only)
        sb_adds(sql, " AND o.paid_at IS NOT NULL");
    if (f->currency && *f->currency)
        sb_adds(sql, " AND o.currency = :currency");
    if (f->unshipped_before)
        sb_adds(sql, " AND o.status IN ('paid', 'picked', 'packed') AND o.shipped_at IS NULL "
                     "AND o.paid_at < :unshipped_before");
}

void order_filter_sql(struct store *st, struct strbuf *sql, const struct order_filter *f,
                      char **pattern)
{
    filter_sql(st, sql, f, pattern, SEARCH_INDEX, NULL);
}

/* A page of a search: read every match through the index and sort them, or walk the orders
 * newest first (the created index) testing each and stop at the page. A common term (a third
 * of the titles) fills a page within the newest few hundred orders, where reading its every
 * match costs a second on a million orders; a rare one is found at once by the index, where
 * the walk would read the whole shop. Which, by reading the index's matches up to K: walking
 * costs about page * orders / matches rows at some 0.5 us each, the index about 4 us a match,
 * so they cross near sqrt(page * orders / 8) matches. Fewer than K: they are all there is,
 * and *hits receives them (a JSON array of ids) for the page, so that the index is read once. */
static enum search_plan plan_search(struct store *st, const struct order_filter *f, int page,
                                    char **hits)
{
    *hits = NULL;
    if (!f->search || !*f->search || DB_PG(st))
        return SEARCH_INDEX;
    char *pattern = NULL;
    bool pieces = by_pieces(f->search, &pattern);
    if (!pieces && (utf8_length(f->search) < 3 || strpbrk(f->search, "%_\\")))
        return SEARCH_INDEX; /* no index for them: they walk in any case */
    if (!pieces)
        pattern = like_pattern(f->search);
    int64_t orders = db_query_int(st, "SELECT coalesce(max(id), 0) FROM orders");
    int64_t k = (int64_t)sqrt((double)page * (double)orders / 8.0);
    if (k < 200)
        k = 200;
    char *cover = pieces ? NULL : cover_trigrams(f->search);
    if (!pieces && !cover)
        cover = rare_trigrams(st, f->search, orders);
    struct db_stmt *s =
        pieces  ? db_prep(st, "SELECT rowid FROM order_grams WHERE order_grams MATCH :pattern "
                              "LIMIT :k")
        : cover ? db_prep(st, "SELECT rowid FROM order_search WHERE order_search MATCH :cover "
                              "AND +search_text LIKE :pattern LIMIT :k")
                : db_prep(st, "SELECT rowid FROM order_search WHERE search_text LIKE :pattern "
                              "LIMIT :k");
    db_bind_text(s, ":pattern", pattern);
    if (cover)
        db_bind_text(s, ":cover", cover);
    db_bind_int(s, ":k", k);
    free(pattern);
    free(cover);
    int64_t *ids = NULL;
    size_t n = 0;
    if (db_int_column(st, s, &ids, &n, NULL))
        return SEARCH_INDEX;
    if ((int64_t)n >= k) {
        free(ids);
        return SEARCH_WALK;
    }
    struct strbuf sb = STRBUF_INIT;
    sb_addch(&sb, '[');
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, i ? ",%lld" : "%lld", (long long)ids[i]);
    sb_addch(&sb, ']');
    free(ids);
    *hits = sb_detach(&sb);
    return SEARCH_HITS;
}

void order_filter_bind(struct db_stmt *s, const struct order_filter *f, const char *pattern)
{
    if (pattern)
        db_bind_text(s, ":pattern", pattern);
    if (f->status >= 0)
        db_bind_text(s, ":status", order_status_key((enum order_status)f->status));
    if (f->from)
        db_bind_int(s, ":from", f->from);
    if (f->to)
        db_bind_int(s, ":to", f->to);
    if (f->platform && *f->platform)
        db_bind_text(s, ":platform", f->platform);
    if (f->courier && *f->courier)
        db_bind_text(s, ":courier", f->courier);
    if (f->tier >= 0)
        db_bind_int(s, ":tier", f->tier);
    if (f->gift >= 0)
        db_bind_int(s, ":gift", f->gift);
    if (f->wave_id)
        db_bind_int(s, ":wave_id", f->wave_id);
    if (f->currency && *f->currency)
        db_bind_text(s, ":currency", f->currency);
    if (f->sku && *f->sku)
        db_bind_text(s, ":sku", f->sku);
    if (f->unshipped_before)
        db_bind_int(s, ":unshipped_before", f->unshipped_before);
}

int store_orders_page(struct store *st, const struct order_filter *f,
                      const struct order_row *from, bool forward, bool inclusive, int n,
                      struct order_row *out, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, ROW_COLS "WHERE TRUE");
    char *pattern;
    char *hits;
    enum search_plan plan = plan_search(st, f, n, &hits);
    filter_sql(st, &sql, f, &pattern, plan, hits);
    /* newest first: forward goes to smaller (created_at, id) */
    if (from) {
        if (forward)
            sb_adds(&sql, inclusive ? " AND (o.created_at, o.id) <= (:c, :i)"
                                    : " AND (o.created_at, o.id) < (:c, :i)");
        else
            sb_adds(&sql, inclusive ? " AND (o.created_at, o.id) >= (:c, :i)"
                                    : " AND (o.created_at, o.id) > (:c, :i)");
    }
    sb_adds(&sql, forward ? " ORDER BY o.created_at DESC, o.id DESC"
                          : " ORDER BY o.created_at ASC, o.id ASC");
    sb_adds(&sql, " LIMIT :n");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    order_filter_bind(s, f, pattern);
    free(pattern);
    if (from) {
        db_bind_int(s, ":c", from->created_at);
        db_bind_int(s, ":i", from->id);
    }
    db_bind_int(s, ":n", n);
    int count = 0, rc = DB_DONE;
    while (count < n && (rc = db_step(st, s, err)) == DB_ROW)
        read_row(s, &out[count++]);
    if (count == n)
        rc = DB_DONE;
    db_finalize(s);
    if (rc != DB_DONE)
        return -1;
    return count;
}

int store_orders_each(struct store *st, const struct order_filter *f, int64_t limit,
                      order_cb cb, void *arg, struct sd_err *err)
{
    struct strbuf sql = STRBUF_INIT;
    sb_adds(&sql, "SELECT o.id, o.platform, o.number, o.status, o.member_id, o.buyer, "
                  "o.receiver, o.phone, o.address, o.currency, o.goods, o.shipping, o.total, "
                  "o.platform_refunded, o.created_at, o.paid_at, o.picked_at, o.packed_at, "
                  "o.shipped_at, o.delivered_at, o.cancelled_at, o.cancel_reason, o.courier, "
                  "o.tracking, o.wave_id, o.gift, o.note, o.updated_at, o.shop_refunded, "
                  "o.shop_via_platform, o.refunded, coalesce(o.promise_by, 0) FROM orders o "
                  "LEFT JOIN members m ON m.id = o.member_id WHERE TRUE");
    char *pattern;
    char *hits = NULL;
    enum search_plan plan = limit > 0 ? plan_search(st, f, (int)limit, &hits) : SEARCH_INDEX;
    filter_sql(st, &sql, f, &pattern, plan, hits);
    sb_adds(&sql, " ORDER BY o.created_at DESC, o.id DESC");
    if (limit > 0)
        sb_adds(&sql, " LIMIT :limit");
    struct db_stmt *s = db_prep_once(st, sb_str(&sql));
    sb_free(&sql);
    order_filter_bind(s, f, pattern);
    free(pattern);
    if (limit > 0)
        db_bind_int(s, ":limit", limit);
    int rc, status = SD_OK;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        struct order o;
        read_order(s, &o);
        int stop = cb(&o, arg);
        order_clear(&o);
        if (stop)
            break;
    }
    if (rc != DB_ROW && rc != DB_DONE)
        status = err ? (int)err->code : SD_STORE;
    db_finalize(s);
    return status;
}

struct order_bulk {
    char **ddl; /* CREATE INDEX / CREATE TRIGGER statements to run again */
    size_t n;
};

int64_t store_orders_max_id(struct store *st)
{
    return db_query_int(st, "SELECT coalesce(max(id), 0) FROM orders");
}

bool store_platform_has_orders(struct store *st, const char *platform)
{
    struct db_stmt *s = db_prep(st, "SELECT 1 FROM orders WHERE platform = :p LIMIT 1");
    db_bind_text(s, ":p", platform);
    bool has = db_step(st, s, NULL) == DB_ROW;
    db_reset(s);
    return has;
}

void store_orders_bulk_free(struct order_bulk **pb)
{
    struct order_bulk *b = *pb;
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->ddl[i]);
    free(b->ddl);
    free(b);
    *pb = NULL;
}

int store_orders_bulk_begin(struct store *st, struct order_bulk **out, struct sd_err *err)
{
    db_require_write(st, "store_orders_bulk_begin");
    *out = NULL;
    if (DB_PG(st)) { /* PostgreSQL keeps its indexes as it loads: nothing set aside */
        *out = xcalloc(1, sizeof **out);
        return SD_OK;
    }
    /* secondary indexes (not the UNIQUE ones that guard the data) and the search triggers */
    struct db_stmt *s = db_prep_once(
        st, "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name IN ('orders', "
            "'order_lines') AND sql IS NOT NULL AND ((type = 'index' AND sql NOT LIKE "
            "'CREATE UNIQUE%') OR (type = 'trigger' AND name LIKE 'orders_search_%'))");
    struct order_bulk *b = xcalloc(1, sizeof *b);
    struct strbuf drops = STRBUF_INIT;
    int rc;
    size_t cap = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (b->n == cap) {
            cap = cap ? cap * 2 : 16;
            b->ddl = xrealloc(b->ddl, cap * sizeof *b->ddl);
        }
        b->ddl[b->n++] = xstrdup(db_col_text(s, 2));
        /* names come from sqlite_schema, quoted as identifiers */
        sb_addf(&drops, "DROP %s \"%s\";", db_col_text(s, 0), db_col_text(s, 1));
    }
    db_finalize(s);
    if (rc != DB_DONE) {
        sb_free(&drops);
        store_orders_bulk_free(&b);
        return err ? (int)err->code : SD_STORE;
    }
    rc = db_exec(st, sb_str(&drops), err);
    sb_free(&drops);
    if (rc) {
        store_orders_bulk_free(&b);
        return rc;
    }
    st->fts_hold = true;
    *out = b;
    return SD_OK;
}

int store_orders_bulk_end(struct store *st, struct order_bulk **pb, struct sd_err *err)
{
    struct order_bulk *b = *pb;
    int rc = SD_OK;
    for (size_t i = 0; i < b->n && rc == SD_OK; i++)
        rc = db_exec(st, b->ddl[i], err);
    if (rc == SD_OK && !DB_PG(st))
        rc = db_search_index_rebuild(st, err);
    if (rc == SD_OK) /* every order is in the index now */
        st->fts_from = 0;
    st->fts_hold = false;
    store_orders_bulk_free(pb);
    return rc;
}

char *store_orders_bulk_ddl(const struct order_bulk *b)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < b->n; i++)
        sb_addf(&sb, "%s;\n", b->ddl[i]);
    return sb_detach(&sb);
}


int store_orders_by_number(struct store *st, const char *number, int64_t *ids,
                           char (*platforms)[16], int max, int *found, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT id, platform FROM orders WHERE number = :n ORDER BY id");
    db_bind_text(s, ":n", number);
    int n = 0, rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (n < max) {
            ids[n] = db_col_int(s, 0);
            utf8_copy(platforms[n], 16, db_col_text(s, 1));
        }
        n++;
    }
    db_reset(s);
    if (rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    *found = n;
    return SD_OK;
}

int store_wave_candidates(struct store *st, int n, int64_t *ids, int *found,
                          struct sd_err *err)
{
    /* the orders whose delivery promise ends first, then those without a promise, oldest
     * paid first (each through the index of waiting orders) */
    static const char *const sql[] = {
        "SELECT id FROM orders WHERE status = 'paid' AND wave_id IS NULL AND promise_by IS NOT "
        "NULL ORDER BY promise_by, paid_at, id LIMIT :n",
        "SELECT id FROM orders WHERE status = 'paid' AND wave_id IS NULL AND promise_by IS NULL "
        "ORDER BY paid_at, id LIMIT :n",
    };
    int k = 0, rc = DB_DONE;
    for (int q = 0; q < 2 && k < n; q++) {
        struct db_stmt *s = db_prep(st, sql[q]);
        db_bind_int(s, ":n", n - k);
        while (k < n && (rc = db_step(st, s, err)) == DB_ROW)
            ids[k++] = db_col_int(s, 0);
        if (k == n)
            rc = DB_DONE;
        db_reset(s);
        if (rc != DB_DONE)
            return err ? (int)err->code : SD_STORE;
    }
    *found = k;
    return SD_OK;
}

int store_order_set_promise(struct store *st, int64_t order_id, int64_t promise_by,
                            struct sd_err *err)
{
    db_require_write(st, "store_order_set_promise");
    struct db_stmt *s = db_prep(st, "UPDATE orders SET promise_by = :p WHERE id = :id");
    db_bind_int_or_null(s, ":p", promise_by);
    db_bind_int(s, ":id", order_id);
    return db_exec_stmt(st, s, err);
}

int store_wave_add(struct store *st, const char *by, int size, int64_t *wave_id,
                   struct sd_err *err)
{
    db_require_write(st, "store_wave_add");
    struct db_stmt *s = db_prep(st, "INSERT INTO waves (created_at, created_by, size) VALUES "
                                  "(:now, :by, :size) RETURNING id");
    db_bind_int(s, ":now", clock_now());
    db_bind_text(s, ":by", by);
    db_bind_int(s, ":size", size);
    int rc = db_insert_id(st, s, wave_id, err);
    return rc;
}

int store_order_set_wave(struct store *st, int64_t order_id, int64_t wave_id,
                         struct sd_err *err)
{
    db_require_write(st, "store_order_set_wave");
    struct db_stmt *s = db_prep(st, "UPDATE orders SET wave_id = :w, updated_at = :now WHERE id = :id");
    db_bind_int(s, ":w", wave_id);
    db_bind_int(s, ":now", clock_now());
    db_bind_int(s, ":id", order_id);
    return db_exec_stmt(st, s, err);
}

int store_wave_items(struct store *st, int64_t wave_id, struct pick_item *items, int max,
                     int *n, int64_t *created_at, struct sd_err *err)
{
    struct db_stmt *w = db_prep(st, "SELECT created_at FROM waves WHERE id = :w");
    db_bind_int(w, ":w", wave_id);
    int rc = db_step(st, w, err);
    if (rc != DB_ROW) {
        db_reset(w);
        return rc == DB_DONE ? sd_fail(err, SD_NOT_FOUND, NULL)
                                 : (err ? (int)err->code : SD_STORE);
    }
    *created_at = db_col_int(w, 0);
    db_reset(w);
    struct db_stmt *s = db_prep(
        st, DB_SQL(st,
                   "SELECT l.sku, min(l.title), sum(l.qty), group_concat(o.number, ', ') FROM "
                   "order_lines l JOIN orders o ON o.id = l.order_id WHERE o.wave_id = :w GROUP "
                   "BY l.sku ORDER BY l.sku",
                   "SELECT l.sku, min(l.title), sum(l.qty), string_agg(o.number, ', ' ORDER BY "
                   "o.id) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.wave_id "
                   "= :w GROUP BY l.sku ORDER BY l.sku"));
    db_bind_int(s, ":w", wave_id);
    int k = 0;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (k < max) {
            struct pick_item *it = &items[k++];
            utf8_copy(it->sku, sizeof it->sku, db_col_text(s, 0));
            utf8_copy(it->title, sizeof it->title, db_col_text(s, 1));
            it->qty = db_col_int(s, 2);
            utf8_copy(it->orders, sizeof it->orders, db_col_text(s, 3));
        }
    }
    db_reset(s);
    if (rc != DB_DONE)
        return err ? (int)err->code : SD_STORE;
    *n = k;
    return SD_OK;
}

int store_ship_times(struct store *st, int64_t from, int64_t to, int64_t **times, size_t *n,
                     struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT shipped_at - paid_at FROM orders WHERE shipped_at >= "
                                  ":from AND shipped_at < :to AND paid_at IS NOT NULL AND "
                                  "shipped_at >= paid_at");
    db_bind_int(s, ":from", from);
    db_bind_int(s, ":to", to);
    return db_int_column(st, s, times, n, err);
}

int64_t store_number_seq(struct store *st, const char *platform, const char *prefix)
{
    struct db_stmt *s = db_prep(st, "SELECT count(*) FROM orders WHERE platform = :platform AND "
                                  "number LIKE :p || '%'");
    db_bind_text(s, ":platform", platform);
    db_bind_text(s, ":p", prefix);
    int64_t n = 0;
    if (db_step(st, s, NULL) == DB_ROW)
        n = db_col_int(s, 0);
    db_reset(s);
    return n + 1;
}

int db_search_index_rebuild(struct store *st, struct sd_err *err)
{
    if (DB_PG(st)) /* its indexes follow the table */
        return db_exec(st, "REINDEX TABLE orders", err);
    /* the trigram index reads the orders again; the piece index (contentless) is emptied and
     * filled from them */
    return db_exec(st, "INSERT INTO order_search(order_search) VALUES ('rebuild');"
                       "INSERT INTO order_grams(order_grams) VALUES ('delete-all');"
                       "INSERT INTO order_grams(rowid, grams) SELECT id, sd_grams(search_text) "
                       "FROM orders",
                   err);
}

int store_search_rebuild(struct store *st, struct sd_err *err)
{
    db_require_write(st, "store_search_rebuild");
    int rc = db_search_index_rebuild(st, err);
    if (!rc)
        st->fts_from = 0;
    return rc;
}
