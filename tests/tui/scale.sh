#!/bin/sh
# The console's / on a shop of a million orders: whatever the term (a phrase in a third of the
# titles, a rare name, a two-character name, part of a phone, a tracking number, nothing at
# all), the first page is on the screen within one tick of the console (a second), newest
# first, and so is the next page. `make check-scale` runs it on the benchmark's shop of a
# million orders (bench/run --size M --build makes it once, some two minutes, and keeps it in
# bench/data); make check skips it.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/tui/lib_tui.sh"
if [ -z "${SHOPDESK_SCALE_SHOP:-}" ]; then
    echo "1..0 # SKIP needs a shop of a million orders (make check-scale)"
    exit 0
fi
if on_pg; then
    echo "1..0 # SKIP the shop of a million orders is SQLite's (make check-scale)"
    exit 0
fi
shop=$SHOPDESK_SCALE_SHOP
# the benchmark's "now", the day after its last order
export SHOPDESK_NOW="2026-11-20T18:00:00+08:00"
db() { sqlite3 -readonly -batch "$shop/shop.db" "$@"; }

n=$(db "SELECT count(*) FROM orders")
t "a shop of a million orders or more ($n)" [ "$n" -ge 1000000 ]
# the terms, as the benchmark finds them: a tracking number that is there, a three-character
# name on one order or two; and seven digits from the middle of a buyer's phone
tracking=$(db "SELECT tracking FROM orders WHERE tracking <> '' LIMIT 1 OFFSET 777")
rare=$(db "SELECT receiver FROM orders WHERE length(receiver) = 3 AND receiver NOT GLOB
           '*[A-Za-z]*' GROUP BY receiver HAVING count(*) <= 2 LIMIT 1")
phone=$(db "SELECT substr(phone, 3, 7) FROM orders WHERE length(phone) = 11 LIMIT 1 OFFSET 4242")

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# row1: the first row of the list (the line under the header)
row1() { tui_screen | sed -n 3p; }
# until TEXT: poll the screen every 10 ms until it has TEXT (10 s at most); $ms is how long
# it took from $t0
until_has() {
    i=0
    while ! tui_screen | grep -qF -- "$1"; do
        i=$((i + 1))
        [ $i -lt 1000 ] || { tui_screen >"$T/out"; ms=99999; return 1; }
        sleep 0.01
    done
    ms=$(($(now_ms) - t0))
}
# newest TERM: the newest order whose search text holds TERM, as the list sorts them
newest() {
    db "SELECT number FROM orders WHERE instr(search_text, '$1') > 0
        ORDER BY created_at DESC, id DESC LIMIT 1"
}

tui_start 80x24 -- --shop "$shop"
t "the console opens on the big shop" tui_wait "Orders" 30

# search NAME TERM: / TERM Enter, timed from Enter to the message line naming the search
search() {
    tui_keys Escape
    tui_keys /
    tui_text "$2"
    sleep 0.2
    t0=$(now_ms)
    tui_keys Enter
    until_has "search \"$2\""
    first=$ms
    tui_snap
    want=$(newest "$2")
    if [ -n "$want" ]; then
        t "$1: the first page within a tick ($first ms)" [ "$first" -lt 1000 ]
        t "  the newest match first ($want)" sh -c "sed -n 3p '$T/out' | grep -qF '$want'"
    else
        t "$1: no match, said within a tick ($first ms)" [ "$first" -lt 1000 ]
        t "  as no orders" screen_has "No orders match."
    fi
    if screen_has "more ↓"; then
        top=$(sed -n 3p "$T/out")
        t0=$(now_ms)
        tui_keys NPage
        i=0
        while [ "$(row1)" = "$top" ] && [ $i -lt 1000 ]; do
            i=$((i + 1))
            sleep 0.01
        done
        next=$(($(now_ms) - t0))
        t "  the next page within a tick ($next ms)" [ "$next" -lt 1000 ]
        t "  still the same search" sh -c "tmux -L '$SOCK' capture-pane -p -t t | grep -qF 'search \"$2\"'"
    fi
}
search "a phrase in a third of the titles" "圆领T恤"
search "a rare name ($rare)" "$rare"
search "a two-character name" "李娜"
search "part of a phone ($phone)" "$phone"
search "a tracking number ($tracking)" "$tracking"
search "nothing at all" "不存在的商品xyz"
tui_stop

done_testing
