/*
 * template.h -- the dialect template language (man/migsql-dialect.5).
 *
 *   {name}          the value of placeholder name ("" when unset)
 *   {name|SEP}      a list placeholder, its items joined with SEP
 *   {?name}...{/name}  the text between, only when name is set and not
 *                   empty (a list: has items)
 *   {!name}...{/name}  the text between, only when name is unset or empty
 *   {{              a literal '{'
 *
 * Names are [a-z_][a-z0-9_]*.  Every template has a fixed set of
 * placeholders (dialect.c); tpl_compile() rejects any other name, an
 * unclosed or mismatched section and a malformed brace, at the file:line:col
 * of the offending character.  Nothing is evaluated: values are inserted as
 * the render stage prepared them (identifiers already quoted, literals
 * already escaped).
 */
#ifndef MIGSQL_TEMPLATE_H
#define MIGSQL_TEMPLATE_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/node.h"
#include "migsql/util.h"

struct tpl;

/* A value for one placeholder.  value NULL and items NULL: unset. */
struct tpl_var {
	const char		*name;
	const char		*value;	/* a scalar value, or NULL */
	const char *const	*items;	/* a list value, or NULL */
	size_t			 nitems;
};

/*
 * Compiles the template held by scalar node src (its text), allowing the
 * placeholders named in allowed (NULL-terminated).  srcbuf is the whole
 * file's text (NUL-terminated), used to place errors inside block scalars;
 * it may be NULL.  what names the template in messages.  Returns the
 * compiled template (free with tpl_free()), or NULL after appending every
 * error (EXIT_INPUT) to d.
 */
struct tpl *tpl_compile(const struct node *src, const char *srcbuf,
    const char *const *allowed, const char *what, struct diags *d);

/* Compiles text that has no source node (tests); errors have no place. */
struct tpl *tpl_compile_text(const char *text, const char *const *allowed,
    const char *what, struct diags *d);

/*
 * Appends the template rendered with vars (nvars entries; names not in
 * vars are unset) to out, with its marks (below) when it has any.
 */
void tpl_render(const struct tpl *t, const struct tpl_var *vars,
    size_t nvars, struct strbuf *out);

/* 1 when the template uses placeholder name anywhere. */
int tpl_uses(const struct tpl *t, const char *name);

/*
 * Marks for the whole-script check (client.h).  A dialect reads each
 * template as its client would, once, when it loads: tpl_flatten()
 * gives the template's text with every section in and each placeholder
 * standing as the one byte filler (a malloc'd string; *at, malloc'd too, receives for
 * each segment its offset in that text); tpl_mark_directive() then marks
 * the client command found at offset off of that text, which must lie in
 * the template's own text (returns 0 when it lies in a placeholder), so
 * that every render puts a directive mark before it; tpl_mark_statement()
 * makes every render start with a statement mark.  tpl_var_offset() is
 * where placeholder name stands in that text ((size_t)-1: nowhere).
 * Templates without marks render plain text.
 */
char *tpl_flatten(const struct tpl *t, char filler, size_t **at);
/* The nth placeholder of t (from 0): its name and its offset in the
 * flattened text; 0 when there are fewer. */
int tpl_var_nth(const struct tpl *t, const size_t *at, size_t nth,
    const char **name, size_t *off);
int tpl_mark_directive(struct tpl *t, const size_t *at, size_t off);
void tpl_mark_statement(struct tpl *t);
/*
 * The first placeholder in [start, end) of the flattened text that is not
 * in allowed (NULL-terminated; NULL: none is), or NULL.
 */
const char *tpl_var_in(const struct tpl *t, const size_t *at, size_t start,
    size_t end, const char *const *allowed);
/*
 * The first placeholder that the template may write glued to a token:
 * right after a letter, a digit, '_', '$', ':' or a byte >= 0x80, or
 * right before one of those but ':', or next to another placeholder, in
 * any render (every way its sections can fall is tried, up to twelve
 * section names): its value would join that token (:{name} would make a
 * psql variable, 0{x} a number run into letters).  NULL when none is.
 */
const char *tpl_glued(const struct tpl *t);
size_t tpl_var_offset(const struct tpl *t, const size_t *at,
    const char *name);

void tpl_free(struct tpl *t);

#endif /* MIGSQL_TEMPLATE_H */
