/*
 * py_stmt.c -- the statements of the Python 3 parser (py.h): "The Python
 * Language Reference" 3.11, chapters 7 and 8, and the module.
 */
#include "config.h"

#include <string.h>

#include "py_int.h"

static void statement(struct parser *);

/*
 * Building
 */

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
		if (e->s == py_w_starred && strcmp(what, "delete") == 0)
			py_syntax(p, &e->loc, "cannot delete starred");
		if (e->s == py_w_starred) {
			check_target(p, e->a, what);
			return;
		}
		break;
	}
	py_syntax(p, &e->loc, "cannot %s %s", what, py_expr_describe(e));
}

/* One target of a for loop or comprehension: stops before 'in'. */
static struct py_expr *
for_target(struct parser *p)
{
	struct loc l = here(p);

	if (is_op(p, 0, '*')) {
		p->s->pos++;
		return new_other(p, py_w_starred, &l, py_bitor(p));
	}
	return py_bitor(p);
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
	const char *first = py_expect_name(p), *name;
	size_t len;
	char *s;

	if (!is_op(p, 0, '.'))
		return first;
	len = strlen(first);
	s = py_strndup(p->c->arena, first, len);
	while (is_op(p, 0, '.')) {
		char *t;

		p->s->pos++;
		name = py_expect_name(p);
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
	push(p, (void *)(dotted ? dotted_name(p) : py_expect_name(p)));
	if (is_kw(p, 0, KW_AS)) {
		p->s->pos++;
		push(p, (void *)py_expect_name(p));
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
		py_syntax(p, &sl, "expected 'import'");
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
			py_syntax(p, &sl, "trailing comma not allowed without"
			    " surrounding parentheses");
		}
		import_name(p, 0);
	}
	if (parens)
		py_expect_op(p, ')', ")");
	import_names(p, st, mark);
	return st;
}

/* global / nonlocal NAME, ... */
static struct py_stmt *
names_stmt(struct parser *p, const struct loc *l, const char *what)
{
	p->s->pos++;
	py_expect_name(p);
	while (is_op(p, 0, ',')) {
		p->s->pos++;
		py_expect_name(p);
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
	struct py_expr *first = py_exprs_or_yield(p), *v;
	struct py_stmt *st;
	size_t mark = p->nstk;
	int op;

	if (is_op(p, 0, ':')) {
		if (!single_target(first))
			py_syntax(p, &first->loc, first->kind == PYE_TUPLE ?
			    "only single target (not tuple) can be annotated" :
			    "illegal target for annotation");
		p->s->pos++;
		st = new_stmt(p, PYS_ASSIGN, l);
		st->b = py_expression(p);
		if (is_op(p, 0, '=')) {
			p->s->pos++;
			st->a = py_exprs_or_yield(p);
		}
		push(p, first);
		st->targets = (struct py_expr **)collect(p, mark, &st->ntargets);
		return st;
	}
	if (is_type(p, 0, PT_OP) && (op = CUR(p)->op) > OP_AUG) {
		if (!single_target(first))
			py_syntax(p, &first->loc, "%s is an illegal expression for"
			    " augmented assignment", py_expr_describe(first));
		p->s->pos++;
		st = new_stmt(p, PYS_AUGASSIGN, l);
		st->op = op - OP_AUG;
		st->a = py_exprs_or_yield(p);
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
		v = py_exprs_or_yield(p);
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
			st->a = py_star_exprs(p);
		return st;
	case KW_RAISE:
		p->s->pos++;
		st = new_stmt(p, PYS_RAISE, &l);
		if (!at_stmt_end(p)) {
			st->a = py_expression(p);
			if (is_kw(p, 0, KW_FROM)) {
				p->s->pos++;
				st->b = py_expression(p);
			}
		}
		return st;
	case KW_GLOBAL:
		return names_stmt(p, &l, "a global statement");
	case KW_NONLOCAL:
		return names_stmt(p, &l, "a nonlocal statement");
	case KW_DEL:
		p->s->pos++;
		check_target(p, py_star_exprs(p), "delete");
		return new_other_stmt(p, "a del statement", &l);
	case KW_ASSERT:
		p->s->pos++;
		py_expression(p);
		if (is_op(p, 0, ',')) {
			p->s->pos++;
			py_expression(p);
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
		py_syntax(p, &l, "invalid syntax");
	py_unexpected(p);
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

	py_expect_op(p, ':', ":");
	if (!is_type(p, 0, PT_NEWLINE)) {
		simple_stmts(p);
		return (struct py_stmt **)collect(p, mark, n);
	}
	p->s->pos++;
	if (!is_type(p, 0, PT_INDENT)) {
		l = here(p);
		py_syntax(p, &l, "expected an indented block after %s on line %u",
		    what, kw->line);
	}
	l = here(p);
	p->s->pos++;
	py_enter(p, &l);
	while (!is_type(p, 0, PT_DEDENT) && !is_type(p, 0, PT_EOF))
		statement(p);
	p->s->pos++;
	py_leave(p);
	return (struct py_stmt **)collect(p, mark, n);
}

static struct py_stmt *
if_stmt(struct parser *p, const struct loc *l)
{
	struct py_stmt *st, *top, *elif;
	struct loc el;

	p->s->pos++;
	top = st = new_stmt(p, PYS_IF, l);
	st->a = py_named_expr(p);
	st->body = block(p, "'if' statement", l, &st->nbody);
	/* elif chains are a loop, not a recursion: they nest no deeper. */
	while (is_kw(p, 0, KW_ELIF)) {
		el = here(p);
		p->s->pos++;
		elif = new_stmt(p, PYS_IF, &el);
		elif->a = py_named_expr(p);
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
	py_named_expr(p);
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
		py_syntax(p, &il, "expected 'in'");
	}
	p->s->pos++;
	st->a = py_star_exprs(p);
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
			py_syntax(p, &el, "default 'except:' must be last");
		p->s->pos++;
		if (star >= 0 && star != is_op(p, 0, '*'))
			py_syntax(p, &el, "cannot have both 'except' and 'except*'"
			    " on the same 'try'");
		star = is_op(p, 0, '*');
		if (star)
			p->s->pos++;
		if (is_op(p, 0, ':'))
			bare = 1;
		else {
			py_expression(p);
			if (is_op(p, 0, ',')) {
				el = here(p);
				py_syntax(p, &el, "multiple exception types must be"
				    " parenthesized");
			}
			if (is_kw(p, 0, KW_AS)) {
				p->s->pos++;
				py_expect_name(p);
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
		py_syntax(p, &el, "expected 'except' or 'finally' block");
	}
	return new_other_stmt(p, "a try statement", l);
}

/* expression ['as' target], pushed as the pair (item, target). */
static void
with_item(struct parser *p)
{
	struct py_expr *t = NULL;

	push(p, py_expression(p));
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
		py_expect_op(p, ')', ")");
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
	st->name = py_expect_name(p);
	py_expect_op(p, '(', "(");
	st->params = py_params(p, 0, &st->nparams);
	py_expect_op(p, ')', ")");
	if (is_op(p, 0, OP_ARROW)) {
		p->s->pos++;
		st->b = py_expression(p);
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
	py_expect_name(p);
	if (is_op(p, 0, '('))
		py_call_args(p, memset(&dummy, 0, sizeof dummy));
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
	py_star_exprs(p);
	py_expect_op(p, ':', ":");
	p->s->pos += 2;		/* NEWLINE INDENT */
	while (!is_type(p, 0, PT_DEDENT) && !is_type(p, 0, PT_EOF)) {
		cl = here(p);
		t = CUR(p);
		if (t->type != PT_NAME || strcmp(t->s, "case") != 0)
			py_syntax(p, &cl, "expected 'case' in a match statement");
		/* The pattern, up to its guard or ':' outside brackets:
		   skipped, a grammar of its own.  The guard is read. */
		for (depth = 0, p->s->pos++;; p->s->pos++) {
			t = CUR(p);
			if (t->type == PT_NEWLINE || t->type == PT_EOF)
				py_syntax(p, &t->loc, "expected ':'");
			if (depth == 0 && t->type == PT_NAME && t->kw == KW_IF)
				break;
			if (t->type != PT_OP)
				continue;
			if (t->op == '(' || t->op == '[' || t->op == '{')
				depth++;
			else if (t->op == ')' || t->op == ']' || t->op == '}')
				depth--;
			else if (t->op == ':' && depth == 0)
				break;
		}
		if (is_kw(p, 0, KW_IF)) {
			p->s->pos++;
			py_named_expr(p);
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
		push(p, py_named_expr(p));
		if (!is_type(p, 0, PT_NEWLINE))
			py_unexpected(p);
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
	py_syntax(p, &l, "expected 'def' or 'class' after a decorator");
}

/* One statement (several for simple statements on a line), pushed. */
static void
statement(struct parser *p)
{
	struct py_tok *t = CUR(p);
	struct loc l = t->loc;
	int kw = t->type == PT_NAME ? t->kw : -1;

	if (t->type == PT_INDENT || t->type == PT_DEDENT)
		py_unexpected(p);
	if (t->type == PT_OP && t->op == '@') {
		push(p, decorated(p));
		return;
	}
	if (kw == KW_ASYNC) {
		if (is_kw(p, 1, KW_DEF) || is_kw(p, 1, KW_FOR) ||
		    is_kw(p, 1, KW_WITH))
			p->s->pos++;
		else
			py_unexpected(p);
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

void
py_parse_module(struct parser *p, struct py_module *m)
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
