#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/xalloc.h"

int file_read(const char *path, size_t max, char **buf, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return e;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return EISDIR;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    if (max && cap > max + 1)
        cap = max + 1;
    char *p = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (max && n > max)
                break;
            cap *= 2;
            p = xrealloc(p, cap + 1);
        }
        ssize_t r = read(fd, p + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(p);
            close(fd);
            return e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (max && n > max) {
        free(p);
        return EFBIG;
    }
    p[n] = '\0';
    *buf = p;
    if (len)
        *len = n;
    return 0;
}

/* A name no one can guess: ".BASE.XXXXXXXXXXXX" from the kernel's random source. */
static char *stage_name(const char *base)
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[12];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t n = getrandom(r + got, sizeof r - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            abort(); /* no randomness: a guessable name is not an option */
        got += (size_t)n;
    }
    char suffix[sizeof r + 1];
    for (size_t i = 0; i < sizeof r; i++)
        suffix[i] = digits[r[i] % (sizeof digits - 1)];
    suffix[sizeof r] = '\0';
    /* keep the name short enough for any file system whatever the base */
    return xasprintf(".%.*s.%s", 200, base, suffix);
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int file_stage(const char *path, const void *data, size_t len, mode_t mode,
               struct file_stage *st)
{
    memset(st, 0, sizeof *st);
    st->dirfd = -1;
    char *dir = path_dirname(path);
    const char *base = path_basename(path);
    int err = 0;
    if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
        free(dir);
        return EISDIR;
    }
    st->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (st->dirfd < 0)
        return errno;
    st->base = xstrdup(base);
    struct stat sb;
    if (fstatat(st->dirfd, base, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode)) {
        err = EISDIR;
        goto fail;
    }
    int fd = -1;
    for (int tries = 0; fd < 0 && tries < 16; tries++) {
        free(st->tmp);
        st->tmp = stage_name(base);
        fd = openat(st->dirfd, st->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    mode & 0777);
        if (fd < 0 && errno != EEXIST) {
            err = errno;
            free(st->tmp);
            st->tmp = NULL;
            goto fail;
        }
    }
    if (fd < 0) {
        err = EEXIST;
        free(st->tmp);
        st->tmp = NULL;
        goto fail;
    }
    /* the mode asked for, not what the umask leaves of it (shops are shared by a group):
     * through the descriptor of the file just made, never by name */
    if (fchmod(fd, mode) < 0)
        err = errno;
    if (!err)
        err = write_all(fd, data, len);
    if (!err && fsync(fd) < 0)
        err = errno;
    if (close(fd) < 0 && !err)
        err = errno;
    if (err)
        goto fail;
    return 0;
fail:
    file_discard(st);
    return err;
}

int file_publish(struct file_stage *st)
{
    int err = 0;
    if (renameat(st->dirfd, st->tmp, st->dirfd, st->base) < 0)
        err = errno;
    else
        fsync(st->dirfd); /* the new name survives a power cut too */
    if (err)
        unlinkat(st->dirfd, st->tmp, 0);
    free(st->tmp);
    st->tmp = NULL;
    file_discard(st);
    return err;
}

void file_discard(struct file_stage *st)
{
    if (st->dirfd >= 0 && st->tmp)
        unlinkat(st->dirfd, st->tmp, 0);
    if (st->dirfd >= 0)
        close(st->dirfd);
    free(st->tmp);
    free(st->base);
    memset(st, 0, sizeof *st);
    st->dirfd = -1;
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
    struct file_stage st;
    int err = file_stage(path, data, len, mode, &st);
    return err ? err : file_publish(&st);
}

/* mkdir, then the mode through a descriptor of what was made (O_NOFOLLOW: if a link took
 * the name in between, nothing is changed through it). */
static int make_dir(const char *path, mode_t mode, bool *made)
{
    *made = false;
    if (mkdir(path, mode & 0777) < 0)
        return errno == EEXIST ? 0 : errno;
    *made = true;
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int err = fchmod(fd, mode) < 0 ? errno : 0;
    close(fd);
    return err;
}

int dir_create(const char *path, mode_t mode)
{
    char *p = xstrdup(path);
    int err = 0;
    bool made;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if ((err = make_dir(p, mode, &made)))
            goto out;
        *s = '/';
    }
    if ((err = make_dir(p, mode, &made)))
        goto out;
    if (!path_is_dir(p))
        err = ENOTDIR;
out:
    free(p);
    return err;
}

/* Remove name in the directory parent: a directory (opened O_NOFOLLOW, so never through a
 * link) with everything in it, anything else unlinked as it is. */
static int remove_at(int parent, const char *name, int depth)
{
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOTDIR || errno == ELOOP)
            return unlinkat(parent, name, 0) < 0 && errno != ENOENT ? errno : 0;
        return errno == ENOENT ? 0 : errno;
    }
    if (depth > 64) { /* deeper than any shop: refuse rather than run out of descriptors */
        close(fd);
        return ELOOP;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        return e;
    }
    int first = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        int r = remove_at(dirfd(d), e->d_name, depth + 1);
        if (r && !first)
            first = r;
        if (r == ELOOP)
            break;
    }
    closedir(d);
    if (unlinkat(parent, name, AT_REMOVEDIR) < 0 && errno != ENOENT && !first)
        first = errno;
    return first;
}

int dir_remove_tree(const char *path)
{
    char *dir = path_dirname(path);
    const char *base = path_basename(path);
    int pfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (pfd < 0)
        return errno;
    int err = *base && strcmp(base, ".") && strcmp(base, "..") ? remove_at(pfd, base, 0) : EINVAL;
    close(pfd);
    return err;
}

bool path_is_link(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

bool path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *path_join(const char *a, const char *b)
{
    if (b[0] == '/')
        return xstrdup(b);
    size_t la = strlen(a);
    if (la > 0 && a[la - 1] == '/')
        return xasprintf("%s%s", a, b);
    return xasprintf("%s/%s", a, b);
}

char *path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}
