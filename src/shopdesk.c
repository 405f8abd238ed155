#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/paths.h"
#include "app/session.h"
#include "cli/cli.h"
#include "conf/userconf.h"
#include "core/clock.h"
#include "core/tz.h"
#include "store/orders.h"
#include "tui/ui.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/safeout.h"
#include "util/width.h"

enum { OPT_VERSION = CLI_OPT_FIRST_PRIVATE, OPT_RESET, OPT_THEME };

#if defined(SD_SANITIZERS) && defined(HAVE_GETAUXVAL)
#include <sys/auxv.h>
/* Sanitizer builds only (CI). Run setgid, the process cannot be traced, so LeakSanitizer's
 * check at exit fails; nor can the runtime read ASAN_OPTIONS (/proc/self/environ is closed
 * to a setgid process). So leaks are not checked in a setgid run; the same code is checked
 * in every other test. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return getauxval(AT_SECURE) ? "detect_leaks=0" : "";
}
#endif

#ifdef SD_TEST_BUILD
/* The test build only (tests/shopdesk-test): SHOPDESK_NOW "2026-11-20T10:00:00+08:00"
 * freezes the clock there; with a trailing '+' the clock starts there and runs. The shopdesk
 * a shop runs is built without this: no variable a login can set moves its clock. */
static void clock_from_env(void)
{
    const char *v = paths_getenv("SHOPDESK_NOW");
    if (!v)
        return;
    char buf[64];
    snprintf(buf, sizeof buf, "%s", v);
    size_t n = strlen(buf);
    bool running = n > 0 && buf[n - 1] == '+' && (n < 6 || buf[n - 6] != '+');
    if (running)
        buf[n - 1] = '\0';
    int64_t t;
    if (time_parse(buf, &t, NULL) == SD_OK)
        clock_set(t, running);
}
#endif

/* Personal language setting: LANGUAGE drives gettext's choice of catalog. */
static void language_from_config(void)
{
    struct userconf uc;
    char *path = path_join(paths_configdir(), "config.yaml");
    paths_user_begin(); /* the person's file, with their own rights */
    int rc = userconf_load(path, &uc, NULL);
    paths_user_end();
    if (rc == SD_OK && uc.language && !getenv("LANGUAGE"))
        setenv("LANGUAGE", uc.language, 1);
    userconf_clear(&uc);
    free(path);
}

/* The person named a UTF-8 locale that this host has not generated (zh_CN.UTF-8 on a fresh
 * Debian): run in C.UTF-8 so text still works, and keep the language of messages. */
static void locale_fallback(void)
{
    if (setlocale(LC_ALL, ""))
        return;
    const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *want = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !want; i++) {
        const char *v = getenv(names[i]);
        if (v && *v)
            want = v;
    }
    if (!want || (!strcasestr(want, "utf-8") && !strcasestr(want, "utf8")))
        return;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        return;
    char lang[32];
    snprintf(lang, sizeof lang, "%s", want);
    lang[strcspn(lang, ".@")] = '\0';
    if (lang[0] && strcmp(lang, "C") && strcmp(lang, "POSIX") && !getenv("LANGUAGE"))
        setenv("LANGUAGE", lang, 1);
}

int main(int argc, char **argv)
{
    /* messages name files and quote their contents: no control reaches the terminal */
    safe_err_install();
    locale_fallback();
    language_from_config();
    bindtextdomain(PACKAGE, paths_localedir());
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
    width_init();
#ifdef SD_TEST_BUILD
    clock_from_env();
    /* SHOPDESK_LOGIN plays another staff member from the tester's own account */
    if (paths_getenv("SHOPDESK_LOGIN"))
        paths_set_login(paths_getenv("SHOPDESK_LOGIN"));
    /* SHOPDESK_SEARCH_SAMPLE "MIN,WINDOW": a small shop's searches plan as a large one's */
    long long min_orders, window;
    if (paths_getenv("SHOPDESK_SEARCH_SAMPLE") &&
        sscanf(paths_getenv("SHOPDESK_SEARCH_SAMPLE"), "%lld,%lld", &min_orders, &window) == 2)
        store_search_sampling(min_orders, window);
#endif

    struct cli c;
    memset(&c, 0, sizeof c);
    struct tui_opts topts = {0};
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"version", no_argument, NULL, OPT_VERSION},
        {"reset", no_argument, NULL, OPT_RESET},
        {"theme", required_argument, NULL, OPT_THEME},
        {NULL, 0, NULL, 0},
    };
    int opt, ex = 0;
    const char *arg;
    c.cmd = NULL;
    optind = 0;
    /* "+": stop at the first word that is not an option: the command */
    while ((opt = cli_getopt(&c, argc, argv, "+" CLI_COMMON_SHORT, longopts, &arg, &ex)) != -1) {
        switch (opt) {
        case CLI_OPT_HELP:
        case 'h':
            cli_print_usage(stdout);
            return 0;
        case OPT_VERSION:
            printf("shopdesk %s\n", PACKAGE_VERSION);
            return 0;
        case OPT_RESET:
            c.so.demo_reset = true;
            break;
        case OPT_THEME:
            topts.theme = arg;
            break;
        default:
            return 2;
        }
    }
    if (ex)
        return ex;
    if (c.so.demo_reset && !c.so.demo)
        return cli_usage_error(NULL, _("--reset goes with --demo"));
    if (optind < argc)
        return cli_run(&c, argc - optind, argv + optind);

    if ((ex = tui_check_terminal()))
        return ex;
    struct session s;
    struct sd_err err = {0};
    if (session_open(&c.so, &s, &err))
        return cli_error(&err);
    bool hung_up = false;
    ex = tui_run(&s, &topts, &hung_up);
    session_close(&s);
    /* After a hang-up there is no one to tell anything: the shop is closed and saved, so
     * leave at once rather than run exit handlers against a terminal that is gone. */
    if (hung_up)
        _exit(ex);
    return ex;
}
