#ifndef SHOPDESK_APP_CHAT_H
#define SHOPDESK_APP_CHAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "core/tz.h"
#include "store/chat.h"

struct session;

/* The platform's chat service statistics (千牛 客服绩效 and the like), per agent and day.
 * Owners import them: they measure the agents, who do not write their own figures. */
struct chat_import_result {
    int64_t imported, updated, unchanged;
    int unmatched;             /* accounts no staff member has claimed */
    char unmatched_names[200]; /* the first of them, comma-separated */
};

/* Import a CSV (Qianniu's Chinese headers, English ones, or a mapping): date, account,
 * consultations, and when given inquiries, orders from inquiries (or the conversion rate),
 * first and average response (seconds, "12.5", "12.5秒", "0:00:12"), satisfaction ("98.5%",
 * or 0.985). day, when given, is the day of every row (a file without a date column). One
 * transaction: a bad row is FILE:LINE: reason and nothing is kept. Importing again replaces
 * the same day and account's figures. */
int chat_import(struct session *s, const char *path, const char *mapping, const char *encoding,
                const struct sd_date *day, bool dry_run, struct chat_import_result *out,
                struct sd_err *err);

/* A staff member's accounts on the platforms, comma-separated ("" none): they become these
 * (owners; audited). An account another staff member has is refused. */
int chat_accounts_set(struct session *s, const char *login, const char *accounts,
                      struct sd_err *err);

#endif
