/*
 * graph.c -- the revision graph as Graphviz DOT (graph.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/graph.h"

/* s as the inside of a DOT string: '"' and '\' escaped, a line break as
   DOT's \n, other control characters as a space; at most max bytes of
   it (then "..."), never cutting a UTF-8 character. */
static void
dot_text(const char *s, size_t max, struct strbuf *out)
{
	size_t i, n = strlen(s);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			strbuf_addc(out, '\\');
		if (ch == '\n')
			strbuf_adds(out, "\\n");
		else if (ch < 0x20 || ch == 0x7f)
			strbuf_addc(out, ' ');
		else
			strbuf_addc(out, (char)ch);
	}
	if (n < strlen(s))
		strbuf_adds(out, "...");
}

static void
node_line(const struct chain *c, size_t i, struct strbuf *out)
{
	const struct revision *r = c->nodes[i].rev;
	size_t k, first = strcspn(r->message, "\r\n");
	char *msg = xstrndup(r->message, first);

	strbuf_adds(out, "  \"");
	dot_text(r->id, 64, out);
	strbuf_adds(out, "\" [label=\"");
	dot_text(r->id, 12, out);
	strbuf_adds(out, "\\n");
	dot_text(msg, 48, out);
	for (k = 0; k < r->labels.n; k++) {
		strbuf_adds(out, k ? ", " : "\\n@");
		dot_text(r->labels.ids[k], 64, out);
	}
	strbuf_addc(out, '"');
	for (k = 0; k < c->nheads; k++)
		if (c->heads[k] == i)
			strbuf_adds(out, ", peripheries=2");
	strbuf_adds(out, "];\n");
	free(msg);
}

void
graph_dot(const struct chain *c, const unsigned char *in, struct strbuf *out)
{
	size_t k, p;

	strbuf_adds(out, "digraph migsql {\n  rankdir=BT;\n"
	    "  node [shape=box, fontname=\"monospace\"];\n");
	for (k = 0; k < c->n; k++)
		if (in == NULL || in[c->order[k]])
			node_line(c, c->order[k], out);
	for (k = 0; k < c->n; k++) {
		size_t i = c->order[k];
		const struct chain_node *nd = &c->nodes[i];

		if (in != NULL && !in[i])
			continue;
		for (p = 0; p < nd->nparents; p++) {
			if (in != NULL && !in[nd->parents[p]])
				continue;
			strbuf_adds(out, "  \"");
			dot_text(nd->rev->id, 64, out);
			strbuf_adds(out, "\" -> \"");
			dot_text(c->nodes[nd->parents[p]].rev->id, 64, out);
			strbuf_adds(out, p < nd->ndown ? "\";\n" :
			    "\" [style=dashed];\n");
		}
	}
	strbuf_adds(out, "}\n");
}
