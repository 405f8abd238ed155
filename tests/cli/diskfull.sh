#!/bin/sh
# Disk full and I/O errors in the middle of a batch: a clear error naming the shop's file,
# nothing partial (the batch is all there or not at all, the database intact), and the next
# run works. I/O errors come from a file-size limit (prlimit --fsize: the write that crosses
# it fails with EFBIG) at many points of an import; a full disk from a small tmpfs (root
# only: skipped otherwise).
. "${top_srcdir:-.}/tests/lib.sh"
sqlite_only "a full disk and I/O errors under shop.db (the server's disk is the server's)"
export SHOPDESK_NOW="2026-11-21T12:00:00+08:00"

count() { sq "SELECT count(*) FROM orders"; }
intact() { [ "$(sq 'PRAGMA integrity_check')" = ok ]; }

new_shop "$T/shop"
orders_csv "$T/base.csv" A 40
sd import orders "$T/base.csv"
t "a shop with 40 orders" [ "$(count)" = 40 ]
orders_csv "$T/batch.csv" B 3000
cp -a "$T/shop" "$T/shop0"

# The limit moves from below the shop's size to past what the batch needs, in 48 steps:
# the import fails in its first pages, in the middle, at the commit, or not at all.
trap '' XFSZ
base=$(stat -c %s "$T/shop/shop.db")
fails=0 passes=0 bad=""
for step in $(seq 0 47); do
    limit=$((base - 65536 + step * 40000))
    rm -rf "$T/shop" && cp -a "$T/shop0" "$T/shop"
    run prlimit --fsize="$limit" "$SHOPDESK" import orders "$T/batch.csv"
    n=$(count)
    if [ "$rc" -eq 0 ] && [ "$n" = 3040 ]; then
        passes=$((passes + 1))
    elif [ "$rc" -ne 0 ] && [ "$n" = 40 ] && err_one_line && err_has "$T/shop/shop.db" &&
        err_has "nothing was changed"; then
        fails=$((fails + 1))
    else
        bad="$bad $limit:rc=$rc:n=$n"
    fi
    intact || bad="$bad $limit:integrity"
done
trap - XFSZ
echo "# limits: $fails failed cleanly, $passes imported"
t "I/O errors at 48 points of a batch: all or nothing, one clear line, intact" [ -z "$bad" ]
t "  some of them failed" [ "$fails" -ge 5 ]
t "  and the last ones had room enough" [ "$passes" -ge 5 ]
rm -rf "$T/shop" && cp -a "$T/shop0" "$T/shop"
prlimit --fsize=$((base + 40000)) "$SHOPDESK" import orders "$T/batch.csv" >/dev/null 2>&1
sd import orders "$T/batch.csv"
t "after the failure the next run imports the batch" rc_is 0
t "  all of it" [ "$(count)" = 3040 ]
sd check
t "  and check finds nothing wrong" rc_is 0

# A full disk: a 1 MiB tmpfs holds the shop but not the batch.
mkdir -p "$T/small"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=1m shopdesk-test "$T/small" 2>/dev/null; then
    unmount_small() { umount "$T/small" 2>/dev/null; }
    cleanup_hooks="$cleanup_hooks unmount_small"
    new_shop "$T/small/shop"
    sd import orders "$T/base.csv"
    t "a shop on a small disk" [ "$(count)" = 40 ]
    sd import orders "$T/batch.csv"
    t "disk full during a batch: refused" rc_is 1
    t "  in one line" err_one_line
    t "  saying the disk is full and naming the file" err_has "the disk holding $T/small/shop/shop.db is full"
    t "  nothing imported" [ "$(count)" = 40 ]
    t "  the database intact" intact
    orders_csv "$T/few.csv" C 20
    sd import orders "$T/few.csv"
    t "the next run, small enough to fit, works" rc_is 0
    t "  and is all there" [ "$(count)" = 60 ]
    sd refund request C1 --kind refund --amount 10 --reason damaged
    t "  money still moves" rc_is 0
    # the disk filled to the last byte: reads still work, writes say the disk is full
    dd if=/dev/zero of="$T/small/filler" bs=4k 2>/dev/null
    sd refund list
    t "a full disk: refund list still works" rc_is 0
    t "  and lists" out_has "C1"
    sd orders list --limit 5
    t "  orders list too" rc_is 0
    sd check
    t "  check reads the shop" out_has "database:  ok"
    sd refund request C2 --kind refund --amount 10 --reason damaged
    t "  a write is refused (1)" rc_is 1
    t "  saying the disk is full" err_has "is full"
    t "  not that the file is no shop" err_lacks "not a shopdesk database"
    rm -f "$T/small/filler"
    # a read-only mount
    if mount -o remount,ro "$T/small" 2>/dev/null; then
        sd orders list --limit 5
        t "a read-only file system: orders list works" rc_is 0
        t "  and lists" out_has "C1"
        sd review --date 2026-11-20
        t "  the review too" rc_is 0
        sd refund request C2 --kind refund --amount 10 --reason damaged
        t "  a write is refused (1)" rc_is 1
        t "  saying the file system is read-only" err_has "read-only"
        mount -o remount,rw "$T/small" 2>/dev/null
    else
        skip_t "a read-only file system" "cannot remount the tmpfs read-only"
    fi
else
    skip_t "disk full on a tmpfs" "needs root and permission to mount a tmpfs"
fi

done_testing
