/*
 * model.h -- the schema model (DESIGN.md "Pipeline": model): the tables,
 * columns, indexes, constraints and enums known at a point of the chain,
 * obtained by replaying operations from base.
 *
 * Each operation is first lowered against the model (model_lower): the
 * lowering checks the operation (unknown or existing objects, foreign keys,
 * renames, drops of columns that foreign keys reference, types,
 * bulk_insert values) and produces
 * an action, which holds everything needed to render the operation and to
 * invert it without looking back at the YAML: a drop_column's action
 * carries the full column with the indexes and constraints that go with
 * it (as PostgreSQL drops them), a drop_table's the whole table with its
 * indexes,
 * an alter_column's the column before and after.  model_apply then changes
 * the model.
 *
 * execute is opaque: it changes nothing in the model, but marks it so that
 * a later operation naming an object the model does not know is a warning
 * (the execute may have made it) instead of an error.
 *
 * Ownership: the model and actions own their strings and objects; nodes
 * (types, defaults, SQL texts, rows) point into revision trees, which
 * outlive them.  Errors go to a struct diags with the op's file:line:col
 * (EXIT_INPUT).
 */
#ifndef MIGSQL_MODEL_H
#define MIGSQL_MODEL_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/load.h"
#include "migsql/op.h"
#include "migsql/util.h"

/* Each object struct begins with its name: model.c searches them alike. */
struct m_column {
	char			*name;
	const struct node	*type;		/* as written: a generic type
						   text or {dialect: text} */
	int			 nullable;
	const struct node	*server_default; /* NULL: none */
	char			*comment;	/* NULL: none */
	int			 autoincrement;	/* 0, AUTOINC_IDENTITY or
						   AUTOINC_SERIAL (op.h) */
	const struct node	*identity;	/* FT_IDENTITY node, or NULL */
	const struct node	*computed;	/* FT_COMPUTED node, or NULL */
	unsigned		 id;		/* stays the same across renames
						   and alterations (for the
						   copy of a table rebuild) */
	/* A column an execute made (model_ddl.c) has no type node: */
	char			*sql_type;	/* its type as the engine of the
						   dialect the model reads spells
						   it, or NULL (owned) */
	const struct op		*raw;		/* the execute, when its definition
						   holds more than migsql keeps (a
						   default, identity, collation,
						   an unknown type): it cannot be
						   written again; else NULL */
};

/* Constraint types, named as in Alembic's drop_constraint(type_=...);
   CON_EXCLUDE is PostgreSQL's exclusion constraint (create_exclude_
   constraint), which Alembic 1.8's type_ does not name. */
enum con_type { CON_PRIMARY_KEY, CON_UNIQUE, CON_CHECK, CON_FOREIGN_KEY,
	CON_EXCLUDE };
#define CON_TYPES	(CON_EXCLUDE + 1)

/* "primary", "unique", "check", "foreignkey" (Alembic 1.8 type_ names),
   and migsql's "exclude". */
extern const char *const con_type_names[CON_TYPES + 1]; /* NULL-terminated */
/* "primary key", "unique constraint", "check constraint", "foreign key",
   "exclusion constraint": the words messages use for each type. */
extern const char *const con_type_words[CON_TYPES];

struct m_constraint {
	char			*name;
	enum con_type		 type;
	char			**cols;		/* local columns */
	size_t			 ncols;
	const struct node	*condition;	/* CHECK: FT_SQL node */
	char			*ref_table;	/* FOREIGN KEY */
	char			**ref_cols;
	size_t			 nref;
	const char		*ondelete;	/* canonical static text or NULL */
	const char		*onupdate;
	int			 deferrable;	/* -1: not said, 0 or 1 */
	char			*initially;	/* "DEFERRED", "IMMEDIATE" or NULL */
	int			 inline_col;	/* written on its column */
	/* Options (PostgreSQL 15 docs, ALTER TABLE ADD table_constraint,
	   CREATE TABLE): */
	int			 not_valid;	/* CHECK, FOREIGN KEY: added NOT
						   VALID and not validated since */
	const char		*match;		/* FOREIGN KEY: "FULL", "SIMPLE"
						   (static) or NULL */
	char			**include;	/* UNIQUE: INCLUDE columns */
	size_t			 ninclude;
	int			 nulls_not_distinct; /* UNIQUE */
	/* EXCLUDE (PostgreSQL 15 docs, CREATE TABLE: EXCLUDE [USING
	   method] (element WITH operator, ...) [WHERE (predicate)]):
	   cols holds the elements' plain columns, in order, so that renames
	   and drop_column find them like any constraint's columns. */
	const struct node	*elements;	/* the op's list of {column|sql,
						   operator}; NULL for one an
						   execute made: it cannot be
						   written again */
	char			*method;	/* the index method ("gist") */
	const struct node	*where;		/* FT_SQL node or NULL */
};

/*
 * How one index column is ordered and compared: a create_index column item
 * {name|sql, asc?, desc?, nulls_first?, nulls_last?, opclass?,
 * collation?} (PostgreSQL 15 docs, CREATE INDEX: COLLATE collation,
 * opclass, ASC | DESC, NULLS { FIRST | LAST }; SQLite docs, CREATE INDEX,
 * "indexed-column": COLLATE and ASC | DESC only).  Kept as written, so
 * that a rebuild or `schema` writes the index as its create_index did.
 */
struct m_index_key {
	const struct node	*collation;	/* a name, or {dialect:
						   name|null}; NULL: the
						   column's own */
	char			*opclass;	/* NULL: the type's default */
	int			 asc, desc;	/* at most one set */
	int			 nulls_first, nulls_last; /* at most one set */
	const struct node	*item;		/* the mapping it came from,
						   for locations; NULL when
						   it came from elsewhere */
};

struct m_index {
	char			*name;
	char			*table;
	char			**cols;		/* column names; NULL for an
						   expression item */
	const struct node	**exprs;	/* {sql: ...} items, else NULL */
	struct m_index_key	*keys;		/* ncols of them, or NULL when
						   no column says anything of
						   its order (owned) */
	size_t			 ncols;
	int			 unique;
	const struct node	*where;		/* FT_SQL node or NULL */
	const struct op		*raw;		/* the execute whose SQL made it
						   (model_ddl.c), or NULL for an
						   op's index */
	int			 unwritable;	/* raw, with what the model does
						   not keep (expressions, WHERE,
						   a method, per-column options):
						   it cannot be written again */
	/* create_index's options (PostgreSQL 15 docs, CREATE INDEX):
	   USING method, INCLUDE (columns), NULLS NOT DISTINCT, WITH
	   (storage parameters), TABLESPACE.  Nodes as written, or NULL. */
	const struct node	*method;	/* FT_DIALECT_NAME */
	char			**include;	/* column names (owned) */
	size_t			 ninclude;
	int			 nulls_not_distinct;
	const struct node	*with;		/* FT_PARAMS mapping */
	const struct node	*tablespace;	/* FT_DIALECT_NAME */
};

struct m_table {
	char		*name;
	char		*schema;	/* NULL: the default schema */
	struct ptrvec	 cols;		/* struct m_column * */
	struct ptrvec	 cons;		/* struct m_constraint * */
	char		*comment;
	struct ptrvec	 indexes;	/* struct m_index *: the model's
					   indexes on this table, in creation
					   order, not owned; empty in a copy
					   (m_table_copy) outside a model */
	unsigned long	 seq;		/* its place in the model's tables
					   (increasing); 0 outside a model */
	const struct op	*dependents;	/* an execute made a trigger on it,
					   which the model does not keep: a
					   SQLite rebuild would drop it */
	int		 temporary;	/* CREATE TEMP TABLE in an execute: it
					   lasts the script's session and is
					   no part of the schema */
	const struct op	*uncertain;	/* an execute made it with columns the
					   model cannot all name (CREATE TABLE
					   AS SELECT *): an unknown column of
					   it is a warning; NULL otherwise */
	/* Table options, fixed when the table is made (create_table):
	   PostgreSQL's CREATE UNLOGGED TABLE (PostgreSQL 15 docs, CREATE
	   TABLE, UNLOGGED), SQLite's STRICT and WITHOUT ROWID (SQLite docs,
	   "STRICT Tables", "WITHOUT ROWID").  A dialect writes what its
	   create_table template has a placeholder for, and refuses the
	   rest; a SQLite rebuild and `schema` write them again. */
	int		 unlogged;
	int		 strict;
	int		 without_rowid;
};

struct m_enum {
	char	*name;
	char	**values;
	size_t	  nvalues;
};

/* A column or table that an op (or a statement of an execute) dropped or
   renamed on the model's path, for messages that name it. */
struct m_gone {
	char		*table;
	char		*column;	/* NULL: the table itself */
	char		*to;		/* the new name, or NULL: dropped */
	const struct op	*op;		/* what did it */
};

struct model {
	struct ptrvec	 tables;	/* struct m_table *, in creation order */
	struct ptrvec	 indexes;	/* struct m_index * */
	struct ptrvec	 enums;		/* struct m_enum * */
	/* Lookups by name, kept in step with the vectors above by every
	   change model.c makes, so a chain of n revisions replays in O(n). */
	struct strmap	 table_map;	/* name -> struct m_table * */
	struct strmap	 index_map;	/* name -> struct m_index * */
	struct strmap	 referrers;	/* referenced table name ->
					   struct ptrvec * of the tables with
					   a foreign key to it, one entry per
					   foreign key (owned) */
	unsigned long	 next_seq;	/* for struct m_table's seq */
	struct journal	*journal;	/* while one is open: what to undo */
	unsigned	 next_id;
	const struct op	*opaque;	/* the last execute on this path that
					   may have made what the model does
					   not know */
	const struct op	*opaque_ddl;	/* the last one whose SQL has CREATE,
					   ALTER or DROP in it */
	struct ptrvec	 gone;		/* struct m_gone *, oldest first
					   (owned; journaled) */
	const struct op	*untracked;	/* the last execute that made a
					   relation the model does not keep (a
					   view, a sequence, an extension's):
					   DML on an unknown name is then a
					   warning naming it */
	/* The dialect whose execute SQL the model reads (model_read_sql):
	   its name, and whether it is PostgreSQL's (then raw DDL reaches
	   the model, model_ddl.c); NULL: executes stay opaque. */
	const char	*sql_dialect;
	int		 sql_postgresql;
	/* Where the engine can read it instead (SQLite): writes a table of
	   the model as the dialect's statements (model_read_sql). */
	int		(*sql_writer)(const void *ctx, const struct model *m,
			    const char *name, int index, struct strbuf *sql);
	const void	*sql_writer_ctx;
};

/*
 * A model_read_sql() writer: appends to sql the statements that make the
 * table called name of m (index: the table of the index called name),
 * with its indexes, as the dialect ctx writes them; returns 0 when m has
 * no such table, or it cannot be written.
 */
typedef int (*model_table_writer)(const void *ctx, const struct model *m,
    const char *name, int index, struct strbuf *sql);

/* What an alter_column sets (struct action's changes). */
enum { CH_NULLABLE = 1, CH_TYPE = 2, CH_DEFAULT = 4, CH_NAME = 8,
	CH_COMMENT = 16, CH_IDENTITY = 32 };

/*
 * What an operation does, with the model's knowledge filled in.  kind is
 * the op's kind; inverse is set for an action built by action_invert().
 * Which members are set depends on kind (see the op's lower hook in
 * src/ops_*.c).
 */
struct action {
	enum op_kind		 kind;
	const struct op		*op;		/* where it was written */
	int			 inverse;
	char			*table;		/* the table acted on */
	char			*schema;
	char			*new_name;	/* rename_table */
	struct m_table		*tbl;		/* create_table, drop_table;
						   add_column and drop_column:
						   the constraints that come or
						   go with the column */
	struct ptrvec		 indexes;	/* drop_table: its indexes;
						   drop_column: those dropped
						   with it, which its inverse
						   (add_column) brings back */
	struct ptrvec		 pk_not_null;	/* drop_column and its inverse:
						   the other columns (char *,
						   owned) of a primary key
						   dropped with the column,
						   nullable before, which
						   PostgreSQL leaves NOT NULL */
	struct m_column		*col;		/* add_column, drop_column,
						   alter_column (after) */
	struct m_column		*before;	/* alter_column: never NULL;
						   when unknown, a record with
						   only the name the op gives */
	const struct node	*using;		/* alter_column */
	unsigned		 changes;	/* alter_column: CH_* set */
	int			 cast_back;	/* alter_column inverse: cast
						   the column to its old type */
	struct m_index		*idx;		/* create_index, drop_index */
	struct m_constraint	*con;		/* constraint ops */
	struct m_enum		*en;		/* create_enum, drop_enum; the
						   enum ops of values: the enum
						   before (only its name when
						   unknown) */
	const struct node	*rows;		/* bulk_insert */
	char			*comment;	/* table comment ops: after */
	char			*old_comment;	/*  and before */
	char			*value;		/* add_enum_value: the value;
						   rename_enum_value: its new
						   name (the enum: en) */
	char			*old_value;	/* rename_enum_value: the value
						   renamed */
	char			*neighbor;	/* add_enum_value: the value it
						   goes before or after, or
						   NULL: at the end */
	int			 after;		/* add_enum_value: AFTER
						   neighbor, else BEFORE */
	int			 if_exists;
	int			 if_not_exists;
	int			 non_transactional; /* op_non_transactional(),
						   kept by the inverse */
	struct ptrvec		*ddl;		/* execute: struct ddl_effect *
						   of its SQL (model_read_sql),
						   owned; NULL when not read */
	const char		*outside_why;	/* static: the statement that
						   made an execute run outside a
						   transaction (sqlcheck_execute),
						   or NULL */
	int			 lossy;		/* an inverse that cannot bring
						   back data */
	int			 unknown;	/* the model did not know the
						   object (made by an execute):
						   rendered from the op alone;
						   col and before then hold
						   only names and what the op
						   sets (no type unless given,
						   no id), and tbl is NULL */
};

/* Frees what the model stage keeps between calls (a compiled pattern);
 * call once at exit, after the last model call. */
void model_cleanup(void);

void model_init(struct model *m);
/*
 * Makes m read the SQL of executes for the dialect called dialect (which
 * must outlive m), so that what each statement creates, drops, renames
 * or alters reaches the model (model_ddl.c), and an execute without such
 * statements no longer makes unknown objects warnings.  With postgresql
 * set the statements are read from PostgreSQL's parse tree (sqlpg_ddl());
 * else, with a writer, they run in SQLite's engine over the tables they
 * name, written by writer (ctx passed through; it must outlive m), and
 * what changed is read back (sqlitecheck_ddl()).  Neither: executes stay
 * opaque.  Copied by model_copy().
 */
void model_read_sql(struct model *m, const char *dialect, int postgresql,
    model_table_writer writer, const void *ctx);
void model_free(struct model *m);
/* A deep copy of m into *out (initialised here). */
void model_copy(struct model *out, const struct model *m);

/*
 * A journal lets a caller try changes on m and take them back, at the
 * cost of what they touch instead of a copy of the whole model: check
 * applies each revision's downgrade to the schema after its upgrade and
 * then undoes it, and moves from one branch of the chain to another by
 * undoing the revisions of the first.  model_journal_begin() opens one,
 * nested in the journal open before, if any; from then on model_lower()
 * and model_apply() record in the innermost journal the state of every
 * table, index and enum before they change it.  model_journal_undo() puts
 * m back exactly as it was at the innermost journal's begin (order of
 * tables and indexes, and the next ids, included) and closes that journal,
 * so that the one it was nested in is innermost again.  An outer journal
 * does not record what happens while an inner one is open, so it stays
 * exact because inner journals are undone, never kept alone:
 * model_journal_forget() closes every open journal at once, keeping the
 * changes:
 * m stays as it is and frees what the journals kept (dropped tables and
 * indexes, saved contents).  model_free() forgets open journals first.
 * model_journal_undo() needs an open journal.
 */
void model_journal_begin(struct model *m);
void model_journal_undo(struct model *m);
void model_journal_forget(struct model *m);

/* Lookups by name: the object (owned by m or t), or NULL. */
struct m_table *model_table(const struct model *m, const char *name);
struct m_column *table_column(const struct m_table *t, const char *name);
struct m_index *model_index(const struct model *m, const char *name);
/*
 * Appends to out the tables of m with a foreign key that references the
 * table called name (the table itself too, when it references itself),
 * each once, in the model's order (creation order), as pointers owned by
 * m; out owns only its array.
 */
void model_referrers(const struct model *m, const char *name,
    struct ptrvec *out);
struct m_enum *model_enum(const struct model *m, const char *name);
/*
 * The newest record of column (NULL: of the table itself) of table being
 * dropped or renamed on m's path, or NULL.  Owned by m.
 */
const struct m_gone *model_gone(const struct model *m, const char *table,
    const char *column);
/* Appends to sb " (drop_column at FILE:LINE dropped it)" or " (... renamed
   it to 'x')" for model_gone()'s record, or nothing. */
void model_gone_note(const struct model *m, const char *table,
    const char *column, struct strbuf *sb);

/* The constraint called name on table t, or NULL. */
struct m_constraint *table_constraint(const struct m_table *t,
    const char *name);

/*
 * Checks op against m and fills *a (which the caller frees with
 * action_free() whatever the result).  Returns 1 when the action can be
 * applied; 0 after reporting errors at the op's file:line:col.  A missing
 * object after an execute is a warning, and the action is marked unknown.
 */
int model_lower(struct model *m, const struct op *op, struct action *a,
    struct diags *d);

/* Changes m as a says; a was lowered against m (or is its inverse). */
void model_apply(struct model *m, const struct action *a);

/*
 * The inverse of a into *out (freed with action_free()): create and drop
 * swap, renames and alterations go back.  Returns 1, or 0 when the op has
 * no inverse (execute, bulk_insert, an action on an object the model did
 * not know); the caller reports that.
 */
int action_invert(const struct action *a, struct action *out);
void action_free(struct action *a);

/*
 * The inverse of an execute whose SQL the model read (a->ddl), statement
 * by statement, newest first, appended to out (struct action *, each
 * malloc'd; the caller frees them with action_free() and free()):
 * CREATE TABLE gives drop_table, CREATE INDEX drop_index (CONCURRENTLY
 * when the execute ran alone outside a transaction), CREATE TYPE AS ENUM
 * drop_enum, a rename the rename back, ADD COLUMN drop_column; an INSERT
 * into a table the same execute made needs nothing.  Returns 0, leaving
 * out as it was, when any statement has no such inverse (an UPDATE, a
 * DROP, a DO block, ...): then the execute has none, as before.
 */
int action_invert_execute(const struct action *a, struct ptrvec *out);

/*
 * Checks an inverse (action_invert()) against m, which it was not lowered
 * against: on the way down an earlier downgrade may have left the schema
 * otherwise than the upgrade found it (an empty downgrade that kept a
 * rename, say).  What it drops, alters or renames must exist; what it
 * makes must not.  Reports at the op that the inverse comes from, naming
 * revision rev, and returns 0; else 1.
 */
int model_check_inverse(const struct model *m, const struct action *a,
    const char *rev, struct diags *d);

/* Copies, for rendering a rebuilt table or the schema at a revision. */
struct m_table *m_table_copy(const struct m_table *t);
void m_table_free(struct m_table *t);
struct m_index *m_index_copy(const struct m_index *x);
void m_index_free(struct m_index *x);

/*
 * Writes PostgreSQL's default name for a constraint into out (cleared
 * first): name1 "_" name2 "_" label, or name1 "_" label when name2 is
 * NULL, clipped to 63 bytes as makeObjectName() does (PostgreSQL 15
 * src/backend/commands/indexcmds.c; "<table>_pkey", "<table>_<cols>_key",
 * "<table>_<cols>_fkey", "<table>_<col>_check").
 */
void model_default_name(const char *name1, const char *name2,
    const char *label, struct strbuf *out);

/*
 * 1 when an index uses column col (by name, as a key or an INCLUDE
 * column; expressions and WHERE texts are SQL and are not looked into).
 */
int index_uses(const struct m_index *x, const char *col);

/*
 * What dropping column col of table t drops with it, as PostgreSQL does
 * (PostgreSQL 15 docs, ALTER TABLE DROP COLUMN: "Indexes and table
 * constraints involving the column will be automatically dropped as
 * well"): appends to indexes each index of t (struct m_index *) that lists
 * col among its columns or names it in an expression item or its WHERE,
 * and to cons each constraint of t (struct m_constraint *) whose columns
 * include col (the column's own ones, a primary key, a unique constraint,
 * a foreign key from t, an exclusion constraint's column elements) or,
 * for a check whose columns the model does not know, whose condition
 * names col, or an exclusion constraint one of whose expression elements
 * or whose WHERE names col (which PostgreSQL drops only with CASCADE:
 * see table_column_exclusion()).  SQL texts are read with the lexical
 * rules PostgreSQL and SQLite share: an identifier equal to col (unquoted
 * without regard to ASCII case), outside literals and comments, not a
 * function name or a type after '::'.  The pointers stay owned by t and
 * the model; the vectors own only their arrays.  Foreign keys that
 * reference col (from other tables or from t) are not included: they need
 * CASCADE, and model_lower() refuses the drop_column.  No errors.
 */
void table_column_dependents(const struct m_table *t, const char *col,
    struct ptrvec *indexes, struct ptrvec *cons);

/*
 * An exclusion constraint of t that names column col in an expression
 * element or its WHERE (read as table_column_dependents() reads SQL), or
 * NULL.  PostgreSQL 15 refuses to drop such a column without CASCADE
 * ("cannot drop column ... because other objects depend on it"), unlike
 * one the constraint lists as a column element, which goes with it.
 * Owned by t.
 */
const struct m_constraint *table_column_exclusion(const struct m_table *t,
    const char *col);

#endif /* MIGSQL_MODEL_H */
