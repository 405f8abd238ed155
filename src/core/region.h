#ifndef SHOPDESK_CORE_REGION_H
#define SHOPDESK_CORE_REGION_H

#include <stddef.h>

/* The province an address in China is in, as people name it short ("广东", "北京", "新疆",
 * "香港"): the address begins with it, written in full (广东省, 新疆维吾尔自治区, 北京市) or
 * short, after an optional 中国. "" when the address names none (an address abroad, or one
 * typed without its province). */
const char *region_province(const char *address);

#endif
