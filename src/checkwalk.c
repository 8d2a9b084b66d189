/*
 * checkwalk.c -- check walks the written downgrades in the order they run
 * (checkwalk.h).
 */
#include "config.h"

#include <stdlib.h>

#include "migsql/checkwalk.h"
#include "migsql/model.h"
#include "migsql/render.h"
#include "migsql/util.h"

static char *
diag_key(const struct diag *x)
{
	return xasprintf("%s:%u:%u:%d:%s:%d:%s", x->loc.file ? x->loc.file : "",
	    x->loc.line, x->loc.col, (int)x->severity, x->rule ? x->rule : "",
	    x->suppressed != NULL, x->message);
}

/* Appends to d what of found d has not said; returns the errors. */
static size_t
say_new(struct diags *d, const struct diags *found, struct strmap *said)
{
	size_t i, errors = 0;

	for (i = 0; i < found->len; i++) {
		const struct diag *x = &found->items[i];
		char *key = diag_key(x);

		if (strmap_get(said, key) == NULL) {
			strmap_put(said, key, said);
			if (x->severity == SEV_ERROR && x->suppressed == NULL)
				errors++;
			diag_copy(d, x, EXIT_INPUT, x->severity == SEV_ERROR ?
			    " (on the way down from a head)" : NULL);
		}
		free(key);
	}
	return errors;
}

/* The downgrades of head's ancestors, newest first, into found. */
static void
walk_head(const struct chain *c, const struct dialect *dl, size_t head,
    struct diags *found)
{
	struct ptrvec *saved = xcalloc(c->n ? c->n : 1, sizeof *saved);
	unsigned char *mark = xcalloc(c->n ? c->n : 1, 1);
	struct strbuf sink = STRBUF_INIT;
	struct model m;
	size_t k, i;

	model_init(&m);
	render_reads_sql(&m, dl);
	render_replay_ancestors(c, &head, 1, &m, saved, found);
	chain_mark_ancestors(c, &head, 1, mark);
	for (k = c->n; k-- > 0;) {
		struct render_session rs = { .dl = dl, .m = &m, .d = found,
		    .lenient = 1 };

		i = c->order[k];
		if (!mark[i])
			continue;
		strbuf_reset(&sink);
		render_step(&rs, c->nodes[i].rev, 0, &saved[i], &sink, NULL);
	}
	for (i = 0; i < c->n; i++)
		render_actions_free(&saved[i]);
	free(saved);
	free(mark);
	strbuf_free(&sink);
	model_free(&m);
}

size_t
checkwalk_downgrades(const struct chain *c, const struct dialect *dl,
    struct diags *d)
{
	struct strmap said = STRMAP_INIT;
	size_t h, i, errors = 0;

	for (i = 0; i < d->len; i++) {
		char *key = diag_key(&d->items[i]);

		strmap_put(&said, key, &said);
		free(key);
	}
	for (h = 0; h < c->nheads; h++) {
		struct diags found;

		diags_init(&found);
		walk_head(c, dl, c->heads[h], &found);
		errors += say_new(d, &found, &said);
		diags_free(&found);
	}
	strmap_free(&said);
	return errors;
}
