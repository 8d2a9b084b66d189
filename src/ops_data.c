/*
 * ops_data.c -- bulk_insert and execute.
 *
 * Each op's keys, how it changes the schema model (lower, apply), its
 * inverse, how it renders and its lint, in one place: the op's row
 * (op.h, struct op_def) at the end of the file names its hooks.
 */
#include "config.h"

#include <ctype.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/lint.h"
#include "migsql/model.h"
#include "migsql/op.h"
#include "migsql/render.h"
#include "migsql/sqlcheck.h"
#include "migsql/value.h"
#include "model_int.h"
#include "ops_int.h"
#include "migsql/client.h"
#include "render_int.h"

static const struct field bulk_insert_fields[] = {
	{ "table", FT_NAME, 1 },
	{ "rows", FT_ROWS, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field execute_fields[] = {
	{ "transactional", FT_BOOL, 0 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

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
	if ((t = lw_need_table(w, tname, node_get(a, "table"))) == NULL)
		return;
	w->a->schema = xstrdup0(t->schema);
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
				lw_need_column(w, t, k->text, k);
				continue;
			}
			/* PostgreSQL 15 docs, INSERT: a generated column
			   takes only DEFAULT, and an identity ALWAYS one a
			   value only with OVERRIDING SYSTEM VALUE. */
			if (c->computed != NULL || (c->identity != NULL &&
			    map_bool(c->identity, "always", 0))) {
				lw_err(w, &k->loc, "column '%s' of table '%s' is "
				    "%s: bulk_insert cannot give it a value",
				    c->name, tname, c->computed ? "computed" :
				    "an identity GENERATED ALWAYS");
				continue;
			}
			want = row_value_misfit(c, v, &bad_null);
			if (want != NULL && v->kind == NODE_SCALAR &&
			    v->type == SCALAR_STR)
				lw_err(w, &v->loc,
				    "column '%s' of table '%s' is "
				    "%s: this value should be %s, not '%s'",
				    c->name, tname, c->type->text, want,
				    v->text);
			else if (want != NULL)
				lw_err(w, &v->loc,
				    "column '%s' of table '%s' is "
				    "%s: this value should be %s, not %s",
				    c->name, tname, c->type->text, want,
				    node_describe(v));
			else if (bad_null)
				lw_err(w, &v->loc,
				    "column '%s' of table '%s' is "
				    "NOT NULL: this value cannot be null",
				    c->name, tname);
			else if ((e = model_column_enum(w->m, c)) != NULL &&
			    v->type == SCALAR_STR) {
				size_t q;

				for (q = 0; q < e->nvalues; q++)
					if (strcmp(e->values[q], v->text) == 0)
						break;
				if (q == e->nvalues)
					lw_err(w, &v->loc,
					    "'%s' is not a value of "
					    "enum '%s'", v->text, e->name);
			}
		}
		for (j = 0; j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];

			if (!c->nullable && c->server_default == NULL &&
			    !c->autoincrement && c->identity == NULL &&
			    c->computed == NULL && node_get(row, c->name) == NULL)
				lw_err(w, &row->loc,
				    "this row gives no value for "
				    "column '%s' of table '%s', which is NOT "
				    "NULL and has no server_default", c->name,
				    tname);
		}
	}
}

static void
render_bulk_insert(struct r *r, const struct action *a, struct strbuf *out)
{
	size_t i, j;

	for (i = 0; i < a->rows->n; i++) {
		const struct node *row = a->rows->items[i];
		const char **cols = r_new_list(r, row->n);
		const char **vals = r_new_list(r, row->n);
		struct tpl_var v[3];

		for (j = 0; j < row->n; j++) {
			cols[j] = r_ident(r, row->items[2 * j]->text);
			vals[j] = render_value(r, row->items[2 * j + 1]);
		}
		v[0] = VAR("table", r_table_ref(r, a->schema, a->table));
		v[1] = LIST("columns", cols, row->n);
		v[2] = LIST("values", vals, row->n);
		r_stmt(r, DT_INSERT, v, 3, out);
	}
}

static void
render_execute(struct r *r, const struct op *op, struct strbuf *out)
{
	const struct node *a = op->args;
	struct strbuf sb = STRBUF_INIT, note = STRBUF_INIT;
	struct client_sql_shape shape;
	const char *sql;
	struct tpl_var v;
	int is_null = 0;
	size_t len;

	if (a->kind == NODE_SCALAR)
		sql = a->text;
	else {
		const struct node *x = node_get(a, r->dl->name);

		if (x == NULL)
			x = node_get(a, "sql");
		if (x == NULL) {
			r_err(r, NULL,
			    "execute has no SQL for the %s dialect: add "
			    "a '%s' or 'sql' key (or '%s: null' for nothing)",
			    r->dl->name, r->dl->name, r->dl->name);
			return;
		}
		is_null = x->type == SCALAR_NULL;
		sql = x->text;
	}
	if (is_null) {
		strbuf_addf(&note, "execute: nothing on %s (%s: null at %s:%u)",
		    r->dl->name, r->dl->name, op->loc.file, op->loc.line);
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
		r->nothing = 1;
		return;
	}
	/* Trim trailing white space; end with ';' unless it already does,
	   after a line break when it ends inside a -- comment. */
	len = strlen(sql);
	while (len > 0 && (sql[len - 1] == ' ' || sql[len - 1] == '\t' ||
	    sql[len - 1] == '\n' || sql[len - 1] == '\r'))
		len--;
	if (len == 0) {
		r_err(r, NULL, "execute has empty SQL for the %s dialect",
		    r->dl->name);
		return;
	}
	strbuf_addn(&sb, sql, len);
	if (r_client_safe(r, sb.buf, NULL, "execute SQL", CLIENT_STATEMENTS,
	    &shape) == NULL) {
		strbuf_free(&sb);
		return;
	}
	if (!sqlcheck_execute(r->dl, r->rev, op, &r->outside, r->d)) {
		r->ok = 0;
		strbuf_free(&sb);
		return;
	}
	if (shape.ends_in_line_comment)
		strbuf_addc(&sb, '\n');
	if (!shape.ends_with_semicolon)
		strbuf_addc(&sb, ';');
	v = VAR("sql", sb.buf);
	r_stmt(r, DT_EXECUTE, &v, 1, out);
	strbuf_free(&sb);
}

static void
render_execute_op(struct r *r, const struct action *a, struct strbuf *out)
{
	render_execute(r, a->op, out);
}

static void
lower_execute(struct lw *w)
{
	if (!model_ddl_lower(w->m, w->op, w->a, w->d))
		w->ok = 0;
}

static void
apply_execute(struct model *m, struct m_table *t, const struct action *a)
{
	(void)t;
	if (a->ddl != NULL) {
		/* Read: what it does is known, statement by statement. */
		model_ddl_apply(m, a);
		return;
	}
	m->opaque = a->op;
	if (model_execute_has_ddl(a->op))
		m->opaque_ddl = a->op;
}

/* The first word of the statement at sql + at, upper-cased into w (n
   bytes), after blanks and comments; "" for none. */
static void
first_word(const char *sql, size_t at, char *w, size_t n)
{
	const char *p = sql + at;
	size_t k = 0;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if ((p[0] == '-' && p[1] == '-') || p[0] == '#')
			p += strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*' && strstr(p + 2, "*/"))
			p = strstr(p + 2, "*/") + 2;
		else
			break;
	}
	while (k + 1 < n && isalpha((unsigned char)p[k])) {
		w[k] = (char)toupper((unsigned char)p[k]);
		k++;
	}
	w[k] = '\0';
}

/*
 * implicit-commit: on an engine whose DDL commits (dialect.h,
 * transactional_ddl false), a transaction an execute opens or ends itself
 * does not hold: each statement is a part of the script, and every DDL
 * statement and every part's progress record commit (MariaDB 10.11 docs,
 * "SQL Statements That Cause an Implicit Commit").
 */
static void
lint_transaction_control(struct render_session *s, const struct action *a,
    const char *sql, struct strbuf *cm)
{
	static const char *const words[] = {
		"START", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
		"XA", NULL
	};
	size_t *at = NULL, n, i, k;
	char w[16];

	if (s->dl->transactional_ddl || !s->dl->lint[LINT_IMPLICIT_COMMIT].on)
		return;
	n = client_statement_starts(s->dl->client, sql, strlen(sql), &at);
	for (i = 0; i <= n; i++) {
		first_word(sql, i == 0 ? 0 : at[i - 1], w, sizeof w);
		for (k = 0; words[k] != NULL && strcmp(words[k], w) != 0; k++)
			;
		if (words[k] != NULL) {
			lint_add(s, a->op, NULL, LINT_IMPLICIT_COMMIT, cm, "this "
			    "execute controls a transaction itself (%s), which "
			    "does not hold on %s: each of its statements is a "
			    "part of the script, and DDL and each part's "
			    "progress commit", words[k], s->dl->name);
			break;
		}
	}
	free(at);
}

static void
lint_execute(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	const struct node *x = op_execute_sql(a->op, s->dl->name);
	const char *sql = x ? x->text : NULL;
	size_t k;

	(void)old;
	if (sql != NULL && !a->non_transactional && lint_adds_enum_value(sql))
		lint_add(s, a->op, NULL, LINT_ENUM_ADD_VALUE, cm,
		    "this execute "
		    "adds a value to an enum type inside the script's "
		    "transaction");
	for (k = 0; a->ddl != NULL && k < a->ddl->len; k++)
		lint_effect(s, a, a->ddl->items[k], cm);
	if (sql != NULL)
		lint_transaction_control(s, a, sql, cm);
}

const struct op_def op_bulk_insert = {
	.name = "bulk_insert", .kind = OP_BULK_INSERT,
	.fields = bulk_insert_fields, .supported = 1,
	.lower = lower_bulk_insert, .render = render_bulk_insert,
};

/* execute's keys are "sql", "transactional" and dialect names: load.c. */
const struct op_def op_execute = {
	.name = "execute", .kind = OP_EXECUTE,
	.fields = execute_fields, .shorthand = "sql", .supported = 1,
	.lower = lower_execute, .apply = apply_execute,
	.render = render_execute_op, .lint = lint_execute,
};
