/*
 * genchain -- write a synthetic migration chain for `make bench`.
 *
 *   genchain COUNT SEED DIR
 *
 * Writes DIR/migsql.yaml, COUNT revision files in DIR/versions/ and, in
 * DIR/from-last-10, the revision from which the chain's last 10 follow.  The
 * chain is what a long-lived application accumulates: a main line of
 * revisions with 3 to 8 operations each (new tables, added columns,
 * indexes, constraints, data fixes), and every 50 revisions a branch point
 * where two feature branches of 5 revisions each grow apart and are then
 * merged.  Each branch touches only the tables it created itself, so the
 * branches never conflict, and every revision carries an explicit
 * downgrade.  The same COUNT and SEED give byte-identical files
 * (splitmix64, no clock, no locale).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CYCLE 50          /* revisions from one branch point to the next */
#define BRANCH_LEN 5      /* revisions on each of the two branches */

static uint64_t rng_state;

/* splitmix64 (Steele, Lea, Flood 2014): a tiny seeded generator. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int pick(int n) { return (int)(rnd() % (uint64_t)n); }

struct column {
	char name[64];
	int indexed;
};

struct table {
	char name[48];
	int owner;                /* 0: visible everywhere; else the branch */
	int ncolumns;
	struct column *columns;   /* the columns later ops may touch */
};

static struct table *tables;
static size_t ntables, tables_cap;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("genchain");
		exit(1);
	}
	return p;
}

static struct table *add_table(const char *name, int owner)
{
	if (ntables == tables_cap) {
		tables_cap = tables_cap ? tables_cap * 2 : 256;
		tables = xrealloc(tables, tables_cap * sizeof *tables);
	}
	struct table *t = &tables[ntables++];
	snprintf(t->name, sizeof t->name, "%s", name);
	t->owner = owner;
	t->ncolumns = 0;
	t->columns = NULL;
	return t;
}

static struct column *add_col(struct table *t, const char *name)
{
	t->columns = xrealloc(t->columns, (size_t)(t->ncolumns + 1) * sizeof *t->columns);
	struct column *c = &t->columns[t->ncolumns++];
	snprintf(c->name, sizeof c->name, "%s", name);
	c->indexed = 0;
	return c;
}

/* A table the current revision may touch: the main line's on the main
 * line, the branch's own on a branch.  NULL when there is none. */
static struct table *eligible(int branch)
{
	if (ntables == 0)
		return NULL;
	for (int tries = 0; tries < 64; tries++) {
		/* Favour recent tables, as real chains do. */
		size_t span = ntables < 200 ? ntables : 200;
		struct table *t = &tables[ntables - 1 - (size_t)pick((int)span)];
		if (t->owner == branch)
			return t;
	}
	for (size_t i = ntables; i-- > 0;)
		if (tables[i].owner == branch)
			return &tables[i];
	return NULL;
}

/* Text buffers for one revision's upgrade and downgrade lists; the
 * downgrade is built in reverse by prepending. */
struct buf {
	char *s;
	size_t len, cap;
};

static void bputs(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void bprintf(struct buf *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	bputs(b, tmp);
}

/* Downgrade items are collected one per string and written in reverse. */
struct down {
	char **items;
	int n, cap;
};

static void dprintf_(struct down *d, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xrealloc(d->items, (size_t)d->cap * sizeof *d->items);
	}
	d->items[d->n] = strdup(tmp);
	if (!d->items[d->n]) {
		perror("genchain");
		exit(1);
	}
	d->n++;
}

static const char *const words[] = {
	"account", "invoice", "payment", "shipment", "customer", "product",
	"review", "coupon", "warehouse", "supplier", "ticket", "session",
	"report", "audit", "message", "webhook", "refund", "subscription",
};
#define NWORDS (int)(sizeof words / sizeof words[0])

static void op_create_table(long rev, int k, int branch, struct buf *up, struct down *dn)
{
	char name[48];
	snprintf(name, sizeof name, "%s_%ld_%d", words[pick(NWORDS)], rev, k);
	struct table *parent = eligible(branch);
	if (!parent && branch)
		parent = eligible(0);
	char parent_name[48] = "";
	if (parent && pick(3) != 0)
		snprintf(parent_name, sizeof parent_name, "%s", parent->name);
	struct table *t = add_table(name, branch);

	bprintf(up, "  - create_table:\n      name: %s\n      columns:\n", name);
	bputs(up, "        - {name: id, type: bigint, primary_key: true, autoincrement: true}\n");
	bprintf(up, "        - {name: name, type: string(%d), nullable: false}\n", 40 + 20 * pick(8));
	bputs(up, "        - {name: status, type: string(20), nullable: false, server_default: new}\n");
	bputs(up, "        - {name: amount, type: \"numeric(12,2)\", nullable: false, server_default: 0}\n");
	bputs(up, "        - {name: created_at, type: timestamptz, nullable: false,"
		  " server_default: {sql: CURRENT_TIMESTAMP}}\n");
	add_col(t, "name");
	add_col(t, "status");
	add_col(t, "created_at");
	if (pick(2))
		bputs(up, "        - {name: note, type: text, comment: free text from the back office}\n");
	if (parent_name[0]) {
		bprintf(up, "        - {name: parent_id, type: bigint, foreign_key: %s.id, ondelete: CASCADE}\n",
			parent_name);
		add_col(t, "parent_id");
	}
	if (pick(2))
		bprintf(up, "      checks:\n        - name: ck_%s_amount\n"
			    "          condition: \"amount >= 0\"\n", name);
	if (pick(3) == 0)
		bprintf(up, "      comment: %s records kept since revision %ld\n", words[pick(NWORDS)], rev);
	dprintf_(dn, "  - drop_table: %s\n", name);
}

static void op_add_column(long rev, int k, struct table *t, struct buf *up, struct down *dn)
{
	static const char *const types[] = {
		"integer", "text", "boolean", "date", "string(64)", "json", "uuid", "bigint",
	};
	char col[32];
	snprintf(col, sizeof col, "c%ld_%d", rev, k);
	bprintf(up, "  - add_column:\n      table: %s\n      column: {name: %s, type: %s}\n",
		t->name, col, types[pick(8)]);
	dprintf_(dn, "  - drop_column: {table: %s, column: %s}\n", t->name, col);
	add_col(t, col);
}

static int op_create_index(long rev, int k, struct table *t, struct buf *up, struct down *dn)
{
	struct column *c = &t->columns[pick(t->ncolumns)];
	if (c->indexed)
		return 0;
	c->indexed = 1;
	bprintf(up, "  - create_index: {name: ix_%ld_%d, table: %s, columns: [%s]}\n",
		rev, k, t->name, c->name);
	dprintf_(dn, "  - drop_index: {name: ix_%ld_%d, table: %s}\n", rev, k, t->name);
	return 1;
}

static void op_check(long rev, int k, struct table *t, struct buf *up, struct down *dn)
{
	bprintf(up, "  - create_check_constraint:\n      name: ck_%ld_%d\n      table: %s\n"
		    "      condition: \"status <> ''\"\n", rev, k, t->name);
	dprintf_(dn, "  - drop_constraint: {name: ck_%ld_%d, table: %s, type: check}\n", rev, k, t->name);
}

static void op_bulk_insert(long rev, struct table *t, struct buf *up, struct down *dn)
{
	bprintf(up, "  - bulk_insert:\n      table: %s\n      rows:\n", t->name);
	int n = 1 + pick(3);
	for (int i = 0; i < n; i++)
		bprintf(up, "        - {name: seed %ld-%d, status: active}\n", rev, i);
	dprintf_(dn, "  - execute: \"DELETE FROM %s WHERE name LIKE 'seed %ld-%%'\"\n", t->name, rev);
}

static void op_execute(long rev, struct table *t, struct buf *up, struct down *dn)
{
	bprintf(up, "  - execute:\n      sql: |\n        UPDATE %s\n           SET status = 'r%ld'\n"
		    "         WHERE status = 'new' AND amount = 0\n", t->name, rev);
	dprintf_(dn, "  - execute: \"UPDATE %s SET status = 'new' WHERE status = 'r%ld'\"\n", t->name, rev);
}

static int op_rename_column(long rev, struct table *t, struct buf *up, struct down *dn)
{
	/* Only columns an add_column made (c<rev>_<k>): the fixed ones are
	 * used by bulk_insert and execute. */
	for (int i = t->ncolumns; i-- > 0;) {
		struct column *c = &t->columns[i];
		if (c->name[0] != 'c' || strchr(c->name, 'r'))
			continue;
		char new_name[96];
		snprintf(new_name, sizeof new_name, "%sr%ld", c->name, rev);
		if (strlen(new_name) >= sizeof c->name)
			return 0;
		bprintf(up, "  - alter_column: {table: %s, column: %s, new_column_name: %s}\n",
			t->name, c->name, new_name);
		dprintf_(dn, "  - alter_column: {table: %s, column: %s, new_column_name: %s}\n",
			 t->name, new_name, c->name);
		memcpy(c->name, new_name, strlen(new_name) + 1);
		return 1;
	}
	return 0;
}

static void write_revision(const char *dir, long rev, const char *id, const char *parents,
			   const char *label, int branch)
{
	struct buf up = {0};
	struct down dn = {0};
	int nops = 3 + pick(6);
	int k = 0;
	if (!eligible(branch))
		op_create_table(rev, k++, branch, &up, &dn);
	while (k < nops) {
		struct table *t = eligible(branch);
		int r = pick(100);
		if (r < 20 || !t)
			op_create_table(rev, k, branch, &up, &dn);
		else if (r < 45)
			op_add_column(rev, k, t, &up, &dn);
		else if (r < 65) {
			if (!op_create_index(rev, k, t, &up, &dn))
				continue;
		}
		else if (r < 73)
			op_check(rev, k, t, &up, &dn);
		else if (r < 83)
			op_bulk_insert(rev, t, &up, &dn);
		else if (r < 93)
			op_execute(rev, t, &up, &dn);
		else if (!op_rename_column(rev, t, &up, &dn))
			continue;
		k++;
	}

	char path[4096];
	snprintf(path, sizeof path, "%s/versions/%s_revision_%ld.yaml", dir, id, rev);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fprintf(f, "revision: %s\ndown_revision: %s\n", id, parents);
	if (label)
		fprintf(f, "branch_labels: [%s]\n", label);
	fprintf(f, "message: revision %ld of the synthetic chain\n", rev);
	fprintf(f, "create_date: 2026-%02ld-%02ld %02ld:%02ld:00\n\n",
		1 + rev % 12, 1 + rev % 28, rev % 24, rev % 60);
	fprintf(f, "upgrade:\n%s\ndowngrade:\n", up.s ? up.s : "");
	for (int i = dn.n; i-- > 0;) {
		fputs(dn.items[i], f);
		free(dn.items[i]);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	free(dn.items);
	free(up.s);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: genchain COUNT SEED DIR\n");
		return 2;
	}
	long count = strtol(argv[1], NULL, 10);
	rng_state = strtoull(argv[2], NULL, 10);
	const char *dir = argv[3];
	char path[4096];
	if (count < 1) {
		fprintf(stderr, "genchain: COUNT must be at least 1\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/versions", dir);
	if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || (mkdir(path, 0777) != 0 && errno != EEXIST)) {
		fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
		return 1;
	}
	snprintf(path, sizeof path, "%s/migsql.yaml", dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fputs("versions: versions\ndialect: postgresql\nlock_timeout: 5s\n", f);
	fclose(f);

	/* Ids: 48 bits of the generator, which never repeat in practice
	 * (checked below all the same), led by a letter so that YAML never
	 * reads one as a number (012345678901, 1234e5...). */
	char (*ids)[13] = xrealloc(NULL, (size_t)count * sizeof *ids);
	char head[13] = "", tip_a[13] = "", tip_b[13] = "";
	long rev = 0;
	int branch_no = 0;
	while (rev < count) {
		long pos = rev % CYCLE;
		char parents[64];
		const char *label = NULL;
		int branch = 0;
		snprintf(ids[rev], 13, "%012" PRIx64, rnd() >> 16);
		ids[rev][0] = (char)('a' + pick(6));
		if (rev == 0) {
			snprintf(parents, sizeof parents, "null");
		} else if (pos >= 1 && pos <= 2 * BRANCH_LEN && count - rev > 2 * BRANCH_LEN + 1) {
			/* Two branches from `head`, interleaved by position. */
			int on_b = pos > BRANCH_LEN;
			char *tip = on_b ? tip_b : tip_a;
			branch = 2 * branch_no + 1 + on_b;
			if (pos == 1 || pos == BRANCH_LEN + 1) {
				snprintf(parents, sizeof parents, "%s", head);
			} else {
				snprintf(parents, sizeof parents, "%s", tip);
			}
			snprintf(tip, 13, "%s", ids[rev]);
			(void)label;
		} else if (pos == 2 * BRANCH_LEN + 1 && tip_a[0]) {
			snprintf(parents, sizeof parents, "[%s, %s]", tip_a, tip_b);
			tip_a[0] = tip_b[0] = '\0';
			branch_no++;
			for (size_t i = 0; i < ntables; i++)
				tables[i].owner = 0;
		} else {
			snprintf(parents, sizeof parents, "%s", head);
		}
		for (long j = 0; j < rev; j += 1 + (rev > 1000 ? rev / 1000 : 0))
			if (strcmp(ids[j], ids[rev]) == 0) {
				fprintf(stderr, "genchain: id collision, pick another seed\n");
				return 1;
			}
		write_revision(dir, rev, ids[rev], parents, label, branch);
		if (branch == 0)
			snprintf(head, sizeof head, "%s", ids[rev]);
		rev++;
	}
	/* The FROM of a range over the chain's last 10 revisions (the
	 * chain ends on the main line, so they are one after another). */
	if (count > 10) {
		snprintf(path, sizeof path, "%s/from-last-10", dir);
		if ((f = fopen(path, "w")) == NULL) {
			fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
			return 1;
		}
		fprintf(f, "%s\n", ids[count - 11]);
		fclose(f);
	}
	for (size_t i = 0; i < ntables; i++)
		free(tables[i].columns);
	free(tables);
	free(ids);
	return 0;
}
