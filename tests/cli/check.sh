#!/bin/sh
# shopdesk check: integrity, schema version, settings, and the audit hash chain.
. "${top_srcdir:-.}/tests/lib.sh"
new_shop "$T/shop"
sd staff add li.na --name 李娜 --roles agent

sd check
t "a fresh shop checks out" rc_is 0
t "reports the schema version" out_has "schema:"
t "reports the audit chain" out_has "hash chain intact"

cp "$T/shop/shop.yaml" "$T/good.yaml"
# (on PostgreSQL the shop's database line stays: one line more)
db_line=$(grep '^  database:' "$T/shop/shop.yaml" || true)
bad_line=5
[ -n "$db_line" ] && bad_line=6
{ printf 'shop:\n  name: x\n'; [ -n "$db_line" ] && echo "$db_line"; printf '  currency: CNY\nrefunds:\n  sla_minutes: five\n'; } >"$T/shop/shop.yaml"
sd check
t "bad settings: exit 2" rc_is 2
t "bad settings name file:line:col" out_has "shop.yaml:$bad_line:16"
sd staff list
t "other commands refuse a bad shop.yaml (2)" rc_is 2
t "with file:line:col" err_has "shop.yaml:$bad_line:16: 'five' is not a whole number"
cp "$T/good.yaml" "$T/shop/shop.yaml"

# the refunded amount kept on each order must agree with the payments
"$SHOPDESK" import orders "$FIXTURES/generic_orders.csv" >/dev/null
sq "UPDATE orders SET shop_refunded = 500 WHERE number = 'ERP-2'"
sd check
t "an order's refunded amount that its payments do not explain: exit 1" rc_is 1
t "  names the order" out_has "order ERP-2 says 500 refunded, its payments 0"
sq "UPDATE orders SET shop_refunded = 0 WHERE number = 'ERP-2'"
sd check
t "  put right, it checks out again" rc_is 0

# an order written behind shopdesk's back is missing from the search index: check says so,
# and --repair-search builds the index again
# (PostgreSQL keeps its indexes itself: there the order is found at once)
sq "INSERT INTO orders (platform, number, status, currency, total, created_at, updated_at, search_text) VALUES ('x', 'N1', 'paid', 'CNY', 0, 0, 0, 'N1 欧阳锋')"
sd check
if on_pg; then
    t "an order written behind shopdesk's back: still in the search" rc_is 0
else
    t "an order outside the search index: exit 1" rc_is 1
    t "  says how to repair it" out_has "shopdesk check --repair-search"
fi
sd --as li.na check --repair-search
t "only owners repair (1)" rc_is 1
sd check --repair-search
t "repaired" rc_is 0
sd orders list --search 欧阳锋 --format csv
t "  the order is found again" out_has "N1"
sd check
t "  and the shop checks out" rc_is 0

if on_pg; then
    sq "ALTER TABLE audit DISABLE TRIGGER audit_append_only_update; UPDATE audit SET after = '{}' WHERE id = 2; ALTER TABLE audit ENABLE TRIGGER audit_append_only_update"
else
    sq "DROP TRIGGER audit_append_only_update; UPDATE audit SET after = '{}' WHERE id = 2"
fi
sd check
t "a tampered audit log: exit 1" rc_is 1
t "names the first broken row" out_has "broken at row 2"

done_testing
