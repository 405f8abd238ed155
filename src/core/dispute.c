#include "config.h"

#include <string.h>

#include "core/dispute.h"
#include "util/i18n.h"

const char *dispute_outcome_key(enum dispute_outcome o)
{
    switch (o) {
    case DISPUTE_WON:
        return "won";
    case DISPUTE_LOST:
        return "lost";
    case DISPUTE_WITHDRAWN:
        return "withdrawn";
    case DISPUTE_OPEN:
        break;
    }
    return "";
}

const char *dispute_outcome_label(enum dispute_outcome o)
{
    switch (o) {
    case DISPUTE_WON:
        /* L10N: a dispute's outcome: the platform decided for the shop */
        return _("won");
    case DISPUTE_LOST:
        /* L10N: a dispute's outcome: the platform decided for the buyer */
        return _("lost");
    case DISPUTE_WITHDRAWN:
        /* L10N: a dispute's outcome: the buyer withdrew it */
        return _("withdrawn");
    case DISPUTE_OPEN:
        break;
    }
    /* L10N: a dispute not decided yet */
    return _("open");
}

int dispute_outcome_parse(const char *s)
{
    static const struct {
        const char *word;
        enum dispute_outcome o;
    } words[] = {
        {"won", DISPUTE_WON},
        {"lost", DISPUTE_LOST},
        {"withdrawn", DISPUTE_WITHDRAWN},
        {"胜诉", DISPUTE_WON},
        {"卖家胜诉", DISPUTE_WON},
        {"商家胜诉", DISPUTE_WON},
        {"败诉", DISPUTE_LOST},
        {"卖家败诉", DISPUTE_LOST},
        {"商家败诉", DISPUTE_LOST},
        {"撤销", DISPUTE_WITHDRAWN},
        {"买家撤销", DISPUTE_WITHDRAWN},
        {"已撤销", DISPUTE_WITHDRAWN},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(s, words[i].word))
            return (int)words[i].o;
    return -1;
}

int64_t dispute_deadline(int64_t opened, int hours)
{
    return opened + (int64_t)hours * 3600;
}

bool dispute_in_time(int64_t answered, int64_t due)
{
    return answered > 0 && answered <= due;
}

int64_t dispute_line(int64_t measured, int64_t good, int64_t orders)
{
    if (measured > 0)
        return (good * 10000 * 2 + measured) / (2 * measured);
    return orders > 0 ? 10000 : -1;
}
