#ifndef SHOPDESK_UTIL_UTF8_H
#define SHOPDESK_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 sequence from s (at most len bytes). Returns the number of bytes used and
 * stores the code point, or returns -1 for an invalid, overlong or truncated sequence or a
 * surrogate. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Whether cp is written in Chinese, Japanese or Korean script (Han, kana, hangul): text
 * without spaces between its words, searched by one or two characters. */
bool utf8_is_cjk(uint32_t cp);
/* Whether s is one or more such characters and nothing else. */
bool utf8_all_cjk(const char *s);
/* The one- and two-character pieces of every run of such characters in s, separated by
 * spaces ("李娜买" -> "李 李娜 娜 娜买 买"), into out (NUL-terminated; out_size at least
 * 4 * strlen(s) + 1 is always enough). Returns the length written. */
size_t utf8_cjk_grams(const char *s, char *out, size_t out_size);

/* Encode cp into out (at least 4 bytes); returns the number of bytes written (0 if invalid). */
int utf8_encode(uint32_t cp, char *out);

/* True if s[0..len) is valid UTF-8; on failure *bad (if not NULL) is the offset of the first
 * invalid byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* Number of code points in a valid UTF-8 string (invalid bytes count as one each). */
size_t utf8_length(const char *s);

/* Byte offset of the start of the code point before position pos (pos > 0). */
size_t utf8_prev(const char *s, size_t pos);

/* Copy src into dst (size n, NUL-terminated) without splitting a UTF-8 character. */
void utf8_copy(char *dst, size_t n, const char *src);

/* Double-encoded UTF-8: text whose UTF-8 bytes were read as Windows-1252 (or Latin-1) and
 * written out as UTF-8 again ("XuÃ¢n" for "Xuân"). A scanner fed every chunk of a text tells
 * whether all its characters from U+0080 to U+00FF (and the Windows-1252 ones) form such
 * sequences, and at least one does: then the whole text is double-encoded and can be
 * repaired; a text where some do not is left alone. */
struct mojibake {
    int64_t sequences; /* repairable sequences seen */
    int64_t strays;    /* characters that cannot be part of one */
    uint8_t pend[4];   /* bytes of a sequence cut by the chunk's end */
    int npend, want;
};
/* Feed s[0..len) (valid UTF-8, cut anywhere). */
void mojibake_scan(struct mojibake *m, const char *s, size_t len);
bool mojibake_found(const struct mojibake *m);
/* Repair s in place (it only gets shorter). */
void mojibake_repair(char *s);

#endif
