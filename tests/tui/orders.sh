#!/bin/sh
# The orders screen in tmux: filter, mark, pick, ship with courier and tracking, a wave and
# its pick list, an order entered by hand, a draft that survives a dropped connection; the
# buyer's phone and address whole for the owner, masked for the refunds team.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/shopify_orders_79.csv" >/dev/null
"$SHOPDESK" import orders "$FIXTURES/generic_orders.csv" >/dev/null

# another member of the shop's group plants a link where the pick list will go
mkdir -p "$T/shop/waves"
printf 'precious\n' >"$T/victim.conf"
chmod 600 "$T/victim.conf"
ln -s "$T/victim.conf" "$T/shop/waves/wave-1.txt"
tui_start 100x30
t "the orders screen lists the imported orders" tui_wait "#1001"
tui_snap
t "  by the receiver's name and a masked phone, not the buyer id" screen_has "Anna Smith +86****5678"
t "  the phone never whole in the list" screen_lacks "138 1234"
tui_keys /
tui_text "5678"
tui_keys Enter
t "a search says which field matched" tui_wait "张三 139****5678 ≈phone"
tui_snap
t "  a tracking number too" screen_has "≈tracking"
tui_keys Escape
tui_wait "#1005" >/dev/null
tui_keys W
t "W makes a wave of the paid orders and shows its pick list" tui_wait "Pick list: wave 1"
tui_snap
t "  saved for printing in the shop" screen_has "waves/wave-1.txt"
t "  the file is there" test -f "$T/shop/waves/wave-1.txt"
t "  in place of the planted link, which was not followed" [ ! -L "$T/shop/waves/wave-1.txt" ]
t "  the file the link named is untouched" [ "$(cat "$T/victim.conf")" = precious ]
t "  its mode too" [ "$(stat -c %a "$T/victim.conf")" = 600 ]
t "  both paid orders are in it" [ "$(sq "SELECT count(*) FROM orders WHERE wave_id = 1")" = 2 ]
tui_keys q
tui_keys f s p
t "filter by status: paid" tui_gone "#1005"
tui_snap
t "only paid orders are left" sh -c "! grep -q 'shipped\|pending\|cancelled' '$T/out'"
tui_keys Space Space
t "two rows marked" tui_wait "2 marked"
tui_keys I
t "I picks the marked orders: asks first for several" tui_wait "Move 2 orders to picked? (y/n)"
tui_keys y
t "  picked" tui_wait "2 orders are now picked"
t "  in the file too" [ "$(sq "SELECT count(*) FROM orders WHERE status = 'picked'")" = 2 ]
tui_keys u
t "u puts the last move back" tui_wait "2 orders are back as they were"
t "  no pick time left behind" [ "$(sq "SELECT count(*) FROM orders WHERE picked_at IS NOT NULL AND status = 'paid'")" = 0 ]
t "  nothing picked" [ "$(sq "SELECT count(*) FROM orders WHERE status = 'picked'")" = 0 ]
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'order.undo'")" = 2 ]
tui_keys u
t "  a second u: nothing left to put back" tui_wait "nothing to put back"
tui_keys Space Space I y
t "picked again" tui_wait "2 orders are now picked"
tui_keys Escape
tui_wait "#1005" >/dev/null
tui_keys g
tui_keys /
tui_text "ERP-1"
tui_keys Enter
t "search by order number" tui_wait 'search "ERP-1"'
tui_keys S
t "S asks for the courier" tui_wait "Courier: 1"
tui_keys 2
t "then the tracking number of each order" tui_wait "Tracking number for ERP-1"
tui_keys Enter
t "a blank Enter does not skip the order: asks again" tui_wait "ERP-1 needs its tracking number"
t "  still asking" tui_wait "Tracking number for ERP-1"
tui_text "SF 1000-0003"
tui_keys Enter
t "a number of the wrong form is questioned" tui_wait "'SF10000003' does not look like a 中通快递 tracking number"
tui_keys n
t "  n: type it again" tui_wait "Tracking number for ERP-1"
tui_text "7312345678999"
tui_keys Enter
t "shipped" tui_wait "1 order is now shipped"
tui_keys Escape
tui_wait "#1005" >/dev/null
tui_keys /
tui_text "#1003"
tui_keys Enter
tui_wait 'search "#1003"' >/dev/null
tui_keys S 2
tui_wait "Tracking number for #1003" >/dev/null
tui_text "7312345678999"
tui_keys Enter
t "a tracking number another order has: asked" tui_wait "tracking number 7312345678999 is already on order ERP-1"
tui_keys n
tui_wait "Tracking number for #1003" >/dev/null
tui_keys Escape
t "  Esc stops: #1003 not shipped" [ "$(sq "SELECT status FROM orders WHERE number = '#1003'")" = picked ]
tui_keys Escape
tui_wait "#1005" >/dev/null
tui_keys /
tui_text "ERP-1"
tui_keys Enter
tui_wait 'search "ERP-1"' >/dev/null
t "  with courier 2 of the list and the tracking typed" \
    [ "$(sq "SELECT courier || ' ' || tracking FROM orders WHERE number = 'ERP-1'")" = "中通快递 7312345678999" ]
tui_keys Escape

# an order by hand: the form, keyboard only
tui_keys N
t "N opens the form" tui_wait "A new order, entered by hand"
tui_keys Tab
tui_text "13700001111"
tui_keys Tab
tui_text "欧阳锋"
tui_keys Tab Tab Tab Tab
tui_text "运动袜三双装 白色"
tui_keys Tab
tui_text "3"
tui_keys Tab
tui_text "29.9"
tui_keys F2
t "F2 saves the order" tui_wait "Order M20261121-001 saved"
t "  with its line and total" [ "$(sq "SELECT total || ' ' || status FROM orders WHERE number = 'M20261121-001'")" = "8970 paid" ]
t "  entered by hand is on the order's timeline" \
    [ "$(sq "SELECT count(*) FROM audit WHERE action = 'order.create'")" = 1 ]

# an order by hand cannot be free (only a gift is); Tab passes an empty required field
tui_keys N
tui_wait "A new order" >/dev/null
tui_keys Tab Tab Tab Tab Tab Tab
t "Tab leaves empty fields to read the rest of the form" tui_wait "A new order"
tui_text "Free tea"
tui_keys Tab
tui_text "1"
tui_keys Tab
tui_text "0"
tui_keys F2
t "a price of 0 is refused" tui_wait "not free (only a gift is)"
t "  nothing saved" [ "$(sq "SELECT count(*) FROM orders WHERE platform = 'manual'")" = 1 ]
tui_keys Escape d
tui_wait "#1001" >/dev/null

# a price with too many decimals is refused in the form, nothing saved
tui_keys N
tui_wait "A new order" >/dev/null
tui_keys Tab Tab Tab Tab Tab Tab
tui_text "Tea"
tui_keys Tab Tab
tui_text "12.345"
tui_keys F2
t "a bad amount keeps the form open and says why" tui_wait "3 decimal places"
tui_keys Escape
t "Esc asks whether to keep the draft" tui_wait "Leave the form"
tui_keys d

# a dropped connection in the middle of the form: the draft is offered again
tui_keys N
tui_wait "A new order" >/dev/null
tui_keys Tab
tui_text "13900002222"
sleep 1.3
tui_keys Tab
sleep 0.3
tui_stop
t "the half-typed form was kept" [ "$(sq "SELECT count(*) FROM drafts WHERE kind = 'order.new'")" = 1 ]
tui_start 100x30
tui_wait "#1001" >/dev/null
tui_keys N
t "the next start offers it" tui_wait "You left this form unfinished at"
t "  go on, start over or throw away" tui_wait "1 go on with it  2 start over, keep it for later"
t "  (the question wraps, never cut)" tui_wait "3 throw it away  Esc: not now"
tui_keys Escape
sleep 0.3
t "Esc at the offer: no form, the draft kept" [ "$(sq "SELECT count(*) FROM drafts WHERE kind = 'order.new'")" = 1 ]
tui_stop
tui_start 100x30
tui_wait "#1001" >/dev/null
tui_keys N
tui_wait "You left this form unfinished" >/dev/null
tui_stop
t "a dropped connection at the offer: the draft kept" [ "$(sq "SELECT count(*) FROM drafts WHERE kind = 'order.new'")" = 1 ]
tui_start 100x30
tui_wait "#1001" >/dev/null
tui_keys N
tui_wait "You left this form unfinished" >/dev/null
tui_keys 2
t "2 starts over" tui_wait "A new order"
tui_snap
t "  with an empty form" screen_lacks "13900002222"
tui_keys Tab
tui_text "13700003333"
sleep 1.3
tui_keys Tab
sleep 0.3
t "  the new typing kept apart, the old draft too" [ "$(sq "SELECT group_concat(kind, ',') FROM (SELECT kind FROM drafts WHERE kind LIKE 'order.new%' ORDER BY kind) AS q")" = "order.new,order.new~2" ]
tui_keys Escape k
tui_wait "#1001" >/dev/null
tui_keys N
t "the next offer names both, and may not start over a third time" tui_wait "(and once more after it): 1 go on with it"
t "  no 2" tui_wait "3 throw it away  Esc: not now"
tui_keys 3
t "3 asks before throwing away" tui_wait "Throw away the form you left unfinished at"
tui_keys n
t "  n: asked again" tui_wait "(and once more after it)"
tui_keys 3 y
t "  y: the older one goes, the newer one is offered" tui_wait "2 start over, keep it for later"
tui_keys 1
t "  with its typing" tui_wait "13700003333"
tui_keys Escape d
tui_wait "#1001" >/dev/null
t "nothing left" [ "$(sq "SELECT count(*) FROM drafts WHERE kind LIKE 'order.new%'")" = 0 ]

# R in an order's detail opens the refund request for it
tui_keys Enter
tui_wait "Ship time" >/dev/null
tui_keys R
t "R in an order's detail: the refund request form" tui_wait "A refund request"
tui_keys Tab
tui_text "5"
sleep 1.3
tui_keys Tab
sleep 0.3
tui_keys Escape k
tui_keys q
tui_wait "#1001" >/dev/null
# the draft kept for that order is never offered as if it were another's
tui_keys j Enter
tui_wait "Ship time" >/dev/null
tui_keys R
t "R on another order: the draft offered names both orders" tui_wait "; this one is for"
tui_keys 3 y
t "  thrown away: the form for this order" tui_wait "A refund request"
tui_keys Escape d q
tui_wait "#1001" >/dev/null

# cancel asks first
tui_keys /
tui_text "#1003"
tui_keys Enter
tui_wait 'search "#1003"' >/dev/null
tui_keys X
t "X asks before cancelling" tui_wait "Cancel 1 order? (y/n)"
tui_keys n
t "n leaves it" [ "$(sq "SELECT status FROM orders WHERE number = '#1003'")" = picked ]
tui_keys X y
tui_wait "Reason for cancelling" >/dev/null
tui_text "out of stock"
tui_keys Enter
t "cancelled with the reason" tui_wait "1 order is now cancelled"
t "  in the file" [ "$(sq "SELECT cancel_reason FROM orders WHERE number = '#1003'")" = "out of stock" ]
tui_keys t
t "t shows the ship-time bands" tui_wait "Ship times: paid to shipped"
tui_stop

# phone and address on the screen: whole for the owner, masked for a role that does not need
# them (the refunds team)
"$SHOPDESK" staff add rf --name RF --roles refunds >/dev/null 2>&1
for who in owner rf; do
    if [ $who = owner ]; then tui_start 100x30; else tui_start 100x30 -- --as rf; fi
    tui_wait "1 Orders" >/dev/null
    tui_keys F1 # the refunds team starts on the Refunds screen
    tui_wait "#1002" >/dev/null
    tui_keys /
    tui_text "#1002"
    tui_keys Enter
    tui_wait 'search "#1002"' >/dev/null
    tui_keys Enter
    tui_wait "Phone" >/dev/null
    tui_snap
    if [ $who = owner ]; then
        t "the owner sees the buyer's phone" screen_has "13912345678"
        t "  and address" screen_has "张江路 88 号"
    else
        t "the refunds team sees the phone masked" screen_has "139****5678"
        t "  never whole" screen_lacks "13912345678"
        t "  nor the whole address" screen_lacks "张江路 88 号"
    fi
    tui_stop
done
# PgDn and PgUp turn the page from wherever the selection is, even the top row: the rows move
# by a page less one (the last row of one page is the first of the next)
new_shop "$T/pages"
orders_csv "$T/pages.csv" P 100
"$SHOPDESK" import orders "$T/pages.csv" >/dev/null
row3() { tui_screen | sed -n 3p | awk '{print $1}'; }
tui_start 80x24
tui_wait "P100" >/dev/null
last=$(tui_screen | sed -n 21p | awk '{print $1}')
tui_keys NPage
t "PgDn from the top row: the next page, from $last" tui_poll row3 "$last" 2
t "  the selection stays on the top row" [ "$(tui_selected | tail -1 | awk '{print $1}')" = "$last" ]
tui_keys C-f
t "  ^F: the page after" tui_gone "$last" 2
tui_keys PPage PPage
t "PgUp twice: back at the first page" tui_poll row3 "P100" 2
tui_stop

done_testing
