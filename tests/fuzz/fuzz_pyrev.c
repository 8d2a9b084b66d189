/*
 * fuzz_pyrev.c -- libFuzzer harness: one Alembic revision file's bytes
 * through the loader as versions/a1_fuzz.py (pyrev.h over py.h), for
 * each shipped dialect (an `if` on the dialect's name is decided per
 * dialect), then the rest of the pipeline.
 *
 * Oracles beyond crashes, leaks and undefined behaviour:
 *  - a revision that loads with no error is made a root and rendered
 *    through each shipped dialect (fuzz_pipeline(): every script passes the
 *    whole-script check of common.h, so nothing in a .py file can make
 *    the client run a command the frame did not write);
 *  - migsql import of it (pyimport_build()) gives YAML that loads back
 *    with no error and holds the same upgrade and downgrade, node for
 *    node, as the .py did;
 *  - findings are well formed (fuzz_check_findings()).
 */
#include "config.h"

#include "common.h"
#include "migsql/pyimport.h"
#include "migsql/yamlout.h"

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
	fuzz_tmp_init("migsql.yaml");
	diags_init(&d);
	if (!project_load(&proj, fuzz_tmpdir, &d))
		fuzz_die("project_load");
	diags_free(&d);
	return 0;
}

/* The YAML text of key of root (or "" when absent), for comparing. */
static void
key_text(const struct node *root, const char *key, struct strbuf *out)
{
	const struct node *v = node_get(root, key);
	struct yout y;

	if (v == NULL)
		return;
	yout_begin(&y, out);
	yout_node(&y, v);
	if (!yout_end(&y))
		fuzz_oracle_fail("yout_node() failed on a tree the loader "
		    "accepted", y.problem, NULL);
}

/* migsql import of the same bytes: YAML that loads back as the .py did. */
static void
import_round_trip(const char *buf, size_t size, const char *dialect,
    const struct load_options *lo, const struct revision *r)
{
	struct strbuf yaml = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct diags todo, d, back;
	struct revision *y;
	size_t ntodo;
	char *id = NULL;
	static const char *const keys[] = { "upgrade", "downgrade",
		"irreversible", "revision", "down_revision", NULL };
	size_t k;

	diags_init(&todo);
	diags_init(&d);
	diags_init(&back);
	if (!pyimport_build("versions/a1_fuzz.py", buf, size, dialect, lo,
	    &yaml, &ntodo, &id, &todo, &d) || ntodo > 0)
		fuzz_oracle_fail("migsql import refused a revision that loads",
		    d.len ? d.items[0].message : "todo", NULL);
	y = revision_parse("versions/a1_fuzz.yaml", yaml.buf, yaml.len, lo,
	    &back);
	if (y == NULL || back.errors > 0)
		fuzz_oracle_fail("the YAML of migsql import does not load",
		    back.len ? back.items[0].message : "", NULL);
	for (k = 0; keys[k] != NULL; k++) {
		strbuf_reset(&a);
		strbuf_reset(&b);
		key_text(r->root, keys[k], &a);
		key_text(y->root, keys[k], &b);
		if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			fuzz_oracle_fail("migsql import changed a key of the "
			    "revision", keys[k], NULL);
	}
	revision_free(y);
	free(id);
	strbuf_free(&yaml);
	strbuf_free(&a);
	strbuf_free(&b);
	diags_free(&todo);
	diags_free(&d);
	diags_free(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_cstring(data, size);
	size_t i;

	fuzz_set_input(data, size);
	for (i = 0; i < 3; i++) {
		struct load_options lo = { fuzz_dialect_names, &proj.vars,
		    dialects[i].name, 0 };
		struct revision *r, **revs;
		struct chain c;
		struct diags d;

		diags_init(&d);
		r = revision_parse("versions/a1_fuzz.py", buf, size, &lo, &d);
		fuzz_check_findings(&d);
		if (r == NULL || r->bad || d.errors > 0) {
			revision_free(r);
			diags_free(&d);
			continue;
		}
		import_round_trip(buf, size, dialects[i].name, &lo, r);
		idlist_free(&r->down);
		idlist_free(&r->depends);
		revs = xmalloc(sizeof *revs);
		revs[0] = r;
		memset(&c, 0, sizeof c);
		if (chain_build(&c, revs, 1, &d))
			fuzz_pipeline(&c, &dialects[i], &proj);
		chain_free(&c);
		diags_free(&d);
	}
	free(buf);
	return 0;
}
