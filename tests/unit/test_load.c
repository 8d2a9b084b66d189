/* test_load.c -- revision files into the revision IR (revision_parse). */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/diag.h"
#include "migsql/load.h"
#include "migsql/op.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(load, .fini = helpers_fini);

/* Revision header lines shared by the op tests (3 lines). */
#define HEAD "revision: r1\ndown_revision: null\nupgrade:\n"

Test(load, valid_revision_fields)
{
	static const char y[] =
	    "revision: 3c4d5e6f7081\n"					/* 1 */
	    "down_revision: [1a2b3c4d5e6f, 2b3c4d5e6f70]\n"		/* 2 */
	    "branch_labels: [audit]\n"					/* 3 */
	    "depends_on: d1e2f3a4b5c6\n"				/* 4 */
	    "message: add audit log\n"					/* 5 */
	    "create_date: 2026-11-20 10:00:00\n"			/* 6 */
	    "upgrade:\n"						/* 7 */
	    "  - create_table:\n"					/* 8 */
	    "      name: audit_log\n"					/* 9 */
	    "      columns:\n"						/* 10 */
	    "        - {name: id, type: bigint, primary_key: true, autoincrement: true}\n"
	    "        - {name: body, type: text, nullable: false, unique: true}\n"
	    "        - {name: amount, type: \"numeric(10,2)\", server_default: 0}\n"
	    "        - {name: user_id, type: integer, foreign_key: users.id, ondelete: cascade}\n"
	    "  - create_index: {name: audit_log_body_idx, table: audit_log, columns: [body, {sql: \"lower(body)\"}]}\n"
	    "  - execute: \"SELECT 1\"\n"				/* 16 */
	    "  - drop_table: old_audit\n"				/* 17 */
	    "downgrade:\n"						/* 18 */
	    "  - execute: {postgresql: \"SELECT 2\", sqlite: null}\n"
	    "  - drop_index: {name: audit_log_body_idx}\n"
	    "  - drop_table: audit_log\n";
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("versions/3c4d_add_audit.yaml", y, &d);
	assert_no_errors(&d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 0);
	cr_assert_str_eq(r->id, "3c4d5e6f7081");
	cr_assert_str_eq(r->file, "versions/3c4d_add_audit.yaml");
	cr_assert_str_eq(r->loc.file, "versions/3c4d_add_audit.yaml");
	cr_assert_eq(r->loc.line, 1);
	cr_assert_eq(r->loc.col, 11);

	cr_assert_eq(r->down.n, 2);
	cr_assert_str_eq(r->down.ids[0], "1a2b3c4d5e6f");
	cr_assert_str_eq(r->down.ids[1], "2b3c4d5e6f70");
	cr_assert_eq(r->down.locs[0].line, 2);
	cr_assert_eq(r->down.locs[0].col, 17);
	cr_assert_eq(r->down.locs[1].col, 31);
	cr_assert_eq(r->depends.n, 1);
	cr_assert_str_eq(r->depends.ids[0], "d1e2f3a4b5c6");
	cr_assert_eq(r->depends.locs[0].line, 4);
	cr_assert_eq(r->labels.n, 1);
	cr_assert_str_eq(r->labels.ids[0], "audit");
	cr_assert_str_eq(r->message, "add audit log");

	cr_assert_eq(r->nupgrade, 4);
	cr_assert_eq(r->upgrade[0].def->kind, OP_CREATE_TABLE);
	cr_assert_eq(r->upgrade[0].loc.line, 8);
	cr_assert_eq(r->upgrade[0].loc.col, 5);
	cr_assert_eq(r->upgrade[1].def->kind, OP_CREATE_INDEX);
	cr_assert_eq(r->upgrade[1].loc.line, 15);
	cr_assert_eq(r->upgrade[2].def->kind, OP_EXECUTE);
	cr_assert_str_eq(op_str(&r->upgrade[2], "sql"), "SELECT 1");
	cr_assert_eq(r->upgrade[3].def->kind, OP_DROP_TABLE);
	cr_assert_str_eq(op_str(&r->upgrade[3], "name"), "old_audit");
	cr_assert_str_eq(op_str(&r->upgrade[0], "name"), "audit_log");

	cr_assert_eq(r->has_downgrade, 1);
	cr_assert_eq(r->ndowngrade, 3);
	cr_assert_eq(r->downgrade[0].def->kind, OP_EXECUTE);
	cr_assert_eq(r->downgrade[1].def->kind, OP_DROP_INDEX);
	cr_assert_eq(r->downgrade[2].def->kind, OP_DROP_TABLE);
	cr_assert_eq(r->downgrade[2].loc.line, 21);
	revision_free(r);
	diags_free(&d);
}

Test(load, root_revision_defaults)
{
	static const char *const docs[] = {
	    "revision: r1\ndown_revision: null\nupgrade: []\n",
	    "revision: r1\ndown_revision: ~\nupgrade: []\nmessage: null\n",
	    "revision: r1\ndown_revision:\nupgrade: []\ndepends_on: []\n",
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct diags d;
		struct revision *r;

		diags_init(&d);
		r = parse_rev("v/r1.yaml", docs[i], &d);
		assert_no_errors(&d);
		cr_assert_not_null(r);
		cr_assert_str_eq(r->id, "r1");
		cr_assert_eq(r->down.n, 0, "a root has no down_revision");
		cr_assert_eq(r->depends.n, 0);
		cr_assert_eq(r->labels.n, 0);
		cr_assert_str_eq(r->message, "", "no message is \"\"");
		cr_assert_eq(r->nupgrade, 0);
		cr_assert_eq(r->has_downgrade, 0);
		cr_assert_eq(r->bad, 0);
		revision_free(r);
		diags_free(&d);
	}
}

Test(load, integer_id_is_an_id)
{
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/a.yaml", "revision: 1234\ndown_revision: 0042\n"
	    "upgrade: []\n", &d);
	assert_no_errors(&d);
	cr_assert_not_null(r);
	cr_assert_str_eq(r->id, "1234");
	cr_assert_str_eq(r->down.ids[0], "0042", "the id as written");
	revision_free(r);
	diags_free(&d);
}

Test(load, missing_required_keys)
{
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", "message: x\n", &d);
	cr_assert_null(r, "no id: no revision");
	assert_errors(&d, 3);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	assert_diags_have(&d, "v/x.yaml:1:1: error: a revision needs "
	    "'revision'\n");
	assert_diags_have(&d, "v/x.yaml:1:1: error: a revision needs "
	    "'down_revision' (null for a root)\n");
	assert_diags_have(&d, "v/x.yaml:1:1: error: a revision needs "
	    "'upgrade'\n");
	diags_free(&d);

	/* With an id, the revision comes back, marked bad. */
	diags_init(&d);
	r = parse_rev("v/x.yaml", "revision: r1\ndown_revision: null\n", &d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 1);
	assert_errors(&d, 1);
	assert_diags_have(&d, "needs 'upgrade'");
	revision_free(r);
	diags_free(&d);
}

Test(load, empty_and_non_mapping_files)
{
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", "", &d);
	cr_assert_null(r);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml: error: empty file");
	diags_free(&d);

	diags_init(&d);
	r = parse_rev("v/x.yaml", "- a\n- b\n", &d);
	cr_assert_null(r);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml:1:1: error: a revision file must be a "
	    "mapping, not a list");
	diags_free(&d);

	/* A YAML error is reported once, by the parser. */
	diags_init(&d);
	r = parse_rev("v/x.yaml", "revision: [r1\n", &d);
	cr_assert_null(r);
	assert_errors(&d, 1);
	assert_diags_have(&d, "invalid YAML");
	diags_free(&d);
}

Test(load, unknown_key_suggests)
{
	static const char y[] =
	    "revision: r1\n"
	    "down_revison: null\n"
	    "upgrade: []\n";
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 1);
	assert_errors(&d, 2);
	assert_diags_have(&d, "v/x.yaml:2:1: error: unknown key 'down_revison' "
	    "in a revision (did you mean down_revision?)");
	assert_diags_have(&d, "needs 'down_revision'");
	revision_free(r);
	diags_free(&d);

	/* Far from every key: no suggestion. */
	diags_init(&d);
	r = parse_rev("v/x.yaml", "revision: r1\ndown_revision: null\n"
	    "upgrade: []\nflavour: vanilla\n", &d);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml:4:1: error: unknown key 'flavour' in "
	    "a revision\n");
	revision_free(r);
	diags_free(&d);
}

Test(load, wrong_scalar_types)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "      name: t\n"						/* 5 */
	    "      columns:\n"						/* 6 */
	    "        - {name: a, type: integer, unique: yes}\n"		/* 7 */
	    "        - {name: b, type: integer, nullable: 0}\n"		/* 8 */
	    "        - {name: 7, type: integer}\n"			/* 9 */
	    "        - {name: c, type: [integer]}\n";			/* 10 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 1);
	cr_assert_eq(r->nupgrade, 0, "an op with errors is not kept");
	assert_errors(&d, 4);
	assert_diags_have(&d, "v/x.yaml:7:44: error: 'unique' must be true or "
	    "false, not a string");
	assert_diags_have(&d, "yes/no");
	assert_diags_have(&d, "v/x.yaml:8:46: error: 'nullable' must be true or "
	    "false, not an integer\n");
	assert_diags_have(&d, "v/x.yaml:9:18: error: 'name' must be a name, not "
	    "an integer");
	assert_diags_have(&d, "v/x.yaml:10:27: error: 'type' must be a type name"
	    " or a mapping");
	revision_free(r);
	diags_free(&d);
}

Test(load, unsupported_op)
{
	const char *const *names = op_names();
	const char *name = NULL;
	struct diags d;
	struct revision *r;
	char *y, *want;
	size_t i;

	/* Whichever op this release does not render yet. */
	for (i = 0; names[i] != NULL; i++)
		if (!op_lookup(names[i])->supported) {
			name = names[i];
			break;
		}
	if (name == NULL)
		cr_skip_test("every operation is supported");
	y = xasprintf(HEAD "  - %s: {}\n", name);
	want = xasprintf("v/x.yaml:4:5: error: operation '%s' is not supported "
	    "yet", name);
	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 1);
	assert_errors(&d, 1);
	assert_diags_have(&d, want);
	revision_free(r);
	diags_free(&d);
	free(y);
	free(want);
}

Test(load, unknown_op_suggests)
{
	static const char y[] = HEAD
	    "  - create_tabel: {name: t}\n"				/* 4 */
	    "  - frobnicate: {}\n";					/* 5 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 2);
	assert_diags_have(&d, "v/x.yaml:4:5: error: unknown operation "
	    "'create_tabel' (did you mean create_table?)");
	assert_diags_have(&d, "v/x.yaml:5:5: error: unknown operation "
	    "'frobnicate'\n");
	revision_free(r);
	diags_free(&d);
}

Test(load, op_mapping_with_two_keys)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "    name: t\n";						/* 5 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml:4:5: error: an operation is a mapping "
	    "with one key");
	assert_diags_have(&d, "2 keys ('create_table', 'name'");
	assert_diags_have(&d, "indentation");
	revision_free(r);
	diags_free(&d);

	diags_init(&d);
	r = parse_rev("v/x.yaml", HEAD "  - create_table\n", &d);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml:4:5: error: an operation is a mapping "
	    "with one key, its name");
	revision_free(r);
	diags_free(&d);
}

Test(load, execute_dialect_keys)
{
	static const char y[] = HEAD
	    "  - execute: {postgresql: \"SELECT 1\", postgres: \"SELECT 1\", oracle: \"SELECT 1\"}\n"
	    "  - execute: {sqlite: null}\n"				/* 5 */
	    "  - execute: {sql: \"SELECT 1\", transactional: true}\n"	/* 6 */
	    "  - execute: {}\n"						/* 7 */
	    "  - execute: 5\n";						/* 8 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 4);
	assert_diags_have(&d, "v/x.yaml:4:39: error: unknown key 'postgres' in "
	    "execute (did you mean postgresql?)");
	assert_diags_have(&d, "v/x.yaml:4:61: error: unknown key 'oracle' in "
	    "execute: expected 'sql' or a dialect name");
	assert_diags_have(&d, "v/x.yaml:7:5: error: execute needs 'sql' or SQL "
	    "for a dialect");
	assert_diags_have(&d, "v/x.yaml:8:14: error: execute needs SQL text, not "
	    "an integer");
	cr_assert_eq(r->nupgrade, 2, "lines 5 and 6 are valid");
	revision_free(r);
	diags_free(&d);
}

Test(load, per_dialect_type)
{
	static const char y[] = HEAD
	    "  - add_column: {table: t, column: {name: a, type: {postgresql: citext, sqlite: text}}}\n"
	    "  - add_column: {table: t, column: {name: b, type: {postgresql: citext, mssql: text}}}\n";
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml:5:73: error: unknown key 'mssql' in type");
	assert_diags_lack(&d, "'sql'");
	cr_assert_eq(r->nupgrade, 1);
	revision_free(r);
	diags_free(&d);
}

Test(load, bad_types)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "      name: t\n"						/* 5 */
	    "      columns:\n"						/* 6 */
	    "        - {name: a, type: \"strng(10)\"}\n"		/* 7 */
	    "        - {name: b, type: strng}\n"			/* 8 */
	    "        - {name: c, type: \"string(abc)\"}\n"		/* 9 */
	    "        - {name: d, type: integer(4)}\n"			/* 10 */
	    "        - {name: e, type: \"numeric(10,2,3)\"}\n"		/* 11 */
	    "        - {name: f, type: \"string(10\"}\n"		/* 12 */
	    "        - {name: g, type: \"numeric(10,2)\"}\n"		/* 13 */
	    "        - {name: h, type: enum(mood)}\n"			/* 14 */
	    "        - {name: i, type: string(255)}\n";		/* 15 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 6);
	assert_diags_have(&d, "v/x.yaml:7:27: error: unknown type 'strng(10)'");
	assert_diags_have(&d, "v/x.yaml:8:27: error: unknown type 'strng' (did "
	    "you mean string?)");
	assert_diags_have(&d, "v/x.yaml:9:27: error: bad type 'string(abc)'");
	assert_diags_have(&d, "v/x.yaml:10:27: error: bad type 'integer(4)'");
	assert_diags_have(&d, "v/x.yaml:11:27: error: bad type 'numeric(10,2,3)'");
	assert_diags_have(&d, "v/x.yaml:12:27: error: bad type 'string(10'");
	assert_diags_lack(&d, "v/x.yaml:13:");
	assert_diags_lack(&d, "v/x.yaml:14:");
	assert_diags_lack(&d, "v/x.yaml:15:");
	revision_free(r);
	diags_free(&d);
}

Test(load, type_parse_and_map_keys)
{
	struct type_spec t;
	const char *why = NULL;

	cr_assert(type_parse("numeric(10,2)", &t, &why));
	cr_assert_eq(t.type, GT_NUMERIC);
	cr_assert_eq(t.nparams, 2);
	cr_assert_eq(t.params[0], 10);
	cr_assert_eq(t.params[1], 2);
	cr_assert_str_eq(type_map_key(&t), "numeric(precision,scale)");
	cr_assert(type_parse("numeric( 12 )", &t, &why));
	cr_assert_eq(t.nparams, 1);
	cr_assert_eq(t.params[0], 12);
	cr_assert_str_eq(type_map_key(&t), "numeric(precision)");
	cr_assert(type_parse("string", &t, &why));
	cr_assert_str_eq(type_map_key(&t), "string");
	cr_assert(type_parse("string(255)", &t, &why));
	cr_assert_eq(t.type, GT_STRING);
	cr_assert_str_eq(type_map_key(&t), "string(length)");
	cr_assert(type_parse("enum(mood)", &t, &why));
	cr_assert_eq(t.type, GT_ENUM);
	cr_assert_str_eq(t.enum_name, "mood");
	cr_assert(type_parse("timestamptz", &t, &why));
	cr_assert_eq(t.type, GT_TIMESTAMPTZ);
	/* Issue 15: varchar is string; the new types and their keys. */
	cr_assert(type_parse("varchar(10)", &t, &why));
	cr_assert_eq(t.type, GT_STRING);
	cr_assert_str_eq(type_map_key(&t), "string(length)");
	cr_assert(type_parse("timestamp(3)", &t, &why));
	cr_assert_str_eq(type_map_key(&t), "timestamp(precision)");
	cr_assert_not(type_parse("timestamptz(7)", &t, &why));
	cr_assert(type_parse("char(2)", &t, &why));
	cr_assert_str_eq(type_map_key(&t), "char(length)");
	cr_assert_not(type_parse("char", &t, &why));
	cr_assert(type_parse("array(array(numeric(10,2)))", &t, &why));
	cr_assert_eq(t.type, GT_ARRAY);
	cr_assert_str_eq(t.enum_name, "array(numeric(10,2))");
	cr_assert_not(type_parse("array(enum(mood))", &t, &why));
	cr_assert_not(type_parse("array(nosuch)", &t, &why));
	cr_assert(type_parse("jsonb", &t, &why));
	cr_assert_eq(t.type, GT_JSONB);
	cr_assert_not(type_parse("jsonb(1)", &t, &why));
	cr_assert_not(type_parse("varchar2(10)", &t, &why));
	cr_assert_str_eq(why, "unknown type");
	cr_assert_not(type_parse("string(1,2)", &t, &why));
	cr_assert_not(type_parse("enum()", &t, &why));
	cr_assert_not(type_parse("enum", &t, &why));
	cr_assert_not(type_parse("Integer", &t, &why), "names are lower case");
	cr_assert_str_eq(fk_action_canonical("set null"), "SET NULL");
	cr_assert_str_eq(fk_action_canonical("Cascade"), "CASCADE");
	cr_assert_null(fk_action_canonical("explode"));
}

Test(load, invalid_revision_ids)
{
	static const char *const bad[] = {
	    "revision: \"abc def\"\n", "revision: head\n", "revision: base\n",
	    "revision: heads\n", "revision: -abc\n", "revision: .abc\n",
	    "revision: a/b\n",
	    "revision: abcdefghijklmnopqrstuvwxyz0123456\n",	/* 33 */
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct diags d;
		struct revision *r;
		char *y = xasprintf("%sdown_revision: null\nupgrade: []\n",
		    bad[i]);

		diags_init(&d);
		r = parse_rev("v/x.yaml", y, &d);
		cr_assert_null(r, "%s", bad[i]);
		assert_errors(&d, 1);
		assert_diags_have(&d, "v/x.yaml:1:11: error: '");
		assert_diags_have(&d, "is not a valid revision id");
		diags_free(&d);
		free(y);
	}
}

Test(load, revision_id_valid_rules)
{
	cr_assert(revision_id_valid("a"));
	cr_assert(revision_id_valid("3c4d5e6f7081"));
	cr_assert(revision_id_valid("abc-1.2_X"));
	cr_assert(revision_id_valid("_x"));
	cr_assert(revision_id_valid("abcdefghijklmnopqrstuvwxyz012345"),
	    "32 characters is the limit");
	cr_assert_not(revision_id_valid("abcdefghijklmnopqrstuvwxyz0123456"));
	cr_assert_not(revision_id_valid(""));
	cr_assert_not(revision_id_valid("-a"));
	cr_assert_not(revision_id_valid(".a"));
	cr_assert_not(revision_id_valid("a b"));
	cr_assert_not(revision_id_valid("a:b"), "':' separates a range");
	cr_assert_not(revision_id_valid("a,b"), "',' separates a list");
	cr_assert_not(revision_id_valid("a@head"));
	cr_assert_not(revision_id_valid("a+1"));
	cr_assert_not(revision_id_valid("caf\xc3\xa9"));
	cr_assert_not(revision_id_valid("base"));
	cr_assert_not(revision_id_valid("head"));
	cr_assert_not(revision_id_valid("heads"));
}

Test(load, id_lists)
{
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml",
	    "revision: r3\n"						/* 1 */
	    "down_revision: [r1, r1]\n"				/* 2 */
	    "branch_labels: [base, ok]\n"				/* 3 */
	    "depends_on: true\n"					/* 4 */
	    "upgrade: []\n", &d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 1);
	assert_errors(&d, 3);
	assert_diags_have(&d, "v/x.yaml:2:21: error: 'down_revision' lists 'r1' "
	    "twice");
	assert_diags_have(&d, "v/x.yaml:3:17: error: 'base' is not a valid "
	    "branch label");
	assert_diags_have(&d, "v/x.yaml:4:13: error: 'depends_on' must be a "
	    "revision id, not a boolean");
	cr_assert_eq(r->down.n, 1);
	cr_assert_eq(r->labels.n, 1);
	cr_assert_str_eq(r->labels.ids[0], "ok");
	revision_free(r);
	diags_free(&d);
}

Test(load, autoincrement_needs_an_integer_primary_key)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "      name: t\n"						/* 5 */
	    "      columns:\n"						/* 6 */
	    "        - {name: id, type: integer, autoincrement: true}\n"	/* 7 */
	    "        - {name: k, type: text, primary_key: true, autoincrement: true}\n"
	    "        - {name: n, type: bigint, primary_key: true, autoincrement: false}\n";
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 2);
	assert_diags_have(&d, "v/x.yaml:7:37: error: autoincrement needs "
	    "primary_key: true on the same column");
	assert_diags_have(&d, "v/x.yaml:8:");
	assert_diags_have(&d, "autoincrement needs an integer");
	assert_diags_lack(&d, "v/x.yaml:9:");
	revision_free(r);
	diags_free(&d);
}

Test(load, foreign_keys)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "      name: t\n"						/* 5 */
	    "      columns: [{name: a, type: integer}, {name: b, type: integer}]\n"
	    "      foreign_keys:\n"					/* 7 */
	    "        - {local_cols: [a, b], referent_table: p, remote_cols: [x]}\n"
	    "        - {local_cols: [a, b], referent_table: p, remote_cols: [x, y]}\n"
	    "  - add_column: {table: t, column: {name: u, type: integer, foreign_key: users.id, ondelete: explode}}\n"
	    "  - add_column: {table: t, column: {name: v, type: integer, ondelete: cascade}}\n"
	    "  - add_column: {table: t, column: {name: w, type: integer, foreign_key: users}}\n"
	    "  - add_column: {table: t, column: {name: x, type: integer, foreign_key: {table: users, column: id}, ondelete: set null}}\n";
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_errors(&d, 4);
	assert_diags_have(&d, "v/x.yaml:8:64: error: a foreign key needs as many "
	    "remote_cols as local_cols");
	assert_diags_lack(&d, "v/x.yaml:9:");
	assert_diags_have(&d, "v/x.yaml:10:");
	assert_diags_have(&d, "'ondelete' must be one of CASCADE");
	assert_diags_have(&d, "v/x.yaml:11:");
	assert_diags_have(&d, "'ondelete' needs a foreign_key");
	assert_diags_have(&d, "v/x.yaml:12:");
	assert_diags_have(&d, "\"table.column\"");
	assert_diags_lack(&d, "v/x.yaml:13:");
	cr_assert_eq(r->nupgrade, 1);
	cr_assert_eq(r->upgrade[0].loc.line, 13);
	revision_free(r);
	diags_free(&d);
}

Test(load, duplicate_column)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "      name: t\n"						/* 5 */
	    "      columns:\n"						/* 6 */
	    "        - {name: a, type: integer}\n"			/* 7 */
	    "        - {name: a, type: text}\n";			/* 8 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	assert_errors(&d, 1);
	assert_diags_have(&d, "v/x.yaml:8:18: error: column 'a' is defined twice");
	revision_free(r);
	diags_free(&d);
}

Test(load, every_error_of_a_file_reported)
{
	static const char y[] =
	    "revision: r1\n"						/* 1 */
	    "down_revision: null\n"					/* 2 */
	    "mesage: hello\n"						/* 3 */
	    "upgrade:\n"						/* 4 */
	    "  - create_tabel: {name: t}\n"				/* 5 */
	    "  - create_table:\n"					/* 6 */
	    "      name: t\n"						/* 7 */
	    "      columns:\n"						/* 8 */
	    "        - {name: a, type: strng}\n"			/* 9 */
	    "        - {name: b, type: integer, unique: yes}\n"		/* 10 */
	    "  - drop_table: 7\n"					/* 11 */
	    "downgrade: {}\n";						/* 12 */
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	cr_assert_eq(r->bad, 1);
	cr_assert_eq(r->has_downgrade, 1);
	assert_errors(&d, 6);
	assert_diags_have(&d, "v/x.yaml:3:1: error: unknown key 'mesage' in a "
	    "revision (did you mean message?)");
	assert_diags_have(&d, "v/x.yaml:5:5: error: unknown operation "
	    "'create_tabel'");
	assert_diags_have(&d, "v/x.yaml:9:27: error: unknown type 'strng'");
	assert_diags_have(&d, "v/x.yaml:10:44: error: 'unique' must be true or "
	    "false");
	assert_diags_have(&d, "v/x.yaml:11:17: error: 'name' must be a name, "
	    "not an integer");
	assert_diags_have(&d, "v/x.yaml:12:12: error: 'downgrade' must be a list "
	    "of operations");
	revision_free(r);
	diags_free(&d);
}

/*
 * Every foreign key of a list is checked, not only up to the first bad
 * one (DESIGN.md: each stage reports every error it finds).
 */
Test(load, every_foreign_key_count_mismatch_reported)
{
	static const char y[] = HEAD
	    "  - create_table:\n"					/* 4 */
	    "      name: t\n"						/* 5 */
	    "      columns: [{name: a, type: integer}, {name: b, type: integer}]\n"
	    "      foreign_keys:\n"					/* 7 */
	    "        - {local_cols: [a, b], referent_table: p, remote_cols: [x]}\n"
	    "        - {local_cols: [a, b], referent_table: q, remote_cols: [x]}\n";
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = parse_rev("v/x.yaml", y, &d);
	cr_assert_not_null(r);
	assert_diags_have(&d, "v/x.yaml:8:64: error: a foreign key needs");
	assert_diags_have(&d, "v/x.yaml:9:64: error: a foreign key needs");
	assert_errors(&d, 2);
	revision_free(r);
	diags_free(&d);
}

/* Exclusion constraint operators (PostgreSQL 15 docs, 4.1.3): what the
   lexer reads as one operator, and nothing else. */
Test(load, exclusion_operators)
{
	static const char *const good[] = {
		"=", "&&", "<->", "-|-", "@>", "<<|", "~=", "!=", "<>", "+",
		"?-|", "OPERATOR(&&)", "OPERATOR(pg_catalog.&&)",
		"operator(public.=)",
		"***************************************************************",
	};
	static const char *const bad[] = {
		"", "=) ; DROP TABLE x; --", "<-->", "/*", "&&/*", "=-", "<+",
		"&& ", " =", "WITH", "==:", "\\!", "OPERATOR(Pg.&&)",
		"OPERATOR(pg catalog.&&)", "OPERATOR(.&&)", "OPERATOR()",
		"OPERATOR(pg_catalog.)", "OPERATOR(&&", "OPERATOR (&&)",
		"****************************************************************",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		cr_expect_null(pg_operator_problem(good[i]), "%s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_not_null(pg_operator_problem(bad[i]), "%s", bad[i]);
}
