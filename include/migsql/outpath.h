/*
 * outpath.h -- where migsql may write: never over an input of the run, nor
 * into the versions directory (migsql(1): -o, and bundle's OUTDIR).  A
 * script written over its own revision file, the project file or the
 * dialect file would replace reviewed input with rendered SQL; a file
 * written among the revisions would be read as one.
 */
#ifndef MIGSQL_OUTPATH_H
#define MIGSQL_OUTPATH_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"

/*
 * Checks that writing what ("the script", "the bundle") to path, a path
 * from the current directory, replaces no input of the run and puts
 * nothing in the versions directory.  Refused, with an EXIT_USAGE error
 * at path: a path that is the project file, the file of a revision of c,
 * the file of one of the ndl dialects dls, or the versions directory,
 * compared as files (st_dev and st_ino of stat(2), so a hard link, a
 * symbolic link or another spelling of the path is the same file); and a
 * path whose directory is the versions directory or one below it,
 * compared by realpath(3), whether the file exists or not.  An existing
 * target that is neither a regular file nor a directory (a device, a
 * FIFO, which emit_write() writes in place, replacing nothing) passes.
 * Standard output ("-") is the caller's to leave out.  Returns 1 when
 * path may be written, 0 after the error.
 */
int outpath_check(const char *path, const char *what,
    const struct project *proj, const struct chain *c,
    const struct dialect *dls, size_t ndl, struct diags *d);

#endif /* MIGSQL_OUTPATH_H */
