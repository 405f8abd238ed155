#ifndef SHOPDESK_CORE_REFUND_H
#define SHOPDESK_CORE_REFUND_H

#include <stdbool.h>
#include <stdint.h>

/* Refund requests: the 5-minute workflow's states and kinds, as the database holds them. */
#define REFUND_STATUS_LIST(_)                                                                      \
    _(REQUESTED, "requested", N_("requested"))                                                     \
    _(APPROVED, "approved", N_("approved"))                                                        \
    _(REJECTED, "rejected", N_("rejected"))                                                        \
    _(AWAITING_RETURN, "awaiting_return", N_("awaiting return"))                                   \
    _(RECEIVED, "received", N_("received"))                                                        \
    _(PAID, "paid", N_("refunded"))                                                                \
    _(EXCHANGED, "exchanged", N_("exchanged"))                                                     \
    _(WITHDRAWN, "withdrawn", N_("withdrawn"))

#define REFUND_STATUS_ENUM(name, key, label) REFUND_##name,
enum refund_status { REFUND_STATUS_LIST(REFUND_STATUS_ENUM) REFUND_STATUS_COUNT };
#undef REFUND_STATUS_ENUM

#define REFUND_KIND_LIST(_)                                                                        \
    _(REFUND, "refund", N_("refund only"))                                                         \
    _(RETURN, "return", N_("return and refund"))                                                   \
    _(EXCHANGE, "exchange", N_("exchange"))

#define REFUND_KIND_ENUM(name, key, label) KIND_##name,
enum refund_kind { REFUND_KIND_LIST(REFUND_KIND_ENUM) REFUND_KIND_COUNT };
#undef REFUND_KIND_ENUM

const char *refund_status_key(enum refund_status s);
const char *refund_status_label(enum refund_status s); /* translated */
int refund_status_parse(const char *key);              /* -1 when unknown */
const char *refund_kind_key(enum refund_kind k);
const char *refund_kind_label(enum refund_kind k);
int refund_kind_parse(const char *key);

/* Return parcel condition, one key on the scan screen. */
#define RETURN_CONDITION_LIST(_)                                                                   \
    _(RESALEABLE, 1, N_("resaleable"))                                                             \
    _(DEFECTIVE, 2, N_("defective"))                                                               \
    _(WRONG_ITEM, 3, N_("wrong item"))                                                             \
    _(EMPTY, 4, N_("empty or short"))

const char *return_condition_label(int condition); /* 1-4; translated */

/* An open request: neither finished nor refused. */
bool refund_is_open(enum refund_status s);

#endif
