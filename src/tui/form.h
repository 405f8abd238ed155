#ifndef SHOPDESK_TUI_FORM_H
#define SHOPDESK_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "tui/ui.h"

/* A form on the body of the screen: labelled fields edited in place, keyboard only.
 * Tab/Down and Shift-Tab/Up move between fields, Enter moves on (and submits from the last
 * field), F2 or ^S submits, Esc leaves. A choice field takes the number of an option.
 * While a person types, the form is saved as a draft (once a second at most, in its own
 * short transaction): after a dropped connection the next open offers it again. */

enum form_type { FORM_TEXT, FORM_MONEY, FORM_NUMBER, FORM_CHOICE, FORM_YESNO };

struct form_field {
    const char *key;   /* for the draft */
    const char *label; /* translated */
    enum form_type type;
    bool required;
    const char *const *choices; /* FORM_CHOICE: translated labels, NULL-terminated */
    char value[256];
    const char *help; /* shown under the form while the field is current (NULL: none) */
};

struct currency;

struct form {
    const char *title;
    const char *draft_kind; /* NULL: no drafts */
    struct form_field *fields;
    int n;
    int cur;
    /* Checks the whole form before submit; returns SD_OK or fills err (the field to go
     * back to in *field, or -1). */
    int (*validate)(struct form *f, void *ctx, int *field, struct sd_err *err);
    void *ctx;
    char message[600];
    int cursor_y, cursor_x; /* set by drawing */
    bool draft_offered;     /* a form run again after a refused save asks no more */
    /* The currency money fields are read in (NULL: the shop's); a form for an order asks the
     * order named in it. */
    const struct currency *(*currency)(struct form *f, void *ctx);
    char save_kind[64]; /* the slot this form's typing is kept in (draft_kind, or a second
                         * one when an earlier draft is kept for later) */
};

/* Run the form. PROMPT_OK when submitted and valid (the draft is then the caller's to
 * delete with form_forget once the work is saved), PROMPT_CANCEL when left with Esc (the
 * draft stays unless the person chose to drop it), PROMPT_STOP when the console ends (the
 * draft is saved first). */
int form_run(struct ui *ui, struct form *f);
/* Drop the saved draft of this form. */
void form_forget(struct ui *ui, struct form *f);

/* Index of the field with this key, -1 if none. */
int form_find(const struct form *f, const char *key);
const char *form_value(const struct form *f, const char *key);

#endif
