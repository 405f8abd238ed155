#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/paths.h"
#include "app/settings_guard.h"
#include "app/shop.h"
#include "conf/settings.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/role.h"
#include "store/audit.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static bool dir_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            empty = false;
            break;
        }
    closedir(d);
    return empty;
}

/* YAML double-quoted scalar. */
static void yaml_quote(struct strbuf *sb, const char *s)
{
    sb_addch(sb, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_addch(sb, '\\');
        if (*s == '\n')
            sb_adds(sb, "\\n");
        else
            sb_addch(sb, *s);
    }
    sb_addch(sb, '"');
}

/* The template with the shop: block's name, currency and timezone lines replaced. */
static char *settings_text(const char *tmpl, const struct shop_init_opts *o)
{
    struct strbuf out = STRBUF_INIT;
    const char *p = tmpl;
    bool done_name = false, done_cur = false, done_tz = false;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);
        if (!done_name && o->name && !strncmp(p, "  name:", 7)) {
            sb_adds(&out, "  name: ");
            yaml_quote(&out, o->name);
            sb_addch(&out, '\n');
            done_name = true;
        } else if (!done_cur && o->currency && !strncmp(p, "  currency:", 11)) {
            sb_addf(&out, "  currency: %s\n", o->currency);
            done_cur = true;
        } else if (!done_tz && (o->timezone || o->database) && !strncmp(p, "  timezone:", 11)) {
            if (o->timezone)
                sb_addf(&out, "  timezone: %s\n", o->timezone);
            else
                sb_add(&out, p, len);
            if (o->database) {
                sb_adds(&out, "  # the shop's database, on PostgreSQL (README, \"Moving to "
                              "PostgreSQL\")\n  database: ");
                yaml_quote(&out, o->database);
                sb_addch(&out, '\n');
            }
            done_tz = true;
        } else {
            sb_add(&out, p, len);
        }
        p += len;
    }
    return sb_detach(&out);
}

/* An empty directory the person made for the shop becomes the group's (2770), through its
 * descriptor and only if it is the person's own: never through a link. */
static int dir_share(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat sb;
    int e = 0;
    if (fstat(fd, &sb) < 0)
        e = errno;
    else if (sb.st_uid == geteuid() && fchmod(fd, 02770) < 0)
        e = errno;
    close(fd);
    return e;
}

/* The language the owner reads: "zh_CN", "zh_TW" or "" (English), from the locale. */
static const char *shop_language(void)
{
    const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (!v || !*v)
            continue;
        if (!strncmp(v, "zh_TW", 5) || !strncmp(v, "zh_HK", 5) || !strncmp(v, "zh_MO", 5))
            return "zh_TW";
        if (!strncmp(v, "zh", 2))
            return "zh_CN";
        if (strcmp(v, "C") && strcmp(v, "POSIX") && strncmp(v, "C.", 2))
            return "";
    }
    return "";
}

/* Copy the shipped YAML files of from into to (only the one named only, when given). */
static int copy_dir(const char *from, const char *to, const char *only, struct sd_err *err)
{
    int e = dir_create(to, 02770);
    if (e)
        return sd_fail(err, SD_IO, _("cannot create %s: %s"), to, strerror(e));
    DIR *d = opendir(from);
    if (!d)
        return SD_OK; /* nothing shipped there */
    struct dirent *ent;
    int rc = SD_OK;
    while (rc == SD_OK && (ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 6 || strcmp(ent->d_name + n - 5, ".yaml") != 0 ||
            (only && strcmp(ent->d_name, only) != 0))
            continue;
        char *src = path_join(from, ent->d_name), *dst = path_join(to, ent->d_name);
        char *buf;
        size_t len;
        if ((e = file_read(src, 0, &buf, &len)) == 0) {
            if ((e = file_write_atomic(dst, buf, len, 0660)))
                rc = sd_fail(err, SD_IO, _("cannot write %s: %s"), dst, strerror(e));
            free(buf);
        }
        free(src);
        free(dst);
    }
    closedir(d);
    return rc;
}

int shop_init(const struct shop_init_opts *o, struct sd_err *err)
{
    if (o->currency && !currency_find(o->currency))
        return sd_fail(err, SD_INPUT,
                       _("unknown currency '%s' (use an ISO 4217 code such as CNY or USD)"),
                       o->currency);
    if (o->timezone && !tz_exists(o->timezone))
        return sd_fail(err, SD_INPUT, _("unknown time zone '%s' (for example Asia/Shanghai)"),
                       o->timezone);
    if (o->name && !o->name[0])
        return sd_fail(err, SD_INPUT, _("the shop needs a name"));
    if (o->database && !store_target_is_server(o->database))
        return sd_fail(err, SD_USAGE,
                       _("--database names a PostgreSQL database (postgresql://HOST/NAME or "
                         "\"dbname=NAME\")"));

    char *db = o->database ? xstrdup(o->database) : path_join(o->dir, "shop.db");
    bool existed = path_is_dir(o->dir);
    int rc = SD_OK;
    char *yaml_path = NULL, *tmpl_path = NULL, *tmpl = NULL, *text = NULL;
    struct store *st = NULL;
    if (!o->database && path_exists(db)) {
        rc = sd_fail(err, SD_CONFLICT, _("%s is already a shop; nothing was changed"), o->dir);
        goto out_keep;
    }
    if (existed && !dir_empty(o->dir)) {
        rc = sd_fail(err, SD_CONFLICT,
                     _("%s exists and is not empty; choose a new directory for the shop"),
                     o->dir);
        goto out_keep;
    }
    if (!existed && path_exists(o->dir)) {
        rc = sd_fail(err, SD_CONFLICT, _("%s exists and is not a directory"), o->dir);
        goto out_keep;
    }
    int e = dir_create(o->dir, 02770);
    if (!e && existed)
        e = dir_share(o->dir);
    if (e) {
        rc = sd_fail(err, SD_IO, _("cannot create %s: %s"), o->dir, strerror(e));
        goto out_keep;
    }

    tmpl_path = path_join(paths_datadir(), "data/shop.yaml");
    if ((e = file_read(tmpl_path, 0, &tmpl, NULL))) {
        rc = sd_fail(err, SD_IO, _("cannot read the shipped defaults %s: %s"), tmpl_path,
                     strerror(e));
        goto fail;
    }
    text = settings_text(tmpl, o);
    yaml_path = path_join(o->dir, "shop.yaml");
    struct settings check;
    rc = settings_parse(yaml_path, text, strlen(text), &check, err);
    settings_clear(&check);
    if (rc)
        goto fail;
    if ((e = file_write_atomic(yaml_path, text, strlen(text), 0660))) {
        rc = sd_fail(err, SD_IO, _("cannot write %s: %s"), yaml_path, strerror(e));
        goto fail;
    }
    /* the scorecards to edit, in the owner's language when shopdesk ships them in it; of the
     * mappings only the example (the platforms' shipped mappings are read where they are
     * installed, so an update of shopdesk updates them) */
    static const char *const dirs[] = {"scorecards", "mappings"};
    static const char *const only[] = {NULL, "generic.yaml"};
    const char *lang = shop_language();
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char *from = xasprintf("%s/data/%s", paths_datadir(), dirs[i]);
        if (i == 0 && lang[0]) {
            char *localized = xasprintf("%s/%s", from, lang);
            if (path_is_dir(localized)) {
                free(from);
                from = localized;
            } else {
                free(localized);
            }
        }
        char *to = path_join(o->dir, dirs[i]);
        rc = copy_dir(from, to, only[i], err);
        free(from);
        free(to);
        if (rc)
            goto fail;
    }

    if ((rc = store_open(db, STORE_CREATE, &st, err)))
        goto fail;
    if ((rc = store_begin(st, err)))
        goto fail;
    char *made = store_kv_get(st, "created_at");
    if (made) { /* a database that already holds a shop is never made again */
        free(made);
        store_rollback(st);
        store_free(&st);
        rc = sd_fail(err, SD_CONFLICT, _("%s already holds a shop; nothing was changed"),
                     o->database ? o->database : db);
        goto fail;
    }
    struct staff owner = {
        .login = (char *)o->owner,
        .name = (char *)(o->owner_name ? o->owner_name : o->owner),
        .roles = SD_ROLE_OWNER,
        .active = true,
        .created_at = clock_now(),
    };
    char created[32];
    snprintf(created, sizeof created, "%lld", (long long)clock_now());
    json_object *after = json_object_new_object();
    json_object_object_add(after, "shop", json_object_new_string(o->name ? o->name : "My shop"));
    json_object_object_add(after, "owner", json_object_new_string(o->owner));
    struct audit_entry ae = {
        .login = o->owner,
        .action = "shop.init",
        .entity = "shop",
        .entity_id = o->dir,
        .after = json_object_to_json_string_ext(after, JSON_C_TO_STRING_PLAIN |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE),
    };
    if ((rc = store_staff_put(st, &owner, err)) || (rc = store_kv_set(st, "created_at", created, err)) ||
        (rc = settings_guard_init(st, text, err)) ||
        (rc = store_audit_add(st, &ae, err))) {
        json_object_put(after);
        store_rollback(st);
        goto fail;
    }
    json_object_put(after);
    if ((rc = store_commit(st, err)))
        goto fail;
    store_free(&st);
    goto out_keep;

fail:
    store_free(&st);
    if (existed) {
        /* leave the empty directory the person made, but nothing in it */
        DIR *d = opendir(o->dir);
        if (d) {
            struct dirent *ent;
            while ((ent = readdir(d))) {
                if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
                    continue;
                char *p = path_join(o->dir, ent->d_name);
                dir_remove_tree(p);
                free(p);
            }
            closedir(d);
        }
    } else {
        dir_remove_tree(o->dir);
    }
out_keep:
    free(db);
    free(yaml_path);
    free(tmpl_path);
    free(tmpl);
    free(text);
    return rc;
}
