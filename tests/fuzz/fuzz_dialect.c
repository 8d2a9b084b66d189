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
 *
 * Every script and schema rendered passes the oracle of common.h
 * (fuzz_check_emitted()): a refusal of the whole-script check aborts.  The
 * dialect file is hostile input like any other, so a refusal of its
 * scripts is a finding too: dialect_load() should have refused the file.
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
	/* The dialect file is the input here, and hostile input too: one
	   that loads must render scripts that pass the whole-script check. */
	fuzz_oracle_note = "the input is a dialect file that dialect_load() "
	    "accepted; since its scripts are refused, the loader should have "
	    "refused the dialect instead (or it is a bug of the renderer)";
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dialect dl;
	struct diags d;
	size_t i;

	fuzz_set_input(data, size);
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
