#include "config.h"

#include <ctype.h>
#include <json-c/json.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/order_ops.h"
#include "app/paths.h"
#include "app/session.h"
#include "app/stock.h"
#include "app/tiers.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/stats.h"
#include "core/tz.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/width.h"
#include "util/xalloc.h"

int order_resolve(struct session *s, const char *ref, int64_t *id, struct sd_err *err)
{
    const char *colon = strchr(ref, ':');
    if (colon && colon != ref) {
        char platform[32];
        snprintf(platform, sizeof platform, "%.*s", (int)(colon - ref), ref);
        struct order o;
        int rc = store_order_find(s->st, platform, colon + 1, &o, NULL);
        if (rc == SD_OK) {
            *id = o.id;
            order_clear(&o);
            return SD_OK;
        }
    }
    int64_t ids[8];
    char platforms[8][16];
    int found = 0;
    int rc = store_orders_by_number(s->st, ref, ids, platforms, 8, &found, err);
    if (rc)
        return rc;
    if (found == 1) {
        *id = ids[0];
        return SD_OK;
    }
    if (found > 1) {
        struct strbuf sb = STRBUF_INIT;
        for (int i = 0; i < found && i < 8; i++)
            sb_addf(&sb, "%s%s:%s", i ? ", " : "", platforms[i], ref);
        rc = sd_fail(err, SD_INPUT, _("order %s is on several platforms (%s); say which, as "
                                      "PLATFORM:NUMBER"),
                     ref, sb_str(&sb));
        sb_free(&sb);
        return rc;
    }
    /* a tracking number names its order too */
    int64_t tids[2];
    int tf = 0;
    if ((rc = store_order_lookup(s->st, ref, tids, 2, &tf, err)))
        return rc;
    if (tf == 1) {
        *id = tids[0];
        return SD_OK;
    }
    return sd_fail(err, SD_NOT_FOUND, _("no order %s"), ref);
}

static const char *action_of(enum order_status to)
{
    switch (to) {
    case ORDER_PICKED:
        return "order.pick";
    case ORDER_PACKED:
        return "order.pack";
    case ORDER_SHIPPED:
        return "order.ship";
    case ORDER_DELIVERED:
        return "order.deliver";
    case ORDER_CANCELLED:
        return "order.cancel";
    default:
        return "order.move";
    }
}

static json_object *state_json(const struct order *o)
{
    json_object *j = json_object_new_object();
    json_object_object_add(j, "status", json_object_new_string(order_status_key(o->status)));
    if (o->courier[0])
        json_object_object_add(j, "courier", json_object_new_string(o->courier));
    if (o->tracking[0])
        json_object_object_add(j, "tracking", json_object_new_string(o->tracking));
    if (o->cancel_reason[0])
        json_object_object_add(j, "reason", json_object_new_string(o->cancel_reason));
    return j;
}

int order_move(struct session *s, const int64_t *ids, size_t n, const struct order_move *m,
               int *moved, struct strbuf *skipped, struct sd_err *err)
{
    *moved = 0;
    enum sd_perm perm = m->to == ORDER_CANCELLED ? SD_PERM_ORDERS_EDIT : SD_PERM_ORDERS_SHIP;
    int rc = session_require(s, perm, err);
    if (rc)
        return rc;
    if (m->to == ORDER_SHIPPED && (!m->courier || !*m->courier || !m->tracking || !*m->tracking))
        return sd_fail(err, SD_INPUT, _("shipping needs a courier and a tracking number"));
    if (m->to == ORDER_CANCELLED && (!m->reason || !*m->reason))
        return sd_fail(err, SD_INPUT, _("cancelling needs a reason"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    int64_t now = clock_now();
    if (m->nundo)
        *m->nundo = 0;
    for (size_t i = 0; i < n; i++) {
        struct order o, next;
        if ((rc = store_order_get(s->st, ids[i], &o, err))) {
            if (rc != SD_NOT_FOUND)
                goto fail;
            sb_addf(skipped, _("order id %lld: not found\n"), (long long)ids[i]);
            continue;
        }
        if (!order_can_move(o.status, m->to)) {
            sb_addf(skipped, _("%s: %s, cannot become %s\n"), o.number,
                    order_status_label(o.status), order_status_label(m->to));
            order_clear(&o);
            continue;
        }
        order_copy(&next, &o);
        next.status = m->to;
        switch (m->to) {
        case ORDER_PICKED:
            next.picked_at = now;
            break;
        case ORDER_PACKED:
            next.packed_at = now;
            if (!next.picked_at)
                next.picked_at = now;
            break;
        case ORDER_SHIPPED:
            next.shipped_at = now;
            free(next.courier);
            free(next.tracking);
            next.courier = xstrdup(m->courier);
            next.tracking = xstrdup(m->tracking);
            break;
        case ORDER_DELIVERED:
            next.delivered_at = now;
            break;
        case ORDER_CANCELLED:
            next.cancelled_at = now;
            free(next.cancel_reason);
            next.cancel_reason = xstrdup(m->reason);
            break;
        default:
            break;
        }
        if (m->undo) {
            struct order_undo *u = &m->undo[(*m->nundo)++];
            memset(u, 0, sizeof *u);
            u->id = o.id;
            u->from = o.status;
            u->to = m->to;
            u->at = now;
            snprintf(u->courier, sizeof u->courier, "%s", o.courier);
            snprintf(u->tracking, sizeof u->tracking, "%s", o.tracking);
            snprintf(u->reason, sizeof u->reason, "%s", o.cancel_reason);
        }
        json_object *before = state_json(&o), *after = state_json(&next);
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)o.id);
        rc = store_order_update(s->st, &next, NULL, 0, err);
        if (rc == SD_OK)
            rc = session_audit(s, action_of(m->to), "order", idtext, o.id, before, after, err);
        /* what it took from the shelf goes back */
        if (rc == SD_OK && m->to == ORDER_CANCELLED)
            rc = stock_order_release(s, o.id, true, err);
        /* a cancelled paid order no longer counts for the buyer's R, F and M */
        if (rc == SD_OK && m->to == ORDER_CANCELLED && o.member_id && o.paid_at && !o.gift) {
            struct tier_run run;
            rc = tiers_recompute_members(s, &o.member_id, 1, &run, err);
        }
        json_object_put(before);
        json_object_put(after);
        order_clear(&o);
        order_clear(&next);
        if (rc)
            goto fail;
        (*moved)++;
    }
    return store_commit(s->st, err);
fail:
    store_rollback(s->st);
    *moved = 0;
    if (m->nundo)
        *m->nundo = 0;
    return rc;
}

int order_deliver_at(struct session *s, int64_t id, int64_t at, bool *changed,
                     struct sd_err *err)
{
    *changed = false;
    struct order o, next;
    int rc = store_order_get(s->st, id, &o, err);
    if (rc)
        return rc;
    if (o.status == ORDER_DELIVERED) {
        order_clear(&o);
        return SD_OK;
    }
    if (o.status != ORDER_SHIPPED) {
        rc = sd_fail(err, SD_REFUSED, _("%s: %s, cannot become %s"), o.number,
                     order_status_label(o.status), order_status_label(ORDER_DELIVERED));
        order_clear(&o);
        return rc;
    }
    if (at < o.shipped_at) {
        char t[32];
        time_format_local(o.shipped_at, t);
        rc = sd_fail(err, SD_INPUT, _("%s was shipped at %s, after that"), o.number, t);
        order_clear(&o);
        return rc;
    }
    order_copy(&next, &o);
    next.status = ORDER_DELIVERED;
    next.delivered_at = at;
    json_object *before = state_json(&o), *after = state_json(&next);
    json_object_object_add(after, "delivered_at", json_object_new_int64(at));
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)o.id);
    rc = store_order_update(s->st, &next, NULL, 0, err);
    if (!rc)
        rc = session_audit(s, action_of(ORDER_DELIVERED), "order", idtext, o.id, before, after,
                           err);
    json_object_put(before);
    json_object_put(after);
    order_clear(&o);
    order_clear(&next);
    *changed = rc == SD_OK;
    return rc;
}

/* The stage time a move to `to` set. */
static int64_t *stage_time(struct order *o, enum order_status to)
{
    switch (to) {
    case ORDER_PICKED:
        return &o->picked_at;
    case ORDER_PACKED:
        return &o->packed_at;
    case ORDER_SHIPPED:
        return &o->shipped_at;
    case ORDER_DELIVERED:
        return &o->delivered_at;
    case ORDER_CANCELLED:
        return &o->cancelled_at;
    default:
        return NULL;
    }
}

int order_undo(struct session *s, const struct order_undo *u, size_t n, int *undone,
               struct strbuf *skipped, struct sd_err *err)
{
    *undone = 0;
    int rc = session_require(s, SD_PERM_ORDERS_SHIP, err);
    if (rc)
        return rc;
    if ((rc = store_begin(s->st, err)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        struct order o, prev;
        if ((rc = store_order_get(s->st, u[i].id, &o, err))) {
            if (rc != SD_NOT_FOUND)
                goto fail;
            continue;
        }
        int64_t *t = stage_time(&o, u[i].to);
        if (o.status != u[i].to || !t || *t != u[i].at) {
            sb_addf(skipped, _("%s: %s since, left as it is\n"), o.number,
                    order_status_label(o.status));
            order_clear(&o);
            continue;
        }
        /* a cancel undone takes its goods again, if they are still there */
        if (u[i].to == ORDER_CANCELLED) {
            struct sd_err why = {0};
            int got = stock_order_release(s, o.id, false, &why);
            if (got == SD_REFUSED) {
                sb_addf(skipped, _("%s: %s, left cancelled\n"), o.number, sd_err_text(&why));
                order_clear(&o);
                continue;
            }
            if ((rc = got)) {
                *err = why;
                order_clear(&o);
                goto fail;
            }
        }
        order_copy(&prev, &o);
        prev.status = u[i].from;
        *stage_time(&prev, u[i].to) = 0;
        if (u[i].to == ORDER_PACKED && u[i].from == ORDER_PAID)
            prev.picked_at = 0; /* packed straight from paid set the pick time too */
        free(prev.courier);
        free(prev.tracking);
        free(prev.cancel_reason);
        prev.courier = xstrdup(u[i].courier);
        prev.tracking = xstrdup(u[i].tracking);
        prev.cancel_reason = xstrdup(u[i].reason);
        json_object *before = state_json(&o), *after = state_json(&prev);
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)o.id);
        rc = store_order_update(s->st, &prev, NULL, 0, err);
        if (rc == SD_OK)
            rc = session_audit(s, "order.undo", "order", idtext, o.id, before, after, err);
        if (rc == SD_OK && u[i].to == ORDER_CANCELLED && o.member_id && o.paid_at && !o.gift) {
            struct tier_run run;
            rc = tiers_recompute_members(s, &o.member_id, 1, &run, err);
        }
        json_object_put(before);
        json_object_put(after);
        order_clear(&o);
        order_clear(&prev);
        if (rc)
            goto fail;
        (*undone)++;
    }
    return store_commit(s->st, err);
fail:
    store_rollback(s->st);
    *undone = 0;
    return rc;
}

int order_tracking_check(struct session *s, const char *courier, const char *typed,
                         int64_t order_id, char *out, size_t size, char *other, size_t osize,
                         struct sd_err *err)
{
    size_t k = 0;
    for (const char *p = typed; *p && k + 1 < size; p++) {
        if (*p == ' ' || *p == '-' || *p == '\t')
            continue;
        out[k++] = (char)toupper((unsigned char)*p);
    }
    out[k] = '\0';
    if (other && osize)
        other[0] = '\0';
    if (!k)
        return sd_fail(err, SD_INPUT, "%s", _("the tracking number is empty"));
    const char *pattern = settings_tracking_pattern(&s->set, courier);
    if (pattern) {
        regex_t re;
        bool fits = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) == 0 &&
                    regexec(&re, out, 0, NULL, 0) == 0;
        regfree(&re);
        if (!fits)
            return sd_fail(err, SD_INPUT,
                           _("'%s' does not look like a %s tracking number (%s in shop.yaml's "
                             "orders.tracking_formats)"),
                           out, courier, pattern);
    }
    int64_t ids[4];
    int found = 0;
    int rc = store_order_lookup(s->st, out, ids, 4, &found, err);
    if (rc)
        return rc;
    for (int i = 0; i < found && i < 4; i++) {
        struct order o;
        if (ids[i] == order_id || store_order_get(s->st, ids[i], &o, NULL) != SD_OK)
            continue;
        bool same = !strcmp(o.tracking, out);
        if (same && other)
            snprintf(other, osize, "%s", o.number);
        order_clear(&o);
        if (same)
            return sd_fail(err, SD_CONFLICT, _("tracking number %s is already on order %s"),
                           out, other ? other : "?");
    }
    return SD_OK;
}

int wave_pick_list(struct session *s, int64_t wave_id, struct strbuf *list, struct sd_err *err)
{
    struct pick_item items[200];
    int n = 0;
    int64_t created = 0;
    int rc = store_wave_items(s->st, wave_id, items, 200, &n, &created, err);
    if (rc)
        return rc;
    char when[32];
    time_format_local(created, when);
    /* L10N: the title of a printed pick list */
    sb_addf(list, _("Pick list: wave %lld, %s, %s\n\n"), (long long)wave_id, s->set.name, when);
    /* the pick list is printed and read: data in it is shown, never obeyed (width_fit and
     * width_visible write controls as escapes) */
    width_fit(list, _("SKU"), 12, WIDTH_LEFT);
    sb_adds(list, "  ");
    width_fit(list, _("Item"), 32, WIDTH_LEFT);
    sb_adds(list, "  ");
    width_fit(list, _("Qty"), 4, WIDTH_RIGHT);
    sb_addf(list, "  %s\n", _("Orders"));
    for (int i = 0; i < n; i++) {
        char qty[24];
        snprintf(qty, sizeof qty, "%lld", (long long)items[i].qty);
        width_fit(list, items[i].sku, 12, WIDTH_LEFT);
        sb_adds(list, "  ");
        width_fit(list, items[i].title, 32, WIDTH_LEFT);
        sb_adds(list, "  ");
        width_fit(list, qty, 4, WIDTH_RIGHT);
        sb_adds(list, "  ");
        width_visible(list, items[i].orders);
        sb_addch(list, '\n');
    }
    return SD_OK;
}

/* Stage the pick list where it goes: SD_OK with *st ready to publish. */
static int wave_stage(struct session *s, enum wave_target target, const char *file,
                      int64_t wave_id, const char *text, struct file_stage *st, char **path,
                      struct sd_err *err)
{
    int e;
    if (target == WAVE_TO_SHOP) {
        char *dir = path_join(s->shop_dir, "waves");
        if ((e = dir_create(dir, 02770))) {
            int rc = sd_fail(err, SD_IO, _("cannot create %s: %s"), dir, strerror(e));
            free(dir);
            return rc;
        }
        char name[48];
        snprintf(name, sizeof name, "wave-%lld.txt", (long long)wave_id);
        *path = path_join(dir, name);
        free(dir);
        e = file_stage(*path, text, strlen(text), 0660, st);
    } else {
        *path = xstrdup(file);
        paths_user_begin(); /* written with the person's rights, never the shop's */
        e = file_stage(*path, text, strlen(text), 0644, st);
        paths_user_end();
    }
    if (e) {
        int rc = sd_fail(err, SD_IO, _("cannot write %s: %s"), *path, strerror(e));
        free(*path);
        *path = NULL;
        return rc;
    }
    return SD_OK;
}

int64_t order_promise_by(const struct settings *set, const struct order *o,
                         const struct order_line *lines, size_t n)
{
    if (!o->paid_at || o->gift || !set->orders.npromises)
        return 0;
    const char *skus[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < 64; i++)
        skus[k++] = lines[i].sku;
    const struct promise_rule *r =
        promise_match(set->orders.promises, set->orders.npromises, o->address, o->courier, skus,
                      k);
    return r ? promise_deadline(r, o->paid_at) : 0;
}

/* Shortages listed at most; the rest counted. */
#define SHORT_SHOWN 20

int wave_create(struct session *s, int size, enum wave_target target, const char *file,
                int64_t *wave_id, int *orders, struct strbuf *list, char **path,
                struct strbuf *short_of, struct sd_err *err)
{
    *wave_id = 0;
    *orders = 0;
    if (path)
        *path = NULL;
    int rc = session_require(s, SD_PERM_WAVES, err);
    if (rc)
        return rc;
    if (size <= 0)
        size = s->set.orders.wave_size;
    if (size > 500)
        return sd_fail(err, SD_INPUT, _("a wave holds at most 500 orders"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    /* the oldest waiting, with room for those whose stock is short */
    int room = size + 200;
    int64_t *ids = xcalloc((size_t)room, sizeof *ids);
    int found = 0, nshort = 0;
    struct file_stage staged = {.dirfd = -1};
    char *where = NULL;
    if ((rc = store_wave_candidates(s->st, room, ids, &found, err)))
        goto fail;
    int taken = 0;
    for (int i = 0; i < found && taken < size; i++) {
        struct order o;
        if ((rc = store_order_get(s->st, ids[i], &o, err)))
            goto fail;
        bool short_one = false;
        struct strbuf why = STRBUF_INIT;
        if (!o.gift) /* a gift's goods left the shelf when it was made */
            rc = stock_pick_order(s, ids[i], &short_one, &why, err);
        if (!rc && short_one) {
            if (short_of && nshort < SHORT_SHOWN)
                sb_addf(short_of, "%s: %s\n", o.number, sb_str(&why));
            nshort++;
        } else if (!rc) {
            ids[taken++] = ids[i];
        }
        sb_free(&why);
        order_clear(&o);
        if (rc)
            goto fail;
    }
    if (short_of && nshort > SHORT_SHOWN)
        sb_addf(short_of,
                P_("and %d more order whose stock is short\n",
                   "and %d more orders whose stock is short\n", nshort - SHORT_SHOWN),
                nshort - SHORT_SHOWN);
    found = taken;
    if (found == 0) {
        free(ids);
        store_rollback(s->st);
        return SD_OK;
    }
    if ((rc = store_wave_add(s->st, s->who, found, wave_id, err)))
        goto fail;
    json_object *after = json_object_new_object();
    json_object_object_add(after, "wave", json_object_new_int64(*wave_id));
    for (int i = 0; i < found; i++) {
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)ids[i]);
        if ((rc = store_order_set_wave(s->st, ids[i], *wave_id, err)) ||
            (rc = session_audit(s, "order.wave", "order", idtext, ids[i], NULL, after, err))) {
            json_object_put(after);
            goto fail;
        }
    }
    json_object_put(after);
    if ((rc = wave_pick_list(s, *wave_id, list, err)))
        goto fail;
    /* the file first, under a hidden name: no wave without its pick list */
    if (target != WAVE_TO_LIST &&
        (rc = wave_stage(s, target, file, *wave_id, sb_str(list), &staged, &where, err)))
        goto fail;
    if ((rc = store_commit(s->st, err))) {
        file_discard(&staged);
        free(where);
        free(ids);
        *wave_id = 0;
        return rc;
    }
    free(ids);
    *orders = found;
    if (target != WAVE_TO_LIST) {
        if (target == WAVE_TO_FILE)
            paths_user_begin();
        int e = file_publish(&staged);
        if (target == WAVE_TO_FILE)
            paths_user_end();
        if (e) {
            rc = sd_fail(err, SD_IO,
                         _("wave %lld was made, but its pick list could not be saved as %s: %s "
                           "(print it with: shopdesk wave show %lld)"),
                         (long long)*wave_id, where, strerror(e), (long long)*wave_id);
            free(where);
            return rc;
        }
        if (path)
            *path = where;
        else
            free(where);
    }
    return SD_OK;
fail:
    file_discard(&staged);
    free(where);
    free(ids);
    store_rollback(s->st);
    *wave_id = 0;
    return rc;
}

int order_create_manual(struct session *s, struct manual_order *m, int64_t *id,
                        struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_ORDERS_EDIT, err);
    if (rc)
        return rc;
    if (m->nlines == 0)
        return sd_fail(err, SD_INPUT, _("an order needs at least one line"));
    int64_t goods = 0;
    for (size_t i = 0; i < m->nlines; i++) {
        const struct order_line *l = &m->lines[i];
        if (!l->title || !*l->title)
            return sd_fail(err, SD_INPUT, _("line %zu has no item"), i + 1);
        if (l->qty <= 0 || l->qty > 100000)
            return sd_fail(err, SD_INPUT, _("line %zu: the quantity must be 1 or more"), i + 1);
        int64_t t;
        if (l->price < 0 || !money_mul(l->price, l->qty, &t) || !money_add(goods, t, &goods))
            return sd_fail(err, SD_INPUT, _("line %zu: the amount is out of range"), i + 1);
    }
    int64_t total;
    if (m->shipping < 0 || !money_add(goods, m->shipping, &total))
        return sd_fail(err, SD_INPUT, _("the shipping is out of range"));
    if (goods == 0)
        return sd_fail(err, SD_INPUT, "%s",
                       _("an order entered by hand is not free (only a gift is): give the "
                         "items' prices"));
    if (m->phone && *m->phone && !phone_valid(m->phone))
        return sd_fail(err, SD_INPUT,
                       _("'%s' is not a phone number (5 to 20 digits; blanks, +, - and "
                         "brackets may go between)"),
                       m->phone);
    if ((rc = store_begin(s->st, err)))
        return rc;
    int64_t now = clock_now();
    char number[64];
    if (m->number && *m->number) {
        snprintf(number, sizeof number, "%s", m->number);
    } else {
        char day[11], prefix[24];
        date_format(date_of(now), day);
        snprintf(prefix, sizeof prefix, "M%.4s%.2s%.2s-", day, day + 5, day + 8);
        snprintf(number, sizeof number, "%s%03lld", prefix, (long long)store_number_seq(s->st, "manual", prefix));
    }
    struct order exists;
    if (store_order_find(s->st, "manual", number, &exists, NULL) == SD_OK) {
        order_clear(&exists);
        store_rollback(s->st);
        return sd_fail(err, SD_CONFLICT, _("there is already a manual order %s"), number);
    }
    struct order_line *lines = xcalloc(m->nlines, sizeof *lines);
    for (size_t i = 0; i < m->nlines; i++) {
        lines[i] = m->lines[i];
        lines[i].line_no = (int)i + 1;
        lines[i].total = m->lines[i].price * m->lines[i].qty;
    }
    struct order o = {
        .platform = "manual",
        .number = number,
        .status = m->paid ? ORDER_PAID : ORDER_PENDING,
        .buyer = (char *)(m->buyer ? m->buyer : ""),
        .receiver = (char *)(m->receiver ? m->receiver : ""),
        .phone = (char *)(m->phone ? m->phone : ""),
        .address = (char *)(m->address ? m->address : ""),
        .currency = (char *)s->set.currency->code,
        .goods = goods,
        .shipping = m->shipping,
        .total = total,
        .created_at = now,
        .paid_at = m->paid ? now : 0,
        .note = (char *)(m->note ? m->note : ""),
    };
    m->rebate = 0;
    if (o.buyer[0]) {
        int64_t known[2];
        int found = 0;
        if ((rc = store_members_by_buyer(s->st, o.buyer, known, 2, &found, err)))
            goto fail;
        bool created;
        if (found == 1)
            o.member_id = known[0];
        else if ((rc = store_member_match(s->st, "manual", o.buyer, o.receiver, o.phone,
                                          &o.member_id, &created, err)))
            goto fail;
        struct member mb;
        if (store_member_get(s->st, o.member_id, &mb, NULL) == SD_OK) {
            if (mb.tier > 0 && mb.tier < s->set.tiers.n) {
                int64_t r = s->set.tiers.tiers[mb.tier].benefits.shipping_rebate;
                m->rebate = r < o.shipping ? r : o.shipping;
                o.shipping -= m->rebate;
                o.total -= m->rebate;
            }
            member_clear(&mb);
        }
    }
    o.promise_by = order_promise_by(&s->set, &o, lines, m->nlines);
    if ((rc = store_order_insert(s->st, &o, lines, m->nlines, err)))
        goto fail;
    json_object *after = json_object_new_object();
    json_object_object_add(after, "number", json_object_new_string(number));
    json_object_object_add(after, "total", json_object_new_int64(o.total));
    if (m->rebate)
        json_object_object_add(after, "shipping_rebate", json_object_new_int64(m->rebate));
    json_object_object_add(after, "status", json_object_new_string(order_status_key(o.status)));
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)o.id);
    rc = session_audit(s, "order.create", "order", idtext, o.id, NULL, after, err);
    json_object_put(after);
    if (rc)
        goto fail;
    free(lines);
    *id = o.id;
    return store_commit(s->st, err);
fail:
    free(lines);
    store_rollback(s->st);
    return rc;
}

int ship_stats(struct session *s, int64_t from, int64_t to, struct ship_stats *out,
               struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t *t = NULL;
    size_t n = 0;
    int rc = store_ship_times(s->st, from, to, &t, &n, err);
    if (rc)
        return rc;
    struct ship_bands b;
    memcpy(b.limit, s->set.orders.ship_bands, sizeof b.limit);
    for (size_t i = 0; i < n; i++)
        out->band[ship_band(&b, t[i])]++;
    out->count = (int64_t)n;
    out->median = stats_median(t, n);
    out->p90 = stats_percentile(t, n, 90);
    free(t);
    return SD_OK;
}
