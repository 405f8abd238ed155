#!/bin/sh
# The owner's daily review from the command line, against a fixture day computed by hand
# (2026-11-20, Asia/Shanghai): an order at 23:59 counts that day and one at 00:01 the next;
# ship-time bands and medians; refunds paid in and out of the SLA and one left overdue (paid
# the day after, still overdue in that day's review); ratings imported from English and GBK
# Taobao files, replies after the day; a mystery report and an overdue action item; empty
# days; text, Markdown, CSV and JSON; sign-off; who may read it.
. "${top_srcdir:-.}/tests/lib.sh"
at() { SHOPDESK_NOW=$1; export SHOPDESK_NOW; }
at "2026-11-22T09:00:00+08:00"
new_shop "$T/shop"
sd import orders "$FIXTURES/review_orders.csv"
t "the fixture orders import" rc_is 0
sd staff add ag --name ag --roles agent
sd staff add rf --name rf --roles refunds
last_id() { tail -1 "$T/out"; }
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# refunds: 3 minutes (within the 5-minute SLA), 10 minutes (late), and one left unpaid
at "2026-11-20T11:00:00+08:00"
sd --as ag refund request R-C --kind refund --amount 20 --reason damaged
r1=$(last_id)
at "2026-11-20T11:03:00+08:00"
as rf refund pay "$r1" --method 支付宝 --ref T1
t "refund 1 paid after 3 minutes" rc_is 0
at "2026-11-20T11:10:00+08:00"
sd --as ag refund request R-D --kind refund --amount 10 --reason damaged
r2=$(last_id)
at "2026-11-20T11:20:00+08:00"
as rf refund pay "$r2" --method 支付宝 --ref T2
t "refund 2 paid after 10 minutes" rc_is 0
at "2026-11-20T22:00:00+08:00"
sd --as ag refund request R-D --kind refund --amount 5 --reason damaged
r3=$(last_id)
sd refund approve "$r3" --note "ok" # a second request on the order: no rule approves it
t "refund 3 approved at 22:00" [ "$(sq "SELECT status FROM refunds WHERE id = $r3")" = approved ]
at "2026-11-21T08:00:00+08:00"
as rf refund pay "$r3" --method 支付宝 --ref T3
t "refund 3 paid the next morning" rc_is 0

# ratings: English headers, then a Taobao file in GBK with 差评 and ="..." numbers
at "2026-11-22T09:00:00+08:00"
sd import reviews "$FIXTURES/review_ratings.csv"
t "import reviews: exit 0" rc_is 0
t "  counts what it imported" out_has "imported 3 ratings, updated 0, unchanged 0; 0 of orders not in the shop"
printf '订单编号,评价结果,评价内容,评价时间\n="R-G",差评,袜子有洞,2026-11-19 21:00\n' |
    iconv -f UTF-8 -t GBK >"$T/taobao.csv"
sd import reviews "$T/taobao.csv"
t "a GBK Taobao ratings file with 差评" [ "$(sq "SELECT platform || ',' || rating || ',' || comment FROM ratings WHERE number = 'R-G'")" = "generic,1,袜子有洞" ]
sd import reviews "$FIXTURES/review_ratings.csv"
t "importing again changes nothing" out_has "imported 0 ratings, updated 0, unchanged 3"
printf 'Order,Rating,Comment,Time\nR-B,4,ok,2026-11-21 10:00\nR-E,7,?,2026-11-21 11:00\n' >"$T/bad.csv"
sd import reviews "$T/bad.csv"
t "a rating of 7: exit 2" rc_is 2
t "  FILE:LINE and the reason" err_has "bad.csv:3: '7' is not a rating from 1 to 5"
t "  nothing imported from the file" [ "$(sq "SELECT count(*) FROM ratings WHERE number = 'R-B'")" = 0 ]
printf 'Order,Comment\nR-B,ok\n' >"$T/nohead.csv"
sd import reviews "$T/nohead.csv"
t "a file without a rating column: exit 2 naming it" sh -c "[ $rc = 2 ] && grep -q 'no rating column' '$T/err'"

# a mystery report on own staff and an action item past due
sq "INSERT INTO mystery_reports (id, shopper, scorecard, scorecard_version, target_kind, target, channel, visited_at, status, score, created_at, submitted_at, updated_at) VALUES (1, 'sh', 'chat-service', 1, 'staff', 'ag', 'chat', 1795140000, 'submitted', 8000, 1795140000, 1795154400, 1795154400);
INSERT INTO mystery_scores VALUES (1, 'greeting', 'Opening', 'yes', 100, 100, ''), (1, 'first_response', 'Speed', '3', 50, 100, ''), (1, 'tone', 'Opening', '2', 2, 3, ''), (1, 'upsell', 'Sales', 'na', NULL, NULL, '');
INSERT INTO mystery_actions (report_id, text, owner, due, status, updated_at) VALUES (1, 'Answer within a minute', 'ag', '2026-11-19', 'open', 1795154400), (1, 'Later item', 'ag', '2026-11-30', 'open', 1795154400);"

sd review --date 2026-11-20 --format json
t "review --format json: exit 0" rc_is 0
t "date" [ "$(json 'd["date"]')" = 2026-11-20 ]
t "orders.count: 23:59 counts, 00:01 does not" [ "$(json 'd["orders"]["count"]')" = 3 ]
t "orders.revenue in minor units" [ "$(json 'd["orders"]["revenue"]')" = 38000 ]
t "shipping: bands 1, 1, 0, 0" [ "$(json 'd["shipping"]["bands"]')" = "[1, 1, 0, 0]" ]
t "shipping.median_minutes (20 and 120 min)" [ "$(json 'd["shipping"]["median_minutes"]')" = 70.0 ]
t "shipping p90" [ "$(json 'd["shipping"]["p90_minutes"]')" = 120.0 ]
t "refunds requested and approved" [ "$(json 'd["refunds"]["requested"], d["refunds"]["approved"]')" = "3 3" ]
t "refunds.paid: two that day" [ "$(json 'd["refunds"]["paid"]')" = 2 ]
t "refunds.amount" [ "$(json 'd["refunds"]["amount"]')" = 3000 ]
t "refunds.within_sla_percent: one of two" [ "$(json 'd["refunds"]["within_sla_percent"]')" = 50.0 ]
t "median ready to paid (3 and 10 min)" [ "$(json 'd["refunds"]["median_minutes_ready_to_paid"]')" = 6.5 ]
t "exceptions: the refund unpaid at midnight is overdue, though paid since" [ "$(json 'd["exceptions"]["refunds_overdue"]')" = 1 ]
t "exceptions: unshipped after 24 h and 48 h" [ "$(json 'd["exceptions"]["unshipped_first"], d["exceptions"]["unshipped_second"]')" = "2 1" ]
t "exceptions: the low rating without a reply" [ "$(json 'd["exceptions"]["low_ratings_open"]')" = 2 ]
t "exceptions: the action item past due" [ "$(json 'd["exceptions"]["actions_overdue"]')" = 1 ]
t "ratings.average of 1 and 5" [ "$(json 'd["ratings"]["average"]')" = 3.0 ]
t "ratings distribution" [ "$(json 'd["ratings"]["distribution"]["1"], d["ratings"]["distribution"]["5"]')" = "1 1" ]
t "low-rated comments first" [ "$(json 'd["ratings"]["comments"][0]["comment"]')" = "包裹破损，客服不回" ]
t "mystery.filed and average_score" [ "$(json 'd["mystery"]["filed"], d["mystery"]["average_score"]')" = "1 80.0" ]
t "the weakest criteria, N/A left out" [ "$(json '[c["criterion"] for c in d["mystery"]["weakest_criteria"]]')" = "['first_response', 'tone', 'greeting']" ]
t "  2 of 3 points is 66.67%, rounded half up" [ "$(json 'd["mystery"]["weakest_criteria"][1]["percent"]')" = 66.67 ]
t "service lines: 80, 100, 50; no dispute in 30 days of orders: 100" [ "$(json '[d["service"][k]["score"] for k in ("consultation","logistics","after_sales","disputes")]')" = "[80.0, 100.0, 50.0, 100.0]" ]
t "service.score is their mean" [ "$(json 'd["service"]["score"]')" = 82.5 ]
t "each service line says how it is computed" [ "$(json 'd["service"]["after_sales"]["how"]')" = "refunds paid within the SLA, of all paid that day" ]
t "previous_day: orders of 11-19" [ "$(json 'd["previous_day"]["orders"]["count"], d["previous_day"]["orders"]["revenue"]')" = "2 10000" ]
t "median_7d of orders (0 0 0 0 0 1 2)" [ "$(json 'd["median_7d"]["orders"]["count"]')" = 0 ]
t "trend: 14 days, oldest first, ending on the date" [ "$(json 'len(d["trend"]), d["trend"][0]["date"], d["trend"][-1]["date"]')" = "14 2026-11-07 2026-11-20" ]
t "not signed off: null" [ "$(json 'd["signed_off"]')" = None ]

# the same day again after replies and payments since: the same figures
sd ratings reply R-C "抱歉，已补发"
t "ratings reply: exit 0" rc_is 0
t "  kept with who and when" [ "$(sq "SELECT reply || ',' || (CASE WHEN replied_by IS NOT NULL THEN 1 ELSE 0 END) || ',' || replied_at FROM ratings WHERE number = 'R-C'")" = "抱歉，已补发,1,1795309200" ]
sd review --date 2026-11-20 --format json
t "a past day's review is the same after later replies" [ "$(json 'd["exceptions"]["low_ratings_open"]')" = 2 ]
sd review --date 2026-11-22 --format json
t "  and today's counts the reply" [ "$(json 'd["exceptions"]["low_ratings_open"]')" = 1 ]
sd ratings handle R-G
sd ratings list --low --open --format json
t "ratings list --low --open: none left" [ "$out" = "[]" ]
sd --as ag ratings list --low --format json
t "agents read ratings" [ "$(json 'len(d)')" = 2 ]

# the next day: 00:01 order, late refund 3
sd review --date 2026-11-21 --format json
t "the 00:01 order counts on the 21st" [ "$(json 'd["orders"]["count"]')" = 1 ]
t "the late refund: paid, not within the SLA" [ "$(json 'd["refunds"]["paid"], d["refunds"]["within_sla_percent"]')" = "1 0.0" ]

# an empty day
sd review --date 2026-10-01 --format json
t "an empty day: zero counts" [ "$(json 'd["orders"]["count"], d["refunds"]["paid"], d["ratings"]["count"]')" = "0 0 0" ]
t "  and no medians (null)" [ "$(json 'd["shipping"]["median_minutes"], d["ratings"]["average"], d["service"]["score"]')" = "None None None" ]
sd review --date 2026-10-01
t "an empty day in text: nothing needs action" out_has "Nothing: every refund paid, every order shipped."

# text, Markdown, CSV
sd review --date 2026-11-20
t "text: the title" out_has "Daily review: "
t "text: exceptions come first" [ "$(grep -n 'Needs action' "$T/out" | cut -d: -f1)" -lt "$(grep -n '^Figures' "$T/out" | cut -d: -f1)" ]
t "text: the overdue refund line" sh -c "grep 'Refunds overdue' '$T/out' | grep -q ' 1$'"
t "text: the overdue action item" out_has "Answer within a minute (ag, 2026-11-19)"
t "text: revenue with its change and median" sh -c "grep '^  Revenue' '$T/out' | grep -q '¥380.00 *+¥280.00 *¥0.00'"
t "text: the ship-time bands" sh -c "grep -q '≤ 30m *1  50%' '$T/out'"
sd review --date 2026-11-20 --format markdown
t "markdown: a heading" sh -c "head -1 '$T/out' | grep -q '^# Daily review'"
t "markdown: a figures table" out_has "| Orders | 3 | +1 | 0 |"
sd review --date 2026-11-20 --format csv
echo "$out" | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
k = {r["key"]: r for r in rows}
assert k["orders.count"]["value"] == "3", k["orders.count"]
assert k["orders.revenue"]["value"] == "38000"
assert k["orders.count"]["previous_day"] == "2"
assert k["exceptions.refunds_overdue"]["value"] == "1"
assert k["refunds.within_sla_percent"]["value"] == "50.00"
' 2>"$T/py"
t "csv: one row per figure, read back with a CSV parser" [ $? -eq 0 ]
sd review --date 2026-11-20 --format yaml
t "an unknown format: exit 2" rc_is 2

# sign-off
sd --as ag review --date 2026-11-20
t "an agent may not read the review (1)" rc_is 1
sd --as ag review --sign-off --date 2026-11-20
t "nor sign it off (1)" rc_is 1
sd review --sign-off --date 2026-11-23
t "a day to come cannot be signed off (2)" rc_is 2
sd review --note hi
t "--note without --sign-off is bad usage (2)" rc_is 2
sd review --sign-off --date 2026-11-20 --note "看过了"
t "the owner signs the review off" rc_is 0
sd review --sign-off --date 2026-11-20
t "  once" rc_is 1
t "  saying who did" err_has "was signed off by"
sd review --date 2026-11-20 --format json
t "the sign-off shows in the review" [ "$(json 'd["signed_off"]["note"]')" = "看过了" ]
t "  and is audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'review.signoff' AND entity_id = '2026-11-20'")" = 1 ]
sd review --date 2026-11-31
t "a bad date: exit 2" rc_is 2
at "2026-11-21T09:00:00+08:00"
sd review --format json
t "the default date is yesterday" [ "$(json 'd["date"]')" = 2026-11-20 ]
t "  complete" [ "$(json 'd["complete"]')" = True ]
sd review --date yesterday --format json
t "--date yesterday" [ "$(json 'd["date"]')" = 2026-11-20 ]
sd review --date today --format json
t "--date today" [ "$(json 'd["date"]')" = 2026-11-21 ]
t "  not complete" [ "$(json 'd["complete"]')" = False ]
t "  as of now" [ "$(json 'd["as_of"]')" = "2026-11-21T09:00:00+08:00" ]
sd review --date today
t "  the text says the day is not over" out_has "The day is not over: its figures so far, what needs action as at 2026-11-21 09:00."

done_testing
