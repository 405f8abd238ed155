#ifndef SHOPDESK_CONF_MAPPING_H
#define SHOPDESK_CONF_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* A generic CSV import described in YAML (data/mappings/NAME.yaml, or the shop's mappings/):
 * which column holds which order field, and how the file's status words read. Rows with the
 * same order number in a row are the lines of one order. */
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
    _(NOTE, "note", 0)

#define MAP_FIELD_ENUM(name, key, required) MF_##name,
enum map_field { MAP_FIELD_LIST(MAP_FIELD_ENUM) MF_COUNT };
#undef MAP_FIELD_ENUM

struct map_status {
    char *word; /* as the file writes it */
    int status; /* enum order_status */
};

struct mapping {
    char *path;
    char *name;
    char *platform;
    char *encoding; /* NULL: detect */
    char sep;
    char *columns[MF_COUNT]; /* header names; NULL when the file has no such column */
    struct map_status *statuses;
    size_t nstatuses;
    int default_status; /* for files without a status column */
};

const char *map_field_key(enum map_field f);
bool map_field_required(enum map_field f);

/* Parse a mapping file. SD_INPUT with FILE:LINE:COL on a bad one. */
int mapping_load(const char *path, struct mapping *m, struct sd_err *err);
int mapping_parse(const char *label, const char *text, size_t len, struct mapping *m,
                  struct sd_err *err);
void mapping_clear(struct mapping *m);

#endif
