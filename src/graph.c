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

/* --- history --graph ---------------------------------------------------- */

/* A line between two rows: from lane pos now, going to lane to. */
struct lane_move {
	size_t	pos;
	size_t	to;
};

/* The lanes: lane[k] is the chain index of the revision lane k waits for. */
struct lanes {
	size_t	*lane;
	size_t	 n;
};

static size_t
lane_of(const struct lanes *l, size_t rev)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (l->lane[k] == rev)
			return k;
	return CHAIN_NONE;
}

/* Appends the n bytes of text up to its last non-space character. */
static void
add_trimmed(struct strbuf *out, const char *text, size_t n)
{
	while (n > 0 && text[n - 1] == ' ')
		n--;
	strbuf_addn(out, text, n);
}

/*
 * Draws the rows between two rows: every move one lane per row ('\\' to
 * the right, '/' to the left, '|' in place) until each is at its lane.
 * width: the widest lane count of the two rows.
 */
static void
draw_moves(struct lane_move *mv, size_t nmv, size_t width, struct strbuf *out)
{
	char *row = xmalloc(2 * width + 2);
	size_t i;
	int moving;

	for (;;) {
		moving = 0;
		for (i = 0; i < nmv; i++)
			if (mv[i].pos != mv[i].to)
				moving = 1;
		if (!moving)
			break;
		memset(row, ' ', 2 * width + 1);
		for (i = 0; i < nmv; i++) {
			if (mv[i].to > mv[i].pos) {
				row[2 * mv[i].pos + 1] = '\\';
				mv[i].pos++;
			} else if (mv[i].to < mv[i].pos) {
				row[2 * mv[i].pos - 1] = '/';
				mv[i].pos--;
			} else if (row[2 * mv[i].pos] == ' ')
				row[2 * mv[i].pos] = '|';
		}
		add_trimmed(out, row, 2 * width + 1);
		strbuf_addc(out, '\n');
	}
	free(row);
}

/*
 * After revision rev on lane col: the lanes that follow (those before
 * col, rev's down_revisions that are shown, those after col, each
 * revision once, at its first place: lanes that wait for the same
 * revision join at once, so no two lanes ever wait for one revision)
 * into next, and a move from each old lane to its new one into mv (one
 * per down_revision from col).  Returns the number of moves.
 */
static size_t
next_lanes(const struct chain *c, const unsigned char *shown,
    const struct lanes *l, size_t rev, size_t col, struct lanes *next,
    struct lane_move *mv)
{
	const struct chain_node *nd = &c->nodes[rev];
	size_t k, p, nmv = 0;

	next->n = 0;
	for (k = 0; k < l->n; k++) {
		if (k == col) {
			for (p = 0; p < nd->ndown; p++)
				if (shown[nd->parents[p]] &&
				    lane_of(next, nd->parents[p]) == CHAIN_NONE)
					next->lane[next->n++] = nd->parents[p];
		} else if (lane_of(next, l->lane[k]) == CHAIN_NONE)
			next->lane[next->n++] = l->lane[k];
	}
	for (k = 0; k < l->n; k++) {
		if (k == col) {
			for (p = 0; p < nd->ndown; p++)
				if (shown[nd->parents[p]])
					mv[nmv++] = (struct lane_move){ k,
					    lane_of(next, nd->parents[p]) };
		} else
			mv[nmv++] = (struct lane_move){ k,
			    lane_of(next, l->lane[k]) };
	}
	return nmv;
}

void
graph_lines(const struct chain *c, const size_t *revs, size_t n,
    void (*row)(const struct chain *, size_t, struct strbuf *),
    struct strbuf *out)
{
	unsigned char *shown = xcalloc(c->n ? c->n : 1, 1);
	size_t cap = 1, i, k, col, nmv;
	struct lanes l = { NULL, 0 }, next = { NULL, 0 }, tmp;
	struct lane_move *mv;

	for (i = 0; i < n; i++) {
		shown[revs[i]] = 1;
		cap += c->nodes[revs[i]].ndown;
	}
	/* Never more lanes than waits: each lane waits for a parent. */
	l.lane = xmalloc(cap * sizeof *l.lane);
	next.lane = xmalloc(cap * sizeof *next.lane);
	mv = xmalloc(2 * cap * sizeof *mv);
	for (i = 0; i < n; i++) {
		size_t rev = revs[i], width;

		if ((col = lane_of(&l, rev)) == CHAIN_NONE) {
			l.lane[l.n] = rev;	/* a head: a lane of its own */
			col = l.n++;
		}
		for (k = 0; k < l.n; k++)
			strbuf_adds(out, k == col ? "* " : "| ");
		row(c, rev, out);
		nmv = next_lanes(c, shown, &l, rev, col, &next, mv);
		width = l.n > next.n ? l.n : next.n;
		draw_moves(mv, nmv, width, out);
		tmp = l;
		l = next;
		next = tmp;
	}
	free(l.lane);
	free(next.lane);
	free(mv);
	free(shown);
}
