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
