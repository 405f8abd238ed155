#include "config.h"

#include <errno.h>
#include <grp.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/audit_anchor.h"
#include "app/demo.h"
#include "app/import.h"
#include "app/paths.h"
#include "app/session.h"
#include "app/settings_guard.h"
#include "app/shop.h"
#include "conf/ydoc.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/audit.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

char *session_shop_dir(const struct session_opts *o)
{
    if (o->demo)
        return path_join(paths_cachedir(), "demo");
    if (o->shop)
        return xstrdup(o->shop);
    if (o->db && !store_target_is_server(o->db))
        return path_dirname(o->db);
    const char *env = paths_getenv("SHOPDESK_SHOP");
    if (env)
        return xstrdup(env);
    return xstrdup(paths_default_shop());
}

/* A permission problem on the shop names the group that owns it: that is what the person
 * must ask to join. */
static int access_fail(const char *path, int e, struct sd_err *err)
{
    struct stat sb;
    const char *login = paths_login();
    if (e == EACCES && stat(path, &sb) == 0) {
        struct group *g = getgrgid(sb.st_gid);
        if (g)
            return sd_fail(err, SD_IO,
                           _("cannot open the shop %s: permission denied; it belongs to group "
                             "'%s' (ask the owner to run: usermod -aG %s %s, then log in "
                             "again)"),
                           path, g->gr_name, g->gr_name, login ? login : "LOGIN");
    }
    return sd_fail(err, SD_IO, _("cannot open the shop %s: %s"), path, strerror(e));
}

/* A setgid shopdesk (README, "A shared host") opens, with its group's rights, only shops of
 * that group, by directory: not a database file named directly. */
static int secure_shop_check(const struct session_opts *o, struct session *s, struct sd_err *err)
{
    if (o->db && !o->shop)
        return sd_fail(err, SD_USAGE,
                       _("--db is not available in a setgid shopdesk; name the shop with --shop "
                         "DIR"));
    struct stat sb;
    if (stat(s->shop_dir, &sb) != 0)
        return SD_OK; /* the usual messages follow */
    if (sb.st_gid != getegid() || !S_ISDIR(sb.st_mode)) {
        struct group *g = getgrgid(getegid());
        return sd_fail(err, SD_FORBIDDEN,
                       _("%s is not a shop of group '%s': this shopdesk is installed setgid and "
                         "opens only that group's shops"),
                       s->shop_dir, g ? g->gr_name : "?");
    }
    return SD_OK;
}

/* A setgid shopdesk reaches a shop on a database server by the connection its shop.yaml
 * names, and by nothing the person sets: not --db, not libpq's PG* variables (PGHOST,
 * PGSERVICEFILE, PGOPTIONS, ...), which are removed from the environment. shop.yaml must be
 * a file of the shop's group that nobody outside it can write. Connecting, the client
 * library reads the person's files (~/.pgpass, client keys) with the person's own group.
 * Who they are to the server is their own login, as without setgid. */
static int secure_server(struct session *s, bool db_given, struct sd_err *err)
{
    if (db_given)
        return sd_fail(err, SD_USAGE,
                       _("--db is not available in a setgid shopdesk; the shop's shop.yaml "
                         "names its database"));
    struct stat sb;
    if (lstat(s->set.path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_gid != getegid() ||
        (sb.st_mode & S_IWOTH)) {
        struct group *g = getgrgid(getegid());
        return sd_fail(err, SD_FORBIDDEN,
                       _("%s must be a file of group '%s' that others cannot write: a setgid "
                         "shopdesk takes the shop's database from it alone"),
                       s->set.path, g ? g->gr_name : "?");
    }
    extern char **environ;
    size_t n = 0;
    for (char **e = environ; e && *e; e++)
        n++;
    char **names = xcalloc(n + 1, sizeof *names);
    size_t k = 0;
    for (char **e = environ; e && *e; e++)
        if (!strncmp(*e, "PG", 2) && strchr(*e, '='))
            names[k++] = xstrndup(*e, (size_t)(strchr(*e, '=') - *e));
    for (size_t i = 0; i < k; i++) {
        unsetenv(names[i]);
        free(names[i]);
    }
    free(names);
    store_set_connect_guard(paths_user_begin, paths_user_end);
    return SD_OK;
}

/* The database must be the shop's own file: not a link to another shop's (which would pair
 * that shop with settings beside the link), not a second name of one (a hard link), and in
 * a setgid shopdesk, the group's. */
static int db_file_check(struct session *s, struct sd_err *err)
{
    struct stat sb;
    if (lstat(s->db_path, &sb) != 0)
        return SD_OK; /* the usual messages follow */
    if (S_ISLNK(sb.st_mode))
        return sd_fail(err, SD_FORBIDDEN,
                       _("%s is a symbolic link: a shop's database must be the file itself, in "
                         "the shop's directory"),
                       s->db_path);
    if (!S_ISREG(sb.st_mode))
        return sd_fail(err, SD_FORBIDDEN, _("%s is not a regular file"), s->db_path);
    if (sb.st_nlink > 1)
        return sd_fail(err, SD_FORBIDDEN,
                       _("%s has other names (hard links): a shop's database must have one name, "
                         "in the shop's directory"),
                       s->db_path);
    if (paths_secure() && !s->demo && sb.st_gid != getegid()) {
        struct group *g = getgrgid(getegid());
        return sd_fail(err, SD_FORBIDDEN,
                       _("%s is not a shop of group '%s': this shopdesk is installed setgid and "
                         "opens only that group's shops"),
                       s->db_path, g ? g->gr_name : "?");
    }
    return SD_OK;
}

/* The database remembers the directory it belongs to. Opened from another (moved, or
 * reached some other way), an owner's session takes it to the new place (audited); anyone
 * else is refused. */
static int shop_home(struct session *s, bool writable, struct sd_err *err)
{
    char *here = realpath(s->shop_dir, NULL);
    if (!here)
        return SD_OK;
    char *home = store_kv_get(s->st, "shop.dir");
    int rc = SD_OK;
    if (home && !strcmp(home, here))
        goto out;
    if (home && !(s->roles & SD_ROLE_OWNER)) {
        rc = sd_fail(err, SD_FORBIDDEN,
                     _("%s belongs to the shop at %s, not %s; if the shop was moved, an owner "
                       "opens it once at its new place"),
                     s->db_path, home, here);
        goto out;
    }
    if (!writable || store_begin(s->st, NULL) != SD_OK)
        goto out;
    struct sd_err ignored = {0};
    json_object *before = NULL, *after = json_object_new_object();
    json_object_object_add(after, "dir", json_object_new_string(here));
    if (home) {
        before = json_object_new_object();
        json_object_object_add(before, "dir", json_object_new_string(home));
    }
    if (store_kv_set(s->st, "shop.dir", here, &ignored) ||
        (home && session_audit(s, "shop.moved", "shop", here, 0, before, after, &ignored)) ||
        store_commit(s->st, &ignored))
        store_rollback(s->st);
    json_object_put(before);
    json_object_put(after);
out:
    free(home);
    free(here);
    return rc;
}

int session_open(const struct session_opts *o, struct session *s, struct sd_err *err)
{
    memset(s, 0, sizeof *s);
    int rc = SD_OK;
    char *text = NULL; /* shop.yaml as read */
    /* The demo is the person's own shop, made and opened with their rights alone: a setgid
     * shopdesk gives up the shop's group before it even looks for it. */
    if (o->demo)
        paths_drop_group();
    s->demo = o->demo;
    s->shop_dir = session_shop_dir(o);
    /* --db: a file (its directory the shop, unless --shop names one) or a server's database
     * (the shop's settings from --shop or the usual places) */
    bool db_given = o->db && !o->demo && (!o->shop || store_target_is_server(o->db));
    s->db_path = db_given ? xstrdup(o->db) : path_join(s->shop_dir, "shop.db");
    const char *login = paths_login();
    if (!login) {
        rc = sd_fail(err, SD_NOT_STAFF, _("cannot tell who you are (no login for uid %d)"),
                     (int)getuid());
        goto fail;
    }
    s->login = xstrdup(login);

    if (o->demo && (o->demo_reset || !path_exists(s->db_path) || path_is_link(s->shop_dir))) {
        if ((rc = demo_create(s->shop_dir, s->login, err)))
            goto fail;
    }

    if (paths_secure() && !o->demo && (rc = secure_shop_check(o, s, err)))
        goto fail;

    if (!path_exists(s->shop_dir)) {
        if (errno == EACCES) {
            rc = access_fail(s->shop_dir, errno, err);
            goto fail;
        }
        rc = sd_fail(err, SD_NO_SHOP,
                     _("no shop at %s: create one with `shopdesk init %s`, choose one with "
                       "--shop DIR, or try `shopdesk --demo`"),
                     s->shop_dir, s->shop_dir);
        goto fail;
    }
    if (paths_access(s->shop_dir, R_OK | X_OK) != 0) {
        rc = access_fail(s->shop_dir, errno, err);
        goto fail;
    }
    char *yaml = path_join(s->shop_dir, "shop.yaml");
    struct sd_err serr = {0};
    size_t text_len = 0;
    bool parsed_ok = true;
    int e = path_exists(yaml) ? file_read(yaml, YDOC_MAX_FILE, &text, &text_len) : ENOENT;
    if (e == ENOENT) {
        settings_defaults(&s->set);
        s->set.path = yaml;
        yaml = NULL;
    } else if (e) {
        settings_defaults(&s->set);
        s->set.path = xstrdup(yaml);
        sd_fail(&serr, SD_IO, _("cannot read %s: %s"), yaml, strerror(e));
        parsed_ok = false;
    } else if (settings_parse(yaml, text, text_len, &s->set, &serr)) {
        parsed_ok = false;
    }
    if (!parsed_ok && !o->allow_bad_settings) {
        rc = sd_fail(err, serr.code, "%s", serr.msg);
        free(yaml);
        goto fail;
    }
    free(yaml);
    /* a shop on a database server: shop.yaml names it (or --db does), and the file checks
     * below are the server's to make (its roles and logins) */
    if (!db_given && s->set.database) {
        free(s->db_path);
        s->db_path = xstrdup(s->set.database);
    }
    bool server = store_target_is_server(s->db_path);
    if (server && paths_secure() && (rc = secure_server(s, db_given, err)))
        goto fail;
    if (!server && !path_exists(s->db_path)) {
        rc = sd_fail(err, SD_NO_SHOP,
                     _("%s is not a shop (no shop.db): create one with `shopdesk init %s`"),
                     s->shop_dir, s->shop_dir);
        goto fail;
    }
    if (!server && (rc = db_file_check(s, err)))
        goto fail;
    if (!server && paths_access(s->db_path, R_OK | (o->readonly ? 0 : W_OK)) != 0 &&
        (errno != EROFS || paths_access(s->db_path, R_OK) != 0)) {
        /* a read-only file system is read (writes then say why), not refused */
        rc = access_fail(s->db_path, errno, err);
        goto fail;
    }

    tz_use(s->set.timezone);
    money_home(s->set.currency);

    if ((rc = store_open(s->db_path, o->readonly ? STORE_READONLY : 0, &s->st, err)))
        goto fail;
    /* each head this session's commits leave goes to the system log (not the demo's) */
    if (!o->demo)
        audit_anchor_install(s);

    struct staff me;
    rc = store_staff_get(s->st, s->login, &me, err);
    if (rc == SD_NOT_FOUND || (rc == SD_OK && !me.active)) {
        staff_clear(&me);
        rc = sd_fail(err, SD_NOT_STAFF,
                     _("%s is not on the staff of %s; the owner can add you with: shopdesk "
                       "staff add %s --name NAME --roles ROLES"),
                     s->login, s->set.name, s->login);
        goto fail;
    }
    if (rc)
        goto fail;
    s->roles = me.roles;
    s->name = xstrdup(me.name);
    staff_clear(&me);
    s->who = s->login;

    bool writable = !o->readonly && !store_is_readonly(s->st);
    if (!server && (rc = shop_home(s, writable, err)))
        goto fail;
    /* the money rules in force are the ones the database's owner accepted */
    rc = settings_guard(s, text, text_len, parsed_ok, (s->roles & SD_ROLE_OWNER) != 0, writable,
                        err);
    if (rc)
        goto fail;
    if (writable) {
        /* an import killed between its steps left part of a file in the shop: out with it
         * before anyone works with those orders (a failure here is tried again next time) */
        int undone = 0;
        struct sd_err ignored = {0};
        import_recover(s, &undone, &ignored);
    }

    if (o->as && strcmp(o->as, s->login) != 0) {
        if (!(s->roles & SD_ROLE_OWNER)) {
            /* Audit the attempt; ignore a read-only store. */
            struct sd_err ignored;
            if (!o->readonly && store_begin(s->st, &ignored) == SD_OK) {
                json_object *after = json_object_new_object();
                json_object_object_add(after, "as", json_object_new_string(o->as));
                session_audit(s, "denied:act-as", "staff", o->as, 0, NULL, after, &ignored);
                json_object_put(after);
                if (store_commit(s->st, &ignored))
                    store_rollback(s->st);
            }
            rc = sd_fail(err, SD_FORBIDDEN,
                         _("only an owner can act as another staff member (--as %s)"), o->as);
            goto fail;
        }
        struct staff other;
        rc = store_staff_get(s->st, o->as, &other, err);
        if (rc == SD_NOT_FOUND || (rc == SD_OK && !other.active)) {
            staff_clear(&other);
            rc = sd_fail(err, SD_NOT_STAFF, _("%s is not on the staff of %s"), o->as, s->set.name);
            goto fail;
        }
        if (rc)
            goto fail;
        s->as_login = xstrdup(o->as);
        s->who = s->as_login;
        s->roles = other.roles;
        free(s->name);
        s->name = xstrdup(other.name);
        staff_clear(&other);
    }
    free(text);
    return SD_OK;

fail:
    free(text);
    session_close(s);
    return rc;
}

void session_close(struct session *s)
{
    store_free(&s->st);
    settings_clear(&s->set);
    free(s->shop_dir);
    free(s->db_path);
    free(s->login);
    free(s->as_login);
    free(s->name);
    free(s->settings_note);
    free(s->db_real);
    memset(s, 0, sizeof *s);
}

static const char *json_text(struct json_object *o)
{
    return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE)
             : NULL;
}

int session_audit(struct session *s, const char *action, const char *entity, const char *entity_id,
                  int64_t order_id, struct json_object *before, struct json_object *after,
                  struct sd_err *err)
{
    struct audit_entry e = {
        .login = s->login,
        .as_login = s->as_login,
        .action = action,
        .entity = entity,
        .entity_id = entity_id,
        .order_id = order_id,
        .before = json_text(before),
        .after = json_text(after),
    };
    return store_audit_add(s->st, &e, err);
}

int session_require(struct session *s, enum sd_perm perm, struct sd_err *err)
{
    if (perm_allowed(s->roles, perm))
        return SD_OK;
    char action[64], roles[128];
    snprintf(action, sizeof action, "denied:%s", perm_key(perm));
    struct sd_err ignored;
    if (!store_txn_where(s->st) && store_begin(s->st, &ignored) == SD_OK) {
        if (session_audit(s, action, "permission", perm_key(perm), 0, NULL, NULL, &ignored) ||
            store_commit(s->st, &ignored))
            store_rollback(s->st);
    }
    roles_label(perm_roles(perm), roles, sizeof roles);
    return sd_fail(err, SD_FORBIDDEN, _("not allowed: %s needs one of these roles: %s"),
                   s->plain_words ? perm_label(perm) : perm_key(perm), roles);
}

int session_work(struct session *s, enum work_phase phase, int64_t done, int64_t total,
                 struct sd_err *err)
{
    if (s->watch.show)
        s->watch.show(s->watch.arg, phase, done, total);
    if (s->watch.stopping && s->watch.stopping(s->watch.arg))
        return sd_fail(err, SD_CANCELLED, "%s", _("stopped"));
    return SD_OK;
}

void session_watch(struct session *s, void (*show)(void *, enum work_phase, int64_t, int64_t),
                   bool (*stopping)(void *), void *arg)
{
    s->watch = (struct work_watch){show, stopping, arg};
    if (s->st)
        store_set_cancel(s->st, stopping, arg);
}

const char *session_display(const struct session *s)
{
    return s->name && *s->name ? s->name : s->who;
}

int session_reload_settings(struct session *s, struct sd_err *err)
{
    struct settings fresh;
    char *path = xstrdup(s->set.path ? s->set.path : "shop.yaml");
    int rc = settings_load(path, &fresh, err);
    free(path);
    if (rc) {
        settings_clear(&fresh);
        return rc;
    }
    settings_clear(&s->set);
    s->set = fresh;
    tz_use(s->set.timezone);
    money_home(s->set.currency);
    return SD_OK;
}
