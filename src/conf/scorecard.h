#ifndef SHOPDESK_CONF_SCORECARD_H
#define SHOPDESK_CONF_SCORECARD_H

#include "core/mystery.h"
#include "core/status.h"

/* Scorecard templates: YAML files in the shop's scorecards/ directory, one a file named after
 * its id (chat-service.yaml holds `scorecard: chat-service`). Errors are FILE:LINE:COL. */

/* Load one file. *sc is the caller's (scorecard_free) on SD_OK. */
int scorecard_load(const char *path, struct scorecard *sc, struct sd_err *err);
int scorecard_parse(const char *label, const char *text, size_t len, struct scorecard *sc,
                    struct sd_err *err);
/* The scorecard called id in dir (dir/id.yaml). SD_NOT_FOUND names the ones there are. */
int scorecard_by_id(const char *dir, const char *id, struct scorecard *sc, struct sd_err *err);

#endif
