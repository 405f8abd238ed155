#ifndef SHOPDESK_CONF_SETTINGS_H
#define SHOPDESK_CONF_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/gift.h"
#include "core/money.h"
#include "core/refund.h"
#include "core/status.h"
#include "core/promise.h"
#include "core/tier.h"

/* A shop's shop.yaml, parsed. Strings are owned; settings_clear() frees them. */
/* A rate into the shop's currency from a day on (shop.rates). */
struct currency_rate {
    const struct currency *cur;
    int64_t micro; /* shop currency units per unit, in millionths */
    int64_t from;  /* the day it holds from: the start of that shop day, UTC seconds */
};

struct settings {
    char *path;
    char *name;
    const struct currency *currency;
    char *timezone;
    char *database; /* a PostgreSQL connection string, or NULL: shop.db */
    struct currency_rate *rates; /* by currency, then from: the latest that has begun holds */
    size_t nrates;
    struct {
        int sla_minutes;
        int return_window_days; /* after delivery; a request later is flagged (7) */
        bool separation_of_duties;
        int64_t agent_ceiling; /* minor units; -1: agents approve any amount */
        struct auto_rule *auto_rules;
        size_t nauto;
        char **methods; /* offered when paying */
        size_t nmethods;
        /* methods that pay through the platform's own refund: the platform's refunded
         * figure in a later export is the same money, never added to it */
        char **platform_methods;
        size_t nplatform;
    } refunds;
    struct {
        int wave_size;          /* orders per pick wave */
        int ship_bands[3];      /* minutes: the upper bounds of the first three bands */
        int unshipped_hours[2]; /* warn, then alarm, for orders paid and not shipped */
        char **couriers;        /* offered when shipping */
        size_t ncouriers;
        /* tracking number formats by courier (POSIX extended regular expressions, matched
         * against the number without blanks and hyphens, in capitals) */
        char **track_couriers, **track_patterns;
        size_t ntrack;
        struct promise_rule *promises; /* delivery promises, the first that fits; none: off */
        size_t npromises;
        /* imported orders take their goods from the stock when they come in shipped (a shop
         * that picks elsewhere); false: imports never touch the stock */
        bool stock_from_imports;
    } orders;
    struct {
        /* the hours the platform gives to answer a dispute, by its kind ("rights": 48) */
        char **kinds;
        int *hours;
        size_t n;
    } disputes;
    struct {
        int delivery_days; /* delivered within this many days of shipping: on time (3) */
        char **couriers;   /* a courier's own promise, where it differs */
        int *days;
        size_t n;
    } delivery;
    struct {
        int first_response_s; /* the chat service's target for the first answer (15) */
        int conversion_pct;   /* ...and for inquiries that end in an order (50) */
    } chat;
    struct tier_config tiers; /* members: the window, the grace period, the tiers */
    struct gift_config gifts;
};

/* The tracking number format of a courier (NULL: none known). */
const char *settings_tracking_pattern(const struct settings *s, const char *courier);

/* The defaults a new shop starts from (the same as data/shop.yaml). */
void settings_defaults(struct settings *s);
/* Parse a settings file over the defaults. Errors are SD_INPUT "FILE:LINE:COL: reason";
 * on error *s holds the defaults. */
int settings_load(const char *path, struct settings *s, struct sd_err *err);
int settings_parse(const char *label, const char *text, size_t len, struct settings *s,
                   struct sd_err *err);
void settings_clear(struct settings *s);

/* The rate into the shop's currency for cur at instant t (the latest one given that had
 * begun), in millionths; false when shop.yaml gives none. The shop's own currency is 1. */
bool settings_rate(const struct settings *s, const struct currency *cur, int64_t t,
                   int64_t *micro);
/* v in cur as the shop's currency at t: false when there is no rate (or on overflow). */
bool settings_to_home(const struct settings *s, const struct currency *cur, int64_t v, int64_t t,
                      int64_t *out);

/* The days a courier is to deliver in (couriers.delivery_days, or its by_courier). */
int settings_delivery_days(const struct settings *s, const char *courier);

/* The hours to answer a dispute of that kind; -1 when the shop has no such kind. */
int settings_dispute_hours(const struct settings *s, const char *kind);
/* The kinds, comma-separated, for messages ("rights, complaint"). */
void settings_dispute_kinds(const struct settings *s, char *buf, size_t n);

/* Whether a payment method pays through the platform's own refund. */
bool settings_platform_method(const struct settings *s, const char *method);

/* True if name is a time zone in the system's zone database. */
bool tz_exists(const char *name);

#endif
