/*
 * model_ddl.c -- raw DDL reaches the schema model (model.h
 * model_read_sql(), ddl.h).
 *
 * An execute's statements, read by the engine's parser into effects
 * (sqlpg_ddl()), change the model as the matching operations would, one
 * after another: each effect becomes the action of that operation and
 * goes through model_apply(), journal and all.  Lowering checks them
 * first on a journal it then undoes, so that what a later statement of
 * the same execute needs (a table the first one made) is there.
 *
 * What the server would refuse is an error at the execute, as for an
 * operation (PostgreSQL 15 docs: CREATE TABLE, DROP TABLE, ALTER TABLE,
 * CREATE INDEX, DROP INDEX): an object that exists already (without IF
 * NOT EXISTS) or does not (without IF EXISTS), a table or column another
 * table's foreign key needs (without CASCADE).  Where an earlier execute
 * could not be seen through (DDL_OPAQUE), an unknown object is a warning
 * naming it instead.  Indexes and constraints that involve a dropped
 * column go with it, as on the server.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/ddl.h"
#include "migsql/model.h"
#include "migsql/sqlitecheck.h"
#include "migsql/sqlpg.h"
#include "migsql/util.h"
#include "model_int.h"

/* One execute's effects being checked (d set) or applied (d NULL). */
struct dctx {
	struct model		*m;
	const struct op		*op;
	const struct ddl_effect	*e;
	struct diags		*d;
	int			 ok;
};

static void
derr(struct dctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
derr(struct dctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (c->d == NULL)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(c->d, EXIT_INPUT, &c->op->loc, "execute: %s: %s",
	    ddl_kind_name(c->e->kind), sb.buf);
	strbuf_free(&sb);
	c->ok = 0;
}

/* An unknown object: an error, or a warning when an execute the model
   could not see through came before (it may have made it). */
static void
dmissing(struct dctx *c, const struct op *maybe, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
dmissing(struct dctx *c, const struct op *maybe, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (c->d == NULL)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (maybe == NULL)
		maybe = c->m->opaque;
	if (maybe != NULL)
		diag_warning(c->d, &c->op->loc, "execute: %s: %s; assuming the "
		    "execute at %s:%u made it", ddl_kind_name(c->e->kind),
		    sb.buf, maybe->loc.file, maybe->loc.line);
	else {
		diag_error(c->d, EXIT_INPUT, &c->op->loc, "execute: %s: %s",
		    ddl_kind_name(c->e->kind), sb.buf);
		c->ok = 0;
	}
	strbuf_free(&sb);
}

/* Runs a through model_apply() and frees it. */
static void
run(struct dctx *c, struct action *a)
{
	a->op = c->op;
	model_apply(c->m, a);
	action_free(a);
}

static struct m_column *
new_column(struct model *m, const char *name, int nullable)
{
	struct m_column *col = xcalloc(1, sizeof *col);

	col->name = xstrdup(name);
	col->nullable = nullable;
	col->id = m->next_id++;
	return col;
}

/* A column as raw DDL defines it: its type as written, and whether
   migsql could write it again. */
static struct m_column *
raw_column(struct dctx *c, const struct ddl_column *d)
{
	struct m_column *col = new_column(c->m, d->name, d->nullable);

	col->sql_type = d->type ? xstrdup(d->type) : NULL;
	col->raw = d->more || d->type == NULL ? c->op : NULL;
	return col;
}

static char **
copy_names(char *const *v, size_t n)
{
	char **out = xcalloc(n ? n : 1, sizeof *out);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = v[i] ? xstrdup(v[i]) : NULL;
	return out;
}

static char *
default_name(const char *table, char *const *cols, size_t ncols,
    const char *label)
{
	return model_constraint_name(table, cols, ncols, label);
}

/* The primary key columns of table name, as a copy (*n of them). */
static char **
pk_columns(const struct model *m, const char *name, size_t *n)
{
	const struct m_table *t = model_table(m, name);
	size_t i;

	*n = 0;
	if (t == NULL)
		return NULL;
	for (i = 0; i < t->cons.len; i++) {
		const struct m_constraint *k = t->cons.items[i];

		if (k->type == CON_PRIMARY_KEY) {
			*n = k->ncols;
			return copy_names(k->cols, k->ncols);
		}
	}
	return NULL;
}

/* A foreign key of table on cols to ref_table (ref_cols or its key). */
static struct m_constraint *
fk_con(const struct model *m, char *name, char *const *cols, size_t ncols,
    const char *ref_table, char *const *ref_cols, size_t nref)
{
	struct m_constraint *k = model_new_con(CON_FOREIGN_KEY, name);

	k->cols = copy_names(cols, ncols);
	k->ncols = ncols;
	k->ref_table = xstrdup(ref_table);
	if (nref > 0) {
		k->ref_cols = copy_names(ref_cols, nref);
		k->nref = nref;
	} else
		k->ref_cols = pk_columns(m, ref_table, &k->nref);
	return k;
}

/* The inline constraints of column d of table, into cons. */
static void
inline_cons(const struct model *m, const char *table,
    const struct ddl_column *d, struct ptrvec *cons)
{
	char *cols[1];
	struct m_constraint *k;

	cols[0] = d->name;
	if (d->primary_key) {
		k = model_new_con(CON_PRIMARY_KEY, default_name(table, NULL, 0,
		    "pkey"));
		k->cols = copy_names(cols, 1);
		k->ncols = 1;
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
	if (d->unique) {
		k = model_new_con(CON_UNIQUE, default_name(table, cols, 1,
		    "key"));
		k->cols = copy_names(cols, 1);
		k->ncols = 1;
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
	if (d->ref_table != NULL) {
		char *ref[1] = { d->ref_column };

		k = fk_con(m, default_name(table, cols, 1, "fkey"), cols, 1,
		    d->ref_table, ref, d->ref_column ? 1 : 0);
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
}

/* 1 when a relation (table or index) has that name: reported. */
static int
name_taken(struct dctx *c, const char *name)
{
	if (model_table(c->m, name) != NULL) {
		derr(c, "'%s' already exists: a table has that name", name);
		return 1;
	}
	if (model_index(c->m, name) != NULL) {
		derr(c, "'%s' already exists: an index has that name", name);
		return 1;
	}
	return 0;
}

static void
create_table(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	struct action a;
	size_t i;

	if (e->if_exists && model_table(c->m, e->table) != NULL)
		return;
	if (name_taken(c, e->table))
		return;
	memset(&a, 0, sizeof a);
	a.kind = OP_CREATE_TABLE;
	a.tbl = xcalloc(1, sizeof *a.tbl);
	a.tbl->name = xstrdup(e->table);
	a.tbl->schema = e->schema ? xstrdup(e->schema) : NULL;
	a.tbl->uncertain = e->shape_unknown ? c->op : NULL;
	a.tbl->temporary = e->temporary;
	a.tbl->unlogged = e->unlogged;
	a.tbl->strict = e->strict;
	a.tbl->without_rowid = e->without_rowid;
	for (i = 0; i < e->ncols; i++) {
		if (e->cols[i].name == NULL)
			continue;
		ptrvec_push(&a.tbl->cols, raw_column(c, &e->cols[i]));
		inline_cons(c->m, e->table, &e->cols[i], &a.tbl->cons);
	}
	a.table = xstrdup(e->table);
	run(c, &a);
}

/* The table of the effect, or NULL after saying it is unknown. */
static struct m_table *
effect_table(struct dctx *c)
{
	struct m_table *t = model_table(c->m, c->e->table);

	if (t == NULL && !c->e->if_exists)
		dmissing(c, NULL, "unknown table '%s'", c->e->table);
	return t;
}

/* Drops constraint k of table t. */
static void
drop_con(struct dctx *c, const struct m_table *t,
    const struct m_constraint *k)
{
	struct action a;

	memset(&a, 0, sizeof a);
	a.kind = OP_DROP_CONSTRAINT;
	a.table = xstrdup(t->name);
	a.con = model_new_con(k->type, xstrdup(k->name));
	run(c, &a);
}

/*
 * The foreign keys of other tables that need table name (on column col,
 * or any column when col is NULL): dropped with CASCADE, else an error,
 * as on the server ("cannot drop ... because other objects depend on
 * it").  Returns 0 after an error.
 */
static int
referrers_go(struct dctx *c, const char *name, const char *col)
{
	struct ptrvec refs = PTRVEC_INIT;
	size_t i, j;
	int ok = 1;

	model_referrers(c->m, name, &refs);
	for (i = 0; i < refs.len && ok; i++) {
		const struct m_table *o = refs.items[i];

		for (j = o->cons.len; j-- > 0;) {
			const struct m_constraint *k = o->cons.items[j];

			if (k->type != CON_FOREIGN_KEY ||
			    strcmp(k->ref_table, name) != 0 ||
			    (strcmp(o->name, name) == 0 && col == NULL) ||
			    (col != NULL && !model_con_references(k, col)))
				continue;
			if (!c->e->cascade) {
				derr(c, "foreign key '%s' of table '%s' needs "
				    "%s '%s'%s%s: drop it first, or add CASCADE",
				    k->name, o->name, col ? "column" : "table",
				    col ? col : name, col ? " of table " : "",
				    col ? name : "");
				ok = 0;
				break;
			}
			drop_con(c, o, k);
		}
	}
	ptrvec_free(&refs);
	return ok;
}

static void
drop_table(struct dctx *c)
{
	struct m_table *t = effect_table(c);
	struct action a;

	if (t == NULL || !referrers_go(c, t->name, NULL))
		return;
	memset(&a, 0, sizeof a);
	a.kind = OP_DROP_TABLE;
	a.table = xstrdup(t->name);
	run(c, &a);
}

static void
rename_table(struct dctx *c)
{
	struct m_table *t = effect_table(c);
	struct action a;

	if (t == NULL || name_taken(c, c->e->new_name))
		return;
	memset(&a, 0, sizeof a);
	a.kind = OP_RENAME_TABLE;
	a.table = xstrdup(t->name);
	a.new_name = xstrdup(c->e->new_name);
	run(c, &a);
}

static void
add_column(struct dctx *c)
{
	const struct ddl_column *d = &c->e->cols[0];
	struct m_table *t = model_table(c->m, c->e->table);
	struct action a;

	if (t == NULL) {
		dmissing(c, NULL, "unknown table '%s'", c->e->table);
		return;
	}
	if (table_column(t, d->name) != NULL) {
		if (!c->e->if_exists)
			derr(c, "column '%s' already exists in table '%s'",
			    d->name, t->name);
		return;
	}
	memset(&a, 0, sizeof a);
	a.kind = OP_ADD_COLUMN;
	a.table = xstrdup(t->name);
	a.col = raw_column(c, d);
	a.tbl = xcalloc(1, sizeof *a.tbl);
	a.tbl->name = xstrdup(t->name);
	inline_cons(c->m, t->name, d, &a.tbl->cons);
	run(c, &a);
}

/* The column of the effect's table called name, or NULL (reported). */
static struct m_column *
effect_column(struct dctx *c, struct m_table **tp, const char *name)
{
	struct m_table *t = model_table(c->m, c->e->table);
	struct m_column *col;

	*tp = t;
	if (t == NULL) {
		dmissing(c, NULL, "unknown table '%s'", c->e->table);
		return NULL;
	}
	if ((col = table_column(t, name)) == NULL && !c->e->if_exists) {
		struct strbuf h = STRBUF_INIT;

		model_hint(&h, name, &t->cols);
		model_gone_note(c->m, t->name, name, &h);
		dmissing(c, t->uncertain, "unknown column '%s' in table '%s'%s",
		    name, t->name, strbuf_str(&h));
		strbuf_free(&h);
	}
	return col;
}

/* PostgreSQL 15 docs, ALTER TABLE DROP COLUMN: "Indexes and table
   constraints involving the column will be automatically dropped"; but
   not an exclusion constraint that uses it in an expression or its
   WHERE, which needs CASCADE (table_column_exclusion()). */
static void
drop_column(struct dctx *c)
{
	struct m_table *t;
	struct m_column *col = effect_column(c, &t, c->e->name);
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	const struct m_constraint *k;
	struct action a;
	size_t i;

	if (col == NULL || !referrers_go(c, t->name, col->name))
		return;
	if (!c->e->cascade && (k = table_column_exclusion(t, col->name)) !=
	    NULL) {
		derr(c, "exclusion constraint '%s' of table '%s' uses column "
		    "'%s' in an expression or its WHERE: drop it first, or add "
		    "CASCADE", k->name, t->name, col->name);
		return;
	}
	table_column_dependents(t, col->name, &idx, &cons);
	/* Copies first: each drop frees what the model held. */
	for (i = 0; i < idx.len; i++)
		idx.items[i] = m_index_copy(idx.items[i]);
	for (i = 0; i < cons.len; i++)
		cons.items[i] = model_con_copy(cons.items[i]);
	for (i = 0; i < idx.len; i++) {
		memset(&a, 0, sizeof a);
		a.kind = OP_DROP_INDEX;
		a.table = xstrdup(t->name);
		a.idx = idx.items[i];
		run(c, &a);
	}
	for (i = 0; i < cons.len; i++) {
		drop_con(c, t, cons.items[i]);
		model_con_free(cons.items[i]);
	}
	ptrvec_free(&idx);
	ptrvec_free(&cons);
	memset(&a, 0, sizeof a);
	a.kind = OP_DROP_COLUMN;
	a.table = xstrdup(t->name);
	a.col = new_column(c->m, col->name, col->nullable);
	run(c, &a);
}

/* RENAME COLUMN and ALTER COLUMN: an alter_column's action. */
static void
alter_column(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	struct m_table *t;
	struct m_column *col = effect_column(c, &t, e->name);
	struct action a;

	if (col == NULL)
		return;
	if (e->kind == DDL_RENAME_COLUMN && table_column(t, e->new_name)) {
		derr(c, "column '%s' already exists in table '%s'",
		    e->new_name, t->name);
		return;
	}
	memset(&a, 0, sizeof a);
	a.kind = OP_ALTER_COLUMN;
	a.table = xstrdup(t->name);
	a.before = new_column(c->m, col->name, col->nullable);
	a.col = new_column(c->m, e->kind == DDL_RENAME_COLUMN ? e->new_name :
	    col->name, e->nullable >= 0 ? e->nullable : col->nullable);
	a.col->type = col->type;
	a.col->sql_type = col->sql_type ? xstrdup(col->sql_type) : NULL;
	a.col->raw = col->raw;
	if (e->kind == DDL_RENAME_COLUMN)
		a.changes = CH_NAME;
	else if (e->changes_type) {
		a.changes = CH_TYPE;
		a.col->type = NULL;
		free(a.col->sql_type);
		a.col->sql_type = e->type ? xstrdup(e->type) : NULL;
		a.col->raw = e->type ? NULL : c->op;
	} else
		a.changes = CH_NULLABLE;
	run(c, &a);
}

/* The op kind that adds a constraint of each type (enum con_type). */
static const enum op_kind add_kinds[CON_TYPES] = {
	OP_CREATE_PRIMARY_KEY, OP_CREATE_UNIQUE_CONSTRAINT,
	OP_CREATE_CHECK_CONSTRAINT, OP_CREATE_FOREIGN_KEY,
	OP_CREATE_EXCLUDE_CONSTRAINT
};

/*
 * PostgreSQL's name for an EXCLUDE constraint written without one
 * (ChooseIndexName, PostgreSQL 15 src/backend/commands/indexcmds.c):
 * table_parts_excl, with a number added until no relation of t's model
 * and no constraint of t has it; NULL when an element's part is unknown
 * (ddl_effect's name_parts): then the model does not guess.
 */
static char *
exclude_name(const struct model *m, const struct m_table *t,
    const struct ddl_effect *e)
{
	char *base, *name;
	size_t i;
	int k;

	for (i = 0; i < e->nnames; i++)
		if (e->name_parts == NULL || e->name_parts[i] == NULL)
			return NULL;
	base = default_name(t->name, e->name_parts, e->nnames, "excl");
	name = xstrdup(base);
	for (k = 1; model_table(m, name) != NULL ||
	    model_index(m, name) != NULL || table_constraint(t, name) != NULL;
	    k++) {
		free(name);
		name = xasprintf("%s%d", base, k);
	}
	free(base);
	return name;
}

/*
 * ADD CONSTRAINT (and a CREATE TABLE's table constraints) into the model.
 * An EXCLUDE constraint keeps its plain columns only: its elements, method
 * and WHERE stay in the SQL, so it cannot be written again (render_con()
 * says so); one without a name whose name this cannot tell stays out.
 */
static void
add_constraint(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	static const char *const labels[] = { "pkey", "key", "check", "fkey",
		"excl" };
	static const enum con_type types[] = { CON_PRIMARY_KEY, CON_UNIQUE,
		CON_CHECK, CON_FOREIGN_KEY, CON_EXCLUDE };
	struct m_table *t;
	struct action a;
	char *name;
	size_t i;

	if (e->con_type == DDL_CON_OTHER)
		return;
	if ((t = model_table(c->m, e->table)) == NULL) {
		dmissing(c, NULL, "unknown table '%s'", e->table);
		return;
	}
	for (i = 0; i < e->nnames; i++)
		if (e->names[i] != NULL && table_column(t, e->names[i]) == NULL)
			dmissing(c, t->uncertain, "unknown column '%s' in table "
			    "'%s'", e->names[i], t->name);
	if (e->name == NULL && e->con_type == DDL_CON_EXCLUDE) {
		if ((name = exclude_name(c->m, t, e)) == NULL)
			return;
	} else
		name = e->name ? xstrdup(e->name) : default_name(t->name,
		    e->con_type == DDL_CON_PRIMARY_KEY ? NULL : e->names,
		    e->con_type == DDL_CON_PRIMARY_KEY ? 0 : e->nnames,
		    labels[e->con_type]);
	if (table_constraint(t, name) != NULL) {
		derr(c, "constraint '%s' already exists on table '%s'", name,
		    t->name);
		free(name);
		return;
	}
	memset(&a, 0, sizeof a);
	a.kind = add_kinds[types[e->con_type]];
	a.table = xstrdup(t->name);
	if (e->con_type == DDL_CON_FOREIGN_KEY)
		a.con = fk_con(c->m, name, e->names, e->nnames,
		    e->ref_table ? e->ref_table : "", e->ref_names, e->nref);
	else if (e->con_type == DDL_CON_EXCLUDE) {
		a.con = model_new_con(CON_EXCLUDE, name);
		a.con->cols = xcalloc(e->nnames ? e->nnames : 1,
		    sizeof *a.con->cols);
		for (i = 0; i < e->nnames; i++)
			if (e->names[i] != NULL)
				a.con->cols[a.con->ncols++] =
				    xstrdup(e->names[i]);
	} else {
		a.con = model_new_con(types[e->con_type], name);
		a.con->cols = copy_names(e->names, e->nnames);
		a.con->ncols = e->nnames;
	}
	a.con->not_valid = e->not_valid;
	run(c, &a);
}

/* DROP CONSTRAINT, and RENAME CONSTRAINT (dropped, added back). */
static void
drop_constraint(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	struct m_table *t = effect_table(c);
	struct m_constraint *k, *copy;
	struct action a;

	if (t == NULL)
		return;
	if ((k = table_constraint(t, e->name)) == NULL) {
		if (!e->if_exists)
			dmissing(c, t->uncertain, "table '%s' has no "
			    "constraint '%s'", t->name, e->name);
		return;
	}
	if (e->kind == DDL_RENAME_CONSTRAINT &&
	    table_constraint(t, e->new_name) != NULL) {
		derr(c, "constraint '%s' already exists on table '%s'",
		    e->new_name, t->name);
		return;
	}
	copy = model_con_copy(k);
	drop_con(c, t, k);
	if (e->kind != DDL_RENAME_CONSTRAINT) {
		model_con_free(copy);
		return;
	}
	free(copy->name);
	copy->name = xstrdup(e->new_name);
	memset(&a, 0, sizeof a);
	a.kind = add_kinds[copy->type];
	a.table = xstrdup(t->name);
	a.con = copy;
	run(c, &a);
}

/*
 * PostgreSQL's name for an index written without one (ChooseIndexName,
 * PostgreSQL 15 src/backend/commands/indexcmds.c): table_cols_idx, an
 * expression counting as FigureIndexColname names it (name_parts: a
 * function's name, ...) or "expr", with a number added until it is
 * free.
 */
static char *
index_name(const struct model *m, const struct ddl_effect *e)
{
	char **cols = xcalloc(e->nnames ? e->nnames : 1, sizeof *cols);
	char *base, *name;
	size_t i;
	int k;

	for (i = 0; i < e->nnames; i++)
		cols[i] = e->names[i] ? e->names[i] : e->name_parts != NULL &&
		    e->name_parts[i] != NULL ? e->name_parts[i] : "expr";
	base = default_name(e->table, cols, e->nnames, "idx");
	free(cols);
	name = xstrdup(base);
	for (k = 1; model_table(m, name) != NULL ||
	    model_index(m, name) != NULL; k++) {
		free(name);
		name = xasprintf("%s%d", base, k);
	}
	free(base);
	return name;
}

static void
create_index(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	struct m_table *t = model_table(c->m, e->table);
	struct m_index *x;
	struct action a;
	size_t i;

	if (t == NULL) {
		dmissing(c, NULL, "unknown table '%s'", e->table);
		return;
	}
	if (e->name != NULL && e->if_exists && (model_index(c->m, e->name) ||
	    model_table(c->m, e->name)))
		return;
	if (e->name != NULL && name_taken(c, e->name))
		return;
	for (i = 0; i < e->nnames; i++)
		if (e->names[i] != NULL && table_column(t, e->names[i]) == NULL)
			dmissing(c, t->uncertain, "unknown column '%s' in table "
			    "'%s'", e->names[i], t->name);
	x = xcalloc(1, sizeof *x);
	x->name = e->name ? xstrdup(e->name) : index_name(c->m, e);
	if (e->name == NULL)	/* the name the server gives it, for the
				   inverse (lowering and applying agree) */
		((struct ddl_effect *)e)->name = xstrdup(x->name);
	x->table = xstrdup(t->name);
	x->cols = copy_names(e->names, e->nnames);
	x->exprs = xcalloc(e->nnames ? e->nnames : 1, sizeof *x->exprs);
	x->ncols = e->nnames;
	x->unique = e->unique;
	x->raw = c->op;
	x->unwritable = e->shape_unknown;
	memset(&a, 0, sizeof a);
	a.kind = OP_CREATE_INDEX;
	a.table = xstrdup(t->name);
	a.idx = x;
	run(c, &a);
}

/* DROP INDEX, and ALTER INDEX RENAME (dropped, added back). */
static void
drop_index(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	struct m_index *x = model_index(c->m, e->name), *copy;
	struct action a;

	if (x == NULL) {
		if (!e->if_exists)
			dmissing(c, NULL, "unknown index '%s'", e->name);
		return;
	}
	if (e->kind == DDL_RENAME_INDEX && name_taken(c, e->new_name))
		return;
	copy = m_index_copy(x);
	memset(&a, 0, sizeof a);
	a.kind = OP_DROP_INDEX;
	a.table = xstrdup(x->table);
	a.idx = m_index_copy(x);
	run(c, &a);
	if (e->kind != DDL_RENAME_INDEX) {
		m_index_free(copy);
		return;
	}
	free(copy->name);
	copy->name = xstrdup(e->new_name);
	memset(&a, 0, sizeof a);
	a.kind = OP_CREATE_INDEX;
	a.table = xstrdup(copy->table);
	a.idx = copy;
	run(c, &a);
}

/* 1 when enum e has value v. */
static int
enum_has(const struct m_enum *e, const char *v)
{
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		if (strcmp(e->values[i], v) == 0)
			return 1;
	return 0;
}

/* Enum types: never an error (the model does not know every type: a
   domain, a composite type).  ADD VALUE and RENAME VALUE change the
   model's enum as add_enum_value and rename_enum_value do (ops_enum.c),
   the new value BEFORE or AFTER its neighbor (PostgreSQL 15 docs, ALTER
   TYPE). */
static void
enum_effect(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	struct m_enum *old = model_enum(c->m, e->name);
	struct action a;

	memset(&a, 0, sizeof a);
	if (e->kind == DDL_CREATE_ENUM) {
		if (old != NULL)
			return;
		a.kind = OP_CREATE_ENUM;
		a.en = model_enum_new(e->name, e->names, e->nnames);
		run(c, &a);
		return;
	}
	if (old == NULL || (e->kind != DDL_DROP_TYPE && e->new_name == NULL))
		return;
	a.en = model_enum_new(old->name, NULL, 0);
	if (e->kind == DDL_DROP_TYPE) {
		a.kind = OP_DROP_ENUM;
	} else if (e->kind == DDL_ENUM_ADD_VALUE) {
		if (enum_has(old, e->new_name)) {
			action_free(&a);
			return;
		}
		a.kind = OP_ADD_ENUM_VALUE;
		a.value = xstrdup(e->new_name);
		a.neighbor = e->neighbor ? xstrdup(e->neighbor) : NULL;
		a.after = e->after;
	} else {
		if (e->nnames < 1 || !enum_has(old, e->names[0]) ||
		    enum_has(old, e->new_name)) {
			action_free(&a);
			return;
		}
		a.kind = OP_RENAME_ENUM_VALUE;
		a.old_value = xstrdup(e->names[0]);
		a.value = xstrdup(e->new_name);
	}
	run(c, &a);
}

/*
 * INSERT, UPDATE, DELETE: the table and the columns written must exist
 * (a schema-qualified name is left alone: the model keys tables by
 * name).  A missing table is a warning after an execute that made
 * relations the model does not keep (a view, say).
 */
static void
dml_check(struct dctx *c)
{
	const struct ddl_effect *e = c->e;
	const struct m_table *t;
	struct strbuf h = STRBUF_INIT;
	size_t i;

	if (e->schema != NULL || e->table == NULL)
		return;
	if ((t = model_table(c->m, e->table)) == NULL) {
		model_hint(&h, e->table, &c->m->tables);
		model_gone_note(c->m, e->table, NULL, &h);
		dmissing(c, c->m->opaque ? c->m->opaque : c->m->untracked,
		    "unknown table '%s'%s", e->table, strbuf_str(&h));
		strbuf_free(&h);
		return;
	}
	for (i = 0; i < e->nnames; i++)
		if (e->names[i] != NULL && table_column(t, e->names[i]) == NULL) {
			model_hint(&h, e->names[i], &t->cols);
			model_gone_note(c->m, t->name, e->names[i], &h);
			dmissing(c, t->uncertain, "unknown column '%s' in table "
			    "'%s'%s", e->names[i], t->name, strbuf_str(&h));
		}
	strbuf_free(&h);
}

static void
effect(struct dctx *c)
{
	/* ALTER TABLE IF EXISTS on a table that is not there: a notice on
	   the server, nothing here. */
	if (c->e->table_if_exists && c->e->table != NULL &&
	    model_table(c->m, c->e->table) == NULL)
		return;
	switch (c->e->kind) {
	case DDL_CREATE_TABLE:
		create_table(c);
		break;
	case DDL_DROP_TABLE:
		drop_table(c);
		break;
	case DDL_RENAME_TABLE:
		rename_table(c);
		break;
	case DDL_ADD_COLUMN:
		add_column(c);
		break;
	case DDL_DROP_COLUMN:
		drop_column(c);
		break;
	case DDL_RENAME_COLUMN:
	case DDL_ALTER_COLUMN:
		alter_column(c);
		break;
	case DDL_ADD_CONSTRAINT:
		add_constraint(c);
		break;
	case DDL_DROP_CONSTRAINT:
	case DDL_RENAME_CONSTRAINT:
		drop_constraint(c);
		break;
	case DDL_CREATE_INDEX:
		create_index(c);
		break;
	case DDL_DROP_INDEX:
	case DDL_RENAME_INDEX:
		drop_index(c);
		break;
	case DDL_CREATE_ENUM:
	case DDL_DROP_TYPE:
	case DDL_ENUM_ADD_VALUE:
	case DDL_ENUM_RENAME_VALUE:
		enum_effect(c);
		break;
	case DDL_OPAQUE:
		c->m->opaque = c->op;
		c->m->opaque_ddl = c->op;
		break;
	case DDL_UNTRACKED:
		if (c->e->table != NULL) {
			struct m_table *t = model_table(c->m, c->e->table);

			if (t != NULL)
				model_table_dependents(c->m, t, c->op);
		} else
			c->m->untracked = c->op;
		break;
	case DDL_INSERT:
	case DDL_UPDATE:
	case DDL_DELETE:
		dml_check(c);
		break;
	}
}

/* The SQLite engine's loader over the model's writer. */
struct writer_ctx {
	const struct model	*m;
};

static int
write_table(void *ctx, const char *name, int index, struct strbuf *sql)
{
	const struct model *m = ((struct writer_ctx *)ctx)->m;

	return m->sql_writer(m->sql_writer_ctx, m, name, index, sql);
}

/*
 * Sets a->ddl to the effects of text as m's engine reads it; leaves it
 * NULL when the engine cannot (a syntax error, SQL the engine refuses:
 * the render or check reports it, and the execute stays opaque).  On
 * SQLite, transaction control is an error at the op (PostgreSQL's is
 * reported by sqlcheck_execute()); returns 0 after it.
 */
static int
read_effects(struct model *m, const struct op *op, const char *text,
    struct action *a, struct diags *d)
{
	struct writer_ctx wc = { m };
	struct sqlitecheck_error refused;
	int ok, fine = 1;

	a->ddl = xcalloc(1, sizeof *a->ddl);
	if (m->sql_postgresql)
		ok = sqlpg_ddl(text, a->ddl);
	else if (!model_sql_has_ddl(text))
		ok = 1;		/* no DDL or transaction word: DML only */
	else {
		ok = sqlitecheck_ddl(write_table, &wc, text, a->ddl, &refused);
		if (refused.message != NULL) {
			diag_error(d, EXIT_INPUT, &op->loc, "execute: %s",
			    refused.message);
			free(refused.message);
			fine = 0;
		}
	}
	if (!ok) {
		ddl_effects_free(a->ddl);
		free(a->ddl);
		a->ddl = NULL;
	}
	return fine;
}

int
model_ddl_lower(struct model *m, const struct op *op, struct action *a,
    struct diags *d)
{
	struct dctx c = { m, op, NULL, d, 1 };
	const struct node *x;
	const char *text;
	size_t i;

	if (m->sql_dialect == NULL || (!m->sql_postgresql &&
	    m->sql_writer == NULL) || (x = op_execute_sql(op,
	    m->sql_dialect)) == NULL)
		return 1;
	text = x->text;
	if (!read_effects(m, op, text, a, d))
		return 0;
	if (a->ddl == NULL)
		return 1;
	/* Checked in order on the model as each leaves it, then undone. */
	model_journal_begin(m);
	for (i = 0; i < a->ddl->len; i++) {
		c.e = a->ddl->items[i];
		effect(&c);
	}
	model_journal_undo(m);
	return c.ok;
}

void
model_ddl_apply(struct model *m, const struct action *a)
{
	struct dctx c = { m, a->op, NULL, NULL, 1 };
	size_t i;

	for (i = 0; i < a->ddl->len; i++) {
		c.e = a->ddl->items[i];
		effect(&c);
	}
}

/* ---- inverses ---------------------------------------------------------- */

static struct action *
inverse_action(const struct action *up, enum op_kind kind, const char *table)
{
	struct action *a = xcalloc(1, sizeof *a);

	a->kind = kind;
	a->op = up->op;
	a->inverse = 1;
	a->table = table ? xstrdup(table) : NULL;
	return a;
}

static struct m_column *
name_only_column(const char *name)
{
	struct m_column *c = xcalloc(1, sizeof *c);

	c->name = xstrdup(name);
	c->nullable = 1;
	return c;
}

/* The inverse of one effect, or NULL when it has none.  made: the
   tables the same execute creates. */
static struct action *
effect_inverse(const struct action *up, const struct ddl_effect *e,
    const struct ptrvec *made)
{
	struct action *a = NULL;
	size_t i;

	switch (e->kind) {
	case DDL_CREATE_TABLE:
		if (!e->temporary)
			a = inverse_action(up, OP_DROP_TABLE, e->table);
		break;
	case DDL_CREATE_INDEX:
		if (e->name == NULL)
			break;
		a = inverse_action(up, OP_DROP_INDEX, e->table);
		a->idx = xcalloc(1, sizeof *a->idx);
		a->idx->name = xstrdup(e->name);
		a->idx->table = xstrdup(e->table);
		a->idx->cols = xcalloc(1, sizeof *a->idx->cols);
		a->idx->exprs = xcalloc(1, sizeof *a->idx->exprs);
		/* CREATE INDEX CONCURRENTLY alone: DROP INDEX CONCURRENTLY. */
		a->non_transactional = up->non_transactional && e->concurrent;
		break;
	case DDL_CREATE_ENUM:
		a = inverse_action(up, OP_DROP_ENUM, NULL);
		a->en = model_enum_new(e->name, e->names, e->nnames);
		break;
	case DDL_ENUM_RENAME_VALUE:
		/* RENAME VALUE back (rename_enum_value's inverse). */
		if (e->name == NULL || e->new_name == NULL || e->nnames < 1)
			break;
		a = inverse_action(up, OP_RENAME_ENUM_VALUE, NULL);
		a->en = model_enum_new(e->name, NULL, 0);
		a->old_value = xstrdup(e->new_name);
		a->value = xstrdup(e->names[0]);
		break;
	case DDL_RENAME_TABLE:
		a = inverse_action(up, OP_RENAME_TABLE, e->new_name);
		a->new_name = xstrdup(e->table);
		break;
	case DDL_RENAME_COLUMN:
		a = inverse_action(up, OP_ALTER_COLUMN, e->table);
		a->changes = CH_NAME;
		a->before = name_only_column(e->new_name);
		a->col = name_only_column(e->name);
		break;
	case DDL_ADD_COLUMN:
		a = inverse_action(up, OP_DROP_COLUMN, e->table);
		a->col = name_only_column(e->cols[0].name);
		a->lossy = 1;
		break;
	case DDL_INSERT:
		/* Rows of a table the same execute made go with it. */
		for (i = 0; i < made->len; i++)
			if (strcmp(made->items[i], e->table) == 0)
				return inverse_action(up, OP_COUNT, NULL);
		break;
	default:
		break;
	}
	return a;
}

int
action_invert_execute(const struct action *up, struct ptrvec *out)
{
	struct ptrvec made = PTRVEC_INIT, inv = PTRVEC_INIT;
	size_t i;
	int ok = up->kind == OP_EXECUTE && up->ddl != NULL && !up->unknown &&
	    up->ddl->len > 0;

	for (i = 0; ok && i < up->ddl->len; i++) {
		const struct ddl_effect *e = up->ddl->items[i];
		struct action *a = effect_inverse(up, e, &made);

		if (e->kind == DDL_CREATE_TABLE)
			ptrvec_push(&made, e->table);
		if (a == NULL)
			ok = 0;
		else if (a->kind == OP_COUNT) {
			action_free(a);	/* nothing to undo */
			free(a);
		} else
			ptrvec_push(&inv, a);
	}
	for (i = inv.len; i-- > 0;) {
		if (ok)
			ptrvec_push(out, inv.items[i]);
		else {
			action_free(inv.items[i]);
			free(inv.items[i]);
		}
	}
	ptrvec_free(&inv);
	ptrvec_free(&made);
	return ok;
}
