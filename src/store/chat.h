#ifndef SHOPDESK_STORE_CHAT_H
#define SHOPDESK_STORE_CHAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/chat.h"
#include "core/status.h"

struct store;

/* One agent's day of chat service, as the platform counted it (migration 17). -1 in the
 * optional figures: the file did not say. */
struct chat_row {
    char day[11];     /* YYYY-MM-DD, the shop's day */
    char account[64]; /* the agent's account on the platform */
    char login[64];   /* the staff member it belongs to; "" when no one claimed it */
    int64_t consultations, inquiries, orders;
    int64_t first_ms, avg_ms, satisfaction;
};

enum chat_change { CHAT_NEW, CHAT_UPDATED, CHAT_UNCHANGED };

/* Inside a write transaction: the row, new or replacing the same day and account's. */
int store_chat_put(struct store *st, const struct chat_row *r, int64_t now, const char *login,
                   enum chat_change *ch, struct sd_err *err);
/* Rows of days from..to (inclusive, YYYY-MM-DD), by account then day; up to n. Returns how
 * many, or -1. */
int store_chat_rows(struct store *st, const char *from, const char *to, struct chat_row *out, int n,
                    struct sd_err *err);
/* The day's figures summed over every agent. */
int store_chat_totals(struct store *st, const char *day, struct chat_totals *out,
                      struct sd_err *err);

/* Which staff member an account is (""), and the accounts of a login, comma-separated. */
int store_account_login(struct store *st, const char *account, char *login, size_t n,
                        struct sd_err *err);
int store_accounts_of(struct store *st, const char *login, char *out, size_t n, struct sd_err *err);
/* Inside a write transaction: the login's accounts become these. */
int store_accounts_set(struct store *st, const char *login, char *const *accounts, int n,
                       struct sd_err *err);

#endif
