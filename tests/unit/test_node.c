/* test_node.c -- YAML to located nodes: core schema, rejections, places. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/diag.h"
#include "migsql/node.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(node, .fini = helpers_fini);

/* The core-schema type of a plain scalar, checking the boolean value. */
static void
expect_plain(const char *text, enum scalar_type want, int want_bool)
{
	int b = -1;
	enum scalar_type got = node_resolve_plain(text, &b);

	cr_expect_eq(got, want, "'%s' resolved to type %d, want %d", text,
	    (int)got, (int)want);
	if (want == SCALAR_BOOL)
		cr_expect_eq(b, want_bool, "'%s' is boolean %d, want %d", text,
		    b, want_bool);
}

Test(node, core_schema_null)
{
	expect_plain("null", SCALAR_NULL, 0);
	expect_plain("Null", SCALAR_NULL, 0);
	expect_plain("NULL", SCALAR_NULL, 0);
	expect_plain("~", SCALAR_NULL, 0);
	expect_plain("", SCALAR_NULL, 0);
	/* Only the three spellings of the spec. */
	expect_plain("nULL", SCALAR_STR, 0);
	expect_plain("none", SCALAR_STR, 0);
	expect_plain("~~", SCALAR_STR, 0);
}

Test(node, core_schema_bool)
{
	expect_plain("true", SCALAR_BOOL, 1);
	expect_plain("True", SCALAR_BOOL, 1);
	expect_plain("TRUE", SCALAR_BOOL, 1);
	expect_plain("false", SCALAR_BOOL, 0);
	expect_plain("False", SCALAR_BOOL, 0);
	expect_plain("FALSE", SCALAR_BOOL, 0);
	/* YAML 1.1 booleans are strings in 1.2's core schema. */
	expect_plain("yes", SCALAR_STR, 0);
	expect_plain("no", SCALAR_STR, 0);
	expect_plain("on", SCALAR_STR, 0);
	expect_plain("off", SCALAR_STR, 0);
	expect_plain("y", SCALAR_STR, 0);
	expect_plain("tRUE", SCALAR_STR, 0);
	expect_plain("true ", SCALAR_STR, 0);
}

Test(node, core_schema_int)
{
	expect_plain("0", SCALAR_INT, 0);
	expect_plain("42", SCALAR_INT, 0);
	expect_plain("-17", SCALAR_INT, 0);
	expect_plain("+3", SCALAR_INT, 0);
	expect_plain("007", SCALAR_INT, 0);
	expect_plain("0x1F", SCALAR_INT, 0);
	expect_plain("0xff", SCALAR_INT, 0);
	expect_plain("0o17", SCALAR_INT, 0);
	/* Not ints: no sign on 0x/0o, no 0b, no underscores, no 0o8. */
	expect_plain("-0x1F", SCALAR_STR, 0);
	expect_plain("0x", SCALAR_STR, 0);
	expect_plain("0xG", SCALAR_STR, 0);
	expect_plain("0o8", SCALAR_STR, 0);
	expect_plain("0b101", SCALAR_STR, 0);
	expect_plain("1_000", SCALAR_STR, 0);
	expect_plain("12:30", SCALAR_STR, 0);
	expect_plain("2026-11-20", SCALAR_STR, 0);
	expect_plain("12ab", SCALAR_STR, 0);
}

Test(node, core_schema_float)
{
	expect_plain("1.5", SCALAR_FLOAT, 0);
	expect_plain("-0.5", SCALAR_FLOAT, 0);
	expect_plain(".5", SCALAR_FLOAT, 0);
	expect_plain("1.", SCALAR_FLOAT, 0);
	expect_plain("1e10", SCALAR_FLOAT, 0);
	expect_plain("6.02e+23", SCALAR_FLOAT, 0);
	expect_plain("-1E-3", SCALAR_FLOAT, 0);
	expect_plain(".inf", SCALAR_FLOAT, 0);
	expect_plain("-.inf", SCALAR_FLOAT, 0);
	expect_plain("+.Inf", SCALAR_FLOAT, 0);
	expect_plain(".INF", SCALAR_FLOAT, 0);
	expect_plain(".nan", SCALAR_FLOAT, 0);
	expect_plain(".NaN", SCALAR_FLOAT, 0);
	expect_plain(".NAN", SCALAR_FLOAT, 0);
	/* Not floats. */
	expect_plain("inf", SCALAR_STR, 0);
	expect_plain("nan", SCALAR_STR, 0);
	expect_plain("-.nan", SCALAR_STR, 0);
	expect_plain(".iNf", SCALAR_STR, 0);
	expect_plain(".", SCALAR_STR, 0);
	expect_plain("1.2.3", SCALAR_STR, 0);
	expect_plain("e5", SCALAR_STR, 0);
}

Test(node, scalars_in_a_document)
{
	static const char y[] =
	    "a: '0'\n"
	    "b: \"true\"\n"
	    "c: 0\n"
	    "d: yes\n"
	    "e: ~\n"
	    "f:\n"
	    "g: |\n"
	    "  text\n"
	    "h: 'null'\n"
	    "i: True\n"
	    "j: 0x10\n";
	struct diags d;
	struct node *root, *v;
	int ok = -1;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	assert_no_errors(&d);
	cr_assert_eq(ok, 1);
	cr_assert_not_null(root);
	cr_assert_eq(root->kind, NODE_MAP);
	cr_assert_eq(root->n, 10);

	v = node_get(root, "a");
	cr_assert_eq(v->type, SCALAR_STR, "'0' quoted is a string");
	cr_assert_str_eq(v->text, "0");
	cr_assert_eq(v->style, STYLE_SINGLE);
	cr_assert(node_is_str(v));
	v = node_get(root, "b");
	cr_assert_eq(v->type, SCALAR_STR);
	cr_assert_eq(v->style, STYLE_DOUBLE);
	v = node_get(root, "c");
	cr_assert_eq(v->type, SCALAR_INT);
	cr_assert_str_eq(node_describe(v), "an integer");
	v = node_get(root, "d");
	cr_assert_eq(v->type, SCALAR_STR, "yes is the string yes");
	cr_assert_str_eq(v->text, "yes");
	cr_assert_eq(node_get(root, "e")->type, SCALAR_NULL);
	cr_assert_eq(node_get(root, "f")->type, SCALAR_NULL);
	cr_assert_str_eq(node_describe(node_get(root, "f")), "null");
	v = node_get(root, "g");
	cr_assert_eq(v->style, STYLE_LITERAL);
	cr_assert_eq(v->type, SCALAR_STR);
	cr_assert_str_eq(v->text, "text\n");
	cr_assert_eq(v->len, 5);
	cr_assert_eq(node_get(root, "h")->type, SCALAR_STR);
	v = node_get(root, "i");
	cr_assert_eq(v->type, SCALAR_BOOL);
	cr_assert_eq(v->boolean, 1);
	cr_assert_eq(node_get(root, "j")->type, SCALAR_INT);
	cr_assert_null(node_get(root, "k"));
	cr_assert_null(node_key(root, "k"));
	node_free(root);
	diags_free(&d);
}

Test(node, locations_are_one_based)
{
	static const char y[] =
	    "a: 1\n"
	    "b:\n"
	    "  - x\n"
	    "  - {k: v}\n";
	struct diags d;
	struct node *root, *b, *k;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_eq(ok, 1);
	cr_assert_not_null(root);
	cr_assert_eq(root->loc.line, 1);
	cr_assert_eq(root->loc.col, 1);
	cr_assert_str_eq(root->loc.file, "t.yaml");
	k = node_key(root, "b");
	cr_assert_eq(k->loc.line, 2);
	cr_assert_eq(k->loc.col, 1);
	cr_assert_eq(node_get(root, "a")->loc.col, 4);
	b = node_get(root, "b");
	cr_assert_eq(b->kind, NODE_SEQ);
	cr_assert_str_eq(node_describe(b), "a list");
	cr_assert_eq(b->n, 2);
	cr_assert_eq(b->loc.line, 3);
	cr_assert_eq(b->loc.col, 3);
	cr_assert_eq(b->items[0]->loc.line, 3);
	cr_assert_eq(b->items[0]->loc.col, 5);
	cr_assert_eq(b->items[1]->kind, NODE_MAP);
	cr_assert_str_eq(node_describe(b->items[1]), "a mapping");
	cr_assert_eq(b->items[1]->loc.line, 4);
	cr_assert_eq(b->items[1]->loc.col, 5);
	cr_assert_eq(node_get(b->items[1], "k")->loc.col, 9);
	node_free(root);
	diags_free(&d);
}

Test(node, duplicate_key_at_the_later_key)
{
	static const char y[] =
	    "a: 1\n"
	    "b: 2\n"
	    "a: 3\n";
	struct diags d;
	struct node *root;
	int ok = -1;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_errors(&d, 1);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	assert_diags_have(&d, "t.yaml:3:1: error: duplicate key 'a'");
	assert_diags_have(&d, "first at line 1");
	diags_free(&d);
}

Test(node, duplicate_key_nested_and_repeated)
{
	static const char y[] =
	    "top:\n"
	    "  x: 1\n"
	    "  y: 2\n"
	    "  x: 3\n"
	    "  x: 4\n";
	struct diags d;
	struct node *root;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	/* One error per repeat, each at the repeating key. */
	assert_errors(&d, 2);
	assert_diags_have(&d, "t.yaml:4:3: error: duplicate key 'x'");
	assert_diags_have(&d, "t.yaml:5:3: error: duplicate key 'x'");
	diags_free(&d);
}

/* Maps with many keys take another path (sorting): same reports. */
Test(node, duplicate_key_in_a_large_map)
{
	struct strbuf sb = STRBUF_INIT;
	struct diags d;
	struct node *root;
	int ok, i;

	for (i = 0; i < 20; i++)
		strbuf_addf(&sb, "k%d: %d\n", i, i);
	strbuf_adds(&sb, "k5: again\n");	/* line 21; k5 is on line 6 */
	diags_init(&d);
	root = node_parse("big.yaml", sb.buf, sb.len, &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "big.yaml:21:1: error: duplicate key 'k5' "
	    "(first at line 6)");
	strbuf_free(&sb);
	diags_free(&d);
}

Test(node, same_key_in_different_maps_is_fine)
{
	static const char y[] =
	    "a: {name: x}\n"
	    "b: {name: y}\n"
	    "c: [{name: z}, {name: w}]\n";
	struct diags d;
	struct node *root;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	assert_no_errors(&d);
	cr_assert_eq(ok, 1);
	cr_assert_not_null(root);
	node_free(root);
	diags_free(&d);
}

Test(node, anchor_rejected)
{
	static const char y[] =
	    "a: &x 1\n"
	    "b: 2\n";
	struct diags d;
	struct node *root;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	cr_assert_geq(d.errors, 1);
	assert_diags_have(&d, "t.yaml:1:4: error: ");
	assert_diags_have(&d, "anchors and aliases are not supported");
	diags_free(&d);
}

Test(node, alias_rejected)
{
	static const char y[] =
	    "a: 1\n"
	    "b: *x\n";
	struct diags d;
	struct node *root;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_diags_have(&d, "t.yaml:2:4: error: ");
	assert_diags_have(&d, "'*x'");
	diags_free(&d);
}

Test(node, tags_rejected)
{
	static const char *const docs[] = {
	    "a: !!str 1\n",
	    "a: !custom x\n",
	    "a: !!map {b: 1}\n",
	    "a: !!seq [1]\n",
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct diags d;
		struct node *root;
		int ok;

		diags_init(&d);
		root = node_parse("t.yaml", docs[i], strlen(docs[i]), &d, &ok);
		cr_assert_null(root, "%s", docs[i]);
		cr_assert_eq(ok, 0, "%s", docs[i]);
		assert_diags_have(&d, "t.yaml:1:4: error: YAML tags are not "
		    "supported");
		diags_free(&d);
	}
}

Test(node, second_document_rejected)
{
	static const char y[] =
	    "a: 1\n"
	    "---\n"
	    "b: 2\n";
	struct diags d;
	struct node *root;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "t.yaml:2:1: error: ");
	assert_diags_have(&d, "second");
	diags_free(&d);
}

Test(node, explicit_single_document_is_fine)
{
	static const char y[] =
	    "---\n"
	    "a: 1\n"
	    "...\n";
	struct diags d;
	struct node *root;
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	assert_no_errors(&d);
	cr_assert_eq(ok, 1);
	cr_assert_not_null(root);
	cr_assert_eq(root->loc.line, 2);
	node_free(root);
	diags_free(&d);
}

/* "[" * depth then "]" * depth: the innermost list is at that depth. */
static char *
nested_lists(int depth)
{
	char *s = xmalloc(2 * (size_t)depth + 2);
	int i;

	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[depth + i] = ']';
	}
	s[2 * depth] = '\n';
	s[2 * depth + 1] = '\0';
	return s;
}

Test(node, depth_limit)
{
	char *ok_doc = nested_lists(NODE_MAX_DEPTH);
	char *deep_doc = nested_lists(NODE_MAX_DEPTH + 1);
	struct diags d;
	struct node *root;
	char want[64];
	int ok;

	diags_init(&d);
	root = node_parse("t.yaml", ok_doc, strlen(ok_doc), &d, &ok);
	assert_no_errors(&d);
	cr_assert_eq(ok, 1);
	cr_assert_not_null(root);
	node_free(root);

	root = node_parse("t.yaml", deep_doc, strlen(deep_doc), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_errors(&d, 1);
	/* The list that is one too deep starts at column 65. */
	snprintf(want, sizeof want, "t.yaml:1:%d: error: nesting deeper than %d",
	    NODE_MAX_DEPTH + 1, NODE_MAX_DEPTH);
	assert_diags_have(&d, want);
	free(ok_doc);
	free(deep_doc);
	diags_free(&d);
}

Test(node, empty_input)
{
	static const char *const docs[] = { "", "# only a comment\n", "\n\n" };
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct diags d;
		struct node *root;
		int ok = 0;

		diags_init(&d);
		root = node_parse("t.yaml", docs[i], strlen(docs[i]), &d, &ok);
		cr_assert_null(root);
		cr_assert_eq(ok, 1, "input %zu", i);
		assert_no_errors(&d);
		diags_free(&d);
	}
}

Test(node, document_marker_alone_is_a_null_root)
{
	struct diags d;
	struct node *root;
	int ok = 0;

	diags_init(&d);
	root = node_parse("t.yaml", "---\n", 4, &d, &ok);
	assert_no_errors(&d);
	cr_assert_eq(ok, 1);
	cr_assert_not_null(root);
	cr_assert_eq(root->kind, NODE_SCALAR);
	cr_assert_eq(root->type, SCALAR_NULL);
	node_free(root);
	diags_free(&d);
}

Test(node, invalid_yaml_located)
{
	struct diags d;
	struct node *root;
	int ok = 1;

	diags_init(&d);
	/* The second ':' on line 2 is at column 5. */
	root = node_parse("v/x.yaml", "ok: 1\na: b: c\n", 14, &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_errors(&d, 1);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	assert_diags_have(&d, "v/x.yaml:2:5: error: invalid YAML: mapping "
	    "values are not allowed");
	diags_free(&d);

	/* A tab cannot indent: line 2, column 1. */
	diags_init(&d);
	root = node_parse("v/x.yaml", "a:\n\tb: 1\n", 9, &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_diags_have(&d, "v/x.yaml:2:1: error: a tab: YAML indents with "
	    "spaces, never tabs");
	diags_free(&d);

	/* An unclosed flow list: an error with a line and a column. */
	diags_init(&d);
	root = node_parse("v/x.yaml", "a: [1, 2\n", 9, &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	cr_assert_eq(d.errors, 1);
	cr_assert_not_null(d.items[0].loc.file);
	cr_assert_str_eq(d.items[0].loc.file, "v/x.yaml");
	cr_assert_gt(d.items[0].loc.line, 0);
	cr_assert_gt(d.items[0].loc.col, 0);
	diags_free(&d);
}

Test(node, invalid_utf8_reported_with_the_file)
{
	static const char y[] = "a: \xff\n";
	struct diags d;
	struct node *root;
	int ok = 1;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "t.yaml:1:4: error: invalid YAML input");
	diags_free(&d);
}

Test(node, nul_in_a_value_rejected)
{
	static const char y[] = "a: \"x\\0y\"\n";
	struct diags d;
	struct node *root;
	int ok = 1;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_diags_have(&d, "t.yaml:1:4: error: a NUL character");
	diags_free(&d);
}

Test(node, complex_key_rejected)
{
	static const char y[] =
	    "? [a, b]\n"
	    ": 1\n";
	struct diags d;
	struct node *root;
	int ok = 1;

	diags_init(&d);
	root = node_parse("t.yaml", y, strlen(y), &d, &ok);
	cr_assert_null(root);
	cr_assert_eq(ok, 0);
	assert_diags_have(&d, "t.yaml:1:3: error: a mapping key must be a "
	    "plain name, not a list");
	diags_free(&d);
}

Test(node, diags_print_formats)
{
	struct diags d;
	struct loc full = { "f.yaml", 3, 7 };
	struct loc noline = { "f.yaml", 0, 0 };
	struct loc nocol = { "f.yaml", 3, 0 };
	char *text;

	diags_init(&d);
	diag_error(&d, EXIT_RANGE, &full, "first %d", 1);
	diag_warning(&d, &noline, "second");
	diag_note(&d, &nocol, "third");
	diag_error(&d, EXIT_INPUT, NULL, "fourth");
	cr_assert_eq(d.errors, 2);
	cr_assert_eq(d.exit_code, EXIT_RANGE, "the first error's class wins");
	text = diags_text(&d);
	cr_assert_str_eq(text,
	    "f.yaml:3:7: error: first 1\n"
	    "f.yaml: warning: second\n"
	    "f.yaml:3: note: third\n"
	    "migsql: error: fourth\n");
	free(text);
	diags_free(&d);
	cr_assert_eq(d.len, 0);
	cr_assert_eq(d.errors, 0);
}
