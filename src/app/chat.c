#include "config.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/chat.h"
#include "app/export_file.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/datefmt.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/xalloc.h"

enum {
    F_DATE,
    F_ACCOUNT,
    F_CONSULT,
    F_INQUIRIES,
    F_ORDERS,
    F_CONVERSION,
    F_FIRST,
    F_AVG,
    F_SATISFACTION,
    F_COUNT
};

static const char *const field_keys[] = {
    "date",       "account",        "consultations", "inquiries",    "orders",
    "conversion", "first_response", "avg_response",  "satisfaction", NULL};
_Static_assert(sizeof field_keys / sizeof field_keys[0] == F_COUNT + 1 &&
                   F_COUNT <= EXPORT_MAX_FIELDS,
               "a key for each field, and room for them");

/* the headers each field is known by: Qianniu's (千牛 客服绩效) first, then English */
static const char *const n_date[] = {"日期", "统计日期", "时间", "Date", "Day", NULL};
static const char *const n_account[] = {"旺旺",    "客服旺旺", "子账号",        "客服", "客服昵称",
                                        "Account", "Agent",    "Agent account", NULL};
static const char *const n_consult[] = {"咨询人数", "接待人数",      "Consultations",
                                        "Chats",    "Conversations", NULL};
static const char *const n_inquiries[] = {"询单人数", "Inquiries", "Pre-sale inquiries", NULL};
static const char *const n_orders[] = {
    "询单->最终付款人数", "询单→最终付款人数",     "询单-最终付款人数", "最终付款人数",
    "询单下单人数",       "Orders from inquiries", "Inquiry orders",    NULL};
static const char *const n_conversion[] = {"询单->最终付款成功率", "询单→最终付款成功率",
                                           "询单转化率",           "Inquiry conversion",
                                           "Conversion",           NULL};
static const char *const n_first[] = {
    "平均首次响应时间(秒)", "首次响应时间(秒)",   "首响时间", "平均首次响应时间",
    "First response",       "First response (s)", NULL};
static const char *const n_avg[] = {"平均响应时间(秒)", "平均响应时间", "Average response",
                                    "Average response (s)", NULL};
static const char *const n_satisfaction[] = {"客户满意率", "满意率", "Satisfaction", NULL};
static const char *const *const field_names[F_COUNT] = {n_date,      n_account, n_consult,
                                                        n_inquiries, n_orders,  n_conversion,
                                                        n_first,     n_avg,     n_satisfaction};

/* "1,234" -> 1234; -1 when it is not a count */
static int64_t parse_count(const char *s)
{
    int64_t v = 0;
    bool any = false;
    for (; *s; s++) {
        if (*s == ',')
            continue;
        if (!isdigit((unsigned char)*s) || v > 1000000000)
            return -1;
        v = v * 10 + (*s - '0');
        any = true;
    }
    return any ? v : -1;
}

/* digits with at most 3 decimals, in thousandths: "12.5" -> 12500; -1 otherwise */
static int64_t parse_thousandths(const char *s, size_t len)
{
    int64_t v = 0;
    int dec = -1;
    bool any = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.' && dec < 0) {
            dec = 0;
            continue;
        }
        if (!isdigit((unsigned char)s[i]) || v > 1000000000000LL)
            return -1;
        if (dec >= 3)
            continue; /* finer than a millisecond: cut */
        v = v * 10 + (s[i] - '0');
        any = true;
        if (dec >= 0)
            dec++;
    }
    if (!any)
        return -1;
    for (int k = dec < 0 ? 0 : dec; k < 3; k++)
        v *= 10;
    return v;
}

/* seconds as exports write them: "12.5", "12.5s", "12.5秒", "0:00:12", "1:05" -> ms */
static int64_t parse_seconds(const char *s)
{
    size_t len = strlen(s);
    if (len >= 3 && !strcmp(s + len - 3, "\xe7\xa7\x92")) /* 秒 */
        len -= 3;
    else if (len >= 1 && (s[len - 1] == 's' || s[len - 1] == 'S'))
        len--;
    while (len && s[len - 1] == ' ')
        len--;
    if (!memchr(s, ':', len))
        return parse_thousandths(s, len);
    int64_t total = 0;
    size_t start = 0;
    int parts = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != ':')
            continue;
        int64_t part = parse_thousandths(s + start, i - start);
        if (part < 0 || ++parts > 3)
            return -1;
        total = i < len ? (total + part / 1000) * 60 : total * 1000 + part;
        start = i + 1;
    }
    return parts >= 2 ? total : -1;
}

/* "98.5%" -> 9850; "0.985" -> 9850 (a fraction); "98.5" -> 9850 (more than 1: percent) */
static int64_t parse_percent(const char *s)
{
    size_t len = strlen(s);
    bool pct = len && s[len - 1] == '%';
    if (pct)
        len--;
    while (len && s[len - 1] == ' ')
        len--;
    int64_t v = parse_thousandths(s, len); /* thousandths of the number written */
    if (v < 0)
        return -1;
    if (!pct && v <= 1000)
        v *= 100; /* a fraction: 0.985 -> 985 thousandths -> 98500 thousandths of a percent */
    int64_t h = (v + 5) / 10; /* hundredths of a percent */
    return h <= 10000 ? h : -1;
}

/* The date column, or the day given (--date), then the fields no row is without. */
static int need_columns(struct export_file *x, bool have_day, struct sd_err *err)
{
    if (x->col[F_DATE] < 0 && !have_day)
        return export_bad(x, err, "%s", _("no date column in the header: say the day with --date"));
    static const int need[] = {F_ACCOUNT, F_CONSULT};
    return export_need(x, need, sizeof need / sizeof need[0], err);
}

static int read_day(const char *v, char out[11])
{
    struct sd_date d;
    int64_t t;
    char buf[32];
    /* 2026-11-20, 2026/11/20, 20261120, or a time that day */
    if (strlen(v) == 8 && parse_count(v) > 0) {
        snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
        v = buf;
    }
    if (date_parse(v, &d, NULL) == SD_OK) {
        date_format(d, out);
        return 0;
    }
    if (datetime_parse(v, DATE_ORDER_AUTO, NULL, &t, NULL) == SD_OK) {
        date_format(date_of(t), out);
        return 0;
    }
    return -1;
}

static int read_row(const struct export_file *x, const char *day, struct chat_row *r,
                    struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    const char *v = export_cell(x, F_DATE);
    if (x->col[F_DATE] >= 0 && *v) {
        if (read_day(v, r->day))
            return export_bad(x, err, _("'%s' is not a date"), v);
    } else if (day) {
        snprintf(r->day, sizeof r->day, "%s", day);
    } else {
        return export_bad(x, err, "%s", _("no date"));
    }
    v = export_cell(x, F_ACCOUNT);
    if (!*v)
        return export_bad(x, err, "%s", _("no account"));
    if (strlen(v) >= sizeof r->account)
        return export_bad(x, err, "%s", _("the account is too long"));
    utf8_copy(r->account, sizeof r->account, v);
    static const int counts[] = {F_CONSULT, F_INQUIRIES, F_ORDERS};
    int64_t *dst[] = {&r->consultations, &r->inquiries, &r->orders};
    for (int i = 0; i < 3; i++) {
        v = export_cell(x, counts[i]);
        *dst[i] = *v ? parse_count(v) : (i == 0 ? -1 : 0);
        if (*dst[i] < 0)
            return export_bad(x, err, _("%s: '%s' is not a count"), field_keys[counts[i]], v);
    }
    v = export_cell(x, F_CONVERSION);
    if (x->col[F_ORDERS] < 0 && *v) {
        int64_t p = parse_percent(v);
        if (p < 0)
            return export_bad(x, err, _("%s: '%s' is not a percentage"), field_keys[F_CONVERSION],
                              v);
        r->orders = (r->inquiries * p + 5000) / 10000;
    }
    if (r->orders > r->inquiries)
        return export_bad(x, err, _("more orders from inquiries (%lld) than inquiries (%lld)"),
                          (long long)r->orders, (long long)r->inquiries);
    static const int secs[] = {F_FIRST, F_AVG};
    int64_t *sdst[] = {&r->first_ms, &r->avg_ms};
    for (int i = 0; i < 2; i++) {
        v = export_cell(x, secs[i]);
        *sdst[i] = *v ? parse_seconds(v) : -1;
        if (*v && *sdst[i] < 0)
            return export_bad(x, err, _("%s: '%s' is not a number of seconds"), field_keys[secs[i]],
                              v);
    }
    v = export_cell(x, F_SATISFACTION);
    r->satisfaction = *v ? parse_percent(v) : -1;
    if (*v && r->satisfaction < 0)
        return export_bad(x, err, _("%s: '%s' is not a percentage"), field_keys[F_SATISFACTION], v);
    return SD_OK;
}

int chat_import(struct session *s, const char *path, const char *mapping, const char *encoding,
                const struct sd_date *day, bool dry_run, struct chat_import_result *out,
                struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_CHAT_IMPORT, err);
    if (rc)
        return rc;
    char dayv[11] = "";
    if (day)
        date_format(*day, dayv);
    struct export_file x;
    if ((rc = export_open(&x, path, mapping, encoding, field_keys, field_names, err)) ||
        (rc = need_columns(&x, day != NULL, err)) || (rc = store_begin(s->st, err)))
        goto done;
    int64_t now = clock_now();
    size_t at = 0;
    while (export_next(&x)) {
        struct chat_row r;
        if ((rc = read_row(&x, day ? dayv : NULL, &r, err)))
            break;
        enum chat_change ch;
        if ((rc = store_chat_put(s->st, &r, now, s->who, &ch, err)))
            break;
        out->imported += ch == CHAT_NEW;
        out->updated += ch == CHAT_UPDATED;
        out->unchanged += ch == CHAT_UNCHANGED;
        char login[64];
        if ((rc = store_account_login(s->st, r.account, login, sizeof login, err)))
            break;
        if (!login[0] && !strstr(out->unmatched_names, r.account)) {
            out->unmatched++;
            if (at < sizeof out->unmatched_names - 1)
                at += (size_t)snprintf(out->unmatched_names + at, sizeof out->unmatched_names - at,
                                       "%s%s", at ? ", " : "", r.account);
        }
    }
    if (!rc)
        rc = export_end(&x, err);
    if (!rc && !dry_run) {
        json_object *after = json_object_new_object();
        json_object_object_add(after, "file", json_object_new_string(path));
        json_object_object_add(after, "imported", json_object_new_int64(out->imported));
        json_object_object_add(after, "updated", json_object_new_int64(out->updated));
        rc = session_audit(s, "chat_stats.import", "chat_stats", NULL, 0, NULL, after, err);
        json_object_put(after);
    }
    if (rc || dry_run)
        store_rollback(s->st);
    else
        rc = store_commit(s->st, err);
done:
    export_close(&x);
    return rc;
}

int chat_accounts_set(struct session *s, const char *login, const char *accounts,
                      struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_STAFF_MANAGE, err);
    if (rc)
        return rc;
    char *copy = xstrdup(accounts), *v[32];
    int n = 0;
    for (char *p = strtok(copy, ","); p; p = strtok(NULL, ",")) {
        while (*p == ' ')
            p++;
        size_t len = strlen(p);
        while (len && p[len - 1] == ' ')
            p[--len] = '\0';
        if (!len)
            continue;
        if (n == 32 || len >= 64) {
            free(copy);
            return sd_fail(err, SD_INPUT, _("at most 32 accounts of up to 63 bytes each"));
        }
        v[n++] = p;
    }
    if ((rc = store_begin(s->st, err))) {
        free(copy);
        return rc;
    }
    struct staff st = {0};
    char before[400] = "";
    rc = store_staff_get(s->st, login, &st, err);
    staff_clear(&st);
    for (int i = 0; i < n && !rc; i++) {
        char who[64];
        if (!(rc = store_account_login(s->st, v[i], who, sizeof who, err)) && who[0] &&
            strcmp(who, login))
            rc = sd_fail(err, SD_CONFLICT, _("the account %s is %s's"), v[i], who);
    }
    if (!rc)
        rc = store_accounts_of(s->st, login, before, sizeof before, err);
    if (!rc)
        rc = store_accounts_set(s->st, login, v, n, err);
    if (!rc) {
        char after[400];
        json_object *b = json_object_new_object(), *a = json_object_new_object();
        json_object_object_add(b, "accounts", json_object_new_string(before));
        if (!(rc = store_accounts_of(s->st, login, after, sizeof after, err))) {
            json_object_object_add(a, "accounts", json_object_new_string(after));
            rc = session_audit(s, "staff.accounts", "staff", login, 0, b, a, err);
        }
        json_object_put(b);
        json_object_put(a);
    }
    free(copy);
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}
