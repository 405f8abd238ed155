#!/bin/sh
# Real exports: what platforms and spreadsheets do to order files, one fixture per quirk
# (tests/fixtures/real, written for these tests from the platforms' published column lists)
# and one carrying them all at once. Each import is checked order by order against what
# the file says: counts, totals in minor units, currencies, statuses, times, lines.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
R="$FIXTURES/real"

fresh() {
    rm -rf "$T/shop"
    new_shop "$T/shop" --currency CNY
}
# summary: "COUNT SUM(total) CURRENCIES"
summary() { sq "SELECT count(*) || ' ' || coalesce(sum(total), 0) || ' ' || coalesce(group_concat(DISTINCT currency), '') FROM orders"; }
statuses() { sq "SELECT group_concat(status, ',') FROM (SELECT status FROM orders ORDER BY id) AS q"; }
lines() { sq "SELECT count(*) FROM order_lines"; }
# at NUMBER COLUMN: a time column of an order as local time
at() { sq "SELECT datetime($2, 'unixepoch', '+8 hours') FROM orders WHERE number = '$1'"; }
field() { sq "SELECT $2 FROM orders WHERE number = '$1'"; }

# ---- Shopify, every re-save -------------------------------------------------------------
shopify_checks() { # FILE CURRENCY CREATED REFUNDED: #2001's creation (local), #2004's refund
    t "  6 orders, totals exact, in $2" [ "$(summary)" = "6 814700 $2" ]
    t "  statuses from Financial and Fulfillment Status, Cancelled at" \
        [ "$(statuses)" = "shipped,paid,pending,shipped,cancelled,shipped" ]
    t "  7 lines" [ "$(lines)" = 7 ]
    t "  created at as written (its offset, else the shop's zone)" [ "$(at '#2001' created_at)" = "$3" ]
    t "  the pending order has no paid time" [ -z "$(field '#2003' paid_at)" ]
    t "  the platform's refund" [ "$(field '#2004' platform_refunded)" = "$4" ]
    t "  a name with a prefix and no #" [ "$(field AP-516073 total)" = 212000 ]
    sd import orders "$1"
    t "  again: nothing changes" out_has "imported 0, updated 0, unchanged 6"
}

# file:currency:hour:minute of #2001's creation (+0530 in the export, none once re-saved):
# #2004's refund (the copy pruned to 34 columns has no Refunded Amount)
for q in inr:INR:11:44:20000 semicolon-dmy:EUR:09:14:20000 mdy-sci:USD:09:14:20000 \
    wrapped:CAD:11:44:20000 pruned-34:AED:11:44:0 nul:PKR:11:44:20000 utf16:EGP:11:44:20000 \
    mojibake:TRY:11:44:20000 quirks-all:BDT:09:14:20000; do
    name=$(echo "$q" | cut -d: -f1) cur=$(echo "$q" | cut -d: -f2)
    created="2025-11-13 $(echo "$q" | cut -d: -f3-4):00" refund=$(echo "$q" | cut -d: -f5)
    fresh
    sd import orders "$R/shopify-$name.csv"
    t "Shopify re-saved ($name): imports" rc_is 0
    t "  says the orders are in $cur, not CNY" out_has "6 orders are in $cur, not the shop's CNY"
    shopify_checks "$R/shopify-$name.csv" "$cur" "$created" "$refund"
done

# Shopify's export grew over the years: 47 columns (to Cancelled at), 71 (to Phone), 73 (to
# Duties), 75 (to the province names), 78 (to Next Payment Due At), 79. Each older vintage is
# the 79-column file cut to its width; those before Refunded Amount (col 50) carry no refund.
for v in 78:20000 75:20000 73:20000 71:20000 47:0; do
    w=${v%%:*}
    python3 - "$R/shopify-inr.csv" "$T/vintage-$w.csv" "$w" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as o:
    out = csv.writer(o)
    for row in csv.reader(f):
        out.writerow(row[: int(sys.argv[3])])
PY
    fresh
    sd import orders "$T/vintage-$w.csv"
    t "Shopify's $w-column export: imports" rc_is 0
    shopify_checks "$T/vintage-$w.csv" INR "2025-11-13 11:44:00" "${v#*:}"
done

fresh
sd import orders "$R/shopify-inr.csv"
sd orders show '#2001'
t "INR: the order shows in rupees" out_has "INR 2,498.00"
sd review --date 2025-11-13
t "  and the review keeps it apart from CNY" out_has "INR"

fresh
sd import orders "$R/shopify-semicolon-dmy.csv"
t "semicolons, day first, decimal comma: a day above 12 settles the order" \
    [ "$(at '#2004' created_at)" = "2025-11-17 11:58:00" ]
t "  1.234,50 read with the comma as the decimal mark" [ "$(field '#2001' total)" = 249800 ]
fresh
sd import orders "$R/shopify-mdy-sci.csv"
t "month first, two-digit years, ids in scientific notation, TRUE: imports" rc_is 0
t "  11/17/25 is 17 November" [ "$(at '#2004' created_at)" = "2025-11-17 11:58:00" ]
fresh
sd import orders "$R/shopify-wrapped.csv"
t "records wrapped whole in quotes: unwrapped, with a word" out_has "wrapped whole in quotes"
fresh
sd import orders "$R/shopify-pruned-10.csv"
t "a copy pruned to 10 columns (no Total, no lines) imports" rc_is 0
t "  the total from Subtotal + Shipping + Taxes - Discount" [ "$(summary)" = "6 814700 ZAR" ]
t "  says once what the file lacks" out_has "no Total column"
t "  and that the orders come without lines" out_has "no line item columns"
t "  without lines" [ "$(lines)" = 0 ]
t "  statuses from the paid times" [ "$(statuses)" = "paid,paid,pending,paid,cancelled,paid" ]
fresh
sd import orders "$R/shopify-nul.csv"
t "NUL bytes in notes and attributes: dropped" rc_is 0
t "  with a warning naming the lines" out_has "NUL bytes dropped from free text (notes, attributes) on 2 lines (2, 4)"
t "  the note without it" [ "$(field '#2002' note)" = "gift wrap please" ]
sed 's/^#2002,/#20@02,/' "$R/shopify-inr.csv" | tr '@' '\000' >"$T/nul-id.csv"
fresh
sd import orders "$T/nul-id.csv"
t "a NUL byte in an order number: refused" rc_is 2
t "  at its line, naming the column" err_has "nul-id.csv:4: a NUL byte in column 'Name'"
t "  nothing imported" [ "$(summary)" = "0 0 " ]
fresh
sd import orders "$R/shopify-mojibake.csv"
t "double-encoded UTF-8: repaired" [ "$(field '#2001' receiver)" = "Priya Nair Xuân" ]
t "  and said so" out_has "encoded as UTF-8 twice"
fresh
sd import orders "$R/shopify-quirks-all.csv"
t "all at once (BOM, ;, wrapped, day first, 1.234,50, NUL, double-encoded, guards)" rc_is 0
t "  the name repaired" [ "$(field '#2004' receiver)" = "Tomas Novak Xuân" ]
t "  the phone without its apostrophe guard" [ "$(field '#2001' phone)" = "+880 1711 000000" ]
t "  the SKU without its =\"...\" guard" [ "$(sq "SELECT sku FROM order_lines WHERE title LIKE 'Block%'")" = KU-01 ]
t "  the e-mail without its trailing blanks" [ "$(field '#2001' buyer)" = "priya.nair@example.in" ]
t "  three notes: wrapped, NUL, encoding" [ "$(grep -c 'wrapped whole\|NUL bytes\|UTF-8 twice' "$T/out")" = 3 ]

# ---- order numbers a spreadsheet destroyed ------------------------------------------------
printf 'Order,Created,Total\n1.23457E+17,2025-11-20 10:00,10.00\n' >"$T/sci.csv"
fresh
sd import orders "$T/sci.csv"
t "an order number in scientific notation: refused" rc_is 2
t "  saying its digits are lost" err_has "sci.csv:2: the order number '1.23457E+17' was turned into a number"

# ---- dates --------------------------------------------------------------------------------
fresh
sd import orders "$R/ambiguous-dates.csv"
t "dates that read both ways: refused" rc_is 2
t "  naming both readings and what to give" err_has "ambiguous-dates.csv:2: '03/04/2025 10:00' reads as 2025-04-03 day first or 2025-03-04 month first"
t "  --date-order named" err_has "--date-order dmy"
t "  nothing imported" [ "$(summary)" = "0 0 " ]
sd import orders "$R/ambiguous-dates.csv" --date-order dmy
t "  --date-order dmy" [ "$(at AMB-1 created_at)" = "2025-04-03 10:00:00" ]
fresh
sd import orders "$R/ambiguous-dates.csv" --date-order mdy
t "  --date-order mdy" [ "$(at AMB-1 created_at)" = "2025-03-04 10:00:00" ]
sd import orders "$R/ambiguous-dates.csv" --date-order ymd
t "  a bad --date-order is bad usage" rc_is 2
fresh
sd import orders "$R/german-dates.csv" --mapping "$R/german-dates.yaml"
t "dates in words with date_format and date_language" rc_is 0
t "  10. Dez. 2025, 02:20 Uhr" [ "$(at B-1 created_at)" = "2025-12-10 02:20:00" ]
t "  3. März 2025, 14:05 Uhr" [ "$(at B-2 created_at)" = "2025-03-03 14:05:00" ]
t "  19,99 with decimal: \",\"" [ "$(summary)" = "3 12499 EUR" ]

# ---- mappings that describe real files --------------------------------------------------
fresh
cp "$R/tmall.yaml" "$T/shop/mappings/"
sd import orders "$R/tmall-report.csv"
t "Tmall report, headers with trailing spaces, through the shop's mapping" rc_is 0
t "  the paid time read (not the creation time)" [ "$(at TM1001 paid_at)" = "2025-11-20 10:01:00" ]
t "  no status column: paid only with a paid time" [ "$(statuses)" = "shipped,pending,paid,pending" ]
t "  said once" out_has "no status column"
t "  totals" [ "$(summary)" = "4 53290 CNY" ]
sd review --date 2025-11-20 --format json
t "  the review's revenue counts only what was paid (2 orders, not 4)" \
    [ "$(jq -c '.currencies[0] | [.paid_orders, .revenue]' "$T/out")" = "[2,42800]" ]
fresh
sd import orders "$R/tmall-report.csv" --mapping "$R/tmall-typo.yaml"
t "a mapped column the file lacks: refused" rc_is 2
t "  naming it and the closest headers" err_has "reads paid_at from a column '订单付款时刻' the file does not have (closest: '订单付款时间'"
t "  and what to change" err_has "change it in the mapping"
fresh
sd import orders "$R/temu-items.csv" --mapping "$R/temu.yaml"
t "rows: items, amounts like 15,00€ and 1.024,90 €" rc_is 0
t "  the order's total is the sum of its rows (not next to each other)" [ "$(field PO-211-001 total)" = 2510 ]
t "  totals" [ "$(summary)" = "2 105000 EUR" ]
t "  a line of quantity 0 kept as such" [ "$(sq "SELECT qty FROM order_lines WHERE title = 'Tischläufer'")" = 0 ]
t "  three lines on the first order" [ "$(sq "SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.number = 'PO-211-001'")" = 3 ]

cat >"$T/bad.yaml" <<'EOF'
name: bad
platform: x
delimiter: pipe
columns: {number: A, created_at: B, total: C}
EOF
sd import orders "$R/temu-items.csv" --mapping "$T/bad.yaml"
t "a bad mapping key: FILE:LINE:COL" err_has "bad.yaml:3:"
printf 'name: x\nplatform: x\ndate_order: ymd\ncolumns: {number: A, created_at: B, total: C}\n' >"$T/bad2.yaml"
sd import orders "$R/temu-items.csv" --mapping "$T/bad2.yaml"
t "  date_order is dmy or mdy" err_has "date_order is dmy"
printf 'name: x\nplatform: x\ncurrency: XYZ\ncolumns: {number: A, created_at: B, total: C}\n' >"$T/bad3.yaml"
sd import orders "$R/temu-items.csv" --mapping "$T/bad3.yaml"
t "  an unknown currency" err_has "unknown currency 'XYZ'"

# ---- the platforms' exports, found by their headers ---------------------------------------
platform() { # FILE SUMMARY STATUSES LINES
    fresh
    sd import orders "$R/$1"
    t "$1: found and imported" rc_is 0
    t "  orders and totals" [ "$(summary)" = "$2" ]
    t "  statuses" [ "$(statuses)" = "$3" ]
    t "  lines" [ "$(lines)" = "$4" ]
}
platform pinduoduo-orders.csv "3 30980 CNY" "delivered,paid,cancelled" 3
t "  its address joined from 省 市 区 街道" [ "$(field 251121-998877665544 address)" = "广东省, 深圳市, 南山区, 粤海街道" ]
platform douyin-orders.csv "2 25780 CNY" "delivered,paid" 3
t "  a sub-order's own amount on its line" [ "$(sq "SELECT total FROM order_lines WHERE sku = 'EAR-W'")" = 18900 ]
platform jd-orders.csv "2 23200 CNY" "delivered,paid" 3
platform kuaishou-orders.csv "2 13960 CNY" "shipped,pending" 2
platform woocommerce-orders.csv "3 16400 CNY" "delivered,paid,pending" 3
platform EtsySoldOrders2024-1.csv "3 12996 USD" "shipped,paid,shipped" 3
t "  tab-separated, month first: 12/31/2023" [ "$(at 3141592001 created_at)" = "2023-12-31 00:00:00" ]
platform amazon-all-orders.txt "4 7057 USD" "shipped,paid,cancelled,pending" 5
t "  \$35.00 and the item's tax, shipping, less promotions" [ "$(field 111-0000002-0000002 total)" = 1108 ]

# ---- --explain ----------------------------------------------------------------------------
fresh
sd import orders "$R/amazon-all-orders.txt" --explain
t "--explain: exit 0" rc_is 0
t "  the format and where it is described" out_has "amazon ("
t "  the separator, found in the file" out_has "separated by tabs (found in the file)"
t "  how rows read" out_has "one per item"
t "  which column feeds the total" out_has "total              <- item-price + item-tax + shipping-price"
t "  the columns ignored" out_has "13 columns ignored: merchant-order-id"
t "  the dates and the decimal mark" out_has "dates: year first; decimal mark: '.'"
t "  the first orders as they would be stored" out_has "line 2: amazon 111-0000001-0000001, shipped"
t "  nothing written" [ "$(summary)" = "0 0 " ]
sd import orders "$R/shopify-semicolon-dmy.csv" --explain
t "  a re-saved file: semicolons, day first, decimal comma" out_has "dates: day/month/year; decimal mark: ','"

# ---- reviews ------------------------------------------------------------------------------
fresh
sd import reviews "$R/taobao-reviews.csv"
t "Taobao's 评价 export: imported" out_has "imported 2 ratings"
t "  好评 is 5, 差评 is 1" [ "$(sq "SELECT group_concat(rating) FROM ratings")" = "5,1" ]
t "  the follow-up (追评) goes with the comment" [ "$(sq "SELECT comment FROM ratings WHERE number = 'TB9002'")" = "线头多 / 客服处理了" ]
t "  2025/11/25 8:30 read" [ "$(sq "SELECT datetime(rated_at, 'unixepoch', '+8 hours') FROM ratings WHERE number = 'TB9002'")" = "2025-11-25 08:30:00" ]

done_testing
