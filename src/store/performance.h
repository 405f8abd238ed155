#ifndef SHOPDESK_STORE_PERFORMANCE_H
#define SHOPDESK_STORE_PERFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/chat.h"
#include "core/status.h"

struct store;

/* A staff member's month as the owner scored it and the person answered (migration 18). */
struct perf_sheet {
    char login[64];
    char month[8]; /* YYYY-MM */
    bool exists;   /* scored at least once */
    int score;     /* 0-100; -1 not scored */
    char comment[1000];
    char scored_by[64];
    int64_t scored_at;
    char disagreement[1000];
    int64_t disagreed_at; /* 0: none */
    int64_t signed_at;    /* 0: not signed */
    char *figures;        /* JSON as they stood at signing; NULL before (perf_sheet_clear) */
};
void perf_sheet_clear(struct perf_sheet *p);

/* What the shop's records say of a person's month: [from, to) in time, days from..to
 * (YYYY-MM-DD, inclusive) for the chat statistics. */
struct perf_figures {
    int64_t refunds_reviewed;
    int64_t refunds_paid, paid_in_sla, paid_late;
    int64_t disputes_answered, disputes_in_time;
    struct chat_totals chat;
    int64_t mystery_reports, mystery_avg; /* released reports about them; avg -1: none */
    int64_t low_ratings_answered;
};

int store_perf_figures(struct store *st, const char *login, int64_t from, int64_t to,
                       const char *day_from, const char *day_to, struct perf_figures *out,
                       struct sd_err *err);
/* The sheet (exists false when never scored). */
int store_perf_get(struct store *st, const char *login, const char *month, struct perf_sheet *out,
                   struct sd_err *err);
/* Inside a write transaction. Scoring again clears a disagreement: the person answers the
 * new score. */
int store_perf_score(struct store *st, const char *login, const char *month, int score,
                     const char *comment, const char *by, int64_t at, struct sd_err *err);
int store_perf_disagree(struct store *st, const char *login, const char *month, const char *note,
                        int64_t at, struct sd_err *err);
int store_perf_sign(struct store *st, const char *login, const char *month, const char *figures,
                    int64_t at, struct sd_err *err);

#endif
