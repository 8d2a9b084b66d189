/*
 * lint_pg.c -- the lint rules whose answer comes from how PostgreSQL
 * stores and locks tables (lint.h, render_int.h): volatile-default and
 * statements-after-exclusive-lock.
 * Which dialects apply them is their dialect files' say, as for every
 * rule; only dialects/postgresql.yaml lists them.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migsql/chain.h"
#include "migsql/lint.h"
#include "migsql/load.h"
#include "migsql/plan.h"
#include "migsql/render.h"
#include "migsql/sqlcheck.h"
#include "migsql/util.h"
#include "render_int.h"

/* statements-after-exclusive-lock names this many operations, then says
   how many more there are. */
#define FOLLOWERS_NAMED 5

/* The major version of PostgreSQL the project's scripts are for. */
static int
pg_version(const struct render_session *s)
{
	return s->proj != NULL ? s->proj->postgresql_version :
	    PG_VERSION_DEFAULT;
}

/*
 * Functions whose pg_proc.provolatile is 'v' (volatile), as PostgreSQL
 * 15's catalog has them (and its uuid-ossp and pgcrypto extensions'):
 * each call may return another value, so a column default that calls one
 * is computed for every row.  The stable ones a default commonly calls
 * (now(), statement_timestamp(), transaction_timestamp(), txid_current():
 * provolatile 's') are not here, nor CURRENT_TIMESTAMP, which is now().
 * random_normal() is PostgreSQL 16's, uuidv4() and uuidv7() 18's.
 */
static const char *const volatile_fns[] = {
	"random", "random_normal", "gen_random_uuid", "gen_random_bytes",
	"uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
	"uuidv4", "uuidv7", "clock_timestamp", "timeofday", "nextval",
	NULL
};

/*
 * The first function of volatile_fns that SQL expression sql calls (its
 * name, any case, maybe schema-qualified, then "(" after optional
 * blanks), outside string literals and quoted names; NULL for none.
 * Conservative: any other function, a user's own included, counts as not
 * volatile.
 */
static const char *
volatile_call(const char *sql)
{
	const char *p = sql, *w;
	size_t n, i;

	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {	/* '...' or "...", doubled */
			char q = *p++;

			while (*p != '\0' && !(*p == q && p[1] != q))
				p += *p == q ? 2 : 1;
			if (*p != '\0')
				p++;
			continue;
		}
		if (!isalpha((unsigned char)*p) && *p != '_') {
			p++;
			continue;
		}
		w = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
			p++;
		n = (size_t)(p - w);
		for (i = 0; volatile_fns[i] != NULL; i++)
			if (strlen(volatile_fns[i]) == n &&
			    strncasecmp(w, volatile_fns[i], n) == 0 &&
			    p[strspn(p, " \t\r\n")] == '(')
				return volatile_fns[i];
	}
	return NULL;
}

/*
 * volatile-default for add_column action a (an OP_ADD_COLUMN) on a table
 * that existed before the step: a finding into cm when PostgreSQL
 * rewrites the table to add the column (nothing otherwise, nor for any
 * other action).  PostgreSQL 15 docs, ALTER TABLE, Notes: "When a column
 * is added with ADD COLUMN and a non-volatile DEFAULT is specified, the
 * default is evaluated at the time of the statement and the result
 * stored in the table's metadata ... Adding a column with a volatile
 * DEFAULT ... will require the entire table and its indexes to be
 * rewritten" (autoincrement, an identity column, is for create_table
 * only).  That came with PostgreSQL 11
 * (its release notes: "the ability to avoid a table rewrite for ALTER
 * TABLE ... ADD COLUMN with a non-null column default"): for an older
 * postgresql_version every non-null default is a finding.
 */
void
lint_volatile_default(struct render_session *s, const struct action *a,
    struct strbuf *cm)
{
	const struct node *d = a->col->server_default, *x;
	const char *fn = NULL;
	int v = pg_version(s);

	if (a->kind != OP_ADD_COLUMN || !lint_pre_existing(s, a->table))
		return;
	if (d == NULL || (d->kind == NODE_SCALAR && d->type == SCALAR_NULL))
		return;
	if (d->kind == NODE_MAP && (x = node_get(d, "sql")) != NULL &&
	    node_is_str(x))
		fn = volatile_call(x->text);
	if (fn != NULL)
		lint_add(s, a->op, NULL, LINT_VOLATILE_DEFAULT, cm, "add_column "
		    "adds column '%s' to table '%s', which has rows already, "
		    "with a volatile server_default (it calls %s()): PostgreSQL "
		    "rewrites the table to compute it for every row",
		    a->col->name, a->table, fn);
	else if (v < 11)
		lint_add(s, a->op, NULL, LINT_VOLATILE_DEFAULT, cm, "add_column "
		    "adds column '%s' to table '%s', which has rows already, "
		    "with a server_default: PostgreSQL %d (postgresql_version) "
		    "rewrites the table to fill it in", a->col->name, a->table,
		    v);
}

/* ---- statements-after-exclusive-lock ---------------------------------- */

/*
 * The table on which action a takes an ACCESS EXCLUSIVE lock, when that
 * table existed before the step; else NULL.  PostgreSQL 15 docs, 13.3.1
 * "Table-Level Locks": ACCESS EXCLUSIVE is "acquired by the DROP TABLE
 * ... commands.  Many forms of ALTER INDEX and ALTER TABLE also acquire
 * a lock at this level"; ALTER TABLE: "An ACCESS EXCLUSIVE lock is
 * acquired unless explicitly noted", and ADD FOREIGN KEY "requires only a
 * SHARE ROW EXCLUSIVE lock"; DROP INDEX: "A normal DROP INDEX acquires an
 * ACCESS EXCLUSIVE lock on the table".  So: drop_table, rename_table,
 * add_column, drop_column, alter_column (but a change of comment alone,
 * COMMENT ON: SHARE UPDATE EXCLUSIVE), the constraint ops but
 * create_foreign_key, and drop_index without concurrently; not
 * create_index (SHARE), bulk_insert (ROW EXCLUSIVE) nor an execute,
 * whose SQL is not judged here.
 */
static const char *
exclusive_table(const struct render_session *s, const struct action *a)
{
	const struct op_def *def = op_def_of(a->kind);
	const char *t = def->locks != NULL ? def->locks(a) : NULL;

	return t != NULL && lint_pre_existing(s, t) ? t : NULL;
}

/*
 * 1 when op of revision r runs outside the script's transactions on the
 * session's dialect, as emit.c places it: a dialect with an
 * outside_transaction template, and concurrently: true or transactional:
 * false (op_non_transactional()), or an execute whose one statement
 * PostgreSQL refuses in a transaction block (sqlcheck_execute()).  The
 * step's transaction commits before it, and a new one begins after it
 * (emit.c, emit_step()).  An execute with no SQL for the dialect runs
 * nothing.
 */
static int
op_outside(const struct render_session *s, const struct revision *r,
    const struct op *op)
{
	struct diags scratch;
	const char *what = NULL;

	if (s->dl->tpl[DT_OUTSIDE_TRANSACTION] == NULL ||
	    (op->def->kind == OP_EXECUTE &&
	    op_execute_sql(op, s->dl->name) == NULL))
		return 0;
	if (op_non_transactional(op))
		return 1;
	if (op->def->kind != OP_EXECUTE)
		return 0;
	diags_init(&scratch);
	sqlcheck_execute(s->dl, r, op, &what, &scratch);
	diags_free(&scratch);
	return what != NULL;
}

/* The operations that run after a lock: the first FOLLOWERS_NAMED named
   in list, and how many there are. */
struct followers {
	struct strbuf	 list;
	size_t		 n;
};

/* Adds op (the inverse of op, with inverse) to f (NULL: nothing to add
   to), unless it runs nothing on the session's dialect (an execute
   without SQL for it). */
static void
follow(const struct render_session *s, struct followers *f,
    const struct op *op, int inverse)
{
	if (f == NULL || (op->def->kind == OP_EXECUTE &&
	    op_execute_sql(op, s->dl->name) == NULL))
		return;
	if (f->n++ < FOLLOWERS_NAMED)
		strbuf_addf(&f->list, "%s%s%s at %s:%u", f->n > 1 ? ", " : "",
		    inverse ? "inverse of " : "", op->def->name, op->loc.file,
		    op->loc.line);
}

/*
 * Adds to f (follow()) the operations of revision r's step, an upgrade or
 * a downgrade, in the order they run: the written ones from number from
 * on, or an inferred downgrade's inverses of r's upgrade, newest first
 * (from is 0 then).  With stop, up to the first that runs outside a
 * transaction (op_outside()), and then returns 1: the transaction ends
 * before it.  Else returns 0.
 */
static int
follow_step(const struct render_session *s, const struct revision *r,
    int upgrade, size_t from, int stop, struct followers *f)
{
	const struct op *ops = upgrade ? r->upgrade : r->downgrade;
	size_t n = upgrade ? r->nupgrade : r->ndowngrade, i;

	if (!upgrade && !r->has_downgrade) {
		for (i = r->nupgrade; i-- > from;) {
			if (stop && op_outside(s, r, &r->upgrade[i]))
				return 1;
			follow(s, f, &r->upgrade[i], 1);
		}
		return 0;
	}
	for (i = from; i < n; i++) {
		if (stop && op_outside(s, r, &ops[i]))
			return 1;
		follow(s, f, &ops[i], 0);
	}
	return 0;
}

/*
 * 1 when s renders a script that runs as one transaction: not one
 * transaction per revision (the project file or the option), and no
 * statement of its steps runs outside a transaction, which would make
 * each step commit on its own (emit.c, emit_script()).  Check and lint
 * (no script) judge each revision alone.
 */
static int
one_transaction(struct render_session *s)
{
	struct render_script *sc = s->script;
	size_t k;

	if (sc == NULL || (s->proj != NULL &&
	    s->proj->transaction_per_revision))
		return 0;
	for (k = 0; sc->outside < 0 && k < sc->p->nsteps; k++)
		if (follow_step(s, sc->c->nodes[sc->p->steps[k].rev].rev,
		    sc->p->upgrade, 0, 1, NULL))
			sc->outside = 1;
	if (sc->outside < 0)
		sc->outside = 0;
	return !sc->outside;
}

/*
 * statements-after-exclusive-lock, called for each action a that is
 * linted, in order: a finding into cm at the first action of a
 * transaction that takes an ACCESS EXCLUSIVE lock on a table that
 * existed before it (exclusive_table()), when operations run after it
 * in the same transaction, naming them.  PostgreSQL 15 docs, 13.3.1:
 * "Once acquired, a lock is normally held until the end of the
 * transaction", so each of them runs while every client of the table
 * waits.  The transaction is the step's (one per revision, or check and
 * lint judging each revision alone) or the whole script's, and a
 * statement that runs outside a transaction ends it (op_outside()).
 * Returns nothing; s->xlock keeps where the transaction's finding was
 * judged, so that there is one per transaction.
 */
void
lint_exclusive_lock(struct render_session *s, const struct action *a,
    struct strbuf *cm)
{
	const struct revision *r = s->rev;
	const struct plan *p = s->script ? s->script->p : NULL;
	struct followers f = { STRBUF_INIT, 0 };
	const struct op *ops;
	const char *t;
	size_t at, k;
	int up, ended;

	if (!s->dl->lint[LINT_EXCLUSIVE_LOCK].on || r == NULL)
		return;
	up = a->op >= r->upgrade && a->op < r->upgrade + r->nupgrade;
	if (!up && !(a->op >= r->downgrade &&
	    a->op < r->downgrade + r->ndowngrade))
		return;
	ops = up ? r->upgrade : r->downgrade;
	at = (size_t)(a->op - ops);
	if (s->xlock != NULL && s->xlock != ops && !one_transaction(s))
		s->xlock = NULL;	/* another step: its own transaction */
	if (s->xlock != NULL) {
		if (op_outside(s, r, a->op))
			s->xlock = NULL;	/* the transaction ended */
		return;
	}
	if ((t = exclusive_table(s, a)) == NULL)
		return;
	s->xlock = ops;
	ended = follow_step(s, r, up, at + 1, 1, &f);
	/* In a script that is one transaction, the steps after r's too
	   (none of them runs outside a transaction). */
	for (k = 0; !ended && p != NULL && k < p->nsteps; k++)
		if (s->script->c->nodes[p->steps[k].rev].rev == r)
			break;
	while (!ended && p != NULL && ++k < p->nsteps && one_transaction(s))
		follow_step(s, s->script->c->nodes[p->steps[k].rev].rev,
		    p->upgrade, 0, 0, &f);
	if (f.n > FOLLOWERS_NAMED)
		strbuf_addf(&f.list, " and %zu more", f.n - FOLLOWERS_NAMED);
	if (f.n > 0)
		lint_add(s, a->op, NULL, LINT_EXCLUSIVE_LOCK, cm, "%s takes an "
		    "ACCESS EXCLUSIVE lock on table '%s' and holds it until "
		    "the transaction commits, while %zu more operation%s under "
		    "it: %s", a->op->def->name, t, f.n, f.n > 1 ? "s run" :
		    " runs", strbuf_str(&f.list));
	strbuf_free(&f.list);
}
