/*
 * chain.h -- the chain stage: the revision graph.
 *
 * Edges follow Alembic 1.8's Revision/RevisionMap: a revision's parents are
 * its down_revisions followed by its depends_on targets; a head is a
 * revision no other revision names as down_revision or in depends_on
 * (Alembic's "real heads", revision.py _real_heads); a root has no
 * down_revision; a branch point has several children through
 * down_revision; a merge has several down_revisions.
 *
 * Revisions are kept sorted by id (bytewise), so an index order is the id
 * order that breaks ties everywhere (DESIGN.md "Order").
 */
#ifndef MIGSQL_CHAIN_H
#define MIGSQL_CHAIN_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/load.h"

#define CHAIN_NONE ((size_t)-1)

struct chain_node {
	struct revision	*rev;		/* owned by the chain */
	size_t		*parents;	/* down_revisions first, then depends_on */
	size_t		 nparents;
	size_t		 ndown;		/* how many of parents are down_revisions */
	size_t		*children;	/* revisions that name this one */
	size_t		 nchildren;
	size_t		 ndown_children; /* ... through down_revision (first) */
};

struct chain_label {
	const char	*name;		/* points into the revision */
	size_t		 rev;
};

struct chain {
	struct chain_node	*nodes;		/* sorted by revision id */
	size_t			 n;
	size_t			*heads;		/* indices, in id order */
	size_t			 nheads;
	struct chain_label	*labels;	/* sorted by name */
	size_t			 nlabels;
	size_t			*order;		/* all indices, topological,
						   ties by id: parents first */
	int			 valid;		/* no graph errors */
};

/*
 * Builds the graph from revs (n revisions).  Takes ownership of every
 * revision and of the revs array.  Reports, all at once and with
 * EXIT_INPUT: duplicate revision ids, unknown down_revision and depends_on
 * targets, cycles, branch labels used twice or equal to a revision id.
 * Returns 1 when the graph is valid; 0 otherwise (c is still usable for
 * printing and must be freed with chain_free()).
 */
int chain_build(struct chain *c, struct revision **revs, size_t n,
    struct diags *d);
void chain_free(struct chain *c);

/* The index of the revision with exactly this id, or CHAIN_NONE. */
size_t chain_find(const struct chain *c, const char *id);
/*
 * The indices of revisions whose id starts with prefix: returns how many
 * and sets *first (they are consecutive).
 */
size_t chain_find_prefix(const struct chain *c, const char *prefix,
    size_t *first);
/* The revision carrying branch label name, or CHAIN_NONE. */
size_t chain_find_label(const struct chain *c, const char *name);
/* 1 when revision i is a head. */
int chain_is_head(const struct chain *c, size_t i);

/*
 * Marks in mark[] (c->n bytes, set to 1) the ancestors of the n revisions
 * in set, each included, following down_revision and depends_on (DESIGN.md
 * "Range semantics").  Returns how many were newly marked.
 */
size_t chain_mark_ancestors(const struct chain *c, const size_t *set,
    size_t n, unsigned char *mark);

#endif /* MIGSQL_CHAIN_H */
