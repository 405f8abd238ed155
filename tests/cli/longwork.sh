#!/bin/sh
# Long work besides imports (tiers recompute, gifts run, check): a progress line on a
# terminal, nothing extra in a pipe, and Ctrl-C (or SIGTERM) stops it with nothing changed.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-12-04T12:00:00+08:00"

# what the shop holds (not its logs)
dump() {
    for t in members tier_history orders order_lines stock stock_moves audit; do
        sq "SELECT * FROM $t ORDER BY 1"
    done | md5sum
}
# start CMD...: shopdesk in the background with its progress on $T/prog; $pid set
start() {
    : >"$T/prog"
    "$SHOPDESK" "$@" --progress >"$T/bg.out" 2>"$T/prog" &
    pid=$!
}
# when_shown PATTERN: wait until the background command's progress matches PATTERN (or it
# ends)
when_shown() {
    n=0
    while ! tr '\r' '\n' <"$T/prog" | grep -q "$1" && kill -0 "$pid" 2>/dev/null &&
        [ $n -lt 600 ]; do
        sleep 0.02
        n=$((n + 1))
    done
}
# interrupt SIGNAL PATTERN: once the progress matches PATTERN, send SIGNAL; $rc is the exit
interrupt() {
    when_shown "$2"
    kill -"$1" "$pid"
    wait "$pid"
    rc=$?
}

new_shop "$T/shop"
sed -i 's/budget_per_month: [0-9]*/budget_per_month: none/' "$T/shop/shop.yaml"
# 300,000 members, one in ten with a birthday in two days and an order to send a gift to
sq "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300000)
    INSERT INTO members (platform, buyer_id, name, birthday, created_at, tier, last_order_at,
                         frequency, monetary)
    SELECT 'generic', 'b' || i, 'Buyer ' || i, CASE WHEN i % 10 = 0 THEN '12-06' ELSE '' END,
           1790000000, 1, 1790000000, 3, 50000 FROM c;
    INSERT INTO orders (platform, number, status, member_id, buyer, receiver, phone, address,
                        currency, goods, total, created_at, paid_at, updated_at)
    SELECT 'generic', 'T' || id, 'delivered', id, buyer_id, name, '13800000000', 'Road ' || id,
           'CNY', 10000, 10000, 1790000000, 1790000000, 1790000000
    FROM members WHERE id % 10 = 0;"
t "a shop of 300,000 members" [ "$(sq "SELECT count(*) FROM members")" = 300000 ]
sd gifts stock GIFT-BDAY 100000

# tiers recompute
before=$(dump)
start tiers recompute
interrupt INT "counting members [1-9]"
t "tiers recompute stopped with Ctrl-C: exit 130" [ "$rc" = 130 ]
t "  says nothing was changed" grep -q "stopped: nothing was changed" "$T/prog"
t "  and nothing was" [ "$(dump)" = "$before" ]
start tiers recompute
interrupt TERM "counting members [1-9]"
t "SIGTERM the same: exit 143" [ "$rc" = 143 ]
t "  nothing changed" [ "$(dump)" = "$before" ]
if command -v script >/dev/null 2>&1; then
    script -qec "'$SHOPDESK' tiers recompute" /dev/null >"$T/tty.out" 2>&1
    t "on a terminal: a progress line with a bar" grep -q "counting members .* of 300000 \[" "$T/tty.out"
    t "  then the summary" grep -q "300000 members: 0 moved up" "$T/tty.out"
else
    skip_t "progress on a terminal" "needs script (bsdutils)"
fi
sd tiers recompute
t "in a pipe: the summary" out_has "300000 members:"
t "  and no progress" err_empty

# gifts run
before=$(dump)
start gifts run
interrupt INT "making gifts [1-9]"
t "gifts run stopped with Ctrl-C: exit 130" [ "$rc" = 130 ]
t "  says no gift was made" grep -q "stopped: no gift was made" "$T/prog"
t "  and none was" [ "$(dump)" = "$before" ]
sd gifts run --dry-run
t "a dry run in a pipe: no progress" err_empty
t "  the gifts it would make" out_has "would make 30000 gifts"
if command -v script >/dev/null 2>&1; then
    script -qec "'$SHOPDESK' gifts run" /dev/null >"$T/tty.out" 2>&1
    t "gifts run on a terminal: progress" grep -q "making gifts .* of " "$T/tty.out"
    t "  and the summary" grep -q "made 30000 gifts" "$T/tty.out"
fi
t "  30,000 gifts made" [ "$(sq "SELECT count(*) FROM orders WHERE gift = 1")" = 30000 ]
if on_pg; then
    # A row a transaction updates again and again leaves a version each time, which every
    # later read of it in the same transaction walks: one stock row and the audit head
    # moved once a gift made 30,000 gifts take minutes. The server's counters of rows
    # updated come in when each connection ends; wait for the gifts' stock movements.
    n=0
    while [ "$(sq "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'stock_moves'")" -lt 60000 ] &&
        [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    upd() { sq "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = '$1'"; }
    t "  (PostgreSQL) the gift's stock row updated a few times, not once a gift: $(upd stock)" \
        [ "$(upd stock)" -lt 100 ]
    t "  (PostgreSQL) and the audit head: $(upd audit_head)" [ "$(upd audit_head)" -lt 100 ]
fi

# check: SQLite's integrity check of a 100 MB file, then 30,000 audit rows
start check
interrupt INT "checking the database"
t "check stopped with Ctrl-C: exit 130" [ "$rc" = 130 ]
t "  says it did not finish" grep -q "stopped: the check did not finish" "$T/prog"
if command -v script >/dev/null 2>&1; then
    script -qec "'$SHOPDESK' check" /dev/null >"$T/tty.out" 2>&1
    t "check on a terminal: progress" grep -q "checking the audit log .* of " "$T/tty.out"
    t "  and the result" grep -q "audit log: ok (300" "$T/tty.out"
fi
sd check
t "check in a pipe: no progress" err_empty
t "  the result" out_has "hash chain intact"

# export orders: 60,000 orders streamed; stopped while the reader is slow
sd export orders --format csv --progress
t "export orders --progress: the rows" [ "$(printf '%s\n' "$out" | wc -l)" = 60001 ]
t "  and a progress line" err_has "exporting orders"
sd export orders --format csv
t "  in a pipe: no progress" err_empty
( sh -c 'echo $$ >"$1"; exec "$2" export orders --format json 2>"$3"' sh "$T/pid" "$SHOPDESK" "$T/prog"
  echo $? >"$T/rc" ) | (sleep 1; cat >"$T/part.json") &
sleep 0.5
kill -INT "$(cat "$T/pid")"
wait
t "export stopped with Ctrl-C: exit 130" [ "$(cat "$T/rc")" = 130 ]
t "  says the export is incomplete" grep -q "stopped: the export is incomplete" "$T/prog"
t "  and the JSON is not closed as if whole" sh -c "! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$T/part.json' 2>/dev/null"

done_testing
