#!/bin/sh
# The mystery report form in tmux: a shopper picks a scorecard, the form follows it (what
# each criterion takes shown under the form), a wrong answer sends them back to it, the
# report is filed and scored; a half-typed form survives a dropped connection and is offered
# again on the next start; the owner opens, reviews, releases and locks it; the agent it is
# about then sees it without the shopper, and cannot file reports.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
new_shop "$T/shop"
"$SHOPDESK" staff add li.na --name 李娜 --roles agent >/dev/null 2>&1
"$SHOPDESK" staff add sun.li --name 孙丽 --roles shopper >/dev/null 2>&1

tui_start 100x30 -- --as sun.li
tui_wait "Orders" >/dev/null
tui_keys 5
t "5 opens the mystery reports" tui_wait "No mystery-shopper reports."
tui_keys N
t "N asks which scorecard" tui_wait "Scorecard:  1 chat-service  2 competitor-chat  3 courier-last-mile"
tui_keys 1
t "  the form follows the card" tui_wait "A mystery-shopper report: Chat service (own staff) (version 1)"
tui_snap
t "  a field per criterion" sh -c "grep -q 'First response time' '$T/out' && grep -q 'Closes politely and' '$T/out'"
t "  the visit time filled in" screen_has "2026-11-21 09:00"
t "  the target's help" screen_has "the staff member's login"
tui_text "li.na"
tui_keys Tab Tab Tab
tui_text "上班族"
tui_keys Tab
tui_text "asks about sizes"
tui_keys Tab
t "the criterion's scale under the form" tui_wait "Response · First response time: seconds (full points at 30 or less, none from 300)"
tui_text "95; reply at 14:06:45"
tui_keys Tab
t "  yes or no for a yes/no criterion" tui_wait "Response · Greets and uses the buyer's name: yes or no"
tui_text "maybe"
tui_keys Tab
t "  a critical one says so first" tui_wait "critical · Product knowledge · Answers the question correctly: 1 (poor) to 5"
tui_text "4"
tui_keys Tab
tui_text "5"
tui_keys Tab
tui_text "na"
tui_keys Tab
tui_text "yes"
tui_keys Tab
tui_text "3"
tui_keys Tab Tab
echo "14:05:10 buyer: hello" >"$T/chat.txt"
tui_text "$T/missing.png"
tui_keys F2
t "a wrong answer: the message in words, back at the field" tui_wait "Greets and uses the buyer's name takes yes or no, not 'maybe'"
tui_keys C-u
tui_text "yes"
tui_keys F2
t "evidence that is not there: named, nothing filed" tui_wait "evidence $T/missing.png: No such file or directory"
tui_keys Tab Tab Tab Tab Tab Tab Tab C-u
tui_text "$T/chat.txt"
tui_keys F2
t "filed and scored as the example is" tui_wait "report #1 filed as submitted, score 83.90%"
t "  in the file" [ "$(sq "SELECT shopper || ' ' || target || ' ' || status || ' ' || score FROM mystery_reports WHERE id = 1")" = "sun.li li.na submitted 8390" ]
t "  the list shows it" tui_wait "chat-service"
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'mystery.add' AND as_login = 'sun.li'")" = 1 ]
t "  the note after the semicolon kept with the answer" [ "$(sq "SELECT answer || '|' || evidence FROM mystery_scores WHERE report_id = 1 AND criterion = 'first_response'")" = "95|reply at 14:06:45" ]
t "  the evidence file with its SHA-256" [ "$(sq "SELECT sha256 FROM mystery_evidence WHERE report_id = 1")" = "$(sha256sum "$T/chat.txt" | cut -d' ' -f1)" ]

# a dropped connection in the middle of a form
tui_keys N 3
tui_wait "Courier last mile" >/dev/null
tui_text "顺丰 朝阳站"
tui_keys Tab Tab Tab Tab Tab
tui_text "yes"
sleep 1.5 # the draft is written at most once a second
tui_stop
t "the dropped form is kept as a draft" [ "$(sq "SELECT count(*) FROM drafts WHERE login = 'sun.li' AND kind = 'mystery.courier-last-mile'")" = 1 ]
t "  nothing was filed" [ "$(sq "SELECT count(*) FROM mystery_reports")" = 1 ]
tui_start 100x30 -- --as sun.li
tui_wait "Orders" >/dev/null
tui_keys 5 N
t "the next start: the card with a draft says so" tui_wait "3 courier-last-mile (draft)"
tui_keys 3
t "  and offers it" tui_wait "You left this form unfinished at"
tui_keys 1
t "  what was typed is back" tui_wait "顺丰 朝阳站"
tui_snap
t "  the answer too" sh -c "grep 'Delivered by the' '$T/out' | grep -q yes"
tui_keys Escape
tui_stop

# the owner: a report opens with Enter; trends and the comparison over the list
tui_start 100x30
tui_wait "Orders" >/dev/null
tui_keys 5
tui_wait "chat-service" >/dev/null
tui_keys Enter
t "Enter opens the report: the shopper and each criterion" tui_wait "Mystery report #1: chat-service (version 1)"
# the title can be on the screen before the criteria under it (a busy machine)
tui_wait "First response time" >/dev/null
tui_snap
t "  the points of a criterion, by its label" sh -c "grep 'First response time' '$T/out' | grep -q '0.76/1'"
t "  no criterion id shown" screen_lacks "first_response"
tui_keys q t
t "t: targets over time" tui_wait "Targets, weakest first"
t "  li.na with one report" sh -c "tmux -L '$SOCK' capture-pane -p -t t | grep -q 'staff *li.na *1 *83.90%'"
tui_keys q c
t "c: own staff beside competitors (none yet)" tui_wait "Nothing to compare yet"
tui_keys q V
t "V marks the report reviewed" tui_wait "report #1 is reviewed"
tui_keys F
t "F asks for the feedback" tui_wait "Feedback the target reads:"
tui_text "回复再快一点"
tui_keys Enter
t "  released" tui_wait "report #1 is released"
tui_keys L
t "L asks before locking" tui_wait "Lock report #1 for good? (y/n)"
tui_keys y
t "  locked" tui_wait "report #1 is locked"
t "  in the file, with the feedback" [ "$(sq "SELECT status || ' ' || feedback FROM mystery_reports WHERE id = 1")" = "locked 回复再快一点" ]
tui_stop

# an agent cannot file; the agent does not see the report about them before release
tui_start 100x30 -- --as li.na
tui_wait "Orders" >/dev/null
tui_keys 5
t "the targeted agent sees the released report" tui_wait "chat-service"
tui_snap
t "  but not who the shopper was" screen_lacks "sun.li"
tui_keys N
t "  and cannot file one" tui_wait "not allowed: filing mystery reports"
tui_keys t
t "  nor read the trends" tui_wait "not allowed: managing mystery reports"
tui_keys a
t "  but reads their open action items" tui_wait "Open action items"
tui_stop
# a report's steps work in its detail too, checked before anything is asked
tui_start 100x30
tui_wait "Orders" >/dev/null
tui_keys 5
tui_wait "chat-service" >/dev/null
tui_keys g Enter
tui_wait "Mystery report #1" >/dev/null
tui_keys L
t "L in a locked report's detail: refused at once, nothing asked" tui_wait "report #1 is locked: it cannot be locked now"
tui_snap
t "  no question" screen_lacks "for good? (y/n)"
tui_stop

# an empty draft cannot be submitted from the list either: the form's checks run there too
cat >"$T/draft.yaml" <<'EOF'
scorecard: chat-service
target_kind: staff
target: li.na
visited_at: 2026-11-21 08:30
status: draft
EOF
"$SHOPDESK" --as sun.li mystery add "$T/draft.yaml" >/dev/null 2>&1
draft=$(sq "SELECT max(id) FROM mystery_reports WHERE status = 'draft'")
tui_start 100x30 -- --as sun.li
tui_wait "Orders" >/dev/null
tui_keys 5
tui_wait "chat-service" >/dev/null
tui_keys g j S
t "S on an empty draft: refused" tui_wait "report #$draft cannot be submitted"
tui_snap
t "  saying what is missing, as the form would" screen_has "none of its criteria is answered"
t "  still a draft" [ "$(sq "SELECT status FROM mystery_reports WHERE id = $draft")" = draft ]
tui_stop

# in Chinese: statuses, target kinds and channels as people read them
tui_start 100x30 LANG=zh_CN.UTF-8 -- --as sun.li
tui_wait "订单" >/dev/null
tui_keys 5
tui_wait "chat-service" >/dev/null
tui_snap
t "zh_CN: the status in Chinese" screen_has "草稿"
t "  the target kind too" screen_has "员工: li.na"
t "  not the keys" screen_lacks "draft"
tui_stop
done_testing
