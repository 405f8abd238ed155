#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/role.h"
#include "store/audit.h"
#include "store/drafts.h"
#include "store/orders.h"
#include "store/schema.h"
#include "store/staff.h"
#include "store/stock.h"
#include "store/store.h"
#include "store/store_int.h"
#include "unit.h"

static struct store *open_memory(void)
{
    struct store *st = NULL;
    struct sd_err err = {0};
    if (store_open(":memory:", STORE_CREATE, &st, &err) != SD_OK)
        fail_msg("open: %s", err.msg);
    return st;
}

/* A name for a database file no one has (mkstemp's, the file removed). */
static void fresh_path(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
}

/* The file and its write-ahead log. */
static void remove_db(const char *path)
{
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void test_migrations(void **state)
{
    (void)state;
    struct store *st = open_memory();
    assert_int_equal(store_schema_version(st), store_latest_version());
    assert_int_equal(db_query_int(st, "PRAGMA application_id"), 0x5348444b);
    assert_int_equal(db_query_int(st, "PRAGMA foreign_keys"), 1);
    /* every migration left its tables */
    assert_int_equal(db_query_int(st, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                      "('staff','audit','orders','members','order_search')"),
                     5);
    store_free(&st);
    assert_null(st);
}

static void test_migrate_step_by_step(void **state)
{
    (void)state;
    /* a shop made by the first release is brought forward, one migration at a time */
    char path[] = "/tmp/shopdesk-test-XXXXXX";
    fresh_path(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, schema_migrations[0].sql, NULL, NULL, NULL), SQLITE_OK);
    char pragma[96];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = 1;",
             SHOPDESK_APPLICATION_ID);
    sqlite3_exec(db, pragma, NULL, NULL, NULL);
    sqlite3_exec(db, "INSERT INTO staff VALUES ('old', 'Old Owner', 'owner', 1, 1)", NULL, NULL,
                 NULL);
    sqlite3_close(db);
    struct store *st = NULL;
    struct sd_err err = {0};
    if (store_open(path, 0, &st, &err) != SD_OK)
        fail_msg("open: %s", err.msg);
    assert_int_equal(store_schema_version(st), store_latest_version());
    struct staff s;
    assert_int_equal(store_staff_get(st, "old", &s, &err), SD_OK);
    assert_string_equal(s.name, "Old Owner");
    staff_clear(&s);
    store_free(&st);
    /* a newer schema than we know is refused, not damaged */
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL);
    sqlite3_close(db);
    assert_int_equal(store_open(path, 0, &st, &err), SD_STORE);
    assert_non_null(strstr(err.msg, "newer"));
    remove_db(path);
}

static void test_not_a_shop(void **state)
{
    (void)state;
    char path[] = "/tmp/shopdesk-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "hello, this is not sqlite at all, not at all.....", 48), 48);
    close(fd);
    struct store *st = NULL;
    struct sd_err err = {0};
    assert_int_equal(store_open(path, 0, &st, &err), SD_IO);
    assert_non_null(strstr(err.msg, "not a shopdesk database"));
    unlink(path);
    assert_int_equal(store_open("/nonexistent/dir/shop.db", 0, &st, &err), SD_NO_SHOP);
}

static void test_staff(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    struct staff a = {"li.na", "李娜", SD_ROLE_AGENT | SD_ROLE_REFUNDS, true, 100};
    assert_int_equal(store_begin(st, &err), SD_OK);
    assert_int_equal(store_staff_put(st, &a, &err), SD_OK);
    assert_int_equal(store_commit(st, &err), SD_OK);
    struct staff b;
    assert_int_equal(store_staff_get(st, "li.na", &b, &err), SD_OK);
    assert_string_equal(b.name, "李娜");
    assert_int_equal(b.roles, SD_ROLE_AGENT | SD_ROLE_REFUNDS);
    staff_clear(&b);
    assert_int_equal(store_staff_get(st, "nobody", &b, &err), SD_NOT_FOUND);
    /* roles are readable text in the file */
    assert_int_equal(db_query_int(st, "SELECT count(*) FROM staff WHERE roles = 'agent,refunds'"),
                     1);
    store_free(&st);
}

static int count_rows(const struct audit_row *r, void *arg)
{
    (void)r;
    (*(int *)arg)++;
    return 0;
}

static void add_audit(struct store *st, const char *action)
{
    struct sd_err err = {0};
    struct audit_entry e = {"root", NULL, action, "test", "1", 7, NULL, "{\"x\":1}"};
    assert_int_equal(store_begin(st, &err), SD_OK);
    assert_int_equal(store_audit_add(st, &e, &err), SD_OK);
    assert_int_equal(store_commit(st, &err), SD_OK);
}

static void test_audit_chain(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    for (int i = 0; i < 5; i++)
        add_audit(st, "test.step");
    int64_t bad = -1, rows = 0;
    assert_int_equal(store_audit_verify(st, &bad, &rows, &err), SD_OK);
    assert_int_equal(rows, 5);
    int n = 0;
    assert_int_equal(store_audit_walk(st, 7, NULL, NULL, count_rows, &n, &err), SD_OK);
    assert_int_equal(n, 5);

    /* append-only, enforced by the database */
    assert_int_not_equal(sqlite3_exec(st->db, "UPDATE audit SET login = 'x' WHERE id = 2", NULL,
                                      NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(st->db, "DELETE FROM audit WHERE id = 2", NULL, NULL, NULL),
                         SQLITE_OK);

    /* someone drops the trigger and edits a row: the chain names that row */
    assert_int_equal(sqlite3_exec(st->db,
                                  "DROP TRIGGER audit_append_only_update; UPDATE audit SET "
                                  "after = '{\"x\":2}' WHERE id = 3",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_audit_verify(st, &bad, &rows, &err), SD_STORE);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(err.msg, "row 3"));
    store_free(&st);
}

static void test_audit_deleted_row(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    for (int i = 0; i < 4; i++)
        add_audit(st, "test.step");
    sqlite3_exec(st->db, "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE id = 2",
                 NULL, NULL, NULL);
    int64_t bad = 0, rows = 0;
    assert_int_equal(store_audit_verify(st, &bad, &rows, &err), SD_STORE);
    assert_int_equal(bad, 3);
    store_free(&st);
}

static void test_transactions(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    assert_null(store_txn_where(st));
    assert_int_equal(store_begin(st, &err), SD_OK);
    assert_non_null(strstr(store_txn_where(st), "test_store.c"));
    struct staff a = {"tmp", "Tmp", SD_ROLE_AGENT, true, 1};
    assert_int_equal(store_staff_put(st, &a, &err), SD_OK);
    store_rollback(st);
    assert_null(store_txn_where(st));
    struct staff b;
    assert_int_equal(store_staff_get(st, "tmp", &b, &err), SD_NOT_FOUND);
    store_free(&st);
}

static void test_drafts(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    char *data = NULL;
    assert_int_equal(store_draft_load(st, "li.na", "refund", &data, NULL, &err), SD_NOT_FOUND);
    assert_int_equal(store_draft_save(st, "li.na", "refund", "{\"a\":1}", &err), SD_OK);
    assert_int_equal(store_draft_save(st, "li.na", "refund", "{\"a\":2}", &err), SD_OK);
    assert_int_equal(store_draft_load(st, "li.na", "refund", &data, NULL, &err), SD_OK);
    assert_string_equal(data, "{\"a\":2}");
    free(data);
    assert_int_equal(store_draft_delete(st, "li.na", "refund", &err), SD_OK);
    assert_int_equal(store_draft_load(st, "li.na", "refund", &data, NULL, &err), SD_NOT_FOUND);
    store_free(&st);
}

static void test_order_search(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    assert_int_equal(store_begin(st, &err), SD_OK);
    const char *titles[] = {"纯棉圆领T恤 白色", "Leather belt", "羊绒围巾 驼色"};
    const char *buyers[] = {"张三丰", "Anna Smith", "李四"};
    for (int i = 0; i < 3; i++) {
        char number[16];
        snprintf(number, sizeof number, "N%d", i);
        struct order_line l = {0, 1, "SKU", (char *)titles[i], 1, 100, 100};
        struct order o = {.platform = "manual", .number = number, .status = ORDER_PAID,
                          .buyer = (char *)buyers[i], .phone = "13812345678", .currency = "CNY",
                          .total = 100, .created_at = 1000 + i};
        assert_int_equal(store_order_insert(st, &o, &l, 1, &err), SD_OK);
    }
    assert_int_equal(store_commit(st, &err), SD_OK);
    struct order_filter f;
    order_filter_init(&f);
    struct order_row rows[10];
    const struct {
        const char *term;
        int hits;
    } cases[] = {{"圆领T恤", 1}, {"张三", 1}, {"李", 1}, {"2345", 3}, {"belt", 1},
                 {"BELT", 1},   {"驼色", 1}, {"nothing", 0}, {"%", 0}, {"_", 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f.search = cases[i].term;
        int n = store_orders_page(st, &f, NULL, true, false, 10, rows, &err);
        if (n != cases[i].hits)
            fail_msg("search '%s': %d hits, want %d", cases[i].term, n, cases[i].hits);
    }
    /* keyset paging: newest first, then the next page after the last row */
    f.search = NULL;
    assert_int_equal(store_orders_page(st, &f, NULL, true, false, 2, rows, &err), 2);
    assert_string_equal(rows[0].number, "N2");
    struct order_row last = rows[1];
    assert_int_equal(store_orders_page(st, &f, &last, true, false, 2, rows, &err), 1);
    assert_string_equal(rows[0].number, "N0");
    assert_int_equal(store_orders_page(st, &f, NULL, false, false, 2, rows, &err), 2);
    assert_string_equal(rows[0].number, "N0"); /* backward from the end: oldest first */
    store_free(&st);
}

/* A random walk of movements: after every commit each count is the sum of its movements,
 * and a movement that would go below zero is refused with nothing written. */
static void test_stock_ledger(void **state)
{
    (void)state;
    struct store *st = open_memory();
    struct sd_err err = {0};
    static const char *const skus[] = {"A-1", "B-2", "C-3"};
    int64_t want[3][STOCK_CONDITIONS] = {{0}};
    unsigned seed = 20261205;
    int refused = 0;
    for (int i = 0; i < 600; i++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)((seed >> 8) % 3), c = (int)((seed >> 12) % STOCK_CONDITIONS);
        int64_t d = (int64_t)((seed >> 16) % 11) - 6; /* -6 .. 4: often more out than in */
        if (d == 0)
            d = 1;
        assert_int_equal(store_begin(st, &err), SD_OK);
        struct stock_move m = {0};
        m.at = 1000 + i;
        snprintf(m.sku, sizeof m.sku, "%s", skus[k]);
        m.condition = (enum stock_condition)c;
        m.delta = d;
        m.kind = d > 0 ? STOCK_RECEIVED : STOCK_PICKED;
        snprintf(m.login, sizeof m.login, "wh");
        int rc = store_stock_move(st, &m, &err);
        if (want[k][c] + d < 0) {
            assert_int_equal(rc, SD_REFUSED);
            store_rollback(st);
            refused++;
        } else {
            assert_int_equal(rc, SD_OK);
            assert_int_equal(store_commit(st, &err), SD_OK);
            want[k][c] += d;
        }
        struct stock_row row;
        bool known;
        assert_int_equal(store_stock_get(st, skus[k], &row, &known, &err), SD_OK);
        for (int j = 0; j < STOCK_CONDITIONS; j++)
            assert_int_equal(row.qty[j], want[k][j]);
    }
    assert_true(refused > 50); /* the walk did try to go below zero */
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(store_stock_verify(st, &out, &err), 0);
    /* a count set by hand is found */
    assert_int_equal(db_exec(st, "UPDATE stock SET qty_open_box = qty_open_box + 1 WHERE sku = "
                                 "'B-2'",
                             &err),
                     SD_OK);
    assert_int_equal(store_stock_verify(st, &out, &err), 1);
    assert_non_null(strstr(sb_str(&out), "B-2"));
    sb_free(&out);
    /* movements are never changed */
    assert_int_not_equal(db_exec(st, "DELETE FROM stock_moves", &err), SD_OK);
    assert_int_not_equal(db_exec(st, "UPDATE stock_moves SET delta = 1", &err), SD_OK);
    store_free(&st);
}

static void no_grams(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
}

/* A shop of schema 14 with gift stock: migration 15 makes it the new stock of the same SKUs,
 * by a movement, a SKU at 0 included, and the old table is gone. */
static void test_migrate_gift_stock(void **state)
{
    (void)state;
    char path[] = "/tmp/shopdesk-test-XXXXXX";
    fresh_path(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_create_function(db, "sd_grams", 1, SQLITE_UTF8, NULL, no_grams, NULL, NULL);
    for (int v = 0; v < 14; v++)
        if (sqlite3_exec(db, schema_migrations[v].sql, NULL, NULL, NULL) != SQLITE_OK)
            fail_msg("migration %d: %s", v + 1, sqlite3_errmsg(db));
    char pragma[96];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = 14;",
             SHOPDESK_APPLICATION_ID);
    assert_int_equal(sqlite3_exec(db, pragma, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO gift_stock VALUES ('GIFT-A', 5), ('GIFT-B', 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct store *st = NULL;
    struct sd_err err = {0};
    if (store_open(path, 0, &st, &err) != SD_OK)
        fail_msg("open: %s", err.msg);
    assert_int_equal(store_schema_version(st), store_latest_version());
    struct stock_row row;
    bool known = false;
    assert_int_equal(store_stock_get(st, "GIFT-A", &row, &known, &err), SD_OK);
    assert_true(known);
    assert_int_equal(row.qty[STOCK_NEW], 5);
    assert_int_equal(store_stock_get(st, "GIFT-B", &row, &known, &err), SD_OK);
    assert_true(known); /* stocked at 0 is not "never stocked" */
    assert_int_equal(row.qty[STOCK_NEW], 0);
    struct stock_move m[4];
    assert_int_equal(store_stock_moves(st, "GIFT-A", m, 4, &err), 1);
    assert_int_equal(m[0].kind, STOCK_ADJUSTED);
    assert_int_equal(m[0].delta, 5);
    assert_string_equal(m[0].reason, "gift stock");
    assert_int_equal(db_query_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = "
                                      "'gift_stock'"),
                     0);
    store_free(&st);
    remove_db(path);
}

RUN_TESTS(
    cmocka_unit_test(test_migrations),
    cmocka_unit_test(test_migrate_step_by_step),
    cmocka_unit_test(test_not_a_shop),
    cmocka_unit_test(test_staff),
    cmocka_unit_test(test_audit_chain),
    cmocka_unit_test(test_audit_deleted_row),
    cmocka_unit_test(test_transactions),
    cmocka_unit_test(test_drafts),
    cmocka_unit_test(test_order_search),
    cmocka_unit_test(test_stock_ledger),
    cmocka_unit_test(test_migrate_gift_stock),
)
