#ifndef SHOPDESK_APP_DETAIL_H
#define SHOPDESK_APP_DETAIL_H

#include <stddef.h>

/* A detail view as data: headings, label/value fields and text lines with a tone. The
 * console draws it in a pager with theme slots; the command line prints it as text. */

enum detail_tone {
    TONE_NORMAL,
    TONE_DIM,
    TONE_HEADING,
    TONE_OK,
    TONE_WARNING,
    TONE_ALARM,
    TONE_MONEY_IN,
    TONE_MONEY_OUT,
    TONE_GIFT,
};

enum detail_kind { DETAIL_HEADING, DETAIL_FIELD, DETAIL_TEXT };

struct detail_line {
    enum detail_kind kind;
    enum detail_tone tone;
    char *label;
    char *value;
};

struct detail {
    char *title;
    struct detail_line *lines;
    size_t n, cap;
};

void detail_init(struct detail *d);
void detail_free(struct detail *d);
void detail_title(struct detail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void detail_heading(struct detail *d, const char *text);
void detail_field(struct detail *d, const char *label, enum detail_tone tone, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
void detail_text(struct detail *d, enum detail_tone tone, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
