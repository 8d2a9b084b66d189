/*
 * py_str.c -- string literals for the Python 3 parser (py.h): adjacent
 * literals concatenated ("The Python Language Reference" 3.11, section
 * 2.4.2) and f-strings (section 2.4.3), whose fields are read by the
 * expression parser on tokens of their own.
 */
#include "config.h"

#include <string.h>

#include "py_int.h"

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
		py_syntax(p, &l, "f-string: empty expression not allowed");
	e = py_exprs_or_yield(p);
	if (e->kind == PYE_OTHER && e->s == py_w_starred)
		py_syntax(p, &e->loc, "f-string: cannot use starred expression"
		    " here");
	if (!is_type(p, 0, PT_EOF))
		py_unexpected(p);
	*q = sublx.p;
	p->s = saved;
	return e;
}

/*
 * One {field} at fp->s ('{') of a body at nesting level (0: the
 * f-string's, 1: a format spec's); returns where it ends (after '}').
 */
static const char *
fstring_field(struct parser *p, struct fpos *fp, const char *end, int raw,
    int level)
{
	struct loc l = fp_loc(p, fp, fp->s), ql;
	const char *s = fp->s + 1, *q, *t;
	struct py_expr *f;
	size_t mark;
	int selfdoc = 0;

	py_enter(p, &l);
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
			py_syntax(p, &ql, "f-string: invalid conversion character:"
			    " expected 's', 'r', or 'a'");
		}
		f->op = q[1];
		q += 2;
	}
	if (q < end && *q == ':') {
		fp_to(fp, q + 1);
		mark = p->nstk;
		f->b = new_expr(p, PYE_FSTRING, &l);
		q = fstring_body(p, fp, end, raw, level + 1);
		f->b->items = (struct py_expr **)collect(p, mark, &f->b->n);
	} else if (selfdoc && f->op == 0)
		f->op = 'r';
	if (q >= end || *q != '}') {
		ql = fp_loc(p, fp, q);
		py_syntax(p, &ql, "f-string: expecting '}'");
	}
	push(p, f);
	py_leave(p);
	return q + 1;
}

/*
 * The literal text and fields of an f-string's body from fp->s, pushed;
 * in a format spec (spec: its nesting level, 1 or 2) up to the '}' that
 * ends it, which is returned.  As in CPython, a spec's field may have a
 * spec, but that one no fields.
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
			py_syntax(p, &l, "f-string: single '}' is not allowed");
		}
		if (*s == '{') {
			if (spec >= 2) {
				l = fp_loc(p, fp, s);
				py_syntax(p, &l, "f-string: expressions nested"
				    " too deeply");
			}
			flush_lit(p, fp, lit, s, raw);
			fp_to(fp, s);
			s = lit = fstring_field(p, fp, end, raw, spec);
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
struct py_expr *
py_strings(struct parser *p)
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
			py_syntax(p, &u.loc, "cannot mix bytes and nonbytes literals");
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
