/* py_int.h -- what py_lex.c and py_parse.c share (not an interface). */
#ifndef MIGSQL_PY_INT_H
#define MIGSQL_PY_INT_H

#include <setjmp.h>
#include <stddef.h>

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

#endif
