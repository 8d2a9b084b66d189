/*
 * py_parse.c -- the Python 3 parser (py.h): "The Python Language
 * Reference" 3.11, by recursive descent over the tokens of py_lex.c,
 * building the tree of py.h in the module's arena.  This file: the
 * expressions (chapter 6), the entry points and errors; py_str.c reads
 * string literals, py_stmt.c the statements.
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
const char py_w_starred[] = "a starred expression";
static const char W_STARARG[] = "a starred argument";
static const char W_DSTAR[] = "a dict unpacking";
static const char W_WALRUS[] = "an assignment expression";
static const char W_SLICE[] = "a slice";

static struct py_expr *disjunction(struct parser *);
static struct py_expr *factor(struct parser *);

/*
 * Errors
 */

void
py_syntax(struct parser *p, const struct loc *l, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	py_fail(p->c, l, "%s", msg);
}

void
py_unexpected(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;

	if (t->type == PT_INDENT)
		py_syntax(p, &l, "unexpected indent");
	if (t->type == PT_EOF || t->type == PT_DEDENT)
		py_syntax(p, &l, "unexpected end of file");
	py_syntax(p, &l, "invalid syntax");
}

void
py_expect_op(struct parser *p, int op, const char *spelled)
{
	struct loc l;

	if (is_op(p, 0, op)) {
		p->s->pos++;
		return;
	}
	if (CUR(p)->type == PT_INDENT)
		py_unexpected(p);
	l = here(p);
	py_syntax(p, &l, "expected '%s'", spelled);
}

const char *
py_expect_name(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;

	if (t->type != PT_NAME || t->kw != KW_NONE) {
		if (t->type == PT_NAME)
			py_syntax(p, &l, "invalid syntax: '%s' is a keyword", t->s);
		py_syntax(p, &l, "expected a name");
	}
	p->s->pos++;
	return t->s;
}

void
py_enter(struct parser *p, const struct loc *l)
{
	if (++p->c->depth > PY_MAX_DEPTH)
		py_syntax(p, l, "nested too deeply (more than %d levels)",
		    PY_MAX_DEPTH);
}

void
py_leave(struct parser *p)
{
	p->c->depth--;
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
			struct loc sl = here(p);

			if (is_op(p, 0, '*')) {
				p->s->pos++;
				t = new_other(p, py_w_starred, &sl, py_bitor(p));
			} else
				t = py_bitor(p);
			push(p, t);
		} while (is_op(p, 0, ',') && (p->s->pos++, !is_kw(p, 0, KW_IN)));
		p->nstk = mark;
		if (!is_kw(p, 0, KW_IN)) {
			struct loc l = here(p);

			py_syntax(p, &l, "expected 'in'");
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
struct py_expr *
py_star_named(struct parser *p)
{
	struct loc l = here(p);

	if (is_op(p, 0, '*')) {
		p->s->pos++;
		return new_other(p, py_w_starred, &l, py_bitor(p));
	}
	return py_named_expr(p);
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
		push(p, py_star_named(p));
	}
	py_expect_op(p, close, spelled);
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
		e = py_exprs_or_yield(p);
		py_expect_op(p, ')', ")");
		return e;
	}
	first = py_star_named(p);
	if (at_comp(p)) {
		comp_clauses(p);
		py_expect_op(p, ')', ")");
		return new_other(p, "a generator expression", &l, NULL);
	}
	if (!is_op(p, 0, ',')) {
		if (first->kind == PYE_OTHER && first->s == py_w_starred)
			py_syntax(p, &first->loc, "cannot use starred expression"
			    " here");
		py_expect_op(p, ')', ")");
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
	first = py_star_named(p);
	if (at_comp(p)) {
		comp_clauses(p);
		py_expect_op(p, ']', "]");
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
		v = py_bitor(p);
		push(p, new_other(p, W_DSTAR, &l, v));
		push(p, v);
		return;
	}
	push(p, py_expression(p));
	py_expect_op(p, ':', ":");
	push(p, py_expression(p));
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
	    (first = py_named_expr(p), is_op(p, 0, ':')))) {
		/* A dict. */
		if (is_op(p, 0, OP_POW))
			dict_item(p);
		else {
			p->s->pos++;
			push(p, first);
			push(p, py_expression(p));
		}
		if (at_comp(p)) {
			comp_clauses(p);
			py_expect_op(p, '}', "}");
			p->nstk = mark;
			return new_other(p, "a dict comprehension", &l, NULL);
		}
		while (is_op(p, 0, ',')) {
			p->s->pos++;
			if (is_op(p, 0, '}'))
				break;
			dict_item(p);
		}
		py_expect_op(p, '}', "}");
		e = new_expr(p, PYE_DICT, &l);
		e->items = (struct py_expr **)collect(p, mark, &e->n);
		return e;
	}
	if (is_op(p, 0, '*'))
		first = py_star_named(p);
	if (at_comp(p)) {
		comp_clauses(p);
		py_expect_op(p, '}', "}");
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
		return py_strings(p);
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
	py_unexpected(p);
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
		push(p, py_expression(p));
		(*ndstar)++;
		return;
	}
	if (CUR(p)->type == PT_NAME && CUR(p)->kw == KW_NONE &&
	    is_op(p, 1, '=')) {
		name = take(p).s;
		p->s->pos++;
		push(p, (void *)name);
		push(p, py_expression(p));
		(*nkw)++;
		return;
	}
	if (is_op(p, 0, '*')) {
		if (*ndstar > 0)
			py_syntax(p, &l, "iterable argument unpacking follows"
			    " keyword argument unpacking");
		p->s->pos++;
		e = new_other(p, W_STARARG, &l, py_expression(p));
	} else {
		if (*ndstar > 0)
			py_syntax(p, &l, "positional argument follows keyword"
			    " argument unpacking");
		if (*nkw > 0)
			py_syntax(p, &l, "positional argument follows keyword"
			    " argument");
		e = py_named_expr(p);
		if (at_comp(p)) {
			comp_clauses(p);
			if (nargs > 0 || !is_op(p, 0, ')'))
				py_syntax(p, &l, "generator expression must be"
				    " parenthesized");
			e = new_other(p, "a generator expression", &l, NULL);
		}
	}
	push(p, (void *)POSITIONAL);
	push(p, e);
}

/* The arguments of a call, '(' current, into e. */
void
py_call_args(struct parser *p, struct py_expr *e)
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
	py_expect_op(p, ')', ")");
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
				py_syntax(p, &((struct py_expr *)v[i + 1])->loc,
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
		return py_star_named(p);
	if (!is_op(p, 0, ':')) {
		e = py_named_expr(p);
		if (!is_op(p, 0, ':'))
			return e;
	}
	p->s->pos++;
	if (!is_op(p, 0, ':') && !is_op(p, 0, ',') && !is_op(p, 0, ']'))
		py_expression(p);
	if (is_op(p, 0, ':')) {
		p->s->pos++;
		if (!is_op(p, 0, ',') && !is_op(p, 0, ']'))
			py_expression(p);
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
		py_expect_op(p, ']', "]");
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
	py_expect_op(p, ']', "]");
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
			x->s = py_expect_name(p);
			x->len = strlen(x->s);
			e = x;
		} else if (is_op(p, 0, '(')) {
			x = new_expr(p, PYE_CALL, &e->loc);
			x->a = e;
			py_call_args(p, x);
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
	py_enter(p, &l);
	e = new_expr(p, PYE_UNARY, &l);
	e->op = op;
	e->a = factor(p);
	py_leave(p);
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

struct py_expr *
py_bitor(struct parser *p)
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
	struct py_expr *e = py_bitor(p), *x;
	size_t mark = p->nstk, n, i;
	int cmp;
	void **v;

	if ((cmp = compare_op(p)) == 0)
		return e;
	x = new_expr(p, PYE_COMPARE, &e->loc);
	push(p, e);
	do {
		push(p, (void *)(intptr_t)cmp);
		push(p, py_bitor(p));
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
	py_enter(p, &l);
	e = new_expr(p, PYE_UNARY, &l);
	e->op = 'n';
	e->a = inversion(p);
	py_leave(p);
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
struct py_param *
py_params(struct parser *p, int lambda, size_t *np)
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
			py_syntax(p, &l, "arguments cannot follow var-keyword argument");
		if (is_op(p, 0, '/')) {
			if (star || p->nstk == mark)
				py_syntax(p, &l, star ? "/ must be ahead of *" :
				    "at least one argument must precede /");
			for (i = mark; i < p->nstk; i++) {
				if (((struct py_param *)p->stk[i])->posonly)
					py_syntax(p, &l, "/ may appear only once");
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
				py_syntax(p, &l, "* argument may appear only once");
			p->s->pos++;
			if (pa->star == 1 && (is_op(p, 0, ',') ||
			    is_op(p, 0, close))) {
				star = bare = 1;
				goto next;
			}
			if (pa->star == 2 && bare)
				py_syntax(p, &l, "named arguments must follow bare *");
			star = 1;
			dstar = pa->star == 2;
		}
		pa->name = py_expect_name(p);
		pa->kwonly = star && pa->star == 0;
		if (!lambda && is_op(p, 0, ':')) {
			p->s->pos++;
			pa->annotation = pa->star == 1 && is_op(p, 0, '*') ?
			    py_star_named(p) : py_expression(p);
		}
		if (pa->star == 0 && is_op(p, 0, '=')) {
			p->s->pos++;
			pa->default_ = py_expression(p);
			dflt = 1;
		} else if (pa->star == 0 && dflt && !star)
			py_syntax(p, &l, "non-default argument follows default"
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
		py_syntax(p, &l, "named arguments must follow bare *");
	}
	v = collect(p, mark, &n);
	out = py_alloc(p->c->arena, (n + 1) * sizeof *out);
	for (i = 0; i < n; i++) {
		out[i] = *(struct py_param *)v[i];
		for (j = 0; j < i; j++)
			if (strcmp(out[j].name, out[i].name) == 0) {
				l = out[i].loc;
				py_syntax(p, &l, "duplicate argument '%s' in function"
				    " definition", out[i].name);
			}
	}
	*np = n;
	return out;
}

struct py_expr *
py_expression(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *e, *x;
	size_t n;

	py_enter(p, &l);
	if (is_kw(p, 0, KW_LAMBDA)) {
		p->s->pos++;
		py_params(p, 1, &n);
		py_expect_op(p, ':', ":");
		e = new_other(p, "a lambda", &l, py_expression(p));
		py_leave(p);
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
			py_syntax(p, &l, "expected 'else' after 'if' expression");
		}
		p->s->pos++;
		x->c = py_expression(p);
		e = x;
	}
	py_leave(p);
	return e;
}

struct py_expr *
py_named_expr(struct parser *p)
{
	struct py_expr *e = py_expression(p), *x;

	if (!is_op(p, 0, OP_WALRUS))
		return e;
	if (e->kind != PYE_NAME)
		py_syntax(p, &e->loc, "cannot use assignment expressions with %s",
		    py_expr_describe(e));
	p->s->pos++;
	x = new_other(p, W_WALRUS, &e->loc, e);
	x->b = py_expression(p);
	return x;
}

static struct py_expr *
star_expr(struct parser *p)
{
	struct loc l = here(p);

	if (is_op(p, 0, '*')) {
		p->s->pos++;
		return new_other(p, py_w_starred, &l, py_bitor(p));
	}
	return py_expression(p);
}

/* Expressions with commas: a tuple when there is a comma. */
struct py_expr *
py_star_exprs(struct parser *p)
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

struct py_expr *
py_exprs_or_yield(struct parser *p)
{
	struct loc l = here(p);
	struct py_expr *a = NULL;

	if (!is_kw(p, 0, KW_YIELD))
		return py_star_exprs(p);
	p->s->pos++;
	if (is_kw(p, 0, KW_FROM)) {
		p->s->pos++;
		a = py_expression(p);
	} else if (starts_expr(p))
		a = py_star_exprs(p);
	return new_other(p, "a yield expression", &l, a);
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
		py_parse_module(p, m);
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
	case PYE_BOOL: return "a boolean";
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
