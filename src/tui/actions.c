#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/actions.h"
#include "util/i18n.h"

struct action_def {
    const char *name, *keys;
    enum action_scope scope;
    const char *help;
};

#define ACTION_DEF(name, key, keys, scope, help) {key, keys, scope, help},
static const struct action_def defs[] = {{"none", "", SCOPE_GLOBAL, ""},
                                         ACTION_LIST(ACTION_DEF)};
#undef ACTION_DEF

const char *action_name(enum action a)
{
    return a < ACT_COUNT ? defs[a].name : "?";
}

const char *action_default_keys(enum action a)
{
    return a < ACT_COUNT ? defs[a].keys : "";
}

enum action_scope action_scope(enum action a)
{
    return a < ACT_COUNT ? defs[a].scope : SCOPE_GLOBAL;
}

const char *action_help(enum action a)
{
    return a < ACT_COUNT ? defs[a].help : "";
}

enum action action_by_name(const char *name)
{
    for (int a = 1; a < ACT_COUNT; a++)
        if (!strcmp(defs[a].name, name))
            return (enum action)a;
    return ACT_NONE;
}

const char *scope_title(enum action_scope s)
{
    static const char *const titles[SCOPE_COUNT] = {
        N_("Everywhere"), N_("In lists"),  N_("Orders"),  N_("Refunds"),
        N_("Scan"),       N_("Members"),   N_("Mystery"), N_("Review"),
    };
    return s < SCOPE_COUNT ? titles[s] : "";
}

/* Defaults match ncurses' numbers so gen-keys can name keys without curses. */
static struct key_names kt = {
    .down = 0402, .up = 0403, .left = 0404, .right = 0405, .npage = 0522, .ppage = 0523,
    .home = 0406, .end = 0550, .enter = 0527, .btab = 0541, .backspace = 0407, .dc = 0512,
    .f0 = 0410, .resize = 0632,
};

void key_table_set(const struct key_names *k)
{
    kt = *k;
}

int key_parse(const char *name)
{
    static const struct {
        const char *name;
        int code;
    } plain[] = {{"Enter", '\n'}, {"Tab", '\t'}, {"Esc", 27}, {"Space", ' '}};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!strcmp(name, plain[i].name))
            return plain[i].code;
    const struct {
        const char *name;
        int code;
    } fn[] = {{"Down", kt.down}, {"Up", kt.up},       {"Left", kt.left},  {"Right", kt.right},
              {"PgDn", kt.npage}, {"PgUp", kt.ppage}, {"Home", kt.home},  {"End", kt.end},
              {"BTab", kt.btab},  {"Del", kt.dc},     {"Backspace", kt.backspace}};
    for (size_t i = 0; i < sizeof fn / sizeof fn[0]; i++)
        if (!strcmp(name, fn[i].name))
            return KEYCODE_FN + fn[i].code;
    if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12)
            return KEYCODE_FN + kt.f0 + n;
    }
    if (name[0] == '^' && name[1] >= '@' && name[1] <= '_' && !name[2])
        return name[1] - '@';
    if (name[0] && !name[1])
        return (unsigned char)name[0];
    return -1;
}

void keycode_name(int code, char *buf, size_t n)
{
    if (code >= KEYCODE_FN) {
        int k = code - KEYCODE_FN;
        const struct {
            int code;
            const char *name;
        } fn[] = {{kt.down, "Down"}, {kt.up, "Up"},       {kt.left, "Left"},  {kt.right, "Right"},
                  {kt.npage, "PgDn"}, {kt.ppage, "PgUp"}, {kt.home, "Home"},  {kt.end, "End"},
                  {kt.btab, "BTab"},  {kt.dc, "Del"},     {kt.enter, "Enter"},
                  {kt.backspace, "Backspace"}};
        for (size_t i = 0; i < sizeof fn / sizeof fn[0]; i++)
            if (fn[i].code == k) {
                snprintf(buf, n, "%s", fn[i].name);
                return;
            }
        if (k > kt.f0 && k <= kt.f0 + 12) {
            snprintf(buf, n, "F%d", k - kt.f0);
            return;
        }
        snprintf(buf, n, "key%d", k);
        return;
    }
    switch (code) {
    case '\n':
    case '\r':
        snprintf(buf, n, "Enter");
        return;
    case '\t':
        snprintf(buf, n, "Tab");
        return;
    case 27:
        snprintf(buf, n, "Esc");
        return;
    case ' ':
        snprintf(buf, n, "Space");
        return;
    }
    if (code < 32)
        snprintf(buf, n, "^%c", code + '@');
    else if (code < 128)
        snprintf(buf, n, "%c", code);
    else
        snprintf(buf, n, "U+%04X", code);
}
