/*
 * fuzz_engine.c -- libFuzzer harness: SQL read by the engines' own
 * parsers (sqlpg.h, sqlitecheck.h) and what it does to the schema model
 * (ddl.h, model_ddl.c).
 *
 * Input: one byte of selectors (bit 0: PostgreSQL or SQLite), then the
 * SQL, up to the first NUL byte (as an execute's text reaches them).
 *
 * PostgreSQL: the text is parsed in each context (statements, an
 * expression, a type), then read into effects (sqlpg_ddl()).  SQLite: it
 * runs in SQLite's engine over a table 't (a INTEGER, b TEXT)' loaded on
 * demand, and what changed is read back (sqlitecheck_ddl()).  Then the
 * text, as one execute of a revision whose first operation makes t and a
 * foreign key to it, goes through the schema model and is rendered for
 * the dialect (render_replay() and emit_script() through the fuzz
 * oracle of common.h).
 *
 * Oracles (an abort keeps the input):
 *  1. A refusal carries a message and an offset inside the text; a
 *     statement's bytes lie inside the text.
 *  2. sqlpg_ddl() reads exactly the texts sqlpg_parse() accepts as
 *     statements; every effect names what its kind needs (a table for the
 *     table kinds, a name for the index, type and column kinds).
 *  3. SQLite never writes a file: the working directory (a fresh
 *     temporary one) stays empty.
 *  4. The script the execute renders into passes the whole-script check
 *     (fuzz_check_emitted()).
 */
#include "config.h"

#include <dirent.h>

#include "common.h"
#include "migsql/ddl.h"
#include "migsql/sqlitecheck.h"
#include "migsql/sqlpg.h"

static struct dialect dialects[2];
static struct project proj;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diags d;

	(void)argc;
	(void)argv;
	fuzz_load_dialect(&dialects[0], "postgresql");
	fuzz_load_dialect(&dialects[1], "sqlite");
	/* An empty project directory, which is also the working directory
	   that SQLite's engine must leave empty. */
	fuzz_tmp_init("migsql.yaml");
	diags_init(&d);
	if (!project_load(&proj, fuzz_tmpdir, &d) || chdir(fuzz_tmpdir) != 0)
		fuzz_die("project_load");
	diags_free(&d);
	return 0;
}

static void
fail(const char *what, const char *sql)
{
	fprintf(stderr, "fuzz_engine: %s\n--- SQL:\n%s\n---\n", what, sql);
	abort();
}

/* Oracle 2: what each effect's kind needs. */
static void
check_effects(const struct ptrvec *v, const char *sql)
{
	size_t i;

	for (i = 0; i < v->len; i++) {
		const struct ddl_effect *e = v->items[i];

		switch (e->kind) {
		case DDL_CREATE_TABLE: case DDL_RENAME_TABLE:
		case DDL_ADD_COLUMN: case DDL_DROP_COLUMN:
		case DDL_RENAME_COLUMN: case DDL_ALTER_COLUMN:
		case DDL_ADD_CONSTRAINT: case DDL_DROP_CONSTRAINT:
		case DDL_RENAME_CONSTRAINT: case DDL_CREATE_INDEX:
			if (e->table == NULL)
				fail("an effect without its table", sql);
			break;
		default:
			break;
		}
		if ((e->kind == DDL_ADD_COLUMN && (e->ncols != 1 ||
		    e->cols[0].name == NULL)) ||
		    ((e->kind == DDL_RENAME_TABLE || e->kind ==
		    DDL_RENAME_COLUMN || e->kind == DDL_RENAME_INDEX) &&
		    e->new_name == NULL) ||
		    ((e->kind == DDL_DROP_COLUMN || e->kind ==
		    DDL_RENAME_COLUMN) && e->name == NULL))
			fail("an effect without the name its kind needs", sql);
	}
}

static void
postgresql(const char *sql)
{
	static const enum sqlpg_context ctxs[] = { SQLPG_STATEMENTS,
		SQLPG_EXPRESSION, SQLPG_TYPE };
	struct ptrvec effects = PTRVEC_INIT;
	struct sqlpg_result r;
	size_t i, k, len = strlen(sql);
	int parsed = 0;

	for (k = 0; k < 3; k++) {
		if (sqlpg_parse(sql, ctxs[k], &r)) {
			for (i = 0; i < r.nstmts; i++)
				if (r.stmts[i].off + r.stmts[i].len > len)
					fail("a statement past the text", sql);
			if (k == 0)
				parsed = 1;
		} else if (r.err_message == NULL || r.err_off > len)
			fail("a refusal without a message or place", sql);
		sqlpg_result_free(&r);
	}
	if (sqlpg_ddl(sql, &effects) != parsed)
		fail("sqlpg_ddl() and sqlpg_parse() disagree", sql);
	check_effects(&effects, sql);
	ddl_effects_free(&effects);
}

static int
load_t(void *ctx, const char *name, int index, struct strbuf *sql)
{
	(void)ctx;
	if (index || strcmp(name, "t") != 0)
		return 0;
	strbuf_adds(sql, "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT);"
	    "CREATE INDEX ix_t_b ON t (b);");
	return 1;
}

/* Oracle 3: nothing in the working directory but what the harness made
   there (fuzz_tmp_init()'s file name, never created). */
static void
check_no_files(const char *sql)
{
	DIR *dir = opendir(".");
	struct dirent *de;

	if (dir == NULL)
		abort();
	while ((de = readdir(dir)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			fail("SQLite's engine wrote a file", sql);
	closedir(dir);
}

static void
sqlite(const char *sql)
{
	struct ptrvec effects = PTRVEC_INIT;

	struct sqlitecheck_error refused;

	if (sqlitecheck_ddl(load_t, NULL, sql, &effects, &refused))
		check_effects(&effects, sql);
	free(refused.message);
	ddl_effects_free(&effects);
	check_no_files(sql);
}

/* Oracle 4: the text as an execute, through the model and a script. */
static void
as_execute(const char *sql, const struct dialect *dl)
{
	struct strbuf yaml = STRBUF_INIT;
	const char *p;

	strbuf_adds(&yaml, "revision: a1\ndown_revision: null\nmessage: m\n"
	    "upgrade:\n  - create_table: {name: t, columns: [{name: a, type: "
	    "integer, primary_key: true}, {name: b, type: text}]}\n"
	    "  - create_table: {name: c, columns: [{name: id, type: integer, "
	    "primary_key: true}, {name: t_a, type: integer, foreign_key: "
	    "t.a}]}\n  - execute: \"");
	for (p = sql; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addc(&yaml, '\\');
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			strbuf_addf(&yaml, "\\x%02x", (unsigned char)*p);
		else
			strbuf_addc(&yaml, *p);
	}
	strbuf_adds(&yaml, "\"\n  - alter_column: {table: t, column: b, "
	    "nullable: false}\n");
	{
		struct load_options lo = { fuzz_dialect_names, &proj.vars };
		struct revision *r, **revs;
		struct chain c;
		struct diags d;

		diags_init(&d);
		r = revision_parse("versions/fuzz.yaml", strbuf_str(&yaml),
		    yaml.len, &lo, &d);
		if (r != NULL && !r->bad && d.errors == 0) {
			revs = xmalloc(sizeof *revs);
			revs[0] = r;
			memset(&c, 0, sizeof c);
			if (chain_build(&c, revs, 1, &d))
				fuzz_pipeline(&c, dl, &proj);
			chain_free(&c);
		} else
			revision_free(r);
		diags_free(&d);
	}
	strbuf_free(&yaml);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql;
	int pg;

	if (size < 1)
		return 0;
	fuzz_set_input(data, size);
	pg = !(data[0] & 1);
	sql = fuzz_cstring(data + 1, size - 1);
	if (pg)
		postgresql(sql);
	else
		sqlite(sql);
	as_execute(sql, &dialects[pg ? 0 : 1]);
	free(sql);
	return 0;
}
