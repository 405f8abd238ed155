#!/bin/sh
# Couriers side by side: a courier's tracking export (GBK) marks parcels delivered at the
# time they were signed for; the report per courier and destination province (addresses with
# or without their province, and abroad) with shipped, delivered, median and p90 transit, on
# time against shop.yaml's days, the ratings, disputes and refunds about delivery on their
# orders, and the last-mile mystery reports; on hand-counted orders.
. "${top_srcdir:-.}/tests/lib.sh"
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export SHOPDESK_NOW="2026-11-30T12:00:00+08:00"
new_shop "$T/shop"
cat >"$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Address,Total,Courier,Tracking
S-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b1,广东省深圳市南山区科技园1号,100.00,顺丰速运,SF100000000001
S-2,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b2,广州市天河区体育西路2号,100.00,顺丰速运,SF100000000002
S-3,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b3,北京市朝阳区建国路3号,100.00,顺丰速运,SF100000000003
S-4,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b4,"Musterstraße 1, Berlin",100.00,顺丰速运,SF100000000004
S-5,2026-11-20 09:00,2026-11-20 09:01,,Paid,b5,上海市黄浦区5号,100.00,顺丰速运,SF100000000005
Z-1,2026-11-21 09:00,2026-11-21 09:01,2026-11-21 10:00,Shipped,b6,浙江省杭州市西湖区6号,100.00,中通快递,731000000001
Z-2,2026-11-21 09:00,2026-11-21 09:01,2026-11-21 10:00,Shipped,b7,杭州市滨江区7号,100.00,中通快递,731000000002
CSV
sd import orders "$T/o.csv"
sd orders cancel S-5 --reason "buyer asked"

sd import deliveries "$FIXTURES/deliveries/sf-zto-gbk.csv"
t "a courier's tracking export, GBK (0)" rc_is 0
t "  five delivered; one unknown number, one parcel on its way, one order never shipped" out_has "5 delivered; 0 were already, 1 tracking numbers are no order's, 1 orders are not shipped, 1 parcels not signed for"
t "  at the time each was signed for, even a number typed with blanks and hyphens" [ "$(sq "SELECT delivered_at - shipped_at FROM orders WHERE number = 'S-3'")" = 432000 ]
t "  each audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'order.deliver'")" = 5 ]
sd import deliveries "$FIXTURES/deliveries/sf-zto-gbk.csv"
t "importing it again: all were already delivered" out_has "0 delivered; 5 were already"
printf '运单号,签收时间\nSF100000000004,2026-11-19 10:00\n' >"$T/early.csv"
before=$(db_dump orders)
sd import deliveries "$T/early.csv"
t "signed for before it was shipped: bad input (2)" rc_is 2
t "  naming the file, line and order" err_has "early.csv:2: S-4 was shipped at 2026-11-20 10:00, after that"
t "  nothing changed" [ "$(db_dump orders)" = "$before" ]

# what else is said about their orders: ratings, a dispute, a refund about delivery, and a
# mystery shopper's report on a station of the courier
printf 'Order,Rating,Comment,Time\nS-1,5,快,2026-11-22 10:00\nS-3,1,太慢了,2026-11-26 10:00\n' >"$T/r.csv"
sd import reviews "$T/r.csv"
sd dispute add S-3 --kind complaint --claim "五天才到"
sd refund request S-4 --kind refund --amount 100 --reason not_received
sq "INSERT INTO mystery_reports (shopper, scorecard, scorecard_version, target_kind, target, channel, visited_at, status, score, created_at, submitted_at, updated_at) VALUES ('$ME', 'courier-last-mile', 1, 'courier', '顺丰 朝阳站', 'doorstep', 1795900000, 'submitted', 9000, 1795900000, 1795900000, 1795900000), ('$ME', 'courier-last-mile', 1, 'courier', '顺丰 海淀站', 'doorstep', 1795900000, 'submitted', 7000, 1795900000, 1795900000, 1795900000)"

# 顺丰: 4 shipped, 3 delivered in 24, 60 and 120 h: median 60, p90 120 (nearest rank); 2 of
# 3 within 3 days. 广东 (one with its province, one from the city on): 24 and 60 h, median 42.
sd couriers report --from 2026-11-01 --to 2026-11-30 --format json
t "couriers report (0)" rc_is 0
t "  the courier most shipped first, then its provinces, most shipped first" [ "$(json '[(x["courier"], x["province"]) for x in d]')" = "[('顺丰速运', ''), ('顺丰速运', '广东'), ('顺丰速运', '?'), ('顺丰速运', '北京'), ('中通快递', ''), ('中通快递', '浙江')]" ]
t "  顺丰: shipped and delivered" [ "$(json 'd[0]["shipped"], d[0]["delivered"]')" = "4 3" ]
t "  median and p90 in hours" [ "$(json 'd[0]["median_hours"], d[0]["p90_hours"]')" = "60.0 120.0" ]
t "  on time within 3 days: 2 of 3" [ "$(json 'd[0]["on_time_percent"]')" = 66.67 ]
t "  the buyers' ratings of its orders, the low ones" [ "$(json 'd[0]["rating"], d[0]["low_ratings"]')" = "3.00 1" ]
t "  the dispute and the refund about delivery" [ "$(json 'd[0]["disputes"], d[0]["delivery_refunds"]')" = "1 1" ]
t "  the last-mile reports on its stations: 80%" [ "$(json 'd[0]["last_mile_mystery"]')" = 80.00 ]
t "  广东, by province or by city: median 42 h" [ "$(json 'd[1]["shipped"], d[1]["median_hours"], d[1]["on_time_percent"]')" = "2 42.0 100.00" ]
t "  an address abroad: elsewhere, not delivered" [ "$(json 'd[2]["shipped"], d[2]["delivered"], d[2]["median_hours"]')" = "1 0 " ]
t "  中通: 24 and 48 h" [ "$(json 'd[4]["median_hours"], d[4]["p90_hours"], d[4]["last_mile_mystery"]')" = "36.0 48.0 " ]
sd couriers report --from 2026-11-01 --to 2026-11-30
t "the text report names the lines" out_has "elsewhere"
t "  in hours" out_has "120.0 h"
sd review --date 2026-11-22 --format json
t "the review: parcels delivered that day on time (S-2 in 60 h, Z-1 in 24 h)" [ "$(json 'd["shipping"]["delivered_on_time_percent"]')" = 100.0 ]
sd review --date 2026-11-25 --format json
t "  and a day of a late one (S-3, 5 days)" [ "$(json 'd["shipping"]["delivered_on_time_percent"]')" = 0.0 ]
sed -i 's/^  delivery_days: 3$/  delivery_days: 3\n  by_courier:\n    顺丰速运: 5/' "$T/shop/shop.yaml"
sd couriers report --from 2026-11-01 --to 2026-11-30 --format json
t "a courier's own promise: 顺丰 within 5 days, all 3 on time" [ "$(json 'd[0]["on_time_percent"]')" = 100.00 ]
sd couriers report --from 2026-11-25 --to 2026-11-30 --format json
t "only orders shipped in the dates" [ "$(json 'len(d)')" = 0 ]
sd staff add ag --name Agent --roles agent
as ag couriers report
t "agents do not read it (1)" rc_is 1
sd staff add wh --name Warehouse --roles warehouse
as wh import deliveries "$FIXTURES/deliveries/sf-zto-gbk.csv"
t "the warehouse imports deliveries (0)" rc_is 0
done_testing
