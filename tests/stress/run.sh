#!/bin/sh
# make check-stress: money moved by many processes at once, and processes killed in the middle
# of writing. 8 processes x 1,250 refund operations (request, approve, pay): none lost, none
# doubled, never more refunded than paid, nobody shown "busy"; the same with every approval
# and payment sent twice; then 200 cycles of kill -9 at a random moment during payments and
# imports: the database intact every time, every acknowledged payment there, every import
# all or nothing. On PostgreSQL (make check-stress-pg) the same, the shop in a fresh database of
# a throwaway cluster, and between them the server restarts while 8 processes pay
# (SHOPDESK_TEST_PG_RESTART, set by tests/pg/check-pg.sh, is the command that restarts it).
. "${top_srcdir:-.}/tests/lib.sh"
STRESS="$top_builddir/tests/stress/stress"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
orders() { # FILE FIRST COUNT: paid orders of 100.00
    awk -v first="$2" -v n="$3" 'BEGIN {
        print "Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price"
        for (i = first; i < first + n; i++)
            printf "S-%d,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-%d,100.00,Tee,1,100.00\n", i, i % 97
    }' >"$1"
}
books() { # the invariants, each a count that must be 0
    sq "SELECT (SELECT count(*) FROM (SELECT refund_id FROM payments WHERE kind = 'refund' GROUP BY refund_id HAVING count(*) > 1) AS d)
         + (SELECT count(*) FROM orders o WHERE (SELECT coalesce(sum(amount), 0) FROM payments p WHERE p.order_id = o.id) > o.total)
         + (SELECT count(*) FROM refunds r WHERE (r.status = 'paid') <> EXISTS (SELECT 1 FROM payments p WHERE p.refund_id = r.id AND p.kind = 'refund'))"
}
sum_paid() { awk '{ p += $2; b += $6; e += $10 } END { print p + 0 }' "$1"; }

new_shop "$T/shop"
orders "$T/orders.csv" 1 400
sd import orders "$T/orders.csv"
t "400 paid orders" rc_is 0
for i in 1 2 3 4 5 6 7 8; do
    "$SHOPDESK" staff add "a$i" --name "Agent $i" --roles agent >/dev/null
    "$SHOPDESK" staff add "p$i" --name "Payer $i" --roles refunds >/dev/null
done

run "$STRESS" ops "$T/shop" 8 1250 0
t "8 processes x 1,250 operations: no busy, no error" sh -c "[ $rc = 0 ] && ! grep -v ' busy 0 repeats [0-9]* errors 0$' '$T/out'"
t "  every process reported" [ "$(wc -l <"$T/out")" = 8 ]
paid=$(sum_paid "$T/out")
t "  something was paid ($paid) and something refused for the limit" sh -c "[ $paid -gt 100 ] && grep -qv ' refused 0 ' '$T/out'"
t "  0 lost, 0 doubled: the payments are the ones acknowledged" [ "$(sq "SELECT count(*) FROM payments WHERE kind = 'refund'")" = "$paid" ]
t "  the books balance: paid once, never above the order" [ "$(books)" = 0 ]

before=$paid
run "$STRESS" ops "$T/shop" 8 1250 1
t "every approval and payment sent twice: no busy, no error" sh -c "[ $rc = 0 ] && ! grep -v ' busy 0 repeats [0-9]* errors 0$' '$T/out'"
t "  each repeat answered 'already'" sh -c "! grep -q ' repeats 0 ' '$T/out'"
paid=$(sum_paid "$T/out")
t "  0 lost, 0 doubled" [ "$(sq "SELECT count(*) FROM payments WHERE kind = 'refund'")" = "$((before + paid))" ]
t "  the books balance" [ "$(books)" = 0 ]

# PostgreSQL: the server restarts (crashes and recovers: immediate mode) while 8 processes
# move money; each waits the restart out and carries on, and a payment whose answer was lost
# with the connection is found paid when sent again, never paid twice or guessed
if on_pg && [ -n "${SHOPDESK_TEST_PG_RESTART:-}" ]; then
    orders "$T/survive.csv" 10000 1000 # orders with room for refunds
    sd import orders "$T/survive.csv"
    : >"$T/acked"
    before=$(sq "SELECT count(*) FROM payments WHERE kind = 'refund'")
    "$STRESS" survive "$T/shop" 8 400 "$T/acked" >"$T/survive" 2>"$T/survive.err" &
    spid=$!
    sleep 1
    kill -0 $spid 2>/dev/null
    working=$?
    sh -c "$SHOPDESK_TEST_PG_RESTART" >"$T/restart.out" 2>&1
    restarted=$?
    wait $spid
    src=$?
    t "server restart in the middle of 8 processes' payments" sh -c "[ $working = 0 ] && [ $restarted = 0 ]"
    t "  each process carried on: no busy, no error but the lost connection" sh -c "[ $src = 0 ] && [ \"\$(grep -c ' busy 0 repeats [0-9]* errors 0 found [0-9]* lost [0-9]*$' '$T/survive')\" = 8 ]"
    t "  the connection was lost and found again" grep -qv ' lost 0$' "$T/survive"
    sed 's/^/# /' "$T/survive"
    acked=$(sort -u "$T/acked" | wc -l)
    t "  every payment acknowledged ($acked), none lost, none doubled" \
        [ "$(sq "SELECT count(*) FROM payments WHERE kind = 'refund'")" = "$((before + acked))" ]
    t "  the books balance" [ "$(books)" = 0 ]
    sd check
    t "  shopdesk check: the audit chain holds" rc_is 0
fi

# kill -9 at a random moment, 200 times
orders "$T/more.csv" 1000 5000 # room for more refunds
sd import orders "$T/more.csv"
# an import the kill can land before or after: on a server each order is a round trip, so
# the batch is smaller there
batch=300
on_pg && batch=30
# The kill lands at a random moment up to half again as long as this machine takes for a
# whole import of a batch, or for a first payment acknowledged (at least 150 ms): a slower
# machine, or a build with sanitizers, gets a longer window, so that kills land after a
# commit too.
ms() { echo $(($(date +%s%N) / 1000000)); }
orders "$T/batch.csv" 19000 $batch
t0=$(ms)
"$SHOPDESK" import orders "$T/batch.csv" >/dev/null 2>&1
t_import=$(($(ms) - t0))
: >"$T/acked"
t0=$(ms)
"$STRESS" acked "$T/shop" "$T/acked" 2>/dev/null &
pid=$!
k=0
while [ ! -s "$T/acked" ] && [ $k -lt 400 ]; do
    sleep 0.01
    k=$((k + 1))
done
t_ack=$(($(ms) - t0))
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
window=$((t_import > t_ack ? t_import : t_ack))
window=$((window * 3 / 2))
[ $window -lt 150 ] && window=150
echo "# an import of $batch orders: $t_import ms; a first payment acknowledged: $t_ack ms; kills within $window ms"
bad_integrity=0 partial=0 none=0 whole=0 n=0 next=20000
while [ $n -lt 200 ]; do
    n=$((n + 1))
    wait_ms=$(awk -v s="$n" -v w="$window" 'BEGIN { srand(s); printf "%.3f", 0.005 + rand() * w / 1000 }')
    if [ $((n % 2)) = 1 ]; then
        "$STRESS" acked "$T/shop" "$T/acked" 2>/dev/null &
    else
        count=$(sq "SELECT count(*) FROM orders")
        orders "$T/batch.csv" $next $batch
        next=$((next + batch))
        "$SHOPDESK" import orders "$T/batch.csv" >/dev/null 2>&1 &
    fi
    pid=$!
    sleep "$wait_ms"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    db_intact || bad_integrity=$((bad_integrity + 1))
    if [ $((n % 2)) = 0 ]; then
        now=$(sq "SELECT count(*) FROM orders")
        if [ "$now" = "$count" ]; then
            none=$((none + 1))
        elif [ "$now" = $((count + batch)) ]; then
            whole=$((whole + 1))
        else
            partial=$((partial + 1))
        fi
    fi
done
acked=$(sort -u "$T/acked" | wc -l)
ids=$(sort -u "$T/acked" | paste -sd, -)
kept=$(sq "SELECT count(DISTINCT refund_id) FROM payments WHERE kind = 'refund' AND refund_id IN (${ids:-0})")
t "200 kill -9: the database intact every time" [ $bad_integrity = 0 ]
t "  every acknowledged payment is there ($acked)" sh -c "[ $acked -gt 0 ] && [ $kept = $acked ]"
t "  every import all or nothing ($whole whole, $none none)" [ $partial = 0 ]
t "  the kills landed both before and after a commit" sh -c "[ $whole -gt 0 ] && [ $none -gt 0 ]"
t "  the books balance" [ "$(books)" = 0 ]
sd check
t "  shopdesk check: the audit chain holds" rc_is 0
done_testing
