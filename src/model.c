/* model.c -- the schema model: lowering, checking and replaying operations. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migsql/ddl.h"
#include "migsql/model.h"
#include "model_int.h"
#include "migsql/value.h"

#define NAMEDATALEN_MAX 63	/* PostgreSQL 15: NAMEDATALEN - 1 */

const char *const con_type_names[CON_TYPES + 1] = {
	"primary", "unique", "check", "foreignkey", "exclude", NULL
};

const char *const con_type_words[CON_TYPES] = {
	"primary key", "unique constraint", "check constraint", "foreign key",
	"exclusion constraint"
};

/* ---- copies and frees ------------------------------------------------ */

static char **
strv_copy(char *const *v, size_t n)
{
	char **out = xmalloc((n ? n : 1) * sizeof *out);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = xstrdup0(v[i]);
	return out;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

struct m_column *
model_column_copy(const struct m_column *c)
{
	struct m_column *x = xmalloc(sizeof *x);

	*x = *c;
	x->name = xstrdup(c->name);
	x->comment = xstrdup0(c->comment);
	x->sql_type = xstrdup0(c->sql_type);
	return x;
}

void
model_column_free(struct m_column *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->comment);
	free(c->sql_type);
	free(c);
}

struct m_constraint *
model_con_copy(const struct m_constraint *c)
{
	struct m_constraint *x = xmalloc(sizeof *x);

	*x = *c;
	x->name = xstrdup(c->name);
	x->cols = strv_copy(c->cols, c->ncols);
	x->ref_table = xstrdup0(c->ref_table);
	x->ref_cols = c->ref_cols ? strv_copy(c->ref_cols, c->nref) : NULL;
	x->initially = xstrdup0(c->initially);
	x->include = c->ninclude ? strv_copy(c->include, c->ninclude) : NULL;
	x->method = xstrdup0(c->method);
	return x;
}

void
model_con_free(struct m_constraint *c)
{
	if (c == NULL)
		return;
	free(c->name);
	strv_free(c->cols, c->ncols);
	free(c->ref_table);
	strv_free(c->ref_cols, c->nref);
	free(c->initially);
	strv_free(c->include, c->ninclude);
	free(c->method);
	free(c);
}

static struct m_index_key *
index_keys_copy(const struct m_index_key *k, size_t n)
{
	struct m_index_key *v;
	size_t i;

	if (k == NULL)
		return NULL;
	v = xmalloc((n ? n : 1) * sizeof *v);
	for (i = 0; i < n; i++) {
		v[i] = k[i];
		v[i].opclass = xstrdup0(k[i].opclass);
	}
	return v;
}

static void
index_keys_free(struct m_index_key *k, size_t n)
{
	size_t i;

	for (i = 0; k != NULL && i < n; i++) {
		free(k[i].opclass);
	}
	free(k);
}

struct m_index *
m_index_copy(const struct m_index *x)
{
	struct m_index *y = xmalloc(sizeof *y);

	*y = *x;
	y->name = xstrdup(x->name);
	y->table = xstrdup(x->table);
	y->cols = strv_copy(x->cols, x->ncols);
	y->exprs = xmalloc((x->ncols ? x->ncols : 1) * sizeof *y->exprs);
	memcpy(y->exprs, x->exprs, x->ncols * sizeof *y->exprs);
	y->keys = index_keys_copy(x->keys, x->ncols);
	y->include = x->ninclude ? strv_copy(x->include, x->ninclude) : NULL;
	return y;
}

void
m_index_free(struct m_index *x)
{
	if (x == NULL)
		return;
	free(x->name);
	free(x->table);
	strv_free(x->cols, x->ncols);
	free(x->exprs);
	index_keys_free(x->keys, x->ncols);
	strv_free(x->include, x->ninclude);
	free(x);
}

struct m_table *
m_table_copy(const struct m_table *t)
{
	struct m_table *x = xcalloc(1, sizeof *x);
	size_t i;

	x->name = xstrdup(t->name);
	x->schema = xstrdup0(t->schema);
	x->comment = xstrdup0(t->comment);
	x->uncertain = t->uncertain;
	x->temporary = t->temporary;
	x->dependents = t->dependents;
	x->unlogged = t->unlogged;
	x->strict = t->strict;
	x->without_rowid = t->without_rowid;
	for (i = 0; i < t->cols.len; i++)
		ptrvec_push(&x->cols, model_column_copy(t->cols.items[i]));
	for (i = 0; i < t->cons.len; i++)
		ptrvec_push(&x->cons, model_con_copy(t->cons.items[i]));
	return x;
}

/* Frees what a table owns but its index list (names, columns,
 * constraints), leaving those members dangling for the caller to set. */
static void
table_contents_free(struct m_table *t)
{
	size_t i;

	free(t->name);
	free(t->schema);
	free(t->comment);
	for (i = 0; i < t->cols.len; i++)
		model_column_free(t->cols.items[i]);
	for (i = 0; i < t->cons.len; i++)
		model_con_free(t->cons.items[i]);
	ptrvec_free(&t->cols);
	ptrvec_free(&t->cons);
}

void
m_table_free(struct m_table *t)
{
	if (t == NULL)
		return;
	table_contents_free(t);
	ptrvec_free(&t->indexes);
	free(t);
}

struct m_enum *
model_enum_copy(const struct m_enum *e)
{
	struct m_enum *x = xmalloc(sizeof *x);

	x->name = xstrdup(e->name);
	x->values = strv_copy(e->values, e->nvalues);
	x->nvalues = e->nvalues;
	return x;
}

void
model_enum_free(struct m_enum *e)
{
	if (e == NULL)
		return;
	free(e->name);
	strv_free(e->values, e->nvalues);
	free(e);
}

void
model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
	m->next_id = 1;
}

static void
gone_free(struct m_gone *g)
{
	free(g->table);
	free(g->column);
	free(g->to);
	free(g);
}

void
model_gone_add(struct model *m, const char *table, const char *column,
    const char *to, const struct op *op)
{
	struct m_gone *g = xcalloc(1, sizeof *g);

	g->table = xstrdup(table);
	g->column = column ? xstrdup(column) : NULL;
	g->to = to ? xstrdup(to) : NULL;
	g->op = op;
	ptrvec_push(&m->gone, g);
}

/* Drops the records past the first n (a journal's undo). */
static void
gone_truncate(struct model *m, size_t n)
{
	while (m->gone.len > n)
		gone_free(m->gone.items[--m->gone.len]);
}

const struct m_gone *
model_gone(const struct model *m, const char *table, const char *column)
{
	size_t i;

	for (i = m->gone.len; i-- > 0;) {
		const struct m_gone *g = m->gone.items[i];

		if (strcmp(g->table, table) == 0 && (column == NULL ?
		    g->column == NULL : g->column != NULL &&
		    strcmp(g->column, column) == 0))
			return g;
	}
	return NULL;
}

void
model_gone_note(const struct model *m, const char *table,
    const char *column, struct strbuf *sb)
{
	const struct m_gone *g = model_gone(m, table, column);

	if (g == NULL || g->op == NULL)
		return;
	if (g->to != NULL)
		strbuf_addf(sb, " (%s at %s:%u renamed it to '%s')",
		    g->op->def->name, g->op->loc.file, g->op->loc.line, g->to);
	else
		strbuf_addf(sb, " (%s at %s:%u dropped it)", g->op->def->name,
		    g->op->loc.file, g->op->loc.line);
}

void
model_read_sql(struct model *m, const char *dialect, int postgresql,
    model_table_writer writer, const void *ctx)
{
	m->sql_dialect = dialect;
	m->sql_postgresql = postgresql;
	m->sql_writer = writer;
	m->sql_writer_ctx = ctx;
}

/* ---- keeping the lookups in step --------------------------------------- */

static void
referrer_add(struct model *m, const char *ref, struct m_table *t)
{
	struct ptrvec *v = strmap_get(&m->referrers, ref);

	if (v == NULL) {
		v = xcalloc(1, sizeof *v);
		strmap_put(&m->referrers, ref, v);
	}
	ptrvec_push(v, t);
}

static void
referrer_del(struct model *m, const char *ref, struct m_table *t)
{
	struct ptrvec *v = strmap_get(&m->referrers, ref);

	if (v != NULL)
		ptrvec_remove(v, t);
}

/* Registers or unregisters a constraint of t that is in the model. */
void
model_con_added(struct model *m, struct m_table *t,
    const struct m_constraint *k)
{
	if (k->type == CON_FOREIGN_KEY)
		referrer_add(m, k->ref_table, t);
}

void
model_con_removed(struct model *m, struct m_table *t,
    const struct m_constraint *k)
{
	if (k->type == CON_FOREIGN_KEY)
		referrer_del(m, k->ref_table, t);
}

/* Takes t (its indexes vector empty) into the model. */
static void
model_table_added(struct model *m, struct m_table *t)
{
	size_t i;

	t->seq = ++m->next_seq;
	ptrvec_push(&m->tables, t);
	strmap_put(&m->table_map, t->name, t);
	for (i = 0; i < t->cons.len; i++)
		model_con_added(m, t, t->cons.items[i]);
}

/* Takes x into the model, on its table's list when the model knows it. */
static void
model_index_added(struct model *m, struct m_index *x)
{
	struct m_table *t = model_table(m, x->table);

	ptrvec_push(&m->indexes, x);
	strmap_put(&m->index_map, x->name, x);
	if (t != NULL)
		ptrvec_push(&t->indexes, x);
}

/* Takes x out of the model and out of t's list (t may be NULL), without
 * freeing it. */
static void
index_detach_from(struct model *m, struct m_index *x, struct m_table *t)
{
	if (t != NULL)
		ptrvec_remove(&t->indexes, x);
	if (strmap_get(&m->index_map, x->name) == x)
		strmap_del(&m->index_map, x->name);
	ptrvec_remove(&m->indexes, x);
}

/* Takes x out of the model without freeing it. */
static void
index_detach(struct model *m, struct m_index *x)
{
	index_detach_from(m, x, model_table(m, x->table));
}

static void jr_dropped_index(struct model *m, struct m_index *x);

void
model_index_removed(struct model *m, struct m_index *x)
{
	if (m->journal != NULL) {
		jr_dropped_index(m, x);
		return;
	}
	index_detach(m, x);
	m_index_free(x);
}

void
model_free(struct model *m)
{
	size_t i;

	model_journal_forget(m);
	for (i = 0; i < m->tables.len; i++)
		m_table_free(m->tables.items[i]);
	for (i = 0; i < m->indexes.len; i++)
		m_index_free(m->indexes.items[i]);
	for (i = 0; i < m->enums.len; i++)
		model_enum_free(m->enums.items[i]);
	ptrvec_free(&m->tables);
	ptrvec_free(&m->indexes);
	ptrvec_free(&m->enums);
	for (i = 0; i < m->referrers.cap; i++) {
		struct ptrvec *v = m->referrers.slots[i].val;

		if (v != NULL) {
			ptrvec_free(v);
			free(v);
		}
	}
	strmap_free(&m->table_map);
	strmap_free(&m->index_map);
	strmap_free(&m->referrers);
	gone_truncate(m, 0);
	ptrvec_free(&m->gone);
	memset(m, 0, sizeof *m);
}

void
model_copy(struct model *out, const struct model *m)
{
	size_t i;

	model_init(out);
	for (i = 0; i < m->tables.len; i++)
		model_table_added(out, m_table_copy(m->tables.items[i]));
	for (i = 0; i < m->indexes.len; i++)
		model_index_added(out, m_index_copy(m->indexes.items[i]));
	for (i = 0; i < m->enums.len; i++)
		ptrvec_push(&out->enums, model_enum_copy(m->enums.items[i]));
	out->next_id = m->next_id;
	out->opaque = m->opaque;
	out->opaque_ddl = m->opaque_ddl;
	out->untracked = m->untracked;
	out->sql_dialect = m->sql_dialect;
	out->sql_postgresql = m->sql_postgresql;
	out->sql_writer = m->sql_writer;
	out->sql_writer_ctx = m->sql_writer_ctx;
	for (i = 0; i < m->gone.len; i++) {
		const struct m_gone *g = m->gone.items[i];

		model_gone_add(out, g->table, g->column, g->to, g->op);
	}
}

void
action_free(struct action *a)
{
	size_t i;

	free(a->table);
	free(a->schema);
	free(a->new_name);
	m_table_free(a->tbl);
	for (i = 0; i < a->indexes.len; i++)
		m_index_free(a->indexes.items[i]);
	ptrvec_free(&a->indexes);
	for (i = 0; i < a->pk_not_null.len; i++)
		free(a->pk_not_null.items[i]);
	ptrvec_free(&a->pk_not_null);
	model_column_free(a->col);
	model_column_free(a->before);
	m_index_free(a->idx);
	model_con_free(a->con);
	model_enum_free(a->en);
	free(a->comment);
	free(a->old_comment);
	free(a->value);
	free(a->old_value);
	free(a->neighbor);
	if (a->ddl != NULL) {
		ddl_effects_free(a->ddl);
		free(a->ddl);
	}
	memset(a, 0, sizeof *a);
}

/* ---- lookups ---------------------------------------------------------- */

/*
 * Every object of the model begins with its name (struct m_table,
 * m_column, m_index, m_constraint, m_enum), so one search serves a vector
 * of any of them.  The position of name in v, or (size_t)-1.
 */
size_t
model_named_pos(const struct ptrvec *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (strcmp(*(char *const *)v->items[i], name) == 0)
			return i;
	return (size_t)-1;
}

static void *
model_named_find(const struct ptrvec *v, const char *name)
{
	size_t i = model_named_pos(v, name);

	return i == (size_t)-1 ? NULL : v->items[i];
}

struct m_table *
model_table(const struct model *m, const char *name)
{
	return strmap_get(&m->table_map, name);
}

static int
cmp_table_seq(const void *a, const void *b)
{
	const struct m_table *x = *(struct m_table *const *)a;
	const struct m_table *y = *(struct m_table *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
model_referrers(const struct model *m, const char *name, struct ptrvec *out)
{
	const struct ptrvec *v = strmap_get(&m->referrers, name);
	size_t i, j, start = out->len;

	if (v == NULL)
		return;
	for (i = 0; i < v->len; i++) {
		for (j = start; j < out->len; j++)
			if (out->items[j] == v->items[i])
				break;
		if (j == out->len)
			ptrvec_push(out, v->items[i]);
	}
	if (out->len > start + 1)
		qsort(out->items + start, out->len - start,
		    sizeof *out->items, cmp_table_seq);
}

struct m_column *
table_column(const struct m_table *t, const char *name)
{
	return model_named_find(&t->cols, name);
}

struct m_index *
model_index(const struct model *m, const char *name)
{
	return strmap_get(&m->index_map, name);
}

struct m_enum *
model_enum(const struct model *m, const char *name)
{
	return model_named_find(&m->enums, name);
}

struct m_constraint *
table_constraint(const struct m_table *t, const char *name)
{
	return model_named_find(&t->cons, name);
}

struct m_constraint *
model_table_pk(const struct m_table *t)
{
	size_t i;

	for (i = 0; i < t->cons.len; i++) {
		struct m_constraint *c = t->cons.items[i];

		if (c->type == CON_PRIMARY_KEY)
			return c;
	}
	return NULL;
}

int
index_uses(const struct m_index *x, const char *col)
{
	size_t i;

	for (i = 0; i < x->ncols; i++)
		if (x->cols[i] != NULL && strcmp(x->cols[i], col) == 0)
			return 1;
	for (i = 0; i < x->ninclude; i++)
		if (strcmp(x->include[i], col) == 0)
			return 1;
	return 0;
}

int
model_con_uses(const struct m_constraint *c, const char *col)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i], col) == 0)
			return 1;
	for (i = 0; i < c->ninclude; i++)
		if (strcmp(c->include[i], col) == 0)
			return 1;
	return 0;
}

int
model_con_references(const struct m_constraint *k, const char *col)
{
	size_t i;

	for (i = 0; i < k->nref; i++)
		if (k->ref_cols[i] != NULL && strcmp(k->ref_cols[i], col) == 0)
			return 1;
	return 0;
}

struct m_enum *
model_enum_new(const char *name, char *const *values, size_t n)
{
	struct m_enum e = { (char *)name, (char **)values, n };

	return model_enum_copy(&e);
}

/*
 * 1 when SQL text names name as an identifier: an unquoted word equal to
 * it but for ASCII case (PostgreSQL folds unquoted names, SQLite compares
 * them without case) or a "quoted" one equal to it, outside string
 * literals, dollar quotes and comments.  A word right before '(' (a
 * function) or right after '::' (a type) is not a column.  The lexical
 * rules are those PostgreSQL 15 and SQLite share (PostgreSQL 15 docs,
 * 4.1 Lexical Structure; SQLite's "SQL Language Expressions").
 */
static int
sql_names(const char *sql, const char *name)
{
	const char *p = sql, *q;
	size_t n = strlen(name);

	while (*p != '\0') {
		if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			q = strstr(p + 2, "*/");
			p = q ? q + 2 : p + strlen(p);
		} else if (*p == '\'') {
			/* E'...' strings take backslash escapes. */
			int esc = p > sql && (p[-1] == 'E' || p[-1] == 'e');

			for (p++; *p != '\0'; p++)
				if (esc && *p == '\\' && p[1] != '\0')
					p++;
				else if (*p == '\'' && p[1] == '\'')
					p++;
				else if (*p == '\'')
					break;
			if (*p != '\0')
				p++;
		} else if (*p == '$' && (q = strchr(p + 1, '$')) != NULL &&
		    strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZ_0123456789") == (size_t)(q - p - 1)) {
			/* $tag$ ... $tag$ */
			size_t tl = (size_t)(q - p) + 1;
			const char *end = p + tl;

			while ((end = strchr(end, '$')) != NULL &&
			    strncmp(end, p, tl) != 0)
				end++;
			p = end ? end + tl : p + strlen(p);
		} else if (*p == '"' || *p == '`') {
			struct strbuf id = STRBUF_INIT;
			char quote = *p;
			int hit;

			for (p++; *p != '\0'; p++) {
				if (*p == quote && p[1] == quote)
					p++;
				else if (*p == quote)
					break;
				strbuf_addc(&id, *p);
			}
			hit = strcmp(strbuf_str(&id), name) == 0;
			strbuf_free(&id);
			if (hit)
				return 1;
			if (*p != '\0')
				p++;
		} else if (isalpha((unsigned char)*p) || *p == '_' ||
		    (unsigned char)*p >= 0x80) {
			const char *w = p, *after;

			while (isalnum((unsigned char)*p) || *p == '_' ||
			    *p == '$' || (unsigned char)*p >= 0x80)
				p++;
			for (after = p; isspace((unsigned char)*after); after++)
				;
			if ((size_t)(p - w) == n &&
			    strncasecmp(w, name, n) == 0 &&
			    *after != '(' && !(w - sql >= 2 && w[-1] == ':' &&
			    w[-2] == ':'))
				return 1;
		} else if (isdigit((unsigned char)*p)) {
			while (isalnum((unsigned char)*p) || *p == '_' ||
			    *p == '.')
				p++;
		} else
			p++;
	}
	return 0;
}

/* 1 when an FT_SQL node (one text, or one per dialect) names name. */
static int
sql_node_names(const struct node *v, const char *name)
{
	size_t i;

	if (v == NULL)
		return 0;
	if (node_is_str(v))
		return sql_names(v->text, name);
	if (v->kind == NODE_MAP)
		for (i = 0; i < v->n; i++)
			if (node_is_str(v->items[2 * i + 1]) &&
			    sql_names(v->items[2 * i + 1]->text, name))
				return 1;
	return 0;
}

/*
 * 1 when exclusion constraint k names col in an expression element or
 * its WHERE (its column elements are k->cols).  PostgreSQL 15 records
 * such a use as a normal dependency: DROP COLUMN refuses it without
 * CASCADE ("other objects depend on it"), and drops the constraint with
 * it, while a column element goes with its column as any constraint's
 * column does (measured on PostgreSQL 15.18).
 */
static int
exclude_names(const struct m_constraint *k, const char *col)
{
	size_t i;

	if (k->type != CON_EXCLUDE)
		return 0;
	for (i = 0; k->elements != NULL && i < k->elements->n; i++)
		if (sql_node_names(node_get(k->elements->items[i], "sql"), col))
			return 1;
	return sql_node_names(k->where, col);
}

const struct m_constraint *
table_column_exclusion(const struct m_table *t, const char *col)
{
	size_t i;

	for (i = 0; i < t->cons.len; i++)
		if (exclude_names(t->cons.items[i], col))
			return t->cons.items[i];
	return NULL;
}

void
table_column_dependents(const struct m_table *t, const char *col,
    struct ptrvec *indexes, struct ptrvec *cons)
{
	size_t i, j;

	for (i = 0; i < t->indexes.len; i++) {
		const struct m_index *x = t->indexes.items[i];
		int uses = index_uses(x, col) || sql_node_names(x->where, col);

		for (j = 0; j < x->ncols && !uses; j++)
			uses = sql_node_names(x->exprs[j], col);
		if (uses)
			ptrvec_push(indexes, (void *)x);
	}
	for (i = 0; i < t->cons.len; i++) {
		const struct m_constraint *k = t->cons.items[i];

		if (model_con_uses(k, col) || (k->type == CON_CHECK &&
		    k->ncols == 0 && sql_node_names(k->condition, col)) ||
		    exclude_names(k, col))
			ptrvec_push(cons, (void *)k);
	}
}

/* ---- lowering --------------------------------------------------------- */


void
lw_err(struct lw *w, const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(w->d, EXIT_INPUT, l ? l : &w->op->loc, fmt, ap);
	va_end(ap);
	w->ok = 0;
}

/*
 * An object the model does not know: an error, or a warning when an
 * execute came before on this path (it may have made the object).
 */
void
lw_missing(struct lw *w, const struct loc *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (w->m->opaque != NULL) {
		diag_warning(w->d, l ? l : &w->op->loc, "%s; assuming the "
		    "execute at %s:%u made it", sb.buf, w->m->opaque->loc.file,
		    w->m->opaque->loc.line);
		w->a->unknown = 1;
	} else
		lw_err(w, l, "%s", sb.buf);
	strbuf_free(&sb);
}

const struct loc *
lw_at(const struct node *n)
{
	return n ? &n->loc : NULL;
}

/*
 * " (did you mean 'x'?)" for name among the names of the objects in v
 * (see named_pos), or "".
 */
void
model_hint(struct strbuf *out, const char *name, const struct ptrvec *v)
{
	const char **names = xmalloc((v->len + 1) * sizeof *names);
	const char *s;
	size_t i;

	for (i = 0; i < v->len; i++)
		names[i] = *(char *const *)v->items[i];
	names[i] = NULL;
	s = suggest(name, names);
	strbuf_reset(out);
	if (s != NULL)
		strbuf_addf(out, " (did you mean '%s'?)", s);
	free(names);
}

/* The table called name, or NULL after reporting it unknown. */
struct m_table *
lw_need_table(struct lw *w, const char *name, const struct node *where)
{
	struct m_table *t = model_table(w->m, name);
	struct strbuf h = STRBUF_INIT;

	if (t != NULL)
		return t;
	model_hint(&h, name, &w->m->tables);
	model_gone_note(w->m, name, NULL, &h);
	lw_missing(w, lw_at(where), "unknown table '%s'%s", name,
	    strbuf_str(&h));
	strbuf_free(&h);
	return NULL;
}

struct m_column *
lw_need_column(struct lw *w, const struct m_table *t, const char *name,
    const struct node *where)
{
	struct m_column *c = table_column(t, name);
	struct strbuf h = STRBUF_INIT;

	if (c != NULL)
		return c;
	model_hint(&h, name, &t->cols);
	model_gone_note(w->m, t->name, name, &h);
	lw_missing(w, lw_at(where), "unknown column '%s' in table '%s'%s", name,
	    t->name, strbuf_str(&h));
	strbuf_free(&h);
	return NULL;
}

/* A relation name (table or index) already taken in the schema. */
int
lw_relation_taken(struct lw *w, const char *name, const struct node *where,
    const char *what)
{
	if (model_table(w->m, name) != NULL) {
		lw_err(w, lw_at(where),
		    "%s '%s' already exists: a table has that "
		    "name", what, name);
		return 1;
	}
	if (model_index(w->m, name) != NULL) {
		lw_err(w, lw_at(where),
		    "%s '%s' already exists: an index has that "
		    "name", what, name);
		return 1;
	}
	return 0;
}

/* Checks a column's type: parses generic types, finds enums. */
void
lw_check_type(struct lw *w, const struct node *type)
{
	struct type_spec t;
	const char *why;

	if (type == NULL || type->kind != NODE_SCALAR)
		return;
	if (!type_parse(type->text, &t, &why))
		return;		/* the loader reported it */
	if (t.type == GT_ENUM && model_enum(w->m, t.enum_name) == NULL)
		lw_missing(w, &type->loc, "unknown enum '%s' (create it first "
		    "with create_enum)", t.enum_name);
}

const struct m_enum *
model_column_enum(const struct model *m, const struct m_column *c)
{
	struct type_spec t;
	const char *why;

	if (c->type == NULL || c->type->kind != NODE_SCALAR ||
	    !type_parse(c->type->text, &t, &why) || t.type != GT_ENUM)
		return NULL;
	return model_enum(m, t.enum_name);
}

/* Clips an identifier list the way ChooseIndexNameAddition does. */
static void
name_addition(char *const *cols, size_t n, struct strbuf *out)
{
	size_t i;

	strbuf_reset(out);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addc(out, '_');
		strbuf_adds(out, cols[i]);
		if (out->len >= NAMEDATALEN_MAX + 1)
			break;
	}
	if (out->len > NAMEDATALEN_MAX) {
		out->len = NAMEDATALEN_MAX;
		while (out->len > 0 &&
		    ((unsigned char)out->buf[out->len] & 0xC0) == 0x80)
			out->len--;
		out->buf[out->len] = '\0';
	}
}

void
model_default_name(const char *name1, const char *name2, const char *label,
    struct strbuf *out)
{
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = (name2 ? 1 : 0) + strlen(label) + 1, avail;

	avail = NAMEDATALEN_MAX > overhead ? NAMEDATALEN_MAX - overhead : 0;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	/* pg_mbcliplen: never cut a UTF-8 sequence. */
	while (n1 > 0 && ((unsigned char)name1[n1] & 0xC0) == 0x80)
		n1--;
	while (n2 > 0 && ((unsigned char)name2[n2] & 0xC0) == 0x80)
		n2--;
	strbuf_reset(out);
	strbuf_addn(out, name1, n1);
	if (name2 != NULL) {
		strbuf_addc(out, '_');
		strbuf_addn(out, name2, n2);
	}
	strbuf_addc(out, '_');
	strbuf_adds(out, label);
}

/* The default name of a constraint of table on cols (may be none). */
char *
model_constraint_name(const char *table, char *const *cols, size_t ncols,
    const char *label)
{
	struct strbuf add = STRBUF_INIT, out = STRBUF_INIT;

	if (cols != NULL && ncols > 0)
		name_addition(cols, ncols, &add);
	model_default_name(table, add.buf, label, &out);
	strbuf_free(&add);
	return strbuf_detach(&out);
}

char **
model_names_of(const struct node *list, size_t *n)
{
	char **v = xmalloc((list->n ? list->n : 1) * sizeof *v);
	size_t i;

	for (i = 0; i < list->n; i++)
		v[i] = xstrdup(list->items[i]->text);
	*n = list->n;
	return v;
}

/* The columns of a named-columns value: a list, or {name?, columns}. */
const struct node *
model_columns_of(const struct node *v)
{
	return v->kind == NODE_MAP ? node_get(v, "columns") : v;
}

/*
 * Checks a literal server_default dv of column name against type (the
 * column's type after the op): value_default_fits(), with the values of
 * an enum the model knows.  An error at the value; or, for a default the
 * column keeps through a change of type (kept: the new type's node), at
 * the type, since PostgreSQL converts the default with the column
 * (PostgreSQL 15 docs, ALTER TABLE ... SET DATA TYPE).
 */
void
lw_check_default(struct lw *w, const char *name, const struct node *type,
    const struct node *dv, const struct node *kept)
{
	struct strbuf want = STRBUF_INIT;
	struct type_spec t;
	const struct m_enum *e = NULL;
	const char *why, *q;

	if (dv == NULL || dv->kind != NODE_SCALAR || type == NULL ||
	    type->kind != NODE_SCALAR)
		return;
	if (type_parse(type->text, &t, &why) && t.type == GT_ENUM)
		e = model_enum(w->m, t.enum_name);
	q = dv->type == SCALAR_STR ? "'" : "";
	if (value_default_fits(type, dv, e ? e->values : NULL,
	    e ? e->nvalues : 0, &want))
		;
	else if (kept == NULL)
		lw_err(w, &dv->loc, "server_default %s%s%s is not %s for "
		    "column '%s' (%s)", q, dv->text, q, want.buf, name,
		    type->text);
	else
		lw_err(w, &kept->loc, "column '%s' keeps its server_default "
		    "%s%s%s (%s:%u), which is not %s for its new type (%s): "
		    "give a server_default that is, or null", name, q,
		    dv->text, q, dv->loc.file, dv->loc.line, want.buf,
		    type->text);
	strbuf_free(&want);
}

/* A column mapping into a model column. */
struct m_column *
lw_make_column(struct lw *w, const struct node *c)
{
	struct m_column *x = xcalloc(1, sizeof *x);
	const struct node *dv;
	int pk = map_bool(c, "primary_key", 0);

	x->name = xstrdup(map_str(c, "name"));
	x->type = node_get(c, "type");
	x->nullable = map_bool(c, "nullable", !pk);
	dv = node_get(c, "server_default");
	if (dv != NULL && !(dv->kind == NODE_SCALAR &&
	    dv->type == SCALAR_NULL))
		x->server_default = dv;
	x->comment = xstrdup0(map_str(c, "comment"));
	x->autoincrement = op_autoincrement(c);
	x->identity = node_get(c, "identity");
	x->computed = node_get(c, "computed");
	x->id = w->m->next_id++;
	if (pk && x->nullable)
		lw_err(w, &node_key(c, "nullable")->loc, "a primary key column "
		    "cannot be nullable");
	if (x->identity != NULL)
		lw_identity_column(w, x, c);
	lw_check_type(w, x->type);
	lw_check_default(w, x->name, x->type, x->server_default, NULL);
	return x;
}

char *
model_initially(const struct node *v)
{
	char *s, *p;

	if (v == NULL)
		return NULL;
	s = xstrdup(v->text);
	for (p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}

int
model_non_integer_type(const struct node *type)
{
	struct type_spec t;
	const char *why;

	return node_is_str(type) && type_parse(type->text, &t, &why) &&
	    t.type != GT_INTEGER && t.type != GT_BIGINT &&
	    t.type != GT_SMALLINT;
}

void
lw_identity_column(struct lw *w, struct m_column *x, const struct node *c)
{
	const struct node *nl = node_get(c, "nullable");

	if (nl != NULL && nl->boolean)
		lw_err(w, &node_key(c, "nullable")->loc, "an identity column "
		    "is NOT NULL: it cannot be nullable");
	x->nullable = 0;
	if (model_non_integer_type(x->type))
		lw_err(w, &node_key(c, "identity")->loc, "an identity column "
		    "is an integer, bigint or smallint, not %s",
		    x->type->text);
}

/* The parts of a column's foreign_key: "table.column" or {table, column}. */
static void
fk_ref(const struct node *v, char **table, char **column)
{
	if (v->kind == NODE_MAP) {
		*table = xstrdup(map_str(v, "table"));
		*column = xstrdup(map_str(v, "column"));
	} else {
		const char *dot = strchr(v->text, '.');

		*table = xstrndup(v->text, (size_t)(dot - v->text));
		*column = xstrdup(dot + 1);
	}
}

struct m_constraint *
model_new_con(enum con_type type, char *name)
{
	struct m_constraint *c = xcalloc(1, sizeof *c);

	c->type = type;
	c->name = name;
	c->deferrable = -1;
	return c;
}

/* The constraints a column mapping declares inline. */
void
model_column_constraints(const struct node *c, const char *table, int inline_pk,
    struct ptrvec *cons)
{
	const char *name = map_str(c, "name");
	char *one[1];
	const struct node *x;
	struct m_constraint *k;

	one[0] = (char *)name;
	if (inline_pk && map_bool(c, "primary_key", 0)) {
		k = model_new_con(CON_PRIMARY_KEY,
		    model_constraint_name(table, NULL, 0, "pkey"));
		k->cols = strv_copy(one, 1);
		k->ncols = 1;
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
	if (map_bool(c, "unique", 0)) {
		k = model_new_con(CON_UNIQUE,
		    model_constraint_name(table, one, 1, "key"));
		k->cols = strv_copy(one, 1);
		k->ncols = 1;
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
	if ((x = node_get(c, "foreign_key")) != NULL) {
		char *rt, *rc;

		fk_ref(x, &rt, &rc);
		k = model_new_con(CON_FOREIGN_KEY,
		    model_constraint_name(table, one, 1, "fkey"));
		k->cols = strv_copy(one, 1);
		k->ncols = 1;
		k->ref_table = rt;
		k->ref_cols = xmalloc(sizeof *k->ref_cols);
		k->ref_cols[0] = rc;
		k->nref = 1;
		k->inline_col = 1;
		if ((x = node_get(c, "ondelete")) != NULL)
			k->ondelete = fk_action_canonical(x->text);
		if ((x = node_get(c, "onupdate")) != NULL)
			k->onupdate = fk_action_canonical(x->text);
		if ((x = node_get(c, "deferrable")) != NULL)
			k->deferrable = x->boolean;
		k->initially = model_initially(node_get(c, "initially"));
		ptrvec_push(cons, k);
	}
}

/* A foreign-key mapping (create_table's foreign_keys, create_foreign_key). */
struct m_constraint *
model_make_fk(const struct node *f, const char *table, const char *local,
    const char *remote, const char *reftable)
{
	const struct node *lc = node_get(f, local), *x;
	struct m_constraint *k;
	char **cols;
	size_t n;

	cols = model_names_of(lc, &n);
	x = node_get(f, "name");
	k = model_new_con(CON_FOREIGN_KEY, x ? xstrdup(x->text) :
	    model_constraint_name(table, cols, n, "fkey"));
	k->cols = cols;
	k->ncols = n;
	k->ref_table = xstrdup(map_str(f, reftable));
	k->ref_cols = model_names_of(node_get(f, remote), &k->nref);
	if ((x = node_get(f, "ondelete")) != NULL)
		k->ondelete = fk_action_canonical(x->text);
	if ((x = node_get(f, "onupdate")) != NULL)
		k->onupdate = fk_action_canonical(x->text);
	if ((x = node_get(f, "deferrable")) != NULL)
		k->deferrable = x->boolean;
	k->initially = model_initially(node_get(f, "initially"));
	if ((x = node_get(f, "match")) != NULL)
		k->match = strcasecmp(x->text, "full") == 0 ? "FULL" :
		    "SIMPLE";
	k->not_valid = map_bool(f, "not_valid", 0);
	return k;
}

/*
 * Checks constraint k of table t (whose columns are known): its columns
 * exist, a foreign key's referent table and columns exist and match in
 * number.  self is t when k references its own table.
 */
void
lw_check_con(struct lw *w, const struct m_table *t,
    const struct m_constraint *k,
    const struct node *where)
{
	const struct m_table *rt;
	size_t i;

	for (i = 0; i < k->ncols; i++)
		if (table_column(t, k->cols[i]) == NULL)
			lw_need_column(w, t, k->cols[i], where);
	for (i = 0; i < k->ninclude; i++)
		if (table_column(t, k->include[i]) == NULL)
			lw_need_column(w, t, k->include[i], where);
	if (k->type != CON_FOREIGN_KEY)
		return;
	if (k->ncols != k->nref)
		lw_err(w, lw_at(where),
		    "foreign key '%s' has %zu local and %zu "
		    "remote columns", k->name, k->ncols, k->nref);
	rt = strcmp(k->ref_table, t->name) == 0 ? t :
	    model_table(w->m, k->ref_table);
	if (rt == NULL) {
		struct strbuf h = STRBUF_INIT;

		model_hint(&h, k->ref_table, &w->m->tables);
		lw_missing(w, lw_at(where),
		    "foreign key '%s' references unknown "
		    "table '%s'%s", k->name, k->ref_table, strbuf_str(&h));
		strbuf_free(&h);
		return;
	}
	/* PostgreSQL 15 src/backend/commands/tablecmds.c,
	   ATAddForeignKeyConstraint: "constraints on permanent tables may
	   reference only permanent tables". */
	if (rt->unlogged && !t->unlogged)
		lw_err(w, lw_at(where), "foreign key '%s' of table '%s' "
		    "references unlogged table '%s': PostgreSQL lets only an "
		    "unlogged table reference an unlogged one", k->name,
		    t->name, rt->name);
	for (i = 0; i < k->nref; i++)
		if (table_column(rt, k->ref_cols[i]) == NULL) {
			struct strbuf h = STRBUF_INIT;

			model_hint(&h, k->ref_cols[i], &rt->cols);
			lw_missing(w, lw_at(where),
			    "foreign key '%s' references "
			    "unknown column '%s' of table '%s'%s", k->name,
			    k->ref_cols[i], rt->name, strbuf_str(&h));
			strbuf_free(&h);
		}
}

/* A constraint name already used on t, or by a relation when it makes an
   index (primary key, unique, exclusion: PostgreSQL gives them an index
   of the constraint's name). */
int
lw_con_name_taken(struct lw *w, const struct m_table *t, const char *name,
    enum con_type type, const struct node *where)
{
	if (table_constraint(t, name) != NULL) {
		lw_err(w, lw_at(where),
		    "table '%s' already has a constraint named "
		    "'%s'", t->name, name);
		return 1;
	}
	if (type == CON_PRIMARY_KEY || type == CON_UNIQUE ||
	    type == CON_EXCLUDE)
		return lw_relation_taken(w, name, where, "constraint");
	return 0;
}

/* Copies t's indexes into v. */
void
model_table_indexes(const struct model *m, const char *table, struct ptrvec *v)
{
	const struct m_table *t = model_table(m, table);
	size_t i;

	for (i = 0; t != NULL && i < t->indexes.len; i++)
		ptrvec_push(v, m_index_copy(t->indexes.items[i]));
}

/* Foreign keys of other tables that reference table (and column, if set). */
const struct m_constraint *
model_referenced_by(const struct model *m, const char *table,
    const char *column,
    const struct m_table **from)
{
	struct ptrvec refs = PTRVEC_INIT;
	const struct m_constraint *found = NULL;
	size_t i, j, k;

	model_referrers(m, table, &refs);
	for (i = 0; i < refs.len && found == NULL; i++) {
		const struct m_table *t = refs.items[i];

		for (j = 0; j < t->cons.len && found == NULL; j++) {
			const struct m_constraint *c = t->cons.items[j];

			if (c->type != CON_FOREIGN_KEY ||
			    strcmp(c->ref_table, table) != 0)
				continue;
			if (column == NULL && strcmp(t->name, table) == 0)
				continue;	/* a self reference goes too */
			if (column == NULL)
				found = c;
			for (k = 0; k < c->nref && found == NULL; k++)
				if (strcmp(c->ref_cols[k], column) == 0)
					found = c;
			if (found != NULL)
				*from = t;
		}
	}
	ptrvec_free(&refs);
	return found;
}

int
model_lower(struct model *m, const struct op *op, struct action *a,
    struct diags *d)
{
	struct lw w = { m, op, a, d, 1 };

	memset(a, 0, sizeof *a);
	a->kind = op->def->kind;
	a->op = op;
	a->non_transactional = op_non_transactional(op);
	if (op->def->lower != NULL)
		op->def->lower(&w);
	return w.ok;
}

/* ---- applying --------------------------------------------------------- */

void
model_rename_in_list(char **v, size_t n, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] != NULL && strcmp(v[i], from) == 0) {
			free(v[i]);
			v[i] = xstrdup(to);
		}
}

void
model_drop_ptr(struct ptrvec *v, size_t i)
{
	memmove(&v->items[i], &v->items[i + 1],
	    (v->len - i - 1) * sizeof v->items[0]);
	v->len--;
}

/* 1 when text has the word CREATE, ALTER or DROP (any case). */
static pcre2_code *ddl_code,
    *txn_code;	/* compiled on first use; model_cleanup() */

static int
has_ddl_or(const char *text, int transactions)
{
	static const char *const pats[2] = { "\\b(?:create|alter|drop)\\b",
		"\\b(?:create|alter|drop|begin|commit|end|rollback|savepoint|"
		"release)\\b" };
	pcre2_code **code = transactions ? &txn_code : &ddl_code;
	pcre2_match_data *md;
	int err, rc;
	PCRE2_SIZE off;

	if (*code == NULL) {
		*code = pcre2_compile((PCRE2_SPTR)pats[transactions],
		    PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &err, &off, NULL);
		if (*code == NULL)
			abort();	/* the pattern is constant */
	}
	md = pcre2_match_data_create_from_pattern(*code, NULL);
	if (md == NULL)
		out_of_memory();
	rc = pcre2_match(*code, (PCRE2_SPTR)text, strlen(text), 0, 0, md,
	    NULL);
	pcre2_match_data_free(md);
	return rc > 0;
}

static int
has_ddl(const char *text)
{
	return has_ddl_or(text, 0);
}

void
model_cleanup(void)
{
	pcre2_code_free(ddl_code);
	pcre2_code_free(txn_code);
	ddl_code = txn_code = NULL;
}

int
model_sql_has_ddl(const char *text)
{
	return has_ddl_or(text, 1);
}

/* 1 when some SQL of an execute op (any dialect's) looks like DDL. */
int
model_execute_has_ddl(const struct op *op)
{
	const struct node *a = op->args;
	size_t i;

	if (a->kind == NODE_SCALAR)
		return a->text != NULL && has_ddl(a->text);
	for (i = 0; i < a->n; i++) {
		const struct node *v = a->items[2 * i + 1];

		if (node_is_str(v) && has_ddl(v->text))
			return 1;
	}
	return 0;
}

/* ---- journals (model_journal_begin) ------------------------------------ */

enum jr_kind {
	JR_TABLE_SAVED,		/* t's contents before a change: saved */
	JR_TABLE_CREATED,	/* t was made; prev: what its name found */
	JR_TABLE_DROPPED,	/* t was taken out of tables[pos] */
	JR_INDEX_SAVED,		/* x's contents before a change: xsaved */
	JR_INDEX_CREATED,	/* x was made, on t; prev: what its name
				   found */
	JR_INDEX_DROPPED	/* x was taken out of indexes[pos] and
				   t->indexes[pos2] */
};

struct jr_entry {
	enum jr_kind	 kind;
	struct m_table	*t;
	struct m_table	*saved;
	struct m_index	*x;
	struct m_index	*xsaved;
	void		*prev;
	size_t		 pos, pos2;
};

struct journal {
	struct ptrvec		 entries;	/* struct jr_entry *, in
						   order */
	struct ptrvec		 saved;		/* tables and indexes saved */
	struct ptrvec		 enums;		/* a copy of m->enums */
	unsigned		 next_id;
	unsigned long		 next_seq;
	const struct op		*opaque, *opaque_ddl, *untracked;
	size_t			 gone_len;	/* m->gone.len at the begin */
	struct journal		*prev;		/* the one it is nested in */
};

static void
ptr_insert(struct ptrvec *v, size_t i, void *p)
{
	ptrvec_push(v, p);
	if (i < v->len - 1) {
		memmove(v->items + i + 1, v->items + i,
		    (v->len - 1 - i) * sizeof *v->items);
		v->items[i] = p;
	}
}

static struct jr_entry *
jr_add(struct model *m, enum jr_kind kind)
{
	struct jr_entry *e = xcalloc(1, sizeof *e);

	e->kind = kind;
	ptrvec_push(&m->journal->entries, e);
	return e;
}

static int
jr_first_save(struct model *m, const void *p)
{
	if (ptrvec_index(&m->journal->saved, p) < m->journal->saved.len)
		return 0;
	ptrvec_push(&m->journal->saved, (void *)p);
	return 1;
}

static void
jr_save_index(struct model *m, struct m_index *x)
{
	struct jr_entry *e;

	if (!jr_first_save(m, x))
		return;
	e = jr_add(m, JR_INDEX_SAVED);
	e->x = x;
	e->xsaved = m_index_copy(x);
}

static void
jr_save_table(struct model *m, struct m_table *t)
{
	size_t i;

	if (jr_first_save(m, t)) {
		struct jr_entry *e = jr_add(m, JR_TABLE_SAVED);

		e->t = t;
		e->saved = m_table_copy(t);
	}
	for (i = 0; i < t->indexes.len; i++)
		jr_save_index(m, t->indexes.items[i]);
}

/* Before an action on t: t, its indexes, and the tables whose foreign
 * keys name it (renames reach into those). */
static void
jr_touch(struct model *m, struct m_table *t)
{
	struct ptrvec refs = PTRVEC_INIT;
	size_t i;

	jr_save_table(m, t);
	model_referrers(m, t->name, &refs);
	for (i = 0; i < refs.len; i++)
		jr_save_table(m, refs.items[i]);
	ptrvec_free(&refs);
}

static void
jr_dropped_index(struct model *m, struct m_index *x)
{
	struct jr_entry *e = jr_add(m, JR_INDEX_DROPPED);

	e->x = x;
	e->t = model_table(m, x->table);
	e->pos = ptrvec_index(&m->indexes, x);
	e->pos2 = e->t != NULL ? ptrvec_index(&e->t->indexes, x) : 0;
	index_detach(m, x);
}

void
model_journal_begin(struct model *m)
{
	struct journal *j = xcalloc(1, sizeof *j);
	size_t i;

	for (i = 0; i < m->enums.len; i++)
		ptrvec_push(&j->enums, model_enum_copy(m->enums.items[i]));
	j->next_id = m->next_id;
	j->next_seq = m->next_seq;
	j->opaque = m->opaque;
	j->opaque_ddl = m->opaque_ddl;
	j->untracked = m->untracked;
	j->gone_len = m->gone.len;
	j->prev = m->journal;
	m->journal = j;
}

static void
jr_undo(struct model *m, struct jr_entry *e)
{
	struct m_table *t = e->t;
	struct m_index *x = e->x;
	size_t i;

	switch (e->kind) {
	case JR_TABLE_SAVED:
		for (i = 0; i < t->cons.len; i++)
			model_con_removed(m, t, t->cons.items[i]);
		if (strmap_get(&m->table_map, t->name) == t)
			strmap_del(&m->table_map, t->name);
		table_contents_free(t);
		t->name = e->saved->name;
		t->schema = e->saved->schema;
		t->comment = e->saved->comment;
		t->cols = e->saved->cols;
		t->cons = e->saved->cons;
		t->uncertain = e->saved->uncertain;
		t->temporary = e->saved->temporary;
		t->dependents = e->saved->dependents;
		t->unlogged = e->saved->unlogged;
		t->strict = e->saved->strict;
		t->without_rowid = e->saved->without_rowid;
		free(e->saved);		/* its contents moved to t */
		strmap_put(&m->table_map, t->name, t);
		for (i = 0; i < t->cons.len; i++)
			model_con_added(m, t, t->cons.items[i]);
		break;
	case JR_TABLE_CREATED:
		for (i = 0; i < t->cons.len; i++)
			model_con_removed(m, t, t->cons.items[i]);
		if (strmap_get(&m->table_map, t->name) == t) {
			if (e->prev != NULL)
				strmap_put(&m->table_map, t->name, e->prev);
			else
				strmap_del(&m->table_map, t->name);
		}
		ptrvec_remove(&m->tables, t);
		m_table_free(t);
		break;
	case JR_TABLE_DROPPED:
		ptr_insert(&m->tables, e->pos, t);
		strmap_put(&m->table_map, t->name, t);
		for (i = 0; i < t->cons.len; i++)
			model_con_added(m, t, t->cons.items[i]);
		break;
	case JR_INDEX_SAVED: {
		/* Every member back as saved (the options and INCLUDE
		   columns too), but the name, which the index map keys. */
		struct m_index now = *x;

		*x = *e->xsaved;
		x->name = now.name;
		now.name = e->xsaved->name;
		*e->xsaved = now;
		m_index_free(e->xsaved);
		break;
	}
	case JR_INDEX_CREATED:
		/* The table it went on, not the one its name finds now: a
		   rename of that table later in the journal is undone after
		   this entry only when the table was saved before it. */
		index_detach_from(m, x, t);
		if (e->prev != NULL)
			strmap_put(&m->index_map, x->name, e->prev);
		m_index_free(x);
		break;
	case JR_INDEX_DROPPED:
		ptr_insert(&m->indexes, e->pos, x);
		strmap_put(&m->index_map, x->name, x);
		if (t != NULL)
			ptr_insert(&t->indexes, e->pos2, x);
		break;
	}
	free(e);
}

void
model_journal_undo(struct model *m)
{
	struct journal *j = m->journal;
	size_t i;

	m->journal = j->prev;
	for (i = j->entries.len; i-- > 0;)
		jr_undo(m, j->entries.items[i]);
	for (i = 0; i < m->enums.len; i++)
		model_enum_free(m->enums.items[i]);
	ptrvec_free(&m->enums);
	m->enums = j->enums;
	m->next_id = j->next_id;
	m->next_seq = j->next_seq;
	m->opaque = j->opaque;
	m->opaque_ddl = j->opaque_ddl;
	m->untracked = j->untracked;
	gone_truncate(m, j->gone_len);
	ptrvec_free(&j->entries);
	ptrvec_free(&j->saved);
	free(j);
}

void
model_journal_forget(struct model *m)
{
	while (m->journal != NULL) {
		struct journal *j = m->journal;
		size_t i;

		m->journal = j->prev;
		for (i = 0; i < j->entries.len; i++) {
			struct jr_entry *e = j->entries.items[i];

			/* What only the journal kept: the contents saved
			   before a change, and what was dropped (taken out of
			   the model, kept to be put back). */
			switch (e->kind) {
			case JR_TABLE_SAVED:
				m_table_free(e->saved);
				break;
			case JR_TABLE_DROPPED:
				m_table_free(e->t);
				break;
			case JR_INDEX_SAVED:
				m_index_free(e->xsaved);
				break;
			case JR_INDEX_DROPPED:
				m_index_free(e->x);
				break;
			case JR_TABLE_CREATED:
			case JR_INDEX_CREATED:
				break;
			}
			free(e);
		}
		for (i = 0; i < j->enums.len; i++)
			model_enum_free(j->enums.items[i]);
		ptrvec_free(&j->enums);
		ptrvec_free(&j->entries);
		ptrvec_free(&j->saved);
		free(j);
	}
}

/* model_index_added(), recorded in an open journal. */
void
model_add_index(struct model *m, struct m_index *x)
{
	void *prev = model_index(m, x->name);

	model_index_added(m, x);
	if (m->journal != NULL) {
		struct jr_entry *e = jr_add(m, JR_INDEX_CREATED);

		e->x = x;
		e->t = model_table(m, x->table);
		e->prev = prev;
	}
}

void
model_table_dependents(struct model *m, struct m_table *t, const struct op *op)
{
	if (m->journal != NULL)
		jr_touch(m, t);
	t->dependents = op;
}

void
model_apply(struct model *m, const struct action *a)
{
	const struct op_def *def = op_def_of(a->kind);
	struct m_table *t;

	if (a->unknown || def->apply == NULL)
		return;
	t = a->table ? model_table(m, a->table) : NULL;
	if (m->journal != NULL && t != NULL)
		jr_touch(m, t);
	def->apply(m, t, a);
}

void
model_rename_table(struct model *m, const char *from, const char *to)
{
	struct m_table *t = model_table(m, from);
	struct ptrvec refs = PTRVEC_INIT, *v;
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->indexes.len; i++) {
		struct m_index *x = t->indexes.items[i];

		free(x->table);
		x->table = xstrdup(to);
	}
	model_referrers(m, from, &refs);
	for (i = 0; i < refs.len; i++) {
		struct m_table *o = refs.items[i];

		for (j = 0; j < o->cons.len; j++) {
			struct m_constraint *k = o->cons.items[j];

			if (k->type == CON_FOREIGN_KEY &&
			    strcmp(k->ref_table, from) == 0) {
				free(k->ref_table);
				k->ref_table = xstrdup(to);
				referrer_del(m, from, o);
				referrer_add(m, to, o);
			}
		}
	}
	ptrvec_free(&refs);
	if ((v = strmap_get(&m->referrers, from)) != NULL && v->len == 0) {
		strmap_del(&m->referrers, from);
		ptrvec_free(v);
		free(v);
	}
	strmap_del(&m->table_map, from);
	free(t->name);
	t->name = xstrdup(to);
	strmap_put(&m->table_map, to, t);
}

/* ---- inverses --------------------------------------------------------- */

const struct m_table *
model_inverse_table(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	const struct m_table *t = a->table ? model_table(m, a->table) : NULL;

	if (t == NULL)
		strbuf_addf(sb, "there is no table '%s'", a->table);
	return t;
}

/* What is wrong with inverse a on m, into sb; 1 when something is. */
static int
inverse_problem(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	const struct op_def *def = op_def_of(a->kind);

	if (def->inverse_problem != NULL)
		def->inverse_problem(m, a, sb);
	return sb->len > 0;
}

int
model_check_inverse(const struct model *m, const struct action *a,
    const char *rev, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	int ok = 1;

	if (a->unknown || !inverse_problem(m, a, &sb))
		return 1;
	diag_error(d, EXIT_INPUT, &a->op->loc, "the inferred downgrade of "
	    "this %s in revision '%s' cannot run: %s (a downgrade run "
	    "before it left the schema so)", a->op->def->name, rev, sb.buf);
	ok = 0;
	strbuf_free(&sb);
	return ok;
}

int
action_invert(const struct action *a, struct action *out)
{
	const struct op_def *def = op_def_of(a->kind);

	memset(out, 0, sizeof *out);
	out->op = a->op;
	out->inverse = !a->inverse;
	out->non_transactional = a->non_transactional;
	out->table = xstrdup0(a->table);
	out->schema = xstrdup0(a->schema);
	if (a->unknown || def->invert == NULL)
		return 0;
	return def->invert(a, out);
}

void
model_table_add(struct model *m, struct m_table *t)
{
	void *prev = model_table(m, t->name);

	model_table_added(m, t);
	if (m->journal != NULL) {
		struct jr_entry *e = jr_add(m, JR_TABLE_CREATED);

		e->t = t;
		e->prev = prev;
	}
}

void
model_table_remove(struct model *m, struct m_table *t)
{
	strmap_del(&m->table_map, t->name);
	if (m->journal != NULL) {
		struct jr_entry *e = jr_add(m, JR_TABLE_DROPPED);

		e->t = t;
		e->pos = ptrvec_index(&m->tables, t);
	}
	ptrvec_remove(&m->tables, t);
	if (m->journal == NULL)
		m_table_free(t);
}
