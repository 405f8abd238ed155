#!/bin/sh
# Bootstrap the autotools build from a git checkout: ./autogen.sh && ./configure && make
set -e
cd "$(dirname "$0")"
autopoint --force
autoreconf --install --force
