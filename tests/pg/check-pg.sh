#!/bin/sh
# make check-pg: the test suite on PostgreSQL. A throwaway cluster is started for the run and
# removed after it (pg_virtualenv from postgresql-common; else initdb and pg_ctl on a socket
# directory, as a login other than root); each test shop is a fresh database made from a
# template holding the checks' helpers (compat.sql). Skipped (77) without PostgreSQL.
#   tests/pg/check-pg.sh [make check arguments, e.g. TESTS="tests/cli/refunds.sh"]
# (CHECK_PG_TARGET=check-stress: the stress tier instead)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "${1:-}" = --inside ]; then
    shift
    # Debian's psql is a Perl wrapper that picks a cluster: some 60 ms a call here, and the
    # suite's checks call it thousands of times. The cluster is named by PGHOST and PGPORT.
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -n "$pgbin" ] && [ -x "$pgbin/psql" ]; then
        PATH="$pgbin:$PATH"
        export PATH
    fi
    psql -X -q -d postgres -c "CREATE DATABASE shopdesk_test TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
    psql -X -q -v ON_ERROR_STOP=1 -d shopdesk_test -c "CREATE EXTENSION pg_trgm" -f "$here/compat.sql"
    export SHOPDESK_TEST_PG=shopdesk_test
    cd "$top"
    exec ${MAKE:-make} "${CHECK_PG_TARGET:-check}" "$@"
fi

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
# the stress tier restarts the server in the middle of its work with this command
if command -v pg_virtualenv >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SHOPDESK_TEST_PG_RESTART='pg_ctlcluster "$PGVERSION" regress restart -m immediate'
        export SHOPDESK_TEST_PG_RESTART
    fi
    exec pg_virtualenv -i '--locale=C.UTF-8' -o fsync=off sh "$0" --inside "$@"
elif [ -n "$pgbin" ] && [ "$(id -u)" -ne 0 ]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/shopdesk-pg.XXXXXX")
    trap '"$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$dir"' EXIT
    "$pgbin/initdb" -D "$dir/data" -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
    "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-c listen_addresses='' -c unix_socket_directories=$dir -c fsync=off" start >/dev/null
    PGHOST=$dir PGDATABASE=postgres
    SHOPDESK_TEST_PG_RESTART="'$pgbin/pg_ctl' -D '$dir/data' -m immediate -w restart"
    export PGHOST PGDATABASE SHOPDESK_TEST_PG_RESTART
    sh "$0" --inside "$@"
else
    echo "check-pg: no PostgreSQL here (apt-get install postgresql postgresql-contrib); skipped"
    exit 77
fi
