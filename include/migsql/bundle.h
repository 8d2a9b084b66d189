/*
 * bundle.h -- release artifacts (`migsql bundle OUTDIR`) and the check of
 * a chain against an earlier release (`migsql verify OLD_MANIFEST`,
 * `bundle --against`).  DESIGN.md lists the uses: scripts kept as release
 * artifacts, and one release diffed against the next.
 *
 * A bundle is a directory:
 *
 *   manifest.yaml                  what is in it (below)
 *   SHA256SUMS                     every other file, `sha256sum -c` format
 *   DIALECT/upgrade.sql            FROM (base, or --from) to the heads
 *   DIALECT/downgrade.sql          the heads back to FROM, when the chain
 *                                  can be reverted
 *   DIALECT/schema.sql             `migsql schema heads`
 *   DIALECT/revisions/ID.upgrade.sql    one revision, from the version set
 *   DIALECT/revisions/ID.downgrade.sql  of its parents and depends_on
 *                                  targets, and back (when it can be)
 *
 * for each dialect.  The manifest (YAML, written with libyaml's emitter,
 * keys in a fixed order) holds the tool's version, the options the scripts
 * were rendered with, each dialect file's SHA-256, the revision graph in
 * the chain's order (id, parents, depends_on, branch labels, message,
 * source file and its SHA-256, and for each revision in the bundle the
 * SHA-256 of its per-revision scripts' SQL without their header) and every
 * artifact's SHA-256.  Identical inputs give identical bytes.
 */
#ifndef MIGSQL_BUNDLE_H
#define MIGSQL_BUNDLE_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"

struct bundle_options {
	const char	*outdir;	/* must not exist yet */
	const char	*from;		/* --from REV: only what comes after
					   it; NULL for everything */
	const char	*flags;		/* the render options as command-line
					   flags (" --var a=b"), for the
					   scripts' headers; "" for none */
};

/*
 * Renders the bundle for the ndl dialects in dls (loaded; chain c loaded
 * with their names) and writes it atomically: into a temporary directory
 * beside outdir, renamed to outdir at the end, so a failure leaves no
 * half bundle.  A downgrade that cannot be rendered (an op without an
 * inverse) is left out with a warning, and the manifest says so.  Returns
 * 1, or 0 after reporting every error in d (EXIT_INPUT for rendering and
 * I/O, EXIT_RANGE for --from, EXIT_USAGE when outdir exists).
 */
int bundle_write(const struct project *proj, const struct chain *c,
    const struct dialect *dls, size_t ndl, const struct bundle_options *bo,
    struct diags *d);

/*
 * The names of the dialects an earlier release's manifest lists, for the
 * caller to load: a malloc'd NULL-terminated array of malloc'd strings
 * (free with dialect_names_free()), or NULL after an EXIT_INPUT error at
 * the manifest's file:line:col.  A name that is a file path
 * (dialect_is_path()) is such an error: the caller loads names only.
 */
char **bundle_manifest_dialects(const char *manifest, struct diags *d);

/*
 * Marks in released (c->n bytes) the revisions of chain c that the
 * release described by manifest (a manifest.yaml of bundle_write())
 * lists, for `check --against`.  A listed revision that is no longer in
 * the chain is an error at its entry (as for bundle_verify()).  Returns
 * 1, or 0 after EXIT_INPUT errors in d.
 */
int bundle_manifest_released(const char *manifest, const struct chain *c,
    unsigned char *released, struct diags *d);

/*
 * Checks chain c against the release described by manifest (a
 * manifest.yaml of bundle_write()), the way Flyway's validate and
 * atlas.sum do for their sources, but on the rendered SQL: every revision
 * of the release must still be in the chain (else an error at its entry
 * in the manifest), with the same source SHA-256 (else an error at its
 * file) and, for each of the release's dialects in dls, per-revision
 * scripts whose SQL is unchanged (else an error naming the revision, its
 * file and the first differing line, read from the release's files next
 * to the manifest when they are there).  flags are the render options, as
 * for bundle_write(); when they differ from the release's, a warning says
 * so.  *checked receives the number of released revisions looked at.
 * Returns 1 when the chain agrees with the release, 0 after reporting
 * every difference in d (EXIT_INPUT).
 */
int bundle_verify(const struct project *proj, const struct chain *c,
    const struct dialect *dls, size_t ndl, const char *manifest,
    const char *flags, size_t *checked, struct diags *d);

#endif /* MIGSQL_BUNDLE_H */
