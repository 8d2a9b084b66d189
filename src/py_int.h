/* py_int.h -- what py_lex.c and py_parse.c share (not an interface). */
#ifndef MIGSQL_PY_INT_H
#define MIGSQL_PY_INT_H

#include <setjmp.h>
#include <stddef.h>
#include <string.h>

#include "migsql/py.h"
#include "migsql/util.h"

/*
 * The arena: every node and string of a module, bump-allocated from a
 * list of chunks, so a revision file costs a handful of malloc() calls
 * and is freed at once.
 */
struct py_chunk;
struct py_arena {
	struct py_chunk	*chunks;
	char		*next;		/* free space of the newest chunk */
	size_t		 left;
};

/* Zeroed memory from the arena (never NULL: out_of_memory() exits). */
void	*py_alloc(struct py_arena *a, size_t n);
/* A NUL-terminated copy of n bytes of s in the arena. */
char	*py_strndup(struct py_arena *a, const char *s, size_t n);
void	 py_arena_free(struct py_arena *a);

/*
 * What a parse shares between its stages.  The first error is reported
 * to d and unwinds with longjmp() to py_parse(): Python stops at its
 * first syntax error, and everything allocated until then is either in
 * the arena or owned by the parser, which py_parse() frees, so no frame
 * in between holds anything to free.
 */
struct py_ctx {
	const char	*file;
	struct diags	*d;
	struct py_arena	*arena;
	jmp_buf		 fail;
	int		 depth;		/* nesting of expressions, blocks,
					   f-strings (PY_MAX_DEPTH) */
	struct strbuf	 num;		/* the digits of a number being
					   read: freed by py_parse(), as
					   an error unwinds past it */
};

/* Reports "invalid Python: ..." at loc and unwinds to py_parse(). */
void py_fail(struct py_ctx *c, const struct loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

enum py_tok_type {
	PT_EOF, PT_NEWLINE, PT_INDENT, PT_DEDENT, PT_NAME, PT_NUMBER,
	PT_STRING, PT_OP
};

/* Keywords (kw of a PT_NAME; 0 for a plain name, soft keywords too). */
enum py_kw {
	KW_NONE, KW_FALSE, KW_NONE_, KW_TRUE, KW_AND, KW_AS, KW_ASSERT,
	KW_ASYNC, KW_AWAIT, KW_BREAK, KW_CLASS, KW_CONTINUE, KW_DEF, KW_DEL,
	KW_ELIF, KW_ELSE, KW_EXCEPT, KW_FINALLY, KW_FOR, KW_FROM, KW_GLOBAL,
	KW_IF, KW_IMPORT, KW_IN, KW_IS, KW_LAMBDA, KW_NONLOCAL, KW_NOT,
	KW_OR, KW_PASS, KW_RAISE, KW_RETURN, KW_TRY, KW_WHILE, KW_WITH,
	KW_YIELD
};

/*
 * Operator codes (op of a PT_OP): a single character stands for itself;
 * these stand for the longer ones.
 */
enum {
	OP_POW = 256, OP_FLOORDIV, OP_LSHIFT, OP_RSHIFT, OP_EQ, OP_NE, OP_LE,
	OP_GE, OP_ARROW, OP_WALRUS, OP_ELLIPSIS,
	/* augmented assignment: OP_AUG + the PY_OP_* code */
	OP_AUG = 512
};

struct py_tok {
	int		 type;		/* enum py_tok_type */
	int		 op;		/* PT_OP: the character or OP_* */
	int		 kw;		/* PT_NAME: enum py_kw */
	struct loc	 loc;
	const char	*p;		/* the source text (normalised) */
	size_t		 n;
	/* PT_NAME: the name, NUL-terminated in the arena.  PT_NUMBER:
	   the literal without underscores.  PT_STRING (not an f-string):
	   the decoded value. */
	const char	*s;
	size_t		 len;
	/* PT_STRING */
	int		 sflags;	/* PY_STR_* */
	const char	*body;		/* between the quotes, raw */
	size_t		 bodylen;
	unsigned	 bline, bcol;	/* where body starts */
	/* PT_NUMBER */
	int		 numkind;	/* PYE_INT, PYE_FLOAT, PYE_IMAG */
};

/*
 * The tokenizer.  It runs on demand (py_lex_next()), so that errors are
 * reported in the order of the file as CPython does.
 */
struct py_lexer {
	struct py_ctx	*c;
	const char	*p, *end;	/* normalised text: '\n' line ends */
	unsigned	 line;
	const char	*linestart;
	unsigned	 colbase;	/* the column of linestart */
	const char	*cpos;		/* column cache: col of cpos */
	unsigned	 ccol;
	int		 atbol;		/* at the beginning of a line */
	const char	*latin1;	/* the file declares this Latin-1
					   encoding: ASCII outside comments */
	int		 fexpr;		/* inside an f-string's {field}: stop
					   at } ! : = at depth 0 */
	int		 pending;	/* DEDENTs still to give */
	int		 eof;		/* EOF given */
	int		 lastnl;	/* the last token was NEWLINE or none */
	int		 nindent;
	int		 indents[PY_MAX_DEPTH + 1];
	int		 altindents[PY_MAX_DEPTH + 1];
	int		 nparen;
	char		 parens[PY_MAX_DEPTH + 1];
	struct loc	 parenlocs[PY_MAX_DEPTH + 1];
};

/*
 * Prepares buf (len bytes) for lexing: strips a BOM, reads a PEP 263
 * declaration, checks UTF-8 and refuses NUL bytes, and turns CR LF and
 * CR into LF; the copy is in the arena.  Then starts lx on it.
 */
void py_lex_init(struct py_lexer *lx, struct py_ctx *c, const char *buf,
    size_t len);
/* Starts lx on the expression of an f-string field at p (line, col). */
void py_lex_init_fexpr(struct py_lexer *lx, struct py_ctx *c,
    const char *p, const char *end, unsigned line, unsigned col);
/* The next token into *t. */
void py_lex_next(struct py_lexer *lx, struct py_tok *t);

/*
 * Decodes the escapes of a (non-raw) string part of n bytes at s, which
 * starts at line:col, into the arena: *len gets the length.  bytes: b''
 * rules (\u and \U are not escapes, and the value is bytes).
 */
char *py_decode(struct py_ctx *c, const char *s, size_t n, int bytes,
    unsigned line, unsigned col, size_t *len);

/* Advances line:col over the n bytes at s (columns count characters). */
void py_advance(const char *s, size_t n, unsigned *line, unsigned *col);

/*
 * The parser (py_parse.c: expressions; py_str.c: string literals;
 * py_stmt.c: statements), what its three files share.
 */

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

/* What a starred target is (a PYE_OTHER's s, compared by address). */
extern const char py_w_starred[];

/* Reports "invalid Python: ..." at l and unwinds (py_fail()). */
void py_syntax(struct parser *p, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
/* A syntax error at the current token, said as CPython would. */
void py_unexpected(struct parser *p) __attribute__((noreturn));
/* Consumes the operator op, else an error "expected 'spelled'". */
void py_expect_op(struct parser *p, int op, const char *spelled);
/* Consumes a name (not a keyword) and returns it. */
const char *py_expect_name(struct parser *p);
/* One level deeper (an error past PY_MAX_DEPTH), and back. */
void py_enter(struct parser *p, const struct loc *l);
void py_leave(struct parser *p);

/* Grammar rules of "The Python Language Reference" 3.11 (py_parse.c),
   each reading from the current token and returning its tree. */
struct py_expr *py_expression(struct parser *p);	/* expression */
struct py_expr *py_named_expr(struct parser *p);	/* x := e, or e */
struct py_expr *py_star_exprs(struct parser *p);	/* a tuple if a comma */
struct py_expr *py_exprs_or_yield(struct parser *p);
struct py_expr *py_bitor(struct parser *p);		/* a | b and tighter */
struct py_expr *py_star_named(struct parser *p);	/* *x, or x := e */
/* The arguments of a call ('(' current) into e. */
void py_call_args(struct parser *p, struct py_expr *e);
/* The parameters of a def (up to ')') or a lambda (up to ':'). */
struct py_param *py_params(struct parser *p, int lambda, size_t *np);
/* Adjacent string literals, concatenated, f-strings read (py_str.c). */
struct py_expr *py_strings(struct parser *p);
/* The statements of the file into m (py_stmt.c). */
void py_parse_module(struct parser *p, struct py_module *m);

/*
 * The token k ahead; the pointer lasts until the next call (which may
 * move the array), and the tokens behind the current one are gone.
 */
static inline struct py_tok *
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

static inline struct py_tok
take(struct parser *p)
{
	struct py_tok t = *CUR(p);

	if (t.type != PT_EOF)
		p->s->pos++;
	return t;
}

static inline int
is_op(struct parser *p, size_t k, int op)
{
	struct py_tok *t = peek(p, k);

	return t->type == PT_OP && t->op == op;
}

static inline int
is_kw(struct parser *p, size_t k, int kw)
{
	struct py_tok *t = peek(p, k);

	return t->type == PT_NAME && t->kw == kw;
}

static inline int
is_type(struct parser *p, size_t k, int type)
{
	return peek(p, k)->type == type;
}

static inline struct loc
here(struct parser *p)
{
	return CUR(p)->loc;
}

static inline void
push(struct parser *p, void *v)
{
	if (p->nstk == p->capstk) {
		p->capstk = p->capstk ? p->capstk * 2 : 256;
		p->stk = xrealloc(p->stk, p->capstk * sizeof *p->stk);
	}
	p->stk[p->nstk++] = v;
}

/* The list pushed since mark, copied into the arena, and popped. */
static inline void **
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

static inline struct py_expr *
new_expr(struct parser *p, int kind, const struct loc *l)
{
	struct py_expr *e = py_alloc(p->c->arena, sizeof *e);

	e->kind = kind;
	e->loc = *l;
	return e;
}

static inline struct py_expr *
new_other(struct parser *p, const char *what, const struct loc *l,
    struct py_expr *a)
{
	struct py_expr *e = new_expr(p, PYE_OTHER, l);

	e->s = what;
	e->len = strlen(what);
	e->a = a;
	return e;
}

#endif
