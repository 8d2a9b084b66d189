/*
 * nodepos.c -- where a byte of a scalar's value was written (nodepos.h).
 *
 * The reader follows YAML 1.2.2: flow scalars (plain, single- and
 * double-quoted) fold line breaks (section 6.5, "Line Folding": one break
 * between text becomes a space, each empty line a line feed, white space
 * around a break dropped; in double quotes a '\' before the break joins
 * the lines, section 7.3.1); escapes are those of section 5.7 as libyaml
 * decodes them; block scalars (section 8.1) strip their indentation, and
 * folded ones fold breaks between lines that are not more indented.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/nodepos.h"

struct rd {
	const char		*s, *end;	/* the source cursor */
	unsigned		 line, col;	/* where *s is */
	const struct node	*n;
	size_t			 vi;		/* value bytes rebuilt */
	size_t			 off;		/* the byte looked for */
	int			 found, bad;
	struct loc		 at;
};

/* Bytes of the UTF-8 character at p (1 for a stray byte). */
static size_t
char_len(const char *p, const char *end)
{
	size_t k = 1;

	while (p + k < end && ((unsigned char)p[k] & 0xC0) == 0x80)
		k++;
	return k;
}

static int
at_break(const struct rd *r)
{
	return r->s < r->end && (*r->s == '\n' || *r->s == '\r');
}

static int
at_white(const struct rd *r)
{
	return r->s < r->end && (*r->s == ' ' || *r->s == '\t');
}

/* Moves past one character (a CR LF pair counting as one break). */
static void
adv(struct rd *r)
{
	if (r->s >= r->end)
		return;
	if (*r->s == '\r' && r->s + 1 < r->end && r->s[1] == '\n')
		r->s++;
	if (*r->s == '\n' || *r->s == '\r') {
		r->s++;
		r->line++;
		r->col = 1;
		return;
	}
	r->s += char_len(r->s, r->end);
	r->col++;
}

/* The value grows by n bytes b, written at line:col of the file. */
static void
emit(struct rd *r, const char *b, size_t n, unsigned line, unsigned col)
{
	size_t i;

	for (i = 0; i < n && !r->found && !r->bad; i++) {
		if (r->vi >= r->n->len || r->n->text[r->vi] != b[i]) {
			r->bad = 1;
			return;
		}
		if (r->vi == r->off) {
			r->found = 1;
			r->at.line = line;
			r->at.col = col;
		}
		r->vi++;
	}
}

/* Emits the character at the cursor as itself and moves past it. */
static void
emit_char(struct rd *r)
{
	emit(r, r->s, char_len(r->s, r->end), r->line, r->col);
	adv(r);
}

static int
going(const struct rd *r)
{
	return !r->found && !r->bad && r->s < r->end;
}

/* Puts the cursor at line:col (1-based, columns in characters). */
static int
seek(struct rd *r, unsigned line, unsigned col)
{
	while (r->s < r->end && r->line < line)
		adv(r);
	while (r->s < r->end && r->line == line && r->col < col && !at_break(r))
		adv(r);
	return r->line == line && r->col == col;
}

/* UTF-8 of code point c into b; returns its length. */
static size_t
utf8_put(unsigned long c, char *b)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	b[0] = (char)(0xF0 | (c >> 18));
	b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	b[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* A double-quoted escape at the cursor ('\' then not a break): emits
   what it stands for (YAML 1.2.2, 5.7) and moves past it. */
static void
escape(struct rd *r)
{
	static const char simple[][2] = {
		{ '0', '\0' }, { 'a', '\a' }, { 'b', '\b' }, { 't', '\t' },
		{ '\t', '\t' }, { 'n', '\n' }, { 'v', '\v' }, { 'f', '\f' },
		{ 'r', '\r' }, { 'e', '\x1b' }, { ' ', ' ' }, { '"', '"' },
		{ '/', '/' }, { '\\', '\\' },
	};
	unsigned line = r->line, col = r->col;
	char b[4], e;
	size_t i, digits = 0;

	adv(r);
	if (r->s >= r->end) {
		r->bad = 1;
		return;
	}
	e = *r->s;
	adv(r);
	for (i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (simple[i][0] == e) {
			emit(r, &simple[i][1], 1, line, col);
			return;
		}
	switch (e) {
	case 'N': emit(r, "\xC2\x85", 2, line, col); return;
	case '_': emit(r, "\xC2\xA0", 2, line, col); return;
	case 'L': emit(r, "\xE2\x80\xA8", 3, line, col); return;
	case 'P': emit(r, "\xE2\x80\xA9", 3, line, col); return;
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default:
		r->bad = 1;
		return;
	}
	{
		char hex[9] = { 0 };

		for (i = 0; i < digits && r->s < r->end; i++) {
			hex[i] = *r->s;
			adv(r);
		}
		emit(r, b, utf8_put(strtoul(hex, NULL, 16), b), line, col);
	}
}

/*
 * At a line break inside a flow scalar: moves past it and the empty lines
 * after it, and the next line's leading white space; emits a space for a
 * lone break, else a line feed per empty line (YAML 1.2.2, 6.5).  joined:
 * the break was escaped ('\' before it), so a lone one gives nothing.
 */
static void
fold(struct rd *r, int joined)
{
	unsigned line = r->line, col = r->col;
	size_t empty = 0;

	adv(r);
	for (;;) {
		while (at_white(r))
			adv(r);
		if (!at_break(r))
			break;
		emit(r, "\n", 1, r->line, r->col);
		empty++;
		adv(r);
	}
	if (empty == 0 && !joined)
		emit(r, " ", 1, line, col);
}

/* A plain or quoted scalar; the cursor is at its first character. */
static void
flow(struct rd *r)
{
	int style = r->n->style;
	const char *white = NULL;	/* pending white space starts here */
	unsigned wline = 0, wcol = 0;

	if (style != STYLE_PLAIN)
		adv(r);			/* the opening quote */
	while (going(r)) {
		if (at_white(r)) {
			if (white == NULL) {
				white = r->s;
				wline = r->line;
				wcol = r->col;
			}
			adv(r);
			continue;
		}
		if (at_break(r)) {
			white = NULL;	/* trailing white space is dropped */
			fold(r, 0);
			continue;
		}
		if (white != NULL) {
			/* Kept: text follows on this line. */
			size_t k;

			for (k = 0; white + k < r->s; k++)
				emit(r, white + k, 1, wline, wcol + (unsigned)k);
			white = NULL;
		}
		if (style == STYLE_SINGLE && *r->s == '\'') {
			if (r->s + 1 >= r->end || r->s[1] != '\'')
				return;		/* the closing quote */
			emit(r, "'", 1, r->line, r->col);
			adv(r);
			adv(r);
		} else if (style == STYLE_DOUBLE && *r->s == '"')
			return;
		else if (style == STYLE_DOUBLE && *r->s == '\\') {
			if (r->s + 1 < r->end && (r->s[1] == '\n' ||
			    r->s[1] == '\r')) {
				adv(r);
				fold(r, 1);
			} else
				escape(r);
		} else
			emit_char(r);
	}
}

/* Spaces at the start of the line at the cursor (not moving it). */
static unsigned
indent_here(const struct rd *r)
{
	const char *p = r->s;

	while (p < r->end && *p == ' ')
		p++;
	return (unsigned)(p - r->s);
}

/* 1 when the line at the cursor holds only spaces (or nothing). */
static int
blank_line(const struct rd *r)
{
	const char *p = r->s;

	while (p < r->end && *p == ' ')
		p++;
	return p >= r->end || *p == '\n' || *p == '\r';
}

/* Moves to the start of the next line. */
static void
next_line(struct rd *r)
{
	while (r->s < r->end && !at_break(r))
		adv(r);
	adv(r);
}

/* The content indentation of a block scalar whose content starts at the
   cursor (YAML 1.2.2, 8.1.1.1: the first non-empty line's), or 0. */
static unsigned
block_indent(const struct rd *r)
{
	struct rd probe = *r;

	while (probe.s < probe.end && blank_line(&probe))
		next_line(&probe);
	return probe.s < probe.end ? indent_here(&probe) : 0;
}

/* A literal or folded block scalar; the cursor is at its indicator. */
static void
block(struct rd *r)
{
	int folded = r->n->style == STYLE_FOLDED, prev_normal = -1;
	unsigned indent, bline = 0, bcol = 0, k;
	size_t empty = 0;

	adv(r);
	while (r->s < r->end && (*r->s == '+' || *r->s == '-'))
		adv(r);
	if (r->s < r->end && *r->s >= '1' && *r->s <= '9') {
		r->bad = 1;	/* explicit indentation: not followed */
		return;
	}
	next_line(r);
	if ((indent = block_indent(r)) == 0) {
		r->bad = 1;
		return;
	}
	while (going(r)) {
		if (blank_line(r) && indent_here(r) <= indent) {
			if (!folded)
				emit(r, "\n", 1, r->line, r->col);
			else
				empty++;
			next_line(r);
			continue;
		}
		if (indent_here(r) < indent)
			return;			/* the scalar has ended */
		for (k = 0; k < indent; k++)
			adv(r);
		if (folded && prev_normal >= 0) {
			/* The break before this line, and the empty ones. */
			int normal = !at_white(r);

			if (prev_normal && normal && empty == 0)
				emit(r, " ", 1, bline, bcol);
			else if (!(prev_normal && normal))
				emit(r, "\n", 1, bline, bcol);
			for (; empty > 0; empty--)
				emit(r, "\n", 1, bline, bcol);
		}
		prev_normal = !at_white(r);
		while (going(r) && !at_break(r))
			emit_char(r);
		bline = r->line;
		bcol = r->col;
		if (!folded)
			emit(r, "\n", 1, bline, bcol);
		adv(r);
	}
}

int
nodepos_loc(const struct node *n, const char *src, size_t srclen,
    size_t off, struct loc *out)
{
	struct rd r;
	int after = 0;

	*out = n->loc;
	if (src == NULL || n->kind != NODE_SCALAR || off > n->len ||
	    n->loc.line == 0 || n->loc.col == 0)
		return 0;
	if (off == n->len) {
		if (off == 0)
			return 0;
		off--;		/* just after the last byte */
		after = 1;
	}
	if (n->style == STYLE_BUILT)
		return 0;	/* not YAML: no place inside it is known */
	memset(&r, 0, sizeof r);
	r.s = src;
	r.end = src + srclen;
	r.line = 1;
	r.col = 1;
	r.n = n;
	r.off = off;
	if (!seek(&r, n->loc.line, n->loc.col))
		return 0;
	if (n->style == STYLE_LITERAL || n->style == STYLE_FOLDED)
		block(&r);
	else
		flow(&r);
	if (!r.found)
		return 0;
	out->line = r.at.line;
	out->col = r.at.col + (after && n->text[off] != '\n' ? 1 : 0);
	return 1;
}
