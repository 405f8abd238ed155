#!/bin/sh
# Every order keeps its own currency (any ISO 4217 currency ICU knows), and no sum mixes two:
# listings show each amount in its order's currency (the shop's by its symbol, others by
# their code), amounts typed for an order are read in its currency, the review keeps revenue
# and refunds apart per currency, members' M is in the shop's currency (others at a rate
# shop.yaml gives, else not at all), compensation batches are in one currency.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
sd staff add ag --name Agent --roles agent
sd staff add rf --name Clerk --roles refunds
last_id() { tail -1 "$T/out"; }
hdr='Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price'
cat >"$T/mixed.csv" <<EOF
$hdr
C-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,buyer-a,甲,13700000001,成都,CNY,0.00,100.00,,顺丰速运,SF1,S-1,杯子,1,100.00
K-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,buyer-a,甲,13700000001,Kuwait,KWD,0.000,1.234,,DHL,D1,S-1,Cup,1,1.234
J-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,buyer-b,乙,13700000002,Tokyo,JPY,0,1000,,DHL,D2,S-1,Cup,1,1000
D-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,buyer-c,丙,13700000003,Toronto,CAD,0.00,171.56,,DHL,D3,S-1,Cup,1,171.56
I-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,buyer-c,丙,13700000003,Pune,INR,0.00,"1,500.00",,DHL,D4,S-1,Cup,1,"₹1,500.00"
EOF
sd import orders "$T/mixed.csv"
t "a file with orders in five currencies imports" rc_is 0
t "  saying which are not the shop's" out_has "1 order is in KWD, not the shop's CNY"
t "  each of them" sh -c "grep -c 'not the shop.s CNY' '$T/out' | grep -qx 4"
t "  the amounts in each currency's minor units" [ "$(sq "SELECT group_concat(number || '=' || total || currency, ' ') FROM (SELECT * FROM orders ORDER BY number) AS q")" = "C-1=10000CNY D-1=17156CAD I-1=150000INR J-1=1000JPY K-1=1234KWD" ]
sd orders list
t "orders list: the shop's currency by its symbol" out_has "¥100.00"
t "  others by their code" out_has "KWD 1.234"
t "  the yen without decimals" out_has "JPY 1,000"
t "  CAD is not shown as yuan" out_lacks "¥171.56"
t "  CAD 171.56" out_has "CAD 171.56"
sd orders list --format json
t "JSON: minor units with the currency beside them" sh -c "echo '$out' | python3 -c '
import json, sys
rows = {r[\"number\"]: r for r in json.load(sys.stdin)}
assert rows[\"K-1\"][\"total\"] == 1234 and rows[\"K-1\"][\"currency\"] == \"KWD\", rows[\"K-1\"]
assert rows[\"J-1\"][\"total\"] == 1000 and rows[\"J-1\"][\"currency\"] == \"JPY\"'"
sd orders show K-1
t "orders show: the order's currency" out_has "KWD 1.234"

# amounts typed for an order are read in its currency (issue 15, item 8)
as ag refund request K-1 --kind refund --amount 12.34 --reason damaged
t "KWD 12.34 on a KWD 1.234 order: refused (1)" rc_is 1
t "  naming the currency" err_has "KWD 12.340"
as ag refund request K-1 --kind refund --amount 1.2345 --reason damaged
t "a fourth decimal in KWD: bad input (2), naming KWD" sh -c "[ $rc -eq 2 ] && grep -q 'KWD allows 3' '$T/err'"
as ag refund request K-1 --kind refund --amount 1.234 --reason damaged
t "KWD 1.234, the whole order, asked" rc_is 0
k1=$(last_id)
t "  stored as 1234 fils" [ "$(sq "SELECT amount FROM refunds WHERE id = $k1")" = 1234 ]
t "  and, with no rate in shop.yaml, for the owner to approve" out_has "the owner approves it"
as ag refund approve "$k1"
t "  an agent cannot approve it (1)" rc_is 1
t "  being told the ceiling is in CNY" err_has "is in KWD, and the agents' ceiling is in CNY"
as ag refund request J-1 --kind refund --amount 10 --reason damaged
t "JPY --amount 10 asks for ten yen, not the whole order" [ "$(sq "SELECT amount FROM refunds WHERE id = $(last_id)")" = 10 ]
as ag refund request J-1 --kind refund --amount '¥5' --reason damaged
t "  the yen's symbol is read for a yen order" [ "$(sq "SELECT amount FROM refunds WHERE id = $(last_id)")" = 5 ]
as ag refund request D-1 --kind refund --amount '€5' --reason damaged
t "another currency's symbol is refused (2)" rc_is 2
t "  naming the order's" err_has "not an amount in CAD"
sd refund approve "$k1"
as rf refund pay "$k1" --method 支付宝 --amount 1.3
t "paying KWD 1.300 of a KWD 1.234 request: refused, in KWD" sh -c "[ $rc -eq 1 ] && grep -q 'KWD 1.300' '$T/err'"
as rf refund pay "$k1" --method 支付宝
t "paid in KWD" out_has "KWD 1.234"
sd refund list --format json
t "refund list JSON carries the currency" sh -c "echo '$out' | python3 -c '
import json, sys
r = [x for x in json.load(sys.stdin) if x[\"id\"] == $k1][0]
assert r[\"currency\"] == \"KWD\" and r[\"amount\"] == 1234, r'"

# the review: revenue and refunds per currency, the shop's first, never summed
sd review --date 2026-11-20 --format json
t "review: revenue is the shop's currency's alone" [ "$(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["orders"]["revenue"])')" = 10000 ]
t "  each currency apart, the shop's first" [ "$(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(c["currency"] + "=" + str(c["revenue"]) for c in d["currencies"]))')" = "CNY=10000 CAD=17156 INR=150000 JPY=1000 KWD=1234" ]
sd review --date 2026-11-21
t "  the text review lists them apart" out_has "Other currencies (the figures above are in CNY)"
t "  with the refund in KWD" out_has "KWD: revenue KWD 0.000 (0 paid orders), refunded KWD 1.234"

# members: M in the shop's currency; others only at a rate shop.yaml gives
sd tiers recompute
sd members list --format json
m_before=$(echo "$out" | python3 -c 'import json,sys; print({r["buyer_id"]: r["monetary"] for r in json.load(sys.stdin)}["buyer-c"])')
t "M leaves out currencies without a rate" [ "$m_before" = 0 ]
sd members show buyer-c
t "  the member's detail shows them apart" out_has "CAD 171.56, not in M: shop.yaml gives no rate for CAD"
python3 - "$T/shop/shop.yaml" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("  timezone: Asia/Shanghai", "  timezone: Asia/Shanghai\n  rates:\n    - {currency: CAD, rate: 5.2, from: 2026-01-01}\n    - {currency: CAD, rate: 5.0, from: 2026-12-01}", 1)
open(p, "w").write(s)
EOF
sd tiers recompute
t "a rate in shop.yaml: recompute" rc_is 0
sd members list --format json
t "  CAD 171.56 at 5.2 is ¥892.11 of M (the rate from the start of the year)" [ "$(echo "$out" | python3 -c 'import json,sys; print({r["buyer_id"]: r["monetary"] for r in json.load(sys.stdin)}["buyer-c"])')" = 89211 ]
sed -i 's/rate: 5.2, from: 2026-01-01/rate: 0, from: 2026-01-01/' "$T/shop/shop.yaml"
sd check
t "a rate of zero: shop.yaml is invalid (2), naming the line" sh -c "[ $rc -eq 2 ] && grep -q 'shop.yaml:[0-9]*:[0-9]*: a rate must be above zero' '$T/out'"
sed -i 's/rate: 0, from: 2026-01-01/rate: 5.2, from: 2026-01-01/' "$T/shop/shop.yaml"
sd check >/dev/null

# compensation batches are in one currency
sd compensate --currency CAD --amount 2 --reason sorry --yes
t "compensate --currency CAD: only the CAD orders" out_has "1 orders compensated, CAD 2.00 in all"
t "  recorded in CAD" [ "$(sq "SELECT currency || ':' || count(c.order_id) FROM compensation_batches b JOIN compensations c ON c.batch_id = b.id WHERE b.currency = 'CAD' GROUP BY b.id")" = "CAD:1" ]
sd compensate --amount 1 --reason sorry --yes
t "  without --currency: the shop's orders only" out_has "1 orders compensated, ¥1.00 in all"

# a currency ICU does not know is an error naming it
printf '%s\nX-1,2026-11-20 09:00,2026-11-20 09:01,,Paid,buyer-x,甲,1,x,XYZ,0,10.00,,,,S,Cup,1,10.00\n' "$hdr" >"$T/xyz.csv"
sd import orders "$T/xyz.csv"
t "an unknown currency: bad input (2)" rc_is 2
t "  naming the file, the line and the code" err_has "xyz.csv:2: unknown currency 'XYZ'"
done_testing
