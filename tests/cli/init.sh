#!/bin/sh
# shopdesk init, shop resolution, and what a missing shop says.
. "${top_srcdir:-.}/tests/lib.sh"

sd init "$T/shop" --name "小店 Test" --currency CNY --timezone Asia/Shanghai
t "init exits 0" rc_is 0
t "init names the owner" out_has "$ME is its owner"
t "init makes shop.db" test -f "$T/shop/shop.db"
t "init makes shop.yaml" test -f "$T/shop/shop.yaml"
t "init copies scorecards" test -d "$T/shop/scorecards"
t "init copies mappings" test -d "$T/shop/mappings"
t "shop directory is 2770" [ "$(stat -c %a "$T/shop")" = 2770 ]
t "shop.db is 0660" [ "$(stat -c %a "$T/shop/shop.db")" = 660 ]
t "shop.yaml is 0660" [ "$(stat -c %a "$T/shop/shop.yaml")" = 660 ]
t "shop.yaml has the name" grep -q 'name: "小店 Test"' "$T/shop/shop.yaml"
t "the file is readable by the sqlite3 shell" \
    [ "$(sqlite3 "$T/shop/shop.db" 'SELECT login FROM staff')" = "$ME" ]
t "the owner's role is in plain text" \
    [ "$(sqlite3 "$T/shop/shop.db" 'SELECT roles FROM staff')" = owner ]
t "WAL mode" [ "$(sqlite3 "$T/shop/shop.db" 'PRAGMA journal_mode')" = wal ]

sd init "$T/shop"
t "init twice refuses with 1" rc_is 1
t "init twice says already a shop" err_has "already a shop"

mkdir -p "$T/busy" && echo x >"$T/busy/notes.txt"
sd init "$T/busy"
t "init into a non-empty directory refuses" rc_is 1
t "nothing was added to it" [ "$(ls "$T/busy")" = notes.txt ]

sd init "$T/bad" --currency XYZ
t "unknown currency is bad input (2)" rc_is 2
t "unknown currency is named" err_has "unknown currency 'XYZ'"
t "nothing is left behind" test ! -e "$T/bad"
sd init "$T/bad" --timezone Mars/Base
t "unknown zone is bad input (2)" rc_is 2
t "nothing is left behind after a bad zone" test ! -e "$T/bad"

# the shop is chosen by --shop, then $SHOPDESK_SHOP, then XDG_DATA_HOME
sd staff list
t "no shop anywhere: exit 1" rc_is 1
t "no shop: one line" err_one_line
t "no shop: says what to run" err_has "shopdesk init"
t "no shop: names the default place" err_has "$XDG_DATA_HOME/shopdesk/shop"
sd --shop "$T/shop" staff list
t "--shop finds it" rc_is 0
sd -C "$T/shop" staff list
t "-C finds it" rc_is 0
sd staff list --shop "$T/shop"
t "--shop after the command finds it" rc_is 0
SHOPDESK_SHOP="$T/shop" sd staff list
t "\$SHOPDESK_SHOP finds it" rc_is 0
sd --db "$T/shop/shop.db" staff list
t "--db FILE finds it" rc_is 0
sd init
t "init without DIR uses the default place" rc_is 0
t "the default place is under XDG_DATA_HOME" test -f "$XDG_DATA_HOME/shopdesk/shop/shop.db"
sd staff list
t "and is found by default" rc_is 0

sd --shop "$T/nowhere" check
t "missing shop: exit 1" rc_is 1
t "missing shop names the directory" err_has "$T/nowhere"

done_testing
