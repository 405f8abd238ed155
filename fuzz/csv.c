/* libFuzzer target: any bytes through the CSV reader (as UTF-8, and converted from GB18030 as
 * an import would), each row cleaned the way importers clean them. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/csv.h"
#include "util/encoding.h"

static void read_all(const char *p, size_t n)
{
    struct csv_reader r;
    struct csv_row row = {0};
    csv_reader_init(&r, p, n, ',');
    int rc;
    while ((rc = csv_next(&r, &row)) == 1) {
        csv_clean_row(&row);
        (void)csv_row_blank(&row);
        (void)csv_find_any(&row, CSV_NAMES("Order", "订单编号"));
    }
    csv_row_free(&row);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all((const char *)data, size);
    char *utf8 = NULL;
    size_t len = 0;
    const char *used = NULL;
    long line = 0;
    size_t off = 0;
    if (enc_to_utf8((const char *)data, size, "GB18030", &utf8, &len, &used, &line, &off) == 0)
        read_all(utf8, len);
    free(utf8);
    return 0;
}
