#!/bin/sh
# Stock in the console: the view over the Orders screen (s) with each SKU's new, open-box and
# defective counts and its movements (Enter), at 80x24 and in Chinese; a wave (W) names the
# orders left out for want of stock; on the scan screen a
# wrong item (3) asks which SKU came back before anything is recorded, and Esc takes it back.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
"$SHOPDESK" import orders "$FIXTURES/shopify_orders_79.csv" >/dev/null
"$SHOPDESK" staff add rt --name 刘洋 --roles returns >/dev/null 2>&1
"$SHOPDESK" staff add wh --name 王芳 --roles warehouse >/dev/null 2>&1
"$SHOPDESK" --as wh stock add GL-010-BK 12 >/dev/null
"$SHOPDESK" --as wh stock add TS-001-WH 3 >/dev/null
"$SHOPDESK" --as wh stock adjust TS-001-WH --condition new --to 0 --reason "sold out" >/dev/null
"$SHOPDESK" refund request '#1004' --kind return --line GL-010-BK:1 --reason wrong_item --tracking SFR-88 >/dev/null
"$SHOPDESK" refund approve 1 >/dev/null
# a belt back broken, with the buyer's words (refund 2)
"$SHOPDESK" refund request '#1001' --kind return --line BT-300-BK:1 --reason quality --note "线头开了" --tracking SFR-89 >/dev/null
"$SHOPDESK" refund approve 2 >/dev/null
"$SHOPDESK" --as rt refund receive SFR-89 --condition 2 >/dev/null

tui_start 80x24 SHOPDESK_LOGIN=wh --
tui_wait "Orders" >/dev/null
tui_keys s
t "s on the Orders screen opens the stock" tui_wait "Stock: 3 SKUs"
tui_snap
t "  each SKU with its new, open-box and defective counts" grep -qE 'GL-010-BK +12 +0 +0' "$T/out"
t "  a SKU sold out as new shows 0" grep -qE 'TS-001-WH +0 +0 +0' "$T/out"
t "  a broken one back shows as defective" grep -qE 'BT-300-BK +0 +0 +1' "$T/out"
tui_keys j j Enter
t "Enter shows the SKU's movements" tui_wait "TS-001-WH: movements, newest first"
tui_snap
t "  newest first: the stocktake, with its reason" sh -c "grep -n 'adjusted' '$T/out' | head -1 | grep -q . && grep -q 'sold out' '$T/out'"
t "  then the delivery" grep -qE '\+3 new +received' "$T/out"
tui_keys q q
tui_stop

# a wave with the oldest paid order's SKU counted at 0 new: that order waits, and is named
first=$(sq "SELECT o.number || ' ' || l.sku FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.status = 'paid' AND o.wave_id IS NULL AND l.sku <> '' ORDER BY o.paid_at, o.id LIMIT 1")
set -- $first
"$SHOPDESK" --as wh stock adjust "$2" --condition new --to 0 --reason "none left" >/dev/null
tui_start 80x24 SHOPDESK_LOGIN=wh --
tui_wait "Orders" >/dev/null
tui_keys W
t "W: the wave says who was left out for want of stock" tui_wait "Left out, not enough stock"
tui_snap
t "  the order, its SKU and what is there" grep -qF "$1: $2: 0 new" "$T/out"
t "  and the order waits for the next wave" [ "$(sq "SELECT count(*) FROM orders WHERE number = '$1' AND wave_id IS NULL")" = 1 ]
tui_stop

tui_start 80x24 SHOPDESK_LOGIN=wh LANG=zh_CN.UTF-8 --
tui_wait "订单" >/dev/null
tui_keys s
t "in Chinese the view speaks Chinese" tui_wait "库存"
tui_stop

# the returns desk: 3 asks for the SKU that came back
tui_start 80x24 SHOPDESK_LOGIN=rt --
tui_wait "Scan a return parcel" >/dev/null
tui_keys "SFR-88" Enter
t "the parcel waits to be graded" tui_wait "refund #1: waiting to be graded"
sleep 0.3
tui_keys 3
t "3 asks which SKU came back" tui_wait "SKU that came back:"
t "  nothing is recorded yet" [ "$(sq "SELECT status FROM refunds WHERE id = 1")" = awaiting_return ]
tui_keys Escape
t "Esc: grade again" tui_wait "look in the parcel, then press 1"
sleep 0.3
tui_keys 3
tui_wait "SKU that came back:" >/dev/null
# the parcel's own label scanned again (or the next parcel's) is not the item in it
tui_keys "SFR-88" Enter
t "a parcel's code where the SKU goes is refused" tui_wait "SFR-88 is a parcel's code, not the SKU of what came back"
t "  nothing recorded" [ "$(sq "SELECT status FROM refunds WHERE id = 1")" = awaiting_return ]
t "  still asking" tui_wait "SKU that came back:"
tui_keys "SFR-89" Enter
t "  a received parcel's code too" tui_wait "SFR-89 is a parcel's code, not the SKU of what came back"
tui_keys "HT-031-BK" Enter
t "the SKU scanned: received" tui_wait "RECEIVED: refund #1"
t "  the wrong item is in the stock as open-box" [ "$(sq "SELECT qty_new || ',' || qty_open_box FROM stock WHERE sku = 'HT-031-BK'")" = "0,1" ]
t "  the item asked back is not" [ "$(sq "SELECT qty_new || ',' || qty_open_box FROM stock WHERE sku = 'GL-010-BK'")" = "12,0" ]
tui_stop

# the owner: x on the Review screen, the defective returns of the 12 weeks to the day shown
tui_start 80x24 --
tui_wait "Orders" >/dev/null
tui_keys 6
tui_wait "Daily review" >/dev/null
tui_keys ]
tui_wait "2026-11-21" >/dev/null
tui_keys x
t "x on the Review screen: defective returns by SKU" tui_wait "Defective returns by SKU, 2026-08-30 to 2026-11-21"
tui_snap
t "  the SKU, units back of units sold" grep -q "BT-300-BK: 1 defective back (1 requests) of" "$T/out"
t "  the reason in words" screen_has "reasons: quality problem 1"
t "  the buyer's words" screen_has "线头开了"
tui_stop
# a shop with more SKUs than the view shows says so
sq "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 500)
    INSERT INTO stock_moves (at, sku, condition, delta, kind, login)
    SELECT 1, 'ZZ-' || i, 'new', 1, 'received', 'wh' FROM c"
tui_start 80x24 SHOPDESK_LOGIN=wh --
tui_wait "Orders" >/dev/null
tui_keys s
t "more SKUs than shown: the title says the first 500 and where the rest are" tui_wait "Stock: the first 500 SKUs (shopdesk stock list has them all)"
tui_stop
done_testing
