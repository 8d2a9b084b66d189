/*
 * ops_constraint.c -- create_primary_key, create_unique_constraint,
 * create_check_constraint, create_foreign_key, create_exclude_constraint,
 * drop_constraint and validate_constraint.
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

static const struct field unique_constraint_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "columns", FT_NAMES, 1 },
	{ "include", FT_NAMES, 0 },
	{ "nulls_not_distinct", FT_BOOL, 0 },
	{ "deferrable", FT_BOOL, 0 },
	{ "initially", FT_INITIALLY, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field check_constraint_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "condition", FT_SQL, 1 },
	{ "not_valid", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field foreign_key_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "source_table", FT_NAME, 1 },
	{ "referent_table", FT_NAME, 1 },
	{ "local_cols", FT_NAMES, 1 },
	{ "remote_cols", FT_NAMES, 1 },
	{ "ondelete", FT_FK_ACTION, 0 },
	{ "onupdate", FT_FK_ACTION, 0 },
	{ "deferrable", FT_BOOL, 0 },
	{ "initially", FT_INITIALLY, 0 },
	{ "match", FT_FK_MATCH, 0 },
	{ "not_valid", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field primary_key_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "columns", FT_NAMES, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

/* After Alembic's op.create_exclude_constraint(name, table, *elements,
   where=, using=, deferrable=, initially=). */
static const struct field exclude_constraint_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "elements", FT_EXCLUDE_ELEMENTS, 1 },
	{ "using", FT_NAME, 0 },
	{ "where", FT_SQL, 0 },
	{ "deferrable", FT_BOOL, 0 },
	{ "initially", FT_INITIALLY, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_constraint_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "type", FT_STRING, 0 },
	{ "if_exists", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field validate_constraint_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

/*
 * The DEFERRABLE and INITIALLY of op mapping a (PostgreSQL 15 docs,
 * CREATE TABLE, "DEFERRABLE", "INITIALLY") into k: deferrable stays -1
 * when not said; initially in upper case.
 */
static void
deferrable_options(const struct node *a, struct m_constraint *k)
{
	const struct node *x;

	if ((x = node_get(a, "deferrable")) != NULL)
		k->deferrable = x->boolean;
	k->initially = model_initially(node_get(a, "initially"));
}

/*
 * A unique constraint's options (PostgreSQL 15 docs, CREATE TABLE:
 * UNIQUE [NULLS NOT DISTINCT] (columns) [INCLUDE (columns)]
 * [DEFERRABLE] [INITIALLY ...]) into k; the include columns are checked
 * with the others by lw_check_con().
 */
static void
unique_options(const struct node *a, struct m_constraint *k)
{
	const struct node *x;

	if ((x = node_get(a, "include")) != NULL)
		k->include = model_names_of(x, &k->ninclude);
	k->nulls_not_distinct = map_bool(a, "nulls_not_distinct", 0);
	deferrable_options(a, k);
}

static void
lower_add_constraint(struct lw *w)
{
	const struct node *a = w->op->args;
	enum op_kind kind = w->op->def->kind;
	const char *tname = kind == OP_CREATE_FOREIGN_KEY ?
	    map_str(a, "source_table") : map_str(a, "table");
	const struct node *tnode = node_get(a, kind == OP_CREATE_FOREIGN_KEY ?
	    "source_table" : "table");
	struct m_constraint *k;
	struct m_table *t;

	switch (kind) {
	case OP_CREATE_FOREIGN_KEY:
		k = model_make_fk(a, tname, "local_cols", "remote_cols",
		    "referent_table");
		break;
	case OP_CREATE_CHECK_CONSTRAINT:
		k = model_new_con(CON_CHECK, xstrdup(map_str(a, "name")));
		k->condition = node_get(a, "condition");
		k->cols = xmalloc(sizeof *k->cols);
		k->not_valid = map_bool(a, "not_valid", 0);
		break;
	default:
		k = model_new_con(kind == OP_CREATE_PRIMARY_KEY ?
		    CON_PRIMARY_KEY : CON_UNIQUE, xstrdup(map_str(a, "name")));
		k->cols = model_names_of(node_get(a, "columns"), &k->ncols);
		if (kind == OP_CREATE_UNIQUE_CONSTRAINT)
			unique_options(a, k);
		break;
	}
	w->a->con = k;
	w->a->table = xstrdup(tname);
	if ((t = lw_need_table(w, tname, tnode)) == NULL)
		return;
	lw_con_name_taken(w, t, k->name, k->type, node_get(a, "name"));
	if (k->type == CON_PRIMARY_KEY && model_table_pk(t) != NULL)
		lw_err(w, NULL, "table '%s' already has a primary key ('%s')",
		    tname, model_table_pk(t)->name);
	lw_check_con(w, t, k, node_get(a, k->type == CON_FOREIGN_KEY ?
	    "local_cols" : "columns"));
	w->a->schema = xstrdup0(t->schema);
}

/*
 * create_exclude_constraint: an exclusion constraint on an existing table
 * (PostgreSQL 15 docs, CREATE TABLE, EXCLUDE; Alembic's
 * op.create_exclude_constraint).  Its column elements must be columns of
 * the table (kept in k->cols, in order, for renames and drop_column); its
 * expressions are SQL, checked when they render.  The index method is
 * gist unless 'using' says otherwise (Alembic's default); gin and brin
 * are refused, as PostgreSQL refuses them ("access method does not
 * support exclusion constraints": they cannot fetch one row at a time).
 * Its name is an index's too, so no relation may have it.
 */
static void
lower_add_exclude(struct lw *w)
{
	const struct node *a = w->op->args, *els = node_get(a, "elements");
	const struct node *u = node_get(a, "using"), *c;
	const char *tname = map_str(a, "table");
	struct m_constraint *k;
	struct m_table *t;
	size_t i;

	k = model_new_con(CON_EXCLUDE, xstrdup(map_str(a, "name")));
	k->elements = els;
	k->cols = xcalloc(els->n ? els->n : 1, sizeof *k->cols);
	for (i = 0; i < els->n; i++)
		if ((c = node_get(els->items[i], "column")) != NULL)
			k->cols[k->ncols++] = xstrdup(c->text);
	k->method = xstrdup(u != NULL ? u->text : "gist");
	k->where = node_get(a, "where");
	deferrable_options(a, k);
	w->a->con = k;
	w->a->table = xstrdup(tname);
	if (strcmp(k->method, "gin") == 0 || strcmp(k->method, "brin") == 0)
		lw_err(w, lw_at(u), "a %s index cannot back an exclusion "
		    "constraint (PostgreSQL: access method \"%s\" does not "
		    "support exclusion constraints): use gist, spgist, btree "
		    "or hash", k->method, k->method);
	if ((t = lw_need_table(w, tname, node_get(a, "table"))) == NULL)
		return;
	lw_con_name_taken(w, t, k->name, k->type, node_get(a, "name"));
	for (i = 0; i < els->n; i++)
		if ((c = node_get(els->items[i], "column")) != NULL &&
		    table_column(t, c->text) == NULL)
			lw_need_column(w, t, c->text, c);
	w->a->schema = xstrdup0(t->schema);
}

static void
lower_drop_constraint(struct lw *w)
{
	const struct node *a = w->op->args, *ty = node_get(a, "type");
	const char *tname = map_str(a, "table"), *name = map_str(a, "name");
	struct m_table *t;
	struct m_constraint *k;
	const struct m_table *from;
	size_t i;

	w->a->table = xstrdup(tname);
	if (ty != NULL) {
		for (i = 0; i < CON_TYPES; i++)
			if (strcmp(ty->text, con_type_names[i]) == 0)
				break;
		if (i == CON_TYPES) {
			const char *s = suggest(ty->text, con_type_names);

			lw_err(w, &ty->loc, "unknown constraint type '%s'; use "
			    "primary, unique, check, foreignkey or exclude%s%s%s",
			    ty->text, s ? " (did you mean '" : "", s ? s : "",
			    s ? "'?)" : "");
		}
	}
	w->a->if_exists = map_bool(a, "if_exists", 0);
	if (w->a->if_exists && ((t = model_table(w->m, tname)) == NULL ||
	    table_constraint(t, name) == NULL)) {
		if (t == NULL)
			diag_warning(w->d, &w->op->loc, "there is no table "
			    "'%s': this drop_constraint does nothing", tname);
		else
			diag_warning(w->d, &w->op->loc, "table '%s' has no "
			    "constraint '%s': this drop_constraint does "
			    "nothing", tname, name);
		w->a->unknown = 1;
		k = model_new_con(CON_CHECK, xstrdup(name));
		k->cols = xmalloc(sizeof *k->cols);
		w->a->con = k;
		return;
	}
	if ((t = lw_need_table(w, tname, node_get(a, "table"))) == NULL ||
	    (k = table_constraint(t, name)) == NULL) {
		if (t != NULL) {
			struct strbuf h = STRBUF_INIT;

			model_hint(&h, name, &t->cons);
			lw_missing(w, lw_at(node_get(a, "name")),
			    "table '%s' has no "
			    "constraint '%s'%s", tname, name, strbuf_str(&h));
			strbuf_free(&h);
		}
		k = model_new_con(CON_CHECK, xstrdup(name));
		k->cols = xmalloc(sizeof *k->cols);
		w->a->con = k;
		return;
	}
	if (ty != NULL && strcmp(ty->text, con_type_names[k->type]) != 0 &&
	    w->ok)
		lw_err(w, &ty->loc, "constraint '%s' of table '%s' is a %s, "
		    "not '%s'", name, tname, con_type_words[k->type],
		    ty->text);
	if (k->type == CON_PRIMARY_KEY || k->type == CON_UNIQUE) {
		const struct m_constraint *f;

		for (i = 0; i < k->ncols; i++)
			if ((f = model_referenced_by(w->m, tname, k->cols[i],
			    &from)) != NULL && f != k) {
				lw_err(w, NULL,
				    "cannot drop %s '%s': foreign key "
				    "'%s' of table '%s' depends on it",
				    con_type_words[k->type], name, f->name,
				    from->name);
				break;
			}
	}
	w->a->con = model_con_copy(k);
	w->a->schema = xstrdup0(t->schema);
}

static void
apply_add_constraint(struct model *m, struct m_table *t,
    const struct action *a)
{
	size_t i;

	if (t == NULL)
		return;
	ptrvec_push(&t->cons, model_con_copy(a->con));
	model_con_added(m, t, t->cons.items[t->cons.len - 1]);
	/* PostgreSQL 15 docs, ALTER TABLE ADD table_constraint: a primary
	   key makes its columns NOT NULL. */
	if (a->con->type == CON_PRIMARY_KEY)
		for (i = 0; i < a->con->ncols; i++) {
			struct m_column *c = table_column(t, a->con->cols[i]);

			if (c != NULL)
				c->nullable = 0;
		}
}

static void
apply_drop_constraint(struct model *m, struct m_table *t,
    const struct action *a)
{
	size_t i;

	if (t == NULL)
		return;
	if ((i = model_named_pos(&t->cons, a->con->name)) != (size_t)-1) {
		model_con_removed(m, t, t->cons.items[i]);
		model_con_free(t->cons.items[i]);
		model_drop_ptr(&t->cons, i);
	}
}

static int
invert_add_constraint(const struct action *a, struct action *out)
{
	out->kind = OP_DROP_CONSTRAINT;
	out->con = model_con_copy(a->con);
	return 1;
}

static int
invert_drop_constraint(const struct action *a, struct action *out)
{
	static const enum op_kind kinds[CON_TYPES] = {
		OP_CREATE_PRIMARY_KEY, OP_CREATE_UNIQUE_CONSTRAINT,
		OP_CREATE_CHECK_CONSTRAINT, OP_CREATE_FOREIGN_KEY,
		OP_CREATE_EXCLUDE_CONSTRAINT
	};

	out->kind = kinds[a->con->type];
	out->con = model_con_copy(a->con);
	out->con->inline_col = 0;
	return 1;
}

static void
inverse_problem_drop_constraint(const struct model *m,
    const struct action *a, struct strbuf *sb)
{
	const struct m_table *t = a->table ? model_table(m, a->table) : NULL;

	if (t == NULL || table_constraint(t, a->con->name) == NULL)
		strbuf_addf(sb, "table '%s' has no constraint '%s'", a->table,
		    a->con->name);
}

/* 1 when cols (n) are the leading columns, in order, of key (nk). */
static int
leads(char *const *key, size_t nk, char *const *cols, size_t n)
{
	size_t i;

	if (key == NULL || nk < n)
		return 0;
	for (i = 0; i < n; i++)
		if (key[i] == NULL || strcmp(key[i], cols[i]) != 0)
			return 0;
	return 1;
}

const struct m_constraint *
render_fk_needing(const struct model *m, const char *table,
    const char *name, char *const *cols, size_t ncols)
{
	const struct m_table *t = model_table(m, table);
	size_t i, j;

	for (i = 0; t != NULL && i < t->cons.len; i++) {
		const struct m_constraint *k = t->cons.items[i];
		int other = 0;

		if (k->type != CON_FOREIGN_KEY ||
		    !leads(cols, ncols, k->cols, k->ncols))
			continue;
		for (j = 0; j < t->indexes.len && !other; j++) {
			const struct m_index *y = t->indexes.items[j];

			other = strcmp(y->name, name) != 0 &&
			    leads(y->cols, y->ncols, k->cols, k->ncols);
		}
		for (j = 0; j < t->cons.len && !other; j++) {
			const struct m_constraint *c = t->cons.items[j];

			other = (c->type == CON_PRIMARY_KEY ||
			    c->type == CON_UNIQUE) && strcmp(c->name, name) != 0 &&
			    leads(c->cols, c->ncols, k->cols, k->ncols);
		}
		if (!other)
			return k;
	}
	return NULL;
}

void
r_fk_index_vars(struct r *r, enum dialect_tpl which, const char *table,
    const char *name, char *const *cols, size_t ncols, struct tpl_var *v,
    size_t *n)
{
	const struct m_constraint *k;
	const char **list;
	size_t i;

	if (table == NULL || !tpl_uses(r->dl->tpl[which], "fk_index") ||
	    (k = render_fk_needing(r->m, table, name, cols, ncols)) == NULL)
		return;
	list = r_new_list(r, k->ncols);
	for (i = 0; i < k->ncols; i++)
		list[i] = r_ident(r, k->cols[i]);
	v[(*n)++] = VAR("fk_index", r_ident(r, k->name));
	v[(*n)++] = LIST("fk_columns", list, k->ncols);
}

void
render_drop_con(struct r *r, const char *schema, const char *table,
    const struct m_constraint *k, int if_exists, struct strbuf *out)
{
	static const char *const kinds[] = {
		"primary_key", "foreign_key", "unique", "check"
	};
	static const enum con_type types[] = {
		CON_PRIMARY_KEY, CON_FOREIGN_KEY, CON_UNIQUE, CON_CHECK
	};
	const struct tpl *t = r->dl->tpl[DT_DROP_CONSTRAINT];
	const struct m_table *tb;
	struct tpl_var v[7];
	size_t i, n = 2;
	int kind_used = 0, known = 0;

	v[0] = VAR("table", r_table_ref(r, schema, table));
	v[1] = VAR("name", r_ident(r, k->name));
	r_opt_var(r, DT_DROP_CONSTRAINT, v, &n, VAR("if_exists",
	    if_exists ? "1" : NULL), "drop_constraint");
	/* An engine that drops each kind its own way (MariaDB: DROP PRIMARY
	   KEY, DROP FOREIGN KEY x, DROP INDEX x, DROP CONSTRAINT x) is told
	   the kind; one the model does not know cannot be dropped there. */
	for (i = 0; i < 4; i++) {
		kind_used |= tpl_uses(t, kinds[i]);
		if (k->type == types[i] && tpl_uses(t, kinds[i])) {
			v[n++] = VAR(kinds[i], "1");
			known = 1;
		}
	}
	/* An index named after a foreign key is InnoDB's own for it,
	   unless the model has one of that name: it goes with the key. */
	if (k->type == CON_FOREIGN_KEY && tpl_uses(t, "fk_own_index") &&
	    (tb = model_table(r->m, table)) != NULL) {
		for (i = 0; i < tb->indexes.len; i++)
			if (strcmp(((const struct m_index *)
			    tb->indexes.items[i])->name, k->name) == 0)
				break;
		if (i == tb->indexes.len)
			v[n++] = VAR("fk_own_index", "1");
	}
	if (k->type == CON_PRIMARY_KEY || k->type == CON_UNIQUE)
		r_fk_index_vars(r, DT_DROP_CONSTRAINT, table, k->name, k->cols,
		    k->ncols, v, &n);
	if (kind_used && !known) {
		r_err(r, NULL, "the %s dialect drops each kind of constraint "
		    "its own way, and the kind of '%s' is not known here (%s): "
		    "give the drop_constraint its type (primary, foreignkey, "
		    "unique or check)", r->dl->name, k->name,
		    k->type == CON_EXCLUDE ? "an exclusion constraint" :
		    "the model does not have it");
		return;
	}
	r_stmt(r, DT_DROP_CONSTRAINT, v, n, out);
}

/* The constraint an action adds or drops, as an ALTER TABLE. */
static void
render_constraint_op(struct r *r, const struct action *a, struct strbuf *out)
{
	struct tpl_var v[3];
	struct strbuf what = STRBUF_INIT;
	size_t n = 2;
	const char *e;

	v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
	if (a->kind == OP_DROP_CONSTRAINT) {
		if (r->dl->tpl[DT_DROP_CONSTRAINT] == NULL) {
			/* if_exists on a constraint the model does not have,
			   where a rebuild cannot help: needs_rebuild_constraint */
			r_err(r, NULL, "the %s dialect cannot drop constraint "
			    "'%s' if it exists: it has no drop_constraint "
			    "template, and the model has no such constraint to "
			    "rebuild the table without", r->dl->name,
			    a->con->name);
			return;
		}
		render_drop_con(r, a->schema, a->table, a->con, a->if_exists,
		    out);
		return;
	}
	if ((e = render_con(r, a->con)) == NULL)
		return;
	v[1] = VAR("constraint", e);
	strbuf_addf(&what, "%s '%s'", con_type_words[a->con->type],
	    a->con->name);
	r_opt_var(r, DT_ADD_CONSTRAINT, v, &n, VAR("not_valid",
	    a->con->not_valid ? "1" : NULL), r_keep_sb(r, &what));
	r_stmt(r, DT_ADD_CONSTRAINT, v, n, out);
}

static int
needs_rebuild_constraint(const struct dialect *dl, const struct model *m,
    const struct action *a)
{
	(void)m;
	if (a->unknown && a->if_exists)
		return 0;
	return dl->tpl[DT_ADD_CONSTRAINT] == NULL ||
	    dl->tpl[DT_DROP_CONSTRAINT] == NULL;
}

static void
lint_add_constraint(struct render_session *s, const struct action *a,
    int old, struct strbuf *cm)
{
	const char *t = a->table;

	lint_name(s, a, "constraint", a->con->name, cm);
	if (a->kind == OP_CREATE_FOREIGN_KEY)
		lint_fk_index(s, a, model_table(s->m, t), a->con, cm);
	/* NOT VALID checks no row: validate_constraint does, later, under
	   a lock that lets writes go on (the recipe the notes give). */
	if (!old || a->con->not_valid)
		return;
	if (a->kind == OP_CREATE_FOREIGN_KEY)
		lint_add(s, a->op, NULL, LINT_ADD_FOREIGN_KEY, cm,
		    "create_foreign_key adds '%s' to table '%s', which has "
		    "rows already", a->con->name, t);
	else if (a->kind == OP_CREATE_CHECK_CONSTRAINT)
		lint_add(s, a->op, NULL, LINT_ADD_CHECK, cm,
		    "create_check_constraint adds '%s' to table '%s', which "
		    "has rows already", a->con->name, t);
	else
		lint_add(s, a->op, NULL, LINT_ADD_UNIQUE, cm, "%s adds '%s' to "
		    "table '%s', which has rows already", a->op->def->name,
		    a->con->name, t);
}

static void
lint_drop_constraint(struct render_session *s, const struct action *a,
    int old, struct strbuf *cm)
{
	if (old && a->con != NULL && a->con->type == CON_FOREIGN_KEY)
		lint_add(s, a->op, NULL, LINT_DROP_FOREIGN_KEY, cm,
		    "drop_constraint drops foreign key '%s' of table '%s': "
		    "nothing checks that its rows reference rows of '%s' any "
		    "more", a->con->name, a->table, a->con->ref_table ?
		    a->con->ref_table : "?");
}

/*
 * An exclusion constraint's lint: its name's length.  Adding one to a
 * table with rows builds its index under an ACCESS EXCLUSIVE lock (the
 * locks hook says so, for statements-after-exclusive-lock); no other
 * rule fits: add-unique-constraint's remedy, ADD CONSTRAINT ... USING
 * INDEX, takes only a unique index (PostgreSQL 15 docs, ALTER TABLE,
 * "table_constraint_using_index").
 */
static void
lint_add_exclude(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	(void)old;
	lint_name(s, a, "constraint", a->con->name, cm);
}

/* SQLite has no exclusion constraints: a dialect without the exclude
   template refuses the op where it renders (render_con()), rather than
   rebuild the table for it. */
static int
needs_rebuild_exclude(const struct dialect *dl, const struct model *m,
    const struct action *a)
{
	return dl->tpl[DT_EXCLUDE] != NULL &&
	    needs_rebuild_constraint(dl, m, a);
}

/* ADD CONSTRAINT takes ACCESS EXCLUSIVE, but a foreign key only SHARE
   ROW EXCLUSIVE (PostgreSQL 15 docs, ALTER TABLE, "ADD
   table_constraint"). */
static const char *
locks_add_constraint(const struct action *a)
{
	return a->kind == OP_CREATE_FOREIGN_KEY ? NULL : a->table;
}

#define ADD_CONSTRAINT_HOOKS \
	.supported = 1, .on_table = 1, \
	.lower = lower_add_constraint, .apply = apply_add_constraint, \
	.invert = invert_add_constraint, .render = render_constraint_op, \
	.needs_rebuild = needs_rebuild_constraint, .lint = lint_add_constraint, \
	.locks = locks_add_constraint

const struct op_def op_create_primary_key = {
	.name = "create_primary_key", .kind = OP_CREATE_PRIMARY_KEY,
	.fields = primary_key_fields, ADD_CONSTRAINT_HOOKS,
};

const struct op_def op_create_unique_constraint = {
	.name = "create_unique_constraint",
	.kind = OP_CREATE_UNIQUE_CONSTRAINT,
	.fields = unique_constraint_fields, ADD_CONSTRAINT_HOOKS,
};

const struct op_def op_create_check_constraint = {
	.name = "create_check_constraint", .kind = OP_CREATE_CHECK_CONSTRAINT,
	.fields = check_constraint_fields, ADD_CONSTRAINT_HOOKS,
};

const struct op_def op_create_foreign_key = {
	.name = "create_foreign_key", .kind = OP_CREATE_FOREIGN_KEY,
	.fields = foreign_key_fields, ADD_CONSTRAINT_HOOKS,
};

const struct op_def op_create_exclude_constraint = {
	.name = "create_exclude_constraint",
	.kind = OP_CREATE_EXCLUDE_CONSTRAINT,
	.fields = exclude_constraint_fields, .supported = 1, .on_table = 1,
	.lower = lower_add_exclude, .apply = apply_add_constraint,
	.invert = invert_add_constraint, .render = render_constraint_op,
	.needs_rebuild = needs_rebuild_exclude, .lint = lint_add_exclude,
	.locks = lint_locks_table,
};

const struct op_def op_drop_constraint = {
	.name = "drop_constraint", .kind = OP_DROP_CONSTRAINT,
	.fields = drop_constraint_fields, .supported = 1, .on_table = 1,
	.lower = lower_drop_constraint, .apply = apply_drop_constraint,
	.invert = invert_drop_constraint,
	.inverse_problem = inverse_problem_drop_constraint,
	.render = render_constraint_op,
	.needs_rebuild = needs_rebuild_constraint,
	.lint = lint_drop_constraint, .locks = lint_locks_table,
};

/*
 * validate_constraint: checks the rows against a foreign key or a check
 * added with not_valid: true (PostgreSQL 15 docs, ALTER TABLE VALIDATE
 * CONSTRAINT: "only allowed for foreign key and CHECK constraints"; it
 * takes a SHARE UPDATE EXCLUSIVE lock, so writes go on).  One that is
 * valid already is a warning: the statement does nothing.
 */
static void
lower_validate_constraint(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *tname = map_str(a, "table"), *name = map_str(a, "name");
	struct m_table *t;
	struct m_constraint *k = NULL;

	w->a->table = xstrdup(tname);
	if ((t = lw_need_table(w, tname, node_get(a, "table"))) != NULL &&
	    (k = table_constraint(t, name)) == NULL) {
		struct strbuf h = STRBUF_INIT;

		model_hint(&h, name, &t->cons);
		lw_missing(w, lw_at(node_get(a, "name")), "table '%s' has no "
		    "constraint '%s'%s", tname, name, strbuf_str(&h));
		strbuf_free(&h);
	}
	if (k == NULL) {
		k = model_new_con(CON_CHECK, xstrdup(name));
		k->cols = xmalloc(sizeof *k->cols);
		w->a->con = k;
		return;
	}
	w->a->con = model_con_copy(k);
	w->a->schema = xstrdup0(t->schema);
	if (k->type != CON_FOREIGN_KEY && k->type != CON_CHECK)
		lw_err(w, lw_at(node_get(a, "name")), "%s '%s' cannot be "
		    "validated: only a foreign key or a check constraint is "
		    "added NOT VALID", con_type_words[k->type], name);
	else if (!k->not_valid)
		diag_warning(w->d, lw_at(node_get(a, "name")), "%s '%s' of "
		    "table '%s' is valid already (it was not added with "
		    "not_valid: true): this validate_constraint does nothing",
		    con_type_words[k->type], name, tname);
}

/* Validating marks the constraint valid; its inverse (which writes no
   SQL) marks it NOT VALID again. */
static void
apply_validate_constraint(struct model *m, struct m_table *t,
    const struct action *a)
{
	struct m_constraint *k = t ? table_constraint(t, a->con->name) : NULL;

	(void)m;
	if (k != NULL)
		k->not_valid = a->inverse ? a->con->not_valid : 0;
}

static int
invert_validate_constraint(const struct action *a, struct action *out)
{
	out->kind = OP_VALIDATE_CONSTRAINT;
	out->con = model_con_copy(a->con);
	return 1;
}

static void
inverse_problem_validate(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	const struct m_table *t = a->table ? model_table(m, a->table) : NULL;

	if (t == NULL || table_constraint(t, a->con->name) == NULL)
		strbuf_addf(sb, "table '%s' has no constraint '%s'", a->table,
		    a->con->name);
}

/*
 * VALIDATE CONSTRAINT through the dialect's template.  Its inverse puts
 * the constraint back NOT VALID, as it was: dropped and added again with
 * NOT VALID, which checks no row.  A dialect without the template
 * (SQLite, whose rebuilds check every row as they copy it, so that
 * nothing is ever NOT VALID there), and the inverse of a validation that
 * found the constraint valid already, write a comment that says so.
 */
static void
render_validate_constraint(struct r *r, const struct action *a,
    struct strbuf *out)
{
	struct strbuf note = STRBUF_INIT;
	struct action back;
	struct tpl_var v[2];

	if (r->dl->tpl[DT_VALIDATE_CONSTRAINT] == NULL ||
	    (a->inverse && !a->con->not_valid)) {
		strbuf_addf(&note, a->inverse ? "validate_constraint %s: "
		    "nothing to undo (it was valid already)" :
		    "validate_constraint %s: nothing to do on %s, whose "
		    "constraints are checked against every row when they are "
		    "added", a->con->name, r->dl->name);
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
		return;
	}
	if (a->inverse) {
		back = *a;
		back.kind = OP_DROP_CONSTRAINT;
		render_constraint_op(r, &back, out);
		back.kind = a->con->type == CON_FOREIGN_KEY ?
		    OP_CREATE_FOREIGN_KEY : OP_CREATE_CHECK_CONSTRAINT;
		render_constraint_op(r, &back, out);
		return;
	}
	v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
	v[1] = VAR("name", r_ident(r, a->con->name));
	r_stmt(r, DT_VALIDATE_CONSTRAINT, v, 2, out);
}

const struct op_def op_validate_constraint = {
	.name = "validate_constraint", .kind = OP_VALIDATE_CONSTRAINT,
	.fields = validate_constraint_fields, .supported = 1,
	.lower = lower_validate_constraint, .apply = apply_validate_constraint,
	.invert = invert_validate_constraint,
	.inverse_problem = inverse_problem_validate,
	.render = render_validate_constraint,
};
