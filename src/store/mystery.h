#ifndef SHOPDESK_STORE_MYSTERY_H
#define SHOPDESK_STORE_MYSTERY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* Who is looking decides what they see: the owner everything; a shopper their own reports;
 * anyone else only released feedback about themselves, never the shopper. */
struct mystery_viewer {
    const char *login;
    bool owner;
    bool shopper;
};

struct mystery_row {
    int64_t id, visited_at;
    int score; /* hundredths of a percent; -1 when not scored */
    bool critical_failed;
    bool shopper_hidden; /* the viewer may not see who the shopper was */
    char shopper[48];
    char target_kind[16];
    char target[64];
    char scorecard[48];
    char status[16];
};

/* Newest visit first, keyset paged, filtered by what the viewer may see. */
int store_mystery_page(struct store *st, const struct mystery_viewer *v,
                       const struct mystery_row *from, bool forward, bool inclusive, int n,
                       struct mystery_row *out, struct sd_err *err);

struct mystery_report;
struct scorecard;

/* Insert a report with its scores, evidence and action items (write transaction); sets
 * r->id. created, submitted and updated times are now (submitted only when it is). */
int store_mystery_insert(struct store *st, struct mystery_report *r, const struct scorecard *sc,
                         int64_t now, struct sd_err *err);
/* A report as stored, without its scores (SD_NOT_FOUND). *r is the caller's
 * (mystery_report_free). */
int store_mystery_get(struct store *st, int64_t id, struct mystery_report *r, struct sd_err *err);

/* A report's scores as stored, in scorecard order. */
struct mystery_score_row {
    char criterion[48];
    char section[64];
    char answer[16];
    int64_t points;     /* -1: not applicable */
    int64_t max_points; /* -1: not applicable */
    char evidence[512];
};
int store_mystery_scores(struct store *st, int64_t id, struct mystery_score_row **rows, size_t *n,
                         struct sd_err *err);

/* Move a report from one status to the next (write transaction); SD_CONFLICT when it is not
 * in `from` any more. feedback (released) and by (reviewed) are kept when given. */
int store_mystery_set_status(struct store *st, int64_t id, int from, int to, const char *by,
                             const char *feedback, int64_t now, struct sd_err *err);

/* An action item's report, owner and status; set its status (write transaction). */
int store_mystery_action_get(struct store *st, int64_t id, int64_t *report_id, char *owner,
                             size_t owner_len, char *status, size_t status_len, struct sd_err *err);
int store_mystery_action_set(struct store *st, int64_t id, const char *status, int64_t now,
                             struct sd_err *err);

/* ---- what the owner reads across reports (drafts left out) ---- */

#define MYSTERY_RECENT 8
/* Per target: how many reports, the average and the last scores (oldest first). */
struct mystery_target_trend {
    char kind[16];
    char target[64];
    int64_t reports;
    int64_t average; /* hundredths of a percent */
    int64_t last_visit;
    int64_t recent[MYSTERY_RECENT];
    int nrecent;
};
int store_mystery_targets(struct store *st, struct mystery_target_trend *out, int n,
                          struct sd_err *err);

/* Per criterion: its share of points over all reports, the last 30 days and the 30 before
 * (hundredths of a percent; -1 when it was not scored then). */
struct mystery_criterion_trend {
    char criterion[48];
    char section[64];
    int64_t reports;
    int64_t overall, last30, prev30;
};
int store_mystery_criteria(struct store *st, int64_t now, struct mystery_criterion_trend *out,
                           int n, struct sd_err *err);

/* Own staff beside competitors, criterion by criterion, where both were scored on it. */
struct mystery_compare_row {
    char criterion[48];
    int64_t staff, competitor; /* hundredths of a percent */
    int64_t staff_reports, competitor_reports;
};
int store_mystery_compare(struct store *st, struct mystery_compare_row *out, int n,
                          struct sd_err *err);

/* Open action items by owner and due date; owner NULL: everyone's. */
struct mystery_action_row {
    int64_t id, report_id;
    char owner[48];
    char due[11];
    char text[256];
};
int store_mystery_open_actions(struct store *st, const char *owner, struct mystery_action_row *out,
                               int n, struct sd_err *err);

#endif
