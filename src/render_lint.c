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

static void
lint_name(struct render_session *s, const struct action *a, const char *what,
    const char *name, struct strbuf *cm)
{
	if (name != NULL && strlen(name) > PORTABLE_NAME_MAX)
		lint_add(s, a->op, NULL, LINT_LONG_IDENTIFIER, cm, "the %s name "
		    "'%s' is %zu bytes long", what, name, strlen(name));
}

/*
 * For drop_column action a: ", and with it index 'x' and unique
 * constraint 'y'", naming the indexes and the table constraints dropped
 * with the column (not those written on the column alone), or nothing.
 */
static void
drop_column_takes(const struct action *a, struct strbuf *out)
{
	struct ptrvec names = PTRVEC_INIT;
	size_t i;

	for (i = 0; i < a->indexes.len; i++)
		ptrvec_push(&names, xasprintf("index '%s'",
		    ((const struct m_index *)a->indexes.items[i])->name));
	for (i = 0; a->tbl != NULL && i < a->tbl->cons.len; i++) {
		const struct m_constraint *k = a->tbl->cons.items[i];

		if (!k->inline_col)
			ptrvec_push(&names, xasprintf("%s '%s'",
			    con_type_words[k->type], k->name));
	}
	for (i = 0; i < names.len; i++) {
		strbuf_addf(out, "%s%s", i == 0 ? ", and with it " :
		    i + 1 == names.len ? " and " : ", ",
		    (char *)names.items[i]);
		free(names.items[i]);
	}
	ptrvec_free(&names);
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
static void
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

/*
 * 1 when PostgreSQL changes column type from to without rewriting the
 * table (PostgreSQL 15 docs, ALTER TABLE, Notes: "when changing the type
 * of an existing column, if the USING clause does not change the column
 * contents and the old type is either binary coercible to the new type or
 * an unconstrained domain over the new type, a table rewrite is not
 * needed"; varchar(n) to a longer varchar, to varchar or to text, and
 * numeric(p,s) to numeric(q,s) with q >= p or to numeric, are such
 * changes (9.2 release notes, E.x "increasing the length limit for a
 * varchar ... or removing it", "increasing the allowed precision of a
 * numeric column")).  Both types must be generic; anything else may
 * rewrite.
 */
static int
type_change_in_place(const struct node *from, const struct node *to)
{
	struct type_spec f, t;
	const char *why;

	if (from == NULL || to == NULL || !node_is_str(from) ||
	    !node_is_str(to) || !type_parse(from->text, &f, &why) ||
	    !type_parse(to->text, &t, &why))
		return 0;
	if (f.type == GT_STRING && t.type == GT_TEXT)
		return 1;
	if (f.type == GT_STRING && t.type == GT_STRING)
		return t.nparams == 0 || (f.nparams == 1 &&
		    t.params[0] >= f.params[0]);
	if (f.type == GT_NUMERIC && t.type == GT_NUMERIC)
		return t.nparams == 0 || (f.nparams == 2 && t.nparams == 2 &&
		    t.params[1] == f.params[1] && t.params[0] >= f.params[0]) ||
		    (f.nparams == 1 && t.nparams == 1 &&
		    t.params[0] >= f.params[0]);
	return 0;
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

		if (o->def->kind != OP_CREATE_INDEX || o->args->kind != NODE_MAP ||
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
static void
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
static void
lint_json(struct render_session *s, const struct action *a,
    const char *t, const struct m_column *c, struct strbuf *cm)
{
	if (c != NULL && c->type != NULL && node_is_str(c->type) &&
	    strcmp(c->type->text, "json") == 0)
		lint_add(s, a->op, NULL, LINT_JSON_NOT_JSONB, cm, "column '%s' "
		    "of table '%s' is json, not jsonb", c->name, t);
}

/* The lint findings of upgrade action a, as comments into cm. */
void
lint_action(struct render_session *s, const struct action *a,
    struct strbuf *cm)
{
	const char *t = a->table;
	int old = lint_pre_existing(s, t);
	size_t i;

	switch (a->kind) {
	case OP_CREATE_TABLE:
		lint_name(s, a, "table", a->tbl->name, cm);
		for (i = 0; i < a->tbl->cols.len; i++) {
			lint_name(s, a, "column", ((struct m_column *)
			    a->tbl->cols.items[i])->name, cm);
			lint_json(s, a, a->tbl->name, a->tbl->cols.items[i],
			    cm);
		}
		for (i = 0; i < a->tbl->cons.len; i++)
			lint_name(s, a, "constraint", ((struct m_constraint *)
			    a->tbl->cons.items[i])->name, cm);
		for (i = 0; i < a->tbl->cons.len; i++)
			lint_fk_index(s, a, a->tbl, a->tbl->cons.items[i], cm);
		break;
	case OP_DROP_TABLE:
		lint_add(s, a->op, NULL, LINT_DROP_TABLE, cm, "drop_table "
		    "removes table '%s' and every row in it", t);
		break;
	case OP_RENAME_TABLE:
		lint_name(s, a, "table", a->new_name, cm);
		if (old)
			lint_add(s, a->op, NULL, LINT_RENAME_TABLE, cm,
			    "rename_table renames '%s' to '%s' under clients "
			    "that still use the old name", t, a->new_name);
		break;
	case OP_ADD_COLUMN:
		lint_name(s, a, "column", a->col->name, cm);
		lint_json(s, a, t, a->col, cm);
		lint_volatile_default(s, a, cm);
		for (i = 0; a->tbl != NULL && i < a->tbl->cons.len; i++)
			lint_fk_index(s, a, model_table(s->m, t),
			    a->tbl->cons.items[i], cm);
		if (old && !a->col->nullable && a->col->server_default == NULL &&
		    !a->col->autoincrement)
			lint_add(s, a->op, NULL, LINT_ADD_NOT_NULL_COLUMN, cm,
			    "add_column adds NOT NULL column '%s' without a "
			    "server_default to table '%s', which has rows "
			    "already", a->col->name, t);
		break;
	case OP_DROP_COLUMN: {
		struct strbuf with = STRBUF_INIT;

		drop_column_takes(a, &with);
		lint_add(s, a->op, NULL, LINT_DROP_COLUMN, cm, "drop_column "
		    "removes column '%s' of table '%s' and its data%s",
		    a->col->name, t, strbuf_str(&with));
		strbuf_free(&with);
		break;
	}
	case OP_ALTER_COLUMN:
		if (a->changes & CH_NAME) {
			lint_name(s, a, "column", a->col->name, cm);
			if (old)
				lint_add(s, a->op, NULL, LINT_RENAME_COLUMN, cm,
				    "alter_column renames column '%s' of table "
				    "'%s' to '%s' under clients that still use "
				    "the old name", a->before->name, t,
				    a->col->name);
		}
		if (old && (a->changes & CH_NULLABLE) && !a->col->nullable)
			lint_add(s, a->op, NULL, LINT_SET_NOT_NULL, cm,
			    "alter_column makes column '%s' of table '%s' NOT "
			    "NULL", a->col->name, t);
		if (old && (a->changes & CH_NULLABLE) && a->col->nullable)
			lint_add(s, a->op, NULL, LINT_DROP_NOT_NULL, cm,
			    "alter_column lets column '%s' of table '%s' hold "
			    "NULL", a->col->name, t);
		if (old && (a->changes & CH_TYPE) &&
		    !(node_get(a->op->args, "using") == NULL &&
		    type_change_in_place(a->before->type, a->col->type)))
			lint_add(s, a->op, NULL, LINT_CHANGE_TYPE, cm,
			    "alter_column changes the type of column '%s' of "
			    "table '%s'", a->col->name, t);
		if (a->changes & CH_TYPE)
			lint_json(s, a, t, a->col, cm);
		break;
	case OP_CREATE_INDEX:
	case OP_DROP_INDEX:
		if (a->kind == OP_CREATE_INDEX)
			lint_name(s, a, "index", a->idx->name, cm);
		if (a->kind == OP_CREATE_INDEX && a->idx->unique &&
		    lint_pre_existing(s, a->idx->table) && !a->unknown)
			lint_add(s, a->op, NULL, LINT_UNIQUE_INDEX_EXISTING, cm,
			    "create_index builds unique index '%s' on table "
			    "'%s', which has rows already: it fails if two are "
			    "equal", a->idx->name, a->idx->table);
		if (lint_pre_existing(s, a->idx->table) &&
		    !a->non_transactional && !a->unknown)
			lint_add(s, a->op, NULL, LINT_INDEX_NOT_CONCURRENT, cm,
			    "%s %s index '%s' on table '%s' without "
			    "concurrently: true", a->op->def->name,
			    a->kind == OP_CREATE_INDEX ? "builds" : "drops",
			    a->idx->name, a->idx->table);
		break;
	case OP_CREATE_FOREIGN_KEY:
	case OP_CREATE_CHECK_CONSTRAINT:
	case OP_CREATE_UNIQUE_CONSTRAINT:
	case OP_CREATE_PRIMARY_KEY:
		lint_name(s, a, "constraint", a->con->name, cm);
		if (a->kind == OP_CREATE_FOREIGN_KEY)
			lint_fk_index(s, a, model_table(s->m, t), a->con, cm);
		if (!old)
			break;
		if (a->kind == OP_CREATE_FOREIGN_KEY)
			lint_add(s, a->op, NULL, LINT_ADD_FOREIGN_KEY, cm,
			    "create_foreign_key adds '%s' to table '%s', which "
			    "has rows already", a->con->name, t);
		else if (a->kind == OP_CREATE_CHECK_CONSTRAINT)
			lint_add(s, a->op, NULL, LINT_ADD_CHECK, cm,
			    "create_check_constraint adds '%s' to table '%s', "
			    "which has rows already", a->con->name, t);
		else
			lint_add(s, a->op, NULL, LINT_ADD_UNIQUE, cm, "%s adds "
			    "'%s' to table '%s', which has rows already",
			    a->op->def->name, a->con->name, t);
		break;
	case OP_DROP_CONSTRAINT:
		if (old && a->con != NULL && a->con->type == CON_FOREIGN_KEY)
			lint_add(s, a->op, NULL, LINT_DROP_FOREIGN_KEY, cm,
			    "drop_constraint drops foreign key '%s' of table "
			    "'%s': nothing checks that its rows reference rows "
			    "of '%s' any more", a->con->name, t,
			    a->con->ref_table ? a->con->ref_table : "?");
		break;
	case OP_CREATE_ENUM:
		lint_name(s, a, "enum", a->en->name, cm);
		break;
	case OP_DROP_ENUM:
		lint_add(s, a->op, NULL, LINT_DROP_ENUM, cm, "drop_enum "
		    "removes type '%s'", a->en->name);
		break;
	case OP_EXECUTE: {
		const struct node *x = op_execute_sql(a->op, s->dl->name);
		const char *sql = x ? x->text : NULL;
		size_t k;

		if (sql != NULL && !a->non_transactional &&
		    lint_adds_enum_value(sql))
			lint_add(s, a->op, NULL, LINT_ENUM_ADD_VALUE, cm,
			    "this execute adds a value to an enum type inside "
			    "the script's transaction");
		for (k = 0; a->ddl != NULL && k < a->ddl->len; k++)
			lint_effect(s, a, a->ddl->items[k], cm);
		break;
	}
	default:
		break;
	}
	lint_exclusive_lock(s, a, cm);
}

