#!/bin/sh
# Importing platform exports: Shopify (47/73/79 columns, BOM, CRLF, quoted newlines, Excel
# guards), Taobao (GBK, ="..." numbers, header blanks, the detail file), generic mappings;
# idempotent re-import, updates that move forward only, dry runs, and bad files that change
# nothing and say FILE:LINE.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
count() { sq "SELECT count(*) FROM orders"; }

for cols in 79 73 47; do
    SHOPDESK_SHOP="$T/s$cols" "$SHOPDESK" init "$T/s$cols" >/dev/null 2>&1
    SHOPDESK_SHOP="$T/s$cols" run "$SHOPDESK" import orders "$FIXTURES/shopify_orders_$cols.csv"
    t "Shopify export with $cols columns imports" rc_is 0
    t "  and says imported 5" out_has "imported 5, updated 0, unchanged 0"
    t "  5 orders with 7 lines" [ "$(sqlite3 "$T/s$cols/shop.db" "SELECT count(*) || '/' || (SELECT count(*) FROM order_lines) FROM orders")" = 5/7 ]
done

sd import orders "$FIXTURES/shopify_orders_79.csv"
t "import: exit 0" rc_is 0
t "a summary line with the time taken" sh -c "grep -qE 'imported 5, updated 0, unchanged 0; 4 new members \([0-9.]+ s\)' '$T/out'"
t "statuses mapped (paid+fulfilled -> shipped, authorized -> pending, voided -> cancelled)" \
    [ "$(sq "SELECT group_concat(number || '=' || status, ' ') FROM (SELECT * FROM orders ORDER BY number) AS q")" = "#1001=shipped #1002=pending #1003=paid #1004=shipped #1005=cancelled" ]
t "money in minor units" [ "$(sq "SELECT total || ',' || shipping FROM orders WHERE number = '#1001'")" = "24800,1000" ]
t "platform refunds are kept" [ "$(sq "SELECT platform_refunded FROM orders WHERE number = '#1004'")" = 2000 ]
t "the phone's Excel apostrophe is dropped" [ "$(sq "SELECT phone FROM orders WHERE number = '#1001'")" = "+86 138 1234 5678" ]
t "a quoted newline stays inside its field" [ "$(sq "SELECT note FROM orders WHERE number = '#1003'" | wc -l)" = 2 ]
t "the BOM is not part of the first header" [ "$(sq "SELECT count(*) FROM orders WHERE number LIKE '#%'")" = 5 ]
t "ship time from paid to fulfilled" [ "$(sq "SELECT shipped_at - paid_at FROM orders WHERE number = '#1001'")" = 1509 ]
t "members from the buyers (one buyer, two orders)" \
    [ "$(sq "SELECT count(DISTINCT member_id) FROM orders")" = 4 ]
t "the import is in the audit log" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'order.import'")" = 1 ]

sd import orders "$FIXTURES/shopify_orders_79.csv"
t "importing again adds nothing" out_has "imported 0, updated 0, unchanged 5"
t "  still 5 orders" [ "$(count)" = 5 ]

# the platform moves on: #1003 gets fulfilled
sed -e 's/^"#1003",\(.*\),paid,2026-11-19 20:00:00 +0800,,/"#1003",\1,paid,2026-11-19 20:00:00 +0800,fulfilled,2026-11-20 08:00:00 +0800/' \
    "$FIXTURES/shopify_orders_79.csv" >"$T/later.csv"
grep -q '"#1003",.*fulfilled' "$T/later.csv" || sed -i 's/^#1003,\([^,]*\),paid,\([^,]*\),,/#1003,\1,paid,\2,fulfilled,2026-11-20 08:00:00 +0800/' "$T/later.csv"
sd import orders "$T/later.csv" --dry-run
t "dry run: says what would change" out_has "update shopify #1003: status paid -> shipped"
t "dry run: would update 1" out_has "would import 0, update 1, leave 4 unchanged"
t "dry run: nothing changed" [ "$(sq "SELECT status FROM orders WHERE number = '#1003'")" = paid ]
sd import orders "$T/later.csv"
t "a changed export updates" out_has "imported 0, updated 1, unchanged 4"
t "  the order moved on" [ "$(sq "SELECT status FROM orders WHERE number = '#1003'")" = shipped ]
t "  the change is on the order's timeline" \
    [ "$(sq "SELECT count(*) FROM audit WHERE action = 'order.update' AND order_id = (SELECT id FROM orders WHERE number = '#1003')")" = 1 ]
# an older export never moves an order back
sd orders pick '#1004' 2>/dev/null
sq "UPDATE orders SET status = 'packed' WHERE number = '#1003'"
sd import orders "$FIXTURES/shopify_orders_79.csv"
t "an older export moves nothing back" [ "$(sq "SELECT status FROM orders WHERE number = '#1003'")" = packed ]

# Taobao: GBK, made here with iconv, with its item detail file
mkdir -p "$T/tb"
for f in "$FIXTURES"/taobao/*.utf8.csv; do
    iconv -f UTF-8 -t GBK "$f" >"$T/tb/$(basename "$f" .utf8.csv).csv"
done
t "the fixture really is GBK" sh -c "! iconv -f UTF-8 -t UTF-8 '$T/tb/ExportOrderList20261120.csv' >/dev/null 2>&1"
sd import orders "$T/tb/ExportOrderList20261120.csv" "$T/tb/ExportOrderDetailList20261120.csv"
t "Taobao list + detail (GBK) imports" rc_is 0
t "  5 orders" out_has "imported 5"
t "  =\"...\" order numbers are unwrapped" [ "$(sq "SELECT count(*) FROM orders WHERE platform = 'taobao' AND number LIKE '1930679858170___' AND length(number) = 16")" = 5 ]
t "  lines come from the detail file with their SKUs" \
    [ "$(sq "SELECT group_concat(sku, ' ') FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.number = '1930679858170647'")" = "TS-001-WH TS-001-BK" ]
t "  statuses (交易成功 -> delivered, 交易关闭 -> cancelled)" \
    [ "$(sq "SELECT group_concat(status, ' ') FROM (SELECT status FROM orders WHERE platform = 'taobao' ORDER BY number) AS q")" = "paid shipped delivered cancelled pending" ]
t "  the close reason is kept" [ "$(sq "SELECT cancel_reason FROM orders WHERE number = '1930679858170650'")" = "买家取消" ]
t "  tracking without its No: prefix" [ "$(sq "SELECT tracking FROM orders WHERE number = '1930679858170648'")" = SF1234567890123 ]
t "  Chinese text arrived as UTF-8" [ "$(sq "SELECT receiver FROM orders WHERE number = '1930679858170648'")" = 陈静 ]

SHOPDESK_SHOP="$T/tb1" "$SHOPDESK" init "$T/tb1" >/dev/null 2>&1
SHOPDESK_SHOP="$T/tb1" run "$SHOPDESK" import orders "$T/tb/ExportOrderList20261120.csv"
t "the Taobao list alone imports, one line per order" [ "$(sqlite3 "$T/tb1/shop.db" "SELECT count(*) FROM order_lines")" = 5 ]
SHOPDESK_SHOP="$T/tb1" run "$SHOPDESK" import orders "$T/tb/ExportOrderDetailList20261120.csv"
t "a detail file alone is refused (2)" rc_is 2
t "  and says it needs its order list" err_has "order list"

sd import orders "$FIXTURES/generic_orders.csv"
t "a generic CSV is matched by a shipped mapping" out_has "imported 3"
t "  with its status words" [ "$(sq "SELECT group_concat(status, ' ') FROM (SELECT status FROM orders WHERE platform = 'generic' ORDER BY number) AS q")" = "paid shipped pending" ]
cp "$top_srcdir/data/mappings/generic.yaml" "$T/mine.yaml"
sed -i 's/^platform: generic/platform: erp/' "$T/mine.yaml"
sd import orders "$FIXTURES/generic_orders.csv" --mapping "$T/mine.yaml"
t "--mapping names the mapping (another platform: new orders)" out_has "imported 3"
printf 'name: broken\nplatform: x\ncolumns:\n  number: Order\n  created: Created\n' >"$T/bad.yaml"
sd import orders "$FIXTURES/generic_orders.csv" --mapping "$T/bad.yaml"
t "a bad mapping: exit 2" rc_is 2
t "  FILE:LINE:COL" err_has "bad.yaml:5:3: unknown key 'created'"

# bad files: exit 2, FILE:LINE, nothing imported
before=$(count)
sed 's/"248.00"/"248.005"/; s/,248.00,/,248.005,/' "$FIXTURES/shopify_orders_79.csv" >"$T/amount.csv"
sed -i 's/#100/#200/g' "$T/amount.csv"
sd import orders "$T/amount.csv"
t "a bad amount: exit 2" rc_is 2
t "  FILE:LINE and the reason" err_has "amount.csv:2: '248.005' has 3 decimal places; CNY allows 2"
t "  nothing imported" [ "$(count)" = "$before" ]

sed 's/ERP-/BYTE-/' "$FIXTURES/generic_orders.csv" >"$T/bytes.csv"
printf 'BYTE-4,2026-11-20 12:00,,,Paid,c,\377\376,,,CNY,0.00,1.00,,,,X,Y,1,1.00\n' >>"$T/bytes.csv"
sd import orders "$T/bytes.csv" --encoding UTF-8
t "an invalid byte: exit 2" rc_is 2
t "  names file and line" err_has "bytes.csv:5: invalid byte 0xff"
t "  nothing imported" [ "$(count)" = "$before" ]
sd import orders "$T/bytes.csv" --encoding nonsense-9
t "an unknown encoding is bad usage (2)" rc_is 2

sed '1s/,Total,/,Totals,/; 1s/,Subtotal,/,Sub total,/' "$FIXTURES/shopify_orders_79.csv" >"$T/nocol.csv"
sd import orders "$T/nocol.csv" --format shopify
t "no total and no subtotal: exit 2 with line 1" rc_is 2
t "  names the column and the closest headers" err_has "nocol.csv:1: missing column 'Total' (closest: 'Totals'"

{ cat "$FIXTURES/generic_orders.csv"; sed -n 2p "$FIXTURES/generic_orders.csv" | sed 's/^ERP-1/ERP-9/'; sed -n 2p "$FIXTURES/generic_orders.csv"; } | sed 's/ERP-/DUP-/' >"$T/dup.csv"
sd import orders "$T/dup.csv"
t "an order twice in one file: exit 2" rc_is 2
t "  names the line" err_has "dup.csv:6: order DUP-1 appears twice"
t "  nothing imported" [ "$(count)" = "$before" ]

sed 's/Paid,erp-cust-1/Payed,erp-cust-1/; s/ERP-/ST-/' "$FIXTURES/generic_orders.csv" >"$T/status.csv"
sd import orders "$T/status.csv"
t "an unknown status word: exit 2 with the line" err_has "status.csv:2: unknown order status 'Payed'"
sed 's/2026-11-20 10:00,2026-11-20 10:00/2026-13-20 10:00,2026-11-20 10:00/; s/ERP-/DT-/' "$FIXTURES/generic_orders.csv" >"$T/date.csv"
sd import orders "$T/date.csv"
t "a bad date: exit 2 with the line" err_has "date.csv:3: '2026-13-20 10:00' is not a date and time"

# 100,000 rows in GB18030 with CRLF line ends, Chinese buyers and a quoted newline in every
# 997th item: a bad row deep in the file keeps nothing and names its line; fixed, exact counts
python3 - "$T/big.csv" <<'PY' >"$T/bigline"
import sys
rows = ["Order,Created,Status,Customer,Total,Item,Quantity,Price"]
line, bad_line = 2, 0
for i in range(100000):
    total = "9.99" if i != 99990 else "9,99"
    item = '"T恤\n白色"' if i % 997 == 0 else "T恤"
    if i == 99990:
        bad_line = line
    rows.append(f"BIG-{i},2026-11-20 10:00,Paid,顾客{i % 300}号,{total},{item},1,9.99")
    line += 2 if i % 997 == 0 else 1
with open(sys.argv[1], "wb") as f:
    f.write(("\r\n".join(rows) + "\r\n").encode("gb18030"))
print(bad_line)
PY
bigline=$(cat "$T/bigline")
sd import orders "$T/big.csv" --encoding GB18030
t "100,000 rows, a bad one at line $bigline: exit 2" rc_is 2
t "  FILE:LINE (lines as in the file, quoted newlines counted)" err_has "big.csv:$bigline:"
t "  none of the good rows before it were kept" [ "$(count)" = "$before" ]
python3 -c "
import sys; p = sys.argv[1]; d = open(p, 'rb').read().replace(b',9,99,', b',9.99,'); open(p, 'wb').write(d)" "$T/big.csv"
sd import orders "$T/big.csv" --encoding GB18030
t "fixed, the 100,000 rows import" out_has "imported 100000"
t "  exactly" [ "$(count)" = $((before + 100000)) ]
t "  one line each" [ "$(sq "SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.number LIKE 'BIG-%'")" = 100000 ]
t "  the buyers in Chinese, as UTF-8" [ "$(sq "SELECT buyer FROM orders WHERE number = 'BIG-301'")" = "顾客1号" ]
t "  the quoted newline kept inside its item, no CR left" \
    [ "$(sq "SELECT count(*) FROM order_lines WHERE title LIKE 'T恤_白色' AND length(title) = 5 AND title NOT LIKE 'T恤 白色'")" = 101 ]

sd --as li.na import orders "$FIXTURES/generic_orders.csv" 2>/dev/null
sd staff add wh --name Warehouse --roles warehouse
sd --as wh import orders "$FIXTURES/generic_orders.csv"
t "the warehouse may not import (1)" rc_is 1
sd import orders "$T/missing.csv"
t "a missing file: exit 1 naming it" sh -c "[ $rc -eq 1 ] && grep -q 'missing.csv' '$T/err'"
done_testing
