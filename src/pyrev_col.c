/*
 * pyrev_col.c -- SQLAlchemy's types, server defaults and columns as
 * migsql's (pyrev.h): what SQLAlchemy 1.4's DDL compilers
 * (PGTypeCompiler, PGDDLCompiler, SQLiteDDLCompiler) would write, as
 * migsql's generic types and column keys.  What has no faithful
 * equivalent is an error at it, never dropped.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migsql/util.h"
#include "pyrev_int.h"

const char *
sa_name(const char *path, int *pg)
{
	static const char pgmod[] = "sqlalchemy.dialects.postgresql.";
	const char *dot;

	if (pg != NULL)
		*pg = 0;
	if (path == NULL)
		return NULL;
	if (strncmp(path, pgmod, sizeof pgmod - 1) == 0) {
		if (pg != NULL)
			*pg = 1;
	} else if (strncmp(path, "sqlalchemy.dialects.sqlite.", 27) == 0) {
		/* SQLite's types (JSON, DATETIME, ...) write the generic
		   DDL (SQLAlchemy 1.4 SQLiteTypeCompiler). */
	} else if (strncmp(path, "sqlalchemy.dialects.", 20) == 0)
		return NULL;	/* another dialect's: refused */
	else if (strncmp(path, "sqlalchemy.", 11) != 0 &&
	    strncmp(path, "sqlmodel.", 9) != 0)
		return NULL;
	if (strstr(path, ".func.") != NULL)
		return NULL;
	dot = strrchr(path, '.');
	return dot + 1;
}

const char *
sa_func(const char *path)
{
	const char *f;

	if (path == NULL || strncmp(path, "sqlalchemy.", 11) != 0 ||
	    (f = strstr(path, ".func.")) == NULL)
		return NULL;
	return f + 6;
}

/* The SQLAlchemy name v calls (or names, a class used uncalled). */
const char *
sa_called(const struct pv *v, int *pg)
{
	if (v == NULL)
		return NULL;
	if (v->kind == PV_CALL)
		return sa_name(pv_path(v->base), pg);
	return sa_name(pv_path(v), pg);
}

const char *
sa_sql(const struct pv *v)
{
	const char *n = sa_called(v, NULL);

	if (v->kind == PV_STR && memchr(v->s, '\0', v->len) == NULL)
		return v->s;
	if (v->kind == PV_CALL && n != NULL && strcmp(n, "text") == 0 &&
	    v->n == 1 && v->nkw == 0 && v->items[0]->kind == PV_STR)
		return v->items[0]->s;
	return NULL;
}

int
sa_args(struct pyrev *p, const struct pv *c, const char *fname,
    const char *const *params, struct pv **out)
{
	size_t np = 0, i, j;
	int ok = 1;

	while (params[np] != NULL)
		np++;
	memset(out, 0, np * sizeof *out);
	if (c->kind != PV_CALL)
		return 1;	/* a class used uncalled: no arguments */
	if (c->n > np) {
		pr_error(p, &c->items[np]->loc, "%s() takes at most %zu "
		    "positional arguments", fname, np);
		return 0;
	}
	for (i = 0; i < c->n; i++)
		out[i] = c->items[i];
	for (i = 0; i < c->nkw; i++) {
		for (j = 0; j < np; j++)
			if (strcmp(params[j], c->kwnames[i]) == 0)
				break;
		if (j == np && (strncmp(c->kwnames[i], "mysql_", 6) == 0 ||
		    strncmp(c->kwnames[i], "mariadb_", 8) == 0) &&
		    (p->o->dialect == NULL ||
		    strcmp(p->o->dialect, "mariadb") != 0)) {
			/* SQLAlchemy's dialect keywords are read by their
			   dialect alone (DialectKWArgs): PostgreSQL and
			   SQLite never see mysql_engine and the like, so
			   neither do their scripts.  Said, not dropped
			   unseen; rendered for mariadb it is refused
			   (below): migsql writes none of them. */
			diag_warning(p->d, &c->kw[i]->loc, "%s()'s argument "
			    "'%s' is for MySQL and MariaDB, which SQLAlchemy "
			    "leaves out on PostgreSQL and SQLite, and so does "
			    "migsql (rendered for mariadb, it is refused: "
			    "migsql does not write it)", fname, c->kwnames[i]);
		} else if (j == np) {
			pr_nomap(p, &c->kw[i]->loc, NULL, "%s()'s argument "
			    "'%s' has no faithful equivalent in migsql", fname,
			    c->kwnames[i]);
			ok = 0;
		} else if (out[j] != NULL) {
			pr_error(p, &c->kw[i]->loc, "%s() is given '%s' twice",
			    fname, params[j]);
			ok = 0;
		} else
			out[j] = c->kw[i];
	}
	for (i = 0; i < np; i++)
		if (out[i] != NULL && pv_unknown(out[i])) {
			pv_refuse(p, out[i], "");
			ok = 0;
		}
	return ok;
}

/* A value that is None, or False (Alembic's "not given" sentinels). */
int
sa_absent(const struct pv *v)
{
	return v == NULL || v->kind == PV_NONE;
}

int
sa_true(struct pyrev *p, const struct pv *v, const char *what, int *out)
{
	if (v == NULL)
		return 1;
	if (v->kind != PV_BOOL) {
		pr_error(p, &v->loc, "%s must be True or False, not %s", what,
		    pv_describe(v));
		return 0;
	}
	*out = v->b;
	return 1;
}

const char *
sa_str(struct pyrev *p, const struct pv *v, const char *what)
{
	if (v != NULL && v->kind == PV_STR && memchr(v->s, '\0', v->len) ==
	    NULL)
		return v->s;
	if (v == NULL)
		return NULL;
	if (pv_unknown(v))
		pv_refuse(p, v, "");
	else
		pr_error(p, &v->loc, "%s must be a string, not %s", what,
		    pv_describe(v));
	return NULL;
}

static int
sa_uint(struct pyrev *p, const struct pv *v, const char *what,
    unsigned long *out)
{
	if (v->kind != PV_INT || v->s[0] == '-' || strlen(v->s) > 6) {
		pr_error(p, &v->loc, "%s must be a whole number, not %s", what,
		    pv_describe(v));
		return 0;
	}
	*out = strtoul(v->s, NULL, 10);
	return 1;
}

/* The kinds of type, by the arguments they take. */
enum { T_PLAIN, T_LEN, T_TEXT, T_NUM, T_FLOAT, T_TIME, T_TS, T_IV,
	T_BIN, T_JSON, T_UUID, T_ARRAY, T_ENUM, T_BOOL };

static const struct sa_type_row {
	const char	*sa;
	const char	*generic;
	int		 kind;
} sa_types[] = {
	/* SQLAlchemy 1.4 and 2.0 generic types (sqlalchemy.types), the
	   upper-case SQL standard ones autogenerate writes from
	   reflection, PostgreSQL's (sqlalchemy.dialects.postgresql), and
	   sqlmodel's AutoString (a VARCHAR). */
	{ "Integer", "integer", T_PLAIN }, { "INTEGER", "integer", T_PLAIN },
	{ "INT", "integer", T_PLAIN },
	{ "BigInteger", "bigint", T_PLAIN }, { "BIGINT", "bigint", T_PLAIN },
	{ "SmallInteger", "smallint", T_PLAIN },
	{ "SMALLINT", "smallint", T_PLAIN },
	{ "Boolean", "boolean", T_BOOL }, { "BOOLEAN", "boolean", T_BOOL },
	{ "String", "string", T_LEN }, { "VARCHAR", "string", T_LEN },
	{ "Unicode", "string", T_LEN }, { "NVARCHAR", "string", T_LEN },
	{ "AutoString", "string", T_LEN },
	{ "CHAR", "char", T_LEN }, { "NCHAR", "char", T_LEN },
	{ "Text", "text", T_TEXT }, { "TEXT", "text", T_TEXT },
	{ "UnicodeText", "text", T_TEXT },
	{ "Numeric", "numeric", T_NUM }, { "NUMERIC", "numeric", T_NUM },
	{ "DECIMAL", "numeric", T_NUM },
	{ "Float", "double", T_FLOAT }, { "FLOAT", "double", T_FLOAT },
	{ "REAL", "float", T_PLAIN },
	{ "Double", "double", T_FLOAT }, { "DOUBLE", "double", T_FLOAT },
	{ "DOUBLE_PRECISION", "double", T_FLOAT },
	{ "Date", "date", T_PLAIN }, { "DATE", "date", T_PLAIN },
	{ "Time", "time", T_TIME }, { "TIME", "time", T_TIME },
	{ "DateTime", "timestamp", T_TS }, { "DATETIME", "timestamp", T_TS },
	{ "TIMESTAMP", "timestamp", T_TS },
	{ "Interval", "interval", T_IV }, { "INTERVAL", "interval", T_IV },
	{ "LargeBinary", "binary", T_BIN }, { "BYTEA", "binary", T_BIN },
	{ "BLOB", "binary", T_BIN }, { "CLOB", "text", T_TEXT },
	{ "JSON", "json", T_JSON }, { "JSONB", "jsonb", T_JSON },
	{ "Uuid", "uuid", T_UUID }, { "UUID", "uuid", T_UUID },
	{ "INET", "inet", T_PLAIN }, { "CIDR", "cidr", T_PLAIN },
	{ "MACADDR", "macaddr", T_PLAIN }, { "CITEXT", "citext", T_PLAIN },
	{ "TSVECTOR", "tsvector", T_PLAIN },
	{ "ARRAY", "array", T_ARRAY },
	{ "Enum", "enum", T_ENUM }, { "ENUM", "enum", T_ENUM },
	{ NULL, NULL, 0 }
};

static const char *const *const sa_type_params[] = {
	[T_PLAIN] = (const char *const[]){ NULL },
	[T_BOOL] = (const char *const[]){ "create_constraint", "name", NULL },
	[T_LEN] = (const char *const[]){ "length", NULL },
	[T_TEXT] = (const char *const[]){ "length", NULL },
	[T_NUM] = (const char *const[]){ "precision", "scale",
	    "decimal_return_scale", "asdecimal", NULL },
	[T_FLOAT] = (const char *const[]){ "precision", "asdecimal",
	    "decimal_return_scale", NULL },
	[T_TIME] = (const char *const[]){ "timezone", NULL },
	[T_TS] = (const char *const[]){ "timezone", "precision", NULL },
	[T_IV] = (const char *const[]){ "native", NULL },
	[T_BIN] = (const char *const[]){ "length", NULL },
	[T_JSON] = (const char *const[]){ "none_as_null", "astext_type",
	    NULL },
	[T_UUID] = (const char *const[]){ "as_uuid", "native_uuid", NULL },
	[T_ARRAY] = (const char *const[]){ "item_type", "as_tuple",
	    "dimensions", "zero_indexes", NULL },
	[T_ENUM] = (const char *const[]){ "name", "create_type",
	    "native_enum", "create_constraint", "length", "validate_strings",
	    "inherit_schema", "schema", NULL },
};

static const char *
type_text(struct pyrev *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
type_text(struct pyrev *p, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return pr_strdup(p, buf, strlen(buf));
}

/* A name PostgreSQL takes unquoted: lower-case letters, digits, _. */
static int
plain_ident(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

/* An Enum's values as SQL literals: 'a', 'b' (a quote doubled). */
static const char *
enum_values(struct pyrev *p, const struct pv *c)
{
	struct strbuf b;
	const char *s, *r;
	size_t i;

	strbuf_init(&b);
	for (i = 0; i < c->n; i++) {
		if (i > 0)
			strbuf_adds(&b, ", ");
		strbuf_addc(&b, '\'');
		for (s = c->items[i]->s; *s != '\0'; s++) {
			if (*s == '\'')
				strbuf_addc(&b, '\'');
			strbuf_addc(&b, *s);
		}
		strbuf_addc(&b, '\'');
	}
	r = pr_strdup(p, strbuf_str(&b), strlen(strbuf_str(&b)));
	strbuf_free(&b);
	return r;
}

int
sa_type_check_here(struct pyrev *p, const struct sa_enum *en)
{
	if (en->check_in == NULL)
		return 0;
	if (p->o->dialect == NULL && !p->o->dialect_any) {
		pr_error(p, &en->check_at->loc, "create_constraint=True is a "
		    "CHECK on SQLite and none on PostgreSQL, and this command "
		    "renders several dialects from one load: render one "
		    "dialect (-d)");
		return -1;
	}
	return p->o->dialect != NULL && strcmp(p->o->dialect, "sqlite") == 0;
}

/* SQLAlchemy 1.4's SQLite reserved words (SQLiteIdentifierPreparer
   .reserved_words), which it quotes as names. */
static const char *const sqlite_reserved[] = {
	"add", "after", "all", "alter", "analyze", "and", "as", "asc",
	"attach", "autoincrement", "before", "begin", "between", "by",
	"cascade", "case", "cast", "check", "collate", "column", "commit",
	"conflict", "constraint", "create", "cross", "current_date",
	"current_time", "current_timestamp", "database", "default",
	"deferrable", "deferred", "delete", "desc", "detach", "distinct",
	"drop", "each", "else", "end", "escape", "except", "exclusive",
	"exists", "explain", "fail", "false", "for", "foreign", "from",
	"full", "glob", "group", "having", "if", "ignore", "immediate", "in",
	"index", "indexed", "initially", "inner", "insert", "instead",
	"intersect", "into", "is", "isnull", "join", "key", "left", "like",
	"limit", "match", "natural", "not", "notnull", "null", "of",
	"offset", "on", "or", "order", "outer", "plan", "pragma", "primary",
	"query", "raise", "references", "reindex", "rename", "replace",
	"restrict", "right", "rollback", "row", "select", "set", "table",
	"temp", "temporary", "then", "to", "transaction", "trigger", "true",
	"union", "unique", "update", "using", "vacuum", "values", "view",
	"virtual", "when", "where"
};

static int
cmp_word(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* A column name as SQLAlchemy's SQLite compiler writes it. */
static int
sqlite_plain(const char *s)
{
	return plain_ident(s) && bsearch(s, sqlite_reserved,
	    sizeof sqlite_reserved / sizeof sqlite_reserved[0],
	    sizeof sqlite_reserved[0], cmp_word) == NULL;
}

const char *
sa_type_check(struct pyrev *p, const char *col, const struct sa_enum *en)
{
	struct strbuf b;
	const char *c, *r;

	strbuf_init(&b);
	if (sqlite_plain(col))
		strbuf_adds(&b, col);
	else {
		strbuf_addc(&b, '"');
		for (c = col; *c != '\0'; c++) {
			if (*c == '"')
				strbuf_addc(&b, '"');
			strbuf_addc(&b, *c);
		}
		strbuf_addc(&b, '"');
	}
	strbuf_addf(&b, " IN (%s)", en->check_in);
	r = pr_strdup(p, strbuf_str(&b), strlen(strbuf_str(&b)));
	strbuf_free(&b);
	return r;
}

/* Enum('a', 'b', name='mood') and postgresql.ENUM(...): enum(NAME), and
   what create_enum needs (SQLAlchemy 1.4 sqltypes.Enum). */
static const char *
enum_type(struct pyrev *p, const struct pv *c, struct sa_enum *en,
    struct pv **a)
{
	size_t i;
	unsigned long n;
	int flag;
	const char *name;

	if (c->kind != PV_CALL || c->n == 0) {
		pr_error(p, &c->loc, "an Enum needs its values, as strings");
		return NULL;
	}
	for (i = 0; i < c->n; i++)
		if (c->items[i]->kind != PV_STR) {
			if (pv_unknown(c->items[i]))
				pv_refuse(p, c->items[i], "");
			else
				pr_refuse(p, &c->items[i]->loc, "an Enum of a "
				    "Python enum class");
			return NULL;
		}
	if (a[0] == NULL) {
		pr_error(p, &c->loc, "an Enum without name=: PostgreSQL needs "
		    "a name for its type; give it one");
		return NULL;
	}
	if ((name = sa_str(p, a[0], "an Enum's name")) == NULL)
		return NULL;
	flag = 1;
	if (!sa_true(p, a[2], "native_enum", &flag))
		return NULL;
	if (!flag) {
		pr_error(p, &a[2]->loc, "native_enum=False (a VARCHAR) has no "
		    "equivalent in migsql: use a string type");
		return NULL;
	}
	if (!sa_absent(a[7])) {
		pr_error(p, &a[7]->loc, "an Enum in a schema of its own has "
		    "no equivalent in migsql");
		return NULL;
	}
	en->name = name;
	en->call = c;
	en->create = 1;
	if (!sa_true(p, a[1], "create_type", &en->create))
		return NULL;
	/* On SQLite SQLAlchemy 1.4 writes VARCHAR(n), n the longest
	   value, with no CHECK (Enum.create_constraint is False), where
	   migsql's enum would be TEXT with one: the type is given per
	   dialect, the PostgreSQL one quoted as PGIdentifierPreparer
	   would. */
	n = 0;
	for (i = 0; i < c->n; i++)
		if (c->items[i]->len > n)
			n = c->items[i]->len;
	if (!sa_absent(a[4]) && !sa_uint(p, a[4], "length", &n))
		return NULL;
	en->pg = plain_ident(name) ? name : type_text(p, "\"%s\"", name);
	en->sqlite = type_text(p, "VARCHAR(%lu)", n);
	/* create_constraint=True: SQLite's CONSTRAINT <name> CHECK (col IN
	   ('a', 'b')) (SQLAlchemy 1.4 Enum._should_create_constraint: not
	   for a native enum, so not on PostgreSQL). */
	flag = 0;
	if (!sa_true(p, a[3], "create_constraint", &flag))
		return NULL;
	if (flag) {
		en->check_in = enum_values(p, c);
		en->check_name = name;
		en->check_at = a[3];
	}
	return type_text(p, "enum(%s)", name);
}

static const char *sa_type_call(struct pyrev *p, const struct pv *v,
    struct sa_enum *en, const struct sa_type_row *t, struct pv **a);

/*
 * The upper-case types SQLAlchemy 1.4 writes by their own name on SQLite
 * (GenericTypeCompiler visit_TIMESTAMP, visit_CHAR, visit_NCHAR,
 * visit_NVARCHAR, visit_DECIMAL, visit_CLOB), where migsql's SQLite
 * dialect would write the generic type's spelling (DATETIME, CHAR(1),
 * CHAR(n), VARCHAR(n), NUMERIC, TEXT).  The declared type is what
 * SQLAlchemy's reflection reads back (a TIMESTAMP, not a DATETIME), so
 * it is given per dialect: SQLAlchemy's on SQLite, migsql's generic
 * spelling on PostgreSQL (where BLOB, CLOB and NVARCHAR, which
 * SQLAlchemy writes as they are, do not exist).
 */
static void
sqlite_spelling(struct pyrev *p, const struct sa_type_row *t, struct pv **a,
    const char *g, struct sa_enum *en)
{
	const char *paren = strchr(g, '(');
	const char *args = paren != NULL ? paren : "";

	if (strcmp(t->sa, "TIMESTAMP") == 0)
		en->sqlite = "TIMESTAMP";
	else if (strcmp(t->sa, "CHAR") == 0 && sa_absent(a[0]))
		en->sqlite = "CHAR";
	else if (strcmp(t->sa, "NCHAR") == 0)
		en->sqlite = sa_absent(a[0]) ? "NCHAR" : type_text(p,
		    "NCHAR%s", args);
	else if (strcmp(t->sa, "NVARCHAR") == 0)
		en->sqlite = type_text(p, "NVARCHAR%s", args);
	else if (strcmp(t->sa, "DECIMAL") == 0)
		en->sqlite = strchr(args, ',') != NULL ? type_text(p,
		    "DECIMAL(%.*s, %s", (int)(strchr(args, ',') - args - 1),
		    args + 1, strchr(args, ',') + 1) : type_text(p,
		    "DECIMAL%s", args);
	else if (strcmp(t->sa, "CLOB") == 0)
		en->sqlite = "CLOB";
	else
		return;
	if (strncmp(g, "string", 6) == 0)
		en->pg = type_text(p, "varchar%s", g + 6);
	else
		en->pg = g;
}

const char *
sa_type(struct pyrev *p, const struct pv *v, struct sa_enum *en)
{
	struct pv *a[10];
	const char *n;
	size_t i;
	int pg;
	char what[96];
	const char *g;

	if (en != NULL)
		memset(en, 0, sizeof *en);
	if (pv_unknown(v)) {
		pv_refuse(p, v, "");
		return NULL;
	}
	n = sa_called(v, &pg);
	if (n == NULL) {
		if (v->kind == PV_CALL && v->base->kind == PV_ATTR &&
		    strcmp(v->base->s, "with_variant") == 0)
			pr_nomap(p, &v->loc, ", with a type per dialect",
			    "a type with_variant() has no faithful equivalent "
			    "here");
		else
			pr_error(p, &v->loc, "a column type must be one of "
			    "SQLAlchemy's or PostgreSQL's, not %s",
			    pv_describe(v));
		return NULL;
	}
	for (i = 0; sa_types[i].sa != NULL; i++)
		if (strcmp(sa_types[i].sa, n) == 0)
			break;
	if (sa_types[i].sa == NULL) {
		pr_nomap(p, &v->loc, ", with a type per dialect", "the type "
		    "%s has no equivalent among migsql's types", n);
		return NULL;
	}
	snprintf(what, sizeof what, "%s%s", pg ? "postgresql." : "", n);
	if (sa_types[i].kind == T_ENUM && v->kind == PV_CALL) {
		/* Enum(*values, **kw): the positionals are values. */
		struct pv tmp = *v;

		tmp.n = 0;
		if (!sa_args(p, &tmp, what, sa_type_params[T_ENUM], a))
			return NULL;
	} else if (!sa_args(p, v, what, sa_type_params[sa_types[i].kind], a))
		return NULL;
	g = sa_type_call(p, v, en, &sa_types[i], a);
	if (g != NULL && en != NULL && en->pg == NULL)
		sqlite_spelling(p, &sa_types[i], a, g, en);
	return g;
}

/* Numeric(p, s) and Float(p): PGTypeCompiler.visit_NUMERIC, visit_FLOAT
   (FLOAT(p) is real for p <= 24, PostgreSQL 15 docs, 8.1.3). */
static const char *
number_type(struct pyrev *p, const struct sa_type_row *t, struct pv **a,
    struct sa_enum *en)
{
	unsigned long prec, scale;

	if (t->kind == T_FLOAT) {
		const char *g = t->generic;

		if (!sa_absent(a[0])) {
			if (!sa_uint(p, a[0], "precision", &prec))
				return NULL;
			g = prec <= 24 ? "float" : "double";
		}
		/* Float and FLOAT: SQLite's declared type is FLOAT
		   (GenericTypeCompiler.visit_FLOAT), migsql's DOUBLE. */
		if (strcmp(t->sa, "Float") == 0 || strcmp(t->sa, "FLOAT") == 0) {
			en->pg = strcmp(g, "float") == 0 ? "real" :
			    "double precision";
			en->sqlite = "FLOAT";
		}
		return g;
	}
	if (sa_absent(a[0]))
		return "numeric";	/* a scale alone is not written */
	if (!sa_uint(p, a[0], "precision", &prec))
		return NULL;
	if (sa_absent(a[1]))
		return type_text(p, "numeric(%lu)", prec);
	if (!sa_uint(p, a[1], "scale", &scale))
		return NULL;
	return type_text(p, "numeric(%lu,%lu)", prec, scale);
}

/* Boolean(create_constraint=True): SQLite's CHECK (col IN (0, 1)),
   named after name= (SQLAlchemy 1.4 Boolean._should_create_constraint:
   not on PostgreSQL, which has a native boolean). */
static const char *
bool_type(struct pyrev *p, const struct sa_type_row *t, struct pv **a,
    struct sa_enum *en)
{
	int cc = 0;

	if (!sa_true(p, a[0], "create_constraint", &cc))
		return NULL;
	if (cc && en == NULL) {
		pr_error(p, &a[0]->loc, "a Boolean with create_constraint "
		    "cannot be used here");
		return NULL;
	}
	if (!sa_absent(a[1]) && sa_str(p, a[1], "a Boolean's name") == NULL)
		return NULL;
	if (cc) {
		en->check_in = "0, 1";
		en->check_at = a[0];
		en->check_name = sa_absent(a[1]) ? NULL : a[1]->s;
	}
	return t->generic;
}

static const char *
sa_type_call(struct pyrev *p, const struct pv *v, struct sa_enum *en,
    const struct sa_type_row *t, struct pv **a)
{
	unsigned long n;
	int tz = 0;
	struct sa_enum inner;
	const char *el;

	switch (t->kind) {
	case T_LEN:
		if (sa_absent(a[0])) {
			if (strcmp(t->generic, "char") == 0)
				return "char(1)";	/* PostgreSQL's CHAR */
			return t->generic;
		}
		if (!sa_uint(p, a[0], "length", &n))
			return NULL;
		return type_text(p, "%s(%lu)", t->generic, n);
	case T_TEXT:
		/* Text(n) is TEXT(n) (GenericTypeCompiler
		   _render_string_type), refused by PostgreSQL. */
		if (!sa_absent(a[0])) {
			pr_nomap(p, &a[0]->loc, NULL, "a Text with a length "
			    "has no faithful equivalent in migsql");
			return NULL;
		}
		return t->generic;
	case T_BOOL:
		return bool_type(p, t, a, en);
	case T_NUM:
	case T_FLOAT:
		return number_type(p, t, a, en != NULL ? en : &inner);
	case T_TIME:
	case T_TS:
		if (!sa_true(p, a[0], "timezone", &tz))
			return NULL;
		if (tz && t->kind == T_TIME) {
			pr_nomap(p, &a[0]->loc, ", with a type per dialect",
			    "TIME WITH TIME ZONE has no equivalent among "
			    "migsql's types");
			return NULL;
		}
		if (t->kind == T_TS && !sa_absent(a[1])) {
			if (!sa_uint(p, a[1], "precision", &n))
				return NULL;
			return type_text(p, "%s(%lu)", tz ? "timestamptz" :
			    "timestamp", n);
		}
		return tz ? "timestamptz" : t->generic;
	case T_ARRAY:
		if (a[0] == NULL) {
			pr_error(p, &v->loc, "an ARRAY needs its item type");
			return NULL;
		}
		if ((el = sa_type(p, a[0], &inner)) == NULL)
			return NULL;
		if (inner.name != NULL) {
			pr_nomap(p, &a[0]->loc, ", with a type per dialect",
			    "an array of an enum has no generic type in "
			    "migsql");
			return NULL;
		}
		n = 1;
		if (!sa_absent(a[2]) && !sa_uint(p, a[2], "dimensions", &n))
			return NULL;
		while (n-- > 0)
			el = type_text(p, "array(%s)", el);
		return el;
	case T_IV:
		/* Interval on SQLite is a DATETIME (SQLAlchemy 1.4
		   sqltypes.Interval.impl), migsql's TEXT. */
		if (en != NULL) {
			en->pg = "interval";
			en->sqlite = "DATETIME";
		}
		return t->generic;
	case T_ENUM:
		if (en == NULL) {
			pr_error(p, &v->loc, "an Enum cannot be used here");
			return NULL;
		}
		return enum_type(p, v, en, a);
	default:
		return t->generic;
	}
}

/* The ANSI functions SQLAlchemy 1.4 writes as keywords, without
   parentheses, on both dialects (sql.functions.AnsiFunction). */
static const char *
ansi_function(const char *f)
{
	static const char *const names[] = { "CURRENT_DATE", "CURRENT_TIME",
		"CURRENT_TIMESTAMP", "CURRENT_USER", "SESSION_USER", "USER",
		NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(names[i], f) == 0)
			return names[i];
	return NULL;
}

/*
 * server_default (SQLAlchemy 1.4 DDLCompiler.get_column_default_string):
 * a string is a literal, quoted; text() and literal_column() are SQL as
 * written; func.now() is now() on PostgreSQL and CURRENT_TIMESTAMP on
 * SQLite (SQLiteCompiler.visit_now_func); true()/false() are the
 * dialect's booleans (true/1).
 */
int
sa_is_boolean(const struct pv *t)
{
	const char *n = t != NULL ? sa_called(t, NULL) : NULL;

	return n != NULL && (strcmp(n, "Boolean") == 0 ||
	    strcmp(n, "BOOLEAN") == 0);
}

/* A string as SQLAlchemy's literal: quoted, a quote doubled. */
static struct node *
quoted_sql(struct pyrev *p, const struct pv *v)
{
	struct pr_list m = { 0 };
	struct strbuf b;
	const char *s;
	struct node *n;

	strbuf_init(&b);
	strbuf_addc(&b, '\'');
	for (s = v->s; *s != '\0'; s++) {
		if (*s == '\'')
			strbuf_addc(&b, '\'');
		strbuf_addc(&b, *s);
	}
	strbuf_addc(&b, '\'');
	n = nb_str(p, v->loc, strbuf_str(&b));
	strbuf_free(&b);
	pl_put(p, &m, "sql", n);
	return pl_map(p, &m, v->loc);
}

struct node *
sa_server_default(struct pyrev *p, const struct pv *v, int boolean)
{
	const char *n = sa_called(v, NULL), *f, *s;
	struct pr_list m = { 0 };

	/* A string on a Boolean: SQLAlchemy writes the quoted literal
	   ('false'), which PostgreSQL reads as a boolean and SQLite keeps
	   as text, where migsql's boolean default is an unquoted true or
	   false: as SQL, quoted. */
	if (v->kind == PV_STR && boolean && memchr(v->s, '\0', v->len) ==
	    NULL)
		return quoted_sql(p, v);
	if (v->kind == PV_STR)
		return pv_node(p, v, "a server_default");
	if (v->kind == PV_CALL && n != NULL && (strcmp(n, "true") == 0 ||
	    strcmp(n, "false") == 0) && v->n == 0 && v->nkw == 0)
		return nb_bool(p, v->loc, n[0] == 't');
	if ((s = sa_sql(v)) != NULL || (v->kind == PV_CALL && n != NULL &&
	    strcmp(n, "literal_column") == 0 && v->n == 1 && v->nkw == 0 &&
	    (s = sa_sql(v->items[0])) != NULL)) {
		pl_put(p, &m, "sql", nb_str(p, v->loc, s));
		return pl_map(p, &m, v->loc);
	}
	if (v->kind == PV_CALL && (f = sa_func(pv_path(v->base))) != NULL &&
	    v->n == 0 && v->nkw == 0) {
		if ((s = ansi_function(f)) != NULL) {
			pl_put(p, &m, "sql", nb_str(p, v->loc, s));
			return pl_map(p, &m, v->loc);
		}
		if (strcasecmp(f, "localtime") == 0 ||
		    strcasecmp(f, "localtimestamp") == 0) {
			pr_nomap(p, &v->loc, NULL, "func.%s() is written "
			    "differently on SQLite", f);
			return NULL;
		}
		if (strcasecmp(f, "now") == 0)
			f = "now";
		if (strcmp(f, "now") == 0 && p->o->dialect == NULL &&
		    !p->o->dialect_any) {
			pr_error(p, &v->loc, "func.now() is now() on "
			    "PostgreSQL and CURRENT_TIMESTAMP on SQLite, and "
			    "this command renders several dialects from one "
			    "load: render one dialect (-d), or write "
			    "server_default=sa.text(\"CURRENT_TIMESTAMP\")");
			return NULL;
		}
		if (strcmp(f, "now") == 0)
			s = p->o->dialect != NULL && strcmp(p->o->dialect,
			    "sqlite") == 0 ? "CURRENT_TIMESTAMP" : "now()";
		else {
			char *t = xasprintf("%s()", f);

			s = pr_strdup(p, t, strlen(t));
			free(t);
		}
		pl_put(p, &m, "sql", nb_str(p, v->loc, s));
		return pl_map(p, &m, v->loc);
	}
	if (pv_unknown(v))
		pv_refuse(p, v, "");
	else
		pr_error(p, &v->loc, "a server_default must be a string, "
		    "text(), literal_column(), true(), false() or a func call "
		    "without arguments, not %s", pv_describe(v));
	return NULL;
}

struct node *
sa_type_node(struct pyrev *p, struct loc l, const char *generic,
    const struct sa_enum *en)
{
	struct pr_list m = { 0 };

	if (en == NULL || en->pg == NULL)
		return nb_str(p, l, generic);
	pl_put(p, &m, "postgresql", nb_str(p, l, en->pg));
	pl_put(p, &m, "sqlite", nb_str(p, l, en->sqlite));
	return pl_map(p, &m, l);
}
