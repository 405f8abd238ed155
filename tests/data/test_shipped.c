/* Data tests: every YAML file shipped in data/ and themes/ loads without error, the theme
 * template names every slot, and default.yaml says what is built in. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>

#include "conf/scorecard.h"
#include "conf/settings.h"
#include "conf/theme.h"
#include "conf/ydoc.h"
#include "util/fileio.h"
#include "util/xalloc.h"
#include "tests/unit/unit.h"

static char *src(const char *rel)
{
    return path_join(SD_SRCDIR, rel);
}

static bool same_rule(const struct tier_rule *a, const struct tier_rule *b)
{
    return a->min_frequency == b->min_frequency && a->min_monetary == b->min_monetary &&
           a->max_recency_days == b->max_recency_days;
}

static void test_shop_defaults(void **state)
{
    (void)state;
    char *p = src("data/shop.yaml");
    struct settings s, def;
    struct sd_err err = {0};
    if (settings_load(p, &s, &err))
        fail_msg("%s", err.msg);
    settings_defaults(&def);
    /* the shipped file and the built-in defaults agree */
    assert_int_equal(s.refunds.sla_minutes, def.refunds.sla_minutes);
    assert_int_equal(s.refunds.separation_of_duties, def.refunds.separation_of_duties);
    assert_int_equal(s.refunds.agent_ceiling, def.refunds.agent_ceiling);
    assert_string_equal(s.currency->code, def.currency->code);
    assert_string_equal(s.timezone, def.timezone);
    /* tiers: names, rules and benefits */
    assert_int_equal(s.tiers.n, def.tiers.n);
    assert_int_equal(s.tiers.window_days, def.tiers.window_days);
    assert_int_equal(s.tiers.grace_days, def.tiers.grace_days);
    for (int i = 0; i < s.tiers.n; i++) {
        const struct tier_def *a = &s.tiers.tiers[i], *b = &def.tiers.tiers[i];
        assert_string_equal(a->name, b->name);
        assert_true(same_rule(&a->enter, &b->enter));
        assert_true(same_rule(&a->keep, &b->keep));
        assert_int_equal(a->benefits.queue_priority_minutes, b->benefits.queue_priority_minutes);
        assert_int_equal(a->benefits.auto_approve_up_to, b->benefits.auto_approve_up_to);
        assert_int_equal(a->benefits.shipping_rebate, b->benefits.shipping_rebate);
    }
    /* gift rules */
    assert_int_equal(s.gifts.budget_per_month, def.gifts.budget_per_month);
    assert_int_equal(s.gifts.n, def.gifts.n);
    for (size_t i = 0; i < s.gifts.n; i++) {
        const struct gift_rule *a = &s.gifts.rules[i], *b = &def.gifts.rules[i];
        assert_string_equal(a->name, b->name);
        assert_string_equal(a->sku, b->sku);
        assert_string_equal(a->title, b->title);
        assert_int_equal(a->when, b->when);
        assert_int_equal(a->tier, b->tier);
        assert_int_equal(a->within_days, b->within_days);
        assert_int_equal(a->day, b->day);
        assert_int_equal(a->cost, b->cost);
    }
    settings_clear(&s);
    settings_clear(&def);
    free(p);
}

static void test_every_theme(void **state)
{
    (void)state;
    char *dir = src("themes");
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int count = 0;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
            continue;
        char *p = path_join(dir, e->d_name);
        struct theme t;
        struct sd_err err = {0};
        if (theme_load(p, &t, &err))
            fail_msg("%s", err.msg);
        count++;
        free(p);
    }
    closedir(d);
    assert_true(count >= 4);
    free(dir);
}

static void test_template_and_default(void **state)
{
    (void)state;
    char *p = src("themes/TEMPLATE.yaml");
    struct ydoc *doc = NULL;
    struct sd_err err = {0};
    assert_int_equal(ydoc_load(p, &doc, &err), SD_OK);
    const struct ynode *slots = ymap_get(doc->root, "slots");
    assert_non_null(slots);
    for (int s = 0; s < SLOT_COUNT; s++)
        if (!ymap_get(slots, theme_slot_key((enum theme_slot)s)))
            fail_msg("TEMPLATE.yaml lacks slot %s", theme_slot_key((enum theme_slot)s));
    ydoc_free(&doc);
    free(p);
    struct theme file, built;
    p = src("themes/default.yaml");
    assert_int_equal(theme_load(p, &file, &err), SD_OK);
    theme_default(&built);
    for (int s = 0; s < SLOT_COUNT; s++)
        if (memcmp(&file.slot[s], &built.slot[s], sizeof file.slot[s]))
            fail_msg("default.yaml and the built-in default differ in slot %s",
                     theme_slot_key((enum theme_slot)s));
    free(p);
}

/* The shipped scorecards load by id, and each is for the kind of target its name says. */
static void test_scorecards(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        enum mystery_target target;
        size_t criteria;
    } cards[] = {{"chat-service", TARGET_STAFF, 7},
                 {"competitor-chat", TARGET_COMPETITOR, 6},
                 {"courier-last-mile", TARGET_COURIER, 5}};
    char *dir = src("data/scorecards");
    for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
        struct scorecard sc;
        struct sd_err err = {0};
        if (scorecard_by_id(dir, cards[i].id, &sc, &err))
            fail_msg("%s", err.msg);
        assert_int_equal(sc.target, cards[i].target);
        assert_int_equal(scorecard_criteria(&sc), cards[i].criteria);
        assert_true(sc.version >= 1);
        scorecard_free(&sc);
    }
    /* the Chinese editions: the same cards (ids, versions, criteria), other words */
    static const char *const langs[] = {"zh_CN", "zh_TW"};
    for (size_t l = 0; l < 2; l++) {
        char *ldir = xasprintf("%s/%s", dir, langs[l]);
        for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
            struct scorecard en, zh;
            struct sd_err err = {0};
            if (scorecard_by_id(dir, cards[i].id, &en, &err) ||
                scorecard_by_id(ldir, cards[i].id, &zh, &err))
                fail_msg("%s: %s", langs[l], err.msg);
            assert_int_equal(zh.target, en.target);
            assert_int_equal(zh.version, en.version);
            assert_int_equal(scorecard_criteria(&zh), scorecard_criteria(&en));
            for (size_t k = 0; k < scorecard_criteria(&en); k++) {
                const struct mystery_criterion *a = scorecard_criterion(&en, k, NULL);
                const struct mystery_criterion *b = scorecard_criterion(&zh, k, NULL);
                assert_string_equal(a->id, b->id);
                assert_int_equal(a->scale, b->scale);
                assert_true(strcmp(a->label, b->label) != 0); /* translated */
            }
            scorecard_free(&en);
            scorecard_free(&zh);
        }
        free(ldir);
    }
    struct scorecard sc;
    struct sd_err err = {0};
    assert_int_equal(scorecard_by_id(dir, "phone-service", &sc, &err), SD_NOT_FOUND);
    assert_non_null(strstr(err.msg, "no scorecard phone-service in"));
    free(dir);
}

RUN_TESTS(
    cmocka_unit_test(test_shop_defaults),
    cmocka_unit_test(test_every_theme),
    cmocka_unit_test(test_template_and_default),
    cmocka_unit_test(test_scorecards),
)
