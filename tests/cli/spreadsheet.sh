#!/bin/sh
# CSV exports opened in a real spreadsheet: buyer names, item names, SKUs and comments that
# start with = + - @ (formula injection) arrive as text, never as formulas. LibreOffice
# (headless) converts each export to a flat ODS file, where a formula would show as a
# table:formula attribute. A control file with raw formulas proves the check sees them.
# Needs soffice (./quickstart check installs libreoffice-calc-nogui): skipped otherwise.
. "${top_srcdir:-.}/tests/lib.sh"
if ! command -v soffice >/dev/null 2>&1; then
    skip_t "CSV exports in LibreOffice" "needs soffice (apt-get install libreoffice-calc-nogui)"
    done_testing
    exit
fi
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
mkdir -p "$T/lo"
# calc FILE.csv: convert to flat ODS in $T/lo (comma-separated, UTF-8, first row as any other)
calc() {
    rm -f "$T/lo/$(basename "$1" .csv).fods"
    HOME="$T/lo" timeout 120 soffice --headless --norestore \
        "-env:UserInstallation=file://$T/lo/profile" \
        --convert-to fods --infilter="CSV:44,34,76,1" --outdir "$T/lo" "$1" >/dev/null 2>&1
    [ -s "$T/lo/$(basename "$1" .csv).fods" ]
}
formulas() { grep -o 'table:formula="[^"]*"' "$T/lo/$1.fods" | wc -l; }

printf 'a,b,c\n=1+2,"=HYPERLINK(""http://x"",""click"")",@SUM(1;2)\n' >"$T/control.csv"
calc "$T/control.csv"
t "LibreOffice converts a CSV" [ -s "$T/lo/control.fods" ]
t "  control: raw formulas are seen as formulas" [ "$(formulas control)" -ge 2 ]

new_shop "$T/shop"
cat >"$T/evil.csv" <<'EOF'
Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price,SKU
EVIL-1,2026-11-20 10:00,2026-11-20 10:01,Paid,"=HYPERLINK(""http://evil.example"",""click"")",10.00,=1+1,1,10.00,+SUM(1;2)
EVIL-2,2026-11-20 10:05,2026-11-20 10:06,Paid,@SUM(1;2),20.00,-2+3,1,20.00,=A1
EOF
sd import orders "$T/evil.csv"
t "orders with formula-like fields import" rc_is 0
printf 'Order,Rating,Comment,Time\nEVIL-1,1,"=HYPERLINK(""http://evil.example"")",2026-11-20 18:00\n' >"$T/ratings.csv"
sd import reviews "$T/ratings.csv"
t "  and a rating with one in its comment" rc_is 0
sd refund request EVIL-2 --kind refund --amount 5 --reason damaged
t "  and a refund on the second" rc_is 0

exports="orders-export:export orders --format csv
orders-list:orders list --format csv
members-list:members list --format csv
ratings-list:ratings list --format csv
refund-list:refund list --format csv
audit-export:export audit --format csv"
echo "$exports" | while IFS=: read -r name args; do
    # shellcheck disable=SC2086
    "$SHOPDESK" $args >"$T/$name.csv" 2>"$T/$name.err"
    echo "$? $name"
done >"$T/codes"
t "six CSV exports written" [ "$(grep -c '^0 ' "$T/codes")" = 6 ]
for name in orders-export orders-list members-list ratings-list refund-list audit-export; do
    calc "$T/$name.csv"
    t "$name: opens in LibreOffice" [ -s "$T/lo/$name.fods" ]
    t "$name: no formulas" [ "$(formulas "$name")" = 0 ]
done
t "the buyer's name is there, as text" grep -q "=HYPERLINK(&quot;http://evil.example" "$T/lo/orders-export.fods"
t "the comment too" grep -q "=HYPERLINK(&quot;http://evil.example" "$T/lo/ratings-list.fods"
t "the member named @SUM(1;2) is there, as text" grep -q "@SUM(1;2)" "$T/lo/members-list.fods"

done_testing
