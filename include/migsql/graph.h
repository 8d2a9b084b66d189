/*
 * graph.h -- the revision graph as Graphviz DOT (`migsql graph`).
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

#endif /* MIGSQL_GRAPH_H */
