/* test_alembicini.c -- alembic.ini read as Alembic 1.8 reads it. */
#include "config.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migsql/alembicini.h"
#include "migsql/util.h"

/* Writes text to DIR/alembic.ini in a fresh temporary directory and
   loads it; returns the directory (malloc'd) for the caller to remove. */
static char *
load_text(const char *text, struct alembic_ini *ai, struct diags *d, int *rc)
{
	char tmpl[] = "/tmp/migsql-ini.XXXXXX";
	char *dir = xstrdup(mkdtemp(tmpl)), *path;
	FILE *fp;

	cr_assert_not_null(dir);
	path = xasprintf("%s/alembic.ini", dir);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
	diags_init(d);
	*rc = alembicini_load(ai, dir, d);
	return dir;
}

static void
cleanup(char *dir, struct alembic_ini *ai, struct diags *d)
{
	char *path = xasprintf("%s/alembic.ini", dir);

	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	alembicini_free(ai);
	diags_free(d);
}

Test(alembicini, generated_file)
{
	struct alembic_ini ai;
	struct diags d;
	int rc;
	char *dir = load_text("# A generic, single database configuration.\n"
	    "\n[alembic]\n# path to migration scripts\n"
	    "script_location = %(here)s/migrations\n"
	    "prepend_sys_path = .\n"
	    "version_path_separator = os  # Use os.pathsep.\n"
	    "sqlalchemy.url = postgresql+psycopg2://u:p@localhost/db\n"
	    "\n[loggers]\nkeys = root,sqlalchemy,alembic\n", &ai, &d, &rc);

	cr_assert_eq(rc, 1);
	cr_assert_eq(d.errors, 0);
	cr_assert_eq(ai.nversions, 1);
	/* %(here)s is the project directory: the path stays relative. */
	cr_assert_str_eq(ai.versions[0], "migrations/versions");
	cr_assert_str_eq(ai.dialect, "postgresql");
	cleanup(dir, &ai, &d);
}

Test(alembicini, version_locations_and_separators)
{
	static const struct { const char *sep, *value, *want[3]; } cases[] = {
		{ NULL, "a, b c", { "a", "b", "c" } },		/* legacy */
		{ "space", "a b", { "a", "b", NULL } },
		{ "os", "%(here)s/a:b", { "a", "b", NULL } },
		{ ";", "a;b;", { "a", "b", NULL } },
		{ ":", "/abs/v", { "/abs/v", NULL, NULL } },
	};
	size_t i, k;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct alembic_ini ai;
		struct diags d;
		int rc;
		char *text = xasprintf("[alembic]\nscript_location = m\n"
		    "version_locations = %s\n%s%s\n", cases[i].value,
		    cases[i].sep ? "version_path_separator = " : "",
		    cases[i].sep ? cases[i].sep : "");
		char *dir = load_text(text, &ai, &d, &rc);

		cr_assert_eq(rc, 1, "case %zu", i);
		for (k = 0; k < 3 && cases[i].want[k] != NULL; k++)
			cr_assert_str_eq(ai.versions[k], cases[i].want[k],
			    "case %zu item %zu", i, k);
		cr_assert_eq(ai.nversions, k, "case %zu", i);
		cr_assert_null(ai.dialect);
		free(text);
		cleanup(dir, &ai, &d);
	}
}

Test(alembicini, interpolation)
{
	struct alembic_ini ai;
	struct diags d;
	int rc;
	char *dir = load_text("[DEFAULT]\nbase = db\n[alembic]\n"
	    "script_location = %(base)s/100%%\nsqlalchemy.url = sqlite:///x\n",
	    &ai, &d, &rc);

	cr_assert_eq(rc, 1);
	cr_assert_str_eq(ai.versions[0], "db/100%/versions");
	cr_assert_str_eq(ai.dialect, "sqlite");
	cleanup(dir, &ai, &d);
}

Test(alembicini, errors_name_the_line)
{
	static const struct { const char *text; unsigned line; const char *msg; } cases[] = {
		{ "[alembic]\nurl = x\n\nscript_location = %(loop)s\nloop = %(loop)s\n",
		  4, "nested more than 10 deep" },
		{ "[alembic]\nscript_location = app:migrations\n", 2,
		  "package resource" },
		{ "[alembic]\nscript_location = m\nversion_locations = a\n"
		  "version_path_separator = colon\n", 4, "'colon' is not a valid" },
		{ "[alembic]\nscript_location = m\nversion_locations = ,\n", 3,
		  "names no directory" },
		{ "[alembic]\nscript_location = 50%\n", 2, "'%%' or '%(name)s'" },
		{ "[other]\nscript_location = m\n", 0, "no 'script_location'" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct alembic_ini ai;
		struct diags d;
		int rc;
		char *dir = load_text(cases[i].text, &ai, &d, &rc);

		cr_assert_eq(rc, -1, "case %zu", i);
		cr_assert_eq(d.errors, 1, "case %zu", i);
		cr_assert_eq(d.items[0].loc.line, cases[i].line, "case %zu: %u",
		    i, d.items[0].loc.line);
		cr_assert_not_null(strstr(d.items[0].message, cases[i].msg),
		    "case %zu: %s", i, d.items[0].message);
		cleanup(dir, &ai, &d);
	}
}

Test(alembicini, absent_is_no_error)
{
	struct alembic_ini ai;
	struct diags d;

	diags_init(&d);
	cr_assert_eq(alembicini_load(&ai, "/nonexistent-dir", &d), 0);
	cr_assert_eq(d.errors, 0);
	alembicini_free(&ai);
	diags_free(&d);
}
