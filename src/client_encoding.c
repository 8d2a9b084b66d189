/*
 * client_encoding.c -- psql's reading of a line in another client
 * encoding.
 *
 * psql reads a script a line at a time, each in the client encoding the
 * server last reported (psql's SendQuery() takes it back after every
 * query), and a statement can change that encoding however it likes:
 * SET client_encoding, set_config() with a computed name, a function or a
 * trigger that does either.  In the encodings whose multibyte characters
 * may end in an ASCII byte (SJIS, BIG5, GBK, UHC, GB18030, JOHAB), psql
 * masks every byte after a character's first before its lexer sees the
 * line (psqlscan_prepare_buffer(), src/fe_utils/psqlscan.l): after UTF-8
 * text such as U+3041 (E3 81 81), SJIS takes the next byte, a quote or a
 * backslash, into the character, and the rest of the script is read
 * inside out.
 *
 * A line is robust when psql's lexer reads it alike in every such
 * encoding, with standard_conforming_strings on and off (a statement can
 * change that too): the same events at the same places and the same
 * state at its end.  Character lengths after src/common/wchar.c of
 * PostgreSQL 15.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client_int.h"

/* The maskings that differ: BIG5, GBK and UHC all take two bytes after
 * any byte with the high bit set; SHIFT_JIS_2004 is SJIS. */
enum { ENC_SJIS, ENC_BIG5, ENC_GB18030, ENC_JOHAB, ENC_COUNT };

/* pg_sjis_mblen, pg_big5_mblen, pg_gb18030_mblen, pg_johab_mblen. */
static size_t
char_len(int enc, const unsigned char *s, size_t left)
{
	if (s[0] < 0x80)
		return 1;
	switch (enc) {
	case ENC_SJIS:
		return s[0] >= 0xa1 && s[0] <= 0xdf ? 1 : 2;
	case ENC_GB18030:
		return left > 1 && s[1] >= 0x30 && s[1] <= 0x39 ? 4 : 2;
	case ENC_JOHAB:		/* pg_euc_mblen: SS3 takes three bytes */
		return s[0] == 0x8f ? 3 : 2;
	default:
		return 2;
	}
}

/* The n bytes of in as psql's lexer sees them in encoding enc. */
static void
mask(int enc, const char *in, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, k;

	while (i < n) {
		k = char_len(enc, s + i, n - i);
		out[i] = in[i];
		for (i++; --k > 0 && i < n; i++)
			out[i] = (char)0xff;
	}
}

/* What the lexer does with one line: its events and its state after. */
struct reading {
	struct psql_event	*ev;
	size_t			 n, cap;
	struct psql_lex		 end;
};

/*
 * Reads buf (n bytes: a line) from state at, with standard_conforming_
 * strings std, into *r.
 */
static void
read_line(const struct psql_lex *at, int std, const char *buf, size_t n,
    struct reading *r)
{
	struct psql_lex lx = *at;
	struct psql_event e;

	lx.std_strings = std;
	lx.s = buf;
	lx.len = n;
	lx.pos = 0;
	r->n = 0;
	do {
		psql_lex_next(&lx, (size_t)-1, &e);
		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 16;
			r->ev = xrealloc(r->ev, r->cap * sizeof *r->ev);
		}
		r->ev[r->n++] = e;
		if (e.ev == PE_BACKSLASH)
			psql_lex_skip_command(&lx);
	} while (e.ev != PE_END);
	r->end = lx;
}

static int
same_reading(const struct reading *a, const struct reading *b)
{
	const struct psql_lex *x = &a->end, *y = &b->end;
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->ev[i].ev != b->ev[i].ev || a->ev[i].off != b->ev[i].off ||
		    a->ev[i].len != b->ev[i].len ||
		    a->ev[i].term != b->ev[i].term)
			return 0;
	return x->st == y->st && x->paren == y->paren &&
	    x->begin == y->begin && x->dirty == y->dirty &&
	    x->xcdepth == y->xcdepth && x->tag_len == y->tag_len &&
	    x->last_semi == y->last_semi &&
	    x->comment_at_end == y->comment_at_end &&
	    x->copy_stmt == y->copy_stmt &&
	    (x->copy_stdin != 0) == (y->copy_stdin != 0);
}

/*
 * 1 when psql reads the line [ls, le) of lx->s alike in every client
 * encoding whose characters can end in an ASCII byte (lx is the lexer at
 * ls).
 */
static int
psql_line_robust(const struct psql_lex *lx, size_t ls, size_t le)
{
	const char *line = lx->s + ls;
	struct reading utf8 = { NULL, 0, 0, { 0 } };
	struct reading other = { NULL, 0, 0, { 0 } };
	size_t n = le - ls, i;
	char *buf;
	int enc, ok = 1;

	for (i = 0; i < n && (unsigned char)line[i] < 0x80; i++)
		;
	if (i == n)
		return 1;	/* ASCII reads alike everywhere */
	buf = xmalloc(n + 1);
	memcpy(buf, line, n);
	buf[n] = '\0';
	read_line(lx, 1, buf, n, &utf8);
	/* In each encoding, and with standard_conforming_strings off too:
	   a statement can change both. */
	for (enc = 0; ok && enc < 2 * ENC_COUNT; enc++) {
		mask(enc / 2, line, n, buf);
		read_line(lx, enc % 2, buf, n, &other);
		ok = same_reading(&utf8, &other);
	}
	free(utf8.ev);
	free(other.ev);
	free(buf);
	return ok;
}

/*
 * The next line at or after offset from that holds a byte >= 0x80, as
 * [*ls, *le) (without its line break): 1, or 0 when there is none.
 */
static int
psql_next_wide_line(const char *s, size_t len, size_t from, size_t *ls,
    size_t *le)
{
	size_t i = from;

	while (i < len) {
		size_t start = i;
		int wide = 0;

		for (; i < len && s[i] != '\n'; i++)
			wide |= (unsigned char)s[i] >= 0x80;
		if (wide) {
			*ls = start;
			*le = i;
			return 1;
		}
		i++;
	}
	return 0;
}

/* ---- where the encoding may not be UTF-8 ---------------------------------
 *
 * psql's \if blocks make it harder: a branch that is not taken is still
 * read (to find its \else or \endif), in the encoding of when it was
 * reached, and a reset inside it does not run.  The walk below keeps, for
 * each open block, whether the encoding may already be another at the
 * start of its current branch; a line psql would read differently must
 * find the encoding reset since the last query and clean at the start of
 * every branch it is in.
 */

struct enc_block {
	int	 acc;		/* another encoding is possible at the end of
				   some branch so far, or at the \if */
	int	 entry;		/* ... at the start of the current branch */
};

struct enc_walk {
	const char		*s;
	size_t			 len;
	struct psql_lex		 lx;
	int			 other;	/* a query may have changed it */
	struct enc_block	*stack;
	size_t			 depth, cap;
	int			 wide;	/* a line with a byte >= 0x80 is ahead */
	size_t			 ws, we;	/* that line */
};

/* The meta-command at cmd, as far as the encoding goes. */
enum enc_cmd { ENC_OTHER, ENC_IF, ENC_ELSE, ENC_ENDIF, ENC_RESET, ENC_SEND };

static enum enc_cmd
enc_cmd(const char *cmd)
{
	static const struct {
		const char	*name;
		enum enc_cmd	 kind;
	} cmds[] = {
		{ "if", ENC_IF }, { "elif", ENC_ELSE }, { "else", ENC_ELSE },
		{ "endif", ENC_ENDIF }, { "encoding", ENC_RESET },
	};
	size_t i, n = strcspn(cmd + 1, " \t\n\\");

	if (psql_command_sends(cmd))
		return ENC_SEND;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strlen(cmds[i].name) == n && strncmp(cmd + 1, cmds[i].name,
		    n) == 0)
			return cmds[i].kind;
	return ENC_OTHER;
}

static int
entries_clean(const struct enc_walk *w)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		if (w->stack[i].entry)
			return 0;
	return 1;
}

static void
enc_directive(struct enc_walk *w, enum enc_cmd k)
{
	struct enc_block *top = w->depth ? &w->stack[w->depth - 1] : NULL;

	switch (k) {
	case ENC_IF:
		if (w->depth == w->cap) {
			w->cap = w->cap ? 2 * w->cap : 8;
			w->stack = xrealloc(w->stack, w->cap * sizeof *w->stack);
		}
		w->stack[w->depth++] = (struct enc_block){ w->other, w->other };
		break;
	case ENC_ELSE:
		if (top != NULL) {
			top->acc |= w->other;
			top->entry = top->acc;
			w->other = top->acc;
		}
		break;
	case ENC_ENDIF:
		if (top != NULL) {
			w->other = top->acc | w->other;
			w->depth--;
		}
		break;
	case ENC_RESET:
		w->other = 0;
		break;
	default:
		break;
	}
}

/*
 * Where a reset must go to reach the line at ws: the line itself when psql
 * is between statements at its start, else the start of the line where
 * its statement begins -- or, in a comment between statements, where the
 * comment begins -- when nothing but blanks comes before that on the
 * line; (size_t)-1 when there is no such place.
 */
static size_t
reset_point(const struct enc_walk *w)
{
	size_t i, start;

	if (psql_lex_at_boundary(&w->lx))
		return w->ws;
	/* No statement has started: the comment that is open is the first
	   thing psql reads after the last one (stmt_at is that one's). */
	start = w->lx.dirty ? w->lx.stmt_at : w->lx.open_at;
	for (i = start; i > 0 && w->s[i - 1] != '\n'; i--)
		if (w->s[i - 1] != ' ' && w->s[i - 1] != '\t')
			return (size_t)-1;
	return i;
}

static void
add_point(size_t **at, size_t *nat, size_t p)
{
	if (*nat > 0 && (*at)[*nat - 1] >= p)
		return;
	*at = xrealloc(*at, (*nat + 1) * sizeof **at);
	(*at)[(*nat)++] = p;
}

/* A line with text that is not ASCII, at w->ws: plan or check it. */
static size_t
wide_line(struct enc_walk *w, size_t **at, size_t *nat, size_t *bad)
{
	size_t p = (size_t)-1;

	if ((w->other || !entries_clean(w)) &&
	    !psql_line_robust(&w->lx, w->ws, w->we)) {
		if (at == NULL)
			return w->ws;
		if (entries_clean(w) && (p = reset_point(w)) != (size_t)-1) {
			add_point(at, nat, p);
			w->other = 0;
		} else if (*bad == (size_t)-1)
			*bad = w->ws;
	}
	w->wide = psql_next_wide_line(w->s, w->len, w->we, &w->ws, &w->we);
	return (size_t)-1;
}

/*
 * The walk: with at, planning resets (enc_plan); without, checking the
 * resets there are (enc_check).  Returns the first line found bad.
 */
static size_t
enc_walk(const char *s, size_t len, int other, size_t **at, size_t *nat)
{
	struct enc_walk w;
	struct psql_event e;
	size_t bad = (size_t)-1, r;

	memset(&w, 0, sizeof w);
	w.s = s;
	w.len = len;
	w.other = other;
	w.wide = psql_next_wide_line(s, len, 0, &w.ws, &w.we);
	psql_lex_init(&w.lx, s, len, 1);
	while (w.wide) {
		psql_lex_next(&w.lx, w.ws, &e);
		if (e.ev == PE_STOP || e.ev == PE_MIDTOKEN) {
			if ((r = wide_line(&w, at, nat, &bad)) != (size_t)-1) {
				bad = r;
				break;
			}
		} else if (e.ev == PE_END)
			break;
		else if (e.ev == PE_SEMI && e.term)
			w.other = 1;
		else if (e.ev == PE_BACKSLASH) {
			enum enc_cmd k = enc_cmd(s + e.off);
			size_t ls = e.off;

			/* Before a branch, when text that is not ASCII lies
			   ahead, the encoding is set back (the reset runs in
			   the branch before, or before the \if). */
			while (ls > 0 && s[ls - 1] != '\n')
				ls--;
			if (at != NULL && w.other && (k == ENC_IF ||
			    k == ENC_ELSE || k == ENC_ENDIF) && ls == e.off) {
				add_point(at, nat, ls);
				w.other = 0;
			}
			enc_directive(&w, k);
			psql_lex_skip_command(&w.lx);
			if (k == ENC_SEND)
				w.other = 1;
		}
	}
	free(w.stack);
	return bad;
}

size_t
enc_plan(const char *s, size_t len, int other, size_t **at, size_t *nat)
{
	return enc_walk(s, len, other, at, nat);
}

size_t
enc_check(const char *s, size_t len)
{
	return enc_walk(s, len, 0, NULL, NULL);
}
