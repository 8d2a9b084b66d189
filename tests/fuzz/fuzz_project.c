/*
 * fuzz_project.c -- libFuzzer harness: migsql.yaml's bytes.
 *
 * project_load() (load.c) only reads DIR/migsql.yaml, so each input is
 * written to migsql.yaml in a per-process temporary directory.  A project
 * that loads then gets what main() adds (--var defaults for the variables
 * the fixed revisions use, when the file does not set them), the fixed
 * revisions below are loaded with its variables, and the chain is
 * rendered with its version table, schema, transaction mode and timeouts
 * through both shipped dialects.
 *
 * Every script and schema rendered passes the oracle of common.h
 * (fuzz_check_emitted()): a refusal of the whole-script check aborts.
 */
#include "config.h"

#include "common.h"

static struct dialect dialects[2];

/* A small chain: ${vars} in names and SQL, statements outside a
   transaction, a merge. */
static const char *const revs_yaml[] = {
	"revision: a1\n"
	"down_revision: null\n"
	"message: items\n"
	"upgrade:\n"
	"  - create_table:\n"
	"      name: items\n"
	"      schema: ${app_schema}\n"
	"      columns:\n"
	"        - {name: id, type: integer, primary_key: true}\n"
	"        - {name: n, type: integer, nullable: false}\n"
	"  - execute: \"INSERT INTO ${app_schema}.items SELECT 1, ${rows}\"\n"
	"downgrade:\n"
	"  - drop_table: items\n",

	"revision: b2\n"
	"down_revision: a1\n"
	"message: index\n"
	"upgrade:\n"
	"  - create_index: {name: items_n_idx, table: items, columns: [n], "
	"concurrently: true}\n",

	"revision: c3\n"
	"down_revision: a1\n"
	"branch_labels: [side]\n"
	"message: tags\n"
	"upgrade:\n"
	"  - create_table:\n"
	"      name: tags\n"
	"      columns:\n"
	"        - {name: id, type: integer, primary_key: true}\n"
	"        - {name: label, type: string(40)}\n",

	"revision: d4\n"
	"down_revision: [b2, c3]\n"
	"message: merge\n"
	"upgrade:\n"
	"  - add_column:\n"
	"      table: tags\n"
	"      column: {name: flagged, type: boolean, nullable: false, "
	"server_default: false}\n",
};
#define NREVS (sizeof revs_yaml / sizeof revs_yaml[0])

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_load_dialect(&dialects[0], "postgresql");
	fuzz_load_dialect(&dialects[1], "sqlite");
	fuzz_tmp_init("migsql.yaml");
	return 0;
}

/* Sets name to value unless the project already has it. */
static void
var_default(struct vars *v, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->names[i], name) == 0)
			return;
	vars_set(v, name, value, "--var");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options lo = { fuzz_dialect_names, NULL };
	struct revision **revs;
	struct project proj;
	struct chain c;
	struct diags d;
	size_t i, n = 0;

	fuzz_set_input(data, size);
	fuzz_write_tmp(data, size);
	diags_init(&d);
	if (!project_load(&proj, fuzz_tmpdir, &d) || d.errors > 0) {
		project_free(&proj);
		diags_free(&d);
		return 0;
	}
	var_default(&proj.vars, "app_schema", "public");
	var_default(&proj.vars, "rows", "10");
	lo.vars = &proj.vars;
	revs = xcalloc(NREVS, sizeof *revs);
	for (i = 0; i < NREVS; i++) {
		char *file = xasprintf("%s/r%zu.yaml", proj.versions, i);
		struct revision *r = revision_parse(file, revs_yaml[i],
		    strlen(revs_yaml[i]), &lo, &d);

		free(file);
		if (r != NULL)
			revs[n++] = r;
	}
	memset(&c, 0, sizeof c);
	if (chain_build(&c, revs, n, &d) && d.errors == 0)
		for (i = 0; i < 2; i++)
			fuzz_pipeline(&c, &dialects[i], &proj);
	chain_free(&c);
	project_free(&proj);
	diags_free(&d);
	return 0;
}
