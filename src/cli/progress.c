#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app/session.h"
#include "cli/progress.h"
#include "core/clock.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/width.h"

static enum progress_mode mode = PROGRESS_AUTO;
static bool shown;
static int64_t last_ms, start_ms;
static const char *last_what;
static int64_t start_done;

void progress_set_mode(enum progress_mode m)
{
    mode = m;
}

static bool enabled(void)
{
    if (mode == PROGRESS_OFF)
        return false;
    return mode == PROGRESS_ON || isatty(STDERR_FILENO);
}

static int columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

static void raw_err(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static void amount(struct strbuf *sb, int64_t v, bool bytes)
{
    if (bytes)
        sb_addf(sb, "%.1f MiB", (double)v / (1024.0 * 1024.0));
    else
        sb_addf(sb, "%lld", (long long)v);
}

void progress_show(const char *what, int64_t done, int64_t total, bool bytes)
{
    if (!enabled())
        return;
    int64_t now = clock_mono_ms();
    if (what != last_what) { /* a new phase: its own rate and time left */
        last_what = what;
        start_ms = now;
        start_done = done;
        last_ms = 0;
    }
    bool end = total > 0 && done >= total;
    if (last_ms && !end && now - last_ms < 200)
        return;
    last_ms = now;
    struct strbuf line = STRBUF_INIT;
    sb_adds(&line, what);
    if (done || total) { /* nothing counted yet of a total not known: the words alone */
        sb_addch(&line, ' ');
        amount(&line, done, bytes);
    }
    if (total > 0) {
        sb_adds(&line, _(" of "));
        amount(&line, total, bytes);
        int pct = (int)(done * 100 / total);
        sb_addf(&line, " [");
        for (int i = 0; i < 20; i++)
            sb_addch(&line, i < pct / 5 ? '#' : '.');
        sb_addf(&line, "] %d%%", pct);
    }
    double secs = (double)(now - start_ms) / 1000.0;
    if (secs >= 0.5 && done > start_done) {
        double rate = (double)(done - start_done) / secs;
        sb_adds(&line, "  ");
        if (bytes)
            sb_addf(&line, _("%.1f MiB/s"), rate / (1024.0 * 1024.0));
        else
            sb_addf(&line, _("%.0f/s"), rate);
        if (total > 0 && rate > 0 && done < total)
            sb_addf(&line, _("  %.0f s left"), (double)(total - done) / rate);
    }
    struct strbuf fit = STRBUF_INIT;
    width_fit(&fit, sb_str(&line), columns() - 1, WIDTH_LEFT);
    /* straight to the terminal: the line is ours (the filter on stderr would show its
     * carriage return and erase as escapes) */
    struct strbuf out = STRBUF_INIT;
    sb_addf(&out, "\r%s\033[K", sb_str(&fit));
    fflush(stderr);
    raw_err(sb_str(&out), out.len);
    sb_free(&out);
    shown = true;
    sb_free(&line);
    sb_free(&fit);
}

void progress_clear(void)
{
    if (!shown)
        return;
    fflush(stderr);
    raw_err("\r\033[K", 4);
    shown = false; /* drawn again at its next turn, with the same rate */
}

volatile sig_atomic_t stop_signal;
static struct sigaction saved[3];
static const int stop_sigs[3] = {SIGINT, SIGTERM, SIGHUP};

static void on_stop(int sig)
{
    if (stop_signal == sig) { /* asked twice: go now */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    stop_signal = sig;
}

void stop_catch(void)
{
    stop_signal = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaction(stop_sigs[i], &sa, &saved[i]);
}

void stop_release(void)
{
    for (int i = 0; i < 3; i++)
        sigaction(stop_sigs[i], &saved[i], NULL);
}

static void watch_show(void *arg, enum work_phase phase, int64_t done, int64_t total)
{
    (void)arg;
    static const char *what[4];
    if (!what[0]) {
        what[WORK_CHECKING] = _("checking the audit log");
        what[WORK_COUNTING] = _("counting members");
        what[WORK_MAKING] = _("making gifts");
        what[WORK_COPYING] = _("copying the shop");
    }
    progress_show(what[phase], done, total, false);
}

static bool watch_stopping(void *arg)
{
    (void)arg;
    return stop_signal != 0;
}

void progress_watch(struct session *s)
{
    stop_catch();
    session_watch(s, watch_show, watch_stopping, NULL);
}

void progress_unwatch(struct session *s)
{
    session_watch(s, NULL, NULL, NULL);
    stop_release();
    progress_clear();
}

int stop_report(const char *what)
{
    fflush(stdout);
    /* L10N: after Ctrl-C: "shopdesk: stopped: nothing was changed" */
    fprintf(stderr, _("shopdesk: stopped: %s\n"), what);
    return 128 + stop_signal;
}
