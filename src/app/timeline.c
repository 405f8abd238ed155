#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "app/session.h"
#include "app/timeline.h"
#include "core/clock.h"
#include "core/order.h"
#include "core/refund.h"
#include "core/tz.h"
#include "store/audit.h"
#include "util/i18n.h"
#include "util/strbuf.h"

static const struct {
    const char *action;
    const char *label;
} labels[] = {
    {"order.import", N_("imported")},
    {"order.update", N_("updated by import")},
    {"order.create", N_("entered by hand")},
    {"order.pick", N_("picked")},
    {"order.pack", N_("packed")},
    {"order.ship", N_("shipped")},
    {"order.deliver", N_("delivered")},
    {"order.cancel", N_("cancelled")},
    {"order.wave", N_("put in a pick wave")},
    {"order.gift", N_("gift order created")},
    {"refund.request", N_("refund requested")},
    {"refund.approve", N_("refund approved")},
    {"refund.auto-approve", N_("refund approved by rule")},
    {"refund.reject", N_("refund rejected")},
    {"refund.receive", N_("return parcel received")},
    {"refund.pay", N_("refund paid")},
    {"refund.reverse", N_("refund payment reversed")},
    {"refund.exchange", N_("replacement order created")},
    {"refund.cancel", N_("refund request withdrawn")},
    {"compensation.pay", N_("compensation paid")},
    {"rating.import", N_("rated by the buyer")},
    {"rating.reply", N_("rating answered")},
};

const char *timeline_action_label(const char *action)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strcmp(labels[i].action, action))
            return _(labels[i].label);
    return action;
}

/* A few words from the "after" JSON that say what changed. */
static void summary(const char *after, struct strbuf *sb)
{
    if (!after)
        return;
    json_object *o = json_tokener_parse(after);
    if (!o)
        return;
    static const char *const keys[] = {"courier", "tracking", "amount_text", "reason", "note",
                                       "condition_text", "method", "status", NULL};
    bool first = true;
    for (int i = 0; keys[i]; i++) {
        json_object *v;
        if (json_object_object_get_ex(o, keys[i], &v) && json_object_is_type(v, json_type_string) &&
            json_object_get_string_len(v) > 0) {
            const char *text = json_object_get_string(v);
            if (!strcmp(keys[i], "status")) {
                /* a status key reads as its label */
                int st = refund_status_parse(text);
                if (st >= 0)
                    text = refund_status_label((enum refund_status)st);
                else if ((st = order_status_parse(text)) >= 0)
                    text = order_status_label((enum order_status)st);
            }
            sb_addf(sb, "%s%s", first ? " (" : ", ", text);
            first = false;
        }
    }
    if (!first)
        sb_addch(sb, ')');
    json_object_put(o);
}

struct tctx {
    struct detail *d;
    int64_t now;
};

static int add_row(const struct audit_row *r, void *arg)
{
    struct tctx *t = arg;
    if (!strncmp(r->action, "denied:", 7))
        return 0;
    char when[32];
    time_format_short(r->at, t->now, when);
    struct strbuf sb = STRBUF_INIT;
    sb_addf(&sb, "%s  ", when);
    if (r->as_login)
        /* L10N: an owner acting as a staff member, in a timeline: "root as li.na" */
        sb_addf(&sb, _("%s as %s"), r->login, r->as_login);
    else
        sb_adds(&sb, r->login);
    sb_addf(&sb, "  %s", timeline_action_label(r->action));
    summary(r->after, &sb);
    detail_text(t->d, TONE_NORMAL, "  %s", sb_str(&sb));
    sb_free(&sb);
    return 0;
}

int timeline_add(struct session *s, int64_t order_id, struct detail *d, struct sd_err *err)
{
    struct tctx t = {d, clock_now()};
    return store_audit_walk(s->st, order_id, NULL, NULL, add_row, &t, err);
}
