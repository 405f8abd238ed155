#ifndef SHOPDESK_CLI_CLI_H
#define SHOPDESK_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "app/session.h"
#include "cli/table.h"

/* Options every subcommand takes, wherever they appear on the line. */
struct cli {
    struct session_opts so;
    enum out_format format;
    bool format_given;
    const char *cmd; /* "staff add" */
};

/* Long options shared by every subcommand; add CLI_COMMON_OPTIONS to each table. */
enum {
    CLI_OPT_SHOP = 0x1000,
    CLI_OPT_DB,
    CLI_OPT_AS,
    CLI_OPT_FORMAT,
    CLI_OPT_HELP,
    CLI_OPT_DEMO,
    CLI_OPT_QUIET,
    CLI_OPT_PROGRESS,
    CLI_OPT_FIRST_PRIVATE,
};
#define CLI_COMMON_OPTIONS                                                                         \
    {"shop", required_argument, NULL, CLI_OPT_SHOP}, {"db", required_argument, NULL, CLI_OPT_DB},  \
        {"as", required_argument, NULL, CLI_OPT_AS},                                               \
        {"format", required_argument, NULL, CLI_OPT_FORMAT},                                       \
        {"help", no_argument, NULL, CLI_OPT_HELP}, {"demo", no_argument, NULL, CLI_OPT_DEMO},   \
        {"quiet", no_argument, NULL, CLI_OPT_QUIET},                                               \
        {"progress", no_argument, NULL, CLI_OPT_PROGRESS}
#define CLI_COMMON_SHORT "C:h"

/* Handle a common option (returns true) or return false for the caller to handle. On a bad
 * value prints the error and sets *exit_code to 2. */
bool cli_common(struct cli *c, int opt, const char *arg, int *exit_code);

/* getopt_long over argv (call with optind = 0 first): handles the common options and
 * returns the next private option (its argument in *arg), or -1 at the end or on an error
 * (then *exit_code is 2 and the message printed). */
int cli_getopt(struct cli *c, int argc, char **argv, const char *shortopts,
               const struct option *longopts, const char **arg, int *exit_code);

/* Print "shopdesk: message" and return the exit code for the status. */
int cli_error(const struct sd_err *err);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Open the session for c (prints the error and returns its exit code on failure, 0 on
 * success). */
int cli_open(struct cli *c, struct session *s);

/* Run a subcommand; argv[0] is the subcommand's name. Returns the exit code. */
int cli_run(struct cli *c, int argc, char **argv);

/* The subcommands. */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_staff(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_migrate(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_orders(struct cli *c, int argc, char **argv);
int cmd_wave(struct cli *c, int argc, char **argv);
int cmd_refund(struct cli *c, int argc, char **argv);
int cmd_compensate(struct cli *c, int argc, char **argv);
int cmd_members(struct cli *c, int argc, char **argv);
int cmd_tiers(struct cli *c, int argc, char **argv);
int cmd_gifts(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_ratings(struct cli *c, int argc, char **argv);
int cmd_stock(struct cli *c, int argc, char **argv);
int cmd_defects(struct cli *c, int argc, char **argv);
int cmd_prices(struct cli *c, int argc, char **argv);
int cmd_mystery(struct cli *c, int argc, char **argv);
int cmd_dispute(struct cli *c, int argc, char **argv);
int cmd_couriers(struct cli *c, int argc, char **argv);
int cmd_performance(struct cli *c, int argc, char **argv);

/* export orders (csv or json, streamed). */
int orders_export(struct cli *c);

struct detail;
/* A detail document as plain text. */
void detail_print(const struct detail *d, FILE *out);

/* Print the general usage. */
void cli_print_usage(FILE *out);

#endif
