#ifndef SHOPDESK_STORE_DISPUTES_H
#define SHOPDESK_STORE_DISPUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dispute.h"
#include "core/status.h"

struct store;

/* Disputes as the database keeps them (migration 16). Writes need a write transaction. */
struct dispute {
    int64_t id, order_id, refund_id; /* refund_id 0: about the order */
    char number[64];                 /* the order's number and platform, as read */
    char platform[24];
    char buyer[64];
    char kind[40];
    char ref[64]; /* the platform's number for it; "" */
    int64_t opened_at, due_at;
    char claim[800];
    char answer[1200];
    int64_t answered_at; /* 0: not answered */
    char answered_by[64];
    enum dispute_outcome outcome;
    char responsible[64];
    int64_t closed_at; /* 0: open */
    char closed_by[64];
    int64_t created_at;
    char created_by[64];
    int evidence; /* how many files */
};

int store_dispute_insert(struct store *st, struct dispute *d, struct sd_err *err);
/* SD_NOT_FOUND when there is none. */
int store_dispute_get(struct store *st, int64_t id, struct dispute *out, struct sd_err *err);
/* The dispute an import brings again: by the order and the platform's number when it has
 * one, else by the order, kind and opened time. *id 0 when there is none. */
int store_dispute_find(struct store *st, int64_t order_id, const char *ref, const char *kind,
                       int64_t opened_at, int64_t *id, struct sd_err *err);
int store_dispute_answer(struct store *st, int64_t id, const char *text, int64_t at,
                         const char *login, struct sd_err *err);
int store_dispute_close(struct store *st, int64_t id, enum dispute_outcome o,
                        const char *responsible, int64_t at, const char *login, struct sd_err *err);
int store_dispute_evidence_add(struct store *st, int64_t id, const char *path, const char *sha256,
                               int64_t at, const char *login, struct sd_err *err);
/* The evidence of a dispute: paths and hashes, up to n. Returns how many, or -1. */
int store_dispute_evidence(struct store *st, int64_t id, char paths[][512], char sha[][65], int n,
                           struct sd_err *err);

/* Which disputes a list holds. */
struct dispute_filter {
    bool open_only;   /* not decided yet, deadline first */
    int64_t from, to; /* opened in [from, to); 0: any */
    int64_t order_id; /* 0: any */
};
/* Up to n, the open ones by deadline, else newest opened first. Returns how many, or -1. */
int store_dispute_list(struct store *st, const struct dispute_filter *f, struct dispute *out, int n,
                       struct sd_err *err);
/* Open disputes and, of them, the unanswered past their deadline at `now`. */
int store_dispute_open_counts(struct store *st, int64_t now, int64_t *open, int64_t *overdue,
                              struct sd_err *err);

/* The disputes of a period, for the review. */
struct dispute_counts {
    int64_t opened;               /* opened in it */
    int64_t answered;             /* answered in it */
    int64_t answered_in_time;     /* ...by their deadline */
    int64_t lost, won, withdrawn; /* decided in it */
    int64_t overdue;              /* open at its end, unanswered and past their deadline */
    int64_t measured, good;       /* the service line's: see dispute_line() */
};
/* [start, end) for the day's counts; the line over [line_from, end). */
int store_dispute_counts(struct store *st, int64_t start, int64_t end, int64_t line_from,
                         struct dispute_counts *out, struct sd_err *err);

#endif
