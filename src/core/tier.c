#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tier.h"
#include "core/tz.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define GE "\xe2\x89\xa5" /* ≥ */
#define LE "\xe2\x89\xa4" /* ≤ */

int recency_days(int64_t last, int64_t now)
{
    if (!last)
        return -1;
    int d = date_diff(date_of(last), date_of(now));
    return d < 0 ? 0 : d;
}

/* ten years of days: older orders are converted one by one */
#define RECENCY_DAYS 3660

void recency_table_init(struct recency_table *t, int64_t now)
{
    t->now = now;
    t->n = RECENCY_DAYS;
    t->starts = xcalloc(RECENCY_DAYS, sizeof *t->starts);
    struct sd_date today = date_of(now);
    for (int k = 0; k < RECENCY_DAYS; k++)
        t->starts[k] = date_start(date_add(today, -k));
}

int recency_lookup(const struct recency_table *t, int64_t last)
{
    if (!last)
        return -1;
    if (!t->n || last < t->starts[t->n - 1])
        return recency_days(last, t->now);
    if (last >= t->starts[0])
        return 0;
    /* the first k whose day start is at or before last (starts fall as k grows) */
    int lo = 1, hi = t->n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (t->starts[mid] <= last)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void recency_table_free(struct recency_table *t)
{
    free(t->starts);
    memset(t, 0, sizeof *t);
}

bool tier_rule_holds(const struct tier_rule *r, const struct rfm *m)
{
    if (r->min_frequency >= 0 && m->frequency < r->min_frequency)
        return false;
    if (r->min_monetary >= 0 && m->monetary < r->min_monetary)
        return false;
    if (r->max_recency_days >= 0 && (m->recency_days < 0 || m->recency_days > r->max_recency_days))
        return false;
    return true;
}

void tier_rule_text(const struct tier_rule *r, const struct currency *cur, char *buf, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    char m[48];
    if (r->min_frequency >= 0)
        sb_addf(&sb, "F " GE " %lld", (long long)r->min_frequency);
    if (r->min_monetary >= 0)
        sb_addf(&sb, "%sM " GE " %s", sb.len ? ", " : "",
                money_format(r->min_monetary, cur, MONEY_SYMBOL | MONEY_GROUP, m, sizeof m));
    if (r->max_recency_days >= 0)
        sb_addf(&sb, "%sR " LE " %d", sb.len ? ", " : "", r->max_recency_days);
    snprintf(buf, n, "%s", sb.len ? sb_str(&sb) : "-");
    sb_free(&sb);
}

/* "F 6 ≥ 5 and M ¥3,200.00 ≥ ¥3,000.00" for a rule that holds; with failing = true, the
 * first bound that does not hold ("F 3 < 4"). */
static void explain(const struct tier_rule *r, const struct rfm *m, const struct currency *cur,
                    bool failing, struct strbuf *sb)
{
    char a[48], b[48];
    const char *and = _(" and ");
    size_t start = sb->len;
    if (r->min_frequency >= 0 && (!failing || m->frequency < r->min_frequency)) {
        sb_addf(sb, "F %lld %s %lld", (long long)m->frequency, failing ? "<" : GE,
                (long long)r->min_frequency);
        if (failing)
            return;
    }
    if (r->min_monetary >= 0 && (!failing || m->monetary < r->min_monetary)) {
        sb_addf(sb, "%sM %s %s %s", sb->len > start ? and : "",
                money_format(m->monetary, cur, MONEY_SYMBOL | MONEY_GROUP, a, sizeof a),
                failing ? "<" : GE,
                money_format(r->min_monetary, cur, MONEY_SYMBOL | MONEY_GROUP, b, sizeof b));
        if (failing)
            return;
    }
    if (r->max_recency_days >= 0 &&
        (!failing || m->recency_days < 0 || m->recency_days > r->max_recency_days)) {
        if (m->recency_days < 0)
            sb_addf(sb, "%s%s", sb->len > start ? and : "", _("no paid order"));
        else
            sb_addf(sb, "%sR %d %s %d", sb->len > start ? and : "", m->recency_days,
                    failing ? ">" : LE, r->max_recency_days);
    }
    if (sb->len == start)
        sb_adds(sb, _("no conditions"));
}

void tier_decide(const struct tier_config *c, const struct currency *cur, const struct rfm *m,
                 int current, int64_t below_since, int64_t now, struct tier_decision *out)
{
    memset(out, 0, sizeof *out);
    if (current >= c->n)
        current = c->n - 1;
    if (current < 0)
        current = 0;
    int target = 0;
    for (int t = c->n - 1; t > 0; t--)
        if (tier_rule_holds(&c->tiers[t].enter, m)) {
            target = t;
            break;
        }
    struct strbuf why = STRBUF_INIT;
    out->tier = current;
    if (target > current) {
        out->tier = target;
        out->changed = true;
        explain(&c->tiers[target].enter, m, cur, false, &why);
    } else if (current > 0 && !tier_rule_holds(&c->tiers[current].keep, m) && target < current) {
        /* below the keep rule: the grace period, then down to the best tier still kept */
        out->below_since = below_since ? below_since : now;
        if (now - out->below_since >= (int64_t)c->grace_days * 86400) {
            int down = 0;
            for (int t = current - 1; t > 0; t--)
                if (tier_rule_holds(&c->tiers[t].keep, m) || tier_rule_holds(&c->tiers[t].enter, m)) {
                    down = t;
                    break;
                }
            out->tier = down;
            out->below_since = 0;
            out->changed = true;
            sb_addf(&why, _("below the keep rule of %s for %d days: "), c->tiers[current].name,
                    c->grace_days);
            explain(&c->tiers[current].keep, m, cur, true, &why);
        }
    }
    if (why.len)
        snprintf(out->reason, sizeof out->reason, "%s", sb_str(&why));
    sb_free(&why);
}

void tier_config_clear(struct tier_config *c)
{
    for (int i = 0; i < c->n; i++)
        free(c->tiers[i].name);
    memset(c, 0, sizeof *c);
}

void tier_config_copy(struct tier_config *dst, const struct tier_config *src)
{
    *dst = *src;
    for (int i = 0; i < src->n; i++)
        dst->tiers[i].name = xstrdup(src->tiers[i].name);
}
