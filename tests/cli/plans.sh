#!/bin/sh
# No everyday step reads a whole large table: a refund requested, approved, received by its
# tracking number and paid; an order and a member looked up; the lists; the review. Each
# statement shopdesk runs (SHOPDESK_SQL_PROFILE) is planned again by SQLite: none may scan
# orders, their lines, members, refunds or payments without an index. Such a scan costs
# nothing on a test shop and tens of milliseconds at a million orders (a refund's risk
# facts once read all 100,000 members to find others with the buyer's phone).
. "${top_srcdir:-.}/tests/lib.sh"
if on_pg; then
    echo "1..0 # SKIP SQLite's plans; PostgreSQL plans by its own statistics"
    exit 0
fi
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
awk 'BEGIN {
    print "Order,Created,Paid,Status,Customer,Receiver,Phone,Address,Tracking,Total,Item,Quantity,Price"
    for (i = 1; i <= 3000; i++)
        printf "P%04d,2026-11-%02d 10:00,2026-11-%02d 10:01,%s,buyer-%d,王伟,1390000%04d,北京市海淀区%d号,SF%010d,100.00,圆领T恤,1,100.00\n",
            i, 1 + int(i / 200), 1 + int(i / 200), i % 2 ? "Shipped" : "Paid", i % 700, i % 700, i % 900, i
}' >"$T/o.csv"
sd import orders "$T/o.csv"
t "3,000 orders" out_has "imported 3000"
sd staff add ag --name Agent --roles agent
sd staff add rf --name Refunds --roles refunds
sd staff add rt --name Returns --roles returns

export SHOPDESK_SQL_PROFILE=1
: >"$T/sql"
step() { # step LOGIN ARGS...: run shopdesk as LOGIN (- the owner), keep the statements it ran
    who=$1
    shift
    [ "$who" = - ] && who=$(id -un)
    run env SHOPDESK_LOGIN="$who" "$SHOPDESK" "$@"
    [ "$rc" -eq 0 ] || echo "$* exited $rc" >>"$T/failed"
    grep '^sql ' "$T/err" | sed 's/^sql *[0-9.]* ms  //' >>"$T/sql"
}
step ag refund request P2999 --kind return --amount 20 --reason damaged
t "a return requested (0)" rc_is 0
id=$(sq "SELECT max(id) FROM refunds")
step ag refund approve "$id"
t "  approved (0)" rc_is 0
step rt refund receive SF0000002999
t "  its parcel scanned in by the tracking number (0)" rc_is 0
step rf refund pay "$id" --method 支付宝 --ref TX-9
t "  paid (0)" rc_is 0
step ag refund request P2001 --kind refund --amount 10 --reason damaged
step - orders show P1500
t "an order shown (0)" rc_is 0
step - members list --search buyer-15
t "members found (0)" rc_is 0
step - orders list --status paid
step - orders list --search 1390000150
step - refund list --view queue
step - refund list
step - members show buyer-150
step - orders list --status shipped
step - orders list --search SF0000001234
step - stock list
step - defects
step - couriers report
step - wave create --limit 20
step - prices protect
step - dispute list --open
# an import killed between its steps: the next program to open the shop undoes it, and reads
# only what the import wrote (the members it made were each checked against every member of
# the shop: a minute for 20,000 of them among 120,000)
unset SHOPDESK_SQL_PROFILE
awk 'BEGIN {
    print "Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price"
    for (i = 1; i <= 25000; i++)
        printf "K%05d,2026-11-20 10:00,2026-11-20 10:01,Paid,killed-%d,100.00,Tee,1,100.00\n", i, i
}' >"$T/k.csv"
start_import "$T/k.csv"
when_writing
kill -KILL "$pid"
wait "$pid" 2>/dev/null
t "an import killed while writing left some of its orders" [ "$(sq "SELECT count(*) FROM orders WHERE number LIKE 'K%'")" -gt 0 ]
export SHOPDESK_SQL_PROFILE=1
step - orders list
t "  the next command undid it" [ "$(sq "SELECT state FROM imports ORDER BY id DESC LIMIT 1")" = undone ]
t "  its orders gone" [ "$(sq "SELECT count(*) FROM orders WHERE number LIKE 'K%'")" = 0 ]
t "  and the members it made" [ "$(sq "SELECT count(*) FROM members WHERE buyer_id LIKE 'killed-%'")" = 0 ]
step - review --date 2026-11-20
t "the review (0)" rc_is 0
t "  and each step before it ran (0)" [ ! -s "$T/failed" ]
[ -s "$T/failed" ] && sed 's/^/#   /' "$T/failed"
unset SHOPDESK_SQL_PROFILE
t "the statements were collected" [ "$(wc -l <"$T/sql")" -gt 100 ]

# each statement that names a large table, planned again
python3 - "$T/sql" "$T/shop/shop.db" >"$T/scans" <<'PY'
import re, sqlite3, sys
db = sqlite3.connect(sys.argv[2])
big = ("orders", "order_lines", "members", "refunds", "payments")
seen = set()
planned = 0
for sql in open(sys.argv[1], encoding="utf-8"):
    sql = sql.strip()
    if not re.match(r"(?i)(SELECT|WITH|UPDATE|DELETE|INSERT)", sql) or sql in seen:
        continue
    seen.add(sql)
    if not re.search(r"\b(%s)\b" % "|".join(big), sql):
        continue
    try:
        plan = db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    except sqlite3.Error:
        continue  # a statement over more than one line, cut by the log
    planned += 1
    for row in plan:
        m = re.match(r"SCAN (\w+)(?: AS \w+)?$", row[3])
        if m:
            # the table an alias stands for
            alias = m.group(1)
            t = re.search(r"\b(\w+)\s+(?:AS\s+)?%s\b" % alias, sql)
            table = alias if alias in big else (t.group(1) if t else alias)
            if table in big:
                print(table, "|", sql[:300])
open(sys.argv[1] + ".planned", "w").write("%d\n" % planned)
PY
echo "# $(cat "$T/sql.planned") distinct statements planned again"
t "  of which 100 or more were planned again" [ "$(cat "$T/sql.planned")" -ge 100 ]
t "no statement scans a large table without an index" [ ! -s "$T/scans" ]
[ -s "$T/scans" ] && sed 's/^/#   /' "$T/scans"
done_testing
