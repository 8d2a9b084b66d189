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

const char *const con_type_names[5] = {
	"primary", "unique", "check", "foreignkey", NULL
};

const char *const con_type_words[4] = {
	"primary key", "unique constraint", "check constraint", "foreign key"
};

/* ---- copies and frees ------------------------------------------------ */

static char *
dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char **
strv_copy(char *const *v, size_t n)
{
	char **out = xmalloc((n ? n : 1) * sizeof *out);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = dup0(v[i]);
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

static struct m_column *
column_copy(const struct m_column *c)
{
	struct m_column *x = xmalloc(sizeof *x);

	*x = *c;
	x->name = xstrdup(c->name);
	x->comment = dup0(c->comment);
	x->sql_type = dup0(c->sql_type);
	return x;
}

static void
column_free(struct m_column *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->comment);
	free(c->sql_type);
	free(c);
}

void
model_column_free(struct m_column *c)
{
	column_free(c);
}

static struct m_constraint *
con_copy(const struct m_constraint *c)
{
	struct m_constraint *x = xmalloc(sizeof *x);

	*x = *c;
	x->name = xstrdup(c->name);
	x->cols = strv_copy(c->cols, c->ncols);
	x->ref_table = dup0(c->ref_table);
	x->ref_cols = c->ref_cols ? strv_copy(c->ref_cols, c->nref) : NULL;
	x->initially = dup0(c->initially);
	return x;
}

static void
con_free(struct m_constraint *c)
{
	if (c == NULL)
		return;
	free(c->name);
	strv_free(c->cols, c->ncols);
	free(c->ref_table);
	strv_free(c->ref_cols, c->nref);
	free(c->initially);
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
		v[i].opclass = dup0(k[i].opclass);
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
	free(x);
}

struct m_table *
m_table_copy(const struct m_table *t)
{
	struct m_table *x = xcalloc(1, sizeof *x);
	size_t i;

	x->name = xstrdup(t->name);
	x->schema = dup0(t->schema);
	x->comment = dup0(t->comment);
	x->uncertain = t->uncertain;
	x->temporary = t->temporary;
	x->dependents = t->dependents;
	for (i = 0; i < t->cols.len; i++)
		ptrvec_push(&x->cols, column_copy(t->cols.items[i]));
	for (i = 0; i < t->cons.len; i++)
		ptrvec_push(&x->cons, con_copy(t->cons.items[i]));
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
		column_free(t->cols.items[i]);
	for (i = 0; i < t->cons.len; i++)
		con_free(t->cons.items[i]);
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

static struct m_enum *
enum_copy(const struct m_enum *e)
{
	struct m_enum *x = xmalloc(sizeof *x);

	x->name = xstrdup(e->name);
	x->values = strv_copy(e->values, e->nvalues);
	x->nvalues = e->nvalues;
	return x;
}

static void
enum_free(struct m_enum *e)
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

static void
gone_add(struct model *m, const char *table, const char *column,
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
static void
con_added(struct model *m, struct m_table *t, const struct m_constraint *k)
{
	if (k->type == CON_FOREIGN_KEY)
		referrer_add(m, k->ref_table, t);
}

static void
con_removed(struct model *m, struct m_table *t, const struct m_constraint *k)
{
	if (k->type == CON_FOREIGN_KEY)
		referrer_del(m, k->ref_table, t);
}

/* Takes t (its indexes vector empty) into the model. */
static void
table_added(struct model *m, struct m_table *t)
{
	size_t i;

	t->seq = ++m->next_seq;
	ptrvec_push(&m->tables, t);
	strmap_put(&m->table_map, t->name, t);
	for (i = 0; i < t->cons.len; i++)
		con_added(m, t, t->cons.items[i]);
}

/* Takes x into the model, on its table's list when the model knows it. */
static void
index_added(struct model *m, struct m_index *x)
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

static void
index_removed(struct model *m, struct m_index *x)
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
		enum_free(m->enums.items[i]);
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
		table_added(out, m_table_copy(m->tables.items[i]));
	for (i = 0; i < m->indexes.len; i++)
		index_added(out, m_index_copy(m->indexes.items[i]));
	for (i = 0; i < m->enums.len; i++)
		ptrvec_push(&out->enums, enum_copy(m->enums.items[i]));
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

		gone_add(out, g->table, g->column, g->to, g->op);
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
	column_free(a->col);
	column_free(a->before);
	m_index_free(a->idx);
	con_free(a->con);
	enum_free(a->en);
	free(a->comment);
	free(a->old_comment);
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
static size_t
named_pos(const struct ptrvec *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (strcmp(*(char *const *)v->items[i], name) == 0)
			return i;
	return (size_t)-1;
}

static void *
named_find(const struct ptrvec *v, const char *name)
{
	size_t i = named_pos(v, name);

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
	return named_find(&t->cols, name);
}

struct m_index *
model_index(const struct model *m, const char *name)
{
	return strmap_get(&m->index_map, name);
}

struct m_enum *
model_enum(const struct model *m, const char *name)
{
	return named_find(&m->enums, name);
}

struct m_constraint *
table_constraint(const struct m_table *t, const char *name)
{
	return named_find(&t->cons, name);
}

static struct m_constraint *
table_pk(const struct m_table *t)
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
	return 0;
}

static int
con_uses(const struct m_constraint *c, const char *col)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (strcmp(c->cols[i], col) == 0)
			return 1;
	return 0;
}

int
model_con_uses(const struct m_constraint *k, const char *col)
{
	return con_uses(k, col);
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

struct m_constraint *
model_con_copy(const struct m_constraint *k)
{
	return con_copy(k);
}

void
model_con_free(struct m_constraint *k)
{
	con_free(k);
}

struct m_enum *
model_enum_new(const char *name, char *const *values, size_t n)
{
	struct m_enum e = { (char *)name, (char **)values, n };

	return enum_copy(&e);
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
			if ((size_t)(p - w) == n && strncasecmp(w, name, n) == 0 &&
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

		if (con_uses(k, col) || (k->type == CON_CHECK &&
		    k->ncols == 0 && sql_node_names(k->condition, col)))
			ptrvec_push(cons, (void *)k);
	}
}

/* ---- lowering --------------------------------------------------------- */

struct lw {
	struct model		*m;
	const struct op		*op;
	struct action		*a;
	struct diags		*d;
	int			 ok;
};

static void
lerr(struct lw *w, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
lerr(struct lw *w, const struct loc *l, const char *fmt, ...)
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
static void
missing(struct lw *w, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
missing(struct lw *w, const struct loc *l, const char *fmt, ...)
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
		lerr(w, l, "%s", sb.buf);
	strbuf_free(&sb);
}

static const struct loc *
at(const struct node *n)
{
	return n ? &n->loc : NULL;
}

/*
 * " (did you mean 'x'?)" for name among the names of the objects in v
 * (see named_pos), or "".
 */
static void
hint(struct strbuf *out, const char *name, const struct ptrvec *v)
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

void
model_hint(struct strbuf *out, const char *name, const struct ptrvec *v)
{
	hint(out, name, v);
}

/* The table called name, or NULL after reporting it unknown. */
static struct m_table *
need_table(struct lw *w, const char *name, const struct node *where)
{
	struct m_table *t = model_table(w->m, name);
	struct strbuf h = STRBUF_INIT;

	if (t != NULL)
		return t;
	hint(&h, name, &w->m->tables);
	model_gone_note(w->m, name, NULL, &h);
	missing(w, at(where), "unknown table '%s'%s", name, strbuf_str(&h));
	strbuf_free(&h);
	return NULL;
}

static struct m_column *
need_column(struct lw *w, const struct m_table *t, const char *name,
    const struct node *where)
{
	struct m_column *c = table_column(t, name);
	struct strbuf h = STRBUF_INIT;

	if (c != NULL)
		return c;
	hint(&h, name, &t->cols);
	model_gone_note(w->m, t->name, name, &h);
	missing(w, at(where), "unknown column '%s' in table '%s'%s", name,
	    t->name, strbuf_str(&h));
	strbuf_free(&h);
	return NULL;
}

/* A relation name (table or index) already taken in the schema. */
static int
relation_taken(struct lw *w, const char *name, const struct node *where,
    const char *what)
{
	if (model_table(w->m, name) != NULL) {
		lerr(w, at(where), "%s '%s' already exists: a table has that "
		    "name", what, name);
		return 1;
	}
	if (model_index(w->m, name) != NULL) {
		lerr(w, at(where), "%s '%s' already exists: an index has that "
		    "name", what, name);
		return 1;
	}
	return 0;
}

/* Checks a column's type: parses generic types, finds enums. */
static void
check_type(struct lw *w, const struct node *type)
{
	struct type_spec t;
	const char *why;

	if (type == NULL || type->kind != NODE_SCALAR)
		return;
	if (!type_parse(type->text, &t, &why))
		return;		/* the loader reported it */
	if (t.type == GT_ENUM && model_enum(w->m, t.enum_name) == NULL)
		missing(w, &type->loc, "unknown enum '%s' (create it first "
		    "with create_enum)", t.enum_name);
}

static const struct m_enum *
column_enum(const struct model *m, const struct m_column *c)
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
static char *
con_default_name(const char *table, char *const *cols, size_t ncols,
    const char *label)
{
	struct strbuf add = STRBUF_INIT, out = STRBUF_INIT;

	if (cols != NULL && ncols > 0)
		name_addition(cols, ncols, &add);
	model_default_name(table, add.buf, label, &out);
	strbuf_free(&add);
	return strbuf_detach(&out);
}

char *
model_constraint_name(const char *table, char *const *cols, size_t ncols,
    const char *label)
{
	return con_default_name(table, cols, ncols, label);
}

static char **
names_of(const struct node *list, size_t *n)
{
	char **v = xmalloc((list->n ? list->n : 1) * sizeof *v);
	size_t i;

	for (i = 0; i < list->n; i++)
		v[i] = xstrdup(list->items[i]->text);
	*n = list->n;
	return v;
}

/* The columns of a named-columns value: a list, or {name?, columns}. */
static const struct node *
columns_of(const struct node *v)
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
static void
check_default(struct lw *w, const char *name, const struct node *type,
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
		lerr(w, &dv->loc, "server_default %s%s%s is not %s for column "
		    "'%s' (%s)", q, dv->text, q, want.buf, name, type->text);
	else
		lerr(w, &kept->loc, "column '%s' keeps its server_default "
		    "%s%s%s (%s:%u), which is not %s for its new type (%s): "
		    "give a server_default that is, or null", name, q,
		    dv->text, q, dv->loc.file, dv->loc.line, want.buf,
		    type->text);
	strbuf_free(&want);
}

/* A column mapping into a model column. */
static struct m_column *
make_column(struct lw *w, const struct node *c)
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
	x->comment = dup0(map_str(c, "comment"));
	x->autoincrement = map_bool(c, "autoincrement", 0);
	x->id = w->m->next_id++;
	if (pk && x->nullable)
		lerr(w, &node_key(c, "nullable")->loc, "a primary key column "
		    "cannot be nullable");
	check_type(w, x->type);
	check_default(w, x->name, x->type, x->server_default, NULL);
	return x;
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

static struct m_constraint *
new_con(enum con_type type, char *name)
{
	struct m_constraint *c = xcalloc(1, sizeof *c);

	c->type = type;
	c->name = name;
	c->deferrable = -1;
	return c;
}

/* The constraints a column mapping declares inline. */
static void
column_constraints(const struct node *c, const char *table, int inline_pk,
    struct ptrvec *cons)
{
	const char *name = map_str(c, "name");
	char *one[1];
	const struct node *x;
	struct m_constraint *k;

	one[0] = (char *)name;
	if (inline_pk && map_bool(c, "primary_key", 0)) {
		k = new_con(CON_PRIMARY_KEY, con_default_name(table, NULL, 0,
		    "pkey"));
		k->cols = strv_copy(one, 1);
		k->ncols = 1;
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
	if (map_bool(c, "unique", 0)) {
		k = new_con(CON_UNIQUE, con_default_name(table, one, 1,
		    "key"));
		k->cols = strv_copy(one, 1);
		k->ncols = 1;
		k->inline_col = 1;
		ptrvec_push(cons, k);
	}
	if ((x = node_get(c, "foreign_key")) != NULL) {
		char *rt, *rc;

		fk_ref(x, &rt, &rc);
		k = new_con(CON_FOREIGN_KEY, con_default_name(table, one, 1,
		    "fkey"));
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
		ptrvec_push(cons, k);
	}
}

/* A foreign-key mapping (create_table's foreign_keys, create_foreign_key). */
static struct m_constraint *
make_fk(const struct node *f, const char *table, const char *local,
    const char *remote, const char *reftable)
{
	const struct node *lc = node_get(f, local), *x;
	struct m_constraint *k;
	char **cols;
	size_t n;

	cols = names_of(lc, &n);
	x = node_get(f, "name");
	k = new_con(CON_FOREIGN_KEY, x ? xstrdup(x->text) :
	    con_default_name(table, cols, n, "fkey"));
	k->cols = cols;
	k->ncols = n;
	k->ref_table = xstrdup(map_str(f, reftable));
	k->ref_cols = names_of(node_get(f, remote), &k->nref);
	if ((x = node_get(f, "ondelete")) != NULL)
		k->ondelete = fk_action_canonical(x->text);
	if ((x = node_get(f, "onupdate")) != NULL)
		k->onupdate = fk_action_canonical(x->text);
	if ((x = node_get(f, "deferrable")) != NULL)
		k->deferrable = x->boolean;
	if ((x = node_get(f, "initially")) != NULL) {
		char *s = xstrdup(x->text), *p;

		for (p = s; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		k->initially = s;
	}
	return k;
}

/*
 * Checks constraint k of table t (whose columns are known): its columns
 * exist, a foreign key's referent table and columns exist and match in
 * number.  self is t when k references its own table.
 */
static void
check_con(struct lw *w, const struct m_table *t, const struct m_constraint *k,
    const struct node *where)
{
	const struct m_table *rt;
	size_t i;

	for (i = 0; i < k->ncols; i++)
		if (table_column(t, k->cols[i]) == NULL)
			need_column(w, t, k->cols[i], where);
	if (k->type != CON_FOREIGN_KEY)
		return;
	if (k->ncols != k->nref)
		lerr(w, at(where), "foreign key '%s' has %zu local and %zu "
		    "remote columns", k->name, k->ncols, k->nref);
	rt = strcmp(k->ref_table, t->name) == 0 ? t :
	    model_table(w->m, k->ref_table);
	if (rt == NULL) {
		struct strbuf h = STRBUF_INIT;

		hint(&h, k->ref_table, &w->m->tables);
		missing(w, at(where), "foreign key '%s' references unknown "
		    "table '%s'%s", k->name, k->ref_table, strbuf_str(&h));
		strbuf_free(&h);
		return;
	}
	for (i = 0; i < k->nref; i++)
		if (table_column(rt, k->ref_cols[i]) == NULL) {
			struct strbuf h = STRBUF_INIT;

			hint(&h, k->ref_cols[i], &rt->cols);
			missing(w, at(where), "foreign key '%s' references "
			    "unknown column '%s' of table '%s'%s", k->name,
			    k->ref_cols[i], rt->name, strbuf_str(&h));
			strbuf_free(&h);
		}
}

/* A constraint name already used on t, or by a relation when it makes an
   index (primary key, unique: PostgreSQL gives them an index). */
static int
con_name_taken(struct lw *w, const struct m_table *t, const char *name,
    enum con_type type, const struct node *where)
{
	if (table_constraint(t, name) != NULL) {
		lerr(w, at(where), "table '%s' already has a constraint named "
		    "'%s'", t->name, name);
		return 1;
	}
	if (type == CON_PRIMARY_KEY || type == CON_UNIQUE)
		return relation_taken(w, name, where, "constraint");
	return 0;
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
	t->schema = dup0(map_str(a, "schema"));
	t->comment = dup0(map_str(a, "comment"));
	w->a->tbl = t;
	w->a->table = xstrdup(name);
	w->a->schema = dup0(t->schema);
	w->a->if_not_exists = map_bool(a, "if_not_exists", 0);
	if (model_table(w->m, name) != NULL) {
		if (w->a->if_not_exists) {
			diag_warning(w->d, &w->op->loc, "table '%s' already "
			    "exists: this create_table does nothing",
			    name);
			w->a->unknown = 1;
		} else
			lerr(w, at(node_get(a, "name")), "table '%s' already "
			    "exists", name);
	} else if (model_index(w->m, name) != NULL)
		relation_taken(w, name, node_get(a, "name"), "table");
	for (i = 0; i < cols->n; i++)
		if (map_bool(cols->items[i], "primary_key", 0))
			npk++;
	if (pk != NULL && npk > 0)
		lerr(w, &pk->loc, "the primary key is given twice: on columns "
		    "and in 'primary_key'");
	for (i = 0; i < cols->n; i++) {
		const struct node *c = cols->items[i];
		struct m_column *col = make_column(w, c);

		if (table_column(t, col->name) != NULL)
			lerr(w, at(node_get(c, "name")), "column '%s' is "
			    "given twice", col->name);
		if (col->autoincrement && !(pk == NULL && npk == 1 &&
		    map_bool(c, "primary_key", 0)))
			lerr(w, &node_key(c, "autoincrement")->loc,
			    "autoincrement needs a one-column primary key");
		ptrvec_push(&t->cols, col);
		column_constraints(c, name, pk == NULL && npk == 1, &t->cons);
	}
	if (pk != NULL || npk > 1) {
		struct m_constraint *k;
		const struct node *nm = pk && pk->kind == NODE_MAP ?
		    node_get(pk, "name") : NULL;

		k = new_con(CON_PRIMARY_KEY, nm ? xstrdup(nm->text) :
		    con_default_name(name, NULL, 0, "pkey"));
		if (pk != NULL)
			k->cols = names_of(columns_of(pk), &k->ncols);
		else {
			k->cols = xmalloc(npk * sizeof *k->cols);
			for (i = 0; i < cols->n; i++)
				if (map_bool(cols->items[i], "primary_key", 0))
					k->cols[k->ncols++] = xstrdup(map_str(
					    cols->items[i], "name"));
		}
		for (j = 0; j < k->ncols; j++)
			if (table_column(t, k->cols[j]) == NULL)
				lerr(w, pk ? &columns_of(pk)->items[j]->loc :
				    NULL, "the primary key names '%s', which "
				    "is not a column of this table", k->cols[j]);
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

			cv = names_of(columns_of(u), &n);
			k = new_con(CON_UNIQUE, nm ? xstrdup(nm->text) :
			    con_default_name(name, cv, n, "key"));
			k->cols = cv;
			k->ncols = n;
			ptrvec_push(&t->cons, k);
		}
	if ((x = node_get(a, "foreign_keys")) != NULL)
		for (i = 0; i < x->n; i++)
			ptrvec_push(&t->cons, make_fk(x->items[i], name,
			    "local_cols", "remote_cols", "referent_table"));
	if ((x = node_get(a, "checks")) != NULL)
		for (i = 0; i < x->n; i++) {
			struct m_constraint *k = new_con(CON_CHECK, xstrdup(
			    map_str(x->items[i], "name")));

			k->condition = node_get(x->items[i], "condition");
			k->cols = xmalloc(sizeof *k->cols);
			ptrvec_push(&t->cons, k);
		}
	/* Every constraint: unique names, existing columns and referents. */
	for (i = 0; i < t->cons.len; i++) {
		struct m_constraint *k = t->cons.items[i];

		for (j = 0; j < i; j++)
			if (strcmp(((struct m_constraint *)
			    t->cons.items[j])->name, k->name) == 0)
				lerr(w, NULL, "two constraints of table '%s' "
				    "are named '%s'", name, k->name);
		if ((k->type == CON_PRIMARY_KEY || k->type == CON_UNIQUE) &&
		    (model_index(w->m, k->name) != NULL ||
		    model_table(w->m, k->name) != NULL))
			relation_taken(w, k->name, NULL, "constraint");
		if (k->type == CON_FOREIGN_KEY || k->type == CON_UNIQUE)
			check_con(w, t, k, NULL);
	}
}

/* Copies t's indexes into v. */
static void
table_indexes(const struct model *m, const char *table, struct ptrvec *v)
{
	const struct m_table *t = model_table(m, table);
	size_t i;

	for (i = 0; t != NULL && i < t->indexes.len; i++)
		ptrvec_push(v, m_index_copy(t->indexes.items[i]));
}

/* Foreign keys of other tables that reference table (and column, if set). */
static const struct m_constraint *
referenced_by(const struct model *m, const char *table, const char *column,
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

static void
lower_drop_table(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = a->kind == NODE_MAP ? map_str(a, "name") : a->text;
	struct m_table *t;
	const struct m_table *from;
	const struct m_constraint *c;

	w->a->table = xstrdup(name);
	w->a->schema = a->kind == NODE_MAP ? dup0(map_str(a, "schema")) : NULL;
	if ((t = need_table(w, name, a->kind == NODE_MAP ?
	    node_get(a, "name") : a)) == NULL)
		return;
	if ((c = referenced_by(w->m, name, NULL, &from)) != NULL)
		lerr(w, NULL, "cannot drop table '%s': foreign key '%s' of "
		    "table '%s' references it (drop that first)", name,
		    c->name, from->name);
	w->a->tbl = m_table_copy(t);
	table_indexes(w->m, name, &w->a->indexes);
}

static void
lower_rename_table(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = map_str(a, "name"), *nn = map_str(a, "new_name");

	w->a->table = xstrdup(name);
	w->a->schema = dup0(map_str(a, "schema"));
	w->a->new_name = xstrdup(nn);
	if (need_table(w, name, node_get(a, "name")) == NULL)
		return;
	if (strcmp(name, nn) != 0)
		relation_taken(w, nn, node_get(a, "new_name"), "table");
}

static void
lower_add_column(struct lw *w)
{
	const struct node *a = w->op->args, *c = node_get(a, "column");
	const char *tname = map_str(a, "table");
	struct m_table *t;
	struct ptrvec cons = PTRVEC_INIT;
	size_t i;

	w->a->table = xstrdup(tname);
	w->a->schema = dup0(map_str(a, "schema"));
	w->a->col = make_column(w, c);
	if (map_bool(c, "autoincrement", 0))
		lerr(w, &node_key(c, "autoincrement")->loc, "autoincrement "
		    "needs a one-column primary key made with create_table");
	t = need_table(w, tname, node_get(a, "table"));
	column_constraints(c, tname, 1, &cons);
	w->a->tbl = xcalloc(1, sizeof *w->a->tbl);	/* its constraints */
	w->a->tbl->name = xstrdup(tname);
	for (i = 0; i < cons.len; i++)
		ptrvec_push(&w->a->tbl->cons, cons.items[i]);
	ptrvec_free(&cons);
	if (t == NULL)
		return;
	if (table_column(t, w->a->col->name) != NULL)
		lerr(w, at(node_get(c, "name")), "column '%s' already exists in "
		    "table '%s'", w->a->col->name, tname);
	if (map_bool(c, "primary_key", 0) && table_pk(t) != NULL)
		lerr(w, &node_key(c, "primary_key")->loc, "table '%s' already "
		    "has a primary key", tname);
	{
		/* Check the constraints against the table with the column. */
		struct m_table *probe = m_table_copy(t);

		ptrvec_push(&probe->cols, column_copy(w->a->col));
		for (i = 0; i < w->a->tbl->cons.len; i++) {
			struct m_constraint *k = w->a->tbl->cons.items[i];

			con_name_taken(w, t, k->name, k->type, c);
			check_con(w, probe, k, node_get(c, "foreign_key"));
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
	w->a->schema = dup0(map_str(a, "schema"));
	if ((t = need_table(w, tname, node_get(a, "table"))) == NULL ||
	    (c = need_column(w, t, cname, node_get(a, "column"))) == NULL) {
		w->a->col = xcalloc(1, sizeof *w->a->col);
		w->a->col->name = xstrdup(cname);
		return;
	}
	w->a->col = column_copy(c);
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

		ptrvec_push(&w->a->tbl->cons, con_copy(dep));
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
	if ((k = referenced_by(w->m, t->name, cname, &from)) != NULL)
		lerr(w, NULL, "cannot drop column '%s' of table '%s': foreign "
		    "key '%s' of table '%s' references it", cname, t->name,
		    k->name, from->name);
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
	w->a->schema = dup0(map_str(a, "schema"));
	t = need_table(w, tname, node_get(a, "table"));
	c = t ? need_column(w, t, cname, node_get(a, "column")) : NULL;
	if (c != NULL) {
		w->a->before = column_copy(c);
		after = column_copy(c);
	} else {
		/* Unknown (an execute may have made it): before and after
		   hold what the op says, so every user of the action finds
		   both, with the old name in before. */
		w->a->before = xcalloc(1, sizeof *w->a->before);
		w->a->before->name = xstrdup(cname);
		w->a->before->nullable = 1;
		after = column_copy(w->a->before);
	}
	w->a->col = after;
	if ((x = node_get(a, "nullable")) != NULL) {
		ch |= CH_NULLABLE;
		after->nullable = x->boolean;
		if (x->boolean && t != NULL && c != NULL && table_pk(t) &&
		    con_uses(table_pk(t), cname))
			lerr(w, &x->loc, "column '%s' is part of the primary key "
			    "of table '%s' and cannot be nullable", cname, tname);
	}
	if ((x = node_get(a, "type")) != NULL) {
		ch |= CH_TYPE;
		after->type = x;
		check_type(w, x);
	}
	if ((x = node_get(a, "using")) != NULL) {
		if (!(ch & CH_TYPE))
			lerr(w, &node_key(a, "using")->loc, "'using' converts "
			    "the values to a new type: give 'type' too");
		w->a->using = x;
	}
	if ((x = node_get(a, "server_default")) != NULL) {
		ch |= CH_DEFAULT;
		after->server_default = x->kind == NODE_SCALAR &&
		    x->type == SCALAR_NULL ? NULL : x;
		check_default(w, cname, after->type, after->server_default,
		    NULL);
	} else if (ch & CH_TYPE)
		check_default(w, cname, after->type, after->server_default,
		    after->type);
	if ((x = node_get(a, "comment")) != NULL) {
		ch |= CH_COMMENT;
		free(after->comment);
		after->comment = xstrdup(x->text);
	}
	if ((x = node_get(a, "new_column_name")) != NULL &&
	    strcmp(x->text, cname) != 0) {
		ch |= CH_NAME;
		free(after->name);
		after->name = xstrdup(x->text);
		if (t != NULL && table_column(t, x->text) != NULL)
			lerr(w, &x->loc, "cannot rename column '%s' of table "
			    "'%s' to '%s': that column already exists", cname,
			    tname, x->text);
	}
	if (ch == 0)
		lerr(w, NULL, "alter_column changes nothing: give nullable, "
		    "type, server_default, new_column_name or comment");
	w->a->changes = ch;
}

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
	k.opclass = dup0(map_str(it, "opclass"));
	k.collation = node_get(it, "collation");
	if (!k.asc && !k.desc && !k.nulls_first && !k.nulls_last &&
	    k.opclass == NULL && k.collation == NULL)
		return;
	if (x->keys == NULL)
		x->keys = xcalloc(x->ncols ? x->ncols : 1, sizeof *x->keys);
	x->keys[i] = k;
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
	w->a->idx = x;
	w->a->table = xstrdup(tname);
	w->a->schema = dup0(map_str(a, "schema"));
	w->a->if_not_exists = map_bool(a, "if_not_exists", 0);
	t = need_table(w, tname, node_get(a, "table"));
	if (model_index(w->m, name) != NULL && w->a->if_not_exists) {
		diag_warning(w->d, &w->op->loc, "index '%s' already exists: "
		    "this create_index does nothing", name);
		w->a->unknown = 1;
	} else
		relation_taken(w, name, node_get(a, "name"), "index");
	if (t != NULL)
		for (i = 0; i < cols->n; i++)
			if (x->cols[i] != NULL)
				need_column(w, t, x->cols[i],
				    cols->items[i]->kind == NODE_MAP ?
				    node_get(cols->items[i], "name") :
				    cols->items[i]);
}

static void
lower_drop_index(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = a->kind == NODE_MAP ? map_str(a, "name") : a->text;
	const char *tname = a->kind == NODE_MAP ? map_str(a, "table") : NULL;
	struct m_index *x = model_index(w->m, name);

	w->a->if_exists = a->kind == NODE_MAP && map_bool(a, "if_exists", 0);
	w->a->schema = a->kind == NODE_MAP ? dup0(map_str(a, "schema")) : NULL;
	if (x == NULL) {
		struct strbuf h = STRBUF_INIT;

		hint(&h, name, &w->m->indexes);
		if (w->a->if_exists) {
			diag_warning(w->d, &w->op->loc, "unknown index '%s'%s: "
			    "this drop_index does nothing", name, strbuf_str(&h));
			w->a->unknown = 1;
		} else
			missing(w, a->kind == NODE_MAP ? at(node_get(a,
			    "name")) : &a->loc, "unknown index '%s'%s", name,
			    strbuf_str(&h));
		strbuf_free(&h);
		x = xcalloc(1, sizeof *x);
		x->name = xstrdup(name);
		x->table = xstrdup(tname ? tname : "");
		x->cols = xmalloc(sizeof *x->cols);
		x->exprs = xmalloc(sizeof *x->exprs);
		w->a->idx = x;
		w->a->table = dup0(tname);
		return;
	}
	if (tname != NULL && strcmp(tname, x->table) != 0)
		lerr(w, at(node_get(a, "table")), "index '%s' is on table '%s', "
		    "not '%s'", name, x->table, tname);
	w->a->idx = m_index_copy(x);
	w->a->table = xstrdup(x->table);
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
		k = make_fk(a, tname, "local_cols", "remote_cols",
		    "referent_table");
		break;
	case OP_CREATE_CHECK_CONSTRAINT:
		k = new_con(CON_CHECK, xstrdup(map_str(a, "name")));
		k->condition = node_get(a, "condition");
		k->cols = xmalloc(sizeof *k->cols);
		break;
	default:
		k = new_con(kind == OP_CREATE_PRIMARY_KEY ? CON_PRIMARY_KEY :
		    CON_UNIQUE, xstrdup(map_str(a, "name")));
		k->cols = names_of(node_get(a, "columns"), &k->ncols);
		break;
	}
	w->a->con = k;
	w->a->table = xstrdup(tname);
	if ((t = need_table(w, tname, tnode)) == NULL)
		return;
	con_name_taken(w, t, k->name, k->type, node_get(a, "name"));
	if (k->type == CON_PRIMARY_KEY && table_pk(t) != NULL)
		lerr(w, NULL, "table '%s' already has a primary key ('%s')",
		    tname, table_pk(t)->name);
	check_con(w, t, k, node_get(a, k->type == CON_FOREIGN_KEY ?
	    "local_cols" : "columns"));
	w->a->schema = dup0(t->schema);
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
		for (i = 0; i < 4; i++)
			if (strcmp(ty->text, con_type_names[i]) == 0)
				break;
		if (i == 4) {
			const char *s = suggest(ty->text, con_type_names);

			lerr(w, &ty->loc, "unknown constraint type '%s'; use "
			    "primary, unique, check or foreignkey%s%s%s",
			    ty->text, s ? " (did you mean '" : "", s ? s : "",
			    s ? "'?)" : "");
		}
	}
	if ((t = need_table(w, tname, node_get(a, "table"))) == NULL ||
	    (k = table_constraint(t, name)) == NULL) {
		if (t != NULL) {
			struct strbuf h = STRBUF_INIT;

			hint(&h, name, &t->cons);
			missing(w, at(node_get(a, "name")), "table '%s' has no "
			    "constraint '%s'%s", tname, name, strbuf_str(&h));
			strbuf_free(&h);
		}
		k = new_con(CON_CHECK, xstrdup(name));
		k->cols = xmalloc(sizeof *k->cols);
		w->a->con = k;
		return;
	}
	if (ty != NULL && strcmp(ty->text, con_type_names[k->type]) != 0 &&
	    w->ok)
		lerr(w, &ty->loc, "constraint '%s' of table '%s' is a %s, not "
		    "'%s'", name, tname, con_type_words[k->type], ty->text);
	if (k->type == CON_PRIMARY_KEY || k->type == CON_UNIQUE) {
		const struct m_constraint *f;

		for (i = 0; i < k->ncols; i++)
			if ((f = referenced_by(w->m, tname, k->cols[i],
			    &from)) != NULL && f != k) {
				lerr(w, NULL, "cannot drop %s '%s': foreign key "
				    "'%s' of table '%s' depends on it",
				    con_type_words[k->type], name, f->name,
				    from->name);
				break;
			}
	}
	w->a->con = con_copy(k);
	w->a->schema = dup0(t->schema);
}

/*
 * Checks one bulk_insert value against its column (value_misfit()); sets
 * *bad_null for a null in a NOT NULL column.
 */
static const char *
row_value_misfit(const struct m_column *c, const struct node *v,
    int *bad_null)
{
	*bad_null = 0;
	if (v->kind == NODE_SCALAR && v->type == SCALAR_NULL) {
		*bad_null = !c->nullable;
		return NULL;
	}
	return value_misfit(c->type, v);
}

static void
lower_bulk_insert(struct lw *w)
{
	const struct node *a = w->op->args, *rows = node_get(a, "rows");
	const char *tname = map_str(a, "table");
	struct m_table *t;
	size_t i, j;

	w->a->table = xstrdup(tname);
	w->a->rows = rows;
	if ((t = need_table(w, tname, node_get(a, "table"))) == NULL)
		return;
	w->a->schema = dup0(t->schema);
	for (i = 0; i < rows->n; i++) {
		const struct node *row = rows->items[i];

		for (j = 0; j < row->n; j++) {
			const struct node *k = row->items[2 * j];
			const struct node *v = row->items[2 * j + 1];
			const struct m_column *c = table_column(t, k->text);
			const struct m_enum *e;
			const char *want;
			int bad_null;

			if (c == NULL) {
				need_column(w, t, k->text, k);
				continue;
			}
			want = row_value_misfit(c, v, &bad_null);
			if (want != NULL && v->kind == NODE_SCALAR &&
			    v->type == SCALAR_STR)
				lerr(w, &v->loc, "column '%s' of table '%s' is "
				    "%s: this value should be %s, not '%s'",
				    c->name, tname, c->type->text, want,
				    v->text);
			else if (want != NULL)
				lerr(w, &v->loc, "column '%s' of table '%s' is "
				    "%s: this value should be %s, not %s",
				    c->name, tname, c->type->text, want,
				    node_describe(v));
			else if (bad_null)
				lerr(w, &v->loc, "column '%s' of table '%s' is "
				    "NOT NULL: this value cannot be null",
				    c->name, tname);
			else if ((e = column_enum(w->m, c)) != NULL &&
			    v->type == SCALAR_STR) {
				size_t q;

				for (q = 0; q < e->nvalues; q++)
					if (strcmp(e->values[q], v->text) == 0)
						break;
				if (q == e->nvalues)
					lerr(w, &v->loc, "'%s' is not a value of "
					    "enum '%s'", v->text, e->name);
			}
		}
		for (j = 0; j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];

			if (!c->nullable && c->server_default == NULL &&
			    !c->autoincrement && node_get(row, c->name) == NULL)
				lerr(w, &row->loc, "this row gives no value for "
				    "column '%s' of table '%s', which is NOT "
				    "NULL and has no server_default", c->name,
				    tname);
		}
	}
}

static void
lower_enum(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = a->kind == NODE_MAP ? map_str(a, "name") : a->text;
	const struct node *nn = a->kind == NODE_MAP ? node_get(a, "name") : a;
	struct m_enum *e = model_enum(w->m, name);
	size_t i, j;

	if (w->op->def->kind == OP_CREATE_ENUM) {
		const struct node *vals = node_get(a, "values");

		w->a->en = xcalloc(1, sizeof *w->a->en);
		w->a->en->name = xstrdup(name);
		w->a->en->values = names_of(vals, &w->a->en->nvalues);
		for (i = 0; i < vals->n; i++)
			for (j = 0; j < i; j++)
				if (strcmp(vals->items[i]->text,
				    vals->items[j]->text) == 0)
					lerr(w, &vals->items[i]->loc, "enum "
					    "value '%s' is given twice",
					    vals->items[i]->text);
		if (e != NULL)
			lerr(w, at(nn), "enum '%s' already exists", name);
		return;
	}
	if (e == NULL) {
		missing(w, at(nn), "unknown enum '%s'", name);
		w->a->en = xcalloc(1, sizeof *w->a->en);
		w->a->en->name = xstrdup(name);
		w->a->en->values = xmalloc(sizeof *w->a->en->values);
		return;
	}
	w->a->en = enum_copy(e);
	for (i = 0; i < w->m->tables.len; i++) {
		const struct m_table *t = w->m->tables.items[i];

		for (j = 0; j < t->cols.len; j++)
			if (column_enum(w->m, t->cols.items[j]) == e)
				lerr(w, NULL, "cannot drop enum '%s': column "
				    "'%s' of table '%s' uses it", name,
				    ((struct m_column *)t->cols.items[j])->name,
				    t->name);
	}
}

static void
lower_table_comment(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *tname = a->kind == NODE_MAP ? map_str(a, "table") : a->text;
	struct m_table *t;

	w->a->table = xstrdup(tname);
	if (w->op->def->kind == OP_CREATE_TABLE_COMMENT)
		w->a->comment = xstrdup(map_str(a, "comment"));
	if ((t = need_table(w, tname, a->kind == NODE_MAP ?
	    node_get(a, "table") : a)) == NULL)
		return;
	w->a->old_comment = dup0(t->comment);
	w->a->schema = dup0(t->schema);
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
	switch (op->def->kind) {
	case OP_CREATE_TABLE:
		lower_create_table(&w);
		break;
	case OP_DROP_TABLE:
		lower_drop_table(&w);
		break;
	case OP_RENAME_TABLE:
		lower_rename_table(&w);
		break;
	case OP_ADD_COLUMN:
		lower_add_column(&w);
		break;
	case OP_DROP_COLUMN:
		lower_drop_column(&w);
		break;
	case OP_ALTER_COLUMN:
		lower_alter_column(&w);
		break;
	case OP_CREATE_INDEX:
		lower_create_index(&w);
		break;
	case OP_DROP_INDEX:
		lower_drop_index(&w);
		break;
	case OP_CREATE_UNIQUE_CONSTRAINT:
	case OP_CREATE_CHECK_CONSTRAINT:
	case OP_CREATE_FOREIGN_KEY:
	case OP_CREATE_PRIMARY_KEY:
		lower_add_constraint(&w);
		break;
	case OP_DROP_CONSTRAINT:
		lower_drop_constraint(&w);
		break;
	case OP_CREATE_TABLE_COMMENT:
	case OP_DROP_TABLE_COMMENT:
		lower_table_comment(&w);
		break;
	case OP_CREATE_ENUM:
	case OP_DROP_ENUM:
		lower_enum(&w);
		break;
	case OP_BULK_INSERT:
		lower_bulk_insert(&w);
		break;
	case OP_EXECUTE:
		if (!model_ddl_lower(m, op, a, d))
			w.ok = 0;
		break;
	case OP_COUNT:
		break;
	}
	return w.ok;
}

/* ---- applying --------------------------------------------------------- */

static void
rename_in_list(char **v, size_t n, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] != NULL && strcmp(v[i], from) == 0) {
			free(v[i]);
			v[i] = xstrdup(to);
		}
}

static void
drop_ptr(struct ptrvec *v, size_t i)
{
	memmove(&v->items[i], &v->items[i + 1],
	    (v->len - i - 1) * sizeof v->items[0]);
	v->len--;
}

static void
apply_alter(struct model *m, struct m_table *t, const struct action *a)
{
	const struct m_column *nc = a->col;
	unsigned ch = a->changes;
	struct m_column *c = table_column(t, a->before->name);
	size_t i, j;

	if (c == NULL)
		return;
	if (ch & CH_NULLABLE)
		c->nullable = nc->nullable;
	if (ch & CH_TYPE) {
		c->type = nc->type;
		free(c->sql_type);
		c->sql_type = dup0(nc->sql_type);
		c->raw = nc->raw;
	}
	if (ch & CH_DEFAULT)
		c->server_default = nc->server_default;
	if (ch & CH_COMMENT) {
		free(c->comment);
		c->comment = dup0(nc->comment);
	}
	if ((ch & CH_NAME) && strcmp(c->name, nc->name) != 0) {
		char *old = c->name;
		struct ptrvec refs = PTRVEC_INIT;

		c->name = xstrdup(nc->name);
		for (i = 0; i < t->cons.len; i++) {
			struct m_constraint *k = t->cons.items[i];

			rename_in_list(k->cols, k->ncols, old, c->name);
		}
		for (i = 0; i < t->indexes.len; i++) {
			struct m_index *x = t->indexes.items[i];

			rename_in_list(x->cols, x->ncols, old, c->name);
		}
		model_referrers(m, t->name, &refs);
		for (i = 0; i < refs.len; i++) {
			struct m_table *o = refs.items[i];

			for (j = 0; j < o->cons.len; j++) {
				struct m_constraint *k = o->cons.items[j];

				if (k->type == CON_FOREIGN_KEY &&
				    strcmp(k->ref_table, t->name) == 0)
					rename_in_list(k->ref_cols, k->nref,
					    old, c->name);
			}
		}
		ptrvec_free(&refs);
		free(old);
	}
}

static void
apply_rename_table(struct model *m, const char *from, const char *to)
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

/* 1 when text has the word CREATE, ALTER or DROP (any case). */
static pcre2_code *ddl_code, *txn_code;	/* compiled on first use; model_cleanup() */

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
static int
execute_has_ddl(const struct op *op)
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
	struct ptrvec		 entries;	/* struct jr_entry *, in order */
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
		ptrvec_push(&j->enums, enum_copy(m->enums.items[i]));
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
			con_removed(m, t, t->cons.items[i]);
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
		free(e->saved);		/* its contents moved to t */
		strmap_put(&m->table_map, t->name, t);
		for (i = 0; i < t->cons.len; i++)
			con_added(m, t, t->cons.items[i]);
		break;
	case JR_TABLE_CREATED:
		for (i = 0; i < t->cons.len; i++)
			con_removed(m, t, t->cons.items[i]);
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
			con_added(m, t, t->cons.items[i]);
		break;
	case JR_INDEX_SAVED:
		free(x->table);
		strv_free(x->cols, x->ncols);
		free(x->exprs);
		index_keys_free(x->keys, x->ncols);
		x->table = e->xsaved->table;
		x->cols = e->xsaved->cols;
		x->exprs = e->xsaved->exprs;
		x->keys = e->xsaved->keys;
		x->ncols = e->xsaved->ncols;
		x->unique = e->xsaved->unique;
		x->where = e->xsaved->where;
		free(e->xsaved->name);
		free(e->xsaved);
		break;
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
		enum_free(m->enums.items[i]);
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
			enum_free(j->enums.items[i]);
		ptrvec_free(&j->enums);
		ptrvec_free(&j->entries);
		ptrvec_free(&j->saved);
		free(j);
	}
}

/* index_added(), recorded in an open journal. */
static void
add_index(struct model *m, struct m_index *x)
{
	void *prev = model_index(m, x->name);

	index_added(m, x);
	if (m->journal != NULL) {
		struct jr_entry *e = jr_add(m, JR_INDEX_CREATED);

		e->x = x;
		e->t = model_table(m, x->table);
		e->prev = prev;
	}
}

/*
 * Drops column col of t with the indexes and constraints that involve it
 * (table_column_dependents), as PostgreSQL does.
 */
static void
apply_drop_column(struct model *m, struct m_table *t, const char *col)
{
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	size_t i, pos;

	table_column_dependents(t, col, &idx, &cons);
	for (i = 0; i < idx.len; i++)
		index_removed(m, idx.items[i]);
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
		con_removed(m, t, cons.items[i]);
		con_free(cons.items[i]);
		drop_ptr(&t->cons, pos);
	}
	if ((pos = named_pos(&t->cols, col)) != (size_t)-1) {
		column_free(t->cols.items[pos]);
		drop_ptr(&t->cols, pos);
	}
	ptrvec_free(&idx);
	ptrvec_free(&cons);
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
	struct m_table *t;
	size_t i;

	if (a->kind == OP_EXECUTE && a->ddl != NULL) {
		/* Read: what it does is known, statement by statement. */
		model_ddl_apply(m, a);
		return;
	}
	if (a->kind == OP_EXECUTE) {
		m->opaque = a->op;
		if (execute_has_ddl(a->op))
			m->opaque_ddl = a->op;
		return;
	}
	if (a->unknown)
		return;
	t = a->table ? model_table(m, a->table) : NULL;
	if (m->journal != NULL && t != NULL)
		jr_touch(m, t);
	switch (a->kind) {
	case OP_CREATE_TABLE: {
		void *prev = model_table(m, a->tbl->name);

		table_added(m, m_table_copy(a->tbl));
		if (m->journal != NULL) {
			struct jr_entry *e = jr_add(m, JR_TABLE_CREATED);

			e->t = m->tables.items[m->tables.len - 1];
			e->prev = prev;
		}
		for (i = 0; i < a->indexes.len; i++)
			add_index(m, m_index_copy(a->indexes.items[i]));
		break;
	}
	case OP_DROP_TABLE:
		if (t == NULL)
			break;
		gone_add(m, t->name, NULL, NULL, a->op);
		while (t->indexes.len > 0)
			index_removed(m, t->indexes.items[t->indexes.len - 1]);
		for (i = 0; i < t->cons.len; i++)
			con_removed(m, t, t->cons.items[i]);
		strmap_del(&m->table_map, t->name);
		if (m->journal != NULL) {
			struct jr_entry *e = jr_add(m, JR_TABLE_DROPPED);

			e->t = t;
			e->pos = ptrvec_index(&m->tables, t);
		}
		ptrvec_remove(&m->tables, t);
		if (m->journal == NULL)
			m_table_free(t);
		break;
	case OP_RENAME_TABLE:
		if (t != NULL)
			gone_add(m, a->table, NULL, a->new_name, a->op);
		apply_rename_table(m, a->table, a->new_name);
		break;
	case OP_ADD_COLUMN:
		if (t == NULL)
			break;
		ptrvec_push(&t->cols, column_copy(a->col));
		if (a->tbl != NULL)
			for (i = 0; i < a->tbl->cons.len; i++) {
				struct m_constraint *k = con_copy(
				    a->tbl->cons.items[i]);

				ptrvec_push(&t->cons, k);
				con_added(m, t, k);
			}
		/* The inverse of a drop_column brings its indexes back, and
		   the nullability of a primary key's other columns. */
		for (i = 0; i < a->indexes.len; i++)
			add_index(m, m_index_copy(a->indexes.items[i]));
		for (i = 0; i < a->pk_not_null.len; i++) {
			struct m_column *c = table_column(t,
			    a->pk_not_null.items[i]);

			if (c != NULL)
				c->nullable = 1;
		}
		break;
	case OP_DROP_COLUMN:
		if (t != NULL)
			gone_add(m, t->name, a->col->name, NULL, a->op);
		if (t != NULL)
			apply_drop_column(m, t, a->col->name);
		break;
	case OP_ALTER_COLUMN:
		if (t != NULL && (a->changes & CH_NAME) && a->before != NULL &&
		    strcmp(a->before->name, a->col->name) != 0)
			gone_add(m, t->name, a->before->name, a->col->name,
			    a->op);
		if (t != NULL)
			apply_alter(m, t, a);
		break;
	case OP_CREATE_INDEX:
		add_index(m, m_index_copy(a->idx));
		break;
	case OP_DROP_INDEX: {
		struct m_index *x = model_index(m, a->idx->name);

		if (x != NULL)
			index_removed(m, x);
		break;
	}
	case OP_CREATE_UNIQUE_CONSTRAINT:
	case OP_CREATE_CHECK_CONSTRAINT:
	case OP_CREATE_FOREIGN_KEY:
	case OP_CREATE_PRIMARY_KEY:
		if (t == NULL)
			break;
		ptrvec_push(&t->cons, con_copy(a->con));
		con_added(m, t, t->cons.items[t->cons.len - 1]);
		/* PostgreSQL 15 docs, ALTER TABLE ADD table_constraint: a
		   primary key makes its columns NOT NULL. */
		if (a->con->type == CON_PRIMARY_KEY)
			for (i = 0; i < a->con->ncols; i++) {
				struct m_column *c = table_column(t,
				    a->con->cols[i]);

				if (c != NULL)
					c->nullable = 0;
			}
		break;
	case OP_DROP_CONSTRAINT:
		if (t == NULL)
			break;
		if ((i = named_pos(&t->cons, a->con->name)) != (size_t)-1) {
			con_removed(m, t, t->cons.items[i]);
			con_free(t->cons.items[i]);
			drop_ptr(&t->cons, i);
		}
		break;
	case OP_CREATE_TABLE_COMMENT:
	case OP_DROP_TABLE_COMMENT:
		if (t != NULL) {
			free(t->comment);
			t->comment = dup0(a->comment);
		}
		break;
	case OP_CREATE_ENUM:
		ptrvec_push(&m->enums, enum_copy(a->en));
		break;
	case OP_DROP_ENUM:
		if ((i = named_pos(&m->enums, a->en->name)) != (size_t)-1) {
			enum_free(m->enums.items[i]);
			drop_ptr(&m->enums, i);
		}
		break;
	default:
		break;
	}
}

/* ---- inverses --------------------------------------------------------- */

/* What is wrong with inverse a on m, into sb; 1 when something is. */
static int
inverse_problem(const struct model *m, const struct action *a,
    struct strbuf *sb)
{
	const struct m_table *t = a->table ? model_table(m, a->table) : NULL;
	const char *col = a->kind == OP_ALTER_COLUMN && a->before ?
	    a->before->name : a->col ? a->col->name : NULL;

	switch (a->kind) {
	case OP_CREATE_TABLE:
		if (model_table(m, a->tbl->name) != NULL)
			strbuf_addf(sb, "table '%s' exists already",
			    a->tbl->name);
		break;
	case OP_DROP_TABLE:
	case OP_RENAME_TABLE:
	case OP_ADD_COLUMN:
	case OP_DROP_COLUMN:
	case OP_ALTER_COLUMN:
		if (t == NULL)
			strbuf_addf(sb, "there is no table '%s'", a->table);
		else if (a->kind == OP_ADD_COLUMN && table_column(t, col))
			strbuf_addf(sb, "column '%s' of table '%s' exists "
			    "already", col, t->name);
		else if ((a->kind == OP_DROP_COLUMN ||
		    a->kind == OP_ALTER_COLUMN) && col != NULL &&
		    table_column(t, col) == NULL)
			strbuf_addf(sb, "table '%s' has no column '%s'",
			    t->name, col);
		else if (a->kind == OP_RENAME_TABLE &&
		    model_table(m, a->new_name) != NULL)
			strbuf_addf(sb, "table '%s' exists already",
			    a->new_name);
		break;
	case OP_CREATE_INDEX:
	case OP_DROP_INDEX:
		if ((model_index(m, a->idx->name) != NULL) !=
		    (a->kind == OP_DROP_INDEX))
			strbuf_addf(sb, a->kind == OP_DROP_INDEX ? "there is "
			    "no index '%s'" : "index '%s' exists already",
			    a->idx->name);
		break;
	case OP_DROP_CONSTRAINT:
		if (t == NULL || table_constraint(t, a->con->name) == NULL)
			strbuf_addf(sb, "table '%s' has no constraint '%s'",
			    a->table, a->con->name);
		break;
	default:
		break;
	}
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
	size_t i;

	memset(out, 0, sizeof *out);
	out->op = a->op;
	out->inverse = !a->inverse;
	out->non_transactional = a->non_transactional;
	out->table = dup0(a->table);
	out->schema = dup0(a->schema);
	if (a->unknown || a->kind == OP_EXECUTE || a->kind == OP_BULK_INSERT)
		return 0;
	switch (a->kind) {
	case OP_CREATE_TABLE:
		out->kind = OP_DROP_TABLE;
		out->tbl = m_table_copy(a->tbl);
		for (i = 0; i < a->indexes.len; i++)
			ptrvec_push(&out->indexes, m_index_copy(a->indexes.items[i]));
		break;
	case OP_DROP_TABLE:
		out->kind = OP_CREATE_TABLE;
		out->tbl = m_table_copy(a->tbl);
		for (i = 0; i < a->indexes.len; i++)
			ptrvec_push(&out->indexes, m_index_copy(a->indexes.items[i]));
		out->lossy = 1;
		break;
	case OP_RENAME_TABLE:
		out->kind = OP_RENAME_TABLE;
		free(out->table);
		out->table = xstrdup(a->new_name);
		out->new_name = xstrdup(a->table);
		break;
	case OP_ADD_COLUMN:
		out->kind = OP_DROP_COLUMN;
		out->col = column_copy(a->col);
		if (a->tbl != NULL)
			out->tbl = m_table_copy(a->tbl);
		break;
	case OP_DROP_COLUMN:
		/* The column, and the indexes and constraints that went with
		   it: the add_column renders them after the column. */
		out->kind = OP_ADD_COLUMN;
		out->col = column_copy(a->col);
		if (a->tbl != NULL)
			out->tbl = m_table_copy(a->tbl);
		for (i = 0; i < a->indexes.len; i++)
			ptrvec_push(&out->indexes, m_index_copy(a->indexes.items[i]));
		for (i = 0; i < a->pk_not_null.len; i++)
			ptrvec_push(&out->pk_not_null,
			    xstrdup(a->pk_not_null.items[i]));
		out->lossy = 1;
		break;
	case OP_ALTER_COLUMN:
		out->kind = OP_ALTER_COLUMN;
		out->col = column_copy(a->before);
		out->before = column_copy(a->col);
		out->changes = a->changes;
		out->cast_back = (a->changes & CH_TYPE) != 0;
		break;
	case OP_CREATE_INDEX:
		out->kind = OP_DROP_INDEX;
		out->idx = m_index_copy(a->idx);
		break;
	case OP_DROP_INDEX:
		/* An index an execute made: its method, options and
		   expressions are not known, so it cannot be made again. */
		if (a->idx->raw != NULL)
			return 0;
		out->kind = OP_CREATE_INDEX;
		out->idx = m_index_copy(a->idx);
		break;
	case OP_CREATE_UNIQUE_CONSTRAINT:
	case OP_CREATE_CHECK_CONSTRAINT:
	case OP_CREATE_FOREIGN_KEY:
	case OP_CREATE_PRIMARY_KEY:
		out->kind = OP_DROP_CONSTRAINT;
		out->con = con_copy(a->con);
		break;
	case OP_DROP_CONSTRAINT: {
		static const enum op_kind kinds[4] = {
			OP_CREATE_PRIMARY_KEY, OP_CREATE_UNIQUE_CONSTRAINT,
			OP_CREATE_CHECK_CONSTRAINT, OP_CREATE_FOREIGN_KEY
		};

		out->kind = kinds[a->con->type];
		out->con = con_copy(a->con);
		out->con->inline_col = 0;
		break;
	}
	case OP_CREATE_TABLE_COMMENT:
	case OP_DROP_TABLE_COMMENT:
		out->kind = a->old_comment ? OP_CREATE_TABLE_COMMENT :
		    OP_DROP_TABLE_COMMENT;
		out->comment = dup0(a->old_comment);
		out->old_comment = dup0(a->comment);
		break;
	case OP_CREATE_ENUM:
		out->kind = OP_DROP_ENUM;
		out->en = enum_copy(a->en);
		break;
	case OP_DROP_ENUM:
		out->kind = OP_CREATE_ENUM;
		out->en = enum_copy(a->en);
		break;
	default:
		return 0;
	}
	return 1;
}
