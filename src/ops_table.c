/*
 * ops_table.c -- create_table, drop_table, rename_table,
 * create_table_comment and drop_table_comment.
 *
 * Each op's keys, how it changes the schema model (lower, apply), its
 * inverse, how it renders and its lint, in one place: the op's row
 * (op.h, struct op_def) at the end of the file names its hooks.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/lint.h"
#include "migsql/model.h"
#include "migsql/op.h"
#include "migsql/render.h"
#include "migsql/sqlpg.h"
#include "model_int.h"
#include "ops_int.h"
#include "render_int.h"

static const struct field create_table_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "schema", FT_NAME, 0 },
	{ "columns", FT_COLUMNS, 1 },
	{ "primary_key", FT_PRIMARY_KEY, 0 },
	{ "unique", FT_UNIQUES, 0 },
	{ "foreign_keys", FT_FOREIGN_KEYS, 0 },
	{ "checks", FT_CHECKS, 0 },
	{ "comment", FT_STRING, 0 },
	{ "if_not_exists", FT_BOOL, 0 },
	{ "unlogged", FT_BOOL, 0 },
	{ "strict", FT_BOOL, 0 },
	{ "without_rowid", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_table_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "schema", FT_NAME, 0 },
	{ "if_exists", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field rename_table_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "new_name", FT_NAME, 1 },
	{ "schema", FT_NAME, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field table_comment_fields[] = {
	{ "table", FT_NAME, 1 },
	{ "comment", FT_STRING_OR_NULL, 1 },	/* null: drop it */
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_table_comment_fields[] = {
	{ "table", FT_NAME, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

/*
 * without_rowid: true needs a primary key and allows no AUTOINCREMENT
 * (SQLite docs, "Clustered Indexes and the WITHOUT ROWID Optimization",
 * 2.1: "Every WITHOUT ROWID table must have a PRIMARY KEY"; "The
 * AUTOINCREMENT keyword does not work on WITHOUT ROWID tables"): errors
 * at the key of create_table w->op for new table t.
 */
static void
lw_check_without_rowid(struct lw *w, const struct m_table *t)
{
	const struct node *key = node_key(w->op->args, "without_rowid");
	size_t i;

	if (!t->without_rowid)
		return;
	if (model_table_pk(t) == NULL)
		lw_err(w, lw_at(key), "table '%s' is WITHOUT ROWID and needs a "
		    "primary key: give a column primary_key: true, or the "
		    "table primary_key", t->name);
	for (i = 0; i < t->cols.len; i++)
		if (((const struct m_column *)t->cols.items[i])->autoincrement)
			lw_err(w, lw_at(key), "table '%s' is WITHOUT ROWID and "
			    "cannot have an autoincrement column ('%s'): "
			    "SQLite's AUTOINCREMENT needs the rowid", t->name,
			    ((const struct m_column *)t->cols.items[i])->name);
}

/*
 * PostgreSQL's name for an unnamed CHECK of a new table (PostgreSQL 15
 * src/backend/catalog/heap.c, AddRelationNewConstraints, and
 * ChooseConstraintName): TABLE_COLUMN_check when the condition uses
 * exactly one column, else TABLE_check; a name the table's constraints
 * so far (cons) have gets the label's number, TABLE_COLUMN_check1, ...
 * The condition is read by PostgreSQL's parser: its 'postgresql' or
 * 'sql' text when it is given per dialect.  Malloc'd.
 */
static char *
check_default_name(const char *table, const struct node *cond,
    const struct ptrvec *cons)
{
	const struct node *text = cond;
	char **cols = NULL, *nm = NULL;
	size_t n = 0, i, pass;

	if (cond != NULL && cond->kind == NODE_MAP &&
	    (text = node_get(cond, "postgresql")) == NULL)
		text = node_get(cond, "sql");
	if (text != NULL && node_is_str(text))
		cols = sqlpg_column_refs(text->text, &n);
	for (pass = 0;; pass++) {
		char label[32];

		snprintf(label, sizeof label, pass ? "check%zu" : "check",
		    pass);
		free(nm);
		nm = model_constraint_name(table, cols, n == 1 ? 1 : 0, label);
		for (i = 0; i < cons->len; i++)
			if (strcmp(((const struct m_constraint *)
			    cons->items[i])->name, nm) == 0)
				break;
		if (i == cons->len)
			break;
	}
	for (i = 0; cols != NULL && i < n; i++)
		free(cols[i]);
	free(cols);
	return nm;
}

static void
lower_create_table(struct lw *w)
{
	const struct node *a = w->op->args, *cols = node_get(a, "columns");
	const struct node *pk = node_get(a, "primary_key"), *x;
	struct m_table *t = xcalloc(1, sizeof *t);
	size_t i, j, npk = 0;
	const char *name = map_str(a, "name");

	t->name = xstrdup(name);
	t->schema = xstrdup0(map_str(a, "schema"));
	t->comment = xstrdup0(map_str(a, "comment"));
	t->unlogged = map_bool(a, "unlogged", 0);
	t->strict = map_bool(a, "strict", 0);
	t->without_rowid = map_bool(a, "without_rowid", 0);
	w->a->tbl = t;
	w->a->table = xstrdup(name);
	w->a->schema = xstrdup0(t->schema);
	w->a->if_not_exists = map_bool(a, "if_not_exists", 0);
	if (model_table(w->m, name) != NULL) {
		if (w->a->if_not_exists) {
			diag_warning(w->d, &w->op->loc, "table '%s' already "
			    "exists: this create_table does nothing",
			    name);
			w->a->unknown = 1;
		} else
			lw_err(w, lw_at(node_get(a, "name")),
			    "table '%s' already "
			    "exists", name);
	} else if (model_index(w->m, name) != NULL)
		lw_relation_taken(w, name, node_get(a, "name"), "table");
	for (i = 0; i < cols->n; i++)
		if (map_bool(cols->items[i], "primary_key", 0))
			npk++;
	if (pk != NULL && npk > 0)
		lw_err(w, &pk->loc,
		    "the primary key is given twice: on columns "
		    "and in 'primary_key'");
	for (i = 0; i < cols->n; i++) {
		const struct node *c = cols->items[i];
		struct m_column *col = lw_make_column(w, c);

		if (table_column(t, col->name) != NULL)
			lw_err(w, lw_at(node_get(c, "name")), "column '%s' is "
			    "given twice", col->name);
		if (col->autoincrement && !(pk == NULL && npk == 1 &&
		    map_bool(c, "primary_key", 0)))
			lw_err(w, &node_key(c, "autoincrement")->loc,
			    "autoincrement needs a one-column primary key");
		ptrvec_push(&t->cols, col);
		model_column_constraints(c, name, pk == NULL && npk == 1,
		    &t->cons);
	}
	if (pk != NULL || npk > 1) {
		struct m_constraint *k;
		const struct node *nm = pk && pk->kind == NODE_MAP ?
		    node_get(pk, "name") : NULL;

		k = model_new_con(CON_PRIMARY_KEY, nm ? xstrdup(nm->text) :
		    model_constraint_name(name, NULL, 0, "pkey"));
		if (pk != NULL)
			k->cols = model_names_of(model_columns_of(pk),
			    &k->ncols);
		else {
			k->cols = xmalloc(npk * sizeof *k->cols);
			for (i = 0; i < cols->n; i++)
				if (map_bool(cols->items[i], "primary_key", 0))
					k->cols[k->ncols++] = xstrdup(map_str(
					    cols->items[i], "name"));
		}
		for (j = 0; j < k->ncols; j++)
			if (table_column(t, k->cols[j]) == NULL)
				lw_err(w, pk ?
				    &model_columns_of(pk)->items[j]->loc :
				    NULL, "the primary key names '%s', which "
				    "is not a column of this table",
				    k->cols[j]);
		ptrvec_push(&t->cons, k);
	}
	if ((x = node_get(a, "unique")) != NULL)
		for (i = 0; i < x->n; i++) {
			const struct node *u = x->items[i];
			const struct node *nm = u->kind == NODE_MAP ?
			    node_get(u, "name") : NULL;
			struct m_constraint *k;
			char **cv;
			size_t n;

			cv = model_names_of(model_columns_of(u), &n);
			k = model_new_con(CON_UNIQUE, nm ? xstrdup(nm->text) :
			    model_constraint_name(name, cv, n, "key"));
			k->cols = cv;
			k->ncols = n;
			ptrvec_push(&t->cons, k);
		}
	if ((x = node_get(a, "foreign_keys")) != NULL)
		for (i = 0; i < x->n; i++)
			ptrvec_push(&t->cons, model_make_fk(x->items[i], name,
			    "local_cols", "remote_cols", "referent_table"));
	if ((x = node_get(a, "checks")) != NULL)
		for (i = 0; i < x->n; i++) {
			const char *nm = map_str(x->items[i], "name");
			struct m_constraint *k = model_new_con(CON_CHECK,
			    nm != NULL ? xstrdup(nm) : check_default_name(name,
			    node_get(x->items[i], "condition"), &t->cons));

			k->condition = node_get(x->items[i], "condition");
			k->cols = xmalloc(sizeof *k->cols);
			ptrvec_push(&t->cons, k);
		}
	lw_check_without_rowid(w, t);
	/* Every constraint: unique names, existing columns and referents. */
	for (i = 0; i < t->cons.len; i++) {
		struct m_constraint *k = t->cons.items[i];

		for (j = 0; j < i; j++)
			if (strcmp(((struct m_constraint *)
			    t->cons.items[j])->name, k->name) == 0)
				lw_err(w, NULL, "two constraints of table '%s' "
				    "are named '%s'", name, k->name);
		if ((k->type == CON_PRIMARY_KEY || k->type == CON_UNIQUE) &&
		    (model_index(w->m, k->name) != NULL ||
		    model_table(w->m, k->name) != NULL))
			lw_relation_taken(w, k->name, NULL, "constraint");
		if (k->type == CON_FOREIGN_KEY || k->type == CON_UNIQUE)
			lw_check_con(w, t, k, NULL);
	}
}

static void
lower_drop_table(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = a->kind == NODE_MAP ? map_str(a, "name") : a->text;
	struct m_table *t;
	const struct m_table *from;
	const struct m_constraint *c;

	w->a->table = xstrdup(name);
	w->a->schema = a->kind == NODE_MAP ? xstrdup0(map_str(a,
	    "schema")) : NULL;
	w->a->if_exists = a->kind == NODE_MAP && map_bool(a, "if_exists", 0);
	if (w->a->if_exists && model_table(w->m, name) == NULL) {
		diag_warning(w->d, &w->op->loc, "there is no table '%s': this "
		    "drop_table does nothing", name);
		w->a->unknown = 1;
		return;
	}
	if ((t = lw_need_table(w, name, a->kind == NODE_MAP ?
	    node_get(a, "name") : a)) == NULL)
		return;
	if ((c = model_referenced_by(w->m, name, NULL, &from)) != NULL)
		lw_err(w, NULL, "cannot drop table '%s': foreign key '%s' of "
		    "table '%s' references it (drop that first)", name,
		    c->name, from->name);
	w->a->tbl = m_table_copy(t);
	model_table_indexes(w->m, name, &w->a->indexes);
}

static void
lower_rename_table(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = map_str(a, "name"), *nn = map_str(a, "new_name");

	w->a->table = xstrdup(name);
	w->a->schema = xstrdup0(map_str(a, "schema"));
	w->a->new_name = xstrdup(nn);
	if (lw_need_table(w, name, node_get(a, "name")) == NULL)
		return;
	if (strcmp(name, nn) != 0)
		lw_relation_taken(w, nn, node_get(a, "new_name"), "table");
}

static void
lower_table_comment(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *tname = a->kind == NODE_MAP ? map_str(a, "table") : a->text;
	struct m_table *t;

	w->a->table = xstrdup(tname);
	/* comment: null drops it, as COMMENT ON ... IS NULL does
	   (PostgreSQL 15 docs, COMMENT). */
	if (w->op->def->kind == OP_CREATE_TABLE_COMMENT)
		w->a->comment = xstrdup0(map_str(a, "comment"));
	if ((t = lw_need_table(w, tname, a->kind == NODE_MAP ?
	    node_get(a, "table") : a)) == NULL)
		return;
	w->a->old_comment = xstrdup0(t->comment);
	w->a->schema = xstrdup0(t->schema);
}

static void
apply_create_table(struct model *m, struct m_table *t, const struct action *a)
{
	size_t i;

	(void)t;
	model_table_add(m, m_table_copy(a->tbl));
	for (i = 0; i < a->indexes.len; i++)
		model_add_index(m, m_index_copy(a->indexes.items[i]));
}

static void
apply_drop_table(struct model *m, struct m_table *t, const struct action *a)
{
	size_t i;

	if (t == NULL)
		return;
	model_gone_add(m, t->name, NULL, NULL, a->op);
	while (t->indexes.len > 0)
		model_index_removed(m, t->indexes.items[t->indexes.len - 1]);
	for (i = 0; i < t->cons.len; i++)
		model_con_removed(m, t, t->cons.items[i]);
	model_table_remove(m, t);
}

static void
apply_rename_table(struct model *m, struct m_table *t, const struct action *a)
{
	if (t != NULL)
		model_gone_add(m, a->table, NULL, a->new_name, a->op);
	model_rename_table(m, a->table, a->new_name);
}

static void
apply_table_comment(struct model *m, struct m_table *t,
    const struct action *a)
{
	(void)m;
	if (t != NULL) {
		free(t->comment);
		t->comment = a->comment ? xstrdup(a->comment) : NULL;
	}
}

/* create_table and drop_table swap; the table keeps its indexes. */
static int
invert_table(const struct action *a, struct action *out)
{
	size_t i;

	out->kind = a->kind == OP_CREATE_TABLE ? OP_DROP_TABLE :
	    OP_CREATE_TABLE;
	out->tbl = m_table_copy(a->tbl);
	for (i = 0; i < a->indexes.len; i++)
		ptrvec_push(&out->indexes, m_index_copy(a->indexes.items[i]));
	out->lossy = a->kind == OP_DROP_TABLE;
	return 1;
}

static int
invert_rename_table(const struct action *a, struct action *out)
{
	out->kind = OP_RENAME_TABLE;
	free(out->table);
	out->table = xstrdup(a->new_name);
	out->new_name = xstrdup(a->table);
	return 1;
}

static int
invert_table_comment(const struct action *a, struct action *out)
{
	out->kind = a->old_comment ? OP_CREATE_TABLE_COMMENT :
	    OP_DROP_TABLE_COMMENT;
	out->comment = xstrdup0(a->old_comment);
	out->old_comment = xstrdup0(a->comment);
	return 1;
}

static void
inverse_problem_create_table(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	if (model_table(m, a->tbl->name) != NULL)
		strbuf_addf(sb, "table '%s' exists already", a->tbl->name);
}

static void
inverse_problem_drop_table(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	model_inverse_table(m, a, sb);
}

/* The table comment ops and their inverses: the table must be there. */
static void
inverse_problem_table_comment(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	model_inverse_table(m, a, sb);
}

static void
inverse_problem_rename_table(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	if (model_inverse_table(m, a, sb) != NULL &&
	    model_table(m, a->new_name) != NULL)
		strbuf_addf(sb, "table '%s' exists already", a->new_name);
}

static void
render_create_table(struct r *r, const struct action *a, struct strbuf *out)
{
	size_t i;

	r->at_args = a->inverse ? NULL : a->op->args;
	render_table(r, a->tbl, a->tbl->name, a->if_not_exists, NULL, 1, out);
	r->at_args = NULL;
	for (i = 0; i < a->indexes.len; i++)
		render_index(r, a->indexes.items[i], a->tbl->schema, 0, 0, out);
}

static void
render_drop_table(struct r *r, const struct action *a, struct strbuf *out)
{
	struct tpl_var v[2];
	size_t n = 1;

	v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
	r_opt_var(r, DT_DROP_TABLE, v, &n, VAR("if_exists", a->if_exists ?
	    "1" : NULL), "drop_table");
	r_stmt(r, DT_DROP_TABLE, v, n, out);
}

static void
render_rename_table(struct r *r, const struct action *a, struct strbuf *out)
{
	struct tpl_var v[2];

	v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
	v[1] = VAR("new_name", r_ident(r, a->new_name));
	r_stmt(r, DT_RENAME_TABLE, v, 2, out);
}

static void
render_table_comment(struct r *r, const struct action *a, struct strbuf *out)
{
	render_comment_stmt(r, a->schema, a->table, NULL, a->comment, out);
}

static void
lint_create_table(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	size_t i;

	(void)old;
	lint_name(s, a, "table", a->tbl->name, cm);
	for (i = 0; i < a->tbl->cols.len; i++) {
		lint_name(s, a, "column", ((struct m_column *)
		    a->tbl->cols.items[i])->name, cm);
		lint_json(s, a, a->tbl->name, a->tbl->cols.items[i], cm);
	}
	for (i = 0; i < a->tbl->cons.len; i++)
		lint_name(s, a, "constraint", ((struct m_constraint *)
		    a->tbl->cons.items[i])->name, cm);
	for (i = 0; i < a->tbl->cons.len; i++)
		lint_fk_index(s, a, a->tbl, a->tbl->cons.items[i], cm);
}

static void
lint_drop_table(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	(void)old;
	lint_add(s, a->op, NULL, LINT_DROP_TABLE, cm, "drop_table removes "
	    "table '%s' and every row in it", a->table);
}

static void
lint_rename_table(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	lint_name(s, a, "table", a->new_name, cm);
	if (old)
		lint_add(s, a->op, NULL, LINT_RENAME_TABLE, cm, "rename_table "
		    "renames '%s' to '%s' under clients that still use the "
		    "old name", a->table, a->new_name);
}

const struct op_def op_create_table = {
	.name = "create_table", .kind = OP_CREATE_TABLE,
	.fields = create_table_fields, .supported = 1,
	.lower = lower_create_table, .apply = apply_create_table,
	.invert = invert_table,
	.inverse_problem = inverse_problem_create_table,
	.render = render_create_table, .lint = lint_create_table,
};

const struct op_def op_drop_table = {
	.name = "drop_table", .kind = OP_DROP_TABLE,
	.fields = drop_table_fields, .shorthand = "name", .supported = 1,
	.lower = lower_drop_table, .apply = apply_drop_table,
	.invert = invert_table, .inverse_problem = inverse_problem_drop_table,
	.render = render_drop_table, .lint = lint_drop_table,
	.locks = lint_locks_table,
};

const struct op_def op_rename_table = {
	.name = "rename_table", .kind = OP_RENAME_TABLE,
	.fields = rename_table_fields, .supported = 1,
	.lower = lower_rename_table, .apply = apply_rename_table,
	.invert = invert_rename_table,
	.inverse_problem = inverse_problem_rename_table,
	.render = render_rename_table, .lint = lint_rename_table,
	.locks = lint_locks_table,
};

const struct op_def op_create_table_comment = {
	.name = "create_table_comment", .kind = OP_CREATE_TABLE_COMMENT,
	.fields = table_comment_fields, .supported = 1,
	.lower = lower_table_comment, .apply = apply_table_comment,
	.invert = invert_table_comment,
	.inverse_problem = inverse_problem_table_comment,
	.render = render_table_comment,
};

const struct op_def op_drop_table_comment = {
	.name = "drop_table_comment", .kind = OP_DROP_TABLE_COMMENT,
	.fields = drop_table_comment_fields, .supported = 1,
	.lower = lower_table_comment, .apply = apply_table_comment,
	.invert = invert_table_comment,
	.inverse_problem = inverse_problem_table_comment,
	.render = render_table_comment,
};
