#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "cli/table.h"
#include "core/tz.h"
#include "util/csv.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

struct cell {
    bool null;
    char *text;  /* for text/CSV */
    int64_t num; /* for INT, MONEY, TIME, BOOL */
    const struct currency *cur; /* MONEY */
};

struct column {
    const char *key;
    const char *label;
    enum col_type type;
    bool text_hidden;
};

struct table {
    const struct currency *cur, *rowcur;
    bool streaming;
    enum out_format sfmt;
    FILE *sout;
    size_t emitted;
    struct column cols[40];
    int ncols;
    struct cell *cells;
    size_t rows, cap;
};

static void stream_flush(struct table *t);

bool out_format_parse(const char *s, enum out_format *out)
{
    if (!strcmp(s, "text"))
        *out = OUT_TEXT;
    else if (!strcmp(s, "csv"))
        *out = OUT_CSV;
    else if (!strcmp(s, "json"))
        *out = OUT_JSON;
    else
        return false;
    return true;
}

struct table *table_new(const struct currency *cur)
{
    struct table *t = xcalloc(1, sizeof *t);
    t->cur = cur ? cur : currency_find("CNY");
    return t;
}

int table_col(struct table *t, const char *key, const char *label, enum col_type type)
{
    if (t->ncols >= (int)(sizeof t->cols / sizeof t->cols[0]))
        abort();
    t->cols[t->ncols] = (struct column){key, label, type, false};
    return t->ncols++;
}

void table_col_text_hidden(struct table *t, int col)
{
    t->cols[col].text_hidden = true;
}

void table_row(struct table *t)
{
    if (t->streaming && t->rows >= 256)
        stream_flush(t);
    if (t->rows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->cells = xrealloc(t->cells, t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    struct cell *row = &t->cells[t->rows * (size_t)t->ncols];
    for (int i = 0; i < t->ncols; i++)
        row[i] = (struct cell){true, NULL, 0, NULL};
    t->rows++;
    t->rowcur = NULL;
}

void table_row_currency(struct table *t, const char *code)
{
    t->rowcur = currency_find(code);
}

static struct cell *cur_cell(struct table *t, int col)
{
    return &t->cells[(t->rows - 1) * (size_t)t->ncols + (size_t)col];
}

void table_text(struct table *t, int col, const char *v)
{
    struct cell *c = cur_cell(t, col);
    free(c->text);
    c->text = v ? xstrdup(v) : NULL;
    c->null = v == NULL;
}

void table_int(struct table *t, int col, int64_t v)
{
    struct cell *c = cur_cell(t, col);
    c->num = v;
    c->null = false;
    free(c->text);
    c->text = xasprintf("%lld", (long long)v);
}

void table_money(struct table *t, int col, int64_t v)
{
    char buf[48];
    struct cell *c = cur_cell(t, col);
    c->num = v;
    c->null = false;
    c->cur = t->rowcur ? t->rowcur : t->cur;
    free(c->text);
    c->text = xstrdup(money_format(v, c->cur, MONEY_PLAIN, buf, sizeof buf));
}

void table_time(struct table *t, int col, int64_t v)
{
    struct cell *c = cur_cell(t, col);
    free(c->text);
    c->text = NULL;
    c->null = v == 0;
    c->num = v;
}

void table_bool(struct table *t, int col, bool v)
{
    struct cell *c = cur_cell(t, col);
    c->null = false;
    c->num = v;
    free(c->text);
    c->text = xstrdup(v ? "yes" : "no");
}

void table_null(struct table *t, int col)
{
    struct cell *c = cur_cell(t, col);
    free(c->text);
    c->text = NULL;
    c->null = true;
}

size_t table_rows(const struct table *t)
{
    return t->emitted + t->rows;
}

/* The text of a cell for text (human) or CSV (machine) output. */
static void cell_text(const struct table *t, int col, const struct cell *c, bool human,
                      char *buf, size_t n)
{
    if (c->null) {
        buf[0] = '\0';
        return;
    }
    switch (t->cols[col].type) {
    case COL_MONEY:
        money_format(c->num, c->cur ? c->cur : t->cur,
                     human ? MONEY_SYMBOL | MONEY_GROUP : MONEY_PLAIN, buf, n);
        return;
    case COL_TIME: {
        char tb[32];
        if (human)
            time_format_local(c->num, tb);
        else
            time_format_iso(c->num, tb);
        snprintf(buf, n, "%s", tb);
        return;
    }
    case COL_BOOL:
        snprintf(buf, n, "%s", human ? (c->num ? _("yes") : _("no")) : (c->num ? "true" : "false"));
        return;
    default:
        snprintf(buf, n, "%s", c->text ? c->text : "");
    }
}

static void print_text(struct table *t, FILE *out)
{
    int *w = xcalloc((size_t)t->ncols, sizeof *w);
    char buf[4096];
    for (int j = 0; j < t->ncols; j++)
        w[j] = width_str(t->cols[j].label);
    for (size_t i = 0; i < t->rows; i++)
        for (int j = 0; j < t->ncols; j++) {
            cell_text(t, j, &t->cells[i * (size_t)t->ncols + (size_t)j], true, buf, sizeof buf);
            int cw = width_str(buf);
            if (cw > w[j])
                w[j] = cw;
        }
    struct strbuf line = STRBUF_INIT;
    for (size_t i = 0; i <= t->rows; i++) {
        sb_reset(&line);
        bool first = true;
        for (int j = 0; j < t->ncols; j++) {
            if (t->cols[j].text_hidden)
                continue;
            enum col_type ty = t->cols[j].type;
            bool right = ty == COL_MONEY || ty == COL_INT;
            if (!first)
                sb_adds(&line, "  ");
            first = false;
            if (i == 0)
                snprintf(buf, sizeof buf, "%s", t->cols[j].label);
            else
                cell_text(t, j, &t->cells[(i - 1) * (size_t)t->ncols + (size_t)j], true, buf,
                          sizeof buf);
            width_fit(&line, buf, w[j], right ? WIDTH_RIGHT : WIDTH_LEFT);
        }
        /* no trailing blanks */
        while (line.len && line.buf[line.len - 1] == ' ')
            sb_truncate(&line, line.len - 1);
        fprintf(out, "%s\n", sb_str(&line));
    }
    sb_free(&line);
    free(w);
}

static void csv_header(struct table *t, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    for (int j = 0; j < t->ncols; j++) {
        if (j)
            csv_sep(&sb);
        csv_put(&sb, t->cols[j].key, true);
    }
    csv_eol(&sb);
    fwrite(sb_str(&sb), 1, sb.len, out);
    sb_free(&sb);
}

static void csv_row_out(struct table *t, size_t i, FILE *out)
{
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    for (int j = 0; j < t->ncols; j++) {
        if (j)
            csv_sep(&sb);
        const struct cell *c = &t->cells[i * (size_t)t->ncols + (size_t)j];
        cell_text(t, j, c, false, buf, sizeof buf);
        enum col_type ty = t->cols[j].type;
        csv_put(&sb, buf, ty == COL_TEXT || ty == COL_JSON || ty == COL_DATE);
    }
    csv_eol(&sb);
    fwrite(sb_str(&sb), 1, sb.len, out);
    sb_free(&sb);
}

/* A COL_JSON cell is JSON text already: write it as it is, without parsing it again. */
static int raw_serializer(json_object *o, struct printbuf *pb, int level, int flags)
{
    (void)level;
    (void)flags;
    const char *text = json_object_get_string(o);
    return printbuf_memappend(pb, text, (int)strlen(text));
}

static void json_row_out(struct table *t, size_t i, bool first, FILE *out)
{
    json_object *o = json_object_new_object();
    for (int j = 0; j < t->ncols; j++) {
        const struct cell *c = &t->cells[i * (size_t)t->ncols + (size_t)j];
        json_object *v = NULL;
        if (!c->null) {
            switch (t->cols[j].type) {
            case COL_INT:
            case COL_MONEY:
                v = json_object_new_int64(c->num);
                break;
            case COL_BOOL:
                v = json_object_new_boolean(c->num != 0);
                break;
            case COL_TIME: {
                char tb[32];
                time_format_iso(c->num, tb);
                v = json_object_new_string(tb);
                break;
            }
            case COL_JSON:
                v = json_object_new_string(c->text && *c->text ? c->text : "null");
                json_object_set_serializer(v, raw_serializer, NULL, NULL);
                break;
            default:
                v = json_object_new_string(c->text ? c->text : "");
            }
        }
        json_object_object_add(o, t->cols[j].key, v);
    }
    fprintf(out, "%s\n  %s", first ? "" : ",",
            json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
}

static void free_rows(struct table *t)
{
    for (size_t i = 0; i < t->rows * (size_t)t->ncols; i++)
        free(t->cells[i].text);
    t->rows = 0;
}

/* Streaming: write the rows held so far and forget them. */
static void stream_flush(struct table *t)
{
    for (size_t i = 0; i < t->rows; i++) {
        if (t->sfmt == OUT_CSV)
            csv_row_out(t, i, t->sout);
        else
            json_row_out(t, i, t->emitted == 0, t->sout);
        t->emitted++;
    }
    free_rows(t);
}

void table_stream(struct table *t, enum out_format f, FILE *out)
{
    if (f == OUT_TEXT)
        return;
    t->streaming = true;
    t->sfmt = f;
    t->sout = out;
    if (f == OUT_CSV)
        csv_header(t, out);
    else
        fputc('[', out);
}

void table_print(struct table *t, enum out_format f, FILE *out)
{
    if (t->streaming) {
        stream_flush(t);
        if (t->sfmt == OUT_JSON)
            fputs(t->emitted ? "\n]\n" : "]\n", t->sout);
        return;
    }
    switch (f) {
    case OUT_CSV:
        csv_header(t, out);
        for (size_t i = 0; i < t->rows; i++)
            csv_row_out(t, i, out);
        break;
    case OUT_JSON:
        fputc('[', out);
        for (size_t i = 0; i < t->rows; i++)
            json_row_out(t, i, i == 0, out);
        fputs(t->rows ? "\n]\n" : "]\n", out);
        break;
    default:
        print_text(t, out);
    }
}

void table_free(struct table **pt)
{
    struct table *t = *pt;
    if (!t)
        return;
    for (size_t i = 0; i < t->rows * (size_t)t->ncols; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t);
    *pt = NULL;
}
