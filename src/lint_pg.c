/*
 * lint_pg.c -- the lint rules whose answer comes from how PostgreSQL
 * stores and locks tables (lint.h, render_int.h): volatile-default.
 * Which dialects apply them is their dialect files' say, as for every
 * rule; only dialects/postgresql.yaml lists them.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migsql/lint.h"
#include "migsql/load.h"
#include "migsql/render.h"
#include "migsql/util.h"
#include "render_int.h"

/* The major version of PostgreSQL the project's scripts are for. */
static int
pg_version(const struct render_session *s)
{
	return s->proj != NULL ? s->proj->postgresql_version :
	    PG_VERSION_DEFAULT;
}

/*
 * Functions whose pg_proc.provolatile is 'v' (volatile), as PostgreSQL
 * 15's catalog has them (and its uuid-ossp and pgcrypto extensions'):
 * each call may return another value, so a column default that calls one
 * is computed for every row.  The stable ones a default commonly calls
 * (now(), statement_timestamp(), transaction_timestamp(), txid_current():
 * provolatile 's') are not here, nor CURRENT_TIMESTAMP, which is now().
 * random_normal() is PostgreSQL 16's, uuidv4() and uuidv7() 18's.
 */
static const char *const volatile_fns[] = {
	"random", "random_normal", "gen_random_uuid", "gen_random_bytes",
	"uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
	"uuidv4", "uuidv7", "clock_timestamp", "timeofday", "nextval",
	NULL
};

/*
 * The first function of volatile_fns that SQL expression sql calls (its
 * name, any case, maybe schema-qualified, then "(" after optional
 * blanks), outside string literals and quoted names; NULL for none.
 * Conservative: any other function, a user's own included, counts as not
 * volatile.
 */
static const char *
volatile_call(const char *sql)
{
	const char *p = sql, *w;
	size_t n, i;

	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {	/* '...' or "...", doubled */
			char q = *p++;

			while (*p != '\0' && !(*p == q && p[1] != q))
				p += *p == q ? 2 : 1;
			if (*p != '\0')
				p++;
			continue;
		}
		if (!isalpha((unsigned char)*p) && *p != '_') {
			p++;
			continue;
		}
		w = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
			p++;
		n = (size_t)(p - w);
		for (i = 0; volatile_fns[i] != NULL; i++)
			if (strlen(volatile_fns[i]) == n &&
			    strncasecmp(w, volatile_fns[i], n) == 0 &&
			    p[strspn(p, " \t\r\n")] == '(')
				return volatile_fns[i];
	}
	return NULL;
}

/*
 * volatile-default for add_column action a (an OP_ADD_COLUMN) on a table
 * that existed before the step: a finding into cm when PostgreSQL
 * rewrites the table to add the column (nothing otherwise, nor for any
 * other action).  PostgreSQL 15 docs, ALTER TABLE, Notes: "When a column
 * is added with ADD COLUMN and a non-volatile DEFAULT is specified, the
 * default is evaluated at the time of the statement and the result
 * stored in the table's metadata ... Adding a column with a volatile
 * DEFAULT ... will require the entire table and its indexes to be
 * rewritten" (autoincrement, an identity column, is for create_table
 * only).  That came with PostgreSQL 11
 * (its release notes: "the ability to avoid a table rewrite for ALTER
 * TABLE ... ADD COLUMN with a non-null column default"): for an older
 * postgresql_version every non-null default is a finding.
 */
void
lint_volatile_default(struct render_session *s, const struct action *a,
    struct strbuf *cm)
{
	const struct node *d = a->col->server_default, *x;
	const char *fn = NULL;
	int v = pg_version(s);

	if (a->kind != OP_ADD_COLUMN || !lint_pre_existing(s, a->table))
		return;
	if (d == NULL || (d->kind == NODE_SCALAR && d->type == SCALAR_NULL))
		return;
	if (d->kind == NODE_MAP && (x = node_get(d, "sql")) != NULL &&
	    node_is_str(x))
		fn = volatile_call(x->text);
	if (fn != NULL)
		lint_add(s, a->op, NULL, LINT_VOLATILE_DEFAULT, cm, "add_column "
		    "adds column '%s' to table '%s', which has rows already, "
		    "with a volatile server_default (it calls %s()): PostgreSQL "
		    "rewrites the table to compute it for every row",
		    a->col->name, a->table, fn);
	else if (v < 11)
		lint_add(s, a->op, NULL, LINT_VOLATILE_DEFAULT, cm, "add_column "
		    "adds column '%s' to table '%s', which has rows already, "
		    "with a server_default: PostgreSQL %d (postgresql_version) "
		    "rewrites the table to fill it in", a->col->name, a->table,
		    v);
}
