#!/bin/sh
# The 5-minute refund workflow from the command line: every step per role, auto-approve
# rules, the agents' ceiling, separation of duties, the money invariants, paying twice,
# receiving (hit, miss, repeat, not approved), exchanges, reversals, compensation batches.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
sd import orders "$FIXTURES/shopify_orders_79.csv"
sd import orders "$FIXTURES/generic_orders.csv"
for who in "ag agent" "ag2 agent" "rf refunds" "rt returns" "wh warehouse" "sh shopper" "ar agent,refunds"; do
    set -- $who
    sd staff add "$1" --name "$1" --roles "$2"
done
last_id() { tail -1 "$T/out"; }

# request: roles
sd --as rf refund request '#1001' --kind refund --amount 20 --reason damaged
t "the refunds team does not take requests (1)" rc_is 1
sd --as ag refund request '#1002' --kind refund --amount 20 --reason damaged
t "an unpaid order cannot be refunded (1)" rc_is 1
t "  and says so" err_has "not paid"
sd --as ag refund request '#1003' --kind return --amount 20 --reason damaged
t "a return needs goods that were shipped (1)" rc_is 1
sd --as ag refund request '#1001' --kind refund --amount 20 --reason whatever
t "an unknown reason is bad usage (2)" rc_is 2
t "  listing the reasons" err_has "not_received, damaged"
sd --as ag refund request '#1001' --kind refund --amount 20.005 --reason damaged
t "an inexact amount is bad usage (2)" rc_is 2

# a small refund-only request fits the first auto-approve rule of the shipped shop.yaml
sd --as ag refund request '#1001' --kind refund --amount 20 --reason damaged
t "request: exit 0" rc_is 0
r1=$(last_id)
t "the id alone on the last line" sh -c "echo '$r1' | grep -qx '[0-9][0-9]*'"
t "approved by the rule, which is named" out_has 'approved by the rule "small refund, no goods back"'
t "  approved, ready now" [ "$(sq "SELECT status || ',' || (CASE WHEN ready_at IS NOT NULL THEN 1 ELSE 0 END) || ',' || auto_rule FROM refunds WHERE id = $r1")" = "approved,1,small refund, no goods back" ]
sd refund list --view queue --format json
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert [r["id"] for r in rows] == ['"$r1"']
r = rows[0]
need = {"id", "order", "kind", "status", "amount", "ready_at", "paid_at", "deadline", "overdue"}
assert need <= set(r), set(r)
assert r["order"] == "#1001" and r["kind"] == "refund" and r["status"] == "approved"
assert r["amount"] == 2000 and r["paid_at"] is None and r["overdue"] is False
assert r["deadline"] == "2026-11-21T12:05:00+08:00", r["deadline"]
' 2>"$T/py"
t "the queue as JSON: keys, minor units, deadline 5 minutes on" [ $? -eq 0 ]

# pay: roles, separation of duties, twice
as ag refund pay "$r1" --method 支付宝
t "an agent may not pay (1)" rc_is 1
as rf refund pay "$r1"
t "pay needs a method (2)" rc_is 2
as rf refund pay "$r1" --method 支付宝 --ref TX-1
t "the refunds team pays" rc_is 0
t "  one payment in the books" [ "$(sq "SELECT count(*) || ',' || sum(amount) FROM payments WHERE refund_id = $r1")" = "1,2000" ]
as rf refund pay "$r1" --method 支付宝 --ref TX-1
t "paying again (the answer was lost): refused (1)" rc_is 1
t "  says when and by whom" err_has "already paid at 2026-11-21 12:00 by rf"
t "  still one payment" [ "$(sq "SELECT count(*) FROM payments WHERE refund_id = $r1")" = 1 ]

# a return above the agents' ceiling (500) needs the owner
sd --as ag refund request '#1003' --kind refund --amount 369 --reason quality
r2=$(last_id)
sd --as ag refund reject "$r2"
t "reject needs a note (2)" rc_is 2
sd --as ag2 refund reject "$r2" --note "no photo"
t "an agent rejects with a note" rc_is 0
as rf refund pay "$r2" --method 支付宝
t "a rejected request cannot be paid (1)" rc_is 1
python3 - "$T/big.csv" <<'PY'
import sys
open(sys.argv[1], "w").write("Order,Created,Paid,Shipped,Status,Customer,Total,Item,Quantity,Price\n"
    "BIG-1,2026-11-19 10:00,2026-11-19 10:00,2026-11-19 11:00,Shipped,big-buyer,900.00,Coat,1,900.00\n")
PY
sd import orders "$T/big.csv"
sd --as ag refund request BIG-1 --kind return --amount 600 --reason quality --tracking SFR-BIG-1
r3=$(last_id)
t "above the ceiling: flagged" out_has "the owner must approve"
sd --as ag refund approve "$r3"
t "an agent cannot approve above the ceiling (1)" rc_is 1
sd refund approve "$r3" --note "good customer"
t "the owner can" rc_is 0
t "  a return waits for its parcel" [ "$(sq "SELECT status FROM refunds WHERE id = $r3")" = awaiting_return ]
as rf refund pay "$r3" --method 支付宝
t "no payment before the parcel is in (1)" rc_is 1

# receiving: miss, hit, repeat, and by the return tracking number
sd --as rt refund receive NO-SUCH-CODE
t "an unknown code: refused (1)" rc_is 1
t "  loudly" err_has "UNKNOWN CODE"
sd --as rt refund receive ERP-2
t "an order without a request: refused (1)" rc_is 1
t "  says so" err_has "NO RETURN REQUEST"
sd --as ag refund request ERP-2 --kind return --amount 50 --reason size
r4=$(last_id)
sd --as rt refund receive ERP-2
t "a request not approved yet: refused (1)" rc_is 1
t "  says so" err_has "NOT APPROVED YET"
t "  nothing recorded" [ "$(sq "SELECT status FROM refunds WHERE id = $r4")" = requested ]
sd --as ag refund receive SFR-BIG-1
t "an agent may not receive parcels (1)" rc_is 1
sd --as rt refund receive SFR-BIG-1 --condition 2
t "the returns desk receives by the return tracking number" rc_is 0
t "  received, defective, ready" [ "$(sq "SELECT status || ',' || condition || ',' || (CASE WHEN ready_at IS NOT NULL THEN 1 ELSE 0 END) || ',' || received_by FROM refunds WHERE id = $r3")" = "received,2,1,rt" ]
sd --as rt refund receive SFR-BIG-1
t "the same parcel again: refused (1)" rc_is 1
t "  already received, by whom" err_has "ALREADY RECEIVED at 2026-11-21 12:00 by rt"

# separation of duties: whoever approved cannot pay
sd --as ar refund request '#1004' --kind refund --amount 50 --reason size
r5=$(last_id)
sd --as ar refund approve "$r5"
as ar refund pay "$r5" --method 支付宝
t "the approver cannot pay (separation of duties) (1)" rc_is 1
t "  and is told why" err_has "separation of duties"
as rf refund pay "$r5" --method 支付宝
t "someone else can" rc_is 0

# the money: never more than was paid, however it is asked
sd --as ag refund request '#1004' --kind refund --amount 240 --reason size
t "more than what is left of the order: refused (1)" rc_is 1
t "  says what is left" err_has "only ¥229.00 of the ¥299.00"
sd --as ag refund request '#1004' --kind refund --amount 200 --reason size
ra=$(last_id)
t "a request after a paid one is no duplicate" out_lacks "another request on this order is open"
sd --as ag refund request '#1004' --kind refund --amount 200 --reason size
rb=$(last_id)
t "a second open request is flagged as a duplicate" out_has "another request on this order is open (#$ra)"
sd --as ag2 refund approve "$ra"
sd --as ag2 refund approve "$rb"
as rf refund pay "$ra" --method 支付宝
t "the first of two 200 refunds is paid" rc_is 0
as rf refund pay "$rb" --method 支付宝
t "the second would pay out more than the order took in: refused by the books (1)" rc_is 1
t "  the order's refunds never exceed what was paid" \
    [ "$(sq "SELECT CASE WHEN sum(p.amount) <= min(o.total - o.platform_refunded) THEN 1 ELSE 0 END FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.number = '#1004'")" = 1 ]
# straight into the database, past shopdesk: its own guards refuse (and say so)
refused_by_db() { sq "$1" >"$T/dbout" 2>&1; [ $? -ne 0 ] && grep -q "$2" "$T/dbout"; }
t "  even written straight into the database" refused_by_db "INSERT INTO payments (order_id, refund_id, kind, amount, goods_amount, shipping_amount, method, at, \"by\") SELECT order_id, id, 'refund', 10000, 10000, 0, 'x', 1, 'x' FROM refunds WHERE id = $rb" "exceeds what was paid"
t "  and a payment is never edited" refused_by_db "UPDATE payments SET amount = 1" "never edited"
t "  and a paid request is never edited" refused_by_db "UPDATE refunds SET amount = 1 WHERE id = $ra" "never edited"

# lines: quantities and per-line limits
sd --as ag refund request '#1001' --kind return --line TS-002-PK:3 --reason size
t "more pieces than were bought: refused (1)" rc_is 1
sd --as ag refund request '#1001' --kind return --line NOPE:1 --reason size
t "a SKU not in the order: bad input (2)" rc_is 2
sd --as ag refund request '#1001' --kind return --line TS-002-PK:1 --reason size
rl=$(last_id)
t "a line request takes the line's price" [ "$(sq "SELECT amount FROM refunds WHERE id = $rl")" = 8900 ]

# exchanges make a replacement order instead of paying
sd --as ag refund request ERP-2 --kind exchange --line SH-210-BL:1 --reason size --tracking SFR-EX-1
rx=$(last_id)
sd --as ag2 refund approve "$rx"
sd --as rt refund receive SFR-EX-1
as rf refund pay "$rx" --method 支付宝
t "an exchange is not paid (1)" rc_is 1
as rf refund exchange "$rx"
t "the replacement order is made" out_has "replacement order ERP-2-X$rx created"
t "  at no charge, paid, same line" [ "$(sq "SELECT o.total || ',' || o.status || ',' || l.sku FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.number = 'ERP-2-X$rx'")" = "0,paid,SH-210-BL" ]

# reversal: owners only; the refund stays paid, the money comes back
as rf refund reverse "$r1" --note "paid twice by the bank"
t "only owners reverse (1)" rc_is 1
sd refund reverse "$r1" --note "paid twice by the bank"
t "the owner reverses" rc_is 0
t "  a reversing entry, nothing edited" [ "$(sq "SELECT group_concat(amount, ' ') FROM (SELECT amount FROM payments WHERE refund_id = $r1 ORDER BY id) AS p")" = "2000 -2000" ]
sd refund reverse "$r1" --note again
t "  not twice (1)" rc_is 1

# withdraw and show
sd --as ag refund withdraw "$r4"
t "a request can be withdrawn" [ "$(sq "SELECT status FROM refunds WHERE id = $r4")" = withdrawn ]
sd refund show "$r3"
t "show: the detail with the parcel's condition" out_has "defective"
t "  and the timeline" out_has "return parcel received"
sd --as sh refund show "$r3"
t "a shopper may not see refunds (1)" rc_is 1

# late payments are paid and recorded as late
SHOPDESK_NOW="2026-11-21T12:09:00+08:00" as rf refund pay "$r3" --method 银行转账
t "a late refund is paid" rc_is 0
t "  and says late" out_has "(late)"
t "  recorded late in the books" [ "$(sq "SELECT late FROM payments WHERE refund_id = $r3")" = 1 ]

# every step is in the audit log with who did it
t "every step audited" [ "$(sq "SELECT count(*) FROM audit WHERE entity = 'refund'")" -ge 25 ]
t "  with both logins when an owner acts as someone" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'refund.request' AND login = '$ME' AND as_login = 'ag'")" -ge 3 ]
t "  and the person who paid" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'refund.pay' AND login = 'rf' AND as_login IS NULL")" -ge 3 ]

# compensation batches: preview, create once, all or nothing
sd compensate --from 2026-11-18 --to 2026-11-20 --amount 0.50 --reason "rebate under-credited"
t "preview: count and total, nothing created" out_has "Would compensate"
t "  nothing in the file" [ "$(sq "SELECT count(*) FROM compensations")" = 0 ]
sd compensate --from 2026-11-18 --to 2026-11-20 --amount 0.50 --reason "rebate under-credited" --yes
t "the batch is created" rc_is 0
n=$(sq "SELECT count(*) FROM compensations")
t "  one compensation per order" [ "$n" -ge 5 ] && [ "$(sq "SELECT count(DISTINCT order_id) FROM compensations")" = "$n" ]
t "  on each order's timeline" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'compensation.pay'")" = "$n" ]
sd compensate --from 2026-11-18 --to 2026-11-20 --amount 0.50 --reason "rebate under-credited" --yes
t "the same batch again adds nothing (1)" rc_is 1
t "  and says so" err_has "nothing added"
t "  still $n" [ "$(sq "SELECT count(*) FROM compensations")" = "$n" ]
sd --as ag compensate --amount 1 --reason x --yes
t "agents may not compensate (1)" rc_is 1
sd compensate --amount 0 --reason x --yes
t "a zero amount is refused" rc_is 2
done_testing
