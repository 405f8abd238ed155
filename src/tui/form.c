#include "config.h"

#include <curses.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "core/clock.h"
#include "core/money.h"
#include "core/tz.h"
#include "store/drafts.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/prompt.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Labels are as wide as the longest (a criterion's words are not cut), at least LABEL_MIN and
 * at most half the screen. */
#define LABEL_MIN 20

static int label_cols(const struct form *f)
{
    int w = LABEL_MIN;
    for (int i = 0; i < f->n; i++) {
        int x = width_str(f->fields[i].label) + (f->fields[i].required ? 2 : 0);
        if (x > w)
            w = x;
    }
    return w > COLS / 2 ? COLS / 2 : w;
}

int form_find(const struct form *f, const char *key)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->fields[i].key, key))
            return i;
    return -1;
}

const char *form_value(const struct form *f, const char *key)
{
    int i = form_find(f, key);
    return i < 0 ? "" : f->fields[i].value;
}

/* A choice field's list: every choice with its key, the current one marked, in as many
 * columns as it takes. Returns the lines it needs at width w (without drawing when y < 0). */
static int choice_list(const struct form_field *fd, int y, int x, int w)
{
    int n = 0, widest = 0;
    for (; fd->choices[n]; n++) {
        int cw = width_str(fd->choices[n]) + 4; /* "10 " and a gap */
        if (cw > widest)
            widest = cw;
    }
    if (!n || w <= 0)
        return 0;
    if (widest > w)
        widest = w;
    int cols = w / widest < 1 ? 1 : w / widest;
    int lines = (n + cols - 1) / cols;
    if (y < 0)
        return lines;
    int chosen = atoi(fd->value);
    for (int c = 0; c < n; c++) {
        char opt[128];
        snprintf(opt, sizeof opt, "%d %s", (c + 1) % 10, fd->choices[c]);
        int row = c % lines, col = c / lines;
        draw_text(y + row, x + col * widest, widest - 1,
                  chosen == c + 1 ? SLOT_SELECTED : SLOT_NORMAL, opt, WIDTH_LEFT);
    }
    return lines;
}

static void draw(struct ui *ui, void *state, int top, int rows)
{
    struct form *f = state;
    (void)ui;
    draw_text(top, 1, COLS - 2, SLOT_HEADING, f->title, WIDTH_LEFT);
    int lw = label_cols(f);
    int x0 = 2 + lw + 1, w0 = COLS - x0 - 2;
    /* the current choice field opens its list under it: room for it too */
    int open = 0;
    if (f->cur >= 0 && f->cur < f->n && f->fields[f->cur].type == FORM_CHOICE)
        open = choice_list(&f->fields[f->cur], -1, x0, w0);
    int avail = rows - 3;
    int first = 0;
    if (f->cur + open >= avail)
        first = f->cur + open - avail + 1;
    if (first > f->cur)
        first = f->cur;
    int cy = -1, cx = 0;
    int y = top + 2;
    for (int i = first; i < f->n && y < top + 2 + avail; i++, y++) {
        const struct form_field *fd = &f->fields[i];
        bool here = i == f->cur;
        struct strbuf label = STRBUF_INIT;
        sb_addf(&label, "%s%s", fd->label, fd->required ? " *" : "");
        draw_text(y, 2, lw, here ? SLOT_KEY : SLOT_NORMAL, sb_str(&label), WIDTH_LEFT);
        sb_free(&label);
        int x = x0, w = w0;
        if (fd->type == FORM_CHOICE) {
            /* always the choice made (or that none is), never cut away */
            int chosen = atoi(fd->value);
            int count = 0;
            while (fd->choices[count])
                count++;
            char cur[160];
            if (chosen >= 1 && chosen <= count)
                snprintf(cur, sizeof cur, "%d %s", chosen % 10, fd->choices[chosen - 1]);
            else
                snprintf(cur, sizeof cur, "%s", _("(none chosen: press its number)"));
            draw_fill(y, x, w, here ? SLOT_PROMPT : SLOT_NORMAL);
            draw_text_clip(y, x, w, here ? SLOT_PROMPT : chosen ? SLOT_NORMAL : SLOT_DIM, cur);
            if (here) {
                cy = y;
                cx = x;
                int room = top + 2 + avail - (y + 1);
                if (room > 0) {
                    int lines = choice_list(fd, -1, x, w);
                    if (lines <= room) {
                        choice_list(fd, y + 1, x, w);
                        y += lines;
                    }
                }
            }
            continue;
        }
        const char *v = fd->value;
        if (fd->type == FORM_YESNO)
            v = !strcmp(fd->value, "yes") ? _("yes") : _("no");
        draw_fill(y, x, w, here ? SLOT_PROMPT : SLOT_NORMAL);
        int used = draw_text_clip(y, x, w, here ? SLOT_PROMPT : SLOT_NORMAL, v);
        if (here) {
            cy = y;
            cx = x + used;
        }
    }
    if (f->message[0])
        draw_wrapped(top + rows - 1, 1, COLS - 2, SLOT_ERROR, f->message, 1);
    else if (f->cur >= 0 && f->cur < f->n && f->fields[f->cur].help)
        draw_text(top + rows - 1, 1, COLS - 2, SLOT_DIM, f->fields[f->cur].help, WIDTH_LEFT);
    f->cursor_y = cy;
    f->cursor_x = cx < COLS ? cx : COLS - 1;
}

static const char *hint(void *state)
{
    (void)state;
    return _("Tab/\xe2\x86\x93 next field  \xe2\x86\x91 previous  Enter next  F2 or ^S save  "
             "Esc leave");
}

static void cursor(void *state)
{
    struct form *f = state;
    if (f->cursor_y >= 0)
        move(f->cursor_y, f->cursor_x);
}

static enum reaction no_key(struct ui *ui, void *state, int key, enum action a)
{
    (void)ui;
    (void)state;
    (void)key;
    (void)a;
    return R_NONE;
}

static void no_free(void *state)
{
    (void)state;
}

static const struct overlay_ops form_ops = {draw, no_key, no_free, NULL, NULL, hint, cursor};

static char *draft_json(const struct form *f)
{
    json_object *o = json_object_new_object();
    for (int i = 0; i < f->n; i++)
        json_object_object_add(o, f->fields[i].key, json_object_new_string(f->fields[i].value));
    char *s = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                            JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(o);
    return s;
}

/* A form's drafts: its typing is kept as it goes in slot "KIND"; when the person starts over
 * and keeps an earlier draft for later, the new typing goes to "KIND~2". A draft is only ever
 * thrown away by an explicit choice. */
static const char *slot_of(const struct form *f)
{
    return f->save_kind[0] ? f->save_kind : f->draft_kind;
}

static void second_slot(const struct form *f, char *out, size_t size)
{
    snprintf(out, size, "%s~2", f->draft_kind);
}

static void save_draft(struct ui *ui, struct form *f)
{
    if (!f->draft_kind)
        return;
    struct session *s = ui_session(ui);
    char *data = draft_json(f);
    struct sd_err err = {0};
    if (store_draft_save(s->st, s->who, slot_of(f), data, &err))
        snprintf(f->message, sizeof f->message, "%s", sd_err_text(&err));
    free(data);
}

void form_forget(struct ui *ui, struct form *f)
{
    if (!f->draft_kind)
        return;
    struct session *s = ui_session(ui);
    store_draft_delete(s->st, s->who, slot_of(f), NULL);
}

static void fill_from(struct form *f, const char *data)
{
    json_object *o = json_tokener_parse(data);
    if (!o)
        return;
    for (int i = 0; i < f->n; i++) {
        json_object *v;
        if (json_object_object_get_ex(o, f->fields[i].key, &v) &&
            json_object_is_type(v, json_type_string))
            utf8_copy(f->fields[i].value, sizeof f->fields[i].value, json_object_get_string(v));
    }
    json_object_put(o);
}

/* What a draft is about, from its first field when that is text (the order a refund request
 * is for): " (Order: shopify:#41)", and when this form was opened for another one, that too:
 * going on with the draft must never look like going on with this order. */
static void draft_about(const struct form *f, const char *data, char *buf, size_t n)
{
    buf[0] = '\0';
    const struct form_field *fd = &f->fields[0];
    json_object *o = data ? json_tokener_parse(data) : NULL, *v;
    if (o && fd->type == FORM_TEXT && json_object_object_get_ex(o, fd->key, &v) &&
        json_object_is_type(v, json_type_string) && json_object_get_string_len(v) > 0) {
        const char *was = json_object_get_string(v);
        char label[96];
        utf8_copy(label, sizeof label, fd->label);
        size_t len = strlen(label);
        while (len && (label[len - 1] == ':' || label[len - 1] == ' '))
            label[--len] = '\0';
        if (fd->value[0] && strcmp(fd->value, was))
            /* L10N: after "You left this form unfinished at TIME": what the draft is for and
             * what the form was opened for now: " (Order: #41; this one is for #42)" */
            snprintf(buf, n, _(" (%s: %s; this one is for %s)"), label, was, fd->value);
        else
            snprintf(buf, n, " (%s: %s)", label, was);
    }
    json_object_put(o);
}

/* Offer a saved draft: go on with it, start over keeping it for later, or throw it away
 * (asked again). PROMPT_OK to open the form; PROMPT_CANCEL (Esc: the draft stays, the form
 * does not open) or PROMPT_STOP. */
static int offer_draft(struct ui *ui, struct form *f)
{
    if (!f->draft_kind || f->draft_offered)
        return PROMPT_OK;
    f->draft_offered = true;
    struct session *s = ui_session(ui);
    char second[64];
    second_slot(f, second, sizeof second);
    for (;;) {
        char *data = NULL, *later = NULL;
        int64_t at = 0, at2 = 0;
        bool have = store_draft_load(s->st, s->who, f->draft_kind, &data, &at, NULL) == SD_OK;
        bool have2 = store_draft_load(s->st, s->who, second, &later, &at2, NULL) == SD_OK;
        if (!have && have2) { /* the first went: the second takes its place */
            store_draft_save(s->st, s->who, f->draft_kind, later, NULL);
            store_draft_delete(s->st, s->who, second, NULL);
            free(data);
            data = later;
            later = NULL;
            at = at2;
            have = true;
            have2 = false;
        }
        free(later);
        if (!have)
            return PROMPT_OK;
        char when[32], q[900], about[600];
        time_format_local(at, when);
        draft_about(f, data, about, sizeof about);
        if (have2)
            /* L10N: %2$s is what the draft is for, " (Order: #41)", or nothing */
            snprintf(q, sizeof q,
                     _("You left this form unfinished at %1$s%2$s (and once more after it): 1 go "
                       "on with it  3 throw it away  Esc: not now"),
                     when, about);
        else
            /* L10N: %2$s is what the draft is for, " (Order: #41)", or nothing */
            snprintf(q, sizeof q,
                     _("You left this form unfinished at %1$s%2$s: 1 go on with it  2 start over, "
                       "keep it for later  3 throw it away  Esc: not now"),
                     when, about);
        int k = prompt_key(ui, q, have2 ? "13" : "123");
        if (k < 0) {
            free(data);
            return ui_stopping() ? PROMPT_STOP : PROMPT_CANCEL;
        }
        if (k == '1') {
            fill_from(f, data);
            free(data);
            return PROMPT_OK;
        }
        if (k == '2') {
            free(data);
            snprintf(f->save_kind, sizeof f->save_kind, "%s", second);
            return PROMPT_OK;
        }
        snprintf(q, sizeof q, _("Throw away the form you left unfinished at %s? (y/n)"), when);
        if (prompt_confirm(ui, q))
            store_draft_delete(s->st, s->who, f->draft_kind, NULL);
        free(data);
    }
}

/* A field's value checked; an empty required field only when saving (leaving it empty for
 * now, to read the rest of the form first, is fine). */
static int check_field(struct ui *ui, struct form *f, int i, bool saving)
{
    struct form_field *fd = &f->fields[i];
    if (saving && fd->required && !fd->value[0]) {
        snprintf(f->message, sizeof f->message, _("%s is needed"), fd->label);
        return -1;
    }
    if (!fd->value[0])
        return 0;
    if (fd->type == FORM_MONEY) {
        int64_t v;
        struct sd_err err = {0};
        const struct currency *cur = f->currency ? f->currency(f, f->ctx) : NULL;
        if (money_parse(fd->value, cur ? cur : ui_session(ui)->set.currency, 0, &v, &err)) {
            snprintf(f->message, sizeof f->message, "%s: %s", fd->label, err.msg);
            return -1;
        }
    } else if (fd->type == FORM_NUMBER) {
        char *end;
        long long v = strtoll(fd->value, &end, 10);
        if (*end || v <= 0) {
            snprintf(f->message, sizeof f->message, _("%s: '%s' is not a number"), fd->label,
                     fd->value);
            return -1;
        }
    }
    return 0;
}

static bool try_submit(struct ui *ui, struct form *f)
{
    for (int i = 0; i < f->n; i++)
        if (check_field(ui, f, i, true)) {
            f->cur = i;
            beep();
            return false;
        }
    if (f->validate) {
        int field = -1;
        struct sd_err err = {0};
        if (f->validate(f, f->ctx, &field, &err)) {
            snprintf(f->message, sizeof f->message, "%s", sd_err_text(&err));
            if (field >= 0)
                f->cur = field;
            beep();
            return false;
        }
    }
    return true;
}

int form_run(struct ui *ui, struct form *f)
{
    int offered = offer_draft(ui, f);
    if (offered != PROMPT_OK)
        return offered;
    ui_push(ui, &form_ops, f);
    curs_set(1);
    bool dirty = false;
    int64_t last_save = 0;
    int result = PROMPT_CANCEL;
    for (;;) {
        if (dirty && f->draft_kind && clock_mono_ms() - last_save >= 1000) {
            save_draft(ui, f);
            last_save = clock_mono_ms();
            dirty = false;
        }
        ui_draw(ui);
        int k = ui_getkey(ui);
        if (k < 0) {
            if (dirty)
                save_draft(ui, f);
            result = PROMPT_STOP;
            break;
        }
        struct form_field *fd = &f->fields[f->cur];
        bool last = f->cur == f->n - 1;
        if (k == 27) {
            if (dirty || f->draft_kind) {
                int c = prompt_key(ui, _("Leave the form: [k]eep it for later, [d]rop it, or Esc "
                                         "to go back"),
                                   "kd");
                if (c < 0)
                    continue;
                if (c == 'd')
                    form_forget(ui, f);
                else if (dirty)
                    save_draft(ui, f);
            }
            result = PROMPT_CANCEL;
            break;
        }
        f->message[0] = '\0';
        if (k == KEYCODE_FN + KEY_F(2) || k == 19) { /* F2, ^S */
            if (try_submit(ui, f)) {
                result = PROMPT_OK;
                break;
            }
            continue;
        }
        if (k == '\t' || k == KEYCODE_FN + KEY_DOWN || k == '\n' || k == '\r' ||
            k == KEYCODE_FN + KEY_ENTER) {
            bool enter = k == '\n' || k == '\r' || k == KEYCODE_FN + KEY_ENTER;
            if (check_field(ui, f, f->cur, false)) {
                beep();
                continue;
            }
            if (enter && last) {
                if (try_submit(ui, f)) {
                    result = PROMPT_OK;
                    break;
                }
                continue;
            }
            if (!last)
                f->cur++;
            if (dirty) {
                save_draft(ui, f);
                last_save = clock_mono_ms();
                dirty = false;
            }
            continue;
        }
        if (k == KEYCODE_FN + KEY_BTAB || k == KEYCODE_FN + KEY_UP) {
            if (f->cur > 0)
                f->cur--;
            continue;
        }
        if (fd->type == FORM_CHOICE) {
            int count = 0;
            while (fd->choices[count])
                count++;
            /* 1-9, and 0 for a tenth choice */
            int pick = k >= '1' && k <= '9' ? k - '0' : k == '0' ? 10 : 0;
            /* or step through the list: Left/Right, Space */
            int chosen = atoi(fd->value);
            if (k == KEYCODE_FN + KEY_RIGHT || k == ' ')
                pick = chosen >= count ? 1 : chosen + 1;
            else if (k == KEYCODE_FN + KEY_LEFT)
                pick = chosen <= 1 ? count : chosen - 1;
            if (pick >= 1 && pick <= count) {
                snprintf(fd->value, sizeof fd->value, "%d", pick);
                dirty = true;
            } else {
                beep();
            }
            continue;
        }
        if (fd->type == FORM_YESNO) {
            if (k == 'y' || k == 'Y')
                snprintf(fd->value, sizeof fd->value, "yes");
            else if (k == 'n' || k == 'N')
                snprintf(fd->value, sizeof fd->value, "no");
            else if (k == ' ')
                snprintf(fd->value, sizeof fd->value, "%s",
                         strcmp(fd->value, "yes") ? "yes" : "no");
            else
                beep();
            dirty = true;
            continue;
        }
        size_t len = strlen(fd->value);
        if (k == KEYCODE_FN + KEY_BACKSPACE || k == 127 || k == 8) {
            if (len)
                fd->value[utf8_prev(fd->value, len)] = '\0';
            dirty = true;
        } else if (k == 21) { /* ^U */
            fd->value[0] = '\0';
            dirty = true;
        } else if (k >= 32 && k < KEYCODE_FN && k != 127) {
            char buf[4];
            int n = utf8_encode((uint32_t)k, buf);
            if (n > 0 && len + (size_t)n < sizeof fd->value) {
                memcpy(fd->value + len, buf, (size_t)n);
                fd->value[len + (size_t)n] = '\0';
                dirty = true;
            } else {
                beep();
            }
        }
    }
    curs_set(0);
    ui_pop(ui);
    return result;
}
