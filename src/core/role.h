#ifndef SHOPDESK_CORE_ROLE_H
#define SHOPDESK_CORE_ROLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Staff roles (DESIGN.md §1). A person may hold several: roles are a bit mask. */
#define SD_ROLE_LIST(_)                                                                            \
    _(OWNER, "owner", N_("owner"))                                                                 \
    _(AGENT, "agent", N_("agent"))                                                                 \
    _(REFUNDS, "refunds", N_("refunds"))                                                           \
    _(RETURNS, "returns", N_("returns desk"))                                                      \
    _(WAREHOUSE, "warehouse", N_("warehouse"))                                                     \
    _(SHOPPER, "shopper", N_("mystery shopper"))

#define SD_ROLE_BIT(name, key, label) SD_ROLE_BIT_##name,
enum { SD_ROLE_LIST(SD_ROLE_BIT) SD_ROLE_COUNT };
#undef SD_ROLE_BIT

#define SD_ROLE_MASK(name, key, label) SD_ROLE_##name = 1u << SD_ROLE_BIT_##name,
enum sd_role { SD_ROLE_LIST(SD_ROLE_MASK) };
#undef SD_ROLE_MASK

#define SD_ROLE_ALL ((1u << SD_ROLE_COUNT) - 1)

/* "agent,refunds" → mask; SD_INPUT naming the unknown role otherwise. */
int roles_parse(const char *s, unsigned *mask, struct sd_err *err);
/* Comma-separated keys ("agent,refunds") into buf. */
char *roles_format(unsigned mask, char *buf, size_t n);
/* Comma-separated translated labels into buf. */
char *roles_label(unsigned mask, char *buf, size_t n);
const char *role_key(int bit);

/* What a person may do. Each permission names the roles that hold it; the console and the
 * command line ask perm_allowed() before acting, and the refusal is audited. */
#define SD_PERM_LIST(_)                                                                            \
    _(STAFF_MANAGE, "staff.manage", SD_ROLE_OWNER)                                                 \
    _(SETTINGS, "settings", SD_ROLE_OWNER)                                                         \
    _(AUDIT_READ, "audit.read", SD_ROLE_OWNER)                                                     \
    _(ORDERS_VIEW, "orders.view", SD_ROLE_OWNER | SD_ROLE_AGENT | SD_ROLE_REFUNDS |               \
                                      SD_ROLE_WAREHOUSE | SD_ROLE_RETURNS)                        \
    _(ORDERS_IMPORT, "orders.import", SD_ROLE_OWNER | SD_ROLE_AGENT)                              \
    _(ORDERS_EDIT, "orders.edit", SD_ROLE_OWNER | SD_ROLE_AGENT)                                  \
    _(ORDERS_SHIP, "orders.ship", SD_ROLE_OWNER | SD_ROLE_WAREHOUSE | SD_ROLE_AGENT)              \
    _(WAVES, "waves", SD_ROLE_OWNER | SD_ROLE_WAREHOUSE)                                          \
    _(CONTACT_VIEW, "contact.view", SD_ROLE_OWNER | SD_ROLE_AGENT | SD_ROLE_WAREHOUSE)            \
    _(REFUNDS_VIEW, "refunds.view", SD_ROLE_OWNER | SD_ROLE_AGENT | SD_ROLE_REFUNDS |             \
                                        SD_ROLE_RETURNS)                                          \
    _(REFUND_REQUEST, "refund.request", SD_ROLE_OWNER | SD_ROLE_AGENT)                            \
    _(REFUND_REVIEW, "refund.review", SD_ROLE_OWNER | SD_ROLE_AGENT)                              \
    _(REFUND_RECEIVE, "refund.receive", SD_ROLE_OWNER | SD_ROLE_RETURNS)                          \
    _(REFUND_PAY, "refund.pay", SD_ROLE_OWNER | SD_ROLE_REFUNDS)                                  \
    _(REFUND_REVERSE, "refund.reverse", SD_ROLE_OWNER)                                             \
    _(COMPENSATE, "compensate", SD_ROLE_OWNER)                                                     \
    _(MEMBERS_VIEW, "members.view", SD_ROLE_OWNER | SD_ROLE_AGENT)                                \
    _(MEMBERS_EDIT, "members.edit", SD_ROLE_OWNER | SD_ROLE_AGENT)                                \
    _(TIERS, "tiers", SD_ROLE_OWNER)                                                               \
    _(GIFTS_RUN, "gifts.run", SD_ROLE_OWNER)                                                       \
    _(MYSTERY_VIEW, "mystery.view", SD_ROLE_ALL)                                                   \
    _(MYSTERY_FILE, "mystery.file", SD_ROLE_OWNER | SD_ROLE_SHOPPER)                              \
    _(MYSTERY_MANAGE, "mystery.manage", SD_ROLE_OWNER)                                             \
    _(REVIEW_READ, "review.read", SD_ROLE_OWNER)                                                   \
    _(REVIEW_SIGN, "review.sign", SD_ROLE_OWNER)                                                   \
    _(RATINGS, "ratings", SD_ROLE_OWNER | SD_ROLE_AGENT)                                          \
    _(STOCK, "stock", SD_ROLE_OWNER | SD_ROLE_WAREHOUSE)                                          \
    _(DISPUTES, "disputes", SD_ROLE_OWNER | SD_ROLE_AGENT | SD_ROLE_REFUNDS)                      \
    _(CHAT_IMPORT, "chat.import", SD_ROLE_OWNER)                                                   \
    _(PERF_SCORE, "performance.score", SD_ROLE_OWNER)

#define SD_PERM_ENUM(name, key, roles) SD_PERM_##name,
enum sd_perm { SD_PERM_LIST(SD_PERM_ENUM) SD_PERM_COUNT };
#undef SD_PERM_ENUM

bool perm_allowed(unsigned roles, enum sd_perm perm);
/* What a permission lets a person do, as they read it ("paying refunds"), translated. */
const char *perm_label(enum sd_perm perm);
const char *perm_key(enum sd_perm perm);
unsigned perm_roles(enum sd_perm perm);

#endif
