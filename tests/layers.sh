#!/bin/sh
# The layers stay honest: sqlite3.h only in src/store (in its SQLite driver), libpq-fe.h in its
# PostgreSQL driver, yaml.h only in src/conf, curses only in
# src/tui; core has no I/O; util depends on nothing above it.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1

inc() { grep -rlE "#include <$1" src --include='*.c' --include='*.h' | grep -v "^src/$2/" ; }
t "sqlite3.h only in src/store" [ -z "$(inc 'sqlite3\.h' store)" ]
# the engine's calls in its driver; stage.c is the import's private scratch file (always
# SQLite, whatever engine holds the shop)
t "sqlite3.h only in the SQLite driver (and the import's scratch file)" \
    [ -z "$(grep -lE '#include <sqlite3\.h' src/store/* | grep -v '^src/store/\(db_sqlite\|stage\)\.c$')" ]
t "no sqlite3_ call outside them" \
    [ -z "$(grep -lE 'sqlite3_[a-z]' src/store/*.c | grep -v '^src/store/\(db_sqlite\|stage\)\.c$')" ]
t "libpq-fe.h only in the PostgreSQL driver" \
    [ -z "$(grep -rlE '#include <libpq-fe\.h' src | grep -v '^src/store/db_pg\.c$')" ]
t "no PQ call outside it" [ -z "$(grep -rlE '\bPQ[a-z]+\(' src | grep -v '^src/store/db_pg\.c$')" ]
t "yaml.h only in src/conf" [ -z "$(inc 'yaml\.h' conf)" ]
t "curses only in src/tui" [ -z "$(inc '(n?curses|term)\.h' tui)" ]
t "core does no file, database or terminal I/O" \
    [ -z "$(grep -lE '#include <(stdio\.h|fcntl\.h|sqlite3\.h|yaml\.h|curses\.h|dirent\.h)' src/core/*.c src/core/*.h | grep -v '^src/core/\(money\|order\|role\|status\|tz\|mask\|gift\|tier\|mystery\|datefmt\)\.c$')" ]
t "core includes nothing above it" [ -z "$(grep -lE '#include "(store|conf|app|tui|cli)/' src/core/*)" ]
t "util includes nothing above it" [ -z "$(grep -lE '#include "(core|store|conf|app|tui|cli)/' src/util/*)" ]
t "store and conf do not include app, tui or cli" \
    [ -z "$(grep -lE '#include "(app|tui|cli)/' src/store/* src/conf/*)" ]
t "app does not include tui or cli" [ -z "$(grep -lE '#include "(tui|cli)/' src/app/*)" ]
t "cli does not include tui" [ -z "$(grep -lE '#include "tui/' src/cli/*)" ]
t "no SQL is built with printf" \
    [ -z "$(grep -nE 'printf\([^)]*(SELECT|INSERT|UPDATE|DELETE)' src/store/*.c | grep -v PRAGMA)" ]
t "every header is guarded SHOPDESK_<DIR>_<FILE>_H" sh -c '
    for h in src/*/*.h; do
        d=$(basename "$(dirname "$h")" | tr a-z A-Z)
        f=$(basename "$h" .h | tr a-z A-Z)
        grep -q "#ifndef SHOPDESK_${d}_${f}_H" "$h" || { echo "$h"; exit 1; }
    done'
t "config.h comes first in every .c" sh -c '
    for c in src/*/*.c src/*.c; do
        first=$(grep -m1 "^#include" "$c")
        [ "$first" = "#include \"config.h\"" ] || { echo "$c"; exit 1; }
    done'
done_testing
