/*
 * Unit tests for client.h: SQL snippets as psql and the sqlite3 shell read
 * them, and the whole-script check.  Each refused case names the problem
 * it must find and where; each accepted one is SQL that real chains write.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "migsql/client.h"

struct sql_case {
	enum client_kind	 k;
	enum client_context	 ctx;
	const char		*sql;
	const char		*want;	/* NULL: accepted; else in the message */
	size_t			 off;	/* where, when refused */
};

#define PG CLIENT_PSQL
#define LITE CLIENT_SQLITE3
#define MARIA CLIENT_MARIADB
#define STMT CLIENT_STATEMENTS
#define EXPR CLIENT_EXPRESSION

static const struct sql_case cases[] = {
	/* Accepted: what migrations write. */
	{ PG, STMT, "UPDATE users SET name = 'it''s' WHERE id = 1", NULL, 0 },
	{ PG, STMT, "SELECT 1; SELECT 2;", NULL, 0 },
	{ PG, STMT, "SELECT x::int, y::text FROM t", NULL, 0 },
	{ PG, STMT, "DO $$ BEGIN RAISE NOTICE 'a \\ b'; END $$", NULL, 0 },
	{ PG, STMT, "DO $fn$ BEGIN PERFORM 1; END $fn$;", NULL, 0 },
	{ PG, STMT, "CREATE FUNCTION f() RETURNS int LANGUAGE sql "
	    "BEGIN ATOMIC SELECT 1; SELECT 2; END", NULL, 0 },
	{ PG, STMT, "SELECT E'it\\'s', E'a\\\\'", NULL, 0 },
	{ PG, STMT, "SELECT '^\\d+$' ~ '1'", NULL, 0 },
	{ PG, STMT, "SELECT 1 -- trailing comment", NULL, 0 },
	{ PG, STMT, "/* a /* nested */ comment */ SELECT 1", NULL, 0 },
	{ PG, STMT, "SELECT \"odd \\ name\" FROM t", NULL, 0 },
	{ PG, STMT, "SELECT a[1 : 2], 1e5, 1.5e-3, .5, 1..2 FROM t", NULL, 0 },
	{ PG, STMT, "SELECT $1, U&'d\\0061t'", NULL, 0 },
	{ PG, STMT, "SELECT f(a := 1)", NULL, 0 },
	{ PG, STMT, "SELECT 'a\\b', E'\\' \\x', \"c\\d\", $$ \\! $$, $t$ \\q $t$ "
	    "-- \\!\n/* /* \\i */ \\o */", NULL, 0 },
	{ PG, EXPR, "lower(email)", NULL, 0 },
	{ PG, EXPR, "revoked_at IS NULL AND (a > 0)", NULL, 0 },
	{ PG, EXPR, "x -- note\n", NULL, 0 },
	{ LITE, STMT, "UPDATE t SET a = 'x;y' WHERE [odd name] = 1", NULL, 0 },
	{ LITE, STMT, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
	    "UPDATE t SET a = 1; END", NULL, 0 },
	{ LITE, STMT, "SELECT 'a\n.shell x'", "sqlite3 would run '.shell'", 10 },
	{ LITE, EXPR, "length(name) > 0", NULL, 0 },
	{ LITE, STMT, "SELECT 1 -- done", NULL, 0 },

	/* psql: a client command outside quotes. */
	{ PG, STMT, "SELECT 1;\n\\! touch PWNED", "psql would run '\\!'", 10 },
	{ PG, STMT, "SELECT 1 \\gset", "psql would run '\\gset'", 9 },
	{ PG, STMT, "SELECT 1\\;SELECT 2", "psql would run '\\;SELECT'", 8 },
	{ PG, STMT, "SELECT a$b$ \\! x", "psql would run '\\!'", 12 },
	{ PG, STMT, "SELECT 1e--'\n\\! x", "'1e-' is a number run into", 7 },
	{ PG, STMT, "SELECT 1x$$ a", "'1x$$' is a number run into", 7 },
	/* psql: what stays open. */
	{ PG, STMT, "SELECT 'abc", "ends inside a string literal", 7 },
	{ PG, STMT, "SELECT \"abc", "ends inside a quoted identifier", 7 },
	{ PG, STMT, "SELECT $$abc", "ends inside a dollar-quoted", 7 },
	{ PG, STMT, "SELECT $tag$abc $$ $tag", "ends inside a dollar-quoted", 7 },
	{ PG, STMT, "SELECT /* a /* b */ c", "ends inside a /* comment", 7 },
	{ PG, STMT, "SELECT E'abc\\'", "ends inside a string literal", 7 },
	{ PG, STMT, "SELECT 'a'\n'b", "ends inside a string literal", 11 },
	/* psql reads a script a line at a time: no string continues on
	   the next line, so the quote before the backslash closes it. */
	{ PG, STMT, "SELECT E'x'\n'\\''", "backslash right before a quote",
	    13 },
	{ PG, STMT, "SELECT (1", "parenthesis open", 9 },
	{ PG, STMT, "SELECT 1)", "closes a parenthesis", 8 },
	{ PG, STMT, "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC "
	    "SELECT 1;", "BEGIN ATOMIC", 67 },
	/* psql: COPY from the script itself. */
	{ PG, STMT, "COPY t FROM STDIN", "COPY ... FROM STDIN", 12 },
	{ PG, STMT, "copy/**/t (s) from/**/stdin with (format csv);",
	    "COPY ... FROM STDIN", 22 },
	{ PG, STMT, "SELECT 1; COPY t FROM stdin;", "COPY ... FROM STDIN", 22 },
	{ PG, STMT, "COPY t FROM '/srv/x.csv'; SELECT stdin FROM t", NULL, 0 },
	/* psql: variables. */
	{ PG, STMT, "INSERT INTO t VALUES (:'DBNAME')", "replace ':'DBNAME''",
	    22 },
	{ PG, STMT, "SELECT :'x y'", "replace ':''", 7 },
	{ PG, STMT, "SELECT :foo", "replace ':foo'", 7 },
	{ PG, STMT, "SELECT :\"x\"", "replace ':\"x\"'", 7 },
	{ PG, STMT, "SELECT a[1:2]", "replace ':2'", 10 },
	/* psql: readings that depend on a setting or a version. */
	{ PG, STMT, "SELECT 'C:\\'", "backslash right before a quote", 10 },
	{ PG, STMT, "SELECT 'C:\\\\\\'", "backslash right before a quote", 12 },
	{ PG, STMT, "SELECT 'C:\\\\', 'a\\\\''b'", NULL, 0 },
	{ PG, STMT, "SELECT $1e'x'", "number run into letters", 7 },
	{ PG, STMT, "SELECT 1x$$", "number run into letters", 7 },
	{ PG, STMT, "SET standard_conforming_strings = off",
	    "standard_conforming_strings changes", 4 },
	{ PG, STMT, "SELECT set_config('client_encoding', 'SJIS', false)",
	    "client_encoding changes", 19 },
	{ PG, STMT, "RESET  ALL", "RESET ALL", 0 },
	/* Expressions. */
	{ PG, EXPR, "a = 1; DROP TABLE users", "';' would end", 5 },
	{ PG, EXPR, "a = 1 -- note", "ends inside a -- comment", 13 },
	{ LITE, EXPR, "a = 1 -- note", "ends inside a -- comment", 13 },
	{ LITE, EXPR, "(a = 1", "parenthesis open", 6 },
	/* sqlite3. */
	{ LITE, STMT, "SELECT 1;\n.shell touch PWNED", "sqlite3 would run '.shell'",
	    10 },
	{ LITE, STMT, "SELECT 'abc", "ends inside a string literal", 7 },
	{ LITE, STMT, "SELECT [abc", "ends inside a quoted identifier", 7 },
	{ LITE, STMT, "SELECT `abc", "ends inside a quoted identifier", 7 },
	{ LITE, STMT, "UPDATE t SET a = 1\n/\nWHERE id = 2", "'go' or '/'", 19 },
	{ LITE, STMT, "SELECT 1\n  GO  \n", "'go' or '/'", 9 },
	{ LITE, STMT, "SELECT :x", "bind ':x'", 7 },
	{ LITE, STMT, "SELECT ?1, 2", "bind '?1'", 7 },
	{ LITE, STMT, "SELECT $abc", "bind '$abc'", 7 },
	{ LITE, STMT, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET "
	    "a = 1;", "would not see the end", 61 },
	{ LITE, STMT, "SELECT 1;\nSELECT 2 \\! x", "psql would run '\\!'", 19 },
	/* The shell drops the white space that starts a statement, \v too,
	   which sqlite3_complete() does not take for white space; and a
	   line that starts with '#'. */
	{ LITE, STMT, "\vCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1",
	    "would not see the end", 51 },
	{ LITE, STMT, "#\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1",
	    "'#'", 0 },
	/* Read by psql, sqlite3 SQL must not leave a quote open either. */
	{ LITE, STMT, "SELECT E'a\\'", "psql would read a string literal", 7 },
	{ LITE, STMT, "SELECT :'a' \\! touch PWNED", "psql would run '\\!'", 12 },
	{ PG, STMT, "SELECT 1;\n.shell x", "sqlite3 dot-command", 10 },
	/* psql: a line another client encoding reads differently, after a
	   statement that ends on its first line (no reset can go between). */
	{ PG, STMT, "SELECT 1; SELECT 'x\n\xe3\x81\x81'", "another client "
	    "encoding", 20 },
	{ PG, STMT, "SELECT 1; SELECT '\xe3\x81\x81\n'", NULL, 0 },
	/* The ';' migsql adds is the byte BIG5 would take. */
	{ PG, STMT, "UPDATE t SET a = 1; SELECT *\nFROM \xe8\xa1\xa8",
	    "another client encoding", 29 },
	{ PG, STMT, "SELECT 1;\nSELECT '\xe3\x81\x81';", NULL, 0 },
	{ PG, STMT, "SELECT '\xe3\x81\x81\n'; SELECT 2", NULL, 0 },
	/* Either: bidirectional controls. */
	{ PG, STMT, "SELECT 'a\xe2\x80\xae'", "U+202E", 9 },
	{ LITE, EXPR, "x \xe2\x81\xa6= 1", "U+2066", 2 },
	/* mariadb: accepted, what MariaDB migrations write. */
	/* The client drops a CR at a line's end, in a string too. */
	{ MARIA, STMT, "INSERT INTO t VALUES ('a\r\nb')", "carriage return",
	    24 },
	{ MARIA, STMT, "UPDATE t SET a = CASE WHEN b > 1 THEN 'x' ELSE 'y' END "
	    "WHERE id = 1", NULL, 0 },
	{ MARIA, STMT, "INSERT INTO `odd name` (`a`) VALUES ('it''s', "
	    "\"say \"\"hi\"\"\")", NULL, 0 },
	{ MARIA, STMT, "UPDATE t SET a = 1,\n  status = 2,\n  `use` = 3 "
	    "WHERE id = 1", NULL, 0 },
	{ MARIA, STMT, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW\n"
	    "BEGIN\n  IF NEW.a > 1 THEN\n    SET NEW.a = 1;\n  END IF;\nEND",
	    NULL, 0 },
	{ MARIA, STMT, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW "
	    "IF NEW.a IS NULL THEN SET NEW.a = 0; END IF", NULL, 0 },
	{ MARIA, STMT, "SELECT IF(x, 1, 2), REPEAT('a', 3) FROM t; "
	    "DROP TABLE IF EXISTS t; CREATE TABLE IF NOT EXISTS u (a INT)",
	    NULL, 0 },
	{ MARIA, STMT, "SELECT 1; -- note\n# another\nSELECT 'a\\nb', "
	    "'a\\\\', 'C:\\\\\\\\'", NULL, 0 },
	{ MARIA, STMT, "BEGIN; UPDATE t SET a = 1; COMMIT", NULL, 0 },
	{ MARIA, STMT, "SELECT '$$', `$$`, \"\\\\$$\" /* $$ */", NULL, 0 },
	{ MARIA, STMT, "SELECT 1 # \\! ls\n-- \\! ls\n/* \\! ls */", NULL, 0 },
	{ MARIA, EXPR, "lower(`email`)", NULL, 0 },
	{ MARIA, EXPR, "x -- note\n", NULL, 0 },
	/* mariadb: client commands. */
	{ MARIA, STMT, "SELECT 1;\n\\! ls", "would run '\\!' as a client "
	    "command", 10 },
	{ MARIA, STMT, "SELECT 1 \\g", "would run '\\g'", 9 },
	{ MARIA, STMT, "SELECT \\N", "would run '\\N'", 7 },
	{ MARIA, STMT, "SELECT 1;\nsystem ls", "would run 'system ls' as its "
	    "own command", 10 },
	{ MARIA, STMT, "SELECT 1;\n  SOURCE /etc/passwd", "would run 'SOURCE "
	    "/etc/passwd'", 12 },
	{ MARIA, STMT, "SELECT 1;\ndelimiter //", "would run 'delimiter //'",
	    10 },
	{ MARIA, STMT, "UPDATE t SET a = 1,\nsource = 2", "would run 'source",
	    20 },
	{ MARIA, STMT, "SELECT 1;\nstatus", "would run 'status'", 10 },
	{ MARIA, STMT, "END$$\nsystem id", "'$$' would end the frame's "
	    "compound", 3 },
	{ MARIA, STMT, "SELECT $$", "'$$' would end", 7 },
	{ MARIA, STMT, "SELECT /*! \\! id */ 1", "executable comment", 7 },
	{ MARIA, STMT, "SELECT /*M!100000 1 */", "executable comment", 7 },
	{ MARIA, STMT, "SELECT 'a\\''", "backslash right before the quote", 9 },
	{ MARIA, STMT, "SELECT \"a\\\\\\\"\"", "backslash right before the "
	    "quote", 9 },
	{ MARIA, STMT, "SELECT 'abc", "ends inside a string literal", 7 },
	{ MARIA, STMT, "SELECT `abc", "ends inside a `quoted identifier`", 7 },
	{ MARIA, STMT, "SELECT \"abc", "ends inside a \"...\" string", 7 },
	{ MARIA, STMT, "SELECT 1 /* abc", "ends inside a /* comment", 9 },
	/* "--x" is no comment where a statement is pending, as in the
	   frame's compound (found by the sql fuzz target). */
	{ MARIA, EXPR, "--x `\n", "ends inside a `quoted identifier`", 4 },
	{ MARIA, EXPR, "x = 1 OR BEGIN", "this block is not closed", 9 },
	{ MARIA, STMT, "SELECT (1", "parenthesis open", 9 },
	{ MARIA, STMT, "SELECT 1)", "closes a parenthesis", 8 },
	{ MARIA, STMT, "END IF; END; DROP TABLE x; BEGIN NOT ATOMIC IF 1 THEN "
	    "SELECT 1", "this END closes a block that this SQL did not open",
	    0 },
	{ MARIA, STMT, "BEGIN NOT ATOMIC SELECT 1; END IF", "does not close "
	    "the block", 27 },
	{ MARIA, STMT, "CREATE PROCEDURE p() BEGIN SELECT 1;", "this block is "
	    "not closed", 21 },
	{ MARIA, STMT, "SET SESSION sql_mode = 'ANSI_QUOTES'", "sql_mode changes",
	    12 },
	{ MARIA, STMT, "SET @@SQL_MODE = ''", "sql_mode", 6 },
	{ MARIA, STMT, "SET NAMES sjis", "SET NAMES changes", 0 },
	{ MARIA, STMT, "set  character\nset sjis", "SET CHARACTER SET", 0 },
	{ MARIA, STMT, "SELECT 'character_set_client'", "character_set_client",
	    8 },
	{ MARIA, EXPR, "a = 1; DROP TABLE t", "';' would end", 5 },
	{ MARIA, EXPR, "a = 1 -- note", "ends inside a -- comment", 13 },
	{ MARIA, EXPR, "a = 1 # note", "ends inside a -- comment", 12 },
	{ MARIA, STMT, "SELECT 1;\n.shell x", "sqlite3 dot-command", 10 },
	{ MARIA, STMT, "SELECT '\xe2\x80\xae'", "U+202E", 8 },
};

Test(client, snippets)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct sql_case *c = &cases[i];
		struct client_problem p = { 0, 0, 0, NULL, 0 };
		struct client_sql_shape shape;
		int ok = client_check_sql(c->k, c->sql, c->ctx, &shape, &p);

		if (c->want == NULL) {
			cr_expect(ok, "%s refused [%s]: %s", client_name(c->k),
			    c->sql, p.message);
		} else if (!ok) {
			cr_expect(strstr(p.message, c->want) != NULL,
			    "[%s]: '%s' not in: %s", c->sql, c->want,
			    p.message);
			cr_expect_eq(p.off, c->off, "[%s]: at %zu, not %zu: %s",
			    c->sql, p.off, c->off, p.message);
		} else
			cr_expect(!ok, "%s accepted [%s]", client_name(c->k),
			    c->sql);
		client_problem_free(&p);
	}
}

Test(client, shape_of_a_clean_snippet)
{
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	struct client_sql_shape s;

	cr_assert(client_check_sql(PG, "SELECT 1; -- x", STMT, &s, &p));
	cr_assert(s.ends_in_line_comment && s.ends_with_semicolon);
	cr_assert(client_check_sql(PG, "SELECT 1 -- x;", STMT, &s, &p));
	cr_assert(s.ends_in_line_comment && !s.ends_with_semicolon);
	cr_assert(client_check_sql(PG, "SELECT 1;\n", STMT, &s, &p));
	cr_assert(!s.ends_in_line_comment && s.ends_with_semicolon);
	cr_assert(client_check_sql(PG, "SELECT '--'", STMT, &s, &p));
	cr_assert(!s.ends_in_line_comment && !s.ends_with_semicolon);
	cr_assert(client_check_sql(LITE, "SELECT 1; -- x", STMT, &s, &p));
	cr_assert(s.ends_in_line_comment);
	cr_assert(client_check_sql(LITE, "SELECT '--';", STMT, &s, &p));
	cr_assert(!s.ends_in_line_comment && s.ends_with_semicolon);
}

Test(client, problem_line_and_column)
{
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	cr_assert(!client_check_sql(PG, "SELECT 1;\n  SELECT 'x", STMT, NULL,
	    &p));
	cr_assert_eq(p.line, 2);
	cr_assert_eq(p.col, 10);
	client_problem_free(&p);
}

Test(client, directives)
{
	static const char *const ok_pg[] = {
		"\\set ON_ERROR_STOP on", "\\encoding UTF8", "\\gset",
		"\\if :migsql_run", "\\else", "\\endif", "\\set migsql_resume off",
		"\\unset migsql_x",
	};
	static const char *const no_pg[] = {
		"\\! touch x", "\\i /etc/passwd", "\\set ON_ERROR_STOP off",
		"\\set AUTOCOMMIT off", "\\set migsql_x `touch y`", "\\o /tmp/x",
		"\\g /tmp/x", "\\if :DBNAME", "\\encoding SJIS", "\\gset x y",
		"\\set migsql_x 'a'", "\\copy t from x",
	};
	static const char *const ok_lite[] = { ".bail on", ".timeout 10000" };
	static const char *const no_lite[] = {
		".shell touch x", ".system x", ".bail off", ".timeout 1e3",
		".read x", ".output /tmp/x", ".timeout", ". bail on",
	};
	size_t i;

	for (i = 0; i < sizeof ok_pg / sizeof *ok_pg; i++)
		cr_assert_null(client_directive_refused(PG, ok_pg[i], 1), "%s",
		    ok_pg[i]);
	for (i = 0; i < sizeof no_pg / sizeof *no_pg; i++)
		cr_assert_not_null(client_directive_refused(PG, no_pg[i], 1),
		    "%s", no_pg[i]);
	for (i = 0; i < sizeof ok_lite / sizeof *ok_lite; i++)
		cr_assert_null(client_directive_refused(LITE, ok_lite[i], 1),
		    "%s", ok_lite[i]);
	for (i = 0; i < sizeof no_lite / sizeof *no_lite; i++)
		cr_assert_not_null(client_directive_refused(LITE, no_lite[i], 1),
		    "%s", no_lite[i]);
	/* A template's arguments hold placeholders: the name only. */
	cr_assert_null(client_directive_refused(LITE, ".timeout  x ", 0));
	cr_assert_not_null(client_directive_refused(LITE, ".shell  x ", 0));
}

/* Appends script to sb with its marks written @D, @S and @R<n>;. */
static void
marked(const char *script, struct strbuf *sb)
{
	const char *s;

	strbuf_reset(sb);
	for (s = script; *s != '\0'; s++)
		if (*s == '@' && (s[1] == 'D' || s[1] == 'S' || s[1] == 'R'))
			strbuf_addc(sb, CLIENT_MARK);
		else
			strbuf_addc(sb, *s);
}

/* script: a rendered script with marks written as @D, @S and @R<n>;. */
static int
check(enum client_kind k, const char *script, char **msg)
{
	struct strbuf sb = STRBUF_INIT;
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	static const char *const steps[] = { "upgrade a1", "upgrade a2" };
	int ok;

	marked(script, &sb);
	ok = client_check_script(k, &sb, steps, 2, "\\encoding UTF8", &p);
	*msg = p.message;
	if (ok)
		cr_assert(memchr(sb.buf, CLIENT_MARK, sb.len) == NULL);
	strbuf_free(&sb);
	return ok;
}

Test(client, script_accepts_its_frame)
{
	char *msg;

	cr_assert(check(PG, "@S@D\\set ON_ERROR_STOP on\n@D\\encoding UTF8\n"
	    "@S-- header\nBEGIN;\n@R0;@S-- Running\n@SSELECT 1 AS migsql_run "
	    "@D\\gset\n@D\\if :migsql_run\n@SSELECT 'a;b';\n@D\\endif\n"
	    "@SCOMMIT;\n", &msg), "%s", msg);
	cr_assert(check(LITE, "@S-- header\n@D.bail on\n@D.timeout 10000\n"
	    "@SBEGIN IMMEDIATE;\n@SCREATE TRIGGER x BEGIN\n  SELECT 1;\nEND;\n"
	    "@SINSERT INTO t VALUES ('a\n.shell x');\n@SCOMMIT;\n", &msg),
	    "%s", msg);
}

Test(client, script_refuses_what_the_frame_did_not_write)
{
	char *msg = NULL;

	/* The first variant: an open quote, then \! in a literal. */
	cr_assert(!check(PG, "@S@D\\set ON_ERROR_STOP on\n@R0;@SSELECT 'abc;\n"
	    "@SSELECT ' \\! touch PWNED #';\n", &msg));
	cr_assert(strstr(msg, "a statement of the frame starts here while "
	    "psql reads a string literal (in the step upgrade a1)") != NULL,
	    "%s", msg);
	free(msg);
	/* A directive without its mark. */
	cr_assert(!check(PG, "@SSELECT 1;\n\\! touch PWNED\n", &msg));
	cr_assert(strstr(msg, "psql would run '\\! touch PWNED'") != NULL,
	    "%s", msg);
	free(msg);
	/* A marked directive that is not allowed. */
	cr_assert(!check(PG, "@D\\set ON_ERROR_STOP off\n", &msg));
	cr_assert(strstr(msg, "refused") != NULL, "%s", msg);
	free(msg);
	/* A variable. */
	cr_assert(!check(PG, "@SSELECT :'DBNAME';\n", &msg));
	free(msg);
	/* Only off: a backslash before a quote in a standard string. */
	cr_assert(!check(PG, "@SSELECT 'a\\';\n@SSELECT ' \\! x ';\n", &msg));
	free(msg);
	/* A dot-command for sqlite3 in a psql script. */
	cr_assert(!check(PG, "@SSELECT 1;\n.shell touch PWNED\n;\n", &msg));
	cr_assert(strstr(msg, "sqlite3 would run '.shell touch PWNED'") != NULL,
	    "%s", msg);
	free(msg);
	/* sqlite3: a dot line at a statement boundary. */
	cr_assert(!check(LITE, "@SSELECT 'a;\n@SSELECT 1;\n.shell x\n';\n",
	    &msg));
	free(msg);
	cr_assert(!check(LITE, "@SSELECT 1;\n.shell touch PWNED\n", &msg));
	cr_assert(strstr(msg, "sqlite3 would run '.shell touch PWNED'") != NULL,
	    "%s", msg);
	free(msg);
	/* psql meta-command in a sqlite3 script. */
	cr_assert(!check(LITE, "@SSELECT 1;\n\\! touch PWNED\n", &msg));
	free(msg);
	/* Not UTF-8; a stray 0xFF. */
	cr_assert(!check(PG, "@SSELECT '\xc3';\n", &msg));
	cr_assert(strstr(msg, "not UTF-8") != NULL, "%s", msg);
	free(msg);
	cr_assert(!check(PG, "@SSELECT 1;\n\xff", &msg));
	free(msg);
	/* The end inside a statement. */
	cr_assert(!check(LITE, "@SSELECT 1\n", &msg));
	free(msg);
	cr_assert(!check(PG, "@SSELECT 1\n", &msg));
	free(msg);
}

/*
 * A statement may set psql's client encoding (here by a computed name);
 * psql then reads the next lines in it, and in SJIS the last byte of
 * U+3041 (E3 81 81) takes the quote after it.  The check writes the
 * reset line before the statement that holds the text, and before a
 * branch; without a reset line to write, it refuses the script.
 */
Test(client, script_sets_the_encoding_back)
{
	const char *script = "@S@D\\set ON_ERROR_STOP on\n@SSELECT "
	    "set_config('client_' || 'encoding', 'SJIS', false);\n"
	    "@SSELECT '\xe3\x81\x81';\n@SSELECT 'x \\! touch PWNED #';\n"
	    "@SSELECT 1 AS migsql_run @D\\gset\n@D\\if :migsql_run\n"
	    "@SSELECT 'caf\xc3\xa9';\n@D\\endif\n";
	struct strbuf sb = STRBUF_INIT;
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	marked(script, &sb);
	cr_assert(client_check_script(PG, &sb, NULL, 0, "\\encoding UTF8",
	    &p), "%s", p.message);
	cr_assert_str_eq(sb.buf, "\\set ON_ERROR_STOP on\nSELECT "
	    "set_config('client_' || 'encoding', 'SJIS', false);\n"
	    "\\encoding UTF8\nSELECT '\xe3\x81\x81';\n"
	    "SELECT 'x \\! touch PWNED #';\nSELECT 1 AS migsql_run \\gset\n"
	    "\\encoding UTF8\n\\if :migsql_run\nSELECT 'caf\xc3\xa9';\n"
	    "\\endif\n");
	marked(script, &sb);
	cr_assert(!client_check_script(PG, &sb, NULL, 0, NULL, &p));
	cr_assert(strstr(p.message, "another client encoding") != NULL, "%s",
	    p.message);
	cr_assert_eq(p.line, 3);
	client_problem_free(&p);
	strbuf_free(&sb);
}

/*
 * A comment between statements that runs onto the line with the text: the
 * reset goes before the comment, not before the statement before it
 * (which would run after the reset and may set the encoding again).  Found
 * by the sql fuzz target: the snippet check accepted such a snippet and
 * the whole-script check refused it.
 */
Test(client, reset_before_a_comment_between_statements)
{
	const char *script = "@S@D\\set ON_ERROR_STOP on\n@SSELECT "
	    "set_config('client_' || 'encoding', 'SJIS', false);\n"
	    "@S/* a /* nested\nb */ c\r\nd */ SELECT 1 AS x\xc2\xa0;\n";
	struct strbuf sb = STRBUF_INIT;
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	marked(script, &sb);
	cr_assert(client_check_script(PG, &sb, NULL, 0, "\\encoding UTF8",
	    &p), "%s", p.message);
	cr_assert_str_eq(sb.buf, "\\set ON_ERROR_STOP on\nSELECT "
	    "set_config('client_' || 'encoding', 'SJIS', false);\n"
	    "\\encoding UTF8\n/* a /* nested\nb */ c\r\nd */ SELECT 1 AS "
	    "x\xc2\xa0;\n");
	cr_assert(client_check_sql(PG, "/* a /* nested\nb */ c\r\nd */ "
	    "SELECT 1 AS x\xc2\xa0", CLIENT_STATEMENTS, NULL, &p), "%s",
	    p.message);
	client_problem_free(&p);
	strbuf_free(&sb);
}

Test(client, templates)
{
	struct client_command *cmds = NULL;
	size_t n = 0;
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	/* Placeholders stand as one space (tpl_flatten). */
	cr_assert(client_scan_template(PG, "\\set ON_ERROR_STOP on\n \n"
	    "SELECT   AS migsql_run \\gset\n\\if :migsql_run\n \n\\endif\n",
	    CLIENT_TPL_STATEMENT, &cmds, &n, &p), "%s", p.message);
	cr_assert_eq(n, 4);
	cr_assert(cmds[0].allowed && cmds[1].allowed && cmds[2].allowed &&
	    cmds[3].allowed);
	cr_assert_eq(cmds[1].off, 47);
	free(cmds);
	cmds = NULL;
	n = 0;
	/* A statement the template leaves without its ';'. */
	cr_assert(!client_scan_template(PG, "COMMIT", CLIENT_TPL_STATEMENT,
	    &cmds, &n, &p));
	cr_assert(!client_scan_template(LITE, "DROP TABLE  ", CLIENT_TPL_STATEMENT,
	    &cmds, &n, &p));
	client_problem_free(&p);
	free(cmds);
	cmds = NULL;
	n = 0;
	cr_assert(client_scan_template(PG, "DROP TABLE  x ;\n\\! rm -rf ~\n", 0,
	    &cmds, &n, &p));
	cr_assert_eq(n, 1);
	cr_assert(!cmds[0].allowed);
	free(cmds);
	cmds = NULL;
	n = 0;
	cr_assert(!client_scan_template(PG, "DROP TABLE ' x ;", 0, &cmds, &n,
	    &p));
	client_problem_free(&p);
	cr_assert(client_scan_template(LITE, "--  x ", CLIENT_TPL_COMMENT, &cmds,
	    &n, &p));
	cr_assert(!client_scan_template(LITE, "--  x ", 0, &cmds, &n, &p));
	client_problem_free(&p);
	cr_assert(client_in_line_comment(PG, "-- x", 3));
	cr_assert(!client_in_line_comment(PG, "'--' x", 4));
	cr_assert(client_in_line_comment(LITE, "SELECT 1 -- x", 12));
	free(cmds);
}

/* A frame as dialects/mariadb.yaml writes it, marks as @D, @S and @R. */
#define MARIA_HEAD "@Dcharset utf8mb4\n@S-- header: caf\xc3\xa9\n" \
	"@SSET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION';\n" \
	"@DDELIMITER $$\n@SBEGIN NOT ATOMIC\n" \
	"  DECLARE migsql_actual TEXT DEFAULT '';\n" \
	"  IF CAST(migsql_actual AS BINARY) = CAST('r1' AS BINARY) THEN\n"
#define MARIA_TAIL "    @SALTER TABLE `alembic_version` COMMENT = 'migsql: " \
	"upgrade r1: 1 of 2 parts applied';\n  ELSEIF 1 THEN\n" \
	"    @SSELECT 'migsql: skipping' AS migsql_note;\n  ELSE\n" \
	"    @SSIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'x';\n  END IF;\n" \
	"END$$\n@DDELIMITER ;\n@SDO RELEASE_LOCK('migsql');\n"

Test(client, mariadb_script_accepts_its_frame)
{
	char *msg = NULL;

	cr_assert(check(MARIA, MARIA_HEAD "    @R0;@SUPDATE t SET a = 'x;y''$$' "
	    "WHERE `b` = \"c\\\\\" -- \\! ls\n    ;\n    @SCREATE TRIGGER tr "
	    "BEFORE INSERT ON t FOR EACH ROW\n    BEGIN\n      SET NEW.a = "
	    "CASE WHEN 1 THEN 2 END;\n    END;\n" MARIA_TAIL, &msg), "%s", msg);
}

Test(client, mariadb_script_refuses_what_the_frame_did_not_write)
{
	static const struct {
		const char *script, *want;
	} scripts[] = {
		/* A directive without its mark. */
		{ "@SSELECT 1;\nDELIMITER $$\n@SSELECT 1$$\n", "mariadb would "
		    "run 'DELIMITER $$'" },
		/* A command line after the compound. */
		{ MARIA_HEAD "    @SSELECT 1;\n" MARIA_TAIL "system id\n",
		    "mariadb would run 'system id'" },
		{ MARIA_HEAD "    @SSELECT 1;\n  END IF;\nEND$$\nsystem id\n$$\n",
		    "mariadb would run 'system id'" },
		/* A statement whose first word is a command name. */
		{ "@S/* c */ system echo x;\n", "mariadb would run 'system" },
		/* A statement mark inside a string. */
		{ "@SSELECT 'abc;\n@SSELECT 1;\n", "reads a string literal" },
		/* Not at a statement boundary. */
		{ "@SSELECT 1\n@SSELECT 2;\n", "reads the statement before it" },
		/* A marked directive that is not allowed. */
		{ "@DDELIMITER //\n", "is refused" },
		{ "@Dsystem id\n", "is refused" },
		/* A backslash command. */
		{ "@SSELECT 1;\n\\! ls\n", "mariadb would run '\\! ls'" },
		/* Only with escapes off, or with ANSI_QUOTES. */
		{ "@SSELECT 'a\\'; \\! ls #';\n", "mariadb would run '\\! ls" },
		{ "@SSELECT \"a\\\"; \\! ls #\";\n", "mariadb would run '\\! ls" },
		/* The compound closes before its last END. */
		{ MARIA_HEAD "    @SEND IF; END; DROP TABLE x; BEGIN NOT ATOMIC "
		    "IF 1 THEN SELECT 1;\n" MARIA_TAIL, "ends here, before its "
		    "last END" },
		/* An executable comment. */
		{ "@SSELECT /*!100000 1 */;\n", "executable comment" },
		/* The end inside a statement. */
		{ "@SSELECT 1\n", "still inside" },
		{ "@DDELIMITER $$\n@SSELECT 1;\n", "still inside" },
		{ "@SSELECT '\xc3';\n", "not UTF-8" },
	};
	size_t i;

	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		char *msg = NULL;

		cr_expect(!check(MARIA, scripts[i].script, &msg), "accepted: %s",
		    scripts[i].script);
		cr_expect(msg != NULL && strstr(msg, scripts[i].want) != NULL,
		    "[%s]: '%s' not in: %s", scripts[i].script, scripts[i].want,
		    msg);
		free(msg);
	}
}

Test(client, mariadb_templates_and_places)
{
	struct client_command *cmds = NULL;
	size_t n = 0, *starts = NULL;
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	const char *frame = "charset utf8mb4\n \nDELIMITER $$\nBEGIN NOT ATOMIC\n"
	    "  IF 1 THEN\n \n  END IF;\nEND$$\nDELIMITER ;\n";
	const char *body = "UPDATE t SET a = 1;\n-- next\nCREATE TRIGGER tr "
	    "BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.a = 1;\nEND;\n"
	    "SELECT 'x;\ny'; SELECT 2;\n/* c */\n";

	cr_assert(client_scan_template(MARIA, frame, 0, &cmds, &n, &p), "%s",
	    p.message);
	cr_assert_eq(n, 3);
	cr_assert(cmds[0].allowed && cmds[1].allowed && cmds[2].allowed);
	cr_assert_eq(cmds[1].off, 18);
	free(cmds);
	cmds = NULL;
	n = 0;
	cr_assert(client_at_boundary(MARIA, frame, 16));
	cr_assert(client_at_boundary(MARIA, frame, 60));
	cr_assert(!client_at_boundary(MARIA, "SELECT 1\n x", 10));
	cr_assert(client_scan_template(MARIA, "DROP TABLE  x ;\nsystem ls\n", 0,
	    &cmds, &n, &p));
	cr_assert_eq(n, 1);
	cr_assert(!cmds[0].allowed);
	cr_assert(!client_scan_template(MARIA, "COMMIT", CLIENT_TPL_STATEMENT,
	    &cmds, &n, &p));
	client_problem_free(&p);
	free(cmds);
	cr_assert(client_in_line_comment(MARIA, "-- x", 3));
	cr_assert(client_in_line_comment(MARIA, "SELECT 1; # x", 12));
	cr_assert(!client_in_line_comment(MARIA, "SELECT 1 --x", 11));
	cr_assert(!client_in_line_comment(MARIA, "'--' x", 4));
	cr_assert_eq(client_statement_starts(MARIA, body, strlen(body),
	    &starts), 2);
	cr_assert_eq(starts[0], 20);
	cr_assert_eq(starts[1], 106);
	free(starts);
	starts = NULL;
	cr_assert_eq(client_statement_starts(PG, body, strlen(body), &starts),
	    0);
	cr_assert_null(client_directive_refused(MARIA, "charset utf8mb4", 1));
	cr_assert_null(client_directive_refused(MARIA, "DELIMITER $$", 1));
	cr_assert_null(client_directive_refused(MARIA, "delimiter  ;", 1));
	cr_assert_not_null(client_directive_refused(MARIA, "charset sjis", 1));
	cr_assert_not_null(client_directive_refused(MARIA, "DELIMITER $$ x", 1));
	cr_assert_not_null(client_directive_refused(MARIA, "delimiter //", 1));
	cr_assert_not_null(client_directive_refused(MARIA, "source x", 1));
	cr_assert_not_null(client_directive_refused(MARIA, "\\d ;", 1));
}
