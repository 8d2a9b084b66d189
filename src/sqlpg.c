/*
 * sqlpg.c -- SQL read by PostgreSQL's own parser (sqlpg.h).
 *
 * libpg_query gives the parse tree as protobuf (pg_query_parse_protobuf),
 * unpacked into C structs with the protobuf-c code it ships
 * (pg_query.pb-c.h); no JSON is read.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "migsql/sqlpg.h"
#include "migsql/util.h"

/* The text around a fragment, by context: the fragment starts at byte
   strlen(prefix) of the wrapped text. */
static const char *const prefixes[] = {
	[SQLPG_STATEMENTS] = "",
	[SQLPG_EXPRESSION] = "SELECT (",
	[SQLPG_TYPE] = "SELECT CAST(NULL AS ",
};
static const char *const suffixes[] = {
	[SQLPG_STATEMENTS] = "",
	[SQLPG_EXPRESSION] = ")",
	[SQLPG_TYPE] = ")",
};

void
sqlpg_result_free(struct sqlpg_result *r)
{
	free(r->err_message);
	free(r->stmts);
	memset(r, 0, sizeof *r);
}

/* Whether the parser ran: pg_query_exit() needs its memory context. */
static _Thread_local int parsed;

void
sqlpg_note_parsed(void)
{
	parsed = 1;
}

void
sqlpg_cleanup(void)
{
	if (parsed)
		pg_query_exit();
	parsed = 0;
}

/* The byte offset of 1-based character position pos in s (UTF-8), or
   strlen(s) past the end. */
static size_t
char_to_byte(const char *s, int pos)
{
	size_t i = 0;
	int c = 1;

	while (s[i] != '\0' && c < pos) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

static void
fail(struct sqlpg_result *out, size_t off, char *message)
{
	out->ok = 0;
	out->err_off = off;
	out->err_message = message;
}

/* PostgreSQL's message for an error at the end of the text: one "at or
   near" the wrapper's own ")" names the end instead. */
static char *
end_message(const char *message, enum sqlpg_context ctx)
{
	if (ctx == SQLPG_STATEMENTS)
		return xstrdup(message);
	if (strncmp(message, "syntax error at or near", 23) == 0)
		return xasprintf("syntax error at the end of the %s",
		    ctx == SQLPG_TYPE ? "type" : "expression");
	return xasprintf("%s (at the end of the %s)", message,
	    ctx == SQLPG_TYPE ? "type" : "expression");
}

/* 1 when the DefElem list has one named name (REINDEX (CONCURRENTLY)). */
static int
has_option(PgQuery__Node **v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    strcmp(v[i]->def_elem->defname, name) == 0)
			return 1;
	return 0;
}

static const char *
transaction_what(const PgQuery__TransactionStmt *t)
{
	switch (t->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
		return "BEGIN";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		return "START TRANSACTION";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		return "COMMIT";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
		return "ROLLBACK";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
		return "SAVEPOINT";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
		return "RELEASE SAVEPOINT";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
		return "ROLLBACK TO SAVEPOINT";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
		return "PREPARE TRANSACTION";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
		return "COMMIT PREPARED";
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
		return "ROLLBACK PREPARED";
	default:
		return "a transaction statement";
	}
}

/* ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY. */
static int
detaches_concurrently(const PgQuery__AlterTableStmt *a)
{
	size_t i;

	for (i = 0; i < a->n_cmds; i++) {
		const PgQuery__Node *c = a->cmds[i];

		if (c->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    c->alter_table_cmd->subtype ==
		    PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition &&
		    c->alter_table_cmd->def != NULL &&
		    c->alter_table_cmd->def->node_case ==
		    PG_QUERY__NODE__NODE_PARTITION_CMD &&
		    c->alter_table_cmd->def->partition_cmd->concurrent)
			return 1;
	}
	return 0;
}

/* Sets s->flags and s->what from the statement's parse tree. */
static void
classify(const PgQuery__Node *n, struct sqlpg_stmt *s)
{
	const char *outside = NULL;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
		s->flags = SQLPG_TRANSACTION_CONTROL;
		s->what = transaction_what(n->transaction_stmt);
		return;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		if (strcmp(n->variable_set_stmt->name, "TRANSACTION") == 0 ||
		    strcmp(n->variable_set_stmt->name,
		    "TRANSACTION SNAPSHOT") == 0) {
			s->flags = SQLPG_TRANSACTION_CONTROL;
			s->what = "SET TRANSACTION";
		}
		return;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		if (n->index_stmt->concurrent)
			outside = "CREATE INDEX CONCURRENTLY";
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		if (n->drop_stmt->concurrent)
			outside = "DROP INDEX CONCURRENTLY";
		break;
	case PG_QUERY__NODE__NODE_REINDEX_STMT: {
		const PgQuery__ReindexStmt *x = n->reindex_stmt;

		if (has_option(x->params, x->n_params, "concurrently"))
			outside = "REINDEX CONCURRENTLY";
		else if (x->kind ==
		    PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM ||
		    x->kind ==
		    PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE)
			outside = "REINDEX SYSTEM or DATABASE";
		break;
	}
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		if (n->vacuum_stmt->is_vacuumcmd)
			outside = "VACUUM";
		break;
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		if (n->cluster_stmt->relation == NULL)
			outside = "CLUSTER without a table";
		break;
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
		outside = "CREATE DATABASE";
		break;
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		outside = "DROP DATABASE";
		break;
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
		outside = "ALTER SYSTEM";
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
		outside = "CREATE TABLESPACE";
		break;
	case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
		outside = "DROP TABLESPACE";
		break;
	case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT:
		outside = "CREATE SUBSCRIPTION";
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (detaches_concurrently(n->alter_table_stmt))
			outside = "DETACH PARTITION CONCURRENTLY";
		break;
	default:
		break;
	}
	if (outside != NULL) {
		s->flags = SQLPG_OUTSIDE_TRANSACTION;
		s->what = outside;
	}
}

/* 1 when a SELECT is "SELECT (expr)" and nothing more. */
static int
one_expression(const PgQuery__SelectStmt *s)
{
	return s->n_target_list == 1 && s->n_from_clause == 0 &&
	    s->where_clause == NULL && s->n_group_clause == 0 &&
	    s->having_clause == NULL && s->n_window_clause == 0 &&
	    s->n_values_lists == 0 && s->n_sort_clause == 0 &&
	    s->limit_offset == NULL && s->limit_count == NULL &&
	    s->n_locking_clause == 0 && s->with_clause == NULL &&
	    s->n_distinct_clause == 0 && s->into_clause == NULL &&
	    s->larg == NULL && s->rarg == NULL &&
	    s->op == PG_QUERY__SET_OPERATION__SETOP_NONE &&
	    s->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET &&
	    s->target_list[0]->res_target->name[0] == '\0';
}

/* Checks that a fragment's tree is what its context wrapped: one SELECT
   of one expression, or of one CAST. */
static int
fragment_shape(const PgQuery__ParseResult *t, enum sqlpg_context ctx)
{
	const PgQuery__Node *n;
	const PgQuery__SelectStmt *s;

	if (t->n_stmts != 1 || t->stmts[0]->stmt == NULL)
		return 0;
	n = t->stmts[0]->stmt;
	if (n->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return 0;
	s = n->select_stmt;
	if (!one_expression(s))
		return 0;
	if (ctx == SQLPG_TYPE)
		return s->target_list[0]->res_target->val != NULL &&
		    s->target_list[0]->res_target->val->node_case ==
		    PG_QUERY__NODE__NODE_TYPE_CAST;
	return 1;
}

static void
take_statements(const PgQuery__ParseResult *t, size_t textlen,
    struct sqlpg_result *out)
{
	size_t i;

	out->stmts = xcalloc(t->n_stmts ? t->n_stmts : 1, sizeof *out->stmts);
	out->nstmts = t->n_stmts;
	for (i = 0; i < t->n_stmts; i++) {
		const PgQuery__RawStmt *rs = t->stmts[i];
		struct sqlpg_stmt *s = &out->stmts[i];

		s->off = rs->stmt_location > 0 ? (size_t)rs->stmt_location : 0;
		if (s->off > textlen)
			s->off = textlen;
		s->len = rs->stmt_len > 0 ? (size_t)rs->stmt_len :
		    textlen - s->off;
		if (s->len > textlen - s->off)
			s->len = textlen - s->off;
		if (rs->stmt != NULL)
			classify(rs->stmt, s);
	}
}

int
sqlpg_parse(const char *text, enum sqlpg_context ctx,
    struct sqlpg_result *out)
{
	const char *pre = prefixes[ctx], *suf = suffixes[ctx];
	size_t prelen = strlen(pre), textlen = strlen(text);
	PgQueryProtobufParseResult r;
	PgQuery__ParseResult *t;
	char *wrapped;

	memset(out, 0, sizeof *out);
	wrapped = xasprintf("%s%s%s", pre, text, suf);
	parsed = 1;
	r = pg_query_parse_protobuf(wrapped);
	if (r.error != NULL) {
		size_t off = r.error->cursorpos > 0 ?
		    char_to_byte(wrapped, r.error->cursorpos) : prelen;

		off = off < prelen ? 0 : off - prelen;
		if (off >= textlen) {
			/* At the wrapper's own closing text: the fragment
			   ended too soon. */
			off = textlen;
			fail(out, off, end_message(r.error->message, ctx));
		} else
			fail(out, off, xstrdup(r.error->message));
		pg_query_free_protobuf_parse_result(r);
		free(wrapped);
		return 0;
	}
	t = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
	    (const uint8_t *)r.parse_tree.data);
	if (t == NULL)
		fail(out, 0, xstrdup("libpg_query gave a parse tree that "
		    "does not unpack"));
	else if (ctx == SQLPG_STATEMENTS) {
		take_statements(t, textlen, out);
		out->ok = 1;
	} else if (!fragment_shape(t, ctx))
		fail(out, 0, xstrdup(ctx == SQLPG_TYPE ? "this is not one "
		    "type name" : "this is not one expression (a clause or "
		    "a second expression follows it)"));
	else
		out->ok = 1;
	if (t != NULL)
		pg_query__parse_result__free_unpacked(t, NULL);
	pg_query_free_protobuf_parse_result(r);
	free(wrapped);
	return out->ok;
}
