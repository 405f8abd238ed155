#ifndef SHOPDESK_UTIL_FILEIO_H
#define SHOPDESK_UTIL_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Read a whole file (at most max bytes; 0 = no limit) into a NUL-terminated buffer the caller
 * frees. Returns 0, or an errno value (EFBIG when larger than max). */
int file_read(const char *path, size_t max, char **buf, size_t *len);

/* Write data to path whole: a temporary file in the same directory, fsync, then rename, so
 * readers see the old file or the new one, never a part. Returns 0 or an errno value. */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* Create a directory and its parents (like mkdir -p). Returns 0 or an errno value. */
int dir_create(const char *path, mode_t mode);

/* Remove a directory and everything under it (like rm -rf; symlinks are not followed). */
void dir_remove_tree(const char *path);

bool path_exists(const char *path);
bool path_is_dir(const char *path);

/* Caller frees. */
char *path_join(const char *a, const char *b);
char *path_dirname(const char *path);
const char *path_basename(const char *path);

#endif
