#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/paths.h"
#include "app/ratings.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/datefmt.h"
#include "core/order.h"
#include "core/tz.h"
#include "store/orders.h"
#include "store/ratings.h"
#include "store/store.h"
#include "util/csvfile.h"
#include "util/i18n.h"
#include "util/utf8.h"

enum { C_NUMBER, C_PLATFORM, C_RATING, C_COMMENT, C_TIME, C_FOLLOWUP, C_COUNT };

/* A rating as platforms write it: 1-5 stars, or Taobao's 好评 / 中评 / 差评. */
static int parse_rating(const char *s)
{
    if (!strcmp(s, "好评"))
        return 5;
    if (!strcmp(s, "中评"))
        return 3;
    if (!strcmp(s, "差评"))
        return 1;
    if (s[0] >= '1' && s[0] <= '5' && (s[1] == '\0' || (s[1] == '.' && s[2] == '0' && !s[3])))
        return s[0] - '0';
    return 0;
}

/* The order a rating is about: by platform and number, or by number alone when the file
 * names no platform (the one order with it). */
static void match_order(struct session *s, struct rating *r, const char *fallback)
{
    struct order o = {0};
    if (r->platform[0]) {
        if (store_order_find(s->st, r->platform, r->number, &o, NULL) == SD_OK)
            r->order_id = o.id;
        order_clear(&o);
        return;
    }
    int64_t ids[4];
    int found = 0;
    if (store_order_lookup(s->st, r->number, ids, 4, &found, NULL) == SD_OK) {
        for (int i = 0; i < found && i < 4; i++) {
            if (store_order_get(s->st, ids[i], &o, NULL) == SD_OK && !strcmp(o.number, r->number)) {
                r->order_id = o.id;
                utf8_copy(r->platform, sizeof r->platform, o.platform);
                order_clear(&o);
                break;
            }
            order_clear(&o);
        }
    }
    if (!r->platform[0])
        utf8_copy(r->platform, sizeof r->platform, fallback);
}

static int bad(struct sd_err *err, const char *path, long line, const char *why)
{
    return sd_fail(err, SD_INPUT, "%s:%ld: %s", path, line, why);
}

int ratings_import(struct session *s, const char *path, const char *encoding, bool dry_run,
                   struct ratings_result *out, struct sd_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = session_require(s, SD_PERM_RATINGS, err);
    if (rc)
        return rc;
    struct csv_file f;
    paths_user_begin(); /* the person's file, with the person's rights */
    int opened = csvf_open(&f, path, encoding, 0); /* comma, semicolon or tab */
    paths_user_end();
    if (opened < 0) {
        rc = sd_fail(err, SD_INPUT, "%s: %s", path, f.error);
        csvf_close(&f);
        return rc;
    }
    struct csv_row row = {0};
    int got = csvf_next(&f, &row);
    if (got <= 0) {
        rc = got < 0 ? bad(err, path, f.error_line, f.error)
                     : sd_fail(err, SD_INPUT, _("%s: the file is empty"), path);
        goto done;
    }
    csv_clean_row(&row);
    int col[C_COUNT];
    col[C_NUMBER] = csv_find_any(&row, CSV_NAMES("Order", "Order number", "Order Number",
                                                 "order_number", "Name", "订单编号", "订单号",
                                                 "主订单编号", "子订单编号"));
    col[C_PLATFORM] = csv_find_any(&row, CSV_NAMES("Platform", "platform", "平台"));
    col[C_RATING] =
        csv_find_any(&row, CSV_NAMES("Rating", "rating", "Stars", "评分", "星级", "评价结果"));
    col[C_COMMENT] = csv_find_any(
        &row, CSV_NAMES("Comment", "comment", "Body", "Review", "评价内容", "初评内容", "评论内容",
                        "评价"));
    col[C_TIME] = csv_find_any(&row, CSV_NAMES("Time", "time", "Created at", "Date", "rated_at",
                                               "Review date", "评价时间", "初评时间", "时间"));
    /* Taobao's later word from the buyer (追评) goes with the comment */
    col[C_FOLLOWUP] = csv_find_any(&row, CSV_NAMES("追评内容", "Follow-up"));
    /* the platform when the file names none and no order has the number */
    const char *fallback = csv_find_col(&row, "订单编号") >= 0 ? "taobao"
                           : csv_find_col(&row, "Body") >= 0   ? "shopify"
                                                               : "generic";
    static const char *const need[] = {N_("order number"), NULL, N_("rating"), NULL, N_("time"),
                                       NULL};
    for (int i = 0; i < C_COUNT; i++) {
        if (need[i] && col[i] < 0) {
            char why[160];
            snprintf(why, sizeof why, _("no %s column in the header"), _(need[i]));
            rc = bad(err, path, row.line, why);
            goto done;
        }
    }
    if ((rc = store_begin(s->st, err)))
        goto done;
    int64_t now = clock_now();
    while ((got = csvf_next(&f, &row)) > 0) {
        csv_clean_row(&row);
        bool blank = true;
        for (size_t i = 0; i < row.n && blank; i++)
            blank = row.fields[i][0] == '\0';
        if (blank)
            continue;
        struct rating r = {0};
        const char *number = csv_cell(&row, col[C_NUMBER]);
        if (!*number) {
            rc = bad(err, path, row.line, _("no order number"));
            break;
        }
        utf8_copy(r.number, sizeof r.number, number);
        utf8_copy(r.platform, sizeof r.platform, csv_cell(&row, col[C_PLATFORM]));
        r.rating = parse_rating(csv_cell(&row, col[C_RATING]));
        if (!r.rating) {
            char why[160];
            snprintf(why, sizeof why, _("'%s' is not a rating from 1 to 5"),
                     csv_cell(&row, col[C_RATING]));
            rc = bad(err, path, row.line, why);
            break;
        }
        const char *later = csv_cell(&row, col[C_FOLLOWUP]);
        if (*later) {
            char both[sizeof r.comment];
            snprintf(both, sizeof both, "%s / %s", csv_cell(&row, col[C_COMMENT]), later);
            utf8_copy(r.comment, sizeof r.comment, both);
        } else {
            utf8_copy(r.comment, sizeof r.comment, csv_cell(&row, col[C_COMMENT]));
        }
        struct sd_err terr = {0};
        if (datetime_parse(csv_cell(&row, col[C_TIME]), DATE_ORDER_AUTO, NULL, &r.rated_at, &terr)) {
            rc = bad(err, path, row.line, terr.msg);
            break;
        }
        match_order(s, &r, fallback);
        if (!r.order_id)
            out->unmatched++;
        enum rating_change ch;
        if ((rc = store_rating_put(s->st, &r, now, &ch, err)))
            break;
        if (ch == RATING_NEW)
            out->imported++;
        else if (ch == RATING_UPDATED)
            out->updated++;
        else
            out->unchanged++;
    }
    if (!rc && got < 0)
        rc = bad(err, path, f.error_line, f.error);
    if (!rc && !dry_run) {
        struct json_object *after = json_object_new_object();
        json_object_object_add(after, "file", json_object_new_string(path));
        json_object_object_add(after, "imported", json_object_new_int64(out->imported));
        json_object_object_add(after, "updated", json_object_new_int64(out->updated));
        rc = session_audit(s, "ratings.import", "ratings", NULL, 0, NULL, after, err);
        json_object_put(after);
    }
    if (rc || dry_run)
        store_rollback(s->st);
    else
        rc = store_commit(s->st, err);
done:
    csv_row_free(&row);
    csvf_close(&f);
    return rc;
}

/* "PLATFORM:NUMBER" or "NUMBER". */
static int find(struct session *s, const char *ref, struct rating *r, struct sd_err *err)
{
    const char *colon = strchr(ref, ':');
    if (!colon)
        return store_rating_find(s->st, NULL, ref, r, err);
    char platform[16];
    snprintf(platform, sizeof platform, "%.*s", (int)(colon - ref), ref);
    return store_rating_find(s->st, platform, colon + 1, r, err);
}

static int mark(struct session *s, const char *ref, const char *text, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_RATINGS, err);
    if (rc)
        return rc;
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct rating r;
    int64_t now = clock_now();
    if ((rc = find(s, ref, &r, err)))
        goto fail;
    rc = text ? store_rating_reply(s->st, r.id, text, s->who, now, err)
              : store_rating_handle(s->st, r.id, s->who, now, err);
    if (rc)
        goto fail;
    char id[64];
    snprintf(id, sizeof id, "%s:%s", r.platform, r.number);
    struct json_object *before = json_object_new_object(), *after = json_object_new_object();
    if (text) {
        json_object_object_add(before, "reply", json_object_new_string(r.reply));
        json_object_object_add(after, "reply", json_object_new_string(text));
    } else {
        json_object_object_add(after, "handled", json_object_new_boolean(1));
    }
    rc = session_audit(s, text ? "rating.reply" : "rating.handle", "rating", id, r.order_id, before,
                       after, err);
    json_object_put(before);
    json_object_put(after);
    if (rc)
        goto fail;
    return store_commit(s->st, err);
fail:
    store_rollback(s->st);
    return rc;
}

int ratings_reply(struct session *s, const char *ref, const char *text, struct sd_err *err)
{
    if (!text || !*text)
        return sd_fail(err, SD_INPUT, _("a reply needs some text"));
    return mark(s, ref, text, err);
}

int ratings_handle(struct session *s, const char *ref, struct sd_err *err)
{
    return mark(s, ref, NULL, err);
}

int ratings_to_answer(struct session *s, struct rating *out, int n, int64_t *total,
                      struct sd_err *err)
{
    *total = 0;
    if (session_require(s, SD_PERM_RATINGS, err) || store_begin_read(s->st, err))
        return -1;
    int k = store_ratings_to_answer(s->st, out, n, total, err);
    store_rollback(s->st);
    return k;
}
