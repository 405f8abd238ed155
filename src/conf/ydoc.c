#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "conf/ydoc.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct builder {
    const char *label;
    size_t nodes;
    struct sd_err *err;
    const char *text; /* the input, for the line and column of a reader error */
    size_t len;
};

static void node_free(struct ynode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        node_free(n->items[i]);
        if (n->keys)
            node_free(n->keys[i]);
    }
    free(n->items);
    free(n->keys);
    free(n->value);
    free(n);
}

void ydoc_free(struct ydoc **pd)
{
    struct ydoc *d = *pd;
    if (!d)
        return;
    node_free(d->root);
    free(d->file);
    free(d);
    *pd = NULL;
}

static int fail_at(struct builder *b, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail_at(struct builder *b, yaml_mark_t m, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sd_fail(b->err, SD_INPUT, "%s:%zu:%zu: %s", b->label, m.line + 1, m.column + 1, msg);
}

static int parser_fail(struct builder *b, yaml_parser_t *p)
{
    yaml_mark_t m = p->problem_mark;
    if (p->error == YAML_READER_ERROR) {
        /* The reader knows only the byte offset (a NUL, a byte that is not UTF-8): its line
         * and column, counted in the text, in characters. */
        size_t off = p->problem_offset < b->len ? p->problem_offset : b->len;
        memset(&m, 0, sizeof m);
        for (size_t i = 0; i < off; i++) {
            if (b->text[i] == '\n') {
                m.line++;
                m.column = 0;
            } else if (((unsigned char)b->text[i] & 0xc0) != 0x80) {
                m.column++;
            }
        }
        if (p->problem && !strcmp(p->problem, "control characters are not allowed") &&
            off < b->len && b->text[off] == '\0')
            return fail_at(b, m, "%s", _("a NUL byte"));
        if (p->problem && strcasestr(p->problem, "utf-8"))
            return fail_at(b, m, _("a byte that is not UTF-8 (0x%02x)"),
                           off < b->len ? (unsigned char)b->text[off] : 0);
        return fail_at(b, m, "%s", p->problem ? p->problem : _("unreadable"));
    }
    if (p->context)
        return fail_at(b, m, "%s %s", p->problem ? p->problem : "", p->context);
    return fail_at(b, m, "%s", p->problem ? p->problem : _("malformed YAML"));
}

static struct ynode *new_node(struct builder *b, enum ynode_kind kind, yaml_mark_t m)
{
    struct ynode *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    b->nodes++;
    return n;
}

static void push(struct ynode *parent, struct ynode *key, struct ynode *val, size_t *cap)
{
    if (parent->n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        parent->items = xrealloc(parent->items, *cap * sizeof *parent->items);
        if (parent->kind == YNODE_MAP)
            parent->keys = xrealloc(parent->keys, *cap * sizeof *parent->keys);
    }
    if (parent->kind == YNODE_MAP)
        parent->keys[parent->n] = key;
    parent->items[parent->n++] = val;
}

/* Build the node that starts with event ev (already taken). Recursion depth is capped. */
static int build(struct builder *b, yaml_parser_t *p, yaml_event_t *ev, int depth,
                 struct ynode **out)
{
    *out = NULL;
    if (b->nodes >= YDOC_MAX_NODES)
        return fail_at(b, ev->start_mark, _("too many nodes (more than %d)"), YDOC_MAX_NODES);
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return fail_at(b, ev->start_mark, _("aliases (*%s) are not allowed"),
                       (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT: {
        if (ev->data.scalar.length > YDOC_MAX_SCALAR)
            return fail_at(b, ev->start_mark, _("value too long (%zu bytes, at most %d)"),
                           ev->data.scalar.length, YDOC_MAX_SCALAR);
        if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
            return fail_at(b, ev->start_mark, _("value contains a NUL byte"));
        struct ynode *n = new_node(b, YNODE_SCALAR, ev->start_mark);
        n->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        *out = n;
        return SD_OK;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool map = ev->type == YAML_MAPPING_START_EVENT;
        if (depth >= YDOC_MAX_DEPTH)
            return fail_at(b, ev->start_mark, _("nested too deeply (more than %d levels)"),
                           YDOC_MAX_DEPTH);
        struct ynode *n = new_node(b, map ? YNODE_MAP : YNODE_SEQ, ev->start_mark);
        size_t cap = 0;
        int rc = SD_OK;
        for (;;) {
            yaml_event_t e;
            if (!yaml_parser_parse(p, &e)) {
                rc = parser_fail(b, p);
                break;
            }
            if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&e);
                break;
            }
            struct ynode *key = NULL, *val = NULL;
            if (map && n->n >= YDOC_MAX_KEYS) {
                rc = fail_at(b, e.start_mark, _("too many keys in one mapping (more than %d)"),
                             YDOC_MAX_KEYS);
                yaml_event_delete(&e);
                break;
            }
            if (map) {
                if (e.type != YAML_SCALAR_EVENT) {
                    rc = fail_at(b, e.start_mark, _("a key must be plain text"));
                    yaml_event_delete(&e);
                    break;
                }
                rc = build(b, p, &e, depth + 1, &key);
                yaml_event_delete(&e);
                if (rc)
                    break;
                for (size_t i = 0; i < n->n; i++) {
                    if (!strcmp(n->keys[i]->value, key->value)) {
                        rc = sd_fail(b->err, SD_INPUT, _("%s:%d:%d: duplicate key '%s' (first "
                                                         "at line %d)"),
                                     b->label, key->line, key->col, key->value,
                                     n->keys[i]->line);
                        break;
                    }
                }
                if (rc) {
                    node_free(key);
                    break;
                }
                if (!yaml_parser_parse(p, &e)) {
                    node_free(key);
                    rc = parser_fail(b, p);
                    break;
                }
            }
            rc = build(b, p, &e, depth + 1, &val);
            yaml_event_delete(&e);
            if (rc) {
                node_free(key);
                break;
            }
            push(n, key, val, &cap);
        }
        if (rc) {
            node_free(n);
            return rc;
        }
        *out = n;
        return SD_OK;
    }
    default:
        return fail_at(b, ev->start_mark, _("unexpected YAML event"));
    }
}

int ydoc_parse(const char *label, const char *text, size_t len, struct ydoc **out,
               struct sd_err *err)
{
    struct builder b = {label, 0, err, text, len};
    yaml_parser_t p;
    yaml_event_t ev;
    *out = NULL;
    if (!yaml_parser_initialize(&p))
        return sd_fail(err, SD_INPUT, "%s: %s", label, _("cannot start the YAML parser"));
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    struct ydoc *d = xcalloc(1, sizeof *d);
    d->file = xstrdup(label);
    int rc = SD_OK;
    bool seen_doc = false;
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_fail(&b, &p);
            break;
        }
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT) {
            if (seen_doc) {
                rc = fail_at(&b, ev.start_mark, _("only one YAML document per file"));
                yaml_event_delete(&ev);
                break;
            }
            seen_doc = true;
        } else if (t == YAML_SCALAR_EVENT || t == YAML_SEQUENCE_START_EVENT ||
                   t == YAML_MAPPING_START_EVENT || t == YAML_ALIAS_EVENT) {
            rc = build(&b, &p, &ev, 0, &d->root);
            yaml_event_delete(&ev);
            if (rc)
                break;
            continue;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    if (rc) {
        ydoc_free(&d);
        return rc;
    }
    *out = d;
    return SD_OK;
}

int ydoc_load(const char *path, struct ydoc **out, struct sd_err *err)
{
    char *buf;
    size_t len;
    int e = file_read(path, YDOC_MAX_FILE, &buf, &len);
    if (e == EFBIG)
        return sd_fail(err, SD_INPUT, _("%s: file too large (more than %d MiB)"), path,
                       YDOC_MAX_FILE / (1024 * 1024));
    if (e)
        return sd_fail(err, e == ENOENT ? SD_NOT_FOUND : SD_IO, _("%s: %s"), path, strerror(e));
    int rc = ydoc_parse(path, buf, len, out, err);
    free(buf);
    return rc;
}

int yfail(const struct ydoc *d, const struct ynode *n, struct sd_err *err, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sd_fail(err, SD_INPUT, "%s:%d:%d: %s", d->file, n ? n->line : 1, n ? n->col : 1, msg);
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (!strcmp(map->keys[i]->value, key))
            return map->items[i];
    return NULL;
}

static const char *kind_name(enum ynode_kind k)
{
    switch (k) {
    case YNODE_MAP:
        return _("a mapping (key: value)");
    case YNODE_SEQ:
        return _("a list");
    default:
        return _("a single value");
    }
}

int yexpect(const struct ydoc *d, const struct ynode *n, enum ynode_kind kind, const char *what,
            struct sd_err *err)
{
    if (!n)
        return yfail(d, n, err, _("%s: expected %s"), what, kind_name(kind));
    if (n->kind != kind)
        return yfail(d, n, err, _("%s must be %s"), what, kind_name(kind));
    return SD_OK;
}

int ycheck_keys(const struct ydoc *d, const struct ynode *map, const char *const *allowed,
                struct sd_err *err)
{
    for (size_t i = 0; i < map->n; i++) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++)
            if (!strcmp(*a, map->keys[i]->value))
                ok = true;
        if (!ok) {
            struct strbuf sb = STRBUF_INIT;
            for (const char *const *a = allowed; *a; a++)
                sb_addf(&sb, "%s%s", a == allowed ? "" : ", ", *a);
            int rc = yfail(d, map->keys[i], err, _("unknown key '%s' (known: %s)"),
                           map->keys[i]->value, sb_str(&sb));
            sb_free(&sb);
            return rc;
        }
    }
    return SD_OK;
}

static int get_scalar(const struct ydoc *d, const struct ynode *map, const char *key,
                      bool required, const struct ynode **out, struct sd_err *err)
{
    const struct ynode *n = ymap_get(map, key);
    *out = NULL;
    if (!n) {
        if (required)
            return yfail(d, map, err, _("missing key '%s'"), key);
        return SD_OK;
    }
    if (n->kind != YNODE_SCALAR)
        return yfail(d, n, err, _("'%s' must be a single value"), key);
    *out = n;
    return SD_OK;
}

int yget_str(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
             char **out, struct sd_err *err)
{
    const struct ynode *n;
    int rc = get_scalar(d, map, key, required, &n, err);
    if (rc || !n)
        return rc;
    free(*out);
    *out = xstrdup(n->value);
    return SD_OK;
}

int ynode_int(const struct ydoc *d, const struct ynode *n, int64_t min, int64_t max,
              int64_t *out, struct sd_err *err)
{
    if (n->kind != YNODE_SCALAR)
        return yfail(d, n, err, _("expected a whole number"));
    char *end;
    errno = 0;
    long long v = strtoll(n->value, &end, 10);
    if (errno || end == n->value || *end || n->value[0] == ' ')
        return yfail(d, n, err, _("'%s' is not a whole number"), n->value);
    if (v < min || v > max)
        return yfail(d, n, err, _("%lld is out of range (%lld to %lld)"), v, (long long)min,
                     (long long)max);
    *out = v;
    return SD_OK;
}

int yget_int(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
             int64_t min, int64_t max, int64_t *out, struct sd_err *err)
{
    const struct ynode *n;
    int rc = get_scalar(d, map, key, required, &n, err);
    if (rc || !n)
        return rc;
    return ynode_int(d, n, min, max, out, err);
}

int ynode_bool(const struct ydoc *d, const struct ynode *n, bool *out, struct sd_err *err)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    if (n->kind == YNODE_SCALAR) {
        for (int i = 0; yes[i]; i++)
            if (!strcmp(n->value, yes[i])) {
                *out = true;
                return SD_OK;
            }
        for (int i = 0; no[i]; i++)
            if (!strcmp(n->value, no[i])) {
                *out = false;
                return SD_OK;
            }
    }
    return yfail(d, n, err, _("expected true or false"));
}

int yget_bool(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
              bool *out, struct sd_err *err)
{
    const struct ynode *n;
    int rc = get_scalar(d, map, key, required, &n, err);
    if (rc || !n)
        return rc;
    return ynode_bool(d, n, out, err);
}

int yget_money(const struct ydoc *d, const struct ynode *map, const char *key, bool required,
               const struct currency *cur, int64_t *out, struct sd_err *err)
{
    const struct ynode *n;
    int rc = get_scalar(d, map, key, required, &n, err);
    if (rc || !n)
        return rc;
    struct sd_err e = {0};
    if (money_parse(n->value, cur, 0, out, &e))
        return yfail(d, n, err, "%s", e.msg);
    return SD_OK;
}
