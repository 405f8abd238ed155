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
#include "tui/screens.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define HISTORY 64

struct scan_entry {
    int64_t at;
    char code[64];
    char text[320];
    enum theme_slot slot;
};

struct scan_screen {
    struct ui *ui;
    struct strbuf field;
    struct scan_entry history[HISTORY];
    int count; /* entries used, newest at index 0 */
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

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct scan_screen *ss = state;
    (void)ui;
    draw_text(top, 1, COLS - 2, SLOT_HEADING,
              _("Scan a return parcel: the scanner types the tracking or order number and Enter"),
              WIDTH_LEFT);
    char field[160];
    snprintf(field, sizeof field, "%s %s", _("Code:"), sb_str(&ss->field));
    draw_fill(top + 2, 1, COLS - 2, SLOT_PROMPT);
    int w = draw_text_clip(top + 2, 1, COLS - 3, SLOT_PROMPT, field);
    draw_text(top + 2, 1 + w, 1, SLOT_SELECTED, " ", WIDTH_LEFT); /* the cursor block */
    int y = top + 4;
    if (ss->count == 0)
        draw_text(y, 1, COLS - 2, SLOT_DIM, _("Nothing scanned yet."), WIDTH_LEFT);
    for (int i = 0; i < ss->count && y < top + rows; i++, y++) {
        const struct scan_entry *e = &ss->history[i];
        char when[32];
        time_format_local(e->at, when);
        struct strbuf line = STRBUF_INIT;
        sb_addf(&line, "%s  ", when + 11);
        width_fit(&line, e->code, 22, WIDTH_LEFT);
        sb_addf(&line, "  %s", e->text);
        /* the newest result stands out; older ones are quieter */
        draw_text(y, 1, COLS - 2, i == 0 ? e->slot : SLOT_DIM, sb_str(&line), WIDTH_LEFT);
        sb_free(&line);
    }
}

static void submit(struct scan_screen *ss)
{
    char *code = xstrdup(sb_str(&ss->field));
    sb_reset(&ss->field);
    /* scanners may send surrounding blanks */
    char *c = code;
    while (*c == ' ')
        c++;
    size_t n = strlen(c);
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
    } else {
        char q[200];
        /* L10N: asked when a return parcel is scanned; one key answers */
        snprintf(q, sizeof q, _("Refund #%lld: the parcel is 1 resaleable 2 defective 3 wrong "
                                "item 4 empty or short"),
                 (long long)id);
        int k = prompt_key(ss->ui, q, "1234");
        if (k < 0) {
            push(ss, c, SLOT_WARNING, _("not recorded: no condition given"));
        } else if (refund_receive(s, c, k - '0', &id, &err)) {
            beep();
            push(ss, c, SLOT_ERROR, sd_err_text(&err));
        } else {
            char line[320];
            snprintf(line, sizeof line, _("RECEIVED: refund #%lld (%s), ready to pay"),
                     (long long)id, return_condition_label(k - '0'));
            push(ss, c, SLOT_OK, line);
        }
    }
    free(code);
}

static enum reaction key(struct ui *ui, void *state, int k, bool *used)
{
    struct scan_screen *ss = state;
    (void)ui;
    *used = true;
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
    (void)state;
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
    {ACT_SCAN_QUIT, quit, 0, SD_PERM_COUNT},
    {ACT_NONE, NULL, 0, SD_PERM_COUNT},
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
