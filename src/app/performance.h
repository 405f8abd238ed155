#ifndef SHOPDESK_APP_PERFORMANCE_H
#define SHOPDESK_APP_PERFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/performance.h"

struct session;
struct strbuf;

/* Each staff member's month (绩效): figures computed from the shop's records (refunds
 * reviewed; paid within the SLA and late; disputes answered in time; the chat figures of
 * their accounts; the mystery reports about them released that month; low ratings they
 * answered), the owner's score and comment, and the person's signature or disagreement.
 * Only the owner and the person see a sheet; a signed sheet is locked, with its figures as
 * they stood; every step is audited. Months are the shop's (YYYY-MM). */

/* "2026-11" into its first day and the first of the next; SD_INPUT otherwise. */
int perf_month_parse(const char *text, char month[8], int64_t *from, int64_t *to,
                     struct sd_err *err);
/* The month before the one now ("2026-11" in December). */
void perf_last_month(char month[8]);

/* The sheet and its figures (as signed, when it is). */
int perf_show(struct session *s, const char *login, const char *month, struct perf_sheet *sheet,
              struct perf_figures *fig, struct sd_err *err);
/* The owner's score (0-100) and comment; again before it is signed. */
int perf_score(struct session *s, const char *login, const char *month, int score,
               const char *comment, struct sd_err *err);
/* The person's answer to their own scored sheet: signed (disagree NULL), or a disagreement
 * with its note (the owner may score again). */
int perf_sign(struct session *s, const char *month, const char *disagree, struct sd_err *err);

/* The owner's overview: every active staff member's sheet of the month. *out is the
 * caller's (free each with perf_sheet_clear, then the array). */
int perf_list(struct session *s, const char *month, struct perf_sheet **out, int *n,
              struct sd_err *err);

/* The figures as JSON (kept with a signed sheet), and back. */
char *perf_figures_json(const struct perf_figures *f);
int perf_figures_from_json(const char *json, struct perf_figures *f);

/* The sheet as people read it, line by line, into sb (the console and the command line). */
void perf_sheet_text(const struct perf_sheet *p, const struct perf_figures *f, struct strbuf *sb);

#endif
