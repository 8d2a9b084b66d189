/* outpath.c -- refusing an output path that is an input (outpath.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "migsql/outpath.h"
#include "migsql/util.h"

/* 1 when path, followed, is the file that out describes. */
static int
same_file(const char *path, const struct stat *out)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_dev == out->st_dev &&
	    st.st_ino == out->st_ino;
}

/* same_file() for name, a path relative to the project directory. */
static int
same_project_file(const struct project *proj, const char *name,
    const struct stat *out)
{
	char *path = project_path(proj, name);
	int same = same_file(path, out);

	free(path);
	return same;
}

/*
 * Which input of the run the existing file out is, as the end of a
 * message, appended to why ("it is revision a1's file"); 0 when none.
 */
static int
input_named(const struct stat *out, const struct project *proj,
    const struct chain *c, const struct dialect *dls, size_t ndl,
    struct strbuf *why)
{
	size_t i;

	if (same_project_file(proj, "migsql.yaml", out)) {
		strbuf_adds(why, "it is the project file");
		return 1;
	}
	if (same_project_file(proj, proj->versions, out)) {
		strbuf_addf(why, "it is the versions directory (%s), which "
		    "holds the revisions", proj->versions);
		return 1;
	}
	for (i = 0; i < ndl; i++)
		if (same_file(dls[i].path, out)) {
			strbuf_addf(why, "it is the dialect file in use (%s)",
			    dls[i].name);
			return 1;
		}
	for (i = 0; i < c->n; i++)
		if (same_project_file(proj, c->nodes[i].rev->file, out)) {
			strbuf_addf(why, "it is revision %s's file",
			    c->nodes[i].rev->id);
			return 1;
		}
	return 0;
}

/* The directory that holds path's last component ("." for none): malloc'd. */
static char *
parent_dir(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n == 0)
		return xstrdup(".");
	while (n > 1 && path[n - 1] == '/')
		n--;
	return xstrndup(path, n);
}

/* 1 when the directory dir is top or below it, by their real paths. */
static int
dir_within(const char *dir, const char *top)
{
	char *rd = realpath(dir, NULL), *rt = realpath(top, NULL);
	size_t n;
	int in = 0;

	if (rd != NULL && rt != NULL) {
		n = strlen(rt);
		in = strncmp(rd, rt, n) == 0 && (rd[n] == '\0' ||
		    rd[n] == '/' || rt[n - 1] == '/');
	}
	free(rd);
	free(rt);
	return in;
}

int
outpath_check(const char *path, const char *what,
    const struct project *proj, const struct chain *c,
    const struct dialect *dls, size_t ndl, struct diags *d)
{
	struct loc l = { path, 0, 0 };
	struct strbuf why = STRBUF_INIT;
	struct stat st;
	char *parent, *versions;
	int ok = 1;

	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
			return 1;
		if (input_named(&st, proj, c, dls, ndl, &why)) {
			diag_error(d, EXIT_USAGE, &l, "refusing to write %s "
			    "over an input: %s", what, why.buf);
			strbuf_free(&why);
			return 0;
		}
	}
	parent = parent_dir(path);
	versions = project_path(proj, proj->versions);
	if (dir_within(parent, versions)) {
		diag_error(d, EXIT_USAGE, &l, "refusing to write %s there: it "
		    "is inside the versions directory (%s), which holds the "
		    "revisions", what, proj->versions);
		ok = 0;
	}
	free(parent);
	free(versions);
	return ok;
}
