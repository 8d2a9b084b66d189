/*
 * client_psql.c -- psql's reading of a script: the lexer that splits it
 * into statements, meta-commands and variable references.
 *
 * Rule by rule after src/fe_utils/psqlscan.l of PostgreSQL 14 and 15
 * (the backend's scan.l, plus psql's own rules for backslashes, variables,
 * parentheses and BEGIN ATOMIC bodies).  Where psql versions read the same
 * bytes differently (a number run into letters: 14 splits "1e" into "1"
 * and "e", 15 takes "1e" whole, 16 takes "1ex$$" whole), the event
 * PE_JUNK lets the caller refuse the text instead of guessing.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "client_int.h"

/* [A-Za-z\200-\377_]: ident_start and dolq_start. */
static int
ident_start(unsigned char c)
{
	return c == '_' || c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* [A-Za-z\200-\377_0-9\$]: ident_cont. */
static int
ident_cont(unsigned char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

/* [A-Za-z\200-\377_0-9]: dolq_cont and psql's variable_char. */
static int
var_char(unsigned char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* {space}: [ \t\n\r\f] */
static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static unsigned char
at(const struct psql_lex *lx, size_t i)
{
	return i < lx->len ? (unsigned char)lx->s[i] : 0;
}

void
psql_lex_init(struct psql_lex *lx, const char *s, size_t len,
    int std_strings)
{
	memset(lx, 0, sizeof *lx);
	lx->s = s;
	lx->len = len;
	lx->std_strings = std_strings;
	lx->st = PS_INITIAL;
}

/* The end of a -- comment that starts at i: its newline, or the end. */
static size_t
comment_end(const struct psql_lex *lx, size_t i)
{
	while (i < lx->len && lx->s[i] != '\n' && lx->s[i] != '\r')
		i++;
	return i;
}

/* The identifier rule's bookkeeping of BEGIN ... END (psql 14+). */
static void
identifier(struct psql_lex *lx, size_t start, size_t end)
{
	static const char *const words[] = {
		"create", "function", "procedure", "or", "replace", NULL
	};
	const char *w = lx->s + start;
	size_t n = end - start, k;
	char *id = lx->idents;

	if (lx->nident == 0) {
		memset(lx->idents, 0, sizeof lx->idents);
		lx->copy_stmt = n == 4 && strncasecmp(w, "copy", 4) == 0;
	}
	/* COPY ... FROM STDIN: psql sends the lines that follow the
	   statement, up to a line \., to the server as its data, and reads
	   on after that line (psql(1), COPY; PostgreSQL 15 docs, COPY). */
	if (lx->copy_stmt && lx->copy_stdin == 0 && n == 5 &&
	    strncasecmp(w, "stdin", 5) == 0)
		lx->copy_stdin = start + 1;
	for (k = 0; words[k] != NULL; k++)
		if (strlen(words[k]) == n && strncasecmp(w, words[k], n) == 0) {
			if (lx->nident < sizeof lx->idents)
				id[lx->nident] = (char)tolower((unsigned char)w[0]);
			break;
		}
	lx->nident++;
	if (id[0] == 'c' && (id[1] == 'f' || id[1] == 'p' || (id[1] == 'o' &&
	    id[2] == 'r' && (id[3] == 'f' || id[3] == 'p'))) &&
	    lx->paren == 0) {
		if (n == 5 && strncasecmp(w, "begin", 5) == 0)
			lx->begin++;
		else if (n == 4 && strncasecmp(w, "case", 4) == 0) {
			if (lx->begin >= 1)
				lx->begin++;
		} else if (n == 3 && strncasecmp(w, "end", 3) == 0) {
			if (lx->begin > 0)
				lx->begin--;
		}
	}
}

/* The statement ended (a terminating ';', or a query sent). */
static void
statement_ends(struct psql_lex *lx)
{
	lx->paren = 0;
	lx->begin = 0;
	lx->nident = 0;
	lx->dirty = 0;
	lx->copy_stmt = 0;
}

/*
 * A number at i ({integer}, {decimal}, {real}): its end.  *junk is set
 * when letters follow it or its exponent has no digits ({realfail1},
 * {realfail2}, and PostgreSQL 15's {integer_junk} family), which psql
 * versions split differently.
 */
static size_t
number_end(const struct psql_lex *lx, size_t i, int *junk)
{
	*junk = 0;
	while (is_digit(at(lx, i)))
		i++;
	if (at(lx, i) == '.' && at(lx, i + 1) != '.') {
		i++;
		while (is_digit(at(lx, i)))
			i++;
	}
	if (at(lx, i) == 'e' || at(lx, i) == 'E') {
		size_t j = i + 1;

		if (at(lx, j) == '+' || at(lx, j) == '-')
			j++;
		if (!is_digit(at(lx, j))) {
			*junk = 1;
			return j;
		}
		while (is_digit(at(lx, j)))
			j++;
		i = j;
	}
	if (ident_start(at(lx, i)))
		*junk = 1;
	return i;
}

/*
 * At a $ in INITIAL: a dollar-quote delimiter ({dolqdelim}) returns its
 * length; else 0 ({dolqfailed} and {param} are handled by the caller).
 */
static size_t
dollar_delim(const struct psql_lex *lx, size_t i)
{
	size_t j = i + 1;

	if (at(lx, j) == '$')
		return 2;
	if (!ident_start(at(lx, j)))
		return 0;
	while (var_char(at(lx, j)))
		j++;
	return at(lx, j) == '$' ? j + 1 - i : 0;
}

/* Enters string state st at i, the quote itself at q. */
static void
open_string(struct psql_lex *lx, enum psql_state st, size_t start, size_t q)
{
	lx->st = st;
	lx->open_at = start;
	lx->pos = q + 1;
	if (!lx->dirty)
		lx->stmt_at = start;
	lx->dirty = 1;
	lx->last_semi = 0;
}

/*
 * A closing quote at i ends the string.  psql's {quotecontinue}, which
 * would make 'a'<newline>'b' one string, never applies to a script: psql
 * reads a file a line at a time, and the line break is not in what its
 * lexer sees (mainloop.c adds it to the query buffer itself), so a string
 * always ends at its closing quote.
 */
static void
close_string(struct psql_lex *lx, size_t i)
{
	lx->st = PS_INITIAL;
	lx->pos = i + 1;
}

/* One step inside a string at i (char c): a doubled quote stays in. */
static void
string_step(struct psql_lex *lx, size_t i, unsigned char c, int doubles)
{
	if (c == '\'' && doubles && at(lx, i + 1) == '\'')
		lx->pos += 2;
	else if (c == '\'')
		close_string(lx, i);
	else
		lx->pos++;
}

/*
 * Reads a string, quoted identifier, dollar quote or comment from lx->pos
 * until it closes, the text ends or stop.  Returns 1 with *e set when an
 * event (PE_STOP, PE_MIDTOKEN, PE_QUOTE_BACKSLASH) interrupts it.
 */
static int
quoted(struct psql_lex *lx, size_t stop, struct psql_event *e)
{
	while (lx->st != PS_INITIAL && lx->pos < lx->len) {
		size_t i = lx->pos;
		unsigned char c = at(lx, i);

		if (i == stop) {
			e->ev = PE_STOP;
			e->off = i;
			return 1;
		}
		switch (lx->st) {
		case PS_XQ:
			if (c == '\\') {
				/* Read as escapes with standard_conforming_
				   strings off: an even run of backslashes means
				   the same to where the string ends, an odd one
				   before a quote does not. */
				size_t j = i;

				while (at(lx, j) == '\\')
					j++;
				lx->saw_xq_backslash = 1;
				lx->pos = j;
				if ((j - i) % 2 == 1 && at(lx, j) == '\'') {
					e->ev = PE_QUOTE_BACKSLASH;
					e->off = j - 1;
					return 1;
				}
				break;
			}
			string_step(lx, i, c, 1);
			break;
		case PS_XUS:
			string_step(lx, i, c, 1);
			break;
		case PS_XE:
			if (c == '\\') {
				lx->pos += i + 1 < lx->len ? 2 : 1;
				break;
			}
			string_step(lx, i, c, 1);
			break;
		case PS_XB:
			string_step(lx, i, c, 0);
			break;
		case PS_XD:
			if (c == '"' && at(lx, i + 1) == '"')
				lx->pos += 2;
			else {
				if (c == '"')
					lx->st = PS_INITIAL;
				lx->pos++;
			}
			break;
		case PS_XDOLQ:
			/* The closing delimiter is the first occurrence of the
			   opening one: psql rescans from the last $ of any other
			   $...$, so no occurrence is skipped. */
			if (c == '$' && i + lx->tag_len <= lx->len &&
			    memcmp(lx->s + i, lx->tag,
			    lx->tag_len) == 0) {
				lx->pos = i + lx->tag_len;
				lx->st = PS_INITIAL;
			} else
				lx->pos++;
			break;
		case PS_XC:
			if (c == '/' && at(lx, i + 1) == '*') {
				lx->xcdepth++;
				lx->pos += 2;
			} else if (c == '*' && at(lx, i + 1) == '/') {
				lx->pos += 2;
				if (lx->xcdepth-- == 0)
					lx->st = PS_INITIAL;
			} else
				lx->pos++;
			break;
		case PS_INITIAL:
			break;
		}
	}
	return 0;
}

/*
 * A string prefix at i (B', X', N', E', U&', U&"): starts the string and
 * returns 1; else 0.  Only at the start of a token.
 */
static int
string_prefix(struct psql_lex *lx, size_t i)
{
	unsigned char c = (unsigned char)tolower(at(lx, i));

	if (at(lx, i + 1) == '\'') {
		switch (c) {
		case 'b': case 'x':
			open_string(lx, PS_XB, i, i + 1);
			return 1;
		case 'n':	/* {xnstart}: N, then an ordinary string */
			open_string(lx, lx->std_strings ? PS_XQ : PS_XE, i,
			    i + 1);
			return 1;
		case 'e':
			open_string(lx, PS_XE, i, i + 1);
			return 1;
		}
		return 0;
	}
	if (c == 'u' && at(lx, i + 1) == '&' && (at(lx, i + 2) == '\'' ||
	    at(lx, i + 2) == '"')) {
		open_string(lx, at(lx, i + 2) == '\'' ? PS_XUS : PS_XD, i, i + 2);
		return 1;
	}
	return 0;
}

/*
 * psql's variable rules at a ':' at i ({typecast} and {colon_equals}
 * first): the length of a reference it would substitute, or 0, and in
 * *take what psql's lexer takes of it.  :name, :'name', :"name" and
 * :{?name} are taken whole; a colon right before a quote or a brace that
 * does not make one is counted too (as far as the quote, for messages:
 * no psql version's reading is missed), but psql takes only the colon
 * (yyless(1)) and the quote after it starts a string.
 */
static size_t
variable_len(const struct psql_lex *lx, size_t i, size_t *take)
{
	unsigned char c = at(lx, i + 1);
	size_t j = i + 2;

	if (c == '\'' || c == '"' || c == '{') {
		if (c == '{' && at(lx, j) == '?')
			j++;
		while (var_char(at(lx, j)))
			j++;
		if (at(lx, j) == (c == '{' ? '}' : c) &&
		    j > i + 2 + (c == '{')) {
			*take = j + 1 - i;
			return *take;
		}
		*take = 1;
		return 2;
	}
	j = i + 1;
	if (!var_char(c))
		return 0;
	while (var_char(at(lx, j)))
		j++;
	*take = j - i;
	return *take;
}

/* Sets *e for a token [i, end) that crosses stop; 1 when it does. */
static int
crosses(struct psql_lex *lx, size_t i, size_t end, size_t stop,
    struct psql_event *e)
{
	if (stop > i && stop < end) {
		e->ev = PE_MIDTOKEN;
		e->off = stop;
		lx->pos = stop;
		return 1;
	}
	return 0;
}

/* Sets *e to event ev over [off, off + len) and moves on to end. */
static int
event(struct psql_lex *lx, struct psql_event *e, enum psql_ev ev,
    size_t off, size_t len, size_t end)
{
	e->ev = ev;
	e->off = off;
	e->len = len;
	lx->pos = end;
	return 1;
}

/*
 * White space, a -- comment, or the start of a block comment, a string or
 * a quoted identifier at i: 1 when it was one (moved past or entered),
 * with *ev set when a -- comment runs across stop.
 */
static int
space_or_quote(struct psql_lex *lx, size_t i, size_t stop,
    struct psql_event *e, int *ev)
{
	unsigned char c = at(lx, i);
	size_t end;

	*ev = 0;
	if (is_space(c)) {
		lx->pos++;
		return 1;
	}
	if (c == '-' && at(lx, i + 1) == '-') {
		end = comment_end(lx, i);
		if ((*ev = crosses(lx, i, end, stop, e)))
			return 1;
		lx->pos = end;
		lx->comment_at_end = end >= lx->len;
		return 1;
	}
	if (c == '/' && at(lx, i + 1) == '*') {
		lx->st = PS_XC;
		lx->xcdepth = 0;
		lx->open_at = i;
		lx->pos = i + 2;
		return 1;
	}
	return 0;
}

/*
 * The end of a number or parameter [i, end): with junk (letters run into
 * it), a junk event over it and the letters after it; else past it.
 */
static int
end_number(struct psql_lex *lx, size_t i, size_t end, int junk, size_t stop,
    struct psql_event *e)
{
	if (junk) {
		while (ident_cont(at(lx, end)))
			end++;
		return event(lx, e, PE_JUNK, i, end - i, end);
	}
	if (crosses(lx, i, end, stop, e))
		return 1;
	lx->pos = end;
	return 0;
}

/* A token that starts with $ at i: a dollar quote, a parameter, or $. */
static int
dollar_token(struct psql_lex *lx, size_t i, size_t stop,
    struct psql_event *e)
{
	size_t n = dollar_delim(lx, i), end;

	if (n > 0) {
		lx->tag = lx->s + i;
		lx->tag_len = n;
		lx->st = PS_XDOLQ;
		lx->open_at = i;
		lx->pos = i + n;
		if (crosses(lx, i, i + n, stop, e))
			return 1;
		return event(lx, e, PE_DOLQ, i, n, i + n);
	}
	if (!is_digit(at(lx, i + 1))) {
		lx->pos = i + 1;	/* {dolqfailed} keeps only the $ */
		return 0;
	}
	for (end = i + 1; is_digit(at(lx, end)); end++)	/* {param} */
		;
	return end_number(lx, i, end, ident_start(at(lx, end)), stop, e);
}

/* A number at i; a junk event for one run into letters. */
static int
number_token(struct psql_lex *lx, size_t i, size_t stop,
    struct psql_event *e)
{
	int junk;
	size_t end = number_end(lx, i, &junk);

	return end_number(lx, i, end, junk, stop, e);
}

/* A ':' at i: a typecast, :=, a variable reference, or ':'. */
static int
colon_token(struct psql_lex *lx, size_t i, size_t stop,
    struct psql_event *e)
{
	size_t n, take;

	if (at(lx, i + 1) == ':' || at(lx, i + 1) == '=') {
		if (crosses(lx, i, i + 2, stop, e))
			return 1;
		lx->pos = i + 2;
		return 0;
	}
	if ((n = variable_len(lx, i, &take)) > 0)
		return event(lx, e, PE_VARIABLE, i, n, i + take);
	lx->pos = i + 1;
	return 0;
}

/* One character of its own at i: parentheses and ';' are counted. */
static int
punct_token(struct psql_lex *lx, size_t i, struct psql_event *e)
{
	unsigned char c = at(lx, i);

	lx->pos = i + 1;
	if (c == '(')
		lx->paren++;
	else if (c == ')') {
		if (lx->paren == 0)
			return event(lx, e, PE_RPAREN, i, 1, i + 1);
		lx->paren--;
	} else if (c == ';') {
		e->term = lx->paren == 0 && lx->begin == 0;
		if (e->term)
			statement_ends(lx);
		lx->last_semi = 1;
		return event(lx, e, PE_SEMI, i, 1, i + 1);
	}
	return 0;
}

/* One token of INITIAL at lx->pos; returns 1 with *e set for an event. */
static int
token(struct psql_lex *lx, size_t stop, struct psql_event *e)
{
	size_t i = lx->pos, end;
	unsigned char c = at(lx, i);
	int ev;

	/* White space and comments do not change what the last token
	   was. */
	if (space_or_quote(lx, i, stop, e, &ev))
		return ev;
	lx->last_semi = 0;
	if (c == '\'' || c == '"') {
		open_string(lx, c == '"' ? PS_XD : lx->std_strings ? PS_XQ :
		    PS_XE, i, i);
		return 0;
	}
	/* A meta-command: not part of the statement being read. */
	if (c == '\\')
		return event(lx, e, PE_BACKSLASH, i, 1, i + 1);
	if (!lx->dirty)
		lx->stmt_at = i;
	lx->dirty = 1;
	if (c == '$')
		return dollar_token(lx, i, stop, e);
	if (is_digit(c) || (c == '.' && is_digit(at(lx, i + 1))))
		return number_token(lx, i, stop, e);
	if (c == ':')
		return colon_token(lx, i, stop, e);
	if (!ident_start(c))
		return punct_token(lx, i, e);
	if (string_prefix(lx, i))
		return 0;
	for (end = i + 1; ident_cont(at(lx, end)); end++)
		;
	if (crosses(lx, i, end, stop, e))
		return 1;
	identifier(lx, i, end);
	lx->pos = end;
	return 0;
}

void
psql_lex_next(struct psql_lex *lx, size_t stop, struct psql_event *e)
{
	memset(e, 0, sizeof *e);
	for (;;) {
		if (lx->st != PS_INITIAL && quoted(lx, stop, e))
			return;
		if (lx->pos == stop) {
			e->ev = PE_STOP;
			e->off = stop;
			return;
		}
		if (lx->pos >= lx->len) {
			e->ev = PE_END;
			e->off = lx->len;
			return;
		}
		if (lx->st == PS_INITIAL && token(lx, stop, e))
			return;
	}
}

int
psql_command_sends(const char *cmd)
{
	static const char *const sends[] = { "g", "gx", "gset", "gexec", NULL };
	size_t n = strcspn(cmd + 1, " \t\n\\"), k;

	for (k = 0; sends[k] != NULL; k++)
		if (strlen(sends[k]) == n && strncmp(cmd + 1, sends[k], n) == 0)
			return 1;
	return 0;
}

void
psql_lex_skip_command(struct psql_lex *lx)
{
	int sends = lx->pos > 0 && lx->s[lx->pos - 1] == '\\' &&
	    psql_command_sends(lx->s + lx->pos - 1);

	while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
		lx->pos++;
	if (sends)
		statement_ends(lx);
}

int
psql_lex_at_boundary(const struct psql_lex *lx)
{
	return lx->st == PS_INITIAL && lx->paren == 0 && lx->begin == 0 &&
	    !lx->dirty;
}

const char *
psql_lex_open_what(const struct psql_lex *lx)
{
	switch (lx->st) {
	case PS_XQ:
	case PS_XUS:
	case PS_XE:
	case PS_XB:
		return "a string literal";
	case PS_XD:
		return "a quoted identifier";
	case PS_XDOLQ:
		return "a dollar-quoted string";
	case PS_XC:
		return "a /* comment";
	case PS_INITIAL:
		break;
	}
	if (lx->begin > 0)
		return "a BEGIN ATOMIC body (psql reads on to its END)";
	if (lx->paren > 0)
		return "a parenthesis";
	return NULL;
}
