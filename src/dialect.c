/* dialect.c -- load, validate and apply dialect files. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#include "migsql/dialect.h"
#include "migsql/util.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/migsql"
#endif

#define V(...) (const char *const[]){ __VA_ARGS__, NULL }

/*
 * Each template's name, the placeholders it may use, and what it is:
 * optional, a statement (its renders start with a statement mark: the
 * client must be between statements there), or part of the frame (it may
 * hold the frame's client commands).
 */
#define OPT	1
#define STMT	2
#define FRAME	4
static const struct {
	const char		*name;
	const char *const	*vars;
	int			 flags;
} tpl_defs[DT_COUNT] = {
	[DT_CREATE_TABLE] = { "create_table",
	    V("table", "elements", "if_not_exists", "unlogged", "strict",
	    "without_rowid", "comment"), STMT },
	[DT_COLUMN] = { "column",
	    V("name", "type", "not_null", "default", "primary_key",
	    "autoincrement", "unique", "references", "ref_table", "ref_column",
	    "ondelete", "onupdate", "check_name", "check", "deferrable",
	    "not_deferrable", "initially", "identity", "identity_options",
	    "computed", "stored", "virtual", "comment") },
	[DT_PRIMARY_KEY] = { "primary_key", V("name", "columns") },
	[DT_UNIQUE] = { "unique",
	    V("name", "columns", "include", "nulls_not_distinct", "deferrable",
	    "not_deferrable", "initially") },
	[DT_FOREIGN_KEY] = { "foreign_key",
	    V("name", "columns", "ref_table", "ref_columns", "ondelete",
	    "onupdate", "deferrable", "not_deferrable", "initially",
	    "match") },
	[DT_CHECK] = { "check", V("name", "condition") },
	[DT_DROP_TABLE] = { "drop_table", V("table", "if_exists"), STMT },
	[DT_RENAME_TABLE] = { "rename_table", V("table", "new_name"), STMT },
	[DT_ADD_COLUMN] = { "add_column", V("table", "column", "if_not_exists"),
	    STMT },
	[DT_DROP_COLUMN] = { "drop_column", V("table", "column", "if_exists"),
	    STMT },
	[DT_CREATE_INDEX] = { "create_index",
	    V("name", "table", "columns", "unique", "where", "if_not_exists",
	    "concurrently", "using", "include", "nulls_not_distinct", "with",
	    "tablespace"), STMT },
	[DT_DROP_INDEX] = { "drop_index",
	    V("name", "table", "if_exists", "concurrently", "fk_index",
	    "fk_columns"), STMT },
	[DT_EXECUTE] = { "execute", V("sql"), STMT },
	[DT_COMMENT] = { "comment", V("text"), STMT },
	[DT_SCRIPT] = { "script",
	    V("header", "guard", "body", "final_check", "from_base",
	    "version_table", "version_table_text", "version_table_pkc",
	    "rebuilds", "lock_timeout", "lock_timeout_ms",
	    "statement_timeout", "state", "version_table_name",
	    "version_table_schema", "statement_timeout_ms"), STMT | FRAME },
	[DT_GUARD] = { "guard",
	    V("version_table", "version_table_text", "expected",
	    "expected_display", "expected_in", "expected_count", "state",
	    "version_table_name", "version_table_schema"), STMT },
	[DT_FINAL_CHECK] = { "final_check",
	    V("version_table", "version_table_text", "expected",
	    "expected_display", "expected_in", "expected_count", "state",
	    "version_table_name", "version_table_schema"), STMT },
	[DT_VERSION_INSERT] = { "version_insert", V("version_table", "to"), STMT },
	[DT_VERSION_UPDATE] = { "version_update",
	    V("version_table", "from", "to"), STMT },
	[DT_VERSION_DELETE] = { "version_delete", V("version_table", "from"), STMT },
	[DT_ALTER_COLUMN_TYPE] = { "alter_column_type",
	    V("table", "column", "type", "using"), OPT | STMT },
	[DT_ALTER_COLUMN_NULLABLE] = { "alter_column_nullable",
	    V("table", "column", "not_null"), OPT | STMT },
	[DT_ALTER_COLUMN_DEFAULT] = { "alter_column_default",
	    V("table", "column", "default"), OPT | STMT },
	[DT_ALTER_COLUMN_IDENTITY] = { "alter_column_identity",
	    V("table", "column", "identity", "identity_options", "drop"),
	    OPT | STMT },
	[DT_ADD_CONSTRAINT] = { "add_constraint",
	    V("table", "constraint", "not_valid"), OPT | STMT },
	[DT_VALIDATE_CONSTRAINT] = { "validate_constraint",
	    V("table", "name"), OPT | STMT },
	[DT_DROP_CONSTRAINT] = { "drop_constraint",
	    V("table", "name", "if_exists", "primary_key", "foreign_key",
	    "unique", "check", "fk_own_index", "fk_index", "fk_columns"),
	    OPT | STMT },
	[DT_CREATE_ENUM] = { "create_enum", V("name", "values"), OPT | STMT },
	[DT_DROP_ENUM] = { "drop_enum", V("name"), OPT | STMT },
	[DT_REBUILD_COPY] = { "rebuild_copy",
	    V("table", "new_table", "columns", "values", "table_text",
	    "new_table_text", "autoincrement"), OPT | STMT },
	[DT_REBUILD_CHECK] = { "rebuild_check", V("table", "table_text"), OPT | STMT },
	[DT_SCRIPT_PER_REVISION] = { "script_per_revision",
	    V("header", "guard", "body", "final_check", "from_base",
	    "version_table", "version_table_text", "version_table_pkc",
	    "rebuilds", "lock_timeout", "lock_timeout_ms",
	    "statement_timeout", "state", "version_table_name",
	    "version_table_schema", "statement_timeout_ms"),
	    OPT | STMT | FRAME },
	[DT_STEP] = { "step",
	    V("body", "expected", "expected_display", "expected_in",
	    "expected_count", "later", "from_base", "version_table",
	    "version_table_text", "version_table_pkc", "lock_timeout",
	    "lock_timeout_ms", "statement_timeout", "rest_tail",
	    "revision_text", "verb", "done", "end", "state", "split",
	    "part_text", "progress", "last_part", "version_table_name",
	    "version_table_schema", "statement_timeout_ms", "position"),
	    OPT | STMT | FRAME },
	[DT_RESUME_GUARD] = { "resume_guard",
	    V("version_table", "version_table_text", "accepted",
	    "expected_display", "state", "version_table_name",
	    "version_table_schema", "state_rows"), OPT | STMT },
	[DT_VERSION_STATE] = { "version_state",
	    V("version_table", "version_table_text", "version_table_name",
	    "version_table_schema"), OPT },
	[DT_OUTSIDE_TRANSACTION] = { "outside_transaction",
	    V("statement", "expected", "state", "part_text",
	    "create_index", "drop_index", "execute", "index_text",
	    "drop_invalid", "version_table", "version_table_text"), OPT | STMT | FRAME },
	[DT_RENAME_COLUMN] = { "rename_column",
	    V("table", "column", "new_name"), STMT },
	[DT_TABLE_COMMENT] = { "table_comment", V("table", "comment"), STMT },
	[DT_COLUMN_COMMENT] = { "column_comment",
	    V("table", "column", "comment", "definition"), STMT },
	[DT_INSERT] = { "insert", V("table", "columns", "values"), STMT },
	[DT_CAST] = { "cast", V("expr", "type") },
	[DT_ENCODING] = { "encoding", (const char *const[]){ NULL }, OPT | FRAME },
	[DT_INDEX_COLUMN] = { "index_column",
	    V("column", "collation", "opclass", "asc", "desc", "nulls_first",
	    "nulls_last"), OPT },
	[DT_STAMP_CHECK] = { "stamp_check", V("condition", "missing"),
	    OPT | STMT },
	[DT_STAMP_TABLE] = { "stamp_table",
	    V("table", "table_text", "table_name", "unlogged", "strict",
	    "without_rowid"), OPT },
	[DT_STAMP_COLUMN] = { "stamp_column",
	    V("table", "table_text", "table_name", "column_name",
	    "type_text"), OPT },
	[DT_STAMP_INDEX] = { "stamp_index",
	    V("table_text", "table_name", "index_text", "index_name"), OPT },
	[DT_STAMP_CONSTRAINT] = { "stamp_constraint",
	    V("table_text", "table_name", "constraint_name", "primary_key"),
	    OPT },
	[DT_ADD_ENUM_VALUE] = { "add_enum_value",
	    V("name", "value", "if_not_exists", "before", "after"),
	    OPT | STMT },
	[DT_RENAME_ENUM_VALUE] = { "rename_enum_value",
	    V("name", "value", "new_value"), OPT | STMT },
	[DT_REBUILD_RENAME_VALUE] = { "rebuild_rename_value",
	    V("expr", "value", "new_value"), OPT },
	[DT_EXCLUDE] = { "exclude",
	    V("name", "using", "elements", "where", "deferrable",
	    "not_deferrable", "initially"), OPT },
	[DT_EXCLUDE_ELEMENT] = { "exclude_element",
	    V("element", "operator"), OPT },
	[DT_ALTER_COLUMN] = { "alter_column",
	    V("table", "column", "definition"), OPT | STMT },
	[DT_UPDATE_VALUE] = { "update_value",
	    V("table", "column", "value", "new_value"), OPT | STMT },
	[DT_STATE_ROW] = { "state_row", V("state", "position"), OPT },
};

const char *
dialect_tpl_name(enum dialect_tpl which)
{
	return tpl_defs[which].name;
}

static const char *const type_vars[] = {
	"length", "precision", "scale", "name", "element", "values", NULL
};

static const char *const top_keys[] = {
	"name", "client", "identifiers", "literals", "types",
	"autoincrement_types", "serial_types", "strict_types", "features",
	"templates", "lint", NULL
};
static const char *const ident_keys[] = {
	"plain", "quote", "max_length", "reserved", NULL
};
static const char *const literal_keys[] = {
	"quote", "true", "false", "null", "carriage_return", "escape_quote",
	"backslash", "concat", NULL
};
static const char *const feature_keys[] = {
	"add_column_unique", "add_column_primary_key",
	"add_column_not_null_needs_default", "add_column_stored_generated",
	"transactional_ddl", "inline_constraints", "expression_indexes",
	"drop_column_drops_constraints",
	/* Gone: refused with a reason (load_features). */
	"client_backslash_commands", "client_dot_commands", NULL
};

static const char *
search_path_env(void)
{
	const char *env = getenv("MIGSQL_DIALECT_PATH");

	return env != NULL && *env != '\0' ? env : NULL;
}

/*
 * The dialects beside the running executable, malloc'd, or NULL: the
 * source tree's dialects/ for a binary in its own build tree (compiled
 * in as MIGSQL_BUILDDIR and MIGSQL_SRCDIR), else ../share/migsql/dialects
 * relative to its directory, so that an install moved elsewhere (make
 * install DESTDIR=... prefix=...) still finds its own.  Linux's
 * /proc/self/exe names the executable.
 */
static char *
beside_executable(void)
{
	char exe[4096], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0 || (size_t)n >= sizeof exe - 1)
		return NULL;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	*slash = '\0';
#if defined(MIGSQL_BUILDDIR) && defined(MIGSQL_SRCDIR)
	if (strcmp(exe, MIGSQL_BUILDDIR) == 0)
		return xstrdup(MIGSQL_SRCDIR "/dialects");
#endif
	return xasprintf("%s/../share/migsql/dialects", exe);
}

/*
 * Calls fn(dir, arg) for each directory of the search path, in order:
 * MIGSQL_DIALECT_PATH's, then beside the executable, then the compiled
 * PKGDATADIR (a directory already named is not named again).
 */
static void
each_dir(void (*fn)(const char *, void *), void *arg)
{
	const char *env = search_path_env(), *p, *colon;
	char *beside = beside_executable();

	if (env != NULL) {
		for (p = env;; p = colon + 1) {
			char *dir;

			colon = strchr(p, ':');
			dir = colon ? xstrndup(p, (size_t)(colon - p)) :
			    xstrdup(p);
			if (*dir != '\0')
				fn(dir, arg);
			free(dir);
			if (colon == NULL)
				break;
		}
	}
	if (beside != NULL && strcmp(beside, PKGDATADIR "/dialects") != 0)
		fn(beside, arg);
	free(beside);
	fn(PKGDATADIR "/dialects", arg);
}

struct find {
	const char	*name;
	char		*found;
	struct strbuf	 looked;
};

static void
find_in(const char *dir, void *arg)
{
	struct find *f = arg;
	struct stat st;
	char *path;

	if (f->found != NULL)
		return;
	path = xasprintf("%s/%s.yaml", dir, f->name);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		f->found = path;
		return;
	}
	strbuf_addf(&f->looked, "%s%s", f->looked.len ? ", " : "", dir);
	free(path);
}

int
dialect_is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL ||
	    (n > 5 && strcmp(arg + n - 5, ".yaml") == 0);
}

char *
dialect_find(const char *arg, struct diags *d)
{
	struct find f = { arg, NULL, STRBUF_INIT };
	const char *p;

	if (dialect_is_path(arg))
		return xstrdup(arg);
	for (p = arg; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-') {
			diag_error(d, EXIT_USAGE, NULL, "'%s' is not a dialect "
			    "name (a path needs a '/' or a .yaml ending)", arg);
			return NULL;
		}
	each_dir(find_in, &f);
	if (f.found == NULL) {
		char **names = dialect_names(NULL);
		const char *s = suggest(arg, (const char *const *)names);

		diag_error(d, EXIT_USAGE, NULL, "unknown dialect '%s'%s%s%s "
		    "(looked in %s)", arg, s ? " (did you mean " : "",
		    s ? s : "", s ? "?)" : "", strbuf_str(&f.looked));
		dialect_names_free(names);
	}
	strbuf_free(&f.looked);
	return f.found;
}

static void
names_in(const char *dir, void *arg)
{
	struct ptrvec *v = arg;
	struct dirent *de;
	DIR *dp = opendir(dir);

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 5 && de->d_name[0] != '.' &&
		    strcmp(de->d_name + n - 5, ".yaml") == 0)
			ptrvec_push(v, xstrndup(de->d_name, n - 5));
	}
	closedir(dp);
}

char **
dialect_names(const char *extra)
{
	struct ptrvec v = PTRVEC_INIT;
	size_t i, m = 0;

	each_dir(names_in, &v);
	if (extra != NULL)
		ptrvec_push(&v, xstrdup(extra));
	if (v.len > 1)
		qsort(v.items, v.len, sizeof *v.items, cmp_strptr);
	for (i = 0; i < v.len; i++) {
		if (m > 0 && strcmp(v.items[m - 1], v.items[i]) == 0) {
			free(v.items[i]);
			continue;
		}
		v.items[m++] = v.items[i];
	}
	v.len = m;
	ptrvec_push(&v, NULL);
	return (char **)v.items;
}

void
dialect_names_free(char **names)
{
	size_t i;

	if (names == NULL)
		return;
	for (i = 0; names[i] != NULL; i++)
		free(names[i]);
	free(names);
}

/* Loading ---------------------------------------------------------------- */

struct dl_ctx {
	struct dialect	*dl;
	struct diags	*d;
	int		 ok;
	int		 client_known;	/* dl->client was read */
};

static void
dl_err(struct dl_ctx *c, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
dl_err(struct dl_ctx *c, const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(c->d, EXIT_INPUT, l, fmt, ap);
	va_end(ap);
	c->ok = 0;
}

/* Reports keys of map not in known; returns 1 when map is a mapping. */
static int
known_keys(struct dl_ctx *c, const struct node *map, const char *const *known,
    const char *what)
{
	size_t i;

	if (map->kind != NODE_MAP) {
		dl_err(c, &map->loc, "'%s' must be a mapping, not %s", what,
		    node_describe(map));
		return 0;
	}
	for (i = 0; i < map->n; i++) {
		const struct node *k = map->items[2 * i];
		const char *const *p;
		const char *s;

		for (p = known; *p != NULL; p++)
			if (strcmp(*p, k->text) == 0)
				break;
		if (*p != NULL)
			continue;
		if ((s = suggest(k->text, known)) != NULL)
			dl_err(c, &k->loc, "unknown key '%s' in %s (did you mean "
			    "%s?)", k->text, what, s);
		else
			dl_err(c, &k->loc, "unknown key '%s' in %s", k->text,
			    what);
	}
	return 1;
}

static const struct node *
need(struct dl_ctx *c, const struct node *map, const char *key,
    const char *what)
{
	const struct node *v = node_get(map, key);

	if (v == NULL)
		dl_err(c, &map->loc, "%s needs '%s'", what, key);
	return v;
}

static const char *
need_str(struct dl_ctx *c, const struct node *map, const char *key,
    const char *what)
{
	const struct node *v = need(c, map, key, what);

	if (v == NULL)
		return NULL;
	if (!node_is_str(v)) {
		dl_err(c, &v->loc, "'%s' must be text, not %s", key,
		    node_describe(v));
		return NULL;
	}
	return v->text;
}

static char
need_char(struct dl_ctx *c, const struct node *map, const char *key,
    const char *what)
{
	const char *s = need_str(c, map, key, what);

	if (s == NULL)
		return '"';
	if (strlen(s) != 1 || isalnum((unsigned char)s[0]) || s[0] == ' ') {
		dl_err(c, &node_get(map, key)->loc, "'%s' must be one "
		    "punctuation character", key);
		return '"';
	}
	return s[0];
}

static int
need_bool(struct dl_ctx *c, const struct node *map, const char *key,
    const char *what)
{
	const struct node *v = need(c, map, key, what);

	if (v == NULL)
		return 0;
	if (v->kind != NODE_SCALAR || v->type != SCALAR_BOOL) {
		dl_err(c, &v->loc, "'%s' must be true or false", key);
		return 0;
	}
	return v->boolean;
}

/* An optional switch of features: true when it is not there. */
static int
opt_bool(struct dl_ctx *c, const struct node *map, const char *key)
{
	return node_key(map, key) == NULL || need_bool(c, map, key,
	    "features");
}

static struct tpl *
compile_at(struct dl_ctx *c, const struct node *v, const char *const *vars,
    const char *what)
{
	struct tpl *t;

	if (!node_is_str(v)) {
		dl_err(c, &v->loc, "template '%s' must be text, not %s", what,
		    node_describe(v));
		return NULL;
	}
	t = tpl_compile(v, c->dl->source, vars, what, c->d);
	if (t == NULL)
		c->ok = 0;
	return t;
}

static void
load_identifiers(struct dl_ctx *c, const struct node *m)
{
	const struct node *v;
	const char *pat;
	size_t i;
	int errcode;
	PCRE2_SIZE erroff;

	if (!known_keys(c, m, ident_keys, "identifiers"))
		return;
	if ((pat = need_str(c, m, "plain", "identifiers")) != NULL) {
		c->dl->plain = pcre2_compile((PCRE2_SPTR)pat,
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode, &erroff, NULL);
		if (c->dl->plain == NULL) {
			PCRE2_UCHAR msg[256];
			struct loc l = node_get(m, "plain")->loc;

			pcre2_get_error_message(errcode, msg, sizeof msg);
			dl_err(c, &l, "bad pattern: %s (at offset %zu)",
			    (const char *)msg, (size_t)erroff);
		} else
			c->dl->match = pcre2_match_data_create_from_pattern(
			    c->dl->plain, NULL);
	}
	c->dl->ident_quote = need_char(c, m, "quote", "identifiers");
	if ((v = need(c, m, "max_length", "identifiers")) != NULL) {
		if (v->kind != NODE_SCALAR || v->type != SCALAR_INT ||
		    v->text[0] == '-')
			dl_err(c, &v->loc, "'max_length' must be a whole number "
			    "(0 for no limit)");
		else
			c->dl->max_ident = strtoul(v->text, NULL, 10);
	}
	if ((v = need(c, m, "reserved", "identifiers")) != NULL) {
		if (v->kind != NODE_SEQ) {
			dl_err(c, &v->loc, "'reserved' must be a list of words");
			return;
		}
		c->dl->reserved = xcalloc(v->n + 1, sizeof(char *));
		for (i = 0; i < v->n; i++) {
			char *w, *p;

			/* true, false, null are words here, not values. */
			if (v->items[i]->kind != NODE_SCALAR ||
			    v->items[i]->len == 0) {
				dl_err(c, &v->items[i]->loc, "a reserved word "
				    "must be a word, not %s",
				    node_describe(v->items[i]));
				continue;
			}
			w = xstrdup(v->items[i]->text);
			for (p = w; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			c->dl->reserved[c->dl->nreserved++] = w;
		}
		qsort(c->dl->reserved, c->dl->nreserved, sizeof(char *),
		    cmp_strptr);
	}
}

static void
load_types(struct dl_ctx *c, const struct node *m)
{
	const char *const *keys = type_map_keys();
	size_t i;

	if (!known_keys(c, m, keys, "types"))
		return;
	for (i = 0; keys[i] != NULL; i++) {
		const struct node *v = type_map_optional(i) ?
		    node_get(m, keys[i]) : need(c, m, keys[i], "types");

		/* null: the engine has no such type (MariaDB's VARCHAR
		   needs a length): a column of it is refused at its op. */
		if (v != NULL && !(v->kind == NODE_SCALAR &&
		    v->type == SCALAR_NULL))
			c->dl->types[i] = compile_at(c, v, type_vars, keys[i]);
	}
}

/*
 * strict_types: the type map of a STRICT table's columns, key by key in
 * place of types' (all optional; a key not here is written as types
 * says).  SQLite docs, "STRICT Tables": every column of one is INT,
 * INTEGER, REAL, TEXT, BLOB or ANY.
 */
static void
load_strict_types(struct dl_ctx *c, const struct node *m)
{
	const char *const *keys = type_map_keys();
	size_t i;

	if (!known_keys(c, m, keys, "strict_types"))
		return;
	for (i = 0; keys[i] != NULL; i++) {
		const struct node *v = node_get(m, keys[i]);

		if (v != NULL)
			c->dl->strict_types[i] = compile_at(c, v, type_vars,
			    keys[i]);
	}
}

/* autoincrement_types or serial_types (what: the key) into into[]: the
   type of an auto-numbered integer, bigint or smallint column. */
static void
load_autoinc(struct dl_ctx *c, const struct node *m, const char *what,
    struct tpl **into)
{
	static const char *const keys[] = {
		"integer", "bigint", "smallint", NULL
	};
	static const enum generic_type gts[] = {
		GT_INTEGER, GT_BIGINT, GT_SMALLINT
	};
	size_t i;

	if (!known_keys(c, m, keys, what))
		return;
	for (i = 0; keys[i] != NULL; i++) {
		const struct node *v = node_get(m, keys[i]);

		if (v != NULL)
			into[gts[i]] = compile_at(c, v, type_vars, keys[i]);
	}
}

static void
load_templates(struct dl_ctx *c, const struct node *m)
{
	const char *names[DT_COUNT + 1];
	size_t i;

	for (i = 0; i < DT_COUNT; i++)
		names[i] = tpl_defs[i].name;
	names[DT_COUNT] = NULL;
	if (!known_keys(c, m, names, "templates"))
		return;
	for (i = 0; i < DT_COUNT; i++) {
		const struct node *v = tpl_defs[i].flags & OPT ?
		    node_get(m, tpl_defs[i].name) : need(c, m,
		    tpl_defs[i].name, "templates");

		if (v != NULL)
			c->dl->tpl[i] = compile_at(c, v, tpl_defs[i].vars,
			    tpl_defs[i].name);
	}
}

/*
 * The lint: section: for each rule the dialect applies, its code mapped
 * to {severity: error|warning, text: EXPLANATION} (lint.h).  A rule left
 * out does not apply to the dialect.
 */
static void
load_lint(struct dl_ctx *c, const struct node *m)
{
	static const char *const keys[] = { "severity", "text", NULL };
	size_t i;

	if (m->kind != NODE_MAP) {
		dl_err(c, &m->loc, "'lint' must be a mapping of rule codes, not "
		    "%s", node_describe(m));
		return;
	}
	for (i = 0; i < m->n; i++) {
		const struct node *k = m->items[2 * i], *v = m->items[2 * i + 1];
		const struct node *sev;
		const char *t;
		int rule = lint_rule_find(k->text);

		if (rule < 0) {
			const char *s = suggest(k->text, lint_codes);

			dl_err(c, &k->loc, "unknown lint rule '%s'%s%s%s",
			    k->text, s ? " (did you mean " : "", s ? s : "",
			    s ? "?)" : "");
			continue;
		}
		if (v->kind != NODE_MAP) {
			dl_err(c, &v->loc, "lint rule '%s' must be a mapping "
			    "{severity, text}, not %s", k->text,
			    node_describe(v));
			continue;
		}
		if (!known_keys(c, v, keys, k->text))
			continue;
		sev = node_get(v, "severity");
		if (!node_is_str(sev) || (strcmp(sev->text, "error") != 0 &&
		    strcmp(sev->text, "warning") != 0)) {
			dl_err(c, sev ? &sev->loc : &v->loc, "lint rule '%s' "
			    "needs 'severity': error or warning", k->text);
			continue;
		}
		if ((t = need_str(c, v, "text", k->text)) == NULL)
			continue;
		c->dl->lint[rule].on = 1;
		c->dl->lint[rule].error = strcmp(sev->text, "error") == 0;
		c->dl->lint[rule].text = xstrdup(t);
	}
}

/*
 * features: what the dialect's engine can do in place.  The switches that
 * once turned the refusal of client commands on and off are gone: the
 * client key decides, and a dialect file cannot turn it off.
 */
static void
load_features(struct dl_ctx *c, const struct node *v)
{
	static const char *const gone[] = {
		"client_backslash_commands", "client_dot_commands", NULL
	};
	size_t i;

	if (!known_keys(c, v, feature_keys, "features"))
		return;
	c->dl->add_column_unique = need_bool(c, v, "add_column_unique",
	    "features");
	c->dl->add_column_primary_key = need_bool(c, v,
	    "add_column_primary_key", "features");
	c->dl->add_column_not_null_needs_default = need_bool(c, v,
	    "add_column_not_null_needs_default", "features");
	c->dl->add_column_stored_generated = opt_bool(c, v,
	    "add_column_stored_generated");
	c->dl->transactional_ddl = opt_bool(c, v, "transactional_ddl");
	c->dl->inline_constraints = opt_bool(c, v, "inline_constraints");
	c->dl->expression_indexes = opt_bool(c, v, "expression_indexes");
	c->dl->drop_column_drops_constraints = opt_bool(c, v,
	    "drop_column_drops_constraints");
	for (i = 0; gone[i] != NULL; i++)
		if (node_key(v, gone[i]) != NULL)
			dl_err(c, &node_key(v, gone[i])->loc, "features.%s is "
			    "gone: the client key decides which client commands "
			    "migsql refuses (all of them, in every dialect), and "
			    "a dialect file cannot turn that off", gone[i]);
}

/* client: the program that runs the dialect's scripts (client.h). */
static void
load_client(struct dl_ctx *c, const struct node *v)
{
	if (!node_is_str(v) || !client_from_name(v->text, &c->dl->client)) {
		dl_err(c, &v->loc, "'client' must be psql, sqlite3 or mariadb, the "
		    "program that runs the dialect's scripts");
		return;
	}
	c->client_known = 1;
}

/* A data string of the dialect, read as SQL of its client. */
static void
check_data(struct dl_ctx *c, const struct node *at, const char *what,
    const char *text)
{
	struct client_problem p = { 0, 0, 0, NULL, 0 };

	if (text != NULL && at != NULL && !client_check_sql(c->dl->client, text,
	    CLIENT_EXPRESSION, NULL, &p))
		dl_err(c, &at->loc, "%s: %s", what, p.message);
	client_problem_free(&p);
}

/*
 * The client commands found in template t (flattened as flat, with at):
 * only in the frame, only the allowed ones, with arguments the template
 * writes itself or that migsql makes of digits; each gets its mark.
 */
static void
check_commands(struct dl_ctx *c, const struct node *src, struct tpl *t,
    const char *what, int flags, const char *flat, const size_t *at,
    const struct client_command *cmds, size_t n)
{
	static const char *const digits_only[] = { "lock_timeout_ms",
	    "statement_timeout_ms", NULL };
	enum client_kind k = c->dl->client;
	size_t *at0, i;
	/* Placeholders as digits: arguments across sections are checked
	   whole (.timeout {?ms}{ms}{/ms}{!ms}10000{/ms}: 010000). */
	char *flat0 = tpl_flatten(t, '0', &at0);

	for (i = 0; i < n; i++) {
		const char *cmd = flat + cmds[i].off;
		int len = (int)strcspn(cmd, "\n");
		const char *why = client_directive_refused(k,
		    flat0 + cmds[i].off, 1);
		const char *var = tpl_var_in(t, at, cmds[i].off, cmds[i].off +
		    len, digits_only);

		if (!(flags & FRAME) || cmds[i].by != k)
			dl_err(c, &src->loc, "template '%s' holds '%.*s', which %s "
			    "would run as its own command: only the frame "
			    "(script, script_per_revision, step, "
			    "outside_transaction) may hold client commands, and "
			    "only %s's", what, len > 40 ? 40 : len, cmd,
			    client_name(cmds[i].by), client_name(k));
		else if (var != NULL)
			dl_err(c, &src->loc, "template '%s': '%.*s' is refused: "
			    "{%s} in a client command's arguments would be read "
			    "by %s (only {lock_timeout_ms} may stand there)", what,
			    len > 40 ? 40 : len, cmd, var, client_name(k));
		else if (why != NULL)
			dl_err(c, &src->loc, "template '%s': '%.*s'%s is "
			    "refused: %s", what, len > 40 ? 40 : len,
			    flat0 + cmds[i].off, memcmp(cmd, flat0 +
			    cmds[i].off, (size_t)len) != 0 ? " (each "
			    "placeholder read as 0, every section written)" :
			    "", why);
		else if (!tpl_mark_directive(t, at, cmds[i].off))
			dl_err(c, &src->loc, "template '%s': a client command "
			    "must be written in the template, not come from a "
			    "placeholder", what);
	}
	free(at0);
	free(flat0);
}

/*
 * The placeholders that hold statements (the frame's header, guard, body
 * and final check; a part's statement) must stand where the client is
 * between statements, at the start of a line: text before one that left
 * a statement open would join it.
 */
static void
check_statement_places(struct dl_ctx *c, const struct node *src,
    const struct tpl *t, const char *what, const char *flat,
    const size_t *at)
{
	static const char *const holders[] = { "header", "guard", "body",
	    "final_check", "statement", "drop_invalid", NULL };
	const char *name;
	size_t i, k, off;

	for (i = 0; tpl_var_nth(t, at, i, &name, &off); i++) {
		for (k = 0; holders[k] != NULL; k++)
			if (strcmp(holders[k], name) == 0)
				break;
		if (holders[k] != NULL && !client_at_boundary(c->dl->client,
		    flat, off)) {
			dl_err(c, &src->loc, "template '%s' writes {%s} where %s "
			    "is not between statements at the start of a line: "
			    "what comes before it would join its first "
			    "statement", what, name, client_name(c->dl->client));
			return;
		}
	}
}

/* Reads template t (named what, at node src) as the dialect's client. */
static void
check_template(struct dl_ctx *c, const struct node *src, struct tpl *t,
    const char *what, int flags, int comment)
{
	struct client_command *cmds = NULL;
	struct client_problem p = { 0, 0, 0, NULL, 0 };
	enum client_kind k = c->dl->client;
	size_t *at, n = 0, off;
	char *flat = tpl_flatten(t, ' ', &at);
	const char *glued;

	/* A statement may end in a -- comment: a line break follows it;
	   it must end, which the frame's own templates (the script's body
	   and a step's parts) need not: they hold statements that end. */
	if (!client_scan_template(k, flat, (comment || (flags & STMT) ?
	    CLIENT_TPL_COMMENT : 0) | ((flags & STMT) ? CLIENT_TPL_STATEMENT :
	    0), &cmds, &n, &p))
		dl_err(c, &src->loc, "template '%s': %s (as %s reads it)", what,
		    p.message, client_name(k));
	if ((glued = tpl_glued(t)) != NULL)
		dl_err(c, &src->loc, "template '%s' writes {%s} glued to a "
		    "token of its own text, which its value would join; put a "
		    "space or a parenthesis between them", what, glued);
	/* A fragment goes inside a statement: read it as an expression too
	   (no ';', no line that starts with '.', ...), as revision SQL is. */
	if (!(flags & (STMT | FRAME)) && !client_check_sql(k, flat,
	    CLIENT_EXPRESSION, NULL, &p))
		dl_err(c, &src->loc, "template '%s': %s", what, p.message);
	check_commands(c, src, t, what, flags, flat, at, cmds, n);
	if (flags & FRAME)
		check_statement_places(c, src, t, what, flat, at);
	if (comment && ((off = tpl_var_offset(t, at, "text")) == (size_t)-1 ||
	    !client_in_line_comment(k, flat, off)))
		dl_err(c, &src->loc, "template '%s' must put {text} inside a -- "
		    "comment, to the end of its line", what);
	if (flags & STMT)
		tpl_mark_statement(t);
	if (k == CLIENT_PSQL && (flags & (STMT | FRAME)))
		client_dollar_tags(flat, &c->dl->dollar_tags);
	client_problem_free(&p);
	free(cmds);
	free(at);
	free(flat);
}

/*
 * Probes for identifiers.plain: names that need quotes, one for each byte
 * that a client or the SQL grammar reads specially.  A pattern that lets
 * one through unquoted would put it into the script as is.
 */
static const char *const plain_probes[] = {
	"", "a b", "a;b", "a'b", "a\"b", "a\\b", "a\nb", "a\rb", "a-b", "a/b",
	"a*b", "a:b", "a$b", "a.b", "a(b", "a)b", "a,b", "a`b", "a[b", "a=b",
	"a\tb", "-- a", NULL
};

/*
 * The dialect as its client reads it (client.h): quotes the client knows,
 * a plain pattern that quotes what needs quoting, data strings that are
 * closed SQL, and templates with only the frame's allowed commands.
 */
static void
read_as_client(struct dl_ctx *c, const struct node *m)
{
	const struct node *root = c->dl->root, *lits = node_get(root,
	    "literals"), *ids = node_get(root, "identifiers");
	const char *const *keys = type_map_keys();
	struct dialect *dl = c->dl;
	size_t i;

	if (dl->string_quote != '\'' && lits != NULL)
		dl_err(c, &node_get(lits, "quote")->loc, "literals.quote must be "
		    "' (the quote %s reads strings in)", client_name(dl->client));
	/* mariadb: "..." is a string where the frame's sql_mode has no
	   ANSI_QUOTES; names go in backquotes. */
	if (ids != NULL && (dl->client == CLIENT_MARIADB ? dl->ident_quote !=
	    '`' : dl->ident_quote != '"' && !(dl->client == CLIENT_SQLITE3 &&
	    dl->ident_quote == '`')))
		dl_err(c, &node_get(ids, "quote")->loc, "identifiers.quote must "
		    "be %s (the quotes %s reads names in)", dl->client ==
		    CLIENT_MARIADB ? "`" : dl->client == CLIENT_SQLITE3 ?
		    "\" or `" : "\"", client_name(dl->client));
	for (i = 0; dl->plain != NULL && plain_probes[i] != NULL; i++)
		if (pcre2_match(dl->plain, (PCRE2_SPTR)plain_probes[i],
		    strlen(plain_probes[i]), 0, PCRE2_ANCHORED |
		    PCRE2_ENDANCHORED, dl->match, NULL) > 0) {
			dl_err(c, &node_get(ids, "plain")->loc, "identifiers.plain "
			    "matches %s%s%s, a name that needs quotes; it must "
			    "match only names the client reads as one word",
			    *plain_probes[i] ? "'" : "the empty name",
			    plain_probes[i], *plain_probes[i] ? "'" : "");
			break;
		}
	if (lits != NULL) {
		check_data(c, node_get(lits, "true"), "literals.true",
		    dl->lit_true);
		check_data(c, node_get(lits, "false"), "literals.false",
		    dl->lit_false);
		check_data(c, node_get(lits, "null"), "literals.null",
		    dl->lit_null);
		/* Each infix as it stands in a wrapped literal. */
		for (i = 0; i < 2; i++) {
			const char *key = i ? "backslash" : "carriage_return";
			const char *infix = i ? dl->lit_backslash : dl->lit_cr;
			char *x, *what;

			if (infix == NULL)
				continue;
			x = xasprintf("%s('a%sb')", dl->lit_concat ?
			    dl->lit_concat : "", infix);
			what = xasprintf("literals.%s", key);
			check_data(c, node_get(lits, key), what, x);
			free(what);
			free(x);
		}
		if (dl->lit_escape != NULL) {
			char *x = xasprintf("%sa\\\\''b'", dl->lit_escape);

			check_data(c, node_get(lits, "escape_quote"),
			    "literals.escape_quote", x);
			free(x);
		}
	}
	for (i = 0; keys[i] != NULL; i++)
		if (dl->types[i] != NULL)
			check_template(c, node_get(node_get(root, "types"),
			    keys[i]), dl->types[i], keys[i], 0, 0);
	for (i = 0; keys[i] != NULL; i++)
		if (dl->strict_types[i] != NULL)
			check_template(c, node_get(node_get(root,
			    "strict_types"), keys[i]), dl->strict_types[i],
			    keys[i], 0, 0);
	for (i = 0; i < GT_COUNT; i++) {
		if (dl->autoinc_types[i] != NULL)
			check_template(c, node_get(root, "autoincrement_types"),
			    dl->autoinc_types[i], "autoincrement_types", 0, 0);
		if (dl->serial_types[i] != NULL)
			check_template(c, node_get(root, "serial_types"),
			    dl->serial_types[i], "serial_types", 0, 0);
	}
	for (i = 0; i < DT_COUNT; i++)
		if (dl->tpl[i] != NULL)
			check_template(c, node_get(m, tpl_defs[i].name),
			    dl->tpl[i], tpl_defs[i].name, tpl_defs[i].flags,
			    i == DT_COMMENT);
}

/*
 * exclude and exclude_element come together, and each writes what an
 * exclusion constraint cannot do without: exclude its {name}, {using}
 * and {elements}, exclude_element its {element} and {operator}
 * (PostgreSQL 15 docs, CREATE TABLE, EXCLUDE); a template that left one
 * out would write another constraint than the revision's.
 */
static void
check_exclude(struct dl_ctx *c, const struct node *m)
{
	static const char *const need_x[] = { "name", "using", "elements",
		NULL };
	static const char *const need_e[] = { "element", "operator", NULL };
	struct tpl *const *t = c->dl->tpl;
	size_t i;

	if ((t[DT_EXCLUDE] == NULL) != (t[DT_EXCLUDE_ELEMENT] == NULL))
		dl_err(c, &m->loc, "give both exclude and exclude_element, or "
		    "neither (then the dialect has no exclusion constraints)");
	for (i = 0; t[DT_EXCLUDE] != NULL && need_x[i] != NULL; i++)
		if (!tpl_uses(t[DT_EXCLUDE], need_x[i]))
			dl_err(c, &node_get(m, "exclude")->loc, "template "
			    "'exclude' must write {%s}", need_x[i]);
	for (i = 0; t[DT_EXCLUDE_ELEMENT] != NULL && need_e[i] != NULL; i++)
		if (!tpl_uses(t[DT_EXCLUDE_ELEMENT], need_e[i]))
			dl_err(c, &node_get(m, "exclude_element")->loc,
			    "template 'exclude_element' must write {%s}",
			    need_e[i]);
}

/* Optional templates come in groups: all of a group, or a fallback. */
static void
check_optional(struct dl_ctx *c, const struct node *m)
{
	struct tpl *const *t = c->dl->tpl;
	int alter = (t[DT_ALTER_COLUMN] || (t[DT_ALTER_COLUMN_TYPE] &&
	    t[DT_ALTER_COLUMN_NULLABLE] && t[DT_ALTER_COLUMN_DEFAULT])) &&
	    t[DT_ADD_CONSTRAINT] && t[DT_DROP_CONSTRAINT];

	if (!alter && (t[DT_REBUILD_COPY] == NULL ||
	    t[DT_REBUILD_CHECK] == NULL))
		dl_err(c, &m->loc, "a dialect without all of alter_column_type, "
		    "alter_column_nullable, alter_column_default (or "
		    "alter_column), add_constraint and drop_constraint rebuilds "
		    "tables instead: it needs rebuild_copy and rebuild_check");
	if ((t[DT_REBUILD_COPY] == NULL) != (t[DT_REBUILD_CHECK] == NULL))
		dl_err(c, &m->loc, "give both rebuild_copy and rebuild_check, "
		    "or neither (then the dialect never rebuilds a table, and "
		    "refuses a change it cannot make in place)");
	if (t[DT_ALTER_COLUMN] != NULL &&
	    !tpl_uses(t[DT_ALTER_COLUMN], "definition"))
		dl_err(c, &node_get(m, "alter_column")->loc, "template "
		    "'alter_column' must write {definition}");
	if (!c->dl->transactional_ddl && t[DT_STEP] == NULL)
		dl_err(c, &m->loc, "a dialect without transactional DDL "
		    "(features.transactional_ddl: false) runs each statement "
		    "as a part that records its progress: it needs "
		    "script_per_revision, step and version_state");
	if (!c->dl->transactional_ddl && t[DT_VERSION_STATE] == NULL)
		dl_err(c, &m->loc, "features.transactional_ddl: false needs "
		    "version_state (the progress the parts record)");
	if ((t[DT_SCRIPT_PER_REVISION] == NULL) != (t[DT_STEP] == NULL))
		dl_err(c, &m->loc, "give both script_per_revision and step, or "
		    "neither (then the dialect has no per-revision "
		    "transactions)");
	if (t[DT_OUTSIDE_TRANSACTION] != NULL && (t[DT_STEP] == NULL ||
	    t[DT_VERSION_STATE] == NULL))
		dl_err(c, &m->loc, "outside_transaction needs step, "
		    "script_per_revision and version_state: a script with a "
		    "statement outside a transaction runs one transaction per "
		    "revision and records its progress");
	if (t[DT_INDEX_COLUMN] != NULL && !tpl_uses(t[DT_INDEX_COLUMN],
	    "column"))
		dl_err(c, &node_get(m, "index_column")->loc, "template "
		    "'index_column' must write {column}");
	check_exclude(c, m);
	if ((t[DT_CREATE_ENUM] == NULL) != (t[DT_DROP_ENUM] == NULL))
		dl_err(c, &m->loc, "give both create_enum and drop_enum, or "
		    "neither (enum columns are then text with a CHECK)");
	if (t[DT_CREATE_ENUM] == NULL && (t[DT_ADD_ENUM_VALUE] != NULL ||
	    t[DT_RENAME_ENUM_VALUE] != NULL))
		dl_err(c, &m->loc, "add_enum_value and rename_enum_value alter "
		    "an enum type: they need create_enum and drop_enum (without "
		    "them enum columns are text with a CHECK, and migsql "
		    "rebuilds their tables instead)");
	{
		int k, n = 0;

		for (k = DT_STAMP_CHECK; k <= DT_STAMP_CONSTRAINT; k++)
			n += t[k] != NULL;
		if (n != 0 && n != DT_STAMP_CONSTRAINT - DT_STAMP_CHECK + 1)
			dl_err(c, &m->loc, "give all of stamp_check, "
			    "stamp_table, stamp_column, stamp_index and "
			    "stamp_constraint, or none (then stamp needs "
			    "--no-verify-schema)");
		if (t[DT_STAMP_CHECK] != NULL &&
		    !tpl_uses(t[DT_STAMP_CHECK], "condition"))
			dl_err(c, &node_get(m, "stamp_check")->loc, "template "
			    "'stamp_check' must write {condition}");
	}
}

int
dialect_load(struct dialect *dl, const char *path, const char *arg,
    struct diags *d)
{
	struct dl_ctx c = { dl, d, 1, 0 };
	const struct node *root, *v;
	size_t len;
	int ok;

	memset(dl, 0, sizeof *dl);
	dl->path = xstrdup(path);
	dl->arg = xstrdup(arg);
	dl->source = read_file(path, &len);
	dl->source_len = len;
	if (dl->source == NULL) {
		struct loc l = { dl->path, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "cannot read the dialect: %s",
		    strerror(errno));
		return 0;
	}
	sha256_hex(dl->source, len, dl->source_sha256);
	dl->root = node_parse(dl->path, dl->source, len, d, &ok);
	if (!ok)
		return 0;
	root = dl->root;
	if (root == NULL || root->kind != NODE_MAP) {
		struct loc l = { dl->path, root ? root->loc.line : 0,
		    root ? root->loc.col : 0 };

		diag_error(d, EXIT_INPUT, &l, "a dialect file must be a mapping");
		return 0;
	}
	known_keys(&c, root, top_keys, "a dialect");
	if ((v = need(&c, root, "name", "a dialect")) != NULL) {
		if (!node_is_str(v) || v->len == 0)
			dl_err(&c, &v->loc, "'name' must be text");
		else
			dl->name = xstrdup(v->text);
	}
	if ((v = need(&c, root, "client", "a dialect")) != NULL)
		load_client(&c, v);
	if ((v = need(&c, root, "identifiers", "a dialect")) != NULL)
		load_identifiers(&c, v);
	if ((v = need(&c, root, "literals", "a dialect")) != NULL &&
	    known_keys(&c, v, literal_keys, "literals")) {
		const char *s;

		dl->string_quote = need_char(&c, v, "quote", "literals");
		s = need_str(&c, v, "true", "literals");
		dl->lit_true = xstrdup(s ? s : "");
		s = need_str(&c, v, "false", "literals");
		dl->lit_false = xstrdup(s ? s : "");
		s = need_str(&c, v, "null", "literals");
		dl->lit_null = xstrdup(s ? s : "");
		if (node_get(v, "carriage_return") != NULL) {
			s = need_str(&c, v, "carriage_return", "literals");
			dl->lit_cr = xstrdup(s ? s : "");
		}
		if (node_get(v, "escape_quote") != NULL) {
			s = need_str(&c, v, "escape_quote", "literals");
			dl->lit_escape = xstrdup(s ? s : "");
		}
		if (node_get(v, "backslash") != NULL) {
			s = need_str(&c, v, "backslash", "literals");
			dl->lit_backslash = xstrdup(s ? s : "");
		}
		if (node_get(v, "concat") != NULL) {
			s = need_str(&c, v, "concat", "literals");
			dl->lit_concat = xstrdup(s ? s : "");
		}
	}
	if ((v = need(&c, root, "types", "a dialect")) != NULL)
		load_types(&c, v);
	if ((v = node_get(root, "autoincrement_types")) != NULL)
		load_autoinc(&c, v, "autoincrement_types", dl->autoinc_types);
	if ((v = node_get(root, "serial_types")) != NULL)
		load_autoinc(&c, v, "serial_types", dl->serial_types);
	if ((v = node_get(root, "strict_types")) != NULL)
		load_strict_types(&c, v);
	if ((v = need(&c, root, "features", "a dialect")) != NULL)
		load_features(&c, v);
	if ((v = need(&c, root, "templates", "a dialect")) != NULL) {
		load_templates(&c, v);
		if (c.ok)
			check_optional(&c, v);
		if (c.ok && c.client_known)
			read_as_client(&c, v);
	}
	if ((v = node_get(root, "lint")) != NULL)
		load_lint(&c, v);
	return c.ok;
}

void
dialect_free(struct dialect *dl)
{
	size_t i;

	free(dl->name);
	free(dl->arg);
	free(dl->path);
	free(dl->source);
	node_free(dl->root);
	pcre2_match_data_free(dl->match);
	pcre2_code_free(dl->plain);
	for (i = 0; i < dl->nreserved; i++)
		free(dl->reserved[i]);
	free(dl->reserved);
	free(dl->lit_true);
	free(dl->lit_false);
	free(dl->lit_null);
	free(dl->lit_cr);
	free(dl->lit_escape);
	free(dl->lit_backslash);
	free(dl->lit_concat);
	dialect_names_free(dl->dollar_tags);
	for (i = 0; i < sizeof dl->types / sizeof dl->types[0]; i++) {
		tpl_free(dl->types[i]);
		tpl_free(dl->strict_types[i]);
	}
	for (i = 0; i < GT_COUNT; i++) {
		tpl_free(dl->autoinc_types[i]);
		tpl_free(dl->serial_types[i]);
	}
	for (i = 0; i < DT_COUNT; i++)
		tpl_free(dl->tpl[i]);
	for (i = 0; i < LINT_COUNT; i++)
		free(dl->lint[i].text);
	memset(dl, 0, sizeof *dl);
}

/* Quoting ---------------------------------------------------------------- */

static int
is_reserved(const struct dialect *dl, const char *name)
{
	char buf[128], *key = buf;
	size_t n = strlen(name), i, lo = 0, hi = dl->nreserved;
	int found = 0;

	if (n >= sizeof buf)
		return 0;	/* no keyword is that long */
	for (i = 0; i <= n; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(dl->reserved[mid], key);

		if (c == 0) {
			found = 1;
			break;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return found;
}

void
dialect_ident(const struct dialect *dl, const char *name, struct strbuf *out)
{
	const char *p;

	/* The whole name must match: anchored at both ends whatever the
	 * pattern says ('$' alone would also match before a final newline). */
	if (dl->plain != NULL && pcre2_match(dl->plain, (PCRE2_SPTR)name,
	    strlen(name), 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, dl->match,
	    NULL) > 0 && !is_reserved(dl, name)) {
		strbuf_adds(out, name);
		return;
	}
	strbuf_addc(out, dl->ident_quote);
	for (p = name; *p != '\0'; p++) {
		if (*p == dl->ident_quote)
			strbuf_addc(out, *p);
		strbuf_addc(out, *p);
	}
	strbuf_addc(out, dl->ident_quote);
}

int
dialect_ident_too_long(const struct dialect *dl, const char *name)
{
	return dl->max_ident > 0 && strlen(name) > dl->max_ident;
}

const char *
dialect_name_refused(const struct dialect *dl, const char *name)
{
	size_t i;

	for (i = 0; dl->dollar_tags != NULL && dl->dollar_tags[i] != NULL; i++)
		if (strstr(name, dl->dollar_tags[i]) != NULL)
			return "it holds a dollar-quote delimiter of the script's "
			    "frame, which would end the frame's quoted block "
			    "where the name stands in it";
	return NULL;
}

void
dialect_literal(const struct dialect *dl, const char *s, struct strbuf *out)
{
	const char *p;
	int wrap = (dl->lit_cr != NULL && strchr(s, '\r') != NULL) ||
	    (dl->lit_backslash != NULL && strchr(s, '\\') != NULL);
	int esc = dl->lit_escape != NULL && strchr(s, '\\') != NULL;

	/* A CR becomes the dialect's expression for it, and the whole
	   literal an expression in parentheses (valid where a literal is). */
	if (wrap && dl->lit_concat != NULL)
		strbuf_addf(out, "%s(", dl->lit_concat);
	else if (wrap)
		strbuf_addc(out, '(');
	/* A backslash: the escape form, where it is doubled. */
	if (esc)
		strbuf_adds(out, dl->lit_escape);
	else
		strbuf_addc(out, dl->string_quote);
	for (p = s; *p != '\0'; p++) {
		if (wrap && *p == '\r' && dl->lit_cr != NULL) {
			strbuf_adds(out, dl->lit_cr);
			continue;
		}
		if (wrap && *p == '\\' && dl->lit_backslash != NULL) {
			strbuf_adds(out, dl->lit_backslash);
			continue;
		}
		if (*p == dl->string_quote || (esc && *p == '\\'))
			strbuf_addc(out, *p);
		strbuf_addc(out, *p);
	}
	strbuf_addc(out, dl->string_quote);
	if (wrap)
		strbuf_addc(out, ')');
}
