#ifndef SHOPDESK_CORE_DISPUTE_H
#define SHOPDESK_CORE_DISPUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Disputes: a buyer's complaint to the platform (投诉) or a request that the platform step
 * into an after-sales case (维权), on an order or a refund. The platform gives the shop a
 * number of hours to answer, by kind (shop.yaml's disputes.answer_within_hours); the answer
 * counts as in time when it was sent by then. The platform decides: the shop won, lost, or
 * the buyer withdrew. */

enum dispute_outcome { DISPUTE_OPEN, DISPUTE_WON, DISPUTE_LOST, DISPUTE_WITHDRAWN };

const char *dispute_outcome_key(enum dispute_outcome o);   /* "won" ("" for open) */
const char *dispute_outcome_label(enum dispute_outcome o); /* translated */
/* "won", "lost", "withdrawn" (and 胜诉/败诉/撤销 as platforms write them) → the outcome;
 * -1 otherwise. */
int dispute_outcome_parse(const char *s);

/* The deadline to answer a dispute opened at `opened` with `hours` to answer: an instant,
 * the same wherever it is read (48 h from 23:30 is 23:30 two days on, across midnight,
 * time zones and a change of summer time alike). */
int64_t dispute_deadline(int64_t opened, int hours);

/* Whether an answer at `answered` (0: none yet) was in time for `due`. */
bool dispute_in_time(int64_t answered, int64_t due);

/* The disputes line of the service score, in hundredths of 100, from the disputes of a
 * period: those decided or past their deadline (`measured`), of which `good` were answered
 * in time and not lost. A period with orders and no dispute to measure scores 100; one with
 * neither has nothing to score (-1). */
int64_t dispute_line(int64_t measured, int64_t good, int64_t orders);

#endif
