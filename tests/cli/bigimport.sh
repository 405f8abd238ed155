#!/bin/sh
# Large imports: read and checked before anything is written, then written in short steps
# so that a refund paid meanwhile never waits long; stopped (Ctrl-C, SIGTERM) or killed, an
# import leaves the shop exactly as it was; a progress line on a terminal, none in a pipe.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"

# big FILE PREFIX N [STATUS]: N paid orders in the generic layout, 2,000 buyers
big() {
    awk -v p="$2" -v n="$3" -v st="${4:-Paid}" 'BEGIN {
        print "Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price"
        for (i = 1; i <= n; i++)
            printf "%s%d,2026-11-20 10:00,2026-11-20 10:01,%s,buyer-%d,100.00,Tee %d,1,100.00\n",
                p, i, st, i % 2000, i
    }' >"$1"
}
# what the shop holds (not its logs)
dump() {
    for t in orders order_lines members tier_history refunds payments; do
        sq "SELECT * FROM $t ORDER BY 1"
    done | md5sum
}
new_shop "$T/shop"
"$SHOPDESK" staff add ag --name Agent --roles agent >/dev/null
"$SHOPDESK" staff add rf --name Refunds --roles refunds >/dev/null
orders_csv "$T/seed.csv" S 5
sd import orders "$T/seed.csv"
t "a shop with a few orders" rc_is 0

big "$T/b60.csv" B 60000
sd import orders "$T/b60.csv"
t "60,000 orders (more than one step): imported" out_has "imported 60000, updated 0"
t "  all there" [ "$(sq "SELECT count(*) FROM orders")" = 60005 ]
t "  the import on record, done" [ "$(sq "SELECT state || ' ' || imported FROM imports ORDER BY id DESC LIMIT 1")" = "done 60000" ]
t "  each order knows its import" [ "$(sq "SELECT count(*) FROM orders WHERE import_id = (SELECT max(id) FROM imports)")" = 60000 ]
sd import orders "$T/b60.csv"
t "again: nothing changes" out_has "imported 0, updated 0, unchanged 60000"
sd import orders "$T/b60.csv" --dry-run
t "a dry run in steps: counts, nothing kept" out_has "dry run: would import 0, update 0, leave 60000 unchanged"

# stopped with Ctrl-C while writing: undone, exit 130
before=$(dump)
big "$T/c.csv" C 100000
start_import "$T/c.csv"
when_writing
kill -INT "$pid"
wait "$pid"
rc=$?
t "Ctrl-C while writing: exit 130" [ "$rc" = 130 ]
t "  says nothing was kept" grep -q "stopped: nothing of the file being imported was kept" "$T/prog"
t "  the shop exactly as before" [ "$(dump)" = "$before" ]
t "  the import on record as undone" [ "$(sq "SELECT state FROM imports ORDER BY id DESC LIMIT 1")" = undone ]
t "  and the undoing in the audit log" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'order.import_undone'")" = 1 ]

start_import "$T/c.csv"
when_writing
kill -TERM "$pid"
wait "$pid"
rc=$?
t "SIGTERM: exit 143, undone" [ "$rc" = 143 ]
t "  the shop exactly as before" [ "$(dump)" = "$before" ]

# a re-import that changes orders, stopped: the changed orders get back what they were
big "$T/b60s.csv" B 60000 Shipped
start_import "$T/b60s.csv"
when_writing
kill -INT "$pid"
wait "$pid"
t "changes stopped half-way: undone" [ "$(dump)" = "$before" ]
t "  no order left shipped" [ "$(sq "SELECT count(*) FROM orders WHERE status = 'shipped'")" = 0 ]

# killed outright: the next shopdesk to open the shop undoes it
start_import "$T/c.csv"
when_writing
kill -KILL "$pid"
wait "$pid" 2>/dev/null
partial=$(sq "SELECT count(*) FROM orders")
t "kill -9 while writing leaves some steps in the shop" [ "$partial" -gt 60005 ]
t "  marked running" [ "$(sq "SELECT state FROM imports ORDER BY id DESC LIMIT 1")" = running ]
sd orders list
t "  the next command undoes them" [ "$(dump)" = "$before" ]
t "  and marks it so" [ "$(sq "SELECT state FROM imports ORDER BY id DESC LIMIT 1")" = undone ]

# a refund paid while a large import runs: it waits a step at most
sd refund request S1 --kind refund --amount 100 --reason damaged
sd refund approve 1
start_import "$T/c.csv"
when_writing
t0=$(date +%s%N)
as rf refund pay 1 --method alipay --ref during-import
t1=$(date +%s%N)
t "a refund paid during the import" rc_is 0
t "  in under 2 s ($(( (t1 - t0) / 1000000 )) ms)" [ $(( (t1 - t0) / 1000000 )) -lt 2000 ]
t "  never 'busy'" err_lacks "busy"
wait "$pid"
t "  the import done too" grep -q "imported 100000" "$T/bg.out"

# a first import into an empty shop sets indexes and search triggers aside: killed, they
# come back
rm -rf "$T/empty"
new_shop "$T/empty"
schema=$(db_schema)
big "$T/e.csv" E 80000
start_import "$T/e.csv"
when_writing
kill -KILL "$pid"
wait "$pid" 2>/dev/null
sd check
t "an empty shop's first import killed: check does not cry wolf" out_has "triggers:  ok"
sd orders list
t "  undone: no orders" [ "$(sq "SELECT count(*) FROM orders")" = 0 ]
same_schema() { [ -n "$schema" ] && [ "$(db_schema)" = "$schema" ]; }
t "  every index and trigger back" same_schema
sd import orders "$T/e.csv"
t "  then it imports" out_has "imported 80000"
sd orders list --search E79999
t "  and search finds its orders" out_has "E79999"

# progress: on a terminal, and not in a pipe
new_shop "$T/p"
if command -v script >/dev/null 2>&1; then
    script -qec "'$SHOPDESK' import orders '$T/b60.csv'" /dev/null >"$T/tty.out" 2>&1
    t "on a terminal: a progress line" grep -q "reading" "$T/tty.out"
    t "  writing, with a bar" grep -q "writing .* of 60000 \[" "$T/tty.out"
    t "  and the summary" grep -q "imported 60000" "$T/tty.out"
else
    skip_t "progress on a terminal" "needs script (bsdutils)"
fi
new_shop "$T/p2"
sd import orders "$T/b60.csv"
t "in a pipe: only the summary" out_has "imported 60000"
t "  no progress on stderr" err_empty
new_shop "$T/p3"
sd import orders "$T/b60.csv" --progress
t "--progress forces it" err_has "writing"
new_shop "$T/p4"
script -qec "'$SHOPDESK' import orders '$T/b60.csv' --quiet" /dev/null >"$T/q.out" 2>&1
t "--quiet on a terminal: none" sh -c "! grep -q reading '$T/q.out' && grep -q 'imported 60000' '$T/q.out'"

# tiers after an import of many buyers: the new members (consecutive ids) and the old ones
# scattered among them are each read once, not every member of the shop; what they get is
# what a full recompute gives
new_shop "$T/tiers"
big "$T/b6.csv" B 6000
sd import orders "$T/b6.csv"
cd_p2_members=$(sq "SELECT count(*) FROM members")
awk 'BEGIN {
    print "Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price"
    for (i = 1; i <= 3000; i++)
        printf "N%d,2026-11-20 11:00,2026-11-20 11:01,Paid,new-%d,%d.00,Tee,1,%d.00\n", i, i, 100 * (i % 40 + 1), 100 * (i % 40 + 1)
    for (k = 0; k < 2000; k += 7)
        printf "X%d,2026-11-20 12:00,2026-11-20 12:01,Paid,buyer-%d,9000.00,Coat,1,9000.00\n", k, k
}' >"$T/many.csv"
sd import orders "$T/many.csv"
t "3,000 new buyers and 286 old ones: imported" out_has "imported 3286"
t "  the new members made" [ "$(sq "SELECT count(*) FROM members")" = $((cd_p2_members + 3000)) ]
t "  only the 3,286 buyers read for their tiers" [ "$(sq "SELECT after FROM audit WHERE action = 'tiers.recompute' ORDER BY id DESC LIMIT 1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["members"])')" = 3286 ]
rfm_now() { sq "SELECT id || ' ' || tier || ' ' || frequency || ' ' || monetary FROM members ORDER BY id" | md5sum; }
after_import=$(rfm_now)
sd tiers recompute
t "  a full recompute then changes no member" [ "$(rfm_now)" = "$after_import" ]
t "  an old buyer's order counted" [ "$(sq "SELECT frequency FROM members WHERE name = 'buyer-7' OR buyer_id = 'buyer-7' LIMIT 1")" = 4 ]

done_testing
