#ifndef SHOPDESK_APP_SESSION_H
#define SHOPDESK_APP_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/settings.h"
#include "core/role.h"
#include "core/status.h"

struct store;
struct json_object;

/* What long work is doing, for the progress its watcher shows. */
enum work_phase { WORK_CHECKING, WORK_COUNTING, WORK_MAKING, WORK_COPYING };

/* Who watches long work (a terminal's progress line, the console's status line): where it
 * is, and whether the person asked it to stop. Both optional. */
struct work_watch {
    void (*show)(void *arg, enum work_phase phase, int64_t done, int64_t total);
    bool (*stopping)(void *arg);
    void *arg;
};

/* One person working in one shop: the open store, the shop's settings, and who is acting.
 * Everything the console and the command line do goes through a session. */
struct session {
    struct store *st;
    struct settings set;
    char *shop_dir;
    char *db_path;
    char *login;    /* the Unix login that ran shopdesk */
    char *as_login; /* whom an owner acts as (--as), or NULL */
    char *who;      /* the effective login: as_login or login */
    char *name;     /* the effective staff member's name */
    unsigned roles; /* the effective roles */
    bool demo;
    char *settings_note; /* why the settings in force are not shop.yaml's, or NULL */
    char *db_real;       /* the database's real path, as the system log records heads */
    bool plain_words;    /* the console: refusals name actions as people read them, not keys */
    struct work_watch watch; /* long work reports to it (zero: nobody watches) */
};

struct session_opts {
    const char *shop;     /* --shop / -C */
    const char *db;       /* --db FILE: the shop is FILE's directory */
    const char *as;       /* --as LOGIN */
    bool demo;            /* --demo */
    bool demo_reset;      /* --demo --reset */
    bool readonly;
    bool allow_bad_settings; /* `check` reports a bad shop.yaml instead of refusing */
};

/* Resolve the shop directory: --shop, --db's directory, $SHOPDESK_SHOP, then the default.
 * Caller frees. */
char *session_shop_dir(const struct session_opts *o);

/* Open the shop and identify the person. Errors, each one line saying what to do:
 * SD_NO_SHOP (no shop there: run `shopdesk init DIR`), SD_IO (permissions: the shop's group),
 * SD_INPUT (a bad shop.yaml: FILE:LINE:COL), SD_NOT_STAFF (a login not on the staff),
 * SD_FORBIDDEN (--as by someone who is not an owner; the attempt is audited). */
int session_open(const struct session_opts *o, struct session *s, struct sd_err *err);
void session_close(struct session *s);

/* Check a permission. A refusal is audited ("denied:<perm>") and returns SD_FORBIDDEN with a
 * message naming the roles that may do it. */
int session_require(struct session *s, enum sd_perm perm, struct sd_err *err);

/* Append an audit row for the session's person inside the caller's write transaction.
 * before/after are JSON objects (may be NULL); they are not consumed. */
int session_audit(struct session *s, const char *action, const char *entity,
                  const char *entity_id, int64_t order_id, struct json_object *before,
                  struct json_object *after, struct sd_err *err);

/* Long work says where it is: done of total (0: not known). SD_CANCELLED, with the message
 * "stopped", when the watcher asked it to stop; the caller rolls back. */
int session_work(struct session *s, enum work_phase phase, int64_t done, int64_t total,
                 struct sd_err *err);

/* Watch the session's long work: show and stopping (either may be NULL), also while a single
 * long query runs (it is interrupted when stopping says so). NULLs end the watch. */
void session_watch(struct session *s, void (*show)(void *, enum work_phase, int64_t, int64_t),
                   bool (*stopping)(void *), void *arg);

/* The effective login's display name, e.g. for the status line. */
const char *session_display(const struct session *s);

/* Re-read shop.yaml (the console does it when the file changes). */
int session_reload_settings(struct session *s, struct sd_err *err);

#endif
