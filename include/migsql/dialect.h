/*
 * dialect.h -- dialect files (man/migsql-dialect.5): identifier quoting,
 * literals, the type map, one template per operation, the script frame,
 * the guard and the version-table statements.  No PostgreSQL or SQLite
 * text lives in C; it all comes from dialects/NAME.yaml.
 *
 * A dialect is found by name on the search path: MIGSQL_DIALECT_PATH (a
 * colon-separated list of directories), then beside the executable (the
 * source tree's dialects/ for a binary in its build tree, else
 * ../share/migsql/dialects from the executable's directory), then
 * $(pkgdatadir)/dialects; an argument containing '/' or ending in ".yaml"
 * is a file path instead.
 */
#ifndef MIGSQL_DIALECT_H
#define MIGSQL_DIALECT_H

#include <stddef.h>

#include "migsql/client.h"
#include "migsql/diag.h"
#include "migsql/lint.h"
#include "migsql/node.h"
#include "migsql/op.h"
#include "migsql/template.h"

/* The templates a dialect defines; dialect.c lists each one's placeholders. */
enum dialect_tpl {
	DT_CREATE_TABLE, DT_COLUMN, DT_PRIMARY_KEY, DT_UNIQUE, DT_FOREIGN_KEY,
	DT_CHECK, DT_DROP_TABLE, DT_RENAME_TABLE, DT_ADD_COLUMN,
	DT_DROP_COLUMN, DT_CREATE_INDEX, DT_DROP_INDEX, DT_EXECUTE,
	DT_COMMENT, DT_SCRIPT, DT_GUARD, DT_FINAL_CHECK, DT_VERSION_INSERT,
	DT_VERSION_UPDATE, DT_VERSION_DELETE,
	/* Optional: a dialect without the first six rebuilds tables instead
	   (it then needs rebuild_copy and rebuild_check); one without
	   create_enum writes enum columns as text with a CHECK. */
	DT_ALTER_COLUMN_TYPE, DT_ALTER_COLUMN_NULLABLE, DT_ALTER_COLUMN_DEFAULT,
	DT_ADD_CONSTRAINT, DT_DROP_CONSTRAINT, DT_CREATE_ENUM, DT_DROP_ENUM,
	DT_REBUILD_COPY, DT_REBUILD_CHECK,
	/* Optional: one transaction per revision (both, or neither). */
	DT_SCRIPT_PER_REVISION, DT_STEP, DT_RESUME_GUARD,
	/* Optional: the version state as an expression (with a revision's
	   progress), and statements run outside a transaction (those two
	   need step and version_state). */
	DT_VERSION_STATE, DT_OUTSIDE_TRANSACTION,
	/* Required again. */
	DT_RENAME_COLUMN, DT_TABLE_COMMENT, DT_COLUMN_COMMENT, DT_INSERT,
	DT_CAST,
	/* Optional: the line that sets the client's encoding back to the
	   script's (client.h, client_check_script). */
	DT_ENCODING,
	/* Optional: one item of an index's column list with its order and
	   comparison (struct m_index_key).  The options a dialect can write
	   are the placeholders its template uses; without the template an
	   index column is its name or (expression) alone. */
	DT_INDEX_COLUMN,
	/* Optional: `migsql stamp`'s check that the database looks like
	   the target (stamp.h): stamp_check refuses unless its condition
	   holds; the other four give the condition for a table, a column
	   and its type, an index, a named constraint.  Without all five,
	   stamp needs --no-verify-schema. */
	DT_STAMP_CHECK, DT_STAMP_TABLE, DT_STAMP_COLUMN, DT_STAMP_INDEX,
	DT_STAMP_CONSTRAINT,
	/* Optional: validate_constraint (ALTER TABLE ... VALIDATE
	   CONSTRAINT); a dialect without it writes a comment, since its
	   constraints are never added NOT VALID. */
	DT_VALIDATE_CONSTRAINT,
	/* Optional: an enum type's values changed in place (PostgreSQL 15
	   docs, ALTER TYPE ... ADD VALUE, RENAME VALUE); only with
	   create_enum.  A dialect with create_enum but without one of them
	   refuses that operation; one without create_enum rebuilds the
	   tables whose enum CHECK changes, renaming the value in the rows
	   it copies with rebuild_rename_value (an expression), and refuses
	   rename_enum_value without it. */
	DT_ADD_ENUM_VALUE, DT_RENAME_ENUM_VALUE, DT_REBUILD_RENAME_VALUE,
	/* Optional: alter_column's identity (PostgreSQL 15 docs, ALTER
	   TABLE ... ALTER COLUMN ... ADD GENERATED ... AS IDENTITY, DROP
	   IDENTITY); without it such an alter_column is refused. */
	DT_ALTER_COLUMN_IDENTITY,
	/* Optional: an exclusion constraint (PostgreSQL 15 docs, CREATE
	   TABLE, EXCLUDE), a table-level constraint like unique, and one
	   of its elements ("expr WITH op"); both, or neither: a dialect
	   without them refuses create_exclude_constraint. */
	DT_EXCLUDE, DT_EXCLUDE_ELEMENT,
	/* Optional: an alter_column's change of type, nullability, default
	   or comment as one statement that gives the whole column
	   definition after it ({definition}: MariaDB's ALTER TABLE ...
	   MODIFY COLUMN, MariaDB 10.11 docs "ALTER TABLE").  With it, the
	   alter_column_type, _nullable and _default templates are not used. */
	DT_ALTER_COLUMN,
	/* Optional: the rows of a column whose value is renamed (UPDATE ...
	   SET col = new WHERE col = old), for rename_enum_value where an
	   enum is the column's own type (render_native_enum). */
	DT_UPDATE_VALUE,
	/* Optional: one state a per-revision script passes, with its
	   position ({state}, {position}), an item of resume_guard's
	   {state_rows}: a part compares the database's state with its
	   own by position (step's {position}) instead of listing every
	   later state ({later}), which grows with the square of the
	   parts. */
	DT_STATE_ROW,
	DT_COUNT
};

/* The name of template which in a dialect file ("create_index"). */
const char *dialect_tpl_name(enum dialect_tpl which);

struct dialect {
	char		*name;		/* the file's name: key */
	enum client_kind client;	/* the program that runs its scripts */
	char		*arg;		/* what the user passed to --dialect */
	char		*path;		/* the file it was read from */
	char		*source;	/* the file's text */
	size_t		 source_len;	/* its length in bytes */
	char		 source_sha256[65]; /* its SHA-256, lower-case hex,
					   for every script's header */
	struct node	*root;		/* the parsed file */
	void		*plain;		/* pcre2_code *: names needing no quotes */
	void		*match;		/* pcre2_match_data * */
	char		 ident_quote;	/* e.g. '"'; doubled inside */
	char		**reserved;	/* lower-case, sorted */
	size_t		 nreserved;
	unsigned long	 max_ident;	/* bytes; 0: no limit */
	char		 string_quote;	/* e.g. '\''; doubled inside */
	char		*lit_true;
	char		*lit_false;
	char		*lit_null;
	char		*lit_cr;	/* literals.carriage_return, or NULL */
	char		*lit_escape;	/* literals.escape_quote, or NULL */
	char		*lit_backslash;	/* literals.backslash: the text a
					   backslash becomes, wrapped as
					   lit_cr is, or NULL (kept as is) */
	char		*lit_concat;	/* literals.concat: the function a
					   wrapped literal's parts are joined
					   with (MariaDB's CONCAT, whatever the
					   sql_mode), or NULL: in parentheses,
					   the parts joined by the infixes */
	struct tpl	*types[32];	/* by index in type_map_keys() */
	struct tpl	*strict_types[32]; /* strict_types: the same keys, for
					   a STRICT table's columns; NULL
					   where types' stands */
	struct tpl	*autoinc_types[GT_COUNT]; /* optional overrides */
	struct tpl	*serial_types[GT_COUNT]; /* autoincrement: serial
					   (PostgreSQL's SERIAL types); a
					   dialect without them writes such a
					   column as autoincrement: true */
	int		 add_column_unique;
	int		 add_column_primary_key;
	int		 add_column_not_null_needs_default;
	int		 add_column_stored_generated; /* optional, default
					   true: ADD COLUMN of a computed
					   column with persisted: true (SQLite
					   refuses, lang_altertable.html) */
	/* Engine capabilities (features:, migsql-dialect(5)); each
	   optional, default true. */
	int		 transactional_ddl; /* DDL runs inside a transaction
					   and rolls back with it; false
					   (MariaDB: every DDL statement
					   commits, MariaDB 10.11 docs "SQL
					   Statements That Cause an Implicit
					   Commit"): each statement of a
					   revision is a part of its own that
					   records its progress (emit.c) */
	int		 inline_constraints; /* a column definition can carry
					   a named PRIMARY KEY, UNIQUE,
					   REFERENCES or CHECK; false: they
					   are written as table constraints */
	int		 expression_indexes; /* an index key can be an
					   expression (MariaDB 10.11: no) */
	int		 drop_column_drops_constraints; /* DROP COLUMN takes
					   the constraints that use the column
					   with it, as PostgreSQL does; false
					   (MariaDB refuses, or narrows a
					   multi-column UNIQUE): each is
					   dropped first, foreign keys first */
	struct tpl	*tpl[DT_COUNT];
	char		**dollar_tags;	/* the frame's dollar quotes ($tag$),
					   NULL-terminated, or NULL */
	struct lint_text lint[LINT_COUNT]; /* the lint: section */
};

/*
 * 1 when arg is the path of a dialect file rather than a name to look up
 * on the search path: it contains a '/' or ends in ".yaml".
 */
int dialect_is_path(const char *arg);

/*
 * Finds the dialect file for arg (a name or a path): returns a malloc'd
 * path, or NULL after an EXIT_USAGE error naming where it looked.
 */
char *dialect_find(const char *arg, struct diags *d);

/*
 * The names of every dialect file on the search path plus extra (may be
 * NULL), sorted, without repeats: a malloc'd NULL-terminated array of
 * malloc'd strings, freed with dialect_names_free().
 */
char **dialect_names(const char *extra);
void dialect_names_free(char **names);

/*
 * Loads and validates the dialect file at path (arg is kept for the
 * script header).  Every missing key, unknown key, bad pattern and bad
 * template is reported at its file:line:col (EXIT_INPUT).  A dialect file
 * is checked, not trusted (client.h): its `client` (psql or sqlite3)
 * reads every template and data string as it would in a script; only the
 * frame templates (script, script_per_revision, step,
 * outside_transaction) may hold client commands, and only the allowed
 * ones, which get directive marks; statement templates get statement
 * marks; the comment template must put its text in a -- comment; names
 * and strings must be quoted as the client reads quotes.  Returns 1 on
 * success; on failure 0.  Free with dialect_free() in either case.
 */
int dialect_load(struct dialect *dl, const char *path, const char *arg,
    struct diags *d);
void dialect_free(struct dialect *dl);

/*
 * Appends name as an identifier: as is when it matches the plain pattern
 * and is no reserved word (compared case-insensitively), otherwise in the
 * dialect's quotes with embedded quotes doubled (PostgreSQL 15 docs 4.1.1,
 * "Identifiers and Key Words"; SQLite docs, "SQLite Keywords").
 */
void dialect_ident(const struct dialect *dl, const char *name,
    struct strbuf *out);
/* 1 when name is longer than the dialect's identifier limit. */
int dialect_ident_too_long(const struct dialect *dl, const char *name);
/*
 * Why name cannot be written in this dialect's scripts, or NULL: it holds
 * a dollar-quote delimiter of the frame ($migsql$ in PostgreSQL's), which
 * would end the frame's DO block early where the name stands in it (as a
 * version table's or an index's name does).  A static string.
 */
const char *dialect_name_refused(const struct dialect *dl, const char *name);
/*
 * Appends s as a string literal: in the dialect's quotes with embedded
 * quotes doubled (SQL standard; both engines take every other byte as is,
 * PostgreSQL with standard_conforming_strings on, which the frame sets).
 * With literals.carriage_return set, a CR in s is written as that text
 * and the literal is wrapped in parentheses: the sqlite3 shell drops a CR
 * before a line break even inside a string (it strips line ends), so
 * SQLite's dialect writes it as ' || char(13) || '.  With
 * literals.escape_quote set (PostgreSQL: E'), a string that holds a
 * backslash opens with it and has each backslash doubled (PostgreSQL 15
 * docs, 4.1.2.2): the same text whatever standard_conforming_strings says,
 * and read by psql as ending where it ends (client.h).
 */
void dialect_literal(const struct dialect *dl, const char *s,
    struct strbuf *out);

#endif /* MIGSQL_DIALECT_H */
