/*
 * client_mariadb.c -- the MariaDB command-line client's reading of a
 * script, and its snippet and directive checks (client.h).
 *
 * After client/mysql.cc of MariaDB 10.11 (MySQL's mysql client reads the
 * same way): read_and_execute() takes a line at a time; with no statement
 * pending and no quote or / * comment open, it skips a line that starts
 * with '#' or "--" or is empty, and runs a line whose first word is one of
 * its command names (find_command(): system, source, delimiter, ...) unless
 * the line holds "\g" or the delimiter.  add_line() then reads the line a
 * byte at a time: a backslash outside quotes and / * comments is a client
 * command (\! runs a shell command), the delimiter ends the statement
 * (whose first word find_command() looks up once more), '#' and "-- "
 * start a comment to the end of the line, / * one to * / (but / *! and
 * / *M! are executable comments: code), and in '...' and "..." a
 * backslash escapes the next byte unless the server reported
 * NO_BACKSLASH_ESCAPES (or ANSI_QUOTES, for "...").  Checked against
 * mariadb 10.11.19 of Debian 12.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_int.h"

/* The commands of mysql.cc's commands[]: name, and takes_params. */
static const struct {
	const char	*name;
	int		 params;
} maria_commands[] = {
	{ "?", 1 }, { "clear", 0 }, { "connect", 1 }, { "delimiter", 1 },
	{ "edit", 0 }, { "ego", 0 }, { "exit", 0 }, { "go", 0 },
	{ "help", 1 }, { "nopager", 0 }, { "notee", 0 }, { "pager", 1 },
	{ "print", 0 }, { "prompt", 1 }, { "quit", 0 }, { "rehash", 0 },
	{ "source", 1 }, { "status", 0 }, { "system", 1 }, { "tee", 1 },
	{ "use", 1 }, { "charset", 1 }, { "warnings", 0 }, { "nowarning", 0 },
	{ NULL, 0 }
};

/* my_isspace() of latin1/utf8 for ASCII. */
static int
m_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int
m_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/*
 * The command named by the word [w, w + n): its index, or -1.  args: text
 * follows it on the line.  any: a name matches whether it takes
 * parameters or not.
 */
static int
command_index(const char *w, size_t n, int args, int any)
{
	int i;

	for (i = 0; maria_commands[i].name != NULL; i++)
		if (strlen(maria_commands[i].name) == n &&
		    strncasecmp(w, maria_commands[i].name, n) == 0 &&
		    (any || !args || maria_commands[i].params))
			return i;
	return -1;
}

static int
has(const char *s, size_t n, const char *needle, size_t nn)
{
	size_t i;

	for (i = 0; nn > 0 && i + nn <= n; i++)
		if (memcmp(s + i, needle, nn) == 0)
			return 1;
	return 0;
}

/*
 * find_command() of the line [i, eol) of lx: 1 when the client would run
 * it as a command (*off: its first byte).  With lx->every_line the
 * delimiter exception is not made (a snippet's delimiter is not known).
 */
static int
line_command(const struct maria_lex *lx, size_t i, size_t eol, size_t *off)
{
	const char *s = lx->s;
	size_t w, j;

	while (i < eol && m_space((unsigned char)s[i]))
		i++;
	*off = i;
	if (i == eol || has(s + i, eol - i, "\\g", 2))
		return 0;
	if (!lx->every_line && has(s + i, eol - i, lx->delim, lx->dlen) &&
	    !(eol - i >= 9 && strncasecmp(s + i, "delimiter", 9) == 0))
		return 0;
	for (w = i; w < eol && s[w] != ' ' && s[w] != '\t'; w++)
		;
	j = w;
	/* A CR before the line break: taken for a blank, to be safe. */
	while (w > i && s[w - 1] == '\r')
		w--;
	while (j < eol && m_space((unsigned char)s[j]))
		j++;
	return command_index(s + i, w - i, j < eol, 0) >= 0;
}

/*
 * The first word of the statement that starts at i and ends at end (as
 * find_command() reads the buffer at the delimiter): 1 when it names a
 * command.  The word ends at a blank, a line break or a comment (which
 * the buffer holds as a blank), so that no spelling is missed.
 */
static int
stmt_command(const char *s, size_t i, size_t end)
{
	size_t w = i;

	while (w < end && !m_space((unsigned char)s[w]) && s[w] != '#' &&
	    !(s[w] == '/' && s[w + 1] == '*') && !(s[w] == '-' &&
	    s[w + 1] == '-'))
		w++;
	return w > i && command_index(s + i, w - i, 0, 1) >= 0;
}

void
maria_lex_init(struct maria_lex *lx, const char *s, size_t len,
    int escapes, int ansi, const char *delim)
{
	memset(lx, 0, sizeof *lx);
	lx->s = s;
	lx->len = len;
	lx->escapes = escapes;
	lx->ansi = ansi;
	lx->dlen = strlen(delim);
	memcpy(lx->delim, delim, lx->dlen + 1);
	lx->bol = 1;
	lx->empty = 1;
}

/* com_delimiter(): the first word of the arguments (get_arg()). */
static void
set_delimiter(struct maria_lex *lx, size_t i, size_t eol)
{
	size_t a;

	i += 9;
	while (i < eol && m_space((unsigned char)lx->s[i]))
		i++;
	for (a = i; a < eol && !m_space((unsigned char)lx->s[a]); a++)
		;
	if (a > i && a - i < sizeof lx->delim && memchr(lx->s + i, '\\',
	    a - i) == NULL) {
		memcpy(lx->delim, lx->s + i, a - i);
		lx->delim[a - i] = '\0';
		lx->dlen = a - i;
	}
}

/* read_and_execute()'s rules for a line that starts at lx->pos. */
static int
line_rules(struct maria_lex *lx, struct maria_event *e)
{
	const char *s = lx->s;
	size_t i = lx->pos, eol, off;
	const char *nl;

	if (lx->q || lx->ml || !(lx->empty || lx->every_line))
		return 0;
	nl = memchr(s + i, '\n', lx->len - i);
	eol = nl != NULL ? (size_t)(nl - s) : lx->len;
	/* Not for a snippet's lines: a statement is pending there. */
	if (lx->empty && !lx->every_line && (eol == i || s[i] == '#' ||
	    (s[i] == '-' && i + 1 < eol && s[i + 1] == '-'))) {
		lx->comment_at = i;
		lx->comment_at_end = eol == lx->len && eol > i;
		lx->pos = eol;
		return 1;
	}
	if (!line_command(lx, i, eol, &off))
		return 0;
	e->ev = ME_LINECMD;
	e->off = off;
	e->len = eol - off;
	if (strncasecmp(s + off, "delimiter", 9) == 0 && m_space((unsigned
	    char)s[off + 9]))
		set_delimiter(lx, off, eol);
	lx->pos = eol;
	return 1;
}

/* A byte inside a quote. */
static void
in_quote(struct maria_lex *lx, struct maria_event *e)
{
	const char *s = lx->s;
	size_t i = lx->pos, n;
	char c = s[i];

	if (c == '\\' && lx->q != '`' && !(lx->q == '"' && lx->ansi) &&
	    lx->escapes) {
		for (n = 0; i + n < lx->len && s[i + n] == '\\'; n++)
			;
		if (n % 2 == 1 && i + n < lx->len && s[i + n] == lx->q &&
		    (i == 0 || s[i - 1] != '\\')) {
			e->ev = ME_QUOTE_BACKSLASH;
			e->off = i;
		}
		/* A backslash that ends the line is dropped (add_line()). */
		lx->pos += i + 1 < lx->len && s[i + 1] != '\n' ? 2 : 1;
		return;
	}
	if (c == lx->q)
		lx->q = 0;
	else if (c == '\n')
		lx->bol = 1;
	lx->pos++;
}

/* A statement's first significant byte at i. */
static void
significant(struct maria_lex *lx, size_t i, int last)
{
	if (lx->empty) {
		lx->empty = 0;
		lx->stmt_at = i;
	}
	lx->last = last;
}

static int
start_word(const char *w, size_t n)
{
	static const char *const words[] = { "then", "else", "atomic", "do",
	    "loop", NULL };
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		if (strlen(words[k]) == n && strncasecmp(w, words[k], n) == 0)
			return 1;
	return 0;
}

/* A token outside quotes and comments at lx->pos. */
static void
code(struct maria_lex *lx, struct maria_event *e)
{
	const char *s = lx->s;
	size_t i = lx->pos, j = i;
	unsigned char c = (unsigned char)s[i];

	e->ev = ME_TOKEN;
	e->off = i;
	if (c == '\'' || c == '"' || c == '`') {
		lx->q = (char)c;
		lx->open_at = i;
		j = i + 1;
		significant(lx, i, MARIA_LAST_OTHER);
	} else if (m_word(c)) {
		while (j < lx->len && m_word((unsigned char)s[j]) &&
		    !(lx->dlen > 0 && j + lx->dlen <= lx->len &&
		    memcmp(s + j, lx->delim, lx->dlen) == 0 && j > i))
			j++;
		significant(lx, i, start_word(s + i, j - i) ? MARIA_LAST_START :
		    MARIA_LAST_OTHER);
	} else {
		j = i + 1;
		if (c == '(')
			lx->paren++;
		else if (c == ')' && lx->paren-- == 0) {
			lx->paren = 0;
			e->ev = ME_RPAREN;
		}
		significant(lx, i, c == ';' ? MARIA_LAST_SEMI :
		    MARIA_LAST_OTHER);
	}
	e->len = j - i;
	lx->pos = j;
}

/* A delimiter, a backslash, a comment or a token at lx->pos. */
static void
outside(struct maria_lex *lx, struct maria_event *e)
{
	const char *s = lx->s;
	size_t i = lx->pos;
	unsigned char c = (unsigned char)s[i];

	if (c == '\\') {
		e->ev = ME_BACKSLASH;
		e->off = i;
		lx->pos += i + 1 < lx->len && s[i + 1] != '\n' ? 2 : 1;
	} else if (lx->dlen > 0 && i + lx->dlen <= lx->len &&
	    memcmp(s + i, lx->delim, lx->dlen) == 0) {
		e->ev = ME_DELIM;
		e->off = i;
		e->len = lx->dlen;
		e->stmt = lx->empty ? i : lx->stmt_at;
		e->cmd = !lx->empty && stmt_command(s, lx->stmt_at, i);
		lx->pos += lx->dlen;
		lx->empty = 1;
		lx->paren = 0;
		lx->last = MARIA_LAST_EMPTY;
	} else if (c == '#' || (c == '-' && s[i + 1] == '-' && (i + 2 >=
	    lx->len || m_space((unsigned char)s[i + 2])))) {
		const char *nl = memchr(s + i, '\n', lx->len - i);

		lx->pos = nl != NULL ? (size_t)(nl - s) : lx->len;
		lx->comment_at = i;
		lx->comment_at_end = nl == NULL;
	} else if (c == '/' && s[i + 1] == '*') {
		if (s[i + 2] == '!' || (s[i + 2] == 'M' && s[i + 3] == '!')) {
			e->ev = ME_EXEC;
			e->off = i;
			lx->pos += s[i + 2] == '!' ? 3 : 4;
			significant(lx, i, MARIA_LAST_OTHER);
		} else {
			lx->ml = 1;
			lx->open_at = i;
			lx->pos += 2;
		}
	} else if (m_space(c)) {
		lx->bol = c == '\n';
		lx->pos++;
	} else
		code(lx, e);
}

void
maria_lex_next(struct maria_lex *lx, struct maria_event *e)
{
	memset(e, 0, sizeof *e);
	if (lx->pos >= lx->len) {
		e->ev = ME_END;
		return;
	}
	lx->comment_at_end = 0;
	if (lx->bol) {
		lx->bol = 0;
		if (line_rules(lx, e))
			return;
	}
	if (lx->q)
		in_quote(lx, e);
	else if (lx->ml) {
		if (lx->s[lx->pos] == '*' && lx->s[lx->pos + 1] == '/')
			lx->ml = 0, lx->pos += 2;
		else {
			lx->bol = lx->s[lx->pos] == '\n';
			lx->pos++;
		}
	} else
		outside(lx, e);
}

int
maria_lex_between(const struct maria_lex *lx)
{
	return !lx->q && !lx->ml && (lx->empty || lx->last == MARIA_LAST_SEMI ||
	    lx->last == MARIA_LAST_START);
}

const char *
maria_lex_open_what(const struct maria_lex *lx)
{
	if (lx->ml)
		return "a /* comment";
	if (lx->q == '\'')
		return "a string literal";
	if (lx->q == '"')
		return "a \"...\" string (or quoted identifier)";
	if (lx->q == '`')
		return "a `quoted identifier`";
	return NULL;
}

/* ---- blocks ------------------------------------------------------------- */

void
maria_blocks_init(struct maria_blocks *b)
{
	memset(b, 0, sizeof *b);
	b->start = 1;
}

static int
is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static void
blocks_problem(struct maria_blocks *b, size_t off, const char *why)
{
	if (b->why == NULL) {
		b->why = why;
		b->bad = off;
	}
}

static void
push(struct maria_blocks *b, char kind, size_t off)
{
	if (b->depth == sizeof b->kind) {
		blocks_problem(b, off, "blocks nest too deep to be checked");
		return;
	}
	b->kind[b->depth] = kind;
	b->at[b->depth++] = off;
	b->opened = 1;
}

/* END (kind 0: a plain END, which closes BEGIN or a CASE expression). */
static void
pop(struct maria_blocks *b, char kind, size_t off)
{
	char top = b->depth > 0 ? b->kind[b->depth - 1] : 0;

	if (kind == 0 ? top == 'B' || top == 'C' : top == kind) {
		b->depth--;
		return;
	}
	blocks_problem(b, off, b->depth == 0 ? "this END closes a block that "
	    "this SQL did not open" : "this END does not close the block that "
	    "is open here");
}

/* The word after END: the kind of block it closes, or 0. */
static char
end_kind(const char *w, size_t n)
{
	if (is_word(w, n, "if"))
		return 'I';
	if (is_word(w, n, "case"))
		return 'C';
	if (is_word(w, n, "loop"))
		return 'L';
	if (is_word(w, n, "while"))
		return 'W';
	if (is_word(w, n, "repeat"))
		return 'R';
	return 0;
}

void
maria_blocks_token(struct maria_blocks *b, const char *s, size_t off,
    size_t len)
{
	const char *w = s + off;
	int word = m_word((unsigned char)w[0]), start = b->start;
	char k;

	if (b->pend_end) {
		b->pend_end = 0;
		if (word && (k = end_kind(w, len)) != 0) {
			pop(b, k, b->end_at);
			b->start = 0;
			return;
		}
		pop(b, 0, b->end_at);
	}
	if (b->pend_begin) {
		b->pend_begin = 0;
		if (!(len == 1 && w[0] == ';') && !(word && is_word(w, len,
		    "work")))
			push(b, 'B', b->end_at);
		start = 1;
	}
	b->start = 0;
	if (!word) {
		b->start = len == 1 && (w[0] == ';' || w[0] == ':');
		return;
	}
	if (is_word(w, len, "begin")) {
		b->pend_begin = 1;
		b->end_at = off;
	} else if (is_word(w, len, "end")) {
		b->pend_end = 1;
		b->end_at = off;
	} else if (is_word(w, len, "case"))
		push(b, 'C', off);
	else if (start && (k = end_kind(w, len)) != 0 && s[off + len] != '(') {
		push(b, k, off);
		b->start = k == 'L' || k == 'R';
	} else
		b->start = start_word(w, len) || is_word(w, len, "row") ||
		    is_word(w, len, "repeat");
}

void
maria_blocks_finish(struct maria_blocks *b, int semi)
{
	if (b->pend_end)
		pop(b, 0, b->end_at);
	if (b->pend_begin && !semi)
		push(b, 'B', b->end_at);
	b->pend_end = 0;
	b->pend_begin = 0;
	if (b->depth > 0)
		blocks_problem(b, b->at[b->depth - 1], "this block is not closed "
		    "in this SQL (its END is missing)");
}

/* ---- snippets ----------------------------------------------------------- */

/* 1 when the words ws (NULL-terminated) follow each other at s + i. */
static int
words_at(const char *s, size_t i, const char *const *ws)
{
	size_t k, n;

	for (k = 0; ws[k] != NULL; k++) {
		if (k > 0) {
			size_t j = i;

			while (m_space((unsigned char)s[j]))
				j++;
			if (j == i)
				return 0;
			i = j;
		}
		n = strlen(ws[k]);
		if (strncasecmp(s + i, ws[k], n) != 0 || m_word((unsigned
		    char)s[i + n]))
			return 0;
		i += n;
	}
	return 1;
}

/*
 * A setting that changes how the client or the server reads the rest of
 * the script (sql_mode: NO_BACKSLASH_ESCAPES and ANSI_QUOTES; the
 * character set the client sends in), anywhere in s, strings included:
 * its offset, or (size_t)-1.
 */
static size_t
maria_setting(const char *s, const char **what)
{
	static const char *const one[][4] = {
		{ "sql_mode", NULL }, { "character_set_client", NULL },
		{ "character_set_connection", NULL }, { "set", "names", NULL },
		{ "set", "character", "set", NULL }, { "set", "charset", NULL },
	};
	size_t i, k;

	for (i = 0; s[i] != '\0'; i++) {
		if (i > 0 && (m_word((unsigned char)s[i - 1]) || s[i - 1] == '$'))
			continue;
		for (k = 0; k < sizeof one / sizeof one[0]; k++)
			if (words_at(s, i, one[k])) {
				*what = k == 0 ? "sql_mode" : k < 3 ? one[k][0] :
				    k == 3 ? "SET NAMES" : k == 4 ?
				    "SET CHARACTER SET" : "SET CHARSET";
				return i;
			}
	}
	return (size_t)-1;
}

/* The problem an event of the reader is in a snippet, or 0. */
static int
maria_event_problem(const char *sql, const struct maria_event *e,
    enum client_context ctx, struct client_problem *p)
{
	char *x;

	switch (e->ev) {
	case ME_LINECMD:
		x = client_excerpt(sql, e->off, 24);
		client_problem_set(p, sql, e->off, "the mariadb client would run "
		    "'%s' as its own command (a line whose first word is one of "
		    "its command names, when no statement is pending), not send "
		    "it to the database; do not start a line with that word "
		    "(quote it as `%.*s`, or join the line to the one before)",
		    x, (int)strcspn(x, " \t"), x);
		free(x);
		return 1;
	case ME_BACKSLASH:
		x = client_excerpt(sql, e->off, 2);
		client_problem_set(p, sql, e->off, "the mariadb client would run "
		    "'%s' as a client command (a backslash outside quotes and "
		    "comments starts one; \\! runs a shell command), not send it "
		    "to the database; remove it (\\N: write NULL)", x);
		free(x);
		return 1;
	case ME_DELIM:
		client_problem_set(p, sql, e->off, "'$$' would end the frame's "
		    "compound statement here for the mariadb client (it is the "
		    "delimiter there); write it otherwise (in a string: '$' "
		    "'$', or CONCAT('$', '$'))");
		return 1;
	case ME_EXEC:
		client_problem_set(p, sql, e->off, "an executable comment (/*! "
		    "or /*M!) is code to the mariadb client and the server, "
		    "which read it otherwise than a comment; write the SQL "
		    "plainly");
		return 1;
	case ME_QUOTE_BACKSLASH:
		client_problem_set(p, sql, e->off, "a backslash right before the "
		    "quote that ends a string: with NO_BACKSLASH_ESCAPES (or "
		    "ANSI_QUOTES, in \"...\") the mariadb client and the server "
		    "end the string here, else later, so the end of the string "
		    "depends on the sql_mode; double the quote instead ('it''s'), "
		    "or double the backslash");
		return 1;
	case ME_RPAREN:
		client_problem_set(p, sql, e->off, "')' closes a parenthesis "
		    "that this SQL did not open");
		return 1;
	case ME_TOKEN:
		if (ctx != CLIENT_EXPRESSION || sql[e->off] != ';')
			return 0;
		client_problem_set(p, sql, e->off, "';' would end the "
		    "statement migsql writes around this expression; an "
		    "expression cannot hold one");
		return 1;
	default:
		return 0;
	}
}

/* What a snippet leaves open at its end, as the mariadb client reads it. */
static int
maria_end_problem(const char *sql, const struct maria_lex *lx,
    struct maria_blocks *b, enum client_context ctx,
    struct client_problem *p)
{
	const char *what = maria_lex_open_what(lx);

	if (what != NULL) {
		client_problem_set(p, sql, lx->open_at, "the SQL ends inside %s "
		    "that starts here: the mariadb client would read the rest "
		    "of the script as part of it; close it", what);
		return 1;
	}
	if (lx->paren > 0) {
		client_problem_set(p, sql, lx->len, "the SQL ends with %d "
		    "parenthes%s open", lx->paren, lx->paren > 1 ? "es" : "is");
		return 1;
	}
	/* migsql ends a statement with ';', and writes what it likes after
	   an expression: a BEGIN at its end opens a block there. */
	maria_blocks_finish(b, ctx == CLIENT_STATEMENTS);
	if (b->why != NULL) {
		client_problem_set(p, sql, b->bad, "%s: the server would end "
		    "the frame's compound statement (BEGIN NOT ATOMIC ... END) "
		    "elsewhere than the frame does, and run what follows it "
		    "outside the frame's checks; balance BEGIN, CASE, IF, LOOP, "
		    "WHILE and REPEAT with their END", b->why);
		return 1;
	}
	if (lx->comment_at_end && ctx == CLIENT_EXPRESSION) {
		client_problem_set(p, sql, lx->len, "the SQL ends inside a -- "
		    "comment, which would swallow what migsql writes after it; "
		    "end the comment with a line break");
		return 1;
	}
	return 0;
}

int
maria_check_sql(const char *sql, enum client_context ctx,
    struct client_sql_shape *shape, struct client_problem *p)
{
	struct maria_lex lx;
	struct maria_event e;
	struct maria_blocks b;
	const char *what;
	size_t off;

	/* The client reads a script line by line and drops a carriage
	   return at a line's end, inside a string too: the server would get
	   other bytes than the SQL holds (seen with MariaDB 10.11.19's
	   client).  Refused anywhere, so that no reading depends on it. */
	if ((off = strcspn(sql, "\r")) < strlen(sql)) {
		client_problem_set(p, sql, off, "a carriage return: the mariadb "
		    "client drops one at the end of a line, even in a string, "
		    "so the server would not get this SQL as written; write "
		    "CHAR(13) in SQL, and end lines with a line feed alone");
		return 0;
	}
	/* The frame puts it inside a compound statement: '$$' delimits. */
	maria_lex_init(&lx, sql, strlen(sql), 1, 0, "$$");
	lx.every_line = 1;
	maria_blocks_init(&b);
	for (;;) {
		maria_lex_next(&lx, &e);
		if (e.ev == ME_END)
			break;
		if (maria_event_problem(sql, &e, ctx, p))
			return 0;
		if (e.ev == ME_TOKEN)
			maria_blocks_token(&b, sql, e.off, e.len);
		if (b.why != NULL)
			break;
	}
	if (maria_end_problem(sql, &lx, &b, ctx, p))
		return 0;
	if ((off = maria_setting(sql, &what)) != (size_t)-1) {
		client_problem_set(p, sql, off, "%s changes how the mariadb "
		    "client or the server reads the rest of the script (its "
		    "string escapes and quotes, or its character set), so "
		    "migsql's scripts set it once, first, and revision SQL must "
		    "not mention it", what);
		return 0;
	}
	shape->ends_with_semicolon = lx.last == MARIA_LAST_SEMI;
	shape->ends_in_line_comment = lx.comment_at_end;
	return 1;
}

/* ---- directives --------------------------------------------------------- */

const char *
maria_directive_refused(const char *cmd, int args)
{
	size_t n = strcspn(cmd, " \t\n"), a = n, a1;
	int charset;

	/* \- turns on the sandbox (MariaDB 10.11.8 and later: every command
	   that touches files or runs a program is refused from then on). */
	if (cmd[0] == '\\' && cmd[1] == '-')
		return !args || cmd[2] == '\0' || cmd[2] == '\n' ? NULL :
		    "\\- takes nothing after it";
	if (n == 7 && strncasecmp(cmd, "charset", 7) == 0)
		charset = 1;
	else if (n == 9 && strncasecmp(cmd, "delimiter", 9) == 0)
		charset = 0;
	else
		return "a frame may use only the mariadb client's \\- "
		    "(sandbox), charset utf8mb4, DELIMITER $$ and DELIMITER ;";
	if (!args)
		return NULL;
	while (cmd[a] == ' ' || cmd[a] == '\t')
		a++;
	a1 = a + strcspn(cmd + a, " \t\r\n");
	if (a == n || (cmd[a1] != '\0' && cmd[a1] != '\n'))
		return "it takes one argument and nothing after it";
	if (charset)
		return a1 - a == 7 && strncmp(cmd + a, "utf8mb4", 7) == 0 ? NULL :
		    "it may set utf8mb4 only";
	return (a1 - a == 2 && strncmp(cmd + a, "$$", 2) == 0) || (a1 - a == 1 &&
	    cmd[a] == ';') ? NULL : "it may set $$ or ; only";
}

/* ---- statements of a compound ------------------------------------------- */

size_t
client_statement_starts(enum client_kind k, const char *text, size_t len,
    size_t **starts)
{
	struct maria_lex lx;
	struct maria_event e;
	struct maria_blocks b;
	size_t n = 0, nl = (size_t)-1;
	const char *brk;

	if (k != CLIENT_MARIADB)
		return 0;
	maria_lex_init(&lx, text, len, 1, 0, "");
	maria_blocks_init(&b);
	for (;;) {
		maria_lex_next(&lx, &e);
		if (e.ev == ME_END)
			break;
		if (e.ev != ME_TOKEN)
			continue;
		if (nl != (size_t)-1 && e.off > nl) {
			*starts = xrealloc(*starts, (n + 1) * sizeof **starts);
			(*starts)[n++] = nl + 1;
		}
		nl = (size_t)-1;
		maria_blocks_token(&b, text, e.off, e.len);
		/* A ';' that ends a statement of the body: the next line
		   starts the next one, if no token follows on its line. */
		if (text[e.off] == ';' && b.depth == 0 && !b.pend_end &&
		    (brk = memchr(text + e.off, '\n', len - e.off)) != NULL)
			nl = (size_t)(brk - text);
	}
	return n;
}
