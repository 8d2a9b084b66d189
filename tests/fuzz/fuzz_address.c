/*
 * fuzz_address.c -- libFuzzer harness: revision addresses and ranges.
 *
 * The input (up to its first NUL byte, as a command-line argument would
 * be) is resolved against a fixed chain, examples/shop (two roots, a
 * branch point, a merge, depends_on, the branch label 'reporting'), loaded
 * once: plan_resolve() (plan.c) as `show` and `schema` do, then
 * plan_heads_of() of the result, then plan_build() as `upgrade`,
 * `downgrade` and `history` do.  A plan that builds is emitted as a
 * script through one of the shipped dialects (the input's length picks
 * which); a resolved set gets its schema.
 *
 * Every script and schema rendered passes the oracle of common.h
 * (fuzz_check_emitted()): a refusal of the whole-script check aborts.
 */
#include "config.h"

#include "common.h"

static struct dialect dialects[2];
static struct project proj;
static struct chain chain;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *dir = xasprintf("%s/examples/shop", MIGSQL_FUZZ_SRCDIR);

	(void)argc;
	(void)argv;
	fuzz_load_dialect(&dialects[0], "postgresql");
	fuzz_load_dialect(&dialects[1], "sqlite");
	fuzz_load_project_chain(dir, &proj, &chain);
	free(dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *addr = fuzz_cstring(data, size);
	const struct dialect *dl = &dialects[size & 1];
	size_t *set = NULL, n = 0, *heads, nheads = 0;
	struct diags d;
	struct strbuf out = STRBUF_INIT;
	int upgrade;

	fuzz_set_input(data, size);
	diags_init(&d);
	if (plan_resolve(&chain, addr, &set, &n, &d)) {
		heads = plan_heads_of(&chain, set, n, &nheads);
		free(heads);
		emit_schema(&chain, set, n, dl, "migsql fuzz", &out, &d);
		fuzz_check_emitted(&d, &out, "emit_schema() of '%s', dialect "
		    "%s", addr, dl->name);
	}
	free(set);
	strbuf_free(&out);
	diags_free(&d);
	for (upgrade = 1; upgrade >= 0; upgrade--)
		fuzz_emit_range(&chain, dl, &proj, upgrade, addr);
	free(addr);
	return 0;
}
