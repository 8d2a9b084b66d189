/*
 * render_int.h -- what render.c, render_type.c, render_lint.c and the
 * ops' render and lint hooks (ops_*.c) share, and nothing else sees.
 */
#ifndef MIGSQL_RENDER_INT_H
#define MIGSQL_RENDER_INT_H

#include "migsql/ddl.h"
#include "migsql/lint.h"
#include "migsql/render.h"
#include "migsql/sqlpg.h"
#include "migsql/template.h"

/* The state of rendering one action: strings to free at the end, errors. */
struct r {
	const struct dialect	*dl;
	const struct model	*m;	/* before the action */
	const struct loc	*loc;	/* the op's */
	const struct revision	*rev;	/* whose file the op is in, or NULL */
	struct diags		*d;
	struct ptrvec		 strs;	/* owned strings */
	struct ptrvec		 lists;	/* owned arrays of string pointers */
	struct strmap		 bad_names; /* names reported by r_ident() */
	int			 ok;
	int			 nothing; /* an execute with null SQL for the
					     dialect: a comment only */
	int			 pg_version; /* postgresql_version (migsql.yaml)
					     when the dialect's client is psql
					     and a project is known; else 0:
					     no version-dependent refusal */
	const char		*outside; /* an execute holds only a statement
					     that cannot run in a transaction
					     (sqlcheck_execute): its name */
	int			 strict;  /* the columns written are a STRICT
					     table's: types from the dialect's
					     strict_types first */
	const struct m_enum	*enum_as; /* an enum's values to write in
					     place of the model's (a native
					     enum's values op), or NULL */
	const struct node	*at_args; /* a create_table op's mapping while
					     it renders: a table option the
					     dialect cannot write is reported
					     at its key; else NULL */
};

/* Template variables: a value, a list of n items. */
#define VAR(k, val)	((struct tpl_var){ (k), (val), NULL, 0 })
#define LIST(k, items, n) ((struct tpl_var){ (k), NULL, (items), (n) })

/*
 * One finding of rule at op (loc: where to report it, op's own when
 * NULL): a comment into cm, and with s->report a diagnostic, unless the
 * op or the revision ignores the rule.  Nothing when the dialect does not
 * list the rule.
 */
void lint_add(struct render_session *s, const struct op *op,
    const struct loc *loc, enum lint_rule rule, struct strbuf *cm,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* 1 when table existed before the step (it was not created in it, by an
   op or by raw SQL). */
int lint_pre_existing(const struct render_session *s, const char *table);

/* The lint findings of upgrade (or written downgrade) action a, as
   comments into cm; the statements of an execute the model read, each at
   its place. */
void lint_action(struct render_session *s, const struct action *a,
    struct strbuf *cm);

/* ---- for the ops' render hooks (op.h) ------------------------------- */

/* An error at l (the op's own when NULL), reported with EXIT_INPUT;
   clears r->ok. */
void r_err(struct r *r, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Keeps s (malloc'd) until r_done(); returns it. */
const char *r_keep(struct r *r, char *s);
/* sb's text, kept until r_done(); sb is left empty. */
const char *r_keep_sb(struct r *r, struct strbuf *sb);
/* An array of n string pointers kept until r_done(). */
const char **r_new_list(struct r *r, size_t n);

/*
 * A quoted identifier; reports, once per name, one over the dialect's
 * limit and one that the dialect's client would change.
 */
const char *r_ident(struct r *r, const char *name);

/* schema.table or table, each part quoted. */
const char *r_table_ref(struct r *r, const char *schema, const char *name);

/*
 * s as a plain string literal, where the engine takes nothing else (a
 * comment, an ENUM's values: MariaDB 10.11 docs, CREATE TABLE): on a
 * dialect that writes some literals as an expression (literals.concat),
 * text that would need one (a carriage return, a backslash before a
 * quote, another backslash or the end) is an error naming what (r->ok
 * cleared; "''" returned); elsewhere r_literal().  Kept until r_done().
 */
const char *r_plain_literal(struct r *r, const char *s, const char *what);

/* s as a string literal of the dialect (kept until r_done()). */
const char *r_literal(struct r *r, const char *s);
/* Template which of the dialect expanded with v[0..n) (kept). */
const char *r_tpl(struct r *r, enum dialect_tpl which,
    const struct tpl_var *v, size_t n);
/* Appends a statement template's text and a newline to out. */
void r_stmt(struct r *r, enum dialect_tpl which, const struct tpl_var *v,
    size_t n, struct strbuf *out);

/*
 * Refuses SQL from a revision or a variable that the script's client would
 * not read as migsql places it (client_check_sql(): a quote or comment
 * left open, a client command such as psql's \\! or sqlite3's .shell, a
 * psql variable, a ';' inside an expression, ...), so that the client
 * runs exactly the SQL that was reviewed.  ctx says where the SQL goes.
 * Returns sql, or NULL after an error at at (or the op).  *shape, when
 * not NULL, receives what the check learnt of a clean snippet.
 */
const char *r_client_safe(struct r *r, const char *sql, const struct loc *at,
    const char *what, enum client_context ctx, struct client_sql_shape *shape);

/*
 * r_client_safe(), then the engine's grammar (sqlcheck_fragment()) for the
 * value of scalar src in context ctx.  Returns sql, or NULL after an error.
 */
const char *r_sql_safe(struct r *r, const struct node *src, const char *sql,
    const char *what, enum sqlpg_context ctx);

/*
 * The CHECK that lists an enum column's values where the dialect has no
 * enum types (render_type.c): its name and condition into *name and
 * *cond, both NULL when none is due (an enum type of the dialect's own,
 * one that lists its values, a column of another type).
 */
void r_enum_check(struct r *r, const char *table, const struct m_column *c,
    const char **name, const char **cond);

/*
 * The SQL a FT_SQL value gives for this dialect: its own key, else "sql".
 * *is_null is set for an explicit null.  Returns NULL (and reports) when
 * neither is there.
 */
const char *r_pick_sql(struct r *r, const struct node *v, int *is_null,
    const char *what);

/*
 * The type of column c: its type node through the dialect's type map, or
 * the engine's own spelling for a column an execute made (m_column's
 * sql_type).  A column an execute made with more than the model keeps
 * cannot be written again: an error.
 */
const char *r_column_type(struct r *r, const struct m_column *c, int autoinc);

/* The name v (FT_COLLATION, FT_DIALECT_NAME) gives for the dialect,
   quoted; NULL for none (null), or after an error when a mapping has no
   key for the dialect.  what: "index method", ... for the message. */
const char *r_dialect_name(struct r *r, const struct node *v,
    const char *what);
/*
 * Adds option o to v (at *n) when it is set (a value, or a non-empty
 * list) and template which uses its name; a set option the template has
 * no placeholder for is an error (once), naming what ("index 'x'",
 * "foreign key 'y'"): never dropped.
 */
void r_opt_var(struct r *r, enum dialect_tpl which, struct tpl_var *v,
    size_t *n, struct tpl_var o, const char *what);
/* An identity's sequence options ("START WITH 100 INCREMENT BY 5",
   PostgreSQL 15 docs, CREATE SEQUENCE) from its FT_IDENTITY node, kept
   until r_done(); NULL when it gives none. */
const char *r_identity_options(struct r *r, const struct node *identity);
/* 1 when dl's column definition carries the column's comment ({comment}
   in its column template: MariaDB 10.11 docs, CREATE TABLE, "COMMENT");
   then no column_comment statement follows a CREATE TABLE or an ADD
   COLUMN. */
int render_inline_comment(const struct dialect *dl);

/* 1 when dl writes an enum column as a type that lists its values
   (types.enum uses {values}: MariaDB's ENUM('a', 'b'), MariaDB 10.11
   docs "ENUM"), with no CHECK; a change of the enum's values then has
   no in-place form. */
int render_native_enum(const struct dialect *dl);

/* A scalar value as an SQL literal of the dialect. */
const char *render_value(struct r *r, const struct node *v);

/* A server_default as the dialect spells it, or NULL for none. */
const char *render_default(struct r *r, const struct node *v);

/* The inline constraint of type on column col of t, or NULL. */
const struct m_constraint *r_inline_con(const struct m_table *t,
    const char *col, enum con_type type);

/* One column definition with the constraints t declares on it inline. */
const char *render_column(struct r *r, const struct m_table *t,
    const char *table, const struct m_column *c);

/* A table-level constraint element ("CONSTRAINT x UNIQUE (a, b)"), or
   NULL for a check that says nothing for this dialect. */
const char *render_con(struct r *r, const struct m_constraint *k);

/* CREATE INDEX for x (in schema, or NULL), with IF NOT EXISTS and
   CONCURRENTLY as asked, into out. */
void render_index(struct r *r, const struct m_index *x, const char *schema,
    int if_not_exists, int concurrently, struct strbuf *out);
/* COMMENT ON the table (column NULL) or the column; comment NULL drops
   it.  Nothing on a dialect without comments. */
void render_comment_stmt(struct r *r, const char *schema, const char *table,
    const char *column, const char *comment, struct strbuf *out);

/*
 * CREATE TABLE for t under the name as_name (a rebuild's new table), with
 * its options (unlogged, strict, without_rowid: an option the dialect's
 * create_table template has no placeholder for is an error), and its
 * comments when comments is set.  skip: foreign keys to leave out (they
 * reference a table not created yet), or NULL.
 */
void render_table(struct r *r, const struct m_table *t, const char *as_name,
    int if_not_exists, const unsigned char *skip, int comments,
    struct strbuf *out);

/*
 * ALTER TABLE ... DROP CONSTRAINT for k of table (in schema, or NULL),
 * IF EXISTS when asked, through the dialect's drop_constraint template;
 * with the constraint's kind ({primary_key}, {foreign_key}, {unique},
 * {check}) where the template uses them (MariaDB 10.11 docs, ALTER TABLE:
 * DROP PRIMARY KEY, DROP FOREIGN KEY, DROP INDEX, DROP CONSTRAINT).  A
 * kind the template does not write, or one not known, is an error.
 */
void render_drop_con(struct r *r, const char *schema, const char *table,
    const struct m_constraint *k, int if_exists, struct strbuf *out);

/*
 * The foreign key of table in m that only the index or key called name
 * (on cols, ncols of them) serves: it starts with the key's columns, and
 * no other index, primary key or unique constraint does.  InnoDB refuses
 * to drop such an index (MariaDB 10.11 error 1553, "needed in a foreign
 * key constraint") unless the same ALTER TABLE adds one that serves the
 * key.  NULL when there is none.
 */
const struct m_constraint *render_fk_needing(const struct model *m,
    const char *table, const char *name, char *const *cols, size_t ncols);
/*
 * Where template which writes {fk_index} and {fk_columns} (MariaDB's
 * drop_index and drop_constraint): the foreign key that only the index or
 * key name serves, and its columns, into v (at *n; two more), so that the
 * statement adds an index for it, named after it, as InnoDB would have
 * made one (MariaDB 10.11 docs, "Foreign Keys").  Nothing otherwise.
 */
void r_fk_index_vars(struct r *r, enum dialect_tpl which, const char *table,
    const char *name, char *const *cols, size_t ncols, struct tpl_var *v,
    size_t *n);

/* 1 when a runs outside a transaction in dl's scripts. */
int render_outside_transaction(const struct dialect *dl,
    const struct action *a);

/* DROP INDEX for a's index, with IF EXISTS and CONCURRENTLY as asked. */
void render_drop_index(struct r *r, const struct action *a, int if_exists,
    int concurrently, struct strbuf *out);

/* ---- for the ops' lint hooks (op.h) --------------------------------- */

/* long-identifier for name, a what ("table", "column", ...), when it is
   longer than PostgreSQL's 63 bytes. */
void lint_name(struct render_session *s, const struct action *a,
    const char *what, const char *name, struct strbuf *cm);

/* json-not-jsonb for column c of table t, when its type is json. */
void lint_json(struct render_session *s, const struct action *a,
    const char *t, const struct m_column *c, struct strbuf *cm);

/*
 * foreign-key-without-index for foreign key k of table tbl (in the model,
 * or being made): unless an index of the table, its primary key or a
 * unique constraint puts k's columns first, or a later create_index of
 * the revision does.  Deleting or updating a referenced row then looks
 * up the referencing rows by those columns (PostgreSQL 15 docs, 5.4.5;
 * SQLite docs, foreignkeys.html 3: "indices are not required for child
 * key columns but they are almost always beneficial").
 */
void lint_fk_index(struct render_session *s, const struct action *a,
    const struct m_table *tbl, const struct m_constraint *k,
    struct strbuf *cm);

/*
 * The lint rules for what one statement of an execute does (lint.h), as
 * for the op that does the same, at the statement.
 */
void lint_effect(struct render_session *s, const struct action *a,
    const struct ddl_effect *e, struct strbuf *cm);

/* The type of column c cast from expr with the dialect's cast. */
const char *r_cast(struct r *r, const char *expr, const struct m_column *c);

/* An op's locks hook (op.h) for an action that locks its own table. */
const char *lint_locks_table(const struct action *a);

/* ---- lint_pg.c: the rules PostgreSQL's storage and locks give ------- */

/* volatile-default for add_column action a, as a comment into cm (and a
   diagnostic, as lint_add() makes them); nothing for another action. */
void lint_volatile_default(struct render_session *s, const struct action *a,
    struct strbuf *cm);

/* statements-after-exclusive-lock, for each linted action a in the order
   they run: a comment into cm (and a diagnostic) at the first of a
   transaction that locks an existing table ACCESS EXCLUSIVE while other
   operations follow it there; s->xlock follows the transactions. */
void lint_exclusive_lock(struct render_session *s, const struct action *a,
    struct strbuf *cm);

/* ---- render_rebuild.c: SQLite table rebuilds ----------------------- */

/* A run of changes to one table that a single rebuild carries out. */
struct rebuild {
	char		*table;		/* name at the start */
	struct m_table	*before;	/* the table at the start */
	struct ptrvec	 using;		/* struct action * with a conversion */
	struct ptrvec	 values;	/* struct action *: enum value renames
					   (rename_enum_value) it carries,
					   oldest first (copy_renamed) */
	struct ptrvec	 why;		/* char *: "alter_column at f:l" */
	size_t		 chunk;		/* where its SQL goes in the output */
	const struct op	*first;		/* the op that started it */
	unsigned long	 seq;		/* the model's next_seq when it opened:
					   tables with a greater seq are made
					   after its place in the script */
	int		 lint;		/* it is an upgrade's: lint it */
	struct strbuf	 notes;		/* lint comments of the ops in it */
};

/* The output of a step, in chunks so a rebuild can be placed back. */
struct render_out {
	struct ptrvec	 chunks;	/* struct strbuf * */
	struct ptrvec	 open;		/* struct rebuild * */
	struct ptrvec	 brk;		/* struct render_break *, start = the
					   index of its chunk until placed */
	int		 any;		/* a statement was rendered (for
					   split_statements) */
};

/* render.c, for the rebuilds: starts rendering one action on dl for the
   model m before it (loc: the op's; errors to d); r_done() frees what r
   kept. */
void r_init(struct r *r, const struct dialect *dl, const struct model *m,
    const struct loc *loc, struct diags *d);
void r_done(struct r *r);

/* The PostgreSQL major version the session's scripts are for
   (postgresql_version, load.h), or 0 for another client or no project. */
int render_pg_version(const struct render_session *s);

/* Runs what action a rendered (text: marks included) in s's engine. */
void render_engine_feed(struct render_session *s, const struct op *op,
    const char *text, size_t len);
/* A new chunk at the end of o (owned by o). */
struct strbuf *render_out_chunk(struct render_out *o);

/* render_rebuild.c.  The rebuild open in o for table, or NULL. */
struct rebuild *rebuild_open(struct render_out *o, const char *table);
/* Writes every rebuild open in o into its chunk and closes it. */
void rebuild_close_all(struct render_session *s, struct render_out *o);

/*
 * Action a (op_def's rebuilds hook) changes tables other than its own on
 * this dialect: an enum's values, which SQLite keeps in the CHECK of each
 * column of the enum.  When the hook names any, each of them joins its
 * open rebuild or starts one, a is applied to the model, and, when a
 * renames a value (the rebuilds then copy each row with the value
 * renamed: copy_renamed), those rebuilds end at once, so that nothing
 * later in the step is copied over rows that still hold the old value.
 * Returns 1 when it took a (and ownership of it), 0 when no table is
 * rebuilt.
 */
int rebuild_step_tables(struct render_session *s, struct render_out *o,
    struct action *a, struct ptrvec *keep);

/*
 * A new rebuild of table t (in s's model) for action a, which starts
 * it, in a chunk of its own at this point of o; NULL after an error at
 * a's op when the dialect has no rebuild templates.
 */
struct rebuild *rebuild_start(struct render_session *s, struct render_out *o,
    const struct action *a, const struct m_table *t);

/* Records in rebuild b that it carries out action a. */
void rebuild_why(struct rebuild *b, const struct action *a);

/* 1 when column c is written with the column template's autoincrement
   placeholder set (SQLite's AUTOINCREMENT): an autoincrement column that
   is no identity and no serial type of the dialect. */
int r_writes_autoincrement(struct r *r, const struct m_column *c);

#endif /* MIGSQL_RENDER_INT_H */
