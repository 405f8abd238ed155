#ifndef SHOPDESK_UTIL_FILEIO_H
#define SHOPDESK_UTIL_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Read a whole file (at most max bytes; 0 = no limit) into a NUL-terminated buffer the caller
 * frees. Returns 0, or an errno value (EFBIG when larger than max). */
int file_read(const char *path, size_t max, char **buf, size_t *len);

/* Write data to path whole, so readers see the old file or the new one, never a part, and
 * nobody can redirect the write: the directory is opened first; the data goes to a new file
 * there with an unpredictable name, created O_EXCL|O_NOFOLLOW (a link planted under any name
 * is never followed, never chmod'ed), given its mode through its descriptor, synced, and
 * renamed over path with renameat (which replaces a link named path, not what it points
 * to). Returns 0 or an errno value (EISDIR when path is a directory). */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode);

/* The same in two steps, for a file that must appear only if something else succeeds (a
 * pick list and the wave it lists): file_stage writes the hidden file; file_publish renames
 * it into place, file_discard removes it. Each frees the stage. */
struct file_stage {
    int dirfd;
    char *tmp, *base;
};
int file_stage(const char *path, const void *data, size_t len, mode_t mode,
               struct file_stage *st);
int file_publish(struct file_stage *st);
void file_discard(struct file_stage *st);

/* Create a directory and its parents (like mkdir -p). A directory made here is given mode
 * through its descriptor (not by path, and not cut by the umask); one that was there is left
 * as it is. Returns 0 or an errno value. */
int dir_create(const char *path, mode_t mode);

/* Remove a directory and everything under it (like rm -rf), never following a symbolic link:
 * each level is opened O_NOFOLLOW and its entries unlinked relative to it, so a link planted
 * anywhere in the tree (the top included) is removed as a link, and what it points to is
 * untouched. Returns 0 or the first errno value. */
int dir_remove_tree(const char *path);

/* Whether path itself is a symbolic link (lstat). */
bool path_is_link(const char *path);

bool path_exists(const char *path);
bool path_is_dir(const char *path);

/* Caller frees. */
char *path_join(const char *a, const char *b);
char *path_dirname(const char *path);
const char *path_basename(const char *path);

#endif
