/*
 * pyimport.h -- `migsql import [REV...]`: YAML revision files written
 * from an Alembic project's .py ones (DESIGN.md "Command line").
 *
 * Each .py revision is read as the loader reads it (pyrev.h); what was
 * read becomes the YAML document, in the key order of a revision file.
 * What could not be read is left out of it, and the file gets a 'todo'
 * key, which `check` reports as an error until it is removed, plus the
 * whole Python source as comments after the document, to write the rest
 * from.  The .yaml is written beside the .py, with the same name but
 * the extension, and is never written over an existing file: a .yaml
 * with the id of a .py replaces it in the chain (load.h), so the .py can
 * stay until the team removes it.  A file without a todo is loaded back
 * as a check before it is written.
 */
#ifndef MIGSQL_PYIMPORT_H
#define MIGSQL_PYIMPORT_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/load.h"
#include "migsql/util.h"

/*
 * Builds in out (appended to) the YAML for the .py revision shown as
 * display, whose source is buf (len bytes), deciding an `if` on the
 * dialect name for dialect (NULL: such an `if` becomes a todo).  o is
 * what the loader checks the result with (dialect names, variables).
 * Sets *ntodo to the number of constructs left to write by hand (their
 * diagnostics, as errors of the reader, go to todo_diags; the caller
 * prints them as it likes) and *id to the revision id (malloc'd; NULL
 * when the file does not even give one, and then nothing is built).
 * Returns 1 when out holds a document to write; 0 after an error in d
 * (the document did not load back cleanly: a bug, reported as such).
 */
int pyimport_build(const char *display, const char *buf, size_t len,
    const char *dialect, const struct load_options *o, struct strbuf *out,
    size_t *ntodo, char **id, struct diags *todo_diags, struct diags *d);

/*
 * The import command: for each .py revision of the project (all, or
 * those whose id is one of the n ids, or begins with one, as Alembic
 * takes a partial id), writes the .yaml beside it and says so on
 * standard output, one line per file.  Errors (a named revision that no
 * .py has, an existing .yaml, a write that failed) go to d; what is left
 * as todo is printed as warnings.  Returns the number of files written.
 */
size_t pyimport_run(const struct project *p, const char *dialect,
    const struct load_options *o, const char *const *ids, size_t n,
    struct diags *d);

#endif /* MIGSQL_PYIMPORT_H */
