/* bundle.c -- release bundles and their verification (bundle.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migsql/bundle.h"
#include "migsql/client.h"
#include "migsql/emit.h"
#include "migsql/node.h"
#include "migsql/plan.h"
#include "migsql/render.h"
#include "migsql/util.h"
#include "migsql/yamlout.h"

#define MANIFEST	"manifest.yaml"
#define SUMS		"SHA256SUMS"
#define FORMAT		1	/* the manifest's format version */

/* One file of a bundle, built in memory before anything is written. */
struct artifact {
	char		*path;		/* relative to the bundle */
	struct strbuf	 data;
	char		 sha[65];
};

/* The SHA-256 of a revision's per-revision scripts after their header. */
struct revsql {
	char		 up[65];
	char		 down[65];	/* "" when it cannot be reverted */
};

struct bundle {
	const struct project	*proj;
	const struct chain	*c;
	const struct dialect	*dls;
	size_t			 ndl;
	const char		*flags;
	unsigned char		*in;	/* c->n: the revision is bundled */
	struct revsql		*sql;	/* [k * c->n + i] for dialect k */
	char			**why_no_down; /* per dialect, or NULL */
	struct ptrvec		 arts;	/* struct artifact * */
	struct schema_walk	*walk;	/* the schema at each script's FROM:
					   hundreds of scripts of one chain */
};

/*
 * A script's SQL without its header: what follows its first empty line
 * (the shipped dialects' frames put one after {header}).  Comparing this
 * part lets a dialect file change where it does not change the SQL.
 */
static const char *
after_header(const char *s)
{
	const char *p = strstr(s, "\n\n");

	return p != NULL ? p + 2 : s;
}

/*
 * The start of a lint comment line in dl's scripts ("-- lint "), from the
 * dialect's comment template; the caller frees it.
 */
static char *
lint_prefix(const struct dialect *dl)
{
	struct strbuf sb = STRBUF_INIT;

	render_comment(dl, "lint ", &sb);
	client_unmark(&sb);
	if (sb.len > 0 && sb.buf[sb.len - 1] == '\n')
		sb.buf[--sb.len] = '\0';
	return strbuf_detach(&sb);
}

/* 1 when the line at p starts with prefix. */
static int
is_lint_line(const char *p, const char *prefix)
{
	return strncmp(p, prefix, strlen(prefix)) == 0;
}

/*
 * The SHA-256 of what verify compares of a script: its SQL after the
 * header, without the lint comments, which say what the dialect's lint:
 * section thinks of a statement and may change while the statement does
 * not.
 */
static void
compared_sha(const struct dialect *dl, const char *script, char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	char *prefix = lint_prefix(dl);
	const char *p = after_header(script);

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");

		if (!is_lint_line(p, prefix))
			strbuf_addn(&sb, p, n + (p[n] == '\n'));
		p += n + (p[n] == '\n');
	}
	sha256_hex(strbuf_str(&sb), sb.len, out);
	strbuf_free(&sb);
	free(prefix);
}

static void
add_artifact(struct bundle *b, char *path, struct strbuf *data)
{
	struct artifact *a = xcalloc(1, sizeof *a);

	a->path = path;
	a->data = *data;
	strbuf_init(data);
	sha256_hex(strbuf_str(&a->data), a->data.len, a->sha);
	ptrvec_push(&b->arts, a);
}

static int
cmp_artifact(const void *x, const void *y)
{
	const struct artifact *a = *(struct artifact *const *)x;
	const struct artifact *b = *(struct artifact *const *)y;

	return strcmp(a->path, b->path);
}

/* Renders `migsql upgrade|downgrade RANGE` for dl into out. */
static int
render_script(const struct bundle *b, const struct dialect *dl, int upgrade,
    const char *range, struct strbuf *out, struct diags *d)
{
	struct strbuf cmd = STRBUF_INIT;
	struct plan p;
	int ok = plan_build(b->c, upgrade, range, &p, d);

	if (ok) {
		strbuf_addf(&cmd, "migsql %s %s --dialect %s%s", upgrade ?
		    "upgrade" : "downgrade", range, dl->name, b->flags);
		ok = emit_script(b->c, &p, dl, b->proj, cmd.buf, b->walk, out,
		    d);
	}
	plan_free(&p);
	strbuf_free(&cmd);
	return ok;
}

/*
 * As render_script(), for a script that may be impossible (a downgrade
 * through an op without an inverse): errors go to a scratch list, and
 * the first one's message is returned (malloc'd) when it fails, NULL when
 * it rendered.
 */
static char *
try_render(const struct bundle *b, const struct dialect *dl, int upgrade,
    const char *range, struct strbuf *out)
{
	struct diags scratch;
	char *why = NULL;

	diags_init(&scratch);
	if (!render_script(b, dl, upgrade, range, out, &scratch)) {
		size_t i;

		for (i = 0; i < scratch.len && why == NULL; i++)
			if (scratch.items[i].severity == SEV_ERROR)
				why = xasprintf("%s%s%s",
				    scratch.items[i].loc.file ?
				    scratch.items[i].loc.file : "",
				    scratch.items[i].loc.file ? ": " : "",
				    scratch.items[i].message);
		if (why == NULL)
			why = xstrdup("it does not render");
		strbuf_reset(out);
	}
	diags_free(&scratch);
	return why;
}

/* "a,b" of n chain indices, or "base" for none. */
static void
ids_text(const struct chain *c, const size_t *set, size_t n,
    struct strbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? "," : "", c->nodes[set[i]].rev->id);
	if (n == 0)
		strbuf_adds(out, "base");
}

/*
 * The version set a per-revision script of revision i starts from: the
 * heads of the ancestors of its parents and depends_on targets (so that
 * the script applies exactly that revision).
 */
static void
deps_range(const struct chain *c, size_t i, struct strbuf *out)
{
	const struct revision *r = c->nodes[i].rev;
	size_t *deps = xmalloc((r->down.n + r->depends.n + 1) * sizeof *deps);
	size_t *heads, nh, n = 0, k;

	for (k = 0; k < r->down.n; k++)
		deps[n++] = chain_find(c, r->down.ids[k]);
	for (k = 0; k < r->depends.n; k++)
		deps[n++] = chain_find(c, r->depends.ids[k]);
	heads = plan_heads_of(c, deps, n, &nh);
	ids_text(c, heads, nh, out);
	free(heads);
	free(deps);
}

/* The per-revision scripts of revision i for dialect k. */
static void
bundle_revision(struct bundle *b, size_t k, size_t i, struct diags *d)
{
	const struct dialect *dl = &b->dls[k];
	const char *id = b->c->nodes[i].rev->id;
	struct revsql *rs = &b->sql[k * b->c->n + i];
	struct strbuf deps = STRBUF_INIT, range = STRBUF_INIT;
	struct strbuf sql = STRBUF_INIT;
	char *why;

	deps_range(b->c, i, &deps);
	strbuf_addf(&range, "%s:%s", deps.buf, id);
	if (render_script(b, dl, 1, range.buf, &sql, d)) {
		compared_sha(dl, strbuf_str(&sql), rs->up);
		add_artifact(b, xasprintf("%s/revisions/%s.upgrade.sql",
		    dl->name, id), &sql);
	}
	strbuf_reset(&range);
	strbuf_addf(&range, "%s:%s", id, deps.buf);
	if ((why = try_render(b, dl, 0, range.buf, &sql)) == NULL) {
		compared_sha(dl, strbuf_str(&sql), rs->down);
		add_artifact(b, xasprintf("%s/revisions/%s.downgrade.sql",
		    dl->name, id), &sql);
	} else {
		struct loc l = { b->c->nodes[i].rev->file, 0, 0 };

		diag_warning(d, &l, "no %s/revisions/%s.downgrade.sql in the "
		    "bundle: %s", dl->name, id, why);
		free(why);
	}
	strbuf_free(&deps);
	strbuf_free(&range);
	strbuf_free(&sql);
}

/* ---- the manifest, through libyaml's emitter (yamlout.h) -------------- */

static void
manifest_revisions(struct yout *y, const struct bundle *b)
{
	const struct chain *c = b->c;
	size_t i, k;

	yout_str(y, "revisions");
	yout_seq_start(y, 0);
	for (i = 0; i < c->n; i++) {
		size_t at = c->order[i];
		const struct revision *r = c->nodes[at].rev;

		yout_map_start(y, 0);
		yout_kv(y, "id", r->id);
		yout_list(y, "parents", (const char *const *)r->down.ids,
		    r->down.n);
		yout_list(y, "depends_on", (const char *const *)r->depends.ids,
		    r->depends.n);
		yout_list(y, "branch_labels",
		    (const char *const *)r->labels.ids, r->labels.n);
		yout_kv(y, "message", r->message);
		yout_kv(y, "file", r->file);
		yout_kv(y, "sha256", r->sha256);
		if (b->in[at]) {
			yout_str(y, "sql");
			yout_map_start(y, 0);
			for (k = 0; k < b->ndl; k++) {
				const struct revsql *rs = &b->sql[k * c->n + at];

				yout_str(y, b->dls[k].name);
				yout_map_start(y, 0);
				yout_kv(y, "upgrade", rs->up);
				yout_kv(y, "downgrade", rs->down[0] ? rs->down :
				    NULL);
				yout_map_end(y);
			}
			yout_map_end(y);
		}
		yout_map_end(y);
	}
	yout_seq_end(y);
}

static void
manifest(const struct bundle *b, const char *from, struct strbuf *out)
{
	struct yout y;
	size_t i, k;
	char fmt[16];

	strbuf_adds(out, "# migsql release manifest: see migsql(1), "
	    "\"migsql bundle\".\n");
	yout_begin(&y, out);
	yout_map_start(&y, 0);
	snprintf(fmt, sizeof fmt, "%d", FORMAT);
	yout_str(&y, "format");
	yout_typed(&y, fmt);
	yout_kv(&y, "migsql", PACKAGE_VERSION);
	yout_kv(&y, "options", b->flags[0] == ' ' ? b->flags + 1 : b->flags);
	yout_kv(&y, "from", from);
	yout_str(&y, "heads");
	yout_seq_start(&y, 1);
	for (i = 0; i < b->c->nheads; i++)
		yout_str(&y, b->c->nodes[b->c->heads[i]].rev->id);
	yout_seq_end(&y);
	yout_str(&y, "dialects");
	yout_seq_start(&y, 0);
	for (k = 0; k < b->ndl; k++) {
		yout_map_start(&y, 0);
		yout_kv(&y, "name", b->dls[k].name);
		yout_kv(&y, "sha256", b->dls[k].source_sha256);
		if (b->why_no_down[k] != NULL)
			yout_kv(&y, "no_downgrade", b->why_no_down[k]);
		yout_map_end(&y);
	}
	yout_seq_end(&y);
	manifest_revisions(&y, b);
	yout_str(&y, "artifacts");
	yout_seq_start(&y, 0);
	for (i = 0; i < b->arts.len; i++) {
		const struct artifact *a = b->arts.items[i];

		yout_map_start(&y, 1);
		yout_kv(&y, "path", a->path);
		yout_kv(&y, "sha256", a->sha);
		yout_map_end(&y);
	}
	yout_seq_end(&y);
	yout_map_end(&y);
	/* Every string here was read by libyaml's parser or made by migsql,
	 * so libyaml fails only on memory or a broken event (a bug). */
	if (!yout_end(&y))
		abort();
}

/* ---- writing the directory --------------------------------------------- */

/* mkdir -p for the directories of rel below root; records each made. */
static int
make_parents(const char *root, const char *rel, struct ptrvec *made)
{
	const char *p;

	for (p = strchr(rel, '/'); p != NULL; p = strchr(p + 1, '/')) {
		char *dir = xasprintf("%s/%.*s", root, (int)(p - rel), rel);

		if (mkdir(dir, 0777) == 0)
			ptrvec_push(made, dir);
		else if (errno == EEXIST)
			free(dir);
		else {
			free(dir);
			return 0;
		}
	}
	return 1;
}

static int
write_new_file(const char *path, const struct strbuf *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);

	if (fd < 0)
		return 0;
	if (!write_all(fd, strbuf_str(data), data->len) || fsync(fd) != 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return 0;
	}
	return close(fd) == 0;
}

/*
 * Writes the artifacts into a new directory beside outdir, then renames
 * it to outdir; on any failure removes what it wrote.
 */
static int
write_tree(const char *outdir, const struct ptrvec *arts, struct diags *d)
{
	struct loc l = { outdir, 0, 0 };
	struct ptrvec files = PTRVEC_INIT, dirs = PTRVEC_INIT;
	const char *slash = strrchr(outdir, '/');
	char *tmp;
	size_t i;
	mode_t mask;
	int ok = 1;

	if (slash != NULL && slash[1] == '\0') {
		diag_error(d, EXIT_USAGE, &l, "give the bundle directory "
		    "without a trailing '/'");
		return 0;
	}
	tmp = temp_beside(outdir);
	if (mkdtemp(tmp) == NULL) {
		diag_error(d, EXIT_INPUT, &l, "cannot create a temporary "
		    "directory beside it: %s", strerror(errno));
		free(tmp);
		return 0;
	}
	mask = umask(0);
	umask(mask);
	for (i = 0; i < arts->len && ok; i++) {
		const struct artifact *a = arts->items[i];
		char *path = xasprintf("%s/%s", tmp, a->path);

		if (!make_parents(tmp, a->path, &dirs) ||
		    !write_new_file(path, &a->data)) {
			diag_error(d, EXIT_INPUT, &l, "cannot write %s: %s",
			    a->path, strerror(errno));
			ok = 0;
		}
		ptrvec_push(&files, path);
	}
	if (ok && (chmod(tmp, 0777 & ~mask) != 0 || rename(tmp, outdir) != 0)) {
		diag_error(d, EXIT_INPUT, &l, "cannot write the bundle: %s",
		    strerror(errno));
		ok = 0;
	}
	if (!ok) {
		for (i = 0; i < files.len; i++)
			unlink(files.items[i]);
		for (i = dirs.len; i-- > 0;)
			rmdir(dirs.items[i]);
		rmdir(tmp);
	}
	for (i = 0; i < files.len; i++)
		free(files.items[i]);
	for (i = 0; i < dirs.len; i++)
		free(dirs.items[i]);
	ptrvec_free(&files);
	ptrvec_free(&dirs);
	free(tmp);
	return ok;
}

static void
bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->arts.len; i++) {
		struct artifact *a = b->arts.items[i];

		free(a->path);
		strbuf_free(&a->data);
		free(a);
	}
	ptrvec_free(&b->arts);
	schema_walk_free(b->walk);
	for (i = 0; i < b->ndl; i++)
		free(b->why_no_down[i]);
	free(b->why_no_down);
	free(b->sql);
	free(b->in);
}

int
bundle_write(const struct project *proj, const struct chain *c,
    const struct dialect *dls, size_t ndl, const struct bundle_options *bo,
    struct diags *d)
{
	struct bundle b;
	struct strbuf from = STRBUF_INIT, range = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct loc l = { bo->outdir, 0, 0 };
	struct stat st;
	size_t *fset = NULL, nf = 0, i, k, errors0 = d->errors;
	int ok = 0;

	if (lstat(bo->outdir, &st) == 0) {
		diag_error(d, EXIT_USAGE, &l, "it exists: a bundle is written "
		    "as a new directory (remove it, or give another)");
		return 0;
	}
	memset(&b, 0, sizeof b);
	b = (struct bundle){ proj, c, dls, ndl, bo->flags, NULL, NULL, NULL,
	    PTRVEC_INIT, NULL };
	b.in = xcalloc(c->n ? c->n : 1, 1);
	b.sql = xcalloc(ndl * c->n + 1, sizeof *b.sql);
	b.walk = schema_walk_new(c, 1, 1);
	b.why_no_down = xcalloc(ndl ? ndl : 1, sizeof *b.why_no_down);
	if (bo->from != NULL) {
		unsigned char *mark = xcalloc(c->n ? c->n : 1, 1);

		if (!plan_resolve(c, bo->from, &fset, &nf, d)) {
			free(mark);
			goto done;
		}
		chain_mark_ancestors(c, fset, nf, mark);
		for (i = 0; i < c->n; i++)
			b.in[i] = !mark[i];
		free(mark);
	} else
		memset(b.in, 1, c->n);
	ids_text(c, fset, nf, &from);
	for (k = 0; k < ndl; k++) {
		const struct dialect *dl = &dls[k];

		strbuf_reset(&range);
		strbuf_addf(&range, "%s:heads", from.buf);
		if (render_script(&b, dl, 1, range.buf, &sb, d))
			add_artifact(&b, xasprintf("%s/upgrade.sql", dl->name),
			    &sb);
		strbuf_reset(&range);
		strbuf_addf(&range, "heads:%s", from.buf);
		b.why_no_down[k] = try_render(&b, dl, 0, range.buf, &sb);
		if (b.why_no_down[k] == NULL)
			add_artifact(&b, xasprintf("%s/downgrade.sql",
			    dl->name), &sb);
		else
			diag_warning(d, NULL, "no %s/downgrade.sql in the "
			    "bundle: %s", dl->name, b.why_no_down[k]);
		strbuf_reset(&range);
		strbuf_addf(&range, "migsql schema heads --dialect %s%s",
		    dl->name, bo->flags);
		if (emit_schema(c, c->heads, c->nheads, dl, range.buf, &sb, d))
			add_artifact(&b, xasprintf("%s/schema.sql", dl->name),
			    &sb);
		strbuf_reset(&sb);
		for (i = 0; i < c->n; i++)
			if (b.in[c->order[i]])
				bundle_revision(&b, k, c->order[i], d);
	}
	if (d->errors > errors0)
		goto done;
	qsort(b.arts.items, b.arts.len, sizeof *b.arts.items, cmp_artifact);
	manifest(&b, bo->from != NULL ? from.buf : NULL, &sb);
	add_artifact(&b, xstrdup(MANIFEST), &sb);
	qsort(b.arts.items, b.arts.len, sizeof *b.arts.items, cmp_artifact);
	for (i = 0; i < b.arts.len; i++) {
		const struct artifact *a = b.arts.items[i];

		strbuf_addf(&sb, "%s  %s\n", a->sha, a->path);
	}
	add_artifact(&b, xstrdup(SUMS), &sb);
	ok = write_tree(bo->outdir, &b.arts, d);
done:
	free(fset);
	strbuf_free(&from);
	strbuf_free(&range);
	strbuf_free(&sb);
	bundle_free(&b);
	return ok;
}

/* ---- verification ------------------------------------------------------ */

struct old {
	const char	*path;		/* the manifest */
	char		*dir;		/* its directory */
	char		*text;
	struct node	*root;
};

/* Reads and parses manifest; 0 after an error. */
static int
old_load(struct old *o, const char *path, struct diags *d)
{
	struct loc l = { path, 0, 0 };
	const char *slash = strrchr(path, '/');
	const struct node *f;
	size_t len;
	int ok;

	memset(o, 0, sizeof *o);
	o->path = path;
	o->dir = slash != NULL ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(".");
	if ((o->text = read_file(path, &len)) == NULL) {
		diag_error(d, EXIT_INPUT, &l, "cannot read the manifest: %s",
		    strerror(errno));
		return 0;
	}
	o->root = node_parse(path, o->text, len, d, &ok);
	if (!ok)
		return 0;
	if (o->root == NULL || o->root->kind != NODE_MAP ||
	    (f = node_get(o->root, "format")) == NULL ||
	    f->type != SCALAR_INT || node_get(o->root, "revisions") == NULL ||
	    node_get(o->root, "dialects") == NULL) {
		diag_error(d, EXIT_INPUT, o->root ? &o->root->loc : &l, "not a "
		    "migsql manifest: it needs 'format', 'dialects' and "
		    "'revisions' (migsql bundle writes one)");
		return 0;
	}
	if (strcmp(f->text, "1") != 0) {
		diag_error(d, EXIT_INPUT, &f->loc, "manifest format %s: this "
		    "migsql reads format %d", f->text, FORMAT);
		return 0;
	}
	return 1;
}

static void
old_free(struct old *o)
{
	node_free(o->root);
	free(o->text);
	free(o->dir);
}

/* The string under key, or NULL after an error at the entry. */
static const char *
need_str(const struct node *map, const char *key, struct diags *d)
{
	const struct node *v = map->kind == NODE_MAP ? node_get(map, key) :
	    NULL;

	if (node_is_str(v))
		return v->text;
	diag_error(d, EXIT_INPUT, &map->loc, "this manifest entry needs "
	    "'%s' as text", key);
	return NULL;
}

char **
bundle_manifest_dialects(const char *manifest, struct diags *d)
{
	struct old o;
	const struct node *ds;
	char **names = NULL;
	size_t i, n = 0, paths = 0;

	if (!old_load(&o, manifest, d))
		goto done;
	ds = node_get(o.root, "dialects");
	if (ds->kind != NODE_SEQ) {
		diag_error(d, EXIT_INPUT, &ds->loc, "'dialects' must be a list");
		goto done;
	}
	names = xcalloc(ds->n + 1, sizeof *names);
	for (i = 0; i < ds->n; i++) {
		const char *name = need_str(ds->items[i], "name", d);

		if (name != NULL && !dialect_is_path(name))
			names[n++] = xstrdup(name);
		else if (name != NULL) {
			/* Loaded by name only: a path would load a file
			   that the command line does not name. */
			diag_error(d, EXIT_INPUT, &node_get(ds->items[i],
			    "name")->loc, "dialect '%s' is a file path, not a "
			    "dialect name: a release's dialects are loaded by "
			    "name from the search path; pass --dialect to "
			    "verify with a dialect file", name);
			paths++;
		}
	}
	if (paths > 0) {
		dialect_names_free(names);
		names = NULL;
	}
done:
	old_free(&o);
	return names;
}

int
bundle_manifest_released(const char *manifest, const struct chain *c,
    unsigned char *released, struct diags *d)
{
	struct old o;
	const struct node *revs;
	size_t i, before = d->errors, at;

	if (!old_load(&o, manifest, d))
		goto done;
	revs = node_get(o.root, "revisions");
	if (revs->kind != NODE_SEQ) {
		diag_error(d, EXIT_INPUT, &revs->loc, "'revisions' must be a "
		    "list");
		goto done;
	}
	for (i = 0; i < revs->n; i++) {
		const char *id = need_str(revs->items[i], "id", d);

		if (id == NULL)
			continue;
		if ((at = chain_find(c, id)) == CHAIN_NONE)
			diag_error(d, EXIT_INPUT, &revs->items[i]->loc, "revision "
			    "%s was released and is no longer in the chain: a "
			    "released revision must stay", id);
		else
			released[at] = 1;
	}
done:
	old_free(&o);
	return d->errors == before;
}

/*
 * The first line where two scripts' compared SQL (compared_sha()) differs
 * (1-based, counted in the new script), with both lines, into msg.
 */
static void
first_difference(const struct dialect *dl, const char *old_script,
    const char *new_script, struct strbuf *msg)
{
	const char *a = after_header(old_script), *b = after_header(new_script);
	const char *p;
	char *prefix = lint_prefix(dl);
	size_t line = 1;

	for (p = new_script; p < b; p++)
		line += *p == '\n';
	while (*a != '\0' || *b != '\0') {
		size_t la, lb;

		while (*a != '\0' && is_lint_line(a, prefix)) {
			a += strcspn(a, "\n");
			a += *a == '\n';
		}
		while (*b != '\0' && is_lint_line(b, prefix)) {
			b += strcspn(b, "\n");
			b += *b == '\n';
			line++;
		}
		la = strcspn(a, "\n");
		lb = strcspn(b, "\n");

		if (la != lb || memcmp(a, b, la) != 0) {
			strbuf_addf(msg, "; first difference at line %zu: "
			    "released \"%.*s\", now \"%.*s\"", line, (int)la, a,
			    (int)lb, b);
			break;
		}
		a += la + (a[la] == '\n');
		b += lb + (b[lb] == '\n');
		line++;
	}
	free(prefix);
}

/* Compares one per-revision script with the release's. */
static void
verify_script(const struct bundle *b, const struct old *o,
    const struct dialect *dl, size_t i, int upgrade, const struct node *sha,
    struct diags *d)
{
	const struct revision *r = b->c->nodes[i].rev;
	const char *what = upgrade ? "upgrade" : "downgrade";
	struct strbuf deps = STRBUF_INIT, range = STRBUF_INIT;
	struct strbuf sql = STRBUF_INIT, msg = STRBUF_INIT;
	struct loc l = { r->file, 0, 0 };
	char h[65], *why;

	deps_range(b->c, i, &deps);
	if (upgrade)
		strbuf_addf(&range, "%s:%s", deps.buf, r->id);
	else
		strbuf_addf(&range, "%s:%s", r->id, deps.buf);
	if ((why = try_render(b, dl, upgrade, range.buf, &sql)) != NULL) {
		if (upgrade || sha->type != SCALAR_NULL)
			diag_error(d, EXIT_INPUT, &l, "revision %s was released "
			    "with a %s %s script, which no longer renders: %s",
			    r->id, dl->name, what, why);
		free(why);
		goto done;
	}
	if (!node_is_str(sha)) {
		diag_error(d, EXIT_INPUT, &l, "revision %s was released "
		    "without a %s %s script; it now has one: its downgrade "
		    "changed", r->id, dl->name, what);
		goto done;
	}
	compared_sha(dl, strbuf_str(&sql), h);
	if (strcmp(h, sha->text) != 0) {
		char *path = xasprintf("%s/%s/revisions/%s.%s.sql", o->dir,
		    dl->name, r->id, what);
		size_t len;
		char *old_text = read_file(path, &len);

		strbuf_addf(&msg, "revision %s renders a different %s %s "
		    "script than in the release", r->id, dl->name, what);
		if (old_text != NULL)
			first_difference(dl, old_text, strbuf_str(&sql), &msg);
		else
			strbuf_addf(&msg, " (%s is not there to show the "
			    "difference)", path);
		diag_error(d, EXIT_INPUT, &l, "%s", msg.buf);
		free(old_text);
		free(path);
	}
done:
	strbuf_free(&deps);
	strbuf_free(&range);
	strbuf_free(&sql);
	strbuf_free(&msg);
}

int
bundle_verify(const struct project *proj, const struct chain *c,
    const struct dialect *dls, size_t ndl, const char *manifest,
    const char *flags, size_t *checked, struct diags *d)
{
	struct bundle b;
	struct old o;
	const struct node *revs, *opt;
	size_t i, k, errors0 = d->errors;

	*checked = 0;
	memset(&b, 0, sizeof b);
	b.proj = proj;
	b.c = c;
	b.dls = dls;
	b.ndl = ndl;
	b.flags = flags;
	b.walk = schema_walk_new(c, 1, 1);
	if (!old_load(&o, manifest, d))
		goto done;
	opt = node_get(o.root, "options");
	if (node_is_str(opt) && strcmp(opt->text, flags[0] == ' ' ? flags + 1 :
	    flags) != 0)
		diag_warning(d, &opt->loc, "the release was rendered with "
		    "options '%s', this check with '%s': give the same --var "
		    "and timeout options for the same SQL", opt->text,
		    flags[0] == ' ' ? flags + 1 : flags);
	{
		const struct node *ds = node_get(o.root, "dialects");
		size_t j, m;

		for (j = 0; j < ndl; j++) {
			for (m = 0; ds->kind == NODE_SEQ && m < ds->n; m++) {
				const struct node *nm = ds->items[m]->kind ==
				    NODE_MAP ? node_get(ds->items[m], "name") :
				    NULL;

				if (node_is_str(nm) &&
				    strcmp(nm->text, dls[j].name) == 0)
					break;
			}
			if (ds->kind != NODE_SEQ || m == ds->n)
				diag_warning(d, &ds->loc, "the release has no "
				    "scripts for the %s dialect: for it, only the "
				    "sources are compared", dls[j].name);
		}
	}
	revs = node_get(o.root, "revisions");
	if (revs->kind != NODE_SEQ) {
		diag_error(d, EXIT_INPUT, &revs->loc, "'revisions' must be a "
		    "list");
		goto done;
	}
	for (i = 0; i < revs->n; i++) {
		const struct node *e = revs->items[i], *sql;
		const char *id = need_str(e, "id", d);
		const char *file = need_str(e, "file", d);
		const char *sha = need_str(e, "sha256", d);
		const struct revision *r;
		size_t at;

		if (id == NULL || file == NULL || sha == NULL)
			continue;
		(*checked)++;
		if ((at = chain_find(c, id)) == CHAIN_NONE) {
			diag_error(d, EXIT_INPUT, &e->loc, "revision %s (%s) was "
			    "released and is no longer in the chain: a released "
			    "revision must stay", id, file);
			continue;
		}
		r = c->nodes[at].rev;
		if (strcmp(r->sha256, sha) != 0) {
			struct loc l = { r->file, 0, 0 };

			diag_error(d, EXIT_INPUT, &l, "revision %s was released "
			    "with SHA-256 %s and its file now has %s: a released "
			    "revision must not change (add a new revision "
			    "instead)", id, sha, r->sha256);
			continue;
		}
		sql = node_get(e, "sql");
		if (sql == NULL || sql->kind != NODE_MAP)
			continue;
		for (k = 0; k < sql->n; k++) {
			const struct node *dk = sql->items[2 * k];
			const struct node *dv = sql->items[2 * k + 1];
			const struct node *up, *down;
			size_t j;

			for (j = 0; j < ndl; j++)
				if (strcmp(dls[j].name, dk->text) == 0)
					break;
			if (j == ndl)
				continue;	/* a dialect not asked for */
			if (dv->kind != NODE_MAP ||
			    (up = node_get(dv, "upgrade")) == NULL ||
			    (down = node_get(dv, "downgrade")) == NULL) {
				diag_error(d, EXIT_INPUT, &dv->loc, "this "
				    "manifest entry needs 'upgrade' and "
				    "'downgrade'");
				continue;
			}
			verify_script(&b, &o, &dls[j], at, 1, up, d);
			verify_script(&b, &o, &dls[j], at, 0, down, d);
		}
	}
done:
	old_free(&o);
	schema_walk_free(b.walk);
	return d->errors == errors0;
}
