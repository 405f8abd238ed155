#!/bin/sh
# The attacker's checklist (issue 15), the parts that need no second login: a staff member
# who is not honest, hostile data, and the money rules. Each block reproduces one finding.
# The attacks that need root or another login are in setgid.sh.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
sd import orders "$FIXTURES/generic_orders.csv"
sd import orders "$FIXTURES/shopify_orders_79.csv"
for who in "ag agent" "rf refunds" "sh shopper" "zw refunds"; do
    set -- $who
    sd staff add "$1" --name "Name-$1" --roles "$2"
done
last_id() { tail -1 "$T/out"; }

# 4. Every compensation batch after the first was taken for a repeat (the key was zeroed
#    before it was bound, so all batches shared the key '').
sd compensate --platform shopify --amount 1 --reason "first" --batch first --yes
t "compensation: a first batch is created" rc_is 0
n1=$(sq "SELECT count(*) FROM compensations")
t "  with its orders" [ "$n1" -ge 3 ]
sd compensate --platform shopify --amount 2 --reason "second" --batch second --yes
t "a second, different batch is created too" rc_is 0
t "  and says so" out_has "Batch second:"
t "  two batches in the books" [ "$(sq "SELECT count(*) FROM compensation_batches")" = 2 ]
t "  each under its own name" [ "$(sq "SELECT group_concat(key, ',') FROM (SELECT key FROM compensation_batches ORDER BY id) AS q")" = "first,second" ]
sd compensate --platform shopify --amount 2 --reason "second" --batch second --yes
t "the same batch again adds nothing, and exits 1" rc_is 1
t "  saying when it was made" err_has "This batch (second) was created at"
t "  nothing more in the books" [ "$(sq "SELECT count(*) FROM compensations")" = "$((n1 * 2))" ]
sd compensate --platform no-such-platform --amount 2 --reason "none" --batch empty --yes
t "a batch that selects no order exits 1" rc_is 1
t "  saying why" err_has "no order matches"
t "  and creates no empty batch" [ "$(sq "SELECT count(*) FROM compensation_batches WHERE key = 'empty'")" = 0 ]
sd compensate --status cancelled --amount 2 --reason "cancelled ones" --yes
t "cancelled orders are not compensated (2)" rc_is 2
t "  saying why" err_has "cancelled"

# 10. The test clock is not a production feature: SHOPDESK_NOW let a refunds person record a
#     payment before its ready time. The shopdesk a shop runs ignores it.
as ag refund request ERP-1 --kind refund --amount 20 --reason damaged
rq=$(last_id)
as ag refund approve "$rq"
t "(a ready refund at the test clock's 12:00)" [ "$(sq "SELECT status FROM refunds WHERE id = $rq")" = approved ]
SHOPDESK_NOW="2026-11-21T12:01:00+08:00" run "$SHOPDESK_PROD" --as rf refund pay "$rq" --method 现金
t "production build: a payment is made" rc_is 0
t "  at the real time, not the one the variable names" [ "$(sq "SELECT CASE WHEN at > strftime('%s', '2026-11-22') THEN 1 ELSE 0 END FROM payments WHERE refund_id = $rq")" = 1 ]
t "  so it is recorded late" [ "$(sq "SELECT late FROM payments WHERE refund_id = $rq")" = 1 ]
SHOPDESK_NOW="2020-01-01T00:00:00+08:00" run "$SHOPDESK_PROD" staff list
t "  no variable moves the clock of any command" out_lacks "2020"

# 11. staff list showed everyone's roles to everyone: a report's target saw who is a shopper.
sd --as ag staff list
t "staff list: an agent sees names" out_has "Name-sh"
t "  but not roles" out_lacks "shopper"
sd --as ag staff list --format json
t "  nor in JSON" out_lacks "shopper"
sd staff list
t "  the owner sees roles" out_has "shopper"

# 12. An owner got around separation of duties with --as: approved as themselves, then paid
#     --as a refunds person. The real person counts as well as the acted one.
sd import orders "$FIXTURES/review_orders.csv"
as ag refund request ERP-2 --kind refund --amount 30 --reason damaged
r12=$(last_id)
sd refund approve "$r12" --note ok
t "(the owner approves)" rc_is 0
sd --as zw refund pay "$r12" --method 现金
t "the owner cannot pay it as someone else (1)" rc_is 1
t "  separation of duties, naming the real person" err_has "approved by $ME"
t "  nothing paid" [ "$(sq "SELECT count(*) FROM payments WHERE refund_id = $r12")" = 0 ]
as zw refund pay "$r12" --method 现金
t "the refunds clerk, really, pays it" rc_is 0
as ag refund request ERP-2 --kind refund --amount 10 --reason damaged
r12b=$(last_id)
sd --as ag refund approve "$r12b" --note ok
t "(the owner approves as an agent)" rc_is 0
sd refund pay "$r12b" --method 现金
t "then pays as themselves: refused" rc_is 1
sd --as rf refund pay "$r12b" --method 现金
t "  or as a refunds clerk: refused" rc_is 1
as ag refund pay "$r12b" --method 现金
t "  the agent played cannot pay either (not a refunds role)" rc_is 1
as rf refund pay "$r12b" --method 现金
t "  a refunds clerk who had no part in it pays" rc_is 0
# 3. Files shopdesk writes follow no link: a pick list's --out that is a link to someone's
#    file replaces the link, never the file it points to (nor its mode).
printf 'precious\n' >"$T/victim"
chmod 600 "$T/victim"
ln -s "$T/victim" "$T/pick.txt"
sd wave create --size 1 --out "$T/pick.txt"
t "wave create --out a link: the wave is made" rc_is 0
t "  the file it pointed to is untouched" [ "$(cat "$T/victim")" = precious ]
t "  and keeps its mode" [ "$(stat -c %a "$T/victim")" = 600 ]
t "  the pick list is a file of its own now" sh -c "[ -f '$T/pick.txt' ] && [ ! -L '$T/pick.txt' ] && grep -q 'Pick list' '$T/pick.txt'"
t "  no temporary file is left beside it" [ "$(ls -A "$T" | grep -c '^\.pick')" = 0 ]
waves=$(sq "SELECT count(*) FROM waves")
taken=$(sq "SELECT count(*) FROM orders WHERE wave_id IS NOT NULL")
sd wave create --size 2 --out /nonexistent/dir/pick.txt
t "a pick list that cannot be written: exit 1" rc_is 1
t "  naming the file" err_has "/nonexistent/dir/pick.txt"
t "  and no wave was made" [ "$(sq "SELECT count(*) FROM waves")" = "$waves" ]
t "  no order was taken" [ "$(sq "SELECT count(*) FROM orders WHERE wave_id IS NOT NULL")" = "$taken" ]

# 1. --demo --reset deleted through a link: ~/.cache/shopdesk/demo -> a real shop.
mkdir -p "$HOME/.cache/shopdesk"
ln -s "$T/shop" "$HOME/.cache/shopdesk/demo"
before=$(cd "$T/shop" && find . | sort | md5sum)
run "$SHOPDESK" --demo --reset orders list
t "--demo --reset through a link: refused" rc_is 1
t "  saying it is a link" err_has "is a symbolic link"
t "  the shop it pointed to is whole" [ "$(cd "$T/shop" && find . | sort | md5sum)" = "$before" ]
run "$SHOPDESK" --demo orders list
t "--demo (no reset) through the link: refused as well" rc_is 1
t "  the shop still whole" [ "$(cd "$T/shop" && find . | sort | md5sum)" = "$before" ]
rm "$HOME/.cache/shopdesk/demo"
mkdir -p "$T/elsewhere"
printf 'keep\n' >"$T/elsewhere/file"
mkdir -p "$HOME/.cache/shopdesk/demo/sub"
ln -s "$T/elsewhere" "$HOME/.cache/shopdesk/demo/sub/link"
ln -s "$T/elsewhere/file" "$HOME/.cache/shopdesk/demo/filelink"
run "$SHOPDESK" --demo --reset orders list --limit 1
t "a demo directory holding links is rebuilt" rc_is 0
t "  the links removed as links: their targets are whole" [ "$(cat "$T/elsewhere/file")" = keep ]
t "  the demo is a shop again" [ -f "$HOME/.cache/shopdesk/demo/shop.db" ] && [ ! -e "$HOME/.cache/shopdesk/demo/sub" ]

# 2. A staff member paired the real shop.db with their own shop.yaml (separation of duties
#    off, a huge ceiling) through a link; or edited shop.yaml itself.
mkdir -p "$T/evil" "$T/evil2"
sed -e 's/separation_of_duties: true/separation_of_duties: false/' \
    -e 's/agent_ceiling: 500/agent_ceiling: 100000/' "$T/shop/shop.yaml" >"$T/evil/shop.yaml"
cp "$T/evil/shop.yaml" "$T/evil2/shop.yaml"
sd staff add ar --name Both --roles agent,refunds
if on_pg; then
    # on PostgreSQL their shop.yaml can name the shop's database: its rules are not in force
    as ar refund list --shop "$T/evil"
    t "a shop.yaml of one's own naming the shop's database: opened" rc_is 0
    t "  its rules not in force, and they are told" err_has "has changes an owner has not accepted"
else
    ln -s "$T/shop/shop.db" "$T/evil/shop.db"
    as ar refund list --shop "$T/evil"
    t "a shop.db that is a link: refused" rc_is 1
    t "  saying why" err_has "is a symbolic link"
    ln "$T/shop/shop.db" "$T/evil2/shop.db"
    as ar refund list --shop "$T/evil2"
    t "a shop.db with a second name (hard link): refused" rc_is 1
    t "  saying why" err_has "hard links"
    rm "$T/evil2/shop.db"
fi
as ar refund list
t "  the real shop opens as before" rc_is 0
cp "$T/shop/shop.yaml" "$T/shop.yaml.orig"
cp "$T/evil/shop.yaml" "$T/shop/shop.yaml"
as ar refund request '#1004' --kind refund --amount 60 --reason size
r2=$(last_id)
t "shop.yaml edited by a staff member: they are told it is not in force" err_has "has changes an owner has not accepted"
as ar refund approve "$r2" --note ok
as ar refund pay "$r2" --method 现金
t "  separation of duties still holds for them (1)" rc_is 1
t "  nothing paid" [ "$(sq "SELECT count(*) FROM payments WHERE refund_id = $r2")" = 0 ]
t "  the change is in the audit log, once" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'settings.unaccepted'")" = 1 ]
t "  with the rule it would have turned off" [ "$(sq "SELECT json_extract(after, '\$.separation_of_duties') || ',' || json_extract(before, '\$.separation_of_duties') FROM audit WHERE action = 'settings.unaccepted'")" = "0,1" ]
sd check
t "an owner's run accepts the change" out_has "settings:"
t "  audited as accepted, by the owner" [ "$(sq "SELECT login FROM audit WHERE action = 'settings.accept'")" = "$ME" ]
as ar refund pay "$r2" --method 现金
t "  and then it is in force for everyone" rc_is 0
sd review --date 2026-11-21 --format json
t "the day's review counts the change made without an owner" [ "$(echo "$out" | python3 -c 'import json,sys; x=json.load(sys.stdin)["exceptions"]; print(x["settings_unaccepted"], x["settings_accepted"])')" = "1 1" ]
sd review --date 2026-11-21
t "  and lists it under what needs action" out_has "shop.yaml changed without an owner"
cp "$T/shop.yaml.orig" "$T/shop/shop.yaml"
sd check >/dev/null

# 7. The platform's refunds and the shop's together exceeded what was paid: a ¥100 order
#    refunded ¥100 by the shop, re-imported with Refunded = 100, counted ¥200.
hdr='Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price'
printf '%s\nP-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,p-buyer,张三,13700000009,成都,CNY,0.00,100.00,,顺丰速运,SF1000000001,X-1,杯子,1,100.00\nP-2,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,p-buyer,张三,13700000009,成都,CNY,0.00,100.00,,顺丰速运,SF1000000002,X-1,杯子,1,100.00\n' "$hdr" >"$T/p0.csv"
sed -e 's/,100.00,,顺丰/,100.00,100.00,顺丰/' "$T/p0.csv" >"$T/p1.csv"
sd import orders "$T/p0.csv"
for o in P-1 P-2; do
    as ag refund request "$o" --kind refund --amount 100 --reason damaged
    id=$(last_id)
    as ag refund approve "$id"
    if [ "$o" = P-1 ]; then as rf refund pay "$id" --method 支付宝; else as rf refund pay "$id" --method 平台退款; fi
done
t "(both paid back in full: one by Alipay, one through the platform)" [ "$(sq "SELECT group_concat(refunded, ',') FROM (SELECT refunded FROM orders WHERE number IN ('P-1', 'P-2') ORDER BY number) AS q")" = "10000,10000" ]
dump_before=$(db_dump orders)
sd import orders "$T/p1.csv"
t "a re-import saying the platform refunded the order paid back by Alipay: bad input (2)" rc_is 2
t "  naming the file and line" err_has "p1.csv:2:"
t "  and why" err_has "the platform says ¥100.00 was refunded, and the shop has paid back ¥100.00 by other means"
same_orders() { [ -n "$dump_before" ] && [ "$(db_dump orders)" = "$dump_before" ]; }
t "  nothing written" same_orders
sed -e '/^P-1,/d' "$T/p1.csv" >"$T/p2.csv"
sd import orders "$T/p2.csv"
t "the order refunded through the platform: the figure is the same money (0)" rc_is 0
t "  updated" out_has "updated 1"
t "  counted once: ¥100.00 refunded of ¥100.00" [ "$(sq "SELECT platform_refunded || ',' || shop_refunded || ',' || refunded FROM orders WHERE number = 'P-2'")" = "10000,10000,10000" ]
sd members list --search p-buyer --format json
t "  the buyer's M is not negative" sh -c "echo '$out' | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r and all(m[\"monetary\"] >= 0 for m in r), r'"
sd check
t "  check: ok" rc_is 0
if on_pg; then
    sq "ALTER TABLE orders DISABLE TRIGGER orders_refunds_within_total; UPDATE orders SET platform_refunded = 5000 WHERE number = 'P-1'"
else
    sq "DROP TRIGGER orders_refunds_within_total; UPDATE orders SET platform_refunded = 5000 WHERE number = 'P-1'"
fi
sd check
t "refunds above the total made outside shopdesk: check reports the order (1)" rc_is 1
t "  with the sums" out_has "refunds: order P-1: ¥150.00 refunded of the ¥100.00 paid"

# 5. Terminal escapes in customer data reached the terminal: a buyer named with a title
#    change, a clipboard write (OSC 52), a clear screen, C1 controls, backspace and CR.
python3 - "$T/esc.csv" "$T/esc-ratings.csv" <<'EOF'
import sys
hdr = "Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price,Note\n"
evil = "Eve\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u009b31mX\x08\x08\rZ"
row = 'E-1,2026-11-20 09:00,2026-11-20 09:01,2026-11-20 10:00,Shipped,esc-buyer,"%s",13700000009,"成都\x1b[5m",CNY,0.00,50.00,,顺丰速运,SF9,ESC-1,"Mug\x1b[8m",1,50.00,"note\x1b[?1049h"\n' % evil
open(sys.argv[1], "w", encoding="utf-8").write(hdr + row)
open(sys.argv[2], "w", encoding="utf-8").write("Order,Rating,Comment,Time\nE-1,1,\"bad\x1b]0;pwned\x07\n!! Audit log broken\",2026-11-20 18:00\n")
EOF
sd import orders "$T/esc.csv"
t "(an order whose buyer's name is full of escapes)" rc_is 0
sd import reviews "$T/esc-ratings.csv"
as ag refund request E-1 --kind refund --amount 5 --reason damaged
resc=$(last_id)
raw() { python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); bad=[c for c in d if (c < 32 and c not in (9, 10)) or c == 127]; c1=b"\xc2\x9b" in d or b"\xc2\x85" in d; sys.exit(1 if bad or c1 else 0)' "$1"; }
for cmd in "orders show E-1" "orders list" "members show esc-buyer" "refund show $resc" "refund list" \
    "review --date 2026-11-20" "review --date 2026-11-20 --format markdown" "ratings list"; do
    sd $cmd
    t "$cmd: no control reaches the terminal" raw "$T/out"
done
sd orders show E-1
t "  shown as visible escapes" out_has 'Eve\x1b]0;pwned\x07\x1b]52;c;'
t "  the C1 control too" out_has '\u009b31mX\x08\x08\x0dZ'
sd review --date 2026-11-20
t "  a comment's newline cannot make a line of the review" sh -c "! grep -q '^!! Audit log broken' '$T/out'"
t "  it stays on its line, escaped" out_has 'bad\x1b]0;pwned\x07\x0a!! Audit log broken'
sd wave create --size 5 --out "$T/esc-pick.txt"
t "the pick list file holds no control" raw "$T/esc-pick.txt"
sd orders list --format json
t "JSON keeps the data exactly (escaped as JSON)" python3 -c '
import json, sys
r = [x for x in json.load(open(sys.argv[1])) if x["number"] == "E-1"][0]
assert r["receiver"] == "Eve\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x9b31mX\x08\x08\rZ", repr(r["receiver"])' "$T/out"
sd orders list --format csv
t "CSV keeps the data exactly" grep -q "$(printf 'Eve\033]0;pwned\007')" "$T/out"
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\nB-1,2026-11-20 10:00,2026-11-20 10:01,Paid,b,\033]0;x\007\033[2J,Tee,1,1.00\n' >"$T/bad-amount.csv"
sd import orders "$T/bad-amount.csv"
t "an error quoting a hostile cell (2)" rc_is 2
t "  shows it escaped on stderr" sh -c "grep -q 'x1b\]0;x' '$T/err' && python3 -c 'import sys; d=open(sys.argv[1],\"rb\").read(); sys.exit(1 if 27 in d or 7 in d else 0)' '$T/err'"

# The smaller findings.
sd members edit esc-buyer --tags "vip,100%"
sd members list --tag %
t "members list --tag %: % is no wildcard" sh -c "! grep -q 'esc-buyer\|rv-\|erp-' '$T/out'"
sd members list --tag "100%"
t "  the tag as written is found" out_has "esc-buyer"
as ag refund request '#1004' --kind return --line GL-010-BK:1 --line GL-010-BK:1 --reason size
t "the same --line twice: not SQLite's raw message" err_lacks "UNIQUE constraint"
t "  one line asked for both (only 1 was bought)" err_has "GL-010-BK: 2 asked"
as ag refund request ERP-1 --kind refund --amount 1 --reason damaged
rhalf=$(last_id)
as ag refund approve "$rhalf"
as rf refund pay "$rhalf" --method 现金 --amount 0.50
sd refund show "$rhalf"
t "a ¥0.50 payment of a ¥1 request: the timeline says ¥0.50" out_has "refund paid (¥0.50"
python3 -c "open('$T/u16.csv','wb').write('Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\r\nU-1,2026-11-20 10:00,2026-11-20 10:01,Paid,王五,100.00,杯子,1,100.00\r\n'.encode('utf-16'))"
sd import orders "$T/u16.csv"
t "a UTF-16 file with a byte order mark imports" rc_is 0
t "  with its Chinese intact" [ "$(sq "SELECT buyer FROM orders WHERE number = 'U-1'")" = 王五 ]
mkdir -p "$T/ymap"
printf 'name: nul\nplatform: x\ncolumns:\n  number: "Ord\000er"\n' >"$T/ymap/m.yaml"
sd import orders "$T/u16.csv" --mapping "$T/ymap/m.yaml"
t "a NUL in a YAML file: its line and column, not a byte offset" sh -c "grep -q 'm.yaml:4:15: a NUL byte' '$T/err' && ! grep -q 'at byte' '$T/err'"

# 9. Long fields cost quadratic time, and a file of repeated rows became one order of eight
#    million lines: a field over 64 KiB or an order over 10,000 lines is an error at its line.
python3 - "$T/long.csv" "$T/rep.csv" <<'EOF'
import sys
hdr = "Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price,Note\n"
with open(sys.argv[1], "w") as f:
    f.write(hdr + "L-1,2026-11-20 10:00,2026-11-20 10:01,Paid,b,1.00,Tee,1,1.00,ok\n")
    f.write('L-2,2026-11-20 10:00,2026-11-20 10:01,Paid,b,1.00,Tee,1,1.00,"' + "x" * (20 << 20) + '"\n')
with open(sys.argv[2], "w") as f:
    f.write(hdr)
    for i in range(12000):
        f.write("R-1,2026-11-20 10:00,2026-11-20 10:01,Paid,b,1.00,Tee %d,1,1.00,\n" % i)
EOF
before=$(sq "SELECT count(*) FROM orders")
start=$(date +%s%N)
sd import orders "$T/long.csv"
ms=$((($(date +%s%N) - start) / 1000000))
t "a 20 MB field: bad input (2)" rc_is 2
t "  naming the file and line" err_has "long.csv:3: a field of more than 64 KiB"
t "  at once (${ms} ms), not after reading it all" [ "$ms" -lt 3000 ]
t "  nothing imported" [ "$(sq "SELECT count(*) FROM orders")" = "$before" ]
sd import orders "$T/rep.csv"
t "12,000 rows of one order: bad input (2)" rc_is 2
t "  naming the line past 10,000" err_has "rep.csv:10002: order R-1 has more than 10000 lines"
t "  nothing imported" [ "$(sq "SELECT count(*) FROM orders")" = "$before" ]

done_testing
