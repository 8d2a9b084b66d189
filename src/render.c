/* render.c -- actions through dialect templates; SQLite table rebuilds. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/ddl.h"
#include "migsql/lint.h"
#include "migsql/render.h"
#include "migsql/sqlcheck.h"
#include "migsql/sqlitecheck.h"
#include "migsql/text.h"
#include "migsql/template.h"
#include "render_int.h"


void
r_init(struct r *r, const struct dialect *dl, const struct model *m,
    const struct loc *loc, struct diags *d)
{
	memset(r, 0, sizeof *r);
	r->dl = dl;
	r->m = m;
	r->loc = loc;
	r->d = d;
	r->ok = 1;
}

void
r_done(struct r *r)
{
	size_t i;

	for (i = 0; i < r->strs.len; i++)
		free(r->strs.items[i]);
	for (i = 0; i < r->lists.len; i++)
		free(r->lists.items[i]);
	ptrvec_free(&r->strs);
	ptrvec_free(&r->lists);
	strmap_free(&r->bad_names);
}

void
r_err(struct r *r, const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(r->d, EXIT_INPUT, l ? l : r->loc, fmt, ap);
	va_end(ap);
	r->ok = 0;
}

/*
 * r_err(), but once: an error already reported at the same place with the
 * same words is not repeated (an index a SQLite rebuild writes again from
 * the model refuses there as its create_index did).
 */
static void
r_err_once(struct r *r, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
r_err_once(struct r *r, const struct loc *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	size_t i;

	if (l == NULL)
		l = r->loc;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	for (i = 0; l != NULL && i < r->d->len; i++) {
		const struct diag *g = &r->d->items[i];

		if (g->severity == SEV_ERROR && g->loc.line == l->line &&
		    g->loc.col == l->col && g->loc.file != NULL &&
		    l->file != NULL && strcmp(g->loc.file, l->file) == 0 &&
		    strcmp(g->message, sb.buf) == 0)
			break;
	}
	if (l == NULL || i == r->d->len)
		r_err(r, l, "%s", sb.buf);
	else
		r->ok = 0;
	strbuf_free(&sb);
}

const char *
r_keep(struct r *r, char *s)
{
	ptrvec_push(&r->strs, s);
	return s;
}

const char *
r_keep_sb(struct r *r, struct strbuf *sb)
{
	if (sb->buf == NULL)
		strbuf_addn(sb, "", 0);
	return r_keep(r, strbuf_detach(sb));
}

const char **
r_new_list(struct r *r, size_t n)
{
	const char **v = xcalloc(n ? n : 1, sizeof *v);

	ptrvec_push(&r->lists, v);
	return v;
}

/*
 * A quoted identifier; reports, once per name, one over the dialect's
 * limit and one that the dialect's client would change.
 */
const char *
r_ident(struct r *r, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	/* Once per name: a table's name recurs in its indexes and keys. */
	if (strmap_get(&r->bad_names, name) == NULL) {
		const char *why;
		int bad = 0;

		if (dialect_ident_too_long(r->dl, name)) {
			r_err(r, NULL, "the name '%s' is %zu bytes long; %s "
			    "allows at most %lu", name, strlen(name),
			    r->dl->name, r->dl->max_ident);
			bad = 1;
		}
		if ((why = dialect_name_refused(r->dl, name)) != NULL) {
			r_err(r, NULL,
			    "the name '%s' cannot be written for %s: "
			    "%s", name, r->dl->name, why);
			bad = 1;
		}
		/* A name has no expression form for the CR, as a literal
		   has (literals.carriage_return): refuse it. */
		if (r->dl->lit_cr != NULL && strstr(name, "\r\n") != NULL) {
			r_err(r, NULL, "the name '%s' holds a carriage return "
			    "before a line break, which %s's client drops "
			    "(see literals.carriage_return): the database "
			    "would get another name", name, r->dl->name);
			bad = 1;
		}
		if (bad)
			strmap_put(&r->bad_names, name, (void *)r);
	}
	dialect_ident(r->dl, name, &sb);
	return r_keep_sb(r, &sb);
}

/* schema.table or table, each part quoted. */
const char *
r_table_ref(struct r *r, const char *schema, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	if (schema != NULL) {
		strbuf_adds(&sb, r_ident(r, schema));
		strbuf_addc(&sb, '.');
	}
	strbuf_adds(&sb, r_ident(r, name));
	return r_keep_sb(r, &sb);
}

const char *
r_literal(struct r *r, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	dialect_literal(r->dl, s, &sb);
	return r_keep_sb(r, &sb);
}

const char *
r_plain_literal(struct r *r, const char *s, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	if (r->dl->lit_concat == NULL)
		return r_literal(r, s);
	for (p = s; *p != '\0'; p++)
		if (*p == '\r' || (*p == '\\' && (p[1] == '\0' ||
		    p[1] == r->dl->string_quote || p[1] == '\\'))) {
			r_err(r, NULL, "the %s dialect takes %s only as a plain "
			    "string, and this one holds %s: write it without",
			    r->dl->name, what, *p == '\r' ? "a carriage return, "
			    "which the client would drop at a line's end" :
			    "a backslash before a quote, another backslash or "
			    "its end, where the client's reading would depend on "
			    "the server's sql_mode");
			return "''";
		}
	strbuf_addc(&sb, r->dl->string_quote);
	for (p = s; *p != '\0'; p++) {
		if (*p == r->dl->string_quote)
			strbuf_addc(&sb, *p);
		strbuf_addc(&sb, *p);
	}
	strbuf_addc(&sb, r->dl->string_quote);
	return r_keep_sb(r, &sb);
}

static const char *const *
r_ident_list(struct r *r, char *const *names, size_t n)
{
	const char **v = r_new_list(r, n);
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = r_ident(r, names[i]);
	return v;
}

const char *
r_tpl(struct r *r, enum dialect_tpl which, const struct tpl_var *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	tpl_render(r->dl->tpl[which], v, n, &sb);
	return r_keep_sb(r, &sb);
}

/* Appends a statement template's text and a newline. */
void
r_stmt(struct r *r, enum dialect_tpl which, const struct tpl_var *v, size_t n,
    struct strbuf *out)
{
	tpl_render(r->dl->tpl[which], v, n, out);
	strbuf_addc(out, '\n');
}


/*
 * Refuses SQL from a revision or a variable that the script's client would
 * not read as migsql places it (client_check_sql(): a quote or comment
 * left open, a client command such as psql's \\! or sqlite3's .shell, a
 * psql variable, a ';' inside an expression, ...), so that the client
 * runs exactly the SQL that was reviewed.  ctx says where the SQL goes.
 * Returns sql, or NULL after an error at at (or the op).  *shape, when
 * not NULL, receives what the check learnt of a clean snippet.
 */
const char *
r_client_safe(struct r *r, const char *sql, const struct loc *at,
    const char *what, enum client_context ctx, struct client_sql_shape *shape)
{
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	if (sql == NULL || client_check_sql(r->dl->client, sql, ctx, shape,
	    &p))
		return sql;
	r_err(r, at, "%s (line %u, column %u): %s", what, p.line, p.col,
	    p.message);
	client_problem_free(&p);
	return NULL;
}

/*
 * r_client_safe(), then the engine's grammar (sqlcheck_fragment()) for the
 * value of scalar src in context ctx.  Returns sql, or NULL after an
 * error.
 */
const char *
r_sql_safe(struct r *r, const struct node *src, const char *sql,
    const char *what, enum sqlpg_context ctx)
{
	if (r_client_safe(r, sql, &src->loc, what, CLIENT_EXPRESSION,
	    NULL) == NULL)
		return NULL;
	if (sql != NULL && !sqlcheck_fragment(r->dl, r->rev, src, sql, ctx,
	    what, r->d)) {
		r->ok = 0;
		return NULL;
	}
	return sql;
}

/*
 * The SQL a FT_SQL value gives for this dialect: its own key, else "sql".
 * *is_null is set for an explicit null.  Returns NULL (and reports) when
 * neither is there.
 */
const char *
r_pick_sql(struct r *r, const struct node *v, int *is_null, const char *what)
{
	const struct node *x;

	*is_null = 0;
	if (node_is_str(v))
		return r_sql_safe(r, v, v->text, what, SQLPG_EXPRESSION);
	x = node_get(v, r->dl->name);
	if (x == NULL)
		x = node_get(v, "sql");
	if (x == NULL) {
		r_err(r, &v->loc, "%s has no SQL for the %s dialect: add a "
		    "'%s' or 'sql' key", what, r->dl->name, r->dl->name);
		return NULL;
	}
	if (x->kind == NODE_SCALAR && x->type == SCALAR_NULL) {
		*is_null = 1;
		return NULL;
	}
	return r_sql_safe(r, x, x->text, what, SQLPG_EXPRESSION);
}

/* The inline constraint of type on column col of t, or NULL. */
const struct m_constraint *
r_inline_con(const struct m_table *t, const char *col, enum con_type type)
{
	size_t i;

	for (i = 0; t != NULL && i < t->cons.len; i++) {
		const struct m_constraint *k = t->cons.items[i];

		if (k->inline_col && k->type == type && k->ncols == 1 &&
		    strcmp(k->cols[0], col) == 0)
			return k;
	}
	return NULL;
}

void
r_opt_var(struct r *r, enum dialect_tpl which, struct tpl_var *v,
    size_t *n, struct tpl_var o, const char *what)
{
	const struct tpl *t = r->dl->tpl[which];

	if (o.value == NULL && (o.items == NULL || o.nitems == 0))
		return;
	if (t != NULL && tpl_uses(t, o.name))
		v[(*n)++] = o;
	else
		r_err_once(r, NULL, "the %s dialect cannot write %s with '%s': "
		    "its %s template has no {%s} placeholder", r->dl->name,
		    what, o.name, dialect_tpl_name(which), o.name);
}

/* A constraint's DEFERRABLE and INITIALLY (k of type FOREIGN KEY, UNIQUE
   or EXCLUDE) into v through template which, refused where it cannot. */
static void
deferrable_vars(struct r *r, enum dialect_tpl which,
    const struct m_constraint *k, struct tpl_var *v, size_t *n)
{
	struct strbuf what = STRBUF_INIT;
	const char *w;

	strbuf_addf(&what, "%s '%s'", con_type_words[k->type], k->name);
	w = r_keep_sb(r, &what);
	r_opt_var(r, which, v, n, VAR("deferrable", k->deferrable == 1 ? "1" :
	    NULL), w);
	r_opt_var(r, which, v, n, VAR("not_deferrable", k->deferrable == 0 ?
	    "1" : NULL), w);
	r_opt_var(r, which, v, n, VAR("initially", k->initially), w);
}

const char *
r_identity_options(struct r *r, const struct node *identity)
{
	struct strbuf sb = STRBUF_INIT;
	const struct node *x;

	if ((x = node_get(identity, "start")) != NULL)
		strbuf_addf(&sb, "START WITH %s", x->text);
	if ((x = node_get(identity, "increment")) != NULL)
		strbuf_addf(&sb, "%sINCREMENT BY %s", sb.len ? " " : "",
		    x->text);
	if (sb.len == 0) {
		strbuf_free(&sb);
		return NULL;
	}
	return r_keep_sb(r, &sb);
}

/* 1 when the dialect writes serial column c as a SERIAL type (and then
   not as an identity). */
static int
serial_type(struct r *r, const struct m_column *c)
{
	struct type_spec t;
	const char *why;

	return node_is_str(c->type) && type_parse(c->type->text, &t, &why) &&
	    r->dl->serial_types[t.type] != NULL;
}

int
r_writes_autoincrement(struct r *r, const struct m_column *c)
{
	return c->autoincrement && c->identity == NULL &&
	    !(c->autoincrement == AUTOINC_SERIAL && serial_type(r, c));
}

/*
 * The identity and computed placeholders of column c (PostgreSQL 15 docs,
 * CREATE TABLE: GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [ (
 * sequence_options ) ], GENERATED ALWAYS AS ( expr ) STORED; SQLite docs,
 * "Generated Columns": STORED or VIRTUAL), refused where the dialect's
 * column template has no placeholder for them.
 */
static void
generated_vars(struct r *r, const struct m_column *c, struct tpl_var *v,
    size_t *n)
{
	struct strbuf what = STRBUF_INIT;
	const struct node *g = c->computed;
	const char *w, *sql, *opts;
	int is_null = 0, persisted;

	if (c->identity == NULL && g == NULL)
		return;
	strbuf_addf(&what, "column '%s'", c->name);
	w = r_keep_sb(r, &what);
	if (c->identity != NULL) {
		r_opt_var(r, DT_COLUMN, v, n, VAR("identity", map_bool(
		    c->identity, "always", 0) ? "ALWAYS" : "BY DEFAULT"), w);
		if ((opts = r_identity_options(r, c->identity)) != NULL &&
		    r->dl->tpl[DT_COLUMN] != NULL &&
		    tpl_uses(r->dl->tpl[DT_COLUMN], "identity"))
			r_opt_var(r, DT_COLUMN, v, n, VAR("identity_options",
			    opts), w);
		return;
	}
	persisted = map_bool(g, "persisted", 1);
	if (g->kind == NODE_MAP && node_get(g, "sql") != NULL)
		g = node_get(g, "sql");
	if ((sql = r_pick_sql(r, g, &is_null, "the computed column")) == NULL)
		return;
	if (is_null) {
		r_err(r, &g->loc, "column '%s' is computed by nothing on the %s "
		    "dialect (null): give it an expression there", c->name,
		    r->dl->name);
		return;
	}
	if (r->pg_version && r->pg_version < 12)
		r_err_once(r, NULL, "generated columns (%s) need PostgreSQL "
		    "12, and migsql.yaml says postgresql_version: %d", w,
		    r->pg_version);
	r_opt_var(r, DT_COLUMN, v, n, VAR("computed", sql), w);
	r_opt_var(r, DT_COLUMN, v, n, VAR(persisted ? "stored" : "virtual",
	    "1"), w);
}

/* One column definition with the constraints t declares on it inline. */
const char *
render_column(struct r *r, const struct m_table *t, const char *table,
    const struct m_column *c)
{
	struct tpl_var v[22];
	const struct m_constraint *k;
	const char *cname, *cond;
	size_t n = 0;

	v[n++] = VAR("name", r_ident(r, c->name));
	v[n++] = VAR("type", r_column_type(r, c, c->autoincrement));
	v[n++] = VAR("not_null", c->nullable ? NULL : "1");
	v[n++] = VAR("default", render_default(r, c->server_default));
	v[n++] = VAR("autoincrement", r_writes_autoincrement(r, c) ? "1" :
	    NULL);
	generated_vars(r, c, v, &n);
	if (render_inline_comment(r->dl) && c->comment != NULL)
		v[n++] = VAR("comment", r_plain_literal(r, c->comment,
		    "a column comment"));
	/* An engine that names no constraint in a column definition gets
	   them all as table constraints (render_table). */
	if (!r->dl->inline_constraints || t == NULL)
		goto check;
	if ((k = r_inline_con(t, c->name, CON_PRIMARY_KEY)) != NULL)
		v[n++] = VAR("primary_key", r_ident(r, k->name));
	if ((k = r_inline_con(t, c->name, CON_UNIQUE)) != NULL)
		v[n++] = VAR("unique", r_ident(r, k->name));
	if ((k = r_inline_con(t, c->name, CON_FOREIGN_KEY)) != NULL) {
		v[n++] = VAR("references", r_ident(r, k->name));
		v[n++] = VAR("ref_table", r_ident(r, k->ref_table));
		v[n++] = VAR("ref_column", r_ident(r, k->ref_cols[0]));
		v[n++] = VAR("ondelete", k->ondelete);
		v[n++] = VAR("onupdate", k->onupdate);
		deferrable_vars(r, DT_COLUMN, k, v, &n);
	}
check:
	r_enum_check(r, table, c, &cname, &cond);
	v[n++] = VAR("check_name", cname);
	v[n++] = VAR("check", cond);
	return r_tpl(r, DT_COLUMN, v, n);
}

/*
 * Exclusion constraint k through the dialect's exclude template, each
 * element through exclude_element: a column as an identifier, an
 * expression (SQL checked as an index expression is) in parentheses, and
 * its operator as the revision wrote it (the loader checked that it is
 * one, pg_operator_problem()).  v holds {name} (*n of them); w names k
 * for messages.  NULL after an error: a dialect without the templates
 * (SQLite has no exclusion constraints), or one an execute made, whose
 * elements migsql does not know.
 */
static const char *
render_exclude(struct r *r, const struct m_constraint *k, struct tpl_var *v,
    size_t n, const char *w)
{
	const struct node *els = k->elements;
	const char **items;
	struct tpl_var ev[2];
	size_t i, col = 0;
	int is_null;

	if (r->dl->tpl[DT_EXCLUDE] == NULL) {
		r_err_once(r, NULL, "the %s dialect has no exclusion constraints "
		    "(its dialect file has no exclude template): %s cannot be "
		    "written", r->dl->name, w);
		return NULL;
	}
	if (els == NULL) {
		r_err(r, NULL, "%s was made by an execute: migsql does not know "
		    "its elements to write it again", w);
		return NULL;
	}
	items = r_new_list(r, els->n);
	for (i = 0; i < els->n; i++) {
		const struct node *it = els->items[i], *sql = node_get(it, "sql");

		if (sql != NULL) {
			r_sql_safe(r, sql, sql->text, "an exclusion element",
			    SQLPG_EXPRESSION);
			ev[0] = VAR("element", r_keep(r, xasprintf("(%s)",
			    sql->text)));
		} else
			ev[0] = VAR("element", r_ident(r, col < k->ncols ?
			    k->cols[col++] : map_str(it, "column")));
		ev[1] = VAR("operator", map_str(it, "operator"));
		items[i] = r_tpl(r, DT_EXCLUDE_ELEMENT, ev, 2);
	}
	v[n++] = VAR("using", r_ident(r, k->method ? k->method : "gist"));
	v[n++] = LIST("elements", items, els->n);
	if (k->where != NULL) {
		const char *sql = r_pick_sql(r, k->where, &is_null,
		    "the exclusion constraint's where");

		if (sql == NULL && !is_null)
			return NULL;
		r_opt_var(r, DT_EXCLUDE, v, &n, VAR("where", sql), w);
	}
	deferrable_vars(r, DT_EXCLUDE, k, v, &n);
	return r_tpl(r, DT_EXCLUDE, v, n);
}

/* A table-level constraint element ("CONSTRAINT x UNIQUE (a, b)"), or
   NULL for a check that says nothing for this dialect. */
const char *
render_con(struct r *r, const struct m_constraint *k)
{
	struct tpl_var v[12];
	struct strbuf what = STRBUF_INIT;
	size_t n = 0;
	int is_null;
	const char *sql, *w;

	strbuf_addf(&what, "%s '%s'", con_type_words[k->type], k->name);
	w = r_keep_sb(r, &what);
	v[n++] = VAR("name", r_ident(r, k->name));
	switch (k->type) {
	case CON_PRIMARY_KEY:
		v[n++] = LIST("columns", r_ident_list(r, k->cols, k->ncols),
		    k->ncols);
		return r_tpl(r, DT_PRIMARY_KEY, v, n);
	case CON_UNIQUE:
		v[n++] = LIST("columns", r_ident_list(r, k->cols, k->ncols),
		    k->ncols);
		r_opt_var(r, DT_UNIQUE, v, &n, LIST("include", r_ident_list(r,
		    k->include, k->ninclude), k->ninclude), w);
		r_opt_var(r, DT_UNIQUE, v, &n, VAR("nulls_not_distinct",
		    k->nulls_not_distinct ? "1" : NULL), w);
		if (k->nulls_not_distinct && r->pg_version &&
		    r->pg_version < 15)
			r_err_once(r, NULL, "NULLS NOT DISTINCT (%s) needs "
			    "PostgreSQL 15, and migsql.yaml says "
			    "postgresql_version: %d", w, r->pg_version);
		deferrable_vars(r, DT_UNIQUE, k, v, &n);
		return r_tpl(r, DT_UNIQUE, v, n);
	case CON_CHECK:
		if (k->condition == NULL) {
			r_err(r, NULL, "check '%s' was made by an execute: "
			    "migsql does not know its condition to write it "
			    "again", k->name);
			return NULL;
		}
		sql = r_pick_sql(r, k->condition, &is_null, "the check");
		if (sql == NULL)
			return NULL;
		v[n++] = VAR("condition", sql);
		return r_tpl(r, DT_CHECK, v, n);
	case CON_FOREIGN_KEY:
		v[n++] = LIST("columns", r_ident_list(r, k->cols, k->ncols),
		    k->ncols);
		v[n++] = VAR("ref_table", r_ident(r, k->ref_table));
		v[n++] = LIST("ref_columns", r_ident_list(r, k->ref_cols,
		    k->nref), k->nref);
		v[n++] = VAR("ondelete", k->ondelete);
		v[n++] = VAR("onupdate", k->onupdate);
		deferrable_vars(r, DT_FOREIGN_KEY, k, v, &n);
		r_opt_var(r, DT_FOREIGN_KEY, v, &n, VAR("match", k->match), w);
		return r_tpl(r, DT_FOREIGN_KEY, v, n);
	case CON_EXCLUDE:
		return render_exclude(r, k, v, n, w);
	}
	return NULL;
}

/*
 * An index column with its order and comparison (struct m_index_key)
 * through the dialect's index_column template; what the template has no
 * placeholder for, the dialect cannot write: an error at the item's key.
 */
static const char *
render_index_key(struct r *r, const char *column, const struct m_index_key *k)
{
	static const char *const opts[] = {
		"collation", "opclass", "asc", "desc", "nulls_first",
		"nulls_last"
	};
	const char *val[6];
	const struct tpl *t = r->dl->tpl[DT_INDEX_COLUMN];
	struct tpl_var v[7];
	size_t i, n = 0;
	int ok = 1;

	val[0] = NULL;
	if (k->collation != NULL) {
		const struct node *c = k->collation;

		if (c->kind == NODE_MAP && (c = node_get(c, r->dl->name)) ==
		    NULL)
			r_err_once(r, &k->collation->loc, "this collation "
			    "gives no name for the %s dialect: add a '%s' key "
			    "(null for none)", r->dl->name, r->dl->name);
		else if (node_is_str(c))
			val[0] = r_ident(r, c->text);
	}
	val[1] = k->opclass ? r_ident(r, k->opclass) : NULL;
	val[2] = k->asc ? "1" : NULL;
	val[3] = k->desc ? "1" : NULL;
	val[4] = k->nulls_first ? "1" : NULL;
	val[5] = k->nulls_last ? "1" : NULL;
	v[n++] = VAR("column", column);
	for (i = 0; i < 6; i++) {
		const struct node *key;

		if (val[i] == NULL)
			continue;
		if (t != NULL && tpl_uses(t, opts[i])) {
			v[n++] = VAR(opts[i], val[i]);
			continue;
		}
		key = k->item != NULL ? node_key(k->item, opts[i]) : NULL;
		r_err_once(r, key ? &key->loc : NULL, "the %s dialect cannot "
		    "write '%s' in an index column (%s)", r->dl->name, opts[i],
		    t == NULL ? "it has no index_column template" :
		    "its index_column template has no placeholder for it");
		ok = 0;
	}
	/* n == 1: this column says nothing (another one of the index does). */
	return ok && n > 1 ? r_tpl(r, DT_INDEX_COLUMN, v, n) : column;
}

const char *
r_dialect_name(struct r *r, const struct node *v, const char *what)
{
	if (v == NULL)
		return NULL;
	if (v->kind == NODE_MAP) {
		const struct node *d = node_get(v, r->dl->name);

		if (d == NULL) {
			r_err_once(r, &v->loc, "this %s gives no name for the "
			    "%s dialect: add a '%s' key (null for none)", what,
			    r->dl->name, r->dl->name);
			return NULL;
		}
		v = d;
	}
	return node_is_str(v) ? r_ident(r, v->text) : NULL;
}

/* Storage parameters as "name = value" items (kept). */
static const char **
render_params(struct r *r, const struct node *with)
{
	const char **items = r_new_list(r, with->n);
	size_t i;

	for (i = 0; i < with->n; i++) {
		const struct node *k = with->items[2 * i];
		const struct node *val = with->items[2 * i + 1];
		const char *text = node_is_str(val) ? r_literal(r, val->text) :
		    val->type == SCALAR_BOOL ? (val->boolean ? "true" :
		    "false") : render_value(r, val);

		items[i] = r_keep(r, xasprintf("%s = %s", r_ident(r, k->text),
		    text));
	}
	return items;
}

/*
 * Adds to v (at *n) create_index's options that x sets: using, include,
 * nulls_not_distinct, with, tablespace.  One the dialect's create_index
 * template has no placeholder for is an error: never dropped.
 */
static void
index_option_vars(struct r *r, const struct m_index *x, struct tpl_var *v,
    size_t *n)
{
	const struct node *with = x->with;
	struct tpl_var o[5];
	struct strbuf what = STRBUF_INIT;
	const char *name, *w;
	size_t i, k = 0;

	if ((name = r_dialect_name(r, x->method, "index method")) != NULL)
		o[k++] = VAR("using", name);
	if (x->ninclude > 0) {
		const char **cols = r_new_list(r, x->ninclude);

		for (i = 0; i < x->ninclude; i++)
			cols[i] = r_ident(r, x->include[i]);
		o[k++] = LIST("include", cols, x->ninclude);
	}
	if (x->nulls_not_distinct)
		o[k++] = VAR("nulls_not_distinct", "1");
	if (x->nulls_not_distinct && r->pg_version && r->pg_version < 15)
		r_err_once(r, NULL, "NULLS NOT DISTINCT (index '%s') needs "
		    "PostgreSQL 15, and migsql.yaml says postgresql_version: %d",
		    x->name, r->pg_version);
	if (with != NULL && with->kind == NODE_MAP && with->n > 0 &&
	    with->items[1]->kind != NODE_SCALAR) {
		/* {dialect: parameters|null} */
		if ((with = node_get(x->with, r->dl->name)) == NULL)
			r_err_once(r, &x->with->loc, "this 'with' gives no "
			    "storage parameters for the %s dialect: add a '%s' "
			    "key (null for none)", r->dl->name, r->dl->name);
		else if (with->kind != NODE_MAP)
			with = NULL;
	}
	if (with != NULL)
		o[k++] = LIST("with", render_params(r, with), with->n);
	if ((name = r_dialect_name(r, x->tablespace, "tablespace")) != NULL)
		o[k++] = VAR("tablespace", name);
	strbuf_addf(&what, "index '%s'", x->name);
	w = r_keep_sb(r, &what);
	for (i = 0; i < k; i++)
		r_opt_var(r, DT_CREATE_INDEX, v, n, o[i], w);
}

void
render_index(struct r *r, const struct m_index *x, const char *schema,
    int if_not_exists, int concurrently, struct strbuf *out)
{
	const char **items = r_new_list(r, x->ncols);
	struct tpl_var v[12];
	size_t i, n = 0;
	int is_null = 0;

	if (x->unwritable) {
		r_err(r, NULL, "index '%s' was made by the execute at %s:%u "
		    "with what migsql does not keep (an expression, a WHERE, "
		    "a method or per-column options), so it cannot be "
		    "written again here: write this step's SQL yourself",
		    x->name, x->raw->loc.file, x->raw->loc.line);
		return;
	}
	for (i = 0; i < x->ncols; i++) {
		if (x->exprs[i] != NULL && !r->dl->expression_indexes) {
			r_err(r, &x->exprs[i]->loc, "the %s dialect cannot "
			    "index an expression (features.expression_indexes "
			    "is false): index a generated column instead",
			    r->dl->name);
			items[i] = "";
		} else if (x->exprs[i] != NULL) {
			struct strbuf sb = STRBUF_INIT;

			r_sql_safe(r, x->exprs[i], x->exprs[i]->text,
			    "an index expression", SQLPG_EXPRESSION);
			strbuf_addf(&sb, "(%s)", x->exprs[i]->text);
			items[i] = r_keep_sb(r, &sb);
		} else if (x->cols[i] != NULL)
			items[i] = r_ident(r, x->cols[i]);
		else {
			/* An expression of an index an execute made. */
			r_err(r, NULL, "index '%s' was made by the execute at "
			    "%s:%u: migsql does not know its expressions "
			    "to write it again", x->name, x->raw ?
			    x->raw->loc.file : "?", x->raw ? x->raw->loc.line :
			    0);
			items[i] = "";
		}
		if (x->keys != NULL)
			items[i] = render_index_key(r, items[i], &x->keys[i]);
	}
	v[n++] = VAR("name", r_ident(r, x->name));
	v[n++] = VAR("table", r_table_ref(r, schema, x->table));
	v[n++] = LIST("columns", items, x->ncols);
	v[n++] = VAR("unique", x->unique ? "1" : NULL);
	if (x->where != NULL) {
		const char *sql = r_pick_sql(r, x->where, &is_null,
		    "the index's where");

		if (sql != NULL)	/* never dropped: a partial index */
			r_opt_var(r, DT_CREATE_INDEX, v, &n, VAR("where", sql),
			    "a partial index");
	}
	v[n++] = VAR("if_not_exists", if_not_exists ? "1" : NULL);
	v[n++] = VAR("concurrently", concurrently ? "1" : NULL);
	index_option_vars(r, x, v, &n);
	r_stmt(r, DT_CREATE_INDEX, v, n, out);
}

void
render_comment_stmt(struct r *r, const char *schema, const char *table,
    const char *column, const char *comment, struct strbuf *out)
{
	struct tpl_var v[4];

	v[0] = VAR("table", r_table_ref(r, schema, table));
	v[1] = VAR("comment", comment ? r_plain_literal(r, comment,
	    "a comment") : NULL);
	if (column == NULL) {
		r_stmt(r, DT_TABLE_COMMENT, v, 2, out);
		return;
	}
	v[2] = VAR("column", r_ident(r, column));
	if (tpl_uses(r->dl->tpl[DT_COLUMN_COMMENT], "definition")) {
		/* The whole definition with the new comment (MariaDB's
		   MODIFY COLUMN): the column as the model has it. */
		const struct m_table *t = model_table(r->m, table);
		const struct m_column *c = t ? table_column(t, column) : NULL;
		struct m_column tmp;

		if (c == NULL) {
			r_err(r, NULL, "the %s dialect writes a column comment "
			    "with the column's whole definition, and the model "
			    "does not know column '%s' of '%s'", r->dl->name,
			    column, table);
			return;
		}
		tmp = *c;
		tmp.comment = (char *)comment;
		v[3] = VAR("definition", render_column(r, NULL, table, &tmp));
		r_stmt(r, DT_COLUMN_COMMENT, v, 4, out);
		return;
	}
	r_stmt(r, DT_COLUMN_COMMENT, v, 3, out);
}

/*
 * Table t's options as create_table's placeholders into v (from v[*n]):
 * each one t has and the dialect's create_table template uses.  One the
 * template has no placeholder for, the dialect cannot write: an error at
 * the option's key of the create_table being rendered (r->at_args), else
 * at the op.  A WITHOUT ROWID table without a primary key (one dropped
 * since) is an error too (SQLite docs, "WITHOUT ROWID", 2.1).
 */
static void
render_table_options(struct r *r, const struct m_table *t,
    struct tpl_var *v, size_t *n)
{
	static const char *const keys[] = {
		"unlogged", "strict", "without_rowid"
	};
	static const char *const what[] = {
		"an UNLOGGED table (PostgreSQL's)", "a STRICT table (SQLite's)",
		"a WITHOUT ROWID table (SQLite's)"
	};
	const int on[] = { t->unlogged, t->strict, t->without_rowid };
	const struct tpl *tp = r->dl->tpl[DT_CREATE_TABLE];
	size_t i;
	int pk = 0;

	for (i = 0; i < 3; i++) {
		const struct node *key;

		if (!on[i])
			continue;
		if (tpl_uses(tp, keys[i])) {
			v[(*n)++] = VAR(keys[i], "1");
			continue;
		}
		key = r->at_args != NULL ? node_key(r->at_args, keys[i]) : NULL;
		r_err_once(r, key ? &key->loc : NULL, "the %s dialect cannot "
		    "write %s: its create_table template has no {%s} "
		    "placeholder (table '%s')", r->dl->name, what[i], keys[i],
		    t->name);
	}
	for (i = 0; i < t->cons.len; i++)
		pk |= ((const struct m_constraint *)t->cons.items[i])->type ==
		    CON_PRIMARY_KEY;
	if (t->without_rowid && !pk)
		r_err(r, NULL, "table '%s' is WITHOUT ROWID and would have no "
		    "primary key: SQLite needs one in such a table", t->name);
}

/*
 * CREATE TABLE for t under the name as_name (a rebuild's new table), with
 * its options, and its comments when comments is set.  The columns of a
 * STRICT table take their types from the dialect's strict_types first.
 * skip: foreign keys to leave out (they reference a table not created
 * yet), or NULL.
 */
void
render_table(struct r *r, const struct m_table *t, const char *as_name,
    int if_not_exists, const unsigned char *skip, int comments,
    struct strbuf *out)
{
	struct ptrvec elems = PTRVEC_INIT;
	struct tpl_var v[7];
	size_t i, n = 3;
	int strict = r->strict;

	r->strict = t->strict;
	for (i = 0; i < t->cols.len; i++)
		ptrvec_push(&elems, (void *)render_column(r, t, t->name,
		    t->cols.items[i]));
	r->strict = strict;
	for (i = 0; i < t->cons.len; i++) {
		const struct m_constraint *k = t->cons.items[i];
		const char *e;

		if ((k->inline_col && r->dl->inline_constraints) ||
		    (skip != NULL && skip[i]))
			continue;
		if ((e = render_con(r, k)) != NULL)
			ptrvec_push(&elems, (void *)e);
	}
	v[0] = VAR("table", r_table_ref(r, t->schema, as_name));
	v[1] = LIST("elements", (const char *const *)elems.items, elems.len);
	v[2] = VAR("if_not_exists", if_not_exists ? "1" : NULL);
	render_table_options(r, t, v, &n);
	if (comments && t->comment != NULL &&
	    tpl_uses(r->dl->tpl[DT_CREATE_TABLE], "comment"))
		v[n++] = VAR("comment", r_plain_literal(r, t->comment,
		    "a table comment"));
	r_stmt(r, DT_CREATE_TABLE, v, n, out);
	ptrvec_free(&elems);
	if (!comments)
		return;
	if (t->comment != NULL &&
	    !tpl_uses(r->dl->tpl[DT_CREATE_TABLE], "comment"))
		render_comment_stmt(r, t->schema, as_name, NULL, t->comment,
		    out);
	for (i = 0; i < t->cols.len && !render_inline_comment(r->dl); i++) {
		const struct m_column *c = t->cols.items[i];

		if (c->comment != NULL)
			render_comment_stmt(r, t->schema, as_name, c->name,
			    c->comment, out);
	}
}

void
render_comment(const struct dialect *dl, const char *text,
    struct strbuf *out)
{
	const char *p = text, *nl;
	struct tpl_var v;

	/*
	 * A CR ends a line too: psql ends a -- comment at CR as at LF, so
	 * the text after a lone CR would run as SQL.
	 */
	do {
		struct strbuf line = STRBUF_INIT;

		/* What a reviewer's viewer would not show as itself, or
		   would show in another order (a right-to-left override),
		   is written escaped: the comment says what the client
		   reads. */
		nl = p + strcspn(p, "\r\n");
		text_escape(p, (size_t)(nl - p), TEXT_KEEP_TAB, &line);
		v = VAR("text", strbuf_str(&line));
		tpl_render(dl->tpl[DT_COMMENT], &v, 1, out);
		strbuf_addc(out, '\n');
		strbuf_free(&line);
		if (*nl == '\0')
			break;
		p = nl + (nl[0] == '\r' && nl[1] == '\n' ? 2 : 1);
	} while (*p != '\0');
}

/* 1 when the dialect must rebuild the table to do a on model m. */
static int
needs_rebuild(const struct dialect *dl, const struct model *m,
    const struct action *a)
{
	const struct op_def *def = op_def_of(a->kind);

	return def->needs_rebuild != NULL && def->needs_rebuild(dl, m, a);
}

/* 1 when a runs outside a transaction in dl's scripts. */
int
render_outside_transaction(const struct dialect *dl, const struct action *a)
{
	return a->non_transactional &&
	    dl->tpl[DT_OUTSIDE_TRANSACTION] != NULL;
}

void
render_drop_index(struct r *r, const struct action *a, int if_exists,
    int concurrently, struct strbuf *out)
{
	struct tpl_var v[6];
	size_t n = 4;

	v[0] = VAR("name", r_table_ref(r, a->schema, a->idx->name));
	v[1] = VAR("table", a->table && *a->table ? r_ident(r,
	    a->table) : NULL);
	v[2] = VAR("if_exists", if_exists ? "1" : NULL);
	v[3] = VAR("concurrently", concurrently ? "1" : NULL);
	if ((a->table == NULL || *a->table == '\0') &&
	    tpl_uses(r->dl->tpl[DT_DROP_INDEX], "table")) {
		r_err(r, NULL, "the %s dialect drops an index through its table, "
		    "and the table of index '%s' is not known: give drop_index "
		    "its table", r->dl->name, a->idx->name);
		return;
	}
	r_fk_index_vars(r, DT_DROP_INDEX, a->table, a->idx->name,
	    a->idx->cols, a->idx->ncols, v, &n);
	r_stmt(r, DT_DROP_INDEX, v, n, out);
}

/* Renders one action (no rebuild) for the model before it. */
static void
render_action(struct r *r, const struct action *a, struct strbuf *out)
{
	struct strbuf note = STRBUF_INIT;

	if (a->lossy) {
		strbuf_addf(&note, "Inferred from %s at %s:%u; the data it "
		    "removed cannot be brought back: %s",
		    a->op->def->name, a->op->loc.file, a->op->loc.line,
		    a->kind == OP_ADD_COLUMN ? "the column comes back with "
		    "its default or NULL in every row" : "the table comes "
		    "back empty");
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
	}
	op_def_of(a->kind)->render(r, a, out);
}

/* The PostgreSQL major version the session's scripts are for
   (postgresql_version, load.h), or 0 for another client or no project. */
int
render_pg_version(const struct render_session *s)
{
	return s->proj != NULL && s->dl->client == CLIENT_PSQL ?
	    s->proj->postgresql_version : 0;
}

/* ---- table rebuilds (SQLite) ------------------------------------------ */

struct strbuf *
render_out_chunk(struct render_out *o)
{
	struct strbuf *sb = xcalloc(1, sizeof *sb);

	ptrvec_push(&o->chunks, sb);
	return sb;
}

/* The table whose definition a (native) action changes, or NULL. */
static const char *
action_table(const struct action *a)
{
	return op_def_of(a->kind)->on_table ? a->table : NULL;
}

/* The break for action a, rendered into chunk number chunk. */
static struct render_break *
new_break(struct r *r, const struct action *a, size_t chunk)
{
	struct render_break *b = xcalloc(1, sizeof *b);
	struct strbuf sb = STRBUF_INIT;

	b->start = chunk;
	/* add_enum_value resumes as an execute does, run again: it is
	   written IF NOT EXISTS there (ops_enum.c). */
	b->kind = a->kind == OP_ADD_ENUM_VALUE ? OP_EXECUTE : a->kind;
	if (a->inverse)	/* only index ops have inverses that run outside */
		b->where = xasprintf("%s, the inverse of %s at %s:%u "
		    "(concurrently: true)", a->kind == OP_CREATE_INDEX ?
		    "create_index" : "drop_index", a->op->def->name,
		    a->op->loc.file, a->op->loc.line);
	else if (a->outside_why != NULL)
		b->where = xasprintf("%s at %s:%u (%s)", a->op->def->name,
		    a->op->loc.file, a->op->loc.line, a->outside_why);
	else
		b->where = xasprintf("%s at %s:%u%s", a->op->def->name,
		    a->op->loc.file, a->op->loc.line, a->kind == OP_EXECUTE ||
		    a->kind == OP_ADD_ENUM_VALUE ? " (transactional: false)" :
		    " (concurrently: true)");
	if (a->kind == OP_CREATE_INDEX || a->kind == OP_DROP_INDEX) {
		dialect_literal(r->dl, r_table_ref(r, a->schema, a->idx->name),
		    &sb);
		b->index_text = strbuf_detach(&sb);
	}
	if (a->kind == OP_CREATE_INDEX) {
		render_drop_index(r, a, 0, 1, &sb);
		if (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
			sb.buf[--sb.len] = '\0';
		b->drop_invalid = strbuf_detach(&sb);
	}
	strbuf_free(&sb);
	return b;
}

void
render_breaks_free(struct ptrvec *v)
{
	size_t i;

	for (i = 0; i < v->len; i++) {
		struct render_break *b = v->items[i];

		free(b->where);
		free(b->index_text);
		free(b->drop_invalid);
		free(b);
	}
	ptrvec_free(v);
}

/* An op for other dialects (its 'dialects' list): a comment says so. */
static void
skipped_op(struct render_session *s, struct render_out *o,
    const struct op *op)
{
	const struct node *v = node_get(op->args, "dialects");
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addf(&sb, "%s at %s:%u is for ", op->def->name, op->loc.file,
	    op->loc.line);
	for (i = 0; i < v->n; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", v->items[i]->text);
	strbuf_addf(&sb, " only: nothing on %s", s->dl->name);
	render_comment(s->dl, sb.buf, render_out_chunk(o));
	strbuf_free(&sb);
}

/*
 * On an engine where every DDL statement commits (dialect.h,
 * transactional_ddl), each statement of a step is a part of its own that
 * records its progress: a split before each one that has a statement
 * before it in the step (o->any), comments above it going with it.  The
 * rows of one bulk_insert stay together: DML that a failure leaves
 * undone as one.
 */
static void
split_statements(struct render_session *s, struct render_out *o,
    const struct action *a, const struct strbuf *chunk, size_t from)
{
	size_t *at = NULL, n, i;

	if (chunk->len <= from)
		return;
	n = a->kind == OP_BULK_INSERT ? 0 : client_statement_starts(
	    s->dl->client, chunk->buf + from, chunk->len - from, &at);
	for (i = 0; i <= n; i++) {
		struct render_break *b;

		if (i == 0 && !o->any)
			continue;
		b = xcalloc(1, sizeof *b);
		b->split = 1;
		b->start = o->chunks.len - 1;
		b->within = i == 0 ? 0 : from + at[i - 1];
		ptrvec_push(&o->brk, b);
	}
	o->any = 1;
	free(at);
}

/*
 * Renders action a (taking ownership) in the step's output and applies
 * it to the model.
 */
static void
step_action(struct render_session *s, struct render_out *o, struct action *a,
    struct ptrvec *keep)
{
	const struct m_table *t;
	struct rebuild *b;
	struct strbuf cm = STRBUF_INIT, *chunk;
	struct r r;

	/* What a rebuild cannot move past.  An action on an object the
	   model does not know (an execute made it) leaves the model as it
	   is, so a rebuild from the model would not carry it out: it
	   closes the table's rebuild and is rendered on its own.  A drop or
	   rename of any table closes them all: a rebuild checks the foreign
	   keys of the tables that reference its table by the names they
	   have where it runs. */
	if (a->kind == OP_EXECUTE || a->kind == OP_BULK_INSERT ||
	    render_outside_transaction(s->dl, a) || a->kind == OP_DROP_TABLE ||
	    a->kind == OP_RENAME_TABLE ||
	    (a->unknown && rebuild_open(o, a->table) != NULL))
		rebuild_close_all(s, o);
	if (!a->unknown && rebuild_step_tables(s, o, a, keep))
		return;
	b = rebuild_open(o, action_table(a));
	if (b == NULL && needs_rebuild(s->dl, s->m, a) &&
	    s->dl->tpl[DT_REBUILD_COPY] == NULL) {
		/* No rebuild on this engine (MariaDB: a copy would reuse
		   foreign-key names, which are unique per database). */
		diag_error(s->d, EXIT_INPUT, &a->op->loc, "the %s dialect "
		    "cannot make this %s in place on table '%s', and does not "
		    "rebuild tables (no rebuild_copy template)", s->dl->name,
		    a->op->def->name, a->table ? a->table : "?");
		s->errors++;
		goto apply;
	}
	if (b == NULL && needs_rebuild(s->dl, s->m, a)) {
		t = model_table(s->m, a->table);
		if (t == NULL || a->unknown) {
			/* Rebuilt from the model, the object would be lost. */
			char *what = t == NULL ? xstrdup("the table") :
			    a->kind == OP_ALTER_COLUMN ? xasprintf("column "
			    "'%s'", a->before->name) :
			    xstrdup("all it acts on");

			diag_error(s->d, EXIT_INPUT, &a->op->loc, "the %s "
			    "dialect must rebuild table '%s' for this %s, but "
			    "the model does not know %s (an execute made it)",
			    s->dl->name, a->table, a->op->def->name, what);
			free(what);
			s->errors++;
			goto apply;
		}
		if ((b = rebuild_start(s, o, a, t)) == NULL)
			goto apply;
	}
	if (s->linting && !a->inverse)
		lint_action(s, a, b != NULL ? &b->notes : &cm);
	if (b != NULL) {
		/* Carried out by the rebuild. */
		rebuild_why(b, a);
		if (a->kind == OP_ALTER_COLUMN && (a->using || a->cast_back))
			ptrvec_push(&b->using, a);
		goto apply;
	}
	r_init(&r, s->dl, s->m, &a->op->loc, s->d);
	r.pg_version = render_pg_version(s);
	r.rev = s->rev;
	chunk = render_out_chunk(o);
	strbuf_addn(chunk, strbuf_str(&cm), cm.len);
	render_action(&r, a, chunk);
	if (r.outside != NULL && !a->non_transactional) {
		/* PostgreSQL refuses it in a transaction block: run it as
		   transactional: false runs. */
		a->non_transactional = 1;
		a->outside_why = r.outside;
	}
	if (!r.ok)
		s->errors++;
	else if (s->breaks != NULL && render_outside_transaction(s->dl, a) &&
	    !r.nothing)
		ptrvec_push(&o->brk, new_break(&r, a, o->chunks.len - 1));
	else if (s->breaks != NULL && !s->dl->transactional_ddl)
		split_statements(s, o, a, chunk, cm.len);
	if (r.ok)	/* before the model changes: the loader reads it */
		render_engine_feed(s, a->op, chunk->buf + cm.len,
		    chunk->len - cm.len);
	r_done(&r);
apply:
	if (a->kind == OP_CREATE_TABLE || (a->kind == OP_RENAME_TABLE &&
	    !lint_pre_existing(s, a->table)))
		ptrvec_push(&s->created, xstrdup(a->kind == OP_CREATE_TABLE ?
		    a->tbl->name : a->new_name));
	strbuf_free(&cm);
	model_apply(s->m, a);
	ptrvec_push(keep, a);
}

static void
out_finish(struct render_session *s, struct render_out *o, struct strbuf *out)
{
	size_t i, k = 0;

	rebuild_close_all(s, o);
	for (i = 0; i < o->chunks.len; i++) {
		struct strbuf *sb = o->chunks.items[i];
		struct render_break *b = k < o->brk.len ? o->brk.items[k] :
		    NULL;

		while (b != NULL && b->start == i) {
			b->start = out->len + b->within;
			b->end = b->split ? b->start : out->len + sb->len;
			ptrvec_push(s->breaks, b);
			k++;
			b = k < o->brk.len ? o->brk.items[k] : NULL;
		}
		if (sb->len > 0)
			strbuf_addn(out, sb->buf, sb->len);
		strbuf_free(sb);
		free(sb);
	}
	ptrvec_free(&o->chunks);
	ptrvec_free(&o->open);
	ptrvec_free(&o->brk);
}

/* An inverse action (taking ownership): checked against the schema it
   meets (model_check_inverse), then rendered and applied. */
static void
invert_step(struct render_session *s, struct render_out *o,
    const struct revision *r, struct action *a, struct ptrvec *keep)
{
	if (!model_check_inverse(s->m, a, r->id, s->d)) {
		s->errors++;
		action_free(a);
		free(a);
		return;
	}
	step_action(s, o, a, keep);
}

void
render_actions_free(struct ptrvec *v)
{
	size_t i;

	for (i = 0; i < v->len; i++) {
		action_free(v->items[i]);
		free(v->items[i]);
	}
	ptrvec_free(v);
}

/* Lowers op against m; returns the action, or NULL after errors. */
static struct action *
lower(struct model *m, const struct op *op, struct diags *d, size_t *errors)
{
	struct action *a = xmalloc(sizeof *a);

	if (!model_lower(m, op, a, d)) {
		(*errors)++;
		action_free(a);
		free(a);
		return NULL;
	}
	return a;
}

size_t
render_replay(struct model *m, const struct revision *r, struct ptrvec *saved,
    struct diags *d)
{
	size_t i, errors = 0;

	for (i = 0; i < r->nupgrade; i++) {
		struct action *a;

		/* The model of a dialect leaves out what is not for it. */
		if (!op_for_dialect(&r->upgrade[i], m->sql_dialect))
			continue;
		if ((a = lower(m, &r->upgrade[i], d, &errors)) == NULL)
			continue;
		model_apply(m, a);
		if (saved != NULL)
			ptrvec_push(saved, a);
		else {
			action_free(a);
			free(a);
		}
	}
	return errors;
}

size_t
render_step(struct render_session *s, const struct revision *r, int upgrade,
    const struct ptrvec *saved, struct strbuf *out, struct ptrvec *lowered)
{
	const struct op *ops = upgrade ? r->upgrade : r->downgrade;
	size_t n = upgrade ? r->nupgrade : r->ndowngrade, i;
	struct render_out o = { PTRVEC_INIT, PTRVEC_INIT, PTRVEC_INIT, 0 };
	struct ptrvec keep = PTRVEC_INIT;
	size_t errors0 = s->errors;

	s->rev = r;
	s->linting = 1;	/* written downgrades too (inverses are not) */
	if (upgrade && r->has_downgrade && r->ndowngrade == 0 &&
	    r->nupgrade > 0)
		lint_add(s, NULL, &node_key(r->root, "downgrade")->loc,
		    LINT_EMPTY_DOWNGRADE, render_out_chunk(&o), "revision '%s' has "
		    "upgrade operations and 'downgrade: []', so going down "
		    "reverts nothing but the version", r->id);
	if (!upgrade && r->irreversible != NULL) {
		const struct loc *l = &node_key(r->root, "irreversible")->loc;

		if (s->lenient)
			diag_warning(s->d, l, "revision '%s' is irreversible: "
			    "%s", r->id, r->irreversible);
		else {
			diag_error(s->d, EXIT_INPUT, l, "revision '%s' is "
			    "irreversible: %s", r->id, r->irreversible);
			s->errors++;
		}
	} else if (upgrade || r->has_downgrade) {
		for (i = 0; i < n; i++) {
			struct action *a;

			if (!op_for_dialect(&ops[i], s->dl->name)) {
				skipped_op(s, &o, &ops[i]);
				continue;
			}
			if ((a = lower(s->m, &ops[i], s->d, &s->errors)) !=
			    NULL)
				step_action(s, &o, a, &keep);
		}
	} else if (saved == NULL) {
		diag_error(s->d, EXIT_INPUT, &r->loc, "revision '%s' has no "
		    "downgrade and its upgrade could not be checked", r->id);
		s->errors++;
	} else {
		/* Inferred: the inverse of each upgrade action, newest first. */
		for (i = saved->len; i-- > 0;) {
			const struct action *up = saved->items[i];
			struct action *a;
			struct ptrvec inv = PTRVEC_INIT;
			size_t k;

			if (action_invert_execute(up, &inv)) {
				/* Raw DDL the model read: undone statement by
				   statement, newest first. */
				for (k = 0; k < inv.len; k++)
					invert_step(s, &o, r, inv.items[k],
					    &keep);
				ptrvec_free(&inv);
				continue;
			}
			a = xmalloc(sizeof *a);
			if (!action_invert(up, a)) {
				struct strbuf msg = STRBUF_INIT;

				const char *why = op_def_of(up->kind)->
				    no_inverse;

				strbuf_addf(&msg, "cannot infer the downgrade "
				    "of revision '%s': %s has no inverse%s%s%s; "
				    "write a 'downgrade'", r->id,
				    up->op->def->name, up->unknown ? " (it "
				    "acts on an object the model does not "
				    "know)" : why ? " (" : "", !up->unknown &&
				    why ? why : "", !up->unknown && why ? ")" :
				    "");
				if (s->lenient)
					diag_warning(s->d, &up->op->loc, "%s",
					    msg.buf);
				else {
					diag_error(s->d, EXIT_INPUT,
					    &up->op->loc, "%s", msg.buf);
					s->errors++;
				}
				strbuf_free(&msg);
				action_free(a);
				free(a);
				continue;
			}
			invert_step(s, &o, r, a, &keep);
		}
	}
	out_finish(s, &o, out);
	for (i = 0; i < s->created.len; i++)
		free(s->created.items[i]);
	ptrvec_free(&s->created);
	s->rev = NULL;
	s->linting = 0;
	if (lowered != NULL) {
		for (i = 0; i < keep.len; i++)
			ptrvec_push(lowered, keep.items[i]);
		ptrvec_free(&keep);
	} else
		render_actions_free(&keep);
	return s->errors - errors0;
}

size_t
render_replay_ancestors(const struct chain *c, const size_t *set, size_t n,
    struct model *m, struct ptrvec *saved, struct diags *d)
{
	unsigned char *mark = xcalloc(c->n ? c->n : 1, 1);
	size_t i, errors = 0;

	chain_mark_ancestors(c, set, n, mark);
	for (i = 0; i < c->n; i++)
		if (mark[c->order[i]])
			errors += render_replay(m, c->nodes[c->order[i]].rev,
			    saved ? &saved[c->order[i]] : NULL, d);
	free(mark);
	return errors;
}

int
render_model_table(const void *ctx, const struct model *m, const char *name,
    int index, struct strbuf *sql)
{
	const struct dialect *dl = ctx;
	const struct m_table *t;
	struct diags scratch;
	struct r r;
	size_t i;
	int ok;

	if (index) {
		const struct m_index *x = model_index(m, name);

		if (x == NULL)
			return 0;
		name = x->table;
	}
	t = model_table(m, name);
	if (t == NULL || t->temporary)
		return 0;
	diags_init(&scratch);
	r_init(&r, dl, m, NULL, &scratch);
	render_table(&r, t, t->name, 0, NULL, 0, sql);
	for (i = 0; i < t->indexes.len; i++)
		render_index(&r, t->indexes.items[i], NULL, 0, 0, sql);
	ok = r.ok;
	r_done(&r);
	diags_free(&scratch);
	client_unmark(sql);
	return ok;
}

void
render_reads_sql(struct model *m, const struct dialect *dl)
{
	model_read_sql(m, dl->name, dl->client == CLIENT_PSQL,
	    dl->client == CLIENT_SQLITE3 ? render_model_table : NULL, dl);
}

/* Runs what action a rendered (text: marks included) in s's engine. */
void
render_engine_feed(struct render_session *s, const struct op *op,
    const char *text,
    size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	if (s->engine == NULL || len == 0)
		return;
	strbuf_addn(&sb, text, len);
	client_unmark(&sb);
	s->errors += sqlitecheck_feed(s->engine, s->rev, op, strbuf_str(&sb),
	    s->m->opaque_ddl, s->d);
	strbuf_free(&sb);
}

/* ---- the schema at a revision ----------------------------------------- */

size_t
render_schema(const struct dialect *dl, const struct model *m,
    struct strbuf *out, struct diags *d)
{
	struct r r;
	struct ptrvec later = PTRVEC_INIT;	/* struct m_constraint * */
	struct ptrvec later_t = PTRVEC_INIT;	/* their tables */
	size_t i, j, k, errors;
	int can_alter = dl->tpl[DT_ADD_CONSTRAINT] != NULL;
	struct loc none = { NULL, 0, 0 };

	r_init(&r, dl, m, &none, d);
	if (dl->tpl[DT_CREATE_ENUM] != NULL)
		for (i = 0; i < m->enums.len; i++) {
			const struct m_enum *e = m->enums.items[i];
			const char **vals = r_new_list(&r, e->nvalues);
			struct tpl_var v[2];

			for (k = 0; k < e->nvalues; k++)
				vals[k] = r_literal(&r, e->values[k]);
			v[0] = VAR("name", r_ident(&r, e->name));
			v[1] = LIST("values", vals, e->nvalues);
			r_stmt(&r, DT_CREATE_ENUM, v, 2, out);
		}
	for (i = 0; i < m->tables.len; i++) {
		const struct m_table *t = m->tables.items[i];
		unsigned char *skip;
		struct m_table *copy = NULL;

		if (t->temporary)
			continue;	/* a session's, not the schema's */
		skip = xcalloc(t->cons.len + 1, 1);
		for (j = 0; j < t->cons.len; j++) {
			const struct m_constraint *c = t->cons.items[j];

			const struct m_table *rt;

			if (can_alter && c->not_valid) {
				/* NOT VALID only in ALTER TABLE ADD */
				skip[j] = 1;
				ptrvec_push(&later, (void *)c);
				ptrvec_push(&later_t, (void *)t);
				continue;
			}
			if (!can_alter || c->type != CON_FOREIGN_KEY ||
			    strcmp(c->ref_table, t->name) == 0)
				continue;
			rt = model_table(m, c->ref_table);
			if (rt == NULL || rt->seq > t->seq) {
				/* references a table not made yet */
				skip[j] = 1;
				ptrvec_push(&later, (void *)c);
				ptrvec_push(&later_t, (void *)t);
			}
		}
		if (later.len > 0) {
			/* An inline key left out would vanish: make it
			   table-level in a copy. */
			copy = m_table_copy(t);
			for (j = 0; j < copy->cons.len; j++)
				if (skip[j])
					((struct m_constraint *)copy->
					    cons.items[j])->inline_col = 0;
		}
		if (i > 0)
			strbuf_addc(out, '\n');
		render_table(&r, copy ? copy : t, t->name, 0, skip, 1, out);
		for (j = 0; j < t->indexes.len; j++)
			render_index(&r, t->indexes.items[j], t->schema, 0, 0,
			    out);
		m_table_free(copy);
		free(skip);
	}
	for (i = 0; i < later.len; i++) {
		const struct m_table *t = later_t.items[i];
		struct m_constraint c = *(struct m_constraint *)later.items[i];
		struct tpl_var v[3];
		size_t n = 2;

		c.inline_col = 0;
		if (i == 0)
			strbuf_addc(out, '\n');
		v[0] = VAR("table", r_table_ref(&r, t->schema, t->name));
		v[1] = VAR("constraint", render_con(&r, &c));
		r_opt_var(&r, DT_ADD_CONSTRAINT, v, &n, VAR("not_valid",
		    c.not_valid ? "1" : NULL), c.name);
		r_stmt(&r, DT_ADD_CONSTRAINT, v, n, out);
	}
	errors = r.ok ? 0 : 1;
	r_done(&r);
	ptrvec_free(&later);
	ptrvec_free(&later_t);
	return errors;
}

/* The type of column c cast from expr with the dialect's cast. */
const char *
r_cast(struct r *r, const char *expr, const struct m_column *c)
{
	struct tpl_var v[2];

	v[0] = VAR("expr", expr);
	v[1] = VAR("type", r_column_type(r, c, 0));
	return r_tpl(r, DT_CAST, v, 2);
}
