/*
 * fuzz_sql.c -- libFuzzer harness: a snippet that client_check_sql()
 * accepts can never break a frame (client.h).
 *
 * Input: one byte of selectors (bit 0: the client, psql or sqlite3; bit 1:
 * the context, CLIENT_STATEMENTS or CLIENT_EXPRESSION; bit 2: the client
 * is mariadb, whatever bit 0 says), then the snippet,
 * up to the first NUL byte (as a revision's SQL reaches the check).  Any
 * snippet is checked; one that is accepted, and is UTF-8 (every SQL text
 * from a revision file, a dialect file or a --var is), is embedded the way
 * migsql embeds it into small scripts with the marks of a frame
 * (client.h): a statement mark before each statement, a step mark, the
 * frame's directives with their directive marks (psql: \set ON_ERROR_STOP
 * on and \encoding UTF8 first, "SELECT ... AS migsql_run \gset" at the
 * end or an \if block around the step; sqlite3: .bail on and .timeout;
 * mariadb: charset utf8mb4 and DELIMITER $$ around a BEGIN NOT ATOMIC
 * compound whose IF ... THEN holds the step),
 * and after the snippet statements whose quotes and comments hold a
 * client command: a payload that runs when the snippet has left the
 * client inside a quote, a comment or a statement.
 *
 *  - CLIENT_STATEMENTS: the snippet as an execute is rendered (a line
 *    break when it ends inside a -- comment, then ';' unless it ends with
 *    one);
 *  - CLIENT_EXPRESSION: inside "CREATE INDEX ix ON t (a) WHERE (...);",
 *    "CONSTRAINT c CHECK (...)", and bare, as the shipped templates write
 *    a where ("WHERE {where};") and a default ("DEFAULT {default} NOT
 *    NULL").
 *
 * Oracles:
 *  1. client_check_script() must accept each script; a refusal aborts
 *     with the snippet and the problem (emit_script() would refuse to
 *     write a script from input that every check accepted).  Its text
 *     without marks must be the script as built here, but for the lines
 *     "\encoding UTF8" that it may write into a psql script to set the
 *     client encoding back (given the reset of dialects/postgresql.yaml);
 *     the script with them is what oracle 2 reads and a replay runs.
 *  2. Independent of migsql's readers: the sqlite3 shell's reading of the
 *     script, after process_input(), quickscan() and
 *     line_is_command_terminator() of SQLite 3.40.1's shell.c.in, with
 *     libsqlite3's own sqlite3_complete(): the shell may run a dot-command
 *     only at a directive mark, must be between statements at every
 *     statement mark of a sqlite3 script, and must have nothing pending
 *     at the end.  For a psql script the shell may run no dot-command at
 *     all (a script given to the wrong client).
 *
 * The payloads come in two kinds, named in the report:
 *  - "frame": text that only the frame writes (the literals of the brief:
 *    ' \! touch PWNED #' for psql, a literal holding a line ".shell touch
 *    PWNED" for sqlite3);
 *  - "snippet": statements that client_check_sql() itself accepts for the
 *    script's client (checked once, at start-up), standing for the SQL of
 *    a later execute in the same script: a refusal then means that two
 *    snippets, each accepted alone, make a script that emit_script()
 *    refuses.
 *
 * Among what the oracles hold a sqlite3 snippet to (client_check_sql()
 * must refuse every snippet that breaks them):
 *  - psql, reading the sqlite3 script as the wrong client, must come out
 *    of the snippet outside every quote and comment, as psql reads it: not
 *    left open (E'\\', $$, U&', a block comment), nor misread at a colon
 *    before a quote (psql takes :'name' and :"name" whole, and of a ":'"
 *    that makes no reference only the colon).  Else the payloads' quoted
 *    backslash commands are where psql runs them: client_check_script()
 *    refuses the script where its psql lexer sees that, and
 *    tests/fuzz/replay_sql.sh whether the real psql runs them;
 *  - the sqlite3 shell must be between statements at the next statement
 *    mark, as the shell reads the snippet and not as sqlite3_complete()
 *    reads the text as written: before a statement the shell strips white
 *    space (a vertical tab too, which sqlite3_complete() does not take for
 *    white space) and drops a line that starts with '#', so a trigger
 *    ("\vCREATE TRIGGER ... BEGIN SELECT 1") must end in the shell's
 *    reading too.
 * Every finding aborts.  With $MIGSQL_FUZZ_SQL_DUMP set to a directory,
 * the scripts that pass are written there, for tests/fuzz/replay_sql.sh
 * to run with the real psql and sqlite3, the oracle that no
 * reimplementation of their lexers can be.
 */
#include "config.h"

#include <sqlite3.h>

#include "common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- payloads ----------------------------------------------------------- */

struct payload {
	const char	*sql;	/* a whole statement, ending in ";\n" */
	int		 frame;	/* 1: the frame's text; 0: an accepted snippet */
};

static const struct payload psql_payloads[] = {
	{ "SELECT ' \\! touch PWNED #';\n", 1 },
	{ "SELECT 'x\n.shell touch PWNED\n';\n", 1 },
	{ "SELECT $$ \\! touch PWNED $$;\n", 0 },
	{ "SELECT \" \\! touch PWNED \" FROM t;\n", 0 },
	{ "SELECT E' \\\\! touch PWNED ';\n", 0 },
	{ "/* \\! touch PWNED */ SELECT 1;\n", 0 },
	{ "SELECT 1; -- \\! touch PWNED\n", 0 },
	{ NULL, 0 }
};

/* Inside the compound statement of a mariadb frame. */
static const struct payload maria_payloads[] = {
	{ "SELECT ' \\! touch PWNED #';\n", 1 },
	{ "SELECT \" \\! touch PWNED #\";\n", 1 },
	{ "SELECT 'x\nsystem touch PWNED\n';\n", 1 },
	{ "SELECT '$$ \\! touch PWNED $$';\n", 0 },
	{ "SELECT `x\nsystem touch PWNED\n` FROM t;\n", 0 },
	{ "/* \\! touch PWNED */ SELECT 1;\n", 0 },
	{ "SELECT 1; -- \\! touch PWNED\n", 0 },
	{ "SELECT 1; # \\! touch PWNED\n", 0 },
	{ NULL, 0 }
};

static const struct payload sqlite_payloads[] = {
	{ "SELECT 'x\n.shell touch PWNED\n';\n", 1 },
	{ "SELECT \"x\n.shell touch PWNED\n\";\n", 1 },
	{ "SELECT 1 /*\n.shell touch PWNED\n*/;\n", 1 },
	{ "SELECT [x\n.shell touch PWNED\n];\n", 1 },
	{ "SELECT ' \\! touch PWNED #';\n", 0 },
	{ "SELECT '$$ \\! touch PWNED $$';\n", 0 },
	{ "SELECT 1; -- \\! touch PWNED\n", 0 },
	{ NULL, 0 }
};

/* ---- a script with marks ------------------------------------------------ */

#define MAXMARKS 64

struct script {
	struct strbuf	 marked;	/* what client_check_script() reads */
	struct strbuf	 plain;		/* the same without marks */
	size_t		 off[MAXMARKS];	/* each mark's offset in plain */
	char		 kind[MAXMARKS];
	size_t		 n;
	const char	*what;		/* the variant, for the report */
};

static void
s_init(struct script *s, const char *what)
{
	strbuf_init(&s->marked);
	strbuf_init(&s->plain);
	s->n = 0;
	s->what = what;
}

static void
s_free(struct script *s)
{
	strbuf_free(&s->marked);
	strbuf_free(&s->plain);
}

static void
s_addn(struct script *s, const char *t, size_t n)
{
	strbuf_addn(&s->marked, t, n);
	strbuf_addn(&s->plain, t, n);
}

static void
s_add(struct script *s, const char *t)
{
	s_addn(s, t, strlen(t));
}

static void
s_mark(struct script *s, char kind)
{
	if (s->n == MAXMARKS)
		fuzz_die("too many marks");
	s->off[s->n] = s->plain.len;
	s->kind[s->n++] = kind;
	strbuf_addc(&s->marked, CLIENT_MARK);
	strbuf_addc(&s->marked, kind);
}

/* A statement mark, then the text. */
static void
s_stmt(struct script *s, const char *t)
{
	s_mark(s, CLIENT_MARK_STATEMENT);
	s_add(s, t);
}

/* A directive mark, then the directive (with its line break). */
static void
s_directive(struct script *s, const char *t)
{
	s_mark(s, CLIENT_MARK_DIRECTIVE);
	s_add(s, t);
}

static void
s_step(struct script *s, unsigned step)
{
	char buf[16];

	strbuf_addc(&s->marked, CLIENT_MARK);
	strbuf_addc(&s->marked, CLIENT_MARK_STEP);
	snprintf(buf, sizeof buf, "%u;", step);
	strbuf_adds(&s->marked, buf);
}

/* ---- the input ---------------------------------------------------------- */

struct snippet {
	enum client_kind	 k;
	enum client_context	 ctx;
	const char		*sql;
	struct client_sql_shape	 shape;
};

/* RFC 3629 UTF-8 (what a YAML scalar or a checked --var can hold). */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], need, cp, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, cp = c & 0x07;
		else
			return 0;
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += need + 1;
	}
	return 1;
}

/* ---- embedding ---------------------------------------------------------- */

/* The snippet as the step's statements, each after a statement mark. */
static void
embed(struct script *s, const struct snippet *sn, int which)
{
	s_step(s, 0);
	if (sn->ctx == CLIENT_STATEMENTS) {
		/* As render.c renders an execute. */
		s_stmt(s, sn->sql);
		if (sn->shape.ends_in_line_comment)
			s_add(s, "\n");
		if (!sn->shape.ends_with_semicolon)
			s_add(s, ";");
		s_add(s, "\n");
		return;
	}
	switch (which) {
	case 0:
		s_stmt(s, "CREATE INDEX ix ON t (a) WHERE (");
		s_add(s, sn->sql);
		s_add(s, ");\n");
		break;
	case 1:
		s_stmt(s, "CREATE TABLE c (a integer, CONSTRAINT c_a CHECK (");
		s_add(s, sn->sql);
		s_add(s, "));\n");
		break;
	case 2:
		s_stmt(s, "CREATE INDEX ix ON t (a) WHERE ");
		s_add(s, sn->sql);
		s_add(s, ";\n");
		break;
	default:
		s_stmt(s, "CREATE TABLE d (a integer DEFAULT ");
		s_add(s, sn->sql);
		s_add(s, " NOT NULL, b text);\n");
		break;
	}
}

#define NEMBED 4	/* the ways of embedding an expression */

static void
payloads(struct script *s, const struct payload *pl, int frame)
{
	for (; pl->sql != NULL; pl++)
		if (pl->frame == frame)
			s_stmt(s, pl->sql);
}

/*
 * Builds variant v of the script for sn with the payloads of kind frame
 * (1: the frame's, 0: accepted snippets); which: the expression's
 * embedding.  Returns 0 when there is no such variant.
 */
static int
build(struct script *s, const struct snippet *sn, int v, int frame,
    int which)
{
	const struct payload *pl = sn->k == CLIENT_PSQL ? psql_payloads :
	    sn->k == CLIENT_MARIADB ? maria_payloads : sqlite_payloads;

	if (sn->k == CLIENT_MARIADB) {
		if (v != 0)
			return 0;
		/* As dialects/mariadb.yaml's frame: the step in a compound. */
		s_init(s, frame ? "mariadb script, frame payloads" :
		    "mariadb script, snippet payloads");
		s_directive(s, "charset utf8mb4\n");
		s_stmt(s, "-- migsql fuzz\n");
		s_stmt(s, "SET SESSION sql_mode = 'STRICT_ALL_TABLES';\n");
		s_directive(s, "DELIMITER $$\n");
		s_stmt(s, "BEGIN NOT ATOMIC\n  IF 1 THEN\n");
		embed(s, sn, which);
		payloads(s, pl, frame);
		s_add(s, "  END IF;\nEND$$\n");
		s_directive(s, "DELIMITER ;\n");
		s_stmt(s, "DO RELEASE_LOCK('migsql');\n");
		return 1;
	}

	if (sn->k == CLIENT_SQLITE3) {
		if (v != 0)
			return 0;
		s_init(s, frame ? "sqlite3 script, frame payloads" :
		    "sqlite3 script, snippet payloads");
		s_stmt(s, "-- migsql fuzz\n");
		s_add(s, "\n");
		s_directive(s, ".bail on\n");
		s_directive(s, ".timeout 10000\n");
		s_stmt(s, "BEGIN IMMEDIATE;\n");
		embed(s, sn, which);
		payloads(s, pl, frame);
		s_stmt(s, "COMMIT;\n");
		return 1;
	}
	if (v == 0) {
		/* One transaction, as the script template. */
		s_init(s, frame ? "psql script, frame payloads" :
		    "psql script, snippet payloads");
		s_directive(s, "\\set ON_ERROR_STOP on\n");
		s_directive(s, "\\encoding UTF8\n");
		s_stmt(s, "-- migsql fuzz\n");
		s_add(s, "\n");
		s_stmt(s, "BEGIN ISOLATION LEVEL READ COMMITTED;\n");
		s_stmt(s, "SET LOCAL standard_conforming_strings = on;\n");
		embed(s, sn, which);
		payloads(s, pl, frame);
		s_stmt(s, "DO $migsql$ BEGIN RAISE NOTICE 'done'; END "
		    "$migsql$;\n");
		s_stmt(s, "COMMIT;\n");
		s_stmt(s, "SELECT 1 AS migsql_run ");
		s_directive(s, "\\gset\n");
		return 1;
	}
	if (v == 1) {
		/* A step of script_per_revision: the body in an \if. */
		s_init(s, frame ? "psql step in \\if, frame payloads" :
		    "psql step in \\if, snippet payloads");
		s_directive(s, "\\set ON_ERROR_STOP on\n");
		s_directive(s, "\\encoding UTF8\n");
		s_stmt(s, "BEGIN ISOLATION LEVEL READ COMMITTED;\n");
		s_stmt(s, "SELECT true AS migsql_run ");
		s_directive(s, "\\gset\n");
		s_directive(s, "\\if :migsql_run\n");
		embed(s, sn, which);
		payloads(s, pl, frame);
		s_directive(s, "\\set migsql_resume off\n");
		s_directive(s, "\\else\n");
		s_stmt(s, "DO $migsql$ BEGIN RAISE NOTICE 'skipping'; END "
		    "$migsql$;\n");
		s_directive(s, "\\endif\n");
		s_stmt(s, "COMMIT;\n");
		return 1;
	}
	return 0;
}

/* ---- oracle 2: the sqlite3 shell ---------------------------------------- */

/*
 * shell.c.in (SQLite 3.40.1): QuickScanState.  The low byte is the byte
 * that ends the quote or comment being scanned (0: plain text).
 */
#define QSS_HASDARK	0x100u
#define QSS_ENDINGSEMI	0x200u
#define QSS_SCANMASK	0x300u
#define QSS_CHARMASK	0x0ffu
#define QSS_INPLAIN(q)		(((q) & QSS_CHARMASK) == 0)
#define QSS_PLAINWHITE(q)	(((q) & ~QSS_ENDINGSEMI) == 0)
#define QSS_SEMITERM(q)		(((q) & ~QSS_HASDARK) == QSS_ENDINGSEMI)

/* The shell's IsSpace(): isspace() of the C locale. */
static int
sh_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	    c == '\r';
}

/* quickscan(): z is one line, NUL-terminated, without its line break. */
static unsigned
sh_quickscan(const char *z, unsigned qss)
{
	const unsigned char *p = (const unsigned char *)z;
	unsigned char wait = (unsigned char)(qss & QSS_CHARMASK), c;

	if (wait != 0)
		goto term;
plain:
	while ((c = *p++) != 0) {
		if (sh_space(c))
			continue;
		switch (c) {
		case '-':
			if (*p != '-')
				break;
			return qss;	/* a -- comment: the rest of the line */
		case ';':
			qss |= QSS_ENDINGSEMI;
			continue;
		case '/':
			if (*p != '*')
				break;
			p++;
			wait = '*';
			qss = (qss & QSS_SCANMASK) | wait;
			goto term;
		case '[':
			wait = ']';
			qss = QSS_HASDARK | wait;
			goto term;
		case '`':
		case '\'':
		case '"':
			wait = c;
			qss = QSS_HASDARK | wait;
			goto term;
		default:
			break;
		}
		qss = (qss & ~QSS_ENDINGSEMI) | QSS_HASDARK;
	}
	return qss;
term:
	while ((c = *p++) != 0) {
		if (c != wait)
			continue;
		if (wait == '*') {
			if (*p != '/')
				continue;
			p++;
		} else if (wait != ']' && *p == c) {
			p++;	/* a doubled quote */
			continue;
		}
		wait = 0;
		qss &= QSS_SCANMASK;
		goto plain;
	}
	return qss;
}

/* line_is_command_terminator(): "go" or "/" alone (Oracle, SQL Server). */
static int
sh_terminator(const char *z)
{
	while (sh_space((unsigned char)*z))
		z++;
	if (*z == '/')
		z++;
	else if ((z[0] | 0x20) == 'g' && (z[1] | 0x20) == 'o')
		z += 2;
	else
		return 0;
	return sh_quickscan(z, 0) == 0;
}

/* The first mark of kind at plain offset in [from, to), or -1. */
static long
mark_in(const struct script *s, char kind, size_t from, size_t to)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->kind[i] == kind && s->off[i] >= from && s->off[i] < to)
			return (long)i;
	return -1;
}

/*
 * process_input() over s->plain.  own: the script is for sqlite3 (marks
 * apply).  Returns NULL when the shell reads it as the frame means, else
 * what went wrong (static), with *at its offset.
 */
static const char *
sh_read(const struct script *s, int own, size_t *at)
{
	const char *text = s->plain.buf;
	size_t len = s->plain.len, pos = 0;
	struct strbuf sql = STRBUF_INIT, line = STRBUF_INIT;
	size_t nsql = 0;	/* the shell's nSql */
	unsigned qss = 0;
	const char *bad = NULL;

	while (pos < len && bad == NULL) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;
		size_t start = pos, i;
		long m;

		pos += n + (nl != NULL);
		/* local_getline(): the "\n", and a "\r" before it, go. */
		strbuf_reset(&line);
		strbuf_addn(&line, text + start, n);
		if (nl != NULL && line.len > 0 &&
		    line.buf[line.len - 1] == '\r')
			line.buf[--line.len] = '\0';
		/* A statement mark on this line: the shell must be between
		   statements, and the mark first on the line but for blanks. */
		if (own && (m = mark_in(s, CLIENT_MARK_STATEMENT, start,
		    start + n + 1)) >= 0) {
			for (i = start; i < s->off[m] &&
			    (text[i] == ' ' || text[i] == '\t'); i++)
				;
			if (nsql != 0 || qss != 0 || i != s->off[m]) {
				*at = s->off[m];
				bad = "a statement of the frame starts where the "
				    "sqlite3 shell is inside another statement, a "
				    "quote or a comment";
				break;
			}
		}
		if (QSS_INPLAIN(qss) && sh_terminator(line.buf)) {
			/* line_is_complete(zSql, nSql) */
			int complete = 1;

			if (nsql > 0) {
				strbuf_addc(&sql, ';');
				complete = sqlite3_complete(sql.buf);
				sql.buf[--sql.len] = '\0';
			}
			if (complete) {
				strbuf_reset(&line);
				strbuf_adds(&line, ";");
			}
		}
		qss = sh_quickscan(line.buf, qss);
		if (QSS_PLAINWHITE(qss) && nsql == 0) {
			qss = 0;
			continue;
		}
		if ((line.buf[0] == '.' || line.buf[0] == '#') && nsql == 0) {
			if (line.buf[0] == '.' && (!own ||
			    mark_in(s, CLIENT_MARK_DIRECTIVE, start, start + 1) <
			    0)) {
				*at = start;
				bad = "the sqlite3 shell runs a dot-command here "
				    "that the frame did not put there";
			}
			qss = 0;
			continue;
		}
		if (nsql == 0) {
			for (i = 0; i < line.len && sh_space(
			    (unsigned char)line.buf[i]); i++)
				;
			strbuf_reset(&sql);
			strbuf_addn(&sql, line.buf + i, line.len - i);
		} else {
			strbuf_addc(&sql, '\n');
			strbuf_addn(&sql, line.buf, line.len);
		}
		nsql = sql.len;
		if (nsql > 0 && QSS_SEMITERM(qss) && sqlite3_complete(sql.buf)) {
			nsql = 0;	/* runOneSqlLine() */
			qss = 0;
		} else if (nsql > 0 && QSS_PLAINWHITE(qss)) {
			nsql = 0;
			qss = 0;
		}
	}
	if (bad == NULL && own && nsql > 0) {
		*at = len;
		bad = "the script ends while the sqlite3 shell still reads a "
		    "statement (it would not run it)";
	}
	strbuf_free(&sql);
	strbuf_free(&line);
	return bad;
}

/* ---- the oracles -------------------------------------------------------- */

static void
report(const struct snippet *sn, const struct script *s, const char *oracle,
    const char *message, size_t off)
{
	fprintf(stderr, "\n=== migsql fuzz oracle (fuzz_sql): %s ===\n", oracle);
	fprintf(stderr, "client %s, context %s, variant: %s\n",
	    client_name(sn->k), sn->ctx == CLIENT_STATEMENTS ?
	    "CLIENT_STATEMENTS" : "CLIENT_EXPRESSION", s->what);
	fputs("message: ", stderr);
	diag_fputs(message, stderr);
	fprintf(stderr, "\nat offset %zu of the script (without marks)\n", off);
	fputs("snippet:\n  \"", stderr);
	fuzz_print_escaped(stderr, (const uint8_t *)sn->sql, strlen(sn->sql));
	fputs("\"\nscript (without marks):\n  \"", stderr);
	fuzz_print_escaped(stderr, (const uint8_t *)s->plain.buf, s->plain.len);
	fputs("\"\n", stderr);
	fuzz_oracle_fail(oracle, message, NULL);
}

/*
 * With $MIGSQL_FUZZ_SQL_DUMP set to a directory, every script that the
 * oracles accept, of the first variant and embedding, is written there
 * (without marks) for a replay with the real psql and sqlite3
 * (tests/fuzz/replay_sql.sh): INPUT-N.CLIENT.sql, INPUT a hash of the
 * input, N 1 for the frame's payloads, 0 for the snippets'.
 */
static void
dump(const struct snippet *sn, const struct script *s, int n)
{
	static const char *dir;
	static int looked;
	uint64_t h = 14695981039346656037ULL;
	char *path;
	FILE *fp;
	size_t i;

	if (!looked) {
		dir = getenv("MIGSQL_FUZZ_SQL_DUMP");
		looked = 1;
	}
	if (dir == NULL || *dir == '\0' || fuzz_input == NULL)
		return;	/* not asked, or LLVMFuzzerInitialize()'s own */
	for (i = 0; i < fuzz_input_size; i++)
		h = (h ^ fuzz_input[i]) * 1099511628211ULL;
	path = xasprintf("%s/%016llx-%d.%s.sql", dir, (unsigned long long)h,
	    n, client_name(sn->k));
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(s->plain.buf, 1, s->plain.len, fp) != s->plain.len ||
	    fclose(fp) != 0)
		fuzz_die(path);
	free(path);
}

/*
 * The line a psql script's frame writes to set the client encoding back,
 * as dialects/postgresql.yaml's encoding template renders it: the reset
 * that client_check_script() puts before a line that another client
 * encoding would read otherwise (client.h).  sqlite3 has none.
 */
#define PSQL_RESET "\\encoding UTF8"

/*
 * 1 when got is want with zero or more lines "reset\n" written into it (at
 * any offsets), as client_check_script() inserts its resets; else 0.
 * Reachability over (offset in want, resets skipped so far): the offset
 * in got follows from both, and a script takes a few resets at most.
 */
static int
is_with_resets(const struct strbuf *want, const struct strbuf *got,
    const char *reset)
{
	size_t rl = strlen(reset) + 1, k, i, nk;
	unsigned char *reach;
	int ok;

	if (got->len < want->len || (got->len - want->len) % rl != 0)
		return 0;
	nk = (got->len - want->len) / rl;
	reach = xcalloc((want->len + 1) * (nk + 1), 1);
	reach[0] = 1;
	for (i = 0; i <= want->len; i++)
		for (k = 0; k <= nk; k++) {
			size_t j = i + k * rl;

			if (!reach[i * (nk + 1) + k])
				continue;
			if (k < nk && memcmp(got->buf + j, reset, rl - 1) == 0 &&
			    got->buf[j + rl - 1] == '\n')
				reach[i * (nk + 1) + k + 1] = 1;
			if (i < want->len && got->buf[j] == want->buf[i])
				reach[(i + 1) * (nk + 1) + k] = 1;
		}
	ok = reach[want->len * (nk + 1) + nk];
	free(reach);
	return ok;
}

/* Runs the oracles on s (a finding aborts); returns 1 when they passed. */
static int
check(const struct snippet *sn, struct script *s)
{
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	struct strbuf copy = STRBUF_INIT;
	const char *bad, *reset = sn->k == CLIENT_PSQL ? PSQL_RESET : NULL;
	size_t at = 0;
	int ok;

	strbuf_addn(&copy, s->marked.buf, s->marked.len);
	ok = client_check_script(sn->k, &copy, NULL, 0, reset, &p);
	if (!ok)
		report(sn, s, "client_check_script() refused a script built "
		    "from a snippet that client_check_sql() accepted",
		    p.message, p.off);
	if (ok && (reset != NULL ? !is_with_resets(&s->plain, &copy, reset) :
	    copy.len != s->plain.len || memcmp(copy.buf, s->plain.buf,
	    copy.len) != 0))
		report(sn, s, "client_check_script() did not leave the script "
		    "without its marks (but for its resets of the client "
		    "encoding)", "the text differs", 0);
	/* The script as it would be written, resets and all, is what the
	   shell reads and a replay runs: the marks' offsets then no longer
	   hold, but sh_read() uses them only for a sqlite3 script, which
	   has no resets. */
	if (ok && copy.len != s->plain.len) {
		strbuf_reset(&s->plain);
		strbuf_addn(&s->plain, copy.buf, copy.len);
	}
	strbuf_free(&copy);
	client_problem_free(&p);
	if ((bad = sh_read(s, sn->k == CLIENT_SQLITE3, &at)) != NULL)
		report(sn, s, "the sqlite3 shell (process_input() of shell.c.in "
		    "3.40.1) reads the script otherwise than the frame means",
		    bad, at);
	return ok && bad == NULL;
}

/* Every script of a snippet that client_check_sql() accepted. */
static void
check_all(const struct snippet *sn)
{
	int v, frame, which;

	for (v = 0; v < 2; v++)
		for (frame = 0; frame < 2; frame++)
			for (which = 0; which < (sn->ctx == CLIENT_EXPRESSION ?
			    NEMBED : 1); which++) {
				struct script s;

				if (!build(&s, sn, v, frame, which))
					continue;
				/* For a replay, the first embedding of the
				   first variant: one script per payload kind. */
				if (check(sn, &s) && v == 0 && which == 0)
					dump(sn, &s, frame);
				s_free(&s);
			}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const benign[] = { "SELECT 1", "a > 0", NULL };
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	const struct payload *pl;
	struct snippet sn;
	int k, i;

	(void)argc;
	(void)argv;
	/* The snippet payloads must be snippets that the check accepts. */
	for (pl = psql_payloads; pl->sql != NULL; pl++)
		if (!pl->frame && !client_check_sql(CLIENT_PSQL, pl->sql,
		    CLIENT_STATEMENTS, NULL, &p))
			fuzz_die(pl->sql);
	for (pl = sqlite_payloads; pl->sql != NULL; pl++)
		if (!pl->frame && !client_check_sql(CLIENT_SQLITE3, pl->sql,
		    CLIENT_STATEMENTS, NULL, &p))
			fuzz_die(pl->sql);
	for (pl = maria_payloads; pl->sql != NULL; pl++)
		if (!pl->frame && !client_check_sql(CLIENT_MARIADB, pl->sql,
		    CLIENT_STATEMENTS, NULL, &p))
			fuzz_die(pl->sql);
	/* And every script of a plain snippet passes every oracle. */
	for (k = 0; k < 3; k++)
		for (i = 0; benign[i] != NULL; i++) {
			sn.k = k == 2 ? CLIENT_MARIADB : k ? CLIENT_SQLITE3 :
			    CLIENT_PSQL;
			sn.ctx = i ? CLIENT_EXPRESSION : CLIENT_STATEMENTS;
			sn.sql = benign[i];
			if (!client_check_sql(sn.k, sn.sql, sn.ctx, &sn.shape,
			    &p))
				fuzz_die(benign[i]);
			check_all(&sn);
		}
	client_problem_free(&p);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	struct snippet sn;
	char *sql;

	if (size < 1)
		return 0;
	fuzz_set_input(data, size);
	sn.k = data[0] & 4 ? CLIENT_MARIADB : data[0] & 1 ? CLIENT_SQLITE3 :
	    CLIENT_PSQL;
	sn.ctx = data[0] & 2 ? CLIENT_EXPRESSION : CLIENT_STATEMENTS;
	sql = fuzz_cstring(data + 1, size - 1);
	sn.sql = sql;
	if (client_check_sql(sn.k, sql, sn.ctx, &sn.shape, &p) &&
	    utf8_ok((const unsigned char *)sql, strlen(sql)))
		check_all(&sn);
	client_problem_free(&p);
	free(sql);
	return 0;
}
