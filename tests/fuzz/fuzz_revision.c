/*
 * fuzz_revision.c -- libFuzzer harness: one revision file's bytes.
 *
 * Drives revision_parse() (load.c) as revisions_load() does for each
 * versions/NAME.yaml file (a NUL-terminated copy, the shipped dialects' names,
 * the project's variables).  A revision that loads is then made a root
 * (its down_revision and depends_on dropped), built into a one-revision
 * chain and rendered through both shipped dialects: upgrade and downgrade
 * scripts, check with lint, and the schema at its head.
 */
#include "config.h"

#include "common.h"

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
	/* An empty project directory: migsql.yaml's defaults. */
	fuzz_tmp_init("migsql.yaml");
	diags_init(&d);
	if (!project_load(&proj, fuzz_tmpdir, &d))
		fuzz_die("project_load");
	diags_free(&d);
	vars_set(&proj.vars, "app_schema", "public", "migsql.yaml");
	vars_set(&proj.vars, "tenant", "acme", "--var");
	return 0;
}

/* Drops a revision's parents so that it can stand alone as a root. */
static void
make_root(struct idlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	free(l->locs);
	memset(l, 0, sizeof *l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options lo = { fuzz_dialect_names, &proj.vars };
	struct revision *r, **revs;
	struct chain c;
	struct diags d;
	char *buf = fuzz_cstring(data, size);
	size_t i;

	diags_init(&d);
	r = revision_parse("versions/fuzz.yaml", buf, size, &lo, &d);
	free(buf);
	if (r == NULL || r->bad || d.errors > 0) {
		revision_free(r);
		diags_free(&d);
		return 0;
	}
	make_root(&r->down);
	make_root(&r->depends);
	revs = xmalloc(sizeof *revs);
	revs[0] = r;
	memset(&c, 0, sizeof c);
	if (chain_build(&c, revs, 1, &d))
		for (i = 0; i < 2; i++)
			fuzz_pipeline(&c, &dialects[i], &proj);
	chain_free(&c);
	diags_free(&d);
	return 0;
}
