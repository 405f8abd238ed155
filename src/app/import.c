#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/import.h"
#include "app/order_ops.h"
#include "app/import_int.h"
#include "app/paths.h"
#include "app/session.h"
#include "app/stock.h"
#include "app/tiers.h"
#include "core/clock.h"
#include "core/datefmt.h"
#include "core/money.h"
#include "core/order.h"
#include "store/imports.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/stage.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_CHANGE_LINES 200
/* More lines than any real order has: a file of repeated rows is refused, not one order */
#define IMPORT_MAX_LINES 10000
/* A file of up to this many orders is written in one transaction (well under a second);
 * a larger one in steps of about STEP_MS each, with a pause between them in which anyone
 * waiting to write gets the shop. */
#define ONE_STEP_ORDERS 20000
#define STEP_FIRST 2000
#define STEP_MIN 200
#define STEP_MAX 40000
#define STEP_MS 200
#define STEP_PAUSE_US 3000
/* --explain shows this many orders */
#define EXPLAIN_ORDERS 3

struct job {
    struct session *s;
    const struct import_opts *o;
    struct import_result *r;
    struct sd_err *err;
    struct src main, detail;
    bool with_detail;
    struct stage *stage;
    /* how the file writes dates and amounts, from the whole file */
    struct date_evidence dates;
    struct amount_evidence amounts;
    enum date_order date_order;
    const struct date_format *datefmt;
    char decimal;
    long last_line; /* the line of the last row read */
    char *last_key;
    /* the order being built */
    struct order cur;
    struct order_line *lines;
    size_t nlines, cap;
    long cur_line;
    bool have_total;
    int64_t first_total;
    long first_total_line;
    /* reading the stage back */
    bool pending, at_end;
    struct strbuf pcells, fcells;
    long pline;
    /* the write */
    bool steps;
    int64_t import_id;
    int64_t committed_steps;
    bool bulk_ok;
    struct order_bulk *bulk;
    bool insert_first; /* no order of this platform before: insert without looking first */
    int64_t imported, updated, unchanged, members, tier_moves;
    int64_t stock_short; /* orders.stock_from_imports: orders whose stock was short */
    struct id_range *touched; /* members whose tier may change, as runs of ids */
    size_t ntouched, captouched;
    bool touched_all;
    char sha[65];
};

bool import_format_parse(const char *s, enum import_format *out)
{
    if (!strcasecmp(s, "shopify"))
        *out = IMPORT_SHOPIFY;
    else if (!strcasecmp(s, "taobao") || !strcasecmp(s, "tmall"))
        *out = IMPORT_TAOBAO;
    else if (!strcasecmp(s, "generic"))
        *out = IMPORT_GENERIC;
    else if (!strcasecmp(s, "auto"))
        *out = IMPORT_AUTO;
    else
        return false;
    return true;
}

static int row_fail(struct job *j, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int row_fail(struct job *j, const char *path, long line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sd_fail(j->err, SD_INPUT, "%s:%ld: %s", path, line, msg);
}

static bool stopped(const struct job *j)
{
    return j->o->stop && *j->o->stop;
}

static void progress(struct job *j, enum import_phase phase, int64_t done, int64_t total)
{
    if (j->o->progress)
        j->o->progress(j->o->progress_arg, phase, done, total);
}

static void note(struct job *j, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note(struct job *j, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_addf(&j->r->notes, "%s: ", path_basename(path));
    sb_vaddf(&j->r->notes, fmt, ap);
    sb_addch(&j->r->notes, '\n');
    va_end(ap);
}

/* ---- reading the file ---------------------------------------------------------------- */

static int open_src(struct job *j, struct src *s, const char *path, const struct mapping *given)
{
    s->path = path;
    const char *enc = j->o->encoding;
    if (!enc && given && given->encoding)
        enc = given->encoding;
    char sep = given ? given->sep : 0;
    paths_user_begin(); /* the person's file, with the person's rights */
    int opened = csvf_open(&s->cf, path, enc, sep);
    paths_user_end();
    if (opened) {
        int rc;
        if (s->cf.error_line > 0) /* a bad byte near the start, found finding the separator */
            rc = row_fail(j, path, s->cf.error_line, "%s", s->cf.error);
        else
            rc = sd_fail(j->err, s->cf.bad_encoding ? SD_USAGE : SD_IO, "%s: %s", path,
                         s->cf.error);
        csvf_close(&s->cf);
        return rc;
    }
    s->opened = true;
    s->sep = s->cf.r.sep;
    return SD_OK;
}

/* Read one record into s->row (unwrapped when a spreadsheet quoted it whole, cleaned of
 * what spreadsheets add): 1, 0 at the end, or an error status (negative). */
static int next_record(struct job *j, struct src *s, struct csv_row **out)
{
    for (;;) {
        int got = csvf_next(&s->cf, &s->row);
        if (got < 0)
            return -row_fail(j, s->path, s->cf.error_line, "%s", s->cf.error);
        if (got == 0)
            return 0;
        if (csv_row_blank(&s->row))
            continue;
        struct csv_row *r = &s->row;
        size_t want = s->hdr.n ? s->hdr.n : 2;
        if (csv_unwrap(&s->row, want, s->sep, &s->sub, &s->wrapbuf)) {
            r = &s->sub;
            if (!s->wrapped++)
                s->wrapped_line = r->line;
        }
        csv_clean_row(r);
        *out = r;
        return 1;
    }
}

static int read_header(struct job *j, struct src *s)
{
    struct csv_row *r;
    int got = next_record(j, s, &r);
    if (got < 0)
        return -got;
    if (got == 0)
        return row_fail(j, s->path, 1, "%s", _("the file is empty (no header row)"));
    /* the header keeps its own copy: the reader reuses the row */
    csv_row_free(&s->hdr);
    memset(&s->hdr, 0, sizeof s->hdr);
    struct strbuf text = STRBUF_INIT;
    for (size_t i = 0; i < r->n; i++) {
        if (s->cf.double_encoded)
            mojibake_repair(r->fields[i]);
        if (i)
            csv_sep(&text);
        csv_put(&text, r->fields[i], false);
    }
    struct csv_reader rd;
    csv_reader_init(&rd, sb_str(&text), text.len, ',');
    csv_next(&rd, &s->hdr);
    sb_free(&text);
    s->hdr.line = r->line;
    if (s->wrapped)
        s->wrapped = 0; /* counted again from the data rows */
    return SD_OK;
}

/* Does text look like a number a spreadsheet turned into scientific notation (1.23457E+17)? */
static bool scientific(const char *t)
{
    if (!isdigit((unsigned char)*t))
        return false;
    while (isdigit((unsigned char)*t))
        t++;
    if (*t == '.' || *t == ',') {
        t++;
        while (isdigit((unsigned char)*t))
            t++;
    }
    if (*t != 'E' && *t != 'e')
        return false;
    t++;
    if (*t == '+')
        t++;
    if (!isdigit((unsigned char)*t))
        return false;
    while (isdigit((unsigned char)*t))
        t++;
    return *t == '\0';
}

/* Drop every NUL marker from s (in place). */
static void drop_nuls(char *s)
{
    const size_t k = sizeof CSV_NUL - 1;
    char *w = s;
    for (char *p = s; *p;) {
        if (!strncmp(p, CSV_NUL, k)) {
            p += k;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
}

/* Keep the row's used columns in s->pack and s->vals. */
static int pack_row(struct job *j, struct src *s, struct csv_row *r)
{
    sb_reset(&s->pack);
    bool nul_dropped = false;
    for (int i = 0; i < s->nslots; i++) {
        size_t col = (size_t)s->slot_col[i];
        char *v = col < r->n ? r->fields[col] : (char *)"";
        if (s->cf.nuls && strstr(v, CSV_NUL)) {
            if (s->slot_strict[i])
                return row_fail(j, s->path, r->line,
                                _("a NUL byte in column '%s': an id, an amount, a time or a "
                                  "status cannot hold one (the file is damaged there)"),
                                s->hdr.fields[col]);
            drop_nuls(v);
            nul_dropped = true;
        }
        if (s->cf.double_encoded)
            mojibake_repair(v);
        sb_add(&s->pack, v, strlen(v) + 1);
    }
    if (!nul_dropped && s->cf.nuls) /* in a column not imported: gone with it */
        for (size_t i = 0; i < r->n && !nul_dropped; i++)
            nul_dropped = strstr(r->fields[i], CSV_NUL) != NULL;
    if (nul_dropped) {
        if (s->nnul_lines < 4)
            s->nul_lines[s->nnul_lines++] = r->line;
        s->nul_rows++;
    }
    const char *p = sb_str(&s->pack);
    for (int i = 0; i < s->nslots; i++) {
        s->vals[i] = p;
        p += strlen(p) + 1;
    }
    return SD_OK;
}

static void unpack(struct src *s, const char *cells, size_t len)
{
    const char *p = cells, *end = cells + len;
    for (int i = 0; i < s->nslots; i++) {
        s->vals[i] = p < end ? p : "";
        p += p < end ? strlen(p) + 1 : 0;
    }
}

/* The value of a field: its first column with a value in this row, or "". */
static const char *fv(const struct src *s, int f)
{
    const struct fref *r = &s->f[f];
    for (int k = 0; k < r->n; k++)
        if (s->vals[r->slot[k]][0])
            return s->vals[r->slot[k]];
    return "";
}

/* What the whole file says about its dates and decimal marks. */
static void observe(struct job *j, struct src *s, long line)
{
    for (int f = 0; f < MF_COUNT; f++) {
        const struct fref *r = &s->f[f];
        if (!r->n)
            continue;
        if (map_field_is_time((enum map_field)f) && !(j->datefmt && j->datefmt->pattern[0])) {
            for (int k = 0; k < r->n; k++)
                if (s->vals[r->slot[k]][0])
                    date_observe(&j->dates, s->vals[r->slot[k]], line);
        } else if (map_field_is_amount((enum map_field)f)) {
            for (int k = 0; k < r->n + r->nminus; k++) {
                const char *v = s->vals[k < r->n ? r->slot[k] : r->minus[k - r->n]];
                if (v[0])
                    amount_observe(&j->amounts, v, line);
            }
        }
    }
}

/* Pass 1: every row of the file into the stage (detail rows beside), checked for what can
 * be told from the row alone, and the evidence gathered. */
static int read_rows(struct job *j, struct src *s, bool detail)
{
    struct csv_row *r;
    int got, rc;
    int64_t rows = 0;
    while ((got = next_record(j, s, &r)) == 1) {
        if ((rc = pack_row(j, s, r)))
            return rc;
        const char *number = fv(s, MF_NUMBER);
        if (!*number)
            return row_fail(j, s->path, r->line, "%s", _("no order number"));
        if (scientific(number))
            return row_fail(j, s->path, r->line,
                            _("the order number '%s' was turned into a number by a spreadsheet "
                              "and its digits are lost: export the file again, or open it with "
                              "that column as text"),
                            number);
        observe(j, s, r->line);
        if (detail) {
            /* the row's line first, for messages about it */
            struct strbuf side = STRBUF_INIT;
            sb_addf(&side, "%ld", r->line);
            sb_addch(&side, '\0');
            sb_add(&side, sb_str(&s->pack), s->pack.len);
            rc = stage_side_add(j->stage, number, sb_str(&side), side.len, j->err);
            sb_free(&side);
            if (rc)
                return rc;
        } else {
            int64_t n = 0;
            if ((rc = stage_add(j->stage, number, r->line, sb_str(&s->pack), s->pack.len, &n,
                                j->err)))
                return rc;
            bool again = j->last_key && strcmp(j->last_key, number) != 0;
            if (n > 1 && (s->kind == KIND_TAOBAO || (!s->items && again)))
                return row_fail(j, s->path, r->line, _("order %s appears twice in the file"),
                                number);
            if (n > IMPORT_MAX_LINES)
                return row_fail(j, s->path, r->line, _("order %s has more than %d lines"),
                                number, IMPORT_MAX_LINES);
            if (!j->last_key || again) {
                free(j->last_key);
                j->last_key = xstrdup(number);
            }
        }
        if (++rows % 4096 == 0) {
            progress(j, IMPORT_READING, s->cf.bytes_read, s->cf.size);
            if (stopped(j))
                return sd_fail(j->err, SD_CANCELLED, "%s", _("stopped"));
        }
    }
    if (got < 0)
        return -got;
    progress(j, IMPORT_READING, s->cf.size, s->cf.size);
    if (s->wrapped)
        note(j, s->path,
             P_("%lld record was wrapped whole in quotes (a spreadsheet's doing, from line %ld): "
                "read as its fields",
                "%lld records were wrapped whole in quotes (a spreadsheet's doing, from line "
                "%ld): read as their fields",
                s->wrapped),
             (long long)s->wrapped, s->wrapped_line);
    if (s->nul_rows) {
        char lines[80] = "";
        size_t len = 0;
        for (int i = 0; i < s->nnul_lines; i++)
            len += (size_t)snprintf(lines + len, sizeof lines - len, "%s%ld", i ? ", " : "",
                                    s->nul_lines[i]);
        note(j, s->path,
             P_("NUL bytes dropped from free text (notes, attributes) on %lld line (%s%s)",
                "NUL bytes dropped from free text (notes, attributes) on %lld lines (%s%s)",
                s->nul_rows),
             (long long)s->nul_rows, lines, s->nul_rows > s->nnul_lines ? ", ..." : "");
    }
    if (s->cf.double_encoded)
        note(j, s->path, "%s",
             _("the file was encoded as UTF-8 twice (\"XuÃ¢n\" for \"Xuân\"): repaired"));
    return SD_OK;
}

/* ---- building an order from its rows ---------------------------------------------- */

static int parse_time(struct job *j, struct src *s, long line, int f, int64_t *out)
{
    *out = 0;
    const char *text = fv(s, f);
    if (!*text)
        return SD_OK;
    struct sd_err e = {0};
    if (datetime_parse(text, j->date_order, j->datefmt, out, &e))
        return row_fail(j, s->path, line, "%s", e.msg);
    return SD_OK;
}

static int parse_one_amount(struct job *j, struct src *s, long line, const char *text,
                            const struct currency *cur, bool negative_ok, int64_t *out)
{
    struct sd_err e = {0};
    if (money_parse_style(text, cur, j->decimal, negative_ok ? MONEY_ALLOW_NEGATIVE : 0, out,
                          &e))
        return row_fail(j, s->path, line, "%s", e.msg);
    return SD_OK;
}

/* An amount field: *present tells whether the row has one. A sum adds its columns and takes
 * off the others (a discount is taken off however it is signed). */
static int parse_amount(struct job *j, struct src *s, long line, int f,
                        const struct currency *cur, int64_t *out, bool *present)
{
    const struct fref *r = &s->f[f];
    *out = 0;
    *present = false;
    int rc;
    if (r->how != MAP_SUM) {
        const char *text = fv(s, f);
        if (!*text)
            return SD_OK;
        *present = true;
        if ((rc = parse_one_amount(j, s, line, text, cur, f == MF_REFUNDED, out)))
            return rc;
        if (*out < 0)
            *out = -*out; /* a refund written as money going out */
        return SD_OK;
    }
    int64_t sum = 0;
    for (int k = 0; k < r->n + r->nminus; k++) {
        bool minus = k >= r->n;
        const char *text = s->vals[minus ? r->minus[k - r->n] : r->slot[k]];
        if (!*text)
            continue;
        *present |= !minus;
        int64_t v;
        if ((rc = parse_one_amount(j, s, line, text, cur, true, &v)))
            return rc;
        if (minus && v > 0)
            v = -v;
        if (__builtin_add_overflow(sum, v, &sum))
            return row_fail(j, s->path, line, "%s", _("the amount is too large"));
    }
    if (*present && sum < 0)
        return row_fail(j, s->path, line, _("the %s adds up to less than nothing"),
                        map_field_key((enum map_field)f));
    *out = sum;
    return SD_OK;
}

static int parse_qty(struct job *j, struct src *s, long line, const char *text, int64_t *qty)
{
    /* "2", or "2.0" / "2,00" as a spreadsheet writes a whole number */
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if ((*end == '.' || *end == ',') && end != text) {
        const char *z = end + 1;
        while (*z == '0')
            z++;
        if (*z == '\0' && z > end + 1)
            end = (char *)z;
    }
    if (!*text || *end || errno || v < 0 || v > 1000000)
        return row_fail(j, s->path, line, _("'%s' is not a quantity"), text);
    *qty = v;
    return SD_OK;
}

static void add_line(struct job *j, const char *sku, const char *title, int64_t qty,
                     int64_t price, int64_t total)
{
    if (j->nlines == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 4;
        j->lines = xrealloc(j->lines, j->cap * sizeof *j->lines);
    }
    struct order_line *l = &j->lines[j->nlines++];
    memset(l, 0, sizeof *l);
    l->line_no = (int)j->nlines;
    l->sku = xstrdup(sku);
    l->title = xstrdup(title);
    l->qty = qty;
    l->price = price;
    l->total = total;
}

static void reset_current(struct job *j)
{
    order_clear(&j->cur);
    order_lines_free(j->lines, j->nlines);
    j->lines = NULL;
    j->nlines = j->cap = 0;
    j->have_total = false;
}

/* The line item of a row (every format but the Taobao list). row_amount: in items mode, the
 * row's own amount for the goods, used when the row gives no price. */
static int row_line(struct job *j, struct src *s, long line, const struct currency *cur,
                    int64_t row_amount, bool have_row_amount)
{
    const char *title = fv(s, MF_TITLE);
    const char *sku = fv(s, MF_SKU);
    if (!*title && !*sku)
        return SD_OK;
    int64_t qty = 1, price = 0, total;
    bool have_price = false;
    int rc;
    const char *q = fv(s, MF_QTY);
    if (*q && (rc = parse_qty(j, s, line, q, &qty)))
        return rc;
    if ((rc = parse_amount(j, s, line, MF_PRICE, cur, &price, &have_price)))
        return rc;
    if (have_row_amount) { /* an item with its own amount: what was paid for it */
        total = row_amount;
        if (!have_price)
            price = qty ? row_amount / qty : 0;
    } else if (have_price) {
        if (!money_mul(price, qty, &total))
            return row_fail(j, s->path, line, "%s", _("the line total is too large"));
    } else {
        total = 0;
    }
    if (j->nlines >= IMPORT_MAX_LINES)
        return row_fail(j, s->path, line, _("order %s has more than %d lines"), j->cur.number,
                        IMPORT_MAX_LINES);
    add_line(j, sku, title, qty, price, total);
    return SD_OK;
}

static const struct currency *order_cur(struct job *j)
{
    const struct currency *c = currency_find(j->cur.currency);
    return c ? c : j->s->set.currency;
}

static int taobao_status(struct job *j, struct src *s, long line, const char *word,
                         enum order_status *out)
{
    static const struct {
        const char *word;
        enum order_status st;
    } map[] = {
        {"等待买家付款", ORDER_PENDING},
        {"买家已付款，等待卖家发货", ORDER_PAID},
        {"买家已付款,等待卖家发货", ORDER_PAID},
        {"等待卖家发货", ORDER_PAID},
        {"卖家部分发货", ORDER_PAID},
        {"卖家已发货，等待买家确认", ORDER_SHIPPED},
        {"卖家已发货,等待买家确认", ORDER_SHIPPED},
        {"交易成功", ORDER_DELIVERED},
        {"交易关闭", ORDER_CANCELLED},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(word, map[i].word)) {
            *out = map[i].st;
            return SD_OK;
        }
    return row_fail(j, s->path, line, _("unknown order status '%s'"), word);
}

/* Without a status word: what the times say. */
static enum order_status status_from_times(struct src *s)
{
    if (*fv(s, MF_CANCELLED_AT))
        return ORDER_CANCELLED;
    if (*fv(s, MF_DELIVERED_AT))
        return ORDER_DELIVERED;
    if (*fv(s, MF_SHIPPED_AT))
        return ORDER_SHIPPED;
    if (*fv(s, MF_PAID_AT))
        return ORDER_PAID;
    return ORDER_PENDING;
}

static int shopify_status(struct job *j, struct src *s, long line, enum order_status *out)
{
    const char *fin = fv(s, F_FINANCIAL);
    const char *ful = fv(s, F_FULFILLMENT);
    if (*fv(s, MF_CANCELLED_AT) || !strcasecmp(fin, "voided")) {
        *out = ORDER_CANCELLED;
        return SD_OK;
    }
    if (!*fin) {
        *out = status_from_times(s);
        return SD_OK;
    }
    if (!strcasecmp(fin, "pending") || !strcasecmp(fin, "authorized") ||
        !strcasecmp(fin, "expired")) {
        *out = ORDER_PENDING;
        return SD_OK;
    }
    if (strcasecmp(fin, "paid") && strcasecmp(fin, "partially_paid") &&
        strcasecmp(fin, "refunded") && strcasecmp(fin, "partially_refunded"))
        return row_fail(j, s->path, line, _("unknown financial status '%s'"), fin);
    *out = !strcasecmp(ful, "fulfilled") ? ORDER_SHIPPED : ORDER_PAID;
    return SD_OK;
}

static int mapping_status(struct job *j, struct src *s, long line, enum order_status *out)
{
    const char *word = fv(s, MF_STATUS);
    if (!*word) {
        bool times = s->f[MF_PAID_AT].n || s->f[MF_SHIPPED_AT].n || s->f[MF_DELIVERED_AT].n ||
                     s->f[MF_CANCELLED_AT].n;
        *out = times ? status_from_times(s) : (enum order_status)s->map.default_status;
        return SD_OK;
    }
    for (size_t i = 0; i < s->map.nstatuses; i++)
        if (!strcmp(s->map.statuses[i].word, word)) {
            *out = (enum order_status)s->map.statuses[i].status;
            return SD_OK;
        }
    int st = order_status_parse(word);
    if (st >= 0) {
        *out = (enum order_status)st;
        return SD_OK;
    }
    return row_fail(j, s->path, line, _("unknown order status '%s' (add it under statuses: in %s)"),
                    word, s->map.path);
}

static char *joined(struct src *s, int f)
{
    const struct fref *r = &s->f[f];
    if (r->how != MAP_JOIN)
        return xstrdup(fv(s, f));
    struct strbuf sb = STRBUF_INIT;
    for (int k = 0; k < r->n; k++) {
        const char *v = s->vals[r->slot[k]];
        if (*v)
            sb_addf(&sb, "%s%s", sb.len ? ", " : "", v);
    }
    return sb_detach(&sb);
}

/* The order's fields from its first row. */
static int begin_order(struct job *j, struct src *s, long line)
{
    struct order *o = &j->cur;
    memset(o, 0, sizeof *o);
    j->cur_line = line;
    o->platform = xstrdup(s->platform);
    o->number = xstrdup(fv(s, MF_NUMBER));
    const char *code = fv(s, MF_CURRENCY);
    const struct currency *cur = *code                 ? currency_find(code)
                                 : s->map.currency[0] ? currency_find(s->map.currency)
                                                      : j->s->set.currency;
    if (!cur)
        return row_fail(j, s->path, line,
                        _("unknown currency '%s' (not an ISO 4217 code such as CNY, USD, EUR)"),
                        code);
    o->currency = xstrdup(cur->code);
    enum order_status st = ORDER_PENDING;
    int rc = s->kind == KIND_SHOPIFY  ? shopify_status(j, s, line, &st)
             : s->kind == KIND_TAOBAO ? taobao_status(j, s, line, fv(s, MF_STATUS), &st)
                                      : mapping_status(j, s, line, &st);
    if (rc)
        return rc;
    o->status = st;
    if ((rc = parse_time(j, s, line, MF_CREATED_AT, &o->created_at)) ||
        (rc = parse_time(j, s, line, MF_PAID_AT, &o->paid_at)) ||
        (rc = parse_time(j, s, line, MF_SHIPPED_AT, &o->shipped_at)) ||
        (rc = parse_time(j, s, line, MF_DELIVERED_AT, &o->delivered_at)) ||
        (rc = parse_time(j, s, line, MF_CANCELLED_AT, &o->cancelled_at)))
        return rc;
    if (!o->created_at)
        return row_fail(j, s->path, line, "%s", _("no order time"));
    o->buyer = xstrdup(fv(s, MF_BUYER));
    o->receiver = xstrdup(fv(s, MF_RECEIVER));
    o->phone = xstrdup(fv(s, MF_PHONE));
    o->address = joined(s, MF_ADDRESS);
    o->courier = xstrdup(fv(s, MF_COURIER));
    const char *tracking = fv(s, MF_TRACKING);
    if (!strncasecmp(tracking, "No:", 3))
        tracking += 3;
    o->tracking = xstrdup(tracking);
    o->note = xstrdup(fv(s, MF_NOTE));
    o->cancel_reason = xstrdup(fv(s, MF_CANCEL_REASON));
    return SD_OK;
}

/* A row of the order (its first too): its line, and in items mode its amounts. */
static int order_row(struct job *j, struct src *s, long line, bool first)
{
    struct order *o = &j->cur;
    const struct currency *cur = order_cur(j);
    int64_t total = 0, shipping = 0, goods = 0, refunded = 0;
    bool has_total, has_shipping, has_goods, has_refunded;
    int rc;
    if ((rc = parse_amount(j, s, line, MF_TOTAL, cur, &total, &has_total)) ||
        (rc = parse_amount(j, s, line, MF_SHIPPING, cur, &shipping, &has_shipping)) ||
        (rc = parse_amount(j, s, line, MF_GOODS, cur, &goods, &has_goods)) ||
        (rc = parse_amount(j, s, line, MF_REFUNDED, cur, &refunded, &has_refunded)))
        return rc;
    if (s->items) {
        /* each row an item with its own amounts: the order is their sum */
        if (__builtin_add_overflow(o->total, total, &o->total) ||
            __builtin_add_overflow(o->shipping, shipping, &o->shipping) ||
            __builtin_add_overflow(o->goods, goods, &o->goods) ||
            __builtin_add_overflow(o->platform_refunded, refunded, &o->platform_refunded))
            return row_fail(j, s->path, line, "%s", _("the amount is too large"));
        j->have_total |= has_total;
        int64_t row_goods = has_goods ? goods : total - shipping;
        return s->kind == KIND_TAOBAO ? SD_OK : row_line(j, s, line, cur, row_goods, true);
    }
    if (first) {
        o->total = total;
        o->shipping = shipping;
        o->goods = goods;
        o->platform_refunded = refunded;
        j->have_total = has_total;
        j->first_total = total;
        j->first_total_line = line;
    } else if (has_total && j->have_total && total != j->first_total) {
        char a[48], b[48];
        return row_fail(j, s->path, line,
                        _("the rows of order %s give different totals (%s on line %ld, %s here): "
                          "if each row is an item with its own amounts, the mapping says "
                          "rows: items"),
                        o->number, money_format(j->first_total, cur, MONEY_PLAIN, a, sizeof a),
                        j->first_total_line, money_format(total, cur, MONEY_PLAIN, b, sizeof b));
    }
    if (s->kind == KIND_TAOBAO)
        return SD_OK;
    return row_line(j, s, line, cur, 0, false);
}

struct detail_arg {
    struct job *j;
    const struct currency *cur;
};

static int detail_line(void *arg, const void *cells, size_t len)
{
    struct detail_arg *a = arg;
    struct src *d = &a->j->detail;
    const char *p = cells;
    size_t skip = strnlen(p, len) + 1;
    long line = strtol(p, NULL, 10);
    unpack(d, p + skip, skip < len ? len - skip : 0);
    return row_line(a->j, d, line, a->cur, 0, false);
}

/* The order complete: lines from elsewhere, what follows from its status, the checks. */
static int finish_order(struct job *j, struct src *s)
{
    struct order *o = &j->cur;
    long line = j->cur_line;
    int rc;
    if (s->kind == KIND_TAOBAO) {
        if (j->with_detail) {
            struct detail_arg a = {j, order_cur(j)};
            if ((rc = stage_side_each(j->stage, o->number, detail_line, &a, j->err)))
                return rc;
        }
        if (!j->nlines) {
            /* the list alone: one line from the title and the total quantity */
            const char *title = fv(s, MF_TITLE);
            if (*title) {
                int64_t qty = 1;
                const char *q = fv(s, MF_QTY);
                if (*q && (rc = parse_qty(j, s, line, q, &qty)))
                    return rc;
                add_line(j, "", title, qty, qty ? o->goods / qty : 0, 0);
            }
        }
    }
    /* an order never paid (pending, or cancelled unpaid) may come without amounts */
    bool unpaid = o->status == ORDER_PENDING || (o->status == ORDER_CANCELLED && !o->paid_at);
    if (!j->have_total && !unpaid)
        return row_fail(j, s->path, line, "%s", _("no total"));
    if (o->shipping > o->total)
        return row_fail(j, s->path, line, "%s", _("the shipping is more than the total"));
    if (!o->goods || o->goods > o->total - o->shipping)
        o->goods = o->total - o->shipping;
    if (j->nlines == 1 && j->lines[0].total == 0 && j->lines[0].price == 0 && !s->items) {
        /* the order's one line, priced by no column: it is what the goods came to */
        struct order_line *l = &j->lines[0];
        l->total = o->goods;
        l->price = l->qty ? o->goods / l->qty : 0;
    }
    if (o->platform_refunded > o->total)
        return row_fail(j, s->path, line, "%s", _("the refunded amount is more than the total"));
    enum order_status st = o->status;
    if (st == ORDER_CANCELLED && !o->cancelled_at)
        o->cancelled_at = o->paid_at ? o->paid_at : o->created_at;
    if (st != ORDER_PENDING && st != ORDER_CANCELLED && !o->paid_at)
        o->paid_at = o->created_at;
    return SD_OK;
}

/* The next order from the stage into j->cur: 1, 0 at the end, or -status. Its first row
 * is kept (fcells) and unpacked again at the end, for what is read after the rows. */
static int next_order(struct job *j)
{
    struct src *s = &j->main;
    reset_current(j);
    const char *key;
    const void *cells;
    size_t len;
    long line;
    bool first;
    int got;
    if (j->at_end)
        return 0;
    if (!j->pending) {
        got = stage_next(j->stage, &key, &line, &cells, &len, &first, j->err);
        if (got <= 0)
            return got < 0 ? -(j->err ? (int)j->err->code : SD_IO) : 0;
        sb_reset(&j->pcells);
        sb_add(&j->pcells, cells, len);
        j->pline = line;
    }
    j->pending = false;
    sb_reset(&j->fcells);
    sb_add(&j->fcells, sb_str(&j->pcells), j->pcells.len);
    long fline = j->pline;
    unpack(s, sb_str(&j->fcells), j->fcells.len);
    int rc;
    if ((rc = begin_order(j, s, fline)) || (rc = order_row(j, s, fline, true)))
        return -rc;
    while ((got = stage_next(j->stage, &key, &line, &cells, &len, &first, j->err)) == 1) {
        if (first) {
            sb_reset(&j->pcells);
            sb_add(&j->pcells, cells, len);
            j->pline = line;
            j->pending = true;
            break;
        }
        unpack(s, cells, len);
        if ((rc = order_row(j, s, line, false)))
            return -rc;
    }
    if (got < 0)
        return -(j->err ? (int)j->err->code : SD_IO);
    j->at_end = got == 0;
    unpack(s, sb_str(&j->fcells), j->fcells.len);
    return 1;
}

/* ---- writing ------------------------------------------------------------------------ */

static int cmp_range(const void *a, const void *b)
{
    const struct id_range *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort the runs and join those that touch or overlap. */
static void merge_runs(struct job *j)
{
    if (!j->ntouched)
        return;
    qsort(j->touched, j->ntouched, sizeof *j->touched, cmp_range);
    size_t k = 0;
    for (size_t i = 0; i < j->ntouched; i++) {
        struct id_range r = j->touched[i];
        if (k && r.lo <= j->touched[k - 1].hi) {
            if (r.hi > j->touched[k - 1].hi)
                j->touched[k - 1].hi = r.hi;
        } else {
            j->touched[k++] = r;
        }
    }
    j->ntouched = k;
}

/* Remember a member whose tier may change. The members an import makes have consecutive
 * ids, so the ids are kept as runs: past TIERS_ONE_BY_ONE runs every member is recomputed
 * instead, and memory stays at twice that many runs whatever the size of the file. */
static void touch(struct job *j, int64_t id)
{
    if (j->touched_all)
        return;
    if (j->ntouched) {
        struct id_range *last = &j->touched[j->ntouched - 1];
        if (id >= last->lo && id < last->hi)
            return;
        if (id == last->hi) {
            last->hi++;
            return;
        }
    }
    if (j->ntouched == j->captouched) {
        merge_runs(j);
        if (j->ntouched > TIERS_ONE_BY_ONE) {
            free(j->touched);
            j->touched = NULL;
            j->ntouched = j->captouched = 0;
            j->touched_all = true;
            return;
        }
        if (j->ntouched >= j->captouched / 2) {
            j->captouched = j->captouched ? j->captouched * 2 : 256;
            j->touched = xrealloc(j->touched, j->captouched * sizeof *j->touched);
        }
    }
    j->touched[j->ntouched++] = (struct id_range){id, id + 1};
}

/* Tiers of the members whose orders came in, then forget them. */
static int recompute_tiers(struct job *j)
{
    merge_runs(j);
    struct tier_run run;
    static const struct id_range nobody[1];
    const struct id_range *runs = j->touched_all ? NULL : j->touched ? j->touched : nobody;
    int rc = tiers_recompute_runs(j->s, runs, j->ntouched, &run, j->err);
    if (rc)
        return rc;
    j->tier_moves += run.up + run.down;
    j->ntouched = 0;
    j->touched_all = false;
    return SD_OK;
}

static void count_foreign(struct job *j, const char *code)
{
    struct import_result *r = j->r;
    if (!strcmp(code, j->s->set.currency->code))
        return;
    for (int i = 0; i < r->nforeign; i++)
        if (!strcmp(r->foreign[i].code, code)) {
            r->foreign[i].orders++;
            return;
        }
    if (r->nforeign < (int)(sizeof r->foreign / sizeof r->foreign[0])) {
        snprintf(r->foreign[r->nforeign].code, sizeof r->foreign[0].code, "%s", code);
        r->foreign[r->nforeign++].orders = 1;
    }
}

static void describe(struct job *j, const struct order *have, const struct order *now, unsigned ch)
{
    struct import_result *r = j->r;
    if (r->change_lines++ >= MAX_CHANGE_LINES)
        return;
    sb_addf(&r->changes, _("update %s %s:"), now->platform, now->number);
    if (ch & CH_STATUS)
        sb_addf(&r->changes, _(" status %s -> %s"), order_status_key(have->status),
                order_status_key(now->status));
    if (ch & CH_TRACKING)
        sb_addf(&r->changes, _(" tracking '%s' -> '%s'"), have->tracking, now->tracking);
    if (ch & CH_COURIER)
        sb_addf(&r->changes, _(" courier '%s' -> '%s'"), have->courier, now->courier);
    if (ch & CH_REFUNDED) {
        char a[48], b[48];
        const struct currency *cur = currency_find(now->currency);
        if (!cur)
            cur = j->s->set.currency;
        sb_addf(&r->changes, _(" refunded %s -> %s"),
                money_format(have->platform_refunded, cur, MONEY_PLAIN, a, sizeof a),
                money_format(now->platform_refunded, cur, MONEY_PLAIN, b, sizeof b));
    }
    if (ch & CH_RECEIVER)
        sb_adds(&r->changes, _(" receiver"));
    if (ch & CH_AMOUNTS)
        sb_adds(&r->changes, _(" amounts"));
    if (ch & (CH_PAID_AT | CH_SHIPPED_AT | CH_DELIVERED_AT))
        sb_adds(&r->changes, _(" times"));
    sb_addch(&r->changes, '\n');
}

static json_object *change_json(const struct order *o, unsigned ch)
{
    json_object *x = json_object_new_object();
    if (ch & CH_STATUS)
        json_object_object_add(x, "status", json_object_new_string(order_status_key(o->status)));
    if (ch & CH_TRACKING)
        json_object_object_add(x, "tracking", json_object_new_string(o->tracking));
    if (ch & CH_COURIER)
        json_object_object_add(x, "courier", json_object_new_string(o->courier));
    if (ch & CH_REFUNDED)
        json_object_object_add(x, "platform_refunded", json_object_new_int64(o->platform_refunded));
    if (ch & CH_AMOUNTS)
        json_object_object_add(x, "total", json_object_new_int64(o->total));
    return x;
}

/* Store the current order: insert, update what changed, or nothing. */
/* orders.stock_from_imports: an order that comes in shipped takes its goods from the new
 * stock, all its stocked SKUs or none (a shortage is noted, the first few by name) */
#define STOCK_SHORT_NAMED 20
static int take_stock(struct job *j, int64_t order_id, const struct order *o)
{
    if (!j->s->set.orders.stock_from_imports || o->gift || !o->shipped_at ||
        o->status == ORDER_CANCELLED)
        return SD_OK;
    bool short_of = false;
    struct strbuf why = STRBUF_INIT;
    int rc = stock_take_lines(j->s, order_id, j->lines, j->nlines, &short_of, &why, j->err);
    if (!rc && short_of && j->stock_short++ < STOCK_SHORT_NAMED)
        note(j, j->main.path, _("order %s: not taken from the stock: %s"), o->number,
             sb_str(&why));
    sb_free(&why);
    return rc;
}

static int write_order(struct job *j)
{
    struct order *o = &j->cur;
    struct sd_err *err = j->err;
    const char *path = j->main.path;
    int rc = SD_OK;
    count_foreign(j, o->currency);
    /* the delivery promise it was paid under (an order already in the shop keeps its own) */
    o->promise_by = order_promise_by(&j->s->set, o, j->lines, j->nlines);
    /* on a database server the order's lookup goes now, answered with its member's */
    if (!j->bulk && !j->insert_first)
        store_order_find_ahead(j->s->st, o->platform, o->number);
    if (o->buyer[0]) {
        bool created = false;
        if ((rc = store_member_match(j->s->st, o->platform, o->buyer, o->receiver, o->phone,
                                     &o->member_id, &created, err)))
            return rc;
        if (created) {
            bool first = true;
            if (j->steps && j->o->dry_run) {
                /* a dry run's steps are rolled back: the same buyer is new in each */
                char key[200];
                snprintf(key, sizeof key, "m\x1f%s\x1f%s", o->platform, o->buyer);
                if ((rc = stage_mark(j->stage, key, &first, err)))
                    return rc;
            }
            j->members += first;
        }
        touch(j, o->member_id);
    }
    if (j->bulk) {
        rc = store_order_insert(j->s->st, o, j->lines, j->nlines, err);
        if (rc == SD_REFUSED) /* the UNIQUE (platform, number) constraint */
            rc = row_fail(j, path, j->cur_line, _("order %s appears twice in the file"),
                          o->number);
        else if (rc == SD_OK)
            j->imported++;
        if (rc == SD_OK)
            rc = take_stock(j, o->id, o);
        return rc;
    }
    struct order have;
    if (j->insert_first) {
        /* the platform had no orders when the import began: each one is new, unless someone
         * added it since (then the UNIQUE (platform, number) index says so) */
        struct sd_err e = {0};
        rc = store_order_insert(j->s->st, o, j->lines, j->nlines, &e);
        if (rc == SD_OK) {
            j->imported++;
            return take_stock(j, o->id, o);
        }
        if (rc != SD_REFUSED) {
            if (err)
                *err = e;
            return rc;
        }
    }
    rc = store_order_find(j->s->st, o->platform, o->number, &have, err);
    if (rc == SD_NOT_FOUND) {
        rc = store_order_insert(j->s->st, o, j->lines, j->nlines, err);
        if (rc == SD_OK)
            j->imported++;
        if (rc == SD_OK)
            rc = take_stock(j, o->id, o);
        return rc;
    }
    if (rc)
        return rc;
    struct order merged;
    unsigned ch = order_merge_import(&have, o, &merged);
    merged.promise_by = have.promise_by ? have.promise_by : o->promise_by;
    /* the platform's refunds and the shop's are one sum, never above what was paid: a shop
     * refund made through the platform is the same money as the platform's figure */
    int64_t other = have.shop_refunded - have.shop_via_platform;
    int64_t via = have.shop_via_platform;
    if (ch && other + (merged.platform_refunded > via ? merged.platform_refunded : via) >
                  merged.total) {
        const struct currency *cur = currency_find(merged.currency);
        char m1[48], m2[48], m3[48];
        if (!cur)
            cur = j->s->set.currency;
        rc = row_fail(j, path, j->cur_line,
                      _("order %s: the platform says %s was refunded, and the shop has paid back "
                        "%s by other means: more than the %s paid (a refund the shop made "
                        "through the platform is paid with a platform method, and counted once)"),
                      merged.number,
                      money_format(merged.platform_refunded, cur, MONEY_SYMBOL | MONEY_GROUP, m1,
                                   sizeof m1),
                      money_format(other, cur, MONEY_SYMBOL | MONEY_GROUP, m2, sizeof m2),
                      money_format(merged.total, cur, MONEY_SYMBOL | MONEY_GROUP, m3, sizeof m3));
    } else if (!ch) {
        j->unchanged++;
    } else {
        describe(j, &have, &merged, ch);
        if (j->steps && j->import_id)
            rc = store_import_keep(j->s->st, j->import_id, have.id, err);
        json_object *before = change_json(&have, ch), *after = change_json(&merged, ch);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)have.id);
        if (rc == SD_OK)
            rc = store_order_update(j->s->st, &merged, NULL, 0, err);
        if (rc == SD_REFUSED) /* the books' triggers */
            rc = row_fail(j, path, j->cur_line, _("order %s: %s"), merged.number,
                          err ? err->msg : "");
        if (rc == SD_OK)
            rc = session_audit(j->s, "order.update", "order", id, have.id, before, after, err);
        /* shipped now, and its goods not taken in a wave here */
        bool picked = false;
        if (rc == SD_OK && !have.shipped_at && merged.shipped_at &&
            j->s->set.orders.stock_from_imports &&
            (rc = store_stock_order_ever(j->s->st, have.id, STOCK_PICKED, &picked, err)) ==
                SD_OK &&
            !picked)
            rc = take_stock(j, have.id, &merged);
        json_object_put(before);
        json_object_put(after);
        if (rc == SD_OK)
            j->updated++;
    }
    order_clear(&merged);
    order_clear(&have);
    return rc;
}

static int64_t process_start(int64_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%lld/stat", (long long)pid);
    char *buf = NULL;
    size_t len = 0;
    if (file_read(path, 4096, &buf, &len))
        return -1;
    /* field 22, counted after the command name (which may hold spaces) */
    const char *p = strrchr(buf, ')');
    int64_t start = -1;
    for (int field = 2; p && *p; p++) {
        if (*p == ' ' && ++field == 22) {
            start = strtoll(p + 1, NULL, 10);
            break;
        }
    }
    free(buf);
    return start;
}

static void host_name(char *buf, size_t size)
{
    if (gethostname(buf, size) != 0)
        snprintf(buf, size, "?");
    buf[size - 1] = '\0';
}

/* Undo this run's committed steps. */
static int undo_steps(struct job *j)
{
    struct sd_err e = {0};
    progress(j, IMPORT_UNDOING, 0, 0);
    int rc = store_begin(j->s->st, &e);
    if (rc)
        return rc;
    int64_t removed, restored, kept, *members = NULL;
    size_t n = 0;
    rc = store_import_undo(j->s->st, j->import_id, &removed, &restored, &kept, &members, &n, &e);
    struct tier_run run;
    if (rc == SD_OK)
        rc = tiers_recompute_members(j->s, members ? members : (int64_t[1]){0}, n, &run, &e);
    free(members);
    if (rc == SD_OK) {
        json_object *after = json_object_new_object();
        json_object_object_add(after, "import", json_object_new_int64(j->import_id));
        json_object_object_add(after, "removed", json_object_new_int64(removed));
        json_object_object_add(after, "restored", json_object_new_int64(restored));
        json_object_object_add(after, "kept", json_object_new_int64(kept));
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)j->import_id);
        rc = session_audit(j->s, "order.import_undone", "import", id, 0, NULL, after, &e);
        json_object_put(after);
    }
    if (rc == SD_OK)
        rc = store_commit(j->s->st, &e);
    else
        store_rollback(j->s->st);
    return rc;
}

/* End a step: commit (a dry run rolls back); the next step's size from this one's time.
 * Tiers are recomputed once, in the last step (one pass over the members whose orders came
 * in, or over all of them: well under a second on a million orders). */
static int end_step(struct job *j, int64_t *step, int64_t t0, bool last)
{
    int rc;
    if (j->o->dry_run) {
        store_rollback(j->s->st);
    } else {
        if ((rc = store_commit(j->s->st, j->err)))
            return rc;
        j->committed_steps++;
    }
    j->r->steps++;
    int64_t ms = clock_mono_ms() - t0;
    if (!last) {
        if (ms < 1)
            ms = 1;
        int64_t next = *step * STEP_MS / ms;
        if (next > *step * 2)
            next = *step * 2;
        *step = next < STEP_MIN ? STEP_MIN : next > STEP_MAX ? STEP_MAX : next;
        usleep(STEP_PAUSE_US); /* the shop is free: whoever waits to write goes now */
    }
    return SD_OK;
}

static int audit_import(struct job *j)
{
    json_object *after = json_object_new_object();
    json_object_object_add(after, "file", json_object_new_string(path_basename(j->main.path)));
    json_object_object_add(after, "sha256", json_object_new_string(j->sha));
    json_object_object_add(after, "format", json_object_new_string(j->main.format));
    json_object_object_add(after, "encoding", json_object_new_string(j->main.cf.encoding));
    json_object_object_add(after, "imported", json_object_new_int64(j->imported));
    json_object_object_add(after, "updated", json_object_new_int64(j->updated));
    json_object_object_add(after, "unchanged", json_object_new_int64(j->unchanged));
    json_object_object_add(after, "import", json_object_new_int64(j->import_id));
    int rc = session_audit(j->s, "order.import", "import", j->sha, 0, NULL, after, j->err);
    json_object_put(after);
    return rc;
}

/* Pass 3: write every order, in one transaction or in steps. */
static int write_all(struct job *j)
{
    struct store *st = j->s->st;
    int64_t total = stage_orders(j->stage);
    j->steps = total > ONE_STEP_ORDERS;
    int rc = stage_rewind(j->stage, j->err);
    if (rc)
        return rc;
    j->pending = j->at_end = false;
    int64_t step = j->steps ? STEP_FIRST : total + 1, in_step = 0, done = 0;
    int64_t t0 = clock_mono_ms();
    if ((rc = store_begin(st, j->err)))
        return rc;
    /* on a database server, the writes go many to a round trip */
    store_batch_writes(st, true);
    int64_t hist0 = store_tier_history_last(st);
    j->insert_first = !store_platform_has_orders(st, j->main.platform);
    if (!j->o->dry_run) {
        char host[64];
        host_name(host, sizeof host);
        rc = store_import_begin(st, path_basename(j->main.path), j->sha, j->main.format,
                                j->s->who, host, (int64_t)getpid(), process_start(getpid()),
                                j->steps, &j->import_id, j->err);
        if (rc)
            goto fail;
    }
    /* a first import into an empty shop: the orders' secondary indexes and search index are
     * built once, at the end (in its last step: nobody has orders to work on meanwhile) */
    if (!(j->steps && j->o->dry_run) && store_orders_max_id(st) == 0) {
        if ((rc = store_orders_bulk_begin(st, &j->bulk, j->err)))
            goto fail;
        if (j->steps) {
            char *ddl = store_orders_bulk_ddl(j->bulk);
            rc = store_import_set_ddl(st, j->import_id, ddl, j->err);
            free(ddl);
            if (rc)
                goto fail;
        }
    }
    if (j->steps && !j->o->dry_run) {
        /* the import's row is there before any of its orders: a crash can be undone */
        if ((rc = store_commit(st, j->err)))
            goto fail_nolock;
        if ((rc = store_begin(st, j->err)))
            goto fail_nolock;
    }
    int got;
    while ((got = next_order(j)) == 1) {
        if ((rc = finish_order(j, &j->main)) || (rc = write_order(j)))
            goto fail;
        done++;
        if (stopped(j)) {
            rc = sd_fail(j->err, SD_CANCELLED, "%s", _("stopped"));
            goto fail;
        }
        if (++in_step >= step && done < total) {
            if ((rc = end_step(j, &step, t0, false)))
                goto fail;
            progress(j, IMPORT_WRITING, done, total);
            in_step = 0;
            t0 = clock_mono_ms();
            if ((rc = store_begin(st, j->err)))
                goto fail_nolock;
        } else if (done % 4096 == 0) {
            progress(j, IMPORT_WRITING, done, total);
        }
    }
    reset_current(j);
    if (got < 0) {
        rc = -got;
        goto fail;
    }
    if (j->bulk && (rc = store_orders_bulk_end(st, &j->bulk, j->err)))
        goto fail;
    if (!j->o->dry_run) {
        if ((rc = audit_import(j)) ||
            (rc = store_import_done(st, j->import_id, j->imported, j->updated, j->err)))
            goto fail;
    }
    if ((rc = recompute_tiers(j)))
        goto fail;
    if (!j->o->dry_run && (rc = store_tier_moved_since(st, hist0, &j->tier_moves, j->err)))
        goto fail;
    if ((rc = end_step(j, &step, t0, true)))
        goto fail;
    progress(j, IMPORT_WRITING, total, total);
    if (j->stock_short > STOCK_SHORT_NAMED)
        note(j, j->main.path,
             P_("%lld order in all not taken from the stock (short)",
                "%lld orders in all not taken from the stock (short)", j->stock_short),
             (long long)j->stock_short);
    store_import_use(st, 0);
    store_batch_writes(st, false);
    return SD_OK;
fail:
    store_rollback(st);
fail_nolock:
    store_batch_writes(st, false);
    store_orders_bulk_free(&j->bulk);
    reset_current(j);
    store_import_use(st, 0);
    if (j->steps && j->import_id && !j->o->dry_run) {
        /* steps already in the shop: take them out again (a failure here leaves the import
         * marked running, and the next shopdesk to open the shop undoes it) */
        int saved = rc;
        struct sd_err keep = *j->err;
        undo_steps(j);
        *j->err = keep;
        rc = saved;
    }
    return rc;
}

/* ---- the passes together -------------------------------------------------------------- */

static int decide(struct job *j, const struct mapping *map)
{
    struct sd_err e = {0};
    j->date_order = j->o->date_order;
    if (j->date_order == DATE_ORDER_AUTO && map)
        j->date_order = map->date_order;
    if (j->date_order == DATE_ORDER_AUTO && !(j->datefmt && j->datefmt->pattern[0]) &&
        date_decide(&j->dates, &j->date_order, &e)) {
        if (!j->dates.dmy && !j->dates.mdy) /* only dates that read both ways: the first */
            return row_fail(j, j->main.path, j->dates.either_line, "%s", e.msg);
        return sd_fail(j->err, SD_INPUT, "%s: %s", j->main.path, e.msg);
    }
    j->decimal = map && map->decimal ? map->decimal : 0;
    if (!j->decimal && amount_decide(&j->amounts, &j->decimal, &e))
        return sd_fail(j->err, SD_INPUT,
                       _("%s: %s (say which in the mapping: decimal: \".\" or \",\")"),
                       j->main.path, e.msg);
    return SD_OK;
}

/* --explain, before the rows: what the file was taken for and which column feeds what */
static void explain_columns(struct job *j, const struct src *s)
{
    struct strbuf *x = &j->r->explain;
    const char *sep = s->sep == '\t'  ? _("tabs")
                      : s->sep == ';' ? _("semicolons")
                      : s->sep == '|' ? "|"
                                      : _("commas");
    sb_addf(x, _("%s: %s (%s), %s, fields separated by %s%s\n"), s->path,
            s->kind == KIND_TAOBAO_DETAIL ? _("Taobao order detail") : s->format,
            s->kind == KIND_MAPPING ? s->map.path : _("built in"), s->cf.encoding, sep,
            s->cf.sniffed ? _(" (found in the file)") : "");
    if (s->kind != KIND_TAOBAO_DETAIL)
        sb_addf(x, _("rows: %s\n"), s->items
                                          ? _("one per item, the amounts added up per order")
                                          : _("an order's fields on its first row, a line on "
                                              "each row"));
    spec_explain(s, x);
}

/* --explain, after the rows: how dates and amounts read */
static void explain_reading(struct job *j)
{
    struct strbuf *x = &j->r->explain;
    const struct src *s = &j->main;
    const char *order = j->datefmt && j->datefmt->pattern[0] ? j->datefmt->pattern
                        : j->date_order == DATE_ORDER_DMY    ? _("day/month/year")
                        : j->date_order == DATE_ORDER_MDY    ? _("month/day/year")
                                                             : _("year first");
    sb_addf(x, _("dates: %s; decimal mark: '%c'; currency: %s\n"), order, j->decimal,
            s->f[MF_CURRENCY].n  ? _("the file's currency column")
            : s->map.currency[0] ? s->map.currency
                                 : j->s->set.currency->code);
}

static void explain_order(struct job *j)
{
    struct strbuf *x = &j->r->explain;
    const struct order *o = &j->cur;
    const struct currency *cur = order_cur(j);
    char total[48], t1[32], t2[32];
    money_format(o->total, cur, MONEY_SYMBOL | MONEY_GROUP, total, sizeof total);
    time_format_iso(o->created_at, t1);
    if (o->paid_at)
        time_format_iso(o->paid_at, t2);
    else
        snprintf(t2, sizeof t2, "-");
    sb_addf(x, _("line %ld: %s %s, %s, created %s, paid %s, total %s, buyer '%s', %zu lines\n"),
            j->cur_line, o->platform, o->number, order_status_key(o->status), t1, t2, total,
            o->buyer, j->nlines);
}

/* One file (with its detail file). */
static int import_unit(struct job *j, const char *path, const char *detail,
                       const struct mapping *given)
{
    int rc;
    if ((rc = open_src(j, &j->main, path, given)) || (rc = read_header(j, &j->main)) ||
        (rc = spec_detect(j->s, &j->main, j->o->format, given, j->err)))
        return rc;
    struct src *s = &j->main;
    if (s->kind == KIND_TAOBAO_DETAIL)
        return sd_fail(j->err, SD_USAGE,
                       _("%s is a Taobao order detail file: give it together with its order "
                         "list (ExportOrderList...csv)"),
                       path);
    const struct mapping *map = s->kind == KIND_MAPPING ? &s->map : NULL;
    j->datefmt = map ? &map->date_format : NULL;
    if (j->o->explain)
        explain_columns(j, s);
    if (s->lacks.len) {
        const char *p = sb_str(&s->lacks);
        for (const char *nl; (nl = strchr(p, '\n')); p = nl + 1)
            note(j, path, "%.*s", (int)(nl - p), p);
    }
    if ((rc = stage_open(&j->stage, j->err)))
        return rc;
    if (detail) {
        j->with_detail = true;
        if ((rc = open_src(j, &j->detail, detail, NULL)) || (rc = read_header(j, &j->detail)) ||
            (rc = spec_detect(j->s, &j->detail, IMPORT_TAOBAO, NULL, j->err)))
            return rc;
        if (j->detail.kind != KIND_TAOBAO_DETAIL)
            return row_fail(j, detail, 1, "%s", _("not a Taobao order detail file"));
        if (j->o->explain)
            explain_columns(j, &j->detail);
        if ((rc = read_rows(j, &j->detail, true)))
            return rc;
    }
    if ((rc = read_rows(j, s, false)) || (rc = decide(j, map)))
        return rc;
    stage_shrink(j->stage);
    if (j->o->explain)
        explain_reading(j);
    /* pass 2: every order checked before anything is written */
    int64_t total = stage_orders(j->stage), done = 0;
    if ((rc = stage_rewind(j->stage, j->err)))
        return rc;
    j->pending = j->at_end = false;
    int got;
    while ((got = next_order(j)) == 1) {
        if ((rc = finish_order(j, s)))
            return rc;
        if (j->o->explain && done < EXPLAIN_ORDERS)
            explain_order(j);
        if (++done % 4096 == 0) {
            progress(j, IMPORT_CHECKING, done, total);
            if (stopped(j))
                return sd_fail(j->err, SD_CANCELLED, "%s", _("stopped"));
        }
    }
    reset_current(j);
    if (got < 0)
        return -got;
    if (j->o->explain) {
        sb_addf(&j->r->explain, P_("%lld order in %lld rows: all read without a fault\n",
                                   "%lld orders in %lld rows: all read without a fault\n", total),
                (long long)total, (long long)stage_rows(j->stage));
        return SD_OK;
    }
    paths_user_begin();
    sha256_file(path, j->sha);
    paths_user_end();
    return write_all(j);
}

/* Pair Taobao detail files with their order list: by the date part of the name when there
 * are several, else the one list takes them. */
static const char *detail_for(char **files, int n, int list, bool *used)
{
    const char *lname = path_basename(files[list]);
    const char *lsuffix = strstr(lname, "ExportOrderList");
    int lists = 0;
    for (int i = 0; i < n; i++)
        if (!strstr(path_basename(files[i]), "ExportOrderDetailList"))
            lists++;
    for (int i = 0; i < n; i++) {
        const char *b = path_basename(files[i]);
        const char *d = strstr(b, "ExportOrderDetailList");
        if (!d || used[i])
            continue;
        if (lists == 1 || (lsuffix && !strcmp(d + strlen("ExportOrderDetailList"),
                                              lsuffix + strlen("ExportOrderList")))) {
            used[i] = true;
            return files[i];
        }
    }
    return NULL;
}

static void job_free(struct job *j)
{
    reset_current(j);
    src_clear(&j->main);
    src_clear(&j->detail);
    stage_close(&j->stage);
    free(j->touched);
    free(j->last_key);
    sb_free(&j->pcells);
    sb_free(&j->fcells);
}

int import_orders(struct session *s, char **files, int nfiles, const struct import_opts *o,
                  struct import_result *r, int *done, struct sd_err *err)
{
    *done = 0;
    int rc = session_require(s, SD_PERM_ORDERS_IMPORT, err);
    if (rc)
        return rc;
    int64_t t0 = clock_mono_ms();
    if (!o->explain && !store_is_readonly(s->st)) {
        int undone = 0;
        if ((rc = import_recover(s, &undone, err)))
            return rc;
    }
    struct mapping map;
    bool have_map = false;
    if (o->mapping) {
        paths_user_begin();
        rc = mapping_load(o->mapping, &map, err);
        paths_user_end();
        if (rc)
            return rc;
        have_map = true;
    }
    bool *used = xcalloc((size_t)nfiles, sizeof *used);
    for (int i = 0; i < nfiles; i++) {
        if (used[i] || strstr(path_basename(files[i]), "ExportOrderDetailList"))
            continue;
        used[i] = true;
        struct job j;
        memset(&j, 0, sizeof j);
        j.s = s;
        j.o = o;
        j.r = r;
        j.err = err;
        const char *detail = detail_for(files, nfiles, i, used);
        rc = import_unit(&j, files[i], detail, have_map ? &map : NULL);
        job_free(&j);
        if (rc)
            break;
        r->imported += j.imported;
        r->updated += j.updated;
        r->unchanged += j.unchanged;
        r->members += j.members;
        r->tier_moves += j.tier_moves;
        r->tiers_unknown |= j.steps && o->dry_run;
        r->files++;
        (*done)++;
    }
    if (rc == SD_OK) {
        for (int i = 0; i < nfiles; i++)
            if (!used[i]) {
                rc = sd_fail(err, SD_USAGE,
                             _("%s is a Taobao order detail file without its order list "
                               "(ExportOrderList...csv) in the same command"),
                             files[i]);
                break;
            }
    }
    free(used);
    if (have_map)
        mapping_clear(&map);
    r->ms = clock_mono_ms() - t0;
    return rc;
}

int import_recover(struct session *s, int *undone, struct sd_err *err)
{
    *undone = 0;
    struct import_row rows[8];
    int n = 0;
    int rc = store_imports_running(s->st, rows, 8, &n, err);
    if (rc)
        return rc;
    char host[64];
    host_name(host, sizeof host);
    for (int i = 0; i < n; i++) {
        const struct import_row *ir = &rows[i];
        if (strcmp(ir->host, host) != 0)
            continue; /* another host's: it may well be running */
        if (ir->pid == getpid())
            continue;
        int64_t start = process_start(ir->pid);
        bool alive = start >= 0 && (ir->pid_start <= 0 || start == ir->pid_start);
        if (alive)
            continue;
        struct job j;
        memset(&j, 0, sizeof j);
        struct import_opts none = {0};
        j.s = s;
        j.o = &none;
        j.err = err;
        j.import_id = ir->id;
        if ((rc = undo_steps(&j)))
            return rc;
        (*undone)++;
    }
    return SD_OK;
}
