#include "config.h"

#include "core/chat.h"

void chat_add(struct chat_totals *t, int64_t consultations, int64_t inquiries, int64_t orders,
              int64_t first_ms, int64_t avg_ms, int64_t satisfaction)
{
    t->consultations += consultations;
    t->inquiries += inquiries;
    t->orders += orders;
    if (first_ms >= 0 && consultations > 0) {
        t->fr_sum += first_ms * consultations;
        t->fr_n += consultations;
    }
    if (avg_ms >= 0 && consultations > 0) {
        t->avg_sum += avg_ms * consultations;
        t->avg_n += consultations;
    }
    if (satisfaction >= 0 && consultations > 0) {
        t->sat_sum += satisfaction * consultations;
        t->sat_n += consultations;
    }
}

static int64_t rounded(int64_t a, int64_t b)
{
    return b > 0 ? (a * 2 + b) / (2 * b) : -1;
}

int64_t chat_conversion(const struct chat_totals *t)
{
    return t->inquiries > 0 ? rounded(t->orders * 10000, t->inquiries) : -1;
}

int64_t chat_first_response(const struct chat_totals *t)
{
    return rounded(t->fr_sum, t->fr_n);
}

int64_t chat_avg_response(const struct chat_totals *t)
{
    return rounded(t->avg_sum, t->avg_n);
}

int64_t chat_satisfaction(const struct chat_totals *t)
{
    return rounded(t->sat_sum, t->sat_n);
}

int64_t chat_line(const struct chat_totals *t, int target_s, int target_pct)
{
    int64_t fr = chat_first_response(t), conv = chat_conversion(t);
    int64_t r = -1, v = -1;
    if (fr >= 0)
        r = fr <= (int64_t)target_s * 1000 ? 10000 : rounded((int64_t)target_s * 1000 * 10000, fr);
    if (conv >= 0) {
        v = rounded(conv * 100, target_pct);
        if (v > 10000)
            v = 10000;
    }
    if (r >= 0 && v >= 0)
        return (r + v + 1) / 2;
    return r >= 0 ? r : v;
}
