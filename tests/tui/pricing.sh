#!/bin/sh
# Price protection on the Refunds screen: O previews the offers due (order, SKU, what was
# paid, the lower price, the amount, where it came from) under the question, and y makes them
# as refund requests; nothing is made on n.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
cat > "$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
G-1,2026-11-10 10:00,2026-11-10 10:00,2026-11-10 15:00,Shipped,gold-1,甲,13700000061,上海市1号,CNY,0.00,1000.00,,韵达快递,4312345670061,COAT,大衣,2,500.00
C-1,2026-11-18 09:00,2026-11-18 09:00,,Paid,c-1,丁,13700000064,上海市4号,CNY,0.00,450.00,,,,COAT,大衣,1,450.00
CSV
"$SHOPDESK" import orders "$T/o.csv" >/dev/null
sq "UPDATE members SET tier = 3 WHERE buyer_id = 'gold-1'"
tui_start 80x24 --
tui_wait "Orders" >/dev/null
tui_keys 2
tui_wait "Ready to pay" >/dev/null
tui_keys O
t "O previews price protection" tui_wait "Price protection: 1 offer, ¥100.00"
tui_snap
t "  the offer: order, SKU, paid, lower, quantity, amount, where" grep -qF "G-1  COAT  ¥500.00 → ¥450.00 ×2 = ¥100.00  (C-1)" "$T/out"
t "  and asks" screen_has "Make 1 price protection request, ¥100.00, for the refunds team to pay? (y/n)"
tui_keys n
sleep 0.5
t "n makes nothing" [ "$(sq "SELECT count(*) FROM refunds")" = 0 ]
tui_keys O
tui_wait "(y/n)" >/dev/null
tui_keys y
t "y makes the request" tui_wait "1 price protection request made"
t "  a refund of the difference, approved" [ "$(sq "SELECT amount || ',' || reason || ',' || status FROM refunds")" = "10000,price_protection,approved" ]
tui_stop
done_testing
