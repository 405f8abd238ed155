#ifndef SHOPDESK_APP_STOCK_H
#define SHOPDESK_APP_STOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "store/stock.h"

struct session;

/* A SKU: printable, no blanks at either end, at most 47 bytes. */
int stock_sku_check(const char *sku, struct sd_err *err);

/* n units received into the SKU's stock as new or open-box (the warehouse's delivery), one
 * audited movement. Needs the stock permission. */
int stock_add(struct session *s, const char *sku, int64_t n, enum stock_condition c,
              const char *note, struct sd_err *err);

/* The SKU's count in one condition set to `to` (a stocktake), with the reason, one audited
 * movement of the difference; *delta receives it (0: it was already so, nothing written). */
int stock_adjust(struct session *s, const char *sku, enum stock_condition c, int64_t to,
                 const char *reason, int64_t *delta, struct sd_err *err);

/* Inside the caller's write transaction: n units of sku leave (n < 0) or come into (n > 0)
 * condition c, for an order, a refund or a gift; audited with the caller's action. A move
 * that would take the count below 0 is refused with the count there is. */
int stock_move_in(struct session *s, const char *sku, enum stock_condition c, int64_t n,
                  enum stock_kind kind, int64_t order_id, int64_t refund_id,
                  const char *reason, struct sd_err *err);

/* Reading: who may see orders. */
int stock_page(struct session *s, const char *after, const char *sku_like,
               struct stock_row *out, int n, int *found, struct sd_err *err);
int stock_history(struct session *s, const char *sku, struct stock_move *out, int n,
                  int *found, struct sd_err *err);

/* The SKUs whose counts are not the sum of their movements, a line each into out (changed
 * behind shopdesk's back); returns how many, or -1 when the database could not say. */
struct strbuf;
int stock_verify(struct session *s, struct strbuf *out, struct sd_err *err);

/* What a condition or movement is, as a person reads it (translated). */
const char *stock_condition_label(enum stock_condition c);
const char *stock_kind_label(enum stock_kind k);

#endif
