#!/bin/sh
# Orders from the command line: listing with filters and search, detail with masking,
# moving along the pipeline (and refusals), waves with pick lists, ship-time bands, exports
# read back with a CSV parser.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
sd import orders "$FIXTURES/shopify_orders_79.csv"
mkdir -p "$T/tb"
for f in "$FIXTURES"/taobao/*.utf8.csv; do
    iconv -f UTF-8 -t GBK "$f" >"$T/tb/$(basename "$f" .utf8.csv).csv"
done
sd import orders "$T/tb/ExportOrderList20261120.csv" "$T/tb/ExportOrderDetailList20261120.csv"
sd import orders "$FIXTURES/generic_orders.csv"
sd staff add wh --name 赵敏 --roles warehouse
sd staff add ag --name 李娜 --roles agent
sd staff add sh --name 孙丽 --roles shopper

sd orders list --format json
t "list as JSON" rc_is 0
echo "$out" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 13, len(rows)
need = {"platform", "number", "status", "total", "currency", "created_at", "buyer", "courier", "tracking", "gift"}
assert all(need <= set(r) for r in rows)
assert rows[0]["created_at"] >= rows[-1]["created_at"]          # newest first
assert all(isinstance(r["total"], int) for r in rows)            # minor units
assert {r["status"] for r in rows} <= {"pending","paid","picked","packed","shipped","delivered","cancelled"}
' 2>"$T/py"
t "JSON: every order, stable keys, newest first, integer money" [ $? -eq 0 ]
sd orders list --status pending --format csv
t "--status filters" [ "$(echo "$out" | tail -n +2 | wc -l)" = 3 ]
sd orders list --search 围巾 --format json
t "a 2-character Chinese search" [ "$(echo "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ]
sd orders list --search 圆领T恤 --format json
t "a longer Chinese phrase" [ "$(echo "$out" | python3 -c 'import json,sys; print(sorted(r["number"] for r in json.load(sys.stdin)))')" = "['#1005', '1930679858170647', '1930679858170649', 'ERP-1']" ]
sd orders list --search 0002 --format json
t "part of a phone number" out_has '"1930679858170648"'
sd orders list --search SF1234567890123 --format json
t "a whole tracking number" out_has '"1930679858170648"'
sd orders list --search SF1234_67890123 --format json
t "_ in a term is a character, not a wildcard" [ "$out" = "[]" ]
sd orders list --search 'SF1234%890123' --format json
t "% in a term is a character, not a wildcard" [ "$out" = "[]" ]
sd orders list --search nothing-like-this --format json
t "no match: an empty array" [ "$out" = "[]" ]
sd orders list --platform taobao --from 2026-11-20 --to 2026-11-20 --format json
t "--platform and a date range" [ "$(echo "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ]
sd orders list --limit 2 --format json
t "--limit" [ "$(echo "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 2 ]
sd orders list --status nonsense
t "an unknown status is bad usage" rc_is 2
sd orders list --from 2026-02-30
t "a bad date is bad usage" rc_is 2

sd orders show 1930679858170647
t "show by number" rc_is 0
t "  lines" out_has "TS-001-BK"
t "  the owner sees the phone" out_has "13812340001"
sd --as sh orders show 1930679858170647
t "a shopper may not see orders (1)" rc_is 1
sd staff add rf --name 张伟 --roles refunds
sd --as rf orders show 1930679858170647
t "the refunds team sees orders" rc_is 0
t "  with the phone masked" out_has "138****0001"
t "  and the address cut short" out_lacks "张江路88号"
sd --as rf orders list --format json
t "exports mask too" out_lacks "13812340001"
sd orders show '#9999'
t "an unknown order: exit 1" rc_is 1
sd orders show taobao:1930679858170648
t "PLATFORM:NUMBER" out_has "陈静"

sd --as wh orders pick 1930679858170647
t "the warehouse picks" rc_is 0
t "  picked" [ "$(sq "SELECT status FROM orders WHERE number = '1930679858170647'")" = picked ]
sd --as wh orders pack 1930679858170647
sd --as wh orders ship 1930679858170647 --courier 顺丰速运
t "ship needs a tracking number (2)" rc_is 2
sd --as wh orders ship 1930679858170647 --courier 顺丰速运 --tracking SF9999000011112
t "ship with courier and tracking" rc_is 0
t "  shipped, with the times" [ "$(sq "SELECT status || ',' || (CASE WHEN shipped_at > 0 THEN 1 ELSE 0 END) || ',' || tracking FROM orders WHERE number = '1930679858170647'")" = "shipped,1,SF9999000011112" ]
t "  audited with who did it" [ "$(sq "SELECT login || ',' || as_login FROM audit WHERE action = 'order.ship'")" = "$ME,wh" ]
sd --as wh orders pick 1930679858170647
t "a shipped order cannot be picked (1)" rc_is 1
t "  and says why" err_has "shipped, cannot become picked"
sd --as sh orders pick ERP-1
t "a shopper may not move orders (1)" rc_is 1
sd --as wh orders cancel ERP-3 --reason "buyer changed mind"
t "the warehouse may not cancel (1)" rc_is 1
sd --as ag orders cancel ERP-3
t "cancel needs a reason (2)" rc_is 2
sd --as ag orders cancel ERP-3 --reason "buyer changed mind"
t "an agent cancels with a reason" rc_is 0
t "  reason kept" [ "$(sq "SELECT cancel_reason FROM orders WHERE number = 'ERP-3'")" = "buyer changed mind" ]

# waves: the oldest paid orders first, grouped by SKU
sq "SELECT number FROM orders WHERE status = 'paid' ORDER BY paid_at, id" >"$T/paid"
t "two paid orders wait" [ "$(wc -l <"$T/paid")" = 2 ]
sd --as wh wave create --size 1
t "a wave of 1" out_has "Wave 1: 1 orders."
t "  the pick list is grouped by SKU" out_has "SKU"
t "  the oldest paid order" [ "$(sq "SELECT number FROM orders WHERE wave_id = 1")" = "$(head -1 "$T/paid")" ]
sd --as wh wave create --size 2 --out "$T/wave2.txt"
t "a second wave takes the next order, not the first again" \
    [ "$(sq "SELECT number FROM orders WHERE wave_id = 2")" = "$(sed -n 2p "$T/paid")" ]
t "  its pick list went to the file" grep -q "Pick list: wave 2" "$T/wave2.txt"
sd --as wh wave create
t "nothing left: no empty wave" out_has "No paid orders are waiting for a wave."
sd --as wh wave show 1
t "wave show prints a pick list again" out_has "Pick list: wave 1"
sd --as ag wave create
t "an agent may not make waves (1)" rc_is 1
sd orders list --wave 2 --format json
t "orders list --wave" [ "$(echo "$out" | python3 -c 'import json,sys; print([r["wave"] for r in json.load(sys.stdin)])')" = "[2]" ]

sd orders ship-times --from 2026-11-18 --to 2026-11-21
t "ship times" rc_is 0
t "  bands and the median" out_has "median"
sd orders ship-times --from 2026-11-18 --to 2026-11-21 --format json
echo "$out" | python3 -c '
import json, sys
b = {r["band"]: r["orders"] for r in json.load(sys.stdin)}
assert b == {"<=30m": 2, "<=180m": 0, "<=360m": 1, ">360m": 1}, b
'
t "  #1001 (26 min), ERP-2 (20 min) <=30m; #1004 (3.5 h) <=360m; the one shipped here (26 h) later" [ $? -eq 0 ]

sd export orders --format csv
t "export orders as CSV" rc_is 0
echo "$out" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
assert len(rows) == 13, len(rows)
assert rows[0]["number"] and rows[0]["currency"] == "CNY"
assert all(r["total"].count(".") == 1 for r in rows)
' 2>"$T/py"
t "  read back with a CSV parser" [ $? -eq 0 ]
printf 'Order,Created,Status,Customer,Total,Item,Quantity,Price\nEVIL-1,2026-11-20 10:00,Paid,=HYPERLINK("http://x"),1.00,=1+1,1,1.00\n' >"$T/evil.csv"
sd import orders "$T/evil.csv"
sd export orders --format csv
t "formula cells are neutralised" out_has "\"'=HYPERLINK(\"\"http://x\"\")\""
sd export orders --format text
t "export takes csv or json (2)" rc_is 2
done_testing
