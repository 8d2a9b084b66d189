/*
 * sqlcheck.h -- the SQL a revision gives, read by its engine's grammar
 * while rendering.
 *
 * For a dialect whose client is psql, every SQL text (execute, and the
 * fragments: conditions, where, using, server_default {sql}, index
 * expressions, per-dialect type spellings) is parsed by PostgreSQL's own
 * parser (sqlpg.h) in the context its template puts it in.  A syntax
 * error is reported at the file:line:col of the offending character
 * inside the YAML scalar (nodepos.h) with PostgreSQL's message.  Other
 * clients' texts pass through here unread (1 is returned).
 *
 * Errors go to d with EXIT_INPUT; nothing here prints.
 */
#ifndef MIGSQL_SQLCHECK_H
#define MIGSQL_SQLCHECK_H

#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"
#include "migsql/node.h"
#include "migsql/op.h"
#include "migsql/sqlpg.h"

/*
 * Parses text, the value of scalar src (of revision rev's file; rev may
 * be NULL, then places are the scalar's own), in context ctx for dialect
 * dl.  what names the text in messages ("the where", "an index
 * expression").  Returns 1 when it parses (or dl's engine is not read
 * here), 0 after an error in d.
 */
int sqlcheck_fragment(const struct dialect *dl, const struct revision *rev,
    const struct node *src, const char *text, enum sqlpg_context ctx,
    const char *what, struct diags *d);

/*
 * Reads the SQL of execute op for dl (execute_sql's choice: the
 * dialect's key, else "sql", else a plain string), as PostgreSQL's parser
 * does, and reports at the statement:
 *  - a syntax error (PostgreSQL's message);
 *  - transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET
 *    TRANSACTION, ...): the script's guard and atomicity need the
 *    transaction migsql opens;
 *  - a statement PostgreSQL refuses in a transaction block (CREATE INDEX
 *    CONCURRENTLY, VACUUM, ...) in an execute that has other statements
 *    or says transactional: true.
 * Otherwise *outside is set to the name of such a statement (static
 * text) when the execute holds one alone, so that the caller places it
 * outside the transaction as it does transactional: false; else NULL.
 * Returns 1 when nothing was reported.
 */
int sqlcheck_execute(const struct dialect *dl, const struct revision *rev,
    const struct op *op, const char **outside, struct diags *d);

/*
 * The file place of byte off of scalar src's value: src's file is read
 * again (rev->path) and the scalar followed (nodepos_loc); src's own
 * place when rev is NULL, the file cannot be read or the value does not
 * come from it.  The result's file is src->loc.file.
 */
struct loc sqlcheck_loc(const struct revision *rev, const struct node *src,
    size_t off);

#endif /* MIGSQL_SQLCHECK_H */
