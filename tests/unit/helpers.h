/*
 * helpers.h -- shared helpers for the Criterion unit tests (test_units).
 *
 * Every helper is static inline so that a test file that does not use one
 * gets no unused-function warning.  Strings returned by helpers are
 * malloc'd and belong to the caller.  Include after <criterion/criterion.h>.
 */
#ifndef MIGSQL_TEST_HELPERS_H
#define MIGSQL_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/load.h"
#include "migsql/node.h"
#include "migsql/plan.h"
#include "migsql/sqlpg.h"
#include "migsql/util.h"

/*
 * The diagnostics of d as main() prints them, one
 * "file:line:col: error: message" line each ("" when there are none).
 */
static inline char *
diags_text(const struct diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		abort();
	diags_print(d, fp);
	fclose(fp);
	return buf;
}

/* Asserts that the printed diagnostics of d contain the text needle. */
#define assert_diags_have(d, needle) do {				\
	char *dtext_ = diags_text(d);					\
	int dhit_ = strstr(dtext_, (needle)) != NULL;			\
									\
	cr_assert(dhit_, "expected the diagnostics to contain\n  %s\n"	\
	    "but they are:\n%s", (needle), dtext_);			\
	free(dtext_);							\
} while (0)

/* Asserts that the printed diagnostics of d do not contain needle. */
#define assert_diags_lack(d, needle) do {				\
	char *dtext_ = diags_text(d);					\
	int dhit_ = strstr(dtext_, (needle)) != NULL;			\
									\
	cr_assert(!dhit_, "expected the diagnostics not to contain\n"	\
	    "  %s\nbut they are:\n%s", (needle), dtext_);		\
	free(dtext_);							\
} while (0)

/* Asserts that d holds no error, printing them if it does. */
#define assert_no_errors(d) do {					\
	char *dtext_ = diags_text(d);					\
									\
	cr_assert_eq((d)->errors, 0, "unexpected errors:\n%s", dtext_);	\
	free(dtext_);							\
} while (0)

/* Asserts that d holds exactly n errors, printing them if not. */
#define assert_errors(d, n) do {					\
	char *dtext_ = diags_text(d);					\
									\
	cr_assert_eq((d)->errors, (size_t)(n), "expected %zu errors, got "	\
	    "%zu:\n%s", (size_t)(n), (d)->errors, dtext_);		\
	free(dtext_);							\
} while (0)

/* The load options of the tests: the two shipped dialects. */
static inline const struct load_options *
test_options(void)
{
	static const char *const names[] = { "postgresql", "sqlite", "mariadb",
	    NULL };
	static const struct load_options o = { names, NULL, "postgresql", 0 };

	return &o;
}

/* revision_parse() of a C string with the test options. */
static inline struct revision *
parse_rev(const char *file, const char *yaml, struct diags *d)
{
	return revision_parse(file, yaml, strlen(yaml), test_options(), d);
}

/*
 * One revision of a test chain: its id, its down_revision as YAML text
 * ("null", "r1", "[r1, r2]"), optional extra YAML lines (each ending in a
 * newline) and an optional display file (default "versions/ID.yaml").
 */
struct rev_spec {
	const char	*id;
	const char	*down;
	const char	*extra;
	const char	*file;
};

static inline struct revision *
mkrev(const struct rev_spec *s, struct diags *d)
{
	char *file = s->file ? xstrdup(s->file) :
	    xasprintf("versions/%s.yaml", s->id);
	char *yaml = xasprintf("revision: %s\ndown_revision: %s\n%s"
	    "upgrade: []\n", s->id, s->down, s->extra ? s->extra : "");
	struct revision *r = parse_rev(file, yaml, d);

	free(file);
	free(yaml);
	return r;
}

/*
 * Builds chain c from n specs; returns chain_build()'s result.  The caller
 * frees c with chain_free() whatever the result.
 */
static inline int
build_chain(struct chain *c, const struct rev_spec *specs, size_t n,
    struct diags *d)
{
	struct revision **revs = xcalloc(n ? n : 1, sizeof *revs);
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		struct revision *r = mkrev(&specs[i], d);

		if (r != NULL)
			revs[m++] = r;
	}
	return chain_build(c, revs, m, d);
}

/* The ids of revision indices idx[0..n), joined by ",". */
static inline char *
idx_ids(const struct chain *c, const size_t *idx, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, "");
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", c->nodes[idx[i]].rev->id);
	return strbuf_detach(&sb);
}

/* Strings ids[0..n), joined by ",". */
static inline char *
join_ids(const char *const *ids, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, "");
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", ids[i]);
	return strbuf_detach(&sb);
}

/*
 * The steps of p, one "REV:VOPS" word each, separated by spaces; a vop is
 * "+TO" (insert), "-FROM" (delete) or "FROM>TO" (update), joined by ",".
 * E.g. "r1:+r1 r2:r1>r2 r5:-r4,r3>r5".
 */
static inline char *
plan_steps(const struct chain *c, const struct plan *p)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	strbuf_adds(&sb, "");
	for (i = 0; i < p->nsteps; i++) {
		const struct step *s = &p->steps[i];

		strbuf_addf(&sb, "%s%s:", i ? " " : "", c->nodes[s->rev].rev->id);
		for (k = 0; k < s->nvops; k++) {
			const struct vop *v = &s->vops[k];

			if (k > 0)
				strbuf_addc(&sb, ',');
			switch (v->kind) {
			case VOP_INSERT:
				strbuf_addf(&sb, "+%s", v->to);
				break;
			case VOP_DELETE:
				strbuf_addf(&sb, "-%s", v->from);
				break;
			case VOP_UPDATE:
				strbuf_addf(&sb, "%s>%s", v->from, v->to);
				break;
			}
		}
	}
	return strbuf_detach(&sb);
}

/* Asserts that the malloc'd string got equals want, then frees it. */
#define assert_str_take(got, want) do {					\
	char *sgot_ = (got);						\
									\
	cr_assert_str_eq(sgot_, (want), "got \"%s\", want \"%s\"",	\
	    sgot_, (want));						\
	free(sgot_);							\
} while (0)

/* Releases what the tests leave for exit (pcre2 patterns). */
static inline void
helpers_fini(void)
{
	node_cleanup();
	sqlpg_cleanup();
}

#endif /* MIGSQL_TEST_HELPERS_H */
