#ifndef SHOPDESK_CLI_PROGRESS_H
#define SHOPDESK_CLI_PROGRESS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* Long work at a terminal: one line on standard error, redrawn in place at most five times a
 * second (what, how far with a bar when the total is known, the rate and the time left), and
 * gone before the summary. Off when standard error is not a terminal, unless forced
 * (--progress); --quiet turns it off. */

enum progress_mode { PROGRESS_AUTO, PROGRESS_OFF, PROGRESS_ON };

/* Set once from the command line. */
void progress_set_mode(enum progress_mode m);
/* Show where the work is: what (translated, short), done of total units (total 0: not known);
 * bytes: the units are bytes (shown as MiB). */
void progress_show(const char *what, int64_t done, int64_t total, bool bytes);
/* Clear the line (before the summary or an error). */
void progress_clear(void);

/* Stopping: while between stop_catch() and stop_release(), SIGINT, SIGTERM and SIGHUP set
 * stop_signal (the signal's number) instead of ending the process, so that the work can roll
 * back and say so. A second signal of the same kind ends the process at once. */
extern volatile sig_atomic_t stop_signal;
void stop_catch(void);
void stop_release(void);

struct session;
/* A session's long work (checking the audit log, counting members' tiers, making gifts) on
 * the progress line, and a stop signal stopping it, until progress_unwatch. */
void progress_watch(struct session *s);
void progress_unwatch(struct session *s);
/* After work that a signal stopped: "shopdesk: stopped: " and what became of the work on
 * standard error; returns the exit status (128 + the signal). */
int stop_report(const char *what);

#endif
