#!/bin/sh
# Delivery promises on the Orders screen at 80x24: a paid order shows the time left to keep
# its promise (within two hours in the warning colour), a late one how late in the alarm
# colour, one shipped after its promise the ship time in the alarm colour.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T22:30:00+08:00"
new_shop "$T/shop"
cat > "$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
PR-LEFT,2026-11-21 15:00,2026-11-21 15:00,,Paid,a1,甲,13700000051,上海市1号,CNY,0.00,79.00,,,,TS-001,T恤,1,79.00
PR-LATE,2026-11-20 15:00,2026-11-20 15:00,,Paid,a2,乙,13700000052,上海市2号,CNY,0.00,79.00,,,,TS-001,T恤,1,79.00
PR-NEXT,2026-11-21 17:00,2026-11-21 17:00,,Paid,a3,丙,13700000053,上海市3号,CNY,0.00,79.00,,,,TS-001,T恤,1,79.00
PR-SHIP,2026-11-19 15:00,2026-11-19 15:00,2026-11-20 09:00,Shipped,a4,丁,13700000054,上海市4号,CNY,0.00,79.00,,韵达快递,4312345670009,TS-001,T恤,1,79.00
CSV
"$SHOPDESK" import orders "$T/o.csv" >/dev/null
tui_start 80x24 --
t "the Orders screen" tui_wait "PR-LEFT"
tui_snap
# paid 15:00 before the 16:00 cut-off: by midnight, 1h 30m left
t "time left to keep the promise" grep -qE 'PR-LEFT .*≤1h 30m' "$T/out"
t "a promise that ended: how late" grep -qE 'PR-LATE .*!22h 30m' "$T/out"
t "paid after the cut-off: the end of the next day" grep -qE 'PR-NEXT .*≤1d 1h' "$T/out"
tui_screen_sgr >"$T/sgr"
t "  within two hours: the warning colour, not the calm one" sh -c "grep 'PR-LEFT' '$T/sgr' | grep -q '33m'"
t "  late: the alarm colour" sh -c "grep 'PR-LATE' '$T/sgr' | grep -q '41m\|31m'"
t "  shipped after its promise: the alarm colour" sh -c "grep 'PR-SHIP' '$T/sgr' | grep -q '41m\|31m'"
tui_stop
done_testing
