/*
 * client_script.c -- the whole-script check and the reading of dialect
 * templates (client.h): every client reads the complete script, and only
 * the frame's own directives may speak to it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_int.h"

/* A mark taken out of a script (client.h). */
struct mark {
	size_t	 off;		/* in the script without marks */
	char	 kind;
	size_t	 step;		/* CLIENT_MARK_STEP: its index */
};

struct marks {
	struct mark	*v;
	size_t		 n, cap;
};

static void
marks_push(struct marks *ms, size_t off, char kind, size_t step)
{
	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 64;
		ms->v = xrealloc(ms->v, ms->cap * sizeof *ms->v);
	}
	ms->v[ms->n++] = (struct mark){ off, kind, step };
}

/*
 * Takes the marks out of sb in place, in order.  Returns 0 with *p set
 * when a 0xFF byte is not a well-formed mark.
 */
static int
strip_marks(struct strbuf *sb, struct marks *ms, struct client_problem *p)
{
	size_t r = 0, w = 0;
	char *s = sb->buf;

	while (r < sb->len) {
		char kind;
		size_t step = 0;

		if (s[r] != CLIENT_MARK) {
			s[w++] = s[r++];
			continue;
		}
		kind = r + 1 < sb->len ? s[r + 1] : 0;
		r += 2;
		if (kind == CLIENT_MARK_STEP) {
			while (r < sb->len && s[r] >= '0' && s[r] <= '9')
				step = step * 10 + (size_t)(s[r++] - '0');
			if (r >= sb->len || s[r] != ';')
				kind = 0;
			r++;
		}
		if (kind != CLIENT_MARK_DIRECTIVE && kind != CLIENT_MARK_STATEMENT &&
		    kind != CLIENT_MARK_STEP) {
			s[w] = '\0';
			sb->len = w;
			client_problem_set(p, s, w, "the rendered text holds a byte "
			    "0xFF that is not one of migsql's marks");
			return 0;
		}
		marks_push(ms, w, kind, step);
	}
	sb->len = w;
	if (s != NULL)
		s[w] = '\0';
	return 1;
}

void
client_unmark(struct strbuf *sb)
{
	struct marks ms = { NULL, 0, 0 };
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	strip_marks(sb, &ms, &p);
	client_problem_free(&p);
	free(ms.v);
}

/* Names the step holding offset off, from the step marks, for messages. */
static void
where_in_script(const struct marks *ms, size_t off,
    const char *const *steps, size_t nsteps, struct strbuf *out)
{
	size_t i, step = (size_t)-1;

	for (i = 0; i < ms->n && ms->v[i].off <= off; i++)
		if (ms->v[i].kind == CLIENT_MARK_STEP)
			step = ms->v[i].step;
	if (step != (size_t)-1 && steps != NULL && step < nsteps)
		strbuf_addf(out, " (in the step %s)", steps[step]);
}

struct script_ctx {
	enum client_kind	 k;
	const char		*s;
	size_t			 len;
	const struct marks	*ms;
	const char *const	*steps;
	size_t			 nsteps;
	struct client_problem	*p;
};

/* Sets the problem at off: what, where, and that this is migsql's fault. */
static int
script_problem(const struct script_ctx *c, size_t off, const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, what);
	where_in_script(c->ms, off, c->steps, c->nsteps, &sb);
	client_problem_set(c->p, c->s, off, "%s", sb.buf);
	strbuf_free(&sb);
	return 0;
}

/* A command the client would run at off that no directive mark permits. */
static int
stray_command(const struct script_ctx *c, enum client_kind k, size_t off)
{
	char *x = client_excerpt(c->s, off, 40);
	char *msg;
	int rc;

	msg = xasprintf("%s would run '%s' as its own command, and the "
	    "frame did not put it there", client_name(k), x);
	rc = script_problem(c, off, msg);
	free(x);
	free(msg);
	return rc;
}

/* At a directive mark at off: the command there, and whether allowed. */
static int
directive(const struct script_ctx *c, size_t off)
{
	const char *why = client_directive_refused(c->k, c->s + off, 1);
	char *x, *msg;
	int rc;

	if (why == NULL)
		return 1;
	x = client_excerpt(c->s, off, 40);
	msg = xasprintf("the frame's directive '%s' is refused: %s", x, why);
	rc = script_problem(c, off, msg);
	free(x);
	free(msg);
	return rc;
}

/* psql's reading of the script, with standard_conforming_strings std. */
static int
psql_pass(const struct script_ctx *c, int std, int *saw_backslash)
{
	struct psql_lex lx;
	struct psql_event e;
	size_t mi = 0;
	char *msg;

	psql_lex_init(&lx, c->s, c->len, std);
	for (;;) {
		const struct mark *m = mi < c->ms->n ? &c->ms->v[mi] : NULL;

		psql_lex_next(&lx, m != NULL ? m->off : (size_t)-1, &e);
		if (lx.copy_stdin != 0)
			return script_problem(c, lx.copy_stdin - 1, "psql would "
			    "read the lines after this COPY ... FROM STDIN as its "
			    "data");
		switch (e.ev) {
		case PE_STOP:
			mi++;
			if (m->kind == CLIENT_MARK_STATEMENT &&
			    !psql_lex_at_boundary(&lx)) {
				const char *w = psql_lex_open_what(&lx);

				msg = xasprintf("a statement of the frame starts "
				    "here while psql reads %s", w ? w :
				    "the statement before it (it has no ';')");
				script_problem(c, m->off, msg);
				free(msg);
				return 0;
			}
			if (m->kind == CLIENT_MARK_DIRECTIVE) {
				if (lx.st != PS_INITIAL || c->s[m->off] != '\\')
					return script_problem(c, m->off, "a "
					    "directive of the frame is not where "
					    "psql would run it");
				if (!directive(c, m->off))
					return 0;
				lx.pos = m->off + 1;
				psql_lex_skip_command(&lx);
			}
			break;
		case PE_MIDTOKEN:
			return script_problem(c, e.off, "a statement or directive "
			    "of the frame starts inside a token or a comment");
		case PE_BACKSLASH:
			return stray_command(c, CLIENT_PSQL, e.off);
		case PE_VARIABLE:
			return script_problem(c, e.off, "psql would substitute a "
			    "variable here");
		case PE_JUNK:
			return script_problem(c, e.off, "psql versions would "
			    "split a number run into letters here differently");
		case PE_END:
			if (!psql_lex_at_boundary(&lx))
				return script_problem(c, lx.st != PS_INITIAL ?
				    lx.open_at : c->len, "the script ends while "
				    "psql is still inside a statement, a quote or "
				    "a comment");
			*saw_backslash = lx.saw_xq_backslash;
			return 1;
		default:
			break;
		}
	}
}

/* The sqlite3 shell's reading; own: it is the script's client. */
static int
sqlite_pass(const struct script_ctx *c, int own)
{
	struct sqlite_sim ss;
	struct sqlite_line ln;
	size_t mi = 0, i;
	int ok = 1;

	sqlite_sim_init(&ss, c->s, c->len);
	while (ok && sqlite_sim_line(&ss, &ln)) {
		int dot_ok = 0;

		for (; own && mi < c->ms->n && c->ms->v[mi].off < ss.pos; mi++) {
			const struct mark *m = &c->ms->v[mi];

			for (i = ln.start; i < m->off && i < ln.end &&
			    (c->s[i] == ' ' || c->s[i] == '\t'); i++)
				;
			if (m->kind == CLIENT_MARK_STATEMENT &&
			    (i != m->off || !ln.boundary)) {
				ok = script_problem(c, m->off, "a statement of the "
				    "frame starts here while sqlite3 is reading "
				    "another statement, a quote or a comment");
				break;
			}
			if (m->kind == CLIENT_MARK_DIRECTIVE) {
				if (m->off != ln.start || !ln.dot) {
					ok = script_problem(c, m->off, "a directive "
					    "of the frame is not where sqlite3 would "
					    "run it");
					break;
				}
				if (!(ok = directive(c, m->off)))
					break;
				dot_ok = 1;
			}
		}
		if (ok && ln.dot && !dot_ok)
			ok = stray_command(c, CLIENT_SQLITE3, ln.start);
	}
	if (ok && ss.over_budget) {
		ok = script_problem(c, ss.over_start, "the statement that starts "
		    "here is too long for sqlite3's reading of it to be "
		    "checked (a trigger of very many lines?)");
		c->p->limit = 1;
	}
	if (ok && own && !sqlite_sim_done(&ss))
		ok = script_problem(c, ss.sql_start, "the script ends while "
		    "sqlite3 is still reading the statement that starts here");
	sqlite_sim_free(&ss);
	return ok;
}

/* psql's reading of a script for another client: no command at all. */
static int
psql_cross_pass(const struct script_ctx *c)
{
	struct psql_lex lx;
	struct psql_event e;

	psql_lex_init(&lx, c->s, c->len, 1);
	for (;;) {
		psql_lex_next(&lx, (size_t)-1, &e);
		if (e.ev == PE_END)
			return 1;
		if (e.ev == PE_BACKSLASH)
			return stray_command(c, CLIENT_PSQL, e.off);
	}
}

/* 1 when a directive mark stands at off. */
static int
directive_mark_at(const struct script_ctx *c, size_t off)
{
	size_t lo = 0, hi = c->ms->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->ms->v[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->ms->n && c->ms->v[lo].off == off; lo++)
		if (c->ms->v[lo].kind == CLIENT_MARK_DIRECTIVE)
			return 1;
	return 0;
}

/* The state of a mariadb reading that spans events. */
struct maria_pass {
	struct maria_lex	 lx;
	struct maria_blocks	 b;
	int			 primary;
	size_t			 want_dir;	/* a directive mark's off + 1 */
	size_t			 ntok;		/* tokens of the statement */
	int			 compound;	/* it is BEGIN NOT ATOMIC */
	size_t			 closed;	/* its blocks closed here + 1 */
};

/* A mark at the reader's position (primary reading). */
static int
maria_mark(const struct script_ctx *c, struct maria_pass *mp,
    const struct mark *m)
{
	char *msg;

	if (m->kind == CLIENT_MARK_DIRECTIVE)
		mp->want_dir = m->off + 1;
	if (m->kind != CLIENT_MARK_STATEMENT || maria_lex_between(&mp->lx))
		return 1;
	msg = xasprintf("a statement of the frame starts here while the "
	    "mariadb client reads %s", maria_lex_open_what(&mp->lx) ?
	    maria_lex_open_what(&mp->lx) : "the statement before it (no ';' "
	    "or delimiter ends it)");
	script_problem(c, m->off, msg);
	free(msg);
	return 0;
}

/* A token of a client statement: BEGIN NOT ATOMIC ... END's blocks. */
static int
maria_token(const struct script_ctx *c, struct maria_pass *mp,
    const struct maria_event *e)
{
	static const char *const head[] = { "begin", "not", "atomic" };
	const char *w = c->s + e->off;

	if (mp->ntok < 3 && !(e->len == strlen(head[mp->ntok]) &&
	    strncasecmp(w, head[mp->ntok], e->len) == 0))
		mp->ntok = 4;
	else if (++mp->ntok == 3)
		mp->compound = 1;
	if (mp->closed)
		return script_problem(c, mp->closed - 1, "the compound statement "
		    "that the frame starts with BEGIN NOT ATOMIC ends here, "
		    "before its last END, as the server reads it");
	maria_blocks_token(&mp->b, c->s, e->off, e->len);
	if (mp->compound && mp->b.why != NULL)
		return script_problem(c, mp->b.bad, mp->b.why);
	if (mp->compound && mp->b.opened && mp->b.depth == 0 &&
	    !mp->b.pend_end)
		mp->closed = e->off + 1;
	return 1;
}

/* A client statement ends (the delimiter at e->off). */
static int
maria_delim(const struct script_ctx *c, struct maria_pass *mp,
    const struct maria_event *e)
{
	if (e->cmd && !directive_mark_at(c, e->stmt))
		return stray_command(c, CLIENT_MARIADB, e->stmt);
	if (mp->primary && mp->compound) {
		maria_blocks_finish(&mp->b, 1);
		if (mp->b.why != NULL)
			return script_problem(c, mp->b.bad, mp->b.why);
	}
	maria_blocks_init(&mp->b);
	mp->ntok = 0;
	mp->compound = 0;
	mp->closed = 0;
	return 1;
}

/* One event of a mariadb reading. */
static int
maria_event(const struct script_ctx *c, struct maria_pass *mp,
    const struct maria_event *e)
{
	if (mp->want_dir != 0 && ((e->ev != ME_LINECMD &&
	    e->ev != ME_BACKSLASH) || e->off + 1 != mp->want_dir) &&
	    e->ev != ME_NONE)
		return script_problem(c, mp->want_dir - 1, "a directive of the "
		    "frame is not where the mariadb client would run it");
	if (e->ev != ME_NONE)
		mp->want_dir = 0;
	switch (e->ev) {
	case ME_LINECMD:
		if (!directive_mark_at(c, e->off))
			return stray_command(c, CLIENT_MARIADB, e->off);
		return !mp->primary || directive(c, e->off);
	case ME_BACKSLASH:	/* the frame's \- (sandbox) only */
		if (!directive_mark_at(c, e->off))
			return stray_command(c, CLIENT_MARIADB, e->off);
		return directive(c, e->off);
	case ME_DELIM:
		return maria_delim(c, mp, e);
	case ME_EXEC:
		return !mp->primary || script_problem(c, e->off, "the mariadb "
		    "client would read an executable comment (/*! or /*M!) "
		    "here");
	case ME_TOKEN:
		return !mp->primary || maria_token(c, mp, e);
	default:
		return 1;
	}
}

/*
 * The mariadb client's reading of the script, with backslash escapes in
 * strings (escapes) and ANSI_QUOTES (ansi); primary: the reading the
 * frame sets up, checked in full; else only for commands and the end.
 */
static int
maria_script_pass(const struct script_ctx *c, int escapes, int ansi,
    int primary)
{
	struct maria_pass mp;
	struct maria_event e;
	size_t mi = 0;

	memset(&mp, 0, sizeof mp);
	mp.primary = primary;
	maria_lex_init(&mp.lx, c->s, c->len, escapes, ansi, ";");
	maria_blocks_init(&mp.b);
	for (;;) {
		for (; primary && mi < c->ms->n && c->ms->v[mi].off <=
		    mp.lx.pos; mi++) {
			if (c->ms->v[mi].off < mp.lx.pos)
				return script_problem(c, c->ms->v[mi].off, "a "
				    "statement or directive of the frame starts "
				    "inside a token or a comment");
			if (!maria_mark(c, &mp, &c->ms->v[mi]))
				return 0;
		}
		maria_lex_next(&mp.lx, &e);
		if (e.ev == ME_END)
			break;
		if (!maria_event(c, &mp, &e))
			return 0;
	}
	if (mp.want_dir != 0)
		return script_problem(c, mp.want_dir - 1, "a directive of the "
		    "frame is not where the mariadb client would run it");
	if (maria_lex_open_what(&mp.lx) != NULL || !mp.lx.empty)
		return script_problem(c, maria_lex_open_what(&mp.lx) ?
		    mp.lx.open_at : mp.lx.stmt_at, "the script ends while the "
		    "mariadb client is still inside a statement, a quote or a "
		    "comment that starts here");
	return 1;
}

/*
 * Writes line (and a line break) at each of the n offsets at of sb, in
 * place, with a directive mark for each, and moves the marks after them.
 */
static void
insert_lines(struct strbuf *sb, struct marks *ms, const size_t *at,
    size_t n, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	struct marks nm = { NULL, 0, 0 };
	size_t len = strlen(line) + 1, i, j = 0, from = 0;

	for (i = 0; i <= n; i++) {
		size_t to = i < n ? at[i] : sb->len;

		strbuf_addn(&out, sb->buf + from, to - from);
		/* Marks up to here, moved by the lines written before. */
		for (; j < ms->n && ms->v[j].off < to + (i == n); j++)
			marks_push(&nm, ms->v[j].off + i * len, ms->v[j].kind,
			    ms->v[j].step);
		if (i == n)
			break;
		marks_push(&nm, out.len, CLIENT_MARK_DIRECTIVE, 0);
		strbuf_adds(&out, line);
		strbuf_addc(&out, '\n');
		from = to;
	}
	for (; j < ms->n; j++)
		marks_push(&nm, ms->v[j].off + n * len, ms->v[j].kind,
		    ms->v[j].step);
	strbuf_free(sb);
	*sb = out;
	free(ms->v);
	*ms = nm;
}

/* psql's readings: standard strings on, off where it differs, encodings. */
static int
psql_passes(struct script_ctx *c, struct strbuf *script, struct marks *ms,
    const char *reset)
{
	size_t *at = NULL, nat = 0, bad;
	int saw = 0;

	if (reset != NULL) {
		enc_plan(c->s, c->len, 0, &at, &nat);
		if (nat > 0) {
			insert_lines(script, ms, at, nat, reset);
			c->s = strbuf_str(script);
			c->len = script->len;
		}
		free(at);
	}
	if (!psql_pass(c, 1, &saw) || (saw && !psql_pass(c, 0, &saw)) ||
	    !sqlite_pass(c, 0))
		return 0;
	if ((bad = enc_check(c->s, c->len)) != (size_t)-1)
		return script_problem(c, bad, "psql could read this line in "
		    "another client encoding than UTF-8, which a statement "
		    "before it may have set, and read it differently");
	return 1;
}

int
client_check_script(enum client_kind k, struct strbuf *script,
    const char *const *steps, size_t nsteps, const char *reset,
    struct client_problem *p)
{
	struct marks ms = { NULL, 0, 0 };
	struct script_ctx c;
	size_t bad;
	int ok;

	if (!strip_marks(script, &ms, p)) {
		free(ms.v);
		return 0;
	}
	c = (struct script_ctx){ k, strbuf_str(script), script->len, &ms,
	    steps, nsteps, p };
	if ((bad = utf8_valid(c.s, c.len)) != (size_t)-1)
		ok = script_problem(&c, bad, "the script would hold bytes that "
		    "are not UTF-8");
	else if (k == CLIENT_PSQL)
		ok = psql_passes(&c, script, &ms, reset);
	else if (k == CLIENT_MARIADB)
		ok = maria_script_pass(&c, 1, 0, 1) &&
		    maria_script_pass(&c, 1, 1, 0) &&
		    maria_script_pass(&c, 0, 0, 0) && sqlite_pass(&c, 0);
	else
		ok = sqlite_pass(&c, 1) && psql_cross_pass(&c);
	free(ms.v);
	return ok;
}

/* ---- templates ---------------------------------------------------------- */

static void
cmds_push(struct client_command **cmds, size_t *n, size_t off,
    enum client_kind by, int allowed)
{
	*cmds = xrealloc(*cmds, (*n + 1) * sizeof **cmds);
	(*cmds)[(*n)++] = (struct client_command){ off, by, allowed };
}

/* psql's reading of a template; cross: another client's. */
static int
psql_template(const char *text, unsigned flags, int cross,
    struct client_command **cmds, size_t *ncmds, struct client_problem *p)
{
	struct psql_lex lx;
	struct psql_event e;
	size_t n = strlen(text);

	psql_lex_init(&lx, text, n, 1);
	for (;;) {
		psql_lex_next(&lx, (size_t)-1, &e);
		switch (e.ev) {
		case PE_BACKSLASH:
			cmds_push(cmds, ncmds, e.off, CLIENT_PSQL, !cross &&
			    client_directive_refused(CLIENT_PSQL, text + e.off,
			    0) == NULL);
			psql_lex_skip_command(&lx);
			break;
		case PE_VARIABLE:
			if (cross)
				break;
			client_problem_set(p, text, e.off, "psql would substitute "
			    "a variable here; a frame may use its variables only "
			    "in \\if");
			return 0;
		case PE_QUOTE_BACKSLASH:
		case PE_RPAREN:
		case PE_JUNK:
			if (cross)
				break;
			client_problem_set(p, text, e.off, "psql would read this "
			    "differently from migsql (%s)", e.ev == PE_RPAREN ?
			    "a ')' closes nothing" : e.ev == PE_JUNK ? "a number "
			    "run into letters" : "a backslash before a quote");
			return 0;
		case PE_END:
			if (cross)
				return 1;
			if ((lx.st != PS_INITIAL || lx.paren > 0) &&
			    !((flags & CLIENT_TPL_COMMENT) && lx.comment_at_end)) {
				client_problem_set(p, text, lx.st != PS_INITIAL ?
				    lx.open_at : n, "the template ends inside %s",
				    psql_lex_open_what(&lx) ?
				    psql_lex_open_what(&lx) : "a parenthesis");
				return 0;
			}
			if ((flags & CLIENT_TPL_STATEMENT) &&
			    !psql_lex_at_boundary(&lx)) {
				client_problem_set(p, text, lx.stmt_at, "the "
				    "statement that starts here does not end in the "
				    "template (a ';' is missing): psql would read "
				    "what follows it in the script as part of it");
				return 0;
			}
			return 1;
		default:
			break;
		}
	}
}

/* The sqlite3 shell's reading of a template; cross: another client's. */
static int
sqlite_template(const char *text, unsigned flags, int cross,
    struct client_command **cmds, size_t *ncmds, struct client_problem *p)
{
	struct sqlite_sim ss;
	struct sqlite_line ln;
	struct client_sql_shape shape;

	sqlite_sim_init(&ss, text, strlen(text));
	while (sqlite_sim_line(&ss, &ln))
		if (ln.dot)
			cmds_push(cmds, ncmds, ln.start, CLIENT_SQLITE3, !cross &&
			    client_directive_refused(CLIENT_SQLITE3, text +
			    ln.start, 0) == NULL);
	sqlite_sim_free(&ss);
	if (cross)
		return 1;
	if (!client_sqlite_closed(text, &shape, p))
		return 0;
	if (shape.ends_in_line_comment && !(flags & CLIENT_TPL_COMMENT)) {
		client_problem_set(p, text, strlen(text), "the template ends "
		    "inside a -- comment");
		return 0;
	}
	if (flags & CLIENT_TPL_STATEMENT) {
		struct strbuf sb = STRBUF_INIT;
		int whole;

		strbuf_adds(&sb, text);
		strbuf_addc(&sb, '\n');
		whole = sqlite_read_whole(sb.buf, sb.len);
		strbuf_free(&sb);
		if (!whole) {
			client_problem_set(p, text, strlen(text), "the template "
			    "ends inside a statement (a ';' is missing): the "
			    "sqlite3 shell would read what follows it in the "
			    "script as part of it");
			return 0;
		}
	}
	return 1;
}

/*
 * The mariadb client's reading of a template (escapes on, as the frame
 * sets them) from delimiter delim: its commands into *cmds (not those
 * at an offset already in (*cmds)[from, to): an earlier reading's), and
 * whether it ends closed (judged only when judge is set).
 */
static int
maria_template_as(const char *text, unsigned flags, const char *delim,
    int judge, struct client_command **cmds, size_t *ncmds, size_t from,
    size_t to, struct client_problem *p)
{
	struct maria_lex lx;
	struct maria_event e;
	size_t n = strlen(text), k;

	maria_lex_init(&lx, text, n, 1, 0, delim);
	for (;;) {
		size_t at;
		int ok;

		maria_lex_next(&lx, &e);
		if (e.ev == ME_END)
			break;
		if (e.ev == ME_LINECMD || e.ev == ME_BACKSLASH ||
		    (e.ev == ME_DELIM && e.cmd)) {
			at = e.ev == ME_DELIM ? e.stmt : e.off;
			ok = e.ev != ME_DELIM && (e.ev == ME_LINECMD ||
			    text[e.off + 1] == '-') &&
			    client_directive_refused(CLIENT_MARIADB, text + at,
			    0) == NULL;
			for (k = from; k < to && (*cmds)[k].off != at; k++)
				;
			if (k == to)
				cmds_push(cmds, ncmds, at, CLIENT_MARIADB, ok);
		} else if (e.ev == ME_EXEC || e.ev == ME_RPAREN ||
		    e.ev == ME_QUOTE_BACKSLASH) {
			client_problem_set(p, text, e.off, "the mariadb client "
			    "would read this differently from migsql (%s)",
			    e.ev == ME_EXEC ? "an executable comment" :
			    e.ev == ME_RPAREN ? "a ')' closes nothing" :
			    "a backslash before the quote that ends a string");
			return 0;
		}
	}
	if ((maria_lex_open_what(&lx) != NULL || lx.paren > 0) &&
	    !((flags & CLIENT_TPL_COMMENT) && lx.comment_at_end)) {
		client_problem_set(p, text, maria_lex_open_what(&lx) ?
		    lx.open_at : n, "the template ends inside %s",
		    maria_lex_open_what(&lx) ? maria_lex_open_what(&lx) :
		    "a parenthesis");
		return 0;
	}
	if (judge && (flags & CLIENT_TPL_STATEMENT) &&
	    !maria_lex_between(&lx)) {
		client_problem_set(p, text, lx.stmt_at, "the statement that "
		    "starts here does not end in the template (a ';' is "
		    "missing): the server would read what follows it in the "
		    "script as part of it");
		return 0;
	}
	return 1;
}

/*
 * A template read from both delimiters a frame uses: a command either
 * reading finds is reported (once).  Where it must end between statements, it
 * is judged from the one it is written for: ';' for a template that sets
 * the delimiter itself (the script frames, which start where the script
 * does), '$$' for the others (the parts, the checks and the statements
 * in them, which go where the frame has set it).
 */
static int
maria_template(const char *text, unsigned flags,
    struct client_command **cmds, size_t *ncmds, struct client_problem *p)
{
	int sets = strcasestr(text, "delimiter") != NULL;
	size_t base = *ncmds;

	return maria_template_as(text, flags, ";", sets, cmds, ncmds, base,
	    base, p) && maria_template_as(text, flags, "$$", !sets, cmds,
	    ncmds, base, *ncmds, p);
}

int
client_scan_template(enum client_kind k, const char *text, unsigned flags,
    struct client_command **cmds, size_t *ncmds, struct client_problem *p)
{
	if (k == CLIENT_PSQL)
		return psql_template(text, flags, 0, cmds, ncmds, p) &&
		    sqlite_template(text, flags, 1, cmds, ncmds, p);
	if (k == CLIENT_MARIADB)
		return maria_template(text, flags, cmds, ncmds, p) &&
		    sqlite_template(text, flags, 1, cmds, ncmds, p);
	return sqlite_template(text, flags, 0, cmds, ncmds, p) &&
	    psql_template(text, flags, 1, cmds, ncmds, p);
}

static int
m_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
client_in_line_comment(enum client_kind k, const char *text, size_t off)
{
	char *prefix = xstrndup(text, off);
	int rc;

	if (k == CLIENT_PSQL) {
		struct psql_lex lx;
		struct psql_event e;

		psql_lex_init(&lx, prefix, off, 1);
		do {
			psql_lex_next(&lx, (size_t)-1, &e);
			if (e.ev == PE_BACKSLASH)
				psql_lex_skip_command(&lx);
		} while (e.ev != PE_END);
		rc = lx.st == PS_INITIAL && lx.comment_at_end;
	} else if (k == CLIENT_MARIADB) {
		struct maria_lex lx;
		struct maria_event e;

		maria_lex_init(&lx, prefix, off, 1, 0, ";");
		do
			maria_lex_next(&lx, &e);
		while (e.ev != ME_END);
		/* "--" is a comment only before a blank (add_line()). */
		rc = lx.comment_at_end && (text[lx.comment_at] == '#' ||
		    m_blank(text[lx.comment_at + 2]));
	} else {
		struct client_sql_shape shape;
		struct client_problem p = { 0, 0, 0, NULL, 0 };

		rc = client_sqlite_closed(prefix, &shape, &p) &&
		    shape.ends_in_line_comment;
		client_problem_free(&p);
	}
	free(prefix);
	return rc;
}

void
client_dollar_tags(const char *text, char ***tags)
{
	struct psql_lex lx;
	struct psql_event e;
	size_t n = 0, i;

	while (*tags != NULL && (*tags)[n] != NULL)
		n++;
	psql_lex_init(&lx, text, strlen(text), 1);
	do {
		psql_lex_next(&lx, (size_t)-1, &e);
		if (e.ev == PE_BACKSLASH)
			psql_lex_skip_command(&lx);
		if (e.ev != PE_DOLQ)
			continue;
		for (i = 0; i < n; i++)
			if (strlen((*tags)[i]) == e.len &&
			    strncmp((*tags)[i], text + e.off, e.len) == 0)
				break;
		if (i < n)
			continue;
		*tags = xrealloc(*tags, (n + 2) * sizeof **tags);
		(*tags)[n++] = xstrndup(text + e.off, e.len);
		(*tags)[n] = NULL;
	} while (e.ev != PE_END);
}

int
client_at_boundary(enum client_kind k, const char *text, size_t off)
{
	size_t ls = off;
	int ok;

	while (ls > 0 && (text[ls - 1] == ' ' || text[ls - 1] == '\t'))
		ls--;
	if (ls > 0 && text[ls - 1] != '\n')
		return 0;
	if (k == CLIENT_PSQL) {
		struct psql_lex lx;
		struct psql_event e;

		psql_lex_init(&lx, text, strlen(text), 1);
		do {
			psql_lex_next(&lx, ls, &e);
			if (e.ev == PE_BACKSLASH)
				psql_lex_skip_command(&lx);
		} while (e.ev != PE_STOP && e.ev != PE_END &&
		    e.ev != PE_MIDTOKEN);
		return e.ev == PE_STOP && psql_lex_at_boundary(&lx);
	}
	if (k == CLIENT_MARIADB) {
		struct maria_lex lx;
		struct maria_event e;

		maria_lex_init(&lx, text, ls, 1, 0, ";");
		do
			maria_lex_next(&lx, &e);
		while (e.ev != ME_END);
		return lx.pos == ls && maria_lex_between(&lx);
	}
	ok = sqlite_read_whole(text, ls);
	return ok;
}
