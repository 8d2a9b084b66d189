/*
 * op.h -- the operation table: one row per operation of DESIGN.md, holding
 * its name (Alembic's op.* name), the keys it takes and their kinds, and
 * whether this release renders it.  The loader validates every op against
 * its row; render dispatches on the kind.
 */
#ifndef MIGSQL_OP_H
#define MIGSQL_OP_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/node.h"

enum op_kind {
	OP_CREATE_TABLE, OP_DROP_TABLE, OP_RENAME_TABLE, OP_ADD_COLUMN,
	OP_DROP_COLUMN, OP_ALTER_COLUMN, OP_CREATE_INDEX, OP_DROP_INDEX,
	OP_CREATE_UNIQUE_CONSTRAINT, OP_CREATE_CHECK_CONSTRAINT,
	OP_CREATE_FOREIGN_KEY, OP_CREATE_PRIMARY_KEY, OP_DROP_CONSTRAINT,
	OP_CREATE_TABLE_COMMENT, OP_DROP_TABLE_COMMENT, OP_CREATE_ENUM,
	OP_DROP_ENUM, OP_BULK_INSERT, OP_EXECUTE, OP_VALIDATE_CONSTRAINT,
	/* Issue 15: an enum's values in place (ops_enum.c). */
	OP_ADD_ENUM_VALUE, OP_RENAME_ENUM_VALUE,
	/* Issue 15: PostgreSQL's exclusion constraints (ops_constraint.c). */
	OP_CREATE_EXCLUDE_CONSTRAINT,
	OP_COUNT
};

/* What a key's value must be.  The loader checks each; see op.c. */
enum field_type {
	FT_NAME,		/* an identifier: a non-empty string */
	FT_NAME_OR_NULL,	/* FT_NAME, or null for none */
	FT_STRING,		/* any string */
	FT_STRING_OR_NULL,	/* any string, or null (a comment: null
				   drops it) */
	FT_BOOL,		/* true or false */
	FT_SQL,			/* SQL text, or {dialect: text|null, sql: text} */
	FT_NAMES,		/* a non-empty list of identifiers */
	FT_INDEX_COLUMNS,	/* a non-empty list of names, {name, ...} or
				   {sql: expr, ...} (model.h, m_index_key) */
	FT_COLLATION,		/* a name, or {dialect: name|null} */
	FT_DIALECT_NAME,	/* the same, for an index method or a
				   tablespace */
	FT_PARAMS,		/* {name: number|boolean|text, ...}: storage
				   parameters (PostgreSQL 15 docs, CREATE
				   INDEX "Index Storage Parameters") */
	FT_COLUMN,		/* a column mapping */
	FT_COLUMNS,		/* a non-empty list of column mappings */
	FT_PRIMARY_KEY,		/* a list of names, or {name?, columns} */
	FT_UNIQUES,		/* a list of (list of names | {name?, columns}) */
	FT_FOREIGN_KEYS,	/* a list of foreign-key mappings */
	FT_CHECKS,		/* a list of {name, condition} */
	FT_TYPE,		/* a generic type, or {dialect: type text} */
	FT_DEFAULT,		/* string, number, boolean, null or {sql: expr} */
	FT_FK_REF,		/* "table.column" or {table, column} */
	FT_FK_ACTION,		/* CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION */
	FT_INITIALLY,		/* DEFERRED or IMMEDIATE, any case */
	FT_AUTOINCREMENT,	/* true, false, identity or serial */
	FT_IDENTITY,		/* true, or {always?, start?, increment?}
				   (SQLAlchemy's Identity) */
	FT_COMPUTED,		/* SQL, or {sql: SQL, persisted?: bool}
				   (SQLAlchemy's Computed) */
	FT_FK_MATCH,		/* FULL or SIMPLE, any case (PostgreSQL 15
				   docs, CREATE TABLE "MATCH"; PARTIAL is
				   not implemented there) */
	FT_ROWS,		/* a list of mappings (bulk_insert) */
	FT_VALUES,		/* a non-empty list of strings (enums) */
	FT_DURATION,		/* milliseconds: 500, "500ms", "5s", "2min" */
	FT_PG_VERSION,		/* a PostgreSQL major version: 10 to 99 */
	FT_EXCLUDE_ELEMENTS,	/* a non-empty list of {column: name,
				   operator} or {sql: expr, operator}
				   (create_exclude_constraint) */
	FT_VARIABLES,		/* migsql.yaml's variables: checked by load.c */
	FT_LINT			/* {ignore: [CODE], reason: TEXT} (lint.h) */
};

struct field {
	const char	*key;
	enum field_type	 type;
	int		 required;
};

struct lw;
struct r;
struct render_session;
struct model;
struct m_table;
struct action;
struct dialect;
struct strbuf;
struct ptrvec;

/*
 * One operation, in one place (as tmux makes each command a struct
 * cmd_entry): its name and keys, and what it does at each stage.  Each
 * row is defined beside its hooks in src/ops_*.c (ops_table.c: tables
 * and their comments; ops_column.c; ops_index.c; ops_constraint.c;
 * ops_enum.c; ops_data.c: bulk_insert and execute).  A hook left NULL
 * means the stage does nothing for the op.  Actions of the kind an
 * inverse makes (a drop_table from a create_table) use that kind's row.
 */
struct op_def {
	const char		*name;		/* Alembic's op name */
	enum op_kind		 kind;
	const struct field	*fields;	/* ends with a NULL key */
	const char		*shorthand;	/* key a plain scalar value stands
						   for ("drop_table: t"), or NULL */
	int			 supported;	/* 0: "not supported yet" */
	int			 on_table;	/* the action changes one existing
						   table in place, which a table
						   rebuild (SQLite) can carry */

	/* Model (model.h, model_int.h).  lower: checks w's op against the
	   model before it and fills w's action (model_lower()); errors at
	   the op's file:line:col through lerr()/missing(). */
	void	(*lower)(struct lw *w);
	/* apply: changes m as a says (model_apply()); t is a's table in
	   m, journaled already, or NULL.  Never called for an action on
	   an object the model does not know (a->unknown). */
	void	(*apply)(struct model *m, struct m_table *t,
		    const struct action *a);
	/* invert: fills out (zeroed but for op, inverse, table, schema and
	   non_transactional) with the inverse of a (action_invert());
	   returns 0 when there is none. */
	int	(*invert)(const struct action *a, struct action *out);
	/* no_inverse: why an op without invert has none, for the message
	   that asks for a 'downgrade' (render.c), or NULL. */
	const char *no_inverse;
	/* inverse_problem: what keeps inverse a from running on m, which
	   it was not lowered against, into sb (model_check_inverse()). */
	void	(*inverse_problem)(const struct model *m,
		    const struct action *a, struct strbuf *sb);

	/* Render (render.h, render_int.h).  render: a's statements through
	   the dialect's templates, for the model before a, into out. */
	void	(*render)(struct r *r, const struct action *a,
		    struct strbuf *out);
	/* needs_rebuild: 1 when dialect dl must rebuild the table to do a
	   on m (SQLite's "ALTER TABLE" limits). */
	int	(*needs_rebuild)(const struct dialect *dl,
		    const struct model *m, const struct action *a);
	/* rebuilds: for an action that changes tables other than its own
	   (an enum's values, which a dialect without enum types keeps in
	   each of its columns' CHECK): appends to out the tables of m
	   (struct m_table *, owned by m) that dl must rebuild to do a on
	   m, in m's order; nothing when dl does a in place. */
	void	(*rebuilds)(const struct dialect *dl, const struct model *m,
		    const struct action *a, struct ptrvec *out);
	/* lint: the dialect's rules that apply to upgrade action a, as
	   comments into cm (lint.h); old is 1 when a's table existed
	   before the step. */
	void	(*lint)(struct render_session *s, const struct action *a,
		    int old, struct strbuf *cm);
	/* locks: the table a takes an ACCESS EXCLUSIVE lock on when
	   PostgreSQL runs it (PostgreSQL 15 docs, 13.3.1 "Table-Level
	   Locks": ALTER TABLE's forms, DROP TABLE, DROP INDEX without
	   CONCURRENTLY), or NULL; for statements-after-exclusive-lock. */
	const char *(*locks)(const struct action *a);
};

/* One operation of a revision's upgrade or downgrade list. */
struct op {
	const struct op_def	*def;
	struct loc		 loc;	/* of the op's name */
	struct node		*args;	/* the value: a mapping, or a scalar for
					   a shorthand; owned by the revision's
					   document tree */
};

/* The row for an op name, or NULL (then suggest from op_names()). */
const struct op_def *op_lookup(const char *name);
/* The row of kind (kind < OP_COUNT). */
const struct op_def *op_def_of(enum op_kind kind);
/* Every op name, NULL-terminated, for suggestions. */
const char *const *op_names(void);

/* The keys of a column mapping, a foreign key entry, ... (NULL-terminated). */
extern const struct field column_fields[];

/*
 * The value given for key: for a shorthand op ("drop_table: users") the
 * scalar stands for its shorthand key.  NULL when the key is absent.
 */
struct node *op_arg(const struct op *op, const char *key);
/*
 * 1 when op is for dialect: it has no 'dialects' list (every dialect),
 * or the list names it, or dialect is NULL (no dialect chosen: every op
 * counts).  migsql-revision(5), "dialects".
 */
int op_for_dialect(const struct op *op, const char *dialect);

/* The string under key in map, or NULL when absent or not a string. */
const char *map_str(const struct node *map, const char *key);
/* The boolean under key in map, or dflt when absent. */
int map_bool(const struct node *map, const char *key, int dflt);
/*
 * How column mapping c numbers itself (DESIGN.md "Columns"): 0 for no
 * autoincrement, AUTOINC_IDENTITY for autoincrement: true or identity,
 * AUTOINC_SERIAL for autoincrement: serial (PostgreSQL's SERIAL types,
 * what a database Alembic made has).
 */
enum { AUTOINC_IDENTITY = 1, AUTOINC_SERIAL = 2 };
int op_autoincrement(const struct node *c);
/* op_arg() as a string, or NULL. */
const char *op_str(const struct op *op, const char *key);

/*
 * 1 when op cannot run inside a transaction on PostgreSQL: create_index or
 * drop_index with concurrently: true, execute or add_enum_value with
 * transactional: false (PostgreSQL 15 docs, CREATE INDEX "Building
 * Indexes Concurrently", DROP INDEX, ALTER TYPE Notes; engines.md).  Where the dialect has an outside_transaction
 * template the script runs such a statement on its own (emit.h).
 */
int op_non_transactional(const struct op *op);

/*
 * The scalar that holds execute op's SQL for the dialect called dialect
 * (owned by the revision's tree): the op's plain string, else its
 * dialect key, else its "sql" key; NULL when there is none or it is null
 * (nothing runs on that dialect).  NULL for an op that is not an execute.
 */
const struct node *op_execute_sql(const struct op *op, const char *dialect);

/*
 * Generic column types, DESIGN.md "Generic types".  type_parse() reads
 * "string(255)", "numeric(10,2)", "enum(mood)", ... into a type_spec.
 */
enum generic_type {
	GT_INTEGER, GT_BIGINT, GT_SMALLINT, GT_BOOLEAN, GT_STRING, GT_TEXT,
	GT_NUMERIC, GT_FLOAT, GT_DOUBLE, GT_DATE, GT_TIME, GT_TIMESTAMP,
	GT_TIMESTAMPTZ, GT_INTERVAL, GT_BINARY, GT_JSON, GT_UUID, GT_ENUM,
	/* Issue 15: PostgreSQL's everyday types, mapped per dialect; a
	   dialect without a mapping refuses them at the op. */
	GT_JSONB, GT_INET, GT_CIDR, GT_MACADDR, GT_CITEXT, GT_TSVECTOR,
	GT_CHAR, GT_ARRAY,
	GT_COUNT
};

struct type_spec {
	enum generic_type	 type;
	int			 nparams;	/* 0, 1 or 2 numbers in parens */
	unsigned long		 params[2];
	char			 enum_name[64];	/* GT_ENUM: the enum's name;
						   GT_ARRAY: the element type
						   as written ("integer") */
};

/* The names of the generic types ("integer", ...), indexed by type. */
extern const char *const generic_type_names[GT_COUNT + 1];

/*
 * Parses text (e.g. "numeric(10,2)") into *out.  "varchar" is another
 * name of "string"; "timestamp(P)" and "timestamptz(P)" take a fractional
 * seconds precision (0 to 6, PostgreSQL 15 docs, 8.5); "char(N)" a length;
 * "array(T)" an element type T, itself a generic type that is no enum.
 * Returns 1 on success; on failure returns 0 and sets *why to a static
 * reason.
 */
int type_parse(const char *text, struct type_spec *out, const char **why);

/*
 * The key a type uses in a dialect's type map: "string", "string(length)",
 * "numeric(precision,scale)", ... (static string).
 */
const char *type_map_key(const struct type_spec *t);
/*
 * Every type-map key, NULL-terminated: those before the first optional
 * one (type_map_optional()) a dialect must define.
 */
const char *const *type_map_keys(void);
/* 1 when the type-map key at index i of type_map_keys() is optional. */
int type_map_optional(size_t i);

/*
 * The canonical spelling of a foreign-key action ("cascade" -> "CASCADE",
 * "set null" -> "SET NULL"), or NULL when text is none of PostgreSQL 15's
 * referential actions (docs, CREATE TABLE, "REFERENCES").
 */
const char *fk_action_canonical(const char *text);

/*
 * Why text is no operator an exclusion constraint can name (a static
 * reason), or NULL when it is one.  An operator is a run of at most 63
 * (NAMEDATALEN - 1) of the characters + - * / < > = ~ ! @ # % ^ & | ` ?,
 * with no "--" or "/" "*" in it (they start comments), and, when longer
 * than one character, not ending in + or - unless it holds one of
 * ~ ! @ # % ^ & | ` ? (PostgreSQL 15 docs, 4.1.3 "Operators": the lexer
 * would end the operator before them).  OPERATOR(op) and
 * OPERATOR(schema.op), schema a plain lower-case name, are taken too
 * (docs 4.2.5; PostgreSQL 15 gram.y, ExclusionConstraintElem), written
 * without spaces.
 */
const char *pg_operator_problem(const char *text);

/*
 * A duration of FT_DURATION as milliseconds: an integer node is taken as
 * milliseconds; text is digits, optional spaces and a unit ms, s or min
 * (PostgreSQL 15 docs, 20.1.1 "Parameter Names, Values, and Units").
 * Returns 1 and sets *ms, or 0 when v is no such duration.
 */
int duration_ms(const struct node *v, unsigned long *ms);

#endif /* MIGSQL_OP_H */
