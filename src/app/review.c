#include "config.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "app/review.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/stats.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/utf8.h"

/* One day's figures: the counts from the store, then the bands and medians sorted here. */
static int build_day(struct session *s, struct sd_date date, struct review_day *d,
                     struct sd_err *err)
{
    memset(d, 0, sizeof *d);
    d->date = date;
    int64_t *ship = NULL, *refund = NULL;
    size_t nship = 0, nrefund = 0;
    int rc = store_review_day(s->st, date_start(date), date_start(date_add(date, 1)), d, &ship,
                              &nship, &refund, &nrefund, err);
    if (rc)
        return rc;
    struct ship_bands b;
    memcpy(b.limit, s->set.orders.ship_bands, sizeof b.limit);
    for (size_t i = 0; i < nship; i++)
        d->band[ship_band(&b, ship[i])]++;
    d->ship_median_s = nship ? stats_median(ship, nship) : -1;
    d->ship_p90_s = nship ? stats_percentile(ship, nship, 90) : -1;
    d->refund_median_s = nrefund ? stats_median(refund, nrefund) : -1;
    free(ship);
    free(refund);
    return SD_OK;
}

int review_build(struct session *s, struct sd_date date, struct review *r, struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    int rc = session_require(s, SD_PERM_REVIEW_READ, err);
    if (rc)
        return rc;
    r->date = date;
    r->sla_minutes = s->set.refunds.sla_minutes;
    memcpy(r->ship_bands, s->set.orders.ship_bands, sizeof r->ship_bands);
    memcpy(r->unshipped_hours, s->set.orders.unshipped_hours, sizeof r->unshipped_hours);
    int64_t start = date_start(date), end = date_start(date_add(date, 1));
    char day[11];
    date_format(date, day);
    if ((rc = store_begin_read(s->st, err)))
        return rc;
    for (int i = 0; i < REVIEW_DAYS && !rc; i++)
        rc = build_day(s, date_add(date, i - (REVIEW_DAYS - 1)), &r->days[i], err);
    if (!rc)
        rc = store_review_exceptions(s->st, start, end, day, (int64_t)r->sla_minutes * 60,
                                     r->unshipped_hours, &r->x, err);
    if (!rc) {
        r->nratings = store_review_ratings(s->st, start, end, r->ratings, REVIEW_RATINGS, err);
        r->nweakest = store_review_weakest(s->st, start, end, r->weakest, REVIEW_WEAKEST, err);
        r->nactions = store_review_actions(s->st, end, day, r->actions, REVIEW_ACTIONS, err);
        if (r->nratings < 0 || r->nweakest < 0 || r->nactions < 0)
            rc = err ? (int)err->code : SD_STORE;
    }
    if (!rc)
        rc = store_review_signoff_get(s->st, day, &r->signoff, &r->signed_off, err);
    store_rollback(s->st); /* a read: nothing to keep */
    return rc;
}

int64_t review_previous(const struct review *r, const struct review_figure *f)
{
    return f->get(&r->days[REVIEW_DAYS - 2]);
}

int64_t review_median7(const struct review *r, const struct review_figure *f)
{
    return review_median_of(f, &r->days[REVIEW_DAYS - 1 - REVIEW_MEDIAN_DAYS], REVIEW_MEDIAN_DAYS);
}

int review_sign_off(struct session *s, struct sd_date date, const char *note, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_REVIEW_SIGN, err);
    if (rc)
        return rc;
    char day[11];
    date_format(date, day);
    if (date_cmp(date, date_of(clock_now())) > 0)
        return sd_fail(err, SD_INPUT, _("%s has not happened yet: only a past day or today can "
                                        "be signed off"),
                       day);
    struct review_signoff so = {0};
    utf8_copy(so.login, sizeof so.login, s->who);
    so.at = clock_now();
    utf8_copy(so.note, sizeof so.note, note ? note : "");
    if ((rc = store_begin(s->st, err)))
        return rc;
    rc = store_review_signoff_add(s->st, day, &so, err);
    if (!rc) {
        struct json_object *after = json_object_new_object();
        json_object_object_add(after, "date", json_object_new_string(day));
        json_object_object_add(after, "note", json_object_new_string(so.note));
        rc = session_audit(s, "review.signoff", "review", day, 0, NULL, after, err);
        json_object_put(after);
    }
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}
