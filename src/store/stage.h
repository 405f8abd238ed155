#ifndef SHOPDESK_STORE_STAGE_H
#define SHOPDESK_STORE_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

/* An import's scratch space: a private temporary database (not the shop's, so reading a file
 * takes no lock any other person waits for), deleted when closed. A file's rows are kept
 * here as they were read, grouped by the order they belong to in the order each order first
 * appeared (an order's rows need not be next to each other in the file), then read back once
 * to check every order and once more to write them. Memory stays bounded whatever the file's
 * size: the rows are on disk. */
struct stage;

/* Errors: SD_IO (the temporary directory cannot be written). */
int stage_open(struct stage **out, struct sd_err *err);
void stage_close(struct stage **st);

/* A row of the file: its order's key (the order number), its line in the file, and its cells
 * packed by the reader (opaque here). *rows_of_order receives how many rows the order has
 * with this one. Rows of a key come back in the order they were added. */
int stage_add(struct stage *st, const char *key, long line, const void *cells, size_t len,
              int64_t *rows_of_order, struct sd_err *err);
/* How many orders (keys) and rows were added. */
int64_t stage_orders(const struct stage *st);
int64_t stage_rows(const struct stage *st);

/* Reading back, order by order: stage_rewind, then stage_next until it returns 0 (1: a row,
 * its key, line and cells valid until the next call; first is set on an order's first row;
 * -1: an error). */
int stage_rewind(struct stage *st, struct sd_err *err);
int stage_next(struct stage *st, const char **key, long *line, const void **cells, size_t *len,
               bool *first, struct sd_err *err);

/* Side rows keyed by order number (a Taobao order's items, from its detail file), read back
 * with stage_side_each in the order added. */
int stage_side_add(struct stage *st, const char *key, const void *cells, size_t len,
                   struct sd_err *err);
typedef int (*stage_side_cb)(void *arg, const void *cells, size_t len);
int stage_side_each(struct stage *st, const char *key, stage_side_cb cb, void *arg,
                    struct sd_err *err);

/* All rows added: give back the cache that finding an order's earlier rows needed. */
void stage_shrink(struct stage *st);

/* Mark a key: *first tells whether it was not marked before (things counted once across the
 * steps of a dry run). */
int stage_mark(struct stage *st, const char *key, bool *first, struct sd_err *err);

#endif
