#!/bin/sh
# Acting from the Review, at 80x24, as the owner and the staff do it: j and k pass over blank
# lines and headings; Enter on a needs-action row opens what it counts (the orders waiting to
# ship, the refund queue, the ratings to answer, the action items); ratings are answered or
# marked handled in the console and the next one is selected; today's rows stand as at now
# (the status line and the review agree on what is overdue); staff close their own action
# items and the mystery footer offers each role only the keys it may use.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null
"$SHOPDESK" import reviews "$FIXTURES/review_ratings.csv" >/dev/null
for who in li.na:agent wang.fang:agent sun.li:shopper; do
    "$SHOPDESK" staff add "${who%:*}" --name "${who%:*}" --roles "${who#*:}" >/dev/null
done
# a mystery report whose two action items are li.na's (one past due on the 20th) and one of
# wang.fang's
mkdir -p "$T/report"
cp -r "$top_srcdir/data/examples/evidence" "$T/report/"
sed -e 's/due: 2026-11-25/due: 2026-11-19/' "$top_srcdir/data/examples/mystery-report.yaml" \
    >"$T/report/mystery-report.yaml"
cat >>"$T/report/mystery-report.yaml" <<'EOF'
  - text: Restock the grey cardigan in M
    owner: wang.fang
    due: 2026-11-28
EOF
"$SHOPDESK" --as sun.li mystery add "$T/report/mystery-report.yaml" >/dev/null
# two refunds ready to pay today: one since 08:00 (past the 5-minute SLA), one since 08:58
SHOPDESK_NOW="2026-11-21T08:00:00+08:00" "$SHOPDESK" refund request R-D --kind refund \
    --amount 10 --reason late >/dev/null
SHOPDESK_NOW="2026-11-21T08:00:00+08:00" "$SHOPDESK" refund approve 1 >/dev/null
SHOPDESK_NOW="2026-11-21T08:58:00+08:00" "$SHOPDESK" refund request R-C --kind refund \
    --amount 20 --reason late >/dev/null
SHOPDESK_NOW="2026-11-21T08:58:00+08:00" "$SHOPDESK" refund approve 2 >/dev/null

selection_never_blank() {
    for i in $(seq 1 40); do
        tui_keys j
        sleep 0.08
        line=$(tui_selected)
        case "$line" in
        "" | " Needs action" | " Figure"* | " Ship-time bands" | " Customer ratings"* | \
            " Service score"* | " Weakest criteria")
            echo "j $i: selected '$line'" >&2
            return 1
            ;;
        esac
    done
}

tui_start 80x24
tui_wait "Orders" >/dev/null
tui_keys 6
tui_wait "Daily review: " >/dev/null
t "the review opens with the first needs-action row selected" tui_wait_selected "Paid, not shipped after 24 h"
t "j never stops on a blank line or a heading" selection_never_blank
tui_keys g k
t "k on the first row stays there, the heading still shown" tui_wait_selected "Paid, not shipped after 24 h"
tui_snap
t "  Needs action shown above it" screen_has "Needs action"

# Enter on the unshipped row: the orders still waiting after 24 h
tui_keys Enter
t "Enter on 'Paid, not shipped after 24 h' opens the Orders screen filtered" tui_wait "paid, not shipped after 24 h"
tui_snap
t "  the order paid on the 18th" screen_has "R-E"
t "  and on the 19th" screen_has "R-F"
t "  not the one paid last night (not 24 h yet)" screen_lacks "R-A "
t "  nor a shipped one" screen_lacks "R-C "

# Enter on the low ratings: the ratings to answer, lowest first; answer, then mark handled
tui_keys 6
tui_wait "Daily review: " >/dev/null
tui_keys g j j
t "two j down: the low ratings row" tui_wait_selected "Low ratings without a reply"
tui_keys Enter
t "Enter opens the ratings to answer" tui_wait "3 ratings to answer, lowest first"
t "  the 1-star one selected first" tui_wait_selected "1★"
tui_snap
t "  with the buyer's words" screen_has "包裹破损，客服不回"
t "  the keys to answer" screen_has "A answer  H handled without a reply"
tui_keys A
t "A asks for the reply, the buyer's words in the question" tui_wait "Reply to the 1★ rating of R-C (“包裹破损，客服不回”):"
tui_keys Enter
t "  a blank reply is asked again" tui_wait "A reply needs some words"
tui_text "抱歉，已为您补发"
tui_keys Enter
t "  replied" tui_wait "Replied to the rating of R-C."
t "  it leaves the list" tui_wait "2 ratings to answer, lowest first"
t "  the next one selected" tui_wait_selected "4★"
t "  the reply is kept with who wrote it" [ "$(sq "SELECT reply || ' ' || replied_by FROM ratings WHERE number = 'R-C'")" = "抱歉，已为您补发 root" ]
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'rating.reply'")" = 1 ]
tui_keys H
t "H asks first" tui_wait "Mark the 4★ rating of R-A handled without a reply? (y/n)"
tui_keys y
t "  marked handled" tui_wait "The rating of R-A is marked handled."
t "  one left" tui_wait "1 rating to answer, lowest first"
t "  kept" [ "$(sq "SELECT handled_by FROM ratings WHERE number = 'R-A'")" = root ]
tui_keys q
t "q leaves the ratings for the Orders screen" tui_gone "rating to answer"

# Enter on the action items past due: the open action items; D closes one
tui_keys 6
tui_wait "Daily review: " >/dev/null
tui_keys g j j j
t "the action items row" tui_wait_selected "Mystery action items past due"
tui_keys Enter
t "Enter opens the open action items" tui_wait "Open action items"
t "  the first one selected" tui_wait_selected "past due"
tui_snap
t "  li.na's and wang.fang's (the owner sees all)" sh -c "grep -q 'li.na' '$T/out' && grep -q 'wang.fang' '$T/out'"
t "  at 80 columns the report number whole, the words wrapped under it" sh -c "grep -q '(report #[0-9]*)\$' '$T/out' && grep -q '^ *Restock the grey cardigan in M' '$T/out'"
tui_keys D
t "D marks it done" tui_wait "is done."
t "  in the file" [ "$(sq "SELECT status FROM mystery_actions WHERE due = '2026-11-19'")" = done ]
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'mystery.action'")" = 1 ]
tui_stop

# today: what needs action as things stand now, the same count as the status line
tui_start 80x24
tui_wait "Orders" >/dev/null
tui_keys 6
tui_wait "Daily review: " >/dev/null
tui_keys "]"
t "] goes to today, its figures so far" tui_wait ", 2026-11-21 (so far, at 09:00)"
tui_snap
t "  the status line: 2 waiting, 1 overdue" screen_has "Refunds: 2 waiting · 1 overdue"
t "  the review: 1 overdue, not 2 by the end of the day" sh -c "grep 'Refunds overdue' '$T/out' | grep -q ' 1 *$'"
tui_keys g
t "the overdue refunds row is selected" tui_wait_selected "Refunds overdue"
tui_keys Enter
t "Enter opens the refund queue" tui_wait "Ready to pay"
tui_snap
t "  the overdue one first" sh -c "grep -n 'R-D' '$T/out' | head -1 | cut -d: -f1 | xargs test \$(grep -n 'R-C' '$T/out' | head -1 | cut -d: -f1) -gt"
tui_stop

"$SHOPDESK" review --date 2026-11-21 >"$T/out"
t "the command line says the day is not over" out_has "The day is not over: its figures so far, what needs action as at 2026-11-21 09:00."

# an agent: only the keys they may use; closes their own item, not a colleague's
tui_start 80x24 -- --as li.na
tui_wait "Orders" >/dev/null
tui_keys 5
tui_wait "chat-service" >/dev/null
tui_snap
t "an agent's mystery footer: open and their action items" screen_has "Enter open  a my action items  ? keys"
t "  no new report, trends or compare" sh -c "! grep -q 'N new\|t trends\|c compare' '$T/out'"
tui_keys a
t "a: their open action items" tui_wait "Open action items"
tui_snap
t "  their own only" sh -c "grep -q 'Answer the first message' '$T/out' && ! grep -q 'wang.fang' '$T/out'"
t "  the keys to close them" screen_has "D done  X drop"
tui_keys X
t "X asks before dropping" tui_wait "Drop “Answer the first message"
tui_keys y
t "  dropped" tui_wait "is dropped."
t "  in the file" [ "$(sq "SELECT status FROM mystery_actions WHERE owner = 'li.na' AND due = '2026-11-30'")" = dropped ]
t "  nothing left of theirs" tui_wait "No open action items."
t "  wang.fang's still open" [ "$(sq "SELECT status FROM mystery_actions WHERE owner = 'wang.fang'")" = open ]
tui_stop

tui_start 80x24 -- --as sun.li
tui_wait "Orders" >/dev/null
tui_keys 5
tui_wait "chat-service" >/dev/null
tui_snap
t "a shopper's mystery footer: new report and submit" screen_has "N new report  S submit  a action items"
t "  no trends or compare" sh -c "! grep -q 't trends\|c compare' '$T/out'"
tui_stop

# the ratings in Chinese at 80x24
tui_start 80x24 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
tui_wait "订单" >/dev/null
tui_keys r
t "zh_CN: r opens the ratings to answer (the 5-star one left)" tui_wait "1 条评价待回复"
tui_snap
t "  the keys in Chinese" screen_has "A 回复"
tui_stop
done_testing
