#ifndef SHOPDESK_APP_TIERS_H
#define SHOPDESK_APP_TIERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "core/tier.h"

struct session;

/* What a recompute did (or a preview would do): members looked at, rows written, and the
 * moves from tier to tier. */
struct tier_run {
    int64_t members;
    int64_t written;
    int64_t up, down;
    int64_t moves[TIER_MAX][TIER_MAX]; /* [from][to]; a preview counts who stays on the diagonal */
    int64_t waiting;                   /* below their keep rule, in the grace period */
    int64_t ms;
};

/* Recompute R, F, M and the tier of every member from the orders, in one transaction: a
 * tier change is recorded with its reason in the tier history and the whole run in the audit
 * log. Needs the tiers permission. */
int tiers_recompute(struct session *s, struct tier_run *out, struct sd_err *err);

/* The same for the given members inside the caller's write transaction (after an import);
 * ids sorted, consecutive ids read together as a run. More than TIERS_ONE_BY_ONE runs, or
 * ids NULL, make one full pass over every member instead. No permission check: the import
 * was allowed. */
#define TIERS_ONE_BY_ONE 2000
int tiers_recompute_members(struct session *s, const int64_t *ids, size_t n,
                            struct tier_run *out, struct sd_err *err);

/* The same for runs of member ids, [lo, hi) each, sorted and apart. */
struct id_range {
    int64_t lo, hi;
};
int tiers_recompute_runs(struct session *s, const struct id_range *runs, size_t n,
                         struct tier_run *out, struct sd_err *err);

/* How members would sit under other tier rules (a shop.yaml being edited): moves[from][to]
 * from each member's tier now to the tier they settle in under cfg (a downgrade counted as
 * if the grace period were over; waiting counts those it would still hold). Writes nothing. */
int tiers_preview(struct session *s, const struct tier_config *cfg, struct tier_run *out,
                  struct sd_err *err);

/* The start of the RFM window for now: window_days shop days back. */
int64_t tiers_window_from(const struct tier_config *c, int64_t now);

#endif
