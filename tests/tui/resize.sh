#!/bin/sh
# 200 resizes at random, from 20x5 to 300x100, while the console runs (under ASan in CI):
# it is still running, uses no CPU when left alone, and the screen is whole at the end.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/review_orders.csv" >/dev/null
tui_start 100x30
tui_wait "Orders" >/dev/null
pid=$(tui_pid)
i=0
while [ $i -lt 200 ]; do
    size=$(awk -v s="$i" 'BEGIN { srand(s); printf "%dx%d", 20 + int(rand() * 281), 5 + int(rand() * 96) }')
    tui_resize "$size"
    [ $((i % 37)) = 0 ] && tui_keys F$((i % 6 + 1)) # and change screen now and then (F keys:
    # the scan screen takes digits as a code)
    i=$((i + 1))
done
t "200 resizes: still running" kill -0 "$pid"
tui_resize 100x30
sleep 1 # let the last of the size changes arrive, as a person would
tui_keys F1
t "  the orders screen whole at 100x30" tui_wait "R-A"
tui_snap
t "  the tabs across the top" screen_has " 1 Orders  2 Refunds  3 Scan  4 Members  5 Mystery  6 Review"
t "  the status line at the bottom" sh -c "tail -1 '$T/out' | grep -q 'Refunds:'"
ticks0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
sleep 2
ticks1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
t "  idle afterwards: under 10% of a CPU" [ $((ticks1 - ticks0)) -lt 20 ]
tui_resize 20x5
t "  20x5: says it is too small" tui_wait "small"
tui_resize 80x24
t "  back to 80x24: the screen again" tui_wait "R-A"
tui_keys q q
t "q q leaves" tui_exited 5
t "  with exit 0" [ "$tui_rc" = 0 ]
done_testing
