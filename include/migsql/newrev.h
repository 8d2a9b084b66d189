/*
 * newrev.h -- `migsql new`: a new, empty revision file, like
 * `alembic revision -m MESSAGE` (Alembic 1.8, command.revision and
 * script.ScriptDirectory.generate_revision).
 */
#ifndef MIGSQL_NEWREV_H
#define MIGSQL_NEWREV_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/load.h"

struct new_options {
	const char		 *message;	/* -m, required, not empty */
	const char		 *head;		/* --head REV, or NULL */
	const char *const	 *labels;	/* --branch-label, nlabels of them */
	size_t			  nlabels;
	const char *const	 *depends;	/* --depends-on, ndepends of them */
	size_t			  ndepends;
	/*
	 * `migsql merge`: merge is 1 and the new revision's down_revision
	 * is every revision the nparents addresses in parents name (none:
	 * "heads"); head and depends are not used then.
	 */
	int			  merge;
	const char *const	 *parents;
	size_t			  nparents;
};

/*
 * Writes a new revision file in proj's versions directory for chain c
 * (loaded and valid), like `alembic revision -m`:
 *
 *   - name: <id>_<slug>.yaml; id is 12 random lower-case hex digits that
 *     no existing id is a prefix of (nor the reverse) and that is no
 *     branch label; slug is Alembic's (words of the message, '_'-joined,
 *     lower case, cut at 40 back to a '_'); an empty slug gives <id>_.yaml
 *     as Alembic gives <id>_.py;
 *   - down_revision: the single head (null for an empty chain), or
 *     no->head resolved by plan_resolve (a head, or base for a new root);
 *   - branch_labels: no->labels as given; depends_on: no->depends
 *     resolved to full ids, sorted, without repeats;
 *   - message: no->message exactly (quoted where YAML needs it);
 *     create_date: UTC "YYYY-MM-DD HH:MM:SS", from SOURCE_DATE_EPOCH when
 *     set; upgrade: [] and downgrade: [].
 *
 * The file is loaded back as a self-check, then created exclusively (an
 * existing file is never replaced, and no partial file is left: see
 * newrev.c create_exclusive).
 *
 * On success returns 1 and sets *path to the new file's path (malloc'd;
 * the caller frees): the versions directory joined to proj->dir as given
 * ("versions/x.yaml" when the project is ".", "DIR/versions/x.yaml" with
 * -C DIR), so the user can open it from where migsql ran.  On failure
 * returns 0 with *path NULL after reporting every error in d: EXIT_USAGE
 * (empty or non-UTF-8 message, bad SOURCE_DATE_EPOCH, bad or taken branch
 * label, depends_on on the down_revision), EXIT_RANGE (several heads and
 * no --head, --head not a single head or base, an unresolvable address)
 * or EXIT_INPUT (no random source, cannot create the file); nothing is
 * written then.
 */
int new_revision(const struct project *proj, const struct chain *c,
    const struct new_options *no, char **path, struct diags *d);

/*
 * With no->merge set, new_revision() writes a merge revision, like
 * `alembic merge -m MESSAGE [REVISIONS]` (Alembic 1.8, command.merge,
 * which calls generate_revision with head=revisions): the same file name,
 * id, message, date and branch label rules, and down_revision the list of
 * the revisions no->parents name (each an address as plan_resolve takes
 * it, a comma list or heads included; none given: heads), in the order
 * named, without repeats.  Every one must be a head (Alembic: "Revision X
 * is not a head revision") and there must be at least two (EXIT_RANGE
 * otherwise: nothing to merge).  depends_on is not written.
 */

/*
 * Creates path with the n bytes of buf, never replacing an existing file
 * and never leaving a partial one (a temporary file beside it, synced,
 * then hard-linked into place; O_EXCL where links are missing).
 * Returns 1, or 0 with errno set (EEXIST when path exists) and nothing
 * left behind.  Used by new, merge and import.
 */
int newrev_create_file(const char *path, const char *buf, size_t n);

#endif /* MIGSQL_NEWREV_H */
