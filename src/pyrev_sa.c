/*
 * pyrev_sa.c -- Alembic's op.* calls (and batch_op.*, bind.execute(),
 * Enum.create()/drop()) as migsql's operations (pyrev.h).  Each maps
 * Alembic 1.8's Operations method of the same name; create_table,
 * add_column and create_index are in pyrev_table.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/util.h"
#include "pyrev_int.h"

/* Puts key: v (a string) into m; 0 after an error. */
static int
put_str(struct pyrev *p, struct pr_list *m, const char *key,
    const struct pv *v, const char *what)
{
	if (v == NULL) {
		return 1;
	}
	if (sa_str(p, v, what) == NULL)
		return 0;
	pl_put(p, m, key, pv_node(p, v, what));
	return 1;
}

static int
put_bool(struct pyrev *p, struct pr_list *m, const char *key,
    const struct pv *v)
{
	int b;

	if (v == NULL)
		return 1;
	if (!sa_true(p, v, key, &b))
		return 0;
	pl_put(p, m, key, nb_bool(p, v->loc, b));
	return 1;
}

/* Required arguments: an error naming the first missing one. */
static int
need(struct pyrev *p, const struct pv *call, const char *fname,
    const char *const *params, struct pv **a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] == NULL) {
			pr_error(p, &call->loc, "%s() needs %s", fname,
			    params[i]);
			return 0;
		}
	return 1;
}

/* A schema= where migsql's operation takes none. */
static int
no_schema(struct pyrev *p, const struct pv *v)
{
	if (sa_absent(v))
		return 1;
	pr_nomap(p, &v->loc, NULL, "schema= has no equivalent in this "
	    "migsql operation");
	return 0;
}

/* The result of an operation: emitted when every key was read. */
static void
finish(struct pyrev *p, const struct pv *call, const char *op,
    struct pr_list *m, int ok, size_t e0)
{
	if (!ok || p->d->errors != e0) {
		free(m->items);
		return;
	}
	pr_emit(p, call->loc, op, pl_map(p, m, call->loc));
}

static void
op_drop_table(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "table_name", "schema",
		"if_exists", NULL };
	struct pv *a[3];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "drop_table", params, a) ||
	    !need(p, c, "drop_table", params, a, 1))
		return;
	ok = put_str(p, &m, "name", a[0], "a table name") &&
	    (sa_absent(a[1]) || put_str(p, &m, "schema", a[1], "a schema")) &&
	    put_bool(p, &m, "if_exists", a[2]);
	finish(p, c, "drop_table", &m, ok, e0);
}

static void
op_drop_column(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "table_name", "column_name",
		"schema", "if_exists", NULL };
	struct pv *a[4];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "drop_column", params, a) ||
	    !need(p, c, "drop_column", params, a, 2))
		return;
	ok = put_str(p, &m, "table", a[0], "a table name") &&
	    put_str(p, &m, "column", a[1], "a column name") &&
	    (sa_absent(a[2]) || put_str(p, &m, "schema", a[2], "a schema")) &&
	    put_bool(p, &m, "if_exists", a[3]);
	finish(p, c, "drop_column", &m, ok, e0);
}

/*
 * alter_column's existing_type, existing_server_default, existing_nullable
 * and existing_comment (a[0..3]) as the keys of the same names, which the
 * schema model checks (ops_column.c).  A type or default that cannot be
 * written is left out: it changes nothing, and Alembic itself needs it
 * only for MySQL and batch copies.
 */
static int
put_existing(struct pyrev *p, struct pr_list *m, struct pv *const *a)
{
	struct diags scratch, *d = p->d;
	struct sa_enum en;
	const char *t;
	int ok = 1, told = p->told;

	/* Tried quietly: what the writer believed is a check, not a
	   change, and a type migsql cannot spell is not worth refusing
	   the revision for. */
	diags_init(&scratch);
	p->d = &scratch;
	/* The generic type but for an enum: the model compares it with
	   the column's, which a spelling per dialect would not match. */
	if (!sa_absent(a[0]) && (t = sa_type(p, a[0], &en)) != NULL)
		pl_put(p, m, "existing_type", sa_type_node(p, a[0]->loc, t,
		    en.name != NULL ? &en : NULL));
	if (!sa_absent(a[1])) {
		struct node *x = sa_server_default(p, a[1],
		    sa_is_boolean(a[0]));

		if (x != NULL)
			pl_put(p, m, "existing_server_default", x);
	}
	p->d = d;
	p->told = told;
	diags_free(&scratch);
	if (!sa_absent(a[2]))
		ok = put_bool(p, m, "existing_nullable", a[2]);
	if (ok && a[3] != NULL && a[3]->kind == PV_NONE)
		pl_put(p, m, "existing_comment", nb_null(p, a[3]->loc));
	else if (ok && a[3] != NULL)
		ok = put_str(p, m, "existing_comment", a[3], "comment");
	return ok;
}

/*
 * op.alter_column (Alembic 1.8 Operations.alter_column).  comment and
 * server_default default to False, "unchanged"; None drops them.  The
 * existing_* arguments are kept for the schema model to check.
 */
static void
op_alter_column(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "table_name", "column_name",
		"nullable", "comment", "server_default", "new_column_name",
		"type_", "existing_type", "existing_server_default",
		"existing_nullable", "existing_comment", "schema",
		"postgresql_using", NULL };
	struct pv *a[13];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	const char *t, *u;
	int ok;

	if (!sa_args(p, c, "alter_column", params, a) ||
	    !need(p, c, "alter_column", params, a, 2))
		return;
	ok = put_str(p, &m, "table", a[0], "a table name") &&
	    put_str(p, &m, "column", a[1], "a column name");
	if (ok && !sa_absent(a[2]))
		ok = put_bool(p, &m, "nullable", a[2]);
	if (ok && a[3] != NULL && !(a[3]->kind == PV_BOOL && !a[3]->b)) {
		if (a[3]->kind == PV_NONE)
			pl_put(p, &m, "comment", nb_null(p, a[3]->loc));
		else
			ok = put_str(p, &m, "comment", a[3], "comment");
	}
	if (ok && a[4] != NULL && !(a[4]->kind == PV_BOOL && !a[4]->b)) {
		struct node *d = a[4]->kind == PV_NONE ? nb_null(p, a[4]->loc)
		    : sa_server_default(p, a[4], sa_is_boolean(a[6] != NULL ?
		    a[6] : a[7]));

		ok = d != NULL;
		pl_put(p, &m, "server_default", d);
	}
	if (ok && !sa_absent(a[5]))
		ok = put_str(p, &m, "new_column_name", a[5], "a column name");
	if (ok && !sa_absent(a[6])) {
		struct sa_enum en;
		int ck;

		ok = (t = sa_type(p, a[6], &en)) != NULL;
		if (ok && (ck = sa_type_check_here(p, &en)) != 0) {
			if (ck > 0)
				pr_nomap(p, &en.check_at->loc, NULL, "an "
				    "alter_column to a type with "
				    "create_constraint (a CHECK on SQLite) has "
				    "no equivalent in migsql");
			ok = 0;
		}
		if (ok)
			pl_put(p, &m, "type", sa_type_node(p, a[6]->loc, t,
			    &en));
	}
	if (ok)
		ok = put_existing(p, &m, a + 7);
	if (ok && !sa_absent(a[11]))
		ok = put_str(p, &m, "schema", a[11], "a schema");
	if (ok && a[12] != NULL) {
		if ((u = sa_sql(a[12])) == NULL) {
			pr_error(p, &a[12]->loc, "postgresql_using must be a "
			    "string or text()");
			ok = 0;
		} else {
			/* SQLAlchemy's SQLite has no USING: PostgreSQL's
			   only, as Alembic 1.8 writes it. */
			struct pr_list d = { 0 };

			pl_put(p, &d, "postgresql", nb_str(p, a[12]->loc, u));
			pl_put(p, &d, "sqlite", nb_null(p, a[12]->loc));
			pl_put(p, &m, "using", pl_map(p, &d, a[12]->loc));
		}
	}
	finish(p, c, "alter_column", &m, ok, e0);
}

static void
op_drop_index(struct pyrev *p, const struct pv *c)
{
	/* Autogenerate writes a drop_index with the create_index's
	   dialect keywords (Alembic 1.8 DropIndexOp.from_index): they
	   build the Index object, and DROP INDEX writes none of them. */
	static const char *const params[] = { "index_name", "table_name",
		"schema", "postgresql_concurrently", "if_exists",
		"postgresql_where", "sqlite_where", "postgresql_include",
		"postgresql_using", "postgresql_ops", "postgresql_with",
		"postgresql_tablespace", "postgresql_nulls_not_distinct",
		"unique", NULL };
	struct pv *a[14];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok, conc = 0;

	if (!sa_args(p, c, "drop_index", params, a) ||
	    !need(p, c, "drop_index", params, a, 1))
		return;
	ok = put_str(p, &m, "name", a[0], "an index name") &&
	    (sa_absent(a[1]) || put_str(p, &m, "table", a[1],
	    "a table name")) &&
	    (sa_absent(a[2]) || put_str(p, &m, "schema", a[2], "a schema")) &&
	    sa_true(p, a[3], "postgresql_concurrently", &conc) &&
	    put_bool(p, &m, "if_exists", a[4]);
	if (ok && conc)
		pl_put(p, &m, "concurrently", nb_bool(p, a[3]->loc, 1));
	if (ok && p->autocommit && !conc) {
		pr_error(p, &c->loc, "a drop_index without "
		    "postgresql_concurrently=True in an autocommit_block: "
		    "migsql runs only concurrent index operations and "
		    "op.execute() outside the transaction");
		ok = 0;
	}
	finish(p, c, "drop_index", &m, ok, e0);
}

/* PostgreSQL's name for an unnamed constraint (ChooseConstraintName:
   table, columns joined by _, then the kind). */
static struct pv *
default_name(struct pyrev *p, const struct pv *c, const struct pv *table,
    const struct pv *cols, const char *kind)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	struct pv *v;

	if (fp == NULL)
		abort();
	fputs(table->s, fp);
	for (i = 0; cols != NULL && i < cols->n; i++)
		if (cols->items[i]->kind == PV_STR)
			fprintf(fp, "_%s", cols->items[i]->s);
	fprintf(fp, "_%s", kind);
	fclose(fp);
	v = pv_str(p, c->loc, buf, len);
	free(buf);
	return v;
}

/* A constraint's name: None gets PostgreSQL's (CONSTRAINT NAMES). */
static const struct pv *
constraint_name(struct pyrev *p, const struct pv *c, struct pv *name,
    const struct pv *table, const struct pv *cols, const char *kind)
{
	if (!sa_absent(name) || table == NULL || table->kind != PV_STR ||
	    (cols != NULL && cols->kind != PV_SEQ))
		return name;
	return default_name(p, c, table, cols, kind);
}

static void
op_create_foreign_key(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "constraint_name",
		"source_table", "referent_table", "local_cols", "remote_cols",
		"onupdate", "ondelete", "deferrable", "initially", "match",
		"source_schema", "referent_schema", "postgresql_not_valid",
		NULL };
	struct pv *a[13];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "create_foreign_key", params, a) ||
	    !need(p, c, "create_foreign_key", params + 1, a + 1, 4))
		return;
	ok = put_str(p, &m, "name", constraint_name(p, c, a[0], a[1], a[3],
	    "fkey"), "a constraint name") &&
	    put_str(p, &m, "source_table", a[1], "a table name") &&
	    put_str(p, &m, "referent_table", a[2], "a table name") &&
	    no_schema(p, a[10]) && no_schema(p, a[11]);
	if (ok) {
		pl_put(p, &m, "local_cols", sa_names(p, a[3], "local_cols"));
		pl_put(p, &m, "remote_cols", sa_names(p, a[4], "remote_cols"));
		ok = (sa_absent(a[5]) || put_str(p, &m, "onupdate", a[5],
		    "onupdate")) && (sa_absent(a[6]) || put_str(p, &m,
		    "ondelete", a[6], "ondelete")) && (sa_absent(a[7]) ||
		    put_bool(p, &m, "deferrable", a[7])) && (sa_absent(a[8]) ||
		    put_str(p, &m, "initially", a[8], "initially")) &&
		    (sa_absent(a[9]) || put_str(p, &m, "match", a[9], "match"));
	}
	if (ok && a[12] != NULL) {
		int b;

		ok = sa_true(p, a[12], "postgresql_not_valid", &b);
		if (ok && b)
			pl_put(p, &m, "not_valid", nb_bool(p, a[12]->loc, 1));
	}
	finish(p, c, "create_foreign_key", &m, ok, e0);
}

static void
op_create_unique_constraint(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "constraint_name",
		"table_name", "columns", "schema", "deferrable", "initially",
		"postgresql_include", "postgresql_nulls_not_distinct", NULL };
	struct pv *a[8];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "create_unique_constraint", params, a) ||
	    !need(p, c, "create_unique_constraint", params + 1, a + 1, 2))
		return;
	ok = put_str(p, &m, "name", constraint_name(p, c, a[0], a[1], a[2],
	    "key"), "a constraint name") &&
	    put_str(p, &m, "table", a[1], "a table name") &&
	    no_schema(p, a[3]);
	if (ok) {
		pl_put(p, &m, "columns", sa_names(p, a[2], "columns"));
		if (a[6] != NULL)
			pl_put(p, &m, "include", sa_names(p, a[6],
			    "postgresql_include"));
		ok = (sa_absent(a[4]) || put_bool(p, &m, "deferrable", a[4])) &&
		    (sa_absent(a[5]) || put_str(p, &m, "initially", a[5],
		    "initially")) && (sa_absent(a[7]) || put_bool(p, &m,
		    "nulls_not_distinct", a[7]));
	}
	finish(p, c, "create_unique_constraint", &m, ok, e0);
}

static void
op_create_check_constraint(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "constraint_name",
		"table_name", "condition", "schema", "postgresql_not_valid",
		NULL };
	struct pv *a[5];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	const char *sql;
	int ok, b = 0;

	if (!sa_args(p, c, "create_check_constraint", params, a) ||
	    !need(p, c, "create_check_constraint", params, a, 3))
		return;
	if (sa_absent(a[0])) {
		pr_error(p, &c->loc, "an unnamed check constraint: PostgreSQL "
		    "names it after a column the condition mentions, which "
		    "migsql does not guess; give it a name");
		return;
	}
	ok = put_str(p, &m, "name", a[0], "a constraint name") &&
	    put_str(p, &m, "table", a[1], "a table name") &&
	    no_schema(p, a[3]) &&
	    sa_true(p, a[4], "postgresql_not_valid", &b);
	if (ok && (sql = sa_sql(a[2])) == NULL) {
		if (pv_unknown(a[2]))
			pv_refuse(p, a[2], "");
		else
			pr_error(p, &a[2]->loc, "a check's condition must be a "
			    "string or text(), not %s (an expression of "
			    "columns)", pv_describe(a[2]));
		ok = 0;
	}
	if (ok) {
		pl_put(p, &m, "condition", nb_str(p, a[2]->loc, sql));
		if (b)
			pl_put(p, &m, "not_valid", nb_bool(p, a[4]->loc, 1));
	}
	finish(p, c, "create_check_constraint", &m, ok, e0);
}

static void
op_create_primary_key(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "constraint_name",
		"table_name", "columns", "schema", NULL };
	struct pv *a[4];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "create_primary_key", params, a) ||
	    !need(p, c, "create_primary_key", params + 1, a + 1, 2))
		return;
	ok = put_str(p, &m, "name", constraint_name(p, c, a[0], a[1], NULL,
	    "pkey"), "a constraint name") &&
	    put_str(p, &m, "table", a[1], "a table name") &&
	    no_schema(p, a[3]);
	if (ok)
		pl_put(p, &m, "columns", sa_names(p, a[2], "columns"));
	finish(p, c, "create_primary_key", &m, ok, e0);
}

static void
op_drop_constraint(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "constraint_name",
		"table_name", "type_", "schema", "if_exists", NULL };
	struct pv *a[5];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "drop_constraint", params, a) ||
	    !need(p, c, "drop_constraint", params, a, 2))
		return;
	ok = put_str(p, &m, "name", a[0], "a constraint name") &&
	    put_str(p, &m, "table", a[1], "a table name") &&
	    (sa_absent(a[2]) || put_str(p, &m, "type", a[2], "type_")) &&
	    no_schema(p, a[3]) && put_bool(p, &m, "if_exists", a[4]);
	finish(p, c, "drop_constraint", &m, ok, e0);
}

static void
op_rename_table(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "old_table_name",
		"new_table_name", "schema", NULL };
	struct pv *a[3];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, "rename_table", params, a) ||
	    !need(p, c, "rename_table", params, a, 2))
		return;
	ok = put_str(p, &m, "name", a[0], "a table name") &&
	    put_str(p, &m, "new_name", a[1], "a table name") &&
	    (sa_absent(a[2]) || put_str(p, &m, "schema", a[2], "a schema"));
	finish(p, c, "rename_table", &m, ok, e0);
}

static void
op_table_comment(struct pyrev *p, const struct pv *c, int create)
{
	static const char *const cparams[] = { "table_name", "comment",
		"existing_comment", "schema", NULL };
	static const char *const dparams[] = { "table_name",
		"existing_comment", "schema", NULL };
	const char *fname = create ? "create_table_comment" :
	    "drop_table_comment";
	struct pv *a[4];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	int ok;

	if (!sa_args(p, c, fname, create ? cparams : dparams, a) ||
	    !need(p, c, fname, create ? cparams : dparams, a, create ? 2 : 1))
		return;
	ok = put_str(p, &m, "table", a[0], "a table name") &&
	    no_schema(p, a[create ? 3 : 2]);
	if (ok && create) {
		if (a[1]->kind == PV_NONE)
			pl_put(p, &m, "comment", nb_null(p, a[1]->loc));
		else
			ok = put_str(p, &m, "comment", a[1], "comment");
	}
	finish(p, c, fname, &m, ok, e0);
}

/* An execute: SQL text, outside the transaction in an
   autocommit_block (transactional: false). */
static void
emit_execute(struct pyrev *p, const struct pv *c, const struct pv *sql)
{
	const char *s = sa_sql(sql);
	struct pr_list m = { 0 };

	if (s == NULL) {
		if (pv_unknown(sql))
			pv_refuse(p, sql, "");
		else
			pr_refuse(p, &sql->loc, "an execute() of a SQLAlchemy "
			    "expression (not SQL text)");
		return;
	}
	if (!p->autocommit) {
		pr_emit(p, c->loc, "execute", nb_str(p, sql->loc, s));
		return;
	}
	pl_put(p, &m, "sql", nb_str(p, sql->loc, s));
	pl_put(p, &m, "transactional", nb_bool(p, c->loc, 0));
	pr_emit(p, c->loc, "execute", pl_map(p, &m, c->loc));
}

const struct pv *
sa_execute_sql(const struct pv *c)
{
	const char *f = pv_callee(c);

	if (c->kind != PV_CALL || c->n != 1 || c->nkw != 0 ||
	    sa_sql(c->items[0]) == NULL)
		return NULL;
	if (f != NULL && strcmp(f, "alembic.op.execute") == 0)
		return c->items[0];
	if (c->base->kind == PV_ATTR && strcmp(c->base->s, "execute") == 0 &&
	    pv_is_bind(c->base->base))
		return c->items[0];
	return NULL;
}

static void
op_execute(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "sqltext", NULL };
	struct pv *a[1];

	if (!sa_args(p, c, "execute", params, a) ||
	    !need(p, c, "execute", params, a, 1))
		return;
	emit_execute(p, c, a[0]);
}

/* The name of a bulk_insert's table: sa.table("t", sa.column(...)...),
   or what op.create_table returned. */
static const struct pv *
bulk_table(struct pyrev *p, const struct pv *t)
{
	const char *n = sa_called(t, NULL), *f = pv_callee(t);

	if (t->kind == PV_CALL && t->n > 0 && ((n != NULL &&
	    (strcmp(n, "table") == 0 || strcmp(n, "Table") == 0)) ||
	    (f != NULL && strcmp(f, "alembic.op.create_table") == 0)) &&
	    t->items[0]->kind == PV_STR)
		return t->items[0];
	if (pv_unknown(t))
		pv_refuse(p, t, "");
	else
		pr_error(p, &t->loc, "bulk_insert()'s table must be a "
		    "sa.table(\"name\", ...) or what op.create_table() "
		    "returned, not %s", pv_describe(t));
	return NULL;
}

static void
op_bulk_insert(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "table", "rows", "multiinsert",
		NULL };
	struct pv *a[3];
	struct pr_list m = { 0 };
	size_t e0 = p->d->errors;
	const struct pv *t;
	struct node *rows;
	int ok;

	if (!sa_args(p, c, "bulk_insert", params, a) ||
	    !need(p, c, "bulk_insert", params, a, 2))
		return;
	if ((t = bulk_table(p, a[0])) == NULL)
		return;
	ok = put_str(p, &m, "table", t, "a table name") &&
	    (rows = pv_node(p, a[1], "a row's value")) != NULL;
	if (ok)
		pl_put(p, &m, "rows", rows);
	finish(p, c, "bulk_insert", &m, ok, e0);
}

/* Enum(...).create(bind, checkfirst=False) and .drop(...): SQLAlchemy
   1.4 SchemaType.create / drop, CREATE TYPE / DROP TYPE. */
static int
enum_method(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "bind", "checkfirst", NULL };
	const struct pv *e = c->base->base;
	const char *n = sa_called(e, NULL);
	struct sa_enum en;
	struct pv *a[2];
	struct pr_list m = { 0 };
	const struct pv *name = NULL;
	size_t i;
	int create = strcmp(c->base->s, "create") == 0, cf = 0;

	if (n == NULL || (strcmp(n, "Enum") != 0 && strcmp(n, "ENUM") != 0) ||
	    (!create && strcmp(c->base->s, "drop") != 0))
		return 0;
	if (!sa_args(p, c, create ? "Enum.create" : "Enum.drop", params, a))
		return 1;
	if (a[0] == NULL || !pv_is_bind(a[0])) {
		pr_error(p, &c->loc, "Enum.%s() takes op.get_bind()",
		    c->base->s);
		return 1;
	}
	if (!sa_true(p, a[1], "checkfirst", &cf))
		return 1;
	if (cf) {
		pr_error(p, &a[1]->loc, "checkfirst=True asks the database, "
		    "which migsql does not: its schema model knows whether "
		    "the type exists; leave checkfirst out");
		return 1;
	}
	if (create) {
		if (sa_type(p, e, &en) != NULL)
			pr_emit(p, c->loc, "create_enum", sa_create_enum(p,
			    &en));
		return 1;
	}
	/* DROP TYPE needs the name alone: Enum(name="x").drop(bind). */
	for (i = 0; e->kind == PV_CALL && i < e->nkw; i++)
		if (strcmp(e->kwnames[i], "name") == 0)
			name = e->kw[i];
	if (name == NULL || sa_str(p, name, "an Enum's name") == NULL) {
		if (name == NULL)
			pr_error(p, &e->loc, "an Enum without name= cannot be "
			    "dropped");
		return 1;
	}
	pl_put(p, &m, "name", pv_node(p, name, "an Enum's name"));
	pr_emit(p, c->loc, "drop_enum", pl_map(p, &m, c->loc));
	return 1;
}

/* One element of an exclusion constraint: ("col", "=") or
   (sa.text("tstzrange(a, b)"), "&&"). */
static struct node *
exclude_element(struct pyrev *p, const struct pv *e)
{
	struct pr_list m = { 0 };
	const char *n, *sql;

	if (e->kind != PV_SEQ || e->n != 2) {
		pr_error(p, &e->loc, "an exclusion element is a tuple "
		    "(column or text(), operator)");
		return NULL;
	}
	n = sa_called(e->items[0], NULL);
	if (e->items[0]->kind == PV_STR)
		pl_put(p, &m, "column", pv_node(p, e->items[0], "a column"));
	else if (n != NULL && strcmp(n, "column") == 0 &&
	    e->items[0]->n >= 1 && e->items[0]->items[0]->kind == PV_STR)
		pl_put(p, &m, "column", pv_node(p, e->items[0]->items[0],
		    "a column"));
	else if ((sql = sa_sql(e->items[0])) != NULL)
		pl_put(p, &m, "sql", nb_str(p, e->items[0]->loc, sql));
	else {
		pv_refuse(p, e->items[0], "an exclusion element");
		free(m.items);
		return NULL;
	}
	if (sa_str(p, e->items[1], "an operator") == NULL) {
		free(m.items);
		return NULL;
	}
	pl_put(p, &m, "operator", pv_node(p, e->items[1], "an operator"));
	return pl_map(p, &m, e->loc);
}

/* op.create_exclude_constraint(name, table, *elements, where=,
   using=, deferrable=, initially=) (Alembic 1.8, postgresql). */
static void
op_create_exclude_constraint(struct pyrev *p, const struct pv *c)
{
	static const char *const params[] = { "where", "using",
		"deferrable", "initially", "schema", NULL };
	struct pv tmp = *c, *a[5];
	struct pr_list m = { 0 }, els = { 0 };
	size_t e0 = p->d->errors, i;
	const char *w;
	int ok;

	tmp.n = 0;
	if (!sa_args(p, &tmp, "create_exclude_constraint", params, a))
		return;
	if (c->n < 3) {
		pr_error(p, &c->loc, "create_exclude_constraint() needs a "
		    "name, a table and elements");
		return;
	}
	ok = put_str(p, &m, "name", c->items[0], "a constraint name") &&
	    put_str(p, &m, "table", c->items[1], "a table name") &&
	    no_schema(p, a[4]);
	for (i = 2; ok && i < c->n; i++) {
		struct node *x = exclude_element(p, c->items[i]);

		if (x == NULL)
			ok = 0;
		else
			pl_push(&els, x);
	}
	if (ok)
		pl_put(p, &m, "elements", pl_seq(p, &els, c->loc));
	if (ok && !sa_absent(a[0])) {
		if ((w = sa_sql(a[0])) == NULL) {
			pr_error(p, &a[0]->loc, "where must be a string or "
			    "text()");
			ok = 0;
		} else
			pl_put(p, &m, "where", nb_str(p, a[0]->loc, w));
	}
	ok = ok && (sa_absent(a[1]) || put_str(p, &m, "using", a[1],
	    "using")) && (sa_absent(a[2]) || put_bool(p, &m, "deferrable",
	    a[2])) && (sa_absent(a[3]) || put_str(p, &m, "initially", a[3],
	    "initially"));
	free(els.items);
	finish(p, c, "create_exclude_constraint", &m, ok, e0);
}

struct sa_op {
	const char	*name;
	void		(*fn)(struct pyrev *, const struct pv *);
	int		 batch_table;	/* where a batch op puts the table */
	int		 outside;	/* may be in an autocommit_block */
};

static int
create_table_fn(struct pyrev *p, const struct pv *c)
{
	return sa_create_table(p, c);
}

static void op_create_table(struct pyrev *p, const struct pv *c)
{
	(void)create_table_fn(p, c);
}

static void op_add_column(struct pyrev *p, const struct pv *c)
{
	(void)sa_add_column(p, c);
}

static void op_create_index(struct pyrev *p, const struct pv *c)
{
	(void)sa_create_index(p, c);
}

static void op_create_table_comment(struct pyrev *p, const struct pv *c)
{
	op_table_comment(p, c, 1);
}

static void op_drop_table_comment(struct pyrev *p, const struct pv *c)
{
	op_table_comment(p, c, 0);
}

/* Alembic 1.8's Operations, and where BatchOperations puts the table
   among the positional arguments (-1: not a batch operation). */
static const struct sa_op sa_ops[] = {
	{ "create_table", op_create_table, -1, 0 },
	{ "drop_table", op_drop_table, -1, 0 },
	{ "rename_table", op_rename_table, -1, 0 },
	{ "add_column", op_add_column, 0, 0 },
	{ "drop_column", op_drop_column, 0, 0 },
	{ "alter_column", op_alter_column, 0, 0 },
	{ "create_index", op_create_index, 1, 1 },
	{ "drop_index", op_drop_index, 1, 1 },
	{ "create_foreign_key", op_create_foreign_key, 1, 0 },
	{ "create_unique_constraint", op_create_unique_constraint, 1, 0 },
	{ "create_check_constraint", op_create_check_constraint, 1, 0 },
	{ "create_primary_key", op_create_primary_key, 1, 0 },
	{ "drop_constraint", op_drop_constraint, 1, 0 },
	{ "create_exclude_constraint", op_create_exclude_constraint, -1, 0 },
	{ "execute", op_execute, -1, 1 },
	{ "bulk_insert", op_bulk_insert, -1, 0 },
	{ "create_table_comment", op_create_table_comment, 0, 0 },
	{ "drop_table_comment", op_drop_table_comment, 0, 0 },
	{ NULL, NULL, 0, 0 }
};

/* batch_op.NAME(...) as op.NAME(table, ...), with the batch's schema
   (Alembic 1.8 BatchOperations). */
static const struct pv *
batch_call(struct pyrev *p, const struct pv *c, const struct sa_op *o)
{
	const struct pv *batch = c->base->base;
	struct pv *x = pv_new(p, PV_CALL, c->loc);
	size_t i, at = (size_t)o->batch_table, j = 0;

	*x = *c;
	x->items = pr_alloc(p, (c->n + 2) * sizeof *x->items);
	x->kwnames = pr_alloc(p, (c->nkw + 2) * sizeof *x->kwnames);
	x->kw = pr_alloc(p, (c->nkw + 2) * sizeof *x->kw);
	memcpy(x->kwnames, c->kwnames, c->nkw * sizeof *x->kwnames);
	memcpy(x->kw, c->kw, c->nkw * sizeof *x->kw);
	if (c->n >= at) {
		for (i = 0; i <= c->n; i++)
			x->items[i] = i == at ? batch->items[0] :
			    c->items[j++];
		x->n = c->n + 1;
	} else {
		static const char *const names[] = { "table_name",
			"table_name" };

		x->kwnames[x->nkw] = strcmp(o->name, "create_foreign_key") ==
		    0 ? "source_table" : names[at];
		x->kw[x->nkw++] = batch->items[0];
	}
	if (batch->items[1] != NULL && !sa_absent(batch->items[1])) {
		x->kwnames[x->nkw] = "schema";
		x->kw[x->nkw++] = batch->items[1];
	}
	return x;
}

int
sa_statement(struct pyrev *p, const struct pv *c)
{
	const char *f = pv_callee(c), *name = NULL;
	const struct sa_op *o;
	int batch = 0;

	if (c->kind != PV_CALL)
		return 0;
	if (f != NULL && strncmp(f, "alembic.op.", 11) == 0)
		name = f + 11;
	else if (c->base->kind == PV_ATTR && c->base->base->kind == PV_BATCH) {
		name = c->base->s;
		batch = 1;
	} else if (c->base->kind == PV_ATTR && strcmp(c->base->s, "execute") ==
	    0 && pv_is_bind(c->base->base))
		name = "execute";
	else if (c->base->kind == PV_ATTR)
		return enum_method(p, c);
	if (name == NULL)
		return 0;
	if (strcmp(name, "get_bind") == 0 || strcmp(name, "get_context") == 0
	    || strcmp(name, "f") == 0)
		return 0;	/* values, not operations */
	for (o = sa_ops; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			break;
	if (o->name == NULL || (batch && o->batch_table < 0)) {
		char what[128];

		snprintf(what, sizeof what, "%s%s()", batch ? "batch_op." :
		    "op.", name);
		pr_nomap(p, &c->loc, NULL, "%s has no equivalent among "
		    "migsql's operations", what);
		return 1;
	}
	if (p->autocommit && !o->outside) {
		pr_error(p, &c->loc, "%s in an autocommit_block: migsql runs "
		    "only op.execute() and concurrent index operations "
		    "outside the transaction", name);
		return 1;
	}
	o->fn(p, batch ? batch_call(p, c, o) : c);
	return 1;
}
