#!/bin/sh
# make bench-pg [BENCH_SIZE=S|M]: the benchmark on PostgreSQL. The SQLite benchmark's shop of
# that size (make bench builds it: bench/data/orders.shop-SIZE) is moved into a database
# shopdesk_bench_SIZE once (migrate; S takes about a minute, M some ten), and kept there for
# later runs when the server is one of your own (PGHOST and the like set). With no server
# named, a throwaway cluster is made and removed around the run (pg_virtualenv), and the
# move is made each time.
set -eu
size=${1:-S}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"
if [ -z "${PGHOST:-}${PGSERVICE:-}" ] && [ "${2:-}" != --inside ]; then
    command -v pg_virtualenv >/dev/null 2>&1 ||
        { echo "bench-pg: no PostgreSQL here (apt-get install postgresql postgresql-contrib)"; exit 77; }
    exec pg_virtualenv -i '--locale=C.UTF-8' -o fsync=off sh "$0" "$size" --inside
fi
shop=bench/data/orders.shop-$size
[ -f "$shop/shop.db" ] ||
    { echo "bench-pg: make bench BENCH_SIZE=$size first (it makes $shop)"; exit 2; }
# 10,000 orders the shop does not have yet (bench/run's extra ones are in it already)
extra=bench/data/pgextra.csv
[ -f "$extra" ] || bench/gen --orders 10000 --members 5000 --seed 8 --first 950000000 \
    --days 1 --end 2026-11-20T17:00:00+08:00 --out "$extra"
db=shopdesk_bench_$(echo "$size" | tr 'A-Z' 'a-z')
work=bench/data/pg-$size
mkdir -p "$work"
if ! psql -X -qAt -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    echo "bench-pg: moving $shop into the database $db (once)"
    psql -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
    rm -rf "$work/shop" && cp -a "$shop" "$work/shop" && rm -f "$work/shop/shop.db-wal" "$work/shop/shop.db-shm"
    ./src/shopdesk --shop "$work/shop" --quiet migrate --to "dbname=$db"
    printf 'shop:\n  database: "dbname=%s"\n' "$db" >"$work/shop/shop.yaml.new"
    sed -n '/^shop:/,$p' "$work/shop/shop.yaml" | sed '1d' >>"$work/shop/shop.yaml.new"
    mv "$work/shop/shop.yaml.new" "$work/shop/shop.yaml"
    rm -f "$work/shop/shop.db"
    psql -X -q -d "$db" -c "VACUUM ANALYZE"
fi
# the clerks of the refund cases (their refunds stay: each run pays 15 more)
for who in bench.agent:agent bench.pay:refunds; do
    ./src/shopdesk --shop "$work/shop" staff add "${who%%:*}" --name "${who%%:*}" --roles "${who#*:}" >/dev/null 2>&1 || true
done
# the import goes into two copies of the database, made again before each of its runs by
# bench/run_pg and dropped after
imp=${db}_imp bareimp=${db}_bare
rm -rf "$work/imp" && mkdir -p "$work/imp"
sed "s/dbname=$db\"/dbname=$imp\"/" "$work/shop/shop.yaml" >"$work/imp/shop.yaml"
cp -a "$work/shop/mappings" "$work/imp/" 2>/dev/null || true
rc=0
bench/run_pg --shop "$work/shop" --size "$size" --extra "$extra" --import-shop "$work/imp" \
    --import-db "dbname=$bareimp" --template "$db" || rc=$?
for d in $imp $bareimp; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $d"
done
exit $rc
