#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/order_ops.h"
#include "app/refund_ops.h"
#include "app/session.h"
#include "core/money.h"
#include "core/refund.h"
#include "tui/form.h"
#include "tui/prompt.h"
#include "tui/refund_form.h"
#include "util/i18n.h"
#include "util/xalloc.h"

/* "TS-001-WH:2, SC-120-CM:1" into lines (at most max); false on a malformed entry. */
static bool parse_lines(const char *text, struct refund_request_line *lines, char (*skus)[64],
                        size_t max, size_t *n)
{
    *n = 0;
    char *copy = xstrdup(text), *save = NULL;
    bool ok = true;
    for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
        char *colon = strrchr(tok, ':');
        char *end = NULL;
        long long q = colon ? strtoll(colon + 1, &end, 10) : 1;
        if ((colon && (*end || q <= 0 || colon == tok)) || *n == max) {
            ok = false;
            break;
        }
        if (colon)
            *colon = '\0';
        snprintf(skus[*n], 64, "%s", tok);
        lines[*n].sku = skus[*n];
        lines[*n].qty = q;
        (*n)++;
    }
    free(copy);
    return ok;
}

static int validate(struct form *f, void *ctx, int *field, struct sd_err *err)
{
    (void)ctx;
    int kind = atoi(form_value(f, "kind")) - 1;
    const char *lines = form_value(f, "lines");
    if (*lines) {
        struct refund_request_line l[16];
        char skus[16][64];
        size_t n;
        if (!parse_lines(lines, l, skus, 16, &n)) {
            *field = form_find(f, "lines");
            return sd_fail(err, SD_INPUT, "%s", _("lines are SKU:QUANTITY, separated by commas"));
        }
    } else if (!*form_value(f, "amount") && kind != KIND_EXCHANGE) {
        *field = form_find(f, "amount");
        return sd_fail(err, SD_INPUT, "%s", _("say how much: an amount, or the lines"));
    }
    return SD_OK;
}

/* Amounts are read in the currency of the order named in the form. */
static const struct currency *form_order_currency(struct form *f, void *ctx)
{
    struct session *s = ctx;
    int64_t id;
    if (order_resolve(s, form_value(f, "order"), &id, NULL) != SD_OK)
        return NULL;
    return order_currency(s, id);
}

enum reaction refund_form_run(struct ui *ui, const char *order_number)
{
    struct session *s = ui_session(ui);
    static const char *kinds[REFUND_KIND_COUNT + 1];
    static const char *reasons[REFUND_REASON_COUNT + 1];
    for (int i = 0; i < REFUND_KIND_COUNT; i++)
        kinds[i] = refund_kind_label((enum refund_kind)i);
    for (int i = 0; i < REFUND_REASON_COUNT; i++)
        reasons[i] = refund_reason_label((enum refund_reason)i);
    struct form_field fields[] = {
        {"order", _("Order"), FORM_TEXT, true, NULL, "", NULL},
        {"kind", _("Kind"), FORM_CHOICE, true, kinds, "1", NULL},
        {"amount", _("Amount"), FORM_MONEY, false, NULL, "", NULL},
        {"lines", _("or lines SKU:QTY"), FORM_TEXT, false, NULL, "", NULL},
        {"shipping", _("Shipping refunded"), FORM_MONEY, false, NULL, "", NULL},
        {"reason", _("Reason"), FORM_CHOICE, true, reasons, "", NULL},
        {"note", _("Note"), FORM_TEXT, false, NULL, "", NULL},
        {"tracking", _("Return tracking"), FORM_TEXT, false, NULL, "", NULL},
    };
    if (order_number)
        snprintf(fields[0].value, sizeof fields[0].value, "%s", order_number);
    struct form f = {_("A refund request"), "refund.request", fields,
                     (int)(sizeof fields / sizeof fields[0]), order_number ? 1 : 0, validate,
                     NULL, "", -1, 0, false, NULL, ""};
    f.ctx = s;
    f.currency = form_order_currency;
    for (;;) {
        if (form_run(ui, &f) != PROMPT_OK)
            return R_REDRAW;
        struct refund_request q = {0};
        struct refund_request_line lines[16];
        char skus[16][64];
        struct sd_err err = {0};
        if (order_resolve(s, form_value(&f, "order"), &q.order_id, &err)) {
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            f.cur = 0;
            continue;
        }
        q.kind = (enum refund_kind)(atoi(form_value(&f, "kind")) - 1);
        q.reason = (enum refund_reason)(atoi(form_value(&f, "reason")) - 1);
        if (*form_value(&f, "lines"))
            parse_lines(form_value(&f, "lines"), lines, skus, 16, &q.nlines);
        q.lines = lines;
        const struct currency *cur = order_currency(s, q.order_id);
        if (*form_value(&f, "amount"))
            money_parse(form_value(&f, "amount"), cur, 0, &q.amount, NULL);
        if (*form_value(&f, "shipping"))
            money_parse(form_value(&f, "shipping"), cur, 0, &q.shipping, NULL);
        q.note = form_value(&f, "note");
        q.return_tracking = form_value(&f, "tracking");
        struct refund_outcome out;
        if (refund_request(s, &q, &out, &err)) {
            snprintf(f.message, sizeof f.message, "%s", sd_err_text(&err));
            continue;
        }
        form_forget(ui, &f);
        if (out.auto_rule[0])
            ui_message(ui, SLOT_OK, _("refund #%lld approved by the rule \"%s\""),
                       (long long)out.id, out.auto_rule);
        else if (out.flags.len || out.duplicate_of || out.needs_owner)
            ui_message(ui, SLOT_WARNING, _("refund #%lld requested, with flags: see its detail"),
                       (long long)out.id);
        else
            ui_message(ui, SLOT_OK, _("refund #%lld requested"), (long long)out.id);
        sb_free(&out.flags);
        return R_RELOAD;
    }
}
