/*
 * render_walk.c -- the schema moved between version sets (struct
 * schema_walk), and `check`'s pass over a whole chain
 * (render_check_chain()), with SQLite's engine check (render.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/client.h"
#include "migsql/render.h"
#include "migsql/sqlitecheck.h"
#include "migsql/util.h"

/* ---- a schema moved between version sets ------------------------------ */

struct schema_walk {
	const struct chain	*c;
	struct model		 m;
	size_t			*stack;	/* chain indices applied to m, in
					   c->order: some revision's ancestors */
	size_t			 s;
	size_t			 kept;	/* stack[0..kept) have no journal */
	struct ptrvec		*acts;	/* per stack slot: the actions of a
					   replay, when keep_actions */
	struct diags		*said;	/* per stack slot: what its replay
					   reported */
	size_t			 nsaid;	/* slots with something in said */
	int			 keep_actions, again;
	int			 exact;	/* the stack is its top's ancestors,
					   not those of several revisions */
	unsigned char		*mark;
	size_t			*target;
};

struct schema_walk *
schema_walk_new(const struct chain *c, int keep_actions, int again)
{
	struct schema_walk *w = xcalloc(1, sizeof *w);
	size_t n = c->n ? c->n : 1;

	w->c = c;
	model_init(&w->m);
	w->stack = xmalloc(n * sizeof *w->stack);
	w->acts = xcalloc(n, sizeof *w->acts);
	w->said = xcalloc(n, sizeof *w->said);
	w->mark = xcalloc(n, 1);
	w->target = xmalloc(n * sizeof *w->target);
	w->keep_actions = keep_actions;
	w->again = again;
	return w;
}

/* Takes the top slot off the stack: its journal undone, when undo. */
static void
walk_pop(struct schema_walk *w, int undo)
{
	w->s--;
	if (undo)
		model_journal_undo(&w->m);
	render_actions_free(&w->acts[w->s]);
	if (w->said[w->s].len > 0)
		w->nsaid--;
	diags_free(&w->said[w->s]);
}

void
schema_walk_free(struct schema_walk *w)
{
	if (w == NULL)
		return;
	while (w->s > 0)
		walk_pop(w, 0);
	model_free(&w->m);
	free(w->stack);
	free(w->acts);
	free(w->said);
	free(w->mark);
	free(w->target);
	free(w);
}

struct model *
schema_walk_model(struct schema_walk *w)
{
	return &w->m;
}

void
schema_walk_read_sql(struct schema_walk *w, const struct dialect *dl)
{
	if (w->m.sql_dialect != NULL && w->m.sql_writer_ctx == dl &&
	    strcmp(w->m.sql_dialect, dl->name) == 0)
		return;
	while (w->s > 0)
		walk_pop(w, 0);
	model_free(&w->m);
	model_init(&w->m);
	render_reads_sql(&w->m, dl);
	w->kept = 0;
}

/* Replays revision rev onto the model in a journal of its own, as the
 * new top of the stack, keeping its actions and what it reported. */
static void
walk_replay(struct schema_walk *w, size_t rev)
{
	struct diags *said = &w->said[w->s];

	model_journal_begin(&w->m);
	render_replay(&w->m, w->c->nodes[rev].rev,
	    w->keep_actions ? &w->acts[w->s] : NULL, said);
	if (said->len > 0)
		w->nsaid++;
	w->stack[w->s++] = rev;
}

/* Appends a copy of every diagnostic of from to d; returns its errors. */
static size_t
say_again(struct diags *d, const struct diags *from)
{
	size_t i;

	for (i = 0; i < from->len; i++)
		diag_copy(d, &from->items[i], from->exit_code, NULL);
	return from->errors;
}

size_t
schema_walk_to(struct schema_walk *w, const size_t *set, size_t n,
    struct diags *d)
{
	const struct chain *c = w->c;
	size_t j, p, nt = 0, first, errors = 0;

	if (n == 1 && w->exact && w->s > 0 && w->stack[w->s - 1] == set[0])
		p = first = w->s;	/* there already: its ancestors */
	else if (n == 1 && w->exact && c->nodes[set[0]].nparents == 1 &&
	    w->s > 0 && w->stack[w->s - 1] == c->nodes[set[0]].parents[0]) {
		/* One step on: the only parent is there. */
		p = first = w->s;
		walk_replay(w, set[0]);
	} else {
		memset(w->mark, 0, c->n ? c->n : 1);
		chain_mark_ancestors(c, set, n, w->mark);
		for (j = 0; j < c->n; j++)
			if (w->mark[c->order[j]])
				w->target[nt++] = c->order[j];
		for (p = 0; p < w->s && p < nt && w->stack[p] == w->target[p];
		    p++)
			;
		if (p < w->kept) {
			/* What was kept without a journal is not under
			   set: start again from base. */
			struct model keep = w->m;

			while (w->s > 0)
				walk_pop(w, 0);
			model_free(&w->m);
			model_init(&w->m);
			model_read_sql(&w->m, keep.sql_dialect,
			    keep.sql_postgresql, keep.sql_writer,
			    keep.sql_writer_ctx);
			w->kept = p = 0;
		}
		while (w->s > p)
			walk_pop(w, 1);
		first = w->s;
		for (j = p; j < nt; j++)
			walk_replay(w, w->target[j]);
	}
	w->exact = n == 1;
	/* What the replays reported: the new ones, or with again every
	   one under set, in chain order, as a replay from base would. */
	if (w->nsaid > 0)
		for (j = w->again ? 0 : first; j < w->s; j++)
			errors += say_again(d, &w->said[j]);
	return errors;
}

void
schema_walk_push(struct schema_walk *w, size_t rev, int final)
{
	if (final) {
		model_journal_forget(&w->m);
		w->kept = w->s + 1;
	} else
		model_journal_begin(&w->m);
	w->stack[w->s++] = rev;
	w->exact = 1;
}

const struct ptrvec *
schema_walk_actions(const struct schema_walk *w, size_t rev)
{
	size_t j;

	for (j = w->s; j-- > 0;)
		if (w->stack[j] == rev)
			return &w->acts[j];
	return NULL;
}

/* The engine check's loader (sqlitecheck.h): from s's model as it is
   now, before the op being rendered changes it. */
static int
engine_load(void *ctx, const char *name, int index, struct strbuf *sql)
{
	struct render_session *s = ctx;

	return render_model_table(s->dl, s->m, name, index, sql);
}

/* An in-memory SQLite database for checking one revision of dl's chain
   (a dialect whose client is sqlite3), loading from s; or NULL. */
static struct sqlitecheck *
engine_open(const struct dialect *dl, struct render_session *s)
{
	struct sqlitecheck *db;

	if (dl->client != CLIENT_SQLITE3 || (db = sqlitecheck_open()) == NULL)
		return NULL;
	sqlitecheck_set_loader(db, engine_load, s);
	return db;
}

size_t
render_check_chain(const struct chain *c, const struct dialect *dl,
    const struct project *proj, const struct check_release *rel,
    struct diags *d, struct check_counts *counts)
{
	struct schema_walk *w = schema_walk_new(c, 0, 0);
	size_t *left = xcalloc(c->n ? c->n : 1, sizeof *left);
	size_t open = 0, roots = 0, i, k, p, errors = 0;
	struct strbuf sink = STRBUF_INIT;

	schema_walk_read_sql(w, dl);
	/*
	 * Each revision is checked in the schema of its ancestors, from one
	 * model that the walk moves between branches (a clash between merged
	 * branches shows when a merge replays the second branch).  When every
	 * revision to come descends from the one being checked, nothing
	 * applied so far is taken back again: the walk keeps it without
	 * journals, so a linear stretch keeps none.  On SQLite each
	 * revision's statements also run in an in-memory database of their
	 * own, which takes the tables they name from the model.
	 */
	for (i = 0; i < c->n; i++) {
		left[i] = c->nodes[i].nchildren;
		roots += c->nodes[i].nparents == 0;
	}
	for (k = 0; k < c->n; k++) {
		const struct chain_node *nd = &c->nodes[c->order[k]];
		struct model *m = schema_walk_model(w);
		struct render_session rs;
		struct ptrvec acts = PTRVEC_INIT;
		struct sqlitecheck *db;
		size_t e0;

		i = c->order[k];
		errors += schema_walk_to(w, nd->parents, nd->nparents, d);
		roots -= nd->nparents == 0;
		for (p = 0; p < nd->nparents; p++)
			if (--left[nd->parents[p]] == 0)
				open--;
		if (left[i] > 0)
			open++;
		schema_walk_push(w, i, roots == 0 && open == (left[i] > 0));
		rs = (struct render_session){ .dl = dl, .m = m, .d = d,
		    .report = 1, .proj = proj };
		if (rel != NULL && rel->released != NULL && rel->released[i])
			rs.released = rel->why;
		rs.engine = db = engine_open(dl, &rs);
		strbuf_reset(&sink);
		e0 = render_step(&rs, nd->rev, 1, NULL, &sink, &acts);
		errors += e0;
		counts->ignored += rs.ignored;
		counts->released += rs.in_released;
		/* The downgrade runs on the schema after the upgrade, and is
		   then taken back. */
		model_journal_begin(m);
		rs = (struct render_session){ .dl = dl, .m = m, .d = d,
		    .lenient = 1, .proj = proj };
		rs.engine = e0 == 0 && db != NULL && sqlitecheck_mark(db) ? db :
		    NULL;
		if (rs.engine != NULL)
			sqlitecheck_set_loader(db, engine_load, &rs);
		strbuf_reset(&sink);
		errors += render_step(&rs, nd->rev, 0, &acts, &sink, NULL);
		model_journal_undo(m);
		render_actions_free(&acts);
		sqlitecheck_close(db);
	}
	schema_walk_free(w);
	free(left);
	strbuf_free(&sink);
	return errors;
}

