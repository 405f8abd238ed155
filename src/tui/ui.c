#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/paths.h"
#include "conf/theme.h"
#include "conf/userconf.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/store.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "tui/performance_view.h"
#include "tui/prompt.h"
#include "tui/screens.h"
#include "tui/status.h"
#include "tui/ui.h"
#include "util/die.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include "util/width.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define MAX_OVERLAYS 8
#define MESSAGE_SECONDS 6

struct overlay {
    const struct overlay_ops *ops;
    void *state;
};

struct ui {
    struct session *s;
    const struct screen_ops *const *screens;
    void *states[SCREEN_COUNT];
    bool opened[SCREEN_COUNT]; /* a screen is opened when first shown */
    int cur;
    struct overlay stack[MAX_OVERLAYS];
    int depth;
    char msg[512];
    enum theme_slot msg_slot;
    int64_t msg_until;
    int64_t data_version;
    int64_t last_tick_ms;
    bool need_redraw;
    bool quit;
    int fast_errors;
    /* keys that come in a burst (a scanner types a whole code in a few milliseconds): the
     * last key's time, whether it was an Enter, and whether the key just read is one */
    int64_t key_prev_ms;
    int64_t quit_armed_until; /* a first q on a top screen: a second one before this leaves */
    bool key_prev_enter, key_burst;
    struct status_counts counts;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

bool ui_stopping(void)
{
    return stop_signal != 0;
}

static void restore_terminal(void)
{
    if (!isendwin())
        endwin();
}

struct session *ui_session(struct ui *ui)
{
    return ui->s;
}

void ui_message(struct ui *ui, enum theme_slot slot, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
    va_end(ap);
    ui->msg_slot = slot;
    ui->msg_until = clock_mono_ms() + MESSAGE_SECONDS * 1000;
    ui->need_redraw = true;
}

void ui_error(struct ui *ui, const struct sd_err *err)
{
    if (err->code == SD_OK)
        return;
    if (err->code == SD_CANCELLED && !err->msg[0]) {
        ui_message(ui, SLOT_INFO, "%s", _("cancelled"));
        return;
    }
    beep();
    ui_message(ui, SLOT_ERROR, "%s", sd_err_text(err));
}

void ui_push(struct ui *ui, const struct overlay_ops *ops, void *state)
{
    if (ui->depth == MAX_OVERLAYS) {
        ops->free(state);
        return;
    }
    ui->stack[ui->depth++] = (struct overlay){ops, state};
    ui->need_redraw = true;
}

void ui_pop(struct ui *ui)
{
    if (ui->depth == 0)
        return;
    struct overlay *o = &ui->stack[--ui->depth];
    o->ops->free(o->state);
    ui->need_redraw = true;
}

static void pop_all(struct ui *ui)
{
    while (ui->depth)
        ui_pop(ui);
}

void ui_body(struct ui *ui, int *top, int *rows)
{
    (void)ui;
    *top = 1;
    *rows = LINES - 3;
}

static bool may_view(struct ui *ui, int i)
{
    return perm_allowed(ui->s->roles, ui->screens[i]->perm);
}

static void draw_title(struct ui *ui)
{
    draw_fill(0, 0, COLS, SLOT_TITLE);
    int x = 0;
    for (int i = 0; i < SCREEN_COUNT && x < COLS; i++) {
        char tab[96];
        /* L10N: a screen tab: "1 Orders"; the labels together must fit in 60 columns */
        snprintf(tab, sizeof tab, " %d %s ", i + 1, _(ui->screens[i]->title));
        enum theme_slot slot = i == ui->cur ? SLOT_TAB_ACTIVE : may_view(ui, i) ? SLOT_TAB : SLOT_DIM;
        if (slot == SLOT_DIM && draw_has_color())
            slot = SLOT_TAB;
        x += draw_text_clip(0, x, COLS - x, slot, tab);
    }
    int left = COLS - x - 1;
    if (left > 4) {
        int w = width_str(ui->s->set.name);
        if (w > left)
            w = left;
        draw_text(0, COLS - w - 1, w, SLOT_TITLE, ui->s->set.name, WIDTH_RIGHT);
    }
}

static void draw_message_line(struct ui *ui)
{
    int y = LINES - 2;
    draw_fill(y, 0, COLS, SLOT_NORMAL);
    if (ui->msg[0] && clock_mono_ms() < ui->msg_until) {
        /* a long message wraps upward over the screen's last lines, never cut */
        int n = draw_wrapped_lines(ui->msg, COLS, 4);
        int top = y - n + 1 < 1 ? 1 : y - n + 1;
        for (int i = top; i < y; i++)
            draw_fill(i, 0, COLS, ui->msg_slot);
        draw_wrapped(top, 0, COLS, ui->msg_slot, ui->msg, y - top + 1);
        return;
    }
    ui->msg[0] = '\0';
    const char *hint = NULL;
    if (ui->depth == 0 && ui->screens[ui->cur]->hint)
        hint = ui->screens[ui->cur]->hint(ui->states[ui->cur]);
    if (ui->depth > 0) {
        const struct overlay *o = &ui->stack[ui->depth - 1];
        hint = o->ops->hint ? o->ops->hint(o->state) : NULL;
        if (!hint)
            hint = _("j/k scroll  q back  ? keys");
    }
    if (hint)
        draw_text(y, 0, COLS, SLOT_DIM, hint, WIDTH_LEFT);
}

static void draw_status(struct ui *ui)
{
    int y = LINES - 1;
    struct session *s = ui->s;
    char roles[128], left[512], right[256], now[32];
    roles_label(s->roles, roles, sizeof roles);
    if (s->as_login)
        /* L10N: status line when an owner acts as someone else: "root as 李娜 (li.na) · agent" */
        snprintf(left, sizeof left, _(" %s as %s (%s) \xc2\xb7 %s"), s->login, session_display(s),
                 s->who, roles);
    else
        snprintf(left, sizeof left, " %s (%s) \xc2\xb7 %s", session_display(s), s->who, roles);
    time_format_local(clock_now(), now);
    status_format(&ui->counts, right, sizeof right);
    draw_fill(y, 0, COLS, SLOT_STATUS);
    struct strbuf r = STRBUF_INIT;
    sb_addf(&r, "%s  %s ", right, now + 5);
    /* who you are and your roles are never cut: on a narrow line, first the acting owner's
     * login goes, then the counts get shorter, then the date */
    if (width_str(left) + width_str(sb_str(&r)) + 1 > COLS && s->as_login)
        snprintf(left, sizeof left, " %s (%s) \xc2\xb7 %s", session_display(s), s->who, roles);
    if (width_str(left) + width_str(sb_str(&r)) + 1 > COLS) {
        sb_reset(&r);
        /* L10N: the refund counts when the status line is short of room: waiting / overdue */
        sb_addf(&r, _("Refunds %d/%d"), ui->counts.waiting, ui->counts.overdue);
        sb_addf(&r, "  %s ", now + 11);
    }
    int rw = width_str(sb_str(&r));
    int lw = COLS - rw - 1;
    if (lw < 10) {
        lw = COLS;
        rw = 0;
    }
    draw_text(y, 0, lw, SLOT_STATUS, left, WIDTH_LEFT);
    if (rw) {
        enum theme_slot slot = ui->counts.overdue > 0 ? SLOT_OVERDUE : SLOT_STATUS;
        draw_text(y, COLS - rw, rw, slot, sb_str(&r), WIDTH_RIGHT);
    }
    sb_free(&r);
}

static void draw_too_small(void)
{
    erase();
    char line[160];
    /* L10N: shown when the terminal is smaller than 80x24 */
    snprintf(line, sizeof line, _("Terminal too small: %dx%d, need %dx%d"), COLS, LINES,
             MIN_COLS, MIN_ROWS);
    int w = width_str(line);
    if (w > COLS)
        w = COLS;
    draw_text(LINES / 2, (COLS - w) / 2 > 0 ? (COLS - w) / 2 : 0, w, SLOT_WARNING, line,
              WIDTH_LEFT);
    if (LINES / 2 + 1 < LINES) {
        const char *hint = _("Enlarge the window, or press q to leave.");
        int hw = width_str(hint);
        if (hw > COLS)
            hw = COLS;
        draw_text(LINES / 2 + 1, (COLS - hw) / 2 > 0 ? (COLS - hw) / 2 : 0, hw, SLOT_DIM, hint,
                  WIDTH_LEFT);
    }
}

static bool too_small(void)
{
    return COLS < MIN_COLS || LINES < MIN_ROWS;
}

void ui_draw(struct ui *ui)
{
    ui->need_redraw = false;
    if (too_small()) {
        draw_too_small();
        refresh();
        return;
    }
    int top, rows;
    ui_body(ui, &top, &rows);
    for (int y = top; y < top + rows; y++)
        draw_fill(y, 0, COLS, SLOT_NORMAL);
    draw_title(ui);
    if (ui->depth > 0) {
        struct overlay *o = &ui->stack[ui->depth - 1];
        o->ops->draw(ui, o->state, top, rows);
    } else if (may_view(ui, ui->cur)) {
        ui->screens[ui->cur]->draw(ui, ui->states[ui->cur], top, rows);
    } else {
        char roles[128];
        roles_label(perm_roles(ui->screens[ui->cur]->perm), roles, sizeof roles);
        char line[256];
        snprintf(line, sizeof line, _("This screen is for: %s."), roles);
        draw_text(top + 1, 2, COLS - 4, SLOT_DIM, line, WIDTH_LEFT);
    }
    draw_message_line(ui);
    draw_status(ui);
    draw_slot(SLOT_NORMAL);
    if (ui->depth > 0 && ui->stack[ui->depth - 1].ops->cursor)
        ui->stack[ui->depth - 1].ops->cursor(ui->stack[ui->depth - 1].state);
    prompt_place_cursor();
    refresh();
}

static void reload_all(struct ui *ui)
{
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (ui->states[i] && ui->screens[i]->reload)
            ui->screens[i]->reload(ui, ui->states[i]);
    for (int i = 0; i < ui->depth; i++)
        if (ui->stack[i].ops->reload)
            ui->stack[i].ops->reload(ui, ui->stack[i].state);
    status_load(ui->s, &ui->counts);
    ui->need_redraw = true;
}

/* Once a second: changes by other staff, countdowns, the clock, idle checkpoints. */
static void tick(struct ui *ui)
{
    int64_t v = store_data_version(ui->s->st);
    if (v != ui->data_version) {
        ui->data_version = v;
        reload_all(ui);
        const char *notice = store_take_notice(ui->s->st);
        if (notice)
            ui_message(ui, SLOT_INFO, "%s", notice);
    } else {
        struct status_counts before = ui->counts;
        status_load(ui->s, &ui->counts);
        if (memcmp(&before, &ui->counts, sizeof before) != 0)
            ui->need_redraw = true;
    }
    if (ui->depth > 0) {
        struct overlay *o = &ui->stack[ui->depth - 1];
        if (o->ops->tick && o->ops->tick(ui, o->state))
            ui->need_redraw = true;
    } else if (ui->screens[ui->cur]->tick && may_view(ui, ui->cur) &&
               ui->screens[ui->cur]->tick(ui, ui->states[ui->cur])) {
        ui->need_redraw = true;
    }
    if (ui->msg[0] && clock_mono_ms() >= ui->msg_until)
        ui->need_redraw = true;
    /* the clock on the status line moves once a minute */
    static int64_t last_minute;
    int64_t minute = clock_now() / 60;
    if (minute != last_minute) {
        last_minute = minute;
        ui->need_redraw = true;
    }
    store_idle(ui->s->st);
}

/* Is the key just read part of a burst? It is when it came within BURST_MS of the one
 * before, when another key is already waiting behind it, or when it follows a scanned Enter
 * (an Enter that was itself in a burst) within AFTER_SCAN_MS: a person's deliberate key comes
 * well after what they read. */
#define BURST_MS 40
#define AFTER_SCAN_MS 150
static void note_burst(struct ui *ui, int64_t now, bool enter)
{
    int64_t gap = now - ui->key_prev_ms;
    bool burst = gap < BURST_MS || (ui->key_prev_enter && ui->key_burst && gap < AFTER_SCAN_MS);
    if (!burst) { /* more keys waiting? peek without waiting */
        timeout(0);
        wint_t next;
        int rc = get_wch(&next);
        if (rc != ERR) {
            burst = true;
            if (rc == KEY_CODE_YES) /* a function key goes back as a key code */
                ungetch((int)next);
            else
                unget_wch(next);
        }
    }
    ui->key_prev_ms = now;
    ui->key_prev_enter = enter;
    ui->key_burst = burst;
}

/* After an Esc: the rest of a CSI (ESC [ ... final) or SS3 (ESC O x) sequence if one follows
 * at once. Returns the key it stands for, 27 for a lone Esc, or 0 for one to ignore. */
static int escape_sequence(void)
{
    timeout(25);
    wint_t c;
    int rc = get_wch(&c);
    if (rc == ERR)
        return 27;
    if (rc == KEY_CODE_YES || (c != '[' && c != 'O')) {
        if (rc == KEY_CODE_YES)
            ungetch((int)c);
        else
            unget_wch(c);
        return 27;
    }
    bool ss3 = c == 'O';
    char params[16];
    size_t n = 0;
    for (;;) {
        wint_t d;
        if (get_wch(&d) == ERR)
            return 0;
        if (d >= 0x40 && d <= 0x7e) { /* the final byte */
            params[n] = '\0';
            switch (d) {
            case 'A':
                return KEYCODE_FN + KEY_UP;
            case 'B':
                return KEYCODE_FN + KEY_DOWN;
            case 'C':
                return KEYCODE_FN + KEY_RIGHT;
            case 'D':
                return KEYCODE_FN + KEY_LEFT;
            case 'H':
                return KEYCODE_FN + KEY_HOME;
            case 'F':
                return KEYCODE_FN + KEY_END;
            case '~': {
                int v = atoi(params);
                return v == 1 || v == 7   ? KEYCODE_FN + KEY_HOME
                       : v == 4 || v == 8 ? KEYCODE_FN + KEY_END
                       : v == 2           ? KEYCODE_FN + KEY_IC
                       : v == 3           ? KEYCODE_FN + KEY_DC
                       : v == 5           ? KEYCODE_FN + KEY_PPAGE
                       : v == 6           ? KEYCODE_FN + KEY_NPAGE
                                          : 0;
            }
            default:
                return 0;
            }
        }
        if (ss3 || n + 1 >= sizeof params)
            return 0;
        params[n++] = (char)d;
    }
}

bool ui_key_burst(const struct ui *ui)
{
    return ui->key_burst;
}

int ui_getkey(struct ui *ui)
{
    for (;;) {
        if (stop_signal)
            return -1;
        /* No lock may be held while a person thinks. */
        const char *open_txn = store_txn_where(ui->s->st);
        if (open_txn)
            die("internal: a transaction begun at %s is open while waiting for a key", open_txn);
        if (ui->need_redraw)
            ui_draw(ui);
        int64_t t0 = clock_mono_ms();
        int64_t wait = 1000 - (t0 - ui->last_tick_ms);
        if (wait < 10)
            wait = 10;
        if (wait > 1000)
            wait = 1000;
        timeout((int)wait);
        wint_t ch;
        int rc = get_wch(&ch);
        if (stop_signal)
            return -1;
        int64_t now = clock_mono_ms();
        if (rc == ERR) {
            /* A hung-up terminal returns at once, again and again: stop, don't spin. */
            if (now - t0 < (wait > 50 ? wait / 2 : 5)) {
                if (++ui->fast_errors > 50) {
                    stop_signal = SIGHUP;
                    return -1;
                }
            } else {
                ui->fast_errors = 0;
            }
            if (now - ui->last_tick_ms >= 1000) {
                ui->last_tick_ms = now;
                tick(ui);
            }
            continue;
        }
        ui->fast_errors = 0;
        if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
            /* the terminal may have reflowed or kept old cells: paint it all again */
            clearok(curscr, TRUE);
            ui->need_redraw = true;
            continue;
        }
        note_burst(ui, now, rc != KEY_CODE_YES && (ch == '\n' || ch == '\r'));
        if (rc == KEY_CODE_YES)
            return KEYCODE_FN + (int)ch;
        if (ch == 27) {
            /* a key the terminal's description does not name (End as ESC [ 4 ~ in tmux and
             * PuTTY): read whole, never as Esc and then '4' (a screen switch) */
            int k = escape_sequence();
            if (k == 0)
                continue; /* a sequence for no key shopdesk uses: dropped */
            return k;
        }
        return (int)ch;
    }
}

struct binding {
    int key;
    enum action action;
};
static struct binding bindings[ACT_COUNT * 3];
static int nbindings;

static void bindings_init(void)
{
    nbindings = 0;
    for (int a = 1; a < ACT_COUNT; a++) {
        char keys[64];
        snprintf(keys, sizeof keys, "%s", action_default_keys((enum action)a));
        char *save = NULL;
        for (char *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
            int code = key_parse(k);
            if (code >= 0 && nbindings < (int)(sizeof bindings / sizeof bindings[0]))
                bindings[nbindings++] = (struct binding){code, (enum action)a};
        }
    }
}

static bool screen_has(const struct screen_ops *sc, enum action a)
{
    for (const struct screen_action *sa = sc->actions; sa && sa->action; sa++)
        if (sa->action == a)
            return true;
    return false;
}

enum action ui_action_for(struct ui *ui, int key)
{
    const struct screen_ops *sc = ui->screens[ui->cur];
    enum action best = ACT_NONE;
    int best_rank = -1;
    if (key == '\r' || key == KEYCODE_FN + KEY_ENTER)
        key = '\n';
    for (int i = 0; i < nbindings; i++) {
        if (bindings[i].key != key)
            continue;
        enum action a = bindings[i].action;
        enum action_scope s = action_scope(a);
        int rank = -1;
        if (s == SCOPE_GLOBAL)
            rank = 0;
        else if (s == SCOPE_LIST && (sc->is_list || ui->depth > 0))
            rank = 1;
        else if (s == sc->scope && (ui->depth == 0 || screen_has(sc, a)))
            rank = 2;
        if (rank > best_rank) {
            best_rank = rank;
            best = a;
        }
    }
    return best;
}

const char *ui_key_label(enum action a)
{
    static char buf[32];
    snprintf(buf, sizeof buf, "%s", action_default_keys(a));
    char *sp = strchr(buf, ' ');
    if (sp)
        *sp = '\0';
    return buf;
}

/* A screen is opened (its list loaded) the first time it is shown, so the console comes up
 * as fast as its first screen, whatever the others would read. */
static void ensure_open(struct ui *ui, int i)
{
    if (!ui->opened[i]) {
        ui->states[i] = ui->screens[i]->open(ui);
        ui->opened[i] = true;
    }
}

static void switch_screen(struct ui *ui, int i)
{
    pop_all(ui);
    ensure_open(ui, i);
    if (!may_view(ui, i)) {
        char roles[128];
        roles_label(perm_roles(ui->screens[i]->perm), roles, sizeof roles);
        ui_message(ui, SLOT_WARNING, _("%s is for: %s"), _(ui->screens[i]->title), roles);
    }
    ui->cur = i;
    ui->need_redraw = true;
}

void *ui_show(struct ui *ui, const struct screen_ops *ops)
{
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (ui->screens[i] == ops) {
            switch_screen(ui, i);
            return may_view(ui, i) ? ui->states[i] : NULL;
        }
    return NULL;
}

static void show_help(struct ui *ui)
{
    const struct screen_ops *sc = ui->screens[ui->cur];
    struct pager *p = pager_new(_("Keys"));
    char title[128];
    snprintf(title, sizeof title, _("Keys of the %s screen"), _(sc->title));
    pager_set_title(p, title);
    enum action_scope scopes[3] = {sc->scope, SCOPE_LIST, SCOPE_GLOBAL};
    for (int k = 0; k < 3; k++) {
        enum action_scope scope = scopes[k];
        if (scope == SCOPE_LIST && !sc->is_list)
            continue;
        bool heading = false;
        for (int a = 1; a < ACT_COUNT; a++) {
            if (action_scope((enum action)a) != scope)
                continue;
            if (scope != SCOPE_GLOBAL && scope != SCOPE_LIST && !screen_has(sc, (enum action)a))
                continue;
            if (!heading) {
                pager_line(p, SLOT_HEADING, _(scope_title(scope)));
                heading = true;
            }
            struct strbuf sb = STRBUF_INIT;
            sb_adds(&sb, "  ");
            width_fit(&sb, action_default_keys((enum action)a), 14, WIDTH_LEFT);
            sb_adds(&sb, " ");
            width_fit(&sb, action_name((enum action)a), 14, WIDTH_LEFT);
            sb_addf(&sb, " %s", _(action_help((enum action)a)));
            pager_line(p, SLOT_NORMAL, sb_str(&sb));
            sb_free(&sb);
        }
        if (heading)
            pager_line(p, SLOT_NORMAL, "");
    }
    pager_push(ui, p);
}

/* The list keys, for every screen that has a list. */
static enum reaction list_action(struct ui *ui, enum action a, bool *handled)
{
    const struct screen_ops *sc = ui->screens[ui->cur];
    *handled = false;
    if (!sc->list)
        return R_NONE;
    struct list *l = sc->list(ui->states[ui->cur]);
    if (!l)
        return R_NONE;
    *handled = true;
    switch (a) {
    case ACT_DOWN:
        list_move(l, 1);
        break;
    case ACT_UP:
        list_move(l, -1);
        break;
    case ACT_PAGE_DOWN:
        list_page(l, 1);
        break;
    case ACT_PAGE_UP:
        list_page(l, -1);
        break;
    case ACT_FIRST:
        list_first(l);
        break;
    case ACT_LAST:
        list_last(l);
        break;
    default:
        *handled = false;
        return R_NONE;
    }
    if (l->err.code)
        ui_error(ui, &l->err);
    return R_REDRAW;
}

/* Long work (a search, the tiers, the gifts, the review of a big shop): after half a second
 * its progress shows on the message line, redrawn at most five times a second, and Esc or
 * ^C stops it (the work rolls back). The message that was there comes back after. */
static struct {
    struct ui *ui;
    char what[200];
    int pct; /* -1: how far is not known */
    int64_t t0, drawn;
    char saved[512];
    enum theme_slot saved_slot;
    int64_t saved_until;
} busy;

static void busy_draw(void)
{
    int64_t now = clock_mono_ms();
    if (!busy.ui || now - busy.t0 < 500 || now - busy.drawn < 200)
        return;
    busy.drawn = now;
    if (busy.pct >= 0)
        /* L10N: long work on the message line: "Counting R, F and M... 40% (Esc cancels)" */
        snprintf(busy.ui->msg, sizeof busy.ui->msg, _("%s %d%% (Esc cancels)"), busy.what,
                 busy.pct);
    else
        snprintf(busy.ui->msg, sizeof busy.ui->msg, _("%s (Esc cancels)"), busy.what);
    busy.ui->msg_slot = SLOT_INFO;
    busy.ui->msg_until = now + MESSAGE_SECONDS * 1000;
    if (!too_small()) {
        draw_message_line(busy.ui);
        refresh();
    }
}

static void busy_show(void *arg, enum work_phase phase, int64_t done, int64_t total)
{
    (void)arg;
    (void)phase;
    busy.pct = total > 0 ? (int)(done * 100 / total) : -1;
    busy_draw();
}

/* Polled by the work and by SQLite during a long query: Esc or ^C stops it. */
static bool busy_cancel(void *arg)
{
    (void)arg;
    if (stop_signal)
        return true;
    busy_draw();
    timeout(0);
    /* Esc anywhere in what was typed meanwhile: keys before it (typed ahead) stay for later,
     * in their order, and never hide it */
    int kept[32], n = 0, c;
    bool stop = false;
    while ((c = getch()) != ERR) {
        if (c == 27 || c == 3 || c == 7) {
            stop = true;
            break;
        }
        if (n < (int)(sizeof kept / sizeof kept[0]))
            kept[n++] = c;
    }
    while (n > 0)
        ungetch(kept[--n]);
    return stop;
}

void ui_busy_begin(struct ui *ui, const char *what)
{
    busy.ui = ui;
    utf8_copy(busy.what, sizeof busy.what, what);
    busy.pct = -1;
    busy.t0 = clock_mono_ms();
    busy.drawn = 0;
    memcpy(busy.saved, ui->msg, sizeof busy.saved);
    busy.saved_slot = ui->msg_slot;
    busy.saved_until = ui->msg_until;
    session_watch(ui->s, busy_show, busy_cancel, ui);
}

void ui_busy_end(struct ui *ui)
{
    session_watch(ui->s, NULL, NULL, NULL);
    if (busy.drawn) { /* what was there before the progress */
        memcpy(ui->msg, busy.saved, sizeof ui->msg);
        ui->msg_slot = busy.saved_slot;
        ui->msg_until = busy.saved_until;
    }
    ui->need_redraw = true;
    busy.ui = NULL;
}

static enum reaction run_screen_action(struct ui *ui, enum action a, bool *handled)
{
    const struct screen_ops *sc = ui->screens[ui->cur];
    *handled = false;
    if (!may_view(ui, ui->cur)) {
        /* one of this screen's actions on a screen the role may not see: refused (and
         * audited) for the screen's permission */
        bool mine = false;
        for (const struct screen_action *sa = sc->actions; sa && sa->action && !mine; sa++)
            mine = sa->action == a;
        if (!mine)
            return R_NONE;
        *handled = true;
        struct sd_err err = {0};
        if (session_require(ui->s, sc->perm, &err))
            ui_error(ui, &err);
        return R_REDRAW;
    }
    enum reaction lr = list_action(ui, a, handled);
    if (*handled)
        return lr;
    for (const struct screen_action *sa = sc->actions; sa && sa->action; sa++) {
        if (sa->action != a)
            continue;
        *handled = true;
        void *st = ui->states[ui->cur];
        bool selected = sc->has_selection ? sc->has_selection(st)
                        : sc->list && sc->list(st) ? list_selected(sc->list(st)) != NULL
                                                   : true;
        /* the role first: "not allowed" says more than "nothing selected", and is audited */
        if (sa->perm != SD_PERM_COUNT) {
            struct sd_err err = {0};
            if (session_require(ui->s, sa->perm, &err)) {
                ui_error(ui, &err);
                return R_REDRAW;
            }
        }
        if ((sa->checks & CHECK_SELECTION) && !selected) {
            ui_message(ui, SLOT_WARNING, "%s", _("nothing selected"));
            return R_REDRAW;
        }
        /* then what the domain says, before any question is asked */
        if (sa->check) {
            struct sd_err err = {0};
            if (sa->check(ui, st, &err)) {
                ui_error(ui, &err);
                return R_REDRAW;
            }
        }
        return sa->fn(ui, st);
    }
    return R_NONE;
}

static void apply(struct ui *ui, enum reaction r)
{
    switch (r) {
    case R_QUIT:
        ui->quit = true;
        break;
    case R_BACK:
        ui_pop(ui);
        break;
    case R_RELOAD:
        ui->data_version = store_data_version(ui->s->st);
        reload_all(ui);
        break;
    case R_REDRAW:
        ui->need_redraw = true;
        break;
    default:
        break;
    }
}

static void dispatch_action(struct ui *ui, enum action a, int key);

/* Tab after ":": the action names that start with what is typed, as far as they agree. */
static int complete_action(const char *text, char *out, size_t n)
{
    int found = 0;
    size_t tl = strlen(text);
    out[0] = '\0';
    for (int a = 1; a < ACT_COUNT; a++) {
        const char *name = action_name((enum action)a);
        if (strncmp(name, text, tl) != 0)
            continue;
        if (!found++) {
            snprintf(out, n, "%s", name);
        } else {
            size_t k = 0;
            while (out[k] && out[k] == name[k])
                k++;
            out[k] = '\0';
        }
    }
    return found;
}

static void command_prompt(struct ui *ui)
{
    char *line = NULL;
    if (prompt_line_complete(ui, ":", "", &line, complete_action) != PROMPT_OK || !line ||
        !*line) {
        free(line);
        return;
    }
    enum action a = action_by_name(line);
    if (a == ACT_NONE) {
        beep();
        ui_message(ui, SLOT_ERROR, _("no action named '%s' (press ? for the list)"), line);
    } else {
        dispatch_action(ui, a, -1);
    }
    free(line);
}

static bool handle_global(struct ui *ui, enum action a)
{
    switch (a) {
    case ACT_QUIT:
        if (ui->depth > 0) {
            ui_pop(ui);
        } else if (clock_mono_ms() < ui->quit_armed_until) {
            ui->quit = true;
        } else {
            /* a stray q on a top screen does not end the session: a second one does */
            ui->quit_armed_until = clock_mono_ms() + 3000;
            ui_message(ui, SLOT_WARNING, "%s", _("press q again to leave shopdesk"));
        }
        return true;
    case ACT_HELP:
        show_help(ui);
        return true;
    case ACT_COMMAND:
        command_prompt(ui);
        return true;
    case ACT_SCREEN_ORDERS:
    case ACT_SCREEN_REFUNDS:
    case ACT_SCREEN_SCAN:
    case ACT_SCREEN_MEMBERS:
    case ACT_SCREEN_MYSTERY:
    case ACT_SCREEN_REVIEW:
        switch_screen(ui, a - ACT_SCREEN_ORDERS);
        return true;
    case ACT_NEXT_SCREEN:
        switch_screen(ui, (ui->cur + 1) % SCREEN_COUNT);
        return true;
    case ACT_PREV_SCREEN:
        switch_screen(ui, (ui->cur + SCREEN_COUNT - 1) % SCREEN_COUNT);
        return true;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        apply(ui, R_RELOAD);
        return true;
    case ACT_PERFORMANCE:
        performance_view_push(ui);
        return true;
    default:
        return false;
    }
}

static void dispatch_action(struct ui *ui, enum action a, int key)
{
    if (ui->depth > 0) {
        struct overlay *o = &ui->stack[ui->depth - 1];
        enum reaction r = o->ops->key(ui, o->state, key, a);
        if (r != R_NONE) {
            apply(ui, r);
            return;
        }
        if (a != ACT_NONE && action_scope(a) == SCOPE_GLOBAL)
            handle_global(ui, a);
        return;
    }
    bool handled = false;
    if (a != ACT_NONE) {
        enum reaction r = run_screen_action(ui, a, &handled);
        if (handled) {
            apply(ui, r);
            return;
        }
        if (handle_global(ui, a))
            return;
        /* an action of another screen (typed after ":"): say where it lives */
        enum action_scope sc = action_scope(a);
        for (int i = 0; key < 0 && i < SCREEN_COUNT; i++)
            if (ui->screens[i]->scope == sc && i != ui->cur) {
                ui_message(ui, SLOT_WARNING, _("%s works on the %s screen (%d)"),
                           action_name(a), _(ui->screens[i]->title), i + 1);
                return;
            }
    }
    if (may_view(ui, ui->cur))
        ui_message(ui, SLOT_DIM, "%s", key >= 0 ? _("that key does nothing here; press ? for the keys")
                                                : _("that does nothing here; press ? for the keys"));
}

static void dispatch_key(struct ui *ui, int key)
{
    if (ui->msg[0] && ui->msg_slot != SLOT_ERROR) {
        ui->msg[0] = '\0';
        ui->need_redraw = true;
    }
    if (too_small()) {
        if (key == 'q')
            ui->quit = true;
        return;
    }
    const struct screen_ops *sc = ui->screens[ui->cur];
    if (ui->depth == 0 && sc->key && may_view(ui, ui->cur)) {
        bool used = false;
        enum reaction r = sc->key(ui, ui->states[ui->cur], key, &used);
        if (used) {
            apply(ui, r);
            return;
        }
    }
    dispatch_action(ui, ui_action_for(ui, key), key);
}

static void load_theme(struct session *s, const struct tui_opts *o, struct theme *t,
                       char *warning, size_t wn)
{
    struct userconf uc;
    struct sd_err err = {0};
    char *cfg = path_join(paths_configdir(), "config.yaml");
    if (userconf_load(cfg, &uc, &err))
        snprintf(warning, wn, "%s", err.msg);
    free(cfg);
    const char *name = o->theme ? o->theme : uc.theme ? uc.theme : "default";
    theme_default(t);
    char *path = NULL;
    if (strchr(name, '/')) {
        path = xstrdup(name);
    } else {
        char *file = xasprintf("themes/%s.yaml", name);
        path = path_join(paths_configdir(), file);
        if (!path_exists(path)) {
            free(path);
            path = path_join(paths_datadir(), file);
        }
        free(file);
    }
    if (!path_exists(path)) {
        if (strcmp(name, "default") != 0)
            snprintf(warning, wn, _("no theme named '%s'; using the default"), name);
    } else if (theme_load(path, t, &err)) {
        snprintf(warning, wn, _("%s; using the default theme"), err.msg);
    }
    free(path);
    userconf_clear(&uc);
    (void)s;
}

/* Where a person's work is: the returns desk scans, the refunds team pays, a mystery shopper
 * files reports; owners, agents and the warehouse start on the orders. */
static int start_screen(struct ui *ui)
{
    unsigned r = ui->s->roles;
    bool orders_people = r & (SD_ROLE_OWNER | SD_ROLE_AGENT | SD_ROLE_WAREHOUSE);
    if (!orders_people && (r & SD_ROLE_RETURNS))
        return 2;
    if (!orders_people && (r & SD_ROLE_REFUNDS))
        return 1;
    if (!orders_people && (r & SD_ROLE_SHOPPER))
        return 4;
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (may_view(ui, i))
            return i;
    return 0;
}

int tui_run(struct session *s, const struct tui_opts *o, bool *hung_up)
{
    *hung_up = false;
    s->plain_words = true; /* refusals on screen name what was tried, not a key */
    struct theme theme;
    char warning[600] = "";
    paths_user_begin(); /* the person's settings and theme files, with their own rights */
    load_theme(s, o, &theme, warning, sizeof warning);
    paths_user_end();

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* data on the screen: controls, bidi overrides and zero-width characters as escapes */
    width_set_console(true);
    set_escdelay(100);
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        fprintf(stderr, "shopdesk: %s\n", _("cannot start the terminal"));
        return 2;
    }
    die_add_hook(restore_terminal);
    struct key_names kn = {KEY_DOWN, KEY_UP, KEY_LEFT, KEY_RIGHT, KEY_NPAGE, KEY_PPAGE,
                           KEY_HOME, KEY_END, KEY_ENTER, KEY_BTAB, KEY_BACKSPACE, KEY_DC,
                           KEY_F0, KEY_RESIZE};
    key_table_set(&kn);
    bindings_init();
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    curs_set(0);
    bool color = getenv("NO_COLOR") == NULL || !*getenv("NO_COLOR");
    draw_init_colors(&theme, color);

    struct ui ui;
    memset(&ui, 0, sizeof ui);
    ui.s = s;
    ui.screens = screens_all();
    ui.data_version = store_data_version(s->st);
    ui.last_tick_ms = clock_mono_ms();
    ui.cur = start_screen(&ui);
    ensure_open(&ui, ui.cur);
    status_load(s, &ui.counts);
    if (s->settings_note)
        ui_message(&ui, SLOT_WARNING, "%s", s->settings_note);
    else if (warning[0])
        ui_message(&ui, SLOT_WARNING, "%s", warning);
    ui.need_redraw = true;

    while (!ui.quit) {
        int key = ui_getkey(&ui);
        if (key < 0)
            break;
        dispatch_key(&ui, key);
    }

    pop_all(&ui);
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (ui.opened[i])
            ui.screens[i]->close(ui.states[i]);
    /* A hung-up terminal cannot be restored; don't wait on it. */
    if (stop_signal != SIGHUP) {
        erase();
        refresh();
    }
    endwin();
    delscreen(scr);
    die_remove_hook(restore_terminal);
    *hung_up = stop_signal == SIGHUP;
    return 0;
}
