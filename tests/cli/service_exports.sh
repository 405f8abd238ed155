#!/bin/sh
# The exports that are not orders (chat statistics, disputes, a courier's tracking) are read
# alike: an empty file, a header without a field the import needs, a mapping that names a
# column the file lacks, a quote left open or a blank row in the middle; each said with the
# file and line, and nothing kept of a file that fails.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-30T12:00:00+08:00"
new_shop "$T/shop"
cat >"$T/o.csv" <<'CSV'
Order,Created,Paid,Shipped,Status,Customer,Address,Total,Courier,Tracking
E-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b1,广东省深圳市南山区科技园1号,100.00,顺丰速运,SF200000000001
E-2,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,b2,北京市朝阳区建国路3号,100.00,顺丰速运,SF200000000002
CSV
sd import orders "$T/o.csv"

# what each import is called, a good file for it, and its fields
chat_good='日期,旺旺,咨询人数,询单人数,询单->最终付款人数
2026-11-22,a,10,5,2

2026-11-22,b,12,6,3'
disputes_good='订单编号,维权类型,发起时间
E-1,售后维权,2026-11-22 10:00
,,
E-2,投诉,2026-11-22 11:00'
deliveries_good='运单号,签收时间
SF200000000001,2026-11-22 10:00
 , 
SF200000000002,2026-11-22 11:00'

state() { echo "$(db_dump chat_stats)|$(db_dump disputes)|$(db_dump orders)|$(sq "SELECT count(*) FROM audit")"; }

for what in chat-stats disputes deliveries; do
    case $what in
    chat-stats) good=$chat_good need=account field=consultations ;;
    disputes) good=$disputes_good need=order field=order ;;
    deliveries) good=$deliveries_good need=delivered_at field=tracking ;;
    esac
    before=$(state)

    : >"$T/$what-empty.csv"
    sd import "$what" "$T/$what-empty.csv"
    t "$what: an empty file is bad input (2)" rc_is 2
    t "  saying so" err_has "$what-empty.csv: the file is empty"

    # the header without a field the import cannot do without
    echo "$good" | sed "1s/^[^,]*,//" | sed '2,$s/^[^,]*,//' >"$T/$what-short.csv"
    [ $what = disputes ] || echo "$good" | cut -d, -f1 >"$T/$what-short.csv"
    sd import "$what" "$T/$what-short.csv"
    t "$what: a needed column missing (2)" rc_is 2
    t "  named at the header's line, with the way out" err_has "$what-short.csv:1: no $need column in the header (a mapping can name it: --mapping)"

    # a mapping naming a header the file does not have
    printf 'columns:\n  %s: [Nowhere, Nicht da]\n' "$field" >"$T/$what-map.yaml"
    echo "$good" >"$T/$what-good.csv"
    sd import "$what" "$T/$what-good.csv" --mapping "$T/$what-map.yaml"
    t "$what: a mapping's column the file lacks (2)" rc_is 2
    t "  names the column, the mapping's line and the field" err_has "$what-good.csv:1: no column Nowhere (the mapping $T/$what-map.yaml:2 names it for $field)"

    # a quote left open on line 3: nothing of line 2 is kept
    { echo "$good" | head -2; echo "$good" | tail -1 | sed 's/,/,"/'; } >"$T/$what-quote.csv"
    sd import "$what" "$T/$what-quote.csv"
    t "$what: a quote left open (2)" rc_is 2
    t "  at its line" err_has "$what-quote.csv:3: unterminated quoted field"
    t "  nothing kept of the good rows before it" [ "$(state)" = "$before" ]

    # the good file, with a blank row in it
    sd import "$what" "$T/$what-good.csv"
    t "$what: the good file, a blank row in it, goes in (0)" rc_is 0
    t "  nothing said on stderr" err_empty
done
t "two agent-days kept" [ "$(sq "SELECT count(*) FROM chat_stats")" = 2 ]
t "two disputes kept" [ "$(sq "SELECT count(*) FROM disputes")" = 2 ]
t "two parcels delivered" [ "$(sq "SELECT count(*) FROM orders WHERE delivered_at IS NOT NULL")" = 2 ]
done_testing
