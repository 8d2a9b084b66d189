/*
 * common.h -- shared helpers for the libFuzzer harnesses in tests/fuzz/
 * (built by tests/fuzz/run.sh, never by make check).
 *
 * Every helper is static so that each harness is one translation unit with
 * the library sources.  What a harness builds once (shipped dialects, fixed
 * chains, a temporary directory) lives in static storage for the whole
 * process: LeakSanitizer sees it as reachable, not leaked.  Everything a
 * single input allocates is freed before LLVMFuzzerTestOneInput returns.
 *
 * MIGSQL_FUZZ_SRCDIR (a -D from run.sh) is the absolute path of the source
 * tree: the dialects and examples are read from there.
 */
#ifndef MIGSQL_FUZZ_COMMON_H
#define MIGSQL_FUZZ_COMMON_H

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migsql/chain.h"
#include "migsql/client.h"
#include "migsql/diag.h"
#include "migsql/diagfmt.h"
#include "migsql/dialect.h"
#include "migsql/emit.h"
#include "migsql/lint.h"
#include "migsql/load.h"
#include "migsql/model.h"
#include "migsql/node.h"
#include "migsql/plan.h"
#include "migsql/render.h"
#include "migsql/util.h"

#ifndef MIGSQL_FUZZ_SRCDIR
#error "build with -DMIGSQL_FUZZ_SRCDIR='\"/abs/path/to/source\"'"
#endif

/*
 * The oracle of the whole-script check (client.h).  emit_script() and
 * emit_schema() read every script they render with client_check_script()
 * and refuse to write one that psql or sqlite3 would read otherwise than
 * the frame means; emit_write() refuses text that still holds a mark.
 * Every input was checked before it reached a script, so such a refusal
 * is a bug of migsql (or of a dialect file that dialect_load() should
 * have refused): the harness prints it with its input and aborts, for
 * libFuzzer to keep the input.
 */
static const char *const fuzz_refusals[] = {
	"refusing to write the script:",
	"refusing to write text that the whole-script check did not read",
	NULL
};

/* The current input, for the oracle's report (fuzz_set_input()). */
static const uint8_t *fuzz_input;
static size_t fuzz_input_size;
/* What else the report says (fuzz_dialect.c: whose bug it is), or NULL. */
static const char *fuzz_oracle_note;

/* Each harness calls this first in LLVMFuzzerTestOneInput(). */
static void
fuzz_set_input(const uint8_t *data, size_t size)
{
	fuzz_input = data;
	fuzz_input_size = size;
}

/* Writes n bytes of s to fp as a C string literal's contents. */
static void
fuzz_print_escaped(FILE *fp, const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '\\' || c == '"')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n\"\n  \"", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c >= 0x7f)
			/* Octal: a hex escape would run into the next digit. */
			fprintf(fp, "\\%03o", c);
		else
			fputc(c, fp);
	}
}

/*
 * Prints what the oracle found (what: the step that refused, message: its
 * error), the note, the diagnostics and the input, then aborts.
 */
static void
fuzz_oracle_fail(const char *what, const char *message,
    const struct diags *d)
{
	fputs("\n=== migsql fuzz oracle: ", stderr);
	diag_fputs(what, stderr);
	fputs(" ===\n", stderr);
	if (message != NULL) {
		fputs("message: ", stderr);
		diag_fputs(message, stderr);
		fputc('\n', stderr);
	}
	if (fuzz_oracle_note != NULL)
		fprintf(stderr, "note: %s\n", fuzz_oracle_note);
	if (d != NULL && d->len > 0) {
		fputs("diagnostics:\n", stderr);
		diags_print(d, stderr);
	}
	fprintf(stderr, "input (%zu bytes):\n  \"", fuzz_input_size);
	if (fuzz_input != NULL)
		fuzz_print_escaped(stderr, fuzz_input, fuzz_input_size);
	fputs("\"\n", stderr);
	abort();
}

/*
 * The oracle of `check --format=json|sarif` (diagfmt.h): d written in both
 * forms must parse back with Jansson, with one JSON line per error,
 * warning and lone note, and one SARIF result for each in all.  Aborts
 * otherwise.
 */
static void
fuzz_check_findings(const struct diags *d)
{
	struct diagfmt_run run;
	char *buf = NULL, *p, *nl;
	size_t len = 0, i, findings = 0, lines = 0, results = 0;
	json_error_t err;
	json_t *v;
	FILE *fp;

	for (i = 0; i < d->len; i++)
		if (d->items[i].severity != SEV_NOTE || d->items[i].alone)
			findings++;
	fp = open_memstream(&buf, &len);
	if (fp == NULL || diags_write_json(d, fp) != 0 || fclose(fp) != 0)
		fuzz_oracle_fail("diags_write_json", "could not write", d);
	for (p = buf; (nl = strchr(p, '\n')) != NULL; p = nl + 1, lines++) {
		if ((v = json_loadb(p, (size_t)(nl - p), 0, &err)) == NULL)
			fuzz_oracle_fail("diags_write_json", err.text, d);
		json_decref(v);
	}
	if (*p != '\0' || lines != findings)
		fuzz_oracle_fail("diags_write_json", "not one line per finding",
		    d);
	free(buf);
	memset(&run, 0, sizeof run);
	run.dialect = "fuzz";
	fp = open_memstream(&buf, &len);
	if (fp == NULL || diags_write_sarif(d, &run, 1, "file:///p/", fp) !=
	    0 || fclose(fp) != 0)
		fuzz_oracle_fail("diags_write_sarif", "could not write", d);
	if ((v = json_loads(buf, 0, &err)) == NULL)
		fuzz_oracle_fail("diags_write_sarif", err.text, d);
	results = json_array_size(json_object_get(json_array_get(
	    json_object_get(v, "runs"), 0), "results"));
	json_decref(v);
	free(buf);
	if (results != findings)
		fuzz_oracle_fail("diags_write_sarif", "not one result per "
		    "finding", d);
}

/*
 * The oracle after emit_script() or emit_schema(): aborts when d holds a
 * refusal of the whole-script check, or when out (may be NULL) holds a
 * mark, which emit_write() would refuse.  fmt and what follows name the
 * call for the report.  Call it before anything else that may abort on
 * the same result, so that the report is this one.
 */
static void
fuzz_check_emitted(const struct diags *d, const struct strbuf *out,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
fuzz_check_emitted(const struct diags *d, const struct strbuf *out,
    const char *fmt, ...)
{
	const char *msg = NULL;
	char what[512];
	va_list ap;
	size_t i, j;

	for (i = 0; i < d->len && msg == NULL; i++) {
		if (d->items[i].severity != SEV_ERROR)
			continue;
		for (j = 0; fuzz_refusals[j] != NULL && msg == NULL; j++)
			if (strncmp(d->items[i].message, fuzz_refusals[j],
			    strlen(fuzz_refusals[j])) == 0)
				msg = d->items[i].message;
	}
	if (msg == NULL && out != NULL && out->len > 0 &&
	    memchr(out->buf, CLIENT_MARK, out->len) != NULL)
		msg = "refusing to write text that the whole-script check did "
		    "not read (the output holds a byte 0xFF: a mark left in it)";
	if (msg == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	fuzz_oracle_fail(what, msg, d);
}

/* The dialect names revisions may use as keys (load_options). */
static const char *const fuzz_dialect_names[] = { "postgresql", "sqlite",
	"mariadb",
	NULL };

static void
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz harness setup: %s\n", what);
	abort();
}

/* Loads dialects/NAME.yaml of the source tree into *dl, or aborts. */
static void
fuzz_load_dialect(struct dialect *dl, const char *name)
{
	struct diags d;
	char *path = xasprintf("%s/dialects/%s.yaml", MIGSQL_FUZZ_SRCDIR, name);

	diags_init(&d);
	if (!dialect_load(dl, path, name, &d)) {
		diags_print(&d, stderr);
		fuzz_die(path);
	}
	diags_free(&d);
	free(path);
}

/*
 * Loads the project at dir (absolute) and its chain, as main() does with
 * the given load options' vars taken from the project.  Aborts unless the
 * chain is valid and without errors.
 */
static void
fuzz_load_project_chain(const char *dir, struct project *proj,
    struct chain *c)
{
	struct load_options lo = { fuzz_dialect_names, NULL };
	struct revision **revs;
	struct diags d;
	size_t n;

	diags_init(&d);
	memset(c, 0, sizeof *c);
	if (!project_load(proj, dir, &d))
		fuzz_die(dir);
	lo.vars = &proj->vars;
	revisions_load(proj, &lo, &revs, &n, &d);
	if (!chain_build(c, revs, n, &d) || d.errors > 0) {
		diags_print(&d, stderr);
		fuzz_die(dir);
	}
	diags_free(&d);
}

/* A per-process temporary directory. */
static char fuzz_tmpdir[4096];
static char fuzz_tmpfile[4096];

static void
fuzz_tmp_cleanup(void)
{
	if (fuzz_tmpfile[0] != '\0')
		unlink(fuzz_tmpfile);
	if (fuzz_tmpdir[0] != '\0')
		rmdir(fuzz_tmpdir);
}

/*
 * Creates the temporary directory once, under $MIGSQL_FUZZ_TMPDIR (run.sh
 * sets it and removes it afterwards, also after a crash skipped atexit),
 * else /dev/shm when writable, else $TMPDIR or /tmp; the file NAME in it
 * is where fuzz_write_tmp() puts each input.  Removed at exit.
 */
static void
fuzz_tmp_init(const char *name)
{
	const char *base = getenv("MIGSQL_FUZZ_TMPDIR");

	if (base == NULL || *base == '\0') {
		base = getenv("TMPDIR");
		if (access("/dev/shm", W_OK) == 0)
			base = "/dev/shm";
		else if (base == NULL || *base == '\0')
			base = "/tmp";
	}
	snprintf(fuzz_tmpdir, sizeof fuzz_tmpdir, "%s/migsql-fuzz.XXXXXX",
	    base);
	if (mkdtemp(fuzz_tmpdir) == NULL)
		fuzz_die("mkdtemp");
	snprintf(fuzz_tmpfile, sizeof fuzz_tmpfile, "%s/%s", fuzz_tmpdir,
	    name);
	atexit(fuzz_tmp_cleanup);
}

/* Rewrites the temporary file with the input's bytes. */
static void
fuzz_write_tmp(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(fuzz_tmpfile, "wb");

	if (fp == NULL)
		fuzz_die(fuzz_tmpfile);
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		fuzz_die("fwrite");
	if (fclose(fp) != 0)
		fuzz_die("fclose");
}

/* The input as a NUL-terminated copy (as read_file() gives a file). */
static char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* plan_build() then emit_script() of range, as `migsql upgrade` does. */
static void
fuzz_emit_range(const struct chain *c, const struct dialect *dl,
    const struct project *proj, int upgrade, const char *range)
{
	struct diags d;
	struct plan p;
	struct strbuf out = STRBUF_INIT;

	diags_init(&d);
	if (plan_build(c, upgrade, range, &p, &d)) {
		emit_script(c, &p, dl, proj, "migsql fuzz", NULL, &out, &d);
		fuzz_check_emitted(&d, &out, "emit_script(), %s %s, dialect %s",
		    upgrade ? "upgrade" : "downgrade", range, dl->name);
	}
	plan_free(&p);
	strbuf_free(&out);
	diags_free(&d);
}

/*
 * Per-revision scripts as bundle renders them, from one schema walk, each
 * compared with the same script from a replay of its FROM's ancestors
 * from base: a difference in the SQL or in the errors is a bug in the walk
 * (or the journals under it), so it aborts for libFuzzer to keep.  At most
 * the first 32 revisions in chain order, to keep the runs fast.
 */
static void
fuzz_walk_matches_replay(const struct chain *c, const struct dialect *dl,
    const struct project *proj)
{
	struct schema_walk *w = schema_walk_new(c, 1, 1);
	struct strbuf range = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct strbuf cmd = STRBUF_INIT;
	size_t k, j, up;

	for (k = 0; k < c->n && k < 32; k++) {
		const struct chain_node *nd = &c->nodes[c->order[k]];

		for (up = 0; up < 2; up++) {
			struct diags da, db;
			struct plan p;
			int oka = 0, okb = 0;

			strbuf_reset(&range);
			if (!up)
				strbuf_addf(&range, "%s:", nd->rev->id);
			for (j = 0; j < nd->nparents; j++)
				strbuf_addf(&range, "%s%s", j ? "," : "",
				    c->nodes[nd->parents[j]].rev->id);
			if (nd->nparents == 0)
				strbuf_adds(&range, "base");
			if (up)
				strbuf_addf(&range, ":%s", nd->rev->id);
			diags_init(&da);
			diags_init(&db);
			strbuf_reset(&a);
			strbuf_reset(&b);
			/* The command as bundle writes it (emit parses it). */
			strbuf_reset(&cmd);
			strbuf_addf(&cmd, "migsql %s %s --dialect %s", up ?
			    "upgrade" : "downgrade", range.buf, dl->name);
			if (plan_build(c, (int)up, range.buf, &p, &da)) {
				oka = emit_script(c, &p, dl, proj, cmd.buf, w,
				    &a, &da);
				okb = emit_script(c, &p, dl, proj, cmd.buf, NULL,
				    &b, &db);
				fuzz_check_emitted(&da, &a, "emit_script() from "
				    "a schema walk, %s", cmd.buf);
				fuzz_check_emitted(&db, &b, "emit_script() from "
				    "a replay, %s", cmd.buf);
				if (oka != okb || da.errors != db.errors ||
				    (oka && strcmp(strbuf_str(&a),
				    strbuf_str(&b)) != 0))
					abort();
			}
			plan_free(&p);
			diags_free(&da);
			diags_free(&db);
		}
	}
	schema_walk_free(w);
	strbuf_free(&cmd);
	strbuf_free(&range);
	strbuf_free(&a);
	strbuf_free(&b);
}

/*
 * The rest of the pipeline over a valid chain with one dialect: the
 * upgrade and downgrade scripts of the whole chain, per-revision scripts
 * from a schema walk, `check` (every revision both ways, lint) and the
 * schema at the heads.
 */
static void
fuzz_pipeline(const struct chain *c, const struct dialect *dl,
    const struct project *proj)
{
	struct diags d;
	struct strbuf out = STRBUF_INIT;
	struct check_counts counts = { 0, 0 };

	if (!c->valid)
		return;
	fuzz_emit_range(c, dl, proj, 1, "base:heads");
	fuzz_emit_range(c, dl, proj, 0, "heads:base");
	fuzz_walk_matches_replay(c, dl, proj);
	diags_init(&d);
	render_check_chain(c, dl, proj, NULL, &d, &counts);
	fuzz_check_findings(&d);
	diags_free(&d);
	diags_init(&d);
	emit_schema(c, c->heads, c->nheads, dl, "migsql fuzz", &out, &d);
	fuzz_check_emitted(&d, &out, "emit_schema() at the heads, dialect %s",
	    dl->name);
	strbuf_free(&out);
	diags_free(&d);
	/* migsql stamp base:heads, with the schema check: the same oracle. */
	diags_init(&d);
	emit_stamp(c, NULL, 0, c->heads, c->nheads, 1, dl, proj,
	    "migsql fuzz stamp", &out, &d);
	fuzz_check_emitted(&d, &out, "emit_stamp() base:heads, dialect %s",
	    dl->name);
	strbuf_free(&out);
	diags_free(&d);
}

#endif /* MIGSQL_FUZZ_COMMON_H */
