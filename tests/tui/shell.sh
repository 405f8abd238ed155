#!/bin/sh
# The console shell: opens at once at 80x24, screens, keys, help, sizes, languages, colours,
# resizes, hang-ups and terminals it cannot use.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-20T10:00:00+08:00"

tui_start 80x24 -- --demo
t "demo opens at 80x24" tui_wait "1 Orders"
tui_snap
t "all six tabs fit" screen_has "6 Review"
t "status line shows the login and role" screen_has "($ME)"
t "status line counts refunds" screen_has "Refunds:"
t "orders are listed" screen_has "shipped"
t "column headings" screen_has "Order"
t "key hint line" screen_has "? keys"
tui_keys j j j
tui_keys Enter
t "Enter opens the order detail" tui_wait "Ship time"
tui_keys G
t "the detail scrolls to the timeline" tui_wait "Timeline"
tui_keys q
t "q goes back to the list" tui_gone "Timeline"
tmux -L "$SOCK" send-keys -t t -l "$(printf '\033[4~')"
sleep 0.5
tui_snap
t "End as ESC [ 4 ~ (tmux, PuTTY) is End, not Esc and 4 (Members)" screen_lacks "Buyer id"
t "  still on Orders" screen_has "Courier"
tui_keys 4
t "4 opens Members" tui_wait "Buyer id"
tui_keys Tab
t "Tab cycles to the next screen" tui_gone "Buyer id"
tui_keys F1
t "F1 opens Orders" tui_wait "Courier"
tui_keys '?'
t "? shows the keys of the screen" tui_wait "Keys of the Orders screen"
tui_keys j j j j j j j j
sleep 0.3
tui_snap
t "help lists the list keys (further down)" screen_has "page-down"
tui_keys G
t "help lists global keys" tui_wait "next-screen"
tui_keys q
tui_keys :
tui_text "members"
tui_keys Enter
t ": runs an action by name" tui_wait "Buyer id"
tui_keys F1 :
tui_text "appr"
tui_keys Tab
t ": Tab completes an action's name" tui_wait ": approve"
tui_keys Enter
t "  an action of another screen says where it lives" tui_wait "approve works on the Refunds screen (2)"
tui_keys :
tui_text "no-such-thing"
tui_keys Enter
t ": names an unknown action" tui_wait "no action named 'no-such-thing'"
tui_keys 1 /
tui_text "围巾"
tui_keys Enter
t "search in Chinese (two characters)" tui_wait 'search "围巾"'
tui_snap
t "the search finds orders" screen_lacks "No orders match"
tui_keys Enter
t "the first hit has a scarf" tui_wait "羊绒围巾"
tui_keys q /
tui_text "圆领T恤"
tui_keys Enter
t "search in Chinese (trigram index)" tui_wait 'search "圆领T恤"'
tui_keys Enter
t "the first hit has the T-shirt" tui_wait "纯棉圆领T恤"
tui_keys q Escape
t "Esc clears the search" tui_gone 'search "'

# resize: smaller than 80x24 shows a notice, larger redraws
tui_resize 60x20
t "below 80x24: terminal too small" tui_wait "Terminal too small: 60x20"
tui_resize 120x40
t "growing redraws the console" tui_wait "1 Orders"
tui_snap
t "wide layout shows tracking numbers" screen_has "Tracking"
tui_keys q
t "q on a top screen asks for a second q" tui_wait "press q again to leave shopdesk"
sleep 0.3
t "  and stays" [ ! -s "$T/exit" ]
tui_keys q
t "q twice on a top screen quits" tui_exited 3
t "exit status 0" [ "${tui_rc:-x}" = 0 ]
tui_stop

# a resize inside a prompt repaints and keeps the prompt
tui_start 100x30 -- --demo
tui_wait "1 Orders" >/dev/null
tui_keys /
tui_text "abc"
tui_resize 90x28
sleep 0.5
tui_snap
t "a resize inside a prompt keeps what was typed" screen_has "Search orders: abc"
tui_keys Escape q
tui_stop

# Chinese
tui_start 80x24 LANG=zh_CN.UTF-8 -- --demo
t "zh_CN: tabs in Chinese" tui_wait "1 订单"
tui_snap
t "zh_CN: status line in Chinese" screen_has "退款"
t "zh_CN: columns stay aligned" screen_has "订单号"
tui_stop
tui_start 80x24 LANG=zh_TW.UTF-8 -- --demo
t "zh_TW: tabs in traditional Chinese" tui_wait "1 訂單"
tui_stop

# colours, and NO_COLOR
tui_start 80x24 -- --demo
tui_wait "1 Orders" >/dev/null
tui_screen_sgr >"$T/out"
t "colours by default" grep -q '\[3[0-7]m\|\[4[0-7]m\|\[38;5\|\[48;5\|;4[0-7]m' "$T/out"
tui_stop
tui_start 80x24 NO_COLOR=1 -- --demo
tui_wait "1 Orders" >/dev/null
tui_screen_sgr >"$T/out"
t "NO_COLOR: no colour codes" sh -c "! grep -q '\[3[0-7]m\|\[4[0-7]m\|\[38;5\|\[48;5\|;4[0-7]m' '$T/out'"
t "NO_COLOR: the selected row is still visible (reverse)" grep -q '\[7m\|;7m' "$T/out"
tui_stop
tui_start 80x24 TERM=vt100 -- --demo
t "TERM=vt100 works" tui_wait "1 Orders"
tui_stop
tui_start 80x24 TERM=linux -- --demo
t "TERM=linux works" tui_wait "1 Orders"
tui_stop

# SIGHUP (the SSH link drops): ends within 2 s and does not spin
tui_start 80x24 -- --demo
tui_wait "1 Orders" >/dev/null
pid=$(tui_pid)
t "found the console process" [ -n "$pid" ]
tmux -L "$SOCK" kill-server >/dev/null 2>&1
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
t "exits within 2 s of the hang-up" sh -c "! kill -0 $pid 2>/dev/null"
tui_start 80x24 -- --demo
tui_wait "1 Orders" >/dev/null
pid=$(tui_pid)
kill -TERM "$pid"
t "SIGTERM ends it cleanly" tui_exited 2
t "SIGTERM exit status 0" [ "${tui_rc:-x}" = 0 ]
tui_stop

# terminals it cannot use: one line, exit 2, no ncurses abort
TERM=no-such-terminal run "$SHOPDESK" --demo </dev/null
# stdin is not a tty here either: the message must still be one line
t "unknown TERM or no terminal: exit 2" rc_is 2
t "one line" err_one_line
run script -qec "env TERM=no-such-terminal $SHOPDESK --demo" /dev/null
t "unknown TERM in a terminal: exit 2" rc_is 2
t "unknown TERM: names it" out_has "unknown terminal type TERM=no-such-terminal"
run script -qec "env TERM=dumb $SHOPDESK --demo" /dev/null
t "TERM=dumb: exit 2" rc_is 2
t "TERM=dumb: says it cannot move the cursor" out_has "cannot move the cursor"
run script -qec "env LANG=C LC_ALL=C $SHOPDESK --demo" /dev/null
t "non-UTF-8 locale: exit 2" rc_is 2
t "non-UTF-8 locale: says what to set" out_has "UTF-8 locale"

done_testing
