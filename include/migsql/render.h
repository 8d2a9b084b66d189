/*
 * render.h -- the render stage: each operation through its dialect
 * template.  Identifiers are quoted and literals escaped here (dialect.h),
 * so templates only place prepared text.  Unnamed constraints get
 * PostgreSQL's default names (PostgreSQL 15 src/backend/commands/indexcmds.c
 * ChooseRelationName, makeObjectName: "<table>_pkey", "<table>_<cols>_key",
 * "<table>_<cols>_fkey", clipped to 63 bytes) in every dialect, so that a
 * later drop can name them.
 *
 * Errors (a dialect that cannot express an op, a name over the dialect's
 * length limit, SQL missing for the dialect, a revision without a written
 * downgrade) are reported at the op's file:line:col with EXIT_INPUT; no SQL
 * is produced for that op.
 */
#ifndef MIGSQL_RENDER_H
#define MIGSQL_RENDER_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"
#include "migsql/util.h"

/*
 * Appends the SQL of op for dialect dl to out: one or more statements,
 * each ending in ";" and a newline.  Returns 1, or 0 after reporting why
 * the op cannot be rendered.
 */
int render_op(const struct dialect *dl, const struct op *op,
    struct strbuf *out, struct diags *d);

/*
 * Appends the SQL of revision r's upgrade (upgrade = 1) or downgrade ops.
 * A downgrade of a revision whose upgrade is not empty and that has no
 * written downgrade is an error at the revision.  Returns the number of
 * errors reported.
 */
size_t render_revision(const struct dialect *dl, const struct revision *r,
    int upgrade, struct strbuf *out, struct diags *d);

/*
 * Writes PostgreSQL's default name for a constraint into out (cleared
 * first): name1 "_" name2 "_" label, or name1 "_" label when name2 is
 * NULL, clipped to 63 bytes as makeObjectName() does.
 */
void render_default_name(const char *name1, const char *name2,
    const char *label, struct strbuf *out);

/*
 * Appends text as comment lines, one per line of text, through the
 * dialect's comment template, each ending in a newline.
 */
void render_comment(const struct dialect *dl, const char *text,
    struct strbuf *out);

#endif /* MIGSQL_RENDER_H */
