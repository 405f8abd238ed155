#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf/scorecard.h"
#include "conf/ydoc.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Ids are what reports and the database keep: lower-case letters, digits, - and _. */
static bool good_id(const char *s)
{
    if (!*s || strlen(s) > 40)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

static int get_id(const struct ydoc *d, const struct ynode *map, const char *key, char **out,
                  struct sd_err *err)
{
    int rc = yget_str(d, map, key, true, out, err);
    if (rc)
        return rc;
    if (!good_id(*out))
        return yfail(d, ymap_get(map, key), err,
                     _("'%s' is not an id: lower-case letters, digits, - and _, at most 40"), *out);
    return SD_OK;
}

static int parse_criterion(const struct ydoc *d, const struct ynode *n, struct mystery_criterion *c,
                           struct sd_err *err)
{
    static const char *const keys[] = {"id",       "label", "help", "scale", "weight",
                                       "critical", "na",    "good", "bad",   NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, _("a criterion"), err)) ||
        (rc = ycheck_keys(d, n, keys, err)) || (rc = get_id(d, n, "id", &c->id, err)) ||
        (rc = yget_str(d, n, "label", true, &c->label, err)) ||
        (rc = yget_str(d, n, "help", false, &c->help, err)))
        return rc;
    char *scale = NULL;
    if ((rc = yget_str(d, n, "scale", true, &scale, err)))
        return rc;
    rc = mystery_scale_parse(scale, &c->scale);
    free(scale);
    if (rc)
        return yfail(d, ymap_get(n, "scale"), err, _("scale is yesno, five or seconds"));
    int64_t v = 1;
    if ((rc = yget_int(d, n, "weight", false, 1, 100, &v, err)))
        return rc;
    c->weight = (int)v;
    if ((rc = yget_bool(d, n, "critical", false, &c->critical, err)) ||
        (rc = yget_bool(d, n, "na", false, &c->na_allowed, err)))
        return rc;
    if (c->scale != SCALE_SECONDS) {
        const struct ynode *g = ymap_get(n, "good") ? ymap_get(n, "good") : ymap_get(n, "bad");
        if (g)
            return yfail(d, g, err, _("good and bad belong to the seconds scale"));
        return SD_OK;
    }
    if ((rc = yget_int(d, n, "good", true, 0, 86400, &c->good, err)) ||
        (rc = yget_int(d, n, "bad", true, 1, 86400 * 7, &c->bad, err)))
        return rc;
    if (c->bad <= c->good)
        return yfail(d, ymap_get(n, "bad"), err, _("bad (%lld s) must be more than good (%lld s)"),
                     (long long)c->bad, (long long)c->good);
    return SD_OK;
}

static int parse_section(const struct ydoc *d, const struct ynode *n, struct scorecard *sc,
                         struct mystery_section *s, struct sd_err *err)
{
    static const char *const keys[] = {"name", "weight", "criteria", NULL};
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, _("a section"), err)) ||
        (rc = ycheck_keys(d, n, keys, err)) || (rc = yget_str(d, n, "name", true, &s->name, err)))
        return rc;
    int64_t w = 1;
    if ((rc = yget_int(d, n, "weight", false, 1, 1000, &w, err)))
        return rc;
    s->weight = (int)w;
    const struct ynode *c = ymap_get(n, "criteria");
    if (!c)
        return yfail(d, n, err, _("a section needs criteria"));
    if ((rc = yexpect(d, c, YNODE_SEQ, "criteria", err)))
        return rc;
    if (c->n == 0)
        return yfail(d, c, err, _("a section needs criteria"));
    s->c = xcalloc(c->n, sizeof *s->c);
    for (size_t i = 0; i < c->n; i++) {
        if ((rc = parse_criterion(d, c->items[i], &s->c[s->n++], err)))
            return rc;
        /* ids are unique over the whole card: reports answer them by id */
        const char *id = s->c[s->n - 1].id;
        bool dup = false;
        for (size_t k = 0; k < sc->n; k++) /* this section is the last of them */
            for (size_t j = 0; j < sc->s[k].n - (&sc->s[k] == s); j++)
                dup = dup || !strcmp(sc->s[k].c[j].id, id);
        if (dup)
            return yfail(d, ymap_get(c->items[i], "id"), err,
                         _("there is already a criterion %s on this scorecard"), id);
    }
    return SD_OK;
}

int scorecard_parse(const char *label, const char *text, size_t len, struct scorecard *sc,
                    struct sd_err *err)
{
    memset(sc, 0, sizeof *sc);
    struct ydoc *d = NULL;
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    static const char *const keys[] = {"scorecard", "title",    "version", "target",
                                       "channel",   "sections", NULL};
    const struct ynode *root = d->root;
    if (!root) {
        rc = yfail(d, NULL, err,
                   _("the file is empty: a scorecard needs scorecard, title, "
                     "version, target and sections"));
        goto out;
    }
    if ((rc = yexpect(d, root, YNODE_MAP, _("a scorecard"), err)) ||
        (rc = ycheck_keys(d, root, keys, err)) ||
        (rc = get_id(d, root, "scorecard", &sc->id, err)) ||
        (rc = yget_str(d, root, "title", true, &sc->title, err)) ||
        (rc = yget_str(d, root, "channel", false, &sc->channel, err)))
        goto out;
    int64_t v;
    if ((rc = yget_int(d, root, "version", true, 1, 1000000, &v, err)))
        goto out;
    sc->version = (int)v;
    char *target = NULL;
    if ((rc = yget_str(d, root, "target", true, &target, err)))
        goto out;
    rc = mystery_target_parse(target, &sc->target);
    free(target);
    if (rc) {
        rc = yfail(d, ymap_get(root, "target"), err, _("target is staff, competitor or courier"));
        goto out;
    }
    const struct ynode *s = ymap_get(root, "sections");
    if (!s) {
        rc = yfail(d, root, err, _("a scorecard needs sections"));
        goto out;
    }
    if ((rc = yexpect(d, s, YNODE_SEQ, "sections", err)))
        goto out;
    if (s->n == 0) {
        rc = yfail(d, s, err, _("a scorecard needs sections"));
        goto out;
    }
    sc->s = xcalloc(s->n, sizeof *sc->s);
    for (size_t i = 0; i < s->n && !rc; i++)
        rc = parse_section(d, s->items[i], sc, &sc->s[sc->n++], err);
out:
    ydoc_free(&d);
    if (rc)
        scorecard_free(sc);
    return rc;
}

int scorecard_load(const char *path, struct scorecard *sc, struct sd_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int e = file_read(path, YDOC_MAX_FILE, &text, &len);
    if (e) {
        memset(sc, 0, sizeof *sc);
        return sd_fail(err, e == ENOENT ? SD_NOT_FOUND : SD_IO, _("cannot read %s: %s"), path,
                       strerror(e));
    }
    int rc = scorecard_parse(path, text, len, sc, err);
    free(text);
    return rc;
}

int scorecard_by_id(const char *dir, const char *id, struct scorecard *sc, struct sd_err *err)
{
    memset(sc, 0, sizeof *sc);
    if (!good_id(id))
        return sd_fail(err, SD_INPUT, _("'%s' is not a scorecard id"), id);
    struct strbuf path = STRBUF_INIT;
    sb_addf(&path, "%s/%s.yaml", dir, id);
    int rc = scorecard_load(sb_str(&path), sc, err);
    if (rc == SD_OK && strcmp(sc->id, id)) {
        rc = sd_fail(err, SD_INPUT,
                     _("%s: holds scorecard %s, not %s (the file is named after "
                       "its id)"),
                     sb_str(&path), sc->id, id);
        scorecard_free(sc);
    } else if (rc == SD_NOT_FOUND) {
        struct strbuf have = STRBUF_INIT;
        DIR *dp = opendir(dir);
        struct dirent *e;
        while (dp && (e = readdir(dp))) {
            size_t l = strlen(e->d_name);
            if (l > 5 && !strcmp(e->d_name + l - 5, ".yaml") && e->d_name[0] != '.')
                sb_addf(&have, "%s%.*s", have.len ? ", " : "", (int)(l - 5), e->d_name);
        }
        if (dp)
            closedir(dp);
        rc = sd_fail(err, SD_NOT_FOUND, _("no scorecard %s in %s (there are: %s)"), id, dir,
                     have.len ? sb_str(&have) : "-");
        sb_free(&have);
    }
    sb_free(&path);
    return rc;
}
