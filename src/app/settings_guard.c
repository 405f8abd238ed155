#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/settings_guard.h"
#include "conf/settings.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#define KEY_DIGEST     "settings.sha256"
#define KEY_TEXT       "settings.yaml"
#define KEY_AT         "settings.accepted_at"
#define KEY_UNACCEPTED "settings.unaccepted"

json_object *settings_guarded_json(const struct settings *set)
{
    json_object *j = json_object_new_object();
    json_object_object_add(j, "currency",
                           json_object_new_string(set->currency ? set->currency->code : ""));
    json_object_object_add(j, "timezone", json_object_new_string(set->timezone ? set->timezone : ""));
    json_object_object_add(j, "sla_minutes", json_object_new_int(set->refunds.sla_minutes));
    json_object_object_add(j, "separation_of_duties",
                           json_object_new_boolean(set->refunds.separation_of_duties));
    json_object_object_add(j, "agent_ceiling", json_object_new_int64(set->refunds.agent_ceiling));
    json_object *rules = json_object_new_array();
    for (size_t i = 0; i < set->refunds.nauto; i++) {
        json_object *r = json_object_new_object();
        json_object_object_add(r, "name", json_object_new_string(set->refunds.auto_rules[i].name));
        json_object_object_add(r, "max_amount",
                               json_object_new_int64(set->refunds.auto_rules[i].max_amount));
        json_object_array_add(rules, r);
    }
    json_object_object_add(j, "auto_approve", rules);
    json_object *pm = json_object_new_array();
    for (size_t i = 0; i < set->refunds.nplatform; i++)
        json_object_array_add(pm, json_object_new_string(set->refunds.platform_methods[i]));
    json_object_object_add(j, "platform_methods", pm);
    json_object *tiers = json_object_new_array();
    for (int t = 0; t < set->tiers.n; t++)
        json_object_array_add(tiers,
                              json_object_new_int64(set->tiers.tiers[t].benefits.auto_approve_up_to));
    json_object_object_add(j, "tier_auto_approve_up_to", tiers);
    return j;
}

/* One write: the kv rows and the audit row together. */
static int record(struct session *s, const char *action, const char *digest, const char *text,
                  bool accept, json_object *before, json_object *after, struct sd_err *err)
{
    int rc = store_begin(s->st, err);
    if (rc)
        return rc;
    char at[32];
    snprintf(at, sizeof at, "%lld", (long long)clock_now());
    if (accept)
        rc = store_kv_set(s->st, KEY_DIGEST, digest, err);
    if (!rc && accept)
        rc = store_kv_set(s->st, KEY_TEXT, text, err);
    if (!rc && accept)
        rc = store_kv_set(s->st, KEY_AT, at, err);
    if (!rc && !accept)
        rc = store_kv_set(s->st, KEY_UNACCEPTED, digest, err);
    if (!rc)
        rc = session_audit(s, action, "settings", "shop.yaml", 0, before, after, err);
    if (!rc)
        return store_commit(s->st, err);
    store_rollback(s->st);
    return rc;
}

int settings_guard_init(struct store *st, const char *text, struct sd_err *err)
{
    char digest[65], at[32];
    sha256_hex(text, strlen(text), digest);
    snprintf(at, sizeof at, "%lld", (long long)clock_now());
    int rc = store_kv_set(st, KEY_DIGEST, digest, err);
    if (!rc)
        rc = store_kv_set(st, KEY_TEXT, text, err);
    if (!rc)
        rc = store_kv_set(st, KEY_AT, at, err);
    return rc;
}

int settings_guard(struct session *s, const char *text, size_t len, bool parsed_ok, bool owner,
                   bool writable, struct sd_err *err)
{
    char digest[65];
    sha256_hex(text ? text : "", text ? len : 0, digest);
    char *accepted = store_kv_get(s->st, KEY_DIGEST);
    int rc = SD_OK;
    if (accepted && !strcmp(accepted, digest))
        goto out;
    json_object *after = settings_guarded_json(&s->set);
    json_object_object_add(after, "sha256", json_object_new_string(digest));
    if (!accepted || (owner && parsed_ok)) {
        /* first sight (trust on first use, audited), or the owner's own change */
        if (writable && parsed_ok) {
            json_object *before = NULL;
            if (accepted) {
                char *old = store_kv_get(s->st, KEY_TEXT);
                struct settings prev;
                struct sd_err ignored = {0};
                settings_parse("shop.yaml", old ? old : "", old ? strlen(old) : 0, &prev,
                               &ignored);
                before = settings_guarded_json(&prev);
                json_object_object_add(before, "sha256", json_object_new_string(accepted));
                settings_clear(&prev);
                free(old);
            }
            rc = record(s, accepted ? "settings.accept" : "settings.record", digest,
                        text ? text : "", true, before, after, err);
            json_object_put(before);
        }
        json_object_put(after);
        goto out;
    }
    /* someone other than an owner changed the file: the accepted settings stay in force */
    char *old = store_kv_get(s->st, KEY_TEXT), *at = store_kv_get(s->st, KEY_AT);
    struct settings kept;
    struct sd_err perr = {0};
    if (settings_parse(s->set.path ? s->set.path : "shop.yaml", old ? old : "",
                       old ? strlen(old) : 0, &kept, &perr) == SD_OK) {
        char *path = s->set.path ? xstrdup(s->set.path) : NULL;
        settings_clear(&s->set);
        s->set = kept;
        free(s->set.path);
        s->set.path = path;
        tz_use(s->set.timezone);
    money_home(s->set.currency);
    } else {
        settings_clear(&kept);
    }
    char when[32] = "?";
    if (at)
        time_format_local(strtoll(at, NULL, 10), when);
    free(s->settings_note);
    if (!parsed_ok) { /* an invalid file (check reports where): nothing to accept */
        s->settings_note = xasprintf(_("%s is invalid: the settings an owner accepted at %s "
                                       "are in force"),
                                     s->set.path ? s->set.path : "shop.yaml", when);
        json_object_put(after);
        free(old);
        free(at);
        goto out;
    }
    s->settings_note = xasprintf(_("%s has changes an owner has not accepted: the settings the "
                                   "owner accepted at %s are in force (an owner accepts a "
                                   "change by running shopdesk, e.g. shopdesk check)"),
                                 s->set.path ? s->set.path : "shop.yaml", when);
    char *seen = store_kv_get(s->st, KEY_UNACCEPTED);
    if (writable && (!seen || strcmp(seen, digest) != 0)) {
        json_object *before = settings_guarded_json(&s->set);
        json_object_object_add(before, "sha256", json_object_new_string(accepted));
        struct sd_err ignored = {0};
        record(s, "settings.unaccepted", digest, NULL, false, before, after, &ignored);
        json_object_put(before);
    }
    json_object_put(after);
    free(seen);
    free(old);
    free(at);
out:
    free(accepted);
    return rc;
}
