/* test_sqlitecheck.c -- SQL run through SQLite's engine in memory: what it
 * refuses, and that nothing reaches the disk or runs forever. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migsql/sqlitecheck.h"

#include "helpers.h"

TestSuite(sqlitecheck, .fini = helpers_fini);

/* Runs sql in a fresh database; returns the error message or NULL. */
static char *
run(const char *sql, struct sqlitecheck_error *e)
{
	struct sqlitecheck *db = sqlitecheck_open();

	cr_assert(db != NULL);
	if (sqlitecheck_run(db, sql, e)) {
		sqlitecheck_close(db);
		return NULL;
	}
	sqlitecheck_close(db);
	return e->message;
}

Test(sqlitecheck, refuses_what_sqlite_refuses)
{
	struct sqlitecheck_error e;
	char *m;
	const char *sql = "CREATE TABLE t (a integer);\nUPDATE t SET b = 1";

	m = run(sql, &e);
	cr_assert(m != NULL);
	cr_expect_str_eq(m, "no such column: b");
	cr_expect_eq(e.off, strlen("CREATE TABLE t (a integer);"),
	    "the failing statement starts after the first ';'");
	cr_expect(!e.budget);
	free(m);
	m = run("SELEC 1", &e);
	cr_assert(m != NULL);
	cr_expect(strstr(m, "syntax error") != NULL);
	free(m);
	cr_expect(run("CREATE TABLE t (a); INSERT INTO t SELECT 1; "
	    "UPDATE t SET a = a + 1; SELECT * FROM temp.migsql_check", &e) ==
	    NULL, "valid statements run, and the rebuild check's temp table "
	    "is there");
}

Test(sqlitecheck, mark_and_back)
{
	struct sqlitecheck *db = sqlitecheck_open();
	struct sqlitecheck_error e;

	cr_assert(db != NULL);
	/* Outside a step (sqlitecheck_mark) savepoints are the check's. */
	cr_expect(sqlitecheck_mark(db));
	cr_expect(sqlitecheck_run(db, "CREATE TABLE t (a)", &e));
	cr_expect(sqlitecheck_back(db));
	cr_expect(sqlitecheck_run(db, "CREATE TABLE t (a)", &e),
	    "the table made after the mark was taken back");
	sqlitecheck_close(db);
}

Test(sqlitecheck, nothing_on_disk)
{
	struct sqlitecheck_error e;
	char path[] = "/tmp/migsql-sqlitecheck-XXXXXX";
	char *m, *sql;
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	close(fd);
	unlink(path);
	sql = malloc(strlen(path) + 64);
	sprintf(sql, "CREATE TABLE t (a); VACUUM INTO '%s'", path);
	m = run(sql, &e);
	cr_expect(m != NULL && e.budget, "VACUUM INTO is not run");
	cr_expect(access(path, F_OK) != 0, "no file was written");
	free(m);
	sprintf(sql, "ATTACH '%s' AS x", path);
	m = run(sql, &e);
	cr_expect(m != NULL && e.budget, "ATTACH is not run");
	cr_expect(access(path, F_OK) != 0, "no file was written");
	free(m);
	m = run("SELECT load_extension('/nonexistent.so')", &e);
	cr_expect(m != NULL && e.budget, "extensions are not loaded: not checked");
	free(m);
	free(sql);
}

Test(sqlitecheck, a_query_that_runs_on_stops)
{
	struct sqlitecheck_error e;
	char *m = run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
	    "FROM c) SELECT count(*) FROM c", &e);

	cr_assert(m != NULL);
	cr_expect(e.budget, "out of budget, not SQLite's verdict: %s", m);
	free(m);
}
