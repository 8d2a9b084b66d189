/*
 * plan.h -- the plan stage: revision addressing, ranges, and the ordered
 * steps of a script with the version-set transition of each.
 *
 * Addressing follows DESIGN.md "Revision addressing" (base, head, heads, a
 * full id, a unique prefix, LABEL, LABEL@head, REV+N, REV-N, comma lists).
 * Range semantics follow DESIGN.md "Range semantics"; version-table
 * transitions follow Alembic 1.8's HeadMaintainer (runtime/migration.py):
 * insert at a root or a new branch, update along a line, delete all but
 * one parent row at a merge or depends_on (and the mirror on downgrade).
 * Where Alembic's choice is arbitrary (which row is updated), migsql
 * updates the row of the parent with the smallest id.
 *
 * Errors are reported to a struct diags with EXIT_RANGE (the address could
 * not be resolved) and no location; the message names the address.
 */
#ifndef MIGSQL_PLAN_H
#define MIGSQL_PLAN_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"

/* One change to the version table. */
enum vop_kind { VOP_INSERT, VOP_UPDATE, VOP_DELETE };

struct vop {
	enum vop_kind	 kind;
	const char	*from;	/* UPDATE, DELETE: the row expected */
	const char	*to;	/* INSERT, UPDATE: the row written */
};

/* Applying (upgrade) or reverting (downgrade) one revision. */
struct step {
	size_t		 rev;	/* index in the chain */
	struct vop	*vops;	/* owned; deletes first, then the update */
	size_t		 nvops;
};

struct plan {
	int		 upgrade;	/* 1 upgrade, 0 downgrade */
	const char	**from;		/* version set at entry: ids, sorted */
	size_t		 nfrom;
	const char	**to;		/* version set at the end, sorted */
	size_t		 nto;
	struct step	*steps;		/* owned */
	size_t		 nsteps;
};

/*
 * Resolves one address (which may be a comma list) to revision indices:
 * *out is a malloc'd array of *nout indices in id order without
 * repeats; base gives none.  Returns 1, or 0 with an error in d.
 */
int plan_resolve(const struct chain *c, const char *addr, size_t **out,
    size_t *nout, struct diags *d);

/*
 * Plans "upgrade FROM:TO" (range "TO" alone means "base:TO") or
 * "downgrade FROM:TO" into *p.  Returns 1, or 0 with errors in d
 * (EXIT_USAGE for a malformed range, EXIT_RANGE otherwise).  Free *p with
 * plan_free() in either case.  The chain must be valid.
 */
int plan_build(const struct chain *c, int upgrade, const char *range,
    struct plan *p, struct diags *d);
void plan_free(struct plan *p);

/*
 * The heads of ancestors(set), i.e. the version set a database has once
 * every revision in set and its ancestors is applied; malloc'd, id order.
 */
size_t *plan_heads_of(const struct chain *c, const size_t *set, size_t n,
    size_t *nout);

#endif /* MIGSQL_PLAN_H */
