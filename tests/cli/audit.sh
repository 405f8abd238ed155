#!/bin/sh
# The audit log's hash chain in the daily review: intact, it says so in the JSON; a row edited
# outside shopdesk after the last accepted one, a whole chain rewritten to hide an edit, or an
# old row changed in place (found by the daily walk of every row) puts the alarm first in the
# review, names the row, and `shopdesk check` agrees.
. "${top_srcdir:-.}/tests/lib.sh"
at() { SHOPDESK_NOW=$1; export SHOPDESK_NOW; }
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
at "2026-11-22T09:00:00+08:00"
new_shop "$T/shop"
sd import orders "$FIXTURES/review_orders.csv"
for i in 1 2 3 4 5; do sd staff add "s$i" --name "S $i" --roles agent; done
rows=$(sq "SELECT count(*) FROM audit")

sd review --format json
t "an intact log: the review says so" [ "$(json 'd["audit"]["intact"]')" = True ]
t "  the first review walks every row" [ "$(json 'd["audit"]["every_row"]')" = True ]
t "  all $rows of them" [ "$(json 'd["audit"]["rows_checked"]')" = "$rows" ]
sd review
t "  no alarm in the text" out_lacks "Audit log broken"
sd review --format json
t "the next review walks only what is new: nothing" [ "$(json 'd["audit"]["rows_checked"]')" = 0 ]
sd staff add s6 --name "S 6" --roles agent
sd review --format json
t "  one change: one row" [ "$(json 'd["audit"]["rows_checked"]')" = 1 ]

# a new row edited outside shopdesk
sd staff add s7 --name "S 7" --roles agent
new=$(sq "SELECT max(id) FROM audit")
sq "DROP TRIGGER audit_append_only_update; UPDATE audit SET after = '{\"login\":\"mallory\"}' WHERE id = $new"
sd review
t "a new row edited: the review still shows" rc_is 0
t "  the alarm comes first" [ "$(sed -n 3p "$T/out")" = "!! Audit log broken at row $new: edited outside shopdesk." ]
t "  with what to do" out_has "!! Run \`shopdesk check\` and find out who changed the shop's file."
t "  before what needs action" [ "$(grep -n 'Needs action' "$T/out" | cut -d: -f1)" -gt 3 ]
sd review --format json
t "  JSON: not intact" [ "$(json 'd["audit"]["intact"]')" = False ]
t "  JSON: the row" [ "$(json 'd["audit"]["broken_at"]')" = "$new" ]
sd review --format markdown
t "  Markdown: in bold first" out_has "**Audit log broken at row $new: edited outside shopdesk.**"
sd review --format csv
t "  CSV: a row of its own" out_has "audit.broken_at"
sd check
t "  check agrees: exit 1" rc_is 1
t "  naming the row" out_has "broken at row $new"

# the whole chain rewritten to hide an edit of an old row
new_shop "$T/shop2"
sd import orders "$FIXTURES/review_orders.csv"
for i in 1 2 3 4 5; do sd staff add "s$i" --name "S $i" --roles agent; done
sd review >/dev/null
sq "DROP TRIGGER audit_append_only_update; UPDATE audit SET login = 'mallory' WHERE id = 2"
python3 - "$T/shop2/shop.db" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def put(h, v):
    if v is None:
        h.update(b"-;")
    else:
        b = str(v).encode()
        h.update(str(len(b)).encode() + b":" + b + b";")
prev = "0" * 64
for row in db.execute("SELECT id, at, login, as_login, action, entity, entity_id, order_id, "
                      "before, after FROM audit ORDER BY id").fetchall():
    h = hashlib.sha256()
    put(h, prev)
    for i, v in enumerate(row):
        put(h, 0 if i == 7 and v is None else v)  # a row without an order hashes as order 0
    new = h.hexdigest()
    db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row[0]))
    prev = new
db.commit()
EOF
sd review --format json
t "a rewritten chain: found at once (the last accepted row's hash changed)" \
    [ "$(json 'd["audit"]["intact"]')" = False ]
sd check
t "  check finds it too, though every link matches again" rc_is 1

# an old row changed in place, chain left as it was: dropping the append-only trigger changed
# the schema, so the next review walks every row
new_shop "$T/shop3"
sd import orders "$FIXTURES/review_orders.csv"
for i in 1 2 3 4 5; do sd staff add "s$i" --name "S $i" --roles agent; done
sd review >/dev/null
sq "DROP TRIGGER audit_append_only_update; UPDATE audit SET login = 'mallory' WHERE id = 2"
sd review --format json
t "an old row changed in place: the schema changed, so every row is walked" \
    [ "$(json 'd["audit"]["every_row"]')" = True ]
t "  and the edit is found at once" [ "$(json 'd["audit"]["broken_at"]')" = 2 ]

# the same by someone who also puts the schema cookie back: the daily walk finds it
new_shop "$T/shop4"
sd import orders "$FIXTURES/review_orders.csv"
for i in 1 2 3 4 5; do sd staff add "s$i" --name "S $i" --roles agent; done
sd review >/dev/null
cookie=$(sq "PRAGMA schema_version")
sq "DROP TRIGGER audit_append_only_update; UPDATE audit SET login = 'mallory' WHERE id = 2; PRAGMA schema_version = $cookie"
sd review --format json
t "a careful edit in place: the same day's review walks only new rows" \
    [ "$(json 'd["audit"]["every_row"]')" = False ]
at "2026-11-24T09:30:00+08:00"
sd review --format json
t "  a day later every row is walked" [ "$(json 'd["audit"]["every_row"]')" = True ]
t "  and the edit is found" [ "$(json 'd["audit"]["broken_at"]')" = 2 ]

done_testing
