#!/bin/sh
# Delivery promises: each paid order keeps the promise it was paid under (orders.promises in
# shop.yaml, the first rule that fits), orders list and show say it, a wave takes the
# orders whose promise ends first, and the review counts promises kept and missed.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
new_shop "$T/shop"
# 1号店's rules: 3C before 12:00, far regions a day more, everything else before 11:00
python3 - "$T/shop/shop.yaml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'  promises:\n(    #.*\n)*    - \{cutoff: "16:00"\}\n',
           '  promises:\n    - {cutoff: "12:00", sku_prefix: "3C-"}\n'
           '    - {cutoff: "11:00", region: 新疆, days: 1}\n    - {cutoff: "11:00"}\n', s)
open(p, "w").write(s)
PY
t "shop.yaml takes the rules" sh -c "'$SHOPDESK' check >/dev/null"
cat > "$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price
P-1,2026-11-20 10:00,2026-11-20 10:30,2026-11-20 17:00,Shipped,p1,甲,13700000041,上海市1号,CNY,0.00,79.00,,韵达快递,4312345670001,TS-001,T恤,1,79.00
P-2,2026-11-20 10:00,2026-11-20 10:40,2026-11-21 08:00,Shipped,p2,乙,13700000042,上海市2号,CNY,0.00,79.00,,韵达快递,4312345670002,TS-001,T恤,1,79.00
P-3,2026-11-20 13:00,2026-11-20 13:05,,Paid,p3,丙,13700000043,上海市3号,CNY,0.00,79.00,,,,TS-001,T恤,1,79.00
P-4,2026-11-20 11:30,2026-11-20 11:30,,Paid,p4,丁,13700000044,上海市4号,CNY,0.00,999.00,,,,3C-PHONE,手机,1,999.00
P-5,2026-11-20 10:50,2026-11-20 10:50,,Paid,p5,戊,13700000045,新疆乌鲁木齐市5号,CNY,0.00,79.00,,,,TS-001,T恤,1,79.00
P-6,2026-11-19 09:00,2026-11-19 09:00,,Paid,p6,己,13700000046,上海市6号,CNY,0.00,79.00,,,,TS-001,T恤,1,79.00
CSV
sd import orders "$T/o.csv"
sd orders list --format json --limit 0
echo "$out" | python3 -c '
import json, sys
by = {r["number"]: r["promise_by"] for r in json.load(sys.stdin)}
assert by["P-1"] == "2026-11-21T00:00:00+08:00", by   # 10:30, before 11:00: that day
assert by["P-2"] == "2026-11-21T00:00:00+08:00", by
assert by["P-3"] == "2026-11-22T00:00:00+08:00", by   # 13:05: the next day
assert by["P-4"] == "2026-11-21T00:00:00+08:00", by   # 3C before 12:00: that day
assert by["P-5"] == "2026-11-22T00:00:00+08:00", by   # 新疆: a day more
assert by["P-6"] == "2026-11-20T00:00:00+08:00", by
' 2>"$T/py"
t "each order keeps the promise of the first rule that fits" [ $? -eq 0 ]
sd orders show P-2
t "show says the promise was missed" out_has "Ship by"
t "  (missed)" out_has "(missed)"
sd orders show P-1
t "  or kept" out_has "(kept)"

# the wave: the promise ending first first (P-6, late already), then P-4; not the oldest paid
sd wave create --size 2
t "a wave of two takes the promises ending first" [ "$(sq "SELECT count(*) FROM orders WHERE wave_id = 1 AND number IN ('P-6', 'P-4')")" = 2 ]

# the review of 11-20: P-1 kept, P-2 shipped late, P-4 not shipped by midnight; P-6's ended
# the day before
sd review --date 2026-11-20 --format json
echo "$out" | python3 -c '
import json, sys
s = json.load(sys.stdin)["shipping"]
assert s["promises_missed"] == 2, s
assert abs(s["promises_kept_percent"] - 33.33) < 0.01, s
' 2>"$T/py"
t "the review counts promises kept and missed" [ $? -eq 0 ]

t "shop.yaml with a bad cut-off is refused, naming the line" sh -c "sed -i 's/cutoff: \"11:00\"}\$/cutoff: \"25:00\"}/' '$T/shop/shop.yaml' && ! '$SHOPDESK' check >'$T/c' 2>&1; grep -q 'a cut-off is a time of day' '$T/c'"
done_testing
