#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "app/session.h"
#include "app/staff_ops.h"
#include "core/clock.h"
#include "core/role.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/i18n.h"

bool staff_login_valid(const char *login)
{
    size_t n = strlen(login);
    if (n == 0 || n > 32 || login[0] == '-')
        return false;
    for (const char *p = login; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static json_object *staff_json(const struct staff *m)
{
    char roles[128];
    json_object *o = json_object_new_object();
    json_object_object_add(o, "login", json_object_new_string(m->login));
    json_object_object_add(o, "name", json_object_new_string(m->name));
    json_object_object_add(o, "roles",
                           json_object_new_string(roles_format(m->roles, roles, sizeof roles)));
    json_object_object_add(o, "active", json_object_new_boolean(m->active));
    return o;
}

/* Common shape: check, begin, read the current row, change, audit, commit. */
static int change(struct session *s, const char *action, const char *login, const char *name,
                  unsigned roles, int mode, struct sd_err *err)
{
    enum { ADD, EDIT, REMOVE };
    int rc = session_require(s, SD_PERM_STAFF_MANAGE, err);
    if (rc)
        return rc;
    if (!staff_login_valid(login))
        return sd_fail(err, SD_INPUT, _("'%s' is not a valid login name"), login);
    if (name && !*name)
        return sd_fail(err, SD_INPUT, _("the name must not be empty"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct staff cur = {0}, next = {0};
    json_object *before = NULL, *after = NULL;
    int got = store_staff_get(s->st, login, &cur, err);
    if (got != SD_OK && got != SD_NOT_FOUND) {
        rc = got;
        goto fail;
    }
    bool exists = got == SD_OK;
    if (mode == ADD && exists && cur.active) {
        rc = sd_fail(err, SD_CONFLICT,
                     _("%s is already on the staff; change them with `shopdesk staff edit`"),
                     login);
        goto fail;
    }
    if (mode != ADD && (!exists || !cur.active)) {
        rc = sd_fail(err, SD_NOT_FOUND, _("%s is not on the staff"), login);
        goto fail;
    }
    next.login = (char *)login;
    next.name = (char *)(name ? name : exists ? cur.name : login);
    next.roles = roles ? roles : cur.roles;
    next.active = mode != REMOVE;
    next.created_at = exists ? cur.created_at : clock_now();
    /* An owner losing the owner role or leaving must not leave the shop without one. */
    bool was_owner = exists && cur.active && (cur.roles & SD_ROLE_OWNER);
    bool stays_owner = next.active && (next.roles & SD_ROLE_OWNER);
    if (was_owner && !stays_owner && store_staff_count_roles(s->st, SD_ROLE_OWNER) <= 1) {
        rc = sd_fail(err, SD_REFUSED, _("%s is the last owner; add another owner first"), login);
        goto fail;
    }
    if (exists)
        before = staff_json(&cur);
    after = staff_json(&next);
    if ((rc = store_staff_put(s->st, &next, err)) ||
        (rc = session_audit(s, action, "staff", login, 0, before, after, err)))
        goto fail;
    json_object_put(before);
    json_object_put(after);
    staff_clear(&cur);
    return store_commit(s->st, err);
fail:
    json_object_put(before);
    json_object_put(after);
    staff_clear(&cur);
    store_rollback(s->st);
    return rc;
}

int staff_add(struct session *s, const char *login, const char *name, unsigned roles,
              struct sd_err *err)
{
    if (!roles)
        return sd_fail(err, SD_INPUT, _("no roles given"));
    return change(s, "staff.add", login, name, roles, 0, err);
}

int staff_edit(struct session *s, const char *login, const char *name, unsigned roles,
               struct sd_err *err)
{
    return change(s, "staff.edit", login, name, roles, 1, err);
}

int staff_remove(struct session *s, const char *login, struct sd_err *err)
{
    return change(s, "staff.remove", login, NULL, 0, 2, err);
}
