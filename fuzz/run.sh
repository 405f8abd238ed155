#!/bin/sh
# Build the libFuzzer targets with clang (ASan and UBSan) and run each for SECONDS (default
# 30), after replaying every input kept in fuzz/regress/TARGET/ (crashes found earlier stay
# there as regression inputs). A crash is copied to fuzz/regress/TARGET/ and fails the run.
#   fuzz/run.sh [SECONDS]      (from a configured build tree; CC defaults to clang)
set -u
secs=${1:-30}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(pwd)
out="$build/fuzz/out"
mkdir -p "$out"
CC=${FUZZ_CC:-clang}
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$build -I$src/src $(pkg-config --cflags libpq 2>/dev/null || echo -I/usr/include/postgresql)"
libs="$(pkg-config --libs yaml-0.1 sqlite3 json-c nettle 2>/dev/null || echo -lyaml -lsqlite3 -ljson-c -lnettle) -lm"
lib_src=$(ls "$src"/src/util/*.c "$src"/src/core/*.c "$src"/src/conf/*.c "$src"/src/store/*.c)
# the currency table is generated into the build tree
[ -f "$src/src/core/currency_table.c" ] || lib_src="$lib_src $build/src/core/currency_table.c"
fail=0
for target in yaml csv money audit; do
    echo "== fuzz $target"
    if ! $CC $flags -o "$out/$target" "$src/fuzz/$target.c" $lib_src $libs 2>"$out/$target.build.log"; then
        cat "$out/$target.build.log" | head -30
        fail=1
        continue
    fi
    corpus="$out/corpus-$target"
    mkdir -p "$corpus" "$src/fuzz/regress/$target"
    cp "$src/fuzz/seeds/$target/"* "$corpus/" 2>/dev/null
    if ls "$src/fuzz/regress/$target/"* >/dev/null 2>&1; then
        "$out/$target" "$src/fuzz/regress/$target/"* >"$out/$target.regress.log" 2>&1 ||
            { echo "a regression input crashes $target"; tail -30 "$out/$target.regress.log"; fail=1; }
    fi
    (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$target" -max_total_time="$secs" -rss_limit_mb=1024 \
        -artifact_prefix="$out/$target-" "$corpus" >"$out/$target.log" 2>&1)
    if [ $? -ne 0 ]; then
        echo "$target crashed:"
        grep -E "ERROR|SUMMARY|runtime error" "$out/$target.log" | head -10
        for a in "$out/$target"-crash-* "$out/$target"-leak-* "$out/$target"-oom-* "$out/$target"-timeout-*; do
            [ -f "$a" ] && cp "$a" "$src/fuzz/regress/$target/" && echo "kept $(basename "$a") in fuzz/regress/$target/"
        done
        fail=1
    else
        tail -1 "$out/$target.log"
    fi
done
exit $fail
