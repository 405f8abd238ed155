#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/migrate.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static void forget_file(const char *path)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        char *p = xasprintf("%s%s", path, ext[i]);
        unlink(p);
        free(p);
    }
}

static void tick(void *arg, int64_t done, int64_t total)
{
    session_work(arg, WORK_COPYING, done, total, NULL);
}

int shop_migrate(struct session *s, const char *to, struct copy_report *rep, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_SETTINGS, err);
    if (rc)
        return rc;
    bool here = store_target_is_server(s->db_path), there = store_target_is_server(to);
    if (here == there)
        return sd_fail(err, SD_USAGE,
                       here ? _("this shop is on PostgreSQL (%s): --to names a file to move it "
                                "back into")
                            : _("--to names a PostgreSQL database (postgresql://HOST/NAME or "
                                "\"dbname=NAME\") to move this shop into"),
                       store_label(s->st));
    /* a link planted where the file goes would send the shop elsewhere: refused as well */
    if (!there && (path_exists(to) || path_is_link(to)))
        return sd_fail(err, SD_CONFLICT, _("%s exists; a shop moves back into a new file"), to);
    struct store *dst = NULL;
    if ((rc = store_open(to, STORE_CREATE, &dst, err))) {
        if (!there)
            forget_file(to);
        return rc;
    }
    /* a stop asked while the new database works stops it too */
    store_set_cancel(dst, s->watch.stopping, s->watch.arg);
    if ((rc = store_copy_shop(s->st, dst, rep, tick, s, err))) {
        store_free(&dst);
        if (!there) /* a new file that did not become the shop is not left behind */
            forget_file(to);
        return rc;
    }
    session_work(s, WORK_COPYING, rep->rows, rep->total, NULL);
    /* the move, in the new database's log: who, from where, what was compared */
    json_object *after = json_object_new_object();
    json_object_object_add(after, "from", json_object_new_string(store_label(s->st)));
    json_object_object_add(after, "to", json_object_new_string(store_label(dst)));
    json_object_object_add(after, "rows", json_object_new_int64(rep->rows));
    json_object_object_add(after, "audit_rows", json_object_new_int64(rep->audit_rows));
    struct audit_entry ae = {
        .login = s->login,
        .as_login = s->as_login,
        .action = "shop.migrate",
        .entity = "shop",
        .entity_id = s->shop_dir,
        .after = json_object_to_json_string_ext(after, JSON_C_TO_STRING_PLAIN |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE),
    };
    if (!(rc = store_begin(dst, err))) {
        if ((rc = store_audit_add(dst, &ae, err)))
            store_rollback(dst);
        else
            rc = store_commit(dst, err);
    }
    json_object_put(after);
    store_free(&dst);
    return rc;
}
