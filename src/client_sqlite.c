/*
 * client_sqlite.c -- the sqlite3 shell's reading of a script.
 *
 * After process_input(), quickscan() and line_is_command_terminator() in
 * src/shell.c.in of SQLite 3.40.1: the shell reads a line at a time (a CR
 * before the LF is dropped); with no statement pending, a line that is
 * white space or comment is skipped and a line that starts with '.' is a
 * dot-command ('#' a comment); otherwise the line joins the statement,
 * which runs once a line ends with ';' outside quotes and comments and
 * sqlite3_complete() (libsqlite3's own tokenizer, which knows CREATE
 * TRIGGER ... BEGIN ... END) says it is whole.  A line of only "go" or "/"
 * stands for ';' when the statement would then be complete.
 */
#include "config.h"

#include <ctype.h>
#include <sqlite3.h>
#include <string.h>

#include "client_int.h"

/* QuickScanState of shell.c.in: the awaited closing byte in the low bits. */
#define QSS_HASDARK	(1u << 8)
#define QSS_ENDINGSEMI	(2u << 8)
#define QSS_CHARMASK	((1u << 8) - 1)
#define QSS_SCANMASK	(3u << 8)
#define QSS_SETV(qss, v) ((v) | ((qss) & QSS_SCANMASK))

int
sqlite_qss_inplain(unsigned qss)
{
	return (qss & QSS_CHARMASK) == 0;
}

/* QSS_PLAINWHITE: nothing but white space and ';' read. */
static int
sqlite_qss_plainwhite(unsigned qss)
{
	return (qss & ~QSS_ENDINGSEMI) == 0;
}

/* QSS_SEMITERM: plain, and the last dark byte was a ';'. */
static int
sqlite_qss_semiterm(unsigned qss)
{
	return (qss & ~QSS_HASDARK) == QSS_ENDINGSEMI;
}

/* The shell's IsSpace(): isspace() in the C locale. */
static int
shell_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

unsigned
sqlite_quickscan(const char *z, size_t n, unsigned qss)
{
	unsigned char wait = (unsigned char)(qss & QSS_CHARMASK);
	size_t i = 0;

	for (;;) {
		if (wait == 0) {
			/* Plain text. */
			for (; i < n; i++) {
				unsigned char c = (unsigned char)z[i];

				if (shell_space(c))
					continue;
				if (c == '-' && i + 1 < n && z[i + 1] == '-')
					return qss;	/* a comment to the end */
				if (c == ';') {
					qss |= QSS_ENDINGSEMI;
					continue;
				}
				if (c == '/' && i + 1 < n && z[i + 1] == '*') {
					i += 2;
					wait = '*';
					qss = QSS_SETV(qss, wait);
					break;
				}
				if (c == '[' || c == '`' || c == '\'' || c == '"') {
					wait = c == '[' ? ']' : c;
					qss = QSS_HASDARK | wait;
					i++;
					break;
				}
				qss = (qss & ~QSS_ENDINGSEMI) | QSS_HASDARK;
			}
			if (i >= n && wait == 0)
				return qss;
		}
		/* Inside a quote or a comment, awaiting wait. */
		for (; i < n; i++) {
			unsigned char c = (unsigned char)z[i];

			if (c != wait)
				continue;
			if (wait == '*') {
				if (i + 1 >= n || z[i + 1] != '/')
					continue;
				i++;
			} else if (wait != ']' && i + 1 < n && z[i + 1] == wait) {
				i++;	/* a doubled quote stays inside */
				continue;
			}
			i++;
			wait = 0;
			qss = QSS_SETV(qss, 0);
			break;
		}
		if (wait != 0 || i >= n)
			return qss;
	}
}

int
sqlite_line_is_terminator(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && shell_space((unsigned char)s[i]))
		i++;
	if (i < n && s[i] == '/')
		i++;
	else if (i + 1 < n && tolower((unsigned char)s[i]) == 'g' &&
	    tolower((unsigned char)s[i + 1]) == 'o')
		i += 2;
	else
		return 0;
	return sqlite_quickscan(s + i, n - i, 0) == 0;
}

void
sqlite_sim_init(struct sqlite_sim *ss, const char *s, size_t len)
{
	memset(ss, 0, sizeof *ss);
	ss->s = s;
	ss->len = len;
	strbuf_init(&ss->sql);
	/* Ordinary statements are read once or twice; a trigger body once
	   at each of its lines that ends with ';'.  Sixteen times the text,
	   and at least 64 MiB, is far more than a real script needs. */
	ss->budget = len < ((size_t)4 << 20) ? (size_t)64 << 20 : 16 * len;
}

/* sqlite3_complete() of the pending statement, within the budget. */
static int
complete(struct sqlite_sim *ss)
{
	if (ss->sql.len > ss->budget) {
		if (!ss->over_budget)
			ss->over_start = ss->sql_start;
		ss->over_budget = 1;
		return 1;	/* the caller refuses the script */
	}
	ss->budget -= ss->sql.len;
	return sqlite3_complete(ss->sql.buf);
}

void
sqlite_sim_free(struct sqlite_sim *ss)
{
	strbuf_free(&ss->sql);
}

/* line_is_complete(): the pending statement with a ';' is whole. */
static int
complete_with_semicolon(struct sqlite_sim *ss)
{
	int rc;

	strbuf_addc(&ss->sql, ';');
	rc = complete(ss);
	ss->sql.buf[--ss->sql.len] = '\0';
	return rc;
}

int
sqlite_sim_line(struct sqlite_sim *ss, struct sqlite_line *ln)
{
	const char *nl, *z;
	size_t n, i;

	if (ss->pos >= ss->len)
		return 0;
	z = ss->s + ss->pos;
	nl = memchr(z, '\n', ss->len - ss->pos);
	n = nl != NULL ? (size_t)(nl - z) : ss->len - ss->pos;
	ln->start = ss->pos;
	ss->pos += n + (nl != NULL);
	if (nl != NULL && n > 0 && z[n - 1] == '\r')
		n--;
	ln->end = ln->start + n;
	ln->boundary = !ss->pending && ss->qss == 0;
	ln->dot = 0;
	if (sqlite_qss_inplain(ss->qss) && sqlite_line_is_terminator(z, n) &&
	    (!ss->pending || complete_with_semicolon(ss))) {
		z = ";";
		n = 1;
	}
	ss->qss = sqlite_quickscan(z, n, ss->qss);
	if (sqlite_qss_plainwhite(ss->qss) && !ss->pending) {
		ss->qss = 0;
		return 1;
	}
	if (n > 0 && (z[0] == '.' || z[0] == '#') && !ss->pending) {
		ln->dot = z[0] == '.';
		ss->qss = 0;
		return 1;
	}
	if (!ss->pending) {
		for (i = 0; i < n && shell_space((unsigned char)z[i]); i++)
			;
		strbuf_reset(&ss->sql);
		strbuf_addn(&ss->sql, z + i, n - i);
		ss->sql_start = ln->start + i;
	} else {
		strbuf_addc(&ss->sql, '\n');
		strbuf_addn(&ss->sql, z, n);
	}
	ss->pending = ss->sql.len > 0;
	if (ss->pending && sqlite_qss_semiterm(ss->qss) && complete(ss)) {
		ss->pending = 0;
		ss->qss = 0;
	} else if (ss->pending && sqlite_qss_plainwhite(ss->qss)) {
		ss->pending = 0;
		ss->qss = 0;
	}
	return 1;
}

int
sqlite_sim_done(const struct sqlite_sim *ss)
{
	return !ss->pending;
}

int
sqlite_read_whole(const char *s, size_t len)
{
	struct sqlite_sim ss;
	struct sqlite_line ln;
	int ok;

	sqlite_sim_init(&ss, s, len);
	while (sqlite_sim_line(&ss, &ln))
		;
	ok = sqlite_sim_done(&ss) && !ss.over_budget;
	sqlite_sim_free(&ss);
	return ok;
}
