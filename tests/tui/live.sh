#!/bin/sh
# Live updates: a console left open on the Orders screen shows an order another process (or, on
# PostgreSQL, another host) imports, within 2 s and without a key pressed; the same for a
# refund approved elsewhere in the Refunds queue. SQLite tells the console by its data
# version; PostgreSQL by a notification read at the console's tick.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null
tui_start 100x30
tui_wait "Orders" >/dev/null
t "the console is open on the Orders screen" screen_lacks "LIVE-1"
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\nLIVE-1,2026-11-21 11:59,2026-11-21 11:59,Paid,buyer-live,42.00,Mug,1,42.00\n' >"$T/live.csv"
"$SHOPDESK" import orders "$T/live.csv" >/dev/null 2>&1
t "an order imported elsewhere appears within 2 s, no key pressed" tui_wait "LIVE-1" 2
tui_keys 2
tui_wait "Refunds" >/dev/null
rid=$("$SHOPDESK" refund request LIVE-1 --kind refund --amount 5 --reason damaged 2>/dev/null | tail -1)
"$SHOPDESK" refund approve "$rid" >/dev/null 2>&1
t "a refund approved elsewhere appears in the queue within 2 s" tui_wait "LIVE-1" 2
t "  and the status line counts it" tui_wait "Refunds: 1 waiting" 2
tui_stop
done_testing
