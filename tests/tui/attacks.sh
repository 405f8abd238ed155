#!/bin/sh
# The console against hostile data (issue 15, item 5): escape sequences, C1 controls, bidi
# overrides and zero-width characters in customers' names, addresses and notes are shown as
# visible escapes; none reaches the terminal (tmux would act on them: clear the screen, set
# the window title, start a blink) and none makes a name read otherwise than it is.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
python3 - "$T/esc.csv" <<'EOF'
import sys
hdr = "Order,Created,Paid,Shipped,Status,Customer,Receiver,Phone,Address,Currency,Shipping,Total,Refunded,Courier,Tracking,SKU,Item,Quantity,Price\n"
rows = [
    # a clear screen and a title change in the buyer's id, C1 CSI in the receiver
    'E-1,2026-11-20 09:00,2026-11-20 09:01,,Paid,"eve\x1b[2J\x1b]2;pwned\x07",Eve\u009b7m,1,Addr,CNY,0,50.00,,,,S,Mug,1,50.00',
    # a right-to-left override that would show "gpj.exe" as "exe.jpg", a zero-width space
    'E-2,2026-11-20 09:05,2026-11-20 09:06,,Paid,rlo-buyer,"Bob\u202egpj.exe",2,Addr,CNY,0,60.00,,,,S,Mug,1,60.00',
    'E-3,2026-11-20 09:10,2026-11-20 09:11,,Paid,zw-buyer,"Ka\u200bte",3,Addr,CNY,0,70.00,,,,S,Mug,1,70.00',
]
open(sys.argv[1], "w", encoding="utf-8").write(hdr + "\n".join(rows) + "\n")
EOF
"$SHOPDESK" import orders "$T/esc.csv" >/dev/null

tui_start 100x30
t "the orders list is drawn" tui_wait "E-1"
tui_snap
t "the C1 control in the receiver shown as an escape in the list" screen_has 'Eve\u009b7m'
t "  the screen was not cleared: the other orders are there" screen_has "E-3"
tui_keys G
tui_keys Enter
t "the order's detail" tui_wait "Order E-1"
tui_snap
t "  the escape sequence in the buyer id is shown, not obeyed" screen_has 'eve\x1b[2J'
t "  the title change shown as text" grep -qF 'x1b]2;pw' "$T/out"
t "  the window title unchanged" sh -c "! tmux -L '$SOCK' display -p -t t '#{pane_title}' | grep -q pwned"
t "  the C1 control in the receiver shown as an escape" screen_has 'Eve\u009b7m'
tui_keys q
tui_keys g
tui_keys j
tui_keys Enter
t "a right-to-left override in a name" tui_wait "Order E-2"
tui_snap
t "  is shown as what it is, not turned around" screen_has 'Bob\u202egpj.exe'
tui_keys q
tui_keys g
tui_keys Enter
t "a zero-width space in a name" tui_wait "Order E-3"
tui_snap
t "  is shown, so 'Ka te' is not taken for 'Kate'" screen_has 'Ka\u200bte'
tui_stop
done_testing
