/*
 * py.h -- a static reader of Python 3 source: tokens and a syntax tree
 * (load stage, for Alembic revision files).  Nothing is ever executed.
 *
 * The tokenizer follows "The Python Language Reference" (3.11),
 * chapter 2 "Lexical analysis": logical and physical lines, explicit
 * (backslash) and implicit (brackets) line joining, comments, the
 * encoding declaration of PEP 263 (UTF-8 and ASCII are read; any other
 * is an error), INDENT/DEDENT from the indentation stack (tabs to the
 * next multiple of 8, and inconsistent use of tabs is an error as in
 * CPython), names (ASCII and UTF-8 letters), numbers (with underscores,
 * hex/octal/binary, floats, imaginary), and string literals of every
 * prefix (r, u, b, f, rb, br, fr, rf in any case), quote style and
 * triple quoting, with escapes decoded (section 2.4.1: \N{...} is not
 * read and is an error at it); adjacent literals are concatenated
 * (section 2.4.2).
 *
 * The parser reads the grammar of "The Python Language Reference" 3.11,
 * chapters 6-8, for what an Alembic revision file is made of; what it
 * does not model (a class, try, while, a lambda, a comprehension, a
 * slice, ...) it still reads past, keeping it as a PYS_OTHER statement or
 * PYE_OTHER expression that says what it is, so that a revision file is
 * refused only when such a construct is reached by the code migsql
 * evaluates (pyrev.h), and then at its file:line:col.
 *
 * A whole module, its nodes and strings live in one arena owned by the
 * struct py_module and freed by py_module_free().
 */
#ifndef MIGSQL_PY_H
#define MIGSQL_PY_H

#include <stddef.h>

#include "migsql/diag.h"

/* How deep expressions and blocks may nest before the file is refused
   (CPython's own parser stops at 200).  The parser recurses: at this
   depth it uses about 200 KB of stack (a thread needs that much). */
#define PY_MAX_DEPTH 100

enum py_expr_kind {
	PYE_NONE,	/* None */
	PYE_BOOL,	/* True / False: ival 1 / 0 */
	PYE_INT,	/* s: the digits as written, without underscores,
			   in base 10 (0x1F is "31"); ival its value when
			   it fits, else ival_overflow is set */
	PYE_FLOAT,	/* s: the literal as written, without underscores */
	PYE_IMAG,	/* s: as PYE_FLOAT, without the j */
	PYE_STR,	/* s, len: the decoded value (UTF-8; may hold NUL) */
	PYE_BYTES,	/* s, len: the bytes */
	PYE_FSTRING,	/* items: PYE_STR parts and PYE_FORMATTED fields, in
			   order (adjacent plain literals are merged in) */
	PYE_FORMATTED,	/* one {field} of an f-string: a = the expression,
			   op = the conversion ('s', 'r', 'a', or 0),
			   b = the format spec (a PYE_FSTRING) or NULL */
	PYE_ELLIPSIS,	/* ... */
	PYE_NAME,	/* s: the identifier */
	PYE_ATTR,	/* a.s: a = the object, s = the attribute name */
	PYE_CALL,	/* a(items..., kwnames[i]=kwargs[i]...) */
	PYE_SUBSCRIPT,	/* a[b] (b a PYE_TUPLE for a[x, y]) */
	PYE_LIST,	/* [items] */
	PYE_TUPLE,	/* (items) or a bare a, b */
	PYE_SET,	/* {items} */
	PYE_DICT,	/* {items[0]: items[1], ...}: n is twice the pairs;
			   a **m entry is the pair (PYE_OTHER "a dict
			   unpacking" whose a is m, m) */
	PYE_UNARY,	/* op a: op is '-', '+', '~' or 'n' (not) */
	PYE_BINOP,	/* a op b: op is one of the PY_OP_* codes */
	PYE_COMPARE,	/* items[0] cmps[0] items[1] cmps[1] ...: n operands,
			   n - 1 PY_CMP_* codes in cmps */
	PYE_BOOLOP,	/* items joined by op 'a' (and) or 'o' (or) */
	PYE_IFEXP,	/* a if b else c */
	PYE_OTHER	/* read past, not modelled: s says what it is, as
			   "a lambda", "a list comprehension", "a slice",
			   "a starred argument", "an await", "an
			   assignment expression"; a is its operand when
			   it has one (the x of *x, **x, await x, yield x,
			   x := v with b v; a lambda's body, a slice's
			   lower bound) */
};

/* Binary operators (op of PYE_BINOP). */
enum {
	PY_OP_ADD = '+', PY_OP_SUB = '-', PY_OP_MUL = '*', PY_OP_DIV = '/',
	PY_OP_MOD = '%', PY_OP_FLOORDIV = 'f', PY_OP_POW = 'p',
	PY_OP_MATMUL = '@', PY_OP_LSHIFT = 'l', PY_OP_RSHIFT = 'r',
	PY_OP_AND = '&', PY_OP_OR = '|', PY_OP_XOR = '^'
};

/* Comparison operators (cmps of PYE_COMPARE). */
enum {
	PY_CMP_EQ = 1, PY_CMP_NE, PY_CMP_LT, PY_CMP_LE, PY_CMP_GT, PY_CMP_GE,
	PY_CMP_IN, PY_CMP_NOT_IN, PY_CMP_IS, PY_CMP_IS_NOT
};

struct py_expr {
	struct loc		 loc;	/* where the expression starts */
	int			 kind;	/* enum py_expr_kind */
	int			 op;	/* see the kinds */
	const char		*s;	/* see the kinds; NUL-terminated */
	size_t			 len;	/* bytes of s, without the NUL */
	long long		 ival;	/* PYE_INT, PYE_BOOL */
	int			 ival_overflow;
	int			 string_flags; /* PYE_STR/BYTES/FSTRING:
					   PY_STR_* of the first literal */
	struct py_expr		*a, *b, *c;
	struct py_expr		**items;	/* see the kinds */
	size_t			 n;
	const char		**kwnames;	/* PYE_CALL: keyword names
						   (NULL for a **mapping,
						   whose value is kwargs[i]) */
	struct py_expr		**kwargs;
	size_t			 nkw;
	int			*cmps;		/* PYE_COMPARE */
};

/* string_flags: how the (first) literal was written. */
enum { PY_STR_RAW = 1, PY_STR_BYTES = 2, PY_STR_F = 4, PY_STR_TRIPLE = 8,
	PY_STR_CONCAT = 16 /* implicitly concatenated from several */ };

enum py_stmt_kind {
	PYS_EXPR,	/* a: an expression statement (a docstring, a call) */
	PYS_ASSIGN,	/* targets[0..ntargets) = a (a = b = v has two
			   targets); b: the annotation of an annotated
			   assignment (x: T = v, or x: T with a NULL) */
	PYS_AUGASSIGN,	/* targets[0] op= a (op a PY_OP_* code) */
	PYS_IMPORT,	/* import names[i] as asnames[i] (asnames[i] NULL
			   when absent); names are dotted, "a.b.c" */
	PYS_FROM,	/* from module import names[i] as asnames[i];
			   module is dotted ("" in from . import x),
			   level the leading dots;
			   names[0] "*" for a star import */
	PYS_DEF,	/* def name(params...) -> b: body; decorators in
			   items; async_ set for async def */
	PYS_WITH,	/* with items[i] as targets[i] (NULL when no as):
			   body */
	PYS_IF,		/* if a: body else: orelse (an elif is a PYS_IF
			   alone in orelse) */
	PYS_FOR,	/* for targets[0] in a: body else: orelse */
	PYS_PASS,
	PYS_RAISE,	/* raise a (NULL for a bare raise) from b */
	PYS_RETURN,	/* return a (or NULL) */
	PYS_OTHER	/* read past, not modelled: what says which, as "a
			   class definition", "a try statement", "a while
			   loop", "a del statement", "an assert statement",
			   "a global statement", "a match statement", "a
			   break statement", "a continue statement" */
};

/* One parameter of a def. */
struct py_param {
	struct loc		 loc;		/* of its name (or its * / **) */
	const char		*name;
	struct py_expr		*annotation;	/* or NULL */
	struct py_expr		*default_;	/* or NULL */
	int			 star;		/* 0, 1 (*args) or 2 (**kw) */
	int			 posonly;	/* before the / marker */
	int			 kwonly;	/* after * or *args (the
						   markers / and a bare *
						   are not listed) */
};

struct py_stmt {
	struct loc		 loc;	/* of the statement's first token */
	int			 kind;	/* enum py_stmt_kind */
	const char		*what;	/* PYS_OTHER */
	const char		*name;	/* PYS_DEF */
	const char		*module; /* PYS_FROM */
	int			 level;	/* PYS_FROM */
	int			 op;	/* PYS_AUGASSIGN */
	int			 async_; /* async def / with / for */
	struct py_expr		*a, *b;
	struct py_expr		**targets;	/* PYS_ASSIGN, AUGASSIGN, FOR,
						   WITH (NULL entries) */
	size_t			 ntargets;
	struct py_expr		**items;	/* PYS_WITH items, PYS_DEF
						   decorators */
	size_t			 nitems;
	const char		**names;	/* PYS_IMPORT, PYS_FROM */
	const char		**asnames;
	struct loc		*name_locs;	/* of names[i] */
	size_t			 nnames;
	struct py_param		*params;	/* PYS_DEF */
	size_t			 nparams;
	struct py_stmt		**body;
	size_t			 nbody;
	struct py_stmt		**orelse;
	size_t			 norelse;
};

struct py_arena;

/* A parsed module. */
struct py_module {
	struct py_stmt		**body;
	size_t			 nbody;
	const char		*docstring;	/* the module's, or NULL */
	struct py_arena		*arena;		/* everything above */
};

/*
 * Parses buf (len bytes, the whole file) as a Python 3 module.  file is
 * used for locations and must outlive the module.  On success returns
 * the module; on a lexical or syntax error appends one diagnostic
 * (EXIT_INPUT) at its file:line:col to d, as CPython stops at its first,
 * and returns NULL.  Lines and columns are 1-based; columns count
 * characters (UTF-8 sequences count one).  The caller frees the module
 * with py_module_free().
 */
struct py_module *py_parse(const char *file, const char *buf, size_t len,
    struct diags *d);

/* Frees a module and everything in it; NULL is ignored. */
void py_module_free(struct py_module *m);

/* "a call", "a string", "a name", ... for messages: the kind of e. */
const char *py_expr_describe(const struct py_expr *e);

/*
 * The dotted name an expression spells ("sa.Column", "op.f",
 * "op.get_context().dialect.name" is not one: calls break the chain):
 * malloc'd, the caller frees; NULL when e is not a name or a chain of
 * attributes over a name.
 */
char *py_dotted(const struct py_expr *e);

#endif /* MIGSQL_PY_H */
