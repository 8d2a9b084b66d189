/* alembicini.c -- an Alembic project's alembic.ini (alembicini.h). */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/alembicini.h"
#include "migsql/util.h"

/* The [alembic] and [DEFAULT] keys, as inih hands them over. */
struct ini_read {
	struct ptrvec	 keys;		/* char *, "section\nname" */
	struct ptrvec	 values;	/* char *, parallel */
};

/*
 * inih's handler: keeps every key of [alembic] and [DEFAULT].  A key
 * given again on a continuation line (inih's multi-line values, as
 * configparser's) gets the line appended after a newline, as
 * configparser joins them.
 */
static int
keep_key(void *user, const char *section, const char *name,
    const char *value)
{
	struct ini_read *r = user;
	char *key;
	size_t i;

	if (strcmp(section, "alembic") != 0 && strcmp(section, "DEFAULT") != 0)
		return 1;
	key = xasprintf("%s\n%s", section, name);
	for (i = 0; i < r->keys.len; i++)
		if (strcmp(r->keys.items[i], key) == 0) {
			char *joined = xasprintf("%s\n%s",
			    (char *)r->values.items[i], value);

			free(r->values.items[i]);
			r->values.items[i] = joined;
			free(key);
			return 1;
		}
	ptrvec_push(&r->keys, key);
	ptrvec_push(&r->values, xstrdup(value));
	return 1;
}

/* The raw value of name in [alembic], else in [DEFAULT], or NULL. */
static const char *
raw_value(const struct ini_read *r, const char *name)
{
	static const char *const sections[] = { "alembic", "DEFAULT" };
	size_t s, i, n = strlen(name);

	for (s = 0; s < 2; s++)
		for (i = 0; i < r->keys.len; i++) {
			const char *k = r->keys.items[i];
			size_t sl = strlen(sections[s]);

			if (strncmp(k, sections[s], sl) == 0 && k[sl] == '\n' &&
			    strcmp(k + sl + 1, name) == 0 && n > 0)
				return r->values.items[i];
		}
	return NULL;
}

/*
 * The line of alembic.ini where key name is written (its first), for an
 * error about its value: inih reports lines only for its own errors.
 * 0 when it is not found.
 */
static unsigned
key_line(const char *buf, const char *name)
{
	size_t n = strlen(name);
	unsigned line = 1;
	const char *p = buf;

	while (*p != '\0') {
		const char *s = p;

		while (*s == ' ' || *s == '\t')
			s++;
		if (strncmp(s, name, n) == 0) {
			s += n;
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '=' || *s == ':')
				return line;
		}
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
		line++;
	}
	return 0;
}

/* 1 when the line of key name holds exactly want after its '=' or ':'
   (blanks around it aside). */
static int
raw_line_value_is(const char *buf, const char *name, const char *want)
{
	unsigned line = key_line(buf, name), l = 1;
	const char *p = buf;
	size_t n;

	if (line == 0)
		return 0;
	while (l < line && (p = strchr(p, '\n')) != NULL) {
		p++;
		l++;
	}
	if (p == NULL || (p = strpbrk(p, "=:")) == NULL)
		return 0;
	p += 1 + strspn(p + 1, " \t");
	n = strlen(want);
	return strncmp(p, want, n) == 0 && strspn(p + n, " \t\r") ==
	    strcspn(p + n, "\n");
}

/*
 * configparser's BasicInterpolation of value: %(here)s is here, %(k)s
 * the value of another key (itself interpolated, at most 10 deep as
 * configparser's MAX_INTERPOLATION_DEPTH), %% a percent sign.  Returns a
 * malloc'd string, or NULL with *why set.
 */
static char *
interpolate(const struct ini_read *r, const char *value, const char *here,
    int depth, const char **why)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	if (depth > 10) {
		*why = "interpolation nested more than 10 deep (a loop?)";
		return NULL;
	}
	for (p = value; *p != '\0'; p++) {
		const char *end, *v;
		char *name, *sub;

		if (*p != '%') {
			strbuf_addc(&sb, *p);
			continue;
		}
		if (p[1] == '%') {
			strbuf_addc(&sb, '%');
			p++;
			continue;
		}
		if (p[1] != '(' || (end = strstr(p, ")s")) == NULL) {
			*why = "a '%' must be '%%' or '%(name)s'";
			strbuf_free(&sb);
			return NULL;
		}
		name = xstrndup(p + 2, (size_t)(end - p - 2));
		if (strcmp(name, "here") == 0)
			sub = xstrdup(here);
		else if ((v = raw_value(r, name)) != NULL)
			sub = interpolate(r, v, here, depth + 1, why);
		else {
			*why = "it names a key that [alembic] and [DEFAULT] "
			    "do not have";
			sub = NULL;
		}
		free(name);
		if (sub == NULL) {
			strbuf_free(&sb);
			return NULL;
		}
		strbuf_adds(&sb, sub);
		free(sub);
		p = end + 1;
	}
	return strbuf_detach(&sb);
}

/* The value of name, interpolated; NULL when absent or after an error. */
static char *
value_of(const struct ini_read *r, const char *buf, const char *name,
    struct alembic_ini *ai, struct diags *d)
{
	const char *raw = raw_value(r, name), *why = NULL;
	char *v;

	if (raw == NULL)
		return NULL;
	/* %(here)s is the ini file's directory; relative paths are taken
	   from the project directory, so "." says the same. */
	if ((v = interpolate(r, raw, ".", 0, &why)) == NULL) {
		struct loc l = { ai->file, key_line(buf, name), 0 };

		diag_error(d, EXIT_INPUT, &l, "cannot read '%s = %s': %s",
		    name, raw, why);
	}
	return v;
}

/* "./x" is "x": the display paths of revision files stay short. */
static char *
tidy_path(const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	if (*path == '\0')
		return xstrdup(".");
	return xstrdup(path);
}

/* Alembic 1.8 ScriptDirectory.from_config: version_locations split. */
static int
split_locations(struct alembic_ini *ai, const char *v, const char *sep,
    unsigned line, struct diags *d)
{
	const char *p = v;

	if (sep != NULL && strcmp(sep, "space") != 0 &&
	    strcmp(sep, "os") != 0 && strcmp(sep, ":") != 0 &&
	    strcmp(sep, ";") != 0) {
		struct loc l = { ai->file, line, 0 };

		diag_error(d, EXIT_INPUT, &l, "'%s' is not a valid value for "
		    "version_path_separator; expected 'space', 'os', ':' or "
		    "';' (Alembic 1.8)", sep);
		return 0;
	}
	while (*p != '\0') {
		size_t n;

		if (sep == NULL)	/* the legacy r", *|(?: +)" */
			n = strcspn(p, ", \n");
		else if (strcmp(sep, "space") == 0)
			n = strcspn(p, " \n");
		else if (strcmp(sep, ";") == 0)
			n = strcspn(p, ";\n");
		else
			n = strcspn(p, ":\n");
		if (n > 0) {
			char *one = xstrndup(p, n);

			ai->versions = xrealloc(ai->versions,
			    (ai->nversions + 1) * sizeof *ai->versions);
			ai->versions[ai->nversions++] = tidy_path(one);
			free(one);
		}
		p += n;
		if (*p != '\0')
			p++;
	}
	return 1;
}

/* The migsql dialect a SQLAlchemy URL's scheme names, or NULL. */
static char *
url_dialect(const char *url)
{
	size_t n = strcspn(url, "+:");

	if (url[n] == '\0')
		return NULL;
	if ((n == 10 && strncmp(url, "postgresql", 10) == 0) ||
	    (n == 8 && strncmp(url, "postgres", 8) == 0))
		return xstrdup("postgresql");
	if (n == 6 && strncmp(url, "sqlite", 6) == 0)
		return xstrdup("sqlite");
	return NULL;
}

static int
read_keys(const struct ini_read *r, const char *buf, struct alembic_ini *ai,
    struct diags *d)
{
	char *loc, *vers, *sep, *url;
	size_t before = d->errors;

	loc = value_of(r, buf, "script_location", ai, d);
	vers = value_of(r, buf, "version_locations", ai, d);
	sep = value_of(r, buf, "version_path_separator", ai, d);
	url = value_of(r, buf, "sqlalchemy.url", ai, d);
	if (sep != NULL && *sep == '\0' && raw_line_value_is(buf,
	    "version_path_separator", ";")) {
		/* inih takes " ;" as the start of an inline comment, where
		   configparser (no inline_comment_prefixes) keeps it. */
		free(sep);
		sep = xstrdup(";");
	}
	if (loc == NULL && d->errors == before) {
		struct loc l = { ai->file, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "no 'script_location' key in "
		    "[alembic]: Alembic needs it, and so does migsql to find "
		    "the revision files");
	} else if (loc != NULL && strchr(loc, ':') != NULL &&
	    loc[0] != '/') {
		struct loc l = { ai->file, key_line(buf, "script_location"),
		    0 };

		diag_error(d, EXIT_INPUT, &l, "script_location '%s' is a "
		    "package resource: migsql reads files, not Python "
		    "packages; give the directory's path", loc);
	}
	if (d->errors == before) {
		if (vers != NULL && *vers != '\0') {
			if (split_locations(ai, vers, sep,
			    key_line(buf, "version_path_separator"), d) &&
			    ai->nversions == 0) {
				struct loc l = { ai->file,
				    key_line(buf, "version_locations"), 0 };

				diag_error(d, EXIT_INPUT, &l, "version_locations "
				    "names no directory");
			}
		} else {
			char *v = xasprintf("%s/versions", loc);

			ai->versions = xmalloc(sizeof *ai->versions);
			ai->versions[ai->nversions++] = tidy_path(v);
			free(v);
		}
	}
	if (url != NULL)
		ai->dialect = url_dialect(url);
	free(loc);
	free(vers);
	free(sep);
	free(url);
	return d->errors == before;
}

int
alembicini_load(struct alembic_ini *ai, const char *dir, struct diags *d)
{
	struct ini_read r = { PTRVEC_INIT, PTRVEC_INIT };
	char *path, *buf;
	size_t len, i;
	int line, ok;

	memset(ai, 0, sizeof *ai);
	ai->file = xstrdup("alembic.ini");
	path = xasprintf("%s/alembic.ini", dir);
	buf = read_file(path, &len);
	free(path);
	if (buf == NULL) {
		struct loc l = { ai->file, 0, 0 };

		if (errno == ENOENT)
			return 0;
		diag_error(d, EXIT_INPUT, &l, "cannot read: %s",
		    strerror(errno));
		return -1;
	}
	if (strlen(buf) != len) {
		struct loc l = { ai->file, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "a NUL byte: this is not a "
		    "text file");
		free(buf);
		return -1;
	}
	if ((line = ini_parse_string(buf, keep_key, &r)) != 0) {
		struct loc l = { ai->file, line > 0 ? (unsigned)line : 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "cannot read this line as INI "
		    "(\"[section]\", \"name = value\" or a comment)");
		ok = 0;
	} else
		ok = read_keys(&r, buf, ai, d);
	for (i = 0; i < r.keys.len; i++) {
		free(r.keys.items[i]);
		free(r.values.items[i]);
	}
	ptrvec_free(&r.keys);
	ptrvec_free(&r.values);
	free(buf);
	return ok ? 1 : -1;
}

void
alembicini_free(struct alembic_ini *ai)
{
	size_t i;

	for (i = 0; i < ai->nversions; i++)
		free(ai->versions[i]);
	free(ai->versions);
	free(ai->dialect);
	free(ai->file);
	memset(ai, 0, sizeof *ai);
}
