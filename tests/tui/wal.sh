#!/bin/sh
# A console left open all day is a long-lived reader: it must not let the write-ahead log grow
# without bound while others write. 30 imports (about 30 MB of changes) from the command line
# with a console open on the Orders screen: the log stays within a few checkpoints' worth.
# The control: the same writes while a plain reader keeps one transaction open do grow the
# log, so the measure can tell the two apart.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
sqlite_only "SQLite's write-ahead log beside shop.db (the server keeps its own)"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null

wal_size() { stat -c %s "$T/shop/shop.db-wal" 2>/dev/null || echo 0; }
# writes ROUND: 30 imports of 1000 new orders; sets $largest (bytes) and $failed
writes() {
    largest=0 failed=0
    for i in $(seq 1 30); do
        orders_csv "$T/batch.csv" "$1-$i-" 1000
        "$SHOPDESK" import orders "$T/batch.csv" >/dev/null 2>&1 || failed=$((failed + 1))
        w=$(wal_size)
        [ "$w" -gt "$largest" ] && largest=$w
    done
}

tui_start 100x30
tui_wait "Orders" >/dev/null
writes C
echo "# log at most $((largest / 1024)) KiB with the console open"
t "console open: 30 imports all committed" [ "$failed" = 0 ]
t "  the log stayed under 12 MiB" [ "$largest" -lt $((12 * 1024 * 1024)) ]
t "  the console shows the new orders" tui_wait "C-30-"
t "  and the console is still there" [ -n "$(tui_pid)" ]

python3 - "$T/shop/shop.db" "$T/reading" <<'EOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM orders").fetchone()
open(sys.argv[2], "w").close()
time.sleep(120)
EOF
reader=$!
for i in $(seq 50); do [ -e "$T/reading" ] && break; sleep 0.1; done
writes R
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
echo "# log at most $((largest / 1024)) KiB under a reader holding a transaction"
t "control: a reader holding one transaction lets the log grow past 20 MiB" \
    [ "$largest" -gt $((20 * 1024 * 1024)) ]
tui_stop
done_testing
