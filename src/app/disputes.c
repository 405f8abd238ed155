#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/disputes.h"
#include "app/export_file.h"
#include "app/order_ops.h"
#include "app/paths.h"
#include "app/session.h"
#include "conf/colmap.h"
#include "core/clock.h"
#include "core/datefmt.h"
#include "core/tz.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_EVIDENCE 20

struct evidence {
    char *path; /* absolute */
    char sha[65];
};

/* Hash the files as the person can read them (their rights, not the program's). */
static int hash_evidence(const char *const *files, struct evidence *out, int *n, struct sd_err *err)
{
    *n = 0;
    for (int i = 0; files && files[i]; i++) {
        if (i >= MAX_EVIDENCE)
            return sd_fail(err, SD_INPUT, _("at most %d evidence files at a time"), MAX_EVIDENCE);
        paths_user_begin();
        char *full = realpath(files[i], NULL);
        int e = full ? sha256_file(full, out[i].sha) : errno;
        paths_user_end();
        if (e) {
            free(full);
            return sd_fail(err, SD_INPUT, _("evidence %s: %s"), files[i], strerror(e));
        }
        if (strlen(full) >= 512) {
            free(full);
            return sd_fail(err, SD_INPUT, _("evidence %s: the path is too long"), files[i]);
        }
        out[i].path = full;
        (*n)++;
    }
    return SD_OK;
}

static void evidence_free(struct evidence *v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i].path);
}

static int keep_evidence(struct session *s, int64_t id, const struct evidence *v, int n,
                         int64_t now, json_object *audit, struct sd_err *err)
{
    json_object *files = n ? json_object_new_array() : NULL;
    int rc = SD_OK;
    for (int i = 0; i < n && !rc; i++) {
        rc = store_dispute_evidence_add(s->st, id, v[i].path, v[i].sha, now, s->who, err);
        json_object *f = json_object_new_object();
        json_object_object_add(f, "path", json_object_new_string(v[i].path));
        json_object_object_add(f, "sha256", json_object_new_string(v[i].sha));
        json_object_array_add(files, f);
    }
    if (files)
        json_object_object_add(audit, "evidence", files);
    return rc;
}

static int finish(struct session *s, int rc, struct sd_err *err)
{
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

static int kind_hours(struct session *s, const char *kind, struct sd_err *err)
{
    int h = settings_dispute_hours(&s->set, kind);
    if (h < 0) {
        char kinds[400];
        settings_dispute_kinds(&s->set, kinds, sizeof kinds);
        return -sd_fail(err, SD_INPUT,
                        _("'%s' is not a kind of dispute of this shop (shop.yaml's "
                          "disputes.answer_within_hours: %s)"),
                        kind, kinds);
    }
    return h;
}

static json_object *dispute_json(const struct dispute *d)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "order", json_object_new_string(d->number));
    if (d->refund_id)
        json_object_object_add(o, "refund", json_object_new_int64(d->refund_id));
    json_object_object_add(o, "kind", json_object_new_string(d->kind));
    if (d->ref[0])
        json_object_object_add(o, "ref", json_object_new_string(d->ref));
    json_object_object_add(o, "opened_at", json_object_new_int64(d->opened_at));
    json_object_object_add(o, "due_at", json_object_new_int64(d->due_at));
    json_object_object_add(o, "claim", json_object_new_string(d->claim));
    return o;
}

static int audit_dispute(struct session *s, const char *action, const struct dispute *d,
                         json_object *before, json_object *after, struct sd_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)d->id);
    return session_audit(s, action, "dispute", key, d->order_id, before, after, err);
}

int dispute_add(struct session *s, const struct dispute_new *n, int64_t *id, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_DISPUTES, err);
    if (rc)
        return rc;
    int hours = kind_hours(s, n->kind, err);
    if (hours < 0)
        return -hours;
    int64_t now = clock_now();
    if (n->opened_at > now + 300)
        return sd_fail(err, SD_INPUT, _("a dispute cannot be opened in the future"));
    if (!n->claim || !*n->claim)
        return sd_fail(err, SD_INPUT, _("say what the buyer claims (--claim)"));
    struct evidence ev[MAX_EVIDENCE];
    int nev = 0;
    if ((rc = hash_evidence(n->evidence, ev, &nev, err))) {
        evidence_free(ev, nev);
        return rc;
    }
    struct dispute d = {0};
    if ((rc = store_begin(s->st, err))) {
        evidence_free(ev, nev);
        return rc;
    }
    if ((rc = order_resolve(s, n->order, &d.order_id, err)))
        goto out;
    if (n->refund_id) {
        struct refund r = {0};
        rc = store_refund_get(s->st, n->refund_id, &r, err);
        if (!rc && r.order_id != d.order_id)
            rc = sd_fail(err, SD_INPUT, _("refund #%lld is not on order %s"),
                         (long long)n->refund_id, n->order);
        refund_clear(&r);
        if (rc)
            goto out;
        d.refund_id = n->refund_id;
    }
    utf8_copy(d.kind, sizeof d.kind, n->kind);
    utf8_copy(d.ref, sizeof d.ref, n->ref ? n->ref : "");
    d.opened_at = n->opened_at ? n->opened_at : now;
    d.due_at = dispute_deadline(d.opened_at, hours);
    utf8_copy(d.claim, sizeof d.claim, n->claim);
    d.created_at = now;
    utf8_copy(d.created_by, sizeof d.created_by, s->who);
    /* the same dispute entered twice (the platform's number, or the order, kind and time) */
    int64_t there = 0;
    if ((rc = store_dispute_find(s->st, d.order_id, d.ref, d.kind, d.opened_at, &there, err)))
        goto out;
    if (there) {
        rc = sd_fail(err, SD_CONFLICT, _("that dispute is #%lld already"), (long long)there);
        goto out;
    }
    if ((rc = store_dispute_insert(s->st, &d, err)) ||
        (rc = store_dispute_get(s->st, d.id, &d, err)))
        goto out;
    json_object *after = dispute_json(&d);
    rc = keep_evidence(s, d.id, ev, nev, now, after, err);
    if (!rc)
        rc = audit_dispute(s, "dispute.add", &d, NULL, after, err);
    json_object_put(after);
    *id = d.id;
out:
    evidence_free(ev, nev);
    return finish(s, rc, err);
}

int dispute_answer(struct session *s, int64_t id, const char *note, const char *const *evidence,
                   struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_DISPUTES, err);
    if (rc)
        return rc;
    if (!note || !*note)
        return sd_fail(err, SD_INPUT, _("say what was answered (--note)"));
    struct evidence ev[MAX_EVIDENCE];
    int nev = 0;
    if ((rc = hash_evidence(evidence, ev, &nev, err))) {
        evidence_free(ev, nev);
        return rc;
    }
    if ((rc = store_begin(s->st, err))) {
        evidence_free(ev, nev);
        return rc;
    }
    struct dispute d;
    int64_t now = clock_now();
    if ((rc = store_dispute_get(s->st, id, &d, err)))
        goto out;
    if (d.outcome != DISPUTE_OPEN) {
        rc = sd_fail(err, SD_CONFLICT, _("dispute #%lld is decided (%s)"), (long long)id,
                     dispute_outcome_label(d.outcome));
        goto out;
    }
    if (d.answered_at) {
        char when[32];
        time_format_local(d.answered_at, when);
        rc = sd_fail(err, SD_CONFLICT, _("dispute #%lld was answered at %s by %s"), (long long)id,
                     when, d.answered_by);
        goto out;
    }
    if ((rc = store_dispute_answer(s->st, id, note, now, s->who, err)))
        goto out;
    json_object *after = json_object_new_object();
    json_object_object_add(after, "answer", json_object_new_string(note));
    json_object_object_add(after, "answered_at", json_object_new_int64(now));
    json_object_object_add(after, "in_time", json_object_new_boolean(now <= d.due_at));
    rc = keep_evidence(s, id, ev, nev, now, after, err);
    if (!rc)
        rc = audit_dispute(s, "dispute.answer", &d, NULL, after, err);
    json_object_put(after);
out:
    evidence_free(ev, nev);
    return finish(s, rc, err);
}

int dispute_close(struct session *s, int64_t id, enum dispute_outcome o, const char *responsible,
                  struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_DISPUTES, err);
    if (rc)
        return rc;
    if (o == DISPUTE_OPEN)
        return sd_fail(err, SD_INPUT, _("say how it ended: won, lost or withdrawn"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct dispute d;
    if ((rc = store_dispute_get(s->st, id, &d, err)))
        return finish(s, rc, err);
    if (d.outcome != DISPUTE_OPEN)
        return finish(s,
                      sd_fail(err, SD_CONFLICT, _("dispute #%lld is decided (%s)"), (long long)id,
                              dispute_outcome_label(d.outcome)),
                      err);
    int64_t now = clock_now();
    if ((rc = store_dispute_close(s->st, id, o, responsible, now, s->who, err)))
        return finish(s, rc, err);
    json_object *before = json_object_new_object(), *after = json_object_new_object();
    json_object_object_add(before, "outcome", json_object_new_string("open"));
    json_object_object_add(after, "outcome", json_object_new_string(dispute_outcome_key(o)));
    if (responsible && *responsible)
        json_object_object_add(after, "responsible", json_object_new_string(responsible));
    rc = audit_dispute(s, "dispute.close", &d, before, after, err);
    json_object_put(before);
    json_object_put(after);
    return finish(s, rc, err);
}

int dispute_get(struct session *s, int64_t id, struct dispute *out, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_DISPUTES, err);
    return rc ? rc : store_dispute_get(s->st, id, out, err);
}

int dispute_list(struct session *s, const struct dispute_filter *f, struct dispute *out, int n,
                 int *found, struct sd_err *err)
{
    *found = 0;
    int rc = session_require(s, SD_PERM_DISPUTES, err);
    if (rc)
        return rc;
    int k = store_dispute_list(s->st, f, out, n, err);
    if (k < 0)
        return err ? (int)err->code : SD_STORE;
    *found = k;
    return SD_OK;
}

int dispute_open_counts(struct session *s, int64_t *open, int64_t *overdue, struct sd_err *err)
{
    *open = *overdue = 0;
    if (!perm_allowed(s->roles, SD_PERM_DISPUTES))
        return SD_OK; /* nothing to show those who do not handle them */
    return store_dispute_open_counts(s->st, clock_now(), open, overdue, err);
}

/* ---- the platform's export ---- */

enum {
    F_ORDER,
    F_PLATFORM,
    F_REF,
    F_KIND,
    F_OPENED,
    F_DUE,
    F_CLAIM,
    F_ANSWER,
    F_ANSWERED,
    F_OUTCOME,
    F_CLOSED,
    F_RESPONSIBLE,
    F_REFUND,
    F_COUNT
};

static const char *const field_keys[] = {
    "order",  "platform",    "ref",     "kind",      "opened_at",   "due_at", "claim",
    "answer", "answered_at", "outcome", "closed_at", "responsible", "refund", NULL};
_Static_assert(sizeof field_keys / sizeof field_keys[0] == F_COUNT + 1 &&
                   F_COUNT <= EXPORT_MAX_FIELDS,
               "a key for each field, and room for them");

/* the headers each field is known by, Taobao's and Tmall's first */
static const char *const n_order[] = {"订单编号", "订单号",       "主订单编号", "子订单编号",
                                      "Order",    "Order number", "Order ID",   NULL};
static const char *const n_platform[] = {"平台", "Platform", NULL};
static const char *const n_ref[] = {"维权编号", "投诉编号",    "纠纷编号", "工单编号", "Dispute ID",
                                    "Case ID",  "Case number", "Dispute",  NULL};
static const char *const n_kind[] = {"维权类型", "投诉类型", "纠纷类型",     "类型",
                                     "Kind",     "Type",     "Dispute type", NULL};
static const char *const n_opened[] = {"发起时间",   "投诉时间", "维权时间",  "申请时间",
                                       "创建时间",   "Opened",   "Opened at", "Created",
                                       "Created at", "Date",     NULL};
static const char *const n_due[] = {"处理截止时间", "截止时间",   "超时时间",
                                    "回复截止时间", "Due",        "Due at",
                                    "Deadline",     "Respond by", NULL};
static const char *const n_claim[] = {"买家诉求", "维权原因", "投诉原因",    "问题描述", "投诉内容",
                                      "Claim",    "Reason",   "Description", NULL};
static const char *const n_answer[] = {"商家回复", "回复内容", "处理说明", "卖家举证",
                                       "Answer",   "Response", NULL};
static const char *const n_answered[] = {"回复时间",    "商家回复时间", "举证时间", "Answered",
                                         "Answered at", "Responded at", NULL};
static const char *const n_outcome[] = {"处理结果", "维权结果", "判定结果", "投诉结果",
                                        "Outcome",  "Result",   "Decision", NULL};
static const char *const n_closed[] = {"完结时间", "结案时间",  "处理完成时间", "判定时间",
                                       "Closed",   "Closed at", "Decided at",   NULL};
static const char *const n_responsible[] = {"责任方",           "判责", "责任判定", "Responsible",
                                            "Held responsible", NULL};
/* shopdesk's own refund number: only where a mapping names its column (the platforms'
 * 退款编号 is their number, not shopdesk's) */
static const char *const n_refund[] = {NULL};

static const char *const *const field_names[F_COUNT] = {
    [F_ORDER] = n_order,
    [F_PLATFORM] = n_platform,
    [F_REF] = n_ref,
    [F_KIND] = n_kind,
    [F_OPENED] = n_opened,
    [F_DUE] = n_due,
    [F_CLAIM] = n_claim,
    [F_ANSWER] = n_answer,
    [F_ANSWERED] = n_answered,
    [F_OUTCOME] = n_outcome,
    [F_CLOSED] = n_closed,
    [F_RESPONSIBLE] = n_responsible,
    [F_REFUND] = n_refund,
};

/* the platforms' words for kinds, where the mapping gives none and the word is no kind */
static const char *builtin_kind(const char *w)
{
    static const char *const rights[] = {"维权",     "售后维权", "退款维权", "交易维权",
                                         "小二介入", "平台介入", "rights",   NULL};
    static const char *const complaint[] = {"投诉",     "服务投诉",  "商品投诉",
                                            "物流投诉", "complaint", NULL};
    for (int i = 0; rights[i]; i++)
        if (!strcmp(w, rights[i]))
            return "rights";
    for (int i = 0; complaint[i]; i++)
        if (!strcmp(w, complaint[i]))
            return "complaint";
    return NULL;
}

/* the words for a dispute not decided yet */
static bool open_word(const char *w)
{
    static const char *const words[] = {"",           "open",   "处理中", "待处理",  "进行中",
                                        "待商家处理", "待回复", "Open",   "Pending", NULL};
    for (int i = 0; words[i]; i++)
        if (!strcmp(w, words[i]))
            return true;
    return false;
}

struct import_ctx {
    struct session *s;
    const struct export_file *x;
};

static int read_time(struct import_ctx *c, int f, int64_t *out, struct sd_err *err)
{
    const char *v = export_cell(c->x, f);
    *out = 0;
    if (!*v)
        return SD_OK;
    struct sd_err terr = {0};
    if (datetime_parse(v, DATE_ORDER_AUTO, NULL, out, &terr))
        return export_bad(c->x, err, "%s: %s", field_keys[f], terr.msg);
    return SD_OK;
}

/* One row into d (order_id 0 when the shop has no such order). */
static int read_row(struct import_ctx *c, struct dispute *d, struct sd_err *err)
{
    struct session *s = c->s;
    memset(d, 0, sizeof *d);
    const char *number = export_cell(c->x, F_ORDER);
    if (!*number)
        return export_bad(c->x, err, "%s", _("no order number"));
    utf8_copy(d->number, sizeof d->number, number);
    const char *platform = export_cell(c->x, F_PLATFORM);
    struct order o = {0};
    if (*platform && store_order_find(s->st, platform, number, &o, NULL) == SD_OK)
        d->order_id = o.id;
    order_clear(&o);
    if (!*platform && order_resolve(s, number, &d->order_id, NULL) != SD_OK)
        d->order_id = 0;
    const char *word = export_cell(c->x, F_KIND);
    const char *kind = colmap_word(export_map(c->x), "kind", word);
    if (!kind)
        kind = settings_dispute_hours(&s->set, word) >= 0 ? word : builtin_kind(word);
    int hours = kind ? settings_dispute_hours(&s->set, kind) : -1;
    if (hours < 0) {
        char kinds[400];
        settings_dispute_kinds(&s->set, kinds, sizeof kinds);
        return export_bad(c->x, err,
                          _("'%s' is not a kind of dispute of this shop (%s); a mapping's values: "
                            "kind: can say which it is"),
                          word, kinds);
    }
    utf8_copy(d->kind, sizeof d->kind, kind);
    utf8_copy(d->ref, sizeof d->ref, export_cell(c->x, F_REF));
    int rc;
    if ((rc = read_time(c, F_OPENED, &d->opened_at, err)))
        return rc;
    if (!d->opened_at)
        return export_bad(c->x, err, "%s", _("no time the dispute was opened"));
    if ((rc = read_time(c, F_DUE, &d->due_at, err)))
        return rc;
    if (!d->due_at)
        d->due_at = dispute_deadline(d->opened_at, hours);
    if (d->due_at < d->opened_at)
        return export_bad(c->x, err, "%s", _("the deadline is before the opening"));
    utf8_copy(d->claim, sizeof d->claim, export_cell(c->x, F_CLAIM));
    utf8_copy(d->answer, sizeof d->answer, export_cell(c->x, F_ANSWER));
    if ((rc = read_time(c, F_ANSWERED, &d->answered_at, err)))
        return rc;
    if (d->answered_at && d->answered_at < d->opened_at)
        return export_bad(c->x, err, "%s", _("answered before it was opened"));
    const char *ow = export_cell(c->x, F_OUTCOME);
    const char *mapped = colmap_word(export_map(c->x), "outcome", ow);
    int out = mapped          ? (open_word(mapped) ? DISPUTE_OPEN : dispute_outcome_parse(mapped))
              : open_word(ow) ? DISPUTE_OPEN
                              : dispute_outcome_parse(ow);
    if (out < 0)
        return export_bad(c->x, err,
                          _("'%s' is not an outcome (won, lost, withdrawn, or empty while open); a "
                            "mapping's values: outcome: can say which it is"),
                          ow);
    d->outcome = (enum dispute_outcome)out;
    if ((rc = read_time(c, F_CLOSED, &d->closed_at, err)))
        return rc;
    if (d->outcome == DISPUTE_OPEN)
        d->closed_at = 0;
    else if (d->closed_at && d->closed_at < d->opened_at)
        return export_bad(c->x, err, "%s", _("decided before it was opened"));
    utf8_copy(d->responsible, sizeof d->responsible, export_cell(c->x, F_RESPONSIBLE));
    const char *refund = export_cell(c->x, F_REFUND);
    if (*refund) {
        char *end;
        long long r = strtoll(refund, &end, 10);
        if (*end || r <= 0)
            return export_bad(c->x, err, _("'%s' is not a refund number"), refund);
        d->refund_id = r;
    }
    return SD_OK;
}

/* A dispute the shop has, brought up to date by the file: answered, then decided. */
static int update_from(struct import_ctx *c, int64_t id, const struct dispute *f, int64_t now,
                       bool *changed, struct sd_err *err)
{
    struct session *s = c->s;
    struct dispute d;
    int rc = store_dispute_get(s->st, id, &d, err);
    *changed = false;
    if (rc || d.outcome != DISPUTE_OPEN)
        return rc;
    if (!d.answered_at && f->answered_at) {
        if ((rc = store_dispute_answer(s->st, id, f->answer, f->answered_at, s->who, err)))
            return rc;
        *changed = true;
    }
    if (f->outcome != DISPUTE_OPEN) {
        if ((rc = store_dispute_close(s->st, id, f->outcome, f->responsible,
                                      f->closed_at ? f->closed_at : now, s->who, err)))
            return rc;
        *changed = true;
    }
    return SD_OK;
}

int dispute_import(struct session *s, const char *path, const char *mapping, const char *encoding,
                   bool dry_run, struct dispute_import_result *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_DISPUTES, err);
    if (rc)
        return rc;
    struct export_file x;
    struct import_ctx c = {s, &x};
    static const int need[] = {F_ORDER, F_KIND, F_OPENED};
    if ((rc = export_open(&x, path, mapping, encoding, field_keys, field_names, err)) ||
        (rc = export_need(&x, need, sizeof need / sizeof need[0], err)) ||
        (rc = store_begin(s->st, err)))
        goto done;
    int64_t now = clock_now();
    while (export_next(&x)) {
        struct dispute d;
        if ((rc = read_row(&c, &d, err)))
            break;
        if (!d.order_id) {
            if (!out->unknown_orders++)
                out->first_unknown_line = x.row.line;
            continue;
        }
        int64_t id = 0;
        if ((rc = store_dispute_find(s->st, d.order_id, d.ref, d.kind, d.opened_at, &id, err)))
            break;
        if (id) {
            bool changed;
            if ((rc = update_from(&c, id, &d, now, &changed, err)))
                break;
            if (changed)
                out->updated++;
            else
                out->unchanged++;
            continue;
        }
        if (d.refund_id) {
            struct refund r = {0};
            bool ok =
                store_refund_get(s->st, d.refund_id, &r, NULL) == SD_OK && r.order_id == d.order_id;
            refund_clear(&r);
            if (!ok) {
                rc = export_bad(&x, err, _("refund #%lld is not on order %s"),
                                (long long)d.refund_id, d.number);
                break;
            }
        }
        if (d.answered_at)
            utf8_copy(d.answered_by, sizeof d.answered_by, s->who);
        if (d.outcome != DISPUTE_OPEN) {
            /* without the platform's time of decision: when the file was last heard of */
            if (!d.closed_at)
                d.closed_at = d.answered_at > d.opened_at ? d.answered_at : d.opened_at;
            utf8_copy(d.closed_by, sizeof d.closed_by, s->who);
        }
        d.created_at = now;
        utf8_copy(d.created_by, sizeof d.created_by, s->who);
        if ((rc = store_dispute_insert(s->st, &d, err)))
            break;
        out->imported++;
    }
    if (!rc)
        rc = export_end(&x, err);
    if (!rc && !dry_run) {
        json_object *after = json_object_new_object();
        json_object_object_add(after, "file", json_object_new_string(path));
        json_object_object_add(after, "imported", json_object_new_int64(out->imported));
        json_object_object_add(after, "updated", json_object_new_int64(out->updated));
        json_object_object_add(after, "unknown_orders", json_object_new_int64(out->unknown_orders));
        rc = session_audit(s, "disputes.import", "disputes", NULL, 0, NULL, after, err);
        json_object_put(after);
    }
    if (rc || dry_run)
        store_rollback(s->st);
    else
        rc = store_commit(s->st, err);
done:
    export_close(&x);
    return rc;
}
