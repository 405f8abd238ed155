#!/bin/sh
# A console that sits on a half-typed form holds no lock: meanwhile another person commits
# 100 changes from the command line, none of them waiting; the form is then saved as usual.
# (The console itself dies loudly if a transaction is open while it waits for a key.)
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null
tui_start 100x30
tui_wait "Orders" >/dev/null
tui_keys 2 N
t "a refund request form is open" tui_wait "A refund request"
tui_text "R-A"
tui_keys Tab 1 Tab
tui_text "12"
sleep 1.5 # the draft is saved in its own short transaction, then nothing is held
hundred_writes w
t "100 writes from another process meanwhile: all committed" [ $failed = 0 ]
t "  none waited two seconds for a lock" [ $slow = 0 ]
t "  they are there" [ "$(sq "SELECT count(*) FROM staff WHERE login LIKE 'w%'")" = 100 ]
tui_keys Tab Tab Tab 2 F2
t "the form is then saved as usual" tui_wait "requested"
t "  in the file" [ "$(sq "SELECT amount FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.number = 'R-A'")" = 1200 ]
tui_stop
done_testing
