#!/bin/sh
# A setgid shopdesk and a shop on PostgreSQL (README, "A shared host"): the connection comes
# from the shop's shop.yaml alone, a file of the shop's group; --db and libpq's PG*
# variables are ignored; the person is their own login to the server. Needs PostgreSQL
# (make check-pg) and root (to switch to an unprivileged login); skipped otherwise.
. "${top_srcdir:-.}/tests/lib.sh"
if ! on_pg; then
    echo "1..0 # SKIP needs PostgreSQL (make check-pg)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1 ||
    ! getent group staff >/dev/null || ! id nobody >/dev/null 2>&1; then
    skip_t "setgid on PostgreSQL" "needs root, setpriv, the group staff and the login nobody"
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
sq "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nobody') THEN CREATE ROLE nobody LOGIN; END IF; END\$\$" >/dev/null
sd staff add nobody --name Guest --roles agent,warehouse
t "the owner adds the login nobody to the staff" rc_is 0

# from here on, the shop's shop.yaml names the server in full (the socket and port), as a
# system's configuration would: a setgid shopdesk takes nothing from the environment
db=$(sed -n 's/^  database: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$T/shop/shop.yaml")
sockdir=$(sq "SHOW unix_socket_directories" | cut -d, -f1)
port=$(sq "SHOW port")
sed -i "s|^  database: .*|  database: \"host=$sockdir port=$port $db\"|" "$T/shop/shop.yaml"
# the tester's own queries go as before (the server of make check-pg may take root's only
# over TCP, with the password in the environment)
psqlq() { psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }
chgrp -R staff "$T/shop"
chmod 0640 "$T/shop/shop.yaml"

mkdir -p "$T/bin" "$T/nobody"
chown nobody:nogroup "$T/nobody"
cp "$SHOPDESK_PROD" "$T/bin/shopdesk-sg"
chgrp staff "$T/bin/shopdesk-sg"
chmod 2755 "$T/bin/shopdesk-sg"
nobody() {
    run setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env HOME="$T/nobody" XDG_CONFIG_HOME= XDG_DATA_HOME= XDG_CACHE_HOME= \
        ASAN_OPTIONS=detect_leaks=0 "$@"
}

nobody env PGHOST=/nonexistent PGPORT=1 PGDATABASE=postgres PGUSER=postgres \
    PGOPTIONS="-c default_transaction_read_only=on" PGSERVICE=nope \
    "$T/bin/shopdesk-sg" --shop "$T/shop" wave create --size 1
t "setgid: PG* variables are ignored (host, port, user, read-only options)" rc_is 0
t "  the wave is made" out_has "Wave 1: 1 orders."
t "  the server knows the person by their own login, not PGUSER's" \
    [ "$(psqlq "SELECT session_user_name FROM audit WHERE action = 'order.wave'")" = nobody ]
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" orders list
t "  and they read the orders" out_has "S3"

nobody "$T/bin/shopdesk-sg" --shop "$T/shop" --db "$db" orders list
t "setgid: --db with a connection string is refused" rc_is 2
t "  saying shop.yaml names the database" err_has "the shop's shop.yaml names its database"

chmod 0646 "$T/shop/shop.yaml"
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" orders list
t "setgid: a shop.yaml others can write is not taken" rc_is 1
t "  naming it" err_has "$T/shop/shop.yaml must be a file of group 'staff'"
chmod 0640 "$T/shop/shop.yaml"
chgrp nogroup "$T/shop/shop.yaml"
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" orders list
t "setgid: nor one of another group" rc_is 1
chgrp staff "$T/shop/shop.yaml"
nobody "$T/bin/shopdesk-sg" --shop "$T/shop" orders list
t "  the group's own again: taken" rc_is 0

done_testing
