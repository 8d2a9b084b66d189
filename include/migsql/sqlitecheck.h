/*
 * sqlitecheck.h -- SQL run through SQLite's own engine, in memory.
 *
 * For a dialect whose client is sqlite3, `migsql check` runs each
 * revision's rendered statements in an in-memory database that holds the
 * schema model before it (render_schema()): no rows, nothing on disk,
 * nothing kept.  What SQLite's library refuses (a syntax error, an unknown
 * table or column, PostgreSQL-only syntax) is found there, before a DBA
 * runs the script.  The grammar is that of the libsqlite3 migsql is
 * linked with (sqlite3_libversion()); the DBA's sqlite3 shell may be
 * another version.
 *
 * The database is kept from reaching anything but memory: no file can be
 * attached (SQLITE_LIMIT_ATTACHED 0 and an authorizer that denies ATTACH:
 * VACUUM INTO attaches its target too), extensions cannot be loaded (the
 * library's default), a statement stops after a budget of virtual machine
 * steps (a recursive query that never ends), and its heap is bounded.
 */
#ifndef MIGSQL_SQLITECHECK_H
#define MIGSQL_SQLITECHECK_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/load.h"
#include "migsql/util.h"

struct sqlitecheck;

/* What SQLite refused (sqlitecheck_run). */
struct sqlitecheck_error {
	size_t	 off;		/* byte offset in the text run of the failing
				   statement's first byte */
	long	 at;		/* byte offset inside that statement of the
				   error (sqlite3_error_offset()), or -1 */
	char	*message;	/* malloc'd: SQLite's message; the caller frees */
	int	 budget;	/* the statement ran out of its step budget:
				   not SQLite's verdict on the SQL */
};

/*
 * Opens an in-memory database for one check, with the temp table the
 * SQLite dialect's rebuild_check template writes to
 * (temp.migsql_check).  Returns NULL when SQLite cannot open one (out of
 * memory).  Close with sqlitecheck_close().
 */
struct sqlitecheck *sqlitecheck_open(void);
void sqlitecheck_close(struct sqlitecheck *db);

/*
 * Runs text (NUL-terminated statements, no client commands) statement by
 * statement, stopping at the first one SQLite refuses: then fills *err
 * (the caller frees err->message) and returns 0.  Returns 1 when every
 * statement ran.
 */
int sqlitecheck_run(struct sqlitecheck *db, const char *text,
    struct sqlitecheck_error *err);

/*
 * sqlitecheck_mark() remembers the database as it is (a savepoint);
 * sqlitecheck_back() puts it back so and forgets the mark: the check runs
 * a revision's downgrade on the schema after its upgrade, then takes it
 * back.  Each returns 1, or 0 when SQLite could not (then close db).
 */
int sqlitecheck_mark(struct sqlitecheck *db);
int sqlitecheck_back(struct sqlitecheck *db);

/*
 * Runs one rendered step in db: step holds render_step()'s output for
 * revision rev (marks included) and spans its struct render_span *
 * pieces, in order; each piece is run with its marks removed.  The first
 * statement SQLite refuses is an error at its op (inside the execute's
 * scalar, at the character, where the op is an execute and SQLite says
 * where), with SQLite's message, and ends the step's check (what follows
 * depends on it); after a warning the next op's piece runs.  Where the model does not know everything on this path
 * (opaque_ddl: an execute with DDL came before, model.h), "no such
 * table/column/index" is a warning naming that execute instead.  A
 * statement that ran out of budget, or wanted to attach a file, is a
 * warning: not checked.  Returns the number of errors reported.
 */
size_t sqlitecheck_step(struct sqlitecheck *db, const struct revision *rev,
    const char *step, const struct ptrvec *spans,
    const struct op *opaque_ddl, struct diags *d);

#endif /* MIGSQL_SQLITECHECK_H */
