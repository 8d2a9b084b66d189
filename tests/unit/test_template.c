/* test_template.c -- the dialect template language: compile and render. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/diag.h"
#include "migsql/node.h"
#include "migsql/template.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(template, .fini = helpers_fini);

static const char *const allowed[] = {
	"name", "table", "columns", "unique", "where", "if_exists", NULL
};

/* Compiles text (which must compile) and renders it with vars. */
static char *
render(const char *text, const struct tpl_var *vars, size_t nvars)
{
	struct strbuf out = STRBUF_INIT;
	struct diags d;
	struct tpl *t;
	char *errs;

	diags_init(&d);
	t = tpl_compile_text(text, allowed, "test", &d);
	errs = diags_text(&d);
	cr_assert_not_null(t, "'%s' does not compile:\n%s", text, errs);
	cr_assert_eq(d.errors, 0);
	free(errs);
	tpl_render(t, vars, nvars, &out);
	tpl_free(t);
	diags_free(&d);
	strbuf_adds(&out, "");
	return strbuf_detach(&out);
}

/* Compiles text, which must fail; returns the diagnostics (caller frees). */
static void
expect_compile_error(const char *text, const char *needle)
{
	struct diags d;
	struct tpl *t;

	diags_init(&d);
	t = tpl_compile_text(text, allowed, "test", &d);
	cr_assert_null(t, "'%s' should not compile", text);
	cr_assert_geq(d.errors, 1, "'%s': no error reported", text);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	assert_diags_have(&d, "template 'test': ");
	assert_diags_have(&d, needle);
	diags_free(&d);
}

#define NV(a) (sizeof (a) / sizeof (a)[0])

Test(template, placeholders)
{
	static const char *const cols[] = { "a", "b" };
	const struct tpl_var v[] = {
		{ "name", "i", NULL, 0 },
		{ "table", "t", NULL, 0 },
		{ "columns", NULL, cols, 2 },
	};

	assert_str_take(render("CREATE INDEX {name} ON {table} ({columns});",
	    v, NV(v)), "CREATE INDEX i ON t (a, b);");
	assert_str_take(render("{name}{name}", v, NV(v)), "ii");
	assert_str_take(render("no placeholders", v, NV(v)), "no placeholders");
	assert_str_take(render("", v, NV(v)), "");
	/* Unset placeholders render as nothing. */
	assert_str_take(render("[{where}]", v, NV(v)), "[]");
	assert_str_take(render("[{name}]", NULL, 0), "[]");
}

Test(template, list_separators)
{
	static const char *const three[] = { "a", "b", "c" };
	static const char *const one[] = { "x" };
	const struct tpl_var v3[] = { { "columns", NULL, three, 3 } };
	const struct tpl_var v1[] = { { "columns", NULL, one, 1 } };
	const struct tpl_var v0[] = { { "columns", NULL, one, 0 } };

	assert_str_take(render("{columns}", v3, 1), "a, b, c");
	assert_str_take(render("{columns|; }", v3, 1), "a; b; c");
	assert_str_take(render("{columns|}", v3, 1), "abc");
	assert_str_take(render("({columns|,\n    })", v3, 1),
	    "(a,\n    b,\n    c)");
	assert_str_take(render("{columns| | }", v3, 1), "a | b | c");
	assert_str_take(render("{columns|; }", v1, 1), "x");
	assert_str_take(render("({columns})", v0, 1), "()");
}

Test(template, sections)
{
	const struct tpl_var set[] = { { "unique", "1", NULL, 0 } };
	const struct tpl_var empty[] = { { "unique", "", NULL, 0 } };
	const char *tpl = "CREATE {?unique}UNIQUE {/unique}INDEX";
	const char *neg = "{!unique}not {/unique}unique";

	assert_str_take(render(tpl, set, 1), "CREATE UNIQUE INDEX");
	assert_str_take(render(tpl, empty, 1), "CREATE INDEX");
	assert_str_take(render(tpl, NULL, 0), "CREATE INDEX");
	assert_str_take(render(neg, set, 1), "unique");
	assert_str_take(render(neg, empty, 1), "not unique");
	assert_str_take(render(neg, NULL, 0), "not unique");
	assert_str_take(render("a{?unique}{/unique}b", set, 1), "ab");
}

Test(template, sections_on_lists)
{
	static const char *const cols[] = { "a", "b" };
	const struct tpl_var some[] = { { "columns", NULL, cols, 2 } };
	const struct tpl_var none[] = { { "columns", NULL, cols, 0 } };
	const char *tpl = "{?columns}({columns}){/columns}{!columns}-{/columns}";

	assert_str_take(render(tpl, some, 1), "(a, b)");
	assert_str_take(render(tpl, none, 1), "-");
	assert_str_take(render(tpl, NULL, 0), "-");
}

Test(template, nested_sections)
{
	const char *tpl = "{?table}T={table}{?where} W={where}{/where}"
	    "{!where} ALL{/where}{/table}.";
	const struct tpl_var both[] = {
		{ "table", "t", NULL, 0 }, { "where", "x > 1", NULL, 0 },
	};
	const struct tpl_var table_only[] = { { "table", "t", NULL, 0 } };
	const struct tpl_var where_only[] = { { "where", "x", NULL, 0 } };

	assert_str_take(render(tpl, both, 2), "T=t W=x > 1.");
	assert_str_take(render(tpl, table_only, 1), "T=t ALL.");
	assert_str_take(render(tpl, where_only, 1), ".");
	assert_str_take(render(tpl, NULL, 0), ".");
	/* The same name nested in itself. */
	assert_str_take(render("{?table}<{?table}{table}{/table}>{/table}",
	    table_only, 1), "<t>");
}

Test(template, literal_brace)
{
	const struct tpl_var v[] = { { "name", "n", NULL, 0 } };

	assert_str_take(render("{{", v, 1), "{");
	assert_str_take(render("{{name}", v, 1), "{name}");
	assert_str_take(render("{{{name}}", v, 1), "{n}");
	assert_str_take(render("a } b", v, 1), "a } b");
	assert_str_take(render("DO $$ BEGIN {{ {name} END $$", v, 1),
	    "DO $$ BEGIN { n END $$");
}

Test(template, uses)
{
	struct diags d;
	struct tpl *t;

	diags_init(&d);
	t = tpl_compile_text("{?unique}U{/unique}{name}", allowed, "test", &d);
	cr_assert_not_null(t);
	cr_assert(tpl_uses(t, "unique"));
	cr_assert(tpl_uses(t, "name"));
	cr_assert_not(tpl_uses(t, "table"));
	tpl_free(t);
	t = tpl_compile_text("{{table}", allowed, "test", &d);
	cr_assert_not_null(t);
	cr_assert_not(tpl_uses(t, "table"), "an escaped brace is text");
	tpl_free(t);
	diags_free(&d);
}

Test(template, unknown_placeholder)
{
	expect_compile_error("X {nmae} Y", "unknown placeholder '{nmae}' (did "
	    "you mean {name}?)");
	expect_compile_error("X {zzzzzz} Y", "unknown placeholder '{zzzzzz}'");
	expect_compile_error("{?bogus}x{/bogus}", "'{bogus}'");
	expect_compile_error("{columns|, }{tabel|, }", "'{tabel}'");
}

Test(template, every_unknown_placeholder_reported)
{
	struct diags d;
	struct tpl *t;

	diags_init(&d);
	t = tpl_compile_text("{one} and {two}", allowed, "test", &d);
	cr_assert_null(t);
	assert_errors(&d, 2);
	assert_diags_have(&d, "'{one}'");
	assert_diags_have(&d, "'{two}'");
	diags_free(&d);
}

Test(template, unclosed_section)
{
	expect_compile_error("{?unique}UNIQUE", "'{?unique}' is never closed");
	expect_compile_error("{!where}x", "'{!where}' is never closed");
	expect_compile_error("{?table}{?where}x{/where}",
	    "'{?table}' is never closed");
}

Test(template, mismatched_close)
{
	expect_compile_error("{?unique}x{/where}",
	    "'{/where}' does not close the open section");
	expect_compile_error("x{/where}", "(none is open)");
	expect_compile_error("{?table}{?where}{/table}{/where}", "'{/table}'");
}

Test(template, malformed_braces)
{
	expect_compile_error("{ name}", "malformed placeholder");
	expect_compile_error("{}", "malformed placeholder");
	expect_compile_error("x {name", "malformed placeholder");
	expect_compile_error("x {", "malformed placeholder");
	expect_compile_error("{Name}", "malformed placeholder");
	expect_compile_error("{1name}", "malformed placeholder");
	expect_compile_error("{name-x}", "malformed placeholder");
	expect_compile_error("{?name|, }x{/name}", "malformed placeholder");
	expect_compile_error("{columns|, ", "unclosed placeholder");
}

/*
 * With a source node, errors are placed in the file: the offending '{'
 * of a quoted scalar on its line, and of a block scalar on its line below.
 */
Test(template, errors_located_in_the_file)
{
	static const char y[] =
	    "a: \"x {bad} y\"\n"					/* 1 */
	    "b: |\n"							/* 2 */
	    "  line one\n"						/* 3 */
	    "  x {bad}\n"						/* 4 */
	    "c: plain {bad}\n"						/* 5 */
	    "d: '{?table}open'\n";					/* 6 */
	struct diags d, pd;
	struct node *root;
	struct tpl *t;
	int ok;

	diags_init(&pd);
	root = node_parse("dl.yaml", y, strlen(y), &pd, &ok);
	cr_assert_not_null(root);
	diags_init(&d);
	t = tpl_compile(node_get(root, "a"), y, allowed, "a", &d);
	cr_assert_null(t);
	assert_diags_have(&d, "dl.yaml:1:7: error: template 'a': unknown "
	    "placeholder '{bad}'");
	diags_free(&d);

	diags_init(&d);
	t = tpl_compile(node_get(root, "b"), y, allowed, "b", &d);
	cr_assert_null(t);
	assert_diags_have(&d, "dl.yaml:4:5: error: template 'b': unknown "
	    "placeholder '{bad}'");
	diags_free(&d);

	diags_init(&d);
	t = tpl_compile(node_get(root, "c"), y, allowed, "c", &d);
	cr_assert_null(t);
	assert_diags_have(&d, "dl.yaml:5:10: error: template 'c'");
	diags_free(&d);

	diags_init(&d);
	t = tpl_compile(node_get(root, "d"), y, allowed, "d", &d);
	cr_assert_null(t);
	assert_diags_have(&d, "dl.yaml:6:5: error: template 'd': section "
	    "'{?table}' is never closed");
	diags_free(&d);
	node_free(root);
	diags_free(&pd);
}

/*
 * Inside a quoted scalar the place is computed from the source text, not
 * the decoded value, so escapes before the error do not shift it (the
 * shipped postgresql.yaml writes create_table with \n escapes).  Columns
 * count characters, as every other location does (libyaml's marks).
 */
Test(template, errors_located_after_escapes)
{
	static const char y[] =
	    "a: \"a\\n{bad}\"\n"					/* 1 */
	    "b: other\n"						/* 2 */
	    "c: 'it''s {bad}'\n"					/* 3 */
	    "d: \"\xc3\xa9 {bad}\"\n"					/* 4 */
	    "e: \"\\u00e9\\t{bad}\"\n";				/* 5 */
	static const struct {
		const char	*key;
		const char	*want;
	} cases[] = {
		/* a: "a\n{bad}": the '{' is the 8th character of line 1. */
		{ "a", "dl.yaml:1:8: error: template 'a': unknown placeholder" },
		/* c: 'it''s {bad}': the doubled quote is two characters. */
		{ "c", "dl.yaml:3:11: error: template 'c': unknown placeholder" },
		/* d: "é {bad}": é is one character (two bytes). */
		{ "d", "dl.yaml:4:7: error: template 'd': unknown placeholder" },
		/* e: "\u00e9\t{bad}": six and two source characters. */
		{ "e", "dl.yaml:5:13: error: template 'e': unknown placeholder" },
	};
	struct diags pd;
	struct node *root;
	size_t i;
	int ok;

	diags_init(&pd);
	root = node_parse("dl.yaml", y, strlen(y), &pd, &ok);
	assert_no_errors(&pd);
	cr_assert_not_null(root);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diags d;
		struct tpl *t;

		diags_init(&d);
		t = tpl_compile(node_get(root, cases[i].key), y, allowed,
		    cases[i].key, &d);
		cr_assert_null(t);
		assert_errors(&d, 1);
		assert_diags_have(&d, cases[i].want);
		diags_free(&d);
	}
	node_free(root);
	diags_free(&pd);
}
