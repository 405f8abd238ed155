#include "config.h"

#include <string.h>

#include "core/order.h"
#include "util/i18n.h"

#define ORDER_KEY(name, key, label) key,
static const char *const keys[] = {ORDER_STATUS_LIST(ORDER_KEY)};
#undef ORDER_KEY
#define ORDER_LABEL(name, key, label) label,
static const char *const labels[] = {ORDER_STATUS_LIST(ORDER_LABEL)};
#undef ORDER_LABEL

const char *order_status_key(enum order_status s)
{
    return s < ORDER_STATUS_COUNT ? keys[s] : "?";
}

const char *order_status_label(enum order_status s)
{
    return s < ORDER_STATUS_COUNT ? _(labels[s]) : "?";
}

int order_status_parse(const char *key)
{
    for (int i = 0; i < ORDER_STATUS_COUNT; i++)
        if (!strcmp(keys[i], key))
            return i;
    return -1;
}

bool order_can_move(enum order_status from, enum order_status to)
{
    if (to == ORDER_CANCELLED)
        return from == ORDER_PENDING || from == ORDER_PAID || from == ORDER_PICKED ||
               from == ORDER_PACKED;
    switch (from) {
    case ORDER_PENDING:
        return to == ORDER_PAID;
    case ORDER_PAID:
        return to == ORDER_PICKED || to == ORDER_SHIPPED;
    case ORDER_PICKED:
        return to == ORDER_PACKED || to == ORDER_SHIPPED;
    case ORDER_PACKED:
        return to == ORDER_SHIPPED;
    case ORDER_SHIPPED:
        return to == ORDER_DELIVERED;
    default:
        return false;
    }
}

int ship_band(const struct ship_bands *b, int64_t seconds)
{
    int64_t minutes = (seconds + 59) / 60;
    for (int i = 0; i < SHIP_BANDS - 1; i++)
        if (minutes <= b->limit[i])
            return i;
    return SHIP_BANDS - 1;
}
