/* Mystery-shopper scoring (src/core/mystery.c) and scorecard templates (src/conf/scorecard.c):
 * points per scale at and around their edges, N/A out of the denominator, section weights,
 * a failed critical item, rounding half up, answers as typed, and what a template refuses,
 * with FILE:LINE:COL. Every expected figure is worked out by hand in the comments. */
#include "config.h"

#include "conf/scorecard.h"
#include "core/mystery.h"
#include "unit.h"

static const char card_text[] =
    "scorecard: t\n"
    "title: Test card\n"
    "version: 2\n"
    "target: staff\n"
    "sections:\n"
    "  - name: A\n"
    "    weight: 30\n"
    "    criteria:\n"
    "      - {id: fr, label: First response, scale: seconds, good: 30, bad: 300}\n"
    "      - {id: greet, label: Greets, scale: yesno}\n"
    "  - name: B\n"
    "    weight: 40\n"
    "    criteria:\n"
    "      - {id: correct, label: Correct, scale: five, critical: true}\n"
    "      - {id: size, label: Size advice, scale: five, na: true}\n"
    "      - {id: upsell, label: Upsell, scale: yesno, na: true, weight: 2}\n"
    "  - name: C\n"
    "    weight: 30\n"
    "    criteria:\n"
    "      - {id: policy, label: Policy, scale: yesno, na: true}\n";

static struct scorecard card;

static int setup(void **state)
{
    (void)state;
    struct sd_err err = {0};
    if (scorecard_parse("t.yaml", card_text, strlen(card_text), &card, &err))
        fail_msg("%s", err.msg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    scorecard_free(&card);
    return 0;
}

/* answers in card order: fr, greet, correct, size, upsell, policy */
static void answer(struct mystery_answer *a, const char *const text[6])
{
    for (size_t i = 0; i < 6; i++) {
        struct sd_err err = {0};
        const struct mystery_criterion *c = scorecard_criterion(&card, i, NULL);
        if (!text[i]) {
            memset(&a[i], 0, sizeof a[i]);
            continue;
        }
        if (mystery_answer_parse(c, text[i], &a[i], &err))
            fail_msg("%s: %s", text[i], err.msg);
    }
}

static void test_card_shape(void **state)
{
    (void)state;
    assert_string_equal(card.id, "t");
    assert_int_equal(card.version, 2);
    assert_int_equal(card.target, TARGET_STAFF);
    assert_int_equal(card.n, 3);
    assert_int_equal(scorecard_criteria(&card), 6);
    assert_int_equal(scorecard_find(&card, "upsell"), 4);
    assert_int_equal(scorecard_find(&card, "nothing"), -1);
    const struct mystery_section *s;
    const struct mystery_criterion *c = scorecard_criterion(&card, 4, &s);
    assert_string_equal(c->id, "upsell");
    assert_string_equal(s->name, "B");
    assert_int_equal(c->weight, 2);
    assert_true(c->na_allowed);
    assert_int_equal(card.s[0].c[0].good, 30);
}

static void test_points(void **state)
{
    (void)state;
    const struct mystery_criterion *fr = &card.s[0].c[0], *greet = &card.s[0].c[1],
                                   *correct = &card.s[1].c[0], *upsell = &card.s[1].c[2];
    struct mystery_answer a = {true, false, 0};
    /* seconds: 30 good, 300 bad */
    a.value = 29;
    assert_int_equal(mystery_points(fr, &a), 100);
    a.value = 30;
    assert_int_equal(mystery_points(fr, &a), 100);
    a.value = 120; /* 100 x 180/270 = 66.67 -> 67 */
    assert_int_equal(mystery_points(fr, &a), 67);
    a.value = 165; /* 100 x 135/270 = 50 exactly */
    assert_int_equal(mystery_points(fr, &a), 50);
    a.value = 299; /* 100 x 1/270 = 0.37 -> 0 */
    assert_int_equal(mystery_points(fr, &a), 0);
    a.value = 300;
    assert_int_equal(mystery_points(fr, &a), 0);
    a.value = 100000;
    assert_int_equal(mystery_points(fr, &a), 0);
    /* yes/no, weight 1 and 2 */
    a.value = 1;
    assert_int_equal(mystery_points(greet, &a), 100);
    assert_int_equal(mystery_points(upsell, &a), 200);
    assert_int_equal(mystery_max_points(upsell), 200);
    a.value = 0;
    assert_int_equal(mystery_points(greet, &a), 0);
    /* five: 1 none .. 5 all */
    const int64_t five[] = {0, 25, 50, 75, 100};
    for (int v = 1; v <= 5; v++) {
        a.value = v;
        assert_int_equal(mystery_points(correct, &a), five[v - 1]);
    }
    /* N/A and not answered earn nothing and count nothing */
    a.na = true;
    assert_int_equal(mystery_points(upsell, &a), -1);
    struct mystery_answer none = {0};
    assert_int_equal(mystery_points(greet, &none), -1);
}

static void test_rounding_half_up(void **state)
{
    (void)state;
    /* good 0, bad 8: 7 of 8 seconds left = 87.5 -> 88; 3 of 8 = 37.5 -> 38 */
    struct mystery_criterion c = {.id = "x", .scale = SCALE_SECONDS, .weight = 1, .good = 0,
                                  .bad = 8};
    struct mystery_answer a = {true, false, 1};
    assert_int_equal(mystery_points(&c, &a), 88);
    a.value = 5;
    assert_int_equal(mystery_points(&c, &a), 38);
}

static void test_score(void **state)
{
    (void)state;
    struct mystery_answer a[6];
    struct mystery_score s;
    /* A: fr 120 s = 67, greet yes = 100: 167 of 200 = 83.50%
     * B: correct 4 = 75, size N/A (out), upsell no = 0 of 200: 75 of 300 = 25.00%
     * C: policy N/A: the section is out
     * report: (8350 x 30 + 2500 x 40) / 70 = 350500 / 70 = 5007.14 -> 50.07% */
    const char *const r1[6] = {"120", "yes", "4", "na", "no", "na"};
    answer(a, r1);
    assert_int_equal(mystery_section_score(&card, 0, a), 8350);
    assert_int_equal(mystery_section_score(&card, 1, a), 2500);
    assert_int_equal(mystery_section_score(&card, 2, a), -1);
    mystery_score(&card, a, &s);
    assert_int_equal(s.score, 5007);
    assert_false(s.critical_failed);
    assert_int_equal(s.failed_at, -1);

    /* everything full: 100.00% */
    const char *const r2[6] = {"10", "yes", "5", "5", "yes", "yes"};
    answer(a, r2);
    mystery_score(&card, a, &s);
    assert_int_equal(s.score, 10000);

    /* the critical item earns nothing: the report fails, whatever the rest */
    const char *const r3[6] = {"10", "yes", "1", "5", "yes", "yes"};
    answer(a, r3);
    mystery_score(&card, a, &s);
    assert_true(s.critical_failed);
    assert_int_equal(s.failed_at, 2);
    assert_int_equal(s.score, 0);
    /* the section itself still shows what it earned: 0 + 100 + 200 of 400 = 75.00% */
    assert_int_equal(mystery_section_score(&card, 1, a), 7500);

    /* a draft: only A answered; B and C count as not applicable until answered */
    const char *const r4[6] = {"165", "no", NULL, NULL, NULL, NULL};
    answer(a, r4);
    mystery_score(&card, a, &s);
    assert_int_equal(s.score, 2500); /* 50 of 200 */
    assert_false(s.critical_failed); /* not answered is not failed */

    /* nothing applicable at all: no score */
    const char *const r5[6] = {NULL, NULL, NULL, "na", "na", "na"};
    answer(a, r5);
    mystery_score(&card, a, &s);
    assert_int_equal(s.score, -1);

    /* weights decide: A full, B 25 + 0 + 0 of 400 = 6.25%, C out:
     * (10000 x 30 + 625 x 40) / 70 = 325000 / 70 = 4642.86 -> 46.43% */
    const char *const r6[6] = {"0", "yes", "2", "1", "no", "na"};
    answer(a, r6);
    assert_int_equal(mystery_section_score(&card, 1, a), 625);
    mystery_score(&card, a, &s);
    assert_int_equal(s.score, 4643);
}

static void answer_fails(const char *id, const char *text, const char *want)
{
    struct mystery_answer a;
    struct sd_err err = {0};
    const struct mystery_criterion *c = scorecard_criterion(&card, scorecard_find(&card, id), NULL);
    assert_int_equal(mystery_answer_parse(c, text, &a, &err), SD_INPUT);
    if (!strstr(err.msg, want))
        fail_msg("'%s' lacks '%s'", err.msg, want);
}

static void test_answers(void **state)
{
    (void)state;
    /* a criterion is named by its label, as the person reads it */
    answer_fails("greet", "maybe", "Greets takes yes or no, not 'maybe'");
    answer_fails("greet", "na", "Greets cannot be N/A");
    answer_fails("upsell", "sometimes", "Upsell takes yes or no (or na)");
    answer_fails("correct", "6", "Correct takes 1 to 5, not '6'");
    answer_fails("correct", "0", "1 to 5");
    answer_fails("correct", "3.5", "1 to 5");
    answer_fails("fr", "-4", "First response takes a number of seconds");
    answer_fails("fr", "1e9", "seconds");
    answer_fails("fr", "1234567890", "seconds");
    struct mystery_answer a;
    struct sd_err err = {0};
    const struct mystery_criterion *greet = &card.s[0].c[1], *size = &card.s[1].c[1];
    assert_int_equal(mystery_answer_parse(size, "N/A", &a, &err), SD_OK);
    assert_true(a.na);
    char buf[16];
    mystery_answer_format(size, &a, buf, sizeof buf);
    assert_string_equal(buf, "na");
    assert_int_equal(mystery_answer_parse(greet, "y", &a, &err), SD_OK);
    mystery_answer_format(greet, &a, buf, sizeof buf);
    assert_string_equal(buf, "yes");
}

static void card_fails(const char *text, const char *want)
{
    struct scorecard sc;
    struct sd_err err = {0};
    int rc = scorecard_parse("c.yaml", text, strlen(text), &sc, &err);
    if (rc != SD_INPUT)
        fail_msg("accepted: %s", text);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
}

#define HEAD "scorecard: c\ntitle: C\nversion: 1\ntarget: staff\nsections:\n  - name: S\n"

static void test_card_errors(void **state)
{
    (void)state;
    card_fails("", "c.yaml:1:1: the file is empty");
    card_fails("scorecard: c\ntitle: C\nversion: 1\ntarget: staff\n", "needs sections");
    card_fails("scorecard: Chat Service\n", "c.yaml:1:12: 'Chat Service' is not an id");
    card_fails("scorecard: c\ntitle: C\nversion: 0\n", "c.yaml:3:10: 0 is out of range");
    card_fails("scorecard: c\ntitle: C\nversion: 1\ntarget: boss\nsections: []\n",
               "c.yaml:4:9: target is staff, competitor or courier");
    card_fails("scorecard: c\ncolour: red\n", "c.yaml:2:1: unknown key 'colour'");
    card_fails(HEAD "    criteria: []\n", "c.yaml:7:15: a section needs criteria");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: stars}\n",
               "c.yaml:8:34: scale is yesno, five or seconds");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: five, good: 3}\n",
               "c.yaml:8:46: good and bad belong to the seconds scale");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: seconds, good: 30}\n",
               "c.yaml:8:9: missing key 'bad'");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: seconds, good: 30, bad: 30}\n",
               "c.yaml:8:58: bad (30 s) must be more than good (30 s)");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: yesno, weight: 0}\n",
               "c.yaml:8:49: 0 is out of range");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: yesno, critical: often}\n",
               "true or false");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: yesno}\n"
                    "  - name: T\n    criteria:\n      - {id: a, label: B, scale: yesno}\n",
               "c.yaml:11:14: there is already a criterion a on this scorecard");
    card_fails(HEAD "    criteria:\n      - {id: a, scale: yesno}\n", "missing key 'label'");
    card_fails(HEAD "    criteria:\n      - {id: a, label: A, scale: yesno, extra: 1}\n",
               "unknown key 'extra'");
}

RUN_TESTS(
    cmocka_unit_test_setup_teardown(test_card_shape, setup, teardown),
    cmocka_unit_test_setup_teardown(test_points, setup, teardown),
    cmocka_unit_test(test_rounding_half_up),
    cmocka_unit_test_setup_teardown(test_score, setup, teardown),
    cmocka_unit_test_setup_teardown(test_answers, setup, teardown),
    cmocka_unit_test(test_card_errors),
)
