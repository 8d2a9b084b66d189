/* test_dialect.c -- dialect files: loading, quoting, literals, names. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/op.h"
#include "migsql/render.h"
#include "migsql/template.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(dialect, .fini = helpers_fini);

/* The source tree: make check exports top_srcdir; by hand, run in build/. */
static const char *
srcdir(void)
{
	const char *top = getenv("top_srcdir");

	return top != NULL && *top != '\0' ? top : "..";
}

/* Loads dialects/NAME.yaml of the source tree, which must load cleanly. */
static void
load_shipped(struct dialect *dl, const char *name)
{
	char *path = xasprintf("%s/dialects/%s.yaml", srcdir(), name);
	struct diags d;
	char *text;
	int ok;

	diags_init(&d);
	ok = dialect_load(dl, path, name, &d);
	text = diags_text(&d);
	cr_assert_eq(ok, 1, "%s does not load:\n%s", path, text);
	cr_assert_eq(d.errors, 0, "%s", text);
	free(text);
	free(path);
	diags_free(&d);
}

static char *
ident(const struct dialect *dl, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	dialect_ident(dl, name, &sb);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb);
}

static char *
literal(const struct dialect *dl, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	dialect_literal(dl, s, &sb);
	strbuf_adds(&sb, "");
	return strbuf_detach(&sb);
}

/* A string of n copies of ch (caller frees). */
static char *
repeat(char ch, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

Test(dialect, shipped_dialects_load)
{
	struct dialect pg, lite;
	size_t i;

	load_shipped(&pg, "postgresql");
	load_shipped(&lite, "sqlite");
	cr_assert_str_eq(pg.name, "postgresql");
	cr_assert_str_eq(lite.name, "sqlite");
	cr_assert_str_eq(pg.arg, "postgresql");
	cr_assert_eq(pg.max_ident, 63);
	cr_assert_eq(lite.max_ident, 0);
	cr_assert_eq(pg.ident_quote, '"');
	cr_assert_eq(pg.string_quote, '\'');
	cr_assert_str_eq(pg.lit_true, "true");
	cr_assert_str_eq(lite.lit_true, "1");
	cr_assert_str_eq(lite.lit_false, "0");
	for (i = 0; i < DT_COUNT; i++) {
		/* PostgreSQL alters in place and has enum types; SQLite
		   rebuilds tables, writes enums as checked text, cannot
		   skip applied steps (no resume_guard), runs every
		   statement in a transaction, has no NOT VALID
		   constraints to validate, changes an enum's values by
		   rebuilding the tables that use it and has no identity
		   columns nor exclusion constraints. */
		int pg_rebuild = i == DT_REBUILD_COPY || i == DT_REBUILD_CHECK ||
		    i == DT_REBUILD_RENAME_VALUE || i == DT_ALTER_COLUMN ||
		    i == DT_UPDATE_VALUE || i == DT_STATE_ROW;
		int lite_alters = (i >= DT_ALTER_COLUMN_TYPE &&
		    i <= DT_DROP_ENUM) || i == DT_RESUME_GUARD ||
		    i == DT_VERSION_STATE || i == DT_OUTSIDE_TRANSACTION ||
		    i == DT_ENCODING || i == DT_VALIDATE_CONSTRAINT ||
		    i == DT_ADD_ENUM_VALUE || i == DT_RENAME_ENUM_VALUE ||
		    i == DT_ALTER_COLUMN_IDENTITY || i == DT_EXCLUDE ||
		    i == DT_EXCLUDE_ELEMENT || i == DT_ALTER_COLUMN ||
		    i == DT_UPDATE_VALUE || i == DT_STATE_ROW;

		cr_assert_eq(pg.tpl[i] == NULL, pg_rebuild,
		    "postgresql template %zu", i);
		cr_assert_eq(lite.tpl[i] == NULL, lite_alters,
		    "sqlite template %zu", i);
	}
	for (i = 1; i < pg.nreserved; i++)
		cr_assert_lt(strcmp(pg.reserved[i - 1], pg.reserved[i]), 0,
		    "reserved words are sorted, without repeats");
	dialect_free(&pg);
	dialect_free(&lite);
}

Test(dialect, shipped_mariadb_loads)
{
	struct dialect m;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	load_shipped(&m, "mariadb");
	cr_assert_eq(m.client, CLIENT_MARIADB);
	cr_assert_eq(m.max_ident, 64);
	cr_assert_eq(m.ident_quote, '`');
	/* What MariaDB cannot do, as data (MariaDB 10.11 docs). */
	cr_assert_not(m.transactional_ddl);
	cr_assert_not(m.inline_constraints);
	cr_assert_not(m.expression_indexes);
	cr_assert_not(m.drop_column_drops_constraints);
	/* In place, never a rebuild; parts and their progress. */
	cr_assert_not_null(m.tpl[DT_ALTER_COLUMN]);
	cr_assert_not_null(m.tpl[DT_UPDATE_VALUE]);
	cr_assert_null(m.tpl[DT_REBUILD_COPY]);
	cr_assert_null(m.tpl[DT_REBUILD_CHECK]);
	cr_assert_null(m.tpl[DT_CREATE_ENUM]);
	cr_assert_null(m.tpl[DT_OUTSIDE_TRANSACTION]);
	cr_assert_not_null(m.tpl[DT_STEP]);
	cr_assert_not_null(m.tpl[DT_RESUME_GUARD]);
	cr_assert_not_null(m.tpl[DT_VERSION_STATE]);
	for (i = 1; i < m.nreserved; i++)
		cr_assert_lt(strcmp(m.reserved[i - 1], m.reserved[i]), 0,
		    "reserved words are sorted, without repeats");
	/* A backslash and a CR become CHAR() in CONCAT(): the same in
	   every sql_mode, and no backslash before a quote for the client. */
	dialect_literal(&m, "a\\b\r\nc'd", &sb);
	cr_assert_str_eq(sb.buf, "CONCAT('a', CHAR(92 USING utf8mb4), 'b', "
	    "CHAR(13 USING utf8mb4), '\nc''d')");
	strbuf_reset(&sb);
	dialect_literal(&m, "plain", &sb);
	cr_assert_str_eq(sb.buf, "'plain'");
	strbuf_reset(&sb);
	dialect_ident(&m, "order", &sb);
	cr_assert_str_eq(sb.buf, "`order`");
	strbuf_free(&sb);
	dialect_free(&m);
}

Test(dialect, shipped_templates_render)
{
	struct dialect pg, lite;
	const char *const *keys = type_map_keys();
	struct strbuf out = STRBUF_INIT;
	const struct tpl_var table[] = { { "table", "users", NULL, 0 } };
	const struct tpl_var len[] = { { "length", "255", NULL, 0 } };
	size_t i, k = 0;

	load_shipped(&pg, "postgresql");
	load_shipped(&lite, "sqlite");
	tpl_render(pg.tpl[DT_DROP_TABLE], table, 1, &out);
	/* A statement: it starts with a statement mark (client.h). */
	cr_assert_str_eq(strbuf_str(&out), "\xff" "SDROP TABLE users;");
	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], "string(length)") == 0)
			k = i;
	cr_assert_str_eq(keys[k], "string(length)");
	strbuf_reset(&out);
	tpl_render(pg.types[k], len, 1, &out);
	cr_assert_str_eq(strbuf_str(&out), "varchar(255)");
	strbuf_reset(&out);
	tpl_render(lite.types[k], len, 1, &out);
	cr_assert_str_eq(strbuf_str(&out), "VARCHAR(255)");
	strbuf_free(&out);
	dialect_free(&pg);
	dialect_free(&lite);
}

Test(dialect, postgresql_identifiers)
{
	struct dialect dl;

	load_shipped(&dl, "postgresql");
	assert_str_take(ident(&dl, "users"), "users");
	assert_str_take(ident(&dl, "user_id"), "user_id");
	assert_str_take(ident(&dl, "_tmp2"), "_tmp2");
	assert_str_take(ident(&dl, "key"), "key");
	/* Reserved words, whatever their case. */
	assert_str_take(ident(&dl, "user"), "\"user\"");
	assert_str_take(ident(&dl, "order"), "\"order\"");
	assert_str_take(ident(&dl, "group"), "\"group\"");
	assert_str_take(ident(&dl, "select"), "\"select\"");
	/* true and null are words in the list, not YAML values. */
	assert_str_take(ident(&dl, "true"), "\"true\"");
	assert_str_take(ident(&dl, "null"), "\"null\"");
	/* Mixed case would fold: quoted to keep it. */
	assert_str_take(ident(&dl, "Users"), "\"Users\"");
	assert_str_take(ident(&dl, "ORDER"), "\"ORDER\"");
	assert_str_take(ident(&dl, "userId"), "\"userId\"");
	/* Not plain. */
	assert_str_take(ident(&dl, "1st"), "\"1st\"");
	assert_str_take(ident(&dl, "my table"), "\"my table\"");
	assert_str_take(ident(&dl, "a-b"), "\"a-b\"");
	assert_str_take(ident(&dl, "a\"b"), "\"a\"\"b\"");
	assert_str_take(ident(&dl, "\""), "\"\"\"\"");
	assert_str_take(ident(&dl, "caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	assert_str_take(ident(&dl, "\xce\xb4"), "\"\xce\xb4\"");
	dialect_free(&dl);
}

/*
 * The plain pattern must match the whole name: PCRE2's '$' alone also
 * matches before a final newline, and "users\n" (e.g. from "name: |" in a
 * revision) written unquoted would be read as the table users.
 */
Test(dialect, name_ending_in_a_newline_is_quoted)
{
	struct dialect pg, lite;

	load_shipped(&pg, "postgresql");
	load_shipped(&lite, "sqlite");
	assert_str_take(ident(&pg, "users\n"), "\"users\n\"");
	assert_str_take(ident(&lite, "users\n"), "\"users\n\"");
	dialect_free(&pg);
	dialect_free(&lite);
}

Test(dialect, sqlite_identifiers)
{
	struct dialect dl;

	load_shipped(&dl, "sqlite");
	assert_str_take(ident(&dl, "users"), "users");
	/* user is no SQLite keyword. */
	assert_str_take(ident(&dl, "user"), "user");
	assert_str_take(ident(&dl, "key"), "\"key\"");
	assert_str_take(ident(&dl, "KEY"), "\"KEY\"");
	assert_str_take(ident(&dl, "order"), "\"order\"");
	assert_str_take(ident(&dl, "group"), "\"group\"");
	assert_str_take(ident(&dl, "Users"), "\"Users\"");
	assert_str_take(ident(&dl, "a\"b"), "\"a\"\"b\"");
	assert_str_take(ident(&dl, "caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	dialect_free(&dl);
}

Test(dialect, literals)
{
	struct dialect pg, lite;

	load_shipped(&pg, "postgresql");
	load_shipped(&lite, "sqlite");
	assert_str_take(literal(&pg, "plain"), "'plain'");
	assert_str_take(literal(&pg, "it's"), "'it''s'");
	assert_str_take(literal(&pg, "''"), "''''''");
	assert_str_take(literal(&pg, ""), "''");
	/* A backslash: E'' with it doubled, the same text whatever
	   standard_conforming_strings says (client.h). */
	assert_str_take(literal(&pg, "C:\\dir\\n"), "E'C:\\\\dir\\\\n'");
	assert_str_take(literal(&pg, "C:\\"), "E'C:\\\\'");
	assert_str_take(literal(&pg, "\\'"), "E'\\\\'''");
	assert_str_take(literal(&pg, "line 1\nline 2"), "'line 1\nline 2'");
	assert_str_take(literal(&pg, "na\xc3\xafve \xe2\x82\xac"),
	    "'na\xc3\xafve \xe2\x82\xac'");
	assert_str_take(literal(&pg, "say \"hi\""), "'say \"hi\"'");
	assert_str_take(literal(&lite, "it's"), "'it''s'");
	assert_str_take(literal(&lite, "a\\b"), "'a\\b'");
	assert_str_take(literal(&lite, "x\ny"), "'x\ny'");
	dialect_free(&pg);
	dialect_free(&lite);
}

Test(dialect, identifier_length)
{
	struct dialect pg, lite;
	char *s63 = repeat('a', 63), *s64 = repeat('a', 64);
	char *s1000 = repeat('a', 1000);
	char *u63, *u64;

	/* 61 or 62 letters and a two-byte character: 63 or 64 bytes. */
	u63 = xasprintf("%.61s\xc3\xa9", s63);
	u64 = xasprintf("%.62s\xc3\xa9", s63);
	cr_assert_eq(strlen(u63), 63);
	cr_assert_eq(strlen(u64), 64);
	load_shipped(&pg, "postgresql");
	load_shipped(&lite, "sqlite");
	cr_assert_not(dialect_ident_too_long(&pg, s63));
	cr_assert(dialect_ident_too_long(&pg, s64));
	cr_assert_not(dialect_ident_too_long(&pg, u63));
	cr_assert(dialect_ident_too_long(&pg, u64), "the limit is in bytes");
	cr_assert_not(dialect_ident_too_long(&pg, "users"));
	cr_assert_not(dialect_ident_too_long(&lite, s64));
	cr_assert_not(dialect_ident_too_long(&lite, s1000));
	free(s63);
	free(s64);
	free(s1000);
	free(u63);
	free(u64);
	dialect_free(&pg);
	dialect_free(&lite);
}

Test(dialect, find_on_the_search_path)
{
	char *dir = xasprintf("%s/dialects", srcdir());
	char *env = xasprintf("/nonexistent/migsql:%s", dir);
	char *want = xasprintf("%s/postgresql.yaml", dir);
	struct diags d;
	char *path, **names;
	size_t i;
	int pg = 0, lite = 0;

	setenv("MIGSQL_DIALECT_PATH", env, 1);
	diags_init(&d);
	path = dialect_find("postgresql", &d);
	assert_no_errors(&d);
	cr_assert_not_null(path);
	cr_assert_str_eq(path, want);
	free(path);
	/* A path is taken as is. */
	path = dialect_find("./mine.yaml", &d);
	cr_assert_str_eq(path, "./mine.yaml");
	free(path);
	path = dialect_find("sub/mine", &d);
	cr_assert_str_eq(path, "sub/mine");
	free(path);
	assert_no_errors(&d);

	names = dialect_names(NULL);
	for (i = 0; names[i] != NULL; i++) {
		pg |= strcmp(names[i], "postgresql") == 0;
		lite |= strcmp(names[i], "sqlite") == 0;
		if (i > 0)
			cr_assert_lt(strcmp(names[i - 1], names[i]), 0,
			    "names sorted, without repeats");
	}
	cr_assert(pg && lite);
	dialect_names_free(names);

	path = dialect_find("postgresq", &d);
	cr_assert_null(path);
	assert_errors(&d, 1);
	cr_assert_eq(d.exit_code, EXIT_USAGE);
	assert_diags_have(&d, "unknown dialect 'postgresq' (did you mean "
	    "postgresql?)");
	assert_diags_have(&d, dir);
	diags_free(&d);

	diags_init(&d);
	path = dialect_find("no such", &d);
	cr_assert_null(path);
	cr_assert_eq(d.exit_code, EXIT_USAGE);
	assert_diags_have(&d, "'no such' is not a dialect name");
	diags_free(&d);
	free(dir);
	free(env);
	free(want);
}

Test(dialect, missing_file)
{
	struct dialect dl;
	struct diags d;

	diags_init(&d);
	cr_assert_eq(dialect_load(&dl, "/nonexistent/x.yaml", "x", &d), 0);
	assert_errors(&d, 1);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	assert_diags_have(&d, "/nonexistent/x.yaml: error: cannot read");
	dialect_free(&dl);
	diags_free(&d);
}

/*
 * A small complete dialect, one line per entry, so that variants can
 * replace, drop or add lines and know the line numbers of their errors.
 */
static const char *const mini[] = {
	"name: mini",						/* 1 */
	"identifiers:",						/* 2 */
	"  plain: '^[a-z_][a-z0-9_]*$'",			/* 3 */
	"  quote: '\"'",					/* 4 */
	"  max_length: 10",					/* 5 */
	"  reserved: [select, Table, true]",			/* 6 */
	"literals:",						/* 7 */
	"  quote: \"'\"",					/* 8 */
	"  true: \"TRUE\"",					/* 9 */
	"  false: \"FALSE\"",					/* 10 */
	"  null: \"NULL\"",					/* 11 */
	"types:",						/* 12 */
	"  integer: int",					/* 13 */
	"  bigint: bigint",					/* 14 */
	"  smallint: smallint",					/* 15 */
	"  boolean: bool",					/* 16 */
	"  string: varchar",					/* 17 */
	"  string(length): \"varchar({length})\"",		/* 18 */
	"  text: text",						/* 19 */
	"  numeric: numeric",					/* 20 */
	"  numeric(precision): \"numeric({precision})\"",	/* 21 */
	"  numeric(precision,scale): \"numeric({precision},{scale})\"",
	"  float: real",					/* 23 */
	"  double: double",					/* 24 */
	"  date: date",						/* 25 */
	"  time: time",						/* 26 */
	"  timestamp: timestamp",				/* 27 */
	"  timestamptz: timestamptz",				/* 28 */
	"  interval: interval",					/* 29 */
	"  binary: blob",					/* 30 */
	"  json: json",						/* 31 */
	"  uuid: uuid",						/* 32 */
	"  enum: \"{name}\"",					/* 33 */
	"features:",						/* 34 */
	"  add_column_unique: true",				/* 35 */
	"  add_column_primary_key: false",			/* 36 */
	"  add_column_not_null_needs_default: true",		/* 37 */
	"templates:",						/* 38 */
	"  create_table: \"CREATE TABLE {table} ({elements});\"",	/* 39 */
	"  column: \"{name} {type}\"",				/* 40 */
	"  primary_key: \"PRIMARY KEY ({columns})\"",		/* 41 */
	"  unique: \"UNIQUE ({columns})\"",			/* 42 */
	"  foreign_key: \"FOREIGN KEY ({columns}) REFERENCES {ref_table}\"",
	"  check: \"CHECK ({condition})\"",			/* 44 */
	"  drop_table: \"DROP TABLE {table};\"",		/* 45 */
	"  rename_table: \"ALTER TABLE {table} RENAME TO {new_name};\"",
	"  add_column: \"ALTER TABLE {table} ADD {column};\"",	/* 47 */
	"  drop_column: \"ALTER TABLE {table} DROP {column};\"",	/* 48 */
	"  create_index: \"CREATE INDEX {name} ON {table} ({columns});\"",
	"  drop_index: \"DROP INDEX {name};\"",			/* 50 */
	"  execute: \"{sql}\"",					/* 51 */
	"  comment: \"-- {text}\"",				/* 52 */
	"  script: |",						/* 53 */
	"    {header}",						/* 54 */
	"    {guard}",						/* 55 */
	"    {body}",						/* 56 */
	"    {final_check}",					/* 57 */
	"  guard: \"-- guard {expected}\"",			/* 58 */
	"  final_check: \"-- check {expected}\"",		/* 59 */
	"  version_insert: \"INSERT {to};\"",			/* 60 */
	"  version_update: \"UPDATE {from} {to};\"",		/* 61 */
	"  version_delete: \"DELETE {from};\"",			/* 62 */
	"  rename_column: \"RENAME {column} {new_name};\"",	/* 63 */
	"  table_comment: \"-- comment\"",			/* 64 */
	"  column_comment: \"-- comment\"",			/* 65 */
	"  insert: \"INSERT {table} {values};\"",		/* 66 */
	"  cast: \"CAST({expr} AS {type})\"",			/* 67 */
	"  rebuild_copy: \"COPY {table} {new_table};\"",	/* 68 */
	"  rebuild_check: \"CHECK {table};\"",		/* 69 */
	NULL
};

/* A mkstemp() template in $TMPDIR (default /tmp); the caller frees. */
static char *
tmp_template(void)
{
	const char *dir = getenv("TMPDIR");

	return xasprintf("%s/migsql-test-dialect-XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
}

/*
 * Writes mini to a temporary file with line `line` (1-based) replaced by
 * `with` (NULL: dropped; 0: no change) and `extra` lines appended (may be
 * NULL), then its client.  Returns the malloc'd path; the caller unlinks
 * and frees it.
 */
static char *
write_mini(size_t line, const char *with, const char *extra)
{
	char *path = tmp_template();
	int fd = mkstemp(path);
	FILE *fp;
	size_t i;

	cr_assert_geq(fd, 0, "mkstemp");
	fp = fdopen(fd, "w");
	cr_assert_not_null(fp);
	for (i = 0; mini[i] != NULL; i++) {
		if (i + 1 == line) {
			if (with != NULL)
				fprintf(fp, "%s\n", with);
			continue;
		}
		fprintf(fp, "%s\n", mini[i]);
	}
	if (extra != NULL)
		fputs(extra, fp);
	/* Last, so that line numbers and extra templates stay as they are. */
	fputs("client: psql\n", fp);
	fclose(fp);
	return path;
}

/* Loads a variant of mini that must fail; returns its diagnostics text. */
static void
load_bad(size_t line, const char *with, const char *extra,
    struct diags *d, char **path)
{
	struct dialect dl;

	*path = write_mini(line, with, extra);
	cr_assert_eq(dialect_load(&dl, *path, "mini", d), 0,
	    "the variant should not load");
	cr_assert_geq(d->errors, 1);
	cr_assert_eq(d->exit_code, EXIT_INPUT);
	dialect_free(&dl);
	unlink(*path);
}

/* Asserts that d has "PATH:LINE:COL: error: MSG..." for the temp file. */
static void
expect_at(const struct diags *d, const char *path, unsigned line,
    unsigned col, const char *msg)
{
	char *want = xasprintf("%s:%u:%u: error: %s", path, line, col, msg);

	assert_diags_have(d, want);
	free(want);
}

Test(dialect, mini_loads)
{
	struct dialect dl;
	struct diags d;
	char *path = write_mini(0, NULL, NULL);
	int ok;

	diags_init(&d);
	ok = dialect_load(&dl, path, "mini", &d);
	unlink(path);
	assert_no_errors(&d);
	cr_assert_eq(ok, 1);
	cr_assert_str_eq(dl.name, "mini");
	cr_assert_str_eq(dl.path, path);
	cr_assert_eq(dl.max_ident, 10);
	cr_assert_str_eq(dl.lit_true, "TRUE");
	cr_assert_eq(dl.add_column_unique, 1);
	cr_assert_eq(dl.add_column_primary_key, 0);
	cr_assert_eq(dl.add_column_not_null_needs_default, 1);
	/* Reserved words are compared without case. */
	assert_str_take(ident(&dl, "table"), "\"table\"");
	assert_str_take(ident(&dl, "true"), "\"true\"");
	assert_str_take(ident(&dl, "tables"), "tables");
	cr_assert(dialect_ident_too_long(&dl, "abcdefghijk"));
	cr_assert_not(dialect_ident_too_long(&dl, "abcdefghij"));
	dialect_free(&dl);
	diags_free(&d);
	free(path);
}

Test(dialect, unknown_template_placeholder)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(45, "  drop_table: \"DROP TABLE {tabel};\"", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 45, 27, "template 'drop_table': unknown placeholder "
	    "'{tabel}' (did you mean {table}?)");
	diags_free(&d);
	free(path);
}

Test(dialect, unknown_placeholder_in_a_block_template)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(56, "    {body} {bogus}", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 56, 12, "template 'script': unknown placeholder "
	    "'{bogus}'");
	diags_free(&d);
	free(path);
}

Test(dialect, unknown_placeholder_in_a_type)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(18, "  string(length): \"varchar({lenght})\"", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 18, 28, "template 'string(length)': unknown "
	    "placeholder '{lenght}' (did you mean {length}?)");
	diags_free(&d);
	free(path);
}

Test(dialect, missing_template)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(50, NULL, NULL, &d, &path);	/* drop_index */
	assert_errors(&d, 1);
	/* At the templates mapping, whose first key is on line 37. */
	expect_at(&d, path, 39, 3, "templates needs 'drop_index'");
	diags_free(&d);
	free(path);
}

Test(dialect, missing_type)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(32, NULL, NULL, &d, &path);	/* uuid */
	assert_errors(&d, 1);
	expect_at(&d, path, 13, 3, "types needs 'uuid'");
	diags_free(&d);
	free(path);
}

Test(dialect, unknown_keys)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(0, NULL, "  drop_tabel: \"x\"\ncolour: red\n", &d, &path);
	assert_errors(&d, 2);
	expect_at(&d, path, 70, 3, "unknown key 'drop_tabel' in templates (did "
	    "you mean drop_table?)");
	expect_at(&d, path, 71, 1, "unknown key 'colour' in a dialect");
	diags_free(&d);
	free(path);

	diags_init(&d);
	load_bad(5, "  max_lenght: 10", NULL, &d, &path);
	assert_errors(&d, 2);
	expect_at(&d, path, 5, 3, "unknown key 'max_lenght' in identifiers "
	    "(did you mean max_length?)");
	expect_at(&d, path, 3, 3, "identifiers needs 'max_length'");
	diags_free(&d);
	free(path);
}

Test(dialect, bad_values)
{
	struct diags d;
	char *path;

	diags_init(&d);
	load_bad(3, "  plain: '^[a-z'", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 3, 10, "bad pattern");
	diags_free(&d);
	free(path);

	diags_init(&d);
	load_bad(5, "  max_length: -1", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 5, 15, "'max_length' must be a whole number");
	diags_free(&d);
	free(path);

	diags_init(&d);
	load_bad(4, "  quote: 'ab'", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 4, 10, "'quote' must be one punctuation character");
	diags_free(&d);
	free(path);

	diags_init(&d);
	load_bad(35, "  add_column_unique: yes", NULL, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 35, 22, "'add_column_unique' must be true or false");
	diags_free(&d);
	free(path);
}

Test(dialect, every_error_of_a_file_reported)
{
	struct diags d;
	char *path;

	diags_init(&d);
	/* Line 43 gets a bad placeholder; an unknown key is appended. */
	load_bad(45, "  drop_table: \"DROP {?table}TABLE\"", "  bogus: x\n",
	    &d, &path);
	assert_errors(&d, 2);
	expect_at(&d, path, 45, 21, "template 'drop_table': section "
	    "'{?table}' is never closed");
	expect_at(&d, path, 70, 3, "unknown key 'bogus' in templates");
	diags_free(&d);
	free(path);
}

Test(dialect, not_a_mapping)
{
	struct dialect dl;
	struct diags d;
	char *path = tmp_template();
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "- a\n", 4), 4);
	close(fd);
	diags_init(&d);
	cr_assert_eq(dialect_load(&dl, path, "x", &d), 0);
	unlink(path);
	assert_errors(&d, 1);
	expect_at(&d, path, 1, 1, "a dialect file must be a mapping");
	dialect_free(&dl);
	diags_free(&d);
	free(path);
}

/* PostgreSQL's default constraint names (makeObjectName). */
Test(dialect, default_names)
{
	struct strbuf sb = STRBUF_INIT;

	model_default_name("users", "email", "key", &sb);
	cr_assert_str_eq(strbuf_str(&sb), "users_email_key");
	model_default_name("users", NULL, "pkey", &sb);
	cr_assert_str_eq(strbuf_str(&sb), "users_pkey", "out is cleared first");
	model_default_name("orders", "user_id", "fkey", &sb);
	cr_assert_str_eq(strbuf_str(&sb), "orders_user_id_fkey");
	model_default_name("t", "a_b", "key", &sb);
	cr_assert_str_eq(strbuf_str(&sb), "t_a_b_key");
	strbuf_free(&sb);
}

Test(dialect, default_names_clipped_to_63_bytes)
{
	struct strbuf sb = STRBUF_INIT;
	char *t60 = repeat('t', 60), *a40 = repeat('a', 40);
	char *b40 = repeat('b', 40), *x70 = repeat('x', 70);
	char *want, *a57, *u;

	/*
	 * NAMEDATALEN 64: 63 bytes.  The overhead is "_" + "_key" = 5, so
	 * the names share 58; the longer (the table) loses bytes until
	 * 53 + 5 = 58.
	 */
	model_default_name(t60, "email", "key", &sb);
	want = xasprintf("%.53s_email_key", t60);
	cr_assert_eq(strlen(want), 63);
	cr_assert_str_eq(strbuf_str(&sb), want);
	free(want);

	/*
	 * Both 40 bytes, label "fkey": 57 to share.  Ties cut name2 first:
	 * (40,39) (39,39) (39,38) ... 23 cuts end at (29,28).
	 */
	model_default_name(a40, b40, "fkey", &sb);
	want = xasprintf("%.29s_%.28s_fkey", a40, b40);
	cr_assert_eq(strlen(want), 63);
	cr_assert_str_eq(strbuf_str(&sb), want);
	free(want);

	/* No name2: 63 - strlen("_pkey") = 58 bytes of the table. */
	model_default_name(x70, NULL, "pkey", &sb);
	want = xasprintf("%.58s_pkey", x70);
	cr_assert_str_eq(strbuf_str(&sb), want);
	cr_assert_eq(sb.len, 63);
	free(want);

	/* Short names are not touched even when the sum is near 63. */
	model_default_name(t60, NULL, "k", &sb);
	want = xasprintf("%s_k", t60);
	cr_assert_str_eq(strbuf_str(&sb), want);
	free(want);

	/*
	 * A cut never splits a UTF-8 character (pg_mbcliplen): 57 letters
	 * and "é" are 59 bytes; 58 fit, which would keep half of the é.
	 */
	a57 = repeat('a', 57);
	u = xasprintf("%s\xc3\xa9zz", a57);
	model_default_name(u, NULL, "pkey", &sb);
	want = xasprintf("%s_pkey", a57);
	cr_assert_str_eq(strbuf_str(&sb), want);
	free(want);
	free(u);
	free(a57);

	strbuf_free(&sb);
	free(t60);
	free(a40);
	free(b40);
	free(x70);
}

/* A statement outside a transaction needs the per-revision templates and
   the version state that records a revision's progress. */
Test(dialect, outside_transaction_needs_step_and_version_state)
{
	struct dialect dl;
	struct diags d;
	char *path;
	const char *outside = "  outside_transaction: \"{statement}\"\n";
	const char *per_rev =
	    "  script_per_revision: \"{header}\\n{guard}\\n{body}\\n{final_check}\"\n"
	    "  step: \"{body}\"\n";

	diags_init(&d);
	load_bad(0, NULL, outside, &d, &path);
	assert_errors(&d, 1);
	expect_at(&d, path, 39, 3, "outside_transaction needs step, "
	    "script_per_revision and version_state");
	diags_free(&d);
	free(path);

	diags_init(&d);
	path = xasprintf("%s%s", per_rev, outside);
	{
		char *p2;

		load_bad(0, NULL, path, &d, &p2);
		assert_errors(&d, 1);
		expect_at(&d, p2, 39, 3, "outside_transaction needs step");
		free(p2);
	}
	free(path);
	diags_free(&d);

	diags_init(&d);
	path = xasprintf("%s%s  version_state: \"{version_table}\"\n", per_rev,
	    outside);
	{
		char *p3 = write_mini(0, NULL, path);

		cr_assert_eq(dialect_load(&dl, p3, "mini", &d), 1);
		assert_no_errors(&d);
		cr_assert_not_null(dl.tpl[DT_OUTSIDE_TRANSACTION]);
		cr_assert_not_null(dl.tpl[DT_VERSION_STATE]);
		dialect_free(&dl);
		unlink(p3);
		free(p3);
	}
	free(path);
	diags_free(&d);
}
