#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/role.h"
#include "store/staff.h"
#include "store/store_int.h"
#include "util/xalloc.h"

void staff_clear(struct staff *s)
{
    free(s->login);
    free(s->name);
    memset(s, 0, sizeof *s);
}

static void read_row(struct db_stmt *s, struct staff *out)
{
    out->login = db_col_dup(s, 0);
    out->name = db_col_dup(s, 1);
    unsigned mask = 0;
    /* Roles are text so owners can read them in the sqlite3 shell; unknown words are
     * ignored rather than granting anything. */
    const char *roles = db_col_text(s, 2);
    char *copy = xstrdup(roles), *save = NULL;
    for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        unsigned m;
        if (roles_parse(tok, &m, NULL) == SD_OK)
            mask |= m;
    }
    free(copy);
    out->roles = mask;
    out->active = db_col_int(s, 3) != 0;
    out->created_at = db_col_int(s, 4);
}

int store_staff_get(struct store *st, const char *login, struct staff *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *s = db_prep(st, "SELECT login, name, roles, active, created_at FROM staff "
                                  "WHERE login = :login");
    db_bind_text(s, ":login", login);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        read_row(s, out);
        db_reset(s);
        return SD_OK;
    }
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return err ? err->code : SD_STORE;
}

int store_staff_put(struct store *st, const struct staff *in, struct sd_err *err)
{
    db_require_write(st, "store_staff_put");
    char roles[128];
    roles_format(in->roles, roles, sizeof roles);
    struct db_stmt *s = db_prep(st, "INSERT INTO staff (login, name, roles, active, created_at) "
                                  "VALUES (:login, :name, :roles, :active, :created_at) "
                                  "ON CONFLICT (login) DO UPDATE SET name = excluded.name, "
                                  "roles = excluded.roles, active = excluded.active");
    db_bind_text(s, ":login", in->login);
    db_bind_text(s, ":name", in->name);
    db_bind_text(s, ":roles", roles);
    db_bind_int(s, ":active", in->active ? 1 : 0);
    db_bind_int(s, ":created_at", in->created_at);
    int rc = db_exec_stmt(st, s, err);
    if (rc || !DB_PG(st))
        return rc;
    /* on PostgreSQL the login's rights on the server follow its shopdesk roles */
    s = db_prep(st, "SELECT shopdesk_grant(:login, :roles, :active = 1)");
    db_bind_text(s, ":login", in->login);
    db_bind_text(s, ":roles", roles);
    db_bind_int(s, ":active", in->active ? 1 : 0);
    return db_exec_stmt(st, s, err);
}

int store_staff_list(struct store *st, struct staff **out, size_t *n, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT login, name, roles, active, created_at FROM staff "
                                  "ORDER BY active DESC, login");
    size_t cap = 8, count = 0;
    struct staff *list = xcalloc(cap, sizeof *list);
    int rc;
    while ((rc = db_step(st, s, err)) == DB_ROW) {
        if (count == cap) {
            cap *= 2;
            list = xrealloc(list, cap * sizeof *list);
        }
        read_row(s, &list[count++]);
    }
    db_reset(s);
    if (rc != DB_DONE) {
        for (size_t i = 0; i < count; i++)
            staff_clear(&list[i]);
        free(list);
        return err ? err->code : SD_STORE;
    }
    *out = list;
    *n = count;
    return SD_OK;
}

int store_staff_count_roles(struct store *st, unsigned mask)
{
    struct staff *list;
    size_t n;
    if (store_staff_list(st, &list, &n, NULL))
        return 0;
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (list[i].active && (list[i].roles & mask))
            count++;
        staff_clear(&list[i]);
    }
    free(list);
    return count;
}
