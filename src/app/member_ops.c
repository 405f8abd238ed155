#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/member_ops.h"
#include "core/order.h"
#include "app/session.h"
#include "app/tiers.h"
#include "core/gift.h"
#include "store/members.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

const char *member_tier_name(const struct session *s, int tier, char buf[16])
{
    if (tier >= 0 && tier < s->set.tiers.n)
        return s->set.tiers.tiers[tier].name;
    snprintf(buf, 16, "%d", tier);
    return buf;
}

int member_tier_parse(const struct session *s, const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*arg && !*end)
        return v >= 0 && v < s->set.tiers.n ? (int)v : -1;
    for (int i = 0; i < s->set.tiers.n; i++)
        if (!strcasecmp(s->set.tiers.tiers[i].name, arg))
            return i;
    return -1;
}

int member_resolve(struct session *s, const char *ref, int64_t *id, struct sd_err *err)
{
    const char *num = ref[0] == '#' ? ref + 1 : ref;
    char *end;
    long long v = strtoll(num, &end, 10);
    if (*num && !*end && v > 0) {
        struct member m;
        if (store_member_get(s->st, v, &m, NULL) == SD_OK) {
            *id = m.merged_into ? m.merged_into : m.id;
            member_clear(&m);
            return SD_OK;
        }
        if (ref[0] == '#')
            return sd_fail(err, SD_NOT_FOUND, _("no member %s"), ref);
    }
    const char *colon = strchr(ref, ':');
    if (colon && colon != ref) {
        char platform[32];
        snprintf(platform, sizeof platform, "%.*s", (int)(colon - ref), ref);
        struct member m;
        if (store_member_find(s->st, platform, colon + 1, &m, NULL) == SD_OK) {
            *id = m.merged_into ? m.merged_into : m.id;
            member_clear(&m);
            return SD_OK;
        }
    }
    int64_t ids[4];
    int found = 0;
    int rc = store_members_by_buyer(s->st, ref, ids, 4, &found, err);
    if (rc)
        return rc;
    if (found == 1 || (found > 1 && ids[0] == ids[1] && (found == 2 || ids[1] == ids[2]))) {
        *id = ids[0];
        return SD_OK;
    }
    if (found > 1)
        return sd_fail(err, SD_INPUT,
                       _("buyer %s is a member on several platforms; say which, as "
                         "PLATFORM:BUYER, or give the member's #id"),
                       ref);
    return sd_fail(err, SD_NOT_FOUND, _("no member %s"), ref);
}

/* "a, b，c、d" → "a,b,c,d": blanks trimmed, empties and repeats dropped. */
static char *norm_tags(const char *in)
{
    struct strbuf out = STRBUF_INIT;
    struct strbuf cur = STRBUF_INIT;
    const char *p = in;
    for (;;) {
        bool sep = !*p || *p == ',' || !strncmp(p, "\xef\xbc\x8c", 3) || /* ， */
                   !strncmp(p, "\xe3\x80\x81", 3);                       /* 、 */
        if (sep) {
            char *t = (char *)sb_str(&cur);
            while (*t == ' ')
                t++;
            size_t n = strlen(t);
            while (n && t[n - 1] == ' ')
                t[--n] = '\0';
            if (n) {
                bool dup = false;
                struct strbuf probe = STRBUF_INIT;
                sb_addf(&probe, ",%s,", sb_str(&out));
                struct strbuf needle = STRBUF_INIT;
                sb_addf(&needle, ",%s,", t);
                dup = strstr(sb_str(&probe), sb_str(&needle)) != NULL;
                sb_free(&probe);
                sb_free(&needle);
                if (!dup)
                    sb_addf(&out, "%s%s", out.len ? "," : "", t);
            }
            sb_free(&cur);
            if (!*p)
                break;
            p += *p == ',' ? 1 : 3;
            continue;
        }
        sb_addch(&cur, *p++);
    }
    return sb_detach(&out);
}

static void put_field(json_object *b, json_object *a, const char *key, const char *was,
                      const char *now)
{
    if (!strcmp(was, now))
        return;
    json_object_object_add(b, key, json_object_new_string(was));
    json_object_object_add(a, key, json_object_new_string(now));
}

int member_edit(struct session *s, int64_t id, const struct member_edit *e, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_MEMBERS_EDIT, err);
    if (rc)
        return rc;
    if (e->birthday && *e->birthday && !birthday_valid(e->birthday))
        return sd_fail(err, SD_INPUT, _("'%s' is not a birthday: use MM-DD or YYYY-MM-DD"),
                       e->birthday);
    if (e->phone && *e->phone && !phone_valid(e->phone))
        return sd_fail(err, SD_INPUT,
                       _("'%s' is not a phone number (5 to 20 digits; blanks, +, - and "
                         "brackets may go between)"),
                       e->phone);
    const char *fields[] = {e->name, e->phone, e->birthday, e->tags, e->notes};
    for (size_t i = 0; i < 5; i++)
        if (fields[i] && (!utf8_valid(fields[i], strlen(fields[i]), NULL) || strlen(fields[i]) > 2000))
            return sd_fail(err, SD_INPUT, "%s", _("a member's field must be UTF-8 text of at most "
                                                  "2000 bytes"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct member m;
    if ((rc = store_member_get(s->st, id, &m, err))) {
        store_rollback(s->st);
        return rc == SD_NOT_FOUND ? sd_fail(err, SD_NOT_FOUND, _("no member #%lld"), (long long)id)
                                  : rc;
    }
    char *tags = e->tags ? norm_tags(e->tags) : NULL;
    struct member w = m;
    if (e->name)
        w.name = (char *)e->name;
    if (e->phone)
        w.phone = (char *)e->phone;
    if (e->birthday)
        w.birthday = (char *)e->birthday;
    if (tags)
        w.tags = tags;
    if (e->notes)
        w.notes = (char *)e->notes;
    json_object *b = json_object_new_object(), *a = json_object_new_object();
    put_field(b, a, "name", m.name, w.name);
    put_field(b, a, "phone", m.phone, w.phone);
    put_field(b, a, "birthday", m.birthday, w.birthday);
    put_field(b, a, "tags", m.tags, w.tags);
    put_field(b, a, "notes", m.notes, w.notes);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    if (json_object_object_length(a) > 0 && !(rc = store_member_edit(s->st, &w, err)))
        rc = session_audit(s, "member.edit", "member", idtext, 0, b, a, err);
    json_object_put(b);
    json_object_put(a);
    free(tags);
    member_clear(&m);
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}

int member_merge(struct session *s, int64_t from, int64_t into, struct sd_err *err)
{
    int rc = session_require(s, SD_PERM_MEMBERS_EDIT, err);
    if (rc)
        return rc;
    if (from == into)
        return sd_fail(err, SD_INPUT, "%s", _("a member cannot be merged into themselves"));
    if ((rc = store_begin(s->st, err)))
        return rc;
    struct member f, t;
    if ((rc = store_member_get(s->st, from, &f, err))) {
        store_rollback(s->st);
        return sd_fail(err, SD_NOT_FOUND, _("no member #%lld"), (long long)from);
    }
    if ((rc = store_member_get(s->st, into, &t, err))) {
        member_clear(&f);
        store_rollback(s->st);
        return sd_fail(err, SD_NOT_FOUND, _("no member #%lld"), (long long)into);
    }
    if (f.merged_into || t.merged_into) {
        rc = sd_fail(err, SD_CONFLICT, _("member #%lld was already merged into #%lld"),
                     (long long)(f.merged_into ? f.id : t.id),
                     (long long)(f.merged_into ? f.merged_into : t.merged_into));
        goto out;
    }
    if ((rc = store_member_merge(s->st, from, into, err)))
        goto out;
    struct tier_run run;
    if ((rc = tiers_recompute_members(s, &into, 1, &run, err)))
        goto out;
    json_object *a = json_object_new_object();
    json_object_object_add(a, "into", json_object_new_int64(into));
    json_object_object_add(a, "from_buyer", json_object_new_string(f.buyer_id));
    json_object_object_add(a, "from_platform", json_object_new_string(f.platform));
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)from);
    rc = session_audit(s, "member.merge", "member", idtext, 0, NULL, a, err);
    json_object_put(a);
out:
    member_clear(&f);
    member_clear(&t);
    if (rc) {
        store_rollback(s->st);
        return rc;
    }
    return store_commit(s->st, err);
}
