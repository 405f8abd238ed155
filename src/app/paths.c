#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_GETAUXVAL
#include <sys/auxv.h>
#endif

#include "app/paths.h"
#include "util/fileio.h"
#include "util/xalloc.h"

/* Worked out once; forgotten when the process gives up its privileges. */
static char *home, *configdir, *cachedir, *datashop;

/* decided once: paths_user_begin() makes the effective group the real one for a while;
 * paths_drop_group() ends it for good */
static int secure = -1;

bool paths_secure(void)
{
    if (secure < 0) {
        secure = getuid() != geteuid() || getgid() != getegid();
#ifdef HAVE_GETAUXVAL
        if (getauxval(AT_SECURE))
            secure = 1;
#endif
    }
    return secure == 1;
}

static gid_t shop_gid;
static int user_depth;

void paths_user_begin(void)
{
    if (!paths_secure())
        return;
    if (user_depth++ == 0) {
        shop_gid = getegid();
        /* to the real group: always allowed; if it ever failed, going on would open the
         * person's file with the shop's rights */
        if (setegid(getgid()) != 0)
            abort();
    }
}

void paths_user_end(void)
{
    if (!paths_secure() || user_depth == 0)
        return;
    if (--user_depth == 0 && setegid(shop_gid) != 0)
        abort();
}

void paths_drop_group(void)
{
    if (!paths_secure())
        return;
    gid_t g = getgid();
    /* real, effective and saved: the shop's group is gone for good; if it were not, going on
     * would do the person's work with the shop's rights */
    if (setresgid(g, g, g) != 0 || getegid() != g)
        abort();
    user_depth = 0;
    /* nothing is left that the person does not have: their environment counts again */
    secure = 0;
    char **slots[] = {&home, &configdir, &cachedir, &datashop};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        free(*slots[i]);
        *slots[i] = NULL;
    }
}

bool paths_in_own_group(void)
{
    gid_t g = paths_secure() && user_depth ? shop_gid : getegid();
    if (getgid() == g)
        return true;
    int n = getgroups(0, NULL);
    if (n <= 0)
        return false;
    gid_t *list = xcalloc((size_t)n, sizeof *list);
    n = getgroups(n, list);
    bool in = false;
    for (int i = 0; i < n && !in; i++)
        in = list[i] == g;
    free(list);
    return in;
}

int paths_access(const char *path, int mode)
{
    /* the effective ids: a setgid shopdesk reaches the shop through its group */
    return faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

const char *paths_getenv(const char *name)
{
    if (paths_secure())
        return NULL;
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The directory of the running program, as the kernel names it (NULL if unknown). */
static const char *program_dir(void)
{
    static char *dir;
    static bool tried;
    if (!tried) {
        tried = true;
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            dir = path_dirname(exe);
        }
    }
    return dir;
}

/* dir/rel, canonical, if it holds probe; NULL otherwise. Caller frees. */
static char *beside(const char *dir, const char *rel, const char *probe)
{
    char *cand = path_join(dir, rel), *file = path_join(cand, probe), *real = NULL;
    if (path_exists(file))
        real = realpath(cand, NULL);
    free(cand);
    free(file);
    return real;
}

static bool in_build_tree(void)
{
    const char *d = program_dir();
    size_t k = strlen(SD_BUILDDIR);
    return d && !strncmp(d, SD_BUILDDIR, k) && (d[k] == '/' || d[k] == '\0');
}

/* Files are found relative to the program, so a build tree that is moved or copied, or an
 * installation under another prefix, still finds its own: beside it (a build tree), under
 * ../share (an installation), the source tree it was built from, and last the configured
 * directory. A setgid shopdesk uses the configured directories alone. */
static const char *find_dir(char **slot, const char *tree_rel, const char *share_rel,
                            const char *probe, const char *built, const char *installed)
{
    if (*slot)
        return *slot;
    const char *d = paths_secure() ? NULL : program_dir();
    if (d && !(*slot = beside(d, tree_rel, probe)) && !(*slot = beside(d, share_rel, probe)) &&
        in_build_tree())
        *slot = xstrdup(built);
    if (!*slot)
        *slot = xstrdup(installed);
    return *slot;
}

const char *paths_datadir(void)
{
    const char *env = paths_getenv("SHOPDESK_DATADIR");
    if (env)
        return env;
    static char *dir;
    return find_dir(&dir, "..", "../share/" PACKAGE, "data/shop.yaml", SD_SRCDIR, PKGDATADIR);
}

const char *paths_localedir(void)
{
    const char *env = paths_getenv("SHOPDESK_LOCALEDIR");
    if (env)
        return env;
    static char *dir;
    return find_dir(&dir, "../locale", "../share/locale", "zh_CN/LC_MESSAGES/" PACKAGE ".mo",
                    SD_BUILDDIR "/locale", LOCALEDIR);
}

static char login[256];

void paths_set_login(const char *name)
{
    snprintf(login, sizeof login, "%s", name ? name : "");
}

const char *paths_login(void)
{
    if (!login[0]) {
        struct passwd *pw = getpwuid(getuid());
        if (!pw)
            return NULL;
        snprintf(login, sizeof login, "%s", pw->pw_name);
    }
    return login;
}

const char *paths_home(void)
{
    if (!home) {
        const char *h = paths_getenv("HOME");
        if (!h) {
            struct passwd *pw = getpwuid(getuid());
            h = pw ? pw->pw_dir : "/";
        }
        home = xstrdup(h);
    }
    return home;
}

static const char *xdg(const char *var, const char *fallback, const char *suffix, char **slot)
{
    if (!*slot) {
        const char *v = paths_getenv(var);
        char *base = v && v[0] == '/' ? xstrdup(v) : path_join(paths_home(), fallback);
        *slot = path_join(base, suffix);
        free(base);
    }
    return *slot;
}

const char *paths_configdir(void)
{
    return xdg("XDG_CONFIG_HOME", ".config", "shopdesk", &configdir);
}

const char *paths_cachedir(void)
{
    return xdg("XDG_CACHE_HOME", ".cache", "shopdesk", &cachedir);
}

const char *paths_secure_shop(void)
{
    return SD_SECURE_SHOP;
}

const char *paths_default_shop(void)
{
    if (paths_secure())
        return paths_secure_shop();
    return xdg("XDG_DATA_HOME", ".local/share", "shopdesk/shop", &datashop);
}
