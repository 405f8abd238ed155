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
/* A short label for lists: "money only", "return", "exchange". */
const char *refund_kind_short(enum refund_kind k);
int refund_kind_parse(const char *key);

/* Return parcel condition, one key on the scan screen. */
#define RETURN_CONDITION_LIST(_)                                                                   \
    _(RESALEABLE, 1, N_("resaleable"))                                                             \
    _(DEFECTIVE, 2, N_("defective"))                                                               \
    _(WRONG_ITEM, 3, N_("wrong item"))                                                             \
    _(EMPTY, 4, N_("empty or short"))

const char *return_condition_label(int condition); /* 1-4; translated */

/* Where a graded parcel's goods go: 1 resaleable → open-box (never new again), 2 defective →
 * defective, 3 wrong item → open-box, as the SKU that actually came back (*other set),
 * 4 empty or short → nothing. */
enum return_goods { GOODS_NONE, GOODS_OPEN_BOX, GOODS_DEFECTIVE };
enum return_goods return_goods_of(int condition, bool *other);

/* An open request: neither finished nor refused. */
bool refund_is_open(enum refund_status s);

/* Why the buyer asks. Codes are what the database and the command line use. */
#define REFUND_REASON_LIST(_)                                                                      \
    _(NOT_RECEIVED, "not_received", N_("parcel not received"))                                     \
    _(DAMAGED, "damaged", N_("arrived damaged"))                                                   \
    _(WRONG_ITEM, "wrong_item", N_("wrong item sent"))                                             \
    _(NOT_AS_DESCRIBED, "not_as_described", N_("not as described"))                                \
    _(QUALITY, "quality", N_("quality problem"))                                                   \
    _(SIZE, "size", N_("wrong size"))                                                              \
    _(CHANGED_MIND, "changed_mind", N_("changed mind (7-day return)"))                             \
    _(EMPTY_PARCEL, "empty_parcel", N_("empty parcel or items missing"))                           \
    _(LATE, "late", N_("shipped late"))                                                            \
    _(OTHER, "other", N_("other"))                                                                \
    _(PRICE_PROTECTION, "price_protection", N_("price protection: sold for less since"))

#define REFUND_REASON_ENUM(name, key, label) REASON_##name,
enum refund_reason { REFUND_REASON_LIST(REFUND_REASON_ENUM) REFUND_REASON_COUNT };
#undef REFUND_REASON_ENUM

int refund_reason_parse(const char *key); /* -1 when unknown */
const char *refund_reason_key(enum refund_reason r);
const char *refund_reason_label(enum refund_reason r); /* translated */
/* "not_received, damaged, ..." for messages. */
const char *refund_reason_keys(void);

/* The steps of the workflow. */
enum refund_step {
    STEP_APPROVE,  /* requested -> approved (money only) or awaiting_return */
    STEP_REJECT,   /* requested -> rejected */
    STEP_RECEIVE,  /* awaiting_return -> received */
    STEP_PAY,      /* approved (ready) or received -> paid */
    STEP_EXCHANGE, /* received (an exchange) -> exchanged: the replacement order */
    STEP_WITHDRAW, /* requested, approved or awaiting_return -> withdrawn */
};

/* Whether a request of this kind in this status may take the step. */
bool refund_step_allowed(enum refund_kind kind, enum refund_status from, enum refund_step step);
/* The status after the step. */
enum refund_status refund_step_result(enum refund_kind kind, enum refund_step step);

/* An auto-approve rule from shop.yaml: a request that fits is approved when it is made, and
 * the rule's name says why. */
struct auto_rule {
    char *name;
    int kind;              /* enum refund_kind, or -1: any */
    int64_t max_amount;    /* minor units, shipping included */
    int min_tier;          /* the member's tier at least this */
    int max_refund_rate;   /* percent of the buyer's orders refunded before; -1: any */
    unsigned reasons;      /* bit per enum refund_reason; 0: any */
};

/* What the rules look at. */
struct refund_facts {
    enum refund_kind kind;
    int64_t amount;
    int tier;
    int refund_rate; /* percent */
    enum refund_reason reason;
    bool flagged;    /* risk flags were raised: never auto-approved */
};

/* The first rule the request fits, or NULL. */
const struct auto_rule *refund_auto_match(const struct auto_rule *rules, size_t n,
                                          const struct refund_facts *f);

#endif
