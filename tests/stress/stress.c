/* tests/stress/stress: many processes moving money on one shop at once, through the same
 * library calls the console and the command line make.
 *
 *   stress ops SHOP NPROC OPS TWICE
 *     NPROC processes, each OPS operations: a refund requested by agent aN on a random paid
 *     order (1.00 to 30.00), approved by aN when no rule did, paid by refunds pN; with TWICE 1
 *     every approval and payment is sent again, as after an answer lost to a dropped link,
 *     and must say "already". Prints one line per process: "paid P refused R busy B
 *     repeats K errors E", then exits non-zero when any process saw a busy or other error.
 *   stress survive SHOP NPROC OPS ACKFILE
 *     As ops with TWICE 1, while the database server restarts (PostgreSQL): an operation
 *     that finds the connection lost is tried again after a pause, as a person would, for up
 *     to 60 s. A payment whose answer was lost is found when tried again ("already paid").
 *     Each payment acknowledged (paid, or found paid) is appended to ACKFILE. Prints one line
 *     per process: "paid P refused R busy B repeats K errors E found F lost L" (F: payments
 *     found made when sent again; L: steps that found the connection lost), then exits
 *     non-zero on a busy or an error other than a lost connection.
 *   stress acked SHOP ACKFILE
 *     Request and pay until killed; after each payment is committed its refund id is
 *     appended to ACKFILE (and flushed): what was acknowledged must be in the shop after a
 *     kill -9. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/refund_ops.h"
#include "app/paths.h"
#include "app/session.h"
#include "core/clock.h"
#include "store/orders.h"
#include "util/rng.h"
#include "util/strbuf.h"

#define ORDERS 512

struct counts {
    long paid, refused, busy, repeats, errors, lost, found;
};

/* survive mode: a lost connection (the server restarting) is waited out and the step tried
 * again */
static bool survive;

static bool lost_again(int rc, struct counts *c)
{
    if (!survive || rc != SD_IO)
        return false;
    c->lost++;
    usleep(100 * 1000);
    return c->lost < 600 * 8; /* 60 s in all, across the steps */
}

/* Each clerk is a person of their own (not the tester acting --as them): separation of
 * duties tells people apart by who they really are. */
static int open_as(const char *shop, const char *login, struct session *s)
{
    struct session_opts o = {0};
    o.shop = shop;
    paths_set_login(login);
    struct sd_err err = {0};
    int rc = session_open(&o, s, &err);
    paths_set_login(NULL);
    if (rc) {
        fprintf(stderr, "stress: %s as %s: %s\n", shop, login, err.msg);
        return -1;
    }
    return 0;
}

static int paid_orders(struct session *s, int64_t *ids)
{
    struct order_filter f;
    order_filter_init(&f);
    static struct order_row rows[ORDERS];
    struct sd_err err = {0};
    int n = store_orders_page(s->st, &f, NULL, true, false, ORDERS, rows, &err);
    for (int i = 0; i < n; i++)
        ids[i] = rows[i].id;
    return n < 0 ? 0 : n;
}

static void tally(struct counts *c, int rc)
{
    if (rc == SD_BUSY)
        c->busy++;
    else if (rc == SD_LIMIT || rc == SD_REFUSED)
        c->refused++;
    else if (rc)
        c->errors++;
}

/* One operation: request, approve unless a rule did, pay. Returns the refund paid, or 0. */
static int64_t one(struct session *agent, struct session *payer, struct rng *r,
                   const int64_t *orders, int norders, bool twice, struct counts *c)
{
    struct refund_request q = {0};
    q.order_id = orders[rng_below(r, (uint64_t)norders)];
    q.kind = KIND_REFUND;
    q.amount = 100 + (int64_t)rng_below(r, 2901);
    q.reason = REASON_DAMAGED;
    struct refund_outcome out = {0};
    struct sd_err err = {0};
    int rc;
    do {
        sb_free(&out.flags);
        rc = refund_request(agent, &q, &out, &err);
    } while (lost_again(rc, c));
    sb_free(&out.flags);
    if (rc) {
        tally(c, rc);
        if (rc != SD_BUSY && rc != SD_LIMIT && rc != SD_REFUSED)
            fprintf(stderr, "stress: request: %s\n", err.msg);
        return 0;
    }
    for (int k = 0; out.status == REFUND_REQUESTED && k < (twice ? 2 : 1); k++) {
        bool again = false;
        while (lost_again(rc = refund_approve(agent, out.id, NULL, &err), c))
            again = true;
        if (k == 0 && again && rc == SD_CONFLICT) {
            /* the first answer was lost with the connection: it was approved */
        } else if (k == 1 && rc == SD_CONFLICT) {
            c->repeats++;
        } else if (rc) {
            tally(c, rc);
            if (rc != SD_LIMIT && rc != SD_REFUSED)
                fprintf(stderr, "stress: approve #%lld: %s\n", (long long)out.id, err.msg);
            return 0;
        }
    }
    int64_t paid = 0;
    for (int k = 0; k < (twice ? 2 : 1); k++) {
        struct payment p;
        bool again = false;
        while (lost_again(rc = refund_pay(payer, out.id, 0, "alipay", "stress", &p, &err), c))
            again = true;
        if (again && k == 0 && rc == SD_CONFLICT) {
            /* the first answer was lost with the connection: the payment was made */
            c->paid++;
            c->found++;
            paid = out.id;
        } else if (rc == SD_OK && k == 0) {
            c->paid++;
            paid = out.id;
        } else if (rc == SD_CONFLICT && k == 1) {
            c->repeats++;
        } else {
            tally(c, rc);
            fprintf(stderr, "stress: pay #%lld (%d): %s\n", (long long)out.id, k, err.msg);
        }
    }
    return paid;
}

static int run_ops(const char *shop, int nproc, int ops, bool twice, const char *ackfile)
{
    int fd[2];
    if (pipe(fd))
        return 2;
    for (int i = 0; i < nproc; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return 2;
        if (pid)
            continue;
        close(fd[0]);
        char a[16], p[16];
        snprintf(a, sizeof a, "a%d", i + 1);
        snprintf(p, sizeof p, "p%d", i + 1);
        struct session agent, payer;
        if (open_as(shop, a, &agent) || open_as(shop, p, &payer))
            _exit(2);
        static int64_t orders[ORDERS];
        int norders = paid_orders(&agent, orders);
        struct rng r;
        rng_seed(&r, 1000 + (uint64_t)i);
        struct counts c = {0};
        FILE *ack = ackfile ? fopen(ackfile, "a") : NULL;
        if (ackfile && !ack)
            _exit(2);
        for (int k = 0; k < ops && norders; k++) {
            int64_t id = one(&agent, &payer, &r, orders, norders, twice, &c);
            if (id && ack) { /* committed (or found so): now it may be acknowledged */
                fprintf(ack, "%lld\n", (long long)id);
                fflush(ack);
            }
        }
        if (ack)
            fclose(ack);
        session_close(&agent);
        session_close(&payer);
        char line[160];
        int n = snprintf(line, sizeof line, "paid %ld refused %ld busy %ld repeats %ld errors %ld",
                         c.paid, c.refused, c.busy, c.repeats, c.errors);
        if (survive)
            n += snprintf(line + n, sizeof line - (size_t)n, " found %ld lost %ld", c.found,
                          c.lost);
        line[n++] = '\n';
        if (write(fd[1], line, (size_t)n) != n)
            _exit(2);
        _exit(c.busy || c.errors ? 1 : 0);
    }
    close(fd[1]);
    int bad = 0, status;
    while (wait(&status) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status))
            bad = 1;
    char buf[4096];
    ssize_t k;
    while ((k = read(fd[0], buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)k, stdout);
    close(fd[0]);
    return bad;
}

static int run_acked(const char *shop, const char *ackfile)
{
    struct session agent, payer;
    if (open_as(shop, "a1", &agent) || open_as(shop, "p1", &payer))
        return 2;
    static int64_t orders[ORDERS];
    int norders = paid_orders(&agent, orders);
    FILE *ack = fopen(ackfile, "a");
    if (!ack || !norders)
        return 2;
    struct rng r;
    rng_seed(&r, (uint64_t)getpid());
    struct counts c = {0};
    for (;;) {
        int64_t id = one(&agent, &payer, &r, orders, norders, false, &c);
        if (id) { /* committed: now it may be acknowledged */
            fprintf(ack, "%lld\n", (long long)id);
            fflush(ack);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 6 && !strcmp(argv[1], "ops"))
        return run_ops(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]) != 0, NULL);
    if (argc == 6 && !strcmp(argv[1], "survive")) {
        survive = true;
        return run_ops(argv[2], atoi(argv[3]), atoi(argv[4]), true, argv[5]);
    }
    if (argc == 4 && !strcmp(argv[1], "acked"))
        return run_acked(argv[2], argv[3]);
    fputs("usage: stress ops SHOP NPROC OPS TWICE | stress survive SHOP NPROC OPS ACKFILE | "
          "stress acked SHOP ACKFILE\n",
          stderr);
    return 2;
}
