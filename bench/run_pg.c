/* bench/run_pg: shopdesk on PostgreSQL, measured side by side with bare libpq in the same
 * run, on a shop moved from the SQLite benchmark's (bench/pg.sh makes it).
 *
 *   run_pg --shop DIR --size S|M [--runs N]
 *          [--extra CSV --import-shop DIR --import-db CONNINFO --template DB [--import-runs N]]
 *
 * DIR is a shop whose shop.yaml names its PostgreSQL database. Each case prints one line as
 * bench/run does,
 *   case=NAME size=S median_ms=… min_ms=… max_ms=… runs=… bare_ms=… ratio=… goal=… pass=0|1
 * then a summary. shopdesk's side goes through the library calls the console and the command
 * line make (the store and its libpq driver); the bare side is one libpq connection sending
 * the same statement text with PQexecParams and reading every column. Besides: the round
 * trips what a key does costs (counted by the driver), and an import of 10,000 orders into a
 * copy of the database, against a bare load of the same rows through COPY into another:
 * --import-runs times (3), both copies made again from DB (the shop's database) before each
 * run, as DB_imp (the import shop's shop.yaml names it) and DB_bare. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <libpq-fe.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/paths.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/csvfile.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include "bare_rows.h"

#define PAGE 50

static int nruns = 7;
static const char *size_name = "S";
static int cases, passed;
static const char *now_text = "2026-11-20T18:00:00+08:00";

static bool more_runs(int i, double spent_ms)
{
    return bench_more_runs(i, spent_ms, nruns);
}

#define NOISE_MS 1.0

static void report(const char *name, struct stat3 ours, struct stat3 bare, double goal,
                   double abs_ms)
{
    double ratio = bare.median > 0 ? ours.median / bare.median : 0;
    bool noise = abs_ms > 0 && ours.median < NOISE_MS && bare.median < NOISE_MS;
    bool pass = noise ? ours.median <= abs_ms : ratio <= goal;
    printf("case=%s size=%s engine=postgresql median_ms=%.2f min_ms=%.2f max_ms=%.2f runs=%d "
           "bare_ms=%.2f ratio=%.2f goal=%.2f%s pass=%d\n",
           name, size_name, ours.median, ours.min, ours.max, ours.runs, bare.median, ratio, goal,
           noise ? " (both under 1 ms: the absolute goal counts)" : "", pass);
    fflush(stdout);
    cases++;
    passed += pass;
}

static void report_count(const char *name, const char *unit, double value, double goal)
{
    bool pass = value <= goal;
    printf("case=%s size=%s engine=postgresql %s=%.0f goal=%.0f pass=%d\n", name, size_name,
           unit, value, goal, pass);
    fflush(stdout);
    cases++;
    passed += pass;
}

static void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("run_pg: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* ---- the bare side ---------------------------------------------------------------------- */

static PGconn *bare;

static PGresult *bare_exec(const char *sql, int n, const char *const *vals)
{
    PGresult *r = PQexecParams(bare, sql, n, NULL, vals, NULL, NULL, 0);
    ExecStatusType t = PQresultStatus(r);
    if (t != PGRES_TUPLES_OK && t != PGRES_COMMAND_OK && t != PGRES_COPY_IN)
        die_msg("bare: %s: %s", sql, PQerrorMessage(bare));
    return r;
}

/* every column of every row read, as shopdesk's list reads them */
static void bare_read(PGresult *r)
{
    volatile size_t sink = 0;
    for (int i = 0; i < PQntuples(r); i++)
        for (int c = 0; c < PQnfields(r); c++)
            sink += strlen(PQgetvalue(r, i, c));
    (void)sink;
}

/* ---- lists and searches ----------------------------------------------------------------- */

static const char *const status_keys[] = {"pending", "paid",      "picked",   "packed",
                                          "shipped", "delivered", "cancelled"};

/* The statement shopdesk sends for a page (src/store/orders.c, on PostgreSQL): the same
 * columns, conditions and order. The values it needs are appended to vals, in the order of
 * their $n. */
static char *page_sql(const char *search, bool pieces, int status, bool cursor, bool backward,
                      const char *pattern, const char *at, const char *id, const char *limit,
                      const char **vals, int *n)
{
    struct strbuf sb = STRBUF_INIT;
    *n = 0;
    sb_adds(&sb, "SELECT o.id, o.created_at, o.paid_at, o.shipped_at, o.total, o.status, "
                 "o.gift, o.platform, o.number, o.buyer, o.courier, o.tracking, o.currency, "
                 "coalesce(m.tier, -1), o.receiver, o.phone, coalesce(o.promise_by, 0) FROM "
                 "orders o LEFT JOIN members m ON m.id = o.member_id WHERE TRUE");
    if (search) {
        vals[(*n)++] = pattern;
        if (pieces)
            sb_addf(&sb, " AND sd_grams(o.search_text) @> ARRAY[lower($%d)] AND "
                         "strpos(lower(o.search_text), lower($%d)) > 0",
                    *n, *n);
        else
            sb_addf(&sb, " AND o.search_text ILIKE $%d ESCAPE '\\'", *n);
    }
    if (status >= 0) {
        vals[(*n)++] = status_keys[status];
        sb_addf(&sb, " AND o.status = $%d", *n);
    }
    if (cursor) {
        vals[(*n)++] = at;
        vals[(*n)++] = id;
        sb_addf(&sb, " AND (o.created_at, o.id) < ($%d::bigint, $%d::bigint)", *n - 1, *n);
    }
    sb_adds(&sb, backward ? " ORDER BY o.created_at ASC, o.id ASC"
                          : " ORDER BY o.created_at DESC, o.id DESC");
    vals[(*n)++] = limit;
    sb_addf(&sb, " LIMIT $%d::bigint", *n);
    return sb_detach(&sb);
}

struct page_case {
    const char *name;
    int status;
    const char *search;
    int page; /* 1, a page number, or -1: the last */
};

static bool short_cjk(const char *term)
{
    return term && utf8_length(term) < 3 && utf8_all_cjk(term);
}

static void page_case(struct session *s, const struct page_case *c, double abs_ms)
{
    struct order_filter f;
    order_filter_init(&f);
    f.status = c->status;
    f.search = c->search;
    struct order_row *rows = xcalloc(PAGE, sizeof *rows), from;
    struct sd_err err = {0};
    bool have = false;
    for (int p = 1; c->page > 1 && p < c->page; p++) {
        int n = store_orders_page(s->st, &f, have ? &from : NULL, true, false, PAGE, rows, &err);
        if (n < PAGE)
            break;
        from = rows[n - 1];
        have = true;
    }
    double v[MAX_RUNS], spent = 0;
    int runs = 0;
    for (int i = 0; more_runs(i, spent); i++) {
        double t0 = now_ms();
        int n = c->page == -1
                    ? store_orders_page(s->st, &f, NULL, false, false, PAGE, rows, &err)
                    : store_orders_page(s->st, &f, have ? &from : NULL, true, false, PAGE, rows,
                                        &err);
        v[runs] = now_ms() - t0;
        spent += v[runs++];
        if (n < 0)
            die_msg("%s: %s", c->name, err.msg);
    }
    struct stat3 ours = stats(v, runs);
    /* bare: the same text, the same cursor */
    char pattern[256], at[24], id[24], limit[8];
    if (c->search && short_cjk(c->search))
        snprintf(pattern, sizeof pattern, "%s", c->search);
    else if (c->search)
        snprintf(pattern, sizeof pattern, "%%%s%%", c->search);
    snprintf(at, sizeof at, "%lld", have ? (long long)from.created_at : 0LL);
    snprintf(id, sizeof id, "%lld", have ? (long long)from.id : 0LL);
    snprintf(limit, sizeof limit, "%d", PAGE);
    const char *vals[5];
    int nvals;
    char *sql = page_sql(c->search, short_cjk(c->search), c->status, have, c->page == -1,
                         pattern, at, id, limit, vals, &nvals);
    spent = 0;
    runs = 0;
    for (int i = 0; more_runs(i, spent); i++) {
        double t0 = now_ms();
        PGresult *r = bare_exec(sql, nvals, vals);
        bare_read(r);
        PQclear(r);
        v[runs] = now_ms() - t0;
        spent += v[runs++];
    }
    free(sql);
    free(rows);
    report(c->name, ours, stats(v, runs), 2.0, abs_ms);
}

/* ---- round trips ------------------------------------------------------------------------ */

static int64_t trips_of(struct session *s, int64_t before)
{
    return store_round_trips(s->st) - before;
}

/* What the keys of the Orders and Refunds screens cost in round trips: a page (the screen
 * opened, a page down), a search, the console's tick (nothing: notifications are read from
 * what has arrived), and a refund approved and paid. */
static void trips_cases(struct session *agent, struct session *payer)
{
    struct order_filter f;
    order_filter_init(&f);
    struct order_row rows[PAGE];
    struct sd_err err = {0};
    int64_t t = store_round_trips(agent->st);
    int n = store_orders_page(agent->st, &f, NULL, true, false, PAGE, rows, &err);
    report_count("trips-orders-page", "round_trips", (double)trips_of(agent, t), 1);
    t = store_round_trips(agent->st);
    store_orders_page(agent->st, &f, &rows[n - 1], true, false, PAGE, rows, &err);
    report_count("trips-page-down", "round_trips", (double)trips_of(agent, t), 1);
    f.search = "圆领T恤";
    t = store_round_trips(agent->st);
    store_orders_page(agent->st, &f, NULL, true, false, PAGE, rows, &err);
    report_count("trips-search", "round_trips", (double)trips_of(agent, t), 1);
    t = store_round_trips(agent->st);
    for (int i = 0; i < 10; i++)
        store_data_version(agent->st);
    report_count("trips-tick-x10", "round_trips", (double)trips_of(agent, t), 0);

    /* a refund on a paid order: requested (A, the agent), approved, paid (the refunds
     * person), each timed and counted */
    order_filter_init(&f);
    f.status = 1;
    n = store_orders_page(agent->st, &f, NULL, true, false, PAGE, rows, &err);
    double v[3][MAX_RUNS];
    int64_t trips[3] = {0};
    int runs = 0;
    for (int i = 0; i < n && runs < 15; i++) {
        struct refund_request q = {0};
        q.order_id = rows[i].id;
        q.kind = KIND_REFUND;
        q.amount = 100;
        q.reason = REASON_DAMAGED;
        struct refund_outcome out = {0};
        double t0 = now_ms();
        int64_t k = store_round_trips(agent->st);
        int rc = refund_request(agent, &q, &out, &err);
        sb_free(&out.flags);
        if (rc)
            continue;
        v[0][runs] = now_ms() - t0;
        trips[0] = trips_of(agent, k);
        t0 = now_ms();
        k = store_round_trips(agent->st);
        if (out.status == REFUND_REQUESTED && refund_approve(agent, out.id, NULL, &err))
            die_msg("approve: %s", err.msg);
        v[1][runs] = now_ms() - t0;
        trips[1] = trips_of(agent, k);
        struct payment p;
        t0 = now_ms();
        k = store_round_trips(payer->st);
        if (refund_pay(payer, out.id, 0, "alipay", "bench", &p, &err))
            die_msg("pay: %s", err.msg);
        v[2][runs] = now_ms() - t0;
        trips[2] = trips_of(payer, k);
        runs++;
    }
    static const char *const names[] = {"refund-request", "refund-approve", "refund-pay"};
    for (int i = 0; i < 3; i++) {
        struct stat3 s = stats(v[i], runs);
        char name[64];
        printf("case=%s size=%s engine=postgresql median_ms=%.2f min_ms=%.2f max_ms=%.2f "
               "runs=%d round_trips=%lld\n",
               names[i], size_name, s.median, s.min, s.max, s.runs, (long long)trips[i]);
        snprintf(name, sizeof name, "%s-ms", names[i]);
        report_count(name, "ms", s.median, 20);
    }
}

/* ---- import ----------------------------------------------------------------------------- */

/* libpq's notices ("does not exist, skipping") not printed */
static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* name made again as a copy of template, files copied (a database of 1M orders takes
 * seconds that way, minutes through the WAL) */
static void fresh_copy(const char *template, const char *name)
{
    PGconn *c = PQconnectdb("dbname=postgres");
    if (PQstatus(c) != CONNECTION_OK)
        die_msg("copy: %s", PQerrorMessage(c));
    PQsetNoticeProcessor(c, quiet, NULL);
    char *t = PQescapeIdentifier(c, template, strlen(template));
    char *n = PQescapeIdentifier(c, name, strlen(name));
    char *drop = xasprintf("DROP DATABASE IF EXISTS %s", n);
    char *create = xasprintf("CREATE DATABASE %s TEMPLATE %s%s", n, t,
                             PQserverVersion(c) >= 150000 ? " STRATEGY = FILE_COPY" : "");
    const char *q[] = {drop, create};
    for (int i = 0; i < 2; i++) {
        PGresult *r = PQexec(c, q[i]);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            die_msg("%s: %s", q[i], PQerrorMessage(c));
        PQclear(r);
    }
    free(drop);
    free(create);
    PQfreemem(t);
    PQfreemem(n);
    PQfinish(c);
}

/* The bare import: the same file, read with the same CSV reader, loaded through COPY into
 * temporary tables and from there into members, orders and order_lines with three INSERT
 * ... SELECT statements, in one transaction. What it leaves out is what shopdesk adds:
 * checking every value, members' names filled, an existing order's changes, tiers, the
 * audit log. */
static double bare_import(const char *conninfo, const char *csv_path)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK)
        die_msg("bare import: %s", PQerrorMessage(c));
    double t0 = now_ms();
    PQclear(PQexec(c, "BEGIN; CREATE TEMP TABLE o_in (number text, status text, buyer text, "
                      "receiver text, phone text, address text, currency text, goods bigint, "
                      "shipping bigint, total bigint, refunded bigint, created_at bigint, "
                      "paid_at bigint, shipped_at bigint, courier text, tracking text, "
                      "search_text text) ON COMMIT DROP; CREATE TEMP TABLE l_in (number text, "
                      "line_no bigint, sku text, title text, qty bigint, price bigint) ON "
                      "COMMIT DROP"));
    struct csv_file f;
    if (csvf_open(&f, csv_path, NULL, ',') != 0)
        die_msg("%s: %s", csv_path, f.error);
    struct csv_row row = {0};
    struct strbuf orders = STRBUF_INIT, lines = STRBUF_INIT, text = STRBUF_INIT;
    char **held = NULL;
    size_t nheld = 0, cap = 0;
    bool header = true, more = true;
    /* COPY's text format: tabs between, \N for NULL; the generated cells hold no tab,
     * newline or backslash */
    while (more) {
        more = csvf_next(&f, &row) == 1;
        if (header) {
            header = false;
            continue;
        }
        bool same = more && nheld && !strcmp(row.fields[0], held[0]);
        if (nheld && !same) {
            char **o = held;
            sb_reset(&text);
            sb_addf(&text, "%s %s %s %s %s", o[0], o[5], o[6], o[7], o[14]);
            for (size_t k = 0; k < nheld; k += 19)
                sb_addf(&text, " %s %s", held[k + 15], held[k + 16]);
            int64_t shipping = money_of(o[10]), total = money_of(o[11]);
            int64_t paid = time_of(o[2]), shipped = time_of(o[3]);
            char p[24] = "\\N", s[24] = "\\N";
            if (paid)
                snprintf(p, sizeof p, "%lld", (long long)paid);
            if (shipped)
                snprintf(s, sizeof s, "%lld", (long long)shipped);
            sb_addf(&orders, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%lld\t%lld\t%lld\t%lld\t%s\t%s\t%s\t%s\t%s\n",
                    o[0], status_of(o[4]), o[5], o[6], o[7], o[8], o[9],
                    (long long)(total - shipping), (long long)shipping, (long long)total,
                    (long long)money_of(o[12]), (long long)time_of(o[1]), p, s, o[13], o[14],
                    sb_str(&text));
            for (size_t k = 0, no = 1; k < nheld; k += 19, no++)
                sb_addf(&lines, "%s\t%zu\t%s\t%s\t%lld\t%lld\n", o[0], no, held[k + 15],
                        held[k + 16], atoll(held[k + 17]), (long long)money_of(held[k + 18]));
            for (size_t k = 0; k < nheld; k++)
                free(held[k]);
            nheld = 0;
        }
        if (!more)
            break;
        for (size_t k = 0; k < 19; k++) {
            if (nheld == cap) {
                cap = cap ? cap * 2 : 64;
                held = xrealloc(held, cap * sizeof *held);
            }
            held[nheld++] = xstrdup(k < row.n ? row.fields[k] : "");
        }
    }
    const struct {
        const char *copy;
        struct strbuf *data;
    } loads[] = {{"COPY o_in FROM STDIN", &orders}, {"COPY l_in FROM STDIN", &lines}};
    for (size_t i = 0; i < 2; i++) {
        PGresult *r = PQexec(c, loads[i].copy);
        if (PQresultStatus(r) != PGRES_COPY_IN)
            die_msg("bare import: %s", PQerrorMessage(c));
        PQclear(r);
        if (PQputCopyData(c, sb_str(loads[i].data), (int)loads[i].data->len) != 1 ||
            PQputCopyEnd(c, NULL) != 1)
            die_msg("bare import: %s", PQerrorMessage(c));
        r = PQgetResult(c);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            die_msg("bare import: %s", PQerrorMessage(c));
        PQclear(r);
        while ((r = PQgetResult(c)))
            PQclear(r);
    }
    PGresult *r = PQexec(
        c, "INSERT INTO members (platform, buyer_id, name, phone, created_at) SELECT DISTINCT "
           "ON (buyer) 'generic', buyer, receiver, phone, 1763600000 FROM o_in ON CONFLICT DO "
           "NOTHING; INSERT INTO orders (platform, number, status, member_id, buyer, receiver, "
           "phone, address, currency, goods, shipping, total, platform_refunded, created_at, "
           "paid_at, shipped_at, courier, tracking, search_text, updated_at, refunded) SELECT "
           "'generic', i.number, i.status, m.id, i.buyer, i.receiver, i.phone, i.address, "
           "i.currency, i.goods, i.shipping, i.total, i.refunded, i.created_at, i.paid_at, "
           "i.shipped_at, i.courier, i.tracking, i.search_text, 1763600000, i.refunded FROM "
           "o_in i JOIN members m ON m.platform = 'generic' AND m.buyer_id = i.buyer; INSERT "
           "INTO order_lines (order_id, line_no, sku, title, qty, price, total) SELECT o.id, "
           "l.line_no, l.sku, l.title, l.qty, l.price, l.qty * l.price FROM l_in l JOIN orders "
           "o ON o.platform = 'generic' AND o.number = l.number; COMMIT");
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        die_msg("bare import: %s", PQerrorMessage(c));
    PQclear(r);
    double ms = now_ms() - t0;
    free(held);
    sb_free(&orders);
    sb_free(&lines);
    sb_free(&text);
    csv_row_free(&row);
    csvf_close(&f);
    PQfinish(c);
    return ms;
}

/* ---- main ------------------------------------------------------------------------------- */

static void open_as(const char *dir, const char *login, struct session *s)
{
    struct session_opts o = {0};
    o.shop = dir;
    struct sd_err err = {0};
    paths_set_login(login);
    if (session_open(&o, s, &err))
        die_msg("%s as %s: %s", dir, login ? login : "me", err.msg);
    paths_set_login(NULL);
}

int main(int argc, char **argv)
{
    const char *shop = NULL, *extra = NULL, *import_shop = NULL, *import_db = NULL,
               *template = NULL;
    int import_runs = 3;
    static const struct option opts[] = {{"shop", required_argument, NULL, 's'},
                                         {"size", required_argument, NULL, 'z'},
                                         {"runs", required_argument, NULL, 'r'},
                                         {"extra", required_argument, NULL, 'e'},
                                         {"import-shop", required_argument, NULL, 'i'},
                                         {"import-db", required_argument, NULL, 'd'},
                                         {"template", required_argument, NULL, 't'},
                                         {"import-runs", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's': shop = optarg; break;
        case 'z': size_name = optarg; break;
        case 'r': nruns = atoi(optarg); break;
        case 'e': extra = optarg; break;
        case 'i': import_shop = optarg; break;
        case 'd': import_db = optarg; break;
        case 't': template = optarg; break;
        case 'n': import_runs = atoi(optarg); break;
        default: return 2;
        }
    }
    if (!shop)
        die_msg("usage: run_pg --shop DIR [--size S|M] [--runs N] [--extra CSV "
                "--import-shop DIR --import-db CONNINFO --template DB [--import-runs N]]");
    if (import_runs < 1 || import_runs > 15)
        import_runs = 3;
    setlocale(LC_ALL, "C.UTF-8");
    setenv("SHOPDESK_NOW", now_text, 1);
    tz_use("Asia/Shanghai");
    int64_t now;
    struct sd_err err = {0};
    time_parse(now_text, &now, &err);
    clock_set(now, false);

    /* the import first: into copies of the shop's database made here before each run (the
     * shop's own must not be open while it is copied); ours through the command line, as a
     * shop runs it */
    if (extra && import_shop && import_db && template) {
        char *cmd = xasprintf("./src/shopdesk --shop '%s' import orders '%s' >/dev/null",
                              import_shop, extra);
        char *imp = xasprintf("%s_imp", template), *bare_copy = xasprintf("%s_bare", template);
        double ours[15], theirs[15];
        for (int i = 0; i < import_runs; i++) {
            fresh_copy(template, imp);
            fresh_copy(template, bare_copy);
            double t0 = now_ms();
            int rc = system(cmd);
            ours[i] = now_ms() - t0;
            if (rc != 0)
                die_msg("shopdesk import failed (%d)", rc);
            theirs[i] = bare_import(import_db, extra);
        }
        report("import-10k-more", stats(ours, import_runs), stats(theirs, import_runs), 2.0, 0);
        free(cmd);
        free(imp);
        free(bare_copy);
    }

    struct session me, agent, payer;
    open_as(shop, NULL, &me);
    bare = PQconnectdb(me.set.database);
    if (PQstatus(bare) != CONNECTION_OK)
        die_msg("bare: %s", PQerrorMessage(bare));
    printf("bench: PostgreSQL, size %s, %d runs a case, server %d\n", size_name, nruns,
           PQserverVersion(bare));

    static const struct page_case lists[] = {
        {"list-all-page1", -1, NULL, 1},       {"list-all-page1000", -1, NULL, 1000},
        {"list-all-last", -1, NULL, -1},       {"list-paid-page1", 1, NULL, 1},
        {"list-paid-page1000", 1, NULL, 1000}, {"list-paid-last", 1, NULL, -1},
        {"list-shipped-page1", 4, NULL, 1},    {"list-shipped-last", 4, NULL, -1},
    };
    double abs_ms = !strcmp(size_name, "L") ? 50 : 20;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        page_case(&me, &lists[i], abs_ms);

    /* the terms of bench/run; the rare name and the tracking number found the same way */
    char rare[64] = "何伟晨", tracking[64] = "SF0000000000";
    PGresult *r = bare_exec("SELECT tracking FROM orders WHERE tracking <> '' ORDER BY id "
                            "LIMIT 1 OFFSET 777",
                            0, NULL);
    if (PQntuples(r))
        snprintf(tracking, sizeof tracking, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    r = bare_exec("SELECT receiver FROM orders WHERE char_length(receiver) = 3 AND receiver !~ "
                  "'[A-Za-z]' GROUP BY receiver HAVING count(*) <= 2 ORDER BY receiver LIMIT 1",
                  0, NULL);
    if (PQntuples(r))
        snprintf(rare, sizeof rare, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    const struct {
        const char *name, *term;
    } searches[] = {{"search-phrase", "圆领T恤"},     {"search-rare-phrase", rare},
                    {"search-name-2char", "李娜"},    {"search-phone-part", "1380013"},
                    {"search-tracking", tracking},    {"search-no-match", "不存在的商品xyz"}};
    for (size_t i = 0; i < sizeof searches / sizeof searches[0]; i++)
        for (int page = 1; page <= 2; page++) {
            char name[80];
            snprintf(name, sizeof name, "%s%s", searches[i].name, page == 2 ? "-next" : "");
            struct page_case pc = {name, -1, searches[i].term, page};
            page_case(&me, &pc, abs_ms);
        }

    open_as(shop, "bench.agent", &agent);
    open_as(shop, "bench.pay", &payer);
    trips_cases(&agent, &payer);
    session_close(&agent);
    session_close(&payer);
    session_close(&me);
    PQfinish(bare);
    printf("bench: %d cases, %d passed, %d missed their goal\n", cases, passed, cases - passed);
    return 0;
}
