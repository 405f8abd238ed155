#ifndef SHOPDESK_STORE_STOCK_H
#define SHOPDESK_STORE_STOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct store;

/* Goods on the shelves by SKU and condition, and the ledger of their movements. The counts
 * follow from the movements by the database's own trigger; a movement that would take a
 * count below zero is refused (SD_REFUSED). */
enum stock_condition { STOCK_NEW, STOCK_OPEN_BOX, STOCK_DEFECTIVE, STOCK_CONDITIONS };
enum stock_kind { STOCK_RECEIVED, STOCK_PICKED, STOCK_GIFT, STOCK_RETURNED, STOCK_ADJUSTED };

const char *stock_condition_key(enum stock_condition c); /* "new", "open_box", "defective" */
/* "new", "open-box" (or "open_box"), "defective" → the condition; -1 otherwise */
int stock_condition_parse(const char *s);
const char *stock_kind_key(enum stock_kind k);
int stock_kind_parse(const char *s);

struct stock_row {
    char sku[48];
    int64_t qty[STOCK_CONDITIONS]; /* by enum stock_condition */
};

struct stock_move {
    int64_t id, at;
    char sku[48];
    enum stock_condition condition;
    int64_t delta;
    enum stock_kind kind;
    int64_t order_id, refund_id; /* 0: none */
    char reason[160];
    char login[64];
};

/* Inside a write transaction: one movement (id set on return). */
int store_stock_move(struct store *st, struct stock_move *m, struct sd_err *err);
/* Inside a write transaction: the SKU is stocked from now on (a row of zeros if it had none). */
int store_stock_known(struct store *st, const char *sku, struct sd_err *err);
/* The SKU's counts; *known false when it was never stocked (all counts 0). */
int store_stock_get(struct store *st, const char *sku, struct stock_row *out, bool *known,
                    struct sd_err *err);
/* Stocked SKUs by SKU, from after (exclusive; "" for the first), up to n; sku_like filters
 * by a part of the SKU when given. Returns how many, or -1. */
int store_stock_page(struct store *st, const char *after, const char *sku_like,
                     struct stock_row *out, int n, struct sd_err *err);
/* The SKU's movements, newest first, up to n. Returns how many, or -1. */
int store_stock_moves(struct store *st, const char *sku, struct stock_move *out, int n,
                      struct sd_err *err);
/* The movements of a refund's parcel (what came back and where it went). Returns how many. */
int store_stock_moves_of_refund(struct store *st, int64_t refund_id, struct stock_move *out,
                                int n, struct sd_err *err);
/* What an order took and put back by kind (STOCK_PICKED): its net movement per SKU and
 * condition, those not zero (delta holds the sum). Returns how many, or -1. */
int store_stock_order_balance(struct store *st, int64_t order_id, enum stock_kind kind,
                              struct stock_move *out, int n, struct sd_err *err);
/* Whether an order has any movement of that kind. */
int store_stock_order_ever(struct store *st, int64_t order_id, enum stock_kind kind, bool *ever,
                           struct sd_err *err);
/* An order sold as open-box (its picks take open-box stock). */
int store_order_open_box(struct store *st, int64_t order_id, bool *on, struct sd_err *err);
/* Inside a write transaction. */
int store_order_set_open_box(struct store *st, int64_t order_id, bool on, struct sd_err *err);

/* Defective returns (movements returned into defective) by SKU with when in [from, to):
 * the units, most first, up to n. Returns how many, or -1. */
struct defect_row {
    char sku[48];
    int64_t units;    /* defective units that came back */
    int64_t refunds;  /* the requests they came back with */
};
int store_defects_by_sku(struct store *st, int64_t from, int64_t to, struct defect_row *out,
                         int n, struct sd_err *err);
/* The SKU's defective units in [from, to) by the request's reason (its key), most first. */
int store_defects_reasons(struct store *st, const char *sku, int64_t from, int64_t to,
                          char keys[][24], int64_t *units, int n, struct sd_err *err);
/* Units of the SKU sold in [from, to): paid orders, not cancelled, not gifts. */
int store_units_sold(struct store *st, const char *sku, int64_t from, int64_t to, int64_t *units,
                     struct sd_err *err);
/* The SKU's defective units in each of `weeks` weeks ending at to (weeks[0] the latest). */
int store_defects_weekly(struct store *st, const char *sku, int64_t to, int64_t *weeks, int n,
                         struct sd_err *err);
/* What the buyers said (the requests' notes) about the SKU's defective returns in [from, to),
 * newest first, up to n; each a malloc'd string. Returns how many, or -1. */
int store_defects_comments(struct store *st, const char *sku, int64_t from, int64_t to,
                           char **out, int n, struct sd_err *err);

/* SKUs whose counts are not the sum of their movements (a change behind shopdesk's back),
 * one line each into out; returns how many, or -1. */
struct strbuf;
int store_stock_verify(struct store *st, struct strbuf *out, struct sd_err *err);

#endif
