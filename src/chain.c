/* chain.c -- the revision graph: parents, children, heads, labels, order. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/chain.h"
#include "migsql/util.h"

static int
cmp_rev(const void *a, const void *b)
{
	const struct revision *x = *(struct revision *const *)a;
	const struct revision *y = *(struct revision *const *)b;
	int c = strcmp(x->id, y->id);

	/* Equal ids: keep file order so the later file is the duplicate. */
	if (c == 0)
		c = strcmp(x->file, y->file);
	return c;
}

static int
cmp_label(const void *a, const void *b)
{
	const struct chain_label *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = x->rev < y->rev ? -1 : x->rev > y->rev;
	return c;
}

size_t
chain_find(const struct chain *c, const char *id)
{
	size_t lo = 0, hi = c->n, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(c->nodes[mid].rev->id, id);
		if (cmp == 0)
			return mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CHAIN_NONE;
}

size_t
chain_find_prefix(const struct chain *c, const char *prefix, size_t *first)
{
	size_t lo = 0, hi = c->n, mid, plen = strlen(prefix), i;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->nodes[mid].rev->id, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (i = lo; i < c->n; i++)
		if (strncmp(c->nodes[i].rev->id, prefix, plen) != 0)
			break;
	return i - lo;
}

size_t
chain_find_label(const struct chain *c, const char *name)
{
	size_t lo = 0, hi = c->nlabels, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(c->labels[mid].name, name);
		if (cmp == 0)
			return c->labels[mid].rev;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CHAIN_NONE;
}

int
chain_is_head(const struct chain *c, size_t i)
{
	return c->nodes[i].nchildren == 0;
}

/* Resolves an id list into parent indices, reporting unknown ids. */
static void
add_parents(struct chain *c, size_t i, const struct idlist *l,
    const char *key, size_t *count, struct diags *d)
{
	struct chain_node *nd = &c->nodes[i];
	size_t k, j, p;

	for (k = 0; k < l->n; k++) {
		p = chain_find(c, l->ids[k]);
		if (p == CHAIN_NONE) {
			diag_error(d, EXIT_INPUT, &l->locs[k],
			    "%s '%s' is not a revision of this chain", key,
			    l->ids[k]);
			c->valid = 0;
			continue;
		}
		for (j = 0; j < nd->nparents; j++)
			if (nd->parents[j] == p)
				break;
		if (j < nd->nparents) {
			diag_error(d, EXIT_INPUT, &l->locs[k],
			    "'%s' is both a down_revision and in depends_on",
			    l->ids[k]);
			c->valid = 0;
			continue;
		}
		nd->parents[nd->nparents++] = p;
		(*count)++;
	}
}

/* Reports the cycles among the nodes Kahn's algorithm could not order. */
static void
report_cycles(struct chain *c, const size_t *indeg, struct diags *d)
{
	unsigned char *state = xcalloc(c->n, 1);	/* 1 on walk, 2 done */
	size_t *walk = xmalloc(c->n * sizeof *walk);
	size_t i, k, len, cur, start;

	for (i = 0; i < c->n; i++) {
		if (indeg[i] == 0 || state[i])
			continue;
		len = 0;
		cur = i;
		/* Follow a not-yet-ordered parent until a node repeats. */
		while (state[cur] == 0) {
			state[cur] = 1;
			walk[len++] = cur;
			for (k = 0; k < c->nodes[cur].nparents; k++)
				if (indeg[c->nodes[cur].parents[k]] > 0)
					break;
			cur = c->nodes[cur].parents[k];
		}
		if (state[cur] == 1) {
			struct strbuf sb = STRBUF_INIT;

			for (start = 0; walk[start] != cur; start++)
				;
			for (k = start; k < len; k++)
				strbuf_addf(&sb, "%s -> ",
				    c->nodes[walk[k]].rev->id);
			strbuf_adds(&sb, c->nodes[cur].rev->id);
			diag_error(d, EXIT_INPUT, &c->nodes[cur].rev->loc,
			    "revision '%s' is its own ancestor: %s",
			    c->nodes[cur].rev->id, sb.buf);
			strbuf_free(&sb);
		}
		for (k = 0; k < len; k++)
			state[walk[k]] = 2;
	}
	free(state);
	free(walk);
}

int
chain_build(struct chain *c, struct revision **revs, size_t n,
    struct diags *d)
{
	struct idxheap heap = { NULL, 0, 0 };
	size_t i, k, m, nlab, *indeg, *fill, norder;

	memset(c, 0, sizeof *c);
	c->valid = 1;
	if (n > 1)
		qsort(revs, n, sizeof *revs, cmp_rev);
	/* Drop duplicate ids, reporting each at the later file. */
	for (i = 0, m = 0; i < n; i++) {
		if (m > 0 && strcmp(revs[m - 1]->id, revs[i]->id) == 0) {
			diag_error(d, EXIT_INPUT, &revs[i]->loc,
			    "duplicate revision id '%s' (also in %s)",
			    revs[i]->id, revs[m - 1]->file);
			revision_free(revs[i]);
			c->valid = 0;
			continue;
		}
		revs[m++] = revs[i];
	}
	n = m;
	c->n = n;
	c->nodes = xcalloc(n ? n : 1, sizeof *c->nodes);
	for (i = 0; i < n; i++)
		c->nodes[i].rev = revs[i];
	free(revs);

	/* Parents, then children counts. */
	for (i = 0; i < n; i++) {
		struct chain_node *nd = &c->nodes[i];
		size_t want = nd->rev->down.n + nd->rev->depends.n;

		nd->parents = xmalloc((want ? want : 1) * sizeof *nd->parents);
		add_parents(c, i, &nd->rev->down, "down_revision", &nd->ndown, d);
		k = 0;
		add_parents(c, i, &nd->rev->depends, "depends_on", &k, d);
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < c->nodes[i].nparents; k++)
			c->nodes[c->nodes[i].parents[k]].nchildren++;
	for (i = 0; i < n; i++)
		c->nodes[i].children = xmalloc((c->nodes[i].nchildren ?
		    c->nodes[i].nchildren : 1) * sizeof(size_t));
	/* Children through down_revision first, each group in id order. */
	fill = xcalloc(n ? n : 1, sizeof *fill);
	for (i = 0; i < n; i++)
		for (k = 0; k < c->nodes[i].ndown; k++) {
			size_t p = c->nodes[i].parents[k];

			c->nodes[p].children[fill[p]++] = i;
			c->nodes[p].ndown_children++;
		}
	for (i = 0; i < n; i++)
		for (k = c->nodes[i].ndown; k < c->nodes[i].nparents; k++) {
			size_t p = c->nodes[i].parents[k];

			c->nodes[p].children[fill[p]++] = i;
		}
	free(fill);
	for (i = 0; i < n; i++)
		if (c->nodes[i].nchildren == 0)
			c->nheads++;
	c->heads = xmalloc((c->nheads ? c->nheads : 1) * sizeof *c->heads);
	for (i = 0, k = 0; i < n; i++)
		if (c->nodes[i].nchildren == 0)
			c->heads[k++] = i;

	/* Topological order (Kahn), ties to the smallest id. */
	indeg = xmalloc((n ? n : 1) * sizeof *indeg);
	c->order = xmalloc((n ? n : 1) * sizeof *c->order);
	norder = 0;
	for (i = 0; i < n; i++) {
		indeg[i] = c->nodes[i].nparents;
		if (indeg[i] == 0)
			idxheap_push(&heap, i);
	}
	while (heap.n > 0) {
		size_t cur = idxheap_pop(&heap);

		c->order[norder++] = cur;
		for (k = 0; k < c->nodes[cur].nchildren; k++) {
			size_t ch = c->nodes[cur].children[k];

			if (--indeg[ch] == 0)
				idxheap_push(&heap, ch);
		}
	}
	idxheap_free(&heap);
	if (norder < n) {
		report_cycles(c, indeg, d);
		c->valid = 0;
	}
	free(indeg);

	/* Branch labels. */
	for (i = 0, nlab = 0; i < n; i++)
		nlab += c->nodes[i].rev->labels.n;
	c->labels = xmalloc((nlab ? nlab : 1) * sizeof *c->labels);
	for (i = 0; i < n; i++) {
		const struct idlist *l = &c->nodes[i].rev->labels;

		for (k = 0; k < l->n; k++) {
			if (chain_find(c, l->ids[k]) != CHAIN_NONE) {
				diag_error(d, EXIT_INPUT, &l->locs[k],
				    "branch label '%s' is also a revision id",
				    l->ids[k]);
				c->valid = 0;
				continue;
			}
			c->labels[c->nlabels].name = l->ids[k];
			c->labels[c->nlabels].rev = i;
			c->nlabels++;
		}
	}
	if (c->nlabels > 1)
		qsort(c->labels, c->nlabels, sizeof *c->labels, cmp_label);
	for (i = 1, m = c->nlabels ? 1 : 0; i < c->nlabels; i++) {
		if (strcmp(c->labels[i].name, c->labels[m - 1].name) == 0) {
			const struct revision *r = c->nodes[c->labels[i].rev].rev;
			const struct revision *o = c->nodes[c->labels[m - 1].rev].rev;
			size_t j;

			for (j = 0; j < r->labels.n; j++)
				if (strcmp(r->labels.ids[j], c->labels[i].name) == 0)
					break;
			diag_error(d, EXIT_INPUT, &r->labels.locs[j],
			    "branch label '%s' is already used by revision '%s'",
			    c->labels[i].name, o->id);
			c->valid = 0;
			continue;
		}
		c->labels[m++] = c->labels[i];
	}
	c->nlabels = m;
	return c->valid;
}

void
chain_free(struct chain *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		revision_free(c->nodes[i].rev);
		free(c->nodes[i].parents);
		free(c->nodes[i].children);
	}
	free(c->nodes);
	free(c->heads);
	free(c->labels);
	free(c->order);
	memset(c, 0, sizeof *c);
}

size_t
chain_mark_ancestors(const struct chain *c, const size_t *set, size_t n,
    unsigned char *mark)
{
	size_t *stack = xmalloc((c->n ? c->n : 1) * sizeof *stack);
	size_t top = 0, i, k, count = 0;

	for (i = 0; i < n; i++)
		if (!mark[set[i]]) {
			mark[set[i]] = 1;
			stack[top++] = set[i];
			count++;
		}
	while (top > 0) {
		const struct chain_node *nd = &c->nodes[stack[--top]];

		for (k = 0; k < nd->nparents; k++)
			if (!mark[nd->parents[k]]) {
				mark[nd->parents[k]] = 1;
				stack[top++] = nd->parents[k];
				count++;
			}
	}
	free(stack);
	return count;
}
