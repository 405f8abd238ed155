#!/bin/sh
# Translations: every po file passes msgfmt -c and is complete (nothing untranslated or
# fuzzy), and POTFILES.in lists every source file with translatable strings.
. "${top_srcdir:-.}/tests/lib.sh"
cd "$top_srcdir" || exit 1
for po in po/*.po; do
    run msgfmt -c --statistics -o /dev/null "$po"
    t "$po passes msgfmt -c" rc_is 0
    t "$po is complete" sh -c "! grep -qE 'untranslated|fuzzy' '$T/err'"
done
missing=$(grep -lE '\b_\(|\bN_\(|\bP_\(' src/*/*.c src/*/*.h src/*.c | grep -v 'src/util/i18n.h' | while read -r f; do
    grep -qxF "$f" po/POTFILES.in || echo "$f"; done)
t "POTFILES.in lists every file with strings${missing:+ (missing: $missing)}" [ -z "$missing" ]
stale=$(while read -r f; do [ -f "$f" ] || echo "$f"; done <po/POTFILES.in)
t "POTFILES.in lists no missing files${stale:+ ($stale)}" [ -z "$stale" ]
# every msgid in the sources is in each catalog: the catalogs are up to date
if command -v xgettext >/dev/null; then
    xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 -o "$T/now.pot" \
        -f po/POTFILES.in 2>/dev/null
    for po in po/*.po; do
        run msgcmp --use-untranslated "$po" "$T/now.pot"
        t "$po has every message of the sources" rc_is 0
    done
fi
done_testing
