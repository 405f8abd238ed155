#!/bin/sh
# Roles x actions: each role runs one command for every permission the command line has, and
# is refused (exit 1, "not allowed: PERMISSION", the refusal audited) exactly where this hand-
# written matrix (DESIGN.md, roles) says it must be. An allowed command may still fail for
# another reason (nothing to pay, a code that is no parcel): only the refusal is checked.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\n' >"$T/orders.csv"
for i in 1 2 3 4 5 6 7 8; do
    printf 'P%d,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-%d,100.00,Tee,1,100.00\n' $i $i >>"$T/orders.csv"
done
sd import orders "$T/orders.csv"
roles="agent refunds returns warehouse shopper"
for r in $roles; do sd staff add "r_$r" --name "$r" --roles "$r"; done
sd refund request P1 --kind refund --amount 50 --reason damaged
requested=$(tail -1 "$T/out")
sd refund request P2 --kind refund --amount 40 --reason damaged
approved=$(tail -1 "$T/out")
sd refund approve "$approved"
mkdir -p "$T/rep/evidence"
cp "$top_srcdir/data/examples/mystery-report.yaml" "$T/rep/r.yaml"
cp "$top_srcdir/data/examples/evidence/"* "$T/rep/evidence/"
sed -i 's/^target: li.na/target: r_agent/; s/owner: li.na/owner: r_agent/' "$T/rep/r.yaml"
printf '订单编号,维权类型,发起时间\nP5,投诉,2026-11-21 09:00\n' >"$T/disputes.csv"

# command | permission | the roles that hold it
while IFS='|' read -r cmd perm allowed; do
    [ -n "$cmd" ] || continue
    for r in owner $roles; do
        as=""
        [ "$r" = owner ] || as="--as r_$r"
        before=$(sq "SELECT count(*) FROM audit WHERE action = 'denied:$perm'")
        # shellcheck disable=SC2086
        eval "run \"\$SHOPDESK\" $as $cmd" </dev/null
        after=$(sq "SELECT count(*) FROM audit WHERE action = 'denied:$perm'")
        case " $allowed " in
        *" $r "*)
            t "$r may: $cmd" sh -c "! grep -q 'not allowed' '$T/err'" ;;
        *)
            t "$r may not: $cmd" sh -c "[ $rc = 1 ] && grep -q 'not allowed: $perm' '$T/err' && [ $after -gt $before ]" ;;
        esac
    done
done <<EOF
staff add x_\$r --name X --roles agent|staff.manage|owner
export audit|audit.read|owner
orders list --limit 1|orders.view|owner agent refunds returns warehouse
import orders "\$T/orders.csv" --dry-run|orders.import|owner agent
orders ship P7 --courier 顺丰速运 --tracking SF\$r|orders.ship|owner agent warehouse
wave create|waves|owner warehouse
refund list|refunds.view|owner agent refunds returns
refund request P3 --kind refund --amount 1 --reason damaged|refund.request|owner agent
refund approve \$requested|refund.review|owner agent
refund receive NO-SUCH-PARCEL|refund.receive|owner returns
refund pay \$approved --method 支付宝|refund.pay|owner refunds
refund reverse \$approved --note oops|refund.reverse|owner
compensate --amount 1 --reason late|compensate|owner
members list --limit 1|members.view|owner agent
members edit buyer-1 --name 张三|members.edit|owner agent
tiers recompute|tiers|owner
gifts run --dry-run|gifts.run|owner
mystery list|mystery.view|owner agent refunds returns warehouse shopper
mystery add "\$T/rep/r.yaml"|mystery.file|owner shopper
mystery trends|mystery.manage|owner
review|review.read|owner
review --sign-off|review.sign|owner
ratings list|ratings|owner agent
stock add SKU-\$r 1|stock|owner warehouse
stock adjust SKU-\$r --condition new --to 2 --reason count|stock|owner warehouse
stock list|orders.view|owner agent refunds returns warehouse
dispute list|disputes|owner agent refunds
dispute add P4 --kind rights --claim lost|disputes|owner agent refunds
dispute close 1 --outcome won|disputes|owner agent refunds
import disputes "\$T/disputes.csv" --dry-run|disputes|owner agent refunds
import chat-stats "\$top_srcdir/tests/fixtures/chat/qianniu-kefu-gbk.csv" --dry-run|chat.import|owner
staff edit r_agent --accounts shop:agent|staff.manage|owner
couriers report|review.read|owner
performance list --month 2026-11|performance.score|owner
performance score r_shopper --month 2026-11 --score 70 --comment ok|performance.score|owner
import deliveries "\$top_srcdir/tests/fixtures/deliveries/sf-zto-gbk.csv" --dry-run|orders.ship|owner agent warehouse
EOF
# a performance sheet is not a role's but a person's: the owner and r_agent read r_agent's;
# each person signs their own, whatever their roles
sd performance score r_agent --month 2026-11 --score 70 --comment ok
for r in owner $roles; do
    who=r_$r
    [ $r = owner ] && who=$ME
    SHOPDESK_LOGIN=$who run "$SHOPDESK" performance show r_agent --month 2026-11
    case $r in
    owner | agent) t "$r may read r_agent's performance sheet" rc_is 0 ;;
    *) t "$r may not read r_agent's performance sheet" sh -c "[ $rc = 1 ] && grep -q 'is not yours to read' '$T/err'" ;;
    esac
    [ $r = owner ] && continue
    sd performance score "$who" --month 2026-11 --score 60 --comment ok
    SHOPDESK_LOGIN=$who run "$SHOPDESK" performance sign --month 2026-11
    t "$r signs their own sheet" rc_is 0
done
SHOPDESK_LOGIN=r_refunds run "$SHOPDESK" performance sign --month 2026-10
t "nobody signs a sheet the owner has not scored" rc_is 1

sd check
t "check passes after every refusal" rc_is 0
done_testing
