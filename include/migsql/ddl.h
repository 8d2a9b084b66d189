/*
 * ddl.h -- what a raw DDL statement does to the schema model.
 *
 * An engine's reader (sqlpg_ddl() for PostgreSQL's parse tree) turns each
 * statement of an execute into zero or more effects in the model's terms;
 * the model applies them (model_ddl.c) as it applies operations, so that
 * a table an execute creates, renames or drops is known to every later
 * operation.  A statement the reader cannot see through (a DO block, a
 * function call that may run DDL) is one DDL_OPAQUE effect: the model then
 * treats what it does not know as possibly made there, as before.
 *
 * Ownership: every string and array of an effect is malloc'd and owned
 * by it; free a vector of effects with ddl_effects_free().
 */
#ifndef MIGSQL_DDL_H
#define MIGSQL_DDL_H

#include <stddef.h>

#include "migsql/util.h"

enum ddl_kind {
	DDL_CREATE_TABLE,	/* table, cols; shape_unknown for CREATE TABLE
				   AS whose columns cannot all be named */
	DDL_DROP_TABLE,		/* table */
	DDL_RENAME_TABLE,	/* table -> new_name */
	DDL_ADD_COLUMN,		/* table, cols[0] */
	DDL_DROP_COLUMN,	/* table, name */
	DDL_RENAME_COLUMN,	/* table, name -> new_name */
	DDL_ALTER_COLUMN,	/* table, name; nullable (-1: unchanged),
				   type (NULL: unchanged) */
	DDL_ADD_CONSTRAINT,	/* table, name (NULL: the engine names it),
				   con_type, names (columns), ref_table,
				   ref_names */
	DDL_DROP_CONSTRAINT,	/* table, name */
	DDL_RENAME_CONSTRAINT,	/* table, name -> new_name */
	DDL_CREATE_INDEX,	/* name (NULL: the engine names it), table,
				   names (NULL items for expressions),
				   unique */
	DDL_DROP_INDEX,		/* name */
	DDL_RENAME_INDEX,	/* name -> new_name */
	DDL_CREATE_ENUM,	/* name, names (values) */
	DDL_DROP_TYPE,		/* name */
	DDL_ENUM_ADD_VALUE,	/* name, new_name (the value); neighbor and
				   after: BEFORE or AFTER which value */
	DDL_ENUM_RENAME_VALUE,	/* name, names[0] -> new_name */
	DDL_OPAQUE,		/* anything may have changed */
	DDL_UNTRACKED,		/* made a relation the model does not keep:
				   a view, a sequence, an extension's; or,
				   with a table, a trigger on it */
	DDL_INSERT,		/* DML, checked and changing nothing: table */
	DDL_UPDATE,		/*  (names: the columns it writes) */
	DDL_DELETE
};

/* A column of CREATE TABLE or ADD COLUMN. */
struct ddl_column {
	char	*name;
	char	*type;		/* the type as the engine spells it, or NULL
				   (CREATE TABLE AS, or a type this cannot
				   write back) */
	int	 more;		/* the definition has more than migsql
				   keeps (a default, identity, generated,
				   collation, a check), or no known type: it
				   cannot be written again */
	int	 nullable;	/* 0: NOT NULL (or in the primary key) */
	int	 primary_key;	/* PRIMARY KEY on the column */
	int	 unique;	/* UNIQUE on the column */
	char	*ref_table;	/* REFERENCES on the column, or NULL */
	char	*ref_column;	/* its column, or NULL: the primary key */
};

/* Constraint kinds, as enum con_type of model.h (kept apart so that
   readers need not include the model). */
enum ddl_con { DDL_CON_PRIMARY_KEY, DDL_CON_UNIQUE, DDL_CON_CHECK,
	DDL_CON_FOREIGN_KEY, DDL_CON_EXCLUDE, DDL_CON_OTHER };

struct ddl_effect {
	enum ddl_kind	 kind;
	size_t		 off;		/* the statement's first byte in the
					   execute's text */
	char		*table;		/* unqualified */
	char		*schema;	/* NULL: not written */
	char		*name;
	char		*new_name;
	struct ddl_column *cols;
	size_t		 ncols;
	char		**names;
	size_t		 nnames;
	char		*ref_table;
	char		**ref_names;
	size_t		 nref;
	enum ddl_con	 con_type;
	char		**name_parts;	/* DDL_CREATE_INDEX: what PostgreSQL
					   names each expression by in the
					   index's default name, or NULL (sqlpg
					   only; NULL array from SQLite's reader).
					   DDL_ADD_CONSTRAINT of DDL_CON_EXCLUDE:
					   nnames of them, what PostgreSQL names
					   each element by in the constraint's
					   default name (a column's name, a
					   function call's function), NULL
					   where the reader cannot tell; names
					   holds the plain columns, NULL for
					   an expression */
	char		*type;		/* DDL_ALTER_COLUMN's new type, or NULL:
					   one migsql cannot write */
	int		 changes_type;	/* DDL_ALTER_COLUMN: the type changes */
	int		 nullable;	/* DDL_ALTER_COLUMN: -1, 0 or 1 */
	int		 unique;
	int		 if_exists;	/* IF EXISTS / IF NOT EXISTS written */
	int		 table_if_exists; /* ALTER TABLE IF EXISTS: nothing
					   happens when the table is not there */
	int		 cascade;	/* DROP ... CASCADE */
	int		 shape_unknown;
	int		 temporary;	/* CREATE TEMP TABLE */
	int		 unlogged;	/* CREATE UNLOGGED TABLE (PostgreSQL) */
	int		 strict;	/* CREATE TABLE ... STRICT (SQLite) */
	int		 without_rowid;	/* CREATE TABLE ... WITHOUT ROWID */
	char		*neighbor;	/* ADD VALUE ... BEFORE|AFTER this, or
					   NULL: the value goes last */
	int		 after;		/*  AFTER (else BEFORE) */
	int		 concurrent;	/* CREATE/DROP INDEX CONCURRENTLY */
	int		 not_valid;	/* ADD CONSTRAINT ... NOT VALID */
};

/* A new zeroed effect of kind k at offset off (nullable -1). */
struct ddl_effect *ddl_effect_new(enum ddl_kind k, size_t off);

/* Frees every struct ddl_effect * of v and empties it. */
void ddl_effects_free(struct ptrvec *v);

/* "CREATE TABLE", "DROP INDEX", ... for messages (static text). */
const char *ddl_kind_name(enum ddl_kind k);

#endif /* MIGSQL_DDL_H */
