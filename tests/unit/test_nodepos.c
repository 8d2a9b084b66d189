/* test_nodepos.c -- the place in the file of a byte of a scalar's value,
 * in every scalar style; and SQL read by PostgreSQL's parser (sqlpg). */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/diag.h"
#include "migsql/node.h"
#include "migsql/nodepos.h"
#include "migsql/sqlpg.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(nodepos, .fini = helpers_fini);

/*
 * doc is a YAML mapping whose key "v" holds a scalar with one '@' in its
 * value and one '@' in the file.  The oracle is the file itself: the
 * line and column (in characters) where '@' is written, counted here
 * without YAML.  nodepos_loc() must give that place for the value's '@'.
 */
static void
expect_at(const char *doc)
{
	struct diags d;
	struct node *root, *v;
	struct loc got;
	const char *p, *vat;
	unsigned line = 1, col = 1;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", doc, strlen(doc), &d, &ok);
	cr_assert(ok && root != NULL, "the document parses: %s", doc);
	v = node_get(root, "v");
	cr_assert(v != NULL && v->kind == NODE_SCALAR);
	vat = strchr(v->text, '@');
	cr_assert(vat != NULL, "the value holds '@': [%s]", v->text);
	for (p = doc; *p != '@'; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*p & 0xC0) != 0x80)
			col++;
	}
	cr_expect(nodepos_loc(v, doc, strlen(doc), (size_t)(vat - v->text),
	    &got), "a place is found in: %s", doc);
	cr_expect(got.line == line && got.col == col,
	    "'@' is at %u:%u, nodepos said %u:%u, in: %s", line, col,
	    got.line, got.col, doc);
	node_free(root);
	diags_free(&d);
}

Test(nodepos, plain)
{
	expect_at("v: SELECT @\n");
	expect_at("a: 1\nv: SELECT x, @ FROM t\n");
	expect_at("v: SELECT é, ü, @\n");
	expect_at("w: {a: 1}\nv: x @ y, z  # c\n");
	expect_at("v:\n  SELECT 1\n  FROM t\n\n  WHERE @\n");
	expect_at("v: SELECT\t1 \n   \t  @\n");
}

Test(nodepos, single_quoted)
{
	expect_at("v: 'it''s @'\n");
	expect_at("v: 'a ''b'' ''c'' @'\n");
	expect_at("v: 'line one\n  line two\n\n\n  @ three'\n");
	expect_at("v: 'é''ü @'\n");
}

Test(nodepos, double_quoted)
{
	expect_at("v: \"a \\\"b\\\" @\"\n");
	expect_at("v: \"\\t\\x41\\u00e9\\U0001F600 @\"\n");
	expect_at("v: \"one \\\n   two @\"\n");
	expect_at("v: \"one\n   two\n\n   three @\"\n");
	expect_at("v: \"\\N\\_\\L\\P\\\\ @\"\n");
	expect_at("v: \"a\\ \\ b @\"\n");
}

Test(nodepos, literal)
{
	expect_at("v: |\n  SELECT 1;\n  SELECT @;\n");
	expect_at("v: |-\n    a\n\n      b\n    @\n");
	expect_at("v: |+ # a comment\n  é\n  @\n");
	expect_at("k: 1\nv: |\n    x\n    y @\n");
}

Test(nodepos, folded)
{
	expect_at("v: >\n  SELECT 1\n  FROM t\n  WHERE @\n");
	expect_at("v: >-\n  a\n\n  b\n    more\n  @\n");
	expect_at("v: >\n  a\n    indented\n  c @\n");
}

Test(nodepos, crlf)
{
	expect_at("v: 'a\r\n  b @'\r\n");
	expect_at("v: |\r\n  x\r\n  @\r\n");
}

/* Where the source does not give the value, no place is claimed. */
Test(nodepos, gives_up)
{
	struct diags d;
	struct node *root, *v;
	struct loc got;
	const char *doc = "v: |2\n    @\n";
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", doc, strlen(doc), &d, &ok);
	cr_assert(ok);
	v = node_get(root, "v");
	cr_expect(!nodepos_loc(v, doc, strlen(doc), 2, &got),
	    "an explicit indentation indicator is not followed");
	cr_expect(got.line == v->loc.line && got.col == v->loc.col);
	cr_expect(!nodepos_loc(v, "v: other\n", 9, 0, &got),
	    "a source that gives another value is not trusted");
	cr_expect(!nodepos_loc(v, NULL, 0, 0, &got));
	node_free(root);
	diags_free(&d);
}

/* ---- sqlpg ---------------------------------------------------------- */

static void
expect_error_at(const char *sql, enum sqlpg_context ctx, const char *at,
    const char *message)
{
	struct sqlpg_result r;

	cr_expect(!sqlpg_parse(sql, ctx, &r), "'%s' is refused", sql);
	cr_expect_eq(r.err_off, (size_t)(strstr(sql, at) - sql),
	    "'%s': error at byte %zu, want %zu ('%s')", sql, r.err_off,
	    (size_t)(strstr(sql, at) - sql), at);
	cr_expect(strstr(r.err_message, message) != NULL,
	    "'%s': message '%s' holds '%s'", sql, r.err_message, message);
	sqlpg_result_free(&r);
}

Test(nodepos, sqlpg_errors)
{
	struct sqlpg_result r;

	expect_error_at("SELEC 1", SQLPG_STATEMENTS, "SELEC",
	    "syntax error at or near \"SELEC\"");
	/* The cursor counts characters; offsets are bytes. */
	expect_error_at("SELECT 'éé' x y", SQLPG_STATEMENTS, "y",
	    "at or near \"y\"");
	expect_error_at("created_at DESC", SQLPG_EXPRESSION, "DESC",
	    "at or near \"DESC\"");
	expect_error_at("foo bar", SQLPG_TYPE, "bar", "at or near \"bar\"");
	cr_expect(!sqlpg_parse("a >", SQLPG_EXPRESSION, &r));
	cr_expect_eq(r.err_off, 3);
	cr_expect_str_eq(r.err_message,
	    "syntax error at the end of the expression");
	sqlpg_result_free(&r);
	/* Text that leaves its wrapper is refused whole. */
	cr_expect(!sqlpg_parse("1) FROM t WHERE (1", SQLPG_EXPRESSION, &r));
	cr_expect(strstr(r.err_message, "not one expression") != NULL);
	sqlpg_result_free(&r);
	cr_expect(!sqlpg_parse("int) FROM t WHERE (1", SQLPG_TYPE, &r));
	sqlpg_result_free(&r);
	cr_expect(sqlpg_parse("a::int > 0 AND b IN (1, 2)", SQLPG_EXPRESSION,
	    &r));
	sqlpg_result_free(&r);
	cr_expect(sqlpg_parse("timestamp with time zone", SQLPG_TYPE, &r));
	sqlpg_result_free(&r);
}

Test(nodepos, sqlpg_statements)
{
	struct sqlpg_result r;
	const char *sql = "UPDATE t SET a = 1; CREATE INDEX CONCURRENTLY i ON "
	    "t (a);\nbegin; VACUUM t; ANALYZE t; SET TRANSACTION READ ONLY; "
	    "REINDEX TABLE CONCURRENTLY t; DROP INDEX CONCURRENTLY i";

	cr_assert(sqlpg_parse(sql, SQLPG_STATEMENTS, &r));
	cr_assert_eq(r.nstmts, 8);
	cr_expect_eq(r.stmts[0].flags, 0);
	cr_expect_eq(r.stmts[1].flags, SQLPG_OUTSIDE_TRANSACTION);
	cr_expect_str_eq(r.stmts[1].what, "CREATE INDEX CONCURRENTLY");
	cr_expect_eq(r.stmts[1].off, (size_t)(strstr(sql, " CREATE") - sql));
	cr_expect_eq(r.stmts[2].flags, SQLPG_TRANSACTION_CONTROL);
	cr_expect_str_eq(r.stmts[2].what, "BEGIN");
	cr_expect_eq(r.stmts[3].flags, SQLPG_OUTSIDE_TRANSACTION);
	cr_expect_eq(r.stmts[4].flags, 0, "ANALYZE runs in a transaction");
	cr_expect_eq(r.stmts[5].flags, SQLPG_TRANSACTION_CONTROL);
	cr_expect_eq(r.stmts[6].flags, SQLPG_OUTSIDE_TRANSACTION);
	cr_expect_eq(r.stmts[7].flags, SQLPG_OUTSIDE_TRANSACTION);
	sqlpg_result_free(&r);
}
