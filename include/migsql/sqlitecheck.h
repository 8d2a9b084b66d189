/*
 * sqlitecheck.h -- SQL run through SQLite's own engine, in memory.
 *
 * For a dialect whose client is sqlite3, `migsql check` runs each
 * revision's rendered statements, op by op, in an in-memory database
 * that gets the tables they name from the schema model before each op
 * (sqlitecheck_set_loader()): no rows, nothing on disk, nothing kept, and
 * a cost that grows with what the revision touches, not with the
 * schema.  What SQLite's library refuses (a syntax error, an unknown
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
#include "migsql/op.h"
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
 * Where the database's tables come from: a check starts empty, and a
 * statement that names a table (or an index) it does not have gets it
 * from the loader, which appends to sql the statements that make the
 * table called name (index: the table of the index called name) with its
 * indexes, as the schema model has them before the statement, and
 * returns 1; or returns 0 when the model has no such object.  ctx is
 * passed through.  A name the database has had (loaded, or made,
 * dropped or renamed by a statement run here) is never loaded again, so
 * a table the step itself dropped stays missing.
 */
typedef int (*sqlitecheck_loader)(void *ctx, const char *name, int index,
    struct strbuf *sql);
void sqlitecheck_set_loader(struct sqlitecheck *db, sqlitecheck_loader load,
    void *ctx);

/*
 * Runs text (what op rendered, marks removed) in db, statement by
 * statement, with transaction control refused, bringing in what the
 * statements name from the loader as they go.  The first statement
 * SQLite refuses is an error at op (inside the execute's scalar, at the
 * character, where op is an execute and SQLite says where), with
 * SQLite's message; what follows in text is not run (it depends on it).
 * With opaque_ddl (an execute whose DDL the model could not read came
 * before on this path), a missing table or index is a warning naming
 * that execute.  A statement that ran out of budget, or wanted to attach
 * a file, is a warning: not checked.  Returns the number of errors
 * reported to d.
 */
size_t sqlitecheck_feed(struct sqlitecheck *db, const struct revision *rev,
    const struct op *op, const char *text, const struct op *opaque_ddl,
    struct diags *d);

/* Brings table in from the loader unless the database has had it;
   returns 1 when it is there (or was dropped or renamed here). */
int sqlitecheck_ensure(struct sqlitecheck *db, const char *table);

/*
 * What raw DDL did, read back from the engine: runs text (an execute's
 * statements) once with load bringing in the tables it names, then, in a
 * second database holding just those tables, snapshots the tables
 * (sqlite_schema, pragma_table_info), runs text and snapshots again;
 * appends to effects (struct
 * ddl_effect *, ddl.h) what differs: tables made (with their columns,
 * declared types, NOT NULL, primary key, unique constraints and foreign
 * keys), dropped (SQLITE_DROP_TABLE seen by the authorizer) or renamed
 * (the same root page), columns added, dropped or renamed (a rename keeps
 * the column's place), indexes made or dropped.  A table whose CREATE
 * statement holds what a column record does not carry (CHECK, COLLATE,
 * GENERATED, AUTOINCREMENT) or a column with a default gets columns
 * marked "more": migsql will not write them again.  Returns 1 when both
 * ran; 0, appending nothing, when the text does not run (the check of
 * the step says why).  refused, when not NULL, is cleared, and filled
 * when a statement begins, ends or splits a transaction (its message
 * says so; err->off is the statement's offset; the caller frees
 * message).
 */
int sqlitecheck_ddl(sqlitecheck_loader load, void *ctx, const char *text,
    struct ptrvec *effects, struct sqlitecheck_error *refused);

#endif /* MIGSQL_SQLITECHECK_H */
