/*
 * ops_enum.c -- create_enum and drop_enum; add_enum_value and
 * rename_enum_value, which change an enum's values in place.
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
#include "model_int.h"
#include "ops_int.h"
#include "render_int.h"

static const struct field create_enum_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "values", FT_VALUES, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_enum_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

/* PostgreSQL 15 docs, ALTER TYPE: ADD VALUE [ IF NOT EXISTS ]
   new_enum_value [ { BEFORE | AFTER } neighbor_enum_value ]. */
static const struct field add_enum_value_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "value", FT_STRING, 1 },
	{ "before", FT_STRING, 0 },
	{ "after", FT_STRING, 0 },
	{ "if_not_exists", FT_BOOL, 0 },
	{ "transactional", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

/* PostgreSQL 15 docs, ALTER TYPE: RENAME VALUE existing_enum_value TO
   new_enum_value. */
static const struct field rename_enum_value_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "old_value", FT_STRING, 1 },
	{ "new_value", FT_STRING, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

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
		w->a->en->values = model_names_of(vals, &w->a->en->nvalues);
		for (i = 0; i < vals->n; i++)
			for (j = 0; j < i; j++)
				if (strcmp(vals->items[i]->text,
				    vals->items[j]->text) == 0)
					lw_err(w, &vals->items[i]->loc, "enum "
					    "value '%s' is given twice",
					    vals->items[i]->text);
		if (e != NULL)
			lw_err(w, lw_at(nn), "enum '%s' already exists", name);
		return;
	}
	if (e == NULL) {
		lw_missing(w, lw_at(nn), "unknown enum '%s'", name);
		w->a->en = xcalloc(1, sizeof *w->a->en);
		w->a->en->name = xstrdup(name);
		w->a->en->values = xmalloc(sizeof *w->a->en->values);
		return;
	}
	w->a->en = model_enum_copy(e);
	for (i = 0; i < w->m->tables.len; i++) {
		const struct m_table *t = w->m->tables.items[i];

		for (j = 0; j < t->cols.len; j++)
			if (model_column_enum(w->m, t->cols.items[j]) == e)
				lw_err(w, NULL, "cannot drop enum '%s': column "
				    "'%s' of table '%s' uses it", name,
				    ((struct m_column *)t->cols.items[j])->name,
				    t->name);
	}
}

static void
apply_create_enum(struct model *m, struct m_table *t, const struct action *a)
{
	(void)t;
	ptrvec_push(&m->enums, model_enum_copy(a->en));
}

static void
apply_drop_enum(struct model *m, struct m_table *t, const struct action *a)
{
	size_t i;

	(void)t;
	if ((i = model_named_pos(&m->enums, a->en->name)) != (size_t)-1) {
		model_enum_free(m->enums.items[i]);
		model_drop_ptr(&m->enums, i);
	}
}

static int
invert_enum(const struct action *a, struct action *out)
{
	out->kind = a->kind == OP_CREATE_ENUM ? OP_DROP_ENUM : OP_CREATE_ENUM;
	out->en = model_enum_copy(a->en);
	return 1;
}

static void
render_enum_op(struct r *r, const struct action *a, struct strbuf *out)
{
	struct strbuf note = STRBUF_INIT;
	struct tpl_var v[2];
	size_t i;

	if (r->dl->tpl[DT_CREATE_ENUM] == NULL) {
		strbuf_addf(&note, "%s enum %s: %s has no enum types; its "
		    "columns are %s", a->kind == OP_CREATE_ENUM ? "create" :
		    "drop", a->en->name, r->dl->name,
		    render_native_enum(r->dl) ? "of an ENUM type that lists "
		    "the values" : "text with a CHECK of the values");
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
		return;
	}
	v[0] = VAR("name", r_ident(r, a->en->name));
	if (a->kind == OP_DROP_ENUM) {
		r_stmt(r, DT_DROP_ENUM, v, 1, out);
		return;
	}
	{
		const char **vals = r_new_list(r, a->en->nvalues);

		for (i = 0; i < a->en->nvalues; i++)
			vals[i] = r_literal(r, a->en->values[i]);
		v[1] = LIST("values", vals, a->en->nvalues);
	}
	r_stmt(r, DT_CREATE_ENUM, v, 2, out);
}

static void
lint_create_enum(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	(void)old;
	lint_name(s, a, "enum", a->en->name, cm);
}

static void
lint_drop_enum(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	(void)old;
	lint_add(s, a->op, NULL, LINT_DROP_ENUM, cm, "drop_enum removes type "
	    "'%s'", a->en->name);
}

/* The position of value in e's values, or (size_t)-1. */
static size_t
value_pos(const struct m_enum *e, const char *value)
{
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		if (strcmp(e->values[i], value) == 0)
			return i;
	return (size_t)-1;
}

/*
 * An error at node at (a value key of w's op): enum e has no value
 * value, with the closest value as a suggestion.
 */
static void
lw_no_value(struct lw *w, const struct m_enum *e, const char *value,
    const struct node *at)
{
	const char **names = xmalloc((e->nvalues + 1) * sizeof *names);
	const char *s;
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		names[i] = e->values[i];
	names[i] = NULL;
	s = suggest(value, names);
	lw_err(w, lw_at(at), "enum '%s' has no value '%s'%s%s%s", e->name,
	    value, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
	free(names);
}

/*
 * The enum that w's value op (add_enum_value, rename_enum_value) names,
 * with w->a->en its copy; or NULL, after reporting it unknown (an error,
 * or a warning after an execute: w->a->en then holds its name only).
 */
static const struct m_enum *
lower_enum_target(struct lw *w)
{
	const struct node *nn = node_get(w->op->args, "name");
	const struct m_enum *e = model_enum(w->m, nn->text);
	struct strbuf h = STRBUF_INIT;

	if (e != NULL) {
		w->a->en = model_enum_copy(e);
		return e;
	}
	model_hint(&h, nn->text, &w->m->enums);
	lw_missing(w, lw_at(nn), "unknown enum '%s'%s", nn->text,
	    strbuf_str(&h));
	strbuf_free(&h);
	w->a->en = model_enum_new(nn->text, NULL, 0);
	return NULL;
}

/* 1 when SQL text sql holds the string literal value ('...', E'...' or
   $tag$...$tag$), outside comments (PostgreSQL 15 docs, 4.1.2). */
static int
sql_has_literal(const char *sql, const char *value)
{
	const char *p = sql, *q;
	struct strbuf lit = STRBUF_INIT;
	int hit = 0;

	while (*p != '\0' && !hit) {
		if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			q = strstr(p + 2, "*/");
			p = q ? q + 2 : p + strlen(p);
		} else if (*p == '\'') {
			int esc = p > sql && (p[-1] == 'E' || p[-1] == 'e');

			strbuf_reset(&lit);
			for (p++; *p != '\0'; p++) {
				if (esc && *p == '\\' && p[1] != '\0')
					p++;
				else if (*p == '\'' && p[1] == '\'')
					p++;
				else if (*p == '\'')
					break;
				strbuf_addc(&lit, *p);
			}
			hit = strcmp(strbuf_str(&lit), value) == 0;
			if (*p != '\0')
				p++;
		} else if (*p == '$' && (q = strchr(p + 1, '$')) != NULL &&
		    strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
		    "QRSTUVWXYZ_0123456789") == (size_t)(q - p - 1)) {
			size_t tl = (size_t)(q - p) + 1;
			const char *end;

			for (end = p + tl; (end = strchr(end, '$')) != NULL &&
			    strncmp(end, p, tl) != 0; end++)
				;
			hit = end != NULL && (size_t)(end - p - tl) ==
			    strlen(value) && strncmp(p + tl, value,
			    strlen(value)) == 0;
			p = end ? end + tl : p + strlen(p);
		} else
			p++;
	}
	strbuf_free(&lit);
	return hit;
}

/* 1 when an FT_SQL value (one text, or one per dialect) or a
   {sql: ...} default holds the string literal value. */
static int
node_has_literal(const struct node *v, const char *value)
{
	size_t i;

	if (v == NULL)
		return 0;
	if (node_is_str(v))
		return sql_has_literal(v->text, value);
	if (v->kind == NODE_MAP)
		for (i = 0; i < v->n; i++)
			if (node_is_str(v->items[2 * i + 1]) &&
			    sql_has_literal(v->items[2 * i + 1]->text, value))
				return 1;
	return 0;
}

/*
 * What would go stale in the model if value of enum e were renamed,
 * into sb ("; " between): a column of e whose server_default is value,
 * and, in a table with a column of e, a check, an index or a default
 * whose SQL text holds value as a literal.  PostgreSQL keeps the value
 * itself there and follows the rename (PostgreSQL 15 docs, ALTER TYPE:
 * RENAME VALUE), but the model keeps what the revision wrote: `schema`
 * and a SQLite rebuild would write the old value again.
 */
static void
value_kept_as_written(const struct model *m, const struct m_enum *e,
    const char *value, struct strbuf *sb)
{
	size_t i, j, k;

	for (i = 0; i < m->tables.len; i++) {
		const struct m_table *t = m->tables.items[i];
		int uses = 0;

		for (j = 0; j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];
			const struct node *d = c->server_default;

			if (model_column_enum(m, c) != e)
				continue;
			uses = 1;
			if (d != NULL && node_is_str(d) &&
			    strcmp(d->text, value) == 0)
				strbuf_addf(sb, "%scolumn '%s' of table '%s' has "
				    "it as its server_default", sb->len ? "; " :
				    "", c->name, t->name);
		}
		for (j = 0; uses && j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];

			if (c->server_default != NULL &&
			    c->server_default->kind == NODE_MAP &&
			    node_has_literal(node_get(c->server_default, "sql"),
			    value))
				strbuf_addf(sb, "%sthe server_default of column "
				    "'%s' of table '%s' names it", sb->len ?
				    "; " : "", c->name, t->name);
		}
		for (j = 0; uses && j < t->cons.len; j++) {
			const struct m_constraint *k2 = t->cons.items[j];

			if (k2->type == CON_CHECK &&
			    node_has_literal(k2->condition, value))
				strbuf_addf(sb, "%scheck '%s' of table '%s' names "
				    "it", sb->len ? "; " : "", k2->name, t->name);
		}
		for (j = 0; uses && j < t->indexes.len; j++) {
			const struct m_index *x = t->indexes.items[j];
			int hit = node_has_literal(x->where, value);

			for (k = 0; !hit && k < x->ncols; k++)
				hit = x->exprs != NULL &&
				    node_has_literal(x->exprs[k], value);
			if (hit)
				strbuf_addf(sb, "%sindex '%s' of table '%s' "
				    "names it", sb->len ? "; " : "", x->name,
				    t->name);
		}
	}
}

static void
lower_add_enum_value(struct lw *w)
{
	const struct node *a = w->op->args, *v = node_get(a, "value");
	const struct node *bf = node_get(a, "before");
	const struct node *af = node_get(a, "after");
	const struct node *nb = bf != NULL ? bf : af;
	const struct m_enum *e = lower_enum_target(w);

	w->a->value = xstrdup(v->text);
	w->a->if_not_exists = map_bool(a, "if_not_exists", 0);
	w->a->neighbor = nb != NULL ? xstrdup(nb->text) : NULL;
	w->a->after = bf == NULL && af != NULL;
	if (bf != NULL && af != NULL)
		lw_err(w, &node_key(a, "after")->loc, "give before or after, "
		    "not both: the new value goes in one place");
	if (e == NULL)
		return;
	if (nb != NULL && value_pos(e, nb->text) == (size_t)-1)
		lw_no_value(w, e, nb->text, nb);
	if (value_pos(e, v->text) == (size_t)-1)
		return;
	if (w->a->if_not_exists) {
		diag_warning(w->d, &w->op->loc, "enum '%s' has value '%s' "
		    "already: this add_enum_value does nothing", e->name,
		    v->text);
		w->a->unknown = 1;
	} else
		lw_err(w, lw_at(v), "enum '%s' already has value '%s'",
		    e->name, v->text);
}

static void
lower_rename_enum_value(struct lw *w)
{
	const struct node *a = w->op->args;
	const struct node *ov = node_get(a, "old_value");
	const struct node *nv = node_get(a, "new_value");
	const struct m_enum *e = lower_enum_target(w);
	struct strbuf sb = STRBUF_INIT;

	w->a->old_value = xstrdup(ov->text);
	w->a->value = xstrdup(nv->text);
	if (e == NULL)
		return;
	if (value_pos(e, ov->text) == (size_t)-1) {
		lw_no_value(w, e, ov->text, ov);
		return;
	}
	if (value_pos(e, nv->text) != (size_t)-1) {
		lw_err(w, lw_at(nv), "enum '%s' already has value '%s'",
		    e->name, nv->text);
		return;
	}
	value_kept_as_written(w->m, e, ov->text, &sb);
	if (sb.len > 0)
		lw_err(w, lw_at(ov), "cannot rename value '%s' of enum '%s': "
		    "%s; migsql keeps that as written and would write the "
		    "old value again (schema, a SQLite rebuild): drop it "
		    "before the rename and make it again after, with the new "
		    "value", ov->text, e->name, sb.buf);
	strbuf_free(&sb);
}

/* Inserts the value where add_enum_value a puts it (before or after its
   neighbor, else last), as PostgreSQL orders it (ALTER TYPE, ADD VALUE). */
static void
apply_add_enum_value(struct model *m, struct m_table *t,
    const struct action *a)
{
	struct m_enum *e = model_enum(m, a->en->name);
	size_t at, nb;

	(void)t;
	if (e == NULL)
		return;
	at = e->nvalues;
	if (a->neighbor != NULL &&
	    (nb = value_pos(e, a->neighbor)) != (size_t)-1)
		at = a->after ? nb + 1 : nb;
	e->values = xrealloc(e->values, (e->nvalues + 1) *
	    sizeof *e->values);
	memmove(e->values + at + 1, e->values + at, (e->nvalues - at) *
	    sizeof *e->values);
	e->values[at] = xstrdup(a->value);
	e->nvalues++;
}

static void
apply_rename_enum_value(struct model *m, struct m_table *t,
    const struct action *a)
{
	struct m_enum *e = model_enum(m, a->en->name);
	size_t i;

	(void)t;
	if (e == NULL || (i = value_pos(e, a->old_value)) == (size_t)-1)
		return;
	free(e->values[i]);
	e->values[i] = xstrdup(a->value);
}

/* The rename back (RENAME VALUE new TO old). */
static int
invert_rename_enum_value(const struct action *a, struct action *out)
{
	out->kind = OP_RENAME_ENUM_VALUE;
	out->en = model_enum_copy(a->en);
	out->old_value = xstrdup(a->value);
	out->value = xstrdup(a->old_value);
	return 1;
}

/* The inverse rename a must find its enum with a->old_value, without
   a->value, and nothing that keeps a->old_value as written. */
static void
inverse_problem_rename_enum_value(const struct model *m,
    const struct action *a, struct strbuf *sb)
{
	const struct m_enum *e = model_enum(m, a->en->name);

	if (e == NULL)
		strbuf_addf(sb, "there is no enum '%s'", a->en->name);
	else if (value_pos(e, a->old_value) == (size_t)-1)
		strbuf_addf(sb, "enum '%s' has no value '%s'", e->name,
		    a->old_value);
	else if (value_pos(e, a->value) != (size_t)-1)
		strbuf_addf(sb, "enum '%s' has value '%s' already", e->name,
		    a->value);
	else
		value_kept_as_written(m, e, a->old_value, sb);
}

/*
 * The tables dl must rebuild for a value op a on m: none where dl has
 * enum types (create_enum: ALTER TYPE changes the type in place); else
 * each table with a column of a's enum, whose CHECK lists the values
 * (render.c, enum_check; SQLite has no ALTER ... CONSTRAINT).
 */
static void
rebuilds_enum_value(const struct dialect *dl, const struct model *m,
    const struct action *a, struct ptrvec *out)
{
	const struct m_enum *e = model_enum(m, a->en->name);
	size_t i, j;

	if (dl->tpl[DT_CREATE_ENUM] != NULL || e == NULL ||
	    render_native_enum(dl))
		return;
	for (i = 0; i < m->tables.len; i++) {
		const struct m_table *t = m->tables.items[i];

		for (j = 0; j < t->cols.len; j++)
			if (model_column_enum(m, t->cols.items[j]) == e) {
				ptrvec_push(out, (void *)t);
				break;
			}
	}
}

/* Column c of table t, with enum e's values as given: MODIFY COLUMN. */
static void
modify_enum_column(struct r *r, const struct m_table *t,
    const struct m_column *c, const struct m_enum *e, struct strbuf *out)
{
	struct tpl_var v[3];

	r->enum_as = e;
	v[0] = VAR("table", r_table_ref(r, t->schema, t->name));
	v[1] = VAR("column", r_ident(r, c->name));
	v[2] = VAR("definition", render_column(r, NULL, t->name, c));
	r_stmt(r, DT_ALTER_COLUMN, v, 3, out);
	r->enum_as = NULL;
}

/* Every column of enum e in r's model, modified to e2's values. */
static void
modify_enum_columns(struct r *r, const struct m_enum *e,
    const struct m_enum *e2, const struct action *a, struct strbuf *out)
{
	size_t i, j;

	for (i = 0; i < r->m->tables.len; i++) {
		const struct m_table *t = r->m->tables.items[i];

		for (j = 0; j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];
			struct tpl_var v[4];

			if (model_column_enum(r->m, c) != e)
				continue;
			modify_enum_column(r, t, c, e2, out);
			if (a == NULL)
				continue;
			v[0] = VAR("table", r_table_ref(r, t->schema, t->name));
			v[1] = VAR("column", r_ident(r, c->name));
			v[2] = VAR("value", r_literal(r, a->old_value));
			v[3] = VAR("new_value", r_literal(r, a->value));
			r_stmt(r, DT_UPDATE_VALUE, v, 4, out);
		}
	}
}

/*
 * A value op where an enum is each column's own type (MariaDB's ENUM,
 * MariaDB 10.11 docs "ENUM"): every column of the enum is modified to
 * the new list.  A rename goes through a list with both values, so that
 * no row holds a value the type does not list (which strict mode
 * refuses), moves the rows, then drops the old value.
 */
static void
render_native_values(struct r *r, const struct action *a, struct strbuf *out)
{
	const struct m_enum *e = model_enum(r->m, a->en->name);
	struct m_enum two;
	char **vals;
	size_t i, j, at, nb;

	if (e == NULL || r->dl->tpl[DT_ALTER_COLUMN] == NULL ||
	    (a->kind == OP_RENAME_ENUM_VALUE &&
	    r->dl->tpl[DT_UPDATE_VALUE] == NULL)) {
		r_err(r, NULL, "the %s dialect cannot change the values of "
		    "enum '%s' in place (%s)", r->dl->name, a->en->name,
		    e == NULL ? "the model does not know it" : "it has no "
		    "alter_column or update_value template");
		return;
	}
	vals = xcalloc(e->nvalues + 1, sizeof *vals);
	two = (struct m_enum){ .name = e->name, .values = vals };
	at = e->nvalues;
	if (a->kind == OP_ADD_ENUM_VALUE && a->neighbor != NULL &&
	    (nb = value_pos(e, a->neighbor)) != (size_t)-1)
		at = a->after ? nb + 1 : nb;
	for (i = j = 0; i <= e->nvalues; i++) {
		if (i == at && a->kind == OP_ADD_ENUM_VALUE)
			vals[j++] = a->value;
		if (i < e->nvalues)
			vals[j++] = e->values[i];
	}
	if (a->kind == OP_RENAME_ENUM_VALUE)
		vals[j++] = a->value;	/* both, for now */
	two.nvalues = j;
	modify_enum_columns(r, e, &two, a->kind == OP_RENAME_ENUM_VALUE ? a :
	    NULL, out);
	if (a->kind == OP_RENAME_ENUM_VALUE) {
		/* The list after: the new name in the old value's place. */
		two.nvalues = e->nvalues;
		for (i = 0; i < e->nvalues; i++)
			vals[i] = strcmp(e->values[i], a->old_value) == 0 ?
			    a->value : e->values[i];
		modify_enum_columns(r, e, &two, NULL, out);
	}
	free(vals);
}

/*
 * A value op where no table is rebuilt: ALTER TYPE through the dialect's
 * template which (add_enum_value or rename_enum_value), or, on a dialect
 * without enum types, a comment line (no column uses the enum, or the op
 * changes nothing the model knows: nothing else changes).  A dialect with
 * enum types but without the template cannot: an error.
 */
static void
render_value_op(struct r *r, const struct action *a, enum dialect_tpl which,
    const struct tpl_var *v, size_t n, struct strbuf *out)
{
	struct strbuf note = STRBUF_INIT;
	const char *opname = op_def_of(a->kind)->name;

	if (render_native_enum(r->dl)) {
		render_native_values(r, a, out);
		return;
	}
	if (r->dl->tpl[DT_CREATE_ENUM] == NULL) {
		strbuf_addf(&note, "%s %s: %s has no enum types (its columns "
		    "are text with a CHECK of the values), and %s", opname,
		    a->en->name, r->dl->name, a->unknown ? "this changes "
		    "nothing the model knows" : "no column uses this one");
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
		return;
	}
	if (r->dl->tpl[which] == NULL) {
		r_err(r, NULL, "the %s dialect cannot change the values of an "
		    "enum type in place: it has no %s template", r->dl->name,
		    opname);
		return;
	}
	r_stmt(r, which, v, n, out);
}

/*
 * ALTER TYPE ... ADD VALUE.  With transactional: false the statement
 * runs outside a transaction, where a rerun after a failure may run it
 * again: it is then written IF NOT EXISTS (PostgreSQL 9.3 and later), so
 * that the rerun goes on.
 */
static void
render_add_enum_value(struct r *r, const struct action *a,
    struct strbuf *out)
{
	struct tpl_var v[5];

	v[0] = VAR("name", r_ident(r, a->en->name));
	v[1] = VAR("value", r_literal(r, a->value));
	v[2] = VAR("if_not_exists", a->if_not_exists || a->non_transactional ?
	    "1" : NULL);
	v[3] = VAR("before", a->neighbor && !a->after ?
	    r_literal(r, a->neighbor) : NULL);
	v[4] = VAR("after", a->neighbor && a->after ?
	    r_literal(r, a->neighbor) : NULL);
	render_value_op(r, a, DT_ADD_ENUM_VALUE, v, 5, out);
}

static void
render_rename_enum_value(struct r *r, const struct action *a,
    struct strbuf *out)
{
	struct tpl_var v[3];

	v[0] = VAR("name", r_ident(r, a->en->name));
	v[1] = VAR("value", r_literal(r, a->old_value));
	v[2] = VAR("new_value", r_literal(r, a->value));
	render_value_op(r, a, DT_RENAME_ENUM_VALUE, v, 3, out);
}

/*
 * enum-add-value: the new value cannot be used until the transaction
 * that added it commits (PostgreSQL 12 and later; before 12 ADD VALUE
 * cannot run in a transaction block at all: PostgreSQL 15 docs, ALTER
 * TYPE, Notes), unless the op runs outside one (transactional: false).
 */
static void
lint_add_enum_value(struct render_session *s, const struct action *a,
    int old, struct strbuf *cm)
{
	(void)old;
	if (!a->non_transactional)
		lint_add(s, a->op, NULL, LINT_ENUM_ADD_VALUE, cm,
		    "add_enum_value adds value '%s' to enum type '%s' inside "
		    "the script's transaction", a->value, a->en->name);
}

const struct op_def op_create_enum = {
	.name = "create_enum", .kind = OP_CREATE_ENUM,
	.fields = create_enum_fields, .supported = 1,
	.lower = lower_enum, .apply = apply_create_enum, .invert = invert_enum,
	.render = render_enum_op, .lint = lint_create_enum,
};

const struct op_def op_drop_enum = {
	.name = "drop_enum", .kind = OP_DROP_ENUM,
	.fields = drop_enum_fields, .shorthand = "name", .supported = 1,
	.lower = lower_enum, .apply = apply_drop_enum, .invert = invert_enum,
	.render = render_enum_op, .lint = lint_drop_enum,
};

/* A value cannot be dropped from an enum type (PostgreSQL 15 docs, ALTER
   TYPE, Notes), so add_enum_value has no inverse. */
const struct op_def op_add_enum_value = {
	.name = "add_enum_value", .kind = OP_ADD_ENUM_VALUE,
	.fields = add_enum_value_fields, .supported = 1,
	.lower = lower_add_enum_value, .apply = apply_add_enum_value,
	.no_inverse = "PostgreSQL cannot drop a value from an enum type",
	.render = render_add_enum_value, .rebuilds = rebuilds_enum_value,
	.lint = lint_add_enum_value,
};

const struct op_def op_rename_enum_value = {
	.name = "rename_enum_value", .kind = OP_RENAME_ENUM_VALUE,
	.fields = rename_enum_value_fields, .supported = 1,
	.lower = lower_rename_enum_value, .apply = apply_rename_enum_value,
	.invert = invert_rename_enum_value,
	.inverse_problem = inverse_problem_rename_enum_value,
	.render = render_rename_enum_value, .rebuilds = rebuilds_enum_value,
};
