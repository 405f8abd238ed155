#!/bin/sh
# The Review screen in tmux, on the fixture day of tests/cli/review.sh (2026-11-20): it opens
# on yesterday with what needs action first, every figure against the day before and the
# 7-day median with a 14-day bar chart, the low rating without a reply; Enter draws a figure's
# 14 days; [ and ] and d move between days; S signs off (audited, once); an agent is kept out;
# the same screen in Chinese at 80x24.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null
"$SHOPDESK" import reviews "$FIXTURES/review_ratings.csv" >/dev/null
"$SHOPDESK" staff add ag --name ag --roles agent >/dev/null 2>&1

tui_start 80x24
tui_wait "Orders" >/dev/null
tui_keys 6
t "6 opens the review of yesterday" tui_wait "Daily review: "
tui_snap
t "  the date" screen_has ", 2026-11-20"
t "  not signed off yet" screen_has "not signed off"
t "  what needs action comes first" [ "$(grep -n 'Needs action' "$T/out" | cut -d: -f1)" -lt "$(grep -n ' Figure ' "$T/out" | cut -d: -f1)" ]
t "  paid, not shipped after 24 h: 2" sh -c "grep 'Paid, not shipped after 24 h' '$T/out' | grep -q ' 2 *$'"
t "  and after 48 h: 1" sh -c "grep 'Paid, not shipped after 48 h' '$T/out' | grep -q ' 1 *$'"
t "  the low rating without a reply" sh -c "grep 'Low ratings without a reply' '$T/out' | grep -q ' 1 *$'"
t "  the figures' columns fit 80 columns" screen_has "Figure                        The day vs prev. day 7-day median  14 days"
t "  orders: 3, the 23:59 order in, the 00:01 one out" sh -c "grep '^ Orders  ' '$T/out' | grep -q ' 3 '"
t "  revenue, its change and the 7-day median" sh -c "grep '^ Revenue' '$T/out' | grep -q '¥380.00 *+¥280.00 *¥0.00'"
t "  a 14-day bar chart on the revenue line" sh -c "grep '^ Revenue' '$T/out' | grep -q '[▁▂▃▄▅▆▇█]'"

# Enter on a figure: its 14 days
tui_keys G
t "G goes to the end: the service score and how it is computed" tui_wait "disputes of 30 days answered in time and not lost"
tui_snap
t "  the low-rated comment with no reply yet" screen_has "1★ R-C 包裹破损，客服不回 (no reply yet)"
t "  the distribution" sh -c "grep -q '5★ *1' '$T/out' && grep -q '1★ *1' '$T/out'"
tui_keys g j j j j j # past the three needs-action rows, Orders and Orders paid
tui_keys Enter
t "Enter on Revenue draws its 14 days" tui_wait "Revenue: the last 14 days"
tui_snap
t "  one line a day, the date last" sh -c "grep -q '2026-11-07' '$T/out' && grep '2026-11-20' '$T/out' | grep -q '¥380.00'"
t "  the day's bar is the longest" sh -c "grep '2026-11-20' '$T/out' | grep -q '█████████████'"
t "  the day before and the median under it" screen_has "The day before   ¥100.00"
tui_keys q
t "q goes back to the review" tui_wait "Needs action"

# other days
tui_keys "["
t "[ shows the day before" tui_wait ", 2026-11-19"
tui_keys "]" "]"
t "] ] goes to today" tui_wait ", 2026-11-21"
tui_keys "]"
t "  and no further" tui_wait "There is no review after today's"
tui_keys d
t "d asks for a date" tui_wait "Date (YYYY-MM-DD):"
tui_keys C-u
tui_text "2026-11-20"
tui_keys Enter
t "  and shows it" tui_wait ", 2026-11-20"

# sign-off
tui_keys S
t "S asks first" tui_wait "Sign off the review of 2026-11-20? (y/n)"
tui_keys y
t "  then a note" tui_wait "Note (optional):"
tui_text "read, call the courier"
tui_keys Enter
t "  signed off" tui_wait "The review of 2026-11-20 is signed off."
t "  the top line says by whom" tui_wait "Signed off by "
t "  in the file with the note" [ "$(sq "SELECT date || ' ' || note FROM review_signoffs")" = "2026-11-20 read, call the courier" ]
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'review.signoff'")" = 1 ]
tui_keys S
t "a second S: already signed off" tui_wait "is already signed off by"
t "  still one sign-off" [ "$(sq "SELECT count(*) FROM review_signoffs")" = 1 ]
tui_stop

# an agent does not read the review
tui_start 80x24 -- --as ag
tui_wait "Orders" >/dev/null
tui_keys 6
t "an agent: the review is for owners" tui_wait "Review is for: owner"
tui_snap
t "  and shows no figure" screen_lacks "Revenue"
tui_stop

# Chinese at 80x24
tui_start 80x24 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
tui_wait "订单" >/dev/null
tui_keys 6
t "zh_CN: the review in Chinese" tui_wait "每日复盘"
tui_snap
t "  signed off, in Chinese" screen_has "签收"
t "  needs action first" screen_has "需要处理"
t "  the figure columns" screen_has "当天     较前一天   7 天中位数  14 天"
t "  revenue" sh -c "grep '营业额' '$T/out' | grep -q '¥380.00'"
tui_stop

# a row of the audit log edited outside shopdesk while the console is on another screen: the
# alarm is the first thing on the Review screen when it is next shown
tui_start 80x24
tui_wait "Orders" >/dev/null
tui_keys 6
tui_wait "Needs action" >/dev/null
tui_keys 1
tui_wait "Orders" >/dev/null
"$SHOPDESK" staff add late --name Late --roles agent >/dev/null
row=$(sq "SELECT max(id) FROM audit")
if on_pg; then
    sq "ALTER TABLE audit DISABLE TRIGGER audit_append_only_update; UPDATE audit SET login = 'mallory' WHERE id = $row; ALTER TABLE audit ENABLE TRIGGER audit_append_only_update"
else
    sq "DROP TRIGGER audit_append_only_update; UPDATE audit SET login = 'mallory' WHERE id = $row"
fi
sleep 1.5 # the console notices changes once a second
tui_keys 6
t "a broken audit chain: the review opens with the alarm" tui_wait "Audit log broken at row $row"
tui_snap
t "  on the first line under the title" [ "$(grep -n 'Audit log broken' "$T/out" | cut -d: -f1)" -le 4 ]
t "  with what to do" screen_has "Run \`shopdesk check\`"
t "  above what needs action" [ "$(grep -n 'Needs action' "$T/out" | cut -d: -f1)" -gt "$(grep -n 'Audit log broken' "$T/out" | cut -d: -f1)" ]
tui_keys j j # the cursor starts on the first line: move it off
sleep 0.3
tui_screen_sgr >"$T/sgr"
t "  in the alarm colour (on red)" sh -c "grep 'Audit log broken' '$T/sgr' | grep -q '[[;]41m'"
tui_stop
done_testing
