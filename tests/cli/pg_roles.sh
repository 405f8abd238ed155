#!/bin/sh
# Each shopdesk role on PostgreSQL, logged in to the server as its own role (README, "Moving
# to PostgreSQL"): the day's work of each goes through shopdesk, and each one's own psql is
# refused by PostgreSQL what its role never does (a warehouse login changing a refund, an
# agent changing a mystery report, a shopper changing an order). Needs PostgreSQL (make
# check-pg); skipped otherwise.
. "${top_srcdir:-.}/tests/lib.sh"
if ! on_pg; then
    echo "1..0 # SKIP needs PostgreSQL (make check-pg)"
    exit 0
fi
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
db=$(sed -n 's/^  database: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$T/shop/shop.yaml")
psqlq() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
id=$$
ag=ag$id wh=wh$id rt=rt$id rf=rf$id sh=sh$id
for r in $ag $wh $rt $rf $sh; do
    psqlq -c "CREATE ROLE $r LOGIN PASSWORD 'pw-$r'"
done
sd staff add $ag --name Agent --roles agent
sd staff add $wh --name Warehouse --roles warehouse
sd staff add $rt --name Returns --roles returns
sd staff add $rf --name Refunds --roles refunds
sd staff add $sh --name Shopper --roles shopper
as() { # ROLE ARGS...: shopdesk as that person, logged in to the server as them
    who=$1
    shift
    PGUSER=$who PGPASSWORD=pw-$who SHOPDESK_LOGIN=$who run "$SHOPDESK" "$@"
}
psql_as() { PGUSER=$1 PGPASSWORD=pw-$1 psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "$2" >"$T/q.out" 2>&1; }
refused() { # ROLE SQL: PostgreSQL itself says no
    psql_as "$1" "$2"
    qrc=$?
    [ $qrc -ne 0 ] && grep -q 'permission denied' "$T/q.out"
}

cat >"$T/o.csv" <<'EOF'
Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price
R-1,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-a,100.00,Tee,1,100.00
R-2,2026-11-20 10:05,2026-11-20 10:06,Shipped,buyer-b,100.00,Tee,1,100.00
R-3,2026-11-20 10:10,2026-11-20 10:11,Paid,buyer-c,100.00,Tee,1,100.00
R-4,2026-11-20 10:15,2026-11-20 10:16,Paid,buyer-d,100.00,Tee,1,100.00
EOF
as $ag import orders "$T/o.csv"
t "the agent imports orders" rc_is 0
as $ag members edit buyer-a --name "Buyer A"
t "  edits a member" rc_is 0
as $ag refund request R-1 --kind refund --amount 10 --reason damaged
t "  asks for a refund" rc_is 0
r1=$(tail -1 "$T/out")
as $ag refund request R-2 --kind return --amount 20 --reason size --tracking SFR-R2
t "  and a return" rc_is 0
r2=$(tail -1 "$T/out")
as $ag refund approve "$r2"
t "  approves the return" rc_is 0
as $ag orders cancel R-4 --reason "buyer asked"
t "  cancels an order" rc_is 0
as $ag refund pay "$r1" --method alipay
t "  but cannot pay (shopdesk refuses first)" rc_is 1

as $wh wave create --size 2
t "the warehouse makes a wave" rc_is 0
as $wh orders pick R-3
as $wh orders pack R-3
as $wh orders ship R-3 --courier 顺丰速运 --tracking SF-R3
t "  picks, packs and ships" rc_is 0
t "  (shipped)" [ "$(psqlq -c "SELECT status FROM orders WHERE number = 'R-3'")" = shipped ]

as $rt refund receive SFR-R2 --condition 1
t "the returns desk receives the parcel" rc_is 0

# stock through each role's own login: the warehouse receives and picks, an agent's cancel
# puts the goods back
as $wh stock add PGR-1 3
t "the warehouse receives stock" rc_is 0
cat >"$T/s.csv" <<'EOF'
Order,Created,Paid,Status,Customer,Total,SKU,Item,Quantity,Price
S-1,2026-11-20 11:00,2026-11-20 11:01,Paid,buyer-s,200.00,PGR-1,Mug,2,100.00
EOF
as $ag import orders "$T/s.csv"
as $wh wave create --size 10
t "  a wave takes the order's goods" [ "$(psqlq -c "SELECT qty_new FROM stock WHERE sku = 'PGR-1'")" = 1 ]
as $ag orders cancel S-1 --reason "buyer asked"
t "  the agent's cancel puts them back" [ "$(psqlq -c "SELECT qty_new FROM stock WHERE sku = 'PGR-1'")" = 3 ]

as $ag refund approve "$r1"
as $rf refund pay "$r1" --method alipay
t "the refunds person pays" rc_is 0
as $rf refund pay "$r2" --method alipay
t "  the received return too" rc_is 0

mkdir -p "$T/report"
cp "$top_srcdir/data/examples/mystery-report.yaml" "$T/report/"
cp -r "$top_srcdir/data/examples/evidence" "$T/report/"
sed -i "s/li\.na/$ag/g" "$T/report/mystery-report.yaml"
as $sh mystery add "$T/report/mystery-report.yaml"
t "the shopper files a report" rc_is 0
as $ag mystery action 1 done
t "the agent marks an action item given to them done" rc_is 0
as $ag members merge buyer-d --into buyer-c
t "  merges two members" rc_is 0

# disputes: an agent records one, the refunds person answers and closes it, each as themself
as $ag dispute add R-2 --kind rights --claim "未收到货"
t "the agent records a dispute" rc_is 0
as $rf dispute answer 1 --note "已签收"
t "  the refunds person answers it" rc_is 0
as $rf dispute close 1 --outcome won
t "  and records the platform's decision" rc_is 0
t "  each under their own server login" [ "$(psqlq -c "SELECT string_agg(session_user_name, ',' ORDER BY id) FROM audit WHERE entity = 'dispute'")" = "$ag,$rf,$rf" ]

# chat statistics are the owner's to import: the agents they measure cannot write them
t "the agent's psql may not write chat statistics" refused $ag "INSERT INTO chat_stats (day, account, consultations, inquiries, inquiry_orders, imported_at, login) VALUES ('2026-11-20', 'me', 100, 100, 100, 1, 'x')"
t "  nor say which account is whose" refused $ag "INSERT INTO staff_accounts (account, login) VALUES ('x', '$ag')"

# a performance sheet is the owner's to score: an agent's psql cannot score their own
t "the agent's psql may not score a performance sheet" refused $ag "INSERT INTO performance_sheets (login, month, score) VALUES ('$ag', '2026-11', 100)"

# what each role never does, refused by PostgreSQL to its own psql
t "the warehouse's psql may not record a dispute" refused $wh "INSERT INTO disputes (order_id, kind, opened_at, due_at, created_at, created_by) SELECT id, 'rights', 1, 2, 1, 'x' FROM orders LIMIT 1"
psql_as $ag "UPDATE disputes SET outcome = 'lost', closed_at = 1 WHERE id = 1"
t "the agent's psql may not change a decided dispute" grep -q 'a decided dispute is never changed' "$T/q.out"
psql_as $ag "DELETE FROM disputes"
t "  nor remove one" grep -q 'permission denied' "$T/q.out"
t "  (still there, won)" [ "$(psqlq -c "SELECT outcome FROM disputes WHERE id = 1")" = won ]
t "the warehouse's psql may not change a refund" refused $wh "UPDATE refunds SET amount = 1"
t "  nor make one" refused $wh "INSERT INTO refunds (order_id, kind, status, amount, reason, requested_at, requested_by, updated_at) SELECT id, 'refund', 'approved', 100, 'damaged', 1, 'x', 1 FROM orders LIMIT 1"
t "  nor change a member" refused $wh "UPDATE members SET tier = 3"
t "the returns desk's psql may not change an order" refused $rt "UPDATE orders SET total = 1"
t "  nor a member" refused $rt "UPDATE members SET tier = 3"
t "the agent's psql may not change a mystery report" refused $ag "UPDATE mystery_reports SET status = 'released'"
t "  nor its scores" refused $ag "UPDATE mystery_scores SET points = 100"
t "  nor delete one" refused $ag "DELETE FROM mystery_reports"
t "  nor give gifts" refused $ag "INSERT INTO gifts (rule, member_id, period, order_id, run_date, created_at) SELECT 'x', member_id, 'x', id, 'x', 1 FROM orders LIMIT 1"
t "  nor sign the owner's review" refused $ag "INSERT INTO review_signoffs (date, login, at) VALUES ('2026-11-20', 'x', 1)"
t "the shopper's psql may not change an order" refused $sh "UPDATE orders SET status = 'cancelled'"
t "  nor a refund" refused $sh "UPDATE refunds SET status = 'approved'"
t "the refunds person's psql may not change an order" refused $rf "UPDATE orders SET total = 1"
t "everyone reads" sh -c "psql_as() { :; }; [ \"\$(PGUSER=$sh PGPASSWORD=pw-$sh psql -X -A -t -q -d '$db' -c 'SELECT count(*) FROM orders')\" = 5 ]"
t "  and adds to the audit log through shopdesk" [ "$(psqlq -c "SELECT count(DISTINCT session_user_name) FROM audit WHERE session_user_name IN ('$ag', '$wh', '$rt', '$rf', '$sh')")" = 5 ]

# a shop made before the groups (schema 13): the owner's next shopdesk puts the staff there
d=${db#dbname=}
# (migration 15's stock undone too: the gifts' stock as it was)
psqlq -c "REVOKE ${d}_desk FROM $ag; REVOKE ${d}_floor FROM $wh; DELETE FROM schema_version WHERE version >= 14; DROP TABLE performance_sheets, chat_stats, staff_accounts, dispute_evidence, disputes, stock_moves, stock, price_offers, sku_prices; DROP FUNCTION disputes_decided_kept, disputes_kept, disputes_kept_truncate, performance_signed_kept, performance_kept, performance_kept_truncate; DROP INDEX orders_delivered, orders_gift_paid, orders_import, members_import, members_merged, refunds_replacement; ALTER TABLE orders DROP COLUMN open_box, DROP COLUMN promise_by; DROP FUNCTION stock_moves_count, stock_moves_append_only_update, stock_moves_append_only_delete, stock_moves_append_only_truncate, stock_by_moves_only, stock_rows_start_empty; CREATE TABLE gift_stock (sku text PRIMARY KEY, qty bigint NOT NULL CHECK (qty >= 0)); ALTER TABLE gift_stock OWNER TO ${d}_owner; INSERT INTO gift_stock VALUES ('GIFT-OLD', 7)"
# (and the audit head moved by every row, as before schema 21)
psqlq -c "DROP TRIGGER audit_moves_head ON audit; CREATE OR REPLACE FUNCTION audit_moves_head() RETURNS trigger LANGUAGE plpgsql AS \$\$BEGIN INSERT INTO audit_head (one, id, hash) VALUES (1, NEW.id, NEW.hash) ON CONFLICT (one) DO UPDATE SET id = excluded.id, hash = excluded.hash; RETURN NULL; END;\$\$; CREATE TRIGGER audit_moves_head AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_moves_head()"
sd staff list
t "a shop of schema 13, opened by the owner: moved on" [ "$(psqlq -c "SELECT max(version) FROM schema_version")" = 21 ]
t "  the gifts' stock moved into the stock, by a movement" [ "$(psqlq -c "SELECT s.qty_new || ',' || m.kind || ',' || m.delta FROM stock s JOIN stock_moves m USING (sku) WHERE sku = 'GIFT-OLD'")" = "7,adjusted,7" ]
t "  and the warehouse's psql may add a movement but not set a count" sh -c "PGUSER=$wh PGPASSWORD=pw-$wh psql -X -q -d '$db' -c \"INSERT INTO stock_moves (at, sku, condition, delta, kind, login) VALUES (1, 'GIFT-OLD', 'new', 1, 'received', '$wh')\" && ! PGUSER=$wh PGPASSWORD=pw-$wh psql -X -q -d '$db' -c \"UPDATE stock SET qty_new = 50\" 2>/dev/null && [ \"\$(psql -X -A -t -q -d '$db' -c \"SELECT qty_new FROM stock WHERE sku = 'GIFT-OLD'\")\" = 8 ]"
t "  the audit head moved at commit, the stock counted by statement (schema 21)" [ "$(psqlq -c "SELECT string_agg(tgname || ':' || tgdeferrable || tginitdeferred || (tgtype & 1), ',' ORDER BY tgname) FROM pg_trigger WHERE tgname IN ('audit_moves_head', 'stock_moves_count')")" = "audit_moves_head:truetrue1,stock_moves_count:falsefalse0" ]
sd check
t "  check finds every guard as shopdesk made it" rc_is 0
t "  and the audit head at the log's last row" [ "$(psqlq -c "SELECT (SELECT id FROM audit_head) = (SELECT max(id) FROM audit)")" = t ]
t "  its staff in the groups of their roles" [ "$(psqlq -c "SELECT pg_has_role('$ag', '${d}_desk', 'MEMBER') AND pg_has_role('$wh', '${d}_floor', 'MEMBER') AND NOT pg_has_role('$wh', '${d}_desk', 'MEMBER')")" = t ]

for r in $ag $wh $rt $rf $sh; do
    sd staff remove $r >/dev/null 2>&1
done
psqlq -c "DROP OWNED BY $ag, $wh, $rt, $rf, $sh" >/dev/null 2>&1
for r in $ag $wh $rt $rf $sh; do
    psqlq -c "REVOKE ALL ON DATABASE ${db#dbname=} FROM $r; DROP ROLE $r" >/dev/null 2>&1
done
done_testing
