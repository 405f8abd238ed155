#ifndef SHOPDESK_CORE_MYSTERY_H
#define SHOPDESK_CORE_MYSTERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* Mystery-shopper scorecards and the scoring of a report against one.
 *
 * A scorecard has sections with weights; a section has criteria. A criterion earns a share
 * of its points (its weight x 100, in hundredths):
 *   yesno    yes all, no none;
 *   five     1 none, 2 a quarter, 3 half, 4 three quarters, 5 all;
 *   seconds  a measured time: all at or under `good`, none at or over `bad`, in between in
 *            a straight line (rounded half up).
 * N/A (where the criterion allows it) leaves the criterion out of its section's points and
 * out of the denominator; a section with nothing applicable is left out of the report.
 * A section scores its points over its possible points, in hundredths of a percent rounded
 * half up; the report is the weighted mean of its sections, rounded half up. A critical
 * criterion that earns no points fails the whole report: its score is then 0. */

enum mystery_scale { SCALE_YESNO, SCALE_FIVE, SCALE_SECONDS };
enum mystery_target { TARGET_STAFF, TARGET_COMPETITOR, TARGET_COURIER, TARGET_KINDS };

struct mystery_criterion {
    char *id;
    char *label;
    char *help;
    enum mystery_scale scale;
    int weight; /* 1 by default */
    bool critical;
    bool na_allowed;
    int64_t good, bad; /* seconds scale only: good < bad */
};

struct mystery_section {
    char *name;
    int weight;
    struct mystery_criterion *c;
    size_t n;
};

struct scorecard {
    char *id;
    char *title;
    int version;
    enum mystery_target target;
    char *channel;
    struct mystery_section *s;
    size_t n;
};

/* One answer: not applicable, or a value (1/0 for yes/no, 1-5, seconds). */
struct mystery_answer {
    bool given; /* false: not answered yet (a draft) */
    bool na;
    int64_t value;
};

const char *mystery_target_key(enum mystery_target t); /* "staff" */
/* What a person reads (translated), and the same from a key ("staff" -> 员工). */
const char *mystery_target_label(enum mystery_target t);
const char *mystery_target_text(const char *key);
/* A scorecard's channel as a person reads it ("chat" -> 在线客服); others as written. */
const char *mystery_channel_text(const char *key);
int mystery_target_parse(const char *s, enum mystery_target *out);
const char *mystery_scale_key(enum mystery_scale s); /* "yesno" */
int mystery_scale_parse(const char *s, enum mystery_scale *out);

size_t scorecard_criteria(const struct scorecard *sc); /* over all sections */
/* The i-th criterion over all sections, and its section. */
const struct mystery_criterion *scorecard_criterion(const struct scorecard *sc, size_t i,
                                                    const struct mystery_section **section);
/* The index of a criterion by id, or -1. */
long scorecard_find(const struct scorecard *sc, const char *id);
void scorecard_free(struct scorecard *sc);

/* Parse an answer as written ("yes", "no", "3", "na", "45"): SD_INPUT with a message
 * saying what the criterion takes. */
int mystery_answer_parse(const struct mystery_criterion *c, const char *text,
                         struct mystery_answer *out, struct sd_err *err);
/* The answer as it is written back ("yes", "4", "na", "45"). */
void mystery_answer_format(const struct mystery_criterion *c, const struct mystery_answer *a,
                           char *buf, size_t n);

/* Points earned and possible, hundredths; -1 earned for N/A or not answered. */
int64_t mystery_points(const struct mystery_criterion *c, const struct mystery_answer *a);
int64_t mystery_max_points(const struct mystery_criterion *c);

struct mystery_score {
    int64_t score; /* hundredths of a percent; -1 when nothing applies */
    bool critical_failed;
    long failed_at; /* the first failed critical criterion, or -1 */
};
/* Score answers (one per criterion, in scorecard order). Unanswered criteria count as N/A
 * (drafts show a partial score). */
void mystery_score(const struct scorecard *sc, const struct mystery_answer *answers,
                   struct mystery_score *out);
/* A section's share, hundredths of a percent; -1 when nothing in it applies. answers are
 * the whole report's. */
int64_t mystery_section_score(const struct scorecard *sc, size_t section,
                              const struct mystery_answer *answers);

/* ---- reports ---- */

enum mystery_status {
    MYSTERY_DRAFT,
    MYSTERY_SUBMITTED,
    MYSTERY_REVIEWED,
    MYSTERY_RELEASED,
    MYSTERY_LOCKED,
    MYSTERY_STATUSES
};
const char *mystery_status_key(enum mystery_status s); /* "draft" */
/* What a person reads (translated), and the same from a key. */
const char *mystery_status_label(enum mystery_status s);
const char *mystery_status_text(const char *key);
int mystery_status_parse(const char *s, enum mystery_status *out);

struct mystery_evidence {
    char *path;    /* as written in the report, resolved against its directory */
    int line, col; /* where the report names it */
    char sha256[65];
};

struct mystery_action {
    int64_t id;
    char *text;
    char *owner;    /* a staff login */
    char due[11];   /* YYYY-MM-DD, shop-local */
    char status[8]; /* open, done, dropped */
};

struct mystery_report {
    int64_t id;
    char *shopper;
    char *scorecard;
    int scorecard_version;
    enum mystery_target target_kind;
    char *target;
    char *channel;
    int64_t visited_at;
    char *persona, *scenario, *findings, *feedback;
    enum mystery_status status;
    /* one per criterion of the scorecard, in its order; notes[i] is the evidence note */
    struct mystery_answer *answers;
    char **notes;
    size_t nanswers;
    struct mystery_evidence *files;
    size_t nfiles;
    struct mystery_action *actions;
    size_t nactions;
    struct mystery_score score;
    int64_t created_at, submitted_at, reviewed_at, released_at, locked_at;
    char *reviewed_by;
};
void mystery_report_free(struct mystery_report *r);

#endif
