#!/bin/sh
# Members, RFM tiers and gifts from the command line. The orders below are built so that
# R, F and M can be worked out by hand: orders outside the window, cancelled and unpaid
# orders, platform refunds and shopdesk refunds all change (or do not change) the numbers;
# members sit exactly on and just beyond the tier boundaries; the gift rules are run again
# and again, on later days, against stock and a budget.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
sd staff add rf --name 张伟 --roles refunds
sd staff add ag --name 李娜 --roles agent

# The orders of tests/fixtures/members_orders.csv (one row each, status, total, refunded):
#   cust-a   A1 2025-06-01 500.00 (outside the 365-day window), A2 2026-10-01 300.00 with
#            50.00 refunded by the platform, A3 2026-11-01 200.00 (SKU PRE-1), A4 cancelled,
#            A5 unpaid: R 20, F 2, M 450.00
#   cust-b   one unpaid order, no address: no R, F 0, M 0
#   cust-c   four of 250.00 on 11-02..05: F 4, M 1,000.00 (Silver, on its edge)
#   cust-d   two of 100.00 (Regular); cust-e one (Newcomer)
#   cust-g   eight of 250.00 on 11-11..18: M exactly 2,000.00 (Gold)
#   cust-h   eight of 300.00, the last 91 days ago (R 91 > 90: Silver); cust-i 90 days (Gold)
#   cust-a2  one order, with cust-a's phone
#   cust-k   K0 2025-01-10 (outside the window) and K1 2026-11-20, paid, not shipped
#   cust-m   one order on 2024-05-01, long before the window: R 934, F 0
csv="$FIXTURES/members_orders.csv"
sd import orders "$csv"
t "import: exit 0" rc_is 0
t "  the buyers' tiers follow at once" out_has "members changed tier"

member() { # BUYER FIELD: a field of the member as the JSON list gives it
    "$SHOPDESK" members list --limit 0 --format json | python3 -c '
import json, sys
m = [r for r in json.load(sys.stdin) if r["buyer_id"] == sys.argv[1]]
v = m[0][sys.argv[2]] if m else "absent"
print("null" if v is None else v)' "$1" "$2"
}
rfm() { echo "$(member "$1" tier_name) R$(member "$1" recency_days) F$(member "$1" frequency) M$(member "$1" monetary)"; }

t "a: window, cancelled, unpaid and platform refund: Regular R20 F2 M450.00" [ "$(rfm cust-a)" = "Regular R20 F2 M45000" ]
t "b: no paid order: R null, F0, M0" [ "$(rfm cust-b)" = "Newcomer Rnull F0 M0" ]
t "c: F4 M1,000.00: Silver" [ "$(rfm cust-c)" = "Silver R16 F4 M100000" ]
t "d: F2: Regular" [ "$(rfm cust-d)" = "Regular R5 F2 M20000" ]
t "e: F1: Newcomer" [ "$(rfm cust-e)" = "Newcomer R3 F1 M10000" ]
t "g: F8 M2,000.00 R3: Gold" [ "$(rfm cust-g)" = "Gold R3 F8 M200000" ]
t "h: R91 > 90: Silver, not Gold" [ "$(rfm cust-h)" = "Silver R91 F8 M240000" ]
t "i: R90: Gold" [ "$(rfm cust-i)" = "Gold R90 F8 M240000" ]
t "m: only an order long before the window: R934, F0" [ "$(rfm cust-m)" = "Newcomer R934 F0 M0" ]
t "k: R1 F1" [ "$(rfm cust-k)" = "Newcomer R1 F1 M6000" ]

sd members list --format json --limit 0
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 11, len(rows)
need = {"id", "name", "tier", "tier_name", "recency_days", "frequency", "monetary", "last_order_at", "phone", "tags", "gifts"}
assert all(need <= set(r) for r in rows), set(rows[0])
assert all(isinstance(r["monetary"], int) and isinstance(r["tier"], int) for r in rows)
# the most recent buyers first
last = [r["last_order_at"] or "" for r in rows]
assert last == sorted(last, reverse=True), last
' 2>"$T/py"
t "members list as JSON: stable keys, integer money, most recent buyers first" [ $? -eq 0 ]
sd members list --tier gold --format csv
t "--tier by name" [ "$(echo "$out" | tail -n +2 | cut -d, -f3 | sort | tr '\n' ' ')" = "cust-g cust-i " ]
sd members list --tier 9
t "an unknown tier is bad usage (2)" rc_is 2
sd members list --search 13800000004 --format csv
t "--search by phone" [ "$(echo "$out" | tail -n +2 | cut -d, -f3)" = "cust-d" ]
sd --as ag members list
t "agents see members, phones in full" out_has "cust-g"

sd tiers recompute
t "recompute right after the import: nothing moves" out_has "0 moved up, 0 moved down"
sd tiers list --format json
t "tiers list: members per tier" [ "$(echo "$out" | python3 -c 'import json,sys; print([t["members"] for t in json.load(sys.stdin)])')" = "[5, 2, 2, 2]" ]
sd --as ag tiers recompute
t "agents may not recompute tiers (1)" rc_is 1
t "  m keeps R934 through a recompute that reads only the window" [ "$(rfm cust-m)" = "Newcomer R934 F0 M0" ]
sd orders cancel K1 --reason "out of stock"
t "k's last paid order cancelled: R goes back to the order before (680 days), F0" [ "$(rfm cust-k)" = "Newcomer R680 F0 M0" ]
sd tiers recompute
t "  and stays so through the next recompute" [ "$(rfm cust-k)" = "Newcomer R680 F0 M0" ]

# the history says why
sd members show cust-g --format json
echo "$out" | python3 -c '
import json, sys
m = json.load(sys.stdin)
h = m["tier_history"]
assert len(h) == 1 and h[0]["from"] == 0 and h[0]["to"] == 3, h
assert h[0]["reason"] == "F 8 ≥ 8 and M ¥2,000.00 ≥ ¥2,000.00 and R 3 ≤ 90", h[0]["reason"]
' 2>"$T/py"
t "the tier change is recorded with its reason" [ $? -eq 0 ]
sd members show cust-c
t "show: the tier and its rules" out_has "Silver (tier 2)"
t "  the enter rule" out_has "F ≥ 4, M ≥ ¥800.00"
t "  the next tier" out_has "Gold: F ≥ 8"
t "  the benefits" out_has "queued 1 min earlier"

# a refund paid by shopdesk lowers M; the keep rule keeps the tier
sd refund request C02 --kind refund --amount 250 --reason changed_mind
rq=$(tail -1 "$T/out")
sd refund approve "$rq"
as rf refund pay "$rq" --method 支付宝 --ref TX-9
t "the refund is paid" rc_is 0
sd tiers recompute
t "c: M 750.00 after the refund, still Silver by the keep rule" [ "$(rfm cust-c)" = "Silver R16 F4 M75000" ]

# the tier's auto-approve benefit (Gold: up to 150.00), never above it
sd --as ag refund request G11 --kind refund --amount 100 --reason damaged
t "a Gold member's small request is approved by the tier" out_has 'the Gold tier (up to'
sd --as ag refund request G12 --kind refund --amount 200 --reason damaged
t "  a larger one waits for review" out_lacks 'approved by'

# refund queue priority: Gold's refund, ready two minutes after a Newcomer's, comes first
SHOPDESK_NOW="2026-11-21T12:30:00+08:00" sd --as ag refund request E1 --kind refund --amount 20 --reason damaged
re=$(tail -1 "$T/out")
SHOPDESK_NOW="2026-11-21T12:32:00+08:00" sd --as ag refund request G13 --kind refund --amount 30 --reason damaged
rg=$(tail -1 "$T/out")
SHOPDESK_NOW="2026-11-21T12:33:00+08:00" sd refund list --view queue --format json
t "the queue puts the Gold member's refund first (3 minutes' priority)" \
    [ "$(echo "$out" | python3 -c 'import json,sys; ids=[r["id"] for r in json.load(sys.stdin)]; print(ids.index('"$rg"') < ids.index('"$re"'))')" = True ]

# edit: birthday checked, tags tidied; nothing written on bad input
sd members edit cust-a --birthday 02-30
t "a birthday that is no day: exit 2" rc_is 2
t "  says how to write it" err_has "MM-DD"
t "  nothing written" [ "$(sq "SELECT birthday FROM members WHERE buyer_id = 'cust-a'")" = "" ]
sd members edit cust-a --phone abc
t "a phone that is no phone: refused (2)" rc_is 2
t "  saying what a phone is" err_has "'abc' is not a phone number"
t "  nothing written" [ "$(sq "SELECT phone FROM members WHERE buyer_id = 'cust-a'")" != abc ]
sd members edit cust-a --birthday 11-25 --tags "VIP，老客户, VIP"
t "edit: exit 0" rc_is 0
t "  tags tidied" [ "$(sq "SELECT tags FROM members WHERE buyer_id = 'cust-a'")" = "VIP,老客户" ]
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'member.edit'")" = 1 ]
sd members list --tag 老客户 --format csv
t "--tag filters" [ "$(echo "$out" | tail -n +2 | cut -d, -f3)" = "cust-a" ]
sd --as rf members edit cust-a --notes x
t "the refunds team may not edit members (1)" rc_is 1

# gifts: nothing stocked yet
sd gifts run --dry-run
t "no stock recorded: exit 1" rc_is 1
t "  says to stock it" out_has "never stocked"
t "  nothing made" [ "$(sq "SELECT count(*) FROM orders WHERE gift = 1")" = 0 ]
sd gifts stock GIFT-SILVER 2
sd gifts stock GIFT-GOLD 5
sd gifts stock GIFT-BDAY 5
sd gifts stock GIFT-VIP 5
sd gifts stock GIFT-VIP -1
t "a negative stock is bad usage (2)" rc_is 2
sd gifts run --dry-run --format json
t "dry run: what would be made" [ "$(echo "$out" | python3 -c 'import json,sys; print(sum(r["made"] for r in json.load(sys.stdin)))')" = 7 ]
t "  nothing made" [ "$(sq "SELECT count(*) FROM orders WHERE gift = 1")" = 0 ]
t "  stock untouched" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'GIFT-SILVER'")" = 2 ]
sd gifts run --format json
t "run: exit 1 when a gift could not be made" rc_is 1
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
made = sorted((r["rule"], r["member_id"]) for r in rows if r["made"])
failed = [(r["rule"], r["reason"]) for r in rows if not r["made"]]
assert len(made) == 7, made
assert [f[0] for f in failed] == ["welcome to Silver"] * 2, failed
assert all(f[1] == "no stock of the gift" for f in failed), failed
assert all(r["order"].startswith("G20261121-") for r in rows if r["made"])
' 2>"$T/py"
t "  tier gifts while stock lasts, Gold, VIP day and a birthday" [ $? -eq 0 ]
t "  stock used up" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'GIFT-SILVER'")" = 0 ]
sd orders list --gift yes --format json
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 7, len(rows)
assert all(r["gift"] is True and r["total"] == 0 and r["status"] == "paid" and r["platform"] == "gift" for r in rows)
' 2>"$T/py"
t "gift orders: zero price, paid, flagged gift: true" [ $? -eq 0 ]
t "  with the member's last address" [ "$(sq "SELECT count(*) FROM orders WHERE gift = 1 AND address LIKE '上海市徐汇区 cust-%'")" = 7 ]
sd gifts run
t "again the same day: nothing new" out_has "made 0 gifts"
t "  the two without stock are still listed" out_has "no stock of the gift"
t "  recorded as failures" [ "$(sq "SELECT count(*) FROM gift_failures")" = 2 ]
sd gifts stock GIFT-SILVER 10
sd gifts run
t "restocked: the two are made" out_has "made 2 gifts"
t "  exit 0" rc_is 0
sd gifts run
t "and then nothing" out_has "made 0 gifts (¥0.00); 0 could not be made"
t "once per rule, member and period" [ "$(sq "SELECT count(*) FROM (SELECT rule, member_id, period FROM gifts GROUP BY 1, 2, 3 HAVING count(*) > 1) AS q")" = 0 ]
sd gifts run --date 2026-11-24
t "a later day in the month: nothing new" out_has "made 0 gifts"
sd gifts run --date 2026-12-17
t "before the next VIP day: nothing" out_has "made 0 gifts"
sd gifts run --date 2026-12-18 --format json
t "the next month's VIP day: the two Gold members" [ "$(echo "$out" | python3 -c 'import json,sys; print(sorted(r["rule"] for r in json.load(sys.stdin) if r["made"]))')" = "['VIP day', 'VIP day']" ]
sd gifts run --date 2027-11-20 --format json
t "the next year: the birthday again" [ "$(echo "$out" | python3 -c 'import json,sys; print([r["period"] for r in json.load(sys.stdin) if r["rule"] == "birthday"])')" = "['2027']" ]
sd gifts run --date bad
t "a bad date is bad usage (2)" rc_is 2
sd --as ag gifts run
t "agents may not run gifts (1)" rc_is 1

# gift orders go into pick waves like any paid order
sd wave create --size 100
t "the wave picks the gifts" out_has "GIFT-GOLD"

# the budget: the gifts for November's days cost 4 x 15 + 2 x 30 + 2 x 10 + 25 = 165.00
sed -i '/^gifts:/,$d' "$SHOPDESK_SHOP/shop.yaml"
cat >>"$SHOPDESK_SHOP/shop.yaml" <<'YAML'
gifts:
  budget_per_month: 180
  rules:
    - {name: birthday, when: birthday, within_days: 7, min_tier: 1, sku: GIFT-BDAY, cost: 25}
    - {name: sorry, when: goodwill, orders: {sku: PRE-1}, sku: GIFT-SORRY, cost: 5}
    - {name: unpaid, when: goodwill, orders: {status: pending}, sku: GIFT-SORRY, cost: 0}
YAML
sd check
t "the edited shop.yaml checks" rc_is 0
sd members edit cust-d --birthday 11-23
sd gifts run --format json
echo "$out" | python3 -c '
import json, sys
rows = {(r["rule"], r["member_id"]): r for r in json.load(sys.stdin)}
reasons = sorted((k[0], r["reason"]) for k, r in rows.items())
assert ("birthday", "this month\u2019s gift budget is spent") in reasons or ("birthday", "this month'"'"'s gift budget is spent") in reasons, reasons
assert ("sorry", "the gift SKU was never stocked (shopdesk gifts stock SKU N)") in reasons, reasons
' 2>"$T/py"
t "over the monthly budget and unstocked: not made, with the reasons" [ $? -eq 0 ]
sd gifts stock GIFT-SORRY 5
sd gifts run --format json
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
sorry = [r for r in rows if r["rule"] == "sorry"]
assert len(sorry) == 1 and sorry[0]["made"] and sorry[0]["member"].split()[0] == "cust-a", sorry
unpaid = {r["member"].split()[0]: r for r in rows if r["rule"] == "unpaid"}
assert unpaid["cust-a"]["made"], unpaid
assert not unpaid["cust-b"]["made"] and unpaid["cust-b"]["reason"] == "no order with an address to send it to", unpaid
' 2>"$T/py"
t "goodwill: the buyers the filter picks; no address, not made" [ $? -eq 0 ]
sd gifts run --format json
t "goodwill once" [ "$(echo "$out" | python3 -c 'import json,sys; print(sum(r["made"] for r in json.load(sys.stdin)))')" = 0 ]
sd gifts list --member cust-a --format json
t "gifts list for a member" [ "$(echo "$out" | python3 -c 'import json,sys; print(sorted(r["rule"] for r in json.load(sys.stdin)))')" = "['birthday', 'birthday', 'sorry', 'unpaid']" ]

# same phone: shown, merged only when a person says so
sd members show cust-a
t "show lists the member with the same phone" out_has "cust-a2"
t "  never merged on its own" [ "$(member cust-a2 frequency)" = 1 ]
sd members merge cust-a2 --into cust-a
t "merge: exit 0" rc_is 0
t "  the orders move: F3, M600.00" [ "$(rfm cust-a)" = "Regular R2 F3 M60000" ]
t "  the merged member leaves the list" [ "$(member cust-a2 id)" = absent ]
sd members show cust-a2 --format json
t "  its buyer id finds the member it joined" [ "$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["buyer_id"])')" = cust-a ]
sd import orders "$csv"
t "  a new import of its orders adds no member" out_has "0 new members"
sd members merge cust-a --into cust-a
t "merging a member into itself: exit 2" rc_is 2

# what-if: other thresholds, nothing written
sed 's/enter: {min_orders: 4, min_spent: 800}/enter: {min_orders: 2, min_spent: 100}/' \
    "$top_srcdir/data/shop.yaml" >"$T/alt.yaml"
before=$(sq "SELECT group_concat(tier) FROM members")
sd tiers preview --file "$T/alt.yaml" --format json
echo "$out" | python3 -c '
import json, sys
p = json.load(sys.stdin)
assert p["up"] == 2 and p["down"] == 0, p
assert p["moves"] == [{"from": 1, "from_name": "Regular", "to": 2, "to_name": "Silver", "members": 2}], p["moves"]
' 2>"$T/py"
t "preview: who would move from which tier to which" [ $? -eq 0 ]
t "  nothing written" [ "$(sq "SELECT group_concat(tier) FROM members")" = "$before" ]
sd tiers preview --file "$T/alt.yaml"
t "  as a matrix" out_has "Tier now"
printf 'members:\n  tiers:\n    - name: A\n    - name: B\n' >"$T/bad.yaml"
sd tiers preview --file "$T/bad.yaml"
t "a bad file: exit 2" rc_is 2
t "  names the file and line" err_has "bad.yaml:4:"

# the grace period: a year on, c's orders leave the window
SHOPDESK_NOW="2027-11-10T12:00:00+08:00" sd tiers recompute
t "below the keep rule: still Silver, in the grace period" [ "$(member cust-c tier_name)" = Silver ]
SHOPDESK_NOW="2027-11-10T12:00:00+08:00" sd members show cust-c
t "  the screen says until when" out_has "moves down after 2027-12-10"
SHOPDESK_NOW="2027-12-09T12:00:00+08:00" sd tiers recompute
t "29 days on: still Silver" [ "$(member cust-c tier_name)" = Silver ]
SHOPDESK_NOW="2027-12-10T12:00:00+08:00" sd tiers recompute
t "30 days on: down" [ "$(member cust-c tier_name)" = Newcomer ]
t "  with the reason" [ "$(sq "SELECT reason FROM tier_history WHERE member_id = (SELECT id FROM members WHERE buyer_id = 'cust-c') ORDER BY id DESC LIMIT 1")" = "below the keep rule of Silver for 30 days: F 0 < 2" ]
t "every recompute that wrote is audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'tiers.recompute'")" -ge 3 ]
sd check
t "check passes after it all" rc_is 0

# more buyers in one file than are recomputed one by one (2,000): every one of them gets its
# tier, in an empty shop (the bulk load) and in one that has orders; nothing is left over
awk 'BEGIN { print "Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price"
    for (i = 1; i <= 2600; i++) for (k = 1; k <= i % 4 + 1; k++)
        printf "X%d-%d,2026-11-0%d 10:00,2026-11-0%d 10:01,2026-11-0%d 15:00,Shipped,bulk-%d,bulk-%d 收,,上海市,CNY,0.00,250.00,,,,TS-1,item TS-1,1,250.00\n", i, k, k, k, k, i, i }' >"$T/many.csv"
silver() { sq "SELECT count(*) FROM members WHERE buyer_id LIKE 'bulk-%' AND tier = 2"; }
new_shop "$T/many-empty"
sd import orders "$T/many.csv"
t "2,600 buyers into an empty shop" rc_is 0
t "  the 650 with four orders of 250.00 are Silver" [ "$(silver)" = 650 ]
sd tiers recompute
t "  a recompute after it changes nothing" out_has "0 moved up, 0 moved down"
new_shop "$T/many-more"
sd import orders "$csv"
sd import orders "$T/many.csv"
t "2,600 buyers into a shop that has orders" rc_is 0
t "  the 650 are Silver" [ "$(silver)" = 650 ]
sd tiers recompute
t "  a recompute after it changes nothing" out_has "0 moved up, 0 moved down"
done_testing
