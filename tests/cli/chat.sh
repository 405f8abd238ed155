#!/bin/sh
# Chat service statistics: the platform's per-agent figures (千牛 客服绩效, GBK, Chinese
# headers; a helpdesk's report through a mapping), matched to staff by their accounts; the
# consultation line computed from response times and conversion against shop.yaml's targets,
# the mystery average beside it; each agent's day against their 7-day median; on hand-counted
# figures.
. "${top_srcdir:-.}/tests/lib.sh"
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
new_shop "$T/shop"
orders_csv "$T/o.csv" C- 3
sd import orders "$T/o.csv"
sd staff add xiaoli --name 小李 --roles agent
sd staff add xiaowang --name 小王 --roles agent

sd import chat-stats "$FIXTURES/chat/qianniu-kefu-gbk.csv"
t "Qianniu's export, GBK with Chinese headers (0)" rc_is 0
t "  seven agent-days" out_has "imported 7 agent-days, updated 0, unchanged 0"
t "  the accounts no staff member has are named" out_has "3 accounts are no staff member's (巧厨旗舰店:小李, 巧厨旗舰店:小王, 巧厨旗舰店:夜班)"
t "  kept in ms and hundredths of a percent" [ "$(sq "SELECT first_response_ms || ',' || avg_response_ms || ',' || satisfaction FROM chat_stats WHERE day = '2026-11-20' AND account = '巧厨旗舰店:小李'")" = "12500,30200,9850" ]
t "  a satisfaction not given is kept as not given" [ "$(sq "SELECT count(*) FROM chat_stats WHERE satisfaction IS NULL")" = 1 ]
sd staff edit xiaoli --accounts "巧厨旗舰店:小李"
t "an owner names an agent's account (0)" rc_is 0
sd staff edit xiaowang --accounts "巧厨旗舰店:小王, 巧厨旗舰店:小王2"
sd staff edit xiaowang --accounts "巧厨旗舰店:小李"
t "an account that is another's: refused (1)" rc_is 1
t "  saying whose" err_has "the account 巧厨旗舰店:小李 is xiaoli's"
sd staff list --format json
t "staff list shows the accounts" [ "$(json '[x["accounts"] for x in d if x["login"] == "xiaowang"][0]')" = "巧厨旗舰店:小王,巧厨旗舰店:小王2" ]
sd import chat-stats "$FIXTURES/chat/qianniu-kefu-gbk.csv"
t "importing again changes nothing" out_has "imported 0 agent-days, updated 0, unchanged 7"
t "  the unclaimed account still said" out_has "1 account is no staff member's (巧厨旗舰店:夜班)"
as xiaoli import chat-stats "$FIXTURES/chat/qianniu-kefu-gbk.csv"
t "an agent may not import their own figures (1)" rc_is 1

# 2026-11-20 by hand: 210 chats; 32 orders of 60 inquiries: 53.33%; first response weighted
# by chats (12.5 x 120 + 31 x 80 + 5 x 10) / 210 = 19.19 s. The line: response 15 / 19.19 =
# 78.17, conversion 53.33 against 50: 100; their mean 89.09.
sd review --date 2026-11-20 --format json
t "review: chat consultations" [ "$(json 'd["chat"]["consultations"]')" = 210 ]
t "  inquiry conversion" [ "$(json 'd["chat"]["inquiry_conversion_percent"]')" = 53.33 ]
t "  first response, weighted by chats" [ "$(json 'd["chat"]["first_response_seconds"]')" = 19.2 ]
t "  the consultation line from them" [ "$(json 'd["service"]["consultation"]["score"]')" = 89.09 ]
t "  saying so, the mystery average beside it" [ "$(json 'd["service"]["consultation"]["how"]')" = "chat statistics: response vs 15 s, conversion vs 50%; mystery -" ]
t "  each agent of the day" [ "$(json '[(a["account"], a["login"]) for a in d["chat"]["agents"]]')" = "[('巧厨旗舰店:夜班', None), ('巧厨旗舰店:小李', 'xiaoli'), ('巧厨旗舰店:小王', 'xiaowang')]" ]
t "  小李 against his 7 days: conversion 60% vs median 50%" [ "$(json '[(a["inquiry_conversion_percent"], a["inquiry_conversion_percent_median_7d"]) for a in d["chat"]["agents"] if a["login"] == "xiaoli"][0]')" = "(60.0, 50.0)" ]
t "  first response 12.5 s vs median 14.0 s" [ "$(json '[(a["first_response_seconds"], a["first_response_seconds_median_7d"]) for a in d["chat"]["agents"] if a["login"] == "xiaoli"][0]')" = "(12.5, 14.0)" ]
t "  an agent with one day before: that day is the median" [ "$(json '[a["inquiry_conversion_percent_median_7d"] for a in d["chat"]["agents"] if a["login"] == "xiaowang"][0]')" = 50.0 ]
sd review --date 2026-11-20
t "the text review lists the agents" out_has "xiaoli (巧厨旗舰店:小李): 120 chats, satisfied 98.50%"
t "  each against their own week" out_has "      conversion 60.00% (7-day median 50.00%), first response 12.5 s (median 14.0 s)"
t "  and the chat figures" out_has "Inquiry conversion"
sd review --date 2026-11-20 --format csv
t "the CSV review has each agent's row" out_has "chat.agents.巧厨旗舰店:小王.first_response_seconds,First response of 巧厨旗舰店:小王,31.0,,20.0"
sd review --date 2026-11-16 --format json
t "a day without chat figures: the line from mystery reports, saying so" [ "$(json 'd["service"]["consultation"]["how"]')" = "average score of mystery reports on own staff, last 30 days" ]

# the shop's own targets
sed -i 's/^  conversion_percent: 50 /  conversion_percent: 60 /' "$T/shop/shop.yaml"
sd review --date 2026-11-20 --format json
t "a 60% conversion target: 53.33 against 60 is 88.88; the line 83.53" [ "$(json 'd["service"]["consultation"]["score"]')" = 83.53 ]
sed -i 's/^  conversion_percent: 60 /  conversion_percent: 0 /' "$T/shop/shop.yaml"
line=$(grep -n '^  conversion_percent:' "$T/shop/shop.yaml" | cut -d: -f1)
sd check
t "a target of 0% is refused, naming its line" out_has "shop.yaml:$line:"
sed -i 's/^  conversion_percent: 0 /  conversion_percent: 50 /' "$T/shop/shop.yaml"

# a helpdesk's report without a date column, through a mapping
sd import chat-stats "$FIXTURES/chat/agents-en.csv" --mapping "$FIXTURES/chat/agents-en.yaml"
t "a file without dates needs --date (2)" rc_is 2
t "  said at its header" err_has "agents-en.csv:1: no date column in the header: say the day with --date"
sd import chat-stats "$FIXTURES/chat/agents-en.csv" --mapping "$FIXTURES/chat/agents-en.yaml" --date 2026-11-21
t "with --date (0)" out_has "imported 2 agent-days"
t "  H:MM:SS and M:SS are seconds" [ "$(sq "SELECT group_concat(first_response_ms, ' ') FROM (SELECT first_response_ms FROM chat_stats WHERE day = '2026-11-21' ORDER BY account) x")" = "9000 65000" ]

before=$(db_dump chat_stats)
printf '日期,旺旺,咨询人数,询单人数,询单->最终付款人数\n2026-11-22,a,10,5,2\n2026-11-22,b,十,5,2\n' >"$T/bad.csv"
sd import chat-stats "$T/bad.csv"
t "a count that is none: bad input (2)" rc_is 2
t "  naming the file and line" err_has "bad.csv:3: consultations: '十' is not a count"
printf '日期,旺旺,咨询人数,询单人数,询单->最终付款人数\n2026-11-22,a,10,5,7\n' >"$T/bad2.csv"
sd import chat-stats "$T/bad2.csv"
t "more orders than inquiries: bad input (2)" err_has "bad2.csv:2: more orders from inquiries (7) than inquiries (5)"
t "  nothing of either file kept" [ "$(db_dump chat_stats)" = "$before" ]
done_testing
