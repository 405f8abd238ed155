#!/bin/sh
# Each person's month: the figures computed from the shop's records on hand-made data
# (refunds reviewed, paid within the SLA and late, disputes answered in time, the chat
# figures of their accounts, mystery reports about them released that month, low ratings
# they answered), the owner's score, the person's signature or disagreement, the lock, who
# may see a sheet, and the audit log.
. "${top_srcdir:-.}/tests/lib.sh"
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export SHOPDESK_NOW="2026-11-10T10:00:00+08:00"
new_shop "$T/shop" --timezone Asia/Shanghai
orders_csv "$T/o.csv" P- 6
sd import orders "$T/o.csv"
sd staff add ag --name 小李 --roles agent
sd staff add pay --name 张伟 --roles refunds
sd staff add other --name 王芳 --roles agent
sd staff edit ag --accounts "店:小李"

# November, by hand: ag reviews three requests; pay pays two, one within the 5 minutes and
# one late; ag answers two disputes, one in time; ag answers a 1-star rating; a mystery report
# on ag is released; the chat figures of ag's account on two days of November and one of
# October (not counted).
for o in P-1 P-2 P-3; do as ag refund request $o --kind refund --amount 10 --reason damaged; done
as ag refund approve 1
as ag refund approve 2
as ag refund reject 3 --note "不符合"
export SHOPDESK_NOW="2026-11-10T10:03:00+08:00"
as pay refund pay 1 --method 支付宝
export SHOPDESK_NOW="2026-11-10T10:30:00+08:00"
as pay refund pay 2 --method 支付宝
sd dispute add P-4 --kind rights --claim "未收到" --opened "2026-11-10 09:00"
sd dispute add P-5 --kind complaint --claim "慢" --opened "2026-11-08 09:00"
as ag dispute answer 1 --note "已签收"
as ag dispute answer 2 --note "抱歉"
printf 'Order,Rating,Comment,Time\nP-6,1,差,2026-11-09 10:00\n' >"$T/r.csv"
sd import reviews "$T/r.csv"
as ag ratings reply P-6 "抱歉，已补发"
printf '日期,旺旺,咨询人数,询单人数,询单->最终付款人数,平均首次响应时间(秒)\n2026-10-31,店:小李,100,50,50,5\n2026-11-01,店:小李,100,40,20,10\n2026-11-30,店:小李,300,60,40,20\n' >"$T/chat.csv"
sd import chat-stats "$T/chat.csv"
sq "INSERT INTO mystery_reports (shopper, scorecard, scorecard_version, target_kind, target, channel, visited_at, status, score, created_at, submitted_at, updated_at, released_at) VALUES ('$ME', 'chat-service', 1, 'staff', 'ag', 'chat', 1794000000, 'released', 8200, 1794000000, 1794000000, 1794000000, $(date -d 2026-11-12T12:00:00+08:00 +%s))"

export SHOPDESK_NOW="2026-12-02T10:00:00+08:00"
sd performance show ag --format json
t "show: last month by default" [ "$(json 'd["month"]')" = 2026-11 ]
t "  refunds reviewed" [ "$(json 'd["figures"]["refunds_reviewed"]')" = 3 ]
t "  disputes answered, in time" [ "$(json 'd["figures"]["disputes_answered"], d["figures"]["disputes_in_time"]')" = "2 1" ]
t "  November's chats of the account, not October's" [ "$(json 'd["figures"]["chat_consultations"], d["figures"]["chat_orders"]')" = "400 60" ]
t "  first response weighted by chats: (10 x 100 + 20 x 300) / 400" [ "$(json 'd["figures"]["chat_first_response_ms"]')" = 17500 ]
t "  the mystery report released about them" [ "$(json 'd["figures"]["mystery_reports"], d["figures"]["mystery_average"]')" = "1 8200" ]
t "  the low rating answered" [ "$(json 'd["figures"]["low_ratings_answered"]')" = 1 ]
t "  not scored yet" [ "$(json 'd["state"], d["score"]')" = "not_scored None" ]
sd performance show pay --month 2026-11 --format json
t "the refunds person: paid two, one within the SLA, one late" [ "$(json 'd["figures"]["refunds_paid"], d["figures"]["paid_in_sla"], d["figures"]["paid_late"]')" = "2 1 1" ]

as ag performance show pay --month 2026-11
t "a sheet is not a colleague's to read (1)" rc_is 1
t "  said so" err_has "is not yours to read"
as ag performance show ag --month 2026-11
t "the person reads their own (0)" rc_is 0
t "  in words" out_has "Chats:                       400, inquiries 100, orders 60 (60.00%), first response 17.5 s"
as ag performance sign --month 2026-11
t "nothing to sign before the owner scores (1)" rc_is 1
as ag performance score ag --month 2026-11 --score 100 --comment "me"
t "only the owner scores (1)" rc_is 1
sd performance score ag --month 2026-13 --score 80 --comment x
t "a month that is none: bad input (2)" rc_is 2
sd performance score ag --month 2027-01 --score 80 --comment x
t "a month not begun: bad input (2)" rc_is 2
sd performance score ag --month 2026-11 --score 101 --comment x
t "a score over 100: bad usage (2)" rc_is 2
sd performance score ag --month 2026-11 --score 78 --comment "响应要更快"
t "the owner scores (0)" out_has "ag, 2026-11: scored 78."
as ag performance sign --month 2026-11 --disagree "双十一咨询量翻倍"
t "the person disagrees, with a note (0)" rc_is 0
sd review --date today --format json
t "the owner's review: a disagreement needs action" [ "$(json 'd["exceptions"]["sheets_disagreed"]')" = 1 ]
sd performance list --month 2026-11 --format json
t "the owner's list: the disagreement shows" [ "$(json '[(x["login"], x["score"], x["state"]) for x in d if x["login"] in ("ag", "pay")]')" = "[('ag', '78', 'disagreed'), ('pay', '', 'not_scored')]" ]
as other performance list --month 2026-11
t "  the list is the owner's (1)" rc_is 1
sd performance score ag --month 2026-11 --score 84 --comment "考虑到双十一，调整"
t "the owner scores again" rc_is 0
sd review --date today --format json
t "  answered: no longer needs action" [ "$(json 'd["exceptions"]["sheets_disagreed"]')" = 0 ]
as ag performance show ag --month 2026-11 --format json
t "  the disagreement answered: cleared, to sign again" [ "$(json 'd["state"], d["score"], d["disagreement"]')" = "scored 84 None" ]
as ag performance sign --month 2026-11
t "the person signs (0)" out_has "2026-11: signed. The sheet is locked."
sd performance score ag --month 2026-11 --score 90 --comment x
t "a signed sheet cannot be scored again (1)" rc_is 1
t "  saying when it was signed" err_has "ag signed the sheet of 2026-11 at 2026-12-02 10:00: it is locked"
as ag performance sign --month 2026-11 --disagree "later"
t "  nor disagreed with (1)" rc_is 1
sq "UPDATE performance_sheets SET score = 100 WHERE login = 'ag'" 2>"$T/sqerr"
t "the database itself keeps a signed sheet" grep -q "a signed performance sheet is never changed" "$T/sqerr"
# figures as they stood when signed: a late import changes nothing on the sheet
printf '日期,旺旺,咨询人数,询单人数,询单->最终付款人数\n2026-11-15,店:小李,1000,500,0\n' >"$T/late.csv"
sd import chat-stats "$T/late.csv"
as ag performance show ag --month 2026-11 --format json
t "a signed sheet keeps its figures" [ "$(json 'd["figures"]["chat_consultations"], d["signed"]')" = "400 True" ]
sd performance show ag --month 2026-11
t "  and says it is locked" out_has "locked, with the figures as they stood"
t "every step is audited" [ "$(sq "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE entity = 'performance' ORDER BY id) x")" = "performance.score performance.disagree performance.score performance.sign" ]
t "  (who reviewed them)" [ "$(sq "SELECT group_concat(x, ' ') FROM (SELECT coalesce(reviewed_by, '-') || ':' || status AS x FROM refunds ORDER BY id) y")" = "ag:paid ag:paid ag:rejected" ]
done_testing
