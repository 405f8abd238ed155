#ifndef SHOPDESK_CORE_MASK_H
#define SHOPDESK_CORE_MASK_H

#include <stddef.h>

/* Buyer contact details are masked on screens and in exports unless the role needs them. */

/* "13812345678" → "138****5678"; short numbers keep only their last two digits. */
void mask_phone(const char *phone, char *buf, size_t n);
/* Keep the first six characters (the city and district), hide the rest: "上海市浦东新****". */
void mask_address(const char *address, char *buf, size_t n);
/* A name: the first character and "*" for the rest ("张*", "A***"). */
void mask_name(const char *name, char *buf, size_t n);

#endif
