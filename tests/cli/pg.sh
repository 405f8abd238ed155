#!/bin/sh
# A shop on PostgreSQL (make check-pg): what the server itself guarantees, tried from psql as
# a writer that does not come through shopdesk. Two writers racing to over-refund an order;
# the audit log and payments append-only even for the tables' owner; a guard disabled or
# rewritten is reported by check; shopdesk's writes take turns behind the writer lock; a
# database whose character type does not know Chinese is reported. Skipped on SQLite.
. "${top_srcdir:-.}/tests/lib.sh"
if ! on_pg; then
    echo "1..0 # SKIP needs PostgreSQL (make check-pg)"
    exit 0
fi
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
db=$(sed -n 's/^  database: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$T/shop/shop.yaml")
psqlq() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
cat >"$T/o.csv" <<'EOF'
Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price
P-1,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-a,100.00,Tee,1,100.00
P-2,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-b,100.00,Tee,1,100.00
EOF
sd import orders "$T/o.csv"
t "a shop on PostgreSQL imports" rc_is 0
sd check
t "  and checks out" rc_is 0

# the same tables and columns as a SQLite shop (less SQLite's search tables; PostgreSQL's
# insertion order for reports, and the session user in the audit log)
"$SHOPDESK" init "$T/lite" >/dev/null 2>&1
sqlite3 -batch "$T/lite/shop.db" "SELECT m.name || '.' || p.name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'order_search%' AND m.name NOT LIKE 'order_grams%' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1" >"$T/lite.cols"
psqlq -c "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_version' AND NOT (table_name IN ('mystery_scores', 'mystery_evidence') AND column_name = 'seq') AND NOT (table_name = 'audit' AND column_name = 'session_user_name') ORDER BY 1" >"$T/pg.cols"
t "the same tables and columns as a SQLite shop ($(wc -l <"$T/lite.cols"))" cmp -s "$T/lite.cols" "$T/pg.cols"
t "  the same schema version" [ "$(psqlq -c "SELECT max(version) FROM schema_version")" = "$(sqlite3 "$T/lite/shop.db" "PRAGMA user_version")" ]

# Two writers past shopdesk, each paying back 60 of P-1's 100: the first holds its
# transaction open a second; the second waits for the order's row, then sees the first.
oid=$(psqlq -c "SELECT id FROM orders WHERE number = 'P-1'")
pay="INSERT INTO payments (order_id, kind, amount, goods_amount, shipping_amount, method, at, \"by\") VALUES ($oid, 'refund', 6000, 6000, 0, 'x', 1, 'psql')"
(psqlq -c "BEGIN" -c "$pay" -c "SELECT pg_sleep(1)" -c "COMMIT" >"$T/a.out" 2>&1; echo $? >"$T/a.rc") &
sleep 0.3
psqlq -c "$pay" >"$T/b.out" 2>&1
echo $? >"$T/b.rc"
wait
t "two writers racing past shopdesk: the first pays" [ "$(cat "$T/a.rc")" = 0 ]
t "  the second is refused by the server" [ "$(cat "$T/b.rc")" != 0 ]
t "  saying why" grep -q "exceeds what was paid" "$T/b.out"
t "  60 of 100 refunded, not 120" [ "$(psqlq -c "SELECT shop_refunded || ',' || refunded FROM orders WHERE id = $oid")" = "6000,6000" ]

# append-only, whoever writes
for q in "UPDATE audit SET action = 'x' WHERE id = 1" "DELETE FROM audit" "TRUNCATE audit" \
    "UPDATE payments SET amount = 1" "DELETE FROM payments" "TRUNCATE payments CASCADE"; do
    psqlq -c "$q" >"$T/q.out" 2>&1
    qrc=$?
    t "refused by the server: $q" sh -c "[ $qrc -ne 0 ] && grep -q 'append-only\|never edited\|never deleted' '$T/q.out'"
done
t "  the audit log as it was" [ "$(psqlq -c "SELECT count(*) FROM audit WHERE action = 'x'")" = 0 ]

# the audit log records the database's session user
t "the audit log keeps the session user" [ "$(psqlq -c "SELECT count(*) FROM audit WHERE session_user_name = session_user")" -gt 0 ]

# roles on the server: the tables belong to a role nobody logs in as; a staff member's own
# login role, put in the shop's groups by staff add, works through shopdesk and is refused
# by PostgreSQL itself when it tries to rewrite history with psql
d=${db#dbname=}
t "the tables belong to ${d}_owner" [ "$(psqlq -c "SELECT count(DISTINCT tableowner) || ' ' || min(tableowner) FROM pg_tables WHERE schemaname = current_schema()")" = "1 ${d}_owner" ]
t "  which nobody logs in as" [ "$(psqlq -c "SELECT rolcanlogin FROM pg_roles WHERE rolname = '${d}_owner'")" = f ]
ag="ag$$" rf="rf$$"
psqlq -c "CREATE ROLE $ag LOGIN PASSWORD 'pw-$ag'; CREATE ROLE $rf LOGIN PASSWORD 'pw-$rf'"
sd staff add "$ag" --name Agent --roles agent
sd staff add "$rf" --name Refunds --roles refunds
as_pg() { # ROLE ARGS...: shopdesk as that staff member, logged in to the server as them
    who=$1
    shift
    PGUSER=$who PGPASSWORD=pw-$who SHOPDESK_LOGIN=$who run "$SHOPDESK" "$@"
}
psql_as() { PGUSER=$1 PGPASSWORD=pw-$1 psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "$2"; }
as_pg "$ag" refund request P-2 --kind refund --amount 10 --reason damaged
t "an agent's own login: a refund request through shopdesk" rc_is 0
rid=$(tail -1 "$T/out")
sd refund approve "$rid"
as_pg "$rf" refund pay "$rid" --method 现金
t "  the refunds person's own login pays it" rc_is 0
t "  the audit log has each one's session user" [ "$(psqlq -c "SELECT string_agg(session_user_name, ',' ORDER BY id) FROM audit WHERE action IN ('refund.request', 'refund.pay') AND login IN ('$ag', '$rf')")" = "$ag,$rf" ]
for q in "UPDATE payments SET amount = 1" "DELETE FROM payments" "UPDATE audit SET login = 'x'" \
    "DELETE FROM audit" "TRUNCATE audit" "UPDATE staff SET roles = 'owner'" \
    "SELECT shopdesk_grant('$ag', 'owner', true)" \
    "INSERT INTO payments (order_id, kind, amount, goods_amount, shipping_amount, method, at, \"by\") SELECT order_id, 'refund', 1, 1, 0, 'x', 1, 'x' FROM refunds WHERE id = $rid"; do
    psql_as "$ag" "$q" >"$T/q.out" 2>&1
    qrc=$?
    t "the agent's psql, refused by PostgreSQL: $q" sh -c "[ $qrc -ne 0 ] && grep -q 'permission denied' '$T/q.out'"
done
t "  but reads" [ "$(psql_as "$ag" "SELECT count(*) FROM orders")" = 2 ]
sd staff remove "$ag"
t "removed from the staff: out of the shop's groups" [ "$(psqlq -c "SELECT count(*) FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = '$ag'")" = 0 ]
psql_as "$ag" "SELECT count(*) FROM orders" >"$T/q.out" 2>&1
t "  and may no longer connect" grep -q "permission denied" "$T/q.out"
psqlq -c "DROP OWNED BY $ag, $rf; DROP ROLE $ag; REVOKE ALL ON DATABASE ${d} FROM $rf; DROP ROLE $rf" >/dev/null 2>&1

# a connection lost during COMMIT: here the server ends the session as the payment commits,
# before it is saved (a deferred trigger, once); shopdesk says so and does not guess, and the
# payment sent again is made once, then refused as already made
sd staff add lc.agent --name "Lost agent" --roles agent
sd staff add lc.pay --name "Lost payer" --roles refunds
SHOPDESK_LOGIN=lc.agent sd refund request P-1 --kind refund --amount 5 --reason damaged
lrid=$(tail -1 "$T/out")
sd refund approve "$lrid"
psqlq -c "CREATE SEQUENCE lose_seq; CREATE FUNCTION lose_commit() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN IF nextval('lose_seq') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END IF; RETURN NULL; END\$\$; CREATE CONSTRAINT TRIGGER lose AFTER INSERT ON payments DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lose_commit()"
paid_for() { psqlq -c "SELECT count(*) FROM payments WHERE refund_id = $lrid"; }
SHOPDESK_LOGIN=lc.pay sd refund pay "$lrid" --method alipay
t "the connection lost while a payment commits: an error" rc_is 1
t "  saying it may or may not be saved" err_has "lost while saving: look whether it was saved"
t "  (it was not)" [ "$(paid_for)" = 0 ]
SHOPDESK_LOGIN=lc.pay sd refund pay "$lrid" --method alipay
t "  sent again: paid" rc_is 0
t "  once" [ "$(paid_for)" = 1 ]
SHOPDESK_LOGIN=lc.pay sd refund pay "$lrid" --method alipay
t "  and a third time: refused as already paid" rc_is 1
t "  still once" [ "$(paid_for)" = 1 ]
psqlq -c "DROP TRIGGER lose ON payments; DROP FUNCTION lose_commit(); DROP SEQUENCE lose_seq"

# a statement that runs past the server's statement_timeout (a limit the administrator set;
# here a trigger that sleeps) is reported as such, and nothing is changed
psqlq -c "CREATE FUNCTION slow_refund() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END\$\$; CREATE TRIGGER slow_refund BEFORE INSERT ON refunds FOR EACH ROW EXECUTE FUNCTION slow_refund()"
refunds_before=$(psqlq -c "SELECT count(*) FROM refunds")
PGOPTIONS="-c statement_timeout=100" SHOPDESK_LOGIN=lc.agent sd refund request P-2 --kind refund --amount 1 --reason damaged
t "a statement past the server's statement_timeout: refused" rc_is 1
t "  saying it ran too long" err_has "stopped a statement that ran too long"
t "  and nothing was changed" [ "$(psqlq -c "SELECT count(*) FROM refunds")" = "$refunds_before" ]
psqlq -c "DROP TRIGGER slow_refund ON refunds; DROP FUNCTION slow_refund()"

# an import's writes go many to a round trip: one the server refuses (here a trigger of the
# shop's, on one line of the second order) fails the import with the server's words, and
# nothing of it is kept, neither the orders before it nor their new members
psqlq -c "CREATE FUNCTION refuse_line() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN IF NEW.title = 'Forbidden tee' THEN RAISE EXCEPTION 'line refused: %', NEW.title USING ERRCODE = '23514'; END IF; RETURN NEW; END\$\$; CREATE TRIGGER refuse_line BEFORE INSERT ON order_lines FOR EACH ROW EXECUTE FUNCTION refuse_line()"
cat >"$T/refused.csv" <<'EOF2'
Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price
R-1,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-r1,100.00,Tee,1,100.00
R-2,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-r2,100.00,Forbidden tee,1,100.00
R-3,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-r3,100.00,Tee,1,100.00
EOF2
before=$(psqlq -c "SELECT count(*) || ' ' || (SELECT count(*) FROM members) || ' ' || (SELECT count(*) FROM order_lines) FROM orders")
sd import orders "$T/refused.csv"
t "a write sent ahead refused by the server: the import fails" rc_is 1
t "  with the server's words" err_has "line refused: Forbidden tee"
t "  and nothing of it is kept" [ "$(psqlq -c "SELECT count(*) || ' ' || (SELECT count(*) FROM members) || ' ' || (SELECT count(*) FROM order_lines) FROM orders")" = "$before" ]
psqlq -c "DROP TRIGGER refuse_line ON order_lines; DROP FUNCTION refuse_line()"
sd import orders "$T/refused.csv"
t "  the trigger gone, the same file imports" rc_is 0
t "  all three" [ "$(psqlq -c "SELECT count(*) FROM orders WHERE number LIKE 'R-%'")" = 3 ]

# a row put into the audit log below its head (its rows are numbered by shopdesk, each
# chained to the one before): refused at commit, as the head only moves forward
head=$(psqlq -c "SELECT id FROM audit_head")
t "an audit row below the head: refused" sh -c "! psql -X -q -d '$db' -c \"INSERT INTO audit (id, at, login, action, entity, prev_hash, hash) VALUES (-7, 1, 'mallory', 'refund.pay', 'refund', 'x', 'y')\" 2>/dev/null"
t "  nothing kept, the head where it was" [ "$(psqlq -c "SELECT count(*) FROM audit WHERE id = -7")/$(psqlq -c "SELECT id FROM audit_head")" = "0/$head" ]

# a guard turned off or rewritten behind shopdesk's back
psqlq -c "ALTER TABLE payments DISABLE TRIGGER payments_within_paid"
sd check
t "a guard disabled: check fails (1)" rc_is 1
t "  naming it" out_has "trigger payments_within_paid is not as shopdesk made it"
psqlq -c "ALTER TABLE payments ENABLE TRIGGER payments_within_paid"
sd check
t "  enabled again: ok" rc_is 0
psqlq -c "CREATE OR REPLACE FUNCTION payments_within_paid() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN RETURN NEW; END;\$\$"
sd check
t "a guard rewritten: check fails (1)" rc_is 1
t "  naming it" out_has "trigger payments_within_paid is not as shopdesk made it"
psqlq -c "DROP TRIGGER payments_append_only_update ON payments"
sd check
t "a guard dropped: named" out_has "trigger payments_append_only_update is missing"
sd review
t "  and the review's alarm comes first" sh -c "sed -n 3p '$T/out' | grep -q 'Audit log unguarded'"

# shopdesk's writes take turns: one held by another session waits for it, then goes through
new_shop "$T/shop2"
db=$(sed -n 's/^  database: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$T/shop2/shop.yaml")
sd import orders "$T/o.csv"
(psqlq -c "BEGIN" -c "SELECT pg_advisory_xact_lock(7310309)" -c "SELECT pg_sleep(1.5)" -c "COMMIT" >/dev/null 2>&1) &
sleep 0.3
start=$(date +%s%N)
sd staff add w.ait --name Wait --roles agent
ms=$((($(date +%s%N) - start) / 1000000))
wait
t "a write while another holds the writer lock: done" rc_is 0
t "  after it let go (${ms} ms)" [ "$ms" -ge 1000 ]

# a database whose character type does not know Chinese: check says so
n="t_c_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
psql -X -q -d postgres -c "CREATE DATABASE $n TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'"
"$SHOPDESK" init "$T/shop3" --database "dbname=$n" >/dev/null 2>&1
SHOPDESK_SHOP="$T/shop3"
sd check
t "a database with LC_CTYPE C: check fails (1)" rc_is 1
t "  saying search cannot use its index" out_has "does not know Chinese"

done_testing
