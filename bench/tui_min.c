/* bench/tui_min: the least a program does to put the same first screen up, for the
 * benchmark's startup case: open the shop's database read-only, run the orders list's
 * first-page query with plain sqlite3_prepare/step, start curses, draw a title, the rows and
 * a key hint, refresh, and wait for q. Without an argument it draws made-up rows and touches
 * no database. shopdesk's console is measured against it. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (argc > 1) {
        if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            fprintf(stderr, "tui_min: cannot open %s\n", argv[1]);
            return 1;
        }
        if (sqlite3_prepare_v2(db,
                               "SELECT o.number, o.created_at, o.buyer, o.total, o.status, "
                               "o.courier, coalesce(m.tier, -1) FROM orders o LEFT JOIN "
                               "members m ON m.id = o.member_id ORDER BY o.created_at DESC, "
                               "o.id DESC LIMIT ?1",
                               -1, &st, NULL) != SQLITE_OK) {
            fprintf(stderr, "tui_min: %s\n", sqlite3_errmsg(db));
            return 1;
        }
    }
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    mvaddstr(0, 0, " 1 Orders  2 Refunds  3 Scan  4 Members  5 Mystery  6 Review");
    if (st)
        sqlite3_bind_int(st, 1, LINES - 3);
    for (int y = 1; y < LINES - 2; y++) {
        char line[256];
        if (st) {
            if (sqlite3_step(st) != SQLITE_ROW)
                break;
            snprintf(line, sizeof line, "%-20s %10lld  %-16s %10.2f  %-10s %-8s %d",
                     (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
                     (const char *)sqlite3_column_text(st, 2),
                     (double)sqlite3_column_int64(st, 3) / 100,
                     (const char *)sqlite3_column_text(st, 4),
                     (const char *)sqlite3_column_text(st, 5), sqlite3_column_int(st, 6));
        } else {
            snprintf(line, sizeof line, "B%010d  11-20 10:%02d  buyer %d  paid", y, y % 60, y);
        }
        mvaddstr(y, 0, line);
    }
    mvaddstr(LINES - 2, 0, "Enter open  / search  f filter  ? keys");
    refresh();
    sqlite3_finalize(st);
    while (getch() != 'q')
        ;
    endwin();
    sqlite3_close(db);
    return 0;
}
