/*
 * sqlpg_ddl.c -- what PostgreSQL DDL does to the schema model, read from
 * PostgreSQL's own parse tree (sqlpg.h, ddl.h).
 *
 * Statement by statement (PostgreSQL 15 docs, SQL Commands): CREATE
 * TABLE, CREATE TABLE AS and SELECT INTO, DROP TABLE/INDEX/TYPE, ALTER
 * TABLE (ADD/DROP/ALTER COLUMN, ADD/DROP CONSTRAINT), the RENAME forms of
 * ALTER TABLE and ALTER INDEX, CREATE INDEX, CREATE TYPE AS ENUM, ALTER
 * TYPE ADD/RENAME VALUE.  DO, CALL and EXECUTE may run any DDL: opaque.
 * Everything else (DML, views, functions, grants, ...) changes nothing the
 * model holds.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "migsql/ddl.h"
#include "migsql/sqlpg.h"

typedef PgQuery__Node Node;

/* The text of a String node, or NULL. */
static const char *
str_of(const Node *n)
{
	return n != NULL && n->node_case == PG_QUERY__NODE__NODE_STRING ?
	    n->string->sval : NULL;
}

/* The last name of a qualified name (a list of String nodes). */
static const char *
last_name(Node **v, size_t n)
{
	return n > 0 ? str_of(v[n - 1]) : NULL;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/*
 * What PostgreSQL calls an index expression in the index's default name
 * (FigureIndexColname, PostgreSQL 15 src/backend/parser/parse_target.c):
 * a column reference's column, a function call's function, a cast's
 * operand or else its type; NULL where it would say "expr".  *strength:
 * 2 for a name from the expression, 1 for a type's, 0 for none.
 */
static const char *
figure_colname(const Node *n, int *strength)
{
	const char *s;

	*strength = 0;
	if (n == NULL)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		s = last_name(n->column_ref->fields, n->column_ref->n_fields);
		*strength = s != NULL ? 2 : 0;
		return s;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		s = last_name(n->func_call->funcname, n->func_call->n_funcname);
		*strength = s != NULL ? 2 : 0;
		return s;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		s = figure_colname(n->type_cast->arg, strength);
		if (*strength <= 1 && n->type_cast->type_name != NULL &&
		    (s = last_name(n->type_cast->type_name->names,
		    n->type_cast->type_name->n_names)) != NULL)
			*strength = 1;
		return *strength > 0 ? s : NULL;
	default:
		return NULL;
	}
}

/* A names array from a list of String nodes (NULL items elsewhere). */
static char **
names_of(Node **v, size_t n)
{
	char **out = xcalloc(n ? n : 1, sizeof *out);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = dup_or_null(str_of(v[i]));
	return out;
}

static struct ddl_effect *
add(struct ptrvec *out, enum ddl_kind k, size_t off, const PgQuery__RangeVar *rel)
{
	struct ddl_effect *e = ddl_effect_new(k, off);

	if (rel != NULL) {
		e->table = dup_or_null(rel->relname);
		e->schema = dup_or_null(rel->schemaname);
	}
	ptrvec_push(out, e);
	return e;
}

static enum ddl_con
con_kind(PgQuery__ConstrType t)
{
	switch (t) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
		return DDL_CON_PRIMARY_KEY;
	case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
		return DDL_CON_UNIQUE;
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		return DDL_CON_CHECK;
	case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
		return DDL_CON_FOREIGN_KEY;
	case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
		return DDL_CON_EXCLUDE;
	default:
		return DDL_CON_OTHER;
	}
}

/* An identifier as PostgreSQL would read it back: bare when it is lower
   case letters, digits and '_' not starting with a digit, else quoted. */
static void
add_ident(struct strbuf *sb, const char *s)
{
	const char *p;
	int bare = *s != '\0' && !(*s >= '0' && *s <= '9');

	for (p = s; *p != '\0' && bare; p++)
		bare = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_';
	if (bare) {
		strbuf_adds(sb, s);
		return;
	}
	strbuf_addc(sb, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			strbuf_addc(sb, '"');
		strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '"');
}

/*
 * A type name as PostgreSQL spells it in SQL (its internal name, as
 * "int4", "varchar(20)", "timestamptz", "text[]"), or NULL when it has
 * parts this does not write back (%TYPE, SETOF, interval fields, a
 * typmod that is not an integer).
 */
static char *
type_text(const PgQuery__TypeName *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0, k;
	const char *last;

	if (t == NULL || t->setof || t->pct_type || t->n_names == 0)
		return NULL;
	last = str_of(t->names[t->n_names - 1]);
	if (last == NULL || (strcmp(last, "interval") == 0 && t->n_typmods))
		return NULL;
	if (t->n_names > 1 && str_of(t->names[0]) != NULL &&
	    strcmp(str_of(t->names[0]), "pg_catalog") == 0)
		i = 1;
	for (k = i; k < t->n_names; k++) {
		if (str_of(t->names[k]) == NULL)
			goto no;
		if (k > i)
			strbuf_addc(&sb, '.');
		add_ident(&sb, str_of(t->names[k]));
	}
	for (k = 0; k < t->n_typmods; k++) {
		const Node *n = t->typmods[k];

		if (n->node_case != PG_QUERY__NODE__NODE_A_CONST ||
		    n->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
			goto no;
		strbuf_addf(&sb, "%s%d", k ? "," : "(", n->a_const->ival->ival);
	}
	if (t->n_typmods > 0)
		strbuf_addc(&sb, ')');
	for (k = 0; k < t->n_array_bounds; k++) {
		const Node *n = t->array_bounds[k];

		if (n->node_case != PG_QUERY__NODE__NODE_INTEGER)
			goto no;
		if (n->integer->ival < 0)
			strbuf_adds(&sb, "[]");
		else
			strbuf_addf(&sb, "[%d]", n->integer->ival);
	}
	return strbuf_detach(&sb);
no:
	strbuf_free(&sb);
	return NULL;
}

/* A column definition, with what its own constraints say. */
static void
column_of(const PgQuery__ColumnDef *d, struct ddl_column *c)
{
	size_t i;

	memset(c, 0, sizeof *c);
	c->name = dup_or_null(d->colname);
	c->nullable = !d->is_not_null;
	c->type = type_text(d->type_name);
	c->more = c->type == NULL || d->raw_default != NULL ||
	    d->coll_clause != NULL || (d->identity != NULL &&
	    *d->identity != '\0') || (d->generated != NULL &&
	    *d->generated != '\0');
	for (i = 0; i < d->n_constraints; i++) {
		const Node *n = d->constraints[i];
		const PgQuery__Constraint *k;

		if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			continue;
		k = n->constraint;
		switch (k->contype) {
		case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
			c->nullable = 0;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
			c->primary_key = 1;
			c->nullable = 0;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
			c->unique = 1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
		case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
		case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
		case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
			c->more = 1;
			break;
		case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
			if (k->pktable != NULL) {
				free(c->ref_table);
				c->ref_table = dup_or_null(k->pktable->relname);
				free(c->ref_column);
				c->ref_column = dup_or_null(last_name(
				    k->pk_attrs, k->n_pk_attrs));
			}
			break;
		default:
			break;
		}
	}
}

/*
 * An EXCLUDE constraint's elements into e (PostgreSQL 15 parse tree: each
 * of k->exclusions a List of an IndexElem and the operator's name): names
 * gets each plain column, NULL for an expression; name_parts what
 * PostgreSQL's default name takes from each element (ChooseIndexColumnNames
 * in src/backend/commands/indexcmds.c and FigureColnameInternal in
 * parser/parse_target.c): the column, a function call's last name, and
 * NULL for any other expression, whose name this does not imitate.
 */
static void
exclusion_elements(struct ddl_effect *e, const PgQuery__Constraint *k)
{
	size_t i;

	e->names = xcalloc(k->n_exclusions ? k->n_exclusions : 1,
	    sizeof *e->names);
	e->name_parts = xcalloc(k->n_exclusions ? k->n_exclusions : 1,
	    sizeof *e->name_parts);
	e->nnames = k->n_exclusions;
	for (i = 0; i < k->n_exclusions; i++) {
		const Node *n = k->exclusions[i], *el;
		const PgQuery__IndexElem *x;

		if (n->node_case != PG_QUERY__NODE__NODE_LIST ||
		    n->list->n_items < 1 || (el = n->list->items[0])->node_case !=
		    PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		x = el->index_elem;
		e->names[i] = dup_or_null(x->name);
		if (e->names[i] != NULL)
			e->name_parts[i] = xstrdup(e->names[i]);
		else if (x->expr != NULL && x->expr->node_case ==
		    PG_QUERY__NODE__NODE_FUNC_CALL)
			e->name_parts[i] = dup_or_null(last_name(
			    x->expr->func_call->funcname,
			    x->expr->func_call->n_funcname));
	}
}

/* A table constraint as an ADD CONSTRAINT effect on rel. */
static void
table_constraint(struct ptrvec *out, size_t off, const PgQuery__RangeVar *rel,
    const PgQuery__Constraint *k)
{
	struct ddl_effect *e;

	if (con_kind(k->contype) == DDL_CON_OTHER)
		return;
	e = add(out, DDL_ADD_CONSTRAINT, off, rel);
	e->con_type = con_kind(k->contype);
	e->name = dup_or_null(k->conname);
	e->not_valid = k->skip_validation;
	if (e->con_type == DDL_CON_FOREIGN_KEY) {
		e->names = names_of(k->fk_attrs, k->n_fk_attrs);
		e->nnames = k->n_fk_attrs;
		e->ref_table = k->pktable ? dup_or_null(k->pktable->relname) :
		    NULL;
		e->ref_names = names_of(k->pk_attrs, k->n_pk_attrs);
		e->nref = k->n_pk_attrs;
	} else if (e->con_type == DDL_CON_EXCLUDE)
		exclusion_elements(e, k);
	else {
		e->names = names_of(k->keys, k->n_keys);
		e->nnames = k->n_keys;
	}
}

/* CREATE TEMP TABLE: relpersistence 't' (PostgreSQL's RELPERSISTENCE_TEMP);
   CREATE UNLOGGED TABLE: 'u' (RELPERSISTENCE_UNLOGGED). */
static int
persistence(const PgQuery__RangeVar *rel, const char *which)
{
	return rel != NULL && rel->relpersistence != NULL &&
	    strcmp(rel->relpersistence, which) == 0;
}

static int
temporary(const PgQuery__RangeVar *rel)
{
	return persistence(rel, "t");
}

static void
create_table(struct ptrvec *out, size_t off, const PgQuery__CreateStmt *s)
{
	struct ddl_effect *e = add(out, DDL_CREATE_TABLE, off, s->relation);
	size_t i, k = 0;

	e->if_exists = s->if_not_exists;
	e->temporary = temporary(s->relation);
	e->unlogged = persistence(s->relation, "u");
	e->shape_unknown = s->n_inh_relations > 0 || s->partbound != NULL ||
	    s->of_typename != NULL;
	e->cols = xcalloc(s->n_table_elts ? s->n_table_elts : 1,
	    sizeof *e->cols);
	for (i = 0; i < s->n_table_elts; i++) {
		const Node *n = s->table_elts[i];

		if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			column_of(n->column_def, &e->cols[k++]);
		else if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
			e->shape_unknown = 1;	/* LIKE */
	}
	e->ncols = k;
	for (i = 0; i < s->n_table_elts; i++)
		if (s->table_elts[i]->node_case ==
		    PG_QUERY__NODE__NODE_CONSTRAINT)
			table_constraint(out, off, s->relation,
			    s->table_elts[i]->constraint);
}

/* The name a select-list item gives its column, or NULL. */
static const char *
target_name(const Node *n)
{
	const PgQuery__ResTarget *t;
	const PgQuery__ColumnRef *c;

	if (n->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return NULL;
	t = n->res_target;
	if (t->name != NULL && *t->name != '\0')
		return t->name;
	if (t->val == NULL ||
	    t->val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return NULL;
	c = t->val->column_ref;
	return last_name(c->fields, c->n_fields);	/* NULL for a '*' */
}

/* CREATE TABLE AS and SELECT INTO: columns named by the select list. */
static void
create_table_as(struct ptrvec *out, size_t off, const PgQuery__IntoClause *into,
    const Node *query, int if_not_exists)
{
	struct ddl_effect *e = add(out, DDL_CREATE_TABLE, off, into->rel);
	const PgQuery__SelectStmt *q = query != NULL && query->node_case ==
	    PG_QUERY__NODE__NODE_SELECT_STMT ? query->select_stmt : NULL;
	size_t i, n;

	e->if_exists = if_not_exists;
	e->temporary = temporary(into->rel);
	e->unlogged = persistence(into->rel, "u");
	if (into->n_col_names > 0) {
		n = into->n_col_names;
		e->cols = xcalloc(n, sizeof *e->cols);
		for (i = 0; i < n; i++) {
			e->cols[i].name = dup_or_null(str_of(into->col_names[i]));
			e->cols[i].nullable = 1;
			e->cols[i].more = 1;
		}
		e->ncols = n;
		return;
	}
	if (q == NULL || q->n_target_list == 0 || q->op !=
	    PG_QUERY__SET_OPERATION__SETOP_NONE) {
		e->shape_unknown = 1;
		return;
	}
	n = q->n_target_list;
	e->cols = xcalloc(n, sizeof *e->cols);
	for (i = 0; i < n; i++) {
		const char *name = target_name(q->target_list[i]);

		if (name == NULL)
			e->shape_unknown = 1;	/* '*' or "?column?" */
		e->cols[i].name = dup_or_null(name);
		e->cols[i].nullable = 1;
		e->cols[i].more = 1;	/* its type is not written */
	}
	e->ncols = n;
}

static void
drop(struct ptrvec *out, size_t off, const PgQuery__DropStmt *s)
{
	enum ddl_kind k;
	size_t i;

	switch (s->remove_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		k = DDL_DROP_TABLE;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		k = DDL_DROP_INDEX;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		k = DDL_DROP_TYPE;
		break;
	default:
		return;
	}
	for (i = 0; i < s->n_objects; i++) {
		const Node *o = s->objects[i];
		struct ddl_effect *e = add(out, k, off, NULL);
		const char *name = NULL;

		if (o->node_case == PG_QUERY__NODE__NODE_LIST)
			name = last_name(o->list->items, o->list->n_items);
		else if (o->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			name = last_name(o->type_name->names,
			    o->type_name->n_names);
		if (k == DDL_DROP_TABLE)
			e->table = dup_or_null(name);
		else
			e->name = dup_or_null(name);
		e->if_exists = s->missing_ok;
		e->concurrent = s->concurrent;
		e->cascade = s->behavior ==
		    PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	}
}

static void alter_cmd_effects(struct ptrvec *out, size_t off,
    const PgQuery__RangeVar *rel, const PgQuery__AlterTableCmd *c);

static void
alter_cmd(struct ptrvec *out, size_t off, const PgQuery__RangeVar *rel,
    const PgQuery__AlterTableCmd *c, int table_if_exists)
{
	size_t first = out->len;

	alter_cmd_effects(out, off, rel, c);
	for (; first < out->len; first++)
		((struct ddl_effect *)out->items[first])->table_if_exists =
		    table_if_exists;
}

static void
alter_cmd_effects(struct ptrvec *out, size_t off, const PgQuery__RangeVar *rel,
    const PgQuery__AlterTableCmd *c)
{
	struct ddl_effect *e;

	switch (c->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		if (c->def == NULL ||
		    c->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			return;
		e = add(out, DDL_ADD_COLUMN, off, rel);
		e->cols = xcalloc(1, sizeof *e->cols);
		column_of(c->def->column_def, &e->cols[0]);
		e->ncols = 1;
		e->if_exists = c->missing_ok;
		return;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		e = add(out, DDL_DROP_COLUMN, off, rel);
		e->name = dup_or_null(c->name);
		e->if_exists = c->missing_ok;
		e->cascade = c->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
		return;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		e = add(out, DDL_ALTER_COLUMN, off, rel);
		e->name = dup_or_null(c->name);
		e->nullable = c->subtype ==
		    PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull;
		return;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		e = add(out, DDL_ALTER_COLUMN, off, rel);
		e->name = dup_or_null(c->name);
		if (c->def != NULL &&
		    c->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
			e->type = type_text(c->def->column_def->type_name);
		e->changes_type = 1;
		return;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		if (c->def != NULL &&
		    c->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			table_constraint(out, off, rel, c->def->constraint);
		return;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		e = add(out, DDL_DROP_CONSTRAINT, off, rel);
		e->name = dup_or_null(c->name);
		e->if_exists = c->missing_ok;
		e->cascade = c->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
		return;
	default:
		return;
	}
}

static void
rename_effects(struct ptrvec *out, size_t off, const PgQuery__RenameStmt *s)
{
	struct ddl_effect *e;

	switch (s->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		e = add(out, DDL_RENAME_TABLE, off, s->relation);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		if (s->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			return;
		e = add(out, DDL_RENAME_COLUMN, off, s->relation);
		e->name = dup_or_null(s->subname);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
		e = add(out, DDL_RENAME_CONSTRAINT, off, s->relation);
		e->name = dup_or_null(s->subname);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		e = add(out, DDL_RENAME_INDEX, off, NULL);
		e->name = s->relation ? dup_or_null(s->relation->relname) :
		    NULL;
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		/* A renamed enum: the model cannot follow its columns. */
		add(out, DDL_OPAQUE, off, NULL);
		return;
	default:
		return;
	}
	e->new_name = dup_or_null(s->newname);
	e->if_exists = s->missing_ok;
	e->table_if_exists = s->missing_ok;
}

static void
create_index(struct ptrvec *out, size_t off, const PgQuery__IndexStmt *s)
{
	struct ddl_effect *e = add(out, DDL_CREATE_INDEX, off, s->relation);
	size_t i;

	e->name = dup_or_null(s->idxname);
	e->unique = s->unique;
	e->if_exists = s->if_not_exists;
	e->concurrent = s->concurrent;
	e->shape_unknown = s->where_clause != NULL ||
	    s->n_index_including_params > 0 || s->n_options > 0 ||
	    (s->access_method != NULL && *s->access_method != '\0' &&
	    strcmp(s->access_method, "btree") != 0) ||
	    (s->table_space != NULL && *s->table_space != '\0');
	e->names = xcalloc(s->n_index_params ? s->n_index_params : 1,
	    sizeof *e->names);
	e->name_parts = xcalloc(s->n_index_params ? s->n_index_params : 1,
	    sizeof *e->name_parts);
	for (i = 0; i < s->n_index_params; i++) {
		const Node *n = s->index_params[i];

		if (n->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM) {
			const PgQuery__IndexElem *x = n->index_elem;
			int strength;

			e->names[i] = dup_or_null(x->name);
			if (x->name == NULL || *x->name == '\0')
				e->name_parts[i] = dup_or_null(figure_colname(
				    x->expr, &strength));
			if (x->name == NULL || *x->name == '\0' ||
			    x->n_collation > 0 || x->n_opclass > 0 ||
			    x->ordering != PG_QUERY__SORT_BY_DIR__SORTBY_DEFAULT ||
			    x->nulls_ordering !=
			    PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT)
				e->shape_unknown = 1;
		} else
			e->shape_unknown = 1;
	}
	e->nnames = s->n_index_params;
}

static void
enum_stmt(struct ptrvec *out, size_t off, const Node *n)
{
	struct ddl_effect *e;

	if (n->node_case == PG_QUERY__NODE__NODE_CREATE_ENUM_STMT) {
		const PgQuery__CreateEnumStmt *s = n->create_enum_stmt;

		e = add(out, DDL_CREATE_ENUM, off, NULL);
		e->name = dup_or_null(last_name(s->type_name, s->n_type_name));
		e->names = names_of(s->vals, s->n_vals);
		e->nnames = s->n_vals;
		return;
	}
	{
		const PgQuery__AlterEnumStmt *s = n->alter_enum_stmt;
		int renames = s->old_val != NULL && *s->old_val != '\0';

		e = add(out, renames ? DDL_ENUM_RENAME_VALUE :
		    DDL_ENUM_ADD_VALUE, off, NULL);
		e->name = dup_or_null(last_name(s->type_name, s->n_type_name));
		e->new_name = dup_or_null(s->new_val);
		e->if_exists = s->skip_if_new_val_exists;
		/* ADD VALUE ... BEFORE | AFTER neighbor (ALTER TYPE). */
		if (!renames && s->new_val_neighbor != NULL &&
		    *s->new_val_neighbor != '\0') {
			e->neighbor = xstrdup(s->new_val_neighbor);
			e->after = s->new_val_is_after;
		}
		if (renames) {
			e->names = xcalloc(1, sizeof *e->names);
			e->names[0] = xstrdup(s->old_val);
			e->nnames = 1;
		}
	}
}

/* The columns named by a list of ResTarget nodes (SET a = ..., INSERT's
   column list). */
static void
target_names(struct ddl_effect *e, Node **v, size_t n)
{
	size_t i;

	e->names = xcalloc(n ? n : 1, sizeof *e->names);
	for (i = 0; i < n; i++)
		if (v[i]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
			e->names[e->nnames++] =
			    dup_or_null(v[i]->res_target->name);
}

/* INSERT, UPDATE, DELETE: what they name is checked, nothing changes. */
static void
dml(struct ptrvec *out, size_t off, enum ddl_kind k,
    const PgQuery__RangeVar *rel, Node **targets, size_t ntargets)
{
	struct ddl_effect *e;

	if (rel == NULL)
		return;
	e = add(out, k, off, rel);
	target_names(e, targets, ntargets);
}

/* The effects of one statement. */
static void
statement(struct ptrvec *out, size_t off, const Node *n)
{
	size_t i;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		create_table(out, off, n->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->objtype !=
		    PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			add(out, DDL_UNTRACKED, off, NULL);	/* a view */
		else if (n->create_table_as_stmt->into != NULL)
			create_table_as(out, off, n->create_table_as_stmt->into,
			    n->create_table_as_stmt->query,
			    n->create_table_as_stmt->if_not_exists);
		break;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		if (n->select_stmt->into_clause != NULL)
			create_table_as(out, off, n->select_stmt->into_clause,
			    n, 0);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		drop(out, off, n->drop_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (n->alter_table_stmt->objtype !=
		    PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			break;
		for (i = 0; i < n->alter_table_stmt->n_cmds; i++)
			if (n->alter_table_stmt->cmds[i]->node_case ==
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
				alter_cmd(out, off,
				    n->alter_table_stmt->relation,
				    n->alter_table_stmt->cmds[i]->alter_table_cmd,
				    n->alter_table_stmt->missing_ok);
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		rename_effects(out, off, n->rename_stmt);
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		create_index(out, off, n->index_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		enum_stmt(out, off, n);
		break;
	case PG_QUERY__NODE__NODE_DO_STMT:
	case PG_QUERY__NODE__NODE_CALL_STMT:
	case PG_QUERY__NODE__NODE_EXECUTE_STMT:
		add(out, DDL_OPAQUE, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		add(out, DDL_UNTRACKED, off, n->create_trig_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
	case PG_QUERY__NODE__NODE_IMPORT_FOREIGN_SCHEMA_STMT:
		add(out, DDL_UNTRACKED, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		dml(out, off, DDL_INSERT, n->insert_stmt->relation,
		    n->insert_stmt->cols, n->insert_stmt->n_cols);
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		dml(out, off, DDL_UPDATE, n->update_stmt->relation,
		    n->update_stmt->target_list,
		    n->update_stmt->n_target_list);
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		dml(out, off, DDL_DELETE, n->delete_stmt->relation, NULL, 0);
		break;
	default:
		break;
	}
}

int
sqlpg_ddl(const char *text, struct ptrvec *effects)
{
	PgQueryProtobufParseResult r;
	PgQuery__ParseResult *t;
	size_t i;

	r = pg_query_parse_protobuf(text);
	sqlpg_note_parsed();
	if (r.error != NULL) {
		pg_query_free_protobuf_parse_result(r);
		return 0;
	}
	t = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
	    (const uint8_t *)r.parse_tree.data);
	if (t == NULL) {
		pg_query_free_protobuf_parse_result(r);
		return 0;
	}
	for (i = 0; i < t->n_stmts; i++)
		if (t->stmts[i]->stmt != NULL)
			statement(effects, t->stmts[i]->stmt_location > 0 ?
			    (size_t)t->stmts[i]->stmt_location : 0,
			    t->stmts[i]->stmt);
	pg_query__parse_result__free_unpacked(t, NULL);
	pg_query_free_protobuf_parse_result(r);
	return 1;
}

/*
 * Every column reference under m, by its last name, each once, in the
 * order first met: a walk over any protobuf-c message by its descriptor,
 * so that no expression node is missed.
 */
static void
collect_refs(const ProtobufCMessage *m, struct ptrvec *out, int depth)
{
	const ProtobufCMessageDescriptor *d;
	const char *base = (const char *)m;
	unsigned i;

	if (m == NULL || depth > 2000)
		return;
	d = m->descriptor;
	if (d == &pg_query__column_ref__descriptor) {
		const PgQuery__ColumnRef *c = (const PgQuery__ColumnRef *)m;
		const char *s = last_name(c->fields, c->n_fields);
		size_t k;

		for (k = 0; s != NULL && k < out->len; k++)
			if (strcmp(out->items[k], s) == 0)
				break;
		if (s != NULL && k == out->len)
			ptrvec_push(out, xstrdup(s));
		return;
	}
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(const void *)(base +
		    f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(const void *)(base +
			    f->quantifier_offset), k;
			ProtobufCMessage *const *v =
			    *(ProtobufCMessage *const *const *)(const void *)
			    (base + f->offset);

			for (k = 0; k < n; k++)
				collect_refs(v[k], out, depth + 1);
		} else
			collect_refs(*(ProtobufCMessage *const *)(const void *)
			    (base + f->offset), out, depth + 1);
	}
}

char **
sqlpg_column_refs(const char *expr, size_t *n)
{
	struct ptrvec out = PTRVEC_INIT;
	PgQueryProtobufParseResult r;
	PgQuery__ParseResult *t;
	char *sql = xasprintf("SELECT (%s)", expr);

	*n = 0;
	r = pg_query_parse_protobuf(sql);
	sqlpg_note_parsed();
	free(sql);
	if (r.error != NULL) {
		pg_query_free_protobuf_parse_result(r);
		return NULL;
	}
	t = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
	    (const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	if (t == NULL)
		return NULL;
	collect_refs(&t->base, &out, 0);
	pg_query__parse_result__free_unpacked(t, NULL);
	ptrvec_push(&out, NULL);
	*n = out.len - 1;
	return (char **)out.items;
}
