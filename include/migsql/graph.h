/*
 * graph.h -- the revision graph as Graphviz DOT (`migsql graph`), and
 * drawn in text (`migsql history --graph`).
 *
 * One node per revision (its id, short, and the first line of its
 * message; a head drawn with a double border; branch labels under the
 * message), an edge from each revision to each down_revision, dashed to
 * each depends_on.  Bases are at the bottom, heads at the top, as
 * `history` lists them.  Byte-stable: nodes and edges in the chain's
 * order.  `migsql graph | dot -Tsvg > chain.svg` draws it (Graphviz
 * docs, "The DOT Language").
 */
#ifndef MIGSQL_GRAPH_H
#define MIGSQL_GRAPH_H

#include "migsql/chain.h"
#include "migsql/util.h"

/*
 * Appends the graph of the revisions of c that in marks (an array of
 * c->n bytes, 1: drawn; NULL: every revision) to out, edges only between
 * drawn revisions.  Every text from a revision is escaped for a DOT
 * string (\" \\ and control characters).
 */
void graph_dot(const struct chain *c, const unsigned char *in,
    struct strbuf *out);

/*
 * Appends `history --graph` to out: the n revisions of c in revs (chain
 * indices, newest first, as history lists them), one row each, drawn as
 * `git log --graph` draws commits.  Each revision sits on a lane ('*');
 * a lane is a line ('|') down to the revision it waits for, its
 * down_revision; a merge opens one lane per down_revision ("|\"), lanes
 * that wait for the same revision join ("|/"), and a lane ends at a base.
 * A lane that moves by more than one column moves one column per row.
 * Only down_revision is drawn (depends_on is text, as in history); a
 * down_revision outside revs has no lane.  After its lanes, each row gets
 * the text row(c, rev, out) appends, which must end in '\n'.  Rows carry
 * no trailing space.
 */
void graph_lines(const struct chain *c, const size_t *revs, size_t n,
    void (*row)(const struct chain *, size_t, struct strbuf *),
    struct strbuf *out);

#endif /* MIGSQL_GRAPH_H */
