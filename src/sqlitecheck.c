/*
 * sqlitecheck.c -- SQL run through SQLite's own engine, in memory
 * (sqlitecheck.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "migsql/client.h"
#include "migsql/render.h"
#include "migsql/sqlcheck.h"
#include "migsql/sqlitecheck.h"
#include "migsql/util.h"

/* Virtual machine steps per progress callback, and callbacks per
   statement: about 10^8 steps, a few seconds at most. */
#define STEPS_PER_CALL	1000
#define CALLS_MAX	100000
/* SQLite's heap, for the whole process (the check is its only user). */
#define HEAP_MAX	((sqlite3_int64)512 * 1024 * 1024)

struct sqlitecheck {
	sqlite3		*db;
	long		 calls;		/* progress callbacks this statement */
	int		 guard;		/* running a step: no transaction
					   control */
	char		 denied[64];	/* what the authorizer refused last:
					   "COMMIT", "SAVEPOINT", "ATTACH" */
};

static int
progress(void *arg)
{
	struct sqlitecheck *c = arg;

	return ++c->calls > CALLS_MAX;
}

/*
 * Nothing but memory: no ATTACH (VACUUM INTO attaches its file too).
 * While a step runs, no statement that begins, ends or splits a
 * transaction (SQLite's SQLITE_TRANSACTION and SQLITE_SAVEPOINT actions:
 * BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO): in the
 * script it would end the transaction that holds the guard.
 */
static int
authorize(void *arg, int action, const char *a, const char *b,
    const char *db, const char *trigger)
{
	struct sqlitecheck *c = arg;

	(void)b;
	(void)db;
	(void)trigger;
	if (action == SQLITE_ATTACH || action == SQLITE_DETACH) {
		snprintf(c->denied, sizeof c->denied, "ATTACH");
		return SQLITE_DENY;
	}
	if (c->guard && action == SQLITE_TRANSACTION) {
		snprintf(c->denied, sizeof c->denied, "%s", a ? a : "BEGIN");
		return SQLITE_DENY;
	}
	if (c->guard && action == SQLITE_SAVEPOINT) {
		snprintf(c->denied, sizeof c->denied, "%s",
		    a == NULL || strcmp(a, "BEGIN") == 0 ? "SAVEPOINT" :
		    strcmp(a, "RELEASE") == 0 ? "RELEASE" : "ROLLBACK TO");
		return SQLITE_DENY;
	}
	return SQLITE_OK;
}

struct sqlitecheck *
sqlitecheck_open(void)
{
	struct sqlitecheck *c = xcalloc(1, sizeof *c);

	sqlite3_hard_heap_limit64(HEAP_MAX);
	if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	sqlite3_limit(c->db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(c->db, authorize, c);
	sqlite3_progress_handler(c->db, STEPS_PER_CALL, progress, c);
	if (sqlite3_exec(c->db, "CREATE TEMP TABLE migsql_check "
	    "(ok INTEGER NOT NULL)", NULL, NULL, NULL) != SQLITE_OK) {
		sqlitecheck_close(c);
		return NULL;
	}
	return c;
}

void
sqlitecheck_close(struct sqlitecheck *c)
{
	if (c == NULL)
		return;
	sqlite3_close(c->db);
	free(c);
}

/* Fills *err from the database's last error, for the statement that
   starts at off. */
static void
failed(struct sqlitecheck *c, size_t off, int rc, struct sqlitecheck_error *err)
{
	err->off = off;
#ifdef HAVE_SQLITE3_ERROR_OFFSET
	err->at = sqlite3_error_offset(c->db);
#else
	err->at = -1;
#endif
	err->budget = rc == SQLITE_INTERRUPT || (rc == SQLITE_AUTH &&
	    strcmp(c->denied, "ATTACH") == 0);
	if (rc == SQLITE_INTERRUPT)
		err->message = xstrdup("it did not finish within the check's "
		    "budget of steps (a query over no rows that runs on)");
	else if (err->budget)
		err->message = xstrdup("the check does not attach databases");
	else if (rc == SQLITE_AUTH)
		err->message = xasprintf("%s would change the transaction the "
		    "script runs in, and with it the version guard and "
		    "all-or-nothing: take it out (the script begins and "
		    "commits its transactions itself)", c->denied);
	else
		err->message = xstrdup(sqlite3_errmsg(c->db));
}

int
sqlitecheck_run(struct sqlitecheck *c, const char *text,
    struct sqlitecheck_error *err)
{
	const char *p = text, *tail;
	sqlite3_stmt *st;
	int rc;

	memset(err, 0, sizeof *err);
	c->denied[0] = '\0';
	while (*p != '\0') {
		c->calls = 0;
		st = NULL;
		rc = sqlite3_prepare_v2(c->db, p, -1, &st, &tail);
		if (rc != SQLITE_OK) {
			failed(c, (size_t)(p - text), rc, err);
			sqlite3_finalize(st);
			return 0;
		}
		if (st != NULL) {
			while ((rc = sqlite3_step(st)) == SQLITE_ROW)
				;
			if (rc != SQLITE_DONE) {
				failed(c, (size_t)(p - text), rc, err);
				err->at = -1;
				sqlite3_finalize(st);
				return 0;
			}
			sqlite3_finalize(st);
		}
		if (tail == NULL || tail == p)
			break;
		p = tail;
	}
	return 1;
}

/* The scalar that holds execute op's SQL for SQLite, or NULL. */
static const struct node *
sqlite_execute_node(const struct op *op)
{
	const struct node *x;

	if (op->def->kind != OP_EXECUTE)
		return NULL;
	if (op->args->kind == NODE_SCALAR)
		return op->args;
	x = node_get(op->args, "sqlite");
	if (x == NULL)
		x = node_get(op->args, "sql");
	return node_is_str(x) ? x : NULL;
}

/* Where the error at byte e of text (the piece of op run) is in the
   revision's file: inside the execute's scalar when e falls in its SQL
   as written there, else the op's place. */
static struct loc
error_loc(const struct revision *rev, const struct op *op, const char *text,
    long e)
{
	const struct node *x = sqlite_execute_node(op);
	const char *q;
	size_t len;

	if (x == NULL || e < 0)
		return op->loc;
	len = x->len;
	while (len > 0 && strchr(" \t\r\n", x->text[len - 1]) != NULL)
		len--;
	q = len > 0 ? memmem(text, strlen(text), x->text, len) : NULL;
	if (q == NULL || (size_t)e < (size_t)(q - text) ||
	    (size_t)e >= (size_t)(q - text) + len)
		return op->loc;
	return sqlcheck_loc(rev, x, (size_t)e - (size_t)(q - text));
}

/* 1 when SQLite's message says an object is missing. */
static int
missing_object(const char *message)
{
	return strncmp(message, "no such table", 13) == 0 ||
	    strncmp(message, "no such column", 14) == 0 ||
	    strncmp(message, "no such index", 13) == 0 ||
	    strncmp(message, "no such view", 12) == 0 ||
	    strncmp(message, "no such trigger", 15) == 0;
}

static void
report(const struct revision *rev, const struct op *op, const char *text,
    const struct sqlitecheck_error *e, const struct op *opaque_ddl,
    struct diags *d, size_t *errors)
{
	struct loc l = error_loc(rev, op, text, e->at < 0 ? -1 :
	    (long)e->off + e->at);

	if (e->budget)
		diag_warning(d, &l, "%s: not checked in SQLite's engine: %s",
		    op->def->name, e->message);
	else if (opaque_ddl != NULL && missing_object(e->message))
		diag_warning(d, &l, "%s: SQLite %s says: %s; assuming the "
		    "execute at %s:%u made it", op->def->name,
		    sqlite3_libversion(), e->message, opaque_ddl->loc.file,
		    opaque_ddl->loc.line);
	else {
		diag_error(d, EXIT_INPUT, &l, "%s: SQLite %s refuses it: %s",
		    op->def->name, sqlite3_libversion(), e->message);
		(*errors)++;
	}
}

size_t
sqlitecheck_step(struct sqlitecheck *db, const struct revision *rev,
    const char *step, const struct ptrvec *spans,
    const struct op *opaque_ddl, struct diags *d)
{
	size_t i, errors = 0;

	for (i = 0; i < spans->len; i++) {
		const struct render_span *sp = spans->items[i];
		struct strbuf piece = STRBUF_INIT;
		struct sqlitecheck_error e;
		size_t before = errors;
		int ok;

		strbuf_addn(&piece, step + sp->start, sp->end - sp->start);
		client_unmark(&piece);
		db->guard = 1;
		ok = sqlitecheck_run(db, strbuf_str(&piece), &e);
		db->guard = 0;
		if (!ok)
			report(rev, sp->op, strbuf_str(&piece), &e, opaque_ddl,
			    d, &errors);
		free(e.message);
		strbuf_free(&piece);
		if (errors > before)
			break;
	}
	return errors;
}

int
sqlitecheck_mark(struct sqlitecheck *c)
{
	return sqlite3_exec(c->db, "SAVEPOINT migsql_check_mark", NULL, NULL,
	    NULL) == SQLITE_OK;
}

int
sqlitecheck_back(struct sqlitecheck *c)
{
	return sqlite3_exec(c->db, "ROLLBACK TO migsql_check_mark; "
	    "RELEASE migsql_check_mark", NULL, NULL, NULL) == SQLITE_OK;
}
