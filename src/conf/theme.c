#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/theme.h"
#include "conf/ydoc.h"
#include "util/fileio.h"
#include "util/i18n.h"

#define THEME_SLOT_KEY(name, key, help) key,
static const char *const slot_keys[] = {THEME_SLOT_LIST(THEME_SLOT_KEY)};
#undef THEME_SLOT_KEY
#define THEME_SLOT_HELP(name, key, help) help,
static const char *const slot_help[] = {THEME_SLOT_LIST(THEME_SLOT_HELP)};
#undef THEME_SLOT_HELP

const char *theme_slot_key(enum theme_slot s)
{
    return s < SLOT_COUNT ? slot_keys[s] : "?";
}

const char *theme_slot_help(enum theme_slot s)
{
    return s < SLOT_COUNT ? _(slot_help[s]) : "?";
}

enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };
#define D THEME_COLOR_DEFAULT

void theme_default(struct theme *t)
{
    static const struct theme_style def[SLOT_COUNT] = {
        [SLOT_NORMAL] = {D, D, 0, 0},
        [SLOT_TITLE] = {WHITE, BLUE, TATTR_BOLD, TATTR_REVERSE | TATTR_BOLD},
        [SLOT_TAB] = {WHITE, BLUE, 0, TATTR_REVERSE},
        [SLOT_TAB_ACTIVE] = {BLACK, CYAN, TATTR_BOLD, TATTR_BOLD | TATTR_UNDERLINE},
        [SLOT_STATUS] = {WHITE, BLUE, 0, TATTR_REVERSE},
        [SLOT_COLUMN] = {D, D, TATTR_BOLD | TATTR_UNDERLINE, TATTR_UNDERLINE},
        [SLOT_SELECTED] = {BLACK, CYAN, 0, TATTR_REVERSE},
        [SLOT_MARKED] = {YELLOW, D, TATTR_BOLD, TATTR_BOLD},
        [SLOT_DIM] = {8, D, 0, TATTR_DIM},
        [SLOT_HEADING] = {CYAN, D, TATTR_BOLD, TATTR_BOLD | TATTR_UNDERLINE},
        [SLOT_OVERDUE] = {WHITE, RED, TATTR_BOLD, TATTR_REVERSE | TATTR_BOLD | TATTR_BLINK},
        [SLOT_WARNING] = {YELLOW, D, TATTR_BOLD, TATTR_BOLD},
        [SLOT_OK] = {GREEN, D, 0, 0},
        [SLOT_MONEY_OUT] = {RED, D, 0, 0},
        [SLOT_MONEY_IN] = {GREEN, D, 0, 0},
        [SLOT_GIFT] = {MAGENTA, D, 0, TATTR_UNDERLINE},
        [SLOT_ERROR] = {WHITE, RED, TATTR_BOLD, TATTR_REVERSE | TATTR_BOLD},
        [SLOT_INFO] = {D, D, TATTR_BOLD, TATTR_BOLD},
        [SLOT_KEY] = {YELLOW, D, TATTR_BOLD, TATTR_BOLD},
        [SLOT_BAR] = {CYAN, D, 0, 0},
        [SLOT_PROMPT] = {D, D, TATTR_BOLD, TATTR_BOLD},
    };
    snprintf(t->name, sizeof t->name, "default");
    memcpy(t->slot, def, sizeof def);
}

static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

static int parse_color(const struct ydoc *d, const struct ynode *n, short *out,
                       struct sd_err *err)
{
    if (n->kind != YNODE_SCALAR)
        return yfail(d, n, err, _("a colour must be a name or a number 0-255"));
    const char *v = n->value;
    if (!strcmp(v, "default")) {
        *out = THEME_COLOR_DEFAULT;
        return SD_OK;
    }
    const char *base = v;
    bool bright = false;
    if (!strncmp(v, "bright-", 7)) {
        base = v + 7;
        bright = true;
    }
    for (int i = 0; i < 8; i++) {
        if (!strcmp(base, color_names[i])) {
            *out = (short)(bright ? i + 8 : i);
            return SD_OK;
        }
    }
    if (!strcmp(v, "gray") || !strcmp(v, "grey")) {
        *out = 8;
        return SD_OK;
    }
    int64_t num;
    struct sd_err e;
    if (ynode_int(d, n, 0, 255, &num, &e) == SD_OK) {
        *out = (short)num;
        return SD_OK;
    }
    return yfail(d, n, err,
                 _("unknown colour '%s' (default, black, red, green, yellow, blue, magenta, "
                   "cyan, white, bright-NAME, gray, or 0-255)"),
                 v);
}

static int parse_attrs(const struct ydoc *d, const struct ynode *n, unsigned *out,
                       struct sd_err *err)
{
    static const struct {
        const char *name;
        unsigned bit;
    } attrs[] = {{"bold", TATTR_BOLD},         {"underline", TATTR_UNDERLINE},
                 {"reverse", TATTR_REVERSE},   {"dim", TATTR_DIM},
                 {"standout", TATTR_STANDOUT}, {"blink", TATTR_BLINK}};
    int rc;
    if ((rc = yexpect(d, n, YNODE_SEQ, _("attributes"), err)))
        return rc;
    unsigned m = 0;
    for (size_t i = 0; i < n->n; i++) {
        const struct ynode *a = n->items[i];
        bool found = false;
        if (a->kind == YNODE_SCALAR)
            for (size_t j = 0; j < sizeof attrs / sizeof attrs[0]; j++)
                if (!strcmp(a->value, attrs[j].name)) {
                    m |= attrs[j].bit;
                    found = true;
                }
        if (!found)
            return yfail(d, a, err,
                         _("unknown attribute (bold, underline, reverse, dim, standout, blink)"));
    }
    *out = m;
    return SD_OK;
}

int theme_parse(const char *label, const char *text, size_t len, struct theme *t,
                struct sd_err *err)
{
    struct ydoc *d = NULL;
    theme_default(t);
    int rc = ydoc_parse(label, text, len, &d, err);
    if (rc)
        return rc;
    static const char *const top[] = {"name", "description", "slots", NULL};
    static const char *const fields[] = {"fg", "bg", "attrs", "mono", NULL};
    const struct ynode *root = d->root, *slots;
    if ((rc = yexpect(d, root, YNODE_MAP, _("a theme"), err)) ||
        (rc = ycheck_keys(d, root, top, err)))
        goto out;
    const struct ynode *name = ymap_get(root, "name");
    if (name && name->kind == YNODE_SCALAR)
        snprintf(t->name, sizeof t->name, "%s", name->value);
    slots = ymap_get(root, "slots");
    if (!slots) {
        rc = yfail(d, root, err, _("missing key '%s'"), "slots");
        goto out;
    }
    if ((rc = yexpect(d, slots, YNODE_MAP, "slots", err)))
        goto out;
    for (size_t i = 0; i < slots->n; i++) {
        const struct ynode *k = slots->keys[i], *v = slots->items[i];
        int s = -1;
        for (int j = 0; j < SLOT_COUNT; j++)
            if (!strcmp(k->value, slot_keys[j]))
                s = j;
        if (s < 0) {
            rc = yfail(d, k, err, _("unknown slot '%s' (themes/TEMPLATE.yaml lists them)"),
                       k->value);
            goto out;
        }
        if ((rc = yexpect(d, v, YNODE_MAP, k->value, err)) ||
            (rc = ycheck_keys(d, v, fields, err)))
            goto out;
        struct theme_style *st = &t->slot[s];
        const struct ynode *f;
        if ((f = ymap_get(v, "fg")) && (rc = parse_color(d, f, &st->fg, err)))
            goto out;
        if ((f = ymap_get(v, "bg")) && (rc = parse_color(d, f, &st->bg, err)))
            goto out;
        if ((f = ymap_get(v, "attrs")) && (rc = parse_attrs(d, f, &st->attrs, err)))
            goto out;
        if ((f = ymap_get(v, "mono")) && (rc = parse_attrs(d, f, &st->mono, err)))
            goto out;
    }
out:
    ydoc_free(&d);
    if (rc)
        theme_default(t);
    return rc;
}

int theme_load(const char *path, struct theme *t, struct sd_err *err)
{
    char *buf;
    size_t len;
    int e = file_read(path, YDOC_MAX_FILE, &buf, &len);
    if (e) {
        theme_default(t);
        return sd_fail(err, SD_IO, _("cannot read theme %s: %s"), path, strerror(e));
    }
    int rc = theme_parse(path, buf, len, t, err);
    free(buf);
    return rc;
}

/* The xterm 16-colour palette, for mapping a 256-colour index to the nearest of 16. */
static const unsigned char pal16[16][3] = {
    {0, 0, 0},     {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
    {0, 0, 238},   {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
    {127, 127, 127}, {255, 0, 0}, {0, 255, 0},   {255, 255, 0},
    {92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

static void rgb256(int c, int rgb[3])
{
    if (c >= 232) {
        int v = 8 + (c - 232) * 10;
        rgb[0] = rgb[1] = rgb[2] = v;
        return;
    }
    c -= 16;
    static const int steps[6] = {0, 95, 135, 175, 215, 255};
    rgb[0] = steps[c / 36];
    rgb[1] = steps[(c / 6) % 6];
    rgb[2] = steps[c % 6];
}

short theme_color_fallback(short c, int ncolors, bool *bold)
{
    *bold = false;
    if (c < 0 || c < ncolors)
        return c;
    if (c >= 16) {
        int rgb[3], best = 0;
        long bestd = -1;
        rgb256(c, rgb);
        for (int i = 0; i < 16; i++) {
            long dr = rgb[0] - pal16[i][0], dg = rgb[1] - pal16[i][1], db = rgb[2] - pal16[i][2];
            long dist = dr * dr + dg * dg + db * db;
            if (bestd < 0 || dist < bestd) {
                bestd = dist;
                best = i;
            }
        }
        c = (short)best;
        if (c < ncolors)
            return c;
    }
    /* 16 → 8: gray becomes the terminal's own colour (bold black vanishes on dark
     * backgrounds); another bright colour becomes the basic one, drawn bold */
    if (c == 8)
        return THEME_COLOR_DEFAULT;
    *bold = c >= 8;
    return (short)(c & 7);
}
