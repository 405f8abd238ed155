#!/bin/sh
# Generate the locales the console tests use (zh_CN.UTF-8, zh_TW.UTF-8) into DIR without
# root: localedef writes them there and the tests point LOCPATH at it.
set -e
dir=${1:?usage: setup-locales.sh DIR}
mkdir -p "$dir"
for l in zh_CN zh_TW; do
    [ -d "$dir/$l.UTF-8" ] || localedef -i "$l" -f UTF-8 "$dir/$l.UTF-8" 2>/dev/null ||
        localedef -i "$l" -f UTF-8 "$dir/$l.UTF-8"
done
