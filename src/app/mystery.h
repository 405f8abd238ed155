#ifndef SHOPDESK_APP_MYSTERY_H
#define SHOPDESK_APP_MYSTERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mystery.h"
#include "store/mystery.h"

struct session;

/* Mystery-shopper reports: filed by shoppers (or the owner), reviewed, released and locked by
 * the owner. Who sees what: the owner everything; a shopper their own reports; anyone else
 * only the released feedback on themselves, never who the shopper was. */

/* The viewer the session is. */
struct mystery_viewer mystery_viewer_of(const struct session *s);

/* File a report from its YAML file (mystery.file): checked against the shop's scorecard,
 * scored, its evidence files hashed (SHA-256), kept with its action items in one
 * transaction, audited as "mystery.add". The shopper is the caller; the owner may name
 * another shopper in the file. A staff target must be on the staff. */
int mystery_add(struct session *s, const char *path, int64_t *id, struct sd_err *err);

/* File a report built elsewhere (the console's form): the same checks, scoring, hashing,
 * transaction and audit as mystery_add; where names it in messages. Sets r->id. */
int mystery_file(struct session *s, struct mystery_report *r, const struct scorecard *sc,
                 const char *where, struct sd_err *err);

/* The shop's scorecards: their directory, their ids (sorted; the caller frees each and the
 * array), one by id. */
char *mystery_scorecards_dir(const struct session *s);
int mystery_scorecard_ids(const struct session *s, char ***ids, size_t *n, struct sd_err *err);
int mystery_scorecard(const struct session *s, const char *id, struct scorecard *sc,
                      struct sd_err *err);

/* A report as the caller may see it. A report they may not see is SD_NOT_FOUND, as if it
 * were not there. */
struct mystery_view {
    struct mystery_report r;
    struct mystery_score_row *scores;
    size_t nscores;
    bool shopper_hidden; /* r.shopper is NULL */
    bool feedback_only;  /* the target reading released feedback: no scores or findings */
};
int mystery_show(struct session *s, int64_t id, struct mystery_view *v, struct sd_err *err);
void mystery_view_free(struct mystery_view *v);

/* The steps of a report. submit: its shopper or the owner (draft -> submitted); review:
 * the owner (submitted -> reviewed); release: the owner, with the feedback the target reads
 * (reviewed -> released); lock: the owner (reviewed or released -> locked; nothing changes
 * after). Each is audited as "mystery.<step>". */
enum mystery_step { STEP_SUBMIT, STEP_REVIEW, STEP_RELEASE, STEP_LOCK };
/* Whether the step may be taken on report id now (roles, its status, a submission's checks),
 * changing nothing: what a screen asks before its first question. */
int mystery_check(struct session *s, int64_t id, enum mystery_step step, struct sd_err *err);
int mystery_step(struct session *s, int64_t id, enum mystery_step step, const char *feedback,
                 struct sd_err *err);

/* The open action items the caller may see (the owner all, anyone else their own), by
 * owner and due date; at most n. Returns how many, or -1 with err. */
int mystery_open_actions(struct session *s, struct mystery_action_row *out, int n,
                         struct sd_err *err);
/* Mark an action item done, dropped or open again: its owner or the shop's owner. */
int mystery_action_set(struct session *s, int64_t id, const char *status, struct sd_err *err);

/* The same as documents for people (the console's pager, the command line's text):
 * one report as the caller may see it; the targets and criteria over time and own staff
 * beside competitors (the owner); open action items (the owner all, anyone else their own). */
struct detail;
int mystery_detail(struct session *s, int64_t id, struct detail *d, struct sd_err *err);
int mystery_trends_detail(struct session *s, struct detail *d, struct sd_err *err);
int mystery_compare_detail(struct session *s, struct detail *d, struct sd_err *err);
int mystery_actions_detail(struct session *s, struct detail *d, struct sd_err *err);

#endif
