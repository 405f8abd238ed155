#ifndef SHOPDESK_APP_SETTINGS_GUARD_H
#define SHOPDESK_APP_SETTINGS_GUARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct session;
struct store;
struct settings;
struct json_object;

/* shop.yaml is a file the shop's group can write, and the rules in it guard the money in the
 * database beside it (separation of duties, the agents' ceiling, auto-approve rules, the SLA,
 * the tiers' benefits). So the database keeps the text its owner last accepted, and that is
 * what counts:
 *   - a shop records its settings when it is made (and an older shop the first time it is
 *     opened after this version), audited as settings.record;
 *   - when the file changes and an owner opens the shop, the change is accepted and audited
 *     (settings.accept, with the money rules before and after; the daily review shows it);
 *   - when anyone else opens it, the accepted text is used instead of the file, and the
 *     change is audited once (settings.unaccepted) and shown to them and in the review.
 * text/len is the file as read (NULL when there is none); *s->set is its parse. On return
 * s->set holds the settings in force and s->settings_note (owned) says why when they are not
 * the file's. owner: the real login is an owner; writable: the shop can be written. */
int settings_guard(struct session *s, const char *text, size_t len, bool parsed_ok, bool owner,
                   bool writable, struct sd_err *err);

/* Inside the write transaction that creates a shop: the settings it starts with are the
 * accepted ones. */
int settings_guard_init(struct store *st, const char *text, struct sd_err *err);

/* The money rules of a settings value as JSON, for the audit log (caller puts it). */
struct json_object *settings_guarded_json(const struct settings *set);

#endif
