#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mystery.h"
#include "util/i18n.h"

static const char *const target_keys[TARGET_KINDS] = {"staff", "competitor", "courier"};
static const char *const scale_keys[] = {"yesno", "five", "seconds"};

const char *mystery_target_key(enum mystery_target t)
{
    return t < TARGET_KINDS ? target_keys[t] : "";
}

const char *mystery_target_label(enum mystery_target t)
{
    /* L10N: who a mystery visit looked at: one of the shop's staff, a competitor, a courier */
    static const char *const labels[TARGET_KINDS] = {N_("staff"), N_("competitor"),
                                                     N_("courier")};
    return t < TARGET_KINDS ? _(labels[t]) : "";
}

const char *mystery_target_text(const char *key)
{
    enum mystery_target t;
    return mystery_target_parse(key, &t) == SD_OK ? mystery_target_label(t) : key;
}

const char *mystery_channel_text(const char *key)
{
    /* L10N: how a mystery shopper reached the shop */
    static const struct {
        const char *key, *label;
    } channels[] = {{"chat", N_("chat")},       {"phone", N_("phone")}, {"store", N_("in the store")},
                    {"email", N_("e-mail")},    {"delivery", N_("delivery")},
                    {"live", N_("live stream")}};
    for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
        if (!strcmp(key, channels[i].key))
            return _(channels[i].label);
    return key;
}

int mystery_target_parse(const char *s, enum mystery_target *out)
{
    for (int i = 0; i < TARGET_KINDS; i++)
        if (!strcmp(s, target_keys[i])) {
            *out = (enum mystery_target)i;
            return SD_OK;
        }
    return SD_INPUT;
}

const char *mystery_scale_key(enum mystery_scale s)
{
    return scale_keys[s];
}

int mystery_scale_parse(const char *s, enum mystery_scale *out)
{
    for (size_t i = 0; i < sizeof scale_keys / sizeof scale_keys[0]; i++)
        if (!strcmp(s, scale_keys[i])) {
            *out = (enum mystery_scale)i;
            return SD_OK;
        }
    return SD_INPUT;
}

size_t scorecard_criteria(const struct scorecard *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n; i++)
        n += sc->s[i].n;
    return n;
}

const struct mystery_criterion *scorecard_criterion(const struct scorecard *sc, size_t i,
                                                    const struct mystery_section **section)
{
    for (size_t k = 0; k < sc->n; k++) {
        if (i < sc->s[k].n) {
            if (section)
                *section = &sc->s[k];
            return &sc->s[k].c[i];
        }
        i -= sc->s[k].n;
    }
    return NULL;
}

long scorecard_find(const struct scorecard *sc, const char *id)
{
    long i = 0;
    for (size_t k = 0; k < sc->n; k++)
        for (size_t j = 0; j < sc->s[k].n; j++, i++)
            if (!strcmp(sc->s[k].c[j].id, id))
                return i;
    return -1;
}

void scorecard_free(struct scorecard *sc)
{
    for (size_t k = 0; k < sc->n; k++) {
        for (size_t j = 0; j < sc->s[k].n; j++) {
            free(sc->s[k].c[j].id);
            free(sc->s[k].c[j].label);
            free(sc->s[k].c[j].help);
        }
        free(sc->s[k].c);
        free(sc->s[k].name);
    }
    free(sc->s);
    free(sc->id);
    free(sc->title);
    free(sc->channel);
    memset(sc, 0, sizeof *sc);
}

/* A whole number of at most 9 digits, nothing else. */
static bool small_number(const char *s, int64_t *out)
{
    int64_t v = 0;
    size_t i = 0;
    for (; s[i] >= '0' && s[i] <= '9' && i < 9; i++)
        v = v * 10 + (s[i] - '0');
    if (i == 0 || s[i])
        return false;
    *out = v;
    return true;
}

int mystery_answer_parse(const struct mystery_criterion *c, const char *text,
                         struct mystery_answer *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    out->given = true;
    if (!strcmp(text, "na") || !strcmp(text, "n/a") || !strcmp(text, "N/A")) {
        if (!c->na_allowed)
            return sd_fail(err, SD_INPUT, _("%s cannot be N/A"), c->label);
        out->na = true;
        return SD_OK;
    }
    int64_t v;
    switch (c->scale) {
    case SCALE_YESNO:
        if (!strcmp(text, "yes") || !strcmp(text, "y")) {
            out->value = 1;
            return SD_OK;
        }
        if (!strcmp(text, "no") || !strcmp(text, "n")) {
            out->value = 0;
            return SD_OK;
        }
        return sd_fail(err, SD_INPUT, _("%s takes yes or no%s, not '%s'"), c->label,
                       c->na_allowed ? _(" (or na)") : "", text);
    case SCALE_FIVE:
        if (small_number(text, &v) && v >= 1 && v <= 5) {
            out->value = v;
            return SD_OK;
        }
        return sd_fail(err, SD_INPUT, _("%s takes 1 to 5%s, not '%s'"), c->label,
                       c->na_allowed ? _(" (or na)") : "", text);
    case SCALE_SECONDS:
        if (small_number(text, &v)) {
            out->value = v;
            return SD_OK;
        }
        return sd_fail(err, SD_INPUT, _("%s takes a number of seconds%s, not '%s'"), c->label,
                       c->na_allowed ? _(" (or na)") : "", text);
    }
    return SD_INPUT;
}

void mystery_answer_format(const struct mystery_criterion *c, const struct mystery_answer *a,
                           char *buf, size_t n)
{
    if (!a->given)
        snprintf(buf, n, "%s", "");
    else if (a->na)
        snprintf(buf, n, "na");
    else if (c->scale == SCALE_YESNO)
        snprintf(buf, n, "%s", a->value ? "yes" : "no");
    else
        snprintf(buf, n, "%lld", (long long)a->value);
}

int64_t mystery_max_points(const struct mystery_criterion *c)
{
    return (int64_t)c->weight * 100;
}

int64_t mystery_points(const struct mystery_criterion *c, const struct mystery_answer *a)
{
    if (!a->given || a->na)
        return -1;
    int64_t max = mystery_max_points(c);
    switch (c->scale) {
    case SCALE_YESNO:
        return a->value ? max : 0;
    case SCALE_FIVE:
        return (max * (a->value - 1) * 2 + 4) / 8; /* max x (v - 1) / 4, half up */
    case SCALE_SECONDS: {
        if (a->value <= c->good)
            return max;
        if (a->value >= c->bad)
            return 0;
        int64_t span = c->bad - c->good;
        return (max * (c->bad - a->value) * 2 + span) / (2 * span);
    }
    }
    return 0;
}

/* Hundredths of a percent, rounded half up. */
static int64_t share(int64_t part, int64_t whole)
{
    return (part * 20000 + whole) / (2 * whole);
}

int64_t mystery_section_score(const struct scorecard *sc, size_t section,
                              const struct mystery_answer *answers)
{
    size_t first = 0;
    for (size_t k = 0; k < section; k++)
        first += sc->s[k].n;
    const struct mystery_section *s = &sc->s[section];
    int64_t got = 0, max = 0;
    for (size_t j = 0; j < s->n; j++) {
        int64_t p = mystery_points(&s->c[j], &answers[first + j]);
        if (p < 0)
            continue;
        got += p;
        max += mystery_max_points(&s->c[j]);
    }
    return max ? share(got, max) : -1;
}

void mystery_score(const struct scorecard *sc, const struct mystery_answer *answers,
                   struct mystery_score *out)
{
    out->score = -1;
    out->critical_failed = false;
    out->failed_at = -1;
    int64_t sum = 0, weights = 0;
    size_t i = 0;
    for (size_t k = 0; k < sc->n; k++) {
        for (size_t j = 0; j < sc->s[k].n; j++, i++)
            if (sc->s[k].c[j].critical && mystery_points(&sc->s[k].c[j], &answers[i]) == 0 &&
                !out->critical_failed) {
                out->critical_failed = true;
                out->failed_at = (long)i;
            }
        int64_t v = mystery_section_score(sc, k, answers);
        if (v < 0)
            continue;
        sum += v * sc->s[k].weight;
        weights += sc->s[k].weight;
    }
    if (weights)
        out->score = (sum * 2 + weights) / (2 * weights);
    if (out->critical_failed)
        out->score = 0;
}

static const char *const status_keys[MYSTERY_STATUSES] = {"draft", "submitted", "reviewed",
                                                          "released", "locked"};

const char *mystery_status_key(enum mystery_status s)
{
    return s < MYSTERY_STATUSES ? status_keys[s] : "";
}

const char *mystery_status_label(enum mystery_status s)
{
    static const char *const labels[MYSTERY_STATUSES] = {
        N_("draft"), N_("submitted"), N_("reviewed"), N_("released"), N_("locked")};
    return s < MYSTERY_STATUSES ? _(labels[s]) : "";
}

const char *mystery_status_text(const char *key)
{
    enum mystery_status st;
    return mystery_status_parse(key, &st) == SD_OK ? mystery_status_label(st) : key;
}

int mystery_status_parse(const char *s, enum mystery_status *out)
{
    for (int i = 0; i < MYSTERY_STATUSES; i++)
        if (!strcmp(s, status_keys[i])) {
            *out = (enum mystery_status)i;
            return SD_OK;
        }
    return SD_INPUT;
}

void mystery_report_free(struct mystery_report *r)
{
    free(r->shopper);
    free(r->scorecard);
    free(r->target);
    free(r->channel);
    free(r->persona);
    free(r->scenario);
    free(r->findings);
    free(r->feedback);
    free(r->reviewed_by);
    for (size_t i = 0; i < r->nanswers; i++)
        free(r->notes ? r->notes[i] : NULL);
    free(r->notes);
    free(r->answers);
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i].path);
    free(r->files);
    for (size_t i = 0; i < r->nactions; i++) {
        free(r->actions[i].text);
        free(r->actions[i].owner);
    }
    free(r->actions);
    memset(r, 0, sizeof *r);
}
