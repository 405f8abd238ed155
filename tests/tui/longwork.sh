#!/bin/sh
# Long work in the console: after half a second its progress shows on the message line, Esc
# stops it with nothing changed, and the message that was there comes back.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-12-04T12:00:00+08:00"
new_shop "$T/shop"
# 600,000 members (the tiers take some seconds), one in ten with an order
sq "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 600000)
    INSERT INTO members (platform, buyer_id, name, created_at, tier, last_order_at, frequency,
                         monetary)
    SELECT 'generic', 'b' || i, 'Buyer ' || i, 1790000000, 1, 1790000000, 3, 50000 FROM c;
    INSERT INTO orders (platform, number, status, member_id, buyer, receiver, phone, address,
                        currency, goods, total, created_at, paid_at, updated_at, search_text)
    SELECT 'generic', 'T' || id, 'delivered', id, buyer_id,
           CASE WHEN id % 50000 = 0 THEN '李娜' ELSE name END, '13800000000', 'Road ' || id,
           'CNY', 10000, 10000, 1790000000 + id, 1790000000, 1790000000,
           'T' || id || ' ' || CASE WHEN id % 50000 = 0 THEN '李娜' ELSE name END ||
           CASE WHEN id % 3 = 0 THEN ' 圆领T恤' ELSE ' 帆布包' END
    FROM members WHERE id % 10 = 0;"
"$SHOPDESK" check --repair-search >/dev/null 2>&1
members() { sq "SELECT * FROM members ORDER BY id" | md5sum; }
before=$(members)
audit=$(sq "SELECT count(*) FROM audit")

tui_start 80x24
tui_wait "Orders" >/dev/null
# a search shows its first page at once, a common phrase (one order in three) or a rare name
tui_keys /
tui_text "圆领T恤"
tui_keys Enter
t "/ a common phrase: the first page within a second" tui_wait "T600000" 1
tui_keys Escape /
tui_text "李娜"
tui_keys Enter
t "/ a rare two-character name: found within a second" tui_wait "T550000" 1
tui_snap
t "  all twelve of them" [ "$(grep -c '李娜' "$T/out")" -ge 12 ]
tui_stop

# four in ten members' orders more (300,000 in all): a search that reads every order takes a
# tenth of a second or more
sq "INSERT INTO orders (platform, number, status, member_id, buyer, receiver, phone, address,
                        currency, goods, total, created_at, paid_at, updated_at, search_text)
    SELECT 'generic', 'T' || id, 'delivered', id, buyer_id, name, '13800000000', 'Road ' || id,
           'CNY', 10000, 10000, 1790000000 + id, 1790000000, 1790000000,
           'T' || id || ' ' || name || CASE WHEN id % 3 = 0 THEN ' 圆领T恤' ELSE ' 帆布包' END
    FROM members WHERE id % 10 BETWEEN 1 AND 4;"
"$SHOPDESK" check --repair-search >/dev/null 2>&1
before=$(members)
audit=$(sq "SELECT count(*) FROM audit")
tui_start 80x24
tui_wait "Orders" >/dev/null
tui_keys /
tui_text "李娜"
tui_keys Enter
tui_wait "T550000" 5 >/dev/null
# one letter, in no order: every order is read; Esc, typed at once, stops it
tui_keys /
tui_text "q"
tui_keys Enter Escape
t "Esc stops a search that reads every order" tui_wait "cancelled"
tui_snap
t "  the search on screen is still the one before" screen_has 'search "李娜"'
t "  with its rows" [ "$(grep -c '李娜' "$T/out")" -ge 12 ]
t "  and not the one stopped" screen_lacks 'search "q"'
tui_keys /
tui_text "q"
tui_keys Enter
t "  the same search, left to run, finds nothing" tui_wait "No orders match." 5
tui_keys Escape
tui_keys 4
tui_wait "Buyer" >/dev/null
tui_keys T
tui_wait "Member tiers" >/dev/null
tui_keys Y
t "Y: recomputing shows how far it is" tui_wait "% (Esc cancels)"
tui_snap
t "  what it is doing" screen_has "Recomputing tiers... "
tui_keys Escape
t "Esc stops it" tui_wait "cancelled"
t "  nothing changed: the members" [ "$(members)" = "$before" ]
t "  and nothing audited" [ "$(sq "SELECT count(*) FROM audit")" = "$audit" ]
tui_stop

# in Chinese
tui_start 80x24 LANG=zh_CN.UTF-8
tui_wait "订单" >/dev/null
tui_keys 4
tui_wait "Buyer" >/dev/null
tui_keys T
tui_wait "Y " >/dev/null
tui_keys Y
t "zh_CN: the progress in Chinese" tui_wait "%（Esc 取消）"
tui_keys Escape
t "  stopped" tui_wait "已取消"
tui_stop
t "  nothing changed" [ "$(members)" = "$before" ]

done_testing
