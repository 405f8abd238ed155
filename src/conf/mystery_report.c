#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/mystery_report.h"
#include "conf/scorecard.h"
#include "conf/ydoc.h"
#include "core/tz.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/xalloc.h"

static int parse_scores(const struct ydoc *d, const struct ynode *n, const struct scorecard *sc,
                        struct mystery_report *r, struct sd_err *err)
{
    int rc;
    if ((rc = yexpect(d, n, YNODE_MAP, "scores", err)))
        return rc;
    for (size_t i = 0; i < n->n; i++) {
        const struct ynode *key = n->keys[i], *v = n->items[i];
        long k = scorecard_find(sc, key->value);
        if (k < 0)
            return yfail(d, key, err, _("%s has no criterion %s"), sc->id, key->value);
        const struct ynode *answer = v, *note = NULL;
        if (v->kind == YNODE_MAP) {
            static const char *const keys[] = {"answer", "evidence", NULL};
            if ((rc = ycheck_keys(d, v, keys, err)))
                return rc;
            answer = ymap_get(v, "answer");
            note = ymap_get(v, "evidence");
            if (!answer)
                return yfail(d, v, err, _("missing key '%s'"), "answer");
            if (note && (rc = yexpect(d, note, YNODE_SCALAR, "evidence", err)))
                return rc;
        }
        if ((rc = yexpect(d, answer, YNODE_SCALAR, _("an answer"), err)))
            return rc;
        struct sd_err why = {0};
        const struct mystery_criterion *c = scorecard_criterion(sc, (size_t)k, NULL);
        if (mystery_answer_parse(c, answer->value, &r->answers[k], &why))
            return yfail(d, answer, err, "%s", why.msg);
        if (note) {
            free(r->notes[k]);
            r->notes[k] = xstrdup(note->value);
        }
    }
    return SD_OK;
}

static int parse_evidence(const struct ydoc *d, const struct ynode *n, const char *base,
                          struct mystery_report *r, struct sd_err *err)
{
    int rc;
    if ((rc = yexpect(d, n, YNODE_SEQ, "evidence", err)))
        return rc;
    r->files = xcalloc(n->n ? n->n : 1, sizeof *r->files);
    for (size_t i = 0; i < n->n; i++) {
        const struct ynode *p = n->items[i];
        if (p->kind == YNODE_MAP) {
            static const char *const keys[] = {"path", NULL};
            if ((rc = ycheck_keys(d, p, keys, err)))
                return rc;
            p = ymap_get(p, "path");
            if (!p)
                return yfail(d, n->items[i], err, _("missing key '%s'"), "path");
        }
        if ((rc = yexpect(d, p, YNODE_SCALAR, _("a file path"), err)))
            return rc;
        if (!p->value[0])
            return yfail(d, p, err, _("an empty path"));
        struct mystery_evidence *e = &r->files[r->nfiles++];
        e->path = p->value[0] == '/' ? xstrdup(p->value) : path_join(base, p->value);
        e->line = p->line;
        e->col = p->col;
    }
    return SD_OK;
}

static int parse_actions(const struct ydoc *d, const struct ynode *n, struct mystery_report *r,
                         struct sd_err *err)
{
    int rc;
    if ((rc = yexpect(d, n, YNODE_SEQ, "actions", err)))
        return rc;
    r->actions = xcalloc(n->n ? n->n : 1, sizeof *r->actions);
    for (size_t i = 0; i < n->n; i++) {
        const struct ynode *a = n->items[i];
        static const char *const keys[] = {"text", "owner", "due", NULL};
        if ((rc = yexpect(d, a, YNODE_MAP, _("an action item"), err)) ||
            (rc = ycheck_keys(d, a, keys, err)))
            return rc;
        struct mystery_action *x = &r->actions[r->nactions++];
        snprintf(x->status, sizeof x->status, "open");
        char *due = NULL;
        if ((rc = yget_str(d, a, "text", true, &x->text, err)) ||
            (rc = yget_str(d, a, "owner", true, &x->owner, err)) ||
            (rc = yget_str(d, a, "due", true, &due, err)))
            return rc;
        struct sd_date day;
        struct sd_err why = {0};
        rc = date_parse(due, &day, &why);
        free(due);
        if (rc)
            return yfail(d, ymap_get(a, "due"), err, "%s", why.msg);
        date_format(day, x->due);
    }
    return SD_OK;
}

static int parse(const struct ydoc *d, const char *base, const char *dir, struct mystery_report *r,
                 struct scorecard *sc, struct sd_err *err)
{
    static const char *const keys[] = {"scorecard", "version", "shopper",    "target_kind",
                                       "target",    "channel", "visited_at", "persona",
                                       "scenario",  "status",  "scores",     "evidence",
                                       "findings",  "actions", NULL};
    const struct ynode *root = d->root;
    int rc;
    if (!root)
        return yfail(d, NULL, err, _("the file is empty: see the example report"));
    if ((rc = yexpect(d, root, YNODE_MAP, _("a report"), err)) ||
        (rc = ycheck_keys(d, root, keys, err)) ||
        (rc = yget_str(d, root, "scorecard", true, &r->scorecard, err)))
        return rc;
    struct sd_err why = {0};
    if ((rc = scorecard_by_id(dir, r->scorecard, sc, &why)))
        return yfail(d, ymap_get(root, "scorecard"), err, "%s", why.msg);
    r->scorecard_version = sc->version;
    int64_t v = sc->version;
    if ((rc = yget_int(d, root, "version", false, 1, 1000000, &v, err)))
        return rc;
    if (v != sc->version)
        return yfail(d, ymap_get(root, "version"), err,
                     _("scored with version %lld, but the shop's %s is version %d: score it "
                       "again on this version"),
                     (long long)v, sc->id, sc->version);
    char *kind = NULL, *when = NULL, *status = NULL;
    if ((rc = yget_str(d, root, "shopper", false, &r->shopper, err)) ||
        (rc = yget_str(d, root, "target_kind", true, &kind, err)))
        return rc;
    rc = mystery_target_parse(kind, &r->target_kind);
    free(kind);
    if (rc)
        return yfail(d, ymap_get(root, "target_kind"), err,
                     _("target_kind is staff, competitor or courier"));
    if (r->target_kind != sc->target)
        return yfail(d, ymap_get(root, "target_kind"), err, _("%s is a scorecard for %s, not %s"),
                     sc->id, mystery_target_key(sc->target), mystery_target_key(r->target_kind));
    if ((rc = yget_str(d, root, "target", true, &r->target, err)))
        return rc;
    if (!r->target[0])
        return yfail(d, ymap_get(root, "target"), err, _("whom or what was visited?"));
    r->channel = xstrdup(sc->channel ? sc->channel : "");
    if ((rc = yget_str(d, root, "channel", false, &r->channel, err)) ||
        (rc = yget_str(d, root, "visited_at", true, &when, err)))
        return rc;
    rc = time_parse(when, &r->visited_at, &why);
    free(when);
    if (rc)
        return yfail(d, ymap_get(root, "visited_at"), err, "%s", why.msg);
    r->persona = xstrdup("");
    r->scenario = xstrdup("");
    r->findings = xstrdup("");
    r->feedback = xstrdup("");
    if ((rc = yget_str(d, root, "persona", false, &r->persona, err)) ||
        (rc = yget_str(d, root, "scenario", false, &r->scenario, err)) ||
        (rc = yget_str(d, root, "findings", false, &r->findings, err)) ||
        (rc = yget_str(d, root, "status", false, &status, err)))
        return rc;
    /* a YAML block scalar ends in a newline: not part of the text */
    char *texts[] = {r->persona, r->scenario, r->findings};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t l = strlen(texts[i]);
        while (l && (texts[i][l - 1] == '\n' || texts[i][l - 1] == ' '))
            texts[i][--l] = '\0';
    }
    r->status = MYSTERY_SUBMITTED;
    if (status) {
        rc = mystery_status_parse(status, &r->status);
        free(status);
        if (rc || r->status > MYSTERY_SUBMITTED)
            return yfail(d, ymap_get(root, "status"), err,
                         _("a report is filed as draft or submitted; the owner reviews, "
                           "releases and locks it"));
    }
    r->nanswers = scorecard_criteria(sc);
    r->answers = xcalloc(r->nanswers, sizeof *r->answers);
    r->notes = xcalloc(r->nanswers, sizeof *r->notes);
    const struct ynode *n;
    if ((n = ymap_get(root, "scores")) && (rc = parse_scores(d, n, sc, r, err)))
        return rc;
    if (r->status == MYSTERY_SUBMITTED)
        for (size_t i = 0; i < r->nanswers; i++)
            if (!r->answers[i].given)
                return yfail(d, n ? n : root, err,
                             _("%s is not answered (na where the scorecard allows it; a draft "
                               "may leave it for later)"),
                             scorecard_criterion(sc, i, NULL)->id);
    if ((n = ymap_get(root, "evidence")) && (rc = parse_evidence(d, n, base, r, err)))
        return rc;
    if ((n = ymap_get(root, "actions")) && (rc = parse_actions(d, n, r, err)))
        return rc;
    mystery_score(sc, r->answers, &r->score);
    return SD_OK;
}

int mystery_report_parse(const char *label, const char *text, size_t len,
                         const char *scorecards_dir, struct mystery_report *r, struct scorecard *sc,
                         struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    memset(sc, 0, sizeof *sc);
    struct ydoc *d = NULL;
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    char *base = path_dirname(label);
    rc = parse(d, base, scorecards_dir, r, sc, err);
    free(base);
    ydoc_free(&d);
    if (rc) {
        mystery_report_free(r);
        scorecard_free(sc);
    }
    return rc;
}

int mystery_report_load(const char *path, const char *scorecards_dir, struct mystery_report *r,
                        struct scorecard *sc, struct sd_err *err)
{
    char *text = NULL;
    size_t len = 0;
    int e = file_read(path, YDOC_MAX_FILE, &text, &len);
    if (e) {
        memset(r, 0, sizeof *r);
        memset(sc, 0, sizeof *sc);
        return sd_fail(err, SD_IO, _("cannot read %s: %s"), path, strerror(e));
    }
    int rc = mystery_report_parse(path, text, len, scorecards_dir, r, sc, err);
    free(text);
    return rc;
}
