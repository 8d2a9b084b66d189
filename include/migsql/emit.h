/*
 * emit.h -- the emit stage: the script frame around the rendered steps
 * (DESIGN.md "The script"): the review header, the guard, each step with
 * its "Running upgrade" comment and version-table statements, the final
 * version check, and the atomic write of the result.
 */
#ifndef MIGSQL_EMIT_H
#define MIGSQL_EMIT_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"
#include "migsql/plan.h"
#include "migsql/render.h"
#include "migsql/util.h"

/*
 * Appends the whole script for plan p to out.  command is the command in
 * normal form for the header ("migsql upgrade base:heads --dialect
 * sqlite").  The schema at FROM comes from w, a schema walk over c made
 * with keep_actions and again (render.h), moved there and left there, when
 * w is not NULL (bundle renders hundreds of scripts of one chain), or from
 * a replay of FROM's ancestors.  Every op is rendered, and every render
 * error reported, before returning: returns 1 when the script is
 * complete, 0 when errors were reported (then out must not be written
 * anywhere).
 *
 * The script is one transaction (the dialect's script template), or one
 * per revision (script_per_revision and step) when the project asks for
 * it or, where the dialect has outside_transaction, when a statement of
 * the range cannot run in a transaction (render.h, struct render_break).
 * Such a revision runs in parts: transactional parts, each recording the
 * revision's progress (the version state of the version_state template:
 * "SET" or "SET (PROGRESS)"), around each statement, which runs alone;
 * the last part moves the version.  The guards compare version states,
 * so a rerun of the same script resumes inside the revision and any
 * other script refuses it (DESIGN.md "Details settled so far").
 */
int emit_script(const struct chain *c, const struct plan *p,
    const struct dialect *dl, const struct project *proj,
    const char *command, struct schema_walk *w, struct strbuf *out,
    struct diags *d);

/*
 * Appends `migsql schema` output for the version set of n revisions in set
 * (chain indices; none for base) to out: a header comment naming the set
 * and command, then the schema model replayed from base
 * (render_schema()).  Returns 1, or 0 after reporting errors in d (then
 * out must not be written anywhere).
 */
int emit_schema(const struct chain *c, const size_t *set, size_t n,
    const struct dialect *dl, const char *command, struct strbuf *out,
    struct diags *d);

/*
 * Appends the whole stamp script to out: the header (a comment naming
 * the range, that only the version table changes, and whether the schema
 * is checked), the dialect's script frame with its lock and guard (the
 * version set must be exactly the nfrom ids of from, none: the version
 * table absent or empty), then with verify the checks of stamp_verify()
 * on the schema at the nto revisions of to (chain indices), then the
 * version table's rows for FROM that TO does not keep deleted and those
 * of TO inserted, and the final check that the set is TO.  The script
 * passes the whole-script check like every script.  command is the
 * command in normal form for the header.  Returns 1, or 0 after errors in
 * d (then out must not be written anywhere).
 */
int emit_stamp(const struct chain *c, const size_t *from, size_t nfrom,
    const size_t *to, size_t nto, int verify, const struct dialect *dl,
    const struct project *proj, const char *command, struct strbuf *out,
    struct diags *d);

/*
 * Writes len bytes of data to path atomically: a temporary file in the same
 * directory, fsync, rename over path.  A path that exists and is not a
 * regular file (a device, a FIFO) is written directly instead, since a
 * rename would replace it.  "-" means standard output.  Returns 1, or 0
 * after an EXIT_INPUT error naming path (no partial file is left).
 */
int emit_write(const char *path, const char *data, size_t len,
    struct diags *d);

#endif /* MIGSQL_EMIT_H */
