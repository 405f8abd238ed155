#!/bin/sh
# Mystery-shopper reports from the command line: the shipped example report filed as it is
# (score worked out by hand below), what each role sees (a targeted agent never the report
# before release, never the shopper), the status flow per role, a locked report that the
# database itself keeps unchanged, action items, drafts, a failed critical item, and bad
# reports and templates named by FILE:LINE:COL with nothing written.
. "${top_srcdir:-.}/tests/lib.sh"
export SHOPDESK_NOW="2026-11-21T09:00:00+08:00"
new_shop "$T/shop"
sd staff add li.na --name 李娜 --roles agent
sd staff add sun.li --name 孙丽 --roles shopper
sd staff add qian.yu --name 钱宇 --roles shopper
sd staff add wang.fang --name 王芳 --roles agent
json() { echo "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
reports() { sq "SELECT count(*) FROM mystery_reports"; }

sd mystery scorecards
t "the shop has the three shipped scorecards" sh -c "grep -q 'chat-service  *1  *staff  *7' '$T/out' && grep -q 'competitor-chat  *1  *competitor' '$T/out' && grep -q 'courier-last-mile  *1  *courier' '$T/out'"

# The example as shipped. By hand: Response: first reply 95 s = (300-95)/270 = 0.76, greeting
# 1: 88.00%; Product knowledge: 4 = 0.75, size advice 5 = 1, upsell N/A: 87.50%; After-sales:
# policy 1, closing 3 = 0.5: 75.00%. Weighted 30/40/30: 83.90%.
mkdir -p "$T/report"
cp "$top_srcdir/data/examples/mystery-report.yaml" "$T/report/"
cp -r "$top_srcdir/data/examples/evidence" "$T/report/"
sd --as sun.li mystery add "$T/report/mystery-report.yaml"
t "the example report is accepted as shipped" rc_is 0
t "  its score" out_has "score 83.90%"
t "  its id alone on the last line" [ "$(tail -1 "$T/out")" = 1 ]
t "  the scorecard version kept" [ "$(sq "SELECT scorecard || ' v' || scorecard_version || ' ' || status FROM mystery_reports")" = "chat-service v1 submitted" ]
seq=rowid
on_pg && seq=seq
t "  points per criterion, N/A as NULL" [ "$(sq "SELECT group_concat(x, ',') FROM (SELECT criterion || '=' || coalesce(CAST(points AS TEXT), 'na') AS x FROM mystery_scores WHERE report_id = 1 ORDER BY $seq) AS q")" = "first_response=76,greeting=100,answer_correct=75,size_advice=100,upsell=na,refund_policy=100,closing=50" ]
t "  the evidence file by its SHA-256" [ "$(sq "SELECT sha256 FROM mystery_evidence")" = "$(sha256sum "$T/report/evidence/chat-2026-11-20.txt" | cut -d' ' -f1)" ]
t "  two action items" [ "$(sq "SELECT count(*) FROM mystery_actions WHERE status = 'open'")" = 2 ]
t "  audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'mystery.add'")" = 1 ]

sd mystery list --format json
t "the owner's list in JSON: the keys" [ "$(json 'sorted(d[0].keys())')" = "['critical_failed', 'id', 'score', 'scorecard', 'shopper', 'status', 'target', 'target_kind', 'visited_at']" ]
t "  the values" [ "$(json 'd[0]["id"], d[0]["shopper"], d[0]["target_kind"], d[0]["target"], d[0]["status"], d[0]["score"], d[0]["visited_at"]')" = "1 sun.li staff li.na submitted 83.9 2026-11-20T14:05:00+08:00" ]

# who sees what before release
sd --as li.na mystery list --format json
t "the targeted agent does not see a report before release" [ "$out" = "[]" ]
sd --as li.na mystery show 1
t "  nor by its number" rc_is 1
t "  as if it were not there" err_has "no mystery report #1"
sd --as qian.yu mystery list --format json
t "another shopper does not see it" [ "$out" = "[]" ]
sd --as sun.li mystery show 1
t "its shopper does" out_has "Score            83.90%"

# the steps, per role
sd --as sun.li mystery review 1
t "a shopper cannot review" rc_is 1
t "  the refusal is audited" [ "$(sq "SELECT count(*) FROM audit WHERE action = 'denied:mystery.manage'")" -ge 1 ]
sd mystery release 1 --feedback "x"
t "release before review is refused" sh -c "[ $rc = 1 ] && grep -q 'feedback is released after the review' '$T/err'"
sd mystery review 1
t "the owner reviews" out_has "Report #1 is reviewed."
sd mystery release 1
t "release needs the feedback" rc_is 2
sd mystery release 1 --feedback "首次回复要在 30 秒内；材质要说准"
t "the owner releases the feedback" rc_is 0

sd --as li.na mystery list --format json
t "now the agent sees it" [ "$(json 'd[0]["id"], d[0]["status"], d[0]["score"]')" = "1 released 83.9" ]
t "  but not who the shopper was" [ "$(json 'd[0]["shopper"]')" = None ]
sd --as li.na mystery show 1 --format json
t "  the feedback" [ "$(json 'd[0]["feedback"]')" = "首次回复要在 30 秒内；材质要说准" ]
t "  no findings, no shopper" [ "$(json 'd[0]["findings"], d[0]["shopper"]')" = "None None" ]
t "  their own action items" [ "$(json 'len(d[0]["actions"])')" = 2 ]
sd --as li.na mystery show 1
t "  in text, the shopper is a dash" out_has "Shopper          —"
t "  and sun.li is nowhere" sh -c "! grep -q sun.li '$T/out'"
sd --as wang.fang mystery list --format json
t "another agent still sees nothing" [ "$out" = "[]" ]

# action items
sd --as li.na mystery action 1 done
t "the owner of an action item closes it" out_has "Action item #1 is done."
sd --as wang.fang mystery action 2 done
t "someone else cannot" rc_is 1
sd mystery action 2 dropped
t "the shop's owner can" rc_is 0
sd mystery action 2 later
t "an unknown status: exit 2" rc_is 2

# lock
sd mystery lock 1
t "the owner locks the report" out_has "Report #1 is locked."
sd mystery release 1 --feedback "again"
t "a locked report does not move" rc_is 1
locked_refused() { sq "$1" >"$T/dbout" 2>&1; [ $? -ne 0 ] && grep -q "a locked report cannot change" "$T/dbout"; }
t "the database itself refuses to change a locked report" locked_refused "UPDATE mystery_reports SET score = 10000 WHERE id = 1"
t "  or its scores" locked_refused "UPDATE mystery_scores SET points = 100 WHERE report_id = 1"
t "  the score is as it was" [ "$(sq "SELECT score FROM mystery_reports WHERE id = 1")" = 8390 ]

# a draft, finished later; a critical item failed
cat >"$T/draft.yaml" <<'EOF'
scorecard: chat-service
target_kind: staff
target: wang.fang
visited_at: 2026-11-21 10:00
status: draft
scores:
  first_response: 30
  greeting: no
EOF
sd --as qian.yu mystery add "$T/draft.yaml"
t "a draft may leave criteria for later" out_has "draft, score 50.00%"
sd --as sun.li mystery submit 2
t "  another shopper cannot submit it" rc_is 1
sd --as qian.yu mystery submit 2
t "  its shopper submits it" out_has "Report #2 is submitted."
sed -e 's/status: draft/status: submitted/' -e 's/greeting: no/greeting: yes\n  answer_correct: 1\n  size_advice: na\n  upsell: na\n  refund_policy: yes\n  closing: 5/' "$T/draft.yaml" >"$T/critical.yaml"
sd --as qian.yu mystery add "$T/critical.yaml"
t "a wrong answer on a critical item fails the report" out_has "score 0.00% (a critical item failed)"
t "  kept as failed" [ "$(sq "SELECT score || ' ' || critical_failed FROM mystery_reports WHERE id = 3")" = "0 1" ]

# bad reports: FILE:LINE:COL, exit 2, nothing written
before=$(reports)
bad() { # NAME SED-EXPR WANT
    sed -e "$2" "$T/report/mystery-report.yaml" >"$T/report/bad.yaml"
    sd --as sun.li mystery add "$T/report/bad.yaml"
    t "$1" sh -c "[ $rc = 2 ] && grep -qF -- \"$3\" '$T/err'"
}
bad "an unknown criterion" 's/^  greeting: yes/  greeting: yes\n  smile: yes/' "bad.yaml:31:3: chat-service has no criterion smile"
bad "an answer out of its scale" 's/^  size_advice: 5/  size_advice: 6/' "bad.yaml:34:16: Gives size advice from measurements takes 1 to 5 (or na), not '6'"
bad "N/A where the card does not allow it" 's/^  greeting: yes/  greeting: na/' "Greets and uses the buyer's name cannot be N/A"
bad "a criterion left out of a submitted report" '/^  closing: 3/d' "closing is not answered"
bad "a scorecard for another kind of target" 's/^target_kind: staff/target_kind: courier/' "bad.yaml:19:14: chat-service is a scorecard for staff, not courier"
bad "another version of the scorecard" 's/^version: 1/version: 2/' "bad.yaml:18:10: scored with version 2, but the shop's chat-service is version 1"
bad "a scorecard the shop does not have" 's/^scorecard: chat-service/scorecard: phone-service/' "no scorecard phone-service in"
bad "evidence that is not there" 's|evidence/chat-2026-11-20.txt|evidence/missing.png|' "bad.yaml:39:5: evidence"
bad "a visit time that is no time" 's/^visited_at: .*/visited_at: yesterday/' "bad.yaml:22:13:"
bad "an unknown key" 's/^persona:/personality:/' "bad.yaml:23:1: unknown key 'personality'"
bad "a due date that is no date" 's/due: 2026-11-30/due: 2026-11-31/' "bad.yaml:46:10: '2026-11-31' is not a date"
sed -e 's/^target: li.na/target: nobody/' "$T/report/mystery-report.yaml" >"$T/report/bad.yaml"
sd --as sun.li mystery add "$T/report/bad.yaml"
t "a staff target that is not on the staff" sh -c "[ $rc = 2 ] && grep -q 'target nobody is not on the staff' '$T/err'"
sed -e 's/^version: 1/shopper: qian.yu/' "$T/report/mystery-report.yaml" >"$T/report/bad.yaml"
sd --as sun.li mystery add "$T/report/bad.yaml"
t "a shopper files only their own reports" rc_is 1
t "nothing was written by any of them" [ "$(reports)" = "$before" ]
sd --as li.na mystery add "$T/report/mystery-report.yaml"
t "an agent cannot file reports" rc_is 1

# a broken template
printf 'scorecard: phone\ntitle: Phone\nversion: 1\ntarget: staff\nsections:\n  - name: A\n    criteria:\n      - {id: a, label: A, scale: stars}\n' >"$T/shop/scorecards/phone.yaml"
sd mystery scorecards
t "a broken scorecard: exit 2 with FILE:LINE:COL" sh -c "[ $rc = 2 ] && grep -q 'phone.yaml:8:34: scale is yesno, five or seconds' '$T/err'"
rm "$T/shop/scorecards/phone.yaml"

# across reports: targets and criteria over time, own staff beside a competitor, actions
sed -e 's/^scorecard: chat-service/scorecard: competitor-chat/' -e 's/^target_kind: staff/target_kind: competitor/' \
    -e 's/^target: li.na/target: 优衣库旗舰店/' -e '/^  upsell: na/d' -e 's/^  closing: 3/  closing: 5/' \
    -e 's/^  greeting: yes/  greeting: no/' "$T/report/mystery-report.yaml" >"$T/report/rival.yaml"
sd --as sun.li mystery add "$T/report/rival.yaml"
t "a report on a competitor" rc_is 0
sd mystery compare
# own staff: reports 1 (li.na), 2 and 3 (wang.fang); the competitor: the one above.
# greeting yes, no, yes = 2 of 3 = 66.67% against no = 0%; closing 3, 5 = 75% against 5 = 100%;
# answer_correct 4, 1 = 37.50% against 4 = 75%: the widest gap behind
t "compare: a criterion where we are ahead, the gap" sh -c "grep '^Greets and uses' '$T/out' | grep -q '66.67% *0.00% *+66.67'"
t "  where we are behind" sh -c "grep '^Closes politely' '$T/out' | grep -q '75.00% *100.00% *-25.00'"
t "  the widest gap behind comes first, by its label" [ "$(sed -n 4p "$T/out" | cut -c1-30)" = "Answers the question correctly" ]
sd mystery trends
t "trends: each target with its reports and average, weakest first" sh -c "grep -q 'staff *li.na *1 *83.90%' '$T/out' && grep -q 'competitor *优衣库旗舰店 *1' '$T/out' && [ \$(grep -n '^staff *wang.fang' '$T/out' | cut -d: -f1) -lt \$(grep -n '^staff *li.na' '$T/out' | cut -d: -f1) ]"
t "  each criterion, weakest first" out_has "Criteria, weakest first"
sd --as sun.li mystery trends
t "trends are the owner's" rc_is 1
sd --as li.na mystery actions
t "the agent's open action items, by due date" sh -c "grep -q '2026-11-25  #4 Correct the material line' '$T/out' && grep -q '2026-11-30  #3 Answer the first message' '$T/out'"
sd mystery actions
t "the owner sees every open item by owner" sh -c "grep -q '^li.na' '$T/out'"

sd mystery export --format csv
t "export as CSV: a row per report with findings" sh -c "[ \$(grep -c '^[0-9]' '$T/out') -ge 3 ] && head -1 '$T/out' | grep -q 'findings,feedback'"
sd check
t "check passes after it all" rc_is 0
done_testing
