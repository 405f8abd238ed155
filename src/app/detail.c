#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/detail.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void detail_init(struct detail *d)
{
    memset(d, 0, sizeof *d);
}

void detail_free(struct detail *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->lines[i].label);
        free(d->lines[i].value);
    }
    free(d->lines);
    free(d->title);
    memset(d, 0, sizeof *d);
}

static void add(struct detail *d, enum detail_kind kind, enum detail_tone tone,
                const char *label, char *value)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
    }
    d->lines[d->n++] = (struct detail_line){kind, tone, label ? xstrdup(label) : NULL, value};
}

static char *vformat(const char *fmt, va_list ap)
{
    struct strbuf sb = STRBUF_INIT;
    sb_vaddf(&sb, fmt, ap);
    return sb_detach(&sb);
}

void detail_title(struct detail *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(d->title);
    d->title = vformat(fmt, ap);
    va_end(ap);
}

void detail_heading(struct detail *d, const char *text)
{
    add(d, DETAIL_HEADING, TONE_HEADING, NULL, xstrdup(text));
}

void detail_field(struct detail *d, const char *label, enum detail_tone tone, const char *fmt,
                  ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DETAIL_FIELD, tone, label, vformat(fmt, ap));
    va_end(ap);
}

void detail_text(struct detail *d, enum detail_tone tone, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(d, DETAIL_TEXT, tone, NULL, vformat(fmt, ap));
    va_end(ap);
}
