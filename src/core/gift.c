#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gift.h"

#define GIFT_KEY(name, key) key,
static const char *const keys[] = {GIFT_WHEN_LIST(GIFT_KEY)};
#undef GIFT_KEY

const char *gift_when_key(enum gift_when w)
{
    return w < GIFT_WHEN_COUNT ? keys[w] : "?";
}

int gift_when_parse(const char *key)
{
    for (int i = 0; i < GIFT_WHEN_COUNT; i++)
        if (!strcmp(keys[i], key))
            return i;
    return -1;
}

/* "MM-DD" or "YYYY-MM-DD" into month and day. */
static bool birthday_md(const char *b, int *m, int *d)
{
    if (!b || !*b)
        return false;
    const char *p = strlen(b) == 10 ? b + 5 : b;
    if (sscanf(p, "%2d-%2d", m, d) != 2 || *m < 1 || *m > 12 || *d < 1 || *d > 31)
        return false;
    return true;
}

bool birthday_valid(const char *b)
{
    size_t n = b ? strlen(b) : 0;
    int m, d, y = 2000;
    char tail;
    if (n == 5) {
        if (sscanf(b, "%2d-%2d%c", &m, &d, &tail) != 2 || b[2] != '-')
            return false;
    } else if (n == 10) {
        if (sscanf(b, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || b[4] != '-' || b[7] != '-' ||
            y < 1900)
            return false;
    } else {
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (b[i] != '-' && (b[i] < '0' || b[i] > '9'))
            return false;
    /* 29 February is a birthday in any year given without one */
    return date_valid((struct sd_date){n == 5 ? 2000 : y, m, d});
}

bool gift_period(const struct gift_rule *r, struct sd_date date, const char *birthday,
                 char *period, size_t n)
{
    switch (r->when) {
    case GIFT_TIER:
        snprintf(period, n, "tier-%d", r->tier);
        return true;
    case GIFT_BIRTHDAY: {
        int bm, bd;
        if (!birthday_md(birthday, &bm, &bd))
            return false;
        /* the next birthday on or after date: this year's or next year's */
        for (int y = date.y; y <= date.y + 1; y++) {
            struct sd_date b = {y, bm, bd};
            if (!date_valid(b)) /* 29 February in a common year: the 28th */
                b.d = 28;
            int ahead = date_diff(date, b);
            if (ahead >= 0) {
                if (ahead > r->within_days)
                    return false;
                snprintf(period, n, "%d", y);
                return true;
            }
        }
        return false;
    }
    case GIFT_MONTHLY: {
        /* the 31st in a 30-day month is its last day */
        struct sd_date vip = {date.y, date.m, r->day};
        while (vip.d > 28 && !date_valid(vip))
            vip.d--;
        if (date.d < vip.d)
            return false;
        snprintf(period, n, "%04d-%02d", date.y, date.m);
        return true;
    }
    case GIFT_GOODWILL:
        snprintf(period, n, "once");
        return true;
    default:
        return false;
    }
}

void gift_rule_clear(struct gift_rule *r)
{
    free(r->name);
    free(r->sku);
    free(r->title);
    free(r->order_sku);
    free(r->order_courier);
    free(r->order_platform);
    memset(r, 0, sizeof *r);
}

void gift_config_clear(struct gift_config *c)
{
    for (size_t i = 0; i < c->n; i++)
        gift_rule_clear(&c->rules[i]);
    free(c->rules);
    memset(c, 0, sizeof *c);
}
