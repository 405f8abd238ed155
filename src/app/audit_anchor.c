#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "app/audit_anchor.h"
#include "app/paths.h"
#include "app/session.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/xalloc.h"

extern char **environ;

#define TAG "audit head "

static void log_head(void *arg, const char *db_path, int64_t id, const char *hash)
{
    const char *path = arg ? arg : db_path;
    static bool opened;
    if (!opened) {
        /* authpriv: readable by root and the adm group, not by the shop's staff */
        openlog("shopdesk", LOG_PID, LOG_AUTHPRIV);
        opened = true;
    }
    syslog(LOG_NOTICE, TAG "%lld %s %s", (long long)id, hash, path);
}

void audit_anchor_install(struct session *s)
{
    free(s->db_real);
    s->db_real = realpath(s->db_path, NULL);
    store_set_audit_hook(s->st, log_head, s->db_real);
}

/* One line of the system log: a head of this shop? */
static void take_line(const char *line, const char *path, struct anchor_result *r)
{
    const char *p = strstr(line, TAG);
    if (!p)
        return;
    p += strlen(TAG);
    char *end;
    long long id = strtoll(p, &end, 10);
    if (end == p || *end != ' ' || id <= 0)
        return;
    p = end + 1;
    size_t hl = strspn(p, "0123456789abcdef");
    if (hl != 64 || p[64] != ' ')
        return;
    const char *where = p + 65;
    size_t wl = strcspn(where, "\r\n");
    if (wl != strlen(path) || strncmp(where, path, wl) != 0)
        return;
    r->heads++;
    r->last.id = id;
    memcpy(r->last.hash, p, 64);
    r->last.hash[64] = '\0';
}

static void take_stream(FILE *f, const char *path, struct anchor_result *r)
{
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0)
        take_line(line, path, r);
    free(line);
}

/* Whether this login may read the whole system journal (root, adm, systemd-journal). */
static bool journal_reader(void)
{
    if (getuid() == 0)
        return true;
    const char *names[] = {"adm", "systemd-journal"};
    int n = getgroups(0, NULL);
    gid_t *list = n > 0 ? xcalloc((size_t)n, sizeof *list) : NULL;
    if (list)
        n = getgroups(n, list);
    bool in = false;
    for (size_t k = 0; k < 2 && !in; k++) {
        struct group *g = getgrnam(names[k]);
        for (int i = 0; g && i < n && !in; i++)
            in = list[i] == g->gr_gid;
        in = in || (g && getgid() == g->gr_gid);
    }
    free(list);
    return in;
}

/* journalctl's lines from shopdesk, streamed; false when it could not run. */
static bool read_journal(const char *path, struct anchor_result *r)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"journalctl", "-q", "--no-pager", "-o", "cat", "SYSLOG_IDENTIFIER=shopdesk",
                    NULL};
    pid_t pid;
    paths_user_begin(); /* the person's rights, not the shop's group */
    int e = posix_spawnp(&pid, "journalctl", &fa, NULL, argv, environ);
    paths_user_end();
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (e) {
        close(fds[0]);
        return false;
    }
    FILE *f = fdopen(fds[0], "r");
    if (f) {
        take_stream(f, path, r);
        fclose(f);
    } else {
        close(fds[0]);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static bool read_file(const char *file, const char *path, struct anchor_result *r)
{
    paths_user_begin();
    FILE *f = fopen(file, "re");
    paths_user_end();
    if (!f)
        return false;
    take_stream(f, path, r);
    fclose(f);
    return true;
}

int audit_anchor_compare(struct session *s, const char *file, struct anchor_result *r,
                         struct sd_err *err)
{
    memset(r, 0, sizeof *r);
    char *path = realpath(s->db_path, NULL);
    if (!path)
        path = xstrdup(store_label(s->st));
    if (file) {
        snprintf(r->source, sizeof r->source, "%s", file);
        if (!(r->read = read_file(file, path, r))) {
            int e = errno;
            free(path);
            return sd_fail(err, SD_IO, _("cannot read %s: %s"), file, strerror(e));
        }
    } else {
        struct stat sb;
        bool journald = stat("/run/systemd/journal/socket", &sb) == 0;
        const char *files[] = {"/var/log/auth.log", "/var/log/syslog"};
        if (journald && journal_reader()) {
            snprintf(r->source, sizeof r->source, "journalctl");
            r->read = read_journal(path, r);
        }
        for (size_t i = 0; i < 2 && !r->read && !journald; i++) {
            if (access(files[i], R_OK) != 0)
                continue;
            snprintf(r->source, sizeof r->source, "%s", files[i]);
            r->read = read_file(files[i], path, r);
        }
        if (!r->read)
            snprintf(r->why, sizeof r->why, "%s",
                     journald ? _("only root and members of adm or systemd-journal can read the "
                                  "journal")
                              : _("no journal, and no readable /var/log/auth.log or "
                                  "/var/log/syslog"));
    }
    free(path);
    if (!r->read || r->heads == 0)
        return SD_OK;
    /* the chain holds every row before a head that still matches: the last one is enough */
    bool ok;
    int rc = audit_head_compare(s, r->last.id, r->last.hash, &ok, r->now_hash, err);
    if (rc)
        return rc;
    r->mismatch = !ok;
    r->past_end = !ok && !r->now_hash[0];
    return SD_OK;
}

int audit_head_compare(struct session *s, int64_t id, const char *hash, bool *ok,
                       char now_hash[65], struct sd_err *err)
{
    now_hash[0] = '\0';
    int rc = store_audit_hash_of(s->st, id, now_hash, err);
    if (rc == SD_NOT_FOUND) {
        now_hash[0] = '\0';
        *ok = false;
        return SD_OK;
    }
    if (rc)
        return rc;
    *ok = !strcmp(now_hash, hash);
    return SD_OK;
}
