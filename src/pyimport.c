/* pyimport.c -- `migsql import`: .py revisions to YAML (pyimport.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/newrev.h"
#include "migsql/pyimport.h"
#include "migsql/pyrev.h"
#include "migsql/yamlout.h"

/* The keys of a revision file, in the order migsql new writes them. */
static const char *const key_order[] = { "revision", "down_revision",
	"branch_labels", "depends_on", "message", "create_date", "upgrade",
	"downgrade", "irreversible", NULL };

/* The file's lines as YAML comments, after a blank comment line. */
static void
comment_python(struct strbuf *out, const char *display, const char *buf,
    size_t len, const struct diags *todo)
{
	size_t i, start = 0;

	strbuf_addf(out, "\n# What 'todo' says is left to write: the operations "
	    "of these places of\n# %s, given in full below.\n", display);
	for (i = 0; i < todo->len; i++) {
		const struct diag *g = &todo->items[i];

		if (g->severity != SEV_ERROR)
			continue;
		strbuf_addf(out, "#   %u:%u: %s\n", g->loc.line, g->loc.col,
		    g->message);
	}
	strbuf_adds(out, "#\n");
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		strbuf_adds(out, "# ");
		strbuf_addn(out, buf + start, i - start);
		strbuf_addc(out, '\n');
		start = i + 1;
	}
}

/* The todo key's value: how much is left, and the first place. */
static char *
todo_text(const struct diags *todo)
{
	size_t i;

	for (i = 0; i < todo->len; i++)
		if (todo->items[i].severity == SEV_ERROR)
			return xasprintf("%zu construct%s could not be read "
			    "statically (the first, at %u:%u: %s); write "
			    "them as operations from the Python in the "
			    "comments below, then remove this key",
			    todo->errors, todo->errors == 1 ? "" : "s",
			    todo->items[i].loc.line, todo->items[i].loc.col,
			    todo->items[i].message);
	return xstrdup("finish this revision");
}

/* The document: root's keys in key_order, then any other, with todo. */
static int
write_doc(const struct node *root, const char *todo, struct strbuf *out,
    const char **problem)
{
	struct yout y;
	size_t i, k;
	int ok;

	yout_begin(&y, out);
	yout_map_start(&y, 0);
	for (k = 0; key_order[k] != NULL; k++) {
		const struct node *v = node_get(root, key_order[k]);

		if (strcmp(key_order[k], "upgrade") == 0 && todo != NULL)
			yout_kv(&y, "todo", todo);
		if (v == NULL)
			continue;
		yout_str(&y, key_order[k]);
		yout_node(&y, v);
	}
	for (i = 0; i < root->n; i++) {
		const char *key = root->items[2 * i]->text;

		for (k = 0; key_order[k] != NULL; k++)
			if (strcmp(key_order[k], key) == 0)
				break;
		if (key_order[k] != NULL)
			continue;
		yout_str(&y, key);
		yout_node(&y, root->items[2 * i + 1]);
	}
	yout_map_end(&y);
	ok = yout_end(&y);
	*problem = y.problem;
	return ok;
}

int
pyimport_build(const char *display, const char *buf, size_t len,
    const char *dialect, const struct load_options *o, struct strbuf *out,
    size_t *ntodo, char **id, struct diags *todo_diags, struct diags *d)
{
	struct pyrev_options po = { dialect, 0 };
	struct node *root, *v;
	const char *problem = NULL;
	char *todo = NULL, *yname;
	int ok;

	*ntodo = 0;
	*id = NULL;
	root = pyrev_read(display, buf, len, &po, todo_diags, &ok);
	if (root == NULL || (v = node_get(root, "revision")) == NULL ||
	    v->kind != NODE_SCALAR || v->type != SCALAR_STR) {
		/* Not even the id: nothing to import; say why as errors. */
		diags_move(d, todo_diags);
		if (root != NULL && d->errors == 0) {
			struct loc l = { display, 0, 0 };

			diag_error(d, EXIT_INPUT, &l, "cannot import: no "
			    "revision id was read");
		}
		node_free(root);
		return 0;
	}
	*id = xstrdup(v->text);
	*ntodo = todo_diags->errors;
	if (*ntodo > 0)
		todo = todo_text(todo_diags);
	yname = pyrev_yaml_name(display);
	strbuf_addf(out, "# Imported by migsql import from %s.\n# This file "
	    "replaces it in the chain: remove the .py when you trust it.\n",
	    display);
	ok = write_doc(root, todo, out, &problem);
	if (!ok) {
		struct loc l = { display, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "cannot write it as YAML: %s",
		    problem != NULL ? problem : "libyaml failed");
	} else if (*ntodo > 0)
		comment_python(out, display, buf, len, todo_diags);
	else {
		/* A self-check: what is written loads back with no error. */
		struct diags back;
		struct revision *r;

		diags_init(&back);
		r = revision_parse(yname, out->buf, out->len, o, &back);
		if (back.errors > 0) {
			struct loc l = { display, 0, 0 };

			diag_error(d, EXIT_INPUT, &l, "import wrote YAML that "
			    "does not load back (a bug in migsql; please "
			    "report it): %s", back.items[0].message);
			ok = 0;
		}
		revision_free(r);
		diags_free(&back);
	}
	free(yname);
	free(todo);
	node_free(root);
	return ok;
}

/* 1 when id is one of the n wanted ones, or begins with one. */
static int
wanted(const char *id, const char *const *ids, size_t n, unsigned char *hit)
{
	size_t i;
	int any = n == 0;

	for (i = 0; i < n; i++)
		if (strncmp(id, ids[i], strlen(ids[i])) == 0) {
			hit[i] = 1;
			any = 1;
		}
	return any;
}

/* Imports one file; returns 1 when its .yaml was written. */
static int
import_one(const struct project *p, const char *display, const char *dialect,
    const struct load_options *o, const char *const *ids, size_t n,
    unsigned char *hit, struct diags *d)
{
	struct strbuf out = STRBUF_INIT;
	struct diags todo, bd;
	char *path = project_path(p, display), *buf, *id = NULL;
	char *yname = pyrev_yaml_name(display), *ypath;
	size_t len, ntodo = 0, i;
	int written = 0;

	diags_init(&todo);
	diags_init(&bd);
	ypath = project_path(p, yname);
	if ((buf = read_file(path, &len)) == NULL) {
		struct loc l = { display, 0, 0 };

		diag_error(d, EXIT_INPUT, &l, "cannot read: %s",
		    strerror(errno));
	} else if (!pyimport_build(display, buf, len, dialect, o, &out,
	    &ntodo, &id, &todo, &bd)) {
		/* A file not asked for is not reported, but for one whose
		   id is unknown: it may be the one asked for. */
		if (id == NULL || wanted(id, ids, n, hit))
			diags_move(d, &bd);
	} else if (wanted(id, ids, n, hit)) {
		struct loc l = { yname, 0, 0 };

		if (!newrev_create_file(ypath, out.buf, out.len))
			diag_error(d, EXIT_INPUT, &l, errno == EEXIST ?
			    "exists already; import never writes over a file "
			    "(remove it to import %s again)" : "cannot write: "
			    "%s", errno == EEXIST ? display : strerror(errno));
		else {
			written = 1;
			for (i = 0; i < todo.len; i++)
				if (todo.items[i].severity == SEV_ERROR)
					diag_warning(d, &todo.items[i].loc,
					    "left as todo in %s: %s", yname,
					    todo.items[i].message);
			if (ntodo > 0)
				printf("%s: %zu construct%s left to write "
				    "(todo)\n", yname, ntodo,
				    ntodo == 1 ? "" : "s");
			else
				printf("%s\n", yname);
		}
	}
	diags_free(&todo);
	diags_free(&bd);
	strbuf_free(&out);
	free(buf);
	free(id);
	free(path);
	free(ypath);
	free(yname);
	return written;
}

size_t
pyimport_run(const struct project *p, const char *dialect,
    const struct load_options *o, const char *const *ids, size_t n,
    struct diags *d)
{
	unsigned char *hit = xcalloc(n ? n : 1, 1);
	size_t nfiles, i, written = 0;
	char **files = revision_files(p, &nfiles, d);

	for (i = 0; i < nfiles; i++) {
		size_t k = strlen(files[i]);

		if (k > 3 && strcmp(files[i] + k - 3, ".py") == 0)
			written += (size_t)import_one(p, files[i], dialect, o,
			    ids, n, hit, d);
		free(files[i]);
	}
	free(files);
	for (i = 0; i < n; i++)
		if (!hit[i]) {
			struct loc l = { p->versions, 0, 0 };

			diag_error(d, EXIT_RANGE, &l, "no .py revision's id is "
			    "or begins with '%s'", ids[i]);
		}
	free(hit);
	return written;
}
