/*
 * nodepos.h -- where a byte of a scalar's value was written in its file.
 *
 * A YAML scalar's value is not its source text: quotes, escapes, line
 * folding and block indentation lie between them (YAML 1.2.2 spec,
 * chapters 7 "Flow Style Productions" and 8 "Block Style Productions").
 * To point at a character inside a value (the place of a SQL syntax
 * error, say), the scalar is read again from the file's bytes, the value
 * rebuilt with the position each byte came from, and the rebuilt bytes
 * compared with the loader's as they go: any difference (a ${name}
 * expansion, a form this reader does not follow) makes it give up rather
 * than point at the wrong place.
 */
#ifndef MIGSQL_NODEPOS_H
#define MIGSQL_NODEPOS_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/node.h"

/*
 * Sets *out to the file location (1-based line, 1-based column counted
 * in characters, as libyaml's marks and struct loc count) of byte off of
 * scalar n's value, n having been parsed from src (srclen bytes, the
 * whole file).  off == n->len means just after the last byte.  out->file
 * is n->loc.file.  Returns 1 on success; 0 when the place cannot be
 * known for sure (src is NULL, the value differs from what the source
 * gives, a block scalar with an explicit indentation indicator, off past
 * the end), leaving *out as n->loc.
 */
int nodepos_loc(const struct node *n, const char *src, size_t srclen,
    size_t off, struct loc *out);

#endif /* MIGSQL_NODEPOS_H */
