#ifndef SHOPDESK_TUI_UI_H
#define SHOPDESK_TUI_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "app/session.h"
#include "conf/theme.h"
#include "core/role.h"
#include "tui/actions.h"

/* The console: one thread, one loop. The loop waits for a key with a one-second timeout
 * (for countdowns and for changes made by other staff), dispatches it, and the handler says
 * what to do next. Signals only set flags. */

struct ui;
struct list;

/* What a handler asks the loop to do next. */
enum reaction {
    R_NONE,   /* nothing changed on screen */
    R_REDRAW, /* draw again */
    R_RELOAD, /* data changed: every screen reloads, then draw */
    R_BACK,   /* close the top overlay */
    R_QUIT,
};

/* Checks run centrally before an action's handler. */
enum action_check {
    CHECK_SELECTION = 1 << 0, /* needs a selected row */
    CHECK_WRITE = 1 << 1,     /* changes data */
};

struct screen_action {
    enum action action;
    enum reaction (*fn)(struct ui *ui, void *state);
    unsigned checks;
    enum sd_perm perm;
    /* What the domain says before anything is asked (the selected request's state, who
     * approved it, the ceiling): SD_OK, or the refusal shown instead of the first prompt.
     * NULL: nothing beyond the role and the selection. */
    int (*check)(struct ui *ui, void *state, struct sd_err *err);
};

/* Each screen exports one of these. */
struct screen_ops {
    const char *name;    /* "orders" */
    const char *title;   /* untranslated; the tab label */
    enum sd_perm perm;   /* needed to open the screen */
    enum action_scope scope;
    bool is_list;        /* the list keys apply */
    void *(*open)(struct ui *ui);
    void (*close)(void *state);
    /* Draw into rows [top, top + rows) of the screen, all columns. */
    void (*draw)(struct ui *ui, void *state, int top, int rows);
    /* Keys not bound to an action in the table (typing in a scan field...). Return R_NONE
     * with *used false to let the loop try global keys. */
    enum reaction (*key)(struct ui *ui, void *state, int key, bool *used);
    void (*reload)(struct ui *ui, void *state);
    /* Once a second; true to redraw (a countdown moved). */
    bool (*tick)(struct ui *ui, void *state);
    bool (*has_selection)(void *state);
    /* The screen's list, when it has one: the loop moves it for the list keys. */
    struct list *(*list)(void *state);
    /* One-line key hint for the message line when no message is shown. */
    const char *(*hint)(void *state);
    const struct screen_action *actions;
};

/* An overlay on top of the screen: a detail view, the help, a form. */
struct overlay_ops {
    void (*draw)(struct ui *ui, void *state, int top, int rows);
    enum reaction (*key)(struct ui *ui, void *state, int key, enum action a);
    void (*free)(void *state);
    bool (*tick)(struct ui *ui, void *state);
    void (*reload)(struct ui *ui, void *state);
    /* the message line's hint while this overlay is on top (NULL: the pager's) */
    const char *(*hint)(void *state);
    /* where the cursor goes after everything is drawn (forms); NULL: hidden */
    void (*cursor)(void *state);
};

struct session *ui_session(struct ui *ui);
/* Show a message on the message line for a few seconds. */
void ui_message(struct ui *ui, enum theme_slot slot, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_error(struct ui *ui, const struct sd_err *err);
void ui_push(struct ui *ui, const struct overlay_ops *ops, void *state);
/* Close the top overlay (its free is called). */
void ui_pop(struct ui *ui);
/* Show another screen (overlays closed, opened if it never was): its state, or NULL when
 * the role may not see it (the message says who may). */
void *ui_show(struct ui *ui, const struct screen_ops *ops);
/* Draw everything now (prompts call this to repaint what lies under them). */
void ui_draw(struct ui *ui);
/* Body area: first row and number of rows. */
void ui_body(struct ui *ui, int *top, int *rows);
/* Whether the key ui_getkey just returned came in a burst (a scanner typing a code, keys
 * pasted): such a key is text, never the answer to a question. */
bool ui_key_burst(const struct ui *ui);

/* True once SIGHUP/SIGTERM/SIGINT arrived: every input loop must return. */
bool ui_stopping(void);
/* Wait for one key (with the loop's timeout, ticks and resize handling); returns the key
 * code, or -1 when the console is stopping. Used by prompts and forms. */
int ui_getkey(struct ui *ui);
/* Map a key to an action for the current screen (ACT_NONE if unbound). */
enum action ui_action_for(struct ui *ui, int key);
/* The first default key of an action, for hints: "Enter", "S". */
const char *ui_key_label(enum action a);
/* Show "working... (Esc cancels)" and let a long query be cancelled by Esc. */
void ui_busy_begin(struct ui *ui, const char *what);
void ui_busy_end(struct ui *ui);

struct tui_opts {
    const char *theme; /* --theme NAME */
};

/* Run the console on an open session. Returns the process exit code. *hung_up tells that
 * the terminal went away (SIGHUP): then nothing more can be shown to anyone. */
int tui_run(struct session *s, const struct tui_opts *o, bool *hung_up);

/* Checks the terminal before curses starts: unknown TERM, no cursor addressing, non-UTF-8
 * locale. Returns 0 or prints one line and returns 2. */
int tui_check_terminal(void);

#endif
