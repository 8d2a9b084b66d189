/* test_chain.c -- the revision graph: heads, roots, labels, validation. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/load.h"
#include "migsql/util.h"

#include "helpers.h"

TestSuite(chain, .fini = helpers_fini);

#define NSPECS(a) (sizeof (a) / sizeof (a)[0])

/* The ids of the chain's heads, joined by ",". */
static char *
heads_of(const struct chain *c)
{
	return idx_ids(c, c->heads, c->nheads);
}

/* The ids of the chain's roots (no down_revision), joined by ",". */
static char *
roots_of(const struct chain *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, "");
	for (i = 0; i < c->n; i++)
		if (c->nodes[i].ndown == 0)
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "",
			    c->nodes[i].rev->id);
	return strbuf_detach(&sb);
}

/* The ids of revisions with several children through down_revision. */
static char *
branch_points_of(const struct chain *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, "");
	for (i = 0; i < c->n; i++)
		if (c->nodes[i].ndown_children > 1)
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "",
			    c->nodes[i].rev->id);
	return strbuf_detach(&sb);
}

/* The ids of merge revisions (several down_revisions). */
static char *
merges_of(const struct chain *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_adds(&sb, "");
	for (i = 0; i < c->n; i++)
		if (c->nodes[i].ndown > 1)
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "",
			    c->nodes[i].rev->id);
	return strbuf_detach(&sb);
}

/* The ids of revision i's parents (down_revisions first), joined. */
static char *
parents_of(const struct chain *c, const char *id)
{
	size_t i = chain_find(c, id);

	cr_assert_neq(i, CHAIN_NONE, "no revision %s", id);
	return idx_ids(c, c->nodes[i].parents, c->nodes[i].nparents);
}

/* The ids of revision i's children, joined. */
static char *
children_of(const struct chain *c, const char *id)
{
	size_t i = chain_find(c, id);

	cr_assert_neq(i, CHAIN_NONE, "no revision %s", id);
	return idx_ids(c, c->nodes[i].children, c->nodes[i].nchildren);
}

/*
 *        +-- r2 --+
 *   r1 --+        +-- r4        r5 -- r6
 *        +-- r3 --+
 */
static const struct rev_spec diamond[] = {
	{ "r4", "[r3, r2]", NULL, NULL },
	{ "r2", "r1", NULL, NULL },
	{ "r1", "null", NULL, NULL },
	{ "r6", "r5", NULL, NULL },
	{ "r3", "r1", NULL, NULL },
	{ "r5", "null", NULL, NULL },
};

Test(chain, heads_roots_branch_points_merges)
{
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, diamond, NSPECS(diamond), &d), 1);
	assert_no_errors(&d);
	cr_assert_eq(c.valid, 1);
	cr_assert_eq(c.n, 6);
	/* Kept in id order whatever the input order. */
	assert_str_take(idx_ids(&c, (size_t[]){ 0, 1, 2, 3, 4, 5 }, 6),
	    "r1,r2,r3,r4,r5,r6");
	assert_str_take(heads_of(&c), "r4,r6");
	assert_str_take(roots_of(&c), "r1,r5");
	assert_str_take(branch_points_of(&c), "r1");
	assert_str_take(merges_of(&c), "r4");
	/* Parents as written; children in id order. */
	assert_str_take(parents_of(&c, "r4"), "r3,r2");
	assert_str_take(children_of(&c, "r1"), "r2,r3");
	cr_assert_eq(c.nodes[chain_find(&c, "r4")].ndown, 2);
	cr_assert(chain_is_head(&c, chain_find(&c, "r4")));
	cr_assert(chain_is_head(&c, chain_find(&c, "r6")));
	cr_assert_not(chain_is_head(&c, chain_find(&c, "r5")));
	cr_assert_not(chain_is_head(&c, chain_find(&c, "r2")));
	chain_free(&c);
	diags_free(&d);
}

Test(chain, depends_on_absorbs_a_root)
{
	static const struct rev_spec specs[] = {
		{ "a1", "null", NULL, NULL },
		{ "b1", "null", NULL, NULL },
		{ "a2", "a1", "depends_on: b1\n", NULL },
	};
	struct diags d;
	struct chain c;
	size_t b1, a2;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 1);
	assert_no_errors(&d);
	/* b1 is a root, and no head: a2 names it in depends_on. */
	assert_str_take(heads_of(&c), "a2");
	assert_str_take(roots_of(&c), "a1,b1");
	b1 = chain_find(&c, "b1");
	a2 = chain_find(&c, "a2");
	cr_assert_not(chain_is_head(&c, b1));
	cr_assert_eq(c.nodes[b1].nchildren, 1);
	cr_assert_eq(c.nodes[b1].ndown_children, 0,
	    "a depends_on child is no down_revision child");
	cr_assert_eq(c.nodes[a2].nparents, 2);
	cr_assert_eq(c.nodes[a2].ndown, 1);
	assert_str_take(parents_of(&c, "a2"), "a1,b1");
	assert_str_take(merges_of(&c), "");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, empty_chain)
{
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, NULL, 0, &d), 1);
	assert_no_errors(&d);
	cr_assert_eq(c.n, 0);
	cr_assert_eq(c.nheads, 0);
	cr_assert_eq(chain_find(&c, "x"), CHAIN_NONE);
	chain_free(&c);
	diags_free(&d);
}

/* revisions_load() gives a NULL array for an empty versions directory. */
Test(chain, empty_chain_from_a_null_array)
{
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(chain_build(&c, NULL, 0, &d), 1);
	assert_no_errors(&d);
	cr_assert_eq(c.n, 0);
	cr_assert_eq(c.nheads, 0);
	cr_assert_eq(c.nlabels, 0);
	chain_free(&c);
	diags_free(&d);
}

Test(chain, duplicate_id)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", NULL, "versions/b_second.yaml" },
		{ "r1", "null", NULL, "versions/a_first.yaml" },
		{ "r2", "r1", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	cr_assert_eq(c.valid, 0);
	assert_errors(&d, 1);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	/* Reported at the later file, naming the earlier one. */
	assert_diags_have(&d, "versions/b_second.yaml:1:11: error: duplicate "
	    "revision id 'r1'");
	assert_diags_have(&d, "versions/a_first.yaml");
	cr_assert_eq(c.n, 2, "one r1 is kept");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, unknown_parents)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", NULL, NULL },
		{ "r2", "zz", NULL, NULL },
		{ "r3", "r1", "depends_on: [r2, qq]\n", NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 2);
	assert_diags_have(&d, "versions/r2.yaml:2:16: error: down_revision 'zz' "
	    "is not a revision of this chain");
	assert_diags_have(&d, "versions/r3.yaml:3:18: error: depends_on 'qq' is "
	    "not a revision of this chain");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, parent_both_down_and_depends)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", NULL, NULL },
		{ "r2", "r1", "depends_on: r1\n", NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "versions/r2.yaml:3:13: error: 'r1' is both");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, cycle_reported_with_its_path)
{
	/* a <- b <- c <- a, with d hanging below the cycle and a root x. */
	static const struct rev_spec specs[] = {
		{ "x", "null", NULL, NULL },
		{ "a", "c", NULL, NULL },
		{ "b", "a", NULL, NULL },
		{ "c", "b", NULL, NULL },
		{ "d", "a", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	cr_assert_eq(c.valid, 0);
	/* One cycle, reported once; d is below it, not in it. */
	assert_errors(&d, 1);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	assert_diags_have(&d, "its own ancestor");
	/* From a, following down_revision: a's parent is c, c's is b. */
	assert_diags_have(&d, "a -> c -> b -> a");
	assert_diags_lack(&d, "'d'");
	assert_diags_lack(&d, "'x'");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, self_cycle)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", NULL, NULL },
		{ "r2", "r2", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "versions/r2.yaml:1:11: error: revision 'r2' is "
	    "its own ancestor: r2 -> r2");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, two_cycles_both_reported)
{
	static const struct rev_spec specs[] = {
		{ "a", "b", NULL, NULL },
		{ "b", "a", NULL, NULL },
		{ "p", "q", NULL, NULL },
		{ "q", "p", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 2);
	assert_diags_have(&d, "a -> b -> a");
	assert_diags_have(&d, "p -> q -> p");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, cycle_through_depends_on)
{
	static const struct rev_spec specs[] = {
		{ "a", "null", "depends_on: b\n", NULL },
		{ "b", "a", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "a -> b -> a");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, label_used_twice)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", "branch_labels: [main]\n", NULL },
		{ "r2", "r1", "branch_labels: [other, main]\n", NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 1);
	/* "branch_labels: [other, main]": main is at column 24. */
	assert_diags_have(&d, "versions/r2.yaml:3:24: error: branch label "
	    "'main' is already used by revision 'r1'");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, label_equal_to_an_id)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", NULL, NULL },
		{ "r2", "r1", "branch_labels: [r1]\n", NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 1);
	assert_diags_have(&d, "versions/r2.yaml:3:17: error: branch label 'r1' "
	    "is also a revision id");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, labels_found)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", "branch_labels: [zeta, alpha]\n", NULL },
		{ "r2", "r1", "branch_labels: [mid]\n", NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 1);
	assert_no_errors(&d);
	cr_assert_eq(c.nlabels, 3);
	cr_assert_str_eq(c.labels[0].name, "alpha");
	cr_assert_str_eq(c.labels[2].name, "zeta");
	cr_assert_eq(chain_find_label(&c, "zeta"), chain_find(&c, "r1"));
	cr_assert_eq(chain_find_label(&c, "alpha"), chain_find(&c, "r1"));
	cr_assert_eq(chain_find_label(&c, "mid"), chain_find(&c, "r2"));
	cr_assert_eq(chain_find_label(&c, "r1"), CHAIN_NONE);
	cr_assert_eq(chain_find_label(&c, "mi"), CHAIN_NONE);
	chain_free(&c);
	diags_free(&d);
}

Test(chain, every_graph_error_at_once)
{
	static const struct rev_spec specs[] = {
		{ "r1", "null", "branch_labels: [x]\n", NULL },
		{ "r2", "missing", "branch_labels: [x]\n", NULL },
		{ "r3", "r4", NULL, NULL },
		{ "r4", "r3", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 0);
	assert_errors(&d, 3);
	assert_diags_have(&d, "'missing'");
	assert_diags_have(&d, "r3 -> r4 -> r3");
	assert_diags_have(&d, "branch label 'x' is already used");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, topological_order_ties_by_id)
{
	/* Two roots a and m; m's children z and b. */
	static const struct rev_spec specs[] = {
		{ "z", "m", NULL, NULL },
		{ "m", "null", NULL, NULL },
		{ "b", "m", NULL, NULL },
		{ "a", "null", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 1);
	assert_no_errors(&d);
	/* Ready: a, m -> a; then m; then b, z. */
	assert_str_take(idx_ids(&c, c.order, c.n), "a,m,b,z");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, topological_order_parents_first)
{
	/* "b" sorts before its parent "c"; a merge waits for both parents. */
	static const struct rev_spec specs[] = {
		{ "c", "null", NULL, NULL },
		{ "b", "c", NULL, NULL },
		{ "a", "[b, e]", NULL, NULL },
		{ "e", "null", NULL, NULL },
		{ "d", "c", NULL, NULL },
	};
	struct diags d;
	struct chain c;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 1);
	assert_no_errors(&d);
	/* Ready {c, e}: c; {b, d, e}: b; {d, e}: d; {e}: e; {a}: a. */
	assert_str_take(idx_ids(&c, c.order, c.n), "c,b,d,e,a");
	chain_free(&c);
	diags_free(&d);
}

Test(chain, find_and_prefix)
{
	static const struct rev_spec specs[] = {
		{ "abc123", "null", NULL, NULL },
		{ "abd456", "abc123", NULL, NULL },
		{ "b789", "abd456", NULL, NULL },
	};
	struct diags d;
	struct chain c;
	size_t first = 99, n;

	diags_init(&d);
	cr_assert_eq(build_chain(&c, specs, NSPECS(specs), &d), 1);
	cr_assert_eq(chain_find(&c, "abd456"), 1);
	cr_assert_eq(chain_find(&c, "abd45"), CHAIN_NONE);
	n = chain_find_prefix(&c, "ab", &first);
	cr_assert_eq(n, 2);
	cr_assert_eq(first, 0);
	n = chain_find_prefix(&c, "abd", &first);
	cr_assert_eq(n, 1);
	cr_assert_eq(first, 1);
	n = chain_find_prefix(&c, "b", &first);
	cr_assert_eq(n, 1);
	cr_assert_eq(first, 2);
	n = chain_find_prefix(&c, "c", &first);
	cr_assert_eq(n, 0);
	n = chain_find_prefix(&c, "abc1234", &first);
	cr_assert_eq(n, 0);
	chain_free(&c);
	diags_free(&d);
}
