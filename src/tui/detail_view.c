#include "config.h"

#include "tui/detail_view.h"

static enum theme_slot slot_of(enum detail_tone t)
{
    switch (t) {
    case TONE_DIM:
        return SLOT_DIM;
    case TONE_HEADING:
        return SLOT_HEADING;
    case TONE_OK:
        return SLOT_OK;
    case TONE_WARNING:
        return SLOT_WARNING;
    case TONE_ALARM:
        return SLOT_OVERDUE;
    case TONE_MONEY_IN:
        return SLOT_MONEY_IN;
    case TONE_MONEY_OUT:
        return SLOT_MONEY_OUT;
    case TONE_GIFT:
        return SLOT_GIFT;
    default:
        return SLOT_NORMAL;
    }
}

void detail_to_pager(const struct detail *d, struct pager *p)
{
    if (d->title)
        pager_set_title(p, d->title);
    for (size_t i = 0; i < d->n; i++) {
        const struct detail_line *l = &d->lines[i];
        switch (l->kind) {
        case DETAIL_HEADING:
            if (i > 0)
                pager_line(p, SLOT_NORMAL, "");
            pager_line(p, SLOT_HEADING, l->value);
            break;
        case DETAIL_FIELD:
            pager_field(p, l->label, slot_of(l->tone), l->value);
            break;
        default:
            pager_line(p, slot_of(l->tone), l->value);
        }
    }
}
