#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/mystery.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/drafts.h"
#include "tui/form.h"
#include "tui/mystery_form.h"
#include "tui/prompt.h"
#include "util/i18n.h"
#include "util/decimal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The fields before the criteria, and after them. */
enum { F_TARGET, F_CHANNEL, F_VISITED, F_PERSONA, F_SCENARIO, F_HEAD };
enum { T_FINDINGS, T_FILES, T_ACTION, T_OWNER, T_DUE, T_STATUS, T_TAIL };

struct ctx {
    const struct scorecard *sc;
    size_t ncrit;
};

/* "95; first reply at 14:06:45": the answer, and an evidence note after a semicolon. */
static void split_answer(const char *value, char *answer, size_t n, const char **note)
{
    const char *semi = strchr(value, ';');
    size_t len = semi ? (size_t)(semi - value) : strlen(value);
    while (len && value[len - 1] == ' ')
        len--;
    snprintf(answer, n, "%.*s", (int)len, value);
    *note = "";
    if (semi) {
        semi++;
        while (*semi == ' ')
            semi++;
        *note = semi;
    }
}

static int validate(struct form *f, void *vctx, int *field, struct sd_err *err)
{
    struct ctx *c = vctx;
    int64_t t;
    struct sd_err why = {0};
    if (time_parse(f->fields[F_VISITED].value, &t, &why)) {
        *field = F_VISITED;
        return sd_fail(err, SD_INPUT, "%s", why.msg);
    }
    bool submit = atoi(form_value(f, "status")) == 2;
    for (size_t i = 0; i < c->ncrit; i++) {
        const struct mystery_criterion *cr = scorecard_criterion(c->sc, i, NULL);
        char v[64];
        const char *note;
        split_answer(f->fields[F_HEAD + i].value, v, sizeof v, &note);
        struct mystery_answer a;
        if (!v[0]) {
            if (!submit)
                continue;
            *field = F_HEAD + (int)i;
            return sd_fail(err, SD_INPUT,
                           _("%s is not answered (na where the scorecard allows "
                             "it; a draft may leave it for later)"),
                           cr->id);
        }
        if (mystery_answer_parse(cr, v, &a, err)) {
            *field = F_HEAD + (int)i;
            return err->code;
        }
    }
    int tail = F_HEAD + (int)c->ncrit;
    if (f->fields[tail + T_ACTION].value[0]) {
        struct sd_date d;
        if (!f->fields[tail + T_OWNER].value[0]) {
            *field = tail + T_OWNER;
            return sd_fail(err, SD_INPUT, "%s", _("an action item needs its owner (a login)"));
        }
        if (date_parse(f->fields[tail + T_DUE].value, &d, err)) {
            *field = tail + T_DUE;
            return err->code;
        }
    }
    return SD_OK;
}

/* Which scorecard: a digit each, "(draft)" where a half-typed form waits. */
static char *pick_card(struct ui *ui)
{
    struct session *s = ui_session(ui);
    char **ids;
    size_t n;
    struct sd_err err = {0};
    if (mystery_scorecard_ids(s, &ids, &n, &err)) {
        ui_error(ui, &err);
        return NULL;
    }
    if (n == 0) {
        ui_message(ui, SLOT_WARNING, "%s", _("the shop has no scorecards (scorecards/*.yaml)"));
        free(ids);
        return NULL;
    }
    struct strbuf q = STRBUF_INIT;
    char keys[10] = "";
    sb_adds(&q, _("Scorecard:"));
    for (size_t i = 0; i < n && i < 9; i++) {
        char kind[80], *data = NULL;
        snprintf(kind, sizeof kind, "mystery.%s", ids[i]);
        bool draft = store_draft_load(s->st, s->who, kind, &data, NULL, NULL) == SD_OK;
        free(data);
        sb_addf(&q, "  %zu %s%s", i + 1, ids[i], draft ? _(" (draft)") : "");
        keys[i] = (char)('1' + i);
        keys[i + 1] = '\0';
    }
    int k = prompt_key(ui, sb_str(&q), keys);
    sb_free(&q);
    char *id = k >= '1' && (size_t)(k - '1') < n ? xstrdup(ids[k - '1']) : NULL;
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    return id;
}

/* What a criterion takes, for the line under the form. */
static char *criterion_help(const struct mystery_section *sec, const struct mystery_criterion *c)
{
    struct strbuf sb = STRBUF_INIT;
    if (c->critical)
        /* L10N: first on the help line of a critical criterion: failing it fails the report */
        sb_addf(&sb, "%s \xc2\xb7 ", _("critical"));
    sb_addf(&sb, "%s \xc2\xb7 %s: ", sec->name, c->label);
    if (c->scale == SCALE_YESNO)
        sb_adds(&sb, _("yes or no"));
    else if (c->scale == SCALE_FIVE)
        sb_adds(&sb, _("1 (poor) to 5 (excellent)"));
    else
        /* L10N: %lld are seconds: full points at or under the first, none from the second */
        sb_addf(&sb, _("seconds (full points at %lld or less, none from %lld)"), (long long)c->good,
                (long long)c->bad);
    if (c->na_allowed)
        sb_adds(&sb, _(", or na"));
    /* L10N: after what a criterion takes, on the help line of the mystery form */
    sb_adds(&sb, _("; a note after a semicolon"));
    if (c->help && c->help[0])
        sb_addf(&sb, ". %s", c->help);
    return sb_detach(&sb);
}

static void report_from_form(const struct form *f, const struct scorecard *sc, size_t ncrit,
                             struct mystery_report *r)
{
    memset(r, 0, sizeof *r);
    r->scorecard = xstrdup(sc->id);
    r->scorecard_version = sc->version;
    r->target_kind = sc->target;
    r->target = xstrdup(f->fields[F_TARGET].value);
    r->channel = xstrdup(f->fields[F_CHANNEL].value);
    time_parse(f->fields[F_VISITED].value, &r->visited_at, NULL);
    r->persona = xstrdup(f->fields[F_PERSONA].value);
    r->scenario = xstrdup(f->fields[F_SCENARIO].value);
    r->nanswers = ncrit;
    r->answers = xcalloc(ncrit, sizeof *r->answers);
    r->notes = xcalloc(ncrit, sizeof *r->notes);
    for (size_t i = 0; i < ncrit; i++) {
        char v[64];
        const char *note;
        split_answer(f->fields[F_HEAD + i].value, v, sizeof v, &note);
        if (v[0])
            mystery_answer_parse(scorecard_criterion(sc, i, NULL), v, &r->answers[i], NULL);
        r->notes[i] = xstrdup(note);
    }
    int tail = F_HEAD + (int)ncrit;
    r->findings = xstrdup(f->fields[tail + T_FINDINGS].value);
    char *files = xstrdup(f->fields[tail + T_FILES].value), *save = NULL;
    for (char *p = strtok_r(files, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        while (*p == ' ')
            p++;
        size_t l = strlen(p);
        while (l && p[l - 1] == ' ')
            p[--l] = '\0';
        if (!l)
            continue;
        r->files = xrealloc(r->files, (r->nfiles + 1) * sizeof *r->files);
        memset(&r->files[r->nfiles], 0, sizeof r->files[0]);
        r->files[r->nfiles].path = xstrdup(p);
        r->files[r->nfiles].line = r->files[r->nfiles].col = 0;
        r->nfiles++;
    }
    free(files);
    r->feedback = xstrdup("");
    r->status = atoi(f->fields[tail + T_STATUS].value) == 2 ? MYSTERY_SUBMITTED : MYSTERY_DRAFT;
    if (f->fields[tail + T_ACTION].value[0]) {
        r->actions = xcalloc(1, sizeof *r->actions);
        r->nactions = 1;
        r->actions[0].text = xstrdup(f->fields[tail + T_ACTION].value);
        r->actions[0].owner = xstrdup(f->fields[tail + T_OWNER].value);
        struct sd_date d;
        if (date_parse(f->fields[tail + T_DUE].value, &d, NULL) == SD_OK)
            date_format(d, r->actions[0].due);
        snprintf(r->actions[0].status, sizeof r->actions[0].status, "open");
    }
}

enum reaction mystery_form_run(struct ui *ui)
{
    struct session *s = ui_session(ui);
    char *id = pick_card(ui);
    if (!id)
        return R_REDRAW;
    struct scorecard sc;
    struct sd_err err = {0};
    if (mystery_scorecard(s, id, &sc, &err)) {
        free(id);
        ui_error(ui, &err);
        return R_REDRAW;
    }
    size_t ncrit = scorecard_criteria(&sc);
    int n = F_HEAD + (int)ncrit + T_TAIL;
    struct form_field *fields = xcalloc((size_t)n, sizeof *fields);
    char **helps = xcalloc(ncrit, sizeof *helps), **keys = xcalloc(ncrit, sizeof *keys);
    static const char *statuses[3];
    statuses[0] = _("draft (finish later)");
    statuses[1] = _("submitted");
    statuses[2] = NULL;
    fields[F_TARGET] =
        (struct form_field){"target",
                            _("Target"),
                            FORM_TEXT,
                            true,
                            NULL,
                            "",
                            sc.target == TARGET_STAFF        ? _("the staff member's login")
                            : sc.target == TARGET_COMPETITOR ? _("the competitor's shop")
                                                             : _("the courier")};
    fields[F_CHANNEL] =
        (struct form_field){"channel", _("Channel"), FORM_TEXT, false, NULL, "", NULL};
    snprintf(fields[F_CHANNEL].value, sizeof fields[F_CHANNEL].value, "%s",
             sc.channel ? sc.channel : "");
    fields[F_VISITED] = (struct form_field){"visited_at",
                                            _("Visited at"),
                                            FORM_TEXT,
                                            true,
                                            NULL,
                                            "",
                                            _("shop-local time: YYYY-MM-DD HH:MM")};
    char now[32];
    time_format_local(clock_now(), now);
    snprintf(fields[F_VISITED].value, sizeof fields[F_VISITED].value, "%s", now);
    fields[F_PERSONA] = (struct form_field){
        "persona", _("Persona"), FORM_TEXT, false, NULL, "", _("who the shopper played")};
    fields[F_SCENARIO] = (struct form_field){
        "scenario", _("Scenario"), FORM_TEXT, false, NULL, "", _("what the shopper asked or did")};
    for (size_t i = 0; i < ncrit; i++) {
        const struct mystery_section *sec;
        const struct mystery_criterion *c = scorecard_criterion(&sc, i, &sec);
        helps[i] = criterion_help(sec, c);
        keys[i] = xasprintf("c.%s", c->id); /* apart from the visit's own keys in the draft */
        fields[F_HEAD + i] =
            (struct form_field){keys[i], c->label, FORM_TEXT, false, NULL, "", helps[i]};
    }
    int tail = F_HEAD + (int)ncrit;
    fields[tail + T_FINDINGS] =
        (struct form_field){"findings", _("Findings"), FORM_TEXT, false, NULL, "", NULL};
    fields[tail + T_FILES] = (struct form_field){
        "files",
        _("Evidence files"),
        FORM_TEXT,
        false,
        NULL,
        "",
        _("paths of screenshots or transcripts, separated by commas: kept with their SHA-256")};
    fields[tail + T_ACTION] = (struct form_field){
        "action", _("Action item"), FORM_TEXT, false, NULL, "", _("what should change (optional)")};
    fields[tail + T_OWNER] = (struct form_field){
        "action_owner", _("Its owner"), FORM_TEXT, false, NULL, "", _("a staff login")};
    fields[tail + T_DUE] =
        (struct form_field){"action_due", _("Due"), FORM_TEXT, false, NULL, "", _("YYYY-MM-DD")};
    fields[tail + T_STATUS] =
        (struct form_field){"status", _("File as"), FORM_CHOICE, true, statuses, "2", NULL};
    char title[160], kind[80];
    /* L10N: the title of the mystery report form: the scorecard's title and version */
    snprintf(title, sizeof title, _("A mystery-shopper report: %s (version %d)"), sc.title,
             sc.version);
    snprintf(kind, sizeof kind, "mystery.%s", sc.id);
    struct ctx c = {&sc, ncrit};
    struct form f = {title, kind, fields, n, 0, validate, &c, "", -1, 0, false, NULL, ""};
    enum reaction out = R_REDRAW;
    for (;;) {
        if (form_run(ui, &f) != PROMPT_OK)
            break;
        struct mystery_report r;
        report_from_form(&f, &sc, ncrit, &r);
        sd_err_clear(&err);
        if (mystery_file(s, &r, &sc, _("the form"), &err)) {
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            mystery_report_free(&r);
            continue;
        }
        form_forget(ui, &f);
        char score[32] = "-";
        if (r.score.score >= 0)
            hundredths_text(r.score.score, "%", score, sizeof score);
        ui_message(ui, r.score.critical_failed ? SLOT_WARNING : SLOT_OK,
                   _("report #%lld filed as %s, score %s%s"), (long long)r.id,
                   mystery_status_key(r.status), score,
                   r.score.critical_failed ? _(" (a critical item failed)") : "");
        mystery_report_free(&r);
        out = R_RELOAD;
        break;
    }
    for (size_t i = 0; i < ncrit; i++) {
        free(helps[i]);
        free(keys[i]);
    }
    free(helps);
    free(keys);
    free(fields);
    scorecard_free(&sc);
    free(id);
    return out;
}
