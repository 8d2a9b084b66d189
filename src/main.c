/*
 * main.c -- the command line (man/migsql.1).  Parses options with
 * getopt_long, runs the stages, prints diagnostics and picks the exit code.
 * Only this file prints.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "migsql/bundle.h"
#include "migsql/chain.h"
#include "migsql/checkwalk.h"
#include "migsql/diag.h"
#include "migsql/diagfmt.h"
#include "migsql/graph.h"
#include "migsql/dialect.h"
#include "migsql/emit.h"
#include "migsql/lint.h"
#include "migsql/load.h"
#include "migsql/model.h"
#include "migsql/newrev.h"
#include "migsql/outpath.h"
#include "migsql/plan.h"
#include "migsql/pyimport.h"
#include "migsql/render.h"
#include "migsql/sqlpg.h"
#include "migsql/text.h"
#include "migsql/util.h"
#include "migsql/value.h"

struct options {
	const char	*dir;
	const char	*dialect;	/* the last -d */
	const char	*dialects[16];	/* every -d (check) */
	int		 ndialects;
	const char	*output;
	const char	*lock_timeout;	/* --lock-timeout, as given */
	const char	*vars[64];	/* every --var NAME=VALUE */
	int		 per_revision;	/* --transaction-per-revision */
	int		 nvars;
	const char	*statement_timeout;
	const char	*message;	/* new: -m */
	const char	*head;		/* new: --head */
	const char	*labels[16];	/* new: every --branch-label */
	int		 nlabels;
	const char	*depends[16];	/* new: every --depends-on */
	int		 ndepends;
	const char	*from;		/* bundle: --from */
	const char	*against;	/* bundle: --against */
	int		 format;	/* check, lint: --format (diagfmt.h) */
	const char	*since;		/* check, lint: --since REV */
	int		 no_verify;	/* stamp: --no-verify-schema */
	int		 graph;		/* history: --graph */
	char		**args;		/* the command's operands */
	int		 nargs;
	unsigned char	 given[128];	/* times each option was given, by
					   its getopt character */
};

static const char usage_text[] =
"usage: migsql [-C DIR] COMMAND [options]\n"
"\n"
"commands:\n"
"  upgrade [FROM:]TO    script that takes the database from FROM (default\n"
"                       base) to TO\n"
"  downgrade FROM:TO    script that reverts from FROM down to TO\n"
"  history [RANGE]      revisions, newest first, with branch/merge markers;\n"
"                       --graph draws the graph's lines, as git log --graph\n"
"  graph [RANGE]        the revision graph as Graphviz DOT (| dot -Tsvg)\n"
"  heads                the heads of the chain\n"
"  branches             the branch points and their children\n"
"  show REV             one revision\n"
"  check                load and check the chain; render every revision up\n"
"                       and down in every dialect (-d, repeatable, to pick);\n"
"                       lint\n"
"  lint                 the same pass; findings of risky operations\n"
"  schema REV           the schema at REV as CREATE statements\n"
"  bundle OUTDIR        release artifacts and a manifest (-d repeatable,\n"
"                       --from REV, --against OLD_MANIFEST)\n"
"  verify OLD_MANIFEST  check that released revisions are unchanged\n"
"  new -m MESSAGE       write a new, empty revision on the head; with\n"
"                       --head REV, --branch-label L, --depends-on REV\n"
"  stamp [FROM:]TO      script that only sets the version table to TO,\n"
"                       after checking the database looks like TO\n"
"                       (--no-verify-schema: without the check)\n"
"  merge -m MESSAGE [REV...]  write a merge revision of the heads (or of\n"
"                       the heads named); --branch-label L\n"
"  import [REV...]      write YAML revision files from the .py ones of an\n"
"                       Alembic project (all, or those named)\n"
"\n"
"options:\n"
"  -C, --directory DIR  the project directory (default: .)\n"
"  -d, --dialect NAME   dialect name or dialect file path (default: the\n"
"                       project's 'dialect'); a NAME is looked for in\n"
"                       $MIGSQL_DIALECT_PATH, then beside this program\n"
"                       (../share/migsql/dialects; a build tree: the\n"
"                       source's dialects/), then " PKGDATADIR "/dialects\n"
"  -o, --output FILE    write the script to FILE atomically (default: stdout)\n"
"  --lock-timeout T     how long any lock may be waited for (500ms, 5s, 2min;\n"
"                       PostgreSQL lock_timeout, SQLite .timeout)\n"
"  --statement-timeout T  PostgreSQL statement_timeout for each statement\n"
"  --transaction-per-revision  one transaction per revision; a rerun\n"
"                       after a failure resumes (psql) or names the rest\n"
"  --var NAME=VALUE     set the variable ${NAME} (repeatable; over\n"
"                       migsql.yaml's 'variables')\n"
"  --format FORMAT      check, lint: text (default), json (JSON Lines) or\n"
"                       sarif (SARIF 2.1.0), on stdout\n"
"  --since REV          check, lint: REV and its ancestors are released:\n"
"                       their lint findings are not errors (also\n"
"                       --against OLD_MANIFEST)\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"\n"
"Revisions: base, head, heads, an id or unique prefix, LABEL, LABEL@head,\n"
"REV+N, REV-N, and comma lists. Exit status: 0 success, 1 input error,\n"
"2 usage error, 3 range cannot be resolved. See migsql(1).\n";

static int
finish(struct diags *d, int code)
{
	diags_print(d, stderr);
	if (d->errors > 0)
		code = d->exit_code;
	/* As after usage_error(): every usage error ends the same way. */
	if (d->errors > 0 && code == EXIT_USAGE)
		fputs("Try 'migsql --help'.\n", stderr);
	diags_free(d);
	return code;
}

static int
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	fputs("migsql: error: ", stderr);
	diag_fputs(strbuf_str(&sb), stderr);
	fputs("\nTry 'migsql --help'.\n", stderr);
	strbuf_free(&sb);
	return EXIT_USAGE;
}

/* Loads the project and the chain (no dialect); returns 1 when clean. */
static int
load_chain(const struct options *o, const char *const *dialects,
    struct project *proj, struct chain *c, struct diags *d)
{
	struct load_options lo = { dialects, NULL, NULL, 1 };
	struct revision **revs;
	size_t n;
	int ok;

	memset(c, 0, sizeof *c);
	if (!project_load(proj, o->dir, d))
		return 0;
	revisions_load(proj, &lo, &revs, &n, d);
	ok = chain_build(c, revs, n, d);
	return ok && d->errors == 0;
}

static void
rev_markers(const struct chain *c, size_t i, struct strbuf *out)
{
	const struct chain_node *nd = &c->nodes[i];
	size_t k;

	for (k = 0; k < nd->rev->labels.n; k++)
		strbuf_addf(out, " (%s)", nd->rev->labels.ids[k]);
	if (nd->nchildren == 0)
		strbuf_adds(out, " (head)");
	if (nd->ndown_children > 1)
		strbuf_adds(out, " (branchpoint)");
	if (nd->ndown > 1)
		strbuf_adds(out, " (mergepoint)");
}

static void
history_line(const struct chain *c, size_t i, struct strbuf *out)
{
	const struct revision *r = c->nodes[i].rev;
	size_t k;

	if (r->down.n == 0)
		strbuf_adds(out, "<base>");
	else if (r->down.n == 1)
		strbuf_adds(out, r->down.ids[0]);
	else {
		strbuf_addc(out, '(');
		for (k = 0; k < r->down.n; k++)
			strbuf_addf(out, "%s%s", k ? ", " : "", r->down.ids[k]);
		strbuf_addc(out, ')');
	}
	strbuf_addf(out, " -> %s", r->id);
	rev_markers(c, i, out);
	if (r->depends.n > 0) {
		strbuf_adds(out, " (depends on ");
		for (k = 0; k < r->depends.n; k++)
			strbuf_addf(out, "%s%s", k ? ", " : "",
			    r->depends.ids[k]);
		strbuf_addc(out, ')');
	}
	/* One line, shown as itself: a line break as \n, an escape sequence
	   or a bidirectional control escaped (text_escape()). */
	strbuf_adds(out, ", ");
	text_escape(r->message, strlen(r->message), 0, out);
	strbuf_addc(out, '\n');
}

static int
cmd_info(const char *cmd, const struct options *o, struct diags *d)
{
	struct project proj;
	struct chain c;
	struct strbuf out = STRBUF_INIT;
	size_t i, k;
	int code = EXIT_OK;

	if (!load_chain(o, NULL, &proj, &c, d))
		goto done;
	if (strcmp(cmd, "history") == 0) {
		if (o->nargs > 1) {
			code = usage_error("history takes at most one range, not "
			    "'%s'", o->args[1]);
			goto done;
		}
		size_t *revs = xmalloc((c.n ? c.n : 1) * sizeof *revs), n = 0;

		if (o->nargs == 1) {
			struct plan p;

			if (plan_build(&c, 1, o->args[0], &p, d))
				for (i = p.nsteps; i-- > 0;)
					revs[n++] = p.steps[i].rev;
			plan_free(&p);
		} else
			for (i = c.n; i-- > 0;)
				revs[n++] = c.order[i];
		if (o->graph)
			graph_lines(&c, revs, n, history_line, &out);
		else
			for (i = 0; i < n; i++)
				history_line(&c, revs[i], &out);
		free(revs);
	} else if (strcmp(cmd, "graph") == 0) {
		unsigned char *in = NULL;

		if (o->nargs > 1) {
			code = usage_error("graph takes at most one range, not "
			    "'%s'", o->args[1]);
			goto done;
		}
		if (o->nargs == 1) {
			struct plan p;

			in = xcalloc(c.n ? c.n : 1, 1);
			if (plan_build(&c, 1, o->args[0], &p, d))
				for (i = 0; i < p.nsteps; i++)
					in[p.steps[i].rev] = 1;
			plan_free(&p);
		}
		graph_dot(&c, in, &out);
		free(in);
	} else if (strcmp(cmd, "heads") == 0) {
		for (i = 0; i < c.nheads; i++) {
			strbuf_adds(&out, c.nodes[c.heads[i]].rev->id);
			rev_markers(&c, c.heads[i], &out);
			strbuf_addc(&out, '\n');
		}
	} else if (strcmp(cmd, "branches") == 0) {
		for (i = 0; i < c.n; i++) {
			const struct chain_node *nd = &c.nodes[c.order[i]];

			if (nd->ndown_children < 2)
				continue;
			strbuf_adds(&out, nd->rev->id);
			rev_markers(&c, c.order[i], &out);
			strbuf_addf(&out, ", %s\n", nd->rev->message);
			for (k = 0; k < nd->ndown_children; k++) {
				strbuf_addf(&out, "  -> %s",
				    c.nodes[nd->children[k]].rev->id);
				rev_markers(&c, nd->children[k], &out);
				strbuf_addf(&out, ", %s\n",
				    c.nodes[nd->children[k]].rev->message);
			}
		}
	} else {	/* show */
		size_t *set = NULL, n = 0;

		if (o->nargs != 1) {
			code = usage_error("%s", "show takes one revision");
			goto done;
		}
		if (plan_resolve(&c, o->args[0], &set, &n, d) && n != 1)
			diag_error(d, EXIT_RANGE, NULL, "'%s' names %zu "
			    "revisions; show takes one", o->args[0], n);
		if (d->errors == 0) {
			const struct chain_node *nd = &c.nodes[set[0]];
			const struct revision *r = nd->rev;

			strbuf_addf(&out, "Revision: %s", r->id);
			rev_markers(&c, set[0], &out);
			strbuf_adds(&out, "\nParents: ");
			for (k = 0; k < r->down.n; k++)
				strbuf_addf(&out, "%s%s", k ? ", " : "",
				    r->down.ids[k]);
			if (r->down.n == 0)
				strbuf_adds(&out, "<base>");
			if (r->depends.n > 0) {
				strbuf_adds(&out, "\nDepends on: ");
				for (k = 0; k < r->depends.n; k++)
					strbuf_addf(&out, "%s%s", k ? ", " : "",
					    r->depends.ids[k]);
			}
			if (r->labels.n > 0) {
				strbuf_adds(&out, "\nBranch labels: ");
				for (k = 0; k < r->labels.n; k++)
					strbuf_addf(&out, "%s%s", k ? ", " : "",
					    r->labels.ids[k]);
			}
			if (nd->nchildren > 0) {
				strbuf_adds(&out, "\nChildren: ");
				for (k = 0; k < nd->nchildren; k++)
					strbuf_addf(&out, "%s%s", k ? ", " : "",
					    c.nodes[nd->children[k]].rev->id);
			}
			strbuf_addf(&out, "\nPath: %s\nUpgrade: %zu operation%s"
			    "\nDowngrade: ", r->file, r->nupgrade,
			    r->nupgrade == 1 ? "" : "s");
			if (r->has_downgrade)
				strbuf_addf(&out, "%zu operation%s",
				    r->ndowngrade, r->ndowngrade == 1 ? "" : "s");
			else
				strbuf_adds(&out, r->nupgrade ? "not written" :
				    "nothing to revert");
			strbuf_addf(&out, "\n\n    %s\n", r->message);
		}
		free(set);
	}
	if (d->errors == 0) {
		/* Nothing from a revision reaches the terminal as a control:
		   show's message keeps its lines, and only them. */
		struct strbuf shown = STRBUF_INIT;

		text_escape(strbuf_str(&out), out.len, TEXT_KEEP_NEWLINE |
		    TEXT_KEEP_TAB, &shown);
		fputs(strbuf_str(&shown), stdout);
		strbuf_free(&shown);
	}
done:
	strbuf_free(&out);
	chain_free(&c);
	project_free(&proj);
	return finish(d, code);
}

/* A duration option's value in milliseconds, or 0 after a usage error. */
static int
option_ms(const char *opt, const char *text, unsigned long *ms)
{
	struct node n;
	int b;

	memset(&n, 0, sizeof n);
	n.kind = NODE_SCALAR;
	n.text = (char *)text;
	n.type = node_resolve_plain(text, &b);
	if (duration_ms(&n, ms) && *ms > 0)
		return 1;
	usage_error("%s takes a duration such as 500ms, 5s or 2min, not '%s'",
	    opt, text);
	return 0;
}

/*
 * The command line over migsql.yaml: the variables (a valid name, a value
 * in UTF-8) and the timeouts.  Returns EXIT_OK, or EXIT_USAGE after a
 * usage error.
 */
static int
apply_options(const struct options *o, struct project *proj)
{
	size_t bad;
	int i;

	if (o->per_revision)
		proj->transaction_per_revision = 1;
	for (i = 0; i < o->nvars; i++) {
		const char *eq = strchr(o->vars[i], '=');
		char *name;

		if (eq == NULL)
			return usage_error("--var takes NAME=VALUE, not '%s'",
			    o->vars[i]);
		name = xstrndup(o->vars[i], (size_t)(eq - o->vars[i]));
		if (!vars_name_valid(name)) {
			usage_error("--var: '%s' is not a variable name "
			    "(letters, digits and _, not starting with a "
			    "digit)", name);
			free(name);
			return EXIT_USAGE;
		}
		/* The value goes into the script and its header (the
		   command in normal form), which are UTF-8 text. */
		if ((bad = utf8_valid(eq + 1, strlen(eq + 1))) != (size_t)-1) {
			usage_error("--var %s: the value '%s' is not valid "
			    "UTF-8 (byte 0x%02x at offset %zu): a script is "
			    "UTF-8 text", name, eq + 1,
			    (unsigned char)eq[1 + bad], bad);
			free(name);
			return EXIT_USAGE;
		}
		vars_set(&proj->vars, name, eq + 1, "--var");
		free(name);
	}
	if (o->lock_timeout != NULL && !option_ms("--lock-timeout",
	    o->lock_timeout, &proj->lock_timeout_ms))
		return EXIT_USAGE;
	if (o->statement_timeout != NULL && !option_ms("--statement-timeout",
	    o->statement_timeout, &proj->statement_timeout_ms))
		return EXIT_USAGE;
	return EXIT_OK;
}

/* Appends prefix and word, in single quotes when the shell needs them. */
static void
shell_word(struct strbuf *sb, const char *prefix, const char *word)
{
	const char *p;

	strbuf_adds(sb, prefix);
	if (*word != '\0' && strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789_=.,:/+-") == strlen(word)) {
		strbuf_adds(sb, word);
		return;
	}
	strbuf_addc(sb, '\'');
	for (p = word; *p; p++) {
		if (*p == '\'')
			strbuf_adds(sb, "'\\''");
		else
			strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '\'');
}

/*
 * The project's dialect, for a command given no --dialect: returns
 * proj->dialect, or NULL after an error in d (EXIT_USAGE when migsql.yaml
 * sets none; EXIT_INPUT at the value when it names a file).  A dialect
 * file decides every byte of the frame, and the repository under review
 * may bring one: a file is loaded only when the command line names it.
 */
static const char *
project_dialect(const struct project *proj, struct diags *d)
{
	const struct node *v;
	struct strbuf sb = STRBUF_INIT;

	if (proj->dialect == NULL) {
		diag_error(d, EXIT_USAGE, NULL, "no dialect: pass --dialect "
		    "NAME or set 'dialect' in migsql.yaml");
		return NULL;
	}
	if (!dialect_is_path(proj->dialect))
		return proj->dialect;
	v = node_get(proj->root, "dialect");
	shell_word(&sb, "--dialect ", proj->dialect);
	diag_error(d, EXIT_INPUT, v != NULL ? &v->loc : NULL, "'dialect: %s' "
	    "names a file, not a dialect on the search path: a dialect file "
	    "from the project is used only when --dialect names it on the "
	    "command line (migsql ... %s)", proj->dialect, sb.buf);
	strbuf_free(&sb);
	return NULL;
}

/*
 * Loads the project, the dialect darg (or the project's) and the chain.
 * Returns EXIT_OK with *have_dl set when all loaded (errors in d
 * otherwise), or a usage error's code.
 */
static int
load_all(const struct options *o, const char *darg, struct project *proj,
    struct dialect *dl, struct chain *c, char ***names, int *have_dl,
    struct diags *d)
{
	char *path;

	if (!project_load(proj, o->dir, d))
		return EXIT_OK;
	if (apply_options(o, proj) != EXIT_OK)
		return EXIT_USAGE;
	if (darg == NULL && (darg = project_dialect(proj, d)) == NULL)
		return EXIT_OK;
	if ((path = dialect_find(darg, d)) == NULL)
		return EXIT_OK;
	*have_dl = 1;
	if (!dialect_load(dl, path, darg, d)) {
		free(path);
		return EXIT_OK;
	}
	free(path);
	*names = dialect_names(dl->name);
	{
		struct load_options lo = { (const char *const *)*names,
		    &proj->vars, dl->name, 0 };
		struct revision **revs;
		size_t n;

		revisions_load(proj, &lo, &revs, &n, d);
		chain_build(c, revs, n, d);
	}
	return EXIT_OK;
}

/*
 * For upgrade, downgrade and schema: 1 when -o is absent, standard output,
 * or a path outpath_check() accepts; 0 after its usage error.
 */
static int
output_ok(const struct options *o, const char *what,
    const struct project *proj, const struct chain *c,
    const struct dialect *dl, struct diags *d)
{
	if (o->output == NULL || strcmp(o->output, "-") == 0)
		return 1;
	return outpath_check(o->output, what, proj, c, dl, 1, d);
}

static int
cmd_schema(const struct options *o, struct diags *d)
{
	struct project proj;
	struct chain c;
	struct dialect dl;
	struct strbuf out = STRBUF_INIT;
	char **names = NULL;
	size_t *set = NULL, n = 0, i;
	int code, have_dl = 0;

	memset(&c, 0, sizeof c);
	memset(&dl, 0, sizeof dl);
	if (o->nargs != 1)
		return usage_error("%s", "schema takes one revision");
	code = load_all(o, o->dialect, &proj, &dl, &c, &names, &have_dl, d);
	if (code != EXIT_OK || d->errors > 0 ||
	    !output_ok(o, "the schema", &proj, &c, &dl, d))
		goto done;
	if (!plan_resolve(&c, o->args[0], &set, &n, d))
		goto done;
	strbuf_addf(&out, "migsql schema %s --dialect %s", o->args[0], dl.name);
	for (i = 0; i < (size_t)o->nvars; i++)
		shell_word(&out, " --var ", o->vars[i]);
	{
		struct strbuf sql = STRBUF_INIT;

		if (emit_schema(&c, set, n, &dl, out.buf, &sql, d))
			emit_write(o->output ? o->output : "-", sql.buf,
			    sql.len, d);
		strbuf_free(&sql);
	}
done:
	free(set);
	strbuf_free(&out);
	dialect_names_free(names);
	if (have_dl)
		dialect_free(&dl);
	chain_free(&c);
	project_free(&proj);
	return finish(d, code);
}

/*
 * The key merge_diags() looks a diagnostic up by, in key: severity, place,
 * rule, the dialect of a lint finding, whether it is ignored, and message,
 * each text with its length first so that no two keys differ only where
 * one field ends and the next begins.  Returns key->buf.
 */
static const char *
diag_key(struct strbuf *key, const struct diag *x)
{
	const char *file = x->loc.file ? x->loc.file : "";
	const char *rule = x->rule ? x->rule : "";
	const char *dl = x->rule && x->dialect ? x->dialect : "";

	strbuf_reset(key);
	strbuf_addf(key, "%d:%u:%u:%zu:%s%zu:%s%zu:%s%d%d:%s", (int)x->severity,
	    x->loc.line, x->loc.col, strlen(file), file, strlen(rule), rule,
	    strlen(dl), dl, x->suppressed != NULL, x->alone, x->message);
	return key->buf;
}

/*
 * Appends the diagnostics of from that to does not have yet, each with
 * the notes that follow it, those new to to marked as found by dialect
 * (NULL: left as they are).
 * A hash set, not a search of to: a check of a long chain merges tens of
 * thousands.
 */
static void
merge_diags(struct diags *to, const struct diags *from, const char *dialect)
{
	struct strmap seen = STRMAP_INIT;	/* errors and warnings in to */
	struct strbuf key = STRBUF_INIT;
	size_t i, first = to->len;
	int kept = 1;	/* the last error or warning was kept */

	for (i = 0; i < to->len; i++)
		if (to->items[i].severity != SEV_NOTE || to->items[i].alone)
			strmap_put(&seen, diag_key(&key, &to->items[i]), &seen);
	for (i = 0; i < from->len; i++) {
		const struct diag *x = &from->items[i];

		/* A note goes with the diagnostic before it. */
		if (x->severity == SEV_NOTE && !x->alone) {
			if (kept)
				diag_copy(to, x, 0, NULL);
			continue;
		}
		kept = strmap_get(&seen, diag_key(&key, x)) == NULL;
		if (!kept)
			continue;
		strmap_put(&seen, key.buf, &seen);
		diag_copy(to, x, from->exit_code, NULL);
	}
	if (dialect != NULL)
		diags_set_dialect(to, first, dialect);
	strmap_free(&seen);
	strbuf_free(&key);
}

/* Keeps what SARIF needs of the dialect of a run of check (dl: NULL when
 * it did not load): its name and a copy of its lint: section. */
static void
keep_run(struct diagfmt_run *run, const char *name, const struct dialect *dl)
{
	int k;

	run->dialect = name;
	run->loaded = dl != NULL;
	for (k = 0; dl != NULL && k < LINT_COUNT; k++) {
		run->lint[k] = dl->lint[k];
		run->lint[k].text = dl->lint[k].text ?
		    xstrdup(dl->lint[k].text) : NULL;
	}
}

static void
free_runs(struct diagfmt_run *runs, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		for (k = 0; k < LINT_COUNT; k++)
			free(runs[i].lint[k].text);
	free(runs);
}

/*
 * check and lint with --format=json|sarif: every finding to stdout in that
 * form (nothing to stderr: the document is the report), d freed.  Returns
 * the exit status, as finish() would.
 */
static int
write_findings(const struct options *o, struct diags *d,
    const struct diagfmt_run *runs, size_t nruns, int code)
{
	char *uri = NULL;
	int rc;

	if (o->format == DIAG_FORMAT_JSON)
		rc = diags_write_json(d, stdout);
	else {
		if ((uri = diagfmt_dir_uri(o->dir)) == NULL)
			uri = xstrdup("file:///");
		rc = diags_write_sarif(d, runs, nruns, uri, stdout);
	}
	free(uri);
	if (d->errors > 0)
		code = d->exit_code;
	if (rc != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "migsql: error: writing the findings: %s\n",
		    strerror(errno));
		code = EXIT_INPUT;
	}
	diags_free(d);
	return code;
}

/*
 * The revisions of c released already, for check and lint: --since REV
 * (the revisions REV names and all their ancestors, down_revision and
 * depends_on) and --against OLD_MANIFEST (those the release lists), into
 * a malloc'd array of c->n bytes with the reason in why; NULL when
 * neither is given or after errors in d.
 */
static unsigned char *
released_set(const struct options *o, const struct chain *c,
    struct strbuf *why, struct diags *d)
{
	unsigned char *rel;
	size_t *set = NULL, n = 0, *stack, top = 0, i, p;

	if (o->since == NULL && o->against == NULL)
		return NULL;
	rel = xcalloc(c->n ? c->n : 1, 1);
	stack = xmalloc((c->n ? c->n : 1) * sizeof *stack);
	strbuf_adds(why, "released");
	if (o->since != NULL && plan_resolve(c, o->since, &set, &n, d)) {
		for (i = 0; i < n; i++)
			if (!rel[set[i]]) {
				rel[set[i]] = 1;
				stack[top++] = set[i];
			}
		while (top > 0) {
			const struct chain_node *nd = &c->nodes[stack[--top]];

			for (p = 0; p < nd->nparents; p++)
				if (!rel[nd->parents[p]]) {
					rel[nd->parents[p]] = 1;
					stack[top++] = nd->parents[p];
				}
		}
		strbuf_addf(why, ": at or before %s (--since)", o->since);
	}
	free(set);
	free(stack);
	if (o->against != NULL) {
		bundle_manifest_released(o->against, c, rel, d);
		strbuf_addf(why, "%s in %s (--against)", o->since ? ", and" :
		    ":", o->against);
	}
	if (d->errors > 0) {
		free(rel);
		return NULL;
	}
	return rel;
}

/*
 * `migsql check` (lint = 0) and `migsql lint` (lint = 1): the same pass
 * (the chain, every revision rendered both ways in each dialect, the lint
 * findings), with a summary line of its own.
 */
static int
cmd_check(int lint, const struct options *o, struct diags *d)
{
	char **all = NULL;
	const char **which;
	struct diagfmt_run *runs;
	struct check_counts counts = { 0, 0 };
	size_t nwhich = 0, i, revs = 0, warnings = 0;
	int code = EXIT_OK;

	if (o->ndialects > 0) {
		which = xmalloc((size_t)o->ndialects * sizeof *which);
		for (i = 0; i < (size_t)o->ndialects; i++)
			which[nwhich++] = o->dialects[i];
	} else {
		all = dialect_names(NULL);
		for (i = 0; all[i] != NULL; i++)
			;
		which = xmalloc((i ? i : 1) * sizeof *which);
		for (i = 0; all[i] != NULL; i++)
			which[nwhich++] = all[i];
		if (nwhich == 0) {
			free(which);
			dialect_names_free(all);
			return usage_error("%s", "no dialect files on the search "
			    "path (MIGSQL_DIALECT_PATH, then beside this program, "
			    "then " PKGDATADIR "/dialects): pass --dialect");
		}
	}
	runs = xcalloc(nwhich, sizeof *runs);
	for (i = 0; i < nwhich && code == EXIT_OK; i++) {
		struct project proj;
		struct chain c;
		struct dialect dl;
		struct diags one;
		char **names = NULL;
		int have_dl = 0;

		memset(&c, 0, sizeof c);
		memset(&dl, 0, sizeof dl);
		diags_init(&one);
		code = load_all(o, which[i], &proj, &dl, &c, &names, &have_dl,
		    &one);
		if (code == EXIT_OK && one.errors == 0 && c.valid) {
			struct strbuf why = STRBUF_INIT;
			struct check_release rel = { NULL, NULL };

			rel.released = released_set(o, &c, &why, &one);
			rel.why = why.buf;
			if (one.errors == 0)
				render_check_chain(&c, &dl, &proj, &rel, &one,
				    &counts);
			free((unsigned char *)rel.released);
			strbuf_free(&why);
			/* Then the written downgrades in the order they run:
			   one can fail for what an earlier one left. */
			if (one.errors == 0)
				checkwalk_downgrades(&c, &dl, &one);
			revs = c.n;
			if (dl.lint[LINT_NO_LOCK_TIMEOUT].on &&
			    proj.lock_timeout_ms == 0) {
				struct loc l = { proj.file, 0, 0 };

				lint_report(&one, dl.name,
				    &dl.lint[LINT_NO_LOCK_TIMEOUT],
				    LINT_NO_LOCK_TIMEOUT, &l, NULL, 0,
				    "no lock_timeout is set");
			}
			if (dl.lint[LINT_NO_STATEMENT_TIMEOUT].on &&
			    proj.statement_timeout_ms == 0) {
				struct loc l = { proj.file, 0, 0 };

				lint_report(&one, dl.name,
				    &dl.lint[LINT_NO_STATEMENT_TIMEOUT],
				    LINT_NO_STATEMENT_TIMEOUT, &l, NULL, 0,
				    "no statement_timeout is set");
			}
		}
		merge_diags(d, &one, which[i]);
		diags_free(&one);
		keep_run(&runs[i], which[i], have_dl ? &dl : NULL);
		dialect_names_free(names);
		if (have_dl)
			dialect_free(&dl);
		chain_free(&c);
		project_free(&proj);
	}
	for (i = 0; i < d->len; i++)
		if (d->items[i].severity == SEV_WARNING &&
		    d->items[i].suppressed == NULL)
			warnings++;
	if (o->format != DIAG_FORMAT_TEXT) {
		code = write_findings(o, d, runs, nwhich, code);
		free_runs(runs, nwhich);
		free(which);
		dialect_names_free(all);
		return code;
	}
	free_runs(runs, nwhich);
	if (code == EXIT_OK && d->errors == 0) {
		printf("%s %zu revision%s in %zu dialect%s (", lint ? "linted" :
		    "checked", revs, revs == 1 ? "" : "s", nwhich,
		    nwhich == 1 ? "" : "s");
		for (i = 0; i < nwhich; i++)
			printf("%s%s", i ? ", " : "", which[i]);
		printf("): no errors, %zu warning%s, %zu finding%s ignored",
		    warnings, warnings == 1 ? "" : "s", counts.ignored,
		    counts.ignored == 1 ? "" : "s");
		if (o->since != NULL || o->against != NULL)
			printf(", %zu in released revisions", counts.released);
		putchar('\n');
	}
	free(which);
	dialect_names_free(all);
	return finish(d, code);
}

/*
 * The options that change what a script says, as command-line flags for
 * its header (" --var a=b --lock-timeout 500ms"), appended to sb.
 */
static void
render_flags(const struct options *o, const struct project *proj,
    struct strbuf *sb)
{
	int i;

	if (o->per_revision)
		strbuf_adds(sb, " --transaction-per-revision");
	for (i = 0; i < o->nvars; i++)
		shell_word(sb, " --var ", o->vars[i]);
	if (o->lock_timeout != NULL)
		strbuf_addf(sb, " --lock-timeout %lums", proj->lock_timeout_ms);
	if (o->statement_timeout != NULL)
		strbuf_addf(sb, " --statement-timeout %lums",
		    proj->statement_timeout_ms);
}

static int
cmp_dialect(const void *a, const void *b)
{
	return strcmp(((const struct dialect *)a)->name,
	    ((const struct dialect *)b)->name);
}

/*
 * For bundle and verify: loads the project, the n dialects in args (none:
 * the project's) into *dls, and the chain with every dialect's name known.
 * Returns EXIT_OK (errors, if any, in d) or a usage error's code.
 */
static int
load_release(const struct options *o, const char *const *args, size_t n,
    struct project *proj, struct dialect **dls, size_t *ndl,
    struct chain *c, struct diags *d)
{
	const char *dflt[1];
	char **names, **all;
	size_t i, k, nn;

	*dls = NULL;
	*ndl = 0;
	if (!project_load(proj, o->dir, d))
		return EXIT_OK;
	if (apply_options(o, proj) != EXIT_OK)
		return EXIT_USAGE;
	if (n == 0) {
		if ((dflt[0] = project_dialect(proj, d)) == NULL)
			return EXIT_OK;
		args = dflt;
		n = 1;
	}
	*dls = xcalloc(n, sizeof **dls);
	for (i = 0; i < n; i++) {
		char *path = dialect_find(args[i], d);

		if (path == NULL)
			continue;
		if (dialect_load(&(*dls)[*ndl], path, args[i], d))
			(*ndl)++;
		else
			dialect_free(&(*dls)[*ndl]);
		free(path);
	}
	if (d->errors > 0)
		return EXIT_OK;
	/* By name, whatever the order of -d: the bundle's bytes stay the same. */
	qsort(*dls, *ndl, sizeof **dls, cmp_dialect);
	for (k = 1; k < *ndl; k++)
		if (strcmp((*dls)[k - 1].name, (*dls)[k].name) == 0)
			return usage_error("dialect '%s' is given twice",
			    (*dls)[k].name);
	all = dialect_names(NULL);
	for (nn = 0; all[nn] != NULL; nn++)
		;
	names = xcalloc(nn + *ndl + 1, sizeof *names);
	for (i = 0; i < nn; i++)
		names[i] = all[i];
	for (k = 0; k < *ndl; k++) {
		for (i = 0; i < nn; i++)
			if (strcmp(names[i], (*dls)[k].name) == 0)
				break;
		if (i == nn)
			names[nn++] = (*dls)[k].name;
	}
	{
		/* An `if` on the dialect name in a .py revision is decided
		   for the one dialect of a bundle; with several it is an
		   error (pyrev.h). */
		struct load_options lo = { (const char *const *)names,
		    &proj->vars, *ndl == 1 ? (*dls)[0].name : NULL, 0 };
		struct revision **revs;
		size_t nrevs;

		revisions_load(proj, &lo, &revs, &nrevs, d);
		chain_build(c, revs, nrevs, d);
	}
	free(names);
	dialect_names_free(all);
	return EXIT_OK;
}

static void
free_dialects(struct dialect *dls, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dialect_free(&dls[i]);
	free(dls);
}

static int
cmd_bundle(int verify, const struct options *o, struct diags *d)
{
	struct project proj;
	struct chain c;
	struct dialect *dls = NULL;
	struct strbuf flags = STRBUF_INIT;
	struct diags one;
	char **mnames = NULL;
	const char *manifest = verify ? o->args[0] : o->against;
	size_t ndl = 0, checked = 0;
	int code;

	memset(&c, 0, sizeof c);
	if (o->nargs != 1)
		return usage_error("%s", verify ? "verify takes the manifest of "
		    "a release: verify OLD_MANIFEST" : "bundle takes one "
		    "directory: bundle OUTDIR");
	if (verify && o->ndialects == 0) {
		/* The release's dialects. */
		size_t n;

		if ((mnames = bundle_manifest_dialects(manifest, d)) == NULL)
			return finish(d, EXIT_OK);
		for (n = 0; mnames[n] != NULL; n++)
			;
		code = load_release(o, (const char *const *)mnames, n, &proj,
		    &dls, &ndl, &c, d);
	} else
		code = load_release(o, o->dialects, (size_t)o->ndialects,
		    &proj, &dls, &ndl, &c, d);
	if (code != EXIT_OK || d->errors > 0 || !c.valid)
		goto done;
	if (!verify && !outpath_check(o->args[0], "the bundle", &proj, &c,
	    dls, ndl, d))
		goto done;
	render_flags(o, &proj, &flags);
	/* Each revision is rendered several times: say each thing once. */
	diags_init(&one);
	if (manifest == NULL || bundle_verify(&proj, &c, dls, ndl, manifest,
	    strbuf_str(&flags), &checked, &one)) {
		struct bundle_options bo = { o->args[0], o->from,
		    strbuf_str(&flags) };

		if (verify)
			printf("%zu released revision%s unchanged (%s)\n",
			    checked, checked == 1 ? "" : "s", manifest);
		else if (bundle_write(&proj, &c, dls, ndl, &bo, &one))
			printf("%s\n", o->args[0]);
	}
	merge_diags(d, &one, NULL);
	diags_free(&one);
done:
	strbuf_free(&flags);
	dialect_names_free(mnames);
	free_dialects(dls, ndl);
	chain_free(&c);
	project_free(&proj);
	return finish(d, code);
}

/*
 * `migsql new -m MESSAGE` (merge = 0) and `migsql merge -m MESSAGE
 * [REV...]` (merge = 1): one revision file, written by new_revision().
 */
static int
cmd_new(int merge, const struct options *o, struct diags *d)
{
	struct project proj;
	struct chain c;
	struct new_options no;
	char *path = NULL;

	if (!merge && o->nargs > 0)
		return usage_error("unexpected argument '%s'", o->args[0]);
	if (o->message == NULL)
		return usage_error("%s needs a message: -m MESSAGE",
		    merge ? "merge" : "new");
	memset(&no, 0, sizeof no);
	no.message = o->message;
	no.labels = o->labels;
	no.nlabels = (size_t)o->nlabels;
	if (merge) {
		no.merge = 1;
		no.parents = (const char *const *)o->args;
		no.nparents = (size_t)o->nargs;
	} else {
		no.head = o->head;
		no.depends = o->depends;
		no.ndepends = (size_t)o->ndepends;
	}
	if (load_chain(o, NULL, &proj, &c, d) &&
	    new_revision(&proj, &c, &no, &path, d))
		printf("%s\n", path);
	free(path);
	chain_free(&c);
	project_free(&proj);
	return finish(d, EXIT_OK);
}

/*
 * `migsql import [REV...]`: YAML revision files from the project's .py
 * ones (pyimport.h).  An `if` on the dialect name is decided for -d, or
 * the project's dialect; with neither it is left as todo.
 */
static int
cmd_import(const struct options *o, struct diags *d)
{
	struct project proj;
	struct dialect dl;
	const char *darg = o->dialect;
	char **names = NULL, *path;
	int have_dl = 0;

	memset(&dl, 0, sizeof dl);
	if (!project_load(&proj, o->dir, d))
		goto done;
	if (apply_options(o, &proj) != EXIT_OK) {
		project_free(&proj);
		return EXIT_USAGE;
	}
	if (darg == NULL)
		darg = proj.dialect;
	if (darg != NULL) {
		if ((path = dialect_find(darg, d)) == NULL)
			goto done;
		have_dl = dialect_load(&dl, path, darg, d);
		free(path);
		if (!have_dl)
			goto done;
	}
	names = dialect_names(have_dl ? dl.name : NULL);
	{
		struct load_options lo = { (const char *const *)names,
		    &proj.vars, have_dl ? dl.name : NULL, 0 };

		pyimport_run(&proj, lo.dialect, &lo,
		    (const char *const *)o->args, (size_t)o->nargs, d);
	}
done:
	dialect_names_free(names);
	if (have_dl)
		dialect_free(&dl);
	project_free(&proj);
	return finish(d, EXIT_OK);
}

/*
 * `migsql stamp [FROM:]TO`: a guarded script that writes only the version
 * table (emit_stamp); FROM defaults to base (no version table, or an
 * empty one).
 */
static int
cmd_stamp(const struct options *o, struct diags *d)
{
	struct project proj;
	struct chain c;
	struct dialect dl;
	struct strbuf script = STRBUF_INIT, command = STRBUF_INIT;
	char **names = NULL, *from_s = NULL;
	const char *to_s, *colon;
	size_t *from = NULL, *to = NULL, nfrom = 0, nto = 0;
	int code = EXIT_OK, have_dl = 0;

	memset(&c, 0, sizeof c);
	memset(&dl, 0, sizeof dl);
	if (o->nargs != 1)
		return usage_error("%s", "stamp takes one range: [FROM:]TO");
	code = load_all(o, o->dialect, &proj, &dl, &c, &names, &have_dl, d);
	if (code != EXIT_OK || d->errors > 0 ||
	    !output_ok(o, "the script", &proj, &c, &dl, d))
		goto done;
	colon = strchr(o->args[0], ':');
	from_s = colon ? xstrndup(o->args[0], (size_t)(colon - o->args[0])) :
	    xstrdup("base");
	to_s = colon ? colon + 1 : o->args[0];
	if (!plan_resolve(&c, from_s, &from, &nfrom, d) ||
	    !plan_resolve(&c, to_s, &to, &nto, d))
		goto done;
	strbuf_addf(&command, "migsql stamp %s:%s --dialect %s%s", from_s,
	    to_s, dl.name, o->no_verify ? " --no-verify-schema" : "");
	render_flags(o, &proj, &command);
	if (!emit_stamp(&c, from, nfrom, to, nto, !o->no_verify, &dl, &proj,
	    command.buf, &script, d))
		goto done;
	emit_write(o->output ? o->output : "-", script.buf, script.len, d);
done:
	free(from_s);
	free(from);
	free(to);
	strbuf_free(&script);
	strbuf_free(&command);
	dialect_names_free(names);
	if (have_dl)
		dialect_free(&dl);
	chain_free(&c);
	project_free(&proj);
	return finish(d, code);
}

static int
cmd_script(int upgrade, const struct options *o, struct diags *d)
{
	struct project proj;
	struct chain c;
	struct dialect dl;
	struct plan p;
	struct strbuf script = STRBUF_INIT, command = STRBUF_INIT;
	char **names = NULL;
	int code = EXIT_OK, have_dl = 0, have_plan = 0;

	memset(&c, 0, sizeof c);
	memset(&dl, 0, sizeof dl);
	if (o->nargs != 1)
		return usage_error("%s", upgrade ?
		    "upgrade takes one range: [FROM:]TO" :
		    "downgrade takes one range: FROM:TO");
	code = load_all(o, o->dialect, &proj, &dl, &c, &names, &have_dl, d);
	if (code != EXIT_OK)
		goto done;
	if (d->errors > 0 || !output_ok(o, "the script", &proj, &c, &dl, d))
		goto done;
	have_plan = 1;
	if (!plan_build(&c, upgrade, o->args[0], &p, d))
		goto done;
	/* The dialect's name, never a path: the header stays the same on
	 * every machine. */
	strbuf_addf(&command, "migsql %s %s%s --dialect %s",
	    upgrade ? "upgrade" : "downgrade",
	    upgrade && strchr(o->args[0], ':') == NULL ? "base:" : "",
	    o->args[0], dl.name);
	render_flags(o, &proj, &command);
	if (!emit_script(&c, &p, &dl, &proj, command.buf, NULL, &script, d))
		goto done;
	emit_write(o->output ? o->output : "-", script.buf, script.len, d);
done:
	if (have_plan)
		plan_free(&p);
	strbuf_free(&script);
	strbuf_free(&command);
	dialect_names_free(names);
	if (have_dl)
		dialect_free(&dl);
	chain_free(&c);
	project_free(&proj);
	return finish(d, code);
}

/*
 * Appends optarg to a repeatable option's values (cap: the room struct
 * options has for them); returns 0 after a usage error when it is full.
 */
static int
push_arg_at(const char **arr, int *n, int cap, const char *opt)
{
	if (*n == cap) {
		usage_error("too many --%s options", opt);
		return 0;
	}
	arr[(*n)++] = optarg;
	return 1;
}
#define push_arg(arr, n, opt) \
	push_arg_at((arr), (n), (int)(sizeof (arr) / sizeof (arr)[0]), (opt))

/*
 * The options each command takes, by getopt character, and those of them
 * that may be repeated, as in migsql(1)'s SYNOPSIS and OPTIONS.  The
 * settings -C, -d, --var, --lock-timeout, --statement-timeout and
 * --transaction-per-revision stand for migsql.yaml's keys, which every
 * command reads: every command takes them, and one that has no use for a
 * setting ignores it as it ignores the key (Alembic's global -c and -x
 * are taken by every command the same way).  The other options belong to
 * their commands: given to another, or a single-valued option given twice,
 * they are usage errors, so nothing on the command line is ignored that
 * was meant for the command run, nor silently overridden.
 */
#define SETTINGS "CdvLST"
static const struct {
	const char	*name;
	const char	*takes;
	const char	*repeatable;
} commands[] = {
	{ "upgrade",	SETTINGS "o",		"v" },
	{ "downgrade",	SETTINGS "o",		"v" },
	{ "history",	SETTINGS "g",		"v" },
	{ "graph",	SETTINGS,		"v" },
	{ "heads",	SETTINGS,		"v" },
	{ "branches",	SETTINGS,		"v" },
	{ "show",	SETTINGS,		"v" },
	{ "check",	SETTINGS "fRA",		"dv" },
	{ "lint",	SETTINGS "fRA",		"dv" },
	{ "schema",	SETTINGS "o",		"v" },
	{ "bundle",	SETTINGS "FA",		"dv" },
	{ "verify",	SETTINGS,		"dv" },
	{ "new",	SETTINGS "mHBD",	"vBD" },
	{ "merge",	SETTINGS "mB",		"vB" },
	{ "stamp",	SETTINGS "oX",		"v" },
	{ "import",	SETTINGS,		"v" },
};

/*
 * Checks o->given against what cmd takes; prints one line per option that
 * does not belong (and one "Try" line).  Returns EXIT_OK, EXIT_USAGE after
 * such errors, or -1 when cmd is no command.
 */
static int
check_command_options(const char *cmd, const struct options *o,
    const struct option *longopts)
{
	const struct option *lo;
	size_t k;
	int errors = 0;

	for (k = 0; k < sizeof commands / sizeof commands[0]; k++)
		if (strcmp(commands[k].name, cmd) == 0)
			break;
	if (k == sizeof commands / sizeof commands[0])
		return -1;
	/* In the order of longopts (migsql(1)'s OPTIONS), so that messages
	   do not depend on the order of the command line. */
	for (lo = longopts; lo->name != NULL; lo++) {
		int ch = lo->val, n = o->given[ch];

		if (n == 0)
			continue;
		if (strchr(commands[k].takes, ch) == NULL) {
			fprintf(stderr, "migsql: error: %s does not take "
			    "--%s%s\n", cmd, lo->name, strcmp(cmd, "bundle")
			    == 0 && ch == 'o' ? ": it writes a directory, "
			    "given as bundle OUTDIR" : strcmp(cmd, "verify") ==
			    0 && strchr("FA", ch) != NULL ? " (a bundle "
			    "option)" : "");
			errors++;
		} else if (n > 1 && strchr(commands[k].repeatable, ch) == NULL) {
			fprintf(stderr, "migsql: error: --%s is given %d "
			    "times; %s takes it once\n", lo->name, n, cmd);
			errors++;
		}
	}
	if (errors == 0)
		return EXIT_OK;
	fputs("Try 'migsql --help'.\n", stderr);
	return EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "directory", required_argument, NULL, 'C' },
		{ "dialect", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "var", required_argument, NULL, 'v' },
		{ "lock-timeout", required_argument, NULL, 'L' },
		{ "statement-timeout", required_argument, NULL, 'S' },
		{ "transaction-per-revision", no_argument, NULL, 'T' },
		{ "message", required_argument, NULL, 'm' },
		{ "head", required_argument, NULL, 'H' },
		{ "branch-label", required_argument, NULL, 'B' },
		{ "depends-on", required_argument, NULL, 'D' },
		{ "from", required_argument, NULL, 'F' },
		{ "against", required_argument, NULL, 'A' },
		{ "format", required_argument, NULL, 'f' },
		{ "since", required_argument, NULL, 'R' },
		{ "no-verify-schema", no_argument, NULL, 'X' },
		{ "graph", no_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct options o;
	struct diags d;
	const char *cmd;
	int ch, code;

	memset(&o, 0, sizeof o);
	o.dir = ".";
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "C:d:o:m:hV", longopts,
	    NULL)) != -1) {
		if (ch > 0 && ch < 128 && o.given[ch] < 255)
			o.given[ch]++;
		switch (ch) {
		case 'C':
			o.dir = optarg;
			break;
		case 'd':
			o.dialect = optarg;
			if (!push_arg(o.dialects, &o.ndialects, "dialect"))
				return EXIT_USAGE;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'L':
			o.lock_timeout = optarg;
			break;
		case 'T':
			o.per_revision = 1;
			break;
		case 'v':
			if (!push_arg(o.vars, &o.nvars, "var"))
				return EXIT_USAGE;
			break;
		case 'S':
			o.statement_timeout = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case 'V':
			printf("migsql %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		case 'm':
			o.message = optarg;
			break;
		case 'H':
			o.head = optarg;
			break;
		case 'F':
			o.from = optarg;
			break;
		case 'A':
			o.against = optarg;
			break;
		case 'f':
			if ((o.format = diag_format_find(optarg)) < 0)
				return usage_error("unknown --format '%s' (text, "
				    "json or sarif)", optarg);
			break;
		case 'g':
			o.graph = 1;
			break;
		case 'R':
			o.since = optarg;
			break;
		case 'X':
			o.no_verify = 1;
			break;
		case 'B':
			if (!push_arg(o.labels, &o.nlabels, "branch-label"))
				return EXIT_USAGE;
			break;
		case 'D':
			if (!push_arg(o.depends, &o.ndepends, "depends-on"))
				return EXIT_USAGE;
			break;
		default:
			if (optopt != 0 && strchr("LSvHBDFAfR", optopt) != NULL) {
				const struct option *lo;

				for (lo = longopts; lo->val != optopt; lo++)
					;
				return usage_error("option --%s needs a value",
				    lo->name);
			}
			if (optopt != 0 && strchr("Cdom", optopt) != NULL)
				return usage_error("option -%c needs a value",
				    optopt);
			if (argv[optind - 1][0] == '-' &&
			    argv[optind - 1][1] != '\0' &&
			    strspn(argv[optind - 1] + 1, "0123456789") ==
			    strlen(argv[optind - 1] + 1))
				/* Alembic's "downgrade -1". */
				return usage_error("'%s' counts from the "
				    "database's current version, as Alembic's "
				    "does; offline there is none: name where to "
				    "count from, as heads-1 (one below the "
				    "heads), REV-1 or REV+1", argv[optind - 1]);
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no command given");
	cmd = argv[optind];
	if ((code = check_command_options(cmd, &o, longopts)) == -1)
		return usage_error("unknown command '%s'", cmd);
	if (code != EXIT_OK)
		return code;
	{
		/* Not "versions: cannot read ..." for a -C that is wrong. */
		struct stat st;

		if (stat(o.dir, &st) != 0)
			return usage_error("-C %s: %s", o.dir, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return usage_error("-C %s: not a directory", o.dir);
	}
	o.args = argv + optind + 1;
	o.nargs = argc - optind - 1;
	diags_init(&d);
	if (strcmp(cmd, "upgrade") == 0)
		code = cmd_script(1, &o, &d);
	else if (strcmp(cmd, "downgrade") == 0)
		code = cmd_script(0, &o, &d);
	else if (strcmp(cmd, "history") == 0 || strcmp(cmd, "heads") == 0 ||
	    strcmp(cmd, "branches") == 0 || strcmp(cmd, "show") == 0 ||
	    strcmp(cmd, "graph") == 0) {
		if (strcmp(cmd, "history") != 0 && strcmp(cmd, "show") != 0 &&
		    strcmp(cmd, "graph") != 0 && o.nargs > 0)
			code = usage_error("unexpected argument '%s'", o.args[0]);
		else
			code = cmd_info(cmd, &o, &d);
	} else if (strcmp(cmd, "schema") == 0)
		code = cmd_schema(&o, &d);
	else if (strcmp(cmd, "check") == 0 || strcmp(cmd, "lint") == 0) {
		if (o.nargs > 0)
			code = usage_error("unexpected argument '%s'", o.args[0]);
		else
			code = cmd_check(cmd[0] == 'l', &o, &d);
	} else if (strcmp(cmd, "bundle") == 0)
		code = cmd_bundle(0, &o, &d);
	else if (strcmp(cmd, "verify") == 0)
		code = cmd_bundle(1, &o, &d);
	else if (strcmp(cmd, "merge") == 0)
		code = cmd_new(1, &o, &d);
	else if (strcmp(cmd, "stamp") == 0)
		code = cmd_stamp(&o, &d);
	else if (strcmp(cmd, "import") == 0)
		code = cmd_import(&o, &d);
	else
		code = cmd_new(0, &o, &d);
	diags_free(&d);
	node_cleanup();
	lint_cleanup();
	model_cleanup();
	sqlpg_cleanup();
	value_cleanup();
	return code;
}
