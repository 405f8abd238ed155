#include "config.h"

#include <string.h>

#include "core/refund.h"
#include "util/i18n.h"

#define KEY(name, key, label) key,
#define LABEL(name, key, label) label,
static const char *const status_keys[] = {REFUND_STATUS_LIST(KEY)};
static const char *const status_labels[] = {REFUND_STATUS_LIST(LABEL)};
static const char *const kind_keys[] = {REFUND_KIND_LIST(KEY)};
static const char *const kind_labels[] = {REFUND_KIND_LIST(LABEL)};
#undef KEY
#undef LABEL
#define COND(name, n, label) label,
static const char *const condition_labels[] = {RETURN_CONDITION_LIST(COND)};
#undef COND

const char *refund_status_key(enum refund_status s)
{
    return s < REFUND_STATUS_COUNT ? status_keys[s] : "?";
}

const char *refund_status_label(enum refund_status s)
{
    return s < REFUND_STATUS_COUNT ? _(status_labels[s]) : "?";
}

int refund_status_parse(const char *key)
{
    for (int i = 0; i < REFUND_STATUS_COUNT; i++)
        if (!strcmp(status_keys[i], key))
            return i;
    return -1;
}

const char *refund_kind_key(enum refund_kind k)
{
    return k < REFUND_KIND_COUNT ? kind_keys[k] : "?";
}

const char *refund_kind_label(enum refund_kind k)
{
    return k < REFUND_KIND_COUNT ? _(kind_labels[k]) : "?";
}

const char *refund_kind_short(enum refund_kind k)
{
    /* L10N: short names of refund kinds for list columns, max 10 columns */
    static const char *const shorts[] = {N_("money only"), N_("return"), N_("exchange")};
    return k < REFUND_KIND_COUNT ? _(shorts[k]) : "?";
}

int refund_kind_parse(const char *key)
{
    for (int i = 0; i < REFUND_KIND_COUNT; i++)
        if (!strcmp(kind_keys[i], key))
            return i;
    return -1;
}

const char *return_condition_label(int condition)
{
    if (condition < 1 || condition > 4)
        return "?";
    return _(condition_labels[condition - 1]);
}

bool refund_is_open(enum refund_status s)
{
    return s == REFUND_REQUESTED || s == REFUND_APPROVED || s == REFUND_AWAITING_RETURN ||
           s == REFUND_RECEIVED;
}

#define RKEY(name, key, label) key,
#define RLABEL(name, key, label) label,
static const char *const reason_keys[] = {REFUND_REASON_LIST(RKEY)};
static const char *const reason_labels[] = {REFUND_REASON_LIST(RLABEL)};
#undef RKEY
#undef RLABEL

int refund_reason_parse(const char *key)
{
    for (int i = 0; i < REFUND_REASON_COUNT; i++)
        if (!strcmp(reason_keys[i], key))
            return i;
    return -1;
}

const char *refund_reason_key(enum refund_reason r)
{
    return r < REFUND_REASON_COUNT ? reason_keys[r] : "other";
}

const char *refund_reason_label(enum refund_reason r)
{
    return r < REFUND_REASON_COUNT ? _(reason_labels[r]) : "?";
}

const char *refund_reason_keys(void)
{
    return "not_received, damaged, wrong_item, not_as_described, quality, size, changed_mind, "
           "empty_parcel, late, other";
}

bool refund_step_allowed(enum refund_kind kind, enum refund_status from, enum refund_step step)
{
    switch (step) {
    case STEP_APPROVE:
    case STEP_REJECT:
        return from == REFUND_REQUESTED;
    case STEP_RECEIVE:
        return from == REFUND_AWAITING_RETURN;
    case STEP_PAY:
        /* money only: once approved; goods back: once received; an exchange pays nothing */
        return kind != KIND_EXCHANGE &&
               ((kind == KIND_REFUND && from == REFUND_APPROVED) || from == REFUND_RECEIVED);
    case STEP_EXCHANGE:
        return kind == KIND_EXCHANGE && from == REFUND_RECEIVED;
    case STEP_WITHDRAW:
        return from == REFUND_REQUESTED || from == REFUND_APPROVED ||
               from == REFUND_AWAITING_RETURN;
    }
    return false;
}

enum refund_status refund_step_result(enum refund_kind kind, enum refund_step step)
{
    switch (step) {
    case STEP_APPROVE:
        return kind == KIND_REFUND ? REFUND_APPROVED : REFUND_AWAITING_RETURN;
    case STEP_REJECT:
        return REFUND_REJECTED;
    case STEP_RECEIVE:
        return REFUND_RECEIVED;
    case STEP_PAY:
        return REFUND_PAID;
    case STEP_EXCHANGE:
        return REFUND_EXCHANGED;
    case STEP_WITHDRAW:
        return REFUND_WITHDRAWN;
    }
    return REFUND_REQUESTED;
}

const struct auto_rule *refund_auto_match(const struct auto_rule *rules, size_t n,
                                          const struct refund_facts *f)
{
    if (f->flagged)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const struct auto_rule *r = &rules[i];
        if (r->kind >= 0 && r->kind != (int)f->kind)
            continue;
        if (f->amount > r->max_amount)
            continue;
        if (f->tier < r->min_tier)
            continue;
        if (r->max_refund_rate >= 0 && f->refund_rate > r->max_refund_rate)
            continue;
        if (r->reasons && !(r->reasons & (1u << f->reason)))
            continue;
        return r;
    }
    return NULL;
}

enum return_goods return_goods_of(int condition, bool *other)
{
    *other = condition == 3;
    switch (condition) {
    case 1:
    case 3:
        return GOODS_OPEN_BOX;
    case 2:
        return GOODS_DEFECTIVE;
    default:
        return GOODS_NONE;
    }
}
