/*
 * load_dir.c -- the versions directories of a project: which files are
 * revision files, read on several threads, and a .yaml replacing the .py
 * with its id or name (load.h, revisions_load and revision_files).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migsql/load.h"
#include "migsql/util.h"

#include "load_int.h"

char *
load_join_path(const char *dir, const char *name)
{
	if (strcmp(dir, ".") == 0 || name[0] == '/')
		return xstrdup(name);
	return xasprintf("%s/%s", dir, name);
}

/*
 * The revision files of one load, parsed by several threads: each takes
 * the next file by number, and keeps its result and its diagnostics in
 * that file's slot, so the output does not depend on the threads.
 */
struct load_job {
	const struct project	 *p;
	const struct load_options *o;
	char			**display;	/* shown paths, sorted by name */
	char			**paths;	/* opened paths */
	size_t			  n;
	struct revision		**revs;		/* [n]: NULL when not read */
	struct diags		 *dd;		/* [n] */
	atomic_size_t		  next;
};

static void
load_one(struct load_job *j, size_t i)
{
	const char *display = j->display[i], *why = NULL;
	struct stat st;
	size_t len;
	char *buf;

	/* Not even open a FIFO or device: it can block or never end. */
	if (stat(j->paths[i], &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode))
		why = "not a regular file";
	else if ((buf = read_file(j->paths[i], &len)) == NULL)
		why = strerror(errno);
	else {
		j->revs[i] = revision_parse(display, buf, len, j->o, &j->dd[i]);
		if (j->revs[i] != NULL)
			j->revs[i]->path = xstrdup(j->paths[i]);
		free(buf);
	}
	if (why != NULL) {
		struct loc l = { display, 0, 0 };

		diag_error(&j->dd[i], EXIT_INPUT, &l, "cannot read: %s", why);
	}
}

static void *
load_worker(void *arg)
{
	struct load_job *j = arg;
	size_t i;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->n)
		load_one(j, i);
	return NULL;
}

/* Threads for n files: one per online CPU, at most 8, and none beyond the
 * calling thread for a short chain, where starting them costs more than
 * it saves. */
static size_t
load_threads(size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t t = cpus > 0 ? (size_t)cpus : 1;

	if (t > 8)
		t = 8;
	if (t > n / 64)
		t = n / 64;
	return t > 0 ? t : 1;
}

/* 1 when entry de of directory dir is a regular file (through a
   symbolic link too; a link that loops or dangles is not). */
static int
is_regular(const char *dir, const struct dirent *de)
{
	struct stat st;
	char *path;
	int reg;

	if (de->d_type == DT_REG)
		return 1;
	if (de->d_type != DT_LNK && de->d_type != DT_UNKNOWN)
		return 0;
	path = xasprintf("%s/%s", dir, de->d_name);
	reg = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return reg;
}

/*
 * Files of the versions directories that are not revision files
 * (a.yaml.bak, notes.md, an editor's a.yaml~): said once, as a note, so
 * that a misnamed revision is never left out unseen.  Frees others.
 */
static void
note_others(const struct project *p, struct ptrvec *others, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct loc l = { p->nmore_versions ? p->file : p->versions, 0, 0 };
	size_t i;

	if (others->len == 0) {
		ptrvec_free(others);
		return;
	}
	qsort(others->items, others->len, sizeof *others->items, cmp_strptr);
	for (i = 0; i < others->len; i++) {
		if (i < 10)
			strbuf_addf(&sb, "%s%s", i ? ", " : "",
			    (char *)others->items[i]);
		free(others->items[i]);
	}
	if (others->len > 10)
		strbuf_addf(&sb, " and %zu more", others->len - 10);
	diag_note_alone(d, &l, "not read, since a revision file's name ends in "
	    ".yaml, .yml or .py: %s", sb.buf);
	strbuf_free(&sb);
	ptrvec_free(others);
}

/* A revision file's name: .yaml and .yml, and .py as Alembic takes it
   (script/base.py _only_source_rev_file: not __init__*, not .#*). */
static int
revision_file_name(const char *name)
{
	if (load_has_suffix(name, ".yaml") || load_has_suffix(name, ".yml"))
		return 1;
	return load_has_suffix(name, ".py");
}

/* A file found: its name, and the versions directory it is in. */
struct found {
	char	*name;
	size_t	 dir;
};

static int
cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

/* The project's versions directories: versions, then the others. */
static const char *
versions_dir(const struct project *p, size_t k)
{
	return k == 0 ? p->versions : p->more_versions[k - 1];
}

/*
 * Lists the revision files of every versions directory into *found (n
 * entries, sorted by name).  A directory of alembic.ini's
 * version_locations that does not exist is passed over, as Alembic does
 * (ScriptDirectory._load_revisions), unless none does.
 */
static struct found *
list_files(const struct project *p, size_t *n, struct diags *d)
{
	struct ptrvec others = PTRVEC_INIT;
	struct found *f = NULL;
	size_t k, ndirs = 1 + p->nmore_versions, opened = 0, cap = 0;

	*n = 0;
	for (k = 0; k < ndirs; k++) {
		char *dirpath = load_join_path(p->dir, versions_dir(p, k));
		struct dirent *de;
		DIR *dir = opendir(dirpath);

		if (dir == NULL) {
			struct loc l = { versions_dir(p, k), 0, 0 };

			if (errno != ENOENT || ndirs == 1 ||
			    (k == ndirs - 1 && opened == 0))
				diag_error(d, EXIT_INPUT, &l, "cannot read the "
				    "versions directory: %s", strerror(errno));
			free(dirpath);
			continue;
		}
		opened++;
		while ((de = readdir(dir)) != NULL) {
			/* Alembic passes over __init__.py (a package's
			   marker) unsaid; so does migsql. */
			if (de->d_name[0] == '.' ||
			    strncmp(de->d_name, "__init__", 8) == 0)
				continue;
			if (revision_file_name(de->d_name)) {
				if (*n == cap) {
					cap = cap ? 2 * cap : 64;
					f = xrealloc(f, cap * sizeof *f);
				}
				f[*n].name = xstrdup(de->d_name);
				f[(*n)++].dir = k;
			} else if (is_regular(dirpath, de))
				ptrvec_push(&others, ndirs == 1 ?
				    xstrdup(de->d_name) :
				    load_join_path(versions_dir(p, k), de->d_name));
		}
		closedir(dir);
		free(dirpath);
	}
	note_others(p, &others, d);
	if (*n > 1)
		qsort(f, *n, sizeof *f, cmp_found);
	return f;
}

char **
revision_files(const struct project *p, size_t *n, struct diags *d)
{
	struct found *f = list_files(p, n, d);
	char **out = xcalloc(*n + 1, sizeof *out);
	size_t i;

	for (i = 0; i < *n; i++) {
		out[i] = load_join_path(versions_dir(p, f[i].dir), f[i].name);
		free(f[i].name);
	}
	free(f);
	return out;
}

/* 1 when two id lists hold the same ids, in any order. */
static int
same_ids(const struct idlist *a, const struct idlist *b)
{
	size_t i, k;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		for (k = 0; k < b->n; k++)
			if (strcmp(a->ids[i], b->ids[k]) == 0)
				break;
		if (k == b->n)
			return 0;
	}
	return 1;
}

/*
 * A YAML revision replaces the Python one with its id, or with its name
 * but the extension (DESIGN.md: how a team gives one revision that
 * cannot be read statically as YAML, and what migsql import writes): the
 * .py leaves the load, with what its reading found wrong, since it is
 * no longer used.  Their parents must agree, or the chain would change
 * under the team's feet.  Sets gone[i] for each .py that goes.
 */
/* The shown path without its extension, malloc'd. */
static char *
stem_of(const char *path)
{
	const char *dot = strrchr(path, '.');

	return xstrndup(path, dot ? (size_t)(dot - path) : strlen(path));
}

static void
replace_python(struct load_job *j, unsigned char *gone, struct diags *d)
{
	struct strmap by_id = STRMAP_INIT, by_stem = STRMAP_INIT;
	size_t i;

	/* The YAML revisions by id and by name, once: a chain of .py
	   files looks each up in constant time. */
	for (i = 0; i < j->n; i++) {
		char *stem;

		if (load_has_suffix(j->display[i], ".py"))
			continue;
		if (j->revs[i] != NULL && strmap_get(&by_id, j->revs[i]->id) ==
		    NULL)
			strmap_put(&by_id, j->revs[i]->id, &j->revs[i]);
		stem = stem_of(j->display[i]);
		if (strmap_get(&by_stem, stem) == NULL)
			strmap_put(&by_stem, stem, &j->revs[i]);
		free(stem);
	}
	for (i = 0; i < j->n && by_stem.used > 0; i++) {
		struct revision *py = j->revs[i], **yp = NULL, *y;
		char *stem;

		if (!load_has_suffix(j->display[i], ".py"))
			continue;
		stem = stem_of(j->display[i]);
		yp = strmap_get(&by_stem, stem);
		free(stem);
		if (yp == NULL && py != NULL)
			yp = strmap_get(&by_id, py->id);
		if (yp == NULL)
			continue;
		gone[i] = 1;
		if ((y = *yp) == NULL || py == NULL)
			continue;
		if (strcmp(y->id, py->id) != 0)
			diag_error(d, EXIT_INPUT, &y->loc, "%s replaces %s, but "
			    "their revision ids differ (%s, %s): make them the "
			    "same", y->file, py->file, y->id, py->id);
		else if (!same_ids(&y->down, &py->down))
			diag_error(d, EXIT_INPUT, &y->loc, "%s replaces %s "
			    "(revision %s), but their down_revision differ: "
			    "make them the same", y->file, py->file, y->id);
		else if (!same_ids(&y->depends, &py->depends))
			diag_error(d, EXIT_INPUT, &y->loc, "%s replaces %s "
			    "(revision %s), but their depends_on differ: make "
			    "them the same", y->file, py->file, y->id);
	}
	strmap_free(&by_id);
	strmap_free(&by_stem);
}

size_t
revisions_load(const struct project *p, const struct load_options *o,
    struct revision ***revs, size_t *nrevs, struct diags *d)
{
	struct ptrvec out = PTRVEC_INIT;
	struct load_job j;
	pthread_t tid[8];
	struct found *f;
	struct diags replaced;
	unsigned char *gone;
	size_t i, n, nthreads, started = 0, before = d->errors;

	*revs = NULL;
	*nrevs = 0;
	f = list_files(p, &n, d);
	memset(&j, 0, sizeof j);
	j.p = p;
	j.o = o;
	j.n = n;
	j.display = xcalloc(n ? n : 1, sizeof *j.display);
	j.paths = xcalloc(n ? n : 1, sizeof *j.paths);
	for (i = 0; i < n; i++) {
		j.display[i] = load_join_path(versions_dir(p, f[i].dir), f[i].name);
		j.paths[i] = load_join_path(p->dir, j.display[i]);
	}
	j.revs = xcalloc(n ? n : 1, sizeof *j.revs);
	j.dd = xcalloc(n ? n : 1, sizeof *j.dd);
	atomic_init(&j.next, 0);
	nthreads = load_threads(n);
	/* The calling thread works too; a thread that cannot be started
	   leaves its share to the others. */
	while (started + 1 < nthreads &&
	    pthread_create(&tid[started], NULL, load_worker, &j) == 0)
		started++;
	load_worker(&j);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);

	gone = xcalloc(n ? n : 1, 1);
	diags_init(&replaced);
	replace_python(&j, gone, &replaced);
	for (i = 0; i < n; i++) {
		if (gone[i]) {
			diags_free(&j.dd[i]);
			revision_free(j.revs[i]);
		} else {
			diags_move(d, &j.dd[i]);
			if (j.revs[i] != NULL)
				ptrvec_push(&out, j.revs[i]);
		}
		free(f[i].name);
		free(j.display[i]);
		free(j.paths[i]);
	}
	diags_move(d, &replaced);
	diags_free(&replaced);
	free(gone);
	free(f);
	free(j.display);
	free(j.paths);
	free(j.revs);
	free(j.dd);
	*revs = (struct revision **)out.items;
	*nrevs = out.len;
	return d->errors - before;
}

