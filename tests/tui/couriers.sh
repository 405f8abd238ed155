#!/bin/sh
# The couriers view (c on the Orders screen, owners): each courier and its provinces for the
# 30 days to today, at 80x24 and in Chinese; not for agents.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
export SHOPDESK_NOW="2026-11-30T12:00:00+08:00"
cat >"$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Address,Total,Courier,Tracking
S-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b1,广东省深圳市南山区科技园1号,100.00,顺丰速运,SF100000000001
S-2,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b2,广州市天河区体育西路2号,100.00,顺丰速运,SF100000000002
S-3,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b3,北京市朝阳区建国路3号,100.00,顺丰速运,SF100000000003
Z-1,2026-11-21 09:00,2026-11-21 09:01,2026-11-21 10:00,Shipped,b6,浙江省杭州市西湖区6号,100.00,中通快递,731000000001
CSV
"$SHOPDESK" import orders "$T/o.csv" >/dev/null
"$SHOPDESK" import deliveries "$FIXTURES/deliveries/sf-zto-gbk.csv" >/dev/null
"$SHOPDESK" staff add ag --name Agent --roles agent >/dev/null 2>&1

tui_start 80x24 --
tui_wait "Orders" >/dev/null
tui_keys c
t "c opens the couriers" tui_wait "Couriers, orders shipped 2026-11-01 to 2026-11-30"
tui_snap
t "  顺丰 first: 3 shipped, median 60 h, p90 120 h, 2 of 3 on time" grep -qE '顺丰速运 +all +3 +60\.0 h +120\.0 h +66\.67%' "$T/out"
t "  its provinces under it" grep -qE '^ +广东 +2 +42\.0 h' "$T/out"
t "  then 中通" grep -qE '中通快递 +all +1 +24\.0 h' "$T/out"
t "  what on time means" screen_has "On time: delivered within 3 days of shipping"
t "  the last column whole at 80 columns" screen_has "Last mile"
tui_keys q
t "q goes back to the orders" tui_gone "Couriers, orders shipped"
tui_stop

tui_start 80x24 LANG=zh_CN.UTF-8 --
tui_wait "订单" >/dev/null
tui_keys c
t "in Chinese" tui_wait "快递公司，2026-11-01 至 2026-11-30 发出的订单"
tui_stop

tui_start 80x24 SHOPDESK_LOGIN=ag --
tui_wait "Orders" >/dev/null
tui_keys c
t "an agent is told it is the owners'" tui_wait "not allowed"
tui_stop
done_testing
