/*
 * fuzz_dialect.c -- libFuzzer harness: a dialect file's bytes.
 *
 * dialect_load() (dialect.c) reads a path, so each input is written to a
 * per-process temporary file and loaded as `--dialect ./file.yaml` would
 * be: the pattern, reserved words, literals, the type map and every
 * template compiled and checked.  A dialect that loads renders two fixed
 * chains read once from the source tree (examples/shop: branches, a merge,
 * depends_on, renames; tests/engine/fixtures/concurrently: statements
 * outside a transaction): upgrade and downgrade scripts, check with lint,
 * and the schema at the heads.
 */
#include "config.h"

#include "common.h"

#define NCHAINS 2
static const char *const chain_dirs[NCHAINS] = {
	"examples/shop", "tests/engine/fixtures/concurrently"
};
static struct project projs[NCHAINS];
static struct chain chains[NCHAINS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NCHAINS; i++) {
		char *dir = xasprintf("%s/%s", MIGSQL_FUZZ_SRCDIR, chain_dirs[i]);

		fuzz_load_project_chain(dir, &projs[i], &chains[i]);
		free(dir);
	}
	fuzz_tmp_init("dialect.yaml");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dialect dl;
	struct diags d;
	size_t i;

	fuzz_write_tmp(data, size);
	diags_init(&d);
	if (dialect_load(&dl, fuzz_tmpfile, "./dialect.yaml", &d) &&
	    d.errors == 0) {
		struct strbuf sb = STRBUF_INIT;

		dialect_ident(&dl, "order", &sb);
		dialect_ident(&dl, "a\"b'c", &sb);
		dialect_literal(&dl, "it's", &sb);
		strbuf_free(&sb);
		for (i = 0; i < NCHAINS; i++)
			fuzz_pipeline(&chains[i], &dl, &projs[i]);
	}
	dialect_free(&dl);
	diags_free(&d);
	return 0;
}
