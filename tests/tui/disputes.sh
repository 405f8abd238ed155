#!/bin/sh
# Disputes in the console, as the refunds team works them: the line over the Refunds screen
# (open, overdue, the nearest deadline), the disputes view (d) with countdowns that move and
# the overdue one in the alarm colour, a dispute in full (Enter), answering it (A) and what
# the platform decided (C); at 80x24, in Chinese; and the owner's review row that leads there.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
orders_csv "$T/o.csv" D- 4
"$SHOPDESK" import orders "$T/o.csv" >/dev/null
"$SHOPDESK" staff add rf --name 张伟 --roles refunds >/dev/null 2>&1
"$SHOPDESK" staff add wh --name 赵敏 --roles warehouse >/dev/null 2>&1
# due two hours ago; due in 50 minutes; answered; due in two days
"$SHOPDESK" dispute add D-1 --kind rights --claim "买家称未收到货" --opened "2026-11-19 10:00" >/dev/null
"$SHOPDESK" dispute add D-2 --kind complaint --claim "客服态度差" --opened "2026-11-20 12:50" >/dev/null
"$SHOPDESK" dispute add D-3 --kind rights --claim "颜色不符" --opened "2026-11-21 09:00" >/dev/null
"$SHOPDESK" dispute answer 3 --note "已提供实拍图" >/dev/null
"$SHOPDESK" dispute add D-4 --kind rights --claim "尺码不对" --opened "2026-11-21 11:00" >/dev/null

tui_start 80x24 "SHOPDESK_NOW=2026-11-21T12:00:00+08:00+" SHOPDESK_LOGIN=rf --
t "the refunds team's screen carries the disputes line" tui_wait "Disputes: 4 open, 1 overdue"
tui_snap
t "  naming the nearest deadline, past by two hours" screen_has "next #1 (rights) -2h 00m"
tui_screen_sgr >"$T/out"
t "  in the alarm colour while one is overdue" sh -c "grep -- 'Disputes: 4 open' '$T/out' | grep -q '41m'"
tui_keys d
t "d opens the open disputes" tui_wait "Open disputes: 4, 1 unanswered past the deadline"
tui_snap
t "  the overdue one first" sh -c "grep -n -- '-2h 00m' '$T/out' | grep -q '^4:'"
t "  the one due soon counts down in minutes and seconds" grep -qE ' 49:5[0-9]|50:00 ' "$T/out"
t "  the answered one waits at the end" sh -c "grep -n 'answered' '$T/out' | grep -q '^7:'"
first=$(grep -oE '[0-9]+:[0-9]{2}  +2  D-2' "$T/out" | cut -d' ' -f1)
sleep 2.2
tui_snap
t "  a second later the countdown moved" sh -c "grep -qE ' 49:[0-9]{2}  +2  D-2' '$T/out' && ! grep -q ' $first  *2  D-2' '$T/out'"
tui_keys j
tui_wait_selected "D-2" >/dev/null
tui_screen_sgr >"$T/out"
t "  the overdue row in the alarm colour" sh -c "grep -- '-2h 00m' '$T/out' | grep -q '41m'"
t "  the one due within two hours in the warning colour, not the alarm" sh -c "grep -E ' 49:[0-9]{2} ' '$T/out' | grep -qv '41m'"
tui_keys k
tui_wait_selected "D-1" >/dev/null
tui_keys Enter
t "Enter shows the dispute in full" tui_wait "Dispute #1"
tui_snap
t "  with the buyer's claim" screen_has "买家称未收到货"
t "  and the deadline it missed" screen_has "2026-11-21 10:00"
tui_keys q
tui_wait "Open disputes" >/dev/null
tui_keys A
t "A asks for the answer sent" tui_wait "Answer sent for dispute #1:"
tui_text "物流签收底单已上传"
tui_keys Enter
t "then an evidence file" tui_wait "Evidence file (Enter for none):"
tui_keys Enter
t "  answered" tui_wait "dispute #1 answered"
t "  by whoever answered, late" [ "$(sq "SELECT answered_by || ',' || CASE WHEN answered_at > due_at THEN 'late' ELSE 'in time' END FROM disputes WHERE id = 1")" = "rf,late" ]
tui_keys C
t "C asks what the platform decided" tui_wait "w won, l lost, x withdrawn"
tui_keys l
t "  then who was held responsible" tui_wait "Held responsible"
tui_text "商家"
tui_keys Enter
t "  decided" tui_wait "dispute #1: lost"
t "  kept" [ "$(sq "SELECT outcome || ',' || responsible || ',' || closed_by FROM disputes WHERE id = 1")" = "lost,商家,rf" ]
t "  and gone from the open ones" tui_wait "Open disputes: 3, 0 unanswered past the deadline"
tui_keys q
t "the disputes line follows" tui_wait "Disputes: 3 open, 0 overdue"
tui_stop

# the warehouse does not handle disputes: no line, and d says who may
tui_start 80x24 SHOPDESK_LOGIN=wh --
tui_wait "Orders" >/dev/null
tui_keys 2
tui_snap
t "no disputes for those who do not handle them" screen_lacks "Disputes:"
tui_stop

# in Chinese
tui_start 80x24 SHOPDESK_LOGIN=rf LANG=zh_CN.UTF-8 --
t "in Chinese the line speaks Chinese" tui_wait "纠纷：未结 3"
tui_snap
t "  whole at 80 columns" screen_has "（complaint）50:00 · 按 d 查看"
tui_keys d
t "  and the view" tui_wait "未处理的纠纷：3 条"
tui_snap
t "  its key hint whole" screen_has "q 返回"
t "  an answered one said so" screen_has "已回复"
tui_stop

# the owner's review of today at one o'clock, when D-2's complaint is ten minutes late: the
# row, and Enter leads to the disputes
tui_start 100x30 SHOPDESK_NOW=2026-11-21T13:00:00+08:00 --
tui_wait "Orders" >/dev/null
tui_keys 6 ']'
t "today's review needs action on the overdue disputes" tui_wait "Disputes unanswered past their deadline"
tui_snap
t "  counting them" grep -qE 'Disputes unanswered past their deadline +1' "$T/out"
tui_keys g
sel=""
i=0
while [ $i -lt 20 ]; do
    tui_selected | grep -q "Disputes unanswered" && break
    tui_keys j
    sleep 0.1
    i=$((i + 1))
done
tui_keys Enter
t "  Enter opens the disputes to answer" tui_wait "Open disputes: 3, 1 unanswered past the deadline"
tui_stop
done_testing
