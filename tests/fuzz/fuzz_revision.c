/*
 * fuzz_revision.c -- libFuzzer harness: one revision file's bytes.
 *
 * Drives revision_parse() (load.c) as revisions_load() does for each
 * versions/NAME.yaml file (a NUL-terminated copy, the shipped dialects' names,
 * the project's variables).  A revision that loads is then made a root
 * (its down_revision and depends_on dropped), built into a one-revision
 * chain and rendered through the shipped dialects: upgrade and downgrade
 * scripts, check with lint, and the schema at its head.
 *
 * An input holding the line "#~~" is several revision files (a chain,
 * as the seeds built from whole versions/ directories are): each part is
 * parsed as one file, the chain built as written (duplicate ids, unknown
 * parents, cycles, labels), and a valid chain rendered the same way.
 *
 * Every script and schema rendered passes the oracle of common.h
 * (fuzz_check_emitted()): a refusal of the whole-script check aborts.
 */
#include "config.h"

#include "common.h"

/* Between revision files when an input holds several (a whole chain). */
#define SEPARATOR "\n#~~\n"
#define MAXREVS 32

static struct dialect dialects[3];
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
	fuzz_load_dialect(&dialects[2], "mariadb");
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

/*
 * Several revision files: the chain as written (graph errors, merges,
 * depends_on, ranges), rendered when it is valid.
 */
static void
fuzz_chain(const char *buf, size_t size, const struct load_options *lo)
{
	struct revision **revs = NULL, *r;
	struct chain c;
	struct diags d;
	const char *p = buf, *end = buf + size, *sep;
	size_t n = 0, i;

	diags_init(&d);
	while (p <= end && n < MAXREVS) {
		char *file = xasprintf("versions/r%zu.yaml", n);
		char *part;
		size_t len;

		sep = memmem(p, (size_t)(end - p), SEPARATOR, strlen(SEPARATOR));
		len = sep ? (size_t)(sep - p) : (size_t)(end - p);
		part = xstrndup(p, len);	/* NUL-terminated, like read_file() */
		r = revision_parse(file, part, len, lo, &d);
		free(part);
		free(file);
		if (r != NULL) {
			revs = xrealloc(revs, (n + 1) * sizeof *revs);
			revs[n++] = r;
		}
		if (sep == NULL)
			break;
		p = sep + strlen(SEPARATOR);
	}
	memset(&c, 0, sizeof c);
	if (chain_build(&c, revs, n, &d) && d.errors == 0)
		for (i = 0; i < 3; i++)
			fuzz_pipeline(&c, &dialects[i], &proj);
	chain_free(&c);
	diags_free(&d);
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

	fuzz_set_input(data, size);
	if (memmem(buf, size, SEPARATOR, strlen(SEPARATOR)) != NULL) {
		fuzz_chain(buf, size, &lo);
		free(buf);
		return 0;
	}
	diags_init(&d);
	r = revision_parse("versions/fuzz.yaml", buf, size, &lo, &d);
	free(buf);
	fuzz_check_findings(&d);
	if (r == NULL || r->bad || d.errors > 0) {
		revision_free(r);
		diags_free(&d);
		return 0;
	}
	idlist_free(&r->down);
	idlist_free(&r->depends);
	revs = xmalloc(sizeof *revs);
	revs[0] = r;
	memset(&c, 0, sizeof c);
	if (chain_build(&c, revs, 1, &d))
		for (i = 0; i < 3; i++)
			fuzz_pipeline(&c, &dialects[i], &proj);
	chain_free(&c);
	diags_free(&d);
	return 0;
}
