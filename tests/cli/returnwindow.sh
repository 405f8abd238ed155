#!/bin/sh
# Return windows: the shop's (7 days after delivery by default) and a tier's own (Gold: 30 in
# the shipped shop.yaml). A request past the window is taken but flagged, and no auto-approve
# rule approves it; one inside is approved by the rule as before.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-10T12:00:00+08:00"
new_shop "$T/shop"
cat > "$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
R-1,2026-11-08 09:00,2026-11-08 09:01,2026-11-09 12:00,Shipped,r1,黄蓉,13700000031,成都市武侯区1号,CNY,0.00,79.00,,韵达快递,YD-R-1,TS-001,纯棉T恤,1,79.00
R-2,2026-11-08 09:10,2026-11-08 09:11,2026-11-09 12:00,Shipped,r2,郭靖,13700000032,成都市锦江区2号,CNY,0.00,79.00,,韵达快递,YD-R-2,TS-001,纯棉T恤,1,79.00
R-3,2026-11-08 09:20,2026-11-08 09:21,2026-11-09 12:00,Shipped,r3,杨过,13700000033,成都市青羊区3号,CNY,0.00,79.00,,韵达快递,YD-R-3,TS-001,纯棉T恤,1,79.00
R-4,2026-11-08 09:30,2026-11-08 09:31,2026-11-09 12:00,Shipped,r4,小龙女,13700000034,成都市金牛区4号,CNY,0.00,79.00,,韵达快递,YD-R-4,TS-001,纯棉T恤,1,79.00
CSV
sd import orders "$T/o.csv"
sd orders deliver R-1 R-3
export SHOPDESK_NOW="2026-11-16T12:00:00+08:00"
sd orders deliver R-2

# eleven days after delivery: past the shop's 7
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
sd refund request R-1 --kind refund --amount 20 --reason quality
t "a request past the window is taken (0)" rc_is 0
t "  flagged, with the days and the window" out_has "asked 11 days after delivery, past the 7-day return window"
t "  and no rule approved it" [ "$(sq "SELECT status || ',' || coalesce(auto_rule, '-') FROM refunds WHERE id = 1")" = "requested,-" ]
sd refund request R-2 --kind refund --amount 20 --reason quality
t "five days after delivery: inside, approved by the rule" [ "$(sq "SELECT status FROM refunds WHERE id = 2")" = approved ]
t "  no window flag" out_lacks "return window"
sd refund request R-4 --kind refund --amount 20 --reason quality
t "no delivery recorded: a money-only request is not weighed by the window" out_lacks "return window"
sd refund request R-4 --kind return --line TS-001:1 --reason quality --tracking RW-4
t "  goods back: counted from shipping (12 days)" out_has "asked 12 days after shipping, past the 7-day return window"

# a Gold member has 30 days
sq "UPDATE members SET tier = 3 WHERE buyer_id = 'r3'"
sd refund request R-3 --kind refund --amount 20 --reason quality
t "a Gold member eleven days after delivery: inside their 30" out_lacks "return window"
t "  approved by the rule" [ "$(sq "SELECT status FROM refunds WHERE id = 5")" = approved ]

# the shop's window in shop.yaml
sed -i 's/^  return_window_days: 7 /  return_window_days: 14 /' "$T/shop/shop.yaml"
sd refund request R-1 --kind refund --amount 10 --reason quality
t "a 14-day window: eleven days is inside" out_lacks "return window"
sed -i 's/^  return_window_days: 14 /  return_window_days: 0 /' "$T/shop/shop.yaml"
line=$(grep -n '^  return_window_days:' "$T/shop/shop.yaml" | cut -d: -f1)
sd check
t "a window of 0 days is refused, naming its line" out_has "shop.yaml:$line:"
t "  and the range" out_has "0 is out of range (1 to 3660)"
done_testing
