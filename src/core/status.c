#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "util/i18n.h"

#define SD_STATUS_TEXT(name, exit, msg) msg,
static const char *const texts[] = {SD_STATUS_LIST(SD_STATUS_TEXT)};
#undef SD_STATUS_TEXT

#define SD_STATUS_EXIT(name, exit, msg) exit,
static const int exits[] = {SD_STATUS_LIST(SD_STATUS_EXIT)};
#undef SD_STATUS_EXIT

int sd_vfail(struct sd_err *err, enum sd_status code, const char *fmt, va_list ap)
{
    if (err) {
        err->code = code;
        if (fmt)
            vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        else
            err->msg[0] = '\0';
    }
    return code;
}

int sd_fail(struct sd_err *err, enum sd_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sd_vfail(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void sd_err_clear(struct sd_err *err)
{
    if (err) {
        err->code = SD_OK;
        err->msg[0] = '\0';
    }
}

const char *sd_status_text(enum sd_status code)
{
    if ((int)code < 0 || code >= SD_STATUS_COUNT)
        return "?";
    return _(texts[code]);
}

const char *sd_err_text(const struct sd_err *err)
{
    return err->msg[0] ? err->msg : sd_status_text(err->code);
}

int sd_status_exit(enum sd_status code)
{
    if ((int)code < 0 || code >= SD_STATUS_COUNT)
        return 1;
    return exits[code];
}
