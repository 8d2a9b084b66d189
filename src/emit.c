/* emit.c -- script frame, guard, steps, version statements; atomic write. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migsql/client.h"
#include "migsql/emit.h"
#include "migsql/render.h"
#include "migsql/stamp.h"

/* "a,b" of a version set, or "" for base. */
static void
join_ids(const char **ids, size_t n, const char *sep, struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_adds(out, sep);
		strbuf_adds(out, ids[i]);
	}
}

static void
set_display(const char **ids, size_t n, struct strbuf *out)
{
	if (n == 0)
		strbuf_adds(out, "<base>");
	else
		join_ids(ids, n, ",", out);
}

/* The parents of a revision as written, for step comments. */
static void
parents_display(const struct revision *r, struct strbuf *out)
{
	size_t i;

	if (r->down.n == 0) {
		strbuf_adds(out, "<base>");
		return;
	}
	for (i = 0; i < r->down.n; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", r->down.ids[i]);
}

/* The version-table name as a quoted identifier, schema-qualified. */
static void
version_table(const struct dialect *dl, const struct project *proj,
    struct strbuf *out)
{
	if (proj->version_table_schema != NULL) {
		dialect_ident(dl, proj->version_table_schema, out);
		strbuf_addc(out, '.');
	}
	dialect_ident(dl, proj->version_table, out);
}

/* A version set as the guard templates take it. */
struct set_text {
	struct strbuf	expected;	/* literal of "a,b" ("" for none) */
	struct strbuf	display;	/* literal of "a,b" or "<base>" */
	struct strbuf	in;		/* "'a', 'b'" */
	char		count[24];
};

static void
set_text_init(const struct dialect *dl, const char **ids, size_t n,
    struct set_text *t)
{
	struct strbuf e = STRBUF_INIT, ed = STRBUF_INIT;
	size_t i;

	strbuf_init(&t->expected);
	strbuf_init(&t->display);
	strbuf_init(&t->in);
	join_ids(ids, n, ",", &e);
	set_display(ids, n, &ed);
	dialect_literal(dl, strbuf_str(&e), &t->expected);
	dialect_literal(dl, strbuf_str(&ed), &t->display);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_adds(&t->in, ", ");
		dialect_literal(dl, ids[i], &t->in);
	}
	snprintf(t->count, sizeof t->count, "%zu", n);
	strbuf_free(&e);
	strbuf_free(&ed);
}

static void
set_text_free(struct set_text *t)
{
	strbuf_free(&t->expected);
	strbuf_free(&t->display);
	strbuf_free(&t->in);
}

/* Common variables of the frame and the step templates. */
struct frame {
	const char	*vt, *vtt, *pkc;
	const char	*vtn, *vts;	/* the table's bare name as a literal;
					   its schema's, or NULL */
	const char	*lt, *ltms, *st, *stms; /* NULL when not set */
	const char	*state;			/* version_state, or NULL */
	int		 from_base;
};

/* The guard or the final check (which) for the version set ids. */
static void
check_block(const struct dialect *dl, enum dialect_tpl which,
    const struct frame *f, const char *state, const char **ids,
    size_t n, struct strbuf *out)
{
	struct set_text t;
	struct tpl_var v[9];

	set_text_init(dl, ids, n, &t);
	v[0] = (struct tpl_var){ "version_table", f->vt, NULL, 0 };
	v[1] = (struct tpl_var){ "version_table_text", f->vtt, NULL, 0 };
	v[7] = (struct tpl_var){ "version_table_name", f->vtn, NULL, 0 };
	v[8] = (struct tpl_var){ "version_table_schema", f->vts, NULL, 0 };
	v[2] = (struct tpl_var){ "expected", t.expected.buf, NULL, 0 };
	v[3] = (struct tpl_var){ "expected_display", t.display.buf, NULL, 0 };
	v[4] = (struct tpl_var){ "expected_in", strbuf_str(&t.in), NULL, 0 };
	v[5] = (struct tpl_var){ "expected_count", t.count, NULL, 0 };
	v[6] = (struct tpl_var){ "state", state, NULL, 0 };
	tpl_render(dl->tpl[which], v, 9, out);
	set_text_free(&t);
}

/* Drops one trailing newline: the frame template places line breaks. */
static void
chomp(struct strbuf *sb)
{
	if (sb->len > 0 && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
}

static void
version_ops(const struct dialect *dl, const struct step *s, const char *vt,
    struct strbuf *out)
{
	size_t i;

	for (i = 0; i < s->nvops; i++) {
		const struct vop *o = &s->vops[i];
		struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
		struct tpl_var v[3];
		size_t n = 0;
		enum dialect_tpl which;

		v[n++] = (struct tpl_var){ "version_table", vt, NULL, 0 };
		if (o->from != NULL) {
			dialect_literal(dl, o->from, &from);
			v[n++] = (struct tpl_var){ "from", from.buf, NULL, 0 };
		}
		if (o->to != NULL) {
			dialect_literal(dl, o->to, &to);
			v[n++] = (struct tpl_var){ "to", to.buf, NULL, 0 };
		}
		which = o->kind == VOP_INSERT ? DT_VERSION_INSERT :
		    o->kind == VOP_UPDATE ? DT_VERSION_UPDATE : DT_VERSION_DELETE;
		tpl_render(dl->tpl[which], v, n, out);
		strbuf_addc(out, '\n');
		strbuf_free(&from);
		strbuf_free(&to);
	}
}

/*
 * "Variables: a=1 (migsql.yaml), b=x (--var)" for those the plan's
 * revisions use, by name.
 */
static void
vars_header(const struct chain *c, const struct plan *p,
    const struct vars *v, struct strbuf *sb)
{
	const char **names = xmalloc((v->n + 1) * sizeof *names);
	size_t i, j, k, n = 0;

	for (i = 0; i < v->n; i++)
		for (k = 0; k < p->nsteps; k++) {
			const struct revision *r = c->nodes[p->steps[k].rev].rev;

			if (r->vars_used != NULL && r->vars_used[i]) {
				names[n++] = v->names[i];
				break;
			}
		}
	if (n > 0) {
		qsort(names, n, sizeof *names, cmp_strptr);
		strbuf_adds(sb, "Variables:");
		for (i = 0; i < n; i++)
			for (j = 0; j < v->n; j++)
				if (strcmp(v->names[j], names[i]) == 0)
					strbuf_addf(sb, "%s %s=%s (%s)", i ? "," :
					    "", v->names[j], v->values[j],
					    v->origins[j]);
		strbuf_addc(sb, '\n');
	}
	free(names);
}

static void
header(const struct chain *c, const struct plan *p, const struct dialect *dl,
    const struct project *proj, const char *command, int per_rev,
    const char *outside, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addf(&sb, "Generated by migsql %s. Do not edit: change the "
	    "revisions and render again.\n", PACKAGE_VERSION);
	strbuf_addf(&sb, "Command: %s\n", command);
	strbuf_addf(&sb, "Dialect: %s\n", dl->name);
	vars_header(c, p, &proj->vars, &sb);
	if (proj->lock_timeout_ms)
		strbuf_addf(&sb, "Lock timeout: %lums\n", proj->lock_timeout_ms);
	if (proj->statement_timeout_ms)
		strbuf_addf(&sb, "Statement timeout: %lums\n",
		    proj->statement_timeout_ms);
	if (dl->lint[LINT_NO_LOCK_TIMEOUT].on && !proj->lock_timeout_ms)
		strbuf_addf(&sb, "lint %s (%s): no lock_timeout is set\n",
		    lint_codes[LINT_NO_LOCK_TIMEOUT],
		    dl->lint[LINT_NO_LOCK_TIMEOUT].error ? "error" : "warning");
	if (dl->lint[LINT_NO_STATEMENT_TIMEOUT].on &&
	    !proj->statement_timeout_ms)
		strbuf_addf(&sb, "lint %s (%s): no statement_timeout is set\n",
		    lint_codes[LINT_NO_STATEMENT_TIMEOUT],
		    dl->lint[LINT_NO_STATEMENT_TIMEOUT].error ? "error" :
		    "warning");
	strbuf_addf(&sb, "Direction: %s\n", p->upgrade ? "upgrade" :
	    "downgrade");
	strbuf_adds(&sb, "Range: ");
	set_display(p->from, p->nfrom, &sb);
	strbuf_adds(&sb, " -> ");
	set_display(p->to, p->nto, &sb);
	strbuf_adds(&sb, "\nThe script refuses to run unless the version set "
	    "is exactly ");
	set_display(p->from, p->nfrom, &sb);
	if (per_rev && dl->tpl[DT_RESUME_GUARD] != NULL)
		strbuf_adds(&sb, ", or a version it reaches on its way (a rerun "
		    "after a failure skips\nthe steps already applied)");
	strbuf_adds(&sb, ".");
	if (!dl->transactional_ddl)
		strbuf_addf(&sb, "\nNOT ATOMIC: %s commits every DDL statement "
		    "at once, so each statement\nruns as a part of its own "
		    "that records its progress in the version table's\n"
		    "comment.  If the script stops part way, the database "
		    "is left between two\nparts: fix the cause and run the "
		    "same script again; it skips the parts\napplied and "
		    "goes on from there.", dl->name);
	else if (outside != NULL)
		strbuf_addf(&sb, "\n%s cannot run in a transaction:\nit runs "
		    "alone, and each step commits on its own (one transaction "
		    "per revision).", outside);
	else if (per_rev)
		strbuf_adds(&sb, "\nEach step commits on its own (one transaction "
		    "per revision).");
	strbuf_addf(&sb, "\nSteps (%zu, in the order they run):\n", p->nsteps);
	for (i = 0; i < p->nsteps; i++) {
		const struct revision *r = c->nodes[p->steps[i].rev].rev;
		strbuf_addf(&sb, "  %s  %.*s (%s)\n", r->id,
		    (int)strcspn(r->message, "\r\n"), r->message, r->file);
	}
	strbuf_adds(&sb, "SHA-256 of the sources (sha256sum -c format, from the "
	    "project directory):\n");
	for (i = 0; i < p->nsteps; i++) {
		const struct revision *r = c->nodes[p->steps[i].rev].rev;

		strbuf_addf(&sb, "  %s  %s\n", r->sha256, r->file);
	}
	strbuf_addf(&sb, "SHA-256 of the %s dialect file: %s\n", dl->name,
	    dl->source_sha256);
	sb.len--;	/* no trailing newline */
	sb.buf[sb.len] = '\0';
	render_comment(dl, sb.buf, out);
	strbuf_free(&sb);
}

/* A version set: ids, sorted bytewise (as the guards compare them). */
struct vset {
	const char	**ids;
	size_t		  n;
};

/*
 * The version set before each step and after the last: sets[0] is FROM,
 * sets[nsteps] is TO (DESIGN.md "Range semantics"; the vops of plan.h).
 * The caller frees each ids array and sets.
 */
static struct vset *
version_sets(const struct plan *p)
{
	struct vset *sets = xcalloc(p->nsteps + 1, sizeof *sets);
	size_t i, k, j, cap = p->nfrom + p->nsteps + 1;
	const char **cur = xmalloc(cap * sizeof *cur);
	size_t n = p->nfrom;

	memcpy(cur, p->from, p->nfrom * sizeof *cur);
	for (i = 0; i <= p->nsteps; i++) {
		qsort(cur, n, sizeof *cur, cmp_strptr);
		sets[i].ids = xmalloc((n ? n : 1) * sizeof *cur);
		memcpy(sets[i].ids, cur, n * sizeof *cur);
		sets[i].n = n;
		if (i == p->nsteps)
			break;
		for (k = 0; k < p->steps[i].nvops; k++) {
			const struct vop *o = &p->steps[i].vops[k];

			for (j = 0; o->from != NULL && j < n; j++)
				if (strcmp(cur[j], o->from) == 0)
					break;
			if (o->kind == VOP_INSERT)
				cur[n++] = o->to;
			else if (j < n && o->kind == VOP_UPDATE)
				cur[j] = o->to;
			else if (j < n) {
				memmove(&cur[j], &cur[j + 1],
				    (n - j - 1) * sizeof *cur);
				n--;
			}
		}
	}
	free(cur);
	return sets;
}

/*
 * A version state as the templates compare it (version_state in
 * migsql-dialect(5)): the version set "a,b" ("" for none, or "<base>" when
 * display), then " (MARKER)" while a revision that runs a statement
 * outside a transaction is part way.  marker may be NULL.  Appended to out
 * as a literal.
 */
static void
state_literal(const struct dialect *dl, const struct vset *v,
    const char *marker, int display, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (display && v->n == 0)
		strbuf_adds(&sb, "<base>");
	else
		join_ids(v->ids, v->n, ",", &sb);
	if (marker != NULL)
		strbuf_addf(&sb, " (%s)", marker);
	dialect_literal(dl, strbuf_str(&sb), out);
	strbuf_free(&sb);
}


/*
 * One step as rendered: its SQL (the "Running" comment, the statements,
 * the version-table statements) and the statements in it that run outside
 * a transaction (struct render_break *, in order).
 */
struct rendered {
	struct strbuf	 sql;
	struct ptrvec	 breaks;
	char		**markers;	/* one per break: the progress a
					   transactional part records */
};

/*
 * Where a step's transaction stands in its revision.  A revision with b
 * statements outside a transaction runs as 2b + 1 parts: transactional
 * part k (0..b) is part 2k + 1, statement k (1..b) part 2k.  Transactional
 * part k < b records markers[k] in the version state; part b bumps the
 * version and clears it.  A revision without such statements is one
 * whole part.
 */
struct part {
	size_t		 k;		/* this transactional part */
	size_t		 b;		/* statements outside (0: whole) */
	char *const	*markers;	/* b of them */
	const char	*text;		/* "r3" or "r3 (part 1 of 3)" */
};

/*
 * The position of the state before part k of step i among every state a
 * per-revision script passes, in order: each step's set, then its
 * parts' progress; the end state is the last (state_row, step).
 */
static size_t
state_position(const struct rendered *rd, size_t i, size_t k)
{
	size_t j, n = 0;

	for (j = 0; j < i; j++)
		n += rd[j].breaks.len + 1;
	return n + k;
}

/*
 * Wraps the body of step i (or of one of its transactional parts) in the
 * dialect's step template: its own transaction, a check that the database
 * is at the state before it (else, where the client can, a skip when it is
 * at a later state), then the body.
 */
static void
wrap_step(const struct dialect *dl, const struct plan *p,
    const struct vset *sets, const struct rendered *rd, size_t i,
    const struct part *pt, const char *rev_id, const char *rest,
    const struct frame *f, const char *body, struct strbuf *out)
{
	struct strbuf later = STRBUF_INIT, exp = STRBUF_INIT;
	struct strbuf disp = STRBUF_INIT, prog = STRBUF_INIT;
	struct strbuf rt = STRBUF_INIT, rev = STRBUF_INIT, ptext = STRBUF_INIT;
	struct strbuf end = STRBUF_INIT, endids = STRBUF_INIT;
	const char *entry = pt->k > 0 ? pt->markers[pt->k - 1] : NULL;
	struct set_text t;
	struct tpl_var v[27];
	char pos[24];
	int uses_later = tpl_uses(dl->tpl[DT_STEP], "later");
	size_t k, n = 0;

	set_text_init(dl, sets[i].ids, sets[i].n, &t);
	state_literal(dl, &sets[i], entry, 0, &exp);
	state_literal(dl, &sets[i], entry, 1, &disp);
	/* The later states, listed: only for a step template that lists
	   them ({later}); one that compares positions ({position}) keeps
	   the script linear in the number of parts. */
	for (k = pt->k; k < pt->b && uses_later; k++) {
		if (later.len > 0)
			strbuf_adds(&later, ", ");
		state_literal(dl, &sets[i], pt->markers[k], 0, &later);
	}
	for (k = i + 1; k <= p->nsteps && uses_later; k++) {
		size_t j, nm = k < p->nsteps ? rd[k].breaks.len : 0;

		/* Step k's states: its set, then its parts' progress. */
		for (j = 0; j <= nm; j++) {
			if (later.len > 0)
				strbuf_adds(&later, ", ");
			state_literal(dl, &sets[k], j > 0 ?
			    rd[k].markers[j - 1] : NULL, 0, &later);
		}
	}
	if (pt->k < pt->b)
		dialect_literal(dl, pt->markers[pt->k], &prog);
	dialect_literal(dl, rest, &rt);
	dialect_literal(dl, rev_id, &rev);
	dialect_literal(dl, pt->text, &ptext);
	join_ids(sets[p->nsteps].ids, sets[p->nsteps].n, ",", &endids);
	dialect_literal(dl, endids.len ? endids.buf : "base",
	    &end);
	v[n++] = (struct tpl_var){ "body", body, NULL, 0 };
	v[n++] = (struct tpl_var){ "expected", exp.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "expected_display", disp.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "expected_in", strbuf_str(&t.in), NULL, 0 };
	v[n++] = (struct tpl_var){ "expected_count", t.count, NULL, 0 };
	v[n++] = (struct tpl_var){ "later", strbuf_str(&later), NULL, 0 };
	v[n++] = (struct tpl_var){ "from_base", i == 0 && pt->k == 0 &&
	    f->from_base ? "1" : NULL, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table", f->vt, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table_text", f->vtt, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table_name", f->vtn, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table_schema", f->vts, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table_pkc", f->pkc, NULL, 0 };
	v[n++] = (struct tpl_var){ "lock_timeout", f->lt, NULL, 0 };
	v[n++] = (struct tpl_var){ "lock_timeout_ms", f->ltms, NULL, 0 };
	v[n++] = (struct tpl_var){ "statement_timeout", f->st, NULL, 0 };
	v[n++] = (struct tpl_var){ "statement_timeout_ms", f->stms, NULL, 0 };
	v[n++] = (struct tpl_var){ "state", f->state, NULL, 0 };
	v[n++] = (struct tpl_var){ "rest_tail", rt.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "revision_text", rev.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "part_text", ptext.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "split", pt->b > 0 ? "1" : NULL, NULL, 0 };
	v[n++] = (struct tpl_var){ "progress", prog.len ? prog.buf : NULL,
	    NULL, 0 };
	v[n++] = (struct tpl_var){ "last_part", pt->b > 0 && pt->k == pt->b ?
	    "1" : NULL, NULL, 0 };
	v[n++] = (struct tpl_var){ "verb", p->upgrade ? "upgrade" : "downgrade",
	    NULL, 0 };
	v[n++] = (struct tpl_var){ "done", p->upgrade ? "applied" : "reverted",
	    NULL, 0 };
	v[n++] = (struct tpl_var){ "end", end.buf, NULL, 0 };
	snprintf(pos, sizeof pos, "%zu", state_position(rd, i, pt->k));
	v[n++] = (struct tpl_var){ "position", pos, NULL, 0 };
	tpl_render(dl->tpl[DT_STEP], v, n, out);
	set_text_free(&t);
	strbuf_free(&later);
	strbuf_free(&exp);
	strbuf_free(&disp);
	strbuf_free(&prog);
	strbuf_free(&rt);
	strbuf_free(&rev);
	strbuf_free(&ptext);
	strbuf_free(&end);
	strbuf_free(&endids);
}

/*
 * A statement that runs outside a transaction (break b of a step), through
 * the dialect's outside_transaction template: it runs only when the
 * database is at set with marker recorded, and where it may have run
 * already (a rerun after a failure), the template decides what to redo.
 */
static void
wrap_outside(const struct dialect *dl, const struct vset *set,
    const char *marker, const struct render_break *b, const char *stmt,
    const char *part_text, const struct frame *f, struct strbuf *out)
{
	struct strbuf exp = STRBUF_INIT, ptext = STRBUF_INIT;
	struct tpl_var v[11];
	size_t n = 0;

	state_literal(dl, set, marker, 0, &exp);
	dialect_literal(dl, part_text, &ptext);
	v[n++] = (struct tpl_var){ "statement", stmt, NULL, 0 };
	v[n++] = (struct tpl_var){ "expected", exp.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "state", f->state, NULL, 0 };
	v[n++] = (struct tpl_var){ "part_text", ptext.buf, NULL, 0 };
	v[n++] = (struct tpl_var){ "create_index", b->kind == OP_CREATE_INDEX ?
	    "1" : NULL, NULL, 0 };
	v[n++] = (struct tpl_var){ "drop_index", b->kind == OP_DROP_INDEX ?
	    "1" : NULL, NULL, 0 };
	v[n++] = (struct tpl_var){ "execute", b->kind == OP_EXECUTE ? "1" :
	    NULL, NULL, 0 };
	v[n++] = (struct tpl_var){ "index_text", b->index_text, NULL, 0 };
	v[n++] = (struct tpl_var){ "drop_invalid", b->drop_invalid, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table", f->vt, NULL, 0 };
	v[n++] = (struct tpl_var){ "version_table_text", f->vtt, NULL, 0 };
	tpl_render(dl->tpl[DT_OUTSIDE_TRANSACTION], v, n, out);
	strbuf_free(&exp);
	strbuf_free(&ptext);
}

/*
 * Step i in one transaction per revision: whole, or split into its
 * transactional parts and the statements between them that run outside
 * a transaction.
 */
static void
emit_step(const struct dialect *dl, const struct plan *p,
    const struct vset *sets, const struct rendered *rd, size_t i,
    const char *rev_id, const char *rest, const struct frame *f,
    struct strbuf *out)
{
	struct strbuf piece = STRBUF_INIT, text = STRBUF_INIT;
	const struct rendered *me = &rd[i];
	struct part pt = { 0, me->breaks.len, me->markers, rev_id };
	size_t k, at = 0, nparts = 2 * me->breaks.len + 1;

	if (!dl->transactional_ddl)
		nparts = me->breaks.len + 1;
	for (k = 0; k <= pt.b; k++) {
		const struct render_break *b = k < pt.b ? me->breaks.items[k] :
		    NULL;
		size_t stop = b != NULL ? b->start : me->sql.len;

		strbuf_reset(&piece);
		strbuf_addn(&piece, me->sql.buf + at, stop - at);
		chomp(&piece);
		strbuf_reset(&text);
		if (pt.b > 0)
			strbuf_addf(&text, "%s (part %zu of %zu)", rev_id,
			    dl->transactional_ddl ? 2 * k + 1 : k + 1, nparts);
		else
			strbuf_adds(&text, rev_id);
		pt.k = k;
		pt.text = text.buf;
		if (k > 0)
			strbuf_addc(out, '\n');
		wrap_step(dl, p, sets, rd, i, &pt, rev_id, rest, f,
		    strbuf_str(&piece), out);
		if (b == NULL)
			break;
		if (b->split) {		/* the next part starts here */
			at = b->start;
			continue;
		}
		strbuf_reset(&text);
		strbuf_addf(&text, "%s (part %zu of %zu)", rev_id, 2 * k + 2,
		    nparts);
		strbuf_reset(&piece);
		strbuf_addf(&piece, "%s: %s, runs outside a transaction",
		    text.buf, b->where);
		strbuf_addc(out, '\n');
		render_comment(dl, piece.buf, out);
		strbuf_reset(&piece);
		strbuf_addn(&piece, me->sql.buf + b->start, b->end - b->start);
		chomp(&piece);
		wrap_outside(dl, &sets[i], me->markers[k], b, piece.buf,
		    text.buf, f, out);
		at = b->end;
	}
	strbuf_free(&piece);
	strbuf_free(&text);
}

/*
 * The entry guard of a per-revision script where the client can skip
 * (resume_guard): FROM or any state the script reaches before TO.
 */
static void
resume_guard(const struct dialect *dl, const struct plan *p,
    const struct vset *sets, const struct rendered *rd,
    const struct frame *f, struct strbuf *out)
{
	struct strbuf acc = STRBUF_INIT, ed = STRBUF_INIT, edl = STRBUF_INIT;
	struct strbuf st = STRBUF_INIT;
	struct ptrvec rows = PTRVEC_INIT;
	struct tpl_var v[8], rv[2];
	size_t i, k;
	char pos[24];

	for (i = 0; i <= p->nsteps; i++)
		for (k = 0; k <= (i < p->nsteps ? rd[i].breaks.len : 0); k++) {
			strbuf_reset(&st);
			state_literal(dl, &sets[i], k > 0 ?
			    rd[i].markers[k - 1] : NULL, 0, &st);
			if (i < p->nsteps) {
				if (acc.len > 0)
					strbuf_adds(&acc, ", ");
				strbuf_addn(&acc, st.buf, st.len);
			}
			/* Every state with its position (state_row), the
			   end last: what a part compares with its own. */
			if (dl->tpl[DT_STATE_ROW] == NULL)
				continue;
			snprintf(pos, sizeof pos, "%zu", rows.len);
			rv[0] = (struct tpl_var){ "state", st.buf, NULL, 0 };
			rv[1] = (struct tpl_var){ "position", pos, NULL, 0 };
			{
				struct strbuf row = STRBUF_INIT;

				tpl_render(dl->tpl[DT_STATE_ROW], rv, 2, &row);
				ptrvec_push(&rows, strbuf_detach(&row));
			}
		}
	set_display(p->from, p->nfrom, &ed);
	dialect_literal(dl, strbuf_str(&ed), &edl);
	v[0] = (struct tpl_var){ "version_table", f->vt, NULL, 0 };
	v[1] = (struct tpl_var){ "version_table_text", f->vtt, NULL, 0 };
	v[2] = (struct tpl_var){ "accepted", strbuf_str(&acc), NULL, 0 };
	v[3] = (struct tpl_var){ "expected_display", edl.buf, NULL, 0 };
	v[4] = (struct tpl_var){ "state", f->state, NULL, 0 };
	v[5] = (struct tpl_var){ "version_table_name", f->vtn, NULL, 0 };
	v[6] = (struct tpl_var){ "version_table_schema", f->vts, NULL, 0 };
	v[7] = (struct tpl_var){ "state_rows", NULL,
	    (const char *const *)rows.items, rows.len };
	tpl_render(dl->tpl[DT_RESUME_GUARD], v, 8, out);
	for (i = 0; i < rows.len; i++)
		free(rows.items[i]);
	ptrvec_free(&rows);
	strbuf_free(&st);
	strbuf_free(&acc);
	strbuf_free(&ed);
	strbuf_free(&edl);
}

/*
 * What follows the database's version in the command that renders the
 * rest of a per-revision script: ":TO --dialect D ..." from command
 * ("migsql upgrade FROM:TO --dialect D ...").
 */
static char *
rest_tail(const struct plan *p, const char *command)
{
	const char *range = strchr(strncmp(command, "migsql ", 7) == 0 ?
	    command + 7 : command, ' ');
	const char *after = range ? strchr(range + 1, ' ') : NULL;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addc(&sb, ':');
	join_ids(p->to, p->nto, ",", &sb);
	if (p->nto == 0)
		strbuf_adds(&sb, "base");
	strbuf_adds(&sb, after ? after : "");
	return strbuf_detach(&sb);
}

/*
 * Renders every step of p into rd (p->nsteps of them), over the schema
 * at FROM.  Returns the number of errors reported.
 */
static size_t
render_steps(const struct chain *c, const struct plan *p,
    const struct dialect *dl, const char *vt, struct rendered *rd,
    struct render_session *rs, struct schema_walk *w)
{
	struct strbuf tmp = STRBUF_INIT;
	struct ptrvec *saved = NULL;
	size_t *from, i, k, errors = 0;

	/* The schema at FROM: from the walk, or a replay of its ancestors
	   from base, keeping what each did when a downgrade may have to
	   invert it. */
	from = xmalloc((p->nfrom ? p->nfrom : 1) * sizeof *from);
	for (i = 0; i < p->nfrom; i++)
		from[i] = chain_find(c, p->from[i]);
	if (w != NULL) {
		schema_walk_read_sql(w, dl);
		errors += schema_walk_to(w, from, p->nfrom, rs->d);
		rs->m = schema_walk_model(w);
		model_journal_begin(rs->m);	/* undone by emit_script */
	} else {
		saved = xcalloc(c->n ? c->n : 1, sizeof *saved);
		errors += render_replay_ancestors(c, from, p->nfrom, rs->m,
		    p->upgrade ? NULL : saved, rs->d);
	}
	for (i = 0; i < p->nsteps; i++) {
		const struct step *s = &p->steps[i];
		const struct revision *r = c->nodes[s->rev].rev;

		strbuf_reset(&tmp);
		strbuf_addf(&tmp, "Running %s ", p->upgrade ? "upgrade" :
		    "downgrade");
		if (p->upgrade) {
			parents_display(r, &tmp);
			strbuf_addf(&tmp, " -> %s", r->id);
		} else {
			strbuf_addf(&tmp, "%s -> ", r->id);
			parents_display(r, &tmp);
		}
		strbuf_addf(&tmp, ": %s (%s)", r->message, r->file);
		/* Where the step starts, for the whole-script check's words. */
		strbuf_addf(&rd[i].sql, "%c%c%zu;", CLIENT_MARK,
		    CLIENT_MARK_STEP, i);
		render_comment(dl, tmp.buf, &rd[i].sql);
		rs->breaks = dl->tpl[DT_OUTSIDE_TRANSACTION] != NULL ||
		    !dl->transactional_ddl ? &rd[i].breaks : NULL;
		errors += render_step(rs, r, p->upgrade, w != NULL ?
		    schema_walk_actions(w, s->rev) : &saved[s->rev],
		    &rd[i].sql, NULL);
		version_ops(dl, s, vt, &rd[i].sql);
		rd[i].markers = xcalloc(rd[i].breaks.len + 1,
		    sizeof *rd[i].markers);
		for (k = 0; k < rd[i].breaks.len; k++)
			rd[i].markers[k] = dl->transactional_ddl ?
			    xasprintf("migsql: %s %s: %zu of %zu parts "
			    "applied", p->upgrade ? "upgrade" : "downgrade",
			    r->id, 2 * k + 1, 2 * rd[i].breaks.len + 1) :
			    xasprintf("migsql: %s %s: %zu of %zu parts "
			    "applied", p->upgrade ? "upgrade" : "downgrade",
			    r->id, k + 1, rd[i].breaks.len + 1);
	}
	rs->breaks = NULL;
	strbuf_free(&tmp);
	if (saved != NULL)
		for (i = 0; i < c->n; i++)
			render_actions_free(&saved[i]);
	free(saved);
	free(from);
	return errors;
}

/*
 * The whole-script check (client.h) of the script in sb, rendered with
 * its marks, which it removes: no client command but the frame's, every
 * statement where the client is between statements.  A failure is a bug
 * of migsql or of the dialect file (every input was checked before), and
 * an error: the script is not written.  steps names the plan's steps (may
 * be NULL).  Returns 1 when the script is safe to write.
 */
static int
check_script(const struct dialect *dl, const struct plan *p,
    const struct chain *c, struct strbuf *sb, struct diags *d)
{
	struct client_problem pr = { 0, 0, 0, NULL, 0 };
	struct strbuf reset = STRBUF_INIT;
	char **steps = NULL;
	size_t i, n = p != NULL ? p->nsteps : 0;
	int ok;

	if (n > 0) {
		steps = xcalloc(n, sizeof *steps);
		for (i = 0; i < n; i++) {
			const struct revision *r = c->nodes[p->steps[i].rev].rev;

			steps[i] = xasprintf("%s %s (%s)", p->upgrade ?
			    "upgrade" : "downgrade", r->id, r->file);
		}
	}
	if (dl->tpl[DT_ENCODING] != NULL) {
		tpl_render(dl->tpl[DT_ENCODING], NULL, 0, &reset);
		client_unmark(&reset);
	}
	ok = client_check_script(dl->client, sb, (const char *const *)steps,
	    n, reset.len > 0 ? reset.buf : NULL, &pr);
	strbuf_free(&reset);
	if (!ok && pr.limit)
		diag_error(d, EXIT_INPUT, NULL, "refusing to write the script: "
		    "at its line %u, %s", pr.line, pr.message);
	else if (!ok)
		diag_error(d, EXIT_INPUT, NULL, "refusing to write the script: "
		    "at its line %u, %s; every input was checked, so this is a "
		    "bug of migsql or of the dialect file %s: please report "
		    "it", pr.line, pr.message, dl->path);
	client_problem_free(&pr);
	for (i = 0; i < n; i++)
		free(steps[i]);
	free(steps);
	return ok;
}

/*
 * Renders the whole script through frame template t with its n vars,
 * checks it (check_script) and appends it to out; returns 0, out
 * untouched, when the check refuses it.
 */
static int
frame_out(const struct dialect *dl, const struct plan *p,
    const struct chain *c, const struct tpl *t, const struct tpl_var *v,
    size_t n, struct strbuf *out, struct diags *d)
{
	struct strbuf script = STRBUF_INIT;
	int ok;

	tpl_render(t, v, n, &script);
	/* Exactly one newline at the end. */
	while (script.len > 0 && script.buf[script.len - 1] == '\n')
		script.len--;
	strbuf_addc(&script, '\n');
	if ((ok = check_script(dl, p, c, &script, d)) && out->len == 0) {
		/* The usual case: hand the buffer over, no copy. */
		strbuf_free(out);
		*out = script;
		return 1;
	}
	if (ok)
		strbuf_addn(out, script.buf, script.len);
	strbuf_free(&script);
	return ok;
}

/* Frees the n rendered steps of rd and rd. */
static void
rendered_free(struct rendered *rd, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		strbuf_free(&rd[i].sql);
		render_breaks_free(&rd[i].breaks);
		for (k = 0; rd[i].markers != NULL && rd[i].markers[k] != NULL;
		    k++)
			free(rd[i].markers[k]);
		free(rd[i].markers);
	}
	free(rd);
}

/*
 * A name of migsql.yaml (the version table or its schema) that the
 * dialect cannot write (dialect_name_refused): an error at the key.
 */
static size_t
check_project_name(const struct dialect *dl, const struct project *proj,
    const char *key, const char *name, struct diags *d)
{
	const char *why = name != NULL ? dialect_name_refused(dl, name) : NULL;
	const struct node *k = proj->root != NULL && proj->root->kind ==
	    NODE_MAP ? node_get(proj->root, key) : NULL;
	struct loc l = { proj->file, 0, 0 };

	if (why == NULL)
		return 0;
	if (k != NULL)
		l = k->loc;
	diag_error(d, EXIT_INPUT, &l, "%s '%s' cannot be written for %s: %s",
	    key, name, dl->name, why);
	return 1;
}

/*
 * The frame's names and settings as text for a script of dl and proj
 * (the version table, its literal and its primary key's name, the
 * version_state expression, the timeouts), owned here, and the struct
 * frame that points into them.
 */
struct frame_text {
	struct strbuf	vt, vtt, pkc, state, vtn, vts;
	char		lt[32], ltms[32], st[32], stms[32];
	struct frame	fr;
};

/*
 * Fills ft for a script that starts at base when from_base is set;
 * reports a version table name the dialect cannot write to d and returns
 * how many (check_project_name).  Free with frame_text_free().
 */
static size_t
frame_text_init(struct frame_text *ft, const struct dialect *dl,
    const struct project *proj, int from_base, struct diags *d)
{
	struct strbuf tmp = STRBUF_INIT;
	struct tpl_var v[4];
	size_t errors = 0;

	strbuf_init(&ft->vt);
	strbuf_init(&ft->vtt);
	strbuf_init(&ft->pkc);
	strbuf_init(&ft->state);
	strbuf_init(&ft->vtn);
	strbuf_init(&ft->vts);
	version_table(dl, proj, &ft->vt);
	dialect_literal(dl, ft->vt.buf, &ft->vtt);
	dialect_literal(dl, proj->version_table, &ft->vtn);
	if (proj->version_table_schema != NULL)
		dialect_literal(dl, proj->version_table_schema, &ft->vts);
	strbuf_addf(&tmp, "%s_pkc", proj->version_table);
	dialect_ident(dl, tmp.buf, &ft->pkc);
	strbuf_free(&tmp);
	if (dl->tpl[DT_VERSION_STATE] != NULL) {
		v[0] = (struct tpl_var){ "version_table", ft->vt.buf, NULL, 0 };
		v[1] = (struct tpl_var){ "version_table_text", ft->vtt.buf,
		    NULL, 0 };
		v[2] = (struct tpl_var){ "version_table_name", ft->vtn.buf,
		    NULL, 0 };
		v[3] = (struct tpl_var){ "version_table_schema",
		    ft->vts.len ? ft->vts.buf : NULL, NULL, 0 };
		tpl_render(dl->tpl[DT_VERSION_STATE], v, 4, &ft->state);
		chomp(&ft->state);
	}
	errors += check_project_name(dl, proj, "version_table",
	    proj->version_table, d);
	errors += check_project_name(dl, proj, "version_table_schema",
	    proj->version_table_schema, d);
	snprintf(ft->lt, sizeof ft->lt, "%lums", proj->lock_timeout_ms);
	snprintf(ft->ltms, sizeof ft->ltms, "%lu", proj->lock_timeout_ms);
	snprintf(ft->st, sizeof ft->st, "%lums", proj->statement_timeout_ms);
	snprintf(ft->stms, sizeof ft->stms, "%lu", proj->statement_timeout_ms);
	ft->fr = (struct frame){ ft->vt.buf, ft->vtt.buf, ft->pkc.buf,
	    ft->vtn.buf, ft->vts.len ? ft->vts.buf : NULL,
	    proj->lock_timeout_ms ? ft->lt : NULL,
	    proj->lock_timeout_ms ? ft->ltms : NULL,
	    proj->statement_timeout_ms ? ft->st : NULL,
	    proj->statement_timeout_ms ? ft->stms : NULL,
	    ft->state.len ? ft->state.buf : NULL, from_base };
	return errors;
}

static void
frame_text_free(struct frame_text *ft)
{
	strbuf_free(&ft->vt);
	strbuf_free(&ft->vtt);
	strbuf_free(&ft->pkc);
	strbuf_free(&ft->state);
	strbuf_free(&ft->vtn);
	strbuf_free(&ft->vts);
}

/* The 16 variables of the script templates: the frame's, and the parts. */
static void
script_vars(const struct frame *fr, const char *hdr, const char *guard,
    const char *body, const char *fin, int rebuilds, struct tpl_var v[16])
{
	v[0] = (struct tpl_var){ "header", hdr, NULL, 0 };
	v[1] = (struct tpl_var){ "guard", guard, NULL, 0 };
	v[2] = (struct tpl_var){ "body", body, NULL, 0 };
	v[3] = (struct tpl_var){ "final_check", fin, NULL, 0 };
	v[4] = (struct tpl_var){ "from_base", fr->from_base ? "1" : NULL,
	    NULL, 0 };
	v[5] = (struct tpl_var){ "version_table", fr->vt, NULL, 0 };
	v[6] = (struct tpl_var){ "version_table_text", fr->vtt, NULL, 0 };
	v[7] = (struct tpl_var){ "version_table_pkc", fr->pkc, NULL, 0 };
	v[8] = (struct tpl_var){ "rebuilds", rebuilds ? "1" : NULL, NULL, 0 };
	v[9] = (struct tpl_var){ "lock_timeout", fr->lt, NULL, 0 };
	v[10] = (struct tpl_var){ "lock_timeout_ms", fr->ltms, NULL, 0 };
	v[11] = (struct tpl_var){ "statement_timeout", fr->st, NULL, 0 };
	v[12] = (struct tpl_var){ "state", fr->state, NULL, 0 };
	v[13] = (struct tpl_var){ "version_table_name", fr->vtn, NULL, 0 };
	v[14] = (struct tpl_var){ "version_table_schema", fr->vts, NULL, 0 };
	v[15] = (struct tpl_var){ "statement_timeout_ms", fr->stms, NULL, 0 };
}

int
emit_script(const struct chain *c, const struct plan *p,
    const struct dialect *dl, const struct project *proj, const char *command,
    struct schema_walk *w, struct strbuf *out, struct diags *d)
{
	struct strbuf hdr = STRBUF_INIT, guard = STRBUF_INIT, body = STRBUF_INIT;
	struct strbuf fin = STRBUF_INIT;
	struct tpl_var v[16];
	struct frame_text ft;
	struct model m;
	struct render_session rs;
	struct render_script scr = { c, p, -1 };
	struct rendered *rd;
	struct vset *sets = NULL;
	const char *outside = NULL;
	char *rest = NULL;
	size_t i, errors;
	int per_rev;

	errors = frame_text_init(&ft, dl, proj, p->nfrom == 0, d);
	check_block(dl, DT_GUARD, &ft.fr, strbuf_str(&ft.state),
	    p->from, p->nfrom, &guard);
	check_block(dl, DT_FINAL_CHECK, &ft.fr,
	    strbuf_str(&ft.state), p->to, p->nto, &fin);
	model_init(&m);
	render_reads_sql(&m, dl);
	rs = (struct render_session){ .dl = dl, .m = &m, .d = d,
	    .proj = proj, .script = &scr };
	rd = xcalloc(p->nsteps ? p->nsteps : 1, sizeof *rd);
	errors += render_steps(c, p, dl, ft.vt.buf, rd, &rs, w);
	if (w != NULL)
		model_journal_undo(rs.m);	/* the walk's, back at FROM */

	/* A statement outside a transaction needs one per revision; so
	   does an engine where DDL commits (its scripts run in parts). */
	for (i = 0; i < p->nsteps && outside == NULL; i++)
		if (rd[i].breaks.len > 0)
			outside = ((struct render_break *)
			    rd[i].breaks.items[0])->where;
	per_rev = proj->transaction_per_revision || outside != NULL ||
	    !dl->transactional_ddl;
	if (per_rev && dl->tpl[DT_STEP] == NULL) {
		struct loc l = { dl->path, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "the %s dialect has no "
		    "script_per_revision and step templates: it cannot run one "
		    "transaction per revision", dl->name);
		errors++;
		per_rev = 0;
	}
	header(c, p, dl, proj, command, per_rev, outside, &hdr);
	chomp(&hdr);
	if (per_rev) {
		sets = version_sets(p);
		rest = rest_tail(p, command);
		strbuf_reset(&guard);
		if (dl->tpl[DT_RESUME_GUARD] != NULL)
			resume_guard(dl, p, sets, rd, &ft.fr, &guard);
	}
	for (i = 0; i < p->nsteps; i++) {
		const struct revision *r = c->nodes[p->steps[i].rev].rev;

		if (i > 0)
			strbuf_addc(&body, '\n');
		if (per_rev)
			emit_step(dl, p, sets, rd, i, r->id, rest, &ft.fr,
			    &body);
		else
			strbuf_addn(&body, rd[i].sql.buf, rd[i].sql.len);
	}
	chomp(&guard);
	chomp(&fin);
	chomp(&body);
	script_vars(&ft.fr, hdr.buf, guard.buf, body.buf, fin.buf, rs.rebuilds,
	    v);
	if (errors == 0 && !frame_out(dl, p, c, dl->tpl[per_rev ?
	    DT_SCRIPT_PER_REVISION : DT_SCRIPT], v, 16, out, d))
		errors++;
	strbuf_free(&hdr);
	strbuf_free(&guard);
	strbuf_free(&body);
	strbuf_free(&fin);
	frame_text_free(&ft);
	if (sets != NULL)
		for (i = 0; i <= p->nsteps; i++)
			free(sets[i].ids);
	free(sets);
	free(rest);
	rendered_free(rd, p->nsteps);
	model_free(&m);
	return errors == 0;
}

int
emit_schema(const struct chain *c, const size_t *set, size_t n,
    const struct dialect *dl, const char *command, struct strbuf *out,
    struct diags *d)
{
	struct strbuf hdr = STRBUF_INIT, sql = STRBUF_INIT;
	struct model m;
	size_t i, errors;

	model_init(&m);
	render_reads_sql(&m, dl);
	errors = render_replay_ancestors(c, set, n, &m, NULL, d);
	if (errors == 0) {
		strbuf_addf(&hdr, "Generated by migsql %s: the schema at ",
		    PACKAGE_VERSION);
		for (i = 0; i < n; i++)
			strbuf_addf(&hdr, "%s%s", i ? "," : "",
			    c->nodes[set[i]].rev->id);
		if (n == 0)
			strbuf_adds(&hdr, "<base>");
		strbuf_addf(&hdr, "\nCommand: %s", command);
		render_comment(dl, hdr.buf, &sql);
		strbuf_addc(&sql, '\n');
		errors = render_schema(dl, &m, &sql, d);
		/* Not a script with a frame, but a DBA may run it all the
		   same: no client command in it either. */
		if (errors == 0 && !check_script(dl, NULL, c, &sql, d))
			errors++;
		if (errors == 0)
			strbuf_addn(out, sql.buf, sql.len);
	}
	strbuf_free(&hdr);
	strbuf_free(&sql);
	model_free(&m);
	return errors == 0;
}

int
emit_write(const char *path, const char *data, size_t len, struct diags *d)
{
	struct loc l = { path, 0, 0 };
	struct stat st;
	char *tmp;
	mode_t mask;
	int fd;

	/* Marks are for the whole-script check, which takes them out; one
	   that is still here means a text that was not checked. */
	if (memchr(data, CLIENT_MARK, len) != NULL) {
		diag_error(d, EXIT_INPUT, &l, "refusing to write text that the "
		    "whole-script check did not read (it holds a mark); this "
		    "is a bug of migsql: please report it");
		return 0;
	}
	if (strcmp(path, "-") == 0) {
		if (!write_all(STDOUT_FILENO, data, len)) {
			diag_error(d, EXIT_INPUT, NULL, "cannot write to standard "
			    "output: %s", strerror(errno));
			return 0;
		}
		return 1;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			diag_error(d, EXIT_INPUT, &l, "cannot write: it is a "
			    "directory");
			return 0;
		}
		fd = open(path, O_WRONLY);
		if (fd < 0 || !write_all(fd, data, len)) {
			diag_error(d, EXIT_INPUT, &l, "cannot write: %s",
			    strerror(errno));
			if (fd >= 0)
				close(fd);
			return 0;
		}
		close(fd);
		return 1;
	}
	tmp = temp_beside(path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		diag_error(d, EXIT_INPUT, &l, "cannot create a temporary file "
		    "beside it: %s", strerror(errno));
		free(tmp);
		return 0;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !write_all(fd, data, len) ||
	    fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int saved = errno;

		close(fd);
		unlink(tmp);
		diag_error(d, EXIT_INPUT, &l, "cannot write: %s",
		    strerror(saved));
		free(tmp);
		return 0;
	}
	free(tmp);
	return 1;
}

/* ---- migsql stamp (emit.h, stamp.h) ------------------------------------ */

/* The ids of the n revisions at set (chain indices), sorted bytewise. */
static const char **
sorted_ids(const struct chain *c, const size_t *set, size_t n)
{
	const char **ids = xmalloc((n ? n : 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < n; i++)
		ids[i] = c->nodes[set[i]].rev->id;
	if (n > 1)
		qsort(ids, n, sizeof *ids, cmp_strptr);
	return ids;
}

/* 1 when id is one of the n ids. */
static int
has_id(const char **ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

static void
stamp_header(const struct dialect *dl, const struct project *proj,
    const char *command, const char **from, size_t nfrom, const char **to,
    size_t nto, int verify, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "Generated by migsql %s. Do not edit: change the "
	    "revisions and render again.\n", PACKAGE_VERSION);
	strbuf_addf(&sb, "Command: %s\n", command);
	strbuf_addf(&sb, "Dialect: %s\n", dl->name);
	if (proj->lock_timeout_ms)
		strbuf_addf(&sb, "Lock timeout: %lums\n", proj->lock_timeout_ms);
	strbuf_adds(&sb, "Direction: stamp\nRange: ");
	set_display(from, nfrom, &sb);
	strbuf_adds(&sb, " -> ");
	set_display(to, nto, &sb);
	strbuf_adds(&sb, "\nThe script refuses to run unless the version set "
	    "is exactly ");
	set_display(from, nfrom, &sb);
	strbuf_adds(&sb, ".\nIt changes only the version table: no revision's "
	    "operations run.\n");
	if (verify)
		strbuf_adds(&sb, "Before that it checks that the database looks "
		    "like the target: every table,\ncolumn (with its type), "
		    "index and named constraint of the schema there.\n");
	else
		strbuf_adds(&sb, "It does NOT check that the database looks like "
		    "the target\n(--no-verify-schema).\n");
	strbuf_addf(&sb, "SHA-256 of the %s dialect file: %s", dl->name,
	    dl->source_sha256);
	render_comment(dl, sb.buf, out);
	strbuf_free(&sb);
}

/* The version table's rows: FROM's that TO does not keep go, TO's come. */
static void
stamp_versions(const struct dialect *dl, const char *vt, const char **from,
    size_t nfrom, const char **to, size_t nto, struct strbuf *out)
{
	struct strbuf lit = STRBUF_INIT;
	struct tpl_var v[2];
	size_t i;

	v[0] = (struct tpl_var){ "version_table", vt, NULL, 0 };
	for (i = 0; i < nfrom; i++) {
		if (has_id(to, nto, from[i]))
			continue;
		strbuf_reset(&lit);
		dialect_literal(dl, from[i], &lit);
		v[1] = (struct tpl_var){ "from", lit.buf, NULL, 0 };
		tpl_render(dl->tpl[DT_VERSION_DELETE], v, 2, out);
		strbuf_addc(out, '\n');
	}
	for (i = 0; i < nto; i++) {
		if (has_id(from, nfrom, to[i]))
			continue;
		strbuf_reset(&lit);
		dialect_literal(dl, to[i], &lit);
		v[1] = (struct tpl_var){ "to", lit.buf, NULL, 0 };
		tpl_render(dl->tpl[DT_VERSION_INSERT], v, 2, out);
		strbuf_addc(out, '\n');
	}
	strbuf_free(&lit);
}

int
emit_stamp(const struct chain *c, const size_t *from, size_t nfrom,
    const size_t *to, size_t nto, int verify, const struct dialect *dl,
    const struct project *proj, const char *command, struct strbuf *out,
    struct diags *d)
{
	struct strbuf hdr = STRBUF_INIT, guard = STRBUF_INIT, body = STRBUF_INIT;
	struct strbuf fin = STRBUF_INIT;
	const char **fids = sorted_ids(c, from, nfrom);
	const char **tids = sorted_ids(c, to, nto);
	struct tpl_var v[16];
	struct frame_text ft;
	struct model m;
	size_t errors = 0;

	if (verify && dl->tpl[DT_STAMP_CHECK] == NULL) {
		struct loc l = { dl->path, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "the %s dialect has no stamp_* "
		    "templates: it cannot check that the database looks like "
		    "the target; pass --no-verify-schema to stamp without the "
		    "check", dl->name);
		errors++;
	}
	errors += frame_text_init(&ft, dl, proj, nfrom == 0, d);
	check_block(dl, DT_GUARD, &ft.fr, strbuf_str(&ft.state),
	    fids, nfrom, &guard);
	check_block(dl, DT_FINAL_CHECK, &ft.fr,
	    strbuf_str(&ft.state), tids, nto, &fin);
	model_init(&m);
	render_reads_sql(&m, dl);
	if (verify && errors == 0) {
		errors += render_replay_ancestors(c, to, nto, &m, NULL, d);
		if (errors == 0)
			errors += stamp_verify(dl, &m, &body, d);
	}
	stamp_versions(dl, ft.vt.buf, fids, nfrom, tids, nto, &body);
	stamp_header(dl, proj, command, fids, nfrom, tids, nto, verify, &hdr);
	chomp(&hdr);
	chomp(&guard);
	chomp(&fin);
	chomp(&body);
	script_vars(&ft.fr, hdr.buf, guard.buf, body.buf, fin.buf, 0, v);
	if (errors == 0 && !frame_out(dl, NULL, c, dl->tpl[DT_SCRIPT], v, 16,
	    out, d))
		errors++;
	strbuf_free(&hdr);
	strbuf_free(&guard);
	strbuf_free(&body);
	strbuf_free(&fin);
	frame_text_free(&ft);
	free(fids);
	free(tids);
	model_free(&m);
	return errors == 0;
}
