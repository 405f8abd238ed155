#include "config.h"

#include "util/csv.h"
#include "util/encoding.h"
#include "util/rng.h"
#include "util/decimal.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "unit.h"

static void test_sha256(void **state)
{
    (void)state;
    char hex[65];
    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* longer than one block */
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_csv_read(void **state)
{
    (void)state;
    const char *data = "\xef\xbb\xbf" "a,b,c\r\n"
                       "1,\"two, with comma\",\"three \"\"quoted\"\"\"\r\n"
                       "x,\"multi\nline\",=\"0123\"\n"
                       "\n"
                       "last,,";
    struct csv_reader r;
    struct csv_row row = {0};
    csv_reader_init(&r, data, strlen(data), ',');
    assert_int_equal(csv_next(&r, &row), 1);
    assert_int_equal(row.n, 3);
    assert_string_equal(row.fields[0], "a"); /* BOM skipped */
    assert_int_equal(row.line, 1);
    assert_int_equal(csv_next(&r, &row), 1);
    assert_string_equal(row.fields[1], "two, with comma");
    assert_string_equal(row.fields[2], "three \"quoted\"");
    assert_int_equal(csv_next(&r, &row), 1);
    assert_int_equal(row.line, 3);
    assert_string_equal(row.fields[1], "multi\nline");
    assert_string_equal(row.fields[2], "=\"0123\"");
    assert_int_equal(csv_next(&r, &row), 1);
    assert_int_equal(row.line, 5); /* the quoted newline took a line */
    assert_true(csv_row_blank(&row));
    assert_int_equal(csv_next(&r, &row), 1);
    assert_int_equal(row.n, 3);
    assert_string_equal(row.fields[0], "last");
    assert_int_equal(csv_next(&r, &row), 0);
    csv_row_free(&row);
}

static void test_csv_unterminated(void **state)
{
    (void)state;
    const char *data = "a,b\n1,\"open\n2,3\n";
    struct csv_reader r;
    struct csv_row row = {0};
    csv_reader_init(&r, data, strlen(data), ',');
    assert_int_equal(csv_next(&r, &row), 1);
    assert_int_equal(csv_next(&r, &row), -1);
    assert_int_equal(row.line, 2);
    assert_non_null(strstr(r.error, "unterminated"));
    csv_row_free(&row);
}

static void test_csv_write_neutralises(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    const char *cells[] = {"=HYPERLINK(\"http://x\")", "+1", "-12.50", "@SUM(A1)", "\tx",
                           "plain", "a,b", "say \"hi\"", " padded"};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        if (i)
            csv_sep(&sb);
        csv_put(&sb, cells[i], true);
    }
    assert_string_equal(sb_str(&sb), "\"'=HYPERLINK(\"\"http://x\"\")\",+1,-12.50,\"'@SUM(A1)\","
                                     "\"'\tx\",plain,\"a,b\",\"say \"\"hi\"\"\",\" padded\"");
    sb_free(&sb);
}

static void test_encoding(void **state)
{
    (void)state;
    /* "订单" in GBK */
    const char gbk[] = "\xb6\xa9\xb5\xa5,1\n";
    char *out = NULL;
    size_t n = 0, bad = 0;
    long line = 0;
    const char *used = NULL;
    assert_int_equal(enc_to_utf8(gbk, sizeof gbk - 1, "auto", &out, &n, &used, &line, &bad), 0);
    assert_string_equal(out, "订单,1\n");
    assert_string_equal(used, "GB18030");
    free(out);
    /* UTF-8 with BOM */
    const char u8[] = "\xef\xbb\xbf订单\n";
    assert_int_equal(enc_to_utf8(u8, sizeof u8 - 1, NULL, &out, &n, &used, &line, &bad), 0);
    assert_string_equal(out, "订单\n");
    free(out);
    /* a bad byte on line 3 of a file said to be UTF-8 */
    const char badu8[] = "a\nb\nc\xff\n";
    assert_int_equal(enc_to_utf8(badu8, sizeof badu8 - 1, "UTF-8", &out, &n, &used, &line, &bad),
                     -1);
    assert_int_equal(line, 3);
    assert_int_equal(bad, 5);
    /* unknown encoding */
    assert_int_equal(enc_to_utf8("x", 1, "NOPE-9", &out, &n, &used, &line, &bad), -2);
}

static void test_rng_fixed(void **state)
{
    (void)state;
    struct rng a, b;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(rng_next(&a), rng_next(&b));
    for (int i = 0; i < 1000; i++) {
        uint64_t v = rng_below(&a, 7);
        assert_true(v < 7);
        int64_t w = rng_range(&a, -3, 3);
        assert_true(w >= -3 && w <= 3);
    }
}

/* Hundredths as people read them, negatives included (a gap, a change). */
static void test_hundredths(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(hundredths_text(8390, "%", b, sizeof b), "83.90%");
    assert_string_equal(hundredths_text(5, "", b, sizeof b), "0.05");
    assert_string_equal(hundredths_text(-50, "", b, sizeof b), "-0.50");
    assert_string_equal(hundredths_text(-2500, "%", b, sizeof b), "-25.00%");
    assert_string_equal(hundredths_text(0, NULL, b, sizeof b), "0.00");
    assert_string_equal(hundredths_text(INT64_MIN, "", b, sizeof b), "-92233720368547758.08");
}

RUN_TESTS(
    cmocka_unit_test(test_sha256),
    cmocka_unit_test(test_csv_read),
    cmocka_unit_test(test_csv_unterminated),
    cmocka_unit_test(test_csv_write_neutralises),
    cmocka_unit_test(test_encoding),
    cmocka_unit_test(test_rng_fixed),
    cmocka_unit_test(test_hundredths),
)
