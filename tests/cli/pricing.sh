#!/bin/sh
# Price protection (会员保价): a Gold member (price_protection_days: 15 in the shipped
# shop.yaml) who paid more than the SKU sold for within 15 days is offered the difference, as
# a refund request the refunds team pays; once per order line and lower price; a later,
# lower price offers only what is beyond the last; other tiers, and drops after the days,
# offer nothing.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
sd staff add rf --name 张伟 --roles refunds
sd staff add ag --name 李娜 --roles agent
cat > "$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
G-1,2026-11-10 10:00,2026-11-10 10:00,2026-11-10 15:00,Shipped,gold-1,甲,13700000061,上海市1号,CNY,0.00,1000.00,,韵达快递,4312345670061,COAT,大衣,2,500.00
S-1,2026-11-10 11:00,2026-11-10 11:00,2026-11-10 15:00,Shipped,silver-1,乙,13700000062,上海市2号,CNY,0.00,500.00,,韵达快递,4312345670062,COAT,大衣,1,500.00
G-OLD,2026-11-01 10:00,2026-11-01 10:00,2026-11-01 15:00,Shipped,gold-2,丙,13700000063,上海市3号,CNY,0.00,500.00,,韵达快递,4312345670063,COAT,大衣,1,500.00
C-1,2026-11-18 09:00,2026-11-18 09:00,,Paid,c-1,丁,13700000064,上海市4号,CNY,0.00,450.00,,,,COAT,大衣,1,450.00
CSV
sd import orders "$T/o.csv"
sq "UPDATE members SET tier = 3 WHERE buyer_id IN ('gold-1', 'gold-2'); UPDATE members SET tier = 2 WHERE buyer_id = 'silver-1'"

sd --as ag prices protect
t "price protection is the owner's (1)" rc_is 1
sd prices protect --format json
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert [(r["order"], r["sku"], r["paid_price"], r["lower_price"], r["qty"], r["amount"], r["source"]) for r in rows] == [("G-1", "COAT", 50000, 45000, 2, 10000, "C-1")], rows
' 2>"$T/py"
t "the preview: the Gold order, the lower price and where it came from, per unit times two" [ $? -eq 0 ]
sd prices protect
t "  in words, with the total and how to make it" out_has "1 offer, ¥100.00 in all; make it with --yes"
t "  nothing made yet" [ "$(sq "SELECT count(*) FROM refunds")" = 0 ]

sd --as ag prices set COAT 420
t "an agent does not set prices (1)" rc_is 1
sd prices set COAT 0
t "a price of 0 is refused" rc_is 2
sd prices set COAT 420
t "the owner sets a price" out_has "COAT: ¥420.00 from now on."
sd prices protect --format json
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert [(r["order"], r["lower_price"], r["amount"], r["source"]) for r in rows] == [("G-1", 42000, 16000, "price")], rows
' 2>"$T/py"
t "  the lowest price within the days is the one offered" [ $? -eq 0 ]

sd prices protect --yes
t "made: one request" out_has "1 price protection request made"
t "  a money-only refund of the difference, approved by the owner" [ "$(sq "SELECT kind || ',' || amount || ',' || reason || ',' || status || ',' || reviewed_by FROM refunds")" = "refund,16000,price_protection,approved,$(id -un)" ]
t "  its note says what sold for less" [ "$(sq "SELECT note FROM refunds")" = "price protection: COAT paid ¥500.00, priced ¥420.00 from 2026-11-21 12:00" ]
t "  the offer kept with its request" [ "$(sq "SELECT was_price || ',' || new_price || ',' || qty || ',' || amount FROM price_offers")" = "50000,42000,2,16000" ]
sd prices protect --yes
t "run again: nothing twice" [ "$(sq "SELECT count(*) FROM refunds")" = 1 ]
sd refund pay 1 --method 支付宝
t "the owner who approved cannot pay it (separation of duties)" rc_is 1
as rf refund pay 1 --method 支付宝
t "the refunds team pays" rc_is 0

export SHOPDESK_NOW="2026-11-22T12:00:00+08:00"
sd prices set COAT 400
sd prices protect --format json
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert [(r["order"], r["paid_price"], r["lower_price"], r["amount"]) for r in rows] == [("G-1", 42000, 40000, 4000)], rows
' 2>"$T/py"
t "a lower price later: only the difference beyond the last offer" [ $? -eq 0 ]
export SHOPDESK_NOW="2026-11-27T12:00:00+08:00"
sd prices set COAT 300
sd prices protect --format json
t "a price 17 days after the payment: outside the 15, nothing more for it" sh -c "echo '$out' | python3 -c 'import json,sys; r=json.load(sys.stdin); assert [x[\"lower_price\"] for x in r] == [40000], r'"
done_testing
