#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/gen.h"
#include "app/gifts.h"
#include "app/mystery.h"
#include "app/order_ops.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "app/stock.h"
#include "app/shop.h"
#include "app/tiers.h"
#include "core/clock.h"
#include "core/order.h"
#include "core/role.h"
#include "core/tz.h"
#include "store/audit.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/ratings.h"
#include "app/performance.h"
#include "store/chat.h"
#include "store/disputes.h"
#include "store/refunds.h"
#include "store/staff.h"
#include "store/store.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/rng.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct demo_staff {
    const char *login, *name;
    unsigned roles;
};

static const struct demo_staff team[] = {
    {"li.na", "\xe6\x9d\x8e\xe5\xa8\x9c", SD_ROLE_AGENT},        /* 李娜 */
    {"wang.fang", "\xe7\x8e\x8b\xe8\x8a\xb3", SD_ROLE_AGENT},    /* 王芳 */
    {"zhang.wei", "\xe5\xbc\xa0\xe4\xbc\x9f", SD_ROLE_REFUNDS},  /* 张伟 */
    {"chen.jie", "\xe9\x99\x88\xe6\x9d\xb0", SD_ROLE_REFUNDS},   /* 陈杰 */
    {"liu.yang", "\xe5\x88\x98\xe6\xb4\x8b", SD_ROLE_RETURNS},   /* 刘洋 */
    {"zhao.min", "\xe8\xb5\xb5\xe6\x95\x8f", SD_ROLE_WAREHOUSE}, /* 赵敏 */
    {"sun.li", "\xe5\xad\x99\xe4\xb8\xbd", SD_ROLE_SHOPPER},     /* 孙丽 */
    {"anna", "Anna Schmidt", SD_ROLE_AGENT | SD_ROLE_REFUNDS},
};

static int add_staff(struct store *st, const char *owner, struct sd_err *err)
{
    for (size_t i = 0; i < sizeof team / sizeof team[0]; i++) {
        if (!strcmp(team[i].login, owner))
            continue;
        struct staff m = {(char *)team[i].login, (char *)team[i].name, team[i].roles, true,
                          clock_now()};
        char roles[64];
        roles_format(m.roles, roles, sizeof roles);
        json_object *after = json_object_new_object();
        json_object_object_add(after, "login", json_object_new_string(m.login));
        json_object_object_add(after, "name", json_object_new_string(m.name));
        json_object_object_add(after, "roles", json_object_new_string(roles));
        struct audit_entry e = {
            .login = owner,
            .action = "staff.add",
            .entity = "staff",
            .entity_id = m.login,
            .after = json_object_to_json_string_ext(after, JSON_C_TO_STRING_PLAIN |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE),
        };
        int rc = store_staff_put(st, &m, err);
        if (!rc)
            rc = store_audit_add(st, &e, err);
        json_object_put(after);
        if (rc)
            return rc;
    }
    return SD_OK;
}

#define DEMO_MEMBERS 320
#define DEMO_DAYS    60

struct demo_member {
    int64_t id;
    char platform[16];
    char buyer_id[64];
    char name[64];
    char phone[24];
};

static int add_members(struct store *st, struct rng *r, struct demo_member *m, struct sd_err *err)
{
    for (int i = 0; i < DEMO_MEMBERS; i++) {
        bool chinese;
        gen_name(r, m[i].name, sizeof m[i].name, &chinese);
        snprintf(m[i].platform, sizeof m[i].platform, "%s",
                 chinese || rng_chance(r, 30) ? "taobao" : "shopify");
        gen_buyer_id(r, m[i].platform, 1000 + i, m[i].buyer_id, sizeof m[i].buyer_id);
        if (rng_chance(r, 85))
            gen_phone(r, m[i].phone, sizeof m[i].phone);
        bool created;
        int rc = store_member_match(st, m[i].platform, m[i].buyer_id, m[i].name, m[i].phone,
                                    &m[i].id, &created, err);
        if (rc)
            return rc;
    }
    return SD_OK;
}

/* The warehouse ships from 09:00 to 21:00: a parcel due outside those hours goes out the
 * next morning, a little after opening. */
static int64_t warehouse_hours(int64_t t, int64_t delay)
{
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    if (tm.tm_hour >= 9 && tm.tm_hour < 21)
        return t;
    struct sd_date d = date_of(t);
    if (tm.tm_hour >= 21)
        d = date_add(d, 1);
    return date_start(d) + 9 * 3600 + delay % 3600;
}

/* One order of a member at time t, moved along the pipeline as far as "now" allows. */
static int add_order(struct store *st, struct rng *r, const struct demo_member *m, int64_t t,
                     int64_t now, int seq, struct sd_err *err)
{
    char number[48], tracking[40] = "", address[160];
    if (!strcmp(m->platform, "shopify"))
        snprintf(number, sizeof number, "#%d", 1001 + seq);
    else
        snprintf(number, sizeof number, "19%05d%012llu", seq,
                 (unsigned long long)rng_below(r, 1000000000000ULL));
    gen_address(r, address, sizeof address);
    struct order_line lines[3];
    int nl = 1 + (rng_chance(r, 35) ? 1 : 0) + (rng_chance(r, 10) ? 1 : 0);
    int64_t goods = 0;
    for (int i = 0; i < nl; i++) {
        const struct gen_item *it = gen_item(r);
        lines[i] = (struct order_line){
            0, i + 1, (char *)it->sku, (char *)it->title, rng_chance(r, 20) ? 2 : 1, it->price, 0};
        lines[i].total = lines[i].price * lines[i].qty;
        goods += lines[i].total;
    }
    int64_t shipping = goods >= 9900 ? 0 : 1000;
    const struct gen_courier *c = gen_courier(r);
    struct order o = {
        .platform = (char *)m->platform,
        .number = number,
        .status = ORDER_PENDING,
        .member_id = m->id,
        .buyer = (char *)m->buyer_id,
        .receiver = (char *)m->name,
        .phone = (char *)m->phone,
        .address = address,
        .currency = "CNY",
        .goods = goods,
        .shipping = shipping,
        .total = goods + shipping,
        .created_at = t,
    };
    bool unpaid = now - t < 2 * 3600 && rng_chance(r, 25);
    bool cancelled = rng_chance(r, 3);
    if (!unpaid) {
        o.status = ORDER_PAID;
        o.paid_at = t + rng_range(r, 10, 600);
        if (o.paid_at > now)
            o.paid_at = now;
    }
    if (cancelled) {
        o.status = ORDER_CANCELLED;
        o.cancelled_at = (o.paid_at ? o.paid_at : t) + rng_range(r, 60, 3600);
        if (o.cancelled_at > now)
            o.cancelled_at = now;
        o.cancel_reason = "buyer cancelled";
    } else if (o.paid_at) {
        int64_t delay = gen_ship_delay(r);
        int64_t shipped = warehouse_hours(o.paid_at + delay, delay);
        if (shipped <= now) {
            o.picked_at = o.paid_at + delay / 3;
            o.packed_at = o.paid_at + delay * 2 / 3;
            o.shipped_at = shipped;
            o.status = ORDER_SHIPPED;
            o.courier = (char *)c->name;
            gen_tracking(r, c, tracking, sizeof tracking);
            o.tracking = tracking;
            int64_t delivered = shipped + rng_range(r, 36 * 3600, 4 * 86400);
            if (delivered <= now) {
                o.delivered_at = delivered;
                o.status = ORDER_DELIVERED;
            }
        } else if (now - o.paid_at > delay * 2 / 3) {
            o.picked_at = o.paid_at + delay / 3;
            o.packed_at = o.paid_at + delay * 2 / 3;
            o.status = ORDER_PACKED;
        } else if (now - o.paid_at > delay / 3) {
            o.picked_at = o.paid_at + delay / 3;
            o.status = ORDER_PICKED;
        }
    }
    return store_order_insert(st, &o, lines, (size_t)nl, err);
}

static int add_orders(struct store *st, struct rng *r, const struct demo_member *m,
                      struct sd_err *err)
{
    int64_t now = clock_now();
    struct sd_date today = date_of(now);
    int seq = 0;
    /* 30% of orders come from the best 5% of members */
    int top = DEMO_MEMBERS / 20;
    for (int d = DEMO_DAYS - 1; d >= 0; d--) {
        struct sd_date day = date_add(today, -d);
        int64_t start = date_start(day);
        int count = (int)rng_range(r, 16, 30);
        for (int k = 0; k < count; k++) {
            int64_t t = start + 8 * 3600 + (int64_t)rng_below(r, 16 * 3600);
            if (t > now)
                continue;
            int who = rng_chance(r, 30) ? (int)rng_below(r, (uint64_t)top)
                                        : (int)rng_below(r, DEMO_MEMBERS);
            int rc = add_order(st, r, &m[who], t, now, seq++, err);
            if (rc)
                return rc;
        }
    }
    return SD_OK;
}

static int audit_as(struct store *st, const char *login, const char *action, int64_t refund_id,
                    int64_t order_id, const char *status, struct sd_err *err)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)refund_id);
    json_object *after = json_object_new_object();
    json_object_object_add(after, "status", json_object_new_string(status));
    struct audit_entry e = {
        .login = login,
        .action = action,
        .entity = "refund",
        .entity_id = id,
        .order_id = order_id,
        .after = json_object_to_json_string_ext(after, JSON_C_TO_STRING_PLAIN |
                                                           JSON_C_TO_STRING_NOSLASHESCAPE),
    };
    int rc = store_audit_add(st, &e, err);
    json_object_put(after);
    return rc;
}

/* Refund requests in every state: paid ones in the past (a few late), some rejected and
 * withdrawn, and for now: two to review, two parcels on their way, and a queue with one
 * refund about to run out and one already overdue. */
static int add_refunds(struct store *st, struct rng *r, struct sd_err *err)
{
    int64_t now = clock_now();
    static const char *const reasons[] = {"damaged",     "size",         "not_as_described",
                                          "quality",     "changed_mind", "wrong_item",
                                          "not_received"};
    struct order_filter f;
    order_filter_init(&f);
    struct order_row rows[120];
    f.status = ORDER_DELIVERED;
    int n = store_orders_page(st, &f, NULL, true, false, 120, rows, err);
    if (n < 0)
        return err->code;
    int made = 0;
    for (int i = 0; i < n && made < 40; i += 2 + (int)rng_below(r, 3)) {
        struct order o;
        if (store_order_get(st, rows[i].id, &o, err))
            return err->code;
        bool current = made >= 32; /* the last ones are today's work */
        int stage = current ? made - 32 : (int)rng_below(r, 10);
        enum refund_kind kind = stage % 3 == 0 ? KIND_REFUND : KIND_RETURN;
        if (current) /* to review, on its way x2, due soon, overdue, just in, paid */
            kind = stage == 4 || stage == 7 ? KIND_REFUND : KIND_RETURN;
        int64_t asked = o.goods / (1 + (int64_t)rng_below(r, 3));
        asked -= asked % 100;
        if (asked <= 0) {
            order_clear(&o);
            continue;
        }
        /* asked some time after delivery, and at least an hour ago */
        int64_t room = now - 3600 - o.delivered_at;
        int64_t t0 = current    ? now - 3600 + (int64_t)rng_below(r, 1800)
                     : room > 0 ? o.delivered_at + (int64_t)rng_below(r, (uint64_t)room)
                                : now - 3600;
        const char *agent = rng_chance(r, 50) ? "li.na" : "wang.fang";
        struct refund x = {0};
        x.order_id = o.id;
        x.kind = kind;
        x.status = REFUND_REQUESTED;
        x.amount = asked;
        x.reason = (char *)reasons[rng_below(r, 7)];
        x.note = "";
        x.requested_at = t0;
        x.requested_by = (char *)agent;
        x.return_tracking = "";
        char tracking[32];
        snprintf(tracking, sizeof tracking, "SFR%010llu",
                 (unsigned long long)rng_below(r, 10000000000ULL));
        if (kind == KIND_RETURN)
            x.return_tracking = tracking;
        int rc = store_refund_insert(st, &x, NULL, 0, err);
        if (!rc)
            rc = audit_as(st, agent, "refund.request", x.id, o.id, "requested", err);
        /* how far it got */
        enum {
            TO_REVIEW,
            ON_ITS_WAY,
            IN_QUEUE_SOON,
            IN_QUEUE_LATE,
            RECEIVED_NOW,
            PAID,
            REJECTED,
            WITHDRAWN
        } fate;
        if (current) {
            static const int plan[] = {TO_REVIEW,     TO_REVIEW,     ON_ITS_WAY,   ON_ITS_WAY,
                                       IN_QUEUE_SOON, IN_QUEUE_LATE, RECEIVED_NOW, PAID};
            fate = plan[stage < 8 ? stage : 7];
        } else {
            fate = stage < 7 ? PAID : stage == 7 ? REJECTED : stage == 8 ? WITHDRAWN : PAID;
        }
        if (!rc && fate != TO_REVIEW) {
            x.reviewed_at = t0 + 120;
            x.reviewed_by = (char *)agent;
            x.review_note = "";
            if (fate == REJECTED) {
                x.status = REFUND_REJECTED;
                x.review_note = "no photo of the damage";
            } else if (fate == WITHDRAWN) {
                x.status = REFUND_WITHDRAWN;
            } else {
                x.status = kind == KIND_REFUND ? REFUND_APPROVED : REFUND_AWAITING_RETURN;
                if (kind == KIND_REFUND)
                    x.ready_at = x.reviewed_at;
            }
            if (fate == IN_QUEUE_SOON || fate == IN_QUEUE_LATE || fate == RECEIVED_NOW) {
                /* about a minute left, or two minutes over */
                x.ready_at = fate == IN_QUEUE_SOON   ? now - 4 * 60
                             : fate == IN_QUEUE_LATE ? now - 7 * 60
                                                     : now - 30;
                if (kind == KIND_RETURN || fate == RECEIVED_NOW) {
                    x.status = REFUND_RECEIVED;
                    x.received_at = x.ready_at;
                    x.received_by = "liu.yang";
                    x.condition = 1;
                }
            }
            if (fate == PAID && kind == KIND_RETURN) {
                x.status = REFUND_RECEIVED;
                x.received_at = x.reviewed_at + 86400 * (int64_t)rng_range(r, 1, 3);
                x.received_by = "liu.yang";
                x.condition = 1 + (rng_chance(r, 15) ? 1 : 0);
                x.ready_at = x.received_at;
            }
            rc = store_refund_update(st, &x, err);
            if (!rc)
                rc = audit_as(st, agent,
                              fate == REJECTED    ? "refund.reject"
                              : fate == WITHDRAWN ? "refund.cancel"
                                                  : "refund.approve",
                              x.id, o.id, refund_status_key(x.status), err);
            if (!rc && x.received_at)
                rc = audit_as(st, "liu.yang", "refund.receive", x.id, o.id, "received", err);
        }
        if (!rc && fate == PAID) {
            int64_t delay = rng_chance(r, 85) ? rng_range(r, 40, 290) : rng_range(r, 320, 1500);
            struct payment p = {0};
            p.order_id = o.id;
            p.refund_id = x.id;
            p.amount = p.goods_amount = x.amount;
            snprintf(p.method, sizeof p.method, "%s", rng_chance(r, 70) ? "支付宝" : "微信支付");
            snprintf(p.reference, sizeof p.reference, "TX%010llu",
                     (unsigned long long)rng_below(r, 10000000000ULL));
            p.at = x.ready_at + delay;
            if (p.at > now)
                p.at = now;
            snprintf(p.by, sizeof p.by, "%s", rng_chance(r, 60) ? "zhang.wei" : "chen.jie");
            p.late = delay > 300;
            rc = store_payment_add(st, &p, err);
            if (!rc) {
                x.status = REFUND_PAID;
                x.paid_at = p.at;
                x.paid_by = p.by;
                rc = store_refund_update(st, &x, err);
            }
            if (!rc)
                rc = audit_as(st, p.by, "refund.pay", x.id, o.id, "paid", err);
        }
        order_clear(&o);
        if (rc)
            return rc;
        made++;
    }
    return SD_OK;
}

struct id_list {
    int64_t *v;
    size_t n;
};

static int collect_id(const struct order *o, void *arg)
{
    struct id_list *ids = arg;
    ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof *ids->v);
    ids->v[ids->n++] = o->id;
    return 0;
}

/* What members say about themselves: birthdays (some within the coming week, so the birthday
 * rule has work), tags, and two buyers who share a phone (one person on two platforms, for a
 * merge). Its own random stream, so the orders stay as they were. */
static int member_extras(struct store *st, const struct demo_member *m, struct sd_err *err)
{
    struct rng r;
    rng_seed(&r, DEMO_SEED ^ 0x6d656d62ULL);
    struct sd_date today = date_of(clock_now());
    static const char *const tags[] = {"VIP", "\xe6\x89\xb9\xe5\x8f\x91",      /* 批发 */
                                       "\xe8\x80\x81\xe5\xae\xa2\xe6\x88\xb7", /* 老客户 */
                                       "\xe6\x95\x8f\xe6\x84\x9f"};            /* 敏感 */
    for (int i = 0; i < DEMO_MEMBERS; i++) {
        struct member x;
        int rc = store_member_get(st, m[i].id, &x, err);
        if (rc)
            return rc;
        char birthday[16] = "", tagbuf[64] = "";
        if (i % 17 == 3) { /* a birthday in the coming days */
            struct sd_date b = date_add(today, (int)rng_below(&r, 9));
            snprintf(birthday, sizeof birthday, "%02d-%02d", b.m, b.d);
        } else if (rng_chance(&r, 40)) {
            struct sd_date b = date_add((struct sd_date){1990, 1, 1}, (int)rng_below(&r, 365 * 20));
            snprintf(birthday, sizeof birthday, "%04d-%02d-%02d", b.y, b.m, b.d);
        }
        if (rng_chance(&r, 15))
            snprintf(tagbuf, sizeof tagbuf, "%s", tags[rng_below(&r, 4)]);
        struct member w = x;
        w.birthday = birthday;
        w.tags = tagbuf;
        if (i == 41 && m[40].phone[0]) /* the same person, buying on two platforms */
            w.phone = (char *)m[40].phone;
        rc = store_member_edit(st, &w, err);
        member_clear(&x);
        if (rc)
            return rc;
    }
    return SD_OK;
}

/* A session of the owner on the demo's database, as the demo's simulations run. */
static int owner_session(const char *dir, const char *owner, struct session *s, struct sd_err *err)
{
    memset(s, 0, sizeof *s);
    char *db = path_join(dir, "shop.db");
    int rc = store_open(db, 0, &s->st, err);
    free(db);
    if (rc)
        return rc;
    /* the demo's own shop.yaml (the shipped one): its promises, tiers and rules */
    char *yaml = path_join(dir, "shop.yaml");
    rc = settings_load(yaml, &s->set, err);
    free(yaml);
    if (rc) {
        store_free(&s->st);
        return rc;
    }
    s->shop_dir = xstrdup(dir);
    s->login = xstrdup(owner);
    s->who = s->login;
    s->roles = SD_ROLE_OWNER;
    return SD_OK;
}

/* The delivery promises the shop's orders were paid under (shop.yaml's orders.promises), as
 * an import would have kept them: yesterday's show kept and missed ones, today's the time
 * left. */
static int add_promises(const char *dir, const char *owner, struct sd_err *err)
{
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    struct order_filter f;
    order_filter_init(&f);
    f.paid_only = true;
    f.gift = 0;
    struct id_list ids = {NULL, 0};
    if (!(rc = store_orders_each(s.st, &f, 0, collect_id, &ids, err)) &&
        !(rc = store_begin(s.st, err))) {
        for (size_t i = 0; i < ids.n && !rc; i++) {
            struct order o;
            struct order_line *lines = NULL;
            size_t n = 0;
            if ((rc = store_order_get(s.st, ids.v[i], &o, err)))
                break;
            if (!(rc = store_order_lines(s.st, o.id, &lines, &n, err))) {
                int64_t by = order_promise_by(&s.set, &o, lines, n);
                if (by)
                    rc = store_order_set_promise(s.st, o.id, by, err);
            }
            order_lines_free(lines, n);
            order_clear(&o);
        }
        if (rc)
            store_rollback(s.st);
        else
            rc = store_commit(s.st, err);
    }
    free(ids.v);
    session_close(&s);
    return rc;
}

/* The shelves: a delivery of every item sold (one best seller sold out as new), a few
 * returned units put back as open-box, and an item whose returns keep arriving broken
 * (the defective units kept together, to show the maker, as the seeds tell). Through the same operations the
 * warehouse and the returns desk use. */
static int add_stock(const char *dir, const char *owner, struct sd_err *err)
{
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    struct rng r;
    rng_seed(&r, 20261205);
    size_t n = gen_item_count();
    for (size_t i = 0; i < n && !rc; i++) {
        const struct gen_item *it = gen_item_at(i);
        if (!it->price) /* the gifts have stock of their own */
            continue;
        int64_t qty = i == 1 ? 6 : (int64_t)rng_range(&r, 12, 90);
        rc = stock_add(&s, it->sku, qty, STOCK_NEW, "demo delivery", err);
        if (!rc && i == 1) { /* sold out: what is left is open-box only */
            int64_t delta;
            rc = stock_adjust(&s, it->sku, STOCK_NEW, 0, "sold out (demo)", &delta, err);
        }
    }
    if (!rc && (rc = store_begin(s.st, err)) == SD_OK) {
        for (size_t i = 0; i < 4 && i < n && !rc; i++)
            rc = stock_move_in(&s, gen_item_at(i)->sku, STOCK_OPEN_BOX,
                               (int64_t)rng_range(&r, 1, 4), STOCK_RETURNED, 0, 0, NULL, err);
        if (rc)
            store_rollback(s.st);
        else
            rc = store_commit(s.st, err);
    }
    /* the item whose returns keep arriving broken: requests with the buyers' words, approved,
     * and graded 2 by the returns desk as they came in today */
    static const char *const said[] = {
        "\xe6\xb4\x97\xe4\xb8\x80\xe6\xac\xa1\xe5\xb0\xb1\xe5\xbc\x80\xe7\xba\xbf\xe4\xba\x86",
        /* 洗一次就开线了 */
        "\xe6\x8b\x89\xe9\x93\xbe\xe5\x9d\x8f\xe4\xba\x86",            /* 拉链坏了 */
        "\xe8\xa2\x96\xe5\x8f\xa3\xe5\xbc\x80\xe7\xba\xbf",            /* 袖口开线 */
        "\xe6\x94\xb6\xe5\x88\xb0\xe5\xb0\xb1\xe6\x9c\x89\xe7\xa0\xb4\xe6\xb4\x9e",
        /* 收到就有破洞 */
    };
    struct order_filter f;
    order_filter_init(&f);
    const char *broken = n > 5 ? gen_item_at(5)->sku : NULL;
    f.sku = broken;
    f.status = ORDER_DELIVERED;
    struct id_list ids = {NULL, 0};
    if (!rc && broken)
        rc = store_orders_each(s.st, &f, 5, collect_id, &ids, err);
    for (size_t i = 0; i < ids.n && !rc; i++) {
        struct refund_row had[1];
        if (store_refunds_of_order(s.st, ids.v[i], had, 1, NULL) != 0)
            continue; /* asked already (or not known): another order */
        struct refund_request_line line = {broken, 1};
        char tracking[32];
        snprintf(tracking, sizeof tracking, "SFR-DEFECT-%zu", i + 1);
        struct refund_request q = {ids.v[i], KIND_RETURN, 0, 0, &line, 1,
                                   i % 3 == 2 ? REASON_DAMAGED : REASON_QUALITY,
                                   said[i % (sizeof said / sizeof said[0])], tracking, NULL,
                                   NULL};
        struct refund_outcome out;
        memset(&out, 0, sizeof out);
        int got = refund_request(&s, &q, &out, err);
        sb_free(&out.flags);
        if (got == SD_REFUSED || got == SD_CONFLICT || got == SD_INPUT || got == SD_LIMIT)
            continue; /* nothing left to refund on it: another order */
        if ((rc = got))
            break;
        int64_t id = out.id;
        if (out.status == REFUND_REQUESTED && (rc = refund_approve(&s, id, "", err)))
            break;
        rc = refund_receive(&s, tracking, 2, NULL, &id, err);
    }
    free(ids.v);
    session_close(&s);
    return rc;
}

/* The last two weeks of the member rules, as the owner's daily cron would have run them:
 * each evening tiers are recomputed and gifts made (today's are left to make), and the
 * warehouse ships yesterday's gift parcels. Runs as the owner through the same operations the
 * command line uses. */
static int simulate_rules(const char *dir, const char *owner, struct sd_err *err)
{
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    static const struct {
        const char *sku;
        int qty;
    } stock[] = {{"GIFT-SILVER", 120}, {"GIFT-GOLD", 20}, {"GIFT-BDAY", 30}, {"GIFT-VIP", 16}};
    struct clock_saved saved;
    clock_save(&saved);
    int64_t now = clock_now();
    struct sd_date today = date_of(now);
    for (size_t i = 0; i < sizeof stock / sizeof stock[0] && !rc; i++)
        rc = gifts_stock_set(&s, stock[i].sku, stock[i].qty, err);
    for (int d = 14; d >= 0 && !rc; d--) {
        struct sd_date day = date_add(today, -d);
        int64_t evening = date_start(day) + 21 * 3600 + 30 * 60;
        int64_t morning = date_start(day) + 10 * 3600;
        if (morning > now)
            break;
        /* the morning: the warehouse ships the gift parcels waiting since yesterday */
        clock_set(morning, false);
        struct order_filter f;
        order_filter_init(&f);
        f.gift = 1;
        f.status = ORDER_PAID;
        f.to = date_start(day);
        struct id_list ids = {NULL, 0};
        rc = store_orders_each(s.st, &f, 0, collect_id, &ids, err);
        for (size_t k = 0; k < ids.n && !rc; k++) {
            char tracking[24];
            snprintf(tracking, sizeof tracking, "SF%013lld", (long long)(ids.v[k] * 7919 + d));
            struct order_move mv = {ORDER_SHIPPED,
                                    "\xe9\xa1\xba\xe4\xb8\xb0\xe9\x80\x9f\xe8\xbf\x90",
                                    tracking,
                                    NULL,
                                    NULL,
                                    NULL};
            int moved = 0;
            struct strbuf skipped = STRBUF_INIT;
            rc = order_move(&s, &ids.v[k], 1, &mv, &moved, &skipped, err);
            sb_free(&skipped);
        }
        free(ids.v);
        if (rc)
            break;
        clock_set(evening < now ? evening : now, false);
        struct tier_run run;
        struct gift_report rep;
        rc = tiers_recompute(&s, &run, err);
        /* today's gifts are left for the owner to make (P on the members screen) */
        if (!rc && d > 0)
            rc = gifts_run(&s, day, false, NULL, NULL, &rep, err);
    }
    clock_restore(&saved);
    session_close(&s);
    return rc;
}

/* Customers rate about a third of the delivered orders a few days after shipping, mostly
 * five stars; the owner has answered the low ones, all but some of the last two days. */
static int add_ratings(struct store *st, struct rng *r, struct sd_err *err)
{
    static const char *const good[] = {
        "\xe8\xb4\xa8\xe9\x87\x8f\xe5\xbe\x88\xe5\xa5\xbd\xef\xbc\x8c\xe5\x8f\x91\xe8\xb4\xa7"
        "\xe5\xbf\xab", /* 质量很好，发货快 */
        "\xe5\x92\x8c\xe5\x9b\xbe\xe7\x89\x87\xe4\xb8\x80\xe6\xa0\xb7", /* 和图片一样 */
        "Fits well, fast delivery", "Great quality, will buy again", ""};
    static const char *const bad[] = {
        "\xe5\xb0\xba\xe7\xa0\x81\xe5\x81\x8f\xe5\xb0\x8f", /* 尺码偏小 */
        "\xe5\x8c\x85\xe8\xa3\x85\xe7\xa0\xb4\xe4\xba\x86", /* 包装破了 */
        "Arrived late and the box was crushed", "Colour is not like the photo"};
    int64_t now = clock_now();
    struct order_filter f;
    order_filter_init(&f);
    f.status = ORDER_DELIVERED;
    int cap = 2500;
    struct order_row *rows = xcalloc((size_t)cap, sizeof *rows);
    int n = store_orders_page(st, &f, NULL, true, false, cap, rows, err);
    int rc = n < 0 ? (int)err->code : SD_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (!rng_chance(r, 35) || !rows[i].shipped_at)
            continue;
        struct rating g = {0};
        g.rated_at = rows[i].shipped_at + 2 * 86400 + (int64_t)rng_below(r, 2 * 86400);
        if (g.rated_at > now - 600)
            continue;
        snprintf(g.platform, sizeof g.platform, "%s", rows[i].platform);
        snprintf(g.number, sizeof g.number, "%s", rows[i].number);
        g.order_id = rows[i].id;
        int dice = (int)rng_below(r, 100);
        g.rating = dice < 74 ? 5 : dice < 87 ? 4 : dice < 92 ? 3 : dice < 96 ? 2 : 1;
        const char *c = g.rating >= 4 ? good[rng_below(r, 5)] : bad[rng_below(r, 4)];
        snprintf(g.comment, sizeof g.comment, "%s", c);
        enum rating_change ch;
        rc = store_rating_put(st, &g, g.rated_at, &ch, err);
        int64_t reply = g.rated_at + 3 * 3600;
        struct rating got;
        if (!rc && g.rating <= 2 && reply < now && (reply < now - 2 * 86400 || rng_chance(r, 50)) &&
            !(rc = store_rating_find(st, g.platform, g.number, &got, err)))
            rc = store_rating_reply(st, got.id,
                                    "\xe6\x8a\xb1\xe6\xad\x89\xef\xbc\x8c\xe5\xb7\xb2"
                                    "\xe8\x81\x94\xe7\xb3\xbb\xe6\x82\xa8\xe5\xa4\x84"
                                    "\xe7\x90\x86", /* 抱歉，已联系您处理 */
                                    "owner", reply, err);
    }
    free(rows);
    return rc;
}

static int populate(const char *dir, const char *owner, struct sd_err *err)
{
    char *db = path_join(dir, "shop.db");
    struct store *st = NULL;
    int rc = store_open(db, 0, &st, err);
    free(db);
    if (rc)
        return rc;
    if ((rc = store_begin(st, err)))
        goto out;
    struct rng r;
    rng_seed(&r, DEMO_SEED);
    tz_use("Asia/Shanghai");
    struct demo_member *members = xcalloc(DEMO_MEMBERS, sizeof *members);
    rc = add_staff(st, owner, err);
    if (!rc) {
        /* members joined with their first orders, before the demo's days */
        struct clock_saved saved;
        clock_save(&saved);
        clock_set(clock_now() - (int64_t)(DEMO_DAYS + 1) * 86400, false);
        rc = add_members(st, &r, members, err);
        clock_restore(&saved);
    }
    if (!rc)
        rc = add_orders(st, &r, members, err);
    if (!rc)
        rc = add_refunds(st, &r, err);
    if (!rc)
        rc = add_ratings(st, &r, err);
    if (!rc)
        rc = member_extras(st, members, err);
    free(members);
    if (!rc)
        rc = store_kv_set(st, "demo_seed", "20261123", err);
    if (rc)
        store_rollback(st);
    else
        rc = store_commit(st, err);
out:
    store_free(&st);
    return rc;
}

/* Mystery-shopper reports over the last three weeks, filed by the shopper sun.li: own chat
 * staff, two competitors and a courier, at every step from submitted to locked, one that
 * fails a critical item, and an action item past due. */
static int add_mystery(const char *dir, const char *owner, struct sd_err *err)
{
    static const struct {
        int days_ago;
        const char *card, *target;
        int steps; /* 0 submitted, 1 reviewed, 2 released, 3 locked */
        bool fail_critical;
    } plan[] = {
        {20, "chat-service", "li.na", 3, false},
        {16, "competitor-chat",
         "\xe4\xbc\x98\xe8\xa1\xa3\xe5\xba\x93\xe6\x97\x97\xe8\x88\xb0\xe5\xba\x97", 3,
         false}, /* 优衣库旗舰店 */
        {12, "chat-service", "wang.fang", 2, false},
        {9, "courier-last-mile", "\xe9\xa1\xba\xe4\xb8\xb0 \xe6\x9c\x9d\xe9\x98\xb3\xe7\xab\x99", 1,
         true}, /* 顺丰 朝阳站: late */
        {6, "competitor-chat", "\xe6\xa3\xae\xe9\xa9\xac\xe5\xae\x98\xe6\x96\xb9\xe5\xba\x97", 1,
         false}, /* 森马官方店 */
        {3, "chat-service", "li.na", 0, false},
        {1, "chat-service", "anna", 0, false},
    };
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    struct rng r;
    rng_seed(&r, DEMO_SEED ^ 0x6d797374ULL);
    struct clock_saved saved;
    clock_save(&saved);
    struct sd_date today = date_of(clock_now());
    for (size_t i = 0; i < sizeof plan / sizeof plan[0] && !rc; i++) {
        struct scorecard sc;
        if ((rc = mystery_scorecard(&s, plan[i].card, &sc, err)))
            break;
        struct mystery_report m = {0};
        struct sd_date day = date_add(today, -plan[i].days_ago);
        m.shopper = xstrdup("sun.li");
        m.scorecard = xstrdup(sc.id);
        m.scorecard_version = sc.version;
        m.target_kind = sc.target;
        m.target = xstrdup(plan[i].target);
        m.channel = xstrdup(sc.channel ? sc.channel : "");
        m.visited_at = date_start(day) + 14 * 3600 + (int64_t)rng_below(&r, 3600);
        m.persona = xstrdup(
            "\xe4\xb8\x8a\xe7\x8f\xad\xe6\x97\x8f\xe6\x96\xb0\xe5\xae\xa2"); /* 上班族新客 */
        m.scenario = xstrdup("Asks for size advice and how returns work");
        m.findings = xstrdup("");
        m.feedback = xstrdup("");
        m.status = MYSTERY_SUBMITTED;
        m.nanswers = scorecard_criteria(&sc);
        m.answers = xcalloc(m.nanswers, sizeof *m.answers);
        m.notes = xcalloc(m.nanswers, sizeof *m.notes);
        for (size_t k = 0; k < m.nanswers; k++) {
            const struct mystery_criterion *c = scorecard_criterion(&sc, k, NULL);
            struct mystery_answer *a = &m.answers[k];
            a->given = true;
            if (c->na_allowed && rng_chance(&r, 20))
                a->na = true;
            else if (c->scale == SCALE_YESNO && c->critical) /* passed unless planned */
                a->value = !plan[i].fail_critical;
            else if (c->scale == SCALE_YESNO)
                a->value = rng_chance(&r, 85);
            else if (c->scale == SCALE_FIVE)
                a->value = 3 + (int64_t)rng_below(&r, 3) - (rng_chance(&r, 15) ? 1 : 0);
            else
                a->value = 15 + (int64_t)rng_below(&r, 180);
        }
        if (plan[i].days_ago == 3) { /* the follow-up, already late */
            m.actions = xcalloc(1, sizeof *m.actions);
            m.nactions = 1;
            m.actions[0].text = xstrdup("Keep quick replies open; answer within 30 seconds");
            m.actions[0].owner = xstrdup("li.na");
            date_format(date_add(today, -1), m.actions[0].due);
        }
        clock_set(m.visited_at + 2 * 3600, false);
        rc = mystery_file(&s, &m, &sc, "demo", err);
        for (int st = 1; st <= plan[i].steps && !rc; st++) {
            clock_set(m.visited_at + 86400 + st * 3600, false);
            if (st == 2 && sc.target != TARGET_STAFF)
                continue; /* feedback goes to own staff */
            rc = mystery_step(&s, m.id,
                              st == 1   ? STEP_REVIEW
                              : st == 2 ? STEP_RELEASE
                                        : STEP_LOCK,
                              "\xe9\xa6\x96\xe6\xac\xa1\xe5\x9b\x9e\xe5\xa4\x8d\xe8\xa6\x81\xe5\x9c"
                              "\xa8 30 \xe7\xa7\x92\xe5\x86\x85", /* 首次回复要在 30 秒内 */
                              err);
        }
        mystery_report_free(&m);
        scorecard_free(&sc);
    }
    clock_restore(&saved);
    session_close(&s);
    return rc;
}

/* Whether dir may be replaced by a new demo: absent, or a real directory (not a link) of
 * the person's own. Anything else is refused rather than removed. */
static int demo_replaceable(const char *dir, struct sd_err *err)
{
    struct stat sb;
    if (lstat(dir, &sb) != 0)
        return errno == ENOENT ? SD_OK : sd_fail(err, SD_IO, _("cannot use %s: %s"), dir,
                                                 strerror(errno));
    if (S_ISLNK(sb.st_mode))
        return sd_fail(err, SD_REFUSED,
                       _("%s is a symbolic link: shopdesk will not build or remove a demo shop "
                         "through it; remove the link and try again"),
                       dir);
    if (!S_ISDIR(sb.st_mode) || sb.st_uid != getuid())
        return sd_fail(err, SD_REFUSED,
                       _("%s is not a demo shop of yours: shopdesk will not remove it"), dir);
    return SD_OK;
}

/* Platform disputes on delivered orders, as the refunds team meets them: one unanswered past
 * its deadline, one due within hours, one answered and waiting for the platform, and older
 * ones won, lost and withdrawn (so the review's figures and the disputes line have data). */
static int add_disputes(const char *dir, const char *owner, struct sd_err *err)
{
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    struct order_filter f;
    order_filter_init(&f);
    f.status = ORDER_DELIVERED;
    f.gift = 0;
    struct id_list ids = {NULL, 0};
    static const struct {
        const char *kind, *claim, *by;
        int opened_h;   /* hours ago */
        int answered_h; /* hours ago; 0: not answered */
        enum dispute_outcome outcome;
        int closed_h;
        const char *answer, *responsible;
    } v[] = {
        {"rights", "买家称未收到货，但物流显示已签收", "li.na", 50, 0, DISPUTE_OPEN, 0, NULL, NULL},
        {"complaint", "客服回复太慢，问了三次才有人回", "wang.fang", 21, 0, DISPUTE_OPEN, 0, NULL,
         NULL},
        {"rights", "商品与描述不符，颜色偏差很大", "zhang.wei", 30, 26, DISPUTE_OPEN, 0,
         "已提交实拍图和同批次质检报告，颜色在描述范围内", NULL},
        {"rights", "衣服开线，要求退货退款", "li.na", 5 * 24, 5 * 24 - 40, DISPUTE_LOST, 20,
         "已同意退货，买家要求另付运费", "商家"},
        {"complaint", "说好的赠品没有收到", "anna", 9 * 24, 9 * 24 - 6, DISPUTE_WON, 6 * 24,
         "赠品随包裹发出，附称重和打包视频", NULL},
        {"rights", "尺码不合适，要求换货", "chen.jie", 12 * 24, 0, DISPUTE_WITHDRAWN, 10 * 24, NULL,
         NULL},
    };
    if (!(rc = store_orders_each(s.st, &f, 0, collect_id, &ids, err)) &&
        ids.n >= sizeof v / sizeof v[0] && !(rc = store_begin(s.st, err))) {
        int64_t now = clock_now();
        for (size_t i = 0; i < sizeof v / sizeof v[0] && !rc; i++) {
            struct dispute d = {0};
            d.order_id = ids.v[i * 3]; /* among the latest delivered (newest first) */
            snprintf(d.kind, sizeof d.kind, "%s", v[i].kind);
            d.opened_at = now - (int64_t)v[i].opened_h * 3600;
            d.due_at = dispute_deadline(d.opened_at, settings_dispute_hours(&s.set, v[i].kind));
            snprintf(d.claim, sizeof d.claim, "%s", v[i].claim);
            if (v[i].answered_h) {
                d.answered_at = now - (int64_t)v[i].answered_h * 3600;
                snprintf(d.answered_by, sizeof d.answered_by, "%s", v[i].by);
                snprintf(d.answer, sizeof d.answer, "%s", v[i].answer);
            }
            d.outcome = v[i].outcome;
            if (d.outcome != DISPUTE_OPEN) {
                d.closed_at = now - (int64_t)v[i].closed_h * 3600;
                snprintf(d.closed_by, sizeof d.closed_by, "%s", v[i].by);
                snprintf(d.responsible, sizeof d.responsible, "%s",
                         v[i].responsible ? v[i].responsible : "");
            }
            d.created_at = d.opened_at;
            snprintf(d.created_by, sizeof d.created_by, "%s", v[i].by);
            rc = store_dispute_insert(s.st, &d, err);
        }
        if (rc)
            store_rollback(s.st);
        else
            rc = store_commit(s.st, err);
    }
    free(ids.v);
    session_close(&s);
    return rc;
}

/* The platform's chat figures of the last two weeks for the agents, as an owner imports them
 * from 千牛: each agent has an account there; one account (the night shift's) is no one's. */
static int add_chat_stats(const char *dir, const char *owner, struct sd_err *err)
{
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    static const struct {
        const char *login, *account;
        int chats, inquiry_pct, conv_pct, first_ds; /* first response in tenths of a second */
    } agents[] = {
        {"li.na", "演示店:李娜", 110, 35, 58, 118},
        {"wang.fang", "演示店:王芳", 85, 30, 44, 215},
        {"anna", "演示店:Anna", 40, 40, 52, 96},
        {NULL, "演示店:夜班", 24, 25, 34, 60},
    };
    struct rng r;
    rng_seed(&r, 2112);
    if ((rc = store_begin(s.st, err))) {
        session_close(&s);
        return rc;
    }
    for (size_t i = 0; i < sizeof agents / sizeof agents[0] && !rc; i++) {
        if (agents[i].login) {
            char *acc = (char *)agents[i].account;
            rc = store_accounts_set(s.st, agents[i].login, &acc, 1, err);
        }
    }
    struct sd_date today = date_of(clock_now());
    for (int day = -14; day <= 0 && !rc; day++) {
        for (size_t i = 0; i < sizeof agents / sizeof agents[0] && !rc; i++) {
            struct chat_row c = {0};
            date_format(date_add(today, day), c.day);
            snprintf(c.account, sizeof c.account, "%s", agents[i].account);
            /* today's figures so far: half a day */
            int64_t chats = agents[i].chats * (85 + (int)rng_below(&r, 30)) / 100;
            if (day == 0)
                chats /= 2;
            c.consultations = chats;
            c.inquiries = chats * agents[i].inquiry_pct / 100;
            c.orders = c.inquiries * (agents[i].conv_pct - 8 + (int)rng_below(&r, 17)) / 100;
            c.first_ms = (int64_t)agents[i].first_ds * (80 + (int)rng_below(&r, 41));
            c.avg_ms = c.first_ms * 2 + 4000;
            c.satisfaction = 9400 + (int64_t)rng_below(&r, 550);
            enum chat_change ch;
            rc = store_chat_put(s.st, &c, clock_now(), owner, &ch, err);
        }
    }
    if (rc)
        store_rollback(s.st);
    else
        rc = store_commit(s.st, err);
    session_close(&s);
    return rc;
}

/* Last month's performance sheets: the owner scored two agents; 李娜 signed hers, 王芳
 * disagreed with hers and waits for the owner. */
static int add_performance(const char *dir, const char *owner, struct sd_err *err)
{
    struct session s;
    int rc = owner_session(dir, owner, &s, err);
    if (rc)
        return rc;
    char month[8], df[11], dt[11];
    perf_last_month(month);
    int64_t from, to;
    if ((rc = perf_month_parse(month, month, &from, &to, err))) {
        session_close(&s);
        return rc;
    }
    date_format(date_of(from), df);
    date_format(date_add(date_of(to), -1), dt);
    int64_t now = clock_now();
    if (!(rc = store_begin(s.st, err))) {
        rc = store_perf_score(s.st, "li.na", month, 88, "询单转化高于目标，首次响应稳定。下月请多分担售后。",
                              owner, now - 3 * 86400, err);
        if (!rc)
            rc = store_perf_score(s.st, "wang.fang", month, 72,
                                  "首次响应偏慢，下月目标 15 秒以内。", owner, now - 3 * 86400,
                                  err);
        struct perf_figures f;
        if (!rc)
            rc = store_perf_figures(s.st, "li.na", from, to, df, dt, &f, err);
        if (!rc) {
            char *json = perf_figures_json(&f);
            rc = store_perf_sign(s.st, "li.na", month, json, now - 2 * 86400, err);
            free(json);
        }
        if (!rc)
            rc = store_perf_disagree(s.st, "wang.fang", month,
                                     "双十一期间咨询量翻倍，响应时间不应按平时标准。",
                                     now - 86400, err);
        if (rc)
            store_rollback(s.st);
        else
            rc = store_commit(s.st, err);
    }
    session_close(&s);
    return rc;
}

int demo_create(const char *dir, const char *owner, struct sd_err *err)
{
    int rc = demo_replaceable(dir, err);
    if (rc)
        return rc;
    char *parent = path_dirname(dir);
    int e = dir_create(parent, 0700);
    if (e) {
        free(parent);
        return sd_fail(err, SD_IO, _("cannot create %s: %s"), dir, strerror(e));
    }
    /* built beside it under a name no one can guess, then swapped in */
    char *tmpl = xasprintf("%s/.demo-XXXXXX", parent);
    free(parent);
    char *tmp = mkdtemp(tmpl);
    if (!tmp) {
        rc = sd_fail(err, SD_IO, _("cannot create %s: %s"), dir, strerror(errno));
        free(tmpl);
        return rc;
    }
    struct passwd *pw = getpwuid(getuid());
    char owner_name[128];
    snprintf(owner_name, sizeof owner_name, "%s", owner);
    if (pw && pw->pw_gecos && pw->pw_gecos[0]) {
        snprintf(owner_name, sizeof owner_name, "%s", pw->pw_gecos);
        char *comma = strchr(owner_name, ',');
        if (comma)
            *comma = '\0';
    }
    struct shop_init_opts o = {
        .dir = tmp,
        .name = "Demo shop \xe6\xbc\x94\xe7\xa4\xba\xe5\xba\x97", /* 演示店 */
        .owner = owner,
        .owner_name = owner_name[0] ? owner_name : owner,
    };
    rc = shop_init(&o, err);
    if (!rc)
        rc = populate(tmp, owner, err);
    if (!rc)
        rc = simulate_rules(tmp, owner, err);
    if (!rc)
        rc = add_promises(tmp, owner, err);
    if (!rc)
        rc = add_stock(tmp, owner, err);
    if (!rc)
        rc = add_mystery(tmp, owner, err);
    if (!rc)
        rc = add_disputes(tmp, owner, err);
    if (!rc)
        rc = add_chat_stats(tmp, owner, err);
    if (!rc)
        rc = add_performance(tmp, owner, err);
    /* checked again: the directory may have been swapped for a link meanwhile */
    if (!rc)
        rc = demo_replaceable(dir, err);
    if (!rc && (e = dir_remove_tree(dir)) && e != ENOENT)
        rc = sd_fail(err, SD_IO, _("cannot remove the old demo shop %s: %s"), dir, strerror(e));
    if (!rc && rename(tmp, dir) != 0)
        rc = sd_fail(err, SD_IO, _("cannot create %s: %s"), dir, strerror(errno));
    if (rc)
        dir_remove_tree(tmp);
    free(tmpl);
    return rc;
}
