/* libFuzzer target: any bytes as a YAML file for every loader (the document tree, shop.yaml,
 * a scorecard). Each must return an error or a result, within its caps, never crash. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "conf/scorecard.h"
#include "conf/settings.h"
#include "conf/ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct ydoc *d = NULL;
    struct sd_err err = {0};
    if (ydoc_parse("fuzz.yaml", text, size, &d, &err) == SD_OK)
        ydoc_free(&d);
    struct settings s;
    settings_parse("shop.yaml", text, size, &s, &err);
    settings_clear(&s);
    struct scorecard sc;
    if (scorecard_parse("card.yaml", text, size, &sc, &err) == SD_OK)
        scorecard_free(&sc);
    return 0;
}
