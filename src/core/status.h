#ifndef SHOPDESK_CORE_STATUS_H
#define SHOPDESK_CORE_STATUS_H

#include <stdarg.h>

/* Recoverable errors: one list that yields the enum, the exit code class and a translatable
 * summary. The detailed message (with file:line, amounts, names) travels in struct sd_err. */
#define SD_STATUS_LIST(_)                                                                          \
    _(OK, 0, N_("done"))                                                                           \
    _(USAGE, 2, N_("bad usage"))                                                                   \
    _(INPUT, 2, N_("bad input"))                                                                   \
    _(REFUSED, 1, N_("refused"))                                                                   \
    _(FORBIDDEN, 1, N_("not allowed for your roles"))                                              \
    _(NOT_STAFF, 1, N_("not a member of this shop's staff"))                                       \
    _(NOT_FOUND, 1, N_("not found"))                                                               \
    _(CONFLICT, 1, N_("already done"))                                                             \
    _(LIMIT, 1, N_("over the limit"))                                                              \
    _(NO_SHOP, 1, N_("no shop here"))                                                              \
    _(BUSY, 1, N_("the shop is busy; try again"))                                                  \
    _(IO, 1, N_("input/output error"))                                                             \
    _(STORE, 1, N_("database error"))                                                              \
    _(CANCELLED, 1, N_("cancelled"))

#define SD_STATUS_ENUM(name, exit, msg) SD_##name,
enum sd_status { SD_STATUS_LIST(SD_STATUS_ENUM) SD_STATUS_COUNT };
#undef SD_STATUS_ENUM

/* A status with its detailed, already translated message. A zeroed struct is "no error". */
struct sd_err {
    enum sd_status code;
    char msg[512];
};

/* Set err (if not NULL) and return code. fmt is a translated format string. */
int sd_fail(struct sd_err *err, enum sd_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int sd_vfail(struct sd_err *err, enum sd_status code, const char *fmt, va_list ap);
void sd_err_clear(struct sd_err *err);

/* Translated one-line summary of a status. */
const char *sd_status_text(enum sd_status code);
/* The message to show: the detail when there is one, else the summary. */
const char *sd_err_text(const struct sd_err *err);
/* Process exit code for a status: 0 done, 1 refused or failed, 2 bad usage or input. */
int sd_status_exit(enum sd_status code);

#endif
