/*
 * sqlpg.h -- SQL read by PostgreSQL's own parser (libpg_query, the
 * PostgreSQL 15 grammar: https://github.com/pganalyze/libpg_query).
 *
 * The parser is PostgreSQL's raw parser (gram.y and scan.l), run without
 * a server: it knows the grammar, not the catalog, so it finds syntax
 * errors and the kind of each statement, never an unknown table.  Every
 * SQL text a revision gives for a PostgreSQL dialect goes through here,
 * each in the context its template puts it in (sqlpg_context).
 *
 * Offsets are bytes of the text given; PostgreSQL's error cursor (a
 * character position, 1-based) is turned into one.
 */
#ifndef MIGSQL_SQLPG_H
#define MIGSQL_SQLPG_H

#include <stddef.h>

#include "migsql/util.h"

/* Where a text goes in the script, and so how it is parsed. */
enum sqlpg_context {
	/* One or more statements (execute). */
	SQLPG_STATEMENTS,
	/* One value expression: a check condition, an index's where, an
	   alter_column using, a server_default {sql}, an index expression.
	   Parsed as "SELECT (text)", which must give one target and no
	   other clause. */
	SQLPG_EXPRESSION,
	/* A type name (a per-dialect type spelling), parsed as
	   "SELECT CAST(NULL AS text)". */
	SQLPG_TYPE
};

/* Flags of a statement (struct sqlpg_stmt). */
enum {
	/*
	 * PostgreSQL refuses it inside a transaction block
	 * (PreventInTransactionBlock() in PostgreSQL 15's source: CREATE
	 * INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY,
	 * REINDEX SYSTEM and DATABASE, VACUUM, CLUSTER without a table,
	 * CREATE and DROP DATABASE, ALTER SYSTEM, CREATE and DROP
	 * TABLESPACE, CREATE SUBSCRIPTION, ALTER TABLE ... DETACH PARTITION
	 * CONCURRENTLY).
	 */
	SQLPG_OUTSIDE_TRANSACTION = 1 << 0,
	/*
	 * It begins, ends or splits a transaction (BEGIN, START TRANSACTION,
	 * COMMIT, END, ROLLBACK, ABORT, SAVEPOINT, RELEASE, ROLLBACK TO,
	 * PREPARE TRANSACTION, COMMIT and ROLLBACK PREPARED) or sets the
	 * current transaction's characteristics (SET TRANSACTION): inside a
	 * migsql script it would break the guard and atomicity.
	 */
	SQLPG_TRANSACTION_CONTROL = 1 << 1
};

/* One statement of a parsed text. */
struct sqlpg_stmt {
	size_t		 off;	/* its first byte in the text (the parser's
				   stmt_location, leading comments included) */
	size_t		 len;	/* its bytes, without the ';' */
	unsigned	 flags;	/* SQLPG_* */
	const char	*what;	/* static: a name for the statement in
				   messages ("CREATE INDEX CONCURRENTLY",
				   "COMMIT", ...), NULL when no flag is set */
};

/* What sqlpg_parse() found. */
struct sqlpg_result {
	int		 ok;		/* 1: it parsed, in its context */
	/* When !ok: */
	size_t		 err_off;	/* byte offset in the text of the error
					   (the parser's cursor, or where the
					   context was broken; the text's length
					   for "at the end") */
	char		*err_message;	/* malloc'd, one line: PostgreSQL's
					   message, or why the text is not what
					   its context needs */
	/* When ok and the context is SQLPG_STATEMENTS: */
	struct sqlpg_stmt *stmts;	/* malloc'd, nstmts of them */
	size_t		 nstmts;
};

/*
 * Parses text (NUL-terminated, UTF-8) in context ctx into *out, which the
 * caller releases with sqlpg_result_free() whatever the result.  Returns
 * out->ok.  A text with a NUL inside cannot reach here (YAML scalars and
 * variables have none).  Never prints; out of memory aborts (xalloc).
 */
int sqlpg_parse(const char *text, enum sqlpg_context ctx,
    struct sqlpg_result *out);

/*
 * Appends to effects (struct ddl_effect *, ddl.h; the caller frees them
 * with ddl_effects_free()) what the statements of text do to the schema
 * model, in order, read from PostgreSQL's parse tree (sqlpg_ddl.c lists
 * the statements it reads).  Returns 0, appending nothing, when text
 * does not parse (sqlpg_parse() says why).
 */
int sqlpg_ddl(const char *text, struct ptrvec *effects);

/*
 * The columns a SQL expression (a check's condition) refers to, by their
 * last name as PostgreSQL's parser gives them (unquoted names folded to
 * lower case), each once, in the order first written: a NULL-terminated
 * malloc'd array of *n malloc'd names, which the caller frees; NULL when
 * the expression does not parse.  For PostgreSQL's name of an unnamed
 * CHECK (PostgreSQL 15 src/backend/catalog/heap.c,
 * AddRelationNewConstraints: the column's name when the condition uses
 * exactly one column).
 */
char **sqlpg_column_refs(const char *expr, size_t *n);

/* For sqlpg's own files: the parser ran (sqlpg_cleanup() must free). */
void sqlpg_note_parsed(void);

/* Frees what *r holds and empties it; NULL-safe fields. */
void sqlpg_result_free(struct sqlpg_result *r);

/* Frees the parser's memory context (libpg_query's pg_query_exit());
   call once at exit, for leak checkers. */
void sqlpg_cleanup(void);

#endif /* MIGSQL_SQLPG_H */
