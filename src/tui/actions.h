#ifndef SHOPDESK_TUI_ACTIONS_H
#define SHOPDESK_TUI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

/* Every console action, defined once: its name (for `:` commands and keymaps), its default
 * keys, where it applies, and its help text. The ? screen and the man page's key list are
 * generated from this table. Lower-case keys read, upper-case keys change data, destructive
 * actions confirm. */

enum action_scope {
    SCOPE_GLOBAL,
    SCOPE_LIST,
    SCOPE_ORDERS,
    SCOPE_REFUNDS,
    SCOPE_SCAN,
    SCOPE_MEMBERS,
    SCOPE_MYSTERY,
    SCOPE_REVIEW,
    SCOPE_COUNT
};

/* L10N: the help texts below are shown on the ? screen next to the keys; keep them under
 * 50 columns. */
#define ACTION_LIST(_)                                                                             \
    _(QUIT, "quit", "q", SCOPE_GLOBAL, N_("go back; on a top screen, twice to leave"))                 \
    _(HELP, "help", "?", SCOPE_GLOBAL, N_("show the keys of this screen"))                         \
    _(COMMAND, "command", ":", SCOPE_GLOBAL, N_("run an action by its name"))                      \
    _(SCREEN_ORDERS, "orders", "1 F1", SCOPE_GLOBAL, N_("orders screen"))                          \
    _(SCREEN_REFUNDS, "refunds", "2 F2", SCOPE_GLOBAL, N_("refunds screen"))                       \
    _(SCREEN_SCAN, "scan", "3 F3", SCOPE_GLOBAL, N_("return parcel scan screen"))                  \
    _(SCREEN_MEMBERS, "members", "4 F4", SCOPE_GLOBAL, N_("members screen"))                       \
    _(SCREEN_MYSTERY, "mystery", "5 F5", SCOPE_GLOBAL, N_("mystery shopper reports"))              \
    _(SCREEN_REVIEW, "review", "6 F6", SCOPE_GLOBAL, N_("the owner's daily review"))               \
    _(NEXT_SCREEN, "next-screen", "Tab", SCOPE_GLOBAL, N_("next screen"))                          \
    _(PREV_SCREEN, "prev-screen", "BTab", SCOPE_GLOBAL, N_("previous screen"))                     \
    _(REDRAW, "redraw", "^L", SCOPE_GLOBAL, N_("redraw the screen and reload"))                    \
    _(PERFORMANCE, "performance", "F7", SCOPE_GLOBAL, N_("performance sheets: yours, or the staff's")) \
    _(DOWN, "down", "j Down", SCOPE_LIST, N_("next row"))                                          \
    _(UP, "up", "k Up", SCOPE_LIST, N_("previous row"))                                            \
    _(PAGE_DOWN, "page-down", "PgDn ^F", SCOPE_LIST, N_("next page"))                              \
    _(PAGE_UP, "page-up", "PgUp ^B", SCOPE_LIST, N_("previous page"))                              \
    _(FIRST, "first", "g Home", SCOPE_LIST, N_("first row"))                                       \
    _(LAST, "last", "G End", SCOPE_LIST, N_("last row"))                                           \
    _(OPEN, "open", "Enter", SCOPE_LIST, N_("open the selected row"))                              \
    _(SEARCH, "search", "/", SCOPE_LIST, N_("search"))                                             \
    _(FILTER, "filter", "f", SCOPE_LIST, N_("filter the list"))                                    \
    _(CLEAR, "clear", "Esc", SCOPE_LIST, N_("clear search and filter"))                           \
    _(SCAN_QUIT, "leave", "F10", SCOPE_SCAN, N_("leave shopdesk (letters go to the code)"))      \
    _(MARK, "mark", "Space", SCOPE_ORDERS, N_("mark the row for a bulk action, or unmark it"))   \
    _(PICK, "pick", "I", SCOPE_ORDERS, N_("picked: the marked orders, or the selected one"))      \
    _(PACK, "pack", "K", SCOPE_ORDERS, N_("packed: the marked orders, or the selected one"))      \
    _(SHIP, "ship", "S", SCOPE_ORDERS, N_("shipped: courier, then each tracking number"))         \
    _(DELIVER, "deliver", "D", SCOPE_ORDERS, N_("delivered: the marked or selected orders"))      \
    _(CANCEL, "cancel", "X", SCOPE_ORDERS, N_("cancel, with a reason (asks first)"))              \
    _(WAVE, "wave", "W", SCOPE_ORDERS, N_("a pick wave of the oldest paid orders"))               \
    _(NEW_ORDER, "new-order", "N", SCOPE_ORDERS, N_("enter an order by hand"))                    \
    _(SHIP_TIMES, "ship-times", "t", SCOPE_ORDERS, N_("ship times today: bands, median, p90"))   \
    _(REQUEST, "request-refund", "R", SCOPE_ORDERS, N_("a refund request for the order"))         \
    _(UNDO, "undo", "u", SCOPE_ORDERS, N_("put the last move back (for a minute)"))              \
    _(RATINGS, "ratings", "r", SCOPE_ORDERS, N_("customer ratings left to answer, lowest first"))  \
    _(ANSWER, "answer", "A", SCOPE_ORDERS, N_("reply to the selected rating (in the ratings)"))   \
    _(HANDLED, "handled", "H", SCOPE_ORDERS, N_("the rating needs no reply (asks first)"))         \
    _(STOCK, "stock", "s", SCOPE_ORDERS, N_("stock by SKU: new, open-box, defective"))           \
    _(COURIERS, "couriers", "c", SCOPE_ORDERS, N_("couriers side by side, 30 days (owners)"))     \
    _(VIEW, "view", "v", SCOPE_REFUNDS, N_("next view: queue, to review, parcels, all"))          \
    _(APPROVE, "approve", "A", SCOPE_REFUNDS, N_("approve the request (a note if you like)"))     \
    _(REJECT, "reject", "X", SCOPE_REFUNDS, N_("reject the request, with a note (asks first)"))   \
    _(PAY, "pay", "P", SCOPE_REFUNDS, N_("pay the refund: method and reference (asks first)"))    \
    _(EXCHANGE, "exchange", "E", SCOPE_REFUNDS, N_("send the replacement of an exchange"))        \
    _(WITHDRAW, "withdraw", "W", SCOPE_REFUNDS, N_("the buyer withdrew the request (asks first)")) \
    _(NEW_REFUND, "new-refund", "N", SCOPE_REFUNDS, N_("a refund request for an order number"))   \
    _(COMPENSATE, "compensate", "C", SCOPE_REFUNDS, N_("compensate every order a filter selects")) \
    _(PROTECT, "price-protection", "O", SCOPE_REFUNDS, N_("price protection's offers; then make them")) \
    _(DISPUTES, "disputes", "d", SCOPE_REFUNDS, N_("open platform disputes: answer, decided")) \
    _(EDIT_MEMBER, "edit-member", "E", SCOPE_MEMBERS, N_("edit name, phone, birthday, tags, notes")) \
    _(MERGE, "merge", "M", SCOPE_MEMBERS, N_("merge the member into another (asks first)"))      \
    _(TIERS, "tiers", "T", SCOPE_MEMBERS, N_("who would change tier; then recompute"))           \
    _(GIFTS, "gifts", "P", SCOPE_MEMBERS, N_("today's gifts: what the rules make; then make them")) \
    _(NEW_REPORT, "new-report", "N", SCOPE_MYSTERY, N_("a report on a scorecard (a draft goes on)")) \
    _(TRENDS, "trends", "t", SCOPE_MYSTERY, N_("targets and criteria over time (owners)"))       \
    _(COMPARE, "compare", "c", SCOPE_MYSTERY, N_("own staff beside competitors (owners)"))        \
    _(ACTION_ITEMS, "action-items", "a", SCOPE_MYSTERY, N_("open action items by owner and due date")) \
    _(ITEM_DONE, "item-done", "D", SCOPE_MYSTERY, N_("the selected action item is done"))         \
    _(ITEM_DROP, "item-drop", "X", SCOPE_MYSTERY, N_("drop the selected action item (asks first)")) \
    _(SUBMIT_REPORT, "submit-report", "S", SCOPE_MYSTERY, N_("submit your draft report"))        \
    _(REVIEW_REPORT, "review-report", "V", SCOPE_MYSTERY, N_("mark the report reviewed (owners)")) \
    _(RELEASE_REPORT, "release-report", "F", SCOPE_MYSTERY, N_("release feedback to its target (owners)")) \
    _(LOCK_REPORT, "lock-report", "L", SCOPE_MYSTERY, N_("lock the report for good (asks first)")) \
    _(PREV_DAY, "prev-day", "[ Left", SCOPE_REVIEW, N_("the review of the day before"))           \
    _(NEXT_DAY, "next-day", "] Right", SCOPE_REVIEW, N_("the review of the day after"))           \
    _(GO_DATE, "date", "d", SCOPE_REVIEW, N_("the review of a date you type"))                    \
    _(SIGN_OFF, "sign-off", "S", SCOPE_REVIEW, N_("sign the day's review off, with a note"))  \
    _(DEFECTS, "defects", "x", SCOPE_REVIEW, N_("defective returns by SKU, 12 weeks to the day"))

#define ACTION_ENUM(name, key, keys, scope, help) ACT_##name,
enum action { ACT_NONE, ACTION_LIST(ACTION_ENUM) ACT_COUNT };
#undef ACTION_ENUM

const char *action_name(enum action a);
const char *action_default_keys(enum action a);
enum action_scope action_scope(enum action a);
const char *action_help(enum action a); /* untranslated: callers run it through _() */
/* By name ("orders", "page-down"); ACT_NONE when unknown. */
enum action action_by_name(const char *name);
const char *scope_title(enum action_scope s); /* untranslated */

/* Key codes as get_wch() gives them: plain characters are their code point; function keys
 * are offset by KEYCODE_FN so both fit one int. */
#define KEYCODE_FN 0x200000

/* Parse one key name ("j", "Enter", "F1", "^L", "PgDn", "Tab", "BTab", "Esc", "Space") into
 * a key code; -1 when unknown. The curses key numbers are supplied by the caller through
 * key_table_set, so this file needs no curses. */
int key_parse(const char *name);
/* Write a key code's display name ("Enter", "^L", "j") into buf. */
void keycode_name(int code, char *buf, size_t n);

struct key_names {
    int down, up, left, right, npage, ppage, home, end, enter, btab, backspace, dc, f0, resize;
};
void key_table_set(const struct key_names *k);

#endif
