/* template.c -- compile and render dialect templates. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/client.h"
#include "migsql/template.h"

enum seg_kind { SEG_TEXT, SEG_VAR, SEG_IF, SEG_IFNOT, SEG_END };

struct seg {
	enum seg_kind	 kind;
	char		*text;	/* SEG_TEXT: the text; others: the name */
	size_t		 len;
	char		*sep;	/* SEG_VAR: list separator, or NULL */
	size_t		 end;	/* SEG_IF/IFNOT: index of the matching END */
	size_t		*marks;	/* SEG_TEXT: offsets of directive marks */
	size_t		 nmarks;
};

struct tpl {
	struct seg	*segs;
	size_t		 n;
	int		 statement; /* renders start with a statement mark */
};

/* Bytes of UTF-8 that code point cp takes. */
static size_t
utf8_len(unsigned long cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/*
 * Places value offset off of a one-line quoted scalar by walking its source
 * text and undoing the quoting (YAML 1.2.2 sections 7.3.1 and 7.3.2:
 * escapes in double quotes, '' in single quotes).  Columns count
 * characters, as libyaml's marks do.  Returns 0 when the scalar spans
 * lines (the caller falls back to a line-level place).
 */
static int
quoted_loc(const struct node *src, const char *srcbuf, size_t off,
    struct loc *l)
{
	const char *sp = srcbuf;
	unsigned line = 1, col = 1;
	size_t vi = 0;

	while (*sp != '\0' && line < src->loc.line)
		if (*sp++ == '\n')
			line++;
	while (*sp != '\0' && *sp != '\n' && col < src->loc.col) {
		sp++;
		if (((unsigned char)*sp & 0xC0) != 0x80)
			col++;
	}
	if (*sp != '\'' && *sp != '"')
		return 0;
	sp++;
	col++;
	while (vi < off) {
		size_t srclen = 1, vallen = 1, k;
		int escape = 1;

		if (*sp == '\0' || *sp == '\n')
			return 0;
		if (src->style == STYLE_SINGLE && sp[0] == '\'' && sp[1] == '\'')
			srclen = 2;
		else if (src->style == STYLE_DOUBLE && sp[0] == '\\') {
			switch (sp[1]) {
			case 'x': case 'u': case 'U': {
				char hex[9] = { 0 };

				srclen = sp[1] == 'x' ? 4 : sp[1] == 'u' ? 6 : 10;
				for (k = 2; k < srclen && sp[k] != '\0'; k++)
					hex[k - 2] = sp[k];
				vallen = utf8_len(strtoul(hex, NULL, 16));
				break;
			}
			case 'N': case '_':
				srclen = 2;
				vallen = 2;
				break;
			case 'L': case 'P':
				srclen = 2;
				vallen = 3;
				break;
			case '\0': case '\n':
				return 0;
			default:
				srclen = 2;
				break;
			}
		} else {
			/* One character: all of its UTF-8 bytes. */
			escape = 0;
			while (((unsigned char)sp[srclen] & 0xC0) == 0x80)
				srclen++;
			vallen = srclen;
		}
		for (k = 0; k < srclen; k++)
			if (sp[k] == '\0' || sp[k] == '\n')
				return 0;
		sp += srclen;
		/* Escapes are ASCII: a column a byte; else one character. */
		col += escape && srclen > 1 ? (unsigned)srclen : 1;
		vi += vallen;
	}
	l->line = line;
	l->col = col;
	return 1;
}

/* The location of byte offset off of src's value in the file. */
static struct loc
offset_loc(const struct node *src, const char *srcbuf, size_t off)
{
	struct loc l = src->loc;
	size_t i, line = 0, linestart = 0;

	for (i = 0; i < off && i < src->len; i++)
		if (src->text[i] == '\n') {
			line++;
			linestart = i + 1;
		}
	if (src->style == STYLE_LITERAL || src->style == STYLE_FOLDED) {
		/* Content starts on the line after the indicator. */
		unsigned indent = 0, ln = 1;
		const char *p = srcbuf;

		while (p != NULL && *p != '\0' && ln < src->loc.line + 1) {
			if (*p == '\n')
				ln++;
			p++;
		}
		while (p != NULL && *p == ' ') {
			indent++;
			p++;
		}
		l.line = src->loc.line + 1 + (unsigned)line;
		l.col = indent + 1 + (unsigned)(off - linestart);
		return l;
	}
	if (srcbuf != NULL && (src->style == STYLE_SINGLE ||
	    src->style == STYLE_DOUBLE) && quoted_loc(src, srcbuf, off, &l))
		return l;
	if (line > 0) {
		l.line += (unsigned)line;
		l.col = 0;	/* continuation lines: column unknown */
		return l;
	}
	l.col += (unsigned)off + (src->style == STYLE_PLAIN ? 0 : 1);
	return l;
}

struct compiler {
	const struct node	*src;
	const char		*srcbuf;
	const char		*text;
	const char *const	*allowed;
	const char		*what;
	struct diags		*d;
	int			 failed;
};

static void
cerr(struct compiler *c, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cerr(struct compiler *c, size_t off, const char *fmt, ...)
{
	struct loc l = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (c->src != NULL)
		l = offset_loc(c->src, c->srcbuf, off);
	strbuf_addf(&sb, "template '%s': ", c->what);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(c->d, EXIT_INPUT, c->src ? &l : NULL, "%s", sb.buf);
	strbuf_free(&sb);
	c->failed = 1;
}

static void
push(struct tpl *t, size_t *cap, struct seg s)
{
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		t->segs = xrealloc(t->segs, *cap * sizeof *t->segs);
	}
	t->segs[t->n++] = s;
}

static int
name_char(char ch, int first)
{
	return (ch >= 'a' && ch <= 'z') || ch == '_' ||
	    (!first && ch >= '0' && ch <= '9');
}

static int
allowed_name(const struct compiler *c, const char *name)
{
	const char *const *p;

	for (p = c->allowed; *p != NULL; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

static struct tpl *
compile(struct compiler *c)
{
	struct tpl *t = xcalloc(1, sizeof *t);
	struct strbuf text = STRBUF_INIT;
	size_t cap = 0, i = 0, len = strlen(c->text);
	size_t stack[32], depth = 0, stack_off[32];

	while (i < len) {
		const char *p = c->text + i;
		size_t start = i, nstart, nlen;
		struct seg s;
		char prefix = 0;
		char *name;

		if (*p != '{') {
			strbuf_addc(&text, *p);
			i++;
			continue;
		}
		if (p[1] == '{') {
			strbuf_addc(&text, '{');
			i += 2;
			continue;
		}
		if (text.len > 0) {
			memset(&s, 0, sizeof s);
			s.kind = SEG_TEXT;
			s.len = text.len;
			s.text = strbuf_detach(&text);
			push(t, &cap, s);
		}
		i++;
		if (c->text[i] == '?' || c->text[i] == '!' || c->text[i] == '/')
			prefix = c->text[i++];
		nstart = i;
		while (i < len && name_char(c->text[i], i == nstart))
			i++;
		nlen = i - nstart;
		if (nlen == 0 || i >= len ||
		    (c->text[i] != '}' && !(c->text[i] == '|' && !prefix))) {
			cerr(c, start, "malformed placeholder at '%.12s' (write "
			    "{{ for a literal {)", p);
			break;
		}
		name = xstrndup(c->text + nstart, nlen);
		memset(&s, 0, sizeof s);
		s.text = name;
		s.len = nlen;
		if (c->text[i] == '|') {
			size_t sepstart = ++i;

			while (i < len && c->text[i] != '}')
				i++;
			if (i >= len) {
				cerr(c, start, "unclosed placeholder '%.12s'", p);
				free(name);
				break;
			}
			s.sep = xstrndup(c->text + sepstart, i - sepstart);
		}
		i++;	/* the closing brace */
		if (!allowed_name(c, name)) {
			const char *sug = suggest(name, c->allowed);
			char hint[96];

			if (sug != NULL)
				snprintf(hint, sizeof hint, " (did you mean "
				    "{%s}?)", sug);
			else
				hint[0] = '\0';
			cerr(c, start, "unknown placeholder '{%s}'%s", name,
			    hint);
			free(name);
			free(s.sep);
			continue;
		}
		if (prefix == '?' || prefix == '!') {
			s.kind = prefix == '?' ? SEG_IF : SEG_IFNOT;
			if (depth == sizeof stack / sizeof stack[0]) {
				cerr(c, start, "sections nested too deep at "
				    "'%.12s'", p);
				free(name);
				break;
			}
			stack_off[depth] = start;
			stack[depth++] = t->n;
		} else if (prefix == '/') {
			s.kind = SEG_END;
			if (depth == 0 ||
			    strcmp(t->segs[stack[depth - 1]].text, name) != 0) {
				cerr(c, start, "'{/%s}' does not close the open "
				    "section%s", name, depth ? "" : " (none is open)");
				free(name);
				continue;
			}
			t->segs[stack[--depth]].end = t->n;
		} else
			s.kind = SEG_VAR;
		push(t, &cap, s);
	}
	if (text.len > 0) {
		struct seg s;

		memset(&s, 0, sizeof s);
		s.kind = SEG_TEXT;
		s.len = text.len;
		s.text = strbuf_detach(&text);
		push(t, &cap, s);
	}
	strbuf_free(&text);
	while (depth > 0 && !c->failed) {
		depth--;
		cerr(c, stack_off[depth], "section '{%c%s}' is never "
		    "closed", t->segs[stack[depth]].kind == SEG_IF ? '?' : '!',
		    t->segs[stack[depth]].text);
	}
	if (c->failed) {
		tpl_free(t);
		return NULL;
	}
	return t;
}

struct tpl *
tpl_compile(const struct node *src, const char *srcbuf,
    const char *const *allowed, const char *what, struct diags *d)
{
	struct compiler c = { src, srcbuf, src->text, allowed, what, d, 0 };

	return compile(&c);
}

struct tpl *
tpl_compile_text(const char *text, const char *const *allowed,
    const char *what, struct diags *d)
{
	struct compiler c = { NULL, NULL, text, allowed, what, d, 0 };

	return compile(&c);
}

static const struct tpl_var *
find_var(const struct tpl_var *vars, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return NULL;
}

static int
var_set(const struct tpl_var *v)
{
	if (v == NULL)
		return 0;
	if (v->items != NULL)
		return v->nitems > 0;
	return v->value != NULL && v->value[0] != '\0';
}

/* A text segment, with a directive mark before each of its directives. */
static void
text_marked(const struct seg *s, struct strbuf *out)
{
	static const char mark[2] = { CLIENT_MARK, CLIENT_MARK_DIRECTIVE };
	size_t at = 0, k;

	for (k = 0; k < s->nmarks; k++) {
		strbuf_addn(out, s->text + at, s->marks[k] - at);
		strbuf_addn(out, mark, sizeof mark);
		at = s->marks[k];
	}
	strbuf_addn(out, s->text + at, s->len - at);
}

static void render_segs(const struct tpl *, const struct tpl_var *, size_t,
    int, struct strbuf *);

void
tpl_render(const struct tpl *t, const struct tpl_var *vars, size_t nvars,
    struct strbuf *out)
{
	static const char mark[2] = { CLIENT_MARK, CLIENT_MARK_STATEMENT };

	if (t->statement)
		strbuf_addn(out, mark, sizeof mark);
	render_segs(t, vars, nvars, 1, out);
}

/* The segments of t rendered with vars, with their marks when marked. */
static void
render_segs(const struct tpl *t, const struct tpl_var *vars, size_t nvars,
    int marked, struct strbuf *out)
{
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		const struct seg *s = &t->segs[i];
		const struct tpl_var *v;

		switch (s->kind) {
		case SEG_TEXT:
			if (marked)
				text_marked(s, out);
			else
				strbuf_addn(out, s->text, s->len);
			break;
		case SEG_VAR:
			v = find_var(vars, nvars, s->text);
			if (v == NULL)
				break;
			if (v->items != NULL) {
				for (k = 0; k < v->nitems; k++) {
					if (k > 0)
						strbuf_adds(out, s->sep ? s->sep :
						    ", ");
					strbuf_adds(out, v->items[k]);
				}
			} else if (v->value != NULL)
				strbuf_adds(out, v->value);
			break;
		case SEG_IF:
		case SEG_IFNOT:
			v = find_var(vars, nvars, s->text);
			if (var_set(v) != (s->kind == SEG_IF))
				i = s->end;
			break;
		case SEG_END:
			break;
		}
	}
}

int
tpl_uses(const struct tpl *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->segs[i].kind != SEG_TEXT &&
		    strcmp(t->segs[i].text, name) == 0)
			return 1;
	return 0;
}

char *
tpl_flatten(const struct tpl *t, char filler, size_t **at)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	*at = xcalloc(t->n ? t->n : 1, sizeof **at);
	for (i = 0; i < t->n; i++) {
		(*at)[i] = sb.len;
		if (t->segs[i].kind == SEG_TEXT)
			strbuf_addn(&sb, t->segs[i].text, t->segs[i].len);
		else if (t->segs[i].kind == SEG_VAR)
			strbuf_addc(&sb, filler);
	}
	return strbuf_detach(&sb);
}

int
tpl_var_nth(const struct tpl *t, const size_t *at, size_t nth,
    const char **name, size_t *off)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->segs[i].kind == SEG_VAR && nth-- == 0) {
			*name = t->segs[i].text;
			*off = at[i];
			return 1;
		}
	return 0;
}

int
tpl_mark_directive(struct tpl *t, const size_t *at, size_t off)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct seg *s = &t->segs[i];

		if (s->kind != SEG_TEXT || off < at[i] || off >= at[i] + s->len)
			continue;
		s->marks = xrealloc(s->marks, (s->nmarks + 1) *
		    sizeof *s->marks);
		s->marks[s->nmarks++] = off - at[i];
		return 1;
	}
	return 0;
}

const char *
tpl_var_in(const struct tpl *t, const size_t *at, size_t start, size_t end,
    const char *const *allowed)
{
	size_t i, k;

	for (i = 0; i < t->n; i++) {
		if (t->segs[i].kind != SEG_VAR || at[i] < start || at[i] >= end)
			continue;
		for (k = 0; allowed != NULL && allowed[k] != NULL; k++)
			if (strcmp(allowed[k], t->segs[i].text) == 0)
				break;
		if (allowed == NULL || allowed[k] == NULL)
			return t->segs[i].text;
	}
	return NULL;
}

/* A byte that joins a token: a letter, a digit, '_', '$', or non-ASCII. */
static int
joins(unsigned char c)
{
	return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* The distinct names the template's sections test, at most max. */
static size_t
section_names(const struct tpl *t, const char **names, size_t max)
{
	size_t i, k, n = 0;

	for (i = 0; i < t->n; i++) {
		if (t->segs[i].kind != SEG_IF && t->segs[i].kind != SEG_IFNOT)
			continue;
		for (k = 0; k < n && strcmp(names[k], t->segs[i].text) != 0; k++)
			;
		if (k == n && n < max)
			names[n++] = t->segs[i].text;
	}
	return n;
}

/* A placeholder's stand-in in a render of tpl_glued(): a control byte
 * but tab and the line breaks. */
static int
stand_in(unsigned char c)
{
	return c >= 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/*
 * The stand-in of the first placeholder glued to a token in render r, or
 * 0.
 */
static unsigned char
glued_in(const struct strbuf *r)
{
	size_t i;

	for (i = 0; i < r->len; i++) {
		unsigned char c = (unsigned char)r->buf[i], b, a;

		if (!stand_in(c))
			continue;
		b = i > 0 ? (unsigned char)r->buf[i - 1] : ' ';
		a = i + 1 < r->len ? (unsigned char)r->buf[i + 1] : ' ';
		if (joins(b) || b == ':' || stand_in(b) || joins(a))
			return c;
	}
	return 0;
}

const char *
tpl_glued(const struct tpl *t)
{
	char markers[28][2];
	const char *items[28][1], *names[12], *vars[28];
	struct tpl_var *v = xcalloc(t->n ? t->n : 1, sizeof *v);
	struct strbuf r = STRBUF_INIT;
	size_t nn = section_names(t, names, 12), nvar = 0, i, k, nv;
	unsigned long mask;
	unsigned char hit = 0;
	int b;

	/* Each placeholder name renders as a byte of its own (a list: one
	   item), skipping tab and the line breaks; every way the sections
	   can fall is tried. */
	for (i = 0; i < t->n && nvar < sizeof vars / sizeof vars[0]; i++)
		if (t->segs[i].kind == SEG_VAR) {
			for (k = 0; k < nvar && strcmp(vars[k],
			    t->segs[i].text) != 0; k++)
				;
			if (k == nvar)
				vars[nvar++] = t->segs[i].text;
		}
	for (i = 0, b = 1; i < nvar; i++, b++) {
		while (b == '\t' || b == '\n' || b == '\r')
			b++;
		markers[i][0] = (char)b;
		markers[i][1] = '\0';
		items[i][0] = markers[i];
	}
	for (mask = 0; hit == 0 && mask < (1ul << nn); mask++) {
		for (nv = 0, i = 0; i < t->n; i++) {
			const struct seg *s = &t->segs[i];
			size_t m = nvar;
			int set = 1, many = s->kind == SEG_VAR && s->sep;

			if (s->kind == SEG_TEXT || s->kind == SEG_END)
				continue;
			for (k = 0; k < nn; k++)
				if (strcmp(names[k], s->text) == 0)
					set = (int)((mask >> k) & 1);
			for (k = 0; k < nvar; k++)
				if (strcmp(vars[k], s->text) == 0)
					m = k;
			/* A name only a section tests: any text will do. */
			v[nv++] = (struct tpl_var){ s->text, !set || many ? NULL :
			    m < nvar ? markers[m] : "1", set && many && m < nvar ?
			    items[m] : NULL, set && many ? 1 : 0 };
		}
		strbuf_reset(&r);
		render_segs(t, v, nv, 0, &r);	/* without marks */
		hit = glued_in(&r);
	}
	strbuf_free(&r);
	free(v);
	for (i = 0; hit != 0 && i < nvar; i++)
		if ((unsigned char)markers[i][0] == hit)
			return vars[i];
	return NULL;
}

void
tpl_mark_statement(struct tpl *t)
{
	t->statement = 1;
}

size_t
tpl_var_offset(const struct tpl *t, const size_t *at, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->segs[i].kind == SEG_VAR &&
		    strcmp(t->segs[i].text, name) == 0)
			return at[i];
	return (size_t)-1;
}

void
tpl_free(struct tpl *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->segs[i].text);
		free(t->segs[i].sep);
		free(t->segs[i].marks);
	}
	free(t->segs);
	free(t);
}
