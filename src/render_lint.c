/*
 * render_lint.c -- lint while rendering (lint.h, render.h): the rules of
 * the dialect applied to each operation, and to each statement of an
 * execute, in the schema before it.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/ddl.h"
#include "migsql/lint.h"
#include "migsql/render.h"
#include "migsql/sqlcheck.h"
#include "migsql/text.h"
#include "migsql/util.h"
#include "render_int.h"

/* ---- lint (lint.h) ----------------------------------------------------- */

/* The longest name every engine takes: PostgreSQL's 63 bytes (NAMEDATALEN
   - 1, PostgreSQL 15 docs, 4.1.1); SQLite has no limit. */
#define PORTABLE_NAME_MAX 63

/*
 * One finding of rule at op (loc: where to report it, op's own when
 * NULL): a comment into cm, and with s->report a diagnostic, unless the
 * op or the revision ignores the rule.  Nothing when the dialect does not
 * list the rule.
 */
void
lint_add(struct render_session *s, const struct op *op, const struct loc *loc,
    enum lint_rule rule, struct strbuf *cm, const char *fmt, ...)
{
	const struct lint_text *t = &s->dl->lint[rule];
	const struct node *ign = NULL, *why;
	struct strbuf msg = STRBUF_INIT, line = STRBUF_INIT;
	va_list ap;

	if (!t->on)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (op != NULL && op->args->kind == NODE_MAP &&
	    lint_ignores(node_get(op->args, "lint"), rule))
		ign = node_get(op->args, "lint");
	else if (s->rev != NULL && lint_ignores(node_get(s->rev->root, "lint"),
	    rule))
		ign = node_get(s->rev->root, "lint");
	strbuf_addf(&line, "lint %s (%s", lint_codes[rule], t->error ? "error" :
	    "warning");
	if (ign != NULL && (why = node_get(ign, "reason")) != NULL)
		strbuf_addf(&line, ", ignored: %s", why->text);
	strbuf_addf(&line, "): %s", msg.buf);
	render_comment(s->dl, line.buf, cm);
	if (loc == NULL)
		loc = &op->loc;
	if (ign != NULL)
		s->ignored++;
	else if (s->released != NULL)
		s->in_released++;
	else if (s->report)
		s->findings++;
	if (s->report)
		lint_report(s->d, s->dl->name, t, rule, loc, ign != NULL &&
		    (why = node_get(ign, "reason")) != NULL ? why->text :
		    s->released, ign == NULL, msg.buf);
	strbuf_free(&msg);
	strbuf_free(&line);
}

int
lint_pre_existing(const struct render_session *s, const char *table)
{
	size_t i;

	if (table == NULL || *table == '\0')
		return 0;
	for (i = 0; i < s->created.len; i++)
		if (strcmp(s->created.items[i], table) == 0)
			return 0;
	return 1;
}

void
lint_name(struct render_session *s, const struct action *a, const char *what,
    const char *name, struct strbuf *cm)
{
	if (name != NULL && strlen(name) > PORTABLE_NAME_MAX)
		lint_add(s, a->op, NULL, LINT_LONG_IDENTIFIER, cm, "the %s "
		    "name '%s' is %zu bytes long", what, name, strlen(name));
}

/* The place of effect e's statement in execute a's SQL. */
static struct loc
effect_loc(const struct render_session *s, const struct action *a,
    const struct ddl_effect *e)
{
	const struct node *x = op_execute_sql(a->op, s->dl->name);
	size_t off = e->off;

	if (x == NULL)
		return a->op->loc;
	while (off < x->len && strchr(" \t\r\n", x->text[off]) != NULL)
		off++;
	return sqlcheck_loc(s->rev, x, off);
}

/*
 * The lint rules for what one statement of an execute does (lint.h), as
 * for the op that does the same, at the statement.
 */
void
lint_effect(struct render_session *s, const struct action *a,
    const struct ddl_effect *e, struct strbuf *cm)
{
	struct loc l = effect_loc(s, a, e);
	const char *t = e->table ? e->table : "?";
	int old = lint_pre_existing(s, e->table);

	switch (e->kind) {
	case DDL_CREATE_TABLE:
		/* New in this revision: no lock or rewrite matters there. */
		ptrvec_push(&s->created, xstrdup(t));
		break;
	case DDL_DROP_TABLE:
		lint_add(s, a->op, &l, LINT_DROP_TABLE, cm, "this execute "
		    "drops table '%s' and its data", t);
		break;
	case DDL_DROP_COLUMN:
		lint_add(s, a->op, &l, LINT_DROP_COLUMN, cm, "this execute "
		    "drops column '%s' of table '%s' and its data", e->name, t);
		break;
	case DDL_RENAME_TABLE:
		if (old)
			lint_add(s, a->op, &l, LINT_RENAME_TABLE, cm, "this "
			    "execute renames table '%s' to '%s' under clients "
			    "that still use the old name", t, e->new_name);
		else
			ptrvec_push(&s->created, xstrdup(e->new_name));
		break;
	case DDL_RENAME_COLUMN:
		if (old)
			lint_add(s, a->op, &l, LINT_RENAME_COLUMN, cm, "this "
			    "execute renames column '%s' of table '%s' to '%s' "
			    "under clients that still use the old name",
			    e->name, t, e->new_name);
		break;
	case DDL_ALTER_COLUMN:
		if (old && e->nullable == 0)
			lint_add(s, a->op, &l, LINT_SET_NOT_NULL, cm, "this "
			    "execute makes column '%s' of table '%s' NOT NULL",
			    e->name, t);
		if (old && e->changes_type)
			lint_add(s, a->op, &l, LINT_CHANGE_TYPE, cm, "this "
			    "execute changes the type of column '%s' of table "
			    "'%s'", e->name, t);
		break;
	case DDL_CREATE_INDEX:
	case DDL_DROP_INDEX:
		if (!e->concurrent && !a->non_transactional &&
		    (e->kind == DDL_DROP_INDEX || old))
			lint_add(s, a->op, &l, LINT_INDEX_NOT_CONCURRENT, cm,
			    "this execute %s index '%s' without CONCURRENTLY",
			    e->kind == DDL_CREATE_INDEX ? "builds" : "drops",
			    e->name ? e->name : "(unnamed)");
		break;
	case DDL_ADD_CONSTRAINT:
		if (!old || e->not_valid)
			break;
		if (e->con_type == DDL_CON_FOREIGN_KEY)
			lint_add(s, a->op, &l, LINT_ADD_FOREIGN_KEY, cm, "this "
			    "execute adds a foreign key to table '%s', which has "
			    "rows already, without NOT VALID", t);
		else if (e->con_type == DDL_CON_CHECK)
			lint_add(s, a->op, &l, LINT_ADD_CHECK, cm, "this "
			    "execute adds a check to table '%s', which has rows "
			    "already, without NOT VALID", t);
		else if (e->con_type == DDL_CON_UNIQUE)
			lint_add(s, a->op, &l, LINT_ADD_UNIQUE, cm, "this "
			    "execute adds a unique constraint to table '%s', "
			    "which has rows already", t);
		break;
	default:
		break;
	}
}

/* 1 when the n names of lead are the first n of cols (ncols), in any
 * order: an index on them serves a lookup by the foreign key. */
static int
leads(char *const *cols, size_t ncols, char *const *lead, size_t n)
{
	size_t i, k;

	if (cols == NULL || ncols < n)
		return 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < n; k++)
			if (cols[k] != NULL && strcmp(cols[k], lead[i]) == 0)
				break;
		if (k == n)
			return 0;
	}
	return 1;
}

/* 1 when a create_index of a later op of the revision (from index at on)
 * puts the n columns cols first on table. */
static int
indexed_later(const struct render_session *s, const struct op *at,
    const char *table, char *const *cols, size_t n)
{
	const struct revision *r = s->rev;
	size_t i, k, j;

	if (r == NULL || at < r->upgrade || at >= r->upgrade + r->nupgrade)
		return 0;
	for (i = (size_t)(at - r->upgrade) + 1; i < r->nupgrade; i++) {
		const struct op *o = &r->upgrade[i];
		const struct node *t, *c;

		if (o->def->kind != OP_CREATE_INDEX ||
		    o->args->kind != NODE_MAP ||
		    (t = node_get(o->args, "table")) == NULL ||
		    !node_is_str(t) || strcmp(t->text, table) != 0 ||
		    (c = node_get(o->args, "columns")) == NULL ||
		    c->kind != NODE_SEQ || c->n < n)
			continue;
		for (k = 0; k < n; k++) {
			for (j = 0; j < n; j++) {
				const struct node *x = c->items[j];

				if (x->kind == NODE_MAP)
					x = node_get(x, "name");
				if (x != NULL && node_is_str(x) &&
				    strcmp(x->text, cols[k]) == 0)
					break;
			}
			if (j == n)
				break;
		}
		if (k == n)
			return 1;
	}
	return 0;
}

/*
 * foreign-key-without-index for foreign key k of table tbl (in the model,
 * or being made): unless an index of the table, its primary key or a
 * unique constraint puts k's columns first, or a later create_index of
 * the revision does.  Deleting or updating a referenced row then looks
 * up the referencing rows by those columns (PostgreSQL 15 docs, 5.4.5;
 * SQLite docs, foreignkeys.html 3: "indices are not required for child
 * key columns but they are almost always beneficial").
 */
void
lint_fk_index(struct render_session *s, const struct action *a,
    const struct m_table *tbl, const struct m_constraint *k,
    struct strbuf *cm)
{
	size_t i;

	if (k->type != CON_FOREIGN_KEY || k->ncols == 0)
		return;
	for (i = 0; tbl != NULL && i < tbl->indexes.len; i++) {
		const struct m_index *ix = tbl->indexes.items[i];

		if (leads(ix->cols, ix->ncols, k->cols, k->ncols))
			return;
	}
	for (i = 0; tbl != NULL && i < tbl->cons.len; i++) {
		const struct m_constraint *c = tbl->cons.items[i];

		if ((c->type == CON_PRIMARY_KEY || c->type == CON_UNIQUE) &&
		    leads(c->cols, c->ncols, k->cols, k->ncols))
			return;
	}
	/* add_column: the column's own constraints (a UNIQUE on it). */
	for (i = 0; a->kind == OP_ADD_COLUMN && a->tbl != NULL &&
	    i < a->tbl->cons.len; i++) {
		const struct m_constraint *c = a->tbl->cons.items[i];

		if ((c->type == CON_PRIMARY_KEY || c->type == CON_UNIQUE) &&
		    leads(c->cols, c->ncols, k->cols, k->ncols))
			return;
	}
	if (indexed_later(s, a->op, tbl ? tbl->name : a->table, k->cols,
	    k->ncols))
		return;
	lint_add(s, a->op, NULL, LINT_FK_WITHOUT_INDEX, cm, "foreign key '%s' "
	    "of table '%s' (%s%s) has no index that starts with its "
	    "column%s", k->name ? k->name : "?", tbl ? tbl->name : a->table,
	    k->cols[0], k->ncols > 1 ? ", ..." : "", k->ncols > 1 ? "s" : "");
}

/* json-not-jsonb for column c of table t, when its type is json. */
void
lint_json(struct render_session *s, const struct action *a,
    const char *t, const struct m_column *c, struct strbuf *cm)
{
	if (c != NULL && c->type != NULL && node_is_str(c->type) &&
	    strcmp(c->type->text, "json") == 0)
		lint_add(s, a->op, NULL, LINT_JSON_NOT_JSONB, cm, "column '%s' "
		    "of table '%s' is json, not jsonb", c->name, t);
}

const char *
lint_locks_table(const struct action *a)
{
	return a->table;
}

/* The lint findings of upgrade action a, as comments into cm: the hook
   of its op (op.h). */
void
lint_action(struct render_session *s, const struct action *a,
    struct strbuf *cm)
{
	const struct op_def *def = op_def_of(a->kind);

	if (def->lint != NULL)
		def->lint(s, a, lint_pre_existing(s, a->table), cm);
	lint_exclusive_lock(s, a, cm);
}
