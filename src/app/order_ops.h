#ifndef SHOPDESK_APP_ORDER_OPS_H
#define SHOPDESK_APP_ORDER_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/order.h"
#include "core/status.h"
#include "util/strbuf.h"

struct session;

/* Find an order from what a person types: "1930679858170647", "#1001", "shopify:#1001", or
 * a tracking number. SD_NOT_FOUND, or SD_INPUT when the number is ambiguous (two platforms)
 * with the candidates named. */
int order_resolve(struct session *s, const char *ref, int64_t *id, struct sd_err *err);

/* Move orders along the pipeline (pick, pack, ship, deliver, cancel), each audited. Several
 * orders go in one transaction; an order that cannot move (wrong status) is skipped and
 * named in skipped (one line each), the rest move. SD_FORBIDDEN for a role that may not. */
/* What a move did to one order, kept to put it back (order_undo). */
struct order_undo {
    int64_t id;
    enum order_status from, to;
    int64_t at; /* when it moved: the stage's time it set */
    char courier[64], tracking[64], reason[200];
};

struct order_move {
    enum order_status to;
    const char *courier;  /* ship: required */
    const char *tracking; /* ship: required */
    const char *reason;   /* cancel: required */
    /* optional: room for n records of what moved (for an undo); *nundo set */
    struct order_undo *undo;
    size_t *nundo;
};

int order_move(struct session *s, const int64_t *ids, size_t n, const struct order_move *m,
               int *moved, struct strbuf *skipped, struct sd_err *err);

/* Inside a write transaction: a shipped order delivered at `at` (the courier's time of
 * signing), audited as order.deliver; *changed false for one already delivered (its time is
 * kept). SD_INPUT for a time before it was shipped, SD_REFUSED for one not shipped. */
int order_deliver_at(struct session *s, int64_t id, int64_t at, bool *changed,
                     struct sd_err *err);

/* Put moved orders back as they were, each audited (order.undo): only an order still where
 * the move left it (otherwise named in skipped: someone moved it on). */
int order_undo(struct session *s, const struct order_undo *u, size_t n, int *undone,
               struct strbuf *skipped, struct sd_err *err);

/* A tracking number as a courier's waybill has it: without blanks and hyphens, in capitals
 * (into out). SD_INPUT when it does not look like the courier's numbers (the format named),
 * SD_CONFLICT when another order already has it (*other is that order's number). */
int order_tracking_check(struct session *s, const char *courier, const char *typed,
                         int64_t order_id, char *out, size_t size, char *other, size_t osize,
                         struct sd_err *err);

/* Where a new wave's pick list goes besides list: nowhere else, the shop's waves/ folder
 * (waves/wave-N.txt, group-readable), or a file the person names (written with their own
 * rights). The wave is created only if its file could be written: the file is staged first
 * and appears when the wave is committed. */
enum wave_target { WAVE_TO_LIST, WAVE_TO_SHOP, WAVE_TO_FILE };

/* The delivery promise of a paid order (shop.yaml's orders.promises, the first rule that fits
 * its address, courier and lines): the instant it is to be shipped by; 0 for a gift, an order
 * not paid, or when no rule fits. */
struct settings;
int64_t order_promise_by(const struct settings *set, const struct order *o,
                         const struct order_line *lines, size_t n);

/* A pick wave: the oldest paid orders not yet in a wave (size 0: the shop's wave size). Each
 * order's goods of a stocked SKU leave the shelf as it joins (new stock; open-box for an
 * order sold as open-box); an order whose stock is short stays out, a line each in short
 * ("ORDER: SKU: 1 new, 2 needed"; may be NULL), and the next oldest takes its place. The
 * pick list, grouped by SKU, is written to list as text; with a file target *path (caller
 * frees) says where it was saved. *wave_id 0 when nothing waits (or all of it is short). */
int wave_create(struct session *s, int size, enum wave_target target, const char *file,
                int64_t *wave_id, int *orders, struct strbuf *list, char **path,
                struct strbuf *short_of, struct sd_err *err);
/* The pick list of an existing wave. */
int wave_pick_list(struct session *s, int64_t wave_id, struct strbuf *list, struct sd_err *err);


/* An order entered by hand (phone or counter sales): validated, audited. Lines need a title
 * and a positive quantity; the total is the lines plus shipping. */
struct manual_order {
    const char *number; /* empty: one is made (M + date + sequence) */
    const char *buyer, *receiver, *phone, *address, *note;
    int64_t shipping;
    bool paid;
    struct order_line *lines;
    size_t nlines;
    int64_t rebate; /* out: the member tier's shipping rebate, taken off the shipping */
};

/* The buyer is matched to a member: one known by that buyer id on any platform, else a
 * member of the "manual" platform (created when new). A tier's shipping rebate is taken off
 * the shipping (never below zero) and said in m->rebate. */
int order_create_manual(struct session *s, struct manual_order *m, int64_t *id,
                        struct sd_err *err);

/* Ship times (paid to shipped) of orders shipped in [from, to): counts per band, median and
 * 90th percentile in seconds. */
struct ship_stats {
    int64_t count;
    int64_t band[SHIP_BANDS];
    int64_t median, p90;
};

int ship_stats(struct session *s, int64_t from, int64_t to, struct ship_stats *out,
               struct sd_err *err);

#endif
