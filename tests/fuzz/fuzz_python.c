/*
 * fuzz_python.c -- libFuzzer harness: one Python file's bytes through
 * py_parse() (py.h), the reader of Alembic's .py revision files.
 *
 * The bytes are passed as they are, not NUL-terminated, so that a read
 * past the end is caught.  Oracles beyond crashes, leaks and undefined
 * behaviour:
 *
 *  - a refusal is exactly one error (EXIT_INPUT) at a line and column
 *    inside the input (1-based, at most one line past its last);
 *  - an accepted file gives no diagnostic, and every statement and
 *    expression of its tree is located inside the input, has a kind of
 *    py.h and the fields its kind promises (names, operands, pairs);
 *  - line ends do not matter: the same text with CR LF for every LF is
 *    accepted or refused alike, with the same message at the same place.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/py.h"
#include "migsql/util.h"

/* Not common.h: the pipeline helpers there are not needed here. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the walk checks against. */
struct bounds {
	unsigned	 lines;		/* of the input */
	const char	*file;
};

static void
oracle_fail(const char *what, const struct loc *l)
{
	fprintf(stderr, "fuzz_python: oracle: %s at %u:%u\n", what,
	    l ? l->line : 0, l ? l->col : 0);
	abort();
}

static void
check_loc(const struct bounds *b, const struct loc *l)
{
	if (l->file != b->file || l->line < 1 || l->line > b->lines ||
	    l->col < 1)
		oracle_fail("a location outside the input", l);
}

static void check_expr(const struct bounds *b, const struct py_expr *e);

static void
check_exprs(const struct bounds *b, struct py_expr *const *v, size_t n)
{
	size_t i;

	if (n > 0 && v == NULL)
		oracle_fail("a NULL list", NULL);
	for (i = 0; i < n; i++)
		check_expr(b, v[i]);
}

static void
check_expr(const struct bounds *b, const struct py_expr *e)
{
	char *s;
	size_t i;

	if (e == NULL)
		oracle_fail("a NULL expression", NULL);
	check_loc(b, &e->loc);
	if (e->kind < PYE_NONE || e->kind > PYE_OTHER)
		oracle_fail("an unknown expression kind", &e->loc);
	if (py_expr_describe(e) == NULL)
		oracle_fail("no description", &e->loc);
	if ((s = py_dotted(e)) != NULL) {
		if (e->kind != PYE_NAME && e->kind != PYE_ATTR)
			oracle_fail("a dotted name of no name", &e->loc);
		free(s);
	}
	switch (e->kind) {
	case PYE_INT:
	case PYE_FLOAT:
	case PYE_IMAG:
	case PYE_NAME:
	case PYE_STR:
	case PYE_BYTES:
	case PYE_OTHER:
		if (e->s == NULL || strlen(e->s) > e->len)
			oracle_fail("a literal without its text", &e->loc);
		if (e->kind == PYE_INT && (e->s[0] < '0' || e->s[0] > '9'))
			oracle_fail("an integer that is no digits", &e->loc);
		if (e->kind == PYE_OTHER && e->a != NULL)
			check_expr(b, e->a);
		break;
	case PYE_ATTR:
		if (e->s == NULL)
			oracle_fail("an attribute without its name", &e->loc);
		check_expr(b, e->a);
		break;
	case PYE_FORMATTED:
		check_expr(b, e->a);
		if (e->b != NULL)
			check_expr(b, e->b);
		break;
	case PYE_UNARY:
		check_expr(b, e->a);
		break;
	case PYE_BINOP:
	case PYE_SUBSCRIPT:
		check_expr(b, e->a);
		check_expr(b, e->b);
		break;
	case PYE_IFEXP:
		check_expr(b, e->a);
		check_expr(b, e->b);
		check_expr(b, e->c);
		break;
	case PYE_CALL:
		check_expr(b, e->a);
		check_exprs(b, e->items, e->n);
		for (i = 0; i < e->nkw; i++)
			check_expr(b, e->kwargs[i]);
		break;
	case PYE_DICT:
		if (e->n % 2 != 0)
			oracle_fail("a dict of an odd count", &e->loc);
		check_exprs(b, e->items, e->n);
		break;
	case PYE_COMPARE:
		if (e->n < 2)
			oracle_fail("a comparison of one operand", &e->loc);
		for (i = 0; i + 1 < e->n; i++)
			if (e->cmps[i] < PY_CMP_EQ || e->cmps[i] > PY_CMP_IS_NOT)
				oracle_fail("an unknown comparison", &e->loc);
		check_exprs(b, e->items, e->n);
		break;
	case PYE_BOOLOP:
		if (e->n < 2)
			oracle_fail("a boolean operation of one operand",
			    &e->loc);
		/* FALLTHROUGH */
	case PYE_FSTRING:
	case PYE_LIST:
	case PYE_TUPLE:
	case PYE_SET:
		check_exprs(b, e->items, e->n);
		break;
	}
}

static void check_body(const struct bounds *b, struct py_stmt *const *v,
    size_t n);

static void
check_stmt(const struct bounds *b, const struct py_stmt *st)
{
	size_t i;

	check_loc(b, &st->loc);
	if (st->kind < PYS_EXPR || st->kind > PYS_OTHER)
		oracle_fail("an unknown statement kind", &st->loc);
	if (st->a != NULL)
		check_expr(b, st->a);
	if (st->b != NULL)
		check_expr(b, st->b);
	for (i = 0; i < st->ntargets; i++)
		if (st->targets[i] != NULL)
			check_expr(b, st->targets[i]);
		else if (st->kind != PYS_WITH)
			oracle_fail("a NULL target", &st->loc);
	check_exprs(b, st->items, st->nitems);
	for (i = 0; i < st->nnames; i++) {
		if (st->names[i] == NULL)
			oracle_fail("a NULL import name", &st->loc);
		check_loc(b, &st->name_locs[i]);
	}
	for (i = 0; i < st->nparams; i++) {
		if (st->params[i].name == NULL)
			oracle_fail("a parameter without a name", &st->loc);
		if (st->params[i].annotation != NULL)
			check_expr(b, st->params[i].annotation);
		if (st->params[i].default_ != NULL)
			check_expr(b, st->params[i].default_);
	}
	switch (st->kind) {
	case PYS_EXPR:
	case PYS_AUGASSIGN:
	case PYS_FOR:
		if (st->a == NULL)
			oracle_fail("a statement without its expression",
			    &st->loc);
		break;
	case PYS_ASSIGN:
		if (st->ntargets == 0 || (st->a == NULL && st->b == NULL))
			oracle_fail("an assignment of nothing", &st->loc);
		break;
	case PYS_DEF:
		if (st->name == NULL)
			oracle_fail("a def without a name", &st->loc);
		break;
	case PYS_FROM:
		if (st->module == NULL)
			oracle_fail("a from-import without a module", &st->loc);
		break;
	case PYS_OTHER:
		if (st->what == NULL)
			oracle_fail("an unexplained statement", &st->loc);
		break;
	}
	check_body(b, st->body, st->nbody);
	check_body(b, st->orelse, st->norelse);
}

static void
check_body(const struct bounds *b, struct py_stmt *const *v, size_t n)
{
	size_t i;

	if (n > 0 && v == NULL)
		oracle_fail("a NULL body", NULL);
	for (i = 0; i < n; i++)
		check_stmt(b, v[i]);
}

/* Lines of data as Python counts them (LF, CR LF, CR), plus one. */
static unsigned
count_lines(const uint8_t *data, size_t size)
{
	unsigned n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n')))
			n++;
	return n;
}

/* Parses; returns the module, *err the one error's "line:col: msg". */
static struct py_module *
parse(const uint8_t *data, size_t size, const struct bounds *b, char **err)
{
	struct py_module *m;
	struct diags d;
	struct loc l;

	diags_init(&d);
	m = py_parse(b->file, (const char *)data, size, &d);
	*err = NULL;
	if (m == NULL) {
		if (d.len != 1 || d.errors != 1 || d.exit_code != EXIT_INPUT)
			oracle_fail("a refusal that is not one error", NULL);
		/* The diagnostic holds a copy of the file name. */
		l = d.items[0].loc;
		if (l.file == NULL || strcmp(l.file, b->file) != 0)
			oracle_fail("an error in another file", &l);
		l.file = b->file;
		check_loc(b, &l);
		*err = xasprintf("%u:%u: %s", d.items[0].loc.line,
		    d.items[0].loc.col, d.items[0].message);
	} else {
		if (d.len != 0)
			oracle_fail("an accepted file with diagnostics", NULL);
		if (m->docstring != NULL && (m->nbody == 0 ||
		    m->body[0]->kind != PYS_EXPR))
			oracle_fail("a docstring of no statement", NULL);
		check_body(b, m->body, m->nbody);
	}
	diags_free(&d);
	return m;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bounds b = { count_lines(data, size), "fuzz.py" };
	struct py_module *m, *m2;
	uint8_t *crlf;
	char *err, *err2;
	size_t i, n;

	m = parse(data, size, &b, &err);
	if (memchr(data, '\r', size) == NULL && size < 4096) {
		crlf = xmalloc(2 * size + 1);
		for (i = n = 0; i < size; i++) {
			if (data[i] == '\n')
				crlf[n++] = '\r';
			crlf[n++] = data[i];
		}
		m2 = parse(crlf, n, &b, &err2);
		if ((m == NULL) != (m2 == NULL) || (err != NULL &&
		    strcmp(err, err2) != 0)) {
			fprintf(stderr, "LF: %s\nCR LF: %s\n",
			    err ? err : "accepted", err2 ? err2 : "accepted");
			oracle_fail("CR LF is read otherwise than LF", NULL);
		}
		py_module_free(m2);
		free(err2);
		free(crlf);
	}
	py_module_free(m);
	free(err);
	return 0;
}
