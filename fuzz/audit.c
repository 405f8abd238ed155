/* libFuzzer target: the audit chain verifier. The input is cut into rows (fields separated by
 * NUL bytes, rows by newlines; the first byte says which row to tamper with, if any); they
 * are chained with audit_hash into a fresh store. The verifier must name exactly the tampered
 * row, or none. */
#include "config.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/store.h"
#include "store/store_int.h"

#define MAX_ROWS 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int tamper = data[0] % (MAX_ROWS + 1); /* 0: none; k: row k */
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    struct store *st = NULL;
    struct sd_err err = {0};
    if (store_open(":memory:", STORE_CREATE, &st, &err) != SD_OK)
        abort();
    sqlite3_exec(st->db, "DELETE FROM audit", NULL, NULL, NULL); /* no rows: a fresh chain */
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(st->db,
                       "INSERT INTO audit (id, at, login, as_login, action, entity, entity_id, "
                       "order_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, "
                       "?, ?, ?, ?, ?)",
                       -1, &ins, NULL);
    char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
    int n = 0;
    char *p = text, *end = text + size - 1; /* text[size - 1] is a NUL */
    while (p < end && n < MAX_ROWS) {
        char *row_end = memchr(p, '\n', (size_t)(end - p));
        if (!row_end)
            row_end = end;
        *row_end = '\0';
        const char *f[6] = {p, "", "", "", "", ""};
        char *q = p;
        for (int k = 1; k < 6; k++) {
            char *z = memchr(q, '\0', (size_t)(row_end - q));
            if (!z || z + 1 > row_end)
                break;
            f[k] = q = z + 1;
        }
        p = row_end + 1;
        struct audit_row r = {0};
        r.id = n + 1;
        r.at = 1795000000 + n;
        r.login = f[0];
        r.as_login = f[1][0] ? f[1] : NULL;
        r.action = f[2];
        r.entity = f[3];
        r.entity_id = f[4];
        r.order_id = 0;
        r.before = f[5][0] ? f[5] : NULL;
        r.after = NULL;
        r.prev_hash = prev;
        char hash[65];
        audit_hash(prev, &r, hash);
        const char *stored = hash;
        if (tamper == n + 1)
            stored = "0000000000000000000000000000000000000000000000000000000000000000";
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, r.id);
        sqlite3_bind_int64(ins, 2, r.at);
        sqlite3_bind_text(ins, 3, r.login, -1, SQLITE_STATIC);
        if (r.as_login)
            sqlite3_bind_text(ins, 4, r.as_login, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 4);
        sqlite3_bind_text(ins, 5, r.action, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, r.entity, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 7, r.entity_id, -1, SQLITE_STATIC);
        sqlite3_bind_null(ins, 8);
        if (r.before)
            sqlite3_bind_text(ins, 9, r.before, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 9);
        sqlite3_bind_null(ins, 10);
        sqlite3_bind_text(ins, 11, prev, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 12, stored, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            abort();
        memcpy(prev, hash, sizeof prev);
        n++;
    }
    sqlite3_finalize(ins);
    int64_t bad = 0, rows = 0;
    int rc = store_audit_verify(st, &bad, &rows, &err);
    bool tampered = tamper >= 1 && tamper <= n;
    /* the walk stops at the first broken row */
    if (tampered ? rc == SD_OK || bad != tamper || rows != tamper : rc != SD_OK || rows != n)
        abort();
    store_free(&st);
    free(text);
    return 0;
}
