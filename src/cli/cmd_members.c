#include "config.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "app/gifts.h"
#include "app/paths.h"
#include "app/member_detail.h"
#include "app/member_ops.h"
#include "app/session.h"
#include "app/tiers.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "core/clock.h"
#include "core/mask.h"
#include "core/tz.h"
#include "store/gifts.h"
#include "store/members.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"
#include "util/xalloc.h"

enum {
    OPT_TIER = CLI_OPT_FIRST_PRIVATE,
    OPT_SEARCH,
    OPT_TAG,
    OPT_LIMIT,
    OPT_NAME,
    OPT_PHONE,
    OPT_BIRTHDAY,
    OPT_TAGS,
    OPT_NOTES,
    OPT_INTO,
    OPT_FILE,
    OPT_DATE,
    OPT_DRY_RUN,
    OPT_FROM,
    OPT_TO,
    OPT_MEMBER,
};

struct opts {
    const char *tier, *search, *tag, *into, *file, *date, *from, *to, *member;
    long long limit;
    struct member_edit edit;
    bool edit_given, dry_run;
};

static int parse(struct cli *c, int argc, char **argv, struct opts *o, void (*usage)(void))
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"tier", required_argument, NULL, OPT_TIER},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"tag", required_argument, NULL, OPT_TAG},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"name", required_argument, NULL, OPT_NAME},
        {"phone", required_argument, NULL, OPT_PHONE},
        {"birthday", required_argument, NULL, OPT_BIRTHDAY},
        {"tags", required_argument, NULL, OPT_TAGS},
        {"notes", required_argument, NULL, OPT_NOTES},
        {"into", required_argument, NULL, OPT_INTO},
        {"file", required_argument, NULL, OPT_FILE},
        {"date", required_argument, NULL, OPT_DATE},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"member", required_argument, NULL, OPT_MEMBER},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->limit = 100;
    const char *arg;
    int opt, ex = 0;
    char *end;
    optind = 0;
    while ((opt = cli_getopt(c, argc, argv, CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case OPT_TIER:
            o->tier = arg;
            break;
        case OPT_SEARCH:
            o->search = arg;
            break;
        case OPT_TAG:
            o->tag = arg;
            break;
        case OPT_LIMIT:
            o->limit = strtoll(arg, &end, 10);
            if (*end || o->limit < 0)
                return cli_usage_error(c->cmd, _("'%s' is not a number"), arg);
            break;
        case OPT_NAME:
            o->edit.name = arg;
            o->edit_given = true;
            break;
        case OPT_PHONE:
            o->edit.phone = arg;
            o->edit_given = true;
            break;
        case OPT_BIRTHDAY:
            o->edit.birthday = arg;
            o->edit_given = true;
            break;
        case OPT_TAGS:
            o->edit.tags = arg;
            o->edit_given = true;
            break;
        case OPT_NOTES:
            o->edit.notes = arg;
            o->edit_given = true;
            break;
        case OPT_INTO:
            o->into = arg;
            break;
        case OPT_FILE:
            o->file = arg;
            break;
        case OPT_DATE:
            o->date = arg;
            break;
        case OPT_DRY_RUN:
            o->dry_run = true;
            break;
        case OPT_FROM:
            o->from = arg;
            break;
        case OPT_TO:
            o->to = arg;
            break;
        case OPT_MEMBER:
            o->member = arg;
            break;
        case CLI_OPT_HELP:
            usage();
            return -1;
        default:
            return cli_usage_error(c->cmd, _("unexpected option"));
        }
    }
    return ex;
}

/* ---- members ---------------------------------------------------------------------------- */

static void members_usage(void)
{
    printf("%s\n", _("Usage: shopdesk members list [--tier T] [--search TEXT] [--tag TAG] "
                     "[--limit N]\n         [--format text|csv|json]"));
    printf("%s\n", _("       shopdesk members show MEMBER [--format text|json]"));
    printf("%s\n", _("       shopdesk members edit MEMBER [--name N] [--phone P] [--birthday "
                     "MM-DD]\n         [--tags A,B] [--notes TEXT]"));
    printf("%s\n\n", _("       shopdesk members merge MEMBER --into MEMBER"));
    printf("%s\n", _("MEMBER is the member's id (12 or #12), a buyer id, or PLATFORM:BUYER. T is "
                     "a tier's number or\nname. R is days since the last paid order, F the paid "
                     "orders and M the money paid less\nrefunds in the window (members.window_days "
                     "in shop.yaml). list shows the 100 most recent\nbuyers unless --limit says "
                     "otherwise (0: all). Members who share a phone are shown by\n'show'; merging "
                     "them is always a person's decision."));
}

struct mcols {
    struct table *t;
    bool contact;
    int id, platform, buyer, name, tier, tier_name, r, f, m, last, phone, tags, gifts;
};

static void mcols_init(struct mcols *c, struct session *s)
{
    struct table *t = c->t = table_new(s->set.currency);
    c->contact = perm_allowed(s->roles, SD_PERM_CONTACT_VIEW);
    c->id = table_col(t, "id", _("Id"), COL_INT);
    c->name = table_col(t, "name", _("Name"), COL_TEXT);
    c->buyer = table_col(t, "buyer_id", _("Buyer id"), COL_TEXT);
    c->platform = table_col(t, "platform", _("Platform"), COL_TEXT);
    c->tier = table_col(t, "tier", _("Tier"), COL_INT);
    c->tier_name = table_col(t, "tier_name", _("Tier name"), COL_TEXT);
    /* L10N: column headings: R = days since the last paid order, F = paid orders in the
     * window, M = money paid less refunds */
    c->r = table_col(t, "recency_days", _("R"), COL_INT);
    c->f = table_col(t, "frequency", _("F"), COL_INT);
    c->m = table_col(t, "monetary", _("M"), COL_MONEY);
    c->last = table_col(t, "last_order_at", _("Last order"), COL_TIME);
    c->phone = table_col(t, "phone", _("Phone"), COL_TEXT);
    c->tags = table_col(t, "tags", _("Tags"), COL_TEXT);
    c->gifts = table_col(t, "gifts", _("Gifts"), COL_INT);
    table_col_text_hidden(t, c->platform);
    table_col_text_hidden(t, c->tier);
    table_col_text_hidden(t, c->phone);
}

static void mcols_row(struct mcols *c, struct session *s, const struct member_row *r)
{
    struct table *t = c->t;
    char buf[64];
    table_row(t);
    table_int(t, c->id, r->id);
    table_text(t, c->name, r->name);
    table_text(t, c->buyer, r->buyer_id);
    table_text(t, c->platform, r->platform);
    table_int(t, c->tier, r->tier);
    table_text(t, c->tier_name, member_tier_name(s, r->tier, buf));
    if (r->recency_days >= 0)
        table_int(t, c->r, r->recency_days);
    table_int(t, c->f, r->frequency);
    table_money(t, c->m, r->monetary);
    table_time(t, c->last, r->last_order_at);
    if (c->contact) {
        table_text(t, c->phone, r->phone);
    } else {
        mask_phone(r->phone, buf, sizeof buf);
        table_text(t, c->phone, buf);
    }
    table_text(t, c->tags, r->tags);
    table_int(t, c->gifts, r->gifts);
}

static int members_list(struct cli *c, struct opts *o)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int rc = session_require(&s, SD_PERM_MEMBERS_VIEW, &err);
    struct member_filter f = {-1, o->search, o->tag};
    if (!rc && o->tier && (f.tier = member_tier_parse(&s, o->tier)) < 0) {
        session_close(&s);
        return cli_usage_error(c->cmd, _("the shop has no tier '%s'"), o->tier);
    }
    if (rc) {
        session_close(&s);
        return cli_error(&err);
    }
    struct mcols mc;
    mcols_init(&mc, &s);
    if (c->format != OUT_TEXT)
        table_stream(mc.t, c->format, stdout);
    struct member_row rows[200], last;
    bool have_last = false;
    long long shown = 0;
    for (;;) {
        int want = 200;
        if (o->limit && o->limit - shown < want)
            want = (int)(o->limit - shown);
        if (want <= 0)
            break;
        int n =
            store_members_page(s.st, &f, have_last ? &last : NULL, true, false, want, rows, &err);
        if (n < 0) {
            rc = err.code ? err.code : SD_STORE;
            break;
        }
        for (int i = 0; i < n; i++)
            mcols_row(&mc, &s, &rows[i]);
        shown += n;
        if (n < want)
            break;
        last = rows[n - 1];
        have_last = true;
    }
    if (!rc)
        table_print(mc.t, c->format, stdout);
    table_free(&mc.t);
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

static json_object *member_json(struct session *s, const struct member *m, struct sd_err *err)
{
    char buf[64];
    json_object *x = json_object_new_object();
    json_object_object_add(x, "id", json_object_new_int64(m->id));
    json_object_object_add(x, "name", json_object_new_string(m->name));
    json_object_object_add(x, "buyer_id", json_object_new_string(m->buyer_id));
    json_object_object_add(x, "platform", json_object_new_string(m->platform));
    json_object_object_add(x, "tier", json_object_new_int(m->tier));
    json_object_object_add(x, "tier_name",
                           json_object_new_string(member_tier_name(s, m->tier, buf)));
    json_object_object_add(x, "recency_days",
                           m->recency_days >= 0 ? json_object_new_int(m->recency_days) : NULL);
    json_object_object_add(x, "frequency", json_object_new_int64(m->frequency));
    json_object_object_add(x, "monetary", json_object_new_int64(m->monetary));
    char t[32];
    if (m->last_order_at)
        time_format_iso(m->last_order_at, t);
    json_object_object_add(x, "last_order_at", m->last_order_at ? json_object_new_string(t) : NULL);
    if (perm_allowed(s->roles, SD_PERM_CONTACT_VIEW)) {
        json_object_object_add(x, "phone", json_object_new_string(m->phone));
    } else {
        mask_phone(m->phone, buf, sizeof buf);
        json_object_object_add(x, "phone", json_object_new_string(buf));
    }
    json_object_object_add(x, "birthday", json_object_new_string(m->birthday));
    json_object_object_add(x, "tags", json_object_new_string(m->tags));
    json_object_object_add(x, "notes", json_object_new_string(m->notes));
    json_object *hist = json_object_new_array();
    struct tier_change h[50];
    int nh = 0;
    if (store_tier_history(s->st, m->id, h, 50, &nh, err) == SD_OK)
        for (int i = 0; i < nh; i++) {
            json_object *e = json_object_new_object();
            time_format_iso(h[i].at, t);
            json_object_object_add(e, "at", json_object_new_string(t));
            json_object_object_add(e, "from", json_object_new_int(h[i].from));
            json_object_object_add(e, "to", json_object_new_int(h[i].to));
            json_object_object_add(e, "reason", json_object_new_string(h[i].reason));
            json_object_array_add(hist, e);
        }
    json_object_object_add(x, "tier_history", hist);
    json_object *gifts = json_object_new_array();
    struct gift g[50];
    int ng = 0;
    if (store_gifts_list(s->st, m->id, 0, 0, g, 50, &ng, err) == SD_OK)
        for (int i = 0; i < ng; i++) {
            json_object *e = json_object_new_object();
            time_format_iso(g[i].created_at, t);
            json_object_object_add(e, "at", json_object_new_string(t));
            json_object_object_add(e, "rule", json_object_new_string(g[i].rule));
            json_object_object_add(e, "period", json_object_new_string(g[i].period));
            json_object_object_add(e, "order", json_object_new_string(g[i].order_number));
            json_object_object_add(e, "sku", json_object_new_string(g[i].sku));
            json_object_object_add(e, "cost", json_object_new_int64(g[i].cost));
            json_object_array_add(gifts, e);
        }
    json_object_object_add(x, "gifts", gifts);
    return x;
}

static int members_show(struct cli *c, const char *ref)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t id;
    int rc = session_require(&s, SD_PERM_MEMBERS_VIEW, &err);
    if (!rc)
        rc = member_resolve(&s, ref, &id, &err);
    if (!rc && c->format == OUT_JSON) {
        struct member m;
        if (!(rc = store_member_get(s.st, id, &m, &err))) {
            json_object *x = member_json(&s, &m, &err);
            puts(json_object_to_json_string_ext(x, JSON_C_TO_STRING_PRETTY |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE));
            json_object_put(x);
            member_clear(&m);
        }
    } else if (!rc) {
        struct detail d;
        detail_init(&d);
        rc = member_detail(&s, id, &d, &err);
        if (!rc)
            detail_print(&d, stdout);
        detail_free(&d);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

static int members_edit(struct cli *c, const char *ref, struct opts *o)
{
    if (!o->edit_given)
        return cli_usage_error(c->cmd, _("say what to change: --name, --phone, --birthday, "
                                         "--tags or --notes"));
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t id;
    int rc = member_resolve(&s, ref, &id, &err);
    if (!rc)
        rc = member_edit(&s, id, &o->edit, &err);
    session_close(&s);
    if (rc)
        return cli_error(&err);
    printf(_("Member #%lld saved.\n"), (long long)id);
    return 0;
}

static int members_merge(struct cli *c, const char *ref, struct opts *o)
{
    if (!o->into)
        return cli_usage_error(c->cmd, _("say which member to merge into: --into MEMBER"));
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t from, into;
    int rc = member_resolve(&s, ref, &from, &err);
    if (!rc)
        rc = member_resolve(&s, o->into, &into, &err);
    if (!rc)
        rc = member_merge(&s, from, into, &err);
    session_close(&s);
    if (rc)
        return cli_error(&err);
    printf(_("Member #%lld merged into #%lld.\n"), (long long)from, (long long)into);
    return 0;
}

int cmd_members(struct cli *c, int argc, char **argv)
{
    struct opts o;
    int ex = parse(c, argc, argv, &o, members_usage);
    if (ex)
        return ex < 0 ? 0 : ex;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: list, show, edit or merge"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    if (!strcmp(verb, "list")) {
        if (n)
            return cli_usage_error(c->cmd, _("'list' takes no arguments"));
        return members_list(c, &o);
    }
    if (!strcmp(verb, "show") || !strcmp(verb, "edit") || !strcmp(verb, "merge")) {
        if (n != 1)
            return cli_usage_error(c->cmd, _("'%s' takes one member"), verb);
        if (!strcmp(verb, "show"))
            return members_show(c, argv[optind]);
        if (!strcmp(verb, "edit"))
            return members_edit(c, argv[optind], &o);
        return members_merge(c, argv[optind], &o);
    }
    return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
}

/* ---- tiers ------------------------------------------------------------------------------ */

static void tiers_usage(void)
{
    printf("%s\n", _("Usage: shopdesk tiers list"));
    printf("%s\n", _("       shopdesk tiers recompute"));
    printf("%s\n\n", _("       shopdesk tiers preview [--file SHOP.YAML] [--format text|json]"));
    printf("%s\n", _("recompute counts every member's R, F and M from the orders and moves them "
                     "between tiers,\nrecording each change with its reason (imports do it for "
                     "their buyers). preview reads\nthe tiers of another settings file (a copy of "
                     "shop.yaml being edited; by default the\nshop's own) and shows how many "
                     "members would move from which tier to which, writing\nnothing."));
}

static void print_moves(struct session *s, const struct tier_config *cfg,
                        const struct tier_run *run)
{
    char a[16], b[16];
    for (int f = 0; f < TIER_MAX; f++)
        for (int t = 0; t < TIER_MAX; t++)
            if (run->moves[f][t]) {
                const char *fn = f < cfg->n ? cfg->tiers[f].name : member_tier_name(s, f, a);
                const char *tn = t < cfg->n ? cfg->tiers[t].name : member_tier_name(s, t, b);
                printf("  %s \xe2\x86\x92 %s: %lld\n", fn, tn, (long long)run->moves[f][t]);
            }
}

static int tiers_list(struct cli *c)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t counts[TIER_MAX];
    int rc = session_require(&s, SD_PERM_MEMBERS_VIEW, &err);
    if (!rc)
        rc = store_members_per_tier(s.st, counts, TIER_MAX, &err);
    if (rc) {
        session_close(&s);
        return cli_error(&err);
    }
    struct table *t = table_new(s.set.currency);
    int ct = table_col(t, "tier", _("Tier"), COL_INT);
    int cn = table_col(t, "name", _("Name"), COL_TEXT);
    int cm = table_col(t, "members", _("Members"), COL_INT);
    int ce = table_col(t, "enter", _("Enter"), COL_TEXT);
    int ck = table_col(t, "keep", _("Keep"), COL_TEXT);
    int cp = table_col(t, "refund_priority_minutes", _("Priority (min)"), COL_INT);
    int ca = table_col(t, "auto_approve_up_to", _("Auto-approve"), COL_MONEY);
    int cr = table_col(t, "shipping_rebate", _("Rebate"), COL_MONEY);
    for (int i = 0; i < s.set.tiers.n; i++) {
        const struct tier_def *d = &s.set.tiers.tiers[i];
        char text[160];
        table_row(t);
        table_int(t, ct, i);
        table_text(t, cn, d->name);
        table_int(t, cm, counts[i]);
        tier_rule_text(&d->enter, s.set.currency, text, sizeof text);
        table_text(t, ce, text);
        tier_rule_text(&d->keep, s.set.currency, text, sizeof text);
        table_text(t, ck, text);
        table_int(t, cp, d->benefits.queue_priority_minutes);
        table_money(t, ca, d->benefits.auto_approve_up_to);
        table_money(t, cr, d->benefits.shipping_rebate);
    }
    table_print(t, c->format, stdout);
    table_free(&t);
    if (c->format == OUT_TEXT)
        printf(_("Window %d days; grace %d days before a move down.\n"), s.set.tiers.window_days,
               s.set.tiers.grace_days);
    session_close(&s);
    return 0;
}

static int tiers_recompute_cmd(struct cli *c)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    struct tier_run run;
    progress_watch(&s);
    int rc = tiers_recompute(&s, &run, &err);
    progress_unwatch(&s);
    if (rc == SD_CANCELLED && stop_signal) {
        session_close(&s);
        return stop_report(_("nothing was changed"));
    }
    if (!rc) {
        printf(_("%lld members: %lld moved up, %lld moved down, %lld in a grace period; %lld "
                 "updated (%.1f s)\n"),
               (long long)run.members, (long long)run.up, (long long)run.down,
               (long long)run.waiting, (long long)run.written, (double)run.ms / 1000.0);
        print_moves(&s, &s.set.tiers, &run);
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

static int tiers_preview_cmd(struct cli *c, struct opts *o)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    struct settings alt;
    const char *file = o->file ? o->file : s.set.path;
    if (o->file)
        paths_user_begin();
    int rc = settings_load(file, &alt, &err);
    if (o->file)
        paths_user_end();
    if (rc) {
        settings_clear(&alt);
        session_close(&s);
        return cli_error(&err);
    }
    struct tier_run run;
    rc = tiers_preview(&s, &alt.tiers, &run, &err);
    if (!rc && c->format == OUT_JSON) {
        json_object *x = json_object_new_object();
        json_object_object_add(x, "file", json_object_new_string(file));
        json_object_object_add(x, "members", json_object_new_int64(run.members));
        json_object_object_add(x, "up", json_object_new_int64(run.up));
        json_object_object_add(x, "down", json_object_new_int64(run.down));
        json_object_object_add(x, "in_grace", json_object_new_int64(run.waiting));
        json_object *moves = json_object_new_array();
        char a[16];
        for (int f = 0; f < TIER_MAX; f++)
            for (int t = 0; t < TIER_MAX; t++)
                if (run.moves[f][t] && f != t) {
                    json_object *m = json_object_new_object();
                    json_object_object_add(m, "from", json_object_new_int(f));
                    json_object_object_add(m, "from_name",
                                           json_object_new_string(member_tier_name(&s, f, a)));
                    json_object_object_add(m, "to", json_object_new_int(t));
                    json_object_object_add(
                        m, "to_name",
                        json_object_new_string(t < alt.tiers.n ? alt.tiers.tiers[t].name : ""));
                    json_object_object_add(m, "members", json_object_new_int64(run.moves[f][t]));
                    json_object_array_add(moves, m);
                }
        json_object_object_add(x, "moves", moves);
        puts(json_object_to_json_string_ext(x, JSON_C_TO_STRING_PRETTY |
                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(x);
    } else if (!rc) {
        printf(_("Under the tiers of %s: %lld members; %lld would move up, %lld down (rows: "
                 "the tier now; columns: the tier under the file).\n"),
               file, (long long)run.members, (long long)run.up, (long long)run.down);
        /* the matrix: from the tier now (rows) to the tier under the file (columns) */
        int n = alt.tiers.n;
        int rows = s.set.tiers.n > n ? s.set.tiers.n : n;
        struct table *t = table_new(s.set.currency);
        int c0 = table_col(t, "from", _("Tier now"), COL_TEXT);
        int cols[TIER_MAX];
        for (int k = 0; k < n; k++)
            cols[k] = table_col(t, alt.tiers.tiers[k].name, alt.tiers.tiers[k].name, COL_INT);
        char a[16];
        for (int f = 0; f < rows && f < TIER_MAX; f++) {
            table_row(t);
            table_text(t, c0, member_tier_name(&s, f, a));
            for (int k = 0; k < n; k++)
                table_int(t, cols[k], run.moves[f][k]);
        }
        table_print(t, OUT_TEXT, stdout);
        table_free(&t);
        if (run.down)
            printf(_("Moves down wait for the grace period (%d days) once the keep rule stops "
                     "holding.\n"),
                   alt.tiers.grace_days);
    }
    settings_clear(&alt);
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

int cmd_tiers(struct cli *c, int argc, char **argv)
{
    struct opts o;
    int ex = parse(c, argc, argv, &o, tiers_usage);
    if (ex)
        return ex < 0 ? 0 : ex;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: list, recompute or preview"));
    const char *verb = argv[optind++];
    if (optind < argc)
        return cli_usage_error(c->cmd, _("'%s' takes no arguments"), verb);
    if (!strcmp(verb, "list"))
        return tiers_list(c);
    if (!strcmp(verb, "recompute"))
        return tiers_recompute_cmd(c);
    if (!strcmp(verb, "preview"))
        return tiers_preview_cmd(c, &o);
    return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
}

/* ---- gifts ------------------------------------------------------------------------------ */

static void gifts_usage(void)
{
    printf("%s\n",
           _("Usage: shopdesk gifts run [--date DATE] [--dry-run] [--format text|csv|json]"));
    printf("%s\n", _("       shopdesk gifts stock [SKU N]"));
    printf("%s\n\n", _("       shopdesk gifts list [--from DATE] [--to DATE] [--member MEMBER]"));
    printf("%s\n", _("run applies the gift rules of shop.yaml for a day (today by default): a "
                     "zero-price gift\norder for every member a rule gives to, once per rule, "
                     "member and period, as stock\nand the monthly budget allow. Running it again "
                     "makes nothing new, so cron may run it\ndaily. --dry-run shows what it would "
                     "make. stock sets how many of a gift SKU are on the\nshelf (without "
                     "arguments: lists them). Exit status 1 when a gift could not be made."));
}

static int date_arg(struct cli *c, const char *arg, struct sd_date *d)
{
    struct sd_err err = {0};
    if (date_parse(arg, d, &err))
        return cli_usage_error(c->cmd, "%s", err.msg);
    return 0;
}

/* gifts run prints as it goes: CSV and JSON a row per gift (made or not); text a line per
 * gift made and, at the end, what could not be made by rule and reason. */
struct gift_out {
    struct session *s;
    enum out_format format;
    struct table *t;
    int cmade, corder, crule, cid, cmem, ctier, csku, ccost, cper, cwhy;
    struct gift_groups groups;
    bool dry;
};

static void gift_line(const struct gift_outcome *g, void *ctx)
{
    struct gift_out *x = ctx;
    char tn[16], cost[48];
    const char *tier = member_tier_name(x->s, g->tier, tn);
    if (x->format != OUT_TEXT) {
        struct table *t = x->t;
        table_row(t);
        table_bool(t, x->cmade, !g->fail);
        if (g->order_number[0])
            table_text(t, x->corder, g->order_number);
        else
            table_null(t, x->corder);
        table_text(t, x->crule, g->rule);
        table_int(t, x->cid, g->member_id);
        table_text(t, x->cmem, g->member);
        table_text(t, x->ctier, tier);
        table_text(t, x->csku, g->sku);
        table_money(t, x->ccost, g->cost);
        table_text(t, x->cper, g->period);
        if (g->fail)
            table_text(t, x->cwhy, gift_fail_text(g->fail));
        else
            table_null(t, x->cwhy);
        return;
    }
    if (g->fail) {
        gift_groups_add(&x->groups, g);
        return;
    }
    struct strbuf sb = STRBUF_INIT;
    width_fit(&sb, g->order_number[0] ? g->order_number : _("(would make)"), 14, WIDTH_LEFT);
    sb_adds(&sb, "  ");
    width_fit(&sb, g->rule, 18, WIDTH_LEFT);
    sb_addf(&sb, "  #%-7lld ", (long long)g->member_id);
    width_fit(&sb, g->member, 14, WIDTH_LEFT);
    sb_adds(&sb, "  ");
    width_fit(&sb, tier, 9, WIDTH_LEFT);
    money_format(g->cost, x->s->set.currency, MONEY_SYMBOL | MONEY_GROUP, cost, sizeof cost);
    sb_addf(&sb, "  %s  %s\n", g->sku, cost);
    progress_clear(); /* the line goes above the progress line */
    fputs(sb_str(&sb), stdout);
    sb_free(&sb);
}

static int gifts_run_cmd(struct cli *c, struct opts *o)
{
    struct sd_date day;
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    day = date_of(clock_now());
    if (o->date && (ex = date_arg(c, o->date, &day))) {
        session_close(&s);
        return ex;
    }
    struct gift_out x = {0};
    x.s = &s;
    x.format = c->format;
    x.dry = o->dry_run;
    if (c->format != OUT_TEXT) {
        struct table *t = x.t = table_new(s.set.currency);
        x.cmade = table_col(t, "made", _("Made"), COL_BOOL);
        x.corder = table_col(t, "order", _("Order"), COL_TEXT);
        x.crule = table_col(t, "rule", _("Rule"), COL_TEXT);
        x.cid = table_col(t, "member_id", _("Id"), COL_INT);
        x.cmem = table_col(t, "member", _("Member"), COL_TEXT);
        x.ctier = table_col(t, "tier", _("Tier"), COL_TEXT);
        x.csku = table_col(t, "sku", _("SKU"), COL_TEXT);
        x.ccost = table_col(t, "cost", _("Cost"), COL_MONEY);
        x.cper = table_col(t, "period", _("Period"), COL_TEXT);
        x.cwhy = table_col(t, "reason", _("Not made because"), COL_TEXT);
        table_stream(t, c->format, stdout);
    }
    struct sd_err err = {0};
    struct gift_report rep;
    progress_watch(&s);
    int rc = gifts_run(&s, day, o->dry_run, gift_line, &x, &rep, &err);
    progress_unwatch(&s);
    if (x.t) {
        table_print(x.t, c->format, stdout);
        table_free(&x.t);
    }
    if (rc) {
        gift_groups_free(&x.groups);
        session_close(&s);
        if (rc == SD_CANCELLED && stop_signal)
            return stop_report(_("no gift was made (the lines above are undone)"));
        return cli_error(&err);
    }
    if (c->format == OUT_TEXT) {
        for (size_t i = 0; i < x.groups.n; i++) {
            const struct gift_group *g = &x.groups.v[i];
            /* L10N: gifts a rule could not make: "birthday, GIFT-BDAY: no stock of the gift (3)" */
            printf(_("  %s, %s: %s (%d)"), g->rule, g->sku, gift_fail_text(g->fail), (int)g->count);
            fputs("\n     ", stdout);
            for (int64_t k = 0; k < g->count && k < GIFT_GROUP_IDS; k++)
                printf(" #%lld", (long long)g->ids[k]);
            fputs(g->count > GIFT_GROUP_IDS ? " \xe2\x80\xa6\n" : "\n", stdout);
        }
        char cost[48], left[48], dtext[11];
        money_format(rep.cost, s.set.currency, MONEY_SYMBOL | MONEY_GROUP, cost, sizeof cost);
        date_format(day, dtext);
        printf(o->dry_run ? _("%s: dry run: would make %lld gifts (%s); %lld could not be made.\n")
                          : _("%s: made %lld gifts (%s); %lld could not be made.\n"),
               dtext, (long long)rep.made, cost, (long long)rep.failed);
        if (rep.budget_left >= 0) {
            money_format(rep.budget_left, s.set.currency, MONEY_SYMBOL | MONEY_GROUP, left,
                         sizeof left);
            printf(_("Gift budget left this month: %s\n"), left);
        }
    }
    gift_groups_free(&x.groups);
    session_close(&s);
    return rep.failed ? 1 : 0;
}

static int gifts_stock_cmd(struct cli *c, char **args, int n)
{
    if (n != 0 && n != 2)
        return cli_usage_error(c->cmd, _("stock takes a SKU and a count, or nothing to list"));
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int rc;
    if (n == 2) {
        char *end;
        long long q = strtoll(args[1], &end, 10);
        if (!*args[1] || *end || q < 0) {
            session_close(&s);
            return cli_usage_error(c->cmd, _("'%s' is not a count"), args[1]);
        }
        rc = gifts_stock_set(&s, args[0], q, &err);
        if (!rc)
            printf(_("%s: %lld in stock.\n"), args[0], q);
    } else {
        struct gift_stock_row rows[500];
        int found = 0;
        rc = session_require(&s, SD_PERM_MEMBERS_VIEW, &err);
        if (!rc)
            rc = store_gift_stock_list(s.st, rows, 500, &found, &err);
        if (!rc) {
            struct table *t = table_new(s.set.currency);
            int cs = table_col(t, "sku", _("SKU"), COL_TEXT);
            int cq = table_col(t, "qty", _("In stock"), COL_INT);
            for (int i = 0; i < found; i++) {
                table_row(t);
                table_text(t, cs, rows[i].sku);
                table_int(t, cq, rows[i].qty);
            }
            table_print(t, c->format, stdout);
            table_free(&t);
        }
    }
    session_close(&s);
    return rc ? cli_error(&err) : 0;
}

static int gifts_list_cmd(struct cli *c, struct opts *o)
{
    struct session s;
    int ex = cli_open(c, &s);
    if (ex)
        return ex;
    struct sd_err err = {0};
    int64_t from = 0, to = 0, member = 0;
    struct sd_date d;
    if (o->from || o->to) {
        from = 1;
        to = INT64_MAX;
        if (o->from && (ex = date_arg(c, o->from, &d)))
            goto out;
        if (o->from)
            from = date_start(d);
        if (o->to && (ex = date_arg(c, o->to, &d)))
            goto out;
        if (o->to)
            to = date_start(date_add(d, 1));
    }
    int rc = session_require(&s, SD_PERM_MEMBERS_VIEW, &err);
    if (!rc && o->member)
        rc = member_resolve(&s, o->member, &member, &err);
    int cap = o->limit ? (int)(o->limit < 100000 ? o->limit : 100000) : 100000;
    struct gift *g = xcalloc((size_t)cap, sizeof *g);
    int found = 0;
    if (!rc)
        rc = store_gifts_list(s.st, member, from, to, g, cap, &found, &err);
    if (!rc) {
        struct table *t = table_new(s.set.currency);
        int ca = table_col(t, "created_at", _("Time"), COL_TIME);
        int co = table_col(t, "order", _("Order"), COL_TEXT);
        int cr = table_col(t, "rule", _("Rule"), COL_TEXT);
        int cp = table_col(t, "period", _("Period"), COL_TEXT);
        int ci = table_col(t, "member_id", _("Id"), COL_INT);
        int cm = table_col(t, "member", _("Member"), COL_TEXT);
        int cs = table_col(t, "sku", _("SKU"), COL_TEXT);
        int cc = table_col(t, "cost", _("Cost"), COL_MONEY);
        for (int i = 0; i < found; i++) {
            table_row(t);
            table_time(t, ca, g[i].created_at);
            table_text(t, co, g[i].order_number);
            table_text(t, cr, g[i].rule);
            table_text(t, cp, g[i].period);
            table_int(t, ci, g[i].member_id);
            table_text(t, cm, g[i].member_name);
            table_text(t, cs, g[i].sku);
            table_money(t, cc, g[i].cost);
        }
        table_print(t, c->format, stdout);
        table_free(&t);
    }
    free(g);
    ex = rc ? cli_error(&err) : 0;
out:
    session_close(&s);
    return ex;
}

int cmd_gifts(struct cli *c, int argc, char **argv)
{
    struct opts o;
    int ex = parse(c, argc, argv, &o, gifts_usage);
    if (ex)
        return ex < 0 ? 0 : ex;
    if (o.limit == 100)
        o.limit = 0;
    if (optind >= argc)
        return cli_usage_error(c->cmd, _("say what to do: run, stock or list"));
    const char *verb = argv[optind++];
    int n = argc - optind;
    if (!strcmp(verb, "stock"))
        return gifts_stock_cmd(c, argv + optind, n);
    if (n)
        return cli_usage_error(c->cmd, _("'%s' takes no arguments"), verb);
    if (!strcmp(verb, "run"))
        return gifts_run_cmd(c, &o);
    if (!strcmp(verb, "list"))
        return gifts_list_cmd(c, &o);
    return cli_usage_error(c->cmd, _("unknown action '%s'"), verb);
}
