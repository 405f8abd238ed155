#!/bin/sh
# Ctrl-Z on a half-typed form: the console stops and gives the shell back holding no lock
# (100 writes from another process meanwhile, none waiting); `fg` brings the form back,
# redrawn with what was typed, and it saves as usual. The pane runs an interactive bash so
# there is job control (a plain pane's process group is orphaned and would ignore Ctrl-Z).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
if ! command -v bash >/dev/null 2>&1; then
    skip_t "Ctrl-Z and fg" "needs bash for job control"
    done_testing
    exit
fi
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null

tmux -L "$SOCK" -f /dev/null new-session -d -s t -x 100 -y 30 \
    "PS1='shell\$ ' bash --norc --noprofile -i"
tmux -L "$SOCK" set-option -g status off >/dev/null 2>&1
t "an interactive shell in the pane" tui_wait 'shell$'
tui_text "$SHOPDESK"
tui_keys Enter
tui_wait "Orders" >/dev/null
tui_keys 2 N
t "a refund request form is open" tui_wait "A refund request"
tui_text "R-A"
tui_keys Tab 1 Tab
tui_text "12"
sleep 0.5
tui_keys C-z
t "Ctrl-Z gives the shell back" tui_wait "Stopped"
tui_snap
t "  the console is off the screen" screen_lacks "A refund request"
pid=$(tui_pid)
t "  the process is stopped, not gone" [ "$(ps -o stat= -p "${pid:-0}" | cut -c1)" = T ]

hundred_writes z
t "stopped, it holds no lock: 100 writes from another process committed" [ $failed = 0 ]
t "  none waited two seconds" [ $slow = 0 ]

tui_text "fg"
tui_keys Enter
t "fg brings the form back" tui_wait "A refund request"
tui_snap
t "  redrawn whole: the shell's lines are gone" screen_lacks "Stopped"
t "  with what was typed" grep -qE "Order \* +R-A" "$T/out"
t "  and the amount" grep -qE "Amount +12" "$T/out"
tui_keys Tab Tab Tab 2 F2
t "the form saves as usual" tui_wait "requested"
t "  in the file" [ "$(sq "SELECT amount FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.number = 'R-A'")" = 1200 ]
t "  and the other writes are seen too" [ "$(sq "SELECT count(*) FROM staff WHERE login LIKE 'z%'")" = 100 ]
tui_keys q
tui_stop
done_testing
