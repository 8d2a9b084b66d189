/*
 * client_int.h -- the client readers behind client.h: psql's lexer
 * (client_psql.c) and the sqlite3 shell's line reader (client_sqlite.c).
 * Private to the client_*.c files.
 */
#ifndef MIGSQL_CLIENT_INT_H
#define MIGSQL_CLIENT_INT_H

#include <stddef.h>

#include "migsql/client.h"

/* ---- psql -------------------------------------------------------------- */

/* psqlscan.l's exclusive states that matter here. */
enum psql_state {
	PS_INITIAL,
	PS_XQ,		/* '...' with standard_conforming_strings on */
	PS_XUS,		/* U&'...': the same, whatever that setting */
	PS_XE,		/* E'...', and '...' with it off: backslash escapes */
	PS_XB,		/* B'...', X'...': no doubled quote */
	PS_XD,		/* "...", U&"..." */
	PS_XDOLQ,	/* $tag$...$tag$ */
	PS_XC		/* nested block comment */
};

struct psql_lex {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	int		 std_strings;
	enum psql_state	 st;
	size_t		 open_at;	/* where the open quote or comment began */
	const char	*tag;		/* PS_XDOLQ: the delimiter (tag_len
					   bytes), where it was read */
	size_t		 tag_len;
	int		 xcdepth;
	int		 paren;		/* psqlscan.l's paren_depth */
	int		 begin;		/* begin_depth (psql 14+: BEGIN ATOMIC) */
	char		 idents[4];	/* identifiers[] of psqlscan_int.h */
	size_t		 nident;	/* identifier_count */
	int		 dirty;		/* statement text since the last end */
	size_t		 stmt_at;	/* where that statement starts */
	int		 last_semi;	/* the last token was a ';' */
	int		 saw_xq_backslash; /* a backslash in a PS_XQ string */
	int		 comment_at_end; /* a -- comment ran to the end */
	int		 copy_stmt;	/* this statement starts with COPY */
	size_t		 copy_stdin;	/* where its STDIN is, + 1; 0: none */
};

enum psql_ev {
	PE_END,		/* the end of the text */
	PE_STOP,	/* the stop offset, at a token boundary */
	PE_MIDTOKEN,	/* the stop offset falls inside a token or comment */
	PE_BACKSLASH,	/* a client command starts at off */
	PE_VARIABLE,	/* psql substitutes [off, off + len) */
	PE_SEMI,	/* a ';' at off; term: it ends a statement */
	PE_RPAREN,	/* a ')' at off with none open */
	PE_JUNK,	/* [off, off + len): a number run into letters */
	PE_QUOTE_BACKSLASH, /* a backslash right before a quote in '...' */
	PE_DOLQ		/* a dollar quote opens: [off, off + len) is its tag */
};

struct psql_event {
	enum psql_ev	 ev;
	size_t		 off;
	size_t		 len;
	int		 term;
};

void psql_lex_init(struct psql_lex *lx, const char *s, size_t len,
    int std_strings);
/*
 * Reads on to the next event.  stop is an offset to halt at ((size_t)-1
 * for none): PE_STOP there when it is between tokens (lx->st then tells
 * whether a quote or comment is open), PE_MIDTOKEN when a token or a --
 * comment runs across it.  After PE_BACKSLASH, lx->pos is just after the
 * backslash: skip the command with psql_lex_skip_command().
 */
void psql_lex_next(struct psql_lex *lx, size_t stop, struct psql_event *e);
/*
 * Skips the meta-command whose backslash is just before lx->pos: its name
 * and arguments, to the end of its line, as psql reads them unless they
 * hold a quote, a backquote or another backslash (then the caller has
 * refused the command already).  One that sends the query buffer
 * (psql_command_sends()) ends the statement being read.
 */
void psql_lex_skip_command(struct psql_lex *lx);
/*
 * 1 when the meta-command at cmd (its backslash) sends the query buffer
 * to the server, which then starts empty: \g, \gx, \gset, \gexec
 * (psql(1), "Meta-Commands").
 */
int psql_command_sends(const char *cmd);
/* 1 when lx is between statements: no quote, comment or statement open. */
int psql_lex_at_boundary(const struct psql_lex *lx);
/* What is open at the end, for a message: "a string literal", ... */
const char *psql_lex_open_what(const struct psql_lex *lx);

/*
 * Where psql's client encoding may not be UTF-8 when it reads a line
 * (client_encoding.c).  enc_plan() finds where a reset line (\encoding
 * UTF8) must go so that every line that psql would read differently in
 * another encoding is read in UTF-8: before each \if, \elif, \else and
 * \endif that follows a query when text that is not ASCII follows it
 * later, and at the start of the statement that holds such a line, after
 * a query.  other says whether a query may have changed the encoding
 * before s (a snippet: yes).  Appends the offsets (ascending, each once)
 * to *at (malloc'd, *nat of them).  Returns the offset of the first line
 * no reset can reach (a statement that starts after another one on its
 * line and runs onto it), or (size_t)-1.  enc_check() returns the offset
 * of the first line psql may read in another encoding, or (size_t)-1.
 */
size_t enc_plan(const char *s, size_t len, int other, size_t **at,
    size_t *nat);
size_t enc_check(const char *s, size_t len);

/* ---- sqlite3 ----------------------------------------------------------- */

/* The shell's reading of one script, a line at a time. */
struct sqlite_sim {
	const char	*s;
	size_t		 len;
	size_t		 pos;		/* start of the next line */
	unsigned	 qss;		/* QuickScanState */
	struct strbuf	 sql;		/* zSql: the statement being read */
	int		 pending;	/* nSql > 0 */
	size_t		 sql_start;	/* offset where it began */
	size_t		 budget;	/* bytes sqlite3_complete() may still
					   read: a trigger of many lines is
					   read again at each ';' line */
	int		 over_budget;	/* it ran out (a pathological input) */
	size_t		 over_start;	/* the statement it ran out in */
};

/* One line as the shell took it. */
struct sqlite_line {
	size_t	 start, end;	/* the line, without its line break */
	int	 boundary;	/* before it: no statement pending, plain */
	int	 dot;		/* the shell ran it as a dot-command */
};

void sqlite_sim_init(struct sqlite_sim *ss, const char *s, size_t len);
void sqlite_sim_free(struct sqlite_sim *ss);
/* Takes the next line; returns 0 at the end of the text. */
int sqlite_sim_line(struct sqlite_sim *ss, struct sqlite_line *ln);
/* 1 when the shell has nothing pending at the end. */
int sqlite_sim_done(const struct sqlite_sim *ss);
/* 1 when the shell, reading the len bytes of s, has nothing pending at
 * their end. */
int sqlite_read_whole(const char *s, size_t len);

/*
 * quickscan() of the sqlite3 shell over [s, s + n) (no line break inside)
 * from state qss: the state after it.  Exposed for the snippet checks.
 */
unsigned sqlite_quickscan(const char *s, size_t n, unsigned qss);
/* QSS_INPLAIN of shell.c.in: no quote or comment open. */
int sqlite_qss_inplain(unsigned qss);
/* line_is_command_terminator(): a line of only "go" or "/". */
int sqlite_line_is_terminator(const char *s, size_t n);

/* ---- mariadb ----------------------------------------------------------- */

/*
 * The mariadb client's reading of a script (client_mariadb.c), after
 * read_and_execute(), add_line() and find_command() in client/mysql.cc of
 * MariaDB 10.11: a line at a time, a character at a time.
 */
struct maria_lex {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	int		 escapes;	/* backslash escapes in strings (no
					   NO_BACKSLASH_ESCAPES) */
	int		 ansi;		/* ANSI_QUOTES: none in "..." */
	int		 every_line;	/* take each line for one that starts
					   a statement (a snippet's lines) */
	char		 q;		/* the open quote, or 0 */
	int		 ml;		/* inside a / * comment */
	size_t		 open_at;	/* where that quote or comment began */
	char		 delim[16];	/* the delimiter (delimiter command) */
	size_t		 dlen;
	int		 bol;		/* pos is at the start of a line */
	int		 empty;		/* the statement buffer is empty */
	size_t		 stmt_at;	/* where its statement began */
	int		 paren;
	int		 last;		/* MARIA_LAST_* */
	int		 comment_at_end; /* the last step read a comment that
					   runs to the end of the text */
	size_t		 comment_at;	/* where that comment began */
};

/* The last significant token before pos. */
enum {
	MARIA_LAST_EMPTY,	/* none since a statement ended */
	MARIA_LAST_SEMI,	/* ';' (a statement of a compound ends) */
	MARIA_LAST_START,	/* THEN, ELSE, ATOMIC, DO or LOOP */
	MARIA_LAST_OTHER
};

enum maria_ev {
	ME_NONE,	/* a step without an event */
	ME_END,		/* the end of the text */
	ME_LINECMD,	/* a command line (find_command()) at off, len */
	ME_BACKSLASH,	/* a backslash command at off (\N too) */
	ME_DELIM,	/* the delimiter at off: the statement from stmt is
			   sent; cmd: its first word is a command name */
	ME_TOKEN,	/* a word or a punctuation byte (a quote that opens
			   a string too) at off, len */
	ME_QUOTE_BACKSLASH, /* an odd run of backslashes at off right before
			   the quote that would close the string */
	ME_EXEC,	/* an executable comment / *! or / *M! at off */
	ME_RPAREN	/* a ')' at off with none open */
};

struct maria_event {
	enum maria_ev	 ev;
	size_t		 off;
	size_t		 len;
	size_t		 stmt;
	int		 cmd;
};

void maria_lex_init(struct maria_lex *lx, const char *s, size_t len,
    int escapes, int ansi, const char *delim);
/* Reads one step (a byte in quotes and comments, a word, a line). */
void maria_lex_next(struct maria_lex *lx, struct maria_event *e);
/* 1 when lx is outside quotes and comments, between statements (the
 * buffer is empty, or the last token is ';' or a word of _START). */
int maria_lex_between(const struct maria_lex *lx);
/* What is open, for a message, or NULL. */
const char *maria_lex_open_what(const struct maria_lex *lx);

/*
 * The BEGIN ... END structure of compound statements, as the server's
 * grammar nests it (MariaDB 10.11 "Programmatic and Compound
 * Statements"): BEGIN (not BEGIN WORK, not BEGIN;), CASE, and IF, LOOP,
 * WHILE and REPEAT where a statement starts open a block; END closes
 * BEGIN or CASE, END IF, END CASE, END LOOP, END WHILE, END REPEAT their
 * own.  Fed the tokens outside quotes and comments.
 */
struct maria_blocks {
	char		 kind[64];
	size_t		 at[64];
	size_t		 depth;
	int		 start;		/* a statement may start here */
	int		 pend_begin;
	int		 pend_end;
	size_t		 end_at;
	int		 opened;	/* a block was ever opened */
	size_t		 bad;		/* the first problem's offset */
	const char	*why;		/* and what it is; NULL: none */
};

void maria_blocks_init(struct maria_blocks *b);
/* One token (a word or one byte) at off of s, len long. */
void maria_blocks_token(struct maria_blocks *b, const char *s, size_t off,
    size_t len);
/* The end of the text: a pending END closes; a pending BEGIN opens a
 * block unless semi (a ';' follows: a transaction starts). */
void maria_blocks_finish(struct maria_blocks *b, int semi);

/*
 * client_check_sql() for CLIENT_MARIADB (client.h), bidirectional
 * controls and dot-lines aside: *shape is filled when it returns 1.
 */
int maria_check_sql(const char *sql, enum client_context ctx,
    struct client_sql_shape *shape, struct client_problem *p);
/* client_directive_refused() for CLIENT_MARIADB. */
const char *maria_directive_refused(const char *cmd, int args);

/* ---- shared ------------------------------------------------------------ */

/*
 * Reads text as SQLite's tokenizer and the shell's quickscan() do: 1 when
 * every quote and comment closes and no parenthesis is left open (then
 * *shape is filled), else 0 with *p set.  A bound parameter is a problem
 * too (client_check_sql).
 */
int client_sqlite_closed(const char *text, struct client_sql_shape *shape,
    struct client_problem *p);

/*
 * What text holds at off, for a message: up to n bytes (cut at a
 * character boundary), up to the end of its line, control bytes as '?':
 * never a line break in a diagnostic.  Malloc'd; the caller frees it.
 */
char *client_excerpt(const char *text, size_t off, size_t n);

/* Sets p (message from printf) at offset off of text. */
void client_problem_set(struct client_problem *p, const char *text,
    size_t off, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* MIGSQL_CLIENT_INT_H */
