#!/bin/sh
# Roles x actions in the console: each role runs every action of every screen by name (`:`),
# and is refused ("not allowed: PERMISSION" on the message line, the refusal audited) exactly
# where this hand-written matrix (DESIGN.md, roles) says; the screens a role may not see show
# who they are for instead. An allowed action may still stop for another reason (nothing
# selected, a question): only the refusal is checked, in a fresh console each time.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\n' >"$T/orders.csv"
for i in 1 2 3 4 5 6; do
    printf 'P%d,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-%d,100.00,Tee,1,100.00\n' $i $i >>"$T/orders.csv"
done
"$SHOPDESK" import orders "$T/orders.csv" >/dev/null
roles="agent refunds returns warehouse shopper"
for r in $roles; do "$SHOPDESK" staff add "r_$r" --name "$r" --roles "$r" >/dev/null; done
"$SHOPDESK" refund request P1 --kind refund --amount 50 --reason damaged >/dev/null

# permission | the roles that hold it
holders() {
    case $1 in
    orders.view) echo "owner agent refunds returns warehouse" ;;
    refunds.view) echo "owner agent refunds returns" ;;
    refund.receive) echo "owner returns" ;;
    members.view) echo "owner agent" ;;
    mystery.view) echo "owner agent refunds returns warehouse shopper" ;;
    review.read) echo "owner" ;;
    orders.ship) echo "owner agent warehouse" ;;
    orders.edit) echo "owner agent" ;;
    waves) echo "owner warehouse" ;;
    refund.request) echo "owner agent" ;;
    refund.review) echo "owner agent" ;;
    refund.pay) echo "owner refunds" ;;
    compensate) echo "owner" ;;
    members.edit) echo "owner agent" ;;
    tiers) echo "owner" ;;
    gifts.run) echo "owner" ;;
    mystery.file) echo "owner shopper" ;;
    mystery.manage) echo "owner" ;;
    review.sign) echo "owner" ;;
    disputes) echo "owner agent refunds" ;;
    esac
}
holds() { case " $(holders "$2") " in *" $1 "*) return 0 ;; esac; return 1; }

# screen key | its permission | its title
screens="1|orders.view|Orders
2|refunds.view|Refunds
3|refund.receive|Scan
4|members.view|Members
5|mystery.view|Mystery
6|review.read|Review"
# screen key | action | permission
actions="1|pick|orders.ship
1|pack|orders.ship
1|ship|orders.ship
1|deliver|orders.ship
1|cancel|orders.edit
1|wave|waves
1|new-order|orders.edit
1|request-refund|refund.request
1|couriers|review.read
2|approve|refund.review
2|reject|refund.review
2|pay|refund.pay
2|exchange|refund.pay
2|withdraw|refund.request
2|new-refund|refund.request
2|compensate|compensate
2|disputes|disputes
4|edit-member|members.edit
4|merge|members.edit
4|tiers|tiers
4|gifts|gifts.run
5|new-report|mystery.file
5|trends|mystery.manage
5|compare|mystery.manage
5|submit-report|mystery.file
5|review-report|mystery.manage
5|release-report|mystery.manage
5|lock-report|mystery.manage
6|sign-off|review.sign"

screen_perm() { echo "$screens" | grep "^$1|" | cut -d'|' -f2; }
console() { # console ROLE: a fresh console as that role, on the Orders screen
    tui_stop
    if [ "$1" = owner ]; then tui_start 100x30; else tui_start 100x30 -- --as "r_$1"; fi
    tui_wait "1 Orders" >/dev/null
}
run_action() { # run_action SCREEN ACTION: go to the screen (F1-F6: the Scan screen takes
    # digits as a code), run the action by name
    tui_keys "F$1"
    sleep 0.2
    tui_keys :
    tui_text "$2"
    tui_keys Enter
}
denied() { sq "SELECT count(*) FROM audit WHERE action = 'denied:$1'"; }

for r in owner $roles; do
    console "$r"
    # the screens
    while IFS='|' read -r key perm title; do
        tui_keys "F$key"
        if holds "$r" "$perm"; then
            sleep 0.3
            tui_snap
            t "$r sees the $title screen" screen_lacks "This screen is for:"
        else
            t "$r is shown who the $title screen is for" tui_wait "This screen is for:"
        fi
    done <<EOF
$screens
EOF
    # the refusals, one console for all of them (nothing changes); on a screen the role may
    # not see, the screen's own permission is the one refused
    while IFS='|' read -r key act perm; do
        holds "$r" "$perm" && continue
        need=$(screen_perm "$key")
        holds "$r" "$need" || perm=$need
        before=$(denied "$perm")
        run_action "$key" "$act"
        t "$r may not: $act" tui_wait "not allowed: " 3
        tui_snap
        t "  said in words, not the key" screen_lacks "not allowed: $perm"
        t "  audited" [ "$(denied "$perm")" -gt "$before" ]
        tui_keys Escape
    done <<EOF
$actions
EOF
done

# what each role may do: a fresh console each time, no refusal
for r in owner $roles; do
    while IFS='|' read -r key act perm; do
        holds "$r" "$perm" || continue
        console "$r"
        run_action "$key" "$act"
        sleep 0.5
        tui_snap
        t "$r may: $act" screen_lacks "not allowed"
    done <<EOF
$actions
EOF
done
tui_stop
"$SHOPDESK" check >/dev/null
t "the shop checks out after all of it" [ $? = 0 ]
done_testing
