#!/bin/sh
# The members screen in tmux: the list with tiers and R/F/M, the tier filter, a member's
# detail with the rules and the tier history, an edit, a merge of two buyers who share a
# phone, the tier preview and recompute, today's gifts, a tier's shipping rebate on an
# order entered by hand, and the screen in Chinese at 80x24.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" import orders "$FIXTURES/members_orders.csv" >/dev/null
"$SHOPDESK" staff add ag --name 李娜 --roles agent >/dev/null 2>&1
for sku in GIFT-SILVER GIFT-GOLD GIFT-BDAY GIFT-VIP; do
    "$SHOPDESK" gifts stock $sku 10 >/dev/null
done

tui_start 100x30
tui_wait "Orders" >/dev/null
tui_keys 4
t "4 opens the members, most recent buyer first" tui_wait "cust-a2"
tui_snap
t "tiers by name" screen_has "Gold"
t "R, F and M columns" screen_has " R    F            M"
t "M in money" screen_has "¥2,000.00"
t "the members per tier" screen_has "Newcomer 5  Regular 2  Silver 2  Gold 2"
tui_keys f t
t "the tier filter offers the shop's tiers" tui_wait "3 Gold"
tui_keys 3
t "filtered to Gold" tui_wait "tier Gold"
tui_snap
t "  only Gold members" sh -c "! grep -q 'Silver\|Regular\|Newcomer  ' '$T/out'"
t "  cust-g and cust-i" sh -c "grep -q cust-g '$T/out' && grep -q cust-i '$T/out'"
tui_keys Escape
tui_keys /
tui_text "cust-c"
tui_keys Enter
tui_wait 'search "cust-c"' >/dev/null
tui_keys Enter
t "Enter opens the member" tui_wait "Tier and RFM"
tui_snap
t "  the tier since when" screen_has "Silver (tier 2) since 2026-11-21"
t "  R, F, M as a person reads them" screen_has "4 paid orders in 365 days"
t "  the rule and whether it holds" screen_has "F ≥ 4, M ≥ ¥800.00 — holds"
t "  what the next tier takes" screen_has "Gold: F ≥ 8"
tui_keys G
t "  the tier history with its reason" tui_wait "F 4 ≥ 4 and M ¥1,000.00 ≥ ¥800.00"

# edit from the detail
tui_keys E
t "E opens the member's form" tui_wait "Birthday (MM-DD)"
tui_keys Tab Tab
tui_text "02-30"
tui_keys F2
t "a birthday that is no day stays in the form" tui_wait "MM-DD or YYYY-MM-DD"
tui_keys BSpace BSpace BSpace BSpace BSpace
tui_text "11-23"
tui_keys F2
t "saved" tui_wait "saved"
t "  in the file" [ "$(sq "SELECT birthday FROM members WHERE buyer_id = 'cust-c'")" = "11-23" ]
tui_keys g
t "  the detail shows it" tui_wait "Birthday         11-23"
tui_keys q
tui_keys Escape

# merge: the member sharing a phone is offered, and it asks first
tui_keys /
tui_text "cust-a2"
tui_keys Enter
tui_wait 'search "cust-a2"' >/dev/null
tui_keys M
a_id=$(sq "SELECT id FROM members WHERE buyer_id = 'cust-a'")
t "M offers the member with the same phone" tui_wait "into member (id or buyer id): $a_id"
tui_keys Enter
t "  asks first, naming both" tui_wait "cannot be undone"
tui_keys y
t "  merged" tui_wait "merged into #$a_id"
t "  in the file" [ "$(sq "SELECT merged_into FROM members WHERE buyer_id = 'cust-a2'")" = "$a_id" ]
tui_keys Escape

# the tiers: a preview first, then the recompute
tui_keys T
t "T shows who would change tier" tui_wait "Under the tiers of shop.yaml"
tui_keys Y
t "Y recomputes" tui_wait "Tiers recomputed"
tui_keys q

# today's gifts: what the rules would make, then Y makes them
tui_keys P
t "P shows today's gifts before making them" tui_wait "The rules would make"
tui_snap
t "  the Silver welcome for cust-c" screen_has "GIFT-SILVER"
t "  nothing made yet" [ "$(sq "SELECT count(*) FROM orders WHERE gift = 1")" = 0 ]
tui_keys Y
t "Y makes them" tui_wait "gifts made"
t "  in the file" [ "$(sq "SELECT count(*) FROM orders WHERE gift = 1")" -ge 5 ]
tui_keys q
tui_keys P
t "P again: nothing is due" tui_wait "no gifts are due today"
tui_keys q

# a Silver member's order entered by hand: the tier's rebate comes off the shipping
tui_keys 1
tui_wait "Courier" >/dev/null
tui_keys N
tui_wait "A new order, entered by hand" >/dev/null
tui_keys Tab
tui_text "cust-c"
tui_keys Tab Tab Tab Tab Tab
tui_text "Tea"
tui_keys Tab Tab
tui_text "30"
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab
tui_text "8"
tui_keys F2
t "the rebate is said" tui_wait "took ¥5.00 off the shipping"
t "  shipping 3.00, total 33.00, the member's order" \
    [ "$(sq "SELECT shipping || ' ' || total || ' ' || (CASE WHEN member_id = (SELECT id FROM members WHERE buyer_id = 'cust-c') THEN 1 ELSE 0 END) FROM orders WHERE platform = 'manual'")" = "300 3300 1" ]
tui_stop

# an agent sees members but may not recompute or give gifts
tui_start 100x30 -- --as ag
tui_wait "Orders" >/dev/null
tui_keys 4
tui_wait "cust-g" >/dev/null
tui_keys T
t "an agent may not recompute tiers" tui_wait "owner"
tui_stop

# Chinese at 80x24
tui_start 80x24 LANG=zh_CN.UTF-8
tui_wait "订单" >/dev/null
tui_keys 4
t "the members screen in Chinese" tui_wait "最近下单"
tui_snap
t "  the tier names of shop.yaml" screen_has "Gold"
t "  the columns fit 80: R, F, M and the last order whole" screen_has "Gold         3    8    ¥2,000.00 11-18 10:01"
tui_stop
done_testing
