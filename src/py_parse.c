/*
 * py_parse.c -- the Python 3 parser (py.h): "The Python Language
 * Reference" 3.11, chapters 6-8, by recursive descent over the tokens of
 * py_lex.c, building the tree of py.h in the module's arena.
 */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py_int.h"
#include "migsql/util.h"

/* What a PYE_OTHER or PYS_OTHER is: compared by address where it
   matters (a starred target), so each is written once. */
static const char W_STARRED[] = "a starred expression";
static const char W_STARARG[] = "a starred argument";
static const char W_DSTAR[] = "a dict unpacking";
static const char W_WALRUS[] = "an assignment expression";
static const char W_SLICE[] = "a slice";

/* A token stream: the file's, or an f-string field's. */
struct stream {
	struct py_lexer	*lx;
	struct py_tok	*toks;
	size_t		 ntoks, cap, pos;
	int		 in_arena;	/* toks is in the arena (a field's) */
};

struct parser {
	struct py_ctx	*c;
	struct stream	*s;		/* the current one */
	struct stream	 main;		/* the file's */
	/* One stack for every list being built (items, statements, ...):
	   a list is pushed, then copied into the arena and popped, so a
	   parse needs one growing array, not one per list. */
	void		**stk;
	size_t		 nstk, capstk;
};

static struct py_expr *expression(struct parser *);
static struct py_expr *named_expr(struct parser *);
static struct py_expr *star_exprs(struct parser *);
static struct py_expr *exprs_or_yield(struct parser *);
static struct py_expr *disjunction(struct parser *);
static struct py_expr *bitor(struct parser *);
static struct py_expr *factor(struct parser *);
static struct py_expr *strings(struct parser *);
static void statement(struct parser *);

/*
 * Tokens
 */

/*
 * The token k ahead; the pointer lasts until the next call (which may
 * move the array), and the tokens behind the current one are gone.
 */
static struct py_tok *
peek(struct parser *p, size_t k)
{
	struct stream *s = p->s;
	struct py_tok *t;

	while (s->ntoks <= s->pos + k) {
		if (s->ntoks == s->cap && s->pos > s->cap / 2) {
			/* Tokens behind pos are never read again: the array
			   holds the lookahead only, and stays small. */
			memmove(s->toks, s->toks + s->pos,
			    (s->ntoks - s->pos) * sizeof *t);
			s->ntoks -= s->pos;
			s->pos = 0;
		}
		if (s->ntoks == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 256;
			if (s->in_arena) {
				t = py_alloc(p->c->arena, s->cap * sizeof *t);
				if (s->ntoks > 0)
					memcpy(t, s->toks, s->ntoks * sizeof *t);
				s->toks = t;
			} else
				s->toks = xrealloc(s->toks, s->cap * sizeof *t);
		}
		py_lex_next(s->lx, &s->toks[s->ntoks++]);
	}
	return &s->toks[s->pos + k];
}

#define CUR(p)	peek((p), 0)

static struct py_tok
take(struct parser *p)
{
	struct py_tok t = *CUR(p);

	if (t.type != PT_EOF)
		p->s->pos++;
	return t;
}

static int
is_op(struct parser *p, size_t k, int op)
{
	struct py_tok *t = peek(p, k);

	return t->type == PT_OP && t->op == op;
}

static int
is_kw(struct parser *p, size_t k, int kw)
{
	struct py_tok *t = peek(p, k);

	return t->type == PT_NAME && t->kw == kw;
}

static int
is_type(struct parser *p, size_t k, int type)
{
	return peek(p, k)->type == type;
}

static struct loc
here(struct parser *p)
{
	return CUR(p)->loc;
}

static void
fail(struct parser *p, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void
fail(struct parser *p, const struct loc *l, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	py_fail(p->c, l, "%s", msg);
}

/* A syntax error at the current token, said as CPython would. */
static void
unexpected(struct parser *p) __attribute__((noreturn));

static void
unexpected(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;

	if (t->type == PT_INDENT)
		fail(p, &l, "unexpected indent");
	if (t->type == PT_EOF || t->type == PT_DEDENT)
		fail(p, &l, "unexpected end of file");
	fail(p, &l, "invalid syntax");
}

static void
expect_op(struct parser *p, int op, const char *spelled)
{
	struct loc l;

	if (is_op(p, 0, op)) {
		p->s->pos++;
		return;
	}
	if (CUR(p)->type == PT_INDENT)
		unexpected(p);
	l = here(p);
	fail(p, &l, "expected '%s'", spelled);
}

static const char *
expect_name(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;

	if (t->type != PT_NAME || t->kw != KW_NONE) {
		if (t->type == PT_NAME)
			fail(p, &l, "invalid syntax: '%s' is a keyword", t->s);
		fail(p, &l, "expected a name");
	}
	p->s->pos++;
	return t->s;
}

static void
enter(struct parser *p, const struct loc *l)
{
	if (++p->c->depth > PY_MAX_DEPTH)
		fail(p, l, "nested too deeply (more than %d levels)",
		    PY_MAX_DEPTH);
}

static void
leave(struct parser *p)
{
	p->c->depth--;
}

/*
 * Building
 */

static void
push(struct parser *p, void *v)
{
	if (p->nstk == p->capstk) {
		p->capstk = p->capstk ? p->capstk * 2 : 256;
		p->stk = xrealloc(p->stk, p->capstk * sizeof *p->stk);
	}
	p->stk[p->nstk++] = v;
}

/* The list pushed since mark, copied into the arena, and popped. */
static void **
collect(struct parser *p, size_t mark, size_t *n)
{
	void **v;

	*n = p->nstk - mark;
	if (*n == 0)
		return NULL;
	v = py_alloc(p->c->arena, *n * sizeof *v);
	memcpy(v, p->stk + mark, *n * sizeof *v);
	p->nstk = mark;
	return v;
}

static struct py_expr *
new_expr(struct parser *p, int kind, const struct loc *l)
{
	struct py_expr *e = py_alloc(p->c->arena, sizeof *e);

	e->kind = kind;
	e->loc = *l;
	return e;
}

static struct py_expr *
new_other(struct parser *p, const char *what, const struct loc *l,
    struct py_expr *a)
{
	struct py_expr *e = new_expr(p, PYE_OTHER, l);

	e->s = what;
	e->len = strlen(what);
	e->a = a;
	return e;
}

static struct py_stmt *
new_stmt(struct parser *p, int kind, const struct loc *l)
{
	struct py_stmt *st = py_alloc(p->c->arena, sizeof *st);

	st->kind = kind;
	st->loc = *l;
	return st;
}

static struct py_stmt *
new_other_stmt(struct parser *p, const char *what, const struct loc *l)
{
	struct py_stmt *st = new_stmt(p, PYS_OTHER, l);

	st->what = what;
	return st;
}

/* Whether the current token can begin an expression. */
static int
starts_expr(struct parser *p)
{
	struct py_tok *t = CUR(p);

	switch (t->type) {
	case PT_NAME:
		return t->kw == KW_NONE || t->kw == KW_TRUE ||
		    t->kw == KW_FALSE || t->kw == KW_NONE_ || t->kw == KW_NOT ||
		    t->kw == KW_LAMBDA || t->kw == KW_AWAIT;
	case PT_NUMBER:
	case PT_STRING:
		return 1;
	case PT_OP:
		return t->op == '(' || t->op == '[' || t->op == '{' ||
		    t->op == '-' || t->op == '+' || t->op == '~' ||
		    t->op == '*' || t->op == OP_ELLIPSIS;
	}
	return 0;
}

/*
 * Atoms
 */

static struct py_expr *
number(struct parser *p)
{
	struct py_tok t = take(p);
	struct py_expr *e = new_expr(p, t.numkind, &t.loc);
	unsigned long long v = 0;
	const char *s;

	e->s = t.s;
	e->len = t.len;
	if (t.numkind != PYE_INT)
		return e;
	for (s = t.s; *s != '\0'; s++) {
		if (v > ((unsigned long long)LLONG_MAX - (unsigned)(*s - '0')) / 10) {
			e->ival_overflow = 1;
			return e;
		}
		v = v * 10 + (unsigned)(*s - '0');
	}
	e->ival = (long long)v;
	return e;
}

/* The clauses of a comprehension: for ... in ... [if ...] ... */
static void
comp_clauses(struct parser *p)
{
	struct py_expr *t;
	size_t mark;

	while (is_kw(p, 0, KW_FOR) || (is_kw(p, 0, KW_ASYNC) &&
	    is_kw(p, 1, KW_FOR))) {
		if (is_kw(p, 0, KW_ASYNC))
			p->s->pos++;
		p->s->pos++;
		mark = p->nstk;
		do {
			t = is_op(p, 0, '*') ? factor(p) : bitor(p);
			push(p, t);
		} while (is_op(p, 0, ',') && (p->s->pos++, !is_kw(p, 0, KW_IN)));
		p->nstk = mark;
		if (!is_kw(p, 0, KW_IN)) {
			struct loc l = here(p);

			fail(p, &l, "expected 'in'");
		}
		p->s->pos++;
		disjunction(p);
		while (is_kw(p, 0, KW_IF)) {
			p->s->pos++;
			disjunction(p);
		}
	}
}

static int
at_comp(struct parser *p)
{
	return is_kw(p, 0, KW_FOR) || (is_kw(p, 0, KW_ASYNC) &&
	    is_kw(p, 1, KW_FOR));
}

/* A list or set item: *x, or a named expression. */
static struct py_expr *
star_named(struct parser *p)
{
	struct loc l = here(p);

	if (is_op(p, 0, '*')) {
		p->s->pos++;
		return new_other(p, W_STARRED, &l, bitor(p));
	}
	return named_expr(p);
}

/* The items of a display up to close, the first already read. */
static void
display_items(struct parser *p, struct py_expr *first, int close,
    const char *spelled)
{
	push(p, first);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		if (is_op(p, 0, close))
			break;
		push(p, star_named(p));
	}
	expect_op(p, close, spelled);
}

static struct py_expr *
paren(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *first;
	size_t mark = p->nstk;

	p->s->pos++;
	if (is_op(p, 0, ')')) {
		p->s->pos++;
		return new_expr(p, PYE_TUPLE, &l);
	}
	if (is_kw(p, 0, KW_YIELD)) {
		e = exprs_or_yield(p);
		expect_op(p, ')', ")");
		return e;
	}
	first = star_named(p);
	if (at_comp(p)) {
		comp_clauses(p);
		expect_op(p, ')', ")");
		return new_other(p, "a generator expression", &l, NULL);
	}
	if (!is_op(p, 0, ',')) {
		expect_op(p, ')', ")");
		return first;
	}
	display_items(p, first, ')', ")");
	e = new_expr(p, PYE_TUPLE, &l);
	e->items = (struct py_expr **)collect(p, mark, &e->n);
	return e;
}

static struct py_expr *
list(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *first;
	size_t mark = p->nstk;

	p->s->pos++;
	e = new_expr(p, PYE_LIST, &l);
	if (is_op(p, 0, ']')) {
		p->s->pos++;
		return e;
	}
	first = star_named(p);
	if (at_comp(p)) {
		comp_clauses(p);
		expect_op(p, ']', "]");
		return new_other(p, "a list comprehension", &l, NULL);
	}
	display_items(p, first, ']', "]");
	e->items = (struct py_expr **)collect(p, mark, &e->n);
	return e;
}

/* One key: value (or **mapping) of a dict display, pushed as a pair. */
static void
dict_item(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *v;

	if (is_op(p, 0, OP_POW)) {
		p->s->pos++;
		v = bitor(p);
		push(p, new_other(p, W_DSTAR, &l, v));
		push(p, v);
		return;
	}
	push(p, expression(p));
	expect_op(p, ':', ":");
	push(p, expression(p));
}

static struct py_expr *
brace(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *first = NULL;
	size_t mark = p->nstk;

	p->s->pos++;
	if (is_op(p, 0, '}')) {
		p->s->pos++;
		return new_expr(p, PYE_DICT, &l);
	}
	if (is_op(p, 0, OP_POW) || (!is_op(p, 0, '*') &&
	    (first = named_expr(p), is_op(p, 0, ':')))) {
		/* A dict. */
		if (is_op(p, 0, OP_POW))
			dict_item(p);
		else {
			p->s->pos++;
			push(p, first);
			push(p, expression(p));
		}
		if (at_comp(p)) {
			comp_clauses(p);
			expect_op(p, '}', "}");
			p->nstk = mark;
			return new_other(p, "a dict comprehension", &l, NULL);
		}
		while (is_op(p, 0, ',')) {
			p->s->pos++;
			if (is_op(p, 0, '}'))
				break;
			dict_item(p);
		}
		expect_op(p, '}', "}");
		e = new_expr(p, PYE_DICT, &l);
		e->items = (struct py_expr **)collect(p, mark, &e->n);
		return e;
	}
	if (is_op(p, 0, '*'))
		first = star_named(p);
	if (at_comp(p)) {
		comp_clauses(p);
		expect_op(p, '}', "}");
		return new_other(p, "a set comprehension", &l, NULL);
	}
	display_items(p, first, '}', "}");
	e = new_expr(p, PYE_SET, &l);
	e->items = (struct py_expr **)collect(p, mark, &e->n);
	return e;
}

static struct py_expr *
atom(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;
	struct py_expr *e;

	switch (t->type) {
	case PT_NUMBER:
		return number(p);
	case PT_STRING:
		return strings(p);
	case PT_OP:
		switch (t->op) {
		case '(':
			return paren(p);
		case '[':
			return list(p);
		case '{':
			return brace(p);
		case OP_ELLIPSIS:
			p->s->pos++;
			return new_expr(p, PYE_ELLIPSIS, &l);
		}
		break;
	case PT_NAME:
		switch (t->kw) {
		case KW_NONE:
			e = new_expr(p, PYE_NAME, &l);
			e->s = t->s;
			e->len = t->len;
			p->s->pos++;
			return e;
		case KW_NONE_:
			p->s->pos++;
			return new_expr(p, PYE_NONE, &l);
		case KW_TRUE:
		case KW_FALSE:
			e = new_expr(p, PYE_BOOL, &l);
			e->ival = t->kw == KW_TRUE;
			p->s->pos++;
			return e;
		}
		break;
	}
	unexpected(p);
}

/*
 * Primaries: calls, subscripts, attributes
 */

/* Marks a positional argument among the (name, value) pairs of a call. */
static const char POSITIONAL[] = "";

static void
call_arg(struct parser *p, int *nkw, int *ndstar, size_t nargs)
{
	struct loc l = here(p);
	struct py_expr *e;
	const char *name;

	if (is_op(p, 0, OP_POW)) {
		p->s->pos++;
		push(p, NULL);
		push(p, expression(p));
		(*ndstar)++;
		return;
	}
	if (CUR(p)->type == PT_NAME && CUR(p)->kw == KW_NONE &&
	    is_op(p, 1, '=')) {
		name = take(p).s;
		p->s->pos++;
		push(p, (void *)name);
		push(p, expression(p));
		(*nkw)++;
		return;
	}
	if (is_op(p, 0, '*')) {
		p->s->pos++;
		e = new_other(p, W_STARARG, &l, expression(p));
	} else {
		if (*ndstar > 0)
			fail(p, &l, "positional argument follows keyword"
			    " argument unpacking");
		if (*nkw > 0)
			fail(p, &l, "positional argument follows keyword"
			    " argument");
		e = named_expr(p);
		if (at_comp(p)) {
			comp_clauses(p);
			if (nargs > 0 || !is_op(p, 0, ')'))
				fail(p, &l, "generator expression must be"
				    " parenthesized");
			e = new_other(p, "a generator expression", &l, NULL);
		}
	}
	push(p, (void *)POSITIONAL);
	push(p, e);
}

/* The arguments of a call, '(' current, into e. */
static void
call_args(struct parser *p, struct py_expr *e)
{
	size_t mark = p->nstk, i, j, k, n;
	int nkw = 0, ndstar = 0;
	void **v;

	p->s->pos++;
	while (!is_op(p, 0, ')')) {
		call_arg(p, &nkw, &ndstar, (p->nstk - mark) / 2);
		if (!is_op(p, 0, ','))
			break;
		p->s->pos++;
	}
	expect_op(p, ')', ")");
	v = collect(p, mark, &n);
	e->items = py_alloc(p->c->arena, (n / 2 + 1) * sizeof *e->items);
	e->kwnames = py_alloc(p->c->arena, (n / 2 + 1) * sizeof *e->kwnames);
	e->kwargs = py_alloc(p->c->arena, (n / 2 + 1) * sizeof *e->kwargs);
	for (i = 0; i < n; i += 2) {
		if (v[i] == POSITIONAL) {
			e->items[e->n++] = v[i + 1];
			continue;
		}
		for (j = 0, k = e->nkw; v[i] != NULL && j < k; j++)
			if (e->kwnames[j] != NULL &&
			    strcmp(e->kwnames[j], v[i]) == 0)
				fail(p, &((struct py_expr *)v[i + 1])->loc,
				    "keyword argument repeated: %s",
				    (const char *)v[i]);
		e->kwnames[e->nkw] = v[i];
		e->kwargs[e->nkw++] = v[i + 1];
	}
}

/* One subscript item: an expression or a slice. */
static struct py_expr *
slice(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e = NULL;

	if (is_op(p, 0, '*'))
		return star_named(p);
	if (!is_op(p, 0, ':')) {
		e = named_expr(p);
		if (!is_op(p, 0, ':'))
			return e;
	}
	p->s->pos++;
	if (!is_op(p, 0, ':') && !is_op(p, 0, ',') && !is_op(p, 0, ']'))
		expression(p);
	if (is_op(p, 0, ':')) {
		p->s->pos++;
		if (!is_op(p, 0, ',') && !is_op(p, 0, ']'))
			expression(p);
	}
	return new_other(p, W_SLICE, &l, e);
}

static struct py_expr *
subscript(struct parser *p, struct py_expr *a)
{
	struct py_expr *e = new_expr(p, PYE_SUBSCRIPT, &a->loc), *first, *t;
	size_t mark = p->nstk;
	struct loc l;

	p->s->pos++;
	l = here(p);
	e->a = a;
	first = slice(p);
	if (!is_op(p, 0, ',')) {
		expect_op(p, ']', "]");
		e->b = first;
		return e;
	}
	push(p, first);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		if (is_op(p, 0, ']'))
			break;
		push(p, slice(p));
	}
	expect_op(p, ']', "]");
	t = new_expr(p, PYE_TUPLE, &l);
	t->items = (struct py_expr **)collect(p, mark, &t->n);
	e->b = t;
	return e;
}

static struct py_expr *
primary(struct parser *p)
{
	struct py_expr *e = atom(p), *x;

	for (;;) {
		if (is_op(p, 0, '.')) {
			p->s->pos++;
			x = new_expr(p, PYE_ATTR, &e->loc);
			x->a = e;
			x->s = expect_name(p);
			x->len = strlen(x->s);
			e = x;
		} else if (is_op(p, 0, '(')) {
			x = new_expr(p, PYE_CALL, &e->loc);
			x->a = e;
			call_args(p, x);
			e = x;
		} else if (is_op(p, 0, '['))
			e = subscript(p, e);
		else
			return e;
	}
}

/*
 * Operators, by precedence (section 6.17)
 */

static struct py_expr *
power(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *x;

	if (is_kw(p, 0, KW_AWAIT)) {
		p->s->pos++;
		e = new_other(p, "an await", &l, primary(p));
	} else
		e = primary(p);
	if (!is_op(p, 0, OP_POW))
		return e;
	p->s->pos++;
	x = new_expr(p, PYE_BINOP, &l);
	x->op = PY_OP_POW;
	x->a = e;
	x->b = factor(p);
	return x;
}

static struct py_expr *
factor(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e;
	int op;

	if (!is_op(p, 0, '-') && !is_op(p, 0, '+') && !is_op(p, 0, '~'))
		return power(p);
	op = take(p).op;
	enter(p, &l);
	e = new_expr(p, PYE_UNARY, &l);
	e->op = op;
	e->a = factor(p);
	leave(p);
	return e;
}

/* The PY_OP_* code of the current token at binary level lvl, or 0. */
static int
binop_at(struct parser *p, int lvl)
{
	struct py_tok *t = CUR(p);

	if (t->type != PT_OP)
		return 0;
	switch (lvl) {
	case 0: return t->op == '|' ? PY_OP_OR : 0;
	case 1: return t->op == '^' ? PY_OP_XOR : 0;
	case 2: return t->op == '&' ? PY_OP_AND : 0;
	case 3:
		return t->op == OP_LSHIFT ? PY_OP_LSHIFT :
		    t->op == OP_RSHIFT ? PY_OP_RSHIFT : 0;
	case 4: return t->op == '+' || t->op == '-' ? t->op : 0;
	default:
		if (t->op == '*' || t->op == '/' || t->op == '%' || t->op == '@')
			return t->op;
		return t->op == OP_FLOORDIV ? PY_OP_FLOORDIV : 0;
	}
}

static struct py_expr *
binary(struct parser *p, int lvl)
{
	struct py_expr *e, *x;
	int op;

	e = lvl == 5 ? factor(p) : binary(p, lvl + 1);
	while ((op = binop_at(p, lvl)) != 0) {
		p->s->pos++;
		x = new_expr(p, PYE_BINOP, &e->loc);
		x->op = op;
		x->a = e;
		x->b = lvl == 5 ? factor(p) : binary(p, lvl + 1);
		e = x;
	}
	return e;
}

static struct py_expr *
bitor(struct parser *p)
{
	return binary(p, 0);
}

/* The PY_CMP_* code at the current token (consumed), or 0. */
static int
compare_op(struct parser *p)
{
	struct py_tok *t = CUR(p);
	int cmp = 0;

	if (t->type == PT_OP)
		switch (t->op) {
		case OP_EQ: cmp = PY_CMP_EQ; break;
		case OP_NE: cmp = PY_CMP_NE; break;
		case '<': cmp = PY_CMP_LT; break;
		case OP_LE: cmp = PY_CMP_LE; break;
		case '>': cmp = PY_CMP_GT; break;
		case OP_GE: cmp = PY_CMP_GE; break;
		}
	else if (t->type == PT_NAME && t->kw == KW_IN)
		cmp = PY_CMP_IN;
	else if (t->type == PT_NAME && t->kw == KW_IS) {
		if (is_kw(p, 1, KW_NOT)) {
			p->s->pos += 2;
			return PY_CMP_IS_NOT;
		}
		cmp = PY_CMP_IS;
	} else if (t->type == PT_NAME && t->kw == KW_NOT && is_kw(p, 1, KW_IN)) {
		p->s->pos += 2;
		return PY_CMP_NOT_IN;
	}
	if (cmp != 0)
		p->s->pos++;
	return cmp;
}

static struct py_expr *
comparison(struct parser *p)
{
	struct py_expr *e = bitor(p), *x;
	size_t mark = p->nstk, n, i;
	int cmp;
	void **v;

	if ((cmp = compare_op(p)) == 0)
		return e;
	x = new_expr(p, PYE_COMPARE, &e->loc);
	push(p, e);
	do {
		push(p, (void *)(intptr_t)cmp);
		push(p, bitor(p));
	} while ((cmp = compare_op(p)) != 0);
	v = collect(p, mark, &n);
	x->n = n / 2 + 1;
	x->items = py_alloc(p->c->arena, x->n * sizeof *x->items);
	x->cmps = py_alloc(p->c->arena, (x->n - 1) * sizeof *x->cmps);
	x->items[0] = v[0];
	for (i = 1; i < n; i += 2) {
		x->cmps[i / 2] = (int)(intptr_t)v[i];
		x->items[i / 2 + 1] = v[i + 1];
	}
	return x;
}

static struct py_expr *
inversion(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e;

	if (!is_kw(p, 0, KW_NOT))
		return comparison(p);
	p->s->pos++;
	enter(p, &l);
	e = new_expr(p, PYE_UNARY, &l);
	e->op = 'n';
	e->a = inversion(p);
	leave(p);
	return e;
}

/* and (kw KW_AND, op 'a') or or (KW_OR, 'o') over sub-expressions. */
static struct py_expr *
boolop(struct parser *p, int kw)
{
	struct py_expr *e, *x;
	size_t mark = p->nstk;

	e = kw == KW_OR ? boolop(p, KW_AND) : inversion(p);
	if (!is_kw(p, 0, kw))
		return e;
	x = new_expr(p, PYE_BOOLOP, &e->loc);
	x->op = kw == KW_OR ? 'o' : 'a';
	push(p, e);
	while (is_kw(p, 0, kw)) {
		p->s->pos++;
		push(p, kw == KW_OR ? boolop(p, KW_AND) : inversion(p));
	}
	x->items = (struct py_expr **)collect(p, mark, &x->n);
	return x;
}

static struct py_expr *
disjunction(struct parser *p)
{
	return boolop(p, KW_OR);
}

/*
 * Expressions (sections 6.12-6.15)
 */

/* The parameters of a def (up to ')') or a lambda (up to ':'). */
static struct py_param *
params(struct parser *p, int lambda, size_t *np)
{
	size_t mark = p->nstk, i, j, n;
	int close = lambda ? ':' : ')', star = 0, dflt = 0, dstar = 0;
	int bare = 0;
	struct py_param *pa, *out;
	struct loc l;
	void **v;

	while (!is_op(p, 0, close)) {
		l = here(p);
		if (dstar)
			fail(p, &l, "arguments cannot follow var-keyword argument");
		if (is_op(p, 0, '/')) {
			if (star || p->nstk == mark)
				fail(p, &l, star ? "/ must be ahead of *" :
				    "at least one argument must precede /");
			for (i = mark; i < p->nstk; i++) {
				if (((struct py_param *)p->stk[i])->posonly)
					fail(p, &l, "/ may appear only once");
				((struct py_param *)p->stk[i])->posonly = 1;
			}
			p->s->pos++;
			goto next;
		}
		pa = py_alloc(p->c->arena, sizeof *pa);
		pa->loc = l;
		if (is_op(p, 0, '*') || is_op(p, 0, OP_POW)) {
			pa->star = is_op(p, 0, '*') ? 1 : 2;
			if (pa->star == 1 && star)
				fail(p, &l, "* argument may appear only once");
			p->s->pos++;
			if (pa->star == 1 && (is_op(p, 0, ',') ||
			    is_op(p, 0, close))) {
				star = bare = 1;
				goto next;
			}
			if (pa->star == 2 && bare)
				fail(p, &l, "named arguments must follow bare *");
			star = 1;
			dstar = pa->star == 2;
		}
		pa->name = expect_name(p);
		pa->kwonly = star && pa->star == 0;
		if (!lambda && is_op(p, 0, ':')) {
			p->s->pos++;
			pa->annotation = pa->star == 1 && is_op(p, 0, '*') ?
			    star_named(p) : expression(p);
		}
		if (pa->star == 0 && is_op(p, 0, '=')) {
			p->s->pos++;
			pa->default_ = expression(p);
			dflt = 1;
		} else if (pa->star == 0 && dflt && !star)
			fail(p, &l, "non-default argument follows default"
			    " argument");
		if (pa->star == 0)
			bare = 0;
		push(p, pa);
next:
		if (!is_op(p, 0, ','))
			break;
		p->s->pos++;
	}
	if (bare) {
		l = here(p);
		fail(p, &l, "named arguments must follow bare *");
	}
	v = collect(p, mark, &n);
	out = py_alloc(p->c->arena, (n + 1) * sizeof *out);
	for (i = 0; i < n; i++) {
		out[i] = *(struct py_param *)v[i];
		for (j = 0; j < i; j++)
			if (strcmp(out[j].name, out[i].name) == 0) {
				l = out[i].loc;
				fail(p, &l, "duplicate argument '%s' in function"
				    " definition", out[i].name);
			}
	}
	*np = n;
	return out;
}

static struct py_expr *
expression(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *x;
	size_t n;

	enter(p, &l);
	if (is_kw(p, 0, KW_LAMBDA)) {
		p->s->pos++;
		params(p, 1, &n);
		expect_op(p, ':', ":");
		e = new_other(p, "a lambda", &l, expression(p));
		leave(p);
		return e;
	}
	e = disjunction(p);
	if (is_kw(p, 0, KW_IF)) {
		p->s->pos++;
		x = new_expr(p, PYE_IFEXP, &e->loc);
		x->a = e;
		x->b = disjunction(p);
		if (!is_kw(p, 0, KW_ELSE)) {
			l = here(p);
			fail(p, &l, "expected 'else' after 'if' expression");
		}
		p->s->pos++;
		x->c = expression(p);
		e = x;
	}
	leave(p);
	return e;
}

static struct py_expr *
named_expr(struct parser *p)
{
	struct py_expr *e = expression(p), *x;

	if (!is_op(p, 0, OP_WALRUS))
		return e;
	if (e->kind != PYE_NAME)
		fail(p, &e->loc, "cannot use assignment expressions with %s",
		    py_expr_describe(e));
	p->s->pos++;
	x = new_other(p, W_WALRUS, &e->loc, e);
	x->b = expression(p);
	return x;
}

static struct py_expr *
star_expr(struct parser *p)
{
	struct loc l = here(p);

	if (is_op(p, 0, '*')) {
		p->s->pos++;
		return new_other(p, W_STARRED, &l, bitor(p));
	}
	return expression(p);
}

/* Expressions with commas: a tuple when there is a comma. */
static struct py_expr *
star_exprs(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *first = star_expr(p);
	size_t mark = p->nstk;

	if (!is_op(p, 0, ','))
		return first;
	push(p, first);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		if (!starts_expr(p))
			break;
		push(p, star_expr(p));
	}
	e = new_expr(p, PYE_TUPLE, &l);
	e->items = (struct py_expr **)collect(p, mark, &e->n);
	return e;
}

static struct py_expr *
exprs_or_yield(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *a = NULL;

	if (!is_kw(p, 0, KW_YIELD))
		return star_exprs(p);
	p->s->pos++;
	if (is_kw(p, 0, KW_FROM)) {
		p->s->pos++;
		a = expression(p);
	} else if (starts_expr(p))
		a = star_exprs(p);
	return new_other(p, "a yield expression", &l, a);
}

/*
 * Strings and f-strings (sections 2.4.2, 2.4.3)
 */

/* A running position in a string's body. */
struct fpos {
	const char	*s;
	unsigned	 line, col;
};

static void
fp_to(struct fpos *fp, const char *to)
{
	py_advance(fp->s, (size_t)(to - fp->s), &fp->line, &fp->col);
	fp->s = to;
}

static struct py_expr *
str_part(struct parser *p, const struct loc *l, const char *s, size_t len)
{
	struct py_expr *e = new_expr(p, PYE_STR, l);

	e->s = s;
	e->len = len;
	return e;
}

/* Pushes the literal text from fp->s to b, decoded unless raw. */
static void
flush_lit(struct parser *p, struct fpos *fp, const char *a, const char *b,
    int raw)
{
	struct loc l;
	const char *s;
	size_t len;

	if (b <= a)
		return;
	fp_to(fp, a);
	l.file = p->c->file;
	l.line = fp->line;
	l.col = fp->col;
	if (raw) {
		s = py_strndup(p->c->arena, a, (size_t)(b - a));
		len = (size_t)(b - a);
	} else
		s = py_decode(p->c, a, (size_t)(b - a), 0, fp->line, fp->col,
		    &len);
	if (len > 0)
		push(p, str_part(p, &l, s, len));
}

static const char *fstring_body(struct parser *, struct fpos *, const char *,
    int, int);

static struct loc
fp_loc(struct parser *p, struct fpos *fp, const char *at)
{
	struct loc l;

	fp_to(fp, at);
	l.file = p->c->file;
	l.line = fp->line;
	l.col = fp->col;
	return l;
}

/* The expression of a field from fp->s (after '{'), on its own tokens. */
static struct py_expr *
field_expr(struct parser *p, struct fpos *fp, const char *end,
    const char **q)
{
	struct stream *saved = p->s, sub;
	struct py_lexer sublx;
	struct py_expr *e;
	struct loc l = fp_loc(p, fp, fp->s);

	py_lex_init_fexpr(&sublx, p->c, fp->s, end, fp->line, fp->col);
	memset(&sub, 0, sizeof sub);
	sub.lx = &sublx;
	sub.in_arena = 1;
	p->s = &sub;
	if (is_type(p, 0, PT_EOF))
		fail(p, &l, "f-string: empty expression not allowed");
	e = exprs_or_yield(p);
	if (!is_type(p, 0, PT_EOF))
		unexpected(p);
	*q = sublx.p;
	p->s = saved;
	return e;
}

/* One {field} at fp->s ('{'); returns where it ends (after '}'). */
static const char *
fstring_field(struct parser *p, struct fpos *fp, const char *end, int raw)
{
	struct loc l = fp_loc(p, fp, fp->s), ql;
	const char *s = fp->s + 1, *q, *t;
	struct py_expr *f;
	size_t mark;
	int selfdoc = 0;

	enter(p, &l);
	f = new_expr(p, PYE_FORMATTED, &l);
	fp_to(fp, s);
	f->a = field_expr(p, fp, end, &q);
	if (q < end && *q == '=') {
		/* {x=}: the text, then the value's repr. */
		for (t = q + 1; t < end && (*t == ' ' || *t == '\t' ||
		    *t == '\n' || *t == '\f'); t++)
			;
		push(p, str_part(p, &f->a->loc, py_strndup(p->c->arena, s,
		    (size_t)(t - s)), (size_t)(t - s)));
		q = t;
		selfdoc = 1;
	}
	if (q < end && *q == '!') {
		if (q + 1 >= end || (q[1] != 's' && q[1] != 'r' && q[1] != 'a')) {
			ql = fp_loc(p, fp, q);
			fail(p, &ql, "f-string: invalid conversion character:"
			    " expected 's', 'r', or 'a'");
		}
		f->op = q[1];
		q += 2;
	}
	if (q < end && *q == ':') {
		fp_to(fp, q + 1);
		mark = p->nstk;
		f->b = new_expr(p, PYE_FSTRING, &l);
		q = fstring_body(p, fp, end, raw, 1);
		f->b->items = (struct py_expr **)collect(p, mark, &f->b->n);
	} else if (selfdoc && f->op == 0)
		f->op = 'r';
	if (q >= end || *q != '}') {
		ql = fp_loc(p, fp, q);
		fail(p, &ql, "f-string: expecting '}'");
	}
	push(p, f);
	leave(p);
	return q + 1;
}

/*
 * The literal text and fields of an f-string's body from fp->s, pushed;
 * in a format spec (spec) up to the '}' that ends it, which is returned.
 */
static const char *
fstring_body(struct parser *p, struct fpos *fp, const char *end, int raw,
    int spec)
{
	const char *lit = fp->s, *s = fp->s;
	struct loc l;

	while (s < end) {
		if (*s == '\\' && !raw) {
			if (s + 2 < end && s[1] == 'N' && s[2] == '{')
				flush_lit(p, fp, lit, s + 3, raw);
			s += s + 1 < end && s[1] == '\\' ? 2 : 1;
			continue;
		}
		if (*s == '}' && spec)
			break;
		if ((*s == '{' || *s == '}') && !spec && s + 1 < end &&
		    s[1] == *s) {
			flush_lit(p, fp, lit, s + 1, raw);
			s += 2;
			lit = s;
			continue;
		}
		if (*s == '}') {
			l = fp_loc(p, fp, s);
			fail(p, &l, "f-string: single '}' is not allowed");
		}
		if (*s == '{') {
			flush_lit(p, fp, lit, s, raw);
			fp_to(fp, s);
			s = lit = fstring_field(p, fp, end, raw);
			continue;
		}
		s++;
	}
	flush_lit(p, fp, lit, s, raw);
	return s;
}

/* Merges the runs of adjacent PYE_STR parts pushed since mark. */
static void
merge_parts(struct parser *p, size_t mark)
{
	size_t n, i, j, k, len;
	struct py_expr **v, *e;
	char *s;

	v = (struct py_expr **)collect(p, mark, &n);
	for (i = 0; i < n; i = j) {
		len = v[i]->len;
		for (j = i + 1; v[i]->kind == PYE_STR && j < n &&
		    v[j]->kind == PYE_STR; j++)
			len += v[j]->len;
		if (j == i + 1) {
			push(p, v[i]);
			continue;
		}
		s = py_alloc(p->c->arena, len + 1);
		for (k = i, len = 0; k < j; k++) {
			memcpy(s + len, v[k]->s, v[k]->len);
			len += v[k]->len;
		}
		e = str_part(p, &v[i]->loc, s, len);
		push(p, e);
	}
}

/* One literal's parts, pushed. */
static void
string_parts(struct parser *p, const struct py_tok *t)
{
	struct fpos fp;

	if ((t->sflags & PY_STR_F) == 0) {
		if (t->len > 0)
			push(p, str_part(p, &t->loc, t->s, t->len));
		return;
	}
	fp.s = t->body;
	fp.line = t->bline;
	fp.col = t->bcol;
	fstring_body(p, &fp, t->body + t->bodylen, (t->sflags & PY_STR_RAW) != 0,
	    0);
}

/* Adjacent string literals, concatenated (section 2.4.2). */
static struct py_expr *
strings(struct parser *p)
{
	struct py_tok t = take(p);
	struct py_expr *e;
	size_t mark = p->nstk;
	int bytes = t.sflags & PY_STR_BYTES, f = t.sflags & PY_STR_F, n = 1;

	if (!f && !is_type(p, 0, PT_STRING)) {
		e = new_expr(p, bytes ? PYE_BYTES : PYE_STR, &t.loc);
		e->s = t.s;
		e->len = t.len;
		e->string_flags = t.sflags;
		return e;
	}
	string_parts(p, &t);
	while (is_type(p, 0, PT_STRING)) {
		struct py_tok u = take(p);

		if ((u.sflags & PY_STR_BYTES) != bytes)
			fail(p, &u.loc, "cannot mix bytes and nonbytes literals");
		f |= u.sflags & PY_STR_F;
		string_parts(p, &u);
		n++;
	}
	merge_parts(p, mark);
	e = new_expr(p, f ? PYE_FSTRING : bytes ? PYE_BYTES : PYE_STR, &t.loc);
	e->string_flags = t.sflags | (n > 1 ? PY_STR_CONCAT : 0);
	if (f) {
		e->items = (struct py_expr **)collect(p, mark, &e->n);
		return e;
	}
	/* Plain literals: one part after the merge, or none when empty. */
	e->s = "";
	if (p->nstk > mark) {
		e->s = ((struct py_expr *)p->stk[mark])->s;
		e->len = ((struct py_expr *)p->stk[mark])->len;
	}
	p->nstk = mark;
	return e;
}

/*
 * Targets (section 7.2)
 */

/* Refuses e as the target of an assignment, for, with or del. */
static void
check_target(struct parser *p, const struct py_expr *e, const char *what)
{
	size_t i;

	switch (e->kind) {
	case PYE_NAME:
	case PYE_ATTR:
	case PYE_SUBSCRIPT:
		return;
	case PYE_TUPLE:
	case PYE_LIST:
		for (i = 0; i < e->n; i++)
			check_target(p, e->items[i], what);
		return;
	case PYE_OTHER:
		if (e->s == W_STARRED) {
			check_target(p, e->a, what);
			return;
		}
		break;
	}
	fail(p, &e->loc, "cannot %s %s", what, py_expr_describe(e));
}

/* One target of a for loop or comprehension: stops before 'in'. */
static struct py_expr *
for_target(struct parser *p)
{
	struct loc l = here(p);

	if (is_op(p, 0, '*')) {
		p->s->pos++;
		return new_other(p, W_STARRED, &l, bitor(p));
	}
	return bitor(p);
}

/* The targets of a for loop up to 'in': one, or a tuple. */
static struct py_expr *
target_list(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *first = for_target(p);
	size_t mark = p->nstk;

	if (!is_op(p, 0, ',')) {
		check_target(p, first, "assign to");
		return first;
	}
	push(p, first);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		if (is_kw(p, 0, KW_IN))
			break;
		push(p, for_target(p));
	}
	e = new_expr(p, PYE_TUPLE, &l);
	e->items = (struct py_expr **)collect(p, mark, &e->n);
	check_target(p, e, "assign to");
	return e;
}

/*
 * Simple statements (chapter 7)
 */

/* A dotted name of an import: "a.b.c". */
static const char *
dotted_name(struct parser *p)
{
	const char *first = expect_name(p), *name;
	size_t len;
	char *s;

	if (!is_op(p, 0, '.'))
		return first;
	len = strlen(first);
	s = py_strndup(p->c->arena, first, len);
	while (is_op(p, 0, '.')) {
		char *t;

		p->s->pos++;
		name = expect_name(p);
		t = py_alloc(p->c->arena, len + strlen(name) + 2);
		memcpy(t, s, len);
		t[len] = '.';
		strcpy(t + len + 1, name);
		len += strlen(name) + 1;
		s = t;
	}
	return s;
}

/* names[i] [as asnames[i]], pushed as triples (name, asname, loc). */
static void
import_name(struct parser *p, int dotted)
{
	struct loc *l = py_alloc(p->c->arena, sizeof *l);

	*l = here(p);
	push(p, (void *)(dotted ? dotted_name(p) : expect_name(p)));
	if (is_kw(p, 0, KW_AS)) {
		p->s->pos++;
		push(p, (void *)expect_name(p));
	} else
		push(p, NULL);
	push(p, l);
}

static void
import_names(struct parser *p, struct py_stmt *st, size_t mark)
{
	size_t n, i;
	void **v = collect(p, mark, &n);

	st->nnames = n / 3;
	st->names = py_alloc(p->c->arena, (st->nnames + 1) * sizeof *st->names);
	st->asnames = py_alloc(p->c->arena, (st->nnames + 1) *
	    sizeof *st->asnames);
	st->name_locs = py_alloc(p->c->arena, (st->nnames + 1) *
	    sizeof *st->name_locs);
	for (i = 0; i < st->nnames; i++) {
		st->names[i] = v[3 * i];
		st->asnames[i] = v[3 * i + 1];
		st->name_locs[i] = *(struct loc *)v[3 * i + 2];
	}
}

static struct py_stmt *
import_stmt(struct parser *p, const struct loc *l)
{
	struct py_stmt *st = new_stmt(p, PYS_IMPORT, l);
	size_t mark = p->nstk;

	p->s->pos++;
	import_name(p, 1);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		import_name(p, 1);
	}
	import_names(p, st, mark);
	return st;
}

static struct py_stmt *
from_stmt(struct parser *p, const struct loc *l)
{
	struct py_stmt *st = new_stmt(p, PYS_FROM, l);
	size_t mark = p->nstk;
	struct loc sl;
	int parens = 0;

	p->s->pos++;
	for (;; p->s->pos++)
		if (is_op(p, 0, '.'))
			st->level++;
		else if (is_op(p, 0, OP_ELLIPSIS))
			st->level += 3;
		else
			break;
	st->module = st->level > 0 && is_kw(p, 0, KW_IMPORT) ? "" :
	    dotted_name(p);
	if (!is_kw(p, 0, KW_IMPORT)) {
		sl = here(p);
		fail(p, &sl, "expected 'import'");
	}
	p->s->pos++;
	if (is_op(p, 0, '*')) {
		sl = here(p);
		p->s->pos++;
		push(p, "*");
		push(p, NULL);
		push(p, py_alloc(p->c->arena, sizeof sl));
		*(struct loc *)p->stk[p->nstk - 1] = sl;
		import_names(p, st, mark);
		return st;
	}
	if (is_op(p, 0, '(')) {
		p->s->pos++;
		parens = 1;
	}
	import_name(p, 0);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		if (parens && is_op(p, 0, ')'))
			break;
		if (!parens && !is_type(p, 0, PT_NAME)) {
			sl = here(p);
			fail(p, &sl, "trailing comma not allowed without"
			    " surrounding parentheses");
		}
		import_name(p, 0);
	}
	if (parens)
		expect_op(p, ')', ")");
	import_names(p, st, mark);
	return st;
}

/* global / nonlocal NAME, ... */
static struct py_stmt *
names_stmt(struct parser *p, const struct loc *l, const char *what)
{
	p->s->pos++;
	expect_name(p);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		expect_name(p);
	}
	return new_other_stmt(p, what, l);
}

/* Whether the current token ends a simple statement. */
static int
at_stmt_end(struct parser *p)
{
	return is_type(p, 0, PT_NEWLINE) || is_op(p, 0, ';') ||
	    is_type(p, 0, PT_EOF);
}

static int
single_target(const struct py_expr *e)
{
	return e->kind == PYE_NAME || e->kind == PYE_ATTR ||
	    e->kind == PYE_SUBSCRIPT;
}

/* An expression statement or an assignment (sections 7.1, 7.2). */
static struct py_stmt *
expr_stmt(struct parser *p, const struct loc *l)
{
	struct py_expr *first = exprs_or_yield(p), *v;
	struct py_stmt *st;
	size_t mark = p->nstk;
	int op;

	if (is_op(p, 0, ':')) {
		if (!single_target(first))
			fail(p, &first->loc, first->kind == PYE_TUPLE ?
			    "only single target (not tuple) can be annotated" :
			    "illegal target for annotation");
		p->s->pos++;
		st = new_stmt(p, PYS_ASSIGN, l);
		st->b = expression(p);
		if (is_op(p, 0, '=')) {
			p->s->pos++;
			st->a = exprs_or_yield(p);
		}
		push(p, first);
		st->targets = (struct py_expr **)collect(p, mark, &st->ntargets);
		return st;
	}
	if (is_type(p, 0, PT_OP) && (op = CUR(p)->op) > OP_AUG) {
		if (!single_target(first))
			fail(p, &first->loc, "%s is an illegal expression for"
			    " augmented assignment", py_expr_describe(first));
		p->s->pos++;
		st = new_stmt(p, PYS_AUGASSIGN, l);
		st->op = op - OP_AUG;
		st->a = exprs_or_yield(p);
		push(p, first);
		st->targets = (struct py_expr **)collect(p, mark, &st->ntargets);
		return st;
	}
	if (!is_op(p, 0, '=')) {
		st = new_stmt(p, PYS_EXPR, l);
		st->a = first;
		return st;
	}
	st = new_stmt(p, PYS_ASSIGN, l);
	v = first;
	while (is_op(p, 0, '=')) {
		check_target(p, v, "assign to");
		push(p, v);
		p->s->pos++;
		v = exprs_or_yield(p);
	}
	st->a = v;
	st->targets = (struct py_expr **)collect(p, mark, &st->ntargets);
	return st;
}

static struct py_stmt *
simple_stmt(struct parser *p)
{
	struct loc l = here(p);
	struct py_stmt *st;

	switch (CUR(p)->type == PT_NAME ? CUR(p)->kw : -1) {
	case KW_PASS:
		p->s->pos++;
		return new_stmt(p, PYS_PASS, &l);
	case KW_BREAK:
		p->s->pos++;
		return new_other_stmt(p, "a break statement", &l);
	case KW_CONTINUE:
		p->s->pos++;
		return new_other_stmt(p, "a continue statement", &l);
	case KW_RETURN:
		p->s->pos++;
		st = new_stmt(p, PYS_RETURN, &l);
		if (!at_stmt_end(p))
			st->a = star_exprs(p);
		return st;
	case KW_RAISE:
		p->s->pos++;
		st = new_stmt(p, PYS_RAISE, &l);
		if (!at_stmt_end(p)) {
			st->a = expression(p);
			if (is_kw(p, 0, KW_FROM)) {
				p->s->pos++;
				st->b = expression(p);
			}
		}
		return st;
	case KW_GLOBAL:
		return names_stmt(p, &l, "a global statement");
	case KW_NONLOCAL:
		return names_stmt(p, &l, "a nonlocal statement");
	case KW_DEL:
		p->s->pos++;
		check_target(p, star_exprs(p), "delete");
		return new_other_stmt(p, "a del statement", &l);
	case KW_ASSERT:
		p->s->pos++;
		expression(p);
		if (is_op(p, 0, ',')) {
			p->s->pos++;
			expression(p);
		}
		return new_other_stmt(p, "an assert statement", &l);
	case KW_IMPORT:
		return import_stmt(p, &l);
	case KW_FROM:
		return from_stmt(p, &l);
	}
	return expr_stmt(p, &l);
}

/* simple_stmt (';' simple_stmt)* [';'] NEWLINE, each pushed. */
static void
simple_stmts(struct parser *p)
{
	struct loc l;

	for (;;) {
		push(p, simple_stmt(p));
		if (!is_op(p, 0, ';'))
			break;
		p->s->pos++;
		if (is_type(p, 0, PT_NEWLINE))
			break;
	}
	if (is_type(p, 0, PT_NEWLINE)) {
		p->s->pos++;
		return;
	}
	if (is_type(p, 0, PT_EOF))
		return;
	l = here(p);
	if (is_op(p, 0, OP_WALRUS) || is_op(p, 0, ':'))
		fail(p, &l, "invalid syntax");
	unexpected(p);
}

/*
 * Compound statements (chapter 8)
 */

/*
 * The block after a compound statement's ':' (consumed here): an
 * indented block, or simple statements on the same line.  what and kw
 * say whose block it is, for the error when it is missing.
 */
static struct py_stmt **
block(struct parser *p, const char *what, const struct loc *kw, size_t *n)
{
	size_t mark = p->nstk;
	struct loc l;

	expect_op(p, ':', ":");
	if (!is_type(p, 0, PT_NEWLINE)) {
		simple_stmts(p);
		return (struct py_stmt **)collect(p, mark, n);
	}
	p->s->pos++;
	if (!is_type(p, 0, PT_INDENT)) {
		l = here(p);
		fail(p, &l, "expected an indented block after %s on line %u",
		    what, kw->line);
	}
	l = here(p);
	p->s->pos++;
	enter(p, &l);
	while (!is_type(p, 0, PT_DEDENT) && !is_type(p, 0, PT_EOF))
		statement(p);
	p->s->pos++;
	leave(p);
	return (struct py_stmt **)collect(p, mark, n);
}

static struct py_stmt *
if_stmt(struct parser *p, const struct loc *l)
{
	struct py_stmt *st, *top, *elif;
	struct loc el;

	p->s->pos++;
	top = st = new_stmt(p, PYS_IF, l);
	st->a = named_expr(p);
	st->body = block(p, "'if' statement", l, &st->nbody);
	/* elif chains are a loop, not a recursion: they nest no deeper. */
	while (is_kw(p, 0, KW_ELIF)) {
		el = here(p);
		p->s->pos++;
		elif = new_stmt(p, PYS_IF, &el);
		elif->a = named_expr(p);
		elif->body = block(p, "'elif' statement", &el, &elif->nbody);
		st->orelse = py_alloc(p->c->arena, sizeof *st->orelse);
		st->orelse[0] = elif;
		st->norelse = 1;
		st = elif;
	}
	if (is_kw(p, 0, KW_ELSE)) {
		el = here(p);
		p->s->pos++;
		st->orelse = block(p, "'else' statement", &el, &st->norelse);
	}
	return top;
}

/* else: after a loop (or a try), into *orelse. */
static struct py_stmt **
else_block(struct parser *p, size_t *n)
{
	struct loc el;

	*n = 0;
	if (!is_kw(p, 0, KW_ELSE))
		return NULL;
	el = here(p);
	p->s->pos++;
	return block(p, "'else' statement", &el, n);
}

static struct py_stmt *
while_stmt(struct parser *p, const struct loc *l)
{
	size_t n;

	p->s->pos++;
	named_expr(p);
	block(p, "'while' statement", l, &n);
	else_block(p, &n);
	return new_other_stmt(p, "a while loop", l);
}

static struct py_stmt *
for_stmt(struct parser *p, const struct loc *l, int async_)
{
	struct py_stmt *st = new_stmt(p, PYS_FOR, l);
	struct loc il;

	st->async_ = async_;
	p->s->pos++;
	st->targets = py_alloc(p->c->arena, sizeof *st->targets);
	st->targets[0] = target_list(p);
	st->ntargets = 1;
	if (!is_kw(p, 0, KW_IN)) {
		il = here(p);
		fail(p, &il, "expected 'in'");
	}
	p->s->pos++;
	st->a = star_exprs(p);
	st->body = block(p, "'for' statement", l, &st->nbody);
	st->orelse = else_block(p, &st->norelse);
	return st;
}

static struct py_stmt *
try_stmt(struct parser *p, const struct loc *l)
{
	struct loc el;
	size_t n, handlers = 0;
	int bare = 0, star = -1;

	p->s->pos++;
	block(p, "'try' statement", l, &n);
	while (is_kw(p, 0, KW_EXCEPT)) {
		el = here(p);
		if (bare)
			fail(p, &el, "default 'except:' must be last");
		p->s->pos++;
		if (star >= 0 && star != is_op(p, 0, '*'))
			fail(p, &el, "cannot have both 'except' and 'except*'"
			    " on the same 'try'");
		star = is_op(p, 0, '*');
		if (star)
			p->s->pos++;
		if (is_op(p, 0, ':'))
			bare = 1;
		else {
			expression(p);
			if (is_op(p, 0, ',')) {
				el = here(p);
				fail(p, &el, "multiple exception types must be"
				    " parenthesized");
			}
			if (is_kw(p, 0, KW_AS)) {
				p->s->pos++;
				expect_name(p);
			}
		}
		block(p, "'except' statement", &el, &n);
		handlers++;
	}
	if (handlers > 0)
		else_block(p, &n);
	if (is_kw(p, 0, KW_FINALLY)) {
		el = here(p);
		p->s->pos++;
		block(p, "'finally' statement", &el, &n);
	} else if (handlers == 0) {
		el = here(p);
		fail(p, &el, "expected 'except' or 'finally' block");
	}
	return new_other_stmt(p, "a try statement", l);
}

/* expression ['as' target], pushed as the pair (item, target). */
static void
with_item(struct parser *p)
{
	struct py_expr *t = NULL;

	push(p, expression(p));
	if (is_kw(p, 0, KW_AS)) {
		p->s->pos++;
		t = for_target(p);
		check_target(p, t, "assign to");
	}
	push(p, t);
}

/* Whether the '(' after with holds with-items: its ')' is before ':'. */
static int
paren_items(struct parser *p)
{
	size_t k;
	int depth = 0;
	struct py_tok *t;

	for (k = 0;; k++) {
		t = peek(p, k);
		if (t->type != PT_OP)
			continue;
		if (t->op == '(' || t->op == '[' || t->op == '{')
			depth++;
		else if ((t->op == ')' || t->op == ']' || t->op == '}') &&
		    --depth == 0)
			return is_op(p, k + 1, ':');
	}
}

static struct py_stmt *
with_stmt(struct parser *p, const struct loc *l, int async_)
{
	struct py_stmt *st = new_stmt(p, PYS_WITH, l);
	size_t mark = p->nstk, n, i;
	int parens;
	void **v;

	st->async_ = async_;
	p->s->pos++;
	if ((parens = is_op(p, 0, '(') && !is_kw(p, 1, KW_YIELD) &&
	    paren_items(p)) != 0)
		p->s->pos++;
	with_item(p);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		if (parens && is_op(p, 0, ')'))
			break;
		with_item(p);
	}
	if (parens)
		expect_op(p, ')', ")");
	v = collect(p, mark, &n);
	st->nitems = st->ntargets = n / 2;
	st->items = py_alloc(p->c->arena, (n / 2 + 1) * sizeof *st->items);
	st->targets = py_alloc(p->c->arena, (n / 2 + 1) * sizeof *st->targets);
	for (i = 0; i < n / 2; i++) {
		st->items[i] = v[2 * i];
		st->targets[i] = v[2 * i + 1];
	}
	st->body = block(p, "'with' statement", l, &st->nbody);
	return st;
}

static struct py_stmt *
def_stmt(struct parser *p, const struct loc *l, int async_, size_t mark)
{
	struct py_stmt *st = new_stmt(p, PYS_DEF, l);

	st->async_ = async_;
	st->items = (struct py_expr **)collect(p, mark, &st->nitems);
	p->s->pos++;
	st->name = expect_name(p);
	expect_op(p, '(', "(");
	st->params = params(p, 0, &st->nparams);
	expect_op(p, ')', ")");
	if (is_op(p, 0, OP_ARROW)) {
		p->s->pos++;
		st->b = expression(p);
	}
	st->body = block(p, "function definition", l, &st->nbody);
	return st;
}

static struct py_stmt *
class_stmt(struct parser *p, const struct loc *l, size_t mark)
{
	struct py_expr dummy;
	size_t n;

	p->nstk = mark;		/* the decorators */
	p->s->pos++;
	expect_name(p);
	if (is_op(p, 0, '('))
		call_args(p, memset(&dummy, 0, sizeof dummy));
	block(p, "class definition", l, &n);
	return new_other_stmt(p, "a class definition", l);
}

/*
 * A match statement (3.10) is read heuristically, its patterns being a
 * grammar of their own: `match` first on a line whose last token is ':'
 * and whose next line is an indented `case`.
 */
static int
at_match(struct parser *p)
{
	struct py_tok *t = CUR(p);
	size_t k;

	if (t->type != PT_NAME || t->kw != KW_NONE || strcmp(t->s, "match") != 0 ||
	    is_op(p, 1, ':') || is_type(p, 1, PT_NEWLINE))
		return 0;
	for (k = 1; !is_type(p, k, PT_NEWLINE) && !is_type(p, k, PT_EOF); k++)
		;
	if (!is_op(p, k - 1, ':') || !is_type(p, k + 1, PT_INDENT))
		return 0;
	t = peek(p, k + 2);
	return t->type == PT_NAME && strcmp(t->s, "case") == 0;
}

static struct py_stmt *
match_stmt(struct parser *p, const struct loc *l)
{
	struct py_tok *t;
	struct loc cl;
	size_t n;
	int depth;

	p->s->pos++;
	star_exprs(p);
	expect_op(p, ':', ":");
	p->s->pos += 2;		/* NEWLINE INDENT */
	while (!is_type(p, 0, PT_DEDENT) && !is_type(p, 0, PT_EOF)) {
		cl = here(p);
		t = CUR(p);
		if (t->type != PT_NAME || strcmp(t->s, "case") != 0)
			fail(p, &cl, "expected 'case' in a match statement");
		/* The pattern and guard, up to ':' outside brackets. */
		for (depth = 0;; p->s->pos++) {
			t = CUR(p);
			if (t->type == PT_NEWLINE || t->type == PT_EOF)
				fail(p, &t->loc, "expected ':'");
			if (t->type != PT_OP)
				continue;
			if (t->op == '(' || t->op == '[' || t->op == '{')
				depth++;
			else if (t->op == ')' || t->op == ']' || t->op == '}')
				depth--;
			else if (t->op == ':' && depth == 0)
				break;
		}
		block(p, "'case' statement", &cl, &n);
	}
	p->s->pos++;
	return new_other_stmt(p, "a match statement", l);
}

/* @decorator lines, then the def or class they decorate. */
static struct py_stmt *
decorated(struct parser *p)
{
	size_t mark = p->nstk;
	struct loc l;

	while (is_op(p, 0, '@')) {
		p->s->pos++;
		push(p, named_expr(p));
		if (!is_type(p, 0, PT_NEWLINE))
			unexpected(p);
		p->s->pos++;
	}
	l = here(p);
	if (is_kw(p, 0, KW_DEF))
		return def_stmt(p, &l, 0, mark);
	if (is_kw(p, 0, KW_ASYNC) && is_kw(p, 1, KW_DEF)) {
		p->s->pos++;
		return def_stmt(p, &l, 1, mark);
	}
	if (is_kw(p, 0, KW_CLASS))
		return class_stmt(p, &l, mark);
	fail(p, &l, "expected 'def' or 'class' after a decorator");
}

/* One statement (several for simple statements on a line), pushed. */
static void
statement(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;
	int kw = t->type == PT_NAME ? t->kw : -1;

	if (t->type == PT_INDENT || t->type == PT_DEDENT)
		unexpected(p);
	if (t->type == PT_OP && t->op == '@') {
		push(p, decorated(p));
		return;
	}
	if (kw == KW_ASYNC) {
		if (is_kw(p, 1, KW_DEF) || is_kw(p, 1, KW_FOR) ||
		    is_kw(p, 1, KW_WITH))
			p->s->pos++;
		else
			unexpected(p);
		kw = CUR(p)->kw;
		switch (kw) {
		case KW_DEF: push(p, def_stmt(p, &l, 1, p->nstk)); return;
		case KW_FOR: push(p, for_stmt(p, &l, 1)); return;
		default: push(p, with_stmt(p, &l, 1)); return;
		}
	}
	switch (kw) {
	case KW_IF: push(p, if_stmt(p, &l)); return;
	case KW_WHILE: push(p, while_stmt(p, &l)); return;
	case KW_FOR: push(p, for_stmt(p, &l, 0)); return;
	case KW_TRY: push(p, try_stmt(p, &l)); return;
	case KW_WITH: push(p, with_stmt(p, &l, 0)); return;
	case KW_DEF: push(p, def_stmt(p, &l, 0, p->nstk)); return;
	case KW_CLASS: push(p, class_stmt(p, &l, p->nstk)); return;
	}
	if (kw == KW_NONE && at_match(p)) {
		push(p, match_stmt(p, &l));
		return;
	}
	simple_stmts(p);
}

/*
 * The module
 */

static void
parse_module(struct parser *p, struct py_module *m)
{
	struct py_stmt *st;

	while (!is_type(p, 0, PT_EOF))
		statement(p);
	m->body = (struct py_stmt **)collect(p, 0, &m->nbody);
	if (m->nbody > 0) {
		st = m->body[0];
		if (st->kind == PYS_EXPR && st->a->kind == PYE_STR)
			m->docstring = st->a->s;
	}
}

struct py_module *
py_parse(const char *file, const char *buf, size_t len, struct diags *d)
{
	struct py_arena *arena = xcalloc(1, sizeof *arena);
	struct py_module *volatile m = NULL;
	struct parser *p = xcalloc(1, sizeof *p);
	struct py_lexer *lx = xmalloc(sizeof *lx);
	struct py_ctx *c = xcalloc(1, sizeof *c);

	c->file = file;
	c->d = d;
	strbuf_init(&c->num);
	c->arena = arena;
	p->c = c;
	p->s = &p->main;
	p->main.lx = lx;
	if (setjmp(c->fail) == 0) {
		py_lex_init(lx, c, buf, len);
		m = py_alloc(arena, sizeof *m);
		m->arena = arena;
		parse_module(p, m);
	} else {
		py_arena_free(arena);
		free(arena);
		m = NULL;
	}
	free(p->main.toks);
	free(p->stk);
	strbuf_free(&c->num);
	free(p);
	free(lx);
	free(c);
	return m;
}

void
py_module_free(struct py_module *m)
{
	struct py_arena *a;

	if (m == NULL)
		return;
	a = m->arena;
	py_arena_free(a);
	free(a);
}

const char *
py_expr_describe(const struct py_expr *e)
{
	switch (e->kind) {
	case PYE_NONE: return "None";
	case PYE_BOOL: return e->ival ? "True" : "False";
	case PYE_INT: return "an integer";
	case PYE_FLOAT: return "a float";
	case PYE_IMAG: return "an imaginary number";
	case PYE_STR: return "a string";
	case PYE_BYTES: return "a bytes literal";
	case PYE_FSTRING: return "an f-string";
	case PYE_FORMATTED: return "an f-string field";
	case PYE_ELLIPSIS: return "an ellipsis";
	case PYE_NAME: return "a name";
	case PYE_ATTR: return "an attribute";
	case PYE_CALL: return "a call";
	case PYE_SUBSCRIPT: return "a subscript";
	case PYE_LIST: return "a list";
	case PYE_TUPLE: return "a tuple";
	case PYE_SET: return "a set";
	case PYE_DICT: return "a dict";
	case PYE_UNARY: return e->op == 'n' ? "a 'not' expression" :
	    "a unary operation";
	case PYE_BINOP: return "a binary operation";
	case PYE_COMPARE: return "a comparison";
	case PYE_BOOLOP: return e->op == 'a' ? "an 'and' expression" :
	    "an 'or' expression";
	case PYE_IFEXP: return "a conditional expression";
	case PYE_OTHER: return e->s;
	}
	return "an expression";
}

char *
py_dotted(const struct py_expr *e)
{
	const struct py_expr *x;
	size_t len = 0, n;
	char *s;

	for (x = e; x->kind == PYE_ATTR; x = x->a)
		len += x->len + 1;
	if (x->kind != PYE_NAME)
		return NULL;
	len += x->len;
	s = xmalloc(len + 1);
	s[len] = '\0';
	for (x = e; x->kind == PYE_ATTR; x = x->a) {
		n = x->len;
		len -= n;
		memcpy(s + len, x->s, n);
		s[--len] = '.';
	}
	memcpy(s, x->s, x->len);
	return s;
}
