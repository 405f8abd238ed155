#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/order.h"
#include "util/i18n.h"
#include "util/xalloc.h"

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

void order_clear(struct order *o)
{
    free(o->platform);
    free(o->number);
    free(o->buyer);
    free(o->receiver);
    free(o->phone);
    free(o->address);
    free(o->currency);
    free(o->cancel_reason);
    free(o->courier);
    free(o->tracking);
    free(o->note);
    memset(o, 0, sizeof *o);
}

void order_lines_free(struct order_line *lines, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(lines[i].sku);
        free(lines[i].title);
    }
    free(lines);
}

static char *dup_or_empty(const char *s)
{
    return xstrdup(s ? s : "");
}

void order_copy(struct order *dst, const struct order *src)
{
    *dst = *src;
    dst->platform = dup_or_empty(src->platform);
    dst->number = dup_or_empty(src->number);
    dst->buyer = dup_or_empty(src->buyer);
    dst->receiver = dup_or_empty(src->receiver);
    dst->phone = dup_or_empty(src->phone);
    dst->address = dup_or_empty(src->address);
    dst->currency = dup_or_empty(src->currency);
    dst->cancel_reason = dup_or_empty(src->cancel_reason);
    dst->courier = dup_or_empty(src->courier);
    dst->tracking = dup_or_empty(src->tracking);
    dst->note = dup_or_empty(src->note);
}

/* Pipeline position; cancelled stands apart. */
static int stage(enum order_status s)
{
    switch (s) {
    case ORDER_PENDING:
        return 0;
    case ORDER_PAID:
        return 1;
    case ORDER_PICKED:
        return 2;
    case ORDER_PACKED:
        return 3;
    case ORDER_SHIPPED:
        return 4;
    case ORDER_DELIVERED:
        return 5;
    default:
        return -1;
    }
}

static bool differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

static void take(char **field, const char *value)
{
    free(*field);
    *field = xstrdup(value);
}

unsigned order_merge_import(const struct order *have, const struct order *in, struct order *out)
{
    unsigned ch = 0;
    order_copy(out, have);
    if (have->status != ORDER_CANCELLED) {
        if (in->status == ORDER_CANCELLED) {
            /* a platform closes an order before shipping (cancelled) or after a full refund
             * (then the refund amount tells it; the shipment stays on record) */
            if (stage(have->status) < stage(ORDER_SHIPPED)) {
                out->status = ORDER_CANCELLED;
                out->cancelled_at = in->cancelled_at ? in->cancelled_at : in->created_at;
                if (in->cancel_reason && in->cancel_reason[0])
                    take(&out->cancel_reason, in->cancel_reason);
                ch |= CH_STATUS | CH_CANCELLED;
            }
        } else if (stage(in->status) > stage(have->status)) {
            out->status = in->status;
            ch |= CH_STATUS;
        }
    }
    if (in->paid_at && !have->paid_at) {
        out->paid_at = in->paid_at;
        ch |= CH_PAID_AT;
    }
    if (in->shipped_at && !have->shipped_at && stage(out->status) >= stage(ORDER_SHIPPED)) {
        out->shipped_at = in->shipped_at;
        ch |= CH_SHIPPED_AT;
    }
    if (in->delivered_at && !have->delivered_at && out->status == ORDER_DELIVERED) {
        out->delivered_at = in->delivered_at;
        ch |= CH_DELIVERED_AT;
    }
    if (in->courier && in->courier[0] && differs(in->courier, have->courier)) {
        take(&out->courier, in->courier);
        ch |= CH_COURIER;
    }
    if (in->tracking && in->tracking[0] && differs(in->tracking, have->tracking)) {
        take(&out->tracking, in->tracking);
        ch |= CH_TRACKING;
    }
    if (in->platform_refunded != have->platform_refunded) {
        out->platform_refunded = in->platform_refunded;
        ch |= CH_REFUNDED;
    }
    if ((in->receiver && in->receiver[0] && differs(in->receiver, have->receiver)) ||
        (in->phone && in->phone[0] && differs(in->phone, have->phone)) ||
        (in->address && in->address[0] && differs(in->address, have->address))) {
        if (in->receiver && in->receiver[0])
            take(&out->receiver, in->receiver);
        if (in->phone && in->phone[0])
            take(&out->phone, in->phone);
        if (in->address && in->address[0])
            take(&out->address, in->address);
        ch |= CH_RECEIVER;
    }
    if (have->status == ORDER_PENDING &&
        (in->total != have->total || in->goods != have->goods || in->shipping != have->shipping)) {
        out->total = in->total;
        out->goods = in->goods;
        out->shipping = in->shipping;
        ch |= CH_AMOUNTS;
    }
    return ch;
}

bool phone_valid(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +-().", *p))
            return false;
    }
    return digits >= 5 && digits <= 20;
}
