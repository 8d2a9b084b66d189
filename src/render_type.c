/*
 * render_type.c -- column types, values and defaults through the
 * dialect's type map and literals: the generic types (op.h), a type
 * written per dialect, an enum as the dialect keeps it (a type of its
 * own, a type that lists the values, or text with a CHECK).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/render.h"
#include "migsql/sqlcheck.h"
#include "migsql/template.h"
#include "render_int.h"

static const struct m_enum *
type_enum(struct r *r, const struct node *tnode, struct type_spec *t)
{
	const char *why;

	if (tnode == NULL || tnode->kind != NODE_SCALAR ||
	    !type_parse(tnode->text, t, &why) || t->type != GT_ENUM)
		return NULL;
	return model_enum(r->m, t->enum_name);
}

static const char *render_spec(struct r *r, const struct type_spec *t,
    const struct loc *loc, int autoinc);

static const char *
render_type(struct r *r, const struct node *tnode, int autoinc)
{
	struct type_spec t;
	const char *why;

	if (tnode == NULL) {
		r_err(r, NULL, "the type of this column is not known (it was "
		    "made by an execute)");
		return "";
	}
	if (tnode->kind == NODE_MAP) {
		const struct node *x = node_get(tnode, r->dl->name);

		if (x == NULL) {
			r_err(r, &tnode->loc, "this type gives no spelling for "
			    "the %s dialect", r->dl->name);
			return "";
		}
		if (r_sql_safe(r, x, x->text, "the type", SQLPG_TYPE) == NULL)
			return "";
		return x->text;
	}
	if (!type_parse(tnode->text, &t, &why)) {
		r_err(r, &tnode->loc, "bad type '%s': %s", tnode->text, why);
		return "";
	}
	return render_spec(r, &t, &tnode->loc, autoinc);
}

/*
 * The generic type t through the dialect's type map; a type the dialect
 * has no key for (an optional one: jsonb, inet, array, ...) is an error
 * at loc that says so, and what to write instead.
 */
static const char *
render_spec(struct r *r, const struct type_spec *t, const struct loc *loc,
    int autoinc)
{
	const char *const *keys = type_map_keys(), *key = type_map_key(t);
	struct strbuf sb = STRBUF_INIT;
	struct tpl *tp = NULL;
	char buf[3][24];
	struct tpl_var vars[5];
	size_t i, nv = 0;

	/* autoinc: 0, AUTOINC_IDENTITY or AUTOINC_SERIAL (op.h); a dialect
	   without serial_types writes a serial column as an identity. */
	if (autoinc == AUTOINC_SERIAL)
		tp = r->dl->serial_types[t->type];
	if (autoinc && tp == NULL)
		tp = r->dl->autoinc_types[t->type];
	for (i = 0; tp == NULL && keys[i] != NULL; i++)
		if (strcmp(keys[i], key) == 0)
			tp = r->strict && r->dl->strict_types[i] != NULL ?
			    r->dl->strict_types[i] : r->dl->types[i];
	if (tp == NULL) {
		r_err(r, loc, "the %s dialect has no type %s%s: write this "
		    "column's type for each dialect, as {%s: TYPE, ...} "
		    "(migsql-revision(5), TYPES)", r->dl->name, key,
		    strcmp(key, "string") == 0 ? " (give it a length: "
		    "string(N))" : strcmp(key, "numeric") == 0 ? " (give it a "
		    "precision: numeric(P, S))" : "", r->dl->name);
		return "";
	}
	if ((t->type == GT_STRING || t->type == GT_CHAR) && t->nparams == 1) {
		snprintf(buf[0], sizeof buf[0], "%lu", t->params[0]);
		vars[nv++] = VAR("length", buf[0]);
	}
	if ((t->type == GT_NUMERIC || t->type == GT_TIMESTAMP ||
	    t->type == GT_TIMESTAMPTZ) && t->nparams >= 1) {
		snprintf(buf[1], sizeof buf[1], "%lu", t->params[0]);
		vars[nv++] = VAR("precision", buf[1]);
	}
	if (t->type == GT_NUMERIC && t->nparams == 2) {
		snprintf(buf[2], sizeof buf[2], "%lu", t->params[1]);
		vars[nv++] = VAR("scale", buf[2]);
	}
	if (t->type == GT_ENUM) {
		const struct m_enum *e = r->enum_as != NULL &&
		    strcmp(r->enum_as->name, t->enum_name) == 0 ? r->enum_as :
		    model_enum(r->m, t->enum_name);
		struct strbuf vals = STRBUF_INIT;

		vars[nv++] = VAR("name", r_ident(r, t->enum_name));
		/* An engine whose enum is the column's own type (MariaDB's
		   ENUM('a', 'b')) lists the values where the type stands. */
		if (tpl_uses(tp, "values")) {
			if (e == NULL) {
				r_err(r, loc, "unknown enum '%s'", t->enum_name);
				return "";
			}
			for (i = 0; i < e->nvalues; i++) {
				if (i > 0)
					strbuf_adds(&vals, ", ");
				strbuf_adds(&vals, r_plain_literal(r,
				    e->values[i], "an enum value"));
			}
			vars[nv++] = VAR("values", r_keep_sb(r, &vals));
		}
	}
	if (t->type == GT_ARRAY) {
		struct type_spec el;
		const char *why;

		if (!type_parse(t->enum_name, &el, &why))
			return "";	/* the loader refused it already */
		vars[nv++] = VAR("element", render_spec(r, &el, loc, 0));
	}
	tpl_render(tp, vars, nv, &sb);
	return r_keep_sb(r, &sb);
}

/*
 * The type of column c: its type node through the dialect's type map, or
 * the engine's own spelling for a column an execute made (m_column's
 * sql_type).  A column an execute made with more than the model keeps
 * cannot be written again: an error.
 */
const char *
r_column_type(struct r *r, const struct m_column *c, int autoinc)
{
	if (c->raw != NULL) {
		r_err(r, NULL, "column '%s' was made by the execute at %s:%u "
		    "with more than migsql keeps of it (a default, identity, "
		    "collation or a type it cannot write back), so it cannot "
		    "be written again here: write this step's SQL yourself",
		    c->name, c->raw->loc.file, c->raw->loc.line);
		return "";
	}
	if (c->type == NULL && c->sql_type != NULL)
		return c->sql_type;
	return render_type(r, c->type, autoinc);
}

int
render_column_type(const struct dialect *dl, const struct model *m,
    const struct m_table *tbl, const struct m_column *c, struct strbuf *out,
    struct diags *d)
{
	struct r r;
	const char *t;
	int ok;

	r_init(&r, dl, m, NULL, d);
	r.strict = tbl != NULL && tbl->strict;
	/* A serial column's type in the catalog is its integer type. */
	t = r_column_type(&r, c, c->autoincrement == AUTOINC_SERIAL ?
	    AUTOINC_IDENTITY : c->autoincrement);
	if ((ok = r.ok))
		strbuf_adds(out, t);
	r_done(&r);
	return ok;
}

/* A number as written in YAML, as SQL: hex and octal in decimal. */
static const char *
render_number(struct r *r, const struct node *v)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = v->text;
	long long x;
	int neg = 0;

	if (v->type == SCALAR_FLOAT)
		return v->text[0] == '+' ? v->text + 1 : v->text;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
		x = strtoll(s + 2, NULL, s[1] == 'x' ? 16 : 8);
	else
		x = strtoll(s, NULL, 10);
	if (errno != 0) {
		r_err(r, &v->loc, "the number %s is out of range", v->text);
		return "0";
	}
	strbuf_addf(&sb, "%s%lld", neg ? "-" : "", x);
	return r_keep_sb(r, &sb);
}

/* A scalar value as an SQL literal of the dialect. */
const char *
render_value(struct r *r, const struct node *v)
{
	switch (v->type) {
	case SCALAR_NULL:
		return r->dl->lit_null;
	case SCALAR_BOOL:
		return v->boolean ? r->dl->lit_true : r->dl->lit_false;
	case SCALAR_INT:
	case SCALAR_FLOAT:
		return render_number(r, v);
	default:
		return r_literal(r, v->text);
	}
}

/* A server_default as the dialect spells it, or NULL for none. */
const char *
render_default(struct r *r, const struct node *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (v == NULL)
		return NULL;
	if (v->kind == NODE_MAP) {
		const char *sql = map_str(v, "sql");

		if (r_sql_safe(r, node_get(v, "sql"), sql, "a server_default",
		    SQLPG_EXPRESSION) == NULL)
			return NULL;
		strbuf_addf(&sb, "(%s)", sql);
		return r_keep_sb(r, &sb);
	}
	if (v->type == SCALAR_NULL)
		return NULL;
	return render_value(r, v);
}

/* 1 when dl's column definition carries the column's comment
   ({comment} in the column template: MariaDB's COMMENT 'text'). */
int
render_inline_comment(const struct dialect *dl)
{
	return tpl_uses(dl->tpl[DT_COLUMN], "comment");
}

/* 1 when dl writes an enum column as a type that lists its values
   (types.enum uses {values}: MariaDB's ENUM), with no CHECK. */
int
render_native_enum(const struct dialect *dl)
{
	size_t i;
	const char *const *keys = type_map_keys();

	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], "enum") == 0)
			return dl->types[i] != NULL &&
			    tpl_uses(dl->types[i], "values");
	return 0;
}

/* The enum CHECK of a column where the dialect has no enum types. */
void
r_enum_check(struct r *r, const char *table, const struct m_column *c,
    const char **name, const char **cond)
{
	struct type_spec t;
	const struct m_enum *e = type_enum(r, c->type, &t);
	struct strbuf sb = STRBUF_INIT, nm = STRBUF_INIT;
	size_t i;

	*name = *cond = NULL;
	if (r->dl->tpl[DT_CREATE_ENUM] != NULL || c->type == NULL ||
	    c->type->kind != NODE_SCALAR || render_native_enum(r->dl))
		return;
	if (e == NULL) {
		if (t.type == GT_ENUM)
			r_err(r, &c->type->loc, "unknown enum '%s'",
			    t.enum_name);
		return;
	}
	strbuf_addf(&sb, "%s IN (", r_ident(r, c->name));
	for (i = 0; i < e->nvalues; i++) {
		if (i > 0)
			strbuf_adds(&sb, ", ");
		dialect_literal(r->dl, e->values[i], &sb);
	}
	strbuf_addc(&sb, ')');
	*cond = r_keep_sb(r, &sb);
	model_default_name(table, c->name, "check", &nm);
	*name = r_ident(r, nm.buf);
	strbuf_free(&nm);
}
