/*
 * client.h -- what the program that runs a script does with its text.
 *
 * A DBA runs a rendered script with psql or the sqlite3 shell, and both
 * read the script before any SQL reaches the database: psql splits it with
 * its own lexer and runs a backslash outside quotes and comments as a
 * meta-command (\! runs a shell command, \i reads a file) and substitutes
 * its variables (:name, :'name', :"name"); the sqlite3 shell runs a line
 * that starts with '.' as a dot-command (.shell, .system) when no statement
 * is pending.  Text that leaves a quote or comment open turns the client's
 * reading of the rest of the script inside out.
 *
 * This module reads text as those clients do, for two checks:
 *
 *  - client_check_sql(): one SQL snippet from a revision, a variable or a
 *    dialect file must be lexically closed (no open string, quoted
 *    identifier, dollar quote or block comment), hold no client command
 *    or psql variable, and, where it is part of a statement, no ';'.
 *
 *  - client_check_script(): the complete rendered script, read by every
 *    client migsql knows, holds no client command but the frame's own
 *    directives, and each statement the frame starts begins where the
 *    client is at a statement boundary.  The renderer tells the two apart
 *    with marks (below) that templates put into their output; this check
 *    removes them.  It makes any quoting or template bug fail closed.
 *
 * The MariaDB command-line client (mariadb, and MySQL's mysql, alike) reads
 * a line at a time: with no statement pending, a line whose first word is
 * one of its command names (system, source, delimiter, use, charset, ...)
 * is a client command; anywhere outside quotes and / * comments a
 * backslash starts one (\! runs a shell command); the delimiter (';', or
 * what the delimiter command set) sends the statement, whose first word
 * it looks up once more; in '...' and "..." a backslash escapes the next
 * byte unless the server's sql_mode has NO_BACKSLASH_ESCAPES (or
 * ANSI_QUOTES, for "..."), which the client learns from the server.
 *
 * Sources: psql's lexer, src/fe_utils/psqlscan.l (PostgreSQL 14 and 15),
 * with PostgreSQL 15 docs 4.1 "Lexical Structure" and psql(1),
 * "Meta-Commands" and "Advanced Features: Variables"; the sqlite3 shell,
 * process_input() and quickscan() in src/shell.c.in (SQLite 3.40.1), with
 * sqlite3_complete() from libsqlite3 itself; the mariadb client,
 * read_and_execute(), add_line(), find_command(), com_delimiter() and
 * com_charset() in client/mysql.cc (MariaDB 10.11), checked against the
 * mariadb 10.11.19 of Debian 12, with MariaDB's docs "mariadb Command-Line
 * Client" and "Programmatic and Compound Statements".
 */
#ifndef MIGSQL_CLIENT_H
#define MIGSQL_CLIENT_H

#include <stddef.h>

#include "migsql/util.h"

/* The programs a script is written for (a dialect's `client` key). */
enum client_kind {
	CLIENT_PSQL,
	CLIENT_SQLITE3,
	CLIENT_MARIADB,
	CLIENT_COUNT
};

/* "psql", "sqlite3" or "mariadb". */
const char *client_name(enum client_kind k);
/* Sets *k from a name ("psql", "sqlite3", "mariadb"); returns 0 for an
 * unknown one. */
int client_from_name(const char *name, enum client_kind *k);

/*
 * Where a snippet of SQL goes in the script.
 *   CLIENT_STATEMENTS  whole statements (execute); migsql ends the last
 *                      one with ';' when the snippet does not;
 *   CLIENT_EXPRESSION  part of a statement that migsql writes (a where, a
 *                      check condition, a using, a default, an index
 *                      expression, a type): no ';', balanced parentheses,
 *                      and not ending inside a -- comment, which would
 *                      swallow what the template writes after it.
 */
enum client_context {
	CLIENT_STATEMENTS,
	CLIENT_EXPRESSION
};

/* What is wrong with a text, and where. */
struct client_problem {
	size_t	 off;		/* byte offset in the text checked */
	unsigned line;		/* 1-based line of off in that text */
	unsigned col;		/* 1-based column (bytes) of off */
	char	*message;	/* malloc'd, one line, names the client; the
				   caller frees it (client_problem_free) */
	int	 limit;		/* a limit of the check was reached, not a
				   client command found */
};
void client_problem_free(struct client_problem *p);

/* What client_check_sql() learnt about a clean snippet. */
struct client_sql_shape {
	int	 ends_with_semicolon;	/* its last token is ';' */
	int	 ends_in_line_comment;	/* it ends inside a -- comment */
};

/*
 * Checks sql (NUL-terminated) as the client k reads it, in context ctx:
 *  - it ends outside every string, quoted identifier, dollar quote (any
 *    tag) and block comment (psql's nest), with its parentheses closed;
 *  - it holds no client command: for psql no backslash outside quotes and
 *    comments (\;, \: included); for sqlite3 no line that starts with '.'
 *    (anywhere, even in quotes: safe whatever the shell's state), and no
 *    line that is only "go" or "/", which the shell takes for ';';
 *  - psql: no line that another client encoding would read differently
 *    (client_encoding.c) after a statement that starts on a line where
 *    another statement ended (no reset can go before it);
 *  - psql: no COPY ... FROM STDIN (psql would take the script's next
 *    lines for its data);
 *  - psql: no variable reference (:name, :'name', :"name", :{?name})
 *    outside quotes, no backslash right before a quote in a standard
 *    string (psql reads it as an escape when standard_conforming_strings
 *    is off), no number run into letters ("1e", "1x$$": psql 14, 15 and 16
 *    split them differently), no mention of client_encoding or
 *    standard_conforming_strings (they change how psql reads the rest);
 *  - sqlite3: no bound parameter (?, ?1, :name, @name, $name, #name),
 *    which the shell fills from its .parameter table (NULL when unset);
 *  - mariadb (the snippet goes inside the frame's compound statement,
 *    BEGIN NOT ATOMIC ... END$$, where the delimiter is $$): nothing left
 *    open ('...', "...", `...`, / * comments, parentheses); no backslash
 *    outside quotes (\N too); no odd run of backslashes right before the
 *    quote that closes a '...' or "..." (where that string ends depends on
 *    the sql_mode); no "$$" outside quotes; no line whose first word is a
 *    command name that would run there (delimiter, system, source, use,
 *    charset, connect, tee, pager, prompt, help, ? with or without
 *    arguments, the others alone on their line), as if no statement were
 *    pending; no executable comment (/ *! or / *M!); no mention, even in a
 *    string, of sql_mode, character_set_client, character_set_connection,
 *    SET NAMES, SET CHARACTER SET or SET CHARSET; and its BEGIN, CASE, IF,
 *    LOOP, WHILE and REPEAT blocks each closed by its own END, none that
 *    closes a block it did not open (which would end the frame's
 *    compound early and run the rest outside it).  Like psql's, no line
 *    that starts with '.' (sqlite3's check); not psql's backslash check;
 *  - no Unicode bidirectional control (U+202A-U+202E, U+2066-U+2069),
 *    which can make a reviewer's viewer show the text in another order
 *    than the client reads it;
 *  - CLIENT_EXPRESSION: no ';' at all, and no ending inside a -- comment;
 *  - CLIENT_STATEMENTS: the client sees its end where migsql's ';' goes
 *    (psql: no BEGIN ATOMIC left open; sqlite3: sqlite3_complete()).
 * Returns 1 when the snippet is clean (then *shape, when not NULL, is
 * filled), or 0 with *p set to the first problem.
 */
int client_check_sql(enum client_kind k, const char *sql,
    enum client_context ctx, struct client_sql_shape *shape,
    struct client_problem *p);

/*
 * Marks: bytes that templates put into their output for
 * client_check_script() to find (template.h), always two or more:
 * CLIENT_MARK, then a kind byte:
 *   CLIENT_MARK_DIRECTIVE  a client command of the frame starts here;
 *   CLIENT_MARK_STATEMENT  a statement that a template writes starts here:
 *                          the client must be at a statement boundary;
 *   CLIENT_MARK_STEP       the step with the decimal index that follows
 *                          (ASCII digits, then ';') starts here; for
 *                          messages.
 * 0xFF never occurs in UTF-8, and every text that reaches a script is
 * UTF-8 (revision and dialect files are, --var values are checked,
 * comments escape the rest), so a mark cannot be forged by input; and a
 * forged one could only permit a directive on the allow-list below.
 */
#define CLIENT_MARK		'\xff'
#define CLIENT_MARK_DIRECTIVE	'D'
#define CLIENT_MARK_STATEMENT	'S'
#define CLIENT_MARK_STEP	'R'

/*
 * Takes the marks out of sb in place, for rendered text that is not a
 * script (a comment rendered to learn its prefix).
 */
void client_unmark(struct strbuf *sb);

/*
 * A client command that a dialect's frame may use (psql: \set, \unset,
 * \gset, \if, \elif, \else, \endif with plain arguments, \set only of
 * migsql_* variables or ON_ERROR_STOP on, \encoding UTF8; sqlite3: .bail
 * on, .timeout N; mariadb: charset utf8mb4, DELIMITER $$, DELIMITER ;,
 * the word in any case, blanks before the argument, nothing after it).
 * cmd points at the backslash or the dot and runs to the
 * end of its line (or of the string).  Without args only the command's
 * name is checked (a template's arguments hold placeholders).  Returns
 * NULL when it is allowed, else a static reason.
 */
const char *client_directive_refused(enum client_kind k, const char *cmd,
    int args);

/*
 * One client command found in a text: where it starts (the backslash or
 * the dot) and whether it is allowed as a frame directive.
 */
struct client_command {
	size_t		 off;
	enum client_kind by;	/* the client that would run it */
	int		 allowed;	/* by is the text's own client, and
					   client_directive_refused() said NULL */
};

/*
 * Reads text (a template flattened: each placeholder stands as " x ",
 * template.h) as the client k reads it, from a statement boundary.
 * Appends to *cmds (a malloc'd array of *ncmds, grown; caller frees)
 * every client command k would run; also reports as commands, not
 * allowed, those another client would run.  Returns 1 when the text also
 * ends outside quotes and comments with its parentheses closed (with
 * CLIENT_TPL_COMMENT, inside a -- comment is fine too) and, with
 * CLIENT_TPL_STATEMENT, with no statement left unended; else 0 with *p
 * set.  A psql variable outside a directive is a problem too.
 */
int client_scan_template(enum client_kind k, const char *text,
    unsigned flags, struct client_command **cmds, size_t *ncmds,
    struct client_problem *p);
/* Flags of client_scan_template(). */
enum {
	CLIENT_TPL_COMMENT = 1,	  /* it may end inside a -- comment */
	CLIENT_TPL_STATEMENT = 2  /* it must end between statements */
};

/*
 * psql only (nothing is added for the other clients):
 * the dollar-quote delimiters ($tag$, $$) that psql reads in text, each
 * once, appended to *tags (a NULL-terminated malloc'd array of malloc'd
 * strings; the caller frees both).  A value that holds one would end
 * such a quote of the frame early (dialect.h, dialect_name_refused).
 */
void client_dollar_tags(const char *text, char ***tags);

/*
 * 1 when the client, reading text (a flattened template) up to offset
 * off, is between statements there, at the start of a line (blanks
 * before it aside): where the frame puts a placeholder that holds
 * statements.
 */
int client_at_boundary(enum client_kind k, const char *text, size_t off);

/*
 * 1 when the client reads text up to offset off as inside a -- comment
 * (the comment template must put its text there).
 */
int client_in_line_comment(enum client_kind k, const char *text, size_t off);

/*
 * The whole-script check (see above).  script holds a rendered script
 * with its marks; they are removed in place (script->len shrinks).  The
 * script is then read by psql (with standard_conforming_strings on, and
 * off where that could read differently) and by the sqlite3 shell:
 *  - every command the own client k would run must stand at a directive
 *    mark and be allowed; no other client may find any command at all;
 *  - at every statement mark k must be outside quotes and comments with
 *    no statement pending; at the end, too; psql must find no variable;
 *  - the script must be valid UTF-8 (it says so to psql: \encoding);
 *  - psql: a statement may change the client encoding (set_config() with
 *    a computed name, a function, a trigger), and psql reads each line in
 *    the encoding the server last reported; where a line that holds text
 *    that is not ASCII would then read differently (client_encoding.c),
 *    a line reset (the dialect's encoding directive, \encoding UTF8; NULL
 *    for none) is first written before its statement, and before each
 *    \if, \elif, \else and \endif that follows a query, as a frame
 *    directive; a line that still may be read in another encoding refuses
 *    the script.
 * steps names each step for messages (nsteps of them, from the step
 * marks; may be NULL).  Returns 1 when the script is safe to write; else
 * 0 with *p set (off and line in the script without marks).
 *
 * A mariadb script (reset is not used) is read by the mariadb client
 * three times: with backslash escapes on and ANSI_QUOTES off (how the
 * client reads the lines before the frame's SET SESSION sql_mode, and
 * the strictest reading of a quote), where every command (a command
 * line, a backslash, a statement whose first word is a command name)
 * must stand at a directive mark and be allowed, every statement mark be
 * outside quotes and comments right after the end of a client statement,
 * a ';', THEN, ELSE, ATOMIC, DO or LOOP, no executable comment be read,
 * and each client statement that starts with BEGIN NOT ATOMIC close its
 * blocks only at its last END; and with ANSI_QUOTES on, and with escapes
 * off, where no command may stand elsewhere than at a directive mark and
 * the script must end closed.  The sqlite3 shell reads it too (for
 * dot-commands).  psql does not: it reads backquotes and backslashes in
 * strings otherwise, and a psql or sqlite3 script is not read by the
 * mariadb client.
 */
int client_check_script(enum client_kind k, struct strbuf *script,
    const char *const *steps, size_t nsteps, const char *reset,
    struct client_problem *p);

/*
 * Where each statement after the first starts in text (len bytes), SQL
 * that the frame puts inside a compound statement of client k
 * (CLIENT_MARIADB: ';' outside quotes, comments and BEGIN ... END blocks
 * ends a statement, as the server reads the body): the offset of the
 * start of the line after each ';' that is the last token on its line and
 * has more SQL after it (not only blanks and comments; a comment line
 * belongs to the next statement).  Appends the offsets, ascending, to
 * *starts (malloc'd, grown; the caller frees it) and returns how many.
 * For psql and sqlite3 it returns 0.  The text should be one that
 * client_check_sql() accepted.
 */
size_t client_statement_starts(enum client_kind k, const char *text,
    size_t len, size_t **starts);

#endif /* MIGSQL_CLIENT_H */
