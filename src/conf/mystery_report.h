#ifndef SHOPDESK_CONF_MYSTERY_REPORT_H
#define SHOPDESK_CONF_MYSTERY_REPORT_H

#include "core/mystery.h"
#include "core/status.h"

/* A mystery-shopper report written as YAML (data/examples/mystery-report.yaml shows every
 * field), checked against its scorecard in scorecards_dir: every answer fits its criterion,
 * a submitted report answers them all, the target is the kind the card is for. Evidence paths
 * are resolved against the report's directory (not read here). The score is computed. On
 * SD_OK *r and *sc are the caller's; errors are FILE:LINE:COL. */
int mystery_report_load(const char *path, const char *scorecards_dir, struct mystery_report *r,
                        struct scorecard *sc, struct sd_err *err);
int mystery_report_parse(const char *label, const char *text, size_t len,
                         const char *scorecards_dir, struct mystery_report *r,
                         struct scorecard *sc, struct sd_err *err);

#endif
