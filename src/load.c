/*
 * load.c -- migsql.yaml (or alembic.ini) and one revision file into the
 * revision IR; load_dir.c reads the versions directories.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migsql/alembicini.h"
#include "migsql/lint.h"
#include "migsql/load.h"
#include "migsql/pyrev.h"
#include "migsql/util.h"

#include "load_int.h"

struct ctx {
	struct diags			*d;
	const struct load_options	*o;
	size_t				 errors;
	unsigned char			*used;	/* the variables a revision
						   uses (o->vars->n), or NULL */
	struct ptrvec			*expanded; /* where expansions go */
};

static void
err(struct ctx *c, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
err(struct ctx *c, const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(c->d, EXIT_INPUT, l, fmt, ap);
	va_end(ap);
	c->errors++;
}

int
revision_id_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > REVISION_ID_MAX)
		return 0;
	if (strcmp(id, "base") == 0 || strcmp(id, "head") == 0 ||
	    strcmp(id, "heads") == 0)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = id[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_')
			continue;
		if (i > 0 && (ch == '-' || ch == '.'))
			continue;
		return 0;
	}
	return 1;
}

/* The dialect names usable as keys, plus "sql" where allowed. */
static int
is_dialect_key(const struct ctx *c, const char *key)
{
	const char *const *p;

	if (c->o == NULL || c->o->dialect_names == NULL)
		return 1;
	for (p = c->o->dialect_names; *p != NULL; p++)
		if (strcmp(*p, key) == 0)
			return 1;
	return 0;
}

static void
unknown_dialect_key(struct ctx *c, const struct node *k, const char *where,
    int sql_allowed)
{
	const char *s = NULL;
	const char *extra[] = { "sql", NULL };

	if (c->o != NULL && c->o->dialect_names != NULL)
		s = suggest(k->text, c->o->dialect_names);
	if (s == NULL && sql_allowed)
		s = suggest(k->text, extra);
	if (s != NULL)
		err(c, &k->loc, "unknown key '%s' in %s (did you mean %s?)",
		    k->text, where, s);
	else
		err(c, &k->loc, "unknown key '%s' in %s: expected %sa dialect "
		    "name", k->text, where, sql_allowed ? "'sql' or " : "");
}

static const char *
bool_hint(const struct node *v)
{
	if (v->kind == NODE_SCALAR && v->type == SCALAR_STR &&
	    (strcasecmp(v->text, "yes") == 0 || strcasecmp(v->text, "no") == 0 ||
	    strcasecmp(v->text, "on") == 0 || strcasecmp(v->text, "off") == 0))
		return " (YAML 1.2 reads yes/no/on/off as strings)";
	return "";
}

static int check_value(struct ctx *c, const struct node *v,
    enum field_type t, const char *key);
static int check_map(struct ctx *c, const struct node *map,
    const struct field *fields, const char *what);

static int
check_name(struct ctx *c, const struct node *v, const char *key)
{
	if (!node_is_str(v)) {
		err(c, &v->loc, "'%s' must be a name, not %s", key,
		    node_describe(v));
		return 0;
	}
	if (v->len == 0) {
		err(c, &v->loc, "'%s' must not be empty", key);
		return 0;
	}
	return 1;
}

static int
check_names(struct ctx *c, const struct node *v, const char *key)
{
	size_t i;
	int ok = 1;

	if (v->kind != NODE_SEQ) {
		err(c, &v->loc, "'%s' must be a list of names, not %s", key,
		    node_describe(v));
		return 0;
	}
	if (v->n == 0) {
		err(c, &v->loc, "'%s' must name at least one column", key);
		return 0;
	}
	for (i = 0; i < v->n; i++)
		ok &= check_name(c, v->items[i], key);
	return ok;
}

static int
check_sql(struct ctx *c, const struct node *v, const char *key)
{
	size_t i;
	int ok = 1;

	if (node_is_str(v))
		return 1;
	if (v->kind != NODE_MAP) {
		err(c, &v->loc, "'%s' must be SQL text or a mapping of dialect "
		    "names to SQL text, not %s", key, node_describe(v));
		return 0;
	}
	if (v->n == 0) {
		err(c, &v->loc, "'%s' must give SQL for at least one dialect",
		    key);
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->items[2 * i];
		const struct node *val = v->items[2 * i + 1];

		if (strcmp(k->text, "sql") != 0 && !is_dialect_key(c, k->text)) {
			unknown_dialect_key(c, k, key, 1);
			ok = 0;
			continue;
		}
		if (!node_is_str(val) && !(val->kind == NODE_SCALAR &&
		    val->type == SCALAR_NULL)) {
			err(c, &val->loc, "SQL for '%s' must be text or null, "
			    "not %s", k->text, node_describe(val));
			ok = 0;
		}
	}
	return ok;
}

/*
 * 1 when name (before any parameters or []) is a type PostgreSQL has
 * that migsql's generic types do not cover (PostgreSQL 15 docs, chapter
 * 8 "Data Types", and the contrib types teams use most: citext, hstore).
 */
static int
postgresql_type(const char *name)
{
	static const char *const types[] = { "macaddr8", "hstore",
		"tsquery", "money", "bytea", "xml", "point", "line", "lseg",
		"box", "path", "polygon", "circle", "int4range", "int8range",
		"numrange", "tsrange", "tstzrange", "daterange", "bit", "varbit",
		"serial", "bigserial", "smallserial", "oid", "regclass",
		"pg_lsn", "txid_snapshot", "ltree", "geometry", "geography",
		NULL };
	size_t n = strcspn(name, "([ ");
	size_t i;

	for (i = 0; types[i] != NULL; i++)
		if (strlen(types[i]) == n && strncasecmp(name, types[i], n) == 0)
			return 1;
	return 0;
}

static int
check_type(struct ctx *c, const struct node *v, const char *key)
{
	struct type_spec t;
	const char *why, *s;
	size_t i;
	int ok = 1;

	if (node_is_str(v)) {
		if (type_parse(v->text, &t, &why))
			return 1;
		{
			/* Suggest from the name before any parameters. */
			char *base = xstrndup(v->text, strcspn(v->text, "("));

			s = suggest(base, generic_type_names);
			free(base);
		}
		if (strcmp(why, "unknown type") == 0 && postgresql_type(v->text))
			err(c, &v->loc, "unknown type '%s': PostgreSQL has it, "
			    "but it is not one of migsql's generic types; give "
			    "each dialect its own: {postgresql: %s, sqlite: text}",
			    v->text, v->text);
		else if (strcmp(why, "unknown type") == 0 && s != NULL)
			err(c, &v->loc, "unknown type '%s' (did you mean %s%s?)",
			    v->text, s, strchr(v->text, '(') ? "(...)" : "");
		else if (strchr(v->text, '(') != NULL &&
		    strchr(v->text, ')') == NULL && v->style == STYLE_PLAIN)
			err(c, &v->loc, "the type '%s' was cut at a comma: in a "
			    "flow mapping {...} a comma ends the value; quote a "
			    "type that holds one: type: \"%s,...)\"", v->text,
			    v->text);
		else if (strcmp(why, "unknown type") == 0)
			err(c, &v->loc, "unknown type '%s': use a generic type "
			    "(integer, string(N), numeric(P,S), ...) or "
			    "{dialect: type} for a dialect's own", v->text);
		else
			err(c, &v->loc, "bad type '%s': %s", v->text, why);
		return 0;
	}
	if (v->kind != NODE_MAP || v->n == 0) {
		err(c, &v->loc, "'%s' must be a type name or a mapping of "
		    "dialect names to types, not %s", key, node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->items[2 * i];
		const struct node *val = v->items[2 * i + 1];

		if (!is_dialect_key(c, k->text)) {
			unknown_dialect_key(c, k, key, 0);
			ok = 0;
		} else if (!node_is_str(val) || val->len == 0) {
			err(c, &val->loc, "the %s type must be text, not %s",
			    k->text, node_describe(val));
			ok = 0;
		}
	}
	return ok;
}

static int
check_default(struct ctx *c, const struct node *v, const char *key)
{
	if (v->kind == NODE_SCALAR) {
		if (v->type == SCALAR_FLOAT && (strchr(v->text, 'n') != NULL ||
		    strchr(v->text, 'N') != NULL)) {
			err(c, &v->loc, "'%s' cannot be %s: write it as "
			    "{sql: ...}", key, v->text);
			return 0;
		}
		return 1;
	}
	if (v->kind == NODE_MAP) {
		static const struct field f[] = {
			{ "sql", FT_STRING, 1 }, { NULL, 0, 0 }
		};

		return check_map(c, v, f, key);
	}
	err(c, &v->loc, "'%s' must be a value or {sql: expression}, not %s",
	    key, node_describe(v));
	return 0;
}

/*
 * Checks a PostgreSQL major version v (postgresql_version): a YAML
 * integer written in decimal digits, from PG_VERSION_MIN (10: the first
 * release numbered by one number; 9.6 and older are long out of support)
 * to PG_VERSION_MAX.  Reports a problem at v's place; returns 1 when v is
 * valid, and then stores it in *out (when not NULL).
 */
static int
check_pg_version(struct ctx *c, const struct node *v, const char *key,
    int *out)
{
	const char *p;
	long n = 0;

	if (v->kind != NODE_SCALAR || v->type != SCALAR_INT) {
		if (node_is_str(v))
			err(c, &v->loc, "'%s' must be a PostgreSQL major "
			    "version, a whole number such as 15, not '%s'", key,
			    v->text);
		else if (v->kind == NODE_SCALAR && v->type == SCALAR_FLOAT)
			err(c, &v->loc, "'%s' must be a PostgreSQL major "
			    "version, a whole number such as 15, not %s", key,
			    v->text);
		else
			err(c, &v->loc, "'%s' must be a PostgreSQL major "
			    "version, a whole number such as 15, not %s", key,
			    node_describe(v));
		return 0;
	}
	for (p = v->text; *p >= '0' && *p <= '9' && n <= PG_VERSION_MAX; p++)
		n = n * 10 + (*p - '0');
	if (*p != '\0' || p == v->text || n < PG_VERSION_MIN ||
	    n > PG_VERSION_MAX) {
		err(c, &v->loc, "'%s' must be a PostgreSQL major version from "
		    "%d to %d, such as 15, not %s", key, PG_VERSION_MIN,
		    PG_VERSION_MAX, v->text);
		return 0;
	}
	if (out != NULL)
		*out = (int)n;
	return 1;
}

/* autoincrement: true, false, identity or serial. */
static int
check_autoincrement(struct ctx *c, const struct node *v, const char *key)
{
	if (v->kind == NODE_SCALAR && (v->type == SCALAR_BOOL ||
	    (node_is_str(v) && (strcmp(v->text, "identity") == 0 ||
	    strcmp(v->text, "serial") == 0))))
		return 1;
	err(c, &v->loc, "'%s' must be true, false, identity (GENERATED BY "
	    "DEFAULT AS IDENTITY) or serial (PostgreSQL's SERIAL), not %s%s%s",
	    key, node_is_str(v) ? "'" : "", node_is_str(v) ? v->text :
	    node_describe(v), node_is_str(v) ? "'" : "");
	return 0;
}

/*
 * identity: true, or {always?: BOOL, start?: INT, increment?: INT} (after
 * SQLAlchemy's Identity; PostgreSQL 15 docs, CREATE TABLE "GENERATED {
 * ALWAYS | BY DEFAULT } AS IDENTITY [ ( sequence_options ) ]").  The
 * numbers are written into the SQL, so they are checked as integers.
 */
static int
check_identity(struct ctx *c, const struct node *v, const char *key)
{
	static const char *const nums[] = { "start", "increment", NULL };
	const struct node *al;
	size_t i;
	int ok = 1;

	/* null: none (alter_column's way to drop one) */
	if (v->kind == NODE_SCALAR && ((v->type == SCALAR_BOOL && v->boolean) ||
	    v->type == SCALAR_NULL))
		return 1;
	if (v->kind == NODE_SCALAR && v->type == SCALAR_BOOL) {
		err(c, &v->loc, "'%s: false' says nothing: leave the key out "
		    "for a column without an identity", key);
		return 0;
	}
	if (v->kind != NODE_MAP) {
		err(c, &v->loc, "'%s' must be true or a mapping {always, start, "
		    "increment}, not %s", key, node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++)
		if (strcmp(v->items[2 * i]->text, "always") != 0 &&
		    strcmp(v->items[2 * i]->text, "start") != 0 &&
		    strcmp(v->items[2 * i]->text, "increment") != 0) {
			err(c, &v->items[2 * i]->loc, "unknown key '%s' in "
			    "%s: expected always, start or increment",
			    v->items[2 * i]->text, key);
			ok = 0;
		}
	for (i = 0; nums[i] != NULL; i++) {
		const struct node *n = node_get(v, nums[i]);

		if (n != NULL && !(n->kind == NODE_SCALAR &&
		    n->type == SCALAR_INT)) {
			err(c, &n->loc, "'%s' of %s must be a whole number, not "
			    "%s", nums[i], key, node_describe(n));
			ok = 0;
		}
	}
	if ((al = node_get(v, "always")) != NULL && !(al->kind ==
	    NODE_SCALAR && al->type == SCALAR_BOOL)) {
		err(c, &al->loc, "'always' of %s must be true or false", key);
		ok = 0;
	}
	return ok;
}

/* computed: SQL, or {sql: SQL, persisted?: BOOL} (SQLAlchemy's
   Computed). */
static int
check_computed(struct ctx *c, const struct node *v, const char *key)
{
	const struct node *p;
	size_t i;
	int ok = 1;

	if (v->kind != NODE_MAP || node_get(v, "sql") == NULL)
		return check_sql(c, v, key);
	for (i = 0; i < v->n; i++) {
		const char *k = v->items[2 * i]->text;

		if (strcmp(k, "sql") != 0 && strcmp(k, "persisted") != 0) {
			err(c, &v->items[2 * i]->loc, "unknown key '%s' in %s: "
			    "expected sql and persisted", k, key);
			ok = 0;
		}
	}
	if ((p = node_get(v, "persisted")) != NULL &&
	    !(p->kind == NODE_SCALAR && p->type == SCALAR_BOOL)) {
		err(c, &p->loc, "'persisted' must be true or false");
		ok = 0;
	}
	return ok & check_sql(c, node_get(v, "sql"), key);
}

/*
 * What cannot go together on a generated column (PostgreSQL 15 docs,
 * CREATE TABLE: an identity or generated column has no DEFAULT; a
 * generated column is not an identity one and is not written to).
 */
static int
check_generated(struct ctx *c, const struct node *v)
{
	const struct node *id = node_key(v, "identity");
	const struct node *gen = node_key(v, "computed");
	const struct node *dv = node_get(v, "server_default");
	int ok = 1;

	if (id != NULL && gen != NULL) {
		err(c, &gen->loc, "a column is either computed or an identity, "
		    "not both");
		ok = 0;
	}
	if ((id != NULL || gen != NULL) && dv != NULL && !(dv->kind ==
	    NODE_SCALAR && dv->type == SCALAR_NULL)) {
		err(c, &node_key(v, "server_default")->loc, "%s column has "
		    "no server_default", id ? "an identity" : "a computed");
		ok = 0;
	}
	if (id != NULL && op_autoincrement(v) == AUTOINC_SERIAL) {
		err(c, &id->loc, "a column is either serial or an identity, not "
		    "both");
		ok = 0;
	}
	if (gen != NULL && op_autoincrement(v)) {
		err(c, &gen->loc, "a computed column has no autoincrement");
		ok = 0;
	}
	return ok;
}

static int
check_fk_ref(struct ctx *c, const struct node *v, const char *key)
{
	static const struct field f[] = {
		{ "table", FT_NAME, 1 }, { "column", FT_NAME, 1 },
		{ NULL, 0, 0 }
	};
	const char *dot;

	if (v->kind == NODE_MAP)
		return check_map(c, v, f, key);
	if (!node_is_str(v) || (dot = strchr(v->text, '.')) == NULL ||
	    dot == v->text || dot[1] == '\0' || strchr(dot + 1, '.') != NULL) {
		err(c, &v->loc, "'%s' must be \"table.column\" or {table, "
		    "column}, not %s", key, node_is_str(v) ? "that text" :
		    node_describe(v));
		return 0;
	}
	return 1;
}

static int
check_column(struct ctx *c, const struct node *v)
{
	struct type_spec t;
	const char *why;
	const struct node *ty;
	int ok;

	ok = check_map(c, v, column_fields, "column");
	if (!ok)
		return 0;
	ok &= check_generated(c, v);
	if (op_autoincrement(v)) {
		ty = node_get(v, "type");
		if (!map_bool(v, "primary_key", 0)) {
			err(c, &node_key(v, "autoincrement")->loc,
			    "autoincrement needs primary_key: true on the same "
			    "column");
			ok = 0;
		} else if (!node_is_str(ty) || !type_parse(ty->text, &t, &why) ||
		    (t.type != GT_INTEGER && t.type != GT_BIGINT &&
		    t.type != GT_SMALLINT)) {
			err(c, &node_key(v, "autoincrement")->loc,
			    "autoincrement needs an integer, bigint or smallint "
			    "column");
			ok = 0;
		}
	}
	if ((node_get(v, "ondelete") != NULL || node_get(v, "onupdate") != NULL ||
	    node_get(v, "deferrable") != NULL || node_get(v, "initially") !=
	    NULL) && node_get(v, "foreign_key") == NULL) {
		static const char *const fk_keys[] = {
			"ondelete", "onupdate", "deferrable", "initially"
		};
		const struct node *k = NULL;
		size_t i;

		for (i = 0; k == NULL; i++)
			k = node_key(v, fk_keys[i]);
		err(c, &k->loc, "'%s' needs a foreign_key on the same column",
		    k->text);
		ok = 0;
	}
	return ok;
}

/*
 * The length of text without a trailing ordering that only an index
 * column can take (ASC, DESC, NULLS FIRST, NULLS LAST, PostgreSQL 15 docs,
 * CREATE INDEX): within an expression item's parentheses it is a syntax
 * error on both engines.  keys receives the YAML keys that say it
 * ("desc: true, nulls_last: true"), or "" when there is none.
 */
static size_t
strip_ordering(const char *text, char *keys, size_t keyssz)
{
	const char *nulls = NULL, *dir = NULL;
	size_t n = strlen(text), w;

	for (;;) {
		const char *word;

		while (n > 0 && isspace((unsigned char)text[n - 1]))
			n--;
		/* The last word, if it is a whole one (not t.desc). */
		for (w = n; w > 0 && isalpha((unsigned char)text[w - 1]); w--)
			;
		if (w == 0 || w == n || isalnum((unsigned char)text[w - 1]) ||
		    strchr("_$.", text[w - 1]) != NULL ||
		    (unsigned char)text[w - 1] >= 0x80)
			break;
		word = text + w;
		if (dir == NULL && nulls == NULL &&
		    ((n - w == 4 && strncasecmp(word, "last", 4) == 0) ||
		    (n - w == 5 && strncasecmp(word, "first", 5) == 0))) {
			size_t e = w, b;

			while (e > 0 && isspace((unsigned char)text[e - 1]))
				e--;
			for (b = e; b > 0 && isalpha((unsigned char)text[b - 1]);
			    b--)
				;
			if (e == w || e - b != 5 ||
			    strncasecmp(text + b, "nulls", 5) != 0 || b == 0 ||
			    isalnum((unsigned char)text[b - 1]) ||
			    strchr("_$.", text[b - 1]) != NULL ||
			    (unsigned char)text[b - 1] >= 0x80)
				break;
			nulls = n - w == 4 ? "nulls_last" : "nulls_first";
			n = b;
		} else if (dir == NULL && ((n - w == 4 &&
		    strncasecmp(word, "desc", 4) == 0) || (n - w == 3 &&
		    strncasecmp(word, "asc", 3) == 0))) {
			dir = n - w == 4 ? "desc" : "asc";
			n = w;
		} else
			break;
	}
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	snprintf(keys, keyssz, "%s%s%s%s%s", dir ? dir : "", dir ? ": true" :
	    "", dir && nulls ? ", " : "", nulls ? nulls : "", nulls ?
	    ": true" : "");
	return n;
}

/* A collation, or what else a dialect names (what: "collation", "index
   method", "tablespace"): a name, or {dialect: name|null} (names are the
   engine's). */
static int
check_collation(struct ctx *c, const struct node *v, const char *key,
    const char *what)
{
	size_t i;
	int ok = 1;

	if (node_is_str(v))
		return check_name(c, v, key);
	if (v->kind != NODE_MAP || v->n == 0) {
		err(c, &v->loc, "'%s' must be %s %s name or a mapping of "
		    "dialect names to %s names, not %s", key,
		    strchr("aeiou", what[0]) ? "an" : "a", what, what,
		    node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->items[2 * i];
		const struct node *val = v->items[2 * i + 1];

		if (!is_dialect_key(c, k->text)) {
			unknown_dialect_key(c, k, key, 0);
			ok = 0;
		} else if (!(val->kind == NODE_SCALAR &&
		    val->type == SCALAR_NULL))
			ok &= check_name(c, val, key);
	}
	return ok;
}

/*
 * Storage parameters: a non-empty mapping of plain names to numbers,
 * booleans or text (PostgreSQL 15 docs, CREATE INDEX "Index Storage
 * Parameters", CREATE TABLE "Storage Parameters": fillfactor = 70,
 * fastupdate = off, buffering = auto); or {dialect: that | null}.
 */
static int
check_params(struct ctx *c, const struct node *v, const char *key)
{
	size_t i;
	int ok = 1;

	/* {dialect: parameters|null}: the values are mappings or null. */
	if (v->kind == NODE_MAP && v->n > 0 && (v->items[1]->kind == NODE_MAP ||
	    (v->items[1]->kind == NODE_SCALAR &&
	    v->items[1]->type == SCALAR_NULL) || v->items[1]->kind ==
	    NODE_SEQ) && is_dialect_key(c, v->items[0]->text)) {
		for (i = 0; i < v->n; i++) {
			const struct node *k = v->items[2 * i];
			const struct node *val = v->items[2 * i + 1];

			if (!is_dialect_key(c, k->text)) {
				unknown_dialect_key(c, k, key, 0);
				ok = 0;
			} else if (!(val->kind == NODE_SCALAR &&
			    val->type == SCALAR_NULL))
				ok &= val->kind == NODE_MAP &&
				    val->items[1]->kind != NODE_MAP ?
				    check_params(c, val, key) :
				    (err(c, &val->loc, "'%s' for a dialect must "
				    "be a mapping of storage parameters or "
				    "null", key), 0);
		}
		return ok;
	}
	if (v->kind != NODE_MAP || v->n == 0) {
		err(c, &v->loc, "'%s' must be a mapping of storage parameters "
		    "to values, such as {fillfactor: 70}, not %s", key,
		    node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->items[2 * i];
		const struct node *val = v->items[2 * i + 1];

		ok &= check_name(c, k, key);
		if (val->kind != NODE_SCALAR || val->type == SCALAR_NULL) {
			err(c, &val->loc, "storage parameter '%s' must be a "
			    "number, true, false or text, not %s", k->text,
			    node_describe(val));
			ok = 0;
		}
	}
	return ok;
}

/* 1 when s (n bytes) is a plain lower-case name: created_at, not lower(x). */
static int
plain_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(islower((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i])
		    && s[i] != '_')
			return 0;
	return 1;
}

/*
 * An index column given as a mapping: {name: col, ...} or {sql: expr,
 * ...} with asc or desc, nulls_first or nulls_last, opclass and collation
 * (PostgreSQL 15 docs, CREATE INDEX: column [COLLATE collation] [opclass]
 * [ASC | DESC] [NULLS { FIRST | LAST }]; SQLAlchemy's asc(), desc(),
 * nulls_first(), nulls_last(), collate() and postgresql_ops).  Whether a
 * dialect can write each one is render's business (index_column).
 */
static int
check_index_item(struct ctx *c, const struct node *v)
{
	static const struct field f[] = {
		{ "name", FT_NAME, 0 }, { "sql", FT_STRING, 0 },
		{ "asc", FT_BOOL, 0 }, { "desc", FT_BOOL, 0 },
		{ "nulls_first", FT_BOOL, 0 }, { "nulls_last", FT_BOOL, 0 },
		{ "opclass", FT_NAME, 0 }, { "collation", FT_COLLATION, 0 },
		{ NULL, 0, 0 }
	};
	const struct node *sql;
	char keys[64];
	size_t n;
	int ok = check_map(c, v, f, "an index column");

	if (!ok)
		return 0;
	if ((node_get(v, "name") != NULL) == (node_get(v, "sql") != NULL)) {
		err(c, &v->loc, "an index column needs either 'name' (a column) "
		    "or 'sql' (an expression)%s", node_get(v, "name") ?
		    ", not both" : "");
		ok = 0;
	}
	if (map_bool(v, "asc", 0) && map_bool(v, "desc", 0)) {
		err(c, &node_key(v, "desc")->loc, "an index column is ordered "
		    "asc or desc, not both");
		ok = 0;
	}
	if (map_bool(v, "nulls_first", 0) && map_bool(v, "nulls_last", 0)) {
		err(c, &node_key(v, "nulls_last")->loc, "an index column puts "
		    "nulls first or last, not both");
		ok = 0;
	}
	if ((sql = node_get(v, "sql")) != NULL &&
	    (n = strip_ordering(sql->text, keys, sizeof keys), keys[0])) {
		struct strbuf sb = STRBUF_INIT;
		const char *e;
		size_t s = 0, i;

		while (isspace((unsigned char)sql->text[s]))
			s++;
		e = sql->text + s;
		n -= s;
		/* The expression as YAML: a name bare, else in quotes. */
		if (plain_name(e, n))
			strbuf_addf(&sb, "name: %.*s", (int)n, e);
		else if (memchr(e, '"', n) == NULL && memchr(e, '\\', n) == NULL)
			strbuf_addf(&sb, "sql: \"%.*s\"", (int)n, e);
		else {
			strbuf_adds(&sb, "sql: '");
			for (i = 0; i < n; i++) {
				if (e[i] == '\'')
					strbuf_addc(&sb, '\'');
				strbuf_addc(&sb, e[i]);
			}
			strbuf_addc(&sb, '\'');
		}
		err(c, &sql->loc, "the order of an index column goes in its own "
		    "keys, not in the expression (it would be written inside "
		    "the expression's parentheses): write {%s, %s}", sb.buf,
		    keys);
		strbuf_free(&sb);
		ok = 0;
	}
	return ok;
}

/*
 * An exclusion constraint's elements (create_exclude_constraint): a
 * non-empty list of {column: NAME, operator: OP} or {sql: EXPR,
 * operator: OP} (PostgreSQL 15 docs, CREATE TABLE: exclude_element WITH
 * operator).  The operator is written into the SQL as it is, so it must
 * be one (pg_operator_problem()); the expression goes through the SQL
 * checks when it renders, as an index expression does.
 */
static int
check_exclude_elements(struct ctx *c, const struct node *v, const char *key)
{
	static const struct field f[] = {
		{ "column", FT_NAME, 0 }, { "sql", FT_STRING, 0 },
		{ "operator", FT_STRING, 1 }, { NULL, 0, 0 }
	};
	const struct node *it, *op;
	const char *why;
	size_t i;
	int ok = 1;

	if (v->kind != NODE_SEQ || v->n == 0) {
		err(c, &v->loc, "'%s' must be a non-empty list of {column: NAME, "
		    "operator: OP} or {sql: EXPRESSION, operator: OP}", key);
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		it = v->items[i];
		if (!check_map(c, it, f, "an exclusion element")) {
			ok = 0;
			continue;
		}
		if ((node_get(it, "column") != NULL) ==
		    (node_get(it, "sql") != NULL)) {
			err(c, &it->loc, "an exclusion element needs either "
			    "'column' (a column) or 'sql' (an expression)%s",
			    node_get(it, "column") ? ", not both" : "");
			ok = 0;
		}
		op = node_get(it, "operator");
		if ((why = pg_operator_problem(op->text)) != NULL) {
			err(c, &op->loc, "'%s' is not an operator an exclusion "
			    "constraint can use: %s; write one such as =, && or "
			    "<->, or OPERATOR(schema.op)", op->text, why);
			ok = 0;
		}
	}
	return ok;
}

static int
check_list_of(struct ctx *c, const struct node *v, const char *key,
    const struct field *fields, const char *what)
{
	size_t i;
	int ok = 1;

	if (v->kind != NODE_SEQ) {
		err(c, &v->loc, "'%s' must be a list, not %s", key,
		    node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++)
		ok &= check_map(c, v->items[i], fields, what);
	return ok;
}

static const struct field named_columns_fields[] = {
	{ "name", FT_NAME, 0 },
	{ "columns", FT_NAMES, 1 },
	{ NULL, 0, 0 }
};
static const struct field fk_entry_fields[] = {
	{ "name", FT_NAME, 0 },
	{ "local_cols", FT_NAMES, 1 },
	{ "referent_table", FT_NAME, 1 },
	{ "remote_cols", FT_NAMES, 1 },
	{ "ondelete", FT_FK_ACTION, 0 },
	{ "onupdate", FT_FK_ACTION, 0 },
	{ "deferrable", FT_BOOL, 0 },
	{ "initially", FT_INITIALLY, 0 },
	{ "match", FT_FK_MATCH, 0 },
	{ NULL, 0, 0 }
};
static const struct field check_entry_fields[] = {
	{ "name", FT_NAME, 0 },	/* PostgreSQL's name when absent */
	{ "condition", FT_SQL, 1 },
	{ NULL, 0, 0 }
};

static int
check_value(struct ctx *c, const struct node *v, enum field_type t,
    const char *key)
{
	size_t i;
	int ok = 1;

	switch (t) {
	case FT_NAME:
		return check_name(c, v, key);
	case FT_NAME_OR_NULL:
		if (v->kind == NODE_SCALAR && v->type == SCALAR_NULL)
			return 1;
		return check_name(c, v, key);
	case FT_VARIABLES:
		return 1;	/* project_load() checks each entry */
	case FT_LINT:
		if (lint_check_suppression(v, c->d))
			return 1;
		c->errors++;
		return 0;
	case FT_DURATION: {
		unsigned long ms;

		if (!duration_ms(v, &ms)) {
			if (node_is_str(v))
				err(c, &v->loc, "'%s' must be a duration such "
				    "as 500ms, 5s or 2min (at most a day; no space "
				    "before the unit), not '%s'", key, v->text);
			else
				err(c, &v->loc, "'%s' must be a duration such "
				    "as 500ms, 5s or 2min (at most a day), not %s",
				    key, node_describe(v));
			return 0;
		}
		return 1;
	}
	case FT_PG_VERSION:
		return check_pg_version(c, v, key, NULL);
	case FT_STRING:
		if (!node_is_str(v)) {
			err(c, &v->loc, "'%s' must be text, not %s", key,
			    node_describe(v));
			return 0;
		}
		return 1;
	case FT_STRING_OR_NULL:
		if (!node_is_str(v) && !(v->kind == NODE_SCALAR &&
		    v->type == SCALAR_NULL)) {
			err(c, &v->loc, "'%s' must be text, or null to drop it, "
			    "not %s", key, node_describe(v));
			return 0;
		}
		return 1;
	case FT_BOOL:
		if (v->kind != NODE_SCALAR || v->type != SCALAR_BOOL) {
			err(c, &v->loc, "'%s' must be true or false, not %s%s",
			    key, node_describe(v), bool_hint(v));
			return 0;
		}
		return 1;
	case FT_SQL:
		return check_sql(c, v, key);
	case FT_NAMES:
		return check_names(c, v, key);
	case FT_INDEX_COLUMNS:
		if (v->kind != NODE_SEQ || v->n == 0) {
			err(c, &v->loc, "'%s' must be a non-empty list of column "
			    "names, {name, ...} or {sql: expression, ...}", key);
			return 0;
		}
		for (i = 0; i < v->n; i++) {
			if (v->items[i]->kind == NODE_MAP)
				ok &= check_index_item(c, v->items[i]);
			else
				ok &= check_name(c, v->items[i], key);
		}
		return ok;
	case FT_EXCLUDE_ELEMENTS:
		return check_exclude_elements(c, v, key);
	case FT_COLLATION:
		return check_collation(c, v, key, "collation");
	case FT_DIALECT_NAME:
		return check_collation(c, v, key, strcmp(key, "using") == 0 ?
		    "index method" : key);
	case FT_PARAMS:
		return check_params(c, v, key);
	case FT_COLUMN:
		return check_column(c, v);
	case FT_COLUMNS:
		if (v->kind != NODE_SEQ || v->n == 0) {
			err(c, &v->loc, "'%s' must be a non-empty list of columns",
			    key);
			return 0;
		}
		for (i = 0; i < v->n; i++) {
			const char *name;
			size_t j;

			if (!check_column(c, v->items[i])) {
				ok = 0;
				continue;
			}
			name = map_str(v->items[i], "name");
			for (j = 0; j < i; j++) {
				const char *other = map_str(v->items[j], "name");

				if (other != NULL && strcmp(other, name) == 0) {
					err(c, &node_get(v->items[i],
					    "name")->loc, "column '%s' is "
					    "defined twice", name);
					ok = 0;
					break;
				}
			}
		}
		return ok;
	case FT_PRIMARY_KEY:
		if (v->kind == NODE_MAP)
			return check_map(c, v, named_columns_fields, key);
		return check_names(c, v, key);
	case FT_UNIQUES:
		if (v->kind != NODE_SEQ) {
			err(c, &v->loc, "'%s' must be a list of column lists", key);
			return 0;
		}
		for (i = 0; i < v->n; i++) {
			if (v->items[i]->kind == NODE_MAP)
				ok &= check_map(c, v->items[i],
				    named_columns_fields, key);
			else
				ok &= check_names(c, v->items[i], key);
		}
		return ok;
	case FT_FOREIGN_KEYS:
		if (v->kind != NODE_SEQ)
			return check_list_of(c, v, key, fk_entry_fields,
			    "a foreign key");
		for (i = 0; i < v->n; i++) {
			const struct node *l, *r;

			if (!check_map(c, v->items[i], fk_entry_fields,
			    "a foreign key")) {
				ok = 0;
				continue;
			}
			l = node_get(v->items[i], "local_cols");
			r = node_get(v->items[i], "remote_cols");
			if (l->n != r->n) {
				err(c, &r->loc, "a foreign key needs as many "
				    "remote_cols as local_cols (%zu and %zu)",
				    r->n, l->n);
				ok = 0;
			}
		}
		return ok;
	case FT_CHECKS:
		return check_list_of(c, v, key, check_entry_fields,
		    "a check constraint");
	case FT_TYPE:
		return check_type(c, v, key);
	case FT_DEFAULT:
		return check_default(c, v, key);
	case FT_FK_REF:
		return check_fk_ref(c, v, key);
	case FT_FK_ACTION:
		if (!node_is_str(v) || fk_action_canonical(v->text) == NULL) {
			err(c, &v->loc, "'%s' must be one of CASCADE, SET NULL, "
			    "SET DEFAULT, RESTRICT, NO ACTION", key);
			return 0;
		}
		return 1;
	case FT_INITIALLY:
		/* Written into the SQL as is: only the two words that
		   INITIALLY takes (PostgreSQL 15 docs, CREATE TABLE; SQLite
		   docs, "CREATE TABLE", foreign-key clause). */
		if (!node_is_str(v) || (strcasecmp(v->text, "deferred") != 0 &&
		    strcasecmp(v->text, "immediate") != 0)) {
			err(c, &v->loc, "'%s' must be DEFERRED or IMMEDIATE", key);
			return 0;
		}
		return 1;
	case FT_AUTOINCREMENT:
		return check_autoincrement(c, v, key);
	case FT_IDENTITY:
		return check_identity(c, v, key);
	case FT_COMPUTED:
		return check_computed(c, v, key);
	case FT_FK_MATCH:
		if (!node_is_str(v) || (strcasecmp(v->text, "full") != 0 &&
		    strcasecmp(v->text, "simple") != 0)) {
			err(c, &v->loc, "'%s' must be FULL or SIMPLE (MATCH "
			    "PARTIAL is not implemented in PostgreSQL)", key);
			return 0;
		}
		return 1;
	case FT_ROWS:
		if (v->kind != NODE_SEQ) {
			err(c, &v->loc, "'%s' must be a list of rows", key);
			return 0;
		}
		for (i = 0; i < v->n; i++)
			if (v->items[i]->kind != NODE_MAP) {
				err(c, &v->items[i]->loc, "a row must be a "
				    "mapping of column names to values");
				ok = 0;
			}
		return ok;
	case FT_VALUES:
		if (v->kind != NODE_SEQ || v->n == 0) {
			err(c, &v->loc, "'%s' must be a non-empty list of text",
			    key);
			return 0;
		}
		for (i = 0; i < v->n; i++)
			if (!node_is_str(v->items[i])) {
				err(c, &v->items[i]->loc, "an enum value must "
				    "be text, not %s",
				    node_describe(v->items[i]));
				ok = 0;
			}
		return ok;
	}
	return 1;
}

static int
check_map(struct ctx *c, const struct node *map, const struct field *fields,
    const char *what)
{
	const char *names[64];
	const struct field *f;
	size_t i, nf = 0;
	int ok = 1;

	if (map->kind != NODE_MAP) {
		err(c, &map->loc, "%s must be a mapping, not %s", what,
		    node_describe(map));
		return 0;
	}
	for (f = fields; f->key != NULL && nf < 63; f++)
		names[nf++] = f->key;
	names[nf] = NULL;
	for (i = 0; i < map->n; i++) {
		const struct node *k = map->items[2 * i];
		const char *s;

		for (f = fields; f->key != NULL; f++)
			if (strcmp(f->key, k->text) == 0)
				break;
		if (f->key == NULL) {
			s = suggest(k->text, names);
			if (s != NULL)
				err(c, &k->loc, "unknown key '%s' in %s (did you "
				    "mean %s?)", k->text, what, s);
			else
				err(c, &k->loc, "unknown key '%s' in %s",
				    k->text, what);
			ok = 0;
			continue;
		}
		ok &= check_value(c, map->items[2 * i + 1], f->type, f->key);
	}
	for (f = fields; f->key != NULL; f++)
		if (f->required && node_key(map, f->key) == NULL) {
			err(c, &map->loc, "%s needs '%s'", what, f->key);
			ok = 0;
		}
	return ok;
}

/* execute: "SQL", or {sql?, <dialect>?..., transactional?}. */
static int
check_execute(struct ctx *c, const struct op *op)
{
	const struct node *a = op->args;
	size_t i, nsql = 0;
	int ok = 1;

	if (a->kind == NODE_SCALAR) {
		if (!node_is_str(a)) {
			err(c, &a->loc, "execute needs SQL text, not %s",
			    node_describe(a));
			return 0;
		}
		return 1;
	}
	if (a->kind != NODE_MAP) {
		err(c, &a->loc, "execute needs SQL text or a mapping, not %s",
		    node_describe(a));
		return 0;
	}
	for (i = 0; i < a->n; i++) {
		const struct node *k = a->items[2 * i];
		const struct node *v = a->items[2 * i + 1];

		if (strcmp(k->text, "transactional") == 0 ||
		    strcmp(k->text, "lint") == 0) {
			if (!check_value(c, v, k->text[0] == 'l' ? FT_LINT :
			    FT_BOOL, k->text))
				ok = 0;
			continue;
		}
		if (strcmp(k->text, "sql") != 0 && !is_dialect_key(c, k->text)) {
			unknown_dialect_key(c, k, "execute", 1);
			ok = 0;
			continue;
		}
		nsql++;
		if (!node_is_str(v) && !(v->kind == NODE_SCALAR &&
		    v->type == SCALAR_NULL)) {
			err(c, &v->loc, "SQL for '%s' must be text or null, not "
			    "%s", k->text, node_describe(v));
			ok = 0;
		}
	}
	if (nsql == 0) {
		err(c, &op->loc, "execute needs 'sql' or SQL for a dialect");
		ok = 0;
	}
	return ok;
}

/*
 * An op's dialects: the dialects it is for (a non-empty list of known
 * dialect names, each once), as an Alembic migration's `if
 * op.get_bind().dialect.name == ...` decides.  Returns 1 when valid.
 */
static int
check_op_dialects(struct ctx *c, const struct node *v)
{
	size_t i, j;
	int ok = 1;

	if (v->kind != NODE_SEQ || v->n == 0) {
		err(c, &v->loc, "'dialects' must be a non-empty list of dialect "
		    "names, not %s", node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *x = v->items[i];

		if (!node_is_str(x)) {
			err(c, &x->loc, "a dialect name must be text, not %s",
			    node_describe(x));
			ok = 0;
			continue;
		}
		if (!is_dialect_key(c, x->text)) {
			unknown_dialect_key(c, x, "dialects", 0);
			ok = 0;
		}
		for (j = 0; j < i; j++)
			if (node_is_str(v->items[j]) &&
			    strcmp(v->items[j]->text, x->text) == 0) {
				err(c, &x->loc, "dialect '%s' is listed twice",
				    x->text);
				ok = 0;
			}
	}
	return ok;
}

/* An op's own keys: its mapping, its shorthand scalar, or execute's. */
static int
check_op_keys(struct ctx *c, const struct op *op)
{
	if (op->def->kind == OP_EXECUTE)
		return check_execute(c, op);
	if (op->args->kind == NODE_SCALAR && op->def->shorthand != NULL)
		return check_value(c, op->args, FT_NAME, op->def->shorthand);
	return check_map(c, op->args, op->def->fields, op->def->name);
}

static int
check_op_args(struct ctx *c, const struct op *op)
{
	const struct node *dv = op->args->kind == NODE_MAP ?
	    node_get(op->args, "dialects") : NULL;
	struct node rest;
	struct op without;
	size_t i, n = 0;
	int ok;

	if (dv == NULL)
		return check_op_keys(c, op);
	/* 'dialects' is every op's; the rest is checked as the op's own. */
	ok = check_op_dialects(c, dv);
	rest = *op->args;
	rest.items = xcalloc(2 * op->args->n, sizeof *rest.items);
	for (i = 0; i < op->args->n; i++)
		if (strcmp(op->args->items[2 * i]->text, "dialects") != 0) {
			rest.items[2 * n] = op->args->items[2 * i];
			rest.items[2 * n + 1] = op->args->items[2 * i + 1];
			n++;
		}
	rest.n = n;
	without = *op;
	without.args = &rest;
	ok = check_op_keys(c, &without) && ok;
	free(rest.items);
	return ok;
}

/* Reads an upgrade or downgrade list into an op array. */
/* Replaces ${name} in a string scalar by the variable's value. */
static void
expand_scalar(struct ctx *c, struct node *n)
{
	char *x;
	int ok;

	if (n == NULL || n->kind != NODE_SCALAR || n->type != SCALAR_STR)
		return;
	x = vars_expand(c->o->vars, n->text, &n->loc, c->d, c->used, &ok);
	if (!ok)
		c->errors++;
	if (x != NULL) {
		ptrvec_push(c->expanded, x);
		n->text = x;
		n->len = strlen(x);
	}
}

/* Warns about "${" in a string where variables are not expanded. */
static void
warn_unexpanded(struct ctx *c, const struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	if (n->kind == NODE_SCALAR) {
		if (n->type == SCALAR_STR && strstr(n->text, "${") != NULL)
			diag_warning(c->d, &n->loc, "'${' is left as written "
			    "here: variables are expanded only in execute SQL "
			    "and in table and schema names");
		return;
	}
	for (i = 0; i < (n->kind == NODE_MAP ? 2 * n->n : n->n); i++)
		if (n->kind != NODE_MAP || i % 2 == 1)
			warn_unexpanded(c, n->items[i]);
}

/*
 * Expands variables where DESIGN.md allows them: execute's SQL (each
 * dialect's and 'sql') and the keys that name tables and schemas.
 */
static void
expand_op_vars(struct ctx *c, struct op *op)
{
	static const char *const keys[] = {
		"table", "source_table", "referent_table", "schema", NULL
	};
	struct node *a = op->args;
	size_t i;

	if (c->o == NULL || c->o->vars == NULL)
		return;
	if (a->kind == NODE_SCALAR) {
		if (op->def->kind == OP_EXECUTE || op->def->kind ==
		    OP_DROP_TABLE || op->def->kind == OP_DROP_TABLE_COMMENT)
			expand_scalar(c, a);
		return;
	}
	if (a->kind != NODE_MAP)
		return;
	for (i = 0; i < a->n; i++) {
		const char *k = a->items[2 * i]->text;
		struct node *v = a->items[2 * i + 1];
		size_t j;

		if (op->def->kind == OP_EXECUTE) {
			expand_scalar(c, v);
			continue;
		}
		if ((op->def->kind == OP_CREATE_TABLE || op->def->kind ==
		    OP_DROP_TABLE || op->def->kind == OP_RENAME_TABLE) &&
		    (strcmp(k, "name") == 0 || strcmp(k, "new_name") == 0)) {
			expand_scalar(c, v);
			continue;
		}
		for (j = 0; keys[j] != NULL; j++)
			if (strcmp(k, keys[j]) == 0)
				break;
		if (keys[j] != NULL)
			expand_scalar(c, v);
		else
			warn_unexpanded(c, v);
	}
}

static void
load_ops(struct ctx *c, const struct node *list, const char *key,
    struct op **out, size_t *nout)
{
	size_t i;

	*out = NULL;
	*nout = 0;
	if (list->kind != NODE_SEQ) {
		err(c, &list->loc, "'%s' must be a list of operations (write "
		    "[] for none), not %s", key, node_describe(list));
		return;
	}
	*out = xcalloc(list->n, sizeof **out);
	for (i = 0; i < list->n; i++) {
		const struct node *item = list->items[i];
		const struct node *k;
		const struct op_def *def;
		struct op *op;
		const char *s;

		if (item->kind != NODE_MAP || item->n != 1) {
			if (item->kind == NODE_MAP && item->n > 1)
				err(c, &item->loc, "an operation is a mapping "
				    "with one key, its name; this one has %zu "
				    "keys ('%s', '%s'...): check the indentation",
				    item->n, item->items[0]->text,
				    item->items[2]->text);
			else
				err(c, &item->loc, "an operation is a mapping "
				    "with one key, its name (e.g. create_table:), "
				    "not %s", node_describe(item));
			continue;
		}
		k = item->items[0];
		def = op_lookup(k->text);
		if (def == NULL) {
			s = suggest(k->text, op_names());
			if (s != NULL)
				err(c, &k->loc, "unknown operation '%s' (did you "
				    "mean %s?)", k->text, s);
			else
				err(c, &k->loc, "unknown operation '%s'",
				    k->text);
			continue;
		}
		if (!def->supported) {
			err(c, &k->loc, "operation '%s' is not supported yet",
			    k->text);
			continue;
		}
		op = &(*out)[*nout];
		op->def = def;
		op->loc = k->loc;
		op->args = item->items[1];
		expand_op_vars(c, op);
		if (check_op_args(c, op))
			(*nout)++;
	}
}

static char *
scalar_id(struct ctx *c, const struct node *v, const char *key)
{
	if (v->kind != NODE_SCALAR || v->type == SCALAR_NULL ||
	    v->type == SCALAR_BOOL || (v->type == SCALAR_FLOAT)) {
		err(c, &v->loc, "'%s' must be a revision id, not %s", key,
		    node_describe(v));
		return NULL;
	}
	if (!revision_id_valid(v->text)) {
		err(c, &v->loc, "'%s' is not a valid %s: use 1 to %d letters, "
		    "digits, '_', '-' or '.', not starting with '-' or '.', "
		    "and not base, head or heads", v->text,
		    strcmp(key, "branch_labels") == 0 ? "branch label" :
		    "revision id", REVISION_ID_MAX);
		return NULL;
	}
	return xstrdup(v->text);
}

static void
idlist_add(struct idlist *l, char *id, struct loc loc)
{
	l->ids = xrealloc(l->ids, (l->n + 1) * sizeof *l->ids);
	l->locs = xrealloc(l->locs, (l->n + 1) * sizeof *l->locs);
	l->ids[l->n] = id;
	l->locs[l->n] = loc;
	l->n++;
}

void
idlist_free(struct idlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	free(l->locs);
	memset(l, 0, sizeof *l);
}

/* null, one id, or a list of ids; duplicates are errors. */
static void
load_idlist(struct ctx *c, const struct node *v, const char *key,
    struct idlist *out, int allow_null)
{
	size_t i, j;
	char *id;

	if (v->kind == NODE_SCALAR && v->type == SCALAR_NULL) {
		if (!allow_null)
			err(c, &v->loc, "'%s' must not be null", key);
		return;
	}
	if (v->kind == NODE_SCALAR) {
		if ((id = scalar_id(c, v, key)) != NULL)
			idlist_add(out, id, v->loc);
		return;
	}
	if (v->kind != NODE_SEQ) {
		err(c, &v->loc, "'%s' must be a revision id or a list of them, "
		    "not %s", key, node_describe(v));
		return;
	}
	if (v->n == 0 && !allow_null) {
		err(c, &v->loc, "'%s' must not be empty", key);
		return;
	}
	for (i = 0; i < v->n; i++) {
		if ((id = scalar_id(c, v->items[i], key)) == NULL)
			continue;
		for (j = 0; j < out->n; j++)
			if (strcmp(out->ids[j], id) == 0)
				break;
		if (j < out->n) {
			err(c, &v->items[i]->loc, "'%s' lists '%s' twice", key,
			    id);
			free(id);
			continue;
		}
		idlist_add(out, id, v->items[i]->loc);
	}
}

static const struct field revision_fields[] = {
	{ "revision", FT_STRING, 1 },
	{ "down_revision", FT_STRING, 1 },
	{ "branch_labels", FT_STRING, 0 },
	{ "depends_on", FT_STRING, 0 },
	{ "message", FT_STRING, 0 },
	{ "create_date", FT_STRING, 0 },
	{ "upgrade", FT_STRING, 1 },
	{ "downgrade", FT_STRING, 0 },
	{ "lint", FT_LINT, 0 },
	{ "todo", FT_STRING, 0 },
	{ "irreversible", FT_STRING, 0 },
	{ NULL, 0, 0 }
};

int
load_has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

struct revision *
revision_parse(const char *display, const char *buf, size_t len,
    const struct load_options *o, struct diags *d)
{
	struct ctx c = { d, o, 0, NULL, NULL };
	struct revision *r;
	struct node *root, *v;
	struct loc fl;
	const char *names[16];
	size_t i, nn = 0;
	int ok;

	r = xcalloc(1, sizeof *r);
	c.expanded = &r->expanded;
	r->file = xstrdup(display);
	sha256_hex(buf, len, r->sha256);
	fl.file = r->file;
	fl.line = fl.col = 0;
	if (load_has_suffix(display, ".py")) {
		struct pyrev_options po = { NULL, 1 };
		size_t before = d->errors;

		if (o != NULL) {
			po.dialect = o->dialect;
			po.dialect_any = o->dialect_any;
		}
		root = pyrev_read(r->file, buf, len, &po, d, &ok);
		c.errors += d->errors - before;
	} else
		root = node_parse(r->file, buf, len, d, &ok);
	if (!ok) {
		revision_free(r);
		return NULL;
	}
	r->root = root;
	if (root == NULL || root->kind != NODE_MAP) {
		if (root == NULL)
			err(&c, &fl, "empty file: a revision needs at least "
			    "'revision', 'down_revision' and 'upgrade'");
		else
			err(&c, &root->loc, "a revision file must be a mapping, "
			    "not %s", node_describe(root));
		revision_free(r);
		return NULL;
	}
	for (i = 0; revision_fields[i].key != NULL; i++)
		names[nn++] = revision_fields[i].key;
	names[nn] = NULL;
	for (i = 0; i < root->n; i++) {
		const struct node *k = root->items[2 * i];
		const char *s;
		size_t j;

		for (j = 0; revision_fields[j].key != NULL; j++)
			if (strcmp(revision_fields[j].key, k->text) == 0)
				break;
		if (revision_fields[j].key != NULL)
			continue;
		if ((s = suggest(k->text, names)) != NULL)
			err(&c, &k->loc, "unknown key '%s' in a revision (did you "
			    "mean %s?)", k->text, s);
		else
			err(&c, &k->loc, "unknown key '%s' in a revision",
			    k->text);
	}
	for (i = 0; revision_fields[i].key != NULL; i++)
		if (revision_fields[i].required &&
		    node_key(root, revision_fields[i].key) == NULL)
			err(&c, &root->loc, "a revision needs '%s'%s",
			    revision_fields[i].key,
			    strcmp(revision_fields[i].key, "down_revision") == 0
			    ? " (null for a root)" : "");

	if ((v = node_get(root, "lint")) != NULL)
		check_value(&c, v, FT_LINT, "lint");
	if ((v = node_get(root, "revision")) != NULL) {
		r->id = scalar_id(&c, v, "revision");
		r->loc = v->loc;
	}
	if ((v = node_get(root, "down_revision")) != NULL)
		load_idlist(&c, v, "down_revision", &r->down, 1);
	if ((v = node_get(root, "depends_on")) != NULL)
		load_idlist(&c, v, "depends_on", &r->depends, 1);
	if ((v = node_get(root, "branch_labels")) != NULL)
		load_idlist(&c, v, "branch_labels", &r->labels, 1);
	if ((v = node_get(root, "message")) != NULL) {
		if (v->kind != NODE_SCALAR)
			err(&c, &v->loc, "'message' must be text, not %s",
			    node_describe(v));
		else if (v->type != SCALAR_NULL)
			r->message = xstrdup(v->text);
	}
	if (r->message == NULL)
		r->message = xstrdup("");
	if ((v = node_get(root, "todo")) != NULL)
		/* migsql import wrote it where it could not read the Python
		   (DESIGN.md "import"): the revision is not finished. */
		err(&c, &v->loc, "this revision is not finished: 'todo' says "
		    "%s; write its operations in YAML from the Python kept in "
		    "the comments below it, then remove 'todo'",
		    v->kind == NODE_SCALAR && v->type == SCALAR_STR ? v->text :
		    "there is work left");
	if ((v = node_get(root, "create_date")) != NULL &&
	    v->kind != NODE_SCALAR)
		err(&c, &v->loc, "'create_date' must be text, not %s",
		    node_describe(v));
	if (o != NULL && o->vars != NULL && o->vars->n > 0) {
		/* Which variables this revision uses, for script headers. */
		r->vars_used = xcalloc(o->vars->n, 1);
		c.used = r->vars_used;
	}
	if ((v = node_get(root, "upgrade")) != NULL)
		load_ops(&c, v, "upgrade", &r->upgrade, &r->nupgrade);
	if ((v = node_get(root, "irreversible")) != NULL) {
		/* Alembic's downgrade() that raises (pyrev.c writes it). */
		if (v->kind != NODE_SCALAR || v->type != SCALAR_STR ||
		    v->len == 0)
			err(&c, &v->loc, "'irreversible' says why the revision "
			    "cannot be reverted: text, not %s",
			    node_describe(v));
		else if (node_get(root, "downgrade") != NULL)
			err(&c, &v->loc, "a revision is irreversible or has a "
			    "downgrade, not both");
		else
			r->irreversible = xstrdup(v->text);
	}
	if ((v = node_get(root, "downgrade")) != NULL) {
		r->has_downgrade = 1;
		load_ops(&c, v, "downgrade", &r->downgrade, &r->ndowngrade);
	}
	r->bad = c.errors > 0;
	if (r->id == NULL) {
		revision_free(r);
		return NULL;
	}
	return r;
}

void
revision_free(struct revision *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->irreversible);
	free(r->id);
	idlist_free(&r->down);
	idlist_free(&r->depends);
	idlist_free(&r->labels);
	free(r->message);
	free(r->vars_used);
	free(r->upgrade);
	free(r->downgrade);
	node_free(r->root);
	for (i = 0; i < r->expanded.len; i++)
		free(r->expanded.items[i]);
	ptrvec_free(&r->expanded);
	free(r->file);
	free(r->path);
	free(r);
}

void
revisions_free(struct revision **revs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		revision_free(revs[i]);
	free(revs);
}


static const struct field project_fields[] = {
	{ "versions", FT_STRING, 0 },
	{ "dialect", FT_STRING, 0 },
	{ "version_table", FT_NAME, 0 },
	{ "version_table_schema", FT_NAME_OR_NULL, 0 },
	{ "transaction_per_revision", FT_BOOL, 0 },
	{ "lock_timeout", FT_DURATION, 0 },
	{ "statement_timeout", FT_DURATION, 0 },
	{ "postgresql_version", FT_PG_VERSION, 0 },
	{ "variables", FT_VARIABLES, 0 },
	{ NULL, 0, 0 }
};

/*
 * Without migsql.yaml, an Alembic project's alembic.ini says where its
 * revisions are, and its URL's scheme the default dialect; everything
 * else keeps migsql's defaults (Alembic's version table is
 * alembic_version too).  No alembic.ini either is no error.
 */
static int
project_from_ini(struct project *p, struct diags *d)
{
	struct alembic_ini ai;
	size_t i;
	int rc = alembicini_load(&ai, p->dir, d);

	if (rc == 1) {
		free(p->file);
		p->file = ai.file;
		ai.file = NULL;
		p->alembic_ini = 1;
		free(p->versions);
		p->versions = ai.versions[0];
		p->more_versions = xcalloc(ai.nversions, sizeof *p->more_versions);
		for (i = 1; i < ai.nversions; i++)
			p->more_versions[p->nmore_versions++] = ai.versions[i];
		ai.nversions = 0;
		p->dialect = ai.dialect;
		ai.dialect = NULL;
	}
	alembicini_free(&ai);
	return rc >= 0;
}

int
project_load(struct project *p, const char *dir, struct diags *d)
{
	struct ctx c = { d, NULL, 0, NULL, NULL };
	struct node *root, *v;
	char *path;
	size_t len, i;
	char *buf;
	int ok, map_ok;

	memset(p, 0, sizeof *p);
	p->file = xstrdup("migsql.yaml");
	p->dir = xstrdup(dir);
	p->versions = xstrdup("versions");
	p->version_table = xstrdup("alembic_version");
	p->postgresql_version = PG_VERSION_DEFAULT;
	path = load_join_path(dir, "migsql.yaml");
	buf = read_file(path, &len);
	free(path);
	if (buf == NULL) {
		struct loc l = { p->file, 0, 0 };

		if (errno == ENOENT)
			return project_from_ini(p, d);
		diag_error(d, EXIT_INPUT, &l, "cannot read: %s",
		    strerror(errno));
		return 0;
	}
	root = node_parse(p->file, buf, len, d, &ok);
	free(buf);
	if (!ok)
		return 0;
	p->root = root;
	if (root == NULL)
		return 1;
	if (root->kind != NODE_MAP) {
		err(&c, &root->loc, "migsql.yaml must be a mapping, not %s",
		    node_describe(root));
		return 0;
	}
	/* Check the variables too when another key is wrong: all at once. */
	map_ok = check_map(&c, root, project_fields, "migsql.yaml");
	if ((v = node_get(root, "variables")) != NULL) {
		if (v->kind != NODE_MAP)
			err(&c, &v->loc, "'variables' must be a mapping of names "
			    "to values, not %s", node_describe(v));
		for (i = 0; v->kind == NODE_MAP && i < v->n; i++) {
			const struct node *k = v->items[2 * i];
			const struct node *x = v->items[2 * i + 1];

			if (!vars_name_valid(k->text))
				err(&c, &k->loc, "'%s' is not a variable name "
				    "(letters, digits and _, not starting with "
				    "a digit)", k->text);
			else if (x->kind != NODE_SCALAR ||
			    x->type == SCALAR_NULL)
				err(&c, &x->loc, "variable '%s' must have a "
				    "value (text or a number), not %s", k->text,
				    node_describe(x));
			else if (utf8_valid(x->text, x->len) != (size_t)-1)
				/* libyaml refuses such a file first; checked
				   again, as the value goes into scripts. */
				err(&c, &x->loc, "variable '%s' must be UTF-8 "
				    "text", k->text);
			else
				vars_set(&p->vars, k->text, x->text,
				    "migsql.yaml");
		}
	}
	if (!map_ok || c.errors > 0)
		return 0;
	if ((v = node_get(root, "versions")) != NULL) {
		if (v->len == 0) {
			err(&c, &v->loc, "'versions' must not be empty");
			return 0;
		}
		free(p->versions);
		p->versions = xstrdup(v->text);
	}
	if ((v = node_get(root, "dialect")) != NULL)
		p->dialect = xstrdup(v->text);
	if ((v = node_get(root, "version_table")) != NULL) {
		free(p->version_table);
		p->version_table = xstrdup(v->text);
	}
	if ((v = node_get(root, "version_table_schema")) != NULL &&
	    node_is_str(v))
		p->version_table_schema = xstrdup(v->text);
	if ((v = node_get(root, "lock_timeout")) != NULL)
		duration_ms(v, &p->lock_timeout_ms);
	if ((v = node_get(root, "statement_timeout")) != NULL)
		duration_ms(v, &p->statement_timeout_ms);
	if ((v = node_get(root, "transaction_per_revision")) != NULL)
		p->transaction_per_revision = v->boolean;
	if ((v = node_get(root, "postgresql_version")) != NULL)
		check_pg_version(&c, v, "postgresql_version",
		    &p->postgresql_version);
	return 1;
}

char *
project_path(const struct project *p, const char *name)
{
	return load_join_path(p->dir, name);
}

void
project_free(struct project *p)
{
	free(p->file);
	free(p->dir);
	free(p->versions);
	while (p->nmore_versions > 0)
		free(p->more_versions[--p->nmore_versions]);
	free(p->more_versions);
	free(p->dialect);
	free(p->version_table);
	free(p->version_table_schema);
	vars_free(&p->vars);
	node_free(p->root);
	memset(p, 0, sizeof *p);
}
