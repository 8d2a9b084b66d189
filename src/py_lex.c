/*
 * py_lex.c -- the Python 3 tokenizer (py.h): "The Python Language
 * Reference" 3.11, chapter 2, and the arena the parse allocates from.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "py_int.h"
#include "migsql/util.h"

/*
 * Arena
 */

#define CHUNK_SIZE	16384
#define ALIGN		16

struct py_chunk {
	struct py_chunk	*next;
	/* then the memory, aligned to ALIGN */
};

#define CHUNK_HEAD	((sizeof(struct py_chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

void *
py_alloc(struct py_arena *a, size_t n)
{
	struct py_chunk *ch;
	size_t size;
	void *p;

	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	if (n > a->left) {
		/* A big request gets a chunk of its own and leaves the
		   current one in use. */
		size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
		ch = xmalloc(CHUNK_HEAD + size);
		ch->next = a->chunks;
		a->chunks = ch;
		if (size != CHUNK_SIZE) {
			p = (char *)ch + CHUNK_HEAD;
			memset(p, 0, n);
			return p;
		}
		a->next = (char *)ch + CHUNK_HEAD;
		a->left = size;
	}
	p = a->next;
	a->next += n;
	a->left -= n;
	memset(p, 0, n);
	return p;
}

char *
py_strndup(struct py_arena *a, const char *s, size_t n)
{
	char *p = py_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
py_arena_free(struct py_arena *a)
{
	struct py_chunk *ch, *next;

	for (ch = a->chunks; ch != NULL; ch = next) {
		next = ch->next;
		free(ch);
	}
	a->chunks = NULL;
	a->next = NULL;
	a->left = 0;
}

void
py_fail(struct py_ctx *c, const struct loc *loc, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	strbuf_adds(&sb, "invalid Python: ");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(c->d, EXIT_INPUT, loc, "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	longjmp(c->fail, 1);
}

void
py_advance(const char *s, size_t n, unsigned *line, unsigned *col)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/*
 * Preparing the text
 */

/* line:col of offset off of the raw (not yet normalised) buffer. */
static struct loc
raw_loc(struct py_ctx *c, const char *buf, size_t off)
{
	struct loc l = { c->file, 1, 1 };
	size_t i;

	for (i = 0; i < off; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' &&
		    (i + 1 >= off || buf[i + 1] != '\n'))) {
			l.line++;
			l.col = 1;
		} else if (buf[i] != '\r' && ((unsigned char)buf[i] & 0xc0) != 0x80)
			l.col++;
	}
	return l;
}

/*
 * The encoding a PEP 263 comment on the line at s (n bytes, no line
 * end) declares, as "coding[:=][ \t]*([-\w.]+)" in a comment-only line,
 * copied into out; 0 when the line declares none.
 */
static int
coding_of(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, j, k;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
		i++;
	if (i == n || s[i] != '#')
		return 0;
	for (; i + 7 <= n; i++) {
		if (memcmp(s + i, "coding", 6) != 0 ||
		    (s[i + 6] != ':' && s[i + 6] != '='))
			continue;
		for (j = i + 7; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		for (k = 0; j < n && k + 1 < outsz && (s[j] == '-' ||
		    s[j] == '_' || s[j] == '.' || (s[j] >= '0' && s[j] <= '9') ||
		    ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')); j++)
			out[k++] = s[j] == '_' ? '-' : (char)((s[j] >= 'A' &&
			    s[j] <= 'Z') ? s[j] | 0x20 : s[j]);
		out[k] = '\0';
		if (k > 0)
			return 1;
	}
	return 0;
}

/* Whether the line at s (n bytes) is blank or only a comment. */
static int
comment_only(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
		i++;
	return i == n || s[i] == '#';
}

static int
prefixed(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 &&
	    (name[n] == '\0' || name[n] == '-');
}

/*
 * Which of the codecs migsql reads the declared name enc stands for:
 * 'u' UTF-8, 'l' Latin-1, 'a' ASCII, 0 another.  As CPython: its
 * tokenizer's prefixes (utf-8-*, latin-1-*, ...), then the aliases of
 * Python's encodings package after its normalisation (runs of
 * punctuation but '.' become one '_', none at the ends).
 */
static int
codec_family(const char *enc)
{
	static const char *const utf8[] = { "utf_8", "utf8", "u8", "utf",
	    "utf8_ucs2", "utf8_ucs4", "cp65001", NULL };
	static const char *const latin1[] = { "latin_1", "latin1", "l1",
	    "latin", "iso8859_1", "iso_8859_1", "iso_8859_1_1987", "8859",
	    "cp819", "iso_ir_100", "csisolatin1", "ibm819", "iso_latin_1",
	    NULL };
	static const char *const ascii[] = { "ascii", "us_ascii", "646",
	    "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367",
	    "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6",
	    "us", NULL };
	char norm[64];
	size_t i, k = 0;
	int gap = 0;

	if (prefixed(enc, "utf-8"))
		return 'u';
	if (prefixed(enc, "latin-1") || prefixed(enc, "iso-8859-1") ||
	    prefixed(enc, "iso-latin-1"))
		return 'l';
	for (i = 0; enc[i] != '\0' && k + 2 < sizeof norm; i++) {
		if ((enc[i] >= 'a' && enc[i] <= 'z') || (enc[i] >= '0' &&
		    enc[i] <= '9') || enc[i] == '.') {
			if (gap && k > 0)
				norm[k++] = '_';
			norm[k++] = enc[i];
			gap = 0;
		} else
			gap = 1;
	}
	norm[k] = '\0';
	for (i = 0; utf8[i] != NULL; i++)
		if (strcmp(norm, utf8[i]) == 0)
			return 'u';
	for (i = 0; latin1[i] != NULL; i++)
		if (strcmp(norm, latin1[i]) == 0)
			return 'l';
	for (i = 0; ascii[i] != NULL; i++)
		if (strcmp(norm, ascii[i]) == 0)
			return 'a';
	return 0;
}

/*
 * Reads the encoding declaration of the first two lines (PEP 263; the
 * second only after a comment-only first line).  UTF-8 is read as is;
 * ASCII only when the file is ASCII; Latin-1 when it is ASCII outside
 * comments (which CPython decodes and then ignores): the text the two
 * share with UTF-8.  Anything else is refused: migsql reads UTF-8.
 * Returns the name of a Latin-1 declaration (in the arena), else NULL.
 */
static const char *
check_coding(struct py_ctx *c, const char *buf, size_t len, int bom)
{
	char enc[64];
	const char *s = buf, *e = buf + len, *nl;
	int family;
	struct loc l;
	size_t i;
	int line;

	for (line = 1; line <= 2 && s < e; line++) {
		for (nl = s; nl < e && *nl != '\n' && *nl != '\r'; nl++)
			;
		if (coding_of(s, (size_t)(nl - s), enc, sizeof enc))
			break;
		if (!comment_only(s, (size_t)(nl - s)))
			return NULL;
		s = nl + (nl < e && *nl == '\r' && nl + 1 < e && nl[1] == '\n');
		s += s < e;
	}
	if (line > 2 || s >= e)
		return NULL;
	l = raw_loc(c, buf, (size_t)(s - buf));
	if ((family = codec_family(enc)) == 'u')
		return NULL;
	if (bom)
		py_fail(c, &l, "encoding problem: '%s' with a UTF-8 BOM", enc);
	if (family == 'l')
		return py_strndup(c->arena, enc, strlen(enc));
	if (family == 'a') {
		for (i = 0; i < len; i++)
			if ((unsigned char)buf[i] >= 0x80) {
				l = raw_loc(c, buf, i);
				py_fail(c, &l, "the file declares the encoding '%s'"
				    " but holds a non-ASCII byte: only UTF-8 is"
				    " read, convert the file to UTF-8", enc);
			}
		return NULL;
	}
	py_fail(c, &l, "the file declares the encoding '%s': only UTF-8"
	    " (or ASCII) files are read, convert it to UTF-8", enc);
}

void
py_lex_init(struct py_lexer *lx, struct py_ctx *c, const char *buf,
    size_t len)
{
	const char *latin1;
	size_t i;
	char *out, *o;
	struct loc l;
	int bom = 0;

	/* A BOM is no character of the text: positions start after it. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
		bom = 1;
	}
	latin1 = check_coding(c, buf, len, bom);
	/* UTF-8 is checked by the tokenizer, outside comments: CPython
	   does not decode a comment (importlib compiles the bytes). */
	if ((o = memchr(buf, '\0', len)) != NULL) {
		l = raw_loc(c, buf, (size_t)(o - buf));
		py_fail(c, &l, "source code cannot contain null bytes");
	}
	o = out = py_alloc(c->arena, len + 1);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\r') {
			*o++ = '\n';
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else
			*o++ = buf[i];
	}
	*o = '\0';
	memset(lx, 0, sizeof *lx);
	lx->c = c;
	lx->p = lx->linestart = lx->cpos = out;
	lx->end = o;
	lx->line = 1;
	lx->colbase = lx->ccol = 1;
	lx->atbol = 1;
	lx->lastnl = 1;
	lx->nindent = 1;
	lx->latin1 = latin1;
}

void
py_lex_init_fexpr(struct py_lexer *lx, struct py_ctx *c, const char *p,
    const char *end, unsigned line, unsigned col)
{
	memset(lx, 0, sizeof *lx);
	lx->c = c;
	lx->p = lx->linestart = lx->cpos = p;
	lx->end = end;
	lx->line = line;
	lx->colbase = lx->ccol = col;
	lx->fexpr = 1;
	lx->nindent = 1;
}

/*
 * Positions
 */

static struct loc
lx_loc(struct py_lexer *lx, const char *at)
{
	struct loc l;

	if (lx->cpos < lx->linestart || lx->cpos > at) {
		lx->cpos = lx->linestart;
		lx->ccol = lx->colbase;
	}
	for (; lx->cpos < at; lx->cpos++)
		if (((unsigned char)*lx->cpos & 0xc0) != 0x80)
			lx->ccol++;
	l.file = lx->c->file;
	l.line = lx->line;
	l.col = lx->ccol;
	return l;
}

/* Consumes the '\n' at lx->p. */
static void
lx_newline(struct py_lexer *lx)
{
	lx->p++;
	lx->line++;
	lx->linestart = lx->p;
	lx->colbase = 1;
}

static void
lx_fail_at(struct py_lexer *lx, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

static void
lx_fail_at(struct py_lexer *lx, const char *at, const char *fmt, ...)
{
	struct loc l = lx_loc(lx, at);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	py_fail(lx->c, &l, "%s", msg);
}

/*
 * Refuses what is not UTF-8 in the n bytes at s (a name, a string), or
 * not ASCII in a file declared Latin-1.
 */
static void
check_text(struct py_lexer *lx, const char *s, size_t n)
{
	size_t i;

	if (lx->latin1 != NULL) {
		for (i = 0; i < n; i++)
			if ((unsigned char)s[i] >= 0x80)
				lx_fail_at(lx, s + i, "the file declares the"
				    " encoding '%s' but holds a non-ASCII"
				    " character outside comments: only UTF-8 is"
				    " read, convert the file to UTF-8",
				    lx->latin1);
		return;
	}
	if ((i = utf8_valid(s, n)) != (size_t)-1)
		lx_fail_at(lx, s + i, "the file is not UTF-8 (byte 0x%02x)",
		    (unsigned char)s[i]);
}

/*
 * Names, keywords, characters
 */

static const struct {
	const char	*name;
	int		 kw;
} keywords[] = {
	{ "False", KW_FALSE }, { "None", KW_NONE_ }, { "True", KW_TRUE },
	{ "and", KW_AND }, { "as", KW_AS }, { "assert", KW_ASSERT },
	{ "async", KW_ASYNC }, { "await", KW_AWAIT }, { "break", KW_BREAK },
	{ "class", KW_CLASS }, { "continue", KW_CONTINUE }, { "def", KW_DEF },
	{ "del", KW_DEL }, { "elif", KW_ELIF }, { "else", KW_ELSE },
	{ "except", KW_EXCEPT }, { "finally", KW_FINALLY }, { "for", KW_FOR },
	{ "from", KW_FROM }, { "global", KW_GLOBAL }, { "if", KW_IF },
	{ "import", KW_IMPORT }, { "in", KW_IN }, { "is", KW_IS },
	{ "lambda", KW_LAMBDA }, { "nonlocal", KW_NONLOCAL }, { "not", KW_NOT },
	{ "or", KW_OR }, { "pass", KW_PASS }, { "raise", KW_RAISE },
	{ "return", KW_RETURN }, { "try", KW_TRY }, { "while", KW_WHILE },
	{ "with", KW_WITH }, { "yield", KW_YIELD }
};

static int
keyword(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n > 8)
		return KW_NONE;
	for (i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (keywords[i].name[0] == s[0] &&
		    strncmp(keywords[i].name, s, n) == 0 &&
		    keywords[i].name[n] == '\0')
			return keywords[i].kw;
	return KW_NONE;
}

static int
is_name_start(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    ch == '_' || ch >= 0x80;
}

static int
is_name_char(unsigned char ch)
{
	return is_name_start(ch) || (ch >= '0' && ch <= '9');
}

/*
 * Whether code point cp may not be in a name.  Without Unicode's tables
 * the test is loose on purpose: it refuses spaces, punctuation and
 * symbols people paste by accident (no-break space, typographic quotes,
 * dashes, arrows, emoji) and lets letters of every script through.
 */
static int
bad_name_cp(unsigned long cp)
{
	if (cp < 0xa0)
		return cp >= 0x80;
	if (cp <= 0xbf)
		return cp != 0xaa && cp != 0xb5 && cp != 0xb7 && cp != 0xba;
	if (cp == 0xd7 || cp == 0xf7 || (cp >= 0x2c2 && cp <= 0x2c5) ||
	    (cp >= 0x2d2 && cp <= 0x2df) || (cp >= 0x2e5 && cp <= 0x2eb) ||
	    cp == 0x2ed || (cp >= 0x2ef && cp <= 0x2ff))
		return 1;
	/* unassigned planes, private use, noncharacters */
	if ((cp >= 0x40000 && cp <= 0xdffff) || cp >= 0xf0000 ||
	    (cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef))
		return 1;
	if (cp >= 0x2000 && cp <= 0x206f)
		return cp != 0x203f && cp != 0x2040 && cp != 0x2054;
	return (cp >= 0x2190 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x3003) ||
	    (cp >= 0x3008 && cp <= 0x3011) || cp == 0xfeff ||
	    (cp >= 0xff01 && cp <= 0xff0f) || (cp >= 0xe000 && cp <= 0xf8ff) ||
	    (cp >= 0x1f000 && cp <= 0x1faff);
}

/* Code points that may continue a name but not begin one (loosely). */
static int
bad_name_start(unsigned long cp)
{
	return cp == 0xb7 || (cp >= 0x300 && cp <= 0x36f) || cp == 0x203f ||
	    cp == 0x2040 || cp == 0x2054 || (cp >= 0xfe00 && cp <= 0xfe0f);
}

static void
lex_name(struct py_lexer *lx, struct py_tok *t)
{
	const char *s = lx->p;
	unsigned long cp;
	size_t n;

	while (lx->p < lx->end && is_name_char((unsigned char)*lx->p)) {
		if ((unsigned char)*lx->p < 0x80) {
			lx->p++;
			continue;
		}
		if (lx->latin1 != NULL)
			check_text(lx, lx->p, 1);
		cp = utf8_decode(lx->p, (size_t)(lx->end - lx->p), &n);
		if (cp == (unsigned long)-1)
			check_text(lx, lx->p, (size_t)(lx->end - lx->p));
		if (bad_name_cp(cp) || (lx->p == s && bad_name_start(cp))) {
			if (cp < 0xa0 || cp == 0xfeff)
				lx_fail_at(lx, lx->p, "invalid non-printable"
				    " character U+%04lX", cp);
			lx_fail_at(lx, lx->p, "invalid character '%.*s'"
			    " (U+%04lX)", (int)n, lx->p, cp);
		}
		lx->p += n;
	}
	t->type = PT_NAME;
	t->n = (size_t)(lx->p - s);
	t->kw = keyword(s, t->n);
	t->s = py_strndup(lx->c->arena, s, t->n);
	t->len = t->n;
}

/*
 * Numbers (section 2.4.5)
 */

/* Digits of base (up to 16) in s, n of them, as decimal digits. */
static char *
to_decimal(struct py_arena *a, const char *s, size_t n, int base)
{
	/* Little-endian limbs of 10^9: enough for n digits of base 16. */
	uint32_t *limb = xcalloc(n + 1, sizeof *limb);
	size_t nl = 1, i, j;
	char *out, *o;
	uint64_t carry;
	int d;

	for (i = 0; i < n; i++) {
		d = s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;
		carry = (uint64_t)d;
		for (j = 0; j < nl; j++) {
			carry += (uint64_t)limb[j] * (uint64_t)base;
			limb[j] = (uint32_t)(carry % 1000000000u);
			carry /= 1000000000u;
		}
		if (carry > 0)
			limb[nl++] = (uint32_t)carry;
	}
	o = out = py_alloc(a, nl * 9 + 1);
	o += sprintf(o, "%u", (unsigned)limb[nl - 1]);
	for (j = nl - 1; j-- > 0;)
		o += sprintf(o, "%09u", (unsigned)limb[j]);
	free(limb);
	return out;
}

static int
is_digit_of(int ch, int base)
{
	if (base == 16)
		return (ch >= '0' && ch <= '9') ||
		    ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
	return ch >= '0' && ch < '0' + base;
}

/*
 * Digits of base at lx->p, with single underscores between them, copied
 * to sb; returns how many (0 when there are none).  An underscore not
 * followed by a digit is an error (what).
 */
static size_t
lex_digits(struct py_lexer *lx, int base, struct strbuf *sb, const char *what)
{
	size_t n = 0;

	for (;;) {
		if (*lx->p == '_' && n > 0) {
			if (!is_digit_of(lx->p[1], base))
				lx_fail_at(lx, lx->p, "invalid %s literal", what);
			lx->p++;
		}
		if (lx->p >= lx->end || !is_digit_of(*lx->p, base))
			return n;
		strbuf_addc(sb, *lx->p++);
		n++;
	}
}

/*
 * After a number: a name character would be glued to it.  Python 3.11
 * still reads `1if x else y` and the like (a deprecation since 3.12).
 */
static void
number_end(struct py_lexer *lx, const char *what)
{
	static const char *const ok[] = { "and", "else", "for", "if", "in",
	    "is", "not", "or", NULL };
	size_t i, n;

	if (lx->p >= lx->end || !is_name_char((unsigned char)*lx->p))
		return;
	for (i = 0; ok[i] != NULL; i++) {
		n = strlen(ok[i]);
		if (strncmp(lx->p, ok[i], n) == 0)
			return;
	}
	lx_fail_at(lx, lx->p, "invalid %s literal", what);
}

static void
lex_prefixed_int(struct py_lexer *lx, struct py_tok *t, struct strbuf *sb)
{
	int base;
	const char *what;

	switch (lx->p[1] | 0x20) {
	case 'x': base = 16; what = "hexadecimal"; break;
	case 'o': base = 8; what = "octal"; break;
	default: base = 2; what = "binary"; break;
	}
	lx->p += 2;
	if (*lx->p == '_')
		lx->p++;
	if (lex_digits(lx, base, sb, what) == 0 ||
	    (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9')) {
		if (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9')
			lx_fail_at(lx, lx->p, "invalid digit '%c' in %s literal",
			    *lx->p, what);
		lx_fail_at(lx, lx->p, "invalid %s literal", what);
	}
	number_end(lx, what);
	t->numkind = PYE_INT;
	t->s = to_decimal(lx->c->arena, sb->buf, sb->len, base);
}

static void
lex_number(struct py_lexer *lx, struct py_tok *t)
{
	const char *s = lx->p;
	struct strbuf *sb = &lx->c->num;
	size_t nint, i;
	int isfloat = 0;

	strbuf_reset(sb);
	t->type = PT_NUMBER;
	if (s[0] == '0' && ((s[1] | 0x20) == 'x' || (s[1] | 0x20) == 'o' ||
	    (s[1] | 0x20) == 'b')) {
		lex_prefixed_int(lx, t, sb);
		goto done;
	}
	nint = lex_digits(lx, 10, sb, "decimal");
	if (*lx->p == '.') {
		isfloat = 1;
		strbuf_addc(sb, *lx->p++);
		if (lx->p < lx->end && *lx->p >= '0' && *lx->p <= '9')
			lex_digits(lx, 10, sb, "decimal");
	}
	if ((*lx->p | 0x20) == 'e' && (nint > 0 || isfloat) &&
	    ((lx->p[1] >= '0' && lx->p[1] <= '9') || ((lx->p[1] == '+' ||
	    lx->p[1] == '-') && lx->p[2] >= '0' && lx->p[2] <= '9'))) {
		isfloat = 1;
		strbuf_addc(sb, *lx->p++);
		if (*lx->p == '+' || *lx->p == '-')
			strbuf_addc(sb, *lx->p++);
		lex_digits(lx, 10, sb, "decimal");
	}
	if ((*lx->p | 0x20) == 'j') {
		lx->p++;
		number_end(lx, "imaginary");
		t->numkind = PYE_IMAG;
		t->s = py_strndup(lx->c->arena, sb->buf, sb->len);
		goto done;
	}
	number_end(lx, "decimal");
	if (isfloat) {
		t->numkind = PYE_FLOAT;
		t->s = py_strndup(lx->c->arena, sb->buf, sb->len);
		goto done;
	}
	for (i = 0; i < sb->len && sb->buf[i] == '0'; i++)
		;
	if (i > 0 && i < sb->len)
		lx_fail_at(lx, s, "leading zeros in decimal integer literals"
		    " are not permitted; use an 0o prefix for octal integers");
	t->numkind = PYE_INT;
	t->s = i == sb->len ? "0" : py_strndup(lx->c->arena, sb->buf + i,
	    sb->len - i);
done:
	t->len = strlen(t->s);
}

/*
 * Strings (section 2.4.1)
 */

/* PY_STR_* flags of a string prefix of n bytes at s; -1 when it is none. */
static int
string_prefix(const char *s, size_t n)
{
	int f = 0;
	size_t i;

	if (n > 2)
		return -1;
	for (i = 0; i < n; i++)
		switch (s[i] | 0x20) {
		case 'r': f |= PY_STR_RAW; break;
		case 'b': f |= PY_STR_BYTES; break;
		case 'f': f |= PY_STR_F; break;
		case 'u':
			if (n != 1)
				return -1;
			break;
		default:
			return -1;
		}
	if (n == 2 && (f & PY_STR_RAW) == 0)
		return -1;	/* bf, fb, ub, ... */
	return f;
}

/* Appends code point cp as UTF-8 (surrogates too, as Python keeps them). */
static char *
put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80)
		*o++ = (char)cp;
	else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

static void
escape_fail(struct py_ctx *c, const char *s, const char *at, unsigned line,
    unsigned col, const char *msg)
{
	struct loc l;

	py_advance(s, (size_t)(at - s), &line, &col);
	l.file = c->file;
	l.line = line;
	l.col = col;
	py_fail(c, &l, "%s", msg);
}

char *
py_decode(struct py_ctx *c, const char *s, size_t n, int bytes,
    unsigned line, unsigned col, size_t *len)
{
	/* No escape is longer decoded than written. */
	char *out = py_alloc(c->arena, n + 1), *o = out;
	const char *p = s, *e = s + n, *bs;
	unsigned long cp;
	int i, ndig, v;

	while (p < e) {
		if (*p != '\\' || p + 1 >= e) {
			*o++ = *p++;
			continue;
		}
		bs = p++;
		switch (*p) {
		case '\n': p++; continue;
		case '\\': case '\'': case '"': *o++ = *p++; continue;
		case 'a': *o++ = '\a'; p++; continue;
		case 'b': *o++ = '\b'; p++; continue;
		case 'f': *o++ = '\f'; p++; continue;
		case 'n': *o++ = '\n'; p++; continue;
		case 'r': *o++ = '\r'; p++; continue;
		case 't': *o++ = '\t'; p++; continue;
		case 'v': *o++ = '\v'; p++; continue;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			for (cp = 0, i = 0; i < 3 && p < e && *p >= '0' &&
			    *p <= '7'; i++)
				cp = cp * 8 + (unsigned long)(*p++ - '0');
			if (bytes)
				*o++ = (char)(cp & 0xff);
			else
				o = put_utf8(o, cp);
			continue;
		case 'x': ndig = 2; break;
		case 'u': ndig = bytes ? 0 : 4; break;
		case 'U': ndig = bytes ? 0 : 8; break;
		case 'N':
			if (!bytes && (p + 1 >= e || p[1] != '{'))
				escape_fail(c, s, bs, line, col,
				    "malformed \\N character escape");
			if (!bytes)
				escape_fail(c, s, bs, line, col, "\\N{...}"
				    " escapes are not read (migsql has no table"
				    " of Unicode names): write the character"
				    " itself or a \\u escape");
			/* FALLTHROUGH */
		default:
			/* Not an escape: the backslash stays. */
			*o++ = '\\';
			continue;
		}
		if (ndig == 0) {
			*o++ = '\\';
			continue;
		}
		for (cp = 0, i = 0, p++; i < ndig; i++, p++) {
			if (p >= e || (v = hexval(*p)) < 0)
				escape_fail(c, s, bs, line, col, ndig == 2 ?
				    "truncated \\xXX escape" : ndig == 4 ?
				    "truncated \\uXXXX escape" :
				    "truncated \\UXXXXXXXX escape");
			cp = cp << 4 | (unsigned long)v;
		}
		if (cp > 0x10ffff)
			escape_fail(c, s, bs, line, col,
			    "illegal Unicode character");
		if (bytes)
			*o++ = (char)cp;
		else
			o = put_utf8(o, cp);
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

/*
 * The string literal at lx->p (after its prefix, which started at s with
 * flags): finds its end and decodes it unless it is an f-string, whose
 * fields the parser reads.
 */
static void
lex_string(struct py_lexer *lx, struct py_tok *t, const char *s, int flags)
{
	char q = *lx->p;
	int triple = lx->p[1] == q && lx->p[2] == q;
	struct loc sl = lx_loc(lx, s), bl;

	lx->p += triple ? 3 : 1;
	bl = lx_loc(lx, lx->p);
	t->body = lx->p;
	for (;;) {
		if (lx->p >= lx->end)
			py_fail(lx->c, &sl, "%s string literal (detected at"
			    " line %u)", triple ? "unterminated triple-quoted" :
			    "unterminated", lx->line);
		if (*lx->p == '\\') {
			if (lx->fexpr)
				lx_fail_at(lx, lx->p, "f-string expression part"
				    " cannot include a backslash");
			/* The escaped character never ends the string. */
			if (++lx->p >= lx->end)
				continue;
			if (*lx->p == '\n')
				lx_newline(lx);
			else
				lx->p++;
			continue;
		}
		if (*lx->p == '\n') {
			if (!triple)
				py_fail(lx->c, &sl, "unterminated string literal"
				    " (detected at line %u)", lx->line);
			lx_newline(lx);
			continue;
		}
		if (*lx->p == q && (!triple || (lx->p[1] == q && lx->p[2] == q)))
			break;
		lx->p++;
	}
	t->bodylen = (size_t)(lx->p - t->body);
	check_text(lx, t->body, t->bodylen);
	lx->p += triple ? 3 : 1;
	t->type = PT_STRING;
	t->sflags = flags | (triple ? PY_STR_TRIPLE : 0);
	t->bline = bl.line;
	t->bcol = bl.col;
	if (flags & PY_STR_BYTES) {
		size_t i;

		for (i = 0; i < t->bodylen; i++)
			if ((unsigned char)t->body[i] >= 0x80)
				py_fail(lx->c, &sl, "bytes can only contain ASCII"
				    " literal characters");
	}
	if (flags & PY_STR_F)
		return;
	if (flags & PY_STR_RAW) {
		t->s = py_strndup(lx->c->arena, t->body, t->bodylen);
		t->len = t->bodylen;
	} else
		t->s = py_decode(lx->c, t->body, t->bodylen,
		    (flags & PY_STR_BYTES) != 0, t->bline, t->bcol, &t->len);
}

/*
 * Operators and delimiters (sections 2.5, 2.6)
 */

/*
 * The operator of two or three characters at p (n bytes left), its
 * length in *len; 0 when there is none.  A switch, not a table scan:
 * operators are a third of a revision file's tokens.
 */
static int
long_op(const char *p, size_t n, size_t *len)
{
	char c0 = p[0], c1 = n > 1 ? p[1] : '\0', c2 = n > 2 ? p[2] : '\0';

	*len = 2;
	if (c1 == '=') {
		switch (c0) {
		case '=': return OP_EQ;
		case '!': return OP_NE;
		case '<': return OP_LE;
		case '>': return OP_GE;
		case ':': return OP_WALRUS;
		case '+': case '-': case '*': case '/': case '%': case '&':
		case '|': case '^': case '@':
			return OP_AUG + c0;
		}
		return 0;
	}
	if (c0 == '-' && c1 == '>')
		return OP_ARROW;
	if (c0 == '.' && c1 == '.' && c2 == '.') {
		*len = 3;
		return OP_ELLIPSIS;
	}
	if (c1 != c0 || (c0 != '*' && c0 != '/' && c0 != '<' && c0 != '>'))
		return 0;
	if (c2 == '=') {
		*len = 3;
		return OP_AUG + (c0 == '*' ? PY_OP_POW : c0 == '/' ?
		    PY_OP_FLOORDIV : c0 == '<' ? PY_OP_LSHIFT : PY_OP_RSHIFT);
	}
	return c0 == '*' ? OP_POW : c0 == '/' ? OP_FLOORDIV :
	    c0 == '<' ? OP_LSHIFT : OP_RSHIFT;
}

static void
paren_open(struct py_lexer *lx, char ch)
{
	if (lx->nparen >= PY_MAX_DEPTH)
		lx_fail_at(lx, lx->p, "nested too deeply (more than %d levels"
		    " of brackets)", PY_MAX_DEPTH);
	lx->parenlocs[lx->nparen] = lx_loc(lx, lx->p);
	lx->parens[lx->nparen++] = ch;
}

static void
paren_close(struct py_lexer *lx, char ch)
{
	char open = ch == ')' ? '(' : ch == ']' ? '[' : '{';
	struct loc *ol;

	if (lx->nparen == 0)
		lx_fail_at(lx, lx->p, "unmatched '%c'", ch);
	ol = &lx->parenlocs[lx->nparen - 1];
	if (lx->parens[lx->nparen - 1] != open)
		lx_fail_at(lx, lx->p, "closing parenthesis '%c' does not match"
		    " opening parenthesis '%c' at %u:%u", ch,
		    lx->parens[lx->nparen - 1], ol->line, ol->col);
	lx->nparen--;
}

/* 1 for a character that is an operator or delimiter alone (section
   2.5, 2.6): a switch, as strchr() over the list was a hot spot. */
static int
single_op(unsigned char c)
{
	switch (c) {
	case '+': case '-': case '*': case '/': case '%': case '@':
	case '&': case '|': case '^': case '~': case '<': case '>':
	case '(': case ')': case '[': case ']': case '{': case '}':
	case ',': case ':': case '.': case ';': case '=':
		return 1;
	default:
		return 0;
	}
}

static void
lex_op(struct py_lexer *lx, struct py_tok *t)
{
	const char *p = lx->p;
	unsigned long cp;
	size_t n;

	t->type = PT_OP;
	if ((t->op = long_op(p, (size_t)(lx->end - p), &n)) != 0) {
		lx->p += n;
		return;
	}
	if (single_op((unsigned char)*p)) {
		if (*p == '(' || *p == '[' || *p == '{')
			paren_open(lx, *p);
		else if (*p == ')' || *p == ']' || *p == '}')
			paren_close(lx, *p);
		t->op = (unsigned char)*p;
		lx->p++;
		return;
	}
	cp = utf8_decode(p, (size_t)(lx->end - p), &n);
	if (cp == (unsigned long)-1 || (cp >= 0x80 && lx->latin1 != NULL))
		check_text(lx, p, (size_t)(lx->end - p));
	if (cp < 0x20 || cp == 0x7f)
		lx_fail_at(lx, p, "invalid non-printable character U+%04lX", cp);
	if (cp >= 0x80)
		lx_fail_at(lx, p, "invalid character '%.*s' (U+%04lX)", (int)n,
		    p, cp);
	lx_fail_at(lx, p, "invalid syntax ('%c')", *p);
}

/*
 * Lines and indentation (sections 2.1, 2.1.8)
 */

/*
 * At the beginning of a logical line: measures the indentation and
 * gives INDENT or DEDENTs (in lx->pending).  Returns 0 when the line is
 * blank or a comment (skipped whole), -1 at the end of the text, else
 * 1 with *t filled when it is an INDENT or DEDENT (t->type PT_EOF when
 * the indentation did not change).
 */
static int
lex_indent(struct py_lexer *lx, struct py_tok *t)
{
	int col = 0, alt = 0, top;
	const char *p = lx->p;

	for (;; p++) {
		if (*p == ' ')
			col++, alt++;
		else if (*p == '\t') {
			col = (col / 8 + 1) * 8;
			alt++;
		} else if (*p == '\f')
			col = alt = 0;
		else
			break;
	}
	lx->p = p;
	if (p >= lx->end)
		return -1;
	if (*p == '#' || *p == '\n') {
		while (lx->p < lx->end && *lx->p != '\n')
			lx->p++;
		if (lx->p < lx->end)
			lx_newline(lx);
		return 0;
	}
	lx->atbol = 0;
	t->type = PT_EOF;
	t->loc = lx_loc(lx, p);
	top = lx->indents[lx->nindent - 1];
	if (col == top) {
		if (alt != lx->altindents[lx->nindent - 1])
			goto inconsistent;
	} else if (col > top) {
		if (lx->nindent > PY_MAX_DEPTH)
			lx_fail_at(lx, p, "nested too deeply (more than %d"
			    " levels of indentation)", PY_MAX_DEPTH);
		if (alt <= lx->altindents[lx->nindent - 1])
			goto inconsistent;
		lx->indents[lx->nindent] = col;
		lx->altindents[lx->nindent++] = alt;
		t->type = PT_INDENT;
	} else {
		while (lx->nindent > 1 && col < lx->indents[lx->nindent - 1]) {
			lx->nindent--;
			lx->pending++;
		}
		if (col != lx->indents[lx->nindent - 1])
			lx_fail_at(lx, p, "unindent does not match any outer"
			    " indentation level");
		if (alt != lx->altindents[lx->nindent - 1])
			goto inconsistent;
		lx->pending--;
		t->type = PT_DEDENT;
	}
	return 1;
inconsistent:
	lx_fail_at(lx, p, "inconsistent use of tabs and spaces in indentation");
}

/* At the end of the text: NEWLINE, DEDENTs, then EOF. */
static void
lex_end(struct py_lexer *lx, struct py_tok *t)
{
	t->loc = lx_loc(lx, lx->p);
	if (lx->fexpr) {
		if (lx->nparen > 0)
			py_fail(lx->c, &lx->parenlocs[lx->nparen - 1],
			    "f-string: unclosed '%c'", lx->parens[lx->nparen - 1]);
		t->type = PT_EOF;
		lx->eof = 1;
		return;
	}
	if (lx->nparen > 0) {
		struct loc *ol = &lx->parenlocs[lx->nparen - 1];

		py_fail(lx->c, &t->loc, "unclosed '%c' opened at %u:%u",
		    lx->parens[lx->nparen - 1], ol->line, ol->col);
	}
	if (!lx->lastnl) {
		t->type = PT_NEWLINE;
		return;
	}
	if (lx->nindent > 1) {
		lx->nindent--;
		t->type = PT_DEDENT;
		return;
	}
	t->type = PT_EOF;
	lx->eof = 1;
}

/* In an f-string field at depth 0: where the expression ends. */
static int
fexpr_stop(struct py_lexer *lx)
{
	const char *p = lx->p;

	if (lx->nparen > 0 || p >= lx->end)
		return p >= lx->end;
	return *p == '}' || *p == ':' || (*p == '!' && p[1] != '=') ||
	    (*p == '=' && p[1] != '=');
}

/* One token that is not a line's indentation. */
static void
lex_token(struct py_lexer *lx, struct py_tok *t)
{
	const char *s = lx->p;
	unsigned char ch = (unsigned char)*s;
	int f;

	t->loc = lx_loc(lx, s);
	if (is_name_start(ch)) {
		lex_name(lx, t);
		if ((*lx->p == '\'' || *lx->p == '"') &&
		    (f = string_prefix(s, t->n)) >= 0) {
			t->s = NULL;
			t->kw = 0;
			lex_string(lx, t, s, f);
		}
	} else if ((ch >= '0' && ch <= '9') || (ch == '.' && s[1] >= '0' &&
	    s[1] <= '9'))
		lex_number(lx, t);
	else if (ch == '\'' || ch == '"')
		lex_string(lx, t, s, 0);
	else
		lex_op(lx, t);
	t->p = s;
	t->n = (size_t)(lx->p - s);
}

void
py_lex_next(struct py_lexer *lx, struct py_tok *t)
{
	int r;

	memset(t, 0, sizeof *t);
again:
	if (lx->eof) {
		t->type = PT_EOF;
		t->loc = lx_loc(lx, lx->p);
		return;
	}
	if (lx->pending > 0) {
		lx->pending--;
		t->type = PT_DEDENT;
		t->loc = lx_loc(lx, lx->p);
		return;
	}
	if (lx->atbol && lx->nparen == 0 && !lx->fexpr) {
		if ((r = lex_indent(lx, t)) == 0)
			goto again;
		if (r > 0 && t->type != PT_EOF)
			goto out;
	}
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
	    *lx->p == '\f'))
		lx->p++;
	if (lx->fexpr && fexpr_stop(lx)) {
		t->type = PT_EOF;
		t->loc = lx_loc(lx, lx->p);
		if (lx->nparen > 0 || lx->p >= lx->end)
			lex_end(lx, t);
		lx->eof = 1;
		return;
	}
	if (lx->p >= lx->end) {
		lex_end(lx, t);
		goto out;
	}
	switch (*lx->p) {
	case '#':
		if (lx->fexpr)
			lx_fail_at(lx, lx->p, "f-string expression part cannot"
			    " include '#'");
		while (lx->p < lx->end && *lx->p != '\n')
			lx->p++;
		goto again;
	case '\n':
		/* Inside brackets, or a logical line that a continuation
		   left blank: no NEWLINE. */
		if (lx->nparen > 0 || lx->fexpr || lx->lastnl) {
			lx_newline(lx);
			if (lx->nparen == 0 && !lx->fexpr)
				lx->atbol = 1;
			goto again;
		}
		t->type = PT_NEWLINE;
		t->loc = lx_loc(lx, lx->p);
		lx_newline(lx);
		lx->atbol = 1;
		goto out;
	case '\\':
		if (lx->fexpr)
			lx_fail_at(lx, lx->p, "f-string expression part cannot"
			    " include a backslash");
		if (lx->p + 1 >= lx->end)
			lx_fail_at(lx, lx->p, "unexpected EOF while parsing");
		if (lx->p[1] != '\n')
			lx_fail_at(lx, lx->p, "unexpected character after line"
			    " continuation character");
		lx->p++;
		lx_newline(lx);
		if (lx->p >= lx->end)
			lx_fail_at(lx, lx->p, "unexpected EOF while parsing");
		goto again;
	}
	lex_token(lx, t);
out:
	lx->lastnl = t->type == PT_NEWLINE || t->type == PT_DEDENT ||
	    t->type == PT_INDENT;
}
