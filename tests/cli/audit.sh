#!/bin/sh
# The audit log's hash chain in the daily review: intact, it says so in the JSON; a row edited
# outside shopdesk after the last accepted one, a whole chain rewritten to hide an edit, or an
# old row changed in place (found by the daily walk of every row) puts the alarm first in the
# review, names the row, and `shopdesk check` agrees.
. "${top_srcdir:-.}/tests/lib.sh"
sqlite_only "it rewrites shop.db behind shopdesk with the sqlite3 shell (tests/cli/pg.sh tries the server's guards)"
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

# --- the chain's head (issue 15, item 6) ---------------------------------------------------
# a) the newest rows deleted (after the last seal), the trigger put back as it was
at "2026-11-22T09:00:00+08:00"
new_shop "$T/shop5"
sd import orders "$FIXTURES/review_orders.csv"
for i in 1 2 3 4 5; do sd staff add "s$i" --name "S $i" --roles agent; done
sd review >/dev/null
for i in 6 7 8; do sd staff add "s$i" --name "S $i" --roles agent; done
last=$(sq "SELECT max(id) FROM audit")
trig=$(sq "SELECT sql FROM sqlite_schema WHERE name = 'audit_append_only_delete'")
sq "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE id > $((last - 3)); $trig;"
sd check
t "the newest rows removed (trigger put back): check fails" rc_is 1
t "  saying the log was cut short" out_has "ends at row $((last - 3)), but its head is row $last"
sd review
t "  the review's alarm says so first" [ "$(sed -n 3p "$T/out")" = "!! Audit log cut short after row $((last - 3)): rows removed outside shopdesk." ]
sd review --format json
t "  JSON: not intact, head past the last row" [ "$(json 'd["audit"]["intact"], d["audit"]["head"]["id"], d["audit"]["last_row"]')" = "False $last $((last - 3))" ]

# b) the seal removed, then rows from the middle on
new_shop "$T/shop6"
sd import orders "$FIXTURES/review_orders.csv"
for i in 1 2 3 4 5 6 7 8 9; do sd staff add "s$i" --name "S $i" --roles agent; done
sd review >/dev/null
sq "DELETE FROM kv WHERE key = 'audit.seal'"
trig=$(sq "SELECT sql FROM sqlite_schema WHERE name = 'audit_append_only_delete'")
sq "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE id >= 4; $trig;"
sd check
t "the seal and rows 4 on removed: check fails" rc_is 1
t "  the head says where the log ended" out_has "ends at row 3, but its head is row"
sd review --format json
t "  so does the review" [ "$(json 'd["audit"]["intact"]')" = False ]

# c) triggers dropped and left dropped
new_shop "$T/shop7"
sd import orders "$FIXTURES/review_orders.csv"
sq "DROP TRIGGER audit_append_only_update; DROP TRIGGER payments_within_paid"
sd check
t "dropped triggers: check fails" rc_is 1
t "  naming the audit log's" out_has "trigger audit_append_only_update is missing"
t "  and the money's" out_has "trigger payments_within_paid is missing"
sd review
t "  the review's alarm comes first" [ "$(sed -n 3p "$T/out")" = "!! Audit log unguarded: 2 triggers missing or changed outside shopdesk." ]
sq "CREATE TRIGGER pay_anyway AFTER INSERT ON payments BEGIN SELECT 1; END"
sd check
t "  a trigger added outside shopdesk is named too" out_has "trigger pay_anyway was added outside shopdesk"

# rewrite.py DB [CUT]: what a careful group member does: drop the triggers, make zz the
# payer, (with CUT, remove the rows after CUT), rehash the chain, rewrite the head and the
# seal, put the triggers back as they were and restore the schema cookie
cat >"$T/rewrite.py" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cookie = db.execute("PRAGMA schema_version").fetchone()[0]
trig = db.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'").fetchall()
for name, _ in trig:
    db.execute("DROP TRIGGER " + name)
db.execute("UPDATE payments SET by = 'zz'")
db.execute("UPDATE refunds SET paid_by = 'zz'")
db.execute("UPDATE audit SET login = 'zz' WHERE action = 'refund.pay'")
if len(sys.argv) > 2:
    db.execute("DELETE FROM audit WHERE id > ?", (int(sys.argv[2]),))
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
        put(h, 0 if i == 7 and v is None else v)
    new = h.hexdigest()
    db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, row[0]))
    prev = new
last = db.execute("SELECT max(id) FROM audit").fetchone()[0]
db.execute("UPDATE audit_head SET id = ?, hash = ?", (last, prev))
seal = db.execute("SELECT value FROM kv WHERE key = 'audit.seal'").fetchone()
if seal:
    f = seal[0].split()
    sid = min(int(f[0]), last)
    h = db.execute("SELECT hash FROM audit WHERE id = ?", (sid,)).fetchone()[0]
    db.execute("UPDATE kv SET value = ? WHERE key = 'audit.seal'", (" ".join([str(sid), h] + f[2:]),))
for _, sql in trig:
    db.execute(sql)
db.commit()
db.execute("PRAGMA schema_version = %d" % cookie)
db.commit()
EOF

# d) a payment's author changed, the chain rehashed, head and seal rewritten, the triggers
#    put back and the schema cookie restored: the chain alone holds, but the head in the
#    owner's mailed review (and the system log) does not
new_shop "$T/shop8"
sd import orders "$FIXTURES/review_orders.csv"
sd staff add ag --name Agent --roles agent
sd staff add rf --name Clerk --roles refunds
sd staff add zz --name Other --roles refunds
as ag refund request R-A --kind refund --amount 40 --reason damaged
rq=$(tail -1 "$T/out")
as ag refund approve "$rq"
as rf refund pay "$rq" --method 现金
t "(a refund paid by rf)" [ "$(sq "SELECT by FROM payments")" = rf ]
sd review
kept=$(grep -A1 '^Audit log head' "$T/out" | tail -1 | tr -d ' ')
t "the review prints the head to keep" sh -c "echo '$kept' | grep -qE '^[0-9]+:[0-9a-f]{64}\$'"
sd review --format markdown
t "  in the Markdown the owner mails too" out_has "\`$kept\`"
python3 "$T/rewrite.py" "$T/shop8/shop.db"
sd check
t "(the payment now says zz paid it)" [ "$(sq "SELECT by FROM payments")" = zz ]
t "a careful rewrite: the chain, head and triggers agree again" out_has "audit log: ok"
sd check --head "$kept"
t "  but the head kept from the review does not: exit 1" rc_is 1
t "  saying the log was rewritten" out_has "has another hash now: the log up to it was rewritten"
sd check --head 1:nothex
t "  a malformed --head is bad usage (2)" rc_is 2

# the system log: each commit's head goes to syslog (authpriv), where the shop's staff cannot
# write; check compares the chain with the last head recorded. A private /dev/log (as root,
# on a host without one) stands in for the journal.
if [ "$(id -u)" -ne 0 ] || [ -e /dev/log ]; then
    skip_t "the system log keeps the heads" "needs root and a host without /dev/log"
else
    cat >"$T/syslogd.py" <<'EOF'
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
os.chmod("/dev/log", 0o666)
open(sys.argv[2], "w").write("up\n")
with open(sys.argv[1], "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536).rstrip(b"\0") + b"\n")
EOF
    python3 "$T/syslogd.py" "$T/syslog" "$T/syslog.up" &
    syslogd=$!
    stop_syslogd() { kill "$syslogd" 2>/dev/null; rm -f /dev/log; }
    cleanup_hooks="$cleanup_hooks stop_syslogd"
    for i in 1 2 3 4 5 6 7 8 9 10; do [ -f "$T/syslog.up" ] && break; sleep 0.1; done
    new_shop "$T/shop9"
    sd import orders "$FIXTURES/review_orders.csv"
    sd staff add ag --name Agent --roles agent
    sd staff add rf --name Clerk --roles refunds
    sd staff add zz --name Other --roles refunds
    as ag refund request R-A --kind refund --amount 40 --reason damaged
    rq=$(tail -1 "$T/out")
    as ag refund approve "$rq"
    as rf refund pay "$rq" --method 现金
    last=$(sq "SELECT max(id) FROM audit")
    t "every commit's head went to the system log" grep -q "shopdesk\[[0-9]*\]: audit head $last [0-9a-f]* $T/shop9/shop.db" "$T/syslog"
    t "  as authpriv.notice" grep -q "^<85>" "$T/syslog"
    sd check --system-log "$T/syslog"
    t "check compares the chain with it: ok" rc_is 0
    t "  and says so" out_has "system log: ok"
    sd check --system-log "$T/no-such-log"
    t "a system log copy that cannot be read: bad input (2)" rc_is 2
    python3 "$T/rewrite.py" "$T/shop9/shop.db"
    sd check --system-log "$T/syslog"
    t "a careful rewrite: the system log's last head does not match (1)" rc_is 1
    t "  saying it was rewritten" out_has "with another hash: the log was rewritten"
    python3 "$T/rewrite.py" "$T/shop9/shop.db" $((last - 2))
    sd check
    t "then a careful cut (the head moved back too): the chain alone holds" out_has "audit log: ok"
    sd check --system-log "$T/syslog"
    t "  the system log finds it (1)" rc_is 1
    t "  saying the log no longer has that row" out_has "recorded row $last, which the log no longer has"
fi

done_testing
