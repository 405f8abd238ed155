#ifndef SHOPDESK_CONF_MAPPING_H
#define SHOPDESK_CONF_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/datefmt.h"
#include "core/status.h"

/* A CSV order export described in YAML (data/mappings/NAME.yaml, or the shop's mappings/):
 * which column holds which order field, how the file writes dates, amounts and status
 * words, and whether each row is an order line of an order whose fields are on its first row
 * (rows: orders) or an item carrying its own amounts (rows: items). */
#define MAP_FIELD_LIST(_)                                                                          \
    _(NUMBER, "number", 1)                                                                         \
    _(CREATED_AT, "created_at", 1)                                                                 \
    _(PAID_AT, "paid_at", 0)                                                                       \
    _(SHIPPED_AT, "shipped_at", 0)                                                                 \
    _(DELIVERED_AT, "delivered_at", 0)                                                             \
    _(CANCELLED_AT, "cancelled_at", 0)                                                             \
    _(STATUS, "status", 0)                                                                         \
    _(BUYER, "buyer", 0)                                                                           \
    _(RECEIVER, "receiver", 0)                                                                     \
    _(PHONE, "phone", 0)                                                                           \
    _(ADDRESS, "address", 0)                                                                       \
    _(CURRENCY, "currency", 0)                                                                     \
    _(GOODS, "goods", 0)                                                                           \
    _(SHIPPING, "shipping", 0)                                                                     \
    _(TOTAL, "total", 1)                                                                           \
    _(REFUNDED, "refunded", 0)                                                                     \
    _(COURIER, "courier", 0)                                                                       \
    _(TRACKING, "tracking", 0)                                                                     \
    _(SKU, "sku", 0)                                                                               \
    _(TITLE, "title", 0)                                                                           \
    _(QTY, "qty", 0)                                                                               \
    _(PRICE, "price", 0)                                                                           \
    _(NOTE, "note", 0)                                                                             \
    _(CANCEL_REASON, "cancel_reason", 0)

#define MAP_FIELD_ENUM(name, key, required) MF_##name,
enum map_field { MAP_FIELD_LIST(MAP_FIELD_ENUM) MF_COUNT };
#undef MAP_FIELD_ENUM

/* How a field is read from its columns:
 *   field: Header              one column
 *   field: [Header, Other]     the first of these the row has a value in (exports rename
 *                              columns between vintages, or leave one empty for another)
 *   field: {join: [a, b, c]}   the values joined with ", " (an address in parts)
 *   field: {sum: [a, b], minus: [c]}   amounts added up, less others (a total in parts)
 * Every column the mapping names must be in the file (a typo is an error), except for the
 * fields listed under optional: (columns some vintages of an export lack). */
enum map_how { MAP_FIRST, MAP_JOIN, MAP_SUM };

#define MAP_MAX_NAMES 12

struct map_column {
    char *names[MAP_MAX_NAMES];
    int n; /* 0: the file has no such column */
    bool optional; /* listed under optional: files may lack its columns */
    enum map_how how;
    char *minus[MAP_MAX_NAMES];
    int nminus;
    int line; /* where the mapping says so, for messages */
};

struct map_status {
    char *word; /* as the file writes it */
    int status; /* enum order_status */
};

struct mapping {
    char *path;
    char *name;
    char *platform;
    char *encoding; /* NULL: detect */
    char sep;       /* 0: detect (comma, semicolon or tab) */
    bool items;     /* rows: items */
    char currency[4];               /* the file's currency when it has no such column; "" */
    enum date_order date_order;     /* DATE_ORDER_AUTO: decided from the file */
    struct date_format date_format; /* pattern "" for the usual forms */
    char decimal;                   /* '.' or ','; 0: decided from the file */
    struct map_column columns[MF_COUNT];
    struct map_status *statuses;
    size_t nstatuses;
    int default_status; /* no status column and no times: every order is this */
};

const char *map_field_key(enum map_field f);
bool map_field_required(enum map_field f);
/* Fields read as times, as amounts. */
bool map_field_is_time(enum map_field f);
bool map_field_is_amount(enum map_field f);

/* Parse a mapping file. SD_INPUT with FILE:LINE:COL on a bad one. */
int mapping_load(const char *path, struct mapping *m, struct sd_err *err);
int mapping_parse(const char *label, const char *text, size_t len, struct mapping *m,
                  struct sd_err *err);
void mapping_clear(struct mapping *m);

#endif
