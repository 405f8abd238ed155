#ifndef SHOPDESK_CORE_CHAT_H
#define SHOPDESK_CORE_CHAT_H

#include <stdbool.h>
#include <stdint.h>

/* Chat service as the platforms count it (千牛 客服绩效): per agent and day, the buyers who
 * asked (consultations), those who asked before buying (inquiries, 询单), those of them who
 * then paid (询单→付款), how fast the agent answered first and on average, and the share of
 * satisfied buyers. Summed over agents, the averages are weighted by consultations. */
struct chat_totals {
    int64_t consultations, inquiries, orders;
    int64_t fr_sum, fr_n;   /* first response: sum of ms x consultations, and those */
    int64_t avg_sum, avg_n; /* average response, likewise */
    int64_t sat_sum, sat_n; /* satisfaction (0.01 %) x consultations, and those */
};

/* Add one agent's day. Negative values (-1) are "not given" and left out. */
void chat_add(struct chat_totals *t, int64_t consultations, int64_t inquiries, int64_t orders,
              int64_t first_ms, int64_t avg_ms, int64_t satisfaction);

/* Orders from inquiries, of inquiries: hundredths of a percent; -1 without inquiries. */
int64_t chat_conversion(const struct chat_totals *t);
/* The weighted first and average response in ms, satisfaction in 0.01 %; -1 when none. */
int64_t chat_first_response(const struct chat_totals *t);
int64_t chat_avg_response(const struct chat_totals *t);
int64_t chat_satisfaction(const struct chat_totals *t);

/* The consultation line of the service score, in hundredths of 100: the mean of
 *   response:   100 when the first response is within target_s seconds, else 100 x
 *               target / first response (30 s against 15 s is 50);
 *   conversion: the inquiry conversion against target_pct percent, at most 100;
 * either alone when the other was not given; -1 when neither was. */
int64_t chat_line(const struct chat_totals *t, int target_s, int target_pct);

#endif
