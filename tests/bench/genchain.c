/*
 * genchain -- write a synthetic migration chain for `make bench`.
 *
 *   genchain COUNT SEED DIR [yaml|py]
 *
 * Writes DIR/migsql.yaml, COUNT revision files in DIR/versions/ and, in
 * DIR/from-last-10, the revision from which the chain's last 10 follow.
 * The format is YAML (the default: versions/<id>_revision_<n>.yaml) or
 * Alembic's own (py: versions/<id>_revision_<n>_of_the_synthetic_chain.py,
 * as `alembic revision --autogenerate` names and writes them, with the
 * operations autogenerate does not write -- check constraints,
 * bulk_insert, execute, renames -- as the Alembic docs write them by
 * hand).  Both formats hold the same chain for the same COUNT and SEED:
 * the same ids, parents, messages, dates and operations, with the same
 * meaning, so that `make bench` can compare reading one with reading the
 * other; migsql.yaml is the same too (versions: versions).  The
 * chain is what a long-lived application accumulates: a main line of
 * revisions with 3 to 8 operations each (new tables, added columns,
 * indexes, constraints, data fixes), and every 50 revisions a branch point
 * where two feature branches of 5 revisions each grow apart and are then
 * merged.  Each branch touches only the tables it created itself, so the
 * branches never conflict, and every revision carries an explicit
 * downgrade.  The same COUNT, SEED and format give byte-identical files
 * (splitmix64, no clock, no locale).
 *
 * How a YAML operation is written in Python (SQLAlchemy 1.4, Alembic 1.8):
 *   create_table       op.create_table('t', sa.Column(...), ...,
 *                      sa.CheckConstraint(...), sa.ForeignKeyConstraint(...),
 *                      sa.PrimaryKeyConstraint('id'), comment=...), its
 *                      constraints sorted as autogenerate sorts them.  The
 *                      id's "autoincrement: true" is autoincrement=True, the
 *                      spelling SQLAlchemy has on both dialects (PostgreSQL
 *                      gets BIGSERIAL from it where YAML's true is an
 *                      identity column: the same meaning, the database
 *                      numbers the rows); "server_default: 0" is
 *                      sa.text('0') (unquoted), {sql: ...} is sa.text(...)
 *   add_column         op.add_column('t', sa.Column('c', TYPE, nullable=True));
 *                      uuid is postgresql.UUID() (SQLAlchemy 1.4 has no
 *                      generic one), with its import
 *   create_index       op.create_index(op.f('ix'), 't', ['c'], unique=False)
 *   create_check_constraint  op.create_check_constraint('ck', 't', "...")
 *   bulk_insert        op.bulk_insert(sa.table('t', sa.column(...)), [...])
 *                      through a local variable, as in Alembic's docs
 *   execute            op.execute("..."), the multi-line one as adjacent
 *                      literals holding the same text
 *   alter_column (rename)  op.alter_column('t', 'c', new_column_name='n')
 *   drop_table, drop_column, drop_index, drop_constraint: as autogenerate
 *                      writes them.
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

/* Python's repr() of an ASCII string, as autogenerate writes every
 * name and value: single quotes unless the text holds one and no double
 * quote.  Returns one of a few rotating buffers, so that a handful may
 * be arguments of one bprintf. */
static const char *pyrepr(const char *s)
{
	static char ring[8][512];
	static int next;
	char *out = ring[next++ % 8];
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
	size_t n = 0;

	out[n++] = q;
	for (; *s && n + 4 < sizeof ring[0]; s++) {
		if (*s == q || *s == '\\')
			out[n++] = '\\';
		if (*s == '\n') {
			out[n++] = '\\';
			out[n++] = 'n';
		} else
			out[n++] = *s;
	}
	out[n++] = q;
	out[n] = '\0';
	return out;
}

/* One revision's operations, in both formats: upgrade text and the
 * downgrade items (written in reverse). */
struct rev {
	struct buf up, pyup;
	struct down dn, pydn;
	int pg_types;             /* the .py uses postgresql.UUID */
};

static const char *const words[] = {
	"account", "invoice", "payment", "shipment", "customer", "product",
	"review", "coupon", "warehouse", "supplier", "ticket", "session",
	"report", "audit", "message", "webhook", "refund", "subscription",
};
#define NWORDS (int)(sizeof words / sizeof words[0])

static void op_create_table(long rev, int k, int branch, struct rev *r)
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
	int name_len = 40 + 20 * pick(8);
	int note = pick(2);
	int check = pick(2);
	const char *comment = pick(3) == 0 ? words[pick(NWORDS)] : NULL;
	struct buf *up = &r->up, *py = &r->pyup;

	bprintf(up, "  - create_table:\n      name: %s\n      columns:\n", name);
	bputs(up, "        - {name: id, type: bigint, primary_key: true, autoincrement: true}\n");
	bprintf(up, "        - {name: name, type: string(%d), nullable: false}\n", name_len);
	bputs(up, "        - {name: status, type: string(20), nullable: false, server_default: new}\n");
	bputs(up, "        - {name: amount, type: \"numeric(12,2)\", nullable: false, server_default: 0}\n");
	bputs(up, "        - {name: created_at, type: timestamptz, nullable: false,"
		  " server_default: {sql: CURRENT_TIMESTAMP}}\n");
	add_col(t, "name");
	add_col(t, "status");
	add_col(t, "created_at");
	if (note)
		bputs(up, "        - {name: note, type: text, comment: free text from the back office}\n");
	if (parent_name[0]) {
		bprintf(up, "        - {name: parent_id, type: bigint, foreign_key: %s.id, ondelete: CASCADE}\n",
			parent_name);
		add_col(t, "parent_id");
	}
	if (check)
		bprintf(up, "      checks:\n        - name: ck_%s_amount\n"
			    "          condition: \"amount >= 0\"\n", name);
	if (comment)
		bprintf(up, "      comment: %s records kept since revision %ld\n", comment, rev);
	dprintf_(&r->dn, "  - drop_table: %s\n", name);

	/* Autogenerate's layout (render.py _add_table): one argument a
	 * line at the indentation of op, the constraints sorted by their
	 * text, the table's keywords last. */
	bprintf(py, "    op.create_table(%s,\n", pyrepr(name));
	bputs(py, "    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),\n");
	bprintf(py, "    sa.Column('name', sa.String(length=%d), nullable=False),\n", name_len);
	bputs(py, "    sa.Column('status', sa.String(length=20), server_default='new', nullable=False),\n");
	bputs(py, "    sa.Column('amount', sa.Numeric(precision=12, scale=2),"
		  " server_default=sa.text('0'), nullable=False),\n");
	bputs(py, "    sa.Column('created_at', sa.DateTime(timezone=True),"
		  " server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),\n");
	if (note)
		bputs(py, "    sa.Column('note', sa.Text(), nullable=True,"
			  " comment='free text from the back office'),\n");
	if (parent_name[0])
		bputs(py, "    sa.Column('parent_id', sa.BigInteger(), nullable=True),\n");
	if (check) {
		char ck[64];
		snprintf(ck, sizeof ck, "ck_%s_amount", name);
		bprintf(py, "    sa.CheckConstraint('amount >= 0', name=%s),\n", pyrepr(ck));
	}
	if (parent_name[0]) {
		char ref[64];
		snprintf(ref, sizeof ref, "%s.id", parent_name);
		bprintf(py, "    sa.ForeignKeyConstraint(['parent_id'], [%s], ondelete='CASCADE'),\n",
			pyrepr(ref));
	}
	bprintf(py, "    sa.PrimaryKeyConstraint('id')%s\n", comment ? "," : "");
	if (comment) {
		char text[96];
		snprintf(text, sizeof text, "%s records kept since revision %ld", comment, rev);
		bprintf(py, "    comment=%s\n", pyrepr(text));
	}
	bputs(py, "    )\n");
	dprintf_(&r->pydn, "    op.drop_table(%s)\n", pyrepr(name));
}

static void op_add_column(long rev, int k, struct table *t, struct rev *r)
{
	static const char *const types[] = {
		"integer", "text", "boolean", "date", "string(64)", "json", "uuid", "bigint",
	};
	static const char *const sa_types[] = {
		"sa.Integer()", "sa.Text()", "sa.Boolean()", "sa.Date()",
		"sa.String(length=64)", "sa.JSON()", "postgresql.UUID()", "sa.BigInteger()",
	};
	char col[32];
	int type = pick(8);
	snprintf(col, sizeof col, "c%ld_%d", rev, k);
	bprintf(&r->up, "  - add_column:\n      table: %s\n      column: {name: %s, type: %s}\n",
		t->name, col, types[type]);
	dprintf_(&r->dn, "  - drop_column: {table: %s, column: %s}\n", t->name, col);
	bprintf(&r->pyup, "    op.add_column(%s, sa.Column(%s, %s, nullable=True))\n",
		pyrepr(t->name), pyrepr(col), sa_types[type]);
	dprintf_(&r->pydn, "    op.drop_column(%s, %s)\n", pyrepr(t->name), pyrepr(col));
	if (strncmp(sa_types[type], "postgresql.", 11) == 0)
		r->pg_types = 1;
	add_col(t, col);
}

static int op_create_index(long rev, int k, struct table *t, struct rev *r)
{
	struct column *c = &t->columns[pick(t->ncolumns)];
	char ix[32];
	if (c->indexed)
		return 0;
	c->indexed = 1;
	snprintf(ix, sizeof ix, "ix_%ld_%d", rev, k);
	bprintf(&r->up, "  - create_index: {name: %s, table: %s, columns: [%s]}\n",
		ix, t->name, c->name);
	dprintf_(&r->dn, "  - drop_index: {name: %s, table: %s}\n", ix, t->name);
	bprintf(&r->pyup, "    op.create_index(op.f(%s), %s, [%s], unique=False)\n",
		pyrepr(ix), pyrepr(t->name), pyrepr(c->name));
	dprintf_(&r->pydn, "    op.drop_index(op.f(%s), table_name=%s)\n", pyrepr(ix), pyrepr(t->name));
	return 1;
}

static void op_check(long rev, int k, struct table *t, struct rev *r)
{
	char ck[32];
	snprintf(ck, sizeof ck, "ck_%ld_%d", rev, k);
	bprintf(&r->up, "  - create_check_constraint:\n      name: %s\n      table: %s\n"
		    "      condition: \"status <> ''\"\n", ck, t->name);
	dprintf_(&r->dn, "  - drop_constraint: {name: %s, table: %s, type: check}\n", ck, t->name);
	bprintf(&r->pyup, "    op.create_check_constraint(%s, %s, \"status <> ''\")\n",
		pyrepr(ck), pyrepr(t->name));
	dprintf_(&r->pydn, "    op.drop_constraint(%s, %s, type_='check')\n", pyrepr(ck), pyrepr(t->name));
}

static void op_bulk_insert(long rev, struct table *t, struct rev *r)
{
	bprintf(&r->up, "  - bulk_insert:\n      table: %s\n      rows:\n", t->name);
	bprintf(&r->pyup, "    %s_table = sa.table(%s,\n"
			  "        sa.column('name', sa.String()),\n"
			  "        sa.column('status', sa.String())\n"
			  "    )\n"
			  "    op.bulk_insert(%s_table, [\n", t->name, pyrepr(t->name), t->name);
	int n = 1 + pick(3);
	for (int i = 0; i < n; i++) {
		char seed[48];
		bprintf(&r->up, "        - {name: seed %ld-%d, status: active}\n", rev, i);
		snprintf(seed, sizeof seed, "seed %ld-%d", rev, i);
		bprintf(&r->pyup, "        {'name': %s, 'status': 'active'},\n", pyrepr(seed));
	}
	bputs(&r->pyup, "    ])\n");
	dprintf_(&r->dn, "  - execute: \"DELETE FROM %s WHERE name LIKE 'seed %ld-%%'\"\n", t->name, rev);
	dprintf_(&r->pydn, "    op.execute(\"DELETE FROM %s WHERE name LIKE 'seed %ld-%%'\")\n", t->name, rev);
}

static void op_execute(long rev, struct table *t, struct rev *r)
{
	bprintf(&r->up, "  - execute:\n      sql: |\n        UPDATE %s\n           SET status = 'r%ld'\n"
		    "         WHERE status = 'new' AND amount = 0\n", t->name, rev);
	dprintf_(&r->dn, "  - execute: \"UPDATE %s SET status = 'new' WHERE status = 'r%ld'\"\n", t->name, rev);
	/* The same text as YAML's block scalar, its final newline too. */
	bprintf(&r->pyup, "    op.execute(\n        \"UPDATE %s\\n\"\n        \"   SET status = 'r%ld'\\n\"\n"
		    "        \" WHERE status = 'new' AND amount = 0\\n\"\n    )\n", t->name, rev);
	dprintf_(&r->pydn, "    op.execute(\"UPDATE %s SET status = 'new' WHERE status = 'r%ld'\")\n",
		 t->name, rev);
}

static int op_rename_column(long rev, struct table *t, struct rev *r)
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
		bprintf(&r->up, "  - alter_column: {table: %s, column: %s, new_column_name: %s}\n",
			t->name, c->name, new_name);
		dprintf_(&r->dn, "  - alter_column: {table: %s, column: %s, new_column_name: %s}\n",
			 t->name, new_name, c->name);
		bprintf(&r->pyup, "    op.alter_column(%s, %s, new_column_name=%s)\n",
			pyrepr(t->name), pyrepr(c->name), pyrepr(new_name));
		dprintf_(&r->pydn, "    op.alter_column(%s, %s, new_column_name=%s)\n",
			 pyrepr(t->name), pyrepr(new_name), pyrepr(c->name));
		memcpy(c->name, new_name, strlen(new_name) + 1);
		return 1;
	}
	return 0;
}

static FILE *create(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void close_or_die(FILE *f, const char *path)
{
	if (fclose(f) != 0) {
		fprintf(stderr, "genchain: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* Writes one downgrade list in reverse and frees it. */
static void write_down(FILE *f, struct down *d)
{
	for (int i = d->n; i-- > 0;) {
		fputs(d->items[i], f);
		free(d->items[i]);
	}
	free(d->items);
}

static int python;               /* write Alembic .py files, not YAML */

/* parents: the ids of the revision's down_revision (0, 1 or 2). */
static void write_revision(const char *dir, long rev, const char *id, char (*parents)[13],
			   int nparents, const char *label, int branch)
{
	struct rev r = {0};
	int nops = 3 + pick(6);
	int k = 0;
	if (!eligible(branch))
		op_create_table(rev, k++, branch, &r);
	while (k < nops) {
		struct table *t = eligible(branch);
		int n = pick(100);
		if (n < 20 || !t)
			op_create_table(rev, k, branch, &r);
		else if (n < 45)
			op_add_column(rev, k, t, &r);
		else if (n < 65) {
			if (!op_create_index(rev, k, t, &r))
				continue;
		}
		else if (n < 73)
			op_check(rev, k, t, &r);
		else if (n < 83)
			op_bulk_insert(rev, t, &r);
		else if (n < 93)
			op_execute(rev, t, &r);
		else if (!op_rename_column(rev, t, &r))
			continue;
		k++;
	}

	char path[4096], date[32];
	snprintf(date, sizeof date, "2026-%02ld-%02ld %02ld:%02ld:00",
		 1 + rev % 12, 1 + rev % 28, rev % 24, rev % 60);
	if (!python) {
		snprintf(path, sizeof path, "%s/versions/%s_revision_%ld.yaml", dir, id, rev);
		FILE *f = create(path);
		fprintf(f, "revision: %s\ndown_revision: ", id);
		if (nparents == 0)
			fputs("null\n", f);
		else if (nparents == 1)
			fprintf(f, "%s\n", parents[0]);
		else
			fprintf(f, "[%s, %s]\n", parents[0], parents[1]);
		if (label)
			fprintf(f, "branch_labels: [%s]\n", label);
		fprintf(f, "message: revision %ld of the synthetic chain\n", rev);
		fprintf(f, "create_date: %s\n\n", date);
		fprintf(f, "upgrade:\n%s\ndowngrade:\n", r.up.s ? r.up.s : "");
		write_down(f, &r.dn);
		close_or_die(f, path);
	} else {
		/* Alembic's generic script.py.mako, filled as `alembic revision
		 * --autogenerate -m "revision N of the synthetic chain"` fills
		 * it: the file named <rev>_<slug>, Revises: with a trailing
		 * space for none, str(datetime) for the date (no microseconds
		 * when there are none), repr() of the ids. */
		snprintf(path, sizeof path, "%s/versions/%s_revision_%ld_of_the_synthetic_chain.py",
			 dir, id, rev);
		FILE *f = create(path);
		fprintf(f, "\"\"\"revision %ld of the synthetic chain\n\nRevision ID: %s\nRevises: ", rev, id);
		if (nparents == 1)
			fputs(parents[0], f);
		else if (nparents == 2)
			fprintf(f, "%s, %s", parents[0], parents[1]);
		fprintf(f, "\nCreate Date: %s\n\n\"\"\"\n", date);
		fputs("from alembic import op\nimport sqlalchemy as sa\n", f);
		fputs(r.pg_types ? "from sqlalchemy.dialects import postgresql\n" : "\n", f);
		fprintf(f, "\n# revision identifiers, used by Alembic.\nrevision = %s\ndown_revision = ",
			pyrepr(id));
		if (nparents == 0)
			fputs("None\n", f);
		else if (nparents == 1)
			fprintf(f, "%s\n", pyrepr(parents[0]));
		else
			fprintf(f, "(%s, %s)\n", pyrepr(parents[0]), pyrepr(parents[1]));
		if (label)
			fprintf(f, "branch_labels = (%s,)\n", pyrepr(label));
		else
			fputs("branch_labels = None\n", f);
		fputs("depends_on = None\n\n\n", f);
		fprintf(f, "def upgrade() -> None:\n"
			   "    # ### commands auto generated by Alembic - please adjust! ###\n"
			   "%s    # ### end Alembic commands ###\n\n\n", r.pyup.s ? r.pyup.s : "");
		fputs("def downgrade() -> None:\n"
		      "    # ### commands auto generated by Alembic - please adjust! ###\n", f);
		write_down(f, &r.pydn);
		fputs("    # ### end Alembic commands ###\n", f);
		close_or_die(f, path);
	}
	if (python) {
		for (int i = 0; i < r.dn.n; i++)
			free(r.dn.items[i]);
		free(r.dn.items);
	} else {
		for (int i = 0; i < r.pydn.n; i++)
			free(r.pydn.items[i]);
		free(r.pydn.items);
	}
	free(r.up.s);
	free(r.pyup.s);
}
int main(int argc, char **argv)
{
	if (argc != 4 && !(argc == 5 && (strcmp(argv[4], "yaml") == 0 ||
					 strcmp(argv[4], "py") == 0))) {
		fprintf(stderr, "usage: genchain COUNT SEED DIR [yaml|py]\n");
		return 2;
	}
	python = argc == 5 && strcmp(argv[4], "py") == 0;
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
	FILE *f = create(path);
	fputs("versions: versions\ndialect: postgresql\nlock_timeout: 5s\n", f);
	close_or_die(f, path);

	/* Ids: 48 bits of the generator, which never repeat in practice
	 * (checked below all the same), led by a letter so that YAML never
	 * reads one as a number (012345678901, 1234e5...). */
	char (*ids)[13] = xrealloc(NULL, (size_t)count * sizeof *ids);
	char head[13] = "", tip_a[13] = "", tip_b[13] = "";
	long rev = 0;
	int branch_no = 0;
	while (rev < count) {
		long pos = rev % CYCLE;
		char parents[2][13];
		int nparents = 1;
		const char *label = NULL;
		int branch = 0;
		snprintf(ids[rev], 13, "%012" PRIx64, rnd() >> 16);
		ids[rev][0] = (char)('a' + pick(6));
		if (rev == 0) {
			nparents = 0;
		} else if (pos >= 1 && pos <= 2 * BRANCH_LEN && count - rev > 2 * BRANCH_LEN + 1) {
			/* Two branches from `head`, interleaved by position. */
			int on_b = pos > BRANCH_LEN;
			char *tip = on_b ? tip_b : tip_a;
			branch = 2 * branch_no + 1 + on_b;
			if (pos == 1 || pos == BRANCH_LEN + 1) {
				snprintf(parents[0], sizeof parents[0], "%s", head);
			} else {
				snprintf(parents[0], sizeof parents[0], "%s", tip);
			}
			snprintf(tip, 13, "%s", ids[rev]);
			(void)label;
		} else if (pos == 2 * BRANCH_LEN + 1 && tip_a[0]) {
			snprintf(parents[0], sizeof parents[0], "%s", tip_a);
			snprintf(parents[1], sizeof parents[1], "%s", tip_b);
			nparents = 2;
			tip_a[0] = tip_b[0] = '\0';
			branch_no++;
			for (size_t i = 0; i < ntables; i++)
				tables[i].owner = 0;
		} else {
			snprintf(parents[0], sizeof parents[0], "%s", head);
		}
		for (long j = 0; j < rev; j += 1 + (rev > 1000 ? rev / 1000 : 0))
			if (strcmp(ids[j], ids[rev]) == 0) {
				fprintf(stderr, "genchain: id collision, pick another seed\n");
				return 1;
			}
		write_revision(dir, rev, ids[rev], parents, nparents, label, branch);
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
