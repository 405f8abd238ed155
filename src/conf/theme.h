#ifndef SHOPDESK_CONF_THEME_H
#define SHOPDESK_CONF_THEME_H

#include <stdbool.h>

#include "core/status.h"

/* Themes colour fixed semantic slots, never individual widgets. Each slot has colours for
 * colour terminals and attributes for monochrome ones; themes/TEMPLATE.yaml documents them. */
#define THEME_SLOT_LIST(_)                                                                         \
    _(NORMAL, "normal", N_("ordinary text"))                                                       \
    _(TITLE, "title", N_("the top line: shop name and screen tabs"))                               \
    _(TAB, "tab", N_("a screen tab"))                                                              \
    _(TAB_ACTIVE, "tab_active", N_("the tab of the current screen"))                               \
    _(STATUS, "status", N_("the status line at the bottom"))                                       \
    _(COLUMN, "column", N_("column headings of a list"))                                           \
    _(SELECTED, "selected", N_("the selected row"))                                                \
    _(MARKED, "marked", N_("rows marked for a bulk action"))                                       \
    _(DIM, "dim", N_("less important text: ids, hints"))                                           \
    _(HEADING, "heading", N_("section headings in detail views"))                                  \
    _(OVERDUE, "overdue", N_("the alarm: overdue refunds, broken audit chain"))                   \
    _(WARNING, "warning", N_("needs attention soon"))                                              \
    _(OK, "ok", N_("done, in time"))                                                               \
    _(MONEY_OUT, "money_out", N_("money leaving the shop: refunds, compensation"))                 \
    _(MONEY_IN, "money_in", N_("money coming in: revenue"))                                        \
    _(GIFT, "gift", N_("gift orders"))                                                             \
    _(ERROR, "error", N_("error messages"))                                                        \
    _(INFO, "info", N_("information messages"))                                                    \
    _(KEY, "key", N_("key names in help and hints"))                                               \
    _(BAR, "bar", N_("bars of the trend charts"))                                                  \
    _(PROMPT, "prompt", N_("input prompts and form fields"))

#define THEME_SLOT_ENUM(name, key, help) SLOT_##name,
enum theme_slot { THEME_SLOT_LIST(THEME_SLOT_ENUM) SLOT_COUNT };
#undef THEME_SLOT_ENUM

/* A colour: COLOR_DEFAULT_TERM (the terminal's own), 0-7 basic, 8-15 bright, 16-255. */
#define THEME_COLOR_DEFAULT (-1)

enum theme_attr {
    TATTR_BOLD = 1 << 0,
    TATTR_UNDERLINE = 1 << 1,
    TATTR_REVERSE = 1 << 2,
    TATTR_DIM = 1 << 3,
    TATTR_STANDOUT = 1 << 4,
    TATTR_BLINK = 1 << 5,
};

struct theme_style {
    short fg, bg;    /* THEME_COLOR_DEFAULT or 0-255 */
    unsigned attrs;  /* with colour */
    unsigned mono;   /* without colour */
};

struct theme {
    char name[64];
    struct theme_style slot[SLOT_COUNT];
};

/* The built-in default, also shipped as themes/default.yaml. */
void theme_default(struct theme *t);
/* Parse a theme file over the default. SD_INPUT with FILE:LINE:COL on a bad file, and *t is
 * then the default. */
int theme_load(const char *path, struct theme *t, struct sd_err *err);
int theme_parse(const char *label, const char *text, size_t len, struct theme *t,
                struct sd_err *err);

const char *theme_slot_key(enum theme_slot s);
const char *theme_slot_help(enum theme_slot s);

/* Map a colour to what a terminal with ncolors colours can show: 256 → 16 → 8. Returns the
 * colour and sets *bold when a bright colour had to become bold + basic. */
short theme_color_fallback(short c, int ncolors, bool *bold);

#endif
