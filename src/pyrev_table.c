/*
 * pyrev_table.c -- Alembic's op.create_table, op.add_column and
 * op.create_index, with SQLAlchemy's Column, ForeignKey, Identity,
 * Computed, PrimaryKeyConstraint, UniqueConstraint,
 * ForeignKeyConstraint, CheckConstraint and Index, as migsql's
 * create_table, add_column and create_index (pyrev.h), giving the
 * schema SQLAlchemy 1.4's DDL compiler gives.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/util.h"
#include "pyrev_int.h"

#define SA_MAX_COLS 256

/* One Column, on its way into a create_table or an add_column. */
struct sa_col {
	const struct pv	*v;
	const char	*name;
	struct pr_list	 m;		/* its keys but the primary key's */
	int		 pk;		/* primary_key=True */
	int		 autoinc;	/* 0 False, 1 'auto', 2 True */
	const struct pv	*autoinc_v;
	int		 intlike;	/* Integer affinity */
	int		 has_fk, has_default, has_server_default, identity;
	int		 index, unique;
	const struct pv	*nullable_v;	/* nullable= given */
	struct sa_enum	 en;
};

/* A create_table's table-level parts. */
struct sa_table {
	const char	*name;
	const struct pv	*schema;
	struct sa_col	*cols;
	size_t		 ncols;
	const struct pv	*pkc;		/* a PrimaryKeyConstraint */
	const struct pv	*pk_name;	/* its name= */
	struct pr_list	 uniques, fks, checks;
	struct pr_list	 post;		/* create_index ops after it */
	const struct pv	*sqlite_ai;	/* sqlite_autoincrement=True */
	int		 ok;
};

static struct node *
names_node(struct pyrev *p, struct loc l, struct pv *const *items, size_t n,
    const char *what)
{
	struct pr_list m = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = sa_str(p, items[i], what);

		if (s == NULL) {
			free(m.items);
			return NULL;
		}
		pl_push(&m, nb_str(p, items[i]->loc, s));
	}
	return pl_seq(p, &m, l);
}

/* A list or tuple of strings (Alembic's columns, local_cols, ...). */
struct node *
sa_names(struct pyrev *p, const struct pv *v, const char *what)
{
	if (v->kind != PV_SEQ) {
		if (pv_unknown(v))
			pv_refuse(p, v, "");
		else
			pr_error(p, &v->loc, "%s must be a list of column "
			    "names, not %s", what, pv_describe(v));
		return NULL;
	}
	return names_node(p, v->loc, v->items, v->n, what);
}

/* "table.column" of a ForeignKey (SQLAlchemy 1.4 ForeignKey._colspec);
   "schema.table.column" has no equivalent. */
static int
fk_target(struct pyrev *p, const struct pv *v, char **table,
    const char **col)
{
	const char *s = sa_str(p, v, "a foreign key's column"), *dot;

	if (s == NULL)
		return 0;
	if ((dot = strrchr(s, '.')) == NULL || dot == s || strchr(s, '.') !=
	    dot || dot[1] == '\0') {
		pr_error(p, &v->loc, "a foreign key's column must be "
		    "\"table.column\" (a schema has no equivalent here)");
		return 0;
	}
	*table = xstrndup(s, (size_t)(dot - s));
	*col = dot + 1;
	return 1;
}

/* ondelete, onupdate, deferrable, initially, match of a foreign key. */
static int
fk_options(struct pyrev *p, struct pr_list *m, struct pv **a, int match_ok)
{
	static const char *const keys[] = { "ondelete", "onupdate",
		"deferrable", "initially", "match" };
	size_t i;
	int b;

	for (i = 0; i < 5; i++) {
		if (sa_absent(a[i]))
			continue;
		if (i == 4 && !match_ok) {
			pr_error(p, &a[i]->loc, "a column's foreign key has no "
			    "match in migsql: use a ForeignKeyConstraint");
			return 0;
		}
		if (i == 2) {
			if (!sa_true(p, a[i], "deferrable", &b))
				return 0;
			pl_put(p, m, keys[i], nb_bool(p, a[i]->loc, b));
		} else if (sa_str(p, a[i], keys[i]) == NULL)
			return 0;
		else
			pl_put(p, m, keys[i], pv_node(p, a[i], keys[i]));
	}
	return 1;
}

/* postgresql_ignore_search_path=: an option of PostgreSQL's reflection
   of foreign keys (PGDialect.get_foreign_keys), which autogenerate
   writes back from a reflected table; it changes no DDL. */
static int
reflection_only(struct pyrev *p, const struct pv *v, const char *what)
{
	int b;

	return sa_absent(v) || sa_true(p, v, what, &b);
}

/* ForeignKey("t.c", ...) inside a Column (SQLAlchemy 1.4 ForeignKey). */
static int
column_fk(struct pyrev *p, struct sa_col *c, const struct pv *fk,
    struct sa_table *t)
{
	static const char *const params[] = { "column", "ondelete",
		"onupdate", "deferrable", "initially", "match", "name",
		"use_alter", "link_to_name", "postgresql_ignore_search_path",
		NULL };
	struct pv *a[10];
	char *table, *ref;
	const char *col;
	int b = 0;

	if (!sa_args(p, fk, "ForeignKey", params, a) ||
	    !reflection_only(p, a[9], "postgresql_ignore_search_path"))
		return 0;
	if (a[0] == NULL || !fk_target(p, a[0], &table, &col))
		return a[0] != NULL ? 0 : (pr_error(p, &fk->loc, "a ForeignKey "
		    "needs its column"), 0);
	if (!sa_true(p, a[7], "use_alter", &b) || b) {
		if (b)
			pr_error(p, &a[7]->loc, "use_alter has no equivalent in "
			    "a create_table: add the foreign key with "
			    "create_foreign_key after it");
		free(table);
		return 0;
	}
	c->has_fk = 1;
	if ((!sa_absent(a[5]) || !sa_absent(a[6])) && t != NULL) {
		/* A name or a MATCH: a table-level foreign key. */
		struct pr_list m = { 0 };
		struct pv *cv = pv_str(p, fk->loc, c->name, strlen(c->name));

		if (!sa_absent(a[6]))
			pl_put(p, &m, "name", pv_node(p, a[6], "name"));
		pl_put(p, &m, "local_cols", names_node(p, fk->loc, &cv, 1,
		    "a column"));
		pl_put(p, &m, "referent_table", nb_str(p, a[0]->loc, table));
		cv = pv_str(p, a[0]->loc, col, strlen(col));
		pl_put(p, &m, "remote_cols", names_node(p, a[0]->loc, &cv, 1,
		    "a column"));
		free(table);
		if (!fk_options(p, &m, a + 1, 1)) {
			free(m.items);
			return 0;
		}
		pl_push(&t->fks, pl_map(p, &m, fk->loc));
		return 1;
	}
	if (!sa_absent(a[6])) {
		pr_error(p, &a[6]->loc, "a named ForeignKey in add_column has "
		    "no equivalent: add it with create_foreign_key");
		free(table);
		return 0;
	}
	ref = xasprintf("%s.%s", table, col);
	pl_put(p, &c->m, "foreign_key", nb_str(p, a[0]->loc, ref));
	free(ref);
	free(table);
	return fk_options(p, &c->m, a + 1, 0);
}

/* What SQLAlchemy writes differently per dialect, where migsql has no
   key per dialect: the document is the rendered dialect's, and a load
   that renders several dialects refuses it. */
static int
per_dialect(struct pyrev *p, const struct pv *v, const char *what)
{
	if (p->o->dialect != NULL || p->o->dialect_any)
		return 1;
	pr_error(p, &v->loc, "%s is written differently on PostgreSQL and "
	    "SQLite, and this command renders several dialects from one "
	    "load: render one dialect (-d)", what);
	return 0;
}

/* Identity(...) (SQLAlchemy 1.4 schema.Identity): identity. */
static int
column_identity(struct pyrev *p, struct sa_col *c, const struct pv *v)
{
	static const char *const params[] = { "always", "start",
		"increment", NULL };
	struct pv *a[3];
	struct pr_list m = { 0 };
	int b = 0;

	if (!sa_args(p, v, "Identity", params, a) ||
	    !sa_true(p, a[0], "always", &b))
		return 0;
	c->identity = 1;
	/* SQLAlchemy 1.4's SQLite compiler writes no identity, only the
	   NOT NULL an Identity gives its column. */
	if (!per_dialect(p, v, "an Identity"))
		return 0;
	if (p->o->dialect != NULL && strcmp(p->o->dialect, "sqlite") == 0) {
		/* Column(nullable=True) keeps its NULL
		   (Column._user_defined_nullable). */
		if (c->nullable_v == NULL || !c->nullable_v->b)
			pl_put(p, &c->m, "nullable", nb_bool(p, v->loc, 0));
		return 1;
	}
	if (c->nullable_v != NULL && c->nullable_v->b) {
		/* PGDDLCompiler writes GENERATED ... AS IDENTITY NULL,
		   which PostgreSQL refuses (an identity column is NOT
		   NULL). */
		pr_error(p, &c->nullable_v->loc, "an Identity with "
		    "nullable=True: SQLAlchemy writes IDENTITY NULL, which "
		    "PostgreSQL refuses (an identity column is NOT NULL); "
		    "leave nullable out");
		return 0;
	}
	if (a[0] == NULL && a[1] == NULL && a[2] == NULL) {
		pl_put(p, &c->m, "identity", nb_bool(p, v->loc, 1));
		return 1;
	}
	if (a[0] != NULL)
		pl_put(p, &m, "always", nb_bool(p, a[0]->loc, b));
	if (a[1] != NULL)
		pl_put(p, &m, "start", pv_node(p, a[1], "start"));
	if (a[2] != NULL)
		pl_put(p, &m, "increment", pv_node(p, a[2], "increment"));
	pl_put(p, &c->m, "identity", pl_map(p, &m, v->loc));
	return 1;
}

/* Computed(sqltext, persisted=None): computed.  SQLAlchemy 1.4 writes
   STORED on PostgreSQL for persisted None, migsql's default. */
static int
column_computed(struct pyrev *p, struct sa_col *c, const struct pv *v)
{
	static const char *const params[] = { "sqltext", "persisted", NULL };
	struct pv *a[2];
	struct pr_list m = { 0 };
	const char *sql;
	int b = 1;

	if (!sa_args(p, v, "Computed", params, a))
		return 0;
	if (a[0] == NULL || (sql = sa_sql(a[0])) == NULL) {
		pr_error(p, &v->loc, "a Computed needs its SQL, a string or "
		    "text()");
		return 0;
	}
	if (!sa_absent(a[1]) && !sa_true(p, a[1], "persisted", &b))
		return 0;
	/* persisted=None is STORED on PostgreSQL, SQLite's default
	   (VIRTUAL) on SQLite: SQLAlchemy 1.4 writes no keyword there. */
	if (sa_absent(a[1]) && !per_dialect(p, v, "a Computed without "
	    "persisted="))
		return 0;
	if (sa_absent(a[1]) && p->o->dialect != NULL &&
	    strcmp(p->o->dialect, "sqlite") == 0) {
		pl_put(p, &m, "sql", nb_str(p, a[0]->loc, sql));
		pl_put(p, &m, "persisted", nb_bool(p, v->loc, 0));
		pl_put(p, &c->m, "computed", pl_map(p, &m, v->loc));
		return 1;
	}
	if (sa_absent(a[1])) {
		pl_put(p, &c->m, "computed", nb_str(p, a[0]->loc, sql));
		return 1;
	}
	pl_put(p, &m, "sql", nb_str(p, a[0]->loc, sql));
	pl_put(p, &m, "persisted", nb_bool(p, a[1]->loc, b));
	pl_put(p, &c->m, "computed", pl_map(p, &m, v->loc));
	return 1;
}

static int check_item(struct pyrev *p, const struct pv *v,
    struct sa_table *t);

/* The schema items after a Column's name and type. */
static int
column_items(struct pyrev *p, struct sa_col *c, const struct pv *v,
    size_t from, struct sa_table *t)
{
	size_t i;
	int ok = 1;

	for (i = from; i < v->n; i++) {
		const struct pv *x = v->items[i];
		const char *n = sa_called(x, NULL);

		if (n != NULL && strcmp(n, "ForeignKey") == 0)
			ok &= column_fk(p, c, x, t);
		else if (n != NULL && strcmp(n, "Identity") == 0)
			ok &= column_identity(p, c, x);
		else if (n != NULL && strcmp(n, "Computed") == 0)
			ok &= column_computed(p, c, x);
		else if (n != NULL && strcmp(n, "CheckConstraint") == 0 &&
		    t != NULL)
			ok &= check_item(p, x, t);
		else {
			if (pv_unknown(x))
				pv_refuse(p, x, "");
			else
				pr_nomap(p, &x->loc, NULL, "%s in a Column has "
				    "no equivalent in migsql", n != NULL ? n :
				    pv_describe(x));
			ok = 0;
		}
	}
	return ok;
}

static const char *const column_params[] = { "name", "type_",
	"primary_key", "nullable", "server_default", "unique", "index",
	"autoincrement", "comment", "default", "onupdate", "doc", "key",
	NULL };

/* The keyword arguments of a Column (SQLAlchemy 1.4 Column.__init__). */
static int
column_kw(struct pyrev *p, struct sa_col *c, struct pv **a)
{
	int nullable = 1, b;

	if (!sa_true(p, a[2], "primary_key", &c->pk))
		return 0;
	if (!sa_absent(a[3]) && !sa_true(p, a[3], "nullable", &nullable))
		return 0;
	if (!sa_absent(a[3]))
		c->nullable_v = a[3];
	if (!nullable && !c->pk)
		pl_put(p, &c->m, "nullable", nb_bool(p, a[3]->loc, 0));
	if (!sa_absent(a[4])) {
		struct node *d = sa_server_default(p, a[4],
		    sa_is_boolean(a[1]));

		if (d == NULL)
			return 0;
		pl_put(p, &c->m, "server_default", d);
		c->has_server_default = 1;
	}
	if (!sa_true(p, a[5], "unique", &c->unique) ||
	    !sa_true(p, a[6], "index", &c->index))
		return 0;
	c->autoinc = 1;
	if (a[7] != NULL) {
		c->autoinc_v = a[7];
		if (a[7]->kind == PV_BOOL)
			c->autoinc = a[7]->b ? 2 : 0;
		else if (a[7]->kind != PV_STR || (strcmp(a[7]->s, "auto") != 0
		    && strcmp(a[7]->s, "ignore_fk") != 0)) {
			pr_error(p, &a[7]->loc, "autoincrement must be True, "
			    "False or 'auto'");
			return 0;
		}
	}
	if (!sa_absent(a[8])) {
		if (sa_str(p, a[8], "comment") == NULL)
			return 0;
		pl_put(p, &c->m, "comment", pv_node(p, a[8], "comment"));
	}
	/* default= and onupdate= are the application's values, which
	   SQLAlchemy writes no DDL for; a default still keeps an 'auto'
	   integer key from being SERIAL (Table._autoincrement_column). */
	c->has_default = !sa_absent(a[9]);
	(void)b;
	return 1;
}

/*
 * The CHECK of an Enum's or a Boolean's create_constraint=True, on
 * SQLite: one of create_table's checks, named as SQLAlchemy 1.4 names it
 * (after the type's name), which migsql needs.  Alembic's add_column
 * skips it on SQLite with a warning (SQLiteImpl.add_constraint: no
 * ALTER of constraints), and migsql's add_column has no check: refused.
 */
static int
column_type_check(struct pyrev *p, struct sa_col *c, struct sa_table *t)
{
	struct pr_list m = { 0 };
	const struct pv *at = c->en.check_at;
	int here = sa_type_check_here(p, &c->en);

	if (here <= 0)
		return here == 0;
	if (t == NULL) {
		pr_nomap(p, &at->loc, NULL, "create_constraint=True in an "
		    "add_column (a CHECK on SQLite, which Alembic skips there "
		    "with a warning) has no equivalent in migsql");
		return 0;
	}
	if (c->en.check_name == NULL) {
		pr_error(p, &at->loc, "a Boolean with create_constraint and no "
		    "name: SQLAlchemy writes an unnamed CHECK on SQLite, and "
		    "migsql names every check; give the Boolean name=");
		return 0;
	}
	pl_put(p, &m, "name", nb_str(p, at->loc, c->en.check_name));
	pl_put(p, &m, "condition", nb_str(p, at->loc, sa_type_check(p,
	    c->name, &c->en)));
	pl_push(&t->checks, pl_map(p, &m, at->loc));
	return 1;
}

/*
 * sa.Column(name, type, *items, **kw) into c.  t is the create_table
 * being built, or NULL in an add_column.
 */
static int
sa_column(struct pyrev *p, const struct pv *v, struct sa_col *c,
    struct sa_table *t)
{
	struct pv *a[14], tmp;
	const char *type;
	size_t from = 2;

	memset(c, 0, sizeof *c);
	c->v = v;
	if (v->kind != PV_CALL || v->n < 1 || v->items[0]->kind != PV_STR) {
		pr_error(p, &v->loc, "a Column needs its name, as a string, "
		    "first");
		return 0;
	}
	/* Bind only the keywords: the positionals are name, type, items. */
	tmp = *v;
	tmp.n = 0;
	if (!sa_args(p, &tmp, "Column", column_params, a))
		return 0;
	c->name = v->items[0]->s;
	a[1] = v->n > 1 ? v->items[1] : a[1];
	if (a[1] == NULL || (sa_called(a[1], NULL) != NULL &&
	    (strcmp(sa_called(a[1], NULL), "ForeignKey") == 0))) {
		pr_error(p, &v->loc, "a Column needs its type (SQLAlchemy "
		    "would take it from the foreign key's column, which "
		    "migsql does not)");
		return 0;
	}
	if (v->n < 2)
		from = 1;
	pl_put(p, &c->m, "name", nb_str(p, v->items[0]->loc, c->name));
	if ((type = sa_type(p, a[1], &c->en)) == NULL)
		return 0;
	pl_put(p, &c->m, "type", sa_type_node(p, a[1]->loc, type, &c->en));
	c->intlike = strcmp(type, "integer") == 0 || strcmp(type, "bigint")
	    == 0 || strcmp(type, "smallint") == 0;
	if (!column_kw(p, c, a))
		return 0;
	return column_type_check(p, c, t) && column_items(p, c, v, from, t);
}

/* create_enum for an Enum type (CREATE TYPE ... AS ENUM). */
struct node *
sa_create_enum(struct pyrev *p, const struct sa_enum *en)
{
	struct pr_list m = { 0 };

	pl_put(p, &m, "name", nb_str(p, en->call->loc, en->name));
	pl_put(p, &m, "values", names_node(p, en->call->loc,
	    en->call->items, en->call->n, "an Enum's value"));
	return pl_map(p, &m, en->call->loc);
}

/* Table-level items of create_table. */

/* PrimaryKeyConstraint, UniqueConstraint: their column names. */
static struct node *
constraint_cols(struct pyrev *p, const struct pv *v, const char *what)
{
	if (v->kind != PV_CALL || v->n == 0) {
		pr_error(p, &v->loc, "a %s needs its columns, by name", what);
		return NULL;
	}
	return names_node(p, v->loc, v->items, v->n, "a column name");
}

/* {name: NAME, columns: [...]} or the list alone. */
static struct node *
named_cols(struct pyrev *p, const struct pv *v, const struct pv *name,
    struct node *cols)
{
	struct pr_list m = { 0 };

	if (cols == NULL)
		return NULL;
	if (sa_absent(name))
		return cols;
	if (sa_str(p, name, "a constraint name") == NULL)
		return NULL;
	pl_put(p, &m, "name", pv_node(p, name, "a constraint name"));
	pl_put(p, &m, "columns", cols);
	return pl_map(p, &m, v->loc);
}

/*
 * deferrable= and initially= of a table-level UniqueConstraint,
 * PrimaryKeyConstraint or CheckConstraint, for which create_table's
 * unique, primary_key and checks have no keys (its foreign_keys do).
 * deferrable=False is NOT DEFERRABLE, the default: nothing to say.
 */
static int
not_deferrable(struct pyrev *p, const char *what, struct pv *const *a,
    const char *instead)
{
	int b = 0;

	if (!sa_absent(a[0]) && !sa_true(p, a[0], "deferrable", &b))
		return 0;
	if (b || !sa_absent(a[1])) {
		pr_nomap(p, &(b ? a[0] : a[1])->loc, NULL, "%s of a %s in "
		    "create_table has no equivalent in migsql's create_table"
		    "%s", b ? "deferrable=True" : "initially=", what, instead);
		return 0;
	}
	return 1;
}

static int
unique_item(struct pyrev *p, const struct pv *v, struct sa_table *t)
{
	static const char *const params[] = { "name", "deferrable",
		"initially", NULL };
	struct pv tmp = *v, *a[3];
	struct node *x;

	tmp.n = 0;
	if (!sa_args(p, &tmp, "UniqueConstraint", params, a) ||
	    !not_deferrable(p, "UniqueConstraint", a + 1, ": create the "
	    "table, then the constraint with op.create_unique_constraint("
	    "..., deferrable=True)"))
		return 0;
	if ((x = named_cols(p, v, a[0], constraint_cols(p, v,
	    "UniqueConstraint"))) == NULL)
		return 0;
	pl_push(&t->uniques, x);
	return 1;
}

/* ForeignKeyConstraint(columns, refcolumns, name=, ...). */
static int
fk_item(struct pyrev *p, const struct pv *v, struct sa_table *t)
{
	static const char *const params[] = { "columns", "refcolumns",
		"ondelete", "onupdate", "deferrable", "initially", "match",
		"name", "use_alter", "link_to_name",
		"postgresql_ignore_search_path", NULL };
	struct pv *a[11];
	struct pr_list m = { 0 }, rc = { 0 };
	char *table = NULL, *t2;
	const char *col;
	size_t i;
	int b = 0;

	if (!sa_args(p, v, "ForeignKeyConstraint", params, a) ||
	    !reflection_only(p, a[10], "postgresql_ignore_search_path"))
		return 0;
	if (a[0] == NULL || a[1] == NULL || a[1]->kind != PV_SEQ ||
	    a[1]->n == 0) {
		pr_error(p, &v->loc, "a ForeignKeyConstraint needs its "
		    "columns and the \"table.column\" they reference");
		return 0;
	}
	if (!sa_true(p, a[8], "use_alter", &b) || b) {
		if (b)
			pr_error(p, &a[8]->loc, "use_alter has no equivalent in "
			    "a create_table: use create_foreign_key");
		return 0;
	}
	for (i = 0; i < a[1]->n; i++) {
		if (!fk_target(p, a[1]->items[i], &t2, &col))
			goto fail;
		if (table != NULL && strcmp(table, t2) != 0) {
			pr_error(p, &a[1]->items[i]->loc, "a foreign key "
			    "references one table");
			free(t2);
			goto fail;
		}
		free(table);
		table = t2;
		pl_push(&rc, nb_str(p, a[1]->items[i]->loc, col));
	}
	if (!sa_absent(a[7]))
		pl_put(p, &m, "name", pv_node(p, a[7], "a constraint name"));
	pl_put(p, &m, "local_cols", sa_names(p, a[0], "columns"));
	pl_put(p, &m, "referent_table", nb_str(p, a[1]->loc, table));
	pl_put(p, &m, "remote_cols", pl_seq(p, &rc, a[1]->loc));
	free(table);
	if (!fk_options(p, &m, a + 2, 1)) {
		free(m.items);
		return 0;
	}
	pl_push(&t->fks, pl_map(p, &m, v->loc));
	return 1;
fail:
	free(table);
	free(rc.items);
	return 0;
}

/* CheckConstraint(sqltext, name=): one of create_table's checks. */
static int
check_item(struct pyrev *p, const struct pv *v, struct sa_table *t)
{
	static const char *const params[] = { "sqltext", "name",
		"deferrable", "initially", NULL };
	struct pv *a[4];
	struct pr_list m = { 0 };
	const char *sql;

	if (!sa_args(p, v, "CheckConstraint", params, a) ||
	    !not_deferrable(p, "CheckConstraint", a + 2, " (PostgreSQL and "
	    "SQLite refuse a deferrable CHECK)"))
		return 0;
	if (a[0] == NULL || (sql = sa_sql(a[0])) == NULL) {
		pr_error(p, &v->loc, "a CheckConstraint needs its condition, "
		    "a string or text()");
		return 0;
	}
	/* Unnamed: create_table names it as PostgreSQL does
	   (TABLE_COLUMN_check, from the columns the condition uses). */
	if (!sa_absent(a[1]))
		pl_put(p, &m, "name", pv_node(p, a[1], "a constraint name"));
	pl_put(p, &m, "condition", nb_str(p, a[0]->loc, sql));
	pl_push(&t->checks, pl_map(p, &m, v->loc));
	return 1;
}

/* Index(name, *expressions, **kw) inside create_table: Alembic 1.8's
   create_table creates the table's indexes after it. */
static int
index_item(struct pyrev *p, const struct pv *v, struct sa_table *t)
{
	struct sa_index_args ia;
	struct pv tbl;
	struct node *x;

	if (v->kind != PV_CALL || v->n < 2) {
		pr_error(p, &v->loc, "an Index needs its name and columns");
		return 0;
	}
	memset(&ia, 0, sizeof ia);
	memset(&tbl, 0, sizeof tbl);
	tbl.kind = PV_STR;
	tbl.loc = v->loc;
	tbl.s = t->name;
	tbl.len = strlen(t->name);
	ia.name = v->items[0];
	ia.table = &tbl;
	ia.schema = t->schema;
	ia.cols = v->items + 1;
	ia.ncols = v->n - 1;
	ia.call = v;
	if ((x = sa_index_node(p, &ia)) == NULL)
		return 0;
	pl_push(&t->post, x);
	return 1;
}

/* Column(index=True) and unique=True with it: Index("ix_<table>_<col>")
   (SQLAlchemy 1.4's default naming convention, ix_%(column_0_label)s). */
static void
column_index(struct pyrev *p, struct sa_col *c, const char *table,
    const struct pv *schema, struct pr_list *post)
{
	struct pr_list m = { 0 }, cols = { 0 };
	char *n = xasprintf("ix_%s_%s", table, c->name);

	pl_put(p, &m, "name", nb_str(p, c->v->loc, n));
	free(n);
	pl_put(p, &m, "table", nb_str(p, c->v->loc, table));
	if (!sa_absent(schema))
		pl_put(p, &m, "schema", pv_node(p, schema, "a schema"));
	pl_push(&cols, nb_str(p, c->v->loc, c->name));
	pl_put(p, &m, "columns", pl_seq(p, &cols, c->v->loc));
	if (c->unique)
		pl_put(p, &m, "unique", nb_bool(p, c->v->loc, 1));
	pl_push(post, pl_map(p, &m, c->v->loc));
}

static int
table_item(struct pyrev *p, const struct pv *v, struct sa_table *t)
{
	static const char *const pk_params[] = { "name", "deferrable",
		"initially", NULL };
	const char *n = sa_called(v, NULL);
	struct pv tmp, *a[3];

	if (pv_unknown(v)) {
		pv_refuse(p, v, "");
		return 0;
	}
	if (n != NULL && strcmp(n, "Column") == 0) {
		if (t->ncols == SA_MAX_COLS) {
			pr_error(p, &v->loc, "too many columns");
			return 0;
		}
		if (!sa_column(p, v, &t->cols[t->ncols], t)) {
			free(t->cols[t->ncols].m.items);
			return 0;
		}
		t->ncols++;
		return 1;
	}
	if (n != NULL && strcmp(n, "PrimaryKeyConstraint") == 0) {
		if (t->pkc != NULL) {
			pr_error(p, &v->loc, "a second PrimaryKeyConstraint");
			return 0;
		}
		t->pkc = v;
		tmp = *v;
		tmp.n = 0;
		if (!sa_args(p, &tmp, "PrimaryKeyConstraint", pk_params, a) ||
		    !not_deferrable(p, "PrimaryKeyConstraint", a + 1, ""))
			return 0;
		t->pk_name = a[0];
		return 1;
	}
	if (n != NULL && strcmp(n, "UniqueConstraint") == 0)
		return unique_item(p, v, t);
	if (n != NULL && strcmp(n, "ForeignKeyConstraint") == 0)
		return fk_item(p, v, t);
	if (n != NULL && strcmp(n, "CheckConstraint") == 0)
		return check_item(p, v, t);
	if (n != NULL && strcmp(n, "Index") == 0)
		return index_item(p, v, t);
	pr_nomap(p, &v->loc, NULL, "%s in a create_table has no equivalent "
	    "in migsql", n != NULL ? n : pv_describe(v));
	return 0;
}

/*
 * SQLAlchemy 1.4 PrimaryKeyConstraint._autoincrement_column and
 * PGDDLCompiler.get_column_specification: the one primary-key column,
 * of Integer affinity, with autoincrement True, or 'auto' and no foreign
 * key, no server_default and no Python default, is SERIAL (BIGSERIAL,
 * SMALLSERIAL) on PostgreSQL unless it is an Identity.
 */
static int
serial(const struct sa_col *c)
{
	if (!c->intlike || c->identity || c->autoinc == 0)
		return 0;
	if (c->autoinc == 2)
		return 1;
	return !c->has_fk && !c->has_server_default && !c->has_default;
}

/* A SERIAL column writes no DEFAULT: PGDDLCompiler.
   get_column_specification writes the server_default only in the
   branch that is not SERIAL (autogenerate's downgrades give one,
   nextval('t_id_seq'::regclass), reflected). */
static void
drop_server_default(struct sa_col *c)
{
	size_t i;

	for (i = 0; i < c->m.n; i += 2)
		if (strcmp(c->m.items[i]->text, "server_default") == 0) {
			memmove(c->m.items + i, c->m.items + i + 2,
			    (c->m.n - i - 2) * sizeof *c->m.items);
			c->m.n -= 2;
			return;
		}
}

/*
 * A SERIAL key under a named constraint: migsql's autoincrement needs
 * the column's own primary_key: true, which has no name, so the type is
 * given per dialect, as SQLAlchemy writes it (SERIAL on PostgreSQL, the
 * integer type on SQLite).
 */
static void
serial_type(struct pyrev *p, struct sa_col *c)
{
	static const char *const types[][3] = {
		{ "integer", "SERIAL", "INTEGER" },
		{ "bigint", "BIGSERIAL", "BIGINT" },
		{ "smallint", "SMALLSERIAL", "SMALLINT" },
	};
	struct node *ty = NULL;
	struct pr_list m = { 0 };
	size_t i;

	for (i = 0; i < c->m.n; i += 2)
		if (strcmp(c->m.items[i]->text, "type") == 0)
			ty = c->m.items[i + 1];
	for (i = 0; ty != NULL && i < 3; i++)
		if (strcmp(ty->text, types[i][0]) == 0) {
			pl_put(p, &m, "postgresql", nb_str(p, ty->loc,
			    types[i][1]));
			pl_put(p, &m, "sqlite", nb_str(p, ty->loc,
			    types[i][2]));
			pl_put(p, &c->m, "type", pl_map(p, &m, ty->loc));
		}
}

/*
 * sqlite_autoincrement=True, rendering SQLite: SQLiteDDLCompiler writes
 * the one integer key column, with no foreign key, as PRIMARY KEY
 * AUTOINCREMENT (whatever its autoincrement=), and no PRIMARY KEY
 * constraint (so no name): migsql's autoincrement: true.
 */
static int
sqlite_autoinc(struct pyrev *p, struct sa_table *t, struct sa_col *c)
{
	if (c->has_server_default) {
		pr_nomap(p, &t->sqlite_ai->loc, NULL, "sqlite_autoincrement "
		    "on a key with a server_default has no equivalent in "
		    "migsql");
		return 0;
	}
	pl_put(p, &c->m, "primary_key", nb_bool(p, c->v->loc, 1));
	pl_put(p, &c->m, "autoincrement", nb_bool(p, t->sqlite_ai->loc, 1));
	return 1;
}

/* The primary key: on its column when it is one, unnamed; else the
   table's primary_key. */
static int
table_pk(struct pyrev *p, struct sa_table *t, struct pr_list *m)
{
	const struct pv *name = t->pk_name;
	struct node *cols;
	size_t i, j, npk = 0, one = 0;
	char *deflt;

	if (t->pkc != NULL) {
		for (i = 0; i < t->pkc->n; i++) {
			const struct pv *x = t->pkc->items[i];

			for (j = 0; j < t->ncols; j++)
				if (x->kind == PV_STR &&
				    strcmp(t->cols[j].name, x->s) == 0)
					break;
			if (j == t->ncols) {
				pr_error(p, &x->loc, "the primary key's column "
				    "is not a column of the table");
				return 0;
			}
			t->cols[j].pk = 1;
		}
	}
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].pk) {
			npk++;
			one = i;
		}
	deflt = xasprintf("%s_pkey", t->name);
	if (name != NULL && name->kind == PV_STR && strcmp(name->s, deflt) ==
	    0)
		name = NULL;	/* PostgreSQL's own name */
	free(deflt);
	if (npk == 1 && t->sqlite_ai != NULL && t->cols[one].intlike &&
	    !t->cols[one].has_fk)
		return sqlite_autoinc(p, t, &t->cols[one]);
	if (npk == 1 && sa_absent(name)) {
		struct sa_col *c = &t->cols[one];

		pl_put(p, &c->m, "primary_key", nb_bool(p, c->v->loc, 1));
		if (serial(c))
			drop_server_default(c);
		if (serial(c))
			pl_put(p, &c->m, "autoincrement", nb_str(p,
			    c->autoinc_v ? c->autoinc_v->loc : c->v->loc,
			    "serial"));
		return 1;
	}
	if (npk == 1 && serial(&t->cols[one])) {
		drop_server_default(&t->cols[one]);
		serial_type(p, &t->cols[one]);
	}
	for (i = 0; i < t->ncols; i++)
		if (npk > 1 && t->cols[i].pk && t->cols[i].autoinc == 2 &&
		    t->cols[i].intlike) {
			pr_error(p, &t->cols[i].autoinc_v->loc, "autoincrement "
			    "on a column of a primary key over several columns, "
			    "or a named one, has no equivalent in migsql");
			return 0;
		}
	if (npk == 0)
		return 1;
	{
		struct pr_list l = { 0 };

		for (i = 0; i < t->ncols; i++)
			if (t->cols[i].pk)
				pl_push(&l, nb_str(p, t->cols[i].v->loc,
				    t->cols[i].name));
		cols = pl_seq(p, &l, t->pkc ? t->pkc->loc : t->cols[one].v->loc);
	}
	pl_put(p, m, "primary_key", named_cols(p, t->pkc ? t->pkc :
	    t->cols[one].v, name, cols));
	return 1;
}

/* Each Enum of the table that SQLAlchemy creates with it (Enum's
   _on_table_create), once per name in the revision (its memo). */
static void
table_enums(struct pyrev *p, const struct sa_table *t)
{
	size_t i, j;

	for (i = 0; i < t->ncols; i++) {
		const struct sa_enum *en = &t->cols[i].en;

		if (en->name == NULL || !en->create)
			continue;
		for (j = 0; j < p->nenums; j++)
			if (strcmp(p->enums[j], en->name) == 0)
				break;
		if (j < p->nenums)
			continue;
		p->enums = xrealloc(p->enums, (p->nenums + 1) *
		    sizeof *p->enums);
		p->enums[p->nenums++] = en->name;
		pr_emit(p, en->call->loc, "create_enum", sa_create_enum(p, en));
	}
}

static const char *const table_kw[] = { "schema", "comment",
	"if_not_exists", "sqlite_autoincrement", "sqlite_with_rowid",
	"postgresql_ignore_search_path", NULL };

static int
table_options(struct pyrev *p, struct sa_table *t, struct pr_list *m,
    const struct pv *call)
{
	struct pv tmp = *call, *a[6];
	int b;

	tmp.n = 0;
	if (!sa_args(p, &tmp, "create_table", table_kw, a) ||
	    !reflection_only(p, a[5], "postgresql_ignore_search_path"))
		return 0;
	t->schema = a[0];
	if (!sa_absent(a[0]))
		pl_put(p, m, "schema", pv_node(p, a[0], "a schema"));
	if (!sa_absent(a[1])) {
		if (sa_str(p, a[1], "comment") == NULL)
			return 0;
		pl_put(p, m, "comment", pv_node(p, a[1], "comment"));
	}
	if (a[2] != NULL) {
		if (!sa_true(p, a[2], "if_not_exists", &b))
			return 0;
		pl_put(p, m, "if_not_exists", nb_bool(p, a[2]->loc, b));
	}
	/* sqlite_autoincrement=True: AUTOINCREMENT on SQLite (see
	   sqlite_autoinc()), nothing on PostgreSQL. */
	b = 0;
	if (!sa_true(p, a[3], "sqlite_autoincrement", &b))
		return 0;
	if (b && !per_dialect(p, a[3], "sqlite_autoincrement"))
		return 0;
	if (b && p->o->dialect != NULL && strcmp(p->o->dialect, "sqlite") ==
	    0)
		t->sqlite_ai = a[3];
	b = 1;
	if (!sa_true(p, a[4], "sqlite_with_rowid", &b))
		return 0;
	if (!b)
		pl_put(p, m, "without_rowid", nb_bool(p, a[4]->loc, 1));
	return 1;
}

/* op.create_table(table_name, *columns, **kw) (Alembic 1.8
   Operations.create_table). */
int
sa_create_table(struct pyrev *p, const struct pv *call)
{
	struct sa_table t;
	struct pr_list m = { 0 }, cols = { 0 }, pk = { 0 };
	size_t i;
	int ok = 1;

	memset(&t, 0, sizeof t);
	if (call->n < 1 || (t.name = sa_str(p, call->items[0],
	    "a table name")) == NULL) {
		if (call->n < 1)
			pr_error(p, &call->loc, "create_table() needs the "
			    "table's name first");
		return 1;
	}
	t.cols = xcalloc(SA_MAX_COLS, sizeof *t.cols);
	pl_put(p, &m, "name", pv_node(p, call->items[0], "a table name"));
	ok &= table_options(p, &t, &m, call);
	for (i = 1; i < call->n; i++)
		ok &= table_item(p, call->items[i], &t);
	if (ok && t.ncols == 0) {
		pr_error(p, &call->loc, "create_table() needs a Column");
		ok = 0;
	}
	if (ok)
		ok = table_pk(p, &t, &pk);
	for (i = 0; ok && i < t.ncols; i++) {
		struct sa_col *c = &t.cols[i];

		if (c->index)
			column_index(p, c, t.name, t.schema, &t.post);
		else if (c->unique)
			pl_put(p, &c->m, "unique", nb_bool(p, c->v->loc, 1));
		pl_push(&cols, pl_map(p, &c->m, c->v->loc));
	}
	if (ok) {
		pl_put(p, &m, "columns", pl_seq(p, &cols, call->loc));
		for (i = 0; i < pk.n; i++)
			pl_push(&m, pk.items[i]);
		if (t.uniques.n)
			pl_put(p, &m, "unique", pl_seq(p, &t.uniques,
			    call->loc));
		if (t.fks.n)
			pl_put(p, &m, "foreign_keys", pl_seq(p, &t.fks,
			    call->loc));
		if (t.checks.n)
			pl_put(p, &m, "checks", pl_seq(p, &t.checks,
			    call->loc));
		table_enums(p, &t);
		pr_emit(p, call->loc, "create_table", pl_map(p, &m, call->loc));
		for (i = 0; i < t.post.n; i++)
			pr_emit(p, t.post.items[i]->loc, "create_index",
			    t.post.items[i]);
	}
	for (i = 0; i < t.ncols; i++)
		free(t.cols[i].m.items);
	free(cols.items);
	free(m.items);
	free(pk.items);
	free(t.uniques.items);
	free(t.fks.items);
	free(t.checks.items);
	free(t.post.items);
	free(t.cols);
	return 1;
}

/* op.add_column(table_name, column, schema=None): Alembic 1.8 adds the
   column, then its constraints but the primary key, then its indexes;
   an Enum's type is not created (it must exist). */
int
sa_add_column(struct pyrev *p, const struct pv *call)
{
	static const char *const params[] = { "table_name", "column",
		"schema", NULL };
	struct pv *a[3];
	struct pr_list m = { 0 }, post = { 0 };
	struct sa_col c;
	const char *table;

	if (!sa_args(p, call, "add_column", params, a))
		return 1;
	if (a[0] == NULL || a[1] == NULL) {
		pr_error(p, &call->loc, "add_column() needs table_name and "
		    "column");
		return 1;
	}
	if ((table = sa_str(p, a[0], "a table name")) == NULL)
		return 1;
	if (sa_called(a[1], NULL) == NULL || strcmp(sa_called(a[1], NULL),
	    "Column") != 0) {
		if (pv_unknown(a[1]))
			pv_refuse(p, a[1], "");
		else
			pr_error(p, &a[1]->loc, "add_column()'s column must be "
			    "a Column, not %s", pv_describe(a[1]));
		return 1;
	}
	if (!sa_column(p, a[1], &c, NULL)) {
		free(c.m.items);
		return 1;
	}
	if (c.pk)
		pl_put(p, &c.m, "primary_key", nb_bool(p, a[1]->loc, 1));
	if (c.index)
		column_index(p, &c, table, a[2], &post);
	else if (c.unique)
		pl_put(p, &c.m, "unique", nb_bool(p, a[1]->loc, 1));
	pl_put(p, &m, "table", pv_node(p, a[0], "a table name"));
	if (!sa_absent(a[2]))
		pl_put(p, &m, "schema", pv_node(p, a[2], "a schema"));
	pl_put(p, &m, "column", pl_map(p, &c.m, a[1]->loc));
	pr_emit(p, call->loc, "add_column", pl_map(p, &m, call->loc));
	if (post.n)
		pr_emit(p, call->loc, "create_index", post.items[0]);
	free(post.items);
	return 1;
}
