#!/bin/sh
# Performance sheets in the console (F7 anywhere): the owner's list of last month's sheets,
# a sheet scored with S; the person reads their own, disagrees (D) with a note, then signs
# (Y) once the owner scores again; a colleague never sees another's; in Chinese.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
export SHOPDESK_NOW="2026-12-02T10:00:00+08:00"
"$SHOPDESK" staff add ag --name 小李 --roles agent >/dev/null 2>&1
"$SHOPDESK" staff add wh --name 赵敏 --roles warehouse >/dev/null 2>&1

tui_start 80x24 --
tui_wait "Orders" >/dev/null
tui_keys F7
t "F7: the owner gets last month's sheets" tui_wait "Performance sheets, 2026-11"
tui_snap
t "  every active staff member, not scored yet" grep -qE '^ *ag +- +not scored' "$T/out"
while ! tui_selected | grep -q '^ *ag '; do tui_keys j; sleep 0.1; done
tui_keys Enter
t "Enter opens the sheet" tui_wait "Performance: ag, 2026-11"
tui_keys S
t "S asks for the score" tui_wait "Score for ag, 2026-11 (0-100):"
tui_text "76"
tui_keys Enter
t "  then a comment" tui_wait "Comment:"
tui_text "响应要更快"
tui_keys Enter
t "  scored" tui_wait "ag, 2026-11: scored 76"
t "  the sheet shows it" tui_wait "Score: 76, by $ME"
tui_keys q
t "the list follows" tui_wait "scored, to sign"
tui_stop

tui_start 80x24 SHOPDESK_LOGIN=ag --
tui_wait "Orders" >/dev/null
tui_keys F7
t "the person gets their own sheet" tui_wait "Performance: ag, 2026-11"
t "  with the owner's comment" tui_wait "Comment: 响应要更快"
tui_keys D
t "D asks what they disagree with" tui_wait "What you disagree with:"
tui_text "双十一咨询量翻倍"
tui_keys Enter
t "  recorded" tui_wait "your disagreement is recorded"
t "  on the sheet" tui_wait "双十一咨询量翻倍"
tui_stop
"$SHOPDESK" performance score ag --month 2026-11 --score 82 --comment "调整" >/dev/null
tui_start 80x24 SHOPDESK_LOGIN=ag --
tui_wait "Orders" >/dev/null
tui_keys F7
tui_wait "Score: 82" >/dev/null
tui_keys Y
t "Y asks before signing" tui_wait "Sign your sheet of 2026-11? It is locked then. (y/n)"
tui_keys y
t "  signed" tui_wait "signed; the sheet is locked"

tui_stop
t "the sheet is signed in the database" [ -n "$(sq "SELECT signed_at FROM performance_sheets WHERE login = 'ag' AND signed_at IS NOT NULL")" ]

tui_start 80x24 SHOPDESK_LOGIN=wh --
tui_wait "Orders" >/dev/null
tui_keys F7
t "a colleague gets only their own" tui_wait "Performance: wh, 2026-11"
tui_snap
t "  not ag's" screen_lacks "Score: 82"
tui_stop

tui_start 80x24 LANG=zh_CN.UTF-8 --
tui_wait "订单" >/dev/null
tui_keys F7
t "in Chinese" tui_wait "绩效表，2026-11"
tui_stop
done_testing
