#!/bin/sh
# Staff, roles, refusal of strangers and of --as, and the audit log.
. "${top_srcdir:-.}/tests/lib.sh"
new_shop "$T/shop"

sd staff add li.na --name 李娜 --roles agent,refunds
t "owner adds staff" rc_is 0
sd staff add wang --name 王芳 --roles agent
sd staff list --format json
t "list as JSON" rc_is 0
t "JSON has the new login" out_has '"login":"li.na"'
t "JSON keeps Chinese as UTF-8" out_has '"name":"李娜"'
t "JSON roles as text" out_has '"roles":"agent,refunds"'
t "JSON time with the shop's offset" out_has '+08:00"'
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d)==3 and all("login" in x for x in d)' 2>/dev/null
t "JSON parses: 3 staff" [ $? -eq 0 ]
sd staff list --format csv
t "CSV header" out_has "login,name,roles,accounts,active,created_at"
sd staff list
t "text list aligns Chinese names" out_has "li.na  李娜"

sd staff add li.na --name X --roles agent
t "adding twice refuses (1)" rc_is 1
sd staff add bob --name Bob --roles chef
t "unknown role is bad usage (2)" rc_is 2
t "unknown role is named" err_has "unknown role 'chef'"
sd staff add "bad login!" --name X --roles agent
t "bad login name is bad input" rc_is 2
sd staff add carol --roles agent
t "missing --name is bad usage" rc_is 2
sd staff frobnicate x
t "unknown action is bad usage" rc_is 2
sd staff list --format yaml
t "unknown format is bad usage" rc_is 2
sd staff list --bogus
t "unknown option is bad usage" rc_is 2

# --as: an owner acts as staff; the audit row records both
sd --as li.na staff list
t "owner may use --as" rc_is 0
sd --as li.na staff add eve --name Eve --roles agent
t "acting as an agent, staff add is refused" rc_is 1
t "the refusal names the roles needed" err_has "owner"
t "the denial is audited with both logins" \
    [ "$(sq "SELECT count(*) FROM audit WHERE action = 'denied:staff.manage' AND login = '$ME' AND as_login = 'li.na'")" = 1 ]
sd --as nobody staff list
t "--as a stranger is refused" rc_is 1
t "--as a stranger says so" err_has "not on the staff"

# a login that is not staff gets a clear refusal, nothing opened
sq "UPDATE staff SET login = 'someone.else' WHERE login = '$ME'"
sq "UPDATE staff SET roles = 'owner' WHERE login = 'li.na'"
sd staff list
t "a stranger is refused (1)" rc_is 1
t "the refusal is one line" err_one_line
t "the refusal names the login" err_has "$ME is not on the staff"
t "the refusal says how to be added" err_has "shopdesk staff add $ME"
sd --as li.na staff list
t "a stranger cannot use --as" rc_is 1
sq "UPDATE staff SET login = '$ME' WHERE login = 'someone.else'"
sq "UPDATE staff SET roles = 'agent,refunds' WHERE login = 'li.na'"

sd staff edit wang --roles agent,warehouse
t "edit roles" rc_is 0
t "roles changed in the file" [ "$(sq "SELECT roles FROM staff WHERE login='wang'")" = agent,warehouse ]
sd staff remove wang
t "remove" rc_is 0
t "removed staff are inactive, kept for the audit" [ "$(sq "SELECT active FROM staff WHERE login='wang'")" = 0 ]
sd staff remove "$ME"
t "the last owner cannot be removed" rc_is 1
t "and says why" err_has "last owner"

sd export audit --format json
t "export audit" rc_is 0
t "audit has staff.add with before/after" out_has '"action":"staff.add"'
t "audit edit has before" out_has '"before":{"login":"wang"'
echo "$out" | python3 -c '
import json,sys
rows=json.load(sys.stdin)
assert rows[0]["action"]=="shop.init"
assert all(r["hash"] and len(r["hash"])==64 for r in rows)
' 2>/dev/null
t "audit JSON parses with hashes" [ $? -eq 0 ]
sd --as li.na export audit
t "only owners read the audit log" rc_is 1

sq "UPDATE audit SET login = 'x' WHERE id = 1" 2>/dev/null
t "the audit log refuses updates" [ "$(sq "SELECT login FROM audit WHERE id = 1")" = "$ME" ]
sq "DELETE FROM audit" 2>/dev/null
t "the audit log refuses deletes" [ "$(sq "SELECT count(*) FROM audit")" -gt 3 ]

done_testing
