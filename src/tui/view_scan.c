#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/refund_ops.h"
#include "app/session.h"
#include "core/clock.h"
#include "core/tz.h"
#include "tui/draw.h"
#include "tui/prompt.h"
#include "tui/ui.h"
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define HISTORY 64
/* parcels scanned and waiting for someone to look at them and grade them */
#define WAITING 16

struct scan_entry {
    int64_t at;
    char code[64];
    char text[320];
    enum theme_slot slot;
};

struct waiting {
    int64_t id;
    char code[64];
    struct parcel_facts facts;
};

struct scan_screen {
    struct ui *ui;
    struct strbuf field;
    struct scan_entry history[HISTORY];
    int count; /* entries used, newest at index 0 */
    struct waiting wait[WAITING];
    int nwait; /* the first is the one being graded */
    bool ask_sku; /* graded 3 (wrong item): the field takes the SKU that came back */
};

static void *open_screen(struct ui *ui)
{
    struct scan_screen *ss = xcalloc(1, sizeof *ss);
    ss->ui = ui;
    return ss;
}

static void close_screen(void *state)
{
    struct scan_screen *ss = state;
    sb_free(&ss->field);
    free(ss);
}

static void push(struct scan_screen *ss, const char *code, enum theme_slot slot, const char *text)
{
    memmove(&ss->history[1], &ss->history[0], (HISTORY - 1) * sizeof ss->history[0]);
    struct scan_entry *e = &ss->history[0];
    e->at = clock_now();
    utf8_copy(e->code, sizeof e->code, code);
    utf8_copy(e->text, sizeof e->text, text);
    e->slot = slot;
    if (ss->count < HISTORY)
        ss->count++;
}

/* The parcel being graded: what it should hold, and the one question. */
static int draw_grade(struct scan_screen *ss, int y)
{
    const struct waiting *w = &ss->wait[0];
    char line[512];
    snprintf(line, sizeof line,
             /* L10N: the parcel waiting to be graded; one deliberate key answers */
             _("Refund #%lld (order %s): look in the parcel, then press 1 resaleable  2 "
               "defective  3 wrong item  4 empty or short"),
             (long long)w->id, w->facts.order);
    y += draw_wrapped(y, 1, COLS - 2, SLOT_WARNING, line, 2);
    if (w->facts.lines[0]) {
        snprintf(line, sizeof line, _("asked back: %s"), w->facts.lines);
        y += draw_wrapped(y, 3, COLS - 4, SLOT_NORMAL, line, 2);
    } else {
        y += draw_wrapped(y, 3, COLS - 4, SLOT_NORMAL, _("asked back: the whole order"), 1);
    }
    snprintf(line, sizeof line, _("reason: %s"), w->facts.reason);
    y += draw_wrapped(y, 3, COLS - 4, SLOT_NORMAL, line, 1);
    if (ss->ask_sku)
        y += draw_wrapped(y, 1, COLS - 2, SLOT_PROMPT,
                          _("3 wrong item: scan or type the SKU that came back, then Enter "
                            "(Esc: grade again)"),
                          2);
    if (w->facts.claim[0]) {
        snprintf(line, sizeof line, _("the buyer says: %s"), w->facts.claim);
        y += draw_wrapped(y, 3, COLS - 4, SLOT_NORMAL, line, 2);
    }
    if (ss->nwait > 1) {
        snprintf(line, sizeof line,
                 P_("%d more parcel scanned, waiting to be graded",
                    "%d more parcels scanned, waiting to be graded", ss->nwait - 1),
                 ss->nwait - 1);
        y += draw_wrapped(y, 3, COLS - 4, SLOT_DIM, line, 1);
    }
    return y;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct scan_screen *ss = state;
    (void)ui;
    draw_text(top, 1, COLS - 2, SLOT_HEADING,
              _("Scan a return parcel: the scanner types the tracking or order number and Enter"),
              WIDTH_LEFT);
    char field[160];
    snprintf(field, sizeof field, "%s %s", ss->ask_sku ? _("SKU that came back:") : _("Code:"),
             sb_str(&ss->field));
    draw_fill(top + 2, 1, COLS - 2, SLOT_PROMPT);
    int w = draw_text_clip(top + 2, 1, COLS - 3, SLOT_PROMPT, field);
    draw_text(top + 2, 1 + w, 1, SLOT_SELECTED, " ", WIDTH_LEFT); /* the cursor block */
    int y = top + 4;
    if (ss->nwait)
        y = draw_grade(ss, y) + 1;
    if (ss->count == 0 && !ss->nwait)
        draw_text(y, 1, COLS - 2, SLOT_DIM, _("Nothing scanned yet."), WIDTH_LEFT);
    for (int i = 0; i < ss->count && y < top + rows; i++) {
        const struct scan_entry *e = &ss->history[i];
        char when[32];
        time_format_local(e->at, when);
        struct strbuf line = STRBUF_INIT;
        sb_addf(&line, "%s  ", when + 11);
        width_fit(&line, e->code, 22, WIDTH_LEFT);
        sb_addf(&line, "  %s", e->text);
        /* the newest result stands out; older ones are quieter; a long one wraps */
        int left = top + rows - y;
        y += draw_wrapped(y, 1, COLS - 2, i == 0 ? e->slot : SLOT_DIM, sb_str(&line),
                          left < 3 ? left : 3);
        sb_free(&line);
    }
}

static void grade(struct scan_screen *ss, int condition, const char *came_back);

/* A code scanned: it waits to be graded (after any parcel already waiting); or, after 3, the
 * SKU that came back. */
static void submit(struct scan_screen *ss)
{
    char *code = xstrdup(sb_str(&ss->field));
    sb_reset(&ss->field);
    /* scanners may send surrounding blanks */
    char *c = code;
    while (*c == ' ')
        c++;
    size_t n = strlen(c);
    if (ss->ask_sku) {
        while (n && c[n - 1] == ' ')
            c[--n] = '\0';
        if (*c) {
            /* a parcel's label scanned again, or the next parcel's, is not the item in it */
            int64_t other = 0;
            struct sd_err e = {0};
            int known = refund_receivable(ui_session(ss->ui), c, &other, &e);
            if (known == SD_OK || known == SD_CONFLICT) {
                beep();
                char line[200];
                /* L10N: a parcel's code typed where the SKU of what came back goes */
                snprintf(line, sizeof line,
                         _("%s is a parcel's code, not the SKU of what came back"), c);
                push(ss, c, SLOT_ERROR, line);
            } else {
                ss->ask_sku = false;
                grade(ss, 3, c);
            }
        }
        free(code);
        return;
    }
    while (n && c[n - 1] == ' ')
        c[--n] = '\0';
    if (!*c) {
        free(code);
        return;
    }
    struct session *s = ui_session(ss->ui);
    struct sd_err err = {0};
    int64_t id = 0;
    if (refund_receivable(s, c, &id, &err)) {
        /* a miss, a repeat, a request not approved: loud, and nothing recorded */
        beep();
        flash();
        push(ss, c, SLOT_ERROR, sd_err_text(&err));
        free(code);
        return;
    }
    for (int i = 0; i < ss->nwait; i++)
        if (ss->wait[i].id == id) {
            char line[200];
            snprintf(line, sizeof line, _("refund #%lld is already waiting to be graded"),
                     (long long)id);
            push(ss, c, SLOT_WARNING, line);
            free(code);
            return;
        }
    if (ss->nwait == WAITING) {
        beep();
        push(ss, c, SLOT_ERROR,
             _("not taken: grade the parcels waiting first (16 at most wait at once)"));
        free(code);
        return;
    }
    struct waiting *w = &ss->wait[ss->nwait];
    memset(w, 0, sizeof *w);
    w->id = id;
    utf8_copy(w->code, sizeof w->code, c);
    refund_parcel(s, id, &w->facts, NULL);
    ss->nwait++;
    char line[200];
    snprintf(line, sizeof line, _("refund #%lld: waiting to be graded"), (long long)id);
    push(ss, c, SLOT_WARNING, line);
    free(code);
}

/* The parcel at the front graded with a deliberate key (3: with the SKU that came back). */
static void grade(struct scan_screen *ss, int condition, const char *came_back)
{
    struct session *s = ui_session(ss->ui);
    struct waiting w = ss->wait[0];
    memmove(&ss->wait[0], &ss->wait[1], (size_t)(ss->nwait - 1) * sizeof ss->wait[0]);
    ss->nwait--;
    struct sd_err err = {0};
    int64_t id = w.id;
    if (refund_receive(s, w.code, condition, came_back, &id, &err)) {
        beep();
        push(ss, w.code, SLOT_ERROR, sd_err_text(&err));
        return;
    }
    char line[320];
    snprintf(line, sizeof line, _("RECEIVED: refund #%lld (%s), ready to pay"), (long long)id,
             return_condition_label(condition));
    push(ss, w.code, SLOT_OK, line);
}

static enum reaction key(struct ui *ui, void *state, int k, bool *used)
{
    struct scan_screen *ss = state;
    *used = true;
    /* a grade is a deliberate key: alone, not in a scanner's burst, with nothing typed */
    if (ss->nwait && !ss->ask_sku && !ss->field.len && k >= '1' && k <= '4' &&
        !ui_key_burst(ui)) {
        if (k == '3') /* a wrong item: which one came back is asked first */
            ss->ask_sku = true;
        else
            grade(ss, k - '0', NULL);
        return R_REDRAW;
    }
    if (k == '\n' || k == '\r' || k == KEYCODE_FN + KEY_ENTER) {
        submit(ss);
        return R_REDRAW;
    }
    if (k == KEYCODE_FN + KEY_BACKSPACE || k == 127 || k == 8) {
        if (ss->field.len)
            sb_truncate(&ss->field, utf8_prev(ss->field.buf, ss->field.len));
        return R_REDRAW;
    }
    if (k == 21 || k == 27) { /* ^U or Esc: clear the field */
        if (!ss->field.len && ss->ask_sku) { /* not a wrong item after all: grade again */
            ss->ask_sku = false;
            return R_REDRAW;
        }
        if (!ss->field.len) {
            *used = false;
            return R_NONE;
        }
        sb_reset(&ss->field);
        return R_REDRAW;
    }
    if (k >= 32 && k < KEYCODE_FN && k != 127) {
        char buf[4];
        int n = utf8_encode((uint32_t)k, buf);
        if (n > 0 && ss->field.len < 60)
            sb_add(&ss->field, buf, (size_t)n);
        return R_REDRAW;
    }
    *used = false;
    return R_NONE;
}

static const char *hint(void *state)
{
    struct scan_screen *ss = state;
    if (ss->ask_sku)
        return _("scan or type the SKU that came back, Enter  \xc2\xb7  Esc: grade again");
    if (ss->nwait)
        return _("1-4: grade the parcel shown  \xc2\xb7  scan the next code any time  \xc2\xb7  "
                 "Tab or F1-F6: other screens");
    return _("type or scan a code, Enter  \xc2\xb7  Tab or F1-F6: other screens  \xc2\xb7  "
             "F10: quit");
}

static enum reaction quit(struct ui *ui, void *state)
{
    (void)ui;
    (void)state;
    return R_QUIT;
}

static const struct screen_action actions[] = {
    {ACT_SCAN_QUIT, quit, 0, SD_PERM_COUNT, NULL},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT, NULL},
};

const struct screen_ops screen_scan = {
    .name = "scan",
    .title = N_("Scan"),
    .perm = SD_PERM_REFUND_RECEIVE,
    .scope = SCOPE_SCAN,
    .open = open_screen,
    .close = close_screen,
    .draw = draw,
    .key = key,
    .hint = hint,
    .actions = actions,
};
