#!/bin/sh
# A console on a shop in PostgreSQL whose connection the server ends (a restart, a dropped
# network, an administrator's pg_terminate_backend): at its next tick it connects again by
# itself, says so on the message line, and shows what others did meanwhile; then it works as
# before. Skipped on SQLite.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
if ! on_pg; then
    echo "1..0 # SKIP needs PostgreSQL (make check-pg)"
    exit 0
fi
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null
tui_start 100x30
tui_wait "Orders" >/dev/null
ended=$(sq "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'shopdesk' AND pid <> pg_backend_pid()")
t "the server ends the console's connection" [ "$ended" = 1 ]
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\nBACK-1,2026-11-21 11:59,2026-11-21 11:59,Paid,buyer-back,42.00,Mug,1,42.00\n' >"$T/back.csv"
"$SHOPDESK" import orders "$T/back.csv" >/dev/null 2>&1
t "the console connects again by itself and says so" tui_wait "connected again" 4
t "  showing what was done meanwhile" tui_wait "BACK-1" 2
tui_keys 2
t "  and goes on working" tui_wait "Ready to pay" 3
tui_stop
done_testing
