#include "config.h"

#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/import.h"
#include "app/paths.h"
#include "app/session.h"
#include "app/tiers.h"
#include "conf/mapping.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/csvfile.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define MAX_CHANGE_LINES 200
/* More lines than any real order has: a file of repeated rows is refused, not one order */
#define IMPORT_MAX_LINES 10000

/* Extra columns some formats need beyond the mapping fields. */
enum extra {
    X_FINANCIAL,   /* Shopify: Financial Status */
    X_FULFILLMENT, /* Shopify: Fulfillment Status */
    X_CANCELLED,   /* Shopify: Cancelled at */
    X_ADDR2,
    X_CITY,
    X_PROVINCE,
    X_ZIP,
    X_COUNTRY,
    X_PAID_REAL, /* Taobao: 买家实际支付金额 (preferred over 总金额) */
    X_CLOSE_REASON,
    X_PHONE2, /* Taobao: 联系电话 when 联系手机 is empty */
    X_SKU2,   /* Taobao detail: 外部系统编号 when 商家编码 is empty */
    X_COUNT
};

enum kind { K_SHOPIFY, K_TAOBAO, K_TAOBAO_DETAIL, K_GENERIC };

struct job {
    struct session *s;
    const struct import_opts *o;
    const char *path;
    enum kind kind;
    struct mapping map; /* generic */
    bool have_map;
    int col[MF_COUNT];
    int xcol[X_COUNT];
    struct csv_file cf;
    struct csv_row row;
    /* the order being read (Shopify and generic spread it over rows) */
    struct order cur;
    struct order_line *lines;
    size_t nlines, cap;
    long cur_line;
    bool have_cur;
    char buyer_key[128];
    /* the run */
    int64_t max_id_before;
    struct order_bulk *bulk;
    bool with_detail;
    int64_t imported, updated, unchanged, members;
    int64_t tier_moves;
    /* members whose orders came in: their tiers are recomputed. Kept sorted and unique as
     * it fills; past TIERS_ONE_BY_ONE members it is dropped for one pass over all. */
    int64_t *touched;
    size_t ntouched, captouched;
    bool touched_all;
    struct import_result *r;
    struct sd_err *err;
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

/* The text of a cell of the current row ("" when the column is absent). */
static const char *cell(struct job *j, int idx)
{
    if (idx < 0 || (size_t)idx >= j->row.n)
        return "";
    return j->row.fields[idx];
}

static int row_fail(struct job *j, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int row_fail(struct job *j, long line, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sd_fail(j->err, SD_INPUT, "%s:%ld: %s", j->path, line, msg);
}

static void map_shopify(struct job *j, const struct csv_row *h)
{
    j->col[MF_NUMBER] = csv_find_col(h, "Name");
    j->col[MF_CREATED_AT] = csv_find_col(h, "Created at");
    j->col[MF_PAID_AT] = csv_find_col(h, "Paid at");
    j->col[MF_SHIPPED_AT] = csv_find_col(h, "Fulfilled at");
    j->col[MF_BUYER] = csv_find_any(h, CSV_NAMES("Email", "Billing Name"));
    j->col[MF_RECEIVER] = csv_find_any(h, CSV_NAMES("Shipping Name", "Billing Name"));
    j->col[MF_PHONE] = csv_find_any(h, CSV_NAMES("Shipping Phone", "Phone", "Billing Phone"));
    j->col[MF_ADDRESS] = csv_find_any(h, CSV_NAMES("Shipping Address1", "Shipping Street"));
    j->col[MF_CURRENCY] = csv_find_col(h, "Currency");
    j->col[MF_GOODS] = csv_find_col(h, "Subtotal");
    j->col[MF_SHIPPING] = csv_find_col(h, "Shipping");
    j->col[MF_TOTAL] = csv_find_col(h, "Total");
    j->col[MF_REFUNDED] = csv_find_col(h, "Refunded Amount");
    j->col[MF_COURIER] = csv_find_col(h, "Tracking Company");
    j->col[MF_TRACKING] = csv_find_col(h, "Tracking Number");
    j->col[MF_SKU] = csv_find_col(h, "Lineitem sku");
    j->col[MF_TITLE] = csv_find_col(h, "Lineitem name");
    j->col[MF_QTY] = csv_find_col(h, "Lineitem quantity");
    j->col[MF_PRICE] = csv_find_col(h, "Lineitem price");
    j->col[MF_NOTE] = csv_find_col(h, "Notes");
    j->xcol[X_FINANCIAL] = csv_find_col(h, "Financial Status");
    j->xcol[X_FULFILLMENT] = csv_find_col(h, "Fulfillment Status");
    j->xcol[X_CANCELLED] = csv_find_col(h, "Cancelled at");
    j->xcol[X_ADDR2] = csv_find_col(h, "Shipping Address2");
    j->xcol[X_CITY] = csv_find_col(h, "Shipping City");
    j->xcol[X_PROVINCE] = csv_find_any(h, CSV_NAMES("Shipping Province Name", "Shipping Province"));
    j->xcol[X_ZIP] = csv_find_col(h, "Shipping Zip");
    j->xcol[X_COUNTRY] = csv_find_col(h, "Shipping Country");
}

static void map_taobao(struct job *j, const struct csv_row *h)
{
    j->col[MF_NUMBER] = csv_find_col(h, "订单编号");
    j->col[MF_CREATED_AT] = csv_find_col(h, "订单创建时间");
    j->col[MF_PAID_AT] = csv_find_col(h, "订单付款时间");
    j->col[MF_SHIPPED_AT] = csv_find_col(h, "发货时间");
    j->col[MF_DELIVERED_AT] = csv_find_col(h, "确认收货时间");
    j->col[MF_STATUS] = csv_find_col(h, "订单状态");
    j->col[MF_BUYER] = csv_find_col(h, "买家会员名");
    j->col[MF_RECEIVER] = csv_find_col(h, "收货人姓名");
    j->col[MF_PHONE] = csv_find_col(h, "联系手机");
    j->col[MF_ADDRESS] = csv_find_col(h, "收货地址");
    j->col[MF_GOODS] = csv_find_col(h, "买家应付货款");
    j->col[MF_SHIPPING] = csv_find_col(h, "买家应付邮费");
    j->col[MF_TOTAL] = csv_find_col(h, "总金额");
    j->col[MF_REFUNDED] = csv_find_col(h, "退款金额");
    j->col[MF_COURIER] = csv_find_col(h, "物流公司");
    j->col[MF_TRACKING] = csv_find_col(h, "物流单号");
    j->col[MF_TITLE] = csv_find_col(h, "宝贝标题");
    j->col[MF_QTY] = csv_find_col(h, "宝贝总数量");
    j->col[MF_NOTE] = csv_find_col(h, "订单备注");
    j->xcol[X_PAID_REAL] = csv_find_col(h, "买家实际支付金额");
    j->xcol[X_CLOSE_REASON] = csv_find_col(h, "订单关闭原因");
    j->xcol[X_PHONE2] = csv_find_col(h, "联系电话");
}

static void map_taobao_detail(struct job *j, const struct csv_row *h)
{
    j->col[MF_NUMBER] = csv_find_col(h, "订单编号");
    j->col[MF_TITLE] = csv_find_col(h, "标题");
    j->col[MF_PRICE] = csv_find_col(h, "价格");
    j->col[MF_QTY] = csv_find_col(h, "购买数量");
    j->col[MF_SKU] = csv_find_col(h, "商家编码");
    j->xcol[X_SKU2] = csv_find_col(h, "外部系统编号");
}

static void map_generic(struct job *j, const struct csv_row *h)
{
    for (int f = 0; f < MF_COUNT; f++)
        j->col[f] = csv_find_col(h, j->map.columns[f]);
}

static bool is_shopify(const struct csv_row *h)
{
    return csv_find_col(h, "Name") >= 0 && csv_find_col(h, "Financial Status") >= 0 &&
           csv_find_col(h, "Lineitem name") >= 0;
}

static bool is_taobao(const struct csv_row *h)
{
    return csv_find_col(h, "订单编号") >= 0 && csv_find_col(h, "订单状态") >= 0 &&
           (csv_find_col(h, "买家会员名") >= 0 || csv_find_col(h, "收货人姓名") >= 0);
}

static bool is_taobao_detail(const struct csv_row *h)
{
    return csv_find_col(h, "订单编号") >= 0 && csv_find_col(h, "标题") >= 0 &&
           csv_find_col(h, "购买数量") >= 0 && csv_find_col(h, "收货人姓名") < 0;
}

static bool mapping_fits(const struct mapping *m, const struct csv_row *h)
{
    for (int f = 0; f < MF_COUNT; f++)
        if (map_field_required((enum map_field)f) && csv_find_col(h, m->columns[f]) < 0)
            return false;
    return true;
}

/* A mapping whose required columns the header has: the shop's mappings/ first, then the
 * shipped ones. */
static bool find_mapping(struct job *j, const struct csv_row *h)
{
    char *dirs[2] = {path_join(j->s->shop_dir, "mappings"),
                     path_join(paths_datadir(), "data/mappings")};
    bool found = false;
    for (int d = 0; d < 2 && !found; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *e;
        while (!found && (e = readdir(dir))) {
            size_t n = strlen(e->d_name);
            if (n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
                continue;
            char *p = path_join(dirs[d], e->d_name);
            struct mapping m;
            if (mapping_load(p, &m, NULL) == SD_OK) {
                if (mapping_fits(&m, h)) {
                    j->map = m;
                    j->have_map = true;
                    found = true;
                } else {
                    mapping_clear(&m);
                }
            }
            free(p);
        }
        closedir(dir);
    }
    free(dirs[0]);
    free(dirs[1]);
    return found;
}

static int read_header(struct job *j, struct csv_row *hdr)
{
    for (;;) {
        int rc = csvf_next(&j->cf, hdr);
        if (rc < 0)
            return row_fail(j, j->cf.error_line, "%s", j->cf.error);
        if (rc == 0)
            return row_fail(j, 1, "%s", _("the file is empty (no header row)"));
        if (!csv_row_blank(hdr))
            return SD_OK;
    }
}

static int open_file(struct job *j, const char *path)
{
    j->path = path;
    const char *enc = j->o->encoding;
    if (!enc && j->have_map && j->map.encoding)
        enc = j->map.encoding;
    char sep = j->have_map ? j->map.sep : ',';
    paths_user_begin(); /* the person's file, with the person's rights */
    int opened = csvf_open(&j->cf, path, enc, sep);
    paths_user_end();
    if (opened) {
        int code = j->cf.bad_encoding ? SD_USAGE : SD_IO;
        return sd_fail(j->err, code, "%s: %s", path, j->cf.error);
    }
    return SD_OK;
}

/* Decide the kind of file from its header. */
static int detect(struct job *j, const struct csv_row *h)
{
    for (int f = 0; f < MF_COUNT; f++)
        j->col[f] = -1;
    for (int x = 0; x < X_COUNT; x++)
        j->xcol[x] = -1;
    enum import_format fmt = j->o->format;
    if (j->have_map || fmt == IMPORT_GENERIC) {
        if (!j->have_map && !find_mapping(j, h))
            return row_fail(j, 1, "%s",
                            _("no mapping fits this header; give one with --mapping FILE"));
        j->kind = K_GENERIC;
        map_generic(j, h);
    } else if (fmt == IMPORT_SHOPIFY || (fmt == IMPORT_AUTO && is_shopify(h))) {
        j->kind = K_SHOPIFY;
        map_shopify(j, h);
    } else if ((fmt == IMPORT_TAOBAO || fmt == IMPORT_AUTO) && is_taobao_detail(h)) {
        j->kind = K_TAOBAO_DETAIL;
        map_taobao_detail(j, h);
    } else if (fmt == IMPORT_TAOBAO || (fmt == IMPORT_AUTO && is_taobao(h))) {
        j->kind = K_TAOBAO;
        map_taobao(j, h);
    } else if (fmt == IMPORT_AUTO && find_mapping(j, h)) {
        j->kind = K_GENERIC;
        map_generic(j, h);
    } else {
        return row_fail(j, 1, "%s",
                        _("cannot tell the format: not a Shopify or Taobao export, and no "
                          "mapping in mappings/ fits the header (use --format or --mapping)"));
    }
    /* required columns */
    const enum map_field need_all[] = {MF_NUMBER, MF_CREATED_AT, MF_TOTAL};
    const enum map_field need_detail[] = {MF_NUMBER, MF_TITLE, MF_QTY, MF_PRICE};
    const enum map_field *need = j->kind == K_TAOBAO_DETAIL ? need_detail : need_all;
    size_t nneed = j->kind == K_TAOBAO_DETAIL ? 4 : 3;
    for (size_t i = 0; i < nneed; i++) {
        if (j->col[need[i]] < 0) {
            const char *name =
                j->kind == K_GENERIC ? j->map.columns[need[i]] : map_field_key(need[i]);
            return row_fail(j, 1, _("missing column '%s'"), name ? name : "?");
        }
    }
    if (j->kind == K_SHOPIFY && j->xcol[X_FINANCIAL] < 0)
        return row_fail(j, 1, _("missing column '%s'"), "Financial Status");
    if (j->kind == K_TAOBAO && j->col[MF_STATUS] < 0)
        return row_fail(j, 1, _("missing column '%s'"), "订单状态");
    return SD_OK;
}

static int parse_amount(struct job *j, const char *text, const struct currency *cur, int64_t *out)
{
    if (!*text) {
        *out = 0;
        return SD_OK;
    }
    struct sd_err e = {0};
    if (money_parse(text, cur, 0, out, &e))
        return row_fail(j, j->row.line, "%s", e.msg);
    return SD_OK;
}

static int parse_time(struct job *j, const char *text, int64_t *out)
{
    *out = 0;
    if (!*text)
        return SD_OK;
    struct sd_err e = {0};
    if (time_parse(text, out, &e))
        return row_fail(j, j->row.line, "%s", e.msg);
    return SD_OK;
}

static int taobao_status(struct job *j, const char *word, enum order_status *out)
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
    return row_fail(j, j->row.line, _("unknown order status '%s'"), word);
}

static int shopify_status(struct job *j, enum order_status *out)
{
    const char *fin = cell(j, j->xcol[X_FINANCIAL]);
    const char *ful = cell(j, j->xcol[X_FULFILLMENT]);
    const char *cancelled = cell(j, j->xcol[X_CANCELLED]);
    if (*cancelled || !strcasecmp(fin, "voided")) {
        *out = ORDER_CANCELLED;
        return SD_OK;
    }
    if (!strcasecmp(fin, "pending") || !strcasecmp(fin, "authorized") ||
        !strcasecmp(fin, "expired")) {
        *out = ORDER_PENDING;
        return SD_OK;
    }
    if (strcasecmp(fin, "paid") && strcasecmp(fin, "partially_paid") &&
        strcasecmp(fin, "refunded") && strcasecmp(fin, "partially_refunded"))
        return row_fail(j, j->row.line, _("unknown financial status '%s'"), fin);
    *out = !strcasecmp(ful, "fulfilled") ? ORDER_SHIPPED : ORDER_PAID;
    return SD_OK;
}

static int generic_status(struct job *j, enum order_status *out)
{
    const char *word = cell(j, j->col[MF_STATUS]);
    if (j->col[MF_STATUS] < 0 || !*word) {
        *out = (enum order_status)j->map.default_status;
        return SD_OK;
    }
    for (size_t i = 0; i < j->map.nstatuses; i++)
        if (!strcmp(j->map.statuses[i].word, word)) {
            *out = (enum order_status)j->map.statuses[i].status;
            return SD_OK;
        }
    int st = order_status_parse(word);
    if (st >= 0) {
        *out = (enum order_status)st;
        return SD_OK;
    }
    return row_fail(j, j->row.line, _("unknown order status '%s' (add it under statuses: in %s)"),
                    word, j->map.path);
}

static void add_line(struct job *j, const char *sku, const char *title, int64_t qty, int64_t price)
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
    l->total = qty * price;
}

static void reset_current(struct job *j)
{
    order_clear(&j->cur);
    order_lines_free(j->lines, j->nlines);
    j->lines = NULL;
    j->nlines = j->cap = 0;
    j->have_cur = false;
}

static int parse_qty(struct job *j, const char *text, int64_t *qty)
{
    char *end;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || v <= 0 || v > 1000000)
        return row_fail(j, j->row.line, _("'%s' is not a quantity"), text);
    *qty = v;
    return SD_OK;
}

/* The line item of the current row (Shopify, generic, Taobao detail). */
static int row_line(struct job *j, const struct currency *cur)
{
    const char *title = cell(j, j->col[MF_TITLE]);
    const char *sku = cell(j, j->col[MF_SKU]);
    if (!*sku && j->xcol[X_SKU2] >= 0)
        sku = cell(j, j->xcol[X_SKU2]);
    if (j->col[MF_TITLE] < 0 && j->col[MF_SKU] < 0)
        return SD_OK;
    if (!*title && !*sku)
        return SD_OK;
    int64_t qty = 1, price = 0;
    int rc;
    if (j->col[MF_QTY] >= 0 && (rc = parse_qty(j, cell(j, j->col[MF_QTY]), &qty)))
        return rc;
    if ((rc = parse_amount(j, cell(j, j->col[MF_PRICE]), cur, &price)))
        return rc;
    int64_t total;
    if (!money_mul(price, qty, &total))
        return row_fail(j, j->row.line, "%s", _("the line total is too large"));
    if (j->nlines >= IMPORT_MAX_LINES)
        return row_fail(j, j->row.line, _("order %s has more than %d lines"), j->cur.number,
                        IMPORT_MAX_LINES);
    add_line(j, sku, title, qty, price);
    return SD_OK;
}

/* Read the order fields of the current row into j->cur. */
static int row_order(struct job *j)
{
    const char *number = cell(j, j->col[MF_NUMBER]);
    if (!*number)
        return row_fail(j, j->row.line, "%s", _("no order number"));
    struct order *o = &j->cur;
    memset(o, 0, sizeof *o);
    j->cur_line = j->row.line;
    j->have_cur = true;
    o->platform = xstrdup(j->kind == K_SHOPIFY  ? "shopify"
                          : j->kind == K_TAOBAO ? "taobao"
                                                : j->map.platform);
    o->number = xstrdup(number);
    const char *code = cell(j, j->col[MF_CURRENCY]);
    const struct currency *cur = *code ? currency_find(code) : j->s->set.currency;
    if (!cur)
        return row_fail(j, j->row.line, _("unknown currency '%s'"), code);
    o->currency = xstrdup(cur->code);
    enum order_status st = ORDER_PENDING;
    int rc = j->kind == K_SHOPIFY  ? shopify_status(j, &st)
             : j->kind == K_TAOBAO ? taobao_status(j, cell(j, j->col[MF_STATUS]), &st)
                                   : generic_status(j, &st);
    if (rc)
        return rc;
    o->status = st;
    if ((rc = parse_time(j, cell(j, j->col[MF_CREATED_AT]), &o->created_at)) ||
        (rc = parse_time(j, cell(j, j->col[MF_PAID_AT]), &o->paid_at)) ||
        (rc = parse_time(j, cell(j, j->col[MF_SHIPPED_AT]), &o->shipped_at)) ||
        (rc = parse_time(j, cell(j, j->col[MF_DELIVERED_AT]), &o->delivered_at)) ||
        (rc = parse_time(j, cell(j, j->col[MF_CANCELLED_AT]), &o->cancelled_at)))
        return rc;
    if (!o->created_at)
        return row_fail(j, j->row.line, "%s", _("no order time"));
    if (j->kind == K_SHOPIFY &&
        (rc = parse_time(j, cell(j, j->xcol[X_CANCELLED]), &o->cancelled_at)))
        return rc;
    if (st == ORDER_CANCELLED && !o->cancelled_at)
        o->cancelled_at = o->paid_at ? o->paid_at : o->created_at;
    if (st != ORDER_PENDING && st != ORDER_CANCELLED && !o->paid_at)
        o->paid_at = o->created_at;
    if ((st == ORDER_SHIPPED || st == ORDER_DELIVERED) && !o->shipped_at)
        o->shipped_at = 0; /* the platform did not say when: ship time stays unknown */
    const char *total_text = cell(j, j->col[MF_TOTAL]);
    if (j->kind == K_TAOBAO && *cell(j, j->xcol[X_PAID_REAL]))
        total_text = cell(j, j->xcol[X_PAID_REAL]);
    if ((rc = parse_amount(j, total_text, cur, &o->total)) ||
        (rc = parse_amount(j, cell(j, j->col[MF_SHIPPING]), cur, &o->shipping)) ||
        (rc = parse_amount(j, cell(j, j->col[MF_GOODS]), cur, &o->goods)) ||
        (rc = parse_amount(j, cell(j, j->col[MF_REFUNDED]), cur, &o->platform_refunded)))
        return rc;
    if (!*total_text)
        return row_fail(j, j->row.line, "%s", _("no total"));
    if (o->shipping > o->total)
        return row_fail(j, j->row.line, "%s", _("the shipping is more than the total"));
    if (!o->goods || o->goods > o->total - o->shipping)
        o->goods = o->total - o->shipping;
    if (o->platform_refunded > o->total)
        return row_fail(j, j->row.line, "%s", _("the refunded amount is more than the total"));
    o->buyer = xstrdup(cell(j, j->col[MF_BUYER]));
    o->receiver = xstrdup(cell(j, j->col[MF_RECEIVER]));
    const char *phone = cell(j, j->col[MF_PHONE]);
    if (!*phone && j->xcol[X_PHONE2] >= 0)
        phone = cell(j, j->xcol[X_PHONE2]);
    o->phone = xstrdup(phone);
    struct strbuf addr = STRBUF_INIT;
    sb_adds(&addr, cell(j, j->col[MF_ADDRESS]));
    const enum extra parts[] = {X_ADDR2, X_CITY, X_PROVINCE, X_ZIP, X_COUNTRY};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *p = cell(j, j->xcol[parts[i]]);
        if (*p)
            sb_addf(&addr, "%s%s", addr.len ? ", " : "", p);
    }
    o->address = sb_detach(&addr);
    o->courier = xstrdup(cell(j, j->col[MF_COURIER]));
    const char *tracking = cell(j, j->col[MF_TRACKING]);
    if (!strncasecmp(tracking, "No:", 3))
        tracking += 3;
    o->tracking = xstrdup(tracking);
    o->note = xstrdup(cell(j, j->col[MF_NOTE]));
    o->cancel_reason = xstrdup(cell(j, j->xcol[X_CLOSE_REASON]));
    return SD_OK;
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
static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Remember a member whose tier may change; memory stays at twice the distinct members. */
static void touch(struct job *j, int64_t id)
{
    if (j->touched_all)
        return;
    if (j->ntouched == j->captouched) {
        if (j->ntouched)
            qsort(j->touched, j->ntouched, sizeof *j->touched, cmp_id);
        size_t k = 0;
        for (size_t i = 0; i < j->ntouched; i++)
            if (k == 0 || j->touched[i] != j->touched[k - 1])
                j->touched[k++] = j->touched[i];
        j->ntouched = k;
        if (k > TIERS_ONE_BY_ONE) {
            free(j->touched);
            j->touched = NULL;
            j->ntouched = j->captouched = 0;
            j->touched_all = true;
            return;
        }
        if (k >= j->captouched / 2) {
            j->captouched = j->captouched ? j->captouched * 2 : 256;
            j->touched = xrealloc(j->touched, j->captouched * sizeof *j->touched);
        }
    }
    j->touched[j->ntouched++] = id;
}

/* An order in another currency than the shop's: counted, to say so once at the end. */
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

static int flush(struct job *j)
{
    if (!j->have_cur)
        return SD_OK;
    struct order *o = &j->cur;
    struct sd_err *err = j->err;
    int rc = SD_OK;
    count_foreign(j, o->currency);
    if (j->kind == K_TAOBAO && j->with_detail) {
        struct order_line *l = NULL;
        size_t n = 0;
        if ((rc = store_import_detail_lines(j->s->st, o->number, &l, &n, err)))
            goto out;
        if (n) {
            order_lines_free(j->lines, j->nlines);
            j->lines = l;
            j->nlines = j->cap = n;
        } else {
            free(l);
        }
    }
    if (o->buyer[0]) {
        bool created = false;
        if ((rc = store_member_match(j->s->st, o->platform, o->buyer, o->receiver, o->phone,
                                     &o->member_id, &created, err)))
            goto out;
        if (created)
            j->members++;
        touch(j, o->member_id);
    }
    if (j->bulk) {
        rc = store_order_insert(j->s->st, o, j->lines, j->nlines, err);
        if (rc == SD_REFUSED) /* the UNIQUE (platform, number) constraint */
            rc = row_fail(j, j->cur_line, _("order %s appears twice in the file"), o->number);
        else if (rc == SD_OK)
            j->imported++;
        goto out;
    }
    struct order have;
    rc = store_order_find(j->s->st, o->platform, o->number, &have, err);
    if (rc == SD_NOT_FOUND) {
        rc = store_order_insert(j->s->st, o, j->lines, j->nlines, err);
        if (rc == SD_OK)
            j->imported++;
        goto out;
    }
    if (rc)
        goto out;
    if (have.id > j->max_id_before) {
        order_clear(&have);
        rc = row_fail(j, j->cur_line, _("order %s appears twice in the file"), o->number);
        goto out;
    }
    struct order merged;
    unsigned ch = order_merge_import(&have, o, &merged);
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
        rc = row_fail(j, j->cur_line,
                      _("order %s: the platform says %s was refunded, and the shop has paid back "
                        "%s by other means: more than the %s paid (a refund the shop made "
                        "through the platform is paid with a platform method, and counted once)"),
                      merged.number,
                      money_format(merged.platform_refunded, cur, MONEY_SYMBOL | MONEY_GROUP, m1,
                                   sizeof m1),
                      money_format(other, cur, MONEY_SYMBOL | MONEY_GROUP, m2, sizeof m2),
                      money_format(merged.total, cur, MONEY_SYMBOL | MONEY_GROUP, m3, sizeof m3));
        order_clear(&merged);
        order_clear(&have);
        goto out;
    }
    if (!ch) {
        j->unchanged++;
    } else {
        describe(j, &have, &merged, ch);
        json_object *before = change_json(&have, ch), *after = change_json(&merged, ch);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)have.id);
        rc = store_order_update(j->s->st, &merged, NULL, 0, err);
        if (rc == SD_REFUSED) /* the books' triggers */
            rc = row_fail(j, j->cur_line, _("order %s: %s"), merged.number, err ? err->msg : "");
        if (rc == SD_OK)
            rc = session_audit(j->s, "order.update", "order", id, have.id, before, after, err);
        json_object_put(before);
        json_object_put(after);
        if (rc == SD_OK)
            j->updated++;
    }
    order_clear(&merged);
    order_clear(&have);
out:
    reset_current(j);
    return rc;
}

/* Read the detail file's lines into the store's scratch table. */
static int load_detail(struct job *j, const char *path)
{
    struct job d = *j;
    d.lines = NULL;
    d.nlines = d.cap = 0;
    memset(&d.row, 0, sizeof d.row);
    memset(&d.cur, 0, sizeof d.cur);
    int rc = open_file(&d, path);
    struct csv_row hdr = {0};
    if (rc == SD_OK)
        rc = read_header(&d, &hdr);
    if (rc == SD_OK)
        rc = detect(&d, &hdr);
    if (rc == SD_OK && d.kind != K_TAOBAO_DETAIL)
        rc = row_fail(&d, 1, "%s", _("not a Taobao order detail file"));
    if (rc == SD_OK)
        rc = store_import_detail_reset(j->s->st, j->err);
    while (rc == SD_OK) {
        int got = csvf_next(&d.cf, &d.row);
        if (got == 0)
            break;
        if (got < 0) {
            rc = row_fail(&d, d.cf.error_line, "%s", d.cf.error);
            break;
        }
        if (csv_row_blank(&d.row))
            continue;
        csv_clean_row(&d.row);
        const char *number = cell(&d, d.col[MF_NUMBER]);
        if (!*number) {
            rc = row_fail(&d, d.row.line, "%s", _("no order number"));
            break;
        }
        char *num = xstrdup(number);
        d.nlines = 0;
        rc = row_line(&d, j->s->set.currency);
        if (rc == SD_OK && d.nlines)
            rc = store_import_detail_add(j->s->st, num, &d.lines[0], j->err);
        order_lines_free(d.lines, d.nlines);
        d.lines = NULL;
        d.nlines = d.cap = 0;
        free(num);
    }
    csv_row_free(&hdr);
    csv_row_free(&d.row);
    csvf_close(&d.cf);
    return rc;
}

/* One file (with its detail file), one transaction. */
static int import_unit(struct job *j, const char *path, const char *detail)
{
    struct sd_err *err = j->err;
    int rc = store_begin(j->s->st, err);
    if (rc)
        return rc;
    struct csv_row hdr = {0};
    j->max_id_before = store_orders_max_id(j->s->st);
    j->with_detail = detail != NULL;
    if (detail && (rc = load_detail(j, detail)))
        goto fail;
    if ((rc = open_file(j, path)) || (rc = read_header(j, &hdr)) || (rc = detect(j, &hdr)))
        goto fail;
    if (j->kind == K_TAOBAO_DETAIL) {
        rc = sd_fail(err, SD_USAGE,
                     _("%s is a Taobao order detail file: give it together with its order list "
                       "(ExportOrderList...csv)"),
                     path);
        goto fail;
    }
    /* an empty shop takes a bulk load: indexes and search built once at the end */
    if (j->max_id_before == 0 && (rc = store_orders_bulk_begin(j->s->st, &j->bulk, err)))
        goto fail;
    for (;;) {
        int got = csvf_next(&j->cf, &j->row);
        if (got < 0) {
            rc = row_fail(j, j->cf.error_line, "%s", j->cf.error);
            goto fail;
        }
        if (got == 0)
            break;
        if (csv_row_blank(&j->row))
            continue;
        csv_clean_row(&j->row);
        const char *number = cell(j, j->col[MF_NUMBER]);
        bool same = j->have_cur && j->kind != K_TAOBAO && !strcmp(number, j->cur.number);
        const struct currency *cur = NULL;
        if (!same) {
            if ((rc = flush(j)) || (rc = row_order(j)))
                goto fail;
        }
        cur = currency_find(j->cur.currency);
        if (j->kind == K_TAOBAO && !j->with_detail) {
            /* the list alone: one line from the title and the total quantity */
            const char *title = cell(j, j->col[MF_TITLE]);
            if (*title) {
                int64_t qty = 1;
                const char *q = cell(j, j->col[MF_QTY]);
                if (*q && (rc = parse_qty(j, q, &qty)))
                    goto fail;
                add_line(j, "", title, qty, 0);
                j->lines[j->nlines - 1].total = j->cur.goods;
                j->lines[j->nlines - 1].price = j->cur.goods / qty;
            }
        } else if (j->kind != K_TAOBAO && (rc = row_line(j, cur))) {
            goto fail;
        }
    }
    if ((rc = flush(j)))
        goto fail;
    if (j->bulk && (rc = store_orders_bulk_end(j->s->st, &j->bulk, err)))
        goto fail;
    /* the buyers' R, F, M and tiers follow their orders */
    if (j->ntouched)
        qsort(j->touched, j->ntouched, sizeof *j->touched, cmp_id);
    struct tier_run run;
    static const int64_t nobody[1];
    const int64_t *ids = j->touched_all ? NULL : j->touched ? j->touched : nobody;
    if ((rc = tiers_recompute_members(j->s, ids, j->ntouched, &run, err)))
        goto fail;
    j->tier_moves = run.up + run.down;
    char hex[65] = "";
    paths_user_begin();
    sha256_file(path, hex);
    paths_user_end();
    json_object *after = json_object_new_object();
    json_object_object_add(after, "file", json_object_new_string(path_basename(path)));
    json_object_object_add(after, "sha256", json_object_new_string(hex));
    json_object_object_add(after, "format",
                           json_object_new_string(j->kind == K_SHOPIFY  ? "shopify"
                                                  : j->kind == K_TAOBAO ? "taobao"
                                                                        : j->map.name));
    json_object_object_add(after, "encoding", json_object_new_string(j->cf.encoding));
    json_object_object_add(after, "imported", json_object_new_int64(j->imported));
    json_object_object_add(after, "updated", json_object_new_int64(j->updated));
    json_object_object_add(after, "unchanged", json_object_new_int64(j->unchanged));
    rc = session_audit(j->s, "order.import", "import", hex, 0, NULL, after, err);
    json_object_put(after);
    if (rc)
        goto fail;
    if (j->o->dry_run)
        store_rollback(j->s->st);
    else if ((rc = store_commit(j->s->st, err)))
        goto fail_nolock;
    csv_row_free(&hdr);
    return SD_OK;
fail:
    store_rollback(j->s->st);
fail_nolock:
    store_orders_bulk_free(&j->bulk);
    reset_current(j);
    csv_row_free(&hdr);
    return rc;
}

/* Pair Taobao detail files with their order list: by the date part of the name when there
 * are several, else the one list takes them. */
static const char *detail_for(char **files, int n, int list, bool *used)
{
    const char *lname = path_basename(files[list]);
    const char *lsuffix = strstr(lname, "ExportOrderList");
    int lists = 0, last_detail = -1;
    for (int i = 0; i < n; i++) {
        const char *b = path_basename(files[i]);
        if (strstr(b, "ExportOrderDetailList"))
            last_detail = i;
        else
            lists++;
    }
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
    (void)last_detail;
    return NULL;
}

int import_orders(struct session *s, char **files, int nfiles, const struct import_opts *o,
                  struct import_result *r, int *done, struct sd_err *err)
{
    *done = 0;
    int rc = session_require(s, SD_PERM_ORDERS_IMPORT, err);
    if (rc)
        return rc;
    int64_t t0 = clock_mono_ms();
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
        if (have_map) {
            j.map = map;
            j.have_map = true;
        }
        const char *detail = detail_for(files, nfiles, i, used);
        rc = import_unit(&j, files[i], detail);
        free(j.touched);
        csv_row_free(&j.row);
        csvf_close(&j.cf);
        if (!have_map && j.have_map)
            mapping_clear(&j.map);
        if (rc)
            break;
        r->imported += j.imported;
        r->updated += j.updated;
        r->unchanged += j.unchanged;
        r->members += j.members;
        r->tier_moves += j.tier_moves;
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
