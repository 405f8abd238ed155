#ifndef SHOPDESK_APP_DISPUTES_H
#define SHOPDESK_APP_DISPUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/disputes.h"

struct session;

/* Disputes (维权, 投诉): entered by an agent or the refunds team, or imported from the
 * platform's dispute export; answered; decided by the platform. Every step is audited and
 * needs the disputes permission (owners, agents, the refunds team). */

struct dispute_new {
    const char *order; /* what a person types: a number, PLATFORM:NUMBER, a tracking number */
    int64_t refund_id; /* 0: about the order */
    const char *kind;  /* a kind of shop.yaml's disputes.answer_within_hours */
    const char *claim; /* what the buyer claims */
    int64_t opened_at; /* 0: now */
    const char *ref;   /* the platform's number for it; NULL */
    const char *const *evidence; /* files, NULL-terminated; NULL for none */
};

int dispute_add(struct session *s, const struct dispute_new *n, int64_t *id, struct sd_err *err);
/* The answer sent to the platform, with evidence files (hashed, kept by absolute path). A
 * dispute is answered once; a decided one not at all (SD_CONFLICT). */
int dispute_answer(struct session *s, int64_t id, const char *note, const char *const *evidence,
                   struct sd_err *err);
/* What the platform decided, and who it held responsible ("" when it did not say). */
int dispute_close(struct session *s, int64_t id, enum dispute_outcome o, const char *responsible,
                  struct sd_err *err);
int dispute_get(struct session *s, int64_t id, struct dispute *out, struct sd_err *err);
/* Up to n; *found how many. */
int dispute_list(struct session *s, const struct dispute_filter *f, struct dispute *out, int n,
                 int *found, struct sd_err *err);
/* Open disputes, and those of them unanswered past their deadline now. */
int dispute_open_counts(struct session *s, int64_t *open, int64_t *overdue, struct sd_err *err);

/* Import the platform's dispute export (CSV; Taobao's Chinese headers, English ones, or a
 * mapping naming the columns and the file's words for kinds and outcomes). One transaction:
 * a bad row is FILE:LINE: reason and nothing is kept. A dispute already in the shop (the
 * same platform number, or the same order, kind and opened time) is brought up to date:
 * answered, decided. Disputes on orders the shop does not have are left out and counted. */
struct dispute_import_result {
    int64_t imported, updated, unchanged;
    int64_t unknown_orders;  /* rows left out */
    long first_unknown_line; /* the first of them, for the message */
};
int dispute_import(struct session *s, const char *path, const char *mapping, const char *encoding,
                   bool dry_run, struct dispute_import_result *out, struct sd_err *err);

#endif
