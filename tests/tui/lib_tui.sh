# Console test helpers: drive the real binary in a private tmux server and read the screen.
# Sourced after tests/lib.sh.

SOCK="sdtest-$$"
tmux_kill() { tmux -L "$SOCK" kill-server >/dev/null 2>&1; }
cleanup_hooks="$cleanup_hooks tmux_kill"

# tui_start COLSxROWS [ENV=VAL...] -- ARGS...: start shopdesk ARGS in a pane of that size.
# The pane stays after the program ends; its exit status lands in $T/exit.
tui_start() {
    size=$1
    shift
    envs="TERM=xterm-256color"
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs="$envs $1"
        shift
    done
    [ "${1:-}" = "--" ] && shift
    rm -f "$T/exit"
    cmd="env $envs $SHOPDESK $*; echo \$? > $T/exit"
    tmux -L "$SOCK" -f /dev/null new-session -d -s t -x "${size%x*}" -y "${size#*x}" "$cmd"
    tmux -L "$SOCK" set-option -t t remain-on-exit on >/dev/null 2>&1
    tmux -L "$SOCK" set-option -g status off >/dev/null 2>&1
}

tui_keys() { tmux -L "$SOCK" send-keys -t t "$@"; }
tui_text() { tmux -L "$SOCK" send-keys -t t -l "$1"; }
tui_screen() { tmux -L "$SOCK" capture-pane -p -t t; }
tui_screen_sgr() { tmux -L "$SOCK" capture-pane -p -e -t t; }
tui_resize() { tmux -L "$SOCK" resize-window -t t -x "${1%x*}" -y "${1#*x}"; }

# The shopdesk process in the pane (the pane runs sh -c, shopdesk is its child).
tui_pid() {
    pane=$(tmux -L "$SOCK" display -p -t t '#{pane_pid}' 2>/dev/null)
    pgrep -P "$pane" -f "$SHOPDESK" 2>/dev/null | head -1
}

# tui_wait TEXT [SECONDS]: wait until TEXT is on the screen (default 5 s).
tui_wait() {
    tui_poll tui_screen "$1" "${2:-5}"
}

# tui_poll SOURCE TEXT SECONDS: wait until what SOURCE prints has TEXT; on a timeout the
# screen goes to $T/out for the failure report.
tui_poll() {
    limit=$(( $3 * 10 ))
    i=0
    while [ $i -lt "$limit" ]; do
        $1 | grep -qF -- "$2" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    tui_screen >"$T/out"
    return 1
}

# tui_gone TEXT [SECONDS]: wait until TEXT has left the screen.
tui_gone() {
    limit=$(( (${2:-5}) * 10 ))
    i=0
    while [ $i -lt "$limit" ]; do
        tui_screen | grep -qF -- "$1" || return 0
        sleep 0.1
        i=$((i + 1))
    done
    tui_screen >"$T/out"
    return 1
}

# tui_exited [SECONDS]: wait for the program to end; its status in $tui_rc.
tui_exited() {
    limit=$(( (${1:-5}) * 10 ))
    i=0
    while [ $i -lt "$limit" ]; do
        if [ -s "$T/exit" ]; then
            tui_rc=$(cat "$T/exit")
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    tui_screen >"$T/out"
    return 1
}

# hundred_writes PREFIX: 100 staff added from another process (PREFIX0..PREFIX99); sets
# $failed (writes refused) and $slow (writes that took two seconds or more: waited for a
# lock). A lock the console kept would hold each write until it gives up (15 s); a write of
# the sanitizer build on PostgreSQL takes half a second to start and connect, and on CI's
# busy machine once took over a second with nothing held.
hundred_writes() {
    slow=0 failed=0 i=0
    while [ $i -lt 100 ]; do
        s0=$(date +%s%N)
        "$SHOPDESK" staff add "$1$i" --name "$1 $i" --roles warehouse >/dev/null 2>&1 ||
            failed=$((failed + 1))
        s1=$(date +%s%N)
        [ $(((s1 - s0) / 1000000)) -lt 2000 ] || slow=$((slow + 1))
        i=$((i + 1))
    done
}

tui_stop() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    sleep 0.2
}

# screen_has TEXT: the last captured screen (tui_snap) contains TEXT
tui_snap() { tui_screen >"$T/out"; }
screen_has() { grep -qF -- "$1" "$T/out"; }
screen_lacks() { ! grep -qF -- "$1" "$T/out"; }

# The text of the screen's selected lines (the selection is drawn on cyan, code 46), or
# nothing when no line is selected.
tui_selected() {
    tui_screen_sgr | grep -- '[[;]46m' | sed 's/\x1b\[[0-9;]*m//g; s/  *$//'
}

# tui_wait_selected TEXT [SECONDS]: wait until the selected line has TEXT.
tui_wait_selected() {
    tui_poll tui_selected "$1" "${2:-5}"
}
