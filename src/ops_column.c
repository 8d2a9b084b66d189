/*
 * ops_column.c -- add_column, drop_column and alter_column.
 *
 * Each op's keys, how it changes the schema model (lower, apply), its
 * inverse, how it renders and its lint, in one place: the op's row
 * (op.h, struct op_def) at the end of the file names its hooks.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/lint.h"
#include "migsql/model.h"
#include "migsql/op.h"
#include "migsql/render.h"
#include "model_int.h"
#include "ops_int.h"
#include "render_int.h"

static const struct field add_column_fields[] = {
	{ "table", FT_NAME, 1 },
	{ "column", FT_COLUMN, 1 },
	{ "schema", FT_NAME, 0 },
	{ "if_not_exists", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_column_fields[] = {
	{ "table", FT_NAME, 1 },
	{ "column", FT_NAME, 1 },
	{ "schema", FT_NAME, 0 },
	{ "if_exists", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field alter_column_fields[] = {
	{ "table", FT_NAME, 1 },
	{ "column", FT_NAME, 1 },
	{ "nullable", FT_BOOL, 0 },
	{ "type", FT_TYPE, 0 },
	{ "server_default", FT_DEFAULT, 0 },
	{ "new_column_name", FT_NAME, 0 },
	{ "comment", FT_STRING_OR_NULL, 0 },	/* null: drop it */
	{ "identity", FT_IDENTITY, 0 },		/* null: drop it */
	{ "using", FT_SQL, 0 },
	{ "schema", FT_NAME, 0 },
	{ "lint", FT_LINT, 0 },
	/* What the writer believes the column is (Alembic's existing_*):
	   checked against the model, changing nothing. */
	{ "existing_type", FT_TYPE, 0 },
	{ "existing_nullable", FT_BOOL, 0 },
	{ "existing_server_default", FT_DEFAULT, 0 },
	{ "existing_comment", FT_STRING_OR_NULL, 0 },
	{ NULL, 0, 0 }
};

static void
lower_add_column(struct lw *w)
{
	const struct node *a = w->op->args, *c = node_get(a, "column");
	const char *tname = map_str(a, "table");
	struct m_table *t;
	struct ptrvec cons = PTRVEC_INIT;
	size_t i;

	w->a->table = xstrdup(tname);
	w->a->schema = xstrdup0(map_str(a, "schema"));
	w->a->col = lw_make_column(w, c);
	if (map_bool(c, "autoincrement", 0))
		lw_err(w, &node_key(c, "autoincrement")->loc, "autoincrement "
		    "needs a one-column primary key made with create_table");
	t = lw_need_table(w, tname, node_get(a, "table"));
	model_column_constraints(c, tname, 1, &cons);
	w->a->tbl = xcalloc(1, sizeof *w->a->tbl);	/* its constraints */
	w->a->tbl->name = xstrdup(tname);
	for (i = 0; i < cons.len; i++)
		ptrvec_push(&w->a->tbl->cons, cons.items[i]);
	ptrvec_free(&cons);
	if (t == NULL)
		return;
	w->a->if_not_exists = map_bool(a, "if_not_exists", 0);
	if (w->a->if_not_exists && table_column(t, w->a->col->name) != NULL) {
		diag_warning(w->d, &w->op->loc, "column '%s' of table '%s' "
		    "already exists: this add_column does nothing",
		    w->a->col->name, tname);
		w->a->unknown = 1;
		return;
	}
	if (table_column(t, w->a->col->name) != NULL)
		lw_err(w, lw_at(node_get(c, "name")),
		    "column '%s' already exists in "
		    "table '%s'", w->a->col->name, tname);
	if (map_bool(c, "primary_key", 0) && model_table_pk(t) != NULL)
		lw_err(w, &node_key(c, "primary_key")->loc,
		    "table '%s' already "
		    "has a primary key", tname);
	{
		/* Check the constraints against the table with the column. */
		struct m_table *probe = m_table_copy(t);

		ptrvec_push(&probe->cols, model_column_copy(w->a->col));
		for (i = 0; i < w->a->tbl->cons.len; i++) {
			struct m_constraint *k = w->a->tbl->cons.items[i];

			lw_con_name_taken(w, t, k->name, k->type, c);
			lw_check_con(w, probe, k, node_get(c, "foreign_key"));
		}
		m_table_free(probe);
	}
}

static void
lower_drop_column(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *tname = map_str(a, "table"), *cname = map_str(a, "column");
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	const struct m_constraint *k;
	const struct m_table *from;
	struct m_table *t;
	struct m_column *c, *other;
	size_t i;

	w->a->table = xstrdup(tname);
	w->a->schema = xstrdup0(map_str(a, "schema"));
	w->a->if_exists = map_bool(a, "if_exists", 0);
	if (w->a->if_exists && ((t = model_table(w->m, tname)) == NULL ||
	    table_column(t, cname) == NULL)) {
		if (t == NULL)
			diag_warning(w->d, &w->op->loc, "there is no table "
			    "'%s': this drop_column does nothing", tname);
		else
			diag_warning(w->d, &w->op->loc, "table '%s' has no "
			    "column '%s': this drop_column does nothing",
			    tname, cname);
		w->a->unknown = 1;
		w->a->col = xcalloc(1, sizeof *w->a->col);
		w->a->col->name = xstrdup(cname);
		return;
	}
	if ((t = lw_need_table(w, tname, node_get(a, "table"))) == NULL ||
	    (c = lw_need_column(w, t, cname, node_get(a, "column"))) == NULL) {
		w->a->col = xcalloc(1, sizeof *w->a->col);
		w->a->col->name = xstrdup(cname);
		return;
	}
	w->a->col = model_column_copy(c);
	/* The indexes and table constraints involving the column go with
	   it, as PostgreSQL drops them (PostgreSQL 15 docs, ALTER TABLE
	   DROP COLUMN); the action keeps them for the render (SQLite drops
	   them first or rebuilds), the lint and the inverse. */
	w->a->tbl = xcalloc(1, sizeof *w->a->tbl);
	w->a->tbl->name = xstrdup(tname);
	table_column_dependents(t, cname, &idx, &cons);
	for (i = 0; i < cons.len; i++) {
		const struct m_constraint *dep = cons.items[i];
		size_t j;

		ptrvec_push(&w->a->tbl->cons, model_con_copy(dep));
		/* PostgreSQL keeps the other columns of a dropped primary
		   key NOT NULL; the inverse makes them nullable again. */
		for (j = 0; dep->type == CON_PRIMARY_KEY && j < dep->ncols; j++)
			if (strcmp(dep->cols[j], cname) != 0 &&
			    (other = table_column(t, dep->cols[j])) != NULL &&
			    other->nullable)
				ptrvec_push(&w->a->pk_not_null,
				    xstrdup(other->name));
	}
	for (i = 0; i < idx.len; i++)
		ptrvec_push(&w->a->indexes, m_index_copy(idx.items[i]));
	ptrvec_free(&idx);
	ptrvec_free(&cons);
	/* What is outside the table needs CASCADE, as on the server. */
	if ((k = model_referenced_by(w->m, t->name, cname, &from)) != NULL)
		lw_err(w, NULL,
		    "cannot drop column '%s' of table '%s': foreign "
		    "key '%s' of table '%s' references it", cname, t->name,
		    k->name, from->name);
	/* So does an exclusion constraint's expression or WHERE
	   (table_column_exclusion()). */
	if ((k = table_column_exclusion(t, cname)) != NULL)
		lw_err(w, NULL, "cannot drop column '%s' of table '%s': "
		    "exclusion constraint '%s' uses it in an expression or its "
		    "where, and PostgreSQL drops such a constraint only with "
		    "CASCADE: drop the constraint first", cname, t->name,
		    k->name);
}

/*
 * alter_column's identity: x, a mapping or true, adds one; null drops it
 * (PostgreSQL 15 docs, ALTER TABLE ALTER COLUMN ... ADD GENERATED { ALWAYS
 * | BY DEFAULT } AS IDENTITY, which needs a NOT NULL column without a
 * default, and DROP IDENTITY).  c: the column before (NULL: unknown),
 * after: as the op leaves it.
 */
static void
alter_identity(struct lw *w, const struct m_column *c,
    struct m_column *after, const struct node *x)
{
	if (x->type == SCALAR_NULL) {
		if (c != NULL && c->identity == NULL)
			lw_err(w, &x->loc, "column '%s' is not an identity "
			    "column: there is no identity to drop", c->name);
		after->identity = NULL;
		return;
	}
	if (c != NULL && c->identity != NULL)
		lw_err(w, &x->loc, "column '%s' is an identity column already: "
		    "drop it first (identity: null)", c->name);
	if (after->nullable)
		lw_err(w, &x->loc, "an identity column is NOT NULL: give "
		    "nullable: false too");
	if (after->server_default != NULL || (c != NULL && c->autoincrement ==
	    AUTOINC_SERIAL))
		lw_err(w, &x->loc, "an identity column has no default: give "
		    "server_default: null too");
	if (model_non_integer_type(after->type))
		lw_err(w, &x->loc, "an identity column is an integer, bigint or "
		    "smallint, not %s", after->type->text);
	after->identity = x;
}

/* 1 when two generic type texts name the same type; 1 too when either
   is not a generic type (a type per dialect): nothing to compare. */
static int
same_type(const struct node *a, const struct node *b)
{
	struct type_spec x, y;
	const char *why;

	if (!node_is_str(a) || !node_is_str(b) ||
	    !type_parse(a->text, &x, &why) || !type_parse(b->text, &y, &why))
		return 1;
	return x.type == y.type && x.nparams == y.nparams &&
	    (x.nparams < 1 || x.params[0] == y.params[0]) &&
	    (x.nparams < 2 || x.params[1] == y.params[1]) &&
	    strcmp(x.enum_name, y.enum_name) == 0;
}

/*
 * Alembic's existing_type, existing_nullable and existing_comment say
 * what the writer believes column c is (autogenerate writes them from
 * the database it compared); one that the model contradicts is a
 * warning, since the revision was written against another schema.
 * existing_server_default is taken and not compared: its SQL text
 * need not be written as the model's.
 */
static void
check_existing(struct lw *w, const struct m_column *c, const char *tname)
{
	const struct node *a = w->op->args, *x;

	if (c == NULL)
		return;
	if ((x = node_get(a, "existing_nullable")) != NULL &&
	    x->boolean != c->nullable)
		diag_warning(w->d, &x->loc, "existing_nullable says column "
		    "'%s' of table '%s' is %s, but at this revision it is %s",
		    c->name, tname, x->boolean ? "nullable" : "NOT NULL",
		    c->nullable ? "nullable" : "NOT NULL");
	if ((x = node_get(a, "existing_type")) != NULL && c->type != NULL &&
	    !same_type(x, c->type))
		diag_warning(w->d, &x->loc, "existing_type says column '%s' "
		    "of table '%s' is %s, but at this revision it is %s",
		    c->name, tname, x->text, c->type->text);
	if ((x = node_get(a, "existing_comment")) != NULL &&
	    (node_is_str(x) ? c->comment == NULL ||
	    strcmp(c->comment, x->text) != 0 : c->comment != NULL))
		diag_warning(w->d, &x->loc, "existing_comment does not say "
		    "the comment column '%s' of table '%s' has at this "
		    "revision", c->name, tname);
}

static void
lower_alter_column(struct lw *w)
{
	const struct node *a = w->op->args, *x;
	const char *tname = map_str(a, "table"), *cname = map_str(a, "column");
	struct m_table *t;
	struct m_column *c, *after;
	unsigned ch = 0;

	w->a->table = xstrdup(tname);
	w->a->schema = xstrdup0(map_str(a, "schema"));
	t = lw_need_table(w, tname, node_get(a, "table"));
	c = t ? lw_need_column(w, t, cname, node_get(a, "column")) : NULL;
	if (c != NULL) {
		w->a->before = model_column_copy(c);
		after = model_column_copy(c);
	} else {
		/* Unknown (an execute may have made it): before and after
		   hold what the op says, so every user of the action finds
		   both, with the old name in before. */
		w->a->before = xcalloc(1, sizeof *w->a->before);
		w->a->before->name = xstrdup(cname);
		w->a->before->nullable = 1;
		after = model_column_copy(w->a->before);
	}
	w->a->col = after;
	check_existing(w, c, tname);
	if ((x = node_get(a, "nullable")) != NULL) {
		ch |= CH_NULLABLE;
		after->nullable = x->boolean;
		if (x->boolean && t != NULL && c != NULL && model_table_pk(t) &&
		    model_con_uses(model_table_pk(t), cname))
			lw_err(w, &x->loc, "column '%s' is part of the "
			    "primary key of table '%s' and cannot be "
			    "nullable", cname, tname);
	}
	if ((x = node_get(a, "type")) != NULL) {
		ch |= CH_TYPE;
		after->type = x;
		lw_check_type(w, x);
	}
	if ((x = node_get(a, "using")) != NULL) {
		if (!(ch & CH_TYPE))
			lw_err(w, &node_key(a, "using")->loc,
			    "'using' converts "
			    "the values to a new type: give 'type' too");
		w->a->using = x;
	}
	if ((x = node_get(a, "server_default")) != NULL) {
		ch |= CH_DEFAULT;
		after->server_default = x->kind == NODE_SCALAR &&
		    x->type == SCALAR_NULL ? NULL : x;
		lw_check_default(w, cname, after->type, after->server_default,
		    NULL);
	} else if (ch & CH_TYPE)
		lw_check_default(w, cname, after->type, after->server_default,
		    after->type);
	if ((x = node_get(a, "comment")) != NULL) {
		ch |= CH_COMMENT;
		free(after->comment);
		after->comment = node_is_str(x) ? xstrdup(x->text) : NULL;
	}
	if ((x = node_get(a, "new_column_name")) != NULL &&
	    strcmp(x->text, cname) != 0) {
		ch |= CH_NAME;
		free(after->name);
		after->name = xstrdup(x->text);
		if (t != NULL && table_column(t, x->text) != NULL)
			lw_err(w, &x->loc, "cannot rename column '%s' of table "
			    "'%s' to '%s': that column already exists", cname,
			    tname, x->text);
	}
	if ((x = node_get(a, "identity")) != NULL) {
		ch |= CH_IDENTITY;
		alter_identity(w, c, after, x);
	}
	if (ch == 0)
		lw_err(w, NULL, "alter_column changes nothing: give nullable, "
		    "type, server_default, new_column_name, comment or "
		    "identity");
	w->a->changes = ch;
}

static void
apply_alter_column(struct model *m, struct m_table *t,
    const struct action *a)
{
	const struct m_column *nc = a->col;
	unsigned ch = a->changes;
	struct m_column *c = t ? table_column(t, a->before->name) : NULL;
	size_t i, j;

	if (t != NULL && (a->changes & CH_NAME) && a->before != NULL &&
	    strcmp(a->before->name, a->col->name) != 0)
		model_gone_add(m, t->name, a->before->name, a->col->name,
		    a->op);
	if (c == NULL)
		return;
	if (ch & CH_NULLABLE)
		c->nullable = nc->nullable;
	if (ch & CH_IDENTITY)
		c->identity = nc->identity;
	if (ch & CH_TYPE) {
		c->type = nc->type;
		free(c->sql_type);
		c->sql_type = xstrdup0(nc->sql_type);
		c->raw = nc->raw;
	}
	if (ch & CH_DEFAULT)
		c->server_default = nc->server_default;
	if (ch & CH_COMMENT) {
		free(c->comment);
		c->comment = xstrdup0(nc->comment);
	}
	if ((ch & CH_NAME) && strcmp(c->name, nc->name) != 0) {
		char *old = c->name;
		struct ptrvec refs = PTRVEC_INIT;

		c->name = xstrdup(nc->name);
		for (i = 0; i < t->cons.len; i++) {
			struct m_constraint *k = t->cons.items[i];

			model_rename_in_list(k->cols, k->ncols, old, c->name);
			model_rename_in_list(k->include, k->ninclude, old,
			    c->name);
		}
		for (i = 0; i < t->indexes.len; i++) {
			struct m_index *x = t->indexes.items[i];

			model_rename_in_list(x->cols, x->ncols, old, c->name);
			model_rename_in_list(x->include, x->ninclude, old,
			    c->name);
		}
		model_referrers(m, t->name, &refs);
		for (i = 0; i < refs.len; i++) {
			struct m_table *o = refs.items[i];

			for (j = 0; j < o->cons.len; j++) {
				struct m_constraint *k = o->cons.items[j];

				if (k->type == CON_FOREIGN_KEY &&
				    strcmp(k->ref_table, t->name) == 0)
					model_rename_in_list(k->ref_cols,
					    k->nref,
					    old, c->name);
			}
		}
		ptrvec_free(&refs);
		free(old);
	}
}

/*
 * Drops column col of t with the indexes and constraints that involve it
 * (table_column_dependents), as PostgreSQL does.
 */
static void
drop_column_from(struct model *m, struct m_table *t, const char *col)
{
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	size_t i, pos;

	table_column_dependents(t, col, &idx, &cons);
	for (i = 0; i < idx.len; i++)
		model_index_removed(m, idx.items[i]);
	for (i = 0; i < cons.len; i++) {
		const struct m_constraint *k = cons.items[i];
		struct m_column *c;
		size_t j;

		/* The other columns of a primary key stay NOT NULL
		   (PostgreSQL 15: dropping the key leaves attnotnull). */
		for (j = 0; k->type == CON_PRIMARY_KEY && j < k->ncols; j++)
			if ((c = table_column(t, k->cols[j])) != NULL)
				c->nullable = 0;
		pos = ptrvec_index(&t->cons, cons.items[i]);
		model_con_removed(m, t, cons.items[i]);
		model_con_free(cons.items[i]);
		model_drop_ptr(&t->cons, pos);
	}
	if ((pos = model_named_pos(&t->cols, col)) != (size_t)-1) {
		model_column_free(t->cols.items[pos]);
		model_drop_ptr(&t->cols, pos);
	}
	ptrvec_free(&idx);
	ptrvec_free(&cons);
}

static void
apply_add_column(struct model *m, struct m_table *t, const struct action *a)
{
	size_t i;

	if (t == NULL)
		return;
	ptrvec_push(&t->cols, model_column_copy(a->col));
	if (a->tbl != NULL)
		for (i = 0; i < a->tbl->cons.len; i++) {
			struct m_constraint *k = model_con_copy(
			    a->tbl->cons.items[i]);

			ptrvec_push(&t->cons, k);
			model_con_added(m, t, k);
		}
	/* The inverse of a drop_column brings its indexes back, and the
	   nullability of a primary key's other columns. */
	for (i = 0; i < a->indexes.len; i++)
		model_add_index(m, m_index_copy(a->indexes.items[i]));
	for (i = 0; i < a->pk_not_null.len; i++) {
		struct m_column *c = table_column(t, a->pk_not_null.items[i]);

		if (c != NULL)
			c->nullable = 1;
	}
}

static void
apply_drop_column(struct model *m, struct m_table *t, const struct action *a)
{
	if (t == NULL)
		return;
	model_gone_add(m, t->name, a->col->name, NULL, a->op);
	drop_column_from(m, t, a->col->name);
}

static int
invert_add_column(const struct action *a, struct action *out)
{
	out->kind = OP_DROP_COLUMN;
	out->col = model_column_copy(a->col);
	if (a->tbl != NULL)
		out->tbl = m_table_copy(a->tbl);
	return 1;
}

/* The column, and the indexes and constraints that went with it: the
   add_column renders them after the column. */
static int
invert_drop_column(const struct action *a, struct action *out)
{
	size_t i;

	out->kind = OP_ADD_COLUMN;
	out->col = model_column_copy(a->col);
	if (a->tbl != NULL)
		out->tbl = m_table_copy(a->tbl);
	for (i = 0; i < a->indexes.len; i++)
		ptrvec_push(&out->indexes, m_index_copy(a->indexes.items[i]));
	for (i = 0; i < a->pk_not_null.len; i++)
		ptrvec_push(&out->pk_not_null,
		    xstrdup(a->pk_not_null.items[i]));
	out->lossy = 1;
	return 1;
}

static int
invert_alter_column(const struct action *a, struct action *out)
{
	out->kind = OP_ALTER_COLUMN;
	out->col = model_column_copy(a->before);
	out->before = model_column_copy(a->col);
	out->changes = a->changes;
	out->cast_back = (a->changes & CH_TYPE) != 0;
	return 1;
}

static void
inverse_problem_add_column(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	const struct m_table *t = model_inverse_table(m, a, sb);

	if (t != NULL && table_column(t, a->col->name) != NULL)
		strbuf_addf(sb, "column '%s' of table '%s' exists already",
		    a->col->name, t->name);
}

/* drop_column and alter_column: the column must be there. */
static void
inverse_problem_column(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	const struct m_table *t = model_inverse_table(m, a, sb);
	const char *col = a->kind == OP_ALTER_COLUMN && a->before ?
	    a->before->name : a->col ? a->col->name : NULL;

	if (t != NULL && col != NULL && table_column(t, col) == NULL)
		strbuf_addf(sb, "table '%s' has no column '%s'", t->name, col);
}

static void
render_add_column(struct r *r, const struct action *a, struct strbuf *out)
{
	const struct m_column *c = a->col;
	const struct m_table *cons = a->tbl;
	struct tpl_var v[3];
	size_t i, n;

	if (r_inline_con(cons, c->name, CON_PRIMARY_KEY) &&
	    !r->dl->add_column_primary_key)
		r_err(r, NULL, "the %s dialect cannot add a primary-key column "
		    "to an existing table", r->dl->name);
	if (r_inline_con(cons, c->name,
	    CON_UNIQUE) && !r->dl->add_column_unique)
		r_err(r, NULL,
		    "the %s dialect cannot add a unique column to an "
		    "existing table (create a unique index after adding the "
		    "column)", r->dl->name);
	if (!r->dl->add_column_stored_generated && c->computed != NULL &&
	    map_bool(c->computed, "persisted", 1))
		r_err(r, NULL, "the %s dialect cannot add a stored computed "
		    "column to an existing table: give it persisted: false "
		    "(VIRTUAL), or make it with the table", r->dl->name);
	if (r->dl->add_column_not_null_needs_default && !c->nullable &&
	    c->server_default == NULL && c->computed == NULL &&
	    c->identity == NULL)
		r_err(r, NULL, "the %s dialect cannot add a NOT NULL column "
		    "without a server_default", r->dl->name);
	v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
	r->strict = model_table(r->m, a->table) != NULL &&
	    model_table(r->m, a->table)->strict;	/* its type map */
	v[1] = VAR("column", render_column(r, cons, a->table, c));
	r->strict = 0;
	n = 2;
	r_opt_var(r, DT_ADD_COLUMN, v, &n, VAR("if_not_exists",
	    a->if_not_exists ? "1" : NULL), "add_column");
	r_stmt(r, DT_ADD_COLUMN, v, n, out);
	if (c->comment != NULL && !render_inline_comment(r->dl))
		render_comment_stmt(r, a->schema, a->table, c->name, c->comment,
		    out);
	/* The inverse of a drop_column: what went with the column; and on
	   an engine that names no constraint in a column definition, the
	   column's own. */
	for (i = 0; cons != NULL && i < cons->cons.len; i++) {
		const struct m_constraint *k = cons->cons.items[i];
		const char *e;

		if ((k->inline_col && r->dl->inline_constraints) ||
		    (e = render_con(r, k)) == NULL)
			continue;
		v[1] = VAR("constraint", e);
		r_stmt(r, DT_ADD_CONSTRAINT, v, 2, out);
	}
	for (i = 0; i < a->indexes.len; i++)
		render_index(r, a->indexes.items[i], a->schema, 0, 0, out);
}

/* ALTER COLUMN ... ADD GENERATED ... AS IDENTITY for column c (after the
   change), or DROP IDENTITY when c has none; refused without the
   dialect's alter_column_identity template. */
static void
render_alter_identity(struct r *r, const char *table, const char *col,
    const struct m_column *c, struct strbuf *out)
{
	struct tpl_var v[4];
	const char *opts;
	size_t n = 2;

	if (r->dl->tpl[DT_ALTER_COLUMN_IDENTITY] == NULL) {
		r_err(r, NULL, "the %s dialect has no identity columns (no "
		    "alter_column_identity template)", r->dl->name);
		return;
	}
	v[0] = VAR("table", table);
	v[1] = VAR("column", col);
	if (c->identity == NULL) {
		v[n++] = VAR("drop", "1");
		r_stmt(r, DT_ALTER_COLUMN_IDENTITY, v, n, out);
		return;
	}
	v[n++] = VAR("identity", map_bool(c->identity, "always", 0) ?
	    "ALWAYS" : "BY DEFAULT");
	if ((opts = r_identity_options(r, c->identity)) != NULL)
		v[n++] = VAR("identity_options", opts);
	r_stmt(r, DT_ALTER_COLUMN_IDENTITY, v, n, out);
}

/*
 * An alter_column's type, nullability, default and comment changes as
 * one statement that gives the column's whole definition after them (the
 * dialect's alter_column template: MariaDB's MODIFY COLUMN, MariaDB 10.11
 * docs, ALTER TABLE).  Such an engine converts the values itself: a
 * 'using' expression has nowhere to go and is an error.
 */
static void
render_modify_column(struct r *r, const struct action *a, const char *table,
    const char *col, struct strbuf *out)
{
	struct tpl_var v[3];

	if (!(a->changes & (CH_TYPE | CH_NULLABLE | CH_DEFAULT | CH_COMMENT)))
		return;
	if ((a->changes & CH_TYPE) && a->using != NULL)
		r_err(r, &a->using->loc, "the %s dialect converts a column's "
		    "values to its new type itself (its alter_column template "
		    "has no USING): remove 'using', or convert the values "
		    "with an execute", r->dl->name);
	v[0] = VAR("table", table);
	v[1] = VAR("column", col);
	v[2] = VAR("definition", render_column(r, NULL, a->table, a->col));
	r_stmt(r, DT_ALTER_COLUMN, v, 3, out);
}

/* alter_column where the dialect alters in place (PostgreSQL). */
static void
render_alter_column(struct r *r, const struct action *a, struct strbuf *out)
{
	const struct m_column *c = a->col;
	const char *old = a->before->name;
	const char *table = r_table_ref(r, a->schema, a->table), *col;
	struct tpl_var v[4];
	/* An identity goes before the default and nullability change that
	   it needs gone (inverse), comes after those it needs (upgrade). */
	int drop_identity = (a->changes & CH_IDENTITY) && c->identity == NULL;

	if (a->changes & CH_NAME) {
		v[0] = VAR("table", table);
		v[1] = VAR("column", r_ident(r, old));
		v[2] = VAR("new_name", r_ident(r, c->name));
		r_stmt(r, DT_RENAME_COLUMN, v, 3, out);
	}
	col = r_ident(r, c->name);
	if (drop_identity)
		render_alter_identity(r, table, col, c, out);
	if (r->dl->tpl[DT_ALTER_COLUMN] != NULL) {
		render_modify_column(r, a, table, col, out);
		if ((a->changes & CH_IDENTITY) && !drop_identity)
			render_alter_identity(r, table, col, c, out);
		return;
	}
	if (a->changes & CH_TYPE) {
		const char *using = NULL;
		int is_null = 0;

		if (a->using != NULL)
			using = r_pick_sql(r, a->using, &is_null, "'using'");
		else if (a->cast_back)
			using = r_cast(r, col, c);
		v[0] = VAR("table", table);
		v[1] = VAR("column", col);
		v[2] = VAR("type", r_column_type(r, c, 0));
		v[3] = VAR("using", using);
		r_stmt(r, DT_ALTER_COLUMN_TYPE, v, 4, out);
	}
	if (a->changes & CH_DEFAULT) {
		v[0] = VAR("table", table);
		v[1] = VAR("column", col);
		v[2] = VAR("default", render_default(r, c->server_default));
		r_stmt(r, DT_ALTER_COLUMN_DEFAULT, v, 3, out);
	}
	if (a->changes & CH_NULLABLE) {
		v[0] = VAR("table", table);
		v[1] = VAR("column", col);
		v[2] = VAR("not_null", c->nullable ? NULL : "1");
		r_stmt(r, DT_ALTER_COLUMN_NULLABLE, v, 3, out);
	}
	if ((a->changes & CH_IDENTITY) && !drop_identity)
		render_alter_identity(r, table, col, c, out);
	if (a->changes & CH_COMMENT)
		render_comment_stmt(r, a->schema, a->table, c->name, c->comment,
		    out);
}

/*
 * drop_column: first DROP INDEX for each index that involves the column
 * (SQLite refuses to drop an indexed column; PostgreSQL would drop them
 * with it, so both end alike), then DROP COLUMN; the table constraints
 * involving it go with it (on a dialect that cannot drop them so, the
 * table is rebuilt instead: needs_rebuild).
 */
static void
render_drop_column(struct r *r, const struct action *a, struct strbuf *out)
{
	const struct m_table *t = a->unknown ? NULL :
	    model_table(r->m, a->table);
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	struct tpl_var v[4];
	size_t i, n, pass;

	if (t != NULL)
		table_column_dependents(t, a->col->name, &idx, &cons);
	/* An engine that keeps what uses the column (MariaDB refuses to drop
	   a column a foreign key or CHECK uses, and narrows a UNIQUE of
	   several columns to the rest) drops each first, the foreign keys
	   before the indexes they may need. */
	for (pass = 0; !r->dl->drop_column_drops_constraints && pass < 2;
	    pass++)
		for (i = 0; i < cons.len; i++) {
			const struct m_constraint *k = cons.items[i];

			if ((k->type == CON_FOREIGN_KEY) == (pass == 0))
				render_drop_con(r, a->schema, a->table, k, 0,
				    out);
		}
	for (i = 0; i < idx.len; i++) {
		const struct m_index *x = idx.items[i];

		v[0] = VAR("name", r_table_ref(r, a->schema, x->name));
		v[1] = VAR("table", r_ident(r, a->table));
		v[2] = VAR("if_exists", NULL);
		v[3] = VAR("concurrently", NULL);
		r_stmt(r, DT_DROP_INDEX, v, 4, out);
	}
	ptrvec_free(&idx);
	ptrvec_free(&cons);
	v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
	v[1] = VAR("column", r_ident(r, a->col->name));
	n = 2;
	r_opt_var(r, DT_DROP_COLUMN, v, &n, VAR("if_exists", a->if_exists ?
	    "1" : NULL), "drop_column");
	r_stmt(r, DT_DROP_COLUMN, v, n, out);
}

/*
 * 1 when dropping column col of t takes a table constraint with it (not
 * one written on the column alone) and dl cannot drop constraints in
 * place.  SQLite then refuses the DROP COLUMN (SQLite docs, "ALTER TABLE
 * DROP COLUMN": not for a column that is part of a PRIMARY KEY or UNIQUE
 * constraint, named in a CHECK constraint not associated with it, or
 * used in a foreign key constraint), so the table is rebuilt.
 */
static int
drop_takes_table_constraint(const struct dialect *dl, const struct m_table *t,
    const char *col)
{
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	size_t i;
	int yes = 0;

	if (t == NULL || dl->tpl[DT_DROP_CONSTRAINT] != NULL)
		return 0;
	table_column_dependents(t, col, &idx, &cons);
	for (i = 0; i < cons.len; i++)
		if (!((const struct m_constraint *)cons.items[i])->inline_col)
			yes = 1;
	ptrvec_free(&idx);
	ptrvec_free(&cons);
	return yes;
}

/* 1 when a (an inverse drop_column) brings back table constraints that
   dl cannot add in place. */
static int
add_takes_table_constraint(const struct dialect *dl, const struct action *a)
{
	size_t i;

	if (a->tbl == NULL || dl->tpl[DT_ADD_CONSTRAINT] != NULL)
		return 0;
	for (i = 0; i < a->tbl->cons.len; i++)
		if (!((const struct m_constraint *)a->tbl->cons.items[i])->
		    inline_col)
			return 1;
	return 0;
}

static int
needs_rebuild_alter_column(const struct dialect *dl, const struct model *m,
    const struct action *a)
{
	(void)m;
	return (a->changes & (CH_NULLABLE | CH_TYPE | CH_DEFAULT)) &&
	    dl->tpl[DT_ALTER_COLUMN] == NULL &&
	    (dl->tpl[DT_ALTER_COLUMN_TYPE] == NULL ||
	    dl->tpl[DT_ALTER_COLUMN_NULLABLE] == NULL ||
	    dl->tpl[DT_ALTER_COLUMN_DEFAULT] == NULL);
}

/* SQLite cannot drop a UNIQUE or PRIMARY KEY column, nor one that a table
   constraint uses. */
static int
needs_rebuild_drop_column(const struct dialect *dl, const struct model *m,
    const struct action *a)
{
	return (a->tbl != NULL && a->col != NULL &&
	    ((r_inline_con(a->tbl, a->col->name, CON_UNIQUE) &&
	    !dl->add_column_unique) || (r_inline_con(a->tbl, a->col->name,
	    CON_PRIMARY_KEY) && !dl->add_column_primary_key))) ||
	    (!a->unknown && drop_takes_table_constraint(dl,
	    model_table(m, a->table), a->col->name));
}

static int
needs_rebuild_add_column(const struct dialect *dl, const struct model *m,
    const struct action *a)
{
	(void)m;
	return add_takes_table_constraint(dl, a);
}

/*
 * For drop_column action a: ", and with it index 'x' and unique
 * constraint 'y'", naming the indexes and the table constraints dropped
 * with the column (not those written on the column alone), or nothing.
 */
static void
drop_column_takes(const struct action *a, struct strbuf *out)
{
	struct ptrvec names = PTRVEC_INIT;
	size_t i;

	for (i = 0; i < a->indexes.len; i++)
		ptrvec_push(&names, xasprintf("index '%s'",
		    ((const struct m_index *)a->indexes.items[i])->name));
	for (i = 0; a->tbl != NULL && i < a->tbl->cons.len; i++) {
		const struct m_constraint *k = a->tbl->cons.items[i];

		if (!k->inline_col)
			ptrvec_push(&names, xasprintf("%s '%s'",
			    con_type_words[k->type], k->name));
	}
	for (i = 0; i < names.len; i++) {
		strbuf_addf(out, "%s%s", i == 0 ? ", and with it " :
		    i + 1 == names.len ? " and " : ", ",
		    (char *)names.items[i]);
		free(names.items[i]);
	}
	ptrvec_free(&names);
}

/*
 * 1 when PostgreSQL changes column type from to without rewriting the
 * table (PostgreSQL 15 docs, ALTER TABLE, Notes: "when changing the type
 * of an existing column, if the USING clause does not change the column
 * contents and the old type is either binary coercible to the new type or
 * an unconstrained domain over the new type, a table rewrite is not
 * needed"; varchar(n) to a longer varchar, to varchar or to text, and
 * numeric(p,s) to numeric(q,s) with q >= p or to numeric, are such
 * changes (9.2 release notes, E.x "increasing the length limit for a
 * varchar ... or removing it", "increasing the allowed precision of a
 * numeric column")).  Both types must be generic; anything else may
 * rewrite.
 */
static int
type_change_in_place(const struct node *from, const struct node *to)
{
	struct type_spec f, t;
	const char *why;

	if (from == NULL || to == NULL || !node_is_str(from) ||
	    !node_is_str(to) || !type_parse(from->text, &f, &why) ||
	    !type_parse(to->text, &t, &why))
		return 0;
	if (f.type == GT_STRING && t.type == GT_TEXT)
		return 1;
	if (f.type == GT_STRING && t.type == GT_STRING)
		return t.nparams == 0 || (f.nparams == 1 &&
		    t.params[0] >= f.params[0]);
	if (f.type == GT_NUMERIC && t.type == GT_NUMERIC)
		return t.nparams == 0 || (f.nparams == 2 && t.nparams == 2 &&
		    t.params[1] == f.params[1] && t.params[0] >= f.params[0]) ||
		    (f.nparams == 1 && t.nparams == 1 &&
		    t.params[0] >= f.params[0]);
	return 0;
}

static void
lint_add_column(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	const char *t = a->table;
	size_t i;

	lint_name(s, a, "column", a->col->name, cm);
	lint_json(s, a, t, a->col, cm);
	lint_volatile_default(s, a, cm);
	for (i = 0; a->tbl != NULL && i < a->tbl->cons.len; i++)
		lint_fk_index(s, a, model_table(s->m, t), a->tbl->cons.items[i],
		    cm);
	if (old && !a->col->nullable && a->col->server_default == NULL &&
	    !a->col->autoincrement && a->col->identity == NULL &&
	    a->col->computed == NULL)
		lint_add(s, a->op, NULL, LINT_ADD_NOT_NULL_COLUMN, cm,
		    "add_column adds NOT NULL column '%s' without a "
		    "server_default to table '%s', which has rows already",
		    a->col->name, t);
}

static void
lint_drop_column(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	struct strbuf with = STRBUF_INIT;

	(void)old;
	drop_column_takes(a, &with);
	lint_add(s, a->op, NULL, LINT_DROP_COLUMN, cm, "drop_column removes "
	    "column '%s' of table '%s' and its data%s", a->col->name,
	    a->table, strbuf_str(&with));
	strbuf_free(&with);
}

static void
lint_alter_column(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	const char *t = a->table;

	if (a->changes & CH_NAME) {
		lint_name(s, a, "column", a->col->name, cm);
		if (old)
			lint_add(s, a->op, NULL, LINT_RENAME_COLUMN, cm,
			    "alter_column renames column '%s' of table '%s' "
			    "to '%s' under clients that still use the old "
			    "name", a->before->name, t, a->col->name);
	}
	if (old && (a->changes & CH_NULLABLE) && !a->col->nullable)
		lint_add(s, a->op, NULL, LINT_SET_NOT_NULL, cm, "alter_column "
		    "makes column '%s' of table '%s' NOT NULL", a->col->name,
		    t);
	if (old && (a->changes & CH_NULLABLE) && a->col->nullable)
		lint_add(s, a->op, NULL, LINT_DROP_NOT_NULL, cm, "alter_column "
		    "lets column '%s' of table '%s' hold NULL", a->col->name,
		    t);
	if (old && (a->changes & CH_TYPE) &&
	    !(node_get(a->op->args, "using") == NULL &&
	    type_change_in_place(a->before->type, a->col->type)))
		lint_add(s, a->op, NULL, LINT_CHANGE_TYPE, cm, "alter_column "
		    "changes the type of column '%s' of table '%s'",
		    a->col->name, t);
	if (a->changes & CH_TYPE)
		lint_json(s, a, t, a->col, cm);
}

/* A comment alone is COMMENT ON, which takes no ACCESS EXCLUSIVE lock. */
static const char *
locks_alter_column(const struct action *a)
{
	return a->changes & ~(unsigned)CH_COMMENT ? a->table : NULL;
}

const struct op_def op_add_column = {
	.name = "add_column", .kind = OP_ADD_COLUMN,
	.fields = add_column_fields, .supported = 1, .on_table = 1,
	.lower = lower_add_column, .apply = apply_add_column,
	.invert = invert_add_column,
	.inverse_problem = inverse_problem_add_column,
	.render = render_add_column, .needs_rebuild = needs_rebuild_add_column,
	.lint = lint_add_column, .locks = lint_locks_table,
};

const struct op_def op_drop_column = {
	.name = "drop_column", .kind = OP_DROP_COLUMN,
	.fields = drop_column_fields, .supported = 1, .on_table = 1,
	.lower = lower_drop_column, .apply = apply_drop_column,
	.invert = invert_drop_column, .inverse_problem = inverse_problem_column,
	.render = render_drop_column,
	.needs_rebuild = needs_rebuild_drop_column, .lint = lint_drop_column,
	.locks = lint_locks_table,
};

const struct op_def op_alter_column = {
	.name = "alter_column", .kind = OP_ALTER_COLUMN,
	.fields = alter_column_fields, .supported = 1, .on_table = 1,
	.lower = lower_alter_column, .apply = apply_alter_column,
	.invert = invert_alter_column,
	    .inverse_problem = inverse_problem_column,
	.render = render_alter_column,
	.needs_rebuild = needs_rebuild_alter_column, .lint = lint_alter_column,
	.locks = locks_alter_column,
};
