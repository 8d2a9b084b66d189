/*
 * sqlcheck.c -- the SQL a revision gives, read by its engine's grammar
 * (sqlcheck.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/nodepos.h"
#include "migsql/sqlcheck.h"
#include "migsql/util.h"

/* 1 when dl's scripts run on PostgreSQL (its client is psql). */
static int
reads_postgresql(const struct dialect *dl)
{
	return dl->client == CLIENT_PSQL;
}

struct loc
sqlcheck_loc(const struct revision *rev, const struct node *src, size_t off)
{
	struct loc l = src->loc;
	size_t len;
	char *buf;

	if (rev == NULL || rev->path == NULL ||
	    (buf = read_file(rev->path, &len)) == NULL)
		return l;
	nodepos_loc(src, buf, len, off, &l);
	free(buf);
	return l;
}

int
sqlcheck_fragment(const struct dialect *dl, const struct revision *rev,
    const struct node *src, const char *text, enum sqlpg_context ctx,
    const char *what, struct diags *d)
{
	struct sqlpg_result res;
	struct loc l;

	if (!reads_postgresql(dl) || text == NULL)
		return 1;
	if (sqlpg_parse(text, ctx, &res)) {
		sqlpg_result_free(&res);
		return 1;
	}
	l = sqlcheck_loc(rev, src, res.err_off);
	diag_error(d, EXIT_INPUT, &l, "%s: %s (PostgreSQL's parser)", what,
	    res.err_message);
	sqlpg_result_free(&res);
	return 0;
}

/* The place of statement s of src's text: its first non-blank byte. */
static struct loc
stmt_loc(const struct revision *rev, const struct node *src,
    const struct sqlpg_stmt *s)
{
	size_t off = s->off;

	while (off < src->len && strchr(" \t\r\n\f\v", src->text[off]) != NULL)
		off++;
	return sqlcheck_loc(rev, src, off);
}

/* Reports what a parsed execute must not hold; returns the errors. */
static size_t
execute_problems(const struct revision *rev, const struct op *op,
    const struct node *src, const struct sqlpg_result *res,
    const char **outside, struct diags *d)
{
	const struct node *tx = node_get(op->args, "transactional");
	size_t i, errors = 0;
	struct loc l;

	for (i = 0; i < res->nstmts; i++) {
		const struct sqlpg_stmt *s = &res->stmts[i];

		if (s->flags & SQLPG_TRANSACTION_CONTROL) {
			l = stmt_loc(rev, src, s);
			diag_error(d, EXIT_INPUT, &l, "execute: %s would change "
			    "the transaction the script runs in, and with it "
			    "the version guard and all-or-nothing: take it "
			    "out (the script begins and commits its "
			    "transactions itself)", s->what);
			errors++;
		} else if ((s->flags & SQLPG_OUTSIDE_TRANSACTION) &&
		    res->nstmts > 1) {
			l = stmt_loc(rev, src, s);
			diag_error(d, EXIT_INPUT, &l, "execute: %s cannot run "
			    "inside a transaction block (PostgreSQL), and this "
			    "execute holds %zu statements: give it an execute "
			    "of its own, which the script runs outside its "
			    "transaction", s->what, res->nstmts);
			errors++;
		} else if (s->flags & SQLPG_OUTSIDE_TRANSACTION) {
			if (tx != NULL && tx->type == SCALAR_BOOL &&
			    tx->boolean) {
				l = stmt_loc(rev, src, s);
				diag_error(d, EXIT_INPUT, &l, "execute: %s "
				    "cannot run inside a transaction block "
				    "(PostgreSQL), but this execute says "
				    "transactional: true", s->what);
				errors++;
			} else
				*outside = s->what;
		}
	}
	return errors;
}

int
sqlcheck_execute(const struct dialect *dl, const struct revision *rev,
    const struct op *op, const char **outside, struct diags *d)
{
	const struct node *src = op_execute_sql(op, dl->name);
	struct sqlpg_result res;
	size_t errors;
	struct loc l;

	*outside = NULL;
	if (!reads_postgresql(dl) || src == NULL)
		return 1;
	if (!sqlpg_parse(src->text, SQLPG_STATEMENTS, &res)) {
		l = sqlcheck_loc(rev, src, res.err_off);
		diag_error(d, EXIT_INPUT, &l, "execute: %s (PostgreSQL's "
		    "parser)", res.err_message);
		sqlpg_result_free(&res);
		return 0;
	}
	errors = execute_problems(rev, op, src, &res, outside, d);
	if (errors > 0)
		*outside = NULL;
	sqlpg_result_free(&res);
	return errors == 0;
}
