#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "app/import_int.h"
#include "app/paths.h"
#include "app/session.h"
#include "core/order.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Which columns feed which field: the built-in formats (Shopify, Taobao/Tmall), and
 * mappings. A header is matched by name after trimming blanks (spaces, no-break and
 * ideographic spaces, a byte order mark) and ignoring ASCII case. */

void src_clear(struct src *src)
{
    csv_row_free(&src->hdr);
    csv_row_free(&src->row);
    csv_row_free(&src->sub);
    sb_free(&src->wrapbuf);
    sb_free(&src->pack);
    sb_free(&src->lacks);
    if (src->opened)
        csvf_close(&src->cf);
    src->opened = false;
    if (src->map_owned)
        mapping_clear(&src->map);
    src->map_owned = false;
}

static bool field_strict(int f)
{
    return f == MF_NUMBER || map_field_is_time((enum map_field)f) || f == MF_STATUS ||
           f == MF_CURRENCY || map_field_is_amount((enum map_field)f) || f == MF_QTY ||
           f == F_FINANCIAL || f == F_FULFILLMENT;
}

static const char *field_name(int f)
{
    if (f == F_FINANCIAL)
        return "financial_status";
    if (f == F_FULFILLMENT)
        return "fulfillment_status";
    return map_field_key((enum map_field)f);
}

static int col_of(const struct src *s, const char *name)
{
    return csv_find_col(&s->hdr, name);
}

/* The slot that keeps column col (added when new); -1 when there are too many. */
static int slot_of(struct src *s, int col, bool strict)
{
    for (int i = 0; i < s->nslots; i++)
        if (s->slot_col[i] == col) {
            s->slot_strict[i] |= strict;
            return i;
        }
    if (s->nslots == MAX_SLOTS)
        return -1;
    s->slot_col[s->nslots] = col;
    s->slot_strict[s->nslots] = strict;
    return s->nslots++;
}

/* Field f reads column name (when the file has it); returns whether it does. */
static bool ref_add(struct src *s, int f, const char *name, bool minus)
{
    int col = col_of(s, name);
    if (col < 0)
        return false;
    int slot = slot_of(s, col, field_strict(f));
    if (slot < 0)
        return false;
    struct fref *r = &s->f[f];
    if (minus && r->nminus < MAP_MAX_NAMES)
        r->minus[r->nminus++] = slot;
    else if (!minus && r->n < MAP_MAX_NAMES)
        r->slot[r->n++] = slot;
    return true;
}

/* "A|B|C": the first of these the file has (and the others as fallbacks when a row leaves
 * the first empty). */
static bool ref_any(struct src *s, int f, const char *names)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", names);
    bool any = false;
    char *save = NULL;
    for (char *p = strtok_r(buf, "|", &save); p; p = strtok_r(NULL, "|", &save))
        any |= ref_add(s, f, p, false);
    return any;
}

static const char *first_present(const struct src *s, const char *a, const char *b)
{
    return col_of(s, a) >= 0 ? a : b;
}

struct builtin {
    int field;
    const char *names;
};

static void apply(struct src *s, const struct builtin *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ref_any(s, b[i].field, b[i].names);
}

static const struct builtin shopify_cols[] = {
    {MF_NUMBER, "Name"},
    {MF_CREATED_AT, "Created at"},
    {MF_PAID_AT, "Paid at"},
    {MF_SHIPPED_AT, "Fulfilled at"},
    {MF_CANCELLED_AT, "Cancelled at"},
    {MF_BUYER, "Email|Billing Name"},
    {MF_RECEIVER, "Shipping Name|Billing Name"},
    {MF_PHONE, "Shipping Phone|Phone|Billing Phone"},
    {MF_CURRENCY, "Currency"},
    {MF_GOODS, "Subtotal"},
    {MF_SHIPPING, "Shipping"},
    {MF_REFUNDED, "Refunded Amount"},
    {MF_COURIER, "Tracking Company"},
    {MF_TRACKING, "Tracking Number"},
    {MF_SKU, "Lineitem sku"},
    {MF_TITLE, "Lineitem name"},
    {MF_QTY, "Lineitem quantity"},
    {MF_PRICE, "Lineitem price"},
    {MF_NOTE, "Notes"},
    {F_FINANCIAL, "Financial Status"},
    {F_FULFILLMENT, "Fulfillment Status"},
};

/* Columns only a Shopify order export has: with Name, Created at and a total, one of these
 * tells a Shopify file (a copy pruned to a few columns included) from another CSV. */
static const char *const shopify_only[] = {
    "Financial Status", "Fulfillment Status", "Lineitem name", "Lineitem quantity",
    "Paid at",          "Fulfilled at",       "Billing Name",  "Shipping Name",
    "Accepts Marketing", "Discount Code",     "Lineitem price", "Lineitem sku",
    "Refunded Amount",  "Shipping Method",    "Payment Method", "Outstanding Balance",
    NULL};

static bool is_shopify(const struct src *s)
{
    if (col_of(s, "Name") < 0 || col_of(s, "Created at") < 0 ||
        (col_of(s, "Total") < 0 && col_of(s, "Subtotal") < 0))
        return false;
    for (const char *const *p = shopify_only; *p; p++)
        if (col_of(s, *p) >= 0)
            return true;
    return false;
}

static void spec_shopify(struct src *s)
{
    apply(s, shopify_cols, sizeof shopify_cols / sizeof shopify_cols[0]);
    s->f[MF_ADDRESS].how = MAP_JOIN;
    if (col_of(s, "Shipping Address1") >= 0) {
        ref_add(s, MF_ADDRESS, "Shipping Address1", false);
        ref_add(s, MF_ADDRESS, "Shipping Address2", false);
    } else {
        ref_add(s, MF_ADDRESS, "Shipping Street", false);
    }
    ref_add(s, MF_ADDRESS, "Shipping City", false);
    ref_add(s, MF_ADDRESS, first_present(s, "Shipping Province Name", "Shipping Province"),
            false);
    ref_add(s, MF_ADDRESS, "Shipping Zip", false);
    ref_add(s, MF_ADDRESS, "Shipping Country", false);
    if (!ref_add(s, MF_TOTAL, "Total", false) && col_of(s, "Subtotal") >= 0) {
        /* a pruned copy: the total from its parts */
        s->f[MF_TOTAL].how = MAP_SUM;
        ref_add(s, MF_TOTAL, "Subtotal", false);
        ref_add(s, MF_TOTAL, "Shipping", false);
        ref_add(s, MF_TOTAL, "Taxes", false);
        ref_add(s, MF_TOTAL, "Discount Amount", true);
        sb_adds(&s->lacks, _("no Total column: each total is Subtotal + Shipping + Taxes - "
                             "Discount Amount"));
        sb_addch(&s->lacks, '\n');
    }
    if (!s->f[MF_TITLE].n && !s->f[MF_SKU].n) {
        sb_adds(&s->lacks, _("no line item columns: the orders come in without their lines"));
        sb_addch(&s->lacks, '\n');
    }
    if (!s->f[F_FINANCIAL].n) {
        s->time_status = true;
        sb_adds(&s->lacks, _("no Financial Status column: an order is paid when it has a paid "
                             "time, else pending"));
        sb_addch(&s->lacks, '\n');
    }
}

static const struct builtin taobao_cols[] = {
    {MF_NUMBER, "订单编号"},
    {MF_CREATED_AT, "订单创建时间"},
    {MF_PAID_AT, "订单付款时间"},
    {MF_SHIPPED_AT, "发货时间"},
    {MF_DELIVERED_AT, "确认收货时间"},
    {MF_STATUS, "订单状态"},
    {MF_BUYER, "买家会员名"},
    {MF_RECEIVER, "收货人姓名"},
    {MF_PHONE, "联系手机|联系电话"},
    {MF_ADDRESS, "收货地址"},
    {MF_GOODS, "买家应付货款"},
    {MF_SHIPPING, "买家应付邮费"},
    {MF_TOTAL, "买家实际支付金额|总金额"},
    {MF_REFUNDED, "退款金额"},
    {MF_COURIER, "物流公司"},
    {MF_TRACKING, "物流单号"},
    {MF_TITLE, "宝贝标题"},
    {MF_QTY, "宝贝总数量"},
    {MF_NOTE, "订单备注"},
    {MF_CANCEL_REASON, "订单关闭原因"},
};

static const struct builtin taobao_detail_cols[] = {
    {MF_NUMBER, "订单编号"}, {MF_TITLE, "标题"},
    {MF_PRICE, "价格"},     {MF_QTY, "购买数量"},
    {MF_SKU, "商家编码|外部系统编号"},
};

/* The order list: its number and status, and a column only Taobao/Tmall names so (Kuaishou
 * and others share 订单编号 and 订单状态). */
static bool is_taobao(const struct src *s)
{
    return col_of(s, "订单编号") >= 0 && col_of(s, "订单状态") >= 0 &&
           (col_of(s, "买家会员名") >= 0 || col_of(s, "买家应付货款") >= 0 ||
            col_of(s, "买家实际支付金额") >= 0 || col_of(s, "宝贝标题") >= 0);
}

static bool is_taobao_detail(const struct src *s)
{
    return col_of(s, "订单编号") >= 0 && col_of(s, "标题") >= 0 && col_of(s, "购买数量") >= 0 &&
           col_of(s, "收货人姓名") < 0;
}

/* Edit distance between two short texts, by characters (a Chinese header is as close to
 * its typo as an English one), ASCII case ignored. */
static int distance(const char *a, const char *b)
{
    uint32_t x[64], y[64];
    int n = 0, m = 0;
    for (const char *p = a; *p && n < 64;) {
        int k = utf8_decode(p, strlen(p), &x[n]);
        if (k <= 0)
            break;
        if (x[n] < 128 && x[n] >= 'A' && x[n] <= 'Z')
            x[n] += 32;
        n++;
        p += k;
    }
    for (const char *p = b; *p && m < 64;) {
        int k = utf8_decode(p, strlen(p), &y[m]);
        if (k <= 0)
            break;
        if (y[m] < 128 && y[m] >= 'A' && y[m] <= 'Z')
            y[m] += 32;
        m++;
        p += k;
    }
    int row[65];
    for (int j = 0; j <= m; j++)
        row[j] = j;
    for (int i = 1; i <= n; i++) {
        int prev = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            int keep = row[j];
            int best = prev + (x[i - 1] != y[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = keep;
        }
    }
    return row[m];
}

/* "'A', 'B'": the file's headers closest to name (at most three), or "" when none is close. */
static void closest(const struct src *s, const char *name, char *out, size_t size)
{
    int best[3] = {-1, -1, -1}, bestd[3] = {1 << 30, 1 << 30, 1 << 30};
    int limit = (int)utf8_length(name) / 2 + 2;
    for (size_t i = 0; i < s->hdr.n; i++) {
        if (!s->hdr.fields[i][0])
            continue;
        int d = distance(name, s->hdr.fields[i]);
        if (d > limit)
            continue;
        for (int k = 0; k < 3; k++)
            if (d < bestd[k]) {
                for (int m = 2; m > k; m--) {
                    best[m] = best[m - 1];
                    bestd[m] = bestd[m - 1];
                }
                best[k] = (int)i;
                bestd[k] = d;
                break;
            }
    }
    out[0] = '\0';
    size_t len = 0;
    for (int k = 0; k < 3 && best[k] >= 0; k++)
        len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s'%s'", k ? ", " : "",
                                s->hdr.fields[best[k]]);
}

/* Mapped columns the header lacks: counted; the first named in *missing, *field. A field
 * listed under optional may lack its columns (all of them unless it is required); any other
 * column named must be there. */
static int mapping_missing(const struct src *s, const struct mapping *m, const char **missing,
                           int *field)
{
    int count = 0;
    *missing = NULL;
    for (int f = 0; f < MF_COUNT; f++) {
        const struct map_column *c = &m->columns[f];
        if (!c->n)
            continue;
        int present = 0;
        const char *first_absent = NULL;
        for (int k = 0; k < c->n + c->nminus; k++) {
            const char *name = k < c->n ? c->names[k] : c->minus[k - c->n];
            if (col_of(s, name) >= 0)
                present += k < c->n;
            else if (!first_absent)
                first_absent = name;
        }
        bool bad;
        if (c->optional)
            bad = map_field_required((enum map_field)f) && !present;
        else if (c->how == MAP_FIRST)
            bad = !present; /* alternatives: one of them */
        else
            bad = first_absent != NULL;
        if (bad && !count++) {
            *missing = present || !first_absent ? first_absent : c->names[0];
            if (!*missing)
                *missing = c->names[0];
            *field = f;
        }
    }
    return count;
}

/* How many of the mapping's columns the header has: how well it fits. */
static int mapping_matched(const struct src *s, const struct mapping *m)
{
    int n = 0;
    for (int f = 0; f < MF_COUNT; f++)
        for (int k = 0; k < m->columns[f].n; k++)
            n += col_of(s, m->columns[f].names[k]) >= 0;
    return n;
}

static bool mapping_required_ok(const struct src *s, const struct mapping *m)
{
    for (int f = 0; f < MF_COUNT; f++) {
        if (!map_field_required((enum map_field)f))
            continue;
        bool any = false;
        for (int k = 0; k < m->columns[f].n; k++)
            any |= col_of(s, m->columns[f].names[k]) >= 0;
        if (!any)
            return false;
    }
    return true;
}

static void spec_mapping(struct src *s)
{
    const struct mapping *m = &s->map;
    for (int f = 0; f < MF_COUNT; f++) {
        const struct map_column *c = &m->columns[f];
        s->f[f].how = c->how;
        for (int k = 0; k < c->n; k++)
            ref_add(s, f, c->names[k], false);
        for (int k = 0; k < c->nminus; k++)
            ref_add(s, f, c->minus[k], true);
    }
    s->items = m->items;
    s->time_status = !m->columns[MF_STATUS].n;
    if (s->time_status) {
        bool times = m->columns[MF_PAID_AT].n || m->columns[MF_SHIPPED_AT].n ||
                     m->columns[MF_DELIVERED_AT].n || m->columns[MF_CANCELLED_AT].n;
        if (times)
            sb_adds(&s->lacks, _("no status column: an order is paid when it has a paid time, "
                                 "else pending (shipped, delivered and cancelled likewise)"));
        else
            sb_addf(&s->lacks, _("no status column and no paid time: every order is %s (the "
                                 "mapping's default_status)"),
                    order_status_key((enum order_status)m->default_status));
        sb_addch(&s->lacks, '\n');
    }
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The best-fitting mapping of a directory into *best (replacing a worse one). */
static void search_dir(const struct src *s, const char *dir, struct mapping *best, bool *have,
                       int *best_missing, int *best_matched)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    /* sorted names, so the choice does not depend on the directory's order */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") || e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = xrealloc(names, cap * sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char *p = path_join(dir, names[i]);
        struct mapping m;
        if (mapping_load(p, &m, NULL) == SD_OK) {
            const char *miss;
            int field;
            if (mapping_required_ok(s, &m)) {
                int missing = mapping_missing(s, &m, &miss, &field);
                int matched = mapping_matched(s, &m);
                if (!*have || missing < *best_missing ||
                    (missing == *best_missing && matched > *best_matched)) {
                    if (*have)
                        mapping_clear(best);
                    *best = m;
                    *have = true;
                    *best_missing = missing;
                    *best_matched = matched;
                    m.path = NULL; /* moved */
                }
            }
            if (m.path)
                mapping_clear(&m);
        }
        free(p);
        free(names[i]);
    }
    free(names);
}

static bool find_mapping(struct session *ses, struct src *s)
{
    char *dirs[2] = {path_join(ses->shop_dir, "mappings"),
                     path_join(paths_datadir(), "data/mappings")};
    bool have = false;
    int missing = 0, matched = 0;
    for (int d = 0; d < 2; d++) {
        /* the shop's own mappings win over the shipped ones when they fit as well */
        search_dir(s, dirs[d], &s->map, &have, &missing, &matched);
        if (have && missing == 0 && d == 0)
            break;
    }
    free(dirs[0]);
    free(dirs[1]);
    if (have)
        s->map_owned = true;
    return have;
}

static int header_fail(const struct src *s, struct sd_err *err, const char *msg)
{
    return sd_fail(err, SD_INPUT, "%s:%ld: %s", s->path, s->hdr.line ? s->hdr.line : 1, msg);
}

int spec_detect(struct session *ses, struct src *s, enum import_format fmt,
                const struct mapping *given, struct sd_err *err)
{
    for (int f = 0; f < NFIELDS; f++)
        memset(&s->f[f], 0, sizeof s->f[f]);
    s->nslots = 0;
    char msg[600];
    if (given) {
        s->map = *given;
        s->map_owned = false;
        s->kind = KIND_MAPPING;
    } else if (fmt == IMPORT_SHOPIFY) {
        s->kind = KIND_SHOPIFY;
    } else if ((fmt == IMPORT_TAOBAO || fmt == IMPORT_AUTO) && is_taobao_detail(s)) {
        s->kind = KIND_TAOBAO_DETAIL;
    } else if (fmt == IMPORT_TAOBAO || (fmt == IMPORT_AUTO && is_taobao(s))) {
        s->kind = KIND_TAOBAO;
    } else if (fmt == IMPORT_AUTO && is_shopify(s)) {
        s->kind = KIND_SHOPIFY;
    } else if (find_mapping(ses, s)) {
        s->kind = KIND_MAPPING;
    } else {
        snprintf(msg, sizeof msg, "%s",
                 fmt == IMPORT_GENERIC
                     ? _("no mapping fits this header: give one with --mapping FILE (see "
                         "data/mappings/generic.yaml)")
                     : _("cannot tell the format: not a Shopify or Taobao export, and no "
                         "mapping in mappings/ or data/mappings fits the header; give "
                         "--format or --mapping FILE"));
        return header_fail(s, err, msg);
    }
    switch (s->kind) {
    case KIND_SHOPIFY:
        s->format = "shopify";
        s->platform = "shopify";
        spec_shopify(s);
        break;
    case KIND_TAOBAO:
        s->format = "taobao";
        s->platform = "taobao";
        apply(s, taobao_cols, sizeof taobao_cols / sizeof taobao_cols[0]);
        break;
    case KIND_TAOBAO_DETAIL:
        s->format = "taobao";
        s->platform = "taobao";
        apply(s, taobao_detail_cols, sizeof taobao_detail_cols / sizeof taobao_detail_cols[0]);
        break;
    case KIND_MAPPING: {
        s->format = s->map.name;
        s->platform = s->map.platform;
        const char *miss;
        int field;
        if (mapping_missing(s, &s->map, &miss, &field)) {
            char near[300];
            closest(s, miss, near, sizeof near);
            if (near[0])
                snprintf(msg, sizeof msg,
                         _("the mapping %s reads %s from a column '%s' the file does not have "
                           "(closest: %s): change it in the mapping, or give another with "
                           "--mapping"),
                         s->map.path, map_field_key((enum map_field)field), miss, near);
            else
                snprintf(msg, sizeof msg,
                         _("the mapping %s reads %s from a column '%s' the file does not have: "
                           "change it in the mapping, or give another with --mapping"),
                         s->map.path, map_field_key((enum map_field)field), miss);
            return header_fail(s, err, msg);
        }
        spec_mapping(s);
        break;
    }
    }
    /* what every order needs */
    const int need_order[] = {MF_NUMBER, MF_CREATED_AT, MF_TOTAL};
    const int need_detail[] = {MF_NUMBER, MF_TITLE, MF_QTY, MF_PRICE};
    const int *need = s->kind == KIND_TAOBAO_DETAIL ? need_detail : need_order;
    size_t nneed = s->kind == KIND_TAOBAO_DETAIL ? 4 : 3;
    for (size_t i = 0; i < nneed; i++) {
        if (s->f[need[i]].n)
            continue;
        const char *name = map_field_key((enum map_field)need[i]);
        if (s->kind == KIND_SHOPIFY)
            name = need[i] == MF_NUMBER       ? "Name"
                   : need[i] == MF_CREATED_AT ? "Created at"
                                              : "Total";
        char near[300];
        closest(s, name, near, sizeof near);
        if (near[0])
            snprintf(msg, sizeof msg, _("missing column '%s' (closest: %s)"), name, near);
        else
            snprintf(msg, sizeof msg, _("missing column '%s'"), name);
        return header_fail(s, err, msg);
    }
    if (s->kind == KIND_TAOBAO && !s->f[MF_STATUS].n) {
        snprintf(msg, sizeof msg, _("missing column '%s'"), "订单状态");
        return header_fail(s, err, msg);
    }
    if (s->nslots == MAX_SLOTS)
        return header_fail(s, err, _("the mapping names too many columns"));
    return SD_OK;
}

void spec_explain(const struct src *s, struct strbuf *out)
{
    bool *used = xcalloc(s->hdr.n ? s->hdr.n : 1, sizeof *used);
    for (int i = 0; i < s->nslots; i++)
        if ((size_t)s->slot_col[i] < s->hdr.n)
            used[s->slot_col[i]] = true;
    for (int f = 0; f < NFIELDS; f++) {
        const struct fref *r = &s->f[f];
        if (!r->n)
            continue;
        sb_addf(out, "  %-18s <- ", field_name(f));
        const char *sep = r->how == MAP_JOIN ? ", " : r->how == MAP_SUM ? " + " : _(" or ");
        for (int k = 0; k < r->n; k++)
            sb_addf(out, "%s%s", k ? sep : "", s->hdr.fields[s->slot_col[r->slot[k]]]);
        for (int k = 0; k < r->nminus; k++)
            sb_addf(out, " - %s", s->hdr.fields[s->slot_col[r->minus[k]]]);
        sb_addch(out, '\n');
    }
    size_t nignored = 0;
    for (size_t i = 0; i < s->hdr.n; i++)
        nignored += !used[i] && s->hdr.fields[i][0];
    if (nignored) {
        sb_addf(out, P_("%zu column ignored:", "%zu columns ignored:", nignored), nignored);
        size_t k = 0;
        for (size_t i = 0; i < s->hdr.n; i++)
            if (!used[i] && s->hdr.fields[i][0])
                sb_addf(out, "%s%s", k++ ? ", " : " ", s->hdr.fields[i]);
        sb_addch(out, '\n');
    }
    free(used);
}
