#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app/gen.h"

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
};
static const char *const given[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀英", "霞", "平", "刚", "桂英", "婷", "浩", "宇", "欣", "晨", "颖", "琳", "瑶",
    "子涵", "雨桐", "梓萱", "一诺", "思远", "建国", "晓燕", "志强", "海燕", "文博",
};
static const char *const first_latin[] = {
    "Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Henry", "Iris", "Jack",
    "Kate", "Leo", "Maya", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tina",
};
static const char *const last_latin[] = {
    "Smith", "Müller", "García", "Rossi", "Dubois", "Tanaka", "Kim", "Nguyen", "Brown", "Wilson",
    "Novak", "Silva", "Jensen", "O'Brien", "Khan",
};

static const struct gen_item items[] = {
    {"TS-001-WH", "纯棉圆领T恤 白色 M", 7900},
    {"TS-001-BK", "纯棉圆领T恤 黑色 L", 7900},
    {"SH-210-BL", "牛津纺长袖衬衫 浅蓝 39", 15900},
    {"JK-330-NV", "轻薄防风夹克 藏青 XL", 29900},
    {"PT-118-KH", "休闲直筒裤 卡其 32", 19900},
    {"DR-402-RD", "碎花连衣裙 红色 S", 25900},
    {"SW-207-GR", "羊毛混纺针织衫 灰色 M", 23900},
    {"SK-015-WH", "运动袜三双装 白色", 2900},
    {"BG-550-BR", "真皮斜挎包 棕色", 45900},
    {"SC-120-CM", "羊绒围巾 驼色", 36900},
    {"HT-031-BK", "棒球帽 黑色", 5900},
    {"SN-808-WH", "小白鞋 帆布 38", 18900},
    {"CO-700-BK", "羽绒服 长款 黑色 L", 89900},
    {"TS-002-PK", "Organic cotton tee, pink, S", 8900},
    {"HD-410-GY", "Hoodie, heather grey, M", 21900},
    {"JN-512-DB", "Slim jeans, dark blue, 30", 26900},
    {"CP-090-OL", "Cargo pants, olive, 32", 22900},
    {"BT-300-BK", "Leather belt, black", 12900},
    {"WL-120-BR", "Bifold wallet, brown", 15900},
    {"GL-010-BK", "Touchscreen gloves, black", 6900},
    {"MK-001-WH", "一次性口罩 50只装", 1990},
    {"UM-220-NV", "自动折叠伞 藏青", 8900},
    {"PJ-101-PK", "珊瑚绒睡衣套装 粉色 L", 16900},
    {"TW-060-WH", "纯棉毛巾两条装", 3900},
    {"SG-900-BK", "偏光太阳镜 黑框", 19900},
    {"GF-VIP-01", "会员礼品 定制帆布袋", 0},
    {"GF-BDY-01", "生日礼盒 香薰蜡烛", 0},
};

static const struct gen_courier couriers[] = {
    {"顺丰速运", "SF", 13}, {"中通快递", "7", 13}, {"圆通速递", "YT", 13},
    {"韵达快递", "43", 13}, {"申通快递", "77", 13}, {"京东物流", "JD", 13},
    {"EMS", "E", 12},
};

static const char *const cities[] = {
    "上海市浦东新区张江路", "北京市朝阳区建国路", "广州市天河区体育西路", "深圳市南山区科技园",
    "杭州市西湖区文三路", "成都市武侯区人民南路", "南京市鼓楼区中山北路", "武汉市洪山区珞喻路",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

void gen_name(struct rng *r, char *buf, size_t n, bool *chinese)
{
    if (rng_chance(r, 60)) {
        const char *s = surnames[rng_below(r, N(surnames))];
        const char *g = given[rng_below(r, N(given))];
        if (rng_chance(r, 30) && strlen(g) == 3) {
            const char *g2 = given[rng_below(r, N(given))];
            if (strlen(g2) == 3) {
                snprintf(buf, n, "%s%s%s", s, g, g2);
                *chinese = true;
                return;
            }
        }
        snprintf(buf, n, "%s%s", s, g);
        *chinese = true;
    } else {
        snprintf(buf, n, "%s %s", first_latin[rng_below(r, N(first_latin))],
                 last_latin[rng_below(r, N(last_latin))]);
        *chinese = false;
    }
}

void gen_phone(struct rng *r, char *buf, size_t n)
{
    static const int prefixes[] = {130, 131, 132, 135, 136, 137, 138, 139, 150, 151,
                                   152, 158, 159, 186, 187, 188, 177, 199};
    snprintf(buf, n, "%d%08llu", prefixes[rng_below(r, N(prefixes))],
             (unsigned long long)rng_below(r, 100000000));
}

void gen_address(struct rng *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s%d号%d室", cities[rng_below(r, N(cities))], (int)rng_range(r, 1, 999),
             (int)rng_range(r, 101, 2808));
}

const struct gen_item *gen_item(struct rng *r)
{
    /* gifts (price 0) are never bought */
    size_t sold = N(items) - 2;
    /* a few best sellers: half the lines come from the first six items */
    if (rng_chance(r, 50))
        return &items[rng_below(r, 6)];
    return &items[rng_below(r, sold)];
}

size_t gen_item_count(void)
{
    return N(items);
}

const struct gen_item *gen_item_at(size_t i)
{
    return i < N(items) ? &items[i] : NULL;
}

const struct gen_courier *gen_courier(struct rng *r)
{
    int p = (int)rng_below(r, 100);
    if (p < 35)
        return &couriers[0];
    if (p < 60)
        return &couriers[1];
    if (p < 75)
        return &couriers[2];
    if (p < 87)
        return &couriers[3];
    if (p < 95)
        return &couriers[4];
    return &couriers[5 + rng_below(r, 2)];
}

void gen_tracking(struct rng *r, const struct gen_courier *c, char *buf, size_t n)
{
    char digits[32];
    int k = c->digits - (int)strlen(c->prefix);
    for (int i = 0; i < k && i < 30; i++)
        digits[i] = (char)('0' + rng_below(r, 10));
    digits[k > 0 && k < 30 ? k : 0] = '\0';
    snprintf(buf, n, "%s%s", c->prefix, digits);
}

void gen_buyer_id(struct rng *r, const char *platform, int64_t member_no, char *buf, size_t n)
{
    static const char *const words[] = {"sunny", "mint", "panda", "river", "maple", "tea",
                                        "cloud", "lucky", "momo", "kiki"};
    if (!strcmp(platform, "shopify"))
        snprintf(buf, n, "%s.%lld@example.com", words[rng_below(r, N(words))],
                 (long long)member_no);
    else
        snprintf(buf, n, "tb_%s%lld", words[rng_below(r, N(words))], (long long)member_no);
}

int64_t gen_ship_delay(struct rng *r)
{
    int p = (int)rng_below(r, 100);
    if (p < 40)
        return rng_range(r, 5 * 60, 30 * 60);
    if (p < 70)
        return rng_range(r, 31 * 60, 3 * 3600);
    if (p < 90)
        return rng_range(r, 3 * 3600 + 60, 6 * 3600);
    return rng_range(r, 6 * 3600 + 60, 40 * 3600);
}
