#!/bin/sh
# The refund queue and the scan screen in tmux: countdowns that move, overdue in the alarm
# colour, the status line's counts, paying (and the approver refused), reviewing, scanning a
# parcel (hit with a condition key, a repeat, a miss), a request from the orders screen.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
export SHOPDESK_NOW="2026-11-21T11:50:00+08:00"
"$SHOPDESK" import orders "$FIXTURES/shopify_orders_79.csv" >/dev/null
"$SHOPDESK" staff add rf --name 张伟 --roles refunds >/dev/null 2>&1
"$SHOPDESK" staff add rt --name 刘洋 --roles returns >/dev/null 2>&1
# one approved at 11:50 (overdue by noon), one at noon, one return on its way, one to review
"$SHOPDESK" refund request '#1001' --kind refund --amount 100 --reason damaged >/dev/null
"$SHOPDESK" refund approve 1 >/dev/null
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
"$SHOPDESK" refund request '#1004' --kind refund --amount 40 --reason size >/dev/null
"$SHOPDESK" refund approve 2 >/dev/null
"$SHOPDESK" refund request '#1004' --kind return --line GL-010-BK:1 --reason size --tracking SFR-77 >/dev/null
"$SHOPDESK" refund approve 3 >/dev/null
"$SHOPDESK" refund request '#1003' --kind refund --amount 30 --reason late >/dev/null

# the clock runs from noon in the console
tui_start 100x30 "SHOPDESK_NOW=2026-11-21T12:00:00+08:00+" SHOPDESK_LOGIN=rf --
t "the refunds team opens on the queue" tui_wait "Ready to pay: by deadline, members' tier priority moving theirs up"
tui_snap
t "the overdue one first, with how long it is over" screen_has "-5:0"
t "the other counts down from 5:00" grep -qE ' (5:00|4:5[0-9]) ' "$T/out"
t "the status line counts waiting and overdue" screen_has "2 waiting · 1 overdue"
sleep 2.2
tui_snap
t "a second later the countdown moved" grep -qE ' 4:5[0-8] ' "$T/out"
tui_screen_sgr >"$T/out"
t "the overdue row is in the alarm colour (red)" sh -c "grep -- '-5:0' '$T/out' | grep -q '41m'"
t "the row due later is not" sh -c "! grep -E ' 4:5[0-9] ' '$T/out' | grep -q '41m'"

# pay the overdue one: method by number, reference, confirm
tui_keys P
t "P asks how it was paid" tui_wait "Paid by: 1"
tui_keys 1
t "then the reference" tui_wait "Reference"
tui_text "TX-9001"
tui_keys Enter
t "then asks before paying" tui_wait "Pay ¥100.00 for refund #1 by"
tui_keys y
t "paid, and late" tui_wait "refund #1 paid, late"
t "  in the books" [ "$(sq "SELECT amount || ',' || late || ',' || reference FROM payments WHERE refund_id = 1")" = "10000,1,TX-9001" ]
t "the queue no longer shows it" tui_gone "-5:0"
tui_stop

# the approver cannot pay what they approved
tui_start 100x30 SHOPDESK_LOGIN=rf --
tui_wait "Ready to pay" >/dev/null
tui_stop
sq "UPDATE refunds SET reviewed_by = 'rf' WHERE id = 2"
tui_start 100x30 SHOPDESK_LOGIN=rf --
tui_wait "Ready to pay" >/dev/null
tui_keys P
t "separation of duties: said at once, before any question" tui_wait "you approved refund #2: someone else must pay it"
tui_snap
t "  no method asked" screen_lacks "Paid by:"
tui_keys 1 Enter y
sleep 0.3
t "  and nothing paid" [ "$(sq "SELECT count(*) FROM payments WHERE refund_id = 2")" = 0 ]
tui_stop

# the agent reviews
tui_start 100x30 -- --as "$ME"
tui_wait "1 Orders" >/dev/null
tui_keys 2 v
t "v: the requests waiting for review" tui_wait "Waiting for review"
tui_keys A
t "A asks for an optional note" tui_wait "Note (optional)"
tui_keys Enter
t "approved" tui_wait "refund #4 approved"
t "  in the file" [ "$(sq "SELECT status FROM refunds WHERE id = 4")" = approved ]
tui_stop

# the returns desk scans parcels
tui_start 100x30 -- --as rt
t "the returns desk opens on Scan" tui_wait "Scan a return parcel"
# a scanner's burst: a code, Enter, the next code (starting with a digit), Enter, all at once
tui_keys "SFR-77" Enter "2227" Enter
t "a scanned parcel waits to be graded" tui_wait "refund #3: waiting to be graded"
t "  the next code is a code, not the grade" tui_wait "UNKNOWN CODE"
tui_snap
t "  2227 read whole" screen_has "2227"
t "  not graded" [ "$(sq "SELECT status FROM refunds WHERE id = 3")" = awaiting_return ]
t "  what to check it against: the order" screen_has "(order #1004)"
t "  the lines asked back" screen_has "asked back: GL-010-BK"
t "  the reason" screen_has "reason:"
t "  the keys to grade it" screen_has "press 1 resaleable  2 defective"
sleep 0.3 # a person looks into the parcel
tui_keys 2
t "a deliberate key grades it: received, ready to pay" tui_wait "RECEIVED: refund #3 (defective), ready to pay"
t "  in the file" [ "$(sq "SELECT status || ',' || condition FROM refunds WHERE id = 3")" = "received,2" ]
tui_text "SFR-77"
tui_keys Enter
t "the same parcel again: loud, not recorded" tui_wait "ALREADY RECEIVED"
tui_text "XX-404"
tui_keys Enter
t "an unknown code: loud" tui_wait "UNKNOWN CODE"
t "  nothing changed" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'refund.receive'")" = 1 ]
tui_keys F10
t "F10 leaves (letters go to the code)" tui_exited 3
tui_stop

# a request from the orders screen, for the selected order
tui_start 100x30
tui_wait "#1001" >/dev/null
tui_keys /
tui_text "#1003"
tui_keys Enter
tui_wait 'search "#1003"' >/dev/null
tui_keys R
t "R opens the request form with the order filled in" tui_wait "A refund request"
tui_snap
t "  the order is there" screen_has "shopify:#1003"
tui_keys 1 Tab
tui_text "15"
tui_keys Tab Tab Tab 9 Tab
tui_text "coupon not applied"
tui_keys F2
t "the request is made" tui_wait "refund #5"
t "  in the file" [ "$(sq "SELECT amount || ',' || reason || ',' || note FROM refunds WHERE id = 5")" = "1500,late,coupon not applied" ]
tui_stop
done_testing
