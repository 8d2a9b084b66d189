/*
 * pyrev_index.c -- Alembic's op.create_index and SQLAlchemy's Index
 * (in a create_table too) as migsql's create_index (pyrev.h): the
 * index's columns and expressions, and its dialect keywords, as
 * SQLAlchemy 1.4's DDL compilers write them.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migsql/util.h"
#include "pyrev_int.h"

/* Index(name, *expressions, unique=, postgresql_*=, sqlite_where=) and
   op.create_index(): the index's keys after name and table. */

/* Whether the last whole word of text[0..*e) is word: then *e is left
   where it starts. */
static int
last_word_is(const char *text, size_t *e, const char *word)
{
	size_t n = *e, w;

	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	for (w = n; w > 0 && isalpha((unsigned char)text[w - 1]); w--)
		;
	if (w == 0 || !isspace((unsigned char)text[w - 1]) ||
	    strlen(word) != n - w || strncasecmp(word, text + w, n - w) != 0)
		return 0;
	*e = w;
	return 1;
}

/* The order at the end of an index key's text: [ASC|DESC] [NULLS
   FIRST|LAST]; *n is left the length before it.  0 when there is none. */
static int
order_words(const char *text, size_t *n, int *desc, int *asc, int *nf,
    int *nl)
{
	size_t e = strlen(text), e2 = e;
	int first = 0, last = 0;

	*desc = *asc = *nf = *nl = 0;
	if (last_word_is(text, &e2, "FIRST"))
		first = 1;
	else if (last_word_is(text, &e2, "LAST"))
		last = 1;
	if ((first || last) && last_word_is(text, &e2, "NULLS")) {
		*nf = first;
		*nl = last;
		e = e2;
	}
	if (last_word_is(text, &e, "DESC"))
		*desc = 1;
	else if (last_word_is(text, &e, "ASC"))
		*asc = 1;
	while (e > 0 && isspace((unsigned char)text[e - 1]))
		e--;
	*n = e;
	return *desc || *asc || *nf || *nl;
}

/*
 * An index key with an order: sa.text('big DESC') (what autogenerate
 * writes for a reflected descending index), sa.desc(sa.column('big')),
 * sa.column('big').desc() and the like.  SQLAlchemy writes the key as
 * given, (big DESC): a column's name, with migsql's asc/desc (and
 * nulls_first/nulls_last) keys.  1 when it was one, into it; 0 when x
 * is no ordered key; -1 after an error: an expression with an order,
 * which migsql writes inside parentheses, where the order is a syntax
 * error.
 */
static int
ordered_column(struct pyrev *p, const struct pv *x, struct pr_list *it)
{
	const char *sql = sa_sql(x), *n = sa_called(x, NULL), *col = NULL;
	const struct pv *arg = NULL;
	size_t len = 0, i;
	int desc = 0, asc = 0, nf = 0, nl = 0;

	if (x->kind == PV_CALL && x->n == 1 && x->nkw == 0 && n != NULL &&
	    (strcmp(n, "desc") == 0 || strcmp(n, "asc") == 0))
		arg = x->items[0];	/* sa.desc(col) */
	else if (x->kind == PV_CALL && x->n == 0 && x->nkw == 0 &&
	    x->base->kind == PV_ATTR && (strcmp(x->base->s, "desc") == 0 ||
	    strcmp(x->base->s, "asc") == 0)) {
		arg = x->base->base;	/* sa.column(col).desc() */
		n = x->base->s;
	}
	if (arg != NULL) {
		if (arg->kind == PV_STR)
			col = arg->s;
		else if (arg->kind == PV_CALL && arg->n == 1 && arg->nkw == 0 &&
		    sa_called(arg, NULL) != NULL && strcmp(sa_called(arg,
		    NULL), "column") == 0 && arg->items[0]->kind == PV_STR)
			col = arg->items[0]->s;
		if (col == NULL) {
			pr_error(p, &arg->loc, "%s() of an index key must be of "
			    "a column, sa.column(\"name\"), not %s", n,
			    pv_describe(arg));
			return -1;
		}
		pl_put(p, it, "name", nb_str(p, arg->loc, col));
		pl_put(p, it, n, nb_bool(p, x->loc, 1));
		return 1;
	}
	if (x->kind == PV_STR || sql == NULL || !order_words(sql, &len, &desc,
	    &asc, &nf, &nl))
		return 0;
	for (i = 0; i < len && isspace((unsigned char)sql[i]); i++)
		;
	if (i < len && (isalpha((unsigned char)sql[i]) || sql[i] == '_')) {
		size_t k;

		for (k = i; k < len && (isalnum((unsigned char)sql[k]) ||
		    sql[k] == '_'); k++)
			;
		if (k == len) {
			pl_put(p, it, "name", nb_str(p, x->loc,
			    pr_strdup(p, sql + i, len - i)));
			if (asc || desc)
				pl_put(p, it, asc ? "asc" : "desc",
				    nb_bool(p, x->loc, 1));
			if (nf || nl)
				pl_put(p, it, nf ? "nulls_first" :
				    "nulls_last", nb_bool(p, x->loc, 1));
			return 1;
		}
	}
	pr_nomap(p, &x->loc, ", with the order in the index column's own "
	    "keys ({sql: EXPRESSION, desc: true})", "an index expression "
	    "with an order: migsql writes an expression inside parentheses, "
	    "where the order is a syntax error; only a column's name can "
	    "take one here (sa.text(\"col DESC\"), sa.desc(sa.column("
	    "\"col\")))");
	return -1;
}

static struct node *
index_columns(struct pyrev *p, const struct sa_index_args *ia,
    const struct pv *ops)
{
	struct pr_list m = { 0 };
	size_t i, j;
	int r;

	for (i = 0; i < ia->ncols; i++) {
		const struct pv *x = ia->cols[i];
		const char *sql, *opc = NULL;
		struct pr_list it = { 0 };

		if (x->kind == PV_STR && ops != NULL)
			for (j = 0; j < ops->n; j++)
				if (pv_path(ops->items[2 * j]) == NULL &&
				    ops->items[2 * j]->kind == PV_STR &&
				    strcmp(ops->items[2 * j]->s, x->s) == 0)
					opc = sa_str(p, ops->items[2 * j + 1],
					    "an operator class");
		if (x->kind == PV_STR && opc == NULL) {
			pl_push(&m, pv_node(p, x, "a column"));
			continue;
		}
		if (x->kind == PV_STR) {
			pl_put(p, &it, "name", pv_node(p, x, "a column"));
			pl_put(p, &it, "opclass", nb_str(p, x->loc, opc));
		} else if ((r = ordered_column(p, x, &it)) != 0) {
			if (r < 0) {
				free(m.items);
				free(it.items);
				return NULL;
			}
		} else if ((sql = sa_sql(x)) != NULL)
			pl_put(p, &it, "sql", nb_str(p, x->loc, sql));
		else {
			if (pv_unknown(x))
				pv_refuse(p, x, "");
			else
				pr_error(p, &x->loc, "an index column must be "
				    "a name or text(), not %s",
				    pv_describe(x));
			free(m.items);
			return NULL;
		}
		pl_push(&m, pl_map(p, &it, x->loc));
	}
	return pl_seq(p, &m, ia->call->loc);
}

/* {postgresql: X, sqlite: null}: SQLAlchemy's SQLite compiler ignores
   postgresql_* keywords. */
static struct node *
pg_only(struct pyrev *p, struct node *x)
{
	struct pr_list m = { 0 };

	pl_put(p, &m, "postgresql", x);
	pl_put(p, &m, "sqlite", nb_null(p, x->loc));
	return pl_map(p, &m, x->loc);
}

static const char *const index_kw[] = { "unique", "postgresql_where",
	"sqlite_where", "postgresql_using", "postgresql_concurrently",
	"postgresql_include", "postgresql_ops", "postgresql_with",
	"postgresql_tablespace", "postgresql_nulls_not_distinct",
	"if_not_exists", "schema", NULL };

/* The where of an index: postgresql_where and sqlite_where, each for
   its dialect only (SQLAlchemy 1.4 PGDDLCompiler.visit_create_index,
   SQLiteDDLCompiler.visit_create_index). */
static struct node *
index_where(struct pyrev *p, struct pv **a)
{
	const char *pw = NULL, *sw = NULL;
	struct pr_list m = { 0 };
	struct pv *x = a[1] != NULL ? a[1] : a[2];

	if ((a[1] != NULL && (pw = sa_sql(a[1])) == NULL) ||
	    (a[2] != NULL && (sw = sa_sql(a[2])) == NULL)) {
		pr_error(p, &x->loc, "an index's where must be a string or "
		    "text()");
		return NULL;
	}
	if (pw != NULL && sw != NULL && strcmp(pw, sw) == 0)
		return nb_str(p, x->loc, pw);
	pl_put(p, &m, "postgresql", pw ? nb_str(p, a[1]->loc, pw) :
	    nb_null(p, x->loc));
	pl_put(p, &m, "sqlite", sw ? nb_str(p, a[2]->loc, sw) :
	    nb_null(p, x->loc));
	return pl_map(p, &m, x->loc);
}

static int
index_options(struct pyrev *p, struct pr_list *m, struct pv **a)
{
	int b;

	if (a[1] != NULL || a[2] != NULL)
		pl_put(p, m, "where", index_where(p, a));
	if (a[3] != NULL && sa_str(p, a[3], "postgresql_using") != NULL)
		pl_put(p, m, "using", pg_only(p, pv_node(p, a[3], "using")));
	if (a[4] != NULL) {
		if (!sa_true(p, a[4], "postgresql_concurrently", &b))
			return 0;
		pl_put(p, m, "concurrently", nb_bool(p, a[4]->loc, b));
	}
	if (a[5] != NULL)
		pl_put(p, m, "include", sa_names(p, a[5], "postgresql_include"));
	if (a[7] != NULL) {
		struct node *w = pv_node(p, a[7], "postgresql_with");

		if (w != NULL)
			pl_put(p, m, "with", pg_only(p, w));
	}
	if (a[8] != NULL && sa_str(p, a[8], "postgresql_tablespace") != NULL)
		pl_put(p, m, "tablespace", pg_only(p, pv_node(p, a[8],
		    "tablespace")));
	if (a[9] != NULL) {
		if (!sa_true(p, a[9], "postgresql_nulls_not_distinct", &b))
			return 0;
		pl_put(p, m, "nulls_not_distinct", nb_bool(p, a[9]->loc, b));
	}
	if (a[10] != NULL) {
		if (!sa_true(p, a[10], "if_not_exists", &b))
			return 0;
		pl_put(p, m, "if_not_exists", nb_bool(p, a[10]->loc, b));
	}
	return 1;
}

struct node *
sa_index_node(struct pyrev *p, const struct sa_index_args *ia)
{
	struct pr_list m = { 0 };
	struct pv *a[12], tmp = *ia->call;
	struct node *cols;
	unsigned char errs = 0;
	size_t before = p->d->errors;
	int b = 0;

	tmp.n = 0;
	tmp.kwnames += ia->kwfrom;
	tmp.kw += ia->kwfrom;
	tmp.nkw -= ia->kwfrom;
	if (!sa_args(p, &tmp, "create_index", index_kw, a))
		return NULL;
	pl_put(p, &m, "name", pv_node(p, ia->name, "an index name"));
	pl_put(p, &m, "table", pv_node(p, ia->table, "a table name"));
	if (ia->schema != NULL && !sa_absent(ia->schema))
		pl_put(p, &m, "schema", pv_node(p, ia->schema, "a schema"));
	if (a[11] != NULL && !sa_absent(a[11]))
		pl_put(p, &m, "schema", pv_node(p, a[11], "a schema"));
	if (a[6] != NULL && a[6]->kind != PV_DICT) {
		pr_error(p, &a[6]->loc, "postgresql_ops must be a dict");
		errs = 1;
	}
	if ((cols = index_columns(p, ia, a[6])) != NULL)
		pl_put(p, &m, "columns", cols);
	if (!sa_true(p, a[0], "unique", &b))
		errs = 1;
	if (b)
		pl_put(p, &m, "unique", nb_bool(p, a[0]->loc, 1));
	if (!index_options(p, &m, a) || errs || p->d->errors != before) {
		free(m.items);
		return NULL;
	}
	return pl_map(p, &m, ia->call->loc);
}

/* postgresql_concurrently=True among a call's keywords. */
static int
has_concurrently(const struct pv *c)
{
	size_t i;

	for (i = 0; i < c->nkw; i++)
		if (strcmp(c->kwnames[i], "postgresql_concurrently") == 0 &&
		    c->kw[i]->kind == PV_BOOL && c->kw[i]->b)
			return 1;
	return 0;
}

/* op.create_index(index_name, table_name, columns, schema=None,
   unique=False, **kw) (Alembic 1.8 Operations.create_index). */
int
sa_create_index(struct pyrev *p, const struct pv *call)
{
	struct sa_index_args ia;
	struct pv *a[3];
	size_t i;

	memset(&ia, 0, sizeof ia);
	memset(a, 0, sizeof a);
	for (i = 0; i < call->n && i < 3; i++)
		a[i] = call->items[i];
	if (call->n > 4) {
		pr_error(p, &call->loc, "create_index() takes at most 4 "
		    "positional arguments");
		return 1;
	}
	ia.call = call;
	/* The leading keywords naming positionals. */
	for (i = 0; i < call->nkw; i++) {
		const char *k = call->kwnames[i];
		int slot = strcmp(k, "index_name") == 0 ? 0 :
		    strcmp(k, "table_name") == 0 ? 1 :
		    strcmp(k, "columns") == 0 ? 2 : -1;

		if (slot >= 0)
			a[slot] = call->kw[i];
	}
	if (a[0] == NULL || a[1] == NULL || a[2] == NULL) {
		pr_error(p, &call->loc, "create_index() needs index_name, "
		    "table_name and columns");
		return 1;
	}
	if (a[2]->kind != PV_SEQ) {
		pr_error(p, &a[2]->loc, "create_index()'s columns must be a "
		    "list");
		return 1;
	}
	ia.name = a[0];
	ia.table = a[1];
	ia.schema = call->n > 3 ? call->items[3] : NULL;
	ia.cols = a[2]->items;
	ia.ncols = a[2]->n;
	/* Keywords index_name/table_name/columns are skipped by a copy
	   that leaves them out. */
	{
		struct pv c2 = *call;
		size_t k = 0;

		c2.kwnames = pr_alloc(p, (call->nkw + 1) *
		    sizeof *c2.kwnames);
		c2.kw = pr_alloc(p, (call->nkw + 1) * sizeof *c2.kw);
		for (i = 0; i < call->nkw; i++) {
			const char *n = call->kwnames[i];

			if (strcmp(n, "index_name") == 0 ||
			    strcmp(n, "table_name") == 0 ||
			    strcmp(n, "columns") == 0)
				continue;
			c2.kwnames[k] = n;
			c2.kw[k++] = call->kw[i];
		}
		c2.nkw = k;
		ia.call = &c2;
		if (p->autocommit && !has_concurrently(&c2)) {
			pr_error(p, &call->loc, "a create_index without "
			    "postgresql_concurrently=True in an "
			    "autocommit_block: migsql runs only concurrent "
			    "index builds and op.execute() outside the "
			    "transaction");
			return 1;
		}
		pr_emit(p, call->loc, "create_index", sa_index_node(p, &ia));
	}
	return 1;
}
