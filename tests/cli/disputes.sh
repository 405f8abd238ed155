#!/bin/sh
# Platform disputes (维权, 投诉): recorded with the platform's deadline (shop.yaml's hours per
# kind, counted in the shop's time zone across midnight), answered with evidence, decided;
# a decided dispute never changes, by shopdesk or by the database; who may; the platform's
# export (GBK, Chinese headers; a mapping for another's); the review's figures and the
# disputes line of the service score, on hand-counted data.
. "${top_srcdir:-.}/tests/lib.sh"
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export SHOPDESK_NOW="2026-11-20T23:30:00+08:00"
new_shop "$T/shop"
orders_csv "$T/o.csv" D- 6
sd import orders "$T/o.csv"
sd staff add ag --name Agent --roles agent
sd staff add pay --name Pay --roles refunds
sd staff add wh --name Warehouse --roles warehouse
sd staff add sh --name Shopper --roles shopper

# --- recording ---
as ag dispute add D-1 --kind rights --claim "未收到货"
t "an agent records a dispute (0)" rc_is 0
t "  48 h for rights, from 23:30: 23:30 two days on, shop time" out_has "Dispute #1 on order D-1: answer by 2026-11-22 23:30."
t "  stored as UTC seconds" [ "$(sq "SELECT due_at - opened_at, opened_at FROM disputes WHERE id = 1")" = "172800|$(date -d 2026-11-20T23:30:00+08:00 +%s)" ]
as pay dispute add D-2 --kind complaint --claim "客服态度差" --opened "2026-11-20 08:00"
t "the refunds team records one; --opened is shop time, 24 h for a complaint" out_has "answer by 2026-11-21 08:00."
as ag dispute add D-1 --kind rights --claim "again" --opened "2026-11-20 23:30"
t "the same order, kind and time twice: refused (1)" rc_is 1
t "  naming the one there" err_has "that dispute is #1 already"
before=$(db_dump disputes)
as ag dispute add D-3 --kind chargeback --claim x
t "a kind the shop does not have: bad input (2)" rc_is 2
t "  names the shop's kinds" err_has "rights, complaint"
as ag dispute add D-3 --kind rights --claim x --opened "2026-11-25 10:00"
t "opened in the future: refused (2)" rc_is 2
as ag dispute add D-3 --kind rights --claim x --evidence "$T/none.png"
t "an evidence file that is not there: bad input (2)" rc_is 2
t "  named" err_has "none.png"
as ag dispute add D-3 --kind rights --claim x --refund 99
t "a refund not of the order: refused" [ "$rc" -ne 0 ]
t "  nothing was written by any of them" [ "$(db_dump disputes)" = "$before" ]
as wh dispute add D-3 --kind rights --claim x
t "the warehouse may not (1)" rc_is 1
as sh dispute list
t "nor a mystery shopper see them (1)" rc_is 1

# --- answering ---
printf 'chat log\n' >"$T/chat.txt"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
as ag dispute answer 1 --note "物流显示已签收，附签收底单" --evidence "$T/chat.txt"
t "answered with evidence (0)" rc_is 0
t "  in time" out_has "Dispute #1 answered in time."
t "  the evidence kept by path and SHA-256" [ "$(sq "SELECT sha256 FROM dispute_evidence WHERE dispute_id = 1")" = "$(sha256sum "$T/chat.txt" | cut -d' ' -f1)" ]
as ag dispute answer 1 --note "again"
t "answered once only (1)" rc_is 1
t "  saying when and by whom" err_has "was answered at 2026-11-21 09:00 by ag"
as pay dispute answer 2 --note "已道歉"
t "an answer after the deadline is taken (0)" rc_is 0
t "  and said to be late" out_has "after its deadline"
sd dispute show 1
t "show: the deadline, the answer and the evidence" out_has "answer by: 2026-11-22 23:30 (answered)"
t "  the answer" out_has "物流显示已签收，附签收底单"
t "  the evidence with its hash" out_has "chat.txt  sha256"

# --- deciding ---
as ag dispute close 2 --outcome lost --responsible 商家
t "decided: lost (0)" rc_is 0
as ag dispute close 2 --outcome won
t "a decided dispute cannot be decided again (1)" rc_is 1
as ag dispute answer 2 --note x
t "  nor answered" rc_is 1
sd dispute close 1 --outcome maybe
t "an outcome that is none: bad usage (2)" rc_is 2
sq "UPDATE disputes SET outcome = 'won' WHERE id = 2" 2>"$T/sqerr"
t "the database itself keeps a decided dispute" grep -q "a decided dispute is never changed" "$T/sqerr"
sq "DELETE FROM disputes WHERE id = 1" 2>"$T/sqerr"
t "  and removes none" grep -q "disputes are never removed" "$T/sqerr"
t "each step is in the audit log" [ "$(sq "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE entity = 'dispute' ORDER BY id) x")" = "dispute.add dispute.add dispute.answer dispute.answer dispute.close" ]

# --- listing ---
as ag dispute add D-4 --kind complaint --claim "发货慢" --opened "2026-11-21 08:30"
as ag dispute add D-5 --kind rights --claim "破损" --opened "2026-11-20 10:00"
sd dispute list --open --format json
t "list --open: undecided ones, the nearest deadline first, answered last" [ "$(json '[x["order"] for x in d]')" = "['D-4', 'D-5', 'D-1']" ]
t "  the time left, in the shop's words" [ "$(json 'd[0]["state"]')" = "23h 30m left" ]
t "  deadlines in the shop's zone" [ "$(json 'd[0]["due_at"]')" = "2026-11-22T08:30:00+08:00" ]
sd dispute list --format csv
t "list --format csv: a header and four rows" [ "$(wc -l <"$T/out")" -eq 5 ]
sd dispute list --order D-2 --format json
t "list --order: that order's" [ "$(json '[(x["id"], x["outcome"], x["responsible"]) for x in d]')" = "[(2, 'lost', '商家')]" ]

# --- the review: 2026-11-21 as it ended, counted by hand ---
# opened that day: #4 (08:30); answered that day: #1 (in time), #2 (late); lost: #2.
# 30 days: 4 disputes over 6 orders paid. The line: #1 answered in time (good), #2 lost and
# late (bad); #3 (D-4) and #4 (D-5) not yet due at the end of the day: 1 of 2.
export SHOPDESK_NOW="2026-11-23T12:00:00+08:00"
sd review --date 2026-11-21 --format json
t "review: disputes opened that day" [ "$(json 'd["disputes"]["opened"]')" = 1 ]
t "  answered in time: 1 of 2" [ "$(json 'd["disputes"]["answered_in_time_percent"]')" = 50.0 ]
t "  lost" [ "$(json 'd["disputes"]["lost"]')" = 1 ]
t "  the rate over 30 days: 4 of 6 orders" [ "$(json 'd["disputes"]["rate_30_days_percent"]')" = 66.67 ]
t "  the disputes line: 1 of 2" [ "$(json 'd["service"]["disputes"]["score"]')" = 50.0 ]
t "  saying what it comes from" [ "$(json 'd["service"]["disputes"]["how"]')" = "disputes of 30 days answered in time and not lost, of those due or done" ]
sd review --date 2026-11-23 --format json
t "today: the unanswered past their deadline need action (D-4, D-5)" [ "$(json 'd["exceptions"]["disputes_overdue"]')" = 2 ]
sd review --date 2026-11-23
t "  in the text review" out_has "Disputes unanswered past their deadline"
sd review --date 2026-11-23 --format markdown
t "  and the Markdown one" out_has "Disputes opened"

# --- the 30-day rate on each of the review's days: counted for one window, then moved ---
# An order paid 2026-12-10. The 30 days to the end of 2026-12-10 hold the 4 disputes and 7
# orders paid; to the end of 2026-12-20, D-4 (2026-11-21) and the order of December; to the
# end of 2026-12-21, that order alone.
export SHOPDESK_NOW="2026-12-22T12:00:00+08:00"
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\nL-1,2026-12-10 10:00,2026-12-10 10:01,Paid,buyer-L1,100.00,Tee 1,1,100.00\n' >"$T/late.csv"
sd import orders "$T/late.csv"
rate() { python3 -c 'import csv,sys; print(*[",".join(r[3:5]) for r in csv.reader(open(sys.argv[1])) if r[1] == "disputes.rate_30_days_percent"])' "$T/out"; }
sd review --date 2026-12-21 --format csv
t "review of 2026-12-21: no dispute over 1 order; the day before, 1 over 1" [ "$(rate)" = "0.00,100.00" ]
sd review --date 2026-12-20 --format json
t "  the day before as its own review has it" [ "$(json 'd["disputes"]["rate_30_days_percent"]')" = 100.0 ]
sd review --date 2026-12-10 --format csv
t "  on 2026-12-10, 4 over 7; the day before, without the order, 4 over 6" [ "$(rate)" = "57.14,66.67" ]
sd review --date 2026-12-19 --format csv
t "  on 2026-12-19 still 4 over 7, the day before too" [ "$(rate)" = "57.14,57.14" ]
export SHOPDESK_NOW="2026-11-23T12:00:00+08:00"

# --- the platform's export ---
sd import disputes "$FIXTURES/disputes/taobao-disputes-gbk.csv"
t "Taobao's export, GBK with Chinese headers (0)" rc_is 0
t "  its 退款编号 (the platform's refund number) is not taken for shopdesk's" [ "$(sq "SELECT count(*) FROM disputes WHERE refund_id IS NOT NULL")" = 0 ]
t "  three on the shop's orders" out_has "imported 3 disputes, updated 0, unchanged 0"
t "  the fourth's order is not in the shop: said, with its line" out_has "1 dispute is on an order the shop does not have (line 5)"
t "  售后维权 is rights, 投诉 a complaint" [ "$(sq "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM disputes WHERE ref <> '' ORDER BY ref) x")" = "rights complaint rights" ]
t "  the file's deadline kept; else the kind's hours" [ "$(sq "SELECT (due_at - opened_at) / 3600 FROM disputes WHERE ref IN ('WQ2026111901', 'WQ2026111903') ORDER BY ref" | tr '\n' ' ')" = "48 24 " ]
t "  胜诉 is won, 败诉 lost with who was held responsible" [ "$(sq "SELECT outcome || ',' || responsible FROM disputes WHERE ref IN ('WQ2026111901', 'WQ2026111903') ORDER BY ref" | tr '\n' ' ')" = "won, lost,商家 " ]
sd import disputes "$FIXTURES/disputes/taobao-disputes-gbk.csv"
t "importing it again adds nothing" out_has "imported 0 disputes, updated 0, unchanged 3"
iconv -f GBK -t UTF-8 "$FIXTURES/disputes/taobao-disputes-gbk.csv" | sed 's/^WQ2026111902,D-2,投诉,2026-11-20 08:00:00,,客服态度差,,,处理中,,,\(.*\)$/WQ2026111902,D-2,投诉,2026-11-20 08:00:00,,客服态度差,已致歉,2026-11-20 20:00:00,撤销,2026-11-22 09:00:00,,\1/' >"$T/later.csv"
sd import disputes "$T/later.csv"
t "a later export brings one up to date (answered, withdrawn)" out_has "imported 0 disputes, updated 1, unchanged 2"
t "  with the platform's times" [ "$(sq "SELECT outcome || ',' || CASE WHEN answered_at <= due_at THEN 'in time' ELSE 'late' END FROM disputes WHERE ref = 'WQ2026111902'")" = "withdrawn,in time" ]
before=$(db_dump disputes)
printf '维权编号,订单编号,维权类型,发起时间\nX1,D-1,售后维权,2026-11-20 10:00\nX2,D-2,退货运费,2026-11-20 10:00\n' >"$T/bad.csv"
sd import disputes "$T/bad.csv"
t "a kind the shop cannot tell: bad input (2)" rc_is 2
t "  naming the file and line" err_has "bad.csv:3:"
t "  and the mapping that could say" err_has "values: kind:"
t "  nothing of the file kept" [ "$(db_dump disputes)" = "$before" ]
printf '编号,订单编号\nX1,D-1\n' >"$T/nokind.csv"
sd import disputes "$T/nokind.csv"
t "a file without a kind column: bad input (2)" rc_is 2
t "  said at its header" err_has "nokind.csv:1: no kind column"
sd import disputes "$FIXTURES/disputes/custom-disputes.csv" --mapping "$FIXTURES/disputes/custom-disputes.yaml"
t "another platform's export through a mapping (0)" rc_is 0
t "  both imported" out_has "imported 2 disputes"
t "  its words for kinds and outcomes" [ "$(sq "SELECT kind || ',' || outcome FROM disputes WHERE ref IN ('C-77', 'C-78') ORDER BY ref" | tr '\n' ' ')" = "rights,open complaint,withdrawn " ]
printf 'columns:\n  order: Order\n  colour: Colour\n' >"$T/bad.yaml"
sd import disputes "$FIXTURES/disputes/custom-disputes.csv" --mapping "$T/bad.yaml"
t "a mapping with a field that is none: bad input (2)" rc_is 2
t "  naming its line" err_has "bad.yaml:3:"
sd import disputes "$FIXTURES/disputes/custom-disputes.csv" --dry-run --mapping "$FIXTURES/disputes/custom-disputes.yaml"
t "--dry-run writes nothing" out_has "dry run: would import 0 disputes, update 0, leave 2 unchanged"
as wh import disputes "$FIXTURES/disputes/custom-disputes.csv"
t "the warehouse may not import them (1)" rc_is 1

# --- shop.yaml ---
sed -i 's/^    complaint: 24$/    complaint: 0/' "$T/shop/shop.yaml"
line=$(grep -n '^    complaint:' "$T/shop/shop.yaml" | cut -d: -f1)
sd check
t "a deadline of 0 hours is refused, naming its line" out_has "shop.yaml:$line:"
sed -i 's/^    complaint: 0$/    complaint: 12\n    chargeback: 72/' "$T/shop/shop.yaml"
export SHOPDESK_NOW="2026-11-24T10:00:00+08:00"
sd dispute add D-6 --kind chargeback --claim "拒付"
t "a kind the shop adds, with its hours" out_has "answer by 2026-11-27 10:00."
done_testing
