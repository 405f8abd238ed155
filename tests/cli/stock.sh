#!/bin/sh
# Stock by SKU and condition: receiving, counting with a reason, the ledger, returns put back
# by their grade (never as new), gifts taken from the same stock, and counts that always add
# up to their movements.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
for who in "ag agent" "rt returns" "wh warehouse" "rf refunds"; do
    set -- $who
    sd staff add "$1" --name "$1" --roles "$2"
done
cat > "$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
S-1,2026-11-19 09:00,2026-11-19 09:01,2026-11-19 12:00,Shipped,c1,黄蓉,13700000001,成都市,CNY,0.00,158.00,,韵达快递,YD-S-1,TS-001,纯棉T恤,2,79.00
S-2,2026-11-19 10:00,2026-11-19 10:00,2026-11-19 12:00,Shipped,c2,郭靖,13700000002,成都市,CNY,0.00,99.00,,韵达快递,YD-S-2,SPK-9,蓝牙音箱,1,99.00
S-3,2026-11-19 11:00,2026-11-19 11:00,2026-11-19 12:00,Shipped,c3,杨过,13700000003,成都市,CNY,0.00,79.00,,韵达快递,YD-S-3,TS-001,纯棉T恤,1,79.00
S-4,2026-11-19 11:30,2026-11-19 11:30,2026-11-19 12:00,Shipped,c4,小龙女,13700000004,成都市,CNY,0.00,99.00,,韵达快递,YD-S-4,SPK-9,蓝牙音箱,1,99.00
CSV
sd import orders "$T/o.csv"
t "imports do not touch the stock" [ "$(sq "SELECT count(*) FROM stock")" = 0 ]

# receiving and counting: the warehouse and owners
sd --as ag stock add TS-001 10
t "an agent does not receive stock (1)" rc_is 1
sd --as wh stock add TS-001 10
t "the warehouse receives a delivery" rc_is 0
t "  and says what" out_has "TS-001: 10 new received."
sd --as wh stock add TS-001 0
t "a count of 0 is bad usage (2)" rc_is 2
sd --as wh stock add TS-001 -3
t "a negative count is bad usage (2)" rc_is 2
sd --as wh stock add " TS-001" 1
t "a SKU with a blank at its end is refused (2)" rc_is 2
sd --as wh stock add TS-001 1 --condition defective
t "defective goods do not come in as a delivery (2)" rc_is 2
sd --as wh stock add SPK-9 4
sd --as wh stock adjust SPK-9 --condition new --to 3
t "an adjustment needs its reason (2)" rc_is 2
sd --as wh stock adjust SPK-9 --condition new --to 3 --reason "  "
t "a blank reason is no reason (2)" rc_is 2
sd --as wh stock adjust SPK-9 --condition new --to 3 --reason "stocktake: one dented"
t "a stocktake sets the count" out_has "SPK-9: new 4 → 3 (-1)."
sd --as wh stock adjust SPK-9 --condition new --to 3 --reason again
t "  setting it to what it is changes nothing" out_has "already 3; nothing changed"
t "  and records no movement" [ "$(sq "SELECT count(*) FROM stock_moves WHERE sku = 'SPK-9'")" = 2 ]

# returns: grade 1 → open-box, never new; 2 → defective; 3 → what came back; 4 → nothing
sd --as ag refund request S-1 --kind return --line TS-001:2 --reason size --tracking RT-1
r1=$(tail -1 "$T/out")
sd --as ag refund request S-2 --kind return --line SPK-9:1 --reason damaged --note "crackles at half volume" --tracking RT-2
r2=$(tail -1 "$T/out")
sd --as ag refund request S-3 --kind return --line TS-001:1 --reason wrong_item --tracking RT-3
r3=$(tail -1 "$T/out")
sd --as ag refund request S-4 --kind return --line SPK-9:1 --reason quality --tracking RT-4
r4=$(tail -1 "$T/out")
for r in $r1 $r2 $r3 $r4; do sd --as ag refund approve "$r"; done
sd --as rt refund receive RT-1 --condition 1
t "a resaleable parcel is received" rc_is 0
t "  its two T-shirts are open-box, not new" [ "$(sq "SELECT qty_new || ',' || qty_open_box FROM stock WHERE sku = 'TS-001'")" = "10,2" ]
t "  the movement names the refund" [ "$(sq "SELECT kind || ',' || condition || ',' || delta || ',' || refund_id FROM stock_moves WHERE refund_id = $r1")" = "returned,open_box,2,$r1" ]
sd --as rt refund receive RT-2 --condition 2
t "a defective speaker goes to defective" [ "$(sq "SELECT qty_new || ',' || qty_open_box || ',' || qty_defective FROM stock WHERE sku = 'SPK-9'")" = "3,0,1" ]
sd --as rt refund receive RT-3 --condition 3
t "a wrong item without the SKU that came back is bad input (2)" rc_is 2
t "  says what is missing" err_has "say which SKU came back"
t "  and nothing was received" [ "$(sq "SELECT status FROM refunds WHERE id = $r3")" = awaiting_return ]
sd --as rt refund receive RT-3 --condition 3 --sku TS-009
t "a wrong item: the SKU that came back comes in, as open-box" [ "$(sq "SELECT qty_new || ',' || qty_open_box FROM stock WHERE sku = 'TS-009'")" = "0,1" ]
t "  the SKU asked back does not" [ "$(sq "SELECT qty_open_box FROM stock WHERE sku = 'TS-001'")" = 2 ]
sd --as rt refund receive RT-4 --condition 4
t "an empty parcel is received" rc_is 0
t "  nothing comes into the stock" [ "$(sq "SELECT count(*) FROM stock_moves WHERE refund_id = $r4")" = 0 ]
t "  the audit row flags it for the owner" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'refund.receive' AND after LIKE '%empty_or_short%'")" = 1 ]
sd review --date 2026-11-21 --format json
t "  the owner's review counts the empty parcel" sh -c "grep -q '\"parcels_empty\": *1' '$T/out' || grep -q '\"parcels_empty\":1' '$T/out'"

# defects by SKU: what came back defective, why, of how many sold, twelve weeks, the buyers' words
sd --as ag defects
t "the defects page is the owner's (1)" rc_is 1
sd defects --format json
echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["from"] == "2026-08-30" and d["to"] == "2026-11-21", d
skus = {x["sku"]: x for x in d["skus"]}
assert list(skus) == ["SPK-9"], skus
x = skus["SPK-9"]
assert (x["defective"], x["requests"], x["sold"]) == (1, 1, 2), x
assert x["share_percent"] == 50.0, x
assert x["reasons"] == {"damaged": 1}, x
assert x["weeks"] == [0] * 11 + [1], x
assert x["comments"] == ["crackles at half volume"], x
' 2>"$T/py"
t "defects as JSON: units back, requests, sold, share, reasons, 12 weeks, comments" [ $? -eq 0 ]
sd defects
t "  as text, reasons in words" out_has "reasons: arrived damaged 1"
t "  with the buyer's words" out_has "crackles at half volume"
sd defects --from 2026-11-22 --to 2026-11-30
t "  a period without any: says so" out_has "None: no parcel came back graded defective"
sd defects --from 2026-11-30 --to 2026-11-22
t "  --from after --to is refused (2)" rc_is 2

# three more speakers back broken within the week, none before: the review names a jump
cat > "$T/d.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
D-1,2026-11-18 09:00,2026-11-18 09:01,2026-11-18 12:00,Shipped,d1,甲,13700000021,成都市,CNY,0.00,99.00,,韵达快递,YD-D-1,SPK-9,蓝牙音箱,1,99.00
D-2,2026-11-18 09:10,2026-11-18 09:11,2026-11-18 12:00,Shipped,d2,乙,13700000022,成都市,CNY,0.00,99.00,,韵达快递,YD-D-2,SPK-9,蓝牙音箱,1,99.00
D-3,2026-11-18 09:20,2026-11-18 09:21,2026-11-18 12:00,Shipped,d3,丙,13700000023,成都市,CNY,0.00,99.00,,韵达快递,YD-D-3,SPK-9,蓝牙音箱,1,99.00
CSV
sd import orders "$T/d.csv"
for i in 1 2 3; do
    sd --as ag refund request D-$i --kind return --line SPK-9:1 --reason quality --tracking RD-$i
    sd --as ag refund approve "$(tail -1 "$T/out")"
    sd --as rt refund receive RD-$i --condition 2
done
sd review --date 2026-11-21 --format json
echo "$out" | python3 -c '
import json, sys
x = json.load(sys.stdin)["exceptions"]
assert x["defect_jumps"] == 1 and x["parcels_empty"] == 1, x
' 2>"$T/py"
t "the review counts the SKU whose defect share jumped" [ $? -eq 0 ]
sd review --date 2026-11-21
t "  and says so in words" out_has "SKUs whose defect share jumped"

# the list and the ledger
sd --as rt stock list --format json
echo "$out" | python3 -c '
import json, sys
rows = {r["sku"]: r for r in json.load(sys.stdin)}
assert rows["TS-001"] == {"sku": "TS-001", "new": 10, "open_box": 2, "defective": 0}, rows
assert rows["SPK-9"]["defective"] == 4 and rows["TS-009"]["open_box"] == 1, rows
' 2>"$T/py"
t "stock list as JSON: new, open_box, defective per SKU" [ $? -eq 0 ]
sd stock list --sku spk
t "  --sku keeps the SKUs holding the text" out_has "SPK-9"
t "  and only them" sh -c "! grep -q TS-001 '$T/out'"
sd stock list --format csv
t "  as CSV, with its header" sh -c "head -1 '$T/out' | tr -d '\\r\\357\\273\\277' | grep -qx 'sku,new,open_box,defective'"
sd stock moves SPK-9 --format csv
t "the ledger of a SKU, newest first" sh -c "sed -n 2p '$T/out' | grep -q '^[^,]*,returned,defective,1,#[0-9]*,,rt'"
t "  each return with its refund" grep -q ",returned,defective,1,#$r2,,rt" "$T/out"
t "  down to the delivery" sh -c "tail -1 '$T/out' | grep -q ',received,new,4,'"

# pick waves take new stock; an order short of it waits; an order sold as open-box takes open-box
cat > "$T/w.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
W-1,2026-11-21 08:00,2026-11-21 08:01,,Paid,w1,黄蓉,13700000011,成都市,CNY,0.00,237.00,,,,TS-001,纯棉T恤,3,79.00
W-2,2026-11-21 08:10,2026-11-21 08:11,,Paid,w2,郭靖,13700000012,成都市,CNY,0.00,99.00,,,,SPK-9,蓝牙音箱,4,99.00
W-3,2026-11-21 08:20,2026-11-21 08:21,,Paid,w3,杨过,13700000013,成都市,CNY,0.00,79.00,,,,TS-001,纯棉T恤,1,79.00
W-4,2026-11-21 08:30,2026-11-21 08:31,,Paid,w4,小龙女,13700000014,成都市,CNY,0.00,50.00,,,,NEVER-STOCKED,帽子,1,50.00
W-5,2026-11-21 08:40,2026-11-21 08:41,,Paid,w5,黄药师,13700000015,成都市,CNY,0.00,79.00,,,,TS-001,纯棉T恤,2,79.00
CSV
sd import orders "$T/w.csv"
sd orders open-box W-5
t "an agent's order sold as open-box" out_has "W-5 is sold as open-box"
sd --as wh orders open-box W-3
t "  the warehouse does not sell (1)" rc_is 1
sd --as wh wave create --size 10
t "a wave is made" rc_is 0
t "  the order short of new stock waits, named on stderr" err_has "W-2: SPK-9: 3 new, 4 needed"
t "  the others are in the wave" [ "$(sq "SELECT count(*) FROM orders WHERE wave_id IS NOT NULL AND number IN ('W-1', 'W-3', 'W-4', 'W-5')")" = 4 ]
t "  the short one is not" [ "$(sq "SELECT count(*) FROM orders WHERE wave_id IS NULL AND number = 'W-2'")" = 1 ]
t "  W-1 and W-3 took 4 new T-shirts" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'TS-001'")" = 6 ]
t "  W-5, sold as open-box, took 2 open-box" [ "$(sq "SELECT qty_open_box FROM stock WHERE sku = 'TS-001'")" = 0 ]
t "  a SKU never stocked is not counted" [ "$(sq "SELECT count(*) FROM stock WHERE sku = 'NEVER-STOCKED'")" = 0 ]
t "  each pick is a movement of its order" [ "$(sq "SELECT count(*) FROM stock_moves WHERE kind = 'picked'")" = 3 ]
sd orders open-box W-5 off
t "an order in a wave keeps what it took (1)" rc_is 1
sd orders cancel W-1 --reason "buyer cancelled"
t "a cancelled order's goods go back to the shelf" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'TS-001'")" = 9 ]
sd --as wh stock add SPK-9 1
sd --as wh wave create
t "the next wave takes the order once there is stock" [ "$(sq "SELECT count(*) FROM orders WHERE wave_id IS NOT NULL AND number = 'W-2'")" = 1 ]
t "  and its four speakers" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'SPK-9'")" = 0 ]

# a shop that picks elsewhere says so: imported orders that come in shipped take their goods
sed -i 's/^  stock_from_imports: false/  stock_from_imports: true/' "$T/shop/shop.yaml"
before=$(sq "SELECT qty_new FROM stock WHERE sku = 'TS-001'")
cat > "$T/i.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
I-1,2026-11-21 08:00,2026-11-21 08:01,2026-11-21 10:00,Shipped,i1,甲,13700000071,成都市,CNY,0.00,158.00,,韵达快递,4312345670071,TS-001,纯棉T恤,2,79.00
I-2,2026-11-21 08:10,2026-11-21 08:11,2026-11-21 10:00,Shipped,i2,乙,13700000072,成都市,CNY,0.00,990.00,,韵达快递,4312345670072,SPK-9,蓝牙音箱,10,99.00
I-3,2026-11-21 08:20,2026-11-21 08:21,,Paid,i3,丙,13700000073,成都市,CNY,0.00,79.00,,,,TS-001,纯棉T恤,1,79.00
CSV
sd import orders "$T/i.csv"
t "stock_from_imports: an order imported shipped takes its goods" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'TS-001'")" = "$((before - 2))" ]
t "  as a pick of that order" [ "$(sq "SELECT count(*) FROM stock_moves m JOIN orders o ON o.id = m.order_id WHERE o.number = 'I-1' AND m.kind = 'picked' AND m.delta = -2")" = 1 ]
t "  one short of stock is named, and takes nothing" out_has "order I-2: not taken from the stock: SPK-9: 0 new, 10 needed"
t "  a paid one not yet" [ "$(sq "SELECT count(*) FROM stock_moves m JOIN orders o ON o.id = m.order_id WHERE o.number = 'I-3'")" = 0 ]
cat > "$T/i2.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
I-3,2026-11-21 08:20,2026-11-21 08:21,2026-11-21 11:00,Shipped,i3,丙,13700000073,成都市,CNY,0.00,79.00,,韵达快递,4312345670073,TS-001,纯棉T恤,1,79.00
CSV
sd import orders "$T/i2.csv"
t "  once the import shows it shipped, it takes them" [ "$(sq "SELECT count(*) FROM stock_moves m JOIN orders o ON o.id = m.order_id WHERE o.number = 'I-3' AND m.kind = 'picked'")" = 1 ]
sd import orders "$T/i2.csv"
t "  and never twice" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'TS-001'")" = "$((before - 3))" ]
sed -i 's/^  stock_from_imports: true/  stock_from_imports: false/' "$T/shop/shop.yaml"

# gifts come out of the same stock
sd gifts stock GIFT-1 3
t "gifts stock sets the gift's new stock" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'GIFT-1'")" = 3 ]
t "  by a movement, audited" [ "$(sq "SELECT count(*) FROM stock_moves WHERE sku = 'GIFT-1' AND kind = 'adjusted'")" = 1 ]
sd gifts stock
t "gifts stock lists the same counts" sh -c "grep -q 'GIFT-1 *3' '$T/out'"

# counts are the sum of their movements; the database refuses what would break that
sd check
t "check: the counts add up" out_has "stock:     ok"
moves=$(sq "SELECT count(*) || ',' || sum(delta) FROM stock_moves")
t "a movement is never edited" sh -c "! sq \"UPDATE stock_moves SET delta = 5 WHERE id = 1\" 2>/dev/null"
t "a movement is never removed" sh -c "! sq \"DELETE FROM stock_moves WHERE id = 1\" 2>/dev/null"
t "the database refuses a count below 0" sh -c "! sq \"INSERT INTO stock_moves (at, sku, condition, delta, kind, login) VALUES (1, 'SPK-9', 'new', -4, 'adjusted', 'x')\" 2>/dev/null"
t "  and the movements are as they were" [ "$(sq "SELECT count(*) || ',' || sum(delta) FROM stock_moves")" = "$moves" ]
if on_pg; then
    sq "UPDATE stock SET qty_new = 99 WHERE sku = 'TS-001'" 2>"$T/pgerr"
    t "PostgreSQL itself refuses a count changed by hand" grep -q "the stock changes only by a movement" "$T/pgerr"
    sq "INSERT INTO stock (sku, qty_new) VALUES ('NEW-1', 5)" 2>"$T/pgerr"
    t "  or a new SKU that starts with goods" grep -q "the stock changes only by a movement" "$T/pgerr"
    t "  the counts are as they were" [ "$(sq "SELECT qty_new FROM stock WHERE sku = 'TS-001'")" = 6 ]
else
    sq "UPDATE stock SET qty_new = 99 WHERE sku = 'TS-001'"
    sd check
    t "a count changed behind shopdesk's back fails the check (1)" rc_is 1
    t "  naming the SKU and both sums" out_has "stock of TS-001 is 99 new, 0 open-box, 0 defective, but its movements add up to 6, 0, 0"
fi
done_testing
