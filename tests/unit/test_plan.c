/* test_plan.c -- revision addressing, ranges, steps and version rows. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/plan.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(plan, .fini = helpers_fini);

#define NSPECS(a) (sizeof (a) / sizeof (a)[0])

/*
 * The main test graph:
 *
 *                     +-- r3 --+
 *   r1 -- r2(main) ---+        +-- r5        r6(side) -- r7
 *                     +-- r4 --+
 *
 * r5's down_revision is written [r4, r3].  Heads: r5, r7.
 */
static const struct rev_spec graph[] = {
	{ "r1", "null", NULL, NULL },
	{ "r2", "r1", "branch_labels: [main]\n", NULL },
	{ "r3", "r2", NULL, NULL },
	{ "r4", "r2", NULL, NULL },
	{ "r5", "[r4, r3]", NULL, NULL },
	{ "r6", "null", "branch_labels: [side]\n", NULL },
	{ "r7", "r6", NULL, NULL },
};

/* a1 and b1 are roots; a2 continues a1 and depends on b1. */
static const struct rev_spec depgraph[] = {
	{ "a1", "null", NULL, NULL },
	{ "b1", "null", NULL, NULL },
	{ "a2", "a1", "depends_on: b1\n", NULL },
};

/* As depgraph, but the depends_on target has the smaller id. */
static const struct rev_spec depgraph2[] = {
	{ "z1", "null", NULL, NULL },
	{ "b1", "null", NULL, NULL },
	{ "a2", "z1", "depends_on: b1\n", NULL },
};

/* Distinct prefixes: abc123 -> abd456 -> b789. */
static const struct rev_spec prefixed[] = {
	{ "abc123", "null", NULL, NULL },
	{ "abd456", "abc123", NULL, NULL },
	{ "b789", "abd456", NULL, NULL },
};

static void
setup_chain(struct chain *c, const struct rev_spec *specs, size_t n)
{
	struct diags d;

	diags_init(&d);
	cr_assert_eq(build_chain(c, specs, n, &d), 1, "the test chain is valid");
	assert_no_errors(&d);
	diags_free(&d);
}

/* Asserts that addr resolves to the ids want (joined by ","). */
static void
expect_resolve(const struct chain *c, const char *addr, const char *want)
{
	struct diags d;
	size_t *out = NULL, n = 0;
	char *text, *got;
	int ok;

	diags_init(&d);
	ok = plan_resolve(c, addr, &out, &n, &d);
	text = diags_text(&d);
	cr_assert_eq(ok, 1, "'%s' should resolve; got:\n%s", addr, text);
	cr_assert_eq(d.errors, 0, "'%s': %s", addr, text);
	got = idx_ids(c, out, n);
	cr_assert_str_eq(got, want, "'%s' resolved to \"%s\", want \"%s\"",
	    addr, got, want);
	free(got);
	free(text);
	free(out);
	diags_free(&d);
}

/*
 * Asserts that addr fails with EXIT_RANGE, no location, and a message
 * containing each of the NULL-terminated needles.
 */
static void
expect_resolve_error(const struct chain *c, const char *addr,
    const char *const *needles)
{
	struct diags d;
	size_t *out = NULL, n = 0;
	int ok;

	diags_init(&d);
	ok = plan_resolve(c, addr, &out, &n, &d);
	cr_assert_eq(ok, 0, "'%s' should not resolve", addr);
	cr_assert_geq(d.errors, 1, "'%s': no error reported", addr);
	cr_assert_eq(d.exit_code, EXIT_RANGE, "'%s'", addr);
	cr_assert_null(d.items[0].loc.file, "an address has no file");
	assert_diags_have(&d, "migsql: error: ");
	for (; *needles != NULL; needles++)
		assert_diags_have(&d, *needles);
	free(out);
	diags_free(&d);
}

#define ERR(...) ((const char *const[]){ __VA_ARGS__, NULL })

Test(plan, resolve_base_heads_ids_labels)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_resolve(&c, "base", "");
	expect_resolve(&c, "heads", "r5,r7");
	expect_resolve(&c, "r3", "r3");
	expect_resolve(&c, "main", "r2");
	expect_resolve(&c, "side", "r6");
	chain_free(&c);
}

Test(plan, resolve_head_needs_one_head)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_resolve_error(&c, "head", ERR("'head'", "r5", "r7", "heads"));
	chain_free(&c);

	setup_chain(&c, prefixed, NSPECS(prefixed));
	expect_resolve(&c, "head", "b789");
	chain_free(&c);
}

Test(plan, resolve_head_of_an_empty_chain)
{
	struct chain c;
	struct diags d;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, NULL, 0, &d), 1);
	expect_resolve_error(&c, "head", ERR("'head'"));
	expect_resolve(&c, "heads", "");
	expect_resolve(&c, "base", "");
	chain_free(&c);
	diags_free(&d);
}

Test(plan, resolve_prefixes)
{
	struct chain c;

	setup_chain(&c, prefixed, NSPECS(prefixed));
	expect_resolve(&c, "abc123", "abc123");
	expect_resolve(&c, "abc", "abc123");
	expect_resolve(&c, "abd4", "abd456");
	expect_resolve(&c, "b", "b789");
	expect_resolve_error(&c, "ab", ERR("'ab'", "ambiguous", "abc123",
	    "abd456"));
	expect_resolve_error(&c, "abc1234", ERR("unknown revision 'abc1234'"));
	expect_resolve_error(&c, "q", ERR("unknown revision 'q'"));
	/* A prefix with a relative move. */
	expect_resolve(&c, "abc+1", "abd456");
	expect_resolve(&c, "b-2", "abc123");
	chain_free(&c);
}

Test(plan, resolve_label_at_head)
{
	static const struct rev_spec forked[] = {
		{ "a1", "null", "branch_labels: [x]\n", NULL },
		{ "b2", "a1", NULL, NULL },
		{ "c3", "a1", NULL, NULL },
	};
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_resolve(&c, "side@head", "r7");
	expect_resolve(&c, "main@head", "r5");
	expect_resolve(&c, "r4@head", "r5");
	expect_resolve(&c, "r7@head", "r7");
	expect_resolve_error(&c, "side@tail", ERR("side@tail"));
	expect_resolve_error(&c, "nope@head", ERR("nope"));
	chain_free(&c);

	setup_chain(&c, forked, NSPECS(forked));
	expect_resolve_error(&c, "x@head", ERR("'x@head'", "ambiguous", "b2",
	    "c3"));
	chain_free(&c);
}

Test(plan, resolve_relative)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_resolve(&c, "r1+1", "r2");
	expect_resolve(&c, "r3+1", "r5");
	expect_resolve(&c, "r4+1", "r5");
	expect_resolve(&c, "r6+1", "r7");
	expect_resolve(&c, "side+1", "r7");
	expect_resolve(&c, "r4-1", "r2");
	expect_resolve(&c, "r3-2", "r1");
	expect_resolve(&c, "r3+0", "r3");
	expect_resolve(&c, "r7-1", "r6");
	chain_free(&c);
}

Test(plan, resolve_relative_to_base)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	/* One step below a root is base. */
	expect_resolve(&c, "r3-3", "");
	expect_resolve(&c, "r7-2", "");
	expect_resolve(&c, "r1-1", "");
	expect_resolve_error(&c, "r3-4", ERR("'r3-4'", "base"));
	expect_resolve_error(&c, "r1-2", ERR("'r1-2'", "base"));
	chain_free(&c);
}

Test(plan, resolve_relative_errors)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	/* r2 is a branch point: r2+1 could be r3 or r4. */
	expect_resolve_error(&c, "r1+2", ERR("'r1+2'", "r2", "branch point"));
	expect_resolve_error(&c, "main+1", ERR("'main+1'", "r2"));
	/* r5 is a merge: r5-1 could be r3 or r4. */
	expect_resolve_error(&c, "r5-1", ERR("'r5-1'", "r5", "merge"));
	expect_resolve_error(&c, "r7+1", ERR("'r7+1'", "r7", "head"));
	expect_resolve_error(&c, "r5+1", ERR("'r5+1'"));
	expect_resolve_error(&c, "base+1", ERR("'base+1'"));
	expect_resolve_error(&c, "r9+1", ERR("r9"));
	chain_free(&c);
}

Test(plan, resolve_comma_lists)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_resolve(&c, "r4,r3", "r3,r4");
	expect_resolve(&c, "r4,r3,r4", "r3,r4");
	expect_resolve(&c, "base,r7", "r7");
	expect_resolve(&c, "heads,r1", "r1,r5,r7");
	expect_resolve(&c, "side,main@head", "r5,r6");
	expect_resolve_error(&c, "r3,zz", ERR("unknown revision 'zz'"));
	expect_resolve_error(&c, "r3,", ERR("empty"));
	expect_resolve_error(&c, "", ERR("empty"));
	chain_free(&c);
}

Test(plan, resolve_reports_every_bad_term)
{
	struct chain c;
	struct diags d;
	size_t *out = NULL, n;

	setup_chain(&c, graph, NSPECS(graph));
	diags_init(&d);
	cr_assert_eq(plan_resolve(&c, "x1,r3,y2", &out, &n, &d), 0);
	assert_errors(&d, 2);
	assert_diags_have(&d, "'x1'");
	assert_diags_have(&d, "'y2'");
	free(out);
	diags_free(&d);
	chain_free(&c);
}

Test(plan, heads_of)
{
	struct chain c;
	size_t n, *h;
	size_t r1, r3, r4, r5;

	setup_chain(&c, graph, NSPECS(graph));
	r1 = chain_find(&c, "r1");
	r3 = chain_find(&c, "r3");
	r4 = chain_find(&c, "r4");
	r5 = chain_find(&c, "r5");
	h = plan_heads_of(&c, (size_t[]){ r3, r4 }, 2, &n);
	assert_str_take(idx_ids(&c, h, n), "r3,r4");
	free(h);
	h = plan_heads_of(&c, (size_t[]){ r1, r5 }, 2, &n);
	assert_str_take(idx_ids(&c, h, n), "r5");
	free(h);
	h = plan_heads_of(&c, (size_t[]){ r4, r1 }, 2, &n);
	assert_str_take(idx_ids(&c, h, n), "r4");
	free(h);
	h = plan_heads_of(&c, NULL, 0, &n);
	cr_assert_eq(n, 0);
	free(h);
	chain_free(&c);
}

/*
 * Builds the plan for range on chain c and checks its steps (see
 * plan_steps() in helpers.h), its from set and its to set.
 */
static void
expect_plan(const struct chain *c, int upgrade, const char *range,
    const char *steps, const char *from, const char *to)
{
	struct diags d;
	struct plan p;
	char *text, *got;
	int ok;

	diags_init(&d);
	ok = plan_build(c, upgrade, range, &p, &d);
	text = diags_text(&d);
	cr_assert_eq(ok, 1, "%s '%s' failed:\n%s",
	    upgrade ? "upgrade" : "downgrade", range, text);
	cr_assert_eq(d.errors, 0, "%s", text);
	cr_assert_eq(p.upgrade, upgrade);
	got = plan_steps(c, &p);
	cr_assert_str_eq(got, steps, "%s '%s': steps \"%s\", want \"%s\"",
	    upgrade ? "upgrade" : "downgrade", range, got, steps);
	free(got);
	got = join_ids(p.from, p.nfrom);
	cr_assert_str_eq(got, from, "%s '%s': from \"%s\", want \"%s\"",
	    upgrade ? "upgrade" : "downgrade", range, got, from);
	free(got);
	got = join_ids(p.to, p.nto);
	cr_assert_str_eq(got, to, "%s '%s': to \"%s\", want \"%s\"",
	    upgrade ? "upgrade" : "downgrade", range, got, to);
	free(got);
	free(text);
	plan_free(&p);
	diags_free(&d);
}

/* Asserts that range fails with exit code code and a message with needle. */
static void
expect_plan_error(const struct chain *c, int upgrade, const char *range,
    int code, const char *needle)
{
	struct diags d;
	struct plan p;
	int ok;

	diags_init(&d);
	ok = plan_build(c, upgrade, range, &p, &d);
	cr_assert_eq(ok, 0, "%s '%s' should fail",
	    upgrade ? "upgrade" : "downgrade", range);
	cr_assert_geq(d.errors, 1);
	cr_assert_eq(d.exit_code, code, "%s '%s': exit code %d, want %d",
	    upgrade ? "upgrade" : "downgrade", range, d.exit_code, code);
	assert_diags_have(&d, needle);
	plan_free(&p);
	diags_free(&d);
}

Test(plan, upgrade_base_to_heads)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	/*
	 * Insert at a root, update along a line, insert r4 (its parent r2
	 * is no longer a head), and at the merge r5 delete r4 and update
	 * r3 (the smallest id, though r4 is written first).
	 */
	expect_plan(&c, 1, "heads",
	    "r1:+r1 r2:r1>r2 r3:r2>r3 r4:+r4 r5:-r4,r3>r5 r6:+r6 r7:r6>r7",
	    "", "r5,r7");
	expect_plan(&c, 1, "base:heads",
	    "r1:+r1 r2:r1>r2 r3:r2>r3 r4:+r4 r5:-r4,r3>r5 r6:+r6 r7:r6>r7",
	    "", "r5,r7");
	chain_free(&c);
}

Test(plan, upgrade_partial_ranges)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_plan(&c, 1, "r4", "r1:+r1 r2:r1>r2 r4:r2>r4", "", "r4");
	expect_plan(&c, 1, "base:r1", "r1:+r1", "", "r1");
	expect_plan(&c, 1, "r2:r5", "r3:r2>r3 r4:+r4 r5:-r4,r3>r5", "r2",
	    "r5");
	expect_plan(&c, 1, "r3:r5", "r4:+r4 r5:-r4,r3>r5", "r3", "r5");
	expect_plan(&c, 1, "r4:r5", "r3:+r3 r5:-r4,r3>r5", "r4", "r5");
	expect_plan(&c, 1, "r4,r3:r5", "r5:-r4,r3>r5", "r3,r4", "r5");
	expect_plan(&c, 1, "r5:r7", "r6:+r6 r7:r6>r7", "r5", "r5,r7");
	expect_plan(&c, 1, "r5:side@head", "r6:+r6 r7:r6>r7", "r5", "r5,r7");
	expect_plan(&c, 1, "main:r3", "r3:r2>r3", "r2", "r3");
	chain_free(&c);
}

Test(plan, upgrade_across_two_branches)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	/* DESIGN.md: r3:r4 across two branches ends at {r3, r4}. */
	expect_plan(&c, 1, "r3:r4", "r4:+r4", "r3", "r3,r4");
	expect_plan(&c, 1, "r4:r3", "r3:+r3", "r4", "r3,r4");
	chain_free(&c);
}

Test(plan, upgrade_depends_on_is_like_a_merge)
{
	struct chain c;

	setup_chain(&c, depgraph, NSPECS(depgraph));
	expect_plan(&c, 1, "heads", "a1:+a1 b1:+b1 a2:-b1,a1>a2", "", "a2");
	expect_plan(&c, 1, "b1:a2", "a1:+a1 a2:-b1,a1>a2", "b1", "a2");
	expect_plan(&c, 1, "a1:a2", "b1:+b1 a2:-b1,a1>a2", "a1", "a2");
	chain_free(&c);

	/* The smallest id wins even when it is the depends_on parent. */
	setup_chain(&c, depgraph2, NSPECS(depgraph2));
	expect_plan(&c, 1, "heads", "b1:+b1 z1:+z1 a2:-z1,b1>a2", "", "a2");
	chain_free(&c);
}

Test(plan, downgrade_through_a_merge)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	/* Mirror of the merge: update r5 to r3 (smallest), insert r4. */
	expect_plan(&c, 0, "r5:r2", "r5:r5>r3,+r4 r3:-r3 r4:r4>r2", "r5",
	    "r2");
	expect_plan(&c, 0, "r5:r3,r4", "r5:r5>r3,+r4", "r5", "r3,r4");
	expect_plan(&c, 0, "r4,r3:r2", "r3:-r3 r4:r4>r2", "r3,r4", "r2");
	expect_plan(&c, 0, "r3:base", "r3:r3>r2 r2:r2>r1 r1:-r1", "r3", "");
	chain_free(&c);
}

Test(plan, downgrade_everything)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_plan(&c, 0, "heads:base",
	    "r5:r5>r3,+r4 r3:-r3 r4:r4>r2 r2:r2>r1 r1:-r1 r7:r7>r6 r6:-r6",
	    "r5,r7", "");
	/* DESIGN.md: write heads:r2,r6 to keep r6. */
	expect_plan(&c, 0, "heads:r2,r6",
	    "r5:r5>r3,+r4 r3:-r3 r4:r4>r2 r7:r7>r6", "r5,r7", "r2,r6");
	chain_free(&c);
}

Test(plan, downgrade_depends_on)
{
	struct chain c;

	setup_chain(&c, depgraph, NSPECS(depgraph));
	expect_plan(&c, 0, "a2:a1", "a2:a2>a1,+b1 b1:-b1", "a2", "a1");
	expect_plan(&c, 0, "a2:b1", "a2:a2>a1,+b1 a1:-a1", "a2", "b1");
	expect_plan(&c, 0, "a2:a1,b1", "a2:a2>a1,+b1", "a2", "a1,b1");
	chain_free(&c);
}

Test(plan, range_errors)
{
	struct chain c;

	setup_chain(&c, graph, NSPECS(graph));
	expect_plan_error(&c, 1, "r5:r3", EXIT_RANGE, "backwards");
	expect_plan_error(&c, 1, "r5:r1", EXIT_RANGE, "backwards");
	expect_plan_error(&c, 1, "r3:r3", EXIT_RANGE, "empty range");
	expect_plan_error(&c, 1, "heads:heads", EXIT_RANGE, "empty range");
	expect_plan_error(&c, 1, "base:base", EXIT_RANGE, "empty range");
	expect_plan_error(&c, 0, "r2:r2", EXIT_RANGE, "empty range");
	expect_plan_error(&c, 0, "base:base", EXIT_RANGE, "empty range");
	/* A downgrade only reverts: TO must be below FROM. */
	expect_plan_error(&c, 0, "r3:r4", EXIT_RANGE, "'r4' is not an ancestor");
	/* ...and when FROM is below TO, the range is only backwards. */
	expect_plan_error(&c, 0, "r2:r5", EXIT_RANGE,
	    "backwards range 'r2:r5': 'r2' is below 'r5', and a downgrade "
	    "goes down: write 'r5:r2'");
	/* A version set holds heads only. */
	expect_plan_error(&c, 1, "r1,r3:r5", EXIT_RANGE, "'r1'");
	expect_plan_error(&c, 0, "r5:r1,r2", EXIT_RANGE, "'r1'");
	expect_plan_error(&c, 1, "r9", EXIT_RANGE, "unknown revision 'r9'");
	expect_plan_error(&c, 1, "head", EXIT_RANGE, "'head'");
	/* Usage: not a range at all. */
	expect_plan_error(&c, 1, "r1:r2:r3", EXIT_USAGE, "'r1:r2:r3'");
	expect_plan_error(&c, 0, "r2", EXIT_USAGE, "FROM:TO");
	chain_free(&c);
}

Test(plan, both_ends_reported)
{
	struct chain c;
	struct diags d;
	struct plan p;

	setup_chain(&c, graph, NSPECS(graph));
	diags_init(&d);
	cr_assert_eq(plan_build(&c, 1, "x8:y9", &p, &d), 0);
	assert_errors(&d, 2);
	assert_diags_have(&d, "'x8'");
	assert_diags_have(&d, "'y9'");
	plan_free(&p);
	diags_free(&d);
	chain_free(&c);
}
