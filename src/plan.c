/* plan.c -- addressing, ranges, step order and version transitions. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/plan.h"
#include "migsql/util.h"

struct idxset {
	size_t	*a;
	size_t	 n;
	size_t	 cap;
};

static void
set_add(struct idxset *s, size_t v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->a = xrealloc(s->a, s->cap * sizeof *s->a);
	}
	s->a[s->n++] = v;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts and removes repeats. */
static void
set_normalise(struct idxset *s)
{
	size_t i, m = 0;

	if (s->n > 1)
		qsort(s->a, s->n, sizeof *s->a, cmp_size);
	for (i = 0; i < s->n; i++)
		if (m == 0 || s->a[m - 1] != s->a[i])
			s->a[m++] = s->a[i];
	s->n = m;
}

static void
rangeerr(struct diags *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
rangeerr(struct diags *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(d, EXIT_RANGE, NULL, fmt, ap);
	va_end(ap);
}

/* "a, b, c" of the ids at idx (at most 10, then "..."). */
static void
list_ids(struct strbuf *sb, const struct chain *c, const size_t *idx,
    size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 10; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", c->nodes[idx[i]].rev->id);
	if (n > 10)
		strbuf_addf(sb, ", ... (%zu in all)", n);
}

size_t *
plan_heads_of(const struct chain *c, const size_t *set, size_t n,
    size_t *nout)
{
	unsigned char *mark = xcalloc(c->n ? c->n : 1, 1);
	unsigned char *covered = xcalloc(c->n ? c->n : 1, 1);
	struct idxset out = { NULL, 0, 0 };
	size_t i, k;

	chain_mark_ancestors(c, set, n, mark);
	for (i = 0; i < c->n; i++)
		if (mark[i])
			for (k = 0; k < c->nodes[i].nparents; k++)
				covered[c->nodes[i].parents[k]] = 1;
	for (i = 0; i < c->n; i++)
		if (mark[i] && !covered[i])
			set_add(&out, i);
	free(mark);
	free(covered);
	*nout = out.n;
	return out.a;
}

static int resolve_term(const struct chain *c, const char *t,
    const char *addr, struct idxset *out, struct diags *d);

/* Resolves t to exactly one revision, or reports why not. */
static int
resolve_single(const struct chain *c, const char *t, const char *addr,
    size_t *rev, int *is_base, struct diags *d)
{
	struct idxset s = { NULL, 0, 0 };

	*is_base = 0;
	if (!resolve_term(c, t, addr, &s, d)) {
		free(s.a);
		return 0;
	}
	if (s.n == 0) {
		*is_base = 1;
		free(s.a);
		return 1;
	}
	if (s.n > 1) {
		rangeerr(d, "'%s' names %zu revisions; '%s' needs exactly one",
		    t, s.n, addr);
		free(s.a);
		return 0;
	}
	*rev = s.a[0];
	free(s.a);
	return 1;
}

/* REV+N / REV-N: walk N steps along down_revision edges. */
static int
resolve_relative(const struct chain *c, const char *t, const char *addr,
    size_t split, struct idxset *out, struct diags *d)
{
	char *basepart = xstrndup(t, split);
	unsigned long steps = strtoul(t + split + 1, NULL, 10);
	int up = t[split] == '+', is_base;
	size_t cur, k;
	unsigned long i;

	if (!resolve_single(c, basepart, addr, &cur, &is_base, d)) {
		free(basepart);
		return 0;
	}
	free(basepart);
	if (is_base) {
		rangeerr(d, "'%s': relative moves start from a revision, not "
		    "base", t);
		return 0;
	}
	for (i = 0; i < steps; i++) {
		const struct chain_node *nd = &c->nodes[cur];

		if (up) {
			if (nd->ndown_children == 0) {
				rangeerr(d, "'%s' goes past the head '%s'", t,
				    nd->rev->id);
				return 0;
			}
			if (nd->ndown_children > 1) {
				struct strbuf sb = STRBUF_INIT;

				list_ids(&sb, c, nd->children, nd->ndown_children);
				rangeerr(d, "'%s' is ambiguous: '%s' is a branch "
				    "point (children %s); name the branch",
				    t, nd->rev->id, sb.buf);
				strbuf_free(&sb);
				return 0;
			}
			cur = nd->children[0];
		} else {
			if (nd->ndown == 0) {
				if (i + 1 == steps)
					return 1;	/* base */
				rangeerr(d, "'%s' goes past base", t);
				return 0;
			}
			if (nd->ndown > 1) {
				struct strbuf sb = STRBUF_INIT;

				list_ids(&sb, c, nd->parents, nd->ndown);
				rangeerr(d, "'%s' is ambiguous: '%s' is a merge "
				    "of %s; name the branch", t, nd->rev->id,
				    sb.buf);
				strbuf_free(&sb);
				return 0;
			}
			cur = nd->parents[0];
		}
	}
	(void)k;
	set_add(out, cur);
	return 1;
}

static int
resolve_term(const struct chain *c, const char *t, const char *addr,
    struct idxset *out, struct diags *d)
{
	size_t i, n, first, len = strlen(t), split;
	const char *at;

	if (len == 0) {		/* a guard: callers pass no empty term */
		rangeerr(d, "'%s' has an empty revision address", addr);
		return 0;
	}
	if (strcmp(t, "base") == 0)
		return 1;
	if (strcmp(t, "heads") == 0) {
		for (i = 0; i < c->nheads; i++)
			set_add(out, c->heads[i]);
		return 1;
	}
	if (strcmp(t, "head") == 0) {
		if (c->nheads == 1) {
			set_add(out, c->heads[0]);
			return 1;
		}
		if (c->nheads == 0)
			rangeerr(d, "'head': the chain has no revisions");
		else {
			struct strbuf sb = STRBUF_INIT;

			list_ids(&sb, c, c->heads, c->nheads);
			rangeerr(d, "'head' is ambiguous: the chain has %zu heads "
			    "(%s); name one, or use 'heads'", c->nheads, sb.buf);
			strbuf_free(&sb);
		}
		return 0;
	}
	if ((at = strchr(t, '@')) != NULL) {
		char *left = xstrndup(t, (size_t)(at - t));
		unsigned char *seen;
		size_t *stack, top = 0, rev;
		struct idxset heads = { NULL, 0, 0 };
		int is_base, ok;

		if (strcmp(at + 1, "head") != 0) {
			rangeerr(d, "'%s': only LABEL@head is supported after "
			    "'@'", t);
			free(left);
			return 0;
		}
		if (*left == '\0') {
			rangeerr(d, "'%s' has nothing before '@': write "
			    "LABEL@head or REVISION@head", t);
			free(left);
			return 0;
		}
		rev = chain_find_label(c, left);
		if (rev == CHAIN_NONE) {
			ok = resolve_single(c, left, addr, &rev, &is_base, d);
			if (ok && is_base) {
				rangeerr(d, "'%s': base has no branch", t);
				ok = 0;
			}
			if (!ok) {
				free(left);
				return 0;
			}
		}
		free(left);
		/* The heads among rev and its descendants. */
		seen = xcalloc(c->n, 1);
		stack = xmalloc(c->n * sizeof *stack);
		stack[top++] = rev;
		seen[rev] = 1;
		while (top > 0) {
			size_t cur = stack[--top];

			if (c->nodes[cur].nchildren == 0)
				set_add(&heads, cur);
			for (i = 0; i < c->nodes[cur].nchildren; i++) {
				size_t ch = c->nodes[cur].children[i];

				if (!seen[ch]) {
					seen[ch] = 1;
					stack[top++] = ch;
				}
			}
		}
		free(seen);
		free(stack);
		set_normalise(&heads);
		if (heads.n != 1) {
			struct strbuf sb = STRBUF_INIT;

			list_ids(&sb, c, heads.a, heads.n);
			rangeerr(d, "'%s' is ambiguous: the branch has %zu heads "
			    "(%s)", t, heads.n, sb.buf);
			strbuf_free(&sb);
			free(heads.a);
			return 0;
		}
		set_add(out, heads.a[0]);
		free(heads.a);
		return 1;
	}
	if ((i = chain_find(c, t)) != CHAIN_NONE) {
		set_add(out, i);
		return 1;
	}
	if ((i = chain_find_label(c, t)) != CHAIN_NONE) {
		set_add(out, i);
		return 1;
	}
	/* REV+N or REV-N: a sign followed by digits at the end. */
	split = len;
	while (split > 0 && isdigit((unsigned char)t[split - 1]))
		split--;
	if (split > 1 && split < len && (t[split - 1] == '+' ||
	    t[split - 1] == '-'))
		return resolve_relative(c, t, addr, split - 1, out, d);
	if ((t[0] == '+' || t[0] == '-') && len > 1 &&
	    strspn(t + 1, "0123456789") == len - 1) {
		/* Alembic's "upgrade +1": relative to the database. */
		rangeerr(d, "'%s' counts from the database's current version, "
		    "as Alembic's does; offline there is none: name where to "
		    "count from, as REV+1 (one above REV), heads-1 or base+2", t);
		return 0;
	}
	n = chain_find_prefix(c, t, &first);
	if (n == 1) {
		set_add(out, first);
		return 1;
	}
	if (n > 1) {
		struct strbuf sb = STRBUF_INIT;
		size_t *idx = xmalloc(n * sizeof *idx);

		for (i = 0; i < n; i++)
			idx[i] = first + i;
		list_ids(&sb, c, idx, n);
		rangeerr(d, "'%s' is ambiguous: it is a prefix of %zu revisions "
		    "(%s)", t, n, sb.buf);
		free(idx);
		strbuf_free(&sb);
		return 0;
	}
	{
		const char **ids = xmalloc((c->n + c->nlabels + 4) *
		    sizeof *ids);
		const char *s;

		ids[0] = "base";
		ids[1] = "head";
		ids[2] = "heads";
		for (i = 0; i < c->n; i++)
			ids[3 + i] = c->nodes[i].rev->id;
		for (i = 0; i < c->nlabels; i++)
			ids[3 + c->n + i] = c->labels[i].name;
		ids[3 + c->n + c->nlabels] = NULL;
		s = suggest(t, ids);
		if (s != NULL)
			rangeerr(d, "unknown revision '%s' (did you mean %s?)",
			    t, s);
		else
			rangeerr(d, "unknown revision '%s'", t);
		free(ids);
	}
	return 0;
}

int
plan_resolve(const struct chain *c, const char *addr, size_t **out,
    size_t *nout, struct diags *d)
{
	struct idxset s = { NULL, 0, 0 };
	const char *p = addr, *comma;
	int ok = 1, empty = 0;

	if (*addr == '\0') {
		rangeerr(d, "the revision address is empty");
		*out = NULL;
		*nout = 0;
		return 0;
	}
	for (;;) {
		char *term;

		comma = strchr(p, ',');
		term = comma ? xstrndup(p, (size_t)(comma - p)) : xstrdup(p);
		if (*term == '\0') {
			/* Once per address, however many empty items. */
			if (!empty)
				rangeerr(d, "'%s' has an empty item: write "
				    "ADDR,ADDR with nothing empty around a ','",
				    addr);
			empty = 1;
			ok = 0;
		} else if (!resolve_term(c, term, addr, &s, d))
			ok = 0;
		free(term);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	set_normalise(&s);
	*out = s.a;
	*nout = s.n;
	return ok;
}

/* Checks that set holds only heads of its ancestors (a version set). */
static int
check_version_set(const struct chain *c, const size_t *set, size_t n,
    const char *addr, struct diags *d)
{
	size_t nh, *h = plan_heads_of(c, set, n, &nh), i, j;
	int ok = 1;

	if (nh != n) {
		for (i = 0; i < n && ok; i++) {
			for (j = 0; j < nh; j++)
				if (h[j] == set[i])
					break;
			if (j == nh) {
				rangeerr(d, "'%s': '%s' is an ancestor of another "
				    "revision there; a version set holds only "
				    "heads", addr, c->nodes[set[i]].rev->id);
				ok = 0;
			}
		}
	}
	free(h);
	return ok;
}

static const char **
ids_of(const struct chain *c, const size_t *set, size_t n)
{
	const char **ids = xmalloc((n ? n : 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < n; i++)
		ids[i] = c->nodes[set[i]].rev->id;
	return ids;
}

static void
step_vop(struct step *s, enum vop_kind kind, const char *from, const char *to)
{
	s->vops = xrealloc(s->vops, (s->nvops + 1) * sizeof *s->vops);
	s->vops[s->nvops].kind = kind;
	s->vops[s->nvops].from = from;
	s->vops[s->nvops].to = to;
	s->nvops++;
}

static void
plan_upgrade_steps(const struct chain *c, const unsigned char *in_from,
    const unsigned char *in_to, const size_t *from, size_t nfrom,
    struct plan *p)
{
	unsigned char *head = xcalloc(c->n, 1);
	size_t *indeg = xcalloc(c->n, sizeof *indeg);
	struct idxheap heap = { NULL, 0, 0 };
	size_t i, k, count = 0;
	struct idxset parents_in = { NULL, 0, 0 };

	for (i = 0; i < nfrom; i++)
		head[from[i]] = 1;
	for (i = 0; i < c->n; i++) {
		if (!in_to[i] || in_from[i])
			continue;
		count++;
		for (k = 0; k < c->nodes[i].nparents; k++) {
			size_t pa = c->nodes[i].parents[k];

			if (in_to[pa] && !in_from[pa])
				indeg[i]++;
		}
		if (indeg[i] == 0)
			idxheap_push(&heap, i);
	}
	p->steps = xcalloc(count ? count : 1, sizeof *p->steps);
	while (heap.n > 0) {
		size_t r = idxheap_pop(&heap);
		const struct chain_node *nd = &c->nodes[r];
		struct step *s = &p->steps[p->nsteps++];

		s->rev = r;
		parents_in.n = 0;
		for (k = 0; k < nd->nparents; k++)
			if (head[nd->parents[k]])
				set_add(&parents_in, nd->parents[k]);
		set_normalise(&parents_in);
		if (parents_in.n == 0)
			step_vop(s, VOP_INSERT, NULL, nd->rev->id);
		for (k = 1; k < parents_in.n; k++)
			step_vop(s, VOP_DELETE,
			    c->nodes[parents_in.a[k]].rev->id, NULL);
		if (parents_in.n > 0)
			step_vop(s, VOP_UPDATE, c->nodes[parents_in.a[0]].rev->id,
			    nd->rev->id);
		for (k = 0; k < parents_in.n; k++)
			head[parents_in.a[k]] = 0;
		head[r] = 1;
		for (k = 0; k < nd->nchildren; k++) {
			size_t ch = nd->children[k];

			if (in_to[ch] && !in_from[ch] && --indeg[ch] == 0)
				idxheap_push(&heap, ch);
		}
	}
	{
		struct idxset to = { NULL, 0, 0 };

		for (i = 0; i < c->n; i++)
			if (head[i])
				set_add(&to, i);
		p->to = ids_of(c, to.a, to.n);
		p->nto = to.n;
		free(to.a);
	}
	free(parents_in.a);
	idxheap_free(&heap);
	free(head);
	free(indeg);
}

static void
plan_downgrade_steps(const struct chain *c, const unsigned char *in_from,
    const unsigned char *in_to, struct plan *p)
{
	size_t *applied_children = xcalloc(c->n, sizeof(size_t));
	size_t *indeg = xcalloc(c->n, sizeof *indeg);
	struct idxheap heap = { NULL, 0, 0 };
	struct idxset newheads = { NULL, 0, 0 };
	size_t i, k, count = 0;

	for (i = 0; i < c->n; i++) {
		if (!in_from[i])
			continue;
		for (k = 0; k < c->nodes[i].nparents; k++)
			applied_children[c->nodes[i].parents[k]]++;
		if (in_to[i])
			continue;
		count++;
		for (k = 0; k < c->nodes[i].nchildren; k++) {
			size_t ch = c->nodes[i].children[k];

			if (in_from[ch] && !in_to[ch])
				indeg[i]++;
		}
		if (indeg[i] == 0)
			idxheap_push(&heap, i);
	}
	p->steps = xcalloc(count ? count : 1, sizeof *p->steps);
	while (heap.n > 0) {
		size_t r = idxheap_pop(&heap);
		const struct chain_node *nd = &c->nodes[r];
		struct step *s = &p->steps[p->nsteps++];

		s->rev = r;
		newheads.n = 0;
		for (k = 0; k < nd->nparents; k++) {
			size_t pa = nd->parents[k];

			if (--applied_children[pa] == 0)
				set_add(&newheads, pa);
			if (!in_to[pa] && --indeg[pa] == 0)
				idxheap_push(&heap, pa);
		}
		set_normalise(&newheads);
		if (newheads.n == 0)
			step_vop(s, VOP_DELETE, nd->rev->id, NULL);
		else
			step_vop(s, VOP_UPDATE, nd->rev->id,
			    c->nodes[newheads.a[0]].rev->id);
		for (k = 1; k < newheads.n; k++)
			step_vop(s, VOP_INSERT, NULL,
			    c->nodes[newheads.a[k]].rev->id);
	}
	free(newheads.a);
	idxheap_free(&heap);
	free(applied_children);
	free(indeg);
}

int
plan_build(const struct chain *c, int upgrade, const char *range,
    struct plan *p, struct diags *d)
{
	const char *colon = strchr(range, ':');
	char *fromaddr, *toaddr;
	size_t *from = NULL, *to = NULL, nfrom = 0, nto = 0, i, nto_heads;
	size_t *to_heads = NULL;
	unsigned char *in_from = NULL, *in_to = NULL;
	size_t na, nb, common;
	int ok = 0;

	memset(p, 0, sizeof *p);
	p->upgrade = upgrade;
	if (colon != NULL && strchr(colon + 1, ':') != NULL) {
		diag_error(d, EXIT_USAGE, NULL, "'%s' is not a range: write "
		    "FROM:TO", range);
		return 0;
	}
	if (colon == NULL && !upgrade) {
		diag_error(d, EXIT_USAGE, NULL, "downgrade needs a range FROM:TO "
		    "(e.g. heads:base), not '%s'", range);
		return 0;
	}
	fromaddr = colon ? xstrndup(range, (size_t)(colon - range)) :
	    xstrdup("base");
	toaddr = xstrdup(colon ? colon + 1 : range);
	/* An empty side is named here, where FROM and TO are known. */
	if (colon != NULL && (*fromaddr == '\0' || *toaddr == '\0')) {
		if (*fromaddr == '\0')
			rangeerr(d, "'%s' has an empty FROM: write FROM:TO, "
			    "such as base:heads", range);
		else
			plan_resolve(c, fromaddr, &from, &nfrom, d);
		if (*toaddr == '\0')
			rangeerr(d, "'%s' has an empty TO: write FROM:TO, "
			    "such as base:heads", range);
		else
			plan_resolve(c, toaddr, &to, &nto, d);
		goto done;
	}
	if (!plan_resolve(c, fromaddr, &from, &nfrom, d) |
	    !plan_resolve(c, toaddr, &to, &nto, d))
		goto done;
	if (!check_version_set(c, from, nfrom, fromaddr, d))
		goto done;
	if (!upgrade && !check_version_set(c, to, nto, toaddr, d))
		goto done;
	in_from = xcalloc(c->n ? c->n : 1, 1);
	in_to = xcalloc(c->n ? c->n : 1, 1);
	na = chain_mark_ancestors(c, from, nfrom, in_from);
	nb = chain_mark_ancestors(c, to, nto, in_to);
	for (i = 0, common = 0; i < c->n; i++)
		common += in_from[i] && in_to[i];
	p->from = ids_of(c, from, nfrom);
	p->nfrom = nfrom;
	if (upgrade) {
		if (nb == common) {
			if (na == nb)
				rangeerr(d, "empty range '%s': the database would "
				    "stay where it is%s", range, c->n == 0 ?
				    " (the chain has no revisions)" : "");
			else
				rangeerr(d, "backwards range '%s': '%s' is "
				    "already below '%s' (did you mean "
				    "downgrade?)", range, toaddr, fromaddr);
			goto done;
		}
		plan_upgrade_steps(c, in_from, in_to, from, nfrom, p);
	} else {
		if (na == common && nb != common) {
			/* downgrade base:heads: FROM is below TO. */
			rangeerr(d, "backwards range '%s': '%s' is below '%s', "
			    "and a downgrade goes down: write '%s:%s'", range,
			    fromaddr, toaddr, toaddr, fromaddr);
			goto done;
		}
		for (i = 0; i < nto; i++)
			if (!in_from[to[i]]) {
				rangeerr(d, "'%s' is not an ancestor of '%s': a "
				    "downgrade only reverts", c->nodes[to[i]].rev->id,
				    fromaddr);
				goto done;
			}
		if (na == common) {
			rangeerr(d, "empty range '%s': the database would stay "
			    "where it is%s", range, c->n == 0 ?
			    " (the chain has no revisions)" : "");
			goto done;
		}
		plan_downgrade_steps(c, in_from, in_to, p);
		to_heads = plan_heads_of(c, to, nto, &nto_heads);
		p->to = ids_of(c, to_heads, nto_heads);
		p->nto = nto_heads;
	}
	ok = 1;
done:
	free(fromaddr);
	free(toaddr);
	free(from);
	free(to);
	free(to_heads);
	free(in_from);
	free(in_to);
	return ok;
}

void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nsteps; i++)
		free(p->steps[i].vops);
	free(p->steps);
	free(p->from);
	free(p->to);
	memset(p, 0, sizeof *p);
}
