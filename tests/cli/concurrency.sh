#!/bin/sh
# Several people at once on one shop: 8 processes pay the same 40 refunds (each is paid
# exactly once; the others hear "already paid"; nobody sees "busy"), and 8 processes race to
# refund 10.00 at a time from one 100.00 order (exactly 100.00 goes out, never more).
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
python3 - "$T/orders.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\n")
    for i in range(40):
        f.write(f"C-{i},2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-{i},50.00,Tee,1,50.00\n")
    f.write("POOL,2026-11-20 10:00,2026-11-20 10:01,Paid,pool,100.00,Coat,1,100.00\n")
PY
sd import orders "$T/orders.csv"
for i in 1 2 3 4 5 6 7 8; do sd staff add "p$i" --name "Payer $i" --roles refunds; done
sd staff add ag --name Agent --roles agent
# shop.yaml: no auto-approve, so the owner approves
ids=""
i=0
while [ $i -lt 40 ]; do
    sd --as ag refund request "C-$i" --kind refund --amount 30 --reason late
    id=$(tail -1 "$T/out")
    "$SHOPDESK" refund approve "$id" >/dev/null 2>&1
    ids="$ids $id"
    i=$((i + 1))
done
t "40 approved requests wait" [ "$(sq "SELECT count(*) FROM refunds WHERE status = 'approved'")" = 40 ]

for p in 1 2 3 4 5 6 7 8; do
    (
        for id in $ids; do
            SHOPDESK_LOGIN="p$p" "$SHOPDESK" refund pay "$id" --method 支付宝 --ref "P$p-$id" \
                >>"$T/pay$p.out" 2>>"$T/pay$p.err"
        done
    ) &
done
wait
t "each refund paid exactly once" [ "$(sq "SELECT count(*) || ',' || count(DISTINCT refund_id) FROM payments")" = "40,40" ]
t "the books balance" [ "$(sq "SELECT sum(amount) FROM payments")" = 120000 ]
t "every refund is paid" [ "$(sq "SELECT count(*) FROM refunds WHERE status = 'paid'")" = 40 ]
cat "$T"/pay*.err >"$T/err"
t "the losers heard 'already paid' (280 times)" [ "$(grep -c 'already paid' "$T/err")" = 280 ]
t "nobody was told the shop was busy" sh -c "! grep -qi 'busy' '$T/err'"
t "no other error" [ "$(grep -vc 'already paid' "$T/err")" = 0 ]
t "the audit chain is whole after the race" sh -c "'$SHOPDESK' check >/dev/null"

# the same order, 8 people, 10.00 each, until the money runs out
for p in 1 2 3 4 5 6 7 8; do
    (
        k=0
        while [ $k -lt 3 ]; do
            id=$("$SHOPDESK" --as ag refund request POOL --kind refund --amount 10 --reason late 2>/dev/null | tail -1)
            if [ -n "$id" ]; then
                "$SHOPDESK" refund approve "$id" >/dev/null 2>&1
                SHOPDESK_LOGIN="p$p" "$SHOPDESK" refund pay "$id" --method 现金 >/dev/null 2>>"$T/pool$p.err"
            fi
            k=$((k + 1))
        done
    ) &
done
wait
t "exactly 100.00 went out of a 100.00 order" \
    [ "$(sq "SELECT sum(p.amount) FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.number = 'POOL'")" = 10000 ]
cat "$T"/pool*.err >"$T/err" 2>/dev/null
t "the rest were refused by the books, not by 'busy'" sh -c "! grep -qi 'busy' '$T/err'"
t "the database is intact" db_intact
done_testing
