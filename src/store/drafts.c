#include "config.h"

#include "core/clock.h"
#include "store/drafts.h"
#include "store/store_int.h"

int store_draft_save(struct store *st, const char *login, const char *kind, const char *data,
                     struct sd_err *err)
{
    int rc = store_begin(st, err);
    if (rc)
        return rc;
    struct db_stmt *s = db_prep(st, "INSERT INTO drafts (login, kind, data, updated_at) VALUES "
                                  "(:login, :kind, :data, :now) ON CONFLICT (login, kind) DO "
                                  "UPDATE SET data = excluded.data, updated_at = excluded.updated_at");
    db_bind_text(s, ":login", login);
    db_bind_text(s, ":kind", kind);
    db_bind_text(s, ":data", data);
    db_bind_int(s, ":now", clock_now());
    rc = db_exec_stmt(st, s, err);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

int store_draft_load(struct store *st, const char *login, const char *kind, char **data,
                     int64_t *updated_at, struct sd_err *err)
{
    struct db_stmt *s = db_prep(st, "SELECT data, updated_at FROM drafts "
                                  "WHERE login = :login AND kind = :kind");
    db_bind_text(s, ":login", login);
    db_bind_text(s, ":kind", kind);
    int rc = db_step(st, s, err);
    if (rc == DB_ROW) {
        *data = db_col_dup(s, 0);
        if (updated_at)
            *updated_at = db_col_int(s, 1);
        db_reset(s);
        return SD_OK;
    }
    db_reset(s);
    if (rc == DB_DONE)
        return sd_fail(err, SD_NOT_FOUND, NULL);
    return err ? (int)err->code : SD_STORE;
}

int store_draft_delete(struct store *st, const char *login, const char *kind,
                       struct sd_err *err)
{
    int rc = store_begin(st, err);
    if (rc)
        return rc;
    struct db_stmt *s = db_prep(st, "DELETE FROM drafts WHERE login = :login AND kind = :kind");
    db_bind_text(s, ":login", login);
    db_bind_text(s, ":kind", kind);
    rc = db_exec_stmt(st, s, err);
    if (rc) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}
