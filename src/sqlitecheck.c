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
#include "migsql/ddl.h"
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
	sqlitecheck_loader load;	/* brings a table in, or NULL */
	void		*load_ctx;
	struct strmap	 seen;		/* "t:NAME", "i:NAME": what the
					   database has had: loaded, made,
					   dropped or renamed here (never
					   loaded again); values unused */
};

static int
progress(void *arg)
{
	struct sqlitecheck *c = arg;

	return ++c->calls > CALLS_MAX;
}

static void
seen_put(struct sqlitecheck *c, char kind, const char *name)
{
	char *key;

	if (name == NULL)
		return;
	key = xasprintf("%c:%s", kind, name);
	strmap_put(&c->seen, key, c);
	free(key);
}

static int
seen_has(const struct sqlitecheck *c, char kind, const char *name)
{
	char *key = xasprintf("%c:%s", kind, name);
	int has = strmap_get(&c->seen, key) != NULL;

	free(key);
	return has;
}

/* Notes the tables and indexes a statement makes, drops or alters (the
   authorizer's arguments: SQLite docs, "Authorizer Action Codes"). */
static void
seen_action(struct sqlitecheck *c, int action, const char *a, const char *b)
{
	switch (action) {
	case SQLITE_CREATE_TABLE:
	case SQLITE_DROP_TABLE:
		seen_put(c, 't', a);
		break;
	case SQLITE_ALTER_TABLE:
		seen_put(c, 't', b);
		break;
	case SQLITE_CREATE_INDEX:
	case SQLITE_DROP_INDEX:
		seen_put(c, 'i', a);
		seen_put(c, 't', b);
		break;
	default:
		break;
	}
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

	(void)db;
	(void)trigger;
	seen_action(c, action, a, b);
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
	strmap_free(&c->seen);
	free(c);
}

void
sqlitecheck_set_loader(struct sqlitecheck *c, sqlitecheck_loader load,
    void *ctx)
{
	c->load = load;
	c->load_ctx = ctx;
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
	if (rc == SQLITE_ERROR && strcmp(sqlite3_errmsg(c->db),
	    "not authorized") == 0) {
		/* load_extension(): the library's default refuses it; the
		   DBA's shell may load it. */
		err->budget = 1;
		err->message = xstrdup("the check does not load extensions");
		return;
	}
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

/* Where the error at byte e of text (the piece of op run) is in the
   revision's file: inside the execute's scalar when e falls in its SQL
   as written there, else the op's place. */
static struct loc
error_loc(const struct revision *rev, const struct op *op, const char *text,
    long e)
{
	const struct node *x = op_execute_sql(op, "sqlite");
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

/* The object SQLite's message says is missing ("no such table: main.t"):
   its kind ('t' or 'i') and name into *name (malloc'd), or 0. */
static int
missing_object(const char *message, char **name)
{
	static const char *const heads[] = { "no such table: ",
		"no such index: ", NULL };
	const char *p, *dot;
	size_t i;

	for (i = 0; heads[i] != NULL; i++)
		if (strncmp(message, heads[i], strlen(heads[i])) == 0) {
			p = message + strlen(heads[i]);
			if ((dot = strchr(p, '.')) != NULL &&
			    strncmp(p, "main.", 5) == 0)
				p = dot + 1;
			*name = xstrdup(p);
			return i == 0 ? 't' : 'i';
		}
	return 0;
}

/* Brings the table (or the index's table) called name in from the
   model, once; returns 1 when it did. */
static int
load_missing(struct sqlitecheck *c, int kind, const char *name)
{
	struct strbuf sql = STRBUF_INIT;
	struct sqlitecheck_error e;
	int ok;

	if (c->load == NULL || seen_has(c, (char)kind, name))
		return 0;
	seen_put(c, (char)kind, name);
	if (!c->load(c->load_ctx, name, kind == 'i', &sql)) {
		strbuf_free(&sql);
		return 0;
	}
	{
		int guard = c->guard;

		c->guard = 0;
		ok = sqlitecheck_run(c, strbuf_str(&sql), &e);
		c->guard = guard;
	}
	free(e.message);
	strbuf_free(&sql);
	return ok;
}

static void
report(const struct revision *rev, const struct op *op, const char *text,
    const struct sqlitecheck_error *e, const struct op *opaque_ddl,
    struct diags *d, size_t *errors)
{
	struct loc l = error_loc(rev, op, text, e->at < 0 ? -1 :
	    (long)e->off + e->at);
	char *name = NULL;

	if (e->budget)
		diag_warning(d, &l, "%s: not checked in SQLite's engine: %s",
		    op->def->name, e->message);
	else if (opaque_ddl != NULL && missing_object(e->message, &name) &&
	    op->def->kind != OP_EXECUTE)
		;	/* the model has said so at the op already */
	else if (opaque_ddl != NULL && name != NULL)
		diag_warning(d, &l, "%s: SQLite %s says: %s; assuming the "
		    "execute at %s:%u made it", op->def->name,
		    sqlite3_libversion(), e->message, opaque_ddl->loc.file,
		    opaque_ddl->loc.line);
	else {
		diag_error(d, EXIT_INPUT, &l, "%s: SQLite %s refuses it: %s",
		    op->def->name, sqlite3_libversion(), e->message);
		(*errors)++;
	}
	free(name);
}

size_t
sqlitecheck_feed(struct sqlitecheck *c, const struct revision *rev,
    const struct op *op, const char *text, const struct op *opaque_ddl,
    struct diags *d)
{
	struct sqlitecheck_error e;
	size_t errors = 0, done = 0;
	int tries = 0, kind;
	char *name;

	for (;;) {
		c->guard = 1;
		if (sqlitecheck_run(c, text + done, &e)) {
			c->guard = 0;
			return errors;
		}
		c->guard = 0;
		e.off += done;
		name = NULL;
		kind = missing_object(e.message, &name);
		if (kind != 0 && tries++ < 64 && load_missing(c, kind, name)) {
			/* Again from the statement that failed: it did not
			   run (a statement is all or nothing). */
			done = e.off;
			free(name);
			free(e.message);
			continue;
		}
		free(name);
		report(rev, op, text, &e, opaque_ddl, d, &errors);
		free(e.message);
		return errors;
	}
}

int
sqlitecheck_ensure(struct sqlitecheck *c, const char *table)
{
	return seen_has(c, 't', table) || load_missing(c, 't', table);
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

/* ---- what raw DDL did, read back from the engine ---------------------- */

/* A table as SQLite holds it: its root page survives a rename. */
struct snap_table {
	char		*name;
	long long	 rootpage;
	char		*sql;
	struct ptrvec	 cols;	/* struct ddl_column * */
	int		 strict, without_rowid;	/* its table options */
};

struct snap_index {
	char		*name;
	char		*table;
	int		 unique;
	int		 partial;	/* a WHERE, or an expression */
	struct ptrvec	 cols;	/* char *, NULL for an expression */
};

struct snap {
	struct ptrvec	 tables;	/* struct snap_table * */
	struct ptrvec	 indexes;	/* struct snap_index * */
	struct ptrvec	 triggers;	/* char *: "TABLE\nNAME" */
};

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? xstrdup((const char *)t) : NULL;
}

static void
snap_free(struct snap *s)
{
	size_t i, k;

	for (i = 0; i < s->tables.len; i++) {
		struct snap_table *t = s->tables.items[i];

		for (k = 0; k < t->cols.len; k++) {
			struct ddl_column *c = t->cols.items[k];

			free(c->name);
			free(c->type);
			free(c);
		}
		ptrvec_free(&t->cols);
		free(t->name);
		free(t->sql);
		free(t);
	}
	for (i = 0; i < s->indexes.len; i++) {
		struct snap_index *x = s->indexes.items[i];

		for (k = 0; k < x->cols.len; k++)
			free(x->cols.items[k]);
		ptrvec_free(&x->cols);
		free(x->name);
		free(x->table);
		free(x);
	}
	for (i = 0; i < s->triggers.len; i++)
		free(s->triggers.items[i]);
	ptrvec_free(&s->tables);
	ptrvec_free(&s->indexes);
	ptrvec_free(&s->triggers);
}

/*
 * 1 when a table's CREATE statement holds what a column record does not
 * carry (SQLite docs, CREATE TABLE: CHECK, COLLATE, GENERATED ... AS,
 * AUTOINCREMENT; a default is in the column's record): then migsql
 * cannot write the table again.  A word search: a false hit only makes
 * migsql refuse to rebuild the table.
 */
static int
sql_has_more(const char *sql)
{
	static const char *const words[] = { "check", "collate", "generated",
		"autoincrement", " as ", "as(", NULL };
	char *low = xstrdup(sql ? sql : "");
	size_t i;
	int hit = 0;

	for (i = 0; low[i] != '\0'; i++)
		if (low[i] >= 'A' && low[i] <= 'Z')
			low[i] = (char)(low[i] - 'A' + 'a');
	for (i = 0; words[i] != NULL && !hit; i++)
		hit = strstr(low, words[i]) != NULL;
	free(low);
	return hit;
}

/* The columns of table t (pragma_table_info). */
static int
snap_columns(sqlite3 *db, struct snap_table *t)
{
	sqlite3_stmt *st;
	int more = sql_has_more(t->sql), rc;

	if (sqlite3_prepare_v2(db, "SELECT name, type, \"notnull\", "
	    "dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid", -1,
	    &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ddl_column *c = xcalloc(1, sizeof *c);

		c->name = col_text(st, 0);
		c->type = col_text(st, 1);
		c->primary_key = sqlite3_column_int(st, 4) > 0;
		c->nullable = !sqlite3_column_int(st, 2) && !c->primary_key;
		c->more = more || sqlite3_column_type(st, 3) != SQLITE_NULL ||
		    c->type == NULL || *c->type == '\0';
		ptrvec_push(&t->cols, c);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/*
 * Table t's options, STRICT and WITHOUT ROWID, from pragma_table_list
 * (SQLite 3.37 and later: its columns "strict" and "wr").  An older
 * SQLite has no such pragma, and no STRICT tables: then only WITHOUT
 * ROWID can be there, which a word search of the table's SQL finds (a
 * false hit only keeps the table as WITHOUT ROWID in the model, where
 * SQLite would refuse it without a primary key).
 */
static void
snap_options(sqlite3 *db, struct snap_table *t)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "SELECT \"strict\", wr FROM "
	    "pragma_table_list(?1) WHERE schema = 'main'", -1, &st,
	    NULL) != SQLITE_OK) {
		char *low = xstrdup(t->sql ? t->sql : ""), *p;

		for (p = low; *p != '\0'; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		t->without_rowid = strstr(low, "rowid") != NULL &&
		    strstr(low, "without") != NULL;
		free(low);
		return;
	}
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		t->strict = sqlite3_column_int(st, 0) != 0;
		t->without_rowid = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_finalize(st);
}

/* The columns of index x (pragma_index_info; cid -2: an expression). */
static int
snap_index_cols(sqlite3 *db, struct snap_index *x)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT cid, name FROM "
	    "pragma_index_info(?1) ORDER BY seqno", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, x->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 0) < 0)
			x->partial = 1;
		ptrvec_push(&x->cols, sqlite3_column_int(st, 0) < 0 ? NULL :
		    col_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/* The main schema's tables and the indexes made by CREATE INDEX (those
   of UNIQUE and PRIMARY KEY constraints have no SQL). */
static int
snapshot(sqlite3 *db, struct snap *s)
{
	sqlite3_stmt *st;
	size_t i;
	int rc, ok = 1;

	memset(s, 0, sizeof *s);
	if (sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, rootpage, "
	    "sql FROM main.sqlite_schema WHERE type IN ('table', 'index', "
	    "'trigger') "
	    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql IS NOT NULL "
	    "ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		char *sql = col_text(st, 4);

		if (strcmp(type, "trigger") == 0) {
			ptrvec_push(&s->triggers, xasprintf("%s\n%s",
			    (const char *)sqlite3_column_text(st, 2),
			    (const char *)sqlite3_column_text(st, 1)));
			free(sql);
		} else if (strcmp(type, "table") == 0) {
			struct snap_table *t = xcalloc(1, sizeof *t);

			t->name = col_text(st, 1);
			t->rootpage = sqlite3_column_int64(st, 3);
			t->sql = sql;
			ptrvec_push(&s->tables, t);
		} else {
			struct snap_index *x = xcalloc(1, sizeof *x);

			x->name = col_text(st, 1);
			x->table = col_text(st, 2);
			x->unique = sql != NULL &&
			    strncmp(sql, "CREATE UNIQUE", 13) == 0;
			x->partial = sql_has_more(sql) ||
			    (sql != NULL && strstr(sql, " WHERE ") != NULL);
			free(sql);
			ptrvec_push(&s->indexes, x);
		}
	}
	sqlite3_finalize(st);
	ok = rc == SQLITE_DONE;
	for (i = 0; ok && i < s->tables.len; i++) {
		ok = snap_columns(db, s->tables.items[i]);
		snap_options(db, s->tables.items[i]);
	}
	for (i = 0; ok && i < s->indexes.len; i++)
		ok = snap_index_cols(db, s->indexes.items[i]);
	if (!ok)
		snap_free(s);
	return ok;
}

static struct snap_table *
by_root(const struct snap *s, long long root, const struct ptrvec *dropped)
{
	size_t i, k;

	for (i = 0; i < s->tables.len; i++) {
		struct snap_table *t = s->tables.items[i];

		if (t->rootpage != root)
			continue;
		for (k = 0; k < dropped->len; k++)
			if (strcmp(dropped->items[k], t->name) == 0)
				return NULL;	/* a new table on a freed page */
		return t;
	}
	return NULL;
}

static struct snap_table *
by_name(const struct snap *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->tables.len; i++)
		if (strcmp(((struct snap_table *)s->tables.items[i])->name,
		    name) == 0)
			return s->tables.items[i];
	return NULL;
}

static int
has_col(const struct snap_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->cols.len; i++)
		if (strcmp(((struct ddl_column *)t->cols.items[i])->name,
		    name) == 0)
			return 1;
	return 0;
}

static void
copy_col(struct ddl_column *to, const struct ddl_column *c)
{
	*to = *c;
	to->name = xstrdup(c->name);
	to->type = c->type ? xstrdup(c->type) : NULL;
	to->ref_table = NULL;
	to->ref_column = NULL;
}

static struct ddl_effect *
effect_on(struct ptrvec *out, enum ddl_kind k, const char *table)
{
	struct ddl_effect *e = ddl_effect_new(k, 0);

	e->table = xstrdup(table);
	ptrvec_push(out, e);
	return e;
}

/* The unique constraints and foreign keys of a new table t, as ADD
   CONSTRAINT effects (pragma_index_list origin 'u',
   pragma_foreign_key_list). */
static void
new_table_constraints(sqlite3 *db, const char *t, struct ptrvec *out)
{
	sqlite3_stmt *st;
	struct ddl_effect *e = NULL;
	long long id = -1;

	if (sqlite3_prepare_v2(db, "SELECT il.name, ii.name FROM "
	    "pragma_index_list(?1) AS il, pragma_index_info(il.name) AS ii "
	    "WHERE il.origin = 'u' ORDER BY il.seq, ii.seqno", -1, &st,
	    NULL) == SQLITE_OK) {
		const char *last = NULL;
		char *prev = NULL;

		sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			last = (const char *)sqlite3_column_text(st, 0);
			if (prev == NULL || strcmp(prev, last) != 0) {
				free(prev);
				prev = xstrdup(last);
				e = effect_on(out, DDL_ADD_CONSTRAINT, t);
				e->con_type = DDL_CON_UNIQUE;
				e->names = xcalloc(64, sizeof *e->names);
			}
			if (e->nnames < 64)
				e->names[e->nnames++] = col_text(st, 1);
		}
		free(prev);
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db, "SELECT id, \"table\", \"from\", \"to\" "
	    "FROM pragma_foreign_key_list(?1) ORDER BY id, seq", -1, &st,
	    NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int64(st, 0) != id) {
			id = sqlite3_column_int64(st, 0);
			e = effect_on(out, DDL_ADD_CONSTRAINT, t);
			e->con_type = DDL_CON_FOREIGN_KEY;
			e->ref_table = col_text(st, 1);
			e->names = xcalloc(64, sizeof *e->names);
			e->ref_names = xcalloc(64, sizeof *e->ref_names);
		}
		if (e->nnames < 64) {
			e->names[e->nnames++] = col_text(st, 2);
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				e->ref_names[e->nref++] = col_text(st, 3);
		}
	}
	sqlite3_finalize(st);
}

/* The effects on one table that was there before (b) and after (a). */
static void
table_changes(const struct snap_table *b, const struct snap_table *a,
    struct ptrvec *out)
{
	struct ptrvec gone = PTRVEC_INIT, came = PTRVEC_INIT;
	struct ddl_effect *e;
	size_t i;

	if (strcmp(b->name, a->name) != 0) {
		e = effect_on(out, DDL_RENAME_TABLE, b->name);
		e->new_name = xstrdup(a->name);
	}
	for (i = 0; i < b->cols.len; i++)
		if (!has_col(a, ((struct ddl_column *)b->cols.items[i])->name))
			ptrvec_push(&gone, b->cols.items[i]);
	for (i = 0; i < a->cols.len; i++)
		if (!has_col(b, ((struct ddl_column *)a->cols.items[i])->name))
			ptrvec_push(&came, a->cols.items[i]);
	if (gone.len == 1 && came.len == 1 && a->cols.len == b->cols.len &&
	    ptrvec_index(&a->cols, came.items[0]) ==
	    ptrvec_index(&b->cols, gone.items[0])) {
		/* ALTER TABLE ... RENAME COLUMN keeps the place. */
		e = effect_on(out, DDL_RENAME_COLUMN, a->name);
		e->name = xstrdup(((struct ddl_column *)gone.items[0])->name);
		e->new_name = xstrdup(((struct ddl_column *)came.items[0])->name);
	} else {
		for (i = 0; i < gone.len; i++) {
			e = effect_on(out, DDL_DROP_COLUMN, a->name);
			e->name = xstrdup(((struct ddl_column *)
			    gone.items[i])->name);
		}
		for (i = 0; i < came.len; i++) {
			e = effect_on(out, DDL_ADD_COLUMN, a->name);
			e->cols = xcalloc(1, sizeof *e->cols);
			copy_col(&e->cols[0], came.items[i]);
			e->ncols = 1;
		}
	}
	ptrvec_free(&gone);
	ptrvec_free(&came);
}

static struct snap_index *
index_named(const struct snap *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->indexes.len; i++)
		if (strcmp(((struct snap_index *)s->indexes.items[i])->name,
		    name) == 0)
			return s->indexes.items[i];
	return NULL;
}

/* Effects: what differs between before and after. */
static void
diff(sqlite3 *db, const struct snap *b, const struct snap *a,
    const struct ptrvec *dropped, struct ptrvec *out)
{
	struct ddl_effect *e;
	size_t i, k;

	for (i = 0; i < b->tables.len; i++) {
		const struct snap_table *t = b->tables.items[i];
		const struct snap_table *now = by_root(a, t->rootpage, dropped);

		if (now == NULL)
			effect_on(out, DDL_DROP_TABLE, t->name);
	}
	for (i = 0; i < a->tables.len; i++) {
		const struct snap_table *t = a->tables.items[i];
		const struct snap_table *was = by_root(b, t->rootpage, dropped);

		if (was != NULL) {
			table_changes(was, t, out);
			continue;
		}
		e = effect_on(out, DDL_CREATE_TABLE, t->name);
		e->strict = t->strict;
		e->without_rowid = t->without_rowid;
		e->cols = xcalloc(t->cols.len ? t->cols.len : 1,
		    sizeof *e->cols);
		for (k = 0; k < t->cols.len; k++)
			copy_col(&e->cols[k], t->cols.items[k]);
		e->ncols = t->cols.len;
		new_table_constraints(db, t->name, out);
	}
	for (i = 0; i < b->indexes.len; i++) {
		const struct snap_index *x = b->indexes.items[i];

		if (index_named(a, x->name) == NULL &&
		    by_name(a, x->table) != NULL) {
			e = effect_on(out, DDL_DROP_INDEX, x->table);
			e->name = xstrdup(x->name);
		}
	}
	for (i = 0; i < a->triggers.len; i++) {
		const char *tr = a->triggers.items[i], *nl = strchr(tr, '\n');

		for (k = 0; k < b->triggers.len; k++)
			if (strcmp(b->triggers.items[k], tr) == 0)
				break;
		if (k < b->triggers.len || nl == NULL)
			continue;
		e = ddl_effect_new(DDL_UNTRACKED, 0);
		e->table = xstrndup(tr, (size_t)(nl - tr));
		ptrvec_push(out, e);
	}
	for (i = 0; i < a->indexes.len; i++) {
		const struct snap_index *x = a->indexes.items[i];

		if (index_named(b, x->name) != NULL)
			continue;
		e = effect_on(out, DDL_CREATE_INDEX, x->table);
		e->name = xstrdup(x->name);
		e->unique = x->unique;
		e->shape_unknown = x->partial;
		e->names = xcalloc(x->cols.len ? x->cols.len : 1,
		    sizeof *e->names);
		for (k = 0; k < x->cols.len; k++)
			e->names[k] = x->cols.items[k] ?
			    xstrdup(x->cols.items[k]) : NULL;
		e->nnames = x->cols.len;
	}
}

/* Records the tables a statement drops (SQLITE_DROP_TABLE). */
static int
note_drops(void *arg, int action, const char *a, const char *b,
    const char *db, const char *trigger)
{
	struct ptrvec *dropped = arg;

	(void)b;
	(void)trigger;
	if (action == SQLITE_ATTACH || action == SQLITE_DETACH ||
	    action == SQLITE_TRANSACTION || action == SQLITE_SAVEPOINT)
		return SQLITE_DENY;
	if (action == SQLITE_DROP_TABLE && a != NULL &&
	    (db == NULL || strcmp(db, "main") == 0))
		ptrvec_push(dropped, xstrdup(a));
	return SQLITE_OK;
}

/*
 * Runs text with lazy loading and no reports; appends to names (char *,
 * malloc'd) what it brought in: 't' or 'i' (a table, or an index whose
 * table) then the name.  Returns 1 when every statement ran.
 */
static int
needed_tables(sqlitecheck_loader load, void *ctx, const char *text,
    struct ptrvec *names, struct sqlitecheck_error *refused)
{
	struct sqlitecheck *c = sqlitecheck_open();
	struct sqlitecheck_error e;
	size_t done = 0;
	int tries = 0, kind, ok = 0;
	char *name;

	if (c == NULL)
		return 0;
	sqlitecheck_set_loader(c, load, ctx);
	for (;;) {
		c->guard = 1;
		if (sqlitecheck_run(c, text + done, &e)) {
			ok = 1;
			break;
		}
		e.off += done;
		name = NULL;
		kind = missing_object(e.message, &name);
		if (kind == 0 && !e.budget && c->denied[0] != '\0' &&
		    strcmp(c->denied, "ATTACH") != 0 && refused != NULL) {
			*refused = e;	/* transaction control */
			free(name);
			break;
		}
		free(e.message);
		if (kind == 0 || tries++ >= 64 || !load_missing(c, kind, name)) {
			free(name);
			break;
		}
		ptrvec_push(names, xasprintf("%c%s", kind, name));
		free(name);
		done = e.off;
	}
	sqlitecheck_close(c);
	return ok;
}

int
sqlitecheck_ddl(sqlitecheck_loader load, void *ctx, const char *text,
    struct ptrvec *effects, struct sqlitecheck_error *refused)
{
	struct sqlitecheck *c = NULL;
	struct ptrvec dropped = PTRVEC_INIT, names = PTRVEC_INIT;
	struct sqlitecheck_error e;
	struct snap before, after;
	size_t i;
	int ok = 0;

	if (refused != NULL)
		memset(refused, 0, sizeof *refused);
	if (!needed_tables(load, ctx, text, &names, refused) ||
	    (c = sqlitecheck_open()) == NULL)
		goto done;
	/* The tables it needs, as the model has them, then a look before
	   and after. */
	for (i = 0; i < names.len; i++) {
		const char *n = names.items[i];
		struct strbuf sql = STRBUF_INIT;

		if (load(ctx, n + 1, n[0] == 'i', &sql)) {
			if (!sqlitecheck_run(c, strbuf_str(&sql), &e)) {
				free(e.message);
				strbuf_free(&sql);
				goto done;
			}
		}
		strbuf_free(&sql);
	}
	if (!snapshot(c->db, &before))
		goto done;
	sqlite3_set_authorizer(c->db, note_drops, &dropped);
	ok = sqlitecheck_run(c, text, &e);
	free(e.message);
	sqlite3_set_authorizer(c->db, authorize, c);
	if (ok && (ok = snapshot(c->db, &after))) {
		diff(c->db, &before, &after, &dropped, effects);
		snap_free(&after);
	}
	snap_free(&before);
done:
	for (i = 0; i < dropped.len; i++)
		free(dropped.items[i]);
	ptrvec_free(&dropped);
	for (i = 0; i < names.len; i++)
		free(names.items[i]);
	ptrvec_free(&names);
	sqlitecheck_close(c);
	return ok;
}
