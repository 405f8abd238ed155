#!/bin/sh
# Chat service on the owner's Review screen: the chat figures among the others, each agent's
# day in two lines with their 7-day medians (worse than their own week in the warning
# colour), the consultation line saying it comes from the chat statistics; in Chinese.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
new_shop "$T/shop"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
orders_csv "$T/o.csv" C- 3
"$SHOPDESK" import orders "$T/o.csv" >/dev/null
"$SHOPDESK" staff add xiaoli --name 小李 --roles agent >/dev/null 2>&1
"$SHOPDESK" staff add xiaowang --name 小王 --roles agent >/dev/null 2>&1
"$SHOPDESK" staff edit xiaoli --accounts "巧厨旗舰店:小李" >/dev/null
"$SHOPDESK" staff edit xiaowang --accounts "巧厨旗舰店:小王" >/dev/null
"$SHOPDESK" import chat-stats "$FIXTURES/chat/qianniu-kefu-gbk.csv" >/dev/null

tui_start 100x40 --
tui_wait "Orders" >/dev/null
tui_keys 6
t "the review of yesterday has the chat figures" tui_wait "Inquiry conversion"
tui_snap
t "  conversion and first response" sh -c "grep -q 'Inquiry conversion *53.33%' '$T/out' && grep -q 'Chat first response *19.2 s' '$T/out'"
tui_keys G
t "the agents, each against their own week" tui_wait "Chat service by agent"
tui_snap
t "  小李: his day" screen_has "xiaoli (巧厨旗舰店:小李): 120 chats, satisfied 98.50%"
t "  and his week" screen_has "conversion 60.00% (7-day median 50.00%), first response 12.5 s (median 14.0 s)"
t "  an account no one has, said so" screen_has "巧厨旗舰店:夜班 (no staff member)"
t "  the consultation line from the chat statistics" screen_has "chat statistics: response vs 15 s, conversion vs 50%; mystery -"
tui_screen_sgr >"$T/out"
t "  小王, slower and converting less than his week: the warning colour" sh -c "grep -- 'conversion 40.00% (7-day median 50.00%)' '$T/out' | grep -q '33m'"
t "  小李, better than his: not" sh -c "! grep -- 'conversion 60.00% (7-day median 50.00%)' '$T/out' | grep -q '33m'"
tui_stop

tui_start 100x40 LANG=zh_CN.UTF-8 --
tui_wait "订单" >/dev/null
tui_keys 6 G
t "in Chinese: the agents' heading" tui_wait "客服接待"
tui_snap
t "  the consultation line's words" screen_has "聊天数据"
tui_stop
done_testing
