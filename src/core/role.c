#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/role.h"
#include "util/i18n.h"

#define SD_ROLE_KEY(name, key, label) key,
static const char *const keys[] = {SD_ROLE_LIST(SD_ROLE_KEY)};
#undef SD_ROLE_KEY
#define SD_ROLE_LABEL(name, key, label) label,
static const char *const labels[] = {SD_ROLE_LIST(SD_ROLE_LABEL)};
#undef SD_ROLE_LABEL

const char *role_key(int bit)
{
    return bit >= 0 && bit < SD_ROLE_COUNT ? keys[bit] : "?";
}

int roles_parse(const char *s, unsigned *mask, struct sd_err *err)
{
    unsigned m = 0;
    const char *p = s;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, ", ");
        int found = -1;
        for (int i = 0; i < SD_ROLE_COUNT; i++)
            if (strlen(keys[i]) == n && !strncmp(p, keys[i], n))
                found = i;
        if (found < 0)
            return sd_fail(err, SD_INPUT,
                           _("unknown role '%.*s' (roles: owner, agent, refunds, returns, "
                             "warehouse, shopper)"),
                           (int)n, p);
        m |= 1u << found;
        p += n;
    }
    if (!m)
        return sd_fail(err, SD_INPUT, _("no roles given"));
    *mask = m;
    return SD_OK;
}

static char *join(unsigned mask, const char *const *names, bool translate, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < SD_ROLE_COUNT; i++) {
        if (!(mask & (1u << i)))
            continue;
        int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "",
                         translate ? _(names[i]) : names[i]);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return buf;
}

char *roles_format(unsigned mask, char *buf, size_t n)
{
    return join(mask, keys, false, buf, n);
}

char *roles_label(unsigned mask, char *buf, size_t n)
{
    return join(mask, labels, true, buf, n);
}

#define SD_PERM_ROLES(name, key, roles) roles,
static const unsigned perm_masks[] = {SD_PERM_LIST(SD_PERM_ROLES)};
#undef SD_PERM_ROLES
#define SD_PERM_KEY(name, key, roles) key,
static const char *const perm_keys[] = {SD_PERM_LIST(SD_PERM_KEY)};
#undef SD_PERM_KEY

bool perm_allowed(unsigned roles, enum sd_perm perm)
{
    return perm < SD_PERM_COUNT && (roles & perm_masks[perm]) != 0;
}

const char *perm_key(enum sd_perm perm)
{
    return perm < SD_PERM_COUNT ? perm_keys[perm] : "?";
}

const char *perm_label(enum sd_perm perm)
{
    /* what a person was trying to do, in SD_PERM_LIST's order */
    static const char *const perm_labels[SD_PERM_COUNT] = {
        N_("managing the staff"),       N_("changing the settings"),
        N_("reading the audit log"),    N_("seeing orders"),
        N_("importing orders"),         N_("changing orders"),
        N_("shipping orders"),          N_("making pick waves"),
        N_("seeing buyers' contacts"),  N_("seeing refunds"),
        N_("requesting refunds"),       N_("approving refunds"),
        N_("receiving returns"),        N_("paying refunds"),
        N_("reversing payments"),       N_("compensating orders"),
        N_("seeing members"),           N_("changing members"),
        N_("recomputing tiers"),        N_("making gifts"),
        N_("seeing mystery reports"),   N_("filing mystery reports"),
        N_("managing mystery reports"), N_("reading the daily review"),
        N_("signing off the review"),   N_("answering ratings"),
        N_("counting stock"),           N_("handling disputes"),
        N_("importing chat statistics"), N_("scoring performance sheets")};
    return perm < SD_PERM_COUNT ? _(perm_labels[perm]) : "?";
}

unsigned perm_roles(enum sd_perm perm)
{
    return perm < SD_PERM_COUNT ? perm_masks[perm] : 0;
}
