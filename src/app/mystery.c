#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "app/mystery.h"
#include "app/paths.h"
#include "app/session.h"
#include "conf/ydoc.h"
#include "conf/mystery_report.h"
#include "conf/scorecard.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/decimal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/spark.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

struct mystery_viewer mystery_viewer_of(const struct session *s)
{
    struct mystery_viewer v = {s->who, (s->roles & SD_ROLE_OWNER) != 0,
                               (s->roles & SD_ROLE_SHOPPER) != 0};
    return v;
}

static bool is_staff(struct session *s, const char *login)
{
    struct staff st;
    struct sd_err e = {0};
    if (store_staff_get(s->st, login, &st, &e))
        return false;
    staff_clear(&st);
    return true;
}

char *mystery_scorecards_dir(const struct session *s)
{
    return path_join(s->shop_dir, "scorecards");
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int mystery_scorecard_ids(const struct session *s, char ***ids, size_t *n, struct sd_err *err)
{
    *ids = NULL;
    *n = 0;
    char *dir = mystery_scorecards_dir(s);
    DIR *dp = opendir(dir);
    if (!dp) {
        int rc = sd_fail(err, SD_IO, _("cannot read %s: %s"), dir, strerror(errno));
        free(dir);
        return rc;
    }
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && e->d_name[0] != '.' && !strcmp(e->d_name + l - 5, ".yaml")) {
            *ids = xrealloc(*ids, (*n + 1) * sizeof **ids);
            (*ids)[(*n)++] = xstrndup(e->d_name, l - 5);
        }
    }
    closedir(dp);
    free(dir);
    if (*n)
        qsort(*ids, *n, sizeof **ids, cmp_name);
    return SD_OK;
}

int mystery_scorecard(const struct session *s, const char *id, struct scorecard *sc,
                      struct sd_err *err)
{
    char *dir = mystery_scorecards_dir(s);
    int rc = scorecard_by_id(dir, id, sc, err);
    free(dir);
    return rc;
}

/* Criteria as people read them: the labels of the shop's scorecards by criterion id (the
 * report's own card first), an id no card names as it is. */
struct labels {
    struct scorecard cards[16];
    int n;
};

static void labels_load(const struct session *s, struct labels *l)
{
    l->n = 0;
    char **ids = NULL;
    size_t n = 0;
    if (mystery_scorecard_ids(s, &ids, &n, NULL) != SD_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        if (l->n < (int)(sizeof l->cards / sizeof l->cards[0]) &&
            mystery_scorecard(s, ids[i], &l->cards[l->n], NULL) == SD_OK)
            l->n++;
        free(ids[i]);
    }
    free(ids);
}

static void labels_free(struct labels *l)
{
    for (int i = 0; i < l->n; i++)
        scorecard_free(&l->cards[i]);
    l->n = 0;
}

static const char *label_of(const struct labels *l, const char *card, const char *id)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < l->n; i++) {
            if (pass == 0 && (!card || strcmp(l->cards[i].id, card)))
                continue;
            for (size_t k = 0; k < scorecard_criteria(&l->cards[i]); k++) {
                const struct mystery_criterion *c = scorecard_criterion(&l->cards[i], k, NULL);
                if (!strcmp(c->id, id))
                    return c->label;
            }
        }
    return id;
}

/* An answer as a person reads it: yes, no, N/A (others, numbers and seconds, as they are). */
static const char *answer_text(const char *a)
{
    return !strcmp(a, "yes")  ? _("yes")
           : !strcmp(a, "no") ? _("no")
           : !strcmp(a, "na") ? _("N/A")
                              : a;
}

/* text cut or padded to cols display columns, for a table of labels in any language */
static const char *cell(struct strbuf *sb, const char *text, int cols)
{
    sb_reset(sb);
    width_fit(sb, text, cols, WIDTH_LEFT);
    return sb_str(sb);
}

int mystery_add(struct session *s, const char *path, int64_t *id, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_MYSTERY_FILE, err);
    if (rc)
        return rc;
    struct mystery_report r;
    struct scorecard sc;
    char *dir = mystery_scorecards_dir(s);
    char *text = NULL;
    size_t len = 0;
    paths_user_begin(); /* the person's file, with the person's rights */
    int e = file_read(path, YDOC_MAX_FILE, &text, &len);
    paths_user_end();
    if (e) {
        free(dir);
        return sd_fail(err, SD_IO, _("cannot read %s: %s"), path, strerror(e));
    }
    rc = mystery_report_parse(path, text, len, dir, &r, &sc, err);
    free(text);
    free(dir);
    if (rc)
        return rc;
    rc = mystery_file(s, &r, &sc, path, err);
    if (!rc)
        *id = r.id;
    mystery_report_free(&r);
    scorecard_free(&sc);
    return rc;
}

int mystery_file(struct session *s, struct mystery_report *r, const struct scorecard *sc,
                 const char *where, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_MYSTERY_FILE, err);
    if (rc)
        return rc;
    bool owner = (s->roles & SD_ROLE_OWNER) != 0;
    if (!r->shopper)
        r->shopper = xstrdup(s->who);
    else if (strcmp(r->shopper, s->who) && !owner)
        return sd_fail(err, SD_FORBIDDEN,
                       _("%s: you file your own reports (shopper: %s is not "
                         "you)"),
                       where, r->shopper);
    /* evidence is kept by its absolute path: the same file whoever reads the report */
    for (size_t i = 0; i < r->nfiles; i++) {
        paths_user_begin();
        char *full = realpath(r->files[i].path, NULL);
        int e = full ? sha256_file(full, r->files[i].sha256) : errno;
        paths_user_end();
        if (e && r->files[i].line) {
            free(full);
            return sd_fail(err, SD_INPUT, _("%s:%d:%d: evidence %s: %s"), where, r->files[i].line,
                           r->files[i].col, r->files[i].path, strerror(e));
        }
        if (e) {
            free(full);
            return sd_fail(err, SD_INPUT, _("evidence %s: %s"), r->files[i].path, strerror(e));
        }
        free(r->files[i].path);
        r->files[i].path = full;
    }
    mystery_score(sc, r->answers, &r->score);
    if ((rc = store_begin(s->st, err)))
        return rc;
    if (strcmp(r->shopper, s->who) && !is_staff(s, r->shopper))
        rc = sd_fail(err, SD_INPUT, _("%s: shopper %s is not on the staff"), where, r->shopper);
    else if (r->target_kind == TARGET_STAFF && !is_staff(s, r->target))
        rc = sd_fail(err, SD_INPUT,
                     _("%s: target %s is not on the staff (a staff report "
                       "names a login)"),
                     where, r->target);
    for (size_t i = 0; i < r->nactions && !rc; i++)
        if (!is_staff(s, r->actions[i].owner))
            rc = sd_fail(err, SD_INPUT, _("%s: action owner %s is not on the staff"), where,
                         r->actions[i].owner);
    if (!rc)
        rc = store_mystery_insert(s->st, r, sc, clock_now(), err);
    if (!rc) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)r->id);
        json_object *after = json_object_new_object();
        json_object_object_add(after, "scorecard", json_object_new_string(r->scorecard));
        json_object_object_add(after, "version", json_object_new_int(r->scorecard_version));
        json_object_object_add(after, "shopper", json_object_new_string(r->shopper));
        json_object_object_add(after, "target_kind",
                               json_object_new_string(mystery_target_key(r->target_kind)));
        json_object_object_add(after, "target", json_object_new_string(r->target));
        json_object_object_add(after, "status",
                               json_object_new_string(mystery_status_key(r->status)));
        json_object_object_add(after, "score",
                               r->score.score < 0 ? NULL : json_object_new_int64(r->score.score));
        rc = session_audit(s, "mystery.add", "mystery_report", key, 0, NULL, after, err);
        json_object_put(after);
    }
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

/* Whether the viewer may see the report, and how much. */
static bool may_see(const struct mystery_viewer *v, const struct mystery_report *r,
                    bool *feedback_only)
{
    *feedback_only = false;
    if (v->owner || !strcmp(r->shopper, v->login))
        return true;
    if (r->target_kind == TARGET_STAFF && !strcmp(r->target, v->login) &&
        (r->status == MYSTERY_RELEASED || r->status == MYSTERY_LOCKED) && r->released_at) {
        *feedback_only = true;
        return true;
    }
    return false;
}

int mystery_show(struct session *s, int64_t id, struct mystery_view *v, struct sd_err *err)
{
    memset(v, 0, sizeof *v);
    int rc = session_require(s, SD_PERM_MYSTERY_VIEW, err);
    if (rc)
        return rc;
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    rc = store_mystery_get(s->st, id, &v->r, err);
    struct mystery_viewer who = mystery_viewer_of(s);
    if (!rc && !may_see(&who, &v->r, &v->feedback_only)) {
        mystery_report_free(&v->r);
        rc = sd_fail(err, SD_NOT_FOUND, _("no mystery report #%lld"), (long long)id);
    }
    if (!rc && !v->feedback_only)
        rc = store_mystery_scores(s->st, id, &v->scores, &v->nscores, err);
    store_rollback(s->st);
    if (rc) {
        mystery_view_free(v);
        return rc;
    }
    if (v->feedback_only) {
        /* the target reads the feedback, the score and their own action items */
        v->shopper_hidden = true;
        free(v->r.shopper);
        v->r.shopper = NULL;
        free(v->r.findings);
        v->r.findings = xstrdup("");
        free(v->r.persona);
        v->r.persona = xstrdup("");
        free(v->r.scenario);
        v->r.scenario = xstrdup("");
        for (size_t i = 0; i < v->r.nfiles; i++)
            free(v->r.files[i].path);
        v->r.nfiles = 0;
        size_t k = 0;
        for (size_t i = 0; i < v->r.nactions; i++) {
            if (!strcmp(v->r.actions[i].owner, s->who)) {
                v->r.actions[k++] = v->r.actions[i];
            } else {
                free(v->r.actions[i].text);
                free(v->r.actions[i].owner);
            }
        }
        v->r.nactions = k;
    }
    return SD_OK;
}

void mystery_view_free(struct mystery_view *v)
{
    mystery_report_free(&v->r);
    free(v->scores);
    memset(v, 0, sizeof *v);
}

/* What the form checks before a report is submitted, checked again wherever it is submitted
 * from: the visit's time and target, and every criterion answered (na where allowed). */
static int submittable(struct session *s, const struct mystery_report *r, struct sd_err *err)
{
    if (!r->visited_at || !r->target || !r->target[0])
        return sd_fail(err, SD_INPUT,
                       _("report #%lld cannot be submitted: it has no visit time or no target "
                         "yet (open it, fill them in, and submit from the form)"),
                       (long long)r->id);
    struct mystery_score_row *rows = NULL;
    size_t n = 0;
    int rc = store_mystery_scores(s->st, r->id, &rows, &n, err);
    if (rc)
        return rc;
    size_t open = 0;
    for (size_t i = 0; i < n; i++)
        open += rows[i].answer[0] == '\0';
    free(rows);
    if (n == 0)
        return sd_fail(err, SD_INPUT,
                       _("report #%lld cannot be submitted: none of its criteria is answered "
                         "(open it, answer them, na where the scorecard allows it, and submit "
                         "from the form)"),
                       (long long)r->id);
    if (open)
        return sd_fail(err, SD_INPUT,
                       P_("report #%lld cannot be submitted: %zu of its %zu criteria is not "
                          "answered (open it, answer them, na where the scorecard allows it, and "
                          "submit from the form)",
                          "report #%lld cannot be submitted: %zu of its %zu criteria are not "
                          "answered (open it, answer them, na where the scorecard allows it, and "
                          "submit from the form)",
                          open),
                       (long long)r->id, open, n);
    return SD_OK;
}

int mystery_check(struct session *s, int64_t id, enum mystery_step step, struct sd_err *err)
{
    int rc = session_require(s, step == STEP_SUBMIT ? SD_PERM_MYSTERY_FILE : SD_PERM_MYSTERY_MANAGE,
                             err);
    if (rc)
        return rc;
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    struct mystery_report r;
    if ((rc = store_mystery_get(s->st, id, &r, err))) {
        store_rollback(s->st);
        return rc;
    }
    static const enum mystery_status from[] = {
        [STEP_SUBMIT] = MYSTERY_DRAFT, [STEP_REVIEW] = MYSTERY_SUBMITTED,
        [STEP_RELEASE] = MYSTERY_REVIEWED, [STEP_LOCK] = MYSTERY_REVIEWED};
    bool ok = r.status == from[step] || (step == STEP_LOCK && r.status == MYSTERY_RELEASED);
    if (!ok)
        rc = sd_fail(err, SD_CONFLICT, _("report #%lld is %s: it cannot be %s now"),
                     (long long)id, mystery_status_label(r.status),
                     mystery_status_label(step == STEP_SUBMIT    ? MYSTERY_SUBMITTED
                                          : step == STEP_REVIEW  ? MYSTERY_REVIEWED
                                          : step == STEP_RELEASE ? MYSTERY_RELEASED
                                                                 : MYSTERY_LOCKED));
    else if (step == STEP_SUBMIT)
        rc = submittable(s, &r, err);
    mystery_report_free(&r);
    store_rollback(s->st);
    return rc;
}

int mystery_step(struct session *s, int64_t id, enum mystery_step step, const char *feedback,
                 struct sd_err *err)
{
    static const char *const names[] = {"submit", "review", "release", "lock"};
    int rc = session_require(s, step == STEP_SUBMIT ? SD_PERM_MYSTERY_FILE : SD_PERM_MYSTERY_MANAGE,
                             err);
    if (rc)
        return rc;
    if (step == STEP_RELEASE && (!feedback || !feedback[0]))
        return sd_fail(err, SD_INPUT, "%s",
                       _("release needs the feedback the target reads"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct mystery_report r;
    if ((rc = store_mystery_get(s->st, id, &r, err))) {
        store_rollback(s->st);
        return rc;
    }
    bool owner = (s->roles & SD_ROLE_OWNER) != 0;
    enum mystery_status from = r.status, to = from;
    switch (step) {
    case STEP_SUBMIT:
        to = MYSTERY_SUBMITTED;
        if (!owner && strcmp(r.shopper, s->who))
            rc = sd_fail(err, SD_NOT_FOUND, _("no mystery report #%lld"), (long long)id);
        else if (from != MYSTERY_DRAFT)
            rc = sd_fail(err, SD_CONFLICT, _("report #%lld is %s, not a draft"), (long long)id,
                         mystery_status_label(from));
        else
            rc = submittable(s, &r, err);
        break;
    case STEP_REVIEW:
        to = MYSTERY_REVIEWED;
        if (from != MYSTERY_SUBMITTED)
            rc = sd_fail(err, SD_CONFLICT,
                         _("report #%lld is %s: only a submitted report is "
                           "reviewed"),
                         (long long)id, mystery_status_label(from));
        break;
    case STEP_RELEASE:
        to = MYSTERY_RELEASED;
        if (from != MYSTERY_REVIEWED)
            rc = sd_fail(err, SD_CONFLICT,
                         _("report #%lld is %s: feedback is released after "
                           "the review"),
                         (long long)id, mystery_status_label(from));
        break;
    case STEP_LOCK:
        to = MYSTERY_LOCKED;
        if (from != MYSTERY_REVIEWED && from != MYSTERY_RELEASED)
            rc = sd_fail(err, SD_CONFLICT,
                         _("report #%lld is %s: a report is locked once "
                           "reviewed"),
                         (long long)id, mystery_status_label(from));
        break;
    }
    if (!rc)
        rc = store_mystery_set_status(s->st, id, from, to, step == STEP_REVIEW ? s->who : NULL,
                                      step == STEP_RELEASE ? feedback : NULL, clock_now(), err);
    if (!rc) {
        char key[24], action[32];
        snprintf(key, sizeof key, "%lld", (long long)id);
        snprintf(action, sizeof action, "mystery.%s", names[step]);
        json_object *before = json_object_new_object(), *after = json_object_new_object();
        json_object_object_add(before, "status", json_object_new_string(mystery_status_key(from)));
        json_object_object_add(after, "status", json_object_new_string(mystery_status_key(to)));
        if (step == STEP_RELEASE)
            json_object_object_add(after, "feedback", json_object_new_string(feedback));
        rc = session_audit(s, action, "mystery_report", key, 0, before, after, err);
        json_object_put(before);
        json_object_put(after);
    }
    mystery_report_free(&r);
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

int mystery_action_set(struct session *s, int64_t id, const char *status, struct sd_err *err)
{
    if (strcmp(status, "done") && strcmp(status, "dropped") && strcmp(status, "open"))
        return sd_fail(err, SD_INPUT, _("an action item is open, done or dropped, not '%s'"),
                       status);
    int64_t report;
    char owner[64], was[16];
    /* someone else's item is the owner's to change (a refusal is audited: outside the write) */
    int rc =
        store_mystery_action_get(s->st, id, &report, owner, sizeof owner, was, sizeof was, err);
    if (!rc && strcmp(owner, s->who))
        rc = session_require(s, SD_PERM_MYSTERY_MANAGE, err);
    if (rc || (rc = store_begin(s->st, err)))
        return rc;
    rc = store_mystery_action_get(s->st, id, &report, owner, sizeof owner, was, sizeof was, err);
    if (!rc && !strcmp(was, status))
        rc = sd_fail(err, SD_CONFLICT, _("action item #%lld is %s already"), (long long)id, status);
    if (!rc)
        rc = store_mystery_action_set(s->st, id, status, clock_now(), err);
    if (!rc) {
        char key[24];
        snprintf(key, sizeof key, "%lld", (long long)id);
        json_object *before = json_object_new_object(), *after = json_object_new_object();
        json_object_object_add(before, "status", json_object_new_string(was));
        json_object_object_add(after, "status", json_object_new_string(status));
        json_object_object_add(after, "report", json_object_new_int64(report));
        rc = session_audit(s, "mystery.action", "mystery_action", key, 0, before, after, err);
        json_object_put(before);
        json_object_put(after);
    }
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

/* ---- documents ---- */

static void pct(int64_t v, char *buf, size_t n)
{
    if (v < 0)
        snprintf(buf, n, "-");
    else
        hundredths_text(v, "%", buf, n);
}

int mystery_detail(struct session *s, int64_t id, struct detail *d, struct sd_err *err)
{
    struct mystery_view v;
    int rc = mystery_show(s, id, &v, err);
    if (rc)
        return rc;
    const struct mystery_report *r = &v.r;
    char t[32], score[32];
    /* L10N: the title of a mystery report's detail: number, scorecard, version */
    detail_title(d, _("Mystery report #%lld: %s (version %d)"), (long long)r->id, r->scorecard,
                 r->scorecard_version);
    time_format_local(r->visited_at, t);
    pct(r->score.score, score, sizeof score);
    detail_field(d, _("Target"), TONE_NORMAL, "%s %s", mystery_target_label(r->target_kind),
                 r->target);
    detail_field(d, _("Visited"), TONE_NORMAL, "%s", t);
    if (r->channel && r->channel[0])
        detail_field(d, _("Channel"), TONE_NORMAL, "%s", mystery_channel_text(r->channel));
    detail_field(d, _("Shopper"), TONE_NORMAL, "%s",
                 v.shopper_hidden ? "\xe2\x80\x94" : r->shopper);
    detail_field(d, _("Status"), TONE_NORMAL, "%s", mystery_status_label(r->status));
    detail_field(d, _("Score"), r->score.critical_failed ? TONE_ALARM : TONE_NORMAL, "%s%s", score,
                 r->score.critical_failed ? _(" (a critical item failed)") : "");
    if (r->persona && r->persona[0])
        detail_field(d, _("Persona"), TONE_NORMAL, "%s", r->persona);
    if (r->scenario && r->scenario[0])
        detail_field(d, _("Scenario"), TONE_NORMAL, "%s", r->scenario);
    if (v.nscores) {
        detail_heading(d, _("Scores"));
        struct labels lab;
        labels_load(s, &lab);
        int wlabel = 20; /* as wide as the longest label, a criterion's words never cut */
        for (size_t i = 0; i < v.nscores; i++) {
            int w = width_str(label_of(&lab, r->scorecard, v.scores[i].criterion));
            if (w > wlabel)
                wlabel = w;
        }
        if (wlabel > 60)
            wlabel = 60;
        const char *section = "";
        struct strbuf c = STRBUF_INIT;
        for (size_t i = 0; i < v.nscores; i++) {
            const struct mystery_score_row *x = &v.scores[i];
            if (strcmp(section, x->section))
                detail_text(d, TONE_DIM, "%s", section = x->section);
            char pts[48], got[24];
            snprintf(pts, sizeof pts, "%s", _("N/A"));
            if (x->points >= 0)
                snprintf(pts, sizeof pts, "%s/%lld",
                         hundredths_text(x->points, "", got, sizeof got),
                         (long long)(x->max_points / 100));
            detail_text(d, x->points == 0 ? TONE_WARNING : TONE_NORMAL, "  %s %-6s %8s%s%s",
                        cell(&c, label_of(&lab, r->scorecard, x->criterion), wlabel),
                        answer_text(x->answer), pts, x->evidence[0] ? "  " : "", x->evidence);
        }
        sb_free(&c);
        labels_free(&lab);
    }
    if (r->findings && r->findings[0]) {
        detail_heading(d, _("Findings"));
        detail_text(d, TONE_NORMAL, "%s", r->findings);
    }
    if (r->feedback && r->feedback[0]) {
        detail_heading(d, _("Feedback"));
        detail_text(d, TONE_NORMAL, "%s", r->feedback);
    }
    if (r->nfiles) {
        detail_heading(d, _("Evidence"));
        for (size_t i = 0; i < r->nfiles; i++)
            detail_text(d, TONE_NORMAL, "%s  sha256:%s", r->files[i].path, r->files[i].sha256);
    }
    if (r->nactions) {
        detail_heading(d, _("Action items"));
        for (size_t i = 0; i < r->nactions; i++)
            detail_text(d, strcmp(r->actions[i].status, "open") ? TONE_DIM : TONE_NORMAL,
                        "#%lld %s (%s, %s, %s)", (long long)r->actions[i].id, r->actions[i].text,
                        r->actions[i].owner, r->actions[i].due, r->actions[i].status);
    }
    mystery_view_free(&v);
    return SD_OK;
}

/* A heading row of a document table, each label fitted to its column by display width
 * (labels are translated: 本店员工 takes 8 columns, not 12 bytes). A negative width aligns
 * right. */
static void heading_row(struct detail *d, const char *const *labels, const int *widths, int n)
{
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        if (i)
            sb_adds(&sb, " ");
        width_fit(&sb, labels[i], widths[i] < 0 ? -widths[i] : widths[i],
                  widths[i] < 0 ? WIDTH_RIGHT : WIDTH_LEFT);
    }
    detail_text(d, TONE_DIM, "%s", sb_str(&sb));
    sb_free(&sb);
}

#define MYSTERY_ROWS 200

int mystery_trends_detail(struct session *s, struct detail *d, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_MYSTERY_MANAGE, err);
    if (rc || (rc = store_begin_read(s->st, err)))
        return rc;
    struct mystery_target_trend *t = xcalloc(MYSTERY_ROWS, sizeof *t);
    struct mystery_criterion_trend *c = xcalloc(MYSTERY_ROWS, sizeof *c);
    int nt = store_mystery_targets(s->st, t, MYSTERY_ROWS, err);
    int nc = nt < 0 ? -1 : store_mystery_criteria(s->st, clock_now(), c, MYSTERY_ROWS, err);
    store_rollback(s->st);
    if (nt < 0 || nc < 0) {
        free(t);
        free(c);
        return err ? (int)err->code : SD_STORE;
    }
    detail_title(d, "%s", _("Mystery reports over time"));
    /* L10N: heading of the per-target trend: the weakest first; %d is how many scores */
    detail_heading(d, _("Targets, weakest first"));
    const char *th[] = {_("Kind"), _("Target"), _("Reports"), _("Average"), _("Last scores")};
    heading_row(d, th, (const int[]){12, 18, -7, -9, 20}, 5);
    for (int i = 0; i < nt; i++) {
        char avg[32];
        pct(t[i].average, avg, sizeof avg);
        struct strbuf sb = STRBUF_INIT;
        spark_append(&sb, t[i].recent, (size_t)t[i].nrecent, 10000);
        char last[32] = "";
        if (t[i].nrecent)
            pct(t[i].recent[t[i].nrecent - 1], last, sizeof last);
        struct strbuf target = STRBUF_INIT; /* by display width: names may be Chinese */
        width_fit(&target, t[i].target, 18, WIDTH_LEFT);
        detail_text(d, t[i].average < 6000 ? TONE_WARNING : TONE_NORMAL, "%-12s %s %7lld %9s %s %s",
                    t[i].kind, sb_str(&target), (long long)t[i].reports, avg, sb_str(&sb), last);
        sb_free(&target);
        sb_free(&sb);
    }
    if (nt == 0)
        detail_text(d, TONE_DIM, "%s", _("No submitted reports yet."));
    detail_heading(d, _("Criteria, weakest first"));
    struct labels lab;
    labels_load(s, &lab);
    int wl = 20; /* as wide as the longest label, up to 40 */
    for (int i = 0; i < nc; i++) {
        int w = width_str(label_of(&lab, NULL, c[i].criterion));
        wl = w > wl ? (w > 40 ? 40 : w) : wl;
    }
    const char *ch[] = {_("Criterion"), _("Section"), _("Reports"),
                        _("All"),       _("30 days"), _("30 before")};
    heading_row(d, ch, (const int[]){wl, 18, -7, -9, -9, -9}, 6);
    struct strbuf lc = STRBUF_INIT;
    for (int i = 0; i < nc; i++) {
        char all[32], a[32], b[32];
        pct(c[i].overall, all, sizeof all);
        pct(c[i].last30, a, sizeof a);
        pct(c[i].prev30, b, sizeof b);
        enum detail_tone tone = c[i].last30 >= 0 && c[i].prev30 >= 0 && c[i].last30 < c[i].prev30
                                    ? TONE_WARNING
                                    : TONE_NORMAL;
        struct strbuf section = STRBUF_INIT;
        width_fit(&section, c[i].section, 18, WIDTH_LEFT);
        detail_text(d, tone, "%s %s %7lld %9s %9s %9s",
                    cell(&lc, label_of(&lab, NULL, c[i].criterion), wl), sb_str(&section),
                    (long long)c[i].reports, all, a, b);
        sb_free(&section);
    }
    sb_free(&lc);
    labels_free(&lab);
    free(t);
    free(c);
    return SD_OK;
}

int mystery_compare_detail(struct session *s, struct detail *d, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_MYSTERY_MANAGE, err);
    if (rc || (rc = store_begin_read(s->st, err)))
        return rc;
    struct mystery_compare_row *c = xcalloc(MYSTERY_ROWS, sizeof *c);
    int n = store_mystery_compare(s->st, c, MYSTERY_ROWS, err);
    store_rollback(s->st);
    if (n < 0) {
        free(c);
        return err ? (int)err->code : SD_STORE;
    }
    detail_title(d, "%s", _("Own staff beside competitors"));
    detail_text(d, TONE_DIM, "%s",
                _("Criteria scored on both (the same id on their scorecards), the widest gap "
                  "behind first."));
    struct labels lab;
    labels_load(s, &lab);
    int wl = 20; /* as wide as the longest label, up to 40 */
    for (int i = 0; i < n; i++) {
        int w = width_str(label_of(&lab, NULL, c[i].criterion));
        wl = w > wl ? (w > 40 ? 40 : w) : wl;
    }
    const char *h[] = {_("Criterion"), _("Own staff"), _("Competitors"), _("Gap")};
    heading_row(d, h, (const int[]){wl, -10, -12, -9}, 4);
    struct strbuf lc = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        char a[32], b[32], g[32];
        pct(c[i].staff, a, sizeof a);
        pct(c[i].competitor, b, sizeof b);
        int64_t gap = c[i].staff - c[i].competitor;
        g[0] = '+';
        hundredths_text(gap, "", gap < 0 ? g : g + 1, sizeof g - 1);
        detail_text(d, gap < 0 ? TONE_WARNING : TONE_OK, "%s %10s %12s %9s",
                    cell(&lc, label_of(&lab, NULL, c[i].criterion), wl), a, b, g);
    }
    sb_free(&lc);
    labels_free(&lab);
    if (n == 0)
        detail_text(d, TONE_DIM, "%s",
                    _("Nothing to compare yet: it takes reports on own staff and on competitors "
                      "that share criteria."));
    free(c);
    return SD_OK;
}

int mystery_open_actions(struct session *s, struct mystery_action_row *out, int n,
                         struct sd_err *err)
{
    if (session_require(s, SD_PERM_MYSTERY_VIEW, err) || store_begin_read(s->st, err))
        return -1;
    bool owner = (s->roles & SD_ROLE_OWNER) != 0;
    int k = store_mystery_open_actions(s->st, owner ? NULL : s->who, out, n, err);
    store_rollback(s->st);
    return k;
}

int mystery_actions_detail(struct session *s, struct detail *d, struct sd_err *err)
{
    struct mystery_action_row *a = xcalloc(MYSTERY_ROWS, sizeof *a);
    int n = mystery_open_actions(s, a, MYSTERY_ROWS, err);
    if (n < 0) {
        free(a);
        return err ? (int)err->code : SD_STORE;
    }
    detail_title(d, "%s", _("Open action items"));
    struct sd_date today = date_of(clock_now());
    char day[11];
    date_format(today, day);
    const char *who = "";
    for (int i = 0; i < n; i++) {
        if (strcmp(who, a[i].owner))
            detail_heading(d, who = a[i].owner);
        bool late = strcmp(a[i].due, day) < 0;
        detail_text(d, late ? TONE_ALARM : TONE_NORMAL, "%s  #%lld %s  (%s #%lld)%s", a[i].due,
                    (long long)a[i].id, a[i].text, _("report"), (long long)a[i].report_id,
                    late ? _("  past due") : "");
    }
    if (n == 0)
        detail_text(d, TONE_DIM, "%s", _("No open action items."));
    free(a);
    return SD_OK;
}
