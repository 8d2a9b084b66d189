/*
 * ops_index.c -- create_index and drop_index.
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

static const struct field create_index_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 1 },
	{ "columns", FT_INDEX_COLUMNS, 1 },
	{ "unique", FT_BOOL, 0 },
	{ "where", FT_SQL, 0 },
	{ "concurrently", FT_BOOL, 0 },
	{ "if_not_exists", FT_BOOL, 0 },
	{ "schema", FT_NAME, 0 },
	{ "using", FT_DIALECT_NAME, 0 },
	{ "include", FT_NAMES, 0 },
	{ "nulls_not_distinct", FT_BOOL, 0 },
	{ "with", FT_PARAMS, 0 },
	{ "tablespace", FT_DIALECT_NAME, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_index_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "table", FT_NAME, 0 },
	{ "concurrently", FT_BOOL, 0 },
	{ "if_exists", FT_BOOL, 0 },
	{ "schema", FT_NAME, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

/*
 * The order and comparison an index column item gives (struct
 * m_index_key) into x->keys[i], which is made when the first item says
 * anything: an index of plain columns keeps keys NULL.
 */
static void
index_key_of(struct m_index *x, size_t i, const struct node *it)
{
	struct m_index_key k = { NULL, NULL, 0, 0, 0, 0, it };

	k.asc = map_bool(it, "asc", 0);
	k.desc = map_bool(it, "desc", 0);
	k.nulls_first = map_bool(it, "nulls_first", 0);
	k.nulls_last = map_bool(it, "nulls_last", 0);
	k.opclass = xstrdup0(map_str(it, "opclass"));
	k.collation = node_get(it, "collation");
	if (!k.asc && !k.desc && !k.nulls_first && !k.nulls_last &&
	    k.opclass == NULL && k.collation == NULL)
		return;
	if (x->keys == NULL)
		x->keys = xcalloc(x->ncols ? x->ncols : 1, sizeof *x->keys);
	x->keys[i] = k;
}

/* The core access methods (PostgreSQL 15 docs, 11.2 "Index Types"), with
   what each supports: UNIQUE (only B-tree, CREATE INDEX "UNIQUE") and
   INCLUDE (B-tree, GiST and SP-GiST, CREATE INDEX "INCLUDE").  A method
   an extension adds (hnsw, ivfflat, bloom, ...) is taken as written. */
static const struct { const char *name; int unique, include; } methods[] = {
	{ "btree", 1, 1 }, { "hash", 0, 0 }, { "gist", 0, 1 },
	{ "spgist", 0, 1 }, { "gin", 0, 0 }, { "brin", 0, 0 },
};

/* Checks the index method a dialect names (m: its name node) against
   what x asks of it; errors at the method. */
static void
check_method(struct lw *w, const struct m_index *x, const struct node *m)
{
	size_t i;

	if (!node_is_str(m))
		return;
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (strcmp(methods[i].name, m->text) != 0)
			continue;
		if (x->unique && !methods[i].unique)
			lw_err(w, &m->loc, "a %s index cannot be unique: only "
			    "btree indexes can (PostgreSQL docs, CREATE INDEX)",
			    m->text);
		if (x->ninclude > 0 && !methods[i].include)
			lw_err(w, &m->loc, "a %s index cannot have include "
			    "columns: only btree, gist and spgist indexes can",
			    m->text);
	}
}

/*
 * create_index's options into x: using, include, nulls_not_distinct,
 * with, tablespace (PostgreSQL 15 docs, CREATE INDEX).  NULLS NOT
 * DISTINCT says how a unique index compares NULLs, so it needs unique.
 */
static void
index_options(struct lw *w, struct m_index *x)
{
	const struct node *a = w->op->args, *v;
	size_t i;

	if ((v = node_get(a, "include")) != NULL)
		x->include = model_names_of(v, &x->ninclude);
	x->nulls_not_distinct = map_bool(a, "nulls_not_distinct", 0);
	if (x->nulls_not_distinct && !x->unique)
		lw_err(w, lw_at(node_key(a, "nulls_not_distinct")),
		    "nulls_not_distinct is for a unique index: add unique: "
		    "true");
	x->with = node_get(a, "with");
	x->tablespace = node_get(a, "tablespace");
	if ((x->method = node_get(a, "using")) == NULL)
		return;
	if (x->method->kind != NODE_MAP)
		check_method(w, x, x->method);
	else
		for (i = 0; i < x->method->n; i++)
			check_method(w, x, x->method->items[2 * i + 1]);
}

static void
lower_create_index(struct lw *w)
{
	const struct node *a = w->op->args, *cols = node_get(a, "columns");
	const char *tname = map_str(a, "table"), *name = map_str(a, "name");
	struct m_index *x = xcalloc(1, sizeof *x);
	struct m_table *t;
	size_t i;

	x->name = xstrdup(name);
	x->table = xstrdup(tname);
	x->ncols = cols->n;
	x->cols = xcalloc(cols->n ? cols->n : 1, sizeof *x->cols);
	x->exprs = xcalloc(cols->n ? cols->n : 1, sizeof *x->exprs);
	for (i = 0; i < cols->n; i++) {
		const struct node *it = cols->items[i];

		if (it->kind != NODE_MAP) {
			x->cols[i] = xstrdup(it->text);
			continue;
		}
		if ((x->exprs[i] = node_get(it, "sql")) == NULL)
			x->cols[i] = xstrdup(map_str(it, "name"));
		index_key_of(x, i, it);
	}
	x->unique = map_bool(a, "unique", 0);
	x->where = node_get(a, "where");
	index_options(w, x);
	w->a->idx = x;
	w->a->table = xstrdup(tname);
	w->a->schema = xstrdup0(map_str(a, "schema"));
	w->a->if_not_exists = map_bool(a, "if_not_exists", 0);
	t = lw_need_table(w, tname, node_get(a, "table"));
	if (model_index(w->m, name) != NULL && w->a->if_not_exists) {
		diag_warning(w->d, &w->op->loc, "index '%s' already exists: "
		    "this create_index does nothing", name);
		w->a->unknown = 1;
	} else
		lw_relation_taken(w, name, node_get(a, "name"), "index");
	if (t != NULL)
		for (i = 0; i < cols->n; i++)
			if (x->cols[i] != NULL)
				lw_need_column(w, t, x->cols[i],
				    cols->items[i]->kind == NODE_MAP ?
				    node_get(cols->items[i], "name") :
				    cols->items[i]);
	for (i = 0; t != NULL && i < x->ninclude; i++)
		lw_need_column(w, t, x->include[i],
		    node_get(a, "include")->items[i]);
}

static void
lower_drop_index(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = a->kind == NODE_MAP ? map_str(a, "name") : a->text;
	const char *tname = a->kind == NODE_MAP ? map_str(a, "table") : NULL;
	struct m_index *x = model_index(w->m, name);

	w->a->if_exists = a->kind == NODE_MAP && map_bool(a, "if_exists", 0);
	w->a->schema = a->kind == NODE_MAP ? xstrdup0(map_str(a,
	    "schema")) : NULL;
	if (x == NULL) {
		struct strbuf h = STRBUF_INIT;

		model_hint(&h, name, &w->m->indexes);
		if (w->a->if_exists) {
			diag_warning(w->d, &w->op->loc, "unknown index '%s'%s: "
			    "this drop_index does nothing", name,
			    strbuf_str(&h));
			w->a->unknown = 1;
		} else
			lw_missing(w, a->kind == NODE_MAP ? lw_at(node_get(a,
			    "name")) : &a->loc, "unknown index '%s'%s", name,
			    strbuf_str(&h));
		strbuf_free(&h);
		x = xcalloc(1, sizeof *x);
		x->name = xstrdup(name);
		x->table = xstrdup(tname ? tname : "");
		x->cols = xmalloc(sizeof *x->cols);
		x->exprs = xmalloc(sizeof *x->exprs);
		w->a->idx = x;
		w->a->table = xstrdup0(tname);
		return;
	}
	if (tname != NULL && strcmp(tname, x->table) != 0)
		lw_err(w, lw_at(node_get(a, "table")),
		    "index '%s' is on table '%s', "
		    "not '%s'", name, x->table, tname);
	w->a->idx = m_index_copy(x);
	w->a->table = xstrdup(x->table);
}

static void
apply_create_index(struct model *m, struct m_table *t, const struct action *a)
{
	(void)t;
	model_add_index(m, m_index_copy(a->idx));
}

static void
apply_drop_index(struct model *m, struct m_table *t, const struct action *a)
{
	struct m_index *x = model_index(m, a->idx->name);

	(void)t;
	if (x != NULL)
		model_index_removed(m, x);
}

static int
invert_create_index(const struct action *a, struct action *out)
{
	out->kind = OP_DROP_INDEX;
	out->idx = m_index_copy(a->idx);
	return 1;
}

static int
invert_drop_index(const struct action *a, struct action *out)
{
	/* An index an execute made: its method, options and expressions
	   are not known, so it cannot be made again. */
	if (a->idx->raw != NULL)
		return 0;
	out->kind = OP_CREATE_INDEX;
	out->idx = m_index_copy(a->idx);
	return 1;
}

static void
inverse_problem_index(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	if ((model_index(m, a->idx->name) != NULL) !=
	    (a->kind == OP_DROP_INDEX))
		strbuf_addf(sb, a->kind == OP_DROP_INDEX ? "there is no index "
		    "'%s'" : "index '%s' exists already", a->idx->name);
}

/*
 * concurrently: true as the dialect writes it: outside a transaction
 * (PostgreSQL's CONCURRENTLY), or, on an engine whose DDL commits
 * anyway, in the statement itself (MariaDB's ALGORITHM=INPLACE,
 * LOCK=NONE); not at all elsewhere (SQLite: no such thing).
 */
static int
concurrently(const struct r *r, const struct action *a)
{
	return render_outside_transaction(r->dl, a) ||
	    (a->non_transactional && !r->dl->transactional_ddl);
}

static void
render_create_index(struct r *r, const struct action *a, struct strbuf *out)
{
	render_index(r, a->idx, a->schema, a->if_not_exists,
	    concurrently(r, a), out);
}

static void
render_drop_index_op(struct r *r, const struct action *a, struct strbuf *out)
{
	render_drop_index(r, a, a->if_exists, concurrently(r, a), out);
}

static void
lint_index(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	int existing = lint_pre_existing(s, a->idx->table);

	(void)old;
	if (a->kind == OP_CREATE_INDEX)
		lint_name(s, a, "index", a->idx->name, cm);
	if (a->kind == OP_CREATE_INDEX && a->idx->unique && existing &&
	    !a->unknown)
		lint_add(s, a->op, NULL, LINT_UNIQUE_INDEX_EXISTING, cm,
		    "create_index builds unique index '%s' on table '%s', "
		    "which has rows already: it fails if two are equal",
		    a->idx->name, a->idx->table);
	if (existing && !a->non_transactional && !a->unknown)
		lint_add(s, a->op, NULL, LINT_INDEX_NOT_CONCURRENT, cm,
		    "%s %s index '%s' on table '%s' without concurrently: "
		    "true", a->op->def->name, a->kind == OP_CREATE_INDEX ?
		    "builds" : "drops", a->idx->name, a->idx->table);
}

/* DROP INDEX locks the index's table ACCESS EXCLUSIVE; CONCURRENTLY
   does not, and runs outside the transaction anyway. */
static const char *
locks_drop_index(const struct action *a)
{
	return !a->non_transactional && a->idx != NULL ? a->idx->table :
	    NULL;
}

const struct op_def op_create_index = {
	.name = "create_index", .kind = OP_CREATE_INDEX,
	.fields = create_index_fields, .supported = 1, .on_table = 1,
	.lower = lower_create_index, .apply = apply_create_index,
	.invert = invert_create_index, .inverse_problem = inverse_problem_index,
	.render = render_create_index, .lint = lint_index,
};

const struct op_def op_drop_index = {
	.name = "drop_index", .kind = OP_DROP_INDEX,
	.fields = drop_index_fields, .shorthand = "name", .supported = 1,
	.on_table = 1,
	.lower = lower_drop_index, .apply = apply_drop_index,
	.invert = invert_drop_index, .inverse_problem = inverse_problem_index,
	.render = render_drop_index_op, .lint = lint_index,
	.locks = locks_drop_index,
};
