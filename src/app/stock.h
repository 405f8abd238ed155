#ifndef SHOPDESK_APP_STOCK_H
#define SHOPDESK_APP_STOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "store/stock.h"

struct session;
struct order_line;

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
 * condition c, for an order, a refund or a gift. A delivery or an adjustment is audited as
 * stock.move; a pick, a gift or a return is in the audit row of the action that made it (the
 * ledger's row names the order, the refund and who). A move that would take the count below
 * 0 is refused with the count there is. */
int stock_move_in(struct session *s, const char *sku, enum stock_condition c, int64_t n,
                  enum stock_kind kind, int64_t order_id, int64_t refund_id,
                  const char *reason, struct sd_err *err);

/* Inside the caller's write transaction: the goods of a paid order leave the shelf as it
 * goes into a pick wave, each line of a stocked SKU from the new stock (the open-box stock for
 * an order sold as open-box; never the other). A SKU never stocked is not counted. When a
 * count is short nothing is taken, *short_of is true and why gets one line ("SKU: 1 new,
 * 2 needed"). Gift orders took theirs when they were made. */
int stock_pick_order(struct session *s, int64_t order_id, bool *short_of, struct strbuf *why,
                     struct sd_err *err);
/* The same for lines already in hand (an import's), as new stock; nothing taken when short. */
int stock_take_lines(struct session *s, int64_t order_id, const struct order_line *lines,
                     size_t n, bool *short_of, struct strbuf *why, struct sd_err *err);
/* Inside the caller's write transaction: what a cancelled order took goes back where it
 * came from (back: true), or is taken again when the cancel is undone (back: false; short:
 * SD_REFUSED with the count there is). */
int stock_order_release(struct session *s, int64_t order_id, bool back, struct sd_err *err);
/* An order sold as open-box, or not (before it is in a pick wave); orders.edit, audited. */
int stock_order_open_box(struct session *s, int64_t order_id, bool on, struct sd_err *err);

/* Reading: who may see orders. */
int stock_page(struct session *s, const char *after, const char *sku_like,
               struct stock_row *out, int n, int *found, struct sd_err *err);
int stock_history(struct session *s, const char *sku, struct stock_move *out, int n,
                  int *found, struct sd_err *err);

/* The SKUs whose counts are not the sum of their movements, a line each into out (changed
 * behind shopdesk's back); returns how many, or -1 when the database could not say. */
struct strbuf;
int stock_verify(struct session *s, struct strbuf *out, struct sd_err *err);

/* Defects by SKU: the page an owner takes to the maker. For [from, to): the SKUs with the
 * most defective returns, each with the requests' reasons, the share of the units sold in the
 * same days, the defective units of each of the 12 weeks up to `to`, and what the buyers
 * said. Owners (review.read). */
#define DEFECT_SKUS 20
#define DEFECT_REASONS 4
#define DEFECT_WEEKS 12
#define DEFECT_COMMENTS 5
struct defect_sku {
    char sku[48];
    int64_t units, refunds, sold;
    int64_t share; /* hundredths of a percent of the units sold; -1 when none were sold */
    char reason[DEFECT_REASONS][24];
    int64_t reason_units[DEFECT_REASONS];
    int nreasons;
    int64_t weeks[DEFECT_WEEKS]; /* weeks[0]: the week up to `to` */
    char *comments[DEFECT_COMMENTS];
    int ncomments;
};
int defects_report(struct session *s, int64_t from, int64_t to, struct defect_sku *out,
                   int *n, struct sd_err *err);
void defects_clear(struct defect_sku *v, int n);
/* How a defects line reads, alike on a terminal and in the console: the share ("12.50%",
 * "-" with nothing sold); the reasons with their units ("quality problem 4, arrived damaged
 * 1"; keys: "quality 4, damaged 1"); the 12 weeks as a bar chart, the latest on the right. */
void defect_share_text(int64_t share, char *buf, size_t n);
void defect_reasons_text(const struct defect_sku *d, bool keys, struct strbuf *out);
void defect_weeks_chart(const struct defect_sku *d, struct strbuf *out);

/* A jump in a SKU's defect share up to `end`: in the 7 days before it at least 3 defective
 * units and 5% of the units sold, and twice its share of the 28 days before those. How many
 * SKUs jumped; with d, a line each (the review's exception and its list). Inside a read. */
struct detail;
int defects_jumps(struct session *s, int64_t end, int64_t *count, struct detail *d,
                  struct sd_err *err);

/* What a condition or movement is, as a person reads it (translated). */
const char *stock_condition_label(enum stock_condition c);
const char *stock_kind_label(enum stock_kind k);

#endif
