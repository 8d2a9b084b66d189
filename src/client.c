/*
 * client.c -- snippet and template checks over the client readers
 * (client.h); the whole-script check is in client_script.c.
 */
#include "config.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_int.h"

static const char *const client_names[CLIENT_COUNT] = { "psql", "sqlite3",
    "mariadb" };

const char *
client_name(enum client_kind k)
{
	return client_names[k];
}

int
client_from_name(const char *name, enum client_kind *k)
{
	int i;

	for (i = 0; i < CLIENT_COUNT; i++)
		if (strcmp(name, client_names[i]) == 0) {
			*k = (enum client_kind)i;
			return 1;
		}
	return 0;
}

void
client_problem_free(struct client_problem *p)
{
	free(p->message);
	p->message = NULL;
}

void
client_problem_set(struct client_problem *p, const char *text, size_t off,
    const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, linestart = 0;
	va_list ap;

	p->off = off;
	p->line = 1;
	for (i = 0; i < off && text[i] != '\0'; i++)
		if (text[i] == '\n') {
			p->line++;
			linestart = i + 1;
		}
	p->col = (unsigned)(off - linestart + 1);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(p->message);
	p->message = strbuf_detach(&sb);
}

char *
client_excerpt(const char *text, size_t off, size_t n)
{
	char *s = xstrndup(text + off, strcspn(text + off, "\r\n"));
	size_t i;

	if (strlen(s) > n) {
		/* Cut at a character boundary. */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		s[n] = '\0';
	}
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	return s;
}

/* The offset of a bidirectional control character in s, or (size_t)-1. */
static size_t
bidi_control(const char *s, unsigned *cp)
{
	const unsigned char *p;

	/* U+202A-U+202E: E2 80 AA-AE; U+2066-U+2069: E2 81 A6-A9. */
	for (p = (const unsigned char *)s; (p = (const unsigned char *)
	    strchr((const char *)p, '\xe2')) != NULL; p++) {
		if (p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) {
			*cp = 0x2000 + 0x2a + (unsigned)(p[2] - 0xaa);
			return (size_t)((const char *)p - s);
		}
		if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
			*cp = 0x2066 + (unsigned)(p[2] - 0xa6);
			return (size_t)((const char *)p - s);
		}
	}
	return (size_t)-1;
}

/* ---- psql snippets ------------------------------------------------------ */

/* Words that change how psql reads the rest of the script. */
static const char *
setting_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"client_encoding", "standard_conforming_strings", NULL
	};
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		if (strlen(words[k]) == n && strncasecmp(w, words[k], n) == 0)
			return words[k];
	return NULL;
}

static int
word_char(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* 1 when the words at a and b (case-insensitively) follow each other. */
static int
two_words(const char *s, size_t i, const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), j;

	if (strncasecmp(s + i, a, na) != 0 || word_char(s[i + na]))
		return 0;
	for (j = i + na; isspace((unsigned char)s[j]); j++)
		;
	return j > i + na && strncasecmp(s + j, b, nb) == 0 &&
	    !word_char(s[j + nb]);
}

/*
 * A statement that changes how psql reads the rest of the script:
 * SET standard_conforming_strings, client_encoding, SET NAMES, RESET ALL,
 * DISCARD ALL, set_config(...) on either (PostgreSQL 15 docs, 20.11.2 and
 * SET; psql reads both settings back after every statement).  Looked for
 * in the whole text, strings included (set_config takes the name as one),
 * so that no spelling of it is missed.  Returns its offset, or -1.
 */
static size_t
psql_setting(const char *s, const char **what)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		size_t n;

		if (!word_char((unsigned char)s[i]) || (i > 0 &&
		    word_char((unsigned char)s[i - 1])))
			continue;
		for (n = 0; word_char((unsigned char)s[i + n]); n++)
			;
		if ((*what = setting_word(s + i, n)) != NULL)
			return i;
		if (two_words(s, i, "set", "names") ||
		    two_words(s, i, "reset", "all") ||
		    two_words(s, i, "discard", "all")) {
			*what = "SET NAMES, RESET ALL and DISCARD ALL";
			return i;
		}
	}
	return (size_t)-1;
}

/*
 * A line of sql that no reset line can reach when a statement before it
 * changes the client encoding (enc_plan(), assuming one may have), or -1.
 * It is read as migsql writes it: with the ';' it adds (semi), after a
 * line break where it ends in a comment (nl); the ';' can be the byte
 * that another encoding takes into the character before it.
 */
static size_t
encoding_problem(const char *sql, size_t n, int semi, int nl)
{
	/* In a script a statement of the frame always comes before: read
	   the snippet after one, so that its statements start where they
	   will (a leading comment is then no part of the first one). */
	static const char before[] = "SELECT 1;\n";
	const size_t off = sizeof before - 1;
	struct strbuf sb = STRBUF_INIT;
	size_t *at = NULL, nat = 0, bad;

	strbuf_adds(&sb, before);
	strbuf_addn(&sb, sql, n);
	if (semi && nl)
		strbuf_addc(&sb, '\n');
	if (semi)
		strbuf_addc(&sb, ';');
	bad = enc_plan(sb.buf, sb.len, 1, &at, &nat);
	free(at);
	strbuf_free(&sb);
	if (bad == (size_t)-1)
		return bad;
	bad = bad < off ? 0 : bad - off;
	return bad < n ? bad : n;
}

/* The problem an event of the psql lexer is in a snippet, or 0. */
static int
psql_event_problem(const char *sql, const struct psql_event *e,
    enum client_context ctx, struct client_problem *p)
{
	char *x;

	switch (e->ev) {
	case PE_BACKSLASH:
		x = client_excerpt(sql, e->off, 16);
		client_problem_set(p, sql, e->off, "psql would run '%s' as a "
		    "meta-command on the machine that applies the script, not "
		    "send it to the database (a backslash outside quotes and "
		    "comments starts one); remove it", strtok(x, " \t"));
		free(x);
		return 1;
	case PE_VARIABLE:
		x = xstrndup(sql + e->off, e->len);
		client_problem_set(p, sql, e->off, "psql would replace '%s' "
		    "with the value of one of its variables; where a colon is "
		    "meant, write a space after it (a[1 : 2]) or put it in a "
		    "string", x);
		free(x);
		return 1;
	case PE_SEMI:
		if (ctx != CLIENT_EXPRESSION)
			return 0;
		client_problem_set(p, sql, e->off, "';' would end the "
		    "statement migsql writes around this expression; an "
		    "expression cannot hold one");
		return 1;
	case PE_RPAREN:
		client_problem_set(p, sql, e->off, "')' closes a parenthesis "
		    "that this SQL did not open");
		return 1;
	case PE_JUNK:
		x = xstrndup(sql + e->off, e->len);
		client_problem_set(p, sql, e->off, "'%s' is a number run into "
		    "letters, which psql 14, 15 and 16 split differently; put "
		    "a space or an operator after the number", x);
		free(x);
		return 1;
	case PE_QUOTE_BACKSLASH:
		client_problem_set(p, sql, e->off, "a backslash right before "
		    "a quote in a string: psql reads it as an escape when "
		    "standard_conforming_strings is off, which a statement can "
		    "set, and then reads the rest of the script differently; "
		    "write the string as E'...' with the backslash doubled "
		    "('C:\\' as E'C:\\\\', ESCAPE '\\' as ESCAPE E'\\\\'), "
		    "or the backslash as chr(92)");
		return 1;
	default:
		return 0;
	}
}

/* The end of a snippet as psql reads it. */
static int
psql_end_problem(const char *sql, const struct psql_lex *lx,
    enum client_context ctx, int in_comment, struct client_problem *p)
{
	const char *what = psql_lex_open_what(lx);

	if (lx->st != PS_INITIAL) {
		client_problem_set(p, sql, lx->open_at, "the SQL ends inside %s "
		    "that starts here: psql would read the rest of the script "
		    "as part of it; close it", what);
		return 1;
	}
	if (lx->paren > 0) {
		client_problem_set(p, sql, lx->len, "the SQL ends with %d "
		    "parenthes%s open", lx->paren, lx->paren > 1 ? "es" : "is");
		return 1;
	}
	if (lx->begin > 0 && ctx == CLIENT_STATEMENTS) {
		client_problem_set(p, sql, lx->len, "the SQL ends inside %s; "
		    "psql would take the statements after it for part of it",
		    what);
		return 1;
	}
	if (in_comment && ctx == CLIENT_EXPRESSION) {
		client_problem_set(p, sql, lx->len, "the SQL ends inside a -- "
		    "comment, which would swallow what migsql writes after "
		    "it; end the comment with a line break");
		return 1;
	}
	return 0;
}

static int
psql_check_sql(const char *sql, enum client_context ctx,
    struct client_sql_shape *shape, struct client_problem *p)
{
	struct psql_lex lx;
	struct psql_event e;
	const char *what;
	size_t off, n = strlen(sql);
	int in_comment;

	psql_lex_init(&lx, sql, n, 1);
	for (;;) {
		psql_lex_next(&lx, (size_t)-1, &e);
		if (lx.copy_stdin != 0) {
			client_problem_set(p, sql, lx.copy_stdin - 1, "COPY ... "
			    "FROM STDIN would make psql send the script's next "
			    "lines to the server as data, up to a line \\., and "
			    "read on after it; load the rows with bulk_insert, "
			    "or COPY from a file on the server");
			return 0;
		}
		if (e.ev == PE_END)
			break;
		if (psql_event_problem(sql, &e, ctx, p))
			return 0;
	}
	in_comment = lx.st == PS_INITIAL && lx.comment_at_end;
	if (psql_end_problem(sql, &lx, ctx, in_comment, p))
		return 0;
	if ((off = encoding_problem(sql, n, ctx == CLIENT_STATEMENTS &&
	    !lx.last_semi, in_comment)) != (size_t)-1) {
		client_problem_set(p, sql, off, "psql could read this line in "
		    "another client encoding than UTF-8 (a statement before it "
		    "can set one, and psql reads each line in the encoding the "
		    "server last reported), and then read it differently; "
		    "migsql sets the encoding back only between lines, so start "
		    "the statement that holds it on a line of its own");
		return 0;
	}
	if ((off = psql_setting(sql, &what)) != (size_t)-1) {
		int many = strchr(what, ' ') != NULL;

		client_problem_set(p, sql, off, "%s change%s how psql reads the "
		    "rest of the script (its string quoting or its encoding), "
		    "so migsql's scripts set %s once, first, and revision SQL "
		    "must not change %s", what, many ? "" : "s", many ? "them" :
		    "it", many ? "them" : "it");
		return 0;
	}
	if (shape != NULL) {
		shape->ends_with_semicolon = lx.last_semi;
		shape->ends_in_line_comment = in_comment;
	}
	return 1;
}

/* ---- sqlite3 snippets --------------------------------------------------- */

/* SQLite's IdChar(): a byte that continues an identifier (tokenize.c). */
static int
sqlite_idchar(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/*
 * A bound parameter at s + i (tokenize.c, TK_VARIABLE: ?NNN, :AAA, @AAA,
 * #AAA, $AAA): its length, or 0.
 */
static size_t
sqlite_param(const char *s, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t j = i + 1;

	if (c == '?') {
		while (isdigit((unsigned char)s[j]))
			j++;
		return j - i;
	}
	if (c != ':' && c != '@' && c != '#' && c != '$')
		return 0;
	while (sqlite_idchar((unsigned char)s[j]))
		j++;
	return j > i + 1 ? j - i : 0;
}

/*
 * Reads sql as the shell and SQLite's tokenizer do (quotes ' " ` and [],
 * comments -- and / * * /) and reports the first of: a parameter, a ')'
 * that closes nothing, a ';' in an expression; at the end, what is open.
 */
static int
sqlite_tokens(const char *sql, enum client_context ctx,
    struct client_sql_shape *shape, struct client_problem *p)
{
	size_t i = 0, open_at = 0, n;
	int depth = 0, semi = 0, in_comment = 0;
	unsigned char wait = 0;

	while (sql[i] != '\0') {
		unsigned char c = (unsigned char)sql[i];

		if (wait != 0) {
			if (wait == '*' && c == '*' && sql[i + 1] == '/')
				wait = 0, i++;
			else if (wait != '*' && c == wait) {
				if (wait != ']' && (unsigned char)sql[i + 1] == wait)
					i++;
				else
					wait = 0;
			}
			i++;
			continue;
		}
		if (isspace(c)) {
			i++;
			continue;
		}
		in_comment = 0;
		if (c == '-' && sql[i + 1] == '-') {
			i += strcspn(sql + i, "\n");
			in_comment = sql[i] == '\0';
			continue;
		}
		if (c == '/' && sql[i + 1] == '*') {
			open_at = i;
			wait = '*';
			i += 2;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`' || c == '[') {
			open_at = i;
			wait = c == '[' ? ']' : c;
			i++;
			semi = 0;
			continue;
		}
		if ((n = sqlite_param(sql, i)) > 0) {
			char *x = xstrndup(sql + i, n);

			client_problem_set(p, sql, i, "sqlite3 would bind '%s' "
			    "as a parameter from its .parameter table (NULL "
			    "when that has none); write the value itself", x);
			free(x);
			return 0;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && depth-- == 0) {
			client_problem_set(p, sql, i, "')' closes a parenthesis "
			    "that this SQL did not open");
			return 0;
		} else if (c == ';' && ctx == CLIENT_EXPRESSION) {
			client_problem_set(p, sql, i, "';' would end the "
			    "statement migsql writes around this expression; an "
			    "expression cannot hold one");
			return 0;
		}
		semi = c == ';';
		i++;
	}
	if (wait != 0) {
		client_problem_set(p, sql, open_at, "the SQL ends inside %s "
		    "that starts here: sqlite3 would read the rest of the "
		    "script as part of it; close it", wait == '*' ?
		    "a /* comment" : wait == '\'' ? "a string literal" :
		    "a quoted identifier");
		return 0;
	}
	if (depth > 0) {
		client_problem_set(p, sql, i, "the SQL ends with %d "
		    "parenthes%s open", depth, depth > 1 ? "es" : "is");
		return 0;
	}
	if (in_comment && ctx == CLIENT_EXPRESSION) {
		client_problem_set(p, sql, i, "the SQL ends inside a -- "
		    "comment, which would swallow what migsql writes after it; "
		    "end the comment with a line break");
		return 0;
	}
	shape->ends_with_semicolon = semi;
	shape->ends_in_line_comment = in_comment;
	return 1;
}

int
client_sqlite_closed(const char *text, struct client_sql_shape *shape,
    struct client_problem *p)
{
	return sqlite_tokens(text, CLIENT_STATEMENTS, shape, p);
}

/* Lines the shell would take as its own: '.' first, or only go or /. */
static int
sqlite_lines(const char *sql, struct client_problem *p)
{
	size_t i = 0;
	unsigned qss = 0;

	for (;;) {
		size_t n = strcspn(sql + i, "\n");

		if (sql[i] == '.') {
			char *x = client_excerpt(sql, i, 16);

			client_problem_set(p, sql, i, "sqlite3 would run '%s' as a "
			    "dot-command on the machine that applies the script "
			    "(a line that starts with '.' is one), not send it to "
			    "the database; remove it, or start the line with a "
			    "space", strtok(x, " \t"));
			free(x);
			return 0;
		}
		if (sql[i] == '#') {
			client_problem_set(p, sql, i, "sqlite3 takes a line that "
			    "starts with '#' for a comment of its own and drops "
			    "it where no statement is pending; remove it, or "
			    "start the line with a space");
			return 0;
		}
		if (sqlite_qss_inplain(qss) &&
		    sqlite_line_is_terminator(sql + i, n)) {
			client_problem_set(p, sql, i, "sqlite3 takes a line of only "
			    "'go' or '/' for the end of a statement; put it on a "
			    "line with other SQL");
			return 0;
		}
		qss = sqlite_quickscan(sql + i, n, qss);
		if (sql[i + n] == '\0')
			return 1;
		i += n + 1;
	}
}

static int
sqlite_check_sql(const char *sql, enum client_context ctx,
    struct client_sql_shape *shape, struct client_problem *p)
{
	struct strbuf sb = STRBUF_INIT;
	int ok;

	if (!sqlite_lines(sql, p) || !sqlite_tokens(sql, ctx, shape, p))
		return 0;
	if (ctx != CLIENT_STATEMENTS)
		return 1;
	/* The shell runs what it has once a line ends with ';' and
	   sqlite3_complete() says it is whole, after it drops the white
	   space (\v too) that starts a statement: the snippet and migsql's
	   ';' must leave nothing pending, as the shell reads them. */
	strbuf_adds(&sb, sql);
	if (shape->ends_in_line_comment)
		strbuf_addc(&sb, '\n');
	if (!shape->ends_with_semicolon)
		strbuf_addc(&sb, ';');
	strbuf_addc(&sb, '\n');
	ok = sqlite_read_whole(sb.buf, sb.len);
	strbuf_free(&sb);
	if (!ok)
		client_problem_set(p, sql, strlen(sql), "sqlite3 would not see "
		    "the end of this SQL where migsql ends it (a CREATE "
		    "TRIGGER's BEGIN without its END?) and would read the "
		    "statements after it as part of it");
	return ok;
}

/*
 * The other client's commands, refused in every dialect's SQL so that no
 * script migsql writes runs one in either client (a script given to the
 * wrong client, or a dialect file that names the wrong one).
 */
static int
dot_lines(const char *sql, struct client_problem *p)
{
	size_t i;

	for (i = 0; sql[i] != '\0'; i += strcspn(sql + i, "\n"),
	    i += sql[i] == '\n')
		if (sql[i] == '.') {
			char *x = client_excerpt(sql, i, 16);

			client_problem_set(p, sql, i, "a line that starts with "
			    "'.' ('%s') is a sqlite3 dot-command; migsql refuses "
			    "one in the SQL of every dialect, so that no script "
			    "it writes runs one; start the line with a space",
			    strtok(x, " \t"));
			free(x);
			return 0;
		}
	return 1;
}

static int
backslashes(const char *sql, struct client_problem *p)
{
	struct psql_lex lx;
	struct psql_event e;

	psql_lex_init(&lx, sql, strlen(sql), 1);
	do {
		psql_lex_next(&lx, (size_t)-1, &e);
		if (e.ev == PE_BACKSLASH) {
			char *x = client_excerpt(sql, e.off, 16);

			client_problem_set(p, sql, e.off, "psql would run '%s' "
			    "as a meta-command (a backslash outside quotes and "
			    "comments, as psql reads them); migsql refuses one in "
			    "the SQL of every dialect, so that no script it "
			    "writes runs one", strtok(x, " \t"));
			free(x);
			return 0;
		}
	} while (e.ev != PE_END);
	/* Open to psql, this SQL would turn psql's reading of the rest of
	   the script inside out, were the script given to psql. */
	if (lx.st != PS_INITIAL) {
		client_problem_set(p, sql, lx.open_at, "psql would read %s "
		    "that starts here and does not end in this SQL (it quotes "
		    "otherwise than SQLite: E'' strings, $$ quotes, nested "
		    "comments); migsql refuses SQL that either client would "
		    "read as left open", psql_lex_open_what(&lx));
		return 0;
	}
	return 1;
}

int
client_check_sql(enum client_kind k, const char *sql, enum client_context ctx,
    struct client_sql_shape *shape, struct client_problem *p)
{
	struct client_sql_shape tmp;
	unsigned cp;
	size_t off;

	if (shape == NULL)
		shape = &tmp;
	memset(shape, 0, sizeof *shape);
	if ((off = bidi_control(sql, &cp)) != (size_t)-1) {
		client_problem_set(p, sql, off, "U+%04X is a bidirectional "
		    "control character: a reviewer's viewer can show the SQL "
		    "around it in another order than %s reads it; remove it "
		    "(in a string, write it with an escape)", cp,
		    client_names[k]);
		return 0;
	}
	if (k == CLIENT_PSQL)
		return psql_check_sql(sql, ctx, shape, p) && dot_lines(sql, p);
	/* Not psql's backslash check: psql reads quotes otherwise (a
	   backquote is no quote to it, a backslash escapes in '...' here). */
	if (k == CLIENT_MARIADB)
		return maria_check_sql(sql, ctx, shape, p) && dot_lines(sql, p);
	return sqlite_check_sql(sql, ctx, shape, p) && backslashes(sql, p);
}

/* ---- directives --------------------------------------------------------- */

/* [start, end) of the word at s + i, skipping blanks first. */
static size_t
word_at(const char *s, size_t *i)
{
	size_t start;

	while (s[*i] == ' ' || s[*i] == '\t')
		(*i)++;
	start = *i;
	while (s[*i] != '\0' && s[*i] != '\n' && s[*i] != ' ' &&
	    s[*i] != '\t')
		(*i)++;
	return start;
}

static int
word_is(const char *s, size_t start, size_t end, const char *w)
{
	return end - start == strlen(w) && strncmp(s + start, w, end - start) ==
	    0;
}

/* A migsql_* variable name: the frame's own. */
static int
frame_var(const char *s, size_t start, size_t end)
{
	size_t i;

	if (end - start <= 7 || strncmp(s + start, "migsql_", 7) != 0)
		return 0;
	for (i = start; i < end; i++)
		if (!islower((unsigned char)s[i]) && s[i] != '_' &&
		    !isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static const char *
psql_directive_refused(const char *cmd, int args)
{
	size_t i = 1, n0, n1, a0, a1, b0, b1;

	n0 = i;
	while (cmd[i] != '\0' && cmd[i] != '\n' && cmd[i] != ' ' &&
	    cmd[i] != '\t' && cmd[i] != '\\')
		i++;
	n1 = i;
	if (!word_is(cmd, n0, n1, "set") && !word_is(cmd, n0, n1, "unset") &&
	    !word_is(cmd, n0, n1, "gset") && !word_is(cmd, n0, n1, "if") &&
	    !word_is(cmd, n0, n1, "elif") && !word_is(cmd, n0, n1, "else") &&
	    !word_is(cmd, n0, n1, "endif") &&
	    !word_is(cmd, n0, n1, "encoding"))
		return "a frame may use only \\set, \\unset, \\gset, \\if, "
		    "\\elif, \\else, \\endif and \\encoding";
	if (!args)
		return NULL;
	for (a0 = i; cmd[a0] != '\0' && cmd[a0] != '\n'; a0++)
		if (!isalnum((unsigned char)cmd[a0]) && strchr("_: \t",
		    cmd[a0]) == NULL)
			return "its arguments may hold only letters, digits, "
			    "'_', ':' and blanks (psql would read quotes, "
			    "backquotes and backslashes in them)";
	a0 = word_at(cmd, &i);
	a1 = i;
	b0 = word_at(cmd, &i);
	b1 = i;
	word_at(cmd, &i);
	if (cmd[i] != '\0' && cmd[i] != '\n' && i != b1)
		return "it has too many arguments";
	if (word_is(cmd, n0, n1, "set") || word_is(cmd, n0, n1, "unset")) {
		if (word_is(cmd, a0, a1, "ON_ERROR_STOP") &&
		    word_is(cmd, n0, n1, "set") && word_is(cmd, b0, b1, "on"))
			return NULL;
		if (frame_var(cmd, a0, a1))
			return NULL;
		return "it may set ON_ERROR_STOP to on, or a migsql_* "
		    "variable, and nothing else";
	}
	if (word_is(cmd, n0, n1, "if") || word_is(cmd, n0, n1, "elif"))
		return a1 > a0 + 1 && cmd[a0] == ':' && frame_var(cmd, a0 + 1,
		    a1) && b1 == b0 ? NULL : "it may test one :migsql_* "
		    "variable";
	if (word_is(cmd, n0, n1, "encoding"))
		return word_is(cmd, a0, a1, "UTF8") && b1 == b0 ? NULL :
		    "it may set UTF8 only";
	return a1 == a0 ? NULL : "it takes no arguments here";
}

static const char *
sqlite_directive_refused(const char *cmd, int args)
{
	size_t i = 1, n0, n1, a0, a1, k;

	n0 = word_at(cmd, &i);
	n1 = i;
	if (n0 != 1 || (!word_is(cmd, n0, n1, "bail") &&
	    !word_is(cmd, n0, n1, "timeout")))
		return "a frame may use only .bail and .timeout";
	if (!args)
		return NULL;
	a0 = word_at(cmd, &i);
	a1 = i;
	word_at(cmd, &i);
	if (i != a1 || a1 == a0)
		return "it takes one argument";
	if (word_is(cmd, n0, n1, "bail"))
		return word_is(cmd, a0, a1, "on") ? NULL : "it may turn .bail "
		    "on only";
	for (k = a0; k < a1; k++)
		if (!isdigit((unsigned char)cmd[k]))
			return "it takes milliseconds";
	return NULL;
}

const char *
client_directive_refused(enum client_kind k, const char *cmd, int args)
{
	if (k == CLIENT_PSQL)
		return cmd[0] == '\\' ? psql_directive_refused(cmd, args) :
		    "not a psql meta-command";
	if (k == CLIENT_MARIADB)
		return isalpha((unsigned char)cmd[0]) || (cmd[0] == '\\' &&
		    cmd[1] == '-') ?
		    maria_directive_refused(cmd, args) : "not a command line of "
		    "the mariadb client (a frame writes its commands in full, "
		    "at the start of a line)";
	return cmd[0] == '.' ? sqlite_directive_refused(cmd, args) :
	    "not a sqlite3 dot-command";
}
