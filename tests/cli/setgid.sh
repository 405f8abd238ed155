#!/bin/sh
# A shared host (README, "A shared host"): a login outside the shop's group gets one line
# naming the group, and nothing is created; a setgid shopdesk lets that login reach its
# group's shop through shopdesk alone: environment variables that would redirect files are
# ignored, --db and other groups' shops are refused, and the files the person names (reports,
# pick lists) are opened with the person's own rights, never the shop's.
# Switching to an unprivileged login needs root: skipped otherwise.
. "${top_srcdir:-.}/tests/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1 ||
    ! getent group staff >/dev/null || ! id nobody >/dev/null 2>&1; then
    skip_t "shared host: group and setgid" "needs root, setpriv, the group staff and the login nobody"
    done_testing
    exit
fi
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"
chmod 755 "$T"
new_shop "$T/shop" --name "Shared shop"
printf 'Order,Created,Paid,Status,Customer,Total,Item,Quantity,Price\n' >"$T/orders.csv"
for i in 1 2 3; do
    printf 'S%d,2026-11-20 10:00,2026-11-20 10:01,Paid,buyer-%d,100.00,Tee,1,100.00\n' $i $i >>"$T/orders.csv"
done
sd import orders "$T/orders.csv"
sd staff add nobody --name Guest --roles agent,warehouse,shopper
t "the owner adds the login nobody to the staff" rc_is 0
chgrp -R staff "$T/shop"

mkdir -p "$T/bin" "$T/nobody"
chown nobody:nogroup "$T/nobody"
cp "$SHOPDESK_PROD" "$T/bin/shopdesk"
cp "$SHOPDESK_PROD" "$T/bin/shopdesk-sg"
chgrp staff "$T/bin/shopdesk-sg"
chmod 2755 "$T/bin/shopdesk-sg"
# the sanitizers' leak checker cannot trace a setgid process; everything else stays on
nobody() {
    run setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env HOME="$T/nobody" XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CACHE_HOME= \
        ASAN_OPTIONS=detect_leaks=0 "$@"
}
state() { (cd "$T" && find shop nobody -printf '%p %s %m\n' | sort); }

state >"$T/before"
nobody "$T/bin/shopdesk" --shop "$T/shop" orders list
t "outside the group: refused" rc_is 1
t "  in one line" err_one_line
t "  naming the group" err_has "it belongs to group 'staff'"
t "  and what to ask for" err_has "usermod -aG staff nobody"
state >"$T/after"
t "  nothing created or changed, in the shop or at home" cmp -s "$T/before" "$T/after"

nobody "$T/bin/shopdesk-sg" --shop "$T/shop" orders list
t "setgid: the same login reaches the shop through shopdesk" rc_is 0
t "  and reads its orders" out_has "S3"
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" wave create --size 1
t "  and writes" out_has "Wave 1: 1 orders."
t "  the audit names the person" \
    [ "$(sq "SELECT count(*) FROM audit WHERE login = 'nobody' AND action = 'order.wave'")" -ge 1 ]
nobody sh -c "cat '$T/shop/shop.db' >/dev/null"
t "  while the file itself stays closed to them" [ "$rc" -ne 0 ]

SHOPDESK_SHOP="$T/shop" nobody "$T/bin/shopdesk-sg" orders list
t "setgid: SHOPDESK_SHOP is ignored" rc_is 1
t "  the configured shop is tried instead" err_lacks "$T/shop"
SHOPDESK_DATADIR="$T/nobody" nobody "$T/bin/shopdesk-sg" --shop "$T/shop" mystery scorecards
t "setgid: SHOPDESK_DATADIR is ignored" err_lacks "$T/nobody"
nobody "$T/bin/shopdesk-sg" --db "$T/shop/shop.db" orders list
t "setgid: --db refused" rc_is 2
t "  saying to name the shop" err_has "--db is not available in a setgid shopdesk"

"$SHOPDESK" init "$T/other" --name Other >/dev/null 2>&1
chmod 2775 "$T/other"
chmod 0664 "$T/other/shop.db"
nobody "$T/bin/shopdesk-sg" --shop "$T/other" orders list
t "setgid: a shop of another group is refused" rc_is 1
t "  naming the group it serves" err_has "is not a shop of group 'staff'"

state >"$T/before"
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" wave create --size 1 --out "$T/shop/shop.yaml"
t "setgid: a pick list cannot overwrite the shop's files" rc_is 1
t "  it says so" err_has "cannot write $T/shop/shop.yaml"
state >"$T/after"
t "  shop.yaml untouched" grep -q "shop.yaml $(stat -c %s "$T/shop/shop.yaml")" "$T/after"
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" wave create --size 1 --out "$T/nobody/wave.txt"
t "  but goes to the person's own files" grep -q "Pick list" "$T/nobody/wave.txt"
t "  which are theirs, not the shop group's" [ "$(stat -c %U:%G "$T/nobody/wave.txt")" = nobody:nogroup ]

nobody "$T/bin/shopdesk-sg" --shop "$T/shop" mystery add "$T/shop/shop.yaml"
t "setgid: a report file is read with the person's rights" rc_is 1
t "  the shop's own files are not readable that way" err_has "Permission denied"
nobody "$T/bin/shopdesk-sg" init "$T/nobody/mine"
t "setgid: init refused" rc_is 2
t "  pointing to the README" err_has "A shared host"
t "  nothing made" [ ! -e "$T/nobody/mine" ]

done_testing
