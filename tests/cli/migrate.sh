#!/bin/sh
# Moving a shop to PostgreSQL (make check-pg): the demo shop's shop.db copied into an empty
# database; every table has the same rows, the lists read the same, the audit chain is intact
# with its head, the new shop checks out and works; a second move into the same database, a
# move by someone not an owner, and a move into a file are refused, with nothing written.
# Skipped on SQLite.
. "${top_srcdir:-.}/tests/lib.sh"
if ! on_pg; then
    echo "1..0 # SKIP needs PostgreSQL (make check-pg)"
    exit 0
fi
demo="$HOME/.cache/shopdesk/demo"
"$SHOPDESK" --demo --reset check >/dev/null 2>&1
t "the demo shop (SQLite) is there" [ -f "$demo/shop.db" ]
lite() { sqlite3 -batch "$demo/shop.db" "$@"; }
db=$(pg_new_db)
pgq() { psql -X -A -t -q -d "$db" -c "$1"; }

SHOPDESK_LOGIN=li.na run "$SHOPDESK" --demo migrate --to "$db"
t "an agent may not move the shop (1)" rc_is 1
t "  and the database is left empty" [ "$(pgq "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'")" = 0 ]
sd --demo migrate --to "$T/back.db"
t "a file into a file: bad usage (2)" rc_is 2
t "  naming what --to takes" err_has "names a PostgreSQL database"
t "  and no file left" [ ! -e "$T/back.db" ]

sd --demo migrate --to "$db"
t "migrate: exit 0" rc_is 0
t "  says what it compared" out_has "the rows of every table, 6 sums of money and the audit chain"
t "  and how shop.yaml names it" out_has "database: \"$db\""
t "  audit: every row, and the move's" [ "$(($(lite "SELECT count(*) FROM audit") + 1))" = "$(pgq "SELECT count(*) FROM audit")" ]
for tbl in staff orders order_lines members refunds refund_lines payments compensations \
    mystery_reports mystery_scores mystery_evidence mystery_actions tier_history gifts ratings \
    waves kv drafts review_signoffs; do
    a=$(lite "SELECT count(*) FROM $tbl") b=$(pgq "SELECT count(*) FROM $tbl")
    t "  $tbl: $b rows of $a" [ "$a" = "$b" ]
done
t "  the money: refunded per order as in shop.db" [ "$(lite "SELECT group_concat(number || '=' || refunded, ' ') FROM (SELECT number, refunded FROM orders WHERE refunded <> 0 ORDER BY number) AS q")" = "$(pgq "SELECT group_concat(number || '=' || refunded, ' ') FROM (SELECT number, refunded FROM orders WHERE refunded <> 0 ORDER BY number) AS q")" ]
t "  the move is in the new shop's audit log" [ "$(pgq "SELECT count(*) FROM audit WHERE action = 'shop.migrate'")" = 1 ]
t "  and not in shop.db's" [ "$(lite "SELECT count(*) FROM audit WHERE action = 'shop.migrate'")" = 0 ]

# the shop on PostgreSQL: the demo's directory, shop.yaml naming the database
cp -r "$demo" "$T/shop"
rm -f "$T/shop"/shop.db*
sed -i "s|^  timezone: \\(.*\\)\$|  timezone: \\1\\n  database: \"$db\"|" "$T/shop/shop.yaml"
export SHOPDESK_SHOP="$T/shop"
sd check
t "the moved shop checks out" rc_is 0
t "  its chain intact" out_has "hash chain intact"
for list in "orders list --format csv" "refund list --format csv" "members list --format csv" \
    "mystery list --format csv" "ratings list --format csv"; do
    # shellcheck disable=SC2086
    "$SHOPDESK" $list >"$T/pg.csv" 2>&1
    # shellcheck disable=SC2086
    "$SHOPDESK" --demo $list >"$T/lite.csv" 2>&1
    t "  $list: the same as from shop.db" cmp -s "$T/pg.csv" "$T/lite.csv"
done
n=$(pgq "SELECT max(id) FROM orders")
orders_csv "$T/new.csv" MOVED- 3
sd import orders "$T/new.csv"
t "  new orders come in after the move" rc_is 0
t "  numbered on from the copied ones" [ "$(pgq "SELECT min(id) FROM orders WHERE number LIKE 'MOVED-%'")" -gt "$n" ]

sd --demo migrate --to "$db"
t "again into the same database: refused (1)" rc_is 1
t "  it already holds a shop" err_has "already holds a shop"

# and back into a file: the same rows, the chain and its head, the lists read the same
sd migrate --to "$T/back/shop.db"
t "back into a file: refused where the directory is missing" rc_is 1
mkdir -p "$T/back"
sd migrate --to "$T/back/shop.db"
t "back into a new file: exit 0" rc_is 0
t "  compared" out_has "the rows of every table, 6 sums of money and the audit chain"
for tbl in staff orders order_lines members refunds payments mystery_scores mystery_evidence ratings; do
    a=$(pgq "SELECT count(*) FROM $tbl") b=$(sqlite3 "$T/back/shop.db" "SELECT count(*) FROM $tbl")
    t "  $tbl: $b rows of $a" [ "$a" = "$b" ]
done
t "  the file passes SQLite's own check" [ "$(sqlite3 "$T/back/shop.db" "PRAGMA integrity_check")" = ok ]
cp "$T/shop/shop.yaml" "$T/back/shop.yaml"
sed -i '/^  database:/d' "$T/back/shop.yaml"
cp -r "$T/shop/mappings" "$T/shop/scorecards" "$T/back/"
SHOPDESK_SHOP="$T/back" run "$SHOPDESK" check
t "  the shop in the file checks out (its triggers, its chain)" rc_is 0
"$SHOPDESK" orders list --format csv >"$T/pg.csv" 2>&1
SHOPDESK_SHOP="$T/back" "$SHOPDESK" orders list --format csv >"$T/file.csv" 2>&1
t "  its orders read as on PostgreSQL" cmp -s "$T/pg.csv" "$T/file.csv"
SHOPDESK_SHOP="$T/back" run "$SHOPDESK" orders list --search 王 --format csv
t "  its search index was built" sh -c "[ $rc = 0 ] && [ \$(wc -l <'$T/out') -gt 1 ]"
sd migrate --to "$T/back/shop.db"
t "into a file that exists: refused (1)" rc_is 1
ln -s "$T/elsewhere.db" "$T/back/planted.db"
sd migrate --to "$T/back/planted.db"
t "into a link planted where the file goes: refused (1)" rc_is 1
t "  as a file that exists, before anything is opened" err_has "planted.db exists"
t "  nothing made where it points" [ ! -e "$T/elsewhere.db" ]

done_testing
