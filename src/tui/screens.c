#include "config.h"

#include "tui/screens.h"

const struct screen_ops *const *screens_all(void)
{
    static const struct screen_ops *const all[SCREEN_COUNT] = {
        &screen_orders, &screen_refunds, &screen_scan,
        &screen_members, &screen_mystery, &screen_review,
    };
    return all;
}
